//! The one error type of the crate: what went wrong, where (byte offset and field path) and
//! which clause of RFC 5280 / X.509 / X.690 the input broke.

use core::fmt;

/// What kind of rule an input broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An X.690 DER rule (tag, length, contents of a universal type).
    Der(sg17_asn1::ErrorKind),
    /// A field has a different tag than the ASN.1 module allows here.
    UnexpectedTag,
    /// A required field is missing (the enclosing SEQUENCE ended early).
    MissingField,
    /// Elements after the last field of a SEQUENCE.
    UnexpectedField,
    /// A field equal to its DEFAULT value was encoded (X.690 11.5).
    DefaultValueEncoded,
    /// Version other than v1, v2 or v3 (RFC 5280 4.1.2.1).
    InvalidVersion,
    /// Time not in the form RFC 5280 4.1.2.5 requires.
    InvalidTime,
    /// An attribute value of the wrong type or character set (RFC 5280 4.1.2.4, X.520).
    InvalidAttributeValue,
    /// An empty SET or SEQUENCE where SIZE (1..MAX) is required.
    EmptySequence,
    /// The same extension twice (RFC 5280 4.2).
    DuplicateExtension,
    /// An extension value that does not decode as its type.
    InvalidExtensionValue,
    /// A critical extension this crate does not recognise (RFC 5280 4.2).
    UnknownCriticalExtension,
    /// An algorithm's parameters are not what its specification allows.
    InvalidAlgorithmParameters,
    /// A configured limit (name length, extension count, SAN entries) was exceeded.
    LimitExceeded,
    /// PEM text not of the form of RFC 7468.
    InvalidPem,
    /// The input is neither DER nor PEM of an expected label.
    UnrecognisedInput,
    /// An ENUMERATED value the type does not define (e.g. OCSPResponseStatus 4, RFC 6960 4.2.1).
    UndefinedEnumValue,
    /// An OCSP responseType other than id-pkix-ocsp-basic (RFC 6960 4.2.1).
    UnsupportedResponseType,
}

impl ErrorKind {
    /// A short description of the broken rule.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            ErrorKind::Der(k) => k.description(),
            ErrorKind::UnexpectedTag => "unexpected tag",
            ErrorKind::MissingField => "missing required field",
            ErrorKind::UnexpectedField => "unexpected element after the last field",
            ErrorKind::DefaultValueEncoded => "DEFAULT value encoded",
            ErrorKind::InvalidVersion => "invalid version",
            ErrorKind::InvalidTime => "invalid time",
            ErrorKind::InvalidAttributeValue => "invalid attribute value",
            ErrorKind::EmptySequence => "empty SEQUENCE/SET where at least one element is required",
            ErrorKind::DuplicateExtension => "duplicate extension",
            ErrorKind::InvalidExtensionValue => "malformed extension value",
            ErrorKind::UnknownCriticalExtension => "unrecognised critical extension",
            ErrorKind::InvalidAlgorithmParameters => "invalid algorithm parameters",
            ErrorKind::LimitExceeded => "configured limit exceeded",
            ErrorKind::InvalidPem => "invalid PEM",
            ErrorKind::UnrecognisedInput => "unrecognised input",
            ErrorKind::UndefinedEnumValue => "undefined ENUMERATED value",
            ErrorKind::UnsupportedResponseType => "unsupported OCSP response type",
        }
    }
}

/// A parse error: kind, absolute byte offset, field path (e.g.
/// `tbsCertificate.extensions[3].extnValue`) and the clause broken (e.g. `RFC 5280 4.2`).
///
/// ```
/// use sg17_x509::Certificate;
/// // A SEQUENCE holding only an INTEGER is no Certificate.
/// let err = Certificate::from_der(&[0x30, 0x03, 0x02, 0x01, 0x01]).unwrap_err();
/// assert_eq!(err.path(), "tbsCertificate");
/// assert_eq!(err.clause(), "RFC 5280 4.1");
/// assert_eq!(err.offset(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    offset: usize,
    clause: &'static str,
    path: String,
}

impl Error {
    /// A new error at `offset` breaking `clause`.
    #[must_use]
    pub fn new(kind: ErrorKind, offset: usize, clause: &'static str) -> Self {
        Error { kind, offset, clause, path: String::new() }
    }
    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// Absolute byte offset in the input.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }
    /// The clause broken, e.g. `"RFC 5280 4.1.2.5"` or `"X.690 10.1"`.
    #[must_use]
    pub const fn clause(&self) -> &'static str {
        self.clause
    }
    /// Field path, e.g. `tbsCertificate.extensions[3].extnValue` (empty at the top level).
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }
    /// Prefixes a path segment; used while unwinding out of nested decoders.
    #[must_use]
    pub fn in_path(mut self, segment: &str) -> Self {
        if self.path.is_empty() {
            self.path = segment.to_owned();
        } else if self.path.starts_with('[') {
            self.path = format!("{segment}{}", self.path);
        } else {
            self.path = format!("{segment}.{}", self.path);
        }
        self
    }
    /// Shifts the offset by `base` (for errors found in a separately parsed sub-slice).
    #[must_use]
    pub const fn rebase(mut self, base: usize) -> Self {
        self.offset += base;
        self
    }
}

impl From<sg17_asn1::Error> for Error {
    fn from(e: sg17_asn1::Error) -> Self {
        Error::new(ErrorKind::Der(e.kind()), e.offset(), e.clause())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} at offset {}", self.clause, self.kind.description(), self.offset)?;
        if !self.path.is_empty() {
            write!(f, " ({})", self.path)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Result alias of the crate.
pub type Result<T> = core::result::Result<T, Error>;

/// Adds a path segment to the error of a result.
pub(crate) trait PathExt<T> {
    fn at(self, segment: &str) -> Result<T>;
    /// Adds `name[i]`, formatting only on error (this runs on every element parsed).
    fn at_index(self, name: &str, i: usize) -> Result<T>;
}

impl<T> PathExt<T> for Result<T> {
    #[inline]
    fn at(self, segment: &str) -> Result<T> {
        self.map_err(|e| e.in_path(segment))
    }
    #[inline]
    fn at_index(self, name: &str, i: usize) -> Result<T> {
        self.map_err(|e| e.in_path(&format!("{name}[{i}]")))
    }
}
