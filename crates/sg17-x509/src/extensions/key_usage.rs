//! keyUsage (RFC 5280 4.2.1.3) and extKeyUsage (RFC 5280 4.2.1.12).

use crate::der::{Fields, expect};
use crate::error::{Error, ErrorKind, Result};
use core::fmt;
use sg17_asn1::{ObjectIdentifier, Tag, Tlv};

/// The nine bits of `KeyUsage` (RFC 5280 4.2.1.3), bit 0 first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyUsage(pub u16);

impl KeyUsage {
    /// Bit names in order, as openssl prints them.
    pub const NAMES: [&'static str; 9] = [
        "Digital Signature",
        "Non Repudiation",
        "Key Encipherment",
        "Data Encipherment",
        "Key Agreement",
        "Certificate Sign",
        "CRL Sign",
        "Encipher Only",
        "Decipher Only",
    ];
    /// keyCertSign bit (5).
    pub const KEY_CERT_SIGN: u16 = 1 << 5;
    /// cRLSign bit (6).
    pub const CRL_SIGN: u16 = 1 << 6;
    /// digitalSignature bit (0).
    pub const DIGITAL_SIGNATURE: u16 = 1;

    pub(crate) fn decode(tlv: &Tlv<'_>) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 4.2.1.3";
        expect(tlv, Tag::BIT_STRING, CLAUSE)?;
        let bs = crate::der::bit_string(tlv)?;
        if bs.bit_len() > 16 {
            return Err(Error::new(ErrorKind::InvalidExtensionValue, tlv.offset(), CLAUSE));
        }
        let mut v = 0u16;
        for (i, b) in bs.bits().enumerate() {
            if b {
                v |= 1 << i;
            }
        }
        Ok(KeyUsage(v))
    }
    /// Whether bit `n` is set.
    #[must_use]
    pub const fn has(&self, bit: u16) -> bool {
        self.0 & bit != 0
    }
    /// Names of the set bits.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        Self::NAMES.iter().enumerate().filter(|(i, _)| self.0 & (1 << i) != 0).map(|(_, n)| *n)
    }
}

impl fmt::Display for KeyUsage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.names().collect::<Vec<_>>().join(", "))
    }
}

/// `ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId` (RFC 5280 4.2.1.12).
pub(crate) fn decode_eku<'a>(tlv: &Tlv<'a>, max: usize) -> Result<Vec<ObjectIdentifier<'a>>> {
    const CLAUSE: &str = "RFC 5280 4.2.1.12";
    expect(tlv, Tag::SEQUENCE, CLAUSE)?;
    let mut f = Fields::of(tlv, CLAUSE)?;
    let mut v = Vec::new();
    while let Some(t) = f.next()? {
        if v.len() == max {
            return Err(Error::new(ErrorKind::LimitExceeded, t.offset(), "limit: max_san_entries"));
        }
        expect(&t, Tag::OBJECT_IDENTIFIER, CLAUSE)?;
        v.push(crate::der::oid(&t)?);
    }
    if v.is_empty() {
        return Err(Error::new(ErrorKind::EmptySequence, tlv.offset(), CLAUSE));
    }
    Ok(v)
}
