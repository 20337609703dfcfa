//! SP 800-90B 4.4 health tests: cutoffs against an independent oracle and
//! behaviour of the tests on crafted sequences.

use sg17_qrng::health::{
    AdaptiveProportionTest, HealthConfig, HealthTestKind, HealthTests, RepetitionCountTest, apt_cutoff,
    apt_window, rct_cutoff,
};

/// Cutoffs computed independently by `vectors/tools/qrng/health_cutoffs.py`:
/// RCT with exact rational arithmetic, APT with scipy.stats.binom.ppf
/// cross-checked by a 60-digit mpmath binomial tail sum.
const ORACLE: &str = include_str!("data/health_cutoffs.txt");

#[test]
fn sp800_90b_4_4_1_rct_cutoffs_match_oracle() {
    let mut n = 0;
    for line in ORACLE.lines().filter(|l| l.starts_with("rct ")) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let h: f64 = f[1].parse().unwrap();
        let alpha = f64::from(f[2].parse::<i32>().unwrap()).exp2();
        let want: u32 = f[3].parse().unwrap();
        assert_eq!(rct_cutoff(h, alpha), want, "{line}");
        n += 1;
    }
    assert_eq!(n, 27);
}

#[test]
fn sp800_90b_4_4_2_apt_cutoffs_match_oracle() {
    let mut n = 0;
    for line in ORACLE.lines().filter(|l| l.starts_with("apt ")) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let w: u32 = f[1].parse().unwrap();
        let h: f64 = f[2].parse().unwrap();
        let alpha = f64::from(f[3].parse::<i32>().unwrap()).exp2();
        let want: u32 = f[4].parse().unwrap();
        assert_eq!(apt_cutoff(w, h, alpha), want, "{line}");
        n += 1;
    }
    assert_eq!(n, 54);
}

/// SP 800-90B 4.4.1 gives the example H = 7.3, alpha = 2^-30 -> C = 6, and
/// 4.4.2 fixes W = 1024 for binary and 512 for non-binary sources.
#[test]
fn sp800_90b_4_4_text_examples() {
    assert_eq!(rct_cutoff(7.3, 2f64.powi(-30)), 6);
    assert_eq!(apt_window(1), 1024);
    for b in 2..=8 {
        assert_eq!(apt_window(b), 512);
    }
}

#[test]
fn sp800_90b_4_4_config_rejects_bad_claims() {
    assert!(HealthConfig::new(8, 0.0, 1e-6).is_err());
    assert!(HealthConfig::new(8, -1.0, 1e-6).is_err());
    assert!(HealthConfig::new(8, f64::NAN, 1e-6).is_err());
    assert!(HealthConfig::new(1, 1.01, 1e-6).is_err());
    assert!(HealthConfig::new(0, 0.5, 1e-6).is_err());
    assert!(HealthConfig::new(9, 0.5, 1e-6).is_err());
    assert!(HealthConfig::new(8, 4.0, 0.0).is_err());
    assert!(HealthConfig::new(8, 4.0, 0.9).is_err());
    assert!(HealthConfig::new(8, 8.0, 2f64.powi(-40)).is_ok());
}

#[test]
fn sp800_90b_4_4_1_rct_fails_exactly_at_cutoff() {
    let mut rct = RepetitionCountTest::new(5);
    for s in [1, 2, 2, 2, 2, 3] {
        assert!(rct.feed(s).is_ok(), "run of 4 < 5 passes");
    }
    for _ in 0..4 {
        assert!(rct.feed(3).is_ok() || rct.cutoff() == 5);
    }
    // 3 was seen once, then four more: run of 5 reached on the last.
    let mut rct = RepetitionCountTest::new(5);
    let r: Vec<_> = [7u8; 5].iter().map(|&s| rct.feed(s)).collect();
    assert_eq!(r, vec![Ok(()), Ok(()), Ok(()), Ok(()), Err(5)]);
}

#[test]
fn sp800_90b_4_4_2_apt_counts_within_window_only() {
    // W = 8, C = 4: reference 5 appears 3 times per window -> never fails.
    let mut apt = AdaptiveProportionTest::new(8, 4);
    let window = [5u8, 5, 1, 5, 2, 3, 4, 6];
    for _ in 0..100 {
        for s in window {
            assert!(apt.feed(s).is_ok());
        }
    }
    // The 4th occurrence of the reference inside one window fails.
    let mut apt = AdaptiveProportionTest::new(8, 4);
    let r: Vec<_> = [5u8, 1, 5, 2, 5, 5].iter().map(|&s| apt.feed(s)).collect();
    assert_eq!(r[5], Err(4));
    assert!(r[..5].iter().all(Result::is_ok));
}

#[test]
fn sp800_90b_4_4_failure_reports_test_and_index_and_latches() {
    let cfg = HealthConfig::new(8, 4.0, 2f64.powi(-20)).unwrap();
    assert_eq!(cfg.rct_cutoff(), 6);
    let mut t = HealthTests::new(cfg);
    let mut samples: Vec<u8> = (0..=255).collect();
    samples.extend([9u8; 6]);
    let f = t.check_all(&samples).unwrap_err();
    assert_eq!(f.test, HealthTestKind::RepetitionCount);
    assert_eq!(f.sample_index, 256 + 5);
    assert_eq!((f.count, f.cutoff, f.value), (6, 6, 9));
    // Fail closed: even a "good" sample is refused until reset.
    assert_eq!(t.check(1).unwrap_err(), f);
    t.reset();
    assert!(t.check(1).is_ok());
}

#[test]
fn sp800_90b_4_4_2_apt_detects_bias_that_rct_misses() {
    // Binary, H = 1, alpha = 2^-20: RCT cutoff 21, APT cutoff 589 of 1024.
    let cfg = HealthConfig::new(1, 1.0, 2f64.powi(-20)).unwrap();
    let mut t = HealthTests::new(cfg);
    // Pattern 1,1,0 repeated: runs of at most 2, but 2/3 ones.
    let samples: Vec<u8> = (0..3000).map(|i| u8::from(i % 3 != 2)).collect();
    let f = t.check_all(&samples).unwrap_err();
    assert_eq!(f.test, HealthTestKind::AdaptiveProportion);
    // The n-th "1" is sample 3 * ((n - 1) / 2) + (n - 1) % 2; n = 589 -> 882.
    assert_eq!(f.sample_index, 882);
}
