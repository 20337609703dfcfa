//! OER encoder (X.696 clauses 8-24).

use crate::error::CodecError;
use crate::per::encode::{min_signed, min_unsigned, present, short};
use crate::schema::{AdditionGroup, Field, Fields, Interval, Kind, Schema, TypeId};
use crate::value::{Name, SchemaValue};
use sg17_asn1::Class;

type R = Result<(), CodecError>;

struct Enc<'s> {
    schema: &'s Schema,
    out: Vec<u8>,
    rules: &'static str,
    depth: usize,
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
    let mut e = Enc { schema, out: Vec::new(), rules: if canonical { "COER" } else { "OER" }, depth: 0 };
    e.value(id, value)?;
    Ok(e.out)
}

/// X.696 8.6 length determinant.
pub(crate) fn length(out: &mut Vec<u8>, n: usize) {
    if n < 128 {
        out.push(n as u8);
    } else {
        let o = min_unsigned(n as u128);
        out.push(0x80 | o.len() as u8);
        out.extend(o);
    }
}

/// OER-visible value range: constraints with an extension marker are not visible (X.696 10.1).
pub(crate) fn visible(c: Option<Interval>) -> Option<Interval> {
    c.filter(|c| !c.extensible)
}

/// Fixed size from a non-extensible size constraint with equal bounds (X.696 15.2, 16.2, 27.2).
pub(crate) fn fixed_size(c: Option<Interval>) -> Option<usize> {
    let c = visible(c)?;
    if c.lb.is_some() && c.lb == c.ub { c.ub.and_then(|u| usize::try_from(u).ok()) } else { None }
}

/// Octets of a fixed-width integer field for the value range, if any (X.696 10.3, 10.4).
pub(crate) fn fixed_width(c: Option<Interval>) -> Option<(usize, bool)> {
    let (lb, ub) = visible(c)?.bounded()?;
    if lb >= 0 {
        [(1, 0xFFu128), (2, 0xFFFF), (4, 0xFFFF_FFFF), (8, 0xFFFF_FFFF_FFFF_FFFF)]
            .into_iter()
            .find(|(_, m)| ub as u128 <= *m)
            .map(|(n, _)| (n, false))
    } else {
        [(1usize, 7u32), (2, 15), (4, 31), (8, 63)]
            .into_iter()
            .find(|(_, b)| lb >= -(1i128 << b) && ub < (1i128 << b))
            .map(|(n, _)| (n, true))
    }
}

/// Octets per character of a known-multiplier string in OER (X.696 27.3).
pub(crate) fn char_width(s: crate::parser::ast::StringType) -> Option<usize> {
    use crate::parser::ast::StringType as S;
    match s {
        S::Ia5 | S::Visible | S::Numeric | S::Printable => Some(1),
        S::Bmp => Some(2),
        S::Universal => Some(4),
        _ => None,
    }
}

/// The tag of a CHOICE alternative (X.696 20.1, 8.7).
pub(crate) fn tag_octets(out: &mut Vec<u8>, tag: sg17_asn1::Tag) {
    let class = match tag.class {
        Class::Universal => 0u8,
        Class::Application => 1,
        Class::ContextSpecific => 2,
        Class::Private => 3,
    } << 6;
    if tag.number < 63 {
        out.push(class | tag.number as u8);
    } else {
        out.push(class | 0x3F);
        let mut groups = vec![(tag.number & 0x7F) as u8];
        let mut n = tag.number >> 7;
        while n > 0 {
            groups.push((n & 0x7F) as u8 | 0x80);
            n >>= 7;
        }
        out.extend(groups.iter().rev());
    }
}

impl Enc<'_> {
    fn err(&self, clause: &'static str, m: impl Into<String>) -> CodecError {
        CodecError::new(self.rules, self.out.len() * 8, clause, m)
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
            (Kind::Boolean, SchemaValue::Boolean(b)) => self.out.push(if *b { 0xFF } else { 0 }),
            (Kind::Null, SchemaValue::Null) => {}
            (Kind::Integer(_), SchemaValue::Integer(i)) => {
                if let Some(vc) = visible(c.value)
                    && !vc.contains(*i)
                {
                    return Err(self.err("X.696 10", format!("{i} is outside the value range")));
                }
                match fixed_width(c.value) {
                    Some((n, _)) => self.out.extend_from_slice(&i.to_be_bytes()[16 - n..]),
                    None => {
                        let o = if visible(c.value).and_then(|x| x.lb).is_some_and(|lb| lb >= 0) {
                            min_unsigned(*i as u128)
                        } else {
                            min_signed(*i)
                        };
                        length(&mut self.out, o.len());
                        self.out.extend(o);
                    }
                }
            }
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
                length(&mut self.out, o.len());
                self.out.extend(o);
            }
            (Kind::Enumerated { root, ext }, SchemaValue::Enumerated(n)) => {
                let (_, x) = root
                    .iter()
                    .chain(ext.iter().flatten())
                    .find(|(m, _)| m == n)
                    .ok_or_else(|| self.err("X.696 11", format!("`{n}` is not an item")))?;
                if (0..128).contains(x) {
                    self.out.push(*x as u8);
                } else {
                    let o = min_signed(*x);
                    self.out.push(0x80 | o.len() as u8);
                    self.out.extend(o);
                }
            }
            (Kind::Real, SchemaValue::Real(r)) => {
                let o = sg17_asn1::Real::encode_f64(*r);
                length(&mut self.out, o.len());
                self.out.extend(o);
            }
            (Kind::BitString(_), SchemaValue::BitString { bits, len }) => {
                let mut data = bits[..len.div_ceil(8).min(bits.len())].to_vec();
                data.resize(len.div_ceil(8), 0);
                if let Some(s) = visible(c.size)
                    && !s.contains(*len as i128)
                {
                    return Err(self.err("X.696 15", format!("{len} bits are outside the size constraint")));
                }
                match fixed_size(c.size) {
                    Some(_) => self.out.extend(data),
                    None => {
                        length(&mut self.out, data.len() + 1);
                        self.out.push(((8 - len % 8) % 8) as u8);
                        self.out.extend(data);
                    }
                }
            }
            (Kind::OctetString, SchemaValue::OctetString(o)) => {
                if let Some(s) = visible(c.size)
                    && !s.contains(o.len() as i128)
                {
                    return Err(
                        self.err("X.696 16", format!("{} octets are outside the size constraint", o.len()))
                    );
                }
                if fixed_size(c.size).is_none() {
                    length(&mut self.out, o.len());
                }
                self.out.extend_from_slice(o);
            }
            (
                Kind::ObjectIdentifier | Kind::RelativeOid,
                SchemaValue::ObjectIdentifier(a) | SchemaValue::RelativeOid(a),
            ) => {
                let o = crate::ber::oid_contents(a, matches!(t.kind, Kind::RelativeOid))
                    .map_err(|m| self.err("X.696 22", m))?;
                length(&mut self.out, o.len());
                self.out.extend(o);
            }
            (Kind::String(s), SchemaValue::String(text)) => {
                let o = crate::ber::string_octets(*s, text).map_err(|m| self.err("X.696 27", m))?;
                let n = crate::value::char_count(text);
                if let Some(sz) = visible(c.size)
                    && crate::schema::constraints::known_multiplier(*s)
                    && !sz.contains(n as i128)
                {
                    return Err(self.err("X.696 27", format!("length {n} is outside the size constraint")));
                }
                let fixed = char_width(*s).is_some() && fixed_size(c.size).is_some();
                if !fixed {
                    length(&mut self.out, o.len());
                }
                self.out.extend(o);
            }
            (Kind::Sequence(f), SchemaValue::Sequence(vals)) => self.sequence(id, f, vals, false)?,
            (Kind::Set(f), SchemaValue::Set(vals) | SchemaValue::Sequence(vals)) => {
                self.sequence(id, f, vals, true)?
            }
            (
                Kind::SequenceOf(e) | Kind::SetOf(e),
                SchemaValue::SequenceOf(items) | SchemaValue::SetOf(items),
            ) => {
                if let Some(s) = visible(c.size)
                    && !s.contains(items.len() as i128)
                {
                    return Err(self.err(
                        "X.696 17",
                        format!("{} components are outside the size constraint", items.len()),
                    ));
                }
                // X.696 17.1: quantity field = length-prefixed unsigned count.
                let q = min_unsigned(items.len() as u128);
                length(&mut self.out, q.len());
                self.out.extend(q);
                if self.rules == "COER" && matches!(t.kind, Kind::SetOf(_)) && items.len() > 1 {
                    // CANONICAL-OER (X.696 19): a SET OF value is unordered, so its one encoding
                    // has the components in ascending order of their encodings (octet-string
                    // order; encodings of one type are prefix-free, so no padding rule is needed).
                    let start = self.out.len();
                    let mut ends = Vec::with_capacity(items.len());
                    for x in items {
                        self.value(*e, x)?;
                        ends.push(self.out.len());
                    }
                    let body = self.out.split_off(start);
                    let mut parts: Vec<&[u8]> = Vec::with_capacity(items.len());
                    let mut from = start;
                    for end in ends {
                        parts.push(&body[from - start..end - start]);
                        from = end;
                    }
                    parts.sort_unstable();
                    for p in parts {
                        self.out.extend_from_slice(p);
                    }
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
                tag_octets(&mut self.out, tag);
                if is_ext {
                    let ty = f.ty;
                    self.open(&mut |e| e.value(ty, inner)).map_err(|e| e.in_path(n))?;
                } else {
                    self.value(f.ty, inner).map_err(|e| e.in_path(n))?;
                }
            }
            (Kind::Open(_), SchemaValue::Open(o)) => {
                length(&mut self.out, o.len());
                self.out.extend_from_slice(o);
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
        self.bitmap(f.extensible.then_some(any_ext).into_iter().chain(optional));
        self.fields(order, vals)?;
        if any_ext {
            // X.696 16.4: presence bitmap as a BIT STRING with a length, then open types.
            let n = f.additions.len();
            length(&mut self.out, 1 + n.div_ceil(8));
            self.out.push(((8 - n % 8) % 8) as u8);
            self.bitmap(f.additions.iter().map(ext_present));
            for g in &f.additions {
                if !ext_present(g) {
                    continue;
                }
                if g.is_group {
                    self.open(&mut |e| {
                        let mut hint = 0;
                        e.bitmap(
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

    /// Bits first to last, padded with 0 bits to an octet (X.696 16.2).
    fn bitmap(&mut self, bits: impl Iterator<Item = bool>) {
        for (n, x) in bits.enumerate() {
            if n.is_multiple_of(8) {
                self.out.push(0);
            }
            if x && let Some(last) = self.out.last_mut() {
                *last |= 0x80 >> (n % 8);
            }
        }
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
        let saved = std::mem::take(&mut self.out);
        let r = inner(self);
        let bytes = std::mem::replace(&mut self.out, saved);
        r?;
        length(&mut self.out, bytes.len());
        self.out.extend(bytes);
        Ok(())
    }
}
