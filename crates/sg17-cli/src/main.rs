//! `sg17`: the command-line face of the sg17 toolkit.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// sg17: reference toolkit for ITU-T SG17 security recommendations.
#[derive(Parser, Debug)]
#[command(name = "sg17", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Conformance vectors: run the bundled suites (or your own files).
    Vectors {
        #[command(subcommand)]
        cmd: cmd::vectors::VectorsCommand,
    },
    /// ASN.1 (ITU-T X.690 BER/CER/DER): dump and re-encode.
    Asn1 {
        #[command(subcommand)]
        cmd: cmd::asn1::Asn1Command,
    },
    /// X.509 certificates, CRLs and CSRs: show and lint.
    X509 {
        #[command(subcommand)]
        cmd: cmd::x509::X509Command,
    },
    /// x509-limbo path-validation conformance harness.
    Limbo {
        #[command(subcommand)]
        cmd: cmd::limbo::LimboCommand,
    },
    /// Random number generation (ITU-T X.1702 pipeline, SP 800-90A/B).
    Rng {
        #[command(subcommand)]
        cmd: cmd::rng::RngCommand,
    },
    /// SP 800-90B entropy assessment.
    Entropy {
        #[command(subcommand)]
        cmd: cmd::entropy::EntropyCommand,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Vectors { cmd } => cmd::vectors::run(cmd),
        Command::Asn1 { cmd } => cmd::asn1::run(cmd),
        Command::X509 { cmd } => cmd::x509::run(cmd),
        Command::Limbo { cmd } => cmd::limbo::run(cmd),
        Command::Rng { cmd } => cmd::rng::run(cmd),
        Command::Entropy { cmd } => cmd::entropy::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sg17: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
