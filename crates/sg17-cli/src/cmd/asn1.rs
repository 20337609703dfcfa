//! `sg17 asn1 ...`: X.690 dump and re-encoding.

use anyhow::{Result, bail};
use clap::{Subcommand, ValueEnum};
use sg17_asn1::{EncodingRules, Limits, Value, dump};
use sg17_cli::input::{from_hex, looks_like_pem, pem_blocks, read_input};
use std::io::Write;
use std::process::ExitCode;

/// Output formats for `dump`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DumpFormat {
    /// `openssl asn1parse`-style rows.
    Text,
    /// One JSON object per input (JSON lines for several).
    Json,
}

/// Rule sets for the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Rules {
    /// Basic Encoding Rules (X.690 clause 8).
    Ber,
    /// Canonical Encoding Rules (X.690 clause 9).
    Cer,
    /// Distinguished Encoding Rules (X.690 clause 10).
    Der,
}

impl From<Rules> for EncodingRules {
    fn from(r: Rules) -> Self {
        match r {
            Rules::Ber => EncodingRules::Ber,
            Rules::Cer => EncodingRules::Cer,
            Rules::Der => EncodingRules::Der,
        }
    }
}

/// Input decoding options shared by the asn1 verbs.
#[derive(clap::Args, Debug)]
pub struct InputOpts {
    /// Input files; `-` reads stdin.
    #[arg(default_value = "-")]
    files: Vec<String>,
    /// Inputs are PEM (detected automatically when a BEGIN line is present).
    #[arg(long)]
    pem: bool,
    /// Inputs are hex text.
    #[arg(long, conflicts_with = "pem")]
    hex: bool,
    /// Rules to enforce.
    #[arg(long, value_enum, default_value = "ber")]
    rules: Rules,
    /// Maximum nesting depth.
    #[arg(long, default_value_t = Limits::default().max_depth)]
    max_depth: usize,
}

/// ASN.1 subcommands.
#[derive(Subcommand, Debug)]
pub enum Asn1Command {
    /// Dump every TLV (offset, depth, header length, length, tag, value), like `openssl asn1parse`.
    Dump {
        #[command(flatten)]
        input: InputOpts,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: DumpFormat,
    },
    /// Compile ASN.1 modules (X.680-X.683) and list their types.
    Compile(super::asn1_schema::CompileArgs),
    /// Convert a value of a schema type between encoding rules (BER, DER, CER, PER, UPER, OER, XER, JER).
    Convert(super::asn1_schema::ConvertArgs),
    /// Generate Rust types with PER (aligned and unaligned) codecs from ASN.1 modules.
    Codegen(super::asn1_schema::CodegenArgs),
    /// Decode under one rule set and re-encode under another (e.g. BER to DER).
    Reencode {
        #[command(flatten)]
        input: InputOpts,
        /// Rules to encode with.
        #[arg(long, value_enum, default_value = "der")]
        to: Rules,
        /// Write hex instead of binary.
        #[arg(long)]
        hex_out: bool,
    },
}

/// Splits the named inputs into (name, octets) items: one per file, or one per PEM block.
fn load(opts: &InputOpts) -> Vec<(String, Result<Vec<u8>>)> {
    let mut items = Vec::new();
    for f in &opts.files {
        match read_input(f) {
            Err(e) => items.push((f.clone(), Err(e))),
            Ok(data) if opts.hex => items.push((f.clone(), from_hex(&data))),
            Ok(data) if opts.pem || looks_like_pem(&data) => match pem_blocks(&data) {
                Ok(blocks) => {
                    let n = blocks.len();
                    for (i, (label, der)) in blocks.into_iter().enumerate() {
                        let name = if n == 1 { f.clone() } else { format!("{f}#{i} ({label})") };
                        items.push((name, Ok(der)));
                    }
                }
                Err(e) => items.push((f.clone(), Err(e))),
            },
            Ok(data) => items.push((f.clone(), Ok(data))),
        }
    }
    items
}

fn error_json(e: &sg17_asn1::Error) -> serde_json::Value {
    serde_json::json!({"clause": e.clause(), "kind": format!("{:?}", e.kind()), "offset": e.offset(),
        "path": e.path(), "message": e.to_string()})
}

/// Runs an ASN.1 subcommand.
pub fn run(cmd: Asn1Command) -> Result<ExitCode> {
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cmd {
        Asn1Command::Compile(args) => return super::asn1_schema::compile(args),
        Asn1Command::Convert(args) => return super::asn1_schema::convert(args),
        Asn1Command::Codegen(args) => return super::asn1_schema::codegen(args),
        Asn1Command::Dump { input, format } => {
            let limits = Limits::default().with_max_depth(input.max_depth);
            let items = load(&input);
            let many = items.len() > 1;
            for (name, data) in items {
                let data = match data {
                    Ok(d) => d,
                    Err(e) => {
                        failed = true;
                        eprintln!("sg17: {name}: {e:#}");
                        continue;
                    }
                };
                let mut rows = Vec::new();
                let res = dump::dump(&data, input.rules.into(), limits, &mut |r| rows.push(r));
                match format {
                    DumpFormat::Text => {
                        if many {
                            writeln!(out, "# {name}")?;
                        }
                        for r in &rows {
                            writeln!(out, "{r}")?;
                        }
                        if let Err(e) = &res {
                            writeln!(out, "error: {e}")?;
                        }
                    }
                    DumpFormat::Json => {
                        let o = serde_json::json!({
                            "input": name,
                            "rules": EncodingRules::from(input.rules).to_string(),
                            "rows": rows.iter().map(dump::Row::to_json).collect::<Vec<_>>(),
                            "error": res.as_ref().err().map(error_json),
                        });
                        writeln!(out, "{o}")?;
                    }
                }
                failed |= res.is_err();
            }
        }
        Asn1Command::Reencode { input, to, hex_out } => {
            let limits = Limits::default().with_max_depth(input.max_depth);
            let items = load(&input);
            if items.len() != 1 && !hex_out {
                bail!("binary output takes exactly one input; use --hex-out for several");
            }
            for (name, data) in items {
                let res = data.and_then(|d| {
                    let v = Value::decode_with_limits(&d, input.rules.into(), limits)?;
                    Ok(sg17_asn1::encode(&v, to.into()))
                });
                match res {
                    Ok(enc) if hex_out => writeln!(out, "{}", hex::encode(enc))?,
                    Ok(enc) => out.write_all(&enc)?,
                    Err(e) => {
                        failed = true;
                        eprintln!("sg17: {name}: {e:#}");
                    }
                }
            }
        }
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
