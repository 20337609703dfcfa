//! RFC 5755 attribute certificates against vectors/x509/attribute-certs.json, written by
//! vectors/tools/x509/make_attribute_certs.py: every `expected` value there was read back by
//! pyasn1-modules' RFC 5755 decoder from the same bytes (the independent oracle); malformed
//! inputs carry the clause they were built to break.

use serde_json::Value;
use sg17_x509::{
    AcAttributeValue, AcExtension, AttributeCertificate, Document, ErrorKind, GeneralName, Limits,
    SubjectPublicKeyInfo, Target, conformance, oids, pem, text,
};

fn vectors() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors/x509")
}

fn suite() -> Vec<Value> {
    let s = std::fs::read_to_string(vectors().join("attribute-certs.json")).unwrap();
    let v: Value = serde_json::from_str(&s).unwrap();
    v["tests"].as_array().unwrap().clone()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn ac(name: &str) -> Vec<u8> {
    std::fs::read(vectors().join("ac").join(format!("{name}.der"))).unwrap()
}

/// Every key of `e` is in `a` with the same value (arrays element by element, same length).
fn subset(e: &Value, a: &Value, path: &str) -> Result<(), String> {
    match (e, a) {
        (Value::Object(eo), Value::Object(ao)) => eo.iter().try_for_each(|(k, ev)| {
            subset(ev, ao.get(k).ok_or(format!("{path}.{k} missing"))?, &format!("{path}.{k}"))
        }),
        (Value::Array(ea), Value::Array(aa)) if ea.len() == aa.len() => {
            ea.iter().zip(aa).enumerate().try_for_each(|(i, (x, y))| subset(x, y, &format!("{path}[{i}]")))
        }
        _ if e == a => Ok(()),
        _ => Err(format!("{path}: expected {e}, got {a}")),
    }
}

#[test]
fn rfc5755_4_vectors_match_pyasn1_modules_decoding() {
    let tests = suite();
    assert!(tests.len() >= 12);
    let mut bad = Vec::new();
    for t in &tests {
        let id = t["id"].as_str().unwrap();
        let input = unhex(t["input"].as_str().unwrap());
        match (t["result"].as_str().unwrap(), conformance::evaluate(&input)) {
            ("valid", Ok(out)) => {
                if let Err(e) = subset(&t["expected"], &out, "") {
                    bad.push(format!("{id}: {e}"));
                }
            }
            ("invalid", Err(r)) if r.clause == t["clause"].as_str().unwrap() => {}
            (want, got) => bad.push(format!("{id}: want {want} ({}), got {got:?}", t["clause"])),
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn rfc5755_4_2_1_v1_rejected_with_offset_and_path() {
    let e = AttributeCertificate::from_der(&ac("ac-v1-version")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidVersion);
    assert_eq!(e.clause(), "RFC 5755 4.2.1");
    assert_eq!(e.path(), "acinfo.version");
    // `openssl asn1parse`: outer header 4 octets, acinfo header 3, so version is at offset 7.
    assert_eq!(e.offset(), 7);
    let e = AttributeCertificate::from_der(&ac("ac-v1form-issuer")).unwrap_err();
    assert_eq!((e.clause(), e.path()), ("RFC 5755 4.2.3", "acinfo.issuer"));
    let e = AttributeCertificate::from_der(&ac("ac-utctime-validity")).unwrap_err();
    assert_eq!((e.clause(), e.path()), ("RFC 5755 4.2.6", "acinfo.attrCertValidityPeriod.notBeforeTime"));
}

#[test]
fn rfc5755_4_4_typed_attributes() {
    let der = ac("ac-role-group");
    let c = AttributeCertificate::from_der(&der).unwrap();
    assert_eq!(c.attribute_count(), 2);
    let attrs: Vec<_> = c.attributes().collect();
    assert!(attrs[0].is(oids::AT_ROLE) && attrs[1].is(oids::ACA_GROUP));
    match &attrs[0].parsed_values().unwrap()[..] {
        [AcAttributeValue::Role(r)] => {
            assert!(matches!(r.role_name, GeneralName::Uri("urn:sg17:role:admin")));
            assert_eq!(r.role_authority.as_ref().unwrap().len(), 1);
        }
        other => panic!("{other:?}"),
    }
    let targeting = c.extensions().iter().find(|e| e.is(oids::EXT_TARGET_INFORMATION)).unwrap();
    assert!(targeting.critical());
    match c.extension(&targeting).unwrap() {
        AcExtension::TargetInformation(v) => {
            assert!(
                matches!(v[..], [ref ts] if matches!(ts[..], [Target::Name(GeneralName::DnsName("svc.example")), Target::Group(_)]))
            );
        }
        other => panic!("{other:?}"),
    }
    // The AC-only critical extensions (auditIdentity, targetInformation) are known here.
    assert!(c.problems().is_empty(), "{:?}", c.problems());
    let holder = c.holder();
    assert_eq!(holder.base_certificate_id.unwrap().serial_hex(), "1234");
}

#[test]
fn rfc5755_4_4_5_malformed_role_is_a_problem_not_a_parse_error() {
    let der = ac("ac-role-no-name");
    let c = AttributeCertificate::from_der(&der).unwrap();
    let p = c.problems();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].clause(), "RFC 5755 4.4.5");
    assert_eq!(p[0].path(), "acinfo.attributes[0].values[0].roleName");
}

/// Signatures made by pyca cryptography's Ed25519 with the key in aa-ed25519.spki.der.
#[test]
fn rfc5755_5_signature_verifies_with_the_aa_key() {
    let spki_der = std::fs::read(vectors().join("ac/aa-ed25519.spki.der")).unwrap();
    let spki = SubjectPublicKeyInfo::from_der(&spki_der).unwrap();
    for n in ["ac-role-group", "ac-entity-name", "ac-digest-holder"] {
        let der = ac(n);
        AttributeCertificate::from_der(&der).unwrap().verify_signature(&spki).unwrap();
        // One flipped bit in the signed part: the signature no longer verifies.
        let mut bad = der.clone();
        let last = bad.len() - 80;
        bad[last] ^= 1;
        if let Ok(c) = AttributeCertificate::from_der(&bad) {
            assert!(c.verify_signature(&spki).is_err(), "{n}");
        }
    }
}

#[test]
fn rfc7468_13_pem_label_and_der_autodetection() {
    let der = ac("ac-role-group");
    let p = pem::encode("ATTRIBUTE CERTIFICATE", &der);
    let block = pem::iter(&p).next().unwrap().unwrap();
    assert_eq!(block.label, "ATTRIBUTE CERTIFICATE");
    let d = Document::from_pem_block(block.label, &block.der, &Limits::default()).unwrap();
    assert!(matches!(d, Document::AttributeCertificate(_)));
    assert!(matches!(Document::from_der(&der).unwrap(), Document::AttributeCertificate(_)));
    // A malformed AC is reported by the AC parser, not the certificate parser.
    let e = Document::from_der(&ac("ac-v1form-issuer")).unwrap_err();
    assert_eq!(e.clause(), "RFC 5755 4.2.3");
}

#[test]
fn rfc5755_limits_and_truncation_never_panic() {
    let der = ac("ac-entity-name");
    let tight = Limits { max_ac_attributes: 4, ..Limits::default() };
    let e = AttributeCertificate::from_der_with(&der, &tight).unwrap_err();
    assert_eq!((e.kind(), e.clause()), (ErrorKind::LimitExceeded, "limit: max_ac_attributes"));
    for n in ["ac-role-group", "ac-entity-name", "ac-digest-holder"] {
        let der = ac(n);
        for i in 0..der.len() {
            assert!(AttributeCertificate::from_der(&der[..i]).is_err(), "{n} prefix {i}");
            let _ = Document::from_der(&der[..i]);
        }
    }
}

#[test]
fn rfc5755_text_output_follows_certificate_layout() {
    let der = ac("ac-role-group");
    let t = text::attribute_certificate(&AttributeCertificate::from_der(&der).unwrap());
    for line in [
        "Attribute Certificate:\n    Data:\n        Version: 2 (0x1)\n",
        "        Holder:\n            Base Certificate ID:\n                Issuer: DirName:CN=sg17 Test CA,O=sg17 Test,C=XX\n                Serial: 1234\n",
        "        Issuer:\n            DirName:CN=sg17 Test AA,O=sg17 Test,C=XX\n",
        "            Not Before: Jan  1 00:00:00 2025 GMT\n",
        "            role:\n                Role: URI:urn:sg17:role:admin (authority URI:https://aa.example/roles)\n",
        "            targetInformation: critical\n                Target Name: DNS:svc.example\n",
        "    Signature Algorithm: ED25519\n",
    ] {
        assert!(t.contains(line), "missing {line:?} in\n{t}");
    }
}
