//! Path building (depth-first over candidate issuers, bounded) and the RFC 5280 6.1 basic path
//! validation of each candidate.

use super::error::{Check, PathError, Subject};
use super::name_constraints::{self as nc, NameConstraintOptions};
use super::ocsp::{self as ocsp_check, OcspContext, OcspStatus};
use super::options::{ExpectedName, Options, Revocation};
use super::peer_name::{PeerName, PeerNameOptions, verify_peer_name};
use super::policy::{PolicyOptions, PolicyProcessor};
use super::profile::{self, Role};
use super::revocation::{self, CrlContext, RevocationErrorKind, RevocationMode, RevocationStatus};
use crate::extensions::{KeyUsage, NameConstraints};
use crate::ocsp::OcspResponse;
use crate::verify::VerifyError;
use crate::{Certificate, Crl, ParsedExtension, oids};

/// Trust anchors, an unordered pool of intermediates, CRLs and OCSP responses to validate
/// leaves against.
///
/// ```
/// use sg17_x509::Certificate;
/// use sg17_x509::path::{Options, Verifier};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/");
/// let der = std::fs::read(format!("{dir}010-Amazon_Root_CA_1.der"))?;
/// let root = Certificate::from_der(&der)?;
/// let anchors = [root];
/// // A self-signed root validates against itself as a one-certificate path.
/// let path = Verifier::new(&anchors).verify(&root, &Options::at(1_700_000_000))?;
/// assert_eq!(path.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Verifier<'c, 'a> {
    anchors: &'c [Certificate<'a>],
    intermediates: &'c [Certificate<'a>],
    crls: &'c [Crl<'a>],
    ocsp: &'c [OcspResponse<'a>],
}

/// A validated path, leaf first and trust anchor last.
#[derive(Clone, Debug)]
pub struct ValidatedPath<'c, 'a> {
    certificates: Vec<&'c Certificate<'a>>,
    policies: Vec<Vec<u8>>,
}

impl<'c, 'a> ValidatedPath<'c, 'a> {
    /// Leaf, intermediates, anchor.
    #[must_use]
    pub fn certificates(&self) -> &[&'c Certificate<'a>] {
        &self.certificates
    }
    /// Number of certificates including leaf and anchor.
    #[must_use]
    pub fn len(&self) -> usize {
        self.certificates.len()
    }
    /// Never true: a path holds at least the leaf and an anchor.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty()
    }
    /// The user-constrained policy set (RFC 5280 6.1.6, RFC 9618 5.5) as OID contents
    /// octets; `[anyPolicy]` when no policy restriction applied.
    #[must_use]
    pub fn policies(&self) -> &[Vec<u8>] {
        &self.policies
    }
    /// The trust anchor.
    #[must_use]
    pub fn anchor(&self) -> &'c Certificate<'a> {
        self.certificates[self.certificates.len() - 1]
    }
}

/// Hard ceiling on certificates in a candidate path, whatever the options say.
const MAX_CHAIN: usize = 64;

/// Search state shared across candidate paths.
struct Search<'o> {
    opts: &'o Options,
    signatures: usize,
    best: Option<(u8, PathError)>,
}

impl Search<'_> {
    fn record(&mut self, rank: u8, e: PathError) {
        if self.best.as_ref().is_none_or(|(r, _)| rank > *r) {
            self.best = Some((rank, e));
        }
    }
}

fn subject_of(index: usize) -> Subject {
    if index == 0 { Subject::Leaf } else { Subject::Intermediate(index) }
}

fn err(subject: Subject, cert: &Certificate<'_>, f: profile::Failure) -> PathError {
    PathError::new(subject, f.0, f.1, f.2).with_certificate(cert.subject().to_string())
}

/// Whether `issuer`'s subject names `cert`'s issuer (RFC 5280 6.1.3(a)(4), compared per 7.1).
fn names_issuer(cert: &Certificate<'_>, issuer: &Certificate<'_>) -> bool {
    issuer.subject().matches(cert.issuer())
}

/// Whether two certificates are the same CA for loop detection: same subject and same key.
fn same_ca(a: &Certificate<'_>, b: &Certificate<'_>) -> bool {
    a.subject().raw() == b.subject().raw() && a.public_key().raw() == b.public_key().raw()
}

/// AKI keyIdentifier of `cert` vs SKI of `issuer`: Some(true) match, Some(false) mismatch,
/// None when either is absent. Used only to order candidates (RFC 4158 3.5.12).
fn key_id_match(cert: &Certificate<'_>, issuer: &Certificate<'_>) -> Option<bool> {
    let aki = match cert.extensions().parsed(oids::EXT_AUTHORITY_KEY_IDENTIFIER)? {
        Ok(ParsedExtension::AuthorityKeyIdentifier(a)) => a.key_identifier?,
        _ => return None,
    };
    match issuer.extensions().parsed(oids::EXT_SUBJECT_KEY_IDENTIFIER)? {
        Ok(ParsedExtension::SubjectKeyIdentifier(s)) => Some(s == aki),
        _ => None,
    }
}

impl<'c, 'a> Verifier<'c, 'a> {
    /// A verifier with these trust anchors and no intermediates or CRLs.
    #[must_use]
    pub fn new(anchors: &'c [Certificate<'a>]) -> Self {
        Verifier { anchors, intermediates: &[], crls: &[], ocsp: &[] }
    }
    /// Adds an unordered pool of untrusted intermediates.
    #[must_use]
    pub fn with_intermediates(mut self, intermediates: &'c [Certificate<'a>]) -> Self {
        self.intermediates = intermediates;
        self
    }
    /// Adds CRLs for revocation checking (RFC 5280 6.3).
    #[must_use]
    pub fn with_crls(mut self, crls: &'c [Crl<'a>]) -> Self {
        self.crls = crls;
        self
    }
    /// The CRLs supplied.
    #[must_use]
    pub fn crls(&self) -> &'c [Crl<'a>] {
        self.crls
    }
    /// Adds OCSP responses as revocation data (RFC 6960; see [`super::ocsp`] for when one is
    /// accepted). With [`Revocation::HardFail`], a `good` from an acceptable response
    /// establishes a certificate's status without a CRL; a revocation by a CRL or by an
    /// acceptable response fails the path in every mode except [`Revocation::Off`].
    ///
    /// ```
    /// use sg17_x509::{Certificate, ocsp::OcspResponse};
    /// use sg17_x509::path::{Options, Revocation, Verifier};
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/ocsp/");
    /// let read = |f: &str| std::fs::read(format!("{dir}{f}")).unwrap();
    /// let (root, ica, leaf) = (read("root.der"), read("ica.der"), read("leaf-good.der"));
    /// let (r1, r2) = (read("good-issuer-sha256-bykey.der"), read("ica-good.der"));
    /// let anchors = [Certificate::from_der(&root)?];
    /// let pool = [Certificate::from_der(&ica)?];
    /// let leaf = Certificate::from_der(&leaf)?;
    /// let responses = [OcspResponse::from_der(&r1)?, OcspResponse::from_der(&r2)?];
    /// let opts = Options::at(1_780_272_000).revocation(Revocation::HardFail);
    /// let v = Verifier::new(&anchors).with_intermediates(&pool);
    /// // No CRL and no OCSP: hard-fail cannot establish a status.
    /// assert!(v.verify(&leaf, &opts).is_err());
    /// // The issuing CA's response for the leaf and the root's for the issuing CA suffice.
    /// assert_eq!(v.with_ocsp_responses(&responses).verify(&leaf, &opts)?.len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_ocsp_responses(mut self, responses: &'c [OcspResponse<'a>]) -> Self {
        self.ocsp = responses;
        self
    }
    /// The OCSP responses supplied.
    #[must_use]
    pub fn ocsp_responses(&self) -> &'c [OcspResponse<'a>] {
        self.ocsp
    }

    /// Builds and validates a path from `leaf` to one of the anchors.
    ///
    /// Candidate issuers are those whose subject matches the issuer name, tried anchors first
    /// and then by AKI/SKI agreement; each link's signature is checked before going deeper, and
    /// a complete candidate goes through the full RFC 5280 6.1 algorithm. The first candidate
    /// that validates is returned; if none does, the error from the most complete attempt.
    /// Work is bounded by the options' signature-check and depth limits.
    ///
    /// # Errors
    /// A [`PathError`] naming the certificate, the check and the clause.
    pub fn verify(
        &self,
        leaf: &'c Certificate<'a>,
        opts: &Options,
    ) -> Result<ValidatedPath<'c, 'a>, PathError> {
        let mut search = Search { opts, signatures: 0, best: None };
        let mut chain = vec![leaf];
        if let Some(p) = self.extend(&mut chain, &mut search)? {
            return Ok(p);
        }
        Err(search.best.map(|(_, e)| e).unwrap_or_else(|| {
            PathError::new(
                Subject::Leaf,
                Check::IssuerNotFound,
                "RFC 5280 6.1",
                "no path to a trust anchor: no candidate issuer",
            )
            .with_certificate(leaf.subject().to_string())
        }))
    }

    fn candidates(&self, pool: &'c [Certificate<'a>], cert: &Certificate<'a>) -> Vec<&'c Certificate<'a>> {
        let mut c: Vec<_> = pool.iter().filter(|i| names_issuer(cert, i)).collect();
        // Matching key identifiers first, unknown next, mismatching last.
        c.sort_by_key(|i| match key_id_match(cert, i) {
            Some(true) => 0,
            None => 1,
            Some(false) => 2,
        });
        c
    }

    fn signature_ok(
        &self,
        chain: &[&'c Certificate<'a>],
        issuer: &Certificate<'a>,
        search: &mut Search<'_>,
    ) -> Result<bool, PathError> {
        let index = chain.len() - 1;
        let cert = chain[index];
        if search.signatures >= search.opts.max_signature_checks {
            return Err(PathError::new(
                Subject::Path,
                Check::Budget,
                "options: max_signature_checks",
                format!("gave up after {} signature checks", search.signatures),
            ));
        }
        search.signatures += 1;
        if let Some(allowed) = &search.opts.signature_algorithms
            && !allowed.iter().any(|a| a.as_slice() == cert.signature_algorithm().oid().as_bytes())
        {
            let e = PathError::new(
                subject_of(index),
                Check::Algorithm,
                "options: signature_algorithms",
                cert.signature_algorithm().name(),
            );
            search.record(1, e.with_certificate(cert.subject().to_string()));
            return Ok(false);
        }
        if dsa_without_parameters(issuer.public_key()) {
            // RFC 5280 6.1.4(f): the parameters come from further up; `validate` checks this
            // link once the path is complete.
            return Ok(true);
        }
        match cert.verify_signature(issuer.public_key()) {
            Ok(()) => Ok(true),
            Err(v) => {
                let clause = if v == VerifyError::AlgorithmMismatch {
                    "RFC 5280 4.1.1.2"
                } else {
                    "RFC 5280 6.1.3(a)(1)"
                };
                let e = PathError::new(subject_of(index), Check::Signature, clause, v.to_string());
                search.record(1, e.with_certificate(cert.subject().to_string()));
                Ok(false)
            }
        }
    }

    fn extend(
        &self,
        chain: &mut Vec<&'c Certificate<'a>>,
        search: &mut Search<'_>,
    ) -> Result<Option<ValidatedPath<'c, 'a>>, PathError> {
        let cert = chain[chain.len() - 1];
        for anchor in self.candidates(self.anchors, cert) {
            if chain.len() > 1 && chain[1..].iter().any(|c| same_ca(c, anchor)) {
                continue;
            }
            if !self.signature_ok(chain, anchor, search)? {
                continue;
            }
            match self.validate(chain, anchor, search.opts) {
                Ok(p) => return Ok(Some(p)),
                Err(e) => search.record(3, e),
            }
        }
        // Self-issued intermediates (key rollover) do not count against the depth bound, as in
        // 6.1.4(l); the hard ceiling bounds them too.
        let intermediates = chain[1..].iter().filter(|c| !c.is_self_issued()).count();
        for issuer in self.candidates(self.intermediates, cert) {
            if chain.iter().any(|c| same_ca(c, issuer) || c.raw() == issuer.raw()) {
                continue; // a loop (RFC 4158 5.2)
            }
            if intermediates >= search.opts.max_intermediates || chain.len() > MAX_CHAIN {
                search.record(
                    2,
                    PathError::new(
                        Subject::Path,
                        Check::PathLength,
                        "options: max_intermediates",
                        format!("more than {} intermediates", search.opts.max_intermediates),
                    ),
                );
                break;
            }
            if !self.signature_ok(chain, issuer, search)? {
                continue;
            }
            chain.push(issuer);
            let found = self.extend(chain, search)?;
            chain.pop();
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// RFC 5280 6.1 on `chain` (leaf first, intermediates after; signatures already checked)
    /// ending at `anchor`.
    fn validate(
        &self,
        chain: &[&'c Certificate<'a>],
        anchor: &'c Certificate<'a>,
        opts: &Options,
    ) -> Result<ValidatedPath<'c, 'a>, PathError> {
        let n = chain.len();
        let time = opts.time;
        let anchor_err = |f: profile::Failure| err(Subject::Anchor, anchor, f);

        // The anchor: RFC 5280 6.1.1(d) takes only its name and key; the profiles also hold it to
        // its own validity, extensions and CA-ness, as deployed validators do.
        if opts.check_anchor_validity && !anchor.validity().contains(time) {
            return Err(anchor_err((
                Check::Validity,
                "RFC 5280 6.1.1(d)",
                "trust anchor outside validity".into(),
            )));
        }
        profile::extension_problems(anchor).map_err(anchor_err)?;
        profile::key_policy(anchor, opts).map_err(anchor_err)?;
        profile::conformance(anchor, Role::Anchor, opts).map_err(anchor_err)?;

        // 6.1.2 initialisation.
        let nc_opts = NameConstraintOptions {
            subject_cn_as_dns: opts.subject_cn_as_dns,
            max_comparisons: opts.max_name_comparisons,
            ..NameConstraintOptions::default()
        };
        let mut nc_budget = opts.max_name_comparisons;
        let mut constraints: Vec<NameConstraints<'a>> = Vec::new();
        if let Some(c) = name_constraints_of(anchor, &nc_opts).map_err(anchor_err)? {
            constraints.push(c);
        }
        let mut max_path_length = n;
        let policy_opts = PolicyOptions {
            initial_policy_set: opts.initial_policies.clone(),
            initial_explicit_policy: opts.require_explicit_policy,
            initial_policy_mapping_inhibit: opts.inhibit_policy_mapping,
            initial_any_policy_inhibit: opts.inhibit_any_policy,
            max_nodes: opts.max_policy_nodes,
            ..PolicyOptions::default()
        };
        let mut policy = PolicyProcessor::new(&policy_opts, n);
        // 6.1.2(e)/6.1.4(f): DSA parameters inherited by keys that omit them.
        let mut working_parameters = dsa_parameters(anchor.public_key());

        // 6.1.3 / 6.1.4 for i = 1..=n, top of the path first.
        for i in 1..=n {
            let index = n - i; // position in `chain` (0 = leaf)
            let cert = chain[index];
            let subject = subject_of(index);
            let is_last = i == n;
            let e = |f: profile::Failure| err(subject, cert, f);

            // (a)(1) was checked while building, except under an issuer key whose DSA parameters
            // are inherited (6.1.4(f)), which only the complete path can supply.
            let issuer_key = if index + 1 < n { chain[index + 1].public_key() } else { anchor.public_key() };
            if dsa_without_parameters(issuer_key) {
                inherited_dsa_signature(cert, issuer_key, working_parameters).map_err(e)?;
            }
            if let Some(p) = dsa_parameters(cert.public_key()) {
                working_parameters = Some(p);
            } else if !dsa_without_parameters(cert.public_key()) {
                working_parameters = None;
            }
            // (a)(2):
            if !cert.validity().contains(time) {
                let v = cert.validity();
                return Err(e((
                    Check::Validity,
                    "RFC 5280 6.1.3(a)(2)",
                    format!("valid {} to {}", v.not_before.to_openssl(), v.not_after.to_openssl()),
                )));
            }
            profile::extension_problems(cert).map_err(e)?;
            profile::key_policy(cert, opts).map_err(e)?;
            profile::conformance(cert, if is_last { Role::Leaf } else { Role::Intermediate }, opts)
                .map_err(e)?;

            // (b)(c): names against every constraint collected above, unless self-issued and not final.
            if is_last || !cert.is_self_issued() {
                for c in &constraints {
                    nc::check(cert, c, &nc_opts, &mut nc_budget).map_err(|x| {
                        let check = if x.kind() == nc::ConstraintViolation::LimitExceeded {
                            Check::Budget
                        } else {
                            Check::NameConstraints
                        };
                        e((check, x.clause(), x.to_string()))
                    })?;
                }
            }
            // (d)-(f), and 6.1.4 (a),(b),(h)-(j) for all but the last.
            policy.process(cert).map_err(|x| e((Check::Policy, x.clause(), x.to_string())))?;

            if !is_last {
                // 6.1.4 (g)
                if let Some(c) = name_constraints_of(cert, &nc_opts).map_err(e)? {
                    constraints.push(c);
                }
                // (k)
                match profile::basic_constraints(cert) {
                    Some((b, _)) if b.ca => {}
                    _ => {
                        return Err(e((
                            Check::BasicConstraints,
                            "RFC 5280 6.1.4(k)",
                            "issuer is not a CA (basicConstraints cA absent)".into(),
                        )));
                    }
                }
                // (l)
                if !cert.is_self_issued() {
                    if max_path_length == 0 {
                        return Err(e((
                            Check::PathLength,
                            "RFC 5280 6.1.4(l)",
                            "pathLenConstraint exceeded".into(),
                        )));
                    }
                    max_path_length -= 1;
                }
                // (m)
                if let Some((b, _)) = profile::basic_constraints(cert)
                    && let Some(p) = b.path_len
                {
                    max_path_length = max_path_length.min(p as usize);
                }
                // Web PKI EKU chaining (CA/B BR 7.1.2.10.6): an intermediate's EKU, when present,
                // limits the purposes of the certificates below it.
                if opts.profile == super::Profile::WebPki
                    && let Some(purpose) = &opts.purpose
                    && let Some(Ok(ParsedExtension::ExtendedKeyUsage(ekus))) =
                        cert.extensions().parsed(oids::EXT_EXTENDED_KEY_USAGE)
                    && !ekus.iter().any(|k| {
                        k.as_bytes() == purpose.as_slice() || oids::ANY_EXTENDED_KEY_USAGE.matches(k)
                    })
                {
                    return Err(e((
                        Check::ExtendedKeyUsage,
                        "CA/B BR 7.1.2.10.6",
                        "intermediate extendedKeyUsage excludes the purpose".into(),
                    )));
                }
                // (n)
                if let Some(ku) = profile::key_usage(cert)
                    && !ku.has(KeyUsage::KEY_CERT_SIGN)
                {
                    return Err(e((
                        Check::KeyUsage,
                        "RFC 5280 6.1.4(n)",
                        "keyUsage without keyCertSign".into(),
                    )));
                }
            } else {
                leaf_checks(cert, opts).map_err(e)?;
            }
        }
        // (a)(3): revocation, once the path is otherwise sound (RFC 5280 6.3).
        self.check_revocation(chain, anchor, opts)?;
        // 6.1.5 (g) and the final explicit-policy check.
        let outcome = policy
            .finish()
            .map_err(|x| err(Subject::Leaf, chain[0], (Check::Policy, x.clause(), x.to_string())))?;
        let mut certificates = chain.to_vec();
        certificates.push(anchor);
        Ok(ValidatedPath { certificates, policies: outcome.user_constrained_policy_set })
    }
}

fn dsa_without_parameters(key: &crate::SubjectPublicKeyInfo<'_>) -> bool {
    key.algorithm().is(oids::DSA) && key.algorithm().parameters().is_none()
}

/// The DER of a DSA key's Dss-Parms, if it has them.
fn dsa_parameters<'a>(key: &crate::SubjectPublicKeyInfo<'a>) -> Option<&'a [u8]> {
    if key.algorithm().is(oids::DSA) { key.algorithm().parameters().map(|p| p.raw()) } else { None }
}

/// The DER of `key` with `parameters` (DER of Dss-Parms) as its AlgorithmIdentifier
/// parameters: a DSA key that inherits its issuer's Dss-Parms (RFC 5280 6.1.4(f), RFC 3279
/// 2.3.2).
fn with_dsa_parameters(key: &crate::SubjectPublicKeyInfo<'_>, parameters: &[u8]) -> Result<Vec<u8>, String> {
    use sg17_asn1::{BitString, EncodingRules, Value};
    let parameters = sg17_asn1::decode(parameters, EncodingRules::Der).map_err(|e| e.to_string())?;
    let bits = BitString::new(key.key_bytes(), 0).ok_or("DSA public key BIT STRING")?;
    let spki = Value::Sequence(vec![
        Value::Sequence(vec![Value::ObjectIdentifier(oids::DSA.as_bytes().into()), parameters]),
        Value::BitString(bits),
    ]);
    Ok(sg17_asn1::encode(&spki, EncodingRules::Der))
}

/// Verifies `cert` under a DSA issuer key that inherits `parameters` (RFC 5280 6.1.4(f)).
fn inherited_dsa_signature(
    cert: &Certificate<'_>,
    key: &crate::SubjectPublicKeyInfo<'_>,
    parameters: Option<&[u8]>,
) -> Result<(), profile::Failure> {
    let Some(parameters) = parameters else {
        return Err((Check::Signature, "RFC 5280 6.1.4(f)", "DSA key without parameters to inherit".into()));
    };
    let der = with_dsa_parameters(key, parameters).map_err(|x| (Check::Signature, "RFC 5280 6.1.4(f)", x))?;
    let spki = crate::SubjectPublicKeyInfo::from_der(&der)
        .map_err(|x| (Check::Signature, "RFC 5280 6.1.4(f)", x.to_string()))?;
    cert.verify_signature(&spki).map_err(|v| (Check::Signature, "RFC 5280 6.1.3(a)(1)", v.to_string()))
}

/// 6.1.4(g): the certificate's nameConstraints, checked to be well-formed (4.2.1.10).
impl<'c, 'a> Verifier<'c, 'a> {
    fn check_revocation(
        &self,
        chain: &[&'c Certificate<'a>],
        anchor: &'c Certificate<'a>,
        opts: &Options,
    ) -> Result<(), PathError> {
        let mode = match opts.revocation {
            Revocation::Off => return Ok(()),
            Revocation::SoftFail => RevocationMode::SoftFail,
            Revocation::HardFail => RevocationMode::HardFail,
        };
        let ocsp_ctx = OcspContext { responses: self.ocsp, pool: self.intermediates, time: opts.time };
        let at = |k: usize| {
            if k < chain.len() {
                Some(chain[k])
            } else if k == chain.len() {
                Some(anchor)
            } else {
                None
            }
        };
        // Issuer keys completed with inherited DSA parameters (6.1.4(f)), top of the path first.
        let mut inherited: Vec<Option<Vec<u8>>> = vec![None; chain.len() + 1];
        let mut parameters = dsa_parameters(anchor.public_key());
        for k in (0..chain.len()).rev() {
            let key = chain[k].public_key();
            if let Some(p) = dsa_parameters(key) {
                parameters = Some(p);
            } else if dsa_without_parameters(key) {
                inherited[k] = parameters.and_then(|p| with_dsa_parameters(key, p).ok());
            } else {
                parameters = None;
            }
        }
        for (k, cert) in chain.iter().enumerate() {
            let issuer = at(k + 1).unwrap_or(anchor);
            let e = |check, clause, detail: String| {
                PathError::new(subject_of(k), check, clause, detail)
                    .with_certificate(cert.subject().to_string())
            };
            let completed =
                inherited.get(k + 1).and_then(|d| d.as_deref()).map(crate::SubjectPublicKeyInfo::from_der);
            let issuer_key = match completed {
                Some(Ok(key)) => key,
                _ => *issuer.public_key(),
            };
            let ocsp = if self.ocsp.is_empty() {
                OcspStatus::NoStatus(Vec::new())
            } else {
                ocsp_check::check_certificate(cert, issuer, &issuer_key, &ocsp_ctx)
            };
            if let OcspStatus::Revoked { response, time, reason } = &ocsp {
                let why = reason.map_or_else(|| "no reason given".to_owned(), |r| r.to_string());
                return Err(e(
                    Check::Revocation,
                    "RFC 6960 2.2",
                    format!("revoked at {time} ({why}) according to OCSP response #{response}"),
                ));
            }
            // A good OCSP status stands in for the CRLs hard-fail requires; the CRLs are still
            // consulted, and a revocation there wins.
            let crl_mode =
                if matches!(ocsp, OcspStatus::Good { .. }) { RevocationMode::SoftFail } else { mode };
            let ctx = CrlContext {
                crls: self.crls,
                crl_signers: self.intermediates,
                time: opts.time,
                mode: crl_mode,
            };
            let ocsp_note = match &ocsp {
                OcspStatus::Good { response } => format!("; OCSP response #{response} says good"),
                OcspStatus::NoStatus(r) if !r.is_empty() => {
                    format!(
                        "; no usable OCSP response: {}",
                        r.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
                    )
                }
                _ => String::new(),
            };
            match revocation::check_certificate_with_issuer_key(cert, issuer, &issuer_key, at(k + 2), &ctx) {
                Ok(RevocationStatus::Revoked { reason }) => {
                    let why = reason.map_or_else(|| "no reason code".to_owned(), |r| r.to_string());
                    return Err(e(
                        Check::Revocation,
                        "RFC 5280 6.3.3",
                        format!("revoked ({why}){ocsp_note}"),
                    ));
                }
                Ok(_) => {}
                Err(x) => {
                    // Hard-fail without any applicable CRL: the OCSP rejections are the story.
                    if x.kind() == RevocationErrorKind::Undetermined
                        && let OcspStatus::NoStatus(r) = &ocsp
                        && let Some(first) = r.first()
                    {
                        let why = r.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                        return Err(e(
                            Check::Revocation,
                            first.clause,
                            format!("no usable OCSP response: {why}; and {x}"),
                        ));
                    }
                    return Err(e(Check::Revocation, x.clause(), format!("{x}{ocsp_note}")));
                }
            }
        }
        Ok(())
    }
}

fn name_constraints_of<'a>(
    cert: &Certificate<'a>,
    opts: &NameConstraintOptions,
) -> Result<Option<NameConstraints<'a>>, profile::Failure> {
    match cert.extensions().parsed(oids::EXT_NAME_CONSTRAINTS) {
        None => Ok(None),
        Some(Ok(ParsedExtension::NameConstraints(c))) => {
            nc::validate_extension(&c, opts)
                .map_err(|x| (Check::NameConstraints, x.clause(), x.to_string()))?;
            Ok(Some(c))
        }
        Some(Ok(_)) => Ok(None),
        Some(Err(e)) => Err((Check::NameConstraints, "RFC 5280 4.2.1.10", e.to_string())),
    }
}

/// What the caller asked of the leaf: purpose (4.2.1.12), key usage (4.2.1.3).
fn leaf_checks(cert: &Certificate<'_>, opts: &Options) -> Result<(), profile::Failure> {
    if let Some(purpose) = &opts.purpose
        && let Some(Ok(ParsedExtension::ExtendedKeyUsage(ekus))) =
            cert.extensions().parsed(oids::EXT_EXTENDED_KEY_USAGE)
    {
        let any_ok = opts.profile != super::Profile::WebPki;
        let ok = ekus.iter().any(|k| {
            k.as_bytes() == purpose.as_slice() || (any_ok && oids::ANY_EXTENDED_KEY_USAGE.matches(k))
        });
        if !ok {
            return Err((
                Check::ExtendedKeyUsage,
                "RFC 5280 4.2.1.12",
                "purpose not in extendedKeyUsage".into(),
            ));
        }
    }
    if opts.key_usage != 0
        && let Some(ku) = profile::key_usage(cert)
        && ku.0 & opts.key_usage != opts.key_usage
    {
        return Err((Check::KeyUsage, "RFC 5280 4.2.1.3", format!("keyUsage {ku} lacks a required bit")));
    }
    if let Some(name) = &opts.name {
        let reference = match name {
            ExpectedName::Dns(d) => PeerName::Dns(d),
            ExpectedName::Ip(ip) => PeerName::Ip(*ip),
            ExpectedName::Email(m) => PeerName::Email(m),
        };
        verify_peer_name(cert, &reference, &PeerNameOptions::default())
            .map_err(|x| (Check::PeerName, x.clause(), x.to_string()))?;
    }
    Ok(())
}
