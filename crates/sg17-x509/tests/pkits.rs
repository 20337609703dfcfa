//! NIST PKITS 1.0.1 (Public Key Interoperability Test Suite, Certification Path Validation)
//! section 4 through `sg17_x509::path::Verifier`.
//!
//! Data and expected results: `vectors/pkits/pkits.json`, built by
//! `vectors/tools/pkits/gen_pkits.py` from NIST's PKITS data (see `vectors/pkits/README.md`).
//! Each test runs with the inputs the PKITS document gives it (user-initial-policy-set,
//! initial-explicit-policy, initial-policy-mapping-inhibit, initial-any-policy-inhibit), at the
//! file's validation time, with:
//! - `Profile::Rfc5280`: PKITS tests the RFC 5280 clause 6 algorithm, not the clause 4 rules
//!   for issuers (the 2011 data has a certificate without AKI, 1024-bit keys and DSA);
//! - `Revocation::HardFail`: PKITS supplies CRLs for every certificate and expects their status
//!   to be established (4.4.1 "Missing CRL" is invalid), i.e. RFC 5280 6.3.3(k) with an
//!   UNDETERMINED status rejected.
//!
//! The test reports every section and fails only when a test listed in
//! `vectors/pkits/baseline-pass.txt` stops passing (a regression guard): sections whose
//! modules are not merged yet are reported, not asserted. The current pass list is written to
//! `$CARGO_TARGET_TMPDIR/pkits-pass.txt` so the baseline can be raised by copying it.

#![cfg(feature = "verify")]

use serde_json::Value;
use sg17_asn1::Oid;
use sg17_x509::path::{Options, PathError, Profile, Revocation, Verifier};
use sg17_x509::{Certificate, Crl};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const JSON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/pkits/pkits.json");
const BASELINE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/pkits/baseline-pass.txt");
const ANY_POLICY: &str = "2.5.29.32.0";

/// Per section: its name, tests, passes, and why the passing invalid tests were rejected.
type SectionRow = (String, usize, usize, BTreeMap<&'static str, usize>);

struct Case {
    id: String,
    section: String,
    name: String,
    anchor: String,
    intermediates: Vec<String>,
    leaf: String,
    crls: Vec<String>,
    policies: Vec<String>,
    explicit: bool,
    mapping_inhibit: bool,
    any_inhibit: bool,
    valid: bool,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().expect("array").iter().map(|s| s.as_str().expect("string").to_owned()).collect()
}

fn load() -> (Value, Vec<Case>) {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(JSON).expect("pkits.json")).unwrap();
    let cases = doc["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .map(|t| {
            let inputs = &t["inputs"];
            Case {
                id: t["id"].as_str().unwrap().to_owned(),
                section: t["section"].as_str().unwrap().to_owned(),
                name: t["name"].as_str().unwrap().to_owned(),
                anchor: t["anchor"].as_str().unwrap().to_owned(),
                intermediates: strings(&t["intermediates"]),
                leaf: t["leaf"].as_str().unwrap().to_owned(),
                crls: strings(&t["crls"]),
                policies: strings(&inputs["initial_policy_set"]),
                explicit: inputs["initial_explicit_policy"].as_bool().unwrap(),
                mapping_inhibit: inputs["initial_policy_mapping_inhibit"].as_bool().unwrap(),
                any_inhibit: inputs["initial_any_policy_inhibit"].as_bool().unwrap(),
                valid: match t["expected"].as_str().unwrap() {
                    "valid" => true,
                    "invalid" => false,
                    other => panic!("{}: bad expected {other}", t["id"]),
                },
            }
        })
        .collect();
    (doc, cases)
}

/// Reads every file the tests name once.
fn read_files(cases: &[Case]) -> HashMap<String, Vec<u8>> {
    let dir = Path::new(JSON).parent().unwrap();
    let mut files = HashMap::new();
    for c in cases {
        let certs = std::iter::once(&c.anchor).chain(&c.intermediates).chain(std::iter::once(&c.leaf));
        for f in certs
            .map(|f| PathBuf::from("certs").join(f))
            .chain(c.crls.iter().map(|f| PathBuf::from("crls").join(f)))
        {
            let key = f.to_string_lossy().into_owned();
            let der = std::fs::read(dir.join(&f)).unwrap_or_else(|e| panic!("{key}: {e}"));
            files.entry(key).or_insert(der);
        }
    }
    files
}

/// user-initial-policy-set as OID contents octets; {anyPolicy} is passed as the empty set, the
/// `Options::initial_policy_oids` spelling of anyPolicy (RFC 5280 6.1.1(c)).
fn policy_oids(policies: &[String]) -> Vec<Vec<u8>> {
    if policies.iter().any(|p| p == ANY_POLICY) {
        return Vec::new();
    }
    policies.iter().map(|p| p.parse::<Oid>().unwrap().as_bytes().to_vec()).collect()
}

/// Runs one test: `Ok(())` when the path validates, else the verifier's error.
fn run(c: &Case, files: &HashMap<String, Vec<u8>>, time: i64) -> Result<(), PathError> {
    let cert = |f: &String| {
        let key = format!("certs/{f}");
        Certificate::from_der(&files[&key]).unwrap_or_else(|e| panic!("{}: {key}: {e}", c.id))
    };
    let anchors = [cert(&c.anchor)];
    let intermediates: Vec<_> = c.intermediates.iter().map(cert).collect();
    let leaf = cert(&c.leaf);
    let crls: Vec<_> = c
        .crls
        .iter()
        .map(|f| {
            let key = format!("crls/{f}");
            Crl::from_der(&files[&key]).unwrap_or_else(|e| panic!("{}: {key}: {e}", c.id))
        })
        .collect();
    let opts = Options::at(time)
        .profile(Profile::Rfc5280)
        .revocation(Revocation::HardFail)
        .initial_policy_oids(policy_oids(&c.policies))
        .require_explicit_policy(c.explicit)
        .inhibit_policy_mapping(c.mapping_inhibit)
        .inhibit_any_policy(c.any_inhibit);
    Verifier::new(&anchors)
        .with_intermediates(&intermediates)
        .with_crls(&crls)
        .verify(&leaf, &opts)
        .map(|_| ())
}

fn baseline() -> BTreeSet<String> {
    std::fs::read_to_string(BASELINE)
        .expect("baseline-pass.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn section_key(s: &str) -> (u32, u32) {
    let mut it = s.split('.').map(|x| x.parse::<u32>().unwrap());
    (it.next().unwrap(), it.next().unwrap())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_owned() } else { s.chars().take(n).collect::<String>() + "..." }
}

#[test]
fn pkits_section_4_path_validation() {
    let (doc, cases) = load();
    let time = doc["validation_time"].as_i64().expect("validation_time");
    // The suite as generated: 249 tests and subparts over sections 4.1-4.16.
    assert_eq!(cases.len(), 249, "pkits.json test count");
    let files = read_files(&cases);

    // section -> (total, passed, rejection reasons of passing invalid tests)
    let mut sections: BTreeMap<(u32, u32), SectionRow> = BTreeMap::new();
    let mut passing = BTreeSet::new();
    let mut failures = String::new();
    for c in &cases {
        let result = run(c, &files, time);
        let ok = result.is_ok() == c.valid;
        let e = sections
            .entry(section_key(&c.section))
            .or_insert_with(|| (c.section.clone(), 0, 0, BTreeMap::new()));
        e.1 += 1;
        if ok {
            e.2 += 1;
            passing.insert(c.id.clone());
            if let Err(err) = &result {
                *e.3.entry(err.check.name()).or_default() += 1;
            }
        } else {
            let got = match &result {
                Ok(()) => "valid".to_owned(),
                Err(err) => truncate(&err.to_string(), 150),
            };
            let want = if c.valid { "valid" } else { "invalid" };
            writeln!(failures, "  FAIL {} {} (expected {want}): {got}", c.id, c.name).unwrap();
        }
    }

    println!("PKITS 1.0.1 section 4, Profile::Rfc5280, Revocation::HardFail");
    println!(
        "{:<6} {:<48} {:>5} {:>5} {:>5}  rejected by (passing invalid tests)",
        "sect", "title", "tests", "pass", "fail"
    );
    let (mut total, mut passed) = (0, 0);
    for (name, n, p, why) in sections.values() {
        let title = doc["sections"][name.as_str()]["title"].as_str().unwrap_or("");
        let why: Vec<String> = why.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!("{name:<6} {title:<48} {n:>5} {p:>5} {:>5}  {}", n - p, why.join(", "));
        total += n;
        passed += p;
    }
    println!("{:<6} {:<48} {total:>5} {passed:>5} {:>5}", "all", "", total - passed);
    if !failures.is_empty() {
        println!("failing tests:\n{failures}");
    }

    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pkits-pass.txt");
    let mut sorted: Vec<&String> = passing.iter().collect();
    sorted.sort_by_key(|id| id.split('.').map(|x| x.parse::<u32>().unwrap()).collect::<Vec<_>>());
    let list: String = sorted.iter().map(|id| format!("{id}\n")).collect();
    std::fs::write(&out, list).unwrap();

    let base = baseline();
    let ids: BTreeSet<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    let unknown: Vec<&String> = base.iter().filter(|id| !ids.contains(id.as_str())).collect();
    assert!(unknown.is_empty(), "baseline-pass.txt names unknown tests: {unknown:?}");
    let regressed: Vec<&String> = base.iter().filter(|id| !passing.contains(*id)).collect();
    let newly: Vec<&String> = passing.iter().filter(|id| !base.contains(*id)).collect();
    if !newly.is_empty() {
        println!(
            "{} tests pass that baseline-pass.txt does not list (raise it: cp {} vectors/pkits/baseline-pass.txt): {newly:?}",
            newly.len(),
            out.display()
        );
    }
    assert!(regressed.is_empty(), "PKITS regressions against baseline-pass.txt: {regressed:?}");
    // Not "N passed, N failed": that line shape is read as a test-runner summary.
    println!("PKITS: {passed} of {total} tests give the expected result");
}
