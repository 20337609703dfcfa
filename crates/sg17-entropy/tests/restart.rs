//! SP 800-90B 3.1.4 restart tests against NIST's `ea_restart -n -v -v FILE 1 0.4` (built from
//! source) on the matrix of vectors/tools/entropy/gen_restart.py, regenerated here. The row and
//! column estimates are deterministic and must match to 1e-6; NIST's sanity-check cutoff comes
//! from a Monte-Carlo simulation (815 or 816 over several runs), ours from binomial tails.

use sg17_entropy::restart::restart_tests;
use sg17_entropy::{DataForm, Estimator};

fn matrix(stuck: usize) -> Vec<u8> {
    let mut x = 0x5347_3137_u64;
    (0..1_000_000usize)
        .map(|i| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            if i % 1000 < stuck { 0 } else { u8::from((x >> 56) < 64) }
        })
        .collect()
}

/// NIST's per-estimator values: (estimator, rows, columns), from its transcript.
fn nist_values() -> Vec<(Estimator, f64, f64)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../vectors/entropy/nist-output/restart_p025.restart.res"
    ))
    .unwrap();
    let mut seen: Vec<(Estimator, Vec<f64>)> = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("Literal ") else { continue };
        let Some((name, value)) = rest.split_once(" Estimate: min entropy = ") else { continue };
        let e = *Estimator::ALL.iter().find(|e| e.to_string() == name).expect("estimator");
        let v: f64 = value.trim().parse().unwrap();
        match seen.iter_mut().find(|(x, _)| *x == e) {
            Some((_, vals)) => vals.push(v),
            None => seen.push((e, vec![v])),
        }
    }
    seen.into_iter().map(|(e, v)| (e, v[0], v[1])).collect()
}

#[test]
fn sp800_90b_3_1_4_restart_tests_match_nist() {
    let raw = matrix(0);
    let r = restart_tests(&raw, Some(1), 0.4, false, Default::default()).unwrap();
    // NIST: X_max = 794, X_cutoff = 815 or 816 (simulated).
    assert_eq!(r.sanity.max_row_count.max(r.sanity.max_column_count), 794);
    assert!((812..=820).contains(&r.sanity.cutoff), "cutoff {}", r.sanity.cutoff);
    assert!((r.sanity.alpha - 5.025_155_300_653_061e-6).abs() < 1e-15);
    let rows = r.rows_non_iid.as_ref().unwrap();
    let cols = r.columns_non_iid.as_ref().unwrap();
    let nist = nist_values();
    assert_eq!(nist.len(), 10);
    for (e, h_rows, h_cols) in nist {
        let ours_r = rows.outcome(e, DataForm::Original).and_then(|o| o.min_entropy).unwrap();
        let ours_c = cols.outcome(e, DataForm::Original).and_then(|o| o.min_entropy).unwrap();
        assert!((ours_r - h_rows).abs() < 1e-6, "{e} rows: {ours_r} vs NIST {h_rows}");
        assert!((ours_c - h_cols).abs() < 1e-6, "{e} columns: {ours_c} vs NIST {h_cols}");
    }
    // NIST: H_r = 0.249245, H_c = 0.249136, passed.
    assert!((r.h_r.unwrap() - 0.249_245).abs() < 1e-6);
    assert!((r.h_c.unwrap() - 0.249_136).abs() < 1e-6);
    assert!(r.passed, "{:?}", r.reasons);
}

#[test]
fn sp800_90b_3_1_4_3_stuck_restarts_fail_the_sanity_check() {
    // NIST: X_max = 1000 > X_cutoff, "Restart Sanity Check Failed".
    let r = restart_tests(&matrix(300), Some(1), 0.4, false, Default::default()).unwrap();
    assert_eq!(r.sanity.max_column_count, 1000);
    assert!(!r.sanity.passed && !r.passed);
    assert!(r.h_r.is_none());
}

#[test]
fn sp800_90b_3_1_4_requires_a_1000_by_1000_matrix() {
    assert!(restart_tests(&[0, 1, 0], Some(1), 0.4, false, Default::default()).is_err());
    assert!(restart_tests(&matrix(0), Some(1), 1.5, false, Default::default()).is_err());
}
