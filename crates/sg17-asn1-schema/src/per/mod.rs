//! Packed Encoding Rules, ALIGNED and UNALIGNED variants (X.691).

pub mod bits;
pub(crate) mod decode;
pub(crate) mod encode;
pub mod prim;

pub use decode::{decode, decode_canonical, decode_with_limits};
pub use encode::{encode, encode_canonical};
pub use prim::{PerIn, PerOut};

use crate::parser::ast::StringType;
use crate::schema::{Constraints, Field, Fields, Kind, Schema, TypeId};
use sg17_asn1::Tag;

/// The 16K fragment unit of length determinants (X.691 11.9.3.8).
pub(crate) const K16: usize = 16384;

/// Number of bits to encode values 0..=n (X.691 11.5.7.2 "the minimum number of bits").
pub(crate) fn bits_for(n: u128) -> u32 {
    128 - n.leading_zeros()
}

/// The full character set of a known-multiplier string type (X.691 30.5.2, X.680 41).
fn full_alphabet(s: StringType) -> Option<Vec<char>> {
    Some(match s {
        StringType::Numeric => " 0123456789".chars().collect(),
        StringType::Printable => {
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?".chars().collect()
        }
        StringType::Visible | StringType::UtcTime | StringType::GeneralizedTime => (' '..='~').collect(),
        StringType::Ia5 => ('\0'..='\x7f').collect(),
        _ => return None,
    })
}

/// How the characters of a known-multiplier string are encoded (X.691 30.5.2-30.5.4).
#[derive(Debug, Clone)]
pub struct CharCoding {
    /// Bits per character.
    pub bits: u32,
    /// Sorted alphabet when characters are encoded by index; `None` for their code value.
    pub index: Option<Vec<char>>,
    /// The permitted characters, for checking, when not all of Unicode.
    pub permitted: Option<Vec<char>>,
    /// The permitted characters as one contiguous range, when they are (fast check).
    pub range: Option<(char, char)>,
}

impl CharCoding {
    /// The coding of the effective permitted alphabet `alphabet` (X.691 30.5.2-30.5.4) in the
    /// ALIGNED variant when `aligned`.
    ///
    /// ```
    /// let c = sg17_asn1_schema::per::CharCoding::from_alphabet(" 0123456789".chars().collect(), false);
    /// assert_eq!(c.bits, 4); // NumericString: 11 characters, by index (X.691 30.5.4)
    /// assert!(c.permits('7') && !c.permits('a'));
    /// ```
    #[must_use]
    pub fn from_alphabet(mut alphabet: Vec<char>, aligned: bool) -> CharCoding {
        alphabet.sort_unstable();
        let n = alphabet.len() as u128;
        let mut b = bits_for(n.saturating_sub(1));
        if aligned {
            b = b.next_power_of_two().max(1);
        }
        let max = alphabet.last().map_or(0, |c| *c as u128);
        let direct = b >= 32 || max < (1u128 << b);
        let range = match (alphabet.first(), alphabet.last()) {
            (Some(lo), Some(hi)) if (*hi as u32 - *lo as u32) as usize + 1 == alphabet.len() => {
                Some((*lo, *hi))
            }
            _ => None,
        };
        CharCoding {
            bits: b,
            index: if direct { None } else { Some(alphabet.clone()) },
            permitted: Some(alphabet),
            range,
        }
    }

    /// Whether `c` is a permitted character.
    #[must_use]
    pub fn permits(&self, c: char) -> bool {
        match (&self.range, &self.permitted) {
            (Some((lo, hi)), _) => (*lo..=*hi).contains(&c),
            (None, Some(p)) => p.binary_search(&c).is_ok(),
            (None, None) => true,
        }
    }
}

pub(crate) fn char_coding(s: StringType, c: &Constraints, aligned: bool) -> Option<CharCoding> {
    let (alphabet, default_bits) = match (&c.alphabet, s) {
        (Some(a), _) => (Some(a.clone()), None),
        (None, StringType::Bmp) => (None, Some(16)),
        (None, StringType::Universal) => (None, Some(32)),
        (None, _) => (Some(full_alphabet(s)?), None),
    };
    let Some(alphabet) = alphabet else {
        return Some(CharCoding {
            bits: default_bits.unwrap_or(8),
            index: None,
            permitted: None,
            range: None,
        });
    };
    Some(CharCoding::from_alphabet(alphabet, aligned))
}

/// Canonical order of SET components by tag (X.691 21, X.680 8.6); untagged CHOICEs sort by
/// their smallest tag.
pub(crate) fn canonical_order<'f>(schema: &Schema, fields: &'f [Field]) -> Vec<&'f Field> {
    let mut v: Vec<(Tag, &Field)> = fields
        .iter()
        .map(|f| (schema.first_tags(f.ty, 0).into_iter().min().unwrap_or(Tag::universal(0)), f))
        .collect();
    v.sort_by_key(|(t, _)| *t);
    v.into_iter().map(|(_, f)| f).collect()
}

/// Root components in encoding order: textual for SEQUENCE, canonical for SET (cached).
pub(crate) fn root_order<'f>(schema: &'f Schema, id: TypeId, f: &'f Fields, set: bool) -> RootOrder<'f> {
    RootOrder { fields: &f.root, order: set.then(|| schema.per_info(id).order.as_slice()), i: 0 }
}

/// The root components in PER order: textual for SEQUENCE, canonical (X.691 21.1) for SET.
#[derive(Clone)]
pub(crate) struct RootOrder<'f> {
    fields: &'f [Field],
    order: Option<&'f [usize]>,
    i: usize,
}

impl<'f> Iterator for RootOrder<'f> {
    type Item = &'f Field;

    fn next(&mut self) -> Option<&'f Field> {
        let k = match self.order {
            Some(o) => *o.get(self.i)?,
            None => self.i,
        };
        self.i += 1;
        self.fields.get(k)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.order.map_or(self.fields.len(), <[usize]>::len).saturating_sub(self.i);
        (n, Some(n))
    }
}

impl ExactSizeIterator for RootOrder<'_> {}

/// What PER needs of a type that does not change between values, computed once per schema.
#[derive(Debug, Default)]
pub(crate) struct PerInfo {
    /// Character coding of a known-multiplier string: UNALIGNED, ALIGNED.
    pub chars: [Option<CharCoding>; 2],
    /// Canonical order (indices into the root) of SET components or CHOICE alternatives.
    pub order: Vec<usize>,
    /// Root enumeration items (indices) sorted by value (X.691 14.1).
    pub enum_sorted: Vec<usize>,
}

pub(crate) fn per_info(schema: &Schema, id: TypeId) -> PerInfo {
    let t = schema.get(id);
    let mut info = PerInfo::default();
    let index_of = |fields: &[Field]| -> Vec<usize> {
        let order = canonical_order(schema, fields);
        order.iter().map(|f| fields.iter().position(|x| std::ptr::eq(x, *f)).unwrap_or(0)).collect()
    };
    match &t.kind {
        Kind::String(s) if crate::schema::constraints::known_multiplier(*s) => {
            info.chars = [char_coding(*s, &t.constraints, false), char_coding(*s, &t.constraints, true)];
        }
        Kind::Set(f) => info.order = index_of(&f.root),
        Kind::Choice { root, .. } => info.order = index_of(root),
        Kind::Enumerated { root, .. } => {
            let mut idx: Vec<usize> = (0..root.len()).collect();
            idx.sort_by_key(|i| root[*i].1);
            info.enum_sorted = idx;
        }
        _ => {}
    }
    info
}

/// The order of SET OF component encodings in CANONICAL-PER (X.691 22.1): compared as bit
/// strings padded with zero bits to an octet boundary (done by the writer) and then with zero
/// octets to the length of the longer one.
pub(crate) fn set_of_order(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let n = a.len().max(b.len());
    let at = |s: &[u8], i: usize| s.get(i).copied().unwrap_or(0);
    (0..n).map(|i| at(a, i).cmp(&at(b, i))).find(|o| o.is_ne()).unwrap_or(std::cmp::Ordering::Equal)
}

/// Default limits for decoding hostile input.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Deepest nesting of constructed values.
    pub max_depth: usize,
    /// Most components in all SEQUENCE OF / SET OF values together.
    pub max_items: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: crate::MAX_DEPTH, max_items: 1 << 22 }
    }
}
