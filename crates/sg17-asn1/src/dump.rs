//! An `openssl asn1parse`-style dump: one row per encoding with offset, depth, header length,
//! length, form, tag and (for primitives) the decoded value.

use crate::error::Result;
use crate::reader::{Tlv, walk};
use crate::rules::{EncodingRules, Limits};
use crate::tag::{Class, Tag};
use crate::value::Value;
use core::fmt;

/// Longest value text a row carries; longer values are cut with `...`.
pub const MAX_VALUE_CHARS: usize = 256;

/// One dumped encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Absolute offset of the identifier octets.
    pub offset: usize,
    /// Nesting depth.
    pub depth: usize,
    /// Identifier plus length octets.
    pub header_len: usize,
    /// Contents length; `None` for the indefinite form.
    pub length: Option<usize>,
    /// Constructed form.
    pub constructed: bool,
    /// Tag.
    pub tag: Tag,
    /// Value text of a primitive universal type.
    pub value: Option<String>,
}

impl Row {
    fn from_tlv(t: &Tlv<'_>) -> Result<Self> {
        let value = if !t.is_constructed() && t.tag().class == Class::Universal {
            let v = Value::from_tlv(t)?;
            let mut s = match &v {
                // Dotted form reads better in a dump than value notation's `{ 1 2 3 }`.
                Value::ObjectIdentifier(c) => crate::ObjectIdentifier::from_contents(c, 0)?.to_string(),
                _ => v.to_string(),
            };
            if s.len() > MAX_VALUE_CHARS {
                let cut = (0..=MAX_VALUE_CHARS).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
                s.truncate(cut);
                s.push_str("...");
            }
            Some(s)
        } else {
            None
        };
        Ok(Row {
            offset: t.offset(),
            depth: t.depth(),
            header_len: t.header().header_len,
            length: if t.is_indefinite() { None } else { Some(t.contents().len()) },
            constructed: t.is_constructed(),
            tag: t.tag(),
            value,
        })
    }

    /// The row as JSON.
    #[cfg(feature = "json")]
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "offset": self.offset,
            "depth": self.depth,
            "hl": self.header_len,
            "length": self.length,
            "constructed": self.constructed,
            "class": self.tag.class.name(),
            "number": self.tag.number,
            "tag": self.tag.to_string(),
            "value": self.value,
        })
    }
}

impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self.length.map_or_else(|| "inf".to_owned(), |l| l.to_string());
        write!(
            f,
            "{:>5}:d={:<2} hl={:<2} l={:>5} {}: {}",
            self.offset,
            self.depth,
            self.header_len,
            len,
            if self.constructed { "cons" } else { "prim" },
            self.tag
        )?;
        if let Some(v) = &self.value {
            write!(f, " :{v}")?;
        }
        Ok(())
    }
}

/// Dumps every encoding in `data` (several top-level encodings are allowed), calling `f` on
/// each row in document order. Stops at the first error, after the rows before it.
///
/// ```
/// use sg17_asn1::{dump, EncodingRules, Limits};
/// let mut rows = Vec::new();
/// dump::dump(&[0x30, 0x03, 0x02, 0x01, 0x05], EncodingRules::Der, Limits::default(), &mut |r| {
///     rows.push(r.to_string())
/// })?;
/// assert_eq!(rows[1], "    2:d=1  hl=2  l=    1 prim: INTEGER :5");
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
pub fn dump(data: &[u8], rules: EncodingRules, limits: Limits, f: &mut impl FnMut(Row)) -> Result<usize> {
    let mut err = None;
    let n = walk(data, rules, limits, &mut |t| {
        if err.is_some() {
            return;
        }
        match Row::from_tlv(t) {
            Ok(r) => f(r),
            Err(e) => err = Some(e),
        }
    })?;
    match err {
        Some(e) => Err(e),
        None => Ok(n),
    }
}
