//! `x509-cert` 0.3 interop (feature `x509-cert`): every Debian CA certificate, the CRLs and
//! the CSRs of vectors/x509 cross to `x509-cert` and back byte for byte.
//!
//! Oracle: `x509-cert` (RustCrypto) decodes and re-encodes each value independently of sg17;
//! its encoding must equal the original DER (X.690 10: DER is unique), and its RFC 4514
//! `Display` of the subject must equal sg17's wherever both print the same string forms.

#![cfg(feature = "x509-cert")]

use sg17_x509::{Certificate, Crl, Csr, Name, SubjectPublicKeyInfo, lint};
use std::path::PathBuf;
use x509_cert::der::Encode;

type RawCertificate = x509_cert::certificate::CertificateInner<x509_cert::certificate::Raw>;

fn files(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(dir);
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "der"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

/// Whether both libraries are expected to print `n` alike: every attribute type one of the
/// RFC 4514 3 short names and every value a PrintableString or UTF8String of printable ASCII
/// without RFC 4514 2.4 special characters. (They differ, by design, on other types, which
/// RFC 4514 lets each implementation name or print as `#hex`, on non-ASCII and on escapes.)
fn plainly_printable(n: &Name<'_>) -> bool {
    n.attributes().all(|a| {
        [sg17_asn1::Tag::UTF8_STRING, sg17_asn1::Tag::PRINTABLE_STRING].contains(&a.value.tag())
            && a.value.contents().iter().all(|&b| b.is_ascii_alphanumeric() || b" -.()'/:".contains(&b))
            && a.short_name()
                .is_some_and(|n| ["CN", "L", "ST", "O", "OU", "C", "STREET", "DC", "UID"].contains(&n))
    })
}

#[test]
fn debian_ca_certificates_round_trip_through_x509_cert() {
    let (mut n, mut compared, mut reencoded) = (0, 0, Vec::new());
    for (name, der) in files("vectors/corpus/debian-ca") {
        let ours = Certificate::from_der(&der).unwrap();
        // x509-cert's `Raw` profile keeps every field as encoded.
        let raw = RawCertificate::try_from(&ours).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(raw.to_der().unwrap(), der, "{name}: x509-cert re-encoding (Raw profile)");
        let back = Certificate::der_from_x509_cert(&raw).unwrap();
        assert_eq!(back, der, "{name}: back to sg17");
        assert_eq!(Certificate::from_der(&back).unwrap().serial_hex(), ours.serial_hex());

        // The default `Rfc5280` profile re-encodes pre-2050 GeneralizedTime validity as
        // UTCTime (RFC 5280 4.1.2.5), so exactly the certificates sg17's linter flags for that
        // rule come back different.
        let theirs = x509_cert::Certificate::try_from(&ours).unwrap_or_else(|e| panic!("{name}: {e}"));
        let flagged = lint::certificate(&ours).iter().any(|f| f.rule == "e_wrong_time_format_pre2050");
        let back = Certificate::der_from_x509_cert(&theirs).unwrap();
        assert_eq!(back != der, flagged, "{name}: Rfc5280-profile re-encoding");
        if flagged {
            let b = Certificate::from_der(&back).unwrap();
            assert_eq!(b.validity().not_before.unix_timestamp(), ours.validity().not_before.unix_timestamp());
            assert_eq!(b.validity().not_after.unix_timestamp(), ours.validity().not_after.unix_timestamp());
            reencoded.push(name.clone());
        }

        // Name and SubjectPublicKeyInfo on their own.
        let subj = x509_cert::name::Name::try_from(ours.subject()).unwrap();
        assert_eq!(&subj, theirs.tbs_certificate().subject(), "{name}");
        assert_eq!(Name::der_from_x509_cert(&subj).unwrap(), ours.subject().raw(), "{name}");
        let spki = x509_cert::spki::SubjectPublicKeyInfoOwned::try_from(ours.public_key()).unwrap();
        assert_eq!(&spki, theirs.tbs_certificate().subject_public_key_info(), "{name}");
        assert_eq!(SubjectPublicKeyInfo::der_from_spki(&spki).unwrap(), ours.public_key().raw(), "{name}");

        if plainly_printable(ours.subject()) {
            assert_eq!(subj.to_string(), ours.subject().to_string(), "{name}: RFC 4514 subject");
            compared += 1;
        }
        n += 1;
    }
    println!(
        "{n} certificates round-tripped, {compared} subject strings compared, \
         re-encoded by the Rfc5280 profile: {reencoded:?}"
    );
    assert!(n >= 140, "only {n} certificates");
    assert!(compared >= 100, "only {compared} subjects compared");
}

#[test]
fn crls_and_csrs_round_trip_through_x509_cert() {
    let crls = files("vectors/x509/crl");
    assert!(!crls.is_empty());
    for (name, der) in &crls {
        let ours = Crl::from_der(der).unwrap();
        let theirs: x509_cert::crl::CertificateList =
            x509_cert::crl::CertificateList::try_from(&ours).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&theirs.to_der().unwrap(), der, "{name}");
        assert_eq!(&Crl::der_from_x509_cert(&theirs).unwrap(), der, "{name}");
        let revoked = theirs.tbs_cert_list.revoked_certificates.as_ref().map_or(0, Vec::len);
        assert_eq!(revoked, ours.revoked().count(), "{name}: revoked entries");
    }
    let mut csrs = files("vectors/x509/csr");
    csrs.extend(
        files("crates/sg17-x509/tests/data/sigalgs").into_iter().filter(|(n, _)| n.ends_with(".csr.der")),
    );
    assert!(csrs.len() >= 6);
    for (name, der) in &csrs {
        let ours = Csr::from_der(der).unwrap();
        let theirs = x509_cert::request::CertReq::try_from(&ours).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&theirs.to_der().unwrap(), der, "{name}");
        assert_eq!(&Csr::der_from_x509_cert(&theirs).unwrap(), der, "{name}");
        assert_eq!(theirs.info.subject.to_string(), ours.subject().to_string(), "{name}");
    }
}

#[test]
fn rfc2986_4_1_x509_cert_value_sg17_rejects_is_a_typed_error() {
    // An attribute with an empty values SET: x509-cert builds and encodes it, but RFC 2986 4.1
    // says `SET SIZE(1..MAX)`, so sg17 refuses the encoding and says why.
    use x509_cert::der::{Decode, asn1::SetOfVec, oid::ObjectIdentifier};
    let (_, der) = files("vectors/x509/csr").remove(0);
    let mut req = x509_cert::request::CertReq::from_der(&der).unwrap();
    let challenge_password = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.7");
    req.info
        .attributes
        .insert(x509_cert::attr::Attribute { oid: challenge_password, values: SetOfVec::new() })
        .unwrap();
    match Csr::der_from_x509_cert(&req) {
        Err(sg17_x509::interop::InteropError::Parse(e)) => {
            assert!(e.to_string().contains("RFC 2986 4.1"), "{e}")
        }
        other => panic!("{other:?}"),
    }
}
