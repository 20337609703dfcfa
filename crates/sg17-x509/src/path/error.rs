//! Why a path did not validate: which certificate, which check, which clause.

use core::fmt;

/// The check that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Check {
    /// No certificate in the pool or among the anchors names the issuer (RFC 5280 6.1.3(a)(4)).
    IssuerNotFound,
    /// The signature does not verify with the issuer's key (RFC 5280 6.1.3(a)(1)).
    Signature,
    /// Signature or key algorithm not allowed by the options (RFC 5280 6.1.1(d) parameters).
    Algorithm,
    /// Outside its validity period at the validation time (RFC 5280 6.1.3(a)(2)).
    Validity,
    /// Revoked, or its revocation status could not be established (RFC 5280 6.3).
    Revocation,
    /// A name is outside the permitted or inside the excluded subtrees (RFC 5280 6.1.3(b)(c)).
    NameConstraints,
    /// Certificate policy processing failed (RFC 5280 6.1.3(d)-(f), 6.1.5; RFC 9618).
    Policy,
    /// basicConstraints missing or not a CA (RFC 5280 6.1.4(k)).
    BasicConstraints,
    /// Too many non-self-issued intermediates (RFC 5280 6.1.4(l)(m), or the options' depth).
    PathLength,
    /// keyUsage lacks a required bit (RFC 5280 6.1.4(n), 4.2.1.3).
    KeyUsage,
    /// extendedKeyUsage does not allow the requested purpose (RFC 5280 4.2.1.12).
    ExtendedKeyUsage,
    /// An unrecognised critical extension (RFC 5280 6.1.4(o), 6.1.5(f)).
    CriticalExtension,
    /// A malformed extension, or one that breaks a MUST of the RFC 5280 profile (clause 4).
    Profile,
    /// The leaf does not match the expected peer name (RFC 6125 / RFC 9525).
    PeerName,
    /// Path building gave up: the work or depth bound was reached.
    Budget,
}

impl Check {
    /// A short lower-case name for reports (`"signature"`, `"name-constraints"`, ...).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Check::IssuerNotFound => "issuer-not-found",
            Check::Signature => "signature",
            Check::Algorithm => "algorithm",
            Check::Validity => "validity",
            Check::Revocation => "revocation",
            Check::NameConstraints => "name-constraints",
            Check::Policy => "policy",
            Check::BasicConstraints => "basic-constraints",
            Check::PathLength => "path-length",
            Check::KeyUsage => "key-usage",
            Check::ExtendedKeyUsage => "extended-key-usage",
            Check::CriticalExtension => "critical-extension",
            Check::Profile => "profile",
            Check::PeerName => "peer-name",
            Check::Budget => "budget",
        }
    }
}

/// Which certificate a [`PathError`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// The end-entity certificate being validated.
    Leaf,
    /// An intermediate, counted from the leaf (1 = the leaf's issuer).
    Intermediate(usize),
    /// The trust anchor that ends the path.
    Anchor,
    /// The path as a whole (building, budget).
    Path,
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Leaf => f.write_str("leaf"),
            Subject::Intermediate(i) => write!(f, "intermediate {i}"),
            Subject::Anchor => f.write_str("trust anchor"),
            Subject::Path => f.write_str("path"),
        }
    }
}

/// A path validation failure.
///
/// ```
/// use sg17_x509::path::{Check, PathError, Subject};
/// let e = PathError::new(Subject::Leaf, Check::Validity, "RFC 5280 6.1.3(a)(2)", "expired");
/// assert_eq!(e.to_string(), "leaf: RFC 5280 6.1.3(a)(2): validity: expired");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// The certificate the failure is about.
    pub subject: Subject,
    /// The check that failed.
    pub check: Check,
    /// The clause broken (e.g. `"RFC 5280 6.1.4(k)"`).
    pub clause: &'static str,
    /// Details: the names, values or nested error involved.
    pub detail: String,
    /// The subject DN (RFC 4514) of the certificate, when known.
    pub certificate: Option<String>,
}

impl PathError {
    /// A new error.
    #[must_use]
    pub fn new(subject: Subject, check: Check, clause: &'static str, detail: impl Into<String>) -> Self {
        PathError { subject, check, clause, detail: detail.into(), certificate: None }
    }
    /// Names the certificate the error is about.
    #[must_use]
    pub fn with_certificate(mut self, dn: String) -> Self {
        self.certificate = Some(dn);
        self
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.subject)?;
        if let Some(dn) = &self.certificate {
            write!(f, " ({dn})")?;
        }
        write!(f, ": {}: {}: {}", self.clause, self.check.name(), self.detail)
    }
}

impl std::error::Error for PathError {}
