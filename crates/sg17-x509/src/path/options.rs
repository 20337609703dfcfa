//! What a caller asks of a path: time, purpose, peer name, profile, limits.

use crate::oids::KnownOid;
use std::net::IpAddr;

/// How much beyond the RFC 5280 clause 6 algorithm a validation enforces.
///
/// Clause 6 checks a path; clause 4 says what conforming CAs MUST put in certificates.
/// Validators differ in how much of clause 4 they hold issuers to, which is why x509-limbo has
/// cases that conflict across profiles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Profile {
    /// The RFC 5280 6.1 algorithm only (with the clause 4 rules it needs to run).
    Rfc5280,
    /// `Rfc5280` plus the clause 4 MUSTs on issuers: positive serials of at most 20 octets,
    /// non-empty issuer and CA subject, AKI/SKI presence, criticality of basicConstraints,
    /// nameConstraints, policyConstraints, AKI, SKI and AIA, keyCertSign only with cA, named
    /// curves only (RFC 5480 2.1.1). The default, and what pyca `cryptography` enforces.
    #[default]
    Strict,
    /// `Strict` plus the Web PKI (CA/Browser Forum Baseline Requirements) rules that rustls-webpki
    /// and browsers apply: leaf EKU required without anyExtendedKeyUsage, no EKU in roots, leaf
    /// not a CA, intermediates' EKU (when present) allowing the purpose, v3 only, RSA keys of at least 2048 bits in whole octets, P-256/P-384/P-521 or
    /// Ed25519 keys only, non-critical nameConstraints tolerated, SAN not critical with a subject.
    WebPki,
}

/// The name the leaf must be valid for (RFC 6125 / RFC 9525 reference identifier).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectedName {
    /// A DNS host name (matched against dNSName SAN entries).
    Dns(String),
    /// An IP address (matched against iPAddress SAN entries).
    Ip(IpAddr),
    /// An e-mail address (matched against rfc822Name SAN entries).
    Email(String),
}

/// Revocation checking with the supplied CRLs (RFC 5280 6.3) and OCSP responses (RFC 6960).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Revocation {
    /// No revocation checking.
    Off,
    /// Use the supplied CRLs: a certificate they revoke fails, and a CRL that is in scope but
    /// unusable (bad signature, issuer without cRLSign, critical unknown extension, no cRLNumber)
    /// fails; a certificate no CRL covers passes. An acceptable OCSP response that says
    /// `revoked` fails; unusable OCSP responses are skipped. The default.
    #[default]
    SoftFail,
    /// Every certificate below the anchor needs a current, in-scope CRL covering all reasons,
    /// or an acceptable OCSP response saying `good`.
    HardFail,
}

/// Options for [`Verifier::verify`](super::Verifier::verify), built with chained setters.
///
/// ```
/// use sg17_x509::path::{Options, Profile};
/// use sg17_x509::oids;
/// let opts = Options::at(1_700_000_000)
///     .purpose(oids::KP_SERVER_AUTH)
///     .dns_name("example.com")
///     .profile(Profile::WebPki)
///     .max_intermediates(4);
/// assert_eq!(opts.time(), 1_700_000_000);
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct Options {
    pub(crate) time: i64,
    pub(crate) purpose: Option<Vec<u8>>,
    pub(crate) key_usage: u16,
    pub(crate) name: Option<ExpectedName>,
    pub(crate) profile: Profile,
    pub(crate) max_intermediates: usize,
    pub(crate) max_signature_checks: usize,
    pub(crate) max_name_comparisons: usize,
    pub(crate) max_policy_nodes: usize,
    pub(crate) signature_algorithms: Option<Vec<Vec<u8>>>,
    pub(crate) min_rsa_bits: usize,
    pub(crate) revocation: Revocation,
    pub(crate) initial_policies: Vec<Vec<u8>>,
    pub(crate) require_explicit_policy: bool,
    pub(crate) inhibit_policy_mapping: bool,
    pub(crate) inhibit_any_policy: bool,
    pub(crate) subject_cn_as_dns: bool,
    pub(crate) check_anchor_validity: bool,
}

impl Options {
    /// Options for validation at `unix_time` (seconds since 1970, UTC), with the defaults:
    /// [`Profile::Strict`], no purpose or name, at most 8 intermediates, 100 signature checks,
    /// RSA keys of at least 1024 bits, soft-fail revocation with whatever CRLs are supplied,
    /// any policy acceptable, anchors' own validity checked.
    pub fn at(unix_time: i64) -> Self {
        Options {
            time: unix_time,
            purpose: None,
            key_usage: 0,
            name: None,
            profile: Profile::default(),
            max_intermediates: 8,
            max_signature_checks: 100,
            max_name_comparisons: 1 << 20,
            max_policy_nodes: 10_000,
            signature_algorithms: None,
            min_rsa_bits: 1024,
            revocation: Revocation::default(),
            initial_policies: Vec::new(),
            require_explicit_policy: false,
            inhibit_policy_mapping: false,
            inhibit_any_policy: false,
            subject_cn_as_dns: false,
            check_anchor_validity: true,
        }
    }
    /// The validation time.
    #[must_use]
    pub const fn time(&self) -> i64 {
        self.time
    }
    /// Requires the leaf's extendedKeyUsage, when present, to allow `purpose` (RFC 5280 4.2.1.12).
    pub fn purpose(mut self, purpose: KnownOid) -> Self {
        self.purpose = Some(purpose.as_bytes().to_vec());
        self
    }
    /// Like [`Options::purpose`] with the OID's DER contents octets.
    pub fn purpose_oid(mut self, contents: &[u8]) -> Self {
        self.purpose = Some(contents.to_vec());
        self
    }
    /// Requires the leaf's keyUsage, when present, to assert these bits (`KeyUsage::*` masks).
    pub fn key_usage(mut self, bits: u16) -> Self {
        self.key_usage = bits;
        self
    }
    /// Requires the leaf to be valid for this DNS name.
    pub fn dns_name(mut self, name: &str) -> Self {
        self.name = Some(ExpectedName::Dns(name.to_owned()));
        self
    }
    /// Requires the leaf to be valid for `name`.
    pub fn expected_name(mut self, name: ExpectedName) -> Self {
        self.name = Some(name);
        self
    }
    /// Selects the [`Profile`].
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }
    /// At most `n` intermediates between leaf and anchor (default 8; self-issued ones count).
    pub fn max_intermediates(mut self, n: usize) -> Self {
        self.max_intermediates = n.min(64);
        self
    }
    /// Bound on signature verifications while building (default 100).
    pub fn max_signature_checks(mut self, n: usize) -> Self {
        self.max_signature_checks = n;
        self
    }
    /// Bound on name-constraint comparisons per path (default 2^20).
    pub fn max_name_comparisons(mut self, n: usize) -> Self {
        self.max_name_comparisons = n;
        self
    }
    /// Bound on nodes in the policy graph (default 10,000).
    pub fn max_policy_nodes(mut self, n: usize) -> Self {
        self.max_policy_nodes = n;
        self
    }
    /// Allows only these signature algorithms (OID contents octets); default: all the backend
    /// supports.
    pub fn signature_algorithms(mut self, algs: &[KnownOid]) -> Self {
        self.signature_algorithms = Some(algs.iter().map(|a| a.as_bytes().to_vec()).collect());
        self
    }
    /// Smallest RSA modulus accepted in any certificate of the path (default 1024; the
    /// [`Profile::WebPki`] profile raises it to 2048).
    pub fn min_rsa_bits(mut self, bits: usize) -> Self {
        self.min_rsa_bits = bits;
        self
    }
    /// Revocation mode (default [`Revocation::SoftFail`]).
    pub fn revocation(mut self, mode: Revocation) -> Self {
        self.revocation = mode;
        self
    }
    /// user-initial-policy-set (RFC 5280 6.1.1(c)); empty means anyPolicy.
    pub fn initial_policies(mut self, policies: &[KnownOid]) -> Self {
        self.initial_policies = policies.iter().map(|p| p.as_bytes().to_vec()).collect();
        self
    }
    /// user-initial-policy-set as OID contents octets.
    pub fn initial_policy_oids(mut self, policies: Vec<Vec<u8>>) -> Self {
        self.initial_policies = policies;
        self
    }
    /// initial-explicit-policy (RFC 5280 6.1.1(f)).
    pub fn require_explicit_policy(mut self, on: bool) -> Self {
        self.require_explicit_policy = on;
        self
    }
    /// initial-policy-mapping-inhibit (RFC 5280 6.1.1(g)).
    pub fn inhibit_policy_mapping(mut self, on: bool) -> Self {
        self.inhibit_policy_mapping = on;
        self
    }
    /// initial-any-policy-inhibit (RFC 5280 6.1.1(h)).
    pub fn inhibit_any_policy(mut self, on: bool) -> Self {
        self.inhibit_any_policy = on;
        self
    }
    /// Checks a DNS-like subject CN against DNS name constraints when the leaf has no dNSName
    /// (OpenSSL does; rustls-webpki does not). Default off.
    pub fn subject_cn_as_dns(mut self, on: bool) -> Self {
        self.subject_cn_as_dns = on;
        self
    }
    /// Whether the anchor's own validity period is checked (default on; RFC 5280 6.1.1(d)
    /// leaves it to the relying party).
    pub fn check_anchor_validity(mut self, on: bool) -> Self {
        self.check_anchor_validity = on;
        self
    }
    pub(crate) fn effective_min_rsa_bits(&self) -> usize {
        if self.profile == Profile::WebPki { self.min_rsa_bits.max(2048) } else { self.min_rsa_bits }
    }
}
