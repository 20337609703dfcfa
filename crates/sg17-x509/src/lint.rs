//! RFC 5280 MUST / SHOULD checks on parsed certificates and CRLs, and RFC 2986 / RFC 2985
//! checks on certification requests. Rule names follow zlint's (`e_` for a MUST, `w_` for a
//! SHOULD) so findings can be cross-referenced; each finding carries its clause.

use crate::extensions::{KeyUsage, ParsedExtension};
use crate::oids::{self, KnownOid};
use crate::time::{Time, TimeKind};
use crate::{AlgorithmIdentifier, Certificate, Crl, Csr, Name, Version};
use core::fmt;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A SHOULD / SHOULD NOT of the specification.
    Warning,
    /// A MUST / MUST NOT of the specification.
    Error,
}

/// One finding of the linter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// zlint-style rule name, e.g. `e_serial_number_longer_than_20_octets`.
    pub rule: &'static str,
    /// MUST or SHOULD.
    pub severity: Severity,
    /// Clause, e.g. `RFC 5280 4.1.2.2`.
    pub clause: &'static str,
    /// What was found.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{s}: {} ({}): {}", self.rule, self.clause, self.message)
    }
}

struct Out(Vec<Finding>);

impl Out {
    fn must(&mut self, rule: &'static str, clause: &'static str, message: impl Into<String>) {
        self.0.push(Finding { rule, severity: Severity::Error, clause, message: message.into() });
    }
    fn should(&mut self, rule: &'static str, clause: &'static str, message: impl Into<String>) {
        self.0.push(Finding { rule, severity: Severity::Warning, clause, message: message.into() });
    }
}

fn time_encoding(out: &mut Out, field: &str, t: &Time) {
    // RFC 5280 4.1.2.5: through 2049 UTCTime, from 2050 GeneralizedTime. (A UTCTime cannot
    // denote 2050 or later: its two-digit years map to 1950-2049.)
    if t.kind() == TimeKind::Generalized && t.year() < 2050 {
        out.must(
            "e_wrong_time_format_pre2050",
            "RFC 5280 4.1.2.5",
            format!("{field} {t} before 2050 encoded as GeneralizedTime"),
        );
    }
}

/// The checks certificates and CRLs share on their signed envelope: signatureAlgorithm must
/// equal the tbs `signature` field (RFC 5280 4.1.1.2, 5.1.1.2) and the issuer must not be
/// empty (RFC 5280 4.1.2.4, 5.1.2.3). `sig_alg_rule` and `issuer_rule` are (rule, clause).
fn signed_header(
    out: &mut Out,
    [signature_algorithm, tbs_signature]: [&AlgorithmIdentifier<'_>; 2],
    issuer: &Name<'_>,
    sig_alg_rule: (&'static str, &'static str),
    issuer_rule: (&'static str, &'static str),
) {
    if signature_algorithm != tbs_signature {
        out.must(sig_alg_rule.0, sig_alg_rule.1, "signatureAlgorithm differs from tbs signature");
    }
    if issuer.is_empty() {
        out.must(issuer_rule.0, issuer_rule.1, "issuer is an empty name");
    }
}

fn serial_checks(out: &mut Out, serial: sg17_asn1::Integer<'_>, clause: &'static str) {
    let b = serial.as_bytes();
    if b.len() > 20 {
        out.must("e_serial_number_longer_than_20_octets", clause, format!("serial has {} octets", b.len()));
    }
    if serial.is_negative() {
        out.must("e_serial_number_not_positive", clause, "serial is negative");
    } else if b.iter().all(|&x| x == 0) {
        out.must("e_serial_number_not_positive", clause, "serial is zero");
    }
}

/// Lints a certificate against RFC 5280.
///
/// ```
/// use sg17_x509::{Certificate, lint};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"))?;
/// let findings = lint::certificate(&Certificate::from_der(&der)?);
/// assert!(findings.iter().all(|f| f.severity != lint::Severity::Error), "{findings:?}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn certificate(c: &Certificate<'_>) -> Vec<Finding> {
    let mut out = Out(Vec::new());
    serial_checks(&mut out, c.serial(), "RFC 5280 4.1.2.2");
    signed_header(
        &mut out,
        [c.signature_algorithm(), c.tbs_signature_algorithm()],
        c.issuer(),
        ("e_cert_sig_alg_not_match_tbs_sig_alg", "RFC 5280 4.1.1.2"),
        ("e_issuer_field_empty", "RFC 5280 4.1.2.4"),
    );
    time_encoding(&mut out, "notBefore", &c.validity().not_before);
    time_encoding(&mut out, "notAfter", &c.validity().not_after);
    if c.version() != Version::V3 && !c.extensions().is_empty() {
        out.must("e_cert_extensions_version_not_3", "RFC 5280 4.1.2.9", "extensions in a v1/v2 certificate");
    }
    if c.version() == Version::V1 && (c.issuer_unique_id().is_some() || c.subject_unique_id().is_some()) {
        out.must(
            "e_cert_unique_identifier_version_not_2_or_3",
            "RFC 5280 4.1.2.8",
            "unique identifier in a v1 certificate",
        );
    }
    if c.subject().values_of(oids::EMAIL_ADDRESS).next().is_some() {
        out.should(
            "w_subject_contains_email_address",
            "RFC 5280 4.1.2.6",
            "emailAddress in subject; use subjectAltName",
        );
    }

    let exts = c.extensions();
    for p in exts.problems() {
        let rule = if p.kind() == crate::ErrorKind::UnknownCriticalExtension {
            "e_ext_unknown_critical"
        } else {
            "e_ext_malformed_value"
        };
        out.0.push(Finding { rule, severity: Severity::Error, clause: p.clause(), message: p.to_string() });
    }
    let get = |k: KnownOid| exts.get(k).and_then(|e| e.parsed().ok().map(|p| (e.critical(), p)));
    let bc = match get(oids::EXT_BASIC_CONSTRAINTS) {
        Some((crit, ParsedExtension::BasicConstraints(b))) => Some((crit, b)),
        _ => None,
    };
    let ku = match get(oids::EXT_KEY_USAGE) {
        Some((crit, ParsedExtension::KeyUsage(k))) => Some((crit, k)),
        _ => None,
    };
    let is_ca = bc.is_some_and(|(_, b)| b.ca);
    let san = get(oids::EXT_SUBJECT_ALT_NAME);

    // Subject and SAN (4.1.2.6, 4.2.1.6).
    if c.subject().is_empty() {
        match &san {
            None => out.must(
                "e_subject_empty_without_san",
                "RFC 5280 4.1.2.6",
                "empty subject and no subjectAltName",
            ),
            Some((false, _)) => out.must(
                "e_ext_san_not_critical_without_subject",
                "RFC 5280 4.2.1.6",
                "empty subject with a non-critical subjectAltName",
            ),
            _ => {}
        }
    }
    // AKI (4.2.1.1): present unless self-signed; never critical.
    match exts.get(oids::EXT_AUTHORITY_KEY_IDENTIFIER) {
        None if !c.is_self_issued() => out.must(
            "e_ext_authority_key_identifier_missing",
            "RFC 5280 4.2.1.1",
            "authorityKeyIdentifier missing in a certificate that is not self-issued",
        ),
        Some(e) if e.critical() => {
            out.must("e_ext_authority_key_identifier_critical", "RFC 5280 4.2.1.1", "AKI marked critical")
        }
        Some(e) => {
            if let Ok(ParsedExtension::AuthorityKeyIdentifier(a)) = e.parsed()
                && a.key_identifier.is_none()
                && is_ca
            {
                out.must(
                    "e_ext_authority_key_identifier_no_key_identifier",
                    "RFC 5280 4.2.1.1",
                    "AKI without keyIdentifier",
                );
            }
        }
        _ => {}
    }
    // SKI (4.2.1.2): MUST in CA certificates, SHOULD otherwise; never critical.
    match exts.get(oids::EXT_SUBJECT_KEY_IDENTIFIER) {
        None if is_ca => out.must(
            "e_ext_subject_key_identifier_missing_ca",
            "RFC 5280 4.2.1.2",
            "CA certificate without SKI",
        ),
        None => out.should("w_ext_subject_key_identifier_missing_sub_cert", "RFC 5280 4.2.1.2", "no SKI"),
        Some(e) if e.critical() => {
            out.must("e_ext_subject_key_identifier_critical", "RFC 5280 4.2.1.2", "SKI marked critical")
        }
        _ => {}
    }
    // basicConstraints (4.2.1.9).
    if let Some((crit, b)) = bc {
        if b.ca && !crit {
            out.must(
                "e_basic_constraints_not_critical",
                "RFC 5280 4.2.1.9",
                "cA TRUE but basicConstraints not critical",
            );
        }
        if b.path_len.is_some() && !(b.ca && ku.is_some_and(|(_, k)| k.has(KeyUsage::KEY_CERT_SIGN))) {
            out.must(
                "e_path_len_constraint_improperly_included",
                "RFC 5280 4.2.1.9",
                "pathLenConstraint without cA and keyCertSign",
            );
        }
    }
    // keyUsage (4.2.1.3).
    match ku {
        Some((crit, k)) => {
            if k.0 == 0 {
                out.must("e_ext_key_usage_without_bits", "RFC 5280 4.2.1.3", "keyUsage with no bit set");
            }
            if k.has(KeyUsage::KEY_CERT_SIGN) && !is_ca {
                out.must(
                    "e_ext_key_usage_cert_sign_without_ca",
                    "RFC 5280 4.2.1.9",
                    "keyCertSign without cA TRUE",
                );
            }
            if !crit {
                out.should("w_ext_key_usage_not_critical", "RFC 5280 4.2.1.3", "keyUsage not critical");
            }
            if is_ca && !k.has(KeyUsage::KEY_CERT_SIGN) {
                out.must(
                    "e_ca_key_cert_sign_not_set",
                    "RFC 5280 4.2.1.9",
                    "CA certificate without keyCertSign",
                );
            }
        }
        None if is_ca => {
            out.must("e_ca_key_usage_missing", "RFC 5280 4.2.1.3", "CA certificate without keyUsage")
        }
        None => {}
    }
    // Criticality rules of the other extensions.
    for (k, must_be, rule, clause) in [
        (oids::EXT_NAME_CONSTRAINTS, true, "e_ext_name_constraints_not_critical", "RFC 5280 4.2.1.10"),
        (oids::EXT_POLICY_CONSTRAINTS, true, "e_ext_policy_constraints_not_critical", "RFC 5280 4.2.1.11"),
        (oids::EXT_INHIBIT_ANY_POLICY, true, "e_inhibit_any_policy_not_critical", "RFC 5280 4.2.1.14"),
        (oids::EXT_AUTHORITY_INFO_ACCESS, false, "e_ext_aia_marked_critical", "RFC 5280 4.2.2.1"),
        (oids::EXT_SUBJECT_INFO_ACCESS, false, "e_ext_sia_marked_critical", "RFC 5280 4.2.2.2"),
        (oids::EXT_CRL_DISTRIBUTION_POINTS, false, "w_ext_cdp_marked_critical", "RFC 5280 4.2.1.13"),
        (oids::EXT_FRESHEST_CRL, false, "e_ext_freshest_crl_marked_critical", "RFC 5280 4.2.1.15"),
        (oids::EXT_POLICY_MAPPINGS, true, "w_ext_policy_map_not_critical", "RFC 5280 4.2.1.5"),
    ] {
        if let Some(e) = exts.get(k)
            && e.critical() != must_be
        {
            let msg = format!("{} {}critical", e.name(), if must_be { "not " } else { "" });
            if rule.starts_with('w') { out.should(rule, clause, msg) } else { out.must(rule, clause, msg) }
        }
    }
    if let Some((_, ParsedExtension::NameConstraints(nc))) = get(oids::EXT_NAME_CONSTRAINTS) {
        for st in nc.permitted.iter().chain(nc.excluded.iter()) {
            if st.minimum != 0 {
                out.must("e_name_constraint_minimum_non_zero", "RFC 5280 4.2.1.10", "minimum is not 0");
            }
            if st.maximum.is_some() {
                out.must("e_name_constraint_maximum_not_absent", "RFC 5280 4.2.1.10", "maximum is present");
            }
        }
        if nc.permitted.is_empty() && nc.excluded.is_empty() {
            out.must(
                "e_name_constraints_empty",
                "RFC 5280 4.2.1.10",
                "neither permitted nor excluded subtrees",
            );
        }
        if !is_ca {
            out.must(
                "e_name_constraints_not_ca",
                "RFC 5280 4.2.1.10",
                "nameConstraints in a non-CA certificate",
            );
        }
    }
    if let Some((_, ParsedExtension::PolicyMappings(m))) = get(oids::EXT_POLICY_MAPPINGS)
        && m.iter().any(|(a, b)| oids::ANY_POLICY.matches(a) || oids::ANY_POLICY.matches(b))
    {
        out.must("e_ext_policy_map_any_policy", "RFC 5280 4.2.1.5", "anyPolicy in a policy mapping");
    }
    if let Some((_, ParsedExtension::SubjectAltName(v))) = &san {
        for g in v {
            if let crate::GeneralName::IpAddress(b) = g
                && b.len() != 4
                && b.len() != 16
            {
                out.must(
                    "e_ext_san_ip_address_bad_length",
                    "RFC 5280 4.2.1.6",
                    "iPAddress not 4 or 16 octets",
                );
            }
            if let crate::GeneralName::DnsName(s) = g
                && (s.is_empty() || *s == " ")
            {
                out.must("e_ext_san_dns_name_empty", "RFC 5280 4.2.1.6", "empty dNSName");
            }
        }
    }
    out.0
}

/// Lints a CRL against RFC 5280 5.
#[must_use]
pub fn crl(c: &Crl<'_>) -> Vec<Finding> {
    let mut out = Out(Vec::new());
    signed_header(
        &mut out,
        [c.signature_algorithm(), c.tbs_signature_algorithm()],
        c.issuer(),
        ("e_crl_sig_alg_not_match_tbs_sig_alg", "RFC 5280 5.1.1.2"),
        ("e_crl_issuer_empty", "RFC 5280 5.1.2.3"),
    );
    time_encoding(&mut out, "thisUpdate", &c.this_update());
    match c.next_update() {
        Some(t) => time_encoding(&mut out, "nextUpdate", &t),
        None => out.must("e_crl_next_update_missing", "RFC 5280 5.1.2.5", "nextUpdate absent"),
    }
    if !c.extensions().is_empty() && c.version() != 2 {
        out.must("e_crl_extensions_version_not_2", "RFC 5280 5.1.2.1", "extensions in a v1 CRL");
    }
    if c.extensions().get(oids::EXT_AUTHORITY_KEY_IDENTIFIER).is_none() {
        out.must("e_crl_missing_authority_key_identifier", "RFC 5280 5.2.1", "no authorityKeyIdentifier");
    }
    match c.extensions().get(oids::EXT_CRL_NUMBER) {
        None => out.must("e_crl_missing_crl_number", "RFC 5280 5.2.3", "no cRLNumber"),
        Some(e) if e.critical() => {
            out.must("e_crl_number_critical", "RFC 5280 5.2.3", "cRLNumber marked critical")
        }
        Some(e) => {
            if let Ok(ParsedExtension::CrlNumber(n)) = e.parsed()
                && n.as_bytes().len() > 20
            {
                out.must(
                    "e_crl_number_longer_than_20_octets",
                    "RFC 5280 5.2.3",
                    "cRLNumber longer than 20 octets",
                );
            }
        }
    }
    for p in c.extensions().problems() {
        out.0.push(Finding {
            rule: "e_ext_malformed_value",
            severity: Severity::Error,
            clause: p.clause(),
            message: p.to_string(),
        });
    }
    for r in c.revoked() {
        serial_checks(&mut out, r.serial, "RFC 5280 5.1.2.6");
        time_encoding(&mut out, "revocationDate", &r.revocation_date);
        for p in r.extensions.problems() {
            out.0.push(Finding {
                rule: "e_ext_malformed_value",
                severity: Severity::Error,
                clause: p.clause(),
                message: p.to_string(),
            });
        }
    }
    out.0
}

/// PKCS #9 attribute types a request may carry (RFC 2985 5.4, 5.5): unstructuredName,
/// challengePassword, unstructuredAddress, extensionRequest.
const KNOWN_CSR_ATTRIBUTES: [&str; 4] =
    ["1.2.840.113549.1.9.2", "1.2.840.113549.1.9.7", "1.2.840.113549.1.9.8", "1.2.840.113549.1.9.14"];

/// Lints a certification request against RFC 2986 and the PKCS #9 attribute definitions of
/// RFC 2985. The version (RFC 2986 4.1: 0) and the single value of extensionRequest
/// (RFC 2985 5.4.2) are already enforced by [`Csr::from_der`], as are well-formed, unique
/// extensions in it (RFC 5280 4.2); the lint adds:
///
/// - `e_csr_signature_invalid`: the self-signature does not verify (RFC 2986 4.2; needs
///   feature `verify`, else not checked), `w_csr_signature_algorithm_unsupported` when the
///   backend cannot check it;
/// - `e_csr_attribute_repeated`: two attributes of one type (X.501 `Attributes` is a set of
///   types; RFC 2986 4.1);
/// - `e_csr_challenge_password_not_single_valued`, `e_csr_challenge_password_not_directory_string`,
///   `e_csr_challenge_password_too_long` (RFC 2985 5.4.1: SINGLE VALUE, DirectoryString, at
///   most 255 characters);
/// - `w_csr_unknown_attribute`: a type that is not a PKCS #9 request attribute;
/// - `w_csr_subject_empty_without_san`: empty subject and no subjectAltName requested (the
///   certificate would break RFC 5280 4.1.2.6);
/// - `w_csr_rsa_key_smaller_than_2048` and `w_csr_sha1_signature` (NIST SP 800-131A Rev. 2).
///
/// ```
/// use sg17_x509::{Csr, lint};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/x509/csr/csr-rsa-san.der"))?;
/// let findings = lint::csr(&Csr::from_der(&der)?);
/// assert!(findings.is_empty(), "{findings:?}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn csr(c: &Csr<'_>) -> Vec<Finding> {
    let mut out = Out(Vec::new());
    #[cfg(feature = "verify")]
    match c.verify_signature() {
        Ok(()) => {}
        Err(crate::verify::VerifyError::UnsupportedAlgorithm(a)) => out.should(
            "w_csr_signature_algorithm_unsupported",
            "RFC 2986 4.2",
            format!("signature not checked: unsupported algorithm {a}"),
        ),
        Err(e) => out.must("e_csr_signature_invalid", "RFC 2986 4.2", format!("self-signature: {e}")),
    }

    let mut seen: Vec<sg17_asn1::ObjectIdentifier<'_>> = Vec::new();
    for a in c.attributes() {
        let dotted = a.oid.to_string();
        if seen.contains(&a.oid) {
            out.must("e_csr_attribute_repeated", "RFC 2986 4.1", format!("attribute {dotted} appears twice"));
        } else {
            seen.push(a.oid);
        }
        if oids::CHALLENGE_PASSWORD.matches(&a.oid) {
            challenge_password(&mut out, &a.values);
        } else if !KNOWN_CSR_ATTRIBUTES.contains(&dotted.as_str()) {
            out.should(
                "w_csr_unknown_attribute",
                "RFC 2985 5.4",
                format!("attribute type {dotted} not known"),
            );
        }
    }
    if c.subject().is_empty() && c.extensions().get(oids::EXT_SUBJECT_ALT_NAME).is_none() {
        out.should(
            "w_csr_subject_empty_without_san",
            "RFC 5280 4.1.2.6",
            "empty subject and no subjectAltName in extensionRequest",
        );
    }
    if let Ok(crate::PublicKey::Rsa { .. }) = c.public_key().parsed()
        && let Some(bits) = c.public_key().bits()
        && bits < 2048
    {
        out.should(
            "w_csr_rsa_key_smaller_than_2048",
            "NIST SP 800-131A Rev. 2 3",
            format!("{bits}-bit RSA key"),
        );
    }
    let alg = c.signature_algorithm();
    if [oids::SHA1_WITH_RSA, oids::ECDSA_WITH_SHA1, oids::DSA_WITH_SHA1].iter().any(|k| alg.is(*k)) {
        out.should(
            "w_csr_sha1_signature",
            "NIST SP 800-131A Rev. 2 5",
            format!("signed with {}", alg.name()),
        );
    }
    for p in c.extensions().problems() {
        let rule = if p.kind() == crate::ErrorKind::UnknownCriticalExtension {
            "e_ext_unknown_critical"
        } else {
            "e_ext_malformed_value"
        };
        out.0.push(Finding { rule, severity: Severity::Error, clause: p.clause(), message: p.to_string() });
    }
    out.0
}

/// RFC 2985 5.4.1: `challengePassword` is SINGLE VALUE, of syntax
/// `DirectoryString {pkcs-9-ub-challengePassword}` (X.520: TeletexString, PrintableString,
/// UniversalString, UTF8String or BMPString), at most 255 characters.
fn challenge_password(out: &mut Out, values: &sg17_asn1::Tlv<'_>) {
    use sg17_asn1::Tag;
    const CLAUSE: &str = "RFC 2985 5.4.1";
    let Ok(mut r) = values.reader() else { return };
    let mut n = 0;
    while let Ok(Some(v)) = r.read_tlv() {
        n += 1;
        let directory = [
            Tag::TELETEX_STRING,
            Tag::PRINTABLE_STRING,
            Tag::UNIVERSAL_STRING,
            Tag::UTF8_STRING,
            Tag::BMP_STRING,
        ];
        if !directory.contains(&v.tag()) {
            out.must(
                "e_csr_challenge_password_not_directory_string",
                CLAUSE,
                format!("challengePassword is {}, not a DirectoryString", v.tag()),
            );
            continue;
        }
        let chars = match v.tag() {
            Tag::UNIVERSAL_STRING => v.contents().len() / 4,
            Tag::BMP_STRING => v.contents().len() / 2,
            Tag::UTF8_STRING => v.contents().iter().filter(|&&b| b & 0xC0 != 0x80).count(),
            _ => v.contents().len(),
        };
        if chars > 255 {
            out.must(
                "e_csr_challenge_password_too_long",
                CLAUSE,
                format!("challengePassword has {chars} characters (at most 255)"),
            );
        }
    }
    if n != 1 {
        out.must(
            "e_csr_challenge_password_not_single_valued",
            CLAUSE,
            format!("challengePassword has {n} values"),
        );
    }
}
