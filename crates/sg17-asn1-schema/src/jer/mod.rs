//! JSON Encoding Rules (X.697): schema values to and from JSON text.

use crate::error::CodecError;
use crate::schema::{Kind, Schema, TypeId};
use crate::value::SchemaValue;
use serde_json::{Map, Value as Json, json};

fn hex_upper(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

fn err(m: impl Into<String>, clause: &'static str) -> CodecError {
    CodecError::new("JER", 0, clause, m)
}

/// The JER encoding of `v` as a JSON value (X.697 clauses 18-33).
///
/// # Errors
/// The value does not match the type.
pub fn to_json(schema: &Schema, id: TypeId, v: &SchemaValue) -> Result<Json, CodecError> {
    to_json_depth(schema, id, v, 0)
}

fn to_json_depth(schema: &Schema, id: TypeId, v: &SchemaValue, depth: usize) -> Result<Json, CodecError> {
    if depth > crate::MAX_DEPTH {
        return Err(err("value nested too deeply", "X.697 8"));
    }
    let t = schema.get(id);
    Ok(match (&t.kind, v) {
        (Kind::Boolean, SchemaValue::Boolean(b)) => json!(b),
        (Kind::Null, SchemaValue::Null) => Json::Null,
        (Kind::Integer(_), SchemaValue::Integer(i)) => {
            if let Ok(x) = i64::try_from(*i) {
                json!(x)
            } else if let Ok(x) = u64::try_from(*i) {
                json!(x)
            } else {
                big_number(&i.to_string())?
            }
        }
        (Kind::Integer(_), SchemaValue::BigInteger(o)) if v.big_octets().is_some() => {
            big_number(&crate::value::octets_to_decimal(o))?
        }
        (Kind::Enumerated { .. }, SchemaValue::Enumerated(n)) => json!(&**n),
        (Kind::Real, SchemaValue::Real(r)) => {
            if r.is_nan() {
                json!("NaN")
            } else if r.is_infinite() {
                json!(if *r > 0.0 { "INF" } else { "-INF" })
            } else if *r == 0.0 && r.is_sign_negative() {
                json!("-0")
            } else {
                json!(r)
            }
        }
        (Kind::BitString(named), SchemaValue::BitString { bits, len }) => {
            if let Some(m) = SchemaValue::short_bits(bits, *len) {
                return Err(err(m, "X.697 (BIT STRING)"));
            }
            let (kept, len) = crate::value::fit_named_bits(!named.is_empty(), bits, *len, t.constraints.size);
            let hex = hex_upper(&SchemaValue::bit_octets(bits, kept, len));
            match t.constraints.size {
                Some(s) if s.lb.is_some() && s.lb == s.ub => json!(hex),
                _ => json!({"value": hex, "length": len}),
            }
        }
        (Kind::OctetString, SchemaValue::OctetString(o)) => json!(hex_upper(o)),
        // A table-constrained open type holds its JSON value (X.697); others hex.
        (Kind::Open(_), SchemaValue::Open(o)) if t.table.is_some() => serde_json::from_slice(o)
            .map_err(|e| err(format!("open type value is not JSON: {e}"), "X.697 (open type)"))?,
        (Kind::Open(_), SchemaValue::Open(o)) => json!(hex_upper(o)),
        (Kind::ObjectIdentifier, SchemaValue::ObjectIdentifier(a))
        | (Kind::RelativeOid, SchemaValue::RelativeOid(a)) => {
            json!(a.iter().map(u128::to_string).collect::<Vec<_>>().join("."))
        }
        (Kind::String(k), SchemaValue::String(s)) => {
            crate::ber::check_chars(*k, s).map_err(|m| err(m, "X.697 22"))?;
            json!(s)
        }
        (Kind::Sequence(f) | Kind::Set(f), SchemaValue::Sequence(vals) | SchemaValue::Set(vals)) => {
            let mut m = Map::new();
            for x in f.textual() {
                if let Some((_, val)) = vals.iter().find(|(n, _)| *n == x.name) {
                    m.insert(
                        x.name.to_string(),
                        to_json_depth(schema, x.ty, val, depth + 1).map_err(|e| e.in_path(&x.name))?,
                    );
                }
            }
            Json::Object(m)
        }
        (
            Kind::SequenceOf(e) | Kind::SetOf(e),
            SchemaValue::SequenceOf(items) | SchemaValue::SetOf(items),
        ) => Json::Array(
            items.iter().map(|x| to_json_depth(schema, *e, x, depth + 1)).collect::<Result<_, _>>()?,
        ),
        (Kind::Choice { root, additions, .. }, SchemaValue::Choice(n, inner)) => {
            let f = root
                .iter()
                .chain(additions.iter())
                .find(|f| &f.name == n)
                .ok_or_else(|| err(format!("`{n}` is not an alternative"), "X.697 27"))?;
            let mut m = Map::new();
            m.insert(n.to_string(), to_json_depth(schema, f.ty, inner, depth + 1).map_err(|e| e.in_path(n))?);
            Json::Object(m)
        }
        _ => return Err(err(format!("value does not fit type {}", schema.describe(id)), "X.697 8")),
    })
}

/// Reads a JER JSON value of type `id` (X.697).
///
/// # Errors
/// The JSON does not have the shape JER gives the type.
pub fn from_json(schema: &Schema, id: TypeId, j: &Json) -> Result<SchemaValue, CodecError> {
    from_json_depth(schema, id, j, 0)
}

fn from_json_depth(schema: &Schema, id: TypeId, j: &Json, depth: usize) -> Result<SchemaValue, CodecError> {
    if depth > crate::MAX_DEPTH {
        return Err(err("value nested too deeply", "X.697 8"));
    }
    let t = schema.get(id);
    let bad = || err(format!("JSON {} does not fit type {}", short_json(j), schema.describe(id)), "X.697 8");
    Ok(match &t.kind {
        Kind::Placeholder => return Err(bad()),
        Kind::Boolean => SchemaValue::Boolean(j.as_bool().ok_or_else(bad)?),
        Kind::Null => {
            if !j.is_null() {
                return Err(bad());
            }
            SchemaValue::Null
        }
        Kind::Integer(named) => match j {
            Json::Number(n) => match n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from)) {
                Some(i) => SchemaValue::Integer(i),
                None => big_integer(n).ok_or_else(bad)?,
            },
            Json::String(s) => {
                SchemaValue::Integer(named.iter().find(|(m, _)| m == s).map(|(_, x)| *x).ok_or_else(bad)?)
            }
            _ => return Err(bad()),
        },
        Kind::Enumerated { root, ext } => {
            let s = j.as_str().ok_or_else(bad)?;
            if !root.iter().chain(ext.iter().flatten()).any(|(m, _)| **m == *s) {
                return Err(bad());
            }
            SchemaValue::Enumerated(s.into())
        }
        Kind::Real => SchemaValue::Real(match j {
            Json::Number(n) => n.as_f64().ok_or_else(bad)?,
            Json::String(s) => match s.as_str() {
                "INF" => f64::INFINITY,
                "-INF" => f64::NEG_INFINITY,
                "NaN" => f64::NAN,
                "-0" => -0.0,
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        }),
        Kind::BitString(_) => {
            let (hex, len) = match j {
                Json::String(s) => {
                    let n = t.constraints.size.and_then(|s| s.lb).ok_or_else(bad)?;
                    (s.as_str(), usize::try_from(n).map_err(|_| bad())?)
                }
                Json::Object(m) => (
                    m.get("value").and_then(Json::as_str).ok_or_else(bad)?,
                    m.get("length")
                        .and_then(Json::as_u64)
                        .and_then(|x| usize::try_from(x).ok())
                        .ok_or_else(bad)?,
                ),
                _ => return Err(bad()),
            };
            let mut bits = unhex(hex).ok_or_else(bad)?;
            if bits.len() != len.div_ceil(8) {
                return Err(bad());
            }
            if len % 8 != 0
                && let Some(l) = bits.last_mut()
            {
                *l &= 0xFF << (8 - len % 8);
            }
            bits.truncate(len.div_ceil(8));
            SchemaValue::BitString { bits, len }
        }
        Kind::OctetString => SchemaValue::OctetString(unhex(j.as_str().ok_or_else(bad)?).ok_or_else(bad)?),
        Kind::Open(_) if t.table.is_some() => SchemaValue::Open(j.to_string().into_bytes()),
        Kind::Open(_) => SchemaValue::Open(unhex(j.as_str().ok_or_else(bad)?).ok_or_else(bad)?),
        Kind::ObjectIdentifier | Kind::RelativeOid => {
            let arcs = j
                .as_str()
                .ok_or_else(bad)?
                .split('.')
                .map(|a| a.parse::<u128>().map_err(|_| bad()))
                .collect::<Result<Vec<_>, _>>()?;
            if matches!(t.kind, Kind::ObjectIdentifier) {
                SchemaValue::ObjectIdentifier(arcs)
            } else {
                SchemaValue::RelativeOid(arcs)
            }
        }
        Kind::String(k) => {
            let text = j.as_str().ok_or_else(bad)?;
            crate::ber::check_chars(*k, text).map_err(|m| err(m, "X.697 22"))?;
            SchemaValue::String(text.to_owned())
        }
        Kind::Sequence(f) | Kind::Set(f) => {
            let m = j.as_object().ok_or_else(bad)?;
            for k in m.keys() {
                if !f.textual().any(|x| *x.name == **k) {
                    return Err(err(format!("`{k}` is not a component"), "X.697 25"));
                }
            }
            let mut out = Vec::new();
            let present: Vec<&str> = m.keys().map(String::as_str).collect();
            for x in f.textual() {
                match m.get(&*x.name) {
                    Some(val) => out.push((
                        x.name.clone(),
                        from_json_depth(schema, x.ty, val, depth + 1).map_err(|e| e.in_path(&x.name))?,
                    )),
                    None if x.optional || f.addition_absent(&x.name, &present) => {}
                    None => {
                        return Err(err(format!("mandatory component `{}` is missing", x.name), "X.697 25"));
                    }
                }
            }
            if matches!(t.kind, Kind::Sequence(_)) {
                SchemaValue::Sequence(out)
            } else {
                SchemaValue::Set(out)
            }
        }
        Kind::SequenceOf(e) | Kind::SetOf(e) => {
            let items = j
                .as_array()
                .ok_or_else(bad)?
                .iter()
                .map(|x| from_json_depth(schema, *e, x, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            if matches!(t.kind, Kind::SequenceOf(_)) {
                SchemaValue::SequenceOf(items)
            } else {
                SchemaValue::SetOf(items)
            }
        }
        Kind::Choice { root, additions, .. } => {
            let m = j.as_object().filter(|m| m.len() == 1).ok_or_else(bad)?;
            let (n, val) = m.iter().next().ok_or_else(bad)?;
            let f = root.iter().chain(additions.iter()).find(|f| *f.name == **n).ok_or_else(bad)?;
            SchemaValue::Choice(
                f.name.clone(),
                Box::new(from_json_depth(schema, f.ty, val, depth + 1).map_err(|e| e.in_path(n))?),
            )
        }
    })
}

fn short_json(j: &Json) -> String {
    let s = j.to_string();
    if s.len() > 60 { format!("{}...", &s[..s.floor_char_boundary(60)]) } else { s }
}

/// The JSON number of an INTEGER beyond 64 bits, from its decimal text (X.697 20: any
/// integer is a JSON number). serde_json holds such a number exactly only with its
/// `arbitrary_precision` feature, which this crate's `jer-big-integers` feature turns on (it
/// changes serde_json for the whole build, so it is not on by default; the `sg17` CLI has it).
#[cfg(feature = "jer-big-integers")]
fn big_number(decimal: &str) -> Result<Json, CodecError> {
    decimal
        .parse::<serde_json::Number>()
        .map(Json::Number)
        .map_err(|e| err(format!("INTEGER {decimal}: {e}"), "X.697 20"))
}

#[cfg(not(feature = "jer-big-integers"))]
fn big_number(_decimal: &str) -> Result<Json, CodecError> {
    Err(err(
        "INTEGER beyond 64 bits needs the `jer-big-integers` feature for an exact JSON number",
        "X.697 20",
    ))
}

/// The INTEGER value of a JSON number beyond 64 bits, if it is an integer held exactly.
#[cfg(feature = "jer-big-integers")]
fn big_integer(n: &serde_json::Number) -> Option<SchemaValue> {
    crate::value::decimal_to_integer(&n.to_string())
}

#[cfg(not(feature = "jer-big-integers"))]
fn big_integer(_n: &serde_json::Number) -> Option<SchemaValue> {
    None
}
