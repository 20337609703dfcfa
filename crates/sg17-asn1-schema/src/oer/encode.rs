//! OER encoder (X.696 clauses 8-24).

use super::prim::OerOut;
use crate::error::CodecError;
use crate::per::encode::{present, short};
use crate::schema::{AdditionGroup, Field, Fields, Kind, Schema, TypeId};
use crate::value::{Name, SchemaValue};

type R = Result<(), CodecError>;

struct Enc<'s> {
    schema: &'s Schema,
    o: OerOut,
    depth: usize,
}

impl AsMut<OerOut> for Enc<'_> {
    fn as_mut(&mut self) -> &mut OerOut {
        &mut self.o
    }
}

/// Encodes `value` of type `id` with OER, canonical OER when `canonical` (X.696).
///
/// # Errors
/// The value does not match the type or its OER-visible constraints.
pub fn encode(
    schema: &Schema,
    id: TypeId,
    value: &SchemaValue,
    canonical: bool,
) -> Result<Vec<u8>, CodecError> {
    let mut e = Enc { schema, o: OerOut::new(canonical), depth: 0 };
    e.value(id, value)?;
    Ok(e.o.finish())
}

impl Enc<'_> {
    fn err(&self, clause: &'static str, m: impl Into<String>) -> CodecError {
        self.o.err(clause, m)
    }

    fn value(&mut self, id: TypeId, v: &SchemaValue) -> R {
        self.depth += 1;
        if self.depth > crate::MAX_DEPTH {
            return Err(self.err("X.696 8", "value nested too deeply"));
        }
        let r = self.value_inner(id, v);
        self.depth -= 1;
        r
    }

    fn value_inner(&mut self, id: TypeId, v: &SchemaValue) -> R {
        let schema = self.schema;
        let t = schema.get(id);
        let c = &t.constraints;
        match (&t.kind, v) {
            (Kind::Boolean, SchemaValue::Boolean(b)) => self.o.boolean(*b),
            (Kind::Null, SchemaValue::Null) => {}
            (Kind::Integer(_), SchemaValue::Integer(i)) => self.o.integer(*i, c.value)?,
            (Kind::Integer(_), big @ SchemaValue::BigInteger(_)) => {
                // Only an unconstrained INTEGER holds a value beyond i128 here (X.696 10.4 b).
                let o = match (big.big_octets(), c.value) {
                    (Some(o), None) => o.to_vec(),
                    _ => {
                        return Err(
                            self.err("X.696 10", "INTEGER beyond 128 bits with an OER-visible constraint")
                        );
                    }
                };
                self.o.length(o.len());
                self.o.out.extend(o);
            }
            (Kind::Enumerated { root, ext }, SchemaValue::Enumerated(n)) => {
                let (_, x) = root
                    .iter()
                    .chain(ext.iter().flatten())
                    .find(|(m, _)| m == n)
                    .ok_or_else(|| self.err("X.696 11", format!("`{n}` is not an item")))?;
                self.o.enumerated(*x);
            }
            (Kind::Real, SchemaValue::Real(r)) => {
                let o = sg17_asn1::Real::encode_f64(*r);
                self.o.length(o.len());
                self.o.out.extend(o);
            }
            (Kind::BitString(named), SchemaValue::BitString { bits, len }) => {
                let b = crate::typed::BitString { bits: std::borrow::Cow::Borrowed(bits), len: *len };
                self.o.bit_string(&b, !named.is_empty(), c.size)?;
            }
            (Kind::OctetString, SchemaValue::OctetString(o)) => self.o.octet_string(o, c.size)?,
            (
                Kind::ObjectIdentifier | Kind::RelativeOid,
                SchemaValue::ObjectIdentifier(a) | SchemaValue::RelativeOid(a),
            ) => self.o.object_identifier(a, matches!(t.kind, Kind::RelativeOid))?,
            (Kind::String(s), SchemaValue::String(text)) => self.o.string(*s, text, c.size)?,
            (Kind::Sequence(f), SchemaValue::Sequence(vals)) => self.sequence(id, f, vals, false)?,
            (Kind::Set(f), SchemaValue::Set(vals) | SchemaValue::Sequence(vals)) => {
                self.sequence(id, f, vals, true)?
            }
            (
                Kind::SequenceOf(e) | Kind::SetOf(e),
                SchemaValue::SequenceOf(items) | SchemaValue::SetOf(items),
            ) => {
                // X.696 17.1: quantity field = length-prefixed unsigned count.
                self.o.quantity(items.len(), c.size)?;
                if self.o.canonical && matches!(t.kind, Kind::SetOf(_)) && items.len() > 1 {
                    // CANONICAL-OER (X.696 19): components in ascending order of encodings.
                    super::prim::sorted_components(self, items.len(), |enc, k| enc.value(*e, &items[k]))?;
                } else {
                    for x in items {
                        self.value(*e, x)?;
                    }
                }
            }
            (Kind::Choice { root, additions, .. }, SchemaValue::Choice(n, inner)) => {
                let (f, is_ext) = match root.iter().find(|f| &f.name == n) {
                    Some(f) => (f, false),
                    None => (
                        additions
                            .iter()
                            .find(|f| &f.name == n)
                            .ok_or_else(|| self.err("X.696 20", format!("`{n}` is not an alternative")))?,
                        true,
                    ),
                };
                let tag = schema
                    .first_tags(f.ty, 0)
                    .into_iter()
                    .next()
                    .ok_or_else(|| self.err("X.696 20", "alternative without a tag"))?;
                self.o.tag(tag);
                if is_ext {
                    let ty = f.ty;
                    self.open(&mut |e| e.value(ty, inner)).map_err(|e| e.in_path(n))?;
                } else {
                    self.value(f.ty, inner).map_err(|e| e.in_path(n))?;
                }
            }
            (Kind::Open(_), SchemaValue::Open(o)) => {
                self.o.length(o.len());
                self.o.out.extend_from_slice(o);
            }
            _ => {
                return Err(self.err(
                    "X.680 17.7",
                    format!("value {} does not fit type {}", short(v), schema.describe(id)),
                ));
            }
        }
        Ok(())
    }

    /// X.696 16 SEQUENCE, 18 SET.
    fn sequence(&mut self, id: TypeId, f: &Fields, vals: &[(Name, SchemaValue)], set: bool) -> R {
        let mut rest = f.textual();
        for (n, _) in vals {
            if !rest.by_ref().any(|x| x.name == *n) {
                // Out of textual order: look from the start.
                rest = f.textual();
                if !rest.by_ref().any(|x| x.name == *n) {
                    return Err(self.err("X.696 16", format!("`{n}` is not a component")));
                }
            }
        }
        let ext_present = |g: &AdditionGroup| g.fields.iter().any(|x| present(x, vals, &mut 0).is_some());
        let any_ext = f.additions.iter().any(ext_present);
        if any_ext && !f.extensible {
            return Err(self.err("X.696 16", "extension additions in a type without extension marker"));
        }
        let order = crate::per::root_order(self.schema, id, f, set);
        let mut hint = 0;
        let optional = order.clone().filter(|x| x.optional).map(|x| present(x, vals, &mut hint).is_some());
        self.o.bitmap(f.extensible.then_some(any_ext).into_iter().chain(optional));
        self.fields(order, vals)?;
        if any_ext {
            // X.696 16.4: presence bitmap as a BIT STRING with a length, then open types.
            let n = f.additions.len();
            self.o.extension_bitmap(n, f.additions.iter().map(ext_present));
            for g in &f.additions {
                if !ext_present(g) {
                    continue;
                }
                if g.is_group {
                    self.open(&mut |e| {
                        let mut hint = 0;
                        e.o.bitmap(
                            g.fields
                                .iter()
                                .filter(|x| x.optional)
                                .map(|x| present(x, vals, &mut hint).is_some()),
                        );
                        e.fields(g.fields.iter(), vals)
                    })?;
                } else {
                    let x = &g.fields[0];
                    let v = present(x, vals, &mut 0).unwrap_or(&SchemaValue::Null);
                    self.open(&mut |e| e.value(x.ty, v)).map_err(|e| e.in_path(&x.name))?;
                }
            }
        }
        Ok(())
    }

    fn fields<'f>(&mut self, order: impl Iterator<Item = &'f Field>, vals: &[(Name, SchemaValue)]) -> R {
        let mut hint = 0;
        for x in order {
            match present(x, vals, &mut hint) {
                Some(v) => self.value(x.ty, v).map_err(|e| e.in_path(&x.name))?,
                None if !x.optional => {
                    return Err(self.err("X.696 16", format!("mandatory component `{}` is missing", x.name)));
                }
                None => {}
            }
        }
        Ok(())
    }

    fn open(&mut self, inner: &mut dyn FnMut(&mut Self) -> R) -> R {
        let saved = self.o.open_begin();
        let r = inner(self);
        self.o.open_end(saved, r)
    }
}
