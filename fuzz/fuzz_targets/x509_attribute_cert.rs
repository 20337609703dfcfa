//! sg17-x509 attribute certificate parsing (RFC 5755 4.1 / X.509 clause 12.1) on arbitrary
//! input: never panics, and every accessor, decoded attribute and extension, problem list, text
//! and JSON output of an accepted attribute certificate runs to completion.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_x509::{AttributeCertificate, Limits, SubjectPublicKeyInfo, attribute_cert_to_json, text};

const AA_KEY: &[u8] = include_bytes!("../../vectors/x509/ac/aa-ed25519.spki.der");

fuzz_target!(|data: &[u8]| {
    if let Ok(ac) = AttributeCertificate::from_der_with(data, &Limits::default()) {
        let _ = ac.holder();
        let _ = ac.issuer();
        let _ = ac.serial_hex();
        for a in ac.attributes() {
            let _ = a.parsed_values();
        }
        for e in ac.extensions().iter() {
            let _ = ac.extension(&e);
        }
        let _ = ac.problems();
        let _ = text::attribute_certificate(&ac);
        let _ = attribute_cert_to_json(&ac);
        // Verification with the bundled attribute-authority key must not panic either.
        if let Ok(key) = SubjectPublicKeyInfo::from_der(AA_KEY) {
            let _ = ac.verify_signature(&key);
        }
    }
});
