//! # sg17-asn1: ITU-T X.690 BER, CER and DER
//!
//! A zero-copy reader ([`Reader`], [`Tlv`], [`walk`]), typed decoders for every universal type
//! (one module per type under [`types`]), a schema-less [`Value`] tree with DER, CER and BER
//! writers, and an `asn1parse`-style [`dump`].
//!
//! Every rule of X.690 that the chosen [`EncodingRules`] impose is enforced, and every
//! rejection is an [`Error`] naming the clause, the byte offset and, for value trees, the path:
//!
//! ```
//! use sg17_asn1::{Value, EncodingRules};
//! // SET OF { INTEGER 2, INTEGER 1 }: fine in BER, out of order in DER (X.690 11.6).
//! let enc = [0x31, 0x06, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01];
//! assert!(Value::decode(&enc, EncodingRules::Ber).is_ok());
//! let err = Value::decode(&enc, EncodingRules::Der).unwrap_err();
//! assert_eq!(err.to_string(), "X.690 11.6: SET OF elements not sorted at offset 5");
//! ```
//!
//! Limits ([`Limits`]) bound depth, lengths, allocation and node count, so hostile input
//! returns an error rather than exhausting the machine.
#![forbid(unsafe_code)]

pub mod dump;
mod encode;
mod error;
pub mod header;
#[cfg(feature = "der")]
pub mod interop;
mod reader;
mod rules;
mod tag;
pub mod types;
mod value;
mod writer;

pub use encode::Encode;
pub use error::{Error, ErrorKind, Result};
pub use header::{Header, Length};
pub use reader::{Reader, Tlv, read_one, read_one_with_limits, walk};
pub use rules::{EncodingRules, Limits, UnknownRules};
pub use tag::{Class, Tag};
pub use types::bit_string::BitString;
pub use types::integer::{Enumerated, Integer};
pub use types::null::Null;
pub use types::oid::{ObjectIdentifier, Oid, RelativeOid};
pub use types::real::Real;
pub use types::strings::StringKind;
pub use types::time::DateTime;
pub use value::Value;
pub use writer::{EncodeOptions, encode, encode_with};

/// Decoding a Rust type from one element.
///
/// ```
/// use sg17_asn1::{Decode, EncodingRules, Reader};
/// let der = [0x30, 0x06, 0x02, 0x01, 0x05, 0x01, 0x01, 0xff];
/// let seq = Reader::new(&der, EncodingRules::Der).read_required()?;
/// let mut r = seq.reader()?;
/// let n: u8 = r.decode()?;
/// let b: bool = r.decode()?;
/// assert_eq!((n, b), (5, true));
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
pub trait Decode<'a>: Sized {
    /// Decodes `tlv`, checking its tag and contents under the rules it was read with.
    fn decode(tlv: &Tlv<'a>) -> Result<Self>;
}

/// Decodes exactly one encoding into a [`Value`] (shorthand for [`Value::decode`]).
pub fn decode(data: &[u8], rules: EncodingRules) -> Result<Value<'_>> {
    Value::decode(data, rules)
}

/// The README's examples, compiled and run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
