//! One module per universal type of X.680, each with the X.690 contents rules for it.

pub mod bit_string;
pub mod boolean;
pub mod external;
pub mod integer;
pub mod null;
pub mod octet_string;
pub mod oid;
pub mod real;
pub mod strings;
pub mod time;

use crate::error::{ErrorKind, Result};
use crate::reader::Tlv;

/// Contents of a type whose encoding shall be primitive (X.690 8.2.1, 8.3.1, 8.8.1, ...).
#[inline]
pub(crate) fn primitive<'a>(tlv: &Tlv<'a>, universal: u32) -> Result<&'a [u8]> {
    if tlv.is_constructed() {
        Err(tlv.error(ErrorKind::ExpectedPrimitive(universal)))
    } else {
        Ok(tlv.contents())
    }
}
