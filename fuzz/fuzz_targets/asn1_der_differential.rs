//! Differential fuzzing of the DER TLV layer against the `der` crate (RustCrypto, 0.8).
//!
//! Both sides walk the whole TLV tree under DER: sg17 with `walk` plus the form rule of X.690
//! 8.1.2.5 for universal types (what `Value::decode` enforces at the header level), `der` with
//! `AnyRef` decoded recursively into every constructed encoding. On input both claim to handle,
//! they must agree on accept/reject, and when both accept, on the sequence of (class,
//! constructed, tag number, contents) of every TLV.
//!
//! Known legitimate divergences, skipped explicitly (`classify` below) rather than silently:
//! 1. Universal tag numbers `der` has no type for (0 aside): 7 ObjectDescriptor, 8 EXTERNAL,
//!    11 EMBEDDED PDV, 14 TIME, 15, 25 GraphicString, 28 UniversalString, 29 CHARACTER STRING,
//!    31 and up (DATE, TIME-OF-DAY, ..., high-tag universal). `der` rejects them
//!    (`TagUnknown`/`TagNumberInvalid`); X.690 allows them and sg17 accepts them.
//! 2. Tag numbers of 2^21 and above (four or more subsequent identifier octets): `der` caps tag
//!    numbers (`Tag::MAX_SIZE`); X.690 8.1.2.4 sets no limit, sg17 allows up to 2^32 - 1.
//! 3. Nesting deeper than sg17's default `Limits::max_depth` (64): sg17 refuses by policy,
//!    `der` has no limit for this recursive walk.
//! 4. Lengths above `der`'s 4-octet cap (u32) and above sg17's `max_length` (256 MiB): cannot
//!    be backed by a fuzz input anyway, both reject as truncated; not skipped.
//! 5. Universal tags 0 (end-of-contents) and reserved forms are rejected by both; not skipped.
//!
//! Typed layer: when both accept the tree, every universal primitive of a type `der` models
//! (BOOLEAN, INTEGER, BIT STRING, NULL, OID, UTF8String, PrintableString, IA5String, UTCTime,
//! GeneralizedTime) must be accepted by both typed decoders or rejected by both. Skipped:
//! 6. BIT STRINGs with non-zero unused bits: `der` accepts them, X.690 11.2.1 forbids them.
//! 7. OIDs `const-oid` cannot hold: over 39 octets, arcs over 32 bits, second arc above 39
//!    under arc 2 (X.690 8.19.4 allows all three).
//!    Also OIDs with a subidentifier starting with octet 0x80: `const-oid` accepts them,
//!    X.690 8.19.2 forbids them (sg17 rejects).
//! 8. Times `der` cannot hold: years before 1970, GeneralizedTime fractions (X.690 11.7 allows
//!    fractions without trailing zeros).
#![no_main]

use der::{AnyRef, Decode, Reader, SliceReader, Tagged};
use libfuzzer_sys::fuzz_target;
use sg17_asn1::{Class, EncodingRules, Limits, Tlv};

/// One TLV as both sides report it: class bits, constructed, number, contents.
type Node<'a> = (u8, bool, u32, &'a [u8]);

const DEPTH: usize = 64;

fn der_walk<'a>(bytes: &'a [u8], depth: usize, out: &mut Vec<Node<'a>>) -> der::Result<()> {
    let mut r = SliceReader::new(bytes)?;
    while !r.is_finished() {
        let any: AnyRef<'a> = AnyRef::decode(&mut r)?;
        let tag = any.tag();
        let class = match tag.class() {
            der::Class::Universal => 0,
            der::Class::Application => 1,
            der::Class::ContextSpecific => 2,
            der::Class::Private => 3,
        };
        out.push((class, tag.is_constructed(), tag.number().value(), any.value()));
        if tag.is_constructed() {
            if depth >= DEPTH {
                // Counted as divergence 3 by `classify`; stop descending.
                return Ok(());
            }
            der_walk(any.value(), depth + 1, out)?;
        }
    }
    r.finish()
}

/// X.690 8.1.2.5 as it applies to DER: universal types with a fixed form. Strings are
/// primitive in DER (10.2); SEQUENCE/SET constructed (8.9.1, 8.11.1).
fn universal_form_ok(t: &Tlv<'_>) -> bool {
    if t.tag().class != Class::Universal {
        return true;
    }
    match t.tag().number {
        16 | 17 | 8 | 11 | 29 => t.is_constructed(),
        _ => !t.is_constructed(),
    }
}

fn sg17_walk(data: &[u8]) -> Result<Vec<Node<'_>>, String> {
    let mut out = Vec::new();
    let mut form_ok = true;
    walk(data, &mut out, &mut form_ok)?;
    if form_ok { Ok(out) } else { Err("X.690 8.1.2.5 form".into()) }
}

fn walk<'a>(data: &'a [u8], out: &mut Vec<Node<'a>>, form_ok: &mut bool) -> Result<(), String> {
    sg17_asn1::walk(data, EncodingRules::Der, Limits::default(), &mut |t| {
        *form_ok &= universal_form_ok(t);
        out.push((class_bits(t.tag().class), t.is_constructed(), t.tag().number, t.contents()));
    })
    .map(|_| ())
    .map_err(|e| e.to_string())
}

fn class_bits(c: Class) -> u8 {
    match c {
        Class::Universal => 0,
        Class::Application => 1,
        Class::ContextSpecific => 2,
        Class::Private => 3,
    }
}

/// Whether the input falls in a documented divergence class (see the module comment),
/// decided from a lenient BER walk of sg17, which sees every tag up to the first header error.
/// Headers neither side can parse are left to the comparison: both must reject them.
fn in_divergence_class(data: &[u8]) -> bool {
    let lim = Limits::default().with_max_depth(Limits::DEPTH_CEILING);
    let mut diverges = false;
    let mut r = sg17_asn1::Reader::with_limits(data, EncodingRules::Ber, lim);
    fn scan(r: &mut sg17_asn1::Reader<'_>, diverges: &mut bool) {
        while let Ok(Some(t)) = r.read_tlv() {
            let tag = t.tag();
            let unknown_universal = tag.class == Class::Universal
                && !matches!(tag.number, 0..=6 | 9 | 10 | 12 | 13 | 16..=24 | 26 | 27 | 30);
            if unknown_universal || tag.number >= 1 << 21 || t.depth() >= DEPTH {
                *diverges = true;
                return;
            }
            if t.is_constructed() {
                match t.reader() {
                    Ok(mut inner) => scan(&mut inner, diverges),
                    Err(_) => {
                        *diverges = true;
                        return;
                    }
                }
            }
        }
    }
    scan(&mut r, &mut diverges);
    diverges
}

/// Whether an OID/RELATIVE-OID contents has a subidentifier whose first octet is 0x80 (not in
/// the fewest octets, X.690 8.19.2).
fn padded_subidentifier(c: &[u8]) -> bool {
    c.iter().enumerate().any(|(i, &b)| b == 0x80 && (i == 0 || c[i - 1] & 0x80 == 0))
}

/// Typed decoders of both sides on every universal primitive (see the module comment).
fn typed_agreement(data: &[u8]) {
    use der::asn1::{
        BitStringRef, GeneralizedTime, Ia5StringRef, IntRef, Null, ObjectIdentifier, PrintableStringRef,
        UtcTime, Utf8StringRef,
    };
    let mut tlvs = Vec::new();
    let _ = sg17_asn1::walk(data, EncodingRules::Der, Limits::default(), &mut |t| tlvs.push(*t));
    for t in &tlvs {
        let (tag, c) = (t.tag(), t.contents());
        if tag.class != Class::Universal || t.is_constructed() {
            continue;
        }
        let Ok(any) = AnyRef::from_der(t.raw()) else { panic!("der rejects a TLV of a tree it accepted") };
        let theirs = match tag.number {
            1 => any.decode_as::<bool>().is_ok(),
            2 => any.decode_as::<IntRef<'_>>().is_ok(),
            3 if c.len() > 1 && c[0] < 8 && c[c.len() - 1] & ((1u8 << c[0]) - 1) != 0 => continue,
            3 => any.decode_as::<BitStringRef<'_>>().is_ok(),
            5 => any.decode_as::<Null>().is_ok(),
            6 => {
                let big = sg17_asn1::ObjectIdentifier::from_contents(c, 0).is_ok_and(|o| {
                    let a: Vec<u128> = o.arcs().collect();
                    a.iter().any(|&x| x > u128::from(u32::MAX)) || (a[0] == 2 && a[1] > 39)
                });
                if big || c.len() > ObjectIdentifier::MAX_SIZE || padded_subidentifier(c) {
                    continue;
                }
                any.decode_as::<ObjectIdentifier>().is_ok()
            }
            12 => any.decode_as::<Utf8StringRef<'_>>().is_ok(),
            19 => any.decode_as::<PrintableStringRef<'_>>().is_ok(),
            22 => any.decode_as::<Ia5StringRef<'_>>().is_ok(),
            23 => {
                if c.len() >= 2 && (b"50".as_slice()..b"70".as_slice()).contains(&&c[..2]) {
                    continue;
                }
                any.decode_as::<UtcTime>().is_ok()
            }
            24 => {
                if c.contains(&b'.') || c.contains(&b',') || (c.len() >= 4 && &c[..4] < b"1970".as_slice()) {
                    continue;
                }
                any.decode_as::<GeneralizedTime>().is_ok()
            }
            _ => continue,
        };
        let ours = sg17_asn1::Value::from_tlv(t);
        assert_eq!(
            ours.is_ok(),
            theirs,
            "typed decode of {} at {} disagrees: sg17 {:?}",
            tag,
            t.offset(),
            ours.map(|v| v.to_string()).map_err(|e| e.to_string())
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let ours = sg17_walk(data);
    let mut theirs = Vec::new();
    let theirs = der_walk(data, 0, &mut theirs).map(|()| theirs);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => {
            if in_divergence_class(data) {
                return;
            }
            assert!(a == b, "TLV trees differ:\n sg17 {a:02x?}\n der  {b:02x?}");
            typed_agreement(data);
        }
        (Ok(_), Err(_)) | (Err(_), Ok(_)) if !in_divergence_class(data) => {
            panic!(
                "accept/reject disagreement: sg17 {:?}, der {:?}",
                ours.as_ref().map(|_| ()),
                theirs.as_ref().map(|_| ()).map_err(|e| e.to_string())
            );
        }
        _ => {}
    }
});
