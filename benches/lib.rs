//! Shared helpers for sg17's benchmarks and benchmark-adjacent tests: loading the corpus of real
//! DER structures bundled under `vectors/corpus/`.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

/// The repository's `vectors/corpus/debian-ca` directory: Mozilla's CA certificates as shipped
/// in Debian's `ca-certificates` package, converted to DER by
/// `vectors/tools/corpus/debian_ca.sh`.
#[must_use]
pub fn debian_ca_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/corpus/debian-ca")
}

/// One corpus file: its name and its bytes.
#[derive(Clone, Debug)]
pub struct CorpusFile {
    /// File name, e.g. `001-ACCVRAIZ1.der`.
    pub name: String,
    /// The DER encoding.
    pub der: Vec<u8>,
}

/// Loads every `*.der` file of `dir`, sorted by name.
///
/// # Panics
/// If the directory cannot be read or is empty: a benchmark over no input would report
/// meaningless numbers.
#[must_use]
pub fn load_der_dir(dir: &Path) -> Vec<CorpusFile> {
    let mut files: Vec<CorpusFile> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading corpus {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "der"))
        .map(|p| CorpusFile {
            name: p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            der: std::fs::read(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display())),
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(!files.is_empty(), "corpus {} is empty", dir.display());
    files
}

/// The Debian CA corpus (see [`debian_ca_dir`]).
#[must_use]
pub fn debian_ca() -> Vec<CorpusFile> {
    load_der_dir(&debian_ca_dir())
}

/// Total size in bytes of a corpus.
#[must_use]
pub fn total_bytes(files: &[CorpusFile]) -> usize {
    files.iter().map(|f| f.der.len()).sum()
}
