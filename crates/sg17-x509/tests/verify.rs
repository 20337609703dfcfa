//! Signature verification (RFC 5280 4.1.1.3) over the corpus: every self-signed root
//! verifies with its own key; changing one octet of the signed data or of the signature
//! makes it fail.

#![cfg(feature = "verify")]

use sg17_x509::Certificate;
use sg17_x509::verify::VerifyError;
use std::path::PathBuf;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors/corpus/debian-ca");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "der"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn rfc5280_4_1_1_3_self_signed_roots_verify_and_tampering_fails() {
    let mut verified = 0;
    let mut algs = std::collections::BTreeMap::new();
    for (name, der) in corpus() {
        let c = Certificate::from_der(&der).unwrap();
        if !c.is_self_issued() {
            continue;
        }
        *algs.entry(c.signature_algorithm().name()).or_insert(0) += 1;
        match c.verify_signature(c.public_key()) {
            Ok(()) => verified += 1,
            Err(e) => panic!("{name}: {e}"),
        }
        // Change one octet in the middle of the subject public key (opaque to the parser,
        // covered by the signature) and verify with the original key.
        let key = c.public_key().key_bytes();
        let at = der.windows(key.len()).position(|w| w == key).unwrap() + key.len() / 2;
        let mut t = der.clone();
        t[at] ^= 0x01;
        let tc = Certificate::from_der(&t).unwrap();
        assert_eq!(
            tc.verify_signature(c.public_key()),
            Err(VerifyError::BadSignature),
            "{name}: tampered tbs"
        );
        let mut s = der.clone();
        let n = s.len();
        s[n - 5] ^= 0x40;
        if let Ok(sc) = Certificate::from_der(&s) {
            assert!(sc.verify_signature(c.public_key()).is_err(), "{name}: tampered signature");
        }
    }
    println!("verified {verified} self-signed roots: {algs:?}");
    assert!(verified >= 100, "only {verified} verified");
}

#[test]
fn rfc5280_4_1_1_3_wrong_key_fails() {
    let certs = corpus();
    let a = Certificate::from_der(&certs[9].1).unwrap();
    let b = Certificate::from_der(&certs[10].1).unwrap();
    assert!(a.verify_signature(b.public_key()).is_err());
}
