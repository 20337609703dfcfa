//! OER decoder (X.696), bounded in depth, lengths and item counts.

use super::prim::OerIn;
use crate::error::CodecError;
use crate::schema::{Field, Fields, Kind, Schema, TypeId};
use crate::value::{Name, SchemaValue};

/// Errors are boxed inside the decoder: a `Result` of one pointer keeps the hot paths' return
/// values small (a `CodecError` is 80 bytes).
type R<T> = Result<T, Box<CodecError>>;

struct Dec<'s, 'a> {
    schema: &'s Schema,
    i: OerIn<'a>,
}

/// Decodes one complete OER (or canonical OER) encoding of type `id` (X.696).
///
/// # Errors
/// Truncated or malformed input with its bit offset, constraint violations, limits.
pub fn decode(schema: &Schema, id: TypeId, data: &[u8], canonical: bool) -> Result<SchemaValue, CodecError> {
    let mut d = Dec { schema, i: OerIn::new(data, canonical) };
    let v = d.value(id).map_err(|e| *e)?;
    d.i.finish()?;
    Ok(v)
}

impl<'s, 'a> Dec<'s, 'a> {
    #[cold]
    fn err(&self, clause: &'static str, m: impl Into<String>) -> Box<CodecError> {
        self.i.err(clause, m)
    }

    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        self.i.take(n)
    }

    fn length(&mut self) -> R<usize> {
        self.i.length()
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
            Kind::Placeholder => return Err(self.err("X.680 14", "unresolved type")),
            Kind::Boolean => SchemaValue::Boolean(self.i.boolean()?),
            Kind::Null => SchemaValue::Null,
            Kind::Integer(_) => self.i.integer_value(c.value)?,
            Kind::Enumerated { root, ext } => {
                let x = self.i.enumerated()?;
                let (n, _) = root
                    .iter()
                    .chain(ext.iter().flatten())
                    .find(|(_, y)| *y == x)
                    .ok_or_else(|| self.i.unknown_enumerated(x))?;
                SchemaValue::Enumerated(n.clone())
            }
            Kind::Real => {
                let n = self.length()?;
                let o = self.take(n)?;
                let r = sg17_asn1::Real::from_contents(o, sg17_asn1::EncodingRules::Der, 0)
                    .map_err(|e| self.err("X.696 12", e.to_string()))?;
                SchemaValue::Real(r.to_f64())
            }
            Kind::BitString(named) => {
                let b = self.i.bit_string(c.size, !named.is_empty())?;
                SchemaValue::BitString { bits: b.bits.into_owned(), len: b.len }
            }
            Kind::OctetString => SchemaValue::OctetString(self.i.octet_string(c.size)?),
            Kind::ObjectIdentifier | Kind::RelativeOid => {
                let rel = matches!(t.kind, Kind::RelativeOid);
                let arcs = self.i.object_identifier(rel)?;
                if rel { SchemaValue::RelativeOid(arcs) } else { SchemaValue::ObjectIdentifier(arcs) }
            }
            Kind::String(s) => SchemaValue::String(self.i.string(*s, c.size, c.alphabet.as_deref())?),
            Kind::Sequence(f) => SchemaValue::Sequence(self.sequence(id, f, false)?),
            Kind::Set(f) => SchemaValue::Set(self.sequence(id, f, true)?),
            Kind::SequenceOf(e) | Kind::SetOf(e) => {
                let q = self.i.quantity(c.size)?;
                let mut items = Vec::with_capacity(self.i.capacity(q));
                // CANONICAL-OER (X.696 19): SET OF components in ascending order of encodings.
                let ordered = self.i.canonical && matches!(t.kind, Kind::SetOf(_));
                let mut prev: Option<(usize, usize)> = None;
                for _ in 0..q {
                    let start = self.i.pos;
                    items.push(self.value(*e)?);
                    if ordered {
                        self.i.check_ascending(&mut prev, start)?;
                    }
                }
                if matches!(t.kind, Kind::SequenceOf(_)) {
                    SchemaValue::SequenceOf(items)
                } else {
                    SchemaValue::SetOf(items)
                }
            }
            Kind::Choice { root, additions, extensible } => {
                let tag = self.i.tag()?;
                let find =
                    |fs: &[Field]| fs.iter().find(|f| schema.first_tags(f.ty, 0).contains(&tag)).cloned();
                if let Some(f) = find(root) {
                    SchemaValue::Choice(
                        f.name.clone(),
                        Box::new(self.value(f.ty).map_err(|e| e.in_path(&f.name))?),
                    )
                } else if !*extensible && additions.is_empty() {
                    return self.i.no_alternative(tag);
                } else {
                    let n = self.length()?;
                    let at = self.i.base + self.i.pos;
                    let o = self.take(n)?;
                    match find(additions) {
                        Some(f) => {
                            let mut sub = self.sub(o, at);
                            let v = sub.value(f.ty).map_err(|e| e.in_path(&f.name))?;
                            self.close(&sub, "X.696 20")?;
                            SchemaValue::Choice(f.name.clone(), Box::new(v))
                        }
                        None if *extensible => {
                            SchemaValue::Choice(Name::from(""), Box::new(SchemaValue::Open(o.to_vec())))
                        }
                        None => return Err(self.err("X.696 20", format!("no alternative has tag {tag}"))),
                    }
                }
            }
            Kind::Open(_) => {
                let n = self.length()?;
                SchemaValue::Open(self.take(n)?.to_vec())
            }
        })
    }

    fn sub<'b>(&self, data: &'b [u8], at: usize) -> Dec<'s, 'b> {
        Dec { schema: self.schema, i: self.i.sub(data, at) }
    }

    fn close(&mut self, sub: &Dec<'_, '_>, clause: &'static str) -> R<()> {
        self.i.close(&sub.i, clause)
    }

    fn sequence(&mut self, id: TypeId, f: &Fields, set: bool) -> R<Vec<(Name, SchemaValue)>> {
        let order = crate::per::root_order(self.schema, id, f, set);
        let nopt = order.clone().filter(|x| x.optional).count();
        let mut present = self.i.bitmap(usize::from(f.extensible) + nopt)?;
        let ext = f.extensible && present.next().unwrap_or(false);
        let mut got = Vec::with_capacity(f.root.len());
        self.fields(order, &mut present, &mut got)?;
        if ext {
            let flags = self.i.extension_bitmap()?;
            for (i, p) in flags.iter().enumerate() {
                if !*p {
                    continue;
                }
                let len = self.length()?;
                let at = self.i.base + self.i.pos;
                let body = self.take(len)?;
                let Some(g) = f.additions.get(i) else { continue };
                let mut sub = self.sub(body, at);
                if g.is_group {
                    let k = g.fields.iter().filter(|x| x.optional).count();
                    let mut bm = sub.i.bitmap(k)?;
                    sub.fields(g.fields.iter(), &mut bm, &mut got)?;
                } else {
                    let x = &g.fields[0];
                    got.push((x.name.clone(), sub.value(x.ty).map_err(|e| e.in_path(&x.name))?));
                }
                self.close(&sub, "X.696 16")?;
            }
        }
        if !set && f.root2_at == f.root.len() {
            return Ok(got); // already in textual order
        }
        let mut out = Vec::with_capacity(got.len());
        for x in f.textual() {
            if let Some(p) = got.iter().position(|(n, _)| *n == x.name) {
                out.push(got.swap_remove(p));
            }
        }
        Ok(out)
    }

    fn fields<'f>(
        &mut self,
        order: impl Iterator<Item = &'f Field>,
        present: &mut impl Iterator<Item = bool>,
        got: &mut Vec<(Name, SchemaValue)>,
    ) -> R<()> {
        for x in order {
            let p = !x.optional || present.next().unwrap_or(false);
            if p {
                got.push((x.name.clone(), self.value(x.ty).map_err(|e| e.in_path(&x.name))?));
            }
        }
        Ok(())
    }
}
