//! Schema-driven decoders (X.690 BER/CER/DER, X.691 PER and CANONICAL-PER, X.693 XER, X.696
//! OER/COER, X.697 JER) on the shipped modules of vectors/asn1-schema/modules/.
//!
//! Input: byte 0 picks the rules (`conformance::RULES`), byte 1 the module, byte 2 the type
//! (high bit set: an index into the module's types; otherwise the length of a type name that
//! follows), the rest is the encoding. Decoding never panics and is bounded (depth, item and
//! length limits); whatever is accepted passes `conformance::check_decoding`: it re-encodes
//! under the same rules to the same value, and under the canonical rules the input was the one
//! canonical encoding (see that function for the exceptions the value model imposes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_asn1_schema::conformance::{RULES, check_decoding};
use sg17_asn1_schema::{Schema, TypeId};
use std::sync::OnceLock;

/// Selected by `data[1] % 7`; fuzz/seed.sh and the replay of fuzz/regressions/ in
/// crates/sg17-asn1-schema/tests/fuzz_regressions.rs rely on this order.
const MODULES: [(&str, &str); 7] = [
    ("x691-a1.asn", include_str!("../../vectors/asn1-schema/modules/x691-a1.asn")),
    ("x691-a2.asn", include_str!("../../vectors/asn1-schema/modules/x691-a2.asn")),
    ("x691-a3.asn", include_str!("../../vectors/asn1-schema/modules/x691-a3.asn")),
    ("x691-a4.asn", include_str!("../../vectors/asn1-schema/modules/x691-a4.asn")),
    ("sg17-coverage.asn", include_str!("../../vectors/asn1-schema/modules/sg17-coverage.asn")),
    ("sg17-x681.asn", include_str!("../../vectors/asn1-schema/modules/sg17-x681.asn")),
    ("sg17-constraints.asn", include_str!("../../vectors/asn1-schema/modules/sg17-constraints.asn")),
];

fn schemas() -> &'static [(Schema, Vec<TypeId>)] {
    static S: OnceLock<Vec<(Schema, Vec<TypeId>)>> = OnceLock::new();
    S.get_or_init(|| {
        MODULES
            .iter()
            .map(|(name, src)| {
                let s = Schema::from_source(src, name).expect("shipped module compiles");
                let ids = s.types().map(|(_, _, id)| id).collect();
                (s, ids)
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let [r, m, t, rest @ ..] = data else { return };
    let rules = RULES[usize::from(*r) % RULES.len()];
    let (schema, ids) = &schemas()[usize::from(*m) % MODULES.len()];
    let (id, input) = if t & 0x80 != 0 {
        (ids[usize::from(t & 0x7f) % ids.len()], rest)
    } else {
        let n = usize::from(*t);
        let Some(name) = rest.get(..n).and_then(|b| std::str::from_utf8(b).ok()) else { return };
        let Some(id) = schema.type_id(name) else { return };
        (id, &rest[n..])
    };
    if let Err(e) = check_decoding(schema, id, input, rules) {
        panic!("{e}");
    }
});
