//! Identifier and length octets (X.690 8.1.2, 8.1.3), checked against the chosen rules.

use crate::error::{Error, ErrorKind, Result};
use crate::rules::EncodingRules;
use crate::tag::{Class, Tag};

/// The length octets' meaning (X.690 8.1.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Length {
    /// Definite form, short or long (X.690 8.1.3.3, 8.1.3.4, 8.1.3.5).
    Definite(usize),
    /// Indefinite form, `0x80`, ended by end-of-contents octets (X.690 8.1.3.6).
    Indefinite,
}

/// A decoded identifier and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Header {
    /// The tag.
    pub tag: Tag,
    /// Bit 6 of the first identifier octet (X.690 8.1.2.5).
    pub constructed: bool,
    /// The length.
    pub length: Length,
    /// Number of identifier plus length octets.
    pub header_len: usize,
}

impl Header {
    /// Whether this header is the end-of-contents marker `00 00` (X.690 8.1.5).
    #[must_use]
    pub const fn is_end_of_contents(&self) -> bool {
        matches!(self.tag.class, Class::Universal)
            && self.tag.number == 0
            && !self.constructed
            && matches!(self.length, Length::Definite(0))
    }
}

/// Number of length octets needed for `len` in the definite form with the fewest octets
/// (X.690 10.1).
#[must_use]
pub const fn length_len(len: usize) -> usize {
    if len < 0x80 { 1 } else { 1 + (usize::BITS as usize / 8) - (len.leading_zeros() as usize / 8) }
}

/// Appends definite length octets in the fewest octets (X.690 8.1.3.3-8.1.3.5, 10.1).
pub fn encode_length(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let n = length_len(len) - 1;
        out.push(0x80 | n as u8);
        out.extend_from_slice(&len.to_be_bytes()[core::mem::size_of::<usize>() - n..]);
    }
}

/// Parses the header at `data[pos..]`. `base` is the absolute offset of `data[0]`, used only
/// for error positions.
#[inline]
pub(crate) fn parse_header(
    data: &[u8],
    pos: usize,
    base: usize,
    rules: EncodingRules,
    max_length: usize,
) -> Result<Header> {
    let err = |kind, at: usize| Error::new(kind, base + at);
    let Some(&first) = data.get(pos) else {
        return Err(err(ErrorKind::Truncated, pos));
    };
    let class = Class::from_bits(first);
    let constructed = first & 0x20 != 0;
    let mut i = pos + 1;
    let number = if first & 0x1f != 0x1f {
        u32::from(first & 0x1f)
    } else {
        // X.690 8.1.2.4: high-tag-number form.
        let mut n: u32 = 0;
        let mut k = 0;
        loop {
            let Some(&b) = data.get(i) else {
                return Err(err(ErrorKind::Truncated, i));
            };
            if k == 0 && b == 0x80 {
                return Err(err(ErrorKind::NonMinimalTagNumber, i));
            }
            if n > (u32::MAX >> 7) {
                return Err(err(ErrorKind::TagNumberTooLarge, pos));
            }
            n = (n << 7) | u32::from(b & 0x7f);
            i += 1;
            k += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
        if n < 31 {
            return Err(err(ErrorKind::HighTagFormForLowNumber, pos));
        }
        n
    };
    let tag = Tag { class, number };

    let len_pos = i;
    let Some(&l0) = data.get(i) else {
        return Err(err(ErrorKind::Truncated, i));
    };
    i += 1;
    let length = if l0 < 0x80 {
        Length::Definite(usize::from(l0))
    } else if l0 == 0x80 {
        if !constructed {
            return Err(err(ErrorKind::IndefiniteLengthPrimitive, len_pos));
        }
        if rules == EncodingRules::Der {
            return Err(err(ErrorKind::IndefiniteLengthForbidden, len_pos));
        }
        Length::Indefinite
    } else if l0 == 0xff {
        return Err(err(ErrorKind::ReservedLengthOctet, len_pos));
    } else {
        let n = usize::from(l0 & 0x7f);
        let Some(octets) = data.get(i..i + n) else {
            return Err(err(ErrorKind::Truncated, data.len()));
        };
        i += n;
        let mut v: usize = 0;
        for &b in octets {
            if v > (usize::MAX >> 8) {
                return Err(err(ErrorKind::LengthOverflow, len_pos));
            }
            v = (v << 8) | usize::from(b);
        }
        if octets[0] == 0 || v < 0x80 {
            match rules {
                EncodingRules::Der => return Err(err(ErrorKind::NonMinimalLength, len_pos)),
                // Constructed CER encodings fail 9.1 below for using the definite form at all.
                EncodingRules::Cer if !constructed => {
                    return Err(err(ErrorKind::NonMinimalLengthCer, len_pos));
                }
                _ => {}
            }
        }
        Length::Definite(v)
    };
    if let Length::Definite(v) = length {
        if rules == EncodingRules::Cer && constructed {
            return Err(err(ErrorKind::DefiniteLengthConstructed, len_pos));
        }
        if v > max_length {
            return Err(err(ErrorKind::LengthLimitExceeded, len_pos));
        }
        if v > data.len() - i {
            return Err(err(ErrorKind::Truncated, len_pos));
        }
    }
    Ok(Header { tag, constructed, length, header_len: i - pos })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Limits;

    fn hdr(b: &[u8], r: EncodingRules) -> Result<Header> {
        parse_header(b, 0, 0, r, Limits::default().max_length)
    }

    #[test]
    fn x690_8_1_2_4_high_tag_number() {
        // [APPLICATION 201] primitive, X.690 8.1.2.4.2: 201 = 0x81 0x49.
        let h = hdr(&[0x5f, 0x81, 0x49, 0x00], EncodingRules::Der).unwrap();
        assert_eq!(h.tag, Tag::application(201));
        assert_eq!(h.header_len, 4);
        assert_eq!(
            hdr(&[0x5f, 0x80, 0x49, 0x00], EncodingRules::Ber).unwrap_err().kind(),
            ErrorKind::NonMinimalTagNumber
        );
        assert_eq!(
            hdr(&[0x5f, 0x1e, 0x00], EncodingRules::Ber).unwrap_err().kind(),
            ErrorKind::HighTagFormForLowNumber
        );
    }

    #[test]
    fn x690_10_1_minimal_length() {
        assert_eq!(
            hdr(&[0x04, 0x81, 0x01, 0], EncodingRules::Der).unwrap_err().kind(),
            ErrorKind::NonMinimalLength
        );
        assert!(hdr(&[0x04, 0x81, 0x01, 0], EncodingRules::Ber).is_ok());
        assert_eq!(
            hdr(&[0x30, 0x80, 0, 0], EncodingRules::Der).unwrap_err().kind(),
            ErrorKind::IndefiniteLengthForbidden
        );
        assert_eq!(
            hdr(&[0x30, 0x00], EncodingRules::Cer).unwrap_err().kind(),
            ErrorKind::DefiniteLengthConstructed
        );
        assert_eq!(
            hdr(&[0x04, 0xff], EncodingRules::Ber).unwrap_err().kind(),
            ErrorKind::ReservedLengthOctet
        );
    }

    #[test]
    fn huge_length_claim_is_rejected_without_allocation() {
        let h = hdr(&[0x04, 0x84, 0x40, 0, 0, 0], EncodingRules::Ber).unwrap_err();
        assert_eq!(h.kind(), ErrorKind::LengthLimitExceeded);
        let lim = Limits::default().with_max_length(usize::MAX);
        let e =
            parse_header(&[0x04, 0x84, 0x40, 0, 0, 0], 0, 0, EncodingRules::Ber, lim.max_length).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Truncated);
    }

    #[test]
    fn length_encoding_is_minimal() {
        for len in [0usize, 1, 127, 128, 255, 256, 65535, 65536, 1 << 24] {
            let mut v = Vec::new();
            encode_length(len, &mut v);
            assert_eq!(v.len(), length_len(len));
            let mut enc = vec![0x04];
            enc.extend_from_slice(&v);
            enc.resize(enc.len() + len, 0);
            let h = hdr(&enc, EncodingRules::Der).unwrap();
            assert_eq!(h.length, Length::Definite(len));
        }
    }
}
