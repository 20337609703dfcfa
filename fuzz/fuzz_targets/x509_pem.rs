//! RFC 7468 PEM reader on arbitrary text: never panics, and every block it returns re-encodes
//! (`pem::encode`) to text that parses back to the same label and contents.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_x509::pem;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for block in pem::iter(text).take(64) {
        let Ok(b) = block else { break };
        let again = pem::encode(b.label, &b.der);
        let (c, _) = pem::parse(&again).expect("re-encoded block parses").expect("has a block");
        assert_eq!((c.label, &c.der), (b.label, &b.der));
    }
});
