//! The ETSI ITS Release 2 module set (`vectors/asn1-schema/modules/etsi-its/`: ETSI-ITS-CDD of
//! TS 102 894-2, CAM-PDU-Descriptions of TS 103 900, DENM-PDU-Description of TS 103 831)
//! compiled as one schema, its differential vectors (`etsi-its-<rule>.json`, encoded by
//! asn1tools 0.169) and round trips of those values through every rule sg17 has.

use sg17_asn1_schema::conformance::{check_decoding, load_spec, same_value};
use sg17_asn1_schema::{Rules, Schema};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors/asn1-schema")
}

fn schema() -> Schema {
    load_spec(&vectors_dir(), "modules/etsi-its").unwrap_or_else(|e| panic!("{e}"))
}

/// Names of type assignments in a module body: a typereference (upper-case initial) right
/// before `::=` and not preceded by a valuereference (a value assignment's governor), after
/// removing `--` and `/* */` comments (X.680 12.6).
fn type_assignments_in_text(text: &str) -> BTreeSet<String> {
    let mut clean = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("/*") {
        clean.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    clean.push_str(rest);
    let clean: String =
        clean.lines().map(|l| l.split("--").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let clean = clean.replace("::=", " ::= ");
    // The module header's `TAGS ::=` is not an assignment: start after BEGIN.
    let words: Vec<&str> = clean.split_whitespace().skip_while(|w| *w != "BEGIN").collect();
    let mut out = BTreeSet::new();
    for j in 1..words.len() {
        let (name, before) = (words[j - 1], if j > 1 { words[j - 2] } else { "" });
        if words[j] == "::="
            && name.starts_with(|c: char| c.is_ascii_uppercase())
            && !(before.starts_with(|c: char| c.is_ascii_lowercase())
                && before.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            out.insert(name.to_owned());
        }
    }
    out
}

#[test]
fn etsi_its_set_compiles_with_every_type_assignment_and_the_pdus() {
    let s = schema();
    let modules: BTreeSet<&str> = s.module_names().collect();
    assert_eq!(modules, BTreeSet::from(["CAM-PDU-Descriptions", "DENM-PDU-Description", "ETSI-ITS-CDD"]));
    let mut total = 0;
    for (file, module) in [
        ("CAM-PDU-Descriptions.asn", "CAM-PDU-Descriptions"),
        ("DENM-PDU-Descriptions.asn", "DENM-PDU-Description"),
        ("ETSI-ITS-CDD.asn", "ETSI-ITS-CDD"),
    ] {
        let text = std::fs::read_to_string(vectors_dir().join("modules/etsi-its").join(file)).unwrap();
        let defined: BTreeSet<String> =
            s.types().filter(|(m, _, _)| *m == module).map(|(_, n, _)| n.to_owned()).collect();
        assert_eq!(defined, type_assignments_in_text(&text), "{module}: compiled vs assigned in the text");
        total += defined.len();
    }
    // asn1tools 0.169 `parse_files` on the same three files lists 16 + 12 + 340 types.
    assert_eq!(total, 368);
    for t in ["CAM", "DENM", "CamPayload", "DenmPayload", "ItsPduHeader", "ReferencePosition", "Shape"] {
        assert!(s.type_id(t).is_some(), "{t}");
    }
}

/// `(type, JER value)` of every case of one vector file.
fn values(file: &str) -> Vec<(String, serde_json::Value)> {
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(vectors_dir().join(file)).unwrap()).unwrap();
    doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["expected"]["type"].as_str().unwrap().to_owned(), t["expected"]["value"].clone()))
        .collect()
}

#[test]
fn etsi_its_differential_vectors_vs_asn1tools_all_rules() {
    let s = schema();
    let mut per_rule = Vec::new();
    for rule in ["uper", "per", "oer", "jer", "xer", "ber", "der"] {
        let file = format!("etsi-its-{rule}.json");
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(vectors_dir().join(&file)).unwrap()).unwrap();
        let mut failures = Vec::new();
        let tests = doc["tests"].as_array().unwrap();
        for t in tests {
            let exp = &t["expected"];
            assert_eq!(exp["spec"], "modules/etsi-its");
            let rules: Rules = exp["rules"].as_str().unwrap().parse().unwrap();
            let hex = t["input"].as_str().unwrap();
            let input: Vec<u8> =
                (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
            let ty = exp["type"].as_str().unwrap();
            if let Err(e) = sg17_asn1_schema::conformance::check(&s, ty, rules, &input, &exp["value"]) {
                failures.push(format!("{}: {e}", t["id"]));
            }
        }
        assert!(failures.is_empty(), "{file}: {failures:#?}");
        per_rule.push((rule, tests.len()));
    }
    // Counts as generated (gen_vectors.py; the OER and PER cases asn1tools gets wrong are left
    // out and listed in each file's notes).
    assert_eq!(
        per_rule,
        [("uper", 51), ("per", 51), ("oer", 33), ("jer", 53), ("xer", 53), ("ber", 53), ("der", 53)]
    );
}

#[test]
fn etsi_its_values_round_trip_in_every_rule_including_canonical() {
    let s = schema();
    // The CAM and DENM values and one of each inner type of the UPER vectors.
    let mut seen = BTreeSet::new();
    let picked: Vec<_> = values("etsi-its-uper.json")
        .into_iter()
        .filter(|(ty, _)| ty == "CAM" || ty == "DENM" || seen.insert(ty.clone()))
        .collect();
    assert!(picked.len() > 30);
    let mut rules = Rules::ALL.to_vec();
    rules.push(Rules::Xer);
    for (ty, json) in &picked {
        let id = s.type_id(ty).unwrap();
        let v = s.value_from_json(ty, json).unwrap();
        for &r in &rules {
            let enc = s.encode(ty, &v, r).unwrap_or_else(|e| panic!("{ty} {r}: {e}"));
            let back = check_decoding(&s, id, &enc, r).unwrap_or_else(|e| panic!("{ty} {r}: {e}"));
            let back = back.unwrap_or_else(|| panic!("{ty} {r}: own encoding rejected"));
            assert!(same_value(&s, id, &v, &back), "{ty} {r}: {v:?} came back as {back:?}");
        }
    }
}
