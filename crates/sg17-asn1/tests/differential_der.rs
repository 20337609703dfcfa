//! Differential tests of the DER reader against two independent implementations, `der` 0.8
//! (RustCrypto) and `asn1-rs` 0.7 (Rusticata), on the Debian CA certificate corpus and on
//! random DER values.
//!
//! TLV layer: all three walk the full tree (descending into every constructed encoding) and
//! must agree on acceptance and on the class, form, tag number and contents of every TLV.
//! Typed layer: for universal primitives both sg17 and `der` decode, they must agree on
//! acceptance and on the decoded value (OID arcs, time fields, string text, bit counts).
//!
//! Known legitimate divergences, excluded explicitly:
//! - `der` has no type for universal tags 7, 8, 11, 14, 15, 25, 28, 29 and 31 upwards and
//!   rejects them; X.690 allows them. Random values are mapped onto types `der` knows
//!   (`der_compatible`) before the TLV comparison.
//! - `const-oid` (behind `der`) caps OBJECT IDENTIFIERs at 39 contents octets and 32-bit
//!   arcs, and packs the first two arcs in one octet, so under arc 2 it rejects second arcs
//!   above 39 (first subidentifier above 119); X.680 32.11 and X.690 8.19.4 allow any second
//!   arc under 2 (e.g. 2.999). Such OIDs are not compared.
//! - `const-oid` accepts a subidentifier whose first octet is 0x80; X.690 8.19.2 forbids it
//!   (sg17 rejects). Such OIDs are not compared.
//! - `der`'s `BitStringRef` accepts non-zero unused bits under DER; X.690 11.2.1 requires
//!   them to be zero (sg17 rejects). Such BIT STRINGs are not compared.
//! - `der`'s GeneralizedTime has no fractional seconds and `der`'s DateTime starts in 1970;
//!   X.690 11.7 allows fractions and X.680 46 any year. Such times are not compared.

#[path = "value_strategies.rs"]
mod value_strategies;

use der::asn1::{
    AnyRef, BitStringRef, GeneralizedTime, Ia5StringRef, IntRef, Null, ObjectIdentifier, OctetStringRef,
    PrintableStringRef, UtcTime, Utf8StringRef,
};
use der::{Decode, Reader, SliceReader, Tagged};
use proptest::prelude::*;
use sg17_asn1::types::time::DateTime;
use sg17_asn1::{BitString, Class, EncodingRules, Integer, Limits, StringKind, Tlv, Value};
use std::borrow::Cow;
use std::path::Path;

/// (class bits, constructed, tag number, contents) of one TLV.
type Node<'a> = (u8, bool, u32, &'a [u8]);

fn sg17_nodes(data: &[u8]) -> Result<Vec<Node<'_>>, sg17_asn1::Error> {
    let mut out = Vec::new();
    sg17_asn1::walk(data, EncodingRules::Der, Limits::default(), &mut |t| {
        let class = match t.tag().class {
            Class::Universal => 0,
            Class::Application => 1,
            Class::ContextSpecific => 2,
            Class::Private => 3,
        };
        out.push((class, t.is_constructed(), t.tag().number, t.contents()));
    })?;
    Ok(out)
}

fn der_nodes<'a>(data: &'a [u8], out: &mut Vec<Node<'a>>) -> der::Result<()> {
    let mut r = SliceReader::new(data)?;
    while !r.is_finished() {
        let any = AnyRef::decode(&mut r)?;
        let tag = any.tag();
        let class = match tag.class() {
            der::Class::Universal => 0,
            der::Class::Application => 1,
            der::Class::ContextSpecific => 2,
            der::Class::Private => 3,
        };
        out.push((class, tag.is_constructed(), tag.number().value(), any.value()));
        if tag.is_constructed() {
            der_nodes(any.value(), out)?;
        }
    }
    r.finish()
}

fn asn1rs_nodes<'a>(mut data: &'a [u8], out: &mut Vec<Node<'a>>) -> Result<(), String> {
    use asn1_rs::FromDer;
    while !data.is_empty() {
        let (rest, any) = asn1_rs::Any::from_der(data).map_err(|e| e.to_string())?;
        let class = match any.header.class() {
            asn1_rs::Class::Universal => 0,
            asn1_rs::Class::Application => 1,
            asn1_rs::Class::ContextSpecific => 2,
            asn1_rs::Class::Private => 3,
        };
        let constructed = any.header.is_constructed();
        out.push((class, constructed, any.header.tag().0, any.data));
        if constructed {
            asn1rs_nodes(any.data, out)?;
        }
        data = rest;
    }
    Ok(())
}

/// The three TLV walks agree: all accept, and report identical nodes.
fn assert_tlv_agreement(data: &[u8], what: &str) {
    let ours = sg17_nodes(data).unwrap_or_else(|e| panic!("{what}: sg17 rejects: {e}"));
    let mut theirs = Vec::new();
    der_nodes(data, &mut theirs).unwrap_or_else(|e| panic!("{what}: der rejects: {e}"));
    assert_eq!(ours, theirs, "{what}: sg17 and der see different TLVs");
    let mut rs = Vec::new();
    asn1rs_nodes(data, &mut rs).unwrap_or_else(|e| panic!("{what}: asn1-rs rejects: {e}"));
    assert_eq!(ours, rs, "{what}: sg17 and asn1-rs see different TLVs");
}

/// sg17's `DateTime` fields next to `der`'s.
fn time_fields(t: &DateTime) -> (u16, u8, u8, u8, u8, u8) {
    (t.year, t.month, t.day, t.hour, t.minute, t.second)
}

fn der_time_fields(t: der::DateTime) -> (u16, u8, u8, u8, u8, u8) {
    (t.year(), t.month(), t.day(), t.hour(), t.minutes(), t.seconds())
}

/// Outcome of decoding one primitive with `der`'s typed decoder: `None` when the type or
/// value is outside what `der` models (see the module comment).
fn der_typed(tlv: &Tlv<'_>, any: AnyRef<'_>) -> Option<Result<String, String>> {
    let c = tlv.contents();
    let e = |e: der::Error| e.to_string();
    let tag = tlv.tag();
    if tag.class != Class::Universal || tlv.is_constructed() {
        return None;
    }
    Some(match tag.number {
        1 => any.decode_as::<bool>().map(|b| b.to_string()).map_err(e),
        2 => any.decode_as::<IntRef<'_>>().map(|i| format!("{:02x?}", i.as_bytes())).map_err(e),
        3 if c.len() > 1 && c[0] < 8 && c[c.len() - 1] & ((1u8 << c[0]) - 1) != 0 => return None,
        3 => any
            .decode_as::<BitStringRef<'_>>()
            .map(|b| format!("{} {:02x?}", b.bit_len(), b.raw_bytes()))
            .map_err(e),
        4 => any.decode_as::<&OctetStringRef>().map(|o| format!("{:02x?}", o.as_bytes())).map_err(e),
        5 => any.decode_as::<Null>().map(|_| "NULL".to_owned()).map_err(e),
        6 => {
            let beyond_const_oid =
                |a: Vec<u128>| a.iter().any(|&x| x > u128::from(u32::MAX)) || (a[0] == 2 && a[1] > 39);
            // X.690 8.19.2: no subidentifier may start with 0x80; const-oid accepts it.
            let padded = c.iter().enumerate().any(|(i, &b)| b == 0x80 && (i == 0 || c[i - 1] & 0x80 == 0));
            if padded
                || c.len() > ObjectIdentifier::MAX_SIZE
                || sg17_oid_arcs(c).is_some_and(beyond_const_oid)
            {
                return None;
            }
            any.decode_as::<ObjectIdentifier>().map(|o| o.to_string()).map_err(e)
        }
        12 => any.decode_as::<Utf8StringRef<'_>>().map(|s| s.as_str().to_owned()).map_err(e),
        19 => any.decode_as::<PrintableStringRef<'_>>().map(|s| s.as_str().to_owned()).map_err(e),
        22 => any.decode_as::<Ia5StringRef<'_>>().map(|s| s.as_str().to_owned()).map_err(e),
        23 => {
            if c.len() >= 2 && &c[..2] < b"70".as_slice() && &c[..2] >= b"50".as_slice() {
                return None; // 1950-1969: before der's DateTime range
            }
            any.decode_as::<UtcTime>().map(|t| format!("{:?}", der_time_fields(t.to_date_time()))).map_err(e)
        }
        24 => {
            if c.contains(&b'.') || c.contains(&b',') || (c.len() >= 4 && &c[..4] < b"1970".as_slice()) {
                return None;
            }
            any.decode_as::<GeneralizedTime>()
                .map(|t| format!("{:?}", der_time_fields(t.to_date_time())))
                .map_err(e)
        }
        _ => return None,
    })
}

fn sg17_oid_arcs(c: &[u8]) -> Option<Vec<u128>> {
    sg17_asn1::ObjectIdentifier::from_contents(c, 0).ok().map(|o| o.arcs().collect())
}

/// The same rendering from sg17's typed decoders.
fn sg17_typed(tlv: &Tlv<'_>) -> Result<String, String> {
    let c = tlv.contents();
    let r = EncodingRules::Der;
    let e = |e: sg17_asn1::Error| e.to_string();
    Value::from_tlv(tlv).map_err(e)?;
    Ok(match tlv.tag().number {
        1 => (c == [0xff]).to_string(),
        2 => format!("{:02x?}", Integer::from_contents(c, 0).map_err(e)?.as_bytes()),
        3 => {
            let b = BitString::from_contents(c, r, 0).map_err(e)?;
            format!("{} {:02x?}", b.bit_len(), b.data())
        }
        4 => format!("{c:02x?}"),
        5 => "NULL".to_owned(),
        6 => sg17_asn1::ObjectIdentifier::from_contents(c, 0).map_err(e)?.to_string(),
        12 | 19 | 22 => {
            let k = StringKind::from_universal(tlv.tag().number).expect("string tag");
            k.decode(c, 0).map_err(e)?.map(Cow::into_owned).unwrap_or_default()
        }
        23 => format!("{:?}", time_fields(&DateTime::parse_utc(c, r, 0).map_err(e)?)),
        24 => format!("{:?}", time_fields(&DateTime::parse_generalized(c, r, 0).map_err(e)?)),
        n => unreachable!("no typed comparison for universal {n}"),
    })
}

/// Typed agreement on every universal primitive of `data` (which all parsers accept).
/// Returns how many primitives were compared.
fn assert_typed_agreement(data: &[u8], what: &str) -> usize {
    let mut tlvs = Vec::new();
    sg17_asn1::walk(data, EncodingRules::Der, Limits::default(), &mut |t| tlvs.push(*t))
        .expect("walked before");
    let mut compared = 0;
    for t in &tlvs {
        let any = AnyRef::from_der(t.raw()).expect("der accepted the whole tree");
        let Some(theirs) = der_typed(t, any) else { continue };
        let ours = sg17_typed(t);
        compared += 1;
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "{what}: {} at offset {} decodes differently", t.tag(), t.offset())
            }
            (Err(_), Err(_)) => {}
            _ => panic!("{what}: {} at offset {}: sg17 {ours:?}, der {theirs:?}", t.tag(), t.offset()),
        }
    }
    compared
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors/corpus/debian-ca");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "der"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).expect("read")))
        .collect();
    out.sort();
    out
}

#[test]
fn corpus_certificates_tlv_trees_agree_with_der_and_asn1_rs() {
    let certs = corpus();
    assert!(certs.len() >= 100, "corpus has {} files", certs.len());
    let mut nodes = 0;
    for (name, der) in &certs {
        assert_tlv_agreement(der, name);
        nodes += sg17_nodes(der).unwrap().len();
    }
    assert!(nodes > 50 * certs.len(), "{nodes} TLVs in {} certificates", certs.len());
}

#[test]
fn corpus_certificates_typed_values_agree_with_der() {
    let mut compared = 0;
    for (name, der) in corpus() {
        compared += assert_typed_agreement(&der, &name);
    }
    assert!(compared > 1000, "only {compared} primitives compared");
}

#[test]
fn corpus_certificates_are_accepted_and_canonical_under_der() {
    // Certificates are DER (RFC 5280 4.1); the value tree re-encodes each byte for byte.
    for (name, der) in corpus() {
        let v = Value::decode(&der, EncodingRules::Der).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(v.to_der(), der, "{name}");
    }
}

/// Maps universal types `der` does not model onto OCTET STRING (same contents), so the tree
/// stays valid DER and `der` can walk it.
fn der_compatible(v: Value<'static>) -> Value<'static> {
    let known = |n: u32| matches!(n, 1..=6 | 9 | 10 | 12 | 13 | 16..=24 | 26 | 27 | 30);
    match v {
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(der_compatible).collect()),
        Value::Set(items) => Value::Set(items.into_iter().map(der_compatible).collect()),
        Value::Constructed(t, items) => {
            let items = items.into_iter().map(der_compatible).collect();
            if t.class == Class::Universal { Value::Sequence(items) } else { Value::Constructed(t, items) }
        }
        Value::String(k, c) if !known(k.tag().number) => Value::OctetString(c),
        Value::Primitive(t, c) if t.class == Class::Universal && !known(t.number) => Value::OctetString(c),
        other => other,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_der_values_agree_with_der_and_asn1_rs(v in value_strategies::value()) {
        let v = der_compatible(v);
        let enc = v.to_der();
        assert_tlv_agreement(&enc, &v.to_string());
        assert_typed_agreement(&enc, &v.to_string());
    }

    /// Near-miss inputs: one byte changed in a valid DER encoding. Where neither divergence
    /// class applies, sg17 and `der` agree on whether the TLV tree is well-formed DER, and on
    /// the contents rules of every primitive `der` can type.
    #[test]
    fn mutated_der_accept_reject_agrees_with_der(
        v in value_strategies::value(),
        pos in any::<usize>(),
        byte in any::<u8>(),
    ) {
        let mut enc = der_compatible(v).to_der();
        let p = pos % enc.len();
        enc[p] = byte;
        let ours = sg17_nodes(&enc);
        let mut theirs = Vec::new();
        let theirs_ok = der_nodes(&enc, &mut theirs);
        let mut tags = Vec::new();
        let _ = sg17_asn1::walk(&enc, EncodingRules::Ber, Limits::default(), &mut |t| tags.push((t.tag(), t.is_constructed())));
        // X.690 8.1.2.5 form rule (der enforces it in the tag), and der's tag vocabulary.
        let form_ok = tags.iter().all(|(t, c)| t.class != Class::Universal || matches!((t.number, c), (16 | 17, true) | (1..=6 | 9 | 10 | 12 | 13 | 18..=24 | 26 | 27 | 30, false)));
        let unknown = tags.iter().any(|(t, _)| t.class == Class::Universal && !matches!(t.number, 0..=6 | 9 | 10 | 12 | 13 | 16..=24 | 26 | 27 | 30));
        prop_assume!(!unknown && tags.iter().all(|(t, _)| t.number < 1 << 21));
        let ours_ok = ours.as_ref().map(|_| ()).map_err(|e| e.to_string()).and_then(|()| if form_ok { Ok(()) } else { Err("form".into()) });
        prop_assert_eq!(ours_ok.is_ok(), theirs_ok.is_ok(), "sg17 {:?} der {:?} on {:02x?}", ours_ok, theirs_ok, enc);
        if let (Ok(a), Ok(())) = (&ours, theirs_ok) {
            prop_assert_eq!(a, &theirs);
            // Both accept the tree: contents rules of each primitive must agree as well.
            if form_ok {
                assert_typed_agreement(&enc, &format!("{enc:02x?}"));
            }
        }
    }
}
