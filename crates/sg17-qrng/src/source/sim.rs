//! Seeded, deterministic simulated quantum noise sources, for tests and
//! demonstrations. They are **not** entropy sources: their output is a
//! function of the seed. Each models a published class of quantum RNG and
//! declares the min-entropy of its model as its claimed entropy.
//!
//! * [`HomodyneSource`]: homodyne detection of vacuum fluctuations; the
//!   quadrature is Gaussian and an ADC of 1..=8 bits digitizes it.
//! * [`PhotonArrivalSource`]: time-to-digital conversion of photon arrival
//!   times from a Poisson process (exponential waiting times).
//! * [`BeamSplitterSource`]: which-path detection of single photons at a
//!   beam splitter.
//!
//! Knobs (bias, correlation) change the physics without changing the
//! declared claim, so that tests can show what the health tests do and do
//! not catch.

use super::{NoiseSource, SourceError, check_bits};
use crate::ConfigError;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// Uniform double in [0, 1) with 53 random bits.
fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Standard normal deviates by the Box-Muller transform.
#[derive(Debug, Clone, Default)]
struct Gaussian {
    spare: Option<f64>,
}

impl Gaussian {
    fn sample(&mut self, rng: &mut ChaCha8Rng) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let r = (-2.0 * (1.0 - uniform(rng)).ln()).sqrt();
        let theta = 2.0 * core::f64::consts::PI * uniform(rng);
        self.spare = Some(r * theta.sin());
        r * theta.cos()
    }
}

/// Standard normal density.
fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * core::f64::consts::PI).sqrt()
}

/// P(a <= X < b) for X ~ N(mu, 1), by composite Simpson integration
/// (the density is smooth, so 256 panels are accurate far beyond need).
fn normal_interval(a: f64, b: f64, mu: f64) -> f64 {
    let (a, b) = (a.max(mu - 40.0), b.min(mu + 40.0));
    if b <= a {
        return 0.0;
    }
    let n = 256;
    let h = (b - a) / f64::from(n);
    let mut s = normal_pdf(a - mu) + normal_pdf(b - mu);
    for i in 1..n {
        let x = a + h * f64::from(i);
        s += normal_pdf(x - mu) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    s * h / 3.0
}

fn check_range(name: &'static str, v: f64, lo: f64, hi: f64, hi_inclusive: bool) -> Result<(), ConfigError> {
    let ok = v >= lo && if hi_inclusive { v <= hi } else { v < hi };
    if ok && v.is_finite() {
        Ok(())
    } else {
        Err(ConfigError::Parameter {
            name,
            reason: format!("{v} is outside [{lo}, {hi}{}", if hi_inclusive { "]" } else { ")" }),
        })
    }
}

/// Homodyne vacuum-fluctuation source: the measured quadrature of the
/// vacuum state is Gaussian, `x ~ N(offset, 1)` in units of the shot-noise
/// standard deviation, digitized by an ADC of `adc_bits` over
/// `[-range, +range)` (values outside clip to the end codes).
///
/// `correlation` adds AR(1) memory (`x_t = rho x_{t-1} + sqrt(1-rho^2) z_t`),
/// modelling a detector bandwidth below the sampling rate; the marginal
/// distribution, and so the declared claim, is unchanged.
///
/// ```
/// use sg17_qrng::source::{NoiseSource, sim::HomodyneSource};
/// let mut src = HomodyneSource::builder().seed(1).adc_bits(8).build()?;
/// let h = src.claimed_entropy().unwrap();
/// assert!(h > 6.0 && h < 6.5, "{h}"); // max bin of N(0,1) in 8 bits over ±4σ
/// let mut s = [0u8; 16];
/// src.fill_samples(&mut s)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct HomodyneSource {
    rng: ChaCha8Rng,
    gauss: Gaussian,
    adc_bits: u8,
    range: f64,
    offset: f64,
    correlation: f64,
    prev: f64,
    claimed: f64,
}

/// Builder for [`HomodyneSource`].
#[derive(Debug, Clone)]
pub struct HomodyneBuilder {
    seed: u64,
    adc_bits: u8,
    range: f64,
    offset: f64,
    correlation: f64,
}

impl HomodyneSource {
    /// A builder with seed 0, an 8-bit ADC over ±4 σ, no offset and no
    /// correlation.
    #[must_use]
    pub fn builder() -> HomodyneBuilder {
        HomodyneBuilder { seed: 0, adc_bits: 8, range: 4.0, offset: 0.0, correlation: 0.0 }
    }

    /// Min-entropy of the digitized Gaussian model:
    /// `-log2(max_k P(code = k))` for independent samples.
    #[must_use]
    pub fn model_min_entropy(adc_bits: u8, range: f64, offset: f64) -> f64 {
        let codes = 1u32 << adc_bits;
        let width = 2.0 * range / f64::from(codes);
        let max = (0..codes)
            .map(|k| {
                let lo = if k == 0 { f64::NEG_INFINITY } else { -range + width * f64::from(k) };
                let hi = if k == codes - 1 { f64::INFINITY } else { -range + width * f64::from(k + 1) };
                normal_interval(lo, hi, offset)
            })
            .fold(0.0f64, f64::max);
        -max.log2()
    }

    fn sample(&mut self) -> u8 {
        let z = self.gauss.sample(&mut self.rng);
        let rho = self.correlation;
        let x = rho * self.prev + (1.0 - rho * rho).sqrt() * z;
        self.prev = x;
        let y = x + self.offset;
        let codes = f64::from(1u32 << self.adc_bits);
        let code = ((y + self.range) / (2.0 * self.range) * codes).floor();
        code.clamp(0.0, codes - 1.0) as u8
    }
}

impl HomodyneBuilder {
    /// Simulation seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// ADC resolution, 1..=8 bits.
    #[must_use]
    pub fn adc_bits(mut self, bits: u8) -> Self {
        self.adc_bits = bits;
        self
    }

    /// ADC half-range in shot-noise standard deviations (> 0).
    #[must_use]
    pub fn range_sigmas(mut self, range: f64) -> Self {
        self.range = range;
        self
    }

    /// Bias: mean of the quadrature in standard deviations (e.g. a local
    /// oscillator imbalance).
    #[must_use]
    pub fn offset_sigmas(mut self, offset: f64) -> Self {
        self.offset = offset;
        self
    }

    /// AR(1) correlation coefficient rho in [0, 1).
    #[must_use]
    pub fn correlation(mut self, rho: f64) -> Self {
        self.correlation = rho;
        self
    }

    /// Builds the source.
    ///
    /// # Errors
    /// [`ConfigError`] for parameters out of range.
    pub fn build(self) -> Result<HomodyneSource, ConfigError> {
        check_bits(self.adc_bits)?;
        check_range("ADC range", self.range, 1e-3, 1e3, true)?;
        check_range("offset", self.offset, -100.0, 100.0, true)?;
        check_range("correlation", self.correlation, 0.0, 1.0, false)?;
        let claimed = HomodyneSource::model_min_entropy(self.adc_bits, self.range, self.offset);
        if claimed.is_nan() || claimed <= 0.0 {
            return Err(ConfigError::Parameter {
                name: "offset",
                reason: "the model has no entropy: every sample clips to one code".into(),
            });
        }
        Ok(HomodyneSource {
            rng: ChaCha8Rng::seed_from_u64(self.seed),
            gauss: Gaussian::default(),
            adc_bits: self.adc_bits,
            range: self.range,
            offset: self.offset,
            correlation: self.correlation,
            prev: 0.0,
            claimed: claimed.min(f64::from(self.adc_bits)),
        })
    }
}

impl NoiseSource for HomodyneSource {
    fn bits_per_sample(&self) -> u8 {
        self.adc_bits
    }

    fn claimed_entropy(&self) -> Option<f64> {
        Some(self.claimed)
    }

    fn fill_samples(&mut self, samples: &mut [u8]) -> Result<(), SourceError> {
        for s in samples.iter_mut() {
            *s = self.sample();
        }
        Ok(())
    }

    fn describe(&self) -> String {
        format!(
            "simulated homodyne vacuum noise ({}-bit ADC over ±{}σ, offset {}σ, rho {})",
            self.adc_bits, self.range, self.offset, self.correlation
        )
    }
}

/// Photon arrival-time source: a Poisson photon stream with a mean waiting
/// time of `mean_bins` time-to-digital-converter bins; each sample is the
/// waiting time in bins modulo `2^bits`.
///
/// With `afterpulse_probability` p, a sample is instead an afterpulse one
/// bin after the previous detection (code 1), a correlated detector
/// artefact; the claim covers only the ideal model.
///
/// ```
/// use sg17_qrng::source::{NoiseSource, sim::PhotonArrivalSource};
/// let src = PhotonArrivalSource::new(3, 8, 64.0, 0.0)?;
/// // P(code 0) = (1-q)/(1-q^256), q = exp(-1/64): about 5.98 bits.
/// assert!((src.claimed_entropy().unwrap() - 5.98).abs() < 0.01);
/// # Ok::<(), sg17_qrng::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct PhotonArrivalSource {
    rng: ChaCha8Rng,
    bits: u8,
    mean_bins: f64,
    afterpulse: f64,
    claimed: f64,
}

impl PhotonArrivalSource {
    /// A source with the given seed, sample width, mean waiting time in bins
    /// (> 0) and afterpulse probability in [0, 1).
    ///
    /// # Errors
    /// [`ConfigError`] for parameters out of range.
    pub fn new(
        seed: u64,
        bits: u8,
        mean_bins: f64,
        afterpulse_probability: f64,
    ) -> Result<Self, ConfigError> {
        check_bits(bits)?;
        check_range("mean waiting time", mean_bins, 1e-3, 1e9, true)?;
        check_range("afterpulse probability", afterpulse_probability, 0.0, 1.0, false)?;
        Ok(Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
            bits,
            mean_bins,
            afterpulse: afterpulse_probability,
            claimed: Self::model_min_entropy(bits, mean_bins),
        })
    }

    /// Min-entropy of the ideal model: the waiting time in whole bins is
    /// geometric with `q = exp(-1/mean)`; folded modulo `M = 2^bits` the most
    /// likely code is 0 with probability `(1-q) / (1-q^M)`.
    #[must_use]
    pub fn model_min_entropy(bits: u8, mean_bins: f64) -> f64 {
        let q = (-1.0 / mean_bins).exp();
        let m = f64::from(1u32 << bits);
        let p0 = (1.0 - q) / (1.0 - q.powf(m));
        (-p0.log2()).clamp(f64::MIN_POSITIVE, f64::from(bits))
    }
}

impl NoiseSource for PhotonArrivalSource {
    fn bits_per_sample(&self) -> u8 {
        self.bits
    }

    fn claimed_entropy(&self) -> Option<f64> {
        Some(self.claimed)
    }

    fn fill_samples(&mut self, samples: &mut [u8]) -> Result<(), SourceError> {
        let mask = (1u64 << self.bits) - 1;
        for s in samples.iter_mut() {
            if self.afterpulse > 0.0 && uniform(&mut self.rng) < self.afterpulse {
                *s = 1;
                continue;
            }
            let t = -self.mean_bins * (1.0 - uniform(&mut self.rng)).ln();
            *s = ((t as u64) & mask) as u8;
        }
        Ok(())
    }

    fn describe(&self) -> String {
        format!(
            "simulated photon arrival times ({} bits, mean {} bins, afterpulse {})",
            self.bits, self.mean_bins, self.afterpulse
        )
    }
}

/// Beam-splitter which-path source: each photon is transmitted with
/// probability `transmissivity`, giving one bit; a sample packs
/// `bits` photons. `correlation` is the probability that a detection
/// repeats the previous outcome (e.g. detector dead time effects).
///
/// ```
/// use sg17_qrng::source::{NoiseSource, sim::BeamSplitterSource};
/// let src = BeamSplitterSource::new(5, 1, 0.5, 0.0)?;
/// assert_eq!(src.claimed_entropy(), Some(1.0));
/// let biased = BeamSplitterSource::new(5, 1, 0.75, 0.0)?;
/// assert!((biased.claimed_entropy().unwrap() - 0.415).abs() < 1e-3); // -log2(0.75)
/// # Ok::<(), sg17_qrng::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct BeamSplitterSource {
    rng: ChaCha8Rng,
    bits: u8,
    transmissivity: f64,
    correlation: f64,
    last: u8,
    claimed: f64,
}

impl BeamSplitterSource {
    /// A source with the given seed, photons per sample (1..=8),
    /// transmissivity in (0, 1) and repeat probability in [0, 1).
    ///
    /// # Errors
    /// [`ConfigError`] for parameters out of range.
    pub fn new(seed: u64, bits: u8, transmissivity: f64, correlation: f64) -> Result<Self, ConfigError> {
        check_bits(bits)?;
        check_range("transmissivity", transmissivity, 1e-9, 1.0, false)?;
        check_range("correlation", correlation, 0.0, 1.0, false)?;
        let p = transmissivity.max(1.0 - transmissivity);
        Ok(Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
            bits,
            transmissivity,
            correlation,
            last: 0,
            claimed: f64::from(bits) * -p.log2(),
        })
    }
}

impl NoiseSource for BeamSplitterSource {
    fn bits_per_sample(&self) -> u8 {
        self.bits
    }

    fn claimed_entropy(&self) -> Option<f64> {
        Some(self.claimed)
    }

    fn fill_samples(&mut self, samples: &mut [u8]) -> Result<(), SourceError> {
        for s in samples.iter_mut() {
            let mut v = 0u8;
            for _ in 0..self.bits {
                let bit = if self.correlation > 0.0 && uniform(&mut self.rng) < self.correlation {
                    self.last
                } else {
                    u8::from(uniform(&mut self.rng) < self.transmissivity)
                };
                self.last = bit;
                v = (v << 1) | bit;
            }
            *s = v;
        }
        Ok(())
    }

    fn describe(&self) -> String {
        format!(
            "simulated beam splitter ({} photons/sample, T = {}, repeat {})",
            self.bits, self.transmissivity, self.correlation
        )
    }
}
