//! # sg17-entropy
//!
//! Entropy assessment of noise-source samples following NIST SP 800-90B, giving the same
//! numbers as NIST's reference tool (SP800-90B_EntropyAssessment), faster.
//!
//! * Non-IID track ([`assess_non_iid`]): the ten estimators of SP 800-90B 6.3 on the samples
//!   and on their bitstring form, combined as the initial entropy estimate of 3.1.3.
//! * IID track ([`iid::assess_iid`]): the permutation tests of SP 800-90B 5.1 (seeded,
//!   deterministic), the chi-square tests and the LRS test of 5.2.
//! * Restart tests ([`restart::restart_tests`], SP 800-90B 3.1.4) and the output entropy of
//!   conditioning components ([`conditioning::conditioning`], 3.1.5).
//! * Input handling ([`Samples`]): one sample per byte, 1-8 bits per sample, symbol
//!   translation, bitstring conversion, NIST-style sub-ranges ([`select_block`]).
//!
//! Cost: the estimators run in parallel, longest first; the t-Tuple/LRS tuple counts of the
//! bitstring (4 to 5 bytes per bit) and the MultiMMC dictionary of non-binary samples never run at
//! the same time, so a non-IID assessment of 1 000 000 8-bit samples peaks below 64 bytes per
//! sample. Near-uniform bits get their tuple counts from direct counts of the tuples of about
//! log2(n) bits and pairwise comparisons within them; other data from a suffix array whose LCP
//! values are compared straight from the text (no LCP array unless the input is highly
//! repetitive), and the MultiMMC/LZ78Y dictionaries of non-binary samples keep 4-byte
//! slots and nodes that point back into the data. On bits, MultiMMC and LZ78Y run over chunks of
//! positions (dense tables, no branches on the data) and Lag tracks only the lags
//! near the high score. Results are those of NIST's tool (see the `nist_oracle` tests); the CPU
//! time against NIST's `ea_non_iid` is in `vectors/entropy/README.md`.
//!
//! ```
//! use sg17_entropy::{Samples, assess_non_iid};
//! // Biased bits: ones with probability about 1/4.
//! let mut x = 1u64;
//! let mut next = || { x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); x >> 33 };
//! let bytes: Vec<u8> = (0..50_000).map(|_| u8::from(next() % 4 == 0)).collect();
//! let report = assess_non_iid(&Samples::from_bytes(&bytes, Some(1)).unwrap());
//! // At most the true min-entropy -log2(3/4) = 0.415: the non-IID estimators are conservative.
//! assert!(report.assessed < 0.415 && report.assessed > 0.2, "{}", report.assessed);
//! ```
#![forbid(unsafe_code)]

pub mod conditioning;
mod error;
pub mod estimators;
pub mod iid;
mod math;
mod non_iid;
pub mod restart;
mod samples;

pub use error::Error;
pub use math::Z_ALPHA;
pub use non_iid::{
    DataForm, Detail, EstimateOutcome, Estimator, Limit, Mode, NonIidOptions, NonIidReport, Progress,
    assess_non_iid, assess_non_iid_with, try_assess_non_iid,
};
pub use samples::{InputSummary, MIN_SAMPLES, Samples, WidthPolicy, select_block, to_bitstring};
