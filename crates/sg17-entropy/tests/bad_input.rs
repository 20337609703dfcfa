//! Hostile or malformed input gives typed errors or warnings, never a panic.

use sg17_entropy::{
    Error, NonIidOptions, Samples, WidthPolicy, assess_non_iid, select_block, try_assess_non_iid,
};

#[test]
fn empty_input_is_an_error() {
    assert_eq!(Samples::from_bytes(&[], None), Err(Error::Empty));
    assert_eq!(Samples::from_bytes(&[], Some(8)), Err(Error::Empty));
}

#[test]
fn bits_out_of_range_is_an_error() {
    assert_eq!(Samples::from_bytes(&[1], Some(0)), Err(Error::InvalidBits(0)));
    assert_eq!(Samples::from_bytes(&[1], Some(9)), Err(Error::InvalidBits(9)));
}

#[test]
fn samples_wider_than_declared_are_rejected_with_offset() {
    let err = Samples::from_bytes(&[1, 0, 3, 1], Some(1)).unwrap_err();
    assert_eq!(err, Error::SampleTooWide { offset: 2, value: 3, bits: 1, needed: 2 });
    assert!(err.to_string().contains("offset 2"));
    // ... or masked on request.
    let s = Samples::from_bytes_with(&[1, 0, 3, 1], Some(1), WidthPolicy::Mask).unwrap();
    assert_eq!(s.raw(), &[1, 0, 1, 1]);
}

#[test]
fn narrower_than_declared_is_a_warning() {
    let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 4) as u8).collect();
    let s = Samples::from_bytes(&bytes, Some(8)).unwrap();
    assert!(s.narrower_than_declared());
    let r = assess_non_iid(&s);
    assert!(r.warnings.iter().any(|w| w.contains("narrower")));
    assert!(r.warnings.iter().any(|w| w.contains("fewer than")));
}

#[test]
fn single_symbol_gets_no_entropy() {
    let s = Samples::from_bytes(&[5; 100], None).unwrap();
    assert_eq!(try_assess_non_iid(&s, NonIidOptions::default()), Err(Error::SingleSymbol));
    assert_eq!(assess_non_iid(&s).assessed, 0.0);
}

#[test]
fn tiny_inputs_do_not_panic() {
    for len in 1..40usize {
        for bits in [1u8, 2, 8] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % (1 << bits)) as u8).collect();
            if let Ok(s) = Samples::from_bytes(&bytes, Some(bits)) {
                let r = assess_non_iid(&s);
                assert!(r.assessed >= 0.0 && r.assessed <= f64::from(bits), "{len} {bits}: {}", r.assessed);
                // Estimators that need more data say so instead of guessing.
                assert!(r.estimates.iter().all(|o| o.min_entropy.is_some() || o.inapplicable.is_some()));
            }
        }
    }
}

#[test]
fn block_selection_errors() {
    assert_eq!(select_block(&[1, 2, 3], 0, 0), Err(Error::ZeroBlock));
    assert!(matches!(select_block(&[1, 2, 3], u64::MAX, u64::MAX), Err(Error::BlockOutOfRange { .. })));
}

#[test]
fn iid_track_on_tiny_inputs_does_not_panic() {
    use sg17_entropy::iid::{IidOptions, assess_iid};
    for len in [1usize, 2, 3, 5, 8, 13, 21, 29] {
        for bits in [1u8, 3, 8] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 29 % (1 << bits)) as u8).collect();
            if let Ok(s) = Samples::from_bytes(&bytes, Some(bits)) {
                let r = assess_iid(&s, IidOptions { permutations: 6, seed: 1 }, &|_| {});
                assert!(r.assessed >= 0.0 && r.assessed <= f64::from(bits));
            }
        }
    }
}

#[test]
fn conditioning_and_restart_reject_bad_parameters() {
    use sg17_entropy::restart::restart_tests;
    assert!(restart_tests(&[], None, 1.0, false, Default::default()).is_err());
    let zeros = vec![0u8; 1_000_000];
    assert!(matches!(
        restart_tests(&zeros, Some(1), 0.5, false, Default::default()),
        Err(Error::SingleSymbol)
    ));
    // Extreme but legal conditioning parameters give finite results.
    let r = sg17_entropy::conditioning::conditioning(1, 1, 1, 1.0, None);
    assert!(r.h_out.is_finite() && r.h_out <= 1.0);
    let r = sg17_entropy::conditioning::conditioning(u32::MAX, 4096, 4096, 1e9, Some(1.0));
    assert!(r.h_out.is_finite() && r.h_out <= 4096.0);
}
