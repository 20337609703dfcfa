//! sg17-x509 path building and validation (RFC 5280 clause 6) over arbitrary certificate sets:
//! never panics, and always ends (the depth, signature and comparison budgets bound the work).
//! Input: chunks of `u16 big-endian length || DER`; the first is the leaf, the last the trust
//! anchor, the ones between form the intermediate pool, and chunks that parse as CRLs are
//! used for revocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_x509::path::{Options, Profile, Revocation, Verifier};
use sg17_x509::{Certificate, Crl, oids};

fuzz_target!(|data: &[u8]| {
    let mut chunks = Vec::new();
    let mut rest = data;
    while rest.len() >= 2 && chunks.len() < 16 {
        let n = usize::from(u16::from_be_bytes([rest[0], rest[1]])).min(rest.len() - 2);
        chunks.push(&rest[2..2 + n]);
        rest = &rest[2 + n..];
    }
    let certs: Vec<Certificate<'_>> = chunks.iter().filter_map(|c| Certificate::from_der(c).ok()).collect();
    let crls: Vec<Crl<'_>> = chunks.iter().filter_map(|c| Crl::from_der(c).ok()).collect();
    let Some((leaf, others)) = certs.split_first() else { return };
    let Some((anchor, pool)) = others.split_last() else { return };
    let anchors = [*anchor];
    let verifier = Verifier::new(&anchors).with_intermediates(pool).with_crls(&crls);
    for profile in [Profile::Rfc5280, Profile::Strict, Profile::WebPki] {
        let opts = Options::at(1_704_067_200)
            .profile(profile)
            .purpose(oids::KP_SERVER_AUTH)
            .dns_name("example.com")
            .revocation(Revocation::SoftFail);
        if let Ok(path) = verifier.verify(leaf, &opts) {
            assert!(path.len() >= 2);
        }
    }
});
