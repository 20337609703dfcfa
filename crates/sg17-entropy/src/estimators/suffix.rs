//! Tuple counts from a suffix array, shared by the t-Tuple (SP 800-90B 6.3.5) and LRS (6.3.6)
//! estimates.
//!
//! For every length `t` up to the longest repeated substring `v` this computes, in O(n) after
//! the suffix array:
//! * `q[t]`: the number of occurrences of the most common `t`-tuple (6.3.5 step 1's `Q[t]`);
//! * `s[t]`: the sum over distinct `t`-tuples of `C(count, 2)` (6.3.6 step 3's numerator).
//!
//! Each LCP interval `[lb, rb]` with LCP value `h` and parent interval LCP `p` stands for one
//! tuple of every length in `p+1..=h`, occurring `rb - lb + 1` times.

use super::Inapplicable;
use libsais::SuffixArrayConstruction;

/// Tuple statistics of a symbol sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TupleCounts {
    /// `q[t]` for `t` in `0..=v` (`q[0]` unused).
    pub q: Vec<u64>,
    /// `s[t]` for `t` in `0..=v` (`s[0]` unused).
    pub s: Vec<u64>,
    /// Length of the longest repeated substring.
    pub v: usize,
}

/// Suffix array of `text` (32-bit entries: 4 bytes per symbol).
fn suffix_array(text: &[u8]) -> Result<Vec<i32>, Inapplicable> {
    if text.len() >= i32::MAX as usize {
        return Err(Inapplicable::TooLong(text.len()));
    }
    let sa = SuffixArrayConstruction::for_text(text)
        .in_owned_buffer32()
        .single_threaded()
        .run()
        .map_err(|_| Inapplicable::TooLong(text.len()))?;
    Ok(sa.into_vec())
}

/// Length of the longest common prefix of `text[a..]` and `text[b..]`, eight symbols at a time.
#[inline]
fn lce(text: &[u8], a: usize, b: usize) -> usize {
    let (x, y) = (&text[a..], &text[b..]);
    let m = x.len().min(y.len());
    let mut h = 0;
    while h + 8 <= m {
        let wa = u64::from_le_bytes(x[h..h + 8].try_into().unwrap_or_default());
        let wb = u64::from_le_bytes(y[h..h + 8].try_into().unwrap_or_default());
        let diff = wa ^ wb;
        if diff != 0 {
            return h + (diff.trailing_zeros() / 8) as usize;
        }
        h += 8;
    }
    while h < m && x[h] == y[h] {
        h += 1;
    }
    h
}

/// A binary text packed 64 bits to a word, most significant bit first, for comparing suffixes
/// 64 symbols at a time within a small (cache-friendly) buffer.
struct PackedBits {
    words: Vec<u64>,
    len: usize,
}

impl PackedBits {
    /// Packs `text` if every symbol is 0 or 1.
    fn new(text: &[u8]) -> Option<Self> {
        let mut words = Vec::with_capacity(text.len() / 64 + 2);
        for chunk in text.chunks(64) {
            if chunk.iter().fold(0u8, |acc, &b| acc | b) > 1 {
                return None;
            }
            let w = chunk.iter().fold(0u64, |acc, &b| (acc << 1) | u64::from(b));
            // A last, shorter chunk starts at the top bit too (chunks are never empty).
            words.push(w << (64 - chunk.len()));
        }
        words.push(0);
        Some(PackedBits { words, len: text.len() })
    }

    /// The 64 bits starting at bit `at` (zeros past the end).
    #[inline]
    fn bits_at(&self, at: usize) -> u64 {
        let (w, r) = (at / 64, at % 64);
        let hi = self.words[w] << r;
        if r == 0 { hi } else { hi | self.words.get(w + 1).map_or(0, |&x| x >> (64 - r)) }
    }

    /// Longest common prefix of the suffixes at `a` and `b`, whose first 64 bits are `first_a`
    /// and `first_b` (the caller keeps them from one pair of neighbours to the next).
    #[inline]
    fn lce(&self, a: usize, b: usize, first_a: u64, first_b: u64) -> usize {
        let m = self.len - a.max(b);
        let diff = first_a ^ first_b;
        if diff != 0 {
            return (diff.leading_zeros() as usize).min(m);
        }
        let mut h = 64;
        while h < m {
            let diff = self.bits_at(a + h) ^ self.bits_at(b + h);
            if diff != 0 {
                return (h + diff.leading_zeros() as usize).min(m);
            }
            h += 64;
        }
        m
    }
}

/// Work budget of the direct LCP comparisons, in 8-symbol comparisons per symbol.
///
/// Comparing neighbouring suffixes directly needs no memory besides the suffix array; its cost is
/// the sum of the LCP values, small for any source with some entropy. Past this budget (highly
/// repetitive input) the LCP array is built in linear time instead, with 4 more bytes per symbol.
const DIRECT_BUDGET_PER_SYMBOL: usize = 16;

/// LCP array (entry `k` is the LCP of the suffixes of rank `k-1` and `k`; entry 0 is 0), built
/// in the buffer of the suffix array with the permuted-LCP (`Phi`) method in linear time.
fn lcp_array(text: &[u8], mut sa: Vec<i32>) -> Vec<i32> {
    let n = text.len();
    // phi[sa[k]] = sa[k-1]; the smallest suffix has no predecessor (-1).
    let mut phi = vec![0i32; n];
    phi[sa[0] as usize] = -1;
    for w in sa.windows(2) {
        phi[w[1] as usize] = w[0];
    }
    // plcp[i] >= plcp[i-1] - 1, so the comparisons total O(n); plcp overwrites phi.
    let mut h = 0usize;
    for i in 0..n {
        let j = phi[i];
        if j < 0 {
            h = 0;
            phi[i] = 0;
            continue;
        }
        let j = j as usize;
        while i + h < n && j + h < n && text[i + h] == text[j + h] {
            h += 1;
        }
        phi[i] = h as i32;
        h = h.saturating_sub(1);
    }
    for x in sa.iter_mut() {
        *x = phi[*x as usize];
    }
    sa
}

/// The LCP-interval walk: LCP values are fed in suffix-array order.
struct Intervals {
    /// `best[h]`: largest interval with LCP exactly `h`.
    best: Vec<u64>,
    /// Difference array of `s`.
    diff: Vec<u64>,
    v: usize,
    /// Stack of (lcp value, left boundary).
    stack: Vec<(usize, usize)>,
}

impl Intervals {
    fn new() -> Self {
        Intervals { best: Vec::new(), diff: Vec::new(), v: 0, stack: vec![(0, 0)] }
    }

    /// Feeds `cur`, the LCP of the suffixes of rank `k-1` and `k` (`k >= 1`).
    #[inline(always)]
    fn push(&mut self, k: usize, cur: usize) {
        if cur > self.v {
            self.v = cur;
            // Every LCP value on the stack is at most `v`: no size check when intervals close.
            if self.best.len() < cur + 2 {
                let len = (cur + 2).max(2 * self.best.len());
                self.best.resize(len, 0);
                self.diff.resize(len, 0);
            }
        }
        let mut lb = k - 1;
        // The bottom entry (0, 0) is never popped (`cur >= 0`).
        let mut top = self.stack.last().copied().unwrap_or((0, 0));
        while top.0 > cur {
            let (h, left) = top;
            self.stack.pop();
            top = self.stack.last().copied().unwrap_or((0, 0));
            let size = (k - left) as u64;
            let parent = top.0.max(cur);
            self.best[h] = self.best[h].max(size);
            let pairs = size * (size - 1) / 2;
            self.diff[parent + 1] = self.diff[parent + 1].wrapping_add(pairs);
            self.diff[h + 1] = self.diff[h + 1].wrapping_sub(pairs);
            lb = left;
        }
        if top.0 < cur {
            self.stack.push((cur, lb));
        }
    }

    /// Closes every interval (a final LCP of 0 after the last suffix `n - 1`).
    fn finish(mut self, n: usize) -> TupleCounts {
        self.push(n, 0);
        let v = self.v;
        self.best.resize(v + 2, 0);
        self.diff.resize(v + 2, 0);
        let mut q = vec![1u64; v + 1];
        let mut running = 1u64;
        for t in (1..=v).rev() {
            running = running.max(self.best[t]);
            q[t] = running;
        }
        let mut s = vec![0u64; v + 1];
        let mut acc = 0u64;
        for (st, &d) in s.iter_mut().zip(&self.diff).skip(1) {
            acc = acc.wrapping_add(d);
            *st = acc;
        }
        TupleCounts { q, s, v }
    }
}

/// Computes [`TupleCounts`] for `text` (at least 2 symbols).
pub(crate) fn tuple_counts(text: &[u8]) -> Result<TupleCounts, Inapplicable> {
    let n = text.len();
    if n < 2 {
        return Err(Inapplicable::TooFewSymbols { needed: 2, got: n });
    }
    tuple_counts_within(text, DIRECT_BUDGET_PER_SYMBOL.saturating_mul(n).max(1 << 16))
}

/// [`tuple_counts`] with an explicit work budget for the direct LCP comparisons.
fn tuple_counts_within(text: &[u8], budget: usize) -> Result<TupleCounts, Inapplicable> {
    let n = text.len();
    let sa = suffix_array(text)?;
    // LCP values straight from the text while the work stays within budget.
    let packed = PackedBits::new(text);
    let mut work = 0usize;
    let mut walk = Intervals::new();
    let mut within_budget = true;
    // Binary text: the first 64 bits of the previous suffix and of the current one, read one
    // step ahead (a random access into the packed text, started before this step's
    // data-dependent branches).
    let first_at = |k: usize| match (&packed, sa.get(k)) {
        (Some(p), Some(&at)) => p.bits_at(at as usize),
        _ => 0,
    };
    let (mut first, mut ahead) = (first_at(0), first_at(1));
    for (k, w) in sa.windows(2).enumerate() {
        let (a, b) = (w[0] as usize, w[1] as usize);
        let h = match &packed {
            Some(p) => {
                let first_b = ahead;
                ahead = first_at(k + 2);
                let h = p.lce(a, b, first, first_b);
                first = first_b;
                h
            }
            None => lce(text, a, b),
        };
        work += h / 8 + 1;
        if work > budget {
            within_budget = false;
            break;
        }
        walk.push(k + 1, h);
    }
    if within_budget {
        return Ok(walk.finish(n));
    }
    let lcp = lcp_array(text, sa);
    let mut walk = Intervals::new();
    for (k, &h) in lcp.iter().enumerate().skip(1) {
        walk.push(k, h as usize);
    }
    Ok(walk.finish(n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn brute(text: &[u8]) -> TupleCounts {
        let n = text.len();
        let mut q = vec![1u64];
        let mut s = vec![0u64];
        let mut v = 0;
        for t in 1..n {
            let mut counts: HashMap<&[u8], u64> = HashMap::new();
            for w in text.windows(t) {
                *counts.entry(w).or_default() += 1;
            }
            let max = counts.values().copied().max().unwrap_or(0);
            if max < 2 {
                break;
            }
            v = t;
            q.push(max);
            s.push(counts.values().map(|c| c * (c - 1) / 2).sum());
        }
        TupleCounts { q, s, v }
    }

    proptest::proptest! {
        #[test]
        fn matches_brute_force(text in proptest::collection::vec(0u8..3, 2..200)) {
            let fast = tuple_counts(&text).unwrap();
            proptest::prop_assert_eq!(fast, brute(&text));
        }

        /// Binary text takes the packed 64-bit comparisons.
        #[test]
        fn binary_matches_brute_force(text in proptest::collection::vec(0u8..2, 2..300)) {
            let fast = tuple_counts(&text).unwrap();
            proptest::prop_assert_eq!(fast, brute(&text));
        }

        /// The linear-time LCP array (used past the direct-comparison budget) gives the same counts.
        #[test]
        fn lcp_array_path_matches_brute_force(text in proptest::collection::vec(0u8..3, 2..200)) {
            let fast = tuple_counts_within(&text, 0).unwrap();
            proptest::prop_assert_eq!(fast, brute(&text));
        }
    }

    /// Repetitive input exceeds the budget of direct comparisons and takes the LCP-array path.
    #[test]
    fn repetitive_input_both_paths_agree() {
        let text: Vec<u8> = (0..20_000u32).map(|i| u8::from(i % 7 == 0) + u8::from(i == 12_345)).collect();
        assert_eq!(tuple_counts_within(&text, usize::MAX).unwrap(), tuple_counts_within(&text, 0).unwrap());
        assert_eq!(tuple_counts(&text).unwrap(), tuple_counts_within(&text, 0).unwrap());
    }

    #[test]
    fn no_repeats() {
        let c = tuple_counts(&[0, 1, 2, 3]).unwrap();
        assert_eq!(c.v, 0);
    }

    #[test]
    fn all_equal() {
        // "aaaa": t-tuples of length t occur 5 - t times.
        let c = tuple_counts(&[7; 4]).unwrap();
        assert_eq!(c.v, 3);
        assert_eq!(c.q, vec![1, 4, 3, 2]);
        assert_eq!(c.s, vec![0, 6, 3, 1]);
    }
}
