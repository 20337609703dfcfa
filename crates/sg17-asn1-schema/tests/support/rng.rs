//! xorshift64*: deterministic pseudo-random numbers from a proptest seed, for the
//! schema-driven value generators of the tests.

pub struct Rng(pub u64);

#[allow(dead_code)]
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    pub fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
    /// One time in `one_in`.
    pub fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
    /// Uniform in `lb..=ub`.
    pub fn int(&mut self, lb: i128, ub: i128) -> i128 {
        let span = (ub.wrapping_sub(lb) as u128).wrapping_add(1);
        let r = (u128::from(self.next()) << 64) | u128::from(self.next());
        let off = if span == 0 { r } else { r % span };
        lb.wrapping_add(off as i128)
    }
}
