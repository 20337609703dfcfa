//! Fault injection around a noise source, to show that the SP 800-90B 4.4
//! health tests detect failures and that the pipeline then stops.

use super::{NoiseSource, SourceError};
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// A fault that starts at a given sample index.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Every sample from the onset on has this value (masked to the sample
    /// width): a dead detector or a saturated ADC.
    StuckAt(u8),
    /// From the onset, each sample is replaced by `value` with probability
    /// `min(1, rate * (i - onset))`: a slowly drifting bias.
    BiasDrift {
        /// The value the source drifts toward.
        value: u8,
        /// Increase of the replacement probability per sample.
        rate: f64,
    },
    /// From the onset, the source repeats this pattern (masked to the
    /// sample width): an oscillation locking onto a period.
    RepeatingPattern(Vec<u8>),
    /// From the onset, the source reports an error: a lost device.
    Outage,
}

/// Wraps a source and injects a [`Fault`] from sample `onset` on.
///
/// ```
/// use sg17_qrng::source::{NoiseSource, fault::{Fault, FaultySource}, sim::BeamSplitterSource};
/// let inner = BeamSplitterSource::new(1, 1, 0.5, 0.0)?;
/// let mut src = FaultySource::new(inner, Fault::StuckAt(1), 4);
/// let mut s = [0u8; 8];
/// src.fill_samples(&mut s)?;
/// assert_eq!(&s[4..], &[1, 1, 1, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct FaultySource<S> {
    inner: S,
    fault: Fault,
    onset: u64,
    produced: u64,
    rng: ChaCha8Rng,
}

impl<S: NoiseSource> FaultySource<S> {
    /// Injects `fault` into `inner` from sample index `onset` (0-based).
    #[must_use]
    pub fn new(inner: S, fault: Fault, onset: u64) -> Self {
        Self { inner, fault, onset, produced: 0, rng: ChaCha8Rng::seed_from_u64(onset ^ 0x5eed) }
    }

    /// Samples produced so far (the index of the next sample).
    #[must_use]
    pub fn produced(&self) -> u64 {
        self.produced
    }
}

impl<S: NoiseSource> NoiseSource for FaultySource<S> {
    fn bits_per_sample(&self) -> u8 {
        self.inner.bits_per_sample()
    }

    fn claimed_entropy(&self) -> Option<f64> {
        self.inner.claimed_entropy()
    }

    fn fill_samples(&mut self, samples: &mut [u8]) -> Result<(), SourceError> {
        let end = self.produced + samples.len() as u64;
        if self.fault == Fault::Outage && end > self.onset {
            return Err(SourceError::Fault(format!(
                "injected outage at sample {}",
                self.onset.max(self.produced)
            )));
        }
        self.inner.fill_samples(samples)?;
        let mask = ((1u16 << self.inner.bits_per_sample()) - 1) as u8;
        for (i, s) in samples.iter_mut().enumerate() {
            let index = self.produced + i as u64;
            if index < self.onset {
                continue;
            }
            let since = index - self.onset;
            match &self.fault {
                Fault::StuckAt(v) => *s = v & mask,
                Fault::BiasDrift { value, rate } => {
                    let p = (rate * since as f64).min(1.0);
                    let u = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                    if u < p {
                        *s = value & mask;
                    }
                }
                Fault::RepeatingPattern(p) if !p.is_empty() => {
                    *s = p[(since % p.len() as u64) as usize] & mask;
                }
                Fault::RepeatingPattern(_) | Fault::Outage => {}
            }
        }
        self.produced = end;
        Ok(())
    }

    fn describe(&self) -> String {
        format!("{} with {:?} from sample {}", self.inner.describe(), self.fault, self.onset)
    }
}
