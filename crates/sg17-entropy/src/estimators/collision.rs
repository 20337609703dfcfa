//! Collision estimate (SP 800-90B 6.3.2), for bitstrings.

use super::{Inapplicable, need};
use crate::math::Z_ALPHA;
use serde::Serialize;

/// Result of the Collision estimate (SP 800-90B 6.3.2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CollisionEstimate {
    /// Number of collisions `v`.
    pub v: u64,
    /// Sum of the collision times `t_i`.
    pub sum_t: u64,
    /// Mean collision time `X-bar`.
    pub x_bar: f64,
    /// Standard deviation `sigma-hat`.
    pub sigma_hat: f64,
    /// Lower confidence bound `X-bar'` (at least 2).
    pub x_bar_prime: f64,
    /// `p`, or 0.5 when no `p` solves step 7 (then `found_p` is false).
    pub p: f64,
    /// Whether step 7 had a solution.
    pub found_p: bool,
    /// Min-entropy per bit.
    pub min_entropy: f64,
}

/// Collision estimate (SP 800-90B 6.3.2) over a bitstring (values 0/1).
///
/// Step 7 of the standard is solved in closed form: for binary input the expected collision
/// time is `-2p^2 + 2p + 2`, so `p = 1/2 + sqrt(5/4 - X'/2)` when `X' < 2.5`.
///
/// Hand-checked with step 1-2 of 6.3.2: in (1,0,0,0,1,1,1,0,0,1,0,1,0,1,0,1,1,1,0,0) the
/// collision times are 3, 3, 3, 3, 3, 2, 3 (v = 7, sum 20).
///
/// ```
/// let bits = [1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0];
/// let e = sg17_entropy::estimators::collision::collision(&bits).unwrap();
/// assert_eq!((e.v, e.sum_t), (7, 20));
/// ```
pub fn collision(bits: &[u8]) -> Result<CollisionEstimate, Inapplicable> {
    need(bits, 3)?;
    let n = bits.len();
    let (mut i, mut v, mut sum_sq) = (0usize, 0u64, 0u64);
    // Steps of 2 or 3 without a branch on the data while 3 more bits remain (random bits would
    // mispredict a branch half the time); the last steps as the definition.
    while i + 3 <= n {
        let t = 3 - usize::from(bits[i] == bits[i + 1]);
        v += 1;
        sum_sq += (t * t) as u64;
        i += t;
    }
    while i + 1 < n {
        let t = if bits[i] == bits[i + 1] {
            2
        } else if i + 2 < n {
            3
        } else {
            break;
        };
        v += 1;
        sum_sq += t * t;
        i += t as usize;
    }
    if v < 2 {
        return Err(Inapplicable::TooFewSymbols { needed: 6, got: n });
    }
    let x_bar = i as f64 / v as f64;
    let sigma_hat = ((sum_sq as f64 - i as f64 * x_bar) / (v as f64 - 1.0)).sqrt();
    let x_bar_prime = (x_bar - Z_ALPHA * sigma_hat / (v as f64).sqrt()).max(2.0);
    let (p, found_p, min_entropy) = if x_bar_prime < 2.5 {
        let p = 0.5 + (1.25 - 0.5 * x_bar_prime).sqrt();
        (p, true, -p.log2())
    } else {
        (0.5, false, 1.0)
    };
    Ok(CollisionEstimate { v, sum_t: i as u64, x_bar, sigma_hat, x_bar_prime, p, found_p, min_entropy })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The branch-free steps must count the collisions of SP 800-90B 6.3.2 steps 2-3 exactly as
    /// the definition does (checked one step at a time here), at every length.
    #[test]
    fn sp800_90b_6_3_2_steps_match_the_definition() {
        proptest::proptest!(|(bits in proptest::collection::vec(0u8..2, 3..400))| {
            let n = bits.len();
            let (mut i, mut v, mut sum_t) = (0usize, 0u64, 0u64);
            while i + 1 < n {
                let t = if bits[i] == bits[i + 1] { 2 } else if i + 2 < n { 3 } else { break };
                v += 1;
                sum_t += t;
                i += t as usize;
            }
            match collision(&bits) {
                Ok(e) => proptest::prop_assert_eq!((e.v, e.sum_t), (v, sum_t)),
                Err(_) => proptest::prop_assert!(v < 2),
            }
        });
    }
}
