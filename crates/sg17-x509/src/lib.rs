//! # sg17-x509: X.509 certificates, CRLs and CSRs
//!
//! Zero-copy views over DER for [`Certificate`] (RFC 5280 4.1, ITU-T X.509 (10/2019) clause
//! 7), [`Crl`] (RFC 5280 5) and [`Csr`] (RFC 2986), built on `sg17-asn1`'s reader. Parsing
//! checks the outer structure strictly as DER; names, keys and extension values are decoded
//! on access and borrow from the input. X.500 names print as RFC 4514 strings
//! ([`Name`]), PEM (RFC 7468) is read and written by [`pem`], [`lint`] reports RFC 5280
//! MUST/SHOULD violations and [`verify`] checks signatures with RustCrypto. OCSP responses
//! and requests (RFC 6960) are read by [`ocsp`].
//!
//! Every rejection is an [`Error`] with a byte offset, a field path and the clause broken:
//!
//! ```
//! use sg17_x509::Certificate;
//! let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"))?;
//! let cert = Certificate::from_der(&der)?;
//! assert_eq!(cert.issuer().to_string(), "CN=Amazon Root CA 1,O=Amazon,C=US");
//! assert_eq!(cert.validity().not_after.to_string(), "2038-01-17T00:00:00Z");
//! // Cut the certificate short: a typed error, never a panic.
//! let err = Certificate::from_der(&der[..100]).unwrap_err();
//! assert_eq!(err.to_string(), "X.690 8.1.1: truncated encoding at offset 1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

pub mod algorithm;
mod attribute_cert;
mod certificate;
#[cfg(feature = "json")]
pub mod conformance;
mod crl;
mod csr;
mod der;
mod error;
pub mod extensions;
mod fast;
#[cfg(feature = "x509-cert")]
pub mod interop;
#[cfg(feature = "json")]
mod json;
pub mod lint;
pub mod name;
pub mod ocsp;
pub mod oids;
#[cfg(feature = "verify")]
pub mod path;
pub mod pem;
pub mod public_key;
mod signed;
pub mod text;
mod time;
#[cfg(feature = "verify")]
pub mod verify;

pub use algorithm::{AlgorithmIdentifier, PssParams};
pub use attribute_cert::{
    AcAttribute, AcAttributeValue, AcExtension, AttributeCertificate, DigestedObjectType, Holder,
    IetfAttrSyntax, IetfAttrValue, IssuerSerial, ObjectDigestInfo, RoleSyntax, SvceAuthInfo, Target,
    TargetCert, V2Form,
};
pub use certificate::{Certificate, Version};
pub use crl::{Crl, RevokedCertificate};
pub use csr::{Csr, CsrAttribute};
pub use error::{Error, ErrorKind, Result};
pub use extensions::{Extension, Extensions, GeneralName, ParsedExtension};
#[cfg(feature = "json")]
pub use json::{attribute_cert_to_json, crl_to_json, csr_to_json, ocsp_response_to_json, to_json};
pub use name::{AttributeTypeAndValue, AttributeValue, DistinguishedName, Name, Rdn};
pub use public_key::{PublicKey, SubjectPublicKeyInfo};
pub use time::{Time, TimeKind, Validity};

/// Limits on hostile input, applied while parsing.
///
/// ```
/// use sg17_x509::{Certificate, Limits};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"))?;
/// let tight = Limits { max_extensions: 1, ..Limits::default() };
/// let err = Certificate::from_der_with(&der, &tight).unwrap_err();
/// assert_eq!(err.clause(), "limit: max_extensions");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest encoded Name, in octets (default 16 KiB).
    pub max_name_len: usize,
    /// Most attributes in one Name (default 256).
    pub max_name_attributes: usize,
    /// Most extensions in one certificate, CRL, entry or CSR (default 128).
    pub max_extensions: usize,
    /// Most entries in one GeneralNames or other list inside an extension (default 4096).
    pub max_san_entries: usize,
    /// Most revoked-certificate entries decoded from one CRL (default 1 Mi).
    pub max_crl_entries: usize,
    /// Most attributes in one attribute certificate, and most values in one of its
    /// attributes (default 4096).
    pub max_ac_attributes: usize,
    /// Most SingleResponses in one OCSP response, and most Requests in one OCSP request
    /// (default 4096).
    pub max_ocsp_responses: usize,
    /// Most certificates in the `certs` field of one OCSP response (default 16).
    pub max_ocsp_certs: usize,
    /// The DER reader's limits (depth, element length).
    pub asn1: sg17_asn1::Limits,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_name_len: 16 << 10,
            max_name_attributes: 256,
            max_extensions: 128,
            max_san_entries: 4096,
            max_crl_entries: 1 << 20,
            max_ac_attributes: 4096,
            max_ocsp_responses: 4096,
            max_ocsp_certs: 16,
            asn1: sg17_asn1::Limits::default().with_max_depth(32),
        }
    }
}

impl Limits {
    pub(crate) const fn name_limits(&self) -> name::NameLimits {
        name::NameLimits { max_len: self.max_name_len, max_attributes: self.max_name_attributes }
    }
}

/// Any of the four signed objects, for inputs whose kind is not known in advance.
// The views are plain borrowed structs of similar size; boxing would add an allocation per
// parse for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy, Debug)]
pub enum Document<'a> {
    /// A certificate.
    Certificate(Certificate<'a>),
    /// A CRL.
    Crl(Crl<'a>),
    /// A certification request.
    Csr(Csr<'a>),
    /// An attribute certificate (RFC 5755).
    AttributeCertificate(AttributeCertificate<'a>),
}

impl<'a> Document<'a> {
    /// Parses DER as a certificate, else a CRL, else a CSR, else an attribute certificate; if
    /// none fits, the certificate parser's error is returned.
    ///
    /// ```
    /// use sg17_x509::Document;
    /// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"))?;
    /// assert!(matches!(Document::from_der(&der)?, Document::Certificate(_)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_der(der: &'a [u8]) -> Result<Self> {
        Self::from_der_with(der, &Limits::default())
    }
    /// [`Document::from_der`] under `limits`.
    pub fn from_der_with(der: &'a [u8], limits: &Limits) -> Result<Self> {
        match Self::sniff(der) {
            Some(Kind::Certificate) => Certificate::from_der_with(der, limits).map(Document::Certificate),
            Some(Kind::Crl) => Crl::from_der_with(der, limits).map(Document::Crl),
            Some(Kind::Csr) => Csr::from_der_with(der, limits).map(Document::Csr),
            Some(Kind::AttributeCertificate) => {
                AttributeCertificate::from_der_with(der, limits).map(Document::AttributeCertificate)
            }
            None => match Certificate::from_der_with(der, limits) {
                Ok(c) => Ok(Document::Certificate(c)),
                Err(e) => {
                    if let Ok(c) = Crl::from_der_with(der, limits) {
                        return Ok(Document::Crl(c));
                    }
                    if let Ok(c) = Csr::from_der_with(der, limits) {
                        return Ok(Document::Csr(c));
                    }
                    if let Ok(c) = AttributeCertificate::from_der_with(der, limits) {
                        return Ok(Document::AttributeCertificate(c));
                    }
                    Err(e)
                }
            },
        }
    }

    /// Tells the four SIGNED structures apart by the tags of the first five fields of the
    /// signed data, so that a malformed CRL, CSR or AC is reported by its own parser:
    /// certificate `[0]? INTEGER SEQUENCE SEQUENCE SEQUENCE` (RFC 5280 4.1), CRL
    /// `INTEGER? SEQUENCE SEQUENCE Time` (5.1), CSR `INTEGER SEQUENCE SEQUENCE [0]` (RFC 2986 4.1),
    /// attribute certificate `INTEGER SEQUENCE [0] SEQUENCE INTEGER` (RFC 5755 4.1; with a
    /// v1Form issuer `INTEGER SEQUENCE SEQUENCE SEQUENCE INTEGER`, where a v1 certificate has
    /// its subject SEQUENCE fifth).
    fn sniff(der: &[u8]) -> Option<Kind> {
        use sg17_asn1::{EncodingRules, Reader, Tag};
        let outer = Reader::new(der, EncodingRules::Der).read_tlv().ok()??;
        let tbs = outer.reader().ok()?.read_tlv().ok()??;
        let mut r = tbs.reader().ok()?;
        let mut tags = [None; 5];
        for t in &mut tags {
            *t = r.read_tlv().ok().flatten().map(|x| x.tag());
        }
        let time = |t: Option<Tag>| t == Some(Tag::UTC_TIME) || t == Some(Tag::GENERALIZED_TIME);
        let (s, i) = (Some(Tag::SEQUENCE), Some(Tag::INTEGER));
        let c0 = Some(Tag::context(0));
        match tags {
            [Some(t), ..] if t == Tag::context(0) => Some(Kind::Certificate),
            [a, b, c, d, e] if a == i && b == s && (c == c0 || c == s) && d == s && e == i => {
                Some(Kind::AttributeCertificate)
            }
            [a, b, c, d, _] if a == i && b == s && c == s && d == s => Some(Kind::Certificate),
            [a, b, c, d, _] if a == i && b == s && c == s && d == c0 => Some(Kind::Csr),
            [a, b, c, d, _] if a == i && b == s && c == s && time(d) => Some(Kind::Crl),
            [a, b, c, _, _] if a == s && b == s && time(c) => Some(Kind::Crl),
            _ => None,
        }
    }

    /// Parses DER as the kind a PEM label names (`CERTIFICATE`, `X509 CRL`,
    /// `CERTIFICATE REQUEST` / `NEW CERTIFICATE REQUEST`, `ATTRIBUTE CERTIFICATE`; RFC 7468
    /// 5-7, 13), else autodetects.
    pub fn from_pem_block(label: &str, der: &'a [u8], limits: &Limits) -> Result<Self> {
        match label {
            "CERTIFICATE" | "X509 CERTIFICATE" => {
                Certificate::from_der_with(der, limits).map(Document::Certificate)
            }
            "X509 CRL" => Crl::from_der_with(der, limits).map(Document::Crl),
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
                Csr::from_der_with(der, limits).map(Document::Csr)
            }
            "ATTRIBUTE CERTIFICATE" => {
                AttributeCertificate::from_der_with(der, limits).map(Document::AttributeCertificate)
            }
            _ => Self::from_der_with(der, limits),
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Certificate,
    Crl,
    Csr,
    AttributeCertificate,
}

/// Alias kept for readers of the design notes: the options of a parse are its limits.
pub type ParseOptions = Limits;
