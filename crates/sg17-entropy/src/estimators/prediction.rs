//! Shared parts of the predictor estimates (SP 800-90B 6.3.7 - 6.3.10): the global and local
//! predictability bounds, and the prefix dictionaries used by MultiMMC and LZ78Y.

use crate::math::{SearchEnd, Z_ALPHA, bisect_decreasing};
use serde::Serialize;

/// Result of a predictor estimate (SP 800-90B 6.3.7 - 6.3.10, final steps).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictionEstimate {
    /// Number of correct predictions `C`.
    pub correct: u64,
    /// `r`: one more than the longest run of correct predictions.
    pub r: u64,
    /// Number of predictions `N`.
    pub predictions: u64,
    /// `P_global = C / N`.
    pub p_global: f64,
    /// Upper confidence bound `P_global'`.
    pub p_global_prime: f64,
    /// `P_local`, when it could change the result (otherwise `None`, as NIST's tool reports
    /// "P_local can't change the result").
    pub p_local: Option<f64>,
    /// `-log2(max(P_global', P_local, 1/k))`.
    pub min_entropy: f64,
}

/// `log` of the probability that `n` predictions with success probability `p` contain no run
/// of `r` successes (SP 800-90B 6.3.7 step 10's equation), via the root `x` of
/// `1 - x + q p^r x^(r+1) = 0`.
fn log_no_run(p: f64, r: f64, n: f64) -> f64 {
    let q = 1.0 - p;
    let mut x = 1.0f64;
    let mut x_last = 0.0f64;
    let pr = p.powf(r);
    for _ in 0..=65 {
        if x - x_last <= f64::EPSILON * x {
            break;
        }
        x_last = x;
        x = 1.0 + q * pr * x.powf(r + 1.0);
    }
    (1.0 - p * x).ln() - ((r + 1.0 - r * x) * q).ln() - (n + 1.0) * x.ln()
}

/// Final steps of every predictor estimate: bounds `P_global'` and `P_local` from the number of
/// correct predictions `c` out of `n`, the longest run `max_run`, and the alphabet size `k`.
///
/// ```
/// use sg17_entropy::estimators::prediction::prediction_estimate;
/// // 500 correct out of 1000 binary predictions, longest run 9.
/// let e = prediction_estimate(500, 1000, 9, 2);
/// assert_eq!(e.r, 10);
/// assert!((e.p_global - 0.5).abs() < 1e-15);
/// assert!(e.min_entropy < 1.0 && e.min_entropy > 0.8);
/// ```
#[must_use]
pub fn prediction_estimate(c: u64, n: u64, max_run: u64, k: usize) -> PredictionEstimate {
    let nf = n as f64;
    let p_global = c as f64 / nf;
    let p_global_prime = if p_global > 0.0 {
        (p_global + Z_ALPHA * (p_global * (1.0 - p_global) / (nf - 1.0)).sqrt()).min(1.0)
    } else {
        1.0 - 0.01f64.powf(1.0 / nf)
    };
    let r = (max_run + 1) as f64;
    let log_alpha = 0.99f64.ln();
    let mut cur_max = (1.0 / k as f64).max(p_global_prime);
    let mut p_local = None;
    if cur_max < 1.0 && log_no_run(cur_max, r, nf) > log_alpha {
        let p = match bisect_decreasing(cur_max, 1.0, log_alpha, |p| log_no_run(p, r, nf)) {
            SearchEnd::Found(p) => p,
            SearchEnd::Failed => 1.0,
        };
        p_local = Some(p);
        cur_max = cur_max.max(p);
    }
    PredictionEstimate {
        correct: c,
        r: max_run + 1,
        predictions: n,
        p_global,
        p_global_prime,
        p_local,
        min_entropy: -cur_max.log2(),
    }
}

/// Packs the low bits of `s` into `words` (bit `j % 64` of word `j / 64` is `s[j] & 1`; the
/// words past the end of `s` are left alone).
pub(crate) fn pack_low_bits(s: &[u8], words: &mut [u64]) {
    for (word, chunk) in words.iter_mut().zip(s.chunks(64)) {
        let (bytes, tail) = chunk.as_chunks::<8>();
        // Byte t's low bit to bit 56 + t of the product (the partial products never overlap).
        let eight = |b: &[u8; 8]| {
            (u64::from_le_bytes(*b) & 0x0101_0101_0101_0101).wrapping_mul(0x0102_0408_1020_4080) >> 56
        };
        *word = bytes.iter().enumerate().fold(0u64, |acc, (g, b)| acc | eight(b) << (8 * g));
        *word |= tail
            .iter()
            .enumerate()
            .fold(0u64, |acc, (t, &b)| acc | u64::from(b & 1) << (8 * bytes.len() + t));
    }
}

/// A bitstring (the low bit of each symbol) packed 64 symbols to a word, the first in the low
/// bit: bit `j % 64` of word `j / 64` is `S[j] & 1`.
pub(crate) struct LowBits {
    words: Vec<u64>,
}

impl LowBits {
    pub(crate) fn new(s: &[u8]) -> Self {
        // One more word for the reads past the end.
        let mut words = vec![0u64; s.len() / 64 + 2];
        pack_low_bits(s, &mut words);
        LowBits { words }
    }

    /// Bits `q..q + 64` (bit `t` is `S[q + t] & 1`; zeros past the end).
    #[inline]
    pub(crate) fn at(&self, q: usize) -> u64 {
        let (w, off) = (q / 64, q % 64);
        if off == 0 { self.words[w] } else { (self.words[w] >> off) | (self.words[w + 1] << (64 - off)) }
    }
}

/// For the 256 pairs of 4-bit patterns `a | b << 4`: the sum of `a_j - b_j` over the four bits,
/// and the lowest of its prefix sums (of lengths 0 to 4, so at most 0).
const NIBBLE_WALK: [(i8, i8); 256] = {
    let mut t = [(0i8, 0i8); 256];
    let mut x = 0;
    while x < 256 {
        let (mut sum, mut low) = (0i8, 0i8);
        let mut j = 0;
        while j < 4 {
            sum += ((x >> j) & 1) as i8 - ((x >> (4 + j)) & 1) as i8;
            if sum < low {
                low = sum;
            }
            j += 1;
        }
        t[x] = (sum, low);
        x += 1;
    }
    t
};

/// The lowest prefix sum (the empty one included) of `a_t - b_t` over the 64 bits `t` of `a` and
/// `b`.
pub(crate) fn lowest_prefix(a: u64, b: u64) -> i64 {
    let (mut sum, mut low) = (0i64, 0i64);
    for k in 0..16 {
        let (s, l) = NIBBLE_WALK[(((a >> (4 * k)) & 15) | (((b >> (4 * k)) & 15) << 4)) as usize];
        low = low.min(sum + i64::from(l));
        sum += i64::from(s);
    }
    low
}

/// Tracks correct predictions and the longest run of them.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Tally {
    pub correct: u64,
    run: u64,
    pub max_run: u64,
}

impl Tally {
    /// Branch-free: whether a prediction hits is data (often random), not control flow.
    #[inline]
    pub(crate) fn record(&mut self, hit: bool) {
        let h = u64::from(hit);
        self.correct += h;
        self.run = (self.run + 1) * h;
        self.max_run = self.max_run.max(self.run);
    }

    /// [`Tally::record`] for `n <= 64` predictions at once: bit `t` of `hits` tells whether the
    /// `t`-th hit (bits from `n` on are ignored).
    pub(crate) fn record_bits(&mut self, hits: u64, n: u32) {
        let field = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        let hits = hits & field;
        self.correct += u64::from(hits.count_ones());
        if hits == field {
            self.run += u64::from(n);
            self.max_run = self.max_run.max(self.run);
            return;
        }
        // The first run continues the current one, the last one stays open.
        let first = u64::from(hits.trailing_ones());
        self.max_run = self.max_run.max(self.run + first);
        // The longest run inside: each step shortens every run by one.
        let (mut x, mut longest) = (hits, 0u64);
        while x != 0 {
            x &= x >> 1;
            longest += 1;
        }
        self.max_run = self.max_run.max(longest);
        self.run = u64::from((!hits & field).leading_zeros() - (64 - n));
    }

    /// [`Tally::record`] when `counted`, nothing otherwise (branch-free).
    #[inline]
    pub(crate) fn record_if(&mut self, counted: bool, hit: bool) {
        let c = u64::from(counted);
        self.correct += c & u64::from(hit);
        self.run = (self.run + c) * u64::from(!counted || hit);
        self.max_run = self.max_run.max(self.run);
    }
}

/// Test bitstrings: bit `i` is one with probability `ones / 256` (a xorshift generator seeded
/// with `seed`), XORed with a pattern of period `period` (none when 0) so that some inputs are
/// structured (long repeats, frequent ties) rather than random.
#[cfg(test)]
pub(crate) fn test_bits(seed: u64, ones: u32, period: usize, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let noise = u8::from(((x >> 24) as u32 & 0xFF) < ones);
            let pattern = if period == 0 { 0 } else { u8::from((i % period) * 3 < period) };
            noise ^ pattern
        })
        .collect()
}

/// Number of distinct windows of `w` bits in `bits`.
#[cfg(test)]
pub(crate) fn distinct_windows(bits: &[u8], w: usize) -> usize {
    let mut seen = std::collections::HashSet::new();
    for win in bits.windows(w) {
        seen.insert(win.iter().fold(0u64, |acc, &b| (acc << 1) | u64::from(b)));
    }
    seen.len()
}

/// Keys of an [`IntMap`].
#[cfg(test)]
pub(crate) trait IntKey: Copy + Eq + Default {
    /// 64 well-mixed-enough bits of the key.
    fn fold(self) -> u64;
}

#[cfg(test)]
impl IntKey for u128 {
    #[inline]
    fn fold(self) -> u64 {
        (self as u64) ^ ((self >> 64) as u64).rotate_left(29)
    }
}

#[cfg(test)]
impl IntKey for u64 {
    #[inline]
    fn fold(self) -> u64 {
        self
    }
}

/// Open-addressing hash table from integer keys to non-zero `u64` values (0 marks an empty
/// slot), with linear probing and a multiplicative hash. Simpler and faster than a general
/// `HashMap` for the predictors' packed-prefix keys; grows at 3/4 load.
#[cfg(test)]
pub(crate) struct IntMap<K: IntKey> {
    /// (key, value) pairs side by side: one cache miss per probe.
    slots: Vec<(K, u64)>,
    len: usize,
    shift: u32,
}

#[cfg(test)]
impl<K: IntKey> IntMap<K> {
    pub(crate) fn new() -> Self {
        IntMap { slots: vec![(K::default(), 0); 16], len: 0, shift: 64 - 4 }
    }

    #[inline]
    fn slot(&self, key: K) -> usize {
        (key.fold().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The value stored for `key` (0 if absent).
    #[inline]
    pub(crate) fn get(&self, key: K) -> u64 {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let (k, v) = self.slots[i];
            if v == 0 || k == key {
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    /// Sets `key` to `value` (non-zero).
    pub(crate) fn set(&mut self, key: K, value: u64) {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let slot = &mut self.slots[i];
            if slot.1 == 0 {
                *slot = (key, value);
                self.len += 1;
                if 4 * self.len > 3 * self.slots.len() {
                    self.grow();
                }
                return;
            }
            if slot.0 == key {
                slot.1 = value;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds one to the value of `key`; an absent key is inserted with 1 only when `allow_new`.
    /// Returns the new value, or 0 when the key was absent and not inserted.
    #[inline]
    pub(crate) fn add_one(&mut self, key: K, allow_new: bool) -> u64 {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let slot = &mut self.slots[i];
            if slot.1 == 0 {
                if !allow_new {
                    return 0;
                }
                *slot = (key, 1);
                self.len += 1;
                if 4 * self.len > 3 * self.slots.len() {
                    self.grow();
                }
                return 1;
            }
            if slot.0 == key {
                slot.1 += 1;
                return slot.1;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![(K::default(), 0); old.len() * 2];
        self.len = 0;
        self.shift -= 1;
        for (k, v) in old {
            if v != 0 {
                self.set(k, v);
            }
        }
    }
}

/// Counts of `(prefix, next symbol)` pairs for the dictionary-based predictors (MultiMMC 6.3.9,
/// LZ78Y 6.3.10). One table per prefix length `d` (0-based); prefixes are packed into a `u128`.
///
/// The prediction for a prefix is the most frequent next symbol, ties going to the larger symbol.
#[cfg(test)]
pub(crate) trait PrefixCounts {
    /// Counts `(prefix, y)`. An unseen pair is added only when `allow_new`; returns whether it was.
    fn bump(&mut self, d: usize, prefix: u128, y: u8, allow_new: bool) -> bool;
    /// One visit of `prefix` followed by `y`, with a single lookup: returns the prediction for
    /// `prefix` as it was before (`None` if the prefix was unseen) and whether a new
    /// `(prefix, y)` pair was added. For a seen prefix the pair is counted, a new pair only when
    /// `allow_new_pair`; an unseen prefix is added with the pair only when `create_prefix`.
    fn observe(
        &mut self,
        d: usize,
        prefix: u128,
        y: u8,
        allow_new_pair: bool,
        create_prefix: bool,
    ) -> (Option<(u8, u64)>, bool);
}

/// Hash tables for general alphabets.
#[cfg(test)]
pub(crate) struct MapCounts {
    /// Per depth: prefix -> node id + 1.
    prefixes: Vec<IntMap<u128>>,
    /// Per node: (best count, prediction).
    nodes: Vec<(u64, u8)>,
    /// (node id << 8 | y) -> count.
    pairs: IntMap<u64>,
}

#[cfg(test)]
impl MapCounts {
    pub(crate) fn new(depths: usize) -> Self {
        MapCounts {
            prefixes: (0..depths).map(|_| IntMap::new()).collect(),
            nodes: Vec::new(),
            pairs: IntMap::new(),
        }
    }
}

#[cfg(test)]
impl PrefixCounts for MapCounts {
    fn observe(
        &mut self,
        d: usize,
        prefix: u128,
        y: u8,
        allow_new_pair: bool,
        create_prefix: bool,
    ) -> (Option<(u8, u64)>, bool) {
        let id = self.prefixes[d].get(prefix);
        if id == 0 {
            if !create_prefix {
                return (None, false);
            }
            self.nodes.push((1, y));
            let id = self.nodes.len() as u64;
            self.prefixes[d].set(prefix, id);
            self.pairs.add_one(((id - 1) << 8) | u64::from(y), true);
            return (None, true);
        }
        let node = id as usize - 1;
        let (best, pred) = self.nodes[node];
        let count = self.pairs.add_one(((id - 1) << 8) | u64::from(y), allow_new_pair);
        if count > best || (count == best && y > pred) {
            self.nodes[node] = (count, y);
        }
        (Some((pred, best)), count == 1)
    }

    fn bump(&mut self, d: usize, prefix: u128, y: u8, allow_new: bool) -> bool {
        let id = match self.prefixes[d].get(prefix) {
            0 if allow_new => {
                self.nodes.push((0, 0));
                let id = self.nodes.len() as u64;
                self.prefixes[d].set(prefix, id);
                id
            }
            0 => return false,
            id => id,
        } - 1;
        let key = (id << 8) | u64::from(y);
        let (count, new) = match self.pairs.get(key) {
            0 if allow_new => (1, true),
            0 => return false,
            c => (c + 1, false),
        };
        self.pairs.set(key, count);
        let node = &mut self.nodes[id as usize];
        if count > node.0 || (count == node.0 && y > node.1) {
            *node = (count, y);
        }
        new
    }
}

/// Number of prefix lengths of MultiMMC (`D`, 6.3.9) and LZ78Y (`B`, 6.3.10).
pub(crate) const DEPTHS: usize = 16;

/// Hash of a context packed as in [`pack`].
#[inline]
fn hash(prefix: u128) -> u64 {
    ((prefix as u64) ^ ((prefix >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The context of `d + 1` symbols ending at `s[end]`, most recent symbol in the low bits.
pub(crate) fn pack(s: &[u8], end: usize, d: usize) -> u128 {
    s[end - d..=end].iter().fold(0u128, |acc, &b| (acc << 8) | u128::from(b))
}

/// Node ids take 24 bits of a slot of the prefix tables (the other 8 bits are a fingerprint of
/// the hash); the 16 x 100 001 nodes MultiMMC can make fit.
const NODE_BITS: u32 = 24;
const NODE_MASK: u32 = (1 << NODE_BITS) - 1;
/// Set in `Compact::best` when the node has more than one successor (its counts then live in
/// the pair table).
const MULTI: u32 = 1 << 31;

/// Compact prefix dictionary of MultiMMC (SP 800-90B 6.3.9) and LZ78Y (6.3.10) for alphabets
/// of more than two symbols (6.3.9 caps it at `MAX_ENTRIES` pairs per model, up to 1.6 million in
/// all, so the layout decides the memory). Same operations as the general `MapCounts` (kept as the tests' reference), on contexts of
/// `d + 1` symbols that end at a position of the data.
///
/// A prefix is a node identified by the position of its first occurrence (the symbols are read
/// back from the data to compare), found through a per-order open-addressing table of 4-byte
/// slots. A node with a single successor keeps its count inline (as its prediction); the pair
/// table holds `(node, symbol) -> count` only for nodes with several successors.
pub(crate) struct Compact<'a> {
    s: &'a [u8],
    /// Per order: slots of `fingerprint << 24 | node + 1` (0: empty); unused for the orders
    /// below [`DIRECT`].
    tables: Vec<Vec<u32>>,
    /// Per order: number of nodes.
    lens: [usize; DEPTHS],
    /// Per node, side by side. The contexts of fewer than [`DIRECT`] symbols have fixed places
    /// at the start ([`direct`]), the others follow in order of creation.
    nodes: Vec<Node>,
    /// Per node: the predicted successor (apart: 9 bytes a node rather than 12).
    pred: Vec<u8>,
    /// Counts of `(node, y)` for the 256 nodes of order 0 at `256 node + y` (the most visited
    /// pairs, out of the hashed pair table).
    order0: Vec<u32>,
    /// `(node + 1) << 40 | y << 32 | count` (0: empty).
    pairs: Vec<u64>,
    pairs_len: usize,
}

/// Orders below this one (contexts of one and two symbols) have their nodes at fixed places,
/// indexed by the packed context: no hashing, no comparison with the data, and their nodes, the
/// most visited, side by side.
const DIRECT: usize = 2;

/// The fixed place of the context `prefix` of order `d < DIRECT` (order 0: 256 places, then
/// order 1: 65 536).
#[inline]
fn direct(d: usize, prefix: u128) -> usize {
    [0, 256][d] + prefix as usize
}

/// Number of fixed places (orders below [`DIRECT`]).
const DIRECT_NODES: usize = 256 + 65_536;

/// A node of [`Compact`].
#[derive(Clone, Copy, Default)]
struct Node {
    /// End position of the first occurrence of the prefix.
    pos: u32,
    /// Count of the predicted successor (`MULTI` flag in the top bit).
    best: u32,
}

impl<'a> Compact<'a> {
    /// A dictionary over the data `s` for at most `max_nodes` prefixes (reserved up front, which
    /// avoids the doubling of a growing `Vec`), with room for `per_order` prefixes of each order
    /// before a table grows.
    pub(crate) fn new(s: &'a [u8], max_nodes: usize, per_order: usize) -> Self {
        let cap = max_nodes;
        // A table grows past 4/5 load; growing rehashes every prefix, reading it back from the
        // data, so a table that will be large anyway is better made at its size.
        let mut slots = 16;
        while 5 * per_order > 4 * slots {
            slots *= 2;
        }
        Compact {
            s,
            tables: (0..DEPTHS).map(|d| vec![0u32; if d < DIRECT { 0 } else { slots }]).collect(),
            lens: [0; DEPTHS],
            nodes: {
                let mut nodes = vec![Node::default(); DIRECT_NODES];
                nodes.reserve_exact(cap);
                nodes
            },
            pred: {
                let mut pred = vec![0u8; DIRECT_NODES];
                pred.reserve_exact(cap);
                pred
            },
            order0: vec![0u32; 256 * 256],
            pairs: vec![0u64; 16],
            pairs_len: 0,
        }
    }

    /// Looks up the context of `d + 1` symbols ending at `end` (packed as `prefix`): the node, or
    /// the empty slot where it belongs.
    #[inline]
    pub(crate) fn find(&self, d: usize, prefix: u128, end: usize) -> Result<usize, usize> {
        if d < DIRECT {
            // A node's count is at least 1.
            let node = direct(d, prefix);
            return if self.nodes[node].best == 0 { Err(node) } else { Ok(node) };
        }
        let table = &self.tables[d];
        let mask = table.len() - 1;
        let h = hash(prefix);
        let fp = (h as u32) & !NODE_MASK;
        let mut i = (h >> 40) as usize & mask;
        loop {
            let slot = table[i];
            if slot == 0 {
                return Err(i);
            }
            if slot & !NODE_MASK == fp {
                let node = (slot & NODE_MASK) as usize - 1;
                let p = self.nodes[node].pos as usize;
                if self.s[p - d..=p] == self.s[end - d..=end] {
                    return Ok(node);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Reads the first slot of the context `prefix` of order `d` (packed as in [`pack`]) and
    /// discards it: a later [`Compact::find`] of the same context then finds it in the cache.
    #[inline]
    pub(crate) fn read_ahead(&self, d: usize, prefix: u128) {
        let table = &self.tables[d];
        if d >= DIRECT {
            let i = (hash(prefix) >> 40) as usize & (table.len() - 1);
            std::hint::black_box(table[i]);
        }
    }

    /// Adds a node for the context ending at `end` in the empty slot `at`, with successor `y`.
    fn insert(&mut self, d: usize, prefix: u128, end: usize, at: usize, y: u8) {
        if d < DIRECT {
            self.nodes[at] = Node { pos: end as u32, best: 1 };
            self.pred[at] = y;
            if d == 0 {
                self.order0[256 * at + usize::from(y)] = 1;
            }
            return;
        }
        let node = self.nodes.len();
        self.nodes.push(Node { pos: end as u32, best: 1 });
        self.pred.push(y);
        let fp = (hash(prefix) as u32) & !NODE_MASK;
        self.tables[d][at] = fp | (node as u32 + 1);
        self.lens[d] += 1;
        if 5 * self.lens[d] > 4 * self.tables[d].len() {
            self.grow(d);
        }
    }

    fn grow(&mut self, d: usize) {
        let old = std::mem::take(&mut self.tables[d]);
        let mut table = vec![0u32; old.len() * 2];
        let mask = table.len() - 1;
        for slot in old.into_iter().filter(|&x| x != 0) {
            let end = self.nodes[(slot & NODE_MASK) as usize - 1].pos as usize;
            let mut i = (hash(pack(self.s, end, d)) >> 40) as usize & mask;
            while table[i] != 0 {
                i = (i + 1) & mask;
            }
            table[i] = slot;
        }
        self.tables[d] = table;
    }

    /// Adds one to the count of `(node, y)`; an absent pair is added (with 1) only when
    /// `allow_new`. Returns the new count (0: absent and not added).
    #[inline]
    fn add_pair(&mut self, node: usize, y: u8, allow_new: bool) -> u32 {
        let key = ((node as u64 + 1) << 40) | (u64::from(y) << 32);
        let mask = self.pairs.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask;
        loop {
            let slot = self.pairs[i];
            if slot == 0 {
                if !allow_new {
                    return 0;
                }
                self.pairs[i] = key | 1;
                self.pairs_len += 1;
                if 5 * self.pairs_len > 4 * self.pairs.len() {
                    self.grow_pairs();
                }
                return 1;
            }
            if slot & !0xFFFF_FFFF == key {
                self.pairs[i] = slot + 1;
                return (slot & 0xFFFF_FFFF) as u32 + 1;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow_pairs(&mut self) {
        let old = std::mem::take(&mut self.pairs);
        self.pairs = vec![0u64; old.len() * 2];
        let mask = self.pairs.len() - 1;
        for slot in old.into_iter().filter(|&x| x != 0) {
            let key = slot & !0xFFFF_FFFF;
            let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask;
            while self.pairs[i] != 0 {
                i = (i + 1) & mask;
            }
            self.pairs[i] = slot;
        }
    }

    /// One visit of the context of `d + 1` symbols ending at `end` (packed as `prefix`, see
    /// [`pack`]) followed by `y`, as `PrefixCounts::observe`: the prediction before the visit
    /// (symbol, count), and whether a pair was added.
    #[inline]
    pub(crate) fn observe(
        &mut self,
        d: usize,
        prefix: u128,
        end: usize,
        y: u8,
        allow_new_pair: bool,
        create_prefix: bool,
    ) -> (Option<(u8, u32)>, bool) {
        let node = match self.find(d, prefix, end) {
            Ok(node) => node,
            Err(at) => {
                if create_prefix {
                    self.insert(d, prefix, end, at, y);
                }
                return (None, create_prefix);
            }
        };
        let (best, pred) = (self.nodes[node].best, self.pred[node]);
        let count = best & !MULTI;
        if node < 256 {
            // Order 0: every pair counted in place (`best` is the plain count).
            let slot = &mut self.order0[256 * node + usize::from(y)];
            let new_pair = *slot == 0;
            if new_pair && !allow_new_pair {
                return (Some((pred, count)), false);
            }
            *slot += 1;
            let c = *slot;
            if c > count || (c == count && y > pred) {
                self.nodes[node].best = c;
                self.pred[node] = y;
            }
            return (Some((pred, count)), new_pair);
        }
        if best & MULTI == 0 {
            // A single successor, counted inline.
            if y == pred {
                self.nodes[node].best = count + 1;
                return (Some((pred, count)), false);
            }
            if !allow_new_pair {
                return (Some((pred, count)), false);
            }
            self.add_pair_with(node, pred, count);
            self.add_pair(node, y, true);
            if count == 1 && y > pred {
                self.pred[node] = y;
            }
            self.nodes[node].best = count | MULTI;
            return (Some((pred, count)), true);
        }
        let c = self.add_pair(node, y, allow_new_pair);
        if c > count || (c == count && y > pred) {
            self.nodes[node].best = c | MULTI;
            self.pred[node] = y;
        }
        (Some((pred, count)), c == 1)
    }

    /// Moves the inline count of a node into the pair table.
    fn add_pair_with(&mut self, node: usize, y: u8, count: u32) {
        self.add_pair(node, y, true);
        if count > 1 {
            let key = ((node as u64 + 1) << 40) | (u64::from(y) << 32);
            let mask = self.pairs.len() - 1;
            let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask;
            while self.pairs[i] & !0xFFFF_FFFF != key {
                i = (i + 1) & mask;
            }
            self.pairs[i] = key | u64::from(count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table walk must give the lowest prefix sum of the bit differences.
    #[test]
    fn lowest_prefix_matches_definition() {
        let config = proptest::test_runner::Config { cases: 256, ..Default::default() };
        proptest::proptest!(config, |(a: u64, b: u64, keep in 0u32..=64)| {
            let field = if keep == 64 { u64::MAX } else { (1u64 << keep) - 1 };
            let (a, b) = (a & field, b & field | (a & !field));
            let (mut sum, mut low) = (0i64, 0i64);
            for t in 0..64 {
                sum += ((a >> t) & 1) as i64 - ((b >> t) & 1) as i64;
                low = low.min(sum);
            }
            proptest::prop_assert_eq!(lowest_prefix(a, b), low);
        });
    }

    #[test]
    fn tally_record_bits_matches_record() {
        let config = proptest::test_runner::Config { cases: 512, ..Default::default() };
        proptest::proptest!(config, |(words in proptest::collection::vec((proptest::prelude::any::<u64>(), 0u32..=64, 0u32..4), 1..12))| {
            let (mut bits, mut one) = (Tally::default(), Tally::default());
            for &(w, n, kind) in &words {
                // Mostly hits, mostly misses, all hits or random.
                let w = match kind { 0 => w | w >> 3, 1 => w & w >> 5, 2 => u64::MAX, _ => w };
                bits.record_bits(w, n);
                for t in 0..n {
                    one.record((w >> t) & 1 == 1);
                }
                proptest::prop_assert_eq!((bits.correct, bits.run, bits.max_run), (one.correct, one.run, one.max_run));
            }
        });
    }

    #[test]
    fn p_global_prime_when_no_correct_prediction() {
        // SP 800-90B 6.3.7 step 9: P_global' = 1 - 0.01^(1/N) when P_global = 0.
        let e = prediction_estimate(0, 100, 0, 2);
        assert!((e.p_global_prime - (1.0 - 0.01f64.powf(0.01))).abs() < 1e-15);
        assert_eq!(e.min_entropy, 1.0);
    }

    #[test]
    fn long_run_raises_p_local() {
        // A run of 100 correct predictions out of 1000 forces P_local well above 1/2.
        let e = prediction_estimate(500, 1000, 99, 2);
        let p_local = e.p_local.expect("P_local must matter");
        assert!(p_local > 0.9, "{p_local}");
        assert!((e.min_entropy + p_local.log2()).abs() < 1e-12);
    }
}

#[cfg(test)]
mod int_map_tests {
    use super::IntMap;

    #[test]
    fn behaves_like_a_map() {
        let mut m = IntMap::<u128>::new();
        let mut reference = std::collections::HashMap::new();
        let mut x = 1u64;
        for i in 0..5000u64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let key = u128::from(x >> 50) << (i % 3 * 40);
            let v = i + 1;
            m.set(key, v);
            reference.insert(key, v);
        }
        for (&k, &v) in &reference {
            assert_eq!(m.get(k), v);
        }
        assert_eq!(m.get(u128::MAX), 0);
    }
}
