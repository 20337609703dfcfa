//! PER codec emission: `impl PerCodec` bodies that call [`crate::per::prim`] in the order
//! the schema-driven codec does (X.691 19-21 SEQUENCE and SET, 23 CHOICE, 14 ENUMERATED,
//! 20 SEQUENCE OF).

use super::{G, Gen, int_type};
use crate::schema::{AdditionGroup, Field, Kind, TypeId};
use crate::value::SchemaValue;

impl Gen<'_> {
    /// `impl PerCodec<'a> for name`.
    pub(super) fn per_impl(&mut self, id: TypeId, name: &str) -> G<String> {
        let k = self.k.clone();
        let t = self.schema.get(id);
        let (enc, dec) = match &t.kind {
            Kind::Sequence(f) | Kind::Set(f) => {
                let order = self.root_order(id);
                let adds = f.additions.clone();
                self.struct_codec(&order, f.extensible, &adds)?
            }
            Kind::Choice { root, extensible, additions } => {
                let order = self.schema.per_info(id).order.clone();
                let root = root.clone();
                let additions = additions.clone();
                let extensible = *extensible;
                let n = order.len();
                let mut enc = String::from("        match self {\n");
                // X.691 23.5: the extension bit; an extension alternative (23.8) is a normally
                // small index and an open type: a known addition decoded from it (the name in
                // the path of an error inside, not in that of its length), an unknown one kept
                // as its octets, as the schema-driven decoder does.
                let (bit, mut dec) = if extensible {
                    let mut arms = String::new();
                    for (j, x) in additions.iter().enumerate() {
                        let v = super::names::upper_camel(&x.name);
                        let d = self.dec_value(x.ty)?;
                        arms.push_str(&format!(
                            "                {j} => Self::{v}({k}::typed::dec_in(i, {:?}, |i| i.open_value(&bytes, |i| Ok({d})))?),\n",
                            &*x.name
                        ));
                    }
                    let u = super::UNKNOWN_ALTERNATIVE;
                    let ext = if additions.is_empty() {
                        format!(
                            "            let _ = i.normally_small()?;\n            return Ok(Self::{u}(i.octets()?));\n"
                        )
                    } else {
                        format!(
                            "            let x = i.normally_small()?;\n            let bytes = i.octets()?;\n            \
                             return Ok(match x {{\n{arms}                _ => Self::{u}(bytes),\n            }});\n"
                        )
                    };
                    (
                        "o.w.bit(false);\n                ",
                        format!(
                            "        if i.r.bit()? {{\n{ext}        }}\n        Ok(match i.constrained(0, {})? {{\n",
                            n - 1
                        ),
                    )
                } else {
                    ("", format!("        Ok(match i.constrained(0, {})? {{\n", n - 1))
                };
                for (pos, idx) in order.iter().enumerate() {
                    let x = &root[*idx];
                    let v = super::names::upper_camel(&x.name);
                    let e = self.enc_value(x.ty, "v")?;
                    let d = self.dec_value(x.ty)?;
                    enc.push_str(&format!(
                        "            Self::{v}(v) => {{\n                {bit}o.constrained({pos}, 0, {})?;\n                \
                         {k}::typed::enc_in(o, {:?}, |o| {{\n{e}                    Ok(())\n                }})?;\n            }}\n",
                        n - 1,
                        &*x.name
                    ));
                    dec.push_str(&format!(
                        "            {pos} => Self::{v}({k}::typed::dec_in(i, {:?}, |i| Ok({d}))?),\n",
                        &*x.name
                    ));
                }
                for (j, x) in additions.iter().enumerate() {
                    // X.691 23.8: an addition's index as a normally small number, its value in
                    // an open type.
                    let v = super::names::upper_camel(&x.name);
                    let e = self.enc_value(x.ty, "v")?;
                    enc.push_str(&format!(
                        "            Self::{v}(v) => {{\n                o.w.bit(true);\n                o.normally_small({j});\n                \
                         {k}::typed::enc_in(o, {:?}, |o| {{\n                    o.open_type(|o| {{\n{}                        Ok(())\n                    }})\n                }})?;\n            }}\n",
                        &*x.name,
                        indent(&e, 16)
                    ));
                }
                if extensible {
                    enc.push_str(&format!(
                        "            Self::{}(_) => return Err(o.err(\"X.691 23\", \"`` is not an alternative\")),\n",
                        super::UNKNOWN_ALTERNATIVE
                    ));
                }
                enc.push_str("        }\n        Ok(())\n");
                dec.push_str(
                    "            _ => return Err(i.r.error(\"X.691 23\", \"CHOICE index out of range\")),\n        })\n",
                );
                (enc, dec)
            }
            Kind::Enumerated { root, ext } => {
                let sorted = self.schema.per_info(id).enum_sorted.clone();
                let n = sorted.len();
                let ext = ext.clone();
                // X.691 14: the index among the root items sorted by value, after an extension
                // bit when extensible; an addition is a normally small index (14.3).
                let bit = if ext.is_some() { "o.w.bit(false);\n                " } else { "" };
                let mut enc = String::from("        match self {\n");
                let mut dec = String::new();
                let mut root_dec = format!("match i.constrained(0, {})? {{\n", n - 1);
                for (pos, idx) in sorted.iter().enumerate() {
                    let v = super::names::upper_camel(&root[*idx].0);
                    enc.push_str(&format!(
                        "            Self::{v} => {{\n                {bit}o.constrained({pos}, 0, {})?;\n            }}\n",
                        n - 1
                    ));
                    root_dec.push_str(&format!("                {pos} => Self::{v},\n"));
                }
                root_dec.push_str(
                    "                _ => return Err(i.r.error(\"X.691 14\", \"enumeration index out of range\")),\n            }",
                );
                if let Some(ext) = &ext {
                    let mut ext_dec = String::from("match i.normally_small()? {\n");
                    for (pos, (item, _)) in ext.iter().enumerate() {
                        let v = super::names::upper_camel(item);
                        enc.push_str(&format!(
                            "            Self::{v} => {{\n                o.w.bit(true);\n                o.normally_small({pos});\n            }}\n"
                        ));
                        ext_dec.push_str(&format!("                {pos} => Self::{v},\n"));
                    }
                    ext_dec.push_str("                x => return Err(i.r.error(\"X.691 14.3\", format!(\"unknown enumeration addition {x}\"))),\n            }");
                    dec.push_str(&format!(
                        "        Ok(if i.r.bit()? {{\n            {ext_dec}\n        }} else {{\n            {root_dec}\n        }})\n"
                    ));
                } else {
                    dec.push_str(&format!("        Ok({root_dec})\n"));
                }
                enc.push_str("        }\n        Ok(())\n");
                (enc, dec)
            }
            _ => self.newtype_codec(id, false)?,
        };
        Ok(codec_impl(&k, "Per", name, &enc, &dec))
    }

    /// The root components of SEQUENCE or SET `id` in the order of the schema-driven PER and
    /// OER codecs: textual for SEQUENCE, canonical tag order for SET (X.691 21.1, X.696 18).
    pub(super) fn root_order(&self, id: TypeId) -> Vec<Field> {
        match &self.schema.get(id).kind {
            Kind::Set(f) => self.schema.per_info(id).order.iter().map(|i| f.root[*i].clone()).collect(),
            Kind::Sequence(f) => f.root.clone(),
            _ => Vec::new(),
        }
    }

    /// Encoder and decoder bodies of a newtype (`self.0`) with the PER or OER codec of
    /// `id`'s kind.
    pub(super) fn newtype_codec(&mut self, id: TypeId, oer: bool) -> G<(String, String)> {
        let (e, d) = if oer {
            (self.oer_enc_inline(id, "&self.0")?, self.oer_dec_inline(id)?)
        } else {
            (self.enc_inline(id, "&self.0")?, self.dec_inline(id)?)
        };
        Ok((format!("{e}        Ok(())\n"), format!("        Ok(Self({d}))\n")))
    }

    /// Presence bitmap, then the components (X.691 19.2-19.7), in PER order.
    fn struct_codec(
        &mut self,
        order: &[Field],
        extensible: bool,
        adds: &[AdditionGroup],
    ) -> G<(String, String)> {
        let mut enc = String::new();
        let mut dec = String::new();
        if extensible {
            // X.691 19.1: the extension bit says whether an addition is present (none without
            // additions); unknown ones are read and dropped (19.8).
            let any = self.addition_presence(adds, &mut enc)?;
            enc.push_str(&format!("        o.w.bit({any});\n"));
            dec.push_str("        let ext = i.r.bit()?;\n");
        }
        for (n, x) in order.iter().enumerate() {
            if !x.optional {
                continue;
            }
            let f = super::names::snake(&x.name);
            let cond = match &x.default {
                Some(d) => format!("!({})", self.is_default(x.ty, "v", d)?),
                None => "true".into(),
            };
            enc.push_str(&format!(
                "        let p{n} = match &self.{f} {{ Some(v) => {cond}, None => false }};\n        o.w.bit(p{n});\n"
            ));
            dec.push_str(&format!("        let p{n} = i.r.bit()?;\n"));
        }
        self.components(order, extensible.then_some("ext"), adds, false, &mut enc, &mut dec)?;
        Ok((enc, dec))
    }

    /// The components of a SEQUENCE or SET after its presence bits `p{n}` (PER, or OER when
    /// `oer`): each encoded and decoded in `order` with its name in the path of an error, then
    /// the additions skipped when `ext` (an expression) is true, then the struct.
    pub(super) fn components(
        &mut self,
        order: &[Field],
        ext: Option<&str>,
        adds: &[AdditionGroup],
        oer: bool,
        enc: &mut String,
        dec: &mut String,
    ) -> G<()> {
        let mut fields = Vec::new();
        for (n, x) in order.iter().enumerate() {
            let f = super::names::snake(&x.name);
            let (call_e, call_d) = self.component_calls(x, oer, "")?;
            if x.optional {
                enc.push_str(&format!(
                    "        if let (true, Some(v)) = (p{n}, &self.{f}) {{\n    {call_e}        }}\n"
                ));
                dec.push_str(&format!("        let f{n} = if p{n} {{ Some({call_d}) }} else {{ None }};\n"));
            } else {
                enc.push_str(&format!("        let v = &self.{f};\n        {call_e}"));
                dec.push_str(&format!("        let f{n} = {call_d};\n"));
            }
            fields.push(format!("{f}: f{n}"));
        }
        if adds.is_empty() {
            if let Some(ext) = ext {
                dec.push_str(&format!(
                    "        if {ext} {{\n            i.skip_extensions()?;\n        }}\n"
                ));
            }
        } else {
            self.additions(adds, ext.unwrap_or("false"), oer, enc, dec, &mut fields)?;
        }
        enc.push_str("        Ok(())\n");
        dec.push_str(&format!("        Ok(Self {{ {} }})\n", fields.join(", ")));
        Ok(())
    }

    /// Statements computing `e{j}`, whether addition `j` (a component or a group) is to be
    /// encoded: one of its components is present and not equal to its DEFAULT (X.691 19.5,
    /// as the schema-driven encoders decide); returns the expression "one of them is".
    pub(super) fn addition_presence(&mut self, adds: &[AdditionGroup], enc: &mut String) -> G<String> {
        let mut any = Vec::new();
        for (j, g) in adds.iter().enumerate() {
            let mut ps = Vec::new();
            for x in &g.fields {
                ps.push(self.presence(x)?);
            }
            enc.push_str(&format!("        let e{j} = {};\n", ps.join(" || ")));
            any.push(format!("e{j}"));
        }
        Ok(if any.is_empty() { "false".into() } else { any.join(" || ") })
    }

    /// An expression: whether the `Option` field of `x` holds a value to encode (present and,
    /// for a DEFAULT component, not equal to the default).
    /// The generated calls that encode (closure body indented by `pad` more) and decode
    /// component `x` of a SEQUENCE or SET under its name in the error path, PER or OER.
    fn component_calls(&mut self, x: &Field, oer: bool, pad: &str) -> G<(String, String)> {
        let k = self.k.clone();
        let (e, d) = if oer {
            (self.oer_enc_value(x.ty, "v")?, self.oer_dec_value(x.ty)?)
        } else {
            (self.enc_value(x.ty, "v")?, self.dec_value(x.ty)?)
        };
        let call_e = format!(
            "{k}::typed::enc_in(o, {:?}, |o| {{\n{e}{pad}            Ok(())\n{pad}        }})?;\n",
            &*x.name
        );
        let call_d = format!("{k}::typed::dec_in(i, {:?}, |i| Ok({d}))?", &*x.name);
        Ok((call_e, call_d))
    }

    fn presence(&mut self, x: &Field) -> G<String> {
        let f = super::names::snake(&x.name);
        let cond = match &x.default {
            Some(d) => format!("!({})", self.is_default(x.ty, "v", d)?),
            None => "true".into(),
        };
        Ok(format!("match &self.{f} {{ Some(v) => {cond}, None => false }}"))
    }

    /// The extension additions of a SEQUENCE or SET after its root components (X.691 19.8,
    /// X.696 16.4), as the schema-driven codecs do them: when `e{j}` of one of them is true,
    /// the bitmap of the additions, then each present one as an open type (a group as the
    /// presence bits and values of its components, X.691 19.9); decoded when `ext` (an
    /// expression) is true, an unknown addition (a later version's) skipped. Every component
    /// of an addition is an `Option` field (absent when its group is), added to `fields`.
    fn additions(
        &mut self,
        adds: &[AdditionGroup],
        ext: &str,
        oer: bool,
        enc: &mut String,
        dec: &mut String,
        fields: &mut Vec<String>,
    ) -> G<()> {
        let k = self.k.clone();
        let clause = if oer { "X.696 16" } else { "X.691 19" };
        let es: Vec<String> = (0..adds.len()).map(|j| format!("e{j}")).collect();
        let any = es.join(" || ");
        if oer {
            enc.push_str(&format!(
                "        if {any} {{\n            o.extension_bitmap({}, [{}].into_iter());\n",
                adds.len(),
                es.join(", ")
            ));
        } else {
            enc.push_str(&format!(
                "        if {any} {{\n            o.extension_bitmap(&[{}])?;\n",
                es.join(", ")
            ));
        }
        let mut arms = String::new();
        for (j, g) in adds.iter().enumerate() {
            let mut e_body = String::new();
            let mut d_body = String::new();
            if g.is_group {
                // X.691 19.9 / X.696 16.5: the group's presence bits (or bitmap), then its
                // components, a missing mandatory one an error as in the schema-driven encoders.
                let mut qs = Vec::new();
                for (m, x) in g.fields.iter().enumerate() {
                    if x.optional {
                        let p = self.presence(x)?;
                        e_body.push_str(&format!("            let q{m} = {p};\n"));
                        qs.push(m);
                    }
                }
                if oer {
                    let list: Vec<String> = qs.iter().map(|m| format!("q{m}")).collect();
                    if list.is_empty() {
                        e_body.push_str("            o.bitmap(::core::iter::empty());\n");
                    } else {
                        e_body
                            .push_str(&format!("            o.bitmap([{}].into_iter());\n", list.join(", ")));
                    }
                    d_body.push_str(&format!("                    let bm = i.bitmap({})?;\n", qs.len()));
                    for (b, m) in qs.iter().enumerate() {
                        d_body.push_str(&format!("                    let q{m} = bm.get({b});\n"));
                    }
                } else {
                    for m in &qs {
                        e_body.push_str(&format!("            o.w.bit(q{m});\n"));
                        d_body.push_str(&format!("                    let q{m} = i.r.bit()?;\n"));
                    }
                }
                for (m, x) in g.fields.iter().enumerate() {
                    let f = super::names::snake(&x.name);
                    let (call_e, call_d) = self.component_calls(x, oer, "    ")?;
                    if x.optional {
                        e_body.push_str(&format!(
                            "            if let (true, Some(v)) = (q{m}, &self.{f}) {{\n                {call_e}            }}\n"
                        ));
                        d_body.push_str(&format!(
                            "                    a{j}_{m} = if q{m} {{ Some({call_d}) }} else {{ None }};\n"
                        ));
                    } else {
                        e_body.push_str(&format!(
                            "            let Some(v) = &self.{f} else {{\n                \
                             return Err(o.err({clause:?}, \"mandatory component `{}` is missing\"));\n            }};\n            {call_e}",
                            x.name
                        ));
                        d_body.push_str(&format!("                    a{j}_{m} = Some({call_d});\n"));
                    }
                }
                enc.push_str(&format!(
                    "            if e{j} {{\n                o.open_type(|o| {{\n{}                    Ok(())\n                }})?;\n            }}\n",
                    indent(&e_body, 8)
                ));
                let open =
                    if oer { format!("i.open_type({clause:?}, |i| {{") } else { "i.open_type(|i| {".into() };
                arms.push_str(&format!(
                    "                    {j} => {open}\n{}                        Ok(())\n                    }})?,\n",
                    indent(&d_body, 4)
                ));
            } else {
                let x = &g.fields[0];
                let f = super::names::snake(&x.name);
                let (e, d) = if oer {
                    (self.oer_enc_value(x.ty, "v")?, self.oer_dec_value(x.ty)?)
                } else {
                    (self.enc_value(x.ty, "v")?, self.dec_value(x.ty)?)
                };
                let name = format!("{:?}", &*x.name);
                enc.push_str(&format!(
                    "            if let (true, Some(v)) = (e{j}, &self.{f}) {{\n                \
                     {k}::typed::enc_in(o, {name}, |o| {{\n                    o.open_type(|o| {{\n{}                        Ok(())\n                    }})\n                }})?;\n            }}\n",
                    indent(&e, 16)
                ));
                // The name of the component is in the path of an error inside the open type,
                // and in PER of octets after its value, not in that of its length, as in the
                // schema-driven decoders.
                if oer {
                    arms.push_str(&format!(
                        "                    {j} => a{j}_0 = Some(i.open_type({clause:?}, |i| {k}::typed::dec_in(i, {name}, |i| Ok({d})))?),\n"
                    ));
                } else {
                    arms.push_str(&format!(
                        "                    {j} => {{\n                        let bytes = i.octets()?;\n                        \
                         a{j}_0 = Some({k}::typed::dec_in(i, {name}, |i| i.open_value(&bytes, |i| Ok({d})))?);\n                    }}\n"
                    ));
                }
            }
            for (m, x) in g.fields.iter().enumerate() {
                dec.push_str(&format!("        let mut a{j}_{m} = None;\n"));
                fields.push(format!("{}: a{j}_{m}", super::names::snake(&x.name)));
            }
        }
        enc.push_str("        }\n");
        let skip = if oer {
            "{\n                        let n = i.length()?;\n                        i.take(n)?;\n                    }"
        } else {
            "{\n                        i.octets()?;\n                    }"
        };
        dec.push_str(&format!(
            "        if {ext} {{\n            for (j, p) in i.extension_bitmap()?.into_iter().enumerate() {{\n                \
             if !p {{\n                    continue;\n                }}\n                match j {{\n{arms}                    \
             _ => {skip}\n                }}\n            }}\n        }}\n"
        ));
        Ok(())
    }

    /// A Rust expression: whether `v` (a reference to a value of `id`) equals `d`.
    pub(super) fn is_default(&mut self, id: TypeId, v: &str, d: &SchemaValue) -> G<String> {
        let t = self.schema.get(id);
        if !super::constructed(&t.kind) && self.names.contains_key(&id) {
            return self.is_default_inline(id, &format!("(&{v}.0)"), d);
        }
        if let (Kind::Enumerated { .. }, SchemaValue::Enumerated(item)) = (&t.kind, d) {
            let name = self.rust_type(id, "Default")?;
            return Ok(format!("*{v} == {name}::{}", super::names::upper_camel(item)));
        }
        self.is_default_inline(id, v, d)
    }

    fn is_default_inline(&mut self, id: TypeId, v: &str, d: &SchemaValue) -> G<String> {
        let t = self.schema.get(id);
        Ok(match (&t.kind, d) {
            (Kind::Boolean, SchemaValue::Boolean(b)) => format!("*{v} == {b}"),
            (Kind::Null, SchemaValue::Null) => "true".into(),
            (Kind::Integer(_), SchemaValue::Integer(i)) => format!("i128::from(*{v}) == {i}"),
            (Kind::String(_), SchemaValue::String(s)) => format!("&**{v} == {s:?}"),
            (Kind::OctetString, SchemaValue::OctetString(o)) => format!("&**{v} == &{o:?}[..]"),
            (Kind::SequenceOf(_) | Kind::SetOf(_), SchemaValue::SequenceOf(x) | SchemaValue::SetOf(x))
                if x.is_empty() =>
            {
                format!("{v}.is_empty()")
            }
            _ => return Err(self.unsupported("this DEFAULT value")),
        })
    }

    /// Statements encoding `x` (an expression of type `&T`) of type `id` with `o`.
    pub(super) fn enc_value(&mut self, id: TypeId, x: &str) -> G<String> {
        if self.own(id, "Anon").is_some() {
            return Ok(format!("        {}::typed::PerCodec::encode_per({x}, o)?;\n", self.k));
        }
        self.enc_inline(id, x)
    }

    /// Statements encoding `x` with the codec of `id`'s kind.
    pub(super) fn enc_inline(&mut self, id: TypeId, x: &str) -> G<String> {
        let k = self.k.clone();
        let t = self.schema.get(id);
        let c = t.constraints.clone();
        Ok(match &t.kind {
            Kind::Boolean => format!("        o.w.bit(*{x});\n"),
            Kind::Null => format!("        let _ = {x};\n"),
            Kind::Integer(_) => {
                format!("        o.integer(i128::from(*{x}), {})?;\n", self.interval(c.value))
            }
            Kind::String(st @ crate::parser::ast::StringType::Utf8) => {
                format!("        o.other_string({}, {x})?;\n", self.string_type(*st))
            }
            Kind::String(_) => {
                let s = self.coding(id)?;
                format!(
                    "        o.km_string({x}, &{s}[usize::from(o.aligned)], {})?;\n",
                    self.interval(c.size)
                )
            }
            Kind::OctetString => format!("        o.octet_string({x}, {})?;\n", self.interval(c.size)),
            Kind::BitString(named) => {
                format!("        o.bit_string({x}, {}, {})?;\n", !named.is_empty(), self.interval(c.size))
            }
            Kind::ObjectIdentifier | Kind::RelativeOid => {
                format!("        o.object_identifier({x}, {})?;\n", matches!(t.kind, Kind::RelativeOid))
            }
            Kind::SequenceOf(e) | Kind::SetOf(e) => {
                let e = *e;
                let xs = self.fresh();
                let v = self.fresh();
                let inner = self.enc_value(e, &v)?;
                format!(
                    "        let {xs} = {x};\n        {k}::per::prim::sized_collection(o, {}, {xs}.len(), |o, s, n| {{\n            \
                     for {v} in &{xs}[s..s + n] {{\n{inner}            }}\n            Ok(())\n        }})?;\n",
                    self.interval(c.size)
                )
            }
            _ => return Err(self.unsupported(format!("type {}", self.schema.describe(id)))),
        })
    }

    /// An expression decoding a value of `id` from `i`.
    pub(super) fn dec_value(&mut self, id: TypeId) -> G<String> {
        if let Some(n) = self.own(id, "Anon") {
            return Ok(format!("<{n} as {}::typed::PerCodec<'_>>::decode_per(i)?", self.k));
        }
        self.dec_inline(id)
    }

    /// An expression decoding a value with the codec of `id`'s kind.
    pub(super) fn dec_inline(&mut self, id: TypeId) -> G<String> {
        let k = self.k.clone();
        let t = self.schema.get(id);
        let c = t.constraints.clone();
        Ok(match &t.kind {
            Kind::Boolean => "i.r.bit()?".into(),
            Kind::Null => "()".into(),
            Kind::Integer(_) => {
                let ty = int_type(c.value);
                if c.value.is_none() {
                    format!("{k}::typed::unconstrained_i128(i)?")
                } else if ty == "i128" {
                    format!("i.integer({})?", self.interval(c.value))
                } else {
                    // The range is bounded, not extensible and fits `ty`.
                    format!("i.integer({})? as {ty}", self.interval(c.value))
                }
            }
            Kind::String(st @ crate::parser::ast::StringType::Utf8) => {
                let f = format!("i.other_string({})?", self.string_type(*st));
                if self.borrowed { format!("::std::borrow::Cow::Owned({f})") } else { f }
            }
            Kind::String(_) => {
                let s = self.coding(id)?;
                let f = if self.borrowed { "km_string_cow" } else { "km_string" };
                format!("i.{f}(&{s}[usize::from(i.aligned)], {})?", self.interval(c.size))
            }
            Kind::OctetString => {
                let f = if self.borrowed { "octet_string_cow" } else { "octet_string" };
                format!("i.{f}({})?", self.interval(c.size))
            }
            Kind::BitString(_) => {
                let owned = if self.borrowed { "" } else { ".into_owned()" };
                format!("i.bit_string({})?{owned}", self.interval(c.size))
            }
            Kind::ObjectIdentifier | Kind::RelativeOid => {
                format!("i.object_identifier({})?", matches!(t.kind, Kind::RelativeOid))
            }
            Kind::SequenceOf(e) | Kind::SetOf(e) => {
                let e = *e;
                let inner = self.dec_value(e)?;
                format!("{k}::per::prim::sequence_of_in(i, {}, |i| Ok({inner}))?", self.interval(c.size))
            }
            _ => return Err(self.unsupported(format!("type {}", self.schema.describe(id)))),
        })
    }
}

/// `impl {codec}Codec<'a> for name` (`codec` is `Per` or `Oer`; `name` with its lifetime
/// parameters) with the bodies `enc` and `dec`.
pub(super) fn codec_impl(k: &str, codec: &str, name: &str, enc: &str, dec: &str) -> String {
    let m = codec.to_lowercase();
    format!(
        "impl<'a> {k}::typed::{codec}Codec<'a> for {name} {{\n    \
         fn encode_{m}(&self, o: &mut {k}::{m}::prim::{codec}Out) -> {k}::per::prim::EncResult {{\n{enc}    }}\n\n    \
         fn decode_{m}(i: &mut {k}::{m}::prim::{codec}In<'a>) -> {k}::per::prim::DecResult<Self> {{\n{dec}    }}\n}}\n\n"
    )
}

/// `s` with `n` more spaces before each line.
fn indent(s: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    s.lines().map(|l| if l.is_empty() { "\n".to_owned() } else { format!("{pad}{l}\n") }).collect()
}
