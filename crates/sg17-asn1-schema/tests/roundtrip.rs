//! Property tests: random values of every type of the coverage module round-trip through
//! every rule, re-encoding a decoded value reproduces the octets (canonical rules are
//! unique), and random input never makes a decoder panic.

use proptest::prelude::*;
use sg17_asn1_schema::parser::ast::StringType;
use sg17_asn1_schema::schema::{Field, Interval};
use sg17_asn1_schema::{Kind, Name, Rules, Schema, SchemaValue, TypeId};
use std::sync::OnceLock;

fn all_schemas() -> &'static Vec<Schema> {
    static S: OnceLock<Vec<Schema>> = OnceLock::new();
    S.get_or_init(|| {
        ["x691-a1", "x691-a2", "x691-a3", "x691-a4", "sg17-coverage", "sg17-x681"]
            .iter()
            .map(|m| {
                let p = format!("{}/../../vectors/asn1-schema/modules/{m}.asn", env!("CARGO_MANIFEST_DIR"));
                Schema::from_source(&std::fs::read_to_string(&p).unwrap(), m).unwrap()
            })
            .collect()
    })
}

fn schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    S.get_or_init(|| {
        let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/asn1-schema/modules/sg17-coverage.asn");
        Schema::from_source(&std::fs::read_to_string(p).unwrap(), "sg17-coverage.asn").unwrap()
    })
}

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

fn size(r: &mut Rng, c: Option<Interval>, max: i128, depth: usize) -> usize {
    let lb = c.and_then(|c| c.lb).unwrap_or(0);
    let ub = c.and_then(|c| c.ub).unwrap_or(lb + max).min(lb + max);
    let n = if depth > 3 { lb } else { lb + r.below((ub - lb + 1) as u64) as i128 };
    n as usize
}

fn alphabet(s: StringType) -> Vec<char> {
    match s {
        StringType::Numeric => " 0123456789".chars().collect(),
        StringType::Printable => "ABCxyz019 '()+,-./:=?".chars().collect(),
        StringType::Ia5 => ('\0'..='\x7f').collect(),
        StringType::Bmp => "aZ\u{e9}\u{4e2d}".chars().collect(),
        StringType::Utf8 => "a\u{e9}\u{4e2d}\u{1F600}".chars().collect(),
        _ => (' '..='~').collect(),
    }
}

fn fields(s: &Schema, r: &mut Rng, fs: &[Field], out: &mut Vec<(Name, SchemaValue)>, depth: usize) {
    for f in fs {
        if !f.optional || (r.coin() && depth < 4) {
            out.push((f.name.clone(), random_value(s, f.ty, r, depth + 1)));
        }
    }
}

fn random_value(s: &Schema, id: TypeId, r: &mut Rng, depth: usize) -> SchemaValue {
    let t = s.get(id);
    let c = &t.constraints;
    match &t.kind {
        Kind::Boolean => SchemaValue::Boolean(r.coin()),
        Kind::Null => SchemaValue::Null,
        Kind::Integer(_) => SchemaValue::Integer(match c.value.map(|v| (v.lb, v.ub)) {
            Some((Some(lb), Some(ub))) => lb + r.below((ub - lb + 1) as u64) as i128,
            Some((Some(lb), None)) => lb + r.below(1 << 40) as i128,
            _ => r.next() as i64 as i128,
        }),
        Kind::Enumerated { root, ext } => {
            let all: Vec<_> = root.iter().chain(ext.iter().flatten()).collect();
            SchemaValue::Enumerated(all[r.below(all.len() as u64) as usize].0.clone())
        }
        Kind::BitString(named) => {
            let len = size(r, c.size, 40, depth);
            let mut bits: Vec<u8> = (0..len.div_ceil(8)).map(|_| r.next() as u8).collect();
            if !len.is_multiple_of(8) {
                let last = bits.len() - 1;
                bits[last] &= 0xFF << (8 - len % 8);
            }
            if !named.is_empty() && len > 0 {
                bits[(len - 1) / 8] |= 0x80 >> ((len - 1) % 8); // no trailing zero bit
            }
            SchemaValue::BitString { bits, len }
        }
        Kind::OctetString => {
            SchemaValue::OctetString((0..size(r, c.size, 300, depth)).map(|_| r.next() as u8).collect())
        }
        Kind::ObjectIdentifier => {
            let mut arcs = vec![r.below(3) as u128, r.below(40) as u128];
            for _ in 0..r.below(4) {
                arcs.push(u128::from(r.next() as u32));
            }
            SchemaValue::ObjectIdentifier(arcs)
        }
        Kind::String(st) => {
            let a = c.alphabet.clone().unwrap_or_else(|| alphabet(*st));
            let n = size(r, c.size, 20, depth);
            SchemaValue::String((0..n).map(|_| a[r.below(a.len() as u64) as usize]).collect())
        }
        Kind::Sequence(f) | Kind::Set(f) => {
            let mut out = Vec::new();
            fields(s, r, &f.root[..f.root2_at], &mut out, depth);
            for g in &f.additions {
                if r.coin() && depth < 4 {
                    let mut gv = Vec::new();
                    fields(s, r, &g.fields, &mut gv, depth);
                    if g.is_group && gv.is_empty() {
                        continue;
                    }
                    out.extend(gv);
                }
            }
            fields(s, r, &f.root[f.root2_at..], &mut out, depth);
            if matches!(t.kind, Kind::Set(_)) { SchemaValue::Set(out) } else { SchemaValue::Sequence(out) }
        }
        Kind::Choice { root, additions, .. } => {
            let all: Vec<&Field> = root.iter().chain(additions.iter()).collect();
            let f = all[r.below(all.len() as u64) as usize];
            SchemaValue::Choice(f.name.clone(), Box::new(random_value(s, f.ty, r, depth + 1)))
        }
        Kind::SequenceOf(e) | Kind::SetOf(e) => {
            let items = (0..size(r, c.size, 4, depth)).map(|_| random_value(s, *e, r, depth + 1)).collect();
            if matches!(t.kind, Kind::SequenceOf(_)) {
                SchemaValue::SequenceOf(items)
            } else {
                SchemaValue::SetOf(items)
            }
        }
        Kind::Real | Kind::RelativeOid | Kind::Open(_) | Kind::Placeholder => SchemaValue::Null,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_rule_round_trips_and_reencodes_identically(seed in any::<u64>()) {
        let s = schema();
        let mut r = Rng(seed | 1);
        for (_, name, id) in s.types() {
            let v = random_value(s, id, &mut r, 0);
            for rules in Rules::ALL {
                let enc = s.encode_id(id, &v, rules).map_err(|e| TestCaseError::fail(format!("{name} {rules}: {e} for {v:?}")))?;
                let back = s.decode_id(id, &enc, rules).map_err(|e| TestCaseError::fail(format!("{name} {rules}: {e}")))?;
                // The canonical rules sort SET OF values (X.690 11.6, X.691 22.1, X.696 19):
                // compare re-encodings only.
                if !rules.is_canonical() {
                    prop_assert_eq!(s.strip_defaults(id, &back), s.strip_defaults(id, &v), "{} {}", name, rules);
                }
                let again = s.encode_id(id, &back, rules).unwrap();
                prop_assert_eq!(again, enc, "{} {}", name, rules);
            }
        }
    }

    #[test]
    fn random_input_never_panics(data in proptest::collection::vec(any::<u8>(), 0..64)) {
        for s in all_schemas() {
            for (_, _, id) in s.types() {
                for rules in Rules::ALL {
                    let _ = s.decode_id(id, &data, rules);
                }
            }
        }
    }

    #[test]
    fn random_text_never_panics_the_notation_parser(text in "[A-Za-z0-9 {}()\\[\\],.:;|^<>!@&'\"=*-]{0,200}") {
        let src = format!("M DEFINITIONS ::= BEGIN {text} END");
        let _ = Schema::from_source(&src, "fuzz.asn");
        let _ = Schema::from_source(&text, "fuzz.asn");
    }

    #[test]
    fn mutated_modules_never_panic_the_compiler(pos in any::<usize>(), byte in any::<u8>(), cut in any::<bool>()) {
        let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/asn1-schema/modules/sg17-x681.asn");
        let mut src = std::fs::read(p).unwrap();
        let i = pos % src.len();
        if cut { src.truncate(i) } else { src[i] = byte }
        let _ = Schema::from_source(&String::from_utf8_lossy(&src), "mutated.asn");
    }
}
