//! `sg17 limbo run`: the x509-limbo path-validation harness.

use anyhow::{Context, Result};
use clap::Subcommand;
use sg17_cli::input::read_input;
use sg17_cli::limbo;
use std::process::ExitCode;

/// x509-limbo subcommands.
#[derive(Subcommand, Debug)]
pub enum LimboCommand {
    /// Run a limbo.json suite and write limbo's result format.
    Run {
        /// The suite (e.g. vectors/x509-limbo/limbo.json); `-` reads stdin.
        suite: String,
        /// Where to write the results JSON (default: stdout).
        #[arg(long)]
        output: Option<String>,
    },
}

/// Runs a limbo subcommand; exit code 0 (mismatches are reported, not errors).
pub fn run(cmd: LimboCommand) -> Result<ExitCode> {
    let LimboCommand::Run { suite, output } = cmd;
    let data = read_input(&suite)?;
    let parsed: limbo::Suite = serde_json::from_slice(&data).context("parsing limbo suite")?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let results = limbo::run(&parsed, now);
    let json = serde_json::to_string_pretty(&results)?;
    match output {
        Some(path) => std::fs::write(&path, json + "\n").with_context(|| format!("writing {path}"))?,
        None => println!("{json}"),
    }
    let mut total = (0, 0);
    for (ns, (pass, n)) in limbo::pass_rates(&parsed, &results) {
        eprintln!("{ns:<14} {pass:>4}/{n:<4}");
        total.0 += pass;
        total.1 += n;
    }
    eprintln!("{:<14} {:>4}/{:<4} cases give the expected result", "total", total.0, total.1);
    Ok(ExitCode::SUCCESS)
}
