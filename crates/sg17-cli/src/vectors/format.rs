//! The vector file format shared by all suites (documented in `vectors/README.md`, schema in
//! `vectors/schema/vectors.schema.json`).

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::fmt;
use std::path::Path;

/// A vector file.
#[derive(Clone, Debug, Deserialize)]
pub struct VectorFile {
    /// Suite name.
    pub suite: String,
    /// The recommendation tested, e.g. "ITU-T X.690 (02/2021)".
    pub recommendation: String,
    /// Where the expected values came from.
    pub source: String,
    /// Which runner executes the tests (e.g. `asn1-decode`).
    pub runner: String,
    /// The tests.
    pub tests: Vec<VectorTest>,
}

/// The expected verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Must be accepted (and match `expected`).
    Valid,
    /// Must be rejected (for the clause given).
    Invalid,
    /// Either is conformant.
    Acceptable,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Valid => "valid",
            Verdict::Invalid => "invalid",
            Verdict::Acceptable => "acceptable",
        })
    }
}

/// One test.
#[derive(Clone, Debug, Deserialize)]
pub struct VectorTest {
    /// Unique id within the suite.
    pub id: String,
    /// The clause exercised (for invalid tests: the clause broken).
    pub clause: String,
    /// What the test is about.
    #[serde(default)]
    pub description: String,
    /// Rules to decode under (BER, CER, DER) for ASN.1 suites.
    #[serde(default)]
    pub encoding: Option<String>,
    /// Hex input.
    #[serde(default)]
    pub input: Option<String>,
    /// Input file, relative to the vector file.
    #[serde(default)]
    pub input_file: Option<String>,
    /// Expected verdict.
    pub result: Verdict,
    /// Expected decoded value (a subset of the library's JSON form).
    #[serde(default)]
    pub expected: Option<serde_json::Value>,
    /// Free-form flags.
    #[serde(default)]
    pub flags: Vec<String>,
}

impl VectorTest {
    /// The input octets.
    pub fn input_bytes(&self, base: &Path) -> Result<Vec<u8>> {
        match (&self.input, &self.input_file) {
            (Some(h), None) => {
                let clean: String = h.chars().filter(|c| !c.is_whitespace()).collect();
                hex::decode(clean).context("input is not hex")
            }
            (None, Some(f)) => {
                let p = base.join(f);
                std::fs::read(&p).with_context(|| format!("reading {}", p.display()))
            }
            _ => bail!("a test needs exactly one of `input` and `input_file`"),
        }
    }
}

/// Cheap check that a JSON file is a vector file (has top-level `suite` and `tests`), so that
/// directory scans skip schemas and foreign formats.
#[must_use]
pub fn looks_like_vector_file(path: &Path) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        #[allow(dead_code)]
        suite: String,
        #[allow(dead_code)]
        runner: String,
    }
    std::fs::read_to_string(path).ok().and_then(|t| serde_json::from_str::<Probe>(&t).ok()).is_some()
}
