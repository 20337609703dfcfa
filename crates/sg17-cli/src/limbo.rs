//! An x509-limbo harness (C2SP/x509-limbo): runs each test case of a `limbo.json` through
//! [`sg17_x509::path`] and writes limbo's result format
//! `{version: 1, harness, results: [{id, actual_result, context}]}`.

use crate::input::parse_rfc3339;
use serde::{Deserialize, Serialize};
use sg17_x509::path::{ExpectedName, Options, Profile, Verifier};
use sg17_x509::{Certificate, Crl, oids, pem};
use std::collections::BTreeMap;

/// A limbo test suite (the fields this harness uses).
#[derive(Debug, Deserialize)]
pub struct Suite {
    /// Format version (1).
    pub version: u32,
    /// The test cases.
    pub testcases: Vec<TestCase>,
}

/// The expected peer name of a case.
#[derive(Debug, Deserialize)]
pub struct PeerName {
    /// DNS, IP or RFC822.
    pub kind: String,
    /// The name.
    pub value: String,
}

/// One limbo test case.
#[derive(Debug, Deserialize)]
pub struct TestCase {
    /// `namespace::name`.
    pub id: String,
    /// Feature tags.
    #[serde(default)]
    pub features: Vec<String>,
    /// SERVER or CLIENT.
    pub validation_kind: String,
    /// PEM trust anchors.
    pub trusted_certs: Vec<String>,
    /// PEM intermediates.
    pub untrusted_intermediates: Vec<String>,
    /// PEM leaf.
    pub peer_certificate: String,
    /// RFC 3339 time, or null for "now".
    pub validation_time: Option<String>,
    /// Allowed signature algorithm names (empty: any).
    #[serde(default)]
    pub signature_algorithms: Vec<String>,
    /// Required leaf key usages.
    #[serde(default)]
    pub key_usage: Vec<String>,
    /// Required leaf extended key usages.
    #[serde(default)]
    pub extended_key_usage: Vec<String>,
    /// SUCCESS or FAILURE.
    pub expected_result: String,
    /// Name the leaf must match.
    pub expected_peer_name: Option<PeerName>,
    /// Most intermediates allowed.
    pub max_chain_depth: Option<usize>,
    /// PEM CRLs.
    #[serde(default)]
    pub crls: Vec<String>,
}

/// One result line in limbo's format.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CaseResult {
    /// The case id.
    pub id: String,
    /// SUCCESS, FAILURE or SKIPPED.
    pub actual_result: String,
    /// Why (the error, or what was skipped).
    pub context: Option<String>,
}

/// The whole result file.
#[derive(Debug, Serialize, Deserialize)]
pub struct Results {
    /// Format version (1).
    pub version: u32,
    /// Harness name.
    pub harness: String,
    /// One per case.
    pub results: Vec<CaseResult>,
}

/// The profile a case runs under: limbo's `webpki::` namespace holds the Web PKI rules, which
/// conflict with some `rfc5280::` cases (limbo's `conflicts_with`); everything else runs under
/// [`Profile::Strict`].
#[must_use]
pub fn profile_for(id: &str) -> Profile {
    if id.starts_with("webpki::") { Profile::WebPki } else { Profile::Strict }
}

fn pem_der(text: &str) -> Option<Vec<u8>> {
    pem::iter(text).next()?.ok().map(|p| p.der)
}

fn key_usage_bit(name: &str) -> Option<u16> {
    // RFC 5280 4.2.1.3 bit order.
    const NAMES: [&str; 9] = [
        "digitalSignature",
        "contentCommitment",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly",
    ];
    let i = NAMES.iter().position(|n| *n == name)?;
    Some(1 << i)
}

fn eku_oid(name: &str) -> Option<oids::KnownOid> {
    Some(match name {
        "serverAuth" => oids::KP_SERVER_AUTH,
        "clientAuth" => oids::KP_CLIENT_AUTH,
        "codeSigning" => oids::KP_CODE_SIGNING,
        "emailProtection" => oids::KP_EMAIL_PROTECTION,
        "timeStamping" => oids::KP_TIME_STAMPING,
        "OCSPSigning" => oids::KP_OCSP_SIGNING,
        "anyExtendedKeyUsage" => oids::ANY_EXTENDED_KEY_USAGE,
        _ => return None,
    })
}

/// Runs one case.
#[must_use]
pub fn run_case(case: &TestCase, now: i64) -> CaseResult {
    let result = |r: &str, ctx: String| CaseResult {
        id: case.id.clone(),
        actual_result: r.into(),
        context: Some(ctx),
    };
    let Some(time) = case.validation_time.as_deref().map_or(Some(now), parse_rfc3339) else {
        return result("SKIPPED", "unparsed validation_time".into());
    };
    if !case.signature_algorithms.is_empty() {
        return result("SKIPPED", "signature_algorithms constraint not mapped".into());
    }
    let mut opts = Options::at(time).profile(profile_for(&case.id));
    let purpose = match case.extended_key_usage.first() {
        Some(n) => eku_oid(n),
        None if case.validation_kind == "CLIENT" => Some(oids::KP_CLIENT_AUTH),
        None => Some(oids::KP_SERVER_AUTH),
    };
    let Some(purpose) = purpose else { return result("SKIPPED", "unknown extended key usage".into()) };
    opts = opts.purpose(purpose);
    let mut ku = 0;
    for k in &case.key_usage {
        let Some(b) = key_usage_bit(k) else { return result("SKIPPED", format!("unknown key usage {k}")) };
        ku |= b;
    }
    opts = opts.key_usage(ku);
    if let Some(d) = case.max_chain_depth {
        opts = opts.max_intermediates(d);
    }
    if let Some(p) = &case.expected_peer_name {
        let name = match p.kind.as_str() {
            "DNS" => ExpectedName::Dns(p.value.clone()),
            "RFC822" => ExpectedName::Email(p.value.clone()),
            "IP" => match p.value.parse() {
                Ok(ip) => ExpectedName::Ip(ip),
                Err(_) => return result("SKIPPED", "unparsed IP".into()),
            },
            k => return result("SKIPPED", format!("peer name kind {k}")),
        };
        opts = opts.expected_name(name);
    }

    let decode_all = |pems: &[String]| pems.iter().filter_map(|p| pem_der(p)).collect::<Vec<_>>();
    let anchor_der = decode_all(&case.trusted_certs);
    let inter_der = decode_all(&case.untrusted_intermediates);
    let crl_der = decode_all(&case.crls);
    // Certificates that do not parse cannot be anchors or issuers; the leaf failing to parse fails the case.
    let anchors: Vec<Certificate<'_>> =
        anchor_der.iter().filter_map(|d| Certificate::from_der(d).ok()).collect();
    let inters: Vec<Certificate<'_>> =
        inter_der.iter().filter_map(|d| Certificate::from_der(d).ok()).collect();
    let mut crls = Vec::new();
    for d in &crl_der {
        match Crl::from_der(d) {
            Ok(c) => crls.push(c),
            Err(e) => return result("FAILURE", format!("CRL: {e}")),
        }
    }
    let Some(leaf_der) = pem_der(&case.peer_certificate) else {
        return result("FAILURE", "leaf PEM".into());
    };
    let leaf = match Certificate::from_der(&leaf_der) {
        Ok(c) => c,
        Err(e) => return result("FAILURE", format!("leaf: {e}")),
    };
    match Verifier::new(&anchors).with_intermediates(&inters).with_crls(&crls).verify(&leaf, &opts) {
        Ok(p) => result("SUCCESS", format!("path of {} certificates", p.len())),
        Err(e) => result("FAILURE", e.to_string()),
    }
}

/// Runs every case of `suite` (cases run independently; `now` is used where a case has no time).
#[must_use]
pub fn run(suite: &Suite, now: i64) -> Results {
    Results {
        version: 1,
        harness: "sg17".into(),
        results: suite.testcases.iter().map(|c| run_case(c, now)).collect(),
    }
}

/// Pass counts per namespace (the part of the id before the first `::`): (passed, total),
/// where a case passes when its actual result equals the expected one.
#[must_use]
pub fn pass_rates(suite: &Suite, results: &Results) -> BTreeMap<String, (usize, usize)> {
    let mut m: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (c, r) in suite.testcases.iter().zip(&results.results) {
        let ns = c.id.split("::").next().unwrap_or("").to_owned();
        let e = m.entry(ns).or_default();
        e.1 += 1;
        if c.expected_result == r.actual_result {
            e.0 += 1;
        }
    }
    m
}
