//! Encodings checked against rules of the recommendations where asn1tools (the differential
//! oracle) departs from them; expected octets are derived by hand from the cited clause.

use serde_json::json;
use sg17_asn1_schema::{Rules, Schema};

fn schema(src: &str) -> Schema {
    Schema::from_source(src, "test.asn").unwrap()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn x691_11_7_semi_constrained_integer_encodes_offset_from_lower_bound() {
    let s = schema("M DEFINITIONS ::= BEGIN S ::= INTEGER (1..MAX) END");
    let v = s.value_from_json("S", &json!(1)).unwrap();
    // n - lb = 0 as a one-octet non-negative-binary-integer after a length octet of 1.
    assert_eq!(hex(&s.encode("S", &v, Rules::Uper).unwrap()), "0100");
    let v = s.value_from_json("S", &json!(129)).unwrap();
    assert_eq!(hex(&s.encode("S", &v, Rules::Aper).unwrap()), "0180");
    assert_eq!(s.decode("S", &[0x01, 0x80], Rules::Aper).unwrap(), v);
}

#[test]
fn x690_10_3_der_set_components_in_canonical_tag_order() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../vectors/asn1-schema/modules/x691-a1.asn"
    ))
    .unwrap();
    let s = Schema::from_source(&src, "x691-a1.asn").unwrap();
    let v = s
        .value_from_json(
            "ChildInformation",
            &json!({"name": {"givenName": "A", "initial": "B", "familyName": "C"}, "dateOfBirth": "19571111"}),
        )
        .unwrap();
    let der = s.encode("ChildInformation", &v, Rules::Der).unwrap();
    // [APPLICATION 1] name (61) sorts before [0] dateOfBirth (a0): application < context (X.680 8.6).
    assert_eq!(hex(&der), "311761091a01411a01421a0143a00a43083139353731313131");
}

#[test]
fn x690_11_6_der_set_of_sorted_by_encoding() {
    let s = schema("M DEFINITIONS ::= BEGIN B ::= SET OF INTEGER END");
    let v = s.value_from_json("B", &json!([127, 3, -1])).unwrap();
    // 020103 < 02017f < 0201ff as octet strings.
    assert_eq!(hex(&s.encode("B", &v, Rules::Der).unwrap()), "310902010302017f0201ff");
}

#[test]
fn x690_8_9_2_ber_components_in_textual_order_with_second_root_part() {
    let s = schema(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
         T ::= SEQUENCE { a BOOLEAN, ..., b BOOLEAN, ..., c BOOLEAN }
         END",
    );
    let v = s.value_from_json("T", &json!({"a": true, "b": true, "c": false})).unwrap();
    // Automatic tags in textual order: a [0], b [1], c [2]; encoded a, b, c.
    assert_eq!(hex(&s.encode("T", &v, Rules::Der).unwrap()), "30098001ff8101ff820100");
}

#[test]
fn x696_16_4_extension_addition_group_is_one_open_type() {
    let s = schema(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
         T ::= SEQUENCE { a BOOLEAN, ..., [[ g1 BOOLEAN, g2 BOOLEAN OPTIONAL ]] }
         END",
    );
    let v = s.value_from_json("T", &json!({"a": true, "g1": true})).unwrap();
    // Preamble 80 (extension bit), a = ff, bitmap: length 02, 07 unused bits, 80;
    // open type: length 02, group preamble 00 (g2 absent), g1 = ff.
    let enc = s.encode("T", &v, Rules::Oer).unwrap();
    assert_eq!(hex(&enc), "80ff0207800200ff");
    assert_eq!(s.decode("T", &enc, Rules::Oer).unwrap(), v);
}

#[test]
fn x696_19_canonical_oer_sorts_set_of_components_by_encoding() {
    let s = schema(
        "M DEFINITIONS ::= BEGIN
            S ::= SET OF INTEGER
            Q ::= SEQUENCE OF INTEGER
            W ::= SET OF OCTET STRING
        END",
    );
    // X.696 17.1 quantity (length 1, count 3), then each INTEGER as length + two's complement
    // (X.696 10.4): 01 03, 01 01, 01 02. CANONICAL-OER puts the component encodings in
    // ascending order; BASIC-OER and SEQUENCE OF keep the value's order.
    let v = s.value_from_json("S", &json!([3, 1, 2])).unwrap();
    assert_eq!(hex(&s.encode("S", &v, Rules::Coer).unwrap()), "0103010101020103");
    assert_eq!(hex(&s.encode("S", &v, Rules::Oer).unwrap()), "0103010301010102");
    let q = s.value_from_json("Q", &json!([3, 1, 2])).unwrap();
    assert_eq!(hex(&s.encode("Q", &q, Rules::Coer).unwrap()), "0103010301010102");
    // Order is by encoding, not by value: -1 (01 ff) goes after 1 (01 01).
    let v = s.value_from_json("S", &json!([-1, 1])).unwrap();
    assert_eq!(hex(&s.encode("S", &v, Rules::Coer).unwrap()), "0102010101ff");
    // Different lengths: '0000'H (02 00 00) after 'AA'H (01 aa), the length octet first.
    let w = s.value_from_json("W", &json!(["0000", "aa"])).unwrap();
    assert_eq!(hex(&s.encode("W", &w, Rules::Coer).unwrap()), "010201aa020000");
    // A canonical decoder rejects components out of order; the basic one accepts them.
    let unsorted = [0x01, 0x02, 0x01, 0x02, 0x01, 0x01];
    let e = match s.decode("S", &unsorted, Rules::Coer) {
        Err(sg17_asn1_schema::SchemaError::Codec(e)) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!((e.clause, e.bit_offset), ("X.696 19", 32), "{e}");
    assert!(s.decode("S", &unsorted, Rules::Oer).is_ok());
    assert!(s.decode("Q", &unsorted, Rules::Coer).is_ok());
}

#[test]
fn x696_8_2_2_extensible_integer_constraint_is_not_oer_visible() {
    // ETSI-ITS-CDD `PathDeltaTime ::= INTEGER (1..65535, ...)`: the extensible constraint is
    // not OER-visible, so the value is encoded as an unconstrained (signed) integer, X.696 10.4:
    // 60382 = 0x00ebde needs three two's-complement octets after the length octet.
    let s = schema("M DEFINITIONS ::= BEGIN T ::= INTEGER (1..65535, ...) END");
    let v = s.value_from_json("T", &json!(60382)).unwrap();
    let enc = s.encode("T", &v, Rules::Oer).unwrap();
    assert_eq!(hex(&enc), "0300ebde");
    assert_eq!(s.decode("T", &enc, Rules::Oer).unwrap(), v);
    let v = s.value_from_json("T", &json!(5)).unwrap();
    assert_eq!(hex(&s.encode("T", &v, Rules::Oer).unwrap()), "0105");
}

#[test]
fn x680_49_1_serial_size_constraint_on_a_sequence_of_reference_sets_the_per_length_bounds() {
    // ETSI-ITS-CDD `polygon SequenceOfCartesianPosition3d (SIZE(3..16,...))`, the referenced
    // type having SIZE(1..16,...): the constraints apply serially (X.680 49.1), so the root
    // is 3..16 and the length is n - 3 in 4 bits (X.691 20.6, 11.9.3.3).
    let s = schema(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
         L ::= SEQUENCE (SIZE(1..16, ...)) OF INTEGER (0..7)
         P ::= SEQUENCE { a L (SIZE(3..16, ...)) }
         END",
    );
    let v = s.value_from_json("P", &json!({"a": [1, 2, 3]})).unwrap();
    // Extension bit 0, length 0000, then 001 010 011, padded: 0000 0001 0100 1100.
    let enc = s.encode("P", &v, Rules::Uper).unwrap();
    assert_eq!(hex(&enc), "014c");
    assert_eq!(s.decode("P", &enc, Rules::Uper).unwrap(), v);
}
