//! `sg17 vectors run`: the conformance-vector runner.

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use sg17_cli::vectors::{self, report};
use std::path::PathBuf;
use std::process::ExitCode;

/// Report formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Per-suite table and failures.
    Table,
    /// JSON lines: one object per test, then one per suite.
    Json,
    /// JUnit XML.
    Junit,
}

/// Vector subcommands.
#[derive(Subcommand, Debug)]
pub enum VectorsCommand {
    /// Run conformance vectors and report per suite; exits 1 on any failure.
    Run {
        /// Vector files or directories (default: the bundled `vectors/`).
        paths: Vec<PathBuf>,
        /// Only suites whose name contains this string.
        #[arg(long)]
        suite: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

/// Runs a vectors subcommand.
pub fn run(cmd: VectorsCommand) -> Result<ExitCode> {
    let VectorsCommand::Run { paths, suite, format } = cmd;
    let paths = if paths.is_empty() { vec![vectors::default_vectors_dir()] } else { paths };
    let mut results = Vec::new();
    for f in vectors::discover(&paths)? {
        let r = vectors::run_file(&f)?;
        if suite.as_deref().is_none_or(|s| r.suite.contains(s)) {
            results.push(r);
        }
    }
    if results.is_empty() {
        anyhow::bail!(
            "no vector suites found under {}",
            paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    let out = match format {
        Format::Table => report::table(&results),
        Format::Json => report::json_lines(&results),
        Format::Junit => report::junit(&results),
    };
    print!("{out}");
    let failed: usize = results.iter().map(|r| r.counts().1).sum();
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
