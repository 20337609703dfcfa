//! Schema-driven decoders (X.690 BER/CER/DER, X.691 PER and CANONICAL-PER, X.693 XER, X.696
//! OER/COER, X.697 JER) on the shipped modules of vectors/asn1-schema/modules/.
//!
//! Input: byte 0 picks the rules, byte 1 the module, byte 2 the type (high bit set: an index
//! into the module's types; otherwise the length of a type name that follows), the rest is
//! the encoding. For every input:
//! - decoding never panics (and is bounded: depth, item and length limits);
//! - a value that decodes re-encodes under the same rules, and the re-encoding decodes to the
//!   same value, DEFAULT components compared as absent and named-bit BIT STRINGs without
//!   their trailing 0 bits (X.680 22.7) (round trip);
//! - under the canonical rules (DER and CER, X.690 9-11; CANONICAL-PER, X.691 6; COER, X.696
//!   11) each value has one encoding, so an accepted input must equal its re-encoding.
//!
//! Known limitation, skipped explicitly: an unknown CHOICE extension alternative (X.691 23.8,
//! X.696 20) decodes to `Choice("", Open(octets))` without its index or tag, so such a value
//! cannot be re-encoded (docs/asn1-schema.md, "Not yet done").
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_asn1_schema::schema::Field;
use sg17_asn1_schema::{Kind, Rules, Schema, SchemaValue, TypeId};
use std::sync::OnceLock;

/// Selected by `data[0] % 11`; fuzz/seed.sh relies on this order.
const RULES: [Rules; 11] = [
    Rules::Uper,
    Rules::Aper,
    Rules::Cuper,
    Rules::Caper,
    Rules::Oer,
    Rules::Coer,
    Rules::Ber,
    Rules::Der,
    Rules::Cer,
    Rules::Jer,
    Rules::Xer,
];

/// Selected by `data[1] % 6`; fuzz/seed.sh relies on this order.
const MODULES: [(&str, &str); 6] = [
    ("x691-a1.asn", include_str!("../../vectors/asn1-schema/modules/x691-a1.asn")),
    ("x691-a2.asn", include_str!("../../vectors/asn1-schema/modules/x691-a2.asn")),
    ("x691-a3.asn", include_str!("../../vectors/asn1-schema/modules/x691-a3.asn")),
    ("x691-a4.asn", include_str!("../../vectors/asn1-schema/modules/x691-a4.asn")),
    ("sg17-coverage.asn", include_str!("../../vectors/asn1-schema/modules/sg17-coverage.asn")),
    ("sg17-x681.asn", include_str!("../../vectors/asn1-schema/modules/sg17-x681.asn")),
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

fn canonical(r: Rules) -> bool {
    matches!(r, Rules::Der | Rules::Cer | Rules::Cuper | Rules::Caper | Rules::Coer)
}

fn field_ty<'a>(mut fs: impl Iterator<Item = &'a Field>, n: &str) -> Option<TypeId> {
    fs.find(|f| f.name == n).map(|f| f.ty)
}

/// `v` with the trailing 0 bits of named-bit BIT STRINGs removed: X.680 22.7 makes them
/// insignificant, so `'0'B` and `''B` are the same value of such a type.
fn normalise(s: &Schema, id: TypeId, v: &SchemaValue, depth: usize) -> SchemaValue {
    if depth > 80 {
        return v.clone();
    }
    match (&s.get(id).kind, v) {
        (Kind::BitString(named), SchemaValue::BitString { bits, len }) if !named.is_empty() => {
            let mut len = *len;
            while len > 0 && !SchemaValue::bit(bits, len - 1) {
                len -= 1;
            }
            SchemaValue::BitString { bits: bits[..len.div_ceil(8)].to_vec(), len }
        }
        (Kind::Sequence(f) | Kind::Set(f), SchemaValue::Sequence(xs) | SchemaValue::Set(xs)) => {
            let xs = xs
                .iter()
                .map(|(n, x)| match field_ty(f.textual(), n) {
                    Some(t) => (n.clone(), normalise(s, t, x, depth + 1)),
                    None => (n.clone(), x.clone()),
                })
                .collect();
            if matches!(v, SchemaValue::Set(_)) { SchemaValue::Set(xs) } else { SchemaValue::Sequence(xs) }
        }
        (Kind::SequenceOf(e) | Kind::SetOf(e), SchemaValue::SequenceOf(xs) | SchemaValue::SetOf(xs)) => {
            let xs = xs.iter().map(|x| normalise(s, *e, x, depth + 1)).collect();
            if matches!(v, SchemaValue::SetOf(_)) {
                SchemaValue::SetOf(xs)
            } else {
                SchemaValue::SequenceOf(xs)
            }
        }
        (Kind::Choice { root, additions, .. }, SchemaValue::Choice(n, x)) => {
            match field_ty(root.iter().chain(additions.iter()), n) {
                Some(t) => SchemaValue::Choice(n.clone(), Box::new(normalise(s, t, x, depth + 1))),
                None => v.clone(),
            }
        }
        _ => v.clone(),
    }
}

/// Values compared through `Debug`, so that a NaN REAL equals itself and -0.0 differs from 0.0;
/// DEFAULT components as absent, named-bit BIT STRINGs without trailing 0 bits.
fn same(s: &Schema, id: TypeId, a: &SchemaValue, b: &SchemaValue) -> bool {
    let n = |v: &SchemaValue| format!("{:?}", normalise(s, id, &s.strip_defaults(id, v), 0));
    n(a) == n(b)
}

/// Whether `v` holds an unknown CHOICE extension alternative (empty alternative name).
fn unknown_alternative(v: &SchemaValue) -> bool {
    match v {
        SchemaValue::Choice(n, x) => n.is_empty() || unknown_alternative(x),
        SchemaValue::Sequence(f) | SchemaValue::Set(f) => f.iter().any(|(_, x)| unknown_alternative(x)),
        SchemaValue::SequenceOf(x) | SchemaValue::SetOf(x) => x.iter().any(unknown_alternative),
        _ => false,
    }
}

/// Whether `v` passes through an extensible SEQUENCE or SET: decoders drop unknown extension
/// additions there (X.680 52.7 lets them be ignored; the value model does not keep them, see
/// docs/asn1-schema.md), so an input that carried some re-encodes shorter.
fn extensible_sequence(s: &Schema, id: TypeId, v: &SchemaValue, depth: usize) -> bool {
    if depth > 80 {
        return false;
    }
    match (&s.get(id).kind, v) {
        (Kind::Sequence(f) | Kind::Set(f), SchemaValue::Sequence(xs) | SchemaValue::Set(xs)) => {
            f.extensible
                || xs.iter().any(|(n, x)| {
                    field_ty(f.textual(), n).is_some_and(|t| extensible_sequence(s, t, x, depth + 1))
                })
        }
        (Kind::SequenceOf(e) | Kind::SetOf(e), SchemaValue::SequenceOf(xs) | SchemaValue::SetOf(xs)) => {
            xs.iter().any(|x| extensible_sequence(s, *e, x, depth + 1))
        }
        (Kind::Choice { root, additions, .. }, SchemaValue::Choice(n, x)) => {
            field_ty(root.iter().chain(additions.iter()), n)
                .is_some_and(|t| extensible_sequence(s, t, x, depth + 1))
        }
        _ => false,
    }
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
    let Ok(v) = schema.decode_id(id, input, rules) else { return };
    if unknown_alternative(&v) {
        return;
    }
    let enc = match schema.encode_id(id, &v, rules) {
        Ok(e) => e,
        Err(e) => panic!("{rules}: accepted {v:?} but cannot re-encode it: {e}"),
    };
    // A longer input whose value went through an extensible SEQUENCE/SET may have carried
    // unknown extension additions, which the value does not keep; everything else must be the
    // one canonical encoding.
    let dropped_additions = input.len() > enc.len() && extensible_sequence(schema, id, &v, 0);
    if canonical(rules) && !dropped_additions {
        assert_eq!(enc, input, "{rules}: accepted an encoding other than the canonical one of {v:?}");
    }
    match schema.decode_id(id, &enc, rules) {
        Ok(back) => assert!(same(schema, id, &v, &back), "{rules}: {v:?} came back as {back:?}"),
        Err(e) => panic!("{rules}: own encoding of {v:?} rejected: {e}"),
    }
});
