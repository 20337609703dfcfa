//! LZ78Y prediction estimate (SP 800-90B 6.3.10).

use super::Inapplicable;
use super::prediction::{Compact, LowBits, PredictionEstimate, Tally, pack, prediction_estimate};
#[cfg(test)]
use super::prediction::{MapCounts, PrefixCounts};

/// Maximum prefix length `B` (SP 800-90B 6.3.10 step 1).
pub const B: usize = 16;
/// Maximum number of dictionary entries (6.3.10 step 1, `maxDictionarySize`).
pub const MAX_DICTIONARY_SIZE: u64 = 65_536;

/// LZ78Y prediction estimate (SP 800-90B 6.3.10) over translated symbols in `0..k`.
///
/// For each prefix length 16 down to 1 the dictionary gives the most frequent successor; the
/// prediction with the highest count wins (ties: the longer prefix). Needs at least 18 symbols.
///
/// ```
/// use sg17_entropy::estimators::lz78y::lz78y;
/// let s: Vec<u8> = (0..3000u32).map(|i| (i % 7) as u8).collect();
/// let e = lz78y(&s, 7).unwrap();
/// assert_eq!(e.predictions, 3000 - 17);
/// assert!(e.correct > 2900);
/// ```
pub fn lz78y(symbols: &[u8], k: usize) -> Result<PredictionEstimate, Inapplicable> {
    if symbols.len() < B + 2 {
        return Err(Inapplicable::TooFewSymbols { needed: B + 2, got: symbols.len() });
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
///
/// While the dictionary has room, every step adds the unseen prefixes of all lengths, so a
/// present prefix has its one-shorter suffix present too. That stays true once the dictionary is
/// full (nothing is added any more) except for the prefixes added in the step that filled it, the
/// longest first, whose shorter suffixes may have missed the last places ("orphans", all
/// suffixes of that step's context). So a full dictionary is probed from the shortest prefix up
/// to the first miss, and past it only where the context matches the orphans'.
fn run_compact(s: &[u8], k: usize) -> PredictionEstimate {
    let len = s.len();
    let mut dict = Compact::new(s, MAX_DICTIONARY_SIZE as usize + B, 0);
    let end = B - 1;
    let mut dict_size = 0u64;
    for j in 1..=B {
        dict.observe(j - 1, pack(s, end, j - 1), end, s[B], true, true);
        dict_size += 1;
    }
    let mut tally = Tally::default();
    // Once full: the shortest orphan's length and the step that added it.
    let mut orphans: Option<(usize, usize)> = None;
    let mut full = dict_size >= MAX_DICTIONARY_SIZE;
    for i in B + 1..len {
        let end = i - 1;
        let y = s[i];
        // (count, prediction): the highest count wins, ties to the longer prefix.
        let mut best: (u32, Option<u8>) = (0, None);
        if !full {
            for j in (1..=B).rev() {
                let prefix = pack(s, end, j - 1);
                match dict.observe(j - 1, prefix, end, y, true, dict_size < MAX_DICTIONARY_SIZE) {
                    (Some((p, count)), _) => {
                        if count > best.0 {
                            best = (count, Some(p));
                        }
                    }
                    (None, true) => dict_size += 1,
                    (None, false) => {}
                }
            }
            if dict_size >= MAX_DICTIONARY_SIZE {
                full = true;
                let present = |j: usize| dict.find(j - 1, pack(s, end, j - 1), end).is_ok();
                orphans = (2..=B).find(|&j| present(j) && !present(j - 1)).map(|j| (j, i));
            }
        } else {
            let mut prefix = 0u128;
            let mut j = 1;
            while j <= B {
                prefix |= u128::from(s[end + 1 - j]) << (8 * (j as u32 - 1));
                match dict.observe(j - 1, prefix, end, y, true, false) {
                    (Some((p, count)), _) => {
                        if count >= best.0 {
                            best = (count, Some(p));
                        }
                    }
                    _ => break,
                }
                j += 1;
            }
            if let Some((shortest, at)) = orphans
                && j < shortest
                && s[i - shortest..i] == s[at - shortest..at]
            {
                for j in shortest..=B {
                    if let (Some((p, count)), _) =
                        dict.observe(j - 1, pack(s, end, j - 1), end, y, true, false)
                        && count >= best.0
                    {
                        best = (count, Some(p));
                    }
                }
            }
        }
        tally.record(best.1 == Some(y));
    }
    prediction_estimate(tally.correct, (len - B - 1) as u64, tally.max_run, k)
}

/// Reference implementation with general hash maps (the tests compare the fast paths with it).
#[cfg(test)]
fn run(s: &[u8], k: usize, width: u32, mut dict: impl PrefixCounts) -> PredictionEstimate {
    let len = s.len();
    let mask = |j: usize| -> u128 {
        if j as u32 * width >= 128 { u128::MAX } else { (1u128 << (j as u32 * width)) - 1 }
    };
    // Window of the last B symbols, most recent in the low bits.
    let mut full = s[..B].iter().fold(0u128, |acc, &b| (acc << width) | u128::from(b));
    let mut dict_size = 0u64;
    let first = full;
    for j in 1..=B {
        dict.bump(j - 1, first & mask(j), s[B], true);
        dict_size += 1;
    }
    let mut tally = Tally::default();
    for i in B + 1..len {
        full = ((full << width) | u128::from(s[i - 1])) & mask(B);
        let mut prediction: Option<u8> = None;
        let mut max_count = 0u64;
        for j in (1..=B).rev() {
            let prefix = full & mask(j);
            // A seen prefix always counts its successor; an unseen one is added while the
            // dictionary has room.
            match dict.observe(j - 1, prefix, s[i], true, dict_size < MAX_DICTIONARY_SIZE) {
                (Some((y, count)), _) => {
                    if count > max_count {
                        max_count = count;
                        prediction = Some(y);
                    }
                }
                (None, true) => dict_size += 1,
                (None, false) => {}
            }
        }
        tally.record(prediction == Some(s[i]));
    }
    prediction_estimate(tally.correct, (len - B - 1) as u64, tally.max_run, k)
}

/// The same computation for bitstrings with dense tables: the counters of prefix `x` of
/// length `j` sit at `2^(j+1) - 4 + 2x` (zero, one).
///
/// While the dictionary has room, the prefix lengths interact (whether a prefix is added depends
/// on the size of the whole dictionary), so every length is visited at every position. Once it
/// is full the rest runs in [`run_full`].
fn run_binary(s: &[u8]) -> PredictionEstimate {
    let (mut table, mut tally, i, full) = fill_binary(s);
    if i < s.len() {
        run_full(s, i, full, &mut table, &mut tally, true);
    }
    prediction_estimate(tally.correct, (s.len() - B - 1) as u64, tally.max_run, 2)
}

/// The steps of [`run_binary`] while the dictionary has room: its table, tally, the next
/// position and the context of the last step (most recent symbol in the low bit).
fn fill_binary(s: &[u8]) -> (Vec<u32>, Tally, usize, usize) {
    let len = s.len();
    let mut table = vec![0u32; (1usize << (B + 2)) - 4];
    let mut full = s[..B].iter().fold(0usize, |acc, &b| (acc << 1) | usize::from(b & 1));
    let mut dict_size = 0u64;
    let y0 = usize::from(s[B] & 1);
    for j in 1..=B {
        table[base(j) + ((full & ((1 << j) - 1)) << 1) + y0] = 1;
        dict_size += 1;
    }
    let mut tally = Tally::default();
    let mut i = B + 1;
    while i < len && dict_size < MAX_DICTIONARY_SIZE {
        full = ((full << 1) | usize::from(s[i - 1] & 1)) & ((1 << B) - 1);
        let y = usize::from(s[i] & 1);
        let mut prediction = 2usize;
        let mut max_count = 0u32;
        for j in (1..=B).rev() {
            let at = base(j) + ((full & ((1 << j) - 1)) << 1);
            let (c0, c1) = (table[at], table[at + 1]);
            // Without branches on the data (whether a long prefix is present is random): an
            // absent prefix has count 0, never above `max_count`; it is added (its counter goes
            // from 0 to 1) while the dictionary has room, a present one always counts `y`.
            let present = c0 | c1 != 0;
            let room = dict_size < MAX_DICTIONARY_SIZE;
            let (pred, count) = if c0 > c1 { (0, c0) } else { (1, c1) };
            let better = count > max_count;
            max_count = if better { count } else { max_count };
            prediction = if better { pred } else { prediction };
            table[at + y] += u32::from(present || room);
            dict_size += u64::from(!present && room);
        }
        tally.record(prediction == y);
        i += 1;
    }
    (table, tally, i, full)
}

/// Where the counters of the prefixes of length `j` start in [`run_binary`]'s table.
const fn base(j: usize) -> usize {
    (1 << (j + 1)) - 4
}

/// Positions `from..` of [`run_binary`], once the dictionary is full (nothing is added any more);
/// `last` is the context of the step that filled it (most recent symbol in the low bit).
///
/// Write `x_j` for the context's prefix of length `j` (its last `j` symbols). A prefix is added
/// with or after its one-shorter suffix and is counted only when that suffix is counted too, so
/// `c_y(x_j) <= c_y(x_{j-1})` for both symbols `y` while both are present, and the difference
/// never shrinks. Once `c_y(x_j) < c_y(x_{j-1})` for both `y`, `x_j` and every longer prefix
/// ending in it have a lower count than `x_{j-1}` at every later step: they can never be the
/// longest prefix with the highest count (6.3.10 step 3d), so they are neither looked at nor
/// counted any more ("dead"; their stale counters only make them look deader). A step therefore
/// walks the lengths upwards from 1 and stops at the first absent or dead prefix: on most data
/// that is length 2 or 3 instead of all 16.
///
/// The exception are the prefixes added in the step that filled the dictionary, the longest
/// first, whose shorter suffixes may have missed the last places: a present prefix of that
/// context whose one-shorter suffix is absent starts a chain of its own, walked the same way at
/// the steps whose context agrees with it.
///
/// Runs of [`CHUNK`] positions in which only the prefixes of length 1 can take part and their
/// predictions cannot change go through [`one_symbol_chunk`], a few word operations, when
/// `chunks` (the tests compare with and without); returns the number of such runs.
fn run_full(s: &[u8], from: usize, last: usize, table: &mut [u32], tally: &mut Tally, chunks: bool) -> usize {
    let orphans = orphan_starts(table, last);
    let bits = LowBits::new(s);
    let mut fast = 0;
    let mut lo = from;
    while lo < s.len() {
        let hi = (lo + CHUNK).min(s.len());
        if chunks && one_symbol_chunk(&bits, lo, hi - lo, last, &orphans, table, tally) {
            fast += 1;
            lo = hi;
            continue;
        }
        let mut window = s[lo - B..lo - 1].iter().fold(0usize, |acc, &b| (acc << 1) | usize::from(b & 1));
        for i in lo..hi {
            window = ((window << 1) | usize::from(s[i - 1] & 1)) & ((1 << B) - 1);
            let y = usize::from(s[i] & 1);
            // Highest count so far and its prediction; lengths go upwards, so `>=` keeps the
            // longest prefix among equal counts.
            let mut best = (0u32, 2usize);
            walk(table, window, 1, y, &mut best);
            for &m in &orphans {
                if (window ^ last) & ((1 << m) - 1) == 0 {
                    walk(table, window, m, y, &mut best);
                }
            }
            tally.record(best.1 == y);
        }
        lo = hi;
    }
    fast
}

/// Positions per chunk of [`run_full`].
const CHUNK: usize = 64;

/// Positions `lo..lo + n` (`n <= 64`) of [`run_full`] at once, when (checked first; otherwise
/// nothing is done and `false` returned):
///
/// * both prefixes of length 1 are present, and the four of length 2 absent or dead (see
///   [`run_full`]): the walk from length 1 stops at length 2 (for good: the counts of length 1
///   only grow, those of length 2 stay), so the prediction is that of the one-symbol prefix;
/// * each one-symbol prefix's counts differ by at least the number of its visits in the run: its
///   prediction (the more frequent successor, ties to one) cannot change within the run;
/// * no orphan chain's context occurs in the run.
///
/// Then with `P` the bits `S[i - 1]` and `Y` the bits `S[i]`, the hits are where `Y` equals the
/// prediction for `P`, and the counters of prefix `x` grow by the number of positions with
/// `P = x` and `Y = y`.
fn one_symbol_chunk(
    bits: &LowBits,
    lo: usize,
    n: usize,
    last: usize,
    orphans: &[usize],
    table: &mut [u32],
    tally: &mut Tally,
) -> bool {
    let field = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
    let prev = bits.at(lo - 1) & field;
    let next = bits.at(lo) & field;
    let c = [[table[base(1)], table[base(1) + 1]], [table[base(1) + 2], table[base(1) + 3]]];
    // Prefix x is visited `visits` times in the run; before its last visit its counts have
    // moved by `visits - 1` at most, so a difference of at least `visits` keeps the prediction
    // (c0 > c1 stays so; c1 >= c0 too).
    let stable = |[c0, c1]: [u32; 2], visits: u32| c0.abs_diff(c1) >= visits;
    if !stable(c[0], (!prev & field).count_ones()) || !stable(c[1], prev.count_ones()) {
        return false;
    }
    // Length 2: prefix `x` (S[i - 1] in the low bit) extends the one-symbol prefix `x & 1`.
    let stops = (0..4).all(|x| {
        let at = base(2) + (x << 1);
        let (d0, d1) = (table[at], table[at + 1]);
        let [c0, c1] = c[x & 1];
        (d0 | d1 == 0) || (d0 < c0 && d1 < c1)
    });
    if !stops {
        return false;
    }
    // Positions whose context ends in orphan chain m's: S[i - 1 - k] = bit k of `last`, k < m.
    for &m in orphans {
        let matches = (0..m).fold(field, |acc, k| {
            let want = 0u64.wrapping_sub(((last >> k) & 1) as u64);
            acc & !(bits.at(lo - 1 - k) ^ want)
        });
        if matches != 0 {
            return false;
        }
    }
    // Prediction 1 when c1 >= c0, as all ones.
    let predict = |[c0, c1]: [u32; 2]| 0u64.wrapping_sub(u64::from(c1 >= c0));
    let predicted = (prev & predict(c[1])) | (!prev & predict(c[0]));
    tally.record_bits(!(next ^ predicted), n as u32);
    let count = |x: u64| x.count_ones();
    table[base(1)] += count(!prev & !next & field);
    table[base(1) + 1] += count(!prev & next);
    table[base(1) + 2] += count(prev & !next);
    table[base(1) + 3] += count(prev & next);
    true
}

/// The lengths of context `last` present in `table` whose one-shorter suffix is absent (the
/// starts of the orphan chains of [`run_full`]).
fn orphan_starts(table: &[u32], last: usize) -> Vec<usize> {
    let present = |j: usize| {
        let at = base(j) + ((last & ((1 << j) - 1)) << 1);
        table[at] | table[at + 1] != 0
    };
    (2..=B).filter(|&j| present(j) && !present(j - 1)).collect()
}

/// One chain of [`run_full`]: the prefixes of `window` of lengths `from..=B` until the first
/// absent or dead one, each counting successor `y` and competing for `best`.
#[inline(always)]
fn walk(table: &mut [u32], window: usize, from: usize, y: usize, best: &mut (u32, usize)) {
    // The previous length's counters (before this step's count); zeros dominate nothing.
    let mut prev = [0u32; 2];
    for j in from..=B {
        let at = base(j) + ((window & ((1 << j) - 1)) << 1);
        let counts = [table[at], table[at + 1]];
        if counts == [0, 0] || (counts[0] < prev[0] && counts[1] < prev[1]) {
            break;
        }
        let (pred, count) = if counts[0] > counts[1] { (0, counts[0]) } else { (1, counts[1]) };
        if count >= best.0 {
            *best = (count, pred);
        }
        table[at + y] += 1;
        prev = counts;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compact dictionary with its shortcut once full must agree with the general path, on
    /// random, skewed, slowly varying and periodic 8-bit data.
    #[test]
    fn sp800_90b_6_3_10_compact_matches_general_path() {
        let mut x = 0x9E37_79B9_u32;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        let random: Vec<u8> = (0..60_000).map(|_| next() as u8).collect();
        let skewed: Vec<u8> = (0..60_000).map(|_| (next() % 1000 + 1).ilog2() as u8 * 3).collect();
        let mut level = 100i32;
        let walk: Vec<u8> = (0..60_000)
            .map(|_| {
                level = (level + (next() % 5) as i32 - 2).clamp(0, 255);
                level as u8
            })
            .collect();
        let periodic: Vec<u8> =
            (0..60_000u32).map(|i| if next() % 50 == 0 { next() as u8 } else { (i % 37) as u8 }).collect();
        for s in [&random, &skewed, &walk, &periodic] {
            let k = usize::from(*s.iter().max().unwrap()) + 1;
            assert_eq!(run_compact(s, k), run(s, k, 8, MapCounts::new(B)));
        }
    }

    /// The dense binary path must agree with the general path (forced with k = 3).
    #[test]
    fn binary_path_matches_general_path() {
        let mut x = 0x1234_5679_u32;
        let bits: Vec<u8> = (0..30_000)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                u8::from(x.is_multiple_of(4)) ^ u8::from(i % 23 < 2)
            })
            .collect();
        let fast = lz78y(&bits, 2).unwrap();
        let general = run(&bits, 3, 8, MapCounts::new(B));
        assert_eq!(
            (fast.correct, fast.r, fast.predictions),
            (general.correct, general.r, general.predictions)
        );
    }

    /// The binary path (every length while the dictionary has room, only the undominated prefixes
    /// once it is full) must agree with the general path (SP 800-90B 6.3.10) on random, biased and
    /// periodic bitstrings, short ones that never fill the dictionary and longer ones that do.
    #[test]
    fn sp800_90b_6_3_10_binary_path_matches_general_path_on_random_inputs() {
        use super::super::prediction::test_bits;
        let config = proptest::test_runner::Config { cases: 48, ..Default::default() };
        proptest::proptest!(config, |(seed: u64, ones in 0u32..=256, period in 0usize..40, len in 18usize..20_000)| {
            let bits = test_bits(seed, ones, period, len);
            let general = run(&bits, 2, 8, MapCounts::new(B));
            proptest::prop_assert_eq!(lz78y(&bits, 2).unwrap(), general);
        });
    }

    /// Inputs that fill the dictionary (checked: more distinct prefixes of lengths 1..=16 than
    /// MAX_DICTIONARY_SIZE) early, late or not at all, then run for many chunks.
    #[test]
    fn sp800_90b_6_3_10_binary_path_matches_general_path_past_max_dictionary_size() {
        use super::super::prediction::{distinct_windows, test_bits};
        for (seed, ones, period, fills) in [(3, 128, 0, true), (11, 80, 0, true), (17, 4, 50, false)] {
            let bits = test_bits(seed, ones, period, 120_000);
            let prefixes: usize = (1..=B).map(|j| distinct_windows(&bits[B - j..bits.len() - 1], j)).sum();
            assert_eq!(prefixes as u64 > MAX_DICTIONARY_SIZE, fills, "{seed}: {prefixes} prefixes");
            assert_eq!(lz78y(&bits, 2).unwrap(), run(&bits, 2, 8, MapCounts::new(B)));
        }
    }

    /// Past a full dictionary only the prefixes not yet dominated by their one-shorter suffix are
    /// looked at, plus the orphan chains of the step that filled it: random bits that fill the
    /// dictionary, then regimes (periodic, constant, biased) that keep long prefixes competitive,
    /// against the general path (SP 800-90B 6.3.10). Checks that most inputs fill the dictionary
    /// and that some fill it in the middle of a step (orphan chains walked).
    #[test]
    fn sp800_90b_6_3_10_binary_full_dictionary_chains_and_orphans() {
        use super::super::prediction::test_bits;
        let (filled, with_orphans) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
        let config = proptest::test_runner::Config { cases: 40, ..Default::default() };
        proptest::proptest!(config, |(seed: u64, fill_ones in 96u32..=128, regimes in proptest::collection::vec((0u32..=256, 0usize..40, 300usize..6000), 1..4))| {
            let mut bits = test_bits(seed, fill_ones, 0, 50_000);
            for (k, &(ones, period, len)) in regimes.iter().enumerate() {
                bits.extend(test_bits(seed ^ (k as u64 + 1), ones, period, len));
            }
            let (table, _, next, last) = fill_binary(&bits);
            if next < bits.len() {
                filled.set(filled.get() + 1);
                if !orphan_starts(&table, last).is_empty() {
                    with_orphans.set(with_orphans.get() + 1);
                }
            }
            proptest::prop_assert_eq!(lz78y(&bits, 2).unwrap(), run(&bits, 2, 8, MapCounts::new(B)));
        });
        assert!(
            filled.get() >= 30 && with_orphans.get() >= 5,
            "{} filled, {} with orphans",
            filled.get(),
            with_orphans.get()
        );
    }

    /// The runs of positions predicted by the one-symbol prefixes alone (once the dictionary is
    /// full) must leave exactly the state and tally of the position-by-position walk (SP 800-90B
    /// 6.3.10), on random and biased bits, and on data that switches between regimes (periodic
    /// stretches keep long prefixes alive, so the runs are refused there); and they must be
    /// taken on most of a long random input.
    #[test]
    fn sp800_90b_6_3_10_one_symbol_runs_match_position_by_position() {
        use super::super::prediction::test_bits;
        let config = proptest::test_runner::Config { cases: 24, ..Default::default() };
        let taken = std::cell::Cell::new(0);
        proptest::proptest!(config, |(seed: u64, ones in 64u32..=192, regimes in proptest::collection::vec((0u32..=256, 0usize..40, 300usize..20_000), 0..4))| {
            let mut bits = test_bits(seed, ones, 0, 80_000);
            for (k, &(ones, period, len)) in regimes.iter().enumerate() {
                bits.extend(test_bits(seed ^ (k as u64 + 1), ones, period, len));
            }
            let (table, tally, next, last) = fill_binary(&bits);
            proptest::prop_assume!(next < bits.len());
            let (mut t_fast, mut tally_fast) = (table.clone(), tally.clone());
            let (mut t_slow, mut tally_slow) = (table, tally);
            let fast = run_full(&bits, next, last, &mut t_fast, &mut tally_fast, true);
            let none = run_full(&bits, next, last, &mut t_slow, &mut tally_slow, false);
            proptest::prop_assert_eq!(none, 0);
            proptest::prop_assert_eq!(&tally_fast, &tally_slow);
            proptest::prop_assert!(t_fast == t_slow);
            if (bits.len() - next) / CHUNK > 500 && fast * 2 > (bits.len() - next) / CHUNK {
                taken.set(taken.get() + 1);
            }
        });
        assert!(taken.get() >= 12, "runs taken on {} inputs", taken.get());
    }

    /// The compact dictionary (orders 0 and 1 at fixed places, order-0 pairs counted in place)
    /// must agree with the general path on small alphabets, random lengths and periodic data.
    #[test]
    fn sp800_90b_6_3_10_compact_matches_general_path_on_small_alphabets() {
        let config = proptest::test_runner::Config { cases: 48, ..Default::default() };
        proptest::proptest!(config, |(seed: u64, k in 3usize..=6, period in 0usize..30, len in 18usize..6000)| {
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
            proptest::prop_assert_eq!(run_compact(&s, k), run(&s, k, 8, MapCounts::new(B)));
        });
    }
}
