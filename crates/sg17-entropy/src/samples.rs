//! Reading samples: one sample per byte, `bits` low-order bits per sample (SP 800-90B 3.1.1 and
//! NIST's tool conventions), symbol translation and the bitstring form (SP 800-90B 6.3: "the
//! bitstring ... by concatenating the samples, most significant bit first").

use crate::Error;
use serde::Serialize;

/// Minimum number of samples for a full assessment (SP 800-90B 3.1.1: "at least 1 000 000
/// sequential samples").
pub const MIN_SAMPLES: usize = 1_000_000;

/// What to do with samples that use bits above the declared width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WidthPolicy {
    /// Refuse such input (NIST's tool: "Incorrect bit width specification").
    #[default]
    Reject,
    /// Keep only the low `bits` bits of every byte.
    Mask,
}

/// A sequence of samples ready for assessment.
///
/// Holds the raw samples (masked to `bits`), the translated symbols (distinct values mapped,
/// in increasing order, onto `0..k`, as NIST's tool does when fewer than `2^bits` values occur)
/// and the alphabet size `k`.
///
/// ```
/// use sg17_entropy::Samples;
/// let s = Samples::from_bytes(&[0, 4, 4, 7], Some(3)).unwrap();
/// assert_eq!(s.bits_per_sample(), 3);
/// assert_eq!(s.alphabet_size(), 3);
/// assert_eq!(s.symbols(), &[0, 1, 1, 2]);
/// assert_eq!(s.bitstring(), vec![0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 1]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Samples {
    raw: Vec<u8>,
    symbols: Vec<u8>,
    bits: u8,
    alphabet_size: usize,
    narrower_than_declared: bool,
}

/// Bits needed to represent every byte of `bytes` (0 for all-zero input).
fn needed_bits(bytes: &[u8]) -> u8 {
    let mask = bytes.iter().fold(0u8, |m, &b| m | b);
    (8 - mask.leading_zeros()) as u8
}

impl Samples {
    /// Loads samples, one per byte. With `bits = None` the width is inferred from the highest bit
    /// set in the data (as NIST's tool does); with `Some(b)` a sample wider than `b` bits is an
    /// error (see [`Samples::from_bytes_with`] to mask instead).
    pub fn from_bytes(bytes: &[u8], bits: Option<u8>) -> Result<Self, Error> {
        Self::from_bytes_with(bytes, bits, WidthPolicy::Reject)
    }

    /// Loads samples with an explicit [`WidthPolicy`] for samples wider than `bits`.
    ///
    /// ```
    /// use sg17_entropy::{Samples, WidthPolicy};
    /// assert!(Samples::from_bytes(&[0x13, 0x02], Some(1)).is_err());
    /// let s = Samples::from_bytes_with(&[0x13, 0x02], Some(1), WidthPolicy::Mask).unwrap();
    /// assert_eq!(s.raw(), &[1, 0]);
    /// ```
    pub fn from_bytes_with(bytes: &[u8], bits: Option<u8>, policy: WidthPolicy) -> Result<Self, Error> {
        if bytes.is_empty() {
            return Err(Error::Empty);
        }
        let needed = needed_bits(bytes);
        let bits = match bits {
            Some(b) if !(1..=8).contains(&b) => return Err(Error::InvalidBits(b)),
            Some(b) => b,
            // NIST's tool infers 0 bits for all-zero input; such input has one symbol anyway.
            None => needed.max(1),
        };
        let mask = if bits == 8 { 0xFF } else { (1u8 << bits) - 1 };
        if needed > bits && policy == WidthPolicy::Reject {
            let offset = bytes.iter().position(|&b| b & !mask != 0).unwrap_or(0);
            return Err(Error::SampleTooWide { offset, value: bytes[offset], bits, needed });
        }
        let raw: Vec<u8> = bytes.iter().map(|&b| b & mask).collect();
        let mut present = [false; 256];
        for &b in &raw {
            present[usize::from(b)] = true;
        }
        let mut map = [0u8; 256];
        let mut k = 0usize;
        for (v, &p) in present.iter().enumerate() {
            if p {
                map[v] = k as u8;
                k += 1;
            }
        }
        // Values 0..k - 1 all present (bits, most full-width data) translate to themselves.
        let symbols = if map.iter().take(k).enumerate().all(|(v, &m)| present[v] && usize::from(m) == v) {
            raw.clone()
        } else {
            raw.iter().map(|&b| map[usize::from(b)]).collect()
        };
        Ok(Samples { raw, symbols, bits, alphabet_size: k, narrower_than_declared: needed < bits })
    }

    /// Number of samples.
    #[must_use]
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// `true` if there are no samples (never the case for a loaded value).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// Bits per sample (the declared or inferred width).
    #[must_use]
    pub fn bits_per_sample(&self) -> u8 {
        self.bits
    }

    /// Number of distinct sample values `k`.
    #[must_use]
    pub fn alphabet_size(&self) -> usize {
        self.alphabet_size
    }

    /// `true` if no sample uses the top declared bit (NIST's tool warns: "Symbols appear to be
    /// narrower than described").
    #[must_use]
    pub fn narrower_than_declared(&self) -> bool {
        self.narrower_than_declared
    }

    /// The samples masked to `bits`, untranslated.
    #[must_use]
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// The translated symbols, in `0..alphabet_size()`.
    #[must_use]
    pub fn symbols(&self) -> &[u8] {
        &self.symbols
    }

    /// The bitstring form: each raw sample as `bits` bits, most significant first
    /// (SP 800-90B 6.3, conversion of samples to bitstrings).
    #[must_use]
    pub fn bitstring(&self) -> Vec<u8> {
        to_bitstring(&self.raw, self.bits)
    }
}

/// Converts samples of `bits` bits to a bitstring (one bit per byte, most significant bit of
/// each sample first), as SP 800-90B 6.3 and NIST's tool do.
///
/// ```
/// assert_eq!(sg17_entropy::to_bitstring(&[0b10, 0b01], 2), vec![1, 0, 0, 1]);
/// ```
#[must_use]
pub fn to_bitstring(raw: &[u8], bits: u8) -> Vec<u8> {
    let bits = usize::from(bits.clamp(1, 8));
    let mut out = Vec::with_capacity(raw.len() * bits);
    // Byte j of SPREAD[v] is bit 7 - j of v: the low `bits` bits of a sample are the last
    // `bits` bytes of its row.
    const SPREAD: [[u8; 8]; 256] = {
        let mut t = [[0u8; 8]; 256];
        let mut v = 0;
        while v < 256 {
            let mut j = 0;
            while j < 8 {
                t[v][j] = ((v >> (7 - j)) & 1) as u8;
                j += 1;
            }
            v += 1;
        }
        t
    };
    for &s in raw {
        out.extend_from_slice(&SPREAD[usize::from(s)][8 - bits..]);
    }
    out
}

/// Selects block `index` of `count` samples, like NIST's `-l index,count`: samples
/// `index*count .. min(len, (index+1)*count)`.
///
/// ```
/// let data = [1u8, 2, 3, 4, 5];
/// assert_eq!(sg17_entropy::select_block(&data, 1, 2).unwrap(), &[3, 4]);
/// assert_eq!(sg17_entropy::select_block(&data, 2, 2).unwrap(), &[5]);
/// assert!(sg17_entropy::select_block(&data, 3, 2).is_err());
/// ```
pub fn select_block(bytes: &[u8], index: u64, count: u64) -> Result<&[u8], Error> {
    if count == 0 {
        return Err(Error::ZeroBlock);
    }
    let start = u128::from(index) * u128::from(count);
    if start >= bytes.len() as u128 {
        return Err(Error::BlockOutOfRange { index, count, start, len: bytes.len() });
    }
    let start = start as usize;
    let end = (start as u128 + u128::from(count)).min(bytes.len() as u128) as usize;
    Ok(&bytes[start..end])
}

/// Summary of the loaded input, reported with every assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputSummary {
    /// Number of samples assessed.
    pub samples: usize,
    /// Bits per sample.
    pub bits_per_sample: u8,
    /// Distinct sample values.
    pub alphabet_size: usize,
    /// Length of the bitstring form.
    pub bitstring_len: usize,
}

impl From<&Samples> for InputSummary {
    fn from(s: &Samples) -> Self {
        InputSummary {
            samples: s.len(),
            bits_per_sample: s.bits,
            alphabet_size: s.alphabet_size,
            bitstring_len: s.len() * usize::from(s.bits),
        }
    }
}
