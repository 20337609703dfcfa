//! SP 800-90B non-IID assessment (sg17-entropy) against NIST's `ea_non_iid` on the same input:
//! 1 000 000 samples of 8 bits and of 1 bit.
//!
//! The peer is NIST's C++ tool (github usnistgov/SP800-90B_EntropyAssessment), which is not a
//! Rust crate: build it from source (`cd cpp && make non_iid`) and point `NIST90B` at its `cpp/`
//! directory; without `NIST90B` only sg17 is measured. Both read the same file written to the
//! temporary directory.

use criterion::{Criterion, criterion_group, criterion_main};
use sg17_entropy::{Samples, assess_non_iid};
use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;

/// Deterministic pseudo-random samples (a 64-bit LCG's top bits) with a mild bias, so that
/// every estimator has work to do.
fn samples(n: usize, bits: u8) -> Vec<u8> {
    let mut x = 0x5347_3137_u64;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let v = (x >> 56) as u8;
            if bits == 8 { v } else { u8::from(v < 110) }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let nist = std::env::var_os("NIST90B").map(|d| PathBuf::from(d).join("ea_non_iid"));
    for bits in [8u8, 1] {
        let bytes = samples(1_000_000, bits);
        let parsed = Samples::from_bytes(&bytes, Some(bits)).expect("valid samples");
        let mut group = c.benchmark_group(format!("non_iid_1M_{bits}bit"));
        group.sample_size(10);
        group.bench_function("sg17", |b| b.iter(|| black_box(assess_non_iid(black_box(&parsed)))));
        if let Some(tool) = &nist {
            let path = std::env::temp_dir().join(format!("sg17-entropy-bench-{bits}.bin"));
            std::fs::write(&path, &bytes).expect("write temporary sample file");
            group.bench_function("nist_ea_non_iid", |b| {
                b.iter(|| {
                    let status = Command::new(tool)
                        .arg("-q")
                        .arg(&path)
                        .arg(bits.to_string())
                        .stdout(std::process::Stdio::null())
                        .status()
                        .expect("run ea_non_iid");
                    assert!(status.success());
                })
            });
            let _ = std::fs::remove_file(&path);
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
