//! The Signed Certificate Timestamp list extension (RFC 6962 3.3), kept as raw SCTs.

use crate::der::expect;
use crate::error::{Error, ErrorKind, Result};
use sg17_asn1::{Tag, Tlv};

/// `SignedCertificateTimestampList`: an OCTET STRING holding a TLS vector
/// `opaque SerializedSCT<1..2^16-1>` of vectors `<1..2^16-1>` (RFC 6962 3.3). Returns each
/// serialized SCT.
pub(crate) fn decode_sct_list<'a>(tlv: &Tlv<'a>, max: usize) -> Result<Vec<&'a [u8]>> {
    const CLAUSE: &str = "RFC 6962 3.3";
    expect(tlv, Tag::OCTET_STRING, CLAUSE)?;
    let c = crate::der::octets(tlv)?;
    let bad = |at: usize| Error::new(ErrorKind::InvalidExtensionValue, tlv.contents_offset() + at, CLAUSE);
    if c.len() < 2 {
        return Err(bad(0));
    }
    let total = usize::from(u16::from_be_bytes([c[0], c[1]]));
    if total + 2 != c.len() || total == 0 {
        return Err(bad(0));
    }
    let mut out = Vec::new();
    let mut i = 2;
    while i < c.len() {
        if i + 2 > c.len() {
            return Err(bad(i));
        }
        let n = usize::from(u16::from_be_bytes([c[i], c[i + 1]]));
        if n == 0 || i + 2 + n > c.len() {
            return Err(bad(i));
        }
        if out.len() == max {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                tlv.contents_offset() + i,
                "limit: max_san_entries",
            ));
        }
        out.push(&c[i + 2..i + 2 + n]);
        i += 2 + n;
    }
    Ok(out)
}
