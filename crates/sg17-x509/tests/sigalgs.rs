//! ECDSA P-521, Ed448 and DSA in the RustCrypto backend (RFC 5758 3.1/3.2, RFC 8410 3,
//! RFC 3279 2.2.2).
//!
//! Oracle: the files in tests/data/sigalgs/ were signed by pyca `cryptography` and verified by
//! OpenSSL 3.0 (`openssl verify -check_ss_sig`, `openssl req -verify`, `openssl crl -CAfile`)
//! when `vectors/tools/x509/make_sigalgs.py` wrote them; each must verify here too, and must
//! stop verifying when one bit of the signature value is flipped.

#![cfg(feature = "verify")]

use sg17_x509::verify::VerifyError;
use sg17_x509::{Certificate, Crl, Csr, SubjectPublicKeyInfo};

fn read(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sigalgs").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `der` with one bit flipped in the middle of the signature value `sig` (the signature is
/// the last field of every SIGNED structure, RFC 5280 4.1).
fn flip_signature_bit(der: &[u8], sig: &[u8]) -> Vec<u8> {
    let start = der.len() - sig.len();
    assert_eq!(&der[start..], sig);
    let mut t = der.to_vec();
    t[start + sig.len() / 2] ^= 0x10;
    t
}

fn check_cert(name: &str, alg: &str) {
    let der = read(name);
    let c = Certificate::from_der(&der).unwrap();
    assert_eq!(c.signature_algorithm().name(), alg, "{name}");
    c.verify_signature(c.public_key()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let t = flip_signature_bit(&der, c.signature());
    let tc = Certificate::from_der(&t).unwrap();
    assert_eq!(tc.verify_signature(c.public_key()), Err(VerifyError::BadSignature), "{name}: flipped bit");
}

fn check_csr(name: &str, alg: &str) {
    let der = read(name);
    let c = Csr::from_der(&der).unwrap();
    assert_eq!(c.signature_algorithm().name(), alg, "{name}");
    c.verify_signature().unwrap_or_else(|e| panic!("{name}: {e}"));
    let t = flip_signature_bit(&der, c.signature());
    assert_eq!(Csr::from_der(&t).unwrap().verify_signature(), Err(VerifyError::BadSignature), "{name}");
}

#[test]
fn rfc5758_3_2_ecdsa_p521_sha512_sha384_sha256() {
    check_cert("p521-sha512.der", "ecdsa-with-SHA512");
    // FIPS 186-5 6.4.2: digests shorter than the P-521 order are used without truncation.
    check_cert("p521-sha384.der", "ecdsa-with-SHA384");
    check_cert("p521-sha256.der", "ecdsa-with-SHA256");
    check_csr("p521-sha512.csr.der", "ecdsa-with-SHA512");
}

#[test]
fn rfc5280_5_1_1_3_p521_crl() {
    let issuer_der = read("p521-sha512.der");
    let issuer = Certificate::from_der(&issuer_der).unwrap();
    let der = read("p521-sha512.crl.der");
    let crl = Crl::from_der(&der).unwrap();
    crl.verify_signature(issuer.public_key()).unwrap();
    let t = flip_signature_bit(&der, crl.signature());
    assert_eq!(
        Crl::from_der(&t).unwrap().verify_signature(issuer.public_key()),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn rfc8410_3_ed448() {
    check_cert("ed448.der", "ED448");
    check_csr("ed448.csr.der", "ED448");
}

#[test]
fn rfc5758_3_1_dsa2048_sha256() {
    check_cert("dsa2048-sha256.der", "dsa_with_SHA256");
    check_csr("dsa2048-sha256.csr.der", "dsa_with_SHA256");
}

#[test]
fn wrong_key_type_is_invalid_key() {
    let p521 = read("p521-sha512.der");
    let ed = read("ed448.der");
    let dsa = read("dsa2048-sha256.der");
    let (p521, ed, dsa) = (
        Certificate::from_der(&p521).unwrap(),
        Certificate::from_der(&ed).unwrap(),
        Certificate::from_der(&dsa).unwrap(),
    );
    assert_eq!(p521.verify_signature(ed.public_key()), Err(VerifyError::InvalidKey));
    assert_eq!(ed.verify_signature(dsa.public_key()), Err(VerifyError::InvalidKey));
    assert_eq!(dsa.verify_signature(p521.public_key()), Err(VerifyError::InvalidKey));
}

/// DER length octets (X.690 8.1.3) followed by `contents`, under `tag`.
fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    let n = contents.len();
    if n < 0x80 {
        v.push(n as u8);
    } else if n < 0x100 {
        v.extend([0x81, n as u8]);
    } else {
        v.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    v.extend_from_slice(contents);
    v
}

#[test]
fn rfc3279_2_3_2_dsa_key_without_parameters_is_unsupported() {
    // The same DSA key with its Dss-Parms removed: the parameters would come from the issuer,
    // which a single signature check does not have.
    let der = read("dsa2048-sha256.der");
    let c = Certificate::from_der(&der).unwrap();
    let dsa_oid = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];
    let mut bits = vec![0];
    bits.extend_from_slice(c.public_key().key_bytes());
    let mut body = tlv(0x30, &dsa_oid);
    body.extend(tlv(0x03, &bits));
    let spki_der = tlv(0x30, &body);
    let spki = SubjectPublicKeyInfo::from_der(&spki_der).unwrap();
    assert!(matches!(c.verify_signature(&spki), Err(VerifyError::UnsupportedAlgorithm(_))));
}
