//! The SIGNED envelope shared by certificates, CRLs and CSRs (X.509 (10/2019) clause 6.1):
//! `SEQUENCE { tbs, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }`.

use crate::Limits;
use crate::algorithm::AlgorithmIdentifier;
use crate::der::{Fields, expect};
use crate::error::{PathExt, Result};
use sg17_asn1::{BitString, Tag, Tlv};

/// The parts of a signed object's outer SEQUENCE; the caller decodes `tbs`.
pub(crate) struct SignedData<'a> {
    /// The to-be-signed SEQUENCE (tbsCertificate, tbsCertList, certificationRequestInfo).
    pub(crate) tbs: Tlv<'a>,
    /// signatureAlgorithm.
    pub(crate) signature_algorithm: AlgorithmIdentifier<'a>,
    /// signatureValue bits; empty if the BIT STRING had unused bits.
    pub(crate) signature: &'a [u8],
}

impl<'a> SignedData<'a> {
    /// Reads the envelope of `der`; `tbs_name` is the field path of the to-be-signed part and
    /// `clause` the rule an outer-structure error cites.
    pub(crate) fn parse(
        der: &'a [u8],
        limits: &Limits,
        tbs_name: &str,
        clause: &'static str,
    ) -> Result<Self> {
        let outer = crate::der::one(der, limits.asn1)?;
        expect(&outer, Tag::SEQUENCE, clause)?;
        let mut f = Fields::of(&outer, clause)?;
        let tbs = f.req(Tag::SEQUENCE).at(tbs_name)?;
        let signature_algorithm =
            AlgorithmIdentifier::decode(&f.any().at("signatureAlgorithm")?).at("signatureAlgorithm")?;
        let sig = f.req(Tag::BIT_STRING).at("signatureValue")?;
        let bs: BitString<'_> = crate::der::bit_string(&sig).at("signatureValue")?;
        f.finish()?;
        let signature = if bs.unused_bits() == 0 { &sig.contents()[1..] } else { &[][..] };
        Ok(SignedData { tbs, signature_algorithm, signature })
    }
}

/// The constructors and envelope accessors every signed type has alike: `from_der`, `raw`,
/// `tbs_raw`, `signature_algorithm` and `signature`, reading the fields `raw`, `$tbs`,
/// `signature_algorithm` and `signature` of `Self`.
macro_rules! signed_accessors {
    (
        what: $what:literal,
        tbs: $tbs:ident,
        tbs_doc: $tbs_doc:literal,
        alg_doc: $alg_doc:literal,
        sig_doc: $sig_doc:literal $(,)?
    ) => {
        #[doc = concat!("Parses a DER ", $what, " with default [`Limits`].")]
        pub fn from_der(der: &'a [u8]) -> Result<Self> {
            Self::from_der_with(der, &Limits::default())
        }
        /// The whole DER encoding.
        #[must_use]
        pub const fn raw(&self) -> &'a [u8] {
            self.raw
        }
        #[doc = $tbs_doc]
        #[must_use]
        pub const fn tbs_raw(&self) -> &'a [u8] {
            self.$tbs
        }
        #[doc = $alg_doc]
        #[must_use]
        pub const fn signature_algorithm(&self) -> &AlgorithmIdentifier<'a> {
            &self.signature_algorithm
        }
        #[doc = $sig_doc]
        #[must_use]
        pub const fn signature(&self) -> &'a [u8] {
            self.signature
        }
    };
}
pub(crate) use signed_accessors;
