//! Differential fuzzing of certificate parsing against `x509-parser` 0.18.
//!
//! Property: whatever sg17-x509 accepts, x509-parser accepts too, with the same subject and
//! issuer (attribute OIDs and value octets), serial octets, validity (Unix seconds),
//! extension OIDs and criticality, and public-key algorithm.
//!
//! The converse does not hold by design: x509-parser is lenient where sg17-x509 enforces DER
//! and RFC 5280 (trailing elements, non-minimal lengths and integers, non-canonical BOOLEAN,
//! character sets of attribute values, duplicate extensions, version > v3, ...). Those
//! disagreements are listed with counts in docs/x509.md and are not failures here. OIDs are
//! compared as octets because asn1-rs mis-prints some (see below).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_x509::Certificate;

fuzz_target!(|data: &[u8]| {
    let Ok(ours) = Certificate::from_der(data) else { return };
    let (_, theirs) =
        x509_parser::parse_x509_certificate(data).expect("x509-parser rejects what sg17-x509 accepts");
    let attrs = |n: &sg17_x509::Name<'_>| -> Vec<(Vec<u8>, Vec<u8>)> {
        n.attributes().map(|a| (a.oid.as_bytes().to_vec(), a.value.contents().to_vec())).collect()
    };
    let xattrs = |n: &x509_parser::x509::X509Name<'_>| -> Vec<(Vec<u8>, Vec<u8>)> {
        n.iter_attributes().map(|a| (a.attr_type().as_bytes().to_vec(), a.as_slice().to_vec())).collect()
    };
    assert_eq!(attrs(ours.subject()), xattrs(theirs.subject()));
    assert_eq!(attrs(ours.issuer()), xattrs(theirs.issuer()));
    assert_eq!(ours.serial().as_bytes(), theirs.raw_serial());
    assert_eq!(ours.validity().not_before.unix_timestamp(), theirs.validity().not_before.timestamp());
    assert_eq!(ours.validity().not_after.unix_timestamp(), theirs.validity().not_after.timestamp());
    let e1: Vec<_> = ours.extensions().iter().map(|e| (e.oid().as_bytes().to_vec(), e.critical())).collect();
    let e2: Vec<_> = theirs.extensions().iter().map(|e| (e.oid.as_bytes().to_vec(), e.critical)).collect();
    assert_eq!(e1, e2);
    // OID octets, not dotted strings: asn1-rs prints a first subidentifier of two or more
    // octets wrongly (e.g. 06 03 C8 65 70 as "5.0.101.112"; X.690 8.19.4 gives 2.9237.112).
    assert_eq!(
        ours.public_key().algorithm().oid().as_bytes(),
        theirs.public_key().algorithm.algorithm.as_bytes()
    );
});
