//! A schema-less value tree: any BER/CER/DER encoding decoded into typed universal values,
//! with tagged values kept generic (X.690 8 for the contents rules of each type).

use crate::error::{Error, ErrorKind, Result};
use crate::reader::{Reader, Tlv};
use crate::rules::{EncodingRules, Limits};
use crate::tag::{Class, Tag};
use crate::types::bit_string::BitString;
use crate::types::integer::Integer;
use crate::types::octet_string::string_contents;
use crate::types::oid::{ObjectIdentifier, RelativeOid, write_arcs};
use crate::types::real::Real;
use crate::types::strings::StringKind;
use crate::types::time::DateTime;
use crate::types::{boolean, primitive};
use core::fmt;
use std::borrow::Cow;

/// A decoded value. Primitive contents borrow from the input unless a constructed BER/CER
/// string had to be reassembled.
///
/// ```
/// use sg17_asn1::{Value, EncodingRules};
/// let der = [0x30, 0x09, 0x02, 0x01, 0x05, 0x06, 0x04, 0x2a, 0x86, 0x48, 0x0d];
/// let v = Value::decode(&der, EncodingRules::Der)?;
/// assert_eq!(v.to_string(), "SEQUENCE { 5, { 1 2 840 13 } }");
/// assert_eq!(v.to_der(), der); // DER re-encoding is the identity
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// BOOLEAN (X.690 8.2).
    Boolean(bool),
    /// INTEGER contents octets, validated (X.690 8.3).
    Integer(Cow<'a, [u8]>),
    /// ENUMERATED contents octets, validated (X.690 8.4).
    Enumerated(Cow<'a, [u8]>),
    /// BIT STRING (X.690 8.6).
    BitString(BitString<'a>),
    /// OCTET STRING (X.690 8.7).
    OctetString(Cow<'a, [u8]>),
    /// NULL (X.690 8.8).
    Null,
    /// OBJECT IDENTIFIER contents octets, validated (X.690 8.19).
    ObjectIdentifier(Cow<'a, [u8]>),
    /// RELATIVE-OID contents octets, validated (X.690 8.20).
    RelativeOid(Cow<'a, [u8]>),
    /// REAL contents octets, validated (X.690 8.5).
    Real(Cow<'a, [u8]>),
    /// A character string type and its contents octets, validated (X.690 8.23).
    String(StringKind, Cow<'a, [u8]>),
    /// UTCTime contents, validated (X.680 47).
    UtcTime(Cow<'a, [u8]>),
    /// GeneralizedTime contents, validated (X.680 46).
    GeneralizedTime(Cow<'a, [u8]>),
    /// SEQUENCE or SEQUENCE OF (X.690 8.9, 8.10).
    Sequence(Vec<Value<'a>>),
    /// SET or SET OF (X.690 8.11, 8.12).
    Set(Vec<Value<'a>>),
    /// Any other constructed encoding: EXTERNAL (8.18), EMBEDDED PDV, CHARACTER STRING, and
    /// application, context-specific or private tags.
    Constructed(Tag, Vec<Value<'a>>),
    /// Any other primitive encoding: non-universal tags and unknown universal types.
    Primitive(Tag, Cow<'a, [u8]>),
}

/// What a value-tree decode may still spend, and its scratch stack: children are decoded onto
/// `stack` and moved into one exactly sized `Vec` per container, so no `Vec` is regrown.
struct Budget<'a> {
    alloc: usize,
    nodes: usize,
    stack: Vec<Value<'a>>,
}

impl Budget<'_> {
    fn new(limits: &Limits) -> Self {
        Budget { alloc: limits.max_alloc, nodes: limits.max_nodes, stack: Vec::new() }
    }
}

impl<'a> Value<'a> {
    /// Decodes exactly one encoding under `rules` with default [`Limits`].
    pub fn decode(data: &'a [u8], rules: EncodingRules) -> Result<Self> {
        Self::decode_with_limits(data, rules, Limits::default())
    }

    /// Decodes exactly one encoding under `rules` and `limits`.
    pub fn decode_with_limits(data: &'a [u8], rules: EncodingRules, limits: Limits) -> Result<Self> {
        let mut r = Reader::with_limits(data, rules, limits);
        let tlv = r.read_required()?;
        let mut budget = Budget::new(&limits);
        let v = Self::from_tlv_budget(&tlv, &mut budget)?;
        r.finish()?;
        Ok(v)
    }

    /// Decodes one element already read by a [`Reader`].
    pub fn from_tlv(tlv: &Tlv<'a>) -> Result<Self> {
        Self::from_tlv_budget(tlv, &mut Budget::new(&tlv.limits()))
    }

    /// Recursion goes through this small function and [`Self::children`] only; everything
    /// else lives in [`Self::leaf`], out of line, so that each nesting level costs little
    /// stack even in debug builds (`Limits::DEPTH_CEILING` levels must fit a 2 MiB thread).
    fn from_tlv_budget(tlv: &Tlv<'a>, budget: &mut Budget<'a>) -> Result<Self> {
        if budget.nodes == 0 {
            return Err(tlv.error(ErrorKind::NodeLimitExceeded));
        }
        budget.nodes -= 1;
        match Self::leaf(tlv, budget)? {
            Some(v) => Ok(v),
            None => Self::container(tlv, budget),
        }
    }

    #[inline(never)]
    fn container(tlv: &Tlv<'a>, budget: &mut Budget<'a>) -> Result<Self> {
        let tag = tlv.tag();
        let check_set_order = tag == Tag::SET && tlv.rules().is_canonical();
        let items = Self::children(tlv, budget, check_set_order)?;
        Ok(match tag {
            Tag::SEQUENCE => Value::Sequence(items),
            Tag::SET => Value::Set(items),
            _ => Value::Constructed(tag, items),
        })
    }

    /// Decodes everything but the children of a constructed value; `None` means "a container:
    /// decode its children".
    #[inline(never)]
    fn leaf(tlv: &Tlv<'a>, budget: &mut Budget<'a>) -> Result<Option<Self>> {
        let tag = tlv.tag();
        let rules = tlv.rules();
        let off = tlv.offset();
        if tag.class != Class::Universal {
            return Ok((!tlv.is_constructed()).then(|| Value::Primitive(tag, Cow::Borrowed(tlv.contents()))));
        }
        let b = Cow::Borrowed;
        Ok(Some(match tag.number {
            1 => Value::Boolean(boolean::decode_contents(primitive(tlv, 1)?, rules, off)?),
            2 => Value::Integer(b(Integer::from_contents(primitive(tlv, 2)?, off)?.as_bytes())),
            10 => Value::Enumerated(b(Integer::from_contents(primitive(tlv, 10)?, off)?.as_bytes())),
            3 => Value::BitString(BitString::decode_with_budget(tlv, &mut budget.alloc)?),
            4 => Value::OctetString(string_contents(tlv, &mut budget.alloc)?),
            5 => {
                if !primitive(tlv, 5)?.is_empty() {
                    return Err(tlv.error(ErrorKind::NullNotEmpty));
                }
                Value::Null
            }
            6 => Value::ObjectIdentifier(b(
                ObjectIdentifier::from_contents(primitive(tlv, 6)?, off)?.as_bytes()
            )),
            13 => Value::RelativeOid(b(RelativeOid::from_contents(primitive(tlv, 13)?, off)?.as_bytes())),
            9 => Value::Real(b(Real::from_contents(primitive(tlv, 9)?, rules, off)?.as_bytes())),
            23 => {
                let c = string_contents(tlv, &mut budget.alloc)?;
                StringKind::Visible
                    .validate(&c, tlv.contents_offset())
                    .map_err(|_| tlv.error(ErrorKind::InvalidUtcTime))?;
                DateTime::parse_utc(&c, rules, off)?;
                Value::UtcTime(c)
            }
            24 => {
                let c = string_contents(tlv, &mut budget.alloc)?;
                StringKind::Visible
                    .validate(&c, tlv.contents_offset())
                    .map_err(|_| tlv.error(ErrorKind::InvalidGeneralizedTime))?;
                DateTime::parse_generalized(&c, rules, off)?;
                Value::GeneralizedTime(c)
            }
            16 | 17 | 8 | 11 | 29 => {
                if !tlv.is_constructed() {
                    return Err(tlv.error(ErrorKind::ExpectedConstructed(tag.number)));
                }
                if tag.number == 8 {
                    // X.690 8.18.1: check the EXTERNAL structure; the tree keeps it generic.
                    let _: crate::types::external::External<'_> = crate::Decode::decode(tlv)?;
                }
                return Ok(None);
            }
            n => match StringKind::from_universal(n) {
                Some(kind) => {
                    let c = string_contents(tlv, &mut budget.alloc)?;
                    // Character errors are located inside the contents when primitive.
                    match kind.validate(&c, tlv.contents_offset()) {
                        Ok(()) => {}
                        Err(e) if tlv.is_constructed() => return Err(Error::new(e.kind(), off)),
                        Err(e) => return Err(e),
                    }
                    Value::String(kind, c)
                }
                None if tlv.is_constructed() => return Ok(None),
                None => Value::Primitive(tag, Cow::Borrowed(tlv.contents())),
            },
        }))
    }

    fn children(tlv: &Tlv<'a>, budget: &mut Budget<'a>, check_set_order: bool) -> Result<Vec<Self>> {
        let mut r = tlv.reader()?;
        let base = budget.stack.len();
        // For the SET checks, without collecting the components: the previous one, and the
        // first out-of-order tag and encoding (X.690 10.3, 11.6).
        let mut prev: Option<(Tag, &'a [u8])> = None;
        let mut tag_violation = None;
        let mut octet_violation = None;
        loop {
            let index = budget.stack.len() - base;
            let Some(child) = r.read_tlv().map_err(|e| Self::at(e, tlv, index))? else { break };
            let v = Self::from_tlv_budget(&child, budget).map_err(|e| Self::at(e, tlv, index))?;
            if check_set_order {
                if let Some((tag, raw)) = prev {
                    if tag_violation.is_none() && tag >= child.tag() {
                        tag_violation = Some(child.offset());
                    }
                    if octet_violation.is_none() && raw > child.raw() {
                        octet_violation = Some(child.offset());
                    }
                }
                prev = Some((child.tag(), child.raw()));
            }
            budget.stack.push(v);
        }
        if check_set_order {
            Self::check_set_order(tlv, tag_violation, octet_violation)?;
        }
        // One allocation of exactly the children's number, filled by one copy.
        Ok(budget.stack.split_off(base))
    }

    /// Adds `PARENT[index]` to the path of an error from a child.
    #[cold]
    #[inline(never)]
    fn at(e: Error, parent: &Tlv<'_>, index: usize) -> Error {
        e.in_path(&format!("{}[{index}]", Self::path_name(parent.tag())))
    }

    /// X.690 10.3 / 9.3 / 11.6 on the components of a CER/DER SET (see [`set_canonical_kind`]),
    /// given the offsets of the first component out of tag order and out of encoding order.
    #[inline(never)]
    fn check_set_order(
        tlv: &Tlv<'_>,
        tag_violation: Option<usize>,
        octet_violation: Option<usize>,
    ) -> Result<()> {
        // Tags in strictly ascending order are distinct; only otherwise are they collected.
        let tags_distinct = tag_violation.is_none() || Self::tags_distinct(tlv)?;
        match set_canonical_kind(tags_distinct, tag_violation.is_none(), octet_violation.is_none()) {
            Ok(()) => Ok(()),
            Err(ErrorKind::SetOrdering) => {
                let kind = if tlv.rules() == EncodingRules::Cer {
                    ErrorKind::SetOrderingCer
                } else {
                    ErrorKind::SetOrdering
                };
                Err(Error::new(kind, tag_violation.unwrap_or(tlv.offset())))
            }
            Err(kind) => Err(Error::new(kind, octet_violation.unwrap_or(tlv.offset()))),
        }
    }

    /// Whether the components of an already decoded SET have pairwise distinct tags.
    fn tags_distinct(tlv: &Tlv<'_>) -> Result<bool> {
        let mut r = tlv.reader()?;
        let mut tags = Vec::new();
        while let Some(c) = r.read_tlv()? {
            tags.push(c.tag());
        }
        tags.sort_unstable();
        Ok(tags.windows(2).all(|w| w[0] != w[1]))
    }

    fn path_name(tag: Tag) -> String {
        match tag.universal_name() {
            Some(n) => n.to_owned(),
            None => tag.to_string(),
        }
    }

    /// The tag this value encodes with.
    #[must_use]
    pub fn tag(&self) -> Tag {
        match self {
            Value::Boolean(_) => Tag::BOOLEAN,
            Value::Integer(_) => Tag::INTEGER,
            Value::Enumerated(_) => Tag::ENUMERATED,
            Value::BitString(_) => Tag::BIT_STRING,
            Value::OctetString(_) => Tag::OCTET_STRING,
            Value::Null => Tag::NULL,
            Value::ObjectIdentifier(_) => Tag::OBJECT_IDENTIFIER,
            Value::RelativeOid(_) => Tag::RELATIVE_OID,
            Value::Real(_) => Tag::REAL,
            Value::String(k, _) => k.tag(),
            Value::UtcTime(_) => Tag::UTC_TIME,
            Value::GeneralizedTime(_) => Tag::GENERALIZED_TIME,
            Value::Sequence(_) => Tag::SEQUENCE,
            Value::Set(_) => Tag::SET,
            Value::Constructed(t, _) | Value::Primitive(t, _) => *t,
        }
    }

    /// The children of a constructed value.
    #[must_use]
    pub fn children_slice(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Sequence(v) | Value::Set(v) | Value::Constructed(_, v) => Some(v),
            _ => None,
        }
    }

    /// An INTEGER value.
    #[must_use]
    pub fn integer(v: i128) -> Value<'static> {
        Value::Integer(Cow::Owned(crate::types::integer::encode_i128(v)))
    }

    /// An OBJECT IDENTIFIER from dotted notation.
    pub fn oid(dotted: &str) -> core::result::Result<Value<'static>, crate::types::oid::OidParseError> {
        let o: crate::types::oid::Oid = dotted.parse()?;
        Ok(Value::ObjectIdentifier(Cow::Owned(o.as_bytes().to_vec())))
    }

    /// A REAL in canonical binary form (X.690 11.3.1).
    #[must_use]
    pub fn real(v: f64) -> Value<'static> {
        Value::Real(Cow::Owned(Real::encode_f64(v)))
    }

    /// A string of the given kind; errors if a character is outside the type's set.
    pub fn string(kind: StringKind, s: &str) -> Result<Value<'static>> {
        Ok(Value::String(kind, Cow::Owned(kind.encode(s)?)))
    }

    /// Detaches from the input.
    #[must_use]
    pub fn into_owned(self) -> Value<'static> {
        let o = |c: Cow<'a, [u8]>| Cow::Owned(c.into_owned());
        let all = |v: Vec<Value<'a>>| v.into_iter().map(Value::into_owned).collect();
        match self {
            Value::Boolean(b) => Value::Boolean(b),
            Value::Integer(c) => Value::Integer(o(c)),
            Value::Enumerated(c) => Value::Enumerated(o(c)),
            Value::BitString(b) => Value::BitString(b.into_owned()),
            Value::OctetString(c) => Value::OctetString(o(c)),
            Value::Null => Value::Null,
            Value::ObjectIdentifier(c) => Value::ObjectIdentifier(o(c)),
            Value::RelativeOid(c) => Value::RelativeOid(o(c)),
            Value::Real(c) => Value::Real(o(c)),
            Value::String(k, c) => Value::String(k, o(c)),
            Value::UtcTime(c) => Value::UtcTime(o(c)),
            Value::GeneralizedTime(c) => Value::GeneralizedTime(o(c)),
            Value::Sequence(v) => Value::Sequence(all(v)),
            Value::Set(v) => Value::Set(all(v)),
            Value::Constructed(t, v) => Value::Constructed(t, all(v)),
            Value::Primitive(t, c) => Value::Primitive(t, o(c)),
        }
    }
}

/// X.690 10.3 / 11.6 for a schema-less SET: components with pairwise distinct tags must be in
/// canonical tag order (a SET); otherwise the elements must be in ascending order of their
/// encodings (a SET OF). Without a schema, a SET OF whose elements happen to have distinct tags
/// (a SET OF CHOICE) is held to the SET rule; the writer sorts the same way, so DER decoding
/// and re-encoding agree.
pub(crate) fn set_canonical_kind(
    tags_distinct: bool,
    tags_sorted: bool,
    octets_sorted: bool,
) -> core::result::Result<(), ErrorKind> {
    if tags_distinct {
        if tags_sorted { Ok(()) } else { Err(ErrorKind::SetOrdering) }
    } else if octets_sorted {
        Ok(())
    } else {
        Err(ErrorKind::SetOfOrdering)
    }
}

fn hex(b: &[u8]) -> String {
    use fmt::Write;
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

impl fmt::Display for Value<'_> {
    /// ASN.1 value notation (X.680), with the type name before constructed and tagged values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, name: &str, v: &[Value<'_>]| -> fmt::Result {
            write!(f, "{name} {{")?;
            for (i, x) in v.iter().enumerate() {
                write!(f, "{}{x}", if i == 0 { " " } else { ", " })?;
            }
            f.write_str(if v.is_empty() { "}" } else { " }" })
        };
        match self {
            Value::Boolean(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
            Value::Integer(c) | Value::Enumerated(c) => match Integer::from_contents(c, 0) {
                Ok(i) => write!(f, "{i}"),
                Err(_) => write!(f, "'{}'H", hex(c)),
            },
            Value::BitString(b) => {
                if b.unused_bits() == 0 {
                    write!(f, "'{}'H", hex(b.data()).to_uppercase())
                } else {
                    f.write_str("'")?;
                    for bit in b.bits() {
                        f.write_str(if bit { "1" } else { "0" })?;
                    }
                    f.write_str("'B")
                }
            }
            Value::OctetString(c) => write!(f, "'{}'H", hex(c).to_uppercase()),
            Value::Null => f.write_str("NULL"),
            Value::ObjectIdentifier(c) => match ObjectIdentifier::from_contents(c, 0) {
                Ok(o) => write_arcs(f, o.arcs(), true),
                Err(_) => write!(f, "'{}'H", hex(c)),
            },
            Value::RelativeOid(c) => match RelativeOid::from_contents(c, 0) {
                Ok(o) => write_arcs(f, o.arcs(), true),
                Err(_) => write!(f, "'{}'H", hex(c)),
            },
            Value::Real(c) => match Real::from_contents(c, EncodingRules::Ber, 0) {
                Ok(r) => write!(f, "{r}"),
                Err(_) => write!(f, "'{}'H", hex(c)),
            },
            Value::String(k, c) => match k.decode(c, 0) {
                Ok(Some(s)) => write!(f, "\"{}\"", s.replace('"', "\"\"")),
                _ => write!(f, "'{}'H", hex(c).to_uppercase()),
            },
            Value::UtcTime(c) | Value::GeneralizedTime(c) => {
                write!(f, "\"{}\"", String::from_utf8_lossy(c))
            }
            Value::Sequence(v) => list(f, "SEQUENCE", v),
            Value::Set(v) => list(f, "SET", v),
            Value::Constructed(t, v) => list(f, &t.to_string(), v),
            Value::Primitive(t, c) => write!(f, "{t} '{}'H", hex(c).to_uppercase()),
        }
    }
}

#[cfg(feature = "json")]
impl Value<'_> {
    /// A JSON form of the value, stable across releases; the conformance vectors' expected
    /// values use it (see `vectors/README.md`).
    ///
    /// ```
    /// use sg17_asn1::{Value, EncodingRules};
    /// let v = Value::decode(&[0x02, 0x02, 0xff, 0x7f], EncodingRules::Der)?;
    /// assert_eq!(v.to_json(), serde_json::json!({"type": "INTEGER", "value": "-129"}));
    /// # Ok::<(), sg17_asn1::Error>(())
    /// ```
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        let ty = self.tag().to_string();
        let items = |v: &[Value<'_>]| serde_json::Value::Array(v.iter().map(Value::to_json).collect());
        match self {
            Value::Boolean(b) => json!({"type": ty, "value": b}),
            Value::Integer(c) | Value::Enumerated(c) => {
                // Display: decimal, or hex past MAX_DECIMAL_OCTETS to stay linear-time.
                let s = Integer::from_contents(c, 0).map(|i| i.to_string()).unwrap_or_default();
                json!({"type": ty, "value": s})
            }
            Value::BitString(b) => {
                let bits: String = b.bits().map(|x| if x { '1' } else { '0' }).collect();
                json!({"type": ty, "bits": bits, "hex": hex(b.data()), "unused": b.unused_bits()})
            }
            Value::OctetString(c) => json!({"type": ty, "hex": hex(c)}),
            Value::Null => json!({"type": ty}),
            Value::ObjectIdentifier(c) => json!({"type": ty,
                "value": ObjectIdentifier::from_contents(c, 0).map(|o| o.to_string()).unwrap_or_default()}),
            Value::RelativeOid(c) => json!({"type": ty,
                "value": RelativeOid::from_contents(c, 0).map(|o| o.to_string()).unwrap_or_default()}),
            Value::Real(c) => {
                let r = Real::from_contents(c, EncodingRules::Ber, 0).map(|r| r.to_f64()).unwrap_or(f64::NAN);
                let v = if r.is_nan() {
                    json!("NOT-A-NUMBER")
                } else if r == f64::INFINITY {
                    json!("PLUS-INFINITY")
                } else if r == f64::NEG_INFINITY {
                    json!("MINUS-INFINITY")
                } else if r == 0.0 && r.is_sign_negative() {
                    json!("-0")
                } else {
                    json!(r)
                };
                json!({"type": ty, "value": v})
            }
            Value::String(k, c) => match k.decode(c, 0) {
                Ok(Some(s)) => json!({"type": ty, "value": s, "hex": hex(c)}),
                _ => json!({"type": ty, "hex": hex(c)}),
            },
            Value::UtcTime(c) => {
                let iso = DateTime::parse_utc(c, EncodingRules::Ber, 0).map(|t| t.to_string()).ok();
                json!({"type": ty, "value": String::from_utf8_lossy(c), "iso": iso})
            }
            Value::GeneralizedTime(c) => {
                let iso = DateTime::parse_generalized(c, EncodingRules::Ber, 0).map(|t| t.to_string()).ok();
                json!({"type": ty, "value": String::from_utf8_lossy(c), "iso": iso})
            }
            Value::Sequence(v) | Value::Set(v) => json!({"type": ty, "items": items(v)}),
            Value::Constructed(_, v) => json!({"type": ty, "constructed": true, "items": items(v)}),
            Value::Primitive(_, c) => json!({"type": ty, "hex": hex(c)}),
        }
    }
}
