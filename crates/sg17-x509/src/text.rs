//! Human-readable output close to `openssl x509 -text`, `openssl crl -text` and
//! `openssl req -text` (layout, not byte-for-byte); attribute certificates, which openssl
//! does not print, follow the certificate layout.

use crate::attribute_cert::{
    AcAttributeValue, AcExtension, IetfAttrSyntax, IetfAttrValue, IssuerSerial, Target,
};
use crate::der::hex_colon;
use crate::extensions::{DistributionPointName, Extensions, ParsedExtension, PolicyQualifier};
use crate::oids;
use crate::public_key::{PublicKey, SubjectPublicKeyInfo};
use crate::{AttributeCertificate, Certificate, Crl, Csr};
use core::fmt::Write;

fn wrap_hex(out: &mut String, indent: &str, b: &[u8]) {
    for chunk in b.chunks(18) {
        let _ = writeln!(out, "{indent}{}", hex_colon(chunk).to_lowercase());
    }
}

fn key_text(out: &mut String, spki: &SubjectPublicKeyInfo<'_>) {
    let _ = writeln!(out, "        Subject Public Key Info:");
    let _ = writeln!(out, "            Public Key Algorithm: {}", spki.algorithm().name());
    match spki.parsed() {
        Ok(PublicKey::Rsa { modulus, exponent }) => {
            let _ = writeln!(out, "                Public-Key: ({} bit)", spki.bits().unwrap_or(0));
            let _ = writeln!(out, "                Modulus:");
            let mut m = vec![0];
            m.extend_from_slice(modulus);
            let m = if modulus.first().is_some_and(|b| b & 0x80 != 0) { &m[..] } else { &m[1..] };
            wrap_hex(out, "                    ", m);
            let e = exponent.iter().fold(0u128, |a, &b| a.wrapping_shl(8) | u128::from(b));
            let _ = writeln!(out, "                Exponent: {e} (0x{e:x})");
        }
        Ok(PublicKey::Ec { curve, point }) => {
            let _ = writeln!(out, "                Public-Key: ({} bit)", spki.bits().unwrap_or(0));
            let _ = writeln!(out, "                pub:");
            wrap_hex(out, "                    ", point);
            if let Some(c) = curve {
                let _ = writeln!(out, "                ASN1 OID: {}", oids::name_or_dotted(&c));
            }
        }
        Ok(PublicKey::Ed25519(k) | PublicKey::Ed448(k)) => {
            let _ = writeln!(out, "                pub:");
            wrap_hex(out, "                    ", k);
        }
        Ok(_) => wrap_hex(out, "                ", spki.key_bytes()),
        Err(e) => {
            let _ = writeln!(out, "                <invalid key: {e}>");
        }
    }
}

fn extensions_text(out: &mut String, title: &str, indent: &str, exts: &Extensions<'_>) {
    if exts.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}{title}:");
    for e in exts.iter() {
        let crit = if e.critical() { " critical" } else { "" };
        let _ = writeln!(out, "{indent}    {}:{crit}", e.name());
        let i = format!("{indent}        ");
        let line = match e.parsed() {
            Err(err) => format!("<malformed: {err}>"),
            Ok(p) => parsed_line(p, &i),
        };
        let _ = writeln!(out, "{i}{line}");
    }
}

/// One decoded extension value as openssl prints it; `i` indents continuation lines.
fn parsed_line(p: ParsedExtension<'_>, i: &str) -> String {
    match p {
        ParsedExtension::BasicConstraints(b) => match b.path_len {
            Some(n) => format!("CA:{}, pathlen:{n}", if b.ca { "TRUE" } else { "FALSE" }),
            None => format!("CA:{}", if b.ca { "TRUE" } else { "FALSE" }),
        },
        ParsedExtension::KeyUsage(k) => k.to_string(),
        ParsedExtension::ExtendedKeyUsage(v) => {
            v.iter().map(oids::name_or_dotted).collect::<Vec<_>>().join(", ")
        }
        ParsedExtension::SubjectAltName(v)
        | ParsedExtension::IssuerAltName(v)
        | ParsedExtension::CertificateIssuer(v) => {
            v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        }
        ParsedExtension::SubjectKeyIdentifier(k) => hex_colon(k),
        ParsedExtension::AuthorityKeyIdentifier(a) => a.key_identifier.map(hex_colon).unwrap_or_default(),
        ParsedExtension::CertificatePolicies(v) => {
            let mut s = String::new();
            for p in v {
                let _ = write!(s, "Policy: {}", oids::name_or_dotted(&p.policy));
                for q in &p.qualifiers {
                    match q {
                        PolicyQualifier::Cps(u) => {
                            let _ = write!(s, "\n{i}  CPS: {u}");
                        }
                        PolicyQualifier::UserNotice { explicit_text, .. } => {
                            let _ =
                                write!(s, "\n{i}  User Notice: {}", explicit_text.as_deref().unwrap_or(""));
                        }
                        PolicyQualifier::Other { id, .. } => {
                            let _ = write!(s, "\n{i}  {id}");
                        }
                    }
                }
                s.push('\n');
                s.push_str(i);
            }
            s.trim_end().to_owned()
        }
        ParsedExtension::CrlDistributionPoints(v) | ParsedExtension::FreshestCrl(v) => v
            .iter()
            .map(|dp| match &dp.name {
                Some(DistributionPointName::FullName(n)) => {
                    format!("Full Name: {}", n.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
                }
                _ => "<relative name or cRLIssuer>".to_owned(),
            })
            .collect::<Vec<_>>()
            .join(&format!("\n{i}")),
        ParsedExtension::AuthorityInfoAccess(v) | ParsedExtension::SubjectInfoAccess(v) => v
            .iter()
            .map(|a| format!("{} - {}", oids::name_or_dotted(&a.method), a.location))
            .collect::<Vec<_>>()
            .join(&format!("\n{i}")),
        ParsedExtension::CrlNumber(n) | ParsedExtension::DeltaCrlIndicator(n) => n.to_decimal(),
        ParsedExtension::ReasonCode(r) => r.to_string(),
        ParsedExtension::InvalidityDate(t) => t.to_openssl(),
        ParsedExtension::InhibitAnyPolicy(n) => n.to_string(),
        ParsedExtension::SctList(v) => format!("{} signed certificate timestamps", v.len()),
        ParsedExtension::Unknown(raw) => hex_colon(raw),
        other => format!("{other:?}"),
    }
}

fn signature_text(out: &mut String, alg: &str, sig: &[u8]) {
    let _ = writeln!(out, "    Signature Algorithm: {alg}");
    let _ = writeln!(out, "    Signature Value:");
    wrap_hex(out, "        ", sig);
}

/// `openssl x509 -text`-style description of a certificate.
///
/// ```
/// use sg17_x509::{Certificate, text};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"))?;
/// let t = text::certificate(&Certificate::from_der(&der)?);
/// assert!(t.contains("        Subject: CN=Amazon Root CA 1,O=Amazon,C=US\n"));
/// assert!(t.contains("CA:TRUE"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn certificate(c: &Certificate<'_>) -> String {
    let mut o = String::new();
    let v = c.version().number();
    let _ = writeln!(o, "Certificate:\n    Data:");
    let _ = writeln!(o, "        Version: {v} (0x{:x})", v - 1);
    let _ = writeln!(
        o,
        "        Serial Number:\n            {}",
        hex_colon(c.serial().as_bytes()).to_lowercase()
    );
    let _ = writeln!(o, "        Signature Algorithm: {}", c.tbs_signature_algorithm().name());
    let _ = writeln!(o, "        Issuer: {}", c.issuer());
    let _ = writeln!(o, "        Validity");
    let _ = writeln!(o, "            Not Before: {}", c.validity().not_before.to_openssl());
    let _ = writeln!(o, "            Not After : {}", c.validity().not_after.to_openssl());
    let _ = writeln!(o, "        Subject: {}", c.subject());
    key_text(&mut o, c.public_key());
    extensions_text(&mut o, "X509v3 extensions", "        ", c.extensions());
    signature_text(&mut o, &c.signature_algorithm().name(), c.signature());
    o
}

/// `openssl crl -text`-style description of a CRL.
#[must_use]
pub fn crl(c: &Crl<'_>) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Certificate Revocation List (CRL):");
    let _ = writeln!(o, "        Version {} (0x{:x})", c.version(), c.version() - 1);
    let _ = writeln!(o, "        Signature Algorithm: {}", c.tbs_signature_algorithm().name());
    let _ = writeln!(o, "        Issuer: {}", c.issuer());
    let _ = writeln!(o, "        Last Update: {}", c.this_update().to_openssl());
    match c.next_update() {
        Some(t) => writeln!(o, "        Next Update: {}", t.to_openssl()),
        None => writeln!(o, "        Next Update: NONE"),
    }
    .ok();
    extensions_text(&mut o, "CRL extensions", "        ", c.extensions());
    if c.revoked_count() == 0 {
        let _ = writeln!(o, "No Revoked Certificates.");
    } else {
        let _ = writeln!(o, "Revoked Certificates:");
        for r in c.revoked() {
            let _ = writeln!(o, "    Serial Number: {}", r.serial_hex());
            let _ = writeln!(o, "        Revocation Date: {}", r.revocation_date.to_openssl());
            extensions_text(&mut o, "CRL entry extensions", "        ", &r.extensions);
        }
    }
    signature_text(&mut o, &c.signature_algorithm().name(), c.signature());
    o
}

/// `openssl req -text`-style description of a CSR.
#[must_use]
pub fn csr(c: &Csr<'_>) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Certificate Request:\n    Data:");
    let _ = writeln!(o, "        Version: 1 (0x0)");
    let _ = writeln!(o, "        Subject: {}", c.subject());
    key_text(&mut o, c.public_key());
    let _ = writeln!(o, "        Attributes:");
    for a in c.attributes() {
        let _ = writeln!(o, "            {}", oids::name_or_dotted(&a.oid));
    }
    extensions_text(&mut o, "Requested Extensions", "            ", c.extensions());
    signature_text(&mut o, &c.signature_algorithm().name(), c.signature());
    o
}

fn join_names(v: &[crate::GeneralName<'_>]) -> String {
    v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

fn issuer_serial_text(o: &mut String, indent: &str, title: &str, b: &IssuerSerial<'_>) {
    let _ = writeln!(o, "{indent}{title}:");
    let _ = writeln!(o, "{indent}    Issuer: {}", join_names(&b.issuer));
    let _ = writeln!(o, "{indent}    Serial: {}", b.serial_hex());
}

fn digest_info_text(o: &mut String, indent: &str, d: &crate::ObjectDigestInfo<'_>) {
    let _ = writeln!(
        o,
        "{indent}Object Digest: {} {} {}",
        d.digested_object_type.name(),
        d.digest_algorithm.name(),
        hex_colon(d.object_digest)
    );
}

fn ietf_attr_text(a: &IetfAttrSyntax<'_>) -> String {
    let mut s = String::new();
    if let Some(p) = &a.policy_authority {
        let _ = write!(s, "Policy Authority: {}; ", join_names(p));
    }
    let vals: Vec<String> = a
        .values
        .iter()
        .map(|v| match v {
            IetfAttrValue::Octets(b) => hex_colon(b),
            IetfAttrValue::Oid(x) => oids::name_or_dotted(x),
            IetfAttrValue::String(t) => (*t).to_owned(),
        })
        .collect();
    let _ = write!(s, "Values: {}", vals.join(", "));
    s
}

fn target_text(t: &Target<'_>) -> String {
    match t {
        Target::Name(n) => format!("Target Name: {n}"),
        Target::Group(n) => format!("Target Group: {n}"),
        Target::Cert(c) => format!(
            "Target Cert: {} serial {}",
            join_names(&c.target_certificate.issuer),
            c.target_certificate.serial_hex()
        ),
    }
}

/// A certificate-style description of an attribute certificate (RFC 5755; openssl has no
/// printer for these).
///
/// ```
/// use sg17_x509::{AttributeCertificate, text};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/x509/ac/ac-role-group.der"))?;
/// let t = text::attribute_certificate(&AttributeCertificate::from_der(&der)?);
/// assert!(t.starts_with("Attribute Certificate:\n    Data:\n        Version: 2 (0x1)\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn attribute_certificate(c: &AttributeCertificate<'_>) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Attribute Certificate:\n    Data:");
    let _ = writeln!(o, "        Version: 2 (0x1)");
    let _ = writeln!(
        o,
        "        Serial Number:\n            {}",
        hex_colon(c.serial().as_bytes()).to_lowercase()
    );
    let _ = writeln!(o, "        Signature Algorithm: {}", c.tbs_signature_algorithm().name());
    let h = c.holder();
    let _ = writeln!(o, "        Holder:");
    if let Some(b) = &h.base_certificate_id {
        issuer_serial_text(&mut o, "            ", "Base Certificate ID", b);
    }
    if let Some(n) = &h.entity_name {
        let _ = writeln!(o, "            Entity Name: {}", join_names(n));
    }
    if let Some(d) = &h.object_digest_info {
        digest_info_text(&mut o, "            ", d);
    }
    let i = c.issuer();
    let _ = writeln!(o, "        Issuer:");
    if let Some(n) = &i.issuer_name {
        let _ = writeln!(o, "            {}", join_names(n));
    }
    if let Some(b) = &i.base_certificate_id {
        issuer_serial_text(&mut o, "            ", "Base Certificate ID", b);
    }
    if let Some(d) = &i.object_digest_info {
        digest_info_text(&mut o, "            ", d);
    }
    let _ = writeln!(o, "        Validity");
    let _ = writeln!(o, "            Not Before: {}", c.validity().not_before.to_openssl());
    let _ = writeln!(o, "            Not After : {}", c.validity().not_after.to_openssl());
    let _ = writeln!(o, "        Attributes:");
    for a in c.attributes() {
        let _ = writeln!(o, "            {}:", a.name());
        let ind = "                ";
        match a.parsed_values() {
            Err(e) => {
                let _ = writeln!(o, "{ind}<malformed: {e}>");
            }
            Ok(vals) => {
                for v in vals {
                    let line = match v {
                        AcAttributeValue::Role(r) => match &r.role_authority {
                            Some(auth) => format!("Role: {} (authority {})", r.role_name, join_names(auth)),
                            None => format!("Role: {}", r.role_name),
                        },
                        AcAttributeValue::Group(g) | AcAttributeValue::ChargingIdentity(g) => {
                            ietf_attr_text(&g)
                        }
                        AcAttributeValue::AuthenticationInfo(s) | AcAttributeValue::AccessIdentity(s) => {
                            format!("Service: {}, Ident: {}", s.service, s.ident)
                        }
                        AcAttributeValue::Clearance(raw) | AcAttributeValue::Unknown(raw) => hex_colon(raw),
                    };
                    let _ = writeln!(o, "{ind}{line}");
                }
            }
        }
    }
    if !c.extensions().is_empty() {
        let _ = writeln!(o, "        X509v3 extensions:");
        for e in c.extensions().iter() {
            let crit = if e.critical() { " critical" } else { "" };
            let _ = writeln!(o, "            {}:{crit}", e.name());
            let ind = "                ";
            let line = match c.extension(&e) {
                Err(err) => format!("<malformed: {err}>"),
                Ok(AcExtension::AuditIdentity(b)) => hex_colon(b),
                Ok(AcExtension::NoRevAvail) => "NULL".to_owned(),
                Ok(AcExtension::TargetInformation(v)) => {
                    v.iter().flatten().map(target_text).collect::<Vec<_>>().join(&format!("\n{ind}"))
                }
                Ok(AcExtension::Standard(p)) => parsed_line(p, ind),
            };
            let _ = writeln!(o, "{ind}{line}");
        }
    }
    signature_text(&mut o, &c.signature_algorithm().name(), c.signature());
    o
}

/// `openssl ocsp -resp_text`-style description of an OCSP response (RFC 6960 4.2.1),
/// followed by the certificates of `certs`.
///
/// ```
/// use sg17_x509::{ocsp::OcspResponse, text};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/ocsp/unknown.der"))?;
/// let t = text::ocsp_response(&OcspResponse::from_der(&der)?);
/// assert!(t.contains("    Responder Id: CN=sg17 OCSP Issuing CA\n"));
/// assert!(t.contains("    Cert Status: unknown\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn ocsp_response(r: &crate::ocsp::OcspResponse<'_>) -> String {
    use crate::ocsp::CertStatus;
    let mut o = String::new();
    let _ = writeln!(o, "OCSP Response Data:");
    let _ = writeln!(o, "    OCSP Response Status: {} (0x{:x})", r.status(), r.status().code());
    let Some(b) = r.basic() else { return o };
    let _ = writeln!(o, "    Response Type: Basic OCSP Response");
    let _ = writeln!(o, "    Version: {} (0x{:x})", b.version(), b.version() - 1);
    let _ = writeln!(o, "    Responder Id: {}", b.responder_id());
    let _ = writeln!(o, "    Produced At: {}", b.produced_at().to_openssl());
    let _ = writeln!(o, "    Responses:");
    for s in b.responses() {
        let id = &s.cert_id;
        let _ = writeln!(o, "    Certificate ID:");
        let _ = writeln!(o, "      Hash Algorithm: {}", id.hash_algorithm.name());
        let _ =
            writeln!(o, "      Issuer Name Hash: {}", crate::der::hex(id.issuer_name_hash).to_uppercase());
        let _ = writeln!(o, "      Issuer Key Hash: {}", crate::der::hex(id.issuer_key_hash).to_uppercase());
        let _ = writeln!(o, "      Serial Number: {}", id.serial_hex());
        match s.status {
            CertStatus::Good => writeln!(o, "    Cert Status: good"),
            CertStatus::Unknown => writeln!(o, "    Cert Status: unknown"),
            CertStatus::Revoked { time, reason } => {
                let _ = writeln!(o, "    Cert Status: revoked");
                let _ = writeln!(o, "    Revocation Time: {}", time.to_openssl());
                match reason {
                    Some(r) => writeln!(o, "    Revocation Reason: {r} (0x{:x})", r.0),
                    None => Ok(()),
                }
            }
        }
        .ok();
        let _ = writeln!(o, "    This Update: {}", s.this_update.to_openssl());
        if let Some(n) = s.next_update {
            let _ = writeln!(o, "    Next Update: {}", n.to_openssl());
        }
        extensions_text(&mut o, "Response Single Extensions", "        ", &s.extensions);
        o.push('\n');
    }
    extensions_text(&mut o, "Response Extensions", "    ", b.extensions());
    signature_text(&mut o, &b.signature_algorithm().name(), b.signature());
    for c in b.certs() {
        o.push_str(&certificate(&c));
    }
    o
}
