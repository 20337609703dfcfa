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

/// X.690 9.2: CER encodes a string of more than 1000 contents octets in the constructed form,
/// as primitive segments of 1000 octets (the last 1 to 1000), whatever its tag; the segments
/// of a character string or an implicitly tagged OCTET STRING are OCTET STRINGs (8.23.6,
/// 8.7.3.2), those of a BIT STRING are BIT STRINGs whose first octet is the unused-bits count,
/// 0 in all but the last (8.6.4). Expected octets are laid out by hand from those clauses.
#[test]
fn x690_9_2_cer_fragments_long_strings_under_any_tag() {
    let s = schema(
        "M DEFINITIONS ::= BEGIN
         U ::= UTF8String
         I ::= [0] IMPLICIT OCTET STRING
         V ::= [APPLICATION 1] IMPLICIT IA5String
         B ::= BIT STRING
         J ::= [2] IMPLICIT BIT STRING
         END",
    );
    // Indefinite-length constructed form: identifier, 0x80, segments, end-of-contents.
    let segments = |id: u8, seg_tag: u8, parts: &[Vec<u8>]| {
        let mut out = vec![id, 0x80];
        for p in parts {
            out.push(seg_tag);
            out.extend(match p.len() {
                n @ 0..=0x7F => vec![n as u8],
                n @ 0x80..=0xFF => vec![0x81, n as u8],
                n => vec![0x82, (n >> 8) as u8, n as u8],
            });
            out.extend_from_slice(p);
        }
        out.extend([0, 0]);
        out
    };
    for (ty, id, n) in [("U", 0x2Cu8, 2500usize), ("I", 0xA0, 2000), ("V", 0x61, 1001)] {
        let text: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
        let v = s
            .value_from_json(ty, &json!(if ty == "I" { hex(text.as_bytes()) } else { text.clone() }))
            .unwrap();
        let cer = s.encode(ty, &v, Rules::Cer).unwrap();
        let parts: Vec<Vec<u8>> = text.as_bytes().chunks(1000).map(<[u8]>::to_vec).collect();
        assert_eq!(cer, segments(id, 0x04, &parts), "{ty}");
        assert_eq!(s.decode(ty, &cer, Rules::Cer).unwrap(), v, "{ty}");
        // The primitive form of the same contents is BER, not CER.
        let mut prim = vec![id & !0x20, 0x82, (n >> 8) as u8, n as u8];
        prim.extend_from_slice(text.as_bytes());
        assert_eq!(s.decode(ty, &prim, Rules::Ber).unwrap(), v, "{ty}");
        let e = s.decode(ty, &prim, Rules::Cer).unwrap_err();
        assert!(e.to_string().contains("9.2"), "{ty}: {e}");
    }
    // 1000 octets exactly stay primitive.
    let v = s.value_from_json("I", &json!("ab".repeat(1000))).unwrap();
    assert_eq!(s.encode("I", &v, Rules::Cer).unwrap()[..4], [0x80, 0x82, 0x03, 0xE8]);
    // BIT STRING of 19,997 bits: 2,500 octets, 3 unused bits in the last; 999 per segment.
    for (ty, id) in [("B", 0x23u8), ("J", 0xA2)] {
        let bits = 2500 * 8 - 3;
        let data: Vec<u8> =
            (0..2500u32).map(|i| (i * 7 % 251) as u8 & if i == 2499 { 0xF8 } else { 0xFF }).collect();
        let v = sg17_asn1_schema::SchemaValue::BitString { bits: data.clone(), len: bits };
        let cer = s.encode(ty, &v, Rules::Cer).unwrap();
        let chunks: Vec<&[u8]> = data.chunks(999).collect();
        let parts: Vec<Vec<u8>> = chunks
            .iter()
            .enumerate()
            .map(|(i, c)| [&[if i + 1 == chunks.len() { 3 } else { 0 }][..], c].concat())
            .collect();
        assert_eq!(parts.iter().map(Vec::len).collect::<Vec<_>>(), [1000, 1000, 503]);
        assert_eq!(cer, segments(id, 0x03, &parts), "{ty}");
        assert_eq!(s.decode(ty, &cer, Rules::Cer).unwrap(), v, "{ty}");
        let mut prim = vec![id & !0x20, 0x82, 0x09, 0xC5, 3];
        prim.extend_from_slice(&data);
        assert_eq!(s.decode(ty, &prim, Rules::Ber).unwrap(), v, "{ty}");
        let e = s.decode(ty, &prim, Rules::Cer).unwrap_err();
        assert!(e.to_string().contains("9.2"), "{ty}: {e}");
    }
}
