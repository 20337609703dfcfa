//! Restricted character string types (X.680 41, X.690 8.23).

use crate::error::{Error, ErrorKind, Result};
use crate::tag::Tag;
use std::borrow::Cow;

/// The character string types of X.680 41 (plus ObjectDescriptor and the X.680 time-ish
/// string types TIME, DATE, TIME-OF-DAY, DATE-TIME, DURATION, OID-IRI, RELATIVE-OID-IRI,
/// which X.690 8.26 encodes as character strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StringKind {
    /// UTF8String (X.690 8.23.10).
    Utf8,
    /// NumericString: digits and space (X.680 41.2, Table 9).
    Numeric,
    /// PrintableString (X.680 41.4, Table 10).
    Printable,
    /// TeletexString / T61String (ISO 2022 escapes: octets kept as they are).
    Teletex,
    /// VideotexString (octets kept as they are).
    Videotex,
    /// IA5String: ASCII 0x00-0x7F.
    Ia5,
    /// GraphicString (octets kept as they are).
    Graphic,
    /// VisibleString / ISO646String: 0x20-0x7E.
    Visible,
    /// GeneralString (octets kept as they are).
    General,
    /// UniversalString: UCS-4 big-endian (X.690 8.23.7).
    Universal,
    /// BMPString: UCS-2 big-endian (X.690 8.23.8).
    Bmp,
    /// ObjectDescriptor: a GraphicString (X.680 48).
    ObjectDescriptor,
    /// TIME, DATE, TIME-OF-DAY, DATE-TIME, DURATION (X.690 8.26): VisibleString characters.
    IsoTime(u8),
    /// OID-IRI and RELATIVE-OID-IRI (X.690 8.21, 8.22): UTF-8.
    Iri(u8),
}

impl StringKind {
    /// The kind for a universal tag number, if it is a string type.
    #[must_use]
    pub const fn from_universal(n: u32) -> Option<Self> {
        Some(match n {
            7 => StringKind::ObjectDescriptor,
            12 => StringKind::Utf8,
            14 | 31..=34 => StringKind::IsoTime(n as u8),
            18 => StringKind::Numeric,
            19 => StringKind::Printable,
            20 => StringKind::Teletex,
            21 => StringKind::Videotex,
            22 => StringKind::Ia5,
            25 => StringKind::Graphic,
            26 => StringKind::Visible,
            27 => StringKind::General,
            28 => StringKind::Universal,
            30 => StringKind::Bmp,
            35 | 36 => StringKind::Iri(n as u8),
            _ => return None,
        })
    }

    /// Its universal tag.
    #[must_use]
    pub const fn tag(self) -> Tag {
        Tag::universal(match self {
            StringKind::ObjectDescriptor => 7,
            StringKind::Utf8 => 12,
            StringKind::Numeric => 18,
            StringKind::Printable => 19,
            StringKind::Teletex => 20,
            StringKind::Videotex => 21,
            StringKind::Ia5 => 22,
            StringKind::Graphic => 25,
            StringKind::Visible => 26,
            StringKind::General => 27,
            StringKind::Universal => 28,
            StringKind::Bmp => 30,
            StringKind::IsoTime(n) | StringKind::Iri(n) => n as u32,
        })
    }

    /// Whether the contents have a fixed character decoding (else they are ISO 2022 octets).
    #[must_use]
    pub const fn is_textual(self) -> bool {
        !matches!(
            self,
            StringKind::Teletex
                | StringKind::Videotex
                | StringKind::Graphic
                | StringKind::General
                | StringKind::ObjectDescriptor
        )
    }

    /// Checks contents against the type's character set and decodes them to text when the
    /// type has a fixed decoding (`None` for the ISO 2022 types). `offset` locates errors.
    ///
    /// ```
    /// use sg17_asn1::types::strings::StringKind;
    /// assert_eq!(StringKind::Printable.decode(b"Test User 1", 0)?.as_deref(), Some("Test User 1"));
    /// assert!(StringKind::Printable.decode(b"a@b", 0).is_err());
    /// assert_eq!(StringKind::Bmp.decode(&[0x00, 0x41, 0x04, 0x10], 0)?.as_deref(), Some("A\u{410}"));
    /// # Ok::<(), sg17_asn1::Error>(())
    /// ```
    pub fn decode(self, c: &[u8], offset: usize) -> Result<Option<Cow<'_, str>>> {
        let tag = self.tag().number;
        let ascii = |ok: fn(u8) -> bool| -> Result<Option<Cow<'_, str>>> {
            match c.iter().position(|&b| !ok(b)) {
                Some(i) => Err(Error::new(ErrorKind::InvalidCharacter(tag), offset + i)),
                // All ASCII, hence valid UTF-8.
                None => Ok(core::str::from_utf8(c).ok().map(Cow::Borrowed)),
            }
        };
        match self {
            StringKind::Utf8 | StringKind::Iri(_) => core::str::from_utf8(c)
                .map(|s| Some(Cow::Borrowed(s)))
                .map_err(|e| Error::new(ErrorKind::InvalidUtf8, offset + e.valid_up_to())),
            StringKind::Numeric => ascii(|b| b.is_ascii_digit() || b == b' '),
            StringKind::Printable => ascii(is_printable),
            StringKind::Ia5 => ascii(|b| b < 0x80),
            StringKind::Visible | StringKind::IsoTime(_) => ascii(|b| (0x20..0x7f).contains(&b)),
            StringKind::Bmp => {
                if !c.len().is_multiple_of(2) {
                    return Err(Error::new(ErrorKind::InvalidBmpString, offset));
                }
                let mut s = String::with_capacity(c.len() / 2);
                for (i, ch) in c.chunks_exact(2).enumerate() {
                    let u = u32::from(u16::from_be_bytes([ch[0], ch[1]]));
                    s.push(char::from_u32(u).ok_or(Error::new(ErrorKind::InvalidBmpString, offset + 2 * i))?);
                }
                Ok(Some(Cow::Owned(s)))
            }
            StringKind::Universal => {
                if !c.len().is_multiple_of(4) {
                    return Err(Error::new(ErrorKind::InvalidUniversalString, offset));
                }
                let mut s = String::with_capacity(c.len() / 4);
                for (i, ch) in c.chunks_exact(4).enumerate() {
                    let u = u32::from_be_bytes([ch[0], ch[1], ch[2], ch[3]]);
                    s.push(
                        char::from_u32(u)
                            .ok_or(Error::new(ErrorKind::InvalidUniversalString, offset + 4 * i))?,
                    );
                }
                Ok(Some(Cow::Owned(s)))
            }
            _ => Ok(None),
        }
    }

    /// Checks contents against the type's character set, as [`StringKind::decode`] does (same
    /// error kinds and offsets), without decoding or allocating: for validating parsers that
    /// keep the octets.
    ///
    /// ```
    /// use sg17_asn1::types::strings::StringKind;
    /// assert!(StringKind::Bmp.validate(&[0x00, 0x41], 0).is_ok());
    /// // U+D800 is a surrogate, not a character (X.690 8.23.8, ISO/IEC 10646).
    /// assert_eq!(StringKind::Bmp.validate(&[0x00, 0x41, 0xd8, 0x00], 7).unwrap_err().offset(), 9);
    /// ```
    #[inline]
    pub fn validate(self, c: &[u8], offset: usize) -> Result<()> {
        // Generic rather than a `fn` pointer, so that each character test is inlined.
        #[inline(always)]
        fn check(c: &[u8], offset: usize, tag: u32, ok: impl Fn(u8) -> bool) -> Result<()> {
            match c.iter().position(|&b| !ok(b)) {
                Some(i) => Err(Error::new(ErrorKind::InvalidCharacter(tag), offset + i)),
                None => Ok(()),
            }
        }
        let tag = self.tag().number;
        match self {
            StringKind::Utf8 | StringKind::Iri(_) => core::str::from_utf8(c)
                .map(|_| ())
                .map_err(|e| Error::new(ErrorKind::InvalidUtf8, offset + e.valid_up_to())),
            StringKind::Numeric => check(c, offset, tag, |b: u8| b.is_ascii_digit() || b == b' '),
            StringKind::Printable => check(c, offset, tag, is_printable),
            StringKind::Ia5 => check(c, offset, tag, |b: u8| b < 0x80),
            StringKind::Visible | StringKind::IsoTime(_) => {
                check(c, offset, tag, |b: u8| (0x20..0x7f).contains(&b))
            }
            StringKind::Bmp => {
                if !c.len().is_multiple_of(2) {
                    return Err(Error::new(ErrorKind::InvalidBmpString, offset));
                }
                // Every 16-bit value is a character but the surrogates.
                match c.chunks_exact(2).position(|ch| ch[0] & 0xf8 == 0xd8) {
                    Some(i) => Err(Error::new(ErrorKind::InvalidBmpString, offset + 2 * i)),
                    None => Ok(()),
                }
            }
            StringKind::Universal => {
                if !c.len().is_multiple_of(4) {
                    return Err(Error::new(ErrorKind::InvalidUniversalString, offset));
                }
                let bad =
                    |ch: &[u8]| char::from_u32(u32::from_be_bytes([ch[0], ch[1], ch[2], ch[3]])).is_none();
                match c.chunks_exact(4).position(bad) {
                    Some(i) => Err(Error::new(ErrorKind::InvalidUniversalString, offset + 4 * i)),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    /// Encodes text as contents octets of this type, checking the character set.
    pub fn encode(self, s: &str) -> Result<Vec<u8>> {
        let out = match self {
            StringKind::Bmp => {
                let mut v = Vec::with_capacity(s.len() * 2);
                for ch in s.chars() {
                    let u = u16::try_from(u32::from(ch))
                        .map_err(|_| Error::new(ErrorKind::InvalidBmpString, 0))?;
                    v.extend_from_slice(&u.to_be_bytes());
                }
                v
            }
            StringKind::Universal => s.chars().flat_map(|c| u32::from(c).to_be_bytes()).collect(),
            _ => s.as_bytes().to_vec(),
        };
        self.decode(&out, 0)?;
        Ok(out)
    }
}

/// PrintableString characters (X.680 41.4, Table 10).
#[must_use]
pub const fn is_printable(b: u8) -> bool {
    matches!(b, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b' ' | b'\'' | b'(' | b')' | b'+' | b',' | b'-' | b'.' | b'/' | b':' | b'=' | b'?')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `validate` must accept and reject exactly as `decode` does (X.690 8.23), with the same
    /// error kind and offset: checked on every 1- and 2-octet input, and on 4-octet inputs
    /// spanning the UCS-4 range and the surrogate block, for every string kind.
    #[test]
    fn x690_8_23_validate_agrees_with_decode() {
        let kinds: Vec<StringKind> = (0..64).filter_map(StringKind::from_universal).collect();
        let check = |k: StringKind, c: &[u8]| {
            assert_eq!(k.validate(c, 5), k.decode(c, 5).map(|_| ()), "{k:?} {c:02x?}");
        };
        for &k in &kinds {
            check(k, &[]);
            for a in 0..=255u8 {
                check(k, &[a]);
                for b in 0..=255u8 {
                    check(k, &[a, b]);
                }
            }
            let mut u: u32 = 0;
            while u < 0x0012_0000 {
                check(k, &u.to_be_bytes());
                u += if (0xd700..0xe100).contains(&u) { 0x1 } else { 0x3f1 };
            }
            check(k, &u32::MAX.to_be_bytes());
            check(k, &[b'a', b'b', b'c', b'd', 0, 0, 0xd8, 0x00]);
        }
    }
}
