//! sg17-x509 PKCS #10 parsing (RFC 2986 4) on arbitrary input: never panics; accepted
//! requests render and verify (or fail to) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_x509::{Csr, text};

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = Csr::from_der(data) {
        let _ = c.attributes().count();
        let _ = sg17_x509::csr_to_json(&c);
        let _ = text::csr(&c);
        let _ = c.verify_signature();
    }
});
