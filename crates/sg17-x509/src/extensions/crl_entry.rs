//! CRL and CRL entry extensions: cRLNumber (RFC 5280 5.2.3), deltaCRLIndicator (5.2.4),
//! reasonCode (5.3.1) and invalidityDate (5.3.2).

use crate::der::expect;
use crate::error::{Error, ErrorKind, Result};
use core::fmt;
use sg17_asn1::{Integer, Tag, Tlv};

/// `CRLNumber ::= INTEGER (0..MAX)`, at most 20 octets (RFC 5280 5.2.3).
pub(crate) fn decode_crl_number<'a>(tlv: &Tlv<'a>, clause: &'static str) -> Result<Integer<'a>> {
    expect(tlv, Tag::INTEGER, clause)?;
    let i = crate::der::integer(tlv)?;
    if i.is_negative() {
        return Err(Error::new(ErrorKind::InvalidExtensionValue, tlv.offset(), clause));
    }
    Ok(i)
}

/// `CRLReason` (RFC 5280 5.3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CrlReason(pub u8);

impl CrlReason {
    pub(crate) fn decode(tlv: &Tlv<'_>) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 5.3.1";
        let e = sg17_asn1::Enumerated::decode_from(tlv)?;
        match e.0.to_i128() {
            Some(v @ (0..=6 | 8..=10)) => Ok(CrlReason(v as u8)),
            _ => Err(Error::new(ErrorKind::InvalidExtensionValue, tlv.offset(), CLAUSE)),
        }
    }
}

impl fmt::Display for CrlReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            0 => "Unspecified",
            1 => "Key Compromise",
            2 => "CA Compromise",
            3 => "Affiliation Changed",
            4 => "Superseded",
            5 => "Cessation Of Operation",
            6 => "Certificate Hold",
            8 => "Remove From CRL",
            9 => "Privilege Withdrawn",
            10 => "AA Compromise",
            _ => "?",
        })
    }
}

/// Local extension trait so `Enumerated` can be decoded without naming the trait at call sites.
trait DecodeFrom<'a>: Sized {
    fn decode_from(tlv: &Tlv<'a>) -> Result<Self>;
}

impl<'a> DecodeFrom<'a> for sg17_asn1::Enumerated<'a> {
    fn decode_from(tlv: &Tlv<'a>) -> Result<Self> {
        Ok(<Self as sg17_asn1::Decode>::decode(tlv)?)
    }
}
