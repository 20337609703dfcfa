//! t-Tuple estimate (SP 800-90B 6.3.5).

use super::Inapplicable;
use super::lrs::{LrsEstimate, lrs_from_counts};
use super::suffix::{TupleCounts, tuple_counts};
use crate::math::upper_bound;
use serde::Serialize;

/// Minimum number of occurrences of a tuple for its length to be used (6.3.5 step 1).
pub const CUTOFF: u64 = 35;

/// Result of the t-Tuple estimate (SP 800-90B 6.3.5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TTupleEstimate {
    /// Largest `t` whose most common `t`-tuple occurs at least 35 times.
    pub t: usize,
    /// `p-hat_max = max_i (Q[i] / (L - i + 1))^(1/i)`.
    pub p_hat_max: f64,
    /// Upper confidence bound `p_u`.
    pub p_u: f64,
    /// `-log2(p_u)`.
    pub min_entropy: f64,
}

pub(crate) fn t_tuple_from_counts(n: usize, c: &TupleCounts) -> Result<TTupleEstimate, Inapplicable> {
    // u - 1 = t: the last length with Q[t] >= 35 (Q is non-increasing).
    let t = (1..c.q.len()).take_while(|&i| c.q[i] >= CUTOFF).last().ok_or(Inapplicable::NoFrequentTuple)?;
    let p_hat_max = (1..=t)
        .map(|i| (c.q[i] as f64 / (n - i + 1) as f64).powf(1.0 / i as f64))
        .fold(f64::NEG_INFINITY, f64::max);
    let p_u = upper_bound(p_hat_max, n as f64);
    Ok(TTupleEstimate { t, p_hat_max, p_u, min_entropy: -p_u.log2() })
}

/// t-Tuple estimate (SP 800-90B 6.3.5) over symbols of any alphabet.
///
/// Hand-checked with 6.3.5: in 40 zeros followed by (1, 2), the most common t-tuple is
/// 0...0, occurring 41 - t times, so t = 6 (35 occurrences) and
/// p-hat_max = max_(i<=6) ((41 - i) / (43 - i))^(1/i) = (35/37)^(1/6) (at i = 6).
///
/// ```
/// let mut s = vec![0u8; 40];
/// s.extend([1, 2]);
/// let e = sg17_entropy::estimators::t_tuple::t_tuple(&s).unwrap();
/// assert_eq!(e.t, 6);
/// assert!((e.p_hat_max - (35.0f64 / 37.0).powf(1.0 / 6.0)).abs() < 1e-12);
/// ```
pub fn t_tuple(symbols: &[u8]) -> Result<TTupleEstimate, Inapplicable> {
    t_tuple_from_counts(symbols.len(), &tuple_counts(symbols)?)
}

/// Both tuple estimates, t-Tuple (6.3.5) and LRS (6.3.6), from one set of tuple counts.
///
/// ```
/// let s: Vec<u8> = (0..5000u32).map(|i| ((i * 7919) % 13 % 4) as u8).collect();
/// let (t, l) = sg17_entropy::estimators::t_tuple::tuple_estimates(&s);
/// assert!(t.is_ok() && l.is_ok());
/// ```
pub fn tuple_estimates(
    symbols: &[u8],
) -> (Result<TTupleEstimate, Inapplicable>, Result<LrsEstimate, Inapplicable>) {
    match tuple_counts(symbols) {
        Ok(c) => (t_tuple_from_counts(symbols.len(), &c), lrs_from_counts(symbols.len(), &c)),
        Err(e) => (Err(e.clone()), Err(e)),
    }
}
