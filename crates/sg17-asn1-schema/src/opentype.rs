//! Open types resolved through component relation constraints (X.681 14, X.682 10).
//!
//! The codecs read an open type as the complete encoding of its value (`SchemaValue::Open`:
//! a TLV in BER, the contents of the open type field in PER (X.691 11.2) and OER (X.696 30),
//! the JSON value in JER, the XML element in XER). After decoding, [`resolve`] finds each
//! table-constrained open type (and each OCTET/BIT STRING `CONTAINING` one, X.682 11), looks
//! up the object whose `&id` equals the referenced component, and decodes the octets with the
//! object's type field into `SchemaValue::Contained`. Before encoding, [`lower`] does the
//! reverse. An identifier absent from an extensible object set leaves the value unresolved; in
//! a set without extension marker it is an error.

use crate::error::CodecError;
use crate::schema::{Kind, ObjectField, Schema, TableConstraint, TypeId};
use crate::value::SchemaValue;
use crate::{MAX_DEPTH, Rules};
use std::borrow::Cow;

const CLAUSE: &str = "X.682 10 (component relation constraint)";

#[derive(Clone, Copy, PartialEq)]
enum Carrier {
    Open,
    Octets,
    Bits,
}

struct Job {
    path: Vec<usize>,
    gov: TypeId,
    carrier: Carrier,
    name: String,
}

fn err(rules: Rules, m: impl Into<String>) -> CodecError {
    CodecError::new(rules.name(), 0, CLAUSE, m)
}

/// The component the relation of `tc` refers to, seen from the enclosing values `frames`.
fn key<'v>(tc: &TableConstraint, frames: &[&'v SchemaValue]) -> Option<&'v SchemaValue> {
    let rel = tc.relation.as_ref()?;
    let mut v: &SchemaValue = frames.get(frames.len().checked_sub(1 + rel.up)?)?;
    for name in &rel.path {
        v = match v {
            SchemaValue::Sequence(f) | SchemaValue::Set(f) => &f.iter().find(|(n, _)| **n == **name)?.1,
            SchemaValue::Choice(n, inner) if **n == **name => inner,
            _ => return None,
        };
    }
    Some(v)
}

/// The governing type of an open type: `Ok(None)` when it stays unresolved.
fn governor(
    schema: &Schema,
    tc: &TableConstraint,
    frames: &[&SchemaValue],
) -> Result<Option<TypeId>, String> {
    let Some(k) = key(tc, frames) else { return Ok(None) };
    let Some(set) = schema.object_set(tc.set) else { return Ok(None) };
    let matches = |o: &&crate::schema::InfoObject| match o.field("&id") {
        Some(ObjectField::Value(v)) => v == k,
        _ => o.fields.iter().any(|(_, f)| matches!(f, ObjectField::Value(v) if v == k)),
    };
    match set.objects.iter().find(matches) {
        Some(o) => Ok(match o.field(&tc.field) {
            Some(ObjectField::Type(t)) => Some(*t),
            _ => None, // the object has no such field: nothing to decode with
        }),
        None if set.extensible => Ok(None),
        None => Err(format!(
            "{} identifies no object of the object set {}, which has no extension marker",
            crate::per::encode::short(k),
            set.name.as_deref().unwrap_or("(unnamed)")
        )),
    }
}

fn table_of(schema: &Schema, id: TypeId) -> Option<&TableConstraint> {
    let t = schema.get(id);
    if let Some(tc) = &t.table {
        return Some(tc);
    }
    t.containing.and_then(|c| schema.get(c).table.as_deref())
}

#[allow(clippy::too_many_arguments)]
fn plan<'v>(
    schema: &Schema,
    id: TypeId,
    v: &'v SchemaValue,
    decode: bool,
    rules: Rules,
    frames: &mut Vec<&'v SchemaValue>,
    path: &mut Vec<usize>,
    out: &mut Vec<Job>,
    depth: usize,
) -> Result<(), CodecError> {
    if depth > MAX_DEPTH {
        return Err(err(rules, "value nested too deeply"));
    }
    let t = schema.get(id);
    match (&t.kind, v) {
        (Kind::Sequence(f) | Kind::Set(f), SchemaValue::Sequence(vals) | SchemaValue::Set(vals)) => {
            frames.push(v);
            for (i, (n, x)) in vals.iter().enumerate() {
                if let Some(field) = f.textual().find(|c| c.name == *n) {
                    path.push(i);
                    plan(schema, field.ty, x, decode, rules, frames, path, out, depth + 1)
                        .map_err(|e| e.in_path(n))?;
                    path.pop();
                }
            }
            frames.pop();
        }
        (Kind::Choice { root, additions, .. }, SchemaValue::Choice(n, inner)) => {
            frames.push(v);
            if let Some(f) = root.iter().chain(additions.iter()).find(|f| f.name == *n) {
                path.push(0);
                plan(schema, f.ty, inner, decode, rules, frames, path, out, depth + 1)
                    .map_err(|e| e.in_path(n))?;
                path.pop();
            }
            frames.pop();
        }
        (
            Kind::SequenceOf(e) | Kind::SetOf(e),
            SchemaValue::SequenceOf(items) | SchemaValue::SetOf(items),
        ) => {
            for (i, x) in items.iter().enumerate() {
                path.push(i);
                plan(schema, *e, x, decode, rules, frames, path, out, depth + 1)?;
                path.pop();
            }
        }
        (kind, v) => {
            let carrier = match (kind, v, decode) {
                (Kind::Open(_), SchemaValue::Open(_), true) => Carrier::Open,
                (Kind::OctetString, SchemaValue::OctetString(_), true) if !rules.is_text() => Carrier::Octets,
                (Kind::BitString(_), SchemaValue::BitString { len, .. }, true)
                    if !rules.is_text() && len % 8 == 0 =>
                {
                    Carrier::Bits
                }
                (Kind::Open(_), SchemaValue::Contained(_), false) => Carrier::Open,
                (Kind::OctetString, SchemaValue::Contained(_), false) => Carrier::Octets,
                (Kind::BitString(_), SchemaValue::Contained(_), false) => Carrier::Bits,
                _ => return Ok(()),
            };
            let Some(tc) = table_of(schema, id) else {
                if decode {
                    return Ok(());
                }
                return Err(err(rules, "a contained value needs a table-constrained open type"));
            };
            match governor(schema, tc, frames) {
                Ok(Some(gov)) => out.push(Job { path: path.clone(), gov, carrier, name: String::new() }),
                Ok(None) if decode => {}
                Ok(None) => {
                    return Err(err(rules, "the referenced component identifies no object with this field"));
                }
                Err(m) => return Err(err(rules, m)),
            }
        }
    }
    Ok(())
}

fn at_path<'v>(v: &'v mut SchemaValue, path: &[usize]) -> Option<&'v mut SchemaValue> {
    let mut v = v;
    for i in path {
        v = match v {
            SchemaValue::Sequence(f) | SchemaValue::Set(f) => &mut f.get_mut(*i)?.1,
            SchemaValue::SequenceOf(x) | SchemaValue::SetOf(x) => x.get_mut(*i)?,
            SchemaValue::Choice(_, inner) => inner,
            _ => return None,
        };
    }
    Some(v)
}

/// Contents octets of a string carrier are always in a binary rule: the outer one, or DER
/// for JER and XER.
fn inner_rules(carrier: Carrier, rules: Rules) -> Rules {
    if carrier != Carrier::Open && rules.is_text() { Rules::Der } else { rules }
}

/// Decodes the open types of a decoded value `v` of type `id` with their governing types.
pub(crate) fn resolve(
    schema: &Schema,
    id: TypeId,
    v: &mut SchemaValue,
    rules: Rules,
    depth: usize,
) -> Result<(), CodecError> {
    if !schema.has_tables {
        return Ok(());
    }
    let mut jobs = Vec::new();
    plan(schema, id, v, true, rules, &mut Vec::new(), &mut Vec::new(), &mut jobs, depth)?;
    for mut job in jobs {
        let Some(x) = at_path(v, &job.path) else { continue };
        let raw: &[u8] = match x {
            SchemaValue::Open(o) | SchemaValue::OctetString(o) => o,
            SchemaValue::BitString { bits, len } => &bits[..*len / 8],
            _ => continue,
        };
        let inner = schema
            .decode_at(job.gov, raw, inner_rules(job.carrier, rules), depth + 1)
            .map_err(|e| e.in_path(&std::mem::take(&mut job.name)))?;
        *x = SchemaValue::Contained(Box::new(inner));
    }
    Ok(())
}

/// A copy of `v` with every `Contained` value encoded into its carrier, ready for the codecs.
pub(crate) fn lower<'v>(
    schema: &Schema,
    id: TypeId,
    v: &'v SchemaValue,
    rules: Rules,
    depth: usize,
) -> Result<Cow<'v, SchemaValue>, CodecError> {
    if !schema.has_tables {
        return Ok(Cow::Borrowed(v));
    }
    let mut jobs = Vec::new();
    plan(schema, id, v, false, rules, &mut Vec::new(), &mut Vec::new(), &mut jobs, depth)?;
    if jobs.is_empty() {
        return Ok(Cow::Borrowed(v));
    }
    let mut out = v.clone();
    for job in jobs {
        let Some(x) = at_path(&mut out, &job.path) else { continue };
        let SchemaValue::Contained(inner) = x else { continue };
        let bytes = schema.encode_at(job.gov, inner, inner_rules(job.carrier, rules), depth + 1)?;
        *x = match job.carrier {
            Carrier::Open => SchemaValue::Open(bytes),
            Carrier::Octets => SchemaValue::OctetString(bytes),
            Carrier::Bits => SchemaValue::BitString { len: bytes.len() * 8, bits: bytes },
        };
    }
    Ok(Cow::Owned(out))
}
