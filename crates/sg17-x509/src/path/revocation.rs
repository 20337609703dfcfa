//! CRL revocation checking for one certificate of a validated path (RFC 5280 6.3).
//!
//! [`check_certificate`] runs the algorithm of RFC 5280 6.3.3 over the CRLs the caller
//! supplies (no fetching): CRL scope by issuer (direct CRLs, and indirect CRLs through
//! `cRLIssuer` and the `certificateIssuer` entry extension, 5.3.3), distribution-point
//! matching (6.3.3(b)), reason partitioning (`reasons_mask`, 6.3.3(e)), the CRL signer's
//! key and `cRLSign` (6.3.3(f)), signatures (6.3.3(g)), currency (6.3.3(a)(2)) and delta CRLs
//! (6.3.3(c), (d), (i)-(k)).
//!
//! What this module does not do, by design or not yet:
//! - CRL signers are looked for one level deep only: the certificate's issuer itself, or a
//!   certificate of `crl_signers` whose subject is the CRL issuer and that is signed by the
//!   issuer's key or by the key of the issuer's own issuer (the PKITS "separate certificate
//!   and CRL keys" layout). Such a signer certificate's own revocation status is checked
//!   once, with its issuer's CRLs, without a further separate signer. Indirect CRLs signed
//!   by an authority outside the path are therefore not usable.
//! - Every applicable, usable complete CRL is consulted (no early stop once all reasons are
//!   covered): a listing in any of them revokes, so a released hold stays in force while an
//!   older CRL listing it is still current and supplied.
//! - A delta CRL only refines a complete CRL it pairs with; among several, the one with the
//!   highest cRLNumber is used. Deltas that are stale or do not verify are ignored. Supplied
//!   deltas are used whether or not freshestCRL advertises them (6.3.3(a)(2) only fetches
//!   them then; OpenSSL ignores them without freshestCRL).
//! - A v2 CRL must carry a non-critical cRLNumber (RFC 5280 5.2.3, as x509-limbo expects);
//!   v1 CRLs without extensions are accepted. deltaCRLIndicator and issuingDistributionPoint
//!   must be critical (5.2.4, 5.2.5).
//! - A distribution point with cRLIssuer is only served by an indirect CRL of that issuer,
//!   as 6.3.3(b)(1) says (OpenSSL also accepts a direct CRL without IDP there).
//!
//! Work is bounded: each check scans each CRL's entries at most once, plus once more per
//! separate CRL signing certificate whose own status is checked; name matching is
//! |distribution points| x |CRLs| comparisons.
//! - `revocationDate` and `invalidityDate` are not compared with the validation time: a
//!   listing in a current CRL revokes.
//! - A CRL without `nextUpdate` is treated as current (RFC 5280 5.1.2.5 requires the field
//!   of issuers, not of relying parties).
//!
//! Policy for unusable CRLs: a CRL that is out of scope, stale, or whose signature does not
//! verify with a permitted key is skipped (in [`RevocationMode::HardFail`] the skip reason is
//! reported if no status can be determined). A CRL that *is* authentic (its signature
//! verifies under the CRL issuer's key) but cannot be used — malformed (5.1.2.1, 5.2.3,
//! 5.2.4, 5.2.5), an unsupported critical CRL or entry extension (5.2, 5.3), or a signer
//! whose keyUsage lacks `cRLSign` (6.3.3(f)) — is an error in both checking modes: the CA
//! published a statement this code cannot interpret, and it may be a revocation.

use crate::extensions::{
    AuthorityKeyIdentifier, CrlReason, DistributionPoint, DistributionPointName, GeneralName,
    IssuingDistributionPoint, KeyUsage,
};
use crate::oids::{self, KnownOid};
use crate::{Certificate, Crl, Name, ParsedExtension, SubjectPublicKeyInfo};
use core::cmp::Ordering;
use core::fmt;
use sg17_asn1::Integer;

/// How revocation is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RevocationMode {
    /// No checking: [`check_certificate`] returns [`RevocationStatus::Unknown`] at once.
    #[default]
    Off,
    /// Check the supplied CRLs; when none is applicable and usable the status is
    /// [`RevocationStatus::Unknown`] (the caller accepts the certificate).
    SoftFail,
    /// Every certificate needs current, usable complete CRLs covering all reasons; otherwise
    /// [`check_certificate`] fails with [`RevocationErrorKind::Undetermined`] or the reason a
    /// CRL was skipped.
    HardFail,
}

/// The outcome of checking one certificate (RFC 5280 6.3.3 `cert_status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevocationStatus {
    /// Complete CRLs covering all reasons were found and none lists the certificate.
    Good,
    /// A CRL (or delta CRL) lists the certificate; `reason` is its reasonCode entry
    /// extension, if any (RFC 5280 5.3.1). certificateHold counts as revoked.
    Revoked {
        /// The reasonCode of the entry.
        reason: Option<CrlReason>,
    },
    /// No status could be determined (RFC 5280 6.3.3 UNDETERMINED); only returned with
    /// [`RevocationMode::Off`] or [`RevocationMode::SoftFail`].
    Unknown,
}

/// What went wrong in a [`RevocationError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RevocationErrorKind {
    /// No complete CRL covering all reasons was usable (RFC 5280 6.3.3, HardFail only).
    Undetermined,
    /// The only candidate CRLs are not current at the validation time (6.3.3(a)(2)).
    StaleCrl,
    /// The only candidate CRLs do not verify with a permitted key (6.3.3(f), (g)).
    BadCrlSignature,
    /// The only candidate CRL's separate signing certificate is revoked or unusable
    /// (6.3.3(f)).
    CrlSignerRejected,
    /// An authentic CRL breaks a structural rule of RFC 5280 5.
    MalformedCrl,
    /// An authentic CRL has a critical CRL or entry extension this code does not process
    /// (RFC 5280 5.2, 5.3).
    UnsupportedCriticalExtension,
    /// The CRL verifies with a key whose certificate's keyUsage lacks cRLSign (6.3.3(f)).
    SignerNotAuthorized,
    /// The certificate's cRLDistributionPoints does not decode (RFC 5280 4.2.1.13).
    MalformedCertificate,
}

/// Why revocation checking failed: the kind, the clause broken and a short reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationError {
    kind: RevocationErrorKind,
    clause: &'static str,
    detail: String,
}

impl RevocationError {
    fn new(kind: RevocationErrorKind, clause: &'static str, detail: impl Into<String>) -> Self {
        RevocationError { kind, clause, detail: detail.into() }
    }
    /// The kind of failure.
    #[must_use]
    pub const fn kind(&self) -> RevocationErrorKind {
        self.kind
    }
    /// The clause the failure cites, e.g. `"RFC 5280 6.3.3(f)"`.
    #[must_use]
    pub const fn clause(&self) -> &'static str {
        self.clause
    }
    /// A short human-readable reason.
    #[must_use]
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for RevocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.clause, self.detail)
    }
}

impl std::error::Error for RevocationError {}

/// The CRL material and settings shared by the checks of one path.
#[derive(Clone, Copy, Debug)]
pub struct CrlContext<'r, 'a> {
    /// The supplied CRLs, complete and delta, in any order.
    pub crls: &'r [Crl<'a>],
    /// Certificates that may hold a separate CRL signing key (RFC 5280 6.3.3(f)); see the
    /// module documentation for what is searched.
    pub crl_signers: &'r [Certificate<'a>],
    /// Validation time, Unix seconds.
    pub time: i64,
    /// Checking mode.
    pub mode: RevocationMode,
}

/// Checks the revocation status of `cert`, whose issuer in the validated path is `issuer`,
/// against `ctx.crls` (RFC 5280 6.3.3).
///
/// `issuer_parent` is the certificate that issued `issuer` (or the trust anchor's
/// certificate), if the caller has it; it only serves to verify a separate CRL signing
/// certificate issued alongside `issuer` (PKITS 4.4.19-21). `None` when `issuer` is the
/// trust anchor.
///
/// ```
/// use sg17_x509::path::revocation::{CrlContext, RevocationMode, RevocationStatus, check_certificate};
/// use sg17_x509::{Certificate, Crl};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/revocation/gen/");
/// let ca = std::fs::read(format!("{dir}ca.der"))?;
/// let leaf = std::fs::read(format!("{dir}leaf-revoked.der"))?;
/// let crl = std::fs::read(format!("{dir}crl-complete.der"))?;
/// let (ca, leaf, crl) = (Certificate::from_der(&ca)?, Certificate::from_der(&leaf)?, Crl::from_der(&crl)?);
/// let ctx = CrlContext { crls: &[crl], crl_signers: &[], time: 1_767_225_600, mode: RevocationMode::HardFail };
/// assert!(matches!(check_certificate(&leaf, &ca, None, &ctx)?, RevocationStatus::Revoked { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_certificate(
    cert: &Certificate<'_>,
    issuer: &Certificate<'_>,
    issuer_parent: Option<&Certificate<'_>>,
    ctx: &CrlContext<'_, '_>,
) -> Result<RevocationStatus, RevocationError> {
    check_certificate_with_issuer_key(cert, issuer, issuer.public_key(), issuer_parent, ctx)
}

/// [`check_certificate`] with the key that verifies the issuer's CRLs given separately: the
/// issuer's key completed with inherited DSA parameters (RFC 5280 6.1.4(f)), as the path
/// validator computes it.
pub fn check_certificate_with_issuer_key(
    cert: &Certificate<'_>,
    issuer: &Certificate<'_>,
    issuer_key: &SubjectPublicKeyInfo<'_>,
    issuer_parent: Option<&Certificate<'_>>,
    ctx: &CrlContext<'_, '_>,
) -> Result<RevocationStatus, RevocationError> {
    if ctx.mode == RevocationMode::Off {
        return Ok(RevocationStatus::Unknown);
    }
    Checker::new(cert, issuer, *issuer_key, issuer_parent, ctx, true).run()
}

/// All reasons of `ReasonFlags` (bits 1..=8; bit 0 is `unused`), RFC 5280 4.2.1.13.
const ALL_REASONS: u16 = 0x1fe;
/// `removeFromCRL` (RFC 5280 5.3.1).
const REMOVE_FROM_CRL: u8 = 8;

/// CRL extensions this module processes or may safely ignore when critical.
const CRL_EXTENSIONS: [KnownOid; 7] = [
    oids::EXT_AUTHORITY_KEY_IDENTIFIER,
    oids::EXT_ISSUER_ALT_NAME,
    oids::EXT_CRL_NUMBER,
    oids::EXT_DELTA_CRL_INDICATOR,
    oids::EXT_ISSUING_DISTRIBUTION_POINT,
    oids::EXT_FRESHEST_CRL,
    oids::EXT_AUTHORITY_INFO_ACCESS,
];
/// Entry extensions processed: reasonCode, invalidityDate, certificateIssuer.
const ENTRY_EXTENSIONS: [KnownOid; 3] =
    [oids::EXT_CRL_REASON, oids::EXT_INVALIDITY_DATE, oids::EXT_CERTIFICATE_ISSUER];

/// Which key signed a CRL.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Signer {
    /// The certificate's issuer.
    Issuer,
    /// `crl_signers[i]`.
    Separate(usize),
}

/// A CRL that is current, authentic and well-formed, with what the checks need.
struct Usable<'a> {
    signer: Signer,
    idp: Option<IssuingDistributionPoint<'a>>,
    idp_raw: Option<&'a [u8]>,
    number: Option<Integer<'a>>,
    delta_base: Option<Integer<'a>>,
    aki: Option<&'a [u8]>,
    /// `Some(reason)` if the certificate is listed.
    hit: Option<Option<CrlReason>>,
}

enum Eval<'a> {
    Usable(Box<Usable<'a>>),
    Skipped(RevocationError),
}

struct Checker<'c, 'r, 'a, 'b> {
    cert: &'c Certificate<'b>,
    issuer: &'c Certificate<'b>,
    issuer_key: SubjectPublicKeyInfo<'c>,
    issuer_parent: Option<&'c Certificate<'b>>,
    ctx: &'c CrlContext<'r, 'a>,
    /// Whether a separate CRL signer may be used (false inside the signer's own check).
    allow_separate: bool,
    evals: Vec<Option<Eval<'a>>>,
    /// Per separate signer: `Some(Ok(()))` usable, `Some(Err(_))` not, `None` not yet asked.
    signer_ok: Vec<Option<Result<(), RevocationError>>>,
}

impl<'c, 'r, 'a, 'b> Checker<'c, 'r, 'a, 'b> {
    fn new(
        cert: &'c Certificate<'b>,
        issuer: &'c Certificate<'b>,
        issuer_key: SubjectPublicKeyInfo<'c>,
        issuer_parent: Option<&'c Certificate<'b>>,
        ctx: &'c CrlContext<'r, 'a>,
        allow_separate: bool,
    ) -> Self {
        Checker {
            cert,
            issuer,
            issuer_key,
            issuer_parent,
            ctx,
            allow_separate,
            evals: (0..ctx.crls.len()).map(|_| None).collect(),
            signer_ok: (0..ctx.crl_signers.len()).map(|_| None).collect(),
        }
    }

    fn run(mut self) -> Result<RevocationStatus, RevocationError> {
        let dps = match self.cert.extensions().parsed(oids::EXT_CRL_DISTRIBUTION_POINTS) {
            None => vec![DistributionPoint { name: None, reasons: None, crl_issuer: None }],
            Some(Ok(ParsedExtension::CrlDistributionPoints(d))) => d,
            Some(_) => {
                return Err(RevocationError::new(
                    RevocationErrorKind::MalformedCertificate,
                    "RFC 5280 4.2.1.13",
                    "cRLDistributionPoints does not decode",
                ));
            }
        };
        let mut reasons_mask = 0u16;
        let mut revoked: Option<Option<CrlReason>> = None;
        let mut skipped: Option<RevocationError> = None;
        let crls = self.ctx.crls;
        for dp in &dps {
            for (i, crl) in crls.iter().enumerate() {
                if crl.extensions().get(oids::EXT_DELTA_CRL_INDICATOR).is_some() {
                    continue;
                }
                // 6.3.3(b)(1), by name only, before any signature work.
                if !self.issuer_in_scope(crl, dp) {
                    continue;
                }
                self.eval(i)?;
                let u = match &self.evals[i] {
                    Some(Eval::Usable(u)) => u,
                    None => continue,
                    Some(Eval::Skipped(e)) => {
                        skipped.get_or_insert_with(|| e.clone());
                        continue;
                    }
                };
                let Some(interim) = self.applicable(crl, u, dp) else { continue };
                let hit = u.hit;
                // 6.3.3(c), (d), (h), (i): the newest usable delta of the same scope.
                let delta_hit = self.best_delta(i)?;
                // 6.3.3(i)-(k): the delta's entry, else the complete CRL's; removeFromCRL
                // means not revoked.
                let status = match delta_hit {
                    Some(Some(h)) => Some(h),
                    _ => hit,
                };
                if let Some(reason) = status
                    && reason.is_none_or(|r| r.0 != REMOVE_FROM_CRL)
                    && revoked.is_none()
                {
                    revoked = Some(reason);
                }
                // 6.3.3(l).
                reasons_mask |= interim;
            }
        }
        if let Some(reason) = revoked {
            return Ok(RevocationStatus::Revoked { reason });
        }
        if reasons_mask & ALL_REASONS == ALL_REASONS {
            return Ok(RevocationStatus::Good);
        }
        match self.ctx.mode {
            RevocationMode::HardFail => Err(skipped.unwrap_or_else(|| {
                RevocationError::new(
                    RevocationErrorKind::Undetermined,
                    "RFC 5280 6.3.3",
                    if reasons_mask == 0 {
                        "no applicable, usable complete CRL".to_string()
                    } else {
                        format!("supplied CRLs cover only reasons {reasons_mask:#05x} of {ALL_REASONS:#05x}")
                    },
                )
            })),
            _ => Ok(RevocationStatus::Unknown),
        }
    }

    /// RFC 5280 6.3.3(b)(1) by names: the CRL issuer is the certificate issuer, or a
    /// cRLIssuer of the distribution point (the indirectCRL flag is checked later).
    fn issuer_in_scope(&self, crl: &Crl<'_>, dp: &DistributionPoint<'_>) -> bool {
        match &dp.crl_issuer {
            Some(names) => {
                names.iter().any(|n| matches!(n, GeneralName::DirectoryName(d) if d.matches(crl.issuer())))
            }
            None => crl.issuer().matches(self.cert.issuer()),
        }
    }

    /// RFC 5280 6.3.3(b) and (e) for a usable CRL: `Some(interim_reasons_mask)` if the CRL
    /// covers the certificate through `dp`.
    fn applicable(&self, crl: &Crl<'_>, u: &Usable<'_>, dp: &DistributionPoint<'_>) -> Option<u16> {
        let indirect = u.idp.as_ref().is_some_and(|i| i.indirect_crl);
        // (b)(1): a cRLIssuer in the DP needs an indirect CRL.
        if dp.crl_issuer.is_some() && !indirect {
            return None;
        }
        let mut idp_reasons = ALL_REASONS;
        if let Some(idp) = &u.idp {
            // (b)(2)(i).
            if let Some(idp_name) = &idp.name {
                let idp_names = resolve(idp_name, Some(crl.issuer()));
                let dp_names = match (&dp.name, &dp.crl_issuer) {
                    (Some(n), _) => {
                        let base = dp
                            .crl_issuer
                            .as_ref()
                            .and_then(|v| {
                                v.iter().find_map(|g| match g {
                                    GeneralName::DirectoryName(d) => Some(*d),
                                    _ => None,
                                })
                            })
                            .unwrap_or(*self.cert.issuer());
                        resolve(n, Some(&base))
                    }
                    (None, Some(issuers)) => issuers.iter().map(|g| DpName::General(*g)).collect(),
                    (None, None) => Vec::new(),
                };
                if !idp_names.iter().any(|a| dp_names.iter().any(|b| a.matches(b))) {
                    return None;
                }
            }
            // (b)(2)(ii)-(iv).
            let ca = self.cert.is_ca();
            if (idp.only_user_certs && ca) || (idp.only_ca_certs && !ca) || idp.only_attribute_certs {
                return None;
            }
            if let Some(r) = idp.only_some_reasons {
                idp_reasons = r.0 & ALL_REASONS;
            }
        }
        // (e): DP reasons intersected with the IDP's onlySomeReasons.
        let dp_reasons = dp.reasons.map_or(ALL_REASONS, |r| r.0 & ALL_REASONS);
        Some(idp_reasons & dp_reasons)
    }

    /// The entry of the newest usable delta CRL paired with complete CRL `base`:
    /// `None` no usable delta, `Some(None)` a delta that does not list the certificate,
    /// `Some(Some(reason))` a delta entry.
    #[allow(clippy::type_complexity)]
    fn best_delta(&mut self, base: usize) -> Result<Option<Option<Option<CrlReason>>>, RevocationError> {
        let crls = self.ctx.crls;
        let (b_signer, b_idp, b_number, b_aki) = match &self.evals[base] {
            Some(Eval::Usable(u)) => (u.signer, u.idp_raw, u.number, u.aki),
            _ => return Ok(None),
        };
        let Some(b_number) = b_number else { return Ok(None) };
        let mut best: Option<(Integer<'_>, Option<Option<CrlReason>>)> = None;
        for j in 0..crls.len() {
            let d = &crls[j];
            if d.extensions().get(oids::EXT_DELTA_CRL_INDICATOR).is_none()
                || !d.issuer().matches(crls[base].issuer())
            {
                continue;
            }
            self.eval(j)?;
            let Some(Eval::Usable(u)) = &self.evals[j] else { continue };
            // 5.2.4 / 6.3.3(c)(1)-(3), (h): same scope, signer and key; base <= complete
            // number < delta number.
            let (Some(dbase), Some(dnum)) = (u.delta_base, u.number) else { continue };
            if u.signer != b_signer
                || u.idp_raw != b_idp
                || matches!((u.aki, b_aki), (Some(x), Some(y)) if x != y)
                || cmp_uint(dbase, b_number) == Ordering::Greater
                || cmp_uint(dnum, b_number) != Ordering::Greater
            {
                continue;
            }
            if best.as_ref().is_none_or(|(n, _)| cmp_uint(dnum, *n) == Ordering::Greater) {
                best = Some((dnum, u.hit));
            }
        }
        Ok(best.map(|(_, h)| h))
    }

    /// Evaluates CRL `i` once: currency, signer and signature, then structure and the scan
    /// of its entries. Errors for authentic but unusable CRLs.
    fn eval(&mut self, i: usize) -> Result<(), RevocationError> {
        if self.evals[i].is_none() {
            let e = self.eval_uncached(i)?;
            self.evals[i] = Some(e);
        }
        Ok(())
    }

    fn eval_uncached(&mut self, i: usize) -> Result<Eval<'a>, RevocationError> {
        let crl = &self.ctx.crls[i];
        let t = self.ctx.time;
        // 6.3.3(a)(2).
        if crl.this_update().unix_timestamp() > t {
            return Ok(Eval::Skipped(RevocationError::new(
                RevocationErrorKind::StaleCrl,
                "RFC 5280 6.3.3(a)(2)",
                format!("CRL thisUpdate {} is after the validation time", crl.this_update()),
            )));
        }
        if let Some(n) = crl.next_update()
            && n.unix_timestamp() < t
        {
            return Ok(Eval::Skipped(RevocationError::new(
                RevocationErrorKind::StaleCrl,
                "RFC 5280 6.3.3(a)(2)",
                format!("CRL nextUpdate {n} is before the validation time"),
            )));
        }
        let aki = match crl.extensions().parsed(oids::EXT_AUTHORITY_KEY_IDENTIFIER) {
            Some(Ok(ParsedExtension::AuthorityKeyIdentifier(AuthorityKeyIdentifier {
                key_identifier,
                ..
            }))) => key_identifier,
            _ => None,
        };
        // 6.3.3(f), (g).
        let signer = match self.find_signer(crl, aki)? {
            Ok(s) => s,
            Err(e) => return Ok(Eval::Skipped(e)),
        };
        self.examine(crl, signer, aki).map(|u| Eval::Usable(Box::new(u)))
    }

    /// Finds the key that signed `crl` (RFC 5280 6.3.3(f), (g)): `Ok(Err(_))` if none
    /// verifies; `Err(_)` if the signature verifies with a key not allowed to sign CRLs.
    #[allow(clippy::type_complexity)]
    fn find_signer(
        &mut self,
        crl: &Crl<'_>,
        aki: Option<&[u8]>,
    ) -> Result<Result<Signer, RevocationError>, RevocationError> {
        let mut skip = RevocationError::new(
            RevocationErrorKind::BadCrlSignature,
            "RFC 5280 6.3.3(g)",
            format!("no permitted key verifies the CRL of {}", crl.issuer()),
        );
        if self.issuer.subject().matches(crl.issuer())
            && key_id_fits(aki, self.issuer)
            && crl.verify_signature(&self.issuer_key).is_ok()
        {
            check_crl_sign(self.issuer)?;
            return Ok(Ok(Signer::Issuer));
        }
        // The issuer's own issuer, already validated on the path to the same trust anchor, may
        // hold the CA's other key after a key rollover (self-issued certificates, PKITS 4.5).
        if let Some(p) = self.issuer_parent
            && p.subject().matches(crl.issuer())
            && key_id_fits(aki, p)
            && crl.verify_signature(p.public_key()).is_ok()
        {
            check_crl_sign(p)?;
            return Ok(Ok(Signer::Issuer));
        }
        if !self.allow_separate {
            return Ok(Err(skip));
        }
        for (k, s) in self.ctx.crl_signers.iter().enumerate() {
            if !s.subject().matches(crl.issuer())
                || !key_id_fits(aki, s)
                || s.raw() == self.issuer.raw()
                || crl.verify_signature(s.public_key()).is_err()
            {
                continue;
            }
            check_crl_sign(s)?;
            match self.signer_status(k) {
                Ok(()) => return Ok(Ok(Signer::Separate(k))),
                Err(e) => skip = e,
            }
        }
        Ok(Err(skip))
    }

    /// Whether `crl_signers[k]` may sign CRLs for this check: issued by the issuer or its
    /// parent, valid at the time, and not revoked (checked once, one level deep).
    fn signer_status(&mut self, k: usize) -> Result<(), RevocationError> {
        if let Some(r) = &self.signer_ok[k] {
            return r.clone();
        }
        let s = &self.ctx.crl_signers[k];
        let bad = |d: &str| {
            Err(RevocationError::new(RevocationErrorKind::CrlSignerRejected, "RFC 5280 6.3.3(f)", d))
        };
        let parent = [Some(self.issuer), self.issuer_parent]
            .into_iter()
            .flatten()
            .find(|p| p.subject().matches(s.issuer()) && s.verify_signature(p.public_key()).is_ok());
        let r = match parent {
            None => bad("CRL signing certificate is not issued by the issuer or its parent"),
            Some(_) if !s.validity().contains(self.ctx.time) => {
                bad("CRL signing certificate is outside its validity period")
            }
            Some(_) if !s.extensions().problems().is_empty() => {
                bad("CRL signing certificate has unusable extensions")
            }
            Some(p) => {
                // The signer's own status, from its issuer's CRLs, without a further
                // separate signer.
                match Checker::new(s, p, *p.public_key(), None, self.ctx, false).run() {
                    Ok(RevocationStatus::Revoked { .. }) => bad("CRL signing certificate is revoked"),
                    Ok(_) => Ok(()),
                    Err(e) => Err(RevocationError::new(
                        RevocationErrorKind::CrlSignerRejected,
                        "RFC 5280 6.3.3(f)",
                        format!("status of the CRL signing certificate: {e}"),
                    )),
                }
            }
        };
        self.signer_ok[k] = Some(r.clone());
        r
    }

    /// Structure of an authentic CRL (RFC 5280 5.1.2.1, 5.2, 5.3) and the one scan of its
    /// entries for the certificate.
    fn examine(
        &self,
        crl: &Crl<'a>,
        signer: Signer,
        aki: Option<&'a [u8]>,
    ) -> Result<Usable<'a>, RevocationError> {
        use RevocationErrorKind::{MalformedCrl, UnsupportedCriticalExtension};
        let malformed = |clause, d: &str| RevocationError::new(MalformedCrl, clause, d);
        let v1 = crl.version() == 1;
        if v1 && !crl.extensions().is_empty() {
            return Err(malformed("RFC 5280 5.1.2.1", "v1 CRL with crlExtensions"));
        }
        let mut u =
            Usable { signer, idp: None, idp_raw: None, number: None, delta_base: None, aki, hit: None };
        for e in crl.extensions().iter() {
            let parsed = e.parsed().map_err(|err| {
                RevocationError::new(MalformedCrl, "RFC 5280 5.2", format!("{}: {err}", e.name()))
            })?;
            if !CRL_EXTENSIONS.iter().any(|k| e.is(*k)) {
                if e.critical() {
                    return Err(RevocationError::new(
                        UnsupportedCriticalExtension,
                        "RFC 5280 5.2",
                        format!("critical CRL extension {}", e.name()),
                    ));
                }
                continue;
            }
            match parsed {
                ParsedExtension::CrlNumber(n) => {
                    if e.critical() {
                        return Err(malformed("RFC 5280 5.2.3", "cRLNumber marked critical"));
                    }
                    u.number = Some(n);
                }
                ParsedExtension::DeltaCrlIndicator(n) => {
                    if !e.critical() {
                        return Err(malformed("RFC 5280 5.2.4", "deltaCRLIndicator not critical"));
                    }
                    u.delta_base = Some(n);
                }
                ParsedExtension::IssuingDistributionPoint(idp) => {
                    if !e.critical() {
                        return Err(malformed("RFC 5280 5.2.5", "issuingDistributionPoint not critical"));
                    }
                    let only = [idp.only_user_certs, idp.only_ca_certs, idp.only_attribute_certs];
                    if only.iter().filter(|b| **b).count() > 1 {
                        return Err(malformed("RFC 5280 5.2.5", "more than one onlyContains flag asserted"));
                    }
                    if e.value() == [0x30, 0x00] {
                        return Err(malformed("RFC 5280 5.2.5", "empty issuingDistributionPoint"));
                    }
                    u.idp = Some(idp);
                    u.idp_raw = Some(e.value());
                }
                _ => {}
            }
        }
        if !v1 && u.number.is_none() {
            return Err(malformed("RFC 5280 5.2.3", "v2 CRL without cRLNumber"));
        }
        // The one scan of the entries: entry extensions (5.3) and the certificate's entry.
        // certificateIssuer applies to its entry and the following ones (5.3.3).
        let serial = self.cert.serial();
        let mut entry_issuer: Option<Vec<GeneralName<'a>>> = None;
        for entry in crl.revoked() {
            let mut reason = None;
            for e in entry.extensions.iter() {
                if v1 {
                    return Err(malformed("RFC 5280 5.1.2.1", "v1 CRL with crlEntryExtensions"));
                }
                let known = ENTRY_EXTENSIONS.iter().any(|k| e.is(*k));
                if !known {
                    if e.critical() {
                        return Err(RevocationError::new(
                            UnsupportedCriticalExtension,
                            "RFC 5280 5.3",
                            format!("critical CRL entry extension {}", e.name()),
                        ));
                    }
                    continue;
                }
                match e.parsed() {
                    Ok(ParsedExtension::ReasonCode(r)) => reason = Some(r),
                    Ok(ParsedExtension::CertificateIssuer(names)) => entry_issuer = Some(names),
                    Ok(_) => {}
                    Err(err) => {
                        return Err(RevocationError::new(
                            MalformedCrl,
                            "RFC 5280 5.3",
                            format!("entry {}: {err}", entry.serial_hex()),
                        ));
                    }
                }
            }
            if u.hit.is_none() && entry.serial.as_bytes() == serial.as_bytes() {
                let for_us = match &entry_issuer {
                    None => crl.issuer().matches(self.cert.issuer()),
                    Some(names) => names
                        .iter()
                        .any(|g| matches!(g, GeneralName::DirectoryName(d) if d.matches(self.cert.issuer()))),
                };
                if for_us {
                    u.hit = Some(reason);
                }
            }
        }
        Ok(u)
    }
}

/// 6.3.3(f): "If a key usage extension is present in the CRL issuer's certificate, verify
/// that the cRLSign bit is set."
fn check_crl_sign(signer: &Certificate<'_>) -> Result<(), RevocationError> {
    match signer.extensions().parsed(oids::EXT_KEY_USAGE) {
        None => Ok(()),
        Some(Ok(ParsedExtension::KeyUsage(ku))) if ku.has(KeyUsage::CRL_SIGN) => Ok(()),
        Some(_) => Err(RevocationError::new(
            RevocationErrorKind::SignerNotAuthorized,
            "RFC 5280 6.3.3(f)",
            format!("keyUsage of CRL signer {} lacks cRLSign", signer.subject()),
        )),
    }
}

/// Whether the CRL's authorityKeyIdentifier keyIdentifier (if any) fits the candidate's
/// subjectKeyIdentifier (if any); a mismatch rules the candidate out (RFC 5280 5.2.1).
fn key_id_fits(aki: Option<&[u8]>, c: &Certificate<'_>) -> bool {
    let ski = match c.extensions().parsed(oids::EXT_SUBJECT_KEY_IDENTIFIER) {
        Some(Ok(ParsedExtension::SubjectKeyIdentifier(s))) => Some(s),
        _ => None,
    };
    match (aki, ski) {
        (Some(a), Some(s)) => a == s,
        _ => true,
    }
}

/// Compares non-negative INTEGER contents (minimal DER two's complement) by value.
fn cmp_uint(a: Integer<'_>, b: Integer<'_>) -> Ordering {
    let strip = |x: &[u8]| -> usize { usize::from(x.len() > 1 && x[0] == 0) };
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (a, b) = (&a[strip(a)..], &b[strip(b)..]);
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// A distribution point name resolved for comparison: a GeneralName, or a directory name
/// built from nameRelativeToCRLIssuer (RFC 5280 4.2.1.13, 5.2.5).
enum DpName<'a> {
    General(GeneralName<'a>),
    Joined(Vec<u8>),
}

impl DpName<'_> {
    fn matches(&self, other: &DpName<'_>) -> bool {
        match (self, other) {
            (DpName::General(a), DpName::General(b)) => general_names_equal(a, b),
            (DpName::Joined(a), DpName::Joined(b)) => {
                matches!((Name::from_der(a), Name::from_der(b)), (Ok(x), Ok(y)) if x.matches(&y))
            }
            (DpName::Joined(j), DpName::General(GeneralName::DirectoryName(n)))
            | (DpName::General(GeneralName::DirectoryName(n)), DpName::Joined(j)) => {
                Name::from_der(j).is_ok_and(|x| x.matches(n))
            }
            _ => false,
        }
    }
}

/// The names of a DistributionPointName; a relative name is appended to `base`.
fn resolve<'a>(n: &DistributionPointName<'a>, base: Option<&Name<'_>>) -> Vec<DpName<'a>> {
    match n {
        DistributionPointName::FullName(v) => v.iter().map(|g| DpName::General(*g)).collect(),
        DistributionPointName::RelativeToIssuer(rdn) => {
            base.and_then(|b| join_rdn(b.raw(), rdn)).map(DpName::Joined).into_iter().collect()
        }
    }
}

/// DER of `base` with one more RDN: `rdn_tagged` is the \[1\] IMPLICIT RelativeDistinguishedName.
fn join_rdn(base: &[u8], rdn_tagged: &[u8]) -> Option<Vec<u8>> {
    use sg17_asn1::{EncodingRules, read_one};
    let base_contents = read_one(base, EncodingRules::Der).ok()?.contents();
    let rdn_contents = read_one(rdn_tagged, EncodingRules::Der).ok()?.contents();
    let mut set = vec![0x31];
    push_len(&mut set, rdn_contents.len());
    set.extend_from_slice(rdn_contents);
    let mut out = vec![0x30];
    push_len(&mut out, base_contents.len() + set.len());
    out.extend_from_slice(base_contents);
    out.extend_from_slice(&set);
    Some(out)
}

/// X.690 8.1.3 definite length.
fn push_len(out: &mut Vec<u8>, n: usize) {
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let b = n.to_be_bytes();
        let skip = b.iter().take_while(|x| **x == 0).count();
        out.push(0x80 | (b.len() - skip) as u8);
        out.extend_from_slice(&b[skip..]);
    }
}

/// GeneralName equality for distribution point matching: directory names by RFC 5280 7.1,
/// DNS names and e-mail addresses without ASCII case, everything else by value.
fn general_names_equal(a: &GeneralName<'_>, b: &GeneralName<'_>) -> bool {
    use GeneralName as G;
    match (a, b) {
        (G::DirectoryName(x), G::DirectoryName(y)) => x.matches(y),
        (G::DnsName(x), G::DnsName(y)) | (G::Rfc822Name(x), G::Rfc822Name(y)) => x.eq_ignore_ascii_case(y),
        (G::Uri(x), G::Uri(y)) => x == y,
        (G::IpAddress(x), G::IpAddress(y)) | (G::X400Address(x), G::X400Address(y)) => x == y,
        (G::EdiPartyName(x), G::EdiPartyName(y)) => x == y,
        (G::RegisteredId(x), G::RegisteredId(y)) => x == y,
        (G::OtherName { type_id: t1, value: v1 }, G::OtherName { type_id: t2, value: v2 }) => {
            t1 == t2 && v1 == v2
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RevocationErrorKind as K;
    use RevocationMode::{HardFail, SoftFail};

    /// 2026-01-01T00:00:00Z, the validation time of the generated vectors
    /// (vectors/tools/x509/make_revocation.py).
    const T: i64 = 1_767_225_600;

    fn bytes(rel: &str) -> &'static [u8] {
        let p = format!("{}/tests/data/revocation/{rel}", env!("CARGO_MANIFEST_DIR"));
        Box::leak(std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}")).into_boxed_slice())
    }
    fn cert(n: &str) -> Certificate<'static> {
        Certificate::from_der(bytes(&format!("gen/{n}.der"))).unwrap()
    }
    fn crls(ns: &[&str]) -> Vec<Crl<'static>> {
        ns.iter().map(|n| Crl::from_der(bytes(&format!("gen/{n}.der"))).unwrap()).collect()
    }

    /// Checks `leaf` (issued by `issuer`, whose own issuer is `parent`) against the named CRLs.
    fn run(
        leaf: &str,
        issuer: &str,
        parent: Option<&str>,
        crl_names: &[&str],
        signers: &[&str],
        mode: RevocationMode,
        time: i64,
    ) -> Result<RevocationStatus, RevocationError> {
        let crls = crls(crl_names);
        let signers: Vec<_> = signers.iter().map(|n| cert(n)).collect();
        let parent = parent.map(cert);
        let ctx = CrlContext { crls: &crls, crl_signers: &signers, time, mode };
        check_certificate(&cert(leaf), &cert(issuer), parent.as_ref(), &ctx)
    }
    fn ca(leaf: &str, crl_names: &[&str], mode: RevocationMode) -> Result<RevocationStatus, RevocationError> {
        run(leaf, "ca", None, crl_names, &[], mode, T)
    }
    fn revoked(code: u8) -> Result<RevocationStatus, RevocationError> {
        Ok(RevocationStatus::Revoked { reason: Some(CrlReason(code)) })
    }
    fn err_kind(r: Result<RevocationStatus, RevocationError>) -> (RevocationErrorKind, &'static str) {
        let e = r.unwrap_err();
        (e.kind(), e.clause())
    }
    const GOOD: Result<RevocationStatus, RevocationError> = Ok(RevocationStatus::Good);
    const UNKNOWN: Result<RevocationStatus, RevocationError> = Ok(RevocationStatus::Unknown);
    const UNDETERMINED: (RevocationErrorKind, &str) = (K::Undetermined, "RFC 5280 6.3.3");

    #[test]
    fn rfc5280_6_3_3_j_serial_listed_in_complete_crl_is_revoked() {
        // Entry 0x1001 with reasonCode keyCompromise (1), RFC 5280 5.3.1.
        for mode in [SoftFail, HardFail] {
            assert_eq!(ca("leaf-revoked", &["crl-complete"], mode), revoked(1));
            assert_eq!(ca("leaf-good", &["crl-complete"], mode), GOOD);
        }
    }

    #[test]
    fn rfc5280_5_3_1_certificate_hold_counts_as_revoked() {
        assert_eq!(ca("leaf-hold", &["crl-complete"], HardFail), revoked(6));
    }

    #[test]
    fn revocation_mode_off_checks_nothing() {
        assert_eq!(ca("leaf-revoked", &["crl-complete"], RevocationMode::Off), UNKNOWN);
    }

    #[test]
    fn rfc5280_6_3_3_a_stale_crl_hardfail() {
        // nextUpdate 2025-12-15 is before T.
        let e = ca("leaf-revoked", &["crl-stale"], HardFail).unwrap_err();
        assert_eq!((e.kind(), e.clause()), (K::StaleCrl, "RFC 5280 6.3.3(a)(2)"));
        assert!(e.to_string().starts_with("RFC 5280 6.3.3(a)(2): CRL nextUpdate"), "{e}");
        assert_eq!(ca("leaf-revoked", &["crl-stale"], SoftFail), UNKNOWN);
        // A current CRL next to the stale one decides.
        assert_eq!(ca("leaf-good", &["crl-stale", "crl-complete"], HardFail), GOOD);
        // thisUpdate (2025-12-01) after the validation time: not yet usable.
        let before = 1_764_460_800; // 2025-11-30
        let r = run("leaf-revoked", "ca", None, &["crl-complete"], &[], HardFail, before);
        assert_eq!(err_kind(r), (K::StaleCrl, "RFC 5280 6.3.3(a)(2)"));
    }

    #[test]
    fn rfc5280_6_3_3_g_crl_signature_must_verify() {
        for crl in ["crl-bad-signature", "crl-wrong-key"] {
            assert_eq!(
                err_kind(ca("leaf-revoked", &[crl], HardFail)),
                (K::BadCrlSignature, "RFC 5280 6.3.3(g)")
            );
            assert_eq!(ca("leaf-revoked", &[crl], SoftFail), UNKNOWN);
        }
    }

    #[test]
    fn rfc5280_6_3_3_b_1_crl_of_another_issuer_does_not_apply() {
        // crl-other-ca lists 0x1002 (leaf-good's serial) but is issued by the Other CA.
        assert_eq!(err_kind(ca("leaf-good", &["crl-other-ca"], HardFail)), UNDETERMINED);
        assert_eq!(ca("leaf-good", &["crl-other-ca"], SoftFail), UNKNOWN);
        assert_eq!(ca("leaf-good", &["crl-other-ca", "crl-complete"], HardFail), GOOD);
    }

    #[test]
    fn rfc5280_6_3_3_f_crl_issuer_key_usage_lacks_crl_sign() {
        for mode in [SoftFail, HardFail] {
            let r = run("leaf-nocrlsign", "ca-nocrlsign", None, &["crl-nocrlsign"], &[], mode, T);
            assert_eq!(err_kind(r), (K::SignerNotAuthorized, "RFC 5280 6.3.3(f)"));
        }
    }

    #[test]
    fn rfc5280_5_2_unknown_critical_crl_extension_makes_crl_unusable() {
        for mode in [SoftFail, HardFail] {
            let r = ca("leaf-good", &["crl-unknown-critical"], mode);
            assert_eq!(err_kind(r), (K::UnsupportedCriticalExtension, "RFC 5280 5.2"));
        }
    }

    #[test]
    fn rfc5280_5_3_unknown_critical_entry_extension_makes_crl_unusable() {
        for mode in [SoftFail, HardFail] {
            let r = ca("leaf-good", &["crl-entry-unknown-critical"], mode);
            assert_eq!(err_kind(r), (K::UnsupportedCriticalExtension, "RFC 5280 5.3"));
        }
    }

    #[test]
    fn rfc5280_5_2_3_crl_number_missing_is_malformed() {
        assert_eq!(
            err_kind(ca("leaf-good", &["crl-no-number"], SoftFail)),
            (K::MalformedCrl, "RFC 5280 5.2.3")
        );
    }

    #[test]
    fn rfc5280_6_3_3_i_delta_crl_revokes() {
        // 0x1005 is only on the delta (base 10 = complete cRLNumber 10, delta number 11).
        assert_eq!(ca("leaf-delta-revoked", &["crl-complete"], HardFail), GOOD);
        assert_eq!(ca("leaf-delta-revoked", &["crl-complete", "crl-delta"], HardFail), revoked(1));
        assert_eq!(ca("leaf-delta-revoked", &["crl-delta", "crl-complete"], SoftFail), revoked(1));
    }

    #[test]
    fn rfc5280_6_3_3_k_remove_from_crl_in_delta_unrevokes() {
        // 0x1004 is on hold in the complete CRL and removeFromCRL in the delta.
        assert_eq!(ca("leaf-removed", &["crl-complete"], HardFail), revoked(6));
        assert_eq!(ca("leaf-removed", &["crl-complete", "crl-delta"], HardFail), GOOD);
        // The hold entry itself is untouched by the delta.
        assert_eq!(ca("leaf-hold", &["crl-complete", "crl-delta"], HardFail), revoked(6));
    }

    #[test]
    fn rfc5280_5_2_4_delta_with_newer_base_is_not_used() {
        // BaseCRLNumber 12 > complete cRLNumber 10.
        assert_eq!(ca("leaf-delta-revoked", &["crl-complete", "crl-delta-newer-base"], HardFail), GOOD);
    }

    #[test]
    fn rfc5280_6_3_3_delta_crl_alone_is_no_complete_crl() {
        assert_eq!(err_kind(ca("leaf-delta-revoked", &["crl-delta"], HardFail)), UNDETERMINED);
        assert_eq!(ca("leaf-delta-revoked", &["crl-delta"], SoftFail), UNKNOWN);
    }

    #[test]
    fn rfc5280_6_3_3_b_2_iii_only_contains_ca_certs() {
        // Both scoped CRLs list 0x1002 (leaf-good) and 0x2001 (subca, cA TRUE).
        assert_eq!(ca("subca", &["crl-ca-only"], HardFail), Ok(RevocationStatus::Revoked { reason: None }));
        assert_eq!(err_kind(ca("leaf-good", &["crl-ca-only"], HardFail)), UNDETERMINED);
    }

    #[test]
    fn rfc5280_6_3_3_b_2_ii_only_contains_user_certs() {
        assert_eq!(err_kind(ca("subca", &["crl-user-only"], HardFail)), UNDETERMINED);
        assert_eq!(
            ca("leaf-good", &["crl-user-only"], HardFail),
            Ok(RevocationStatus::Revoked { reason: None })
        );
    }

    #[test]
    fn rfc5280_6_3_3_b_2_i_distribution_point_names_must_match() {
        // leaf-dp-a points at a.crl; crl-idp-b (b.crl) lists its serial, crl-idp-a does not.
        assert_eq!(err_kind(ca("leaf-dp-a", &["crl-idp-b"], HardFail)), UNDETERMINED);
        assert_eq!(ca("leaf-dp-a", &["crl-idp-b", "crl-idp-a"], HardFail), GOOD);
        // A certificate without cRLDistributionPoints is not covered by a CRL whose IDP names a
        // distribution point.
        assert_eq!(err_kind(ca("leaf-good", &["crl-idp-a"], HardFail)), UNDETERMINED);
    }

    #[test]
    fn rfc5280_4_2_1_13_name_relative_to_crl_issuer() {
        // DP nameRelativeToCRLIssuer CN=Partition 1 is CN=sg17 Test CA + CN=Partition 1.
        assert_eq!(ca("leaf-dp-rel", &["crl-idp-rel"], HardFail), revoked(4));
        assert_eq!(ca("leaf-dp-rel", &["crl-idp-rel-full"], HardFail), revoked(4));
        assert_eq!(err_kind(ca("leaf-dp-rel", &["crl-idp-rel-other"], HardFail)), UNDETERMINED);
    }

    #[test]
    fn rfc5280_6_3_3_e_reason_partitions_must_cover_all_reasons() {
        let e = ca("leaf-dp-p", &["crl-part-key"], HardFail).unwrap_err();
        assert_eq!((e.kind(), e.clause()), UNDETERMINED);
        assert!(e.detail().contains("0x006"), "{e}");
        assert_eq!(ca("leaf-dp-p", &["crl-part-key"], SoftFail), UNKNOWN);
        assert_eq!(ca("leaf-dp-p", &["crl-part-key", "crl-part-other"], HardFail), GOOD);
        assert_eq!(ca("leaf-dp-p2", &["crl-part-key", "crl-part-other"], HardFail), revoked(4));
    }

    #[test]
    fn rfc5280_6_3_3_f_separate_certificate_and_crl_keys() {
        let split = |leaf, crls: &[&str], signers: &[&str], mode| {
            run(leaf, "split-ca", Some("root"), crls, signers, mode, T)
        };
        let signer = ["split-crl-signer"];
        assert_eq!(split("leaf-split", &["crl-split", "crl-root"], &signer, HardFail), revoked(1));
        assert_eq!(split("leaf-split-good", &["crl-split", "crl-root"], &signer, HardFail), GOOD);
        // Without the CRL signing certificate no key verifies the CRL.
        let r = split("leaf-split", &["crl-split", "crl-root"], &[], HardFail);
        assert_eq!(err_kind(r), (K::BadCrlSignature, "RFC 5280 6.3.3(g)"));
        // The Root's CRL revokes the CRL signing certificate (PKITS 4.4.20 layout).
        let r = split("leaf-split", &["crl-split", "crl-root-revokes-signer"], &signer, HardFail);
        assert_eq!(err_kind(r), (K::CrlSignerRejected, "RFC 5280 6.3.3(f)"));
        let r = split("leaf-split", &["crl-split", "crl-root-revokes-signer"], &signer, SoftFail);
        assert_eq!(r, UNKNOWN);
        // HardFail: the signer's own status must be determinable too.
        let r = split("leaf-split", &["crl-split"], &signer, HardFail);
        assert_eq!(err_kind(r), (K::CrlSignerRejected, "RFC 5280 6.3.3(f)"));
        assert_eq!(split("leaf-split", &["crl-split"], &signer, SoftFail), revoked(1));
    }

    #[test]
    fn rfc5280_5_3_3_indirect_crl_certificate_issuer_is_inherited() {
        // Entries: 0x5001 (certificateIssuer Other CA), 0x5003 (inherits Other CA),
        // 0x5002 (certificateIssuer Test CA), 0x5004 (inherits Test CA).
        let ind = |leaf, crls: &[&str], mode| run(leaf, "ca", None, crls, &["indirect-signer"], mode, T);
        let all = ["crl-indirect", "crl-complete"];
        assert_eq!(ind("leaf-indirect-5001", &all, HardFail), GOOD);
        assert_eq!(ind("leaf-indirect-5003", &all, HardFail), GOOD);
        assert_eq!(ind("leaf-indirect-5004", &all, HardFail), Ok(RevocationStatus::Revoked { reason: None }));
        // 6.3.3(b)(1): a cRLIssuer in the DP needs indirectCRL in the CRL's IDP.
        let r = ind("leaf-indirect-5004", &["crl-indirect-flag-missing", "crl-complete"], HardFail);
        assert_eq!(err_kind(r), UNDETERMINED);
        // The indirect CRL issuer's certificate needs a status of its own in HardFail.
        assert_eq!(err_kind(ind("leaf-indirect-5001", &["crl-indirect"], HardFail)).0, K::CrlSignerRejected);
    }

    /// x509-limbo's `crl::*` cases (tests/data/revocation/limbo, extracted by
    /// vectors/tools/x509/extract_limbo_crl.py): SUCCESS must be `Good`, FAILURE a revocation
    /// or an error, in HardFail mode (every case supplies the CRL of the leaf's issuer).
    #[test]
    fn x509_limbo_crl_cases() {
        let dir = format!("{}/tests/data/revocation/limbo", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), 8);
        for name in names {
            let meta = std::str::from_utf8(bytes(&format!("limbo/{name}/meta.txt"))).unwrap();
            let field = |k: &str| meta.lines().find_map(|l| l.strip_prefix(k)).unwrap();
            let time: i64 = field("time=").parse().unwrap();
            let leaf = Certificate::from_der(bytes(&format!("limbo/{name}/leaf.der"))).unwrap();
            let roots: Vec<_> = (0..)
                .map_while(|i| {
                    let p = format!("{dir}/{name}/root{i}.der");
                    std::path::Path::new(&p).exists().then(|| bytes(&format!("limbo/{name}/root{i}.der")))
                })
                .map(|b| Certificate::from_der(b).unwrap())
                .collect();
            let crls: Vec<_> = (0..)
                .map_while(|i| {
                    let p = format!("{dir}/{name}/crl{i}.der");
                    std::path::Path::new(&p).exists().then(|| bytes(&format!("limbo/{name}/crl{i}.der")))
                })
                .map(|b| Crl::from_der(b).unwrap())
                .collect();
            let issuer = roots.iter().find(|r| leaf.verify_signature(r.public_key()).is_ok()).unwrap();
            let ctx = CrlContext { crls: &crls, crl_signers: &[], time, mode: HardFail };
            let got = check_certificate(&leaf, issuer, None, &ctx);
            let detail = match (&got, name.as_str()) {
                (Ok(RevocationStatus::Revoked { .. }), "revoked-certificate-with-crl") => "revoked",
                (Err(e), "crlnumber-missing" | "crlnumber-critical") if e.clause() == "RFC 5280 5.2.3" => {
                    "malformed"
                }
                (Err(e), "issuer-missing-crlsign") if e.kind() == K::SignerNotAuthorized => "unauthorized",
                (Ok(RevocationStatus::Good), _) => "good",
                _ => "other",
            };
            match field("expected=") {
                "SUCCESS" => assert_eq!(detail, "good", "{name}: {got:?}"),
                "FAILURE" => {
                    assert!(matches!(detail, "revoked" | "malformed" | "unauthorized"), "{name}: {got:?}")
                }
                x => panic!("{name}: expected={x}"),
            }
        }
    }

    #[test]
    fn x690_8_1_3_join_rdn_long_form_length() {
        // A base name whose contents exceed 127 octets forces the long length form.
        let cn = vec![b'a'; 150];
        let mut atv = vec![0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x81, 150];
        atv.extend_from_slice(&cn);
        let mut seq_atv = vec![0x30, 0x81, atv.len() as u8];
        seq_atv.extend_from_slice(&atv);
        let mut set = vec![0x31, 0x81, seq_atv.len() as u8];
        set.extend_from_slice(&seq_atv);
        let mut base = vec![0x30, 0x81, set.len() as u8];
        base.extend_from_slice(&set);
        Name::from_der(&base).unwrap();
        // [1] { SEQUENCE { OID cn, UTF8String "b" } }
        let rdn = [0xa1, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, b'b'];
        let joined = join_rdn(&base, &rdn).unwrap();
        let n = Name::from_der(&joined).unwrap();
        assert_eq!(n.rdns().count(), 2);
        assert_eq!(n.common_name().as_deref(), Some("b"));
    }

    #[test]
    fn x690_8_3_cmp_uint_by_value() {
        let i = |b: &'static [u8]| Integer::from_contents(b, 0).unwrap();
        assert_eq!(cmp_uint(i(&[0x00, 0x80]), i(&[0x7f])), Ordering::Greater);
        assert_eq!(cmp_uint(i(&[0x01, 0x00]), i(&[0x00, 0xff])), Ordering::Greater);
        assert_eq!(cmp_uint(i(&[0x05]), i(&[0x05])), Ordering::Equal);
    }
}
