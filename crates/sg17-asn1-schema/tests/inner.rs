//! Inner subtyping (X.680 51.8: WITH COMPONENT, WITH COMPONENTS) checked on encoding and
//! decoding. Expected verdicts follow from the constraint text and X.680 51.8 (a
//! PartialSpecification constrains only the components it names; in a FullSpecification the
//! components not named are absent and an empty PresenceConstraint means PRESENT), worked
//! out by hand for each case below.

use sg17_asn1_schema::{Rules, Schema, SchemaError, SchemaValue};

const SPEC: &str = "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
    P ::= SEQUENCE { a INTEGER OPTIONAL, b BOOLEAN OPTIONAL, c IA5String OPTIONAL }
    Full ::= P (WITH COMPONENTS { a, b })
    Partial ::= P (WITH COMPONENTS { ..., a (1..5) PRESENT, c ABSENT })
    Opt ::= P (WITH COMPONENTS { a OPTIONAL, b OPTIONAL })
    Either ::= P (WITH COMPONENTS { ..., a PRESENT } | WITH COMPONENTS { ..., b PRESENT })
    C ::= CHOICE { x INTEGER, y BOOLEAN, z NULL }
    NotZ ::= C (WITH COMPONENTS { ..., z ABSENT })
    OnlyX ::= C (WITH COMPONENTS { ..., x PRESENT })
    FullC ::= C (WITH COMPONENTS { x (0..9), y })
    L ::= SEQUENCE OF P
    Each ::= L (WITH COMPONENT (WITH COMPONENTS { ..., a PRESENT }))
    S ::= SEQUENCE { s IA5String, n SEQUENCE OF INTEGER }
    Sized ::= S (WITH COMPONENTS { s (SIZE (2)), n (SIZE (1..2)) })
    Alpha ::= S (WITH COMPONENTS { ..., s (FROM (\"ab\")) })
    Ext ::= P (WITH COMPONENTS { ..., a ABSENT }, ...)
    Outer ::= SEQUENCE { p P (WITH COMPONENTS { ..., b PRESENT }) }
END";

fn schema() -> Schema {
    Schema::from_source(SPEC, "inner.asn").unwrap()
}

/// (constrained type, its unconstrained base, value notation, meets the constraint).
const CASES: &[(&str, &str, &str, bool)] = &[
    // FullSpecification { a, b }: a and b present (empty PresenceConstraint), c absent.
    ("Full", "P", "{ a 1, b TRUE }", true),
    ("Full", "P", "{ a 1 }", false),
    ("Full", "P", "{ b TRUE }", false),
    ("Full", "P", "{ a 1, b TRUE, c \"x\" }", false),
    // PartialSpecification: a present and in 1..5, c absent, b free.
    ("Partial", "P", "{ a 5 }", true),
    ("Partial", "P", "{ a 3, b FALSE }", true),
    ("Partial", "P", "{ a 6 }", false),
    ("Partial", "P", "{ b TRUE }", false),
    ("Partial", "P", "{ a 1, c \"x\" }", false),
    // OPTIONAL in a FullSpecification leaves a and b free; c is not named, so absent.
    ("Opt", "P", "{ }", true),
    ("Opt", "P", "{ b TRUE }", true),
    ("Opt", "P", "{ c \"x\" }", false),
    // A union: at least one alternative holds.
    ("Either", "P", "{ a 1 }", true),
    ("Either", "P", "{ b TRUE }", true),
    ("Either", "P", "{ a 1, b TRUE }", true),
    ("Either", "P", "{ c \"x\" }", false),
    // CHOICE: ABSENT forbids an alternative, PRESENT requires it; a FullSpecification allows
    // only the alternatives it names.
    ("NotZ", "C", "x : 1", true),
    ("NotZ", "C", "z : NULL", false),
    ("OnlyX", "C", "x : 1", true),
    ("OnlyX", "C", "y : TRUE", false),
    ("FullC", "C", "x : 9", true),
    ("FullC", "C", "x : 10", false),
    ("FullC", "C", "y : FALSE", true),
    ("FullC", "C", "z : NULL", false),
    // WITH COMPONENT applies to every element.
    ("Each", "L", "{ { a 1 }, { a 2, b TRUE } }", true),
    ("Each", "L", "{ }", true),
    ("Each", "L", "{ { a 1 }, { b TRUE } }", false),
    // SIZE and FROM on components.
    ("Sized", "S", "{ s \"ab\", n { 1 } }", true),
    ("Sized", "S", "{ s \"abc\", n { 1 } }", false),
    ("Sized", "S", "{ s \"ab\", n { } }", false),
    ("Sized", "S", "{ s \"ab\", n { 1, 2, 3 } }", false),
    ("Alpha", "S", "{ s \"abba\", n { } }", true),
    ("Alpha", "S", "{ s \"abc\", n { } }", false),
    // sg17 does not check an extensible inner constraint: a value outside its root may be
    // an extension value from a later version of the specification.
    ("Ext", "P", "{ a 1 }", true),
];

fn expect_inner_error(r: Result<impl std::fmt::Debug, SchemaError>, what: &str) {
    match r {
        Err(SchemaError::Codec(e)) => assert_eq!(e.clause, "X.680 51.8", "{what}: {e}"),
        other => panic!("{what}: expected an X.680 51.8 error, got {other:?}"),
    }
}

#[test]
fn x680_51_8_inner_subtyping_on_encode_decode_and_check() {
    let s = schema();
    for &(ty, base, text, ok) in CASES {
        let what = format!("{ty} {text}");
        let v = s.value_from_notation(base, text).unwrap_or_else(|e| panic!("{what}: {e}"));
        let id = s.type_id(ty).unwrap();
        assert_eq!(s.check_value(id, &v).is_ok(), ok, "{what}");
        // (XER is left out: its element names are the type names, so `P` and `Full` differ.)
        for rules in [Rules::Uper, Rules::Aper, Rules::Oer, Rules::Coer, Rules::Der, Rules::Ber, Rules::Jer] {
            // Not PER-visible: the base type encodes the value to the same octets.
            let enc = s.encode(base, &v, rules).unwrap_or_else(|e| panic!("{what} {rules}: {e}"));
            if ok {
                assert_eq!(s.encode(ty, &v, rules).unwrap(), enc, "{what} {rules}");
                assert_eq!(s.decode(ty, &enc, rules).unwrap(), v, "{what} {rules}");
            } else {
                expect_inner_error(s.encode(ty, &v, rules), &format!("{what} {rules} encode"));
                expect_inner_error(s.decode(ty, &enc, rules), &format!("{what} {rules} decode"));
            }
        }
    }
}

#[test]
fn x680_51_8_constraint_on_a_component_type_and_error_path() {
    let s = schema();
    let ok = s.value_from_notation("Outer", "{ p { b TRUE } }").unwrap();
    assert!(s.encode("Outer", &ok, Rules::Uper).is_ok());
    let bad = SchemaValue::Sequence(vec![(
        "p".into(),
        SchemaValue::Sequence(vec![("a".into(), SchemaValue::Integer(1))]),
    )]);
    let e = match s.encode("Outer", &bad, Rules::Uper) {
        Err(SchemaError::Codec(e)) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!((e.clause, e.path.as_str()), ("X.680 51.8", "p"), "{e}");
    assert!(e.message.contains("`b` must be present"), "{e}");
}

#[test]
fn x680_51_8_checks_can_be_turned_off() {
    let mut s = schema();
    let v = s.value_from_notation("P", "{ c \"x\" }").unwrap();
    assert!(s.encode("Full", &v, Rules::Uper).is_err());
    s.set_inner_checks(false);
    let enc = s.encode("Full", &v, Rules::Uper).unwrap();
    assert_eq!(s.decode("Full", &enc, Rules::Uper).unwrap(), v);
    // check_value checks whatever the setting.
    assert!(s.check_value(s.type_id("Full").unwrap(), &v).is_err());
}

#[test]
fn x680_51_8_errors_in_the_notation() {
    // (constraint text, message, where the error points: the first occurrence of this text)
    for (text, needle, at) in [
        ("P ::= SEQUENCE { a INTEGER } (WITH COMPONENTS { ..., b PRESENT })", "not a component", "b PRESENT"),
        ("P ::= INTEGER (WITH COMPONENTS { ..., b PRESENT })", "applies to SEQUENCE, SET or CHOICE", "WITH"),
        ("P ::= SEQUENCE { a INTEGER } (WITH COMPONENT (1..2))", "applies to SEQUENCE OF or SET OF", "WITH"),
        ("P ::= SEQUENCE { a INTEGER } (WITH COMPONENTS { ..., a PRESENT ABSENT })", "expected", "ABSENT"),
    ] {
        let src = format!("M DEFINITIONS AUTOMATIC TAGS ::= BEGIN {text} END");
        let e = Schema::from_source(&src, "bad.asn").unwrap_err();
        assert!(e.to_string().contains(needle), "{text}: {e}");
        let col = src.find(at).unwrap() + 1;
        assert_eq!((e.position.line, e.position.column), (1, col), "{text}: {e}");
    }
}

/// The ETSI ITS modules: CAM-PDU-Descriptions and DENM-PDU-Description constrain the header
/// with `WITH COMPONENTS {..., protocolVersion (2), messageId(cam)}` (`denm`), and DENM's
/// payload needs situation and location unless the management container has a termination
/// (DENM-PDU-Descriptions.asn, `DenmPayload`). Values taken from the asn1tools vectors
/// (`etsi-its-uper.json`, CAM-0 and DENM-9) and edited by hand.
#[test]
fn x680_51_8_etsi_its_header_and_denm_payload() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors/asn1-schema");
    let mut s = sg17_asn1_schema::conformance::load_spec(&dir, "modules/etsi-its").unwrap();
    s.set_inner_checks(true);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("etsi-its-uper.json")).unwrap()).unwrap();
    let value_of = |id: &str| {
        doc["tests"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap()["expected"]["value"].clone()
    };
    let cam = value_of("etsi-its-uper-CAM-0");
    assert_eq!(cam["header"]["protocolVersion"], 2);
    let v = s.value_from_json("CAM", &cam).unwrap();
    assert!(s.encode("CAM", &v, Rules::Uper).is_ok());
    let mut v3 = cam.clone();
    v3["header"]["protocolVersion"] = 3.into();
    let v3 = s.value_from_json("CAM", &v3).unwrap();
    expect_inner_error(s.encode("CAM", &v3, Rules::Uper), "CAM protocolVersion 3");
    let mut denm_id = cam.clone();
    denm_id["header"]["messageId"] = 1.into(); // denm(1) in a CAM
    let denm_id = s.value_from_json("CAM", &denm_id).unwrap();
    expect_inner_error(s.encode("CAM", &denm_id, Rules::Uper), "CAM messageId denm");

    // DENM-9 has situation but neither location nor termination: neither alternative holds.
    let denm = value_of("etsi-its-uper-DENM-9");
    assert!(
        denm["denm"].get("location").is_none() && denm["denm"]["management"].get("termination").is_none()
    );
    let v = s.value_from_json("DENM", &denm).unwrap();
    expect_inner_error(s.encode("DENM", &v, Rules::Uper), "DENM-9");
    // With termination, the first alternative is out and the second needs situation,
    // location and alacarte absent.
    let mut t = denm.clone();
    t["denm"]["management"]["termination"] = "isCancellation".into();
    let obj = t["denm"].as_object_mut().unwrap();
    obj.remove("situation");
    obj.remove("alacarte");
    let v = s.value_from_json("DENM", &t).unwrap();
    let enc = s.encode("DENM", &v, Rules::Uper).unwrap();
    assert_eq!(s.decode("DENM", &enc, Rules::Uper).unwrap(), v);
}

/// BER, CER, DER, JER and XER encodings do not depend on constraints, so their codecs used to
/// accept any value, and OER's encoder took a string outside its permitted alphabet; the value
/// range (X.680 51.4), SIZE (51.5) and permitted alphabet (51.7) are now checked on the value
/// (PER checks them while coding). The unconstrained
/// twin types give the octets of the out-of-range values.
#[test]
fn x680_51_effective_constraints_in_the_rules_that_do_not_encode_them() {
    let s = Schema::from_source(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
            R ::= SEQUENCE { i INTEGER (0..5), s IA5String (SIZE (2..3)) (FROM (\"ab\")), l SEQUENCE (SIZE (1..2)) OF BOOLEAN, e INTEGER (0..5, ...) }
            U ::= SEQUENCE { i INTEGER, s IA5String, l SEQUENCE OF BOOLEAN, e INTEGER }
        END",
        "bounds.asn",
    )
    .unwrap();
    let cases = [
        ("{ i 5, s \"ab\", l { TRUE }, e 9 }", None),
        ("{ i 6, s \"ab\", l { TRUE }, e 0 }", Some("X.680 51.4")),
        ("{ i -1, s \"ab\", l { TRUE }, e 0 }", Some("X.680 51.4")),
        ("{ i 0, s \"abab\", l { TRUE }, e 0 }", Some("X.680 51.5")),
        ("{ i 0, s \"ab\", l { }, e 0 }", Some("X.680 51.5")),
        ("{ i 0, s \"ac\", l { TRUE }, e 0 }", Some("X.680 51.7")),
    ];
    for (text, clause) in cases {
        let v = s.value_from_notation("U", text).unwrap();
        for rules in [Rules::Ber, Rules::Cer, Rules::Der, Rules::Jer, Rules::Oer, Rules::Uper] {
            // The same octets for R and U where constraints do not shape the encoding.
            let same_octets = !matches!(rules, Rules::Oer | Rules::Uper);
            let twin = s.encode("U", &v, rules).unwrap();
            let r = s.encode("R", &v, rules);
            match clause {
                None => {
                    let enc = r.unwrap_or_else(|e| panic!("{text} {rules}: {e}"));
                    assert!(!same_octets || enc == twin, "{text} {rules}");
                    assert_eq!(s.decode("R", &enc, rules).unwrap(), v, "{text} {rules}");
                }
                // PER reports these in its own clauses (X.691 10.5, 10.9, 30).
                Some(_) if rules == Rules::Uper => assert!(r.is_err(), "{text}"),
                Some(c) => {
                    match r {
                        Err(SchemaError::Codec(e)) => assert_eq!(e.clause, c, "{text} {rules}: {e}"),
                        other => panic!("{text} {rules}: {other:?}"),
                    }
                    if same_octets {
                        match s.decode("R", &twin, rules) {
                            Err(SchemaError::Codec(e)) => {
                                assert_eq!(e.clause, c, "{text} {rules} decode: {e}")
                            }
                            other => panic!("{text} {rules}: {other:?}"),
                        }
                    }
                }
            }
        }
    }
}
