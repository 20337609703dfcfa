//! Strict DER decoding (X.690 clause 10).
//!
//! Must hold for every input:
//! - no panic;
//! - DER is canonical: anything `Value::decode` accepts under DER re-encodes byte-identically
//!   with `to_der()`;
//! - DER is a subset of BER: the same input decodes under BER to the same value, and the
//!   value's CER encoding decodes under CER to the same value (X.690 11 is common to CER/DER);
//! - `walk` and `dump::dump` check a subset of what `Value::decode` checks (headers; dump
//!   adds primitive universal contents), so on input `Value::decode` accepts they accept too
//!   and visit one element per value node (DER has no reassembled strings). The converse does
//!   not hold (walk does not check contents or SET order), so it is not asserted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg17_asn1::{EncodingRules, Limits, Value, dump, walk};

fn nodes(v: &Value<'_>) -> usize {
    1 + v.children_slice().map_or(0, |c| c.iter().map(nodes).sum())
}

fuzz_target!(|data: &[u8]| {
    let decoded = Value::decode(data, EncodingRules::Der);
    let walked = walk(data, EncodingRules::Der, Limits::default(), &mut |_| {});
    let mut rows = 0usize;
    let dumped = dump::dump(data, EncodingRules::Der, Limits::default(), &mut |r| {
        let _ = r.to_string();
        rows += 1;
    });
    let Ok(v) = decoded else { return };
    assert_eq!(v.to_der(), data, "DER input not re-encoded identically");
    let n = nodes(&v);
    match walked {
        Ok(w) => assert_eq!(w, n, "walk visited {w} elements, value has {n} nodes"),
        Err(e) => panic!("walk rejected DER that Value::decode accepts: {e}"),
    }
    match dumped {
        Ok(d) => assert_eq!((d, rows), (n, n), "dump rows disagree with value nodes"),
        Err(e) => panic!("dump rejected DER that Value::decode accepts: {e}"),
    }
    match Value::decode(data, EncodingRules::Ber) {
        Ok(b) => assert_eq!(b, v, "BER view of DER input differs"),
        Err(e) => panic!("DER input rejected under BER: {e}"),
    }
    let cer = v.to_cer();
    match Value::decode(&cer, EncodingRules::Cer) {
        // SET OF order may differ between CER and DER (11.6 compares each rule set's own
        // encodings), so compare through the canonical DER bytes.
        Ok(c) => assert_eq!(c.to_der(), data, "value changed through CER"),
        Err(e) => panic!("CER encoding of a DER value rejected: {e}"),
    }
});
