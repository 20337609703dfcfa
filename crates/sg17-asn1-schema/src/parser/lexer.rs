//! X.680 clause 12 lexical items, tokenised with nom.

use crate::error::{NotationError, Position};
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit1, none_of, one_of};
use nom::combinator::{map, recognize, value};
use nom::multi::many0;
use nom::sequence::{delimited, pair, preceded};
use nom::{IResult, Parser};

/// A lexical item (X.680 12).
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A word: typereference, identifier, valuereference, modulereference or reserved word
    /// (X.680 12.2-12.5, 12.38); field references (`&id`) keep their `&`.
    Word(String),
    /// A number (X.680 12.8).
    Number(String),
    /// A real number in decimal notation (X.680 12.9).
    Real(String),
    /// A cstring with `""` un-doubled (X.680 12.14).
    CString(String),
    /// A bstring's binary digits (X.680 12.10).
    BString(String),
    /// An hstring's hexadecimal digits (X.680 12.12).
    HString(String),
    /// Any other lexical item: `::=`, `...`, `..`, `[[`, `]]` and single characters.
    Sym(&'static str),
}

/// A token and the byte offset where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Byte offset in the source.
    pub offset: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn word(i: &str) -> IResult<&str, Tok> {
    map(
        recognize(pair(
            alt((tag("&"), tag(""))),
            pair(take_while1(|c: char| c.is_ascii_alphabetic()), take_while(is_word_char)),
        )),
        |s: &str| Tok::Word(s.to_owned()),
    )
    .parse(i)
}

fn number(i: &str) -> IResult<&str, Tok> {
    let (rest, int) = digit1(i)?;
    // "1.5" is a realnumber but "1..5" is a range.
    if let Ok((r2, frac)) = preceded(char::<&str, nom::error::Error<&str>>('.'), digit1).parse(rest) {
        return Ok((r2, Tok::Real(format!("{int}.{frac}"))));
    }
    Ok((rest, Tok::Number(int.to_owned())))
}

fn cstring(i: &str) -> IResult<&str, Tok> {
    map(
        delimited(char('"'), many0(alt((value('"', tag("\"\"")), none_of("\"")))), char('"')),
        |cs: Vec<char>| Tok::CString(cs.into_iter().collect()),
    )
    .parse(i)
}

fn bhstring(i: &str) -> IResult<&str, Tok> {
    let (rest, body) = delimited(char('\''), take_while(|c: char| c != '\''), char('\'')).parse(i)?;
    let (rest, kind) = one_of("BHbh").parse(rest)?;
    let digits: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    Ok((rest, if kind.eq_ignore_ascii_case(&'B') { Tok::BString(digits) } else { Tok::HString(digits) }))
}

fn symbol(i: &str) -> IResult<&str, Tok> {
    const SYMS: [&str; 27] = [
        "::=", "...", "..", "[[", "]]", "{", "}", "(", ")", "[", "]", ",", ";", ":", "|", "^", "<", ">", "@",
        ".", "!", "-", "&", "=", "*", "+", "/",
    ];
    for s in SYMS {
        if let Some(rest) = i.strip_prefix(s) {
            return Ok((rest, Tok::Sym(s)));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Tag)))
}

/// Skips white space and comments (X.680 12.6): `--` to the end of the line or the next
/// `--`, and nested `/* */`. An unterminated block comment is returned as the error.
fn skip_space(mut i: &str) -> Result<&str, &str> {
    loop {
        let t = i.trim_start();
        if let Some(rest) = t.strip_prefix("--") {
            let end_line = rest.find('\n').unwrap_or(rest.len());
            let end_dash = rest[..end_line].find("--").map(|p| p + 2);
            i = &rest[end_dash.unwrap_or(end_line)..];
        } else if t.starts_with("/*") {
            let mut depth = 0usize;
            let mut j = t;
            loop {
                if let Some(r) = j.strip_prefix("/*") {
                    depth += 1;
                    j = r;
                } else if let Some(r) = j.strip_prefix("*/") {
                    depth -= 1;
                    j = r;
                    if depth == 0 {
                        break;
                    }
                } else if let Some(c) = j.chars().next() {
                    j = &j[c.len_utf8()..];
                } else {
                    return Err(t);
                }
            }
            i = j;
        } else {
            return Ok(t);
        }
    }
}

fn one_token(i: &str) -> IResult<&str, Tok> {
    alt((word, number, cstring, bhstring, symbol)).parse(i)
}

/// Splits `src` into tokens (X.680 12).
///
/// # Errors
/// A [`NotationError`] at the first character that starts no lexical item.
pub fn tokenize(src: &str, source_name: &str) -> Result<Vec<Token>, NotationError> {
    let mut out = Vec::new();
    let mut i = src;
    loop {
        i = skip_space(i)
            .map_err(|at| err(src, source_name, src.len() - at.len(), "unterminated /* comment"))?;
        if i.is_empty() {
            return Ok(out);
        }
        let offset = src.len() - i.len();
        match one_token(i) {
            Ok((rest, tok)) => {
                if let Tok::Word(w) = &tok {
                    // X.680 12.2: no trailing hyphen and no two consecutive hyphens.
                    if w.ends_with('-') || w.contains("--") {
                        let cut = w.find("--").unwrap_or(w.len() - 1);
                        let word = w[..cut].to_owned();
                        if word.is_empty() {
                            return Err(err(src, source_name, offset, "stray hyphen"));
                        }
                        out.push(Token { tok: Tok::Word(word), offset });
                        i = &i[cut..];
                        continue;
                    }
                }
                out.push(Token { tok, offset });
                i = rest;
            }
            Err(_) => return Err(err(src, source_name, offset, "no lexical item starts here")),
        }
    }
}

fn err(src: &str, source_name: &str, offset: usize, message: &str) -> NotationError {
    NotationError {
        source_name: source_name.to_owned(),
        position: Position::of(src, offset),
        rule: "X.680 12 lexical items",
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x680_12_tokens() {
        let t = tokenize(
            "A ::= SEQUENCE { a INTEGER (1..5), -- c\n b '0101'B, c \"x\"\"y\" } /* /* */ */ ...",
            "t",
        )
        .unwrap();
        let toks: Vec<Tok> = t.into_iter().map(|t| t.tok).collect();
        assert_eq!(toks[1], Tok::Sym("::="));
        assert!(toks.contains(&Tok::Sym("..")));
        assert!(toks.contains(&Tok::BString("0101".into())));
        assert!(toks.contains(&Tok::CString("x\"y".into())));
        assert_eq!(toks.last(), Some(&Tok::Sym("...")));
    }

    #[test]
    fn x680_12_unterminated_comment_has_position() {
        let e = tokenize("A ::= INTEGER\n  /* open", "t").unwrap_err();
        assert_eq!(e.position, Position { line: 2, column: 3 });
    }
}
