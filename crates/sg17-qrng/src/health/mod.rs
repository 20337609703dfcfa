//! Continuous health tests of NIST SP 800-90B clause 4.4, with the start-up
//! and on-demand testing of clause 4.3.
//!
//! * [`RepetitionCountTest`]: SP 800-90B 4.4.1, cutoff
//!   `C = 1 + ceil(-log2(alpha) / H)` ([`rct_cutoff`]).
//! * [`AdaptiveProportionTest`]: SP 800-90B 4.4.2, window `W = 1024` for
//!   binary samples and `512` otherwise, cutoff
//!   `C = 1 + CRITBINOM(W, 2^-H, 1 - alpha)` ([`apt_cutoff`]).
//! * [`HealthTests`] runs both on every sample and latches the first failure:
//!   it fails closed until [`HealthTests::reset`].
//!
//! ```
//! use sg17_qrng::health::{HealthConfig, HealthTests, HealthTestKind};
//!
//! let config = HealthConfig::new(1, 1.0, 2f64.powi(-20))?;
//! assert_eq!(config.rct_cutoff(), 21);
//! assert_eq!(config.apt_cutoff(), 589);
//! let mut tests = HealthTests::new(config);
//! let failure = tests.check_all(&[1u8; 100]).unwrap_err();
//! assert_eq!(failure.test, HealthTestKind::RepetitionCount);
//! assert_eq!(failure.sample_index, 20); // the 21st identical sample
//! // Fail closed: every later sample is refused with the same failure.
//! assert_eq!(tests.check(0).unwrap_err(), failure);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod apt;
mod rct;

pub use apt::AdaptiveProportionTest;
pub use rct::RepetitionCountTest;

use crate::ConfigError;
use core::fmt;

/// Minimum number of samples in start-up testing (SP 800-90B 4.3 item 7:
/// "at least 1024 consecutive samples").
pub const MIN_STARTUP_SAMPLES: usize = 1024;

/// Default false-positive probability per test, alpha = 2^-20
/// (SP 800-90B 4.4: "recommended that alpha be in the range 2^-20 to 2^-40").
pub const DEFAULT_ALPHA: f64 = 1.0 / 1_048_576.0;

/// Slack for floating-point error when a quotient should be an integer
/// (e.g. 20 / 0.1); far below any meaningful change of the cutoff.
const CEIL_SLACK: f64 = 1e-9;

/// Repetition Count Test cutoff, SP 800-90B 4.4.1:
/// `C = 1 + ceil(-log2(alpha) / H)`.
///
/// `h` is the claimed min-entropy per sample and `alpha` the false-positive
/// probability; both must be valid (see [`HealthConfig::new`]).
///
/// ```
/// // SP 800-90B 4.4.1 example: H = 7.3, alpha = 2^-30 gives C = 1 + ceil(30 / 7.3) = 6.
/// assert_eq!(sg17_qrng::health::rct_cutoff(7.3, 2f64.powi(-30)), 6);
/// ```
#[must_use]
pub fn rct_cutoff(h: f64, alpha: f64) -> u32 {
    let q = -alpha.log2() / h;
    let c = (q - CEIL_SLACK).ceil().max(0.0);
    // Saturate for absurdly small H; the config rejects such values first.
    1 + if c >= f64::from(u32::MAX - 1) { u32::MAX - 1 } else { c as u32 }
}

/// Adaptive Proportion Test window size, SP 800-90B 4.4.2:
/// 1024 for binary noise sources, 512 otherwise.
#[must_use]
pub fn apt_window(bits_per_sample: u8) -> u32 {
    if bits_per_sample == 1 { 1024 } else { 512 }
}

/// Adaptive Proportion Test cutoff, SP 800-90B 4.4.2:
/// `C = 1 + CRITBINOM(W, 2^-H, 1 - alpha)`, i.e. the smallest `c` with
/// `P(X >= c) <= alpha` for `X ~ Binomial(W, 2^-H)`.
///
/// The binomial tail is summed from the top in `f64`; probabilities are
/// computed from log-pmf values, so no term overflows. The result may be
/// `W + 1` when even `W` repetitions are more likely than `alpha` (very low
/// claimed entropy), in which case the test can never fail.
///
/// ```
/// // SP 800-90B Table 2 (alpha = 2^-20): H = 1, binary, W = 1024 -> 589.
/// assert_eq!(sg17_qrng::health::apt_cutoff(1024, 1.0, 2f64.powi(-20)), 589);
/// // Non-binary, W = 512: H = 1 -> 311, H = 2 -> 177.
/// assert_eq!(sg17_qrng::health::apt_cutoff(512, 1.0, 2f64.powi(-20)), 311);
/// assert_eq!(sg17_qrng::health::apt_cutoff(512, 2.0, 2f64.powi(-20)), 177);
/// ```
#[must_use]
pub fn apt_cutoff(window: u32, h: f64, alpha: f64) -> u32 {
    let n = f64::from(window);
    let p = (-h).exp2();
    let ln_p = p.ln();
    let ln_q = (-p).ln_1p();
    // ln C(n, k) via a running sum of ln((n - k + 1) / k).
    let mut ln_binom = vec![0.0f64; window as usize + 1];
    for k in 1..=window as usize {
        ln_binom[k] = ln_binom[k - 1] + ((n - k as f64 + 1.0) / k as f64).ln();
    }
    let mut tail = 0.0f64;
    // Walk c down from W while P(X >= c) stays <= alpha.
    let mut c = window + 1;
    for k in (0..=window).rev() {
        let kf = f64::from(k);
        let term = (ln_binom[k as usize] + kf * ln_p + (n - kf) * ln_q).exp();
        tail += term;
        if tail > alpha {
            break;
        }
        c = k;
    }
    c
}

/// Parameters of the health tests: sample width, claimed min-entropy per
/// sample and false-positive probability alpha.
///
/// ```
/// use sg17_qrng::health::HealthConfig;
/// assert!(HealthConfig::new(8, 0.0, 1e-6).is_err()); // H must be > 0
/// assert!(HealthConfig::new(8, 8.5, 1e-6).is_err()); // H must be <= bits
/// let c = HealthConfig::new(8, 4.0, 2f64.powi(-20))?;
/// assert_eq!(c.apt_window(), 512);
/// # Ok::<(), sg17_qrng::ConfigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HealthConfig {
    bits_per_sample: u8,
    claimed_entropy: f64,
    alpha: f64,
}

impl HealthConfig {
    /// Validates and builds a configuration.
    ///
    /// # Errors
    /// [`ConfigError::BitsPerSample`] outside 1..=8,
    /// [`ConfigError::ClaimedEntropy`] outside (0, bits],
    /// [`ConfigError::Alpha`] outside (0, 1/2] (a larger false-positive
    /// rate would make the tests fail on nearly every window).
    pub fn new(bits_per_sample: u8, claimed_entropy: f64, alpha: f64) -> Result<Self, ConfigError> {
        if !(1..=8).contains(&bits_per_sample) {
            return Err(ConfigError::BitsPerSample(bits_per_sample));
        }
        if !(claimed_entropy > 0.0 && claimed_entropy <= f64::from(bits_per_sample)) {
            return Err(ConfigError::ClaimedEntropy { claimed: claimed_entropy, bits_per_sample });
        }
        if !(alpha > 0.0 && alpha <= 0.5) {
            return Err(ConfigError::Alpha(alpha));
        }
        Ok(Self { bits_per_sample, claimed_entropy, alpha })
    }

    /// Bits per sample (1..=8).
    #[must_use]
    pub fn bits_per_sample(&self) -> u8 {
        self.bits_per_sample
    }

    /// Claimed min-entropy per sample, H.
    #[must_use]
    pub fn claimed_entropy(&self) -> f64 {
        self.claimed_entropy
    }

    /// False-positive probability alpha.
    #[must_use]
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// RCT cutoff (SP 800-90B 4.4.1).
    #[must_use]
    pub fn rct_cutoff(&self) -> u32 {
        rct_cutoff(self.claimed_entropy, self.alpha)
    }

    /// APT window (SP 800-90B 4.4.2).
    #[must_use]
    pub fn apt_window(&self) -> u32 {
        apt_window(self.bits_per_sample)
    }

    /// APT cutoff (SP 800-90B 4.4.2).
    #[must_use]
    pub fn apt_cutoff(&self) -> u32 {
        apt_cutoff(self.apt_window(), self.claimed_entropy, self.alpha)
    }
}

/// Which health test failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HealthTestKind {
    /// Repetition Count Test (SP 800-90B 4.4.1).
    RepetitionCount,
    /// Adaptive Proportion Test (SP 800-90B 4.4.2).
    AdaptiveProportion,
}

impl fmt::Display for HealthTestKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::RepetitionCount => "Repetition Count Test (SP 800-90B 4.4.1)",
            Self::AdaptiveProportion => "Adaptive Proportion Test (SP 800-90B 4.4.2)",
        })
    }
}

/// When a health test ran (SP 800-90B 4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TestPhase {
    /// Start-up testing, before any output.
    Startup,
    /// Continuous testing during operation.
    Continuous,
    /// On-demand testing requested by the application.
    OnDemand,
}

impl fmt::Display for TestPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Startup => "start-up",
            Self::Continuous => "continuous",
            Self::OnDemand => "on-demand",
        })
    }
}

/// A health-test failure: which test, at which sample, with what count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthFailure {
    /// The test that failed.
    pub test: HealthTestKind,
    /// Zero-based index, counted from the last reset, of the sample that
    /// made the count reach the cutoff.
    pub sample_index: u64,
    /// The repeated (RCT) or counted (APT) sample value.
    pub value: u8,
    /// The count that reached the cutoff (equal to `cutoff`).
    pub count: u32,
    /// The cutoff C.
    pub cutoff: u32,
    /// The phase in which it failed.
    pub phase: TestPhase,
}

impl fmt::Display for HealthFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed during {} testing at sample {}: value {} counted {} times (cutoff {})",
            self.test, self.phase, self.sample_index, self.value, self.count, self.cutoff
        )
    }
}

impl std::error::Error for HealthFailure {}

/// Both continuous health tests of SP 800-90B 4.4, run on every sample,
/// with a latched failure (fail closed).
#[derive(Debug, Clone)]
pub struct HealthTests {
    config: HealthConfig,
    rct: RepetitionCountTest,
    apt: AdaptiveProportionTest,
    samples: u64,
    phase: TestPhase,
    failure: Option<HealthFailure>,
}

impl HealthTests {
    /// New tests in the start-up phase.
    #[must_use]
    pub fn new(config: HealthConfig) -> Self {
        Self {
            rct: RepetitionCountTest::new(config.rct_cutoff()),
            apt: AdaptiveProportionTest::new(config.apt_window(), config.apt_cutoff()),
            config,
            samples: 0,
            phase: TestPhase::Startup,
            failure: None,
        }
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &HealthConfig {
        &self.config
    }

    /// Sets the phase recorded in failures.
    pub fn set_phase(&mut self, phase: TestPhase) {
        self.phase = phase;
    }

    /// Samples checked since the last reset.
    #[must_use]
    pub fn samples_tested(&self) -> u64 {
        self.samples
    }

    /// The latched failure, if any.
    #[must_use]
    pub fn failure(&self) -> Option<&HealthFailure> {
        self.failure.as_ref()
    }

    /// Clears the failure and all counters (re-initialisation); the phase
    /// returns to start-up.
    pub fn reset(&mut self) {
        *self = Self::new(self.config);
    }

    /// Runs both tests on one sample.
    ///
    /// # Errors
    /// The failure, if this sample made a test fail or one had failed before.
    pub fn check(&mut self, sample: u8) -> Result<(), HealthFailure> {
        if let Some(f) = &self.failure {
            return Err(f.clone());
        }
        let index = self.samples;
        self.samples += 1;
        let rct = self.rct.feed(sample);
        let apt = self.apt.feed(sample);
        let failed = if let Err(count) = rct {
            Some((HealthTestKind::RepetitionCount, count, self.rct.cutoff()))
        } else if let Err(count) = apt {
            Some((HealthTestKind::AdaptiveProportion, count, self.apt.cutoff()))
        } else {
            None
        };
        if let Some((test, count, cutoff)) = failed {
            let f =
                HealthFailure { test, sample_index: index, value: sample, count, cutoff, phase: self.phase };
            self.failure = Some(f.clone());
            return Err(f);
        }
        Ok(())
    }

    /// Runs both tests on every sample, stopping at the first failure.
    ///
    /// # Errors
    /// The first failure.
    pub fn check_all(&mut self, samples: &[u8]) -> Result<(), HealthFailure> {
        samples.iter().try_for_each(|&s| self.check(s))
    }
}
