//! `GeneralName` and `GeneralNames` (RFC 5280 4.2.1.6): subjectAltName, issuerAltName,
//! certificateIssuer, and the names inside distribution points, AIA and name constraints.

use crate::der::{Fields, expect, explicit, implicit_primitive};
use crate::error::{Error, ErrorKind, PathExt, Result};
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
