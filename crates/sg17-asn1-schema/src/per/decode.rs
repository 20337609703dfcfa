//! PER decoder (X.691 clauses 10-30), bounded in depth and item count.

use super::prim::{self, PerIn};
use super::{Limits, root_order};
use crate::error::CodecError;
use crate::schema::{Field, Fields, Interval, Kind, Schema, TypeId};
use crate::value::{Name, SchemaValue};

struct Dec<'s, 'a> {
    schema: &'s Schema,
    /// The input, its budget and the shared primitives.
    i: PerIn<'a>,
    /// CANONICAL-PER: SET OF components must come in the order of X.691 22.1.
    canonical: bool,
}

impl<'a> AsMut<PerIn<'a>> for Dec<'_, 'a> {
    fn as_mut(&mut self) -> &mut PerIn<'a> {
        &mut self.i
    }
}

/// Errors are boxed inside the decoder: a `Result` of one pointer keeps the hot paths' return
/// values small (a `CodecError` is 80 bytes).
type R<T> = Result<T, Box<CodecError>>;

/// Decodes one complete PER encoding of type `id`; trailing octets other than padding are
/// rejected.
///
/// # Errors
/// Truncated or malformed input, constraint violations, limits exceeded; the error carries
/// the bit offset.
pub fn decode(schema: &Schema, id: TypeId, data: &[u8], aligned: bool) -> Result<SchemaValue, CodecError> {
    decode_rules(schema, id, data, aligned, false, Limits::default())
}

/// [`decode`] with explicit [`Limits`].
///
/// # Errors
/// As [`decode`].
pub fn decode_with_limits(
    schema: &Schema,
    id: TypeId,
    data: &[u8],
    aligned: bool,
    limits: Limits,
) -> Result<SchemaValue, CodecError> {
    decode_rules(schema, id, data, aligned, false, limits)
}

/// Decodes one complete CANONICAL-PER encoding (X.691 6), ALIGNED when `aligned`, and rejects
/// any other PER encoding of the value.
///
/// SET OF components out of the order of X.691 22.1 are reported as such; every other
/// departure (a DEFAULT value encoded, X.691 19.5; non-zero padding bits; an extension
/// addition group sent with all components absent) is found by re-encoding the value, since
/// CANONICAL-PER gives each value exactly one encoding: the error names the first bit that
/// differs.
///
/// ```
/// use sg17_asn1_schema::{per, Schema};
/// let s = Schema::from_source("M DEFINITIONS ::= BEGIN S ::= SET OF INTEGER (0..255) END", "m")?;
/// let id = s.type_id("S").unwrap();
/// // Count 2, then the components 3 and 1: not in ascending order (X.691 22.1).
/// assert!(per::decode_canonical(&s, id, &[0x02, 0x03, 0x01], false).is_err());
/// assert!(per::decode_canonical(&s, id, &[0x02, 0x01, 0x03], false).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`decode`], and any encoding that is not the CANONICAL-PER one.
pub fn decode_canonical(
    schema: &Schema,
    id: TypeId,
    data: &[u8],
    aligned: bool,
) -> Result<SchemaValue, CodecError> {
    let v = decode_rules(schema, id, data, aligned, true, Limits::default())?;
    let again = super::encode::encode_canonical(schema, id, &v, aligned)?;
    if again != data {
        let at = first_difference(&again, data);
        return Err(CodecError::new(
            rules_name(aligned, true),
            at,
            "X.691 6 (CANONICAL-PER)",
            "not the canonical encoding of the value it decodes to",
        ));
    }
    Ok(v)
}

/// Bit offset of the first bit where `a` and `b` differ (or where the shorter one ends).
fn first_difference(a: &[u8], b: &[u8]) -> usize {
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => i * 8 + (a[i] ^ b[i]).leading_zeros() as usize,
        None => a.len().min(b.len()) * 8,
    }
}

pub(crate) fn rules_name(aligned: bool, canonical: bool) -> &'static str {
    match (aligned, canonical) {
        (true, false) => "APER",
        (false, false) => "UPER",
        (true, true) => "CPER-ALIGNED",
        (false, true) => "CPER-UNALIGNED",
    }
}

fn decode_rules(
    schema: &Schema,
    id: TypeId,
    data: &[u8],
    aligned: bool,
    canonical: bool,
    limits: Limits,
) -> Result<SchemaValue, CodecError> {
    let rules = rules_name(aligned, canonical);
    let mut d = Dec { schema, i: PerIn::with_rules(data, aligned, rules, limits), canonical };
    let v = d.value(id).map_err(|e| *e)?;
    d.i.finish()?;
    Ok(v)
}

impl<'s> Dec<'s, '_> {
    /// Decodes the contents of an open type (X.691 11.2) just read by [`Self::octets`]: a
    /// complete encoding of its own, so only padding may follow the value (X.691 11.1), and
    /// what it decodes counts against this decoder's depth and item budgets.
    fn open<T>(&mut self, bytes: &[u8], f: impl for<'b> FnOnce(&mut Dec<'s, 'b>) -> R<T>) -> R<T> {
        // Bit offset of the contents (exact unless the length was fragmented, X.691 11.9.3.8).
        let at = self.i.r.pos().saturating_sub(bytes.len() * 8);
        let mut sub = Dec { schema: self.schema, i: self.i.open_in(bytes), canonical: self.canonical };
        let r = f(&mut sub);
        self.i.open_out(&sub.i, at, bytes.len(), r)
    }

    fn constrained(&mut self, lb: i128, ub: i128) -> R<i128> {
        self.i.constrained(lb, ub)
    }

    fn normally_small(&mut self) -> R<usize> {
        self.i.normally_small()
    }

    fn octets(&mut self) -> R<Vec<u8>> {
        self.i.octets()
    }

    fn value(&mut self, id: TypeId) -> R<SchemaValue> {
        self.i.enter()?;
        let v = self.value_inner(id);
        self.i.depth -= 1;
        v
    }

    fn value_inner(&mut self, id: TypeId) -> R<SchemaValue> {
        let schema = self.schema;
        let t = schema.get(id);
        let c = &t.constraints;
        Ok(match &t.kind {
            Kind::Placeholder => return Err(self.i.r.error("X.680 14", "unresolved type")),
            Kind::Boolean => SchemaValue::Boolean(self.i.r.bit()?),
            Kind::Null => SchemaValue::Null,
            Kind::Integer(_) if c.value.is_none() => self.i.integer_value()?,
            Kind::Integer(_) => SchemaValue::Integer(self.integer(c.value)?),
            Kind::Enumerated { root, ext } => {
                let sorted = &schema.per_info(id).enum_sorted;
                if ext.is_some() && self.i.r.bit()? {
                    let i = self.normally_small()?;
                    let e = ext.as_ref().and_then(|e| e.get(i));
                    match e {
                        Some((n, _)) => SchemaValue::Enumerated(n.clone()),
                        None => {
                            return Err(self
                                .i
                                .r
                                .error("X.691 14.3", format!("unknown enumeration addition {i}")));
                        }
                    }
                } else {
                    if sorted.is_empty() {
                        return Err(self.i.r.error("X.691 14", "the enumeration root is empty"));
                    }
                    let i = self.constrained(0, sorted.len() as i128 - 1)? as usize;
                    let k = sorted
                        .get(i)
                        .ok_or_else(|| self.i.r.error("X.691 14", "enumeration index out of range"))?;
                    SchemaValue::Enumerated(root[*k].0.clone())
                }
            }
            Kind::Real => {
                let at = self.i.r.pos();
                let o = self.octets()?;
                let r = sg17_asn1::Real::from_contents(&o, sg17_asn1::EncodingRules::Der, 0)
                    .map_err(|e| CodecError::new(self.i.rules, at, "X.691 15", e.to_string()))?;
                SchemaValue::Real(r.to_f64())
            }
            Kind::BitString(_) => {
                let b = self.i.bit_string(c.size)?;
                SchemaValue::BitString { bits: b.bits.into_owned(), len: b.len }
            }
            Kind::OctetString => {
                let mut out = Vec::new();
                self.sized(c.size, "X.691 17", 2, &mut |d, k| {
                    out.extend(d.i.r.bytes(k)?);
                    Ok(())
                })?;
                SchemaValue::OctetString(out)
            }
            Kind::ObjectIdentifier | Kind::RelativeOid => {
                let rel = matches!(t.kind, Kind::RelativeOid);
                let arcs = self.i.object_identifier(rel)?;
                if rel { SchemaValue::RelativeOid(arcs) } else { SchemaValue::ObjectIdentifier(arcs) }
            }
            Kind::String(s) => SchemaValue::String(self.string(id, *s, c)?),
            Kind::Sequence(f) => SchemaValue::Sequence(self.sequence(id, f, false)?),
            Kind::Set(f) => SchemaValue::Set(self.sequence(id, f, true)?),
            Kind::SequenceOf(e) | Kind::SetOf(e) => {
                let e = *e;
                // Start offsets, only needed to check CANONICAL-PER's SET OF order.
                let sorted_set = self.canonical && matches!(t.kind, Kind::SetOf(_));
                let mut starts = Vec::new();
                let items = prim::sequence_of_in(self, c.size, |d| {
                    if sorted_set {
                        starts.push(d.i.r.pos());
                    }
                    d.value(e)
                })?;
                if sorted_set {
                    self.check_set_of_order(e, &items, &starts)?;
                }
                if matches!(t.kind, Kind::SequenceOf(_)) {
                    SchemaValue::SequenceOf(items)
                } else {
                    SchemaValue::SetOf(items)
                }
            }
            Kind::Choice { root, extensible, additions } => {
                if *extensible && self.i.r.bit()? {
                    let i = self.normally_small()?;
                    let bytes = self.octets()?;
                    match additions.get(i) {
                        Some(f) => {
                            let v = self.open(&bytes, |d| d.value(f.ty)).map_err(|e| e.in_path(&f.name))?;
                            SchemaValue::Choice(f.name.clone(), Box::new(v))
                        }
                        None => SchemaValue::Choice(Name::from(""), Box::new(SchemaValue::Open(bytes))),
                    }
                } else {
                    let order = &schema.per_info(id).order;
                    if order.is_empty() {
                        return Err(self.i.r.error("X.691 23", "CHOICE without alternatives"));
                    }
                    let i = self.constrained(0, order.len() as i128 - 1)? as usize;
                    let f = &root[order[i]];
                    SchemaValue::Choice(
                        f.name.clone(),
                        Box::new(self.value(f.ty).map_err(|e| e.in_path(&f.name))?),
                    )
                }
            }
            Kind::Open(_) => SchemaValue::Open(self.octets()?),
        })
    }

    /// X.691 22.1 (CANONICAL-PER): the component encodings must be in ascending order.
    fn check_set_of_order(&self, e: TypeId, items: &[SchemaValue], starts: &[usize]) -> R<()> {
        let mut prev: Option<Vec<u8>> = None;
        for (x, at) in items.iter().zip(starts) {
            let key = super::encode::encode_canonical(self.schema, e, x, self.i.aligned)
                .map_err(|e| CodecError { bit_offset: *at, ..e })?;
            if let Some(p) = &prev
                && super::set_of_order(p, &key) == std::cmp::Ordering::Greater
            {
                return Err(Box::new(CodecError::new(
                    self.i.rules,
                    *at,
                    "X.691 22.1",
                    "SET OF component encodings are not in ascending order",
                )));
            }
            prev = Some(key);
        }
        Ok(())
    }

    fn integer(&mut self, c: Option<Interval>) -> R<i128> {
        self.i.integer(c)
    }

    fn sized(
        &mut self,
        size: Option<Interval>,
        clause: &'static str,
        small_fixed: usize,
        items: &mut dyn FnMut(&mut Self, usize) -> R<()>,
    ) -> R<usize> {
        prim::sized_in(self, size, clause, small_fixed, items)
    }

    fn string(
        &mut self,
        id: TypeId,
        s: crate::parser::ast::StringType,
        c: &crate::schema::Constraints,
    ) -> R<String> {
        let schema = self.schema;
        let Some(coding) = schema.per_info(id).chars[usize::from(self.i.aligned)].as_ref() else {
            return self.i.other_string(s);
        };
        self.i.km_string(coding, c.size)
    }

    fn sequence(&mut self, id: TypeId, f: &Fields, set: bool) -> R<Vec<(Name, SchemaValue)>> {
        let ext = f.extensible && self.i.r.bit()?;
        let mut got = self.components(root_order(self.schema, id, f, set))?;
        if ext {
            let present = self.i.extension_bitmap()?;
            for (i, p) in present.iter().enumerate() {
                if !*p {
                    continue;
                }
                let bytes = self.octets()?;
                let Some(g) = f.additions.get(i) else { continue }; // unknown addition: skipped
                if g.is_group {
                    got.extend(self.open(&bytes, |d| d.components(g.fields.iter()))?);
                } else {
                    let x = &g.fields[0];
                    let v = self.open(&bytes, |d| d.value(x.ty)).map_err(|e| e.in_path(&x.name))?;
                    got.push((x.name.clone(), v));
                }
            }
        }
        if !set && f.root2_at == f.root.len() {
            return Ok(got); // already in textual order
        }
        if set && !ext && f.root2_at == f.root.len() {
            // Root components came in canonical order; put each back at its textual index.
            let idx = &self.schema.per_info(id).order;
            let mut slots: Vec<Option<(Name, SchemaValue)>> = (0..f.root.len()).map(|_| None).collect();
            for kv in got {
                if let Some(k) = idx.iter().copied().find(|k| f.root[*k].name == kv.0) {
                    slots[k] = Some(kv);
                }
            }
            return Ok(slots.into_iter().flatten().collect());
        }
        // Back to textual order.
        let mut out = Vec::with_capacity(got.len());
        for x in f.textual() {
            if let Some(p) = got.iter().position(|(n, _)| *n == x.name) {
                out.push(got.swap_remove(p));
            }
        }
        Ok(out)
    }

    fn components<'f>(
        &mut self,
        order: impl ExactSizeIterator<Item = &'f Field> + Clone,
    ) -> R<Vec<(Name, SchemaValue)>> {
        // Presence bitmap (X.691 19.2); more than 128 optional components fall back to a Vec.
        let mut mask = 0u128;
        let mut many = Vec::new();
        for (i, x) in order.clone().enumerate() {
            let p = !x.optional || self.i.r.bit()?;
            if i < 128 {
                mask |= u128::from(p) << i;
            } else {
                many.push(p);
            }
        }
        let mut out = Vec::with_capacity(order.len());
        for (i, x) in order.enumerate() {
            let p = if i < 128 { mask >> i & 1 == 1 } else { many[i - 128] };
            if p {
                let v = self.value(x.ty).map_err(|e| e.in_path(&x.name))?;
                out.push((x.name.clone(), v));
            }
        }
        Ok(out)
    }
}
