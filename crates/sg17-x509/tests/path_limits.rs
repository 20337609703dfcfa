//! Hostile path-building inputs end quickly with an error (issue 4 "Bad input"): a 1000-long
//! chain, a pool of 1000 same-named issuers with different keys, and a cycle. Certificates are
//! built here with Ed25519 keys from fixed seeds (RFC 8410), so every signature is valid and
//! only the bounds stop the search.
#![cfg(feature = "verify")]

use ed25519_dalek::{Signer, SigningKey};
use sg17_x509::Certificate;
use sg17_x509::path::{Check, Options, Profile, Verifier};

fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = body.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(body);
    out
}

fn name(cn: &str) -> Vec<u8> {
    let atv = tlv(0x30, &[tlv(0x06, &[0x55, 0x04, 0x03]), tlv(0x0c, cn.as_bytes())].concat());
    tlv(0x30, &tlv(0x31, &atv))
}

const ED25519: [u8; 7] = [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];

/// A v3 certificate for `subject` with `key`, signed by `issuer_key` under the name `issuer`,
/// valid 2020-2049, basicConstraints cA TRUE (critical).
fn cert(serial: u16, issuer: &str, issuer_key: &SigningKey, subject: &str, key: &SigningKey) -> Vec<u8> {
    let validity = tlv(0x30, &[tlv(0x17, b"200101000000Z"), tlv(0x17, b"491231235959Z")].concat());
    let spki = tlv(
        0x30,
        &[&ED25519[..], &tlv(0x03, &[&[0u8][..], key.verifying_key().as_bytes()].concat())].concat(),
    );
    let bc = tlv(
        0x30,
        &[tlv(0x06, &[0x55, 0x1d, 0x13]), tlv(0x01, &[0xff]), tlv(0x04, &tlv(0x30, &tlv(0x01, &[0xff])))]
            .concat(),
    );
    let tbs = tlv(
        0x30,
        &[
            tlv(0xa0, &tlv(0x02, &[2])),
            tlv(0x02, &[0x01, (serial >> 8) as u8, serial as u8]),
            ED25519.to_vec(),
            name(issuer),
            validity,
            name(subject),
            spki,
            tlv(0xa3, &tlv(0x30, &bc)),
        ]
        .concat(),
    );
    let sig = issuer_key.sign(&tbs);
    tlv(0x30, &[tbs, ED25519.to_vec(), tlv(0x03, &[&[0u8][..], &sig.to_bytes()].concat())].concat())
}

fn key(i: u16) -> SigningKey {
    let mut seed = [0x5a; 32];
    seed[..2].copy_from_slice(&i.to_be_bytes());
    SigningKey::from_bytes(&seed)
}

const TIME: i64 = 1_700_000_000;

fn opts() -> Options {
    Options::at(TIME).profile(Profile::Rfc5280)
}

#[test]
fn a_1000_long_chain_stops_at_the_depth_bound() {
    // CA 999 (the anchor) -> CA 998 -> ... -> CA 1 -> leaf (CA 0).
    let ders: Vec<Vec<u8>> = (0..1000u16)
        .map(|i| {
            let issuer = if i == 999 { 999 } else { i + 1 };
            cert(i, &format!("CA {issuer}"), &key(issuer), &format!("CA {i}"), &key(i))
        })
        .collect();
    let certs: Vec<Certificate<'_>> = ders.iter().map(|d| Certificate::from_der(d).unwrap()).collect();
    let (leaf, rest) = certs.split_first().unwrap();
    let (anchor, pool) = rest.split_last().unwrap();
    let anchors = [*anchor];
    let v = Verifier::new(&anchors).with_intermediates(pool);
    let e = v.verify(leaf, &opts()).unwrap_err();
    assert_eq!(e.check, Check::PathLength, "{e}");
    // Even with the option at its ceiling (64), the search ends with an error, not a path.
    let e = v.verify(leaf, &opts().max_intermediates(10_000)).unwrap_err();
    assert!(matches!(e.check, Check::PathLength | Check::Budget), "{e}");
    // Sanity: the chain itself is sound, so a short tail of it validates.
    let short = &certs[990..];
    let anchors = [certs[999]];
    let p = Verifier::new(&anchors).with_intermediates(&short[1..9]).verify(&short[0], &opts()).unwrap();
    assert_eq!(p.len(), 10);
}

#[test]
fn a_thousand_same_named_issuers_exhaust_the_signature_budget() {
    // 1000 intermediates all named "Evil CA" with different keys; only the last one's key
    // signed the leaf, and none chains to the anchor.
    let root = key(60_000);
    let ders: Vec<Vec<u8>> =
        (0..1000u16).map(|i| cert(i, "Other", &key(50_000), "Evil CA", &key(i))).collect();
    let pool: Vec<Certificate<'_>> = ders.iter().map(|d| Certificate::from_der(d).unwrap()).collect();
    let leaf_der = cert(1, "Evil CA", &key(999), "leaf", &key(40_000));
    let leaf = Certificate::from_der(&leaf_der).unwrap();
    let root_der = cert(1, "Root", &root, "Root", &root);
    let anchors = [Certificate::from_der(&root_der).unwrap()];
    let e = Verifier::new(&anchors).with_intermediates(&pool).verify(&leaf, &opts()).unwrap_err();
    assert_eq!(e.check, Check::Budget, "{e}");
}

#[test]
fn a_cross_signing_cycle_ends_with_an_error() {
    // A and B cross-sign each other; neither reaches the anchor.
    let (a, b, root) = (key(1), key(2), key(3));
    let ders = [cert(1, "B", &b, "A", &a), cert(2, "A", &a, "B", &b)];
    let pool: Vec<Certificate<'_>> = ders.iter().map(|d| Certificate::from_der(d).unwrap()).collect();
    let leaf_der = cert(3, "A", &a, "leaf", &key(4));
    let leaf = Certificate::from_der(&leaf_der).unwrap();
    let root_der = cert(4, "Root", &root, "Root", &root);
    let anchors = [Certificate::from_der(&root_der).unwrap()];
    let e = Verifier::new(&anchors).with_intermediates(&pool).verify(&leaf, &opts()).unwrap_err();
    assert_eq!(e.check, Check::IssuerNotFound, "{e}");
}
