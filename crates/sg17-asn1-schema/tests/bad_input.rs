//! Hostile encodings and malformed notation: typed errors with bit offsets or line/column,
//! never a panic, a hang or an unbounded allocation.

use sg17_asn1_schema::{Rules, Schema, SchemaError};

const SPEC: &str = "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
    Many ::= SEQUENCE OF INTEGER (0..255)
    Nulls ::= SEQUENCE OF NULL
    Tree ::= SEQUENCE { value INTEGER (0..255), children SEQUENCE (SIZE(0..3)) OF Tree }
    Rec ::= SEQUENCE { a BOOLEAN, ..., b BOOLEAN OPTIONAL }
    Str ::= OCTET STRING
END";

fn schema() -> Schema {
    Schema::from_source(SPEC, "bad.asn").unwrap()
}

fn codec_err(r: Result<sg17_asn1_schema::SchemaValue, SchemaError>) -> sg17_asn1_schema::CodecError {
    match r {
        Err(SchemaError::Codec(e)) => e,
        other => panic!("expected a codec error, got {other:?}"),
    }
}

#[test]
fn x691_11_9_fragment_claiming_64k_items_in_short_input() {
    let s = schema();
    // 0xC4: a fragment of 4 x 16K items, but only 3 octets follow.
    let e = codec_err(s.decode("Many", &[0xC4, 1, 2, 3], Rules::Uper));
    assert!(e.bit_offset >= 8, "{e}");
    let e = codec_err(s.decode("Str", &[0xC4, 0, 0], Rules::Aper));
    assert!(e.message.contains("more bits"), "{e}");
}

#[test]
fn x691_11_9_zero_size_items_are_bounded_by_the_item_limit() {
    let s = schema();
    // SEQUENCE OF NULL: each 0xC4 fragment adds 64K items that take no bits.
    let data = vec![0xC4; 200];
    let e = codec_err(s.decode("Nulls", &data, Rules::Uper));
    assert!(e.message.contains("more than"), "{e}");
}

#[test]
fn x696_8_6_length_determinant_of_2_pow_64_minus_1() {
    let s = schema();
    let mut data = vec![0x88];
    data.extend([0xFF; 8]);
    let e = codec_err(s.decode("Str", &data, Rules::Oer));
    assert_eq!(e.rules, "OER");
    assert!(e.message.contains("exceeds") || e.message.contains("address space"), "{e}");
}

#[test]
fn x696_17_quantity_field_claiming_2_pow_64_items() {
    let s = schema();
    let mut data = vec![0x08];
    data.extend([0xFF; 8]);
    let e = codec_err(s.decode("Nulls", &data, Rules::Oer));
    assert!(e.message.contains("limit"), "{e}");
}

#[test]
fn x691_deep_recursion_is_bounded() {
    let s = schema();
    // Each level: value (8 bits) and a child count of 1 (2 bits), 300 levels deep.
    let mut bits = Vec::new();
    for _ in 0..300 {
        bits.extend([false; 8]);
        bits.extend([false, true]);
    }
    let mut data = vec![0u8; bits.len().div_ceil(8)];
    for (i, b) in bits.iter().enumerate() {
        if *b {
            data[i / 8] |= 0x80 >> (i % 8);
        }
    }
    let e = codec_err(s.decode("Tree", &data, Rules::Uper));
    assert!(e.message.contains("nesting"), "{e}");
}

#[test]
fn x691_19_invalid_extension_bitmap() {
    let s = schema();
    // Extension bit set, a = TRUE, bitmap length 64 (normally small 63), input ends.
    let e = codec_err(s.decode("Rec", &[0b1101_1111, 0b1000_0000], Rules::Uper));
    assert!(e.bit_offset > 0, "{e}");
    // OER: extension bitmap with an unused-bits octet of 9.
    let e = codec_err(s.decode("Rec", &[0x80, 0xFF, 0x02, 0x09, 0x80], Rules::Oer));
    assert!(e.message.contains("unused"), "{e}");
}

#[test]
fn x691_11_1_trailing_octets_rejected() {
    let s = schema();
    let e = codec_err(s.decode("Rec", &[0x40, 0x00, 0x00], Rules::Uper));
    assert_eq!(e.clause, "X.691 11.1");
}

#[test]
fn x680_notation_errors_have_line_and_column() {
    let cases: [(&str, usize, usize, &str); 6] = [
        ("M DEFINITIONS ::= BEGIN\n  T ::= SEQUENCE { a INTEGER,, }\nEND", 2, 30, "X.680 25.1"),
        ("M DEFINITIONS ::= BEGIN\n  T ::= INTEGER\n", 3, 1, "X.680 13"),
        ("M DEFINITIONS ::= BEGIN\n  T ::= $ END", 2, 9, "X.680 12"),
        ("M DEFINITIONS ::= BEGIN\n  T ::= U\nEND", 2, 9, "X.680 14"),
        ("M DEFINITIONS ::= BEGIN\n  T ::= BOOLEAN\n  T ::= NULL\nEND", 3, 3, "X.680 13.10"),
        ("M DEFINITIONS ::= BEGIN\n  T ::= INTEGER (1..\nEND", 3, 1, "X.680 17.7"),
    ];
    for (src, line, col, rule) in cases {
        let e = Schema::from_source(src, "t.asn").unwrap_err();
        assert!(e.rule.starts_with(rule), "{src:?}: {e}");
        assert_eq!((e.position.line, e.position.column), (line, col), "{src:?}: {e}");
    }
}

#[test]
fn x680_29_3_choice_tag_clash_rejected() {
    let e = Schema::from_source("M DEFINITIONS ::= BEGIN C ::= CHOICE { a INTEGER, b INTEGER } END", "t")
        .unwrap_err();
    assert!(e.message.contains("same tag"), "{e}");
}

#[test]
fn x680_deeply_nested_notation_is_bounded() {
    let src = format!("M DEFINITIONS ::= BEGIN T ::= {}INTEGER{} END", "SEQUENCE OF ".repeat(5000), "");
    let e = Schema::from_source(&src, "t").unwrap_err();
    assert!(e.message.contains("nesting"), "{e}");
}

#[test]
fn x691_14_empty_enumeration_root_and_choice_root_are_errors_not_panics() {
    let s = Schema::from_source(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
           E ::= ENUMERATED { ..., a }
           C ::= CHOICE { ..., b BOOLEAN }
         END",
        "t",
    )
    .unwrap();
    for rules in Rules::ALL {
        for data in [&[][..], &[0x00][..], &[0xFF, 0xFF][..]] {
            let _ = s.decode("E", data, rules);
            let _ = s.decode("C", data, rules);
        }
    }
    assert!(s.decode("E", &[0x00], Rules::Uper).is_err());
}

#[test]
fn x680_27_3_tag_clash_error_points_at_the_type_assignment() {
    // Found by fuzz/fuzz_targets/asn1_schema_notation.rs: the distinct-tags check (X.680 27.3,
    // 29.3) reported position 0:0, outside the text.
    let src = "M DEFINITIONS ::= BEGIN\n  A ::= INTEGER\n  S ::= SET { a [1] INTEGER, b [1] BOOLEAN }\nEND";
    let e = Schema::from_source(src, "clash.asn").unwrap_err();
    assert_eq!(e.rule, "X.680 27.3 / 29.3 distinct tags");
    assert_eq!((e.position.line, e.position.column), (3, 3), "{e}");
}

#[test]
fn x690_8_6_2_ber_unused_bits_are_not_part_of_the_bit_string_value() {
    // Found by fuzz/fuzz_targets/asn1_schema_decode.rs: BER '1'B with the 7 unused bits set
    // (03 02 07 ff) decoded to bits [ff], so the round trip through BER (which writes zero
    // unused bits, 03 02 07 80) gave a different value.
    let s = Schema::from_source("M DEFINITIONS ::= BEGIN B ::= BIT STRING END", "b.asn").unwrap();
    let v = s.decode("B", &[0x03, 0x02, 0x07, 0xff], Rules::Ber).unwrap();
    assert_eq!(v, sg17_asn1_schema::SchemaValue::BitString { bits: vec![0x80], len: 1 });
    assert_eq!(s.encode("B", &v, Rules::Ber).unwrap(), [0x03, 0x02, 0x07, 0x80]);
}

#[test]
fn x690_11_2_2_cer_der_reject_trailing_zero_bits_of_named_bit_strings() {
    // Found by fuzz/fuzz_targets/asn1_schema_decode.rs: CER accepted 03 02 00 80 for a
    // named-bit BIT STRING ('10000000'B, 7 trailing 0 bits); its CER/DER encoding drops the
    // trailing zeros (X.690 11.2.2): 03 02 07 80.
    let s =
        Schema::from_source("M DEFINITIONS ::= BEGIN F ::= BIT STRING { a(0), b(1) } END", "f.asn").unwrap();
    for rules in [Rules::Cer, Rules::Der] {
        let e = codec_err(s.decode("F", &[0x03, 0x02, 0x00, 0x80], rules));
        assert!(e.message.contains("X.690 11.2.2"), "{e}");
        let v = s.decode("F", &[0x03, 0x02, 0x07, 0x80], rules).unwrap();
        assert_eq!(s.encode("F", &v, rules).unwrap(), [0x03, 0x02, 0x07, 0x80]);
    }
    assert!(s.decode("F", &[0x03, 0x02, 0x00, 0x80], Rules::Ber).is_ok(), "BER allows them");
}

#[test]
fn x696_15_named_bit_strings_drop_trailing_zero_bits_then_pad_to_the_lower_bound() {
    // X.680 22.7 lets encoding rules drop or add trailing 0 bits of a named-bit BIT STRING.
    // OER used to refuse { a } ('1'B) for a SIZE (8) type and to send '1000'B as 4 bits; it now
    // drops the zeros and pads to the lower bound, as PER does (X.691 16.2/16.3), which gives
    // the one form COER accepts. Octets worked from X.696 15: a fixed size has no length or
    // initial octet; otherwise length, unused-bits octet, bits. asn1tools 0.167 gives the same
    // 80 for F; for V it sends all 12 bits of '100000000000'B though SIZE (2..8) forbids that.
    let s = Schema::from_source(
        "M DEFINITIONS ::= BEGIN \
         F ::= BIT STRING { a(0), b(1), c(2) } (SIZE (8)) \
         V ::= BIT STRING { a(0), b(1), c(2) } (SIZE (2..8)) \
         U ::= BIT STRING { a(0), b(1), c(2) } \
         P ::= BIT STRING (SIZE (2..8)) END",
        "b.asn",
    )
    .unwrap();
    let bits = |b: &[u8], len| sg17_asn1_schema::SchemaValue::BitString { bits: b.to_vec(), len };
    for rules in [Rules::Oer, Rules::Coer] {
        for (t, v, enc) in [
            ("F", bits(&[0x80], 1), &[0x80][..]),
            ("F", bits(&[0xFF], 1), &[0x80][..]), // bits past the length are not sent
            ("V", bits(&[0x80, 0x00], 12), &[0x02, 0x06, 0x80][..]),
            ("V", bits(&[0xA0], 4), &[0x02, 0x05, 0xA0][..]),
            ("U", bits(&[0x00], 3), &[0x01, 0x00][..]),
            ("U", bits(&[0x20, 0x00], 16), &[0x02, 0x05, 0x20][..]),
            ("P", bits(&[0x80], 4), &[0x02, 0x04, 0x80][..]), // no named bits: kept as given
        ] {
            assert_eq!(s.encode(t, &v, rules).unwrap(), enc, "{t} {v:?} {rules}");
        }
    }
    // Basic OER decoders take any length the constraint allows; COER only the shortest.
    for (t, enc) in [("V", &[0x02, 0x04, 0x80][..]), ("U", &[0x02, 0x07, 0x00][..])] {
        assert!(s.decode(t, enc, Rules::Oer).is_ok(), "{t}");
        let e = codec_err(s.decode(t, enc, Rules::Coer));
        assert_eq!(e.clause, "X.696 15", "{e}");
    }
    // At the lower bound the trailing zeros are padding, not extra bits.
    assert!(s.decode("V", &[0x02, 0x06, 0x80], Rules::Coer).is_ok());
    assert!(s.decode("P", &[0x02, 0x04, 0x80], Rules::Coer).is_ok(), "no named bits");
    // The bits after the last are no part of the value: OER ignores them, COER wants them 0.
    assert_eq!(s.decode("P", &[0x02, 0x04, 0x8F], Rules::Oer).unwrap(), bits(&[0x80], 4));
    let e = codec_err(s.decode("P", &[0x02, 0x04, 0x8F], Rules::Coer));
    assert_eq!(e.clause, "X.696 15", "{e}");
    // The constraint check takes '100000000000'B as { a }, which fits SIZE (2..8); every rule
    // then sends it at a length its decoder accepts, and it comes back as { a }.
    let long = bits(&[0x80, 0x00], 12);
    for rules in
        [Rules::Der, Rules::Ber, Rules::Uper, Rules::Aper, Rules::Oer, Rules::Coer, Rules::Jer, Rules::Xer]
    {
        let enc = s.encode("V", &long, rules).unwrap_or_else(|e| panic!("{rules}: {e}"));
        let back = s.decode("V", &enc, rules).unwrap_or_else(|e| panic!("{rules}: {e}"));
        let sg17_asn1_schema::SchemaValue::BitString { bits, len } = back else { panic!("{back:?}") };
        assert_eq!(sg17_asn1_schema::SchemaValue::significant_bits(&bits, len), 1, "{rules}");
        assert!(len <= 8, "{rules}: {len}");
    }
}

#[test]
fn x680_22_bit_string_values_built_short_are_refused_and_bits_past_the_length_never_sent() {
    // A BIT STRING value built by hand may claim more bits than its octets hold: BER used to
    // panic slicing past them, and XER looped over the claimed length. Every encoder now
    // refuses it. And bits past the value's length were sent as PER padding: { a } held as
    // 0xFF with length 1, padded to SIZE (4), went out as '1111'B instead of '1000'B.
    let s = Schema::from_source(
        "M DEFINITIONS ::= BEGIN B ::= BIT STRING N ::= BIT STRING { a(0) } (SIZE (4)) END",
        "b.asn",
    )
    .unwrap();
    let short = sg17_asn1_schema::SchemaValue::BitString { bits: vec![], len: 16 };
    let junk = sg17_asn1_schema::SchemaValue::BitString { bits: vec![0xFF], len: 1 };
    for rules in [
        Rules::Ber,
        Rules::Cer,
        Rules::Der,
        Rules::Uper,
        Rules::Aper,
        Rules::Oer,
        Rules::Coer,
        Rules::Jer,
        Rules::Xer,
    ] {
        for t in ["B", "N"] {
            match s.encode(t, &short, rules) {
                Err(SchemaError::Codec(e)) => assert!(e.message.contains("needs 2 octets"), "{rules} {e}"),
                other => panic!("{t} {rules}: {other:?}"),
            }
        }
    }
    // '1000'B: UPER/APER 4 bits, no length (X.691 16.9); OER the one octet (X.696 15).
    for rules in [Rules::Uper, Rules::Aper, Rules::Oer, Rules::Coer] {
        assert_eq!(s.encode("N", &junk, rules).unwrap(), [0x80], "{rules}");
    }
    // DER: 1 bit, 7 unused bits of value 0 (X.690 11.2.1, 11.2.2).
    assert_eq!(s.encode("B", &junk, Rules::Der).unwrap(), [0x03, 0x02, 0x07, 0x80]);
}

#[test]
fn x691_11_7_semi_constrained_offset_past_i128_is_an_error_not_a_wrap() {
    // Found by fuzz/fuzz_targets/asn1_schema_decode.rs: INTEGER (1..MAX) carries n - 1 in up
    // to 16 octets (X.691 11.7); the offset FF..FF (2^128 - 1) made n = 2^128, which wrapped
    // to a negative i128. Octets by hand: length 16, then sixteen FF.
    let s = Schema::from_source("M DEFINITIONS ::= BEGIN S ::= INTEGER (1..MAX) END", "s.asn").unwrap();
    let mut enc = vec![0x10];
    enc.extend([0xFF; 16]);
    for rules in [Rules::Uper, Rules::Aper] {
        let e = codec_err(s.decode("S", &enc, rules));
        assert_eq!(e.clause, "X.691 11.7", "{e}");
    }
    // 2^127 - 1 = offset 2^127 - 2 still fits: length 16, 7F FF .. FE.
    let mut enc = vec![0x10, 0x7F];
    enc.extend([0xFF; 14]);
    enc.push(0xFE);
    assert_eq!(s.decode("S", &enc, Rules::Uper).unwrap(), sg17_asn1_schema::SchemaValue::Integer(i128::MAX));
}

#[test]
fn x696_16_2_coer_rejects_non_zero_preamble_padding() {
    // Found by fuzz/fuzz_targets/asn1_schema_decode.rs: a SET with an extension marker and one
    // OPTIONAL component has a 2-bit preamble; COER accepted a0 (padding bit 2 set) for the
    // value whose encoding starts 80.
    let s = Schema::from_source(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN P ::= SET { a INTEGER (0..255), b BOOLEAN OPTIONAL, ... } END",
        "p.asn",
    )
    .unwrap();
    assert!(s.decode("P", &[0x00, 0x09], Rules::Coer).is_ok());
    let e = codec_err(s.decode("P", &[0x20, 0x09], Rules::Coer));
    assert_eq!(e.clause, "X.696 16.2", "{e}");
    assert!(s.decode("P", &[0x20, 0x09], Rules::Oer).is_ok(), "basic OER decoders ignore padding");
}

#[test]
fn x690_8_2_8_3_8_8_implicitly_tagged_primitives_are_checked() {
    // Found by fuzz/fuzz_targets/asn1_schema_decode.rs: CER accepted [3] IMPLICIT BOOLEAN with
    // contents 10 (TRUE must be FF, X.690 11.1). Under an implicit tag the contents bypass the
    // universal-type checks, so BOOLEAN (8.2.1), NULL (8.8.2) and INTEGER (8.3.2) are checked
    // by the schema decoder.
    let s = Schema::from_source(
        "M DEFINITIONS ::= BEGIN B ::= [3] IMPLICIT BOOLEAN N ::= [4] IMPLICIT NULL I ::= [5] IMPLICIT INTEGER END",
        "t.asn",
    )
    .unwrap();
    assert!(codec_err(s.decode("B", &[0x83, 0x01, 0x10], Rules::Cer)).message.contains("X.690 11.1"));
    assert!(codec_err(s.decode("B", &[0x83, 0x01, 0x10], Rules::Der)).message.contains("X.690 11.1"));
    assert_eq!(
        s.decode("B", &[0x83, 0x01, 0x10], Rules::Ber).unwrap(),
        sg17_asn1_schema::SchemaValue::Boolean(true)
    );
    assert!(codec_err(s.decode("B", &[0x83, 0x00], Rules::Ber)).message.contains("X.690 8.2.1"));
    assert!(codec_err(s.decode("N", &[0x84, 0x01, 0x00], Rules::Ber)).message.contains("X.690 8.8.2"));
    assert!(codec_err(s.decode("I", &[0x85, 0x02, 0x00, 0x05], Rules::Ber)).message.contains("X.690 8.3.2"));
    assert!(codec_err(s.decode("I", &[0x85, 0x02, 0xFF, 0x80], Rules::Der)).message.contains("X.690 8.3.2"));
    assert!(s.decode("I", &[0x85, 0x02, 0x00, 0x80], Rules::Der).is_ok());
}

#[test]
fn x690_11_2_1_der_cer_reject_set_unused_bits_of_an_implicitly_tagged_bit_string() {
    // Found by asn1_schema_decode in CI: DER accepted [3] IMPLICIT BIT STRING with contents
    // 07 90 (one bit, 1, and a set bit among the seven unused ones), which re-encodes as 07 80.
    let s =
        Schema::from_source("M DEFINITIONS ::= BEGIN F ::= [3] IMPLICIT BIT STRING END", "t.asn").unwrap();
    for rules in [Rules::Der, Rules::Cer] {
        let e = codec_err(s.decode("F", &[0x83, 0x02, 0x07, 0x90], rules));
        assert!(e.message.contains("X.690 11.2.1"), "{rules}: {e}");
        assert!(s.decode("F", &[0x83, 0x02, 0x07, 0x80], rules).is_ok());
    }
    // BER leaves them free (X.690 8.6.2.3); they are not part of the value.
    let v = s.decode("F", &[0x83, 0x02, 0x07, 0x90], Rules::Ber).unwrap();
    assert_eq!(v, sg17_asn1_schema::SchemaValue::BitString { bits: vec![0x80], len: 1 });
}

#[test]
fn x696_27_oer_decoders_check_string_size_and_alphabet() {
    // Found by fuzz/fuzz_targets/asn1_schema_decode.rs: OER/COER decoded strings that break
    // their PER-visible SIZE and FROM constraints, which the encoder then refused to re-encode.
    let s = Schema::from_source(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
            N ::= VisibleString (FROM (\"a\"..\"z\") ^ SIZE(1..4))
            F ::= VisibleString (FROM (\"a\"..\"z\") ^ SIZE(2))
         END",
        "s.asn",
    )
    .unwrap();
    for rules in [Rules::Oer, Rules::Coer] {
        // X.696 27.3: length determinant then the octets.
        assert!(s.decode("N", &[0x02, b'a', b'b'], rules).is_ok());
        let e = codec_err(s.decode("N", &[0x00], rules));
        assert_eq!(e.clause, "X.696 27", "{e}");
        assert!(e.to_string().contains("size constraint"), "{e}");
        let e = codec_err(s.decode("N", &[0x02, b'a', b'B'], rules));
        assert!(e.to_string().contains("permitted alphabet"), "{e}");
        // X.696 27.2: fixed size, no length determinant.
        assert!(s.decode("F", b"ok", rules).is_ok());
        // NUL is outside VisibleString itself (X.680 41), which is checked first.
        let e = codec_err(s.decode("F", &[0x00, b'k'], rules));
        assert!(e.to_string().contains("not a VisibleString character"), "{e}");
        let e = codec_err(s.decode("F", b"oK", rules));
        assert!(e.to_string().contains("permitted alphabet"), "{e}");
    }
}

#[test]
fn x696_10_coer_rejects_non_minimal_integers_and_enumerations() {
    // Found by fuzz/fuzz_targets/asn1_schema_decode.rs: COER accepted 05 00 79 00 00 00 for
    // 2030043136, whose canonical encoding is 04 79 00 00 00 (minimum octets, X.696 10).
    let s = Schema::from_source(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
            I ::= INTEGER
            U ::= INTEGER (0..MAX)
            E ::= ENUMERATED { a(0), b(200) }
         END",
        "i.asn",
    )
    .unwrap();
    assert!(s.decode("I", &[0x04, 0x79, 0, 0, 0], Rules::Coer).is_ok());
    let e = codec_err(s.decode("I", &[0x05, 0x00, 0x79, 0, 0, 0], Rules::Coer));
    assert_eq!(e.clause, "X.696 10", "{e}");
    assert!(s.decode("I", &[0x05, 0x00, 0x79, 0, 0, 0], Rules::Oer).is_ok(), "basic OER is lenient");
    // -1 is FF; FF FF is not minimal.
    assert!(codec_err(s.decode("I", &[0x02, 0xff, 0xff], Rules::Coer)).clause == "X.696 10");
    // Unsigned: 00 80 is not minimal for 128 (80 is).
    assert!(s.decode("U", &[0x01, 0x80], Rules::Coer).is_ok());
    assert!(codec_err(s.decode("U", &[0x02, 0x00, 0x80], Rules::Coer)).clause == "X.696 10");
    // Enumerated 200: long form 81 00 c8 is the minimum (c8 alone would be negative); 0 must use
    // the short form 00, not 81 00.
    assert!(s.decode("E", &[0x82, 0x00, 0xc8], Rules::Coer).is_ok());
    assert!(codec_err(s.decode("E", &[0x81, 0x00], Rules::Coer)).clause == "X.696 11");
}

#[test]
fn x680_52_der_unknown_extension_additions_are_accepted_and_dropped() {
    // An encoder of a later version may add components after the extension marker; a decoder
    // of this version accepts and ignores them (X.680 52.7, X.690 8.9). The value model does
    // not keep them, so the re-encoding is the value without them (docs/asn1-schema.md; the
    // asn1_schema_decode fuzz target allows exactly this when checking canonical uniqueness).
    let s = Schema::from_source(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN R ::= SEQUENCE { a INTEGER, ... } END",
        "r.asn",
    )
    .unwrap();
    // SEQUENCE { [0] 5, [12] 0x97 } where [12] is unknown to this version.
    let with_unknown = [0x30, 0x06, 0x80, 0x01, 0x05, 0x8c, 0x01, 0x97];
    let v = s.decode("R", &with_unknown, Rules::Der).unwrap();
    assert_eq!(s.encode("R", &v, Rules::Der).unwrap(), [0x30, 0x03, 0x80, 0x01, 0x05]);
}

#[test]
fn x696_15_16_17_oer_decoders_check_size_constraints() {
    // Found by fuzz/fuzz_targets/asn1_schema_decode.rs: OER decoded an empty OCTET STRING of
    // SIZE (1..8), which the encoder then refused (X.696 16); BIT STRING (15) and SEQUENCE OF
    // (17) had the same gap.
    let s = Schema::from_source(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
            O ::= OCTET STRING (SIZE(1..8))
            B ::= BIT STRING (SIZE(1..8))
            L ::= SEQUENCE (SIZE(1..2)) OF BOOLEAN
         END",
        "z.asn",
    )
    .unwrap();
    for rules in [Rules::Oer, Rules::Coer] {
        assert!(s.decode("O", &[0x01, 0xaa], rules).is_ok());
        assert_eq!(codec_err(s.decode("O", &[0x00], rules)).clause, "X.696 16");
        // BIT STRING: length, unused-bits octet, data (X.696 15.3).
        assert!(s.decode("B", &[0x02, 0x07, 0x80], rules).is_ok());
        assert_eq!(codec_err(s.decode("B", &[0x01, 0x00], rules)).clause, "X.696 15");
        // SEQUENCE OF: quantity field (length 1, value 3) then the components (X.696 17.1).
        assert!(s.decode("L", &[0x01, 0x01, 0xff], rules).is_ok());
        assert_eq!(codec_err(s.decode("L", &[0x01, 0x03, 0xff, 0x00, 0xff], rules)).clause, "X.696 17");
    }
}

const OPEN_SPEC: &str = "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
    Alt ::= CHOICE { a BOOLEAN, ..., many SEQUENCE OF NULL }
    Alts ::= SEQUENCE OF Alt
END";

#[test]
fn x691_11_2_items_inside_open_types_count_against_the_item_limit() {
    let s = Schema::from_source(OPEN_SPEC, "open.asn").unwrap();
    let id = s.type_id("Alts").unwrap();
    let limits = sg17_asn1_schema::per::Limits { max_items: 10, ..Default::default() };
    // UPER: 3 Alts; each is the extension bit, normally-small index 0 (7 bits), then an open
    // type of 1 octet holding a SEQUENCE OF NULL of 5 items: 3 + 3 x 5 = 18 items > 10.
    let alt = [0x80, 0x01, 0x05];
    let mut data = vec![0x03];
    (0..3).for_each(|_| data.extend(alt));
    let e = sg17_asn1_schema::per::decode_with_limits(&s, id, &data, false, limits).unwrap_err();
    assert!(e.message.contains("more than 10"), "{e}");
    // One Alt (1 + 5 items) is within the limit.
    let one = [0x01, 0x80, 0x01, 0x05];
    assert!(sg17_asn1_schema::per::decode_with_limits(&s, id, &one, false, limits).is_ok());
}

#[test]
fn x691_11_1_and_x696_20_open_types_hold_exactly_one_encoding() {
    let s = schema_open();
    // UPER: alternative `many` in an open type of 2 octets: an empty SEQUENCE OF NULL (count
    // 0) followed by a stray 0x21.
    assert!(s.decode("Alt", &[0x80, 0x01, 0x00], Rules::Uper).is_ok());
    let e = codec_err(s.decode("Alt", &[0x80, 0x02, 0x00, 0x21], Rules::Uper));
    assert_eq!(e.clause, "X.691 11.1", "{e}");
    // OER: tag [1], open type of 3 octets: quantity 0 (01 00) and a stray 0x21 (found by
    // asn1_schema_decode under COER; basic OER is held to the same rule).
    assert!(s.decode("Alt", &[0x81, 0x02, 0x01, 0x00], Rules::Coer).is_ok());
    for rules in [Rules::Oer, Rules::Coer] {
        let e = codec_err(s.decode("Alt", &[0x81, 0x03, 0x01, 0x00, 0x21], rules));
        assert_eq!(e.clause, "X.696 20", "{e}");
        assert!(e.message.contains("left over"), "{e}");
    }
}

fn schema_open() -> Schema {
    Schema::from_source(OPEN_SPEC, "open.asn").unwrap()
}

#[test]
fn x691_11_9_4_2_semi_constrained_sizes_are_still_checked() {
    let s = Schema::from_source(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
            L ::= SEQUENCE SIZE (1..MAX) OF INTEGER (0..7)
            O ::= OCTET STRING (SIZE (2..MAX))
            V ::= VisibleString (SIZE (1..MAX))
        END",
        "semi.asn",
    )
    .unwrap();
    // An unconstrained length of 0 (X.691 11.9.4.2: a SIZE without upper bound does not shape
    // the length determinant), which the lower bound forbids.
    for (ty, clause) in [("L", "X.691 20"), ("O", "X.691 17"), ("V", "X.691 30.5")] {
        for rules in [Rules::Uper, Rules::Aper] {
            let e = codec_err(s.decode(ty, &[0x00], rules));
            assert_eq!(e.clause, clause, "{ty} {rules}: {e}");
        }
    }
    // At the lower bound they decode.
    assert!(s.decode("L", &[0x01, 0xE0], Rules::Uper).is_ok());
    assert!(s.decode("O", &[0x02, 0xAB, 0xCD], Rules::Uper).is_ok());
}

#[test]
fn x690_9_2_and_10_2_string_forms_under_cer_and_der() {
    // Found by asn1_schema_decode: DER accepted a constructed [1] IMPLICIT string (a1 00),
    // whose DER form is primitive (81 00, X.690 10.2).
    let s = Schema::from_source(
        "M DEFINITIONS ::= BEGIN
            I ::= [1] IMPLICIT OCTET STRING
            U ::= OCTET STRING
            B ::= [2] IMPLICIT BIT STRING
            V ::= [3] IMPLICIT VisibleString
        END",
        "forms.asn",
    )
    .unwrap();
    let e = codec_err(s.decode("I", &[0xA1, 0x00], Rules::Der));
    assert!(e.message.contains("X.690 10.2"), "{e}");
    let e = codec_err(s.decode("V", &[0xA3, 0x03, 0x1A, 0x01, 0x41], Rules::Der));
    assert!(e.message.contains("X.690 10.2"), "{e}");
    let e = codec_err(s.decode("I", &[0xA1, 0x80, 0x04, 0x01, 0xAA, 0x00, 0x00], Rules::Cer));
    assert!(e.message.contains("X.690 9.2"), "{e}");
    // BER takes the constructed forms; a BIT STRING's segments each have an unused-bits octet.
    let v = s.decode("I", &[0xA1, 0x06, 0x04, 0x01, 0xAA, 0x04, 0x01, 0xBB], Rules::Ber).unwrap();
    assert_eq!(v, sg17_asn1_schema::SchemaValue::OctetString(vec![0xAA, 0xBB]));
    let v = s.decode("B", &[0xA2, 0x08, 0x03, 0x02, 0x00, 0xAA, 0x03, 0x02, 0x04, 0xB0], Rules::Ber).unwrap();
    assert_eq!(v, sg17_asn1_schema::SchemaValue::BitString { bits: vec![0xAA, 0xB0], len: 12 });
    assert!(
        s.decode("B", &[0xA2, 0x08, 0x03, 0x02, 0x04, 0xA0, 0x03, 0x02, 0x04, 0xB0], Rules::Ber).is_err()
    );
    // CER round trip of long strings: 1500 octets go out as 1000 + 500 fragments (X.690 9.2)
    // and come back; DER keeps them primitive.
    for ty in ["U", "I"] {
        let v = sg17_asn1_schema::SchemaValue::OctetString(vec![0x5A; 1500]);
        for rules in [Rules::Cer, Rules::Der, Rules::Ber] {
            let enc = s.encode(ty, &v, rules).unwrap();
            assert_eq!(s.decode(ty, &enc, rules).unwrap(), v, "{ty} {rules}");
        }
    }
}

#[test]
fn x691_11_5_an_empty_size_range_is_an_error_not_an_overflow() {
    // Found by asn1_schema_notation in CI: SIZE (0) applied to a type whose root is SIZE(1..64)
    // leaves no permitted size (X.680 49.1: serial constraints intersect); decoding such a
    // component with ALIGNED PER overflowed while sizing the range.
    let s = Schema::from_source(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
            N ::= VisibleString (SIZE(1..64, ...))
            R ::= SEQUENCE { a N (SIZE(0)) }
        END",
        "empty.asn",
    )
    .unwrap();
    for rules in [Rules::Uper, Rules::Aper, Rules::Cuper, Rules::Caper] {
        for data in [&[0x00u8, 0x00][..], &[0xFF, 0xFF], &[0x80, 0x00]] {
            let _ = s.decode("R", data, rules); // an error or a value, never a panic
        }
    }
}

/// A mismatch found while reading the decoded tree through the type is reported at the octet
/// offset of the offending element, not at the start of the input. The offsets follow from the
/// X.690 8.1 identifier-length-contents layout of the hand-built encodings below.
#[test]
fn x690_ber_schema_mismatch_reports_the_offset_of_the_element() {
    let s = Schema::from_source(
        "M DEFINITIONS ::= BEGIN
            Outer ::= SEQUENCE { a INTEGER, inner Inner }
            Inner ::= SEQUENCE { x [0] IMPLICIT BOOLEAN, y [1] EXPLICIT BOOLEAN }
            List ::= SEQUENCE OF Inner
        END",
        "ber-offsets.asn",
    )
    .unwrap();
    // 30 0D | 02 01 05 | 30 08 | 80 01 01 | A1 03 01 01 FF: x (offset 7) is TRUE as 01, which
    // DER forbids (X.690 11.1); only the schema decoder sees it, as x is implicitly tagged.
    let der = [0x30, 0x0D, 0x02, 0x01, 0x05, 0x30, 0x08, 0x80, 0x01, 0x01, 0xA1, 0x03, 0x01, 0x01, 0xFF];
    let e = codec_err(s.decode("Outer", &der, Rules::Der));
    assert!(e.message.contains("X.690 11.1"), "{e}");
    assert_eq!(e.bit_offset, 7 * 8, "{e}");
    // The same in BER is a valid value.
    assert!(s.decode("Outer", &der, Rules::Ber).is_ok());
    // y's explicit tag [1] at offset 10 holds an INTEGER (offset 12) where a BOOLEAN belongs.
    let mut bad = der;
    bad[12..15].copy_from_slice(&[0x02, 0x01, 0x05]);
    let e = codec_err(s.decode("Outer", &bad, Rules::Ber));
    assert!(e.message.contains("expected tag"), "{e}");
    assert_eq!(e.bit_offset, 12 * 8, "{e}");
    // SEQUENCE OF: the second Inner (offset 12) lacks y; the error is at that SEQUENCE.
    // 30 0F | 30 08 80 01 FF A1 03 01 01 FF | 30 03 80 01 00
    let list = [
        0x30, 0x0F, 0x30, 0x08, 0x80, 0x01, 0xFF, 0xA1, 0x03, 0x01, 0x01, 0xFF, 0x30, 0x03, 0x80, 0x01, 0x00,
    ];
    let e = codec_err(s.decode("List", &list, Rules::Der));
    assert!(e.message.contains("mandatory component `y`"), "{e}");
    assert_eq!(e.bit_offset, 12 * 8, "{e}");
    // A mismatch at the outermost element is at offset 0.
    let e = codec_err(s.decode("Outer", &[0x31, 0x00], Rules::Der));
    assert_eq!(e.bit_offset, 0, "{e}");
}

/// X.680 41 (Tables 9 and 10): NumericString, PrintableString, VisibleString and IA5String
/// hold only their own characters, in every rule. `*` is not a PrintableString character, `a`
/// not a NumericString one, TAB not a VisibleString one, `é` not IA5. Before, OER and BER
/// under an implicit tag (where sg17-asn1 does not see the string type) accepted them.
#[test]
fn x680_41_restricted_character_sets_in_every_rule() {
    let s = Schema::from_source(
        "M DEFINITIONS ::= BEGIN
            P ::= PrintableString
            N ::= NumericString
            V ::= VisibleString
            I ::= IA5String
            T ::= [0] IMPLICIT PrintableString
        END",
        "chars.asn",
    )
    .unwrap();
    let all =
        [Rules::Uper, Rules::Aper, Rules::Oer, Rules::Coer, Rules::Ber, Rules::Der, Rules::Jer, Rules::Xer];
    for (ty, good, bad) in
        [("P", "Az09 '()+,-./:=?", "a*b"), ("N", "0 9", "1a"), ("V", "~ !", "a\tb"), ("I", "\t~", "\u{e9}")]
    {
        let v = |t: &str| sg17_asn1_schema::SchemaValue::String(t.into());
        for rules in all {
            let enc = s.encode(ty, &v(good), rules).unwrap_or_else(|e| panic!("{ty} {rules}: {e}"));
            assert_eq!(s.decode(ty, &enc, rules).unwrap(), v(good), "{ty} {rules}");
            let e = codec_err(s.encode(ty, &v(bad), rules).map(|_| v(bad)));
            assert!(e.message.contains("character") || e.message.contains("alphabet"), "{ty} {rules}: {e}");
        }
    }
    // Decoding: a one-octet '*' in OER, under [0] IMPLICIT in BER, in JER and in XER.
    for (ty, rules, input) in [
        ("P", Rules::Oer, b"\x01*".to_vec()),
        ("T", Rules::Ber, b"\x80\x01*".to_vec()),
        ("T", Rules::Der, b"\x80\x01*".to_vec()),
        ("P", Rules::Jer, b"\"*\"".to_vec()),
        ("P", Rules::Xer, b"<P>*</P>".to_vec()),
    ] {
        let e = codec_err(s.decode(ty, &input, rules));
        assert!(e.message.contains("PrintableString character"), "{ty} {rules}: {e}");
    }
}
