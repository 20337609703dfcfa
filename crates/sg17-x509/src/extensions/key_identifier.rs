//! authorityKeyIdentifier (RFC 5280 4.2.1.1) and subjectKeyIdentifier (RFC 5280 4.2.1.2).

use super::general_name::GeneralName;
use crate::der::{Fields, expect, implicit_primitive};
use crate::error::Result;
use crate::name::NameLimits;
use sg17_asn1::{Integer, Tag, Tlv};

/// `AuthorityKeyIdentifier` (RFC 5280 4.2.1.1).
#[derive(Clone, Debug, Default)]
pub struct AuthorityKeyIdentifier<'a> {
    /// keyIdentifier \[0\].
    pub key_identifier: Option<&'a [u8]>,
    /// authorityCertIssuer \[1\].
    pub authority_cert_issuer: Option<Vec<GeneralName<'a>>>,
    /// authorityCertSerialNumber \[2\].
    pub authority_cert_serial: Option<Integer<'a>>,
}

impl<'a> AuthorityKeyIdentifier<'a> {
    pub(crate) fn decode(tlv: &Tlv<'a>, limits: NameLimits, max: usize) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 4.2.1.1";
        expect(tlv, Tag::SEQUENCE, CLAUSE)?;
        let mut f = Fields::of(tlv, CLAUSE)?;
        let mut aki = AuthorityKeyIdentifier::default();
        if let Some(k) = f.opt(Tag::context(0))? {
            aki.key_identifier = Some(implicit_primitive(&k, CLAUSE)?);
        }
        if let Some(i) = f.opt(Tag::context(1))? {
            // [1] IMPLICIT GeneralNames: re-read the contents as a SEQUENCE OF.
            aki.authority_cert_issuer = Some(decode_implicit_general_names(&i, limits, max, CLAUSE)?);
        }
        if let Some(s) = f.opt(Tag::context(2))? {
            aki.authority_cert_serial =
                Some(Integer::from_contents(implicit_primitive(&s, CLAUSE)?, s.offset())?);
        }
        f.finish()?;
        Ok(aki)
    }
}

/// `[n] IMPLICIT GeneralNames`: the elements are GeneralName choices directly.
pub(crate) fn decode_implicit_general_names<'a>(
    tlv: &Tlv<'a>,
    limits: NameLimits,
    max: usize,
    clause: &'static str,
) -> Result<Vec<GeneralName<'a>>> {
    let mut f = Fields::of(tlv, clause)?;
    let mut out = Vec::new();
    while let Some(g) = f.next()? {
        if out.len() == max {
            return Err(crate::Error::new(
                crate::ErrorKind::LimitExceeded,
                g.offset(),
                "limit: max_san_entries",
            ));
        }
        out.push(GeneralName::decode(&g, limits)?);
    }
    if out.is_empty() {
        return Err(crate::Error::new(crate::ErrorKind::EmptySequence, tlv.offset(), clause));
    }
    Ok(out)
}

/// `SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING)` (RFC 5280 4.2.1.2).
pub(crate) fn decode_ski<'a>(tlv: &Tlv<'a>) -> Result<&'a [u8]> {
    expect(tlv, Tag::OCTET_STRING, "RFC 5280 4.2.1.2")?;
    crate::der::octets(tlv)
}
