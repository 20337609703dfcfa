//! certificatePolicies (RFC 5280 4.2.1.4) with CPS and user-notice qualifiers, and
//! policyMappings (RFC 5280 4.2.1.5).

use crate::der::{Fields, expect};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::oids;
use sg17_asn1::{ObjectIdentifier, StringKind, Tag, Tlv};
use std::borrow::Cow;

const CLAUSE: &str = "RFC 5280 4.2.1.4";

/// A policy qualifier (RFC 5280 4.2.1.4).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyQualifier<'a> {
    /// id-qt-cps: CPS URI (IA5String).
    Cps(&'a str),
    /// id-qt-unotice: optional notice reference and explicit text.
    UserNotice {
        /// noticeRef: organization and notice numbers (as decimal strings).
        notice_ref: Option<(Cow<'a, str>, Vec<String>)>,
        /// explicitText (any DisplayText choice, decoded).
        explicit_text: Option<Cow<'a, str>>,
    },
    /// Any other qualifier: its id and raw DER.
    Other {
        /// policyQualifierId.
        id: ObjectIdentifier<'a>,
        /// The raw qualifier.
        raw: &'a [u8],
    },
}

/// One `PolicyInformation`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyInformation<'a> {
    /// policyIdentifier.
    pub policy: ObjectIdentifier<'a>,
    /// policyQualifiers.
    pub qualifiers: Vec<PolicyQualifier<'a>>,
}

/// DisplayText ::= CHOICE { ia5String, visibleString, bmpString, utf8String } SIZE (1..200).
fn display_text<'a>(t: &Tlv<'a>) -> Result<Cow<'a, str>> {
    let kind = match t.tag() {
        Tag::IA5_STRING => StringKind::Ia5,
        Tag::VISIBLE_STRING => StringKind::Visible,
        Tag::BMP_STRING => StringKind::Bmp,
        Tag::UTF8_STRING => StringKind::Utf8,
        _ => return Err(Error::new(ErrorKind::UnexpectedTag, t.offset(), CLAUSE)),
    };
    let c = crate::der::octets(t)?;
    kind.decode(c, t.contents_offset())?.ok_or(Error::new(
        ErrorKind::InvalidExtensionValue,
        t.offset(),
        CLAUSE,
    ))
}

fn decode_qualifier<'a>(tlv: &Tlv<'a>) -> Result<PolicyQualifier<'a>> {
    expect(tlv, Tag::SEQUENCE, CLAUSE)?;
    let mut f = Fields::of(tlv, CLAUSE)?;
    let id = crate::der::oid(&f.req(Tag::OBJECT_IDENTIFIER)?)?;
    let q = if oids::QT_CPS.matches(&id) {
        let t = f.req(Tag::IA5_STRING)?;
        match display_text(&t)? {
            Cow::Borrowed(s) => PolicyQualifier::Cps(s),
            Cow::Owned(_) => return Err(Error::new(ErrorKind::InvalidExtensionValue, t.offset(), CLAUSE)),
        }
    } else if oids::QT_UNOTICE.matches(&id) {
        let mut notice_ref = None;
        let mut explicit_text = None;
        if let Some(un) = f.next()? {
            expect(&un, Tag::SEQUENCE, CLAUSE)?;
            let mut g = Fields::of(&un, CLAUSE)?;
            if let Some(nr) = g.opt(Tag::SEQUENCE)? {
                let mut h = Fields::of(&nr, CLAUSE)?;
                let org = display_text(&h.any()?)?;
                let nums_t = h.req(Tag::SEQUENCE)?;
                h.finish()?;
                let mut nums = Fields::of(&nums_t, CLAUSE)?;
                let mut v = Vec::new();
                while let Some(n) = nums.next()? {
                    if v.len() == 64 {
                        return Err(Error::new(
                            ErrorKind::LimitExceeded,
                            n.offset(),
                            "limit: notice numbers",
                        ));
                    }
                    v.push(crate::der::integer(&n)?.to_decimal());
                }
                notice_ref = Some((org, v));
            }
            if let Some(t) = g.next()? {
                explicit_text = Some(display_text(&t)?);
            }
            g.finish()?;
        }
        PolicyQualifier::UserNotice { notice_ref, explicit_text }
    } else {
        let _ = f.next()?;
        PolicyQualifier::Other { id, raw: tlv.raw() }
    };
    f.finish()?;
    Ok(q)
}

/// `certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation`.
pub(crate) fn decode_policies<'a>(tlv: &Tlv<'a>, max: usize) -> Result<Vec<PolicyInformation<'a>>> {
    expect(tlv, Tag::SEQUENCE, CLAUSE)?;
    let mut f = Fields::of(tlv, CLAUSE)?;
    let mut out: Vec<PolicyInformation<'a>> = Vec::new();
    while let Some(pi) = f.next()? {
        if out.len() == max {
            return Err(Error::new(ErrorKind::LimitExceeded, pi.offset(), "limit: max_san_entries"));
        }
        expect(&pi, Tag::SEQUENCE, CLAUSE)?;
        let mut g = Fields::of(&pi, CLAUSE)?;
        let policy = crate::der::oid(&g.req(Tag::OBJECT_IDENTIFIER)?)?;
        // RFC 5280 4.2.1.4: a policy OID MUST NOT appear more than once.
        if out.iter().any(|p| p.policy == policy) {
            return Err(Error::new(ErrorKind::InvalidExtensionValue, pi.offset(), CLAUSE));
        }
        let mut qualifiers = Vec::new();
        if let Some(qs) = g.opt(Tag::SEQUENCE)? {
            let mut h = Fields::of(&qs, CLAUSE)?;
            while let Some(q) = h.next()? {
                if qualifiers.len() == 64 {
                    return Err(Error::new(ErrorKind::LimitExceeded, q.offset(), "limit: policy qualifiers"));
                }
                qualifiers.push(decode_qualifier(&q).at_index("policyQualifiers", qualifiers.len())?);
            }
            if qualifiers.is_empty() {
                return Err(Error::new(ErrorKind::EmptySequence, qs.offset(), CLAUSE));
            }
        }
        g.finish()?;
        out.push(PolicyInformation { policy, qualifiers });
    }
    if out.is_empty() {
        return Err(Error::new(ErrorKind::EmptySequence, tlv.offset(), CLAUSE));
    }
    Ok(out)
}

/// `PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE { issuerDomainPolicy, subjectDomainPolicy }`
/// (RFC 5280 4.2.1.5).
pub(crate) fn decode_policy_mappings<'a>(
    tlv: &Tlv<'a>,
    max: usize,
) -> Result<Vec<(ObjectIdentifier<'a>, ObjectIdentifier<'a>)>> {
    const CLAUSE: &str = "RFC 5280 4.2.1.5";
    expect(tlv, Tag::SEQUENCE, CLAUSE)?;
    let mut f = Fields::of(tlv, CLAUSE)?;
    let mut out = Vec::new();
    while let Some(m) = f.next()? {
        if out.len() == max {
            return Err(Error::new(ErrorKind::LimitExceeded, m.offset(), "limit: max_san_entries"));
        }
        expect(&m, Tag::SEQUENCE, CLAUSE)?;
        let mut g = Fields::of(&m, CLAUSE)?;
        let a = crate::der::oid(&g.req(Tag::OBJECT_IDENTIFIER)?)?;
        let b = crate::der::oid(&g.req(Tag::OBJECT_IDENTIFIER)?)?;
        g.finish()?;
        out.push((a, b));
    }
    if out.is_empty() {
        return Err(Error::new(ErrorKind::EmptySequence, tlv.offset(), CLAUSE));
    }
    Ok(out)
}
