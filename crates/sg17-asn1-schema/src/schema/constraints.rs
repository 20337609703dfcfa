//! Effective constraints (X.680 49-51) and their PER visibility (X.691 10.3).

use super::{Kind, Schema, Ty};
use crate::error::NotationError;
use crate::parser::ast::{Bound, Constraint, Element, ElementSet, StringType, ValueAst};
use core::fmt;

/// An integer interval; `None` bounds are MIN / MAX.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Interval {
    /// Lower bound.
    pub lb: Option<i128>,
    /// Upper bound.
    pub ub: Option<i128>,
    /// Whether the constraint has an extension marker (X.691 10.3: values outside the root
    /// are then encoded after an extension bit).
    pub extensible: bool,
}

impl Interval {
    fn hull(a: Interval, b: Interval) -> Interval {
        Interval {
            lb: a.lb.zip(b.lb).map(|(x, y)| x.min(y)),
            ub: a.ub.zip(b.ub).map(|(x, y)| x.max(y)),
            extensible: a.extensible || b.extensible,
        }
    }

    fn intersect(a: Interval, b: Interval) -> Interval {
        Interval {
            lb: match (a.lb, b.lb) {
                (Some(x), Some(y)) => Some(x.max(y)),
                (x, y) => x.or(y),
            },
            ub: match (a.ub, b.ub) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            },
            extensible: a.extensible && b.extensible,
        }
    }

    /// Whether `v` is inside the bounds.
    #[must_use]
    #[inline]
    pub fn contains(&self, v: i128) -> bool {
        self.lb.is_none_or(|l| v >= l) && self.ub.is_none_or(|u| v <= u)
    }

    /// Both bounds, when the interval is finite.
    #[must_use]
    #[inline]
    pub fn bounded(&self) -> Option<(i128, i128)> {
        self.lb.zip(self.ub)
    }
}

/// The PER-visible constraints of a type (X.691 10.3).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Constraints {
    /// Value range of an INTEGER.
    pub value: Option<Interval>,
    /// Size (length) range of a string, BIT/OCTET STRING, SEQUENCE OF or SET OF.
    pub size: Option<Interval>,
    /// Effective permitted alphabet of a known-multiplier character string, sorted.
    pub alphabet: Option<Vec<char>>,
}

impl fmt::Display for Constraints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let iv = |i: &Interval| {
            let b = |x: Option<i128>, d: &str| x.map_or(d.to_owned(), |v| v.to_string());
            let r = if i.lb.is_some() && i.lb == i.ub {
                b(i.lb, "")
            } else {
                format!("{}..{}", b(i.lb, "MIN"), b(i.ub, "MAX"))
            };
            if i.extensible { format!("{r}, ...") } else { r }
        };
        if let Some(v) = &self.value {
            write!(f, " ({})", iv(v))?;
        }
        if let Some(s) = &self.size {
            write!(f, " (SIZE({}))", iv(s))?;
        }
        if let Some(a) = &self.alphabet {
            let s: String = a.iter().take(40).collect();
            write!(f, " (FROM({s:?}{}))", if a.len() > 40 { "..." } else { "" })?;
        }
        Ok(())
    }
}

/// Result of evaluating an element set in one dimension: `None` = not constrained in that
/// dimension (or not PER-visible).
type Dim<T> = Option<T>;

impl Schema {
    pub(super) fn apply_constraints(
        &self,
        module: usize,
        t: &mut Ty,
        cs: &[Constraint],
    ) -> Result<(), NotationError> {
        for c in cs {
            let Constraint::Set { root, extensible, .. } = c else { continue };
            // Inner subtyping is checked against values, not encoded (X.691 10.3); the
            // constraint is compiled once every type is (see `inner.rs`). In an extensible
            // constraint, values outside the root are extension values, so it is not kept.
            if !*extensible && super::inner::has_inner(root) {
                t.inner.push((module, (**root).clone()));
            }
            // Roots the hull below would not give exactly get an exact check (`exact.rs`).
            if !*extensible && !super::exact::plain(root, &t.kind) {
                t.exact.push((module, (**root).clone()));
            }
            match &t.kind {
                Kind::Integer(named) => {
                    if let Some(mut r) = self.eval_value(module, root, named, 0) {
                        r.extensible = *extensible;
                        t.constraints.value = Some(match t.constraints.value {
                            Some(old) => Interval { extensible: *extensible, ..Interval::intersect(old, r) },
                            None => r,
                        });
                    }
                }
                Kind::String(_)
                | Kind::BitString(_)
                | Kind::OctetString
                | Kind::SequenceOf(_)
                | Kind::SetOf(_) => {
                    if let Some(mut r) = self.eval_size(module, root, 0) {
                        r.extensible |= *extensible;
                        t.constraints.size = Some(match t.constraints.size {
                            Some(old) => Interval { extensible: r.extensible, ..Interval::intersect(old, r) },
                            None => r,
                        });
                    }
                    // X.691 10.3.11: an extensible permitted alphabet is not PER-visible.
                    if let Kind::String(s) = &t.kind
                        && !*extensible
                        && known_multiplier(*s)
                        && let Some(Some(mut a)) = self.eval_alpha(root, 0)
                    {
                        a.sort_unstable();
                        a.dedup();
                        t.constraints.alphabet = Some(match &t.constraints.alphabet {
                            Some(old) => a.into_iter().filter(|c| old.contains(c)).collect(),
                            None => a,
                        });
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    pub(super) fn bound(&self, module: usize, b: &Bound, named: &[(String, i128)]) -> Option<Option<i128>> {
        match b {
            Bound::Min | Bound::Max => Some(None),
            Bound::Value(v, _) => Some(Some(self.int_in(module, v, named)?)),
        }
    }

    pub(super) fn int_in(&self, module: usize, v: &ValueAst, named: &[(String, i128)]) -> Option<i128> {
        if let ValueAst::Ident(n) = v
            && let Some((_, x)) = named.iter().find(|(m, _)| m == n)
        {
            return Some(*x);
        }
        self.int_value(module, v)
    }

    /// Value range of an element set (X.680 51.2, 51.4); `None` when not PER-visible.
    pub(super) fn eval_value(
        &self,
        module: usize,
        es: &ElementSet,
        named: &[(String, i128)],
        depth: usize,
    ) -> Dim<Interval> {
        if depth > 64 {
            return None;
        }
        match es {
            ElementSet::Element(e) => match e {
                Element::Value(v) => self.int_in(module, v, named).map(|x| Interval {
                    lb: Some(x),
                    ub: Some(x),
                    extensible: false,
                }),
                Element::Range(lo, hi) => {
                    let mut lb = self.bound(module, lo, named)?;
                    let mut ub = self.bound(module, hi, named)?;
                    if let Bound::Value(_, true) = lo {
                        lb = lb.map(|x| x + 1);
                    }
                    if let Bound::Value(_, true) = hi {
                        ub = ub.map(|x| x - 1);
                    }
                    Some(Interval { lb, ub, extensible: false })
                }
                Element::Nested(c) => match &**c {
                    Constraint::Set { root, .. } => self.eval_value(module, root, named, depth + 1),
                    _ => None,
                },
                Element::Type(t) => {
                    let (_, ast, _) = match &t.kind {
                        crate::parser::ast::TypeKindAst::Reference { name, .. } => {
                            self.type_asts.get(name)?
                        }
                        _ => return None,
                    };
                    let mut v: Option<Interval> = None;
                    for c in &ast.constraints {
                        if let Constraint::Set { root, .. } = c {
                            let r = self.eval_value(module, root, named, depth + 1)?;
                            v = Some(v.map_or(r, |o| Interval::intersect(o, r)));
                        }
                    }
                    v
                }
                _ => None,
            },
            ElementSet::Union(parts) => {
                let mut acc: Option<Interval> = None;
                for p in parts {
                    let r = self.eval_value(module, p, named, depth + 1)?;
                    acc = Some(acc.map_or(r, |a| Interval::hull(a, r)));
                }
                acc
            }
            ElementSet::Intersection(parts) => {
                let mut acc: Option<Interval> = None;
                for p in parts {
                    if let Some(r) = self.eval_value(module, p, named, depth + 1) {
                        acc = Some(acc.map_or(r, |a| Interval::intersect(a, r)));
                    }
                }
                acc
            }
            ElementSet::Except(a, _) => self.eval_value(module, a, named, depth + 1),
            ElementSet::AllExcept(_) => None,
        }
    }

    /// Size range of an element set (X.680 51.5).
    pub(super) fn eval_size(&self, module: usize, es: &ElementSet, depth: usize) -> Dim<Interval> {
        if depth > 64 {
            return None;
        }
        match es {
            ElementSet::Element(e) => match e {
                Element::Size(c) => match &**c {
                    Constraint::Set { root, extensible, .. } => {
                        let mut r = self.eval_value(module, root, &[], depth + 1)?;
                        r.extensible = *extensible;
                        if r.lb.is_none() {
                            r.lb = Some(0);
                        }
                        Some(r)
                    }
                    _ => None,
                },
                Element::Value(ValueAst::CString(s)) => {
                    let n = i128::try_from(s.chars().count()).ok()?;
                    Some(Interval { lb: Some(n), ub: Some(n), extensible: false })
                }
                Element::Nested(c) => match &**c {
                    Constraint::Set { root, .. } => self.eval_size(module, root, depth + 1),
                    _ => None,
                },
                _ => None,
            },
            ElementSet::Union(parts) => {
                let mut acc: Option<Interval> = None;
                for p in parts {
                    let r = self.eval_size(module, p, depth + 1)?;
                    acc = Some(acc.map_or(r, |a| Interval::hull(a, r)));
                }
                acc
            }
            ElementSet::Intersection(parts) => {
                let mut acc: Option<Interval> = None;
                for p in parts {
                    if let Some(r) = self.eval_size(module, p, depth + 1) {
                        acc = Some(match acc {
                            Some(a) => Interval {
                                extensible: a.extensible || r.extensible,
                                ..Interval::intersect(a, r)
                            },
                            None => r,
                        });
                    }
                }
                acc
            }
            ElementSet::Except(a, _) => self.eval_size(module, a, depth + 1),
            ElementSet::AllExcept(_) => None,
        }
    }

    /// Permitted alphabet (X.680 51.7). Outer `None`: not constrained in this dimension;
    /// `Some(None)`: constrained but not PER-visible.
    pub(super) fn eval_alpha(&self, es: &ElementSet, depth: usize) -> Option<Option<Vec<char>>> {
        if depth > 64 {
            return Some(None);
        }
        match es {
            ElementSet::Element(Element::From(c)) => match &**c {
                Constraint::Set { root, extensible: false, .. } => Some(self.chars(root, depth + 1)),
                _ => Some(None),
            },
            ElementSet::Element(Element::Nested(c)) => match &**c {
                Constraint::Set { root, extensible: false, .. } => self.eval_alpha(root, depth + 1),
                _ => Some(None),
            },
            ElementSet::Element(_) => None,
            ElementSet::Union(parts) => {
                let mut acc = Vec::new();
                for p in parts {
                    match self.eval_alpha(p, depth + 1) {
                        Some(Some(a)) => acc.extend(a),
                        _ => return Some(None),
                    }
                }
                Some(Some(acc))
            }
            ElementSet::Intersection(parts) => {
                let mut acc: Option<Vec<char>> = None;
                for p in parts {
                    match self.eval_alpha(p, depth + 1) {
                        Some(Some(a)) => {
                            acc = Some(
                                acc.map_or(a.clone(), |o| o.into_iter().filter(|c| a.contains(c)).collect()),
                            )
                        }
                        Some(None) => return Some(None),
                        None => {}
                    }
                }
                acc.map(Some)
            }
            ElementSet::Except(a, _) => self.eval_alpha(a, depth + 1),
            ElementSet::AllExcept(_) => Some(None),
        }
    }

    /// Characters of the element set inside FROM: strings and character ranges.
    fn chars(&self, es: &ElementSet, depth: usize) -> Option<Vec<char>> {
        if depth > 64 {
            return None;
        }
        let string = |v: &ValueAst| self.cstring(v);
        match es {
            ElementSet::Element(Element::Value(v)) => Some(string(v)?.chars().collect()),
            ElementSet::Element(Element::Range(Bound::Value(a, false), Bound::Value(b, false))) => {
                let (a, b) = (string(a)?, string(b)?);
                let (a, b) = (single(&a)?, single(&b)?);
                if (b as u32).saturating_sub(a as u32) > 0x10_FFFF {
                    return None;
                }
                Some((a..=b).collect())
            }
            ElementSet::Element(Element::Nested(c)) => match &**c {
                Constraint::Set { root, .. } => self.chars(root, depth + 1),
                _ => None,
            },
            ElementSet::Union(parts) => {
                let mut acc = Vec::new();
                for p in parts {
                    acc.extend(self.chars(p, depth + 1)?);
                }
                Some(acc)
            }
            ElementSet::Intersection(parts) => {
                let mut acc: Option<Vec<char>> = None;
                for p in parts {
                    let a = self.chars(p, depth + 1)?;
                    acc = Some(acc.map_or(a.clone(), |o| o.into_iter().filter(|c| a.contains(c)).collect()));
                }
                acc
            }
            _ => None,
        }
    }
}

fn single(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// Known-multiplier character string types (X.691 3.7.16, clause 30).
#[must_use]
pub fn known_multiplier(s: StringType) -> bool {
    matches!(
        s,
        StringType::Numeric
            | StringType::Printable
            | StringType::Visible
            | StringType::Ia5
            | StringType::Bmp
            | StringType::Universal
            | StringType::UtcTime
            | StringType::GeneralizedTime
    )
}
