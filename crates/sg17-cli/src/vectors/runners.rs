//! One runner per kind of suite. A vector file names its runner; unknown runners skip.

use super::Outcome;
use super::format::{VectorTest, Verdict};
use super::matching::subset;
use sg17_asn1::{EncodingRules, Value};
use std::collections::HashMap;
use std::path::Path;

/// What runners keep between the tests of one file (e.g. compiled ASN.1 schemas).
#[derive(Default)]
pub struct Context {
    base: std::path::PathBuf,
    schemas: HashMap<String, Result<sg17_asn1_schema::Schema, String>>,
}

impl Context {
    /// A context for a vector file in directory `base` (relative paths in tests resolve there).
    #[must_use]
    pub fn new(base: &Path) -> Self {
        Context { base: base.to_owned(), schemas: HashMap::new() }
    }
}

/// Runs `t` with the runner called `name`; returns the outcome and what the library said.
#[must_use]
pub fn run(name: &str, t: &VectorTest, input: &[u8], ctx: &mut Context) -> (Outcome, String) {
    match name {
        "asn1-decode" => asn1_decode(t, input),
        "x509-parse" => x509_parse(t, input),
        "asn1-schema" => asn1_schema(t, input, ctx),
        other => (Outcome::Skip(format!("no runner named {other:?} in this build")), String::new()),
    }
}

/// X.690 decoding: `Value::decode` under the test's encoding rules; valid inputs must match
/// `expected` and, under CER and DER, re-encode to the same octets; invalid inputs must be
/// rejected for the test's clause.
fn asn1_decode(t: &VectorTest, input: &[u8]) -> (Outcome, String) {
    let rules: EncodingRules = match t.encoding.as_deref().unwrap_or("BER").parse() {
        Ok(r) => r,
        Err(e) => return (Outcome::Fail(e.to_string()), String::new()),
    };
    let decoded = Value::decode(input, rules);
    let detail = match &decoded {
        Ok(v) => v.to_string(),
        Err(e) => e.to_string(),
    };
    let outcome = match (t.result, decoded) {
        (Verdict::Acceptable, _) => Outcome::Pass,
        (Verdict::Valid, Err(e)) => Outcome::Fail(format!("rejected: {e}")),
        (Verdict::Valid, Ok(v)) => {
            let json = v.to_json();
            let reencoded = match rules {
                EncodingRules::Der => Some(v.to_der()),
                EncodingRules::Cer => Some(v.to_cer()),
                EncodingRules::Ber => None,
            };
            match (&t.expected, reencoded) {
                (Some(exp), _) if subset(exp, &json).is_err() => {
                    let at = subset(exp, &json).unwrap_err();
                    Outcome::Fail(format!("value differs at {at}: got {json}"))
                }
                (_, Some(re)) if re != input => {
                    Outcome::Fail(format!("{rules} re-encoding differs: {}", hex::encode(re)))
                }
                _ => Outcome::Pass,
            }
        }
        (Verdict::Invalid, Ok(_)) => Outcome::Fail("accepted an invalid encoding".into()),
        (Verdict::Invalid, Err(e)) => {
            if e.kind().clause_number() == t.clause {
                Outcome::Pass
            } else {
                Outcome::Fail(format!(
                    "rejected for clause {} instead of {}: {e}",
                    e.kind().clause_number(),
                    t.clause
                ))
            }
        }
    };
    (outcome, detail)
}

/// X.509 parsing (`sg17_x509::conformance::evaluate`): valid inputs must be accepted with
/// `expected` a subset of the JSON output; invalid ones rejected for exactly the test's clause
/// (full string, e.g. `RFC 5280 4.2.1.9`: the suite mixes documents); acceptable ones may go
/// either way, but if accepted must match `expected`.
fn x509_parse(t: &VectorTest, input: &[u8]) -> (Outcome, String) {
    let res = sg17_x509::conformance::evaluate(input);
    let detail = match &res {
        Ok(_) => "accepted".to_owned(),
        Err(r) => r.message.clone(),
    };
    let outcome = match (t.result, res) {
        (Verdict::Valid, Err(r)) => Outcome::Fail(format!("rejected: {}", r.message)),
        (Verdict::Invalid, Ok(_)) => Outcome::Fail("accepted an invalid input".into()),
        (Verdict::Invalid, Err(r)) if r.clause != t.clause => {
            Outcome::Fail(format!("rejected for {} instead of {}: {}", r.clause, t.clause, r.message))
        }
        (_, Ok(out)) => match t.expected.as_ref().map(|e| subset(e, &out)) {
            Some(Err(at)) => Outcome::Fail(format!("value differs at {at}: got {out}")),
            _ => Outcome::Pass,
        },
        (_, Err(_)) => Outcome::Pass,
    };
    (outcome, detail)
}

/// ASN.1 schema codecs (`sg17_asn1_schema::conformance::check`): `expected` holds `spec`
/// (relative to the vector file; a directory is a multi-module set, `conformance::load_spec`), `type`, `rules` (uper, per, oer, jer, xer, ber, der, ...) and
/// `value` (X.697 JSON); the value must encode to `input` and `input` decode to the value.
fn asn1_schema(t: &VectorTest, input: &[u8], ctx: &mut Context) -> (Outcome, String) {
    let Some(exp) = &t.expected else {
        return (Outcome::Fail("asn1-schema vectors need `expected`".into()), String::new());
    };
    let field = |k: &str| exp.get(k).and_then(|v| v.as_str()).unwrap_or_default();
    let (spec, ty) = (field("spec"), field("type"));
    let rules: sg17_asn1_schema::Rules = match field("rules").parse() {
        Ok(r) => r,
        Err(e) => return (Outcome::Fail(format!("rules: {e}")), String::new()),
    };
    let base = ctx.base.clone();
    let schema = ctx
        .schemas
        .entry(spec.to_owned())
        .or_insert_with(|| sg17_asn1_schema::conformance::load_spec(&base, spec));
    let schema = match schema {
        Ok(s) => s,
        Err(e) => return (Outcome::Fail(e.clone()), String::new()),
    };
    // Inner subtype constraints (X.680 51.8) are checked where a vector asks for it; the
    // asn1tools random-value vectors do not (`conformance::load_spec`).
    schema.set_inner_checks(exp.get("inner_checks").and_then(serde_json::Value::as_bool).unwrap_or(false));
    let res = match t.result {
        Verdict::Invalid => sg17_asn1_schema::conformance::check_invalid(schema, ty, rules, input, &t.clause),
        Verdict::Valid => {
            let value = exp.get("value").cloned().unwrap_or_default();
            sg17_asn1_schema::conformance::check(schema, ty, rules, input, &value)
        }
        // Either outcome conforms.
        Verdict::Acceptable => Ok(()),
    };
    let outcome = match res {
        Ok(()) => Outcome::Pass,
        Err(e) => Outcome::Fail(e),
    };
    (outcome, String::new())
}
