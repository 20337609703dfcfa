//! `Time` and `Validity` (RFC 5280 4.1.2.5): UTCTime `YYMMDDHHMMSSZ` or GeneralizedTime
//! `YYYYMMDDHHMMSSZ`, always UTC, no fractional seconds.

use crate::der::Fields;
use crate::error::{Error, ErrorKind, PathExt, Result};
use core::fmt;
use sg17_asn1::{DateTime, EncodingRules, Tag, Tlv};

/// Which ASN.1 type a [`Time`] was encoded with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeKind {
    /// UTCTime (RFC 5280 4.1.2.5.1).
    Utc,
    /// GeneralizedTime (RFC 5280 4.1.2.5.2).
    Generalized,
}

/// A certificate time (RFC 5280 4.1.2.5), to the second, in UTC.
///
/// ```
/// use sg17_x509::Time;
/// let t = Time::from_der(b"\x17\x0d491231235959Z")?;
/// assert_eq!(t.to_string(), "2049-12-31T23:59:59Z");
/// assert_eq!(t.to_openssl(), "Dec 31 23:59:59 2049 GMT");
/// assert_eq!(t.unix_timestamp(), 2524607999);
/// # Ok::<(), sg17_x509::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Time {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    kind: TimeKindOrd,
}

// Kept last so that ordering is chronological first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct TimeKindOrd(bool);

impl Time {
    /// Decodes a UTCTime or GeneralizedTime element (RFC 5280 4.1.2.5).
    pub fn decode(tlv: &Tlv<'_>) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 4.1.2.5";
        if tlv.is_constructed() {
            return Err(Error::new(ErrorKind::InvalidTime, tlv.offset(), CLAUSE));
        }
        let c = tlv.contents();
        let at = tlv.contents_offset();
        let (dt, generalized) = match tlv.tag() {
            Tag::UTC_TIME => (DateTime::parse_utc(c, EncodingRules::Der, at)?, false),
            Tag::GENERALIZED_TIME => {
                let dt = DateTime::parse_generalized(c, EncodingRules::Der, at)?;
                // RFC 5280 4.1.2.5.2: seconds present, no fraction, Zulu.
                if c.len() != 15 {
                    return Err(Error::new(ErrorKind::InvalidTime, at, "RFC 5280 4.1.2.5.2"));
                }
                (dt, true)
            }
            _ => return Err(Error::new(ErrorKind::UnexpectedTag, tlv.offset(), CLAUSE)),
        };
        Ok(Time {
            year: dt.year,
            month: dt.month,
            day: dt.day,
            hour: dt.hour,
            minute: dt.minute,
            second: dt.second,
            kind: TimeKindOrd(generalized),
        })
    }

    /// Decodes one DER element holding a time.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        Self::decode(&crate::der::one(der, sg17_asn1::Limits::default())?)
    }

    /// The encoding used.
    #[must_use]
    pub const fn kind(&self) -> TimeKind {
        if self.kind.0 { TimeKind::Generalized } else { TimeKind::Utc }
    }
    /// Year (four digits).
    #[must_use]
    pub const fn year(&self) -> u16 {
        self.year
    }
    /// (year, month, day, hour, minute, second).
    #[must_use]
    pub const fn fields(&self) -> (u16, u8, u8, u8, u8, u8) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second)
    }

    /// Seconds since 1970-01-01T00:00:00Z (negative before).
    #[must_use]
    pub fn unix_timestamp(&self) -> i64 {
        // Days from civil (proleptic Gregorian), era-based.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        days * 86_400 + i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second)
    }

    /// openssl's form: `Jan  1 00:00:00 2030 GMT`.
    #[must_use]
    pub fn to_openssl(&self) -> String {
        const M: [&str; 12] =
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        format!(
            "{} {:>2} {:02}:{:02}:{:02} {} GMT",
            M[usize::from(self.month - 1) % 12],
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.year
        )
    }
}

impl fmt::Display for Time {
    /// RFC 3339 form, `2030-01-01T00:00:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// The validity period (RFC 5280 4.1.2.5): `SEQUENCE { notBefore Time, notAfter Time }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Validity {
    /// notBefore.
    pub not_before: Time,
    /// notAfter.
    pub not_after: Time,
}

impl Validity {
    pub(crate) fn decode(tlv: &Tlv<'_>) -> Result<Self> {
        let mut f = Fields::of(tlv, "RFC 5280 4.1.2.5")?;
        let not_before = Time::decode(&f.any()?).at("notBefore")?;
        let not_after = Time::decode(&f.any()?).at("notAfter")?;
        f.finish()?;
        Ok(Validity { not_before, not_after })
    }

    /// Whether `unix_time` (seconds) lies within the period, bounds included (RFC 5280 4.1.2.5).
    #[must_use]
    pub fn contains(&self, unix_time: i64) -> bool {
        self.not_before.unix_timestamp() <= unix_time && unix_time <= self.not_after.unix_timestamp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc5280_4_1_2_5_forms() {
        // GeneralizedTime with fractional seconds: MUST NOT (4.1.2.5.2).
        let e = Time::from_der(b"\x18\x1120500101000000.5Z").unwrap_err();
        assert_eq!(e.clause(), "RFC 5280 4.1.2.5.2");
        // UTCTime without seconds: not DER (X.690 11.8).
        assert!(Time::from_der(b"\x17\x0b4912312359Z").is_err());
        // Month 13 (X.680 47.3).
        assert!(Time::from_der(b"\x17\x0d491331235959Z").is_err());
        let t = Time::from_der(b"\x18\x0f20500101000000Z").unwrap();
        assert_eq!(t.kind(), TimeKind::Generalized);
        // `date -u -d 2050-01-01 +%s` = 2524608000
        assert_eq!(t.unix_timestamp(), 2_524_608_000);
        let t = Time::from_der(b"\x17\x0d500101000000Z").unwrap();
        assert_eq!(t.year(), 1950);
        assert_eq!(t.unix_timestamp(), -631_152_000);
    }
}
