//! End-to-end tests of the `sg17` binary: exit codes, stdin, JSON lines.

use std::io::Write;
use std::process::{Command, Stdio};

fn sg17(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sg17"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn dump_reads_stdin_and_prints_asn1parse_rows() {
    // SEQUENCE { INTEGER 5 } as hex on stdin.
    let (code, out, _) = sg17(&["asn1", "dump", "--hex", "--rules", "der", "-"], b"3003020105\n");
    assert_eq!(code, 0);
    assert_eq!(out.lines().nth(1).unwrap(), "    2:d=1  hl=2  l=    1 prim: INTEGER :5");
}

#[test]
fn dump_json_reports_clause_and_offset_and_fails() {
    // X.690 10.1: DER forbids the long form for length 3.
    let (code, out, _) =
        sg17(&["asn1", "dump", "--hex", "--rules", "der", "--format", "json"], b"048103010203");
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["error"]["clause"], "X.690 10.1");
    assert_eq!(v["error"]["offset"], 1);
}

#[test]
fn reencode_ber_indefinite_to_der() {
    let (code, out, _) = sg17(&["asn1", "reencode", "--hex", "--to", "der", "--hex-out"], b"30800201050000");
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "3003020105");
}

#[test]
fn vectors_run_fails_on_a_wrong_expectation() {
    let dir = std::env::temp_dir().join(format!("sg17-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.json");
    std::fs::write(
        &f,
        r#"{"suite":"t","recommendation":"ITU-T X.690 (02/2021)","source":"test","runner":"asn1-decode",
        "tests":[{"id":"a","clause":"8.3","encoding":"DER","input":"020105","result":"valid",
                  "expected":{"type":"INTEGER","value":"6"}},
                 {"id":"b","clause":"10.1","encoding":"DER","input":"04810100","result":"invalid"}]}"#,
    )
    .unwrap();
    let (code, out, _) = sg17(&["vectors", "run", f.to_str().unwrap(), "--format", "json"], b"");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 1, "{out}");
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[0]["outcome"], "fail");
    assert_eq!(lines[1]["outcome"], "pass");
    assert_eq!(lines[2]["kind"], "suite");
}

fn revocation_case(name: &str) -> String {
    format!("{}/../sg17-x509/tests/data/revocation/limbo/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn x509_verify_exit_code_follows_validity_rfc5280_6_3() {
    // x509-limbo crl::certificate-not-on-crl (expected SUCCESS) and
    // crl::revoked-certificate-with-crl (expected FAILURE), at their validation time.
    let ok = revocation_case("certificate-not-on-crl");
    let (code, out, err) = sg17(
        &[
            "x509",
            "verify",
            &format!("{ok}/leaf.der"),
            "--roots",
            &format!("{ok}/root0.der"),
            "--crl",
            &format!("{ok}/crl0.der"),
            "--at",
            "2024-01-01T00:00:00Z",
        ],
        b"",
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(": OK"), "{out}");
    let bad = revocation_case("revoked-certificate-with-crl");
    let (code, out, _) = sg17(
        &[
            "x509",
            "verify",
            &format!("{bad}/leaf.der"),
            "--roots",
            &format!("{bad}/root0.der"),
            "--crl",
            &format!("{bad}/crl0.der"),
            "--at",
            "1704067200",
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["error"]["check"], "revocation");
    assert_eq!(v["error"]["certificate"], "leaf");
    // The same leaf without the CRL validates: the failure is the revocation, nothing else.
    let (code, _, _) = sg17(
        &[
            "x509",
            "verify",
            &format!("{bad}/leaf.der"),
            "--roots",
            &format!("{bad}/root0.der"),
            "--at",
            "1704067200",
        ],
        b"",
    );
    assert_eq!(code, 0);
}

fn ocsp_vector(name: &str) -> String {
    format!("{}/../../vectors/ocsp/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `x509 verify --ocsp` (RFC 6960 3.2) over vectors/ocsp/ (expectations from openssl's verdict
/// on the same files, recorded in vectors/ocsp/manifest.json): hard-fail passes with the
/// issuing CA's `good` for the leaf and the root's for the CA, fails on a revocation, and
/// names the response at fault; PEM input and `-` (stdin) work.
#[test]
fn x509_verify_with_ocsp_responses_rfc6960() {
    let base = |extra: &[&str], ocsp: &[&str]| {
        let mut a: Vec<String> = ["x509", "verify"].iter().map(|s| (*s).to_owned()).collect();
        a.extend(extra.iter().map(|s| (*s).to_owned()));
        a.extend(["--roots".into(), ocsp_vector("root.der")]);
        a.extend(["--intermediates".into(), ocsp_vector("ica.der")]);
        a.extend(["--at".into(), "2026-06-01T00:00:00Z".into(), "--revocation".into(), "hard-fail".into()]);
        for o in ocsp {
            a.extend(["--ocsp".into(), if *o == "-" { "-".into() } else { ocsp_vector(o) }]);
        }
        a
    };
    let run = |args: Vec<String>, stdin: &[u8]| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        sg17(&refs, stdin)
    };
    let good = ocsp_vector("leaf-good.der");
    let (code, out, err) = run(base(&[&good], &["good-issuer-sha256-bykey.der", "ica-good.der"]), b"");
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(": OK"), "{out}");
    // Without OCSP data hard-fail has no status.
    let (code, _, _) = run(base(&[&good], &[]), b"");
    assert_eq!(code, 1);
    // The leaf's response as PEM on stdin.
    let der = std::fs::read(ocsp_vector("delegated-good-bykey.der")).unwrap();
    let pem = sg17_x509::pem::encode("OCSP RESPONSE", &der);
    let (code, out, err) = run(base(&[&good], &["-", "ica-good.der"]), pem.as_bytes());
    assert_eq!(code, 0, "{out}{err}");
    // Revoked (keyCompromise), in JSON.
    let revoked = ocsp_vector("leaf-revoked.der");
    let (code, out, _) =
        run(base(&[&revoked, "--format", "json"], &["revoked-key-compromise.der", "ica-good.der"]), b"");
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["error"]["check"], "revocation");
    assert_eq!(v["error"]["clause"], "RFC 6960 2.2");
    assert!(v["error"]["detail"].as_str().unwrap().contains("Key Compromise"), "{v}");
    assert!(v["ocsp_responses"][0].as_str().unwrap().ends_with("revoked-key-compromise.der"), "{v}");
    // A responder without id-kp-OCSPSigning: the text output names the file.
    let (code, out, _) = run(base(&[&good], &["delegated-no-eku.der", "ica-good.der"]), b"");
    assert_eq!(code, 1);
    assert!(out.contains("RFC 6960 4.2.2.2") && out.contains("id-kp-OCSPSigning"), "{out}");
    assert!(out.contains("OCSP response #0: ") && out.contains("delegated-no-eku.der"), "{out}");
}

/// `x509 show` recognises an OCSP response by its leading ENUMERATED (RFC 6960 4.2.1).
#[test]
fn x509_show_autodetects_ocsp_response() {
    let f = ocsp_vector("delegated-revoked.der");
    let (code, out, err) = sg17(&["x509", "show", &f], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("OCSP Response Data:\n"), "{out}");
    assert!(out.contains("Revocation Reason: Superseded (0x4)"), "{out}");
    assert!(out.contains("Subject: CN=sg17 OCSP Responder"), "{out}");
    let (code, out, _) = sg17(&["x509", "show", "--format", "json", &ocsp_vector("try-later.der")], b"");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!((v["type"].as_str(), v["status"].as_str()), (Some("ocsp-response"), Some("tryLater")));
    // A truncated response is reported with its clause and offset.
    let der = std::fs::read(&f).unwrap();
    let (code, _, err) = sg17(&["x509", "show", "-"], &der[..der.len() - 3]);
    assert_eq!(code, 1);
    assert!(err.contains("X.690 8.1.1: truncated encoding"), "{err}");
}

/// `sg17 asn1 codegen`: Rust types for the X.691 A.1 and A.3 modules on stdout, `--type`
/// selects, A.4 (a BMPString) too, an unsupported construct (TeletexString) fails with the reason.
#[test]
fn asn1_codegen_prints_rust_types_or_refuses() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/asn1-schema/modules");
    let a1 = format!("{dir}/x691-a1.asn");
    let (code, out, _) = sg17(&["asn1", "codegen", "--spec", &a1], b"");
    assert_eq!(code, 0);
    assert!(
        out.contains("pub struct PersonnelRecord {")
            && out.contains("impl<'a> ::sg17_asn1_schema::typed::PerCodec<'a> for PersonnelRecord {")
    );
    // --borrowed: zero-copy strings, and a lifetime on the types that hold them.
    let (code, out, _) = sg17(&["asn1", "codegen", "--borrowed", "--spec", &a1], b"");
    assert_eq!(code, 0);
    assert!(
        out.contains("pub struct PersonnelRecord<'a> {")
            && out.contains("pub title: ::std::borrow::Cow<'a, str>,")
            && out.contains("pub struct EmployeeNumber(pub i128);"),
        "{out}"
    );
    let (code, out, _) = sg17(&["asn1", "codegen", "--spec", &a1, "--type", "Name"], b"");
    assert_eq!(code, 0);
    assert!(out.contains("pub struct Name {") && !out.contains("PersonnelRecord"));
    // X.691 A.3: extension additions, generated (`sex` an addition of ChildInformation).
    let (code, out, _) = sg17(&["asn1", "codegen", "--spec", &format!("{dir}/x691-a3.asn")], b"");
    assert_eq!(code, 0);
    assert!(out.contains("pub sex: ::core::option::Option<"), "{out}");
    // X.691 A.4: a BMPString (X.691 30.5, 16 bits a character) in an extension addition.
    let (code, out, _) = sg17(&["asn1", "codegen", "--spec", &format!("{dir}/x691-a4.asn")], b"");
    assert_eq!(code, 0);
    assert!(out.contains("pub i: ::core::option::Option<::std::string::String>,"), "{out}");
    // TeletexString is not known-multiplier and not generated.
    let tmp = std::env::temp_dir().join(format!("sg17-cli-codegen-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let f = tmp.join("t61.asn");
    std::fs::write(&f, "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN T ::= TeletexString END").unwrap();
    let (code, out, err) = sg17(&["asn1", "codegen", "--spec", f.to_str().unwrap()], b"");
    std::fs::remove_dir_all(&tmp).unwrap();
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("does not support TeletexString"), "{err}");
}
