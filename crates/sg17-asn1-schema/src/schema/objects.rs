//! Information objects and object sets (X.681 11-12), class, object set and value parameters
//! (X.683 8-9), and table constraints (X.682 10) as used to resolve open types.

use super::{Schema, TypeId};
use crate::error::NotationError;
use crate::parser::ast::{Constraint, TypeAst, TypeKindAst, ValueAst};
use crate::parser::lexer::{Tok, Token};
use crate::value::SchemaValue;

const R_OBJECT: &str = "X.681 11 ObjectAssignment";
const R_SET: &str = "X.681 12 ObjectSet";

/// A field setting of an information object that sg17 interprets (X.681 11.5).
#[derive(Clone, Debug, PartialEq)]
pub enum ObjectField {
    /// A type field (`&Type`): the type.
    Type(TypeId),
    /// A fixed-type value field (`&id`): the value.
    Value(SchemaValue),
}

/// An information object: its type and value field settings (object and object set fields
/// are not kept).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct InfoObject {
    /// The object reference, if the object was assigned to one.
    pub name: Option<String>,
    /// Field settings by field name (with its `&`).
    pub fields: Vec<(String, ObjectField)>,
}

impl InfoObject {
    /// The setting of `field`.
    #[must_use]
    pub fn field(&self, field: &str) -> Option<&ObjectField> {
        self.fields.iter().find(|(f, _)| f == field).map(|(_, x)| x)
    }
}

/// An information object set (X.681 12).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ObjectSet {
    /// The object set reference, if any.
    pub name: Option<String>,
    /// The objects, in textual order.
    pub objects: Vec<InfoObject>,
    /// Whether the set is extensible (`...`, X.681 12.1): values not in it are then kept
    /// unresolved instead of being rejected.
    pub extensible: bool,
}

/// The component a component relation constraint refers to (X.682 10.7 AtNotation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    /// How many SEQUENCE/SET/CHOICE levels to go up from the innermost one containing the
    /// constrained component (`@a` counts from the outermost type of the assignment, `@.a`
    /// is 0, `@..a` is 1).
    pub up: usize,
    /// Component identifiers from there.
    pub path: Vec<String>,
}

/// A table constraint on an ObjectClassFieldType (X.682 10).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableConstraint {
    /// The object set, as an index of [`Schema::object_set`].
    pub set: usize,
    /// The class field this type is (`&Type`, `&id`, ...).
    pub field: String,
    /// The component relation, if any (X.682 10.7).
    pub relation: Option<Relation>,
}

/// What a class, object set or value dummy parameter is bound to (X.683 9).
#[derive(Clone, Debug)]
pub(super) enum Binding {
    Class(String),
    Set(usize),
    Value(ValueAst),
}

enum Setting {
    Type(TypeAst),
    Value(ValueAst),
}

enum Syn {
    Lit(Tok),
    Field(String),
    Opt(Vec<Syn>),
}

enum SetElem {
    Object(Option<String>, String),
    Set(Option<String>, String),
    Inline(Vec<Token>),
    /// The objects in every operand (X.680 50.1 `^` / INTERSECTION), each with whether it
    /// was written with an extension marker.
    Intersection(Vec<(Vec<SetElem>, bool)>),
    /// The objects of the first operand that are not in the second (X.680 50.1 EXCEPT); the
    /// flag is the first operand's extension marker.
    Except(Vec<SetElem>, bool, Vec<SetElem>),
}

fn syntax_tree(toks: &[Token], i: &mut usize, depth: usize) -> Vec<Syn> {
    let mut out = Vec::new();
    while let Some(t) = toks.get(*i) {
        *i += 1;
        match &t.tok {
            Tok::Sym("[") if depth < 16 => out.push(Syn::Opt(syntax_tree(toks, i, depth + 1))),
            Tok::Sym("]") => return out,
            Tok::Word(w) if w.starts_with('&') => out.push(Syn::Field(w.clone())),
            tok => out.push(Syn::Lit(tok.clone())),
        }
    }
    out
}

type ClassDef = Vec<(String, Option<TypeAst>)>;

/// Reads one field setting of an object (X.681 11.7): a type for type fields, a value for
/// value fields; object and object set settings are skipped.
fn setting(
    p: &mut crate::parser::Parser<'_>,
    field: &str,
    class: &ClassDef,
    out: &mut Vec<(String, Setting)>,
) -> Result<(), NotationError> {
    let def = class.iter().find(|(f, _)| f == field).map(|(_, t)| t.as_ref());
    let upper = field[1..].starts_with(|c: char| c.is_ascii_uppercase());
    match (upper, def) {
        (true, Some(None)) => {
            let t = p.ty()?;
            out.push((field.to_owned(), Setting::Type(t)));
        }
        (false, Some(Some(_))) => {
            let save = p.pos;
            match p.value() {
                Ok(v) => out.push((field.to_owned(), Setting::Value(v))),
                Err(_) => {
                    p.pos = save;
                    skip_element(p)?;
                }
            }
        }
        _ => skip_element(p)?,
    }
    Ok(())
}

fn skip_element(p: &mut crate::parser::Parser<'_>) -> Result<(), NotationError> {
    if p.is_sym("{") || p.is_sym("(") {
        return p.skip_balanced(R_OBJECT);
    }
    if p.at_end() {
        return Err(p.error(R_OBJECT, "expected a setting"));
    }
    p.pos += 1;
    while p.is_sym(".") && matches!(p.peek_at(1), Some(Tok::Word(_))) {
        p.pos += 2;
    }
    Ok(())
}

fn match_syntax(
    p: &mut crate::parser::Parser<'_>,
    items: &[Syn],
    class: &ClassDef,
    out: &mut Vec<(String, Setting)>,
) -> Result<(), NotationError> {
    for item in items {
        match item {
            Syn::Lit(t) => {
                if p.peek() == Some(t) {
                    p.pos += 1;
                } else {
                    return Err(p.error("X.681 10.6 DefinedSyntax", format!("expected {t:?}")));
                }
            }
            Syn::Field(f) => setting(p, f, class, out)?,
            Syn::Opt(group) => {
                let (pos, n) = (p.pos, out.len());
                if match_syntax(p, group, class, out).is_err() {
                    p.pos = pos;
                    out.truncate(n);
                }
            }
        }
    }
    Ok(())
}

/// An ObjectSetSpec (X.681 12.3) as unions of elements; set arithmetic (X.680 50) other than
/// union is kept as [`SetElem::Intersection`] and [`SetElem::Except`] nodes.
fn parse_set(p: &mut crate::parser::Parser<'_>) -> Result<(Vec<SetElem>, bool), NotationError> {
    let mut out = Vec::new();
    let mut extensible = false;
    while p.peek().is_some() {
        if p.eat_sym(",") || p.eat_sym("|") || p.eat_word("UNION") {
            continue;
        }
        if p.eat_sym("...") {
            extensible = true;
            continue;
        }
        if p.eat_word("ALL") {
            // The set of every object of the class cannot be enumerated, so `ALL EXCEPT x`
            // has no table to resolve against.
            return Err(p.error(R_SET, "ALL EXCEPT (X.680 50.1) is not supported in an object set"));
        }
        let (first, ext) = intersection_elements(p)?;
        let mut operands = vec![(first, ext)];
        while p.eat_sym("^") || p.eat_word("INTERSECTION") {
            operands.push(intersection_elements(p)?);
        }
        if operands.len() == 1 {
            let (elems, ext) = operands.remove(0);
            out.extend(elems);
            extensible |= ext;
        } else {
            out.push(SetElem::Intersection(operands));
        }
    }
    Ok((out, extensible))
}

/// IntersectionElements (X.680 50.1): Elements, optionally `EXCEPT` Elements.
fn intersection_elements(p: &mut crate::parser::Parser<'_>) -> Result<(Vec<SetElem>, bool), NotationError> {
    let (elems, ext) = set_elements(p)?;
    if p.eat_word("EXCEPT") {
        let (minus, _) = set_elements(p)?;
        return Ok((vec![SetElem::Except(elems, ext, minus)], false));
    }
    Ok((elems, ext))
}

/// One ObjectSetElements (X.681 12.10): an object or object set reference, an inline object
/// `{ ... }`, or a parenthesised ObjectSetSpec.
fn set_elements(p: &mut crate::parser::Parser<'_>) -> Result<(Vec<SetElem>, bool), NotationError> {
    match p.peek().cloned() {
        Some(Tok::Sym("{")) => {
            let start = p.pos;
            p.skip_balanced(R_SET)?;
            Ok((vec![SetElem::Inline(p.toks[start + 1..p.pos - 1].to_vec())], false))
        }
        Some(Tok::Sym("(")) => {
            let start = p.pos;
            p.skip_balanced(R_SET)?;
            let inner = p.toks[start + 1..p.pos - 1].to_vec();
            let mut q = crate::parser::token_parser(p.src, p.name, inner);
            parse_set(&mut q)
        }
        Some(Tok::Word(w)) if !matches!(w.as_str(), "UNION" | "INTERSECTION" | "EXCEPT" | "ALL") => {
            p.pos += 1;
            let (qual, name) = if p.is_sym(".") && matches!(p.peek_at(1), Some(Tok::Word(_))) {
                p.pos += 1;
                (Some(w), p.word(R_SET)?)
            } else {
                (None, w)
            };
            let e = if name.starts_with(|c: char| c.is_ascii_lowercase()) {
                SetElem::Object(qual, name)
            } else {
                SetElem::Set(qual, name)
            };
            Ok((vec![e], false))
        }
        _ => Err(p.error(R_SET, "expected an object, an object set or `{`")),
    }
}

/// Whether two objects are the same object for set arithmetic: the same field settings,
/// whichever reference (if any) they were reached through.
fn same_object(a: &InfoObject, b: &InfoObject) -> bool {
    a.fields == b.fields
}

/// Whether `elems` mention a dummy object set parameter not bound here.
fn mentions_dummy(elems: &[SetElem], is_unbound_dummy: &dyn Fn(&str) -> bool) -> bool {
    elems.iter().any(|e| match e {
        SetElem::Set(None, n) => is_unbound_dummy(n),
        SetElem::Intersection(ops) => ops.iter().any(|(o, _)| mentions_dummy(o, is_unbound_dummy)),
        SetElem::Except(a, _, b) => {
            mentions_dummy(a, is_unbound_dummy) || mentions_dummy(b, is_unbound_dummy)
        }
        _ => false,
    })
}

impl Schema {
    /// The object set `i` referred to by a [`TableConstraint`].
    #[must_use]
    pub fn object_set(&self, i: usize) -> Option<&ObjectSet> {
        self.object_sets.get(i)
    }

    /// TYPE-IDENTIFIER and ABSTRACT-SYNTAX (X.681 Annex A, B).
    pub(super) fn builtin_classes(&mut self) {
        let oid = TypeAst {
            tags: Vec::new(),
            kind: TypeKindAst::ObjectIdentifier,
            constraints: Vec::new(),
            offset: 0,
        };
        let t = |tok| Token { tok, offset: 0 };
        let syntax = vec![
            t(Tok::Word("&Type".into())),
            t(Tok::Word("IDENTIFIED".into())),
            t(Tok::Word("BY".into())),
            t(Tok::Word("&id".into())),
        ];
        for name in ["TYPE-IDENTIFIER", "ABSTRACT-SYNTAX"] {
            let fields = vec![("&id".to_owned(), Some(oid.clone())), ("&Type".to_owned(), None)];
            self.classes.insert(name.to_owned(), (0, fields));
            self.class_syntax.insert(name.to_owned(), syntax.clone());
        }
    }

    fn binding(&self, name: &str) -> Option<&Binding> {
        self.bindings.iter().rev().find(|(d, _)| d == name).map(|(_, b)| b)
    }

    /// The class a (possibly dummy) class reference stands for.
    pub(super) fn bound_class(&self, name: &str) -> String {
        match self.binding(name) {
            Some(Binding::Class(c)) => c.clone(),
            _ => name.to_owned(),
        }
    }

    pub(super) fn bound_value(&self, name: &str) -> Option<&ValueAst> {
        match self.binding(name) {
            Some(Binding::Value(v)) => Some(v),
            _ => None,
        }
    }

    pub(super) fn is_class(&self, name: &str) -> bool {
        matches!(self.binding(name), Some(Binding::Class(_))) || self.classes.contains_key(name)
    }

    /// The key under which `name` is assigned in `map`, seen from `module` (X.680 13.16).
    fn key_in<T>(
        &self,
        map: &std::collections::HashMap<String, T>,
        module: usize,
        qual: Option<&str>,
        name: &str,
    ) -> Option<String> {
        if let Some(q) = qual {
            let k = format!("{q}.{name}");
            return map.contains_key(&k).then_some(k);
        }
        let mut keys = vec![format!("{}.{name}", self.modules[module].name)];
        for (syms, from) in &self.modules[module].imports {
            if syms.iter().any(|s| s == name) {
                keys.push(format!("{from}.{name}"));
            }
        }
        keys.push(name.to_owned());
        keys.into_iter().find(|k| map.contains_key(k))
    }

    /// Binds a class, object set or value dummy parameter to its actual parameter, or `None`
    /// for a type parameter (X.683 9.3).
    pub(super) fn bind_param(
        &mut self,
        module: usize,
        dummy: &str,
        raw: &[Token],
        _offset: usize,
    ) -> Result<Option<Binding>, NotationError> {
        let upper = dummy.starts_with(|c: char| c.is_ascii_uppercase());
        if upper {
            if let [Token { tok: Tok::Word(w), .. }] = raw
                && self.is_class(w)
            {
                return Ok(Some(Binding::Class(self.bound_class(w))));
            }
            if raw.len() >= 2 && matches!(raw[0].tok, Tok::Sym("{")) {
                let inner = raw[1..raw.len() - 1].to_vec();
                return Ok(self.set_from_tokens(module, inner)?.map(Binding::Set));
            }
            return Ok(None);
        }
        let (name, src) = &self.sources[module];
        let mut p = crate::parser::token_parser(src, name, raw.to_vec());
        let Ok(mut v) = p.value() else { return Ok(None) };
        if let ValueAst::Ident(n) = &v
            && let Some(b) = self.bound_value(n)
        {
            v = b.clone();
        }
        Ok(Some(Binding::Value(v)))
    }

    /// The table constraint among `cs` of a `CLASS.&field` type compiled in `module`.
    pub(super) fn table_constraint(
        &mut self,
        module: usize,
        field: &str,
        cs: &[Constraint],
        _offset: usize,
    ) -> Result<Option<TableConstraint>, NotationError> {
        let Some((set, at)) = cs.iter().find_map(|c| match c {
            Constraint::Table { set, at } => Some((set.clone(), at.clone())),
            _ => None,
        }) else {
            return Ok(None);
        };
        let Some(set) = self.set_from_tokens(module, set)? else { return Ok(None) };
        let relation = at.map(|(dots, path)| Relation {
            up: if dots == 0 { self.nesting.saturating_sub(1) } else { dots - 1 },
            path,
        });
        self.has_tables |= relation.is_some();
        Ok(Some(TableConstraint { set, field: field.to_owned(), relation }))
    }

    /// Resolves an ObjectSet written as tokens (without braces); `None` when it names a dummy
    /// parameter not bound here (the generic body of a parameterised type).
    fn set_from_tokens(&mut self, module: usize, toks: Vec<Token>) -> Result<Option<usize>, NotationError> {
        let (elems, extensible) = {
            let (name, src) = &self.sources[module];
            let mut p = crate::parser::token_parser(src, name, toks);
            parse_set(&mut p)?
        };
        if let [SetElem::Set(None, n)] = elems.as_slice()
            && !extensible
        {
            return match self.binding(n) {
                Some(Binding::Set(i)) => Ok(Some(*i)),
                _ if self.dummies.iter().any(|(d, _)| d == n) => Ok(None),
                _ => self.named_set(module, None, &n.clone()).map(Some),
            };
        }
        if mentions_dummy(&elems, &|n| self.dummies.iter().any(|(d, _)| d == n) && self.binding(n).is_none())
        {
            return Ok(None);
        }
        let set = self.resolve_elems(module, "", elems, extensible, None)?;
        self.object_sets.push(set);
        Ok(Some(self.object_sets.len() - 1))
    }

    fn resolve_elems(
        &mut self,
        module: usize,
        class: &str,
        elems: Vec<SetElem>,
        extensible: bool,
        name: Option<String>,
    ) -> Result<ObjectSet, NotationError> {
        let mut set = ObjectSet { name, objects: Vec::new(), extensible };
        for e in elems {
            match e {
                SetElem::Object(q, n) => {
                    let o = self.named_object(module, q.as_deref(), &n)?;
                    set.objects.push(o);
                }
                SetElem::Set(q, n) => {
                    let i = self.named_set(module, q.as_deref(), &n)?;
                    if self.sets_in_progress.iter().any(|(_, j)| *j == i) {
                        // Its objects are not known yet: the set includes itself (X.681 12).
                        return Err(self.err(
                            module,
                            0,
                            R_SET,
                            format!("object set `{n}` is defined in terms of itself"),
                        ));
                    }
                    let other = self.object_sets[i].clone();
                    set.extensible |= other.extensible;
                    set.objects.extend(other.objects);
                }
                SetElem::Inline(toks) => {
                    let o = self.compile_object(module, class, toks, None)?;
                    set.objects.push(o);
                }
                SetElem::Intersection(ops) => {
                    // X.680 50 set arithmetic: an intersection is extensible only if every operand is.
                    let mut result: Option<ObjectSet> = None;
                    for (op, ext) in ops {
                        let other = self.resolve_elems(module, class, op, ext, None)?;
                        result = Some(match result {
                            None => other,
                            Some(mut r) => {
                                r.objects.retain(|o| other.objects.iter().any(|x| same_object(o, x)));
                                r.extensible &= other.extensible;
                                r
                            }
                        });
                    }
                    if let Some(r) = result {
                        set.extensible |= r.extensible;
                        set.objects.extend(r.objects);
                    }
                }
                SetElem::Except(keep, ext, minus) => {
                    // X.680 50 set arithmetic: the result is extensible if the first operand is.
                    let mut r = self.resolve_elems(module, class, keep, ext, None)?;
                    let minus = self.resolve_elems(module, class, minus, false, None)?.objects;
                    r.objects.retain(|o| !minus.iter().any(|x| same_object(o, x)));
                    set.extensible |= r.extensible;
                    set.objects.extend(r.objects);
                }
            }
        }
        Ok(set)
    }

    fn named_set(&mut self, module: usize, qual: Option<&str>, name: &str) -> Result<usize, NotationError> {
        if qual.is_none()
            && let Some(Binding::Set(i)) = self.binding(name)
        {
            return Ok(*i);
        }
        let Some(key) = self.key_in(&self.set_asts, module, qual, name) else {
            return Err(self.err(module, 0, R_SET, format!("unresolved object set reference `{name}`")));
        };
        let (mi, class, body) = self.set_asts[&key].clone();
        let full = format!("{}.{name}", self.modules[mi].name);
        if let Some(i) = self.set_cache.get(&full) {
            // Possibly still in progress: a table constraint in the type of one of the set's
            // own objects may name the set (X.682 10.3; CMS `ContentSet` holds `SignedData`,
            // whose EncapsulatedContentInfo is constrained by `ContentSet`). It only keeps
            // the index, which holds the objects once they are resolved; a set that includes
            // itself is refused in `resolve_elems`.
            return Ok(*i);
        }
        if self.sets_in_progress.len() > 32 {
            return Err(self.err(mi, 0, R_SET, format!("object set `{name}` nests too deeply")));
        }
        let i = self.object_sets.len();
        self.object_sets.push(ObjectSet { name: Some(name.to_owned()), ..ObjectSet::default() });
        self.set_cache.insert(full.clone(), i);
        self.sets_in_progress.push((full.clone(), i));
        let parsed = {
            let (sname, src) = &self.sources[mi];
            let mut p = crate::parser::token_parser(src, sname, body);
            parse_set(&mut p)
        };
        let r = parsed.and_then(|(elems, ext)| {
            let saved = std::mem::take(&mut self.bindings);
            let r = self.resolve_elems(mi, &class, elems, ext, Some(name.to_owned()));
            self.bindings = saved;
            r
        });
        self.sets_in_progress.retain(|(k, _)| k != &full);
        match r {
            Ok(set) => {
                self.object_sets[i] = set;
                Ok(i)
            }
            Err(e) => {
                self.set_cache.remove(&full);
                Err(e)
            }
        }
    }

    fn named_object(
        &mut self,
        module: usize,
        qual: Option<&str>,
        name: &str,
    ) -> Result<InfoObject, NotationError> {
        let Some(key) = self.key_in(&self.object_asts, module, qual, name) else {
            return Err(self.err(module, 0, R_OBJECT, format!("unresolved object reference `{name}`")));
        };
        let (mi, class, body) = self.object_asts[&key].clone();
        let full = format!("{}.{name}", self.modules[mi].name);
        if let Some(o) = self.object_cache.get(&full) {
            return Ok(o.clone());
        }
        let o = self.compile_object(mi, &class, body, Some(name.to_owned()))?;
        self.object_cache.insert(full, o.clone());
        Ok(o)
    }

    /// An object definition in its class's defined syntax or the default syntax (X.681 10-11).
    fn compile_object(
        &mut self,
        module: usize,
        class: &str,
        body: Vec<Token>,
        name: Option<String>,
    ) -> Result<InfoObject, NotationError> {
        let class = self.bound_class(class);
        let Some(ckey) = self.key_in(&self.classes, module, None, &class) else {
            return Err(self.err(
                module,
                0,
                R_OBJECT,
                format!("`{class}` is not an information object class"),
            ));
        };
        let (cmod, fields) = self.classes[&ckey].clone();
        let syntax = self.class_syntax.get(&ckey).cloned().unwrap_or_default();
        let settings = {
            let (sname, src) = &self.sources[module];
            let default = syntax.is_empty()
                || matches!(body.first(), Some(Token { tok: Tok::Word(w), .. }) if w.starts_with('&'));
            let mut p = crate::parser::token_parser(src, sname, body);
            let mut out = Vec::new();
            if default {
                // X.681 10.3 DefaultSyntax: `&field setting, ...`.
                while !p.at_end() {
                    let f = p.word(R_OBJECT)?;
                    setting(&mut p, &f, &fields, &mut out)?;
                    p.eat_sym(",");
                }
            } else {
                let mut i = 0;
                let tree = syntax_tree(&syntax, &mut i, 0);
                match_syntax(&mut p, &tree, &fields, &mut out)?;
                if !p.at_end() {
                    return Err(
                        p.error("X.681 10.6 DefinedSyntax", format!("unexpected text in a {class} object"))
                    );
                }
            }
            out
        };
        let saved = (std::mem::take(&mut self.dummies), std::mem::take(&mut self.bindings));
        let saved_n = std::mem::replace(&mut self.nesting, 0);
        let r = self.object_fields(module, cmod, &fields, settings);
        self.dummies = saved.0;
        self.bindings = saved.1;
        self.nesting = saved_n;
        Ok(InfoObject { name, fields: r? })
    }

    fn object_fields(
        &mut self,
        module: usize,
        class_module: usize,
        class: &ClassDef,
        settings: Vec<(String, Setting)>,
    ) -> Result<Vec<(String, ObjectField)>, NotationError> {
        let mut out = Vec::new();
        for (f, s) in settings {
            match s {
                Setting::Type(t) => {
                    let id = self.ty(module, &t)?;
                    out.push((f, ObjectField::Type(id)));
                }
                Setting::Value(v) => {
                    let Some(Some(ty)) = class.iter().find(|(x, _)| *x == f).map(|(_, t)| t.clone()) else {
                        continue;
                    };
                    if let TypeKindAst::Reference { name, .. } = &ty.kind
                        && self.is_class(name)
                    {
                        continue; // an object field
                    }
                    let Ok(tid) = self.ty(class_module, &ty) else { continue };
                    if let Ok(x) = self.value_from_ast(module, tid, &v) {
                        out.push((f, ObjectField::Value(x)));
                    }
                }
            }
        }
        Ok(out)
    }
}
