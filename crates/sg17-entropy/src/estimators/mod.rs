//! The ten non-IID estimators of SP 800-90B 6.3, one module per clause.
//!
//! Every estimator is a pure function of a symbol sequence. The binary-only ones (6.3.2-6.3.4)
//! take a sequence of bits (values 0/1); the others take translated symbols in `0..k` and the
//! alphabet size `k`.

pub mod collision;
pub mod compression;
pub mod lag;
pub mod lrs;
pub mod lz78y;
pub mod markov;
pub mod mcv;
pub mod multi_mcw;
pub mod multi_mmc;
pub mod prediction;
pub(crate) mod suffix;
pub mod t_tuple;

use serde::Serialize;
use thiserror::Error;

/// Why an estimator produced no estimate (SP 800-90B lets some estimators fail; the assessment
/// then uses the others, as NIST's tool does).
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[non_exhaustive]
pub enum Inapplicable {
    /// The estimator needs more symbols than were given.
    #[error("needs at least {needed} symbols, got {got}")]
    TooFewSymbols {
        /// Minimum number of symbols.
        needed: usize,
        /// Symbols given.
        got: usize,
    },
    /// No tuple occurs 35 times (6.3.5 has no `t`).
    #[error("no tuple occurs at least 35 times")]
    NoFrequentTuple,
    /// The longest repeated substring is shorter than `u` (6.3.6 step 1-2).
    #[error("longest repeated substring length v = {v} is shorter than u = {u}")]
    LrsTooShort {
        /// `u` from 6.3.6.
        u: usize,
        /// `v` from 6.3.6.
        v: usize,
    },
    /// Input is too long for the suffix array.
    #[error("input of {0} symbols is too long")]
    TooLong(usize),
}

pub(crate) fn need(symbols: &[u8], needed: usize) -> Result<(), Inapplicable> {
    if symbols.len() < needed {
        Err(Inapplicable::TooFewSymbols { needed, got: symbols.len() })
    } else {
        Ok(())
    }
}
