//! The [`Encode`] trait: DER encoding of Rust values with lengths known before writing.

use crate::header::{encode_length, length_len};
use crate::tag::Tag;
use crate::types::bit_string::BitString;
use crate::types::integer::encode_i128;
use crate::types::null::Null;
use crate::types::oid::ObjectIdentifier;
use crate::value::Value;

/// A value that knows its DER encoding (X.690 clause 10).
///
/// Implementations give the tag, the form and the contents; lengths come from
/// [`Encode::contents_len`], so nested encoders write straight into one buffer without
/// re-copying.
///
/// ```
/// use sg17_asn1::{Encode, Tag};
///
/// /// Point ::= SEQUENCE { x INTEGER, y INTEGER }
/// struct Point { x: i64, y: i64 }
///
/// impl Encode for Point {
///     fn tag(&self) -> Tag { Tag::SEQUENCE }
///     fn is_constructed(&self) -> bool { true }
///     fn contents_len(&self) -> usize { self.x.encoded_len() + self.y.encoded_len() }
///     fn write_contents(&self, out: &mut Vec<u8>) {
///         self.x.write_der(out);
///         self.y.write_der(out);
///     }
/// }
///
/// assert_eq!(Point { x: 1, y: 256 }.to_der(), [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x01, 0x00]);
/// ```
pub trait Encode {
    /// The tag.
    fn tag(&self) -> Tag;
    /// Whether the encoding is constructed.
    fn is_constructed(&self) -> bool {
        false
    }
    /// Number of contents octets.
    fn contents_len(&self) -> usize;
    /// Appends exactly [`Encode::contents_len`] contents octets.
    fn write_contents(&self, out: &mut Vec<u8>);

    /// Total encoded length: identifier, length and contents octets.
    fn encoded_len(&self) -> usize {
        let n = self.contents_len();
        self.tag().encoded_len() + length_len(n) + n
    }
    /// Appends the DER encoding.
    fn write_der(&self, out: &mut Vec<u8>) {
        self.tag().encode(self.is_constructed(), out);
        encode_length(self.contents_len(), out);
        self.write_contents(out);
    }
    /// The DER encoding.
    fn to_der(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.encoded_len());
        self.write_der(&mut v);
        v
    }
}

impl Encode for bool {
    fn tag(&self) -> Tag {
        Tag::BOOLEAN
    }
    fn contents_len(&self) -> usize {
        1
    }
    fn write_contents(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&crate::types::boolean::encode_contents(*self));
    }
}

macro_rules! encode_int {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn tag(&self) -> Tag {
                Tag::INTEGER
            }
            fn contents_len(&self) -> usize {
                encode_i128(*self as i128).len()
            }
            fn write_contents(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&encode_i128(*self as i128));
            }
        }
    )*};
}
encode_int!(i8, i16, i32, i64, u8, u16, u32, u64, i128);

impl Encode for Null {
    fn tag(&self) -> Tag {
        Tag::NULL
    }
    fn contents_len(&self) -> usize {
        0
    }
    fn write_contents(&self, _: &mut Vec<u8>) {}
}

impl Encode for ObjectIdentifier<'_> {
    fn tag(&self) -> Tag {
        Tag::OBJECT_IDENTIFIER
    }
    fn contents_len(&self) -> usize {
        self.as_bytes().len()
    }
    fn write_contents(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.as_bytes());
    }
}

impl Encode for BitString<'_> {
    fn tag(&self) -> Tag {
        Tag::BIT_STRING
    }
    fn contents_len(&self) -> usize {
        1 + self.data().len()
    }
    fn write_contents(&self, out: &mut Vec<u8>) {
        out.push(self.unused_bits());
        out.extend_from_slice(self.data());
    }
}

/// A value tree encodes as DER through the tree writer (SETs sorted, X.690 10.3 / 11.6).
impl Encode for Value<'_> {
    fn tag(&self) -> Tag {
        Value::tag(self)
    }
    fn is_constructed(&self) -> bool {
        self.children_slice().is_some()
    }
    fn contents_len(&self) -> usize {
        crate::writer::der_contents_len(self)
    }
    fn write_contents(&self, out: &mut Vec<u8>) {
        let der = Value::to_der(self);
        let hl = der.len() - self.contents_len();
        out.extend_from_slice(&der[hl..]);
    }
    fn to_der(&self) -> Vec<u8> {
        Value::to_der(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x690_8_3_integers_encode_minimally() {
        // Expected octets per X.690 8.3.2 (two's complement, fewest octets).
        assert_eq!(0i64.to_der(), [0x02, 0x01, 0x00]);
        assert_eq!(127u8.to_der(), [0x02, 0x01, 0x7f]);
        assert_eq!(128u8.to_der(), [0x02, 0x02, 0x00, 0x80]);
        assert_eq!((-128i16).to_der(), [0x02, 0x01, 0x80]);
        assert_eq!(u64::MAX.to_der(), [0x02, 0x09, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(true.to_der(), [0x01, 0x01, 0xff]);
        assert_eq!(Null.to_der(), [0x05, 0x00]);
    }
}
