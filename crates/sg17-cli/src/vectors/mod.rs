//! The conformance-vector runner: loads vector files (format in `vectors/README.md`), runs each
//! test against the library named by the file's `runner`, and reports per suite.

pub mod format;
pub mod matching;
pub mod report;
pub mod runners;

use anyhow::{Context, Result};
use format::{VectorFile, VectorTest};
use std::path::{Path, PathBuf};

/// What happened to one test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The library gave the expected result.
    Pass,
    /// It did not; the string says how.
    Fail(String),
    /// Not run (unknown runner, unsupported feature); the string says why.
    Skip(String),
}

/// One test's result.
#[derive(Clone, Debug)]
pub struct TestResult {
    /// Suite name.
    pub suite: String,
    /// Test id.
    pub id: String,
    /// Clause tested.
    pub clause: String,
    /// Expected verdict (`valid`, `invalid`, `acceptable`).
    pub expected: String,
    /// Outcome.
    pub outcome: Outcome,
    /// What the library said (decoded value or error), for reports.
    pub detail: String,
}

/// Results of one suite file.
#[derive(Clone, Debug)]
pub struct SuiteResult {
    /// Suite name.
    pub suite: String,
    /// File it came from.
    pub path: PathBuf,
    /// Recommendation the suite tests.
    pub recommendation: String,
    /// The runner that executed it.
    pub runner: String,
    /// Per-test results.
    pub tests: Vec<TestResult>,
}

impl SuiteResult {
    /// Count of (passed, failed, skipped).
    #[must_use]
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for t in &self.tests {
            match t.outcome {
                Outcome::Pass => c.0 += 1,
                Outcome::Fail(_) => c.1 += 1,
                Outcome::Skip(_) => c.2 += 1,
            }
        }
        c
    }
}

/// Finds vector files: every `*.json` under the given paths whose top level has `suite` and
/// `tests` (other JSON, such as schemas or foreign suites, is ignored).
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("reading directory {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for e in entries {
                if e.is_dir() {
                    out.extend(discover(&[e])?);
                } else if e.extension().is_some_and(|x| x == "json") && format::looks_like_vector_file(&e) {
                    out.push(e);
                }
            }
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Loads and runs one vector file.
pub fn run_file(path: &Path) -> Result<SuiteResult> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file: VectorFile =
        serde_json::from_str(&text).with_context(|| format!("parsing vector file {}", path.display()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut ctx = runners::Context::new(base);
    let tests = file.tests.iter().map(|t| run_test(&file, t, base, &mut ctx)).collect();
    Ok(SuiteResult {
        suite: file.suite,
        path: path.to_owned(),
        recommendation: file.recommendation,
        runner: file.runner,
        tests,
    })
}

fn run_test(file: &VectorFile, t: &VectorTest, base: &Path, ctx: &mut runners::Context) -> TestResult {
    let (outcome, detail) = match t.input_bytes(base) {
        Ok(input) => runners::run(&file.runner, t, &input, ctx),
        Err(e) => (Outcome::Fail(format!("bad input: {e:#}")), String::new()),
    };
    TestResult {
        suite: file.suite.clone(),
        id: t.id.clone(),
        clause: t.clause.clone(),
        expected: t.result.to_string(),
        outcome,
        detail,
    }
}

/// The bundled `vectors/` directory: `./vectors` when run from the repository root, else the
/// one beside this crate's sources.
#[must_use]
pub fn default_vectors_dir() -> PathBuf {
    let cwd = PathBuf::from("vectors");
    if cwd.is_dir() {
        return cwd;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors")
}
