//! authorityInfoAccess (RFC 5280 4.2.2.1) and subjectInfoAccess (RFC 5280 4.2.2.2).

use super::general_name::GeneralName;
use crate::der::{Fields, expect};
use crate::error::{Error, ErrorKind, Result};
use crate::name::NameLimits;
use sg17_asn1::{ObjectIdentifier, Tag, Tlv};

/// `AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }`.
#[derive(Clone, Copy, Debug)]
pub struct AccessDescription<'a> {
    /// accessMethod (id-ad-ocsp, id-ad-caIssuers, id-ad-caRepository, ...).
    pub method: ObjectIdentifier<'a>,
    /// accessLocation.
    pub location: GeneralName<'a>,
}

/// `SEQUENCE SIZE (1..MAX) OF AccessDescription`.
pub(crate) fn decode_access<'a>(
    tlv: &Tlv<'a>,
    limits: NameLimits,
    max: usize,
    clause: &'static str,
) -> Result<Vec<AccessDescription<'a>>> {
    expect(tlv, Tag::SEQUENCE, clause)?;
    let mut f = Fields::of(tlv, clause)?;
    let mut out = Vec::new();
    while let Some(ad) = f.next()? {
        if out.len() == max {
            return Err(Error::new(ErrorKind::LimitExceeded, ad.offset(), "limit: max_san_entries"));
        }
        expect(&ad, Tag::SEQUENCE, clause)?;
        let mut g = Fields::of(&ad, clause)?;
        let method = crate::der::oid(&g.req(Tag::OBJECT_IDENTIFIER)?)?;
        let location = GeneralName::decode(&g.any()?, limits)?;
        g.finish()?;
        out.push(AccessDescription { method, location });
    }
    if out.is_empty() {
        return Err(Error::new(ErrorKind::EmptySequence, tlv.offset(), clause));
    }
    Ok(out)
}
