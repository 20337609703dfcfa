//! The `asn1-schema` conformance-vector semantics (`vectors/asn1-schema/`, run by
//! `sg17 vectors run` and by this crate's tests).

use crate::{Rules, Schema};

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
