//! sg17-qrng throughput (issue 5), each peer on the same buffer sizes in the same run:
//!
//! * `drbg_64KiB`: one maximal SP 800-90A request (2^19 bits) from Hash_DRBG (SHA-256,
//!   SHA-512), HMAC_DRBG (SHA-256) and CTR_DRBG (AES-128, AES-256, with df), against
//!   `rand_chacha::ChaCha20Rng` and two SHA-2 references:
//!   - `raw_sha256` / `raw_sha512`: hashing a 64 KiB buffer, one compression per 64 (128)
//!     input bytes;
//!   - `sha256_compress_bound` / `sha512_compress_bound`: the physical bound of Hashgen
//!     (SP 800-90A 10.1.1.4). Each 32 (SHA-512: 64) output bytes cost one hash of the
//!     `seedlen`-bit `data`, which with its padding is exactly one compression, so the bound
//!     is (compressions per second) x 32 (64) bytes. The bench calls `sha2`'s
//!     `compress256`/`compress512` on one block at a time, 2048 (1024) times, and reports
//!     that rate as 64 KiB of output: Hash_DRBG's line divided by this one is the fraction
//!     of the bound it reaches. It is half the `raw_*` rate when the compression dominates.
//! * `toeplitz_1024x768`: the GF(2) Toeplitz extractor on 1024-bit input blocks.
//! * `pipeline_1MiB`: the whole X.1702 pipeline (simulated homodyne source, health tests,
//!   Hash_df conditioning, Hash_DRBG) filling 1 MiB.
//!
//! Run: `cargo bench -p sg17-benches --bench qrng`; criterion prints MiB/s per function, and
//! the ratio between lines of one group is the comparison.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand_core::{Rng, SeedableRng};
use sg17_qrng::conditioning::ToeplitzExtractor;
use sg17_qrng::drbg::DrbgKind;
use sg17_qrng::source::sim::HomodyneSource;
use sg17_qrng::{ConditionerKind, QuantumRng};
use sha2::Digest;
use sha2::block_api::{compress256, compress512};
use std::hint::black_box;

fn drbg(c: &mut Criterion) {
    const N: usize = 64 * 1024;
    let mut g = c.benchmark_group("drbg_64KiB");
    g.throughput(Throughput::Bytes(N as u64));
    let mut out = vec![0u8; N];
    for kind in [
        DrbgKind::HashSha256,
        DrbgKind::HashSha512,
        DrbgKind::HmacSha256,
        DrbgKind::CtrAes128,
        DrbgKind::CtrAes256,
    ] {
        let mut d = kind.instantiate(&[7u8; 32], &[9u8; 16], b"bench").expect("instantiate");
        g.bench_function(format!("{kind:?}"), |b| {
            b.iter(|| {
                if d.generate(&mut out, &[]).is_err() {
                    d.reseed(&[8u8; 32], &[]).expect("reseed");
                }
                black_box(&out);
            })
        });
    }
    let data = vec![0x5au8; N];
    g.bench_function("raw_sha256", |b| b.iter(|| black_box(sha2::Sha256::digest(black_box(&data)))));
    // One compression per 32 output bytes, from a fresh state each time as Hashgen does.
    let block256 = [[0x5au8; 64]];
    g.bench_function("sha256_compress_bound", |b| {
        b.iter(|| {
            for _ in 0..N / 32 {
                let mut state = black_box([0x6a09e667u32; 8]);
                compress256(&mut state, black_box(&block256));
                black_box(state);
            }
        })
    });
    g.bench_function("raw_sha512", |b| b.iter(|| black_box(sha2::Sha512::digest(black_box(&data)))));
    let block512 = [[0x5au8; 128]];
    g.bench_function("sha512_compress_bound", |b| {
        b.iter(|| {
            for _ in 0..N / 64 {
                let mut state = black_box([0x6a09e667f3bcc908u64; 8]);
                compress512(&mut state, black_box(&block512));
                black_box(state);
            }
        })
    });
    let mut chacha = rand_chacha::ChaCha20Rng::from_seed([3u8; 32]);
    g.bench_function("rand_chacha_ChaCha20Rng", |b| {
        b.iter(|| {
            chacha.fill_bytes(&mut out);
            black_box(&out);
        })
    });
    g.finish();
}

fn toeplitz(c: &mut Criterion) {
    let x = ToeplitzExtractor::new(1024, 768, &[0xa5u8; 224]).expect("extractor");
    let input = vec![0x3cu8; 128 * 64];
    let mut out = [0u8; 96];
    let mut g = c.benchmark_group("toeplitz_1024x768");
    g.throughput(Throughput::Bytes(input.len() as u64));
    g.bench_function("extract_64_blocks", |b| {
        b.iter(|| {
            for block in input.chunks_exact(128) {
                x.extract(black_box(block), &mut out);
            }
            black_box(&out);
        })
    });
    g.finish();
}

fn pipeline(c: &mut Criterion) {
    const N: usize = 1 << 20;
    let mut rng = QuantumRng::builder()
        .source(HomodyneSource::builder().seed(1).build().expect("source"))
        .conditioner(ConditionerKind::HashDf)
        .drbg(Some(DrbgKind::HashSha256))
        .build()
        .expect("pipeline");
    let mut out = vec![0u8; N];
    let mut g = c.benchmark_group("pipeline_1MiB");
    g.throughput(Throughput::Bytes(N as u64));
    g.sample_size(10);
    g.bench_function("homodyne_hashdf_hashdrbg", |b| {
        b.iter(|| {
            rng.try_fill(&mut out).expect("healthy source");
            black_box(&out);
        })
    });
    g.finish();
}

criterion_group!(benches, drbg, toeplitz, pipeline);
criterion_main!(benches);
