//! Hostile input: random bytes, huge length claims, extreme nesting, node floods and
//! reassembly bombs must end in a typed error, never a panic, hang or unbounded allocation.
//!
//! Expected error kinds follow from the limits documented on `Limits` and from X.690 8.1.3
//! (what a length octet claims); no test relies on timing.

use proptest::prelude::*;
use sg17_asn1::{EncodingRules, ErrorKind, Limits, Reader, Value, dump, walk};

const ALL: [EncodingRules; 3] = [EncodingRules::Ber, EncodingRules::Cer, EncodingRules::Der];

/// Runs every entry point on `x` under `rules` and `limits`; they may fail, never panic.
fn exercise(x: &[u8], rules: EncodingRules, limits: Limits) {
    let _ = Value::decode_with_limits(x, rules, limits).map(|v| (v.to_string(), v.to_der(), v.to_cer()));
    let _ = walk(x, rules, limits, &mut |_| {});
    let _ = dump::dump(x, rules, limits, &mut |r| {
        let _ = r.to_string();
    });
    let mut r = Reader::with_limits(x, rules, limits);
    while let Ok(Some(t)) = r.read_tlv() {
        let _ = Value::from_tlv(&t);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(x in proptest::collection::vec(any::<u8>(), 0..256)) {
        for rules in ALL {
            exercise(&x, rules, Limits::default());
        }
    }

    /// Random bytes behind plausible headers, so decoding gets past the first octets.
    #[test]
    fn random_contents_behind_headers_never_panic(
        id in prop_oneof![Just(0x30u8), Just(0x31), Just(0x24), Just(0x23), Just(0xa0), Just(0x28), any::<u8>()],
        indefinite in any::<bool>(),
        body in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let mut x = vec![id];
        if indefinite {
            x.push(0x80);
            x.extend_from_slice(&body);
            x.extend_from_slice(&[0, 0]);
        } else {
            x.push(0x81);
            x.push(body.len() as u8);
            x.extend_from_slice(&body);
        }
        for rules in ALL {
            exercise(&x, rules, Limits::default());
            exercise(&x, rules, Limits::default().with_max_depth(3).with_max_nodes(5).with_max_alloc(16));
        }
    }
}

/// 1 GiB length claims (X.690 8.1.3.5 long form `84 40 00 00 00`) with a few octets behind them.
fn gib_claims() -> Vec<Vec<u8>> {
    let gib = [0x84, 0x40, 0x00, 0x00, 0x00];
    let mut out = Vec::new();
    for id in [0x04u8, 0x30, 0x24, 0x0c, 0xa0] {
        let mut x = vec![id];
        x.extend_from_slice(&gib);
        x.extend_from_slice(&[0x04, 0x01, 0xaa]);
        out.push(x);
    }
    // Inside an indefinite-length SEQUENCE (the EOC scan must not trust it either).
    let mut x = vec![0x30, 0x80, 0x04];
    x.extend_from_slice(&gib);
    x.extend_from_slice(&[0, 0]);
    out.push(x);
    // Inside a definite SEQUENCE whose own length is honest.
    let mut x = vec![0x30, 0x08, 0x04];
    x.extend_from_slice(&gib);
    x.extend_from_slice(&[1, 2]);
    out.push(x);
    out
}

#[test]
fn length_claim_of_1_gib_is_rejected_by_default_limit() {
    for x in gib_claims() {
        for rules in ALL {
            let e = Value::decode(&x, rules).unwrap_err();
            // Default max_length is 256 MiB, below the claim. CER forbids the definite form on
            // constructed encodings before the length value matters (X.690 9.1).
            // DER rejects the indefinite outer SEQUENCE first (X.690 10.1).
            let ok = [
                ErrorKind::LengthLimitExceeded,
                ErrorKind::DefiniteLengthConstructed,
                ErrorKind::IndefiniteLengthForbidden,
            ];
            assert!(ok.contains(&e.kind()), "{rules} {x:02x?}: {e}");
            assert!(walk(&x, rules, Limits::default(), &mut |_| {}).is_err());
        }
    }
}

#[test]
fn length_claim_of_1_gib_without_length_limit_is_truncated() {
    // With max_length lifted, the claim is checked against the input actually present
    // (X.690 8.1.1: the contents must be there), still without allocating for it.
    let lim = Limits::default().with_max_length(usize::MAX);
    for x in gib_claims() {
        for rules in [EncodingRules::Ber, EncodingRules::Der] {
            let e = Value::decode_with_limits(&x, rules, lim).unwrap_err();
            if rules == EncodingRules::Der && x[1] == 0x80 {
                assert_eq!(e.kind(), ErrorKind::IndefiniteLengthForbidden, "{x:02x?}: {e}");
                continue;
            }
            assert_eq!(e.kind(), ErrorKind::Truncated, "{rules} {x:02x?}: {e}");
        }
    }
}

#[test]
fn length_claims_beyond_usize_are_errors() {
    // Eight and nine length octets of 0xff: the value does not fit in 64 bits or is absurd.
    for n in [8usize, 9, 126] {
        let mut x = vec![0x04, 0x80 | n as u8];
        x.extend(std::iter::repeat_n(0xff, n));
        for rules in ALL {
            assert!(Value::decode(&x, rules).is_err(), "{n} octets {rules}");
        }
    }
}

/// `depth` nested definite-length SEQUENCEs around NULL, built inside out.
fn nested_definite(depth: usize) -> Vec<u8> {
    let mut x = vec![0x05, 0x00];
    for _ in 0..depth {
        let mut outer = vec![0x30];
        let len = x.len();
        if len < 0x80 {
            outer.push(len as u8);
        } else {
            let b = len.to_be_bytes();
            let skip = b.iter().take_while(|&&o| o == 0).count();
            outer.push(0x80 | (b.len() - skip) as u8);
            outer.extend_from_slice(&b[skip..]);
        }
        outer.extend_from_slice(&x);
        x = outer;
    }
    x
}

fn nested_indefinite(depth: usize) -> Vec<u8> {
    let mut x = Vec::with_capacity(depth * 4 + 2);
    for _ in 0..depth {
        x.extend_from_slice(&[0x30, 0x80]);
    }
    x.extend_from_slice(&[0x05, 0x00]);
    for _ in 0..depth {
        x.extend_from_slice(&[0x00, 0x00]);
    }
    x
}

fn assert_depth_error(x: &[u8], rules: EncodingRules, limits: Limits) {
    let e = Value::decode_with_limits(x, rules, limits).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DepthLimitExceeded, "{rules}: {e}");
    let e = walk(x, rules, limits, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DepthLimitExceeded, "walk {rules}: {e}");
    let e = dump::dump(x, rules, limits, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DepthLimitExceeded, "dump {rules}: {e}");
}

#[test]
fn nesting_100000_deep_definite_hits_depth_limit() {
    let x = nested_definite(100_000);
    for rules in [EncodingRules::Ber, EncodingRules::Der] {
        assert_depth_error(&x, rules, Limits::default());
    }
}

/// Asking for more depth than is safe is clamped to `Limits::DEPTH_CEILING` (512), documented
/// as the bound below which recursion cannot overflow a thread stack. Run on a 2 MiB thread,
/// the size `std::thread::spawn` gives by default (and the test harness uses).
#[test]
fn nesting_100000_deep_definite_with_max_depth_ceiling_hits_depth_limit() {
    let x = nested_definite(100_000);
    let lim = Limits::default().with_max_depth(usize::MAX);
    assert_eq!(lim.max_depth, Limits::DEPTH_CEILING);
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            for rules in [EncodingRules::Ber, EncodingRules::Der] {
                assert_depth_error(&x, rules, lim);
            }
        })
        .expect("spawn")
        .join()
        .expect("no panic");
}

#[test]
fn nesting_100000_deep_indefinite_hits_depth_limit() {
    let x = nested_indefinite(100_000);
    for rules in [EncodingRules::Ber, EncodingRules::Cer] {
        assert_depth_error(&x, rules, Limits::default());
        assert_depth_error(&x, rules, Limits::default().with_max_depth(usize::MAX));
    }
    // DER forbids the indefinite form outright (X.690 10.1).
    let e = Value::decode(&x, EncodingRules::Der).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::IndefiniteLengthForbidden);
}

#[test]
fn nesting_at_the_depth_limit_is_accepted_and_one_more_is_not() {
    // Limits::max_depth = 64: the outermost element has depth 0, so 64 SEQUENCEs put the NULL
    // at depth 64, the deepest allowed; 65 put it at 65.
    let lim = Limits::default();
    assert_eq!(lim.max_depth, 64);
    assert!(Value::decode(&nested_definite(64), EncodingRules::Der).is_ok());
    assert_eq!(walk(&nested_definite(64), EncodingRules::Der, lim, &mut |_| {}).unwrap(), 65);
    assert_depth_error(&nested_definite(65), EncodingRules::Der, lim);
    assert!(Value::decode(&nested_indefinite(64), EncodingRules::Ber).is_ok());
    assert_depth_error(&nested_indefinite(65), EncodingRules::Ber, lim);
}

/// SEQUENCE { NULL x n } in DER.
fn many_nulls(n: usize) -> Vec<u8> {
    let mut x = vec![0x30];
    let len = 2 * n;
    let b = len.to_be_bytes();
    let skip = b.iter().take_while(|&&o| o == 0).count();
    if len < 0x80 {
        x.push(len as u8);
    } else {
        x.push(0x80 | (b.len() - skip) as u8);
        x.extend_from_slice(&b[skip..]);
    }
    for _ in 0..n {
        x.extend_from_slice(&[0x05, 0x00]);
    }
    x
}

#[test]
fn node_limit_bounds_value_trees() {
    // 1 SEQUENCE + 100000 NULLs = 100001 nodes.
    let x = many_nulls(100_000);
    let exact = Limits::default().with_max_nodes(100_001);
    let v = Value::decode_with_limits(&x, EncodingRules::Der, exact).unwrap();
    assert_eq!(v.children_slice().map(<[_]>::len), Some(100_000));
    let e = Value::decode_with_limits(&x, EncodingRules::Der, Limits::default().with_max_nodes(100_000))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NodeLimitExceeded);
    let e = Value::decode_with_limits(&x, EncodingRules::Der, Limits::default().with_max_nodes(1000))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NodeLimitExceeded);
}

#[test]
fn default_node_limit_stops_a_flood_of_empty_elements() {
    // 5 Mi NULLs (10 MiB of input) exceed the default max_nodes of 4 Mi.
    let n = 5 << 20;
    let x = many_nulls(n);
    assert!(n > Limits::default().max_nodes);
    let e = Value::decode(&x, EncodingRules::Ber).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NodeLimitExceeded);
}

/// A constructed BER OCTET STRING of `segments` primitive segments of `size` octets
/// (X.690 8.7.3), indefinite length.
fn constructed_octets(segments: usize, size: usize) -> Vec<u8> {
    let mut x = vec![0x24, 0x80];
    for _ in 0..segments {
        x.push(0x04);
        x.extend_from_slice(&[0x82, (size >> 8) as u8, size as u8]);
        x.extend(std::iter::repeat_n(0x5a, size));
    }
    x.extend_from_slice(&[0, 0]);
    x
}

#[test]
fn max_alloc_bounds_reassembled_ber_strings() {
    let x = constructed_octets(100, 1000); // 100000 octets once reassembled
    let lim = |n| Limits::default().with_max_alloc(n);
    let v = Value::decode_with_limits(&x, EncodingRules::Ber, lim(100_000)).unwrap();
    match v {
        Value::OctetString(c) => assert_eq!(c.len(), 100_000),
        other => panic!("{other:?}"),
    }
    let e = Value::decode_with_limits(&x, EncodingRules::Ber, lim(99_999)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AllocationLimitExceeded);
    // The budget is per tree: ten strings of 10000 octets exceed 50000 together.
    let one = constructed_octets(10, 1000);
    let mut seq = vec![0x30, 0x80];
    for _ in 0..10 {
        seq.extend_from_slice(&one);
    }
    seq.extend_from_slice(&[0, 0]);
    let e = Value::decode_with_limits(&seq, EncodingRules::Ber, lim(50_000)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AllocationLimitExceeded);
    assert!(Value::decode_with_limits(&seq, EncodingRules::Ber, lim(100_000)).is_ok());
}

#[test]
fn max_alloc_bounds_nested_constructed_strings() {
    // Constructed segments inside constructed segments (X.690 8.7.3.2 allows it in BER), and a
    // constructed BIT STRING (8.6.4) with 0 unused bits in every segment.
    let inner = constructed_octets(4, 1000);
    let mut x = vec![0x24, 0x80];
    for _ in 0..4 {
        x.extend_from_slice(&inner);
    }
    x.extend_from_slice(&[0, 0]);
    let lim = |n| Limits::default().with_max_alloc(n);
    assert!(Value::decode_with_limits(&x, EncodingRules::Ber, lim(16_000)).is_ok());
    let e = Value::decode_with_limits(&x, EncodingRules::Ber, lim(15_999)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AllocationLimitExceeded);

    let mut bits = vec![0x23, 0x80];
    for _ in 0..10 {
        bits.extend_from_slice(&[0x03, 0x82, 0x03, 0xe9, 0x00]);
        bits.extend(std::iter::repeat_n(0xa5, 1000));
    }
    bits.extend_from_slice(&[0, 0]);
    let e = Value::decode_with_limits(&bits, EncodingRules::Ber, lim(5_000)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AllocationLimitExceeded);
    assert!(Value::decode_with_limits(&bits, EncodingRules::Ber, lim(20_000)).is_ok());
}

#[test]
fn max_length_bounds_single_elements() {
    let mut x = vec![0x04, 0x82, 0x10, 0x00];
    x.extend(std::iter::repeat_n(0, 0x1000));
    assert!(Value::decode(&x, EncodingRules::Der).is_ok());
    let e = Value::decode_with_limits(&x, EncodingRules::Der, Limits::default().with_max_length(0xfff))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LengthLimitExceeded);
    assert_eq!(e.offset(), 1, "the length octets are at offset 1");
}
