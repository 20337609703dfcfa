//! x509-limbo (C2SP) side by side: the bundled suite through sg17's `limbo` harness and through
//! rustls-webpki 0.103 (ring backend) in the same test, with per-namespace pass counts.
//!
//! The expected results are limbo's own (`expected_result` of each case). A case counts as
//! passed when a harness's result equals it; a case the webpki harness cannot express is
//! SKIPPED and counted separately (it is neither passed nor failed).
//!
//! Mapping of limbo fields to rustls-webpki:
//! - `trusted_certs` -> `webpki::anchor_from_trusted_cert` (certificates it rejects are dropped,
//!   as sg17's harness drops anchors it cannot parse);
//! - `untrusted_intermediates` -> the intermediate pool; `peer_certificate` -> `EndEntityCert`;
//! - `validation_time` (or the fixed "now" both harnesses share) -> `UnixTime`;
//! - `extended_key_usage` (or `validation_kind` when empty) -> `KeyUsage::server_auth()` /
//!   `client_auth()`;
//! - `crls` -> `RevocationOptions` (whole chain, unknown status allowed, nextUpdate enforced),
//!   which is the soft-fail behaviour sg17's harness uses by default;
//! - `expected_peer_name` DNS/IP -> `verify_is_valid_for_subject_name`.
//!
//! SKIPPED for webpki: RFC822 peer names (webpki has no e-mail reference identifiers),
//! `max_chain_depth` (webpki's depth limit is fixed, not a caller option), leaf `key_usage`
//! (webpki does not check keyUsage), `signature_algorithms`, and EKUs other than
//! serverAuth/clientAuth.
//!
//! Print the table: `cargo test -p sg17-cli --test limbo_webpki -- --nocapture`

use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use sg17_cli::limbo::{self, CaseResult, TestCase};
use std::collections::BTreeMap;
use std::time::Duration;
use webpki::{
    BorrowedCertRevocationList, CertRevocationList, EndEntityCert, ExpirationPolicy, KeyUsage,
    RevocationCheckDepth, RevocationOptionsBuilder, UnknownStatusPolicy,
};

/// "Now" for cases without a validation time (2026-01-01T00:00:00Z), the same value the sg17
/// limbo test uses, so both harnesses see the same time and the run is reproducible.
const NOW: i64 = 1_767_225_600;

fn vectors() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors/x509-limbo")
}

fn ders(pems: &[String]) -> Vec<Vec<u8>> {
    pems.iter().filter_map(|p| sg17_x509::pem::iter(p).next()?.ok().map(|b| b.der)).collect()
}

/// Runs one case through rustls-webpki.
fn webpki_case(case: &TestCase) -> CaseResult {
    let result = |r: &str, ctx: String| CaseResult {
        id: case.id.clone(),
        actual_result: r.into(),
        context: Some(ctx),
    };
    let Some(time) = case.validation_time.as_deref().map_or(Some(NOW), sg17_cli::input::parse_rfc3339) else {
        return result("SKIPPED", "unparsed validation_time".into());
    };
    let Ok(time) = u64::try_from(time) else { return result("SKIPPED", "time before 1970".into()) };
    if !case.signature_algorithms.is_empty() {
        return result("SKIPPED", "signature_algorithms: no webpki equivalent mapped".into());
    }
    if !case.key_usage.is_empty() {
        return result("SKIPPED", "key_usage: webpki does not check keyUsage".into());
    }
    if case.max_chain_depth.is_some() {
        return result("SKIPPED", "max_chain_depth: webpki's depth limit is not configurable".into());
    }
    let usage = match case.extended_key_usage.first().map(String::as_str) {
        Some("serverAuth") => KeyUsage::server_auth(),
        Some("clientAuth") => KeyUsage::client_auth(),
        Some(other) => return result("SKIPPED", format!("extended key usage {other}")),
        None if case.validation_kind == "CLIENT" => KeyUsage::client_auth(),
        None => KeyUsage::server_auth(),
    };
    let name = match &case.expected_peer_name {
        None => None,
        Some(p) if p.kind == "DNS" => match ServerName::try_from(p.value.as_str()) {
            Ok(n) => Some(n.to_owned()),
            Err(e) => return result("FAILURE", format!("reference name {:?}: {e}", p.value)),
        },
        Some(p) if p.kind == "IP" => match p.value.parse::<std::net::IpAddr>() {
            Ok(ip) => Some(ServerName::IpAddress(ip.into())),
            Err(_) => return result("SKIPPED", "unparsed IP".into()),
        },
        Some(p) => return result("SKIPPED", format!("peer name kind {}: not supported by webpki", p.kind)),
    };

    let anchor_der: Vec<CertificateDer<'static>> =
        ders(&case.trusted_certs).into_iter().map(CertificateDer::from).collect();
    let anchors: Vec<_> =
        anchor_der.iter().filter_map(|d| webpki::anchor_from_trusted_cert(d).ok()).collect();
    let inters: Vec<CertificateDer<'static>> =
        ders(&case.untrusted_intermediates).into_iter().map(CertificateDer::from).collect();
    let crl_der = ders(&case.crls);
    let mut crls: Vec<CertRevocationList<'_>> = Vec::new();
    for d in &crl_der {
        match BorrowedCertRevocationList::from_der(d) {
            Ok(c) => crls.push(c.into()),
            Err(e) => return result("FAILURE", format!("CRL: {e}")),
        }
    }
    let crl_refs: Vec<&CertRevocationList<'_>> = crls.iter().collect();
    let revocation = RevocationOptionsBuilder::new(&crl_refs).ok().map(|b| {
        b.with_depth(RevocationCheckDepth::Chain)
            .with_status_policy(UnknownStatusPolicy::Allow)
            .with_expiration_policy(ExpirationPolicy::Enforce)
            .build()
    });
    let Some(leaf_der) = ders(std::slice::from_ref(&case.peer_certificate)).pop() else {
        return result("FAILURE", "leaf PEM".into());
    };
    let leaf_der = CertificateDer::from(leaf_der);
    let leaf = match EndEntityCert::try_from(&leaf_der) {
        Ok(c) => c,
        Err(e) => return result("FAILURE", format!("leaf: {e}")),
    };
    let verified = leaf.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &anchors,
        &inters,
        UnixTime::since_unix_epoch(Duration::from_secs(time)),
        usage,
        revocation,
        None,
    );
    if let Err(e) = verified {
        return result("FAILURE", e.to_string());
    }
    if let Some(n) = &name
        && let Err(e) = leaf.verify_is_valid_for_subject_name(n)
    {
        return result("FAILURE", format!("name: {e}"));
    }
    result("SUCCESS", "verified".into())
}

#[derive(Default)]
struct Row {
    cases: usize,
    sg17: usize,
    webpki: usize,
    webpki_skipped: usize,
}

#[test]
fn limbo_sg17_and_rustls_webpki_side_by_side() {
    let suite: limbo::Suite =
        serde_json::from_slice(&std::fs::read(vectors().join("limbo.json")).unwrap()).unwrap();
    let sg17 = limbo::run(&suite, NOW);
    let webpki: Vec<CaseResult> = suite.testcases.iter().map(webpki_case).collect();

    // Both harnesses produced exactly one result per case, in order, of a known kind.
    assert_eq!(sg17.results.len(), suite.testcases.len());
    assert_eq!(webpki.len(), suite.testcases.len());
    for ((c, s), w) in suite.testcases.iter().zip(&sg17.results).zip(&webpki) {
        assert_eq!((&s.id, &w.id), (&c.id, &c.id));
        for r in [s, w] {
            assert!(["SUCCESS", "FAILURE", "SKIPPED"].contains(&r.actual_result.as_str()), "{r:?}");
        }
    }

    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for ((c, s), w) in suite.testcases.iter().zip(&sg17.results).zip(&webpki) {
        let row = rows.entry(c.id.split("::").next().unwrap_or("").to_owned()).or_default();
        row.cases += 1;
        row.sg17 += usize::from(s.actual_result == c.expected_result);
        if w.actual_result == "SKIPPED" {
            row.webpki_skipped += 1;
        } else {
            row.webpki += usize::from(w.actual_result == c.expected_result);
        }
    }
    let mut total = Row::default();
    println!("| namespace | cases | sg17 | rustls-webpki | webpki skipped |");
    println!("|---|---:|---:|---:|---:|");
    for (ns, r) in &rows {
        println!("| {ns} | {} | {} | {} | {} |", r.cases, r.sg17, r.webpki, r.webpki_skipped);
        total.cases += r.cases;
        total.sg17 += r.sg17;
        total.webpki += r.webpki;
        total.webpki_skipped += r.webpki_skipped;
    }
    println!(
        "| **total** | {} | {} | {} | {} |",
        total.cases, total.sg17, total.webpki, total.webpki_skipped
    );
    println!("\nCases where the two harnesses disagree (webpki SKIPPED cases left out):");
    for ((c, s), w) in suite.testcases.iter().zip(&sg17.results).zip(&webpki) {
        if w.actual_result != "SKIPPED" && s.actual_result != w.actual_result {
            println!(
                "- {} (expected {}): sg17 {} [{}]; webpki {} [{}]",
                c.id,
                c.expected_result,
                s.actual_result,
                s.context.as_deref().unwrap_or(""),
                w.actual_result,
                w.context.as_deref().unwrap_or("")
            );
        }
    }
    println!("\nwebpki SKIPPED:");
    for w in webpki.iter().filter(|w| w.actual_result == "SKIPPED") {
        println!("- {}: {}", w.id, w.context.as_deref().unwrap_or(""));
    }

    // sg17 passes at least as many cases as the recorded baseline lists (the per-case
    // no-regression check is in tests/limbo.rs).
    let baseline: serde_json::Value =
        serde_json::from_slice(&std::fs::read(vectors().join("baseline.json")).unwrap()).unwrap();
    let baseline_len = baseline["passing"].as_array().unwrap().len();
    assert!(total.sg17 >= baseline_len, "sg17 passes {} < baseline {baseline_len}", total.sg17);
    // The webpki harness skips only the case kinds listed in the module docs.
    for w in webpki.iter().filter(|w| w.actual_result == "SKIPPED") {
        let why = w.context.as_deref().unwrap_or("");
        assert!(
            ["peer name kind RFC822", "max_chain_depth", "key_usage"].iter().any(|k| why.starts_with(k)),
            "unexpected skip {}: {why}",
            w.id
        );
    }
}
