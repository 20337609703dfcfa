//! Differential path validation: sg17 ([`Profile::WebPki`], purpose serverAuth, a DNS reference
//! name) against rustls-webpki 0.103 (`KeyUsage::server_auth()` +
//! `verify_is_valid_for_subject_name`) on a matrix of generated root -> intermediates -> leaf
//! chains.
//!
//! Oracle: rustls-webpki, an independent implementation. The two must agree on accept/reject
//! for every case, except the cases in [`known_difference`], where the rules differ on purpose;
//! each of those records both outcomes and the rule behind it, and the test fails if either
//! side stops producing the recorded outcome (so the list cannot go stale silently).
//!
//! Chains are generated in the test with rcgen (ring signer) from fixed P-256 keys (scalars
//! `[k; 32]`, PKCS#8 through the `p256` crate), so keys, names, serials and extensions are the
//! same on every run; ECDSA signatures are randomised by ring, which does not change any outcome.

use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType, ExtendedKeyUsagePurpose,
    GeneralSubtree, IsCa, Issuer, KeyPair, KeyUsagePurpose, NameConstraints, SanType,
};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use sg17_x509::Certificate;
use sg17_x509::oids;
use sg17_x509::path::{Options, Profile, Verifier};
use std::time::Duration;

/// Validation time: 2026-01-01T00:00:00Z.
const NOW: i64 = 1_767_225_600;

/// A fixed P-256 key: secret scalar `[k; 32]` (below the group order for k < 0xff).
fn key(k: u8) -> KeyPair {
    use p256::pkcs8::EncodePrivateKey;
    let sk = p256::SecretKey::from_bytes(&[k; 32].into()).expect("scalar in range");
    let der = sk.to_pkcs8_der().expect("PKCS#8");
    KeyPair::try_from(der.as_bytes()).expect("rcgen accepts the key")
}

type Tweak = Box<dyn Fn(&mut CertificateParams)>;

/// One generated chain and the question asked of it.
struct Case {
    name: String,
    /// Intermediates between leaf and root (index 1 issues the leaf, index `n` is issued by the root).
    n: usize,
    /// The reference name given to both validators.
    dns: &'static str,
    root: Vec<Tweak>,
    inter: Vec<(usize, Tweak)>,
    leaf: Vec<Tweak>,
    /// Sign this certificate (0 = leaf, i = intermediate i) with an unrelated key.
    wrong_signer: Option<usize>,
}

impl Case {
    fn new(name: &str, n: usize) -> Self {
        Case {
            name: format!("{name}/{n}-intermediates"),
            n,
            dns: "www.example.com",
            root: Vec::new(),
            inter: Vec::new(),
            leaf: Vec::new(),
            wrong_signer: None,
        }
    }
    fn base(&self) -> &str {
        self.name.split('/').next().unwrap_or("")
    }
    fn root(mut self, f: impl Fn(&mut CertificateParams) + 'static) -> Self {
        self.root.push(Box::new(f));
        self
    }
    fn inter(mut self, i: usize, f: impl Fn(&mut CertificateParams) + 'static) -> Self {
        self.inter.push((i, Box::new(f)));
        self
    }
    fn leaf(mut self, f: impl Fn(&mut CertificateParams) + 'static) -> Self {
        self.leaf.push(Box::new(f));
        self
    }
    fn dns(mut self, d: &'static str) -> Self {
        self.dns = d;
        self
    }
    fn wrong_signer(mut self, i: usize) -> Self {
        self.wrong_signer = Some(i);
        self
    }
}

fn dn(cn: &str) -> DistinguishedName {
    let mut d = DistinguishedName::new();
    d.push(DnType::CommonName, cn);
    d
}

fn ca_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = dn(cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = rcgen::date_time_ymd(2027, 1, 1);
    p
}

fn set_sans(p: &mut CertificateParams, sans: &[&str]) {
    p.subject_alt_names = sans
        .iter()
        .map(|s| match s.parse() {
            Ok(ip) => SanType::IpAddress(ip),
            Err(_) => SanType::DnsName((*s).try_into().expect("IA5 name")),
        })
        .collect();
    // CA/B BR 7.1.4.3: the subject CN, when present, is one of the SAN values.
    p.distinguished_name = sans.first().map_or_else(DistinguishedName::new, |s| dn(s));
}

/// DER of root, intermediates (index 1 first) and leaf.
struct Chain {
    root: Vec<u8>,
    inters: Vec<Vec<u8>>,
    leaf: Vec<u8>,
}

fn build(case: &Case) -> Chain {
    let root_key = key(1);
    let wrong_key = key(90);
    let mut root_p = ca_params("Differential Root");
    for t in &case.root {
        t(&mut root_p);
    }
    let root = root_p.self_signed(&root_key).unwrap();
    // Issuer of the next certificate down: (params, key).
    let mut parent_p = root_p;
    let mut parent_k = root_key;
    let mut inters = Vec::new();
    for i in (1..=case.n).rev() {
        let k = key(10 + u8::try_from(i).unwrap());
        let mut p = ca_params(&format!("Differential Intermediate {i}"));
        p.use_authority_key_identifier_extension = true;
        for (j, t) in &case.inter {
            if *j == i {
                t(&mut p);
            }
        }
        if p.is_ca == IsCa::NoCa {
            // rcgen writes SKI only with basicConstraints; keep it so that the case tests the
            // missing basicConstraints (RFC 5280 6.1.4(k)) and not the missing SKI (4.2.1.2).
            let ski = p.key_identifier(&k);
            let mut ext = vec![0x04, u8::try_from(ski.len()).unwrap()];
            ext.extend_from_slice(&ski);
            p.custom_extensions.push(CustomExtension::from_oid_content(&[2, 5, 29, 14], ext));
        }
        let signer = if case.wrong_signer == Some(i) { &wrong_key } else { &parent_k };
        let der = p.signed_by(&k, &Issuer::from_params(&parent_p, signer)).unwrap().der().to_vec();
        inters.push(der);
        parent_p = p;
        parent_k = k;
    }
    inters.reverse();
    let leaf_k = key(50);
    let mut p = CertificateParams::default();
    set_sans(&mut p, &["www.example.com"]);
    p.is_ca = IsCa::NoCa;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.not_before = rcgen::date_time_ymd(2025, 6, 1);
    p.not_after = rcgen::date_time_ymd(2026, 6, 1);
    p.use_authority_key_identifier_extension = true;
    for t in &case.leaf {
        t(&mut p);
    }
    let signer = if case.wrong_signer == Some(0) { &wrong_key } else { &parent_k };
    let leaf = p.signed_by(&leaf_k, &Issuer::from_params(&parent_p, signer)).unwrap().der().to_vec();
    Chain { root: root.der().to_vec(), inters, leaf }
}

fn sg17_accepts(c: &Chain, dns: &str) -> Result<(), String> {
    let anchors = [Certificate::from_der(&c.root).map_err(|e| e.to_string())?];
    let inters: Vec<_> = c
        .inters
        .iter()
        .map(|d| Certificate::from_der(d))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let leaf = Certificate::from_der(&c.leaf).map_err(|e| e.to_string())?;
    let opts = Options::at(NOW).purpose(oids::KP_SERVER_AUTH).dns_name(dns).profile(Profile::WebPki);
    Verifier::new(&anchors)
        .with_intermediates(&inters)
        .verify(&leaf, &opts)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn webpki_accepts(c: &Chain, dns: &str) -> Result<(), String> {
    let root = CertificateDer::from(c.root.as_slice());
    let anchors = [webpki::anchor_from_trusted_cert(&root).map_err(|e| format!("anchor: {e}"))?];
    let inters: Vec<_> = c.inters.iter().map(|d| CertificateDer::from(d.as_slice())).collect();
    let leaf_der = CertificateDer::from(c.leaf.as_slice());
    let leaf = webpki::EndEntityCert::try_from(&leaf_der).map_err(|e| format!("leaf: {e}"))?;
    let time = UnixTime::since_unix_epoch(Duration::from_secs(NOW.unsigned_abs()));
    leaf.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &anchors,
        &inters,
        time,
        webpki::KeyUsage::server_auth(),
        None,
        None,
    )
    .map_err(|e| format!("{e:?}"))?;
    let name = ServerName::try_from(dns).map_err(|e| e.to_string())?;
    leaf.verify_is_valid_for_subject_name(&name).map_err(|e| format!("{e:?}"))
}

fn validity(p: &mut CertificateParams, from: (i32, u8, u8), to: (i32, u8, u8)) {
    p.not_before = rcgen::date_time_ymd(from.0, from.1, from.2);
    p.not_after = rcgen::date_time_ymd(to.0, to.1, to.2);
}

fn dns_nc(permitted: &[&str], excluded: &[&str]) -> Option<NameConstraints> {
    let t = |v: &[&str]| v.iter().map(|d| GeneralSubtree::DnsName((*d).to_owned())).collect();
    Some(NameConstraints { permitted_subtrees: t(permitted), excluded_subtrees: t(excluded) })
}

/// The case matrix: every variant at 0..=3 intermediates where it applies.
fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    for n in 0..=3 {
        let c = |name: &str| Case::new(name, n);
        v.push(c("valid"));
        v.push(c("leaf-expired").leaf(|p| validity(p, (2024, 1, 1), (2025, 6, 1))));
        v.push(c("leaf-not-yet-valid").leaf(|p| validity(p, (2026, 6, 1), (2027, 6, 1))));
        v.push(c("root-expired").root(|p| validity(p, (2020, 1, 1), (2025, 6, 1))));
        v.push(c("root-not-yet-valid").root(|p| validity(p, (2026, 6, 1), (2030, 1, 1))));
        v.push(
            c("leaf-eku-client-only")
                .leaf(|p| p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth]),
        );
        v.push(c("leaf-eku-server-and-client").leaf(|p| {
            p.extended_key_usages =
                vec![ExtendedKeyUsagePurpose::ClientAuth, ExtendedKeyUsagePurpose::ServerAuth]
        }));
        v.push(c("leaf-eku-none").leaf(|p| p.extended_key_usages.clear()));
        v.push(c("leaf-eku-any-only").leaf(|p| p.extended_key_usages = vec![ExtendedKeyUsagePurpose::Any]));
        v.push(c("san-dns-mismatch").dns("mail.example.com"));
        v.push(c("san-dns-case-insensitive").dns("WWW.Example.COM"));
        v.push(c("san-wildcard-match").leaf(|p| set_sans(p, &["*.example.com"])));
        v.push(c("san-wildcard-two-labels").leaf(|p| set_sans(p, &["*.example.com"])).dns("a.b.example.com"));
        v.push(c("san-wildcard-apex").leaf(|p| set_sans(p, &["*.example.com"])).dns("example.com"));
        v.push(c("san-second-entry-match").leaf(|p| set_sans(p, &["a.example.org", "www.example.com"])));
        v.push(c("san-ip-only").leaf(|p| set_sans(p, &["192.0.2.1"])));
        v.push(c("leaf-is-ca").leaf(|p| p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained)));
        v.push(c("leaf-explicit-not-ca").leaf(|p| p.is_ca = IsCa::ExplicitNoCa));
        v.push(c("leaf-wrong-signer").wrong_signer(0));
        v.push(c("root-pathlen-0").root(|p| p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0))));
        v.push(c("root-nc-permitted-match").root(|p| p.name_constraints = dns_nc(&["example.com"], &[])));
        v.push(c("root-nc-permitted-mismatch").root(|p| p.name_constraints = dns_nc(&["example.org"], &[])));
        v.push(c("root-nc-excluded-match").root(|p| p.name_constraints = dns_nc(&[], &["example.com"])));
        if n == 0 {
            continue;
        }
        v.push(c("inter-expired").inter(1, |p| validity(p, (2020, 1, 1), (2025, 6, 1))));
        v.push(c("top-inter-not-yet-valid").inter(n, |p| validity(p, (2026, 6, 1), (2030, 1, 1))));
        v.push(c("inter-no-basic-constraints").inter(1, |p| p.is_ca = IsCa::NoCa));
        v.push(c("inter-ca-false").inter(1, |p| p.is_ca = IsCa::ExplicitNoCa));
        v.push(c("top-inter-pathlen-0").inter(n, |p| p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0))));
        v.push(
            c("inter-pathlen-0-above-leaf")
                .inter(1, |p| p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0))),
        );
        v.push(
            c("inter-ku-without-keycertsign")
                .inter(1, |p| p.key_usages = vec![KeyUsagePurpose::DigitalSignature]),
        );
        v.push(
            c("inter-eku-server")
                .inter(1, |p| p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth]),
        );
        v.push(
            c("inter-eku-client-only")
                .inter(1, |p| p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth]),
        );
        v.push(
            c("inter-nc-permitted-match").inter(1, |p| p.name_constraints = dns_nc(&["example.com"], &[])),
        );
        v.push(
            c("inter-nc-permitted-mismatch").inter(1, |p| p.name_constraints = dns_nc(&["example.org"], &[])),
        );
        v.push(
            c("inter-nc-excluded-match").inter(1, |p| p.name_constraints = dns_nc(&[], &["www.example.com"])),
        );
        v.push(c("inter-nc-excluded-other").inter(1, |p| p.name_constraints = dns_nc(&[], &["example.org"])));
        v.push(c("inter-wrong-signer").wrong_signer(n));
    }
    v
}

/// A recorded, intended difference: (sg17 accepts, webpki accepts, why).
fn known_difference(case: &Case) -> Option<(bool, bool, &'static str)> {
    Some(match case.base() {
        // RFC 5280 6.1.1(d) takes only the anchor's name and key and leaves its validity to the
        // relying party; sg17 checks it by default (`Options::check_anchor_validity`), while a
        // webpki TrustAnchor keeps no validity period at all.
        "root-expired" | "root-not-yet-valid" => {
            (false, true, "anchor validity: sg17 checks (6.1.1(d) option), webpki has none")
        }
        // CA/B BR 7.1.2.7.10: subscriber certificates MUST contain extKeyUsage; sg17's WebPki
        // profile enforces it, webpki's `KeyUsage::server_auth()` is "required if present"
        // (RFC 5280 4.2.1.12 reading).
        "leaf-eku-none" => (
            false,
            true,
            "CA/B BR 7.1.2.7.10 EKU required in leaf (sg17 WebPki) vs webpki required-if-present",
        ),
        // RFC 5280 4.2.1.3 / 6.1.4(n): a keyUsage without keyCertSign in an intermediate fails the path;
        // webpki ignores keyUsage on certificates (verify_cert.rs: "we ignore the KeyUsage
        // extension"), relying on basicConstraints cA.
        "inter-ku-without-keycertsign" => (false, true, "RFC 5280 6.1.4(n): webpki ignores keyUsage"),
        _ => return None,
    })
}

fn short(r: &Result<(), String>) -> String {
    match r {
        Ok(()) => "accept".into(),
        Err(e) => format!("reject: {}", e.chars().take(120).collect::<String>()),
    }
}

#[test]
fn sg17_and_rustls_webpki_agree_on_generated_chains() {
    let cases = cases();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let (mut agree, mut accepted, mut rejected, mut known) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        let chain = build(case);
        let s = sg17_accepts(&chain, case.dns);
        let w = webpki_accepts(&chain, case.dns);
        let outcome = (s.is_ok(), w.is_ok());
        // With --nocapture: each case and both validators' reasons, for review.
        println!("{:<45} sg17 {:<70} webpki {}", case.name, short(&s), short(&w));
        match known_difference(case) {
            Some((sg, wp, why)) => {
                known += 1;
                if outcome != (sg, wp) {
                    failures.push(format!(
                        "{}: recorded difference ({why}) expected sg17={sg} webpki={wp}, got sg17 {s:?}, webpki {w:?}",
                        case.name
                    ));
                }
            }
            None if outcome.0 == outcome.1 => {
                agree += 1;
                if outcome.0 {
                    accepted += 1;
                } else {
                    rejected += 1;
                }
            }
            None => failures.push(format!("{}: sg17 {s:?}, webpki {w:?}", case.name)),
        }
    }
    println!(
        "{} cases: {agree} agree ({accepted} accepted, {rejected} rejected by both), {known} known differences",
        cases.len()
    );
    assert!(failures.is_empty(), "disagreements:\n{}", failures.join("\n"));
    // Guard against a generator that makes every chain fail (or pass) for an unrelated reason.
    assert!(accepted >= 20 && rejected >= 20, "accepted {accepted}, rejected {rejected}");
}

/// Whatever the expected result, the matrix's base chain is accepted by both validators:
/// otherwise every "reject" agreement above would be vacuous.
#[test]
fn generated_base_chain_is_valid_for_both() {
    for n in 0..=3 {
        let chain = build(&Case::new("valid", n));
        assert_eq!(sg17_accepts(&chain, "www.example.com"), Ok(()), "sg17, {n} intermediates");
        assert_eq!(webpki_accepts(&chain, "www.example.com"), Ok(()), "webpki, {n} intermediates");
    }
}
