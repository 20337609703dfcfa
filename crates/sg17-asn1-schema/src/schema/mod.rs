//! Compiled schemas: references resolved, tags computed (X.680 31, automatic tagging 25.3),
//! PER-visible constraints evaluated (X.691 10.3, X.680 49-51).

pub(crate) mod constraints;
mod exact;
mod inner;
mod objects;
mod pattern;
mod values;

pub use constraints::{Constraints, Interval};
pub use exact::{Exact, IntSet};
pub use inner::{ComponentCheck, ValueCheck};
pub use objects::{InfoObject, ObjectField, ObjectSet, Relation, TableConstraint};
pub use pattern::Pattern;

use crate::error::{NotationError, Position};
use crate::parser::ast::{
    Addition, Assignment, Component, ComponentList, Constraint, ElementSet, ModuleAst, Presence, StringType,
    TagAst, TagClassAst, TagDefault, TypeAst, TypeKindAst, ValueAst,
};
use crate::value::{Name, SchemaValue};
use sg17_asn1::{Class, Tag};
use std::collections::HashMap;

/// Index of a compiled type in a [`Schema`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TypeId(pub usize);

/// A component of a SEQUENCE or SET, or an alternative of a CHOICE.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// identifier.
    pub name: Name,
    /// Its type.
    pub ty: TypeId,
    /// OPTIONAL or DEFAULT.
    pub optional: bool,
    /// The DEFAULT value.
    pub default: Option<SchemaValue>,
}

/// An extension addition: one component, or a group `[[ ]]` (X.680 25.1).
#[derive(Clone, Debug, PartialEq)]
pub struct AdditionGroup {
    /// Components of the addition.
    pub fields: Vec<Field>,
    /// Whether it was written as a group (encoded as a SEQUENCE in PER and OER).
    pub is_group: bool,
}

/// Components of a SEQUENCE or SET type.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Fields {
    /// Root components: those before the extension marker, then those after the second.
    pub root: Vec<Field>,
    /// Index in `root` of the first component after the second extension marker.
    pub root2_at: usize,
    /// Whether there is an extension marker.
    pub extensible: bool,
    /// Extension additions in order.
    pub additions: Vec<AdditionGroup>,
}

impl Fields {
    /// Whether `name` is an extension addition whose whole group is absent from the
    /// components `present`: an absent addition is not a missing mandatory component
    /// (X.680 25.14).
    #[must_use]
    pub fn addition_absent(&self, name: &str, present: &[&str]) -> bool {
        self.additions.iter().any(|g| {
            g.fields.iter().any(|x| *x.name == *name) && !g.fields.iter().any(|x| present.contains(&&*x.name))
        })
    }

    /// Components in textual order: root, additions, second root part.
    pub fn textual(&self) -> impl Iterator<Item = &Field> {
        self.root[..self.root2_at]
            .iter()
            .chain(self.additions.iter().flat_map(|g| g.fields.iter()))
            .chain(self.root[self.root2_at..].iter())
    }
}

/// The structure of a compiled type.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// Not compiled yet (only seen while a recursive type is being compiled).
    Placeholder,
    /// BOOLEAN.
    Boolean,
    /// NULL.
    Null,
    /// INTEGER with its named numbers.
    Integer(Vec<(String, i128)>),
    /// ENUMERATED: root and additional items with their numbers, in textual order.
    Enumerated {
        /// Root items.
        root: Vec<(Name, i128)>,
        /// Additional items, `Some` when extensible.
        ext: Option<Vec<(Name, i128)>>,
    },
    /// REAL.
    Real,
    /// BIT STRING with named bits.
    BitString(Vec<(String, i128)>),
    /// OCTET STRING.
    OctetString,
    /// OBJECT IDENTIFIER.
    ObjectIdentifier,
    /// RELATIVE-OID.
    RelativeOid,
    /// Character strings and the time types.
    String(StringType),
    /// SEQUENCE.
    Sequence(Fields),
    /// SET.
    Set(Fields),
    /// CHOICE: root alternatives, extension flag, additional alternatives (groups flattened).
    Choice {
        /// Root alternatives in textual order.
        root: Vec<Field>,
        /// Whether there is an extension marker.
        extensible: bool,
        /// Additional alternatives.
        additions: Vec<Field>,
    },
    /// SEQUENCE OF.
    SequenceOf(TypeId),
    /// SET OF.
    SetOf(TypeId),
    /// An open type; the string says what it came from.
    Open(String),
}

/// A compiled type.
#[derive(Clone, Debug, PartialEq)]
pub struct Ty {
    /// The name of the assignment this type came from, if any.
    pub name: Option<String>,
    /// Tags outermost first; all but the last are explicit wrappers; empty for an untagged
    /// CHOICE or open type (X.680 31).
    pub tags: Vec<Tag>,
    /// Structure.
    pub kind: Kind,
    /// Effective PER-visible constraints.
    pub constraints: Constraints,
    /// The table constraint of an open type or class field type (X.682 10).
    pub table: Option<Box<TableConstraint>>,
    /// The type of a contents constraint `CONTAINING T` (X.682 11) on OCTET STRING or BIT
    /// STRING.
    pub containing: Option<TypeId>,
    /// Element sets holding inner subtype constraints (X.680 51.8), with the index of the
    /// module they are written in. They are not PER-visible; [`Schema::check_value`] checks
    /// values against them (see [`ValueCheck`]).
    pub inner: Vec<(usize, ElementSet)>,
    /// Roots of constraints without an extension marker whose value set the PER-visible
    /// hull in `constraints` does not give exactly (unions of single values, EXCEPT, single
    /// values of types other than INTEGER, contained subtypes, unions of SIZE or FROM,
    /// PATTERN: X.680 50, 51), with the index of their module. Checked against values in
    /// every encoding rule (see [`Exact`]).
    pub exact: Vec<(usize, ElementSet)>,
}

/// Fields of an information object class and the types of its fixed-type value fields.
type ClassFields = Vec<(String, Option<TypeAst>)>;

#[derive(Debug)]
struct Deferred {
    node: TypeId,
    target: TypeId,
    tags: Vec<(Tag, bool)>,
    constraints: Vec<Constraint>,
    module: usize,
}

/// A set of compiled modules.
#[derive(Debug, Default)]
pub struct Schema {
    pub(crate) types: Vec<Ty>,
    names: HashMap<String, TypeId>,
    order: Vec<(String, String, TypeId)>,
    modules: Vec<ModuleAst>,
    sources: Vec<(String, String)>,
    values: HashMap<String, (usize, TypeAst, ValueAst)>,
    /// Symbols assigned in each module.
    type_asts: HashMap<String, (usize, TypeAst, usize)>,
    in_progress: Vec<String>,
    deferred: Vec<Deferred>,
    /// Dummy parameter names of parameterised type assignments (X.683 8.3).
    params: HashMap<String, Vec<String>>,
    /// Dummy parameters in scope while a parameterised body is compiled, with the actual
    /// type bound to each when known.
    dummies: Vec<(String, Option<TypeId>)>,
    instantiation_depth: usize,
    /// Information object classes: module and fields (X.681 9).
    classes: HashMap<String, (usize, ClassFields)>,
    /// Notes about things accepted but not interpreted (X.681-X.683 constructs, defaults).
    pub warnings: Vec<String>,
    /// Per-type PER facts computed once after compilation.
    per: Vec<crate::per::PerInfo>,
    /// WITH SYNTAX tokens of each class, keyed like `classes` (X.681 10).
    class_syntax: HashMap<String, Vec<crate::parser::lexer::Token>>,
    /// Object assignments: module, governing class, definition tokens (X.681 11).
    object_asts: HashMap<String, (usize, String, Vec<crate::parser::lexer::Token>)>,
    /// Object set assignments: module, governing class, definition tokens (X.681 12).
    set_asts: HashMap<String, (usize, String, Vec<crate::parser::lexer::Token>)>,
    /// Object sets resolved so far; table constraints refer to them by index.
    pub(crate) object_sets: Vec<ObjectSet>,
    /// Named object sets resolved or being resolved, by `Module.Name` (an index is reserved
    /// before the set's elements are resolved).
    set_cache: HashMap<String, usize>,
    /// Named objects already compiled, by `Module.name`.
    object_cache: HashMap<String, InfoObject>,
    /// Object sets being resolved, by `Module.Name` with their reserved index (cycle guard).
    sets_in_progress: Vec<(String, usize)>,
    /// Class, object set and value dummies bound while a parameterised body is compiled
    /// (X.683 8.3).
    bindings: Vec<(String, objects::Binding)>,
    /// Number of SEQUENCE/SET/CHOICE types enclosing the component being compiled, within the
    /// current assignment (for the AtNotation of X.682 10.7).
    nesting: usize,
    /// Whether any table or contents constraint was compiled (open types need resolving).
    pub(crate) has_tables: bool,
    /// The compiled inner subtype constraints of each type (X.680 51.8).
    checks: Vec<Option<ValueCheck>>,
    /// Whether values of each type, or of a type inside it, have inner subtype constraints to
    /// check: the check walks only these.
    needs_check: Vec<bool>,
    /// Whether values of each type, or of a type inside it, have an effective value range,
    /// size or permitted alphabet: what BER, CER, DER, JER and XER decoding must check.
    needs_bounds: Vec<bool>,
    /// Whether [`Schema::encode`] and [`Schema::decode`] skip those checks.
    pub(crate) skip_inner_checks: bool,
    /// The compiled exact constraint roots of each type (see [`Ty::exact`]).
    exact: Vec<Option<Exact>>,
    /// Whether values of each type, or of a type inside it, have an exact constraint root to
    /// check.
    needs_exact: Vec<bool>,
}

const R_REF: &str = "X.680 14 Reference";

impl Schema {
    /// Parses and compiles the modules in one source text.
    ///
    /// # Errors
    /// Syntax errors, unresolved references, duplicate names, tag clashes.
    pub fn from_source(src: &str, source_name: &str) -> Result<Self, NotationError> {
        Self::from_sources(&[(source_name, src)])
    }

    /// Parses and compiles modules from several source texts `(name, text)` as one schema.
    ///
    /// # Errors
    /// Syntax errors, unresolved references, duplicate names, tag clashes.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Self, NotationError> {
        let mut s = Schema::default();
        for (name, src) in sources {
            for m in crate::parser::parse(src, name)? {
                s.modules.push(m);
                s.sources.push(((*name).to_owned(), (*src).to_owned()));
            }
        }
        s.compile()?;
        Ok(s)
    }

    fn err(
        &self,
        module: usize,
        offset: usize,
        rule: &'static str,
        message: impl Into<String>,
    ) -> NotationError {
        let (name, src) = &self.sources[module];
        NotationError {
            source_name: name.clone(),
            position: Position::of(src, offset),
            rule,
            message: message.into(),
        }
    }

    fn compile(&mut self) -> Result<(), NotationError> {
        self.builtin_classes();
        // Collect assignments; duplicates within a module are errors (X.680 13.10 / 16).
        for mi in 0..self.modules.len() {
            let mut seen = HashMap::new();
            let assignments = self.modules[mi].assignments.clone();
            let mname = self.modules[mi].name.clone();
            for a in assignments {
                let (name, offset) = match &a {
                    Assignment::Type { name, offset, .. }
                    | Assignment::Value { name, offset, .. }
                    | Assignment::Class { name, offset, .. }
                    | Assignment::Object { name, offset, .. }
                    | Assignment::ObjectSet { name, offset, .. }
                    | Assignment::Other { name, offset, .. } => (name.clone(), *offset),
                };
                if seen.insert(name.clone(), offset).is_some() {
                    return Err(self.err(
                        mi,
                        offset,
                        "X.680 13.10 Assignment",
                        format!("`{name}` is assigned twice"),
                    ));
                }
                match a {
                    Assignment::Type { name, params, ty, offset } => {
                        if !params.is_empty() {
                            self.warnings.push(format!(
                                "{mname}.{name}: parameterised type (X.683): type parameters are substituted, \
                                 value and object set parameters compile as open types"
                            ));
                        }
                        if !params.is_empty() {
                            self.params.insert(format!("{mname}.{name}"), params.clone());
                        }
                        self.type_asts.insert(format!("{mname}.{name}"), (mi, ty.clone(), offset));
                        self.type_asts.entry(name).or_insert((mi, ty, offset));
                    }
                    Assignment::Value { name, ty, value, .. } => {
                        self.values.insert(format!("{mname}.{name}"), (mi, ty.clone(), value.clone()));
                        self.values.entry(name).or_insert((mi, ty, value));
                    }
                    Assignment::Class { name, fields, syntax, .. } => {
                        self.classes.insert(format!("{mname}.{name}"), (mi, fields.clone()));
                        self.class_syntax.insert(format!("{mname}.{name}"), syntax.clone());
                        self.class_syntax.entry(name.clone()).or_insert(syntax);
                        self.classes.entry(name).or_insert((mi, fields));
                    }
                    Assignment::Object { name, class, body, .. } => {
                        self.object_asts.insert(format!("{mname}.{name}"), (mi, class.clone(), body.clone()));
                        self.object_asts.entry(name).or_insert((mi, class, body));
                    }
                    Assignment::ObjectSet { name, governor, body, .. } => {
                        let class = match &governor.kind {
                            TypeKindAst::Reference { name, .. } => name.clone(),
                            _ => String::new(),
                        };
                        self.warnings.push(format!(
                            "{mname}.{name}: value set or object set recorded (resolved when a table \
                             constraint uses it)"
                        ));
                        self.set_asts.insert(format!("{mname}.{name}"), (mi, class.clone(), body.clone()));
                        self.set_asts.entry(name).or_insert((mi, class, body));
                    }
                    Assignment::Other { name, kind, .. } => {
                        self.warnings.push(format!("{mname}.{name}: {kind} recorded, not interpreted"));
                    }
                }
            }
        }
        for mi in 0..self.modules.len() {
            let mname = self.modules[mi].name.clone();
            for a in self.modules[mi].assignments.clone() {
                if let Assignment::Type { name, offset, .. } = a {
                    let id = self.named(mi, None, &name, offset)?;
                    self.order.push((mname.clone(), name, id));
                }
            }
        }
        let deferred = std::mem::take(&mut self.deferred);
        for d in deferred {
            let mut t = self.types[d.target.0].clone();
            if t.kind == Kind::Placeholder {
                return Err(self.err(d.module, 0, R_REF, "a type is defined in terms of itself"));
            }
            self.apply_tags(&mut t, &d.tags);
            self.apply_constraints(d.module, &mut t, &d.constraints)?;
            self.types[d.node.0] = t;
        }
        for i in 0..self.types.len() {
            self.check_distinct_tags(TypeId(i))?;
        }
        self.per = (0..self.types.len()).map(|i| crate::per::per_info(self, TypeId(i))).collect();
        self.compile_checks()?;
        Ok(())
    }

    /// Resolves a type reference, compiling the assignment on first use.
    fn named(
        &mut self,
        module: usize,
        qual: Option<&str>,
        name: &str,
        offset: usize,
    ) -> Result<TypeId, NotationError> {
        if qual.is_none()
            && let Some((_, bound)) = self.dummies.iter().find(|(d, _)| d == name)
        {
            if let Some(id) = bound {
                return Ok(*id);
            }
            // X.683 8.3: a dummy reference without an actual type is an open type.
            return Ok(self.alloc(Ty {
                name: None,
                tags: Vec::new(),
                kind: Kind::Open(format!("dummy parameter {name}")),
                constraints: Constraints::default(),
                table: None,
                containing: None,
                inner: Vec::new(),
                exact: Vec::new(),
            }));
        }
        let mname = &self.modules[module].name;
        let keys = match qual {
            Some(q) => vec![format!("{q}.{name}")],
            None => {
                let mut k = vec![format!("{mname}.{name}")];
                // Imported symbols: look in the module they are imported from.
                for (syms, from) in &self.modules[module].imports {
                    if syms.iter().any(|s| s == name) {
                        k.push(format!("{from}.{name}"));
                    }
                }
                k.push(name.to_owned());
                k
            }
        };
        for key in &keys {
            if let Some(id) = self.names.get(key) {
                return Ok(*id);
            }
        }
        let Some((key, (mi, ast, _))) =
            keys.iter().find_map(|k| self.type_asts.get(k).map(|v| (k.clone(), v.clone())))
        else {
            return Err(self.err(module, offset, R_REF, format!("unresolved type reference `{name}`")));
        };
        if self.in_progress.contains(&key) {
            return Err(self.err(mi, ast.offset, R_REF, format!("`{name}` is defined in terms of itself")));
        }
        let full = format!("{}.{name}", self.modules[mi].name);
        let id = TypeId(self.types.len());
        self.types.push(Ty {
            name: Some(name.to_owned()),
            tags: Vec::new(),
            kind: Kind::Placeholder,
            constraints: Constraints::default(),
            table: None,
            containing: None,
            inner: Vec::new(),
            exact: Vec::new(),
        });
        self.names.insert(full.clone(), id);
        self.in_progress.push(key.clone());
        let dummies = self.params.get(&full).cloned().unwrap_or_default();
        let saved = std::mem::replace(&mut self.dummies, dummies.into_iter().map(|d| (d, None)).collect());
        let saved_b = std::mem::take(&mut self.bindings);
        let saved_n = std::mem::replace(&mut self.nesting, 0);
        let r = self.ty(mi, &ast);
        self.dummies = saved;
        self.bindings = saved_b;
        self.nesting = saved_n;
        self.in_progress.retain(|k| k != &key);
        let body = r?;
        let mut t = self.types[body.0].clone();
        t.name = Some(name.to_owned());
        self.types[id.0] = t;
        Ok(id)
    }

    fn tag_number(&self, module: usize, v: &ValueAst, offset: usize) -> Result<u32, NotationError> {
        self.int_value(module, v).and_then(|n| u32::try_from(n).ok()).ok_or_else(|| {
            self.err(module, offset, "X.680 31.1 Tag", "tag number is not a non-negative integer")
        })
    }

    fn resolve_tags(
        &self,
        module: usize,
        tags: &[TagAst],
        offset: usize,
    ) -> Result<Vec<(Tag, bool)>, NotationError> {
        let implicit_default = self.modules[module].tag_default != TagDefault::Explicit;
        tags.iter()
            .map(|t| {
                let n = self.tag_number(module, &t.number, offset)?;
                let class = match t.class {
                    TagClassAst::Universal => Class::Universal,
                    TagClassAst::Application => Class::Application,
                    TagClassAst::Context => Class::ContextSpecific,
                    TagClassAst::Private => Class::Private,
                };
                Ok((Tag { class, number: n }, t.implicit.unwrap_or(implicit_default)))
            })
            .collect()
    }

    /// Applies tags (outermost first) to a type: an implicit tag replaces the outermost tag,
    /// except on an untagged CHOICE or open type, where tags are explicit (X.680 31.2.7-31.2.9).
    fn apply_tags(&self, t: &mut Ty, tags: &[(Tag, bool)]) {
        for (tag, implicit) in tags.iter().rev() {
            if *implicit && !t.tags.is_empty() {
                t.tags[0] = *tag;
            } else {
                t.tags.insert(0, *tag);
            }
        }
    }

    fn alloc(&mut self, t: Ty) -> TypeId {
        self.types.push(t);
        TypeId(self.types.len() - 1)
    }

    /// Compiles a type notation in `module`.
    fn ty(&mut self, module: usize, ast: &TypeAst) -> Result<TypeId, NotationError> {
        let tags = self.resolve_tags(module, &ast.tags, ast.offset)?;
        if let TypeKindAst::Reference { module: q, name, parameterised, args, raw_args } = &ast.kind {
            let target = if *parameterised {
                self.instantiate(module, q.as_deref(), name, args, raw_args, ast.offset)?
            } else {
                self.named(module, q.as_deref(), name, ast.offset)?
            };
            if tags.is_empty() && ast.constraints.is_empty() {
                return Ok(target);
            }
            return self.derive(module, target, tags, ast.constraints.clone());
        }
        if let TypeKindAst::ClassField { class, field } = &ast.kind {
            let class = self.bound_class(class);
            let target = self.class_field(module, &class, field);
            let target = match target {
                Some(r) => r?,
                None => self.alloc(Ty {
                    name: None,
                    tags: Vec::new(),
                    kind: Kind::Open(format!("{class}.{field}")),
                    constraints: Constraints::default(),
                    table: None,
                    containing: None,
                    inner: Vec::new(),
                    exact: Vec::new(),
                }),
            };
            if tags.is_empty() && ast.constraints.is_empty() {
                return Ok(target);
            }
            let table = self.table_constraint(module, field, &ast.constraints, ast.offset)?;
            let id = self.derive(module, target, tags, ast.constraints.clone())?;
            if let Some(tc) = table {
                self.types[id.0].table = Some(Box::new(tc));
            }
            return Ok(id);
        }
        let kind = self.kind(module, ast)?;
        let mut t = Ty {
            name: None,
            tags: universal_tag(&kind).into_iter().collect(),
            kind,
            constraints: Constraints::default(),
            table: None,
            containing: None,
            inner: Vec::new(),
            exact: Vec::new(),
        };
        self.apply_tags(&mut t, &tags);
        self.apply_constraints(module, &mut t, &ast.constraints)?;
        if matches!(t.kind, Kind::OctetString | Kind::BitString(_)) {
            for c in &ast.constraints {
                if let Constraint::Containing(inner) = c {
                    let c = self.ty(module, inner)?;
                    self.has_tables |= self.types[c.0].table.is_some();
                    t.containing = Some(c);
                }
            }
        }
        Ok(self.alloc(t))
    }

    /// X.681 14.2: the type of a fixed-type value field (`CLASS.&id`); `None` for type fields
    /// and unknown classes (open types).
    fn class_field(
        &mut self,
        module: usize,
        class: &str,
        field: &str,
    ) -> Option<Result<TypeId, NotationError>> {
        if matches!(class, "TYPE-IDENTIFIER" | "ABSTRACT-SYNTAX") && field == "&id" {
            let t = Ty {
                name: None,
                tags: vec![Tag::OBJECT_IDENTIFIER],
                kind: Kind::ObjectIdentifier,
                constraints: Constraints::default(),
                table: None,
                containing: None,
                inner: Vec::new(),
                exact: Vec::new(),
            };
            return Some(Ok(self.alloc(t)));
        }
        let mname = &self.modules[module].name;
        let (mi, fields) =
            self.classes.get(&format!("{mname}.{class}")).or_else(|| self.classes.get(class))?.clone();
        let (_, ty) = fields.iter().find(|(f, _)| f == field)?;
        let ty = ty.clone()?;
        if !field[1..].starts_with(|c: char| c.is_ascii_lowercase()) {
            // X.681 14.5: a value set field has its governor's type; object set fields are
            // not types (left open).
            if let TypeKindAst::Reference { name, .. } = &ty.kind
                && self.is_class(name)
            {
                return None;
            }
        }
        let saved = std::mem::take(&mut self.dummies);
        let saved_b = std::mem::take(&mut self.bindings);
        let saved_n = std::mem::replace(&mut self.nesting, 0);
        let r = self.ty(mi, &ty);
        self.dummies = saved;
        self.bindings = saved_b;
        self.nesting = saved_n;
        Some(r)
    }

    /// X.683 9: a parameterised type with its actual type parameters substituted; value and
    /// object set parameters are not substituted (their dummies stay open types).
    fn instantiate(
        &mut self,
        module: usize,
        qual: Option<&str>,
        name: &str,
        args: &[Option<TypeAst>],
        raw_args: &[Vec<crate::parser::lexer::Token>],
        offset: usize,
    ) -> Result<TypeId, NotationError> {
        let mname = self.modules[module].name.clone();
        let key = match qual {
            Some(q) => format!("{q}.{name}"),
            None => {
                let imported = self.modules[module]
                    .imports
                    .iter()
                    .find(|(syms, _)| syms.iter().any(|s| s == name))
                    .map(|(_, from)| format!("{from}.{name}"));
                [Some(format!("{mname}.{name}")), imported, Some(name.to_owned())]
                    .into_iter()
                    .flatten()
                    .find(|k| self.type_asts.contains_key(k))
                    .unwrap_or_else(|| name.to_owned())
            }
        };
        let Some((mi, body, _)) = self.type_asts.get(&key).cloned() else {
            return Err(self.err(module, offset, R_REF, format!("unresolved type reference `{name}`")));
        };
        let full = format!("{}.{name}", self.modules[mi].name);
        let Some(params) = self.params.get(&full).cloned() else {
            return Err(self.err(module, offset, "X.683 9.2", format!("`{name}` has no parameters")));
        };
        if params.len() != args.len() {
            return Err(self.err(
                module,
                offset,
                "X.683 9.2",
                format!("`{name}` takes {} parameters, {} given", params.len(), args.len()),
            ));
        }
        if self.instantiation_depth > 16 {
            return Err(self.err(module, offset, "X.683 9", "parameterised types nested too deeply"));
        }
        let mut bound = Vec::new();
        let mut bindings = Vec::new();
        for (i, (p, a)) in params.iter().zip(args).enumerate() {
            let raw = raw_args.get(i).map(Vec::as_slice).unwrap_or_default();
            if let Some(b) = self.bind_param(module, p, raw, offset)? {
                bindings.push((p.clone(), b));
                bound.push((p.clone(), None));
                continue;
            }
            let id = match a {
                // Only type parameters (upper-case dummy names) are substituted.
                Some(t) if p.starts_with(|c: char| c.is_ascii_uppercase()) => Some(self.ty(module, t)?),
                _ => None,
            };
            bound.push((p.clone(), id));
        }
        let saved = std::mem::replace(&mut self.dummies, bound);
        let saved_b = std::mem::replace(&mut self.bindings, bindings);
        let saved_n = std::mem::replace(&mut self.nesting, 0);
        self.instantiation_depth += 1;
        let r = self.ty(mi, &body);
        self.instantiation_depth -= 1;
        self.dummies = saved;
        self.bindings = saved_b;
        self.nesting = saved_n;
        let id = r?;
        let mut t = self.types[id.0].clone();
        if t.kind == Kind::Placeholder {
            return Err(self.err(module, offset, R_REF, format!("`{name}` is defined in terms of itself")));
        }
        t.name = Some(name.to_owned());
        Ok(self.alloc(t))
    }

    /// A copy of `target` with more tags and constraints; deferred while `target` is being
    /// compiled (recursive types).
    fn derive(
        &mut self,
        module: usize,
        target: TypeId,
        tags: Vec<(Tag, bool)>,
        constraints: Vec<Constraint>,
    ) -> Result<TypeId, NotationError> {
        let mut t = self.types[target.0].clone();
        if t.kind == Kind::Placeholder {
            let node = self.alloc(t);
            self.deferred.push(Deferred { node, target, tags, constraints, module });
            return Ok(node);
        }
        t.name = None;
        self.apply_tags(&mut t, &tags);
        self.apply_constraints(module, &mut t, &constraints)?;
        Ok(self.alloc(t))
    }

    fn kind(&mut self, module: usize, ast: &TypeAst) -> Result<Kind, NotationError> {
        Ok(match &ast.kind {
            TypeKindAst::Boolean => Kind::Boolean,
            TypeKindAst::Null => Kind::Null,
            TypeKindAst::Real => Kind::Real,
            TypeKindAst::OctetString => Kind::OctetString,
            TypeKindAst::ObjectIdentifier => Kind::ObjectIdentifier,
            TypeKindAst::RelativeOid => Kind::RelativeOid,
            TypeKindAst::String(s) => Kind::String(*s),
            TypeKindAst::Open(s) => Kind::Open(s.clone()),
            TypeKindAst::Integer(named) => Kind::Integer(self.named_numbers(module, named, ast.offset)?),
            TypeKindAst::BitString(named) => Kind::BitString(self.named_numbers(module, named, ast.offset)?),
            TypeKindAst::Enumerated { root, ext } => {
                let root = self.enum_items(module, root, &[], ast.offset)?;
                let ext = match ext {
                    Some(e) => Some(self.enum_items(module, e, &root, ast.offset)?),
                    None => None,
                };
                Kind::Enumerated { root, ext }
            }
            TypeKindAst::SequenceOf(e) => Kind::SequenceOf(self.ty(module, e)?),
            TypeKindAst::SetOf(e) => Kind::SetOf(self.ty(module, e)?),
            TypeKindAst::Sequence(list) => Kind::Sequence(self.fields(module, list, false)?),
            TypeKindAst::Set(list) => Kind::Set(self.fields(module, list, false)?),
            TypeKindAst::Choice(list) => {
                let f = self.fields(module, list, true)?;
                Kind::Choice {
                    root: f.root,
                    extensible: f.extensible,
                    additions: f.additions.into_iter().flat_map(|g| g.fields).collect(),
                }
            }
            TypeKindAst::Reference { .. } | TypeKindAst::ClassField { .. } => {
                unreachable!("references are resolved by Schema::ty")
            }
        })
    }

    fn named_numbers(
        &self,
        module: usize,
        named: &[(String, ValueAst)],
        offset: usize,
    ) -> Result<Vec<(String, i128)>, NotationError> {
        named
            .iter()
            .map(|(n, v)| {
                self.int_value(module, v).map(|i| (n.clone(), i)).ok_or_else(|| {
                    self.err(module, offset, "X.680 19.1 NamedNumber", format!("`{n}` has no integer value"))
                })
            })
            .collect()
    }

    /// X.680 20.2-20.4: numbers of enumeration items, given or assigned in order.
    fn enum_items(
        &self,
        module: usize,
        items: &[(String, Option<ValueAst>)],
        before: &[(Name, i128)],
        offset: usize,
    ) -> Result<Vec<(Name, i128)>, NotationError> {
        let mut used: Vec<i128> = before.iter().map(|(_, v)| *v).collect();
        for (_, v) in items {
            if let Some(v) = v {
                used.push(
                    self.int_value(module, v)
                        .ok_or_else(|| self.err(module, offset, "X.680 20.2", "bad enumeration number"))?,
                );
            }
        }
        let mut next =
            if before.is_empty() { 0 } else { before.iter().map(|(_, v)| *v).max().unwrap_or(-1) + 1 };
        let mut out = Vec::new();
        for (name, v) in items {
            let n = match v {
                Some(v) => self.int_value(module, v).unwrap_or_default(),
                None => {
                    while used.contains(&next) {
                        next += 1;
                    }
                    used.push(next);
                    next
                }
            };
            if out.iter().chain(before.iter()).any(|(m, x): &(Name, i128)| **m == **name || *x == n) {
                return Err(self.err(
                    module,
                    offset,
                    "X.680 20.3 EnumeratedType",
                    format!("duplicate enumeration item `{name}` or number {n}"),
                ));
            }
            out.push((name.as_str().into(), n));
        }
        Ok(out)
    }

    fn fields(&mut self, module: usize, list: &ComponentList, choice: bool) -> Result<Fields, NotationError> {
        self.nesting += 1;
        let r = self.fields_inner(module, list, choice);
        self.nesting -= 1;
        r
    }

    fn fields_inner(
        &mut self,
        module: usize,
        list: &ComponentList,
        choice: bool,
    ) -> Result<Fields, NotationError> {
        let automatic = self.modules[module].tag_default == TagDefault::Automatic
            && !list.root.iter().chain(list.root2.iter()).any(|c| !c.ty.tags.is_empty() && !c.components_of);
        let mut f = Fields {
            extensible: list.extensible || self.modules[module].extensibility_implied,
            ..Fields::default()
        };
        let mut next_tag = 0u32;
        // X.680 25.3: automatic tags are numbered in textual order (root, additions, root
        // after the second marker), as asn1c and asn1tools do.
        let mut root = Vec::new();
        for c in list.root.iter() {
            self.component(module, c, &mut root, automatic, &mut next_tag)?;
        }
        f.root2_at = root.len();
        for a in &list.additions {
            let mut fields = Vec::new();
            let is_group = matches!(a, Addition::Group(_));
            let comps: &[Component] = match a {
                Addition::Single(c) => std::slice::from_ref(c),
                Addition::Group(g) => g,
            };
            for c in comps {
                self.component(module, c, &mut fields, automatic, &mut next_tag)?;
            }
            f.additions.push(AdditionGroup { fields, is_group: is_group && !choice });
        }
        let mut root2 = Vec::new();
        for c in list.root2.iter() {
            self.component(module, c, &mut root2, automatic, &mut next_tag)?;
        }
        root.extend(root2);
        f.root = root;
        let mut names: Vec<&str> = f.textual().map(|x| &*x.name).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            let offset = list.root.first().map_or(0, |c| c.ty.offset);
            return Err(self.err(
                module,
                offset,
                "X.680 25.1 ComponentTypeLists",
                format!("duplicate component name `{}`", w[0]),
            ));
        }
        Ok(f)
    }

    fn component(
        &mut self,
        module: usize,
        c: &Component,
        out: &mut Vec<Field>,
        automatic: bool,
        next_tag: &mut u32,
    ) -> Result<(), NotationError> {
        if c.components_of {
            let id = self.ty(module, &c.ty)?;
            match &self.types[id.0].kind {
                Kind::Sequence(f) | Kind::Set(f) => {
                    let f = f.root.clone();
                    for x in f {
                        let x = if automatic { self.auto_tag(module, x, next_tag)? } else { x };
                        out.push(x);
                    }
                    return Ok(());
                }
                _ => {
                    return Err(self.err(
                        module,
                        c.ty.offset,
                        "X.680 25.5 COMPONENTS OF",
                        "COMPONENTS OF needs a SEQUENCE or SET type",
                    ));
                }
            }
        }
        let ty = self.ty(module, &c.ty)?;
        let (optional, default) = match &c.presence {
            Presence::Required => (false, None),
            Presence::Optional => (true, None),
            Presence::Default(v) => {
                let d = if self.types[ty.0].kind == Kind::Placeholder {
                    None
                } else {
                    self.value_from_ast(module, ty, v).ok()
                };
                if d.is_none() {
                    self.warnings
                        .push(format!("DEFAULT value of `{}` not interpreted; treated as OPTIONAL", c.name));
                }
                (true, d)
            }
        };
        let field = Field { name: c.name.as_str().into(), ty, optional, default };
        out.push(if automatic { self.auto_tag(module, field, next_tag)? } else { field });
        Ok(())
    }

    fn auto_tag(&mut self, module: usize, mut f: Field, next_tag: &mut u32) -> Result<Field, NotationError> {
        let tag = Tag { class: Class::ContextSpecific, number: *next_tag };
        *next_tag += 1;
        // Implicit unless the component is an untagged CHOICE or open type (X.680 25.3, 31.2.7).
        f.ty = self.derive(module, f.ty, vec![(tag, true)], Vec::new())?;
        Ok(f)
    }

    /// X.680 25.6.2, 27.3, 29.3: tags of SET components and CHOICE alternatives are distinct.
    fn check_distinct_tags(&self, id: TypeId) -> Result<(), NotationError> {
        let (fields, what): (Vec<&Field>, &str) = match &self.types[id.0].kind {
            Kind::Set(f) => (f.textual().collect(), "SET"),
            Kind::Choice { root, additions, .. } => (root.iter().chain(additions.iter()).collect(), "CHOICE"),
            _ => return Ok(()),
        };
        let mut seen: Vec<(Tag, &str)> = Vec::new();
        for f in fields {
            for t in self.first_tags(f.ty, 0) {
                if let Some((_, other)) = seen.iter().find(|(x, _)| *x == t) {
                    // Reported at the assignment of the named type (1:1 of the first source
                    // for an anonymous one), so the position always lies within the text.
                    let name = self.types[id.0].name.as_deref();
                    let (module, offset) = name
                        .and_then(|n| self.type_asts.get(n))
                        .map_or((0, 0), |(m, _, offset)| (*m, *offset));
                    return Err(self.err(
                        module,
                        offset,
                        "X.680 27.3 / 29.3 distinct tags",
                        format!(
                            "{what} {}: `{}` and `{other}` have the same tag {t}",
                            name.unwrap_or("(anonymous)"),
                            f.name
                        ),
                    ));
                }
                seen.push((t, &f.name));
            }
        }
        Ok(())
    }

    /// The possible outermost tags of a type (all alternatives' tags for an untagged CHOICE).
    pub(crate) fn first_tags(&self, id: TypeId, depth: usize) -> Vec<Tag> {
        let t = &self.types[id.0];
        if let Some(tag) = t.tags.first() {
            return vec![*tag];
        }
        match &t.kind {
            Kind::Choice { root, additions, .. } if depth < 32 => {
                root.iter().chain(additions.iter()).flat_map(|f| self.first_tags(f.ty, depth + 1)).collect()
            }
            _ => Vec::new(),
        }
    }

    pub(crate) fn per_info(&self, id: TypeId) -> &crate::per::PerInfo {
        &self.per[id.0]
    }

    /// The compiled type `id`.
    #[must_use]
    pub fn get(&self, id: TypeId) -> &Ty {
        &self.types[id.0]
    }

    /// Looks up a type by name (`Type` or `Module.Type`).
    #[must_use]
    pub fn type_id(&self, name: &str) -> Option<TypeId> {
        self.names
            .get(name)
            .copied()
            .or_else(|| self.order.iter().find(|(_, n, _)| n == name).map(|(_, _, id)| *id))
    }

    /// All assigned types as `(module, name, id)` in module and textual order.
    pub fn types(&self) -> impl Iterator<Item = (&str, &str, TypeId)> {
        self.order.iter().map(|(m, n, id)| (m.as_str(), n.as_str(), *id))
    }

    /// Module names in order.
    pub fn module_names(&self) -> impl Iterator<Item = &str> {
        self.modules.iter().map(|m| m.name.as_str())
    }

    /// The name of a type for messages.
    #[must_use]
    pub fn describe(&self, id: TypeId) -> String {
        let t = &self.types[id.0];
        let base = match &t.kind {
            Kind::Placeholder => "?".to_owned(),
            Kind::Boolean => "BOOLEAN".into(),
            Kind::Null => "NULL".into(),
            Kind::Integer(_) => "INTEGER".into(),
            Kind::Enumerated { .. } => "ENUMERATED".into(),
            Kind::Real => "REAL".into(),
            Kind::BitString(_) => "BIT STRING".into(),
            Kind::OctetString => "OCTET STRING".into(),
            Kind::ObjectIdentifier => "OBJECT IDENTIFIER".into(),
            Kind::RelativeOid => "RELATIVE-OID".into(),
            Kind::String(s) => s.name().into(),
            Kind::Sequence(_) => "SEQUENCE".into(),
            Kind::Set(_) => "SET".into(),
            Kind::Choice { .. } => "CHOICE".into(),
            Kind::SequenceOf(_) => "SEQUENCE OF".into(),
            Kind::SetOf(_) => "SET OF".into(),
            Kind::Open(s) => format!("open type ({s})"),
        };
        let tags: String =
            t.tags.iter().take(t.tags.len().saturating_sub(1)).map(|t| format!("{t} ")).collect();
        format!("{tags}{base}{}", t.constraints)
    }

    /// Integer value of a value notation: a number, or a reference to an INTEGER value.
    pub(crate) fn int_value(&self, _module: usize, v: &ValueAst) -> Option<i128> {
        let mut v = v;
        for _ in 0..32 {
            match v {
                ValueAst::Integer(i) => return Some(*i),
                ValueAst::Ident(name) => v = self.value_ast(name)?,
                _ => return None,
            }
        }
        None
    }

    /// The value notation assigned to `name`.
    pub(crate) fn value_ast(&self, name: &str) -> Option<&ValueAst> {
        if let Some(v) = self.bound_value(name) {
            return Some(v);
        }
        self.values.get(name).map(|(_, _, v)| v)
    }
}

fn universal_tag(kind: &Kind) -> Option<Tag> {
    Some(Tag::universal(match kind {
        Kind::Boolean => 1,
        Kind::Integer(_) => 2,
        Kind::BitString(_) => 3,
        Kind::OctetString => 4,
        Kind::Null => 5,
        Kind::ObjectIdentifier => 6,
        Kind::Real => 9,
        Kind::Enumerated { .. } => 10,
        Kind::RelativeOid => 13,
        Kind::Sequence(_) | Kind::SequenceOf(_) => 16,
        Kind::Set(_) | Kind::SetOf(_) => 17,
        Kind::String(s) => s.universal_tag(),
        Kind::Open(s) if s == "EXTERNAL" => 8,
        Kind::Open(s) if s == "EMBEDDED PDV" => 11,
        Kind::Open(s) if s == "CHARACTER STRING" => 29,
        Kind::Choice { .. } | Kind::Open(_) | Kind::Placeholder => return None,
    }))
}
