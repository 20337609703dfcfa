//! X.691 PER and X.696 OER: sg17-asn1-schema (schema-driven, dynamic values) vs rasn 0.30 (derived Rust
//! types) on the same input in the same run.
//!
//! Inputs: the X.691 Annex A.1 PersonnelRecord value (94 octets ALIGNED, 84 UNALIGNED, as
//! printed in X.691 and stored in `vectors/asn1-schema/x691-annex-a.json`) and a SEQUENCE OF
//! 1000 ChildInformation values.
//!
//! Group `compile rfc5912`: compiling the RFC 5912 PKIX modules (no peer; sg17 only) and
//! decoding a certificate through them.
//!
//! Run:   cargo bench -p sg17-benches --bench asn1_schema
//! Quick: cargo bench -p sg17-benches --bench asn1_schema -- --warm-up-time 1 --measurement-time 3
//!
//! Groups `personnel/{uper,aper,oer}_{encode,decode}` and `children1000/...`: within a group the
//! functions handle identical values and octets (checked before timing), so the ratio of the
//! `time` medians is the speed ratio. sg17 encodes from / decodes to its dynamic
//! `SchemaValue` tree; rasn encodes from / decodes to generated structs, which is the less
//! work of the two models.

use criterion::{Criterion, criterion_group, criterion_main};
use rasn::prelude::*;
use sg17_asn1_schema::{Rules, Schema, SchemaValue};
use std::hint::black_box;

const SPEC: &str = "X691-A1 DEFINITIONS ::= BEGIN
PersonnelRecord ::= [APPLICATION 0] IMPLICIT SET {
    name Name, title [0] VisibleString, number EmployeeNumber, dateOfHire [1] Date,
    nameOfSpouse [2] Name, children [3] IMPLICIT SEQUENCE OF ChildInformation DEFAULT {} }
ChildInformation ::= SET { name Name, dateOfBirth [0] Date }
Name ::= [APPLICATION 1] IMPLICIT SEQUENCE { givenName VisibleString, initial VisibleString, familyName VisibleString }
EmployeeNumber ::= [APPLICATION 2] IMPLICIT INTEGER
Date ::= [APPLICATION 3] IMPLICIT VisibleString
Children ::= SEQUENCE OF ChildInformation
END";

/// X.691 A.1.2 (ALIGNED) and A.1.3 (UNALIGNED) octet prefixes.
const A1_APER_PREFIX: &str = "80044a6f686e";
const A1_UPER_PREFIX: &str = "824adfa3700d";

#[derive(AsnType, Debug, Clone, Decode, Encode, PartialEq)]
#[rasn(set, tag(application, 0))]
struct PersonnelRecord {
    name: Name,
    #[rasn(tag(explicit(context, 0)))]
    title: VisibleString,
    number: EmployeeNumber,
    #[rasn(tag(explicit(context, 1)))]
    date_of_hire: Date,
    #[rasn(tag(explicit(context, 2)))]
    name_of_spouse: Name,
    #[rasn(tag(context, 3), default)]
    children: Vec<ChildInformation>,
}

#[derive(AsnType, Debug, Clone, Decode, Encode, PartialEq)]
#[rasn(set)]
struct ChildInformation {
    name: Name,
    #[rasn(tag(explicit(context, 0)))]
    date_of_birth: Date,
}

#[derive(AsnType, Debug, Clone, Decode, Encode, PartialEq)]
#[rasn(tag(application, 1))]
struct Name {
    given_name: VisibleString,
    initial: VisibleString,
    family_name: VisibleString,
}

#[derive(AsnType, Debug, Clone, Decode, Encode, PartialEq)]
#[rasn(delegate, tag(application, 2))]
struct EmployeeNumber(Integer);

#[derive(AsnType, Debug, Clone, Decode, Encode, PartialEq)]
#[rasn(delegate, tag(application, 3))]
struct Date(VisibleString);

fn vs(s: &str) -> VisibleString {
    VisibleString::try_from(s).expect("visible")
}

fn rasn_name(g: &str, i: &str, f: &str) -> Name {
    Name { given_name: vs(g), initial: vs(i), family_name: vs(f) }
}

fn rasn_child(g: &str, i: &str, f: &str, d: &str) -> ChildInformation {
    ChildInformation { name: rasn_name(g, i, f), date_of_birth: Date(vs(d)) }
}

fn rasn_record() -> PersonnelRecord {
    PersonnelRecord {
        name: rasn_name("John", "P", "Smith"),
        title: vs("Director"),
        number: EmployeeNumber(51.into()),
        date_of_hire: Date(vs("19710917")),
        name_of_spouse: rasn_name("Mary", "T", "Smith"),
        children: vec![
            rasn_child("Ralph", "T", "Smith", "19571111"),
            rasn_child("Susan", "B", "Jones", "19590717"),
        ],
    }
}

fn child_value(i: usize) -> SchemaValue {
    let s = |x: &str| SchemaValue::String(x.to_owned());
    let name = SchemaValue::Sequence(vec![
        ("givenName".into(), s(&format!("Child{i}"))),
        ("initial".into(), s("X")),
        ("familyName".into(), s("Smith")),
    ]);
    SchemaValue::Set(vec![("name".into(), name), ("dateOfBirth".into(), s("19571111"))])
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn bench(c: &mut Criterion) {
    let schema = Schema::from_source(SPEC, "x691-a1.asn").expect("schema");
    let rec_id = schema.type_id("PersonnelRecord").expect("type");
    let kids_id = schema.type_id("Children").expect("type");
    let record: SchemaValue = schema
        .value_from_notation(
            "PersonnelRecord",
            r#"{ name { givenName "John", initial "P", familyName "Smith" },
                 title "Director", number 51, dateOfHire "19710917",
                 nameOfSpouse { givenName "Mary", initial "T", familyName "Smith" },
                 children {
                   { name { givenName "Ralph", initial "T", familyName "Smith" }, dateOfBirth "19571111" },
                   { name { givenName "Susan", initial "B", familyName "Jones" }, dateOfBirth "19590717" } } }"#,
        )
        .expect("value");
    let kids = SchemaValue::SequenceOf((0..1000).map(child_value).collect());
    let rasn_rec = rasn_record();
    let rasn_kids: Vec<ChildInformation> =
        (0..1000).map(|i| rasn_child(&format!("Child{i}"), "X", "Smith", "19571111")).collect();

    for (label, rules, prefix) in [
        ("uper", Rules::Uper, Some(A1_UPER_PREFIX)),
        ("aper", Rules::Aper, Some(A1_APER_PREFIX)),
        ("oer", Rules::Oer, None),
    ] {
        let ours = schema.encode_id(rec_id, &record, rules).expect("encode");
        if let Some(prefix) = prefix {
            assert!(hex(&ours).starts_with(prefix), "sg17 {label} differs from X.691");
        }
        assert_eq!(hex(&ours), hex(&rasn_encode(rules, &rasn_rec)), "sg17 and rasn {label} differ");
        let kids_ours = schema.encode_id(kids_id, &kids, rules).expect("encode");
        assert_eq!(
            hex(&kids_ours),
            hex(&rasn_encode(rules, &rasn_kids)),
            "sg17 and rasn {label} differ on Children"
        );

        let mut g = c.benchmark_group(format!("personnel/{label}_encode"));
        g.bench_function("sg17", |b| {
            b.iter(|| schema.encode_id(rec_id, black_box(&record), rules).expect("encode"))
        });
        g.bench_function("rasn", |b| b.iter(|| rasn_encode(rules, black_box(&rasn_rec))));
        g.finish();
        let mut g = c.benchmark_group(format!("personnel/{label}_decode"));
        g.bench_function("sg17", |b| {
            b.iter(|| schema.decode_id(rec_id, black_box(&ours), rules).expect("decode"))
        });
        g.bench_function("rasn", |b| b.iter(|| rasn_decode::<PersonnelRecord>(rules, black_box(&ours))));
        g.finish();
        let mut g = c.benchmark_group(format!("children1000/{label}_encode"));
        g.bench_function("sg17", |b| {
            b.iter(|| schema.encode_id(kids_id, black_box(&kids), rules).expect("encode"))
        });
        g.bench_function("rasn", |b| b.iter(|| rasn_encode(rules, black_box(&rasn_kids))));
        g.finish();
        let mut g = c.benchmark_group(format!("children1000/{label}_decode"));
        g.bench_function("sg17", |b| {
            b.iter(|| schema.decode_id(kids_id, black_box(&kids_ours), rules).expect("decode"))
        });
        g.bench_function("rasn", |b| {
            b.iter(|| rasn_decode::<Vec<ChildInformation>>(rules, black_box(&kids_ours)))
        });
        g.finish();
    }
}

/// rasn's encoder for the rules under test (UPER, APER, basic OER).
fn rasn_encode<T: rasn::Encode>(rules: Rules, v: &T) -> Vec<u8> {
    match rules {
        Rules::Uper => rasn::uper::encode(v),
        Rules::Aper => rasn::aper::encode(v),
        Rules::Oer => rasn::oer::encode(v),
        other => panic!("no rasn codec wired for {other}"),
    }
    .expect("rasn encode")
}

/// rasn's decoder for the rules under test (UPER, APER, basic OER).
fn rasn_decode<T: rasn::Decode>(rules: Rules, b: &[u8]) -> T {
    match rules {
        Rules::Uper => rasn::uper::decode(b),
        Rules::Aper => rasn::aper::decode(b),
        Rules::Oer => rasn::oer::decode(b),
        other => panic!("no rasn codec wired for {other}"),
    }
    .expect("rasn decode")
}

/// The RFC 5912 modules shipped in `vectors/asn1-schema/modules/rfc5912/`, `(file, text)`.
fn rfc5912_sources() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../vectors/asn1-schema/modules/rfc5912");
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("rfc5912 modules")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "asn"))
        .map(|p| {
            let name = p.file_name().expect("file name").to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("module text"))
        })
        .collect();
    files.sort();
    files
}

/// Group `compile rfc5912`: parsing and compiling the seven RFC 5912 PKIX modules into one
/// `Schema` (imports, parameterised types, classes, object sets), then decoding one
/// certificate through it with its open types resolved.
fn compile_rfc5912(c: &mut Criterion) {
    let files = rfc5912_sources();
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let der = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"
    ))
    .expect("certificate");
    let schema = Schema::from_sources(&refs).expect("RFC 5912 compiles");
    let v = schema.decode("Certificate", &der, Rules::Der).expect("decode");
    assert_eq!(schema.encode("Certificate", &v, Rules::Der).expect("encode"), der);
    let mut g = c.benchmark_group("compile rfc5912");
    g.bench_function("sg17 from_sources (7 modules)", |b| {
        b.iter(|| Schema::from_sources(black_box(&refs)).expect("compile"))
    });
    g.bench_function("sg17 decode Certificate (DER, open types resolved)", |b| {
        b.iter(|| schema.decode("Certificate", black_box(&der), Rules::Der).expect("decode"))
    });
    g.finish();
}

/// Group `compile etsi-its`: parsing and compiling the ETSI ITS Release 2 set shipped in
/// `vectors/asn1-schema/modules/etsi-its/` (ETSI-ITS-CDD, CAM, DENM; 368 types, 360 KB of
/// notation), then decoding and encoding the first CAM of `etsi-its-uper.json` (asn1tools'
/// octets, checked to round-trip before timing).
fn compile_etsi_its(c: &mut Criterion) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../vectors/asn1-schema/modules/etsi-its");
    let files: Vec<(String, String)> =
        ["CAM-PDU-Descriptions.asn", "DENM-PDU-Descriptions.asn", "ETSI-ITS-CDD.asn"]
            .iter()
            .map(|f| ((*f).to_owned(), std::fs::read_to_string(format!("{dir}/{f}")).expect("module text")))
            .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let schema = Schema::from_sources(&refs).expect("ETSI ITS set compiles");
    // The `input` of case `etsi-its-uper-CAM-0`, found in the file text (no JSON parser here).
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../vectors/asn1-schema/etsi-its-uper.json"
    ))
    .expect("vectors");
    let case = &json[json.find("\"etsi-its-uper-CAM-0\"").expect("CAM-0 case")..];
    let hex = case[case.find("\"input\": \"").expect("input") + 10..].split('"').next().expect("hex");
    let cam: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digit"))
        .collect();
    let v = schema.decode("CAM", &cam, Rules::Uper).expect("decode");
    assert_eq!(schema.encode("CAM", &v, Rules::Uper).expect("encode"), cam);
    let mut g = c.benchmark_group("compile etsi-its");
    g.bench_function("sg17 from_sources (3 modules, 368 types)", |b| {
        b.iter(|| Schema::from_sources(black_box(&refs)).expect("compile"))
    });
    g.bench_function("sg17 decode CAM (UPER)", |b| {
        b.iter(|| schema.decode("CAM", black_box(&cam), Rules::Uper).expect("decode"))
    });
    g.bench_function("sg17 encode CAM (UPER)", |b| {
        b.iter(|| schema.encode("CAM", black_box(&v), Rules::Uper).expect("encode"))
    });
    g.finish();
}

criterion_group!(benches, bench, compile_rfc5912, compile_etsi_its);
criterion_main!(benches);
