//! Module definitions and assignments (X.680 13, 16; X.681 9-12; X.683 8).

use super::ast::{Assignment, ModuleAst, TagDefault};
use super::lexer::Tok;
use super::{PResult, Parser, is_ident, is_type_ref};

const R_MODULE: &str = "X.680 13 ModuleDefinition";
const R_IMPORTS: &str = "X.680 13.16 Imports";
const R_ASSIGN: &str = "X.680 16 Assignment";

impl Parser<'_> {
    pub(super) fn module(&mut self) -> PResult<ModuleAst> {
        let name = self.word(R_MODULE)?;
        if !is_type_ref(&name) {
            return Err(self.error(R_MODULE, "a modulereference starts with an upper-case letter"));
        }
        if self.is_sym("{") {
            self.skip_balanced(R_MODULE)?; // DefinitiveIdentification
        }
        self.expect_word("DEFINITIONS", R_MODULE)?;
        // EncodingReferenceDefault (X.680 13.1): `XER INSTRUCTIONS` etc.
        if matches!(self.peek_at(1), Some(Tok::Word(w)) if w == "INSTRUCTIONS") {
            self.pos += 2;
        }
        let mut tag_default = TagDefault::Explicit;
        for (kw, td) in [
            ("EXPLICIT", TagDefault::Explicit),
            ("IMPLICIT", TagDefault::Implicit),
            ("AUTOMATIC", TagDefault::Automatic),
        ] {
            if self.eat_word(kw) {
                self.expect_word("TAGS", R_MODULE)?;
                tag_default = td;
            }
        }
        let mut extensibility_implied = false;
        if self.eat_word("EXTENSIBILITY") {
            self.expect_word("IMPLIED", R_MODULE)?;
            extensibility_implied = true;
        }
        self.expect_sym("::=", R_MODULE)?;
        self.expect_word("BEGIN", R_MODULE)?;
        let mut module = ModuleAst {
            name,
            tag_default,
            extensibility_implied,
            imports: Vec::new(),
            assignments: Vec::new(),
        };
        if self.eat_word("EXPORTS") {
            while !self.eat_sym(";") {
                if self.at_end() {
                    return Err(self.error("X.680 13.13 Exports", "expected `;`"));
                }
                self.pos += 1;
            }
        }
        if self.eat_word("IMPORTS") {
            self.imports(&mut module)?;
        }
        while !self.eat_word("END") {
            if self.at_end() {
                return Err(self.error(R_MODULE, "expected `END`"));
            }
            let a = self.assignment()?;
            module.assignments.push(a);
        }
        Ok(module)
    }

    fn imports(&mut self, module: &mut ModuleAst) -> PResult<()> {
        let mut symbols = Vec::new();
        loop {
            if self.eat_sym(";") {
                if !symbols.is_empty() {
                    return Err(self.error(R_IMPORTS, "symbols without FROM"));
                }
                return Ok(());
            }
            let s = self.word(R_IMPORTS)?;
            if s == "FROM" {
                let m = self.word(R_IMPORTS)?;
                if self.is_sym("{") {
                    self.skip_balanced(R_IMPORTS)?;
                } else if let Some(Tok::Word(w)) = self.peek() {
                    // An AssignedIdentifier valuereference is not followed by `,` or FROM.
                    let next_is_list = matches!(self.peek_at(1), Some(Tok::Sym("," | "{")))
                        || matches!(self.peek_at(1), Some(Tok::Word(x)) if x == "FROM");
                    if is_ident(w) && !next_is_list {
                        self.pos += 1;
                    }
                }
                // X.680 13.16 SelectionOption: `WITH SUCCESSORS` / `WITH DESCENDANTS` only widen
                // which versions of the module may supply the symbols; names resolve the same.
                if matches!(self.peek(), Some(Tok::Word(w)) if w == "WITH")
                    && matches!(self.peek_at(1), Some(Tok::Word(x)) if x == "SUCCESSORS" || x == "DESCENDANTS")
                {
                    self.pos += 2;
                }
                module.imports.push((std::mem::take(&mut symbols), m));
                continue;
            }
            if self.is_sym("{") {
                self.skip_balanced(R_IMPORTS)?; // parameterised reference `Name{}`
            }
            symbols.push(s);
            self.eat_sym(",");
        }
    }

    fn params(&mut self) -> PResult<Vec<String>> {
        // X.683 8.4 ParameterList: `{ [Governor :] Reference, ... }`; the reference is the last
        // word before each `,` or `}`.
        let mut out = Vec::new();
        self.expect_sym("{", "X.683 8.4 ParameterList")?;
        let mut last = None;
        let mut depth = 0usize;
        loop {
            match self.peek().cloned() {
                None => return Err(self.error("X.683 8.4 ParameterList", "expected `}`")),
                Some(Tok::Sym("{")) => depth += 1,
                Some(Tok::Sym("}")) if depth > 0 => depth -= 1,
                Some(Tok::Sym("}")) => {
                    self.pos += 1;
                    out.extend(last.take());
                    return Ok(out);
                }
                Some(Tok::Sym(",")) if depth == 0 => out.extend(last.take()),
                Some(Tok::Word(w)) if depth == 0 => last = Some(w),
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// X.681 9.2 FieldSpec list: field names, and the type of fixed-type value fields.
    fn class_fields(&mut self) -> PResult<Vec<(String, Option<super::ast::TypeAst>)>> {
        const R: &str = "X.681 9.2 FieldSpec";
        self.expect_sym("{", R)?;
        let mut out = Vec::new();
        loop {
            let field = self.word(R)?;
            if !field.starts_with('&') {
                return Err(self.error_at(self.toks[self.pos - 1].offset, R, "a field name starts with `&`"));
            }
            let mut ty = None;
            // Value fields have a type, object (set) and value set fields a governor; type
            // fields have neither.
            if matches!(self.peek(), Some(Tok::Word(_)))
                && !self.is_sym(",")
                && !self.is_sym("}")
                && !self.is_word("UNIQUE")
                && !self.is_word("OPTIONAL")
                && !self.is_word("DEFAULT")
            {
                let save = self.pos;
                match self.ty() {
                    Ok(t) => ty = Some(t),
                    Err(_) => self.pos = save,
                }
            }
            // UNIQUE, OPTIONAL, DEFAULT ... and anything not understood, up to the next field.
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
            out.push((field, ty));
            if self.eat_sym("}") {
                return Ok(out);
            }
            self.expect_sym(",", R)?;
        }
    }

    fn assignment(&mut self) -> PResult<Assignment> {
        let offset = self.offset();
        let name = self.word(R_ASSIGN)?;
        let params = if self.is_sym("{") { self.params()? } else { Vec::new() };
        if is_type_ref(&name) {
            if self.eat_sym("::=") {
                if self.is_word("CLASS") {
                    self.pos += 1;
                    let fields = self.class_fields()?;
                    let mut syntax = Vec::new();
                    if self.eat_word("WITH") {
                        self.expect_word("SYNTAX", "X.681 10.5 WithSyntaxSpec")?;
                        syntax = split_version_brackets(self.braced_tokens("X.681 10.5 WithSyntaxSpec")?);
                    }
                    return Ok(Assignment::Class { name, fields, syntax, offset });
                }
                let all_caps = name.chars().all(|c| !c.is_ascii_lowercase());
                if all_caps
                    && matches!(self.peek(), Some(Tok::Word(w)) if w == "TYPE-IDENTIFIER" || w == "ABSTRACT-SYNTAX")
                {
                    // X.681 Annex A: TYPE-IDENTIFIER ::= CLASS { &id OBJECT IDENTIFIER UNIQUE,
                    // &Type } WITH SYNTAX { &Type IDENTIFIED BY &id }.
                    self.pos += 1;
                    return Ok(type_identifier(name, offset));
                }
                let ty = self.ty()?;
                return Ok(Assignment::Type { name, params, ty, offset });
            }
            // ValueSetTypeAssignment or ObjectSetAssignment: `Name Type ::= { ... }`.
            let governor = self.ty()?;
            self.expect_sym("::=", R_ASSIGN)?;
            let body = self.braced_tokens("X.680 16.7 ValueSet")?;
            return Ok(Assignment::ObjectSet { name, governor, body, offset });
        }
        if !is_ident(&name) {
            return Err(self.error_at(offset, R_ASSIGN, "expected a typereference or valuereference"));
        }
        // ValueAssignment or ObjectAssignment: `name Type ::= Value`.
        let ty = self.ty()?;
        self.expect_sym("::=", R_ASSIGN)?;
        let save = self.pos;
        let is_class_governed = matches!(&ty.kind, super::ast::TypeKindAst::Reference { name, .. }
            if name.chars().all(|c| !c.is_ascii_lowercase()));
        if is_class_governed && params.is_empty() && self.is_sym("{") {
            let class = match &ty.kind {
                super::ast::TypeKindAst::Reference { name, .. } => name.clone(),
                _ => String::new(),
            };
            let body = self.braced_tokens("X.681 11 ObjectAssignment")?;
            return Ok(Assignment::Object { name, class, body, offset });
        }
        if is_class_governed || !params.is_empty() {
            self.skip_balanced("X.681 11 ObjectAssignment")?;
            return Ok(Assignment::Other { name, kind: "object or parameterised value", offset });
        }
        match self.value() {
            Ok(value) => Ok(Assignment::Value { name, ty, value, offset }),
            Err(e) => {
                self.pos = save;
                if self.is_sym("{") {
                    self.skip_balanced("X.681 11 ObjectAssignment")?;
                    Ok(Assignment::Other { name, kind: "object", offset })
                } else {
                    Err(e)
                }
            }
        }
    }
}

/// The class TYPE-IDENTIFIER (X.681 Annex A) under another name.
fn type_identifier(name: String, offset: usize) -> Assignment {
    use super::ast::{TypeAst, TypeKindAst};
    use super::lexer::{Tok, Token};
    let oid =
        TypeAst { tags: Vec::new(), kind: TypeKindAst::ObjectIdentifier, constraints: Vec::new(), offset };
    let t = |tok| Token { tok, offset };
    let syntax = vec![
        t(Tok::Word("&Type".into())),
        t(Tok::Word("IDENTIFIED".into())),
        t(Tok::Word("BY".into())),
        t(Tok::Word("&id".into())),
    ];
    Assignment::Class {
        name,
        fields: vec![("&id".into(), Some(oid)), ("&Type".into(), None)],
        syntax,
        offset,
    }
}

/// In a WITH SYNTAX spec `[[` and `]]` are nested optional groups, not version brackets
/// (X.681 10.6): split them into single brackets.
fn split_version_brackets(toks: Vec<super::lexer::Token>) -> Vec<super::lexer::Token> {
    use super::lexer::Token;
    let mut out = Vec::with_capacity(toks.len());
    for t in toks {
        match t.tok {
            Tok::Sym(s @ ("[[" | "]]")) => {
                let one = if s == "[[" { "[" } else { "]" };
                out.push(Token { tok: Tok::Sym(one), offset: t.offset });
                out.push(Token { tok: Tok::Sym(one), offset: t.offset + 1 });
            }
            _ => out.push(t),
        }
    }
    out
}
