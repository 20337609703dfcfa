//! sg17-x509 CRL parsing (RFC 5280 5.1) on arbitrary input: never panics; accepted CRLs
//! render (JSON, text, lint) and iterate their entries and extensions without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_x509::{Crl, lint, text};

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = Crl::from_der(data) {
        assert_eq!(c.revoked().count(), c.revoked_count());
        for r in c.revoked() {
            for e in r.extensions.iter() {
                let _ = e.parsed();
            }
        }
        let _ = sg17_x509::crl_to_json(&c);
        let _ = text::crl(&c);
        let _ = lint::crl(&c);
    }
});
