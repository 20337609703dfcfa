//! PER decoder (X.691 clauses 10-30), bounded in depth and item count.

use super::bits::BitReader;
use super::{K16, Limits, bits_for, root_order};
use crate::error::CodecError;
use crate::schema::{Field, Fields, Interval, Kind, Schema, TypeId};
use crate::value::{Name, SchemaValue};

struct Dec<'s, 'a> {
    schema: &'s Schema,
    r: BitReader<'a>,
    aligned: bool,
    /// CANONICAL-PER: SET OF components must come in the order of X.691 22.1.
    canonical: bool,
    rules: &'static str,
    depth: usize,
    items: usize,
    limits: Limits,
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
    let mut d =
        Dec { schema, r: BitReader::new(data, rules), aligned, canonical, rules, depth: 0, items: 0, limits };
    let v = d.value(id).map_err(|e| *e)?;
    let used = d.r.pos().div_ceil(8).max(1);
    if used < data.len() {
        return Err(CodecError::new(
            rules,
            used * 8,
            "X.691 11.1",
            format!("{} octets after the encoding", data.len() - used),
        ));
    }
    Ok(v)
}

impl<'s> Dec<'s, '_> {
    /// Decodes the contents of an open type (X.691 11.2) just read by [`Self::octets`]: a
    /// complete encoding of its own, so only padding may follow the value (X.691 11.1), and
    /// what it decodes counts against this decoder's depth and item budgets.
    fn open<T>(&mut self, bytes: &[u8], f: impl for<'b> FnOnce(&mut Dec<'s, 'b>) -> R<T>) -> R<T> {
        // Bit offset of the contents (exact unless the length was fragmented, X.691 11.9.3.8).
        let at = self.r.pos().saturating_sub(bytes.len() * 8);
        let mut sub = Dec {
            schema: self.schema,
            r: BitReader::new(bytes, self.rules),
            aligned: self.aligned,
            canonical: self.canonical,
            rules: self.rules,
            depth: self.depth,
            items: self.items,
            limits: self.limits,
        };
        let v = f(&mut sub).map_err(|mut e| {
            e.bit_offset += at;
            e
        })?;
        self.items = sub.items;
        let used = sub.r.pos().div_ceil(8).max(1);
        if used < bytes.len() {
            return Err(Box::new(CodecError::new(
                self.rules,
                at + used * 8,
                "X.691 11.1",
                format!("{} octets after the encoding in an open type", bytes.len() - used),
            )));
        }
        Ok(v)
    }

    fn align(&mut self) {
        if self.aligned {
            self.r.align();
        }
    }

    fn constrained(&mut self, lb: i128, ub: i128) -> R<i128> {
        if ub < lb {
            // A constraint that admits no value (e.g. SIZE (1..0)) has no encoding.
            return Err(self.r.error("X.691 11.5", format!("empty range {lb}..{ub}")));
        }
        let range = (ub.wrapping_sub(lb) as u128).wrapping_add(1);
        if range == 1 {
            return Ok(lb);
        }
        let off = if !self.aligned {
            self.r.bits(bits_for(range.wrapping_sub(1)))?
        } else if range <= 255 {
            self.r.bits(bits_for(range - 1))?
        } else if range == 256 {
            self.r.align();
            self.r.bits(8)?
        } else if range <= 65536 {
            self.r.align();
            self.r.bits(16)?
        } else {
            let max_octets = bits_for(range.wrapping_sub(1)).div_ceil(8) as u128;
            let n = self.r.bits(bits_for(max_octets - 1))? + 1;
            self.r.align();
            if n > 16 {
                return Err(self.r.error("X.691 11.5.7.4", "integer wider than 128 bits"));
            }
            self.r.bits(u32::try_from(n * 8).unwrap_or(128))?
        };
        if off > range.wrapping_sub(1) {
            return Err(self.r.error("X.691 11.5", format!("offset {off} exceeds the range")));
        }
        Ok(lb.wrapping_add(off as i128))
    }

    fn normally_small(&mut self) -> R<usize> {
        if !self.r.bit()? {
            return Ok(self.r.bits(6)? as usize);
        }
        self.align();
        let n = self.r.bits(8)? as usize;
        if n == 0 || n > 8 {
            return Err(self.r.error("X.691 11.6", "normally small number too large"));
        }
        Ok(self.r.bits(u32::try_from(n * 8).unwrap_or(64))? as usize)
    }

    /// Reads a length determinant and the items; `item(dec, count)` reads `count` items.
    fn length_and_items(
        &mut self,
        size: Option<(i128, i128)>,
        align_items: bool,
        item: &mut dyn FnMut(&mut Self, usize) -> R<()>,
    ) -> R<usize> {
        if let Some((lb, ub)) = size
            && ub < 65536
        {
            let n = if lb == ub { lb } else { self.constrained(lb, ub)? } as usize;
            if align_items {
                self.align();
            }
            item(self, n)?;
            return Ok(n);
        }
        self.align();
        let mut total = 0usize;
        loop {
            let first = self.r.bits(8)? as usize;
            let n = if first & 0x80 == 0 {
                first
            } else if first & 0x40 == 0 {
                ((first & 0x3F) << 8) | self.r.bits(8)? as usize
            } else {
                let m = first & 0x3F;
                if !(1..=4).contains(&m) {
                    return Err(self
                        .r
                        .error("X.691 11.9.3.8", format!("fragment multiplier {m} is not 1 to 4")));
                }
                item(self, m * K16)?;
                total += m * K16;
                continue;
            };
            item(self, n)?;
            return Ok(total + n);
        }
    }

    fn octets(&mut self) -> R<Vec<u8>> {
        let mut out = Vec::new();
        self.length_and_items(None, true, &mut |d, n| {
            out.extend(d.r.bytes(n)?);
            Ok(())
        })?;
        Ok(out)
    }

    fn value(&mut self, id: TypeId) -> R<SchemaValue> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.r.error("X.691 10", format!("nesting deeper than {}", self.limits.max_depth)));
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
            Kind::Placeholder => return Err(self.r.error("X.680 14", "unresolved type")),
            Kind::Boolean => SchemaValue::Boolean(self.r.bit()?),
            Kind::Null => SchemaValue::Null,
            Kind::Integer(_) if c.value.is_none() => {
                // X.691 11.8: two's-complement octets; beyond 16 they make a BigInteger.
                let at = self.r.pos();
                let o = self.octets()?;
                SchemaValue::integer_from_octets(&o).ok_or_else(|| {
                    CodecError::new(self.rules, at, "X.691 11.8", "integer of 0 octets or not minimal")
                })?
            }
            Kind::Integer(_) => SchemaValue::Integer(self.integer(c.value)?),
            Kind::Enumerated { root, ext } => {
                let sorted = &schema.per_info(id).enum_sorted;
                if ext.is_some() && self.r.bit()? {
                    let i = self.normally_small()?;
                    let e = ext.as_ref().and_then(|e| e.get(i));
                    match e {
                        Some((n, _)) => SchemaValue::Enumerated(n.clone()),
                        None => {
                            return Err(self
                                .r
                                .error("X.691 14.3", format!("unknown enumeration addition {i}")));
                        }
                    }
                } else {
                    if sorted.is_empty() {
                        return Err(self.r.error("X.691 14", "the enumeration root is empty"));
                    }
                    let i = self.constrained(0, sorted.len() as i128 - 1)? as usize;
                    let k = sorted
                        .get(i)
                        .ok_or_else(|| self.r.error("X.691 14", "enumeration index out of range"))?;
                    SchemaValue::Enumerated(root[*k].0.clone())
                }
            }
            Kind::Real => {
                let at = self.r.pos();
                let o = self.octets()?;
                let r = sg17_asn1::Real::from_contents(&o, sg17_asn1::EncodingRules::Der, 0)
                    .map_err(|e| CodecError::new(self.rules, at, "X.691 15", e.to_string()))?;
                SchemaValue::Real(r.to_f64())
            }
            Kind::BitString(_) => {
                let mut bits = Vec::new();
                let mut total = 0usize;
                let n = self.sized(c.size, "X.691 16", 16, &mut |d, k| {
                    let chunk = d.r.bit_vec(k)?;
                    for i in 0..k {
                        if SchemaValue::bit(&chunk, i) {
                            let j = total + i;
                            if bits.len() <= j / 8 {
                                bits.resize(j / 8 + 1, 0);
                            }
                            bits[j / 8] |= 0x80 >> (j % 8);
                        }
                    }
                    total += k;
                    Ok(())
                })?;
                bits.resize(n.div_ceil(8), 0);
                SchemaValue::BitString { bits, len: n }
            }
            Kind::OctetString => {
                let mut out = Vec::new();
                self.sized(c.size, "X.691 17", 2, &mut |d, k| {
                    out.extend(d.r.bytes(k)?);
                    Ok(())
                })?;
                SchemaValue::OctetString(out)
            }
            Kind::ObjectIdentifier | Kind::RelativeOid => {
                let at = self.r.pos();
                let o = self.octets()?;
                let rel = matches!(t.kind, Kind::RelativeOid);
                let arcs = crate::ber::oid_arcs(&o, rel)
                    .map_err(|m| CodecError::new(self.rules, at, "X.691 24", m))?;
                if rel { SchemaValue::RelativeOid(arcs) } else { SchemaValue::ObjectIdentifier(arcs) }
            }
            Kind::String(s) => SchemaValue::String(self.string(id, *s, c)?),
            Kind::Sequence(f) => SchemaValue::Sequence(self.sequence(id, f, false)?),
            Kind::Set(f) => SchemaValue::Set(self.sequence(id, f, true)?),
            Kind::SequenceOf(e) | Kind::SetOf(e) => {
                let e = *e;
                let mut bounds = c.size.and_then(|s| Some((s.lb.unwrap_or(0), s.ub?)));
                let in_root = self.size_extension_bit(c.size)?;
                if !in_root {
                    bounds = None;
                }
                let mut items = Vec::new();
                // Start offsets, only needed to check CANONICAL-PER's SET OF order.
                let sorted_set = self.canonical && matches!(t.kind, Kind::SetOf(_));
                let mut starts = Vec::new();
                let n = self.length_and_items(bounds, false, &mut |d, k| {
                    d.items = d.items.saturating_add(k);
                    if d.items > d.limits.max_items {
                        return Err(d
                            .r
                            .error("X.691 20", format!("more than {} components", d.limits.max_items)));
                    }
                    // `k` is within the item budget; an element takes at least one bit unless
                    // its type has a single value, so the input also bounds the reservation.
                    items.reserve(k.min(d.r.remaining().max(16)));
                    for _ in 0..k {
                        if sorted_set {
                            starts.push(d.r.pos());
                        }
                        items.push(d.value(e)?);
                    }
                    Ok(())
                })?;
                self.check_size(c.size, in_root, n, "X.691 20")?;
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
                if *extensible && self.r.bit()? {
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
                        return Err(self.r.error("X.691 23", "CHOICE without alternatives"));
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
            let key = super::encode::encode_canonical(self.schema, e, x, self.aligned)
                .map_err(|e| CodecError { bit_offset: *at, ..e })?;
            if let Some(p) = &prev
                && super::set_of_order(p, &key) == std::cmp::Ordering::Greater
            {
                return Err(Box::new(CodecError::new(
                    self.rules,
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
        let Some(c) = c else { return self.unconstrained_int() };
        if c.extensible && self.r.bit()? {
            return self.unconstrained_int();
        }
        match (c.lb, c.ub) {
            (Some(lb), Some(ub)) => self.constrained(lb, ub),
            (Some(lb), None) => {
                let at = self.r.pos();
                let o = self.octets()?;
                if o.is_empty() || o.len() > 16 {
                    return Err(Box::new(CodecError::new(
                        self.rules,
                        at,
                        "X.691 11.7",
                        "semi-constrained integer of 0 or more than 16 octets",
                    )));
                }
                let v = o.iter().fold(0u128, |a, b| (a << 8) | u128::from(*b));
                Ok(lb.wrapping_add(v as i128))
            }
            _ => self.unconstrained_int(),
        }
    }

    fn unconstrained_int(&mut self) -> R<i128> {
        let at = self.r.pos();
        let o = self.octets()?;
        if o.is_empty() || o.len() > 16 {
            return Err(Box::new(CodecError::new(
                self.rules,
                at,
                "X.691 11.8",
                "integer of 0 or more than 16 octets",
            )));
        }
        let neg = o[0] & 0x80 != 0;
        let v = o.iter().fold(if neg { -1i128 } else { 0 }, |a, b| (a << 8) | i128::from(*b));
        Ok(v)
    }

    fn sized(
        &mut self,
        size: Option<Interval>,
        clause: &'static str,
        small_fixed: usize,
        items: &mut dyn FnMut(&mut Self, usize) -> R<()>,
    ) -> R<usize> {
        let mut bounds = size.and_then(|s| Some((s.lb.unwrap_or(0), s.ub?)));
        let in_root = self.size_extension_bit(size)?;
        if !in_root {
            bounds = None;
        }
        let n = match bounds {
            Some((lb, ub)) if lb == ub && ub < 65536 => {
                let n = ub as usize;
                if n > small_fixed {
                    self.align();
                }
                items(self, n)?;
                n
            }
            Some((lb, ub)) if ub < 65536 => {
                let n = self.constrained(lb, ub)? as usize;
                self.align();
                items(self, n)?;
                n
            }
            _ => self.length_and_items(None, true, items)?,
        };
        self.check_size(size, in_root, n, clause)?;
        Ok(n)
    }

    /// Reads the extension bit of an extensible SIZE constraint (X.691 16.6, 17.3, 20.4,
    /// 30.5.3): whether the size is in the root (always, for a constraint without `...`).
    fn size_extension_bit(&mut self, size: Option<Interval>) -> R<bool> {
        Ok(match size {
            Some(s) if s.extensible => !self.r.bit()?,
            _ => true,
        })
    }

    /// A size read from the encoding must satisfy the root of the SIZE constraint when the
    /// extension bit said it is in the root: a length with a lower bound only (`SIZE (1..MAX)`)
    /// is encoded as unconstrained (X.691 11.9.4.2), so nothing else checks it.
    fn check_size(&self, size: Option<Interval>, in_root: bool, n: usize, clause: &'static str) -> R<()> {
        match size {
            Some(s) if in_root && !s.contains(i128::try_from(n).unwrap_or(i128::MAX)) => {
                Err(self.r.error(clause, format!("size {n} is outside the size constraint")))
            }
            _ => Ok(()),
        }
    }

    fn string(
        &mut self,
        id: TypeId,
        s: crate::parser::ast::StringType,
        c: &crate::schema::Constraints,
    ) -> R<String> {
        let rules = self.rules;
        let schema = self.schema;
        let Some(coding) = schema.per_info(id).chars[usize::from(self.aligned)].as_ref() else {
            let at = self.r.pos();
            let o = self.octets()?;
            return crate::ber::string_from_octets(s, &o)
                .map_err(|m| Box::new(CodecError::new(rules, at, "X.691 30.6", m)));
        };
        let mut bounds = c.size.and_then(|sz| Some((sz.lb.unwrap_or(0), sz.ub?)));
        let in_root = self.size_extension_bit(c.size)?;
        if !in_root {
            bounds = None;
        }
        let b = coding.bits;
        let mut out = String::new();
        let mut count = 0usize;
        let mut get = |d: &mut Self, k: usize| -> R<()> {
            if k.saturating_mul(b as usize) > d.r.remaining() {
                return Err(d.r.error("X.691 30.5", format!("{k} characters do not fit in the input")));
            }
            out.reserve(k);
            count += k;
            for _ in 0..k {
                let code = d.r.bits(b)?;
                let ch = match &coding.index {
                    Some(a) => a.get(code as usize).copied(),
                    None => u32::try_from(code).ok().and_then(char::from_u32),
                };
                match ch {
                    Some(ch) if coding.permits(ch) => out.push(ch),
                    _ => return Err(bad_char(d, code, ch)),
                }
            }
            Ok(())
        };
        match bounds {
            Some((lb, ub)) if lb == ub && ub < 65536 => {
                if ub as u128 * u128::from(b) > 16 {
                    self.align();
                }
                get(self, ub as usize)?;
            }
            Some((lb, ub)) if ub < 65536 => {
                let n = self.constrained(lb, ub)? as usize;
                if ub > 1 && n > 0 {
                    self.align();
                }
                get(self, n)?;
            }
            _ => {
                self.length_and_items(None, true, &mut get)?;
            }
        }
        self.check_size(c.size, in_root, count, "X.691 30.5")?;
        Ok(out)
    }

    fn sequence(&mut self, id: TypeId, f: &Fields, set: bool) -> R<Vec<(Name, SchemaValue)>> {
        let ext = f.extensible && self.r.bit()?;
        let mut got = self.components(root_order(self.schema, id, f, set))?;
        if ext {
            let n = if self.r.bit()? {
                let mut n = 0;
                self.length_and_items(None, false, &mut |_, k| {
                    n = k;
                    Ok(())
                })?;
                n
            } else {
                self.r.bits(6)? as usize + 1
            };
            if n > self.r.remaining() {
                return Err(self
                    .r
                    .error("X.691 19.8", format!("extension bitmap of {n} bits exceeds the input")));
            }
            let mut present = Vec::with_capacity(n);
            for _ in 0..n {
                present.push(self.r.bit()?);
            }
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
            let p = !x.optional || self.r.bit()?;
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

/// The error for a character code outside the alphabet or a character outside the permitted
/// alphabet (X.691 30.5).
#[cold]
fn bad_char(d: &Dec<'_, '_>, code: u128, ch: Option<char>) -> Box<CodecError> {
    match ch {
        None => d.r.error("X.691 30.5", format!("character code {code} is not in the alphabet")),
        Some(ch) => d.r.error("X.691 30.5", format!("character {ch:?} is not in the permitted alphabet")),
    }
}
