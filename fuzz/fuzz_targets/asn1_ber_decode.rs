//! BER and CER decoding of arbitrary input (X.690 clauses 8 and 9).
//!
//! Must hold for every input:
//! - no panic, under either rule set;
//! - a value that decodes re-encodes (BER, definite and indefinite lengths) to something that
//!   decodes back to an equal value (X.690 8: the value is what the encoding denotes);
//! - CER is canonical (X.690 9): anything accepted under CER re-encodes byte-identically, and
//!   its DER encoding is accepted under DER (clause 11 restrictions are common to both).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_asn1::{EncodeOptions, EncodingRules, Value, encode_with};

fuzz_target!(|data: &[u8]| {
    for rules in [EncodingRules::Ber, EncodingRules::Cer] {
        let Ok(v) = Value::decode(data, rules) else { continue };
        let _ = v.to_string();
        for opts in [EncodeOptions::BER_DEFINITE, EncodeOptions::BER_INDEFINITE] {
            let re = encode_with(&v, opts);
            match Value::decode(&re, EncodingRules::Ber) {
                Ok(back) => assert_eq!(back, v, "{rules} value changed through {opts:?}"),
                Err(e) => panic!("{rules} value re-encoded with {opts:?} rejected: {e}"),
            }
        }
        if rules == EncodingRules::Cer {
            assert_eq!(v.to_cer(), data, "CER input not re-encoded identically");
            let der = v.to_der();
            match Value::decode(&der, EncodingRules::Der) {
                // SET OF order may legitimately differ between CER and DER (X.690 11.6
                // compares each rule set's own encodings): compare through CER bytes.
                Ok(d) => assert_eq!(d.to_cer(), data, "CER value changed through DER"),
                Err(e) => panic!("DER of a CER-accepted value rejected: {e}"),
            }
        }
    }
});
