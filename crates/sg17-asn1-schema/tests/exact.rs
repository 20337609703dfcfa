//! Exact subtype constraints (X.680 50, 51) where the PER-visible hull (one value range, one
//! size range, one permitted alphabet) is not exact: unions and EXCEPT of values and ranges,
//! single values of BOOLEAN, ENUMERATED, strings, OCTET/BIT STRING and OBJECT IDENTIFIER,
//! contained subtypes, unions of SIZE and FROM, and PATTERN.
//!
//! Verdicts are worked out by hand from X.680 50-51 for each case: asn1tools 0.169.0 does not
//! check these (with check_constraints=True it keeps only the first element of a union, so
//! it rejects 3 for `INTEGER (1|3|5)`; it ignores EXCEPT, intersections, single values of
//! BOOLEAN, and fails on those of OCTET STRING and OBJECT IDENTIFIER; it cannot compile
//! single values of strings or ENUMERATED; it ignores PATTERN). The octets of an invalid
//! value come from its twin type, which has the same PER-visible hull (so the same encoding,
//! X.691 10.3) but not the exact constraint; for the valid values the test checks that the
//! constrained type and its twin encode alike.

use sg17_asn1_schema::{Rules, Schema, SchemaError};

const SPEC: &str = r#"M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
    I1 ::= INTEGER (1 | 3 | 5)                     I1T ::= INTEGER (1..5)
    I2 ::= INTEGER (0..10 EXCEPT 5)                I2T ::= INTEGER (0..10)
    I3 ::= INTEGER ((1..10) ^ (5..20))             I3T ::= INTEGER (5..10)
    I4 ::= INTEGER (1..3 | 7..9)                   I4T ::= INTEGER (1..9)
    I5 ::= INTEGER (ALL EXCEPT 5)                  I5T ::= INTEGER
    I6 ::= INTEGER (Small | Big)                   I6T ::= INTEGER (1..200)
    Small ::= INTEGER (1..10)
    Big ::= INTEGER (100..200)
    Even ::= Small (2 | 4 | 6 | 12)
    I10 ::= INTEGER (Even | 100)                   I10T ::= INTEGER (2..100)
    I7 ::= INTEGER { low(1), high(9) } (low | high)   I7T ::= INTEGER { low(1), high(9) } (1..9)
    I8 ::= INTEGER (1 | 3 | 5, ...)                I8T ::= INTEGER (1..5, ...)
    I9 ::= INTEGER (0<..<10 EXCEPT (2..8))         I9T ::= INTEGER (1..9)
    B ::= BOOLEAN (TRUE)                           BT ::= BOOLEAN
    E ::= ENUMERATED { a, b, c } (a | b)           ET ::= ENUMERATED { a, b, c }
    S ::= IA5String ("yes" | "no")                 ST ::= IA5String (SIZE (2..3))
    O ::= OCTET STRING ('0F'H | 'FF'H)             OT ::= OCTET STRING
    Bits ::= BIT STRING ('1010'B)                  BitsT ::= BIT STRING
    Named ::= BIT STRING { x(0), y(1), z(2) } ({ x, z } | { y })   NamedT ::= BIT STRING { x(0), y(1), z(2) }
    NS ::= BIT STRING { x(0), y(1), z(2), w(3) } (SIZE (2 | 4))    NST ::= BIT STRING { x(0), y(1), z(2), w(3) } (SIZE (2..4))
    Oid ::= OBJECT IDENTIFIER ({ 1 2 3 } | { 2 5 4 })   OidT ::= OBJECT IDENTIFIER
    Z ::= IA5String (SIZE (1 | 4 | 8))             ZT ::= IA5String (SIZE (1..8))
    F ::= IA5String (FROM ("A".."F") | FROM ("0".."9"))   FT ::= IA5String (FROM ("A".."F" | "0".."9"))
    F2 ::= IA5String (FROM ("A".."F" | "0".."9"))  F2T ::= IA5String (FROM ("A".."F" | "0".."9"))
    SF ::= IA5String (SIZE (1..2) ^ FROM ("AB"))   SFT ::= IA5String (SIZE (1..2) ^ FROM ("AB"))
    SU ::= IA5String (SIZE (1) | FROM ("AB"))      SUT ::= IA5String
    FX ::= IA5String (FROM ("a".."z") EXCEPT FROM ("q"))   FXT ::= IA5String (FROM ("a".."z"))
    U8 ::= UTF8String (FROM ("a".."z"))            U8T ::= UTF8String
    SO ::= SEQUENCE (SIZE (1 | 3)) OF INTEGER      SOT ::= SEQUENCE (SIZE (1..3)) OF INTEGER
    P1 ::= IA5String (PATTERN "\d#3-\d#4")         P1T ::= IA5String
    P2 ::= IA5String (PATTERN "(ab|c)*d?")         P2T ::= IA5String
    P3 ::= IA5String (PATTERN "a#(2,3)b+[^x-z]")   P3T ::= IA5String
    P4 ::= IA5String (PATTERN "[A-Z][a-z]*\.?")    P4T ::= IA5String
END"#;

fn schema() -> Schema {
    Schema::from_source(SPEC, "exact.asn").unwrap()
}

/// (type, twin, value notation, clause broken or None).
const CASES: &[(&str, &str, &str, Option<&str>)] = &[
    // X.680 51.2 single values in a union: the set is {1, 3, 5}, not 1..5.
    ("I1", "I1T", "1", None),
    ("I1", "I1T", "3", None),
    ("I1", "I1T", "5", None),
    ("I1", "I1T", "2", Some("X.680 51.2")),
    ("I1", "I1T", "4", Some("X.680 51.2")),
    // X.680 50 EXCEPT: 0..10 without 5.
    ("I2", "I2T", "4", None),
    ("I2", "I2T", "10", None),
    ("I2", "I2T", "5", Some("X.680 51.4")),
    // X.680 51.4 value ranges in a union.
    ("I4", "I4T", "3", None),
    ("I4", "I4T", "8", None),
    ("I4", "I4T", "5", Some("X.680 51.4")),
    // ALL EXCEPT 5: every integer but 5.
    ("I5", "I5T", "4", None),
    ("I5", "I5T", "-9223372036854775808", None),
    ("I5", "I5T", "9223372036854775807", None),
    ("I5", "I5T", "5", Some("X.680 51.4")),
    // X.680 51.3 contained subtypes: Small (1..10) or Big (100..200).
    ("I6", "I6T", "10", None),
    ("I6", "I6T", "100", None),
    ("I6", "I6T", "50", Some("X.680 51.4")),
    // A contained subtype through a chain: Even is Small (1..10) with (2 | 4 | 6 | 12), so
    // {2, 4, 6} (12 is outside Small); with 100.
    ("I10", "I10T", "4", None),
    ("I10", "I10T", "100", None),
    ("I10", "I10T", "12", Some("X.680 51.2")),
    ("I10", "I10T", "5", Some("X.680 51.2")),
    // Named numbers as single values.
    ("I7", "I7T", "9", None),
    ("I7", "I7T", "5", Some("X.680 51.2")),
    // An extensible constraint: 2 is outside the root, so an extension value; accepted.
    ("I8", "I8T", "2", None),
    // Open ends (51.4.4) and EXCEPT: 1..9 without 2..8 is {1, 9}.
    ("I9", "I9T", "9", None),
    ("I9", "I9T", "4", Some("X.680 51.2")),
    // X.680 51.2 single values of other types.
    ("B", "BT", "TRUE", None),
    ("B", "BT", "FALSE", Some("X.680 51.2")),
    ("E", "ET", "b", None),
    ("E", "ET", "c", Some("X.680 51.2")),
    ("S", "ST", "\"no\"", None),
    ("S", "ST", "\"yes\"", None),
    ("S", "ST", "\"yex\"", Some("X.680 51.2")),
    ("O", "OT", "'FF'H", None),
    ("O", "OT", "'0E'H", Some("X.680 51.2")),
    ("Bits", "BitsT", "'1010'B", None),
    ("Bits", "BitsT", "'1011'B", Some("X.680 51.2")),
    ("Bits", "BitsT", "'10100'B", Some("X.680 51.2")),
    // Named bits (x680_22_7_named_bits_compare_without_trailing_zeros below too).
    ("Named", "NamedT", "{ x, z }", None),
    ("Named", "NamedT", "'01'B", None),
    ("Named", "NamedT", "{ x }", Some("X.680 51.2")),
    ("Oid", "OidT", "{ 2 5 4 }", None),
    ("Oid", "OidT", "{ 1 2 4 }", Some("X.680 51.2")),
    // X.680 51.5 SIZE as a union of single sizes.
    ("Z", "ZT", "\"abcd\"", None),
    ("Z", "ZT", "\"ab\"", Some("X.680 51.5")),
    ("SO", "SOT", "{ 1, 2, 3 }", None),
    ("SO", "SOT", "{ 1, 2 }", Some("X.680 51.5")),
    // X.680 51.7: a union of FROMs admits strings all of A-F or all of 0-9, not mixed ones
    // (FROM ("A".."F" | "0".."9") admits mixed ones: F2 below).
    ("F", "FT", "\"ABF\"", None),
    ("F", "FT", "\"123\"", None),
    ("F", "FT", "\"A1\"", Some("X.680 51.7")),
    ("F2", "F2T", "\"A1\"", None),
    // SIZE and FROM by intersection (the hull is exact here; the bounds check it).
    ("SF", "SFT", "\"AB\"", None),
    // SIZE (1) | FROM ("AB"): one character of any kind, or only A and B.
    ("SU", "SUT", "\"x\"", None),
    ("SU", "SUT", "\"ABBA\"", None),
    ("SU", "SUT", "\"xy\"", Some("X.680 50")),
    // FROM with EXCEPT: a to z but no string with q in it (ALL EXCEPT of the FROM).
    ("FX", "FXT", "\"abc\"", None),
    ("FX", "FXT", "\"q\"", Some("X.680 50")),
    ("FX", "FXT", "\"aqa\"", None),
    // FROM on a string type with no PER-visible alphabet is checked too.
    ("U8", "U8T", "\"abc\"", None),
    ("U8", "U8T", "\"aBc\"", Some("X.680 51.7")),
    // X.680 51.9 PATTERN (Annex A regular expressions; the whole value must match).
    ("P1", "P1T", "\"555-1234\"", None),
    ("P1", "P1T", "\"5551234\"", Some("X.680 51.9")),
    ("P1", "P1T", "\"555-12345\"", Some("X.680 51.9")),
    ("P2", "P2T", "\"ababcd\"", None),
    ("P2", "P2T", "\"\"", None),
    ("P2", "P2T", "\"ba\"", Some("X.680 51.9")),
    ("P3", "P3T", "\"aabbw\"", None),
    ("P3", "P3T", "\"aaabw\"", None),
    ("P3", "P3T", "\"aaaabw\"", Some("X.680 51.9")),
    ("P3", "P3T", "\"aaby\"", Some("X.680 51.9")),
    ("P4", "P4T", "\"Geneva.\"", None),
    ("P4", "P4T", "\"geneva\"", Some("X.680 51.9")),
];

fn clause_of<T: std::fmt::Debug>(r: Result<T, SchemaError>, what: &str) -> &'static str {
    match r {
        Err(SchemaError::Codec(e)) => e.clause,
        other => panic!("{what}: expected a constraint error, got {other:?}"),
    }
}

#[test]
fn x680_50_51_exact_roots_on_encode_decode_and_check_in_every_rule() {
    let s = schema();
    for &(ty, twin, text, broken) in CASES {
        let what = format!("{ty} {text}");
        let v = s.value_from_notation(twin, text).unwrap_or_else(|e| panic!("{what}: {e}"));
        let id = s.type_id(ty).unwrap();
        match broken {
            None => assert!(s.check_value(id, &v).is_ok(), "{what}"),
            Some(c) => assert_eq!(s.check_value(id, &v).map_err(|e| e.clause), Err(c), "{what}"),
        }
        for rules in Rules::ALL {
            let enc = s.encode(twin, &v, rules).unwrap_or_else(|e| panic!("{what} {rules}: {e}"));
            match broken {
                None => {
                    assert_eq!(s.encode(ty, &v, rules).unwrap(), enc, "{what} {rules}");
                    assert_eq!(s.decode(ty, &enc, rules).unwrap(), v, "{what} {rules}");
                }
                Some(c) => {
                    assert_eq!(clause_of(s.encode(ty, &v, rules), &what), c, "{what} {rules} encode");
                    assert_eq!(clause_of(s.decode(ty, &enc, rules), &what), c, "{what} {rules} decode");
                }
            }
        }
        // XER names the element after the type: the twin's octets with the name changed.
        let xml = String::from_utf8(s.encode(twin, &v, Rules::Xer).unwrap()).unwrap();
        let xml = xml
            .replace(&format!("<{twin}>"), &format!("<{ty}>"))
            .replace(&format!("</{twin}>"), &format!("</{ty}>"));
        let xml = xml.replace(&format!("<{twin}/>"), &format!("<{ty}/>"));
        match broken {
            None => assert_eq!(s.decode(ty, xml.as_bytes(), Rules::Xer).unwrap(), v, "{what} xer"),
            Some(c) => {
                assert_eq!(clause_of(s.decode(ty, xml.as_bytes(), Rules::Xer), &what), c, "{what} xer")
            }
        }
    }
}

#[test]
fn x680_22_7_named_bits_compare_without_trailing_zeros() {
    // Trailing 0 bits of a named-bit BIT STRING carry no meaning (X.680 22.7; DER and CER
    // drop them, X.690 11.2.2), so '1010'B and '10100'B are the value { x, z }.
    let s = schema();
    let id = s.type_id("Named").unwrap();
    for (text, ok) in [("'1010'B", true), ("'10100000'B", true), ("'0100'B", true), ("'1110'B", false)] {
        let v = s.value_from_notation("NamedT", text).unwrap();
        assert_eq!(s.check_value(id, &v).is_ok(), ok, "{text}");
    }
    // SIZE (2 | 4) on named bits: { x } is '1'B, '10'B or '1000'B, so it meets the constraint
    // though DER carries 1 bit; { x, z } is '101'B or '1010'B; '11111'B has no size in it.
    let id = s.type_id("NS").unwrap();
    for (text, ok) in [("{ x }", true), ("{ x, z }", true), ("'1'B", true), ("'11111'B", false)] {
        let v = s.value_from_notation("NST", text).unwrap();
        assert_eq!(
            s.check_value(id, &v).map_err(|e| e.clause),
            if ok { Ok(()) } else { Err("X.680 51.5") },
            "{text}"
        );
        if ok {
            for rules in [
                Rules::Der,
                Rules::Cer,
                Rules::Ber,
                Rules::Uper,
                Rules::Aper,
                Rules::Oer,
                Rules::Coer,
                Rules::Jer,
            ] {
                let enc = s.encode("NS", &v, rules).unwrap_or_else(|e| panic!("{text} {rules}: {e}"));
                assert!(s.decode("NS", &enc, rules).is_ok(), "{text} {rules}");
            }
        }
    }
}

#[test]
fn x680_51_4_intersection_of_ranges_is_checked_by_the_hull() {
    // (1..10) ^ (5..20) is 5..10: the hull is exact, so no extra check is compiled, and
    // every rule rejects 4 and 11 (PER by its own range check, X.691 13.2).
    let s = schema();
    assert!(s.exact_check_of(s.type_id("I3").unwrap()).is_none());
    for x in [4, 11] {
        let v = sg17_asn1_schema::SchemaValue::Integer(x);
        for rules in Rules::ALL {
            assert!(s.encode("I3", &v, rules).is_err(), "{x} {rules}");
        }
        for rules in [Rules::Ber, Rules::Der, Rules::Oer, Rules::Jer] {
            let enc = s.encode("I5T", &v, rules).unwrap();
            assert!(s.decode("I3", &enc, rules).is_err(), "{x} {rules}");
        }
    }
    let v = sg17_asn1_schema::SchemaValue::Integer(7);
    assert_eq!(s.encode("I3", &v, Rules::Uper).unwrap(), s.encode("I3T", &v, Rules::Uper).unwrap());
}

#[test]
fn x680_51_plain_ranges_compile_no_exact_check() {
    let s = schema();
    for t in ["I1T", "I3", "I3T", "Z", "ZT", "F2", "SF", "I8", "SOT", "I4T"] {
        let id = s.type_id(t).unwrap();
        let exact = s.exact_check_of(id);
        // Z is SIZE (1 | 4 | 8): not plain; the others are ranges, FROM sets, extensible.
        assert_eq!(exact.is_some(), t == "Z", "{t}: {exact:?}");
    }
    // (1..3 | 4..6) is 1..6 exactly, like its hull: compiled, then dropped.
    let s = Schema::from_source("M DEFINITIONS ::= BEGIN T ::= INTEGER (1..3 | 4..6) END", "m").unwrap();
    assert!(s.exact_check_of(s.type_id("T").unwrap()).is_none());
}

#[test]
fn x680_51_2_error_names_the_component_path() {
    let s = Schema::from_source(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
         R ::= SEQUENCE { a INTEGER, l SEQUENCE OF INTEGER (1 | 3) }
         W ::= SEQUENCE { x INTEGER } (WITH COMPONENTS { x (1 | 3) })
         END",
        "m",
    )
    .unwrap();
    let v = s.value_from_notation("R", "{ a 2, l { 1, 2 } }").unwrap();
    for rules in Rules::ALL {
        let e = match s.encode("R", &v, rules) {
            Err(SchemaError::Codec(e)) => e,
            other => panic!("{rules}: {other:?}"),
        };
        assert_eq!((e.clause, e.path.as_str()), ("X.680 51.2", "l.[1]"), "{e}");
        assert!(e.message.contains("2 is not in the root"), "{e}");
    }
    // In a WITH COMPONENTS value constraint: an inner subtyping error naming the clause.
    let v = s.value_from_notation("W", "{ x 2 }").unwrap();
    let e = match s.encode("W", &v, Rules::Uper) {
        Err(SchemaError::Codec(e)) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!((e.clause, e.path.as_str()), ("X.680 51.8", "x"), "{e}");
    assert!(e.message.contains("X.680 51.2"), "{e}");
    assert!(s.encode("W", &s.value_from_notation("W", "{ x 3 }").unwrap(), Rules::Uper).is_ok());
}

#[test]
fn x680_51_9_unsupported_regex_features_are_notation_errors() {
    for (pat, feature) in [
        (r"\N{greek}", r"\N{...}"),
        ("a{0,0,0,65}", "quadruple"),
        (r"\bword", r"\b"),
        ("^abc", "anchor"),
        ("(ab", "not closed"),
        ("a#(3,2)", "upper bound below"),
        ("*a", "follows nothing"),
        ("a#(100000)", "more than"),
        ("a#12", "several digits"),
    ] {
        let src = format!("M DEFINITIONS ::= BEGIN\n  T ::= IA5String\n    (PATTERN \"{pat}\")\nEND");
        let e = Schema::from_source(&src, "m").err().unwrap_or_else(|| panic!("{pat} accepted"));
        assert_eq!(e.rule, "X.680 51.9 PatternConstraint", "{pat}: {e}");
        assert!(e.message.contains(feature), "{pat}: {e}");
        assert_eq!((e.position.line, e.position.column), (3, 6), "{pat}: {e}");
    }
    let e =
        Schema::from_source("M DEFINITIONS ::= BEGIN T ::= INTEGER (PATTERN \"1\") END", "m").err().unwrap();
    assert!(e.message.contains("character string"), "{e}");
}

#[test]
fn x680_51_9_hostile_patterns_match_in_linear_time() {
    // Nested stars over a long run of `a` with no `b`: exponential for a backtracking matcher.
    let s = Schema::from_source(
        "M DEFINITIONS ::= BEGIN T ::= IA5String (PATTERN \"(a*)*(a|aa)*b\") U ::= IA5String END",
        "m",
    )
    .unwrap();
    let long = "a".repeat(20_000);
    let v = sg17_asn1_schema::SchemaValue::String(long.clone());
    assert_eq!(s.check_value(s.type_id("T").unwrap(), &v).map_err(|e| e.clause), Err("X.680 51.9"));
    let v = sg17_asn1_schema::SchemaValue::String(long + "b");
    assert!(s.check_value(s.type_id("T").unwrap(), &v).is_ok());
}

#[test]
fn x680_51_personnel_record_compiles_no_exact_check() {
    // X.691 A.1 (PersonnelRecord): FROM ... ^ SIZE (...) and plain ranges only, so the
    // codecs walk nothing more than before for it.
    let p = format!("{}/../../vectors/asn1-schema/modules/x691-a1.asn", env!("CARGO_MANIFEST_DIR"));
    let s = Schema::from_source(&std::fs::read_to_string(p).unwrap(), "x691-a1.asn").unwrap();
    for (_, name, id) in s.types() {
        assert!(s.exact_check_of(id).is_none(), "{name}: {:?}", s.exact_check_of(id));
    }
}

#[test]
fn x680_51_9_matcher_agrees_with_python_re() {
    // 400 random Annex A patterns over the supported subset with 7,498 strings; the verdicts
    // are Python's re.fullmatch on each pattern translated to its syntax (an independent,
    // backtracking implementation): vectors/tools/asn1-schema/gen_patterns.py.
    let text = include_str!("data/patterns-python-re.json");
    let doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let mut n = 0;
    for c in doc["cases"].as_array().unwrap() {
        let pat = c["pattern"].as_str().unwrap();
        let p = sg17_asn1_schema::schema::Pattern::new(pat).unwrap_or_else(|e| panic!("{pat}: {e}"));
        for s in c["strings"].as_array().unwrap() {
            let (text, want) = (s[0].as_str().unwrap(), s[1].as_bool().unwrap());
            assert_eq!(p.is_match(text), want, "PATTERN {pat:?} on {text:?} (python {})", c["python"]);
            n += 1;
        }
    }
    assert_eq!(n, 7498);
}
