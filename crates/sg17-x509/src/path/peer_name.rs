//! Matching an end-entity certificate to the name the client expected (RFC 9525, which
//! obsoletes RFC 6125; e-mail per RFC 8550 3).
//!
//! Choices (documented because the RFCs leave them open or only say SHOULD):
//! - Only subjectAltName entries of the reference's type are consulted (DNS reference ->
//!   dNSName, IP -> iPAddress octets, e-mail -> rfc822Name). An IP reference never matches a
//!   dNSName, wildcard or not (RFC 9525 6.4 compares IP-IDs only).
//! - The subject commonName is a fallback for DNS references only when
//!   [`PeerNameOptions::allow_cn_fallback`] is set *and* the certificate has no
//!   subjectAltName extension at all (RFC 9525 dropped CN-IDs; RFC 6125 6.4.4 allowed them as
//!   a last resort). The subject emailAddress is likewise a fallback for e-mail references
//!   only with [`PeerNameOptions::allow_email_address_fallback`] (RFC 8550 3).
//! - Wildcards (RFC 9525 6.3): `*` must be the whole left-most label, matches exactly one
//!   label, and we additionally require at least two labels after it (`*.com` never
//!   matches; `*.example.com` does). Without a public-suffix list `*.co.uk` still matches.
//! - ASCII case-insensitive; one trailing dot on the reference is ignored; presented names
//!   must not end in a dot (RFC 5280 4.2.1.6 preferred name syntax).

use crate::{Certificate, GeneralName, ParsedExtension, oids};
use core::fmt;
use std::net::IpAddr;

/// Longest DNS name in text form without the trailing dot (RFC 1035 2.3.4: 255 octets on
/// the wire).
const MAX_DNS_LEN: usize = 253;

/// Whether `label` is a DNS label we accept: 1..=63 octets of letters, digits, `-` or `_`
/// (underscore appears in service names, e.g. `_acme-challenge`).
fn valid_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `s` is a syntactically valid DNS host name in preferred name syntax
/// (RFC 5280 4.2.1.6 / RFC 1034 3.5, relaxed to allow `_`): non-empty labels, no trailing
/// dot, at most 253 octets. With `wildcard`, a left-most label of exactly `*` is allowed.
pub(crate) fn valid_dns_name(s: &str, wildcard: bool) -> bool {
    if s.is_empty() || s.len() > MAX_DNS_LEN {
        return false;
    }
    let rest = match s.strip_prefix("*.") {
        Some(r) if wildcard => r,
        _ => s,
    };
    rest.split('.').all(valid_label)
}

/// Whether `s` is a mailbox `local@domain` (RFC 5280 4.2.1.6 -> RFC 5321 4.1.2): the domain
/// is split off at the last `@`; a local part holding `@` must be a quoted string.
/// Returns `(local, domain)`.
pub(crate) fn split_mailbox(s: &str) -> Option<(&str, &str)> {
    let (local, domain) = s.rsplit_once('@')?;
    if local.is_empty() || !valid_dns_name(domain, false) {
        return None;
    }
    let quoted = local.len() >= 2 && local.starts_with('"') && local.ends_with('"');
    // Printable ASCII only; '@' only inside a quoted local part.
    if !local.bytes().all(|b| (0x21..0x7f).contains(&b) || (quoted && b == b' '))
        || (!quoted && local.contains('@'))
    {
        return None;
    }
    Some((local, domain))
}

/// A reference identifier: the name the client expects the peer to have (RFC 9525 6.1).
///
/// ```
/// use sg17_x509::path::peer_name::PeerName;
/// assert!(matches!(PeerName::parse("www.example.com")?, PeerName::Dns("www.example.com")));
/// assert!(matches!(PeerName::parse("192.0.2.1")?, PeerName::Ip(_)));
/// assert!(matches!(PeerName::parse("alice@example.com")?, PeerName::Email(_)));
/// assert!(PeerName::dns("bad..example.com").is_err());
/// # Ok::<(), sg17_x509::path::peer_name::PeerNameError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeerName<'n> {
    /// A DNS domain name (DNS-ID reference), ASCII (A-labels for IDNs).
    Dns(&'n str),
    /// An IP address (IP-ID reference).
    Ip(IpAddr),
    /// An e-mail address `local@domain` (RFC 8550 3).
    Email(&'n str),
}

impl<'n> PeerName<'n> {
    /// A DNS reference; rejects empty labels, non-ASCII, over-long names, wildcards and names
    /// that look like IP literals (all-numeric last label, RFC 3696 2).
    pub fn dns(s: &'n str) -> Result<Self, PeerNameError> {
        check_dns_reference(s)?;
        Ok(PeerName::Dns(s))
    }
    /// An IP reference.
    #[must_use]
    pub fn ip(a: IpAddr) -> Self {
        PeerName::Ip(a)
    }
    /// An e-mail reference (`local@domain`).
    pub fn email(s: &'n str) -> Result<Self, PeerNameError> {
        if split_mailbox(s).is_none() {
            return Err(PeerNameError::new(PeerNameErrorKind::InvalidReference, "RFC 8550 3", s));
        }
        Ok(PeerName::Email(s))
    }
    /// Picks the type from the text: an IP literal, else an e-mail address if it holds `@`,
    /// else a DNS name.
    pub fn parse(s: &'n str) -> Result<Self, PeerNameError> {
        if let Ok(ip) = s.parse::<IpAddr>() {
            Ok(PeerName::Ip(ip))
        } else if s.contains('@') {
            Self::email(s)
        } else {
            Self::dns(s)
        }
    }
}

impl fmt::Display for PeerName<'_> {
    /// The GeneralName-style forms `DNS:...`, `IP:...`, `email:...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeerName::Dns(s) => write!(f, "DNS:{s}"),
            PeerName::Ip(a) => write!(f, "IP:{a}"),
            PeerName::Email(s) => write!(f, "email:{s}"),
        }
    }
}

/// Validates a DNS reference identifier and returns it without one trailing dot.
fn check_dns_reference(s: &str) -> Result<&str, PeerNameError> {
    let bad = || PeerNameError::new(PeerNameErrorKind::InvalidReference, "RFC 9525 6.1", s);
    let t = s.strip_suffix('.').unwrap_or(s);
    if !valid_dns_name(t, false) {
        return Err(bad());
    }
    // An IPv4 literal (or anything with a numeric top-level label) is not a DNS name.
    if t.rsplit('.').next().is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    Ok(t)
}

/// Options for [`verify_peer_name`]. The default is RFC 9525 (no CN-ID, no subject
/// emailAddress).
#[derive(Clone, Copy, Debug, Default)]
pub struct PeerNameOptions {
    /// Match a DNS reference against the subject commonName(s) when the certificate has no
    /// subjectAltName extension (RFC 6125 6.4.4 legacy; off by default, as RFC 9525 and
    /// webpki). Name-constraint checks must then also treat the CN as a dNSName
    /// (`NameConstraintOptions::subject_cn_as_dns`), or constraints can be bypassed.
    pub allow_cn_fallback: bool,
    /// Match an e-mail reference against the subject's emailAddress attribute(s) when the
    /// certificate has no subjectAltName extension (RFC 8550 3; off by default).
    pub allow_email_address_fallback: bool,
}

/// Why a peer-name check failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PeerNameErrorKind {
    /// The reference identifier itself is not a valid name of its type.
    InvalidReference,
    /// No presented identifier matched.
    Mismatch,
    /// The subjectAltName extension could not be decoded.
    MalformedSubjectAltName,
}

/// A failed peer-name check: the kind, the clause applied and the reference name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeerNameError {
    kind: PeerNameErrorKind,
    clause: &'static str,
    name: String,
}

impl PeerNameError {
    fn new(kind: PeerNameErrorKind, clause: &'static str, name: impl fmt::Display) -> Self {
        PeerNameError { kind, clause, name: name.to_string() }
    }
    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> PeerNameErrorKind {
        self.kind
    }
    /// The clause applied, e.g. `"RFC 9525 6.3"`.
    #[must_use]
    pub fn clause(&self) -> &'static str {
        self.clause
    }
    /// The reference name (or the SAN problem) as text.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for PeerNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            PeerNameErrorKind::InvalidReference => "invalid reference identifier",
            PeerNameErrorKind::Mismatch => "certificate does not match",
            PeerNameErrorKind::MalformedSubjectAltName => "malformed subjectAltName",
        };
        write!(f, "{}: {what}: {}", self.clause, self.name)
    }
}

impl std::error::Error for PeerNameError {}

/// RFC 9525 6.3: whether the presented DNS-ID `presented` (from a certificate) matches the
/// reference DNS name `reference`. ASCII case-insensitive; one trailing dot on `reference`
/// is ignored. A wildcard `*` is honoured only as the entire left-most label followed by at
/// least two labels, and stands for exactly one non-empty label. Invalid names (either side)
/// never match.
///
/// ```
/// use sg17_x509::path::peer_name::dns_name_matches;
/// assert!(dns_name_matches("*.example.com", "www.example.com"));
/// assert!(!dns_name_matches("*.example.com", "a.b.example.com"));
/// assert!(!dns_name_matches("*.example.com", "example.com"));
/// assert!(dns_name_matches("WWW.Example.COM", "www.example.com."));
/// ```
#[must_use]
pub fn dns_name_matches(presented: &str, reference: &str) -> bool {
    let Ok(reference) = check_dns_reference(reference) else { return false };
    if !valid_dns_name(presented, true) {
        return false;
    }
    match presented.strip_prefix("*.") {
        Some(rest) => {
            // At least two labels after the wildcard.
            if !rest.contains('.') {
                return false;
            }
            match reference.split_once('.') {
                Some((_first, ref_rest)) => ref_rest.eq_ignore_ascii_case(rest),
                None => false,
            }
        }
        None => presented.eq_ignore_ascii_case(reference),
    }
}

/// Whether presented mailbox `presented` matches reference `reference`: local parts equal
/// octet for octet, domains ASCII case-insensitive (RFC 5321 2.4: local parts may be
/// case-sensitive; domains are not).
fn email_matches(presented: &str, reference: &str) -> bool {
    match (split_mailbox(presented), split_mailbox(reference)) {
        (Some((pl, pd)), Some((rl, rd))) => pl == rl && pd.eq_ignore_ascii_case(rd),
        _ => false,
    }
}

/// Checks that `cert` (the end-entity) carries the identity `name` (RFC 9525 6).
///
/// ```
/// use sg17_x509::Certificate;
/// use sg17_x509::path::peer_name::{PeerName, PeerNameOptions, verify_peer_name};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/path/nc/leaf_ok.der"))?;
/// let cert = Certificate::from_der(&der)?;
/// let opts = PeerNameOptions::default();
/// assert!(verify_peer_name(&cert, &PeerName::dns("foo.example.com")?, &opts).is_ok());
/// assert!(verify_peer_name(&cert, &PeerName::dns("example.org")?, &opts).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify_peer_name(
    cert: &Certificate<'_>,
    name: &PeerName<'_>,
    opts: &PeerNameOptions,
) -> Result<(), PeerNameError> {
    // Re-validate: the enum's variants are public and may hold anything.
    let (reference, clause) = match *name {
        PeerName::Dns(s) => (Some(check_dns_reference(s)?), "RFC 9525 6.3"),
        PeerName::Email(s) => {
            PeerName::email(s)?;
            (None, "RFC 8550 3")
        }
        PeerName::Ip(_) => (None, "RFC 9525 6.4"),
    };
    let sans = match cert.extensions().parsed(oids::EXT_SUBJECT_ALT_NAME) {
        None => None,
        Some(Ok(ParsedExtension::SubjectAltName(v))) => Some(v),
        Some(Ok(_)) | Some(Err(_)) => {
            return Err(PeerNameError::new(
                PeerNameErrorKind::MalformedSubjectAltName,
                "RFC 5280 4.2.1.6",
                name,
            ));
        }
    };
    let found = match &sans {
        Some(sans) => sans.iter().any(|g| match (g, name) {
            (GeneralName::DnsName(p), PeerName::Dns(_)) => dns_name_matches(p, reference.unwrap_or("")),
            (GeneralName::IpAddress(o), PeerName::Ip(IpAddr::V4(a))) => *o == a.octets(),
            (GeneralName::IpAddress(o), PeerName::Ip(IpAddr::V6(a))) => *o == a.octets(),
            (GeneralName::Rfc822Name(p), PeerName::Email(r)) => email_matches(p, r),
            _ => false,
        }),
        None => match name {
            PeerName::Dns(_) if opts.allow_cn_fallback => cert
                .subject()
                .values_of(oids::CN)
                .filter_map(|v| v.as_str())
                .any(|cn| dns_name_matches(&cn, reference.unwrap_or(""))),
            PeerName::Email(r) if opts.allow_email_address_fallback => cert
                .subject()
                .values_of(oids::EMAIL_ADDRESS)
                .filter_map(|v| v.as_str())
                .any(|e| email_matches(&e, r)),
            _ => false,
        },
    };
    if found { Ok(()) } else { Err(PeerNameError::new(PeerNameErrorKind::Mismatch, clause, name)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str) -> Vec<u8> {
        let p = format!("{}/tests/data/path/nc/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
    }

    // RFC 9525 6.3 (paraphrased): a wildcard stands for exactly one label, in the left-most
    // position only; "*.example.com" matches "foo.example.com" but not "bar.foo.example.com"
    // or "example.com".
    #[test]
    fn rfc9525_6_3_wildcard_matches_one_label() {
        assert!(dns_name_matches("*.example.com", "foo.example.com"));
        assert!(!dns_name_matches("*.example.com", "bar.foo.example.com"));
        assert!(!dns_name_matches("*.example.com", "example.com"));
    }

    // RFC 9525 6.3: the wildcard must be the complete left-most label; "baz*.example.net",
    // "*baz.example.net", "b*z.example.net" and "bar.*.example.net" are invalid and never match.
    #[test]
    fn rfc9525_6_3_partial_or_inner_wildcard_rejected() {
        assert!(!dns_name_matches("baz*.example.net", "baz1.example.net"));
        assert!(!dns_name_matches("*baz.example.net", "abaz.example.net"));
        assert!(!dns_name_matches("b*z.example.net", "buzz.example.net"));
        assert!(!dns_name_matches("bar.*.example.net", "bar.foo.example.net"));
        assert!(!dns_name_matches("*.*.example.net", "a.b.example.net"));
    }

    // Our documented choice (as webpki): at least two labels after the wildcard, so "*.com"
    // can never match a whole top-level domain.
    #[test]
    fn rfc9525_6_3_wildcard_needs_two_labels_after() {
        assert!(!dns_name_matches("*.com", "example.com"));
        assert!(!dns_name_matches("*", "example"));
        assert!(dns_name_matches("*.co.uk", "example.co.uk"));
    }

    // RFC 9525 6.3 / RFC 4343: DNS names compare case-insensitively (ASCII); one trailing dot
    // on the reference (absolute form) is ignored; a presented name must not have one
    // (RFC 5280 4.2.1.6 preferred name syntax).
    #[test]
    fn rfc9525_6_3_case_and_trailing_dot() {
        assert!(dns_name_matches("WWW.EXAMPLE.com", "www.example.COM"));
        assert!(dns_name_matches("www.example.com", "www.example.com."));
        assert!(dns_name_matches("*.EXAMPLE.com", "Foo.example.com."));
        assert!(!dns_name_matches("www.example.com.", "www.example.com"));
        assert!(!dns_name_matches("www.example.com", "www.example.com.."));
        assert!(!dns_name_matches("www.example.com", "www.example.org"));
    }

    // RFC 9525 6.1: the reference identifier is a DNS domain name; empty labels, wildcards,
    // non-ASCII (U-labels must be converted to A-labels first) and IP literals are not.
    #[test]
    fn rfc9525_6_1_invalid_dns_reference_is_an_error() {
        for bad in
            ["", ".", "a..b", ".example.com", "*.example.com", "exa mple.com", "bücher.de", "192.0.2.1"]
        {
            let e = PeerName::dns(bad).unwrap_err();
            assert_eq!(e.kind(), PeerNameErrorKind::InvalidReference, "{bad}");
            assert_eq!(e.clause(), "RFC 9525 6.1");
        }
        let long = format!("{}.com", "a".repeat(250));
        assert!(PeerName::dns(&long).is_err());
        assert!(PeerName::dns(&format!("{}.com", "a".repeat(64))).is_err());
        assert!(PeerName::dns("xn--bcher-kva.de").is_ok());
        assert!(PeerName::dns("example.com.").is_ok());
        // An invalid reference never matches, even identical text.
        assert!(!dns_name_matches("192.0.2.1", "192.0.2.1"));
    }

    #[test]
    fn peer_name_parse_and_display() {
        assert_eq!(PeerName::parse("::1").unwrap().to_string(), "IP:::1");
        assert_eq!(PeerName::parse("a@example.com").unwrap().to_string(), "email:a@example.com");
        assert_eq!(PeerName::parse("Example.com").unwrap().to_string(), "DNS:Example.com");
        assert!(PeerName::parse("a@b@example.com").is_err());
        assert!(PeerName::parse("\"a@b\"@example.com").is_ok());
    }

    // leaf_ok.der (generated by pyca/cryptography, tests/data/path/nc/make.py) has SAN
    // DNS:foo.example.com, DNS:*.example.com, IP:192.0.2.1, IP:2001:db8::1,
    // email:alice@example.com; RFC 9525 6 / 6.3 / 6.4.
    #[test]
    fn rfc9525_6_san_dns_ip_email() {
        let der = load("leaf_ok.der");
        let cert = Certificate::from_der(&der).unwrap();
        let o = PeerNameOptions::default();
        let ok = |s: &str| verify_peer_name(&cert, &PeerName::parse(s).unwrap(), &o).is_ok();
        assert!(ok("foo.example.com"));
        assert!(ok("FOO.example.com."));
        assert!(ok("bar.example.com")); // via *.example.com
        assert!(!ok("a.bar.example.com"));
        assert!(!ok("example.com"));
        assert!(ok("192.0.2.1"));
        assert!(ok("2001:db8::1"));
        assert!(!ok("192.0.2.2"));
        // IPv4-mapped IPv6 is a different IP-ID (octets compared as they are).
        assert!(!ok("::ffff:192.0.2.1"));
        assert!(ok("alice@example.com"));
        assert!(ok("alice@EXAMPLE.com")); // domain case-insensitive
        assert!(!ok("Alice@example.com")); // local part exact (RFC 5321 2.4)
        let e = verify_peer_name(&cert, &PeerName::parse("example.org").unwrap(), &o).unwrap_err();
        assert_eq!(e.kind(), PeerNameErrorKind::Mismatch);
        assert_eq!(e.to_string(), "RFC 9525 6.3: certificate does not match: DNS:example.org");
    }

    // RFC 9525 6.4: an IP reference is compared with iPAddress entries only, never with a
    // dNSName holding the same text. leaf_ip_as_dns.der has SAN DNS:192.0.2.7 (and CN
    // 192.0.2.7); `openssl verify -verify_ip 192.0.2.7` also reports "IP address mismatch".
    #[test]
    fn rfc9525_6_4_ip_never_matches_dns_san() {
        let der = load("leaf_ip_as_dns.der");
        let cert = Certificate::from_der(&der).unwrap();
        let o = PeerNameOptions { allow_cn_fallback: true, allow_email_address_fallback: true };
        let e = verify_peer_name(&cert, &PeerName::Ip("192.0.2.7".parse().unwrap()), &o).unwrap_err();
        assert_eq!(e.kind(), PeerNameErrorKind::Mismatch);
        assert_eq!(e.clause(), "RFC 9525 6.4");
        // The public variant holding an IP literal as DNS text is re-validated.
        let e = verify_peer_name(&cert, &PeerName::Dns("192.0.2.7"), &o).unwrap_err();
        assert_eq!(e.kind(), PeerNameErrorKind::InvalidReference);
    }

    // RFC 9525 (no CN-ID) vs RFC 6125 6.4.4 (CN as last resort when no SAN): leaf_cn_only.der
    // has no SAN and CN=www.example.org.
    #[test]
    fn rfc6125_6_4_4_cn_fallback_only_when_enabled() {
        let der = load("leaf_cn_only.der");
        let cert = Certificate::from_der(&der).unwrap();
        let n = PeerName::dns("www.example.org").unwrap();
        assert!(verify_peer_name(&cert, &n, &PeerNameOptions::default()).is_err());
        let o = PeerNameOptions { allow_cn_fallback: true, ..Default::default() };
        assert!(verify_peer_name(&cert, &n, &o).is_ok());
        assert!(verify_peer_name(&cert, &PeerName::dns("example.org").unwrap(), &o).is_err());
    }

    // RFC 6125 6.4.4: no CN fallback when a SAN is present (leaf_ok has SAN and CN).
    #[test]
    fn rfc6125_6_4_4_no_cn_fallback_with_san() {
        let der = load("leaf_excluded.der"); // CN=x, SAN foo.example.com, www.bad.sub.example.com
        let cert = Certificate::from_der(&der).unwrap();
        let o = PeerNameOptions { allow_cn_fallback: true, allow_email_address_fallback: true };
        assert!(verify_peer_name(&cert, &PeerName::Dns("x"), &o).is_err());
        assert!(verify_peer_name(&cert, &PeerName::Dns("www.bad.sub.example.com"), &o).is_ok());
    }

    // RFC 8550 3: receiving agents recognise the PKCS #9 emailAddress in the subject DN;
    // here only with the option and only without SAN. leaf_email_dn_outside has a SAN, so
    // its emailAddress is not used even with the option.
    #[test]
    fn rfc8550_3_email_address_fallback() {
        let der = load("leaf_email_dn_outside.der");
        let cert = Certificate::from_der(&der).unwrap();
        let n = PeerName::email("mallory@example.net").unwrap();
        let o = PeerNameOptions { allow_email_address_fallback: true, ..Default::default() };
        assert!(verify_peer_name(&cert, &n, &o).is_err());
        // leaf_email_only has no SAN and emailAddress=bob@example.com.
        let der = load("leaf_email_only.der");
        let cert = Certificate::from_der(&der).unwrap();
        let n = PeerName::email("bob@example.com").unwrap();
        assert!(verify_peer_name(&cert, &n, &PeerNameOptions::default()).is_err());
        assert!(verify_peer_name(&cert, &n, &o).is_ok());
        assert!(verify_peer_name(&cert, &PeerName::email("Bob@example.com").unwrap(), &o).is_err());
    }
}
