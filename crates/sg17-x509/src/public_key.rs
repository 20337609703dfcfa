//! `SubjectPublicKeyInfo` (RFC 5280 4.1.2.7) and the key types of RFC 3279, RFC 5480 and
//! RFC 8410.

use crate::algorithm::AlgorithmIdentifier;
use crate::der::{Fields, expect};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::oids;
use sg17_asn1::{ObjectIdentifier, Tag, Tlv};

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }`
/// (RFC 5280 4.1.2.7).
///
/// ```
/// use sg17_x509::{Certificate, PublicKey};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"))?;
/// let cert = Certificate::from_der(&der)?;
/// let spki = cert.public_key();
/// assert_eq!(spki.algorithm().name(), "rsaEncryption");
/// assert_eq!(spki.bits(), Some(2048));
/// let PublicKey::Rsa { exponent, .. } = spki.parsed()? else { panic!() };
/// assert_eq!(exponent, [0x01, 0x00, 0x01]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SubjectPublicKeyInfo<'a> {
    raw: &'a [u8],
    algorithm: AlgorithmIdentifier<'a>,
    key: &'a [u8],
    key_offset: usize,
}

/// A decoded public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey<'a> {
    /// RSA (RFC 8017 A.1.1): modulus and exponent, big-endian without leading zeros.
    Rsa {
        /// n.
        modulus: &'a [u8],
        /// e.
        exponent: &'a [u8],
    },
    /// Elliptic curve (RFC 5480 2.1.1): named curve (`None` for explicit parameters) and
    /// the encoded point.
    Ec {
        /// namedCurve.
        curve: Option<ObjectIdentifier<'a>>,
        /// ECPoint octets (SEC 1 2.3.3).
        point: &'a [u8],
    },
    /// Ed25519 (RFC 8410 4): 32 octets.
    Ed25519(&'a [u8]),
    /// Ed448 (RFC 8410 4): 57 octets.
    Ed448(&'a [u8]),
    /// DSA (RFC 3279 2.3.2): the public value y (parameters in the AlgorithmIdentifier).
    Dsa {
        /// y.
        y: &'a [u8],
        /// p, if parameters are present.
        p: Option<&'a [u8]>,
    },
    /// Any other algorithm: the raw subjectPublicKey bits.
    Other(&'a [u8]),
}

fn unsigned(i: sg17_asn1::Integer<'_>) -> &[u8] {
    let b = i.as_bytes();
    if b.len() > 1 && b[0] == 0 { &b[1..] } else { b }
}

fn bits_of(b: &[u8]) -> usize {
    match b.iter().position(|&x| x != 0) {
        Some(i) => (b.len() - i) * 8 - b[i].leading_zeros() as usize,
        None => 0,
    }
}

impl<'a> SubjectPublicKeyInfo<'a> {
    pub(crate) fn decode(tlv: &Tlv<'a>) -> Result<Self> {
        const CLAUSE: &str = "RFC 5280 4.1.2.7";
        expect(tlv, Tag::SEQUENCE, CLAUSE)?;
        let mut f = Fields::of(tlv, CLAUSE)?;
        let algorithm = AlgorithmIdentifier::decode(&f.any()?).at("algorithm")?;
        let bits = f.req(Tag::BIT_STRING).at("subjectPublicKey")?;
        let bs = crate::der::bit_string(&bits).at("subjectPublicKey")?;
        f.finish()?;
        let key = &bits.contents()[1..];
        if bs.unused_bits() != 0 {
            return Err(Error::new(ErrorKind::InvalidAlgorithmParameters, bits.offset(), CLAUSE)
                .in_path("subjectPublicKey"));
        }
        Ok(SubjectPublicKeyInfo { raw: tlv.raw(), algorithm, key, key_offset: bits.contents_offset() + 1 })
    }
    /// Decodes a stand-alone DER SubjectPublicKeyInfo.
    pub fn from_der(der: &'a [u8]) -> Result<Self> {
        Self::decode(&crate::der::one(der, sg17_asn1::Limits::default())?)
    }
    /// The DER encoding.
    #[must_use]
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }
    /// The key algorithm.
    #[must_use]
    pub const fn algorithm(&self) -> &AlgorithmIdentifier<'a> {
        &self.algorithm
    }
    /// The subjectPublicKey bits (whole octets).
    #[must_use]
    pub const fn key_bytes(&self) -> &'a [u8] {
        self.key
    }

    /// Decodes the key according to its algorithm.
    pub fn parsed(&self) -> Result<PublicKey<'a>> {
        let a = &self.algorithm;
        if a.is(oids::RSA_ENCRYPTION) || a.is(oids::RSASSA_PSS) {
            const CLAUSE: &str = "RFC 8017 A.1.1";
            let mut r = sg17_asn1::Reader::new(self.key, sg17_asn1::EncodingRules::Der);
            let seq = r.read_required().map_err(|e| Error::from(e).rebase(self.key_offset))?;
            r.finish().map_err(|e| Error::from(e).rebase(self.key_offset))?;
            let res: Result<PublicKey<'a>> = (|| {
                expect(&seq, Tag::SEQUENCE, CLAUSE)?;
                let mut f = Fields::of(&seq, CLAUSE)?;
                let n = crate::der::integer(&f.req(Tag::INTEGER)?)?;
                let e = crate::der::integer(&f.req(Tag::INTEGER)?)?;
                f.finish()?;
                if n.is_negative() || e.is_negative() {
                    return Err(Error::new(ErrorKind::InvalidAlgorithmParameters, seq.offset(), CLAUSE));
                }
                Ok(PublicKey::Rsa { modulus: unsigned(n), exponent: unsigned(e) })
            })();
            return res.map_err(|e| e.rebase(self.key_offset)).at("subjectPublicKey");
        }
        if a.is(oids::EC_PUBLIC_KEY) {
            let curve = match a.parameters() {
                Some(p) if p.tag() == Tag::OBJECT_IDENTIFIER => Some(crate::der::oid(&p)?),
                Some(_) => None,
                None => return Err(Error::new(ErrorKind::InvalidAlgorithmParameters, 0, "RFC 5480 2.1.1")),
            };
            return Ok(PublicKey::Ec { curve, point: self.key });
        }
        if a.is(oids::ED25519) {
            if self.key.len() != 32 || a.parameters().is_some() {
                return Err(Error::new(ErrorKind::InvalidAlgorithmParameters, self.key_offset, "RFC 8410 4"));
            }
            return Ok(PublicKey::Ed25519(self.key));
        }
        if a.is(oids::ED448) {
            if self.key.len() != 57 || a.parameters().is_some() {
                return Err(Error::new(ErrorKind::InvalidAlgorithmParameters, self.key_offset, "RFC 8410 4"));
            }
            return Ok(PublicKey::Ed448(self.key));
        }
        if a.is(oids::DSA) {
            let y = crate::der::one(self.key, sg17_asn1::Limits::default())
                .map_err(|e| e.rebase(self.key_offset))?;
            let y = crate::der::integer(&y).map_err(|e| e.rebase(self.key_offset))?;
            let p = match a.parameters() {
                Some(params) if params.tag() == Tag::SEQUENCE => {
                    let mut f = Fields::of(&params, "RFC 3279 2.3.2")?;
                    Some(unsigned(crate::der::integer(&f.req(Tag::INTEGER)?)?))
                }
                _ => None,
            };
            return Ok(PublicKey::Dsa { y: unsigned(y), p });
        }
        Ok(PublicKey::Other(self.key))
    }

    /// Key size in bits as openssl reports it (modulus bits, curve order bits, prime bits).
    #[must_use]
    pub fn bits(&self) -> Option<usize> {
        match self.parsed().ok()? {
            PublicKey::Rsa { modulus, .. } => Some(bits_of(modulus)),
            PublicKey::Ec { curve: Some(c), .. } => {
                if oids::SECP256R1.matches(&c) {
                    Some(256)
                } else if oids::SECP384R1.matches(&c) {
                    Some(384)
                } else if oids::SECP521R1.matches(&c) {
                    Some(521)
                } else {
                    None
                }
            }
            PublicKey::Ed25519(_) => Some(256),
            PublicKey::Ed448(_) => Some(456),
            PublicKey::Dsa { p: Some(p), .. } => Some(bits_of(p)),
            _ => None,
        }
    }
}
