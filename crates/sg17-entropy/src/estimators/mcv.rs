//! Most Common Value estimate (SP 800-90B 6.3.1).

use super::{Inapplicable, need};
use crate::math::upper_bound;
use serde::Serialize;

/// Result of the Most Common Value estimate (SP 800-90B 6.3.1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McvEstimate {
    /// Occurrences of the most common value.
    pub mode_count: u64,
    /// `p-hat`, its proportion.
    pub p_hat: f64,
    /// `p_u`, the upper bound of its 99% confidence interval.
    pub p_u: f64,
    /// `-log2(p_u)`.
    pub min_entropy: f64,
}

/// Most Common Value estimate (SP 800-90B 6.3.1) over symbols of any alphabet.
///
/// Hand-checked with the formulas of 6.3.1 on S = (0,1,1,2,0,1,2,2,0,1,0,1,1,0,2,2,1,0,2,1):
/// the mode (1) occurs 8 times, p-hat = 0.4, p_u = 0.4 + 2.5758 * sqrt(0.4 * 0.6 / 19) = 0.68950,
/// min-entropy = -log2(0.68950) = 0.53639.
///
/// ```
/// let s = [0, 1, 1, 2, 0, 1, 2, 2, 0, 1, 0, 1, 1, 0, 2, 2, 1, 0, 2, 1];
/// let e = sg17_entropy::estimators::mcv::most_common_value(&s).unwrap();
/// assert_eq!(e.mode_count, 8);
/// assert!((e.p_u - 0.68950).abs() < 1e-5);
/// assert!((e.min_entropy - 0.53639).abs() < 1e-5);
/// ```
pub fn most_common_value(symbols: &[u8]) -> Result<McvEstimate, Inapplicable> {
    need(symbols, 2)?;
    // Bits: the ones counted in blocks that the compiler vectorises (byte sums of at most
    // 2^24 ones fit in a u32).
    let mode_count = if symbols.iter().fold(0u8, |acc, &s| acc | s) <= 1 {
        let ones: u64 =
            symbols.chunks(1 << 24).map(|c| u64::from(c.iter().map(|&b| u32::from(b)).sum::<u32>())).sum();
        ones.max(symbols.len() as u64 - ones)
    } else {
        histogram_mode(symbols)
    };
    let n = symbols.len() as f64;
    let p_hat = mode_count as f64 / n;
    let p_u = upper_bound(p_hat, n);
    Ok(McvEstimate { mode_count, p_hat, p_u, min_entropy: -p_u.log2() })
}

/// The count of the most common value of `symbols`.
fn histogram_mode(symbols: &[u8]) -> u64 {
    // Four interleaved histograms: consecutive equal symbols (most of them on a bitstring) do
    // not wait for each other's counter update.
    let mut counts = [[0u64; 256]; 4];
    let mut quads = symbols.chunks_exact(4);
    for q in &mut quads {
        counts[0][usize::from(q[0])] += 1;
        counts[1][usize::from(q[1])] += 1;
        counts[2][usize::from(q[2])] += 1;
        counts[3][usize::from(q[3])] += 1;
    }
    for &s in quads.remainder() {
        counts[0][usize::from(s)] += 1;
    }
    (0..256).map(|v| counts.iter().map(|c| c[v]).sum::<u64>()).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The count of ones on bits must give the mode of the histogram (SP 800-90B 6.3.1 step 1),
    /// on bits with any share of ones and on inputs that are not bits.
    #[test]
    fn sp800_90b_6_3_1_bits_match_histogram() {
        proptest::proptest!(|(s in proptest::collection::vec(0u8..=1, 2..3000), wide in proptest::collection::vec(0u8..=3, 2..300))| {
            let e = most_common_value(&s).unwrap();
            proptest::prop_assert_eq!(e.mode_count, histogram_mode(&s));
            let e = most_common_value(&wide).unwrap();
            proptest::prop_assert_eq!(e.mode_count, histogram_mode(&wide));
        });
    }
}
