//! `sg17 x509 ...`: show and lint certificates, CRLs and CSRs (PEM or DER, autodetected).

use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use sg17_cli::input::read_input;
use sg17_x509::{Document, Limits, lint, pem, text};
use std::io::Write;
use std::process::ExitCode;

/// Output format of `x509 show`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ShowFormat {
    /// `openssl -text`-like description.
    Text,
    /// One JSON object per object (JSON lines for several).
    Json,
}

/// X.509 subcommands.
#[derive(Subcommand, Debug)]
pub enum X509Command {
    /// Describe certificates, CRLs and CSRs (PEM bundles or DER; `-` reads stdin).
    Show {
        /// Input files.
        #[arg(required = true)]
        files: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ShowFormat,
    },
    /// Check certificates and CRLs against RFC 5280 MUST/SHOULD rules (zlint rule names).
    /// Exits 1 if any MUST is broken or an input does not parse.
    Lint {
        /// Input files.
        #[arg(required = true)]
        files: Vec<String>,
        /// Output JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// One decoded input item: where it came from and its DER octets (or why it has none).
struct Item {
    name: String,
    label: Option<String>,
    der: Result<Vec<u8>, String>,
}

fn load(files: &[String]) -> Vec<Item> {
    let mut items = Vec::new();
    for f in files {
        let data = match read_input(f) {
            Ok(d) => d,
            Err(e) => {
                items.push(Item { name: f.clone(), label: None, der: Err(format!("{e:#}")) });
                continue;
            }
        };
        let text = std::str::from_utf8(&data).ok().filter(|t| t.contains("-----BEGIN "));
        match text {
            Some(t) => {
                for (i, b) in pem::iter(t).enumerate() {
                    let name = format!("{f}#{i}");
                    match b {
                        Ok(p) => items.push(Item { name, label: Some(p.label.to_owned()), der: Ok(p.der) }),
                        Err(e) => items.push(Item { name, label: None, der: Err(e.to_string()) }),
                    }
                }
            }
            None => items.push(Item { name: f.clone(), label: None, der: Ok(data) }),
        }
    }
    items
}

fn parse<'a>(item: &Item, der: &'a [u8]) -> sg17_x509::Result<Document<'a>> {
    let limits = Limits::default();
    match &item.label {
        Some(l) => Document::from_pem_block(l, der, &limits),
        None => Document::from_der_with(der, &limits),
    }
}

/// The JSON line `show --format json` prints for one object.
fn show_json(name: &str, doc: &Document<'_>) -> serde_json::Value {
    let mut v = match doc {
        Document::Certificate(c) => sg17_x509::to_json(c),
        Document::Crl(c) => sg17_x509::crl_to_json(c),
        Document::Csr(c) => sg17_x509::csr_to_json(c),
    };
    v["input"] = serde_json::Value::String(name.to_owned());
    v
}

/// Runs an X.509 subcommand.
pub fn run(cmd: X509Command) -> Result<ExitCode> {
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cmd {
        X509Command::Show { files, format } => {
            for item in load(&files) {
                let der = match &item.der {
                    Ok(d) => d,
                    Err(e) => {
                        report_error(&mut out, &item.name, e, matches!(format, ShowFormat::Json))?;
                        failed = true;
                        continue;
                    }
                };
                match (parse(&item, der), format) {
                    (Err(e), f) => {
                        report_error(&mut out, &item.name, &e.to_string(), matches!(f, ShowFormat::Json))?;
                        failed = true;
                    }
                    (Ok(doc), ShowFormat::Text) => {
                        if files.len() > 1 || item.name.contains('#') {
                            writeln!(out, "==> {}", item.name)?;
                        }
                        write!(
                            out,
                            "{}",
                            match doc {
                                Document::Certificate(c) => text::certificate(&c),
                                Document::Crl(c) => text::crl(&c),
                                Document::Csr(c) => text::csr(&c),
                            }
                        )?;
                    }
                    (Ok(doc), ShowFormat::Json) => {
                        let v = show_json(&item.name, &doc);
                        writeln!(out, "{}", serde_json::to_string(&v).context("serialising JSON")?)?;
                    }
                }
            }
        }
        X509Command::Lint { files, json } => {
            for item in load(&files) {
                let der = match &item.der {
                    Ok(d) => d,
                    Err(e) => {
                        report_error(&mut out, &item.name, e, json)?;
                        failed = true;
                        continue;
                    }
                };
                let findings = match parse(&item, der) {
                    Err(e) => {
                        report_error(&mut out, &item.name, &e.to_string(), json)?;
                        failed = true;
                        continue;
                    }
                    Ok(Document::Certificate(c)) => lint::certificate(&c),
                    Ok(Document::Crl(c)) => lint::crl(&c),
                    Ok(Document::Csr(_)) => Vec::new(),
                };
                failed |= findings.iter().any(|f| f.severity == lint::Severity::Error);
                if json {
                    let list: Vec<_> = findings
                        .iter()
                        .map(|f| {
                            serde_json::json!({
                                "rule": f.rule,
                                "severity": if f.severity == lint::Severity::Error { "error" } else { "warning" },
                                "clause": f.clause,
                                "message": f.message,
                            })
                        })
                        .collect();
                    writeln!(out, "{}", serde_json::json!({"input": item.name, "findings": list}))?;
                } else if findings.is_empty() {
                    writeln!(out, "{}: no findings", item.name)?;
                } else {
                    for f in &findings {
                        writeln!(out, "{}: {f}", item.name)?;
                    }
                }
            }
        }
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn report_error(out: &mut impl Write, name: &str, e: &str, json: bool) -> Result<()> {
    if json {
        writeln!(out, "{}", serde_json::json!({"input": name, "error": e}))?;
    } else {
        eprintln!("{name}: error: {e}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vectors() -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors")
    }

    /// `sg17 x509 show --format json` over every bundled corpus certificate, given both as DER
    /// and as one PEM bundle, reports openssl's subject, issuer, serial and dates (recorded in
    /// vectors/x509/openssl-fields.json by vectors/tools/x509/openssl_fields.sh).
    #[test]
    fn rfc5280_4_1_show_matches_openssl_on_corpus() {
        let text = std::fs::read_to_string(vectors().join("x509/openssl-fields.json")).unwrap();
        let fields: serde_json::Value = serde_json::from_str(&text).unwrap();
        let certs = fields["certificates"].as_array().unwrap();
        let files: Vec<String> = certs
            .iter()
            .map(|c| vectors().join(c["file"].as_str().unwrap()).to_string_lossy().into_owned())
            .collect();
        // The same certificates as a PEM bundle with text between blocks.
        let bundle: String = files
            .iter()
            .map(|f| format!("# {f}\n{}", pem::encode("CERTIFICATE", &std::fs::read(f).unwrap())))
            .collect();
        let dir = std::env::temp_dir().join(format!("sg17-x509-show-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bundle_path = dir.join("bundle.pem").to_string_lossy().into_owned();
        std::fs::write(&bundle_path, bundle).unwrap();

        let der_items = load(&files);
        let pem_items = load(std::slice::from_ref(&bundle_path));
        assert_eq!(der_items.len(), certs.len());
        assert_eq!(pem_items.len(), certs.len());
        let mut bad = Vec::new();
        for (i, c) in certs.iter().enumerate() {
            for item in [&der_items[i], &pem_items[i]] {
                let der = item.der.as_ref().unwrap();
                let doc = parse(item, der).unwrap();
                let v = show_json(&item.name, &doc);
                let to_openssl = |s: &serde_json::Value| {
                    sg17_x509::Time::from_der(&{
                        // RFC 3339 back to openssl's form via the library's own Time type.
                        let s = s.as_str().unwrap().replace(['-', ':', 'T'], "");
                        let mut d = vec![0x18, s.len() as u8];
                        d.extend_from_slice(s.as_bytes());
                        d
                    })
                    .map(|t| t.to_openssl())
                    .unwrap_or_default()
                };
                let got = [
                    ("subject", v["subject"].as_str().unwrap_or_default().to_owned()),
                    ("issuer", v["issuer"].as_str().unwrap_or_default().to_owned()),
                    ("serial", v["serial"].as_str().unwrap_or_default().to_owned()),
                    ("not_before", to_openssl(&v["not_before"])),
                    ("not_after", to_openssl(&v["not_after"])),
                ];
                for (k, g) in got {
                    if c[k].as_str() != Some(g.as_str()) {
                        bad.push(format!("{}: {k}: openssl {} vs show {g:?}", item.name, c[k]));
                    }
                }
            }
        }
        std::fs::remove_dir_all(&dir).ok();
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }
}
