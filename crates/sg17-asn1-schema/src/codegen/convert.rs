//! Conversions between generated types and [`crate::SchemaValue`]: `From<&T> for SchemaValue`
//! and `TryFrom<&SchemaValue> for T`, in the shape the schema-driven decoders produce
//! (components in textual order, absent ones left out).

use super::{G, Gen, int_type};
use crate::schema::{Kind, TypeId};

impl Gen<'_> {
    /// Both conversion impls of the generated type `name` of `id`.
    pub(super) fn convert_impl(&mut self, id: TypeId, name: &str) -> G<String> {
        let k = self.k.clone();
        let sv = format!("{k}::SchemaValue");
        let t = self.schema.get(id);
        let ty_name = t.name.clone().unwrap_or_else(|| name.to_owned());
        let (to, from) = match &t.kind {
            Kind::Sequence(f) | Kind::Set(f) => {
                let variant = if matches!(t.kind, Kind::Set(_)) { "Set" } else { "Sequence" };
                // Textual order (root, additions, second root part) as the decoders give; an
                // addition is an `Option` like an OPTIONAL component.
                let adds: Vec<&str> =
                    f.additions.iter().flat_map(|g| g.fields.iter().map(|x| &*x.name)).collect();
                let fields: Vec<_> = f
                    .textual()
                    .map(|x| {
                        let mut x = x.clone();
                        x.optional |= adds.contains(&&*x.name);
                        x
                    })
                    .collect();
                let mut to =
                    format!("        let mut c = ::std::vec::Vec::with_capacity({});\n", fields.len());
                let mut from = format!(
                    "        let ({sv}::Sequence(c) | {sv}::Set(c)) = v else {{\n            \
                     return Err({k}::typed::mismatch({ty_name:?}, \"a SEQUENCE or SET\", v));\n        }};\n"
                );
                let known: Vec<String> = fields.iter().map(|x| format!("{:?}", &*x.name)).collect();
                from.push_str(&format!(
                    "        if let Some((n, _)) = c.iter().find(|(n, _)| !matches!(n.as_str(), {})) {{\n            \
                     return Err({k}::typed::ValueError::new({ty_name:?}, format!(\"`{{n}}` is not a component\")));\n        }}\n",
                    known.join(" | ")
                ));
                let mut inits = Vec::new();
                for (n, x) in fields.iter().enumerate() {
                    let f = super::names::snake(&x.name);
                    let xs = self.value_expr(x.ty, "v")?;
                    let xf = self.typed_expr(x.ty, "w")?;
                    let xname = format!("{:?}", &*x.name);
                    if x.optional {
                        to.push_str(&format!(
                            "        if let Some(v) = &self.{f} {{\n            c.push(({xname}.into(), {xs}));\n        }}\n"
                        ));
                        from.push_str(&format!(
                            "        let f{n} = match c.iter().find(|(n, _)| n == {xname}) {{\n            \
                             Some((_, w)) => Some({xf}),\n            None => None,\n        }};\n"
                        ));
                    } else {
                        to.push_str(&format!(
                            "        let v = &self.{f};\n        c.push(({xname}.into(), {xs}));\n"
                        ));
                        from.push_str(&format!(
                            "        let f{n} = match c.iter().find(|(n, _)| n == {xname}) {{\n            \
                             Some((_, w)) => {xf},\n            \
                             None => return Err({k}::typed::ValueError::new({ty_name:?}, \"missing component `{}`\")),\n        }};\n",
                            x.name
                        ));
                    }
                    inits.push(format!("{f}: f{n}"));
                }
                to.push_str(&format!("        {sv}::{variant}(c)\n"));
                from.push_str(&format!("        Ok(Self {{ {} }})\n", inits.join(", ")));
                (to, from)
            }
            Kind::Choice { root, extensible, additions } => {
                let extensible = *extensible;
                let all: Vec<_> = root.iter().chain(additions).cloned().collect();
                let mut to = String::from("        match self {\n");
                let mut from = format!(
                    "        let {sv}::Choice(n, w) = v else {{\n            \
                     return Err({k}::typed::mismatch({ty_name:?}, \"a CHOICE\", v));\n        }};\n        \
                     let w: &{sv} = w;\n        Ok(match n.as_str() {{\n"
                );
                for x in all {
                    let var = super::names::upper_camel(&x.name);
                    let xs = self.value_expr(x.ty, "v")?;
                    let xf = self.typed_expr(x.ty, "w")?;
                    to.push_str(&format!(
                        "            Self::{var}(v) => {sv}::Choice({:?}.into(), ::std::boxed::Box::new({xs})),\n",
                        &*x.name
                    ));
                    from.push_str(&format!("            {:?} => Self::{var}({xf}),\n", &*x.name));
                }
                if extensible {
                    // An unknown extension alternative, as the schema-driven decoders give it.
                    let u = super::UNKNOWN_ALTERNATIVE;
                    to.push_str(&format!(
                        "            Self::{u}(o) => {sv}::Choice(\"\".into(), ::std::boxed::Box::new({sv}::Open(o.clone()))),\n"
                    ));
                    from.push_str(&format!(
                        "            \"\" => match w {{ {sv}::Open(o) => Self::{u}(o.clone()), other => return Err({k}::typed::mismatch({ty_name:?}, \"an open type\", other)) }},\n"
                    ));
                }
                to.push_str("        }\n");
                from.push_str(&format!(
                    "            other => return Err({k}::typed::ValueError::new({ty_name:?}, format!(\"`{{other}}` is not an alternative\"))),\n        }})\n"
                ));
                (to, from)
            }
            Kind::Enumerated { root, ext } => {
                let mut to = String::from("        let n = match self {\n");
                let mut from = format!(
                    "        let {sv}::Enumerated(n) = v else {{\n            \
                     return Err({k}::typed::mismatch({ty_name:?}, \"an ENUMERATED\", v));\n        }};\n        \
                     Ok(match n.as_str() {{\n"
                );
                for (n, _) in root.iter().chain(ext.iter().flatten()) {
                    let var = super::names::upper_camel(n);
                    to.push_str(&format!("            Self::{var} => {:?},\n", &**n));
                    from.push_str(&format!("            {:?} => Self::{var},\n", &**n));
                }
                to.push_str(&format!("        }};\n        {sv}::Enumerated(n.into())\n"));
                from.push_str(&format!(
                    "            other => return Err({k}::typed::ValueError::new({ty_name:?}, format!(\"`{{other}}` is not an item\"))),\n        }})\n"
                ));
                (to, from)
            }
            _ => {
                let xs = self.value_expr_inline(id, "&self.0")?;
                let xf = self.typed_expr_inline(id, "v")?;
                (format!("        {xs}\n"), format!("        Ok(Self({xf}))\n"))
            }
        };
        let lt = self.lt(id);
        Ok(format!(
            "impl{lt} ::core::convert::From<&{name}{lt}> for {sv} {{\n    \
             fn from(this: &{name}{lt}) -> Self {{\n{}    }}\n}}\n\n\
             impl{lt} ::core::convert::TryFrom<&{sv}> for {name}{lt} {{\n    type Error = {k}::typed::ValueError;\n\n    \
             fn try_from(v: &{sv}) -> ::core::result::Result<Self, Self::Error> {{\n{from}    }}\n}}\n\n",
            to.replace("self.", "this.")
                .replace("match self {", "match this {")
                .replace("Self::", &format!("{name}::"))
        ))
    }

    /// An expression: the [`crate::SchemaValue`] of `x` (a `&T` of type `id`).
    fn value_expr(&mut self, id: TypeId, x: &str) -> G<String> {
        if self.own(id, "Anon").is_some() {
            return Ok(format!("{}::SchemaValue::from({x})", self.k));
        }
        self.value_expr_inline(id, x)
    }

    fn value_expr_inline(&mut self, id: TypeId, x: &str) -> G<String> {
        let sv = format!("{}::SchemaValue", self.k);
        let t = self.schema.get(id);
        Ok(match &t.kind {
            Kind::Boolean => format!("{sv}::Boolean(*{x})"),
            Kind::Null => format!("{{ let _ = {x}; {sv}::Null }}"),
            Kind::Integer(_) => format!("{sv}::Integer(i128::from(*{x}))"),
            Kind::String(_) => format!("{sv}::String(::std::string::String::from(&**{x}))"),
            Kind::OctetString => format!("{sv}::OctetString(<[u8]>::to_vec({x}))"),
            Kind::BitString(_) => format!("{sv}::from({x})"),
            Kind::ObjectIdentifier => format!("{sv}::ObjectIdentifier(<[u128]>::to_vec({x}))"),
            Kind::RelativeOid => format!("{sv}::RelativeOid(<[u128]>::to_vec({x}))"),
            Kind::SequenceOf(e) | Kind::SetOf(e) => {
                let variant = if matches!(t.kind, Kind::SetOf(_)) { "SetOf" } else { "SequenceOf" };
                let e = *e;
                let v = self.fresh();
                let inner = self.value_expr(e, &v)?;
                format!("{sv}::{variant}(<[_]>::iter({x}).map(|{v}| {inner}).collect())")
            }
            _ => return Err(self.unsupported(format!("type {}", self.schema.describe(id)))),
        })
    }

    /// An expression of the generated type of `id` from `w` (a `&SchemaValue`), using `?`
    /// and `return Err(ValueError)`.
    fn typed_expr(&mut self, id: TypeId, w: &str) -> G<String> {
        if let Some(n) = self.own(id, "Anon") {
            return Ok(format!("{n}::try_from({w})?"));
        }
        self.typed_expr_inline(id, w)
    }

    fn typed_expr_inline(&mut self, id: TypeId, w: &str) -> G<String> {
        let k = self.k.clone();
        let sv = format!("{k}::SchemaValue");
        let t = self.schema.get(id);
        let ty_name = self.current.clone();
        let arm = |pat: &str, val: &str, what: &str| {
            format!(
                "match {w} {{ {sv}::{pat} => {val}, other => return Err({k}::typed::mismatch({ty_name:?}, {what:?}, other)) }}"
            )
        };
        Ok(match &t.kind {
            Kind::Boolean => arm("Boolean(b)", "*b", "a BOOLEAN"),
            Kind::Null => arm("Null", "()", "NULL"),
            Kind::Integer(_) => {
                format!("{k}::typed::int_from_value::<{}>({w}, {ty_name:?})?", int_type(t.constraints.value))
            }
            Kind::String(_) if self.borrowed => {
                arm("String(s)", "::std::borrow::Cow::Owned(s.clone())", "a character string")
            }
            Kind::OctetString if self.borrowed => {
                arm("OctetString(o)", "::std::borrow::Cow::Owned(o.clone())", "an OCTET STRING")
            }
            Kind::String(_) => arm("String(s)", "s.clone()", "a character string"),
            Kind::BitString(_) => format!("{k}::typed::BitString::from_value({w}, {ty_name:?})?"),
            Kind::ObjectIdentifier => arm("ObjectIdentifier(a)", "a.clone()", "an OBJECT IDENTIFIER"),
            Kind::RelativeOid => arm("RelativeOid(a)", "a.clone()", "a RELATIVE-OID"),
            Kind::OctetString => arm("OctetString(o)", "o.clone()", "an OCTET STRING"),
            Kind::SequenceOf(e) | Kind::SetOf(e) => {
                let e = *e;
                let v = self.fresh();
                let ety = self.rust_type(e, "Anon")?;
                let inner = self.typed_expr(e, &v)?;
                format!(
                    "match {w} {{ {sv}::SequenceOf(xs) | {sv}::SetOf(xs) => xs.iter().map(|{v}| -> ::core::result::Result<{ety}, {k}::typed::ValueError> {{ Ok({inner}) }}).collect::<::core::result::Result<::std::vec::Vec<_>, _>>()?, other => return Err({k}::typed::mismatch({ty_name:?}, \"a SEQUENCE OF or SET OF\", other)) }}"
                )
            }
            _ => return Err(self.unsupported(format!("type {}", self.schema.describe(id)))),
        })
    }
}
