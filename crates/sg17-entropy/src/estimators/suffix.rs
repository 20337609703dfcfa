//! Tuple counts from a suffix array, shared by the t-Tuple (SP 800-90B 6.3.5) and LRS (6.3.6)
//! estimates.
//!
//! For every length `t` up to the longest repeated substring `v` this computes, in O(n) after
//! the suffix array:
//! * `q[t]`: the number of occurrences of the most common `t`-tuple (6.3.5 step 1's `Q[t]`), for
//!   `t` up to the first length whose count is below 35 (6.3.5 and 6.3.6 need no longer one);
//! * `s[t]`: the sum over distinct `t`-tuples of `C(count, 2)` (6.3.6 step 3's numerator).
//!
//! Binary text with enough entropy takes a path without a suffix array (see
//! [`binary_tuple_counts`]); other text, and binary text that is too repetitive for it, takes the
//! suffix array. Each LCP interval `[lb, rb]` with LCP value `h` and parent interval LCP `p` stands for one
//! tuple of every length in `p+1..=h`, occurring `rb - lb + 1` times.

use super::Inapplicable;
use super::t_tuple::CUTOFF;
use libsais::SuffixArrayConstruction;

/// Tuple statistics of a symbol sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TupleCounts {
    /// `q[t]` for `t` in `0..=min(u, v)` (`q[0]` unused), where `u` is the first length with
    /// `q[u] < 35`.
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
        TupleCounts { q, s, v }.truncated()
    }
}

impl TupleCounts {
    /// Drops the entries of `q` past the first one below [`CUTOFF`].
    fn truncated(mut self) -> Self {
        if let Some(u) = self.q.iter().skip(1).position(|&x| x < CUTOFF) {
            self.q.truncate(u + 2);
        }
        self
    }
}

/// Smallest binary text given to [`binary_tuple_counts`] (shorter texts take the suffix array,
/// which is cheap for them).
const BINARY_MIN_LEN: usize = 1 << 12;

/// Budget of the pairwise comparisons of [`binary_tuple_counts`], in pairs per symbol.
const BINARY_PAIRS_PER_SYMBOL: u64 = 8;

/// Width of the tuples counted directly by [`binary_tuple_counts`] for a text of `n` bits: about
/// `n / 4` counters up to 2^21 bits, about `n / 8` above (so that the counters and the sorted
/// positions take at most about 1.25 times the memory of the suffix array).
fn binary_width(n: usize) -> u32 {
    let log = usize::BITS - (n - 1).leading_zeros();
    let shift = if n <= 1 << 21 { 2 } else { 3 };
    log.saturating_sub(shift).clamp(1, 26)
}

/// [`TupleCounts`] of a binary text without a suffix array, or `None` when the text is too
/// repetitive for it (then the suffix array is used).
///
/// 1. One pass counts every tuple of `width` bits (a rolling key); the counts of `width - 1`
///    bits are sums of sibling pairs plus the one `width - 1`-tuple that starts at
///    `n - width + 1` (it has no extension), and so on down to 1 bit. This gives `q[t]` and
///    `s[t]` for `t <= width`. The text is too repetitive when `q[width] >= 35` (then `u > width`
///    and `q` would be needed further).
/// 2. The positions are sorted by their first `width` bits (a counting sort), each kept as the
///    32 bits that follow; in each bucket every pair of positions is compared, which gives the
///    longest common prefix of the two suffixes; `s[t]` for `t > width` is the number of pairs
///    whose common prefix is at least `t`, and `v` the longest. There are `s[width]` pairs; the
///    text is too repetitive when they exceed `pair_budget`, or when two positions have a common
///    prefix of `width + 32` bits or more.
///
/// Memory: `2^width` counters and one 32-bit entry a position (4 bytes a symbol, as the suffix
/// array).
fn binary_tuple_counts(
    text: &[u8],
    packed: &PackedBits,
    width: u32,
    pair_budget: u64,
) -> Option<TupleCounts> {
    let n = text.len();
    let w = width as usize;
    if w == 0 || w > 30 || n < w + 32 || n >= u32::MAX as usize {
        return None;
    }
    let mask = (1u32 << width) - 1;
    let mut counts = vec![0u32; 1 << width];
    let mut key = 0u32;
    for (i, &b) in text.iter().enumerate() {
        key = ((key << 1) | u32::from(b)) & mask;
        if i + 1 >= w {
            counts[key as usize] += 1;
        }
    }
    let stats = |c: &[u32]| {
        c.iter().fold((0u64, 0u64), |(q, s), &x| {
            let x = u64::from(x);
            (q.max(x), s + x * x.saturating_sub(1) / 2)
        })
    };
    let mut q = vec![1u64; w + 1];
    let mut s = vec![0u64; w + 1];
    (q[w], s[w]) = stats(&counts);
    if q[w] >= CUTOFF || s[w] > pair_budget {
        return None;
    }
    // Shorter tuples, folding sibling pairs; the tuple of `t` bits at `n - t` has no extension.
    let tail = |t: usize| text[n - t..].iter().fold(0usize, |acc, &b| (acc << 1) | usize::from(b));
    let mut shorter: Vec<u32> = Vec::new();
    for t in (1..w).rev() {
        let folded: Vec<u32> = if t + 1 == w {
            counts.chunks_exact(2).map(|p| p[0] + p[1]).collect()
        } else {
            shorter.chunks_exact(2).map(|p| p[0] + p[1]).collect()
        };
        shorter = folded;
        shorter[tail(t)] += 1;
        (q[t], s[t]) = stats(&shorter);
    }
    drop(shorter);
    // Counting sort of the positions by their first `width` bits. A position is kept as the 32
    // bits that follow its first `width` (the bucket gives those). The last positions, less
    // than `width + 32` bits from the end, are set aside.
    let total = n - w + 1;
    let full = n - w - 31;
    let key_at = |i: usize| (packed.bits_at(i) >> (64 - width)) as usize;
    let next_at = |i: usize| (packed.bits_at(i + w) >> 32) as u32;
    for i in full..total {
        counts[key_at(i)] -= 1;
    }
    let mut start = 0u32;
    for c in counts.iter_mut() {
        let next = start + *c;
        *c = start;
        start = next;
    }
    // Two passes, for locality: the positions first go to their part (the first 8 bits of the
    // key: 256 parts, each written in order), then each part, read back, to its buckets (all
    // within the part's range of `entries`).
    let mut entries = vec![0u32; full];
    let shift = width - width.min(8);
    let mut part_end: Vec<u32> = counts.iter().step_by(1 << shift).copied().collect();
    // The keys in order, as a rolling window of the text.
    let mut key = key_at(0);
    for (i, &b) in text[w..w + full].iter().enumerate() {
        let end = &mut part_end[key >> shift];
        entries[*end as usize] = i as u32;
        *end += 1;
        key = ((key << 1) | usize::from(b)) & mask as usize;
    }
    let mut part = Vec::new();
    for (p, &end) in part_end.iter().enumerate() {
        // The start of part p (its buckets' counters still hold their starts).
        let begin = counts[p << shift] as usize;
        part.clear();
        part.extend_from_slice(&entries[begin..end as usize]);
        for &i in &part {
            // The key and the 32 bits after it in one read (`width + 32 <= 64`).
            let bits = packed.bits_at(i as usize);
            let slot = &mut counts[(bits >> (64 - width)) as usize];
            entries[*slot as usize] = (bits >> (32 - width)) as u32;
            *slot += 1;
        }
    }
    // Pairs within each bucket (`counts[key]` is now the end of the bucket of `key`): histogram
    // of their common prefix lengths, all at least `width`. Two entries that agree in all 32 bits
    // (a common prefix of `width + 32` bits or more) send the text to the suffix array.
    let mut hist = [0u64; 64];
    let mut begin = 0usize;
    for &end in &counts {
        let end = end as usize;
        if end - begin >= 2 {
            let bucket = &entries[begin..end];
            for (x, &ea) in bucket.iter().enumerate() {
                for &eb in &bucket[x + 1..] {
                    hist[w + (ea ^ eb).leading_zeros() as usize] += 1;
                }
            }
        }
        begin = end;
    }
    if hist[w + 32] > 0 {
        return None;
    }
    // The positions set aside: against the earlier positions of their bucket (the common prefix
    // is cut at the end of the text), and against each other.
    let bucket = |key: usize| {
        let begin = if key == 0 { 0 } else { counts[key - 1] as usize };
        &entries[begin..counts[key] as usize]
    };
    for p in full..total {
        let (key, ep, cap) = (key_at(p), next_at(p), n - p);
        for &eq in bucket(key) {
            hist[(w + (eq ^ ep).leading_zeros() as usize).min(cap)] += 1;
        }
        for r in p + 1..total {
            if key_at(r) == key {
                hist[packed.lce(p, r, packed.bits_at(p), packed.bits_at(r))] += 1;
            }
        }
    }
    let v_pairs = hist.iter().rposition(|&x| x > 0);
    let v = match v_pairs {
        Some(v) => v,
        None => (1..=w).rev().find(|&t| q[t] >= 2).unwrap_or(0),
    };
    if v > w {
        s.resize(v + 1, 0);
        let mut acc = 0u64;
        for t in (w + 1..=v).rev() {
            acc += hist[t];
            s[t] = acc;
        }
    } else {
        s.truncate(v + 1);
        q.truncate(v + 1);
    }
    Some(TupleCounts { q, s, v }.truncated())
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
    let packed = PackedBits::new(text);
    if let Some(p) = &packed
        && n >= BINARY_MIN_LEN
        && let Some(c) = binary_tuple_counts(text, p, binary_width(n), BINARY_PAIRS_PER_SYMBOL * n as u64)
    {
        return Ok(c);
    }
    tuple_counts_sa(text, packed, budget)
}

/// [`tuple_counts_within`] through the suffix array.
fn tuple_counts_sa(
    text: &[u8],
    packed: Option<PackedBits>,
    budget: usize,
) -> Result<TupleCounts, Inapplicable> {
    let n = text.len();
    let sa = suffix_array(text)?;
    // LCP values straight from the text while the work stays within budget.
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
        TupleCounts { q, s, v }.truncated()
    }

    /// Bits from a xorshift generator, each 1 with probability `p1` (in 1/256).
    fn bits(n: usize, p1: u32, mut seed: u64) -> Vec<u8> {
        (0..n)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                u8::from(((seed >> 24) as u32 & 255) < p1)
            })
            .collect()
    }

    /// The suffix-array path alone.
    fn by_suffix_array(text: &[u8]) -> TupleCounts {
        tuple_counts_sa(text, PackedBits::new(text), usize::MAX).unwrap()
    }

    /// Checks the binary path against the brute-force counts: equal when it answers, and when it
    /// declines, one of its documented reasons holds.
    fn check_binary(
        text: &[u8],
        width: u32,
        budget: u64,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let packed = PackedBits::new(text).unwrap();
        let expected = brute(text);
        let w = width as usize;
        match binary_tuple_counts(text, &packed, width, budget) {
            Some(c) => proptest::prop_assert_eq!(c, expected),
            None => {
                let mut counts: HashMap<&[u8], u64> = HashMap::new();
                for x in text.windows(w) {
                    *counts.entry(x).or_default() += 1;
                }
                let q = counts.values().copied().max().unwrap_or(0);
                let pairs: u64 = counts.values().map(|c| c * (c - 1) / 2).sum();
                proptest::prop_assert!(
                    text.len() < w + 32 || q >= CUTOFF || pairs > budget || expected.v >= w + 32,
                    "declined without reason"
                );
            }
        }
        Ok(())
    }

    proptest::proptest! {
        /// The path without a suffix array, on short texts with narrow counters: random, biased
        /// and periodic (with flipped bits) texts, and a pair budget that is sometimes exceeded.
        #[test]
        fn binary_path_matches_brute_force(
            n in 40usize..700,
            p1 in proptest::sample::select(vec![128u32, 128, 160, 200, 240]),
            period in 0usize..40,
            flips in proptest::collection::vec(0usize..700, 0..4),
            width in 1u32..12,
            budget in proptest::sample::select(vec![u64::MAX, u64::MAX, 100, 1000]),
            seed in 1u64..u64::MAX,
        ) {
            let mut text = bits(n, p1, seed);
            if period > 0 {
                for i in period..n {
                    text[i] = text[i - period];
                }
            }
            for f in flips {
                if f < n {
                    text[f] ^= 1;
                }
            }
            check_binary(&text, width, budget)?;
        }

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

    /// Binary texts long enough for the path without a suffix array give the counts of the
    /// suffix array path (which the tests above check by brute force); random and biased bits
    /// take the binary path, periodic and strongly biased ones fall back.
    #[test]
    fn binary_texts_agree_with_suffix_array() {
        for (n, p1, period) in [
            (4096, 128, 0),
            (5000, 128, 0),
            (70_000, 128, 0),
            (70_000, 150, 0),
            (70_000, 200, 0),
            (70_000, 250, 0),
            (20_000, 128, 3000),
            (20_000, 128, 100),
            (300_000, 128, 0),
        ] {
            let mut text = bits(n, p1, 0x9E37_79B9_7F4A_7C15 ^ n as u64);
            if period > 0 {
                for i in period..n {
                    text[i] = text[i - period];
                }
            }
            let packed = PackedBits::new(&text).unwrap();
            let direct =
                binary_tuple_counts(&text, &packed, binary_width(n), BINARY_PAIRS_PER_SYMBOL * n as u64);
            // Near-uniform bits must take the path; periodic ones must not.
            assert_eq!(direct.is_some(), period == 0 && p1 < 200, "n {n} p1 {p1} period {period}");
            assert_eq!(tuple_counts(&text).unwrap(), by_suffix_array(&text), "n {n} p1 {p1} period {period}");
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
        // "aaaa": t-tuples of length t occur 5 - t times; `q` stops at the first count below 35.
        let c = tuple_counts(&[7; 4]).unwrap();
        assert_eq!(c.v, 3);
        assert_eq!(c.q, vec![1, 4]);
        assert_eq!(c.s, vec![0, 6, 3, 1]);
    }
}
