//! PKCS #10 `CertificationRequest` (RFC 2986 4): subject, key, attributes and the
//! extensionRequest attribute (RFC 2985 5.4.2).

use crate::Limits;
use crate::algorithm::AlgorithmIdentifier;
use crate::der::{Fields, expect};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::extensions::Extensions;
use crate::name::Name;
use crate::oids;
use crate::public_key::SubjectPublicKeyInfo;
use crate::signed::{SignedData, signed_accessors};
use sg17_asn1::{ObjectIdentifier, Reader, Tag, Tlv};

/// A parsed certification request borrowing its DER encoding.
///
/// ```
/// use sg17_x509::Csr;
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/x509/csr/csr-rsa-san.der"))?;
/// let csr = Csr::from_der(&der)?;
/// assert!(csr.extensions().len() >= 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Csr<'a> {
    raw: &'a [u8],
    info: &'a [u8],
    subject: Name<'a>,
    spki: SubjectPublicKeyInfo<'a>,
    attributes: Tlv<'a>,
    extensions: Extensions<'a>,
    signature_algorithm: AlgorithmIdentifier<'a>,
    signature: &'a [u8],
}

/// One CSR attribute: `SEQUENCE { type, values SET SIZE(1..MAX) OF ANY }` (RFC 2986 4.1).
#[derive(Clone, Copy, Debug)]
pub struct CsrAttribute<'a> {
    /// type.
    pub oid: ObjectIdentifier<'a>,
    /// The DER of the values SET.
    pub values: Tlv<'a>,
}

fn decode_attribute<'a>(t: &Tlv<'a>) -> Result<CsrAttribute<'a>> {
    const CLAUSE: &str = "RFC 2986 4.1";
    expect(t, Tag::SEQUENCE, CLAUSE)?;
    let mut f = Fields::of(t, CLAUSE)?;
    let oid = crate::der::oid(&f.req(Tag::OBJECT_IDENTIFIER)?)?;
    let values = f.req(Tag::SET)?;
    f.finish()?;
    if values.contents().is_empty() {
        return Err(Error::new(ErrorKind::EmptySequence, values.offset(), CLAUSE));
    }
    Ok(CsrAttribute { oid, values })
}

impl<'a> Csr<'a> {
    signed_accessors! {
        what: "CSR",
        tbs: info,
        tbs_doc: "The signed octets (certificationRequestInfo).",
        alg_doc: "signatureAlgorithm.",
        sig_doc: "signature bits.",
    }

    /// Parses a DER CSR (RFC 2986 4) under `limits`.
    pub fn from_der_with(der: &'a [u8], limits: &Limits) -> Result<Self> {
        const CLAUSE: &str = "RFC 2986 4.1";
        let SignedData { tbs: info, signature_algorithm, signature } =
            SignedData::parse(der, limits, "certificationRequestInfo", CLAUSE)?;
        let mut f = Fields::of(&info, CLAUSE)?;
        let parse = |f: &mut Fields<'a>| -> Result<Csr<'a>> {
            let v = f.req(Tag::INTEGER)?;
            if crate::der::integer(&v)?.to_i128() != Some(0) {
                return Err(Error::new(ErrorKind::InvalidVersion, v.offset(), CLAUSE).in_path("version"));
            }
            let subject = Name::decode(&f.any()?, limits.name_limits()).at("subject")?;
            let spki = SubjectPublicKeyInfo::decode(&f.any()?).at("subjectPKInfo")?;
            let attributes = f.req(Tag::context(0)).at("attributes")?;
            let mut a = Fields::of(&attributes, CLAUSE).at("attributes")?;
            let mut extensions = Extensions::default();
            let mut i = 0;
            while let Some(t) = a.next()? {
                let attr = decode_attribute(&t).at_index("attributes", i)?;
                if oids::EXTENSION_REQUEST.matches(&attr.oid) {
                    let mut vals = Fields::of(&attr.values, CLAUSE)?;
                    let seq = vals.any()?;
                    vals.finish().at_index("attributes", i)?;
                    extensions =
                        Extensions::decode(&seq, *limits).at("extensionRequest").at_index("attributes", i)?;
                }
                i += 1;
            }
            f.finish()?;
            Ok(Csr {
                raw: der,
                info: info.raw(),
                subject,
                spki,
                attributes,
                extensions,
                signature_algorithm,
                signature,
            })
        };
        parse(&mut f).at("certificationRequestInfo")
    }
    /// subject.
    #[must_use]
    pub const fn subject(&self) -> &Name<'a> {
        &self.subject
    }
    /// subjectPKInfo.
    #[must_use]
    pub const fn public_key(&self) -> &SubjectPublicKeyInfo<'a> {
        &self.spki
    }
    /// The attributes in order.
    pub fn attributes(&self) -> impl Iterator<Item = CsrAttribute<'a>> + 'a {
        let mut r: Option<Reader<'a>> = self.attributes.reader().ok();
        core::iter::from_fn(move || decode_attribute(&r.as_mut()?.read_tlv().ok().flatten()?).ok())
    }
    /// Extensions requested with the extensionRequest attribute (RFC 2985 5.4.2).
    #[must_use]
    pub const fn extensions(&self) -> &Extensions<'a> {
        &self.extensions
    }
}
