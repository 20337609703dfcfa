//! Restart tests (SP 800-90B 3.1.4): a 1000 x 1000 matrix of samples, row `i` holding the first
//! 1000 samples after restart `i`.

use crate::iid::{IidOptions, IidReport, assess_iid};
use crate::math::ln_gamma;
use crate::non_iid::{Mode, NonIidOptions, NonIidReport, assess_non_iid_with};
use crate::samples::{Samples, WidthPolicy};
use crate::{Error, estimators::mcv::most_common_value};
use serde::Serialize;

/// Number of restarts and of samples per restart (SP 800-90B 3.1.4.1).
pub const SIDE: usize = 1000;

/// The sanity check of SP 800-90B 3.1.4.3.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SanityCheck {
    /// Largest count of one value within a row.
    pub max_row_count: u32,
    /// Largest count of one value within a column.
    pub max_column_count: u32,
    /// Significance level per row/column, `1 - 0.99^(1/2000)`.
    pub alpha: f64,
    /// Largest count that passes.
    pub cutoff: u32,
    /// `max(max_row_count, max_column_count) <= cutoff`.
    pub passed: bool,
}

/// Result of the restart tests (SP 800-90B 3.1.4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestartReport {
    /// The entropy estimate `H_I` being validated.
    pub h_i: f64,
    /// Sanity check (3.1.4.3).
    pub sanity: SanityCheck,
    /// Min-entropy of the row dataset (restarts concatenated), `H_r` (3.1.4.2); `None` when the
    /// sanity check failed (the test stops there, as NIST's tool does).
    pub h_r: Option<f64>,
    /// Min-entropy of the column dataset, `H_c`.
    pub h_c: Option<f64>,
    /// Non-IID estimates on the rows (non-IID sources).
    pub rows_non_iid: Option<NonIidReport>,
    /// Non-IID estimates on the columns (non-IID sources).
    pub columns_non_iid: Option<NonIidReport>,
    /// IID tests on the rows (IID sources).
    pub rows_iid: Option<IidReport>,
    /// IID tests on the columns (IID sources).
    pub columns_iid: Option<IidReport>,
    /// The sanity check passed, `min(H_r, H_c) >= H_I / 2` and, for IID sources, the rows and
    /// columns passed the IID tests.
    pub passed: bool,
    /// Reasons for failure.
    pub reasons: Vec<String>,
    /// `min(H_r, H_c, H_I)`: the entropy estimate to use if `passed`.
    pub assessed: Option<f64>,
}

/// `P(Binomial(n, q) >= c)` for every `c` in `0..=n+1`.
fn binomial_upper_tails(n: usize, q: f64) -> Vec<f64> {
    let mut tails = vec![0.0; n + 2];
    if q <= 0.0 {
        tails[0] = 1.0;
        return tails;
    }
    let nf = n as f64;
    let ln_n_fact = ln_gamma(nf + 1.0);
    for c in (0..=n).rev() {
        let j = c as f64;
        let ln_pmf = if q >= 1.0 {
            if c == n { 0.0 } else { f64::NEG_INFINITY }
        } else {
            ln_n_fact - ln_gamma(j + 1.0) - ln_gamma(nf - j + 1.0) + j * q.ln() + (nf - j) * (-q).ln_1p()
        };
        tails[c] = (tails[c + 1] + ln_pmf.exp()).min(1.0);
    }
    tails
}

/// Cutoff of the sanity check: the smallest count `c` such that, for samples drawn from the
/// distribution with min-entropy `h_i` that allows the most frequent value counts (floor(1/p)
/// values of probability `p = 2^-h_i` and one residual value), the chance that some value
/// occurs more than `c` times in 1000 samples is at most `alpha`. The chance is bounded by the
/// sum over the values of their binomial tails (NIST's tool estimates the same quantile by
/// simulation, so the two can differ by one count).
#[must_use]
pub fn sanity_cutoff(h_i: f64, alpha: f64) -> u32 {
    let p = (-h_i).exp2();
    let full = (1.0 / p).floor();
    let residual = (1.0 - full * p).max(0.0);
    let t_full = binomial_upper_tails(SIDE, p);
    let t_res = binomial_upper_tails(SIDE, residual);
    (0..=SIDE)
        .find(|&c| full * t_full[c + 1] + if residual > 1e-12 { t_res[c + 1] } else { 0.0 } <= alpha)
        .unwrap_or(SIDE) as u32
}

fn max_count<'a>(lines: impl Iterator<Item = &'a [u8]>) -> u32 {
    lines
        .map(|line| {
            let mut counts = [0u32; 256];
            line.iter()
                .map(|&s| {
                    counts[usize::from(s)] += 1;
                    counts[usize::from(s)]
                })
                .max()
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(0)
}

/// Runs the restart tests (SP 800-90B 3.1.4) on a 1000 x 1000 restart matrix given row by row
/// (`raw`: one sample per byte, `bits` bits each), validating the initial entropy estimate
/// `h_i`. `iid` selects the IID (MCV plus the IID tests of clause 5) or the non-IID (all of 6.3)
/// assessment of the rows and columns.
///
/// ```no_run
/// // (Not run as a doctest: it assesses 2 x 1 000 000 samples; see tests/restart.rs.)
/// use sg17_entropy::restart::restart_tests;
/// // Restarts that all begin the same way fail the sanity check.
/// let mut x = 7u64;
/// let raw: Vec<u8> = (0..1_000_000u32)
///     .map(|i| if i % 1000 < 10 { 0 } else { x = x.wrapping_mul(6364136223846793005).wrapping_add(1); (x >> 60) as u8 })
///     .collect();
/// let r = restart_tests(&raw, Some(4), 3.0, true, Default::default()).unwrap();
/// assert!(!r.sanity.passed && !r.passed);
/// ```
pub fn restart_tests(
    raw: &[u8],
    bits: Option<u8>,
    h_i: f64,
    iid: bool,
    iid_options: IidOptions,
) -> Result<RestartReport, Error> {
    if raw.len() != SIDE * SIDE {
        return Err(Error::BadRestartMatrix { expected: SIDE, got: format!("{} samples", raw.len()) });
    }
    let rows = Samples::from_bytes_with(raw, bits, WidthPolicy::Reject)?;
    if rows.alphabet_size() <= 1 {
        return Err(Error::SingleSymbol);
    }
    let word = f64::from(rows.bits_per_sample());
    if !(h_i > 0.0 && h_i <= word) {
        return Err(Error::BadEntropyClaim { h_i, bits: rows.bits_per_sample() });
    }
    let mut transposed = vec![0u8; raw.len()];
    for (i, row) in rows.raw().chunks_exact(SIDE).enumerate() {
        for (j, &v) in row.iter().enumerate() {
            transposed[j * SIDE + i] = v;
        }
    }
    let columns = Samples::from_bytes_with(&transposed, Some(rows.bits_per_sample()), WidthPolicy::Reject)?;

    let alpha = 1.0 - (0.99f64.ln() / (2 * SIDE) as f64).exp();
    let max_row_count = max_count(rows.symbols().chunks_exact(SIDE));
    let max_column_count = max_count(columns.symbols().chunks_exact(SIDE));
    let cutoff = sanity_cutoff(h_i, alpha);
    let sanity = SanityCheck {
        max_row_count,
        max_column_count,
        alpha,
        cutoff,
        passed: max_row_count.max(max_column_count) <= cutoff,
    };
    let mut reasons = Vec::new();
    if !sanity.passed {
        reasons.push(format!(
            "sanity check (3.1.4.3) failed: a value occurs {} times in one row or column, more than the cutoff {}",
            max_row_count.max(max_column_count),
            cutoff
        ));
    }
    let (mut rows_non_iid, mut columns_non_iid, mut rows_iid, mut columns_iid) = (None, None, None, None);
    if !sanity.passed {
        return Ok(RestartReport {
            h_i,
            sanity,
            h_r: None,
            h_c: None,
            rows_non_iid,
            columns_non_iid,
            rows_iid,
            columns_iid,
            passed: false,
            reasons,
            assessed: None,
        });
    }
    let (h_r, h_c) = if iid {
        let (r, c) = rayon::join(
            || assess_iid(&rows, iid_options, &|_| {}),
            || assess_iid(&columns, iid_options, &|_| {}),
        );
        for (what, rep) in [("rows", &r), ("columns", &c)] {
            for why in &rep.reasons {
                reasons.push(format!("{what}: {why}"));
            }
        }
        let mcv = |s: &Samples| most_common_value(s.symbols()).map_or(word, |m| m.min_entropy.min(word));
        let h = (mcv(&rows), mcv(&columns));
        rows_iid = Some(r);
        columns_iid = Some(c);
        h
    } else {
        let options = NonIidOptions { mode: Mode::Initial, original_only: true, ..Default::default() };
        let r = assess_non_iid_with(&rows, options, &|_| {});
        let c = assess_non_iid_with(&columns, options, &|_| {});
        let h = (r.h_original.unwrap_or(word), c.h_original.unwrap_or(word));
        rows_non_iid = Some(r);
        columns_non_iid = Some(c);
        h
    };
    if h_r.min(h_c) < h_i / 2.0 {
        reasons.push(format!(
            "min(H_r, H_c) = {:.6} is less than H_I / 2 = {:.6} (3.1.4.2)",
            h_r.min(h_c),
            h_i / 2.0
        ));
    }
    Ok(RestartReport {
        h_i,
        sanity,
        h_r: Some(h_r),
        h_c: Some(h_c),
        rows_non_iid,
        columns_non_iid,
        rows_iid,
        columns_iid,
        passed: reasons.is_empty(),
        reasons,
        assessed: Some(h_r.min(h_c).min(h_i)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sp800_90b_3_1_4_3_cutoff_is_a_binomial_quantile() {
        // H_I = 1 (p = 1/2, two values): the count of one value among 1000 has mean 500 and
        // standard deviation 15.8; alpha ~ 5e-6 (two-sided over both values) puts the cutoff
        // near 500 + 4.6 sd.
        let alpha = 1.0 - (0.99f64.ln() / 2000.0).exp();
        let c = sanity_cutoff(1.0, alpha);
        assert!((568..=578).contains(&c), "{c}");
        // Higher entropy claims allow fewer repeats.
        assert!(sanity_cutoff(4.0, alpha) < sanity_cutoff(2.0, alpha));
        let tails = binomial_upper_tails(SIDE, 0.5);
        assert!((tails[0] - 1.0).abs() < 1e-12);
        // P(X >= 501) = (1 - P(X = 500)) / 2 with P(X = 500) = C(1000, 500) / 2^1000 = 0.0252250.
        assert!((tails[501] - (1.0 - 0.025_225_018) / 2.0).abs() < 1e-7, "{}", tails[501]);
    }
}
