//! EXTERNAL (X.690 8.18).

use crate::error::{ErrorKind, Result};
use crate::reader::Tlv;
use crate::tag::Tag;
use crate::types::bit_string::BitString;
use crate::types::integer::Integer;
use crate::types::octet_string::string_contents;
use crate::types::oid::ObjectIdentifier;
use std::borrow::Cow;

/// The `encoding` choice of an EXTERNAL value (X.690 8.18.1).
#[derive(Clone, Debug, PartialEq)]
pub enum ExternalEncoding<'a> {
    /// `single-ASN1-type [0]`: one complete encoding, explicitly tagged.
    SingleAsn1Type(Tlv<'a>),
    /// `octet-aligned [1] IMPLICIT OCTET STRING`.
    OctetAligned(Cow<'a, [u8]>),
    /// `arbitrary [2] IMPLICIT BIT STRING`.
    Arbitrary(BitString<'a>),
}

/// An EXTERNAL value, decoded as X.690 8.18.1 prescribes:
///
/// ```text
/// [UNIVERSAL 8] IMPLICIT SEQUENCE {
///     direct-reference      OBJECT IDENTIFIER OPTIONAL,
///     indirect-reference    INTEGER OPTIONAL,
///     data-value-descriptor ObjectDescriptor OPTIONAL,
///     encoding CHOICE {
///         single-ASN1-type [0] ABSTRACT-SYNTAX.&Type,
///         octet-aligned    [1] IMPLICIT OCTET STRING,
///         arbitrary        [2] IMPLICIT BIT STRING } }
/// ```
///
/// ```
/// use sg17_asn1::{read_one, Decode, EncodingRules};
/// use sg17_asn1::types::external::{External, ExternalEncoding};
/// // EXTERNAL { direct-reference 2.1.1, encoding octet-aligned 'ABCD'H }
/// let der = [0x28, 0x08, 0x06, 0x02, 0x51, 0x01, 0x81, 0x02, 0xab, 0xcd];
/// let e = External::decode(&read_one(&der, EncodingRules::Der)?)?;
/// assert_eq!(e.direct_reference.unwrap().to_string(), "2.1.1");
/// assert_eq!(e.encoding, ExternalEncoding::OctetAligned([0xab, 0xcd][..].into()));
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct External<'a> {
    /// `direct-reference`.
    pub direct_reference: Option<ObjectIdentifier<'a>>,
    /// `indirect-reference`.
    pub indirect_reference: Option<Integer<'a>>,
    /// `data-value-descriptor` contents (a GraphicString).
    pub data_value_descriptor: Option<Cow<'a, [u8]>>,
    /// `encoding`.
    pub encoding: ExternalEncoding<'a>,
}

impl<'a> crate::Decode<'a> for External<'a> {
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        tlv.expect_tag(Tag::EXTERNAL)?;
        if !tlv.is_constructed() {
            return Err(tlv.error(ErrorKind::ExpectedConstructed(8)));
        }
        let budget = &mut tlv.limits().max_alloc.clone();
        let mut r = tlv.reader()?;
        let mut next = r.read_tlv()?;
        let mut ext = External {
            direct_reference: None,
            indirect_reference: None,
            data_value_descriptor: None,
            encoding: ExternalEncoding::OctetAligned(Cow::Borrowed(&[])),
        };
        if let Some(t) = next.filter(|t| t.tag() == Tag::OBJECT_IDENTIFIER) {
            ext.direct_reference = Some(crate::Decode::decode(&t)?);
            next = r.read_tlv()?;
        }
        if let Some(t) = next.filter(|t| t.tag() == Tag::INTEGER) {
            ext.indirect_reference = Some(crate::Decode::decode(&t)?);
            next = r.read_tlv()?;
        }
        if let Some(t) = next.filter(|t| t.tag() == Tag::OBJECT_DESCRIPTOR) {
            ext.data_value_descriptor = Some(string_contents(&t, budget)?);
            next = r.read_tlv()?;
        }
        let enc = next.ok_or(tlv.error(ErrorKind::InvalidExternal))?;
        ext.encoding = match (enc.tag(), enc.is_constructed()) {
            (t, true) if t == Tag::context(0) => {
                let mut inner = enc.reader()?;
                let one = inner.read_tlv()?.ok_or(enc.error(ErrorKind::InvalidExternal))?;
                if !inner.is_empty() {
                    return Err(enc.error(ErrorKind::InvalidExternal));
                }
                ExternalEncoding::SingleAsn1Type(one)
            }
            (t, _) if t == Tag::context(1) => ExternalEncoding::OctetAligned(string_contents(&enc, budget)?),
            (t, false) if t == Tag::context(2) => ExternalEncoding::Arbitrary(BitString::from_contents(
                enc.contents(),
                enc.rules(),
                enc.offset(),
            )?),
            (t, true) if t == Tag::context(2) => {
                ExternalEncoding::Arbitrary(BitString::decode_with_budget(&enc, budget)?)
            }
            _ => return Err(enc.error(ErrorKind::InvalidExternal)),
        };
        if !r.is_empty() {
            return Err(tlv.error(ErrorKind::InvalidExternal));
        }
        Ok(ext)
    }
}
