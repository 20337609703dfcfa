//! OBJECT IDENTIFIER (X.690 8.19) and RELATIVE-OID (X.690 8.20).

use super::primitive;
use crate::error::{Error, ErrorKind, Result};
use crate::reader::Tlv;
use crate::tag::{Tag, base128_len, push_base128};
use core::fmt;
use core::str::FromStr;

/// Checks a list of subidentifiers (X.690 8.19.2): each base-128 with bit 8 set on all but its
/// last octet, the leading octet never 0x80; each must fit in 128 bits.
#[inline]
fn check_subidentifiers(c: &[u8], offset: usize, relative: bool) -> Result<()> {
    let (non_minimal, truncated) = if relative {
        (ErrorKind::RelativeOidNonMinimalSubidentifier, ErrorKind::RelativeOidTruncatedSubidentifier)
    } else {
        (ErrorKind::NonMinimalSubidentifier, ErrorKind::TruncatedSubidentifier)
    };
    // Up to 18 octets no subidentifier can exceed 7 * 18 = 126 bits: only the first two
    // rules remain (X.690 8.19.2: no leading 0x80 octet; the last octet ends a subidentifier).
    if c.len() <= 18 {
        let mut prev = 0u8;
        for (i, &b) in c.iter().enumerate() {
            if b == 0x80 && prev & 0x80 == 0 {
                return Err(Error::new(non_minimal, offset + i));
            }
            prev = b;
        }
        if prev & 0x80 != 0 {
            return Err(Error::new(truncated, offset + c.len().saturating_sub(1)));
        }
        return Ok(());
    }
    check_subidentifiers_general(c, offset, non_minimal, truncated)
}

/// [`check_subidentifiers`] for any length, also bounding each subidentifier to 128 bits.
fn check_subidentifiers_general(
    c: &[u8],
    offset: usize,
    non_minimal: ErrorKind,
    truncated: ErrorKind,
) -> Result<()> {
    let mut start = true;
    let mut bits = 0u32;
    for (i, &b) in c.iter().enumerate() {
        if start && b == 0x80 {
            return Err(Error::new(non_minimal, offset + i));
        }
        bits = if start { 8 - (b & 0x7f).leading_zeros() } else { bits + 7 };
        if bits > 128 {
            return Err(Error::new(ErrorKind::SubidentifierTooLarge, offset + i));
        }
        start = b & 0x80 == 0;
    }
    if !start {
        return Err(Error::new(truncated, offset + c.len().saturating_sub(1)));
    }
    Ok(())
}

/// Iterator over the subidentifiers of validated contents.
#[derive(Clone, Debug)]
pub struct Subidentifiers<'a>(&'a [u8]);

impl Iterator for Subidentifiers<'_> {
    type Item = u128;
    fn next(&mut self) -> Option<u128> {
        if self.0.is_empty() {
            return None;
        }
        let mut v: u128 = 0;
        let mut i = 0;
        while i < self.0.len() {
            let b = self.0[i];
            v = (v << 7) | u128::from(b & 0x7f);
            i += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
        self.0 = &self.0[i..];
        Some(v)
    }
}

/// A validated OBJECT IDENTIFIER, borrowed contents octets.
///
/// The first subidentifier packs the first two arcs as `X*40 + Y` (X.690 8.19.4).
///
/// ```
/// use sg17_asn1::ObjectIdentifier;
/// let oid = ObjectIdentifier::from_contents(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d], 0)?;
/// assert_eq!(oid.to_string(), "1.2.840.113549");
/// let owned: sg17_asn1::types::oid::Oid = "1.2.840.113549".parse()?;
/// assert_eq!(owned.as_bytes(), oid.as_bytes());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectIdentifier<'a>(&'a [u8]);

impl<'a> ObjectIdentifier<'a> {
    /// Validates contents octets (X.690 8.19.2).
    #[inline]
    pub fn from_contents(c: &'a [u8], offset: usize) -> Result<Self> {
        if c.is_empty() {
            return Err(Error::new(ErrorKind::EmptyObjectIdentifier, offset));
        }
        check_subidentifiers(c, offset, false)?;
        Ok(ObjectIdentifier(c))
    }
    /// Contents octets.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }
    /// The arcs (X.690 8.19.4 splits the first subidentifier into two).
    pub fn arcs(&self) -> impl Iterator<Item = u128> + 'a {
        let mut subs = Subidentifiers(self.0);
        let first = subs.next().unwrap_or(0);
        let (a, b) = match first {
            0..40 => (0, first),
            40..80 => (1, first - 40),
            _ => (2, first - 80),
        };
        [a, b].into_iter().chain(subs)
    }
}

/// Writes arcs in dotted form (`1.2.3`) or, with `braces`, in value notation (`{ 1 2 3 }`,
/// X.680 32.3).
pub(crate) fn write_arcs(
    f: &mut fmt::Formatter<'_>,
    arcs: impl Iterator<Item = u128>,
    braces: bool,
) -> fmt::Result {
    if braces {
        f.write_str("{")?;
    }
    for (i, a) in arcs.enumerate() {
        match (braces, i) {
            (true, _) => f.write_str(" ")?,
            (false, 0) => {}
            (false, _) => f.write_str(".")?,
        }
        write!(f, "{a}")?;
    }
    if braces {
        f.write_str(" }")?;
    }
    Ok(())
}

impl fmt::Display for ObjectIdentifier<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_arcs(f, self.arcs(), false)
    }
}

/// A validated RELATIVE-OID, borrowed contents octets (X.690 8.20).
///
/// ```
/// use sg17_asn1::types::oid::RelativeOid;
/// // X.690 8.20.5 example: {8571 3 2} encodes as 0xC27B 0x03 0x02.
/// let r = RelativeOid::from_contents(&[0xc2, 0x7b, 0x03, 0x02], 0)?;
/// assert_eq!(r.to_string(), "8571.3.2");
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelativeOid<'a>(&'a [u8]);

impl<'a> RelativeOid<'a> {
    /// Validates contents octets (X.690 8.20.2).
    pub fn from_contents(c: &'a [u8], offset: usize) -> Result<Self> {
        if c.is_empty() {
            return Err(Error::new(ErrorKind::EmptyRelativeOid, offset));
        }
        check_subidentifiers(c, offset, true)?;
        Ok(RelativeOid(c))
    }
    /// Contents octets.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }
    /// The arcs.
    pub fn arcs(&self) -> impl Iterator<Item = u128> + 'a {
        Subidentifiers(self.0)
    }
}

impl fmt::Display for RelativeOid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_arcs(f, self.arcs(), false)
    }
}

/// Why a dotted OID string was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidParseError(&'static str);

impl fmt::Display for OidParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid object identifier: {}", self.0)
    }
}

impl std::error::Error for OidParseError {}

/// An owned OBJECT IDENTIFIER, built from dotted notation (X.680 32.3 arcs; X.690 8.19
/// encoding).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Oid(Vec<u8>);

impl Oid {
    /// Contents octets.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    /// Borrowed view.
    #[must_use]
    pub fn as_ref(&self) -> ObjectIdentifier<'_> {
        ObjectIdentifier(&self.0)
    }
    /// Builds from arcs; the first arc must be 0, 1 or 2, and the second below 40 unless the
    /// first is 2 (X.660 / X.680 32.11).
    pub fn from_arcs(arcs: &[u128]) -> core::result::Result<Self, OidParseError> {
        let [a, b, rest @ ..] = arcs else {
            return Err(OidParseError("fewer than two arcs"));
        };
        if *a > 2 {
            return Err(OidParseError("first arc above 2"));
        }
        if *a < 2 && *b >= 40 {
            return Err(OidParseError("second arc above 39 under arc 0 or 1"));
        }
        let first = (a * 40).checked_add(*b).ok_or(OidParseError("arc too large"))?;
        let mut out = Vec::with_capacity(base128_len(first) + rest.len() * 2);
        push_base128(first, &mut out);
        for &r in rest {
            push_base128(r, &mut out);
        }
        Ok(Oid(out))
    }
}

impl FromStr for Oid {
    type Err = OidParseError;
    fn from_str(s: &str) -> core::result::Result<Self, OidParseError> {
        let arcs = s
            .split('.')
            .map(|p| {
                if p.is_empty()
                    || (p.len() > 1 && p.starts_with('0'))
                    || !p.bytes().all(|b| b.is_ascii_digit())
                {
                    Err(OidParseError("arc is not a decimal number without leading zeros"))
                } else {
                    p.parse::<u128>().map_err(|_| OidParseError("arc too large"))
                }
            })
            .collect::<core::result::Result<Vec<_>, _>>()?;
        Oid::from_arcs(&arcs)
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_ref().fmt(f)
    }
}

impl<'a> crate::Decode<'a> for ObjectIdentifier<'a> {
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        tlv.expect_tag(Tag::OBJECT_IDENTIFIER)?;
        ObjectIdentifier::from_contents(primitive(tlv, 6)?, tlv.offset())
    }
}

impl<'a> crate::Decode<'a> for RelativeOid<'a> {
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        tlv.expect_tag(Tag::RELATIVE_OID)?;
        RelativeOid::from_contents(primitive(tlv, 13)?, tlv.offset())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The short-input path of `check_subidentifiers` must agree with the general one
    /// (X.690 8.19.2) on every input of up to two octets and on all inputs of up to 18
    /// octets drawn from octets at the rule boundaries.
    #[test]
    fn x690_8_19_2_short_path_agrees_with_general() {
        let (nm, tr) = (ErrorKind::NonMinimalSubidentifier, ErrorKind::TruncatedSubidentifier);
        let check = |c: &[u8]| {
            assert_eq!(
                check_subidentifiers(c, 3, false),
                check_subidentifiers_general(c, 3, nm, tr),
                "{c:02x?}"
            );
        };
        for a in 0..=255u8 {
            check(&[a]);
            for b in 0..=255u8 {
                check(&[a, b]);
            }
        }
        let pick = [0x00, 0x01, 0x7f, 0x80, 0x81, 0xff];
        for len in 3..=18usize {
            // 6^4 patterns per length, repeated to fill it.
            for k in 0..6usize.pow(4) {
                let c: Vec<u8> = (0..len).map(|i| pick[(k / 6usize.pow((i % 4) as u32)) % 6]).collect();
                check(&c);
            }
        }
    }

    #[test]
    fn x690_8_19_5_example() {
        // X.690 8.19.5: {2 100 3} encodes as 0x813403.
        let o: Oid = "2.100.3".parse().unwrap();
        assert_eq!(o.as_bytes(), &[0x81, 0x34, 0x03]);
        assert_eq!(o.to_string(), "2.100.3");
    }

    #[test]
    fn x690_8_19_2_subidentifier_rules() {
        let e = ObjectIdentifier::from_contents(&[0x2a, 0x80, 0x01], 0).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NonMinimalSubidentifier);
        let e = ObjectIdentifier::from_contents(&[0x2a, 0x86], 0).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TruncatedSubidentifier);
        let e = ObjectIdentifier::from_contents(&[], 0).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::EmptyObjectIdentifier);
    }

    #[test]
    fn uuid_arc_of_128_bits() {
        // 2.25.<uuid> (X.667): arcs of up to 128 bits are supported.
        let s = "2.25.340282366920938463463374607431768211455";
        let o: Oid = s.parse().unwrap();
        let v = ObjectIdentifier::from_contents(o.as_bytes(), 0).unwrap();
        assert_eq!(v.to_string(), s);
        let mut too_big = vec![0x69, 0x84];
        too_big.extend(core::iter::repeat_n(0xff, 18));
        too_big.push(0x7f);
        assert_eq!(
            ObjectIdentifier::from_contents(&too_big, 0).unwrap_err().kind(),
            ErrorKind::SubidentifierTooLarge
        );
    }
}
