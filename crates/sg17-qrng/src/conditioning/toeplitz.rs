//! GF(2) Toeplitz-hashing extractor.

use super::Conditioner;
use crate::ConfigError;

/// Output length of a Toeplitz (universal-hash) extractor by the leftover
/// hash lemma: `m = floor(k - 2 log2(1/epsilon))` for an input with `k` bits
/// of min-entropy and statistical distance `epsilon` from uniform.
///
/// ```
/// use sg17_qrng::conditioning::toeplitz_output_bits;
/// // k = 640, epsilon = 2^-64: m = 640 - 128 = 512.
/// assert_eq!(toeplitz_output_bits(640.0, 2f64.powi(-64))?, 512);
/// assert!(toeplitz_output_bits(100.0, 2f64.powi(-64)).is_err());
/// # Ok::<(), sg17_qrng::ConfigError>(())
/// ```
///
/// # Errors
/// [`ConfigError::ExtractorOutputEmpty`] when `m < 1`;
/// [`ConfigError::Parameter`] for epsilon outside (0, 1) or a non-finite `k`.
pub fn toeplitz_output_bits(min_entropy: f64, epsilon: f64) -> Result<usize, ConfigError> {
    if !(epsilon > 0.0 && epsilon < 1.0) {
        return Err(ConfigError::Parameter {
            name: "epsilon",
            reason: format!("{epsilon} is outside (0, 1)"),
        });
    }
    if !min_entropy.is_finite() || min_entropy < 0.0 {
        return Err(ConfigError::Parameter {
            name: "min-entropy",
            reason: format!("{min_entropy} is not a finite non-negative number"),
        });
    }
    let m = (min_entropy - 2.0 * (-epsilon.log2())).floor();
    if m < 1.0 {
        return Err(ConfigError::ExtractorOutputEmpty { min_entropy, epsilon });
    }
    Ok(m as usize)
}

/// A seeded GF(2) Toeplitz-hashing extractor computing `y = T x` for an
/// `m x n` Toeplitz matrix `T[i][j] = s[i - j + n - 1]` defined by
/// `n + m - 1` seed bits `s`.
///
/// Bits are numbered most significant first within bytes: input bit `j` is
/// bit `7 - j % 8` of byte `j / 8`; the same holds for the seed and the
/// output. The seed must be uniform and independent of the noise source;
/// it need not be secret.
///
/// The implementation precomputes, for every 4-bit group of the input, the
/// 16 XOR combinations of the matching matrix columns as 64-bit words, so
/// one product costs `n / 4` table look-ups of `ceil(m / 64)` words each.
/// Memory: `4 n ceil(m / 64) * 8` bytes (384 KiB for 1024 x 768).
///
/// ```
/// use sg17_qrng::conditioning::{Conditioner, ToeplitzExtractor};
/// let seed = vec![0x5au8; (1024 + 768 - 1usize).div_ceil(8)];
/// let t = ToeplitzExtractor::new(1024, 768, &seed)?;
/// let mut out = [0u8; 96];
/// t.condition(&[0xffu8; 128], &mut out);
/// # Ok::<(), sg17_qrng::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct ToeplitzExtractor {
    n: usize,
    m: usize,
    words: usize,
    /// `tables[g * 16 + v]`: XOR of columns `4g..4g+4` selected by the bits
    /// of `v` (bit 3 of `v` = column `4g`), `words` u64 each, flattened.
    tables: Vec<u64>,
}

impl ToeplitzExtractor {
    /// Builds an extractor for `n_in` input bits and `n_out` output bits
    /// (both positive multiples of 8, `n_out <= n_in`) from a seed of at
    /// least `n_in + n_out - 1` bits.
    ///
    /// # Errors
    /// [`ConfigError::Parameter`] for invalid sizes or a short seed.
    pub fn new(n_in: usize, n_out: usize, seed: &[u8]) -> Result<Self, ConfigError> {
        let bad = |reason: String| ConfigError::Parameter { name: "Toeplitz extractor size", reason };
        if n_in == 0 || n_out == 0 || !n_in.is_multiple_of(8) || !n_out.is_multiple_of(8) {
            return Err(bad(format!("n_in = {n_in} and n_out = {n_out} must be positive multiples of 8")));
        }
        if n_out > n_in {
            return Err(bad(format!("n_out = {n_out} exceeds n_in = {n_in}")));
        }
        if n_in > 1 << 20 {
            return Err(bad(format!("n_in = {n_in} exceeds 2^20 bits")));
        }
        let seed_bits = n_in + n_out - 1;
        if seed.len() * 8 < seed_bits {
            return Err(ConfigError::Parameter {
                name: "Toeplitz seed",
                reason: format!("{} bits given, {seed_bits} needed", seed.len() * 8),
            });
        }
        let words = n_out.div_ceil(64);
        let seed_bit = |k: usize| (seed[k / 8] >> (7 - k % 8)) & 1;
        // Column j holds T[i][j] = s[i + n - 1 - j] for i in 0..m.
        let mut columns = vec![0u64; n_in * words];
        for j in 0..n_in {
            let col = &mut columns[j * words..(j + 1) * words];
            for i in 0..n_out {
                if seed_bit(i + n_in - 1 - j) == 1 {
                    col[i / 64] |= 1 << (63 - i % 64);
                }
            }
        }
        let groups = n_in / 4;
        let mut tables = vec![0u64; groups * 16 * words];
        for g in 0..groups {
            for v in 1..16usize {
                // Build entry v from entry v without its lowest set bit.
                let low = v & v.wrapping_neg();
                let prev = v ^ low;
                let col = 4 * g + (3 - low.trailing_zeros() as usize);
                let (dst, src) = ((g * 16 + v) * words, (g * 16 + prev) * words);
                for w in 0..words {
                    tables[dst + w] = tables[src + w] ^ columns[col * words + w];
                }
            }
        }
        Ok(Self { n: n_in, m: n_out, words, tables })
    }

    /// Computes `y = T x` into `out` (`n_out / 8` bytes) from `input`
    /// (`n_in / 8` bytes).
    ///
    /// # Panics
    /// On wrong slice lengths.
    pub fn extract(&self, input: &[u8], out: &mut [u8]) {
        assert_eq!(input.len() * 8, self.n, "Toeplitz input length");
        assert_eq!(out.len() * 8, self.m, "Toeplitz output length");
        let words = self.words;
        // Outputs of up to 1024 bits accumulate on the stack.
        let mut small = [0u64; 16];
        let mut large = Vec::new();
        let acc: &mut [u64] = if words <= small.len() {
            &mut small[..words]
        } else {
            large.resize(words, 0);
            &mut large
        };
        // Each input octet selects one row of each of its two 16-entry tables.
        for (byte, pair) in input.iter().zip(self.tables.chunks_exact(32 * words)) {
            let (hi, lo) = pair.split_at(16 * words);
            let hi = &hi[usize::from(byte >> 4) * words..][..words];
            let lo = &lo[usize::from(byte & 0x0f) * words..][..words];
            for ((a, h), l) in acc.iter_mut().zip(hi).zip(lo) {
                *a ^= h ^ l;
            }
        }
        for (chunk, w) in out.chunks_mut(8).zip(acc.iter()) {
            chunk.copy_from_slice(&w.to_be_bytes()[..chunk.len()]);
        }
    }
}

impl core::fmt::Debug for ToeplitzExtractor {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ToeplitzExtractor")
            .field("n_in", &self.n)
            .field("n_out", &self.m)
            .finish_non_exhaustive()
    }
}

impl Conditioner for ToeplitzExtractor {
    fn name(&self) -> &'static str {
        "Toeplitz hashing"
    }
    fn is_vetted(&self) -> bool {
        false
    }
    fn output_bits(&self) -> usize {
        self.m
    }
    fn narrowest_width(&self) -> usize {
        self.m
    }
    fn input_bits(&self) -> Option<usize> {
        Some(self.n)
    }
    fn condition(&self, input: &[u8], out: &mut [u8]) {
        self.extract(input, out);
    }
}
