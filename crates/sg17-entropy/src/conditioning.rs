//! Entropy of the output of a conditioning component (SP 800-90B 3.1.5).

use serde::Serialize;

/// Result of the conditioning computation (SP 800-90B 3.1.5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditioningReport {
    /// Bits input to the conditioning component per output (`n_in`).
    pub n_in: u32,
    /// Bits output (`n_out`).
    pub n_out: u32,
    /// Narrowest internal width (`nw`).
    pub nw: u32,
    /// Entropy of the input (`h_in`).
    pub h_in: f64,
    /// `Output_Entropy(n_in, n_out, nw, h_in)` of 3.1.5.1.2.
    pub output_entropy: f64,
    /// For a non-vetted component: the per-bit entropy `h'` of the conditioned output
    /// (3.1.5.2), if given.
    pub h_prime: Option<f64>,
    /// `h_out`: `Output_Entropy` for a vetted component (3.1.5.1.1); for a non-vetted one
    /// `min(Output_Entropy, 0.999 n_out, h' n_out)` (3.1.5.2).
    pub h_out: f64,
}

/// `log2(2^a + 2^b)` without overflow.
fn log2_add(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    if lo == f64::NEG_INFINITY { hi } else { hi + (lo - hi).exp2().ln_1p() / std::f64::consts::LN_2 }
}

/// `Output_Entropy(n_in, n_out, nw, h_in)` (SP 800-90B 3.1.5.1.2), computed in the log2 domain
/// so that `2^n_in` never has to be represented:
///
/// `P_high = 2^-h_in`, `P_low = (1 - P_high) / (2^n_in - 1)`, `n = min(n_out, nw)`,
/// `psi = 2^(n_in - n) P_low + P_high`, `U = 2^(n_in - n) + sqrt(2 n 2^(n_in - n) ln 2)`,
/// `omega = U P_low`, result `-log2(max(psi, omega))` (each probability capped at 1).
///
/// ```
/// use sg17_entropy::conditioning::output_entropy;
/// // A full-entropy 512-bit input hashed to 256 bits keeps (almost) 256 bits.
/// let h = output_entropy(512, 256, 256, 512.0);
/// assert!(h > 255.9 && h <= 256.0);
/// // Low input entropy bounds the output.
/// assert!((output_entropy(512, 256, 256, 64.0) - 64.0).abs() < 1e-9);
/// ```
#[must_use]
pub fn output_entropy(n_in: u32, n_out: u32, nw: u32, h_in: f64) -> f64 {
    let n = f64::from(n_out.min(nw));
    let n_in_f = f64::from(n_in);
    let log_p_high = -h_in;
    // log2(1 - P_high) and log2(2^n_in - 1).
    let log_one_minus_p_high = (-(-h_in).exp2()).ln_1p() / std::f64::consts::LN_2;
    let log_denominator = n_in_f + (-(-n_in_f).exp2()).ln_1p() / std::f64::consts::LN_2;
    let log_p_low = log_one_minus_p_high - log_denominator;
    let log_power = n_in_f - n;
    let log_psi = log2_add(log_power + log_p_low, log_p_high).min(0.0);
    // log2(U) = log2(2^(n_in-n) + sqrt(2 n ln2) 2^((n_in-n)/2)).
    let log_u = log2_add(log_power, 0.5 * (2.0 * n * std::f64::consts::LN_2).log2() + 0.5 * log_power);
    let log_omega = (log_u + log_p_low).min(0.0);
    -log_psi.max(log_omega)
}

/// `h_out` of a conditioning component (SP 800-90B 3.1.5): vetted when `h_prime` is `None`,
/// non-vetted with the measured per-bit entropy `h'` otherwise.
///
/// ```
/// use sg17_entropy::conditioning::conditioning;
/// let vetted = conditioning(512, 256, 256, 300.0, None);
/// let non_vetted = conditioning(512, 256, 256, 300.0, Some(0.9));
/// assert!((non_vetted.h_out - 0.9 * 256.0).abs() < 1e-9);
/// assert!(vetted.h_out > non_vetted.h_out);
/// ```
#[must_use]
pub fn conditioning(n_in: u32, n_out: u32, nw: u32, h_in: f64, h_prime: Option<f64>) -> ConditioningReport {
    let out = output_entropy(n_in, n_out, nw, h_in);
    let h_out = match h_prime {
        None => out,
        Some(hp) => out.min(0.999 * f64::from(n_out)).min(hp * f64::from(n_out)),
    };
    ConditioningReport { n_in, n_out, nw, h_in, output_entropy: out, h_prime, h_out }
}
