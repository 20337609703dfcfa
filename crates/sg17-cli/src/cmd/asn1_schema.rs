//! `sg17 asn1 compile`, `sg17 asn1 convert` and `sg17 asn1 codegen` (issue 7): ASN.1 modules
//! compiled by sg17-asn1-schema, values converted between BER, CER, DER, PER
//! (aligned/unaligned), OER, canonical OER, JER and ASN.1 value notation, Rust types with PER
//! codecs generated.

use anyhow::{Context, bail};
use sg17_asn1_schema::{Rules, Schema};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `sg17 asn1 compile`.
#[derive(clap::Args, Debug)]
pub struct CompileArgs {
    /// ASN.1 module files.
    #[arg(required = true)]
    pub specs: Vec<PathBuf>,
    /// Also print notes about constructs accepted but not interpreted (X.681-X.683).
    #[arg(long)]
    pub verbose: bool,
}

/// Arguments of `sg17 asn1 convert`.
#[derive(clap::Args, Debug)]
pub struct ConvertArgs {
    /// ASN.1 module files.
    #[arg(long = "spec", required = true)]
    pub specs: Vec<PathBuf>,
    /// The type of the value (`Type` or `Module.Type`).
    #[arg(long = "type", short = 't')]
    pub type_name: String,
    /// Input rules: ber, cer, der, per (aligned), uper, oer, coer, jer (JSON), xer (XML) or value (ASN.1 value notation).
    #[arg(long)]
    pub from: String,
    /// Output rules: ber, cer, der, per, uper, oer, coer, jer or xer.
    #[arg(long)]
    pub to: String,
    /// Input file, `-` or nothing for standard input.
    pub input: Option<PathBuf>,
    /// How binary input is written: auto (hex text if it is hex, else raw), hex or bin.
    #[arg(long, default_value = "auto")]
    pub input_format: String,
    /// How binary output is written: hex or bin.
    #[arg(long, default_value = "hex")]
    pub output_format: String,
}

/// Arguments of `sg17 asn1 codegen`.
#[derive(clap::Args, Debug)]
pub struct CodegenArgs {
    /// ASN.1 module files.
    #[arg(long = "spec", required = true)]
    pub specs: Vec<PathBuf>,
    /// Types to generate (with the types they use); all named types when none is given.
    #[arg(long = "type", short = 't')]
    pub types: Vec<String>,
    /// Output file; standard output when not given.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Zero-copy types: strings as `Cow<'a, str>` and OCTET STRINGs as `Cow<'a, [u8]>`,
    /// borrowed from the input where the encoding holds them as they are.
    #[arg(long)]
    pub borrowed: bool,
}

/// Runs `sg17 asn1 codegen`: exit status 1 with the reason for a construct the generator
/// does not support.
pub fn codegen(args: CodegenArgs) -> anyhow::Result<ExitCode> {
    let schema = match load(&args.specs) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let opts = sg17_asn1_schema::codegen::CodegenOptions {
        types: args.types,
        borrowed: args.borrowed,
        ..Default::default()
    };
    let code = match sg17_asn1_schema::codegen::generate(&schema, &opts) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    match &args.output {
        Some(p) => std::fs::write(p, code).with_context(|| format!("writing {}", p.display()))?,
        None => std::io::stdout().lock().write_all(code.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn load(specs: &[PathBuf]) -> anyhow::Result<Schema> {
    let mut texts = Vec::new();
    for p in specs {
        let t = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        texts.push((p.display().to_string(), t));
    }
    let refs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    Ok(Schema::from_sources(&refs)?)
}

/// Runs `sg17 asn1 compile`.
pub fn compile(args: CompileArgs) -> anyhow::Result<ExitCode> {
    let schema = match load(&args.specs) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut out = std::io::stdout().lock();
    let mut current = "";
    for (module, name, id) in schema.types() {
        if module != current {
            writeln!(out, "{module}")?;
            current = module;
        }
        writeln!(out, "  {name} ::= {}", schema.describe(id))?;
    }
    if args.verbose {
        for w in &schema.warnings {
            writeln!(out, "note: {w}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_input(path: Option<&PathBuf>) -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::new();
    match path {
        Some(p) if p.as_os_str() != "-" => {
            buf = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        }
        _ => {
            std::io::stdin().read_to_end(&mut buf)?;
        }
    }
    Ok(buf)
}

fn decode_binary(raw: Vec<u8>, format: &str) -> anyhow::Result<Vec<u8>> {
    let as_hex = || -> Option<Vec<u8>> {
        let text = std::str::from_utf8(&raw).ok()?;
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        hex::decode(digits).ok()
    };
    match format {
        "hex" => as_hex().context("input is not hexadecimal text"),
        "bin" => Ok(raw),
        "auto" => Ok(as_hex().filter(|h| !h.is_empty()).unwrap_or(raw)),
        other => bail!("unknown --input-format `{other}` (auto, hex, bin)"),
    }
}

/// Runs `sg17 asn1 convert`.
pub fn convert(args: ConvertArgs) -> anyhow::Result<ExitCode> {
    let schema = load(&args.specs)?;
    let raw = read_input(args.input.as_ref())?;
    let value = match args.from.as_str() {
        "value" | "asn1" => {
            let text = String::from_utf8(raw).context("value notation is not UTF-8")?;
            schema.value_from_notation(&args.type_name, &text)?
        }
        from => {
            let rules: Rules = from.parse()?;
            let data = if rules.is_text() { raw } else { decode_binary(raw, &args.input_format)? };
            schema.decode(&args.type_name, &data, rules)?
        }
    };
    let to: Rules = match args.to.as_str() {
        "value-json" | "json" => Rules::Jer,
        t => t.parse()?,
    };
    let out = schema.encode(&args.type_name, &value, to)?;
    let mut stdout = std::io::stdout().lock();
    if to == Rules::Jer {
        let j: serde_json::Value = serde_json::from_slice(&out)?;
        writeln!(stdout, "{}", serde_json::to_string_pretty(&j)?)?;
    } else if to.is_text() {
        stdout.write_all(&out)?;
        writeln!(stdout)?;
    } else {
        match args.output_format.as_str() {
            "hex" => writeln!(stdout, "{}", hex::encode(&out))?,
            "bin" => stdout.write_all(&out)?,
            other => bail!("unknown --output-format `{other}` (hex, bin)"),
        }
    }
    Ok(ExitCode::SUCCESS)
}
