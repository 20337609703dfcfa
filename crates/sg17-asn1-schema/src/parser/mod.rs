//! ASN.1 notation parser (X.680 module, type, value and constraint notation; X.681-X.683
//! constructs recorded without interpretation).
//!
//! Tokens come from a nom lexer ([`lexer`]); the grammar is recursive descent over them so
//! that every error names the X.680 production that failed and its line and column.

pub mod ast;
mod constraints;
pub mod lexer;
mod modules;
mod types;
mod values;

use crate::error::{NotationError, Position};
use ast::ModuleAst;
use lexer::{Tok, Token};

/// Deepest nesting of types, values or constraints accepted (bounds recursion on hostile text).
const MAX_NESTING: usize = 64;

/// Parses every module in `src` (X.680 13 ModuleDefinition, repeated).
///
/// ```
/// let m = sg17_asn1_schema::parser::parse("M DEFINITIONS ::= BEGIN T ::= INTEGER END", "m.asn")?;
/// assert_eq!(m[0].name, "M");
/// # Ok::<(), sg17_asn1_schema::NotationError>(())
/// ```
///
/// # Errors
/// A [`NotationError`] with line, column and the production that failed.
pub fn parse(src: &str, source_name: &str) -> Result<Vec<ModuleAst>, NotationError> {
    let toks = lexer::tokenize(src, source_name)?;
    let mut p = Parser { src, name: source_name, toks, pos: 0, depth: 0, pending_size: None };
    let mut out = Vec::new();
    while !p.at_end() {
        out.push(p.module()?);
    }
    if out.is_empty() {
        return Err(p.error("X.680 13 ModuleDefinition", "no module in input"));
    }
    Ok(out)
}

/// Parses one value in ASN.1 value notation (X.680 17.7), e.g. `{ a 5, b TRUE }`.
///
/// # Errors
/// A [`NotationError`] with line and column.
pub fn parse_value(src: &str, source_name: &str) -> Result<ast::ValueAst, NotationError> {
    let toks = lexer::tokenize(src, source_name)?;
    let mut p = Parser { src, name: source_name, toks, pos: 0, depth: 0, pending_size: None };
    let v = p.value()?;
    if !p.at_end() {
        return Err(p.error("X.680 17.7 Value", "unexpected text after the value"));
    }
    Ok(v)
}

pub(crate) type PResult<T> = Result<T, NotationError>;

/// A parser over tokens recorded earlier (object definitions, object sets, actual
/// parameters), re-read once the governing class or parameter kind is known.
pub(crate) fn token_parser<'s>(src: &'s str, source_name: &'s str, toks: Vec<Token>) -> Parser<'s> {
    Parser { src, name: source_name, toks, pos: 0, depth: 0, pending_size: None }
}

pub(crate) struct Parser<'s> {
    pub(crate) src: &'s str,
    pub(crate) name: &'s str,
    pub(crate) toks: Vec<Token>,
    pub(crate) pos: usize,
    depth: usize,
    /// The size constraint of `SEQUENCE (SIZE ..) OF`, waiting for its type.
    pending_size: Option<ast::Constraint>,
}

impl Parser<'_> {
    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    pub(crate) fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    pub(crate) fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.toks.get(self.pos + n).map(|t| &t.tok)
    }

    pub(crate) fn offset(&self) -> usize {
        self.toks.get(self.pos).map_or(self.src.len(), |t| t.offset)
    }

    pub(crate) fn error(&self, rule: &'static str, message: impl Into<String>) -> NotationError {
        let found = match self.peek() {
            None => "end of input".to_owned(),
            Some(t) => format!("{t:?}"),
        };
        NotationError {
            source_name: self.name.to_owned(),
            position: Position::of(self.src, self.offset()),
            rule,
            message: format!("{}, found {found}", message.into()),
        }
    }

    pub(crate) fn error_at(
        &self,
        offset: usize,
        rule: &'static str,
        message: impl Into<String>,
    ) -> NotationError {
        NotationError {
            source_name: self.name.to_owned(),
            position: Position::of(self.src, offset),
            rule,
            message: message.into(),
        }
    }

    pub(crate) fn is_sym(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Sym(x)) if *x == s)
    }

    pub(crate) fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x == w)
    }

    pub(crate) fn eat_sym(&mut self, s: &str) -> bool {
        if self.is_sym(s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(crate) fn eat_word(&mut self, w: &str) -> bool {
        if self.is_word(w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_sym(&mut self, s: &'static str, rule: &'static str) -> PResult<()> {
        if self.eat_sym(s) { Ok(()) } else { Err(self.error(rule, format!("expected `{s}`"))) }
    }

    fn expect_word(&mut self, w: &'static str, rule: &'static str) -> PResult<()> {
        if self.eat_word(w) { Ok(()) } else { Err(self.error(rule, format!("expected `{w}`"))) }
    }

    /// Any word (reference, identifier or keyword).
    pub(crate) fn word(&mut self, rule: &'static str) -> PResult<String> {
        match self.peek() {
            Some(Tok::Word(w)) => {
                let w = w.clone();
                self.pos += 1;
                Ok(w)
            }
            _ => Err(self.error(rule, "expected a name")),
        }
    }

    /// Skips a balanced `{...}`, `(...)` or `[...]` group starting at the current token.
    pub(crate) fn skip_balanced(&mut self, rule: &'static str) -> PResult<()> {
        let start = self.offset();
        let mut depth = 0usize;
        loop {
            match self.peek() {
                None => return Err(self.error_at(start, rule, "unbalanced brackets")),
                Some(Tok::Sym("{" | "(" | "[")) => depth += 1,
                // `[[` and `]]` are one lexical item (X.680 12.33, 12.34) but open or close
                // two brackets: `[COUNTS [MIN &a] [MAX &b]]` in a WITH SYNTAX spec.
                Some(Tok::Sym("[[")) => depth += 2,
                Some(Tok::Sym("}" | ")" | "]" | "]]")) => {
                    let n = if self.is_sym("]]") { 2 } else { 1 };
                    depth = depth.saturating_sub(n);
                    if depth == 0 {
                        self.pos += 1;
                        return Ok(());
                    }
                }
                _ => {}
            }
            self.pos += 1;
            if depth == 0 {
                return Ok(());
            }
        }
    }

    /// The tokens inside a balanced `{...}` starting at the current token, braces excluded.
    fn braced_tokens(&mut self, rule: &'static str) -> PResult<Vec<Token>> {
        let start = self.pos;
        self.skip_balanced(rule)?;
        if self.pos < start + 2 || !matches!(self.toks[start].tok, Tok::Sym("{")) {
            return Err(self.error_at(self.toks[start].offset, rule, "expected `{`"));
        }
        Ok(self.toks[start + 1..self.pos - 1].to_vec())
    }

    fn enter(&mut self, rule: &'static str) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error(rule, format!("nesting deeper than {MAX_NESTING}")));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }
}

fn is_type_ref(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_uppercase())
}

fn is_ident(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_lowercase())
}
