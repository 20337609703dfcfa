//! Chi-square tests of independence and goodness of fit (SP 800-90B 5.2.1 - 5.2.4).

use crate::math::chi_square_p_value;
use serde::Serialize;

/// Significance level of the chi-square tests (SP 800-90B 5.2: fail if p-value < 0.001).
pub const ALPHA: f64 = 0.001;

/// Result of one chi-square test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChiSquareResult {
    /// The statistic `T`.
    pub t: f64,
    /// Degrees of freedom.
    pub df: i64,
    /// p-value (`Q(df/2, T/2)`, 1 when `df <= 0`).
    pub p_value: f64,
    /// `p_value >= 0.001`.
    pub passed: bool,
}

impl ChiSquareResult {
    fn new(t: f64, df: i64) -> Self {
        let p_value = chi_square_p_value(t, df as f64);
        ChiSquareResult { t, df, p_value, passed: p_value >= ALPHA }
    }
}

/// Symbol proportions accumulated as NIST's tool does (adding `1/n` per occurrence), so that
/// the binning below sorts ties identically.
fn proportions(symbols: &[u8], k: usize) -> Vec<f64> {
    let mut counts = vec![0usize; k];
    for &s in symbols {
        counts[usize::from(s)] += 1;
    }
    let step = 1.0 / symbols.len() as f64;
    counts
        .iter()
        .map(|&c| {
            let mut p = 0.0;
            for _ in 0..c {
                p += step;
            }
            p
        })
        .collect()
}

/// Groups cells (sorted by expectation, then index) into bins of expectation at least 5,
/// merging a short last bin into its predecessor. Returns each cell's bin and the bins'
/// expectations.
fn allocate_bins(expectations: &[f64]) -> (Vec<usize>, Vec<f64>) {
    let mut order: Vec<usize> = (0..expectations.len()).collect();
    order.sort_by(|&a, &b| expectations[a].total_cmp(&expectations[b]).then(a.cmp(&b)));
    let mut bin_of = vec![0usize; expectations.len()];
    let mut bins = Vec::new();
    let mut current = 0.0;
    let mut bin = 0;
    for &cell in &order {
        if current >= 5.0 {
            bins.push(current);
            bin += 1;
            current = 0.0;
        }
        bin_of[cell] = bin;
        current += expectations[cell];
    }
    if bin != 0 && current < 5.0 {
        for &cell in order.iter().rev() {
            if bin_of[cell] != bin {
                break;
            }
            bin_of[cell] = bin - 1;
        }
        bins[bin - 1] += current;
    } else {
        bins.push(current);
    }
    (bin_of, bins)
}

fn statistic(observed: &[u64], expected: &[f64]) -> f64 {
    observed.iter().zip(expected).map(|(&o, &e)| (o as f64 - e).powi(2) / e).sum()
}

/// Chi-square test of independence for non-binary data (SP 800-90B 5.2.1): counts of
/// non-overlapping pairs against the products of the symbol proportions.
#[must_use]
pub fn independence(symbols: &[u8], k: usize) -> ChiSquareResult {
    if k == 2 {
        return binary_independence(symbols);
    }
    let p = proportions(symbols, k);
    let half = (symbols.len() / 2) as f64;
    let expectations: Vec<f64> = (0..k * k).map(|idx| p[idx / k] * p[idx % k] * half).collect();
    let (bin_of, bins) = allocate_bins(&expectations);
    let mut observed = vec![0u64; bins.len()];
    for pair in symbols.chunks_exact(2) {
        observed[bin_of[usize::from(pair[0]) * k + usize::from(pair[1])]] += 1;
    }
    ChiSquareResult::new(statistic(&observed, &bins), bins.len() as i64 - k as i64)
}

/// Chi-square test of goodness of fit for non-binary data (SP 800-90B 5.2.2): symbol counts in
/// ten equal parts against the overall proportions.
#[must_use]
pub fn goodness_of_fit(symbols: &[u8], k: usize) -> ChiSquareResult {
    if k == 2 {
        return binary_goodness_of_fit(symbols);
    }
    let p = proportions(symbols, k);
    let tenth = symbols.len() / 10;
    let expectations: Vec<f64> = p.iter().map(|&pi| pi * tenth as f64).collect();
    let (bin_of, bins) = allocate_bins(&expectations);
    let mut t = 0.0;
    for part in symbols.chunks_exact(tenth.max(1)).take(10) {
        let mut observed = vec![0u64; bins.len()];
        for &s in part {
            observed[bin_of[usize::from(s)]] += 1;
        }
        t += statistic(&observed, &bins);
    }
    ChiSquareResult::new(t, 9 * (bins.len() as i64 - 1))
}

/// Chi-square test of independence for binary data (SP 800-90B 5.2.3): counts of
/// non-overlapping `m`-bit tuples, `m` the largest value up to 11 with at least 5 expected
/// occurrences of the rarest tuple.
#[must_use]
pub fn binary_independence(bits: &[u8]) -> ChiSquareResult {
    let n = bits.len();
    let ones: usize = bits.iter().map(|&b| usize::from(b)).sum();
    let p1 = ones as f64 / n as f64;
    let p0 = 1.0 - p1;
    let min_p = p0.min(p1);
    let mut m = 11usize;
    while m > 1 {
        // NIST's tool divides n by m in integers here.
        if min_p.powi(m as i32) * ((n / m) as f64) >= 5.0 {
            break;
        }
        m -= 1;
    }
    if m < 2 {
        return ChiSquareResult { t: 0.0, df: 0, p_value: 1.0, passed: true };
    }
    let blocks = n / m;
    let mut occ = vec![0u64; 1 << m];
    for block in bits.chunks_exact(m).take(blocks) {
        let v = block.iter().fold(0usize, |acc, &b| (acc << 1) | usize::from(b));
        occ[v] += 1;
    }
    let t = occ
        .iter()
        .enumerate()
        .map(|(v, &o)| {
            let w = v.count_ones() as i32;
            let e = p1.powi(w) * p0.powi(m as i32 - w) * blocks as f64;
            (o as f64 - e).powi(2) / e
        })
        .sum();
    ChiSquareResult::new(t, (1i64 << m) - 2)
}

/// Chi-square test of goodness of fit for binary data (SP 800-90B 5.2.4): zeros and ones in ten
/// equal parts against the overall proportion.
#[must_use]
pub fn binary_goodness_of_fit(bits: &[u8]) -> ChiSquareResult {
    let n = bits.len();
    let sub = n / 10;
    let ones: usize = bits.iter().map(|&b| usize::from(b)).sum();
    let p = ones as f64 / n as f64;
    let e0 = (1.0 - p) * sub as f64;
    let e1 = p * sub as f64;
    let mut t = 0.0;
    for i in 0..10 {
        let o1: usize = bits[i * sub..(i + 1) * sub].iter().map(|&b| usize::from(b)).sum();
        let o0 = sub - o1;
        t += (o0 as f64 - e0).powi(2) / e0 + (o1 as f64 - e1).powi(2) / e1;
    }
    ChiSquareResult::new(t, 9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sp800_90b_5_2_4_binary_goodness_of_fit_hand_checked() {
        // Ten parts of 10 bits; parts 0-4 hold 3 ones, parts 5-9 hold 7: p = 0.5, e0 = e1 = 5,
        // each part contributes (2^2 + 2^2) / 5 = 1.6, T = 16 with 9 df.
        let mut bits = Vec::new();
        for part in 0..10 {
            let ones = if part < 5 { 3 } else { 7 };
            bits.extend((0..10).map(|i| u8::from(i < ones)));
        }
        let r = binary_goodness_of_fit(&bits);
        assert!((r.t - 16.0).abs() < 1e-12);
        assert_eq!(r.df, 9);
        assert!(r.passed);
    }

    #[test]
    fn bins_merge_short_tail() {
        let (bin_of, bins) = allocate_bins(&[3.0, 3.0, 3.0]);
        // Bin 0 gets 6.0; the remaining 3.0 is merged into it.
        assert_eq!(bins, vec![9.0]);
        assert_eq!(bin_of, vec![0, 0, 0]);
    }
}
