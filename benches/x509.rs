//! X.509 certificate parsing: sg17-x509 vs `x509-parser` 0.18 vs `x509-cert` 0.3 on the same
//! input in the same run.
//!
//! Input: the 142 real certificates of `vectors/corpus/debian-ca/`, all parsed per iteration.
//!
//! Run:   cargo bench -p sg17-benches --bench x509
//! Quick: cargo bench -p sg17-benches --bench x509 -- --warm-up-time 1 --measurement-time 3
//!
//! Each group reports `thrpt` in certificates/s (`Throughput::Elements` is the number of
//! certificates); functions of one group see identical bytes, so the ratio of two `thrpt`
//! medians is the speed ratio.
//!
//! Groups:
//! - `parse`: parse each certificate (each crate's own notion of a full parse: sg17-x509
//!   validates the outer structure, names and extension framing as DER; x509-parser also
//!   decodes extension values eagerly; x509-cert decodes every field into owned types).
//! - `parse_access`: parse, then read every subject and issuer attribute (OID and value octets),
//!   every extension's OID and criticality, and the subjectAltName entries (decoded) when
//!   present. This is the work a caller typically does, and is where the lazy design pays
//!   its decoding cost.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sg17_benches::debian_ca;
use std::hint::black_box;

fn sg17_access(der: &[u8]) -> usize {
    let c = sg17_x509::Certificate::from_der(der).expect("corpus parses");
    let mut n = 0;
    for a in c.subject().attributes().chain(c.issuer().attributes()) {
        n += a.oid.as_bytes().len() + a.value.contents().len();
    }
    for e in c.extensions().iter() {
        n += e.oid().as_bytes().len() + usize::from(e.critical());
    }
    if let Some(Ok(sg17_x509::ParsedExtension::SubjectAltName(v))) =
        c.extensions().parsed(sg17_x509::oids::EXT_SUBJECT_ALT_NAME)
    {
        n += v.len();
    }
    n
}

fn x509_parser_access(der: &[u8]) -> usize {
    let (_, c) = x509_parser::parse_x509_certificate(der).expect("corpus parses");
    let mut n = 0;
    for a in c.subject().iter_attributes().chain(c.issuer().iter_attributes()) {
        n += a.attr_type().as_bytes().len() + a.as_slice().len();
    }
    for e in c.extensions() {
        n += e.oid.as_bytes().len() + usize::from(e.critical);
    }
    if let Ok(Some(san)) = c.subject_alternative_name() {
        n += san.value.general_names.len();
    }
    n
}

fn x509_cert_access(der: &[u8]) -> usize {
    use der::Decode;
    let c = x509_cert::Certificate::from_der(der).expect("corpus parses");
    let t = c.tbs_certificate();
    let mut n = 0;
    for a in t.subject().iter().chain(t.issuer().iter()) {
        n += a.oid.as_bytes().len() + a.value.value().len();
    }
    for e in t.extensions().into_iter().flatten() {
        n += e.extn_id.as_bytes().len() + usize::from(e.critical);
    }
    if let Ok(Some((_, san))) = t.get_extension::<x509_cert::ext::pkix::SubjectAltName>() {
        n += san.0.len();
    }
    n
}

fn bench(c: &mut Criterion) {
    let files = debian_ca();
    let n = files.len();
    // Same answers from all three, so the loops do the same work.
    let sums: Vec<_> = files.iter().map(|f| sg17_access(&f.der)).collect();
    assert_eq!(sums, files.iter().map(|f| x509_parser_access(&f.der)).collect::<Vec<_>>());
    assert_eq!(sums, files.iter().map(|f| x509_cert_access(&f.der)).collect::<Vec<_>>());
    println!("corpus: {n} certificates");

    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(BenchmarkId::new("sg17-x509", "debian-ca"), |b| {
        b.iter(|| {
            for f in &files {
                black_box(sg17_x509::Certificate::from_der(black_box(&f.der)).is_ok());
            }
        })
    });
    g.bench_function(BenchmarkId::new("x509-parser", "debian-ca"), |b| {
        b.iter(|| {
            for f in &files {
                black_box(x509_parser::parse_x509_certificate(black_box(&f.der)).is_ok());
            }
        })
    });
    g.bench_function(BenchmarkId::new("x509-cert", "debian-ca"), |b| {
        use der::Decode;
        b.iter(|| {
            for f in &files {
                black_box(x509_cert::Certificate::from_der(black_box(&f.der)).is_ok());
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("parse_access");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(BenchmarkId::new("sg17-x509", "debian-ca"), |b| {
        b.iter(|| files.iter().map(|f| sg17_access(black_box(&f.der))).sum::<usize>())
    });
    g.bench_function(BenchmarkId::new("x509-parser", "debian-ca"), |b| {
        b.iter(|| files.iter().map(|f| x509_parser_access(black_box(&f.der))).sum::<usize>())
    });
    g.bench_function(BenchmarkId::new("x509-cert", "debian-ca"), |b| {
        b.iter(|| files.iter().map(|f| x509_cert_access(black_box(&f.der))).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
