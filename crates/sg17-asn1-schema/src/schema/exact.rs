//! Exact value sets of subtype constraints (X.680 50, 51) where the PER-visible hull of
//! `constraints.rs` (one value range, one size range, one permitted alphabet) is not exact:
//! unions of disjoint values and ranges, EXCEPT, single values of types other than INTEGER,
//! contained subtypes, unions of SIZE and FROM constraints, and PATTERN.
//!
//! Only the root of a constraint without an extension marker is compiled (values outside an
//! extensible root are extension values), and only when the hull does not already say the
//! same thing, so a type with plain ranges checks nothing more than before.

use super::constraints::known_multiplier;
use super::pattern::Pattern;
use super::{Kind, Schema, TypeId};
use crate::error::NotationError;
use crate::parser::ast::{Bound, Constraint, Element, ElementSet, TypeKindAst, ValueAst};
use crate::value::{SchemaValue, char_count};
use core::fmt;

const R_PATTERN: &str = "X.680 51.9 PatternConstraint";

/// A set of integers (values or sizes): sorted, disjoint, non-adjacent inclusive ranges;
/// `i128::MIN` / `i128::MAX` as an end stand for MIN / MAX.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntSet(Vec<(i128, i128)>);

impl IntSet {
    fn range(lo: i128, hi: i128) -> Self {
        IntSet(if lo <= hi { vec![(lo, hi)] } else { Vec::new() })
    }

    fn normal(mut v: Vec<(i128, i128)>) -> Self {
        v.retain(|(a, b)| a <= b);
        v.sort_unstable();
        let mut out: Vec<(i128, i128)> = Vec::with_capacity(v.len());
        for (a, b) in v {
            match out.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        IntSet(out)
    }

    fn union(&self, o: &IntSet) -> IntSet {
        IntSet::normal(self.0.iter().chain(&o.0).copied().collect())
    }

    fn complement(&self) -> IntSet {
        let mut out = Vec::new();
        let mut next = Some(i128::MIN);
        for &(a, b) in &self.0 {
            if let Some(n) = next
                && a > n
            {
                out.push((n, a - 1));
            }
            next = b.checked_add(1);
        }
        if let Some(n) = next {
            out.push((n, i128::MAX));
        }
        IntSet(out)
    }

    fn intersect(&self, o: &IntSet) -> IntSet {
        self.complement().union(&o.complement()).complement()
    }

    fn contains(&self, x: i128) -> bool {
        self.0.iter().any(|&(a, b)| a <= x && x <= b)
    }

    /// Whether an integer beyond 128 bits, negative or not, is in the set: only if the set
    /// reaches MIN or MAX on that side.
    fn contains_big(&self, negative: bool) -> bool {
        if negative {
            self.0.first().is_some_and(|r| r.0 == i128::MIN)
        } else {
            self.0.last().is_some_and(|r| r.1 == i128::MAX)
        }
    }
}

impl fmt::Display for IntSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("{}");
        }
        for (i, &(a, b)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            let end = |x: i128, d: &str| {
                if x == i128::MIN || x == i128::MAX { d.to_owned() } else { x.to_string() }
            };
            if a == b {
                write!(f, "{a}")?;
            } else {
                write!(f, "{}..{}", end(a, "MIN"), end(b, "MAX"))?;
            }
        }
        Ok(())
    }
}

/// The exact root of a subtype constraint.
#[derive(Clone, Debug, PartialEq)]
pub enum Exact {
    /// INTEGER values (X.680 51.2 single values, 51.4 value ranges).
    Int(IntSet),
    /// A single value of another type (X.680 51.2). The flag: a BIT STRING with named bits,
    /// whose trailing 0 bits carry no meaning (X.680 22.7), so they are ignored.
    Equal(SchemaValue, bool),
    /// SIZE (X.680 51.5): the number of characters, octets, bits or elements.
    Size(IntSet),
    /// FROM (X.680 51.7): every character in the set (code point ranges).
    From(IntSet),
    /// PATTERN (X.680 51.9).
    Pattern(Box<Pattern>),
    /// INTERSECTION.
    All(Vec<Exact>),
    /// UNION.
    Any(Vec<Exact>),
    /// ALL EXCEPT (and, with [`Exact::All`], `a EXCEPT b`).
    Not(Box<Exact>),
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, v: &[Exact], sep: &str| -> fmt::Result {
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    f.write_str(sep)?;
                }
                write!(f, "({x})")?;
            }
            Ok(())
        };
        match self {
            Exact::Int(s) => write!(f, "{s}"),
            Exact::Equal(v, _) => write!(f, "{}", show(v)),
            Exact::Size(s) => write!(f, "SIZE({s})"),
            Exact::From(s) => {
                f.write_str("FROM(")?;
                for (i, &(a, b)) in s.0.iter().take(20).enumerate() {
                    let ch = |x: i128| u32::try_from(x).ok().and_then(char::from_u32).unwrap_or('?');
                    f.write_str(if i > 0 { " | " } else { "" })?;
                    if a == b { write!(f, "{:?}", ch(a))? } else { write!(f, "{:?}..{:?}", ch(a), ch(b))? }
                }
                f.write_str(if s.0.len() > 20 { " | ...)" } else { ")" })
            }
            Exact::Pattern(p) => write!(f, "PATTERN {:?}", p.source),
            Exact::All(v) => list(f, v, " ^ "),
            Exact::Any(v) => list(f, v, " | "),
            Exact::Not(x) => write!(f, "ALL EXCEPT ({x})"),
        }
    }
}

/// A short rendering of a value for messages.
fn show(v: &SchemaValue) -> String {
    let s = match v {
        SchemaValue::String(s) => format!("{s:?}"),
        SchemaValue::OctetString(o) => {
            format!("'{}'H", o.iter().map(|b| format!("{b:02X}")).collect::<String>())
        }
        SchemaValue::BitString { bits, len } => {
            let b: String = (0..*len)
                .map(|i| if bits.get(i / 8).is_some_and(|x| x & (0x80 >> (i % 8)) != 0) { '1' } else { '0' })
                .collect();
            format!("'{b}'B")
        }
        SchemaValue::Boolean(b) => (if *b { "TRUE" } else { "FALSE" }).to_owned(),
        SchemaValue::Enumerated(n) => n.to_string(),
        SchemaValue::ObjectIdentifier(a) | SchemaValue::RelativeOid(a) => {
            format!("{{ {} }}", a.iter().map(u128::to_string).collect::<Vec<_>>().join(" "))
        }
        SchemaValue::Integer(i) => i.to_string(),
        other => format!("{other:?}"),
    };
    if s.chars().count() > 60 { format!("{}...", s.chars().take(60).collect::<String>()) } else { s }
}

/// Equality of values for single value constraints: BIT STRING compares its `len` bits only
/// (with `named_bits`, up to the last 1 bit).
fn same(a: &SchemaValue, b: &SchemaValue, named_bits: bool) -> bool {
    let bit = |x: &[u8], i: usize| x.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0);
    let trim = |x: &[u8], n: usize| (0..n).rev().find(|&i| bit(x, i)).map_or(0, |i| i + 1);
    match (a, b) {
        (SchemaValue::BitString { bits: x, len: n }, SchemaValue::BitString { bits: y, len: m })
            if named_bits =>
        {
            let (n, m) = (trim(x, *n), trim(y, *m));
            n == m && (0..n).all(|i| bit(x, i) == bit(y, i))
        }
        (SchemaValue::BitString { bits: x, len: n }, SchemaValue::BitString { bits: y, len: m }) => {
            n == m
                && (0..*n).all(|i| {
                    (x.get(i / 8).copied().unwrap_or(0) ^ y.get(i / 8).copied().unwrap_or(0))
                        & (0x80 >> (i % 8))
                        == 0
                })
        }
        _ => a == b,
    }
}

fn size_of(v: &SchemaValue) -> Option<usize> {
    match v {
        SchemaValue::String(s) => Some(char_count(s)),
        SchemaValue::OctetString(o) => Some(o.len()),
        SchemaValue::BitString { len, .. } => Some(*len),
        SchemaValue::SequenceOf(x) | SchemaValue::SetOf(x) => Some(x.len()),
        _ => None,
    }
}

impl Exact {
    fn any(parts: Vec<Exact>) -> Exact {
        if parts.iter().all(|p| matches!(p, Exact::Int(_))) {
            let mut acc = IntSet(Vec::new());
            for p in &parts {
                if let Exact::Int(s) = p {
                    acc = acc.union(s);
                }
            }
            return Exact::Int(acc);
        }
        if parts.iter().all(|p| matches!(p, Exact::Size(_))) {
            let mut acc = IntSet(Vec::new());
            for p in &parts {
                if let Exact::Size(s) = p {
                    acc = acc.union(s);
                }
            }
            return Exact::Size(acc);
        }
        Exact::Any(parts)
    }

    fn all(parts: Vec<Exact>) -> Exact {
        let mut int: Option<IntSet> = None;
        let mut size: Option<IntSet> = None;
        let mut from: Option<IntSet> = None;
        let mut rest = Vec::new();
        for p in parts {
            match p {
                Exact::Int(s) => int = Some(int.map_or(s.clone(), |o| o.intersect(&s))),
                Exact::Size(s) => size = Some(size.map_or(s.clone(), |o| o.intersect(&s))),
                Exact::From(s) => from = Some(from.map_or(s.clone(), |o| o.intersect(&s))),
                Exact::All(v) => rest.extend(v),
                other => rest.push(other),
            }
        }
        let mut out: Vec<Exact> = [int.map(Exact::Int), size.map(Exact::Size), from.map(Exact::From)]
            .into_iter()
            .flatten()
            .collect();
        out.extend(rest);
        if out.len() == 1 { out.pop().unwrap_or(Exact::All(Vec::new())) } else { Exact::All(out) }
    }

    fn not(x: Exact) -> Exact {
        match x {
            Exact::Int(s) => Exact::Int(s.complement()),
            Exact::Not(y) => *y,
            x => Exact::Not(Box::new(x)),
        }
    }

    /// The clause `v` breaks, if it is outside the set. A value of the wrong shape is not
    /// this check's business (the codec reports it).
    #[must_use]
    pub fn fails(&self, v: &SchemaValue) -> Option<&'static str> {
        self.fails_as(v, false)
    }

    /// [`Exact::fails`] for a value of a BIT STRING type with named bits when `named_bits`:
    /// trailing 0 bits carry no meaning (X.680 22.7; DER drops them, X.690 11.2.2), so the
    /// value meets a SIZE constraint if padding it with 0 bits reaches a size in the set.
    #[must_use]
    pub fn fails_as(&self, v: &SchemaValue, named_bits: bool) -> Option<&'static str> {
        match self {
            Exact::Int(s) => {
                let ok = match v {
                    SchemaValue::Integer(i) => s.contains(*i),
                    SchemaValue::BigInteger(o) => s.contains_big(o.first().is_some_and(|b| b & 0x80 != 0)),
                    _ => true,
                };
                (!ok).then_some(if s.0.iter().all(|(a, b)| a == b) { "X.680 51.2" } else { "X.680 51.4" })
            }
            Exact::Equal(x, named_bits) => (!same(v, x, *named_bits)).then_some("X.680 51.2"),
            Exact::Size(s) => {
                if let (true, SchemaValue::BitString { bits, len }) = (named_bits, v) {
                    let used = SchemaValue::significant_bits(bits, *len);
                    let reach = i128::try_from(used).is_ok_and(|u| s.0.last().is_some_and(|r| r.1 >= u));
                    return (!reach).then_some("X.680 51.5");
                }
                let n = size_of(v)?;
                (!i128::try_from(n).is_ok_and(|n| s.contains(n))).then_some("X.680 51.5")
            }
            Exact::From(s) => match v {
                SchemaValue::String(t) => {
                    t.chars().any(|c| !s.contains(i128::from(u32::from(c)))).then_some("X.680 51.7")
                }
                _ => None,
            },
            Exact::Pattern(p) => match v {
                SchemaValue::String(t) => (!p.is_match(t)).then_some("X.680 51.9"),
                _ => None,
            },
            Exact::All(v2) => v2.iter().find_map(|x| x.fails_as(v, named_bits)),
            Exact::Any(v2) => {
                let mut clause = None;
                for x in v2 {
                    match x.fails_as(v, named_bits) {
                        None => return None,
                        Some(c) => {
                            clause = match clause {
                                None => Some(c),
                                Some(o) if o == c => Some(c),
                                Some(_) => Some("X.680 50"),
                            }
                        }
                    }
                }
                clause.or(Some("X.680 50"))
            }
            Exact::Not(x) => x.fails_as(v, named_bits).is_none().then_some("X.680 50"),
        }
    }

    /// The message for a value `v` outside the set.
    #[must_use]
    pub fn message(&self, v: &SchemaValue) -> String {
        let what = match (self, v) {
            (Exact::Size(_), _) => format!("size {}", size_of(v).unwrap_or(0)),
            _ => show(v),
        };
        format!("{what} is not in the root of the constraint ({self})")
    }
}

/// What an element set constrains: the values of a type, the sizes inside SIZE, or the
/// characters inside FROM.
#[derive(Clone, Copy)]
enum Ctx {
    Type(TypeId),
    Size,
    Chars,
}

/// Whether the hull of `constraints.rs` is already exact for a root (so no exact check is
/// compiled for it): value ranges of an INTEGER, SIZE ranges, FROM sets of a known-multiplier
/// string, and intersections of those.
pub(super) fn plain(es: &ElementSet, kind: &Kind) -> bool {
    match es {
        ElementSet::Element(e) => match e {
            Element::Value(_) | Element::Range(..) => matches!(kind, Kind::Integer(_)),
            Element::Size(c) => match &**c {
                Constraint::Set { root, extensible, .. } => *extensible || plain_int(root),
                _ => true,
            },
            Element::From(c) => match &**c {
                Constraint::Set { root, extensible: false, .. } => {
                    matches!(kind, Kind::String(s) if known_multiplier(*s)) && plain_chars(root)
                }
                _ => true,
            },
            Element::Nested(c) => match &**c {
                Constraint::Set { root, extensible: false, .. } => plain(root, kind),
                _ => true,
            },
            Element::Inner(_) | Element::Other(_) => true,
            Element::Type(_) | Element::Pattern(..) => false,
        },
        ElementSet::Intersection(p) => p.iter().all(|x| plain(x, kind)),
        ElementSet::Union(_) | ElementSet::Except(..) | ElementSet::AllExcept(_) => false,
    }
}

fn plain_int(es: &ElementSet) -> bool {
    match es {
        ElementSet::Element(Element::Value(_) | Element::Range(..)) => true,
        ElementSet::Element(Element::Nested(c)) => {
            matches!(&**c, Constraint::Set { root, extensible: false, .. } if plain_int(root))
        }
        ElementSet::Intersection(p) => p.iter().all(plain_int),
        _ => false,
    }
}

fn plain_chars(es: &ElementSet) -> bool {
    match es {
        ElementSet::Element(Element::Value(_) | Element::Range(..)) => true,
        ElementSet::Element(Element::Nested(c)) => {
            matches!(&**c, Constraint::Set { root, extensible: false, .. } if plain_chars(root))
        }
        ElementSet::Intersection(p) | ElementSet::Union(p) => p.iter().all(plain_chars),
        _ => false,
    }
}

impl Schema {
    /// The exact check for root `es` of a constraint on type `id`, or `None` when the hull
    /// already is exact or nothing can be said.
    pub(super) fn exact_check(
        &self,
        module: usize,
        id: TypeId,
        es: &ElementSet,
    ) -> Result<Option<Exact>, NotationError> {
        let Some(x) = self.exact_set(module, Ctx::Type(id), es, 0)? else { return Ok(None) };
        Ok((!self.hull_is(module, id, es, &x)).then_some(x))
    }

    /// Whether the hull of `es` on `id` says exactly `x`.
    fn hull_is(&self, module: usize, id: TypeId, es: &ElementSet, x: &Exact) -> bool {
        let kind = &self.types[id.0].kind;
        let iv = |i: super::Interval| {
            (!i.extensible).then(|| IntSet::range(i.lb.unwrap_or(i128::MIN), i.ub.unwrap_or(i128::MAX)))
        };
        let one = |x: &Exact| match x {
            Exact::Int(s) => match kind {
                Kind::Integer(named) => {
                    self.eval_value(module, es, named, 0).and_then(iv).as_ref() == Some(s)
                }
                _ => false,
            },
            Exact::Size(s) => {
                matches!(
                    kind,
                    Kind::String(_)
                        | Kind::BitString(_)
                        | Kind::OctetString
                        | Kind::SequenceOf(_)
                        | Kind::SetOf(_)
                ) && self.eval_size(module, es, 0).and_then(iv).is_some_and(|h| {
                    h.intersect(&IntSet::range(0, i128::MAX)) == s.intersect(&IntSet::range(0, i128::MAX))
                })
            }
            Exact::From(s) => match (kind, self.eval_alpha(es, 0)) {
                (Kind::String(k), Some(Some(a))) if known_multiplier(*k) => {
                    IntSet::normal(
                        a.iter().map(|c| (i128::from(u32::from(*c)), i128::from(u32::from(*c)))).collect(),
                    ) == *s
                }
                _ => false,
            },
            _ => false,
        };
        match x {
            Exact::All(v) => v.iter().all(one),
            x => one(x),
        }
    }

    fn exact_set(
        &self,
        module: usize,
        ctx: Ctx,
        es: &ElementSet,
        depth: usize,
    ) -> Result<Option<Exact>, NotationError> {
        if depth > crate::MAX_DEPTH {
            return Ok(None);
        }
        Ok(match es {
            ElementSet::Element(e) => self.exact_element(module, ctx, e, depth)?,
            ElementSet::Union(parts) => {
                let mut v = Vec::with_capacity(parts.len());
                for p in parts {
                    match self.exact_set(module, ctx, p, depth + 1)? {
                        Some(x) => v.push(x),
                        None => return Ok(None),
                    }
                }
                Some(Exact::any(v))
            }
            ElementSet::Intersection(parts) => {
                let mut v = Vec::with_capacity(parts.len());
                for p in parts {
                    v.extend(self.exact_set(module, ctx, p, depth + 1)?);
                }
                (!v.is_empty()).then(|| Exact::all(v))
            }
            ElementSet::Except(a, b) => {
                let a = self.exact_set(module, ctx, a, depth + 1)?;
                match self.exact_set(module, ctx, b, depth + 1)? {
                    // An exclusion that says nothing we understand excludes nothing here.
                    None => a,
                    Some(b) => Some(match a {
                        Some(a) => Exact::all(vec![a, Exact::not(b)]),
                        None => Exact::not(b),
                    }),
                }
            }
            ElementSet::AllExcept(b) => self.exact_set(module, ctx, b, depth + 1)?.map(Exact::not),
        }
        .map(|x| match (ctx, x) {
            // Sets inside SIZE and FROM stay sets of integers / characters.
            (Ctx::Size | Ctx::Chars, Exact::Not(b)) => match *b {
                Exact::Int(s) => Exact::Int(s.complement()),
                b => Exact::Not(Box::new(b)),
            },
            (_, x) => x,
        }))
    }

    fn exact_element(
        &self,
        module: usize,
        ctx: Ctx,
        e: &Element,
        depth: usize,
    ) -> Result<Option<Exact>, NotationError> {
        let named: &[(String, i128)] = match ctx {
            Ctx::Type(id) => match &self.types[id.0].kind {
                Kind::Integer(n) => n,
                _ => &[],
            },
            _ => &[],
        };
        let is_int = match ctx {
            Ctx::Type(id) => matches!(self.types[id.0].kind, Kind::Integer(_)),
            Ctx::Size => true,
            Ctx::Chars => false,
        };
        Ok(match e {
            Element::Value(v) if is_int => {
                self.int_in(module, v, named).map(|x| Exact::Int(IntSet::range(x, x)))
            }
            Element::Range(lo, hi) if is_int => {
                let (Some(lb), Some(ub)) =
                    (self.bound_in(module, lo, named), self.bound_in(module, hi, named))
                else {
                    return Ok(None);
                };
                // X.680 51.4.4: `<` excludes the end point.
                let lb = if matches!(lo, Bound::Value(_, true)) { lb.saturating_add(1) } else { lb };
                let ub = if matches!(hi, Bound::Value(_, true)) { ub.saturating_sub(1) } else { ub };
                Some(Exact::Int(IntSet::range(lb, ub)))
            }
            Element::Value(v) => match ctx {
                Ctx::Chars => self.cstring(v).map(|s| {
                    Exact::Int(IntSet::normal(
                        s.chars().map(|c| (i128::from(u32::from(c)), i128::from(u32::from(c)))).collect(),
                    ))
                }),
                Ctx::Type(id) => {
                    let named_bits = matches!(&self.types[id.0].kind, Kind::BitString(n) if !n.is_empty());
                    self.value_from_ast(module, id, v).ok().map(|x| Exact::Equal(x, named_bits))
                }
                Ctx::Size => None,
            },
            Element::Range(Bound::Value(a, false), Bound::Value(b, false)) if matches!(ctx, Ctx::Chars) => {
                let one = |v: &ValueAst| {
                    let s = self.cstring(v)?;
                    let mut it = s.chars();
                    let c = it.next()?;
                    it.next().is_none().then_some(i128::from(u32::from(c)))
                };
                one(a).zip(one(b)).map(|(a, b)| Exact::Int(IntSet::range(a, b)))
            }
            Element::Range(..) => None,
            Element::Size(c) => match (&**c, ctx) {
                (Constraint::Set { root, extensible: false, .. }, Ctx::Type(_)) => {
                    match self.exact_set(module, Ctx::Size, root, depth + 1)? {
                        Some(Exact::Int(s)) => Some(Exact::Size(s.intersect(&IntSet::range(0, i128::MAX)))),
                        _ => None,
                    }
                }
                _ => None,
            },
            Element::From(c) => match (&**c, ctx) {
                (Constraint::Set { root, extensible: false, .. }, Ctx::Type(_)) => {
                    match self.exact_set(module, Ctx::Chars, root, depth + 1)? {
                        Some(Exact::Int(s)) => Some(Exact::From(s)),
                        _ => None,
                    }
                }
                _ => None,
            },
            Element::Nested(c) => match &**c {
                Constraint::Set { root, extensible: false, .. } => {
                    self.exact_set(module, ctx, root, depth + 1)?
                }
                _ => None,
            },
            Element::Type(t) => match ctx {
                Ctx::Type(_) | Ctx::Size => self.contained(ctx, t, depth + 1)?,
                Ctx::Chars => None,
            },
            Element::Pattern(v, offset) => {
                let Some(src) = self.cstring(v) else {
                    return Err(self.err(
                        module,
                        *offset,
                        R_PATTERN,
                        "PATTERN takes a character string value",
                    ));
                };
                match Pattern::new(&src) {
                    Ok(p) => match ctx {
                        Ctx::Type(id) if matches!(self.types[id.0].kind, Kind::String(_)) => {
                            Some(Exact::Pattern(Box::new(p)))
                        }
                        _ => {
                            return Err(self.err(
                                module,
                                *offset,
                                R_PATTERN,
                                "PATTERN applies to character string types",
                            ));
                        }
                    },
                    Err(m) => {
                        return Err(self.err(module, *offset, R_PATTERN, format!("PATTERN {src:?}: {m}")));
                    }
                }
            }
            Element::Inner(_) | Element::Other(_) => None,
        })
    }

    /// A contained subtype (X.680 51.3): the constraints of the type referenced (and of the
    /// types it references in turn), all of which hold.
    fn contained(
        &self,
        ctx: Ctx,
        t: &crate::parser::ast::TypeAst,
        depth: usize,
    ) -> Result<Option<Exact>, NotationError> {
        if depth > crate::MAX_DEPTH {
            return Ok(None);
        }
        let TypeKindAst::Reference { name, .. } = &t.kind else { return Ok(None) };
        let Some((m, ast, _)) = self.type_asts.get(name) else { return Ok(None) };
        let mut v = Vec::new();
        for c in &ast.constraints {
            if let Constraint::Set { root, extensible: false, .. } = c {
                v.extend(self.exact_set(*m, ctx, root, depth + 1)?);
            }
        }
        v.extend(self.contained(ctx, ast, depth + 1)?);
        Ok((!v.is_empty()).then(|| Exact::all(v)))
    }

    fn bound_in(&self, module: usize, b: &Bound, named: &[(String, i128)]) -> Option<i128> {
        match b {
            Bound::Min => Some(i128::MIN),
            Bound::Max => Some(i128::MAX),
            Bound::Value(v, _) => self.int_in(module, v, named),
        }
    }

    /// A cstring, directly or through a value reference.
    pub(super) fn cstring(&self, v: &ValueAst) -> Option<String> {
        match v {
            ValueAst::CString(s) => Some(s.clone()),
            ValueAst::Ident(n) => match self.value_ast(n)? {
                ValueAst::CString(s) => Some(s.clone()),
                _ => None,
            },
            _ => None,
        }
    }
}
