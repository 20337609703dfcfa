//! Proptest strategies for arbitrary [`Value`] trees, shared by the property and differential
//! tests (`#[path]`-included there). Every generated value is valid in itself: contents follow
//! the X.690 / X.680 rule for their type as the spec states it, so each one has a BER, a CER
//! and a DER encoding.
//!
//! As its own test target it checks that the generator really reaches every universal type.
#![allow(dead_code)]

use proptest::collection::vec;
use proptest::prelude::*;
use sg17_asn1::{BitString, Class, Oid, StringKind, Tag, Value};
use std::borrow::Cow;

/// X.690 8.3.2: strip redundant leading octets (first nine bits all zero or all one).
pub fn minimal_integer(mut c: Vec<u8>) -> Vec<u8> {
    if c.is_empty() {
        c.push(0);
    }
    while c.len() > 1 && ((c[0] == 0x00 && c[1] & 0x80 == 0) || (c[0] == 0xff && c[1] & 0x80 != 0)) {
        c.remove(0);
    }
    c
}

/// X.690 8.19.2 / 8.20.2: one subidentifier in base 128, fewest octets, bit 8 set on all
/// octets but the last.
pub fn base128(mut v: u128, out: &mut Vec<u8>) {
    let mut tmp = vec![(v & 0x7f) as u8];
    v >>= 7;
    while v > 0 {
        tmp.push(0x80 | (v & 0x7f) as u8);
        v >>= 7;
    }
    tmp.reverse();
    out.extend_from_slice(&tmp);
}

fn arc() -> impl Strategy<Value = u128> {
    prop_oneof![0u128..128, 128u128..1 << 21, any::<u64>().prop_map(u128::from), any::<u128>()]
}

/// OBJECT IDENTIFIER arcs valid per X.680 32.11: first 0..=2, second < 40 unless first is 2.
pub fn oid_arcs() -> impl Strategy<Value = Vec<u128>> {
    (0u128..3, arc(), vec(arc(), 0..6)).prop_map(|(a, b, rest)| {
        let b = if a < 2 { b % 40 } else { b.min(u128::MAX - 80) };
        let mut v = vec![a, b];
        v.extend(rest);
        v
    })
}

fn oid_value() -> impl Strategy<Value = Value<'static>> {
    oid_arcs().prop_map(|arcs| {
        let o = Oid::from_arcs(&arcs).expect("arcs valid by construction");
        Value::ObjectIdentifier(Cow::Owned(o.as_bytes().to_vec()))
    })
}

fn relative_oid_value() -> impl Strategy<Value = Value<'static>> {
    vec(arc(), 1..6).prop_map(|arcs| {
        let mut c = Vec::new();
        for a in arcs {
            base128(a, &mut c);
        }
        Value::RelativeOid(Cow::Owned(c))
    })
}

/// Octet strings: mostly short, sometimes across the 1000-octet CER fragment size (X.690 9.2).
pub fn octets() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => vec(any::<u8>(), 0..40),
        1 => vec(any::<u8>(), 995..2100),
    ]
}

fn text_of(chars: &'static [u8]) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => vec(proptest::sample::select(chars), 0..24),
        1 => vec(proptest::sample::select(chars), 995..1300),
    ]
    .prop_map(|v| v.into_iter().map(char::from).collect())
}

const NUMERIC: &[u8] = b"0123456789 ";
/// X.680 41.4, Table 10.
const PRINTABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?";

fn range_chars(lo: u8, hi: u8) -> &'static [u8] {
    Box::leak((lo..=hi).collect::<Vec<u8>>().into_boxed_slice())
}

/// A string value of every kind, characters drawn from the kind's character set.
pub fn string_value() -> impl Strategy<Value = Value<'static>> {
    let mk = |k: StringKind| move |s: String| Value::string(k, &s).expect("characters valid by construction");
    prop_oneof![
        any::<String>().prop_map(mk(StringKind::Utf8)),
        text_of(NUMERIC).prop_map(mk(StringKind::Numeric)),
        text_of(PRINTABLE).prop_map(mk(StringKind::Printable)),
        text_of(range_chars(0, 0x7f)).prop_map(mk(StringKind::Ia5)),
        text_of(range_chars(0x20, 0x7e)).prop_map(mk(StringKind::Visible)),
        // BMP: any char of the Basic Multilingual Plane (surrogates are not chars).
        vec(any::<char>().prop_filter("BMP", |c| u32::from(*c) < 0x1_0000), 0..16)
            .prop_map(|v| v.into_iter().collect::<String>())
            .prop_map(mk(StringKind::Bmp)),
        any::<String>().prop_map(mk(StringKind::Universal)),
        // ISO 2022 types: X.690 places no constraint on the octets the codec could check.
        octets().prop_map(|c| Value::String(StringKind::Teletex, Cow::Owned(c))),
        octets().prop_map(|c| Value::String(StringKind::Videotex, Cow::Owned(c))),
        octets().prop_map(|c| Value::String(StringKind::Graphic, Cow::Owned(c))),
        octets().prop_map(|c| Value::String(StringKind::General, Cow::Owned(c))),
        octets().prop_map(|c| Value::String(StringKind::ObjectDescriptor, Cow::Owned(c))),
    ]
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        _ => 28,
    }
}

/// A calendar date and time of day: (year, month, day, hour, minute, second).
fn date_time(years: core::ops::RangeInclusive<u32>) -> impl Strategy<Value = (u32, u32, u32, u32, u32, u32)> {
    (years, 1u32..=12, 1u32..=31, 0u32..24, 0u32..60, 0u32..60)
        .prop_map(|(y, mo, d, h, mi, s)| (y, mo, d.min(days_in_month(y, mo)), h, mi, s))
}

/// UTCTime in the DER form of X.690 11.8: `YYMMDDhhmmssZ`.
pub fn utc_time() -> impl Strategy<Value = Value<'static>> {
    date_time(1950..=2049).prop_map(|(y, mo, d, h, mi, s)| {
        Value::UtcTime(Cow::Owned(format!("{:02}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z", y % 100).into_bytes()))
    })
}

/// GeneralizedTime in the DER form of X.690 11.7: `YYYYMMDDhhmmss[.f]Z`, no trailing zero in the
/// fraction.
pub fn generalized_time() -> impl Strategy<Value = Value<'static>> {
    (date_time(0..=9999), proptest::option::of("[0-9]{0,5}[1-9]")).prop_map(|((y, mo, d, h, mi, s), f)| {
        let frac = f.map(|f| format!(".{f}")).unwrap_or_default();
        Value::GeneralizedTime(Cow::Owned(
            format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}{frac}Z").into_bytes(),
        ))
    })
}

fn real_value() -> impl Strategy<Value = Value<'static>> {
    prop_oneof![
        any::<f64>(),
        Just(0.0),
        Just(-0.0),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::NAN),
        Just(f64::MIN_POSITIVE / 3.0),
        (-1000i32..1000).prop_map(f64::from),
    ]
    .prop_map(Value::real)
}

/// Tags for `Value::Primitive` / `Value::Constructed`: application, context, private (low and
/// high tag numbers) and universal numbers no type is assigned to.
pub fn other_tag() -> impl Strategy<Value = Tag> {
    let num = prop_oneof![0u32..31, 31u32..200, 200u32..1 << 20];
    prop_oneof![
        num.clone().prop_map(Tag::application),
        num.clone().prop_map(Tag::context),
        num.prop_map(Tag::private),
        (37u32..1000).prop_map(Tag::universal),
    ]
}

/// Every primitive universal type, plus non-universal primitives.
pub fn leaf() -> impl Strategy<Value = Value<'static>> {
    prop_oneof![
        any::<bool>().prop_map(Value::Boolean),
        any::<i128>().prop_map(Value::integer),
        vec(any::<u8>(), 1..40).prop_map(|c| Value::Integer(Cow::Owned(minimal_integer(c)))),
        vec(any::<u8>(), 1..6).prop_map(|c| Value::Enumerated(Cow::Owned(minimal_integer(c)))),
        (octets(), 0u8..8).prop_map(|(d, u)| {
            let u = if d.is_empty() { 0 } else { u };
            Value::BitString(BitString::new(d, u).expect("unused count valid by construction"))
        }),
        octets().prop_map(|c| Value::OctetString(Cow::Owned(c))),
        Just(Value::Null),
        oid_value(),
        relative_oid_value(),
        real_value(),
        string_value(),
        utc_time(),
        generalized_time(),
        (other_tag(), vec(any::<u8>(), 0..20)).prop_map(|(t, c)| Value::Primitive(t, Cow::Owned(c))),
    ]
}

/// Trees of SEQUENCE, SET and tagged constructed values over [`leaf`].
pub fn value() -> impl Strategy<Value = Value<'static>> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Sequence),
            vec(inner.clone(), 0..6).prop_map(Value::Set),
            // SET OF one type: equal tags force the ordering by encoding of X.690 11.6.
            vec(any::<i64>().prop_map(|i| Value::integer(i128::from(i))), 0..6).prop_map(Value::Set),
            (other_tag(), vec(inner, 0..4)).prop_map(|(t, v)| Value::Constructed(t, v)),
        ]
    })
}

/// The tree with every SET's children sorted by their DER encoding: a canonical
/// representative for comparing values whose SETs may have been reordered.
pub fn sort_sets(v: &Value<'_>) -> Value<'static> {
    match v {
        Value::Set(items) => {
            let mut items: Vec<Value<'static>> = items.iter().map(sort_sets).collect();
            items.sort_by_cached_key(Value::to_der);
            Value::Set(items)
        }
        Value::Sequence(items) => Value::Sequence(items.iter().map(sort_sets).collect()),
        Value::Constructed(t, items) => Value::Constructed(*t, items.iter().map(sort_sets).collect()),
        other => other.clone().into_owned(),
    }
}

#[test]
fn generator_reaches_every_universal_type() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    let mut classes = std::collections::BTreeSet::new();
    for _ in 0..3000 {
        let v = leaf().new_tree(&mut runner).expect("strategy").current();
        let t = v.tag();
        if t.class == Class::Universal {
            seen.insert(t.number);
        }
        classes.insert(format!("{:?}", t.class));
    }
    // X.680 8.6 Table 1 types that a schema-less tree can hold as leaves.
    for n in [1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 13, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30] {
        assert!(seen.contains(&n), "universal {n} never generated");
    }
    assert_eq!(classes.len(), 4, "{classes:?}");
}
