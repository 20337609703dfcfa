//! OER decoder (X.696), bounded in depth, lengths and item counts.

use super::encode::{char_width, fixed_size, fixed_width, visible};
use crate::error::CodecError;
use crate::per::Limits;
use crate::schema::{Field, Fields, Kind, Schema, TypeId};
use crate::value::{Name, SchemaValue};
use sg17_asn1::{Class, Tag};

/// Errors are boxed inside the decoder: a `Result` of one pointer keeps the hot paths' return
/// values small (a `CodecError` is 80 bytes).
type R<T> = Result<T, Box<CodecError>>;

struct Dec<'s, 'a> {
    schema: &'s Schema,
    data: &'a [u8],
    pos: usize,
    base: usize,
    canonical: bool,
    depth: usize,
    items: usize,
    limits: Limits,
}

/// Decodes one complete OER (or canonical OER) encoding of type `id` (X.696).
///
/// # Errors
/// Truncated or malformed input with its bit offset, constraint violations, limits.
pub fn decode(schema: &Schema, id: TypeId, data: &[u8], canonical: bool) -> Result<SchemaValue, CodecError> {
    let mut d =
        Dec { schema, data, pos: 0, base: 0, canonical, depth: 0, items: 0, limits: Limits::default() };
    let v = d.value(id).map_err(|e| *e)?;
    if d.pos != data.len() {
        return Err(*d.err("X.696 8", format!("{} octets after the encoding", data.len() - d.pos)));
    }
    Ok(v)
}

impl<'s, 'a> Dec<'s, 'a> {
    #[cold]
    fn err(&self, clause: &'static str, m: impl Into<String>) -> Box<CodecError> {
        let rules = if self.canonical { "COER" } else { "OER" };
        Box::new(CodecError::new(rules, (self.base + self.pos) * 8, clause, m))
    }

    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        if n > self.data.len() - self.pos {
            return Err(self.err("X.696 8", format!("need {n} octets, {} left", self.data.len() - self.pos)));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn byte(&mut self) -> R<u8> {
        Ok(self.take(1)?[0])
    }

    /// X.696 8.6 length determinant, checked against the input left.
    fn length(&mut self) -> R<usize> {
        let first = self.byte()?;
        let n = if first < 0x80 {
            usize::from(first)
        } else {
            let k = usize::from(first & 0x7F);
            if k == 0 || k > 8 {
                return Err(self.err("X.696 8.6", format!("length of {k} octets")));
            }
            let o = self.take(k)?;
            if self.canonical && (o[0] == 0 || (k == 1 && o[0] < 0x80)) {
                return Err(self.err("X.696 8.6.5", "length not in minimal form"));
            }
            let v = o.iter().fold(0u128, |a, b| (a << 8) | u128::from(*b));
            usize::try_from(v).map_err(|_| self.err("X.696 8.6", "length beyond the address space"))?
        };
        if n > self.data.len() - self.pos {
            return Err(self.err(
                "X.696 8.6",
                format!("length {n} exceeds the {} octets left", self.data.len() - self.pos),
            ));
        }
        Ok(n)
    }

    fn value(&mut self, id: TypeId) -> R<SchemaValue> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.err("X.696 8", format!("nesting deeper than {}", self.limits.max_depth)));
        }
        let v = self.value_inner(id);
        self.depth -= 1;
        v
    }

    fn value_inner(&mut self, id: TypeId) -> R<SchemaValue> {
        let schema = self.schema;
        let t = schema.get(id);
        let c = &t.constraints;
        Ok(match &t.kind {
            Kind::Placeholder => return Err(self.err("X.680 14", "unresolved type")),
            Kind::Boolean => {
                let b = self.byte()?;
                if self.canonical && b != 0 && b != 0xFF {
                    return Err(self.err("X.696 9", "BOOLEAN octet neither 00 nor FF"));
                }
                SchemaValue::Boolean(b != 0)
            }
            Kind::Null => SchemaValue::Null,
            Kind::Integer(_) => {
                let unsigned = visible(c.value).and_then(|x| x.lb).is_some_and(|lb| lb >= 0);
                let o = match fixed_width(c.value) {
                    Some((n, _)) => self.take(n)?,
                    None => {
                        let n = self.length()?;
                        if n > 16 && c.value.is_none() {
                            // X.696 10.4 b: signed octets; beyond 16 a BigInteger, which must
                            // be minimal in basic OER too (one representation per value).
                            let o = self.take(n)?;
                            return SchemaValue::integer_from_octets(o).ok_or_else(|| {
                                self.err("X.696 10", "integer not in the minimum number of octets")
                            });
                        }
                        if n == 0 || n > 16 {
                            return Err(self.err("X.696 10", "integer of 0 or more than 16 octets"));
                        }
                        let o = self.take(n)?;
                        // Canonical OER: the minimum number of octets (X.696 10.3, 10.4).
                        let padded = n > 1
                            && if unsigned {
                                o[0] == 0
                            } else {
                                (o[0] == 0 && o[1] < 0x80) || (o[0] == 0xFF && o[1] >= 0x80)
                            };
                        if self.canonical && padded {
                            return Err(self.err("X.696 10", "integer not in the minimum number of octets"));
                        }
                        o
                    }
                };
                let signed = !unsigned;
                let v = if signed {
                    o.iter().fold(if o[0] & 0x80 != 0 { -1i128 } else { 0 }, |a, b| (a << 8) | i128::from(*b))
                } else {
                    let u = o.iter().fold(0u128, |a, b| (a << 8) | u128::from(*b));
                    i128::try_from(u).map_err(|_| self.err("X.696 10", "integer beyond 127 bits"))?
                };
                if let Some(vc) = visible(c.value)
                    && !vc.contains(v)
                {
                    return Err(self.err("X.696 10", format!("{v} is outside the value range")));
                }
                SchemaValue::Integer(v)
            }
            Kind::Enumerated { root, ext } => {
                let first = self.byte()?;
                let x = if first < 0x80 {
                    i128::from(first)
                } else {
                    let k = usize::from(first & 0x7F);
                    if k == 0 || k > 16 {
                        return Err(self.err("X.696 11", "bad enumeration length"));
                    }
                    let o = self.take(k)?;
                    let x = o
                        .iter()
                        .fold(if o[0] & 0x80 != 0 { -1i128 } else { 0 }, |a, b| (a << 8) | i128::from(*b));
                    // Canonical OER: the short form for 0..127, and minimal octets (X.696 11.3-11.4).
                    let padded = k > 1 && ((o[0] == 0 && o[1] < 0x80) || (o[0] == 0xFF && o[1] >= 0x80));
                    if self.canonical && (padded || (0..128).contains(&x)) {
                        return Err(self.err("X.696 11", "enumeration value not in its canonical form"));
                    }
                    x
                };
                let (n, _) = root
                    .iter()
                    .chain(ext.iter().flatten())
                    .find(|(_, y)| *y == x)
                    .ok_or_else(|| self.err("X.696 11", format!("unknown enumeration value {x}")))?;
                SchemaValue::Enumerated(n.clone())
            }
            Kind::Real => {
                let n = self.length()?;
                let o = self.take(n)?;
                let r = sg17_asn1::Real::from_contents(o, sg17_asn1::EncodingRules::Der, 0)
                    .map_err(|e| self.err("X.696 12", e.to_string()))?;
                SchemaValue::Real(r.to_f64())
            }
            Kind::BitString(_) => match fixed_size(c.size) {
                Some(n) => SchemaValue::BitString { bits: self.take(n.div_ceil(8))?.to_vec(), len: n },
                None => {
                    let n = self.length()?;
                    if n == 0 {
                        return Err(self.err("X.696 15", "BIT STRING without its initial octet"));
                    }
                    let o = self.take(n)?;
                    let unused = usize::from(o[0]);
                    if unused > 7 || (n == 1 && unused != 0) {
                        return Err(self.err("X.696 15", "bad unused-bits octet"));
                    }
                    let len = (n - 1) * 8 - unused;
                    // The encoder's SIZE check holds for decoded values too (X.696 15).
                    if let Some(sz) = visible(c.size)
                        && !sz.contains(len as i128)
                    {
                        return Err(
                            self.err("X.696 15", format!("{len} bits are outside the size constraint"))
                        );
                    }
                    SchemaValue::BitString { bits: o[1..].to_vec(), len }
                }
            },
            Kind::OctetString => {
                let n = match fixed_size(c.size) {
                    Some(n) => n,
                    None => self.length()?,
                };
                if let Some(sz) = visible(c.size)
                    && !sz.contains(n as i128)
                {
                    return Err(self.err("X.696 16", format!("{n} octets are outside the size constraint")));
                }
                SchemaValue::OctetString(self.take(n)?.to_vec())
            }
            Kind::ObjectIdentifier | Kind::RelativeOid => {
                let n = self.length()?;
                let o = self.take(n)?;
                let rel = matches!(t.kind, Kind::RelativeOid);
                let arcs = crate::ber::oid_arcs(o, rel).map_err(|m| self.err("X.696 22", m))?;
                if rel { SchemaValue::RelativeOid(arcs) } else { SchemaValue::ObjectIdentifier(arcs) }
            }
            Kind::String(s) => {
                let n = match (char_width(*s), fixed_size(c.size)) {
                    (Some(w), Some(k)) => {
                        w.checked_mul(k).ok_or_else(|| self.err("X.696 27", "size overflow"))?
                    }
                    _ => self.length()?,
                };
                let o = self.take(n)?;
                let text = crate::ber::string_from_octets(*s, o).map_err(|m| self.err("X.696 27", m))?;
                // The PER-visible constraints the encoder enforces hold for decoded values too
                // (X.696 27; X.680 51.5 SIZE, 51.7 FROM).
                let count = crate::value::char_count(&text);
                if let Some(sz) = visible(c.size)
                    && crate::schema::constraints::known_multiplier(*s)
                    && !sz.contains(count as i128)
                {
                    return Err(
                        self.err("X.696 27", format!("length {count} is outside the size constraint"))
                    );
                }
                if let Some(alphabet) = &c.alphabet
                    && let Some(ch) = text.chars().find(|ch| alphabet.binary_search(ch).is_err())
                {
                    return Err(
                        self.err("X.696 27", format!("character {ch:?} is not in the permitted alphabet"))
                    );
                }
                SchemaValue::String(text)
            }
            Kind::Sequence(f) => SchemaValue::Sequence(self.sequence(id, f, false)?),
            Kind::Set(f) => SchemaValue::Set(self.sequence(id, f, true)?),
            Kind::SequenceOf(e) | Kind::SetOf(e) => {
                let k = self.length()?;
                if k == 0 || k > 8 {
                    return Err(self.err("X.696 17.1", format!("quantity field of {k} octets")));
                }
                let o = self.take(k)?;
                // X.696 17.1: the quantity is an unsigned integer in the minimum number of
                // octets; only the canonical rules have to reject a padded one.
                if self.canonical && k > 1 && o[0] == 0 {
                    return Err(self.err("X.696 17.1", "quantity field not in its minimal form"));
                }
                let q = o.iter().fold(0u128, |a, b| (a << 8) | u128::from(*b));
                let q = usize::try_from(q).unwrap_or(usize::MAX);
                self.items = self.items.saturating_add(q);
                if self.items > self.limits.max_items {
                    return Err(self.err(
                        "X.696 17",
                        format!("{q} components exceed the limit of {}", self.limits.max_items),
                    ));
                }
                if let Some(sz) = visible(c.size)
                    && !sz.contains(i128::try_from(q).unwrap_or(i128::MAX))
                {
                    return Err(
                        self.err("X.696 17", format!("{q} components are outside the size constraint"))
                    );
                }
                // `q` is within the item budget; the input left bounds the reservation too
                // (an element takes at least one octet unless its type has a single value).
                let mut items = Vec::with_capacity(q.min((self.data.len() - self.pos).max(16)));
                // CANONICAL-OER (X.696 19): SET OF components in ascending order of encodings.
                let ordered = self.canonical && matches!(t.kind, Kind::SetOf(_));
                let mut prev: Option<(usize, usize)> = None;
                for _ in 0..q {
                    let start = self.pos;
                    items.push(self.value(*e)?);
                    if ordered {
                        if let Some((a, b)) = prev
                            && self.data[a..b] > self.data[start..self.pos]
                        {
                            self.pos = start;
                            return Err(
                                self.err("X.696 19", "SET OF component encodings are not in ascending order")
                            );
                        }
                        prev = Some((start, self.pos));
                    }
                }
                if matches!(t.kind, Kind::SequenceOf(_)) {
                    SchemaValue::SequenceOf(items)
                } else {
                    SchemaValue::SetOf(items)
                }
            }
            Kind::Choice { root, additions, extensible } => {
                let tag = self.tag()?;
                let find =
                    |fs: &[Field]| fs.iter().find(|f| schema.first_tags(f.ty, 0).contains(&tag)).cloned();
                if let Some(f) = find(root) {
                    SchemaValue::Choice(
                        f.name.clone(),
                        Box::new(self.value(f.ty).map_err(|e| e.in_path(&f.name))?),
                    )
                } else {
                    let n = self.length()?;
                    let at = self.base + self.pos;
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

    /// Ends an open type decoded by `sub`: its octets must hold exactly the one encoding
    /// (an open type carries the complete encoding of one value), and what it
    /// decoded counts against this decoder's item budget.
    fn close(&mut self, sub: &Dec<'_, '_>, clause: &'static str) -> R<()> {
        self.items = self.items.max(sub.items);
        if sub.pos != sub.data.len() {
            return Err(
                self.err(clause, format!("{} octets left over in an open type", sub.data.len() - sub.pos))
            );
        }
        Ok(())
    }

    fn sub<'b>(&self, data: &'b [u8], at: usize) -> Dec<'s, 'b> {
        Dec {
            schema: self.schema,
            data,
            pos: 0,
            base: at,
            canonical: self.canonical,
            depth: self.depth,
            items: self.items,
            limits: self.limits,
        }
    }

    fn tag(&mut self) -> R<Tag> {
        let b = self.byte()?;
        let class = match b >> 6 {
            0 => Class::Universal,
            1 => Class::Application,
            2 => Class::ContextSpecific,
            _ => Class::Private,
        };
        let mut n = u32::from(b & 0x3F);
        if n == 0x3F {
            n = 0;
            loop {
                let x = self.byte()?;
                if n > (u32::MAX >> 7) {
                    return Err(self.err("X.696 8.7", "tag number too large"));
                }
                n = (n << 7) | u32::from(x & 0x7F);
                if x & 0x80 == 0 {
                    break;
                }
            }
        }
        Ok(Tag { class, number: n })
    }

    fn bitmap(&mut self, n: usize) -> R<Bitmap<'a>> {
        let o = self.take(n.div_ceil(8))?;
        // The preamble is padded to an octet with 0 bits (X.696 16.2); under COER a set padding
        // bit would give a second encoding of the same value.
        if self.canonical && !n.is_multiple_of(8) && o[o.len() - 1] & (0xFF >> (n % 8)) != 0 {
            return Err(self.err("X.696 16.2", "non-zero padding bits in the preamble"));
        }
        Ok(Bitmap { octets: o, next: 0, len: n })
    }

    fn sequence(&mut self, id: TypeId, f: &Fields, set: bool) -> R<Vec<(Name, SchemaValue)>> {
        let order = crate::per::root_order(self.schema, id, f, set);
        let nopt = order.clone().filter(|x| x.optional).count();
        let mut present = self.bitmap(usize::from(f.extensible) + nopt)?;
        let ext = f.extensible && present.next().unwrap_or(false);
        let mut got = Vec::with_capacity(f.root.len());
        self.fields(order, &mut present, &mut got)?;
        if ext {
            let n = self.length()?;
            if n == 0 {
                return Err(self.err("X.696 16.4", "empty extension bitmap"));
            }
            let o = self.take(n)?;
            let unused = usize::from(o[0]);
            if unused > 7 {
                return Err(self.err("X.696 16.4", "bad unused-bits octet in the extension bitmap"));
            }
            let bits = (n - 1) * 8 - unused.min((n - 1) * 8);
            if self.canonical && n > 1 && o[n - 1] & !(0xFFu8 << unused) != 0 {
                return Err(self.err("X.696 16.4", "non-zero unused bits in the extension bitmap"));
            }
            let flags: Vec<bool> = (0..bits).map(|i| o[1 + i / 8] & (0x80 >> (i % 8)) != 0).collect();
            for (i, p) in flags.iter().enumerate() {
                if !*p {
                    continue;
                }
                let len = self.length()?;
                let at = self.base + self.pos;
                let body = self.take(len)?;
                let Some(g) = f.additions.get(i) else { continue };
                let mut sub = self.sub(body, at);
                if g.is_group {
                    let k = g.fields.iter().filter(|x| x.optional).count();
                    let mut bm = sub.bitmap(k)?;
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

/// The bits of a presence bitmap (X.696 16.2), first bit first.
struct Bitmap<'a> {
    octets: &'a [u8],
    next: usize,
    len: usize,
}

impl Iterator for Bitmap<'_> {
    type Item = bool;

    fn next(&mut self) -> Option<bool> {
        if self.next >= self.len {
            return None;
        }
        let i = self.next;
        self.next += 1;
        Some(self.octets[i / 8] & (0x80 >> (i % 8)) != 0)
    }
}
