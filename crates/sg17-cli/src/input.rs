//! Reading command inputs: files or `-` for stdin, as raw DER/BER, PEM or hex text.

use anyhow::{Context, Result, bail};
use base64::Engine;
use std::io::Read;
use std::path::Path;

/// Reads a named input (`-` is stdin).
pub fn read_input(name: &str) -> Result<Vec<u8>> {
    if name == "-" {
        let mut v = Vec::new();
        std::io::stdin().read_to_end(&mut v).context("reading stdin")?;
        Ok(v)
    } else {
        std::fs::read(Path::new(name)).with_context(|| format!("reading {name}"))
    }
}

/// Whether `data` looks like PEM text (RFC 7468): has a `-----BEGIN ` line.
#[must_use]
pub fn looks_like_pem(data: &[u8]) -> bool {
    data.windows(11).any(|w| w == b"-----BEGIN ")
}

/// The (label, DER) pairs of every PEM block in `data` (RFC 7468; text around blocks is
/// ignored, as the RFC allows).
pub fn pem_blocks(data: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    let text = std::str::from_utf8(data).context("PEM input is not UTF-8")?;
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(label) = line.trim().strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----"))
        else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut b64 = String::new();
        let mut closed = false;
        for l in lines.by_ref() {
            let l = l.trim();
            if l == end {
                closed = true;
                break;
            }
            // RFC 1421-style headers (Proc-Type, DEK-Info) are skipped.
            if l.contains(':') {
                continue;
            }
            b64.push_str(l);
        }
        if !closed {
            bail!("PEM block {label:?} has no END line");
        }
        let der = base64::engine::general_purpose::STANDARD
            .decode(b64.as_bytes())
            .with_context(|| format!("PEM block {label:?}: invalid base64"))?;
        out.push((label.to_owned(), der));
    }
    if out.is_empty() {
        bail!("no PEM block found");
    }
    Ok(out)
}

/// Decodes hex text, ignoring whitespace and `:` separators.
pub fn from_hex(data: &[u8]) -> Result<Vec<u8>> {
    let clean: String =
        String::from_utf8_lossy(data).chars().filter(|c| !c.is_whitespace() && *c != ':').collect();
    hex::decode(clean).context("invalid hex input")
}

/// Parses an RFC 3339 date-time `YYYY-MM-DDTHH:MM:SS(.fff)?(Z|+HH:MM|-HH:MM)` into Unix
/// seconds (fractions dropped), or a plain integer as Unix seconds.
///
/// ```
/// use sg17_cli::input::parse_rfc3339;
/// assert_eq!(parse_rfc3339("2024-01-01T00:00:00+00:00"), Some(1_704_067_200));
/// assert_eq!(parse_rfc3339("2024-01-01T01:00:00+01:00"), Some(1_704_067_200));
/// assert_eq!(parse_rfc3339("1704067200"), Some(1_704_067_200));
/// assert_eq!(parse_rfc3339("yesterday"), None);
/// ```
#[must_use]
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let digits: String = [&s[0..4], &s[5..7], &s[8..10], &s[11..13], &s[14..16], &s[17..19]].concat();
    let mut der = vec![0x18, 15];
    der.extend_from_slice(digits.as_bytes());
    der.push(b'Z');
    let t = sg17_x509::Time::from_der(&der).ok()?.unix_timestamp();
    let mut rest = &s[19..];
    if let Some(r) = rest.strip_prefix('.') {
        rest = r.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "" => 0,
        r if r.len() == 6 && (r.starts_with('+') || r.starts_with('-')) => {
            let h: i64 = r[1..3].parse().ok()?;
            let m: i64 = r[4..6].parse().ok()?;
            let v = h * 3600 + m * 60;
            if r.starts_with('+') { v } else { -v }
        }
        _ => return None,
    };
    Some(t - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7468_pem_with_surrounding_text() {
        let t = b"subject=foo\n-----BEGIN THING-----\nMAMCAQU=\n-----END THING-----\ntrailer\n";
        let b = pem_blocks(t).unwrap();
        assert_eq!(b, vec![("THING".to_owned(), vec![0x30, 0x03, 0x02, 0x01, 0x05])]);
        assert!(pem_blocks(b"-----BEGIN X-----\nAA==\n").is_err());
    }
}
