//! XML Encoding Rules (X.693): BASIC-XER decoding and canonical XER (CXER, X.693 clause 9)
//! encoding, with a small bounded XML reader.

mod xml;

use crate::error::CodecError;
use crate::parser::ast::StringType;
use crate::schema::{Field, Kind, Schema, TypeId};
use crate::value::{Name, SchemaValue};
use xml::Element;

/// X.693 Table 3: control characters written as empty elements.
const CONTROL_NAMES: [&str; 32] = [
    "nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "lf", "vt", "ff", "cr", "so", "si",
    "dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb", "can", "em", "sub", "esc", "is4", "is3", "is2",
    "is1",
];

fn err(m: impl Into<String>, clause: &'static str) -> CodecError {
    CodecError::new("XER", 0, clause, m)
}

/// The XML element name of a type with no reference name (X.680 Table 5 xmlasn1typename).
fn builtin_name(k: &Kind) -> &'static str {
    match k {
        Kind::Boolean => "BOOLEAN",
        Kind::Null => "NULL",
        Kind::Integer(_) => "INTEGER",
        Kind::Enumerated { .. } => "ENUMERATED",
        Kind::Real => "REAL",
        Kind::BitString(_) => "BIT_STRING",
        Kind::OctetString => "OCTET_STRING",
        Kind::ObjectIdentifier => "OBJECT_IDENTIFIER",
        Kind::RelativeOid => "RELATIVE_OID",
        Kind::String(s) => s.name(),
        Kind::Sequence(_) => "SEQUENCE",
        Kind::Set(_) => "SET",
        Kind::Choice { .. } => "CHOICE",
        Kind::SequenceOf(_) => "SEQUENCE_OF",
        Kind::SetOf(_) => "SET_OF",
        Kind::Open(_) | Kind::Placeholder => "ANY",
    }
}

fn type_name(schema: &Schema, id: TypeId) -> &str {
    let t = schema.get(id);
    t.name.as_deref().unwrap_or_else(|| builtin_name(&t.kind))
}

fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 32 => {
                out.push('<');
                out.push_str(CONTROL_NAMES[c as usize]);
                out.push_str("/>");
            }
            '\u{7f}' => out.push_str("<del/>"),
            c => out.push(c),
        }
    }
}

/// Encodes `v` of type `id` as CXER (X.693 9): no white space, empty elements as `<x/>`.
///
/// # Errors
/// The value does not match the type.
pub fn encode(schema: &Schema, id: TypeId, v: &SchemaValue) -> Result<String, CodecError> {
    let mut out = String::new();
    element(schema, id, v, type_name(schema, id), &mut out, 0)?;
    Ok(out)
}

fn element(
    schema: &Schema,
    id: TypeId,
    v: &SchemaValue,
    name: &str,
    out: &mut String,
    depth: usize,
) -> Result<(), CodecError> {
    let start = out.len();
    out.push('<');
    out.push_str(name);
    out.push('>');
    let body = out.len();
    contents(schema, id, v, out, depth).map_err(|e| e.in_path(name))?;
    if out.len() == body {
        out.truncate(start);
        out.push('<');
        out.push_str(name);
        out.push_str("/>");
    } else {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    Ok(())
}

fn is_value_list(k: &Kind) -> bool {
    matches!(k, Kind::Boolean | Kind::Enumerated { .. } | Kind::Choice { .. })
}

fn contents(
    schema: &Schema,
    id: TypeId,
    v: &SchemaValue,
    out: &mut String,
    depth: usize,
) -> Result<(), CodecError> {
    if depth > crate::MAX_DEPTH {
        return Err(err("value nested too deeply", "X.693 8"));
    }
    let t = schema.get(id);
    match (&t.kind, v) {
        (Kind::Boolean, SchemaValue::Boolean(b)) => out.push_str(if *b { "<true/>" } else { "<false/>" }),
        (Kind::Null, SchemaValue::Null) => {}
        (Kind::Integer(_), SchemaValue::Integer(i)) => out.push_str(&i.to_string()),
        (Kind::Integer(_), big @ SchemaValue::BigInteger(_)) => match big.big_octets() {
            Some(o) => out.push_str(&crate::value::octets_to_decimal(o)),
            None => return Err(err("BigInteger octets not minimal", "X.690 8.3.2")),
        },
        (Kind::Enumerated { .. }, SchemaValue::Enumerated(n)) => {
            out.push('<');
            out.push_str(n);
            out.push_str("/>");
        }
        (Kind::Real, SchemaValue::Real(r)) => {
            // X.693 9 (CXER) uses the canonical decimal form; special values are elements.
            if r.is_nan() {
                out.push_str("<NOT-A-NUMBER/>");
            } else if r.is_infinite() {
                out.push_str(if *r > 0.0 { "<PLUS-INFINITY/>" } else { "<MINUS-INFINITY/>" });
            } else if *r == 0.0 {
                out.push_str(if r.is_sign_negative() { "-0" } else { "0" });
            } else {
                out.push_str(&format!("{r:E}"));
            }
        }
        (Kind::BitString(named), SchemaValue::BitString { bits, len }) => {
            if let Some(m) = SchemaValue::short_bits(bits, *len) {
                return Err(err(m, "X.693 (BIT STRING)"));
            }
            let (kept, len) = crate::value::fit_named_bits(!named.is_empty(), bits, *len, t.constraints.size);
            for i in 0..len {
                out.push(if i < kept && SchemaValue::bit(bits, i) { '1' } else { '0' });
            }
        }
        (Kind::OctetString, SchemaValue::OctetString(o)) => {
            for b in o {
                out.push_str(&format!("{b:02X}"));
            }
        }
        // A table-constrained open type holds the XML element of its value (X.693).
        (Kind::Open(_), SchemaValue::Open(o)) if t.table.is_some() => {
            out.push_str(
                std::str::from_utf8(o).map_err(|_| err("open type value is not UTF-8 XML", "X.693 8"))?,
            );
        }
        (Kind::Open(_), SchemaValue::Open(o)) => {
            for b in o {
                out.push_str(&format!("{b:02X}"));
            }
        }
        (Kind::ObjectIdentifier, SchemaValue::ObjectIdentifier(a))
        | (Kind::RelativeOid, SchemaValue::RelativeOid(a)) => {
            out.push_str(&a.iter().map(u128::to_string).collect::<Vec<_>>().join("."));
        }
        (Kind::String(k), SchemaValue::String(s)) => {
            crate::ber::check_chars(*k, s).map_err(|m| err(m, "X.693 8"))?;
            escape(out, s);
        }
        (Kind::Sequence(f) | Kind::Set(f), SchemaValue::Sequence(vals) | SchemaValue::Set(vals)) => {
            for x in f.textual() {
                if let Some((_, val)) = vals.iter().find(|(n, _)| *n == x.name) {
                    element(schema, x.ty, val, &x.name, out, depth + 1)?;
                }
            }
        }
        (
            Kind::SequenceOf(e) | Kind::SetOf(e),
            SchemaValue::SequenceOf(items) | SchemaValue::SetOf(items),
        ) => {
            let et = schema.get(*e);
            for x in items {
                if is_value_list(&et.kind) {
                    // X.680 26.? XMLValueList: the item's own value notation, no wrapper.
                    contents(schema, *e, x, out, depth + 1)?;
                } else {
                    element(schema, *e, x, type_name(schema, *e), out, depth + 1)?;
                }
            }
        }
        (Kind::Choice { root, additions, .. }, SchemaValue::Choice(n, inner)) => {
            let f = root
                .iter()
                .chain(additions.iter())
                .find(|f| &f.name == n)
                .ok_or_else(|| err(format!("`{n}` is not an alternative"), "X.693 8"))?;
            element(schema, f.ty, inner, n, out, depth + 1)?;
        }
        _ => return Err(err(format!("value does not fit type {}", schema.describe(id)), "X.693 8")),
    }
    Ok(())
}

/// Decodes BASIC-XER or CXER text of type `id` (X.693 8, 9).
///
/// # Errors
/// Malformed XML (with the byte offset, in bits) or elements that do not fit the type.
pub fn decode(schema: &Schema, id: TypeId, text: &[u8]) -> Result<SchemaValue, CodecError> {
    let s = std::str::from_utf8(text)
        .map_err(|e| CodecError::new("XER", e.valid_up_to() * 8, "X.693 8", "not UTF-8"))?;
    let root = xml::parse(s, crate::MAX_DEPTH + 8)?;
    let expected = type_name(schema, id);
    if root.name != expected {
        return Err(CodecError::new(
            "XER",
            root.offset * 8,
            "X.693 8",
            format!("expected <{expected}>, found <{}>", root.name),
        ));
    }
    from_element(schema, id, &root, 0)
}

fn text_of(e: &Element) -> Result<String, CodecError> {
    // Character content with control-character elements (X.693 Table 3) put back.
    let mut s = String::new();
    for part in &e.parts {
        match part {
            xml::Part::Text(t) => s.push_str(t),
            xml::Part::Child(c) => {
                if let Some(i) = CONTROL_NAMES.iter().position(|n| *n == c.name) {
                    s.push(char::from(i as u8));
                } else if c.name == "del" {
                    s.push('\u{7f}');
                } else {
                    return Err(CodecError::new(
                        "XER",
                        c.offset * 8,
                        "X.693 8",
                        format!("unexpected element <{}>", c.name),
                    ));
                }
            }
        }
    }
    Ok(s)
}

fn bad(e: &Element, what: impl Into<String>) -> CodecError {
    CodecError::new("XER", e.offset * 8, "X.693 8", what.into())
}

fn single_empty_child(e: &Element) -> Result<&str, CodecError> {
    let kids: Vec<&Element> = e.children().collect();
    match kids.as_slice() {
        [k] if k.parts.is_empty() && e.text_trimmed().is_empty() => Ok(&k.name),
        _ => Err(bad(e, format!("<{}> must hold one empty element", e.name))),
    }
}

fn from_element(schema: &Schema, id: TypeId, e: &Element, depth: usize) -> Result<SchemaValue, CodecError> {
    if depth > crate::MAX_DEPTH {
        return Err(bad(e, "nesting too deep"));
    }
    let t = schema.get(id);
    Ok(match &t.kind {
        Kind::Placeholder => return Err(bad(e, "unresolved type")),
        Kind::Boolean => match single_empty_child(e)? {
            "true" => SchemaValue::Boolean(true),
            "false" => SchemaValue::Boolean(false),
            other => return Err(bad(e, format!("<{other}/> is not a BOOLEAN value"))),
        },
        Kind::Null => {
            if !e.parts.is_empty() {
                return Err(bad(e, "NULL must be empty"));
            }
            SchemaValue::Null
        }
        Kind::Integer(named) => {
            let s = e.text_trimmed();
            if s.parse::<i128>().is_err()
                && let Some(big) = crate::value::decimal_to_integer(&s)
            {
                return Ok(big);
            }
            SchemaValue::Integer(match s.parse::<i128>() {
                Ok(i) => i,
                Err(_) => {
                    let n = single_empty_child(e)?;
                    named
                        .iter()
                        .find(|(m, _)| m == n)
                        .map(|(_, x)| *x)
                        .ok_or_else(|| bad(e, format!("`{s}` is not an integer")))?
                }
            })
        }
        Kind::Enumerated { root, ext } => {
            let n = single_empty_child(e)?;
            if !root.iter().chain(ext.iter().flatten()).any(|(m, _)| **m == *n) {
                return Err(bad(e, format!("`{n}` is not an enumeration item")));
            }
            SchemaValue::Enumerated(n.into())
        }
        Kind::Real => {
            if let Ok(n) = single_empty_child(e) {
                SchemaValue::Real(match n {
                    "PLUS-INFINITY" => f64::INFINITY,
                    "MINUS-INFINITY" => f64::NEG_INFINITY,
                    "NOT-A-NUMBER" => f64::NAN,
                    _ => return Err(bad(e, "bad REAL")),
                })
            } else {
                SchemaValue::Real(e.text_trimmed().parse::<f64>().map_err(|_| bad(e, "bad REAL"))?)
            }
        }
        Kind::BitString(_) => {
            let s: String = e.text_trimmed().chars().filter(|c| !c.is_whitespace()).collect();
            let mut bits = vec![0u8; s.len().div_ceil(8)];
            for (i, c) in s.chars().enumerate() {
                match c {
                    '1' => bits[i / 8] |= 0x80 >> (i % 8),
                    '0' => {}
                    _ => return Err(bad(e, "BIT STRING holds other than 0 and 1")),
                }
            }
            SchemaValue::BitString { bits, len: s.len() }
        }
        Kind::Open(_) if t.table.is_some() => {
            let mut kids = e.children();
            match (kids.next(), kids.next()) {
                (Some(k), None) => {
                    let mut s = String::new();
                    k.to_xml(&mut s);
                    SchemaValue::Open(s.into_bytes())
                }
                _ => return Err(bad(e, "an open type value is one element")),
            }
        }
        Kind::OctetString | Kind::Open(_) => {
            let s: String = e.text_trimmed().chars().filter(|c| !c.is_whitespace()).collect();
            if !s.len().is_multiple_of(2) || !s.is_ascii() {
                return Err(bad(e, "odd number of hex digits"));
            }
            let o = (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| bad(e, "not hexadecimal"))?;
            if matches!(t.kind, Kind::OctetString) {
                SchemaValue::OctetString(o)
            } else {
                SchemaValue::Open(o)
            }
        }
        Kind::ObjectIdentifier | Kind::RelativeOid => {
            let arcs = e
                .text_trimmed()
                .split('.')
                .map(|a| a.trim().parse::<u128>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| bad(e, "bad OBJECT IDENTIFIER"))?;
            if matches!(t.kind, Kind::ObjectIdentifier) {
                SchemaValue::ObjectIdentifier(arcs)
            } else {
                SchemaValue::RelativeOid(arcs)
            }
        }
        Kind::String(s) => {
            let text = text_of(e)?;
            if matches!(s, StringType::UtcTime | StringType::GeneralizedTime) {
                SchemaValue::String(text.trim().to_owned())
            } else {
                crate::ber::check_chars(*s, &text).map_err(|m| bad(e, m))?;
                SchemaValue::String(text)
            }
        }
        Kind::Sequence(f) | Kind::Set(f) => {
            let fields: Vec<&Field> = f.textual().collect();
            let mut got: Vec<(Name, SchemaValue)> = Vec::new();
            for c in e.children() {
                let x = fields
                    .iter()
                    .find(|x| *x.name == c.name)
                    .ok_or_else(|| bad(c, format!("<{}> is not a component", c.name)))?;
                if got.iter().any(|(n, _)| *n == x.name) {
                    return Err(bad(c, format!("<{}> appears twice", c.name)));
                }
                got.push((x.name.clone(), from_element(schema, x.ty, c, depth + 1)?));
            }
            let present: Vec<Name> = got.iter().map(|(n, _)| n.clone()).collect();
            let present: Vec<&str> = present.iter().map(|n| &**n).collect();
            let mut out = Vec::new();
            for x in fields {
                if let Some(p) = got.iter().position(|(n, _)| *n == x.name) {
                    out.push(got.swap_remove(p));
                } else if !x.optional && !f.addition_absent(&x.name, &present) {
                    return Err(bad(e, format!("mandatory component <{}> is missing", x.name)));
                }
            }
            if matches!(t.kind, Kind::Set(_)) { SchemaValue::Set(out) } else { SchemaValue::Sequence(out) }
        }
        Kind::SequenceOf(el) | Kind::SetOf(el) => {
            let et = schema.get(*el);
            let mut items = Vec::new();
            for c in e.children() {
                if matches!(et.kind, Kind::Boolean | Kind::Enumerated { .. }) {
                    // XMLValueList: the empty element is the value.
                    let wrapper = Element {
                        name: String::new(),
                        offset: c.offset,
                        parts: vec![xml::Part::Child(c.clone())],
                    };
                    items.push(from_element(schema, *el, &wrapper, depth + 1)?);
                } else if let Kind::Choice { root, additions, .. } = &et.kind {
                    let f = root
                        .iter()
                        .chain(additions.iter())
                        .find(|f| *f.name == c.name)
                        .ok_or_else(|| bad(c, format!("<{}> is not an alternative", c.name)))?;
                    items.push(SchemaValue::Choice(
                        f.name.clone(),
                        Box::new(from_element(schema, f.ty, c, depth + 1)?),
                    ));
                } else {
                    items.push(from_element(schema, *el, c, depth + 1)?);
                }
            }
            if matches!(t.kind, Kind::SequenceOf(_)) {
                SchemaValue::SequenceOf(items)
            } else {
                SchemaValue::SetOf(items)
            }
        }
        Kind::Choice { root, additions, .. } => {
            let kids: Vec<&Element> = e.children().collect();
            let [c] = kids.as_slice() else { return Err(bad(e, "a CHOICE holds exactly one element")) };
            let f = root
                .iter()
                .chain(additions.iter())
                .find(|f| *f.name == c.name)
                .ok_or_else(|| bad(c, format!("<{}> is not an alternative", c.name)))?;
            SchemaValue::Choice(f.name.clone(), Box::new(from_element(schema, f.ty, c, depth + 1)?))
        }
    })
}
