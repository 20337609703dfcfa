//! REAL (X.690 8.5, 11.3): binary, decimal (ISO 6093) and special encodings.

use super::primitive;
use crate::error::{Error, ErrorKind, Result};
use crate::reader::Tlv;
use crate::rules::EncodingRules;
use crate::tag::Tag;
use core::fmt;

/// A decoded REAL, in the form its encoding used.
#[derive(Clone, Debug, PartialEq)]
pub enum RealForm<'a> {
    /// Zero: no contents octets (X.690 8.5.2).
    Zero,
    /// PLUS-INFINITY, `0x40` (X.690 8.5.9).
    PlusInfinity,
    /// MINUS-INFINITY, `0x41`.
    MinusInfinity,
    /// NOT-A-NUMBER, `0x42`.
    NotANumber,
    /// Minus zero, `0x43`.
    MinusZero,
    /// Binary encoding (X.690 8.5.7): value = sign x N x 2^F x base^exponent.
    Binary {
        /// Sign bit S.
        negative: bool,
        /// Base B: 2, 8 or 16.
        base: u8,
        /// Binary scaling factor F (0..=3).
        scale: u8,
        /// Exponent E (saturated to the `i64` range for absurdly long exponents).
        exponent: i64,
        /// Unsigned mantissa N, big-endian.
        mantissa: &'a [u8],
    },
    /// Decimal encoding (X.690 8.5.8): ISO 6093 form number 1, 2 or 3, and the text.
    Decimal {
        /// NR1, NR2 or NR3.
        nr: u8,
        /// The characters after the first contents octet.
        text: &'a str,
    },
}

/// A validated REAL, borrowed contents octets.
///
/// ```
/// use sg17_asn1::types::real::Real;
/// use sg17_asn1::EncodingRules;
/// // 0.15625 = 5 x 2^-5: base 2, F=0, 1-octet exponent -5, mantissa 5.
/// let r = Real::from_contents(&[0x80, 0xfb, 0x05], EncodingRules::Der, 0)?;
/// assert_eq!(r.to_f64(), 0.15625);
/// assert_eq!(Real::encode_f64(0.15625), vec![0x80, 0xfb, 0x05]);
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Real<'a>(&'a [u8]);

impl<'a> Real<'a> {
    /// Validates contents octets under `rules` (X.690 8.5; 11.3 for CER/DER).
    pub fn from_contents(c: &'a [u8], rules: EncodingRules, offset: usize) -> Result<Self> {
        let form = parse(c, offset)?;
        if rules.is_canonical() {
            check_canonical(c, &form, offset)?;
        }
        Ok(Real(c))
    }

    /// Contents octets.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// The form of the encoding.
    #[must_use]
    pub fn form(&self) -> RealForm<'a> {
        // Validated at construction.
        parse(self.0, 0).unwrap_or(RealForm::NotANumber)
    }

    /// The value as the nearest `f64` (NaN for NOT-A-NUMBER; overflow to infinity, underflow
    /// to zero).
    #[must_use]
    pub fn to_f64(&self) -> f64 {
        match self.form() {
            RealForm::Zero => 0.0,
            RealForm::MinusZero => -0.0,
            RealForm::PlusInfinity => f64::INFINITY,
            RealForm::MinusInfinity => f64::NEG_INFINITY,
            RealForm::NotANumber => f64::NAN,
            RealForm::Binary { negative, base, scale, exponent, mantissa } => {
                let log2b: i128 = match base {
                    8 => 3,
                    16 => 4,
                    _ => 1,
                };
                // Keep the top 64 significant bits of N; the dropped bits only move the
                // exponent (the value is rounded once more below; good to ~1 ulp).
                let nz = mantissa.iter().position(|&b| b != 0).unwrap_or(mantissa.len());
                let m = &mantissa[nz..];
                let (top, dropped) = if m.len() > 8 { (&m[..8], m.len() - 8) } else { (m, 0) };
                let mut n: u64 = 0;
                for &b in top {
                    n = (n << 8) | u64::from(b);
                }
                let e2 = i128::from(exponent) * log2b + i128::from(scale) + 8 * dropped as i128;
                let v = scale2(n as f64, e2.clamp(-4000, 4000) as i32);
                if negative { -v } else { v }
            }
            RealForm::Decimal { text, .. } => {
                let t: String =
                    text.trim_start_matches(' ').chars().map(|c| if c == ',' { '.' } else { c }).collect();
                let t = t.strip_prefix('+').unwrap_or(&t);
                // "1." and ".5" are valid NR2; Rust's parser accepts both.
                t.parse::<f64>().unwrap_or(f64::NAN)
            }
        }
    }

    /// Canonical CER/DER contents for `v` (X.690 11.3.1): base 2, F = 0, odd mantissa, both in
    /// the fewest octets; special values per 8.5.9.
    #[must_use]
    pub fn encode_f64(v: f64) -> Vec<u8> {
        if v.is_nan() {
            return vec![0x42];
        }
        if v.is_infinite() {
            return vec![if v > 0.0 { 0x40 } else { 0x41 }];
        }
        if v == 0.0 {
            return if v.is_sign_negative() { vec![0x43] } else { Vec::new() };
        }
        let bits = v.to_bits();
        let negative = bits >> 63 != 0;
        let biased = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1u64 << 52) - 1);
        let (mut m, mut e) =
            if biased == 0 { (frac, -1074i64) } else { (frac | (1u64 << 52), biased - 1075) };
        let tz = m.trailing_zeros();
        m >>= tz;
        e += i64::from(tz);
        let eb = super::integer::encode_i128(i128::from(e));
        let mut out = Vec::with_capacity(2 + eb.len() + 8);
        let fmt = match eb.len() {
            1 => 0,
            2 => 1,
            3 => 2,
            _ => 3,
        };
        out.push(0x80 | if negative { 0x40 } else { 0 } | fmt);
        if fmt == 3 {
            out.push(eb.len() as u8);
        }
        out.extend_from_slice(&eb);
        let mb = m.to_be_bytes();
        let nz = mb.iter().position(|&b| b != 0).unwrap_or(7);
        out.extend_from_slice(&mb[nz..]);
        out
    }
}

/// `x * 2^e` without intermediate overflow or underflow.
fn scale2(mut x: f64, mut e: i32) -> f64 {
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
    }
    x * 2f64.powi(e)
}

fn parse(c: &[u8], offset: usize) -> Result<RealForm<'_>> {
    let Some((&first, rest)) = c.split_first() else {
        return Ok(RealForm::Zero);
    };
    if first & 0x80 != 0 {
        // X.690 8.5.7 binary encoding.
        let negative = first & 0x40 != 0;
        let base = match (first >> 4) & 3 {
            0 => 2,
            1 => 8,
            2 => 16,
            _ => return Err(Error::new(ErrorKind::RealReservedBase, offset)),
        };
        let scale = (first >> 2) & 3;
        let (exp_octets, mantissa) = match first & 3 {
            f @ 0..=2 => {
                let n = usize::from(f) + 1;
                if rest.len() < n {
                    return Err(Error::new(ErrorKind::RealInvalidExponent, offset));
                }
                rest.split_at(n)
            }
            _ => {
                let (&x, tail) =
                    rest.split_first().ok_or(Error::new(ErrorKind::RealInvalidExponent, offset))?;
                let x = usize::from(x);
                if x == 0 || tail.len() < x {
                    return Err(Error::new(ErrorKind::RealInvalidExponent, offset));
                }
                let (e, m) = tail.split_at(x);
                // 8.5.7.4 d: the first nine bits of the exponent not all zeros or all ones.
                if x > 1 && ((e[0] == 0 && e[1] & 0x80 == 0) || (e[0] == 0xff && e[1] & 0x80 != 0)) {
                    return Err(Error::new(ErrorKind::NonMinimalRealExponent, offset));
                }
                (e, m)
            }
        };
        if mantissa.is_empty() {
            return Err(Error::new(ErrorKind::RealMissingMantissa, offset));
        }
        let mut exponent: i64 = if exp_octets[0] & 0x80 != 0 { -1 } else { 0 };
        for &b in exp_octets {
            exponent = exponent.saturating_mul(256).saturating_add(i64::from(b) & 0xff);
        }
        if exp_octets.len() > 8 {
            exponent = if exp_octets[0] & 0x80 != 0 { i64::MIN } else { i64::MAX };
        }
        Ok(RealForm::Binary { negative, base, scale, exponent, mantissa })
    } else if first & 0x40 != 0 {
        // X.690 8.5.9 special real values: exactly one octet.
        if !rest.is_empty() {
            return Err(Error::new(ErrorKind::RealInvalidSpecial, offset));
        }
        match first {
            0x40 => Ok(RealForm::PlusInfinity),
            0x41 => Ok(RealForm::MinusInfinity),
            0x42 => Ok(RealForm::NotANumber),
            0x43 => Ok(RealForm::MinusZero),
            _ => Err(Error::new(ErrorKind::RealInvalidSpecial, offset)),
        }
    } else {
        // X.690 8.5.8 decimal encoding.
        let nr = first & 0x3f;
        let text =
            core::str::from_utf8(rest).map_err(|_| Error::new(ErrorKind::RealInvalidDecimal, offset))?;
        if !(1..=3).contains(&nr) || !iso6093_ok(nr, text) {
            return Err(Error::new(ErrorKind::RealInvalidDecimal, offset));
        }
        Ok(RealForm::Decimal { nr, text })
    }
}

/// ISO 6093 numerical representations: NR1 `[sp][sign]digits`, NR2 with a decimal mark
/// (`.` or `,`) and digits on at least one side, NR3 an NR2 mantissa, `E`/`e`, and an NR1
/// exponent.
fn iso6093_ok(nr: u8, text: &str) -> bool {
    let t = text.trim_start_matches(' ');
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let nr2 = |s: &str| match s.split_once(['.', ',']) {
        Some((a, b)) => {
            (digits(a) || a.is_empty()) && (digits(b) || b.is_empty()) && !(a.is_empty() && b.is_empty())
        }
        None => false,
    };
    match nr {
        1 => digits(t),
        2 => nr2(t),
        _ => match t.split_once(['E', 'e']) {
            Some((m, e)) => {
                let e = e.strip_prefix(['+', '-']).unwrap_or(e);
                (nr2(m) || digits(m)) && digits(e)
            }
            None => false,
        },
    }
}

/// X.690 11.3: canonical forms for CER and DER.
fn check_canonical(c: &[u8], form: &RealForm<'_>, offset: usize) -> Result<()> {
    let bad = || Err(Error::new(ErrorKind::NonCanonicalReal, offset));
    match *form {
        RealForm::Binary { base, scale, mantissa, .. } => {
            // 11.3.1: base 2, F = 0, mantissa odd, mantissa and exponent in the fewest octets.
            if base != 2 || scale != 0 || mantissa[0] == 0 || mantissa[mantissa.len() - 1] & 1 == 0 {
                return bad();
            }
            let exp: &[u8] = match c[0] & 3 {
                f @ 0..=2 => &c[1..2 + usize::from(f)],
                _ => &c[2..2 + usize::from(c[1])],
            };
            let minimal = exp.len() == 1
                || !((exp[0] == 0 && exp[1] & 0x80 == 0) || (exp[0] == 0xff && exp[1] & 0x80 != 0));
            // The long form (11) is only the fewest octets when more than three are needed.
            if !minimal || (c[0] & 3 == 3 && exp.len() <= 3) {
                return bad();
            }
            Ok(())
        }
        RealForm::Decimal { nr, text } => {
            // 11.3.2: NR3, no spaces, '-' only, mantissa digits then '.', 'E', exponent with no
            // leading zeros, "+0" for a zero exponent, and neither first nor last mantissa digit 0.
            if nr != 3 || text.contains(' ') {
                return bad();
            }
            let t = text.strip_prefix('-').unwrap_or(text);
            let Some((m, e)) = t.split_once(".E") else { return bad() };
            let ok_m = !m.is_empty()
                && m.bytes().all(|b| b.is_ascii_digit())
                && !m.starts_with('0')
                && !m.ends_with('0');
            let ok_e = e == "+0" || {
                let d = e.strip_prefix('-').unwrap_or(e);
                !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0')
            };
            if ok_m && ok_e { Ok(()) } else { bad() }
        }
        _ => Ok(()),
    }
}

impl fmt::Display for Real<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.form() {
            RealForm::PlusInfinity => f.write_str("PLUS-INFINITY"),
            RealForm::MinusInfinity => f.write_str("MINUS-INFINITY"),
            RealForm::NotANumber => f.write_str("NOT-A-NUMBER"),
            RealForm::MinusZero => f.write_str("-0"),
            _ => write!(f, "{:?}", self.to_f64()),
        }
    }
}

impl<'a> crate::Decode<'a> for Real<'a> {
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        tlv.expect_tag(Tag::REAL)?;
        Real::from_contents(primitive(tlv, 9)?, tlv.rules(), tlv.offset())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x690_11_3_1_canonical_binary_round_trip() {
        for v in [1.0, -1.0, 0.5, 3.0, 1e300, -1e-300, 5e-324, f64::MAX, 123456.789, 0.1] {
            let c = Real::encode_f64(v);
            let r = Real::from_contents(&c, EncodingRules::Der, 0).unwrap();
            assert_eq!(r.to_f64(), v, "{v}");
        }
        for (v, c) in [(f64::INFINITY, 0x40u8), (f64::NEG_INFINITY, 0x41), (-0.0, 0x43)] {
            assert_eq!(Real::encode_f64(v), vec![c]);
        }
        assert!(Real::encode_f64(0.0).is_empty());
    }

    #[test]
    fn x690_8_5_7_binary_forms() {
        // The same value 1398101.25 = 0x555555 x 2^-2 in BER: base 2 with F=0.
        let r = Real::from_contents(&[0x80, 0xfe, 0x55, 0x55, 0x55], EncodingRules::Ber, 0).unwrap();
        assert_eq!(r.to_f64(), 1398101.25);
        // Base 8 (bits 6-5 = 01), F=1: 1 x 2^1 x 8^1 = 16.
        let r = Real::from_contents(&[0x94, 0x01, 0x01], EncodingRules::Ber, 0).unwrap();
        assert_eq!(r.to_f64(), 16.0);
        assert_eq!(
            Real::from_contents(&[0x94, 0x01, 0x01], EncodingRules::Der, 0).unwrap_err().kind(),
            ErrorKind::NonCanonicalReal
        );
        assert_eq!(
            Real::from_contents(&[0xb0, 0x01, 0x01], EncodingRules::Ber, 0).unwrap_err().kind(),
            ErrorKind::RealReservedBase
        );
        // Even mantissa is not canonical: 2 x 2^0 must be 1 x 2^1.
        assert_eq!(
            Real::from_contents(&[0x80, 0x00, 0x02], EncodingRules::Der, 0).unwrap_err().kind(),
            ErrorKind::NonCanonicalReal
        );
    }

    #[test]
    fn x690_8_5_8_decimal_forms() {
        // "+1.0e+0" in NR3 (example widely quoted with X.690 8.5.8).
        let r = Real::from_contents(b"\x03+1.0e+0", EncodingRules::Ber, 0).unwrap();
        assert_eq!(r.to_f64(), 1.0);
        let r = Real::from_contents(b"\x01  -123", EncodingRules::Ber, 0).unwrap();
        assert_eq!(r.to_f64(), -123.0);
        let r = Real::from_contents(b"\x02 3,25", EncodingRules::Ber, 0).unwrap();
        assert_eq!(r.to_f64(), 3.25);
        assert!(Real::from_contents(b"\x0315.E1", EncodingRules::Der, 0).is_ok());
        assert!(Real::from_contents(b"\x031.E+0", EncodingRules::Der, 0).is_ok());
        assert!(Real::from_contents(b"\x03150.E0", EncodingRules::Der, 0).is_err());
        assert!(Real::from_contents(b"\x01abc", EncodingRules::Ber, 0).is_err());
    }
}
