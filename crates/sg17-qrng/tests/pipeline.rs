//! The assembled pipeline: fault injection (SP 800-90B 4.4 detection
//! bounds), fail-closed behaviour, bad input, rand_core integration.

use rand_core::{Rng, TryRng, UnwrapErr};
use sg17_qrng::drbg::DrbgKind;
use sg17_qrng::health::{HealthTestKind, TestPhase};
use sg17_qrng::source::fault::{Fault, FaultySource};
use sg17_qrng::source::sim::{BeamSplitterSource, HomodyneSource, PhotonArrivalSource};
use sg17_qrng::source::{DeviceSource, NoiseSource, ReplaySource, SourceError};
use sg17_qrng::{ConditionerKind, ConfigError, QrngError, QuantumRng};
use std::io::Write;

fn homodyne(seed: u64) -> HomodyneSource {
    HomodyneSource::builder().seed(seed).build().unwrap()
}

/// Drains the RNG in `chunk`-byte requests until it fails; returns the
/// failure and the number of bytes emitted before it.
fn run_until_failure(rng: &mut QuantumRng, chunk: usize) -> (QrngError, u64) {
    let mut buf = vec![0u8; chunk];
    let mut emitted = 0u64;
    loop {
        match rng.try_fill(&mut buf) {
            Ok(()) => emitted += chunk as u64,
            Err(e) => {
                assert!(buf.iter().all(|&b| b == 0), "bytes left in a failed request");
                return (e, emitted);
            }
        }
        assert!(emitted < 1 << 26, "fault never detected");
    }
}

fn health_failure(e: &QrngError) -> &sg17_qrng::health::HealthFailure {
    match e {
        QrngError::Health(f) => f,
        other => panic!("expected a health failure, got {other}"),
    }
}

/// After a failure, every request fails with `Halted` and emits nothing.
fn assert_halted(rng: &mut QuantumRng) {
    assert!(rng.is_halted());
    for len in [1usize, 4, 64, 100_000] {
        let mut buf = vec![0xaau8; len];
        match rng.try_fill(&mut buf) {
            Err(QrngError::Halted { .. }) => {}
            other => panic!("expected Halted, got {other:?}"),
        }
        assert!(buf.iter().all(|&b| b == 0));
    }
    assert!(rng.try_next_u64().is_err());
}

#[test]
fn sp800_90b_4_4_1_stuck_at_fault_detected_within_rct_cutoff() {
    for (drbg, onset) in [(None, 50_000u64), (Some(DrbgKind::HashSha256), 70_001)] {
        let source = FaultySource::new(homodyne(1), Fault::StuckAt(128), onset);
        let mut rng = QuantumRng::builder().source(source).drbg(drbg).reseed_interval(1).build().unwrap();
        let c = rng.stats().rct_cutoff;
        let (e, _) = run_until_failure(&mut rng, 1000);
        let f = health_failure(&e).clone();
        assert_eq!(f.test, HealthTestKind::RepetitionCount);
        assert_eq!(f.phase, TestPhase::Continuous);
        // The run of C identical samples is complete at most C - 1 samples
        // after the onset.
        assert!(f.sample_index >= onset && f.sample_index < onset + u64::from(c), "{f}");
        assert_halted(&mut rng);
    }
}

#[test]
fn sp800_90b_4_4_2_repeating_pattern_detected_within_two_apt_windows() {
    // Period-4 pattern: runs of 1 defeat the RCT; the reference value
    // appears 128 times in each 512-sample window, far above the APT cutoff.
    let onset = 40_000;
    let source = FaultySource::new(homodyne(2), Fault::RepeatingPattern(vec![3, 200, 77, 140]), onset);
    let mut rng =
        QuantumRng::builder().source(source).drbg(None).conditioner(ConditionerKind::Hmac).build().unwrap();
    let stats = rng.stats();
    let (e, emitted) = run_until_failure(&mut rng, 32);
    let f = health_failure(&e);
    assert_eq!(f.test, HealthTestKind::AdaptiveProportion);
    let bound = onset + 2 * u64::from(stats.apt_window);
    assert!(f.sample_index >= onset && f.sample_index < bound, "{f}");
    // Output stopped: at most the blocks wholly drawn before the failing block.
    let blocks_before = f.sample_index / stats.samples_per_block as u64;
    assert!(emitted <= blocks_before * 32);
    assert_halted(&mut rng);
}

#[test]
fn sp800_90b_4_4_bias_drift_detected_and_output_stops() {
    let onset = 30_000;
    let source = FaultySource::new(homodyne(3), Fault::BiasDrift { value: 0, rate: 1e-3 }, onset);
    let mut rng = QuantumRng::builder()
        .source(source)
        .drbg(Some(DrbgKind::HmacSha256))
        .prediction_resistance(true)
        .build()
        .unwrap();
    let (e, _) = run_until_failure(&mut rng, 4096);
    let f = health_failure(&e);
    // Replacement probability reaches 1 after 1000 samples; detection by
    // then plus one APT window, by either test.
    assert!(f.sample_index >= onset && f.sample_index < onset + 1000 + 1024, "{f}");
    assert_halted(&mut rng);
}

#[test]
fn source_outage_halts_and_never_yields_output() {
    let source = FaultySource::new(homodyne(4), Fault::Outage, 20_000);
    let mut rng = QuantumRng::builder().source(source).drbg(None).build().unwrap();
    let (e, _) = run_until_failure(&mut rng, 64);
    assert!(matches!(e, QrngError::Source(SourceError::Fault(_))), "{e}");
    assert_halted(&mut rng);
}

#[test]
fn sp800_90b_4_3_startup_test_failure_prevents_construction() {
    let source = FaultySource::new(homodyne(5), Fault::StuckAt(7), 0);
    let e = QuantumRng::builder().source(source).build().unwrap_err();
    let f = health_failure(&e);
    assert_eq!(f.phase, TestPhase::Startup);
    assert_eq!(f.test, HealthTestKind::RepetitionCount);
    assert!(f.sample_index < 1024);
}

#[test]
fn reinitialize_reruns_startup_and_stays_halted_while_fault_persists() {
    let source = FaultySource::new(homodyne(6), Fault::StuckAt(9), 10_000);
    let mut rng = QuantumRng::builder().source(source).drbg(None).build().unwrap();
    let _ = run_until_failure(&mut rng, 32);
    let e = rng.reinitialize().unwrap_err();
    assert_eq!(health_failure(&e).phase, TestPhase::Startup);
    assert_halted(&mut rng);
}

/// A source stuck at 0 for samples 10 000..10 100 only (a glitch).
struct Glitch {
    inner: HomodyneSource,
    index: u64,
}

impl NoiseSource for Glitch {
    fn bits_per_sample(&self) -> u8 {
        8
    }
    fn claimed_entropy(&self) -> Option<f64> {
        self.inner.claimed_entropy()
    }
    fn fill_samples(&mut self, s: &mut [u8]) -> Result<(), SourceError> {
        self.inner.fill_samples(s)?;
        for v in s.iter_mut() {
            if (10_000..10_100).contains(&self.index) {
                *v = 0;
            }
            self.index += 1;
        }
        Ok(())
    }
    fn describe(&self) -> String {
        "glitch".into()
    }
}

#[test]
fn reinitialize_resumes_after_transient_failure() {
    let source = Glitch { inner: homodyne(7), index: 0 };
    let mut rng = QuantumRng::builder()
        .source(source)
        .drbg(Some(DrbgKind::HmacSha512))
        .prediction_resistance(true)
        .build()
        .unwrap();
    let (e, _) = run_until_failure(&mut rng, 256);
    assert_eq!(health_failure(&e).test, HealthTestKind::RepetitionCount);
    assert_halted(&mut rng);
    // While the glitch lasts, start-up testing fails again; once it is
    // over, re-initialisation succeeds and output resumes.
    let mut attempts = 0;
    while rng.reinitialize().is_err() {
        assert_halted(&mut rng);
        attempts += 1;
        assert!(attempts < 10, "never recovered");
    }
    assert!(attempts >= 1, "the first re-initialisation ran inside the glitch");
    assert!(!rng.is_halted());
    let mut out = [0u8; 256];
    rng.try_fill(&mut out).unwrap();
    assert_ne!(out, [0u8; 256]);
}

#[test]
fn on_demand_test_failure_halts() {
    // Start-up (1024 samples) and seeding (3 blocks of 88) end before 1500;
    // the on-demand run of 1024 samples crosses the onset.
    let source = FaultySource::new(homodyne(8), Fault::StuckAt(1), 1_500);
    let mut rng = QuantumRng::builder().source(source).build().unwrap();
    let e = rng.run_on_demand_tests().unwrap_err();
    assert_eq!(health_failure(&e).phase, TestPhase::OnDemand);
    assert_halted(&mut rng);
}

#[test]
fn every_conditioner_and_drbg_produces_deterministic_output() {
    let mut outputs = Vec::new();
    for cond in [ConditionerKind::HashDf, ConditionerKind::Hmac, ConditionerKind::Toeplitz] {
        for drbg in [
            None,
            Some(DrbgKind::HashSha256),
            Some(DrbgKind::HashSha512),
            Some(DrbgKind::HmacSha256),
            Some(DrbgKind::HmacSha512),
            Some(DrbgKind::CtrAes128),
            Some(DrbgKind::CtrAes256),
        ] {
            let run = || {
                let mut rng = QuantumRng::builder()
                    .source(homodyne(9))
                    .conditioner(cond)
                    .drbg(drbg)
                    .reseed_interval(3)
                    .build()
                    .unwrap();
                let mut out = vec![0u8; 3000];
                for chunk in out.chunks_mut(100) {
                    rng.try_fill(chunk).unwrap();
                }
                (out, rng.stats())
            };
            let (a, stats) = run();
            let (b, _) = run();
            assert_eq!(a, b, "{cond} {drbg:?} not deterministic for a fixed seed");
            if drbg.is_some() {
                // 30 requests with a reseed interval of 3: instantiate + reseeds.
                assert!(stats.seedings >= 10, "{stats:?}");
            }
            outputs.push(a);
        }
    }
    for i in 0..outputs.len() {
        for j in i + 1..outputs.len() {
            assert_ne!(outputs[i], outputs[j]);
        }
    }
}

#[test]
fn toeplitz_pipeline_sizes_block_by_leftover_hash_lemma() {
    let rng = QuantumRng::builder()
        .source(PhotonArrivalSource::new(1, 8, 64.0, 0.0).unwrap())
        .conditioner(ConditionerKind::Toeplitz)
        .toeplitz_input_bits(1024)
        .drbg(None)
        .build()
        .unwrap();
    let s = rng.stats();
    assert_eq!(s.samples_per_block, 128);
    // k = 128 * 5.98 = 765.7; m = floor(k - 128) rounded down to bytes = 632.
    assert_eq!(s.block_output_bits, 632);
    assert!(s.entropy_per_block <= 0.999 * 632.0 + 1e-9);
}

#[test]
fn bad_configuration_is_rejected() {
    let e = QuantumRng::builder().build().unwrap_err();
    assert_eq!(e, QrngError::Config(ConfigError::MissingSource));
    for h in [0.0, -1.0, 8.01, f64::NAN] {
        let e = QuantumRng::builder().source(homodyne(1)).claimed_entropy(h).build().unwrap_err();
        assert!(matches!(e, QrngError::Config(ConfigError::ClaimedEntropy { .. })), "{h}: {e}");
    }
    let e = QuantumRng::builder().source(homodyne(1)).startup_samples(1023).build().unwrap_err();
    assert!(matches!(e, QrngError::Config(ConfigError::StartupSamples(1023))));
    let e = QuantumRng::builder().source(homodyne(1)).reseed_interval(0).build().unwrap_err();
    assert!(matches!(e, QrngError::Drbg(_)), "{e}");
    let e = QuantumRng::builder().source(homodyne(1)).reseed_interval((1 << 48) + 1).build().unwrap_err();
    assert!(matches!(e, QrngError::Drbg(_)), "{e}");
    // Replay source without a claim and no claim on the builder.
    let e = QuantumRng::builder()
        .source(ReplaySource::from_reader(&[0u8; 4][..], 8, None).unwrap())
        .build()
        .unwrap_err();
    assert_eq!(e, QrngError::Config(ConfigError::MissingClaimedEntropy));
    // Toeplitz with too little entropy per block for epsilon.
    let e = QuantumRng::builder()
        .source(BeamSplitterSource::new(1, 1, 0.5, 0.0).unwrap())
        .conditioner(ConditionerKind::Toeplitz)
        .toeplitz_input_bits(64)
        .build()
        .unwrap_err();
    assert!(matches!(e, QrngError::Config(ConfigError::ExtractorOutputEmpty { .. })), "{e}");
}

#[test]
fn zero_length_and_truncated_replay_files_give_errors() {
    let e = QuantumRng::builder()
        .source(ReplaySource::from_reader(&[][..], 8, Some(4.0)).unwrap())
        .build()
        .unwrap_err();
    assert_eq!(e, QrngError::Source(SourceError::Empty));

    // 2000 good samples: start-up passes, then the file runs out.
    let mut sim = homodyne(10);
    let mut data = vec![0u8; 2000];
    sim.fill_samples(&mut data).unwrap();
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(&data).unwrap();
    let src = ReplaySource::open(f.path(), 8, Some(6.0)).unwrap();
    let mut rng = QuantumRng::builder().source(src).drbg(None).build().unwrap();
    let (e, _) = run_until_failure(&mut rng, 32);
    assert!(matches!(e, QrngError::Source(SourceError::Exhausted { .. })), "{e}");
    assert_halted(&mut rng);

    let missing = ReplaySource::open("/nonexistent/sg17/samples.bin", 8, None);
    assert!(matches!(missing, Err(QrngError::Source(SourceError::Io { .. }))));
}

#[test]
fn out_of_range_samples_are_refused() {
    let mut data = [0u8, 1].repeat(600);
    data.push(2); // not a 1-bit sample
    data.extend([0u8, 1].repeat(1000));
    let e = QuantumRng::builder()
        .source(ReplaySource::from_reader(std::io::Cursor::new(data), 1, Some(0.5)).unwrap())
        .build()
        .unwrap_err();
    assert_eq!(e, QrngError::Source(SourceError::SampleOutOfRange { offset: 1200, value: 2, bits: 1 }));
}

#[test]
fn device_source_unpacks_packed_bytes_from_a_file() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(&[0b1110_0100, 0xff]).unwrap();
    let mut dev = DeviceSource::open(f.path(), 2, Some(1.0)).unwrap();
    let mut s = [0u8; 3];
    dev.fill_samples(&mut s).unwrap();
    assert_eq!(s, [3, 2, 1]);
    let mut s = [0u8; 5];
    dev.fill_samples(&mut s).unwrap();
    assert_eq!(s, [0, 3, 3, 3, 3]);
    assert!(matches!(dev.fill_samples(&mut s), Err(SourceError::Exhausted { offset: 2 })));
    assert!(DeviceSource::from_reader(&[][..], 3, None).is_err());
}

#[test]
fn drbg_request_limits_are_respected_for_large_fills() {
    // 1 MiB in one call is split into 2^19-bit DRBG requests.
    let mut rng = QuantumRng::builder().source(homodyne(11)).reseed_interval(4).build().unwrap();
    let mut out = vec![0u8; 1 << 20];
    rng.try_fill(&mut out).unwrap();
    // 16 requests with reseed interval 4: 1 instantiate + 3 reseeds.
    assert_eq!(rng.stats().seedings, 4);
    assert_eq!(rng.stats().bytes_out, 1 << 20);
}

#[test]
fn rand_core_traits_and_unwrap_err() {
    fn needs_crypto<R: rand_core::TryCryptoRng>(r: &mut R) -> u64 {
        r.try_next_u64().ok().unwrap()
    }
    let mut rng = QuantumRng::builder().source(homodyne(12)).build().unwrap();
    let _ = needs_crypto(&mut rng);
    let mut infallible = UnwrapErr(rng);
    let a = infallible.next_u32();
    let b = infallible.next_u32();
    assert_ne!((a, b), (0, 0));
}

#[test]
#[should_panic(expected = "Repetition Count Test")]
fn unwrap_err_panics_instead_of_emitting_after_failure() {
    let source = FaultySource::new(homodyne(13), Fault::StuckAt(0), 3_000);
    let rng = QuantumRng::builder().source(source).drbg(None).build().unwrap();
    let mut infallible = UnwrapErr(rng);
    let mut buf = [0u8; 32];
    for _ in 0..10_000 {
        infallible.fill_bytes(&mut buf);
    }
}

#[test]
fn simulated_sources_declare_model_entropy() {
    let h = HomodyneSource::model_min_entropy(8, 4.0, 0.0);
    // Central bin of width 8/256 sigma: P ~ phi(0) * w = 0.012467 -> 6.326 bits.
    assert!((h - 6.326).abs() < 0.01, "{h}");
    // A shift alone keeps the peak bin (bins are uniform) ...
    let shifted = HomodyneSource::model_min_entropy(8, 4.0, 1.0);
    assert!((shifted - h).abs() < 1e-6, "{shifted}");
    // ... but a shift of 3.5 sigma puts P(X >= 4 - 8/256) = P(Z >= 0.46875)
    // = 0.31963 (normal table) into the top ADC code: 1.6456 bits.
    let clipped = HomodyneSource::model_min_entropy(8, 4.0, 3.5);
    assert!((clipped - 1.6456).abs() < 1e-3, "{clipped}");
    assert!(HomodyneSource::builder().correlation(1.0).build().is_err());
    assert!(HomodyneSource::builder().adc_bits(0).build().is_err());
    assert!(BeamSplitterSource::new(1, 1, 0.0, 0.0).is_err());
    assert!(PhotonArrivalSource::new(1, 8, 0.0, 0.0).is_err());
}
