//! Regular expressions of PatternConstraint (X.680 51.9, Annex A), matched by a Thompson NFA
//! simulation: time linear in the value's length times the size of the compiled expression,
//! whatever the pattern, so no pattern or value can make matching exponential.
//!
//! The subset understood: literal characters, `.`, sets `[...]` and `[^...]` with ranges
//! `a-z`, the escapes `\d` `\w` `\s` `\t` `\n` `\r` and `\` before a metacharacter, groups
//! `(...)`, alternation `|`, and the quantifiers `*`, `+`, `?`, `#n` (one digit), `#(n)`,
//! `#(n,)`, `#(,m)` and `#(n,m)` (A.2). Anything else (`\N{...}` named characters, `{g,p,r,c}`
//! quadruples, `\b`, `^`, `$`) is refused with the feature named, never matched loosely.

/// Largest compiled expression (instructions): bounds the matching time per character.
const MAX_PROGRAM: usize = 20_000;
/// Deepest nesting of groups and quantifiers.
const MAX_NESTING: usize = 64;

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// The pattern as written (for messages).
    pub source: String,
    sets: Vec<Class>,
    prog: Vec<Inst>,
}

/// A set of characters: sorted, disjoint inclusive ranges of code points, possibly negated.
#[derive(Clone, Debug, PartialEq)]
struct Class {
    ranges: Vec<(u32, u32)>,
    negated: bool,
}

impl Class {
    fn contains(&self, c: char) -> bool {
        let c = c as u32;
        self.ranges.iter().any(|&(a, b)| a <= c && c <= b) != self.negated
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Inst {
    /// Consume one character of set `.0`.
    Char(usize),
    Split(usize, usize),
    Jmp(usize),
    Match,
}

#[derive(Clone, Debug)]
enum Node {
    Class(usize),
    Cat(Vec<Node>),
    Alt(Vec<Node>),
    Rep(Box<Node>, u32, Option<u32>),
}

impl Node {
    /// Instructions this node compiles to (saturating).
    fn size(&self) -> usize {
        match self {
            Node::Class(_) => 1,
            Node::Cat(v) => v.iter().fold(0usize, |a, n| a.saturating_add(n.size())),
            Node::Alt(v) => v.iter().fold(v.len().saturating_mul(2), |a, n| a.saturating_add(n.size())),
            Node::Rep(n, min, max) => {
                let copies = max.unwrap_or(*min).max(*min).max(1) as usize;
                n.size().saturating_add(2).saturating_mul(copies).saturating_add(2)
            }
        }
    }
}

struct Parser<'a> {
    s: &'a [char],
    i: usize,
    sets: Vec<Class>,
}

fn unsupported(what: &str) -> String {
    format!("the regular expression uses {what}, which this implementation does not support")
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn class(&mut self, ranges: Vec<(u32, u32)>, negated: bool) -> Node {
        self.sets.push(Class { ranges, negated });
        Node::Class(self.sets.len() - 1)
    }

    fn alt(&mut self, depth: usize) -> Result<Node, String> {
        if depth > MAX_NESTING {
            return Err("the regular expression nests groups too deeply".into());
        }
        let mut alts = vec![self.cat(depth)?];
        while self.peek() == Some('|') {
            self.i += 1;
            alts.push(self.cat(depth)?);
        }
        Ok(if alts.len() == 1 { alts.pop().unwrap_or(Node::Cat(Vec::new())) } else { Node::Alt(alts) })
    }

    fn cat(&mut self, depth: usize) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Cat(items))
    }

    fn number(&mut self) -> Result<Option<u32>, String> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if start == self.i {
            return Ok(None);
        }
        let digits: String = self.s[start..self.i].iter().collect();
        digits.parse().map(Some).map_err(|_| format!("repetition count {digits} is too large"))
    }

    fn quantified(&mut self, mut atom: Node) -> Result<Node, String> {
        loop {
            let (min, max) = match self.peek() {
                Some('*') => (0, None),
                Some('+') => (1, None),
                Some('?') => (0, Some(1)),
                Some('#') => {
                    self.i += 1;
                    if self.peek() == Some('(') {
                        self.i += 1;
                        let lo = self.number()?;
                        let hi = if self.peek() == Some(',') {
                            self.i += 1;
                            self.number()?
                        } else {
                            Some(lo.ok_or("`#(` must be followed by a number")?)
                        };
                        if self.peek() != Some(')') {
                            return Err("`#(n,m)` is not closed by `)`".into());
                        }
                        let lo = lo.unwrap_or(0);
                        if hi.is_some_and(|h| h < lo) {
                            return Err(format!(
                                "`#({lo},{})` has its upper bound below its lower",
                                hi.unwrap_or(0)
                            ));
                        }
                        self.i += 1;
                        atom = Node::Rep(Box::new(atom), lo, hi);
                        continue;
                    }
                    // `#n` takes one digit; `#12` could be `#1` then `2` or twelve times,
                    // so it is refused rather than guessed.
                    let Some(n) = self.peek().and_then(|c| c.to_digit(10)) else {
                        return Err("`#` must be followed by a digit or `(n,m)`".into());
                    };
                    self.i += 1;
                    if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        return Err(unsupported("`#` followed by several digits (write `#(n)`)"));
                    }
                    atom = Node::Rep(Box::new(atom), n, Some(n));
                    continue;
                }
                _ => return Ok(atom),
            };
            self.i += 1;
            atom = Node::Rep(Box::new(atom), min, max);
        }
    }

    fn escape(&mut self) -> Result<Vec<(u32, u32)>, String> {
        let Some(c) = self.peek() else { return Err("the regular expression ends in `\\`".into()) };
        self.i += 1;
        Ok(match c {
            'd' => vec![('0' as u32, '9' as u32)],
            'w' => vec![('0' as u32, '9' as u32), ('A' as u32, 'Z' as u32), ('a' as u32, 'z' as u32)],
            's' => vec![(9, 13), (32, 32)],
            't' => vec![(9, 9)],
            'n' => vec![(10, 10)],
            'r' => vec![(13, 13)],
            'N' => return Err(unsupported("`\\N{...}` (a named character)")),
            'b' => return Err(unsupported("`\\b` (a word boundary)")),
            c if !c.is_alphanumeric() => vec![(c as u32, c as u32)],
            c => return Err(unsupported(&format!("the escape `\\{c}`"))),
        })
    }

    fn atom(&mut self, depth: usize) -> Result<Node, String> {
        let Some(c) = self.peek() else { return Err("the regular expression ends early".into()) };
        self.i += 1;
        match c {
            '(' => {
                let n = self.alt(depth + 1)?;
                if self.peek() != Some(')') {
                    return Err("a group `(` is not closed".into());
                }
                self.i += 1;
                Ok(n)
            }
            '[' => self.set(),
            '.' => Ok(self.class(Vec::new(), true)),
            '\\' => {
                let r = self.escape()?;
                Ok(self.class(r, false))
            }
            '*' | '+' | '?' | '#' => Err(format!("the quantifier `{c}` follows nothing")),
            '{' | '}' => Err(unsupported("`{...}` (a quadruple or tuple character, or a brace)")),
            '^' | '$' => {
                Err(unsupported(&format!("`{c}` (an anchor; a pattern always matches the whole value)")))
            }
            ']' => Err("`]` without `[`".into()),
            c => Ok(self.class(vec![(c as u32, c as u32)], false)),
        }
    }

    fn set(&mut self) -> Result<Node, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.i += 1;
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else { return Err("a set `[` is not closed".into()) };
            self.i += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = match c {
                '\\' => {
                    let r = self.escape()?;
                    if r.len() == 1 && r[0].0 == r[0].1 {
                        r[0].0
                    } else {
                        ranges.extend(r);
                        continue;
                    }
                }
                '[' => return Err(unsupported("a set inside a set")),
                '{' => return Err(unsupported("`{...}` inside a set (a quadruple or tuple character)")),
                c => c as u32,
            };
            if self.peek() == Some('-') && self.s.get(self.i + 1).is_some_and(|c| *c != ']') {
                self.i += 1;
                let Some(h) = self.peek() else { return Err("a set `[` is not closed".into()) };
                self.i += 1;
                let hi = if h == '\\' {
                    let r = self.escape()?;
                    match r.as_slice() {
                        [(a, b)] if a == b => *a,
                        _ => return Err("a range in a set ends in a class escape".into()),
                    }
                } else {
                    h as u32
                };
                if hi < lo {
                    return Err(format!("the range in a set from U+{lo:04X} to U+{hi:04X} is empty"));
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(self.class(ranges, negated))
    }
}

impl Pattern {
    /// Compiles `source`.
    ///
    /// # Errors
    /// The feature not supported, or what is malformed.
    pub fn new(source: &str) -> Result<Self, String> {
        let chars: Vec<char> = source.chars().collect();
        let mut p = Parser { s: &chars, i: 0, sets: Vec::new() };
        let node = p.alt(0)?;
        if p.i < chars.len() {
            return Err("`)` without `(`".into());
        }
        if node.size() > MAX_PROGRAM {
            return Err(format!("the regular expression compiles to more than {MAX_PROGRAM} steps"));
        }
        let mut prog = Vec::new();
        emit(&node, &mut prog);
        prog.push(Inst::Match);
        Ok(Pattern { source: source.to_owned(), sets: p.sets, prog })
    }

    /// Whether the whole of `s` matches.
    #[must_use]
    pub fn is_match(&self, s: &str) -> bool {
        let n = self.prog.len();
        let mut cur = Vec::with_capacity(n);
        let mut next = Vec::with_capacity(n);
        let mut mark = vec![usize::MAX; n];
        let mut stack = Vec::new();
        let mut generation = 0;
        self.close(0, generation, &mut mark, &mut cur, &mut stack);
        for c in s.chars() {
            generation += 1;
            next.clear();
            for &pc in &cur {
                if let Inst::Char(k) = self.prog[pc]
                    && self.sets[k].contains(c)
                {
                    self.close(pc + 1, generation, &mut mark, &mut next, &mut stack);
                }
            }
            std::mem::swap(&mut cur, &mut next);
            if cur.is_empty() {
                return false;
            }
        }
        cur.iter().any(|&pc| self.prog[pc] == Inst::Match)
    }

    /// Adds the states reachable from `pc` without consuming a character.
    fn close(
        &self,
        pc: usize,
        generation: usize,
        mark: &mut [usize],
        out: &mut Vec<usize>,
        stack: &mut Vec<usize>,
    ) {
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if mark[pc] == generation {
                continue;
            }
            mark[pc] = generation;
            match self.prog[pc] {
                Inst::Jmp(a) => stack.push(a),
                Inst::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Inst::Char(_) | Inst::Match => out.push(pc),
            }
        }
    }
}

fn emit(node: &Node, prog: &mut Vec<Inst>) {
    match node {
        Node::Class(k) => prog.push(Inst::Char(*k)),
        Node::Cat(v) => v.iter().for_each(|n| emit(n, prog)),
        Node::Alt(v) => {
            let mut ends = Vec::new();
            for (i, n) in v.iter().enumerate() {
                if i + 1 < v.len() {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    emit(n, prog);
                    ends.push(prog.len());
                    prog.push(Inst::Jmp(0));
                    let here = prog.len();
                    prog[split] = Inst::Split(split + 1, here);
                } else {
                    emit(n, prog);
                }
            }
            let end = prog.len();
            for e in ends {
                prog[e] = Inst::Jmp(end);
            }
        }
        Node::Rep(n, min, max) => {
            for _ in 0..*min {
                emit(n, prog);
            }
            match max {
                None => {
                    let l = prog.len();
                    prog.push(Inst::Split(l + 1, 0));
                    emit(n, prog);
                    prog.push(Inst::Jmp(l));
                    let end = prog.len();
                    prog[l] = Inst::Split(l + 1, end);
                }
                Some(m) => {
                    let mut splits = Vec::new();
                    for _ in *min..*m {
                        splits.push(prog.len());
                        prog.push(Inst::Split(0, 0));
                        emit(n, prog);
                    }
                    let end = prog.len();
                    for s in splits {
                        prog[s] = Inst::Split(s + 1, end);
                    }
                }
            }
        }
    }
}
