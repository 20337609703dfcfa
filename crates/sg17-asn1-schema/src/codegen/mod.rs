//! Rust code generator: one Rust type per ASN.1 type of a [`Schema`], with PER codecs
//! (X.691, ALIGNED and UNALIGNED, through [`crate::typed::PerCodec`]) that call the same
//! primitives ([`crate::per::prim`]) as the schema-driven codec, basic OER codecs (X.696,
//! through [`crate::typed::OerCodec`]) calling [`crate::oer::prim`] likewise, and conversions
//! from and to [`crate::SchemaValue`].
//!
//! Supported: SEQUENCE and SET, with or without an extension marker and extension additions
//! (OPTIONAL components as `Option`, DEFAULT ones as `Option` too, a value equal to the DEFAULT
//! is not encoded, X.691 19.5; each component of an addition or addition group `[[ ]]` is an
//! `Option` field, sent in an open type after the extension bitmap as the schema-driven codecs
//! send it through the same primitives, X.691 19.6-19.9, X.696 16.4-16.5, and additions of a
//! later version are dropped on decoding as there; in borrowed mode, not an addition whose type
//! borrows), CHOICE with or without extension additions (an addition alternative is a
//! variant, its value in an open type, X.691 23.8, X.696 20; with an extension marker, an
//! extension alternative of a later version decodes to an `UnknownExtension` variant holding
//! its octets, as the schema-driven decoders keep it, and is refused by the encoders as there),
//! ENUMERATED (additional items
//! included), SEQUENCE OF / SET OF (`Vec`), BOOLEAN,
//! NULL, INTEGER (`i64`, `u64` or `i128` from the value range; extensible ranges are
//! `i128`), OCTET STRING (`Vec<u8>`), BIT STRING ([`crate::typed::BitString`]) with SIZE
//! constraints and named-bit lists (trailing 0 bits dropped and padded to the lower bound as
//! the schema-driven codecs do, through the same primitives), OBJECT IDENTIFIER and RELATIVE-OID
//! (`Vec<u128>`, the arcs), the known-multiplier strings IA5String,
//! VisibleString, PrintableString, NumericString, BMPString and UniversalString with SIZE and
//! FROM constraints and UTF8String without SIZE (`String`, `Cow<'a, str>` in borrowed mode), tags (invisible in PER). Everything else (REAL,
//! DEFAULT values of BIT STRING, OBJECT IDENTIFIER and RELATIVE-OID, the other character
//! strings (TeletexString, GeneralString, ...: not known-multiplier), a SIZE on UTF8String (not
//! PER-visible; the schema-driven decoders check it after decoding), open types, table and contents
//! constraints, inner subtype constraints (X.680 51.8), constraints that the PER-visible bounds
//! do not capture exactly (unions of values, EXCEPT, single values, PATTERN), recursive types, DEFAULT values of
//! constructed types other than `{}`, a CHOICE alternative without exactly one outer tag,
//! which OER needs) makes
//! [`generate`] return [`CodegenError::Unsupported`].
//!
//! ```
//! use sg17_asn1_schema::{Schema, codegen};
//! let s = Schema::from_source(
//!     "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN P ::= SEQUENCE { a INTEGER (0..7), b BOOLEAN OPTIONAL } END",
//!     "m.asn",
//! )?;
//! let code = codegen::generate(&s, &codegen::CodegenOptions::default())?;
//! assert!(code.contains("pub struct P {"));
//! assert!(code.contains("pub a: u64,"));
//! assert!(code.contains("pub b: ::core::option::Option<bool>,"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod convert;
mod names;
mod oer;
mod per;

use crate::parser::ast::StringType;
use crate::schema::{Field, Interval, Kind, Schema, TypeId};
use core::fmt;
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;

/// What to generate.
#[derive(Clone, Debug)]
pub struct CodegenOptions {
    /// The ASN.1 types to generate (with the types they use); empty for all named types.
    pub types: Vec<String>,
    /// The path of this crate in the generated code.
    pub crate_path: String,
    /// Zero-copy types: character strings as `Cow<'a, str>`, OCTET STRINGs as
    /// `Cow<'a, [u8]>` and BIT STRINGs as [`crate::typed::BitString<'a>`], borrowed from the input where the encoding holds them as they are
    /// (OER, octet-aligned ALIGNED PER) and owned where it does not (UNALIGNED PER packs
    /// 7-bit characters); the types that hold them (directly or not) take a lifetime `'a`.
    pub borrowed: bool,
}

impl Default for CodegenOptions {
    fn default() -> Self {
        CodegenOptions { types: Vec::new(), crate_path: "::sg17_asn1_schema".into(), borrowed: false }
    }
}

/// Why no code was generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodegenError {
    /// A construct the generator does not handle, in the named type.
    Unsupported {
        /// The ASN.1 type (or the Rust name of an inner anonymous type).
        type_name: String,
        /// The construct.
        construct: String,
    },
    /// A type named in [`CodegenOptions::types`] is not in the schema.
    UnknownType(String),
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::Unsupported { type_name, construct } => {
                write!(f, "codegen does not support {construct} (in type {type_name})")
            }
            CodegenError::UnknownType(n) => write!(f, "no type named `{n}` in the schema"),
        }
    }
}

impl std::error::Error for CodegenError {}

type G<T> = Result<T, CodegenError>;

/// Generates Rust source for the types of `schema` selected by `opts`.
///
/// # Errors
/// [`CodegenError::Unsupported`] for a construct without a generated codec (never a wrong
/// codec), [`CodegenError::UnknownType`] for an unknown type in `opts`.
pub fn generate(schema: &Schema, opts: &CodegenOptions) -> Result<String, CodegenError> {
    let mut g = Gen::new(schema, &opts.crate_path);
    g.borrowed = opts.borrowed;
    let roots: Vec<TypeId> = if opts.types.is_empty() {
        schema.types().map(|(_, _, id)| id).collect()
    } else {
        opts.types
            .iter()
            .map(|n| schema.type_id(n).ok_or_else(|| CodegenError::UnknownType(n.clone())))
            .collect::<G<_>>()?
    };
    for id in &roots {
        g.check_tree(*id)?;
        g.queue.push_back(*id);
    }
    while let Some(id) = g.queue.pop_front() {
        if g.done.insert(id) {
            g.emit(id)?;
        }
    }
    let mut out = String::new();
    out.push_str("// Generated by sg17 asn1 codegen from an ASN.1 schema; do not edit.\n");
    out.push_str("// PER codecs call the primitives of sg17_asn1_schema::per::prim, OER codecs those of\n");
    out.push_str("// sg17_asn1_schema::oer::prim.\n\n");
    out.push_str(&g.statics);
    out.push_str(&g.out);
    Ok(out)
}

struct Gen<'s> {
    schema: &'s Schema,
    k: String,
    /// Rust type name of each type that has one (named, or a generated anonymous type).
    names: HashMap<TypeId, String>,
    /// Named constructed types, for references that the compiler copied (tags added).
    named: Vec<TypeId>,
    /// Copies of named types: the named type generated for them.
    alias: HashMap<TypeId, TypeId>,
    used: HashSet<String>,
    queue: VecDeque<TypeId>,
    done: HashSet<TypeId>,
    codings: HashMap<String, String>,
    statics: String,
    out: String,
    /// The type being generated, for errors.
    current: String,
    var: usize,
    /// [`CodegenOptions::borrowed`].
    borrowed: bool,
}

fn constructed(k: &Kind) -> bool {
    matches!(k, Kind::Sequence(_) | Kind::Set(_) | Kind::Choice { .. } | Kind::Enumerated { .. })
}

impl<'s> Gen<'s> {
    fn new(schema: &'s Schema, k: &str) -> Self {
        let mut g = Gen {
            schema,
            k: k.to_owned(),
            names: HashMap::new(),
            named: Vec::new(),
            alias: HashMap::new(),
            used: HashSet::new(),
            queue: VecDeque::new(),
            done: HashSet::new(),
            codings: HashMap::new(),
            statics: String::new(),
            out: String::new(),
            current: String::new(),
            var: 0,
            borrowed: false,
        };
        for (_, n, id) in schema.types() {
            if g.names.contains_key(&id) {
                continue;
            }
            let name = g.unique(&names::upper_camel(n));
            g.names.insert(id, name);
            if constructed(&schema.get(id).kind) {
                g.named.push(id);
            }
        }
        g
    }

    fn unique(&mut self, base: &str) -> String {
        let mut name = base.to_owned();
        let mut n = 2;
        while !self.used.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    fn unsupported(&self, construct: impl Into<String>) -> CodegenError {
        CodegenError::Unsupported { type_name: self.current.clone(), construct: construct.into() }
    }

    fn fresh(&mut self) -> String {
        self.var += 1;
        format!("v{}", self.var)
    }

    /// Rejects recursion and nesting deeper than the decoders allow ([`crate::MAX_DEPTH`]),
    /// and every unsupported construct reachable from `root`.
    fn check_tree(&mut self, root: TypeId) -> G<()> {
        self.current = self.schema.get(root).name.clone().unwrap_or_else(|| format!("#{}", root.0));
        let mut stack = Vec::new();
        self.check(root, &mut stack)
    }

    fn check(&self, id: TypeId, stack: &mut Vec<TypeId>) -> G<()> {
        if stack.contains(&id) || stack.len() >= 256 {
            return Err(self.unsupported("a recursive type"));
        }
        if stack.len() >= crate::MAX_DEPTH {
            return Err(self.unsupported(format!("nesting deeper than {}", crate::MAX_DEPTH)));
        }
        let t = self.schema.get(id);
        if t.table.is_some() {
            return Err(self.unsupported("a table constraint"));
        }
        if t.containing.is_some() {
            return Err(self.unsupported("a contents constraint (CONTAINING)"));
        }
        if !t.inner.is_empty() {
            // Generated decoders check the PER-visible constraints only.
            return Err(self.unsupported("an inner subtype constraint (WITH COMPONENT(S), X.680 51.8)"));
        }
        if self.schema.exact_check_of(id).is_some() {
            // Nor the exact set when its PER-visible hull is not exact (a union of values,
            // EXCEPT, single values, PATTERN): refused rather than accepting values outside it.
            return Err(self.unsupported(
                "a constraint that its PER-visible bounds do not capture exactly (X.680 50, 51)",
            ));
        }
        stack.push(id);
        let r = match &t.kind {
            Kind::Boolean | Kind::Null | Kind::OctetString | Kind::BitString(_) => Ok(()),
            Kind::ObjectIdentifier | Kind::RelativeOid => Ok(()),
            Kind::Integer(_) => Ok(()),
            Kind::String(StringType::Utf8) if t.constraints.size.is_some() => {
                // Not PER-visible (X.691 30.6): the schema-driven decoders check it on the
                // decoded value, which the generated decoders do not.
                Err(self.unsupported("a SIZE constraint on UTF8String"))
            }
            Kind::String(s) => {
                if matches!(
                    s,
                    StringType::Ia5
                        | StringType::Visible
                        | StringType::Printable
                        | StringType::Numeric
                        | StringType::Bmp
                        | StringType::Universal
                        | StringType::Utf8
                ) {
                    Ok(())
                } else {
                    Err(self.unsupported(s.name()))
                }
            }
            Kind::Enumerated { root, .. } => {
                if root.is_empty() {
                    Err(self.unsupported("an empty ENUMERATED"))
                } else {
                    Ok(())
                }
            }
            Kind::Sequence(f) | Kind::Set(f) => {
                let adds = f.additions.iter().flat_map(|g| g.fields.iter());
                if self.borrowed && adds.clone().any(|x| self.borrows(x.ty)) {
                    // An open type's value is decoded from octets of its own, which a borrowed
                    // value could not outlive.
                    Err(self.unsupported("an extension addition borrowing from the input (borrowed mode)"))
                } else {
                    f.root.iter().chain(adds).try_for_each(|x| self.check(x.ty, stack))
                }
            }
            Kind::Choice { root, additions, .. } => {
                if root.is_empty() {
                    Err(self.unsupported("a CHOICE without alternatives"))
                } else if self.borrowed && additions.iter().any(|x| self.borrows(x.ty)) {
                    // As for SEQUENCE: decoded from the octets of its open type.
                    Err(self.unsupported("an extension addition borrowing from the input (borrowed mode)"))
                } else {
                    root.iter().chain(additions).try_for_each(|x| self.check(x.ty, stack))
                }
            }
            Kind::SequenceOf(e) | Kind::SetOf(e) => self.check(*e, stack),
            Kind::Real => Err(self.unsupported("REAL")),
            Kind::Open(s) => Err(self.unsupported(format!("an open type ({s})"))),
            Kind::Placeholder => Err(self.unsupported("an unresolved type")),
        };
        stack.pop();
        r
    }

    /// The Rust type that has a name of its own for `id`, if any: the named type itself, a
    /// named constructed type it is a copy of, or a new anonymous type named after `hint`.
    fn own(&mut self, id: TypeId, hint: &str) -> Option<String> {
        if let Some(n) = self.names.get(&id) {
            let n = n.clone();
            let target = self.alias.get(&id).copied().unwrap_or(id);
            if !self.done.contains(&target) {
                self.queue.push_back(target);
            }
            return Some(n);
        }
        let t = self.schema.get(id);
        if !constructed(&t.kind) {
            return None;
        }
        let same = self.named.iter().copied().find(|n| {
            let u = self.schema.get(*n);
            u.kind == t.kind && u.constraints == t.constraints
        });
        let target = match same {
            Some(n) => n,
            None => {
                let name = self.unique(hint);
                self.names.insert(id, name);
                id
            }
        };
        let name = self.names[&target].clone();
        self.names.insert(id, name.clone());
        self.alias.insert(id, target);
        if !self.done.contains(&target) {
            self.queue.push_back(target);
        }
        Some(name)
    }

    /// Whether the Rust type of `id` borrows from the input (and takes a lifetime `'a`):
    /// in borrowed mode, when a character string or OCTET STRING is in it.
    fn borrows(&self, id: TypeId) -> bool {
        fn walk(s: &Schema, id: TypeId, depth: usize) -> bool {
            // `check_tree` has refused recursion, so the walk ends; the depth is a guard.
            depth < 256
                && match &s.get(id).kind {
                    Kind::String(_) | Kind::OctetString | Kind::BitString(_) => true,
                    Kind::Sequence(f) | Kind::Set(f) => f.root.iter().any(|x| walk(s, x.ty, depth + 1)),
                    Kind::Choice { root, .. } => root.iter().any(|x| walk(s, x.ty, depth + 1)),
                    Kind::SequenceOf(e) | Kind::SetOf(e) => walk(s, *e, depth + 1),
                    _ => false,
                }
        }
        self.borrowed && walk(self.schema, id, 0)
    }

    /// The lifetime parameters of the Rust type of `id`: `<'a>` or nothing.
    fn lt(&self, id: TypeId) -> &'static str {
        if self.borrows(id) { "<'a>" } else { "" }
    }

    /// The Rust type of a value of `id`.
    fn rust_type(&mut self, id: TypeId, hint: &str) -> G<String> {
        if let Some(n) = self.own(id, hint) {
            return Ok(format!("{n}{}", self.lt(id)));
        }
        self.inline_type(id, hint)
    }

    /// The Rust type of a value of `id` written out (not its own named type).
    fn inline_type(&mut self, id: TypeId, hint: &str) -> G<String> {
        let t = self.schema.get(id);
        Ok(match &t.kind {
            Kind::Boolean => "bool".into(),
            Kind::Null => "()".into(),
            Kind::Integer(_) => int_type(t.constraints.value).into(),
            Kind::String(_) if self.borrowed => "::std::borrow::Cow<'a, str>".into(),
            Kind::OctetString if self.borrowed => "::std::borrow::Cow<'a, [u8]>".into(),
            Kind::String(_) => "::std::string::String".into(),
            Kind::BitString(_) => {
                format!("{}::typed::BitString<{}>", self.k, if self.borrowed { "'a" } else { "'static" })
            }
            Kind::OctetString => "::std::vec::Vec<u8>".into(),
            Kind::ObjectIdentifier | Kind::RelativeOid => "::std::vec::Vec<u128>".into(),
            Kind::SequenceOf(e) | Kind::SetOf(e) => {
                let e = *e;
                format!("::std::vec::Vec<{}>", self.rust_type(e, &format!("{hint}Item"))?)
            }
            _ => return Err(self.unsupported(format!("type {}", self.schema.describe(id)))),
        })
    }

    fn interval(&self, c: Option<Interval>) -> String {
        let lit = |v: Option<i128>| match v {
            None => "None".to_owned(),
            Some(i128::MIN) => "Some(i128::MIN)".to_owned(),
            Some(v) => format!("Some({v})"),
        };
        match c {
            None => "None".into(),
            Some(c) => format!(
                "Some({}::schema::Interval {{ lb: {}, ub: {}, extensible: {} }})",
                self.k,
                lit(c.lb),
                lit(c.ub),
                c.extensible
            ),
        }
    }

    /// The static holding the character coding of a known-multiplier string type.
    fn coding(&mut self, id: TypeId) -> G<String> {
        let Some(c) = self.schema.per_info(id).chars[0].as_ref() else {
            return Err(self.unsupported("a character string without a known-multiplier alphabet"));
        };
        let Some(alphabet) = c.permitted.as_ref() else {
            // BMPString, UniversalString without FROM: every character by its 16 or 32-bit
            // code (X.691 30.5.3), in both variants.
            let bits = c.bits;
            let key = format!("#{bits}");
            if let Some(n) = self.codings.get(&key) {
                return Ok(n.clone());
            }
            let name = format!("CODING_{}", self.codings.len());
            let k = &self.k;
            let _ = writeln!(
                self.statics,
                "/// Character coding (X.691 30.5.3): UNALIGNED, ALIGNED, {bits} bits by code value.\n\
                 static {name}: [{k}::per::CharCoding; 2] = [\n    \
                 {k}::per::CharCoding {{ bits: {bits}, index: None, permitted: None, range: None }},\n    \
                 {k}::per::CharCoding {{ bits: {bits}, index: None, permitted: None, range: None }},\n];\n"
            );
            self.codings.insert(key, name.clone());
            return Ok(name);
        };
        let text: String = alphabet.iter().collect();
        if let Some(n) = self.codings.get(&text) {
            return Ok(n.clone());
        }
        let name = format!("CODING_{}", self.codings.len());
        let k = &self.k;
        let _ = writeln!(
            self.statics,
            "/// Character coding (X.691 30.5): UNALIGNED, ALIGNED.\n\
             static {name}: ::std::sync::LazyLock<[{k}::per::CharCoding; 2]> = ::std::sync::LazyLock::new(|| {{\n    \
             let a: ::std::vec::Vec<char> = {text:?}.chars().collect();\n    \
             [{k}::per::CharCoding::from_alphabet(a.clone(), false), {k}::per::CharCoding::from_alphabet(a, true)]\n}});\n"
        );
        self.codings.insert(text, name.clone());
        Ok(name)
    }

    /// Declaration and impls of the Rust type of `id`.
    fn emit(&mut self, id: TypeId) -> G<()> {
        let name = self.names[&id].clone();
        let t = self.schema.get(id);
        self.current = t.name.clone().unwrap_or_else(|| name.clone());
        let asn = match &t.name {
            Some(n) => format!("ASN.1 type `{n}`"),
            None => "An anonymous ASN.1 type".to_owned(),
        };
        let doc = format!("/// {asn}: `{}`.\n", self.schema.describe(id).replace('`', "'"));
        let lt = self.lt(id);
        let mut decl = doc;
        match &t.kind {
            Kind::Sequence(f) | Kind::Set(f) => {
                decl.push_str(&format!("#[derive(Clone, Debug, PartialEq)]\npub struct {name}{lt} {{\n"));
                let adds =
                    f.additions.iter().flat_map(|g| g.fields.iter().map(move |x| (x.clone(), g.is_group)));
                for (x, add) in
                    f.root.iter().map(|x| (x.clone(), None)).chain(adds.map(|(x, g)| (x, Some(g))))
                {
                    let ty = self.rust_type(x.ty, &format!("{name}{}", names::upper_camel(&x.name)))?;
                    let ty = if x.optional || add.is_some() {
                        format!("::core::option::Option<{ty}>")
                    } else {
                        ty
                    };
                    let what = match (&x.default, x.optional, add) {
                        (Some(_), _, _) => " (DEFAULT: `None` or the default value is not encoded)",
                        (None, true, _) => " (OPTIONAL)",
                        (None, false, Some(true)) => {
                            " (in an extension addition group: `None` when the group is absent, required when another component of the group is present)"
                        }
                        (None, false, Some(false)) => " (extension addition: `None` when absent)",
                        _ => "",
                    };
                    decl.push_str(&format!(
                        "    /// Component `{}`{what}.\n    pub {}: {ty},\n",
                        x.name,
                        names::snake(&x.name)
                    ));
                }
                decl.push_str("}\n\n");
            }
            Kind::Choice { root, extensible, additions } => {
                let extensible = *extensible;
                let n_root = root.len();
                let all: Vec<Field> = root.iter().chain(additions).cloned().collect();
                decl.push_str(&format!("#[derive(Clone, Debug, PartialEq)]\npub enum {name}{lt} {{\n"));
                let mut seen = HashSet::new();
                if extensible {
                    seen.insert(UNKNOWN_ALTERNATIVE.to_owned());
                }
                for (n, x) in all.into_iter().enumerate() {
                    let v = names::upper_camel(&x.name);
                    if !seen.insert(v.clone()) {
                        return Err(self.unsupported(format!("alternatives whose Rust names clash ({v})")));
                    }
                    let ty = self.rust_type(x.ty, &format!("{name}{v}"))?;
                    let what = if n < n_root { "" } else { " (extension addition)" };
                    decl.push_str(&format!("    /// Alternative `{}`{what}.\n    {v}({ty}),\n", x.name));
                }
                if extensible {
                    decl.push_str(&format!(
                        "    /// An extension alternative of a later version, as the schema-driven decoder keeps it\n    \
                         /// (`SchemaValue::Choice(\"\", SchemaValue::Open(..))`): the octets of its open type\n    \
                         /// (X.691 23.8) or of its value after the tag (X.696 20.2). Not encodable, as there.\n    \
                         {UNKNOWN_ALTERNATIVE}(::std::vec::Vec<u8>),\n"
                    ));
                }
                decl.push_str("}\n\n");
            }
            Kind::Enumerated { root, ext } => {
                decl.push_str(&format!(
                    "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum {name} {{\n"
                ));
                let mut seen = HashSet::new();
                for (n, v) in root.iter().chain(ext.iter().flatten()) {
                    let r = names::upper_camel(n);
                    if !seen.insert(r.clone()) {
                        return Err(self.unsupported(format!("items whose Rust names clash ({r})")));
                    }
                    decl.push_str(&format!("    /// Item `{n}` ({v}).\n    {r},\n"));
                }
                decl.push_str("}\n\n");
            }
            _ => {
                let ty = self.inline_type(id, &format!("{name}Item"))?;
                let derive = if matches!(t.kind, Kind::Boolean | Kind::Null | Kind::Integer(_)) {
                    "Clone, Copy, Debug, PartialEq, Eq, Hash"
                } else {
                    "Clone, Debug, PartialEq, Eq"
                };
                let derive = if ty.starts_with("::std::vec::Vec<") && !ty.ends_with("<u8>") {
                    "Clone, Debug, PartialEq"
                } else {
                    derive
                };
                decl.push_str(&format!("#[derive({derive})]\npub struct {name}{lt}(pub {ty});\n\n"));
            }
        }
        self.out.push_str(&decl);
        let full = format!("{name}{lt}");
        let codec = self.per_impl(id, &full)?;
        self.out.push_str(&codec);
        let codec = self.oer_impl(id, &full)?;
        self.out.push_str(&codec);
        let conv = self.convert_impl(id, &name)?;
        self.out.push_str(&conv);
        Ok(())
    }
}

/// The variant of a generated extensible CHOICE enum for an extension alternative it does not
/// know (an alternative whose Rust name is the same is refused).
pub(super) const UNKNOWN_ALTERNATIVE: &str = "UnknownExtension";

/// The Rust integer type for a value range: `u64` or `i64` when the root range is bounded,
/// not extensible and fits, else `i128`.
fn int_type(c: Option<Interval>) -> &'static str {
    match c {
        Some(Interval { lb: Some(lb), ub: Some(ub), extensible: false }) => {
            if lb >= 0 && ub <= i128::from(u64::MAX) {
                "u64"
            } else if lb >= i128::from(i64::MIN) && ub <= i128::from(i64::MAX) {
                "i64"
            } else {
                "i128"
            }
        }
        _ => "i128",
    }
}
