//! MultiMMC (Multi Markov Model with Counting) prediction estimate (SP 800-90B 6.3.9).

use super::Inapplicable;
use super::prediction::{Compact, PredictionEstimate, Tally, lowest_prefix, pack, prediction_estimate};
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
    // Counts and scores are 32-bit (and positions 31-bit in the compact dictionary).
    if symbols.len() >= i32::MAX as usize {
        Err(Inapplicable::TooLong(symbols.len()))
    } else if k <= 2 {
        Ok(run_binary(symbols))
    } else {
        Ok(run_compact(symbols, k))
    }
}

/// The steps of [`run`] with the [`Compact`] dictionary.
fn run_compact(s: &[u8], k: usize) -> PredictionEstimate {
    let len = s.len();
    let n = len - 2;
    // Never more prefixes than pairs.
    // Each order of a long enough input soon holds about MAX_ENTRIES prefixes unless the data
    // repeats a lot: its table is made at that size when the input has 4 symbols a prefix.
    let per_order = if len >= 4 * MAX_ENTRIES as usize { MAX_ENTRIES as usize + 1 } else { 0 };
    let mut dict = Compact::new(s, (D * (MAX_ENTRIES as usize + 1)).min(D * len), per_order);
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
            // While order d + 1 fills up, the next step looks its context up (and most likely
            // adds it): its slot is read now, so that the cache misses of the orders overlap
            // rather than wait for the branches of this step.
            if d + 1 < D && entries[d + 1] < MAX_ENTRIES && i + 1 < len {
                dict.read_ahead(d + 1, (prefix << 8) | u128::from(s[i]));
            }
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

/// Positions per chunk of the binary pass (the chunk's masks, 4 bytes a position, stay in the L1
/// cache next to the small models' tables).
const CHUNK: usize = 1 << 12;

/// The same computation for bitstrings with dense tables (model `d` has the counters of its
/// prefixes `x` of `d + 1` bits at `x`), a chunk of positions at a time.
///
/// The models do not depend on each other: for bits, a prefix unseen at order `d` is unseen at
/// every higher order (its suffix would have been added with it: only order 15, with 2^17 > 100 000
/// possible pairs, ever reaches `MAX_ENTRIES`), so the shortcut of the general path, which adds a
/// higher-order pair without looking it up, does what a lookup would. So each chunk of positions
/// is run through the models (a rolling window, no branches on the data but one on whether order
/// 15 knows its prefix), leaving per position the masks of the models that predicted (low 16
/// bits) and of those that were right (high 16 bits); a second pass combines them with the
/// scoreboard (see [`Scores`]).
///
/// Orders 0 to 14 never reach `MAX_ENTRIES`, so only the difference of their two counts matters
/// ([`Delta`], 4 bytes a prefix) while it fits in an `i32`; order 15 keeps both counts.
fn run_binary(s: &[u8]) -> PredictionEstimate {
    if s.len() < 1 << 29 { run_binary_with::<Delta>(s) } else { run_binary_with::<[u32; 2]>(s) }
}

/// [`run_binary`] with counters `C` for the orders below 15.
fn run_binary_with<C: Counter>(s: &[u8]) -> PredictionEstimate {
    let len = s.len();
    let n = len - 2;
    let models = D.min(n);
    // The tables of orders 0 to 14 one after the other: order d at `(2 << d) - 2`.
    let mut low = vec![C::default(); 1 << D];
    let mut top = vec![[0u32; 2]; 1 << D];
    let mut top_entries = 0u64;
    let mut marks = vec![0u32; CHUNK];
    let mut scores = Scores::new();
    // Model d first sees position d + 1 (its first prefix S[0..=d], the initial step): the first
    // D positions model by model, then all models at every position.
    let mut lo = 1;
    while lo < len {
        let hi = if lo == 1 { (D + 1).min(len) } else { (lo + CHUNK).min(len) };
        let marks = &mut marks[..hi - lo];
        marks.fill(0);
        if lo == 1 {
            for d in 0..models {
                for i in (d + 1).max(lo)..hi {
                    let prefix =
                        s[i - 1 - d..i].iter().fold(0usize, |acc, &b| (acc << 1) | usize::from(b & 1));
                    let y = usize::from(s[i] & 1);
                    let (seen, right) = if d + 1 < D {
                        low[(2 << d) - 2 + prefix].visit(y)
                    } else {
                        visit_capped(&mut top[prefix], y, &mut top_entries)
                    };
                    marks[i - lo] |= (u32::from(seen) << d) | (u32::from(right) << (d + 16));
                }
            }
        } else {
            // Table sizes as constants: no bounds checks in the pass. Only order 15 can reach
            // MAX_ENTRIES (2^17 possible pairs; order 14 has 2^16).
            const _: () = assert!(1u64 << 16 < MAX_ENTRIES && 1u64 << 17 >= MAX_ENTRIES);
            all_pass::<C>(s, lo, fixed(&mut low), fixed(&mut top), &mut top_entries, marks);
        }
        if lo == 1 {
            for (i, &m) in (lo..hi).zip(marks.iter()) {
                if i >= 2 {
                    scores.step(m as u16, (m >> 16) as u16);
                }
            }
        } else {
            for run in marks.chunks(64) {
                scores.run(run);
            }
        }
        lo = hi;
    }
    prediction_estimate(scores.tally.correct, n as u64, scores.tally.max_run, 2)
}

/// The counters of one prefix of a model that never reaches `MAX_ENTRIES`.
trait Counter: Copy + Default {
    /// One visit followed by `y`: whether the prefix had been seen, and whether its prediction
    /// (the more frequent successor, ties to one) was right; then counts `y`.
    fn visit(&mut self, y: usize) -> (bool, bool);

    /// Whether the prefix has been seen.
    fn seen(&self) -> bool;

    /// [`Counter::visit`] as one bit: 1 when the prefix predicts zero (the prediction is right
    /// when this differs from `y` and the prefix had been seen, which the caller knows).
    #[inline(always)]
    fn visit_zero(&mut self, y: usize) -> u32 {
        let predicts_zero = self.predicts_zero();
        self.visit(y);
        u32::from(predicts_zero)
    }

    /// [`Counter::visit_zero`] for a prefix known to have been seen.
    #[inline(always)]
    fn visit_zero_seen(&mut self, y: usize) -> u32 {
        self.visit_zero(y)
    }

    /// Whether a seen prefix predicts zero.
    fn predicts_zero(&self) -> bool;
}

impl Counter for [u32; 2] {
    #[inline(always)]
    fn visit(&mut self, y: usize) -> (bool, bool) {
        let [c0, c1] = *self;
        let seen = c0 | c1 != 0;
        let right = seen & (usize::from(c0 <= c1) == y);
        self[y] += 1;
        (seen, right)
    }

    #[inline(always)]
    fn seen(&self) -> bool {
        self[0] | self[1] != 0
    }

    #[inline(always)]
    fn predicts_zero(&self) -> bool {
        self[0] > self[1]
    }
}

/// The difference of the counts, `2 (ones - zeros) + 1`, or 0 for an unseen prefix: positive
/// when one is predicted (ties to one), negative when zero is.
#[derive(Clone, Copy, Default)]
struct Delta(i32);

impl Counter for Delta {
    #[inline(always)]
    fn visit(&mut self, y: usize) -> (bool, bool) {
        let v = self.0;
        let seen = v != 0;
        let right = if y == 1 { v > 0 } else { v < 0 };
        // From 0 this gives +-1 (difference +-1); otherwise it stays odd.
        self.0 = (v + 4 * y as i32 - 2) | 1;
        (seen, right)
    }

    #[inline(always)]
    fn seen(&self) -> bool {
        self.0 != 0
    }

    #[inline(always)]
    fn predicts_zero(&self) -> bool {
        self.0 < 0
    }

    #[inline(always)]
    fn visit_zero(&mut self, y: usize) -> u32 {
        let v = self.0;
        // The sign bit: zero is predicted when v < 0. (|v| < 2^30: no overflow.)
        self.0 = (v + 4 * y as i32 - 2) | 1;
        v as u32 >> 31
    }

    #[inline(always)]
    fn visit_zero_seen(&mut self, y: usize) -> u32 {
        let v = self.0;
        // Seen: v is odd, and so is v +- 2 (the `| 1` is for the first visit only).
        debug_assert!(v % 2 != 0);
        self.0 = v + 4 * y as i32 - 2;
        v as u32 >> 31
    }
}

/// One visit of a prefix of order 15 (`counts`: its zero and one counters) followed by `y`, as
/// [`Counter::visit`], except that an unseen pair is added only while the model has room.
#[inline(always)]
fn visit_capped(counts: &mut [u32; 2], y: usize, entries: &mut u64) -> (bool, bool) {
    let [c0, c1] = *counts;
    let seen = c0 | c1 != 0;
    let right = seen & (usize::from(c0 <= c1) == y);
    let slot = counts[y];
    let room = *entries < MAX_ENTRIES;
    counts[y] = slot + u32::from(slot > 0 || room);
    *entries += u64::from(slot == 0 && room);
    (seen, right)
}

/// A model's table as an array of its known size.
fn fixed<T, const N: usize>(table: &mut [T]) -> &mut [T; N] {
    table.try_into().expect("table of 2^(d+1) prefixes")
}

/// The 16 models of [`run_binary`] at positions `lo..lo + marks.len()` (all past `D`), in one
/// pass (their count updates form independent chains that the processor overlaps; the small
/// models revisit the same counters at almost every step): sets per position the mask of the
/// models that predicted (low 16 bits) and of those that were right (high 16 bits).
fn all_pass<C: Counter>(
    s: &[u8],
    lo: usize,
    low: &mut [C; 1 << D],
    top: &mut [[u32; 2]; 1 << D],
    entries: &mut u64,
    marks: &mut [u32],
) {
    // The last D - 1 bits before S[lo - 1], most recent in the low bits; each step shifts in
    // S[i - 1], and model d reads its low d + 1 bits.
    let mut window = s[lo - D..lo - 1].iter().fold(0usize, |acc, &b| (acc << 1) | usize::from(b & 1));
    let mut e = *entries;
    for (pair, m) in s[lo - 1..lo + marks.len()].windows(2).zip(marks) {
        window = (window << 1) | usize::from(pair[0] & 1);
        let y = usize::from(pair[1] & 1);
        let top = &mut top[window & ((1 << D) - 1)];
        // A prefix unseen at an order is unseen at every higher order (for bits; see
        // [`run_binary`]), so when order 15 has seen its prefix, every model has.
        let all_seen = top[0] | top[1] != 0;
        let found = if all_seen { 0xFFFF } else { found_below_top(low, window) };
        let (seen, right) = visit_capped(top, y, &mut e);
        // Orders 14 down to 0: each shifts the mask left and adds whether it predicts zero. A
        // seen prefix (in `found`) is right when that differs from `y`.
        let mut zeros = 0u32;
        macro_rules! model {
            ($visit:ident: $($d:literal)*) => {$(
                zeros = 2 * zeros + low[(2 << $d) - 2 + (window & ((2 << $d) - 1))].$visit(y);
            )*};
        }
        if all_seen {
            model!(visit_zero_seen: 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0);
        } else {
            model!(visit_zero: 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0);
        }
        let low_hits = (zeros ^ 0u32.wrapping_sub(y as u32)) & found & 0x7FFF;
        let hits = (u32::from(seen & right) << 15) | low_hits;
        *m = found | (hits << 16);
    }
    *entries = e;
}

/// The models among orders 0 to 14 that have seen their prefix (before this position's visit):
/// orders `0..k` for some `k`.
#[cold]
fn found_below_top<C: Counter>(low: &[C; 1 << D], window: usize) -> u32 {
    (0..D - 1)
        .take_while(|&d| low[(2 << d) - 2 + (window & ((2 << d) - 1))].seen())
        .fold(0, |acc, d| acc | 1 << d)
}

/// The scoreboard of the 16 models (SP 800-90B 6.3.9 steps 3b-3c), without branches on the data.
///
/// The winner always has the high score `H`. Visiting the models in increasing order, "a model
/// that was right and whose new score reaches the winner's becomes the winner" picks the highest
/// right model whose old score was `H` (`H` then grows by one), else the highest right model whose
/// old score was `H - 1`.
///
/// So only the models at a gap `H - score` of 0 or 1 matter at a step. The gaps are kept as 16
/// bytes of a `u128`, saturated at 255, and compared all at once (SWAR): a step changes a gap by
/// at most one, so a model 255 or more behind cannot come within 1 of `H` in fewer than 253
/// steps; every [`RESYNC`] steps the gaps are recomputed from the exact scores (whose increments
/// are counted in bytes meanwhile).
struct Scores {
    /// Exact scores up to the last resynchronisation.
    scores: [u32; D],
    /// Increments of the scores since then, a byte per model.
    pending: u128,
    /// `min(H - score, 255)`, a byte per model.
    gaps: u128,
    steps: u32,
    high: u32,
    winner: u32,
    tally: Tally,
}

/// Steps between two resynchronisations of the saturated gaps (at most 253, and at most 255 for
/// the byte counters of `pending`).
const RESYNC: u32 = 128;

/// 0x01 in every byte.
const ONES: u128 = u128::MAX / 255;
/// 0x7F in every byte.
const LOW7: u128 = ONES * 0x7F;
/// 0x80 in every byte.
const HIGHS: u128 = ONES * 0x80;

/// 0x80 in the bytes of `x` that are zero, 0 in the others (exact: no carries between bytes).
#[inline(always)]
fn zero_bytes(x: u128) -> u128 {
    !(((x & LOW7) + LOW7) | x) & HIGHS
}

/// Byte `j` of `SPREAD[b]` is bit `j` of `b`.
const SPREAD: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut j = 0;
        while j < 8 {
            t[b] |= (((b >> j) & 1) as u64) << (8 * j);
            j += 1;
        }
        b += 1;
    }
    t
};

impl Scores {
    fn new() -> Self {
        Scores { scores: [0; D], pending: 0, gaps: 0, steps: 0, high: 0, winner: 0, tally: Tally::default() }
    }

    /// One position: `found` has the models that made a prediction, `hit` those that were right.
    #[inline(always)]
    fn step(&mut self, found: u16, hit: u16) {
        let w = self.winner;
        // A winner without a prediction neither hits nor misses (as NIST's tool).
        self.tally.record_if((found >> w) & 1 == 1, (hit >> w) & 1 == 1);
        // Bit d of `hit` to the low bit of byte d.
        let hits =
            u128::from(SPREAD[usize::from(hit as u8)]) | (u128::from(SPREAD[usize::from(hit >> 8)]) << 64);
        let right = hits << 7;
        let top = zero_bytes(self.gaps) & right;
        let second = zero_bytes(self.gaps ^ ONES) & right;
        // All ones when a right model was at gap 0 (selects without branches: random data).
        let grows = 0u128.wrapping_sub(u128::from(top != 0));
        let pick = top | (second & !grows);
        // The highest such model: the high bit of its byte.
        let highest = (127 - (pick | 1).leading_zeros()) / 8;
        self.winner = if pick != 0 { highest } else { w };
        // H grows: +1 for the models that were not right (saturating at 255); otherwise the right
        // ones (gap >= 1, since none was at 0) come one closer.
        let saturated = zero_bytes(!self.gaps) >> 7;
        let up = self.gaps.wrapping_add(!hits & ONES & !saturated);
        let down = self.gaps.wrapping_sub(hits);
        self.gaps = (up & grows) | (down & !grows);
        self.high += u32::from(top != 0);
        self.pending += hits;
        self.steps += 1;
        if self.steps == RESYNC {
            self.resync();
        }
    }

    /// [`Scores::step`] for up to 64 positions (their masks as in [`run_binary`]).
    ///
    /// When every other model stays more than one behind the winner throughout the run (checked
    /// on the hits of the models less than `marks.len()` behind, the others cannot come closer
    /// than that: a gap closes by at most one a step), none can be picked: the winner stays, the
    /// high score grows with its hits, and the steps only add up the hits; the gaps are
    /// resynchronised afterwards.
    fn run(&mut self, marks: &[u32]) {
        debug_assert!(marks.len() <= 64);
        self.resync();
        let w = self.winner;
        let len = marks.len() as u128;
        let others = !(0xFFu128 << (8 * w));
        // 0x80 in the bytes of the other models whose gap is at most `len`.
        let near = !(((self.gaps & others & LOW7) + (LOW7 - len * ONES)) | self.gaps) & HIGHS & others;
        let found = marks.iter().fold(u32::MAX, |acc, &m| acc & m);
        // Model d's hits in the run as bits.
        let hits_of = |d: u32| {
            marks.iter().enumerate().fold(0u64, |acc, (t, &m)| acc | u64::from((m >> (16 + d)) & 1) << t)
        };
        let hits = hits_of(w);
        // The near models stay more than one behind if they do while the winner keeps the lead:
        // then the high score grows exactly at the winner's hits (it predicts throughout), and a
        // model's gap before step t is its gap at the start plus the winner's hits minus its own
        // before t. (So by induction no other model is ever within one of H.)
        let mut rest = near;
        let mut alone = (found >> w) & 1 == 1;
        while alone && rest != 0 {
            let d = (127 - rest.leading_zeros()) / 8;
            rest &= !(0xFFu128 << (8 * d));
            let gap = (self.gaps >> (8 * d)) as u8;
            alone = i64::from(gap) + lowest_prefix(hits, hits_of(d)) > 1;
        }
        if !alone {
            for &m in marks {
                self.step(m as u16, (m >> 16) as u16);
            }
            return;
        }
        for &m in marks {
            let hit = (m >> 16) as u16;
            self.pending += u128::from(SPREAD[usize::from(hit as u8)])
                | (u128::from(SPREAD[usize::from(hit >> 8)]) << 64);
        }
        self.tally.record_bits(hits, marks.len() as u32);
        self.high += hits.count_ones();
        self.steps += marks.len() as u32;
        self.resync();
    }

    /// Exact gaps again (saturated at 255) from the exact scores.
    #[cold]
    fn resync(&mut self) {
        let mut gaps = 0u128;
        for (d, score) in self.scores.iter_mut().enumerate() {
            *score += (self.pending >> (8 * d)) as u32 & 0xFF;
            gaps |= u128::from((self.high - *score).min(255)) << (8 * d);
        }
        self.gaps = gaps;
        self.pending = 0;
        self.steps = 0;
    }
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

    /// The saturated byte gaps of [`Scores`] must pick the same winners as exact scores (SP 800-90B
    /// 6.3.9 step 3c), with models of very different accuracy (gaps far past 255 that come back)
    /// and with ties.
    #[test]
    fn sp800_90b_6_3_9_scoreboard_matches_exact_scores() {
        let config = proptest::test_runner::Config { cases: 32, ..Default::default() };
        proptest::proptest!(config, |(seed: u64, skill in proptest::collection::vec(0u64..=256, D), swap in 100usize..3000)| {
            let mut x = seed | 1;
            let mut next = move || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            };
            let mut fast = Scores::new();
            let (mut scores, mut high, mut winner) = ([0u32; D], 0u32, 0usize);
            let mut tally = Tally::default();
            for i in 0..20_000usize {
                // Model d is right with probability skill[d] / 256, reversed every `swap` steps so
                // that models far behind catch up.
                let phase = (i / swap) % 2 == 1;
                let (mut found, mut hit) = (0u16, 0u16);
                for (d, &p) in skill.iter().enumerate() {
                    let p = if phase { 256 - p } else { p };
                    let r = next();
                    found |= u16::from(r % 16 != 0) << d;
                    hit |= u16::from(r % 16 != 0 && (r >> 8) % 256 < p) << d;
                }
                fast.step(found, hit);
                // The definition: models in increasing order, >= the winner's score wins.
                tally.record_if((found >> winner) & 1 == 1, (hit >> winner) & 1 == 1);
                for d in 0..D {
                    if (hit >> d) & 1 == 1 {
                        scores[d] += 1;
                        if scores[d] >= scores[winner] {
                            winner = d;
                        }
                    }
                }
                high = high.max(scores[winner]);
                proptest::prop_assert_eq!(fast.winner as usize, winner, "step {}", i);
            }
            proptest::prop_assert_eq!(fast.high, high);
            proptest::prop_assert_eq!((fast.tally.correct, fast.tally.max_run), (tally.correct, tally.max_run));
        });
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

    /// The model-major binary path must agree with the general path (SP 800-90B 6.3.9) on short
    /// inputs (fewer positions than models, the first chunk) and on random, biased and periodic
    /// bitstrings over several chunks.
    #[test]
    fn sp800_90b_6_3_9_binary_path_matches_general_path_on_random_inputs() {
        use super::super::prediction::test_bits;
        let config = proptest::test_runner::Config { cases: 64, ..Default::default() };
        proptest::proptest!(config, |(seed: u64, ones in 0u32..=256, period in 0usize..40, len in 3usize..12_000)| {
            let bits = test_bits(seed, ones, period, len);
            let general = run(&bits, 2, 8, MapCounts::new(D));
            // Both kinds of counters of the low orders (the pairs for inputs of 2^29 bits or more).
            proptest::prop_assert_eq!(&run_binary_with::<[u32; 2]>(&bits), &general);
            proptest::prop_assert_eq!(multi_mmc(&bits, 2).unwrap(), general);
        });
    }

    /// Long enough for order 15 to reach MAX_ENTRIES (checked: more distinct 17-bit windows,
    /// i.e. (prefix, next) pairs, than the cap), random and biased.
    #[test]
    fn sp800_90b_6_3_9_binary_path_matches_general_path_past_max_entries() {
        use super::super::prediction::{distinct_windows, test_bits};
        for (seed, ones, period) in [(7, 128, 0), (99, 115, 0), (5, 140, 97)] {
            let bits = test_bits(seed, ones, period, 300_000);
            let pairs = distinct_windows(&bits, 17) as u64;
            assert!(pairs > MAX_ENTRIES, "{seed}: {pairs} pairs do not reach the cap");
            assert_eq!(multi_mmc(&bits, 2).unwrap(), run(&bits, 2, 8, MapCounts::new(D)));
        }
    }

    /// The compact dictionary (orders 0 and 1 at fixed places, order-0 pairs counted in place)
    /// must agree with the general path on small alphabets, random lengths and periodic data.
    #[test]
    fn sp800_90b_6_3_9_compact_matches_general_path_on_small_alphabets() {
        let config = proptest::test_runner::Config { cases: 48, ..Default::default() };
        proptest::proptest!(config, |(seed: u64, k in 3usize..=6, period in 0usize..30, len in 3usize..6000)| {
            let mut x = seed | 1;
            let s: Vec<u8> = (0..len)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    let noise = (x >> 40) as usize % (k + 3);
                    // Mostly the periodic symbol when there is a period, else skewed noise.
                    let v = if period > 0 && noise >= 3 { i % period % k } else { noise % k };
                    v as u8
                })
                .collect();
            let k = usize::from(*s.iter().max().unwrap()) + 1;
            proptest::prop_assume!(k > 2);
            proptest::prop_assert_eq!(run_compact(&s, k), run(&s, k, 8, MapCounts::new(D)));
        });
    }
}
