//! OER codec emission (basic OER, X.696): `impl OerCodec` bodies that call
//! [`crate::oer::prim`] in the order the schema-driven codec does (X.696 16 SEQUENCE and SET,
//! 20 CHOICE, 11 ENUMERATED, 17 SEQUENCE OF).

use super::{G, Gen, int_type};
use crate::schema::{AdditionGroup, Field, Kind, TypeId};

impl Gen<'_> {
    /// `impl OerCodec<'a> for name`.
    pub(super) fn oer_impl(&mut self, id: TypeId, name: &str) -> G<String> {
        let k = self.k.clone();
        let t = self.schema.get(id);
        let (enc, dec) = match &t.kind {
            Kind::Sequence(f) | Kind::Set(f) => {
                // X.696 16, 18: the root components in the order of the schema-driven codec.
                let order = self.root_order(id);
                let adds = f.additions.clone();
                self.oer_struct(&order, f.extensible, &adds)?
            }
            Kind::Choice { root, extensible, additions } => {
                let root = root.clone();
                let additions = additions.clone();
                let extensible = *extensible;
                let mut enc = String::from("        match self {\n");
                let mut dec = format!(
                    "        let t = i.tag()?;\n        Ok(match ({k}::oer::prim::class_bits(t.class), t.number) {{\n"
                );
                for x in &root {
                    let (c, n) = self.alternative_tag(x)?;
                    let v = super::names::upper_camel(&x.name);
                    let e = self.oer_enc_value(x.ty, "v")?;
                    let d = self.oer_dec_value(x.ty)?;
                    enc.push_str(&format!(
                        "            Self::{v}(v) => {{\n                o.tag_parts({c}, {n});\n                \
                         {k}::typed::enc_in(o, {:?}, |o| {{\n{e}                    Ok(())\n                }})?;\n            }}\n",
                        &*x.name
                    ));
                    dec.push_str(&format!(
                        "            ({c}, {n}) => Self::{v}({k}::typed::dec_in(i, {:?}, |i| Ok({d}))?),\n",
                        &*x.name
                    ));
                }
                for x in &additions {
                    // X.696 20: an addition's value is an open type after its tag (the name in
                    // the path of an error inside the value, as in the schema-driven decoder).
                    let (c, n) = self.alternative_tag(x)?;
                    let v = super::names::upper_camel(&x.name);
                    let e = self.oer_enc_value(x.ty, "v")?;
                    let d = self.oer_dec_value(x.ty)?;
                    enc.push_str(&format!(
                        "            Self::{v}(v) => {{\n                o.tag_parts({c}, {n});\n                \
                         {k}::typed::enc_in(o, {:?}, |o| {{\n                    o.open_type(|o| {{\n{e}                        Ok(())\n                    }})\n                }})?;\n            }}\n",
                        &*x.name
                    ));
                    dec.push_str(&format!(
                        "            ({c}, {n}) => Self::{v}(i.open_type(\"X.696 20\", |i| {k}::typed::dec_in(i, {:?}, |i| Ok({d})))?),\n",
                        &*x.name
                    ));
                }
                if extensible {
                    // X.696 20: an extension alternative's value is an open type after its tag;
                    // kept as its octets, as the schema-driven decoder keeps an unknown one.
                    let u = super::UNKNOWN_ALTERNATIVE;
                    enc.push_str(&format!(
                        "            Self::{u}(_) => return Err(o.err(\"X.696 20\", \"`` is not an alternative\")),\n"
                    ));
                    dec.push_str(&format!(
                        "            _ => {{\n                let n = i.length()?;\n                Self::{u}(i.take(n)?.to_vec())\n            }}\n        }})\n"
                    ));
                } else {
                    dec.push_str("            _ => return i.no_alternative(t),\n        })\n");
                }
                enc.push_str("        }\n        Ok(())\n");
                (enc, dec)
            }
            Kind::Enumerated { root, ext } => {
                // X.696 11: the value of the item, root and additions alike.
                let mut enc = String::from("        match self {\n");
                let mut dec = String::from("        let x = i.enumerated()?;\n        Ok(match x {\n");
                for (item, x) in root.iter().chain(ext.iter().flatten()) {
                    let v = super::names::upper_camel(item);
                    enc.push_str(&format!("            Self::{v} => o.enumerated({x}),\n"));
                    dec.push_str(&format!("            {x} => Self::{v},\n"));
                }
                enc.push_str("        }\n        Ok(())\n");
                dec.push_str("            _ => return Err(i.unknown_enumerated(x)),\n        })\n");
                (enc, dec)
            }
            _ => self.newtype_codec(id, true)?,
        };
        Ok(super::per::codec_impl(&k, "Oer", name, &enc, &dec))
    }

    /// Preamble (extension bit, presence bits, X.696 16.2), then the components.
    fn oer_struct(
        &mut self,
        order: &[Field],
        extensible: bool,
        adds: &[AdditionGroup],
    ) -> G<(String, String)> {
        let mut enc = String::new();
        let mut dec = String::new();
        let mut bits = Vec::new();
        if extensible {
            // X.696 16.2: whether an addition is present (none without additions); unknown
            // ones are read and dropped (16.4).
            let any = self.addition_presence(adds, &mut enc)?;
            bits.push(if adds.len() > 1 { format!("({any})") } else { any });
        }
        let nbits = usize::from(extensible) + order.iter().filter(|x| x.optional).count();
        if nbits > 0 {
            dec.push_str(&format!("        let bm = i.bitmap({nbits})?;\n"));
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
                "        let p{n} = match &self.{f} {{ Some(v) => {cond}, None => false }};\n"
            ));
            dec.push_str(&format!("        let p{n} = bm.get({});\n", bits.len()));
            bits.push(format!("p{n}"));
        }
        if nbits > 0 {
            enc.push_str(&format!("        o.bitmap([{}].into_iter());\n", bits.join(", ")));
        }
        self.components(order, extensible.then_some("bm.get(0)"), adds, true, &mut enc, &mut dec)?;
        Ok((enc, dec))
    }

    /// Statements encoding `x` (an expression of type `&T`) of type `id` with `o`.
    /// The class bits and number of the one outer tag of CHOICE alternative `x`, which OER
    /// sends before its value (X.696 20).
    fn alternative_tag(&self, x: &Field) -> G<(u8, u32)> {
        let tags = self.schema.first_tags(x.ty, 0);
        let [tag] = tags.as_slice() else {
            return Err(self.unsupported("a CHOICE alternative without exactly one tag (OER)"));
        };
        Ok((crate::oer::prim::class_bits(tag.class), tag.number))
    }

    pub(super) fn oer_enc_value(&mut self, id: TypeId, x: &str) -> G<String> {
        if self.own(id, "Anon").is_some() {
            return Ok(format!("        {}::typed::OerCodec::encode_oer({x}, o)?;\n", self.k));
        }
        self.oer_enc_inline(id, x)
    }

    /// Statements encoding `x` with the OER codec of `id`'s kind.
    pub(super) fn oer_enc_inline(&mut self, id: TypeId, x: &str) -> G<String> {
        let t = self.schema.get(id);
        let c = t.constraints.clone();
        Ok(match &t.kind {
            Kind::Boolean => format!("        o.boolean(*{x});\n"),
            Kind::Null => format!("        let _ = {x};\n"),
            Kind::Integer(_) => {
                format!("        o.integer(i128::from(*{x}), {})?;\n", self.interval(c.value))
            }
            Kind::String(s) => {
                format!("        o.string({}, {x}, {})?;\n", self.string_type(*s), self.interval(c.size))
            }
            Kind::OctetString => format!("        o.octet_string({x}, {})?;\n", self.interval(c.size)),
            Kind::BitString(named) => {
                format!("        o.bit_string({x}, {}, {})?;\n", !named.is_empty(), self.interval(c.size))
            }
            Kind::ObjectIdentifier | Kind::RelativeOid => {
                format!("        o.object_identifier({x}, {})?;\n", matches!(t.kind, Kind::RelativeOid))
            }
            Kind::SequenceOf(e) | Kind::SetOf(e) => {
                let set = matches!(t.kind, Kind::SetOf(_));
                let e = *e;
                let xs = self.fresh();
                let v = self.fresh();
                let inner = self.oer_enc_value(e, &v)?;
                let plain = format!("for {v} in {xs}.iter() {{\n{inner}        }}");
                // Canonical OER (X.696 19): SET OF components in ascending order of encodings.
                let body = if set {
                    format!(
                        "if o.canonical {{\n        {k}::oer::prim::sorted_components(o, {xs}.len(), |o, k| {{\n        \
                         let {v} = &{xs}[k];\n{inner}        Ok(())\n        }})?;\n        }} else {{\n        {plain}\n        }}",
                        k = self.k
                    )
                } else {
                    plain
                };
                format!(
                    "        let {xs} = {x};\n        o.quantity({xs}.len(), {})?;\n        {body}\n",
                    self.interval(c.size)
                )
            }
            _ => return Err(self.unsupported(format!("type {}", self.schema.describe(id)))),
        })
    }

    /// An expression decoding a value of `id` from `i`.
    pub(super) fn oer_dec_value(&mut self, id: TypeId) -> G<String> {
        if let Some(n) = self.own(id, "Anon") {
            return Ok(format!("<{n} as {}::typed::OerCodec<'_>>::decode_oer(i)?", self.k));
        }
        self.oer_dec_inline(id)
    }

    /// An expression decoding a value with the OER codec of `id`'s kind.
    pub(super) fn oer_dec_inline(&mut self, id: TypeId) -> G<String> {
        let t = self.schema.get(id);
        let c = t.constraints.clone();
        Ok(match &t.kind {
            Kind::Boolean => "i.boolean()?".into(),
            Kind::Null => "()".into(),
            Kind::Integer(_) => {
                let ty = int_type(c.value);
                if ty == "i128" {
                    format!("i.integer({})?", self.interval(c.value))
                } else {
                    // The range is bounded, not extensible and fits `ty`.
                    format!("i.integer({})? as {ty}", self.interval(c.value))
                }
            }
            Kind::String(s) => {
                let alphabet = match &c.alphabet {
                    Some(a) => {
                        let chars: Vec<String> = a.iter().map(|ch| format!("{ch:?}")).collect();
                        format!("Some(&[{}][..])", chars.join(", "))
                    }
                    None => "None".into(),
                };
                let f = if self.borrowed { "string_cow" } else { "string" };
                format!("i.{f}({}, {}, {alphabet})?", self.string_type(*s), self.interval(c.size))
            }
            Kind::OctetString if self.borrowed => {
                format!("::std::borrow::Cow::Borrowed(i.octet_string_ref({})?)", self.interval(c.size))
            }
            Kind::OctetString => format!("i.octet_string({})?", self.interval(c.size)),
            Kind::BitString(named) => {
                let owned = if self.borrowed { "" } else { ".into_owned()" };
                format!("i.bit_string({}, {})?{owned}", self.interval(c.size), !named.is_empty())
            }
            Kind::ObjectIdentifier | Kind::RelativeOid => {
                format!("i.object_identifier({})?", matches!(t.kind, Kind::RelativeOid))
            }
            Kind::SequenceOf(e) | Kind::SetOf(e) => {
                let set = matches!(t.kind, Kind::SetOf(_));
                let e = *e;
                let inner = self.oer_dec_value(e)?;
                let q = self.fresh();
                let xs = self.fresh();
                // Canonical OER (X.696 19): SET OF components in ascending order of encodings.
                let (before, push) = if set {
                    (
                        "let mut prev = None;\n            ",
                        format!(
                            "let start = i.pos;\n                {xs}.push({inner});\n                \
                             if i.canonical {{\n                    i.check_ascending(&mut prev, start)?;\n                }}"
                        ),
                    )
                } else {
                    ("", format!("{xs}.push({inner});"))
                };
                format!(
                    "{{\n            let {q} = i.quantity({})?;\n            \
                     let mut {xs} = ::std::vec::Vec::with_capacity(i.capacity({q}));\n            {before}\
                     for _ in 0..{q} {{\n                {push}\n            }}\n            {xs}\n        }}",
                    self.interval(c.size)
                )
            }
            _ => return Err(self.unsupported(format!("type {}", self.schema.describe(id)))),
        })
    }

    /// The path of a string type's [`crate::parser::ast::StringType`] variant.
    pub(super) fn string_type(&self, s: crate::parser::ast::StringType) -> String {
        format!("{}::parser::ast::StringType::{s:?}", self.k)
    }
}
