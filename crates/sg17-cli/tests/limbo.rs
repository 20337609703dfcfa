//! x509-limbo (C2SP) conformance: runs the bundled suite through the `sg17 limbo` harness and
//! checks that no case in the recorded baseline regresses.

use sg17_cli::limbo;
use std::collections::BTreeSet;

fn vectors() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors/x509-limbo")
}

#[test]
fn limbo_pass_rate_does_not_regress() {
    let suite: limbo::Suite =
        serde_json::from_slice(&std::fs::read(vectors().join("limbo.json")).unwrap()).unwrap();
    assert_eq!(suite.version, 1);
    assert!(suite.testcases.len() >= 200, "the bundled suite has 208 cases");
    // Cases without a validation time use "now"; fix it so the test is reproducible.
    let results = limbo::run(&suite, 1_767_225_600);
    let baseline: serde_json::Value =
        serde_json::from_slice(&std::fs::read(vectors().join("baseline.json")).unwrap()).unwrap();
    let expected: std::collections::HashMap<&str, &str> =
        suite.testcases.iter().map(|c| (c.id.as_str(), c.expected_result.as_str())).collect();
    let passing: BTreeSet<&str> = results
        .results
        .iter()
        .filter(|r| expected.get(r.id.as_str()) == Some(&r.actual_result.as_str()))
        .map(|r| r.id.as_str())
        .collect();
    let mut regressed = Vec::new();
    for id in baseline["passing"].as_array().unwrap() {
        let id = id.as_str().unwrap();
        if !passing.contains(id) {
            let r = results.results.iter().find(|r| r.id == id);
            regressed.push(format!("{id}: {:?}", r.map(|r| (&r.actual_result, &r.context))));
        }
    }
    for (ns, (pass, n)) in limbo::pass_rates(&suite, &results) {
        println!("{ns:<14} {pass:>4}/{n}");
    }
    println!("total {} / {}", passing.len(), suite.testcases.len());
    assert!(regressed.is_empty(), "limbo cases regressed:\n{}", regressed.join("\n"));
    assert!(results.results.iter().all(|r| r.actual_result != "SKIPPED"), "no case is skipped");
}

#[test]
fn limbo_results_use_limbos_format() {
    let suite: limbo::Suite =
        serde_json::from_slice(&std::fs::read(vectors().join("limbo.json")).unwrap()).unwrap();
    let results = limbo::run(&suite, 1_767_225_600);
    let v = serde_json::to_value(&results).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["harness"], "sg17");
    let first = &v["results"][0];
    assert!(first["id"].is_string());
    assert!(["SUCCESS", "FAILURE", "SKIPPED"].contains(&first["actual_result"].as_str().unwrap()));
}
