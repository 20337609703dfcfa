//! Stable JSON form of certificates, CRLs, CSRs and attribute certificates (used by `sg17 x509 show --format json`
//! and by the `x509-parse` conformance vectors).
//!
//! Field names and value forms: names are RFC 4514 strings (`openssl -nameopt RFC2253`
//! order), times RFC 3339 UTC, serials upper-case hex as `openssl -serial` prints them, OIDs
//! by openssl short name where known, key identifiers hex with `:` separators.

use crate::attribute_cert::{
    AcAttributeValue, AcExtension, AttributeCertificate, IetfAttrSyntax, IetfAttrValue, IssuerSerial,
    ObjectDigestInfo, SvceAuthInfo, Target,
};
use crate::certificate::Certificate;
use crate::crl::Crl;
use crate::csr::Csr;
use crate::der::{hex, hex_colon};
use crate::extensions::{
    DistributionPoint, DistributionPointName, Extensions, GeneralName, ParsedExtension, PolicyQualifier,
};
use crate::oids;
use crate::public_key::{PublicKey, SubjectPublicKeyInfo};
use serde_json::{Value, json};

fn names(v: &[GeneralName<'_>]) -> Value {
    Value::Array(v.iter().map(|g| Value::String(g.to_string())).collect())
}

fn dps(v: &[DistributionPoint<'_>]) -> Value {
    Value::Array(
        v.iter()
            .map(|dp| {
                let mut o = serde_json::Map::new();
                match &dp.name {
                    Some(DistributionPointName::FullName(n)) => {
                        o.insert("full_name".into(), names(n));
                    }
                    Some(DistributionPointName::RelativeToIssuer(r)) => {
                        o.insert("relative_name".into(), Value::String(hex(r)));
                    }
                    None => {}
                }
                if let Some(r) = dp.reasons {
                    o.insert("reasons".into(), json!(r.0));
                }
                if let Some(i) = &dp.crl_issuer {
                    o.insert("crl_issuer".into(), names(i));
                }
                Value::Object(o)
            })
            .collect(),
    )
}

fn parsed_value(p: &ParsedExtension<'_>) -> Value {
    match p {
        ParsedExtension::BasicConstraints(b) => json!({"ca": b.ca, "path_len": b.path_len}),
        ParsedExtension::KeyUsage(k) => json!(k.names().collect::<Vec<_>>()),
        ParsedExtension::ExtendedKeyUsage(v) => {
            json!(v.iter().map(oids::name_or_dotted).collect::<Vec<_>>())
        }
        ParsedExtension::SubjectAltName(v)
        | ParsedExtension::IssuerAltName(v)
        | ParsedExtension::CertificateIssuer(v) => names(v),
        ParsedExtension::NameConstraints(nc) => {
            let sub = |v: &[crate::extensions::GeneralSubtree<'_>]| {
                Value::Array(v.iter().map(|s| Value::String(s.base.to_string())).collect())
            };
            json!({"permitted": sub(&nc.permitted), "excluded": sub(&nc.excluded)})
        }
        ParsedExtension::CertificatePolicies(v) => Value::Array(
            v.iter()
                .map(|p| {
                    let q: Vec<Value> = p
                        .qualifiers
                        .iter()
                        .map(|q| match q {
                            PolicyQualifier::Cps(u) => json!({"cps": u}),
                            PolicyQualifier::UserNotice { notice_ref, explicit_text } => json!({
                                "user_notice": {
                                    "organization": notice_ref.as_ref().map(|n| n.0.to_string()),
                                    "numbers": notice_ref.as_ref().map(|n| n.1.clone()),
                                    "explicit_text": explicit_text.as_ref().map(ToString::to_string),
                                }
                            }),
                            PolicyQualifier::Other { id, raw } => json!({"oid": id.to_string(), "raw": hex(raw)}),
                        })
                        .collect();
                    json!({"policy": oids::name_or_dotted(&p.policy), "qualifiers": q})
                })
                .collect(),
        ),
        ParsedExtension::PolicyMappings(v) => Value::Array(
            v.iter().map(|(a, b)| json!({"issuer_domain": a.to_string(), "subject_domain": b.to_string()})).collect(),
        ),
        ParsedExtension::PolicyConstraints(pc) => json!({
            "require_explicit_policy": pc.require_explicit_policy,
            "inhibit_policy_mapping": pc.inhibit_policy_mapping,
        }),
        ParsedExtension::InhibitAnyPolicy(n) => json!(n),
        ParsedExtension::AuthorityKeyIdentifier(a) => json!({
            "key_id": a.key_identifier.map(hex_colon),
            "issuer": a.authority_cert_issuer.as_deref().map(names),
            "serial": a.authority_cert_serial.map(crate::certificate::serial_hex),
        }),
        ParsedExtension::SubjectKeyIdentifier(k) => json!(hex_colon(k)),
        ParsedExtension::CrlDistributionPoints(v) | ParsedExtension::FreshestCrl(v) => dps(v),
        ParsedExtension::AuthorityInfoAccess(v) | ParsedExtension::SubjectInfoAccess(v) => Value::Array(
            v.iter()
                .map(|a| json!({"method": oids::name_or_dotted(&a.method), "location": a.location.to_string()}))
                .collect(),
        ),
        ParsedExtension::SctList(v) => json!({"count": v.len()}),
        ParsedExtension::CrlNumber(n) | ParsedExtension::DeltaCrlIndicator(n) => json!(n.to_decimal()),
        ParsedExtension::IssuingDistributionPoint(i) => json!({
            "full_name": match &i.name { Some(DistributionPointName::FullName(n)) => names(n), _ => Value::Null },
            "only_user_certs": i.only_user_certs,
            "only_ca_certs": i.only_ca_certs,
            "indirect_crl": i.indirect_crl,
            "only_attribute_certs": i.only_attribute_certs,
        }),
        ParsedExtension::ReasonCode(r) => json!(r.to_string()),
        ParsedExtension::InvalidityDate(t) => json!(t.to_string()),
        ParsedExtension::CtPoison => Value::Null,
        ParsedExtension::Unknown(raw) => json!({"raw": hex(raw)}),
    }
}

/// The extensions as a JSON array of `{oid, name, critical, value | error}`.
#[must_use]
pub fn extensions_to_json(ext: &Extensions<'_>) -> Value {
    Value::Array(
        ext.iter()
            .map(|e| {
                let mut o = serde_json::Map::new();
                o.insert("oid".into(), json!(e.oid().to_string()));
                o.insert("name".into(), json!(e.name()));
                o.insert("critical".into(), json!(e.critical()));
                match e.parsed() {
                    Ok(p) => o.insert("value".into(), parsed_value(&p)),
                    Err(err) => o.insert("error".into(), json!(err.to_string())),
                };
                Value::Object(o)
            })
            .collect(),
    )
}

fn key_json(spki: &SubjectPublicKeyInfo<'_>) -> Value {
    let mut o = serde_json::Map::new();
    o.insert("algorithm".into(), json!(spki.algorithm().name()));
    o.insert("bits".into(), json!(spki.bits()));
    match spki.parsed() {
        Ok(PublicKey::Ec { curve: Some(c), .. }) => {
            o.insert("curve".into(), json!(oids::name_or_dotted(&c)));
        }
        Ok(PublicKey::Rsa { exponent, .. }) => {
            o.insert("exponent".into(), json!(hex(exponent)));
        }
        Err(e) => {
            o.insert("error".into(), json!(e.to_string()));
        }
        _ => {}
    }
    Value::Object(o)
}

/// The JSON form of a certificate.
///
/// ```
/// use sg17_x509::{Certificate, to_json};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"))?;
/// let j = to_json(&Certificate::from_der(&der)?);
/// assert_eq!(j["subject"], "CN=Amazon Root CA 1,O=Amazon,C=US");
/// assert_eq!(j["public_key"]["bits"], 2048);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn to_json(c: &Certificate<'_>) -> Value {
    let mut o = serde_json::Map::new();
    o.insert("type".into(), json!("certificate"));
    o.insert("version".into(), json!(c.version().number()));
    o.insert("serial".into(), json!(c.serial_hex()));
    o.insert("signature_algorithm".into(), json!(c.signature_algorithm().name()));
    o.insert("issuer".into(), json!(c.issuer().to_string()));
    o.insert("subject".into(), json!(c.subject().to_string()));
    o.insert("not_before".into(), json!(c.validity().not_before.to_string()));
    o.insert("not_after".into(), json!(c.validity().not_after.to_string()));
    o.insert("public_key".into(), key_json(c.public_key()));
    if let Some(u) = c.issuer_unique_id() {
        o.insert("issuer_unique_id".into(), json!(hex(u)));
    }
    if let Some(u) = c.subject_unique_id() {
        o.insert("subject_unique_id".into(), json!(hex(u)));
    }
    o.insert("self_issued".into(), json!(c.is_self_issued()));
    o.insert("extensions".into(), extensions_to_json(c.extensions()));
    Value::Object(o)
}

/// The JSON form of a CRL.
#[must_use]
pub fn crl_to_json(c: &Crl<'_>) -> Value {
    json!({
        "type": "crl",
        "version": c.version(),
        "signature_algorithm": c.signature_algorithm().name(),
        "issuer": c.issuer().to_string(),
        "this_update": c.this_update().to_string(),
        "next_update": c.next_update().map(|t| t.to_string()),
        "revoked": c.revoked().map(|r| json!({
            "serial": r.serial_hex(),
            "revocation_date": r.revocation_date.to_string(),
            "extensions": extensions_to_json(&r.extensions),
        })).collect::<Vec<_>>(),
        "extensions": extensions_to_json(c.extensions()),
    })
}

/// The JSON form of a CSR.
#[must_use]
pub fn csr_to_json(c: &Csr<'_>) -> Value {
    json!({
        "type": "csr",
        "subject": c.subject().to_string(),
        "signature_algorithm": c.signature_algorithm().name(),
        "public_key": key_json(c.public_key()),
        "attributes": c.attributes().map(|a| oids::name_or_dotted(&a.oid)).collect::<Vec<_>>(),
        "extensions": extensions_to_json(c.extensions()),
    })
}

fn issuer_serial_json(i: &IssuerSerial<'_>) -> Value {
    json!({"issuer": names(&i.issuer), "serial": i.serial_hex(), "issuer_uid": i.issuer_uid.map(hex)})
}

fn digest_info_json(d: &ObjectDigestInfo<'_>) -> Value {
    json!({
        "type": d.digested_object_type.name(),
        "other_type": d.other_object_type_id.map(|o| o.to_string()),
        "digest_algorithm": d.digest_algorithm.name(),
        "digest": hex(d.object_digest),
    })
}

fn ietf_attr_json(a: &IetfAttrSyntax<'_>) -> Value {
    json!({
        "policy_authority": a.policy_authority.as_deref().map(names),
        "values": a.values.iter().map(|v| match v {
            IetfAttrValue::Octets(b) => json!({"octets": hex(b)}),
            IetfAttrValue::Oid(o) => json!({"oid": o.to_string()}),
            IetfAttrValue::String(s) => json!({"string": s}),
        }).collect::<Vec<_>>(),
    })
}

fn svce_json(s: &SvceAuthInfo<'_>) -> Value {
    json!({"service": s.service.to_string(), "ident": s.ident.to_string(), "auth_info": s.auth_info.map(hex)})
}

fn ac_value_json(v: &AcAttributeValue<'_>) -> Value {
    match v {
        AcAttributeValue::AuthenticationInfo(s) | AcAttributeValue::AccessIdentity(s) => svce_json(s),
        AcAttributeValue::ChargingIdentity(a) | AcAttributeValue::Group(a) => ietf_attr_json(a),
        AcAttributeValue::Role(r) => json!({
            "role_authority": r.role_authority.as_deref().map(names),
            "role_name": r.role_name.to_string(),
        }),
        AcAttributeValue::Clearance(raw) | AcAttributeValue::Unknown(raw) => json!({"raw": hex(raw)}),
    }
}

fn target_json(t: &Target<'_>) -> Value {
    match t {
        Target::Name(n) => json!({"name": n.to_string()}),
        Target::Group(n) => json!({"group": n.to_string()}),
        Target::Cert(c) => json!({"cert": {
            "certificate": issuer_serial_json(&c.target_certificate),
            "name": c.target_name.map(|n| n.to_string()),
            "digest_info": c.cert_digest_info.as_ref().map(digest_info_json),
        }}),
    }
}

/// The JSON form of an attribute certificate (RFC 5755): holder and issuer components,
/// validity, every attribute with its decoded values (`raw` hex for types without a decoder)
/// and the extensions with the AC extensions of RFC 5755 4.3 decoded.
///
/// ```
/// use sg17_x509::{AttributeCertificate, attribute_cert_to_json};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/x509/ac/ac-role-group.der"))?;
/// let j = attribute_cert_to_json(&AttributeCertificate::from_der(&der)?);
/// assert_eq!(j["type"], "attribute_certificate");
/// assert_eq!(j["attributes"][0]["name"], "role");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn attribute_cert_to_json(c: &AttributeCertificate<'_>) -> Value {
    let h = c.holder();
    let i = c.issuer();
    let attributes: Vec<Value> = c
        .attributes()
        .map(|a| {
            let mut o = serde_json::Map::new();
            o.insert("oid".into(), json!(a.oid().to_string()));
            o.insert("name".into(), json!(a.name()));
            match a.parsed_values() {
                Ok(v) => o.insert("values".into(), Value::Array(v.iter().map(ac_value_json).collect())),
                Err(e) => o.insert("error".into(), json!(e.to_string())),
            };
            Value::Object(o)
        })
        .collect();
    let extensions: Vec<Value> = c
        .extensions()
        .iter()
        .map(|e| {
            let mut o = serde_json::Map::new();
            o.insert("oid".into(), json!(e.oid().to_string()));
            o.insert("name".into(), json!(e.name()));
            o.insert("critical".into(), json!(e.critical()));
            match c.extension(&e) {
                Ok(AcExtension::AuditIdentity(b)) => o.insert("value".into(), json!(hex(b))),
                Ok(AcExtension::TargetInformation(v)) => o.insert(
                    "value".into(),
                    Value::Array(
                        v.iter().map(|ts| Value::Array(ts.iter().map(target_json).collect())).collect(),
                    ),
                ),
                Ok(AcExtension::NoRevAvail) => o.insert("value".into(), Value::Null),
                Ok(AcExtension::Standard(p)) => o.insert("value".into(), parsed_value(&p)),
                Err(err) => o.insert("error".into(), json!(err.to_string())),
            };
            Value::Object(o)
        })
        .collect();
    json!({
        "type": "attribute_certificate",
        "version": c.version(),
        "serial": c.serial_hex(),
        "signature_algorithm": c.signature_algorithm().name(),
        "holder": {
            "base_certificate_id": h.base_certificate_id.as_ref().map(issuer_serial_json),
            "entity_name": h.entity_name.as_deref().map(names),
            "object_digest_info": h.object_digest_info.as_ref().map(digest_info_json),
        },
        "issuer": {
            "issuer_name": i.issuer_name.as_deref().map(names),
            "base_certificate_id": i.base_certificate_id.as_ref().map(issuer_serial_json),
            "object_digest_info": i.object_digest_info.as_ref().map(digest_info_json),
        },
        "not_before": c.validity().not_before.to_string(),
        "not_after": c.validity().not_after.to_string(),
        "attributes": attributes,
        "issuer_unique_id": c.issuer_unique_id().map(hex),
        "extensions": extensions,
    })
}

/// The JSON form of an OCSP response (RFC 6960 4.2.1): `status`, and for a successful one
/// the responder, `produced_at`, each SingleResponse (CertID hashes in lower-case hex,
/// `cert_status`), the extensions and the subjects of the included certificates.
///
/// ```
/// use sg17_x509::{ocsp::OcspResponse, ocsp_response_to_json};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/ocsp/delegated-good-byname.der"))?;
/// let j = ocsp_response_to_json(&OcspResponse::from_der(&der)?);
/// assert_eq!(j["responder_id"]["by_name"], "CN=sg17 OCSP Responder");
/// assert_eq!(j["responses"][0]["cert_status"]["status"], "good");
/// assert_eq!(j["certs"][0], "CN=sg17 OCSP Responder");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn ocsp_response_to_json(r: &crate::ocsp::OcspResponse<'_>) -> Value {
    use crate::ocsp::{CertStatus, ResponderId};
    let mut o = serde_json::Map::new();
    o.insert("type".into(), json!("ocsp-response"));
    o.insert("status".into(), json!(r.status().name()));
    let Some(b) = r.basic() else { return Value::Object(o) };
    o.insert("version".into(), json!(b.version()));
    o.insert(
        "responder_id".into(),
        match b.responder_id() {
            ResponderId::ByName(n) => json!({"by_name": n.to_string()}),
            ResponderId::ByKey(k) => json!({"by_key": hex(k)}),
        },
    );
    o.insert("produced_at".into(), json!(b.produced_at().to_string()));
    let responses: Vec<Value> = b
        .responses()
        .map(|s| {
            let status = match s.status {
                CertStatus::Good => json!({"status": "good"}),
                CertStatus::Unknown => json!({"status": "unknown"}),
                CertStatus::Revoked { time, reason } => json!({
                    "status": "revoked",
                    "revocation_time": time.to_string(),
                    "reason": reason.map(|r| r.to_string()),
                }),
            };
            json!({
                "cert_id": {
                    "hash_algorithm": s.cert_id.hash_algorithm.name(),
                    "issuer_name_hash": hex(s.cert_id.issuer_name_hash),
                    "issuer_key_hash": hex(s.cert_id.issuer_key_hash),
                    "serial": s.cert_id.serial_hex(),
                },
                "cert_status": status,
                "this_update": s.this_update.to_string(),
                "next_update": s.next_update.map(|t| t.to_string()),
                "extensions": extensions_to_json(&s.extensions),
            })
        })
        .collect();
    o.insert("responses".into(), Value::Array(responses));
    o.insert("extensions".into(), extensions_to_json(b.extensions()));
    o.insert("signature_algorithm".into(), json!(b.signature_algorithm().name()));
    o.insert("certs".into(), Value::Array(b.certs().map(|c| json!(c.subject().to_string())).collect()));
    Value::Object(o)
}
