//! `sg17-qrng`: an ITU-T X.1702-style quantum-noise random number pipeline.
//!
//! X.1702 (11/2019) describes a quantum entropy source as a noise source with
//! its digitization, health tests, and a randomness extractor (conditioning),
//! feeding a deterministic random bit generator. This crate implements each
//! stage on top of NIST SP 800-90B and SP 800-90A Rev. 1:
//!
//! | stage | module | clauses |
//! |---|---|---|
//! | noise source | [`source`] | X.1702 noise source; SP 800-90B 2.2 |
//! | health tests | [`health`] | SP 800-90B 4.3, 4.4.1, 4.4.2 |
//! | conditioning | [`conditioning`] | SP 800-90B 3.1.5; SP 800-90A 10.3.1 |
//! | DRBG | [`drbg`] | SP 800-90A Rev. 1 10.1.1, 10.1.2, 10.2.1 |
//! | assembled RNG | [`QuantumRng`] | SP 800-90C style RBG |
//!
//! The pipeline fails closed: once a health test fails, or the source
//! errs, [`QuantumRng`] returns errors and emits nothing until
//! [`QuantumRng::reinitialize`] succeeds.
//!
//! ```
//! use rand_core::TryRng;
//! use sg17_qrng::{QuantumRng, source::sim::HomodyneSource};
//!
//! let source = HomodyneSource::builder().seed(7).build()?;
//! let mut rng = QuantumRng::builder().source(source).build()?;
//! let mut key = [0u8; 32];
//! rng.try_fill_bytes(&mut key)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

pub mod conditioning;
pub mod drbg;
mod error;
pub mod health;
mod pipeline;
pub mod source;

pub use error::{ConfigError, QrngError};
pub use pipeline::{ConditionerKind, PipelineStats, QuantumRng, QuantumRngBuilder};
