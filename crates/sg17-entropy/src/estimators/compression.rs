//! Compression estimate (SP 800-90B 6.3.4), for bitstrings.

use super::Inapplicable;
use crate::math::{Kahan, SearchEnd, Z_ALPHA, bisect_decreasing};
use serde::Serialize;

/// Block size `b` in bits (SP 800-90B 6.3.4 step 1).
const B: usize = 6;
/// Dictionary initialisation length `d` in blocks (step 2).
const D: usize = 1000;
/// Number of distinct `b`-bit blocks.
const K: usize = 1 << B;
/// Powers `(1-z)^i` below this are treated as zero (see [`g`]).
const TAIL_CUTOFF: f64 = 1e-290;

/// Result of the Compression estimate (SP 800-90B 6.3.4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompressionEstimate {
    /// Mean `X-bar` of the log2 distances.
    pub x_bar: f64,
    /// `sigma-hat` (with the 0.5907 correction factor).
    pub sigma_hat: f64,
    /// Lower confidence bound `X-bar'`.
    pub x_bar_prime: f64,
    /// Solution `p` of step 7, or 2^-6 when there is none (`found_p` false).
    pub p: f64,
    /// Whether step 7 had a solution.
    pub found_p: bool,
    /// Min-entropy per bit, `-log2(p) / 6`.
    pub min_entropy: f64,
}

/// `log2(i)`, tabulated for the small `i` that the sums of [`g`] visit again and again (the
/// tail stops once it is settled, a few thousand terms near the uniform `z = 2^-6`, long before
/// `i` reaches the number of blocks unless `z` is tiny); larger `i` are computed, with the same
/// function, so the values do not change.
struct Log2 {
    table: Vec<f64>,
}

impl Log2 {
    const TABULATED: usize = 1 << 14;

    fn new(max: usize) -> Self {
        Log2 { table: (0..=max.clamp(D + 1, Self::TABULATED)).map(|i| (i as f64).log2()).collect() }
    }

    #[inline]
    fn get(&self, i: usize) -> f64 {
        match self.table.get(i) {
            Some(&v) => v,
            None => (i as f64).log2(),
        }
    }
}

/// `G(z)` of SP 800-90B 6.3.4 step 7, computed incrementally: the terms `log2(i) (1-z)^(i-1)`
/// share their powers, and the sum of sums collapses to one weighted sum.
fn g(z: f64, num_blocks: usize, log2: &Log2) -> f64 {
    g_with::<true>(z, num_blocks, log2).0
}

/// [`g`], stopping the tail once it can no longer change the result (`SETTLE`, see
/// [`tail_settled`]) or only at [`TAIL_CUTOFF`] (the tests compare the two); also returns the
/// index at which the tail stopped.
fn g_with<const SETTLE: bool>(z: f64, num_blocks: usize, log2: &Log2) -> (f64, usize) {
    let v = num_blocks - D;
    let bterm = 1.0 - z;
    let mut bi = bterm;
    let mut ai = Kahan::default();
    for lg in &log2.table[2..=D] {
        ai.add(lg * bi);
        bi *= bterm;
    }
    let ad1 = ai.sum();
    // The long tail: four interleaved lanes (terms i, i+1, i+2, i+3) so that the compensated
    // sums do not form one long dependency chain. The lanes' powers advance by (1-z)^4.
    let step = bterm * bterm * bterm * bterm;
    let mut b = [bi, bi * bterm, bi * bterm * bterm, bi * bterm * bterm * bterm];
    let mut a_lane = [Kahan::default(); 4];
    let mut f_lane = [Kahan::default(); 4];
    let mut i = D + 1;
    let mut truncated = false;
    let mut countdown = SETTLE_CHECK;
    'tail: while i < num_blocks {
        if i + 4 <= num_blocks {
            if SETTLE {
                countdown -= 1;
                if countdown == 0 {
                    countdown = SETTLE_CHECK;
                    if tail_settled(&a_lane, &f_lane, &b, step, i, num_blocks) {
                        truncated = true;
                        break 'tail;
                    }
                }
            }
            for l in 0..4 {
                let a = log2.get(i + l) * b[l];
                let scaled = (num_blocks - i - l) as f64 * a;
                // NIST's tool stops when a term underflows to zero. Stopping once the powers
                // drop below 1e-290 changes the sums by less than 1e-280 and keeps the loop out
                // of subnormal arithmetic, which is two orders of magnitude slower.
                if scaled <= 0.0 || b[l] < TAIL_CUTOFF {
                    // The remaining terms underflow to zero.
                    a_lane[l].add(a);
                    truncated = true;
                    break 'tail;
                }
                a_lane[l].add(a);
                f_lane[l].add(scaled);
                b[l] *= step;
            }
            i += 4;
        } else {
            let a = log2.get(i) * b[0];
            a_lane[0].add(a);
            let scaled = (num_blocks - i) as f64 * a;
            if scaled <= 0.0 || b[0] < TAIL_CUTOFF {
                truncated = true;
                break;
            }
            f_lane[0].add(scaled);
            b[0] *= bterm;
            i += 1;
        }
    }
    let mut first = Kahan::default();
    for lane in f_lane {
        first.add(lane.sum());
    }
    first.add((num_blocks - D) as f64 * ad1);
    for lane in a_lane {
        ai.add(lane.sum());
    }
    if !truncated {
        ai.add(log2.get(num_blocks) * b[0]);
    }
    (1.0 / v as f64 * z * (z * first.sum() + (ai.sum() - ad1)), i)
}

/// Iterations (of four terms) of the tail of [`g`] between two checks of [`tail_settled`].
const SETTLE_CHECK: u32 = 32;

/// Whether the rest of the tail of [`g`] from term `i` on (lane `l` at term `i + l` with power
/// `b[l]`, the powers advancing by `step`) can no longer change any of its sums, and the loop
/// would end at [`TAIL_CUTOFF`] (not at the last block): then stopping now gives the very same
/// result as running on.
///
/// The terms left in lane `l` are at most `log2(num_blocks) b[l] r^k` for `k = 0, 1, ...`, with
/// `r = step (1 + 2^-50)` covering the rounding of the products, so at most
/// `2 log2(num_blocks) b[l] / (1 - r)` together (the factor 2 for the rounding of the terms
/// and of this bound), and the scaled terms `num_blocks` times that; each lane's sum is
/// [`Kahan::settled`] against them. The loop ends at the cutoff once lane 0's power drops below
/// it, which happens within `ln(TAIL_CUTOFF / b[0]) / ln(r)` iterations (with 1% and two
/// iterations of margin): that has to come before the last full iteration.
fn tail_settled(
    a_lane: &[Kahan; 4],
    f_lane: &[Kahan; 4],
    b: &[f64; 4],
    step: f64,
    i: usize,
    num_blocks: usize,
) -> bool {
    let r = step * (1.0 + 1.0 / (1u64 << 50) as f64);
    if !(r > 0.0 && r < 1.0) || num_blocks >= 1 << 32 {
        return false;
    }
    let log_max = (num_blocks as f64).log2() + 1.0;
    let settled = (0..4).all(|l| {
        let tail = 2.0 * log_max * b[l] / (1.0 - r);
        a_lane[l].settled(tail) && f_lane[l].settled(num_blocks as f64 * tail)
    });
    if !settled || b[0].is_nan() || b[0] < TAIL_CUTOFF {
        return false;
    }
    let iterations = ((TAIL_CUTOFF / b[0]).ln() / r.ln()).ceil() * 1.01 + 2.0;
    iterations.is_finite() && (i as f64) + 4.0 * iterations + 4.0 <= num_blocks as f64
}

/// Expected value of the statistic for a near-uniform distribution with most likely block
/// probability `p` (step 7: `G(p) + (2^6 - 1) G(q)`).
fn expected(p: f64, num_blocks: usize, log2: &Log2) -> f64 {
    let q = (1.0 - p) / (K as f64 - 1.0);
    g(p, num_blocks, log2) + (K as f64 - 1.0) * g(q, num_blocks, log2)
}

/// Compression estimate (SP 800-90B 6.3.4) over a bitstring (values 0/1).
///
/// Needs more than 6 * 1000 bits.
///
/// ```
/// // A constant-period pattern compresses perfectly: the estimate is far below 1 bit per bit.
/// let bits: Vec<u8> = (0..60_000).map(|i| u8::from(i % 12 < 6)).collect();
/// let e = sg17_entropy::estimators::compression::compression(&bits).unwrap();
/// assert!(e.found_p && e.min_entropy < 0.1);
/// ```
pub fn compression(bits: &[u8]) -> Result<CompressionEstimate, Inapplicable> {
    let num_blocks = bits.len() / B;
    if num_blocks <= D {
        return Err(Inapplicable::TooFewSymbols { needed: (D + 1) * B, got: bits.len() });
    }
    let log2 = Log2::new(num_blocks);
    let block = |i: usize| -> usize {
        bits[i * B..(i + 1) * B].iter().fold(0usize, |acc, &b| (acc << 1) | usize::from(b & 1))
    };
    let mut dict = [0usize; K];
    for i in 0..D {
        dict[block(i)] = i + 1;
    }
    let v = num_blocks - D;
    let (mut x, mut sigma) = (Kahan::default(), Kahan::default());
    for i in D..num_blocks {
        let b = block(i);
        let l = log2.get(i + 1 - dict[b]);
        x.add(l);
        sigma.add(l * l);
        dict[b] = i + 1;
    }
    let x_bar = x.sum() / v as f64;
    let sigma_hat = 0.5907 * (sigma.sum() / (v as f64 - 1.0) - x_bar * x_bar).sqrt();
    let x_bar_prime = x_bar - Z_ALPHA * sigma_hat / (v as f64).sqrt();

    let ldomain = 1.0 / K as f64;
    let p = if expected(ldomain, num_blocks, &log2) > x_bar_prime {
        match bisect_decreasing(ldomain, 1.0, x_bar_prime, |p| expected(p, num_blocks, &log2)) {
            SearchEnd::Found(p) => p,
            SearchEnd::Failed => ldomain,
        }
    } else {
        -1.0
    };
    let (p, found_p, min_entropy) =
        if p > ldomain { (p, true, -p.log2() / B as f64) } else { (ldomain, false, 1.0) };
    Ok(CompressionEstimate { x_bar, sigma_hat, x_bar_prime, p, found_p, min_entropy })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stopping the tail of `G` once it is settled must give exactly (bit for bit) the value of
    /// the full tail, which runs on to the cutoff of the powers (SP 800-90B 6.3.4 step 7; the
    /// sums as NIST's tool makes them), over the range of `z` of the search and block counts
    /// from just past the dictionary to a few million bits.
    #[test]
    fn sp800_90b_6_3_4_settled_tail_matches_full_tail() {
        let config = proptest::test_runner::Config { cases: 400, ..Default::default() };
        let log2 = Log2::new(1_000_000);
        proptest::proptest!(config, |(z in 0.0f64..=1.0, tiny in 0.0f64..0.01, small in 0.0f64..0.05, blocks in (D + 1)..600_000usize)| {
            for z in [z, tiny, small, 1.0 / 64.0, (1.0 - small) / 63.0] {
                let (fast, _) = g_with::<true>(z, blocks, &log2);
                let (full, _) = g_with::<false>(z, blocks, &log2);
                proptest::prop_assert_eq!(fast.to_bits(), full.to_bits(), "z {} blocks {}", z, blocks);
            }
        });
    }

    /// The early stop does happen (else the test above compares a function with itself): on a
    /// million bits near the uniform `z = 2^-6` the tail stops at a fraction of the cutoff.
    #[test]
    fn settled_tail_stops_early_near_uniform() {
        let blocks = 1_000_000 / B;
        let log2 = Log2::new(blocks);
        for z in [1.0 / 64.0, (1.0 - 1.0 / 64.0) / 63.0, 0.02, 0.5] {
            let (_, fast) = g_with::<true>(z, blocks, &log2);
            let (_, full) = g_with::<false>(z, blocks, &log2);
            eprintln!("z {z}: tail stops at {fast} instead of {full}");
            assert!(fast < full / 4 || full < D + 200, "z {z}: {fast} of {full}");
        }
    }
}
