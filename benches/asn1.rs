//! X.690 DER parsing: sg17-asn1 vs `der` 0.8 vs `asn1-rs` 0.7 on the same input in the same run.
//!
//! Input: the 142 real certificates of `vectors/corpus/debian-ca/` (Mozilla's CA store as
//! shipped by Debian), all files parsed per iteration.
//!
//! Run:   cargo bench -p sg17-benches --bench asn1
//! Quick: cargo bench -p sg17-benches --bench asn1 -- --warm-up-time 1 --measurement-time 3
//!
//! Reading the numbers: every group reports `thrpt` in MiB/s (`Throughput::Bytes` is the corpus
//! size). Within a group the functions run on identical bytes, so the ratio of two `thrpt`
//! medians (or the inverse ratio of their `time` medians) is the speed ratio, e.g.
//! `walk/sg17` 900 MiB/s vs `walk/der` 600 MiB/s means sg17 walks 1.5x as fast. The first line
//! printed gives the corpus size and TLV count, to turn `time` into ns per TLV.
//!
//! Groups:
//! - `walk`: full recursive TLV walk checking every header under DER, descending into every
//!   constructed encoding: `sg17_asn1::walk`, a recursive `der::AnyRef` walk, a recursive
//!   `asn1_rs::Any::from_der` walk. No contents decoding, no allocation (sg17).
//! - `tree`: decoding into a checked tree. sg17: `Value::decode` under DER (every universal
//!   type's contents validated, SET order checked, a `Vec` tree built). Peers have no
//!   schema-less value tree; the nearest equivalent is their recursive walk building a `Vec`
//!   tree and running each universal primitive through the crate's typed DER decoder (BOOLEAN,
//!   INTEGER, BIT/OCTET STRING, NULL, OID, the string types, times). Types a peer does not
//!   model are kept raw, so the peers do somewhat less work than sg17 here.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sg17_asn1::{EncodingRules, Limits, Value};
use sg17_benches::{CorpusFile, debian_ca, total_bytes};
use std::hint::black_box;

mod peers {
    //! Recursive walks and typed tree decoders for the peer crates.
    use asn1_rs::FromDer;
    use der::{Decode, Reader, SliceReader, Tagged};

    /// Walks every TLV with `der`, returning the count.
    pub fn der_walk(data: &[u8]) -> der::Result<usize> {
        let mut r = SliceReader::new(data)?;
        let mut n = 0;
        while !r.is_finished() {
            let any = der::AnyRef::decode(&mut r)?;
            n += 1;
            if any.tag().is_constructed() {
                n += der_walk(any.value())?;
            }
        }
        r.finish()?;
        Ok(n)
    }

    /// Walks every TLV with `asn1-rs`, returning the count.
    pub fn asn1rs_walk(mut data: &[u8]) -> asn1_rs::Result<usize> {
        let mut n = 0;
        while !data.is_empty() {
            let (rest, any) = asn1_rs::Any::from_der(data).map_err(|_| asn1_rs::Error::BerValueError)?;
            n += 1;
            if any.header.is_constructed() {
                n += asn1rs_walk(any.data)?;
            }
            data = rest;
        }
        Ok(n)
    }

    /// A node of a peer's tree: typed leaves are validated, then kept as their contents.
    pub enum Node<'a> {
        /// Constructed: children.
        Cons(Vec<Node<'a>>),
        /// Primitive: contents.
        Prim(&'a [u8]),
    }

    /// (nodes, primitive contents octets) of a tree, to check it against the TLV walk.
    pub fn count(nodes: &[Node<'_>]) -> (usize, usize) {
        nodes.iter().fold((0, 0), |(n, b), x| match x {
            Node::Cons(c) => {
                let (cn, cb) = count(c);
                (n + 1 + cn, b + cb)
            }
            Node::Prim(p) => (n + 1, b + p.len()),
        })
    }

    /// `der` tree: recursive `AnyRef` decode plus typed DER decoding of universal primitives.
    pub fn der_tree(data: &[u8]) -> der::Result<Vec<Node<'_>>> {
        use der::asn1::*;
        let mut r = SliceReader::new(data)?;
        let mut out = Vec::new();
        while !r.is_finished() {
            let any = AnyRef::decode(&mut r)?;
            let tag = any.tag();
            if tag.is_constructed() {
                out.push(Node::Cons(der_tree(any.value())?));
                continue;
            }
            match tag {
                der::Tag::Boolean => drop(any.decode_as::<bool>()?),
                der::Tag::Integer => drop(any.decode_as::<IntRef<'_>>()?),
                der::Tag::BitString => drop(any.decode_as::<BitStringRef<'_>>()?),
                der::Tag::OctetString => drop(any.decode_as::<&OctetStringRef>()?),
                der::Tag::Null => drop(any.decode_as::<Null>()?),
                der::Tag::ObjectIdentifier => drop(any.decode_as::<ObjectIdentifier>()?),
                der::Tag::Utf8String => drop(any.decode_as::<Utf8StringRef<'_>>()?),
                der::Tag::PrintableString => drop(any.decode_as::<PrintableStringRef<'_>>()?),
                der::Tag::Ia5String => drop(any.decode_as::<Ia5StringRef<'_>>()?),
                der::Tag::TeletexString => drop(any.decode_as::<TeletexStringRef<'_>>()?),
                der::Tag::BmpString => drop(any.decode_as::<BmpString>()?),
                der::Tag::UtcTime => drop(any.decode_as::<UtcTime>()?),
                der::Tag::GeneralizedTime => drop(any.decode_as::<GeneralizedTime>()?),
                _ => {}
            }
            out.push(Node::Prim(any.value()));
        }
        r.finish()?;
        Ok(out)
    }

    /// `asn1-rs` tree: recursive `Any` decode plus typed DER decoding of universal primitives
    /// (`CheckDerConstraints`, then the typed conversion).
    pub fn asn1rs_tree(mut data: &[u8]) -> asn1_rs::Result<Vec<Node<'_>>> {
        use asn1_rs::{CheckDerConstraints, Tag};
        fn typed<'a, T>(any: &asn1_rs::Any<'a>) -> asn1_rs::Result<()>
        where
            T: CheckDerConstraints + TryFrom<asn1_rs::Any<'a>, Error = asn1_rs::Error>,
        {
            T::check_constraints(any)?;
            T::try_from(any.clone()).map(drop)
        }
        let mut out = Vec::new();
        while !data.is_empty() {
            let (rest, any) = asn1_rs::Any::from_der(data).map_err(|_| asn1_rs::Error::BerValueError)?;
            data = rest;
            if any.header.is_constructed() {
                out.push(Node::Cons(asn1rs_tree(any.data)?));
                continue;
            }
            if any.header.class() == asn1_rs::Class::Universal {
                match any.header.tag() {
                    Tag::Boolean => typed::<asn1_rs::Boolean>(&any)?,
                    Tag::Integer => typed::<asn1_rs::Integer<'_>>(&any)?,
                    Tag::BitString => typed::<asn1_rs::BitString>(&any)?,
                    Tag::OctetString => typed::<asn1_rs::OctetString<'_>>(&any)?,
                    Tag::Null => typed::<asn1_rs::Null>(&any)?,
                    Tag::Oid => typed::<asn1_rs::Oid<'_>>(&any)?,
                    Tag::Utf8String => typed::<asn1_rs::Utf8String<'_>>(&any)?,
                    Tag::PrintableString => typed::<asn1_rs::PrintableString<'_>>(&any)?,
                    Tag::Ia5String => typed::<asn1_rs::Ia5String<'_>>(&any)?,
                    Tag::TeletexString => typed::<asn1_rs::TeletexString<'_>>(&any)?,
                    Tag::BmpString => typed::<asn1_rs::BmpString<'_>>(&any)?,
                    Tag::UtcTime => typed::<asn1_rs::UtcTime>(&any)?,
                    Tag::GeneralizedTime => typed::<asn1_rs::GeneralizedTime>(&any)?,
                    _ => {}
                }
            }
            out.push(Node::Prim(any.data));
        }
        Ok(out)
    }
}

fn sg17_walk_all(files: &[CorpusFile]) -> usize {
    files
        .iter()
        .map(|f| {
            sg17_asn1::walk(&f.der, EncodingRules::Der, Limits::default(), &mut |t| {
                black_box(t);
            })
            .expect("corpus is DER")
        })
        .sum()
}

fn bench(c: &mut Criterion) {
    let files = debian_ca();
    let bytes = total_bytes(&files);
    let tlvs = sg17_walk_all(&files);
    // All three must see the same corpus the same way, or the comparison means nothing.
    let der_n: usize = files.iter().map(|f| peers::der_walk(&f.der).expect("der accepts corpus")).sum();
    let rs_n: usize = files.iter().map(|f| peers::asn1rs_walk(&f.der).expect("asn1-rs accepts corpus")).sum();
    assert_eq!((der_n, rs_n), (tlvs, tlvs), "TLV counts differ between parsers");
    for f in &files {
        Value::decode(&f.der, EncodingRules::Der).expect("sg17 Value::decode accepts corpus");
        let d = peers::der_tree(&f.der).unwrap_or_else(|e| panic!("der tree {}: {e}", f.name));
        let r = peers::asn1rs_tree(&f.der).unwrap_or_else(|e| panic!("asn1-rs tree {}: {e:?}", f.name));
        assert_eq!(peers::count(&d), peers::count(&r), "peer trees differ on {}", f.name);
    }
    println!(
        "corpus: {} certificates, {bytes} bytes, {tlvs} TLVs ({:.1} bytes/TLV)",
        files.len(),
        bytes as f64 / tlvs as f64
    );

    let mut g = c.benchmark_group("walk");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(BenchmarkId::new("sg17", "debian-ca"), |b| {
        b.iter(|| black_box(sg17_walk_all(black_box(&files))))
    });
    g.bench_function(BenchmarkId::new("der", "debian-ca"), |b| {
        b.iter(|| {
            let n: usize = black_box(&files).iter().map(|f| peers::der_walk(&f.der).expect("DER")).sum();
            black_box(n)
        })
    });
    g.bench_function(BenchmarkId::new("asn1-rs", "debian-ca"), |b| {
        b.iter(|| {
            let n: usize = black_box(&files).iter().map(|f| peers::asn1rs_walk(&f.der).expect("DER")).sum();
            black_box(n)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("tree");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(BenchmarkId::new("sg17", "debian-ca"), |b| {
        b.iter(|| {
            for f in black_box(&files) {
                black_box(Value::decode(&f.der, EncodingRules::Der).expect("DER"));
            }
        })
    });
    g.bench_function(BenchmarkId::new("der", "debian-ca"), |b| {
        b.iter(|| {
            for f in black_box(&files) {
                black_box(peers::der_tree(&f.der).expect("DER"));
            }
        })
    });
    g.bench_function(BenchmarkId::new("asn1-rs", "debian-ca"), |b| {
        b.iter(|| {
            for f in black_box(&files) {
                black_box(peers::asn1rs_tree(&f.der).expect("DER"));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
