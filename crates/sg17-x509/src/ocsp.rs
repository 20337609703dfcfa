//! OCSP (RFC 6960): zero-copy views of `OCSPResponse` (4.2.1) with its `BasicOCSPResponse`,
//! and of `OCSPRequest` (4.1.1), strict DER as the rest of the crate.
//!
//! The `BasicOCSPResponse` travels inside the `response` OCTET STRING of `responseBytes`; it is
//! parsed at once (every SingleResponse and certificate is validated) and errors carry offsets
//! into the whole input. Times must be GeneralizedTime with seconds and no fraction, as in
//! certificates (RFC 5280 4.1.2.5.2); only `id-pkix-ocsp-basic` responses are accepted (the one
//! type RFC 6960 4.2.1 requires clients to support).
//!
//! With the `verify` feature, [`BasicOcspResponse::verify_signature`] checks the responder's
//! signature and [`CertId::matches`] computes the CertID of a certificate (SHA-1, SHA-256,
//! SHA-384 or SHA-512). How a response is used in path validation is in
//! [`crate::path::ocsp`].
//!
//! ```
//! use sg17_x509::ocsp::{CertStatus, OcspResponse, ResponderId, ResponseStatus};
//! let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/ocsp/revoked-key-compromise.der"))?;
//! let resp = OcspResponse::from_der(&der)?;
//! assert_eq!(resp.status(), ResponseStatus::Successful);
//! let basic = resp.basic().unwrap();
//! assert!(matches!(basic.responder_id(), ResponderId::ByName(n) if n.to_string() == "CN=sg17 OCSP Issuing CA"));
//! let single = basic.responses().next().unwrap();
//! assert_eq!(single.cert_id.serial_hex(), "1002");
//! assert!(matches!(single.status, CertStatus::Revoked { reason: Some(r), .. } if r.to_string() == "Key Compromise"));
//! // Cut short: a typed error with the offset, never a panic.
//! let err = OcspResponse::from_der(&der[..40]).unwrap_err();
//! assert_eq!(err.to_string(), "X.690 8.1.1: truncated encoding at offset 1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::Limits;
use crate::algorithm::AlgorithmIdentifier;
use crate::certificate::Certificate;
use crate::der::{Fields, expect};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::extensions::{CrlReason, Extensions};
use crate::name::Name;
use crate::time::Time;
use core::fmt;
use sg17_asn1::{Integer, Reader, Tag, Tlv};

const RESPONSE: &str = "RFC 6960 4.2.1";
const REQUEST: &str = "RFC 6960 4.1.1";

/// `OCSPResponseStatus` (RFC 6960 4.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResponseStatus {
    /// successful (0): responseBytes holds the response.
    Successful,
    /// malformedRequest (1).
    MalformedRequest,
    /// internalError (2).
    InternalError,
    /// tryLater (3).
    TryLater,
    /// sigRequired (5).
    SigRequired,
    /// unauthorized (6).
    Unauthorized,
}

impl ResponseStatus {
    fn from_code(v: i128) -> Option<Self> {
        Some(match v {
            0 => ResponseStatus::Successful,
            1 => ResponseStatus::MalformedRequest,
            2 => ResponseStatus::InternalError,
            3 => ResponseStatus::TryLater,
            5 => ResponseStatus::SigRequired,
            6 => ResponseStatus::Unauthorized,
            _ => return None,
        })
    }
    /// The ENUMERATED value.
    #[must_use]
    pub const fn code(self) -> u8 {
        match self {
            ResponseStatus::Successful => 0,
            ResponseStatus::MalformedRequest => 1,
            ResponseStatus::InternalError => 2,
            ResponseStatus::TryLater => 3,
            ResponseStatus::SigRequired => 5,
            ResponseStatus::Unauthorized => 6,
        }
    }
    /// The identifier of the ASN.1 module (`tryLater`, ...).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            ResponseStatus::Successful => "successful",
            ResponseStatus::MalformedRequest => "malformedRequest",
            ResponseStatus::InternalError => "internalError",
            ResponseStatus::TryLater => "tryLater",
            ResponseStatus::SigRequired => "sigRequired",
            ResponseStatus::Unauthorized => "unauthorized",
        }
    }
}

impl fmt::Display for ResponseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A parsed `OCSPResponse` borrowing its DER encoding.
#[derive(Clone, Copy, Debug)]
pub struct OcspResponse<'a> {
    raw: &'a [u8],
    status: ResponseStatus,
    basic: Option<BasicOcspResponse<'a>>,
}

impl<'a> OcspResponse<'a> {
    /// Parses a DER `OCSPResponse` with default [`Limits`].
    pub fn from_der(der: &'a [u8]) -> Result<Self> {
        Self::from_der_with(der, &Limits::default())
    }

    /// Parses a DER `OCSPResponse` (RFC 6960 4.2.1) under `limits`: a successful response must
    /// carry `responseBytes` of type `id-pkix-ocsp-basic`, any other status must not.
    pub fn from_der_with(der: &'a [u8], limits: &Limits) -> Result<Self> {
        let outer = crate::der::one(der, limits.asn1)?;
        expect(&outer, Tag::SEQUENCE, RESPONSE)?;
        let mut f = Fields::of(&outer, RESPONSE)?;
        let st = f.any().at("responseStatus")?;
        expect(&st, Tag::ENUMERATED, RESPONSE).at("responseStatus")?;
        let code = <sg17_asn1::Enumerated<'_> as sg17_asn1::Decode>::decode(&st).map_err(Error::from)?;
        let status = code.0.to_i128().and_then(ResponseStatus::from_code).ok_or_else(|| {
            Error::new(ErrorKind::UndefinedEnumValue, st.offset(), RESPONSE).in_path("responseStatus")
        })?;
        let bytes = f.opt(Tag::context(0))?;
        f.finish()?;
        let basic = match (status, bytes) {
            (ResponseStatus::Successful, None) => {
                return Err(Error::new(
                    ErrorKind::MissingField,
                    outer.offset() + outer.raw().len(),
                    RESPONSE,
                )
                .in_path("responseBytes"));
            }
            (ResponseStatus::Successful, Some(b)) => {
                Some(Self::response_bytes(&b, limits).at("responseBytes")?)
            }
            // "If the value of responseStatus is one of the error conditions, the
            // responseBytes field is not set."
            (_, Some(b)) => {
                return Err(
                    Error::new(ErrorKind::UnexpectedField, b.offset(), RESPONSE).in_path("responseBytes")
                );
            }
            (_, None) => None,
        };
        Ok(OcspResponse { raw: der, status, basic })
    }

    fn response_bytes(b: &Tlv<'a>, limits: &Limits) -> Result<BasicOcspResponse<'a>> {
        let seq = crate::der::explicit(b, RESPONSE)?;
        expect(&seq, Tag::SEQUENCE, RESPONSE)?;
        let mut f = Fields::of(&seq, RESPONSE)?;
        let ty = f.req(Tag::OBJECT_IDENTIFIER).at("responseType")?;
        let oid = crate::der::oid(&ty).at("responseType")?;
        if !crate::oids::PKIX_OCSP_BASIC.matches(&oid) {
            return Err(
                Error::new(ErrorKind::UnsupportedResponseType, ty.offset(), RESPONSE).in_path("responseType")
            );
        }
        let resp = f.req(Tag::OCTET_STRING).at("response")?;
        let inner = crate::der::octets(&resp).at("response")?;
        f.finish()?;
        let base = resp.contents_offset();
        BasicOcspResponse::parse(inner, limits).map_err(|e| e.rebase(base)).at("response")
    }

    /// The whole DER encoding.
    #[must_use]
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }
    /// responseStatus.
    #[must_use]
    pub const fn status(&self) -> ResponseStatus {
        self.status
    }
    /// The basic response; `None` unless the status is [`ResponseStatus::Successful`].
    #[must_use]
    pub const fn basic(&self) -> Option<&BasicOcspResponse<'a>> {
        self.basic.as_ref()
    }
}

/// `ResponderID` (RFC 6960 4.2.1).
#[derive(Clone, Copy, Debug)]
pub enum ResponderId<'a> {
    /// byName \[1\]: the responder's subject name.
    ByName(Name<'a>),
    /// byKey \[2\]: SHA-1 of the responder's subjectPublicKey BIT STRING contents.
    ByKey(&'a [u8]),
}

impl fmt::Display for ResponderId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponderId::ByName(n) => write!(f, "{n}"),
            ResponderId::ByKey(k) => f.write_str(&crate::der::hex(k).to_uppercase()),
        }
    }
}

/// `CertID` (RFC 6960 4.1.1): the certificate a status is about.
#[derive(Clone, Copy, Debug)]
pub struct CertId<'a> {
    /// hashAlgorithm of the two hashes.
    pub hash_algorithm: AlgorithmIdentifier<'a>,
    /// Hash of the DER of the issuer field of the certificate.
    pub issuer_name_hash: &'a [u8],
    /// Hash of the issuer's subjectPublicKey BIT STRING contents (without the unused-bits octet).
    pub issuer_key_hash: &'a [u8],
    /// serialNumber of the certificate.
    pub serial: Integer<'a>,
}

impl<'a> CertId<'a> {
    fn decode(t: &Tlv<'a>) -> Result<Self> {
        const CLAUSE: &str = "RFC 6960 4.1.1";
        expect(t, Tag::SEQUENCE, CLAUSE)?;
        let mut f = Fields::of(t, CLAUSE)?;
        let hash_algorithm = AlgorithmIdentifier::decode(&f.any()?).at("hashAlgorithm")?;
        let issuer_name_hash = crate::der::octets(&f.req(Tag::OCTET_STRING)?).at("issuerNameHash")?;
        let issuer_key_hash = crate::der::octets(&f.req(Tag::OCTET_STRING)?).at("issuerKeyHash")?;
        let serial = crate::der::integer(&f.req(Tag::INTEGER)?).at("serialNumber")?;
        f.finish()?;
        Ok(CertId { hash_algorithm, issuer_name_hash, issuer_key_hash, serial })
    }
    /// Serial in openssl's hex form.
    #[must_use]
    pub fn serial_hex(&self) -> String {
        crate::certificate::serial_hex(self.serial)
    }

    /// Whether this CertID names `cert`, issued by `issuer` (RFC 6960 4.1.1): hashes of the
    /// DER of `cert`'s issuer Name and of `issuer`'s subjectPublicKey, and the serial.
    /// `None` when the hash algorithm is not SHA-1, SHA-256, SHA-384 or SHA-512 (parameters
    /// absent or NULL).
    #[cfg(feature = "verify")]
    #[must_use]
    pub fn matches(&self, cert: &Certificate<'_>, issuer: &Certificate<'_>) -> Option<bool> {
        let name = hash(&self.hash_algorithm, cert.issuer().raw())?;
        let key = hash(&self.hash_algorithm, issuer.public_key().key_bytes())?;
        Some(
            name == self.issuer_name_hash
                && key == self.issuer_key_hash
                && self.serial.as_bytes() == cert.serial().as_bytes(),
        )
    }
}

/// `data` hashed with `alg` when it is SHA-1, SHA-256, SHA-384 or SHA-512 with absent or NULL
/// parameters (RFC 5754 2: both forms occur).
#[cfg(feature = "verify")]
#[must_use]
pub fn hash(alg: &AlgorithmIdentifier<'_>, data: &[u8]) -> Option<Vec<u8>> {
    use sha2::Digest;
    if alg.parameters().is_some_and(|p| p.tag() != Tag::NULL || !p.contents().is_empty()) {
        return None;
    }
    let o = alg.oid();
    if crate::oids::SHA1.matches(&o) {
        Some(sha1::Sha1::digest(data).to_vec())
    } else if crate::oids::SHA256.matches(&o) {
        Some(sha2::Sha256::digest(data).to_vec())
    } else if crate::oids::SHA384.matches(&o) {
        Some(sha2::Sha384::digest(data).to_vec())
    } else if crate::oids::SHA512.matches(&o) {
        Some(sha2::Sha512::digest(data).to_vec())
    } else {
        None
    }
}

/// SHA-1 of a key's subjectPublicKey BIT STRING contents: the `byKey` ResponderID
/// (RFC 6960 4.2.1).
#[cfg(feature = "verify")]
#[must_use]
pub fn key_hash(key: &crate::SubjectPublicKeyInfo<'_>) -> [u8; 20] {
    use sha1::Digest;
    sha1::Sha1::digest(key.key_bytes()).into()
}

/// `CertStatus` (RFC 6960 4.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertStatus {
    /// good \[0\].
    Good,
    /// revoked \[1\]: RevokedInfo.
    Revoked {
        /// revocationTime.
        time: Time,
        /// revocationReason, if given.
        reason: Option<CrlReason>,
    },
    /// unknown \[2\].
    Unknown,
}

/// One `SingleResponse` (RFC 6960 4.2.1).
#[derive(Clone, Copy, Debug)]
pub struct SingleResponse<'a> {
    /// certID.
    pub cert_id: CertId<'a>,
    /// certStatus.
    pub status: CertStatus,
    /// thisUpdate.
    pub this_update: Time,
    /// nextUpdate.
    pub next_update: Option<Time>,
    /// singleExtensions.
    pub extensions: Extensions<'a>,
}

fn generalized(t: &Tlv<'_>) -> Result<Time> {
    expect(t, Tag::GENERALIZED_TIME, RESPONSE)?;
    Time::decode(t)
}

/// A NULL under an IMPLICIT tag: primitive with no contents (X.690 8.8.2).
fn implicit_null(t: &Tlv<'_>) -> Result<()> {
    if t.is_constructed() || !t.contents().is_empty() {
        return Err(Error::new(ErrorKind::UnexpectedTag, t.offset(), RESPONSE));
    }
    Ok(())
}

impl<'a> SingleResponse<'a> {
    fn decode(t: &Tlv<'a>, limits: Limits) -> Result<Self> {
        expect(t, Tag::SEQUENCE, RESPONSE)?;
        let mut f = Fields::of(t, RESPONSE)?;
        let cert_id = CertId::decode(&f.any()?).at("certID")?;
        let s = f.any().at("certStatus")?;
        let status = if s.tag() == Tag::context(0) {
            implicit_null(&s).at("certStatus.good")?;
            CertStatus::Good
        } else if s.tag() == Tag::context(1) {
            let mut r = Fields::of(&s, RESPONSE)?;
            let time = generalized(&r.any()?).at("certStatus.revoked.revocationTime")?;
            let reason = match r.opt(Tag::context(0))? {
                Some(x) => Some(
                    CrlReason::decode(&crate::der::explicit(&x, RESPONSE)?)
                        .at("certStatus.revoked.revocationReason")?,
                ),
                None => None,
            };
            r.finish().at("certStatus.revoked")?;
            CertStatus::Revoked { time, reason }
        } else if s.tag() == Tag::context(2) {
            implicit_null(&s).at("certStatus.unknown")?;
            CertStatus::Unknown
        } else {
            return Err(Error::new(ErrorKind::UnexpectedTag, s.offset(), RESPONSE).in_path("certStatus"));
        };
        let this_update = generalized(&f.any()?).at("thisUpdate")?;
        let next_update = match f.opt(Tag::context(0))? {
            Some(n) => Some(generalized(&crate::der::explicit(&n, RESPONSE)?).at("nextUpdate")?),
            None => None,
        };
        let extensions = match f.opt(Tag::context(1))? {
            Some(e) => {
                Extensions::decode(&crate::der::explicit(&e, RESPONSE)?, limits).at("singleExtensions")?
            }
            None => Extensions::default(),
        };
        f.finish()?;
        Ok(SingleResponse { cert_id, status, this_update, next_update, extensions })
    }
}

/// A parsed `BasicOCSPResponse` (RFC 6960 4.2.1); offsets of errors found while iterating
/// are relative to [`BasicOcspResponse::raw`].
#[derive(Clone, Copy, Debug)]
pub struct BasicOcspResponse<'a> {
    raw: &'a [u8],
    tbs: &'a [u8],
    version: u8,
    responder_id: ResponderId<'a>,
    produced_at: Time,
    responses: Tlv<'a>,
    response_count: usize,
    extensions: Extensions<'a>,
    signature_algorithm: AlgorithmIdentifier<'a>,
    signature: &'a [u8],
    certs: Option<Tlv<'a>>,
    cert_count: usize,
    limits: Limits,
}

impl<'a> BasicOcspResponse<'a> {
    fn parse(der: &'a [u8], limits: &Limits) -> Result<Self> {
        let outer = crate::der::one(der, limits.asn1)?;
        expect(&outer, Tag::SEQUENCE, RESPONSE)?;
        let mut f = Fields::of(&outer, RESPONSE)?;
        let tbs = f.req(Tag::SEQUENCE).at("tbsResponseData")?;
        let signature_algorithm =
            AlgorithmIdentifier::decode(&f.any().at("signatureAlgorithm")?).at("signatureAlgorithm")?;
        let sig = f.req(Tag::BIT_STRING).at("signature")?;
        let bits = crate::der::bit_string(&sig).at("signature")?;
        let signature = if bits.unused_bits() == 0 { &sig.contents()[1..] } else { &[][..] };
        let certs = f.opt(Tag::context(0))?;
        f.finish()?;
        let mut cert_count = 0;
        if let Some(c) = &certs {
            let seq = crate::der::explicit(c, RESPONSE).at("certs")?;
            expect(&seq, Tag::SEQUENCE, RESPONSE).at("certs")?;
            let mut r = Fields::of(&seq, RESPONSE)?;
            while let Some(t) = r.next()? {
                if cert_count == limits.max_ocsp_certs {
                    return Err(Error::new(ErrorKind::LimitExceeded, t.offset(), "limit: max_ocsp_certs"));
                }
                Certificate::from_der_with(t.raw(), limits)
                    .map_err(|e| e.rebase(t.offset()))
                    .at_index("certs", cert_count)?;
                cert_count += 1;
            }
        }

        let mut f = Fields::of(&tbs, RESPONSE)?;
        let parse = |f: &mut Fields<'a>| -> Result<Self> {
            let version = match f.opt(Tag::context(0))? {
                Some(v) => {
                    let i = crate::der::integer(&crate::der::explicit(&v, RESPONSE)?)?;
                    // v1(0) is the DEFAULT and the only version (X.690 11.5).
                    let kind = if i.to_i128() == Some(0) {
                        ErrorKind::DefaultValueEncoded
                    } else {
                        ErrorKind::InvalidVersion
                    };
                    return Err(Error::new(kind, v.offset(), RESPONSE).in_path("version"));
                }
                None => 0,
            };
            let rid = f.any().at("responderID")?;
            let responder_id = if rid.tag() == Tag::context(1) {
                ResponderId::ByName(
                    Name::decode(&crate::der::explicit(&rid, RESPONSE)?, limits.name_limits())
                        .at("responderID.byName")?,
                )
            } else if rid.tag() == Tag::context(2) {
                let k = crate::der::explicit(&rid, RESPONSE)?;
                expect(&k, Tag::OCTET_STRING, RESPONSE).at("responderID.byKey")?;
                ResponderId::ByKey(crate::der::octets(&k).at("responderID.byKey")?)
            } else {
                return Err(
                    Error::new(ErrorKind::UnexpectedTag, rid.offset(), RESPONSE).in_path("responderID")
                );
            };
            let produced_at = generalized(&f.any()?).at("producedAt")?;
            let responses = f.req(Tag::SEQUENCE).at("responses")?;
            let mut response_count = 0;
            let mut r = Fields::of(&responses, RESPONSE)?;
            while let Some(t) = r.next()? {
                if response_count == limits.max_ocsp_responses {
                    return Err(Error::new(
                        ErrorKind::LimitExceeded,
                        t.offset(),
                        "limit: max_ocsp_responses",
                    ));
                }
                SingleResponse::decode(&t, *limits).at_index("responses", response_count)?;
                response_count += 1;
            }
            let extensions = match f.opt(Tag::context(1))? {
                Some(e) => Extensions::decode(&crate::der::explicit(&e, RESPONSE)?, *limits)
                    .at("responseExtensions")?,
                None => Extensions::default(),
            };
            f.finish()?;
            Ok(BasicOcspResponse {
                raw: der,
                tbs: tbs.raw(),
                version,
                responder_id,
                produced_at,
                responses,
                response_count,
                extensions,
                signature_algorithm,
                signature,
                certs,
                cert_count,
                limits: *limits,
            })
        };
        parse(&mut f).at("tbsResponseData")
    }

    /// The DER of the BasicOCSPResponse (the contents of `responseBytes.response`).
    #[must_use]
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }
    /// The signed octets (tbsResponseData).
    #[must_use]
    pub const fn tbs_raw(&self) -> &'a [u8] {
        self.tbs
    }
    /// 1 (v1, the only version).
    #[must_use]
    pub const fn version(&self) -> u8 {
        self.version + 1
    }
    /// responderID.
    #[must_use]
    pub const fn responder_id(&self) -> &ResponderId<'a> {
        &self.responder_id
    }
    /// producedAt.
    #[must_use]
    pub const fn produced_at(&self) -> Time {
        self.produced_at
    }
    /// Number of SingleResponses.
    #[must_use]
    pub const fn response_count(&self) -> usize {
        self.response_count
    }
    /// The SingleResponses, decoded lazily (already validated).
    pub fn responses(&self) -> impl Iterator<Item = SingleResponse<'a>> + 'a {
        let mut r: Option<Reader<'a>> = self.responses.reader().ok();
        let limits = self.limits;
        core::iter::from_fn(move || {
            let t = r.as_mut()?.read_tlv().ok().flatten()?;
            SingleResponse::decode(&t, limits).ok()
        })
    }
    /// responseExtensions.
    #[must_use]
    pub const fn extensions(&self) -> &Extensions<'a> {
        &self.extensions
    }
    /// The nonce (RFC 8954 2.1, id-pkix-ocsp-nonce) octets, when present and an OCTET STRING.
    #[must_use]
    pub fn nonce(&self) -> Option<&'a [u8]> {
        let e = self.extensions.get(crate::oids::OCSP_NONCE)?;
        let t = crate::der::one(e.value(), self.limits.asn1).ok()?;
        (t.tag() == Tag::OCTET_STRING).then(|| t.contents())
    }
    /// signatureAlgorithm.
    #[must_use]
    pub const fn signature_algorithm(&self) -> &AlgorithmIdentifier<'a> {
        &self.signature_algorithm
    }
    /// signature bits (empty if the BIT STRING had unused bits).
    #[must_use]
    pub const fn signature(&self) -> &'a [u8] {
        self.signature
    }
    /// Number of certificates in `certs`.
    #[must_use]
    pub const fn cert_count(&self) -> usize {
        self.cert_count
    }
    /// The certificates of `certs` (already validated).
    pub fn certs(&self) -> impl Iterator<Item = Certificate<'a>> + 'a {
        let limits = self.limits;
        let mut r: Option<Reader<'a>> =
            self.certs.and_then(|c| crate::der::explicit(&c, RESPONSE).ok()).and_then(|s| s.reader().ok());
        core::iter::from_fn(move || {
            let t = r.as_mut()?.read_tlv().ok().flatten()?;
            Certificate::from_der_with(t.raw(), &limits).ok()
        })
    }

    /// Verifies the response's signature over tbsResponseData with `key` (RFC 6960 3.2
    /// item 2), with the crate's RustCrypto backend.
    #[cfg(feature = "verify")]
    pub fn verify_signature(
        &self,
        key: &crate::SubjectPublicKeyInfo<'_>,
    ) -> core::result::Result<(), crate::verify::VerifyError> {
        use crate::verify::SignatureVerifier;
        crate::verify::RustCrypto.verify(&self.signature_algorithm, key, self.tbs, self.signature)
    }
}

/// One `Request` of an `OCSPRequest` (RFC 6960 4.1.1).
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// reqCert.
    pub cert_id: CertId<'a>,
    /// singleRequestExtensions.
    pub extensions: Extensions<'a>,
}

/// A parsed `OCSPRequest` (RFC 6960 4.1.1); `optionalSignature` is kept as raw DER.
///
/// ```
/// use sg17_x509::ocsp::OcspRequest;
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/ocsp/ossl-sha256-req.der"))?;
/// let req = OcspRequest::from_der(&der)?;
/// let serials: Vec<_> = req.requests().iter().map(|r| r.cert_id.serial_hex()).collect();
/// assert_eq!(serials, ["1001", "1002"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct OcspRequest<'a> {
    raw: &'a [u8],
    requestor_name: Option<&'a [u8]>,
    requests: Vec<Request<'a>>,
    extensions: Extensions<'a>,
    signature: Option<&'a [u8]>,
}

impl<'a> OcspRequest<'a> {
    /// Parses a DER `OCSPRequest` with default [`Limits`].
    pub fn from_der(der: &'a [u8]) -> Result<Self> {
        Self::from_der_with(der, &Limits::default())
    }
    /// Parses a DER `OCSPRequest` under `limits` (at most `max_ocsp_responses` requests).
    pub fn from_der_with(der: &'a [u8], limits: &Limits) -> Result<Self> {
        let outer = crate::der::one(der, limits.asn1)?;
        expect(&outer, Tag::SEQUENCE, REQUEST)?;
        let mut f = Fields::of(&outer, REQUEST)?;
        let tbs = f.req(Tag::SEQUENCE).at("tbsRequest")?;
        let signature = f.opt(Tag::context(0))?.map(|s| s.raw());
        f.finish()?;
        let mut t = Fields::of(&tbs, REQUEST)?;
        let parse = |t: &mut Fields<'a>| -> Result<Self> {
            if let Some(v) = t.opt(Tag::context(0))? {
                let i = crate::der::integer(&crate::der::explicit(&v, REQUEST)?)?;
                let kind = if i.to_i128() == Some(0) {
                    ErrorKind::DefaultValueEncoded
                } else {
                    ErrorKind::InvalidVersion
                };
                return Err(Error::new(kind, v.offset(), REQUEST).in_path("version"));
            }
            let requestor_name = match t.opt(Tag::context(1))? {
                Some(n) => Some(crate::der::explicit(&n, REQUEST).at("requestorName")?.raw()),
                None => None,
            };
            let list = t.req(Tag::SEQUENCE).at("requestList")?;
            let mut requests = Vec::new();
            let mut r = Fields::of(&list, REQUEST)?;
            while let Some(x) = r.next()? {
                if requests.len() == limits.max_ocsp_responses {
                    return Err(Error::new(
                        ErrorKind::LimitExceeded,
                        x.offset(),
                        "limit: max_ocsp_responses",
                    ));
                }
                let i = requests.len();
                let one = |x: &Tlv<'a>| -> Result<Request<'a>> {
                    expect(x, Tag::SEQUENCE, REQUEST)?;
                    let mut q = Fields::of(x, REQUEST)?;
                    let cert_id = CertId::decode(&q.any()?).at("reqCert")?;
                    let extensions = match q.opt(Tag::context(0))? {
                        Some(e) => Extensions::decode(&crate::der::explicit(&e, REQUEST)?, *limits)
                            .at("singleRequestExtensions")?,
                        None => Extensions::default(),
                    };
                    q.finish()?;
                    Ok(Request { cert_id, extensions })
                };
                requests.push(one(&x).at_index("requestList", i)?);
            }
            if requests.is_empty() {
                return Err(
                    Error::new(ErrorKind::EmptySequence, list.offset(), REQUEST).in_path("requestList")
                );
            }
            let extensions = match t.opt(Tag::context(2))? {
                Some(e) => Extensions::decode(&crate::der::explicit(&e, REQUEST)?, *limits)
                    .at("requestExtensions")?,
                None => Extensions::default(),
            };
            t.finish()?;
            Ok(OcspRequest { raw: der, requestor_name, requests, extensions, signature })
        };
        parse(&mut t).at("tbsRequest")
    }
    /// The whole DER encoding.
    #[must_use]
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }
    /// The DER of requestorName (a GeneralName), if present.
    #[must_use]
    pub const fn requestor_name(&self) -> Option<&'a [u8]> {
        self.requestor_name
    }
    /// The requests.
    #[must_use]
    pub fn requests(&self) -> &[Request<'a>] {
        &self.requests
    }
    /// requestExtensions.
    #[must_use]
    pub const fn extensions(&self) -> &Extensions<'a> {
        &self.extensions
    }
    /// The DER of optionalSignature (\[0\] EXPLICIT Signature), if present; not verified.
    #[must_use]
    pub const fn signature(&self) -> Option<&'a [u8]> {
        self.signature
    }
}

/// Whether `der` looks like an `OCSPResponse`: a SEQUENCE whose first element is an
/// ENUMERATED (no certificate, CRL, CSR or attribute certificate starts so). Only the first
/// two headers are looked at, so that a truncated response is still recognised and its own
/// parser reports the error.
#[must_use]
pub fn looks_like_response(der: &[u8]) -> bool {
    let header_len = match der {
        [0x30, l, ..] if *l < 0x80 => 2,
        [0x30, l, ..] => 2 + usize::from(*l & 0x7f),
        _ => return false,
    };
    der.get(header_len) == Some(&0x0a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A DER TLV with a short or long length.
    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut v = vec![tag];
        match body.len() {
            n @ 0..0x80 => v.push(n as u8),
            n @ 0x80..0x100 => v.extend([0x81, n as u8]),
            n => v.extend([0x82, (n >> 8) as u8, n as u8]),
        }
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn rfc6960_4_2_1_unsuccessful_status_without_bytes() {
        // tryLater: SEQUENCE { ENUMERATED 3 }
        let r = OcspResponse::from_der(&[0x30, 0x03, 0x0a, 0x01, 0x03]).unwrap();
        assert_eq!(r.status(), ResponseStatus::TryLater);
        assert!(r.basic().is_none());
    }

    #[test]
    fn rfc6960_4_2_1_undefined_status_value() {
        // 4 is not used by OCSPResponseStatus.
        let e = OcspResponse::from_der(&[0x30, 0x03, 0x0a, 0x01, 0x04]).unwrap_err();
        assert_eq!((e.kind(), e.offset(), e.clause()), (ErrorKind::UndefinedEnumValue, 2, RESPONSE));
        assert_eq!(e.path(), "responseStatus");
    }

    #[test]
    fn x690_8_4_bad_enumerated_encoding() {
        // ENUMERATED 0 with a redundant leading octet (X.690 8.3.2 via 8.4).
        let e = OcspResponse::from_der(&[0x30, 0x04, 0x0a, 0x02, 0x00, 0x00]).unwrap_err();
        assert!(e.clause().starts_with("X.690"), "{e}");
        assert_eq!(e.offset(), 2);
        // An INTEGER where the ENUMERATED belongs.
        let e = OcspResponse::from_der(&[0x30, 0x03, 0x02, 0x01, 0x00]).unwrap_err();
        assert_eq!((e.kind(), e.offset(), e.clause()), (ErrorKind::UnexpectedTag, 2, RESPONSE));
    }

    #[test]
    fn rfc6960_4_2_1_successful_needs_response_bytes() {
        let e = OcspResponse::from_der(&[0x30, 0x03, 0x0a, 0x01, 0x00]).unwrap_err();
        assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::MissingField, 5, "responseBytes"));
        // ...and an error status must not have them.
        let bytes = tlv(0xa0, &tlv(0x30, &[]));
        let der = tlv(0x30, &[&[0x0a, 0x01, 0x06][..], &bytes].concat());
        let e = OcspResponse::from_der(&der).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::UnexpectedField, 5));
    }

    #[test]
    fn rfc6960_4_2_1_wrong_response_type() {
        // responseType id-pkix-ocsp-nonce (1.3.6.1.5.5.7.48.1.2) instead of id-pkix-ocsp-basic.
        let oid = tlv(0x06, &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02]);
        let bytes = tlv(0xa0, &tlv(0x30, &[oid, tlv(0x04, &[0x30, 0x00])].concat()));
        let der = tlv(0x30, &[&[0x0a, 0x01, 0x00][..], &bytes].concat());
        let e = OcspResponse::from_der(&der).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnsupportedResponseType);
        // 30 len | 0a 01 00 | a0 len | 30 len | 06 ...: the OID starts at offset 9.
        assert_eq!((e.offset(), e.path()), (9, "responseBytes.responseType"));
    }

    #[test]
    fn rfc6960_4_2_1_inner_errors_have_absolute_offsets() {
        let der = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../vectors/ocsp/good-issuer-sha1-byname.der"
        ))
        .unwrap();
        let ok = OcspResponse::from_der(&der).unwrap();
        let basic = ok.basic().unwrap();
        // Find producedAt (GeneralizedTime right after the responderID) and break its tag.
        let at = der.len() - basic.raw().len();
        let tbs_at = at + (basic.tbs_raw().as_ptr() as usize - basic.raw().as_ptr() as usize);
        let pos = (tbs_at..der.len()).find(|&i| der[i] == 0x18 && der[i + 1] == 0x0f).unwrap();
        let mut bad = der.clone();
        bad[pos] = 0x17; // UTCTime: RFC 6960 requires GeneralizedTime.
        let e = OcspResponse::from_der(&bad).unwrap_err();
        assert_eq!((e.kind(), e.offset(), e.clause()), (ErrorKind::UnexpectedTag, pos, RESPONSE));
        assert_eq!(e.path(), "responseBytes.response.tbsResponseData.producedAt");
    }

    #[test]
    fn x690_8_1_truncated_response() {
        let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/ocsp/good-sha512.der"))
            .unwrap();
        for n in [0, 1, 2, 10, der.len() / 2, der.len() - 1] {
            let e = OcspResponse::from_der(&der[..n]).unwrap_err();
            assert!(e.clause().starts_with("X.690"), "{n}: {e}");
        }
    }

    #[test]
    fn looks_like_response_on_truncated_input() {
        let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/ocsp/good-sha512.der"))
            .unwrap();
        assert!(looks_like_response(&der) && looks_like_response(&der[..5]));
        assert!(!looks_like_response(&der[..4]) && !looks_like_response(&[]));
        let cert =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/ocsp/root.der")).unwrap();
        assert!(!looks_like_response(&cert));
    }

    #[test]
    fn limits_max_ocsp_responses() {
        let der =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/ocsp/ossl-sha1.der")).unwrap();
        assert_eq!(OcspResponse::from_der(&der).unwrap().basic().unwrap().response_count(), 2);
        let tight = Limits { max_ocsp_responses: 1, ..Limits::default() };
        let e = OcspResponse::from_der_with(&der, &tight).unwrap_err();
        assert_eq!(e.clause(), "limit: max_ocsp_responses");
    }
}
