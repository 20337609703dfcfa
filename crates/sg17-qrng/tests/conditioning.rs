//! Conditioning: SP 800-90B 3.1.5.1.2 output entropy, Toeplitz extractor
//! against a naive GF(2) matrix-vector product, leftover hash lemma.

use proptest::prelude::*;
use sg17_qrng::conditioning::{
    Conditioner, HashDfConditioner, HmacConditioner, ToeplitzExtractor, output_entropy, pack_samples,
    toeplitz_output_bits,
};
use sg17_qrng::health::{HealthConfig, HealthTests};

/// Values from `vectors/tools/qrng/output_entropy.py` (mpmath at 200 digits).
const ORACLE: &str = include_str!("data/output_entropy.txt");

#[test]
fn sp800_90b_3_1_5_1_2_output_entropy_matches_oracle() {
    let mut n = 0;
    for line in ORACLE.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (n_in, n_out, nw): (u64, u64, u64) =
            (f[0].parse().unwrap(), f[1].parse().unwrap(), f[2].parse().unwrap());
        let h_in: f64 = f[3].parse().unwrap();
        let want: f64 = f[4].parse().unwrap();
        let got = output_entropy(n_in, n_out, nw, h_in);
        assert!((got - want).abs() < 1e-9, "{line}: got {got}");
        n += 1;
    }
    assert_eq!(n, 13);
}

/// Hand-checked: with n_in = 512, n = 256, h_in = 256 the input has
/// P_high = 2^-256 and P_low ~ 2^-512, so psi = 2^256 * 2^-512 + 2^-256 =
/// 2^-255, omega ~ 2^-256 (1 + 2^-128 sqrt(512 ln 2)) < psi, h_out = 255.
/// With n_in = n_out = h_in = 256: psi = 2^-255 but omega =
/// (1 + sqrt(512 ln 2)) 2^-256 dominates: 256 - log2(1 + 18.838) = 251.6898.
#[test]
fn sp800_90b_3_1_5_1_2_output_entropy_hand_checked() {
    assert!((output_entropy(512, 256, 256, 256.0) - 255.0).abs() < 1e-9);
    let want = 256.0 - (1.0 + (512.0 * std::f64::consts::LN_2).sqrt()).log2();
    assert!((output_entropy(256, 256, 256, 256.0) - want).abs() < 1e-9);
    // Never more than the input entropy or the output length.
    assert!(output_entropy(4096, 256, 256, 100.0) <= 100.0);
    assert!(output_entropy(4096, 256, 256, 1e6) <= 256.0);
}

#[test]
fn leftover_hash_lemma_output_length() {
    assert_eq!(toeplitz_output_bits(640.0, 2f64.powi(-64)).unwrap(), 512);
    assert_eq!(toeplitz_output_bits(200.5, 2f64.powi(-32)).unwrap(), 136);
    assert!(toeplitz_output_bits(128.0, 2f64.powi(-64)).is_err());
    assert!(toeplitz_output_bits(500.0, 0.0).is_err());
    assert!(toeplitz_output_bits(500.0, 1.0).is_err());
}

fn bit(bytes: &[u8], k: usize) -> u8 {
    (bytes[k / 8] >> (7 - k % 8)) & 1
}

/// y_i = XOR_j T[i][j] x_j with T[i][j] = s[i - j + n - 1], bit by bit.
fn naive_toeplitz(n: usize, m: usize, seed: &[u8], x: &[u8]) -> Vec<u8> {
    let mut y = vec![0u8; m / 8];
    for i in 0..m {
        let mut acc = 0u8;
        for j in 0..n {
            acc ^= bit(seed, i + n - 1 - j) & bit(x, j);
        }
        y[i / 8] |= acc << (7 - i % 8);
    }
    y
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn toeplitz_matches_naive_product(
        n_bytes in 1usize..40,
        m_frac in 1usize..=8,
        seed in proptest::collection::vec(any::<u8>(), 80),
        x in proptest::collection::vec(any::<u8>(), 40),
    ) {
        let n = n_bytes * 8;
        let m = ((n * m_frac / 8) / 8).max(1) * 8;
        let x = &x[..n_bytes];
        let t = ToeplitzExtractor::new(n, m, &seed).unwrap();
        let mut fast = vec![0u8; m / 8];
        t.extract(x, &mut fast);
        prop_assert_eq!(fast, naive_toeplitz(n, m, &seed, x));
    }
}

/// Outputs wider than 1024 bits take the heap accumulator of `extract`.
#[test]
fn toeplitz_2048x1536_matches_naive_product() {
    let seed: Vec<u8> = (0..448u32).map(|i| (i.wrapping_mul(2246822519) >> 11) as u8).collect();
    let t = ToeplitzExtractor::new(2048, 1536, &seed).unwrap();
    let x: Vec<u8> = (0..256u32).map(|i| (i.wrapping_mul(40503) >> 5) as u8).collect();
    let mut fast = vec![0u8; 192];
    t.extract(&x, &mut fast);
    assert_eq!(fast, naive_toeplitz(2048, 1536, &seed, &x));
}

#[test]
fn toeplitz_1024x768_matches_naive_product() {
    let seed: Vec<u8> = (0..224u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let t = ToeplitzExtractor::new(1024, 768, &seed).unwrap();
    for k in 0..4u32 {
        let x: Vec<u8> = (0..128u32).map(|i| ((i + 7 * k).wrapping_mul(40503) >> 7) as u8).collect();
        let mut fast = vec![0u8; 96];
        t.extract(&x, &mut fast);
        assert_eq!(fast, naive_toeplitz(1024, 768, &seed, &x));
    }
}

#[test]
fn toeplitz_rejects_bad_sizes() {
    assert!(ToeplitzExtractor::new(0, 8, &[0; 8]).is_err());
    assert!(ToeplitzExtractor::new(64, 72, &[0; 32]).is_err());
    assert!(ToeplitzExtractor::new(63, 8, &[0; 32]).is_err());
    assert!(ToeplitzExtractor::new(64, 64, &[0; 15]).is_err()); // needs 127 bits
    assert!(ToeplitzExtractor::new(64, 64, &[0; 16]).is_ok());
}

/// Toeplitz output of biased simulated beam-splitter bits (T = 0.75,
/// H = 0.415 per bit) passes the SP 800-90B health tests as full-entropy
/// binary data (alpha = 2^-40, so that ~2^20 tested bits give a false alarm
/// with probability ~2^-20), and a chi-square test on bytes (255 degrees of freedom,
/// critical value 330.5 at p = 0.001) does not reject uniformity.
#[test]
fn toeplitz_output_passes_health_tests_and_chi_square() {
    use sg17_qrng::source::{NoiseSource, sim::BeamSplitterSource};
    let mut src = BeamSplitterSource::new(11, 8, 0.75, 0.0).unwrap();
    let h = src.claimed_entropy().unwrap(); // 8 * 0.415 per byte sample
    let n = 2048;
    let k = (n / 8) as f64 * h;
    let m = toeplitz_output_bits(k, 2f64.powi(-64)).unwrap() / 8 * 8;
    // A uniform seed, independent of the source: HMAC_DRBG output.
    let mut seed = vec![0u8; (n + m) / 8];
    let mut drbg = sg17_qrng::drbg::HmacDrbg::<sha2::Sha256>::instantiate(&[0x42; 32], b"", b"").unwrap();
    sg17_qrng::drbg::Drbg::generate(&mut drbg, &mut seed, &[]).unwrap();
    let t = ToeplitzExtractor::new(n, m, &seed).unwrap();
    let mut out = Vec::new();
    let mut raw = vec![0u8; n / 8];
    let mut block = vec![0u8; m / 8];
    while out.len() < 1 << 17 {
        src.fill_samples(&mut raw).unwrap();
        t.extract(&raw, &mut block);
        out.extend_from_slice(&block);
    }
    let bits: Vec<u8> = out.iter().flat_map(|b| (0..8).map(move |i| (b >> (7 - i)) & 1)).collect();
    let mut tests = HealthTests::new(HealthConfig::new(1, 1.0, 2f64.powi(-40)).unwrap());
    tests.check_all(&bits).unwrap();
    let mut counts = [0f64; 256];
    for &b in &out {
        counts[usize::from(b)] += 1.0;
    }
    let e = out.len() as f64 / 256.0;
    let chi2: f64 = counts.iter().map(|c| (c - e) * (c - e) / e).sum();
    assert!(chi2 < 330.5, "chi-square {chi2}");
    // And the raw source itself is visibly biased.
    let ones: u32 = raw.iter().map(|b| b.count_ones()).sum();
    assert!(f64::from(ones) / (raw.len() as f64 * 8.0) > 0.65);
}

#[test]
fn vetted_conditioners_are_deterministic_and_keyed() {
    let mut a = [0u8; 32];
    let mut b = [0u8; 32];
    HashDfConditioner.condition(b"x", &mut a);
    HashDfConditioner.condition(b"x", &mut b);
    assert_eq!(a, b);
    HmacConditioner::new(b"k1").condition(b"x", &mut a);
    HmacConditioner::new(b"k2").condition(b"x", &mut b);
    assert_ne!(a, b);
    assert!(HmacConditioner::default().is_vetted());
}

/// HMAC-SHA-256 conditioner equals HMAC-SHA-256 of RFC 4231 test case 2
/// (key "Jefe", data "what do ya want for nothing?").
#[test]
fn hmac_conditioner_matches_rfc4231_case_2() {
    let mut out = [0u8; 32];
    HmacConditioner::new(b"Jefe").condition(b"what do ya want for nothing?", &mut out);
    assert_eq!(hex::encode(out), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

#[test]
fn pack_samples_round_trip() {
    let samples: Vec<u8> = (0..64u8).map(|i| i % 8).collect();
    let packed = pack_samples(&samples, 3);
    assert_eq!(packed.len(), 24);
    for (i, &s) in samples.iter().enumerate() {
        let v = (0..3).fold(0u8, |acc, k| (acc << 1) | bit(&packed, 3 * i + k));
        assert_eq!(v, s);
    }
}
