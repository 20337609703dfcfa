//! The RFC 5912 PKIX modules (vectors/asn1-schema/modules/rfc5912/) compiled by
//! sg17-asn1-schema, decoding fuzzer bytes as `Certificate` and `CertificateList`
//! (PKIX1Explicit-2009) with DER and BER: real X.509 structure with open types resolved
//! through the EXTENSION and ALGORITHM object sets (X.681, X.682).
//!
//! Decoding never panics and is bounded; whatever is accepted passes
//! `conformance::check_decoding` (re-encodes to the same value; under DER the input was the
//! one DER encoding).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_asn1_schema::conformance::check_decoding;
use sg17_asn1_schema::{Rules, Schema, TypeId};
use std::sync::OnceLock;

macro_rules! module {
    ($name:literal) => {
        ($name, include_str!(concat!("../../vectors/asn1-schema/modules/rfc5912/", $name)))
    };
}

const MODULES: [(&str, &str); 7] = [
    module!("AlgorithmInformation-2009.asn"),
    module!("PKIX-CommonTypes-2009.asn"),
    module!("PKIX-X400Address-2009.asn"),
    module!("PKIX1-PSS-OAEP-Algorithms-2009.asn"),
    module!("PKIX1Explicit-2009.asn"),
    module!("PKIX1Implicit-2009.asn"),
    module!("PKIXAlgs-2009.asn"),
];

fn schema() -> &'static (Schema, [TypeId; 2]) {
    static S: OnceLock<(Schema, [TypeId; 2])> = OnceLock::new();
    S.get_or_init(|| {
        let s = Schema::from_sources(&MODULES).expect("RFC 5912 modules compile");
        let id = |n: &str| s.type_id(n).unwrap_or_else(|| panic!("no type {n}"));
        let ids = [id("Certificate"), id("CertificateList")];
        (s, ids)
    })
}

fuzz_target!(|data: &[u8]| {
    let (s, ids) = schema();
    for id in ids {
        for rules in [Rules::Der, Rules::Ber] {
            if let Err(e) = check_decoding(s, *id, data, rules) {
                panic!("{e}");
            }
        }
    }
});
