//! `AlgorithmIdentifier` (RFC 5280 4.1.1.2) with names for the signature, key and hash
//! algorithms of RFC 3279, RFC 4055, RFC 5758 and RFC 8410, and RSASSA-PSS parameters.

use crate::der::{Fields, expect};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::oids;
use sg17_asn1::{ObjectIdentifier, Tag, Tlv};

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }`.
///
/// ```
/// use sg17_x509::AlgorithmIdentifier;
/// // sha256WithRSAEncryption with NULL parameters.
/// let der = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00];
/// let alg = AlgorithmIdentifier::from_der(&der)?;
/// assert_eq!(alg.name(), "sha256WithRSAEncryption");
/// assert!(alg.parameters().is_some());
/// # Ok::<(), sg17_x509::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct AlgorithmIdentifier<'a> {
    raw: &'a [u8],
    oid: ObjectIdentifier<'a>,
    parameters: Option<Tlv<'a>>,
}

impl<'a> AlgorithmIdentifier<'a> {
    pub(crate) fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 4.1.1.2";
        expect(tlv, Tag::SEQUENCE, CLAUSE)?;
        let mut f = Fields::of(tlv, CLAUSE)?;
        let oid = crate::der::oid(&f.req(Tag::OBJECT_IDENTIFIER)?).at("algorithm")?;
        let parameters = f.next()?;
        f.finish()?;
        Ok(AlgorithmIdentifier { raw: tlv.raw(), oid, parameters })
    }
    /// Decodes a stand-alone DER AlgorithmIdentifier.
    pub fn from_der(der: &'a [u8]) -> Result<Self> {
        Self::decode(&crate::der::one(der, sg17_asn1::Limits::default())?)
    }
    /// The algorithm OID.
    #[must_use]
    pub const fn oid(&self) -> ObjectIdentifier<'a> {
        self.oid
    }
    /// The parameters element, if present.
    #[must_use]
    pub const fn parameters(&self) -> Option<Tlv<'a>> {
        self.parameters
    }
    /// The DER encoding (used to compare `signature` with `signatureAlgorithm`,
    /// RFC 5280 4.1.1.2).
    #[must_use]
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }
    /// openssl's name for the algorithm, or the dotted OID.
    #[must_use]
    pub fn name(&self) -> String {
        oids::name_or_dotted(&self.oid)
    }
    /// Whether the algorithm is `k`.
    #[must_use]
    pub fn is(&self, k: oids::KnownOid) -> bool {
        k.matches(&self.oid)
    }
    /// RSASSA-PSS parameters (RFC 4055 3.1), when the algorithm is id-RSASSA-PSS.
    pub fn pss_params(&self) -> Option<Result<PssParams<'a>>> {
        if !self.is(oids::RSASSA_PSS) {
            return None;
        }
        Some(match &self.parameters {
            Some(p) => PssParams::decode(p),
            None => Err(Error::new(ErrorKind::InvalidAlgorithmParameters, 0, "RFC 4055 3.1")),
        })
    }
}

impl PartialEq for AlgorithmIdentifier<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

/// `RSASSA-PSS-params` (RFC 4055 3.1), defaults applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PssParams<'a> {
    /// Hash algorithm (default SHA-1).
    pub hash: Option<ObjectIdentifier<'a>>,
    /// Hash of MGF1 (default SHA-1).
    pub mgf_hash: Option<ObjectIdentifier<'a>>,
    /// Salt length in octets (default 20).
    pub salt_len: u32,
    /// Trailer field (default 1, the only value allowed).
    pub trailer_field: u32,
}

impl<'a> PssParams<'a> {
    fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        const CLAUSE: &str = "RFC 4055 3.1";
        expect(tlv, Tag::SEQUENCE, CLAUSE)?;
        let mut f = Fields::of(tlv, CLAUSE)?;
        let mut p = PssParams { hash: None, mgf_hash: None, salt_len: 20, trailer_field: 1 };
        if let Some(h) = f.opt(Tag::context(0))? {
            p.hash = Some(AlgorithmIdentifier::decode(&crate::der::explicit(&h, CLAUSE)?)?.oid);
        }
        if let Some(m) = f.opt(Tag::context(1))? {
            let mgf = AlgorithmIdentifier::decode(&crate::der::explicit(&m, CLAUSE)?)?;
            if !mgf.is(oids::MGF1) {
                return Err(Error::new(ErrorKind::InvalidAlgorithmParameters, m.offset(), CLAUSE));
            }
            let hp = mgf.parameters.ok_or(Error::new(
                ErrorKind::InvalidAlgorithmParameters,
                m.offset(),
                CLAUSE,
            ))?;
            p.mgf_hash = Some(AlgorithmIdentifier::decode(&hp)?.oid);
        }
        if let Some(s) = f.opt(Tag::context(2))? {
            let i = crate::der::integer(&crate::der::explicit(&s, CLAUSE)?)?;
            p.salt_len = u32::try_from(i)
                .map_err(|_| Error::new(ErrorKind::InvalidAlgorithmParameters, s.offset(), CLAUSE))?;
        }
        if let Some(t) = f.opt(Tag::context(3))? {
            let i = crate::der::integer(&crate::der::explicit(&t, CLAUSE)?)?;
            p.trailer_field = u32::try_from(i)
                .map_err(|_| Error::new(ErrorKind::InvalidAlgorithmParameters, t.offset(), CLAUSE))?;
        }
        f.finish()?;
        Ok(p)
    }
}
