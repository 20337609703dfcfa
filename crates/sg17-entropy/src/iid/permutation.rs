//! Permutation testing (SP 800-90B 5.1): eleven statistics (19 values with the lags of the
//! periodicity and covariance tests) on the original sequence and on 10 000 shuffles of it.

use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;

/// Number of shuffles (SP 800-90B 5.1 step 2).
pub const PERMUTATIONS: usize = 10_000;

/// The statistics of SP 800-90B 5.1, in the order NIST's tool reports them.
pub const STATISTICS: [&str; 19] = [
    "excursion",
    "numDirectionalRuns",
    "lenDirectionalRuns",
    "numIncreasesDecreases",
    "numRunsMedian",
    "lenRunsMedian",
    "avgCollision",
    "maxCollision",
    "periodicity(1)",
    "periodicity(2)",
    "periodicity(8)",
    "periodicity(16)",
    "periodicity(32)",
    "covariance(1)",
    "covariance(2)",
    "covariance(8)",
    "covariance(16)",
    "covariance(32)",
    "compression",
];

/// The SP 800-90B clause of each statistic in [`STATISTICS`].
pub const CLAUSES: [&str; 19] = [
    "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.1.6", "5.1.7", "5.1.8", "5.1.9", "5.1.9", "5.1.9",
    "5.1.9", "5.1.9", "5.1.10", "5.1.10", "5.1.10", "5.1.10", "5.1.10", "5.1.11",
];

const LAGS: [usize; 5] = [1, 2, 8, 16, 32];

/// Inputs shared by every evaluation of the statistics.
#[derive(Debug, Clone)]
pub struct Sequence<'a> {
    /// Translated symbols in `0..k`.
    pub symbols: &'a [u8],
    /// Raw sample values (masked to the sample width).
    pub raw: &'a [u8],
    /// Alphabet size `k`.
    pub k: usize,
    /// Mean of the raw values.
    pub raw_mean: f64,
    /// Median of the translated symbols (0.5 for binary data, SP 800-90B 5.1.5).
    pub median: f64,
}

impl<'a> Sequence<'a> {
    /// Prepares the sequence: computes the raw mean and the median as NIST's tool does.
    #[must_use]
    pub fn new(symbols: &'a [u8], raw: &'a [u8], k: usize) -> Self {
        let n = symbols.len();
        let raw_mean = raw.iter().map(|&b| u64::from(b)).sum::<u64>() as f64 / n as f64;
        let median = if k == 2 || n == 0 {
            0.5
        } else {
            let mut counts = [0usize; 256];
            for &s in symbols {
                counts[usize::from(s)] += 1;
            }
            let nth = |idx: usize| -> f64 {
                let mut acc = 0;
                for (v, &c) in counts.iter().enumerate() {
                    acc += c;
                    if acc > idx {
                        return v as f64;
                    }
                }
                255.0
            };
            if n % 2 == 1 { nth(n / 2) } else { (nth(n / 2) + nth(n / 2 - 1)) / 2.0 }
        };
        Sequence { symbols, raw, k, raw_mean, median }
    }
}

/// Sums of 8-bit blocks (SP 800-90B 5.1, conversion I), for binary data.
fn conversion1(bits: &[u8]) -> Vec<u8> {
    bits.chunks(8).map(|c| c.iter().sum()).collect()
}

/// 8-bit blocks read as numbers, most significant bit first (5.1, conversion II).
fn conversion2(bits: &[u8]) -> Vec<u8> {
    bits.chunks(8).map(|c| c.iter().enumerate().fold(0u8, |acc, (i, &b)| acc | (b << (7 - i)))).collect()
}

/// Number of runs and length of the longest run in a sequence of +1/-1 given as booleans.
fn runs(seq: impl Iterator<Item = bool>) -> (f64, f64) {
    let (mut count, mut longest, mut run) = (0u64, 0u64, 0u64);
    let mut prev = None;
    for x in seq {
        if prev == Some(x) {
            run += 1;
        } else {
            count += 1;
            run = 1;
        }
        longest = longest.max(run);
        prev = Some(x);
    }
    (count as f64, longest as f64)
}

/// Collision times (5.1.7/5.1.8): scanning from each start, the number of samples up to and
/// including the first repeat; the next scan starts after the repeat.
fn collisions(data: &[u8]) -> (f64, f64) {
    let mut seen = [false; 256];
    let (mut sum, mut count, mut max) = (0u64, 0u64, 0u64);
    let mut start = 0;
    let mut j = 0;
    while start + j < data.len() {
        let s = usize::from(data[start + j]);
        if seen[s] {
            let t = j as u64 + 1;
            sum += t;
            count += 1;
            max = max.max(t);
            start += j + 1;
            j = 0;
            seen = [false; 256];
        } else {
            seen[s] = true;
            j += 1;
        }
    }
    let avg = if count == 0 { f64::NAN } else { sum as f64 / count as f64 };
    (avg, max as f64)
}

/// Length of the bzip2 (block size 5) compression of the samples written as decimal numbers
/// separated by spaces (5.1.11).
fn compressed_len(raw: &[u8]) -> f64 {
    let mut text = Vec::with_capacity(raw.len() * 4);
    for (i, &v) in raw.iter().enumerate() {
        if i > 0 {
            text.push(b' ');
        }
        let mut buf = [0u8; 3];
        let digits = if v >= 100 {
            buf = [b'0' + v / 100, b'0' + v / 10 % 10, b'0' + v % 10];
            3
        } else if v >= 10 {
            buf[..2].copy_from_slice(&[b'0' + v / 10, b'0' + v % 10]);
            2
        } else {
            buf[0] = b'0' + v;
            1
        };
        text.extend_from_slice(&buf[..digits]);
    }
    let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::new(5));
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(&text);
    enc.finish().map_or(0.0, |v| v.len() as f64)
}

/// Computes the statistics whose flag in `active` is set (others are left at -1).
///
/// `symbols` and `raw` must be the same permutation of the sequence's samples.
#[must_use]
pub fn statistics(seq: &Sequence<'_>, symbols: &[u8], raw: &[u8], active: &[bool; 19]) -> [f64; 19] {
    let mut t = [-1.0f64; 19];
    let binary = seq.k == 2;
    let any = |r: std::ops::Range<usize>| active[r].iter().any(|&a| a);
    if active[0] {
        // 5.1.1: maximum distance of the running sum from its expected value.
        let (mut sum, mut max) = (0.0f64, 0.0f64);
        for (i, &x) in raw.iter().enumerate() {
            sum += f64::from(x);
            max = max.max((sum - (i + 1) as f64 * seq.raw_mean).abs());
        }
        t[0] = max;
    }
    let c1 = if binary && (any(1..4) || any(8..18)) { conversion1(symbols) } else { Vec::new() };
    if any(1..4) {
        // 5.1.2 - 5.1.4 on the sequence of increases (S[i] <= S[i+1]) and decreases.
        let d: &[u8] = if binary { &c1 } else { symbols };
        let ups = d.windows(2).map(|w| w[0] <= w[1]);
        let (count, longest) = runs(ups.clone());
        let inc = ups.filter(|&u| u).count() as u64;
        let total = d.len().saturating_sub(1) as u64;
        t[1] = count;
        t[2] = longest;
        t[3] = inc.max(total - inc) as f64;
    }
    if any(4..6) {
        // 5.1.5, 5.1.6: runs above/below the median.
        let (count, longest) = runs(symbols.iter().map(|&x| f64::from(x) >= seq.median));
        t[4] = count;
        t[5] = longest;
    }
    if any(6..8) {
        let (avg, max) = if binary { collisions(&conversion2(symbols)) } else { collisions(symbols) };
        t[6] = avg;
        t[7] = max;
    }
    let (periodic, covar): (&[u8], &[u8]) = if binary { (&c1, &c1) } else { (symbols, raw) };
    for (j, &lag) in LAGS.iter().enumerate() {
        if active[8 + j] {
            // 5.1.9: number of i with S[i] = S[i + lag].
            let d = periodic;
            t[8 + j] = (0..d.len().saturating_sub(lag)).filter(|&i| d[i] == d[i + lag]).count() as f64;
        }
        if active[13 + j] {
            // 5.1.10: sum of S[i] S[i + lag].
            let d = covar;
            t[13 + j] = (0..d.len().saturating_sub(lag))
                .map(|i| u64::from(d[i]) * u64::from(d[i + lag]))
                .sum::<u64>() as f64;
        }
    }
    if active[18] {
        t[18] = compressed_len(raw);
    }
    t
}

/// Outcome of one statistic over the permutations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatisticResult {
    /// Name as in NIST's tool.
    pub name: &'static str,
    /// SP 800-90B clause.
    pub clause: &'static str,
    /// Value on the original sequence.
    pub original: f64,
    /// Shuffles where the statistic was larger (`C[i][0]`).
    pub greater: u32,
    /// Shuffles where it was equal (`C[i][1]`).
    pub equal: u32,
    /// Shuffles where it was smaller (`C[i][2]`).
    pub less: u32,
    /// Passed: `greater + equal > 5` and `equal + less > 5` (5.1 step 5).
    pub passed: bool,
}

/// Result of the permutation tests (SP 800-90B 5.1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PermutationReport {
    /// Per statistic.
    pub statistics: Vec<StatisticResult>,
    /// Shuffles performed (fewer than 10 000 when every statistic was decided early).
    pub permutations_run: usize,
    /// Seed of the shuffles.
    pub seed: u64,
    /// Every statistic passed.
    pub passed: bool,
}

/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64.
struct Xoshiro([u64; 4]);

impl Xoshiro {
    fn new(seed: u64, stream: u64) -> Self {
        let mut x = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Xoshiro([next(), next(), next(), next()])
    }

    fn next(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..=bound` without modulo bias (Lemire's multiply-and-reject).
    fn below_or_equal(&mut self, bound: u64) -> u64 {
        let s = bound + 1;
        loop {
            let m = u128::from(self.next()) * u128::from(s);
            let low = m as u64;
            if low >= s || low >= s.wrapping_neg() % s {
                return (m >> 64) as u64;
            }
        }
    }
}

/// Fisher-Yates shuffle of two parallel arrays with the same permutation.
fn shuffle(symbols: &mut [u8], raw: &mut [u8], rng: &mut Xoshiro) {
    for i in (1..symbols.len()).rev() {
        let j = rng.below_or_equal(i as u64) as usize;
        symbols.swap(i, j);
        raw.swap(i, j);
    }
}

/// Permutations evaluated between two updates of the decided statistics. Fixed, so that the
/// result does not depend on the number of threads.
const BATCH: usize = 32;

/// Runs the permutation tests (SP 800-90B 5.1) with `permutations` shuffles (10 000 in the
/// standard). Shuffle `i` is drawn from its own xoshiro256** stream derived from `seed` and `i`,
/// so the result is deterministic. A statistic stops being evaluated once it has passed (as in
/// NIST's tool); `progress` is called with the number of shuffles done.
pub fn permutation_tests(
    seq: &Sequence<'_>,
    permutations: usize,
    seed: u64,
    progress: &(dyn Fn(usize) + Sync),
) -> PermutationReport {
    let all = [true; 19];
    let original = statistics(seq, seq.symbols, seq.raw, &all);
    let mut counts = [[0u32; 3]; 19];
    let mut active = all;
    let mut done = 0;
    while done < permutations && active.iter().any(|&a| a) {
        let end = (done + BATCH).min(permutations);
        let snapshot = active;
        let results: Vec<[f64; 19]> = (done..end)
            .into_par_iter()
            .map(|i| {
                let mut rng = Xoshiro::new(seed, i as u64);
                let mut symbols = seq.symbols.to_vec();
                let mut raw = seq.raw.to_vec();
                shuffle(&mut symbols, &mut raw, &mut rng);
                statistics(seq, &symbols, &raw, &snapshot)
            })
            .collect();
        for tp in results {
            for j in 0..19 {
                if !active[j] {
                    continue;
                }
                let c = &mut counts[j];
                if tp[j] > original[j] {
                    c[0] += 1;
                } else if tp[j] == original[j] {
                    c[1] += 1;
                } else {
                    c[2] += 1;
                }
                if c[0] + c[1] > 5 && c[1] + c[2] > 5 {
                    active[j] = false;
                }
            }
        }
        done = end;
        progress(done);
    }
    let statistics: Vec<StatisticResult> = (0..19)
        .map(|j| {
            let [greater, equal, less] = counts[j];
            StatisticResult {
                name: STATISTICS[j],
                clause: CLAUSES[j],
                original: original[j],
                greater,
                equal,
                less,
                passed: greater + equal > 5 && equal + less > 5,
            }
        })
        .collect();
    let passed = statistics.iter().all(|s| s.passed);
    PermutationReport { statistics, permutations_run: done, seed, passed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sp800_90b_5_1_conversions() {
        // 5.1 conversion I and II on 0110 1011 1 (hand-checked).
        let bits = [0, 1, 1, 0, 1, 0, 1, 1, 1];
        assert_eq!(conversion1(&bits), vec![5, 1]);
        assert_eq!(conversion2(&bits), vec![0b0110_1011, 0b1000_0000]);
    }

    #[test]
    fn sp800_90b_5_1_2_to_5_1_4_directional_runs() {
        // S = 5 15 12 1 13 9 4: S' = +1 -1 -1 +1 -1 -1 (<= counts as +1); runs: 4,
        // longest 2, max(increases 2, decreases 4) = 4.
        let s = [5u8, 15, 12, 1, 13, 9, 4];
        let seq = Sequence::new(&s, &s, 16);
        let t = statistics(&seq, &s, &s, &[true; 19]);
        assert_eq!((t[1], t[2], t[3]), (4.0, 2.0, 4.0));
    }

    #[test]
    fn sp800_90b_5_1_7_collisions() {
        // 2 1 1 | 2 0 1 0 | 5 3 ... : collision times 3 and 4; the tail has no repeat.
        let (avg, max) = collisions(&[2, 1, 1, 2, 0, 1, 0, 5, 3]);
        assert_eq!((avg, max), (3.5, 4.0));
    }

    #[test]
    fn shuffles_are_permutations_and_deterministic() {
        let mut a: Vec<u8> = (0..=255).collect();
        let mut b = a.clone();
        shuffle(&mut a, &mut b, &mut Xoshiro::new(7, 3));
        assert_eq!(a, b);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..=255).collect::<Vec<u8>>());
        let mut c: Vec<u8> = (0..=255).collect();
        let mut d = c.clone();
        shuffle(&mut c, &mut d, &mut Xoshiro::new(7, 3));
        assert_eq!(a, c);
    }
}
