//! The three rule sets of X.690 and the limits that keep hostile input harmless.

use core::fmt;
use core::str::FromStr;

/// Which X.690 encoding rules a decoder enforces or a writer produces.
///
/// ```
/// use sg17_asn1::EncodingRules;
/// let r: EncodingRules = "der".parse().unwrap();
/// assert_eq!(r, EncodingRules::Der);
/// assert_eq!(r.to_string(), "DER");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum EncodingRules {
    /// Basic Encoding Rules (X.690 clause 8): every form the standard allows.
    #[default]
    Ber,
    /// Canonical Encoding Rules (X.690 clauses 9 and 11): indefinite lengths for constructed
    /// encodings, 1000-octet string fragments.
    Cer,
    /// Distinguished Encoding Rules (X.690 clauses 10 and 11): definite minimal lengths,
    /// primitive strings.
    Der,
}

impl EncodingRules {
    /// True for CER and DER, which share the restrictions of X.690 clause 11.
    #[must_use]
    pub const fn is_canonical(self) -> bool {
        !matches!(self, EncodingRules::Ber)
    }
}

impl fmt::Display for EncodingRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EncodingRules::Ber => "BER",
            EncodingRules::Cer => "CER",
            EncodingRules::Der => "DER",
        })
    }
}

/// Error returned when parsing an unknown rule-set name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRules(pub String);

impl fmt::Display for UnknownRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown encoding rules {:?} (expected ber, cer or der)", self.0)
    }
}

impl std::error::Error for UnknownRules {}

impl FromStr for EncodingRules {
    type Err = UnknownRules;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "ber" => Ok(EncodingRules::Ber),
            "cer" => Ok(EncodingRules::Cer),
            "der" => Ok(EncodingRules::Der),
            _ => Err(UnknownRules(s.to_owned())),
        }
    }
}

/// Bounds on what a decoder will accept, so that no input can exhaust stack, memory or time.
///
/// The defaults are safe for hostile input. `max_depth` is clamped to
/// [`Limits::DEPTH_CEILING`] because nesting is decoded recursively.
///
/// ```
/// use sg17_asn1::Limits;
/// let l = Limits::default().with_max_depth(16).with_max_length(1 << 20);
/// assert_eq!(l.max_depth, 16);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Deepest nesting of constructed encodings (default 64).
    pub max_depth: usize,
    /// Largest length any single element may claim (default 256 MiB).
    pub max_length: usize,
    /// Most bytes a value tree may allocate for reassembled strings (default 64 MiB).
    pub max_alloc: usize,
    /// Most elements a value tree may hold (default 4 Mi).
    pub max_nodes: usize,
}

impl Limits {
    /// Hard upper bound on `max_depth`. Value trees are decoded recursively at about 2.5 KiB of
    /// stack per level in debug builds (far less in release), so 512 levels fit the 2 MiB stack
    /// of a spawned thread with room to spare; `tests/hostile.rs` checks this on such a thread.
    pub const DEPTH_CEILING: usize = 512;

    /// Sets the maximum nesting depth (clamped to [`Limits::DEPTH_CEILING`]).
    #[must_use]
    pub const fn with_max_depth(mut self, depth: usize) -> Self {
        self.max_depth = if depth > Self::DEPTH_CEILING { Self::DEPTH_CEILING } else { depth };
        self
    }
    /// Sets the maximum element length.
    #[must_use]
    pub const fn with_max_length(mut self, len: usize) -> Self {
        self.max_length = len;
        self
    }
    /// Sets the maximum allocation of a value tree.
    #[must_use]
    pub const fn with_max_alloc(mut self, bytes: usize) -> Self {
        self.max_alloc = bytes;
        self
    }
    /// Sets the maximum number of elements of a value tree.
    #[must_use]
    pub const fn with_max_nodes(mut self, nodes: usize) -> Self {
        self.max_nodes = nodes;
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 64, max_length: 256 << 20, max_alloc: 64 << 20, max_nodes: 4 << 20 }
    }
}
