//! Inner subtyping (X.680 51.8): `WITH COMPONENT` and `WITH COMPONENTS`, compiled once the
//! types are and checked against values on encoding and decoding. They are not PER-visible
//! (X.691 10.3), so no encoding depends on them; a value that breaks one is still an error.

use super::{Constraints, Exact, Field, Kind, Schema, Ty, TypeId};
use crate::error::{CodecError, NotationError};
use crate::parser::ast::{Constraint, Element, ElementSet, InnerAst, PresenceConstraint};
use crate::value::{Name, SchemaValue, char_count};

const R_INNER: &str = "X.680 51.8 InnerTypeConstraints";

/// A compiled inner subtype constraint of a type.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueCheck {
    /// Every one holds (serial constraints, INTERSECTION).
    All(Vec<ValueCheck>),
    /// At least one holds (UNION).
    Any(Vec<ValueCheck>),
    /// WITH COMPONENTS on a SEQUENCE, SET or CHOICE value.
    Components {
        /// PartialSpecification: components not named are not constrained. In a
        /// FullSpecification they must be absent (X.680 51.8.8).
        partial: bool,
        /// The named components.
        items: Vec<ComponentCheck>,
    },
    /// WITH COMPONENT: every element of a SEQUENCE OF or SET OF value.
    EachElement(Box<ValueCheck>),
    /// The value range, size and permitted alphabet a ValueConstraint of a component gives,
    /// evaluated as the effective constraint of the component's type would be.
    Bounds(Constraints),
    /// The exact root of a ValueConstraint of a component where those bounds are not exact.
    Exact(Exact),
}

/// One NamedConstraint of WITH COMPONENTS, resolved against the type's components.
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentCheck {
    /// The component or alternative.
    pub name: Name,
    /// Its type.
    pub ty: TypeId,
    /// PRESENT, ABSENT or OPTIONAL as written; in a FullSpecification an empty
    /// PresenceConstraint on a SEQUENCE or SET component means PRESENT.
    pub presence: Option<PresenceConstraint>,
    /// The ValueConstraint, if any.
    pub value: Option<ValueCheck>,
}

/// Whether an element set holds an inner subtype constraint anywhere.
pub(super) fn has_inner(es: &ElementSet) -> bool {
    match es {
        ElementSet::Element(Element::Inner(_)) => true,
        ElementSet::Element(Element::Nested(c)) => {
            matches!(&**c, Constraint::Set { root, extensible: false, .. } if has_inner(root))
        }
        ElementSet::Union(p) | ElementSet::Intersection(p) => p.iter().any(has_inner),
        ElementSet::Except(a, _) => has_inner(a),
        _ => false,
    }
}

/// One check out of several that must all hold.
fn all_of(mut v: Vec<ValueCheck>) -> Option<ValueCheck> {
    match v.len() {
        0 => None,
        1 => v.pop(),
        _ => Some(ValueCheck::All(v)),
    }
}

impl Schema {
    /// Compiles the inner subtype constraints recorded on each type, and marks the types
    /// whose values (or values inside them) have some to check.
    pub(super) fn compile_checks(&mut self) -> Result<(), NotationError> {
        let n = self.types.len();
        let mut checks = Vec::with_capacity(n);
        for i in 0..n {
            let mut all = Vec::new();
            for (module, es) in &self.types[i].inner {
                if let Some(c) = self.inner_check(*module, TypeId(i), es, 0)? {
                    all.push(c);
                }
            }
            checks.push(all_of(all));
        }
        let mut exact = Vec::with_capacity(n);
        for i in 0..n {
            let mut all = Vec::new();
            for (module, es) in &self.types[i].exact {
                all.extend(self.exact_check(*module, TypeId(i), es)?);
            }
            exact.push(match all.len() {
                0 => None,
                1 => all.pop(),
                _ => Some(Exact::All(all)),
            });
        }
        let inner: Vec<bool> = checks.iter().map(Option::is_some).collect();
        let bounds: Vec<bool> = self.types.iter().map(|t| t.constraints != Constraints::default()).collect();
        let has_exact: Vec<bool> = exact.iter().map(Option::is_some).collect();
        self.checks = checks;
        self.exact = exact;
        self.needs_check = self.closure(inner);
        self.needs_bounds = self.closure(bounds);
        self.needs_exact = self.closure(has_exact);
        Ok(())
    }

    /// `marked` extended to every type that contains a marked type: a fixpoint over the
    /// component graph (recursive types included).
    fn closure(&self, mut marked: Vec<bool>) -> Vec<bool> {
        let mut changed = marked.iter().any(|x| *x);
        while changed {
            changed = false;
            for i in 0..marked.len() {
                if !marked[i] && self.children(TypeId(i)).any(|c| marked[c.0]) {
                    marked[i] = true;
                    changed = true;
                }
            }
        }
        marked
    }

    /// Types of the components, alternatives or elements of type `id`.
    fn children(&self, id: TypeId) -> Box<dyn Iterator<Item = TypeId> + '_> {
        match &self.types[id.0].kind {
            Kind::Sequence(f) | Kind::Set(f) => Box::new(f.textual().map(|x| x.ty)),
            Kind::Choice { root, additions, .. } => Box::new(root.iter().chain(additions).map(|x| x.ty)),
            Kind::SequenceOf(e) | Kind::SetOf(e) => Box::new(std::iter::once(*e)),
            _ => Box::new(std::iter::empty()),
        }
    }

    /// The inner subtype constraint that element set `es` puts on values of type `id`, or
    /// `None` if it puts none (a union with a part that is not an inner constraint is taken
    /// as no constraint here: its other dimensions are the effective constraint's business).
    fn inner_check(
        &self,
        module: usize,
        id: TypeId,
        es: &ElementSet,
        depth: usize,
    ) -> Result<Option<ValueCheck>, NotationError> {
        if depth > crate::MAX_DEPTH {
            return Ok(None);
        }
        let kind = &self.types[id.0].kind;
        match es {
            ElementSet::Element(Element::Inner(InnerAst::Component { constraint: c, offset })) => {
                let (Kind::SequenceOf(e) | Kind::SetOf(e)) = kind else {
                    return Err(self.err(
                        module,
                        *offset,
                        R_INNER,
                        "WITH COMPONENT applies to SEQUENCE OF or SET OF",
                    ));
                };
                Ok(self.constraint_check(module, *e, c, depth)?.map(|c| ValueCheck::EachElement(Box::new(c))))
            }
            ElementSet::Element(Element::Inner(InnerAst::Components { partial, items, offset })) => {
                let fields: Vec<&Field> = match kind {
                    Kind::Sequence(f) | Kind::Set(f) => f.textual().collect(),
                    Kind::Choice { root, additions, .. } => root.iter().chain(additions).collect(),
                    _ => {
                        return Err(self.err(
                            module,
                            *offset,
                            R_INNER,
                            "WITH COMPONENTS applies to SEQUENCE, SET or CHOICE",
                        ));
                    }
                };
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    let Some(f) = fields.iter().find(|f| *f.name == *it.name) else {
                        return Err(self.err(
                            module,
                            it.offset,
                            R_INNER,
                            format!(
                                "WITH COMPONENTS names `{}`, which is not a component of the type",
                                it.name
                            ),
                        ));
                    };
                    let value = match &it.value {
                        Some(c) => self.constraint_check(module, f.ty, c, depth)?,
                        None => None,
                    };
                    out.push(ComponentCheck { name: f.name.clone(), ty: f.ty, presence: it.presence, value });
                }
                Ok(Some(ValueCheck::Components { partial: *partial, items: out }))
            }
            ElementSet::Element(Element::Nested(c)) => match &**c {
                Constraint::Set { root, extensible: false, .. } => {
                    self.inner_check(module, id, root, depth + 1)
                }
                _ => Ok(None),
            },
            ElementSet::Union(parts) => {
                let mut any = Vec::with_capacity(parts.len());
                for p in parts {
                    match self.inner_check(module, id, p, depth + 1)? {
                        Some(c) => any.push(c),
                        None => return Ok(None),
                    }
                }
                Ok(Some(ValueCheck::Any(any)))
            }
            ElementSet::Intersection(parts) => {
                let mut all = Vec::new();
                for p in parts {
                    all.extend(self.inner_check(module, id, p, depth + 1)?);
                }
                Ok(all_of(all))
            }
            ElementSet::Except(a, _) => self.inner_check(module, id, a, depth + 1),
            _ => Ok(None),
        }
    }

    /// The check a ValueConstraint `c` on a component of type `ty` makes: the bounds it gives
    /// as an effective constraint, and any inner constraint nested in it. An extensible one
    /// checks nothing (values outside its root are extension values).
    fn constraint_check(
        &self,
        module: usize,
        ty: TypeId,
        c: &Constraint,
        depth: usize,
    ) -> Result<Option<ValueCheck>, NotationError> {
        let Constraint::Set { root, extensible: false, .. } = c else { return Ok(None) };
        let mut t = Ty {
            name: None,
            tags: Vec::new(),
            kind: self.types[ty.0].kind.clone(),
            constraints: Constraints::default(),
            table: None,
            containing: None,
            inner: Vec::new(),
            exact: Vec::new(),
        };
        self.apply_constraints(module, &mut t, std::slice::from_ref(c))?;
        let mut all = Vec::new();
        if t.constraints != Constraints::default() {
            all.push(ValueCheck::Bounds(t.constraints));
        }
        for (m, es) in &t.exact {
            all.extend(self.exact_check(*m, ty, es)?.map(ValueCheck::Exact));
        }
        if has_inner(root) {
            all.extend(self.inner_check(module, ty, root, depth + 1)?);
        }
        Ok(all_of(all))
    }

    /// Checks `v`, a value of type `id`, against the inner subtype constraints (X.680 51.8) and
    /// the exact constraint roots ([`Schema::exact_check_of`], X.680 50-51) of its type and of
    /// the types inside it. [`Schema::encode`] and [`Schema::decode`] call it; the codecs
    /// check the PER-visible constraints themselves. Open types and contained
    /// values are not entered.
    ///
    /// ```
    /// use sg17_asn1_schema::{Schema, SchemaValue};
    /// let s = Schema::from_source(
    ///     "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
    ///      P ::= SEQUENCE { a INTEGER OPTIONAL, b INTEGER OPTIONAL }
    ///      OneOf ::= P (WITH COMPONENTS { ..., a PRESENT, b ABSENT } | WITH COMPONENTS { ..., a ABSENT, b PRESENT })
    ///      END", "m")?;
    /// let id = s.type_id("OneOf").unwrap();
    /// let both = s.value_from_notation("P", "{ a 1, b 2 }")?;
    /// assert!(s.check_value(id, &both).is_err());
    /// let one = s.value_from_notation("P", "{ b 2 }")?;
    /// assert!(s.check_value(id, &one).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// The first constraint broken, with the path of the component that breaks it.
    pub fn check_value(&self, id: TypeId, v: &SchemaValue) -> Result<(), CodecError> {
        self.walk_checks(id, v, Walk { inner: true, bounds: false, exact: true }, 0)
            .map_err(|e| CodecError { rules: "value", ..e })
    }

    /// Checks what the codec of `rules` does not check itself: the inner subtype constraints
    /// (unless turned off), the exact constraint roots, and except in PER, whose codec checks
    /// them as it encodes and decodes, the effective value range, size and permitted alphabet
    /// (X.680 51.2-51.7).
    /// BER, CER, DER, JER and XER encodings do not depend on them, and OER uses only some.
    pub(crate) fn check_for_rules(
        &self,
        id: TypeId,
        v: &SchemaValue,
        rules: crate::Rules,
    ) -> Result<(), CodecError> {
        use crate::Rules::{Aper, Caper, Cuper, Uper};
        // `walk_checks` narrows these to what `id` has, and returns at once if nothing.
        // The exact constraint roots are checked in every rule: PER encodes with the hull
        // (X.691 10.3), so a value inside the hull but outside the root encodes, but is not
        // a value of the type.
        let walk = Walk {
            inner: !self.skip_inner_checks,
            bounds: !matches!(rules, Uper | Aper | Cuper | Caper),
            exact: true,
        };
        self.walk_checks(id, v, walk, 0).map_err(|e| CodecError { rules: rules.name(), ..e })
    }

    /// Turns the checking of inner subtype constraints by [`Schema::encode`] and
    /// [`Schema::decode`] on or off; it is on by default. They do not change any encoding,
    /// so off is for reading data from producers that ignore them, and for testing encodings
    /// of values generated without regard to them (as asn1tools generates them).
    pub fn set_inner_checks(&mut self, on: bool) {
        self.skip_inner_checks = !on;
    }

    /// Whether values of `id` have inner subtype constraints to check.
    fn needs_check(&self, id: TypeId) -> bool {
        self.needs_check.get(id.0).copied().unwrap_or(false)
    }

    /// The exact check compiled for the constraints of `id` (X.680 50, 51), if the PER-visible
    /// hull of its constraints is not exact; `None` for a type with plain ranges, sizes and
    /// alphabets, which the bounds check alone covers.
    #[must_use]
    pub fn exact_check_of(&self, id: TypeId) -> Option<&Exact> {
        self.exact.get(id.0).and_then(Option::as_ref)
    }

    /// Whether `id` is a BIT STRING type with named bits.
    fn named_bits(&self, id: TypeId) -> bool {
        matches!(&self.types[id.0].kind, Kind::BitString(n) if !n.is_empty())
    }

    /// Whether values of `id` have an exact constraint root to check.
    fn needs_exact(&self, id: TypeId) -> bool {
        self.needs_exact.get(id.0).copied().unwrap_or(false)
    }

    /// Whether values of `id` have an effective value range, size or alphabet to check.
    fn needs_bounds(&self, id: TypeId) -> bool {
        self.needs_bounds.get(id.0).copied().unwrap_or(false)
    }

    /// The clause and what is wrong with `v` under the effective constraint of `id`.
    fn bounds_violation(&self, id: TypeId, v: &SchemaValue) -> Option<(&'static str, String)> {
        let t = &self.types[id.0];
        let found = check_bounds(&t.constraints, v)?;
        // Trailing 0 bits of a named-bit BIT STRING carry no meaning (X.680 22.7; DER drops
        // them, X.690 11.2.2): the value fits if its bits up to the last 1 bit fit within the
        // upper bound, encoders then padding it to the lower bound.
        let named_fits = matches!(&t.kind, Kind::BitString(n) if !n.is_empty())
            && matches!(v, SchemaValue::BitString { bits, len }
            if t.constraints.size.is_some_and(|s| {
                s.ub.is_none_or(|ub| (SchemaValue::significant_bits(bits, *len) as i128) <= ub)
            }));
        (!named_fits).then_some(found)
    }

    fn walk_checks(&self, id: TypeId, v: &SchemaValue, walk: Walk, depth: usize) -> Result<(), CodecError> {
        let walk = Walk {
            inner: walk.inner && self.needs_check(id),
            bounds: walk.bounds && self.needs_bounds(id),
            exact: walk.exact && self.needs_exact(id),
        };
        if !(walk.inner || walk.bounds || walk.exact) || depth > crate::MAX_DEPTH {
            return Ok(());
        }
        if walk.bounds
            && let Some((clause, m)) = self.bounds_violation(id, v)
        {
            return Err(CodecError::new("value", 0, clause, m));
        }
        if walk.exact
            && let Some(x) = &self.exact[id.0]
            && let Some(clause) = x.fails_as(v, self.named_bits(id))
        {
            return Err(CodecError::new("value", 0, clause, x.message(v)));
        }
        if walk.inner
            && let Some(c) = &self.checks[id.0]
        {
            self.eval_check(id, c, v, depth)?;
        }
        match (&self.types[id.0].kind, v) {
            (Kind::Sequence(f) | Kind::Set(f), SchemaValue::Sequence(vals) | SchemaValue::Set(vals)) => {
                for (n, x) in vals {
                    if let Some(field) = f.textual().find(|fd| fd.name == *n) {
                        self.walk_checks(field.ty, x, walk, depth + 1).map_err(|e| e.in_path(n))?;
                    }
                }
            }
            (Kind::Choice { root, additions, .. }, SchemaValue::Choice(n, x)) => {
                if let Some(field) = root.iter().chain(additions).find(|fd| fd.name == *n) {
                    self.walk_checks(field.ty, x, walk, depth + 1).map_err(|e| e.in_path(n))?;
                }
            }
            (
                Kind::SequenceOf(e) | Kind::SetOf(e),
                SchemaValue::SequenceOf(items) | SchemaValue::SetOf(items),
            ) => {
                for (i, x) in items.iter().enumerate() {
                    self.walk_checks(*e, x, walk, depth + 1).map_err(|err| err.in_path(&format!("[{i}]")))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn eval_check(
        &self,
        id: TypeId,
        c: &ValueCheck,
        v: &SchemaValue,
        depth: usize,
    ) -> Result<(), CodecError> {
        let fail = |m: String| Err(CodecError::new("value", 0, "X.680 51.8", m));
        if depth > crate::MAX_DEPTH {
            return Ok(());
        }
        match c {
            ValueCheck::All(cs) => cs.iter().try_for_each(|c| self.eval_check(id, c, v, depth + 1)),
            ValueCheck::Any(cs) => {
                let mut first = None;
                for c in cs {
                    match self.eval_check(id, c, v, depth + 1) {
                        Ok(()) => return Ok(()),
                        Err(e) => {
                            first.get_or_insert(e);
                        }
                    }
                }
                match first {
                    Some(e) => fail(format!(
                        "the value meets none of the {} alternatives of a union of inner subtype constraints; the first: {}{}",
                        cs.len(),
                        if e.path.is_empty() { String::new() } else { format!("{}: ", e.path) },
                        e.message
                    )),
                    None => Ok(()),
                }
            }
            ValueCheck::Components { partial, items } => match v {
                SchemaValue::Sequence(vals) | SchemaValue::Set(vals) => {
                    for it in items {
                        let present = vals.iter().find(|(n, _)| *n == it.name).map(|(_, x)| x);
                        let must = match it.presence {
                            Some(PresenceConstraint::Present) => Some(true),
                            Some(PresenceConstraint::Absent) => Some(false),
                            Some(PresenceConstraint::Optional) => None,
                            // X.680 51.8.9: in a FullSpecification an empty PresenceConstraint
                            // is PRESENT; in a PartialSpecification it constrains nothing.
                            None if !partial => Some(true),
                            None => None,
                        };
                        match (must, present) {
                            (Some(true), None) => {
                                return fail(format!("component `{}` must be present", it.name));
                            }
                            (Some(false), Some(_)) => {
                                return fail(format!("component `{}` must be absent", it.name));
                            }
                            _ => {}
                        }
                        if let (Some(x), Some(vc)) = (present, &it.value) {
                            self.eval_check(it.ty, vc, x, depth + 1).map_err(|e| e.in_path(&it.name))?;
                        }
                    }
                    if !partial
                        && let Some((n, _)) = vals.iter().find(|(n, _)| !items.iter().any(|it| it.name == *n))
                    {
                        return fail(format!(
                            "component `{n}` is not in the full specification, so must be absent"
                        ));
                    }
                    Ok(())
                }
                SchemaValue::Choice(n, x) => {
                    for it in items {
                        if it.name == *n {
                            if it.presence == Some(PresenceConstraint::Absent) {
                                return fail(format!("alternative `{n}` must not be chosen"));
                            }
                            if let Some(vc) = &it.value {
                                self.eval_check(it.ty, vc, x, depth + 1).map_err(|e| e.in_path(n))?;
                            }
                        } else if it.presence == Some(PresenceConstraint::Present) {
                            return fail(format!("alternative `{}` must be chosen, not `{n}`", it.name));
                        }
                    }
                    if !partial && !items.iter().any(|it| it.name == *n) {
                        return fail(format!("alternative `{n}` is not in the full specification"));
                    }
                    Ok(())
                }
                // A value of another shape is the codec's error to report.
                _ => Ok(()),
            },
            ValueCheck::EachElement(c) => match (&self.types[id.0].kind, v) {
                (
                    Kind::SequenceOf(e) | Kind::SetOf(e),
                    SchemaValue::SequenceOf(xs) | SchemaValue::SetOf(xs),
                ) => {
                    for (i, x) in xs.iter().enumerate() {
                        self.eval_check(*e, c, x, depth + 1).map_err(|err| err.in_path(&format!("[{i}]")))?;
                    }
                    Ok(())
                }
                _ => Ok(()),
            },
            ValueCheck::Bounds(k) => check_bounds(k, v).map_or(Ok(()), |(_, m)| fail(m)),
            ValueCheck::Exact(x) => match x.fails_as(v, self.named_bits(id)) {
                Some(clause) => fail(format!("{} ({clause})", x.message(v))),
                None => Ok(()),
            },
        }
    }
}

/// What the checks of a walk cover.
#[derive(Clone, Copy)]
struct Walk {
    /// Inner subtype constraints.
    inner: bool,
    /// Effective value range, size and permitted alphabet.
    bounds: bool,
    /// Exact constraint roots (X.680 50, 51) where the bounds are not exact.
    exact: bool,
}

/// The clause and what is wrong with `v` under the bounds `k`, if anything. An extensible
/// bound admits values outside its root (they are extension values).
fn check_bounds(k: &Constraints, v: &SchemaValue) -> Option<(&'static str, String)> {
    if let Some(iv) = k.value.filter(|iv| !iv.extensible) {
        match v {
            SchemaValue::Integer(i) if !iv.contains(*i) => {
                return Some(("X.680 51.4", format!("{i} is outside{k}")));
            }
            // A bounded-below-and-above interval lies within i128, so a larger value is
            // outside it; with one bound, the sign decides.
            SchemaValue::BigInteger(o) => {
                let negative = o.first().is_some_and(|b| b & 0x80 != 0);
                if (negative && iv.lb.is_some()) || (!negative && iv.ub.is_some()) {
                    return Some(("X.680 51.4", format!("an integer beyond 128 bits is outside{k}")));
                }
            }
            _ => {}
        }
    }
    if let Some(size) = k.size.filter(|s| !s.extensible) {
        let n = match v {
            SchemaValue::String(s) => Some(char_count(s)),
            SchemaValue::OctetString(o) => Some(o.len()),
            SchemaValue::BitString { len, .. } => Some(*len),
            SchemaValue::SequenceOf(x) | SchemaValue::SetOf(x) => Some(x.len()),
            _ => None,
        };
        if let Some(n) = n
            && !i128::try_from(n).is_ok_and(|n| size.contains(n))
        {
            return Some(("X.680 51.5", format!("size {n} is outside{k}")));
        }
    }
    if let (Some(a), SchemaValue::String(s)) = (&k.alphabet, v)
        && let Some(c) = s.chars().find(|c| a.binary_search(c).is_err())
    {
        return Some(("X.680 51.7", format!("{c:?} is not in the permitted alphabet{k}")));
    }
    None
}
