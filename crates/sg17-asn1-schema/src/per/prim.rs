//! PER primitives (X.691 10-11, 16-17, 20, 30) shared by the schema-driven codec
//! ([`super::encode`], [`super::decode`]) and by Rust types generated with
//! [`crate::codegen`]: both call these functions, so both produce and accept the same bits
//! and report the same errors (clause and bit offset).
//!
//! ```
//! use sg17_asn1_schema::per::prim::{PerIn, PerOut};
//! let mut o = PerOut::new(false);
//! o.constrained(5, 0, 7)?; // X.691 11.5.7.2: 3 bits
//! let bytes = o.finish();
//! assert_eq!(bytes, [0b1010_0000]);
//! let mut i = PerIn::new(&bytes, false);
//! assert_eq!(i.constrained(0, 7)?, 5);
//! i.finish()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::bits::{BitReader, BitWriter};
use super::{CharCoding, K16, Limits, bits_for};
use crate::error::CodecError;
use crate::schema::Interval;
use crate::typed::BitString;
use crate::value::SchemaValue;
use std::borrow::Cow;

/// Result of the encoding primitives.
pub type EncResult<T = ()> = Result<T, CodecError>;
/// Result of the decoding primitives: errors are boxed to keep hot return values small.
pub type DecResult<T> = Result<T, Box<CodecError>>;

/// The PER output: a bit writer and the variant (ALIGNED or UNALIGNED).
#[derive(Debug, Clone)]
pub struct PerOut {
    /// The bits written so far.
    pub w: BitWriter,
    /// ALIGNED variant (X.691 10.1).
    pub aligned: bool,
    /// Name of the rules in errors.
    pub rules: &'static str,
}

impl AsMut<PerOut> for PerOut {
    fn as_mut(&mut self) -> &mut PerOut {
        self
    }
}

/// Minimal unsigned octets of `v` (at least one).
pub(crate) fn min_unsigned(v: u128) -> Vec<u8> {
    let b = v.to_be_bytes();
    let skip = b.iter().take(15).take_while(|x| **x == 0).count();
    b[skip..].to_vec()
}

/// Minimal two's-complement octets of `v` (at least one).
pub(crate) fn min_signed(v: i128) -> Vec<u8> {
    let b = v.to_be_bytes();
    let mut i = 0;
    while i < 15 && ((b[i] == 0 && b[i + 1] & 0x80 == 0) || (b[i] == 0xFF && b[i + 1] & 0x80 != 0)) {
        i += 1;
    }
    b[i..].to_vec()
}

impl PerOut {
    /// An empty BASIC-PER output, ALIGNED when `aligned`.
    #[must_use]
    pub fn new(aligned: bool) -> Self {
        Self::with_rules(aligned, super::decode::rules_name(aligned, false))
    }

    /// An empty output naming `rules` in its errors.
    #[must_use]
    pub fn with_rules(aligned: bool, rules: &'static str) -> Self {
        // Room for a small PDU without growing.
        PerOut { w: BitWriter::with_capacity(64), aligned, rules }
    }

    /// The complete encoding: an empty one becomes one zero octet (X.691 11.1.3).
    #[must_use]
    pub fn finish(self) -> Vec<u8> {
        let mut out = self.w.into_bytes();
        if out.is_empty() {
            out.push(0);
        }
        out
    }

    /// An error at the current bit offset.
    #[must_use]
    pub fn err(&self, clause: &'static str, m: impl Into<String>) -> CodecError {
        CodecError::new(self.rules, self.w.bit_len(), clause, m)
    }

    /// Pads to an octet boundary in the ALIGNED variant.
    pub fn align(&mut self) {
        if self.aligned {
            self.w.align();
        }
    }

    /// X.691 11.5 constrained whole number `v` in `lb..=ub`.
    ///
    /// # Errors
    /// `v` outside the range.
    pub fn constrained(&mut self, v: i128, lb: i128, ub: i128) -> EncResult {
        if !(lb..=ub).contains(&v) {
            return Err(self.err("X.691 11.5", format!("{v} is outside {lb}..{ub}")));
        }
        let range = (ub.wrapping_sub(lb) as u128).wrapping_add(1);
        let off = v.wrapping_sub(lb) as u128;
        if range == 1 {
            return Ok(());
        }
        if !self.aligned {
            self.w.bits(off, bits_for(range.wrapping_sub(1)));
        } else if range <= 255 {
            self.w.bits(off, bits_for(range - 1));
        } else if range == 256 {
            self.w.align();
            self.w.bits(off, 8);
        } else if range <= 65536 {
            self.w.align();
            self.w.bits(off, 16);
        } else {
            // X.691 11.5.7.4: octet count as a constrained number, then the octets.
            let octets = min_unsigned(off);
            let max_octets = bits_for(range.wrapping_sub(1)).div_ceil(8) as u128;
            self.w.bits(octets.len() as u128 - 1, bits_for(max_octets - 1));
            self.w.align();
            self.w.bytes(&octets);
        }
        Ok(())
    }

    /// X.691 11.6 normally small non-negative whole number.
    pub fn normally_small(&mut self, n: usize) {
        if n < 64 {
            self.w.bit(false);
            self.w.bits(n as u128, 6);
        } else {
            self.w.bit(true);
            let o = min_unsigned(n as u128);
            self.align();
            self.w.bits(o.len() as u128, 8);
            self.w.bytes(&o);
        }
    }

    /// X.691 11.9 length determinant of the items `start..n`: with `size` bounds below 64K a
    /// constrained count (nothing for a fixed size), else the (fragmented, X.691 11.9.3.8)
    /// unconstrained form. Returns how many items follow before the next determinant and
    /// whether another determinant follows them.
    ///
    /// # Errors
    /// `n` outside the bounds.
    pub fn length_prefix(
        &mut self,
        n: usize,
        start: usize,
        size: Option<(i128, i128)>,
        align_items: bool,
    ) -> EncResult<(usize, bool)> {
        if let Some((lb, ub)) = size
            && ub < 65536
        {
            if lb != ub {
                self.constrained(n as i128, lb, ub)?;
            }
            if align_items {
                self.align();
            }
            return Ok((n, false));
        }
        if start == 0 {
            self.align();
        }
        let left = n - start;
        if left < 128 {
            self.w.bits(left as u128, 8);
        } else if left < K16 {
            self.w.bits(0x8000 | left as u128, 16);
        } else {
            let m = (left / K16).min(4);
            self.w.bits(0xC0 | m as u128, 8);
            return Ok((m * K16, true));
        }
        Ok((left, false))
    }

    /// X.691 19.8 (and 23.8 for a CHOICE, with one bit): the normally small length of the
    /// extension bitmap of `present.len()` additions, then the bitmap.
    ///
    /// # Errors
    /// None in practice (an unconstrained length cannot fail).
    pub fn extension_bitmap(&mut self, present: &[bool]) -> EncResult {
        let n = present.len();
        if (1..=64).contains(&n) {
            self.w.bit(false);
            self.w.bits(n as u128 - 1, 6);
        } else {
            self.w.bit(true);
            length_and_items(self, n, None, false, |_, _, _| Ok(()))?;
        }
        for p in present {
            self.w.bit(*p);
        }
        Ok(())
    }

    /// Starts an open type (X.691 11.2): the encoding of its value goes to a new writer,
    /// returned here to be passed to [`PerOut::open_end`].
    #[must_use]
    pub fn open_begin(&mut self) -> BitWriter {
        std::mem::take(&mut self.w)
    }

    /// Ends an open type begun with [`PerOut::open_begin`] (whose result `r` the value's
    /// encoding had): the octets of the value (one zero octet for none, X.691 11.1.3) with an
    /// unconstrained length determinant.
    ///
    /// # Errors
    /// `r`.
    pub fn open_end(&mut self, saved: BitWriter, r: EncResult) -> EncResult {
        let mut bytes = std::mem::replace(&mut self.w, saved).into_bytes();
        r?;
        if bytes.is_empty() {
            bytes.push(0);
        }
        length_and_items(self, bytes.len(), None, true, |e, s, n| {
            e.w.bytes(&bytes[s..s + n]);
            Ok(())
        })
    }

    /// An open type (X.691 11.2) holding the encoding `f` writes.
    ///
    /// # Errors
    /// The error of `f`.
    pub fn open_type(&mut self, f: impl FnOnce(&mut Self) -> EncResult) -> EncResult {
        let saved = self.open_begin();
        let r = f(self);
        self.open_end(saved, r)
    }

    /// Octets with an unconstrained length determinant (X.691 11.9, fragmented).
    pub fn octets(&mut self, bytes: &[u8]) {
        let mut s = 0;
        loop {
            // An unconstrained length cannot fail.
            let (k, more) = self.length_prefix(bytes.len(), s, None, true).unwrap_or((0, false));
            self.w.bytes(&bytes[s..s + k]);
            s += k;
            if !more {
                return;
            }
        }
    }

    /// A character string that is not known-multiplier (X.691 30.6, e.g. UTF8String): an
    /// unconstrained count of octets, then the octets of its X.690 8.23 encoding.
    ///
    /// # Errors
    /// Characters that type cannot hold.
    pub fn other_string(&mut self, s: crate::parser::ast::StringType, text: &str) -> EncResult {
        let bytes = crate::ber::string_octets(s, text).map_err(|m| self.err("X.691 30.6", m))?;
        self.octets(&bytes);
        Ok(())
    }

    /// X.691 13 INTEGER with the PER-visible value range `c`.
    ///
    /// # Errors
    /// `i` outside a range without extension marker.
    pub fn integer(&mut self, i: i128, c: Option<Interval>) -> EncResult {
        let Some(c) = c else {
            self.unconstrained_int(i);
            return Ok(());
        };
        if c.extensible {
            let inside = c.contains(i);
            self.w.bit(!inside);
            if !inside {
                self.unconstrained_int(i);
                return Ok(());
            }
        } else if !c.contains(i) {
            return Err(self.err("X.691 13", format!("{i} is outside the value range")));
        }
        match (c.lb, c.ub) {
            (Some(lb), Some(ub)) => self.constrained(i, lb, ub),
            (Some(lb), None) => {
                self.octets(&min_unsigned(i.wrapping_sub(lb) as u128));
                Ok(())
            }
            _ => {
                self.unconstrained_int(i);
                Ok(())
            }
        }
    }

    /// X.691 11.8 unconstrained whole number.
    pub fn unconstrained_int(&mut self, i: i128) {
        self.octets(&min_signed(i));
    }

    /// The extension bit of an extensible SIZE constraint and the check of `n` against a
    /// root without one; returns the bounds the length is encoded with (`None`: unconstrained).
    ///
    /// # Errors
    /// `n` outside a root without extension marker; `what(n)` names it in the message.
    pub fn size_bounds(
        &mut self,
        size: Option<Interval>,
        n: usize,
        clause: &'static str,
        what: fn(usize) -> String,
    ) -> EncResult<Option<(i128, i128)>> {
        let mut bounds = size.and_then(|s| Some((s.lb.unwrap_or(0), s.ub?)));
        if let Some(s) = size {
            let inside = s.contains(n as i128);
            if s.extensible {
                self.w.bit(!inside);
                if !inside {
                    bounds = None;
                }
            } else if !inside {
                return Err(self.err(clause, format!("{} is outside the size constraint", what(n))));
            }
        }
        Ok(bounds)
    }

    /// OCTET STRING (X.691 17).
    ///
    /// # Errors
    /// Size outside the constraint.
    pub fn octet_string(&mut self, o: &[u8], size: Option<Interval>) -> EncResult {
        sized(self, size, o.len(), "X.691 17", 2, |e, s, n| {
            e.w.bytes(&o[s..s + n]);
            Ok(())
        })
    }

    /// A known-multiplier character string (X.691 30.5) coded with `coding`.
    ///
    /// # Errors
    /// A character outside the permitted alphabet, a length outside the constraint.
    pub fn km_string(&mut self, text: &str, coding: &CharCoding, size: Option<Interval>) -> EncResult {
        let ascii = text.is_ascii();
        let bad = if ascii {
            text.bytes().map(char::from).find(|ch| !coding.permits(*ch))
        } else {
            text.chars().find(|ch| !coding.permits(*ch))
        };
        if let Some(ch) = bad {
            return Err(self.err("X.691 30.5", format!("character {ch:?} is not in the permitted alphabet")));
        }
        let b = coding.bits;
        let n = if ascii { text.len() } else { text.chars().count() };
        let bounds = self.size_bounds(size, n, "X.691 30.5", |n| format!("length {n}"))?;
        match (&coding.index, ascii) {
            // ASCII text coded by value: the codes are its octets.
            (None, true) => self.km_codes(bounds, n, b, std::iter::empty(), Some(text.as_bytes())),
            (None, false) => self.km_codes(bounds, n, b, text.chars().map(u32::from), None),
            (Some(a), _) => self.km_codes(
                bounds,
                n,
                b,
                text.chars().map(|ch| a.binary_search(&ch).unwrap_or(0) as u32),
                None,
            ),
        }
    }

    /// The length and the `n` character codes of a known-multiplier string (X.691 30.5.7,
    /// 30.5.8), from `codes` or, for ASCII text coded by value, `octets`. The items come in order, fragment
    /// after fragment (X.691 11.9.3.8), so one pass over the text serves them all.
    fn km_codes(
        &mut self,
        bounds: Option<(i128, i128)>,
        n: usize,
        b: u32,
        mut codes: impl Iterator<Item = u32>,
        octets: Option<&[u8]>,
    ) -> EncResult {
        let mut put = |w: &mut BitWriter, s: usize, k: usize| match octets {
            Some(o) if b == 8 => w.bytes(&o[s..s + k]),
            Some(o) => w.octet_codes(&o[s..s + k], b),
            None => w.codes(codes.by_ref().take(k), b),
        };
        match bounds {
            Some((lb, ub)) if lb == ub && ub < 65536 => {
                if ub as u128 * u128::from(b) > 16 {
                    self.align();
                }
                put(&mut self.w, 0, n);
            }
            Some((lb, ub)) if ub < 65536 => {
                self.constrained(n as i128, lb, ub)?;
                if ub > 1 && n > 0 {
                    self.align();
                }
                put(&mut self.w, 0, n);
            }
            _ => {
                let mut s = 0;
                loop {
                    let (k, more) = self.length_prefix(n, s, None, true)?;
                    put(&mut self.w, s, k);
                    s += k;
                    if !more {
                        break;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Items `0..n` after a length determinant (X.691 11.9): `item(enc, start, count)` writes
/// `count` items from `start`, between the determinants of a fragmented length.
///
/// # Errors
/// `n` outside the bounds, or an error from `item`.
pub fn length_and_items<E: AsMut<PerOut>>(
    e: &mut E,
    n: usize,
    size: Option<(i128, i128)>,
    align_items: bool,
    mut item: impl FnMut(&mut E, usize, usize) -> EncResult,
) -> EncResult {
    let mut s = 0;
    loop {
        let (k, more) = e.as_mut().length_prefix(n, s, size, align_items)?;
        item(e, s, k)?;
        s += k;
        if !more {
            return Ok(());
        }
    }
}

/// Bit and octet strings (X.691 16.8-16.11, 17.6-17.8): fixed sizes up to `small_fixed`
/// items are not aligned.
///
/// # Errors
/// Size outside the constraint, or an error from `items`.
pub fn sized<E: AsMut<PerOut>>(
    e: &mut E,
    size: Option<Interval>,
    n: usize,
    clause: &'static str,
    small_fixed: usize,
    mut items: impl FnMut(&mut E, usize, usize) -> EncResult,
) -> EncResult {
    let o = e.as_mut();
    match o.size_bounds(size, n, clause, |n| format!("size {n}"))? {
        Some((lb, ub)) if lb == ub && ub < 65536 => {
            if n > small_fixed {
                o.align();
            }
            items(e, 0, n)
        }
        Some((lb, ub)) if ub < 65536 => {
            o.constrained(n as i128, lb, ub)?;
            o.align();
            items(e, 0, n)
        }
        _ => length_and_items(e, n, None, true, items),
    }
}

/// SEQUENCE OF / SET OF (X.691 20): the count, then `items(enc, start, count)`.
///
/// # Errors
/// Count outside the constraint, or an error from `items`.
pub fn sized_collection<E: AsMut<PerOut>>(
    e: &mut E,
    size: Option<Interval>,
    n: usize,
    items: impl FnMut(&mut E, usize, usize) -> EncResult,
) -> EncResult {
    let mut items = items;
    match e.as_mut().size_bounds(size, n, "X.691 20", |n| format!("{n} components"))? {
        Some((lb, ub)) if lb == ub && ub < 65536 => items(e, 0, n),
        b => length_and_items(e, n, b, false, items),
    }
}

/// The PER input: a bit reader, the variant and the decoding budget.
#[derive(Debug, Clone)]
pub struct PerIn<'a> {
    /// The bits.
    pub r: BitReader<'a>,
    /// ALIGNED variant (X.691 10.1).
    pub aligned: bool,
    /// Name of the rules in errors.
    pub rules: &'static str,
    /// Current nesting depth.
    pub depth: usize,
    /// SEQUENCE OF / SET OF components read so far.
    pub items: usize,
    /// The bounds on depth and components.
    pub limits: Limits,
}

impl<'a> AsMut<PerIn<'a>> for PerIn<'a> {
    fn as_mut(&mut self) -> &mut PerIn<'a> {
        self
    }
}

impl<'a> PerIn<'a> {
    /// A BASIC-PER input over `data` with the default [`Limits`].
    #[must_use]
    pub fn new(data: &'a [u8], aligned: bool) -> Self {
        Self::with_rules(data, aligned, super::decode::rules_name(aligned, false), Limits::default())
    }

    /// An input naming `rules` in its errors.
    #[must_use]
    pub fn with_rules(data: &'a [u8], aligned: bool, rules: &'static str, limits: Limits) -> Self {
        PerIn { r: BitReader::new(data, rules), aligned, rules, depth: 0, items: 0, limits }
    }

    /// X.691 11.1: only padding may follow a complete encoding.
    ///
    /// # Errors
    /// Octets after the encoding.
    pub fn finish(&self) -> Result<(), CodecError> {
        let len = self.r.data_len();
        let used = self.r.pos().div_ceil(8).max(1);
        if used < len {
            return Err(CodecError::new(
                self.rules,
                used * 8,
                "X.691 11.1",
                format!("{} octets after the encoding", len - used),
            ));
        }
        Ok(())
    }

    /// Skips padding to an octet boundary in the ALIGNED variant.
    pub fn align(&mut self) {
        if self.aligned {
            self.r.align();
        }
    }

    /// Enters one level of nesting (X.691 10).
    ///
    /// # Errors
    /// Deeper than the limit.
    pub fn enter(&mut self) -> DecResult<()> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.r.error("X.691 10", format!("nesting deeper than {}", self.limits.max_depth)));
        }
        Ok(())
    }

    /// X.691 11.5 constrained whole number in `lb..=ub`.
    ///
    /// # Errors
    /// Truncated input, an offset beyond the range.
    pub fn constrained(&mut self, lb: i128, ub: i128) -> DecResult<i128> {
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

    /// X.691 11.6 normally small non-negative whole number.
    ///
    /// # Errors
    /// Truncated input, more than 8 octets.
    pub fn normally_small(&mut self) -> DecResult<usize> {
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

    /// Reads a length determinant (X.691 11.9): the count of items that follow it and whether
    /// another determinant follows them (a fragment, X.691 11.9.3.8).
    ///
    /// # Errors
    /// Truncated input, a bad fragment multiplier.
    pub fn length_prefix(
        &mut self,
        size: Option<(i128, i128)>,
        align_items: bool,
    ) -> DecResult<(usize, bool)> {
        if let Some((lb, ub)) = size
            && ub < 65536
        {
            let n = if lb == ub { lb } else { self.constrained(lb, ub)? } as usize;
            if align_items {
                self.align();
            }
            return Ok((n, false));
        }
        self.align();
        let first = self.r.bits(8)? as usize;
        if first & 0x80 == 0 {
            Ok((first, false))
        } else if first & 0x40 == 0 {
            Ok((((first & 0x3F) << 8) | self.r.bits(8)? as usize, false))
        } else {
            let m = first & 0x3F;
            if !(1..=4).contains(&m) {
                return Err(self.r.error("X.691 11.9.3.8", format!("fragment multiplier {m} is not 1 to 4")));
            }
            Ok((m * K16, true))
        }
    }

    /// Octets with an unconstrained length determinant (X.691 11.9).
    ///
    /// # Errors
    /// Truncated input.
    pub fn octets(&mut self) -> DecResult<Vec<u8>> {
        let mut out = Vec::new();
        length_and_items_in(self, None, true, |d, n| {
            out.extend(d.r.bytes(n)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The inverse of [`PerOut::other_string`] (X.691 30.6).
    ///
    /// # Errors
    /// Truncated input, octets that are not an encoding of that type.
    pub fn other_string(&mut self, s: crate::parser::ast::StringType) -> DecResult<String> {
        let at = self.r.pos();
        let o = self.octets()?;
        crate::ber::string_from_octets(s, &o)
            .map_err(|m| Box::new(CodecError::new(self.rules, at, "X.691 30.6", m)))
    }

    /// X.691 13 INTEGER with the PER-visible value range `c` (values of up to 128 bits).
    ///
    /// # Errors
    /// Truncated input, values out of range or wider than 128 bits.
    pub fn integer(&mut self, c: Option<Interval>) -> DecResult<i128> {
        let Some(c) = c else { return self.unconstrained_int() };
        if c.extensible && self.r.bit()? {
            return self.unconstrained_int();
        }
        match (c.lb, c.ub) {
            (Some(lb), Some(ub)) => self.constrained(lb, ub),
            (Some(lb), None) => {
                let at = self.r.pos();
                let o =
                    self.int_octets("X.691 11.7", "semi-constrained integer of 0 or more than 16 octets")?;
                let v = o.iter().fold(0u128, |a, b| (a << 8) | u128::from(*b));
                // n - lb is sent (X.691 11.7): 16 octets of it can take n past i128.
                lb.checked_add_unsigned(v).ok_or_else(|| {
                    Box::new(CodecError::new(
                        self.rules,
                        at,
                        "X.691 11.7",
                        "semi-constrained integer above i128::MAX, the largest sg17 holds",
                    ))
                })
            }
            _ => self.unconstrained_int(),
        }
    }

    /// The 1 to 16 octets of an integer with a length determinant (X.691 11.7, 11.8); the
    /// error (`clause`, `message`) is at the length.
    fn int_octets(&mut self, clause: &'static str, message: &'static str) -> DecResult<Vec<u8>> {
        let at = self.r.pos();
        let o = self.octets()?;
        if o.is_empty() || o.len() > 16 {
            return Err(Box::new(CodecError::new(self.rules, at, clause, message)));
        }
        Ok(o)
    }

    /// X.691 11.8 INTEGER without PER-visible constraint: two's-complement octets; beyond 16
    /// they make a [`SchemaValue::BigInteger`].
    ///
    /// # Errors
    /// Truncated input, no octets, more than 16 octets not minimal.
    pub fn integer_value(&mut self) -> DecResult<SchemaValue> {
        let at = self.r.pos();
        let o = self.octets()?;
        SchemaValue::integer_from_octets(&o).ok_or_else(|| {
            Box::new(CodecError::new(self.rules, at, "X.691 11.8", "integer of 0 octets or not minimal"))
        })
    }

    /// X.691 11.8 unconstrained whole number of up to 16 octets.
    ///
    /// # Errors
    /// Truncated input, 0 or more than 16 octets.
    pub fn unconstrained_int(&mut self) -> DecResult<i128> {
        let o = self.int_octets("X.691 11.8", "integer of 0 or more than 16 octets")?;
        let neg = o[0] & 0x80 != 0;
        Ok(o.iter().fold(if neg { -1i128 } else { 0 }, |a, b| (a << 8) | i128::from(*b)))
    }

    /// The presence bitmap of the extension additions of a SEQUENCE or SET (X.691 19.8): its
    /// normally small length, then the bits.
    ///
    /// # Errors
    /// Truncated input, a bitmap longer than the input.
    pub fn extension_bitmap(&mut self) -> DecResult<Vec<bool>> {
        let n = if self.r.bit()? {
            let mut n = 0;
            length_and_items_in(self, None, false, |_, k| {
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
        Ok(present)
    }

    /// A decoder over the contents `bytes` of an open type (X.691 11.2) read by this
    /// decoder: same variant, depth and budget.
    #[must_use]
    pub fn open_in<'b>(&self, bytes: &'b [u8]) -> PerIn<'b> {
        let mut i = PerIn::with_rules(bytes, self.aligned, self.rules, self.limits);
        (i.depth, i.items) = (self.depth, self.items);
        i
    }

    /// Ends the decoding `r` by `sub` (from [`PerIn::open_in`]) of an open type of `len`
    /// octets whose contents started at bit `at`: error offsets made absolute, the budget
    /// taken back, and nothing but padding may follow the value (X.691 11.1).
    ///
    /// # Errors
    /// `r`'s, octets after the encoding.
    pub fn open_out<T>(&mut self, sub: &PerIn<'_>, at: usize, len: usize, r: DecResult<T>) -> DecResult<T> {
        let v = r.map_err(|mut e| {
            e.bit_offset += at;
            e
        })?;
        self.items = sub.items;
        let used = sub.r.pos().div_ceil(8).max(1);
        if used < len {
            return Err(Box::new(CodecError::new(
                self.rules,
                at + used * 8,
                "X.691 11.1",
                format!("{} octets after the encoding in an open type", len - used),
            )));
        }
        Ok(v)
    }

    /// An open type (X.691 11.2): its octets, then the value `f` decodes from them.
    ///
    /// # Errors
    /// Truncated input, `f`'s, octets after the value.
    pub fn open_type<T>(&mut self, f: impl for<'b> FnOnce(&mut PerIn<'b>) -> DecResult<T>) -> DecResult<T> {
        let bytes = self.octets()?;
        self.open_value(&bytes, f)
    }

    /// The value `f` decodes from `bytes`, the contents of an open type just read (X.691
    /// 11.2), through [`PerIn::open_in`] and [`PerIn::open_out`].
    ///
    /// # Errors
    /// `f`'s, octets after the value.
    pub fn open_value<T>(
        &mut self,
        bytes: &[u8],
        f: impl for<'b> FnOnce(&mut PerIn<'b>) -> DecResult<T>,
    ) -> DecResult<T> {
        // Bit offset of the contents (exact unless the length was fragmented, X.691 11.9.3.8).
        let at = self.r.pos().saturating_sub(bytes.len() * 8);
        let mut sub = self.open_in(bytes);
        let r = f(&mut sub);
        self.open_out(&sub, at, bytes.len(), r)
    }

    /// Reads and drops the extension additions of a SEQUENCE or SET (X.691 19.8) that has
    /// none the decoder knows of: each present one is an open type field (X.691 11.2),
    /// skipped as the schema-driven decoder skips unknown additions.
    ///
    /// # Errors
    /// Truncated input, a bitmap longer than the input.
    pub fn skip_extensions(&mut self) -> DecResult<()> {
        for p in self.extension_bitmap()? {
            if p {
                self.octets()?;
            }
        }
        Ok(())
    }

    /// Reads the extension bit of an extensible SIZE constraint (X.691 16.6, 17.3, 20.4,
    /// 30.5.3): whether the size is in the root (always, for a constraint without `...`).
    ///
    /// # Errors
    /// Truncated input.
    #[inline]
    pub fn size_extension_bit(&mut self, size: Option<Interval>) -> DecResult<bool> {
        Ok(match size {
            Some(s) if s.extensible => !self.r.bit()?,
            _ => true,
        })
    }

    /// A size read from the encoding must satisfy the root of the SIZE constraint when the
    /// extension bit said it is in the root: a length with a lower bound only (`SIZE (1..MAX)`)
    /// is encoded as unconstrained (X.691 11.9.4.2), so nothing else checks it.
    ///
    /// # Errors
    /// The size is outside the root.
    pub fn check_size(
        &self,
        size: Option<Interval>,
        in_root: bool,
        n: usize,
        clause: &'static str,
    ) -> DecResult<()> {
        match size {
            Some(s) if in_root => {
                self.check_count(s.lb.unwrap_or(i128::MIN), s.ub.unwrap_or(i128::MAX), n, clause)
            }
            _ => Ok(()),
        }
    }

    /// [`PerIn::check_size`] for a root size range `lb..=ub` that applies.
    fn check_count(&self, lb: i128, ub: i128, n: usize, clause: &'static str) -> DecResult<()> {
        if (lb..=ub).contains(&i128::try_from(n).unwrap_or(i128::MAX)) {
            Ok(())
        } else {
            Err(self.r.error(clause, format!("size {n} is outside the size constraint")))
        }
    }

    /// OCTET STRING (X.691 17).
    ///
    /// # Errors
    /// Truncated input, size outside the constraint.
    pub fn octet_string(&mut self, size: Option<Interval>) -> DecResult<Vec<u8>> {
        Ok(self.octet_string_cow(size)?.into_owned())
    }

    /// [`PerIn::octet_string`] borrowing the octets from the input when they are octet-aligned
    /// and in one piece (X.691 17.8: after the length, or fixed sizes over two octets).
    ///
    /// # Errors
    /// As [`PerIn::octet_string`].
    pub fn octet_string_cow(&mut self, size: Option<Interval>) -> DecResult<Cow<'a, [u8]>> {
        let mut out: Cow<'a, [u8]> = Cow::Borrowed(&[]);
        sized_in(self, size, "X.691 17", 2, |d, k| {
            match d.r.aligned_bytes(k) {
                Some(piece) if out.is_empty() => out = Cow::Borrowed(piece),
                Some(piece) => out.to_mut().extend_from_slice(piece),
                None => out.to_mut().extend(d.r.bytes(k)?),
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// A known-multiplier character string (X.691 30.5) coded with `coding`.
    ///
    /// # Errors
    /// Truncated input, characters outside the alphabet, length outside the constraint.
    pub fn km_string(&mut self, coding: &CharCoding, size: Option<Interval>) -> DecResult<String> {
        Ok(self.km_string_cow(coding, size)?.into_owned())
    }

    /// [`PerIn::km_string`] borrowing the text from the input where the encoding is the text
    /// itself: 8-bit codes by value (ALIGNED IA5String or VisibleString, X.691 30.5.4),
    /// octet-aligned and in one piece.
    ///
    /// # Errors
    /// As [`PerIn::km_string`].
    // Always inlined down to the scalars `km_text` takes: in generated code `size` is a
    // constant and folds away (passed as a struct, it cost a store-forwarding stall per call).
    #[inline(always)]
    pub fn km_string_cow(&mut self, coding: &CharCoding, size: Option<Interval>) -> DecResult<Cow<'a, str>> {
        let in_root = self.size_extension_bit(size)?;
        match size {
            Some(sz) if in_root => self.km_text(coding, true, sz.lb.unwrap_or(0), sz.ub.unwrap_or(i128::MAX)),
            _ => self.km_text(coding, false, 0, i128::MAX),
        }
    }

    /// The rest of [`PerIn::km_string_cow`]: `sized` when the root size constraint
    /// `lb..=ub` applies (`ub` is `i128::MAX` when it has no upper bound).
    fn km_text(&mut self, coding: &CharCoding, sized: bool, lb: i128, ub: i128) -> DecResult<Cow<'a, str>> {
        let bounds = (sized && ub != i128::MAX).then_some((lb, ub));
        let b = coding.bits;
        let mut out: Cow<'a, str> = Cow::Borrowed("");
        let mut count = 0usize;
        // Characters coded by value from an ASCII range (IA5String, VisibleString and their
        // FROM ranges, UNALIGNED): each code is its octet, checked against the range and
        // collected as an octet; the text is made once at the end.
        let ascii = match coding.range {
            Some((lo, hi)) if coding.index.is_none() && hi < '\u{80}' && (1..8).contains(&b) => {
                Some((lo as u8, hi as u8))
            }
            _ => None,
        };
        let mut octets = Vec::new();
        let mut get = |d: &mut Self, k: usize| -> DecResult<()> {
            if k.saturating_mul(b as usize) > d.r.remaining() {
                return Err(d.r.error("X.691 30.5", format!("{k} characters do not fit in the input")));
            }
            count += k;
            if let Some((lo, hi)) = ascii {
                octets.reserve(k);
                let per = (56 / b) as usize;
                let mask = (1u64 << b) - 1;
                let mut left = k;
                while left > 0 {
                    let m = left.min(per);
                    let start = d.r.pos();
                    let w = d.r.bits(b * m as u32)? as u64;
                    for j in 0..m {
                        let c = ((w >> (b as usize * (m - 1 - j))) & mask) as u8;
                        if !(lo..=hi).contains(&c) {
                            let at = start + (j + 1) * b as usize;
                            return Err(bad_char_at(d, at, u128::from(c), Some(char::from(c))));
                        }
                        octets.push(c);
                    }
                    left -= m;
                }
                return Ok(());
            }
            if b == 8
                && coding.index.is_none()
                && let at = d.r.pos()
                && let Some(bytes) = d.r.aligned_bytes(k)
            {
                // Octet-aligned 8-bit codes (ALIGNED variant): check them in place.
                if let Some(j) = bytes.iter().position(|c| !coding.permits(char::from(*c))) {
                    let c = bytes[j];
                    return Err(bad_char_at(d, at + (j + 1) * 8, u128::from(c), Some(char::from(c))));
                }
                match std::str::from_utf8(bytes) {
                    Ok(text) if out.is_empty() => out = Cow::Borrowed(text),
                    Ok(text) => out.to_mut().push_str(text),
                    Err(_) => out.to_mut().extend(bytes.iter().map(|c| char::from(*c))),
                }
                return Ok(());
            }
            let out = out.to_mut();
            out.reserve(k);
            // Several codes per read (at most 56 bits), as the encoder writes them.
            let per = 56u32.checked_div(b).map_or(usize::MAX, |p| p as usize);
            let mask = (1u128 << b) - 1;
            let mut left = k;
            while left > 0 {
                let m = left.min(per);
                let start = d.r.pos();
                let w = d.r.bits(b * m as u32)?;
                for j in 0..m {
                    let code = (w >> (b as usize * (m - 1 - j))) & mask;
                    let ch = match &coding.index {
                        Some(a) => a.get(code as usize).copied(),
                        None => u32::try_from(code).ok().and_then(char::from_u32),
                    };
                    match ch {
                        Some(ch) if coding.permits(ch) => out.push(ch),
                        _ => return Err(bad_char_at(d, start + (j + 1) * b as usize, code, ch)),
                    }
                }
                left -= m;
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
                length_and_items_in(self, None, true, &mut get)?;
            }
        }
        if sized {
            self.check_count(lb, ub, count, "X.691 30.5")?;
        }
        if ascii.is_some() {
            // Every octet is below 0x80, so this never fails.
            out = Cow::Owned(
                String::from_utf8(octets)
                    .map_err(|_| self.r.error("X.691 30.5", "character code outside ASCII"))?,
            );
        }
        Ok(out)
    }
}

/// The error for a character code outside the alphabet or a character outside the permitted
/// alphabet (X.691 30.5).
/// `at` is the bit offset just after the code.
#[cold]
fn bad_char_at(d: &PerIn<'_>, at: usize, code: u128, ch: Option<char>) -> Box<CodecError> {
    let m = match ch {
        None => format!("character code {code} is not in the alphabet"),
        Some(ch) => format!("character {ch:?} is not in the permitted alphabet"),
    };
    Box::new(CodecError::new(d.rules, at, "X.691 30.5", m))
}

/// Reads a length determinant and the items; `item(dec, count)` reads `count` items, once per
/// fragment. Returns the total count.
///
/// # Errors
/// Truncated input, a bad length, or an error from `item`.
pub fn length_and_items_in<'a, D: AsMut<PerIn<'a>>>(
    d: &mut D,
    size: Option<(i128, i128)>,
    align_items: bool,
    mut item: impl FnMut(&mut D, usize) -> DecResult<()>,
) -> DecResult<usize> {
    let mut total = 0usize;
    loop {
        let (k, more) = d.as_mut().length_prefix(size, align_items)?;
        item(d, k)?;
        total += k;
        if !more {
            return Ok(total);
        }
    }
}

/// Bit and octet strings (X.691 16, 17): reads the size and `items(dec, count)`; returns the
/// size.
///
/// # Errors
/// Truncated input, size outside the constraint, or an error from `items`.
pub fn sized_in<'a, D: AsMut<PerIn<'a>>>(
    d: &mut D,
    size: Option<Interval>,
    clause: &'static str,
    small_fixed: usize,
    mut items: impl FnMut(&mut D, usize) -> DecResult<()>,
) -> DecResult<usize> {
    let mut bounds = size.and_then(|s| Some((s.lb.unwrap_or(0), s.ub?)));
    let in_root = d.as_mut().size_extension_bit(size)?;
    if !in_root {
        bounds = None;
    }
    let n = match bounds {
        Some((lb, ub)) if lb == ub && ub < 65536 => {
            let n = ub as usize;
            if n > small_fixed {
                d.as_mut().align();
            }
            items(d, n)?;
            n
        }
        Some((lb, ub)) if ub < 65536 => {
            let n = d.as_mut().constrained(lb, ub)? as usize;
            d.as_mut().align();
            items(d, n)?;
            n
        }
        _ => length_and_items_in(d, None, true, items)?,
    };
    d.as_mut().check_size(size, in_root, n, clause)?;
    Ok(n)
}

/// SEQUENCE OF / SET OF (X.691 20): reads the count and each component with `item`,
/// counting components against [`Limits::max_items`] and reserving no more than the input
/// can hold.
///
/// # Errors
/// Truncated input, count outside the constraint or the limits, or an error from `item`.
pub fn sequence_of_in<'a, D: AsMut<PerIn<'a>>, T>(
    d: &mut D,
    size: Option<Interval>,
    mut item: impl FnMut(&mut D) -> DecResult<T>,
) -> DecResult<Vec<T>> {
    let mut bounds = size.and_then(|s| Some((s.lb.unwrap_or(0), s.ub?)));
    let in_root = d.as_mut().size_extension_bit(size)?;
    if !in_root {
        bounds = None;
    }
    let mut items = Vec::new();
    let n = length_and_items_in(d, bounds, false, |d, k| {
        let i = d.as_mut();
        i.items = i.items.saturating_add(k);
        if i.items > i.limits.max_items {
            return Err(i.r.error("X.691 20", format!("more than {} components", i.limits.max_items)));
        }
        // `k` is within the item budget; an element takes at least one bit unless its type
        // has a single value, so the input also bounds the reservation.
        items.reserve(k.min(i.r.remaining().max(16)));
        for _ in 0..k {
            items.push(item(d)?);
        }
        Ok(())
    })?;
    d.as_mut().check_size(size, in_root, n, "X.691 20")?;
    Ok(items)
}

impl PerOut {
    /// BIT STRING (X.691 16) with the size constraint `size`; a value of a type with a named-bit
    /// list (`named`) loses its trailing 0 bits and gains 0 bits up to the lower bound (X.691
    /// 16.2, 16.3). The bits after the length in the last octet are not sent.
    ///
    /// # Errors
    /// Fewer octets than the length needs, a size outside the constraint.
    pub fn bit_string(&mut self, b: &BitString<'_>, named: bool, size: Option<Interval>) -> EncResult {
        let (bits, len) = (&*b.bits, b.len);
        if let Some(m) = SchemaValue::short_bits(bits, len) {
            return Err(self.err("X.691 16", m));
        }
        let (kept, len) = if named {
            SchemaValue::named_bits_fitted(bits, len, size.and_then(|s| s.lb))
        } else {
            (len, len)
        };
        let padded = SchemaValue::bit_octets(bits, kept, len);
        sized(self, size, len, "X.691 16", 16, |e, s, n| {
            for i in s..s + n {
                e.w.bit(SchemaValue::bit(&padded, i));
            }
            Ok(())
        })
    }
}

impl<'a> PerIn<'a> {
    /// BIT STRING (X.691 16) with the size constraint `size`, its unused bits 0.
    ///
    /// # Errors
    /// Truncated input, a size outside the constraint.
    pub fn bit_string(&mut self, size: Option<Interval>) -> DecResult<BitString<'a>> {
        let mut bits = Vec::new();
        let mut total = 0usize;
        let n = sized_in(self, size, "X.691 16", 16, |d, k| {
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
        Ok(BitString { bits: Cow::Owned(bits), len: n })
    }
}

impl PerOut {
    /// OBJECT IDENTIFIER or RELATIVE-OID (`relative`) (X.691 24, 25): the contents octets of
    /// X.690 8.19/8.20 after an unconstrained length determinant.
    ///
    /// # Errors
    /// Arcs that make no OBJECT IDENTIFIER (fewer than two, a first arc above 2, a second arc
    /// above 39 under 0 or 1).
    pub fn object_identifier(&mut self, arcs: &[u128], relative: bool) -> EncResult {
        let contents = crate::ber::oid_contents(arcs, relative).map_err(|m| self.err("X.691 24", m))?;
        self.octets(&contents);
        Ok(())
    }
}

impl PerIn<'_> {
    /// OBJECT IDENTIFIER or RELATIVE-OID (`relative`) (X.691 24, 25): the arcs of the contents
    /// octets after an unconstrained length determinant.
    ///
    /// # Errors
    /// Truncated input, contents that are not an OBJECT IDENTIFIER (X.690 8.19).
    pub fn object_identifier(&mut self, relative: bool) -> DecResult<Vec<u128>> {
        let at = self.r.pos();
        let o = self.octets()?;
        crate::ber::oid_arcs(&o, relative)
            .map_err(|m| Box::new(CodecError::new(self.rules, at, "X.691 24", m)))
    }
}
