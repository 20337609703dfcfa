//! PEM (RFC 7468): reading blocks out of text that may hold anything around them, and
//! writing them with 64-column base64 lines (RFC 7468 2).

use crate::error::{Error, ErrorKind, Result};
use base64::Engine;
use nom::bytes::complete::{tag, take_until};
use nom::{IResult, Parser};

/// One PEM block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pem<'a> {
    /// The label, e.g. `CERTIFICATE`, `X509 CRL`, `CERTIFICATE REQUEST`.
    pub label: &'a str,
    /// The decoded contents.
    pub der: Vec<u8>,
    /// Byte offset of the pre-encapsulation boundary in the text.
    pub offset: usize,
}

fn preeb(i: &str) -> IResult<&str, &str> {
    let (i, _) = take_until("-----BEGIN ").parse(i)?;
    let (i, _) = tag("-----BEGIN ").parse(i)?;
    let (i, label) = take_until("-----").parse(i)?;
    let (i, _) = tag("-----").parse(i)?;
    Ok((i, label))
}

fn body_and_posteb<'a>(i: &'a str, label: &str) -> IResult<&'a str, &'a str> {
    let (i, body) = take_until("-----END ").parse(i)?;
    let (i, _) = tag("-----END ").parse(i)?;
    let (i, _) = tag(label).parse(i)?;
    let (i, _) = tag("-----").parse(i)?;
    Ok((i, body))
}

/// RFC 7468 3: labels are printable ASCII other than `-` at the ends, no control characters.
fn valid_label(l: &str) -> bool {
    !l.starts_with(['-', ' ']) && !l.ends_with(['-', ' ']) && l.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// Parses the first PEM block of `text` (anything before it is skipped, RFC 7468 2), returning
/// it and the text after its post-encapsulation boundary. `Ok(None)` if there is no block.
///
/// ```
/// use sg17_x509::pem;
/// let text = "subject=...\n-----BEGIN THING-----\nMAMCAQU=\n-----END THING-----\ntrailer";
/// let (block, rest) = pem::parse(text)?.unwrap();
/// assert_eq!(block.label, "THING");
/// assert_eq!(block.der, [0x30, 0x03, 0x02, 0x01, 0x05]);
/// assert_eq!(rest, "\ntrailer");
/// # Ok::<(), sg17_x509::Error>(())
/// ```
pub fn parse(text: &str) -> Result<Option<(Pem<'_>, &str)>> {
    let Ok((after_begin, label)) = preeb(text) else { return Ok(None) };
    let begin = text.len() - after_begin.len();
    let offset = text[..begin].rfind("-----BEGIN ").unwrap_or(0);
    if !valid_label(label) {
        return Err(Error::new(ErrorKind::InvalidPem, offset, "RFC 7468 3"));
    }
    let (rest, body) = body_and_posteb(after_begin, label)
        .map_err(|_| Error::new(ErrorKind::InvalidPem, offset, "RFC 7468 3"))?;
    let b64: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if let Some(p) = b64.find(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=')) {
        let _ = p;
        return Err(Error::new(ErrorKind::InvalidPem, begin, "RFC 7468 3"));
    }
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64.as_bytes())
        .map_err(|_| Error::new(ErrorKind::InvalidPem, begin, "RFC 7468 3"))?;
    Ok(Some((Pem { label, der, offset }, rest)))
}

/// Iterator over every PEM block in `text` (a bundle). Stops after the first error.
///
/// ```
/// use sg17_x509::pem;
/// let two = pem::encode("A", &[1]) + "junk\n" + &pem::encode("B", &[2, 3]);
/// let labels: Vec<_> = pem::iter(&two).map(|b| b.unwrap().label).collect();
/// assert_eq!(labels, ["A", "B"]);
/// ```
#[must_use]
pub fn iter(text: &str) -> PemIter<'_> {
    PemIter { text, base: 0, done: false }
}

/// See [`iter`].
#[derive(Clone, Debug)]
pub struct PemIter<'a> {
    text: &'a str,
    base: usize,
    done: bool,
}

impl<'a> Iterator for PemIter<'a> {
    type Item = Result<Pem<'a>>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match parse(self.text) {
            Ok(Some((mut p, rest))) => {
                p.offset += self.base;
                self.base += self.text.len() - rest.len();
                self.text = rest;
                Some(Ok(p))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e.rebase(self.base)))
            }
        }
    }
}

/// Encodes `der` as a PEM block with `label` (RFC 7468 2: 64-character lines, LF endings).
#[must_use]
pub fn encode(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut s = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(core::str::from_utf8(chunk).unwrap_or_default());
        s.push('\n');
    }
    s.push_str(&format!("-----END {label}-----\n"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7468_round_trip_and_errors() {
        let der: Vec<u8> = (0..=255).collect();
        let p = encode("CERTIFICATE", &der);
        assert!(p.lines().all(|l| l.len() <= 64));
        let (b, rest) = parse(&p).unwrap().unwrap();
        assert_eq!((b.label, b.der.as_slice(), rest), ("CERTIFICATE", der.as_slice(), "\n"));
        // Mismatched END label, bad base64, missing END.
        assert!(parse("-----BEGIN A-----\nAA==\n-----END B-----\n").is_err());
        assert!(parse("-----BEGIN A-----\nA*A=\n-----END A-----\n").is_err());
        assert!(parse("-----BEGIN A-----\nAA==\n").is_err());
        assert_eq!(parse("no pem here").unwrap(), None);
        // CRLF line endings are whitespace (RFC 7468 2).
        let crlf = p.replace('\n', "\r\n");
        assert_eq!(parse(&crlf).unwrap().unwrap().0.der, der);
    }
}
