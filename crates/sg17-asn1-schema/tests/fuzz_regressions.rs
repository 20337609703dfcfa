//! Replays the minimised findings of the `asn1_schema_*` fuzz targets kept in
//! `fuzz/regressions/<target>/` through the checks of those targets, so `cargo test` catches
//! a regression without a fuzzer.

use sg17_asn1_schema::schema::Field;
use sg17_asn1_schema::{Kind, Rules, Schema, SchemaValue, TypeId};
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions").join(target);
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "bin")).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Same order as `RULES` and `MODULES` in fuzz/fuzz_targets/asn1_schema_decode.rs.
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
const MODULES: [&str; 6] = ["x691-a1", "x691-a2", "x691-a3", "x691-a4", "sg17-coverage", "sg17-x681"];

fn unknown_alternative(v: &SchemaValue) -> bool {
    match v {
        SchemaValue::Choice(n, x) => n.is_empty() || unknown_alternative(x),
        SchemaValue::Sequence(f) | SchemaValue::Set(f) => f.iter().any(|(_, x)| unknown_alternative(x)),
        SchemaValue::SequenceOf(x) | SchemaValue::SetOf(x) => x.iter().any(unknown_alternative),
        _ => false,
    }
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

#[test]
fn asn1_schema_notation_findings_give_errors_inside_the_text() {
    let files = inputs("asn1_schema_notation");
    assert!(!files.is_empty());
    for f in files {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        if let Err(e) = Schema::from_source(&text, "fuzz.asn") {
            let lines = text.matches('\n').count() + 1;
            assert!((1..=lines).contains(&e.position.line), "{}: {e}", f.display());
        }
    }
}

#[test]
fn asn1_schema_decode_findings_round_trip() {
    let schemas: Vec<Schema> = MODULES
        .iter()
        .map(|m| {
            let p = format!("{}/../../vectors/asn1-schema/modules/{m}.asn", env!("CARGO_MANIFEST_DIR"));
            Schema::from_source(&std::fs::read_to_string(p).unwrap(), m).unwrap()
        })
        .collect();
    let files = inputs("asn1_schema_decode");
    assert!(!files.is_empty());
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let [r, m, t, rest @ ..] = data.as_slice() else { continue };
        let rules = RULES[usize::from(*r) % RULES.len()];
        let s = &schemas[usize::from(*m) % MODULES.len()];
        let ids: Vec<_> = s.types().map(|(_, _, id)| id).collect();
        let (id, input) = if t & 0x80 != 0 {
            (ids[usize::from(t & 0x7f) % ids.len()], rest)
        } else {
            let n = usize::from(*t);
            let Some(id) = rest.get(..n).and_then(|b| std::str::from_utf8(b).ok()).and_then(|n| s.type_id(n))
            else {
                continue;
            };
            (id, &rest[n..])
        };
        let Ok(v) = s.decode_id(id, input, rules) else { continue };
        if unknown_alternative(&v) {
            continue; // known limitation, docs/asn1-schema.md
        }
        let enc = s.encode_id(id, &v, rules).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        if matches!(rules, Rules::Der | Rules::Cer | Rules::Cuper | Rules::Caper | Rules::Coer) {
            assert_eq!(enc, input, "{}", f.display());
        }
        let back = s.decode_id(id, &enc, rules).unwrap();
        assert_eq!(
            format!("{:?}", normalise(s, id, &s.strip_defaults(id, &back), 0)),
            format!("{:?}", normalise(s, id, &s.strip_defaults(id, &v), 0)),
            "{}",
            f.display()
        );
    }
}
