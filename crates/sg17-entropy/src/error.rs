//! Error and warning types.

use thiserror::Error;

/// Why samples could not be loaded or assessed.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum Error {
    /// The input holds no samples.
    #[error("no samples: the input is empty")]
    Empty,
    /// `bits` per sample must be in `1..=8` (SP 800-90B 3.1.3: samples of at most 8 bits are
    /// read one per byte).
    #[error("bits per sample must be in 1..=8, got {0}")]
    InvalidBits(u8),
    /// A sample uses bits above the declared width.
    #[error(
        "sample at offset {offset} is {value:#04x}, wider than the declared {bits} bit(s) \
         (data needs {needed} bits)"
    )]
    SampleTooWide {
        /// Byte offset of the first offending sample.
        offset: usize,
        /// Its value.
        value: u8,
        /// Declared bits per sample.
        bits: u8,
        /// Bits actually needed to hold every sample.
        needed: u8,
    },
    /// The selected sub-range (`-l index,count` in NIST's tool) lies outside the input.
    #[error("block {index} of {count} samples starts at sample {start}, past the end ({len} samples)")]
    BlockOutOfRange {
        /// Block index.
        index: u64,
        /// Block size in samples.
        count: u64,
        /// First sample of the block.
        start: u128,
        /// Samples available.
        len: usize,
    },
    /// A block size of zero was requested.
    #[error("block size must be at least 1 sample")]
    ZeroBlock,
    /// Every sample has the same value: no entropy can be credited (NIST's tool stops here too).
    #[error("all samples have the same value: no entropy")]
    SingleSymbol,
    /// The input is too long for the 32-bit suffix array used by the t-Tuple/LRS estimates.
    #[error("{0} symbols exceed the supported maximum of 2^31 - 1")]
    TooLong(usize),
    /// The entropy claim to validate is outside `(0, bits]`.
    #[error("entropy claim H_I = {h_i} must be in (0, {bits}]")]
    BadEntropyClaim {
        /// The claim.
        h_i: f64,
        /// Bits per sample.
        bits: u8,
    },
    /// A restart matrix was not square or had rows of different lengths.
    #[error("restart matrix must be {expected}x{expected}; got {got}")]
    BadRestartMatrix {
        /// Expected side.
        expected: usize,
        /// What was found.
        got: String,
    },
}
