//! Constraint notation (X.680 49-51, X.682 user-defined/table/contents constraints).

use super::ast::{Bound, Constraint, Element, ElementSet, InnerAst, NamedConstraintAst, PresenceConstraint};
use super::lexer::Tok;
use super::{PResult, Parser, is_type_ref};

const R_CONSTRAINT: &str = "X.680 49.6 Constraint";
const R_ELEMENT: &str = "X.680 51.1 SubtypeElements";

impl Parser<'_> {
    /// `( ConstraintSpec ExceptionSpec )`.
    pub(super) fn constraint(&mut self) -> PResult<Constraint> {
        self.enter(R_CONSTRAINT)?;
        let r = self.constraint_inner();
        self.leave();
        r
    }

    fn skip_to_close(&mut self) -> PResult<()> {
        // Skips to the `)` closing the current constraint, leaving it unconsumed.
        while !self.is_sym(")") {
            if self.at_end() {
                return Err(self.error(R_CONSTRAINT, "expected `)`"));
            }
            if matches!(self.peek(), Some(Tok::Sym("{" | "(" | "["))) {
                self.skip_balanced(R_CONSTRAINT)?;
            } else {
                self.pos += 1;
            }
        }
        Ok(())
    }

    /// Whether the `{` at the cursor opens a value in an element set (X.680 51.2: an OBJECT
    /// IDENTIFIER, named bits, a SEQUENCE OF value) rather than the object set of a table
    /// constraint (X.682 10): the braces are followed by a set operator, or hold a number or
    /// NameAndNumberForm `iso(1)` first, or a top-level `,` but no `...` (object sets
    /// separate elements with `|`). A lone `{ name }` stays an object set.
    fn braced_value_ahead(&self) -> bool {
        let (mut depth, mut comma, mut ellipsis, mut end) = (0usize, false, false, None);
        for i in 0.. {
            match self.peek_at(i) {
                None => return false,
                Some(Tok::Sym("{" | "(" | "[")) => depth += 1,
                Some(Tok::Sym("}" | ")" | "]")) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                Some(Tok::Sym(",")) if depth == 1 => comma = true,
                Some(Tok::Sym("...")) => ellipsis = true,
                _ => {}
            }
        }
        let Some(end) = end else { return false };
        let set_op = matches!(self.peek_at(end + 1), Some(Tok::Sym("|" | "^")))
            || matches!(self.peek_at(end + 1), Some(Tok::Word(w)) if w == "UNION" || w == "INTERSECTION" || w == "EXCEPT");
        let oid = matches!(self.peek_at(1), Some(Tok::Number(_)))
            || matches!(self.peek_at(1), Some(Tok::Word(w)) if w.starts_with(|c: char| c.is_ascii_lowercase()))
                && matches!(self.peek_at(2), Some(Tok::Sym("(")));
        set_op || oid || (comma && !ellipsis)
    }

    fn constraint_inner(&mut self) -> PResult<Constraint> {
        self.expect_sym("(", R_CONSTRAINT)?;
        let c = if self.is_sym("{") && !self.braced_value_ahead() {
            const R: &str = "X.682 10.3 TableConstraint";
            let set = self.braced_tokens(R)?;
            let mut at = None;
            if self.eat_sym("{") {
                // X.682 10.7 AtNotation: `@a.b`, `@.a`; the first one names the key.
                self.expect_sym("@", R)?;
                let mut dots = 0;
                loop {
                    if self.eat_sym(".") {
                        dots += 1;
                    } else if self.eat_sym("..") {
                        dots += 2;
                    } else {
                        break;
                    }
                }
                let mut path = vec![self.word(R)?];
                while self.eat_sym(".") {
                    path.push(self.word(R)?);
                }
                while !self.eat_sym("}") {
                    if self.at_end() {
                        return Err(self.error(R, "expected `}`"));
                    }
                    self.pos += 1;
                }
                at = Some((dots, path));
            }
            self.skip_to_close()?;
            Constraint::Table { set, at }
        } else if self.is_word("CONSTRAINED") {
            self.skip_to_close()?;
            Constraint::Other("X.682 9 UserDefinedConstraint")
        } else if self.eat_word("CONTAINING") {
            let t = self.ty()?;
            // ENCODED BY is recorded only (the contents use the outer rules).
            self.skip_to_close()?;
            Constraint::Containing(Box::new(t))
        } else if self.is_word("ENCODED") {
            self.skip_to_close()?;
            Constraint::Other("X.682 11 ContentsConstraint")
        } else {
            let (root, extensible) = if self.is_sym("...") {
                (ElementSet::Element(Element::Other("empty root")), false)
            } else {
                (self.element_set()?, false)
            };
            let mut c = Constraint::Set { root: Box::new(root), extensible, additions: None };
            if self.eat_sym(",") || self.is_sym("...") {
                self.expect_sym("...", "X.680 50.1 ElementSetSpecs")?;
                let mut additions = None;
                if self.eat_sym("!") {
                    self.value()?;
                }
                if self.eat_sym(",") {
                    additions = Some(Box::new(self.element_set()?));
                }
                if let Constraint::Set { extensible, additions: a, .. } = &mut c {
                    *extensible = true;
                    *a = additions;
                }
            }
            c
        };
        if self.eat_sym("!") {
            // ExceptionSpec (X.680 53).
            if self.eat_word("INTEGER") {
                self.expect_sym(":", "X.680 53.4 ExceptionIdentification")?;
            }
            self.value()?;
        }
        self.expect_sym(")", R_CONSTRAINT)?;
        Ok(c)
    }

    fn element_set(&mut self) -> PResult<ElementSet> {
        let mut unions = vec![self.intersections()?];
        while self.eat_sym("|") || self.eat_word("UNION") {
            unions.push(self.intersections()?);
        }
        Ok(if unions.len() == 1 {
            unions.pop().unwrap_or(ElementSet::Union(Vec::new()))
        } else {
            ElementSet::Union(unions)
        })
    }

    fn intersections(&mut self) -> PResult<ElementSet> {
        let mut parts = vec![self.except_elem()?];
        while self.eat_sym("^") || self.eat_word("INTERSECTION") {
            parts.push(self.except_elem()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap_or(ElementSet::Intersection(Vec::new()))
        } else {
            ElementSet::Intersection(parts)
        })
    }

    fn except_elem(&mut self) -> PResult<ElementSet> {
        if self.eat_word("ALL") {
            self.expect_word("EXCEPT", "X.680 50.1 Exclusions")?;
            return Ok(ElementSet::AllExcept(Box::new(ElementSet::Element(self.element()?))));
        }
        let e = ElementSet::Element(self.element()?);
        if self.eat_word("EXCEPT") {
            let x = ElementSet::Element(self.element()?);
            return Ok(ElementSet::Except(Box::new(e), Box::new(x)));
        }
        Ok(e)
    }

    pub(super) fn element(&mut self) -> PResult<Element> {
        self.enter(R_ELEMENT)?;
        let r = self.element_inner();
        self.leave();
        r
    }

    fn element_inner(&mut self) -> PResult<Element> {
        if self.eat_word("SIZE") {
            return Ok(Element::Size(Box::new(self.constraint()?)));
        }
        if self.eat_word("FROM") {
            return Ok(Element::From(Box::new(self.constraint()?)));
        }
        if self.is_word("WITH") {
            return self.inner_type_constraints().map(Element::Inner);
        }
        if self.is_word("PATTERN") {
            let offset = self.offset();
            self.eat_word("PATTERN");
            return Ok(Element::Pattern(self.value()?, offset));
        }
        if self.eat_word("SETTINGS") {
            self.value()?;
            return Ok(Element::Other("X.680 51.10 PropertySettings"));
        }
        if self.eat_word("INCLUDES") {
            return Ok(Element::Type(Box::new(self.ty()?)));
        }
        if self.is_sym("(") {
            return Ok(Element::Nested(Box::new(self.constraint()?)));
        }
        if self.is_sym("{") {
            // A braced value (an OBJECT IDENTIFIER, SEQUENCE or SET OF value, X.680 51.2)
            // when one parses and ends the element; otherwise object set elements.
            let (pos, depth) = (self.pos, self.depth);
            if let Ok(v) = self.value()
                && (self.is_sym(")")
                    || self.is_sym("|")
                    || self.is_sym("^")
                    || self.is_sym(",")
                    || self.is_word("UNION")
                    || self.is_word("INTERSECTION")
                    || self.is_word("EXCEPT"))
            {
                return Ok(Element::Value(v));
            }
            (self.pos, self.depth) = (pos, depth);
            self.skip_balanced("X.681 12 ObjectSetElements")?;
            return Ok(Element::Other("X.681 12 ObjectSetElements"));
        }
        let lower = if self.eat_word("MIN") {
            Some(Bound::Min)
        } else if matches!(self.peek(), Some(Tok::Word(w)) if is_type_ref(w) && !is_value_keyword(w))
            && !matches!(self.peek_at(1), Some(Tok::Sym(".")))
        {
            return Ok(Element::Type(Box::new(self.ty()?)));
        } else {
            None
        };
        let lower = match lower {
            Some(b) => b,
            None => {
                let v = self.value()?;
                if !(self.is_sym("..") || self.is_sym("<") && matches!(self.peek_at(1), Some(Tok::Sym(".."))))
                {
                    return Ok(Element::Value(v));
                }
                Bound::Value(v, false)
            }
        };
        let lower = match lower {
            Bound::Value(v, _) if self.eat_sym("<") => Bound::Value(v, true),
            b => b,
        };
        self.expect_sym("..", "X.680 51.4 ValueRange")?;
        let open_upper = self.eat_sym("<");
        let upper = if self.eat_word("MAX") { Bound::Max } else { Bound::Value(self.value()?, open_upper) };
        Ok(Element::Range(lower, upper))
    }
}

impl Parser<'_> {
    /// InnerTypeConstraints after `WITH` (X.680 51.8).
    fn inner_type_constraints(&mut self) -> PResult<InnerAst> {
        const R: &str = "X.680 51.8 InnerTypeConstraints";
        let offset = self.offset();
        self.expect_word("WITH", R)?;
        if self.eat_word("COMPONENT") {
            return Ok(InnerAst::Component { constraint: Box::new(self.constraint()?), offset });
        }
        self.expect_word("COMPONENTS", R)?;
        self.expect_sym("{", R)?;
        let partial = self.eat_sym("...");
        if partial {
            self.expect_sym(",", R)?;
        }
        let mut items = Vec::new();
        loop {
            let at = self.offset();
            let name = self.word(R)?;
            let value = if self.is_sym("(") { Some(self.constraint()?) } else { None };
            let presence = if self.eat_word("PRESENT") {
                Some(PresenceConstraint::Present)
            } else if self.eat_word("ABSENT") {
                Some(PresenceConstraint::Absent)
            } else if self.eat_word("OPTIONAL") {
                Some(PresenceConstraint::Optional)
            } else {
                None
            };
            items.push(NamedConstraintAst { name, offset: at, value, presence });
            if !self.eat_sym(",") {
                self.expect_sym("}", R)?;
                return Ok(InnerAst::Components { partial, items, offset });
            }
        }
    }
}

fn is_value_keyword(w: &str) -> bool {
    matches!(
        w,
        "TRUE" | "FALSE" | "NULL" | "MIN" | "MAX" | "PLUS-INFINITY" | "MINUS-INFINITY" | "NOT-A-NUMBER"
    )
}
