//! Longest Repeated Substring (LRS) estimate (SP 800-90B 6.3.6).

use super::Inapplicable;
use super::suffix::{TupleCounts, tuple_counts};
use super::t_tuple::CUTOFF;
use crate::math::upper_bound;
use serde::Serialize;

/// Result of the LRS estimate (SP 800-90B 6.3.6).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LrsEstimate {
    /// `u`: the smallest length whose most common tuple occurs fewer than 35 times.
    pub u: usize,
    /// `v`: the length of the longest repeated substring.
    pub v: usize,
    /// `p-hat = max_W (sum_i C(C_i, 2) / C(L - W + 1, 2))^(1/W)` for `u <= W <= v`.
    pub p_hat: f64,
    /// Upper confidence bound `p_u`.
    pub p_u: f64,
    /// `-log2(p_u)`.
    pub min_entropy: f64,
}

pub(crate) fn lrs_from_counts(n: usize, c: &TupleCounts) -> Result<LrsEstimate, Inapplicable> {
    let u = (1..c.q.len()).find(|&i| c.q[i] < CUTOFF).unwrap_or(c.v + 1);
    let v = c.v;
    if v < u {
        return Err(Inapplicable::LrsTooShort { u, v });
    }
    let p_hat = (u..=v)
        .map(|w| {
            let m = (n - w + 1) as u128;
            let pairs = m * (m - 1) / 2;
            (c.s[w] as f64 / pairs as f64).powf(1.0 / w as f64)
        })
        .fold(0.0f64, f64::max);
    let p_u = upper_bound(p_hat, n as f64);
    Ok(LrsEstimate { u, v, p_hat, p_u, min_entropy: -p_u.log2() })
}

/// LRS estimate (SP 800-90B 6.3.6) over symbols of any alphabet.
///
/// Hand-checked with 6.3.6 on S = (0, 1, 0, 1, 0, 1, 2): no tuple occurs 35 times, so u = 1;
/// the longest repeated substring is (0, 1, 0, 1), v = 4. The collision proportions are
/// W = 1: 6/21, W = 2: (4/15)^(1/2) = 0.516, W = 3: (2/10)^(1/3) = 0.585 and
/// W = 4: (1/6)^(1/4) = 0.6389, the maximum.
///
/// ```
/// let e = sg17_entropy::estimators::lrs::lrs(&[0, 1, 0, 1, 0, 1, 2]).unwrap();
/// assert_eq!((e.u, e.v), (1, 4));
/// assert!((e.p_hat - (1.0f64 / 6.0).powf(0.25)).abs() < 1e-12);
/// ```
pub fn lrs(symbols: &[u8]) -> Result<LrsEstimate, Inapplicable> {
    lrs_from_counts(symbols.len(), &tuple_counts(symbols)?)
}
