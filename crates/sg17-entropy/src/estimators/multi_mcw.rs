//! MultiMCW (Multi Most Common in Window) prediction estimate (SP 800-90B 6.3.7).

use super::Inapplicable;
use super::prediction::{PredictionEstimate, Tally, prediction_estimate};

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
    // Then all four predict at every step: the same steps without branches on the data (random
    // bits would mispredict them half the time).
    // The winner's score is kept apart (`best`), so that a step does not wait for a load at an
    // index it has just computed.
    let mut best = scoreboard[winner];
    for i in warm..len {
        let b = usize::from(s[i] & 1);
        let hits: [bool; 4] = std::array::from_fn(|j| usize::from(2 * ones[j] > WINDOWS[j]) == b);
        let mask = hits.iter().enumerate().fold(0u32, |acc, (j, &h)| acc | (u32::from(h) << j));
        tally.record((mask >> winner) & 1 == 1);
        for j in 0..4 {
            scoreboard[j] += u64::from(hits[j]);
            let take = hits[j] & (scoreboard[j] >= best);
            winner = if take { j } else { winner };
            best = if take { scoreboard[j] } else { best };
        }
        for j in 0..4 {
            ones[j] = ones[j] + b - usize::from(s[i - WINDOWS[j]] & 1);
        }
    }
    prediction_estimate(tally.correct, (len - WINDOWS[0]) as u64, tally.max_run, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

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
