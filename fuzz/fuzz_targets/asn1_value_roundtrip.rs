//! Round trip of `Value` trees built from fuzzer bytes (via `arbitrary`).
//!
//! The builder only makes values that are valid for their type per X.690/X.680 (minimal
//! INTEGERs, OIDs with legal first arcs, strings in their character set, times in the DER
//! form of X.690 11.7/11.8). For such a value:
//! - DER and CER encodings decode under their own rules, and re-encode byte-identically
//!   (X.690 9, 10: one encoding per value);
//! - BER with definite and indefinite lengths decodes to exactly the value written (X.690 8).
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use sg17_asn1::{BitString, EncodeOptions, EncodingRules, Oid, StringKind, Tag, Value, encode_with};
use std::borrow::Cow;

fn minimal_integer(mut c: Vec<u8>) -> Vec<u8> {
    if c.is_empty() {
        c.push(0);
    }
    while c.len() > 1 && ((c[0] == 0 && c[1] & 0x80 == 0) || (c[0] == 0xff && c[1] & 0x80 != 0)) {
        c.remove(0);
    }
    c
}

fn base128(mut v: u128, out: &mut Vec<u8>) {
    let mut tmp = vec![(v & 0x7f) as u8];
    v >>= 7;
    while v > 0 {
        tmp.push(0x80 | (v & 0x7f) as u8);
        v >>= 7;
    }
    out.extend(tmp.iter().rev());
}

fn text(u: &mut Unstructured<'_>, set: &[u8]) -> Result<String> {
    let n = u.int_in_range(0..=1100usize)?;
    let mut s = String::new();
    for _ in 0..n {
        if u.is_empty() {
            break;
        }
        s.push(char::from(*u.choose(set)?));
    }
    Ok(s)
}

fn days(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        _ => 28,
    }
}

fn date(u: &mut Unstructured<'_>, lo: u32, hi: u32) -> Result<String> {
    let y = u.int_in_range(lo..=hi)?;
    let mo = u.int_in_range(1..=12)?;
    let d = u.int_in_range(1..=days(y, mo))?;
    let (h, mi, s) = (u.int_in_range(0..=23u32)?, u.int_in_range(0..=59u32)?, u.int_in_range(0..=59u32)?);
    Ok(format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}"))
}

fn other_tag(u: &mut Unstructured<'_>) -> Result<Tag> {
    let n = u.int_in_range(0..=100_000u32)?;
    Ok(match u.int_in_range(0..=3u8)? {
        0 => Tag::application(n),
        1 => Tag::context(n),
        2 => Tag::private(n),
        _ => Tag::universal(37 + n),
    })
}

const PRINTABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?";

fn leaf(u: &mut Unstructured<'_>) -> Result<Value<'static>> {
    let bytes = |u: &mut Unstructured<'_>| -> Result<Vec<u8>> { Ok(u.arbitrary::<Vec<u8>>()?) };
    Ok(match u.int_in_range(0..=20u8)? {
        0 => Value::Boolean(u.arbitrary()?),
        1 => Value::integer(u.arbitrary()?),
        2 => Value::Integer(Cow::Owned(minimal_integer(bytes(u)?))),
        3 => Value::Enumerated(Cow::Owned(minimal_integer(bytes(u)?))),
        4 => {
            let d = bytes(u)?;
            let unused = if d.is_empty() { 0 } else { u.int_in_range(0..=7)? };
            Value::BitString(BitString::new(d, unused).expect("valid unused count"))
        }
        5 => Value::OctetString(Cow::Owned(bytes(u)?)),
        6 => Value::Null,
        7 => {
            let a = u.int_in_range(0..=2u128)?;
            let b: u128 = u.arbitrary()?;
            let b = if a < 2 { b % 40 } else { b.min(u128::MAX - 80) };
            let mut arcs = vec![a, b];
            for _ in 0..u.int_in_range(0..=6)? {
                arcs.push(u.arbitrary()?);
            }
            Value::ObjectIdentifier(Cow::Owned(
                Oid::from_arcs(&arcs).expect("valid arcs").as_bytes().to_vec(),
            ))
        }
        8 => {
            let mut c = Vec::new();
            for _ in 0..u.int_in_range(1..=6)? {
                base128(u.arbitrary()?, &mut c);
            }
            Value::RelativeOid(Cow::Owned(c))
        }
        9 => Value::real(f64::from_bits(u.arbitrary()?)),
        10 => Value::string(StringKind::Utf8, &u.arbitrary::<String>()?).expect("UTF-8"),
        11 => Value::string(StringKind::Printable, &text(u, PRINTABLE)?).expect("printable"),
        12 => Value::string(StringKind::Numeric, &text(u, b"0123456789 ")?).expect("numeric"),
        13 => {
            let set: Vec<u8> = (0..0x80).collect();
            Value::string(StringKind::Ia5, &text(u, &set)?).expect("IA5")
        }
        14 => {
            let set: Vec<u8> = (0x20..0x7f).collect();
            Value::string(StringKind::Visible, &text(u, &set)?).expect("visible")
        }
        15 => {
            let s: String = u.arbitrary::<String>()?.chars().filter(|c| u32::from(*c) < 0x10000).collect();
            Value::string(StringKind::Bmp, &s).expect("BMP")
        }
        16 => Value::string(StringKind::Universal, &u.arbitrary::<String>()?).expect("UCS-4"),
        17 => {
            let k = *u.choose(&[
                StringKind::Teletex,
                StringKind::Videotex,
                StringKind::Graphic,
                StringKind::General,
            ])?;
            Value::String(k, Cow::Owned(bytes(u)?))
        }
        18 => Value::UtcTime(Cow::Owned(format!("{}Z", &date(u, 1950, 2049)?[2..]).into_bytes())),
        19 => {
            let mut s = date(u, 0, 9999)?;
            if u.arbitrary()? {
                let f: u32 = u.int_in_range(1..=999_999)?;
                s.push_str(format!(".{f}").trim_end_matches('0'));
            }
            s.push('Z');
            Value::GeneralizedTime(Cow::Owned(s.into_bytes()))
        }
        _ => Value::Primitive(other_tag(u)?, Cow::Owned(bytes(u)?)),
    })
}

fn value(u: &mut Unstructured<'_>, depth: usize) -> Result<Value<'static>> {
    if depth == 0 || u.ratio(2, 3)? {
        return leaf(u);
    }
    let mut items = Vec::new();
    for _ in 0..u.int_in_range(0..=5)? {
        items.push(value(u, depth - 1)?);
    }
    Ok(match u.int_in_range(0..=2u8)? {
        0 => Value::Sequence(items),
        1 => Value::Set(items),
        _ => Value::Constructed(other_tag(u)?, items),
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(v) = value(&mut u, 6) else { return };
    for rules in [EncodingRules::Der, EncodingRules::Cer] {
        let enc = sg17_asn1::encode(&v, rules);
        match Value::decode(&enc, rules) {
            Ok(back) => {
                assert_eq!(sg17_asn1::encode(&back, rules), enc, "{rules} not re-encoded identically")
            }
            Err(e) => panic!("{rules} encoding of {v} rejected: {e}"),
        }
    }
    for opts in [EncodeOptions::BER_DEFINITE, EncodeOptions::BER_INDEFINITE] {
        let enc = encode_with(&v, opts);
        match Value::decode(&enc, EncodingRules::Ber) {
            Ok(back) => assert_eq!(back, v, "{opts:?} round trip changed the value"),
            Err(e) => panic!("{opts:?} encoding of {v} rejected: {e}"),
        }
    }
});
