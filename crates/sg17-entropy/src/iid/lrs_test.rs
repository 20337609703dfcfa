//! Length of the longest repeated substring test (SP 800-90B 5.2.5).

use crate::estimators::suffix::tuple_counts;
use serde::Serialize;

/// Result of the LRS test (SP 800-90B 5.2.5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LrsTestResult {
    /// Collision probability of one symbol under the IID assumption, `sum p_i^2`.
    pub p_col: f64,
    /// Length `W` of the longest repeated substring (0 when not computed).
    pub w: usize,
    /// `Pr(X >= 1)`: probability of at least one collision of length `W` among the
    /// `C(L - W + 1, 2)` pairs of `W`-substrings.
    pub pr_at_least_one: f64,
    /// `Pr(X >= 1) >= 1/1000`.
    pub passed: bool,
}

/// Length of the longest repeated substring test (SP 800-90B 5.2.5) over translated symbols.
///
/// ```
/// use sg17_entropy::iid::lrs_test::lrs_test;
/// // A long repeat is far too unlikely for IID data.
/// let mut s: Vec<u8> = (0..2000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
/// let copy = s[100..400].to_vec();
/// s.extend(copy);
/// assert!(!lrs_test(&s, 256).passed);
/// ```
#[must_use]
pub fn lrs_test(symbols: &[u8], k: usize) -> LrsTestResult {
    let n = symbols.len();
    let mut counts = vec![0usize; k.max(256)];
    for &s in symbols {
        counts[usize::from(s)] += 1;
    }
    // Proportions accumulated as NIST's tool does.
    let step = 1.0 / n as f64;
    let p_col: f64 = counts
        .iter()
        .map(|&c| {
            let mut p = 0.0f64;
            for _ in 0..c {
                p += step;
            }
            p * p
        })
        .sum();
    if p_col > 1.0 - f64::EPSILON || n < 2 {
        return LrsTestResult { p_col, w: 0, pr_at_least_one: 1.0, passed: true };
    }
    let w = tuple_counts(symbols).map_or(0, |c| c.v);
    let log_no_col_per_pair = (-p_col.powi(w as i32)).ln_1p();
    let m = (n - w + 1) as f64;
    let pairs = (m * m - m) / 2.0;
    let log_no_col = pairs * log_no_col_per_pair;
    LrsTestResult { p_col, w, pr_at_least_one: -log_no_col.exp_m1(), passed: 0.999f64.ln() >= log_no_col }
}
