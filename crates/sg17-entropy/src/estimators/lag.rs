//! Lag prediction estimate (SP 800-90B 6.3.8).

use super::Inapplicable;
use super::prediction::{PredictionEstimate, Tally, lowest_prefix, prediction_estimate};
use std::collections::VecDeque;

/// Number of lags `D` (SP 800-90B 6.3.8 step 1).
pub const D: usize = 128;

/// Lag prediction estimate (SP 800-90B 6.3.8) over translated symbols in `0..k`.
///
/// Subpredictor `d` predicts `S[i-d]`; the prediction used is that of the best-scoring lag so
/// far (ties: the larger lag). Only the lags that match the current symbol need updating, so
/// each symbol keeps the positions of its last `D` occurrences.
///
/// ```
/// use sg17_entropy::estimators::lag::lag;
/// // A period-5 sequence is perfectly predicted by lag 5 once it has scored.
/// let s: Vec<u8> = (0..2000u32).map(|i| (i % 5) as u8).collect();
/// let e = lag(&s, 5).unwrap();
/// assert!(e.correct >= 1990);
/// ```
pub fn lag(symbols: &[u8], k: usize) -> Result<PredictionEstimate, Inapplicable> {
    let len = symbols.len();
    if len < 3 {
        return Err(Inapplicable::TooFewSymbols { needed: 3, got: len });
    }
    let k = k.max(usize::from(symbols.iter().copied().max().unwrap_or(0)) + 1);
    if k == 2 {
        return Ok(lag_binary(symbols));
    }
    let mut seen: Vec<VecDeque<usize>> = vec![VecDeque::with_capacity(D); k];
    let mut scoreboard = [0u64; D];
    let mut winner = 0usize;
    let mut high_score = 0u64;
    let mut tally = Tally::default();
    seen[usize::from(symbols[0])].push_back(0);
    for i in 1..len {
        let s = symbols[i];
        tally.record(s == symbols[i - winner - 1]);
        let positions = &mut seen[usize::from(s)];
        let cutoff = i.saturating_sub(D);
        // Newest first: increasing lag, so ties in score go to the larger lag.
        let mut keep = 0;
        for &pos in positions.iter().rev() {
            if pos < cutoff {
                break;
            }
            keep += 1;
            let offset = i - pos - 1;
            scoreboard[offset] += 1;
            if scoreboard[offset] >= high_score {
                winner = offset;
                high_score = scoreboard[offset];
            }
        }
        let stale = positions.len() - keep;
        positions.drain(..stale);
        if positions.len() == D {
            positions.pop_front();
        }
        positions.push_back(i);
    }
    Ok(prediction_estimate(tally.correct, (len - 1) as u64, tally.max_run, k))
}

/// The low `n <= 64` bits set.
fn low_bits(n: usize) -> u64 {
    if n == 64 { u64::MAX } else { (1u64 << n) - 1 }
}

/// Adds one to the bit-sliced counters in the lanes of `lanes` (`add`), or takes one from them
/// (a fixed number of planes, one pass: no branches on the data).
#[inline]
fn step_planes<T>(planes: &mut [T; PLANES], mut lanes: T, add: bool, ones: T)
where
    T: Copy + Default + std::ops::BitAnd<Output = T> + std::ops::BitXor<Output = T> + std::ops::BitXorAssign,
{
    // The carry of an addition is `plane & lanes`, the borrow of a subtraction `!plane & lanes`.
    let flip = if add { T::default() } else { ones };
    for plane in planes.iter_mut() {
        let next = (*plane ^ flip) & lanes;
        *plane ^= lanes;
        lanes = next;
    }
}

/// 0x01 in every byte.
const BYTE_ONES: u64 = u64::MAX / 255;

/// 0x80 in the bytes of `x` that are zero, 0 in the others (exact: no carries between bytes).
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = BYTE_ONES * 0x7F;
    !(((x & LOW7) + LOW7) | x) & (BYTE_ONES * 0x80)
}

/// Positions per chunk of [`lag_binary`].
const CHUNK: usize = 64;
/// Bit planes of the near lags' deficits: they stay below `2 * CHUNK + 2` within a chunk.
const PLANES: usize = 8;

/// The same computation for bitstrings, bit-parallel over the 128 lags.
///
/// The sequential rule "a lag whose new score reaches the high score `H` becomes the winner,
/// lags visited in increasing order" reduces to: the largest matching lag whose old score is `H`
/// (the high score then becomes `H + 1`), else the largest matching lag whose old score is
/// `H - 1`. So only the lags with a deficit `H - score` of 0 or 1 matter at a step, and a deficit
/// only shrinks (by one) when its lag matches: over a chunk of `CHUNK` positions, only the lags
/// starting it with a deficit of at most their number of matches in the chunk plus one ("near")
/// can be picked. Their deficits are kept bit-sliced (plane
/// `p` holds bit `p` of every lag's deficit; a step adds one to the deficits of the lags that did
/// not match when `H` grows, or takes one from those that did otherwise), without branches on
/// the data. At the end of the chunk every deficit moves by the number of times `H` grew minus
/// the number of matches of the lag, counted on the packed bits. Most chunks have a single near
/// lag, the winner (its deficit is 0): it then predicts the whole chunk and each of its matches
/// raises `H`, which takes a few word operations.
fn lag_binary(s: &[u8]) -> PredictionEstimate {
    let len = s.len();
    let mut tally = Tally::default();
    // The first D positions (not every lag has a prediction yet): scalar, by the definition.
    let warm = D.min(len);
    let mut scores = [0u64; D];
    let mut winner = 0usize;
    for i in 1..warm {
        let cur = s[i] & 1;
        tally.record(s[i - winner - 1] & 1 == cur);
        for d in 0..i {
            if s[i - 1 - d] & 1 == cur {
                scores[d] += 1;
                if scores[d] >= scores[winner] {
                    winner = d;
                }
            }
        }
    }
    if warm < len {
        let high = scores[winner];
        let mut deficits = scores.map(|score| high - score);
        // Bit j of word j / 64 is S[j] (one more word for the reads past the end).
        let mut packed = vec![0u64; len / 64 + 2];
        super::prediction::pack_low_bits(s, &mut packed);
        let bits_at = |q: usize, n: usize| -> u64 {
            let (w, off) = (q / 64, q % 64);
            let v = if off == 0 { packed[w] } else { (packed[w] >> off) | (packed[w + 1] << (64 - off)) };
            v & low_bits(n)
        };
        let mut winner = winner as u32;
        const { assert!(D.is_multiple_of(64) && CHUNK == 64) };
        let mut matches = [0u64; D];
        let mut lo = warm;
        while lo < len {
            let hi = (lo + CHUNK).min(len);
            let n = hi - lo;
            let now = bits_at(lo, n);
            // Each lag's matches in the chunk. Lag d's bits are S[lo - 1 - d..]: lo is a multiple
            // of 64 (D is), so for every lag they are a shift of two of the three words before
            // S[hi].
            let w = lo / 64;
            let recent = u128::from(packed[w - 1]) | (u128::from(packed[w]) << 64);
            let older = u128::from(packed[w - 2]) | (u128::from(packed[w - 1]) << 64);
            let (first, second) = matches.split_at_mut(64);
            for (d, m) in first.iter_mut().enumerate() {
                *m = u64::from((!(now ^ (recent >> (63 - d)) as u64) & low_bits(n)).count_ones());
            }
            for (d, m) in second.iter_mut().enumerate() {
                *m = u64::from((!(now ^ (older >> (63 - d)) as u64) & low_bits(n)).count_ones());
            }
            // The lags that can come within one of the high score in the chunk ("near"): a
            // deficit only shrinks when the lag matches (H never falls), so one with
            // `deficit > matches + 1` stays more than one behind throughout and is never picked
            // (at most `CHUNK + 1` at the start, so below `2 * CHUNK + 2` within the chunk).
            let is_near = |d: usize| deficits[d] <= matches[d] + 1;
            let near_count = (0..D).filter(|&d| is_near(d)).count();
            let mut grew_count = 0u64;
            let winner_hits = !(now ^ bits_at(lo - 1 - winner as usize, n)) & low_bits(n);
            // The other near lags stay more than one behind if they do while the winner keeps
            // the lead: then the high score grows exactly at the winner's matches, and a lag's
            // deficit before step t is its deficit at the start plus the winner's matches minus
            // its own before t. (So by induction no other lag is ever within one of H.)
            let winner_only = near_count == 1
                || (0..D).filter(|&d| d != winner as usize && is_near(d)).all(|d| {
                    let own = !(now ^ bits_at(lo - 1 - d, n)) & low_bits(n);
                    deficits[d] as i64 + lowest_prefix(winner_hits, own) > 1
                });
            if winner_only {
                // The usual case: only the winner (deficit 0) can be picked. It predicts the
                // whole chunk, and each of its matches raises the high score.
                debug_assert_eq!(deficits[winner as usize], 0);
                tally.record_bits(winner_hits, n as u32);
                grew_count = matches[winner as usize];
            } else if near_count <= 8 {
                // A few lags near the high score, as byte lanes `k` of a `u64` (in increasing lag
                // order, `lags[k]`) holding their deficits: at most `2 * CHUNK` within the chunk,
                // so a byte never carries into the next. Their matches over the chunk are
                // transposed into one word per position (0x01 in the bytes of the lanes that
                // match), and the winner's hits are collected as bits.
                let mut lags = [0u32; 8];
                let mut gaps = 0u64;
                let mut matched_at = [0u64; CHUNK];
                let mut lane = 0;
                let mut k = 0;
                for (d, &deficit) in deficits.iter().enumerate() {
                    if is_near(d) {
                        lags[k] = d as u32;
                        gaps |= deficit << (8 * k);
                        lane = if d as u32 == winner { k } else { lane };
                        let mut matches = !(now ^ bits_at(lo - 1 - d, n)) & low_bits(n);
                        while matches != 0 {
                            matched_at[matches.trailing_zeros() as usize] |= 1 << (8 * k);
                            matches &= matches - 1;
                        }
                        k += 1;
                    }
                }
                let mut hits = 0u64;
                for (t, &matched) in matched_at[..n].iter().enumerate() {
                    hits |= ((matched >> (8 * lane)) & 1) << t;
                    let right = matched << 7;
                    let top = zero_bytes(gaps) & right;
                    let second = zero_bytes(gaps ^ BYTE_ONES) & right;
                    let grew = top != 0;
                    let pick = if grew { top } else { second };
                    lane = if pick != 0 { (63 - pick.leading_zeros() as usize) / 8 } else { lane };
                    grew_count += u64::from(grew);
                    // H + 1: the deficits of the other lags grow by one; otherwise the matching
                    // lags (none at deficit 0) come one closer.
                    gaps = if grew { gaps + (BYTE_ONES ^ matched) } else { gaps - matched };
                }
                tally.record_bits(hits, n as u32);
                winner = lags[lane];
            } else if near_count <= 64 {
                // Few lags near the high score, as 64-bit lanes `k` (in increasing
                // lag order, `lags[k]`), with their matches over the chunk transposed into one mask
                // per position.
                let mut lags = [0u32; 64];
                let mut planes = [0u64; PLANES];
                let mut matched_at = [0u64; CHUNK];
                let mut k = 0;
                for (d, &deficit) in deficits.iter().enumerate() {
                    if is_near(d) {
                        lags[k] = d as u32;
                        for (p, plane) in planes.iter_mut().enumerate() {
                            *plane |= u64::from((deficit >> p) & 1 == 1) << k;
                        }
                        let mut matches = !(now ^ bits_at(lo - 1 - d, n)) & low_bits(n);
                        while matches != 0 {
                            matched_at[matches.trailing_zeros() as usize] |= 1 << k;
                            matches &= matches - 1;
                        }
                        k += 1;
                    }
                }
                for (t, &matched) in matched_at[..n].iter().enumerate() {
                    let i = lo + t;
                    tally.record(s[i - 1 - winner as usize] & 1 == s[i] & 1);
                    let above = planes[1..].iter().fold(0u64, |acc, &p| acc | p);
                    let top = matched & !(planes[0] | above);
                    let second = matched & planes[0] & !above;
                    let grew = top != 0;
                    let pick = if grew { top } else { second };
                    winner = if pick != 0 { lags[63 - pick.leading_zeros() as usize] } else { winner };
                    grew_count += u64::from(grew);
                    // H + 1: the deficits of the other lags grow by one; otherwise the
                    // matching lags come one closer.
                    step_planes(&mut planes, if grew { !matched } else { matched }, grew, !0);
                }
            } else {
                let mut near = 0u128;
                let mut planes = [0u128; PLANES];
                for (d, &deficit) in deficits.iter().enumerate() {
                    if is_near(d) {
                        near |= 1 << d;
                        for (p, plane) in planes.iter_mut().enumerate() {
                            *plane |= u128::from((deficit >> p) & 1 == 1) << d;
                        }
                    }
                }
                // Bit d: S[i - 1 - d].
                let mut history = s[lo - D..lo].iter().fold(0u128, |acc, &b| (acc << 1) | u128::from(b & 1));
                for &cur in &s[lo..hi] {
                    let cur = cur & 1;
                    tally.record(((history >> winner) & 1) as u8 == cur);
                    let matched = if cur == 1 { history } else { !history };
                    let above = planes[1..].iter().fold(0u128, |acc, &p| acc | p);
                    let top = matched & near & !(planes[0] | above);
                    let second = matched & near & planes[0] & !above;
                    let grew = top != 0;
                    let pick = if grew { top } else { second };
                    winner = if pick != 0 { 127 - pick.leading_zeros() } else { winner };
                    grew_count += u64::from(grew);
                    // H + 1: the deficits of the other lags grow by one; otherwise the
                    // matching lags come one closer.
                    step_planes(&mut planes, if grew { !matched } else { matched }, grew, !0);
                    history = (history << 1) | u128::from(cur);
                }
            }
            for (deficit, &m) in deficits.iter_mut().zip(&matches) {
                *deficit = *deficit + grew_count - m;
            }
            lo = hi;
        }
    }
    prediction_estimate(tally.correct, (len - 1) as u64, tally.max_run, 2)
}

/// The bit-parallel path one position at a time (the tests compare [`lag_binary`] with it).
///
/// The last 128 bits are kept in a `u128` (bit `d` holds `S[i-1-d]`), so the lags that predict
/// `S[i]` correctly form one mask. The sequential rule "a lag whose new score reaches the high
/// score `H` becomes the winner, lags visited in increasing order" reduces to: the largest
/// matching lag whose old score is `H` (the high score then becomes `H + 1`), else the largest
/// matching lag whose old score is `H - 1`. So every lag keeps its deficit `H - score`,
/// bit-sliced (plane `p` holds bit `p` of every lag's deficit): the two candidate sets are the
/// deficits 0 and 1, and a step adds one to the deficits of the lags that did not match (when
/// `H` grows) or takes one from those that did (otherwise).
#[cfg(test)]
fn lag_binary_sequential(s: &[u8]) -> PredictionEstimate {
    let len = s.len();
    let planes_len = (usize::BITS - len.leading_zeros()) as usize + 1;
    let mut planes = vec![0u128; planes_len];
    let mut history = u128::from(s[0] & 1);
    let mut valid = 1u128;
    let mut winner = 0u32;
    let mut tally = Tally::default();
    // Planes from this one on are zero.
    let mut used = 1;
    for &cur in &s[1..] {
        let cur = cur & 1;
        tally.record(((history >> winner) & 1) as u8 == cur);
        let matched = valid & if cur == 1 { history } else { !history };
        if matched != 0 {
            let high = planes[1..used].iter().fold(0u128, |acc, &p| acc | p);
            let top = matched & !(planes[0] | high);
            if top != 0 {
                winner = 127 - top.leading_zeros();
                // H + 1: the deficits of the other lags grow by one.
                let mut carry = !matched;
                for (p, plane) in planes.iter_mut().enumerate() {
                    let next = *plane & carry;
                    *plane ^= carry;
                    carry = next;
                    if carry == 0 {
                        used = used.max(p + 1);
                        break;
                    }
                }
            } else {
                let second = matched & planes[0] & !high;
                if second != 0 {
                    winner = 127 - second.leading_zeros();
                }
                // H stays: the matching lags come one closer.
                let mut borrow = matched;
                for plane in planes.iter_mut() {
                    let next = !*plane & borrow;
                    *plane ^= borrow;
                    borrow = next;
                    if borrow == 0 {
                        break;
                    }
                }
            }
        }
        history = (history << 1) | u128::from(cur);
        valid = (valid << 1) | 1;
    }
    prediction_estimate(tally.correct, (len - 1) as u64, tally.max_run, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bit-parallel path must agree with the general one (run on a 3-symbol alphabet
    /// whose third symbol never occurs, which forces the general path).
    #[test]
    fn binary_path_matches_general_path() {
        let mut x = 0x2545_F491_u32;
        let bits: Vec<u8> = (0..20_000)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                u8::from(x.is_multiple_of(3)) ^ u8::from(i % 17 < 3)
            })
            .collect();
        let fast = lag(&bits, 2).unwrap();
        let general = lag(&bits, 3).unwrap();
        assert_eq!(
            (fast.correct, fast.r, fast.predictions),
            (general.correct, general.r, general.predictions)
        );
    }

    /// The bit-parallel path must agree with the general path (SP 800-90B 6.3.8) on random,
    /// biased and periodic bitstrings (periods below and above D = 128).
    #[test]
    fn sp800_90b_6_3_8_binary_path_matches_general_path_on_random_inputs() {
        use super::super::prediction::test_bits;
        let config = proptest::test_runner::Config { cases: 64, ..Default::default() };
        proptest::proptest!(config, |(seed: u64, ones in 0u32..=256, period in 0usize..300, len in 3usize..20_000)| {
            let bits = test_bits(seed, ones, period, len);
            let (fast, general) = (lag(&bits, 2).unwrap(), lag(&bits, 3).unwrap());
            proptest::prop_assert_eq!(
                (fast.correct, fast.r, fast.predictions),
                (general.correct, general.r, general.predictions)
            );
            proptest::prop_assert_eq!(&fast, &lag_binary_sequential(&bits));
        });
        // Ties everywhere (constant, alternating, period D and D + 1) and long biased runs.
        for (seed, ones, period, len) in
            [(1, 0, 0, 5000), (1, 0, 2, 5000), (1, 0, 128, 9000), (1, 3, 129, 9000), (9, 40, 0, 200_000)]
        {
            let bits = test_bits(seed, ones, period, len);
            let fast = lag(&bits, 2).unwrap();
            let general = lag(&bits, 3).unwrap();
            assert_eq!((fast.correct, fast.r), (general.correct, general.r));
            assert_eq!(fast, lag_binary_sequential(&bits));
        }
    }

    /// Lags far behind that come back: each regime favours other lags (periods, noise), so the
    /// lazily counted deficits of many lags must come near again and be exact then.
    #[test]
    fn sp800_90b_6_3_8_binary_path_when_far_lags_come_back() {
        use super::super::prediction::test_bits;
        let config = proptest::test_runner::Config { cases: 24, ..Default::default() };
        proptest::proptest!(config, |(seed: u64, regimes in proptest::collection::vec((0u32..=256, 0usize..140, 200usize..6000), 2..6))| {
            let mut bits = Vec::new();
            for (k, &(ones, period, len)) in regimes.iter().enumerate() {
                bits.extend(test_bits(seed ^ k as u64, ones, period, len));
            }
            let (fast, general) = (lag(&bits, 2).unwrap(), lag(&bits, 3).unwrap());
            proptest::prop_assert_eq!((fast.correct, fast.r), (general.correct, general.r));
            proptest::prop_assert_eq!(&fast, &lag_binary_sequential(&bits));
        });
    }
}
