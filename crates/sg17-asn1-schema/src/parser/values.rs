//! Value notation (X.680 17.7 and the value notation of each built-in type).

use super::ast::ValueAst;
use super::lexer::Tok;
use super::{PResult, Parser, is_type_ref};

const R_VALUE: &str = "X.680 17.7 Value";

impl Parser<'_> {
    pub(crate) fn value(&mut self) -> PResult<ValueAst> {
        self.enter(R_VALUE)?;
        let r = self.value_inner();
        self.leave();
        r
    }

    fn value_inner(&mut self) -> PResult<ValueAst> {
        let Some(t) = self.peek().cloned() else {
            return Err(self.error(R_VALUE, "expected a value"));
        };
        self.pos += 1;
        Ok(match t {
            Tok::Sym("{") => {
                let mut items = Vec::new();
                if self.eat_sym("}") {
                    return Ok(ValueAst::Braced(items));
                }
                loop {
                    let mut item = Vec::new();
                    while !self.is_sym(",") && !self.is_sym("}") {
                        item.push(self.value()?);
                    }
                    items.push(item);
                    if self.eat_sym("}") {
                        return Ok(ValueAst::Braced(items));
                    }
                    self.expect_sym(",", R_VALUE)?;
                }
            }
            Tok::Sym("-") => match self.peek().cloned() {
                Some(Tok::Number(n)) => {
                    self.pos += 1;
                    ValueAst::Integer(-self.parse_int(&n)?)
                }
                Some(Tok::Real(r)) => {
                    self.pos += 1;
                    ValueAst::Real(-r.parse::<f64>().map_err(|_| self.error(R_VALUE, "bad real"))?)
                }
                _ => return Err(self.error(R_VALUE, "expected a number after `-`")),
            },
            Tok::Number(n) => ValueAst::Integer(self.parse_int(&n)?),
            Tok::Real(r) => ValueAst::Real(r.parse::<f64>().map_err(|_| self.error(R_VALUE, "bad real"))?),
            Tok::CString(s) => ValueAst::CString(s),
            Tok::BString(s) => ValueAst::BString(s),
            Tok::HString(s) => ValueAst::HString(s),
            Tok::Word(w) => match w.as_str() {
                "TRUE" => ValueAst::Boolean(true),
                "FALSE" => ValueAst::Boolean(false),
                "NULL" => ValueAst::Null,
                "PLUS-INFINITY" => ValueAst::Real(f64::INFINITY),
                "MINUS-INFINITY" => ValueAst::Real(f64::NEG_INFINITY),
                "NOT-A-NUMBER" => ValueAst::Real(f64::NAN),
                _ if is_type_ref(&w) => {
                    // `Module.value` or an open type value `Type : value`.
                    if self.eat_sym(".") {
                        ValueAst::Ident(self.word(R_VALUE)?)
                    } else if self.eat_sym(":") {
                        self.value()?;
                        ValueAst::Opaque
                    } else {
                        self.pos -= 1;
                        return Err(self.error(R_VALUE, "expected a value"));
                    }
                }
                _ => {
                    if self.eat_sym(":") {
                        ValueAst::Choice(w, Box::new(self.value()?))
                    } else if self.is_sym("(")
                        && !matches!(self.peek_at(1), Some(Tok::Word(x)) if x == "SIZE" || x == "FROM")
                    {
                        self.pos += 1;
                        let v = self.value()?;
                        self.expect_sym(")", "X.680 32.3 NameAndNumberForm")?;
                        ValueAst::NamedNumber(w, Box::new(v))
                    } else {
                        ValueAst::Ident(w)
                    }
                }
            },
            _ => {
                self.pos -= 1;
                return Err(self.error(R_VALUE, "expected a value"));
            }
        })
    }

    fn parse_int(&self, digits: &str) -> PResult<i128> {
        digits.parse::<i128>().map_err(|_| {
            self.error_at(self.toks[self.pos - 1].offset, R_VALUE, "number does not fit in 128 bits")
        })
    }
}
