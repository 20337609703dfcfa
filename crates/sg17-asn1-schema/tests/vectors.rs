//! Runs the committed vectors in vectors/asn1-schema/: X.691 Annex A (octets from X.691 as
//! reproduced by asn1tools) and the asn1tools differential vectors, for every rule.
//!
//! For each valid case: the value (JER JSON, X.697) encodes to exactly `input` (JER: the same
//! JSON; XER: sg17's CXER reads back as the value), and `input` decodes to the value (compared
//! with DEFAULT-valued components removed on both sides). An invalid case must be rejected for
//! exactly its clause (`conformance::check_invalid`).

use sg17_asn1_schema::{Rules, Schema};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors/asn1-schema")
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// Runs one vector file; returns (passed, failures).
fn run_file(path: &Path, schemas: &mut HashMap<String, Schema>) -> (usize, Vec<String>) {
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(doc["runner"], "asn1-schema");
    let mut passed = 0;
    let mut failures = Vec::new();
    for t in doc["tests"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        let exp = &t["expected"];
        let spec = exp["spec"].as_str().unwrap();
        let schema = schemas
            .entry(spec.to_owned())
            .or_insert_with(|| sg17_asn1_schema::conformance::load_spec(&vectors_dir(), spec).unwrap());
        let ty = exp["type"].as_str().unwrap();
        let rules: Rules = exp["rules"].as_str().unwrap().parse().unwrap();
        let input = hex(t["input"].as_str().unwrap());
        schema.set_inner_checks(exp["inner_checks"].as_bool().unwrap_or(false));
        let res = if t["result"] == "invalid" {
            sg17_asn1_schema::conformance::check_invalid(
                schema,
                ty,
                rules,
                &input,
                t["clause"].as_str().unwrap(),
            )
        } else {
            sg17_asn1_schema::conformance::check(schema, ty, rules, &input, &exp["value"])
        };
        match res {
            Ok(()) => passed += 1,
            Err(e) => failures.push(format!("{id}: {e}")),
        }
    }
    (passed, failures)
}

fn run(pattern: impl Fn(&str) -> bool) -> usize {
    let mut schemas = HashMap::new();
    let mut total = 0;
    let mut all_failures = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(vectors_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") || !pattern(&name) {
            continue;
        }
        let (p, fails) = run_file(&f, &mut schemas);
        total += p;
        all_failures.extend(fails.into_iter().map(|x| format!("{name}: {x}")));
    }
    for f in all_failures.iter().take(40) {
        eprintln!("{f}");
    }
    assert!(all_failures.is_empty(), "{} failures, {total} passed", all_failures.len());
    total
}

#[test]
fn x691_annex_a_aligned_and_unaligned_match_octets() {
    assert_eq!(run(|n| n == "x691-annex-a.json"), 8);
}

#[test]
fn x691_per_aligned_differential_vs_asn1tools() {
    assert!(run(|n| n.ends_with("-per.json")) > 500);
}

#[test]
fn x691_per_unaligned_differential_vs_asn1tools() {
    assert!(run(|n| n.ends_with("-uper.json")) > 500);
}

#[test]
fn x696_oer_differential_vs_asn1tools() {
    assert!(run(|n| n.ends_with("-oer.json")) > 500);
}

#[test]
fn x697_jer_differential_vs_asn1tools() {
    assert!(run(|n| n.ends_with("-jer.json")) > 500);
}

#[test]
fn x690_ber_differential_vs_asn1tools() {
    assert!(run(|n| n.ends_with("-ber.json")) > 500);
}

#[test]
fn x690_der_differential_vs_asn1tools() {
    assert!(run(|n| n.ends_with("-der.json")) > 500);
}

#[test]
fn x693_xer_differential_vs_asn1tools() {
    assert!(run(|n| n.ends_with("-xer.json")) > 500);
}

/// `sg17-constraints.json`: inner subtyping (X.680 51.8), value range / SIZE / FROM
/// (X.680 51.4, 51.5, 51.7) and exact constraint roots (X.680 50, 51.2-51.9: unions, EXCEPT,
/// single values, PATTERN) in every rule, octets from asn1tools, verdicts from the constraint
/// text; an invalid vector passes only if the decoder rejects it for exactly its clause.
#[test]
fn x680_51_constraint_vectors() {
    assert_eq!(run(|n| n == "sg17-constraints.json"), 294);
}
