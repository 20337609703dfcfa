//! X.501 names: `Name ::= RDNSequence`, multi-valued RDNs, attribute values of every
//! DirectoryString choice (X.520), RFC 4514 strings both ways and RFC 5280 7.1 comparison.

mod compare;
mod rfc4514;

pub use rfc4514::{DistinguishedName, ParsedValue, Rfc4514Error};

use crate::der::{Fields, expect};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::fast;
use crate::oids;
use core::fmt;
use sg17_asn1::{ObjectIdentifier, StringKind, Tag, Tlv};
use std::borrow::Cow;

/// Limits applied while validating a name (hostile inputs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NameLimits {
    pub(crate) max_len: usize,
    pub(crate) max_attributes: usize,
}

/// A distinguished name (X.501 `Name`, RFC 5280 4.1.2.4), borrowed and validated.
///
/// ```
/// use sg17_x509::Name;
/// // SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UTF8String "a,b" } } }
/// let der = [0x30, 0x0e, 0x31, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x03, b'a', b',', b'b'];
/// let name = Name::from_der(&der)?;
/// assert_eq!(name.to_string(), r"CN=a\,b");
/// assert_eq!(name.common_name().as_deref(), Some("a,b"));
/// # Ok::<(), sg17_x509::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Name<'a> {
    tlv: Tlv<'a>,
    attributes: usize,
}

impl<'a> Name<'a> {
    pub(crate) fn decode(tlv: &Tlv<'a>, limits: NameLimits) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 4.1.2.4";
        expect(tlv, Tag::SEQUENCE, CLAUSE)?;
        if tlv.raw().len() > limits.max_len {
            return Err(Error::new(ErrorKind::LimitExceeded, tlv.offset(), "limit: max_name_len"));
        }
        // The scanner does not track depth: use it only where the full path below cannot hit
        // the depth limit (it reads the name, its RDN SETs and their SEQUENCEs).
        if tlv.depth() + 3 <= tlv.limits().max_depth
            && let Some(attributes) = fast_validate(tlv.contents(), limits)
        {
            return Ok(Name { tlv: *tlv, attributes });
        }
        let mut rdns = Fields::of(tlv, CLAUSE)?;
        let mut attributes = 0;
        let mut i = 0;
        while let Some(set) = rdns.next()? {
            Rdn::validate(&set, &mut attributes, limits).at_index("rdn", i)?;
            i += 1;
        }
        Ok(Name { tlv: *tlv, attributes })
    }

    /// Decodes a stand-alone DER `Name`.
    pub fn from_der(der: &'a [u8]) -> Result<Self> {
        let tlv = crate::der::one(der, sg17_asn1::Limits::default())?;
        Self::decode(&tlv, crate::ParseOptions::default().name_limits())
    }

    /// The DER encoding.
    #[must_use]
    pub fn raw(&self) -> &'a [u8] {
        self.tlv.raw()
    }
    /// Whether the name has no RDN.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.tlv.contents().is_empty()
    }
    /// Number of attributes over all RDNs.
    #[must_use]
    pub const fn attribute_count(&self) -> usize {
        self.attributes
    }
    /// The RDNs in encoded order (most significant first).
    #[must_use]
    pub fn rdns(&self) -> Rdns<'a> {
        Rdns { data: self.tlv.contents(), pos: 0 }
    }
    /// Every attribute in encoded order.
    pub fn attributes(&self) -> impl Iterator<Item = AttributeTypeAndValue<'a>> + 'a {
        Attributes { rdns: self.tlv.contents(), rdn: &[], pos: 0, rdn_pos: 0 }
    }
    /// The values of attributes of type `oid`, in order.
    pub fn values_of(&self, oid: oids::KnownOid) -> impl Iterator<Item = AttributeValue<'a>> + 'a {
        self.attributes().filter(move |a| oid.matches(&a.oid)).map(|a| a.value)
    }
    /// The last (most specific) commonName as text, if any.
    #[must_use]
    pub fn common_name(&self) -> Option<Cow<'a, str>> {
        self.values_of(oids::CN).last().and_then(|v| v.as_str())
    }

    /// RFC 5280 7.1 comparison (see [`Name::matches`]).
    #[must_use]
    pub fn matches(&self, other: &Name<'_>) -> bool {
        compare::names_match(self, other)
    }
}

impl fmt::Display for Name<'_> {
    /// RFC 4514 string, as `openssl -nameopt RFC2253` prints it (last RDN first).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        rfc4514::write_name(self, f)
    }
}

impl PartialEq for Name<'_> {
    /// Equality of encodings; see [`Name::matches`] for RFC 5280 7.1.
    fn eq(&self, other: &Self) -> bool {
        self.raw() == other.raw()
    }
}

/// Fast validation of RDNSequence contents with the DER scanner: the same rules as the full
/// path below (structure, SET OF order, attribute value character sets, limits); `None`
/// sends the caller to the full path for the precise error.
fn fast_validate(data: &[u8], limits: NameLimits) -> Option<usize> {
    let mut count = 0;
    let mut pos = 0;
    while pos < data.len() {
        let set = fast::next(data, &mut pos)?;
        if set.tag != Tag::SET || !set.constructed || set.contents.is_empty() {
            return None;
        }
        let mut prev: &[u8] = &[];
        let mut p = 0;
        while p < set.contents.len() {
            let atv = fast::next(set.contents, &mut p)?;
            count += 1;
            if atv.tag != Tag::SEQUENCE
                || !atv.constructed
                || count > limits.max_attributes
                || (!prev.is_empty() && prev > atv.raw)
            {
                return None;
            }
            prev = atv.raw;
            let mut q = 0;
            let o = fast::next(atv.contents, &mut q)?;
            let v = fast::next(atv.contents, &mut q)?;
            if q != atv.contents.len() || o.tag != Tag::OBJECT_IDENTIFIER || o.constructed {
                return None;
            }
            ObjectIdentifier::from_contents(o.contents, 0).ok()?;
            let value = AttributeValue::from_el(v);
            if let Some(kind) = value.string_kind() {
                if v.constructed {
                    return None;
                }
                kind.validate(v.contents, 0).ok()?;
            }
        }
    }
    Some(count)
}

/// Iterator over the RDNs of a validated [`Name`].
#[derive(Clone, Debug)]
pub struct Rdns<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Rdns<'a> {
    type Item = Rdn<'a>;
    fn next(&mut self) -> Option<Rdn<'a>> {
        // Already validated: a failure here cannot happen; stop rather than panic.
        fast::next(self.data, &mut self.pos).map(|e| Rdn(e.contents))
    }
}

/// Every attribute of a validated [`Name`]: a two-level walk over the RDN SETs and their
/// elements (no nested iterator adapters; this runs on every name access).
struct Attributes<'a> {
    rdns: &'a [u8],
    /// Contents of the current RDN SET.
    rdn: &'a [u8],
    pos: usize,
    rdn_pos: usize,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = AttributeTypeAndValue<'a>;
    #[inline]
    fn next(&mut self) -> Option<AttributeTypeAndValue<'a>> {
        while self.rdn_pos >= self.rdn.len() {
            // Already validated: a failure here cannot happen; stop rather than panic.
            self.rdn = fast::next(self.rdns, &mut self.pos)?.contents;
            self.rdn_pos = 0;
        }
        AttributeTypeAndValue::decode_validated(fast::next(self.rdn, &mut self.rdn_pos)?.contents)
    }
}

/// A relative distinguished name: a SET OF attribute type and value (X.501 9.3).
#[derive(Clone, Copy, Debug)]
pub struct Rdn<'a>(&'a [u8]);

impl<'a> Rdn<'a> {
    fn validate(set: &Tlv<'a>, count: &mut usize, limits: NameLimits) -> Result<()> {
        const CLAUSE: &str = "RFC 5280 4.1.2.4";
        expect(set, Tag::SET, CLAUSE)?;
        let mut f = Fields::of(set, CLAUSE)?;
        let mut prev: Option<&[u8]> = None;
        let mut j = 0;
        while let Some(atv) = f.next()? {
            *count += 1;
            if *count > limits.max_attributes {
                return Err(Error::new(ErrorKind::LimitExceeded, atv.offset(), "limit: max_name_attributes"));
            }
            AttributeTypeAndValue::decode(&atv).at_index("", j)?;
            // X.690 11.6: SET OF components in ascending order of their encodings.
            if prev.is_some_and(|p| p > atv.raw()) {
                return Err(Error::new(
                    ErrorKind::Der(sg17_asn1::ErrorKind::SetOfOrdering),
                    atv.offset(),
                    "X.690 11.6",
                ));
            }
            prev = Some(atv.raw());
            j += 1;
        }
        if j == 0 {
            return Err(Error::new(ErrorKind::EmptySequence, set.offset(), "X.501 9.3"));
        }
        Ok(())
    }
    /// The attributes of this RDN.
    pub fn attributes(self) -> impl Iterator<Item = AttributeTypeAndValue<'a>> + 'a {
        let data = self.0;
        let mut pos = 0;
        core::iter::from_fn(move || {
            AttributeTypeAndValue::decode_validated(fast::next(data, &mut pos)?.contents)
        })
    }
    /// Number of attributes (more than one for a multi-valued RDN).
    #[must_use]
    pub fn len(&self) -> usize {
        self.attributes().count()
    }
    /// Always false for a validated RDN (SIZE (1..MAX)).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }` (X.501).
#[derive(Clone, Copy, Debug)]
pub struct AttributeTypeAndValue<'a> {
    /// The attribute type.
    pub oid: ObjectIdentifier<'a>,
    /// The value.
    pub value: AttributeValue<'a>,
}

impl<'a> AttributeTypeAndValue<'a> {
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 4.1.2.4";
        expect(tlv, Tag::SEQUENCE, CLAUSE)?;
        let mut f = Fields::of(tlv, CLAUSE)?;
        let oid = crate::der::oid(&f.req(Tag::OBJECT_IDENTIFIER)?).at("type")?;
        let v = f.any()?;
        f.finish()?;
        validate_value(&v).at("value")?;
        Ok(AttributeTypeAndValue {
            oid,
            value: AttributeValue::from_el(fast::El {
                tag: v.tag(),
                constructed: v.is_constructed(),
                contents: v.contents(),
                raw: v.raw(),
            }),
        })
    }
    /// Re-reads an element that [`AttributeTypeAndValue::decode`] already accepted: no
    /// checks beyond what is needed to split it (iteration runs on every access).
    #[inline]
    fn decode_validated(contents: &'a [u8]) -> Option<Self> {
        let mut p = 0;
        let o = fast::next(contents, &mut p)?;
        let v = fast::next(contents, &mut p)?;
        let oid = ObjectIdentifier::from_contents(o.contents, 0).ok()?;
        Some(AttributeTypeAndValue { oid, value: AttributeValue::from_el(v) })
    }
    /// The openssl short name of the type (`CN`, `O`, `emailAddress`, ...), if registered.
    #[must_use]
    pub fn short_name(&self) -> Option<&'static str> {
        oids::short_name(&self.oid)
    }
}

/// Checks a value's DER form and character set (X.680 41, X.690 10.2).
fn validate_value(v: &Tlv<'_>) -> Result<()> {
    let value = AttributeValue::from_el(fast::El {
        tag: v.tag(),
        constructed: v.is_constructed(),
        contents: v.contents(),
        raw: v.raw(),
    });
    if let Some(kind) = value.string_kind() {
        if v.is_constructed() {
            return Err(Error::new(
                ErrorKind::Der(sg17_asn1::ErrorKind::ConstructedStringForbidden),
                v.offset(),
                "X.690 10.2",
            ));
        }
        kind.validate(v.contents(), v.contents_offset())
            .map_err(|e| Error::new(ErrorKind::InvalidAttributeValue, e.offset(), e.clause()))?;
    }
    Ok(())
}

/// An attribute value: any ASN.1 element, usually a DirectoryString choice.
#[derive(Clone, Copy, Debug)]
pub struct AttributeValue<'a> {
    tag: Tag,
    contents: &'a [u8],
    raw: &'a [u8],
}

impl<'a> AttributeValue<'a> {
    fn from_el(e: fast::El<'a>) -> Self {
        AttributeValue { tag: e.tag, contents: e.contents, raw: e.raw }
    }
    /// The value's tag.
    #[must_use]
    pub fn tag(&self) -> Tag {
        self.tag
    }
    /// The whole DER encoding of the value.
    #[must_use]
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }
    /// Contents octets.
    #[must_use]
    pub fn contents(&self) -> &'a [u8] {
        self.contents
    }
    /// The string type, if the value is a universal character string.
    #[must_use]
    pub fn string_kind(&self) -> Option<StringKind> {
        if self.tag.class != sg17_asn1::Class::Universal {
            return None;
        }
        match self.tag.number {
            12 | 18 | 19 | 20 | 22 | 26 | 28 | 30 => StringKind::from_universal(self.tag.number),
            _ => None,
        }
    }
    /// The value as text: UTF-8/Printable/IA5/Visible/Numeric as they are, BMP and
    /// Universal decoded, TeletexString read as ISO 8859-1 (as openssl does).
    #[must_use]
    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        let kind = self.string_kind()?;
        let c = self.contents;
        if kind == StringKind::Teletex {
            return Some(match core::str::from_utf8(c) {
                Ok(s) if c.is_ascii() => Cow::Borrowed(s),
                _ => Cow::Owned(c.iter().map(|&b| char::from(b)).collect()),
            });
        }
        kind.decode(c, 0).ok().flatten()
    }
}
