//! `Certificate` (RFC 5280 4.1, ITU-T X.509 (10/2019) clause 7): a zero-copy view whose
//! outer structure is checked as DER on parse; names, keys and extension values are decoded
//! when asked for.

use crate::Limits;
use crate::algorithm::AlgorithmIdentifier;
use crate::der::Fields;
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::extensions::Extensions;
use crate::name::Name;
use crate::public_key::SubjectPublicKeyInfo;
use crate::signed::{SignedData, signed_accessors};
use crate::time::Validity;
use sg17_asn1::{BitString, Integer, Tag};

/// Certificate version (RFC 5280 4.1.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// v1 (0), the DEFAULT.
    V1,
    /// v2 (1).
    V2,
    /// v3 (2).
    V3,
}

impl Version {
    /// 1, 2 or 3, as people write it.
    #[must_use]
    pub const fn number(self) -> u8 {
        match self {
            Version::V1 => 1,
            Version::V2 => 2,
            Version::V3 => 3,
        }
    }
}

/// A parsed X.509 certificate borrowing its DER encoding.
///
/// ```
/// use sg17_x509::Certificate;
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"))?;
/// let cert = Certificate::from_der(&der)?;
/// assert_eq!(cert.subject().to_string(), "CN=Amazon Root CA 1,O=Amazon,C=US");
/// assert_eq!(cert.serial_hex(), "066C9FCF99BF8C0A39E2F0788A43E696365BCA");
/// assert!(cert.is_self_issued());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Certificate<'a> {
    raw: &'a [u8],
    tbs: &'a [u8],
    version: Version,
    serial: Integer<'a>,
    tbs_signature: AlgorithmIdentifier<'a>,
    issuer: Name<'a>,
    validity: Validity,
    subject: Name<'a>,
    spki: SubjectPublicKeyInfo<'a>,
    issuer_uid: Option<&'a [u8]>,
    subject_uid: Option<&'a [u8]>,
    extensions: Extensions<'a>,
    signature_algorithm: AlgorithmIdentifier<'a>,
    signature: &'a [u8],
}

impl<'a> Certificate<'a> {
    signed_accessors! {
        what: "certificate",
        tbs: tbs,
        tbs_doc: "The DER of `tbsCertificate` (the signed octets).",
        alg_doc: "signatureAlgorithm (RFC 5280 4.1.1.2).",
        sig_doc: "signatureValue bits (RFC 5280 4.1.1.3); empty if it had unused bits.",
    }

    /// Parses a DER certificate (RFC 5280 4.1) under `limits`.
    pub fn from_der_with(der: &'a [u8], limits: &Limits) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 4.1";
        let SignedData { tbs, signature_algorithm, signature } =
            SignedData::parse(der, limits, "tbsCertificate", CLAUSE)?;
        let mut f = Fields::of(&tbs, CLAUSE).at("tbsCertificate")?;
        let parse = |f: &mut Fields<'a>| -> Result<Certificate<'a>> {
            let version = match f.opt(Tag::context(0))? {
                Some(v) => {
                    let i = crate::der::integer(&crate::der::explicit(&v, CLAUSE)?).at("version")?;
                    match i.to_i128() {
                        Some(0) => {
                            return Err(Error::new(ErrorKind::DefaultValueEncoded, v.offset(), "X.690 11.5")
                                .in_path("version"));
                        }
                        Some(1) => Version::V2,
                        Some(2) => Version::V3,
                        _ => {
                            return Err(Error::new(
                                ErrorKind::InvalidVersion,
                                v.offset(),
                                "RFC 5280 4.1.2.1",
                            )
                            .in_path("version"));
                        }
                    }
                }
                None => Version::V1,
            };
            let serial = crate::der::integer(&f.req(Tag::INTEGER).at("serialNumber")?).at("serialNumber")?;
            let tbs_signature = AlgorithmIdentifier::decode(&f.any().at("signature")?).at("signature")?;
            let nl = limits.name_limits();
            let issuer = Name::decode(&f.any().at("issuer")?, nl).at("issuer")?;
            let validity = Validity::decode(&f.req(Tag::SEQUENCE).at("validity")?).at("validity")?;
            let subject = Name::decode(&f.any().at("subject")?, nl).at("subject")?;
            let spki = SubjectPublicKeyInfo::decode(&f.any().at("subjectPublicKeyInfo")?)
                .at("subjectPublicKeyInfo")?;
            let issuer_uid = f.opt(Tag::context(1))?;
            let subject_uid = f.opt(Tag::context(2))?;
            for (u, n) in [(&issuer_uid, "issuerUniqueID"), (&subject_uid, "subjectUniqueID")] {
                if let Some(t) = u {
                    let c = crate::der::implicit_primitive(t, "RFC 5280 4.1.2.8").at(n)?;
                    BitString::from_contents(c, sg17_asn1::EncodingRules::Der, t.contents_offset())
                        .map_err(Error::from)
                        .at(n)?;
                }
            }
            let extensions = match f.opt(Tag::context(3))? {
                Some(e) => {
                    let seq = crate::der::explicit(&e, CLAUSE).at("extensions")?;
                    Extensions::decode(&seq, *limits).at("extensions")?
                }
                None => Extensions::default(),
            };
            f.finish()?;
            Ok(Certificate {
                raw: der,
                tbs: tbs.raw(),
                version,
                serial,
                tbs_signature,
                issuer,
                validity,
                subject,
                spki,
                issuer_uid: issuer_uid.map(|t| t.contents()),
                subject_uid: subject_uid.map(|t| t.contents()),
                extensions,
                signature_algorithm,
                signature,
            })
        };
        parse(&mut f).at("tbsCertificate")
    }

    /// Version (RFC 5280 4.1.2.1).
    #[must_use]
    pub const fn version(&self) -> Version {
        self.version
    }
    /// serialNumber (RFC 5280 4.1.2.2).
    #[must_use]
    pub const fn serial(&self) -> Integer<'a> {
        self.serial
    }
    /// The serial number in upper-case hex as `openssl x509 -serial` prints it (two's
    /// complement octets, a leading zero octet of a positive value removed).
    #[must_use]
    pub fn serial_hex(&self) -> String {
        serial_hex(self.serial)
    }
    /// The `signature` field inside tbsCertificate (RFC 5280 4.1.2.3).
    #[must_use]
    pub const fn tbs_signature_algorithm(&self) -> &AlgorithmIdentifier<'a> {
        &self.tbs_signature
    }
    /// issuer (RFC 5280 4.1.2.4).
    #[must_use]
    pub const fn issuer(&self) -> &Name<'a> {
        &self.issuer
    }
    /// subject (RFC 5280 4.1.2.6).
    #[must_use]
    pub const fn subject(&self) -> &Name<'a> {
        &self.subject
    }
    /// validity (RFC 5280 4.1.2.5).
    #[must_use]
    pub const fn validity(&self) -> &Validity {
        &self.validity
    }
    /// subjectPublicKeyInfo (RFC 5280 4.1.2.7).
    #[must_use]
    pub const fn public_key(&self) -> &SubjectPublicKeyInfo<'a> {
        &self.spki
    }
    /// issuerUniqueID contents (initial octet then bits; RFC 5280 4.1.2.8).
    #[must_use]
    pub fn issuer_unique_id(&self) -> Option<&'a [u8]> {
        self.issuer_uid
    }
    /// subjectUniqueID contents (RFC 5280 4.1.2.8).
    #[must_use]
    pub fn subject_unique_id(&self) -> Option<&'a [u8]> {
        self.subject_uid
    }
    /// extensions (RFC 5280 4.1.2.9).
    #[must_use]
    pub const fn extensions(&self) -> &Extensions<'a> {
        &self.extensions
    }
    /// Whether issuer and subject match (RFC 5280 6.1, "self-issued").
    #[must_use]
    pub fn is_self_issued(&self) -> bool {
        self.issuer.matches(&self.subject)
    }
    /// basicConstraints cA, if the extension is present and well-formed.
    #[must_use]
    pub fn is_ca(&self) -> bool {
        matches!(
            self.extensions.parsed(crate::oids::EXT_BASIC_CONSTRAINTS),
            Some(Ok(crate::ParsedExtension::BasicConstraints(b))) if b.ca
        )
    }
}

/// Upper-case hex of an INTEGER's magnitude as openssl prints serial numbers.
pub(crate) fn serial_hex(i: Integer<'_>) -> String {
    let (neg, mag) = i.magnitude();
    let mag: &[u8] = if mag.len() > 1 && mag[0] == 0 { &mag[1..] } else { &mag };
    let mut s = if neg { String::from("-") } else { String::new() };
    s.push_str(&crate::der::hex(mag).to_uppercase());
    s
}
