//! Conversions to and from the RustCrypto `x509-cert` 0.3 types (feature `x509-cert`), so
//! code built on `x509-cert`/`der` and code built on sg17 can hand certificates, CRLs,
//! requests, names and keys to each other.
//!
//! Both directions go through DER, which every value here already is:
//!
//! - **sg17 to `x509-cert`**: `TryFrom<&View>` decodes the view's own octets ([`Certificate::raw`]
//!   etc.) with `x509-cert`. Under x509-cert's default `Rfc5280` profile a certificate whose
//!   validity dates before 2050 are GeneralizedTime (against RFC 5280 4.1.2.5) is re-encoded
//!   with UTCTime, which changes its DER and breaks its signature; convert to
//!   `x509_cert::certificate::CertificateInner<x509_cert::certificate::Raw>` (x509-cert
//!   feature `hazmat`) to keep every certificate byte for byte. Certificates and CRLs convert
//!   to and from either profile.
//! - **`x509-cert` to sg17**: sg17's views borrow the DER they were parsed from and own nothing,
//!   so there can be no `From<&x509_cert::Certificate> for Certificate<'_>`: the bytes must
//!   live somewhere the view can borrow from. [`Certificate::der_from_x509_cert`] (and the same
//!   function on the other types) encodes the value, checks that sg17 parses the encoding, and
//!   hands back the owned DER; the caller keeps it and calls `from_der` on it for a view. This
//!   keeps ownership visible instead of hiding an allocation behind a self-referential wrapper.
//!
//! ```
//! use sg17_x509::Certificate;
//! let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"))?;
//! let ours = Certificate::from_der(&der)?;
//! let theirs = x509_cert::Certificate::try_from(&ours)?;
//! assert_eq!(theirs.tbs_certificate().subject().to_string(), "CN=Amazon Root CA 1,O=Amazon,C=US");
//!
//! let back = Certificate::der_from_x509_cert(&theirs)?;
//! assert_eq!(back, der);
//! assert_eq!(Certificate::from_der(&back)?.subject(), ours.subject());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::{Certificate, Crl, Csr, Name, SubjectPublicKeyInfo};
use core::fmt;
use x509_cert::certificate::{CertificateInner, Profile};
use x509_cert::crl::CertificateList;
use x509_cert::der::{Decode, Encode};

/// Why a value could not cross to or from `x509-cert`.
#[derive(Debug)]
#[non_exhaustive]
pub enum InteropError {
    /// `der`/`x509-cert` could not decode or encode the value.
    Der(x509_cert::der::Error),
    /// sg17 rejected `x509-cert`'s encoding.
    Parse(crate::Error),
}

impl fmt::Display for InteropError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InteropError::Der(e) => write!(f, "x509-cert: {e}"),
            InteropError::Parse(e) => write!(f, "sg17: {e}"),
        }
    }
}

impl std::error::Error for InteropError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InteropError::Der(e) => Some(e),
            InteropError::Parse(e) => Some(e),
        }
    }
}

impl From<x509_cert::der::Error> for InteropError {
    fn from(e: x509_cert::der::Error) -> Self {
        InteropError::Der(e)
    }
}

impl From<crate::Error> for InteropError {
    fn from(e: crate::Error) -> Self {
        InteropError::Parse(e)
    }
}

/// `TryFrom<&$view>` for `$theirs` via the view's `raw()` DER, and `$view::$back(&$theirs)`
/// returning checked owned DER; `$theirs` may be generic over an x509-cert `Profile`.
macro_rules! interop {
    ($view:ident, $theirs:ty, $back:ident, $what:literal $(, $p:ident)?) => {
        impl$(<$p: Profile>)? TryFrom<&$view<'_>> for $theirs {
            type Error = InteropError;
            #[doc = concat!("Decodes the ", $what, "'s DER with `x509-cert`.")]
            fn try_from(v: &$view<'_>) -> Result<Self, InteropError> {
                Ok(<$theirs>::from_der(v.raw())?)
            }
        }

        impl $view<'_> {
            #[doc = concat!(
                "The DER of an `x509-cert` ", $what, ", checked to parse as [`", stringify!($view),
                "`]; parse it with `", stringify!($view), "::from_der` to get a view that borrows it ",
                "(see the [`interop`](crate::interop) module for why this returns bytes)."
            )]
            pub fn $back$(<$p: Profile>)?(value: &$theirs) -> Result<Vec<u8>, InteropError> {
                let der = value.to_der()?;
                $view::from_der(&der)?;
                Ok(der)
            }
        }
    };
}

interop!(Certificate, CertificateInner<P>, der_from_x509_cert, "certificate", P);
interop!(Crl, CertificateList<P>, der_from_x509_cert, "CRL", P);
interop!(Csr, x509_cert::request::CertReq, der_from_x509_cert, "certification request");
interop!(Name, x509_cert::name::Name, der_from_x509_cert, "name");
interop!(
    SubjectPublicKeyInfo,
    x509_cert::spki::SubjectPublicKeyInfoOwned,
    der_from_spki,
    "subject public key info"
);
