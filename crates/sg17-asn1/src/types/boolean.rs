//! BOOLEAN (X.690 8.2, 11.1).

use super::primitive;
use crate::error::{Error, ErrorKind, Result};
use crate::reader::Tlv;
use crate::rules::EncodingRules;

/// Decodes BOOLEAN contents: one octet, zero is FALSE (X.690 8.2.2); CER and DER require TRUE to
/// be `0xFF` (X.690 11.1). `offset` locates errors.
///
/// ```
/// use sg17_asn1::{types::boolean, EncodingRules};
/// assert_eq!(boolean::decode_contents(&[0x01], EncodingRules::Ber, 0), Ok(true));
/// assert!(boolean::decode_contents(&[0x01], EncodingRules::Der, 0).is_err());
/// ```
pub fn decode_contents(c: &[u8], rules: EncodingRules, offset: usize) -> Result<bool> {
    match c {
        [0x00] => Ok(false),
        [0xff] => Ok(true),
        [_] if rules.is_canonical() => Err(Error::new(ErrorKind::NonCanonicalBoolean, offset)),
        [_] => Ok(true),
        _ => Err(Error::new(ErrorKind::InvalidBooleanLength, offset)),
    }
}

/// Contents octets for `v` (X.690 11.1: TRUE is `0xFF`, valid in every rule set).
#[must_use]
pub const fn encode_contents(v: bool) -> [u8; 1] {
    [if v { 0xff } else { 0x00 }]
}

impl<'a> crate::Decode<'a> for bool {
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        tlv.expect_tag(crate::Tag::BOOLEAN)?;
        decode_contents(primitive(tlv, 1)?, tlv.rules(), tlv.offset())
    }
}
