//! RFC 4514 string representation of distinguished names, both directions.
//!
//! Output follows `openssl x509 -nameopt RFC2253,-esc_msb`: RDNs last to first, `,` between
//! RDNs and `+` inside one, registered short names, strings escaped per RFC 4514 2.4 (plus
//! control characters as `\XX`), and unknown types or non-string values as `#` + hex of the
//! DER encoding (RFC 4514 2.4).

use super::{AttributeTypeAndValue, Name};
use crate::oids;
use core::fmt::{self, Write};
use core::str::FromStr;
use sg17_asn1::{Oid, StringKind};

pub(super) fn write_name(name: &Name<'_>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    // openssl's dn_rev reverses the flat list of attributes, which also reverses the order
    // inside a multi-valued RDN; RFC 4514 2.2 leaves that order open.
    let rdns: Vec<Vec<AttributeTypeAndValue<'_>>> = name.rdns().map(|r| r.attributes().collect()).collect();
    for (i, rdn) in rdns.iter().rev().enumerate() {
        if i > 0 {
            f.write_char(',')?;
        }
        for (j, atv) in rdn.iter().rev().enumerate() {
            if j > 0 {
                f.write_char('+')?;
            }
            write_atv(atv, f)?;
        }
    }
    Ok(())
}

fn write_atv(atv: &AttributeTypeAndValue<'_>, f: &mut impl Write) -> fmt::Result {
    match (atv.short_name(), atv.value.as_str()) {
        (Some(n), Some(s)) => {
            f.write_str(n)?;
            f.write_char('=')?;
            escape_value(&s, f)
        }
        (n, _) => {
            match n {
                Some(n) => f.write_str(n)?,
                None => write!(f, "{}", atv.oid)?,
            }
            f.write_str("=#")?;
            f.write_str(&crate::der::hex(atv.value.raw()).to_uppercase())
        }
    }
}

/// Escapes an attribute value per RFC 4514 2.4.
pub(crate) fn escape_value(s: &str, f: &mut impl Write) -> fmt::Result {
    let n = s.chars().count();
    for (i, c) in s.chars().enumerate() {
        match c {
            ',' | '+' | '"' | '\\' | '<' | '>' | ';' => {
                f.write_char('\\')?;
                f.write_char(c)?;
            }
            '#' if i == 0 => f.write_str("\\#")?,
            ' ' if i == 0 || i + 1 == n => f.write_str("\\ ")?,
            c if (c as u32) < 0x20 || c as u32 == 0x7f => write!(f, "\\{:02X}", c as u32)?,
            c => f.write_char(c)?,
        }
    }
    Ok(())
}

/// An attribute value parsed from an RFC 4514 string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParsedValue {
    /// A string value (escapes resolved).
    String(String),
    /// A `#hex` value: the DER encoding of the value (RFC 4514 2.4).
    Der(Vec<u8>),
}

/// A distinguished name parsed from an RFC 4514 string (owned), in RDNSequence order.
///
/// ```
/// use sg17_x509::{DistinguishedName, Name};
/// let dn: DistinguishedName = r"CN=Steve Kille,O=Isode Limited,C=GB".parse()?;
/// assert_eq!(dn.rdns.len(), 3);
/// let der = dn.to_der();
/// let name = Name::from_der(&der)?;
/// assert_eq!(name.to_string(), "CN=Steve Kille,O=Isode Limited,C=GB");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DistinguishedName {
    /// RDNs, most significant first (the reverse of the string order, RFC 4514 2.1).
    pub rdns: Vec<Vec<(Oid, ParsedValue)>>,
}

/// An RFC 4514 string that could not be parsed: the byte position and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rfc4514Error {
    /// Byte position in the input.
    pub position: usize,
    /// What is wrong.
    pub reason: &'static str,
}

impl fmt::Display for Rfc4514Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RFC 4514 3: {} at position {}", self.reason, self.position)
    }
}

impl std::error::Error for Rfc4514Error {}

fn attribute_type(s: &str) -> Option<Oid> {
    let dotted = s.strip_prefix("OID.").or_else(|| s.strip_prefix("oid.")).unwrap_or(s);
    if dotted.starts_with(|c: char| c.is_ascii_digit()) {
        return dotted.parse().ok();
    }
    // RFC 4514 3 names plus the registry's short names, case-insensitively.
    let alias = match s.to_ascii_uppercase().as_str() {
        "STREET" => Some("2.5.4.9"),
        "E" | "EMAIL" => Some("1.2.840.113549.1.9.1"),
        _ => None,
    };
    if let Some(d) = alias {
        return d.parse().ok();
    }
    oids::REGISTRY.iter().find(|(_, n)| n.eq_ignore_ascii_case(s)).and_then(|(k, _)| k.dotted().parse().ok())
}

impl FromStr for DistinguishedName {
    type Err = Rfc4514Error;

    /// Parses an RFC 4514 string (section 3 grammar).
    fn from_str(s: &str) -> Result<Self, Rfc4514Error> {
        let b = s.as_bytes();
        let err = |position, reason| Rfc4514Error { position, reason };
        let mut rdns = Vec::new();
        let mut rdn = Vec::new();
        let mut i = 0;
        if b.is_empty() {
            return Ok(DistinguishedName::default());
        }
        loop {
            // attributeType
            let start = i;
            while i < b.len() && b[i] != b'=' {
                i += 1;
            }
            if i == b.len() {
                return Err(err(start, "missing '='"));
            }
            let ty = s[start..i].trim();
            let oid = attribute_type(ty).ok_or(err(start, "unknown attribute type"))?;
            i += 1;
            // attributeValue
            let value = if b.get(i) == Some(&b'#') {
                i += 1;
                let hs = i;
                while i < b.len() && b[i].is_ascii_hexdigit() {
                    i += 1;
                }
                let h = &s[hs..i];
                if h.is_empty() || !h.len().is_multiple_of(2) {
                    return Err(err(hs, "odd or empty hexstring"));
                }
                let der: Vec<u8> = (0..h.len() / 2)
                    .map(|k| u8::from_str_radix(&h[2 * k..2 * k + 2], 16).unwrap_or(0))
                    .collect();
                if crate::der::one(&der, sg17_asn1::Limits::default()).is_err() {
                    return Err(err(hs, "hexstring is not one BER element"));
                }
                ParsedValue::Der(der)
            } else {
                let mut bytes = Vec::new();
                while i < b.len() && b[i] != b',' && b[i] != b'+' {
                    match b[i] {
                        b'\\' => {
                            let c = *b.get(i + 1).ok_or(err(i, "dangling escape"))?;
                            if c.is_ascii_hexdigit() {
                                let h = s.get(i + 1..i + 3).ok_or(err(i, "bad hex escape"))?;
                                bytes.push(u8::from_str_radix(h, 16).map_err(|_| err(i, "bad hex escape"))?);
                                i += 3;
                            } else if b" \"#+,;<=>\\".contains(&c) {
                                bytes.push(c);
                                i += 2;
                            } else {
                                return Err(err(i, "invalid escape"));
                            }
                        }
                        b'"' | b';' | b'<' | b'>' => return Err(err(i, "character must be escaped")),
                        c => {
                            bytes.push(c);
                            i += 1;
                        }
                    }
                }
                ParsedValue::String(String::from_utf8(bytes).map_err(|_| err(i, "value is not UTF-8"))?)
            };
            rdn.push((oid, value));
            match b.get(i) {
                None => {
                    rdns.push(core::mem::take(&mut rdn));
                    break;
                }
                Some(b',') => rdns.push(core::mem::take(&mut rdn)),
                _ => {}
            }
            i += 1;
        }
        rdns.reverse();
        Ok(DistinguishedName { rdns })
    }
}

fn tlv(tag: u8, contents: &[u8], out: &mut Vec<u8>) {
    out.push(tag);
    sg17_asn1::header::encode_length(contents.len(), out);
    out.extend_from_slice(contents);
}

impl DistinguishedName {
    /// DER encoding as an X.501 `Name`. Strings become PrintableString for `C`,
    /// `serialNumber` and `dnQualifier` (X.520), IA5String for `emailAddress` and `DC`
    /// (PKCS #9, RFC 4519) and UTF8String otherwise (RFC 5280 4.1.2.4); multi-valued RDNs
    /// are sorted (X.690 11.6).
    #[must_use]
    pub fn to_der(&self) -> Vec<u8> {
        let mut seq = Vec::new();
        for rdn in &self.rdns {
            let mut atvs: Vec<Vec<u8>> = rdn
                .iter()
                .map(|(oid, v)| {
                    let mut c = Vec::new();
                    tlv(0x06, oid.as_bytes(), &mut c);
                    match v {
                        ParsedValue::Der(d) => c.extend_from_slice(d),
                        ParsedValue::String(s) => {
                            let b = oid.as_bytes();
                            let printable = s.bytes().all(sg17_asn1::types::strings::is_printable);
                            let tag = if [oids::C, oids::SERIAL_NUMBER, oids::DN_QUALIFIER]
                                .iter()
                                .any(|k| k.as_bytes() == b)
                                && printable
                            {
                                StringKind::Printable.tag()
                            } else if [oids::EMAIL_ADDRESS, oids::DC].iter().any(|k| k.as_bytes() == b)
                                && s.is_ascii()
                            {
                                StringKind::Ia5.tag()
                            } else {
                                StringKind::Utf8.tag()
                            };
                            tlv(tag.number as u8, s.as_bytes(), &mut c);
                        }
                    }
                    let mut atv = Vec::new();
                    tlv(0x30, &c, &mut atv);
                    atv
                })
                .collect();
            atvs.sort();
            let set: Vec<u8> = atvs.concat();
            tlv(0x31, &set, &mut seq);
        }
        let mut out = Vec::new();
        tlv(0x30, &seq, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4514_4_examples_round_trip() {
        // RFC 4514 section 4 examples.
        for s in [
            "UID=jsmith,DC=example,DC=net",
            "OU=Sales+CN=J.  Smith,DC=example,DC=net",
            r#"CN=James \"Jim\" Smith\, III,DC=example,DC=net"#,
            r"CN=Before\0dAfter,DC=example,DC=net",
            "1.3.6.1.4.1.1466.0=#04024869,DC=example,DC=com",
            "CN=Lu\u{10d}i\u{107}",
        ] {
            let dn: DistinguishedName = s.parse().unwrap();
            let der = dn.to_der();
            let name = Name::from_der(&der).unwrap();
            let out = name.to_string();
            let again: DistinguishedName = out.parse().unwrap();
            // An RDN is a set (RFC 4514 2.2 leaves the order inside it open): compare sorted.
            let norm = |d: &DistinguishedName| {
                d.rdns
                    .iter()
                    .map(|r| {
                        let mut r = r.clone();
                        r.sort_by(|a, b| {
                            a.0.as_bytes()
                                .cmp(b.0.as_bytes())
                                .then_with(|| format!("{:?}", a.1).cmp(&format!("{:?}", b.1)))
                        });
                        r
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(norm(&again), norm(&dn), "{s} -> {out}");
        }
        let dn: DistinguishedName = r#"CN=James \"Jim\" Smith\, III"#.parse().unwrap();
        assert_eq!(dn.rdns[0][0].1, ParsedValue::String("James \"Jim\" Smith, III".into()));
        let dn: DistinguishedName = r"CN=Before\0dAfter".parse().unwrap();
        assert_eq!(dn.rdns[0][0].1, ParsedValue::String("Before\rAfter".into()));
        assert!("CN".parse::<DistinguishedName>().is_err());
        assert!("CN=a;b".parse::<DistinguishedName>().is_err());
        assert!("FOO=bar".parse::<DistinguishedName>().is_err());
    }

    #[test]
    fn rfc4514_2_4_escaping() {
        let mut s = String::new();
        escape_value(" #a,b+c\"d\\e<f>g;h ", &mut s).unwrap();
        assert_eq!(s, r#"\ #a\,b\+c\"d\\e\<f\>g\;h\ "#);
        let mut s = String::new();
        escape_value("#x\u{1}", &mut s).unwrap();
        assert_eq!(s, r"\#x\01");
    }
}
