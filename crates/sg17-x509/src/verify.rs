//! Signature verification (RFC 5280 4.1.1.3, 5.1.1.3; RFC 2986 4.2) behind a small trait,
//! with a RustCrypto backend: RSA PKCS #1 v1.5 and PSS (RFC 8017, RFC 4055), ECDSA on
//! P-256, P-384 and P-521 (RFC 5758 3.2, RFC 5480), Ed25519 and Ed448 (RFC 8410), DSA with
//! SHA-1 and SHA-256 (RFC 3279 2.2.2, RFC 5758 3.1), SHA-1 for legacy and SHA-2.
//!
//! DSA keys whose AlgorithmIdentifier has no parameters inherit them from their issuer
//! (RFC 3279 2.3.2); a single signature check cannot see the issuer's issuer, so such keys are
//! reported as [`VerifyError::UnsupportedAlgorithm`].

use crate::algorithm::AlgorithmIdentifier;
use crate::oids;
use crate::public_key::{PublicKey, SubjectPublicKeyInfo};
use crate::{Certificate, Crl, Csr};
use core::fmt;
use sha2::Digest;
use signature::Verifier;

/// Why a signature did not verify.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The signature algorithm (or its parameters) is not supported by the backend.
    UnsupportedAlgorithm(String),
    /// signatureAlgorithm differs from the signature field of the signed data
    /// (RFC 5280 4.1.1.2, 5.1.1.2).
    AlgorithmMismatch,
    /// The key does not suit the algorithm, or does not decode.
    InvalidKey,
    /// The signature is malformed or does not match.
    BadSignature,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::UnsupportedAlgorithm(a) => write!(f, "unsupported signature algorithm {a}"),
            VerifyError::AlgorithmMismatch => {
                f.write_str("RFC 5280 4.1.1.2: signatureAlgorithm differs from tbs signature")
            }
            VerifyError::InvalidKey => f.write_str("public key unusable with the signature algorithm"),
            VerifyError::BadSignature => f.write_str("signature does not verify"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// A signature verification backend.
pub trait SignatureVerifier {
    /// Verifies `signature` over `message` made with `algorithm` by the holder of `key`.
    fn verify(
        &self,
        algorithm: &AlgorithmIdentifier<'_>,
        key: &SubjectPublicKeyInfo<'_>,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError>;
}

/// The RustCrypto backend (`rsa`, `p256`, `p384`, `p521`, `ed25519-dalek`, `ed448-goldilocks`,
/// `dsa`, `sha1`, `sha2`).
#[derive(Clone, Copy, Debug, Default)]
pub struct RustCrypto;

#[derive(Clone, Copy)]
enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

fn digest(h: Hash, m: &[u8]) -> Vec<u8> {
    match h {
        Hash::Sha1 => sha1::Sha1::digest(m).to_vec(),
        Hash::Sha256 => sha2::Sha256::digest(m).to_vec(),
        Hash::Sha384 => sha2::Sha384::digest(m).to_vec(),
        Hash::Sha512 => sha2::Sha512::digest(m).to_vec(),
    }
}

fn hash_of_oid(o: Option<sg17_asn1::ObjectIdentifier<'_>>) -> Option<Hash> {
    match o {
        None => Some(Hash::Sha1),
        Some(o) if oids::SHA1.matches(&o) => Some(Hash::Sha1),
        Some(o) if oids::SHA256.matches(&o) => Some(Hash::Sha256),
        Some(o) if oids::SHA384.matches(&o) => Some(Hash::Sha384),
        Some(o) if oids::SHA512.matches(&o) => Some(Hash::Sha512),
        _ => None,
    }
}

fn rsa_key(key: &SubjectPublicKeyInfo<'_>) -> Result<rsa::PublicKey, VerifyError> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    if !matches!(key.parsed(), Ok(PublicKey::Rsa { .. })) {
        return Err(VerifyError::InvalidKey);
    }
    rsa::PublicKey::from_pkcs1_der(key.key_bytes()).map_err(|_| VerifyError::InvalidKey)
}

fn pkcs1<D>(k: rsa::PublicKey, m: &[u8], s: &[u8]) -> Result<(), VerifyError>
where
    D: Digest + const_oid_bound::AssociatedOid,
{
    let sig = rsa::pkcs1v15::Signature::try_from(s).map_err(|_| VerifyError::BadSignature)?;
    rsa::pkcs1v15::VerifyingKey::<D>::new(k).verify(m, &sig).map_err(|_| VerifyError::BadSignature)
}

fn pss<D: Digest + sha2::digest::FixedOutputReset>(
    k: rsa::PublicKey,
    salt: usize,
    m: &[u8],
    s: &[u8],
) -> Result<(), VerifyError> {
    let sig = rsa::pss::Signature::try_from(s).map_err(|_| VerifyError::BadSignature)?;
    rsa::pss::VerifyingKey::<D>::new_with_salt_len(k, salt)
        .verify(m, &sig)
        .map_err(|_| VerifyError::BadSignature)
}

mod const_oid_bound {
    pub(crate) use rsa::pkcs8::spki::der::oid::AssociatedOid;
}

fn ecdsa(key: &SubjectPublicKeyInfo<'_>, h: Hash, m: &[u8], s: &[u8]) -> Result<(), VerifyError> {
    use signature::hazmat::PrehashVerifier;
    let Ok(PublicKey::Ec { curve: Some(c), point }) = key.parsed() else {
        return Err(VerifyError::InvalidKey);
    };
    let prehash = digest(h, m);
    if oids::SECP256R1.matches(&c) {
        let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| VerifyError::InvalidKey)?;
        let sig = p256::ecdsa::Signature::from_der(s).map_err(|_| VerifyError::BadSignature)?;
        vk.verify_prehash(&prehash, &sig).map_err(|_| VerifyError::BadSignature)
    } else if oids::SECP384R1.matches(&c) {
        let vk = p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| VerifyError::InvalidKey)?;
        let sig = p384::ecdsa::Signature::from_der(s).map_err(|_| VerifyError::BadSignature)?;
        vk.verify_prehash(&prehash, &sig).map_err(|_| VerifyError::BadSignature)
    } else if oids::SECP521R1.matches(&c) {
        // FIPS 186-5 6.4.2: a digest shorter than the order (SHA-256/384 on P-521) is used
        // as is; the backend widens it.
        let vk = p521::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| VerifyError::InvalidKey)?;
        let sig = p521::ecdsa::Signature::from_der(s).map_err(|_| VerifyError::BadSignature)?;
        vk.verify_prehash(&prehash, &sig).map_err(|_| VerifyError::BadSignature)
    } else {
        Err(VerifyError::UnsupportedAlgorithm(oids::name_or_dotted(&c)))
    }
}

/// DSA (FIPS 186-4 4.7) over `h(m)`. The key's Dss-Parms (RFC 3279 2.3.2) must be present:
/// inherited parameters need the issuer chain, which the path validator holds.
fn dsa(key: &SubjectPublicKeyInfo<'_>, h: Hash, m: &[u8], s: &[u8]) -> Result<(), VerifyError> {
    use dsa::pkcs8::der::Decode;
    use signature::hazmat::PrehashVerifier;
    if !key.algorithm().is(oids::DSA) {
        return Err(VerifyError::InvalidKey);
    }
    match key.algorithm().parameters() {
        Some(p) if p.tag() == sg17_asn1::Tag::SEQUENCE => {}
        Some(p) if p.tag() != sg17_asn1::Tag::NULL => return Err(VerifyError::InvalidKey),
        _ => {
            return Err(VerifyError::UnsupportedAlgorithm(
                "DSA key without parameters (inherited from the issuer, RFC 3279 2.3.2)".into(),
            ));
        }
    }
    // The `dsa` crate accepts only the FIPS 186-4 4.2 (L, N) sizes (and 1024/160), which
    // also bounds the modular exponentiation a hostile key can ask for.
    let spki = dsa::pkcs8::spki::SubjectPublicKeyInfoRef::from_der(key.raw())
        .map_err(|_| VerifyError::InvalidKey)?;
    let vk = dsa::VerifyingKey::try_from(spki).map_err(|_| VerifyError::InvalidKey)?;
    let sig = dsa::Signature::try_from(s).map_err(|_| VerifyError::BadSignature)?;
    vk.verify_prehash(&digest(h, m), &sig).map_err(|_| VerifyError::BadSignature)
}

impl SignatureVerifier for RustCrypto {
    fn verify(
        &self,
        alg: &AlgorithmIdentifier<'_>,
        key: &SubjectPublicKeyInfo<'_>,
        m: &[u8],
        s: &[u8],
    ) -> Result<(), VerifyError> {
        if alg.is(oids::SHA1_WITH_RSA) {
            return pkcs1::<sha1::Sha1>(rsa_key(key)?, m, s);
        }
        if alg.is(oids::SHA256_WITH_RSA) {
            return pkcs1::<sha2::Sha256>(rsa_key(key)?, m, s);
        }
        if alg.is(oids::SHA384_WITH_RSA) {
            return pkcs1::<sha2::Sha384>(rsa_key(key)?, m, s);
        }
        if alg.is(oids::SHA512_WITH_RSA) {
            return pkcs1::<sha2::Sha512>(rsa_key(key)?, m, s);
        }
        if let Some(p) = alg.pss_params() {
            // RFC 4055 3.1: the MGF1 hash is expected to equal the message hash.
            let p = p.map_err(|_| VerifyError::UnsupportedAlgorithm("rsassaPss".into()))?;
            let (Some(h), Some(mh)) = (hash_of_oid(p.hash), hash_of_oid(p.mgf_hash)) else {
                return Err(VerifyError::UnsupportedAlgorithm("rsassaPss".into()));
            };
            if core::mem::discriminant(&h) != core::mem::discriminant(&mh) || p.trailer_field != 1 {
                return Err(VerifyError::UnsupportedAlgorithm("rsassaPss".into()));
            }
            let k = rsa_key(key)?;
            let salt = p.salt_len as usize;
            return match h {
                Hash::Sha1 => pss::<sha1::Sha1>(k, salt, m, s),
                Hash::Sha256 => pss::<sha2::Sha256>(k, salt, m, s),
                Hash::Sha384 => pss::<sha2::Sha384>(k, salt, m, s),
                Hash::Sha512 => pss::<sha2::Sha512>(k, salt, m, s),
            };
        }
        let ec_hash = [
            (oids::ECDSA_WITH_SHA1, Hash::Sha1),
            (oids::ECDSA_WITH_SHA256, Hash::Sha256),
            (oids::ECDSA_WITH_SHA384, Hash::Sha384),
            (oids::ECDSA_WITH_SHA512, Hash::Sha512),
        ];
        if let Some((_, h)) = ec_hash.iter().find(|(o, _)| alg.is(*o)) {
            return ecdsa(key, *h, m, s);
        }
        if alg.is(oids::ED25519) {
            let Ok(PublicKey::Ed25519(k)) = key.parsed() else { return Err(VerifyError::InvalidKey) };
            let k: [u8; 32] = k.try_into().map_err(|_| VerifyError::InvalidKey)?;
            let vk = ed25519_dalek::VerifyingKey::from_bytes(&k).map_err(|_| VerifyError::InvalidKey)?;
            let sig = ed25519_dalek::Signature::from_slice(s).map_err(|_| VerifyError::BadSignature)?;
            return vk.verify_strict(m, &sig).map_err(|_| VerifyError::BadSignature);
        }
        if alg.is(oids::ED448) {
            // RFC 8410 3: parameters absent; RFC 8032 5.2 (pure Ed448, empty context).
            if alg.parameters().is_some() {
                return Err(VerifyError::UnsupportedAlgorithm("ED448 with parameters".into()));
            }
            let Ok(PublicKey::Ed448(k)) = key.parsed() else { return Err(VerifyError::InvalidKey) };
            let k: &[u8; 57] = k.try_into().map_err(|_| VerifyError::InvalidKey)?;
            let vk = ed448_goldilocks::VerifyingKey::from_bytes(k).map_err(|_| VerifyError::InvalidKey)?;
            let sig = ed448_goldilocks::Signature::from_slice(s).map_err(|_| VerifyError::BadSignature)?;
            return vk.verify_raw(&sig, m).map_err(|_| VerifyError::BadSignature);
        }
        if alg.is(oids::DSA_WITH_SHA1) {
            return dsa(key, Hash::Sha1, m, s);
        }
        if alg.is(oids::DSA_WITH_SHA256) {
            return dsa(key, Hash::Sha256, m, s);
        }
        Err(VerifyError::UnsupportedAlgorithm(alg.name()))
    }
}

impl Certificate<'_> {
    /// Verifies the certificate's signature with `issuer_key` (RFC 5280 4.1.1.3), after
    /// checking that signatureAlgorithm equals the tbs signature field (RFC 5280 4.1.1.2).
    ///
    /// ```
    /// use sg17_x509::Certificate;
    /// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"))?;
    /// let root = Certificate::from_der(&der)?;
    /// root.verify_signature(root.public_key())?; // self-signed
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify_signature(&self, issuer_key: &SubjectPublicKeyInfo<'_>) -> Result<(), VerifyError> {
        self.verify_signature_with(&RustCrypto, issuer_key)
    }
    /// [`Certificate::verify_signature`] with another backend.
    pub fn verify_signature_with(
        &self,
        backend: &impl SignatureVerifier,
        issuer_key: &SubjectPublicKeyInfo<'_>,
    ) -> Result<(), VerifyError> {
        if self.signature_algorithm() != self.tbs_signature_algorithm() {
            return Err(VerifyError::AlgorithmMismatch);
        }
        backend.verify(self.signature_algorithm(), issuer_key, self.tbs_raw(), self.signature())
    }
}

impl Crl<'_> {
    /// Verifies the CRL's signature with `issuer_key` (RFC 5280 5.1.1.3).
    pub fn verify_signature(&self, issuer_key: &SubjectPublicKeyInfo<'_>) -> Result<(), VerifyError> {
        if self.signature_algorithm() != self.tbs_signature_algorithm() {
            return Err(VerifyError::AlgorithmMismatch);
        }
        RustCrypto.verify(self.signature_algorithm(), issuer_key, self.tbs_raw(), self.signature())
    }
}

impl Csr<'_> {
    /// Verifies the request's self-signature with its own key (RFC 2986 4.2).
    pub fn verify_signature(&self) -> Result<(), VerifyError> {
        RustCrypto.verify(self.signature_algorithm(), self.public_key(), self.tbs_raw(), self.signature())
    }
}
