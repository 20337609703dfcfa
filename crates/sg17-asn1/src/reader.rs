//! Zero-copy TLV reader over `&[u8]` (X.690 8.1).

use crate::error::{Error, ErrorKind, Result};
use crate::header::{Header, Length, parse_header};
use crate::rules::{EncodingRules, Limits};
use crate::tag::{Class, Tag};

/// What a [`Reader`] and every [`Tlv`] it returns carry besides the bytes: the rules, the
/// nesting depth and the [`Limits`] that nested readers and value trees enforce. Kept small
/// (32 octets; `max_depth` is at most [`Limits::DEPTH_CEILING`]) because it is copied into
/// every element read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ctx {
    max_length: usize,
    max_alloc: usize,
    max_nodes: usize,
    max_depth: u16,
    depth: u16,
    rules: EncodingRules,
}

impl Ctx {
    /// `limits` with `max_depth` clamped to [`Limits::DEPTH_CEILING`], at depth 0.
    const fn new(rules: EncodingRules, limits: &Limits) -> Self {
        let max_depth = limits.with_max_depth(limits.max_depth).max_depth;
        Ctx {
            max_length: limits.max_length,
            max_alloc: limits.max_alloc,
            max_nodes: limits.max_nodes,
            // Lossless: clamped to DEPTH_CEILING (512) above.
            max_depth: max_depth as u16,
            depth: 0,
            rules,
        }
    }

    const fn limits(&self) -> Limits {
        Limits {
            max_depth: self.max_depth as usize,
            max_length: self.max_length,
            max_alloc: self.max_alloc,
            max_nodes: self.max_nodes,
        }
    }
}

/// `Tlv::flags` bits.
const CONSTRUCTED: u8 = 1;
const INDEFINITE: u8 = 2;

/// One encoding: identifier, length and contents, borrowed from the input.
///
/// For an indefinite-length encoding, [`Tlv::contents`] excludes the end-of-contents octets and
/// [`Tlv::raw`] includes them.
///
/// Small (64 octets on 64-bit targets) and `Copy`: the header is kept as the tag, the number of
/// header octets and two flag bits, and the contents are a sub-slice of `raw` found on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    raw: &'a [u8],
    offset: usize,
    ctx: Ctx,
    // The tag's two fields apart, so that they share padding with the rest (64 octets).
    tag_number: u32,
    tag_class: Class,
    /// Identifier plus length octets: at most 1 + 5 + 1 + 126 (X.690 8.1.2.4, 8.1.3.5).
    header_len: u8,
    flags: u8,
}

impl<'a> Tlv<'a> {
    /// The tag.
    #[must_use]
    #[inline]
    pub const fn tag(&self) -> Tag {
        Tag { class: self.tag_class, number: self.tag_number }
    }
    /// Whether the encoding is constructed (X.690 8.1.2.5).
    #[must_use]
    #[inline]
    pub const fn is_constructed(&self) -> bool {
        self.flags & CONSTRUCTED != 0
    }
    /// The header (tag, form, length, header length).
    #[must_use]
    pub const fn header(&self) -> Header {
        Header {
            tag: self.tag(),
            constructed: self.is_constructed(),
            length: if self.is_indefinite() {
                Length::Indefinite
            } else {
                Length::Definite(self.raw.len() - self.header_len as usize)
            },
            header_len: self.header_len as usize,
        }
    }
    /// Absolute offset of the first identifier octet in the outermost input.
    #[must_use]
    #[inline]
    pub const fn offset(&self) -> usize {
        self.offset
    }
    /// Absolute offset of the first contents octet.
    #[must_use]
    #[inline]
    pub const fn contents_offset(&self) -> usize {
        self.offset + self.header_len as usize
    }
    /// Contents octets (without end-of-contents octets).
    #[must_use]
    #[inline]
    pub fn contents(&self) -> &'a [u8] {
        let eoc = if self.is_indefinite() { 2 } else { 0 };
        &self.raw[self.header_len as usize..self.raw.len() - eoc]
    }
    /// The whole encoding: identifier, length, contents and any end-of-contents octets.
    #[must_use]
    #[inline]
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }
    /// Whether the indefinite length form was used.
    #[must_use]
    #[inline]
    pub const fn is_indefinite(&self) -> bool {
        self.flags & INDEFINITE != 0
    }
    /// Nesting depth: 0 for a top-level element.
    #[must_use]
    pub const fn depth(&self) -> usize {
        self.ctx.depth as usize
    }
    /// Rules this element was decoded under.
    #[must_use]
    #[inline]
    pub const fn rules(&self) -> EncodingRules {
        self.ctx.rules
    }
    /// Limits this element was decoded under (`max_depth` clamped to
    /// [`Limits::DEPTH_CEILING`]).
    #[must_use]
    pub const fn limits(&self) -> Limits {
        self.ctx.limits()
    }

    /// A reader over the contents of a constructed encoding, one level deeper.
    ///
    /// Errors with [`ErrorKind::DepthLimitExceeded`] past [`Limits::max_depth`].
    #[inline]
    pub fn reader(&self) -> Result<Reader<'a>> {
        if self.ctx.depth >= self.ctx.max_depth {
            return Err(Error::new(ErrorKind::DepthLimitExceeded, self.offset));
        }
        Ok(Reader {
            data: self.contents(),
            pos: 0,
            base: self.contents_offset(),
            ctx: Ctx { depth: self.ctx.depth + 1, ..self.ctx },
        })
    }

    /// An error of `kind` located at this element.
    #[must_use]
    pub const fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.offset)
    }

    /// Requires this element to have `tag`.
    #[inline]
    pub fn expect_tag(&self, tag: Tag) -> Result<()> {
        if self.tag_number == tag.number && self.tag_class == tag.class {
            Ok(())
        } else {
            Err(self.error(ErrorKind::UnexpectedTag))
        }
    }
}

/// A cursor over a sequence of encodings. Zero-copy: every [`Tlv`] borrows from the input.
///
/// ```
/// use sg17_asn1::{EncodingRules, Reader, Tag};
/// // SEQUENCE { INTEGER 5, BOOLEAN TRUE }
/// let der = [0x30, 0x06, 0x02, 0x01, 0x05, 0x01, 0x01, 0xff];
/// let mut r = Reader::new(&der, EncodingRules::Der);
/// let seq = r.read_tlv()?.unwrap();
/// assert_eq!(seq.tag(), Tag::SEQUENCE);
/// let mut inner = seq.reader()?;
/// assert_eq!(inner.read_tlv()?.unwrap().contents(), &[5]);
/// assert_eq!(inner.read_tlv()?.unwrap().tag(), Tag::BOOLEAN);
/// assert!(inner.read_tlv()?.is_none());
/// r.finish()?;
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
    ctx: Ctx,
}

impl<'a> Reader<'a> {
    /// A reader over `data` with default [`Limits`].
    #[must_use]
    pub fn new(data: &'a [u8], rules: EncodingRules) -> Self {
        Self::with_limits(data, rules, Limits::default())
    }

    /// A reader over `data` with explicit limits.
    #[must_use]
    pub fn with_limits(data: &'a [u8], rules: EncodingRules, limits: Limits) -> Self {
        Reader { data, pos: 0, base: 0, ctx: Ctx::new(rules, &limits) }
    }

    /// The rules being enforced.
    #[must_use]
    pub const fn rules(&self) -> EncodingRules {
        self.ctx.rules
    }

    /// Whether all input has been consumed.
    #[must_use]
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// Absolute offset of the next octet.
    #[must_use]
    #[inline]
    pub const fn position(&self) -> usize {
        self.base + self.pos
    }

    /// Unread input.
    #[must_use]
    pub fn remaining(&self) -> &'a [u8] {
        &self.data[self.pos..]
    }

    /// Reads the next encoding, or `None` at the end of the input (or of the enclosing
    /// contents).
    #[inline]
    pub fn read_tlv(&mut self) -> Result<Option<Tlv<'a>>> {
        if self.pos >= self.data.len() {
            return Ok(None);
        }
        let start = self.pos;
        let header = parse_header(self.data, start, self.base, self.ctx.rules, self.ctx.max_length)?;
        let cstart = start + header.header_len;
        let (end, flags) = match header.length {
            Length::Definite(len) => {
                if header.tag == Tag::END_OF_CONTENTS {
                    return Err(self.eoc_error(&header, start));
                }
                (cstart + len, 0)
            }
            Length::Indefinite => {
                if header.tag == Tag::END_OF_CONTENTS {
                    return Err(Error::new(ErrorKind::ReservedTag, self.base + start));
                }
                (self.find_end_of_contents(cstart)? + 2, INDEFINITE)
            }
        };
        self.pos = end;
        Ok(Some(Tlv {
            raw: &self.data[start..end],
            offset: self.base + start,
            ctx: self.ctx,
            tag_number: header.tag.number,
            tag_class: header.tag.class,
            // Lossless: see the field's comment.
            header_len: header.header_len as u8,
            flags: flags | if header.constructed { CONSTRUCTED } else { 0 },
        }))
    }

    /// Reads the next encoding, failing with [`ErrorKind::Truncated`] at the end.
    pub fn read_required(&mut self) -> Result<Tlv<'a>> {
        let at = self.position();
        self.read_tlv()?.ok_or_else(|| Error::new(ErrorKind::Truncated, at))
    }

    /// Reads the next encoding and requires its tag to be `tag`.
    pub fn read_tagged(&mut self, tag: Tag) -> Result<Tlv<'a>> {
        let tlv = self.read_required()?;
        tlv.expect_tag(tag)?;
        Ok(tlv)
    }

    /// Reads the next element as `T`.
    pub fn decode<T: crate::Decode<'a>>(&mut self) -> Result<T> {
        let tlv = self.read_required()?;
        T::decode(&tlv)
    }

    /// Requires that all input has been consumed (X.690 8.1.1: one encoding, nothing after).
    pub fn finish(&self) -> Result<()> {
        if self.is_empty() { Ok(()) } else { Err(Error::new(ErrorKind::TrailingData, self.position())) }
    }

    fn eoc_error(&self, header: &Header, start: usize) -> Error {
        let kind = if header.constructed {
            ErrorKind::ReservedTag
        } else if header.is_end_of_contents() {
            ErrorKind::UnexpectedEndOfContents
        } else {
            ErrorKind::InvalidEndOfContents
        };
        Error::new(kind, self.base + start)
    }

    /// Finds the end-of-contents octets closing the indefinite-length encoding whose contents
    /// start at `pos` (X.690 8.1.3.6, 8.1.5). Iterative: nested indefinite encodings are
    /// counted, definite ones skipped, so the cost is linear in the input.
    fn find_end_of_contents(&self, mut pos: usize) -> Result<usize> {
        let mut open = 1usize;
        loop {
            if pos >= self.data.len() {
                return Err(Error::new(ErrorKind::MissingEndOfContents, self.base + pos));
            }
            let h = parse_header(self.data, pos, self.base, self.ctx.rules, self.ctx.max_length)?;
            match h.length {
                Length::Definite(len) => {
                    if h.tag == Tag::END_OF_CONTENTS {
                        if !h.is_end_of_contents() {
                            return Err(self.eoc_error(&h, pos));
                        }
                        open -= 1;
                        if open == 0 {
                            return Ok(pos);
                        }
                    }
                    pos += h.header_len + len;
                }
                Length::Indefinite => {
                    if h.tag == Tag::END_OF_CONTENTS {
                        return Err(Error::new(ErrorKind::ReservedTag, self.base + pos));
                    }
                    open += 1;
                    if usize::from(self.ctx.depth) + open > usize::from(self.ctx.max_depth) {
                        return Err(Error::new(ErrorKind::DepthLimitExceeded, self.base + pos));
                    }
                    pos += h.header_len;
                }
            }
        }
    }
}

/// Reads exactly one encoding from `data`, rejecting trailing octets.
///
/// ```
/// use sg17_asn1::{read_one, EncodingRules, Tag};
/// let tlv = read_one(&[0x05, 0x00], EncodingRules::Der)?;
/// assert_eq!(tlv.tag(), Tag::NULL);
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
pub fn read_one(data: &[u8], rules: EncodingRules) -> Result<Tlv<'_>> {
    read_one_with_limits(data, rules, Limits::default())
}

/// [`read_one`] with explicit limits.
pub fn read_one_with_limits(data: &[u8], rules: EncodingRules, limits: Limits) -> Result<Tlv<'_>> {
    let mut r = Reader::with_limits(data, rules, limits);
    let tlv = r.read_required()?;
    r.finish()?;
    Ok(tlv)
}

/// Visits every encoding in `data` depth-first, calling `f` on each; checks every header
/// against `rules` and nesting against `limits.max_depth`. Allocates nothing.
///
/// Returns the number of encodings visited.
///
/// ```
/// use sg17_asn1::{walk, EncodingRules, Limits};
/// let der = [0x30, 0x06, 0x02, 0x01, 0x05, 0x01, 0x01, 0xff];
/// let mut tags = Vec::new();
/// let n = walk(&der, EncodingRules::Der, Limits::default(), &mut |t| tags.push(t.tag()))?;
/// assert_eq!(n, 3);
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
pub fn walk<'a>(
    data: &'a [u8],
    rules: EncodingRules,
    limits: Limits,
    f: &mut impl FnMut(&Tlv<'a>),
) -> Result<usize> {
    fn go<'a>(r: &mut Reader<'a>, f: &mut impl FnMut(&Tlv<'a>)) -> Result<usize> {
        let mut n = 0;
        while let Some(tlv) = r.read_tlv()? {
            f(&tlv);
            n += 1;
            if tlv.is_constructed() {
                n += go(&mut tlv.reader()?, f)?;
            }
        }
        Ok(n)
    }
    let mut r = Reader::with_limits(data, rules, limits);
    go(&mut r, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x690_8_1_3_6_indefinite_length_nested() {
        // SEQUENCE (indef) { SEQUENCE (indef) { NULL } , INTEGER 1 }
        let ber = [0x30, 0x80, 0x30, 0x80, 0x05, 0x00, 0x00, 0x00, 0x02, 0x01, 0x01, 0x00, 0x00];
        let outer = read_one(&ber, EncodingRules::Ber).unwrap();
        assert!(outer.is_indefinite());
        assert_eq!(outer.contents().len(), 9);
        let mut r = outer.reader().unwrap();
        let inner = r.read_tlv().unwrap().unwrap();
        assert_eq!(inner.contents(), &[0x05, 0x00]);
        assert_eq!(r.read_tlv().unwrap().unwrap().contents(), &[1]);
        assert!(r.read_tlv().unwrap().is_none());
        assert_eq!(walk(&ber, EncodingRules::Ber, Limits::default(), &mut |_| {}).unwrap(), 4);
    }

    #[test]
    fn x690_8_1_5_missing_end_of_contents() {
        let e = read_one(&[0x30, 0x80, 0x05, 0x00], EncodingRules::Ber).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingEndOfContents);
        let e = read_one(&[0x00, 0x00], EncodingRules::Ber).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnexpectedEndOfContents);
        let e = read_one(&[0x30, 0x80, 0x00, 0x01, 0x00, 0x00, 0x00], EncodingRules::Ber).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidEndOfContents);
    }

    /// Every element read carries a `Tlv`: keep it within one 64-octet cache line.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn tlv_is_small() {
        assert!(core::mem::size_of::<Tlv<'_>>() <= 64, "{}", core::mem::size_of::<Tlv<'_>>());
        assert!(core::mem::size_of::<Reader<'_>>() <= 64);
    }

    #[test]
    fn trailing_data_is_rejected_with_offset() {
        let e = read_one(&[0x05, 0x00, 0x00], EncodingRules::Der).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::TrailingData, 2));
    }

    #[test]
    fn deep_nesting_stops_at_the_limit() {
        // 100000 nested indefinite SEQUENCEs, never closed.
        let mut v = Vec::new();
        for _ in 0..100_000 {
            v.extend_from_slice(&[0x30, 0x80]);
        }
        let e = read_one(&v, EncodingRules::Ber).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DepthLimitExceeded);
        // 100000 nested definite SEQUENCEs built inside-out.
        let mut lens = vec![0usize];
        for k in 0..100_000 {
            lens.push(lens[k] + 1 + crate::header::length_len(lens[k]));
        }
        let mut d: Vec<u8> = Vec::new();
        for &len in lens[..100_000].iter().rev() {
            d.push(0x30);
            crate::header::encode_length(len, &mut d);
        }
        let e = walk(&d, EncodingRules::Der, Limits::default(), &mut |_| {}).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DepthLimitExceeded);
    }
}
