//! `lint::csr` (RFC 2986, RFC 2985 5.4) over the CSRs of vectors/x509/csr/ and the requests
//! of tests/data/csr-lint/, written by `vectors/tools/x509/make_csr_lint.py`.
//!
//! Oracle: every file's signature is valid per OpenSSL (`openssl req -verify`, run by the
//! script); the expected rules come from the clause each file breaks (listed in the script):
//! RFC 2985 5.4.1 (challengePassword SINGLE VALUE, DirectoryString), X.501 Attributes (one
//! attribute per type, RFC 2986 4.1), RFC 5280 4.1.2.6 (subject or SAN), NIST SP 800-131A.

use sg17_x509::Csr;
use sg17_x509::lint::{self, Severity};
use std::path::Path;

fn rules(path: &str) -> Vec<&'static str> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let der = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut v: Vec<_> = lint::csr(&Csr::from_der(&der).unwrap()).into_iter().map(|f| f.rule).collect();
    v.sort_unstable();
    v
}

fn generated(name: &str) -> Vec<&'static str> {
    rules(&format!("tests/data/csr-lint/{name}.csr.der"))
}

#[test]
fn well_formed_requests_have_no_findings() {
    for f in ["csr-ec-plain.der", "csr-ed25519-bc.der", "csr-rsa-san.der"] {
        assert_eq!(rules(&format!("../../vectors/x509/csr/{f}")), Vec::<&str>::new(), "{f}");
    }
    assert_eq!(generated("clean"), Vec::<&str>::new());
}

#[test]
fn rfc2985_5_4_1_challenge_password() {
    assert_eq!(generated("challenge-multi"), ["e_csr_challenge_password_not_single_valued"]);
    assert_eq!(generated("challenge-ia5"), ["e_csr_challenge_password_not_directory_string"]);
}

#[test]
fn rfc2986_4_1_repeated_and_unknown_attributes() {
    assert_eq!(generated("extreq-twice"), ["e_csr_attribute_repeated"]);
    assert_eq!(generated("unknown-attr"), ["w_csr_unknown_attribute"]);
}

#[test]
fn rfc5280_4_1_2_6_empty_subject_without_san_requested() {
    assert_eq!(generated("empty-subject"), ["w_csr_subject_empty_without_san"]);
}

#[test]
fn sp800_131a_small_rsa_key_and_sha1() {
    assert_eq!(generated("rsa1024-sha1"), ["w_csr_rsa_key_smaller_than_2048", "w_csr_sha1_signature"]);
}

#[cfg(feature = "verify")]
#[test]
fn rfc2986_4_2_bad_self_signature_is_an_error() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/csr-lint/clean.csr.der");
    let mut der = std::fs::read(p).unwrap();
    let n = der.len();
    der[n - 40] ^= 0x01; // inside the signature value, the last field (RFC 2986 4.1)
    let f = lint::csr(&Csr::from_der(&der).unwrap());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].rule, f[0].severity, f[0].clause),
        ("e_csr_signature_invalid", Severity::Error, "RFC 2986 4.2")
    );
}
