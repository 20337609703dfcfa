//! Every certificate of the bundled Debian CA corpus against the fields openssl printed for
//! it (`vectors/x509/openssl-fields.json`, written by `vectors/tools/x509/openssl_fields.sh`
//! with `-nameopt RFC2253,-esc_msb`): subject, issuer, serial, notBefore, notAfter.

use sg17_x509::Certificate;
use std::path::PathBuf;

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors")
}

#[test]
fn rfc5280_4_1_corpus_fields_match_openssl() {
    let text = std::fs::read_to_string(vectors().join("x509/openssl-fields.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let certs = v["certificates"].as_array().unwrap();
    assert!(certs.len() >= 100, "corpus too small: {}", certs.len());
    let mut failures = Vec::new();
    for c in certs {
        let file = c["file"].as_str().unwrap();
        let der = std::fs::read(vectors().join(file)).unwrap();
        let cert = match Certificate::from_der(&der) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{file}: rejected: {e}"));
                continue;
            }
        };
        let got = [
            ("subject", cert.subject().to_string()),
            ("issuer", cert.issuer().to_string()),
            ("serial", cert.serial_hex()),
            ("not_before", cert.validity().not_before.to_openssl()),
            ("not_after", cert.validity().not_after.to_openssl()),
        ];
        for (k, g) in got {
            if c[k].as_str() != Some(g.as_str()) {
                failures.push(format!("{file}: {k}: openssl {} vs sg17 {g:?}", c[k]));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
