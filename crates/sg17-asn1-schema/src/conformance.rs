//! The `asn1-schema` conformance-vector semantics (`vectors/asn1-schema/`, run by
//! `sg17 vectors run` and by this crate's tests).

use crate::schema::Field;
use crate::{Kind, Rules, Schema, SchemaValue, TypeId};

/// Compiles the `spec` of a vector, a path relative to the vector directory `base`: one module
/// file, or a directory whose `*.asn` files (in name order) form one multi-module schema
/// (`Schema::from_sources`; e.g. `modules/etsi-its`). Sources are named `spec/file`.
///
/// # Errors
/// A message naming the file that cannot be read or the notation error.
pub fn load_spec(base: &std::path::Path, spec: &str) -> Result<Schema, String> {
    let path = base.join(spec);
    let files = if path.is_dir() {
        let mut names: Vec<String> = std::fs::read_dir(&path)
            .map_err(|e| format!("reading {spec}: {e}"))?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".asn"))
            .collect();
        names.sort();
        names.into_iter().map(|n| (path.join(&n), format!("{spec}/{n}"))).collect()
    } else {
        vec![(path, spec.to_owned())]
    };
    let mut texts = Vec::with_capacity(files.len());
    for (p, name) in files {
        texts.push((name.clone(), std::fs::read_to_string(&p).map_err(|e| format!("reading {name}: {e}"))?));
    }
    let sources: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    Schema::from_sources(&sources).map_err(|e| format!("compiling {spec}: {e}"))
}

/// Checks one vector: the value (JER JSON, X.697) of type `ty` must encode under `rules` to
/// exactly `input` (JER: the same JSON; XER: sg17's canonical XER must read back as the
/// value, since XER has many equivalent texts), and `input` must decode to the value (compared
/// with DEFAULT-valued components removed on both sides, as an absent DEFAULT component means
/// the default).
///
/// ```
/// use sg17_asn1_schema::{Rules, Schema, conformance::check};
/// let s = Schema::from_source("M DEFINITIONS ::= BEGIN T ::= INTEGER (0..255) END", "m.asn").unwrap();
/// assert!(check(&s, "T", Rules::Uper, &[0x05], &serde_json::json!(5)).is_ok());
/// assert!(check(&s, "T", Rules::Uper, &[0x06], &serde_json::json!(5)).is_err());
/// ```
pub fn check(
    schema: &Schema,
    ty: &str,
    rules: Rules,
    input: &[u8],
    value: &serde_json::Value,
) -> Result<(), String> {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let value = schema.value_from_json(ty, value).map_err(|e| format!("value: {e}"))?;
    let id = schema.type_id(ty).ok_or_else(|| format!("no type {ty}"))?;
    let same = |d: &crate::SchemaValue| schema.strip_defaults(id, d) == schema.strip_defaults(id, &value);
    let enc = schema.encode(ty, &value, rules).map_err(|e| format!("encode: {e}"))?;
    if rules == Rules::Xer {
        match schema.decode(ty, &enc, rules) {
            Ok(d) if same(&d) => {}
            other => {
                return Err(format!("own XER {} reads back as {other:?}", String::from_utf8_lossy(&enc)));
            }
        }
    } else if rules.is_text() {
        let a: serde_json::Value = serde_json::from_slice(&enc).map_err(|e| format!("own JER: {e}"))?;
        let b: serde_json::Value = serde_json::from_slice(input).map_err(|e| format!("input JER: {e}"))?;
        if a != b {
            return Err(format!("encode: got {a} want {b}"));
        }
    } else if enc != input {
        return Err(format!("encode: got {} want {}", hex(&enc), hex(input)));
    }
    match schema.decode(ty, input, rules) {
        Ok(d) if same(&d) => Ok(()),
        Ok(d) => Err(format!("decode: got {d:?}")),
        Err(e) => Err(format!("decode: {e}")),
    }
}

/// Every rule the codecs implement, in a fixed order: the `asn1_schema_*` fuzz targets pick a
/// rule by indexing this array with an input byte, and `fuzz/seed.sh` and the replay of
/// `fuzz/regressions/` rely on the order.
pub const RULES: [Rules; 11] = [
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

/// Checks what a decoder does with `input` as a value of type `id` under `rules`: returns
/// `Ok(None)` if the decoder rejects it and `Ok(Some(value))` if it accepts it consistently,
/// that is:
/// - the value re-encodes under the same rules, and the re-encoding decodes to the same value
///   (compared with [`same_value`]);
/// - under the canonical rules ([`Rules::is_canonical`]: DER and CER, X.690 9-11;
///   CANONICAL-PER, X.691 6; CANONICAL-OER, X.696) each value has one encoding, so `input` must be
///   that encoding — unless it went through an extensible SEQUENCE or SET and is longer than
///   the re-encoding, since unknown extension additions are accepted and dropped (X.680 52.7;
///   the value model does not keep them).
///
/// An unknown CHOICE extension alternative (X.691 23.8, X.696 20) decodes without its index or
/// tag and cannot be re-encoded: such a value is returned without the round trip.
///
/// This is the property the `asn1_schema_decode` fuzz target checks on every input.
///
/// ```
/// use sg17_asn1_schema::{Rules, Schema, conformance::check_decoding};
/// let s = Schema::from_source("M DEFINITIONS ::= BEGIN T ::= INTEGER END", "m.asn").unwrap();
/// let t = s.type_id("T").unwrap();
/// // COER: 2-octet length prefix then 0x0005 — not the minimal (canonical) form, rejected.
/// assert_eq!(check_decoding(&s, t, &[0x02, 0x00, 0x05], Rules::Coer), Ok(None));
/// assert!(check_decoding(&s, t, &[0x01, 0x05], Rules::Coer).unwrap().is_some());
/// ```
///
/// # Errors
/// A message naming the inconsistency: an accepted value that cannot be re-encoded, a
/// re-encoding that is rejected or decodes to another value, or a non-canonical input accepted
/// under canonical rules.
pub fn check_decoding(
    schema: &Schema,
    id: TypeId,
    input: &[u8],
    rules: Rules,
) -> Result<Option<SchemaValue>, String> {
    let Ok(v) = schema.decode_id(id, input, rules) else { return Ok(None) };
    if unknown_alternative(&v) {
        return Ok(Some(v));
    }
    let enc = schema
        .encode_id(id, &v, rules)
        .map_err(|e| format!("{rules}: accepted {v:?} but cannot re-encode it: {e}"))?;
    let dropped_additions = input.len() > enc.len() && extensible_sequence(schema, id, &v, 0);
    if rules.is_canonical() && !dropped_additions && enc != input {
        return Err(format!(
            "{rules}: accepted {input:02x?}, not the canonical encoding {enc:02x?} of {v:?}"
        ));
    }
    match schema.decode_id(id, &enc, rules) {
        Ok(back) if same_value(schema, id, &v, &back) => Ok(Some(v)),
        Ok(back) => Err(format!("{rules}: {v:?} came back as {back:?}")),
        Err(e) => Err(format!("{rules}: own encoding of {v:?} rejected: {e}")),
    }
}

/// Whether `a` and `b` are the same abstract value of type `id`: DEFAULT components compared
/// as absent, and the trailing 0 bits of named-bit BIT STRINGs ignored (X.680 22.7). Compared
/// through `Debug`, so that a NaN REAL equals itself and -0.0 differs from 0.0.
#[must_use]
pub fn same_value(schema: &Schema, id: TypeId, a: &SchemaValue, b: &SchemaValue) -> bool {
    let n = |v: &SchemaValue| format!("{:?}", normalise(schema, id, &schema.strip_defaults(id, v), 0));
    n(a) == n(b)
}

/// Recursion ceiling of the helpers below; decoded values are bounded deeper than this by the
/// codecs' own depth limit, and beyond it values are compared as they are.
const WALK_DEPTH: usize = 80;

fn field_ty<'a>(mut fs: impl Iterator<Item = &'a Field>, n: &str) -> Option<TypeId> {
    fs.find(|f| &*f.name == n).map(|f| f.ty)
}

/// `v` with the trailing 0 bits of named-bit BIT STRINGs removed: X.680 22.7 makes them
/// insignificant, so `'0'B` and `''B` are the same value of such a type.
fn normalise(s: &Schema, id: TypeId, v: &SchemaValue, depth: usize) -> SchemaValue {
    if depth > WALK_DEPTH {
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

/// Whether `v` holds an unknown CHOICE extension alternative (empty alternative name).
fn unknown_alternative(v: &SchemaValue) -> bool {
    match v {
        SchemaValue::Choice(n, x) => n.is_empty() || unknown_alternative(x),
        SchemaValue::Sequence(f) | SchemaValue::Set(f) => f.iter().any(|(_, x)| unknown_alternative(x)),
        SchemaValue::SequenceOf(x) | SchemaValue::SetOf(x) => x.iter().any(unknown_alternative),
        _ => false,
    }
}

/// Whether `v` passes through an extensible SEQUENCE or SET, where decoders drop unknown
/// extension additions.
fn extensible_sequence(s: &Schema, id: TypeId, v: &SchemaValue, depth: usize) -> bool {
    if depth > WALK_DEPTH {
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
