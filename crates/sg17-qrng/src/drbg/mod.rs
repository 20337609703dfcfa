//! Deterministic random bit generators of NIST SP 800-90A Rev. 1.
//!
//! Three mechanisms are provided:
//!
//! * [`HashDrbg`]: Hash_DRBG, SP 800-90A Rev. 1 clause 10.1.1, SHA-256 or SHA-512;
//! * [`HmacDrbg`]: HMAC_DRBG, SP 800-90A Rev. 1 clause 10.1.2, SHA-256 or SHA-512;
//! * [`CtrDrbg`]: CTR_DRBG, SP 800-90A Rev. 1 clause 10.2.1, AES-128 or AES-256, with or
//!   without the Block_Cipher_df derivation function (clause 10.3.2).
//!
//! All expose the mechanism-level functions (instantiate, reseed, generate)
//! with the entropy input passed in by the caller, which is what the NIST
//! CAVP vectors exercise. The [`crate::QuantumRng`] pipeline plays the role
//! of the SP 800-90A clause 9 "functions" that obtain entropy input from the
//! entropy source, handle the reseed interval and prediction resistance.
//!
//! ```
//! use sg17_qrng::drbg::{Drbg, HmacDrbg};
//! use sha2::Sha256;
//!
//! let entropy = [0x11u8; 32];
//! let nonce = [0x22u8; 16];
//! let mut drbg = HmacDrbg::<Sha256>::instantiate(&entropy, &nonce, b"my app")?;
//! let mut out = [0u8; 64];
//! drbg.generate(&mut out, &[])?;
//! assert_ne!(out, [0u8; 64]);
//! # Ok::<(), sg17_qrng::drbg::DrbgError>(())
//! ```

/// Implements, for a hash-based mechanism `$ty<H>` holding its reseed
/// bookkeeping in a `reseed: ReseedState` field, the inherent
/// `with_reseed_interval` builder and the `Debug` impl that both share.
macro_rules! impl_drbg_common {
    ($ty:ident) => {
        impl<H: DrbgHash> $ty<H> {
            /// Sets the reseed interval in generate requests (1..=2^48).
            ///
            /// # Errors
            /// [`DrbgError::ReseedIntervalOutOfRange`].
            pub fn with_reseed_interval(mut self, interval: u64) -> Result<Self, DrbgError> {
                self.set_reseed_interval(interval)?;
                Ok(self)
            }
        }

        impl<H: DrbgHash> core::fmt::Debug for $ty<H> {
            /// Shows the mechanism and counters, never the secret state.
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($ty))
                    .field("hash", &H::NAME)
                    .field("reseed_counter", &self.reseed.counter)
                    .field("reseed_interval", &self.reseed.interval)
                    .finish_non_exhaustive()
            }
        }
    };
}

/// The [`Drbg`] methods all mechanisms share (security strength and the
/// reseed counter), for use inside the `impl Drbg` block of a mechanism
/// `$ty<$p>` with a `reseed: ReseedState` field, where `$p::SECURITY_STRENGTH`
/// is the security strength.
macro_rules! drbg_common_methods {
    ($p:ident) => {
        fn security_strength(&self) -> usize {
            $p::SECURITY_STRENGTH
        }

        fn reseed_counter(&self) -> u64 {
            self.reseed.counter
        }

        fn reseed_interval(&self) -> u64 {
            self.reseed.interval
        }

        fn set_reseed_interval(&mut self, interval: u64) -> Result<(), DrbgError> {
            self.reseed.set_interval(interval)
        }
    };
}

mod ctr_drbg;
mod hash_drbg;
mod hashgen;
mod hmac_drbg;

pub use ctr_drbg::{CtrCipher, CtrDrbg};
pub use hash_drbg::{HashDrbg, hash_df};
pub use hmac_drbg::HmacDrbg;

use core::fmt;
use core::str::FromStr;
use hmac::{KeyInit, Mac};
use sha2::Digest;

/// Largest number of bits one generate request may return
/// (`max_number_of_bits_per_request`, SP 800-90A Rev. 1 clause 10.1, Table 2).
pub const MAX_BITS_PER_REQUEST: usize = 1 << 19;

/// Largest number of bytes one generate request may return (2^19 bits).
pub const MAX_BYTES_PER_REQUEST: usize = MAX_BITS_PER_REQUEST / 8;

/// Largest allowed reseed interval, in generate requests
/// (SP 800-90A Rev. 1 clause 10.1, Table 2: 2^48).
pub const MAX_RESEED_INTERVAL: u64 = 1 << 48;

/// Largest entropy input, personalization string or additional input, in bits
/// (SP 800-90A Rev. 1 clause 10.1, Table 2: 2^35 bits).
pub const MAX_INPUT_BITS: u64 = 1 << 35;

mod sealed {
    /// Seals [`super::DrbgHash`] and carries its crate-internal parts.
    pub trait Sealed {
        /// Hashgen of SP 800-90A Rev. 1 clause 10.1.1.4: fills `out` with
        /// `Hash(V) || Hash(V + 1) || ...`, `v` being `seedlen` bits.
        fn hashgen(v: &[u8], out: &mut [u8]);
    }
    impl Sealed for sha2::Sha256 {
        fn hashgen(v: &[u8], out: &mut [u8]) {
            super::hashgen::hashgen_sha256(v, out);
        }
    }
    impl Sealed for sha2::Sha512 {
        fn hashgen(v: &[u8], out: &mut [u8]) {
            super::hashgen::hashgen_sha512(v, out);
        }
    }
}

/// A hash function approved for Hash_DRBG and HMAC_DRBG, with the parameters
/// of SP 800-90A Rev. 1 clause 10.1, Table 2.
///
/// Implemented for [`sha2::Sha256`] and [`sha2::Sha512`]; sealed.
pub trait DrbgHash: sealed::Sealed + Send + Sync + 'static {
    /// Name as used in CAVP files, e.g. `SHA-256`.
    const NAME: &'static str;
    /// Output length of the hash function in bytes (`outlen` / 8).
    const OUT_LEN: usize;
    /// Hash_DRBG seed length in bytes (`seedlen` / 8: 440 bits for SHA-256,
    /// 888 bits for SHA-512).
    const SEED_LEN: usize;
    /// Highest supported security strength in bits (256 for both).
    const SECURITY_STRENGTH: usize;
    /// Display name of Hash_DRBG over this hash.
    const HASH_DRBG_NAME: &'static str;
    /// Display name of HMAC_DRBG over this hash.
    const HMAC_DRBG_NAME: &'static str;
    /// The RustCrypto hash implementation.
    type Hasher: Digest + Clone + Send;
    /// The RustCrypto HMAC implementation over [`Self::Hasher`].
    type Hmac: Mac + KeyInit + Clone + Send;
}

impl DrbgHash for sha2::Sha256 {
    const NAME: &'static str = "SHA-256";
    const OUT_LEN: usize = 32;
    const SEED_LEN: usize = 440 / 8;
    const SECURITY_STRENGTH: usize = 256;
    const HASH_DRBG_NAME: &'static str = "Hash_DRBG with SHA-256";
    const HMAC_DRBG_NAME: &'static str = "HMAC_DRBG with SHA-256";
    type Hasher = sha2::Sha256;
    type Hmac = hmac::Hmac<sha2::Sha256>;
}

impl DrbgHash for sha2::Sha512 {
    const NAME: &'static str = "SHA-512";
    const OUT_LEN: usize = 64;
    const SEED_LEN: usize = 888 / 8;
    const SECURITY_STRENGTH: usize = 256;
    const HASH_DRBG_NAME: &'static str = "Hash_DRBG with SHA-512";
    const HMAC_DRBG_NAME: &'static str = "HMAC_DRBG with SHA-512";
    type Hasher = sha2::Sha512;
    type Hmac = hmac::Hmac<sha2::Sha512>;
}

/// Errors of the SP 800-90A DRBG mechanisms.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DrbgError {
    /// The entropy input carries fewer bits than the security strength
    /// (SP 800-90A Rev. 1 clause 10.1: `min_length` = security_strength).
    EntropyInputTooShort {
        /// Bits supplied.
        got_bits: u64,
        /// Bits required.
        min_bits: u64,
    },
    /// An input is longer than the 2^35-bit limit of clause 10.1, Table 2.
    InputTooLong {
        /// Which input (`entropy_input`, `personalization_string`, ...).
        input: &'static str,
        /// Its length in bits.
        bits: u64,
    },
    /// A generate request asked for more than 2^19 bits (clause 10.1, Table 2).
    RequestTooLarge {
        /// Bits requested.
        requested_bits: u64,
    },
    /// The reseed counter passed the reseed interval: the caller must reseed
    /// before generating (clause 10.1.1.4 step 1 / 10.1.2.5 step 1).
    ReseedRequired {
        /// The current reseed counter.
        reseed_counter: u64,
    },
    /// The requested reseed interval is 0 or above 2^48 (clause 10.1, Table 2).
    ReseedIntervalOutOfRange {
        /// The rejected interval.
        interval: u64,
    },
    /// An input of CTR_DRBG without a derivation function has a length
    /// outside the range of clause 10.2.1, Table 3 (entropy input exactly
    /// `seedlen`; personalization string and additional input at most
    /// `seedlen`).
    InputLengthOutOfRange {
        /// Which input (`entropy_input`, `personalization_string`, ...).
        input: &'static str,
        /// Its length in bits.
        bits: u64,
        /// Shortest allowed length in bits.
        min_bits: u64,
        /// Longest allowed length in bits.
        max_bits: u64,
    },
}

impl fmt::Display for DrbgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EntropyInputTooShort { got_bits, min_bits } => write!(
                f,
                "entropy input of {got_bits} bits is below the security strength of {min_bits} bits (SP 800-90A 10.1)"
            ),
            Self::InputTooLong { input, bits } => {
                write!(f, "{input} of {bits} bits exceeds the 2^35-bit limit (SP 800-90A 10.1, Table 2)")
            }
            Self::RequestTooLarge { requested_bits } => write!(
                f,
                "request for {requested_bits} bits exceeds max_number_of_bits_per_request = 2^19 (SP 800-90A 10.1, Table 2)"
            ),
            Self::ReseedRequired { reseed_counter } => write!(
                f,
                "reseed required: reseed counter {reseed_counter} exceeds the reseed interval (SP 800-90A 9.3.1)"
            ),
            Self::ReseedIntervalOutOfRange { interval } => {
                write!(f, "reseed interval {interval} is outside 1..=2^48 (SP 800-90A 10.1, Table 2)")
            }
            Self::InputLengthOutOfRange { input, bits, min_bits, max_bits } => write!(
                f,
                "{input} of {bits} bits is outside {min_bits}..={max_bits} bits for CTR_DRBG without a derivation function (SP 800-90A 10.2.1, Table 3)"
            ),
        }
    }
}

impl std::error::Error for DrbgError {}

/// The object-safe interface shared by [`HashDrbg`], [`HmacDrbg`] and
/// [`CtrDrbg`] (SP 800-90A Rev. 1 clauses 9.2, 9.3 at the mechanism level).
///
/// An empty `additional_input` is the `Null` string of SP 800-90A.
pub trait Drbg: Send {
    /// Mechanism name, e.g. `HMAC_DRBG with SHA-256`.
    fn name(&self) -> &'static str;

    /// Security strength in bits of this instantiation.
    fn security_strength(&self) -> usize;

    /// Reseed (clause 10.1.1.3 / 10.1.2.4 / 10.2.1.4).
    ///
    /// # Errors
    /// [`DrbgError::EntropyInputTooShort`] or [`DrbgError::InputTooLong`];
    /// [`DrbgError::InputLengthOutOfRange`] for CTR_DRBG without df.
    fn reseed(&mut self, entropy_input: &[u8], additional_input: &[u8]) -> Result<(), DrbgError>;

    /// Generate `out.len()` bytes (clause 10.1.1.4 / 10.1.2.5 / 10.2.1.5).
    ///
    /// # Errors
    /// [`DrbgError::RequestTooLarge`] beyond 2^19 bits,
    /// [`DrbgError::ReseedRequired`] when the reseed interval is exhausted
    /// (nothing is written then), [`DrbgError::InputTooLong`].
    fn generate(&mut self, out: &mut [u8], additional_input: &[u8]) -> Result<(), DrbgError>;

    /// Generate with prediction resistance (SP 800-90A Rev. 1 clause 9.3.1
    /// step 7): reseed with fresh `entropy_input` and `additional_input`,
    /// then generate with a `Null` additional input.
    ///
    /// # Errors
    /// As [`Drbg::reseed`] and [`Drbg::generate`]; the request size is
    /// checked before the reseed.
    fn generate_with_prediction_resistance(
        &mut self,
        out: &mut [u8],
        entropy_input: &[u8],
        additional_input: &[u8],
    ) -> Result<(), DrbgError> {
        check_request(out.len())?;
        self.reseed(entropy_input, additional_input)?;
        self.generate(out, &[])
    }

    /// Number of generate requests since the last (re)seed, plus one
    /// (the `reseed_counter` of SP 800-90A).
    fn reseed_counter(&self) -> u64;

    /// Generate requests allowed between reseeds.
    fn reseed_interval(&self) -> u64;

    /// Sets the reseed interval (1..=2^48 generate requests).
    ///
    /// # Errors
    /// [`DrbgError::ReseedIntervalOutOfRange`].
    fn set_reseed_interval(&mut self, interval: u64) -> Result<(), DrbgError>;
}

/// Which DRBG mechanism and hash function or block cipher to use.
///
/// Parses from and displays as `hash-sha256`, `hash-sha512`, `hmac-sha256`,
/// `hmac-sha512`, `ctr-aes128`, `ctr-aes256`; `hash` and `hmac` alone mean
/// the SHA-256 variants, `ctr` the AES-256 one. The CTR_DRBG kinds use the
/// derivation function (the form that takes a nonce and entropy input of any
/// length); [`CtrDrbg::instantiate_no_df`] is the form without.
///
/// ```
/// use sg17_qrng::drbg::DrbgKind;
/// let kind: DrbgKind = "hmac".parse()?;
/// assert_eq!(kind, DrbgKind::HmacSha256);
/// assert_eq!(kind.to_string(), "hmac-sha256");
/// let drbg = kind.instantiate(&[7u8; 32], &[9u8; 16], b"")?;
/// assert_eq!(drbg.name(), "HMAC_DRBG with SHA-256");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DrbgKind {
    /// Hash_DRBG with SHA-256 (SP 800-90A 10.1.1).
    HashSha256,
    /// Hash_DRBG with SHA-512 (SP 800-90A 10.1.1).
    HashSha512,
    /// HMAC_DRBG with SHA-256 (SP 800-90A 10.1.2).
    HmacSha256,
    /// HMAC_DRBG with SHA-512 (SP 800-90A 10.1.2).
    HmacSha512,
    /// CTR_DRBG with AES-128 and Block_Cipher_df (SP 800-90A 10.2.1,
    /// 10.3.2); security strength 128 bits.
    CtrAes128,
    /// CTR_DRBG with AES-256 and Block_Cipher_df (SP 800-90A 10.2.1,
    /// 10.3.2).
    CtrAes256,
}

impl DrbgKind {
    /// All kinds, in a fixed order.
    pub const ALL: [DrbgKind; 6] = [
        Self::HashSha256,
        Self::HashSha512,
        Self::HmacSha256,
        Self::HmacSha512,
        Self::CtrAes128,
        Self::CtrAes256,
    ];

    /// Security strength in bits (128 for CTR_DRBG with AES-128, 256 for
    /// the others).
    #[must_use]
    pub fn security_strength(self) -> usize {
        match self {
            Self::CtrAes128 => 128,
            _ => 256,
        }
    }

    /// Instantiate this mechanism (SP 800-90A 10.1.1.2 / 10.1.2.3 /
    /// 10.2.1.3.2).
    ///
    /// # Errors
    /// As [`HashDrbg::instantiate`].
    pub fn instantiate(
        self,
        entropy_input: &[u8],
        nonce: &[u8],
        personalization: &[u8],
    ) -> Result<Box<dyn Drbg>, DrbgError> {
        Ok(match self {
            Self::HashSha256 => {
                Box::new(HashDrbg::<sha2::Sha256>::instantiate(entropy_input, nonce, personalization)?)
            }
            Self::HashSha512 => {
                Box::new(HashDrbg::<sha2::Sha512>::instantiate(entropy_input, nonce, personalization)?)
            }
            Self::HmacSha256 => {
                Box::new(HmacDrbg::<sha2::Sha256>::instantiate(entropy_input, nonce, personalization)?)
            }
            Self::HmacSha512 => {
                Box::new(HmacDrbg::<sha2::Sha512>::instantiate(entropy_input, nonce, personalization)?)
            }
            Self::CtrAes128 => {
                Box::new(CtrDrbg::<aes::Aes128>::instantiate(entropy_input, nonce, personalization)?)
            }
            Self::CtrAes256 => {
                Box::new(CtrDrbg::<aes::Aes256>::instantiate(entropy_input, nonce, personalization)?)
            }
        })
    }
}

impl fmt::Display for DrbgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::HashSha256 => "hash-sha256",
            Self::HashSha512 => "hash-sha512",
            Self::HmacSha256 => "hmac-sha256",
            Self::HmacSha512 => "hmac-sha512",
            Self::CtrAes128 => "ctr-aes128",
            Self::CtrAes256 => "ctr-aes256",
        })
    }
}

/// Error returned when a [`DrbgKind`] name is not recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownDrbgKind(pub String);

impl fmt::Display for UnknownDrbgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown DRBG `{}` (expected hash, hmac, ctr, hash-sha256, hash-sha512, hmac-sha256, hmac-sha512, ctr-aes128 or ctr-aes256)",
            self.0
        )
    }
}

impl std::error::Error for UnknownDrbgKind {}

impl FromStr for DrbgKind {
    type Err = UnknownDrbgKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "hash" | "hash-sha256" | "hash_drbg" => Ok(Self::HashSha256),
            "hash-sha512" => Ok(Self::HashSha512),
            "hmac" | "hmac-sha256" | "hmac_drbg" => Ok(Self::HmacSha256),
            "hmac-sha512" => Ok(Self::HmacSha512),
            "ctr" | "ctr-aes256" | "ctr_drbg" => Ok(Self::CtrAes256),
            "ctr-aes128" => Ok(Self::CtrAes128),
            _ => Err(UnknownDrbgKind(s.to_owned())),
        }
    }
}

pub(crate) fn check_request(bytes: usize) -> Result<(), DrbgError> {
    if bytes > MAX_BYTES_PER_REQUEST {
        return Err(DrbgError::RequestTooLarge { requested_bits: (bytes as u64).saturating_mul(8) });
    }
    Ok(())
}

pub(crate) fn check_input_len(input: &'static str, data: &[u8]) -> Result<(), DrbgError> {
    let bits = (data.len() as u64).saturating_mul(8);
    if bits > MAX_INPUT_BITS {
        return Err(DrbgError::InputTooLong { input, bits });
    }
    Ok(())
}

pub(crate) fn check_entropy_input(data: &[u8], strength: usize) -> Result<(), DrbgError> {
    check_input_len("entropy_input", data)?;
    let got_bits = (data.len() as u64).saturating_mul(8);
    if got_bits < strength as u64 {
        return Err(DrbgError::EntropyInputTooShort { got_bits, min_bits: strength as u64 });
    }
    Ok(())
}

pub(crate) fn check_reseed_interval(interval: u64) -> Result<(), DrbgError> {
    if interval == 0 || interval > MAX_RESEED_INTERVAL {
        return Err(DrbgError::ReseedIntervalOutOfRange { interval });
    }
    Ok(())
}

/// Checks the inputs of the instantiate algorithm (SP 800-90A Rev. 1
/// clauses 10.1.1.2 / 10.1.2.3): entropy input against the security
/// strength and the 2^35-bit limit, then nonce and personalization string.
pub(crate) fn check_instantiate_inputs(
    entropy_input: &[u8],
    nonce: &[u8],
    personalization: &[u8],
    strength: usize,
) -> Result<(), DrbgError> {
    check_entropy_input(entropy_input, strength)?;
    check_input_len("nonce", nonce)?;
    check_input_len("personalization_string", personalization)
}

/// Checks the inputs of the reseed algorithm (SP 800-90A Rev. 1
/// clauses 10.1.1.3 / 10.1.2.4).
pub(crate) fn check_reseed_inputs(
    entropy_input: &[u8],
    additional_input: &[u8],
    strength: usize,
) -> Result<(), DrbgError> {
    check_entropy_input(entropy_input, strength)?;
    check_input_len("additional_input", additional_input)
}

/// The `reseed_counter` and reseed interval shared by all mechanisms
/// (SP 800-90A Rev. 1 clause 10.1, Table 2; clause 10.2.1, Table 3).
#[derive(Clone, Copy)]
pub(crate) struct ReseedState {
    /// Generate requests since the last (re)seed, plus one.
    pub(crate) counter: u64,
    /// Generate requests allowed between reseeds (1..=2^48).
    pub(crate) interval: u64,
}

impl ReseedState {
    /// The state after instantiate or reseed: `reseed_counter` = 1, with the
    /// largest interval of clause 10.1, Table 2.
    pub(crate) const fn new() -> Self {
        Self { counter: 1, interval: MAX_RESEED_INTERVAL }
    }

    /// The checks that open the generate algorithm (SP 800-90A Rev. 1
    /// clauses 10.1.1.4 / 10.1.2.5 step 1): request size, additional input
    /// length, and whether the reseed interval is exhausted.
    pub(crate) fn check_generate(&self, out_len: usize, additional_input: &[u8]) -> Result<(), DrbgError> {
        check_request(out_len)?;
        check_input_len("additional_input", additional_input)?;
        if self.counter > self.interval {
            return Err(DrbgError::ReseedRequired { reseed_counter: self.counter });
        }
        Ok(())
    }

    /// Sets the reseed interval after checking it lies in 1..=2^48.
    pub(crate) fn set_interval(&mut self, interval: u64) -> Result<(), DrbgError> {
        check_reseed_interval(interval)?;
        self.interval = interval;
        Ok(())
    }
}
