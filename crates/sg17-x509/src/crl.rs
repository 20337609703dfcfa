//! `CertificateList` (RFC 5280 5.1, X.509 clause 7.10): a zero-copy CRL view; revoked
//! entries are iterated lazily.

use crate::Limits;
use crate::algorithm::AlgorithmIdentifier;
use crate::der::{Fields, expect};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::extensions::Extensions;
use crate::name::Name;
use crate::signed::{SignedData, signed_accessors};
use crate::time::Time;
use sg17_asn1::{Integer, Reader, Tag, Tlv};

/// A parsed CRL borrowing its DER encoding.
///
/// ```
/// use sg17_x509::Crl;
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/x509/crl/crl-basic.der"))?;
/// let crl = Crl::from_der(&der)?;
/// assert_eq!(crl.revoked().count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Crl<'a> {
    raw: &'a [u8],
    tbs: &'a [u8],
    version: Option<u8>,
    tbs_signature: AlgorithmIdentifier<'a>,
    issuer: Name<'a>,
    this_update: Time,
    next_update: Option<Time>,
    revoked: Option<Tlv<'a>>,
    revoked_count: usize,
    extensions: Extensions<'a>,
    signature_algorithm: AlgorithmIdentifier<'a>,
    signature: &'a [u8],
    limits: Limits,
}

/// One revoked certificate entry (RFC 5280 5.1.2.6).
#[derive(Clone, Copy, Debug)]
pub struct RevokedCertificate<'a> {
    /// userCertificate.
    pub serial: Integer<'a>,
    /// revocationDate.
    pub revocation_date: Time,
    /// crlEntryExtensions.
    pub extensions: Extensions<'a>,
}

impl<'a> RevokedCertificate<'a> {
    fn decode(t: &Tlv<'a>, limits: Limits) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 5.1.2.6";
        expect(t, Tag::SEQUENCE, CLAUSE)?;
        let mut f = Fields::of(t, CLAUSE)?;
        let serial = crate::der::integer(&f.req(Tag::INTEGER)?).at("userCertificate")?;
        let revocation_date = Time::decode(&f.any()?).at("revocationDate")?;
        let extensions = match f.opt(Tag::SEQUENCE)? {
            Some(e) => Extensions::decode(&e, limits).at("crlEntryExtensions")?,
            None => Extensions::default(),
        };
        f.finish()?;
        Ok(RevokedCertificate { serial, revocation_date, extensions })
    }
    /// Serial in openssl's hex form.
    #[must_use]
    pub fn serial_hex(&self) -> String {
        crate::certificate::serial_hex(self.serial)
    }
}

impl<'a> Crl<'a> {
    signed_accessors! {
        what: "CRL",
        tbs: tbs,
        tbs_doc: "The signed octets (tbsCertList).",
        alg_doc: "signatureAlgorithm.",
        sig_doc: "signatureValue bits.",
    }

    /// Parses a DER CRL (RFC 5280 5.1) under `limits`; every revoked entry is validated.
    pub fn from_der_with(der: &'a [u8], limits: &Limits) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 5.1";
        let SignedData { tbs, signature_algorithm, signature } =
            SignedData::parse(der, limits, "tbsCertList", CLAUSE)?;
        let mut f = Fields::of(&tbs, CLAUSE)?;
        let parse = |f: &mut Fields<'a>| -> Result<Crl<'a>> {
            let version = match f.opt(Tag::INTEGER)? {
                Some(v) => match crate::der::integer(&v)?.to_i128() {
                    Some(1) => Some(1),
                    _ => {
                        return Err(Error::new(ErrorKind::InvalidVersion, v.offset(), "RFC 5280 5.1.2.1")
                            .in_path("version"));
                    }
                },
                None => None,
            };
            let tbs_signature = AlgorithmIdentifier::decode(&f.any()?).at("signature")?;
            let issuer = Name::decode(&f.any()?, limits.name_limits()).at("issuer")?;
            let this_update = Time::decode(&f.any()?).at("thisUpdate")?;
            let mut next_update = None;
            for tag in [Tag::UTC_TIME, Tag::GENERALIZED_TIME] {
                if let Some(t) = f.opt(tag)? {
                    next_update = Some(Time::decode(&t).at("nextUpdate")?);
                    break;
                }
            }
            let revoked = f.opt(Tag::SEQUENCE)?;
            let mut revoked_count = 0;
            if let Some(seq) = &revoked {
                let mut r = Fields::of(seq, CLAUSE)?;
                while let Some(e) = r.next()? {
                    if revoked_count == limits.max_crl_entries {
                        return Err(Error::new(
                            ErrorKind::LimitExceeded,
                            e.offset(),
                            "limit: max_crl_entries",
                        ));
                    }
                    RevokedCertificate::decode(&e, *limits).at_index("revokedCertificates", revoked_count)?;
                    revoked_count += 1;
                }
                if revoked_count == 0 {
                    return Err(Error::new(ErrorKind::EmptySequence, seq.offset(), "RFC 5280 5.1.2.6")
                        .in_path("revokedCertificates"));
                }
            }
            let extensions = match f.opt(Tag::context(0))? {
                Some(e) => {
                    let seq = crate::der::explicit(&e, CLAUSE).at("crlExtensions")?;
                    Extensions::decode(&seq, *limits).at("crlExtensions")?
                }
                None => Extensions::default(),
            };
            f.finish()?;
            Ok(Crl {
                raw: der,
                tbs: tbs.raw(),
                version,
                tbs_signature,
                issuer,
                this_update,
                next_update,
                revoked,
                revoked_count,
                extensions,
                signature_algorithm,
                signature,
                limits: *limits,
            })
        };
        parse(&mut f).at("tbsCertList")
    }

    /// 2 for a v2 CRL, 1 when the version field is absent (RFC 5280 5.1.2.1).
    #[must_use]
    pub fn version(&self) -> u8 {
        self.version.map_or(1, |v| v + 1)
    }
    /// The `signature` field of tbsCertList.
    #[must_use]
    pub const fn tbs_signature_algorithm(&self) -> &AlgorithmIdentifier<'a> {
        &self.tbs_signature
    }
    /// issuer (RFC 5280 5.1.2.3).
    #[must_use]
    pub const fn issuer(&self) -> &Name<'a> {
        &self.issuer
    }
    /// thisUpdate (RFC 5280 5.1.2.4).
    #[must_use]
    pub const fn this_update(&self) -> Time {
        self.this_update
    }
    /// nextUpdate (RFC 5280 5.1.2.5).
    #[must_use]
    pub const fn next_update(&self) -> Option<Time> {
        self.next_update
    }
    /// Number of revoked entries.
    #[must_use]
    pub const fn revoked_count(&self) -> usize {
        self.revoked_count
    }
    /// The revoked certificates, decoded lazily (already validated).
    pub fn revoked(&self) -> impl Iterator<Item = RevokedCertificate<'a>> + 'a {
        let mut r: Option<Reader<'a>> = self.revoked.and_then(|t| t.reader().ok());
        let limits = self.limits;
        core::iter::from_fn(move || {
            let t = r.as_mut()?.read_tlv().ok().flatten()?;
            RevokedCertificate::decode(&t, limits).ok()
        })
    }
    /// crlExtensions (RFC 5280 5.2).
    #[must_use]
    pub const fn extensions(&self) -> &Extensions<'a> {
        &self.extensions
    }
}
