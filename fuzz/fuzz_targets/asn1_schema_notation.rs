//! The ASN.1 notation compiler (X.680-X.683) on arbitrary text (fuzzer bytes read as lossy UTF-8).
//!
//! - `Schema::from_source` returns a schema or a `NotationError`, never panics, and stays within
//!   its nesting limits (no stack overflow on `{{{{...`, `SEQUENCE OF SEQUENCE OF ...`, deep
//!   constraints or values); an error's line lies within the text.
//! - A module that compiles is usable: decoding a few fixed inputs as each of its types, with
//!   every rule, never panics (the PER alphabet, range and tag tables built from the hostile
//!   module are exercised), and whatever a decoder accepts re-encodes under the same rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_asn1_schema::Schema;
use sg17_asn1_schema::conformance::RULES;

const INPUTS: [&[u8]; 6] =
    [b"", b"\x00\x00\x00\x00", b"\xff\xff\xff\xff", b"\x80\x01\x30\x03", b"{}", b"<a/>"];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let schema = match Schema::from_source(&text, "fuzz.asn") {
        Ok(s) => s,
        Err(e) => {
            let lines = text.matches('\n').count() + 1;
            assert!(e.position.line >= 1 && e.position.line <= lines, "error outside the text: {e}");
            return;
        }
    };
    let ids: Vec<_> = schema.types().map(|(_, _, id)| id).take(32).collect();
    for id in ids {
        let _ = schema.describe(id);
        for rules in RULES {
            for input in INPUTS {
                if let Ok(v) = schema.decode_id(id, input, rules) {
                    if let Err(e) = schema.encode_id(id, &v, rules) {
                        panic!("{rules}: decoded {v:?} from {input:02x?} but cannot re-encode it: {e}");
                    }
                }
            }
        }
    }
});
