//! X.680-X.683 notation: modules with information object classes, table constraints and
//! parameterised types compile; type parameters are substituted (X.683 9) and fixed-type
//! value fields of classes take their type (X.681 14.2).

use sg17_asn1_schema::{Kind, Rules, Schema, SchemaValue};

fn x681() -> Schema {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/asn1-schema/modules/sg17-x681.asn");
    Schema::from_source(&std::fs::read_to_string(p).unwrap(), "sg17-x681.asn").unwrap()
}

fn field_kind<'s>(s: &'s Schema, ty: &str, path: &[&str]) -> &'s Kind {
    let mut id = s.type_id(ty).unwrap();
    for name in path {
        let f = match &s.get(id).kind {
            Kind::Sequence(f) | Kind::Set(f) => f.textual().find(|x| *x.name == **name).unwrap().ty,
            k => panic!("{name}: not a SEQUENCE: {k:?}"),
        };
        id = f;
    }
    &s.get(id).kind
}

#[test]
fn x683_9_type_parameter_is_substituted() {
    let s = x681();
    assert!(matches!(field_kind(&s, "Certificate", &["toBeSigned"]), Kind::Sequence(_)));
    assert!(matches!(field_kind(&s, "Certificate", &["toBeSigned", "mac"]), Kind::OctetString));
    // The generic body keeps its dummy as an open type.
    assert!(matches!(field_kind(&s, "SIGNED", &["toBeSigned"]), Kind::Open(_)));
}

#[test]
fn x681_14_2_fixed_type_value_field_has_its_type() {
    let s = x681();
    assert!(matches!(field_kind(&s, "Certificate", &["algorithm", "algorithm"]), Kind::ObjectIdentifier));
    assert!(matches!(field_kind(&s, "Certificate", &["algorithm", "parameters"]), Kind::Open(_)));
    assert!(matches!(field_kind(&s, "Attribute", &["type"]), Kind::ObjectIdentifier));
}

#[test]
fn x680_51_5_size_union_gives_the_hull_and_value_references_resolve() {
    let s = x681();
    let tbs = s.type_id("TBS").unwrap();
    let Kind::Sequence(f) = &s.get(tbs).kind else { panic!() };
    let mac = f.textual().find(|x| &*x.name == "mac").unwrap();
    let size = s.get(mac.ty).constraints.size.unwrap();
    assert_eq!((size.lb, size.ub, size.extensible), (Some(6), Some(8), false));
    let issuer = f.textual().find(|x| &*x.name == "issuer").unwrap();
    assert_eq!(s.get(issuer.ty).constraints.size.unwrap().ub, Some(64)); // ub-name
}

#[test]
fn x681_constructs_are_recorded_as_notes() {
    let s = x681();
    assert!(s.warnings.iter().any(|w| w.contains("SignatureAlgorithms")), "{:?}", s.warnings);
}

#[test]
fn x683_9_2_wrong_parameter_count_is_an_error() {
    let e = Schema::from_source(
        "M DEFINITIONS ::= BEGIN P{T} ::= SEQUENCE { a T } Q ::= P{INTEGER, BOOLEAN} END",
        "m.asn",
    )
    .unwrap_err();
    assert_eq!(e.rule, "X.683 9.2");
}

#[test]
fn x681_value_round_trips_in_every_rule() {
    let s = x681();
    let v = s
        .value_from_notation(
            "Certificate",
            "{ toBeSigned { version v3, serial 5, issuer \"sg17\", mac '0102030405AB'H,
                            keyUsage { digitalSignature, keyCertSign } },
               algorithm { algorithm { 1 3 99999 1 1 } }, signature '1011'B }",
        )
        .unwrap();
    for rules in Rules::ALL {
        let enc = s.encode("Certificate", &v, rules).unwrap();
        let back = s.decode("Certificate", &enc, rules).unwrap();
        assert_eq!(s.encode("Certificate", &back, rules).unwrap(), enc, "{rules}");
        if let SchemaValue::Sequence(f) = &back {
            assert_eq!(&*f[0].0, "toBeSigned");
        }
    }
}

#[test]
fn x680_13_16_selection_option_with_successors_and_descendants_imports_resolve() {
    // ETSI TS 103 900 / TS 103 831 import from ETSI-ITS-CDD `... WITH SUCCESSORS`.
    let a = "A {0 4 0 5 1 102894 2 4 1} DEFINITIONS AUTOMATIC TAGS ::= BEGIN
             T ::= INTEGER (0..7) U ::= BOOLEAN END";
    for option in ["WITH SUCCESSORS", "WITH DESCENDANTS", ""] {
        let b = format!(
            "B DEFINITIONS AUTOMATIC TAGS ::= BEGIN IMPORTS T FROM A {{0 4 0 5 1 102894 2 4 1}} {option}
             U FROM A; S ::= SEQUENCE {{ t T, u U }} END"
        );
        let s =
            Schema::from_sources(&[("a.asn", a), ("b.asn", &b)]).unwrap_or_else(|e| panic!("{option}: {e}"));
        assert!(s.type_id("S").is_some(), "{option}");
    }
    // Anything else after WITH is not a SelectionOption: an error with its position.
    let b = "B DEFINITIONS ::= BEGIN IMPORTS T FROM A WITH PARENTS; S ::= T END";
    let e = Schema::from_sources(&[("a.asn", a), ("b.asn", b)]).unwrap_err().to_string();
    assert!(e.contains("b.asn:1:") && e.contains("X.680"), "{e}");
}
