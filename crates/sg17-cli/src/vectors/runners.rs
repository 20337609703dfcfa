//! One runner per kind of suite. A vector file names its runner; unknown runners skip.

use super::Outcome;
use super::format::{VectorTest, Verdict};
use super::matching::subset;
use sg17_asn1::{EncodingRules, Value};

/// Runs `t` with the runner called `name`; returns the outcome and what the library said.
#[must_use]
pub fn run(name: &str, t: &VectorTest, input: &[u8]) -> (Outcome, String) {
    match name {
        "asn1-decode" => asn1_decode(t, input),
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
