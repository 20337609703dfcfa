//! `sg17 x509 ...`: show and lint certificates, CRLs, CSRs, attribute certificates and OCSP
//! responses (PEM or DER, autodetected); validate paths with CRLs and OCSP responses.

use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use sg17_cli::input::{parse_rfc3339, read_input};
use sg17_x509::ocsp::OcspResponse;
use sg17_x509::path::{ExpectedName, Options, Profile, Revocation, Verifier};
use sg17_x509::{Certificate, Crl, Document, Limits, lint, oids, pem, text};
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
    /// Describe certificates, CRLs, CSRs, attribute certificates and OCSP responses (PEM
    /// bundles or DER; `-` reads stdin).
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
    /// Build and validate a certification path for each leaf (RFC 5280 clause 6 / X.509
    /// clause 10). Prints the chosen path or the failing certificate, check and clause; exits 0
    /// only when every leaf is valid.
    Verify {
        /// Leaf certificates (PEM or DER; the first certificate of each file is the leaf, any
        /// others join the intermediate pool).
        #[arg(required = true)]
        leaves: Vec<String>,
        /// Trust anchors (PEM bundles or DER files).
        #[arg(long = "roots", required = true, num_args = 1..)]
        roots: Vec<String>,
        /// Untrusted intermediates.
        #[arg(long = "intermediates", num_args = 1..)]
        intermediates: Vec<String>,
        /// CRLs to check revocation with (RFC 5280 6.3).
        #[arg(long = "crl", num_args = 1..)]
        crls: Vec<String>,
        /// OCSP responses (DER, or PEM of any label) to check revocation with (RFC 6960);
        /// repeatable. A response signed by the issuing CA or by its delegated responder
        /// (id-kp-OCSPSigning; from the response or --intermediates) and current at --at counts.
        #[arg(long = "ocsp", num_args = 1..)]
        ocsp: Vec<String>,
        /// Validation time: RFC 3339 or Unix seconds (default: now).
        #[arg(long)]
        at: Option<String>,
        /// Required extended key usage of the leaf.
        #[arg(long, value_enum)]
        purpose: Option<Purpose>,
        /// DNS name, IP address or e-mail address the leaf must be valid for.
        #[arg(long)]
        name: Option<String>,
        /// Validation profile.
        #[arg(long, value_enum, default_value = "strict")]
        profile: ProfileArg,
        /// Revocation checking with the supplied CRLs and OCSP responses.
        #[arg(long, value_enum, default_value = "soft-fail")]
        revocation: RevocationArg,
        /// Most intermediates in a path.
        #[arg(long, default_value_t = 8)]
        max_depth: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ShowFormat,
    },
}

/// `--purpose` values (RFC 5280 4.2.1.12 key purposes).
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Purpose {
    /// id-kp-serverAuth.
    ServerAuth,
    /// id-kp-clientAuth.
    ClientAuth,
    /// id-kp-codeSigning.
    CodeSigning,
    /// id-kp-emailProtection.
    EmailProtection,
    /// id-kp-timeStamping.
    TimeStamping,
    /// id-kp-OCSPSigning.
    OcspSigning,
}

/// `--profile` values.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ProfileArg {
    /// RFC 5280 clause 6 only.
    Rfc5280,
    /// Plus the clause 4 MUSTs on issuers.
    Strict,
    /// Plus the Web PKI (CA/B Forum) rules.
    Webpki,
}

/// `--revocation` values.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RevocationArg {
    /// No revocation checking.
    Off,
    /// Supplied CRLs and OCSP responses are used; uncovered certificates pass.
    SoftFail,
    /// Every certificate needs a current CRL or a `good` OCSP response.
    HardFail,
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

/// One parsed input object.
// Borrowed views of similar size; boxing would allocate per input for nothing.
#[allow(clippy::large_enum_variant)]
enum Parsed<'a> {
    /// A certificate, CRL, CSR or attribute certificate.
    Doc(Document<'a>),
    /// An OCSP response (RFC 6960 4.2.1).
    Ocsp(OcspResponse<'a>),
}

fn parse<'a>(item: &Item, der: &'a [u8]) -> sg17_x509::Result<Parsed<'a>> {
    let limits = Limits::default();
    // An OCSPResponse starts with an ENUMERATED, which none of the signed objects does.
    if item.label.as_deref() == Some("OCSP RESPONSE") || sg17_x509::ocsp::looks_like_response(der) {
        return OcspResponse::from_der_with(der, &limits).map(Parsed::Ocsp);
    }
    match &item.label {
        Some(l) => Document::from_pem_block(l, der, &limits),
        None => Document::from_der_with(der, &limits),
    }
    .map(Parsed::Doc)
}

/// The JSON line `show --format json` prints for one object.
fn show_json(name: &str, doc: &Parsed<'_>) -> serde_json::Value {
    let mut v = match doc {
        Parsed::Doc(Document::Certificate(c)) => sg17_x509::to_json(c),
        Parsed::Doc(Document::Crl(c)) => sg17_x509::crl_to_json(c),
        Parsed::Doc(Document::Csr(c)) => sg17_x509::csr_to_json(c),
        Parsed::Doc(Document::AttributeCertificate(c)) => sg17_x509::attribute_cert_to_json(c),
        Parsed::Ocsp(r) => sg17_x509::ocsp_response_to_json(r),
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
                                Parsed::Doc(Document::Certificate(c)) => text::certificate(&c),
                                Parsed::Doc(Document::Crl(c)) => text::crl(&c),
                                Parsed::Doc(Document::Csr(c)) => text::csr(&c),
                                Parsed::Doc(Document::AttributeCertificate(c)) =>
                                    text::attribute_certificate(&c),
                                Parsed::Ocsp(r) => text::ocsp_response(&r),
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
        X509Command::Verify {
            leaves,
            roots,
            intermediates,
            crls,
            ocsp,
            at,
            purpose,
            name,
            profile,
            revocation,
            max_depth,
            format,
        } => {
            let time = match at {
                Some(t) => {
                    parse_rfc3339(&t).with_context(|| format!("--at {t}: not RFC 3339 or Unix seconds"))?
                }
                None => std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            };
            let mut opts = Options::at(time)
                .profile(match profile {
                    ProfileArg::Rfc5280 => Profile::Rfc5280,
                    ProfileArg::Strict => Profile::Strict,
                    ProfileArg::Webpki => Profile::WebPki,
                })
                .revocation(match revocation {
                    RevocationArg::Off => Revocation::Off,
                    RevocationArg::SoftFail => Revocation::SoftFail,
                    RevocationArg::HardFail => Revocation::HardFail,
                })
                .max_intermediates(max_depth);
            if let Some(p) = purpose {
                opts = opts.purpose(match p {
                    Purpose::ServerAuth => oids::KP_SERVER_AUTH,
                    Purpose::ClientAuth => oids::KP_CLIENT_AUTH,
                    Purpose::CodeSigning => oids::KP_CODE_SIGNING,
                    Purpose::EmailProtection => oids::KP_EMAIL_PROTECTION,
                    Purpose::TimeStamping => oids::KP_TIME_STAMPING,
                    Purpose::OcspSigning => oids::KP_OCSP_SIGNING,
                });
            }
            if let Some(n) = name {
                opts = opts.expected_name(if let Ok(ip) = n.parse() {
                    ExpectedName::Ip(ip)
                } else if n.contains('@') {
                    ExpectedName::Email(n)
                } else {
                    ExpectedName::Dns(n)
                });
            }
            let json = matches!(format, ShowFormat::Json);
            let inputs = VerifyInputs {
                leaves: &leaves,
                roots: &roots,
                intermediates: &intermediates,
                crls: &crls,
                ocsp: &ocsp,
            };
            failed |= !verify(&mut out, &inputs, &opts, json)?;
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
                    Ok(Parsed::Doc(Document::Certificate(c))) => lint::certificate(&c),
                    Ok(Parsed::Doc(Document::Crl(c))) => lint::crl(&c),
                    Ok(Parsed::Doc(Document::Csr(c))) => lint::csr(&c),
                    Ok(Parsed::Doc(Document::AttributeCertificate(_)) | Parsed::Ocsp(_)) => Vec::new(),
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

/// Every certificate in `files` (PEM bundles or DER), as DER.
fn load_certificates(files: &[String]) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for item in load(files) {
        let der = item.der.map_err(|e| anyhow::anyhow!("{}: {e}", item.name))?;
        if item.label.as_deref().is_none_or(|l| l == "CERTIFICATE" || l == "TRUSTED CERTIFICATE") {
            out.push((item.name, der));
        }
    }
    Ok(out)
}

fn parse_all<'a>(ders: &'a [(String, Vec<u8>)]) -> Result<Vec<Certificate<'a>>> {
    ders.iter()
        .map(|(n, d)| Certificate::from_der(d).with_context(|| format!("{n}: not a certificate")))
        .collect()
}

/// The files `x509 verify` reads.
struct VerifyInputs<'i> {
    leaves: &'i [String],
    roots: &'i [String],
    intermediates: &'i [String],
    crls: &'i [String],
    ocsp: &'i [String],
}

fn verify(out: &mut impl Write, inputs: &VerifyInputs<'_>, opts: &Options, json: bool) -> Result<bool> {
    let VerifyInputs { leaves, roots, intermediates, crls: crl_files, ocsp: ocsp_files } = *inputs;
    let root_der = load_certificates(roots)?;
    let anchors = parse_all(&root_der)?;
    let mut pool_der = load_certificates(intermediates)?;
    let leaf_files: Vec<Vec<(String, Vec<u8>)>> =
        leaves.iter().map(|l| load_certificates(std::slice::from_ref(l))).collect::<Result<_>>()?;
    for f in &leaf_files {
        pool_der.extend(f.iter().skip(1).cloned());
    }
    let pool = parse_all(&pool_der)?;
    let mut crl_der = Vec::new();
    for item in load(crl_files) {
        crl_der.push((item.name.clone(), item.der.map_err(|e| anyhow::anyhow!("{}: {e}", item.name))?));
    }
    let crls: Vec<Crl<'_>> = crl_der
        .iter()
        .map(|(n, d)| Crl::from_der(d).with_context(|| format!("{n}: not a CRL")))
        .collect::<Result<_>>()?;
    let mut ocsp_der = Vec::new();
    for item in load(ocsp_files) {
        ocsp_der.push((item.name.clone(), item.der.map_err(|e| anyhow::anyhow!("{}: {e}", item.name))?));
    }
    let responses: Vec<OcspResponse<'_>> = ocsp_der
        .iter()
        .map(|(n, d)| OcspResponse::from_der(d).with_context(|| format!("{n}: not an OCSP response")))
        .collect::<Result<_>>()?;
    let ocsp_names: Vec<&str> = ocsp_der.iter().map(|(n, _)| n.as_str()).collect();
    let verifier =
        Verifier::new(&anchors).with_intermediates(&pool).with_crls(&crls).with_ocsp_responses(&responses);
    let mut all_ok = true;
    for (file, certs) in leaves.iter().zip(&leaf_files) {
        let Some((_, der)) = certs.first() else {
            report_error(out, file, "no certificate", json)?;
            all_ok = false;
            continue;
        };
        let leaf = match Certificate::from_der(der) {
            Ok(c) => c,
            Err(e) => {
                report_error(out, file, &e.to_string(), json)?;
                all_ok = false;
                continue;
            }
        };
        match verifier.verify(&leaf, opts) {
            Ok(path) => {
                let names: Vec<String> =
                    path.certificates().iter().map(|c| c.subject().to_string()).collect();
                if json {
                    writeln!(out, "{}", serde_json::json!({"input": file, "valid": true, "path": names}))?;
                } else {
                    writeln!(out, "{file}: OK")?;
                    for (i, n) in names.iter().enumerate() {
                        writeln!(out, "  {i}: {n}")?;
                    }
                }
            }
            Err(e) => {
                all_ok = false;
                if json {
                    let v = serde_json::json!({
                        "input": file,
                        "valid": false,
                        "error": {
                            "certificate": e.subject.to_string(),
                            "subject": e.certificate,
                            "check": e.check.name(),
                            "clause": e.clause,
                            "detail": e.detail,
                        },
                        "ocsp_responses": ocsp_names,
                    });
                    writeln!(out, "{v}")?;
                } else {
                    writeln!(out, "{file}: FAILED: {e}")?;
                    // Errors name OCSP responses by their index.
                    if e.detail.contains("OCSP response #") {
                        for (i, n) in ocsp_names.iter().enumerate() {
                            writeln!(out, "  OCSP response #{i}: {n}")?;
                        }
                    }
                }
            }
        }
    }
    Ok(all_ok)
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

    /// `x509 show` on an RFC 5755 attribute certificate, as DER and as an `ATTRIBUTE
    /// CERTIFICATE` PEM block (RFC 7468 13), reports the holder, issuer and validity that
    /// pyasn1-modules decoded from the same bytes (vectors/x509/attribute-certs.json, written
    /// by vectors/tools/x509/make_attribute_certs.py).
    #[test]
    fn rfc5755_show_attribute_certificate() {
        let suite: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(vectors().join("x509/attribute-certs.json")).unwrap(),
        )
        .unwrap();
        let t = suite["tests"].as_array().unwrap().iter().find(|t| t["id"] == "ac-role-group").unwrap();
        let file = vectors().join("x509/ac/ac-role-group.der");
        let der = std::fs::read(&file).unwrap();
        let dir = std::env::temp_dir().join(format!("sg17-x509-show-ac-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pem_path = dir.join("ac.pem");
        std::fs::write(&pem_path, pem::encode("ATTRIBUTE CERTIFICATE", &der)).unwrap();
        let files = [file.to_string_lossy().into_owned(), pem_path.to_string_lossy().into_owned()];
        let items = load(&files);
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(items.len(), 2);
        for item in &items {
            let der = item.der.as_ref().unwrap();
            let doc = parse(item, der).unwrap();
            let v = show_json(&item.name, &doc);
            for k in ["type", "serial", "holder", "issuer", "not_before", "not_after"] {
                // The expected objects leave out absent (null) components.
                sg17_cli::vectors::matching::subset(&t["expected"][k], &v[k])
                    .unwrap_or_else(|at| panic!("{}: {k}{at}: {}", item.name, v[k]));
            }
            let Parsed::Doc(Document::AttributeCertificate(ac)) = doc else {
                panic!("{}: not an AC", item.name)
            };
            assert!(text::attribute_certificate(&ac).contains("Role: URI:urn:sg17:role:admin"));
        }
    }
}
