//! Numerical helpers shared by the estimators.
//!
//! These follow the numerical conventions of NIST's SP800-90B_EntropyAssessment tool so that the
//! results agree with it (the standard fixes the formulas, not the root-finding procedure).

/// The 99.5% quantile of the standard normal distribution, `Z_(1-0.005)`, used for every upper
/// confidence bound in SP 800-90B 6.3.
pub const Z_ALPHA: f64 = 2.575_829_303_548_901;

/// Number of halving steps after which a bisection is abandoned (enough to exhaust `f64`).
pub(crate) const ITER_MAX: usize = 1076;

/// Closeness test used to stop bisections: equal, or relatively within `max_rel`, or within
/// `max_ulp` units in the last place; falls back to an absolute test near zero.
pub(crate) fn rel_epsilon_equal(a: f64, b: f64, max_abs: f64, max_rel: f64, max_ulp: u64) -> bool {
    if a.is_nan() || b.is_nan() {
        return false;
    }
    #[allow(clippy::float_cmp)]
    if a == b {
        return true;
    }
    if a.is_infinite() || b.is_infinite() {
        return false;
    }
    let (mut a, mut b) = (a, b);
    if a.abs() > b.abs() {
        std::mem::swap(&mut a, &mut b);
    }
    let (abs_a, abs_b) = (a.abs(), b.abs());
    let diff = (b - a).abs();
    if abs_a < f64::MIN_POSITIVE
        || diff < f64::MIN_POSITIVE
        || diff.is_infinite()
        || abs_b * max_rel < f64::MIN_POSITIVE
    {
        return diff <= max_abs;
    }
    if diff <= abs_b * max_rel {
        return true;
    }
    if a.is_sign_negative() != b.is_sign_negative() {
        return false;
    }
    abs_b.to_bits() - abs_a.to_bits() <= max_ulp
}

/// `true` when `x` lies in the closed interval spanned by `a` and `b` (in either order).
pub(crate) fn in_closed(x: f64, a: f64, b: f64) -> bool {
    if a > b { x >= b && x <= a } else { x >= a && x <= b }
}

/// `true` when `x` lies in the open interval spanned by `a` and `b` (in either order).
pub(crate) fn in_open(x: f64, a: f64, b: f64) -> bool {
    if a > b { x > b && x < a } else { x > a && x < b }
}

/// How a bisection ended when it could not find the target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum SearchEnd {
    /// Converged (or stopped) at this value.
    Found(f64),
    /// The search left its domain or lost the bracketing invariant.
    Failed,
}

/// Bisection for `p` in `[ldomain, hdomain]` such that `f(p) == target`, for a function that
/// decreases in `p`; the step-by-step procedure (midpoint, invariants, cycle detection, stopping
/// rule) matches NIST's tool so that results agree to the last few ulps.
///
/// `Failed` is returned where NIST's tool treats the search as failed; the callers decide what
/// that means for their estimator.
pub(crate) fn bisect_decreasing(
    ldomain: f64,
    hdomain: f64,
    target: f64,
    f: impl Fn(f64) -> f64,
) -> SearchEnd {
    let mut lbound = ldomain;
    let mut hbound = hdomain;
    let mut lvalue = f64::INFINITY;
    let mut hvalue = f64::NEG_INFINITY;
    let mut p = (lbound + hbound) / 2.0;
    let mut p_val = f(p);
    for _ in 0..ITER_MAX {
        if rel_epsilon_equal(p_val, target, f64::MIN_POSITIVE, f64::EPSILON, 4) {
            break;
        }
        if target < p_val {
            lbound = p;
            lvalue = p_val;
        } else {
            hbound = p;
            hvalue = p_val;
        }
        if lbound >= hbound {
            return SearchEnd::Found(lbound.max(hbound).min(hdomain));
        }
        if !(in_closed(lbound, ldomain, hdomain) && in_closed(hbound, ldomain, hdomain)) {
            return SearchEnd::Failed;
        }
        if !in_closed(target, lvalue, hvalue) {
            return SearchEnd::Failed;
        }
        let last_p = p;
        p = (lbound + hbound) / 2.0;
        if !in_open(p, lbound, hbound) {
            return SearchEnd::Found(hbound);
        }
        #[allow(clippy::float_cmp)]
        if last_p == p {
            return SearchEnd::Found(hbound);
        }
        p_val = f(p);
        if !in_closed(p_val, lvalue, hvalue) {
            return SearchEnd::Found(hbound);
        }
    }
    SearchEnd::Found(p)
}

/// Upper bound of the 99% confidence interval of a proportion `p` estimated from `n` samples:
/// `min(1, p + Z * sqrt(p (1 - p) / (n - 1)))` (SP 800-90B 6.3.1 step 3 and its reuses).
pub(crate) fn upper_bound(p: f64, n: f64) -> f64 {
    (p + Z_ALPHA * (p * (1.0 - p) / (n - 1.0)).sqrt()).min(1.0)
}

/// Kahan-compensated accumulator, as used for the compression estimate's sums.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Kahan {
    sum: f64,
    comp: f64,
}

impl Kahan {
    pub(crate) fn add(&mut self, x: f64) {
        let y = x - self.comp;
        let t = self.sum + y;
        self.comp = (t - self.sum) - y;
        self.sum = t;
    }

    pub(crate) fn sum(self) -> f64 {
        self.sum
    }

    /// Whether adding any further terms, each non-negative and together at most `tail`, in
    /// fewer than 2^32 steps, leaves [`Kahan::sum`] unchanged.
    ///
    /// While `sum + y` rounds back to `sum` (`y = x - comp`), `t - sum` is 0 and the new
    /// compensation is exactly `-y`: the next `y` is `x' + y`. So the `y`s are the running sums
    /// of the terms from `-comp` on, each rounded (off by at most `2^-53 |y|`, `|y| < ulp(sum)`),
    /// and all lie within `[-comp - slack, -comp + tail + slack]` with `slack = ulp(sum) 2^-20`.
    /// When that interval is inside the one of the `y` for which `sum + y` rounds to `sum`
    /// (strictly less than half the distance to either neighbour of `sum`), the sum stays.
    pub(crate) fn settled(&self, tail: f64) -> bool {
        let s = self.sum;
        if !(s.is_normal() && s > 0.0 && tail >= 0.0 && tail.is_finite()) {
            return false;
        }
        let up = s.next_up() - s;
        let down = s - s.next_down();
        let slack = up * (1.0 / (1u64 << 20) as f64);
        let y = -self.comp;
        y - slack > -down / 2.0 && y + tail + slack < up / 2.0
    }
}

/// `ln Gamma(x)` for `x > 0` (Lanczos approximation, g = 7, 9 terms; relative error ~1e-15).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = C[0];
    for (i, &c) in C.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// Regularised upper incomplete gamma function `Q(a, x) = Gamma(a, x) / Gamma(a)`, by the power
/// series of `P = 1 - Q` for `x < a + 1` and a continued fraction (modified Lentz) otherwise.
pub(crate) fn gamma_q(a: f64, x: f64) -> f64 {
    if x <= 0.0 || a <= 0.0 {
        return 1.0;
    }
    let log_prefactor = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        let mut term = 1.0 / a;
        let mut sum = term;
        let mut n = a;
        for _ in 0..100_000 {
            n += 1.0;
            term *= x / n;
            sum += term;
            if term.abs() < sum.abs() * f64::EPSILON {
                break;
            }
        }
        1.0 - sum * log_prefactor.exp()
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..100_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < f64::EPSILON {
                break;
            }
        }
        log_prefactor.exp() * h
    }
}

/// p-value of a chi-square statistic `t` with `df` degrees of freedom: `Q(df/2, t/2)`.
pub(crate) fn chi_square_p_value(t: f64, df: f64) -> f64 {
    gamma_q(df / 2.0, t / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rel_epsilon_equal_basics() {
        assert!(rel_epsilon_equal(1.0, 1.0, 0.0, 0.0, 0));
        assert!(rel_epsilon_equal(1.0, 1.0 + f64::EPSILON, 0.0, f64::EPSILON, 0));
        assert!(!rel_epsilon_equal(1.0, 1.001, f64::MIN_POSITIVE, f64::EPSILON, 4));
        assert!(!rel_epsilon_equal(f64::NAN, 1.0, 1.0, 1.0, 4));
        assert!(rel_epsilon_equal(0.0, 1e-320, 1e-300, f64::EPSILON, 4));
    }

    #[test]
    fn gamma_function_values() {
        // Gamma(5) = 24, Gamma(1/2) = sqrt(pi).
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-13);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
        assert!((ln_gamma(100.0) - 359.134_205_369_575_4).abs() < 1e-9);
    }

    #[test]
    fn chi_square_p_values() {
        // df = 2: Q(1, t/2) = exp(-t/2) exactly.
        for t in [0.1, 1.0, 5.0, 40.0] {
            assert!((chi_square_p_value(t, 2.0) - (-t / 2.0f64).exp()).abs() < 1e-14);
        }
        // Upper 0.1% point of chi-square with 9 df is 27.877 (standard tables).
        assert!((chi_square_p_value(27.877, 9.0) - 0.001).abs() < 2e-6);
    }

    #[test]
    fn bisection_finds_root_of_decreasing_function() {
        let SearchEnd::Found(p) = bisect_decreasing(0.0, 1.0, 0.25, |p| 1.0 - p) else {
            panic!("search failed");
        };
        assert!((p - 0.75).abs() < 1e-12);
    }
}
