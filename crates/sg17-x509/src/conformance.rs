//! The `x509-parse` conformance-vector semantics (`vectors/x509/`, run by `sg17 vectors run`):
//! what an input is accepted as, or which clause it is rejected for.

use crate::{Document, lint};
use serde_json::Value;

/// Why an input was rejected: the clause (e.g. `"RFC 5280 4.2.1.9"`, `"X.690 10.1"`) and the
/// full message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The clause of the broken rule, with its document prefix.
    pub clause: &'static str,
    /// The error message.
    pub message: String,
}

/// Parses `input` as a certificate, CRL, CSR or attribute certificate
/// ([`Document::from_der`]). A parse error, or else the first extension problem (malformed
/// value, unrecognised critical extension; of the object, then of CRL entries; for an AC,
/// [`crate::AttributeCertificate::problems`]), rejects it. Otherwise the output is the object's JSON form
/// plus `"lint": {rule: clause}` for every lint finding.
///
/// ```
/// // A truncated SEQUENCE is rejected for its X.690 clause.
/// let r = sg17_x509::conformance::evaluate(&[0x30, 0x03, 0x02]).unwrap_err();
/// assert!(r.clause.starts_with("X.690"));
/// ```
pub fn evaluate(input: &[u8]) -> Result<Value, Rejection> {
    let doc =
        Document::from_der(input).map_err(|e| Rejection { clause: e.clause(), message: e.to_string() })?;
    let (mut out, problems, findings) = match doc {
        Document::Certificate(c) => (crate::to_json(&c), c.extensions().problems(), lint::certificate(&c)),
        Document::Crl(c) => {
            let mut p = c.extensions().problems();
            for r in c.revoked() {
                p.extend(r.extensions.problems());
            }
            (crate::crl_to_json(&c), p, lint::crl(&c))
        }
        Document::Csr(c) => (crate::csr_to_json(&c), c.extensions().problems(), Vec::new()),
        Document::AttributeCertificate(c) => (crate::attribute_cert_to_json(&c), c.problems(), Vec::new()),
    };
    if let Some(p) = problems.first() {
        return Err(Rejection { clause: p.clause(), message: p.to_string() });
    }
    let l = findings.into_iter().map(|f| (f.rule.to_owned(), Value::String(f.clause.to_owned()))).collect();
    out["lint"] = Value::Object(l);
    Ok(out)
}
