//! NIST CAVP DRBG vectors (CAVS 14.3, `drbgtestvectors.zip`) for
//! SP 800-90A Rev. 1 Hash_DRBG (10.1.1) and HMAC_DRBG (10.1.2) with SHA-256
//! and SHA-512, and CTR_DRBG (10.2.1) with AES-128 and AES-256, each with
//! ("use df", 10.3.2) and without ("no df") the derivation function. The
//! files live in `vectors/drbg/`; see its README for their provenance.
//!
//! Each case follows the CAVP DRBGVS procedure:
//! * `no_reseed`: instantiate, generate, generate;
//! * `pr_false`: instantiate, reseed, generate, generate;
//! * `pr_true`: instantiate, generate with prediction resistance twice.
//!
//! The second generate's output must equal `ReturnedBits`.

use aes::{Aes128, Aes256};
use sg17_qrng::drbg::{CtrDrbg, Drbg, HashDrbg, HmacDrbg};
use sha2::{Sha256, Sha512};
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Default)]
struct Case {
    line: usize,
    hash: String,
    fields: Vec<(String, Vec<u8>)>,
}

impl Case {
    fn get(&self, name: &str) -> &[u8] {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_slice())
            .unwrap_or_else(|| panic!("case at line {} lacks {name}", self.line))
    }
    fn all(&self, name: &str) -> Vec<&[u8]> {
        self.fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_slice()).collect()
    }
}

/// A small parser for CAVP `.rsp` response files: `[Header]` or
/// `[Key = Value]` lines open a section, `Key = hexvalue` lines fill the
/// current case, `COUNT = n` starts a new case, `#` lines are comments.
fn parse_rsp(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut section: HashMap<String, String> = HashMap::new();
    let mut hash = String::new();
    let mut current: Option<Case> = None;
    let mut in_header_block = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if let Some(c) = current.take() {
                cases.push(c);
            }
            if !in_header_block {
                section.clear();
                in_header_block = true;
            }
            match inner.split_once('=') {
                Some((k, v)) => {
                    section.insert(k.trim().to_owned(), v.trim().to_owned());
                }
                None => hash = inner.trim().to_owned(),
            }
            continue;
        }
        in_header_block = false;
        let (key, value) =
            line.split_once('=').unwrap_or_else(|| panic!("line {}: expected `key = value`", i + 1));
        let (key, value) = (key.trim(), value.trim());
        if key == "COUNT" {
            if let Some(c) = current.take() {
                cases.push(c);
            }
            current = Some(Case { line: i + 1, hash: hash.clone(), fields: Vec::new() });
            continue;
        }
        let bytes = hex::decode(value).unwrap_or_else(|e| panic!("line {}: bad hex for {key}: {e}", i + 1));
        current
            .as_mut()
            .unwrap_or_else(|| panic!("line {}: field outside a case", i + 1))
            .fields
            .push((key.to_owned(), bytes));
    }
    if let Some(c) = current.take() {
        cases.push(c);
    }
    cases
}

fn vector_path(set: &str, file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors/drbg").join(set).join(file)
}

#[derive(Clone, Copy)]
enum Set {
    NoReseed,
    PrFalse,
    PrTrue,
}

fn run_case<D: Drbg>(case: &Case, set: Set, instantiate: impl Fn(&[u8], &[u8], &[u8]) -> D) -> Vec<u8> {
    let mut drbg =
        instantiate(case.get("EntropyInput"), case.get("Nonce"), case.get("PersonalizationString"));
    let expected = case.get("ReturnedBits");
    let mut out = vec![0u8; expected.len()];
    let adds = case.all("AdditionalInput");
    assert_eq!(adds.len(), 2, "case at line {}", case.line);
    match set {
        Set::NoReseed => {
            drbg.generate(&mut out, adds[0]).unwrap();
            drbg.generate(&mut out, adds[1]).unwrap();
        }
        Set::PrFalse => {
            drbg.reseed(case.get("EntropyInputReseed"), case.get("AdditionalInputReseed")).unwrap();
            drbg.generate(&mut out, adds[0]).unwrap();
            drbg.generate(&mut out, adds[1]).unwrap();
        }
        Set::PrTrue => {
            let pr = case.all("EntropyInputPR");
            assert_eq!(pr.len(), 2, "case at line {}", case.line);
            drbg.generate_with_prediction_resistance(&mut out, pr[0], adds[0]).unwrap();
            drbg.generate_with_prediction_resistance(&mut out, pr[1], adds[1]).unwrap();
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Mech {
    Hash,
    Hmac,
    Ctr,
}

fn run_file(set_dir: &str, set: Set, mech: Mech) -> HashMap<String, usize> {
    let file = match mech {
        Mech::Hash => "Hash_DRBG.rsp",
        Mech::Hmac => "HMAC_DRBG.rsp",
        Mech::Ctr => "CTR_DRBG.rsp",
    };
    let path = vector_path(set_dir, file);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let cases = parse_rsp(&text);
    let mut counts = HashMap::new();
    for case in &cases {
        let got = match (mech, case.hash.as_str()) {
            (Mech::Hash, "SHA-256") => {
                run_case(case, set, |e, n, p| HashDrbg::<Sha256>::instantiate(e, n, p).unwrap())
            }
            (Mech::Hash, "SHA-512") => {
                run_case(case, set, |e, n, p| HashDrbg::<Sha512>::instantiate(e, n, p).unwrap())
            }
            (Mech::Hmac, "SHA-256") => {
                run_case(case, set, |e, n, p| HmacDrbg::<Sha256>::instantiate(e, n, p).unwrap())
            }
            (Mech::Hmac, "SHA-512") => {
                run_case(case, set, |e, n, p| HmacDrbg::<Sha512>::instantiate(e, n, p).unwrap())
            }
            (Mech::Ctr, "AES-128 use df") => {
                run_case(case, set, |e, n, p| CtrDrbg::<Aes128>::instantiate(e, n, p).unwrap())
            }
            (Mech::Ctr, "AES-256 use df") => {
                run_case(case, set, |e, n, p| CtrDrbg::<Aes256>::instantiate(e, n, p).unwrap())
            }
            // Without df there is no nonce (10.2.1.3.1); the files leave it empty.
            (Mech::Ctr, "AES-128 no df") => run_case(case, set, |e, n, p| {
                assert!(n.is_empty(), "case at line {}", case.line);
                CtrDrbg::<Aes128>::instantiate_no_df(e, p).unwrap()
            }),
            (Mech::Ctr, "AES-256 no df") => run_case(case, set, |e, n, p| {
                assert!(n.is_empty(), "case at line {}", case.line);
                CtrDrbg::<Aes256>::instantiate_no_df(e, p).unwrap()
            }),
            (_, other) => panic!("unexpected section [{other}] at line {}", case.line),
        };
        assert_eq!(
            hex::encode(&got),
            hex::encode(case.get("ReturnedBits")),
            "{set_dir}/{file} [{}] case at line {}",
            case.hash,
            case.line
        );
        *counts.entry(case.hash.clone()).or_insert(0) += 1;
    }
    counts
}

fn assert_full_file(counts: &HashMap<String, usize>) {
    // 16 parameter groups x 15 cases per hash in CAVS 14.3.
    assert_eq!(counts.get("SHA-256"), Some(&240), "{counts:?}");
    assert_eq!(counts.get("SHA-512"), Some(&240), "{counts:?}");
    assert_eq!(counts.len(), 2, "{counts:?}");
}

fn assert_full_ctr_file(counts: &HashMap<String, usize>) {
    // 16 parameter groups x 15 cases per kept section in CAVS 14.3.
    for section in ["AES-128 use df", "AES-128 no df", "AES-256 use df", "AES-256 no df"] {
        assert_eq!(counts.get(section), Some(&240), "{section}: {counts:?}");
    }
    assert_eq!(counts.len(), 4, "{counts:?}");
}

#[test]
fn sp800_90a_10_1_1_hash_drbg_cavp_no_reseed() {
    assert_full_file(&run_file("no_reseed", Set::NoReseed, Mech::Hash));
}

#[test]
fn sp800_90a_10_1_1_hash_drbg_cavp_pr_false() {
    assert_full_file(&run_file("pr_false", Set::PrFalse, Mech::Hash));
}

#[test]
fn sp800_90a_10_1_1_hash_drbg_cavp_pr_true() {
    assert_full_file(&run_file("pr_true", Set::PrTrue, Mech::Hash));
}

#[test]
fn sp800_90a_10_1_2_hmac_drbg_cavp_no_reseed() {
    assert_full_file(&run_file("no_reseed", Set::NoReseed, Mech::Hmac));
}

#[test]
fn sp800_90a_10_1_2_hmac_drbg_cavp_pr_false() {
    assert_full_file(&run_file("pr_false", Set::PrFalse, Mech::Hmac));
}

#[test]
fn sp800_90a_10_1_2_hmac_drbg_cavp_pr_true() {
    assert_full_file(&run_file("pr_true", Set::PrTrue, Mech::Hmac));
}

#[test]
fn sp800_90a_10_2_1_ctr_drbg_cavp_no_reseed() {
    assert_full_ctr_file(&run_file("no_reseed", Set::NoReseed, Mech::Ctr));
}

#[test]
fn sp800_90a_10_2_1_ctr_drbg_cavp_pr_false() {
    assert_full_ctr_file(&run_file("pr_false", Set::PrFalse, Mech::Ctr));
}

#[test]
fn sp800_90a_10_2_1_ctr_drbg_cavp_pr_true() {
    assert_full_ctr_file(&run_file("pr_true", Set::PrTrue, Mech::Ctr));
}

/// The parser must see every `COUNT` line, so a silently skipped case
/// cannot make the totals above pass.
#[test]
fn rsp_parser_counts_every_case() {
    for set in ["no_reseed", "pr_false", "pr_true"] {
        for (file, cases) in [("Hash_DRBG.rsp", 480), ("HMAC_DRBG.rsp", 480), ("CTR_DRBG.rsp", 960)] {
            let text = std::fs::read_to_string(vector_path(set, file)).unwrap();
            let count_lines = text.lines().filter(|l| l.starts_with("COUNT")).count();
            assert_eq!(parse_rsp(&text).len(), count_lines, "{set}/{file}");
            assert_eq!(count_lines, cases, "{set}/{file}");
        }
    }
}
