//! OCSP responses (RFC 6960) as supplied revocation data for one certificate of a path.
//!
//! [`check_certificate`] looks through the responses the caller supplies (nothing is fetched)
//! for a SingleResponse whose CertID names the certificate (hashes of its issuer Name and of
//! the issuer's subjectPublicKey, and its serial; RFC 6960 4.1.1) and accepts it only when
//! (RFC 6960 3.2):
//!
//! 1. the response is `successful` and of type id-pkix-ocsp-basic (4.2.1);
//! 2. its signature verifies with the key of the signer the responderID names (byName: the
//!    subject, byKey: SHA-1 of the subjectPublicKey; 3.2 items 2-3);
//! 3. the signer is the certificate's issuer itself, or a delegated responder (4.2.2.2): a
//!    certificate from the response's `certs` or from the supplied intermediates, issued and
//!    signed by that same issuer, within its validity period at the validation time, with
//!    id-kp-OCSPSigning in extendedKeyUsage;
//! 4. `thisUpdate <= time` (3.2 item 5, with no tolerance for clock skew: the validation time
//!    is the caller's) and, when present, `time <= nextUpdate` (item 6). A response without
//!    nextUpdate is accepted once thisUpdate has passed: RFC 6960 4.2.2.1 says newer
//!    information is then available at any time, and no maximum age is imposed;
//! 5. no critical responseExtension or singleExtension other than the nonce (4.4).
//!
//! A revocation from any acceptable response wins over a `good` from another. A response
//! that fails a check is skipped with a [`Rejection`] saying which response and why; the
//! caller decides what no status means (the path validator: soft-fail passes, hard-fail
//! fails with the rejections in its message).
//!
//! Not done: the delegated responder's own revocation status is not checked (whether or not
//! it carries id-pkix-ocsp-nocheck, 4.2.2.2.1); the nonce is not compared with a request;
//! producedAt is not checked; responder certificates are not chained beyond the issuer.

use crate::extensions::CrlReason;
use crate::ocsp::{BasicOcspResponse, CertStatus, OcspResponse, ResponderId, ResponseStatus};
use crate::{Certificate, ParsedExtension, SubjectPublicKeyInfo, Time, oids};
use core::fmt;

/// The responses and certificates shared by the checks of one path.
#[derive(Clone, Copy, Debug)]
pub struct OcspContext<'r, 'a> {
    /// The supplied OCSP responses, in any order.
    pub responses: &'r [OcspResponse<'a>],
    /// Certificates that may be delegated responders when a response does not include its
    /// signer's certificate (the path's intermediate pool).
    pub pool: &'r [Certificate<'a>],
    /// Validation time, Unix seconds.
    pub time: i64,
}

/// Why a supplied response did not give a status for the certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// Index of the response in [`OcspContext::responses`].
    pub response: usize,
    /// The clause the response fails, e.g. `"RFC 6960 4.2.2.2"`.
    pub clause: &'static str,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OCSP response #{}: {}: {}", self.response, self.clause, self.reason)
    }
}

/// The outcome of [`check_certificate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OcspStatus {
    /// An acceptable response says `good` (and none says `revoked`).
    Good {
        /// Index of the response.
        response: usize,
    },
    /// An acceptable response says `revoked`.
    Revoked {
        /// Index of the response.
        response: usize,
        /// revocationTime.
        time: Time,
        /// revocationReason.
        reason: Option<CrlReason>,
    },
    /// No acceptable response gives a status; the rejections say why, one per response that
    /// was looked at (empty when no response was supplied).
    NoStatus(Vec<Rejection>),
}

/// Checks `cert`, issued by `issuer` (whose key, completed with inherited DSA parameters if
/// need be, is `issuer_key`), against the supplied responses (RFC 6960 3.2).
///
/// ```
/// use sg17_x509::Certificate;
/// use sg17_x509::ocsp::OcspResponse;
/// use sg17_x509::path::ocsp::{OcspContext, OcspStatus, check_certificate};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/ocsp/");
/// let read = |f: &str| std::fs::read(format!("{dir}{f}")).unwrap();
/// let (ica, leaf, resp) = (read("ica.der"), read("leaf-revoked.der"), read("revoked-key-compromise.der"));
/// let (ica, leaf) = (Certificate::from_der(&ica)?, Certificate::from_der(&leaf)?);
/// let responses = [OcspResponse::from_der(&resp)?];
/// let ctx = OcspContext { responses: &responses, pool: &[], time: 1_780_272_000 };
/// let status = check_certificate(&leaf, &ica, ica.public_key(), &ctx);
/// assert!(matches!(status, OcspStatus::Revoked { response: 0, reason: Some(r), .. } if r.0 == 1));
/// // A day before thisUpdate the same response is not acceptable (RFC 6960 3.2 item 5).
/// let early = OcspContext { time: 1_780_272_000 - 2 * 86_400, ..ctx };
/// let OcspStatus::NoStatus(why) = check_certificate(&leaf, &ica, ica.public_key(), &early) else { panic!() };
/// assert_eq!(why[0].clause, "RFC 6960 3.2(5)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn check_certificate(
    cert: &Certificate<'_>,
    issuer: &Certificate<'_>,
    issuer_key: &SubjectPublicKeyInfo<'_>,
    ctx: &OcspContext<'_, '_>,
) -> OcspStatus {
    let mut rejections = Vec::new();
    let mut good = None;
    let time = ctx.time;
    for (i, resp) in ctx.responses.iter().enumerate() {
        let reject = |clause, reason: String| Rejection { response: i, clause, reason };
        let Some(basic) = resp.basic() else {
            let st: ResponseStatus = resp.status();
            rejections.push(reject("RFC 6960 4.2.1", format!("responseStatus {st} carries no status")));
            continue;
        };
        let mut unsupported_hash = None;
        let matching: Vec<_> = basic
            .responses()
            .filter(|s| match s.cert_id.matches(cert, issuer) {
                Some(m) => m,
                None => {
                    unsupported_hash = Some(s.cert_id.hash_algorithm.name());
                    false
                }
            })
            .collect();
        if matching.is_empty() {
            let mut why = format!(
                "no SingleResponse for serial {} issued by {} (CertID: hashes of the issuer name and key, serial)",
                cert.serial_hex(),
                cert.issuer()
            );
            if let Some(h) = unsupported_hash {
                why.push_str(&format!("; a CertID uses the unsupported hash {h}"));
            }
            rejections.push(reject("RFC 6960 3.2(1)", why));
            continue;
        }
        if let Err((clause, why)) = authorize(basic, issuer, issuer_key, ctx) {
            rejections.push(reject(clause, why));
            continue;
        }
        if let Some(e) = basic.extensions().iter().find(|e| e.critical() && !e.is(oids::OCSP_NONCE)) {
            rejections
                .push(reject("RFC 6960 4.4", format!("unsupported critical responseExtension {}", e.name())));
            continue;
        }
        for s in matching {
            if s.this_update.unix_timestamp() > time {
                rejections.push(reject(
                    "RFC 6960 3.2(5)",
                    format!("thisUpdate {} is after the validation time", s.this_update),
                ));
                continue;
            }
            if let Some(n) = s.next_update
                && n.unix_timestamp() < time
            {
                rejections.push(reject(
                    "RFC 6960 3.2(6)",
                    format!("nextUpdate {n} is before the validation time: the response is stale"),
                ));
                continue;
            }
            if let Some(e) = s.extensions.iter().find(|e| e.critical()) {
                rejections.push(reject(
                    "RFC 6960 4.4",
                    format!("unsupported critical singleExtension {}", e.name()),
                ));
                continue;
            }
            match s.status {
                CertStatus::Revoked { time, reason } => {
                    return OcspStatus::Revoked { response: i, time, reason };
                }
                CertStatus::Good => {
                    good.get_or_insert(i);
                }
                CertStatus::Unknown => rejections.push(reject(
                    "RFC 6960 2.2",
                    "certStatus unknown: the responder does not know the certificate".to_owned(),
                )),
            }
        }
    }
    match good {
        Some(response) => OcspStatus::Good { response },
        None => OcspStatus::NoStatus(rejections),
    }
}

/// Whether the responderID names `cert` (RFC 6960 4.2.1).
fn names(rid: &ResponderId<'_>, cert: &Certificate<'_>) -> bool {
    match rid {
        ResponderId::ByName(n) => n.matches(cert.subject()),
        ResponderId::ByKey(k) => *k == crate::ocsp::key_hash(cert.public_key()),
    }
}

/// RFC 6960 3.2 items 2-4 and 4.2.2.2: the signer named by the responderID is the issuer or
/// a delegated responder of it, and its key verifies the signature.
fn authorize(
    basic: &BasicOcspResponse<'_>,
    issuer: &Certificate<'_>,
    issuer_key: &SubjectPublicKeyInfo<'_>,
    ctx: &OcspContext<'_, '_>,
) -> Result<(), (&'static str, String)> {
    let rid = basic.responder_id();
    if names(rid, issuer) {
        return basic.verify_signature(issuer_key).map_err(|e| {
            (
                "RFC 6960 3.2(2)",
                format!("signature does not verify with the key of the issuer {}: {e}", issuer.subject()),
            )
        });
    }
    let mut first_err = None;
    let included: Vec<Certificate<'_>> = basic.certs().collect();
    for cand in included.iter().chain(ctx.pool.iter()).filter(|c| names(rid, c)) {
        match delegated(basic, cand, issuer, issuer_key, ctx.time) {
            Ok(()) => return Ok(()),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(first_err.unwrap_or_else(|| {
        let how = match rid {
            ResponderId::ByName(_) => "byName",
            ResponderId::ByKey(_) => "byKey",
        };
        (
            "RFC 6960 4.2.2.2",
            format!(
                "no signer: responderID {how} {rid} names neither the issuer {} nor a certificate in the \
                 response or among the supplied intermediates",
                issuer.subject()
            ),
        )
    }))
}

/// A delegated responder certificate (RFC 6960 4.2.2.2).
fn delegated(
    basic: &BasicOcspResponse<'_>,
    cand: &Certificate<'_>,
    issuer: &Certificate<'_>,
    issuer_key: &SubjectPublicKeyInfo<'_>,
    time: i64,
) -> Result<(), (&'static str, String)> {
    const CLAUSE: &str = "RFC 6960 4.2.2.2";
    let who = cand.subject().to_string();
    if !cand.issuer().matches(issuer.subject()) || cand.verify_signature(issuer_key).is_err() {
        return Err((
            CLAUSE,
            format!(
                "delegated responder {who} is not issued by {}, the CA that issued the certificate \
                 (its issuer is {})",
                issuer.subject(),
                cand.issuer()
            ),
        ));
    }
    let ocsp_signing = match cand.extensions().parsed(oids::EXT_EXTENDED_KEY_USAGE) {
        Some(Ok(ParsedExtension::ExtendedKeyUsage(k))) => k.iter().any(|o| oids::KP_OCSP_SIGNING.matches(o)),
        _ => false,
    };
    if !ocsp_signing {
        return Err((
            CLAUSE,
            format!("delegated responder {who} lacks id-kp-OCSPSigning in extendedKeyUsage"),
        ));
    }
    if !cand.validity().contains(time) {
        let v = cand.validity();
        return Err((
            CLAUSE,
            format!(
                "delegated responder {who} is valid {} to {}, not at the validation time",
                v.not_before, v.not_after
            ),
        ));
    }
    basic.verify_signature(cand.public_key()).map_err(|e| {
        (
            "RFC 6960 3.2(2)",
            format!("signature does not verify with the key of delegated responder {who}: {e}"),
        )
    })
}
