//! INTEGER and ENUMERATED (X.690 8.3, 8.4): two's complement in the fewest octets.

use super::primitive;
use crate::error::{Error, ErrorKind, Result};
use crate::reader::Tlv;
use crate::tag::Tag;
use core::fmt;

/// Largest integer (in octets) that [`Integer`]'s `Display` renders in decimal; longer ones are
/// printed in hex to keep formatting linear-time on hostile input.
pub const MAX_DECIMAL_OCTETS: usize = 1024;

/// A validated INTEGER (or ENUMERATED) value, borrowed: the contents octets, two's complement,
/// big-endian, minimal (X.690 8.3.2).
///
/// ```
/// use sg17_asn1::Integer;
/// let i = Integer::from_contents(&[0xff, 0x7f], 0)?;
/// assert_eq!(i64::try_from(i)?, -129);
/// assert_eq!(i.to_string(), "-129");
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Integer<'a>(&'a [u8]);

impl<'a> Integer<'a> {
    /// Validates contents octets (X.690 8.3.1 non-empty, 8.3.2 minimal). `offset` locates
    /// errors. The minimality rule applies to BER too.
    pub fn from_contents(c: &'a [u8], offset: usize) -> Result<Self> {
        match c {
            [] => Err(Error::new(ErrorKind::EmptyInteger, offset)),
            [0x00, b, ..] if b & 0x80 == 0 => Err(Error::new(ErrorKind::NonMinimalInteger, offset)),
            [0xff, b, ..] if b & 0x80 != 0 => Err(Error::new(ErrorKind::NonMinimalInteger, offset)),
            _ => Ok(Integer(c)),
        }
    }

    /// The contents octets.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// Whether the value is negative.
    #[must_use]
    pub const fn is_negative(&self) -> bool {
        self.0[0] & 0x80 != 0
    }

    /// The value as `i128`, if it fits.
    pub fn to_i128(&self) -> Option<i128> {
        if self.0.len() > 16 {
            return None;
        }
        let mut v: i128 = if self.is_negative() { -1 } else { 0 };
        for &b in self.0 {
            v = (v << 8) | i128::from(b);
        }
        Some(v)
    }

    /// Magnitude octets (big-endian, unsigned) and sign.
    #[must_use]
    pub fn magnitude(&self) -> (bool, Vec<u8>) {
        if !self.is_negative() {
            return (false, self.0.to_vec());
        }
        // Two's complement negation: invert and add one.
        let mut m: Vec<u8> = self.0.iter().map(|b| !b).collect();
        for b in m.iter_mut().rev() {
            let (s, carry) = b.overflowing_add(1);
            *b = s;
            if !carry {
                break;
            }
        }
        (true, m)
    }

    /// The value in decimal (any size).
    #[must_use]
    pub fn to_decimal(&self) -> String {
        if let Some(v) = self.to_i128() {
            return v.to_string();
        }
        let (neg, mut mag) = self.magnitude();
        // Repeated division by 10^19 over the big-endian magnitude.
        let mut chunks = Vec::new();
        while mag.iter().any(|&b| b != 0) {
            let mut rem: u128 = 0;
            for b in mag.iter_mut() {
                let cur = (rem << 8) | u128::from(*b);
                *b = (cur / 10_000_000_000_000_000_000) as u8;
                rem = cur % 10_000_000_000_000_000_000;
            }
            chunks.push(rem as u64);
            let nz = mag.iter().position(|&b| b != 0).unwrap_or(mag.len());
            mag.drain(..nz);
        }
        let mut s = String::new();
        if neg {
            s.push('-');
        }
        let mut it = chunks.iter().rev();
        if let Some(first) = it.next() {
            s.push_str(&first.to_string());
        } else {
            s.push('0');
        }
        for c in it {
            s.push_str(&format!("{c:019}"));
        }
        s
    }
}

impl fmt::Display for Integer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() <= MAX_DECIMAL_OCTETS {
            f.write_str(&self.to_decimal())
        } else {
            f.write_str("0x")?;
            for b in self.0 {
                write!(f, "{b:02x}")?;
            }
            Ok(())
        }
    }
}

/// Minimal two's-complement contents octets for `v` (X.690 8.3.2).
///
/// ```
/// use sg17_asn1::types::integer::encode_i128;
/// assert_eq!(encode_i128(128), vec![0x00, 0x80]);
/// assert_eq!(encode_i128(-129), vec![0xff, 0x7f]);
/// ```
#[must_use]
pub fn encode_i128(v: i128) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let mut start = 0;
    while start < 15 {
        let (a, b) = (bytes[start], bytes[start + 1]);
        if (a == 0x00 && b & 0x80 == 0) || (a == 0xff && b & 0x80 != 0) {
            start += 1;
        } else {
            break;
        }
    }
    bytes[start..].to_vec()
}

/// Minimal contents octets for the unsigned big-endian magnitude `m` (adds a leading zero when
/// the top bit is set, drops redundant leading zeros).
#[must_use]
pub fn encode_unsigned(m: &[u8]) -> Vec<u8> {
    let nz = m.iter().position(|&b| b != 0).unwrap_or(m.len());
    let m = &m[nz..];
    let mut out = Vec::with_capacity(m.len() + 1);
    if m.first().is_none_or(|b| b & 0x80 != 0) {
        out.push(0);
    }
    out.extend_from_slice(m);
    out
}

impl TryFrom<Integer<'_>> for i128 {
    type Error = Error;
    fn try_from(i: Integer<'_>) -> Result<i128> {
        i.to_i128().ok_or(Error::new(ErrorKind::IntegerOverflow, 0))
    }
}

macro_rules! int_conv {
    ($($t:ty),*) => {$(
        impl TryFrom<Integer<'_>> for $t {
            type Error = Error;
            fn try_from(i: Integer<'_>) -> Result<$t> {
                let v = i128::try_from(i)?;
                <$t>::try_from(v).map_err(|_| Error::new(ErrorKind::IntegerOverflow, 0))
            }
        }
        impl<'a> crate::Decode<'a> for $t {
            fn decode(tlv: &Tlv<'a>) -> Result<Self> {
                let i = Integer::decode(tlv)?;
                <$t>::try_from(i).map_err(|e| Error::new(e.kind(), tlv.offset()))
            }
        }
    )*};
}
int_conv!(i8, i16, i32, i64, u8, u16, u32, u64, u128);

impl<'a> crate::Decode<'a> for Integer<'a> {
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        tlv.expect_tag(Tag::INTEGER)?;
        Integer::from_contents(primitive(tlv, 2)?, tlv.offset())
    }
}

/// An ENUMERATED value (X.690 8.4: encoded as the INTEGER of its number).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Enumerated<'a>(pub Integer<'a>);

impl<'a> crate::Decode<'a> for Enumerated<'a> {
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        tlv.expect_tag(Tag::ENUMERATED)?;
        Ok(Enumerated(Integer::from_contents(primitive(tlv, 10)?, tlv.offset())?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x690_8_3_2_minimal_octets() {
        for v in [0i128, 1, -1, 127, 128, -128, -129, 255, 256, i64::MAX as i128, i128::MIN] {
            let c = encode_i128(v);
            let i = Integer::from_contents(&c, 0).unwrap();
            assert_eq!(i.to_i128(), Some(v));
            assert_eq!(i.to_decimal(), v.to_string());
        }
        assert_eq!(
            Integer::from_contents(&[0x00, 0x7f], 0).unwrap_err().kind(),
            ErrorKind::NonMinimalInteger
        );
        assert_eq!(
            Integer::from_contents(&[0xff, 0x80], 0).unwrap_err().kind(),
            ErrorKind::NonMinimalInteger
        );
        assert_eq!(Integer::from_contents(&[], 0).unwrap_err().kind(), ErrorKind::EmptyInteger);
    }

    #[test]
    fn big_decimal_matches_python() {
        // Python: int.from_bytes(bytes.fromhex('00' + 'ff'*20), 'big', signed=True)
        let c: Vec<u8> = core::iter::once(0).chain(core::iter::repeat_n(0xff, 20)).collect();
        let i = Integer::from_contents(&c, 0).unwrap();
        assert_eq!(i.to_decimal(), "1461501637330902918203684832716283019655932542975");
        // Python: int.from_bytes(bytes.fromhex('80' + '00'*19), 'big', signed=True)
        let c: Vec<u8> = core::iter::once(0x80).chain(core::iter::repeat_n(0, 19)).collect();
        let i = Integer::from_contents(&c, 0).unwrap();
        assert_eq!(i.to_decimal(), "-730750818665451459101842416358141509827966271488");
    }
}
