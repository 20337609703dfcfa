//! Open types resolved through table constraints (X.681 14, X.682 10): round trips in every
//! rule, the extensible/non-extensible object set rules, relative and nested AtNotation, and
//! octets checked against `vectors/asn1-schema/sg17-opentype.json` (asn1tools 0.169.0 for the
//! inner values, wrapped by hand per X.690 8.1 / X.691 11.2 / X.696 30 / X.697 / X.693; see
//! `vectors/tools/asn1-schema/gen_opentype.py`).

use sg17_asn1_schema::{Rules, Schema, SchemaValue};

const ALL: [Rules; 9] = [
    Rules::Ber,
    Rules::Cer,
    Rules::Der,
    Rules::Uper,
    Rules::Aper,
    Rules::Oer,
    Rules::Coer,
    Rules::Jer,
    Rules::Xer,
];

fn schema() -> Schema {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/asn1-schema/modules/sg17-opentype.asn");
    Schema::from_source(&std::fs::read_to_string(p).unwrap(), "sg17-opentype.asn").unwrap()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn contained(v: &SchemaValue, field: &str) -> SchemaValue {
    match v.field(field) {
        Some(SchemaValue::Contained(inner)) => (**inner).clone(),
        other => panic!("{field} not resolved: {other:?}"),
    }
}

#[test]
fn x682_10_open_type_resolves_and_round_trips_in_every_rule() {
    let s = schema();
    let cases = [
        ("Message", serde_json::json!({"id": 1, "value": 200})),
        ("Message", serde_json::json!({"id": 2, "value": "hi"})),
        ("Message", serde_json::json!({"id": 3, "value": {"a": true, "b": "0102"}})),
        ("ClosedMessage", serde_json::json!({"id": 2, "value": "x"})),
        ("Envelope", serde_json::json!({"header": {"kind": 3}, "body": {"a": false, "b": ""}})),
        ("Attr", serde_json::json!({"type": "1.2.3", "value": true})),
        ("Attr", serde_json::json!({"type": "1.2.4", "value": "\u{e9}t\u{e9}"})),
    ];
    for (ty, j) in cases {
        let v = s.value_from_json(ty, &j).unwrap();
        assert!(matches!(v.field("value").or(v.field("body")), Some(SchemaValue::Contained(_))), "{v:?}");
        for rules in ALL {
            let enc = s.encode(ty, &v, rules).unwrap_or_else(|e| panic!("{ty} {rules}: {e}"));
            let back = s.decode(ty, &enc, rules).unwrap_or_else(|e| panic!("{ty} {rules}: {e}"));
            assert_eq!(back, v, "{ty} {rules}");
            assert_eq!(s.encode(ty, &back, rules).unwrap(), enc, "{ty} {rules}");
        }
    }
}

#[test]
fn x682_10_resolved_value_has_the_governing_type() {
    let s = schema();
    // DER: SEQUENCE { [0] 3, [1] { SEQUENCE { [0] TRUE, [1] 0102 } } } (X.690 8.9, 8.14;
    // the open type keeps its explicit automatic tag, X.680 31.2.7).
    let der = hex("300e800103a10930078001ff81020102");
    let v = s.decode("Message", &der, Rules::Der).unwrap();
    assert_eq!(
        contained(&v, "value"),
        SchemaValue::Sequence(vec![
            ("a".into(), SchemaValue::Boolean(true)),
            ("b".into(), SchemaValue::OctetString(vec![1, 2])),
        ])
    );
    assert_eq!(s.encode("Message", &v, Rules::Der).unwrap(), der);
}

#[test]
fn x682_10_unknown_id_in_extensible_set_stays_raw() {
    let s = schema();
    // id 9 is in no object of Known, which has an extension marker: the value is kept.
    let der = hex("3008800109a103020105");
    let v = s.decode("Message", &der, Rules::Der).unwrap();
    assert_eq!(v.field("value"), Some(&SchemaValue::Open(hex("020105"))));
    assert_eq!(s.encode("Message", &v, Rules::Der).unwrap(), der);
    // UPER: id 9 as an unconstrained INTEGER (01 09), then the open type field (X.691 11.2).
    let uper = hex("0109020105");
    let v = s.decode("Message", &uper, Rules::Uper).unwrap();
    assert_eq!(v.field("value"), Some(&SchemaValue::Open(hex("0105"))));
    assert_eq!(s.encode("Message", &v, Rules::Uper).unwrap(), uper);
}

#[test]
fn x682_10_unknown_id_in_closed_set_is_an_error() {
    let s = schema();
    let der = hex("3008800103a103020105");
    let e = s.decode("ClosedMessage", &der, Rules::Der).unwrap_err().to_string();
    assert!(e.contains("X.682 10"), "{e}");
    assert!(e.contains("Closed"), "{e}");
}

#[test]
fn x682_10_wrong_inner_encoding_is_an_error() {
    let s = schema();
    // id 1 governs INTEGER (0..255) but the open type holds a BOOLEAN.
    let der = hex("3008800101a1030101ff");
    assert!(s.decode("Message", &der, Rules::Der).is_err());
}

#[test]
fn x682_10_contained_value_without_a_matching_object_cannot_be_encoded() {
    let s = schema();
    let v = SchemaValue::Sequence(vec![
        ("id".into(), SchemaValue::Integer(9)),
        ("value".into(), SchemaValue::Contained(Box::new(SchemaValue::Integer(1)))),
    ]);
    assert!(s.encode("Message", &v, Rules::Der).is_err());
}

#[test]
fn vectors_against_asn1tools_composition() {
    let s = schema();
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/asn1-schema/sg17-opentype.json");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    let mut n = 0;
    for c in doc["cases"].as_array().unwrap() {
        let ty = c["type"].as_str().unwrap();
        let rules: Rules = c["rule"].as_str().unwrap().parse().unwrap();
        let v = s.value_from_json(ty, &c["value"]).unwrap();
        let expected = match c.get("hex") {
            Some(h) => hex(h.as_str().unwrap()),
            None => c["text"].as_str().unwrap().as_bytes().to_vec(),
        };
        let back = s.decode(ty, &expected, rules).unwrap_or_else(|e| panic!("{} {rules}: {e}", c["name"]));
        assert_eq!(back, v, "{} {rules}", c["name"]);
        if !rules.is_text() {
            assert_eq!(s.encode(ty, &v, rules).unwrap(), expected, "{} {rules}", c["name"]);
        }
        n += 1;
    }
    assert!(n >= 20, "{n} vectors");
}

/// X.683 9: class and object set parameters as in RFC 5912 `AlgorithmIdentifier{}`, a value
/// parameter in a SIZE constraint, and `@a.b` from the outermost type (X.682 10.7).
#[test]
fn x683_9_class_object_set_and_value_parameters_are_bound() {
    let s = Schema::from_source(
        "M DEFINITIONS EXPLICIT TAGS ::= BEGIN
         ALG ::= CLASS { &id OBJECT IDENTIFIER UNIQUE, &Params OPTIONAL }
           WITH SYNTAX { IDENTIFIER &id [PARAMS &Params] }
         AlgId{ALG-TYPE, ALG-TYPE:Set} ::= SEQUENCE {
           algorithm ALG-TYPE.&id({Set}), parameters ALG-TYPE.&Params({Set}{@algorithm}) OPTIONAL }
         Str{INTEGER:n} ::= PrintableString (SIZE (1..n))
         a-one ALG ::= { IDENTIFIER { 1 2 1 } PARAMS Str{4} }
         a-two ALG ::= { IDENTIFIER { 1 2 2 } }
         Algs ALG ::= { a-one | a-two }
         Signed ::= SEQUENCE { alg SEQUENCE { id ALG.&id({Algs}) },
                               sig ALG.&Params({Algs}{@alg.id}), inner AlgId{ALG, {Algs}} }
         END",
        "m.asn",
    )
    .unwrap();
    let j = serde_json::json!({"alg": {"id": "1.2.1"}, "sig": "abcd",
                               "inner": {"algorithm": "1.2.1", "parameters": "xy"}});
    let v = s.value_from_json("Signed", &j).unwrap();
    assert_eq!(contained(&v, "sig"), SchemaValue::String("abcd".into()));
    let der = s.encode("Signed", &v, Rules::Der).unwrap();
    assert_eq!(s.decode("Signed", &der, Rules::Der).unwrap(), v);
    // The value parameter n = 4 bounds the size (X.680 51.5): 5 characters fail, already
    // when the contained JER value is read, and in PER, where the bound is PER-visible for
    // PrintableString (X.691 10.9).
    let j = serde_json::json!({"alg": {"id": "1.2.1"}, "sig": "abcde",
                               "inner": {"algorithm": "1.2.2"}});
    match s.value_from_json("Signed", &j) {
        Err(sg17_asn1_schema::SchemaError::Codec(e)) => assert_eq!(e.clause, "X.680 51.5", "{e}"),
        other => panic!("{other:?}"),
    }
    let j4 = serde_json::json!({"alg": {"id": "1.2.1"}, "sig": "abcd", "inner": {"algorithm": "1.2.2"}});
    let mut v = s.value_from_json("Signed", &j4).unwrap();
    if let SchemaValue::Sequence(fields) = &mut v {
        fields[1].1 = SchemaValue::Contained(Box::new(SchemaValue::String("abcde".into())));
    }
    assert!(s.encode("Signed", &v, Rules::Uper).is_err());
}

/// Object set arithmetic (X.680 50, X.681 12): INTERSECTION / `^` keeps the objects in every
/// operand, EXCEPT removes the second operand's objects; an intersection is extensible only if
/// every operand is, an exclusion if its first operand is. Before, both were taken as unions.
#[test]
fn x681_12_object_set_intersection_and_exclusion() {
    let s = Schema::from_source(
        "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
        MSG ::= CLASS { &id INTEGER UNIQUE, &Type } WITH SYNTAX { &Type IDENTIFIED BY &id }
        m-int  MSG ::= { INTEGER IDENTIFIED BY 1 }
        m-text MSG ::= { IA5String IDENTIFIED BY 2 }
        m-bool MSG ::= { BOOLEAN IDENTIFIED BY 3 }
        Ab     MSG ::= { m-int | m-text }
        Bc     MSG ::= { m-text | m-bool }
        AbExt  MSG ::= { m-int | m-text, ... }
        Every  MSG ::= { m-int | m-text | m-bool }
        Both   MSG ::= { Ab ^ Bc }
        AbOnly MSG ::= { Ab EXCEPT m-text }
        Mixed  MSG ::= { (Ab INTERSECTION Bc) | m-bool }
        ExtAnd MSG ::= { AbExt ^ Bc }
        ExtBut MSG ::= { AbExt EXCEPT m-int }
        AnyM    ::= SEQUENCE { id MSG.&id({Every}), value MSG.&Type({Every}{@id}) }
        BothM   ::= SEQUENCE { id MSG.&id({Both}), value MSG.&Type({Both}{@id}) }
        AbOnlyM ::= SEQUENCE { id MSG.&id({AbOnly}), value MSG.&Type({AbOnly}{@id}) }
        MixedM  ::= SEQUENCE { id MSG.&id({Mixed}), value MSG.&Type({Mixed}{@id}) }
        ExtAndM ::= SEQUENCE { id MSG.&id({ExtAnd}), value MSG.&Type({ExtAnd}{@id}) }
        ExtButM ::= SEQUENCE { id MSG.&id({ExtBut}), value MSG.&Type({ExtBut}{@id}) }
        END",
        "set-arithmetic.asn",
    )
    .unwrap();
    let msgs = [
        serde_json::json!({"id": 1, "value": 7}),
        serde_json::json!({"id": 2, "value": "hi"}),
        serde_json::json!({"id": 3, "value": true}),
    ];
    let der: Vec<Vec<u8>> = msgs
        .iter()
        .map(|j| s.encode("AnyM", &s.value_from_json("AnyM", j).unwrap(), Rules::Der).unwrap())
        .collect();
    // Which ids each type resolves; the others are an error (closed set, X.682 10) or, for an
    // extensible set, an unresolved open type.
    let cases: [(&str, [bool; 3], bool); 5] = [
        ("BothM", [false, true, false], false),
        ("AbOnlyM", [true, false, false], false),
        ("MixedM", [false, true, true], false),
        ("ExtAndM", [false, true, false], false),
        ("ExtButM", [false, true, false], true),
    ];
    for (ty, resolves, extensible) in cases {
        for (i, enc) in der.iter().enumerate() {
            match (resolves[i], s.decode(ty, enc, Rules::Der)) {
                (true, Ok(v)) => {
                    assert!(matches!(v.field("value"), Some(SchemaValue::Contained(_))), "{ty} {i}")
                }
                (false, Ok(v)) => {
                    assert!(extensible, "{ty} accepted id {}", i + 1);
                    assert!(matches!(v.field("value"), Some(SchemaValue::Open(_))), "{ty} {i}: {v:?}");
                }
                (false, Err(e)) => {
                    assert!(!extensible, "{ty} rejected id {}: {e}", i + 1);
                    assert!(e.to_string().contains("X.682 10"), "{e}");
                }
                (true, Err(e)) => panic!("{ty} rejected id {}: {e}", i + 1),
            }
        }
    }
    // `ALL EXCEPT` names every object of the class, which no table can list: a notation error.
    let e = Schema::from_source(
        "M DEFINITIONS ::= BEGIN
        MSG ::= CLASS { &id INTEGER UNIQUE, &Type } WITH SYNTAX { &Type IDENTIFIED BY &id }
        m-int MSG ::= { INTEGER IDENTIFIED BY 1 }
        NotInt MSG ::= { ALL EXCEPT m-int }
        T ::= SEQUENCE { id MSG.&id({NotInt}), value MSG.&Type({NotInt}{@id}) }
        END",
        "all-except.asn",
    )
    .unwrap_err();
    assert!(e.to_string().contains("ALL EXCEPT"), "{e}");
}

/// X.681 Annex C: `INSTANCE OF TYPE-IDENTIFIER ({Known})` is the sequence
/// `{ type-id &id({Known}), value [0] &Type({Known}{@.type-id}) }` tagged [UNIVERSAL 8].
/// The DER is worked out by hand from X.690 8.1/8.19/8.14: 28 09 | 06 02 2A 03 | A0 03 01 01 FF.
#[test]
fn x681_annex_c_instance_of_with_a_table_constraint() {
    let s = Schema::from_source(
        "M DEFINITIONS ::= BEGIN
            Known TYPE-IDENTIFIER ::= { { BOOLEAN IDENTIFIED BY { 1 2 3 } } }
            I ::= INSTANCE OF TYPE-IDENTIFIER ({Known})
        END",
        "instance-of.asn",
    )
    .unwrap();
    let v = s.value_from_json("I", &serde_json::json!({"type-id": "1.2.3", "value": true})).unwrap();
    assert_eq!(contained(&v, "value"), SchemaValue::Boolean(true));
    let der = hex("280906022a03a0030101ff");
    assert_eq!(s.encode("I", &v, Rules::Der).unwrap(), der);
    assert_eq!(s.decode("I", &der, Rules::Der).unwrap(), v);
    for rules in ALL {
        let enc = s.encode("I", &v, rules).unwrap_or_else(|e| panic!("{rules}: {e}"));
        assert_eq!(s.decode("I", &enc, rules).unwrap(), v, "{rules}");
    }
    // { 1 2 4 } is not in the (closed) set.
    let e = s.decode("I", &hex("280906022a04a0030101ff"), Rules::Der).unwrap_err().to_string();
    assert!(e.contains("X.682 10"), "{e}");
}

/// X.682 10.3 / X.681 12: an object set may hold an object whose type has a table constraint
/// naming the same set (RFC 5911's CMS `ContentSet`, used by ContentInfo, holds `SignedData`,
/// whose EncapsulatedContentInfo is constrained by `ContentSet`; here `Message` and `Inner`). The set is referred to by index
/// while it is being resolved, so the nested open type resolves at any depth; before, compiling
/// such a module failed with "object set `Contents` is defined in terms of itself".
#[test]
fn x682_10_object_set_whose_object_types_refer_back_to_it() {
    let src = "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
        CONTENT ::= TYPE-IDENTIFIER
        Contents CONTENT ::= { { INTEGER IDENTIFIED BY {1 2 1} } | { Wrapped IDENTIFIED BY {1 2 2} }, ... }
        Message ::= SEQUENCE { id CONTENT.&id({Contents}), value CONTENT.&Type({Contents}{@id}) }
        Wrapped ::= SEQUENCE { label UTF8String, inner Inner }
        Inner ::= SEQUENCE { id CONTENT.&id({Contents}), value CONTENT.&Type({Contents}{@id}) }
        END";
    let s = Schema::from_source(src, "m.asn").unwrap_or_else(|e| panic!("{e}"));
    let j = serde_json::json!({"id": "1.2.2", "value": {"label": "a", "inner":
        {"id": "1.2.2", "value": {"label": "b", "inner": {"id": "1.2.1", "value": 5}}}}});
    let v = s.value_from_json("Message", &j).unwrap();
    let depth2 = contained(&contained(&v, "value").field("inner").unwrap().clone(), "value");
    let depth3 = contained(depth2.field("inner").unwrap(), "value");
    assert_eq!(depth3, SchemaValue::Integer(5));
    for rules in ALL {
        let enc = s.encode("Message", &v, rules).unwrap_or_else(|e| panic!("{rules}: {e}"));
        assert_eq!(s.decode("Message", &enc, rules).unwrap_or_else(|e| panic!("{rules}: {e}")), v, "{rules}");
    }
    // DER by hand (X.690 8.9; AUTOMATIC TAGS: id [0], value [1] explicit as an open type
    // (X.680 31.2.7), Wrapped's label [0] and inner [1] implicit; OID 1.2.n is 2a 0n):
    // Message { 80 02 2a02, a1 1d Wrapped { 80 01 "a", a1 16 { 80 02 2a02, a1 10 Wrapped {
    // 80 01 "b", a1 09 { 80 02 2a01, a1 03 INTEGER 5 } } } } }.
    let der = hex(concat!(
        "3023", "80022a02", "a11d", "301b", "800161", "a116", "80022a02", "a110", "300e", "800162", "a109",
        "80022a01", "a103", "020105"
    ));
    assert_eq!(s.encode("Message", &v, Rules::Der).unwrap(), der);
    assert_eq!(s.decode("Message", &der, Rules::Der).unwrap(), v);
}

/// X.681 12: an object set that includes itself, directly or through another set, has no
/// objects to resolve against; it is refused, not looped on or left empty.
#[test]
fn x681_12_object_set_that_includes_itself_is_refused() {
    for sets in [
        "A CONTENT ::= { o1 | A }",
        "A CONTENT ::= { o1 | B, ... }
         B CONTENT ::= { A }",
    ] {
        let src = format!(
            "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
             CONTENT ::= TYPE-IDENTIFIER
             o1 CONTENT ::= {{ INTEGER IDENTIFIED BY {{1 2 1}} }}
             {sets}
             T ::= SEQUENCE {{ id CONTENT.&id({{A}}), value CONTENT.&Type({{A}}{{@id}}) }}
             END"
        );
        let e = Schema::from_source(&src, "m.asn").unwrap_err().to_string();
        assert!(e.contains("defined in terms of itself") && e.contains("X.681 12"), "{e}");
    }
}
