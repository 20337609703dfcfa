//! Noise sources: the physical (or simulated) process and its digitization,
//! the first block of the X.1702 entropy-source architecture and of
//! SP 800-90B clause 2.2.
//!
//! A [`NoiseSource`] yields raw samples of 1 to 8 bits, one sample per
//! byte, and may declare the claimed min-entropy per sample established by
//! the vendor's SP 800-90B assessment. Implementations:
//!
//! * [`ReplaySource`]: replays a recorded sample file or standard input
//!   (one sample per byte, the format of NIST's SP 800-90B tools);
//! * [`DeviceSource`]: reads a `/dev/hwrng`-style character device whose
//!   bytes carry packed samples;
//! * [`sim`]: seeded, deterministic simulated quantum sources;
//! * [`fault::FaultySource`]: fault injection around any source.

pub mod fault;
pub mod sim;

use core::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

/// A source of raw noise samples (SP 800-90B 2.2.1 "noise source").
pub trait NoiseSource: Send {
    /// Bits per sample, 1..=8. Every sample value is below `2^bits`.
    fn bits_per_sample(&self) -> u8;

    /// The claimed min-entropy per sample, if the source declares one.
    fn claimed_entropy(&self) -> Option<f64> {
        None
    }

    /// Fills `samples` completely, one sample per byte.
    ///
    /// # Errors
    /// [`SourceError`] when the source fails or runs out; the content of
    /// `samples` is then unspecified and must not be used.
    fn fill_samples(&mut self, samples: &mut [u8]) -> Result<(), SourceError>;

    /// A short human-readable description.
    fn describe(&self) -> String;
}

impl<S: NoiseSource + ?Sized> NoiseSource for Box<S> {
    fn bits_per_sample(&self) -> u8 {
        (**self).bits_per_sample()
    }
    fn claimed_entropy(&self) -> Option<f64> {
        (**self).claimed_entropy()
    }
    fn fill_samples(&mut self, samples: &mut [u8]) -> Result<(), SourceError> {
        (**self).fill_samples(samples)
    }
    fn describe(&self) -> String {
        (**self).describe()
    }
}

/// Errors of a noise source.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SourceError {
    /// An I/O error at the given byte offset of the underlying stream.
    Io {
        /// Byte offset where the read failed.
        offset: u64,
        /// The I/O error kind.
        kind: io::ErrorKind,
        /// The I/O error message.
        message: String,
    },
    /// The stream ended: `offset` bytes were read in total.
    Exhausted {
        /// Bytes read before the end.
        offset: u64,
    },
    /// The stream holds no data at all.
    Empty,
    /// A byte holds a value that does not fit the declared sample width.
    SampleOutOfRange {
        /// Byte offset of the offending sample.
        offset: u64,
        /// Its value.
        value: u8,
        /// Declared bits per sample.
        bits: u8,
    },
    /// The source reports a hardware or model fault.
    Fault(String),
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { offset, kind, message } => {
                write!(f, "read error at byte {offset} ({kind:?}): {message}")
            }
            Self::Exhausted { offset } => {
                write!(f, "source exhausted after {offset} bytes (truncated input)")
            }
            Self::Empty => f.write_str("source is empty (zero-length input)"),
            Self::SampleOutOfRange { offset, value, bits } => {
                write!(f, "sample at byte {offset} has value {value}, which does not fit in {bits} bits")
            }
            Self::Fault(m) => write!(f, "source fault: {m}"),
        }
    }
}

impl std::error::Error for SourceError {}

pub(crate) fn check_bits(bits: u8) -> Result<(), crate::ConfigError> {
    if (1..=8).contains(&bits) { Ok(()) } else { Err(crate::ConfigError::BitsPerSample(bits)) }
}

pub(crate) fn check_claim(claim: Option<f64>, bits: u8) -> Result<(), crate::ConfigError> {
    match claim {
        Some(h) if !(h > 0.0 && h <= f64::from(bits)) => {
            Err(crate::ConfigError::ClaimedEntropy { claimed: h, bits_per_sample: bits })
        }
        _ => Ok(()),
    }
}

/// Reads exactly `buf.len()` bytes, retrying on `Interrupted`; maps a short
/// read to [`SourceError::Exhausted`] (or [`SourceError::Empty`] at offset 0).
fn read_exact_at<R: Read>(reader: &mut R, buf: &mut [u8], offset: &mut u64) -> Result<(), SourceError> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => {
                return Err(if *offset == 0 {
                    SourceError::Empty
                } else {
                    SourceError::Exhausted { offset: *offset }
                });
            }
            Ok(n) => {
                filled += n;
                *offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(SourceError::Io { offset: *offset, kind: e.kind(), message: e.to_string() });
            }
        }
    }
    Ok(())
}

/// Replays recorded samples, one sample per byte (the raw-data format of
/// NIST's SP 800-90B assessment tools), from a file, standard input or any
/// reader. The end of the stream is an error: the pipeline never pads.
///
/// ```
/// use sg17_qrng::source::{NoiseSource, ReplaySource, SourceError};
/// let mut src = ReplaySource::from_reader(&[1u8, 0, 1, 2][..], 1, Some(1.0))?;
/// let mut buf = [0u8; 2];
/// src.fill_samples(&mut buf)?;
/// assert_eq!(buf, [1, 0]);
/// // The next sample (2) does not fit in 1 bit.
/// assert_eq!(
///     src.fill_samples(&mut buf),
///     Err(SourceError::SampleOutOfRange { offset: 3, value: 2, bits: 1 })
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ReplaySource<R> {
    reader: R,
    bits: u8,
    claimed: Option<f64>,
    offset: u64,
    name: String,
}

impl<R: Read + Send> ReplaySource<R> {
    /// Replays samples from `reader`.
    ///
    /// # Errors
    /// [`crate::ConfigError`] for bits outside 1..=8 or a claim outside (0, bits].
    pub fn from_reader(reader: R, bits: u8, claimed: Option<f64>) -> Result<Self, crate::ConfigError> {
        check_bits(bits)?;
        check_claim(claimed, bits)?;
        Ok(Self { reader, bits, claimed, offset: 0, name: "reader".into() })
    }
}

impl ReplaySource<BufReader<File>> {
    /// Replays samples from the file at `path`.
    ///
    /// # Errors
    /// [`crate::QrngError::Source`] if the file cannot be opened,
    /// [`crate::QrngError::Config`] for invalid parameters.
    pub fn open(path: impl AsRef<Path>, bits: u8, claimed: Option<f64>) -> Result<Self, crate::QrngError> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| SourceError::Io {
            offset: 0,
            kind: e.kind(),
            message: format!("{}: {e}", path.display()),
        })?;
        let mut s = Self::from_reader(BufReader::with_capacity(1 << 16, file), bits, claimed)?;
        s.name = format!("file {}", path.display());
        Ok(s)
    }
}

impl ReplaySource<io::Stdin> {
    /// Replays samples from standard input.
    ///
    /// # Errors
    /// [`crate::ConfigError`] for invalid parameters.
    pub fn stdin(bits: u8, claimed: Option<f64>) -> Result<Self, crate::ConfigError> {
        let mut s = Self::from_reader(io::stdin(), bits, claimed)?;
        s.name = "standard input".into();
        Ok(s)
    }
}

impl<R: Read + Send> NoiseSource for ReplaySource<R> {
    fn bits_per_sample(&self) -> u8 {
        self.bits
    }

    fn claimed_entropy(&self) -> Option<f64> {
        self.claimed
    }

    fn fill_samples(&mut self, samples: &mut [u8]) -> Result<(), SourceError> {
        let start = self.offset;
        read_exact_at(&mut self.reader, samples, &mut self.offset)?;
        let limit = 1u16 << self.bits;
        if let Some(i) = samples.iter().position(|&s| u16::from(s) >= limit) {
            return Err(SourceError::SampleOutOfRange {
                offset: start + i as u64,
                value: samples[i],
                bits: self.bits,
            });
        }
        Ok(())
    }

    fn describe(&self) -> String {
        format!("replay of {} ({} bits/sample)", self.name, self.bits)
    }
}

/// Reads a hardware RNG character device (e.g. `/dev/hwrng`) whose bytes
/// carry packed samples: 8 one-bit samples, 4 two-bit samples, 2 four-bit
/// samples or 1 eight-bit sample per byte, most significant first.
///
/// ```
/// use sg17_qrng::source::{DeviceSource, NoiseSource};
/// // Any reader works; here a byte 0b1011_0001 unpacks into 8 binary samples.
/// let mut dev = DeviceSource::from_reader(&[0b1011_0001u8][..], 1, Some(0.9))?;
/// let mut s = [0u8; 8];
/// dev.fill_samples(&mut s)?;
/// assert_eq!(s, [1, 0, 1, 1, 0, 0, 0, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct DeviceSource {
    reader: Box<dyn Read + Send>,
    bits: u8,
    claimed: Option<f64>,
    offset: u64,
    pending: Vec<u8>,
    name: String,
}

impl DeviceSource {
    /// Opens a device file.
    ///
    /// # Errors
    /// [`crate::QrngError::Source`] if it cannot be opened,
    /// [`crate::QrngError::Config`] if `bits` is not 1, 2, 4 or 8 or the
    /// claim is outside (0, bits].
    pub fn open(path: impl AsRef<Path>, bits: u8, claimed: Option<f64>) -> Result<Self, crate::QrngError> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| SourceError::Io {
            offset: 0,
            kind: e.kind(),
            message: format!("{}: {e}", path.display()),
        })?;
        let mut s = Self::from_reader(file, bits, claimed)?;
        s.name = path.display().to_string();
        Ok(s)
    }

    /// Reads packed samples from any reader.
    ///
    /// # Errors
    /// As [`DeviceSource::open`].
    pub fn from_reader(
        reader: impl Read + Send + 'static,
        bits: u8,
        claimed: Option<f64>,
    ) -> Result<Self, crate::ConfigError> {
        if ![1, 2, 4, 8].contains(&bits) {
            return Err(crate::ConfigError::Parameter {
                name: "bits per sample",
                reason: format!("{bits} does not divide a byte (use 1, 2, 4 or 8)"),
            });
        }
        check_claim(claimed, bits)?;
        Ok(Self {
            reader: Box::new(reader),
            bits,
            claimed,
            offset: 0,
            pending: Vec::new(),
            name: "reader".into(),
        })
    }
}

impl NoiseSource for DeviceSource {
    fn bits_per_sample(&self) -> u8 {
        self.bits
    }

    fn claimed_entropy(&self) -> Option<f64> {
        self.claimed
    }

    fn fill_samples(&mut self, samples: &mut [u8]) -> Result<(), SourceError> {
        let per_byte = usize::from(8 / self.bits);
        let mut bytes = vec![0u8; samples.len().div_ceil(per_byte)];
        let from_pending = self.pending.len().min(samples.len());
        samples[..from_pending].copy_from_slice(&self.pending[..from_pending]);
        self.pending.drain(..from_pending);
        let rest = &mut samples[from_pending..];
        if rest.is_empty() {
            return Ok(());
        }
        bytes.truncate(rest.len().div_ceil(per_byte));
        read_exact_at(&mut self.reader, &mut bytes, &mut self.offset)?;
        let bits = usize::from(self.bits);
        let mask = ((1u16 << bits) - 1) as u8;
        let mut unpacked =
            bytes.iter().flat_map(|&b| (0..per_byte).map(move |i| (b >> (8 - bits * (i + 1))) & mask));
        for s in rest.iter_mut() {
            *s = unpacked.next().expect("enough bytes were read");
        }
        self.pending.extend(unpacked);
        Ok(())
    }

    fn describe(&self) -> String {
        format!("device {} ({} bits/sample, packed)", self.name, self.bits)
    }
}
