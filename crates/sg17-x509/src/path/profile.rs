//! The RFC 5280 clause 4 rules on certificate contents that a [`Profile`] holds issuers to, and
//! the key-algorithm policy; the clause 6 algorithm itself lives in `validate`.

use super::error::Check;
use super::options::{Options, Profile};
use crate::extensions::{BasicConstraints, KeyUsage};
use crate::public_key::PublicKey;
use crate::{Certificate, GeneralName, ParsedExtension, Version, oids};

/// Where a certificate sits in the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    Anchor,
    Intermediate,
    Leaf,
}

pub(super) type Failure = (Check, &'static str, String);

fn fail<T>(check: Check, clause: &'static str, detail: impl Into<String>) -> Result<T, Failure> {
    Err((check, clause, detail.into()))
}

/// basicConstraints, if present and well-formed, with its criticality.
pub(super) fn basic_constraints(cert: &Certificate<'_>) -> Option<(BasicConstraints, bool)> {
    let e = cert.extensions().get(oids::EXT_BASIC_CONSTRAINTS)?;
    match e.parsed() {
        Ok(ParsedExtension::BasicConstraints(b)) => Some((b, e.critical())),
        _ => None,
    }
}

/// keyUsage, if present and well-formed.
pub(super) fn key_usage(cert: &Certificate<'_>) -> Option<KeyUsage> {
    match cert.extensions().parsed(oids::EXT_KEY_USAGE)? {
        Ok(ParsedExtension::KeyUsage(k)) => Some(k),
        _ => None,
    }
}

/// Extensions that are malformed, or critical and unrecognised (RFC 5280 4.2, 6.1.4(o), 6.1.5(f)).
pub(super) fn extension_problems(cert: &Certificate<'_>) -> Result<(), Failure> {
    if let Some(p) = cert.extensions().problems().into_iter().next() {
        let check = if p.kind() == crate::ErrorKind::UnknownCriticalExtension {
            Check::CriticalExtension
        } else {
            Check::Profile
        };
        let clause = if check == Check::CriticalExtension { "RFC 5280 6.1.4(o)" } else { "RFC 5280 4.2" };
        return fail(check, clause, p.to_string());
    }
    Ok(())
}

/// Key algorithm and size policy, applied to every certificate in the path (anchor included).
pub(super) fn key_policy(cert: &Certificate<'_>, opts: &Options) -> Result<(), Failure> {
    let spki = cert.public_key();
    let key = match spki.parsed() {
        Ok(k) => k,
        Err(e) => return fail(Check::Algorithm, "RFC 5280 4.1.2.7", format!("public key: {e}")),
    };
    let webpki = opts.profile == Profile::WebPki;
    match key {
        PublicKey::Rsa { .. } => {
            let bits = spki.bits().unwrap_or(0);
            if bits < opts.effective_min_rsa_bits() {
                return fail(Check::Algorithm, "options: min_rsa_bits", format!("RSA key of {bits} bits"));
            }
            if webpki && !bits.is_multiple_of(8) {
                return fail(Check::Algorithm, "CA/B BR 6.1.5", format!("RSA modulus of {bits} bits"));
            }
        }
        PublicKey::Ec { curve: None, .. } if opts.profile != Profile::Rfc5280 => {
            return fail(Check::Algorithm, "RFC 5480 2.1.1", "specifiedCurve (explicit parameters)");
        }
        PublicKey::Ec { curve: Some(c), .. }
            if webpki
                && ![oids::SECP256R1, oids::SECP384R1, oids::SECP521R1].iter().any(|k| k.matches(&c)) =>
        {
            return fail(Check::Algorithm, "CA/B BR 6.1.5", format!("curve {c}"));
        }
        PublicKey::Ec { curve: None, .. } | PublicKey::Dsa { .. } | PublicKey::Other(_) if webpki => {
            return fail(Check::Algorithm, "CA/B BR 6.1.5", spki.algorithm().name());
        }
        _ => {}
    }
    Ok(())
}

/// True if every label is LDH (RFC 1034 3.5, RFC 1123 2.1), optionally after a leading `*.`.
pub(super) fn is_dns_name_syntax(name: &str) -> bool {
    let rest = name.strip_prefix("*.").unwrap_or(name);
    !rest.is_empty()
        && rest.len() <= 253
        && rest.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// CA/B BR 7.1.4.3: a leaf's subject commonName, if present, is exactly one of its SAN values
/// (a dNSName as written, or an iPAddress in RFC 3986 / RFC 5952 text form).
fn subject_cn_in_san(cert: &Certificate<'_>) -> Result<(), Failure> {
    let cns: Vec<_> = cert.subject().values_of(oids::CN).collect();
    if cns.len() > 1 {
        return fail(Check::Profile, "CA/B BR 7.1.4.3", "more than one commonName");
    }
    let Some(cn) = cns.first().and_then(|v| v.as_str()) else { return Ok(()) };
    let sans = match cert.extensions().parsed(oids::EXT_SUBJECT_ALT_NAME) {
        Some(Ok(ParsedExtension::SubjectAltName(v))) => v,
        _ => Vec::new(),
    };
    let found = sans.iter().any(|n| match n {
        GeneralName::DnsName(d) => *d == cn,
        GeneralName::IpAddress(ip) => match ip.len() {
            4 => <[u8; 4]>::try_from(*ip).is_ok_and(|a| std::net::Ipv4Addr::from(a).to_string() == cn),
            16 => <[u8; 16]>::try_from(*ip).is_ok_and(|a| std::net::Ipv6Addr::from(a).to_string() == cn),
            _ => false,
        },
        _ => false,
    });
    if found {
        Ok(())
    } else {
        fail(Check::Profile, "CA/B BR 7.1.4.3", format!("commonName {cn:?} is not a SAN value"))
    }
}

/// The clause 4 rules of [`Profile::Strict`] and [`Profile::WebPki`].
pub(super) fn conformance(cert: &Certificate<'_>, role: Role, opts: &Options) -> Result<(), Failure> {
    let profile = opts.profile;
    if profile == Profile::Rfc5280 {
        return Ok(());
    }
    let webpki = profile == Profile::WebPki;
    let is_ca_role = role != Role::Leaf;
    let exts = cert.extensions();

    // Anchors are taken as given (RFC 5280 6.1.1(d)): issuance rules apply below them.
    if role != Role::Anchor {
        // 4.1.2.2: positive, at most 20 octets.
        let serial = cert.serial().as_bytes();
        if serial.len() > 20 {
            return fail(Check::Profile, "RFC 5280 4.1.2.2", format!("serial of {} octets", serial.len()));
        }
        if serial.first().is_some_and(|b| b & 0x80 != 0) {
            return fail(Check::Profile, "RFC 5280 4.1.2.2", "negative serial number");
        }
        if serial.iter().all(|&b| b == 0) {
            return fail(Check::Profile, "RFC 5280 4.1.2.2", "zero serial number");
        }
    }
    // 4.1.2.4 / 4.1.2.6: names.
    if cert.issuer().is_empty() {
        return fail(Check::Profile, "RFC 5280 4.1.2.4", "empty issuer");
    }
    if is_ca_role && cert.subject().is_empty() {
        return fail(Check::Profile, "RFC 5280 4.1.2.6", "CA certificate with an empty subject");
    }
    if webpki && role != Role::Anchor && cert.version() != Version::V3 {
        return fail(Check::Profile, "CA/B BR 7.1.1", format!("version {}", cert.version().number()));
    }

    let mut bc = None;
    let mut ku = None;
    for e in exts.iter() {
        let Ok(p) = e.parsed() else { continue };
        let critical = e.critical();
        match p {
            ParsedExtension::AuthorityKeyIdentifier(aki) => {
                if critical {
                    return fail(Check::Profile, "RFC 5280 4.2.1.1", "critical authorityKeyIdentifier");
                }
                if webpki && role == Role::Anchor {
                    if aki.authority_cert_issuer.is_some() || aki.authority_cert_serial.is_some() {
                        return fail(Check::Profile, "CA/B BR 7.1.2.1.3", "root AKI with issuer/serial");
                    }
                    let ski = match exts.parsed(oids::EXT_SUBJECT_KEY_IDENTIFIER) {
                        Some(Ok(ParsedExtension::SubjectKeyIdentifier(s))) => Some(s),
                        _ => None,
                    };
                    if aki.key_identifier.is_none() || aki.key_identifier != ski {
                        return fail(Check::Profile, "CA/B BR 7.1.2.1.3", "root AKI keyIdentifier != SKI");
                    }
                }
            }
            ParsedExtension::SubjectKeyIdentifier(_) if critical => {
                return fail(Check::Profile, "RFC 5280 4.2.1.2", "critical subjectKeyIdentifier");
            }
            ParsedExtension::BasicConstraints(b) => bc = Some((b, critical)),
            ParsedExtension::KeyUsage(k) => ku = Some(k),
            ParsedExtension::NameConstraints(_) => {
                if role == Role::Leaf {
                    return fail(Check::Profile, "RFC 5280 4.2.1.10", "nameConstraints in an end-entity");
                }
                if !critical && !webpki {
                    return fail(Check::Profile, "RFC 5280 4.2.1.10", "non-critical nameConstraints");
                }
            }
            ParsedExtension::PolicyConstraints(_) if !critical => {
                return fail(Check::Profile, "RFC 5280 4.2.1.11", "non-critical policyConstraints");
            }
            ParsedExtension::InhibitAnyPolicy(_) if !critical => {
                return fail(Check::Profile, "RFC 5280 4.2.1.14", "non-critical inhibitAnyPolicy");
            }
            ParsedExtension::AuthorityInfoAccess(_) if critical => {
                return fail(Check::Profile, "RFC 5280 4.2.2.1", "critical authorityInfoAccess");
            }
            ParsedExtension::SubjectInfoAccess(_) if critical => {
                return fail(Check::Profile, "RFC 5280 4.2.2.2", "critical subjectInfoAccess");
            }
            ParsedExtension::SubjectAltName(names) => {
                if cert.subject().is_empty() && !critical {
                    return fail(Check::Profile, "RFC 5280 4.2.1.6", "empty subject with non-critical SAN");
                }
                if webpki && critical && !cert.subject().is_empty() {
                    return fail(Check::Profile, "CA/B BR 7.1.2.7.12", "critical SAN with a subject");
                }
                for n in &names {
                    if let GeneralName::DnsName(d) = n
                        && !is_dns_name_syntax(d)
                    {
                        return fail(Check::Profile, "RFC 5280 4.2.1.6", format!("dNSName {d:?}"));
                    }
                }
            }
            ParsedExtension::ExtendedKeyUsage(_) if webpki => {
                if role == Role::Anchor {
                    return fail(Check::Profile, "CA/B BR 7.1.2.1.2", "extendedKeyUsage in a root");
                }
                if role == Role::Leaf && critical {
                    return fail(Check::Profile, "CA/B BR 7.1.2.7.10", "critical extendedKeyUsage");
                }
            }
            _ => {}
        }
    }
    if cert.subject().is_empty() && exts.get(oids::EXT_SUBJECT_ALT_NAME).is_none() {
        return fail(Check::Profile, "RFC 5280 4.1.2.6", "empty subject without subjectAltName");
    }
    // 4.2.1.1: AKI with keyIdentifier in all but self-signed certificates.
    if role != Role::Anchor && !cert.is_self_issued() {
        match exts.parsed(oids::EXT_AUTHORITY_KEY_IDENTIFIER) {
            Some(Ok(ParsedExtension::AuthorityKeyIdentifier(a))) if a.key_identifier.is_some() => {}
            _ => return fail(Check::Profile, "RFC 5280 4.2.1.1", "no authorityKeyIdentifier keyIdentifier"),
        }
    }
    if is_ca_role {
        // 4.2.1.2: CAs MUST include SKI; 4.2.1.9: basicConstraints MUST be present and critical.
        if exts.get(oids::EXT_SUBJECT_KEY_IDENTIFIER).is_none() {
            return fail(Check::Profile, "RFC 5280 4.2.1.2", "CA certificate without subjectKeyIdentifier");
        }
        match bc {
            None => return fail(Check::BasicConstraints, "RFC 5280 4.2.1.9", "CA without basicConstraints"),
            Some((b, _)) if !b.ca => {
                return fail(Check::BasicConstraints, "RFC 5280 4.2.1.9", "CA without cA");
            }
            Some((_, false)) => {
                return fail(Check::BasicConstraints, "RFC 5280 4.2.1.9", "non-critical basicConstraints");
            }
            _ => {}
        }
    }
    // 4.2.1.9: keyCertSign only with cA; 4.2.1.10 pathLen only with cA and keyCertSign.
    let ca = bc.is_some_and(|(b, _)| b.ca);
    if ku.is_some_and(|k| k.has(KeyUsage::KEY_CERT_SIGN)) && !ca {
        return fail(Check::KeyUsage, "RFC 5280 4.2.1.9", "keyCertSign without basicConstraints cA");
    }
    if is_ca_role && ku.is_some_and(|k| !k.has(KeyUsage::KEY_CERT_SIGN)) {
        return fail(Check::KeyUsage, "RFC 5280 4.2.1.3", "CA keyUsage without keyCertSign");
    }
    if webpki && role == Role::Leaf {
        subject_cn_in_san(cert)?;
        if ca {
            return fail(Check::BasicConstraints, "CA/B BR 7.1.2.7.8", "end-entity with cA");
        }
        match exts.parsed(oids::EXT_EXTENDED_KEY_USAGE) {
            Some(Ok(ParsedExtension::ExtendedKeyUsage(ekus))) => {
                if ekus.iter().any(|k| oids::ANY_EXTENDED_KEY_USAGE.matches(k)) {
                    return fail(Check::ExtendedKeyUsage, "CA/B BR 7.1.2.7.10", "anyExtendedKeyUsage");
                }
            }
            _ => return fail(Check::ExtendedKeyUsage, "CA/B BR 7.1.2.7.10", "no extendedKeyUsage"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_dns_name_syntax;

    #[test]
    fn rfc1034_3_5_preferred_name_syntax() {
        assert!(is_dns_name_syntax("example.com"));
        assert!(is_dns_name_syntax("*.example.com"));
        assert!(is_dns_name_syntax("xn--bcher-kva.example"));
        assert!(!is_dns_name_syntax("under_score.example.com"));
        assert!(!is_dns_name_syntax("a..b"));
        assert!(!is_dns_name_syntax("-a.b"));
        assert!(!is_dns_name_syntax("f*o.example.com"));
        assert!(!is_dns_name_syntax(""));
    }
}
