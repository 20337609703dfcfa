//! IID track (SP 800-90B clause 5): permutation tests (5.1), chi-square tests (5.2.1 - 5.2.4) and
//! the longest-repeated-substring test (5.2.5). If all pass, the samples may be treated as IID
//! and their min-entropy is the Most Common Value estimate (6.3.1), per 3.1.3.

pub mod chi_square;
pub mod lrs_test;
pub mod permutation;

use crate::estimators::mcv::{McvEstimate, most_common_value};
use crate::samples::{InputSummary, MIN_SAMPLES, Samples};
use chi_square::ChiSquareResult;
use lrs_test::LrsTestResult;
use permutation::{PERMUTATIONS, PermutationReport, Sequence, permutation_tests};
use serde::Serialize;

/// Options of the IID track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IidOptions {
    /// Seed of the shuffles (the result is a deterministic function of the data and the seed).
    pub seed: u64,
    /// Number of shuffles (10 000 in SP 800-90B 5.1).
    pub permutations: usize,
}

impl Default for IidOptions {
    fn default() -> Self {
        IidOptions { seed: 0x5347_3137, permutations: PERMUTATIONS }
    }
}

/// Result of the IID track.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IidReport {
    /// The input that was assessed.
    pub input: InputSummary,
    /// Chi-square independence test (5.2.1 or 5.2.3).
    pub chi_square_independence: ChiSquareResult,
    /// Chi-square goodness-of-fit test (5.2.2 or 5.2.4).
    pub chi_square_goodness_of_fit: ChiSquareResult,
    /// Longest repeated substring test (5.2.5).
    pub lrs: LrsTestResult,
    /// Permutation tests (5.1).
    pub permutation: PermutationReport,
    /// Whether every test passed, so the IID assumption is not rejected.
    pub iid: bool,
    /// Human-readable reasons for rejecting the IID assumption (empty when `iid`).
    pub reasons: Vec<String>,
    /// Most Common Value estimate on the samples (`H_original` of the IID track).
    pub mcv_original: Option<McvEstimate>,
    /// Most Common Value estimate on the bitstring (`H_bitstring`), for non-binary data.
    pub mcv_bitstring: Option<McvEstimate>,
    /// `min(bits, H_original, bits x H_bitstring)`: the entropy per sample to claim if `iid`.
    pub assessed: f64,
    /// Warnings about the input.
    pub warnings: Vec<String>,
}

/// Runs the IID track (SP 800-90B clause 5) on `samples`.
///
/// ```
/// use sg17_entropy::{Samples, iid::{IidOptions, assess_iid}};
/// // A period-4 pattern is obviously not IID.
/// let bytes: Vec<u8> = (0..4000u32).map(|i| (i % 4) as u8).collect();
/// let report = assess_iid(&Samples::from_bytes(&bytes, Some(2)).unwrap(), IidOptions { permutations: 200, ..Default::default() }, &|_| {});
/// assert!(!report.iid);
/// assert!(!report.reasons.is_empty());
/// ```
pub fn assess_iid(samples: &Samples, options: IidOptions, progress: &(dyn Fn(usize) + Sync)) -> IidReport {
    let k = samples.alphabet_size();
    let symbols = samples.symbols();
    let bits = samples.bits_per_sample();
    let mut warnings = Vec::new();
    if samples.len() < MIN_SAMPLES {
        warnings.push(format!(
            "data contains {} samples, fewer than the {} SP 800-90B 3.1.1 requires",
            samples.len(),
            MIN_SAMPLES
        ));
    }
    let seq = Sequence::new(symbols, samples.raw(), k);
    let ((independence, goodness), (lrs, permutation)) = rayon::join(
        || (chi_square::independence(symbols, k), chi_square::goodness_of_fit(symbols, k)),
        || {
            (
                lrs_test::lrs_test(symbols, k),
                permutation_tests(&seq, options.permutations, options.seed, progress),
            )
        },
    );
    let mut reasons = Vec::new();
    if !independence.passed {
        reasons.push(format!(
            "chi-square independence test failed (T = {:.4}, df = {}, p-value = {:.3e} < 0.001)",
            independence.t, independence.df, independence.p_value
        ));
    }
    if !goodness.passed {
        reasons.push(format!(
            "chi-square goodness-of-fit test failed (T = {:.4}, df = {}, p-value = {:.3e} < 0.001)",
            goodness.t, goodness.df, goodness.p_value
        ));
    }
    if !lrs.passed {
        reasons.push(format!(
            "longest repeated substring too long (W = {}, Pr(X >= 1) = {:.3e} < 0.001)",
            lrs.w, lrs.pr_at_least_one
        ));
    }
    for s in permutation.statistics.iter().filter(|s| !s.passed) {
        reasons.push(format!(
            "permutation test {} ({}) failed: original value ranks {} (greater {}, equal {}, less {})",
            s.name,
            s.clause,
            if s.greater + s.equal <= 5 { "at the top" } else { "at the bottom" },
            s.greater,
            s.equal,
            s.less
        ));
    }
    let mcv_original = most_common_value(symbols).ok();
    let mcv_bitstring = if k > 2 { most_common_value(&samples.bitstring()).ok() } else { None };
    let word = f64::from(bits);
    let mut assessed = word;
    if let Some(m) = &mcv_original {
        assessed = assessed.min(m.min_entropy);
    }
    if let Some(m) = &mcv_bitstring {
        assessed = assessed.min(word * m.min_entropy);
    }
    if k <= 1 {
        assessed = 0.0;
        reasons.push("all samples have the same value".to_owned());
    }
    IidReport {
        input: samples.into(),
        chi_square_independence: independence,
        chi_square_goodness_of_fit: goodness,
        lrs,
        permutation,
        iid: reasons.is_empty(),
        reasons,
        mcv_original,
        mcv_bitstring,
        assessed,
        warnings,
    }
}
