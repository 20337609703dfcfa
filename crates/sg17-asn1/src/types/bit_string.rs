//! BIT STRING (X.690 8.6, 11.2).

use super::octet_string::{CER_FRAGMENT, charge};
use crate::error::{Error, ErrorKind, Result};
use crate::reader::Tlv;
use crate::rules::EncodingRules;
use crate::tag::Tag;
use std::borrow::Cow;

/// A BIT STRING value: the data octets (bit 8 of the first octet is the first bit) and the
/// number of unused bits in the last octet.
///
/// ```
/// use sg17_asn1::{read_one, BitString, Decode, EncodingRules};
/// // X.690 8.6.4.2 example: '0A3B5F291CD'H as 44 bits, 4 unused.
/// let der = [0x03, 0x07, 0x04, 0x0a, 0x3b, 0x5f, 0x29, 0x1c, 0xd0];
/// let b = BitString::decode(&read_one(&der, EncodingRules::Der)?)?;
/// assert_eq!(b.bit_len(), 44);
/// assert_eq!(b.unused_bits(), 4);
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BitString<'a> {
    data: Cow<'a, [u8]>,
    unused: u8,
}

impl<'a> BitString<'a> {
    /// A bit string from data octets and unused-bit count; `None` if the count is above 7, or
    /// non-zero with no data (X.690 8.6.2.2, 8.6.2.3). Unused bits are cleared.
    #[must_use]
    pub fn new(data: impl Into<Cow<'a, [u8]>>, unused: u8) -> Option<Self> {
        let mut data = data.into();
        if unused > 7 || (data.is_empty() && unused != 0) {
            return None;
        }
        if let Some(&last) = data.last() {
            let mask = 0xffu8 << unused;
            if last & !mask != 0 {
                let n = data.len();
                data.to_mut()[n - 1] = last & mask;
            }
        }
        Some(BitString { data, unused })
    }

    /// Validates primitive contents octets: initial octet, then data (X.690 8.6.2).
    /// CER/DER additionally require the unused bits to be zero (X.690 11.2.1).
    pub fn from_contents(c: &'a [u8], rules: EncodingRules, offset: usize) -> Result<Self> {
        let (&unused, data) = c.split_first().ok_or(Error::new(ErrorKind::EmptyBitString, offset))?;
        check_initial(unused, data, rules, offset)?;
        Ok(BitString { data: Cow::Borrowed(data), unused })
    }

    /// The data octets.
    #[must_use]
    pub fn data(&self) -> &[u8] {
        &self.data
    }
    /// Unused bits in the last octet (0..=7).
    #[must_use]
    pub const fn unused_bits(&self) -> u8 {
        self.unused
    }
    /// Number of bits.
    #[must_use]
    pub fn bit_len(&self) -> usize {
        self.data.len() * 8 - usize::from(self.unused)
    }
    /// Bit `i` (0 is the leading bit), or `None` past the end.
    #[must_use]
    pub fn bit(&self, i: usize) -> Option<bool> {
        (i < self.bit_len()).then(|| self.data[i / 8] & (0x80 >> (i % 8)) != 0)
    }
    /// Iterator over the bits.
    pub fn bits(&self) -> impl Iterator<Item = bool> + '_ {
        (0..self.bit_len()).map(|i| self.data[i / 8] & (0x80 >> (i % 8)) != 0)
    }
    /// An owned copy.
    #[must_use]
    pub fn into_owned(self) -> BitString<'static> {
        BitString { data: Cow::Owned(self.data.into_owned()), unused: self.unused }
    }

    /// Decodes a primitive or (BER/CER) constructed BIT STRING, debiting reassembled bytes
    /// from `budget` (X.690 8.6.4, 9.2, 10.2).
    pub fn decode_with_budget(tlv: &Tlv<'a>, budget: &mut usize) -> Result<Self> {
        if !tlv.is_constructed() {
            if tlv.rules() == EncodingRules::Cer && tlv.contents().len() > CER_FRAGMENT {
                return Err(tlv.error(ErrorKind::CerStringSegmentation));
            }
            return Self::from_contents(tlv.contents(), tlv.rules(), tlv.offset());
        }
        if tlv.rules() == EncodingRules::Der {
            return Err(tlv.error(ErrorKind::ConstructedStringForbidden));
        }
        let mut out = Vec::new();
        let mut unused = 0u8;
        let mut seen_unused = false;
        let mut segments = 0usize;
        let mut last_len = None;
        collect(tlv, &mut out, &mut unused, &mut seen_unused, &mut segments, &mut last_len, budget)?;
        if tlv.rules() == EncodingRules::Cer && out.len() < CER_FRAGMENT {
            // A constructed CER BIT STRING must need more than 1000 contents octets (9.2).
            return Err(tlv.error(ErrorKind::CerStringSegmentation));
        }
        if out.is_empty() && unused != 0 {
            return Err(tlv.error(ErrorKind::UnusedBitsInEmptyBitString));
        }
        Ok(BitString { data: Cow::Owned(out), unused })
    }
}

fn check_initial(unused: u8, data: &[u8], rules: EncodingRules, offset: usize) -> Result<()> {
    if unused > 7 {
        return Err(Error::new(ErrorKind::InvalidUnusedBits, offset));
    }
    match data.last() {
        None if unused != 0 => Err(Error::new(ErrorKind::UnusedBitsInEmptyBitString, offset)),
        Some(&last) if rules.is_canonical() && last & !(0xffu8 << unused) != 0 => {
            Err(Error::new(ErrorKind::NonZeroUnusedBits, offset))
        }
        _ => Ok(()),
    }
}

#[allow(clippy::too_many_arguments)]
fn collect(
    tlv: &Tlv<'_>,
    out: &mut Vec<u8>,
    unused: &mut u8,
    seen_unused: &mut bool,
    segments: &mut usize,
    last_len: &mut Option<usize>,
    budget: &mut usize,
) -> Result<()> {
    let cer = tlv.rules() == EncodingRules::Cer;
    let mut r = tlv.reader()?;
    while let Some(seg) = r.read_tlv()? {
        if seg.tag() != Tag::BIT_STRING {
            return Err(seg.error(ErrorKind::InvalidBitStringSegment));
        }
        if seg.is_constructed() {
            if cer {
                return Err(seg.error(ErrorKind::CerStringSegmentation));
            }
            collect(&seg, out, unused, seen_unused, segments, last_len, budget)?;
            continue;
        }
        // X.690 8.6.4: only the last segment may have unused bits.
        if *seen_unused {
            return Err(seg.error(ErrorKind::BitStringSegmentUnusedBits));
        }
        let c = seg.contents();
        let (&u, data) = c.split_first().ok_or(seg.error(ErrorKind::EmptyBitString))?;
        check_initial(u, data, tlv.rules(), seg.offset())?;
        if cer {
            if last_len.is_some_and(|l| l != CER_FRAGMENT) || c.len() > CER_FRAGMENT {
                return Err(seg.error(ErrorKind::CerStringSegmentation));
            }
            *last_len = Some(c.len());
        }
        if u != 0 {
            *seen_unused = true;
        }
        *unused = u;
        *segments += 1;
        charge(budget, data.len(), seg.offset())?;
        out.extend_from_slice(data);
    }
    Ok(())
}

impl<'a> crate::Decode<'a> for BitString<'a> {
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        tlv.expect_tag(Tag::BIT_STRING)?;
        Self::decode_with_budget(tlv, &mut tlv.limits().max_alloc.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_one;

    #[test]
    fn x690_8_6_2_initial_octet() {
        let e = BitString::from_contents(&[], EncodingRules::Ber, 0).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::EmptyBitString);
        let e = BitString::from_contents(&[8, 0], EncodingRules::Ber, 0).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidUnusedBits);
        let e = BitString::from_contents(&[1], EncodingRules::Ber, 0).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnusedBitsInEmptyBitString);
        // 11.2.1: padding bits must be zero in DER, may be anything in BER.
        assert!(BitString::from_contents(&[1, 0x81], EncodingRules::Ber, 0).is_ok());
        let e = BitString::from_contents(&[1, 0x81], EncodingRules::Der, 0).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NonZeroUnusedBits);
    }

    #[test]
    fn x690_8_6_4_constructed() {
        // X.690 8.6.4.2 example: '0A3B5F291CD'H in two segments.
        let ber =
            [0x23, 0x80, 0x03, 0x03, 0x00, 0x0a, 0x3b, 0x03, 0x05, 0x04, 0x5f, 0x29, 0x1c, 0xd0, 0x00, 0x00];
        let b = BitString::decode_with_budget(
            &read_one(&ber, EncodingRules::Ber).unwrap(),
            &mut usize::MAX.clone(),
        )
        .unwrap();
        assert_eq!(b.data(), &[0x0a, 0x3b, 0x5f, 0x29, 0x1c, 0xd0]);
        assert_eq!(b.unused_bits(), 4);
        // Unused bits in a non-final segment.
        let bad = [0x23, 0x08, 0x03, 0x02, 0x04, 0x50, 0x03, 0x02, 0x00, 0x01];
        let e = BitString::decode_with_budget(
            &read_one(&bad, EncodingRules::Ber).unwrap(),
            &mut usize::MAX.clone(),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BitStringSegmentUnusedBits);
    }
}
