//! Runs every bundled conformance vector through the library-side runner, the same code that
//! `sg17 vectors run` uses, so `cargo test --workspace` covers the suites too.

use sg17_cli::vectors::{self, Outcome};
use std::path::Path;

fn bundled() -> Vec<vectors::SuiteResult> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors");
    vectors::discover(&[dir]).unwrap().iter().map(|f| vectors::run_file(f).unwrap()).collect()
}

#[test]
fn every_bundled_vector_gets_its_expected_result() {
    let suites = bundled();
    let failures: Vec<String> = suites
        .iter()
        .flat_map(|s| &s.tests)
        .filter_map(|t| match &t.outcome {
            Outcome::Fail(why) => Some(format!("{}/{} (clause {}): {why}", t.suite, t.id, t.clause)),
            _ => None,
        })
        .collect();
    assert!(failures.is_empty(), "{} failing vectors:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn x690_suites_cover_at_least_300_vectors_of_each_kind_of_rule() {
    let suites = bundled();
    let x690: Vec<_> = suites.iter().filter(|s| s.runner == "asn1-decode").flat_map(|s| &s.tests).collect();
    assert!(x690.len() >= 300, "only {} X.690 vectors", x690.len());
    let invalid = x690.iter().filter(|t| t.expected == "invalid").count();
    assert!(invalid >= 100, "only {invalid} invalid X.690 vectors");
    // Clause 8 (BER), 9 (CER), 10 and 11 (DER) are each exercised.
    for prefix in ["8.", "9.", "10.", "11."] {
        assert!(x690.iter().any(|t| t.clause.starts_with(prefix)), "no vector for clause {prefix}x");
    }
}

#[test]
fn every_bundled_suite_has_a_runner() {
    let skipped: Vec<_> = bundled()
        .iter()
        .flat_map(|s| &s.tests)
        .filter(|t| matches!(t.outcome, Outcome::Skip(_)))
        .map(|t| format!("{}/{}", t.suite, t.id))
        .collect();
    assert!(skipped.is_empty(), "{} skipped, e.g. {:?}", skipped.len(), &skipped[..skipped.len().min(5)]);
}

#[test]
fn x691_annex_a_and_asn1tools_differential_suites_are_bundled() {
    let suites = bundled();
    let n: usize = suites.iter().filter(|s| s.runner == "asn1-schema").map(|s| s.tests.len()).sum();
    assert!(n >= 1000, "only {n} asn1-schema vectors");
    assert!(suites.iter().any(|s| s.path.ends_with("x691-annex-a.json")));
}

#[test]
fn x509_suites_cover_at_least_150_vectors() {
    let suites = bundled();
    let n: usize = suites.iter().filter(|s| s.runner == "x509-parse").map(|s| s.tests.len()).sum();
    assert!(n >= 150, "only {n} x509-parse vectors");
}
