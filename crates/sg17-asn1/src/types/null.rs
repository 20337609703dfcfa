//! NULL (X.690 8.8).

use super::primitive;
use crate::error::{ErrorKind, Result};
use crate::reader::Tlv;

/// The NULL value. Its contents are empty (X.690 8.8.2).
///
/// ```
/// use sg17_asn1::{read_one, types::null::Null, Decode, EncodingRules};
/// let tlv = read_one(&[0x05, 0x00], EncodingRules::Der)?;
/// assert_eq!(Null::decode(&tlv)?, Null);
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Null;

impl<'a> crate::Decode<'a> for Null {
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        tlv.expect_tag(crate::Tag::NULL)?;
        if primitive(tlv, 5)?.is_empty() { Ok(Null) } else { Err(tlv.error(ErrorKind::NullNotEmpty)) }
    }
}
