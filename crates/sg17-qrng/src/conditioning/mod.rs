//! Conditioning (randomness extraction), SP 800-90B clause 3.1.5 and the
//! "randomness extractor" block of X.1702.
//!
//! * [`HashDfConditioner`]: Hash_df of SP 800-90A 10.3.1 with SHA-256, a
//!   vetted conditioning function (SP 800-90B 3.1.5.1.1).
//! * [`HmacConditioner`]: HMAC-SHA-256, vetted (SP 800-90B 3.1.5.1.1).
//! * [`ToeplitzExtractor`]: a seeded GF(2) Toeplitz-hashing extractor, the
//!   information-theoretic extractor common in QRNGs; a non-vetted
//!   function in SP 800-90B terms (3.1.5.2), sized by the leftover hash
//!   lemma ([`toeplitz_output_bits`]).
//!
//! [`output_entropy`] is the `Output_Entropy` function of SP 800-90B
//! 3.1.5.1.2, which credits each conditioned block.

mod toeplitz;

pub use toeplitz::{ToeplitzExtractor, toeplitz_output_bits};

use crate::drbg::hash_df;
use hmac::{KeyInit, Mac};
use sha2::Sha256;

/// A conditioning component: maps an `input_bits()`-bit input (packed
/// MSB-first, see [`pack_samples`]) to an `output_bits()`-bit output.
pub trait Conditioner: Send {
    /// Name, e.g. `Hash_df(SHA-256)`.
    fn name(&self) -> &'static str;
    /// Whether it is a vetted conditioning function (SP 800-90B 3.1.5.1.1).
    fn is_vetted(&self) -> bool;
    /// Output length n_out in bits (a multiple of 8).
    fn output_bits(&self) -> usize;
    /// Narrowest internal width nw in bits (SP 800-90B 3.1.5).
    fn narrowest_width(&self) -> usize;
    /// Fixed input length in bits, or `None` if any length is accepted.
    fn input_bits(&self) -> Option<usize>;
    /// Conditions `input` into `out` (`out.len() * 8 == output_bits()`).
    ///
    /// # Panics
    /// If `out` has the wrong length or a fixed-length conditioner gets
    /// the wrong input length; the pipeline sizes both.
    fn condition(&self, input: &[u8], out: &mut [u8]);
}

/// Packs samples of `bits` bits (values below `2^bits`) into a bit string,
/// most significant bit first; a final partial byte is zero-padded.
///
/// ```
/// use sg17_qrng::conditioning::pack_samples;
/// assert_eq!(pack_samples(&[1, 0, 1, 1, 0, 0, 0, 1, 1], 1), vec![0b1011_0001, 0b1000_0000]);
/// assert_eq!(pack_samples(&[0x3, 0x1], 2), vec![0b1101_0000]);
/// assert_eq!(pack_samples(&[0xab, 0xcd], 8), vec![0xab, 0xcd]);
/// ```
#[must_use]
pub fn pack_samples(samples: &[u8], bits: u8) -> Vec<u8> {
    if bits == 8 {
        return samples.to_vec();
    }
    let bits = u32::from(bits);
    let mut out = Vec::with_capacity((samples.len() * bits as usize).div_ceil(8));
    let mut acc: u32 = 0;
    let mut n: u32 = 0;
    for &s in samples {
        acc = (acc << bits) | u32::from(s);
        n += bits;
        while n >= 8 {
            out.push((acc >> (n - 8)) as u8);
            n -= 8;
            acc &= (1 << n) - 1;
        }
    }
    if n > 0 {
        out.push((acc << (8 - n)) as u8);
    }
    out
}

/// `Output_Entropy(n_in, n_out, nw, h_in)` of SP 800-90B 3.1.5.1.2: the
/// entropy credited to the output of a conditioning function with `n_in`
/// input bits carrying `h_in` bits of min-entropy, `n_out` output bits and
/// narrowest internal width `nw`:
///
/// ```text
/// P_high = 2^-h_in
/// P_low  = (1 - P_high) / (2^n_in - 1)
/// n      = min(n_out, nw)
/// psi    = 2^(n_in - n) P_low + P_high
/// U      = 2^(n_in - n) + sqrt(2 n 2^(n_in - n) ln 2)
/// omega  = U P_low
/// Output_Entropy = -log2(max(psi, omega))
/// ```
///
/// Evaluated in the log2 domain so that `n_in` of many thousands of bits
/// does not overflow; `psi` and `omega` above 1 are clamped to 1 (output
/// entropy 0), as NIST's `ea_conditioning` does.
///
/// ```
/// use sg17_qrng::conditioning::output_entropy;
/// // Twice as much input entropy as output bits: full entropy to f64 precision.
/// assert!((output_entropy(1024, 256, 256, 512.0) - 256.0).abs() < 1e-9);
/// // n_in = n_out = h_in = 256: psi = 2^-255, omega = (1 + sqrt(512 ln 2)) 2^-256,
/// // so h_out = 256 - log2(1 + sqrt(512 ln 2)) = 251.69.
/// let h = output_entropy(256, 256, 256, 256.0);
/// assert!((h - 251.69).abs() < 0.01, "{h}");
/// ```
#[must_use]
pub fn output_entropy(n_in: u64, n_out: u64, nw: u64, h_in: f64) -> f64 {
    let n = n_out.min(nw) as f64;
    let n_in_f = n_in as f64;
    let a = n_in_f - n; // log2 of 2^(n_in - n)
    // log2(P_high) = -h_in exactly, with no underflow.
    let log2_p_high = -h_in;
    let p_high = (-h_in).exp2();
    // log2(1 - P_high) and log2(2^n_in - 1) = n_in + log2(1 - 2^-n_in).
    let log2_one_minus_p_high = (-p_high).ln_1p() / core::f64::consts::LN_2;
    let log2_denominator = n_in_f + (-(-n_in_f).exp2()).ln_1p() / core::f64::consts::LN_2;
    let log2_p_low = log2_one_minus_p_high - log2_denominator;
    let log2_psi = log2_add(a + log2_p_low, log2_p_high);
    // U = 2^a (1 + sqrt(2 n ln2 / 2^a)).
    let log2_u = a + (1.0 + (2.0 * n * core::f64::consts::LN_2).sqrt() * (-a / 2.0).exp2()).log2();
    let log2_omega = log2_u + log2_p_low;
    let worst = log2_psi.max(log2_omega).min(0.0);
    -worst
}

/// log2(2^x + 2^y) without overflow.
fn log2_add(x: f64, y: f64) -> f64 {
    let (hi, lo) = if x >= y { (x, y) } else { (y, x) };
    if lo == f64::NEG_INFINITY {
        return hi;
    }
    hi + (lo - hi).exp2().ln_1p() / core::f64::consts::LN_2
}

/// Hash_df (SP 800-90A 10.3.1) with SHA-256 as a vetted conditioning
/// function (SP 800-90B 3.1.5.1.1), returning 256 bits.
///
/// ```
/// use sg17_qrng::conditioning::{Conditioner, HashDfConditioner};
/// let c = HashDfConditioner;
/// let mut out = [0u8; 32];
/// c.condition(b"raw samples", &mut out);
/// assert_eq!((c.output_bits(), c.narrowest_width()), (256, 256));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct HashDfConditioner;

impl Conditioner for HashDfConditioner {
    fn name(&self) -> &'static str {
        "Hash_df(SHA-256)"
    }
    fn is_vetted(&self) -> bool {
        true
    }
    fn output_bits(&self) -> usize {
        256
    }
    fn narrowest_width(&self) -> usize {
        256
    }
    fn input_bits(&self) -> Option<usize> {
        None
    }
    fn condition(&self, input: &[u8], out: &mut [u8]) {
        assert_eq!(out.len(), 32, "Hash_df conditioner returns 256 bits");
        hash_df::<Sha256>(&[input], out);
    }
}

/// HMAC-SHA-256 with a fixed key as a vetted conditioning function
/// (SP 800-90B 3.1.5.1.1), returning 256 bits.
///
/// ```
/// use sg17_qrng::conditioning::{Conditioner, HmacConditioner};
/// let c = HmacConditioner::new(b"vendor key");
/// let mut out = [0u8; 32];
/// c.condition(b"raw samples", &mut out);
/// ```
#[derive(Clone)]
pub struct HmacConditioner {
    keyed: hmac::Hmac<Sha256>,
}

impl HmacConditioner {
    /// The default key: SP 800-90B does not require the key to be secret;
    /// this one is the ASCII label `sg17-qrng HMAC conditioning key`.
    pub const DEFAULT_KEY: &'static [u8] = b"sg17-qrng HMAC conditioning key";

    /// An HMAC-SHA-256 conditioner with the given key.
    #[must_use]
    pub fn new(key: &[u8]) -> Self {
        Self {
            keyed: <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key)
                .expect("HMAC accepts keys of any length"),
        }
    }
}

impl Default for HmacConditioner {
    fn default() -> Self {
        Self::new(Self::DEFAULT_KEY)
    }
}

impl core::fmt::Debug for HmacConditioner {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HmacConditioner").finish_non_exhaustive()
    }
}

impl Conditioner for HmacConditioner {
    fn name(&self) -> &'static str {
        "HMAC-SHA-256"
    }
    fn is_vetted(&self) -> bool {
        true
    }
    fn output_bits(&self) -> usize {
        256
    }
    fn narrowest_width(&self) -> usize {
        256
    }
    fn input_bits(&self) -> Option<usize> {
        None
    }
    fn condition(&self, input: &[u8], out: &mut [u8]) {
        assert_eq!(out.len(), 32, "HMAC-SHA-256 conditioner returns 256 bits");
        let mut m = self.keyed.clone();
        m.update(input);
        out.copy_from_slice(&m.finalize().into_bytes());
    }
}
