//! Interpreting value notation (X.680 17.7) against a compiled type: DEFAULT values and
//! value assignments.

use super::{Kind, Schema, TypeId};
use crate::parser::ast::ValueAst;
use crate::value::SchemaValue;

impl Schema {
    /// Converts value notation to a value of type `id`.
    pub(crate) fn value_from_ast(
        &self,
        module: usize,
        id: TypeId,
        v: &ValueAst,
    ) -> Result<SchemaValue, String> {
        self.value_from_ast_depth(module, id, v, 0)
    }

    fn value_from_ast_depth(
        &self,
        module: usize,
        id: TypeId,
        v: &ValueAst,
        depth: usize,
    ) -> Result<SchemaValue, String> {
        if depth > 64 {
            return Err("value nested too deeply".into());
        }
        // A value reference: use the assigned value.
        if let ValueAst::Ident(n) = v {
            let is_local_name = match &self.types[id.0].kind {
                Kind::Integer(named) | Kind::BitString(named) => named.iter().any(|(m, _)| **m == **n),
                Kind::Enumerated { root, ext } => {
                    root.iter().chain(ext.iter().flatten()).any(|(m, _)| **m == **n)
                }
                _ => false,
            };
            if !is_local_name && let Some(a) = self.value_ast(n) {
                let a = a.clone();
                return self.value_from_ast_depth(module, id, &a, depth + 1);
            }
        }
        let t = &self.types[id.0];
        let bad = || format!("value {v:?} does not fit {}", self.describe(id));
        Ok(match (&t.kind, v) {
            (Kind::Boolean, ValueAst::Boolean(b)) => SchemaValue::Boolean(*b),
            (Kind::Null, ValueAst::Null) => SchemaValue::Null,
            (Kind::Integer(named), _) => SchemaValue::Integer(match v {
                ValueAst::Ident(n) => named.iter().find(|(m, _)| m == n).map(|(_, x)| *x).ok_or_else(bad)?,
                _ => self.int_value(module, v).ok_or_else(bad)?,
            }),
            (Kind::Real, ValueAst::Real(r)) => SchemaValue::Real(*r),
            (Kind::Real, ValueAst::Integer(i)) => SchemaValue::Real(*i as f64),
            (Kind::Enumerated { root, ext }, ValueAst::Ident(n))
                if root.iter().chain(ext.iter().flatten()).any(|(m, _)| **m == **n) =>
            {
                SchemaValue::Enumerated(n.as_str().into())
            }
            (Kind::BitString(named), _) => match v {
                ValueAst::BString(b) => {
                    let bits: Vec<bool> = b.chars().map(|c| c == '1').collect();
                    pack_bits(&bits)
                }
                ValueAst::HString(h) => {
                    let bytes = hex_digits(h).ok_or_else(bad)?;
                    SchemaValue::BitString { len: h.len() * 4, bits: bytes }
                }
                ValueAst::Braced(items) => {
                    let mut bits = Vec::new();
                    for item in items {
                        let [ValueAst::Ident(n)] = item.as_slice() else { return Err(bad()) };
                        let (_, i) = named.iter().find(|(m, _)| m == n).ok_or_else(bad)?;
                        let i = usize::try_from(*i).map_err(|_| bad())?;
                        if bits.len() <= i {
                            bits.resize(i + 1, false);
                        }
                        bits[i] = true;
                    }
                    pack_bits(&bits)
                }
                _ => return Err(bad()),
            },
            (Kind::OctetString, ValueAst::HString(h)) => {
                SchemaValue::OctetString(hex_digits(h).ok_or_else(bad)?)
            }
            (Kind::OctetString, ValueAst::BString(b)) => {
                let bits: Vec<bool> = b.chars().map(|c| c == '1').collect();
                match pack_bits(&bits) {
                    SchemaValue::BitString { bits, .. } => SchemaValue::OctetString(bits),
                    _ => return Err(bad()),
                }
            }
            (Kind::String(_), ValueAst::CString(s)) => SchemaValue::String(s.clone()),
            (Kind::ObjectIdentifier | Kind::RelativeOid, ValueAst::Braced(items)) => {
                let mut arcs = Vec::new();
                for item in items.iter().flatten() {
                    self.oid_arcs(item, &mut arcs, depth).ok_or_else(bad)?;
                }
                if matches!(t.kind, Kind::ObjectIdentifier) {
                    SchemaValue::ObjectIdentifier(arcs)
                } else {
                    SchemaValue::RelativeOid(arcs)
                }
            }
            (Kind::SequenceOf(e) | Kind::SetOf(e), ValueAst::Braced(items)) => {
                let mut out = Vec::new();
                for item in items {
                    let [x] = item.as_slice() else { return Err(bad()) };
                    out.push(self.value_from_ast_depth(module, *e, x, depth + 1)?);
                }
                if matches!(t.kind, Kind::SequenceOf(_)) {
                    SchemaValue::SequenceOf(out)
                } else {
                    SchemaValue::SetOf(out)
                }
            }
            (Kind::Sequence(f) | Kind::Set(f), ValueAst::Braced(items)) => {
                let mut given = Vec::new();
                for item in items {
                    let [ValueAst::Ident(n), x] = item.as_slice() else { return Err(bad()) };
                    given.push((n, x));
                }
                let mut out = Vec::new();
                for field in f.textual() {
                    if let Some((_, x)) = given.iter().find(|(n, _)| **n == *field.name) {
                        out.push((
                            field.name.clone(),
                            self.value_from_ast_depth(module, field.ty, x, depth + 1)?,
                        ));
                    } else if !field.optional {
                        return Err(format!("missing component `{}`", field.name));
                    }
                }
                if matches!(t.kind, Kind::Sequence(_)) {
                    SchemaValue::Sequence(out)
                } else {
                    SchemaValue::Set(out)
                }
            }
            (Kind::Choice { root, additions, .. }, ValueAst::Choice(n, x)) => {
                let f = root.iter().chain(additions.iter()).find(|f| *f.name == **n).ok_or_else(bad)?;
                SchemaValue::Choice(
                    f.name.clone(),
                    Box::new(self.value_from_ast_depth(module, f.ty, x, depth + 1)?),
                )
            }
            _ => return Err(bad()),
        })
    }

    fn oid_arcs(&self, v: &ValueAst, out: &mut Vec<u128>, depth: usize) -> Option<()> {
        if depth > 64 {
            return None;
        }
        match v {
            ValueAst::Integer(i) => out.push(u128::try_from(*i).ok()?),
            ValueAst::NamedNumber(_, n) => out.push(u128::try_from(self.int_value(0, n)?).ok()?),
            ValueAst::Ident(n) => {
                let well_known = match (out.len(), n.as_str()) {
                    (0, "itu-t" | "ccitt") => Some(0),
                    (0, "iso") => Some(1),
                    (0, "joint-iso-itu-t" | "joint-iso-ccitt") => Some(2),
                    (1, "standard") => Some(0),
                    (1, "member-body") => Some(2),
                    (1, "identified-organization") => Some(3),
                    (1, "recommendation") => Some(0),
                    _ => None,
                };
                match well_known {
                    Some(x) => out.push(x),
                    None => match self.value_ast(n)? {
                        ValueAst::Braced(items) => {
                            let items = items.clone();
                            for x in items.iter().flatten() {
                                self.oid_arcs(x, out, depth + 1)?;
                            }
                        }
                        ValueAst::Integer(i) => out.push(u128::try_from(*i).ok()?),
                        _ => return None,
                    },
                }
            }
            _ => return None,
        }
        Some(())
    }
}

/// Packs bits MSB first.
pub(crate) fn pack_bits(bits: &[bool]) -> SchemaValue {
    let mut out = vec![0u8; bits.len().div_ceil(8)];
    for (i, b) in bits.iter().enumerate() {
        if *b {
            out[i / 8] |= 0x80 >> (i % 8);
        }
    }
    SchemaValue::BitString { bits: out, len: bits.len() }
}

fn hex_digits(h: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> =
        h.chars().map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok())).collect::<Option<_>>()?;
    Some(digits.chunks(2).map(|c| (c[0] << 4) | c.get(1).copied().unwrap_or(0)).collect())
}

impl Schema {
    /// A copy of `v` without the SEQUENCE and SET components whose value equals their
    /// DEFAULT (X.680 25.8: an absent DEFAULT component has the default value), so that two
    /// values that differ only in writing out defaults compare equal.
    #[must_use]
    pub fn strip_defaults(&self, id: TypeId, v: &SchemaValue) -> SchemaValue {
        self.strip_depth(id, v, 0)
    }

    fn strip_depth(&self, id: TypeId, v: &SchemaValue, depth: usize) -> SchemaValue {
        if depth > crate::MAX_DEPTH {
            return v.clone();
        }
        match (&self.types[id.0].kind, v) {
            (Kind::Sequence(f) | Kind::Set(f), SchemaValue::Sequence(vals) | SchemaValue::Set(vals)) => {
                let mut out = Vec::new();
                for (n, x) in vals {
                    match f.textual().find(|c| &c.name == n) {
                        Some(c) if c.default.as_ref() == Some(x) => {}
                        Some(c) => out.push((n.clone(), self.strip_depth(c.ty, x, depth + 1))),
                        None => out.push((n.clone(), x.clone())),
                    }
                }
                if matches!(v, SchemaValue::Set(_)) {
                    SchemaValue::Set(out)
                } else {
                    SchemaValue::Sequence(out)
                }
            }
            (Kind::SequenceOf(e) | Kind::SetOf(e), SchemaValue::SequenceOf(items)) => {
                SchemaValue::SequenceOf(items.iter().map(|x| self.strip_depth(*e, x, depth + 1)).collect())
            }
            (Kind::SequenceOf(e) | Kind::SetOf(e), SchemaValue::SetOf(items)) => {
                SchemaValue::SetOf(items.iter().map(|x| self.strip_depth(*e, x, depth + 1)).collect())
            }
            (Kind::Choice { root, additions, .. }, SchemaValue::Choice(n, x)) => {
                match root.iter().chain(additions.iter()).find(|c| &c.name == n) {
                    Some(c) => SchemaValue::Choice(n.clone(), Box::new(self.strip_depth(c.ty, x, depth + 1))),
                    None => v.clone(),
                }
            }
            _ => v.clone(),
        }
    }
}
