//! Type notation (X.680 17-41) and tags (X.680 31).

use super::ast::{
    Addition, Component, ComponentList, Constraint, Presence, StringType, TagAst, TagClassAst, TypeAst,
    TypeKindAst, ValueAst,
};
use super::lexer::Tok;
use super::{PResult, Parser, is_ident, is_type_ref};

const R_TYPE: &str = "X.680 17.1 Type";
const R_TAG: &str = "X.680 31.1 TaggedType";
const R_COMPONENTS: &str = "X.680 25.1 ComponentTypeLists";
const R_ENUM: &str = "X.680 20.1 EnumeratedType";
const R_NAMED: &str = "X.680 19.1 NamedNumberList";

impl Parser<'_> {
    pub(crate) fn ty(&mut self) -> PResult<TypeAst> {
        self.enter(R_TYPE)?;
        let r = self.ty_inner();
        self.leave();
        r
    }

    fn ty_inner(&mut self) -> PResult<TypeAst> {
        let offset = self.offset();
        let mut tags = Vec::new();
        while self.is_sym("[") && !self.is_sym("[[") {
            tags.push(self.tag()?);
        }
        let instance_of = self.is_word("INSTANCE");
        let mut kind = self.builtin_or_ref()?;
        let mut constraints: Vec<_> = self.pending_size.take().into_iter().collect();
        while self.is_sym("(") {
            constraints.push(self.constraint()?);
        }
        if instance_of {
            // X.681 C.7: INSTANCE OF has the tag [UNIVERSAL 8]; C.9: a table constraint on it
            // constrains `type-id` and, through a component relation, `value`.
            tags.push(TagAst {
                class: TagClassAst::Universal,
                number: ValueAst::Integer(8),
                implicit: Some(true),
            });
            if let TypeKindAst::Sequence(list) = &mut kind {
                constraints.retain(|c| match c {
                    Constraint::Table { set, at: None } => {
                        list.root[0].ty.constraints.push(Constraint::Table { set: set.clone(), at: None });
                        list.root[1].ty.constraints.push(Constraint::Table {
                            set: set.clone(),
                            at: Some((1, vec!["type-id".to_owned()])),
                        });
                        false
                    }
                    _ => true,
                });
            }
        }
        Ok(TypeAst { tags, kind, constraints, offset })
    }

    fn tag(&mut self) -> PResult<TagAst> {
        self.expect_sym("[", R_TAG)?;
        // EncodingReference `[XER: ...]`-style instructions are not tags.
        if matches!(self.peek_at(1), Some(Tok::Sym(":"))) {
            return Err(self.error(R_TAG, "encoding instructions are not supported"));
        }
        let class = if self.eat_word("UNIVERSAL") {
            TagClassAst::Universal
        } else if self.eat_word("APPLICATION") {
            TagClassAst::Application
        } else if self.eat_word("PRIVATE") {
            TagClassAst::Private
        } else {
            TagClassAst::Context
        };
        let number = self.value()?;
        self.expect_sym("]", R_TAG)?;
        let implicit = if self.eat_word("IMPLICIT") {
            Some(true)
        } else if self.eat_word("EXPLICIT") {
            Some(false)
        } else {
            None
        };
        Ok(TagAst { class, number, implicit })
    }

    fn builtin_or_ref(&mut self) -> PResult<TypeKindAst> {
        let w = match self.peek() {
            Some(Tok::Word(w)) => w.clone(),
            _ => return Err(self.error(R_TYPE, "expected a type")),
        };
        self.pos += 1;
        if let Some(s) = StringType::from_keyword(&w) {
            return Ok(TypeKindAst::String(s));
        }
        Ok(match w.as_str() {
            "BOOLEAN" => TypeKindAst::Boolean,
            "NULL" => TypeKindAst::Null,
            "REAL" => TypeKindAst::Real,
            "RELATIVE-OID" => TypeKindAst::RelativeOid,
            "INTEGER" => {
                TypeKindAst::Integer(if self.is_sym("{") { self.named_numbers()? } else { Vec::new() })
            }
            "ENUMERATED" => self.enumerated()?,
            "BIT" => {
                self.expect_word("STRING", "X.680 22.1 BitStringType")?;
                TypeKindAst::BitString(if self.is_sym("{") { self.named_numbers()? } else { Vec::new() })
            }
            "OCTET" => {
                self.expect_word("STRING", "X.680 23.1 OctetStringType")?;
                TypeKindAst::OctetString
            }
            "OBJECT" => {
                self.expect_word("IDENTIFIER", "X.680 32.1 ObjectIdentifierType")?;
                TypeKindAst::ObjectIdentifier
            }
            "CHARACTER" => {
                self.expect_word("STRING", "X.680 44.1 UnrestrictedCharacterStringType")?;
                TypeKindAst::Open("CHARACTER STRING".into())
            }
            "EMBEDDED" => {
                self.expect_word("PDV", "X.680 36.1 EmbeddedPDVType")?;
                TypeKindAst::Open("EMBEDDED PDV".into())
            }
            "EXTERNAL" => TypeKindAst::Open("EXTERNAL".into()),
            "ANY" => {
                if self.eat_word("DEFINED") {
                    self.expect_word("BY", "X.208 ANY DEFINED BY")?;
                    self.word("X.208 ANY DEFINED BY")?;
                }
                TypeKindAst::Open("ANY".into())
            }
            "INSTANCE" => {
                self.expect_word("OF", "X.681 C.1 InstanceOfType")?;
                let class = self.word("X.681 C.1 InstanceOfType")?;
                // X.681 C.7: the associated sequence type
                // `SEQUENCE { type-id CLASS.&id, value [0] CLASS.&Type }`; [0] on an open
                // type is an explicit tag (X.680 31.2.7).
                let offset = self.offset();
                let field = |name: &str, field: &str, tags: Vec<TagAst>| Component {
                    name: name.to_owned(),
                    ty: TypeAst {
                        tags,
                        kind: TypeKindAst::ClassField { class: class.clone(), field: field.to_owned() },
                        constraints: Vec::new(),
                        offset,
                    },
                    presence: Presence::Required,
                    components_of: false,
                };
                let value_tag = TagAst {
                    class: TagClassAst::Context,
                    number: ValueAst::Integer(0),
                    implicit: Some(false),
                };
                TypeKindAst::Sequence(ComponentList {
                    root: vec![field("type-id", "&id", Vec::new()), field("value", "&Type", vec![value_tag])],
                    ..ComponentList::default()
                })
            }
            "SEQUENCE" | "SET" => {
                if self.is_sym("{") {
                    let list = self.component_list(false)?;
                    if w == "SEQUENCE" { TypeKindAst::Sequence(list) } else { TypeKindAst::Set(list) }
                } else {
                    // `SEQUENCE (SIZE(..)) OF` and `SEQUENCE SIZE(..) OF` (X.680 49.5).
                    let mut size = None;
                    if self.is_sym("(") {
                        size = Some(self.constraint()?);
                    } else if self.is_word("SIZE") {
                        let el = self.element()?;
                        size = Some(super::ast::Constraint::Set {
                            root: Box::new(super::ast::ElementSet::Element(el)),
                            extensible: false,
                            additions: None,
                        });
                    }
                    self.expect_word("OF", "X.680 26.1 SequenceOfType")?;
                    if matches!(self.peek(), Some(Tok::Word(x)) if is_ident(x))
                        && matches!(self.peek_at(1), Some(Tok::Word(_) | Tok::Sym("[")))
                    {
                        self.pos += 1; // element identifier (X.680 26.1 NamedType)
                    }
                    let elem = Box::new(self.ty()?);
                    let kind = if w == "SEQUENCE" {
                        TypeKindAst::SequenceOf(elem)
                    } else {
                        TypeKindAst::SetOf(elem)
                    };
                    if let Some(c) = size {
                        // Parsed after the element type so the element does not take it.
                        self.pending_size = Some(c);
                    }
                    kind
                }
            }
            "CHOICE" => TypeKindAst::Choice(self.component_list(true)?),
            "DATE" | "TIME-OF-DAY" | "DATE-TIME" | "DURATION" | "TIME" => TypeKindAst::Open(w),
            _ if is_type_ref(&w) => self.reference(w)?,
            _ => {
                return Err(self.error_at(
                    self.toks[self.pos - 1].offset,
                    R_TYPE,
                    format!("`{w}` is not a type"),
                ));
            }
        })
    }

    fn reference(&mut self, first: String) -> PResult<TypeKindAst> {
        let mut module = None;
        let mut name = first;
        // `Module.Type` or `CLASS.&Field` (X.681 14.1).
        if self.is_sym(".") {
            match self.peek_at(1) {
                Some(Tok::Word(w)) if w.starts_with('&') => {
                    let mut field = String::new();
                    while self.is_sym(".") {
                        self.pos += 1;
                        field = self.word("X.681 14.1 ObjectClassFieldType")?;
                    }
                    return Ok(TypeKindAst::ClassField { class: name, field });
                }
                Some(Tok::Word(w)) if is_type_ref(w) => {
                    self.pos += 1;
                    module = Some(std::mem::replace(&mut name, self.word(R_TYPE)?));
                }
                _ => {}
            }
        }
        let mut parameterised = false;
        let mut args = Vec::new();
        let mut raw_args = Vec::new();
        if self.is_sym("{") {
            (args, raw_args) = self.actual_params()?;
            parameterised = true;
        }
        if self.is_sym(".") && matches!(self.peek_at(1), Some(Tok::Word(w)) if w.starts_with('&')) {
            let mut field = String::new();
            while self.is_sym(".") {
                self.pos += 1;
                field = self.word("X.681 14.1 ObjectClassFieldType")?;
            }
            return Ok(TypeKindAst::ClassField { class: name, field });
        }
        Ok(TypeKindAst::Reference { module, name, parameterised, args, raw_args })
    }

    /// X.683 9.1 ActualParameterList: each parameter kept when it parses as a type.
    #[allow(clippy::type_complexity)]
    fn actual_params(&mut self) -> PResult<(Vec<Option<TypeAst>>, Vec<Vec<super::lexer::Token>>)> {
        const R: &str = "X.683 9.1 ActualParameterList";
        self.expect_sym("{", R)?;
        let mut out = Vec::new();
        let mut raw = Vec::new();
        loop {
            let save = self.pos;
            let parsed = match self.ty() {
                Ok(t) if self.is_sym(",") || self.is_sym("}") => Some(t),
                _ => None,
            };
            if parsed.is_none() {
                self.pos = save;
                while !self.is_sym(",") && !self.is_sym("}") {
                    if self.at_end() {
                        return Err(self.error(R, "expected `}`"));
                    }
                    if matches!(self.peek(), Some(Tok::Sym("{" | "(" | "["))) {
                        self.skip_balanced(R)?;
                    } else {
                        self.pos += 1;
                    }
                }
            }
            out.push(parsed);
            raw.push(self.toks[save..self.pos].to_vec());
            if self.eat_sym("}") {
                return Ok((out, raw));
            }
            self.expect_sym(",", R)?;
        }
    }

    fn named_numbers(&mut self) -> PResult<Vec<(String, super::ast::ValueAst)>> {
        self.expect_sym("{", R_NAMED)?;
        let mut out = Vec::new();
        loop {
            let n = self.word(R_NAMED)?;
            self.expect_sym("(", R_NAMED)?;
            let v = self.value()?;
            self.expect_sym(")", R_NAMED)?;
            out.push((n, v));
            if self.eat_sym("}") {
                return Ok(out);
            }
            self.expect_sym(",", R_NAMED)?;
        }
    }

    fn enumerated(&mut self) -> PResult<TypeKindAst> {
        self.expect_sym("{", R_ENUM)?;
        let mut root = Vec::new();
        let mut ext: Option<Vec<_>> = None;
        loop {
            if self.eat_sym("...") {
                if ext.is_some() {
                    return Err(self.error(R_ENUM, "second extension marker"));
                }
                if self.eat_sym("!") {
                    self.value()?; // ExceptionSpec
                }
                ext = Some(Vec::new());
            } else {
                let n = self.word(R_ENUM)?;
                if !is_ident(&n) {
                    return Err(self.error(R_ENUM, "an enumeration item is an identifier"));
                }
                let v = if self.eat_sym("(") {
                    let v = self.value()?;
                    self.expect_sym(")", R_ENUM)?;
                    Some(v)
                } else {
                    None
                };
                match &mut ext {
                    Some(e) => e.push((n, v)),
                    None => root.push((n, v)),
                }
            }
            if self.eat_sym("}") {
                return Ok(TypeKindAst::Enumerated { root, ext });
            }
            self.expect_sym(",", R_ENUM)?;
        }
    }

    fn component_list(&mut self, choice: bool) -> PResult<ComponentList> {
        let rule = if choice { "X.680 29.1 AlternativeTypeLists" } else { R_COMPONENTS };
        self.expect_sym("{", rule)?;
        let mut list = ComponentList::default();
        let mut markers = 0;
        if self.eat_sym("}") {
            return Ok(list);
        }
        loop {
            if self.eat_sym("...") {
                markers += 1;
                if markers > 2 {
                    return Err(self.error(rule, "more than two extension markers"));
                }
                list.extensible = true;
                if self.eat_sym("!") {
                    self.value()?;
                }
            } else if self.eat_sym("[[") {
                if markers != 1 {
                    return Err(
                        self.error(rule, "an extension addition group must follow the extension marker")
                    );
                }
                if matches!(self.peek(), Some(Tok::Number(_)))
                    && matches!(self.peek_at(1), Some(Tok::Sym(":")))
                {
                    self.pos += 2; // VersionNumber
                }
                let mut group = Vec::new();
                loop {
                    group.push(self.component(choice, rule)?);
                    if self.eat_sym("]]") {
                        break;
                    }
                    self.expect_sym(",", rule)?;
                }
                list.additions.push(Addition::Group(group));
            } else {
                let c = self.component(choice, rule)?;
                match markers {
                    0 => list.root.push(c),
                    1 => list.additions.push(Addition::Single(c)),
                    _ => list.root2.push(c),
                }
            }
            if self.eat_sym("}") {
                return Ok(list);
            }
            self.expect_sym(",", rule)?;
        }
    }

    fn component(&mut self, choice: bool, rule: &'static str) -> PResult<Component> {
        if !choice && self.is_word("COMPONENTS") {
            self.pos += 1;
            self.expect_word("OF", "X.680 25.1 COMPONENTS OF")?;
            let ty = self.ty()?;
            return Ok(Component {
                name: String::new(),
                ty,
                presence: Presence::Required,
                components_of: true,
            });
        }
        let name = self.word(rule)?;
        if !is_ident(&name) {
            return Err(self.error_at(
                self.toks[self.pos - 1].offset,
                rule,
                "a component name is an identifier",
            ));
        }
        let ty = self.ty()?;
        let presence = if choice {
            Presence::Required
        } else if self.eat_word("OPTIONAL") {
            Presence::Optional
        } else if self.eat_word("DEFAULT") {
            Presence::Default(self.value()?)
        } else {
            Presence::Required
        };
        Ok(Component { name, ty, presence, components_of: false })
    }
}
