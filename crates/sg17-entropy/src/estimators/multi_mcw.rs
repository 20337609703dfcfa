//! MultiMCW (Multi Most Common in Window) prediction estimate (SP 800-90B 6.3.7).

use super::Inapplicable;
use super::prediction::{PredictionEstimate, Tally, lowest_prefix, pack_low_bits, prediction_estimate};

/// Window sizes `w_1..w_4` (SP 800-90B 6.3.7 step 1).
pub const WINDOWS: [usize; 4] = [63, 255, 1023, 4095];

/// MultiMCW prediction estimate (SP 800-90B 6.3.7) over translated symbols in `0..k`.
///
/// Each subpredictor predicts the most common symbol of its window (ties: the most recently
/// seen); the prediction used is that of the subpredictor with the highest score so far (ties:
/// the larger window). Needs at least 4096 symbols.
///
/// ```
/// use sg17_entropy::estimators::multi_mcw::multi_mcw;
/// // Constant data with a few other symbols: almost always predicted.
/// let s: Vec<u8> = (0..10_000u32).map(|i| u8::from(i % 1000 == 0)).collect();
/// let e = multi_mcw(&s, 2).unwrap();
/// assert_eq!(e.predictions, 10_000 - 63);
/// assert!(e.min_entropy < 0.05);
/// ```
pub fn multi_mcw(symbols: &[u8], k: usize) -> Result<PredictionEstimate, Inapplicable> {
    let len = symbols.len();
    if len < WINDOWS[3] + 1 {
        return Err(Inapplicable::TooFewSymbols { needed: WINDOWS[3] + 1, got: len });
    }
    let k = k.max(usize::from(symbols.iter().copied().max().unwrap_or(0)) + 1);
    if k == 2 {
        return Ok(run_binary(symbols));
    }
    let nw = WINDOWS.len();
    let mut counts = vec![vec![0u64; k]; nw];
    let mut last_pos = vec![vec![0usize; k]; nw];
    let mut max_count = [0u64; 4];
    let mut frequent = [0u8; 4];
    let mut scoreboard = [0u64; 4];
    let mut winner = 0usize;
    let mut tally = Tally::default();

    // Initial window contents (each window starts with the first w_j symbols).
    for (i, &s) in symbols.iter().enumerate().take(WINDOWS[3]) {
        let s_ = usize::from(s);
        for j in 0..nw {
            if i < WINDOWS[j] {
                counts[j][s_] += 1;
                if max_count[j] <= counts[j][s_] {
                    max_count[j] = counts[j][s_];
                    frequent[j] = s;
                }
                last_pos[j][s_] = i;
            }
        }
    }

    for i in WINDOWS[0]..len {
        let s = symbols[i];
        let s_ = usize::from(s);
        tally.record(frequent[winner] == s);
        for j in 0..nw {
            if i >= WINDOWS[j] && frequent[j] == s {
                scoreboard[j] += 1;
                if scoreboard[j] >= scoreboard[winner] {
                    winner = j;
                }
            }
        }
        // Slide the windows and update their most common symbols.
        for j in 0..nw {
            if i < WINDOWS[j] {
                continue;
            }
            let out = symbols[i - WINDOWS[j]];
            counts[j][usize::from(out)] -= 1;
            counts[j][s_] += 1;
            last_pos[j][s_] = i;
            if out != frequent[j] && max_count[j] <= counts[j][s_] {
                max_count[j] = counts[j][s_];
                frequent[j] = s;
            } else if out == frequent[j] {
                let still = counts[j][usize::from(frequent[j])];
                if 2 * still > WINDOWS[j] as u64 {
                    // Still more than half of the window: still the most common symbol.
                    max_count[j] = still;
                } else {
                    max_count[j] -= 1;
                    let mut max_pos = i - WINDOWS[j];
                    for (sym, (&c, &pos)) in counts[j].iter().zip(&last_pos[j]).enumerate() {
                        if max_count[j] < c || (max_count[j] == c && max_pos <= pos) {
                            max_count[j] = c;
                            frequent[j] = sym as u8;
                            max_pos = pos;
                        }
                    }
                }
            }
        }
    }
    Ok(prediction_estimate(tally.correct, (len - WINDOWS[0]) as u64, tally.max_run, k))
}

/// The same computation for bitstrings. The windows have odd sizes, so two symbols never tie:
/// the most common symbol of a full window is its majority, kept with a running count of ones.
fn run_binary(s: &[u8]) -> PredictionEstimate {
    run_binary_with::<true>(s)
}

/// [`run_binary`] with the full windows' steps in chunks ([`chunked_steps`], `FAST`) or one at a
/// time (the tests compare the two).
fn run_binary_with<const FAST: bool>(s: &[u8]) -> PredictionEstimate {
    let len = s.len();
    let mut ones = [0usize; 4];
    for (j, w) in WINDOWS.iter().enumerate() {
        ones[j] = s[..*w].iter().map(|&b| usize::from(b & 1)).sum();
    }
    let mut scoreboard = [0u64; 4];
    let mut winner = 0usize;
    let mut tally = Tally::default();
    // Until the largest window is full, some subpredictors make no prediction yet.
    let warm = WINDOWS[3].min(len);
    for i in WINDOWS[0]..warm {
        let b = s[i] & 1;
        let predicted = |j: usize| u8::from(2 * ones[j] > WINDOWS[j]);
        tally.record(predicted(winner) == b);
        for j in 0..4 {
            if i >= WINDOWS[j] && predicted(j) == b {
                scoreboard[j] += 1;
                if scoreboard[j] >= scoreboard[winner] {
                    winner = j;
                }
            }
        }
        for j in 0..4 {
            if i >= WINDOWS[j] {
                ones[j] = ones[j] + usize::from(b) - usize::from(s[i - WINDOWS[j]] & 1);
            }
        }
    }
    // Then all four predict at every step.
    if FAST {
        chunked_steps(s, warm, &mut scoreboard, &mut winner, &mut tally);
    } else {
        // The same steps without branches on the data (random bits would mispredict them half
        // the time). The winner's score is kept apart (`best`), so that a step does not wait
        // for a load at an index it has just computed.
        let mut best = scoreboard[winner];
        for i in warm..len {
            let b = usize::from(s[i] & 1);
            let hits: [bool; 4] = std::array::from_fn(|j| usize::from(2 * ones[j] > WINDOWS[j]) == b);
            let mask = hits.iter().enumerate().fold(0u32, |acc, (j, &h)| acc | (u32::from(h) << j));
            step(&mut scoreboard, &mut winner, &mut best, &mut tally, mask);
            for j in 0..4 {
                ones[j] = ones[j] + b - usize::from(s[i - WINDOWS[j]] & 1);
            }
        }
    }
    prediction_estimate(tally.correct, (len - WINDOWS[0]) as u64, tally.max_run, 2)
}

/// One step of the scoreboard: `mask` has the windows whose prediction was right (bit `j`); the
/// winner's is recorded, each right window scores, and one that reaches the high score `best`
/// becomes the winner (in increasing window order: ties to the larger window).
#[inline(always)]
fn step(scoreboard: &mut [u64; 4], winner: &mut usize, best: &mut u64, tally: &mut Tally, mask: u32) {
    tally.record((mask >> *winner) & 1 == 1);
    for (j, score) in scoreboard.iter_mut().enumerate() {
        let hit = (mask >> j) & 1 == 1;
        *score += u64::from(hit);
        let take = hit & (*score >= *best);
        *winner = if take { j } else { *winner };
        *best = if take { *score } else { *best };
    }
}

/// Positions per chunk of [`chunked_steps`].
const CHUNK: usize = 1 << 14;

/// The steps of [`run_binary`] from position `from` on (every window full), a chunk at a time.
///
/// With `P[x]` the number of ones before position `x`, window `j`'s count at position `i` is
/// `P[i] - P[i - w_j]`, so its predictions (the majority: more than half ones) and hits over a
/// chunk come from one running sum, without a chain of updates per window; the hits are packed
/// 64 to a word. Then each run of 64 positions: when the other windows stay more than one behind
/// the winner while it keeps the lead (the lowest prefix sum of the difference of the hits, as
/// for Lag and MultiMMC), the winner predicts the run alone and the scores just add up their
/// hits; otherwise the run is stepped through.
fn chunked_steps(s: &[u8], from: usize, scoreboard: &mut [u64; 4], winner: &mut usize, tally: &mut Tally) {
    const W: usize = WINDOWS[3];
    let len = s.len();
    let mut best = scoreboard[*winner];
    // Running sums from `lo - W` (relative), hits as bytes, then as words.
    let mut sums = vec![0u32; CHUNK + W + 1];
    let mut hit_bytes = vec![[0u8; CHUNK]; 4];
    let mut hit_words = [[0u64; CHUNK / 64]; 4];
    let mut lo = from;
    while lo < len {
        let hi = (lo + CHUNK).min(len);
        let n = hi - lo;
        let base = lo - W;
        // sums[x] = ones in s[base..base + x].
        let mut acc = 0u32;
        for (x, &b) in s[base..hi].iter().enumerate() {
            sums[x] = acc;
            acc += u32::from(b & 1);
        }
        sums[hi - base] = acc;
        for (j, &w) in WINDOWS.iter().enumerate() {
            // Position lo + t is sums index W + t; its window starts at W + t - w.
            let (now, then) = (&sums[W..W + n], &sums[W - w..W - w + n]);
            for (((h, &b), &p), &q) in hit_bytes[j][..n].iter_mut().zip(&s[lo..hi]).zip(now).zip(then) {
                let majority = 2 * (p - q) > w as u32;
                *h = u8::from(majority == (b & 1 == 1));
            }
            pack_low_bits(&hit_bytes[j][..n], &mut hit_words[j]);
        }
        for (r, start) in (lo..hi).step_by(64).enumerate() {
            let m = (hi - start).min(64);
            let field = if m == 64 { u64::MAX } else { (1u64 << m) - 1 };
            let hits: [u64; 4] = std::array::from_fn(|j| hit_words[j][r] & field);
            let w = *winner;
            let alone =
                (0..4).all(|j| j == w || (best - scoreboard[j]) as i64 + lowest_prefix(hits[w], hits[j]) > 1);
            if alone {
                tally.record_bits(hits[w], m as u32);
                for (score, h) in scoreboard.iter_mut().zip(hits) {
                    *score += u64::from(h.count_ones());
                }
                best = scoreboard[w];
            } else {
                for t in 0..m {
                    let mask = (0..4).fold(0u32, |acc, j| acc | (((hits[j] >> t) & 1) as u32) << j);
                    step(scoreboard, winner, &mut best, tally, mask);
                }
            }
        }
        lo = hi;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chunked steps (running sums, packed hits, runs predicted by the winner alone) must
    /// agree with the steps one at a time (SP 800-90B 6.3.7), on random, biased and periodic
    /// bits, and on regimes that let other windows catch up.
    #[test]
    fn sp800_90b_6_3_7_chunked_steps_match_step_by_step() {
        use super::super::prediction::test_bits;
        let config = proptest::test_runner::Config { cases: 48, ..Default::default() };
        proptest::proptest!(config, |(seed: u64, regimes in proptest::collection::vec((0u32..=256, 0usize..300, 100usize..12_000), 1..5))| {
            let mut bits = Vec::new();
            for (k, &(ones, period, len)) in regimes.iter().enumerate() {
                bits.extend(test_bits(seed ^ k as u64, ones, period, len));
            }
            proptest::prop_assume!(bits.len() > WINDOWS[3]);
            proptest::prop_assert_eq!(run_binary_with::<true>(&bits), run_binary_with::<false>(&bits));
        });
    }

    /// The majority path for bitstrings must agree with the general path (forced with k = 3).
    #[test]
    fn binary_path_matches_general_path() {
        let mut x = 0x2545_F491_u32;
        for skew in [2, 3, 7] {
            let bits: Vec<u8> = (0..40_000)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    u8::from(x.is_multiple_of(skew)) ^ u8::from(i % 5000 < 300)
                })
                .collect();
            let (fast, general) = (multi_mcw(&bits, 2).unwrap(), multi_mcw(&bits, 3).unwrap());
            assert_eq!(
                (fast.correct, fast.r, fast.predictions),
                (general.correct, general.r, general.predictions)
            );
        }
    }
}
