//! OCTET STRING (X.690 8.7) and the segmentation rules every string type shares (X.690 8.7.3,
//! 8.23.6, 9.2, 10.2).

use crate::error::{Error, ErrorKind, Result};
use crate::reader::Tlv;
use crate::rules::EncodingRules;
use crate::tag::Tag;
use std::borrow::Cow;

/// Largest CER string fragment, and the largest string CER encodes primitively (X.690 9.2).
pub const CER_FRAGMENT: usize = 1000;

/// Charges `n` bytes against an allocation budget ([`Limits::max_alloc`](crate::Limits)).
pub(crate) fn charge(budget: &mut usize, n: usize, offset: usize) -> Result<()> {
    if n > *budget {
        return Err(Error::new(ErrorKind::AllocationLimitExceeded, offset));
    }
    *budget -= n;
    Ok(())
}

/// Contents of an OCTET STRING or of a restricted character string type, which X.690 8.23.5
/// encodes as an OCTET STRING: borrowed when primitive, reassembled from its `[UNIVERSAL 4]`
/// segments when constructed (BER 8.7.3, CER 9.2); DER forbids the constructed form (10.2).
///
/// `budget` is debited for reassembled bytes.
pub fn string_contents<'a>(tlv: &Tlv<'a>, budget: &mut usize) -> Result<Cow<'a, [u8]>> {
    if !tlv.is_constructed() {
        if tlv.rules() == EncodingRules::Cer && tlv.contents().len() > CER_FRAGMENT {
            return Err(tlv.error(ErrorKind::CerStringSegmentation));
        }
        return Ok(Cow::Borrowed(tlv.contents()));
    }
    match tlv.rules() {
        EncodingRules::Der => Err(tlv.error(ErrorKind::ConstructedStringForbidden)),
        EncodingRules::Cer => {
            let mut out = Vec::new();
            let mut r = tlv.reader()?;
            let mut last_len = None;
            while let Some(seg) = r.read_tlv()? {
                if seg.tag() != Tag::OCTET_STRING {
                    return Err(seg.error(ErrorKind::InvalidStringSegment));
                }
                if seg.is_constructed() || last_len.is_some_and(|l| l != CER_FRAGMENT) {
                    return Err(seg.error(ErrorKind::CerStringSegmentation));
                }
                let c = seg.contents();
                if c.is_empty() || c.len() > CER_FRAGMENT {
                    return Err(seg.error(ErrorKind::CerStringSegmentation));
                }
                charge(budget, c.len(), seg.offset())?;
                out.extend_from_slice(c);
                last_len = Some(c.len());
            }
            if out.len() <= CER_FRAGMENT {
                return Err(tlv.error(ErrorKind::CerStringSegmentation));
            }
            Ok(Cow::Owned(out))
        }
        EncodingRules::Ber => {
            let mut out = Vec::new();
            append_ber_segments(tlv, &mut out, budget)?;
            Ok(Cow::Owned(out))
        }
    }
}

fn append_ber_segments(tlv: &Tlv<'_>, out: &mut Vec<u8>, budget: &mut usize) -> Result<()> {
    let mut r = tlv.reader()?;
    while let Some(seg) = r.read_tlv()? {
        if seg.tag() != Tag::OCTET_STRING {
            return Err(seg.error(ErrorKind::InvalidStringSegment));
        }
        if seg.is_constructed() {
            append_ber_segments(&seg, out, budget)?;
        } else {
            charge(budget, seg.contents().len(), seg.offset())?;
            out.extend_from_slice(seg.contents());
        }
    }
    Ok(())
}

impl<'a> crate::Decode<'a> for Cow<'a, [u8]> {
    /// Decodes an OCTET STRING (X.690 8.7), reassembling constructed BER/CER forms.
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        tlv.expect_tag(Tag::OCTET_STRING)?;
        string_contents(tlv, &mut tlv.limits().max_alloc.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_one;

    #[test]
    fn x690_8_7_3_constructed_octet_string() {
        // X.690 8.7.3 example shape: constructed OCTET STRING of two primitive segments.
        let ber = [0x24, 0x80, 0x04, 0x02, 0xab, 0xcd, 0x04, 0x01, 0xef, 0x00, 0x00];
        let tlv = read_one(&ber, EncodingRules::Ber).unwrap();
        let mut b = usize::MAX;
        assert_eq!(&*string_contents(&tlv, &mut b).unwrap(), &[0xab, 0xcd, 0xef]);
        let der = [0x24, 0x03, 0x04, 0x01, 0xef];
        let tlv = read_one(&der, EncodingRules::Der).unwrap();
        assert_eq!(string_contents(&tlv, &mut b).unwrap_err().kind(), ErrorKind::ConstructedStringForbidden);
    }

    #[test]
    fn x690_9_2_cer_fragments() {
        let mut cer = vec![0x24, 0x80];
        for len in [1000usize, 5] {
            cer.push(0x04);
            crate::header::encode_length(len, &mut cer);
            cer.resize(cer.len() + len, 7);
        }
        cer.extend_from_slice(&[0, 0]);
        let tlv = read_one(&cer, EncodingRules::Cer).unwrap();
        let mut b = usize::MAX;
        assert_eq!(string_contents(&tlv, &mut b).unwrap().len(), 1005);
        // A 999-octet first fragment breaks 9.2.
        let mut bad = vec![0x24, 0x80, 0x04, 0x82, 0x03, 0xe7];
        bad.resize(bad.len() + 999, 7);
        bad.extend_from_slice(&[0x04, 0x82, 0x03, 0xe8]);
        bad.resize(bad.len() + 1000, 7);
        bad.extend_from_slice(&[0, 0]);
        let tlv = read_one(&bad, EncodingRules::Cer).unwrap();
        assert_eq!(string_contents(&tlv, &mut b).unwrap_err().kind(), ErrorKind::CerStringSegmentation);
    }
}
