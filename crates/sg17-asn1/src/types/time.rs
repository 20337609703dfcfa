//! UTCTime (X.680 47, X.690 11.8) and GeneralizedTime (X.680 46, X.690 11.7).

use crate::error::{Error, ErrorKind, Result};
use crate::rules::EncodingRules;
use core::fmt;

/// A calendar time as written in a UTCTime or GeneralizedTime.
///
/// ```
/// use sg17_asn1::types::time::DateTime;
/// use sg17_asn1::EncodingRules;
/// let t = DateTime::parse_generalized(b"20491231235959.5Z", EncodingRules::Der, 0)?;
/// assert_eq!(t.to_string(), "2049-12-31T23:59:59.5Z");
/// let u = DateTime::parse_utc(b"4912312359Z", EncodingRules::Ber, 0)?; // BER: seconds optional
/// assert_eq!(u.year, 2049);
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// Four-digit year (UTCTime: 1950-2049, the RFC 5280 4.1.2.5.1 window).
    pub year: u16,
    /// 1-12.
    pub month: u8,
    /// 1-31.
    pub day: u8,
    /// 0-23.
    pub hour: u8,
    /// 0-59 (zero when omitted).
    pub minute: u8,
    /// 0-59 (zero when omitted).
    pub second: u8,
    /// Fractional digits of the second (GeneralizedTime only), without the decimal mark. A
    /// fraction of an hour or a minute (X.680 46.3 b, c) is converted exactly, so
    /// `1985110621.14159` reads as 21:08:29.724.
    pub fraction: String,
    /// Which unit the written fraction applied to: 0 hour, 1 minute, 2 second.
    pub fraction_of: u8,
    /// Offset from UTC in minutes: `Some(0)` for `Z`, `None` for local time.
    pub offset_minutes: Option<i16>,
}

fn digits2(s: &[u8], i: usize) -> Option<u8> {
    match (s.get(i), s.get(i + 1)) {
        (Some(a @ b'0'..=b'9'), Some(b @ b'0'..=b'9')) => Some((a - b'0') * 10 + (b - b'0')),
        _ => None,
    }
}

const fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        _ => 28,
    }
}

impl DateTime {
    fn check_ranges(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60
    }

    /// Parses a time-zone suffix at `s[i..]`: `Z`, `+hhmm`, `-hhmm` (and `+hh` in
    /// GeneralizedTime); nothing means local time.
    fn parse_zone(s: &[u8], i: usize, allow_hours_only: bool) -> Option<Option<i16>> {
        match s.get(i) {
            None => Some(None),
            Some(b'Z') if s.len() == i + 1 => Some(Some(0)),
            Some(sign @ (b'+' | b'-')) => {
                let hh = digits2(s, i + 1)?;
                let mm = match s.len() - i {
                    5 => digits2(s, i + 3)?,
                    3 if allow_hours_only => 0,
                    _ => return None,
                };
                if hh > 23 || mm > 59 {
                    return None;
                }
                let off = i16::from(hh) * 60 + i16::from(mm);
                Some(Some(if *sign == b'-' { -off } else { off }))
            }
            _ => None,
        }
    }

    /// Parses UTCTime contents (X.680 47.3: `YYMMDDhhmm[ss](Z|±hhmm)`); CER/DER require
    /// `YYMMDDhhmmssZ` (X.690 11.8). Years 50-99 are 19xx, 00-49 are 20xx.
    pub fn parse_utc(s: &[u8], rules: EncodingRules, offset: usize) -> Result<Self> {
        let bad = Error::new(ErrorKind::InvalidUtcTime, offset);
        let f = |i| digits2(s, i).ok_or(bad.clone());
        let yy = f(0)?;
        let (month, day, hour, minute) = (f(2)?, f(4)?, f(6)?, f(8)?);
        let (second, zi) = match digits2(s, 10) {
            Some(ss) => (ss, 12),
            None => (0, 10),
        };
        // X.680 47.3 requires a zone (Z or a differential); local time is not allowed.
        let zone = match Self::parse_zone(s, zi, false) {
            Some(Some(z)) => Some(z),
            _ => return Err(bad),
        };
        let t = DateTime {
            year: if yy >= 50 { 1900 + u16::from(yy) } else { 2000 + u16::from(yy) },
            month,
            day,
            hour,
            minute,
            second,
            fraction: String::new(),
            fraction_of: 2,
            offset_minutes: zone,
        };
        if !t.check_ranges() {
            return Err(bad);
        }
        if rules.is_canonical() && (zi != 12 || s.len() != 13 || s[12] != b'Z') {
            return Err(Error::new(ErrorKind::NonCanonicalUtcTime, offset));
        }
        Ok(t)
    }

    /// Parses GeneralizedTime contents (X.680 46.3:
    /// `YYYYMMDDhh[mm[ss]][(.|,)fraction][Z|±hh[mm]]`); CER/DER require
    /// `YYYYMMDDhhmmss[.f*]Z` with no trailing zero in the fraction (X.690 11.7).
    pub fn parse_generalized(s: &[u8], rules: EncodingRules, offset: usize) -> Result<Self> {
        let bad = Error::new(ErrorKind::InvalidGeneralizedTime, offset);
        let f = |i| digits2(s, i).ok_or(bad.clone());
        let year = u16::from(f(0)?) * 100 + u16::from(f(2)?);
        let (month, day, hour) = (f(4)?, f(6)?, f(8)?);
        let mut i = 10;
        let mut minute = 0;
        let mut second = 0;
        let mut fraction_of = 0;
        if let Some(m) = digits2(s, i) {
            minute = m;
            i += 2;
            fraction_of = 1;
            if let Some(sec) = digits2(s, i) {
                second = sec;
                i += 2;
                fraction_of = 2;
            }
        }
        let mut fraction = String::new();
        let mut mark = None;
        if let Some(&m @ (b'.' | b',')) = s.get(i) {
            mark = Some(m);
            i += 1;
            let start = i;
            while s.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return Err(bad);
            }
            fraction = String::from_utf8_lossy(&s[start..i]).into_owned();
        }
        let zone = Self::parse_zone(s, i, true).ok_or(bad.clone())?;
        let canonical_fraction_ok = fraction.is_empty() || (mark == Some(b'.') && !fraction.ends_with('0'));
        // X.680 46.3: a fraction of the hour or minute; carry it down to seconds exactly.
        if fraction_of < 2 && !fraction.is_empty() {
            if fraction_of == 0 {
                let (m, rest) = times_60(&fraction);
                minute = m;
                fraction = rest;
            }
            let (sec, rest) = times_60(&fraction);
            second = sec;
            fraction = rest;
        }
        let t =
            DateTime { year, month, day, hour, minute, second, fraction, fraction_of, offset_minutes: zone };
        if !t.check_ranges() {
            return Err(bad);
        }
        if rules.is_canonical() {
            let ok = fraction_of == 2
                && zone == Some(0)
                && s.last() == Some(&b'Z')
                && s.len() == i + 1
                && canonical_fraction_ok;
            if !ok {
                return Err(Error::new(ErrorKind::NonCanonicalGeneralizedTime, offset));
            }
        }
        Ok(t)
    }
}

/// `0.<digits> x 60` exactly: the integer part and the fractional digits (trailing zeros
/// dropped). Decimal digit arithmetic, so no precision is lost.
fn times_60(digits: &str) -> (u8, String) {
    let mut out: Vec<u8> = Vec::with_capacity(digits.len());
    let mut carry = 0u32;
    for d in digits.bytes().rev() {
        let v = u32::from(d - b'0') * 60 + carry;
        out.push((v % 10) as u8 + b'0');
        carry = v / 10;
    }
    out.reverse();
    while out.last() == Some(&b'0') {
        out.pop();
    }
    // carry < 60 because 0.999.. x 60 < 60.
    (carry as u8, String::from_utf8(out).unwrap_or_default())
}

impl fmt::Display for DateTime {
    /// ISO 8601: `YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if !self.fraction.is_empty() {
            write!(f, ".{}", self.fraction)?;
        }
        match self.offset_minutes {
            Some(0) => f.write_str("Z"),
            Some(m) => write!(f, "{}{:02}:{:02}", if m < 0 { '-' } else { '+' }, m.abs() / 60, m.abs() % 60),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x690_11_8_utc_time_der_form() {
        assert!(DateTime::parse_utc(b"491231235959Z", EncodingRules::Der, 0).is_ok());
        for bad in [&b"4912312359Z"[..], b"491231235959+0000", b"491231235959"] {
            assert!(DateTime::parse_utc(bad, EncodingRules::Der, 0).is_err());
        }
        let t = DateTime::parse_utc(b"9912312359-0500", EncodingRules::Ber, 0).unwrap();
        assert_eq!((t.year, t.offset_minutes), (1999, Some(-300)));
        assert!(DateTime::parse_utc(b"490230000000Z", EncodingRules::Ber, 0).is_err());
    }

    #[test]
    fn x690_11_7_generalized_time_der_form() {
        assert!(DateTime::parse_generalized(b"19920521000000Z", EncodingRules::Der, 0).is_ok());
        assert!(DateTime::parse_generalized(b"19920622123421.5Z", EncodingRules::Der, 0).is_ok());
        for bad in [
            &b"19920622123421.50Z"[..],
            b"19920622123421,5Z",
            b"199206221234Z",
            b"19920622123421",
            b"19920622123421.Z",
        ] {
            assert!(DateTime::parse_generalized(bad, EncodingRules::Der, 0).is_err(), "{bad:?}");
        }
        // X.680 46.3 local time with a fraction of the hour is valid BER.
        let t = DateTime::parse_generalized(b"1985110621.14159", EncodingRules::Ber, 0).unwrap();
        assert_eq!((t.fraction_of, t.offset_minutes), (0, None));
        // 0.14159 h = 8 min 29.724 s (exact decimal arithmetic).
        assert_eq!(t.to_string(), "1985-11-06T21:08:29.724");
        let t = DateTime::parse_generalized(b"198511062108.5Z", EncodingRules::Ber, 0).unwrap();
        assert_eq!(t.to_string(), "1985-11-06T21:08:30Z");
        assert!(DateTime::parse_generalized(b"20000229000000Z", EncodingRules::Der, 0).is_ok());
        assert!(DateTime::parse_generalized(b"19000229000000Z", EncodingRules::Der, 0).is_err());
    }
}
