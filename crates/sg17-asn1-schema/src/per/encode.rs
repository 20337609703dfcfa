//! PER encoder (X.691 clauses 10-30).

use super::prim::{self, PerOut};
use super::root_order;
use crate::error::CodecError;
use crate::schema::{Field, Fields, Kind, Schema, TypeId};
use crate::value::{Name, SchemaValue};

struct Enc<'s> {
    schema: &'s Schema,
    /// The output and the shared primitives.
    o: PerOut,
    /// CANONICAL-PER (X.691 6): SET OF components sorted (X.691 22.1).
    canonical: bool,
    depth: usize,
}

impl AsMut<PerOut> for Enc<'_> {
    fn as_mut(&mut self) -> &mut PerOut {
        &mut self.o
    }
}

type R = Result<(), CodecError>;

/// Encodes `value` of type `id` with PER, ALIGNED when `aligned` (X.691 10.1-10.2), as a
/// complete encoding (at least one octet, X.691 11.1).
///
/// # Errors
/// The value does not match the type or violates a PER-visible constraint.
pub fn encode(
    schema: &Schema,
    id: TypeId,
    value: &SchemaValue,
    aligned: bool,
) -> Result<Vec<u8>, CodecError> {
    encode_rules(schema, id, value, aligned, false)
}

/// Encodes `value` of type `id` with CANONICAL-PER (X.691 6), ALIGNED when `aligned`.
///
/// It differs from [`encode`] only for SET OF: the components are sent in ascending order
/// of their encodings (X.691 22.1). Each component is encoded on its own, starting at an
/// octet boundary, and the encodings are compared as octet strings, the shorter one
/// padded with zero bits. The rest of sg17's PER is already canonical: DEFAULT values are
/// never sent (X.691 19.5), named-bit BIT STRINGs lose their trailing zero bits (X.691 16.2),
/// lengths and integers take their minimal form.
///
/// ```
/// use sg17_asn1_schema::{per, Schema, SchemaValue};
/// let s = Schema::from_source("M DEFINITIONS ::= BEGIN S ::= SET OF INTEGER (0..255) END", "m")?;
/// let id = s.type_id("S").unwrap();
/// let v = SchemaValue::SetOf(vec![SchemaValue::Integer(3), SchemaValue::Integer(1)]);
/// assert_eq!(per::encode(&s, id, &v, false)?, [0x02, 0x03, 0x01]); // BASIC-PER: as given
/// assert_eq!(per::encode_canonical(&s, id, &v, false)?, [0x02, 0x01, 0x03]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`encode`].
pub fn encode_canonical(
    schema: &Schema,
    id: TypeId,
    value: &SchemaValue,
    aligned: bool,
) -> Result<Vec<u8>, CodecError> {
    encode_rules(schema, id, value, aligned, true)
}

fn encode_rules(
    schema: &Schema,
    id: TypeId,
    value: &SchemaValue,
    aligned: bool,
    canonical: bool,
) -> Result<Vec<u8>, CodecError> {
    let rules = super::decode::rules_name(aligned, canonical);
    let mut e = Enc { schema, o: PerOut::with_rules(aligned, rules), canonical, depth: 0 };
    e.value(id, value)?;
    Ok(e.o.finish())
}

pub(crate) use super::prim::min_signed;

impl Enc<'_> {
    fn err(&self, clause: &'static str, m: impl Into<String>) -> CodecError {
        self.o.err(clause, m)
    }

    fn constrained(&mut self, v: i128, lb: i128, ub: i128) -> R {
        self.o.constrained(v, lb, ub)
    }

    fn normally_small(&mut self, n: usize) {
        self.o.normally_small(n);
    }

    /// X.691 11.9 length determinant followed by `n` items, fragmented in 16K units when
    /// unconstrained; `item(enc, start, count)` writes items.
    fn length_and_items(
        &mut self,
        n: usize,
        size: Option<(i128, i128)>,
        align_items: bool,
        item: &mut dyn FnMut(&mut Self, usize, usize) -> R,
    ) -> R {
        prim::length_and_items(self, n, size, align_items, item)
    }

    fn mismatch(&self, id: TypeId, v: &SchemaValue) -> CodecError {
        self.err("X.680 17.7", format!("value {} does not fit type {}", short(v), self.schema.describe(id)))
    }

    fn value(&mut self, id: TypeId, v: &SchemaValue) -> R {
        self.depth += 1;
        if self.depth > crate::MAX_DEPTH {
            return Err(self.err("X.691 10", "value nested too deeply"));
        }
        let r = self.value_inner(id, v);
        self.depth -= 1;
        r
    }

    fn value_inner(&mut self, id: TypeId, v: &SchemaValue) -> R {
        let t = self.schema.get(id);
        let c = &t.constraints;
        match (&t.kind, v) {
            (Kind::Boolean, SchemaValue::Boolean(b)) => self.o.w.bit(*b),
            (Kind::Null, SchemaValue::Null) => {}
            (Kind::Integer(_), SchemaValue::Integer(i)) => self.integer(*i, c.value)?,
            (Kind::Integer(_), big @ SchemaValue::BigInteger(_)) => {
                // Only an unconstrained INTEGER can hold a value beyond i128 here: its
                // two's-complement octets with a length determinant (X.691 11.8).
                let o = match (big.big_octets(), c.value) {
                    (Some(o), None) => o.to_vec(),
                    _ => {
                        return Err(
                            self.err("X.691 11.8", "INTEGER beyond 128 bits with a PER-visible constraint")
                        );
                    }
                };
                self.length_and_items(o.len(), None, true, &mut |e, s, n| {
                    e.o.w.bytes(&o[s..s + n]);
                    Ok(())
                })?
            }
            (Kind::Enumerated { root, ext }, SchemaValue::Enumerated(name)) => {
                let sorted = &self.schema.per_info(id).enum_sorted;
                if let Some(i) = sorted.iter().position(|k| root[*k].0 == *name) {
                    if ext.is_some() {
                        self.o.w.bit(false);
                    }
                    self.constrained(i as i128, 0, sorted.len() as i128 - 1)?;
                } else if let Some(i) = ext.as_ref().and_then(|e| e.iter().position(|(n, _)| n == name)) {
                    self.o.w.bit(true);
                    self.normally_small(i);
                } else {
                    return Err(self.err("X.691 14", format!("`{name}` is not an item of the enumeration")));
                }
            }
            (Kind::Real, SchemaValue::Real(r)) => {
                let contents = sg17_asn1::Real::encode_f64(*r);
                self.length_and_items(contents.len(), None, true, &mut |e, s, n| {
                    e.o.w.bytes(&contents[s..s + n]);
                    Ok(())
                })?;
            }
            (Kind::BitString(named), SchemaValue::BitString { bits, len }) => {
                // X.691 16.2/16.3: trailing zero bits of a named-bit list value are dropped and
                // 0 bits added back up to the lower bound (in `bit_string`, shared with
                // generated code).
                let b = crate::typed::BitString { bits: std::borrow::Cow::Borrowed(bits), len: *len };
                self.o.bit_string(&b, !named.is_empty(), c.size)?;
            }
            (Kind::OctetString, SchemaValue::OctetString(o)) => {
                self.sized(c.size, o.len(), "X.691 17", 2, &mut |e, s, n| {
                    e.o.w.bytes(&o[s..s + n]);
                    Ok(())
                })?;
            }
            (
                Kind::ObjectIdentifier | Kind::RelativeOid,
                SchemaValue::ObjectIdentifier(arcs) | SchemaValue::RelativeOid(arcs),
            ) => self.o.object_identifier(arcs, matches!(t.kind, Kind::RelativeOid))?,
            (Kind::String(s), SchemaValue::String(text)) => self.string(id, *s, c, text)?,
            (Kind::Sequence(f), SchemaValue::Sequence(vals)) => self.sequence(id, f, vals, false)?,
            (Kind::Set(f), SchemaValue::Set(vals) | SchemaValue::Sequence(vals)) => {
                self.sequence(id, f, vals, true)?
            }
            (Kind::SequenceOf(e), SchemaValue::SequenceOf(items))
            | (Kind::SetOf(e), SchemaValue::SetOf(items) | SchemaValue::SequenceOf(items)) => {
                let e = *e;
                if self.canonical && matches!(t.kind, Kind::SetOf(_)) && items.len() > 1 {
                    return self.sorted_set_of(e, c.size, items);
                }
                self.sized_collection(c.size, items.len(), &mut |enc, s, n| {
                    for x in &items[s..s + n] {
                        enc.value(e, x)?;
                    }
                    Ok(())
                })?;
            }
            (Kind::Choice { root, extensible, additions }, SchemaValue::Choice(name, inner)) => {
                let order = &self.schema.per_info(id).order;
                if let Some(i) = order.iter().position(|k| root[*k].name == *name) {
                    if *extensible {
                        self.o.w.bit(false);
                    }
                    self.constrained(i as i128, 0, order.len() as i128 - 1)?;
                    self.value(root[order[i]].ty, inner).map_err(|e| e.in_path(name))?;
                } else if let Some(i) = additions.iter().position(|f| &f.name == name) {
                    self.o.w.bit(true);
                    self.normally_small(i);
                    let ty = additions[i].ty;
                    self.open(&mut |e| e.value(ty, inner)).map_err(|e| e.in_path(name))?;
                } else {
                    return Err(self.err("X.691 23", format!("`{name}` is not an alternative")));
                }
            }
            (Kind::Open(_), SchemaValue::Open(bytes)) => {
                self.length_and_items(bytes.len(), None, true, &mut |e, s, n| {
                    e.o.w.bytes(&bytes[s..s + n]);
                    Ok(())
                })?;
            }
            _ => return Err(self.mismatch(id, v)),
        }
        Ok(())
    }

    /// X.691 13 INTEGER.
    fn integer(&mut self, i: i128, c: Option<crate::schema::Interval>) -> R {
        self.o.integer(i, c)
    }

    /// Bit and octet strings (X.691 16.8-16.11, 17.6-17.8).
    fn sized(
        &mut self,
        size: Option<crate::schema::Interval>,
        n: usize,
        clause: &'static str,
        small_fixed: usize,
        items: &mut dyn FnMut(&mut Self, usize, usize) -> R,
    ) -> R {
        prim::sized(self, size, n, clause, small_fixed, items)
    }

    /// SEQUENCE OF / SET OF (X.691 20).
    fn sized_collection(
        &mut self,
        size: Option<crate::schema::Interval>,
        n: usize,
        items: &mut dyn FnMut(&mut Self, usize, usize) -> R,
    ) -> R {
        prim::sized_collection(self, size, n, items)
    }

    /// CANONICAL-PER SET OF (X.691 22.1): components in ascending order of their encodings,
    /// each encoded on its own from an octet boundary and compared as octet strings padded
    /// with zero bits (`super::set_of_order`).
    fn sorted_set_of(
        &mut self,
        e: TypeId,
        size: Option<crate::schema::Interval>,
        items: &[SchemaValue],
    ) -> R {
        let mut keyed = Vec::with_capacity(items.len());
        for x in items {
            let saved = std::mem::take(&mut self.o.w);
            let r = self.value(e, x);
            let w = std::mem::replace(&mut self.o.w, saved);
            r?;
            let bits = w.bit_len();
            keyed.push((w.into_bytes(), bits, x));
        }
        // Stable: components whose encodings compare equal keep their order.
        keyed.sort_by(|a, b| super::set_of_order(&a.0, &b.0));
        self.sized_collection(size, keyed.len(), &mut |enc, s, n| {
            for (bytes, bits, x) in &keyed[s..s + n] {
                if !enc.o.aligned || enc.o.w.bit_len().is_multiple_of(8) {
                    // The component starts where its own encoding did (mod 8): same bits.
                    enc.o.w.bit_slice(bytes, *bits);
                } else {
                    // ALIGNED, off an octet boundary: padding inside differs; encode in place.
                    enc.value(e, x)?;
                }
            }
            Ok(())
        })
    }

    /// Known-multiplier and other character strings (X.691 30).
    fn string(
        &mut self,
        id: TypeId,
        s: crate::parser::ast::StringType,
        c: &crate::schema::Constraints,
        text: &str,
    ) -> R {
        let schema = self.schema;
        let Some(coding) = schema.per_info(id).chars[usize::from(self.o.aligned)].as_ref() else {
            // X.691 30.6: other strings are an unconstrained count of octets.
            return self.o.other_string(s, text);
        };
        self.o.km_string(text, coding, c.size)
    }

    /// SEQUENCE and SET (X.691 19, 21).
    fn sequence(&mut self, id: TypeId, f: &Fields, vals: &[(Name, SchemaValue)], set: bool) -> R {
        let mut rest = f.textual();
        for (n, _) in vals {
            if !rest.by_ref().any(|x| x.name == *n) {
                // Out of textual order: look from the start.
                rest = f.textual();
                if !rest.by_ref().any(|x| x.name == *n) {
                    return Err(self.err("X.691 19", format!("`{n}` is not a component")));
                }
            }
        }
        let ext_present: Vec<bool> =
            f.additions.iter().map(|g| g.fields.iter().any(|x| present(x, vals, &mut 0).is_some())).collect();
        if f.extensible {
            self.o.w.bit(ext_present.iter().any(|p| *p));
        } else if ext_present.iter().any(|p| *p) {
            return Err(self.err("X.691 19", "extension additions in a type without extension marker"));
        }
        self.components(root_order(self.schema, id, f, set), vals)?;
        if ext_present.iter().any(|p| *p) {
            // X.691 19.8: normally small length of the bitmap, the bitmap, then open types.
            self.o.extension_bitmap(&ext_present)?;
            for (g, p) in f.additions.iter().zip(&ext_present) {
                if !*p {
                    continue;
                }
                if g.is_group {
                    self.open(&mut |e| e.components(g.fields.iter(), vals))?;
                } else {
                    let x = &g.fields[0];
                    let v = present(x, vals, &mut 0).unwrap_or(&SchemaValue::Null);
                    self.open(&mut |e| e.value(x.ty, v)).map_err(|e| e.in_path(&x.name))?;
                }
            }
        }
        Ok(())
    }

    /// Presence bitmap and values of components (X.691 19.2-19.7).
    fn components<'f>(
        &mut self,
        order: impl Iterator<Item = &'f Field> + Clone,
        vals: &[(Name, SchemaValue)],
    ) -> R {
        let mut hint = 0;
        for x in order.clone() {
            if x.optional {
                self.o.w.bit(present(x, vals, &mut hint).is_some());
            }
        }
        let mut hint = 0;
        for x in order {
            match present(x, vals, &mut hint) {
                Some(v) => self.value(x.ty, v).map_err(|e| e.in_path(&x.name))?,
                None if !x.optional => {
                    return Err(self.err("X.691 19", format!("mandatory component `{}` is missing", x.name)));
                }
                None => {}
            }
        }
        Ok(())
    }

    /// X.691 11.2 open type field: a complete encoding wrapped in a length determinant.
    fn open(&mut self, inner: &mut dyn FnMut(&mut Self) -> R) -> R {
        let saved = self.o.open_begin();
        let r = inner(self);
        self.o.open_end(saved, r)
    }
}

pub(crate) fn short(v: &SchemaValue) -> String {
    let s = format!("{v:?}");
    if s.len() > 60 { format!("{}...", &s[..s.floor_char_boundary(60)]) } else { s }
}

/// The value of component `f` in `vals`, unless absent or equal to its DEFAULT (X.691 19.5,
/// X.696 16: a DEFAULT value is not encoded). `hint` is where to look first: values usually
/// come in the order of the components. Shared by the PER and OER encoders.
pub(crate) fn present<'v>(
    f: &Field,
    vals: &'v [(Name, SchemaValue)],
    hint: &mut usize,
) -> Option<&'v SchemaValue> {
    let at = match vals.get(*hint) {
        Some((n, _)) if *n == f.name => *hint,
        _ => vals.iter().position(|(n, _)| *n == f.name)?,
    };
    *hint = at + 1;
    let v = &vals[at].1;
    if f.default.as_ref() == Some(v) { None } else { Some(v) }
}
