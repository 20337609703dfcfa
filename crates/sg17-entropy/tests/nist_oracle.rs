//! SP 800-90B 6.3 / 3.1.3: every per-estimator value printed by NIST's `ea_non_iid -v -v`
//! (SP800-90B_EntropyAssessment, built from source) must be reproduced to within 1e-6.
//!
//! Reference transcripts: vectors/entropy/nist-output/*.res, parsed into
//! vectors/entropy/reference/*.json by vectors/tools/entropy/parse_nist.py.

use serde_json::Value;
use sg17_entropy::{DataForm, Detail, Estimator, NonIidOptions, NonIidReport, Samples, assess_non_iid_with};
use std::path::PathBuf;

const TOL: f64 = 1e-6;

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors/entropy")
}

fn estimator(name: &str) -> Estimator {
    *Estimator::ALL
        .iter()
        .find(|e| e.to_string() == name)
        .unwrap_or_else(|| panic!("unknown estimator {name}"))
}

/// The NIST quantities of one estimate, from our detail, keyed like NIST's verbose output.
fn quantities(d: &Detail) -> Vec<(&'static str, f64)> {
    match d {
        Detail::MostCommonValue(e) => {
            vec![("Mode count", e.mode_count as f64), ("p-hat", e.p_hat), ("p_u", e.p_u)]
        }
        Detail::Collision(e) => vec![
            ("v", e.v as f64),
            ("Sum t_i", e.sum_t as f64),
            ("X-bar", e.x_bar),
            ("sigma-hat", e.sigma_hat),
            ("X-bar'", e.x_bar_prime),
            ("p", e.p),
        ],
        Detail::Markov(e) => vec![
            ("P_0", e.p0),
            ("P_1", e.p1),
            ("P_{0,0}", e.p00),
            ("P_{0,1}", e.p01),
            ("P_{1,0}", e.p10),
            ("P_{1,1}", e.p11),
            ("p-hat_max", e.p_max),
        ],
        Detail::Compression(e) => {
            vec![("X-bar", e.x_bar), ("sigma-hat", e.sigma_hat), ("X-bar'", e.x_bar_prime), ("p", e.p)]
        }
        Detail::TTuple(e) => vec![("t", e.t as f64), ("p-hat_max", e.p_hat_max), ("p_u", e.p_u)],
        Detail::Lrs(e) => {
            vec![("u", e.u as f64), ("v", e.v as f64), ("p-hat", e.p_hat), ("p_u", e.p_u)]
        }
        Detail::Prediction(e) => {
            let mut v = vec![
                ("C", e.correct as f64),
                ("r", e.r as f64),
                ("N", e.predictions as f64),
                ("P_global", e.p_global),
                ("P_global'", e.p_global_prime),
            ];
            if let Some(p) = e.p_local {
                v.push(("P_local", p));
            }
            v
        }
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL || (a - b).abs() <= TOL * b.abs().max(a.abs()) && a.abs() < 1e-30
}

/// Compares one report with NIST's parsed transcript; returns how many values were compared.
fn compare(name: &str, report: &NonIidReport, reference: &Value) -> usize {
    let mut checked = 0;
    let mut failures = Vec::new();
    let est = reference["estimates"].as_object().expect("estimates");
    for (label, form) in [("Literal", DataForm::Original), ("Bitstring", DataForm::Bitstring)] {
        let Some(by_name) = est.get(label).and_then(Value::as_object) else { continue };
        for (ename, values) in by_name {
            let e = estimator(ename);
            let outcome =
                report.outcome(e, form).unwrap_or_else(|| panic!("{name}: missing {label} {ename}"));
            let detail =
                outcome.detail.as_ref().unwrap_or_else(|| panic!("{name}: {label} {ename} inapplicable"));
            let mut ours = quantities(detail);
            ours.push(("min entropy", detail.min_entropy()));
            for (key, theirs) in values.as_object().unwrap() {
                let Some(theirs) = theirs.as_f64() else { continue };
                // Markov's p-hat_max underflows to a tiny number; compare its log instead.
                let Some(&(_, mine)) = ours.iter().find(|(k, _)| k == key) else {
                    failures.push(format!("{label} {ename}: no value for {key}"));
                    continue;
                };
                let ok = if key == "p-hat_max" && matches!(detail, Detail::Markov(_)) {
                    (mine.log2() - theirs.log2()).abs() <= TOL * 128.0
                } else {
                    close(mine, theirs)
                };
                if !ok {
                    failures.push(format!("{label} {ename}: {key} = {mine:.17} vs NIST {theirs:.17}"));
                }
                checked += 1;
            }
            // NIST reports when P_local could not change the result; we must agree.
            if let (Detail::Prediction(p), Some(notes)) = (detail, values.get("notes")) {
                let nist_no_local = notes.to_string().contains("P_local can't change");
                if nist_no_local != p.p_local.is_none() {
                    failures.push(format!("{label} {ename}: P_local presence differs"));
                }
            }
        }
    }
    for (key, ours) in [("h_original", report.h_original), ("h_bitstring", report.h_bitstring)] {
        if let Some(theirs) = reference.get(key).and_then(Value::as_f64) {
            let ours = ours.unwrap_or(f64::NAN);
            if !close(ours, theirs) {
                failures.push(format!("{key} = {ours} vs NIST {theirs}"));
            }
            checked += 1;
        }
    }
    let theirs = reference["assessed"].as_f64().expect("assessed");
    if !close(report.assessed, theirs) {
        failures.push(format!("assessed = {} vs NIST {theirs}", report.assessed));
    }
    assert!(failures.is_empty(), "{name}: {} mismatches:\n{}", failures.len(), failures.join("\n"));
    checked + 1
}

fn check_paths(bin: &std::path::Path, reference: &std::path::Path, name: &str) {
    let bytes = std::fs::read(bin).unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    let reference: Value =
        serde_json::from_str(&std::fs::read_to_string(reference).expect("reference")).expect("json");
    let samples = Samples::from_bytes(&bytes, None).expect("samples");
    assert_eq!(samples.len() as u64, reference["samples"].as_u64().unwrap());
    assert_eq!(samples.alphabet_size() as u64, reference["alphabet_size"].as_u64().unwrap());
    assert_eq!(u64::from(samples.bits_per_sample()), reference["word_size"].as_u64().unwrap());
    let report = assess_non_iid_with(&samples, NonIidOptions::default(), &|_| {});
    let n = compare(name, &report, &reference);
    assert!(n > 20, "{name}: only {n} values compared");
}

/// SP 800-90B 3.1.5.2: NIST's `ea_non_iid -c` (conditioned sequential dataset, h' = H_bitstring)
/// on bundled files, multi-bit and binary.
#[test]
fn sp800_90b_3_1_5_2_conditioned_mode_matches_nist() {
    let v = vectors();
    for file in ["rand4_short", "truerand_1bit_100k"] {
        let bytes = std::fs::read(v.join("nist").join(format!("{file}.bin"))).unwrap();
        let reference: Value = serde_json::from_str(
            &std::fs::read_to_string(v.join("reference").join(format!("{file}_conditioned.non_iid.json")))
                .unwrap(),
        )
        .unwrap();
        let samples = Samples::from_bytes(&bytes, None).unwrap();
        let options = NonIidOptions { mode: sg17_entropy::Mode::Conditioned, ..Default::default() };
        let report = assess_non_iid_with(&samples, options, &|_| {});
        assert!(report.h_original.is_none());
        assert!(report.estimates.iter().all(|o| o.data == DataForm::Bitstring));
        let n = compare(file, &report, &reference);
        assert!(n > 20, "{file}: only {n} values compared");
    }
}

/// Our own NIST run (vectors/entropy/reference) on a bundled file.
fn check(dir: &str, file: &str) {
    let v = vectors();
    check_paths(
        &v.join(dir).join(format!("{file}.bin")),
        &v.join("reference").join(format!("{file}.non_iid.json")),
        file,
    );
}

/// NIST's published reference output (cpp/selftest/refdata/*.res of its repository).
fn check_published(bin: &std::path::Path, file: &str) {
    check_paths(bin, &vectors().join("nist-refdata").join(format!("{file}.non_iid.json")), file);
}

/// SP 800-90B 6.3: NIST's published reference results for its bundled short samples.
#[test]
fn sp800_90b_6_3_nist_published_refdata_short_files() {
    for f in ["rand1_short", "rand4_short", "rand8_short"] {
        check_published(&vectors().join("nist").join(format!("{f}.bin")), f);
    }
}

/// SP 800-90B 6.3: NIST's published reference results for its 1 000 000-sample files. Those
/// files (8 MB) are not bundled: set `NIST90B_BIN` to the `bin/` directory of NIST's
/// repository and run with `--ignored` (release mode recommended).
#[test]
#[ignore = "needs NIST's full-size sample files (NIST90B_BIN); slow in debug builds"]
fn sp800_90b_6_3_nist_published_refdata_full_files() {
    let dir = std::env::var("NIST90B_BIN").expect("set NIST90B_BIN to NIST's bin/ directory");
    for f in [
        "biased-random-bits",
        "biased-random-bytes",
        "data.pi",
        "normal",
        "ringOsc-nist",
        "truerand_1bit",
        "truerand_4bit",
        "truerand_8bit",
    ] {
        check_published(&PathBuf::from(&dir).join(format!("{f}.bin")), f);
    }
}

macro_rules! oracle {
    ($($name:ident => $dir:literal, $file:literal;)*) => {
        $(
            #[test]
            fn $name() {
                check($dir, $file);
            }
        )*
    };
}

oracle! {
    sp800_90b_6_3_nist_rand1_short => "nist", "rand1_short";
    sp800_90b_6_3_nist_rand4_short => "nist", "rand4_short";
    sp800_90b_6_3_nist_rand8_short => "nist", "rand8_short";
    sp800_90b_6_3_nist_truerand_1bit_100k => "nist", "truerand_1bit_100k";
    sp800_90b_6_3_nist_truerand_4bit_100k => "nist", "truerand_4bit_100k";
    sp800_90b_6_3_nist_truerand_8bit_100k => "nist", "truerand_8bit_100k";
    sp800_90b_6_3_nist_normal_100k => "nist", "normal_100k";
    sp800_90b_6_3_nist_ringosc_100k => "nist", "ringOsc-nist_100k";
    sp800_90b_6_3_nist_biased_random_bytes_100k => "nist", "biased-random-bytes_100k";
    sp800_90b_6_3_generated_biased1 => "generated", "biased1_p0.3";
    sp800_90b_6_3_generated_markov1 => "generated", "markov1_stay0.7";
    sp800_90b_6_3_generated_biased4 => "generated", "biased4";
    sp800_90b_6_3_generated_sparse8 => "generated", "sparse8";
    sp800_90b_6_3_generated_uniform8 => "generated", "uniform8";
    sp800_90b_6_3_generated_walk8 => "generated", "walk8";
}
