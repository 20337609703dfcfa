//! Encoding a [`Value`] under DER, CER or BER (X.690 8, 9, 10, 11).
//!
//! DER lengths are computed in one pass before anything is written, so encoding is linear in
//! the output size: no buffer is re-copied to insert a length.

use crate::header::{encode_length, length_len};
use crate::rules::EncodingRules;
use crate::tag::Tag;
use crate::types::octet_string::CER_FRAGMENT;
use crate::value::{Value, set_canonical_kind};
use std::borrow::Cow;

/// How to write lengths and strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodeOptions {
    /// Indefinite lengths on constructed encodings (CER requires it, BER allows it).
    pub indefinite: bool,
    /// Split strings over 1000 octets into 1000-octet fragments (X.690 9.2).
    pub fragment_strings: bool,
    /// Sort SET and SET OF components (X.690 10.3, 11.6).
    pub sort_sets: bool,
}

impl EncodeOptions {
    /// DER (X.690 clause 10 and 11).
    pub const DER: Self = Self { indefinite: false, fragment_strings: false, sort_sets: true };
    /// CER (X.690 clause 9 and 11).
    pub const CER: Self = Self { indefinite: true, fragment_strings: true, sort_sets: true };
    /// BER with definite lengths, components in the order given.
    pub const BER_DEFINITE: Self = Self { indefinite: false, fragment_strings: false, sort_sets: false };
    /// BER with indefinite lengths on every constructed encoding.
    pub const BER_INDEFINITE: Self = Self { indefinite: true, fragment_strings: false, sort_sets: false };

    /// The options for a rule set (BER: definite lengths).
    #[must_use]
    pub const fn for_rules(rules: EncodingRules) -> Self {
        match rules {
            EncodingRules::Der => Self::DER,
            EncodingRules::Cer => Self::CER,
            EncodingRules::Ber => Self::BER_DEFINITE,
        }
    }
}

/// Contents octets of a primitive value as (optional leading octet, body): the leading octet is
/// a BIT STRING's unused-bit count (X.690 8.6.2). `None` for constructed values.
fn primitive_parts<'v>(v: &'v Value<'_>) -> Option<(Option<u8>, &'v [u8])> {
    Some(match v {
        Value::Boolean(true) => (None, &[0xff]),
        Value::Boolean(false) => (None, &[0x00]),
        Value::Null => (None, &[]),
        Value::BitString(b) => (Some(b.unused_bits()), b.data()),
        Value::Integer(c)
        | Value::Enumerated(c)
        | Value::OctetString(c)
        | Value::ObjectIdentifier(c)
        | Value::RelativeOid(c)
        | Value::Real(c)
        | Value::String(_, c)
        | Value::UtcTime(c)
        | Value::GeneralizedTime(c)
        | Value::Primitive(_, c) => (None, &**c),
        _ => return None,
    })
}

fn primitive_len(v: &Value<'_>) -> Option<usize> {
    primitive_parts(v).map(|(lead, body)| usize::from(lead.is_some()) + body.len())
}

/// Whether CER fragments this value's type when long (X.690 9.2: string types).
fn is_string_type(v: &Value<'_>) -> bool {
    matches!(
        v,
        Value::BitString(_)
            | Value::OctetString(_)
            | Value::String(..)
            | Value::UtcTime(_)
            | Value::GeneralizedTime(_)
    )
}

struct Encoder {
    opts: EncodeOptions,
    /// Contents lengths of constructed values, in pre-order (definite lengths only).
    lens: Vec<usize>,
    /// Sorted, already-encoded contents of SET values, in pre-order.
    sets: Vec<Vec<u8>>,
}

impl Encoder {
    /// Pass 1: contents length of `v`, recording constructed lengths in pre-order.
    fn measure(&mut self, v: &Value<'_>) -> usize {
        if let Some(n) = primitive_len(v) {
            return n;
        }
        if let (Value::Set(items), true) = (v, self.opts.sort_sets) {
            let c = sorted_set_contents(items, self.opts);
            let n = c.len();
            self.sets.push(c);
            return n;
        }
        let idx = self.lens.len();
        self.lens.push(0);
        let mut total = 0;
        for c in v.children_slice().unwrap_or(&[]) {
            let n = self.measure(c);
            total += self.total_len(c, n);
        }
        self.lens[idx] = total;
        total
    }

    /// Encoded size of `v` given its contents length (definite form; CER-fragmented strings
    /// are measured in full).
    fn total_len(&self, v: &Value<'_>, contents: usize) -> usize {
        let t = v.tag().encoded_len();
        if self.opts.fragment_strings && is_string_type(v) && contents > CER_FRAGMENT {
            // Only reached when mixing definite outer lengths with fragmentation.
            return t + 1 + fragmented_len(v, contents) + 2;
        }
        t + length_len(contents) + contents
    }

    fn write(&mut self, v: &Value<'_>, out: &mut Vec<u8>, li: &mut usize, si: &mut usize) {
        let tag = v.tag();
        if let Some((lead, body)) = primitive_parts(v) {
            let len = usize::from(lead.is_some()) + body.len();
            if self.opts.fragment_strings && is_string_type(v) && len > CER_FRAGMENT {
                write_fragments(v, body, out);
            } else {
                tag.encode(false, out);
                encode_length(len, out);
                out.extend(lead);
                out.extend_from_slice(body);
            }
            return;
        }
        tag.encode(true, out);
        if let (Value::Set(items), true) = (v, self.opts.sort_sets) {
            if self.opts.indefinite {
                out.push(0x80);
                out.extend_from_slice(&sorted_set_contents(items, self.opts));
                out.extend_from_slice(&[0, 0]);
            } else {
                let c = core::mem::take(&mut self.sets[*si]);
                *si += 1;
                encode_length(c.len(), out);
                out.extend_from_slice(&c);
            }
            return;
        }
        if self.opts.indefinite {
            out.push(0x80);
        } else {
            encode_length(self.lens[*li], out);
            *li += 1;
        }
        for c in v.children_slice().unwrap_or(&[]) {
            self.write(c, out, li, si);
        }
        if self.opts.indefinite {
            out.extend_from_slice(&[0, 0]);
        }
    }
}

/// Size of the fragments of a long CER string (without outer header and EOC).
fn fragmented_len(v: &Value<'_>, contents: usize) -> usize {
    let (data, per) = match v {
        Value::BitString(_) => (contents - 1, CER_FRAGMENT - 1),
        _ => (contents, CER_FRAGMENT),
    };
    let full = data / per;
    let rest = data % per;
    let extra = usize::from(matches!(v, Value::BitString(_)));
    let frag = |n: usize| 1 + length_len(n + extra) + n + extra;
    full * frag(per) + if rest > 0 { frag(rest) } else { 0 }
}

/// X.690 9.2: a constructed encoding of 1000-octet primitive fragments, segments tagged
/// OCTET STRING (BIT STRING for BIT STRING), only the last possibly shorter.
fn write_fragments(v: &Value<'_>, contents: &[u8], out: &mut Vec<u8>) {
    v.tag().encode(true, out);
    out.push(0x80);
    if let Value::BitString(b) = v {
        let chunks: Vec<&[u8]> = b.data().chunks(CER_FRAGMENT - 1).collect();
        for (i, ch) in chunks.iter().enumerate() {
            out.push(0x03);
            encode_length(ch.len() + 1, out);
            out.push(if i + 1 == chunks.len() { b.unused_bits() } else { 0 });
            out.extend_from_slice(ch);
        }
    } else {
        for ch in contents.chunks(CER_FRAGMENT) {
            out.push(0x04);
            encode_length(ch.len(), out);
            out.extend_from_slice(ch);
        }
    }
    out.extend_from_slice(&[0, 0]);
}

/// Encodes each component, then orders them as X.690 10.3 / 11.6 require (see
/// [`set_canonical_kind`]): by tag when all tags differ, else by encoding.
fn sorted_set_contents(items: &[Value<'_>], opts: EncodeOptions) -> Vec<u8> {
    let mut enc: Vec<(Tag, Vec<u8>)> = items.iter().map(|v| (v.tag(), encode_with(v, opts))).collect();
    let mut tags: Vec<Tag> = enc.iter().map(|e| e.0).collect();
    tags.sort_unstable();
    let distinct = tags.windows(2).all(|w| w[0] != w[1]);
    if distinct {
        enc.sort_by_key(|e| e.0);
    } else {
        enc.sort_by(|a, b| a.1.cmp(&b.1));
    }
    debug_assert!(set_canonical_kind(distinct, true, true).is_ok());
    enc.into_iter().flat_map(|e| e.1).collect()
}

/// Encodes `v` with explicit options.
///
/// ```
/// use sg17_asn1::{encode_with, EncodeOptions, Value};
/// let v = Value::Sequence(vec![Value::Null]);
/// assert_eq!(encode_with(&v, EncodeOptions::BER_INDEFINITE), [0x30, 0x80, 0x05, 0x00, 0x00, 0x00]);
/// ```
#[must_use]
pub fn encode_with(v: &Value<'_>, opts: EncodeOptions) -> Vec<u8> {
    let mut e = Encoder { opts, lens: Vec::new(), sets: Vec::new() };
    let mut out = Vec::new();
    if !opts.indefinite {
        let n = e.measure(v);
        out.reserve_exact(e.total_len(v, n));
    }
    e.write(v, &mut out, &mut 0, &mut 0);
    out
}

/// Number of DER contents octets of `v` (the measuring pass alone; SETs are encoded to be
/// sorted).
pub(crate) fn der_contents_len(v: &Value<'_>) -> usize {
    Encoder { opts: EncodeOptions::DER, lens: Vec::new(), sets: Vec::new() }.measure(v)
}

/// Encodes `v` under `rules` (BER: definite lengths, components in the order given).
#[must_use]
pub fn encode(v: &Value<'_>, rules: EncodingRules) -> Vec<u8> {
    encode_with(v, EncodeOptions::for_rules(rules))
}

impl Value<'_> {
    /// Contents octets of a primitive value (a BIT STRING's with its initial unused-bits
    /// octet, X.690 8.6.2); `None` for constructed values.
    ///
    /// ```
    /// use sg17_asn1::Value;
    /// assert_eq!(Value::Boolean(true).primitive_contents().as_deref(), Some(&[0xff][..]));
    /// assert!(Value::Sequence(vec![]).primitive_contents().is_none());
    /// ```
    #[must_use]
    pub fn primitive_contents(&self) -> Option<Cow<'_, [u8]>> {
        primitive_parts(self).map(|(lead, body)| match lead {
            None => Cow::Borrowed(body),
            Some(b) => Cow::Owned(core::iter::once(b).chain(body.iter().copied()).collect()),
        })
    }

    /// DER encoding (X.690 clause 10).
    #[must_use]
    pub fn to_der(&self) -> Vec<u8> {
        encode(self, EncodingRules::Der)
    }
    /// CER encoding (X.690 clause 9).
    #[must_use]
    pub fn to_cer(&self) -> Vec<u8> {
        encode(self, EncodingRules::Cer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::strings::StringKind;

    #[test]
    fn x690_11_6_set_of_is_sorted_on_encode() {
        // SET OF INTEGER {3, 1, 2} -> elements in ascending encoding order.
        let v = Value::Set(vec![Value::integer(3), Value::integer(1), Value::integer(256)]);
        assert_eq!(v.to_der(), [0x31, 0x0a, 2, 1, 1, 2, 1, 3, 2, 2, 1, 0]);
        assert!(Value::decode(&v.to_der(), EncodingRules::Der).is_ok());
    }

    #[test]
    fn x690_10_3_set_components_in_tag_order() {
        let v = Value::Set(vec![
            Value::Primitive(Tag::context(1), Cow::Borrowed(&[1])),
            Value::Boolean(true),
            Value::Constructed(Tag::context(0), vec![]),
        ]);
        assert_eq!(v.to_der(), [0x31, 0x08, 0x01, 0x01, 0xff, 0xa0, 0x00, 0x81, 0x01, 0x01]);
    }

    #[test]
    fn x690_9_2_cer_fragments_long_strings() {
        let long = vec![0x41u8; 2500];
        let v = Value::Sequence(vec![
            Value::OctetString(Cow::Borrowed(&long)),
            Value::BitString(crate::BitString::new(&long[..], 0).unwrap()),
            Value::String(StringKind::Ia5, Cow::Borrowed(&long)),
        ]);
        let cer = v.to_cer();
        let back = Value::decode(&cer, EncodingRules::Cer).unwrap();
        assert_eq!(back, v);
        assert_eq!(back.to_cer(), cer);
        // And the definite-length BER form with fragmentation off.
        let ber = encode_with(&v, EncodeOptions::BER_INDEFINITE);
        assert_eq!(Value::decode(&ber, EncodingRules::Ber).unwrap(), v);
    }
}
