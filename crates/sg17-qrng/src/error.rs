//! Error types of the pipeline.

use crate::drbg::DrbgError;
use crate::health::HealthFailure;
use crate::source::SourceError;
use core::fmt;

/// A configuration rejected by a builder or constructor.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ConfigError {
    /// Bits per sample outside 1..=8.
    BitsPerSample(u8),
    /// Claimed min-entropy per sample outside (0, bits_per_sample].
    ClaimedEntropy {
        /// The rejected claim.
        claimed: f64,
        /// Bits per sample of the source.
        bits_per_sample: u8,
    },
    /// Health-test false-positive probability outside (0, 1/2].
    Alpha(f64),
    /// No noise source was given to the builder.
    MissingSource,
    /// Neither the builder nor the source declares a claimed entropy.
    MissingClaimedEntropy,
    /// Start-up test length below the 1024 samples of SP 800-90B 4.3.
    StartupSamples(usize),
    /// A parameter is out of its documented range.
    Parameter {
        /// Parameter name.
        name: &'static str,
        /// Why it is rejected.
        reason: String,
    },
    /// The Toeplitz extractor would output no bits for this input
    /// min-entropy and epsilon (leftover hash lemma).
    ExtractorOutputEmpty {
        /// Input min-entropy k in bits.
        min_entropy: f64,
        /// Security parameter epsilon.
        epsilon: f64,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BitsPerSample(b) => write!(f, "bits per sample {b} is outside 1..=8"),
            Self::ClaimedEntropy { claimed, bits_per_sample } => {
                write!(f, "claimed min-entropy {claimed} per sample is outside (0, {bits_per_sample}]")
            }
            Self::Alpha(a) => write!(
                f,
                "health-test false-positive probability alpha = {a} is outside (0, 0.5] (SP 800-90B 4.4)"
            ),
            Self::MissingSource => f.write_str("no noise source configured"),
            Self::MissingClaimedEntropy => f.write_str(
                "no claimed min-entropy: give one to the builder or use a source that declares it",
            ),
            Self::StartupSamples(n) => {
                write!(f, "start-up testing over {n} samples is below the 1024 required by SP 800-90B 4.3")
            }
            Self::Parameter { name, reason } => write!(f, "invalid {name}: {reason}"),
            Self::ExtractorOutputEmpty { min_entropy, epsilon } => write!(
                f,
                "Toeplitz extractor output would be empty: input min-entropy {min_entropy} bits is not above 2*log2(1/epsilon) for epsilon = {epsilon:e}"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Any error of the assembled pipeline. After an error of kind
/// [`QrngError::Health`] or [`QrngError::Source`] the pipeline is halted:
/// every later request returns [`QrngError::Halted`] until
/// [`crate::QuantumRng::reinitialize`] succeeds.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum QrngError {
    /// A health test failed (SP 800-90B 4.4).
    Health(HealthFailure),
    /// The noise source failed or ran out.
    Source(SourceError),
    /// The DRBG refused a request.
    Drbg(DrbgError),
    /// The configuration is invalid.
    Config(ConfigError),
    /// The pipeline failed earlier and emits nothing until re-initialised.
    Halted {
        /// The failure that halted it.
        cause: Box<QrngError>,
    },
}

impl fmt::Display for QrngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Health(e) => write!(f, "health test failure: {e}"),
            Self::Source(e) => write!(f, "noise source error: {e}"),
            Self::Drbg(e) => write!(f, "DRBG error: {e}"),
            Self::Config(e) => write!(f, "configuration error: {e}"),
            Self::Halted { cause } => {
                write!(f, "RNG halted after an earlier failure; re-initialise to resume ({cause})")
            }
        }
    }
}

/// The `Display` text already includes the inner error, so `source()` is
/// left empty to avoid printing it twice in error chains.
impl std::error::Error for QrngError {}

impl From<HealthFailure> for QrngError {
    fn from(e: HealthFailure) -> Self {
        Self::Health(e)
    }
}

impl From<SourceError> for QrngError {
    fn from(e: SourceError) -> Self {
        Self::Source(e)
    }
}

impl From<DrbgError> for QrngError {
    fn from(e: DrbgError) -> Self {
        Self::Drbg(e)
    }
}

impl From<ConfigError> for QrngError {
    fn from(e: ConfigError) -> Self {
        Self::Config(e)
    }
}
