//! BER, CER and DER (X.690) through the [`sg17_asn1::Value`] tree: a schema value becomes a
//! tagged value tree, and a decoded tree is read back through the type's tags.

use crate::error::CodecError;
use crate::parser::ast::StringType;
use crate::per::encode::{min_signed, short};
use crate::schema::{Kind, Schema, TypeId};
use crate::value::{Name, SchemaValue};
use sg17_asn1::types::octet_string::CER_FRAGMENT;
use sg17_asn1::{EncodingRules, Tag, Value};
use std::borrow::Cow;

/// OBJECT IDENTIFIER or RELATIVE-OID contents octets (X.690 8.19, 8.20).
pub(crate) fn oid_contents(arcs: &[u128], relative: bool) -> Result<Vec<u8>, String> {
    if !relative {
        return sg17_asn1::Oid::from_arcs(arcs).map(|o| o.as_bytes().to_vec()).map_err(|e| e.to_string());
    }
    let mut out = Vec::new();
    for a in arcs {
        let mut groups = vec![(*a & 0x7F) as u8];
        let mut x = *a >> 7;
        while x > 0 {
            groups.push((x & 0x7F) as u8 | 0x80);
            x >>= 7;
        }
        out.extend(groups.iter().rev());
    }
    Ok(out)
}

/// Arcs of OBJECT IDENTIFIER or RELATIVE-OID contents.
pub(crate) fn oid_arcs(c: &[u8], relative: bool) -> Result<Vec<u128>, String> {
    if relative {
        Ok(sg17_asn1::RelativeOid::from_contents(c, 0).map_err(|e| e.to_string())?.arcs().collect())
    } else {
        Ok(sg17_asn1::ObjectIdentifier::from_contents(c, 0).map_err(|e| e.to_string())?.arcs().collect())
    }
}

/// Checks the characters of a NumericString, PrintableString, VisibleString or IA5String
/// against the type's character set (X.680 41, Tables 9-10); the other types take any
/// character their encoding can carry.
#[inline]
pub(crate) fn check_chars(s: StringType, text: &str) -> Result<(), String> {
    if restricted_kind(s).is_none() {
        return Ok(());
    }
    match text.chars().find(|c| !c.is_ascii()) {
        Some(c) => Err(bad_char(s, c)),
        None => check_octets(s, text.as_bytes()),
    }
}

/// The sg17-asn1 string kind whose character set (X.680 41) a restricted ASCII type has.
#[inline]
fn restricted_kind(s: StringType) -> Option<sg17_asn1::types::strings::StringKind> {
    use sg17_asn1::types::strings::StringKind;
    match s {
        StringType::Numeric => Some(StringKind::Numeric),
        StringType::Printable => Some(StringKind::Printable),
        StringType::Visible => Some(StringKind::Visible),
        StringType::Ia5 => Some(StringKind::Ia5),
        _ => None,
    }
}

/// [`check_chars`] on the octets of a one-octet-per-character type.
#[inline]
pub(crate) fn check_octets(s: StringType, o: &[u8]) -> Result<(), String> {
    match restricted_kind(s) {
        Some(kind) => kind.validate(o, 0).map_err(|e| bad_char(s, char::from(o[e.offset()]))),
        None => Ok(()),
    }
}

fn bad_char(s: StringType, c: char) -> String {
    format!("X.680 41: {c:?} is not a {} character", s.name())
}

/// Octets of a character string in its X.690 8.23 encoding.
pub(crate) fn string_octets(s: StringType, text: &str) -> Result<Vec<u8>, String> {
    check_chars(s, text)?;
    Ok(match s {
        StringType::Utf8 => text.as_bytes().to_vec(),
        StringType::Bmp => {
            let mut out = Vec::new();
            for c in text.chars() {
                let v = u16::try_from(c as u32).map_err(|_| format!("{c:?} is outside the BMP"))?;
                out.extend(v.to_be_bytes());
            }
            out
        }
        StringType::Universal => text.chars().flat_map(|c| (c as u32).to_be_bytes()).collect(),
        _ => text
            .chars()
            .map(|c| u8::try_from(c as u32).map_err(|_| format!("{c:?} is not a {} character", s.name())))
            .collect::<Result<_, _>>()?,
    })
}

/// The inverse of [`string_octets`].
pub(crate) fn string_from_octets(s: StringType, o: &[u8]) -> Result<String, String> {
    Ok(match s {
        StringType::Utf8 => String::from_utf8(o.to_vec()).map_err(|_| "invalid UTF-8".to_owned())?,
        StringType::Bmp => {
            if !o.len().is_multiple_of(2) {
                return Err("BMPString of odd length".into());
            }
            o.chunks(2)
                .map(|c| {
                    char::from_u32(u32::from(u16::from_be_bytes([c[0], c[1]])))
                        .ok_or("surrogate in BMPString")
                })
                .collect::<Result<_, _>>()?
        }
        StringType::Universal => {
            if !o.len().is_multiple_of(4) {
                return Err("UniversalString length not a multiple of 4".into());
            }
            o.chunks(4)
                .map(|c| {
                    char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])).ok_or("invalid code point")
                })
                .collect::<Result<_, _>>()?
        }
        _ => {
            // One pass over the octets, before any text is built.
            check_octets(s, o)?;
            match std::str::from_utf8(o) {
                // One octet per character: ASCII text is its own UTF-8.
                Ok(text) if text.is_ascii() => text.to_owned(),
                _ => o.iter().map(|b| char::from(*b)).collect(),
            }
        }
    })
}

fn rules_name(r: EncodingRules) -> &'static str {
    match r {
        EncodingRules::Ber => "BER",
        EncodingRules::Cer => "CER",
        EncodingRules::Der => "DER",
    }
}

/// Encodes with BER (definite lengths), CER or DER (X.690 8-11).
///
/// # Errors
/// The value does not match the type.
pub fn encode(
    schema: &Schema,
    id: TypeId,
    v: &SchemaValue,
    rules: EncodingRules,
) -> Result<Vec<u8>, CodecError> {
    let tree =
        to_value(schema, id, v, rules, 0).map_err(|m| CodecError::new(rules_name(rules), 0, "X.690 8", m))?;
    Ok(sg17_asn1::encode(&tree, rules))
}

fn to_value(
    schema: &Schema,
    id: TypeId,
    v: &SchemaValue,
    rules: EncodingRules,
    depth: usize,
) -> Result<Value<'static>, String> {
    if depth > crate::MAX_DEPTH {
        return Err("value nested too deeply".into());
    }
    let t = schema.get(id);
    let canonical = rules != EncodingRules::Ber;
    let prim = |c: Vec<u8>| -> (Option<Vec<u8>>, Vec<Value<'static>>) { (Some(c), Vec::new()) };
    let bad = || format!("value {} does not fit type {}", short(v), schema.describe(id));
    let (contents, children): (Option<Vec<u8>>, Vec<Value<'static>>) = match (&t.kind, v) {
        (Kind::Boolean, SchemaValue::Boolean(b)) => prim(vec![if *b { 0xFF } else { 0 }]),
        (Kind::Null, SchemaValue::Null) => prim(Vec::new()),
        (Kind::Integer(_), SchemaValue::Integer(i)) => prim(min_signed(*i)),
        (Kind::Integer(_), big @ SchemaValue::BigInteger(_)) => {
            prim(big.big_octets().ok_or_else(bad)?.to_vec())
        }
        (Kind::Enumerated { root, ext }, SchemaValue::Enumerated(n)) => {
            let (_, x) = root.iter().chain(ext.iter().flatten()).find(|(m, _)| m == n).ok_or_else(bad)?;
            prim(min_signed(*x))
        }
        (Kind::Real, SchemaValue::Real(r)) => prim(sg17_asn1::Real::encode_f64(*r)),
        (Kind::BitString(named), SchemaValue::BitString { bits, len }) => {
            if let Some(m) = SchemaValue::short_bits(bits, *len) {
                return Err(m);
            }
            let (kept, len) = if !named.is_empty() && canonical {
                // X.690 11.2.2: DER/CER drop trailing zero bits of named-bit values.
                let kept = SchemaValue::significant_bits(bits, *len);
                (kept, kept)
            } else {
                crate::value::fit_named_bits(!named.is_empty(), bits, *len, t.constraints.size)
            };
            let mut c = vec![((8 - len % 8) % 8) as u8];
            c.extend(SchemaValue::bit_octets(bits, kept, len));
            prim(c)
        }
        (Kind::OctetString, SchemaValue::OctetString(o)) => prim(o.clone()),
        (Kind::ObjectIdentifier, SchemaValue::ObjectIdentifier(a)) => prim(oid_contents(a, false)?),
        (Kind::RelativeOid, SchemaValue::RelativeOid(a)) => prim(oid_contents(a, true)?),
        (Kind::String(s), SchemaValue::String(text)) => prim(string_octets(*s, text)?),
        (Kind::Sequence(f) | Kind::Set(f), SchemaValue::Sequence(vals) | SchemaValue::Set(vals)) => {
            let present: Vec<&str> = vals.iter().map(|(n, _)| &**n).collect();
            let mut out = Vec::new();
            for x in f.textual() {
                match vals.iter().find(|(n, _)| *n == x.name) {
                    Some((_, val)) if x.default.as_ref() != Some(val) => {
                        out.push(
                            to_value(schema, x.ty, val, rules, depth + 1)
                                .map_err(|e| format!("{}: {e}", x.name))?,
                        );
                    }
                    Some(_) => {}
                    None if x.optional || f.addition_absent(&x.name, &present) => {}
                    None => return Err(format!("mandatory component `{}` is missing", x.name)),
                }
            }
            if matches!(t.kind, Kind::Set(_)) {
                // X.690 10.3 (DER, CER): canonical tag order; BER allows any order and uses
                // the same one.
                out.sort_by_key(Value::tag);
            }
            (None, out)
        }
        (
            Kind::SequenceOf(e) | Kind::SetOf(e),
            SchemaValue::SequenceOf(items) | SchemaValue::SetOf(items),
        ) => {
            let mut out: Vec<Value<'static>> =
                items.iter().map(|x| to_value(schema, *e, x, rules, depth + 1)).collect::<Result<_, _>>()?;
            if canonical && matches!(t.kind, Kind::SetOf(_)) {
                out.sort_by_cached_key(|x| sg17_asn1::encode(x, rules)); // X.690 11.6
            }
            (None, out)
        }
        (Kind::Choice { root, additions, .. }, SchemaValue::Choice(n, inner)) => {
            let f = root.iter().chain(additions.iter()).find(|f| &f.name == n).ok_or_else(bad)?;
            let mut x = to_value(schema, f.ty, inner, rules, depth + 1)?;
            for tag in t.tags.iter().rev() {
                x = Value::Constructed(*tag, vec![x]);
            }
            return Ok(x);
        }
        (Kind::Open(_), SchemaValue::Open(bytes)) => {
            let mut x = Value::decode(bytes, EncodingRules::Ber)
                .map_err(|e| format!("open type value: {e}"))?
                .into_owned();
            let wrappers = if t.tags.len() > 1
                && matches!(x.tag().class, sg17_asn1::Class::Universal)
                && t.tags.last() == Some(&x.tag())
            {
                t.tags.len() - 1
            } else {
                t.tags.len()
            };
            for tag in t.tags[..wrappers].iter().rev() {
                x = Value::Constructed(*tag, vec![x]);
            }
            return Ok(x);
        }
        _ => return Err(bad()),
    };
    let Some((inner_tag, outer)) = t.tags.split_last() else { return Err(bad()) };
    let string = matches!(t.kind, Kind::OctetString | Kind::String(_) | Kind::BitString(_));
    let mut x = match contents {
        // sg17-asn1's writer fragments universal OCTET STRING values itself.
        Some(c) if *inner_tag == Tag::OCTET_STRING => Value::OctetString(Cow::Owned(c)),
        Some(c) if rules == EncodingRules::Cer && string && c.len() > CER_FRAGMENT => {
            cer_fragments(*inner_tag, matches!(t.kind, Kind::BitString(_)), &c)
        }
        Some(c) => Value::Primitive(*inner_tag, Cow::Owned(c)),
        None => match *inner_tag {
            Tag::SEQUENCE => Value::Sequence(children),
            Tag::SET => Value::Set(children),
            tag => Value::Constructed(tag, children),
        },
    };
    for tag in outer.iter().rev() {
        x = Value::Constructed(*tag, vec![x]);
    }
    Ok(x)
}

/// X.690 9.2: CER sends a string of more than 1000 contents octets as a constructed encoding
/// of primitive segments, OCTET STRING segments of 1000 octets (X.690 8.23.6 for character
/// strings), or BIT STRING segments of an unused-bits octet (0 but in the last) and 999
/// octets; only the last segment may be shorter.
fn cer_fragments(tag: Tag, bit_string: bool, contents: &[u8]) -> Value<'static> {
    let parts = match contents.split_first() {
        Some((unused, data)) if bit_string => {
            let n = data.len().div_ceil(CER_FRAGMENT - 1);
            data.chunks(CER_FRAGMENT - 1)
                .enumerate()
                .map(|(i, ch)| {
                    let mut c = Vec::with_capacity(ch.len() + 1);
                    c.push(if i + 1 == n { *unused } else { 0 });
                    c.extend_from_slice(ch);
                    Value::Primitive(Tag::BIT_STRING, Cow::Owned(c))
                })
                .collect()
        }
        _ => contents.chunks(CER_FRAGMENT).map(|ch| Value::OctetString(Cow::Owned(ch.to_vec()))).collect(),
    };
    Value::Constructed(tag, parts)
}

/// Decodes BER, CER or DER (X.690) of type `id`.
///
/// # Errors
/// X.690 errors from [`sg17_asn1`] (with their octet offset, reported here in bits) and
/// mismatches between the tree and the type (at the offset of the offending element).
pub fn decode(
    schema: &Schema,
    id: TypeId,
    data: &[u8],
    rules: EncodingRules,
) -> Result<SchemaValue, CodecError> {
    let name = rules_name(rules);
    let tree = Value::decode(data, rules)
        .map_err(|e| CodecError::new(name, e.offset() * 8, "X.690 8", e.to_string()))?;
    from_value(schema, id, &tree, rules, 0).map_err(|f| {
        let at = locate(data, rules, f.path.iter().rev().copied()).unwrap_or(0);
        CodecError::new(name, at * 8, "X.690 8", f.msg)
    })
}

/// A mismatch between a decoded tree and its type, and where it was found: the indices of the
/// children leading from the outermost element to the offending one, innermost first (pushed
/// as the error returns through each level). The tree keeps no offsets, and this is the cold
/// path, so [`locate`] walks the encoding again along `path` to report an octet offset.
#[derive(Debug)]
struct Mismatch {
    msg: String,
    path: Vec<usize>,
}

impl Mismatch {
    /// The same error one level up: it was found in child `k`.
    fn in_child(mut self, k: usize) -> Self {
        self.path.push(k);
        self
    }
}

impl From<String> for Mismatch {
    fn from(msg: String) -> Self {
        Mismatch { msg, path: Vec::new() }
    }
}

impl From<&str> for Mismatch {
    fn from(msg: &str) -> Self {
        Mismatch::from(msg.to_owned())
    }
}

/// Octet offset of the element reached from the outermost one by taking child `k` at each
/// level of `path`; `None` if the encoding has no such element (it always has when `path`
/// comes from a [`Mismatch`] on the tree decoded from it).
fn locate(data: &[u8], rules: EncodingRules, path: impl Iterator<Item = usize>) -> Option<usize> {
    let mut tlv = sg17_asn1::read_one(data, rules).ok()?;
    for k in path {
        let mut r = tlv.reader().ok()?;
        for _ in 0..k {
            r.read_tlv().ok()??;
        }
        tlv = r.read_tlv().ok()??;
    }
    Some(tlv.offset())
}

/// Contents octets of a type that is always primitive (X.690 8.2.1, 8.3.1, 8.4, 8.5.1, 8.8.1,
/// 8.19.1, 8.20.1): under an implicit tag a constructed encoding reaches the schema decoder.
fn contents_of(v: &Value<'_>) -> Result<Vec<u8>, String> {
    match v.primitive_contents() {
        Some(c) => Ok(c.into_owned()),
        None => Err("X.690 8.1.2.5: this type has only a primitive encoding".into()),
    }
}

/// Contents of a string type (OCTET STRING, character strings): primitive, or under BER a
/// constructed encoding whose segments are concatenated (X.690 8.7.3, 8.23.6). DER allows only
/// the primitive form (X.690 10.2); a constructed CER encoding must be 1000-octet primitive
/// fragments of more than 1000 octets in all (X.690 9.2).
fn string_contents(v: &Value<'_>, rules: EncodingRules) -> Result<Vec<u8>, String> {
    if let Some(c) = v.primitive_contents() {
        // sg17-asn1 checked the form of universal strings; a string under an implicit tag is
        // a `Value::Primitive` only when it was primitive.
        if rules == EncodingRules::Cer && matches!(v, Value::Primitive(..)) && c.len() > CER_FRAGMENT {
            return Err("X.690 9.2: CER string of more than 1000 octets not fragmented".into());
        }
        return Ok(c.into_owned());
    }
    let Value::Constructed(_, parts) = v else {
        return Err("expected a primitive or constructed string encoding".into());
    };
    match rules {
        EncodingRules::Der => Err("X.690 10.2: DER encodes strings in the primitive form".into()),
        EncodingRules::Cer => {
            let mut out = Vec::new();
            for (i, p) in parts.iter().enumerate() {
                let c = p.primitive_contents().ok_or("X.690 9.2: CER string fragments are primitive")?;
                let last = i + 1 == parts.len();
                if (!last && c.len() != CER_FRAGMENT) || (last && !(1..=CER_FRAGMENT).contains(&c.len())) {
                    return Err(
                        "X.690 9.2: CER string fragments hold 1000 octets (the last 1 to 1000)".into()
                    );
                }
                out.extend_from_slice(&c);
            }
            if out.len() <= CER_FRAGMENT {
                return Err("X.690 9.2: CER string of 1000 octets or fewer not primitive".into());
            }
            Ok(out)
        }
        EncodingRules::Ber => {
            let mut out = Vec::new();
            for p in parts {
                out.extend(string_contents(p, rules)?);
            }
            Ok(out)
        }
    }
}

/// Contents of a BIT STRING as (unused bits, octets): primitive, or a constructed encoding
/// whose segments each carry their own unused-bits octet, 0 in all but the last (X.690
/// 8.6.4); the form rules of DER and CER as for [`string_contents`].
fn bit_string_contents(v: &Value<'_>, rules: EncodingRules) -> Result<(u8, Vec<u8>), String> {
    let split = |c: &[u8]| -> Result<(u8, Vec<u8>), String> {
        let (unused, data) = c.split_first().ok_or("empty BIT STRING contents")?;
        if *unused > 7 || (data.is_empty() && *unused != 0) {
            return Err("X.690 8.6.2.2: bad unused-bits octet".into());
        }
        Ok((*unused, data.to_vec()))
    };
    if let Some(c) = v.primitive_contents() {
        if rules == EncodingRules::Cer && matches!(v, Value::Primitive(..)) && c.len() > CER_FRAGMENT {
            return Err("X.690 9.2: CER BIT STRING of more than 1000 octets not fragmented".into());
        }
        return split(&c);
    }
    let Value::Constructed(_, parts) = v else {
        return Err("expected a primitive or constructed BIT STRING encoding".into());
    };
    if rules == EncodingRules::Der {
        return Err("X.690 10.2: DER encodes BIT STRING in the primitive form".into());
    }
    let mut data = Vec::new();
    let mut unused = 0u8;
    let mut total = 0usize;
    for (i, p) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let (u, d) = match (rules, p.primitive_contents()) {
            (EncodingRules::Cer, None) => {
                return Err("X.690 9.2: CER BIT STRING fragments are primitive".into());
            }
            (_, Some(c)) => {
                total += c.len();
                if rules == EncodingRules::Cer
                    && ((!last && c.len() != CER_FRAGMENT) || (last && c.len() > CER_FRAGMENT))
                {
                    return Err("X.690 9.2: CER BIT STRING fragments hold 1000 octets".into());
                }
                split(&c)?
            }
            (_, None) => {
                let (u, d) = bit_string_contents(p, rules)?;
                total += d.len() + 1;
                (u, d)
            }
        };
        if !last && u != 0 {
            return Err("X.690 8.6.4: unused bits in a segment other than the last".into());
        }
        data.extend(d);
        unused = u;
    }
    if rules == EncodingRules::Cer && total <= CER_FRAGMENT {
        return Err("X.690 9.2: CER BIT STRING of 1000 octets or fewer not primitive".into());
    }
    if data.is_empty() && unused != 0 {
        return Err("X.690 8.6.2.2: bad unused-bits octet".into());
    }
    Ok((unused, data))
}

fn int_of(c: &[u8]) -> Result<i128, String> {
    if c.is_empty() || c.len() > 16 {
        return Err("INTEGER of 0 or more than 16 octets".into());
    }
    // X.690 8.3.2: the first nine bits are not all 0 or all 1.
    if c.len() > 1 && ((c[0] == 0 && c[1] & 0x80 == 0) || (c[0] == 0xFF && c[1] & 0x80 != 0)) {
        return Err("X.690 8.3.2: INTEGER not in its minimal form".into());
    }
    let neg = c[0] & 0x80 != 0;
    Ok(c.iter().fold(if neg { -1i128 } else { 0 }, |a, b| (a << 8) | i128::from(*b)))
}

fn from_value(
    schema: &Schema,
    id: TypeId,
    v: &Value<'_>,
    rules: EncodingRules,
    depth: usize,
) -> Result<SchemaValue, Mismatch> {
    if depth > crate::MAX_DEPTH {
        return Err("nesting deeper than the depth limit".into());
    }
    let t = schema.get(id);
    let mut v = v;
    let untagged = matches!(t.kind, Kind::Choice { .. } | Kind::Open(_));
    let wrappers = if untagged { t.tags.len() } else { t.tags.len().saturating_sub(1) };
    // Explicit tags passed so far: an error below them is in child 0 of each.
    let mut unwrapped = 0;
    let inside = |e: Mismatch, n: usize| (0..n).fold(e, |e, _| e.in_child(0));
    for tag in &t.tags[..wrappers] {
        if v.tag() != *tag {
            return Err(inside(format!("expected tag {tag}, found {}", v.tag()).into(), unwrapped));
        }
        match v.children_slice() {
            Some([inner]) => v = inner,
            _ => {
                return Err(inside(
                    format!("explicit tag {tag} must hold exactly one value").into(),
                    unwrapped,
                ));
            }
        }
        unwrapped += 1;
    }
    if !untagged
        && let Some(tag) = t.tags.last()
        && v.tag() != *tag
    {
        return Err(inside(format!("expected tag {tag}, found {}", v.tag()).into(), unwrapped));
    }
    kind_from_value(schema, t, v, rules, depth).map_err(|e| inside(e, unwrapped))
}

/// The value of type `t` from `v`, its element inside any explicit tags.
fn kind_from_value(
    schema: &Schema,
    t: &crate::schema::Ty,
    v: &Value<'_>,
    rules: EncodingRules,
    depth: usize,
) -> Result<SchemaValue, Mismatch> {
    Ok(match &t.kind {
        Kind::Placeholder => return Err("unresolved type".into()),
        Kind::Boolean => {
            // One octet (X.690 8.2.1); TRUE is FF in CER and DER (X.690 11.1). Checked here as
            // well because an implicitly tagged BOOLEAN reaches us as plain contents.
            let c = contents_of(v)?;
            match c.as_slice() {
                [0] => SchemaValue::Boolean(false),
                [0xFF] => SchemaValue::Boolean(true),
                [_] if rules == EncodingRules::Ber => SchemaValue::Boolean(true),
                [_] => return Err("X.690 11.1: BOOLEAN TRUE must be FF in CER/DER".into()),
                _ => return Err("X.690 8.2.1: BOOLEAN contents must be one octet".into()),
            }
        }
        Kind::Null => {
            if !contents_of(v)?.is_empty() {
                return Err("X.690 8.8.2: NULL contents must be empty".into());
            }
            SchemaValue::Null
        }
        Kind::Integer(_) => {
            let c = contents_of(v)?;
            if c.len() > 16 {
                // X.690 8.3.2 minimal form is checked by `integer_from_octets`.
                SchemaValue::integer_from_octets(&c).ok_or("X.690 8.3.2: INTEGER not in its minimal form")?
            } else {
                SchemaValue::Integer(int_of(&c)?)
            }
        }
        Kind::Enumerated { root, ext } => {
            let x = int_of(&contents_of(v)?)?;
            let (n, _) = root
                .iter()
                .chain(ext.iter().flatten())
                .find(|(_, y)| *y == x)
                .ok_or(format!("unknown enumeration value {x}"))?;
            SchemaValue::Enumerated(n.clone())
        }
        Kind::Real => {
            let c = contents_of(v)?;
            SchemaValue::Real(
                sg17_asn1::Real::from_contents(&c, rules, 0).map_err(|e| e.to_string())?.to_f64(),
            )
        }
        Kind::BitString(named) => {
            let (unused, data) = bit_string_contents(v, rules)?;
            let (unused, data) = (&unused, data.as_slice());
            let len = data.len() * 8 - usize::from(*unused);
            // The universal BIT STRING decoder checks this too, but an implicitly tagged one
            // arrives here as plain contents octets.
            if rules != EncodingRules::Ber && data.last().is_some_and(|l| l & !(0xFFu8 << *unused) != 0) {
                return Err("X.690 11.2.1: unused bits of a BIT STRING not zero in CER/DER".into());
            }
            if rules != EncodingRules::Ber && !named.is_empty() && len > 0 && !SchemaValue::bit(data, len - 1)
            {
                return Err("X.690 11.2.2: a named-bit BIT STRING must not end in a 0 bit in CER/DER".into());
            }
            // BER leaves the unused bits of the last octet free (only DER and CER require zero,
            // X.690 11.2.1); they are not part of the value, so they are cleared.
            let mut bits = data.to_vec();
            if let Some(last) = bits.last_mut() {
                *last &= 0xFFu8 << *unused;
            }
            SchemaValue::BitString { len: data.len() * 8 - usize::from(*unused), bits }
        }
        Kind::OctetString => SchemaValue::OctetString(string_contents(v, rules)?),
        Kind::ObjectIdentifier => SchemaValue::ObjectIdentifier(oid_arcs(&contents_of(v)?, false)?),
        Kind::RelativeOid => SchemaValue::RelativeOid(oid_arcs(&contents_of(v)?, true)?),
        Kind::String(s) => SchemaValue::String(string_from_octets(*s, &string_contents(v, rules)?)?),
        Kind::Sequence(f) | Kind::Set(f) => {
            let children = v.children_slice().ok_or("expected a constructed encoding")?;
            let set = matches!(t.kind, Kind::Set(_));
            let mut got: Vec<(Name, SchemaValue)> = Vec::new();
            let fields: Vec<_> = f.textual().collect();
            let mut i = 0;
            for (ci, child) in children.iter().enumerate() {
                let tag = child.tag();
                let pos = if set {
                    fields.iter().position(|x| {
                        schema.first_tags(x.ty, 0).contains(&tag)
                            || matches!(schema.get(x.ty).kind, Kind::Open(_))
                                && schema.first_tags(x.ty, 0).is_empty()
                    })
                } else {
                    fields[i..]
                        .iter()
                        .position(|x| {
                            schema.first_tags(x.ty, 0).contains(&tag) || schema.first_tags(x.ty, 0).is_empty()
                        })
                        .map(|p| p + i)
                };
                match pos {
                    Some(p) => {
                        if !set {
                            i = p + 1;
                        }
                        if got.iter().any(|(n, _)| *n == fields[p].name) {
                            return Err(Mismatch::from(format!(
                                "component `{}` appears twice",
                                fields[p].name
                            ))
                            .in_child(ci));
                        }
                        let x = from_value(schema, fields[p].ty, child, rules, depth + 1).map_err(|e| {
                            Mismatch { msg: format!("{}: {}", fields[p].name, e.msg), ..e }.in_child(ci)
                        })?;
                        got.push((fields[p].name.clone(), x));
                    }
                    None if f.extensible => {}
                    None => {
                        return Err(
                            Mismatch::from(format!("unexpected component with tag {tag}")).in_child(ci)
                        );
                    }
                }
            }
            let present: Vec<Name> = got.iter().map(|(n, _)| n.clone()).collect();
            let present: Vec<&str> = present.iter().map(|n| &**n).collect();
            let mut out = Vec::new();
            for x in &fields {
                if let Some(p) = got.iter().position(|(n, _)| *n == x.name) {
                    out.push(got.swap_remove(p));
                } else if !x.optional && !f.addition_absent(&x.name, &present) {
                    return Err(format!("mandatory component `{}` is missing", x.name).into());
                }
            }
            if set { SchemaValue::Set(out) } else { SchemaValue::Sequence(out) }
        }
        Kind::SequenceOf(e) | Kind::SetOf(e) => {
            let children = v.children_slice().ok_or("expected a constructed encoding")?;
            let items = children
                .iter()
                .enumerate()
                .map(|(i, c)| from_value(schema, *e, c, rules, depth + 1).map_err(|m| m.in_child(i)))
                .collect::<Result<Vec<_>, _>>()?;
            if matches!(t.kind, Kind::SequenceOf(_)) {
                SchemaValue::SequenceOf(items)
            } else {
                SchemaValue::SetOf(items)
            }
        }
        Kind::Choice { root, additions, extensible } => {
            let tag = v.tag();
            match root.iter().chain(additions.iter()).find(|f| schema.first_tags(f.ty, 0).contains(&tag)) {
                Some(f) => SchemaValue::Choice(
                    f.name.clone(),
                    Box::new(
                        from_value(schema, f.ty, v, rules, depth + 1)
                            .map_err(|e| Mismatch { msg: format!("{}: {}", f.name, e.msg), ..e })?,
                    ),
                ),
                None if *extensible => SchemaValue::Choice(
                    Name::from(""),
                    Box::new(SchemaValue::Open(sg17_asn1::encode(v, rules))),
                ),
                None => return Err(format!("no alternative has tag {tag}").into()),
            }
        }
        Kind::Open(_) => SchemaValue::Open(sg17_asn1::encode(v, rules)),
    })
}
