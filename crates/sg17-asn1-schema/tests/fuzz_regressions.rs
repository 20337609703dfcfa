//! Replays the minimised findings of the `asn1_schema_*` fuzz targets kept in
//! `fuzz/regressions/<target>/` through the checks of those targets, so `cargo test` catches
//! a regression without a fuzzer.

use sg17_asn1_schema::Schema;
use sg17_asn1_schema::conformance::{RULES, check_decoding};
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions").join(target);
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "bin")).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Same order as `MODULES` in fuzz/fuzz_targets/asn1_schema_decode.rs.
const MODULES: [&str; 7] =
    ["x691-a1", "x691-a2", "x691-a3", "x691-a4", "sg17-coverage", "sg17-x681", "sg17-constraints"];

#[test]
fn asn1_schema_notation_findings_give_errors_inside_the_text() {
    let files = inputs("asn1_schema_notation");
    assert!(!files.is_empty());
    for f in files {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        if let Err(e) = Schema::from_source(&text, "fuzz.asn") {
            let lines = text.matches('\n').count() + 1;
            assert!((1..=lines).contains(&e.position.line), "{}: {e}", f.display());
        }
    }
}

#[test]
fn asn1_schema_decode_findings_round_trip() {
    let schemas: Vec<Schema> = MODULES
        .iter()
        .map(|m| {
            let p = format!("{}/../../vectors/asn1-schema/modules/{m}.asn", env!("CARGO_MANIFEST_DIR"));
            Schema::from_source(&std::fs::read_to_string(p).unwrap(), m).unwrap()
        })
        .collect();
    let files = inputs("asn1_schema_decode");
    assert!(!files.is_empty());
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let [r, m, t, rest @ ..] = data.as_slice() else { continue };
        let rules = RULES[usize::from(*r) % RULES.len()];
        let s = &schemas[usize::from(*m) % MODULES.len()];
        let ids: Vec<_> = s.types().map(|(_, _, id)| id).collect();
        let (id, input) = if t & 0x80 != 0 {
            (ids[usize::from(t & 0x7f) % ids.len()], rest)
        } else {
            let n = usize::from(*t);
            let Some(id) = rest.get(..n).and_then(|b| std::str::from_utf8(b).ok()).and_then(|n| s.type_id(n))
            else {
                continue;
            };
            (id, &rest[n..])
        };
        if let Err(e) = check_decoding(s, id, input, rules) {
            panic!("{}: {e}", f.display());
        }
    }
}
