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

/// LCP array of `text` (entry `k` is the LCP of the suffixes of rank `k-1` and `k`; entry 0 is 0).
fn lcp_array(text: &[u8]) -> Result<Vec<i32>, Inapplicable> {
    if text.len() >= i32::MAX as usize {
        return Err(Inapplicable::TooLong(text.len()));
    }
    let sa = SuffixArrayConstruction::for_text(text)
        .in_owned_buffer32()
        .single_threaded()
        .run()
        .map_err(|_| Inapplicable::TooLong(text.len()))?;
    let with_plcp =
        sa.plcp_construction().single_threaded().run().map_err(|_| Inapplicable::TooLong(text.len()))?;
    let (sa, plcp, _) = with_plcp.into_parts();
    // Overwrite the suffix array with the LCP array in place: lcp[k] = plcp[sa[k]].
    let mut lcp: Vec<i32> = sa;
    for x in lcp.iter_mut() {
        *x = plcp[*x as usize];
    }
    Ok(lcp)
}

/// Computes [`TupleCounts`] for `text` (at least 2 symbols).
pub(crate) fn tuple_counts(text: &[u8]) -> Result<TupleCounts, Inapplicable> {
    let n = text.len();
    if n < 2 {
        return Err(Inapplicable::TooFewSymbols { needed: 2, got: n });
    }
    let lcp = lcp_array(text)?;
    let v = lcp.iter().copied().max().unwrap_or(0).max(0) as usize;
    // best[h]: largest interval with LCP exactly h; diff: difference array for s.
    let mut best = vec![0u64; v + 2];
    let mut diff = vec![0u64; v + 2];
    // Stack of (lcp value, left boundary).
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    // A final LCP of 0 closes every open interval.
    for (k, &cur) in lcp.iter().chain(std::iter::once(&0)).enumerate().skip(1) {
        let cur = cur as usize;
        let mut lb = k - 1;
        while let Some(&(h, left)) = stack.last() {
            if h <= cur {
                break;
            }
            stack.pop();
            let size = (k - left) as u64;
            let parent = stack.last().map_or(0, |&(p, _)| p).max(cur);
            best[h] = best[h].max(size);
            let pairs = size * (size - 1) / 2;
            diff[parent + 1] = diff[parent + 1].wrapping_add(pairs);
            diff[h + 1] = diff[h + 1].wrapping_sub(pairs);
            lb = left;
        }
        if stack.last().is_none_or(|&(h, _)| h < cur) {
            stack.push((cur, lb));
        }
    }
    let mut q = vec![1u64; v + 1];
    let mut running = 1u64;
    for t in (1..=v).rev() {
        running = running.max(best[t]);
        q[t] = running;
    }
    let mut s = vec![0u64; v + 1];
    let mut acc = 0u64;
    for t in 1..=v {
        acc = acc.wrapping_add(diff[t]);
        s[t] = acc;
    }
    Ok(TupleCounts { q, s, v })
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
