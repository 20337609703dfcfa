//! The assembled X.1702 pipeline: noise source -> health tests ->
//! conditioning -> DRBG, exposed as a `rand_core` RNG.

use crate::conditioning::{
    Conditioner, HashDfConditioner, HmacConditioner, ToeplitzExtractor, output_entropy, pack_samples,
    toeplitz_output_bits,
};
use crate::drbg::{Drbg, DrbgError, DrbgKind, HmacDrbg, MAX_BYTES_PER_REQUEST, MAX_RESEED_INTERVAL};
use crate::health::{DEFAULT_ALPHA, HealthConfig, HealthTests, MIN_STARTUP_SAMPLES, TestPhase};
use crate::source::{NoiseSource, SourceError};
use crate::{ConfigError, QrngError};
use core::fmt;
use core::str::FromStr;

/// Which conditioning component the pipeline uses.
///
/// Parses from `hash` (or `hash_df`), `hmac` and `toeplitz`.
///
/// ```
/// use sg17_qrng::ConditionerKind;
/// assert_eq!("toeplitz".parse::<ConditionerKind>()?, ConditionerKind::Toeplitz);
/// assert_eq!(ConditionerKind::HashDf.to_string(), "hash");
/// # Ok::<(), sg17_qrng::ConfigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ConditionerKind {
    /// Hash_df with SHA-256 (vetted, SP 800-90B 3.1.5.1.1).
    #[default]
    HashDf,
    /// HMAC-SHA-256 (vetted, SP 800-90B 3.1.5.1.1).
    Hmac,
    /// Toeplitz-hashing extractor (leftover hash lemma).
    Toeplitz,
}

impl fmt::Display for ConditionerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::HashDf => "hash",
            Self::Hmac => "hmac",
            Self::Toeplitz => "toeplitz",
        })
    }
}

impl FromStr for ConditionerKind {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "hash" | "hash_df" | "hash-df" => Ok(Self::HashDf),
            "hmac" => Ok(Self::Hmac),
            "toeplitz" => Ok(Self::Toeplitz),
            _ => Err(ConfigError::Parameter {
                name: "conditioner",
                reason: format!("unknown `{s}` (expected hash, hmac or toeplitz)"),
            }),
        }
    }
}

/// Counters and derived parameters of a running pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineStats {
    /// Raw samples drawn from the source (start-up samples included).
    pub samples: u64,
    /// Conditioned blocks produced.
    pub blocks: u64,
    /// Bytes handed to the caller.
    pub bytes_out: u64,
    /// DRBG instantiations and reseeds.
    pub seedings: u64,
    /// Samples per conditioned block.
    pub samples_per_block: usize,
    /// Input bits per block (n_in).
    pub block_input_bits: usize,
    /// Output bits per block (n_out).
    pub block_output_bits: usize,
    /// Entropy credited per block (SP 800-90B 3.1.5.1.2).
    pub entropy_per_block: f64,
    /// RCT cutoff (SP 800-90B 4.4.1).
    pub rct_cutoff: u32,
    /// APT window and cutoff (SP 800-90B 4.4.2).
    pub apt_window: u32,
    /// APT cutoff.
    pub apt_cutoff: u32,
}

/// Builder for [`QuantumRng`].
pub struct QuantumRngBuilder {
    source: Option<Box<dyn NoiseSource>>,
    claimed_entropy: Option<f64>,
    alpha: f64,
    conditioner: ConditionerKind,
    drbg: Option<DrbgKind>,
    reseed_interval: u64,
    prediction_resistance: bool,
    personalization: Vec<u8>,
    startup_samples: usize,
    hmac_key: Vec<u8>,
    toeplitz_seed: Option<Vec<u8>>,
    toeplitz_input_bits: usize,
    epsilon: f64,
}

impl fmt::Debug for QuantumRngBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuantumRngBuilder")
            .field("source", &self.source.as_ref().map(|s| s.describe()))
            .field("claimed_entropy", &self.claimed_entropy)
            .field("alpha", &self.alpha)
            .field("conditioner", &self.conditioner)
            .field("drbg", &self.drbg)
            .field("reseed_interval", &self.reseed_interval)
            .field("prediction_resistance", &self.prediction_resistance)
            .finish_non_exhaustive()
    }
}

/// Default reseed interval of the pipeline's DRBG, in generate requests of
/// at most 2^19 bits: 1024 requests, i.e. at most 64 MiB between reseeds.
pub const DEFAULT_RESEED_INTERVAL: u64 = 1024;

impl Default for QuantumRngBuilder {
    fn default() -> Self {
        Self {
            source: None,
            claimed_entropy: None,
            alpha: DEFAULT_ALPHA,
            conditioner: ConditionerKind::HashDf,
            drbg: Some(DrbgKind::HashSha256),
            reseed_interval: DEFAULT_RESEED_INTERVAL,
            prediction_resistance: false,
            personalization: Vec::new(),
            startup_samples: MIN_STARTUP_SAMPLES,
            hmac_key: HmacConditioner::DEFAULT_KEY.to_vec(),
            toeplitz_seed: None,
            toeplitz_input_bits: 1024,
            epsilon: (-64f64).exp2(),
        }
    }
}

impl QuantumRngBuilder {
    /// The noise source (required).
    #[must_use]
    pub fn source(mut self, source: impl NoiseSource + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The noise source, boxed.
    #[must_use]
    pub fn boxed_source(mut self, source: Box<dyn NoiseSource>) -> Self {
        self.source = Some(source);
        self
    }

    /// Claimed min-entropy per sample H; overrides the source's own claim.
    #[must_use]
    pub fn claimed_entropy(mut self, h: f64) -> Self {
        self.claimed_entropy = Some(h);
        self
    }

    /// Health-test false-positive probability alpha (default 2^-20).
    #[must_use]
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// The conditioning component (default Hash_df).
    #[must_use]
    pub fn conditioner(mut self, kind: ConditionerKind) -> Self {
        self.conditioner = kind;
        self
    }

    /// The DRBG (default Hash_DRBG with SHA-256); `None` outputs the
    /// conditioned entropy-source output directly.
    #[must_use]
    pub fn drbg(mut self, kind: Option<DrbgKind>) -> Self {
        self.drbg = kind;
        self
    }

    /// DRBG reseed interval in generate requests (1..=2^48, default 1024).
    #[must_use]
    pub fn reseed_interval(mut self, requests: u64) -> Self {
        self.reseed_interval = requests;
        self
    }

    /// Reseed from the source before every DRBG request
    /// (SP 800-90A 9.3.1 prediction resistance).
    #[must_use]
    pub fn prediction_resistance(mut self, on: bool) -> Self {
        self.prediction_resistance = on;
        self
    }

    /// DRBG personalization string (SP 800-90A 8.7.1).
    #[must_use]
    pub fn personalization(mut self, p: &[u8]) -> Self {
        self.personalization = p.to_vec();
        self
    }

    /// Samples in start-up testing (at least 1024, SP 800-90B 4.3).
    #[must_use]
    pub fn startup_samples(mut self, n: usize) -> Self {
        self.startup_samples = n;
        self
    }

    /// Key of the HMAC-SHA-256 conditioner.
    #[must_use]
    pub fn hmac_key(mut self, key: &[u8]) -> Self {
        self.hmac_key = key.to_vec();
        self
    }

    /// Seed of the Toeplitz extractor; it must come from a source independent
    /// of the noise source. Without one, a fixed public seed derived from
    /// the label `sg17-qrng Toeplitz seed` is used.
    #[must_use]
    pub fn toeplitz_seed(mut self, seed: &[u8]) -> Self {
        self.toeplitz_seed = Some(seed.to_vec());
        self
    }

    /// Requested Toeplitz input block in bits (default 1024); rounded up to
    /// a whole number of 8-sample groups.
    #[must_use]
    pub fn toeplitz_input_bits(mut self, n: usize) -> Self {
        self.toeplitz_input_bits = n;
        self
    }

    /// Leftover-hash-lemma security parameter epsilon (default 2^-64).
    #[must_use]
    pub fn epsilon(mut self, epsilon: f64) -> Self {
        self.epsilon = epsilon;
        self
    }

    /// Validates the configuration, runs start-up health testing
    /// (SP 800-90B 4.3) and instantiates the DRBG from conditioned source
    /// output.
    ///
    /// # Errors
    /// [`QrngError::Config`] for an invalid configuration,
    /// [`QrngError::Health`] or [`QrngError::Source`] if start-up fails.
    pub fn build(self) -> Result<QuantumRng, QrngError> {
        let source = self.source.ok_or(ConfigError::MissingSource)?;
        let bits = source.bits_per_sample();
        crate::source::check_bits(bits)?;
        let h = self
            .claimed_entropy
            .or_else(|| source.claimed_entropy())
            .ok_or(ConfigError::MissingClaimedEntropy)?;
        let health = HealthConfig::new(bits, h, self.alpha)?;
        if self.startup_samples < MIN_STARTUP_SAMPLES || self.startup_samples > 1 << 24 {
            return Err(ConfigError::StartupSamples(self.startup_samples).into());
        }
        if self.reseed_interval == 0 || self.reseed_interval > MAX_RESEED_INTERVAL {
            return Err(DrbgError::ReseedIntervalOutOfRange { interval: self.reseed_interval }.into());
        }
        let bits_usize = usize::from(bits);
        let (conditioner, samples_per_block): (Box<dyn Conditioner>, usize) = match self.conditioner {
            ConditionerKind::HashDf | ConditionerKind::Hmac => {
                // Enough samples for h_in >= 2 n_out = 512 bits, so the
                // output is credited essentially full entropy.
                let samples = round_up_8((512.0 / h).ceil() as usize);
                let c: Box<dyn Conditioner> = if self.conditioner == ConditionerKind::HashDf {
                    Box::new(HashDfConditioner)
                } else {
                    Box::new(HmacConditioner::new(&self.hmac_key))
                };
                (c, samples)
            }
            ConditionerKind::Toeplitz => {
                if self.toeplitz_input_bits == 0 || self.toeplitz_input_bits > 1 << 16 {
                    return Err(ConfigError::Parameter {
                        name: "Toeplitz input bits",
                        reason: format!("{} is outside 1..=65536", self.toeplitz_input_bits),
                    }
                    .into());
                }
                let samples = round_up_8(self.toeplitz_input_bits.div_ceil(bits_usize));
                let n_in = samples * bits_usize;
                let k = samples as f64 * h;
                let m = toeplitz_output_bits(k, self.epsilon)?.min(n_in) / 8 * 8;
                if m == 0 {
                    return Err(
                        ConfigError::ExtractorOutputEmpty { min_entropy: k, epsilon: self.epsilon }.into()
                    );
                }
                let seed = match self.toeplitz_seed {
                    Some(s) => s,
                    None => default_toeplitz_seed(n_in + m - 1),
                };
                (Box::new(ToeplitzExtractor::new(n_in, m, &seed)?), samples)
            }
        };
        let n_in = samples_per_block * bits_usize;
        let n_out = conditioner.output_bits();
        let h_in = samples_per_block as f64 * h;
        let mut credit =
            output_entropy(n_in as u64, n_out as u64, conditioner.narrowest_width() as u64, h_in);
        if !conditioner.is_vetted() {
            // SP 800-90B 3.1.5.2: a non-vetted function is credited at most
            // 0.999 n_out.
            credit = credit.min(0.999 * n_out as f64);
        }
        let mut rng = QuantumRng {
            source,
            health: HealthTests::new(health),
            conditioner,
            samples_per_block,
            entropy_per_block: credit,
            drbg_kind: self.drbg,
            drbg: None,
            reseed_interval: self.reseed_interval,
            prediction_resistance: self.prediction_resistance,
            personalization: self.personalization,
            startup_samples: self.startup_samples,
            failure: None,
            buffer: Vec::new(),
            buffer_pos: 0,
            sample_buf: vec![0; samples_per_block],
            stats: Counters::default(),
        };
        rng.start()?;
        Ok(rng)
    }
}

fn round_up_8(n: usize) -> usize {
    n.max(1).div_ceil(8) * 8
}

/// A fixed, public Toeplitz seed: HMAC_DRBG(SHA-256) output for the label
/// `sg17-qrng Toeplitz seed`.
fn default_toeplitz_seed(bits: usize) -> Vec<u8> {
    let label = b"sg17-qrng Toeplitz seed, public and fixed";
    let mut drbg =
        HmacDrbg::<sha2::Sha256>::instantiate(label, b"", b"").expect("label is longer than 256 bits");
    let mut seed = vec![0u8; bits.div_ceil(8)];
    for chunk in seed.chunks_mut(MAX_BYTES_PER_REQUEST) {
        drbg.generate(chunk, &[]).expect("within limits");
    }
    seed
}

#[derive(Debug, Clone, Default)]
struct Counters {
    samples: u64,
    blocks: u64,
    bytes_out: u64,
    seedings: u64,
}

/// Bytes served from the internal buffer for small requests.
const SMALL_REQUEST: usize = 64;
const BUFFER_BYTES: usize = 512;

/// The assembled RNG: noise source -> SP 800-90B health tests ->
/// conditioning -> optional SP 800-90A DRBG.
///
/// It implements [`rand_core::TryRng`] and [`rand_core::TryCryptoRng`]
/// with `Error = QrngError`: a health-test failure or source error is
/// reported, never papered over. For APIs that need the infallible
/// [`rand_core::Rng`]/[`rand_core::CryptoRng`], wrap it in
/// [`rand_core::UnwrapErr`], which **panics** on failure; that keeps the
/// fail-closed guarantee (no output after a failure) at the cost of a panic.
///
/// ```
/// use rand_core::TryRng;
/// use sg17_qrng::{ConditionerKind, QuantumRng, drbg::DrbgKind};
/// use sg17_qrng::source::{fault::{Fault, FaultySource}, sim::HomodyneSource};
///
/// // The ADC sticks at code 0 after 100 000 samples.
/// let sim = HomodyneSource::builder().seed(42).build()?;
/// let source = FaultySource::new(sim, Fault::StuckAt(0), 100_000);
/// let mut rng = QuantumRng::builder()
///     .source(source)
///     .conditioner(ConditionerKind::Hmac)
///     .drbg(Some(DrbgKind::HmacSha256))
///     .prediction_resistance(true)
///     .build()?;
/// let mut buf = [0u8; 4096];
/// let err = loop {
///     if let Err(e) = rng.try_fill_bytes(&mut buf) { break e; }
/// };
/// assert!(err.to_string().contains("Repetition Count Test"));
/// assert_eq!(buf, [0u8; 4096]); // nothing emitted on failure
/// assert!(rng.try_next_u32().is_err()); // and nothing afterwards
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct QuantumRng {
    source: Box<dyn NoiseSource>,
    health: HealthTests,
    conditioner: Box<dyn Conditioner>,
    samples_per_block: usize,
    entropy_per_block: f64,
    drbg_kind: Option<DrbgKind>,
    drbg: Option<Box<dyn Drbg>>,
    reseed_interval: u64,
    prediction_resistance: bool,
    personalization: Vec<u8>,
    startup_samples: usize,
    failure: Option<QrngError>,
    buffer: Vec<u8>,
    buffer_pos: usize,
    sample_buf: Vec<u8>,
    stats: Counters,
}

impl fmt::Debug for QuantumRng {
    /// Shows the configuration and counters, never secret state.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuantumRng")
            .field("source", &self.source.describe())
            .field("conditioner", &self.conditioner.name())
            .field("drbg", &self.drbg.as_ref().map(|d| d.name()))
            .field("halted", &self.failure.is_some())
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl QuantumRng {
    /// A builder with the defaults: alpha = 2^-20, Hash_df conditioning,
    /// Hash_DRBG (SHA-256), reseed every 1024 requests, 1024 start-up
    /// samples.
    #[must_use]
    pub fn builder() -> QuantumRngBuilder {
        QuantumRngBuilder::default()
    }

    /// Counters and derived parameters.
    #[must_use]
    pub fn stats(&self) -> PipelineStats {
        let c = self.health.config();
        PipelineStats {
            samples: self.stats.samples,
            blocks: self.stats.blocks,
            bytes_out: self.stats.bytes_out,
            seedings: self.stats.seedings,
            samples_per_block: self.samples_per_block,
            block_input_bits: self.samples_per_block * usize::from(c.bits_per_sample()),
            block_output_bits: self.conditioner.output_bits(),
            entropy_per_block: self.entropy_per_block,
            rct_cutoff: c.rct_cutoff(),
            apt_window: c.apt_window(),
            apt_cutoff: c.apt_cutoff(),
        }
    }

    /// The failure that halted the pipeline, if any.
    #[must_use]
    pub fn failure(&self) -> Option<&QrngError> {
        self.failure.as_ref()
    }

    /// Whether the pipeline is halted (fail closed).
    #[must_use]
    pub fn is_halted(&self) -> bool {
        self.failure.is_some()
    }

    /// Clears a failure and starts again: health-test state is reset,
    /// start-up testing reruns (SP 800-90B 4.3) and the DRBG is
    /// instantiated afresh.
    ///
    /// # Errors
    /// As [`QuantumRngBuilder::build`]; the pipeline stays halted then.
    pub fn reinitialize(&mut self) -> Result<(), QrngError> {
        self.failure = None;
        self.health.reset();
        self.start()
    }

    /// On-demand testing (SP 800-90B 4.3): runs the health tests over
    /// another start-up-sized run of samples, then reseeds the DRBG so
    /// later output depends on freshly tested samples.
    ///
    /// # Errors
    /// [`QrngError::Halted`] if already halted; otherwise the failure,
    /// which halts the pipeline.
    pub fn run_on_demand_tests(&mut self) -> Result<(), QrngError> {
        self.check_not_halted()?;
        self.health.set_phase(TestPhase::OnDemand);
        let r = self.test_samples(self.startup_samples);
        self.health.set_phase(TestPhase::Continuous);
        r?;
        if self.drbg.is_some() {
            self.reseed()?;
        }
        Ok(())
    }

    /// Fills `out` with random bytes.
    ///
    /// # Errors
    /// A [`QrngError`]; on any error `out` is zeroed and, for health or
    /// source failures, the pipeline halts.
    pub fn try_fill(&mut self, out: &mut [u8]) -> Result<(), QrngError> {
        let r = self.fill_inner(out);
        if r.is_err() {
            out.fill(0);
        } else {
            self.stats.bytes_out += out.len() as u64;
        }
        r
    }

    fn check_not_halted(&self) -> Result<(), QrngError> {
        match &self.failure {
            Some(cause) => Err(QrngError::Halted { cause: Box::new(cause.clone()) }),
            None => Ok(()),
        }
    }

    /// Records a failure and destroys everything derived from the source.
    fn halt(&mut self, e: QrngError) -> QrngError {
        self.failure = Some(e.clone());
        self.drbg = None;
        self.buffer.fill(0);
        self.buffer.clear();
        self.buffer_pos = 0;
        e
    }

    fn start(&mut self) -> Result<(), QrngError> {
        self.health.set_phase(TestPhase::Startup);
        let r = self.test_samples(self.startup_samples);
        self.health.set_phase(TestPhase::Continuous);
        r?;
        self.buffer.clear();
        self.buffer_pos = 0;
        if let Some(kind) = self.drbg_kind {
            let strength = kind.security_strength();
            let entropy = self.gather(strength)?;
            // Nonce of at least half the security strength (SP 800-90A 8.6.7).
            let nonce = self.gather(strength / 2)?;
            let drbg = kind
                .instantiate(&entropy, &nonce, &self.personalization)
                .and_then(|mut d| {
                    d.set_reseed_interval(self.reseed_interval)?;
                    Ok(d)
                })
                .map_err(|e| self.halt(e.into()))?;
            self.drbg = Some(drbg);
            self.stats.seedings += 1;
        }
        Ok(())
    }

    /// Pulls `n` samples through the health tests and discards them.
    fn test_samples(&mut self, n: usize) -> Result<(), QrngError> {
        let mut left = n;
        while left > 0 {
            let take = left.min(self.sample_buf.len());
            self.read_checked(take)?;
            left -= take;
        }
        Ok(())
    }

    /// Reads `n` samples into `sample_buf[..n]`, validates their range and
    /// runs the continuous health tests on each; halts on any failure.
    fn read_checked(&mut self, n: usize) -> Result<(), QrngError> {
        let mut buf = core::mem::take(&mut self.sample_buf);
        let r = self.read_checked_into(&mut buf[..n]);
        self.sample_buf = buf;
        if r.is_err() {
            self.sample_buf.fill(0);
        }
        r
    }

    fn read_checked_into(&mut self, buf: &mut [u8]) -> Result<(), QrngError> {
        if let Err(e) = self.source.fill_samples(buf) {
            return Err(self.halt(e.into()));
        }
        let bits = self.health.config().bits_per_sample();
        let limit = 1u16 << bits;
        if let Some(i) = buf.iter().position(|&s| u16::from(s) >= limit) {
            let e =
                SourceError::SampleOutOfRange { offset: self.stats.samples + i as u64, value: buf[i], bits };
            return Err(self.halt(e.into()));
        }
        self.stats.samples += buf.len() as u64;
        if let Err(f) = self.health.check_all(buf) {
            return Err(self.halt(f.into()));
        }
        Ok(())
    }

    /// One conditioned block from freshly tested samples.
    fn next_block(&mut self, out: &mut Vec<u8>) -> Result<(), QrngError> {
        self.read_checked(self.samples_per_block)?;
        let bits = self.health.config().bits_per_sample();
        let packed = pack_samples(&self.sample_buf, bits);
        let start = out.len();
        out.resize(start + self.conditioner.output_bits() / 8, 0);
        self.conditioner.condition(&packed, &mut out[start..]);
        self.stats.blocks += 1;
        Ok(())
    }

    /// Conditioned output credited with at least `bits` of entropy.
    fn gather(&mut self, bits: usize) -> Result<Vec<u8>, QrngError> {
        let mut out = Vec::new();
        let mut credited = 0.0;
        while credited < bits as f64 {
            self.next_block(&mut out)?;
            credited += self.entropy_per_block;
        }
        Ok(out)
    }

    fn reseed(&mut self) -> Result<(), QrngError> {
        let strength = self.drbg.as_ref().map_or(256, |d| d.security_strength());
        let entropy = self.gather(strength)?;
        let drbg = self.drbg.as_mut().expect("caller checked");
        if let Err(e) = drbg.reseed(&entropy, &[]) {
            return Err(self.halt(e.into()));
        }
        self.stats.seedings += 1;
        Ok(())
    }

    /// One DRBG request of at most 2^19 bits (SP 800-90A 9.3.1 logic:
    /// prediction resistance and reseed-on-interval).
    fn drbg_request(&mut self, out: &mut [u8]) -> Result<(), QrngError> {
        if self.prediction_resistance {
            self.reseed()?;
        }
        let drbg = self
            .drbg
            .as_mut()
            .ok_or_else(|| QrngError::Halted { cause: Box::new(ConfigError::MissingSource.into()) })?;
        match drbg.generate(out, &[]) {
            Ok(()) => Ok(()),
            Err(DrbgError::ReseedRequired { .. }) => {
                self.reseed()?;
                let drbg = self.drbg.as_mut().expect("reseed succeeded");
                drbg.generate(out, &[]).map_err(|e| self.halt(e.into()))
            }
            Err(e) => Err(self.halt(e.into())),
        }
    }

    fn refill_buffer(&mut self) -> Result<(), QrngError> {
        let mut buf = core::mem::take(&mut self.buffer);
        buf.clear();
        let r = if self.drbg.is_some() {
            buf.resize(BUFFER_BYTES, 0);
            self.drbg_request(&mut buf)
        } else {
            self.next_block(&mut buf)
        };
        if r.is_ok() {
            self.buffer = buf;
            self.buffer_pos = 0;
        }
        r
    }

    fn fill_inner(&mut self, out: &mut [u8]) -> Result<(), QrngError> {
        self.check_not_halted()?;
        let mut pos = 0;
        while pos < out.len() {
            let avail = self.buffer.len() - self.buffer_pos;
            if avail > 0 {
                let n = avail.min(out.len() - pos);
                out[pos..pos + n].copy_from_slice(&self.buffer[self.buffer_pos..self.buffer_pos + n]);
                self.buffer[self.buffer_pos..self.buffer_pos + n].fill(0);
                self.buffer_pos += n;
                pos += n;
                continue;
            }
            let left = out.len() - pos;
            if self.drbg.is_some() && left >= SMALL_REQUEST {
                let n = left.min(MAX_BYTES_PER_REQUEST);
                self.drbg_request(&mut out[pos..pos + n])?;
                pos += n;
            } else {
                self.refill_buffer()?;
            }
        }
        Ok(())
    }
}

impl rand_core::TryRng for QuantumRng {
    type Error = QrngError;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.try_fill(dst)
    }
}

/// The output is either conditioned entropy-source output or SP 800-90A
/// DRBG output seeded from it at 256-bit security strength.
impl rand_core::TryCryptoRng for QuantumRng {}
