//! basicConstraints (RFC 5280 4.2.1.9), nameConstraints (4.2.1.10), policyConstraints
//! (4.2.1.11) and inhibitAnyPolicy (4.2.1.14).

use super::general_name::GeneralName;
use crate::der::{Fields, expect, implicit_primitive};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::name::NameLimits;
use sg17_asn1::{Integer, Tag, Tlv};

fn small_uint(i: Integer<'_>, offset: usize, clause: &'static str) -> Result<u32> {
    if i.is_negative() {
        return Err(Error::new(ErrorKind::InvalidExtensionValue, offset, clause));
    }
    u32::try_from(i).map_err(|_| Error::new(ErrorKind::InvalidExtensionValue, offset, clause))
}

/// `BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }`
/// (RFC 5280 4.2.1.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    /// cA.
    pub ca: bool,
    /// pathLenConstraint.
    pub path_len: Option<u32>,
}

impl BasicConstraints {
    pub(crate) fn decode(tlv: &Tlv<'_>) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 4.2.1.9";
        expect(tlv, Tag::SEQUENCE, CLAUSE)?;
        let mut f = Fields::of(tlv, CLAUSE)?;
        let mut ca = false;
        if let Some(b) = f.opt(Tag::BOOLEAN)? {
            ca = crate::der::boolean(&b)?;
            if !ca {
                return Err(Error::new(ErrorKind::DefaultValueEncoded, b.offset(), "X.690 11.5"));
            }
        }
        let path_len = match f.opt(Tag::INTEGER)? {
            Some(p) => Some(small_uint(crate::der::integer(&p)?, p.offset(), CLAUSE)?),
            None => None,
        };
        f.finish()?;
        Ok(BasicConstraints { ca, path_len })
    }
}

/// One `GeneralSubtree` of nameConstraints (minimum 0 and no maximum, as RFC 5280 requires,
/// are checked by the lint).
#[derive(Clone, Copy, Debug)]
pub struct GeneralSubtree<'a> {
    /// base.
    pub base: GeneralName<'a>,
    /// minimum (DEFAULT 0).
    pub minimum: u32,
    /// maximum.
    pub maximum: Option<u32>,
}

/// `NameConstraints` (RFC 5280 4.2.1.10).
#[derive(Clone, Debug, Default)]
pub struct NameConstraints<'a> {
    /// permittedSubtrees.
    pub permitted: Vec<GeneralSubtree<'a>>,
    /// excludedSubtrees.
    pub excluded: Vec<GeneralSubtree<'a>>,
}

impl<'a> NameConstraints<'a> {
    pub(crate) fn decode(tlv: &Tlv<'a>, limits: NameLimits, max: usize) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 4.2.1.10";
        expect(tlv, Tag::SEQUENCE, CLAUSE)?;
        let mut f = Fields::of(tlv, CLAUSE)?;
        let mut nc = NameConstraints::default();
        for (n, out, name) in
            [(0, &mut nc.permitted, "permittedSubtrees"), (1, &mut nc.excluded, "excludedSubtrees")]
        {
            let Some(t) = f.opt(Tag::context(n))? else { continue };
            let mut g = Fields::of(&t, CLAUSE)?;
            while let Some(st) = g.next()? {
                if out.len() == max {
                    return Err(Error::new(ErrorKind::LimitExceeded, st.offset(), "limit: max_san_entries"));
                }
                out.push(decode_subtree(&st, limits).at(name)?);
            }
            if out.is_empty() {
                return Err(Error::new(ErrorKind::EmptySequence, t.offset(), CLAUSE));
            }
        }
        f.finish()?;
        Ok(nc)
    }
}

fn decode_subtree<'a>(tlv: &Tlv<'a>, limits: NameLimits) -> Result<GeneralSubtree<'a>> {
    const CLAUSE: &str = "RFC 5280 4.2.1.10";
    expect(tlv, Tag::SEQUENCE, CLAUSE)?;
    let mut f = Fields::of(tlv, CLAUSE)?;
    let base = GeneralName::decode(&f.any()?, limits)?;
    let mut minimum = 0;
    if let Some(m) = f.opt(Tag::context(0))? {
        let i = Integer::from_contents(implicit_primitive(&m, CLAUSE)?, m.offset())?;
        minimum = small_uint(i, m.offset(), CLAUSE)?;
        if minimum == 0 {
            return Err(Error::new(ErrorKind::DefaultValueEncoded, m.offset(), "X.690 11.5"));
        }
    }
    let maximum = match f.opt(Tag::context(1))? {
        Some(m) => {
            let i = Integer::from_contents(implicit_primitive(&m, CLAUSE)?, m.offset())?;
            Some(small_uint(i, m.offset(), CLAUSE)?)
        }
        None => None,
    };
    f.finish()?;
    Ok(GeneralSubtree { base, minimum, maximum })
}

/// `PolicyConstraints` (RFC 5280 4.2.1.11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PolicyConstraints {
    /// requireExplicitPolicy \[0\].
    pub require_explicit_policy: Option<u32>,
    /// inhibitPolicyMapping \[1\].
    pub inhibit_policy_mapping: Option<u32>,
}

impl PolicyConstraints {
    pub(crate) fn decode(tlv: &Tlv<'_>) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 4.2.1.11";
        expect(tlv, Tag::SEQUENCE, CLAUSE)?;
        let mut f = Fields::of(tlv, CLAUSE)?;
        let mut get = |n| -> Result<Option<u32>> {
            match f.opt(Tag::context(n))? {
                Some(t) => {
                    let i = Integer::from_contents(implicit_primitive(&t, CLAUSE)?, t.offset())?;
                    Ok(Some(small_uint(i, t.offset(), CLAUSE)?))
                }
                None => Ok(None),
            }
        };
        let pc = PolicyConstraints { require_explicit_policy: get(0)?, inhibit_policy_mapping: get(1)? };
        f.finish()?;
        // RFC 5280 4.2.1.11: conforming CAs MUST NOT issue an empty sequence.
        if pc.require_explicit_policy.is_none() && pc.inhibit_policy_mapping.is_none() {
            return Err(Error::new(ErrorKind::EmptySequence, tlv.offset(), CLAUSE));
        }
        Ok(pc)
    }
}

/// `InhibitAnyPolicy ::= SkipCerts` (RFC 5280 4.2.1.14).
pub(crate) fn decode_inhibit_any_policy(tlv: &Tlv<'_>) -> Result<u32> {
    const CLAUSE: &str = "RFC 5280 4.2.1.14";
    expect(tlv, Tag::INTEGER, CLAUSE)?;
    small_uint(crate::der::integer(tlv)?, tlv.offset(), CLAUSE)
}
