//! cRLDistributionPoints (RFC 5280 4.2.1.13), freshestCRL (4.2.1.15) and
//! issuingDistributionPoint (5.2.5).

use super::general_name::GeneralName;
use super::key_identifier::decode_implicit_general_names;
use crate::der::{Fields, expect};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::name::NameLimits;
use sg17_asn1::{Tag, Tlv};

const CLAUSE: &str = "RFC 5280 4.2.1.13";

/// `DistributionPointName` (RFC 5280 4.2.1.13).
#[derive(Clone, Debug)]
pub enum DistributionPointName<'a> {
    /// fullName \[0\].
    FullName(Vec<GeneralName<'a>>),
    /// nameRelativeToCRLIssuer \[1\]: the raw RDN (SET OF AttributeTypeAndValue).
    RelativeToIssuer(&'a [u8]),
}

/// The reason flags of `ReasonFlags` (RFC 5280 4.2.1.13), bit 0 first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReasonFlags(pub u16);

/// One `DistributionPoint`.
#[derive(Clone, Debug)]
pub struct DistributionPoint<'a> {
    /// distributionPoint \[0\].
    pub name: Option<DistributionPointName<'a>>,
    /// reasons \[1\].
    pub reasons: Option<ReasonFlags>,
    /// cRLIssuer \[2\].
    pub crl_issuer: Option<Vec<GeneralName<'a>>>,
}

fn dp_name<'a>(t: &Tlv<'a>, limits: NameLimits, max: usize) -> Result<DistributionPointName<'a>> {
    let inner = crate::der::explicit(t, CLAUSE)?;
    match inner.tag() {
        x if x == Tag::context(0) => {
            Ok(DistributionPointName::FullName(decode_implicit_general_names(&inner, limits, max, CLAUSE)?))
        }
        x if x == Tag::context(1) && inner.is_constructed() => {
            Ok(DistributionPointName::RelativeToIssuer(inner.raw()))
        }
        _ => Err(Error::new(ErrorKind::UnexpectedTag, inner.offset(), CLAUSE)),
    }
}

fn reasons(t: &Tlv<'_>) -> Result<ReasonFlags> {
    if t.is_constructed() {
        return Err(Error::new(ErrorKind::UnexpectedTag, t.offset(), CLAUSE));
    }
    let bs = sg17_asn1::BitString::from_contents(
        t.contents(),
        sg17_asn1::EncodingRules::Der,
        t.contents_offset(),
    )?;
    if bs.bit_len() > 16 {
        return Err(Error::new(ErrorKind::InvalidExtensionValue, t.offset(), CLAUSE));
    }
    Ok(ReasonFlags(bs.bits().enumerate().filter(|(_, b)| *b).fold(0, |a, (i, _)| a | (1 << i))))
}

/// `CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint`.
pub(crate) fn decode_crl_dps<'a>(
    tlv: &Tlv<'a>,
    limits: NameLimits,
    max: usize,
) -> Result<Vec<DistributionPoint<'a>>> {
    expect(tlv, Tag::SEQUENCE, CLAUSE)?;
    let mut f = Fields::of(tlv, CLAUSE)?;
    let mut out = Vec::new();
    while let Some(dp) = f.next()? {
        if out.len() == max {
            return Err(Error::new(ErrorKind::LimitExceeded, dp.offset(), "limit: max_san_entries"));
        }
        let i = out.len();
        let r: Result<DistributionPoint<'a>> = decode_dp(&dp, limits, max);
        out.push(r.at_index("", i)?);
    }
    if out.is_empty() {
        return Err(Error::new(ErrorKind::EmptySequence, tlv.offset(), CLAUSE));
    }
    Ok(out)
}

fn decode_dp<'a>(dp: &Tlv<'a>, limits: NameLimits, max: usize) -> Result<DistributionPoint<'a>> {
    expect(dp, Tag::SEQUENCE, CLAUSE)?;
    let mut g = Fields::of(dp, CLAUSE)?;
    let name = match g.opt(Tag::context(0))? {
        Some(t) => Some(dp_name(&t, limits, max)?),
        None => None,
    };
    let reasons = match g.opt(Tag::context(1))? {
        Some(t) => Some(reasons(&t)?),
        None => None,
    };
    let crl_issuer = match g.opt(Tag::context(2))? {
        Some(t) => Some(decode_implicit_general_names(&t, limits, max, CLAUSE)?),
        None => None,
    };
    g.finish()?;
    // RFC 5280 4.2.1.13: either distributionPoint or cRLIssuer MUST be present.
    if name.is_none() && crl_issuer.is_none() {
        return Err(Error::new(ErrorKind::InvalidExtensionValue, dp.offset(), CLAUSE));
    }
    Ok(DistributionPoint { name, reasons, crl_issuer })
}

/// `IssuingDistributionPoint` (RFC 5280 5.2.5).
#[derive(Clone, Debug, Default)]
pub struct IssuingDistributionPoint<'a> {
    /// distributionPoint \[0\].
    pub name: Option<DistributionPointName<'a>>,
    /// onlyContainsUserCerts \[1\].
    pub only_user_certs: bool,
    /// onlyContainsCACerts \[2\].
    pub only_ca_certs: bool,
    /// onlySomeReasons \[3\].
    pub only_some_reasons: Option<ReasonFlags>,
    /// indirectCRL \[4\].
    pub indirect_crl: bool,
    /// onlyContainsAttributeCerts \[5\].
    pub only_attribute_certs: bool,
}

impl<'a> IssuingDistributionPoint<'a> {
    pub(crate) fn decode(tlv: &Tlv<'a>, limits: NameLimits, max: usize) -> Result<Self> {
        const C: &str = "RFC 5280 5.2.5";
        expect(tlv, Tag::SEQUENCE, C)?;
        let mut f = Fields::of(tlv, C)?;
        let mut idp = IssuingDistributionPoint::default();
        if let Some(t) = f.opt(Tag::context(0))? {
            idp.name = Some(dp_name(&t, limits, max)?);
        }
        let flag = |f: &mut Fields<'a>, n| -> Result<bool> {
            match f.opt(Tag::context(n))? {
                Some(t) => {
                    let v = sg17_asn1::types::boolean::decode_contents(
                        crate::der::implicit_primitive(&t, C)?,
                        sg17_asn1::EncodingRules::Der,
                        t.contents_offset(),
                    )?;
                    if !v {
                        return Err(Error::new(ErrorKind::DefaultValueEncoded, t.offset(), "X.690 11.5"));
                    }
                    Ok(true)
                }
                None => Ok(false),
            }
        };
        idp.only_user_certs = flag(&mut f, 1)?;
        idp.only_ca_certs = flag(&mut f, 2)?;
        if let Some(t) = f.opt(Tag::context(3))? {
            idp.only_some_reasons = Some(reasons(&t)?);
        }
        idp.indirect_crl = flag(&mut f, 4)?;
        idp.only_attribute_certs = flag(&mut f, 5)?;
        f.finish()?;
        Ok(idp)
    }
}
