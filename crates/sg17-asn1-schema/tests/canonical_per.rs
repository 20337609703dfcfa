//! CANONICAL-PER (X.691 6): SET OF components in ascending order of their encodings
//! (X.691 22.1), and a decoder that accepts only the canonical encoding. asn1tools has no
//! CANONICAL-PER, so the expected octets are derived by hand from the clauses (shown beside
//! each case); the asn1tools BASIC-PER vectors check that CANONICAL-PER agrees with PER
//! wherever no SET OF has to be reordered.

use serde_json::json;
use sg17_asn1_schema::{Rules, Schema, SchemaError, SchemaValue};
use std::path::Path;

const SPEC: &str = "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
    Three ::= SET (SIZE (3)) OF INTEGER (0..7)
    Bytes ::= SET OF OCTET STRING
    Pair ::= SET (SIZE (2)) OF SEQUENCE { flag BOOLEAN, data OCTET STRING (SIZE (3)) }
    Outer ::= SEQUENCE { b BOOLEAN, s Pair }
    Dflt ::= SEQUENCE { a INTEGER (0..7) DEFAULT 3 }
    Flag ::= BOOLEAN
END";

fn schema() -> Schema {
    Schema::from_source(SPEC, "cper.asn").unwrap()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn codec_clause(r: Result<SchemaValue, SchemaError>) -> (&'static str, usize) {
    match r {
        Err(SchemaError::Codec(e)) => (e.clause, e.bit_offset),
        other => panic!("expected a codec error, got {other:?}"),
    }
}

#[test]
fn x691_22_1_unaligned_set_of_sorted_by_component_encodings() {
    let s = schema();
    let v = s.value_from_json("Three", &json!([5, 2, 7])).unwrap();
    // Fixed size 3 (X.691 20.6): no length. Each INTEGER (0..7) is 3 bits (X.691 13.2.6,
    // 11.5.6): 5 = 101, 2 = 010, 7 = 111.
    // BASIC-PER keeps the given order (X.691 22.2): 101 010 111 + 7 pad bits = ab 80.
    assert_eq!(hex(&s.encode("Three", &v, Rules::Uper).unwrap()), "ab80");
    // CANONICAL-PER (X.691 22.1) compares 101 -> a0, 010 -> 40, 111 -> e0 as padded octets:
    // 2, 5, 7, so 010 101 111 + pad = 0101 0111 1000 0000 = 57 80.
    let c = s.encode("Three", &v, Rules::Cuper).unwrap();
    assert_eq!(hex(&c), "5780");
    let back = s.decode("Three", &c, Rules::Cuper).unwrap();
    assert_eq!(back, s.value_from_json("Three", &json!([2, 5, 7])).unwrap());
}

#[test]
fn x691_22_1_components_of_different_lengths_compare_padded_with_zero_octets() {
    let s = schema();
    let v = s.value_from_json("Bytes", &json!(["0100", "00", "", "0001"])).unwrap();
    // Unconstrained OCTET STRING (X.691 17.8): length octet, then the octets.
    // "0100" -> 02 01 00, "00" -> 01 00, "" -> 00, "0001" -> 02 00 01.
    // Padded to three octets: 020100, 010000, 000000, 020001 -> "", "00", "0001", "0100".
    // The SET OF count (X.691 20.6, 11.9.4.1) is one octet, 04.
    assert_eq!(hex(&s.encode("Bytes", &v, Rules::Uper).unwrap()), "04020100010000020001");
    let c = s.encode("Bytes", &v, Rules::Cuper).unwrap();
    assert_eq!(hex(&c), "04000100020001020100");
    assert_eq!(s.encode("Bytes", &v, Rules::Caper).unwrap(), c, "all octet-aligned: APER = UPER");
}

#[test]
fn x691_22_1_aligned_components_sorted_as_encoded_from_an_octet_boundary() {
    let s = schema();
    let v = s
        .value_from_json(
            "Outer",
            &json!({"b": true, "s": [{"flag": true, "data": "000000"}, {"flag": false, "data": "ffffff"}]}),
        )
        .unwrap();
    // Each component on its own (ALIGNED): flag bit, pad to the octet (a 3-octet fixed-size
    // OCTET STRING is octet-aligned, X.691 17.7), 3 octets: {TRUE, 000000} = 80 000000,
    // {FALSE, ffffff} = 00 ffffff, so FALSE sorts first (X.691 22.1).
    // In the SEQUENCE, b takes bit 0; SIZE (2) means no count (X.691 20.6):
    // BASIC-PER:     b=1 flag=1 pad -> c0, 000000, flag=0 pad -> 00, ffffff.
    // CANONICAL-PER: b=1 flag=0 pad -> 80, ffffff, flag=1 pad -> 80, 000000.
    assert_eq!(hex(&s.encode("Outer", &v, Rules::Aper).unwrap()), "c000000000ffffff");
    let c = s.encode("Outer", &v, Rules::Caper).unwrap();
    assert_eq!(hex(&c), "80ffffff80000000");
    s.decode("Outer", &c, Rules::Caper).unwrap();
    // UNALIGNED: no padding. Components alone: 1 + 24 zero bits -> 80000000,
    // 0 + 24 one bits -> 7fffff80; sorted 0-first. In the SEQUENCE: 1 | 0 ffffff | 1 000000 ->
    // 1011 1111 1111 ... : bf ff ff e0 00 00 00 (+ pad) -> bfffffe0000000.
    assert_eq!(hex(&s.encode("Outer", &v, Rules::Cuper).unwrap()), "bfffffe0000000");
}

#[test]
fn x691_22_1_canonical_decoder_rejects_unsorted_set_of() {
    let s = schema();
    // The BASIC-PER encodings above, components in the given (unsorted) order.
    assert!(s.decode("Three", &[0xab, 0x80], Rules::Uper).is_ok());
    // Components start at bits 0, 3, 6; the second (010) is below the first (101).
    assert_eq!(codec_clause(s.decode("Three", &[0xab, 0x80], Rules::Cuper)), ("X.691 22.1", 3));
    let basic = unhex("c000000000ffffff");
    assert!(s.decode("Outer", &basic, Rules::Aper).is_ok());
    assert_eq!(codec_clause(s.decode("Outer", &basic, Rules::Caper)).0, "X.691 22.1");
}

#[test]
fn x691_19_5_canonical_decoder_rejects_an_encoded_default_value() {
    let s = schema();
    // a present (bit 1) with its DEFAULT value 3 (011): 1011 0000. BASIC-PER decoders accept
    // it; CANONICAL-PER encodes the default as absent (X.691 19.5), one 0 bit -> 00.
    assert!(s.decode("Dflt", &[0xb0], Rules::Uper).is_ok());
    assert_eq!(codec_clause(s.decode("Dflt", &[0xb0], Rules::Cuper)), ("X.691 6 (CANONICAL-PER)", 0));
    assert!(s.decode("Dflt", &[0x00], Rules::Cuper).is_ok());
}

#[test]
fn x691_11_1_canonical_decoder_rejects_non_zero_padding_bits() {
    let s = schema();
    // BOOLEAN TRUE is one bit; the 7 bits padding the complete encoding to an octet are zero
    // (X.691 11.1): 80. 81 sets the last padding bit.
    assert_eq!(codec_clause(s.decode("Flag", &[0x81], Rules::Cuper)), ("X.691 6 (CANONICAL-PER)", 7));
    assert_eq!(s.decode("Flag", &[0x80], Rules::Cuper).unwrap(), SchemaValue::Boolean(true));
}

fn has_unordered_set_of(v: &SchemaValue) -> bool {
    match v {
        SchemaValue::SetOf(items) => items.len() > 1 || items.iter().any(has_unordered_set_of),
        SchemaValue::SequenceOf(items) => items.iter().any(has_unordered_set_of),
        SchemaValue::Sequence(f) | SchemaValue::Set(f) => f.iter().any(|(_, x)| has_unordered_set_of(x)),
        SchemaValue::Choice(_, x) => has_unordered_set_of(x),
        _ => false,
    }
}

#[test]
fn x691_6_canonical_per_equals_basic_per_without_set_of_asn1tools_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors/asn1-schema");
    let (mut same, mut sorted) = (0, 0);
    for (file, basic, canonical) in
        [("-uper.json", Rules::Uper, Rules::Cuper), ("-per.json", Rules::Aper, Rules::Caper)]
    {
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files.iter().filter(|f| f.to_string_lossy().ends_with(file)) {
            let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            let spec = doc["tests"][0]["expected"]["spec"].as_str().unwrap();
            let s = sg17_asn1_schema::conformance::load_spec(&dir, spec).unwrap();
            for t in doc["tests"].as_array().unwrap() {
                let ty = t["expected"]["type"].as_str().unwrap();
                let input = unhex(t["input"].as_str().unwrap());
                let v = s.value_from_json(ty, &t["expected"]["value"]).unwrap();
                let c = s.encode(ty, &v, canonical).unwrap();
                let back = s.decode(ty, &c, canonical).unwrap();
                assert_eq!(s.encode(ty, &back, canonical).unwrap(), c, "{}", t["id"]);
                if has_unordered_set_of(&v) {
                    sorted += 1;
                    assert!(s.decode(ty, &c, basic).is_ok(), "{}", t["id"]);
                    // asn1tools keeps the given order: unless that is already sorted, the
                    // canonical decoder refuses it.
                    assert_eq!(s.decode(ty, &input, canonical).is_ok(), c == input, "{}", t["id"]);
                } else {
                    same += 1;
                    assert_eq!(hex(&c), hex(&input), "{}: CANONICAL-PER differs from PER", t["id"]);
                    assert!(s.decode(ty, &input, canonical).is_ok(), "{}", t["id"]);
                }
            }
        }
    }
    assert!(same > 1000 && sorted > 0, "{same} unchanged, {sorted} with SET OF");
}
