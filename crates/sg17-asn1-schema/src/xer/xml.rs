//! A small XML 1.0 reader for XER: elements, character data, the five predefined entities
//! and character references; declarations and comments are skipped. Depth is bounded.

use crate::error::CodecError;

/// Content of an element.
#[derive(Clone, Debug)]
pub(crate) enum Part {
    Text(String),
    Child(Element),
}

/// An element with its byte offset.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub name: String,
    pub offset: usize,
    pub parts: Vec<Part>,
}

impl Element {
    pub fn children(&self) -> impl Iterator<Item = &Element> {
        self.parts.iter().filter_map(|p| match p {
            Part::Child(c) => Some(c),
            Part::Text(_) => None,
        })
    }

    /// The element written back as XML text (empty elements as `<a/>`).
    pub fn to_xml(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        if self.parts.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for p in &self.parts {
            match p {
                Part::Text(t) => {
                    for c in t.chars() {
                        match c {
                            '&' => out.push_str("&amp;"),
                            '<' => out.push_str("&lt;"),
                            '>' => out.push_str("&gt;"),
                            c => out.push(c),
                        }
                    }
                }
                Part::Child(c) => c.to_xml(out),
            }
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }

    pub fn text_trimmed(&self) -> String {
        let mut s = String::new();
        for p in &self.parts {
            if let Part::Text(t) = p {
                s.push_str(t);
            }
        }
        s.trim().to_owned()
    }
}

struct Reader<'a> {
    s: &'a str,
    pos: usize,
    max_depth: usize,
}

fn err(at: usize, m: impl Into<String>) -> CodecError {
    CodecError::new("XER", at * 8, "X.693 8 (XML 1.0)", m)
}

/// Parses one document and returns its root element.
pub(crate) fn parse(s: &str, max_depth: usize) -> Result<Element, CodecError> {
    let mut r = Reader { s, pos: 0, max_depth };
    r.misc()?;
    if !r.rest().starts_with('<') {
        return Err(err(r.pos, "expected an element"));
    }
    let e = r.element(0)?;
    r.misc()?;
    if r.pos != s.len() {
        return Err(err(r.pos, "text after the root element"));
    }
    Ok(e)
}

impl<'a> Reader<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    /// Skips white space, comments, processing instructions and the XML declaration.
    fn misc(&mut self) -> Result<(), CodecError> {
        loop {
            let t = self.rest().trim_start();
            self.pos = self.s.len() - t.len();
            if t.starts_with("<?") {
                let end = t.find("?>").ok_or_else(|| err(self.pos, "unterminated <?"))?;
                self.pos += end + 2;
            } else if t.starts_with("<!--") {
                let end = t.find("-->").ok_or_else(|| err(self.pos, "unterminated comment"))?;
                self.pos += end + 3;
            } else {
                return Ok(());
            }
        }
    }

    fn name(&mut self) -> Result<String, CodecError> {
        let t = self.rest();
        let n = t.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(t.len());
        if n == 0 {
            return Err(err(self.pos, "expected a name"));
        }
        let name = t[..n].to_owned();
        self.pos += n;
        Ok(name)
    }

    fn element(&mut self, depth: usize) -> Result<Element, CodecError> {
        if depth > self.max_depth {
            return Err(err(self.pos, "elements nested too deeply"));
        }
        let offset = self.pos;
        self.pos += 1; // '<'
        let name = self.name()?;
        // Attributes are not used by BASIC-XER; skip to the end of the start tag.
        let t = self.rest();
        let close = t.find('>').ok_or_else(|| err(self.pos, "unterminated start tag"))?;
        let empty = t[..close].trim_end().ends_with('/');
        self.pos += close + 1;
        let mut e = Element { name, offset, parts: Vec::new() };
        if empty {
            return Ok(e);
        }
        loop {
            let t = self.rest();
            if t.is_empty() {
                return Err(err(self.pos, format!("<{}> is not closed", e.name)));
            }
            if let Some(after) = t.strip_prefix("</") {
                let n = after.find('>').ok_or_else(|| err(self.pos, "unterminated end tag"))?;
                if after[..n].trim() != e.name {
                    return Err(err(self.pos, format!("</{}> closes <{}>", after[..n].trim(), e.name)));
                }
                self.pos += 2 + n + 1;
                return Ok(e);
            }
            if t.starts_with("<!--") || t.starts_with("<?") {
                self.misc()?;
                continue;
            }
            if t.starts_with('<') {
                let c = self.element(depth + 1)?;
                e.parts.push(Part::Child(c));
                continue;
            }
            let n = t.find('<').unwrap_or(t.len());
            let text = self.unescape(&t[..n])?;
            self.pos += n;
            e.parts.push(Part::Text(text));
        }
    }

    fn unescape(&self, raw: &str) -> Result<String, CodecError> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let end = after.find(';').ok_or_else(|| err(self.pos, "unterminated entity"))?;
            let ent = &after[..end];
            let c = match ent {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let code = if let Some(h) = ent.strip_prefix("#x") {
                        u32::from_str_radix(h, 16).ok()
                    } else if let Some(d) = ent.strip_prefix('#') {
                        d.parse::<u32>().ok()
                    } else {
                        None
                    };
                    code.and_then(char::from_u32)
                        .ok_or_else(|| err(self.pos, format!("unknown entity &{ent};")))?
                }
            };
            out.push(c);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}
