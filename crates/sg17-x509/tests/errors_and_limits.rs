//! Error locations (offset, field path, clause) and the configurable limits on hostile input.

use sg17_x509::{Certificate, Document, ErrorKind, Limits, ParsedExtension, oids, pem};

fn vectors() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors")
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap()).collect()
}

fn generated(id: &str) -> Vec<u8> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(vectors().join("x509/generated.json")).unwrap())
            .unwrap();
    let t = v["tests"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap();
    hex(t["input"].as_str().unwrap())
}

fn malformed(id: &str) -> Vec<u8> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(vectors().join("x509/malformed.json")).unwrap())
            .unwrap();
    let t = v["tests"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap();
    hex(t["input"].as_str().unwrap())
}

#[test]
fn rfc5280_4_2_1_9_malformed_extension_path_and_offset() {
    // The generator put a BOOLEAN where basicConstraints needs a SEQUENCE.
    let der = malformed("ext-bc-not-sequence");
    let c = Certificate::from_der(&der).unwrap();
    let e = c.extensions().parsed(oids::EXT_BASIC_CONSTRAINTS).unwrap().unwrap_err();
    assert_eq!(e.path(), "extensions[0].extnValue");
    assert_eq!(e.clause(), "RFC 5280 4.2.1.9");
    // The offset points at the BOOLEAN's identifier octet (01 01 ff) inside extnValue.
    assert_eq!(&der[e.offset()..e.offset() + 3], &[0x01, 0x01, 0xff]);
}

#[test]
fn rfc5280_4_2_duplicate_extension_path() {
    let e = Certificate::from_der(&malformed("extension-duplicate")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DuplicateExtension);
    assert_eq!(e.path(), "tbsCertificate.extensions[1]");
    assert_eq!(e.to_string().split(':').next(), Some("RFC 5280 4.2"));
}

#[test]
fn x680_41_4_name_value_path() {
    let e = Certificate::from_der(&malformed("name-printable-at-sign")).unwrap_err();
    assert_eq!(e.path(), "tbsCertificate.subject.rdn[0][0].value");
}

#[test]
fn limits_san_entries_and_extensions() {
    // gen-leaf-all-extensions has 9 SAN entries and 11 extensions.
    let der = generated("gen-leaf-all-extensions");
    let c = Certificate::from_der(&der).unwrap();
    let Some(Ok(ParsedExtension::SubjectAltName(v))) = c.extensions().parsed(oids::EXT_SUBJECT_ALT_NAME)
    else {
        panic!("no SAN")
    };
    assert_eq!(v.len(), 9);
    let tight = Limits { max_san_entries: 8, ..Limits::default() };
    let c = Certificate::from_der_with(&der, &tight).unwrap();
    let e = c.extensions().parsed(oids::EXT_SUBJECT_ALT_NAME).unwrap().unwrap_err();
    assert_eq!((e.kind(), e.clause()), (ErrorKind::LimitExceeded, "limit: max_san_entries"));
    let e =
        Certificate::from_der_with(&der, &Limits { max_extensions: 10, ..Limits::default() }).unwrap_err();
    assert_eq!(e.clause(), "limit: max_extensions");
}

#[test]
fn limits_name_length_and_attributes() {
    let der = std::fs::read(vectors().join("corpus/debian-ca/010-Amazon_Root_CA_1.der")).unwrap();
    let e = Certificate::from_der_with(&der, &Limits { max_name_len: 20, ..Limits::default() }).unwrap_err();
    assert_eq!((e.clause(), e.path()), ("limit: max_name_len", "tbsCertificate.issuer"));
    let e = Certificate::from_der_with(&der, &Limits { max_name_attributes: 2, ..Limits::default() })
        .unwrap_err();
    assert_eq!(e.clause(), "limit: max_name_attributes");
}

#[test]
fn x690_nesting_bomb_is_an_error_not_a_crash() {
    // 100 000 nested SEQUENCEs: depth limit, no stack overflow.
    let mut der = Vec::new();
    for _ in 0..100_000 {
        der.extend_from_slice(&[0x30, 0x80]);
    }
    assert!(Certificate::from_der(&der).is_err());
    assert!(Document::from_der(&der).is_err());
}

#[test]
fn rfc7468_bundle_to_documents() {
    let crl = std::fs::read(vectors().join("x509/crl/crl-basic.der")).unwrap();
    let csr = std::fs::read(vectors().join("x509/csr/csr-rsa-san.der")).unwrap();
    let cert = std::fs::read(vectors().join("corpus/debian-ca/010-Amazon_Root_CA_1.der")).unwrap();
    let bundle = format!(
        "intro\n{}between\n{}{}outro\n",
        pem::encode("CERTIFICATE", &cert),
        pem::encode("X509 CRL", &crl),
        pem::encode("CERTIFICATE REQUEST", &csr)
    );
    let blocks: Vec<_> = pem::iter(&bundle).map(Result::unwrap).collect();
    assert_eq!(
        blocks.iter().map(|b| b.label).collect::<Vec<_>>(),
        ["CERTIFICATE", "X509 CRL", "CERTIFICATE REQUEST"]
    );
    assert_eq!(&bundle[blocks[1].offset..blocks[1].offset + 16], "-----BEGIN X509 ");
    let kinds: Vec<_> = blocks
        .iter()
        .map(|b| match Document::from_pem_block(b.label, &b.der, &Limits::default()).unwrap() {
            Document::Certificate(_) => "cert",
            Document::Crl(_) => "crl",
            Document::Csr(_) => "csr",
            Document::AttributeCertificate(_) => "ac",
        })
        .collect();
    assert_eq!(kinds, ["cert", "crl", "csr"]);
    // Autodetection from DER alone agrees.
    assert!(matches!(Document::from_der(&crl).unwrap(), Document::Crl(_)));
    assert!(matches!(Document::from_der(&csr).unwrap(), Document::Csr(_)));
}

#[cfg(feature = "verify")]
#[test]
fn rfc2986_4_2_csr_and_rfc5280_5_1_1_3_crl_signatures() {
    for f in ["csr-rsa-san", "csr-ec-plain", "csr-ed25519-bc"] {
        let der = std::fs::read(vectors().join(format!("x509/csr/{f}.der"))).unwrap();
        let csr = sg17_x509::Csr::from_der(&der).unwrap();
        csr.verify_signature().unwrap_or_else(|e| panic!("{f}: {e}"));
        let mut bad = der.clone();
        let n = bad.len();
        bad[n - 3] ^= 1;
        if let Ok(c) = sg17_x509::Csr::from_der(&bad) {
            assert!(c.verify_signature().is_err(), "{f}: tampered signature verified");
        }
    }
    // The CRLs from pyca cryptography are signed by a P-256 key; no certificate exists for
    // it, so check that the signature fails with an unrelated key of the right type and
    // that the one built with the Ed25519 test key verifies with the generated CA's key.
    let crl_der = std::fs::read(vectors().join("x509/crl/crl-no-next-update.der")).unwrap();
    let crl = sg17_x509::Crl::from_der(&crl_der).unwrap();
    let ca = generated("gen-ca-constraints");
    let ca = Certificate::from_der(&ca).unwrap();
    crl.verify_signature(ca.public_key()).unwrap();
    let other = std::fs::read(vectors().join("corpus/debian-ca/010-Amazon_Root_CA_1.der")).unwrap();
    let other = Certificate::from_der(&other).unwrap();
    assert!(crl.verify_signature(other.public_key()).is_err());
}
