//! sg17-x509 certificate parsing (RFC 5280 4.1) on arbitrary input: never panics, and every
//! accessor of an accepted certificate (names as RFC 4514 strings, every extension decoded,
//! public key, JSON and text output, lint) runs to completion without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_x509::{Certificate, lint, text};

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = Certificate::from_der(data) {
        let _ = c.subject().to_string();
        let _ = c.issuer().to_string();
        let _ = c.serial_hex();
        let _ = c.public_key().parsed();
        let _ = c.public_key().bits();
        for e in c.extensions().iter() {
            let _ = e.parsed();
        }
        let _ = sg17_x509::to_json(&c);
        let _ = text::certificate(&c);
        let _ = lint::certificate(&c);
        let _ = c.verify_signature(c.public_key());
    }
});
