//! SP 800-90B clause 5: the IID-track values printed by NIST's `ea_iid -v -v`
//! (SP800-90B_EntropyAssessment, built from source) must be reproduced: the chi-square tests
//! (5.2.1 - 5.2.4), the LRS test (5.2.5), the permutation-test statistics of the unshuffled data
//! (5.1.1 - 5.1.11) and the MCV estimates (6.3.1). Shuffled results cannot match NIST's (its
//! shuffles are seeded from /dev/urandom), so they are not compared.

use serde_json::Value;
use sg17_entropy::Samples;
use sg17_entropy::estimators::mcv::most_common_value;
use sg17_entropy::iid::chi_square::{goodness_of_fit, independence};
use sg17_entropy::iid::lrs_test::lrs_test;
use sg17_entropy::iid::permutation::{STATISTICS, Sequence, statistics};
use std::path::PathBuf;

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors/entropy")
}

fn close(ours: f64, theirs: f64) -> bool {
    let d = (ours - theirs).abs();
    d <= 1e-6 * theirs.abs().max(1.0) && (theirs.abs() < 1e-300 || d <= 1e-6 * theirs.abs() || d <= 1e-12)
}

fn check(file: &str) -> usize {
    let v = vectors();
    let bin =
        ["nist", "generated"].iter().map(|d| v.join(d).join(format!("{file}.bin"))).find(|p| p.exists());
    let bytes = std::fs::read(bin.expect("sample file")).unwrap();
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(v.join("reference").join(format!("{file}.iid.json"))).unwrap(),
    )
    .unwrap();
    let samples = Samples::from_bytes(&bytes, None).unwrap();
    let k = samples.alphabet_size();
    let symbols = samples.symbols();
    let ind = independence(symbols, k);
    let gof = goodness_of_fit(symbols, k);
    let lrs = lrs_test(symbols, k);
    let seq = Sequence::new(symbols, samples.raw(), k);
    let stats = statistics(&seq, symbols, samples.raw(), &[true; 19]);
    let mcv = most_common_value(symbols).unwrap();
    let mcv_bits = most_common_value(&samples.bitstring()).unwrap();

    let mut ours: Vec<(String, f64)> = vec![
        ("Chi square independence: T".into(), ind.t),
        ("Chi square independence: df".into(), ind.df as f64),
        ("Chi square independence: P-value".into(), ind.p_value),
        ("Chi square goodness of fit: T".into(), gof.t),
        ("Chi square goodness of fit: df".into(), gof.df as f64),
        ("Chi square goodness of fit: P-value".into(), gof.p_value),
        ("Literal Longest Repeated Substring results: P_col".into(), lrs.p_col),
        ("Literal Longest Repeated Substring results: W".into(), lrs.w as f64),
        ("Literal Longest Repeated Substring results: Pr(X >= 1)".into(), lrs.pr_at_least_one),
        ("Literal Most Common Value Estimate: Mode count".into(), mcv.mode_count as f64),
        ("Literal Most Common Value Estimate: p_u".into(), mcv.p_u),
        ("Literal Most Common Value Estimate: min entropy".into(), mcv.min_entropy),
    ];
    if k > 2 {
        ours.push(("Bitstring Most Common Value Estimate: Mode count".into(), mcv_bits.mode_count as f64));
        ours.push(("Bitstring Most Common Value Estimate: min entropy".into(), mcv_bits.min_entropy));
    }
    for (name, value) in STATISTICS.iter().zip(stats) {
        ours.push((format!("Permutation testing: Unpermuted result {name}"), value));
    }
    let values = reference["values"].as_array().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (key, mine) in &ours {
        let theirs = values
            .iter()
            .find(|kv| kv[0].as_str() == Some(key))
            .and_then(|kv| kv[1].as_f64())
            .unwrap_or_else(|| panic!("{file}: NIST printed no {key}"));
        if !close(*mine, theirs) {
            failures.push(format!("{key}: {mine:.17} vs NIST {theirs:.17}"));
        }
        checked += 1;
    }
    let lines = reference["lines"].to_string();
    let chi_pass = ind.passed && gof.passed;
    assert_eq!(lines.contains("Chi square tests: Passed"), chi_pass, "{file}: chi-square verdict");
    assert_eq!(
        lines.contains("Length of longest repeated substring test: Passed"),
        lrs.passed,
        "{file}: LRS verdict"
    );
    assert!(failures.is_empty(), "{file}:\n{}", failures.join("\n"));
    checked
}

#[test]
fn sp800_90b_5_nist_iid_reference_values() {
    let dir = vectors().join("reference");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".iid.json").map(str::to_owned))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "expected NIST IID transcripts, found {files:?}");
    let total: usize = files.iter().map(|f| check(f)).sum();
    assert!(total >= 30 * files.len());
}
