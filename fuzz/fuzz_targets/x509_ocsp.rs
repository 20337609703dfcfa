//! sg17-x509 OCSP parsing (RFC 6960 4.1.1, 4.2.1) on arbitrary input: never panics; an
//! accepted response renders (text, JSON) without panicking, re-parses from its own bytes to
//! the same renderings, and goes through the path module's response check (CertID matching,
//! responder authorisation, signature) against fixed certificates from vectors/ocsp/.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_x509::ocsp::{OcspRequest, OcspResponse};
use sg17_x509::path::ocsp::{OcspContext, check_certificate};
use sg17_x509::{Certificate, text};

const ICA: &[u8] = include_bytes!("../../vectors/ocsp/ica.der");
const LEAF: &[u8] = include_bytes!("../../vectors/ocsp/leaf-good.der");
const RESPONDER: &[u8] = include_bytes!("../../vectors/ocsp/responder.der");

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = OcspResponse::from_der(data) {
        let t = text::ocsp_response(&r);
        let j = sg17_x509::ocsp_response_to_json(&r);
        if let Some(b) = r.basic() {
            assert_eq!(b.responses().count(), b.response_count());
            assert_eq!(b.certs().count(), b.cert_count());
            for s in b.responses() {
                for e in s.extensions.iter() {
                    let _ = e.parsed();
                }
            }
            let _ = b.nonce();
        }
        let again = OcspResponse::from_der(r.raw()).expect("accepted input re-parses");
        assert_eq!(text::ocsp_response(&again), t);
        assert_eq!(sg17_x509::ocsp_response_to_json(&again), j);
        let (ica, leaf) = (Certificate::from_der(ICA).unwrap(), Certificate::from_der(LEAF).unwrap());
        let pool = [Certificate::from_der(RESPONDER).unwrap()];
        let responses = [r];
        let ctx = OcspContext { responses: &responses, pool: &pool, time: 1_780_272_000 };
        let _ = check_certificate(&leaf, &ica, ica.public_key(), &ctx);
    }
    if let Ok(q) = OcspRequest::from_der(data) {
        assert!(!q.requests().is_empty());
        let again = OcspRequest::from_der(q.raw()).expect("accepted request re-parses");
        assert_eq!(again.requests().len(), q.requests().len());
    }
});
