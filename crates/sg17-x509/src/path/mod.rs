//! Certification path building and validation (ITU-T X.509 (10/2019) clause 10, RFC 5280
//! clause 6), with peer-name checks (RFC 6125 / RFC 9525), name constraints (RFC 5280
//! 4.2.1.10), certificate policies as a policy graph (RFC 9618), CRL revocation checking
//! (RFC 5280 6.3) and supplied OCSP responses (RFC 6960, [`ocsp`]).

mod error;
pub mod name_constraints;
pub mod ocsp;
mod options;
pub mod peer_name;
pub mod policy;
mod profile;
pub mod revocation;
mod validate;

pub use error::{Check, PathError, Subject};
pub use options::{ExpectedName, Options, Profile, Revocation};
pub use validate::{ValidatedPath, Verifier};
