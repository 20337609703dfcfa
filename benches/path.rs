//! Certification path validation: sg17-x509 (`path::Verifier`, `Profile::WebPki`) vs
//! rustls-webpki 0.103 (ring backend) on the same 3-certificate chains in the same run.
//!
//! Run:   cargo bench -p sg17-benches --bench path
//! Quick: cargo bench -p sg17-benches --bench path -- --warm-up-time 1 --measurement-time 3
//!
//! Input: root -> intermediate -> leaf chains generated at start with rcgen (ring signer), one
//! with RSA-2048 keys (PKCS #1 v1.5 SHA-256; the fixed test key
//! `vectors/tools/x509/rsa2048-test-key.der`, PKCS #8, is used for all three certificates:
//! verification work depends only on the issuer key, which is a 2048-bit RSA key either way)
//! and one with P-256 keys (ECDSA SHA-256; fixed scalars `[k; 32]`). Validation time, purpose
//! (serverAuth) and reference name (www.example.com) are the same for both validators, and the
//! bench checks first that both accept each chain.
//!
//! Groups (`thrpt` is chains/s or signatures/s; the ratio of two medians is the speed ratio):
//! - `path/{rsa2048,p256}`: everything from DER to a verified path and name.
//!   sg17: `Certificate::from_der` of the 3 certificates + `Verifier::verify` (which checks the
//!   peer name). webpki: `anchor_from_trusted_cert` + `EndEntityCert::try_from` +
//!   `verify_for_usage` (parses the intermediate) + `verify_is_valid_for_subject_name`.
//! - `signature/{rsa2048,p256}`: one certificate signature verified with its issuer's key, on
//!   already-parsed certificates, by each backend: sg17's `Certificate::verify_signature`
//!   (RustCrypto `rsa` / `p256`, key decoding included) and the ring algorithm webpki uses
//!   (`webpki::ring::*::verify_signature` on the subjectPublicKey bits, key decoding included).
//!
//! Method for the "same signature backend" ratio: both validators verify exactly 2 signatures
//! per chain (leaf by intermediate, intermediate by root; neither checks the anchor's
//! self-signature). With per-signature times `s_rc` (RustCrypto) and `s_ring` from the
//! `signature` group, the non-signature work is `rest = t_path - 2 * s_backend`, and the
//! normalised comparison puts both on ring: `(rest_sg17 + 2 s_ring) / t_webpki`. The ratio of
//! `rest` alone compares parsing + path logic without any cryptography.
//! The subtraction is only as good as the two measurements (taken at different moments), so
//! run it on an idle machine; a negative `rest` means the noise exceeds the non-signature work.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
    KeyPair, KeyUsagePurpose, SanType,
};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use sg17_x509::path::{Options, Profile, Verifier};
use sg17_x509::{Certificate, oids};
use std::hint::black_box;
use std::time::Duration;

/// Validation time: 2026-01-01T00:00:00Z.
const NOW: i64 = 1_767_225_600;
const NAME: &str = "www.example.com";

struct Chain {
    root: Vec<u8>,
    inter: Vec<u8>,
    leaf: Vec<u8>,
}

fn p256_key(k: u8) -> KeyPair {
    use p256::pkcs8::EncodePrivateKey;
    let sk = p256::SecretKey::from_bytes(&[k; 32].into()).expect("scalar in range");
    KeyPair::try_from(sk.to_pkcs8_der().expect("PKCS#8").as_bytes()).expect("rcgen key")
}

fn rsa_key() -> KeyPair {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../vectors/tools/x509/rsa2048-test-key.der");
    KeyPair::try_from(std::fs::read(path).expect("RSA test key").as_slice()).expect("rcgen RSA key")
}

fn ca(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = DistinguishedName::new();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = rcgen::date_time_ymd(2030, 1, 1);
    p
}

fn chain(root_k: &KeyPair, inter_k: &KeyPair, leaf_k: &KeyPair) -> Chain {
    let root_p = ca("Bench Root");
    let root = root_p.self_signed(root_k).expect("root");
    let mut inter_p = ca("Bench Intermediate");
    inter_p.use_authority_key_identifier_extension = true;
    let inter = inter_p.signed_by(inter_k, &Issuer::from_params(&root_p, root_k)).expect("intermediate");
    let mut leaf_p = CertificateParams::default();
    leaf_p.distinguished_name = DistinguishedName::new();
    leaf_p.distinguished_name.push(DnType::CommonName, NAME);
    leaf_p.subject_alt_names = vec![SanType::DnsName(NAME.try_into().expect("IA5"))];
    leaf_p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf_p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf_p.not_before = rcgen::date_time_ymd(2025, 6, 1);
    leaf_p.not_after = rcgen::date_time_ymd(2026, 6, 1);
    leaf_p.use_authority_key_identifier_extension = true;
    let leaf = leaf_p.signed_by(leaf_k, &Issuer::from_params(&inter_p, inter_k)).expect("leaf");
    Chain { root: root.der().to_vec(), inter: inter.der().to_vec(), leaf: leaf.der().to_vec() }
}

fn sg17_path(c: &Chain, opts: &Options) -> usize {
    let anchors = [Certificate::from_der(&c.root).expect("root")];
    let inters = [Certificate::from_der(&c.inter).expect("intermediate")];
    let leaf = Certificate::from_der(&c.leaf).expect("leaf");
    Verifier::new(&anchors).with_intermediates(&inters).verify(&leaf, opts).map_or(0, |p| p.len())
}

fn webpki_path(c: &Chain, name: &ServerName<'_>) -> bool {
    let root = CertificateDer::from(c.root.as_slice());
    let inters = [CertificateDer::from(c.inter.as_slice())];
    let leaf_der = CertificateDer::from(c.leaf.as_slice());
    let Ok(anchor) = webpki::anchor_from_trusted_cert(&root) else { return false };
    let Ok(leaf) = webpki::EndEntityCert::try_from(&leaf_der) else { return false };
    leaf.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &[anchor],
        &inters,
        UnixTime::since_unix_epoch(Duration::from_secs(NOW.unsigned_abs())),
        webpki::KeyUsage::server_auth(),
        None,
        None,
    )
    .is_ok()
        && leaf.verify_is_valid_for_subject_name(name).is_ok()
}

fn bench(c: &mut Criterion) {
    let rsa = rsa_key();
    let chains = [
        ("rsa2048", chain(&rsa, &rsa, &rsa), webpki::ring::RSA_PKCS1_2048_8192_SHA256),
        ("p256", chain(&p256_key(1), &p256_key(2), &p256_key(3)), webpki::ring::ECDSA_P256_SHA256),
    ];
    let opts = Options::at(NOW).purpose(oids::KP_SERVER_AUTH).dns_name(NAME).profile(Profile::WebPki);
    let name = ServerName::try_from(NAME).expect("DNS name");
    for (label, ch, ring_alg) in &chains {
        // Both validators accept the chain, so the loops below time successful validations.
        assert_eq!(sg17_path(ch, &opts), 3, "sg17 accepts the {label} chain");
        assert!(webpki_path(ch, &name), "webpki accepts the {label} chain");
        let inter = Certificate::from_der(&ch.inter).expect("intermediate");
        let leaf = Certificate::from_der(&ch.leaf).expect("leaf");
        let issuer_key = inter.public_key();
        assert!(leaf.verify_signature(issuer_key).is_ok());
        let (tbs, sig, key_bits) = (leaf.tbs_raw(), leaf.signature(), issuer_key.key_bytes());
        assert!(ring_alg.verify_signature(key_bits, tbs, sig).is_ok());
        println!("{label}: chain of {} + {} + {} DER octets", ch.root.len(), ch.inter.len(), ch.leaf.len());

        let mut g = c.benchmark_group(format!("path/{label}"));
        g.throughput(Throughput::Elements(1));
        g.bench_function(BenchmarkId::new("sg17-x509", label), |b| {
            b.iter(|| sg17_path(black_box(ch), &opts))
        });
        g.bench_function(BenchmarkId::new("rustls-webpki", label), |b| {
            b.iter(|| webpki_path(black_box(ch), &name))
        });
        g.finish();

        let mut g = c.benchmark_group(format!("signature/{label}"));
        g.throughput(Throughput::Elements(1));
        g.bench_function(BenchmarkId::new("rustcrypto", label), |b| {
            b.iter(|| black_box(&leaf).verify_signature(black_box(issuer_key)).is_ok())
        });
        g.bench_function(BenchmarkId::new("ring", label), |b| {
            b.iter(|| ring_alg.verify_signature(black_box(key_bits), black_box(tbs), black_box(sig)).is_ok())
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
