//! Markov estimate (SP 800-90B 6.3.3), for bitstrings.

use super::{Inapplicable, need};
use serde::Serialize;

/// Result of the Markov estimate (SP 800-90B 6.3.3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkovEstimate {
    /// `P_0`, proportion of zeros.
    pub p0: f64,
    /// `P_1`, proportion of ones.
    pub p1: f64,
    /// Transition probability `P_{0,0}`.
    pub p00: f64,
    /// Transition probability `P_{0,1}`.
    pub p01: f64,
    /// Transition probability `P_{1,0}`.
    pub p10: f64,
    /// Transition probability `P_{1,1}`.
    pub p11: f64,
    /// Probability of the most likely 128-bit sequence, `p-hat_max`.
    pub p_max: f64,
    /// Min-entropy per bit, `min(-log2(p-hat_max)/128, 1)`.
    pub min_entropy: f64,
}

/// Markov estimate (SP 800-90B 6.3.3) over a bitstring (values 0/1).
///
/// Hand-checked with the steps of 6.3.3 on S = (0, 0, 1, 1): P_0 = P_1 = 0.5, P_{0,0} = 0.5,
/// P_{1,1} = 1, so the sequence 11...1 has probability 0.5 and the estimate is 1/128 bit per bit.
///
/// ```
/// let e = sg17_entropy::estimators::markov::markov(&[0, 0, 1, 1]).unwrap();
/// assert_eq!((e.p0, e.p00, e.p11), (0.5, 0.5, 1.0));
/// assert_eq!(e.p_max, 0.5);
/// assert_eq!(e.min_entropy, 1.0 / 128.0);
/// ```
pub fn markov(bits: &[u8]) -> Result<MarkovEstimate, Inapplicable> {
    need(bits, 2)?;
    let n = bits.len();
    // Counted without branches on the data (random bits would mispredict half the time), in
    // blocks whose 32-bit counters cannot overflow.
    let (mut c0, mut c00, mut c10) = (0u64, 0u64, 0u64);
    for (a, b) in bits[..n - 1].chunks(1 << 24).zip(bits[1..].chunks(1 << 24)) {
        let (mut z, mut zz, mut oz) = (0u32, 0u32, 0u32);
        for (&x, &y) in a.iter().zip(b) {
            let (x0, y0) = (u32::from(x == 0), u32::from(y == 0));
            z += x0;
            zz += x0 & y0;
            oz += (1 - x0) & y0;
        }
        c0 += u64::from(z);
        c00 += u64::from(zz);
        c10 += u64::from(oz);
    }
    let c1 = (n - 1) as u64 - c0;
    let (p00, p01) = if c0 > 0 {
        let p = c00 as f64 / c0 as f64;
        (p, 1.0 - p)
    } else {
        (0.0, 0.0)
    };
    let (p10, p11) = if c1 > 0 {
        let p = c10 as f64 / c1 as f64;
        (p, 1.0 - p)
    } else {
        (0.0, 0.0)
    };
    if bits[n - 1] == 0 {
        c0 += 1;
    }
    let p0 = c0 as f64 / n as f64;
    let p1 = 1.0 - p0;
    // The six candidate most-likely sequences of 128 bits (SP 800-90B 6.3.3 step 4).
    let mut h_min = 128.0f64;
    let mut consider = |ok: bool, h: f64| {
        if ok && h < h_min {
            h_min = h;
        }
    };
    consider(p00 > 0.0, -p0.log2() - 127.0 * p00.log2());
    consider(p01 > 0.0 && p10 > 0.0, -p0.log2() - 64.0 * p01.log2() - 63.0 * p10.log2());
    consider(p01 > 0.0 && p11 > 0.0, -p0.log2() - p01.log2() - 126.0 * p11.log2());
    consider(p10 > 0.0 && p00 > 0.0, -p1.log2() - p10.log2() - 126.0 * p00.log2());
    consider(p10 > 0.0 && p01 > 0.0, -p1.log2() - 64.0 * p10.log2() - 63.0 * p01.log2());
    consider(p11 > 0.0, -p1.log2() - 127.0 * p11.log2());
    Ok(MarkovEstimate {
        p0,
        p1,
        p00,
        p01,
        p10,
        p11,
        p_max: 2f64.powf(-h_min),
        min_entropy: (h_min / 128.0).min(1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The branch-free counts must give the transition probabilities of SP 800-90B 6.3.3 step 2,
    /// counted here pair by pair.
    #[test]
    fn sp800_90b_6_3_3_transition_counts_match_the_definition() {
        proptest::proptest!(|(bits in proptest::collection::vec(0u8..2, 2..400))| {
            let (mut c0, mut c00, mut c10) = (0u64, 0u64, 0u64);
            for w in bits.windows(2) {
                match (w[0], w[1]) {
                    (0, 0) => { c0 += 1; c00 += 1; }
                    (0, _) => c0 += 1,
                    (_, 0) => c10 += 1,
                    _ => {}
                }
            }
            let c1 = (bits.len() - 1) as u64 - c0;
            let e = markov(&bits).unwrap();
            let p00 = if c0 > 0 { c00 as f64 / c0 as f64 } else { 0.0 };
            let p10 = if c1 > 0 { c10 as f64 / c1 as f64 } else { 0.0 };
            proptest::prop_assert_eq!((e.p00, e.p10), (p00, p10));
        });
    }
}
