//! Property tests of the X.690 codec over arbitrary value trees (strategies in
//! `value_strategies.rs`).
//!
//! The properties come from X.690 itself: DER (clause 10, 11) and CER (clause 9, 11) give every
//! value exactly one encoding, so decoding that encoding and re-encoding it must reproduce it
//! byte for byte; BER (clause 8) decoding must give back the value that was encoded, whatever
//! length forms the writer chose. SET components may be reordered by the canonical writers
//! (X.690 10.3, 11.6), so trees are compared after sorting every SET's children the same way.

#[path = "value_strategies.rs"]
mod value_strategies;

use proptest::prelude::*;
use sg17_asn1::{EncodeOptions, EncodingRules, Tag, Value, encode_with};
use std::borrow::Cow;
use value_strategies::{sort_sets, value};

fn cfg() -> ProptestConfig {
    // No failure persistence: tests write nothing into the source tree; a failure prints its
    // minimal input, which belongs in a named regression test.
    ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() }
}

/// Applies a small edit to `x`: X.690-agnostic byte flips, insertions and deletions.
fn mutate(x: &[u8], kind: u8, pos: usize, byte: u8) -> Vec<u8> {
    let mut v = x.to_vec();
    if v.is_empty() {
        return vec![byte];
    }
    let p = pos % v.len();
    match kind % 4 {
        0 => v[p] ^= byte.max(1),
        1 => v.insert(p, byte),
        2 => {
            v.remove(p);
        }
        _ => v[p] = byte,
    }
    v
}

proptest! {
    #![proptest_config(cfg())]

    /// X.690 10, 11: decode(DER(v)) is v (up to SET order) and re-encodes identically.
    #[test]
    fn x690_10_der_encode_decode_roundtrip(v in value()) {
        let der = v.to_der();
        let back = Value::decode(&der, EncodingRules::Der)
            .map_err(|e| TestCaseError::fail(format!("DER of {v} rejected: {e}")))?;
        prop_assert_eq!(back.to_der(), der.clone());
        prop_assert_eq!(sort_sets(&back), sort_sets(&v));
        // And the other rule sets accept DER encodings: DER is a BER encoding (X.690 10).
        let ber = Value::decode(&der, EncodingRules::Ber)
            .map_err(|e| TestCaseError::fail(format!("DER of {v} rejected as BER: {e}")))?;
        prop_assert_eq!(ber, back);
    }

    /// X.690 9, 11: decode(CER(v)) is v (up to SET order) and re-encodes identically.
    #[test]
    fn x690_9_cer_encode_decode_roundtrip(v in value()) {
        let cer = v.to_cer();
        let back = Value::decode(&cer, EncodingRules::Cer)
            .map_err(|e| TestCaseError::fail(format!("CER of {v} rejected: {e}")))?;
        prop_assert_eq!(back.to_cer(), cer.clone());
        prop_assert_eq!(sort_sets(&back), sort_sets(&v));
        let ber = Value::decode(&cer, EncodingRules::Ber)
            .map_err(|e| TestCaseError::fail(format!("CER of {v} rejected as BER: {e}")))?;
        prop_assert_eq!(sort_sets(&ber), sort_sets(&v));
    }

    /// X.690 8.1.3.6: BER with indefinite lengths decodes to exactly the value written, in the
    /// order written; so does BER with definite lengths (8.1.3.3).
    #[test]
    fn x690_8_ber_indefinite_and_definite_roundtrip(v in value()) {
        for opts in [EncodeOptions::BER_INDEFINITE, EncodeOptions::BER_DEFINITE] {
            let ber = encode_with(&v, opts);
            let back = Value::decode(&ber, EncodingRules::Ber)
                .map_err(|e| TestCaseError::fail(format!("{opts:?} of {v} rejected: {e}")))?;
            prop_assert_eq!(&back, &v);
        }
    }

    /// X.690 10: DER is canonical, so anything accepted under DER is the one encoding of its
    /// value: to_der(decode(x)) == x. Inputs are near-misses of valid DER (one-byte edits).
    #[test]
    fn x690_10_der_accepted_input_is_canonical(
        v in value(),
        kind in any::<u8>(),
        pos in any::<usize>(),
        byte in any::<u8>(),
    ) {
        let x = mutate(&v.to_der(), kind, pos, byte);
        if let Ok(d) = Value::decode(&x, EncodingRules::Der) {
            prop_assert_eq!(d.to_der(), x);
        }
    }

    /// Same canonicality for CER (X.690 9): accepted input re-encodes identically.
    #[test]
    fn x690_9_cer_accepted_input_is_canonical(
        v in value(),
        kind in any::<u8>(),
        pos in any::<usize>(),
        byte in any::<u8>(),
    ) {
        let x = mutate(&v.to_cer(), kind, pos, byte);
        if let Ok(d) = Value::decode(&x, EncodingRules::Cer) {
            prop_assert_eq!(d.to_cer(), x);
        }
    }

    /// Random bytes accepted under DER are canonical too.
    #[test]
    fn x690_10_der_random_bytes_canonical(x in proptest::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(d) = Value::decode(&x, EncodingRules::Der) {
            prop_assert_eq!(d.to_der(), x);
        }
    }
}

/// X.690 11.6 (DER): `SET { [0] '', [1] '', [0] {} }` has a repeated tag ([0], primitive and
/// constructed), so it is a SET OF and its components are ordered by their encodings as octet
/// strings: `80 00` < `81 00` < `a0 00`. This input is therefore valid DER (the expected value
/// comes from the clause, not from the codec), and the writer produces exactly it.
#[test]
fn x690_11_6_der_set_of_split_equal_tags_roundtrips() {
    let der = [0x31, 0x06, 0x80, 0x00, 0x81, 0x00, 0xa0, 0x00];
    let v = Value::Set(vec![
        Value::Constructed(Tag::context(0), vec![]),
        Value::Primitive(Tag::context(1), Cow::Borrowed(&[])),
        Value::Primitive(Tag::context(0), Cow::Borrowed(&[])),
    ]);
    assert_eq!(v.to_der(), der);
    let back = Value::decode(&der, EncodingRules::Der).expect("valid DER per X.690 11.6");
    assert_eq!(back.to_der(), der);
}

/// X.690 9.3 + 11.6 (CER): a SET OF two OCTET STRINGs, one fragmented (constructed, 9.2,
/// `24 80`) and one empty (`04 00`), plus a UTCTime (`17 0d`): tags repeat, so the order is by
/// encoding, `04 00` < `17 0d ..` < `24 80 ..`. Valid CER; the writer produces it.
#[test]
fn x690_9_3_cer_set_of_split_equal_tags_roundtrips() {
    let long = vec![0x41u8; 1001];
    let v = Value::Set(vec![
        Value::OctetString(Cow::Borrowed(&[])),
        Value::OctetString(Cow::Borrowed(&long)),
        Value::UtcTime(Cow::Borrowed(b"990702051620Z")),
    ]);
    let cer = v.to_cer();
    assert_eq!(&cer[..6], [0x31, 0x80, 0x04, 0x00, 0x17, 0x0d]);
    let back = Value::decode(&cer, EncodingRules::Cer).expect("valid CER per X.690 9.3, 11.6");
    assert_eq!(back.to_cer(), cer);
}
