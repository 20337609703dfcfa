//! MultiMMC (Multi Markov Model with Counting) prediction estimate (SP 800-90B 6.3.9).

use super::Inapplicable;
use super::prediction::{Compact, PredictionEstimate, Tally, pack, prediction_estimate};
#[cfg(test)]
use super::prediction::{MapCounts, PrefixCounts};

/// Number of Markov models, orders 1..=D (SP 800-90B 6.3.9 step 1).
pub const D: usize = 16;
/// Maximum number of `(prefix, next)` entries per model (6.3.9 step 1, `MAX_ENTRIES`).
pub const MAX_ENTRIES: u64 = 100_000;

/// MultiMMC prediction estimate (SP 800-90B 6.3.9) over translated symbols in `0..k`.
///
/// Model `d` predicts the most frequent successor of the last `d` symbols (ties: the larger
/// symbol); the prediction used is that of the best-scoring model so far (ties: the higher
/// order). Needs at least 3 symbols.
///
/// ```
/// use sg17_entropy::estimators::multi_mmc::multi_mmc;
/// let s: Vec<u8> = (0..3000u32).map(|i| (i % 3) as u8).collect();
/// let e = multi_mmc(&s, 3).unwrap();
/// assert_eq!(e.predictions, 2998);
/// assert!(e.correct > 2990);
/// ```
pub fn multi_mmc(symbols: &[u8], k: usize) -> Result<PredictionEstimate, Inapplicable> {
    if symbols.len() < 3 {
        return Err(Inapplicable::TooFewSymbols { needed: 3, got: symbols.len() });
    }
    let k = k.max(usize::from(symbols.iter().copied().max().unwrap_or(0)) + 1);
    if k <= 2 {
        Ok(run_binary(symbols))
    } else if symbols.len() < i32::MAX as usize {
        Ok(run_compact(symbols, k))
    } else {
        Err(Inapplicable::TooLong(symbols.len()))
    }
}

/// The steps of [`run`] with the [`Compact`] dictionary.
fn run_compact(s: &[u8], k: usize) -> PredictionEstimate {
    let len = s.len();
    let n = len - 2;
    // Never more prefixes than pairs.
    let mut dict = Compact::new(s, (D * (MAX_ENTRIES as usize + 1)).min(D * len));
    let mut entries = [0u64; D];
    let mut scoreboard = [0u64; D];
    let mut winner = 0usize;
    let mut tally = Tally::default();
    for d in 0..D.min(n) {
        dict.observe(d, pack(s, d, d), d, s[d + 1], true, true);
        entries[d] = 1;
    }
    for i in 2..len {
        let cur_winner = winner;
        let mut found = false;
        let mut prefix = 0u128;
        let y = s[i];
        for d in 0..D.min(i - 1) {
            prefix |= u128::from(s[i - d - 1]) << (8 * d as u32);
            if d == 0 || found {
                let room = entries[d] < MAX_ENTRIES;
                let (prediction, new_pair) = dict.observe(d, prefix, i - 1, y, room, room);
                found = prediction.is_some();
                if let Some((p, _)) = prediction {
                    if p == y {
                        scoreboard[d] += 1;
                        if scoreboard[d] >= scoreboard[winner] {
                            winner = d;
                        }
                        if d == cur_winner {
                            tally.record(true);
                        }
                    } else if d == cur_winner {
                        tally.record(false);
                    }
                }
                if new_pair {
                    entries[d] += 1;
                }
            } else if entries[d] < MAX_ENTRIES {
                dict.observe(d, prefix, i - 1, y, true, true);
                entries[d] += 1;
            } else if entries[d + 1..].iter().all(|&e| e >= MAX_ENTRIES) {
                // Nothing left to look up or add at this or any higher order.
                break;
            }
        }
    }
    prediction_estimate(tally.correct, n as u64, tally.max_run, k)
}

/// Reference implementation with general hash maps (the tests compare the fast paths with it).
#[cfg(test)]
fn run(s: &[u8], k: usize, width: u32, mut dict: impl PrefixCounts) -> PredictionEstimate {
    let len = s.len();
    let n = len - 2;
    let mut entries = [0u64; D];
    let mut scoreboard = [0u64; D];
    let mut winner = 0usize;
    let mut tally = Tally::default();
    // The prefix (S[0..=d]) packs the most recent symbol into the low bits.
    let pack = |from: usize, to: usize| -> u128 {
        s[from..=to].iter().fold(0u128, |acc, &b| (acc << width) | u128::from(b))
    };
    for d in 0..D.min(n) {
        dict.bump(d, pack(0, d), s[d + 1], true);
        entries[d] = 1;
    }
    for i in 2..len {
        let cur_winner = winner;
        let mut found = false;
        let mut prefix = 0u128;
        for d in 0..D.min(i - 1) {
            prefix |= u128::from(s[i - d - 1]) << (width * d as u32);
            if d == 0 || found {
                // Predict from the prefix, then count (prefix, S[i]); an unseen prefix is added
                // while the model has room.
                let room = entries[d] < MAX_ENTRIES;
                let (prediction, new_pair) = dict.observe(d, prefix, s[i], room, room);
                found = prediction.is_some();
                if let Some((y, _)) = prediction {
                    if y == s[i] {
                        scoreboard[d] += 1;
                        if scoreboard[d] >= scoreboard[winner] {
                            winner = d;
                        }
                        if d == cur_winner {
                            tally.record(true);
                        }
                    } else if d == cur_winner {
                        tally.record(false);
                    }
                }
                if new_pair {
                    entries[d] += 1;
                }
            } else if entries[d] < MAX_ENTRIES {
                // A shorter prefix was unseen, so this one is too (NIST's tool adds it without
                // looking it up, and counts an entry).
                dict.observe(d, prefix, s[i], true, true);
                entries[d] += 1;
            }
        }
    }
    prediction_estimate(tally.correct, n as u64, tally.max_run, k)
}

/// The same computation for bitstrings with dense tables: the counters of prefix `x` of
/// length `d + 1` sit at `2^(d+2) - 4 + 2x` (zero, one).
fn run_binary(s: &[u8]) -> PredictionEstimate {
    let len = s.len();
    let n = len - 2;
    let mut table = vec![0u32; (1usize << (D + 2)) - 4];
    let at = |d: usize, prefix: usize| (1usize << (d + 2)) - 4 + (prefix << 1);
    let mut entries = [0u64; D];
    let mut scoreboard = [0u64; D];
    let mut winner = 0usize;
    let mut tally = Tally::default();
    let mut prefix = 0usize;
    for d in 0..D.min(n) {
        prefix = (prefix << 1) | usize::from(s[d] & 1);
        table[at(d, prefix) + usize::from(s[d + 1] & 1)] = 1;
        entries[d] = 1;
    }
    for i in 2..len {
        let y = usize::from(s[i] & 1);
        let cur_winner = winner;
        let mut found = true;
        let mut prefix = 0usize;
        for d in 0..D.min(i - 1) {
            prefix |= usize::from(s[i - d - 1] & 1) << d;
            let at = at(d, prefix);
            if found {
                let (c0, c1) = (table[at], table[at + 1]);
                found = c0 | c1 != 0;
                if found {
                    // Branch-free scoring: whether a prediction hits is data, not control flow.
                    let hit = usize::from(c0 <= c1) == y;
                    scoreboard[d] += u64::from(hit);
                    let better = hit & (scoreboard[d] >= scoreboard[winner]);
                    winner = if better { d } else { winner };
                    if d == cur_winner {
                        tally.record(hit);
                    }
                    let slot = &mut table[at + y];
                    if *slot > 0 {
                        *slot += 1;
                    } else if entries[d] < MAX_ENTRIES {
                        *slot = 1;
                        entries[d] += 1;
                    }
                    continue;
                }
            }
            if entries[d] < MAX_ENTRIES {
                // Unseen prefix (NIST's tool: set the pair's count to 1 and count an entry).
                table[at + y] = 1;
                entries[d] += 1;
            }
        }
    }
    prediction_estimate(tally.correct, n as u64, tally.max_run, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compact dictionary must agree with the general one, including after the models fill
    /// up (`MAX_ENTRIES`), on random, skewed and slowly varying 8-bit data.
    #[test]
    fn sp800_90b_6_3_9_compact_matches_general_path() {
        let mut x = 0x9E37_79B9_u32;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        let random: Vec<u8> = (0..160_000).map(|_| next() as u8).collect();
        let skewed: Vec<u8> = (0..150_000).map(|_| (next() % 1000 + 1).ilog2() as u8 * 3).collect();
        let mut level = 100i32;
        let walk: Vec<u8> = (0..150_000)
            .map(|_| {
                level = (level + (next() % 5) as i32 - 2).clamp(0, 255);
                level as u8
            })
            .collect();
        for s in [&random, &skewed, &walk] {
            let k = usize::from(*s.iter().max().unwrap()) + 1;
            let fast = run_compact(s, k);
            let general = run(s, k, 8, MapCounts::new(D));
            assert_eq!(fast, general);
        }
    }

    /// The dense binary path must agree with the general path (forced with k = 3).
    #[test]
    fn binary_path_matches_general_path() {
        let mut x = 0x0BAD_5EED_u32;
        let bits: Vec<u8> = (0..30_000)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                u8::from(x % 5 < 2) ^ u8::from(i % 11 < 2)
            })
            .collect();
        let fast = multi_mmc(&bits, 2).unwrap();
        let general = run(&bits, 3, 8, MapCounts::new(D));
        assert_eq!(
            (fast.correct, fast.r, fast.predictions),
            (general.correct, general.r, general.predictions)
        );
    }
}
