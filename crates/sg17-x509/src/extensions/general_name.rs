//! `GeneralName` and `GeneralNames` (RFC 5280 4.2.1.6): subjectAltName, issuerAltName,
//! certificateIssuer, and the names inside distribution points, AIA and name constraints.

use crate::der::{Fields, expect, explicit, implicit_primitive};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::fast;
use crate::name::{Name, NameLimits};
use core::fmt;
use sg17_asn1::{ObjectIdentifier, Tag, Tlv};

const CLAUSE: &str = "RFC 5280 4.2.1.6";

/// One `GeneralName` (RFC 5280 4.2.1.6). `Display` uses openssl's forms (`DNS:`, `IP Address:`,
/// `email:`, `URI:`, `DirName:`, ...).
///
/// ```
/// use sg17_x509::{Certificate, GeneralName, ParsedExtension, oids};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/001-ACCVRAIZ1.der"))?;
/// let cert = Certificate::from_der(&der)?;
/// let Some(Ok(ParsedExtension::SubjectAltName(names))) = cert.extensions().parsed(oids::EXT_SUBJECT_ALT_NAME) else { panic!() };
/// assert!(matches!(names[0], GeneralName::Rfc822Name("accv@accv.es")));
/// assert_eq!(names[0].to_string(), "email:accv@accv.es");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum GeneralName<'a> {
    /// otherName \[0\]: type-id and the raw DER of the explicitly tagged value.
    OtherName {
        /// type-id.
        type_id: ObjectIdentifier<'a>,
        /// The DER of `value` (inside the \[0\] EXPLICIT tag).
        value: &'a [u8],
    },
    /// rfc822Name \[1\] (IA5String).
    Rfc822Name(&'a str),
    /// dNSName \[2\] (IA5String).
    DnsName(&'a str),
    /// x400Address \[3\]: raw DER.
    X400Address(&'a [u8]),
    /// directoryName \[4\].
    DirectoryName(Name<'a>),
    /// ediPartyName \[5\]: raw DER.
    EdiPartyName(&'a [u8]),
    /// uniformResourceIdentifier \[6\] (IA5String).
    Uri(&'a str),
    /// iPAddress \[7\]: 4 or 16 octets (8 or 32 with a mask in name constraints).
    IpAddress(&'a [u8]),
    /// registeredID \[8\].
    RegisteredId(ObjectIdentifier<'a>),
}

fn ia5<'a>(tlv: &Tlv<'a>) -> Result<&'a str> {
    let c = implicit_primitive(tlv, CLAUSE)?;
    if let Some(i) = c.iter().position(|&b| b >= 0x80) {
        return Err(Error::new(ErrorKind::InvalidExtensionValue, tlv.contents_offset() + i, "X.680 41.4"));
    }
    // ASCII is UTF-8.
    core::str::from_utf8(c).map_err(|_| Error::new(ErrorKind::InvalidExtensionValue, tlv.offset(), CLAUSE))
}

impl<'a> GeneralName<'a> {
    /// Decodes one GeneralName element.
    pub(crate) fn decode(tlv: &Tlv<'a>, limits: NameLimits) -> Result<Self> {
        let t = tlv.tag();
        if t.class != sg17_asn1::Class::ContextSpecific {
            return Err(Error::new(ErrorKind::UnexpectedTag, tlv.offset(), CLAUSE));
        }
        Ok(match t.number {
            0 => {
                let mut f = Fields::of(tlv, CLAUSE)?;
                let type_id = crate::der::oid(&f.req(Tag::OBJECT_IDENTIFIER)?)?;
                let v = f.req(Tag::context(0))?;
                f.finish()?;
                let inner = explicit(&v, CLAUSE)?;
                GeneralName::OtherName { type_id, value: inner.raw() }
            }
            1 => GeneralName::Rfc822Name(ia5(tlv)?),
            2 => GeneralName::DnsName(ia5(tlv)?),
            3 if tlv.is_constructed() => GeneralName::X400Address(tlv.raw()),
            4 => GeneralName::DirectoryName(Name::decode(&explicit(tlv, CLAUSE)?, limits)?),
            5 if tlv.is_constructed() => GeneralName::EdiPartyName(tlv.raw()),
            6 => GeneralName::Uri(ia5(tlv)?),
            7 => GeneralName::IpAddress(implicit_primitive(tlv, CLAUSE)?),
            8 => GeneralName::RegisteredId(ObjectIdentifier::from_contents(
                implicit_primitive(tlv, CLAUSE)?,
                tlv.contents_offset(),
            )?),
            _ => return Err(Error::new(ErrorKind::UnexpectedTag, tlv.offset(), CLAUSE)),
        })
    }
}

fn fmt_ip(b: &[u8], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match b.len() {
        4 | 8 => {
            write!(f, "{}.{}.{}.{}", b[0], b[1], b[2], b[3])?;
            if b.len() == 8 {
                write!(f, "/{}.{}.{}.{}", b[4], b[5], b[6], b[7])?;
            }
            Ok(())
        }
        16 | 32 => {
            for (i, ch) in b[..16].chunks(2).enumerate() {
                if i > 0 {
                    f.write_str(":")?;
                }
                write!(f, "{:X}", u16::from_be_bytes([ch[0], ch[1]]))?;
            }
            if b.len() == 32 {
                f.write_str("/")?;
                for (i, ch) in b[16..].chunks(2).enumerate() {
                    if i > 0 {
                        f.write_str(":")?;
                    }
                    write!(f, "{:X}", u16::from_be_bytes([ch[0], ch[1]]))?;
                }
            }
            Ok(())
        }
        _ => write!(f, "<invalid {}>", crate::der::hex(b)),
    }
}

impl fmt::Display for GeneralName<'_> {
    /// openssl's `X509V3_EXT_print` forms: `DNS:example.com`, `IP Address:192.0.2.1`, ...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeneralName::OtherName { type_id, .. } => write!(f, "othername:{type_id}"),
            GeneralName::Rfc822Name(s) => write!(f, "email:{s}"),
            GeneralName::DnsName(s) => write!(f, "DNS:{s}"),
            GeneralName::X400Address(_) => f.write_str("X400Name:<unsupported>"),
            GeneralName::DirectoryName(n) => write!(f, "DirName:{n}"),
            GeneralName::EdiPartyName(_) => f.write_str("EdiPartyName:<unsupported>"),
            GeneralName::Uri(s) => write!(f, "URI:{s}"),
            GeneralName::IpAddress(b) => {
                f.write_str("IP Address:")?;
                fmt_ip(b, f)
            }
            GeneralName::RegisteredId(o) => write!(f, "Registered ID:{}", crate::oids::name_or_dotted(o)),
        }
    }
}

/// The DER of a whole `GeneralNames` value (an extnValue's contents) decoded with the light
/// scanner: a direct TLV walk over the borrowed octets, two passes (check and count, then
/// fill a `Vec` of exactly that size). It accepts exactly what [`decode_general_names`] accepts
/// for the choices it handles (everything but otherName and directoryName, which need the
/// full readers); `None` for anything else, and the caller reruns the full path, which
/// returns the same names or the precise error.
pub(crate) fn fast_general_names<'a>(
    value: &'a [u8],
    limits: &sg17_asn1::Limits,
    max_entries: usize,
) -> Option<Vec<GeneralName<'a>>> {
    // The full path reads the value as one element at depth 0 and then its contents: it
    // needs `max_depth >= 1`, and the element's length within `max_length`.
    if limits.max_depth == 0 {
        return None;
    }
    let mut pos = 0;
    let seq = fast::next(value, &mut pos)?;
    if pos != value.len()
        || seq.tag != Tag::SEQUENCE
        || !seq.constructed
        || seq.contents.len() > limits.max_length
    {
        return None;
    }
    let data = seq.contents;
    let mut n = 0;
    let mut p = 0;
    while p < data.len() {
        if n == max_entries {
            return None;
        }
        fast_one(fast::next(data, &mut p)?)?;
        n += 1;
    }
    if n == 0 {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    let mut p = 0;
    while p < data.len() {
        out.push(fast_one(fast::next(data, &mut p)?)?);
    }
    Some(out)
}

/// One GeneralName for [`fast_general_names`]: the checks of [`GeneralName::decode`].
#[inline(always)]
fn fast_one(g: fast::El<'_>) -> Option<GeneralName<'_>> {
    if g.tag.class != sg17_asn1::Class::ContextSpecific {
        return None;
    }
    let primitive = !g.constructed;
    Some(match g.tag.number {
        // IA5String (X.680 41.4): octets below 0x80, which are valid UTF-8.
        1 | 2 | 6 if primitive => {
            if !g.contents.is_ascii() {
                return None;
            }
            let s = core::str::from_utf8(g.contents).ok()?;
            match g.tag.number {
                1 => GeneralName::Rfc822Name(s),
                2 => GeneralName::DnsName(s),
                _ => GeneralName::Uri(s),
            }
        }
        3 if g.constructed => GeneralName::X400Address(g.raw),
        5 if g.constructed => GeneralName::EdiPartyName(g.raw),
        7 if primitive => GeneralName::IpAddress(g.contents),
        8 if primitive => GeneralName::RegisteredId(ObjectIdentifier::from_contents(g.contents, 0).ok()?),
        _ => return None,
    })
}

/// Decodes `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` with at most
/// `max_entries` entries.
pub(crate) fn decode_general_names<'a>(
    tlv: &Tlv<'a>,
    limits: NameLimits,
    max_entries: usize,
) -> Result<Vec<GeneralName<'a>>> {
    expect(tlv, Tag::SEQUENCE, CLAUSE)?;
    let mut f = Fields::of(tlv, CLAUSE)?;
    let mut out = Vec::new();
    while let Some(g) = f.next()? {
        if out.len() == max_entries {
            return Err(Error::new(ErrorKind::LimitExceeded, g.offset(), "limit: max_san_entries"));
        }
        out.push(GeneralName::decode(&g, limits).at_index("", out.len())?);
    }
    if out.is_empty() {
        return Err(Error::new(ErrorKind::EmptySequence, tlv.offset(), CLAUSE));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sg17_asn1::{EncodingRules, Limits, Reader};

    /// The full path on a whole value, as `Extension::parsed` runs it.
    fn full(value: &[u8], max: usize) -> Result<Vec<GeneralName<'_>>> {
        let nl = NameLimits { max_len: 1 << 16, max_attributes: 64 };
        let mut r = Reader::with_limits(value, EncodingRules::Der, Limits::default());
        match r.read_tlv()? {
            Some(v) if r.is_empty() => decode_general_names(&v, nl, max),
            _ => Err(Error::new(ErrorKind::UnexpectedField, 0, CLAUSE)),
        }
    }

    fn same(a: &GeneralName<'_>, b: &GeneralName<'_>) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    /// Differential check: wherever the fast walk answers, the full reader gives the same
    /// names; wherever the full reader fails, the fast walk declines. Inputs: GeneralNames
    /// built by hand from the RFC 5280 4.2.1.6 tags, and every one-octet change of them.
    #[test]
    fn fast_walk_agrees_with_full_reader() {
        let seeds: [&[u8]; 4] = [
            // [1] "a@b", [2] "ex.com", [6] "http://x", [7] 192.0.2.1, [8] 1.2.3
            &[
                0x30, 0x21, 0x81, 0x03, b'a', b'@', b'b', 0x82, 0x06, b'e', b'x', b'.', b'c', b'o', b'm',
                0x86, 0x08, b'h', b't', b't', b'p', b':', b'/', b'/', b'x', 0x87, 0x04, 192, 0, 2, 1, 0x88,
                0x02, 0x2a, 0x03,
            ],
            // [3] and [5] constructed (raw), [2] empty
            &[0x30, 0x0a, 0xa3, 0x02, 0x30, 0x00, 0xa5, 0x02, 0x30, 0x00, 0x82, 0x00],
            // [4] directoryName (full path only), then [2] "a"
            &[0x30, 0x07, 0xa4, 0x02, 0x30, 0x00, 0x82, 0x01, b'a'],
            // IPv6 address
            &[0x30, 0x12, 0x87, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        ];
        let mut answered = 0;
        for seed in seeds {
            let mut inputs = vec![seed.to_vec()];
            for i in 0..seed.len() {
                for b in [0x00, 0x01, 0x1f, 0x20, 0x30, 0x7f, 0x80, 0x81, 0x82, 0xa0, 0xff] {
                    let mut m = seed.to_vec();
                    m[i] = b;
                    inputs.push(m);
                }
            }
            for input in &inputs {
                for max in [1, 2, 64] {
                    let slow = full(input, max);
                    match (fast_general_names(input, &Limits::default(), max), &slow) {
                        (Some(f), Ok(s)) => {
                            assert!(
                                f.len() == s.len() && f.iter().zip(s).all(|(a, b)| same(a, b)),
                                "{input:02x?}"
                            );
                            answered += 1;
                        }
                        (Some(f), Err(e)) => panic!("fast accepted {f:?}, full: {e} for {input:02x?}"),
                        (None, _) => {}
                    }
                }
            }
        }
        // The walk is exercised, not only declining.
        assert!(answered > 100, "{answered}");
        // The seeds it must accept (no otherName/directoryName) and the one it must not.
        assert!(fast_general_names(seeds[0], &Limits::default(), 64).is_some_and(|v| v.len() == 5));
        assert!(fast_general_names(seeds[2], &Limits::default(), 64).is_none());
        assert_eq!(full(seeds[2], 64).map(|v| v.len()).map_err(|e| e.to_string()), Ok(2));
    }
}
