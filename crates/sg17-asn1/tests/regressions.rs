//! Replays every minimised fuzz finding in `fuzz/regressions/` through the checks of the fuzz
//! targets (see `fuzz/fuzz_targets/`), so a regression fails `cargo test` without a fuzzer.

use sg17_asn1::{EncodeOptions, EncodingRules, Limits, Value, dump, encode_with, walk};
use std::path::{Path, PathBuf};

fn regression_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    files.sort();
    files
}

fn nodes(v: &Value<'_>) -> usize {
    1 + v.children_slice().map_or(0, |c| c.iter().map(nodes).sum())
}

/// The checks of `asn1_ber_decode`.
fn ber_checks(data: &[u8]) -> Result<(), String> {
    for rules in [EncodingRules::Ber, EncodingRules::Cer] {
        let Ok(v) = Value::decode(data, rules) else { continue };
        let _ = v.to_string();
        for opts in [EncodeOptions::BER_DEFINITE, EncodeOptions::BER_INDEFINITE] {
            let re = encode_with(&v, opts);
            let back =
                Value::decode(&re, EncodingRules::Ber).map_err(|e| format!("{rules} via {opts:?}: {e}"))?;
            if back != v {
                return Err(format!("{rules} value changed through {opts:?}"));
            }
        }
        if rules == EncodingRules::Cer {
            if v.to_cer() != data {
                return Err("CER input not re-encoded identically".into());
            }
            let der = v.to_der();
            let d = Value::decode(&der, EncodingRules::Der).map_err(|e| format!("DER of CER value: {e}"))?;
            if d.to_cer() != data {
                return Err("CER value changed through DER".into());
            }
        }
    }
    Ok(())
}

/// The checks of `asn1_der_decode`.
fn der_checks(data: &[u8]) -> Result<(), String> {
    let walked = walk(data, EncodingRules::Der, Limits::default(), &mut |_| {});
    let dumped = dump::dump(data, EncodingRules::Der, Limits::default(), &mut |r| {
        let _ = r.to_string();
    });
    let Ok(v) = Value::decode(data, EncodingRules::Der) else { return Ok(()) };
    if v.to_der() != data {
        return Err("DER input not re-encoded identically".into());
    }
    let n = nodes(&v);
    if walked.map_err(|e| format!("walk: {e}"))? != n {
        return Err("walk count differs from value nodes".into());
    }
    if dumped.map_err(|e| format!("dump: {e}"))? != n {
        return Err("dump count differs from value nodes".into());
    }
    if Value::decode(data, EncodingRules::Ber).map_err(|e| format!("BER: {e}"))? != v {
        return Err("BER view of DER input differs".into());
    }
    let cer = v.to_cer();
    let c = Value::decode(&cer, EncodingRules::Cer).map_err(|e| format!("CER: {e}"))?;
    if c.to_der() != data {
        return Err("value changed through CER".into());
    }
    Ok(())
}

#[test]
fn fuzz_regressions_replay_clean() {
    let mut failures = Vec::new();
    for f in regression_files() {
        let data = std::fs::read(&f).expect("read regression");
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        for (check, r) in [("asn1_ber_decode", ber_checks(&data)), ("asn1_der_decode", der_checks(&data))] {
            if let Err(e) = r {
                failures.push(format!("{name}: {check}: {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
