//! Small DER helpers over `sg17_asn1::Reader`: read a field by tag, peek an optional field,
//! require the end of a SEQUENCE; every error carries the clause of the structure read.

use crate::error::{Error, ErrorKind, Result};
use sg17_asn1::{BitString, Decode, EncodingRules, Integer, Limits, ObjectIdentifier, Reader, Tag, Tlv};

/// Reads the fields of one SEQUENCE (or SET) in order.
pub(crate) struct Fields<'a> {
    r: Reader<'a>,
    /// An element [`Fields::opt`] read but did not take: the next read returns it, so no
    /// element is parsed twice.
    peeked: Option<Tlv<'a>>,
    end: usize,
    pub(crate) clause: &'static str,
}

impl<'a> Fields<'a> {
    /// Fields of the constructed `tlv`.
    #[inline]
    pub(crate) fn of(tlv: &Tlv<'a>, clause: &'static str) -> Result<Self> {
        if !tlv.is_constructed() {
            return Err(Error::new(
                ErrorKind::Der(sg17_asn1::ErrorKind::ExpectedConstructed(16)),
                tlv.offset(),
                clause,
            ));
        }
        Ok(Fields { r: tlv.reader()?, peeked: None, end: tlv.offset() + tlv.raw().len(), clause })
    }

    #[inline(always)]
    fn read(&mut self) -> Result<Option<Tlv<'a>>> {
        match self.peeked.take() {
            Some(t) => Ok(Some(t)),
            None => Ok(self.r.read_tlv()?),
        }
    }

    /// The next element, whatever its tag; `MissingField` at the end.
    #[inline(always)]
    pub(crate) fn any(&mut self) -> Result<Tlv<'a>> {
        match self.read()? {
            Some(t) => Ok(t),
            None => Err(Error::new(ErrorKind::MissingField, self.end, self.clause)),
        }
    }

    /// The next element, which must have `tag`.
    #[inline(always)]
    pub(crate) fn req(&mut self, tag: Tag) -> Result<Tlv<'a>> {
        let t = self.any()?;
        if t.tag() != tag {
            return Err(Error::new(ErrorKind::UnexpectedTag, t.offset(), self.clause));
        }
        Ok(t)
    }

    /// The next element if it has `tag`, else nothing is consumed.
    #[inline(always)]
    pub(crate) fn opt(&mut self, tag: Tag) -> Result<Option<Tlv<'a>>> {
        match self.read()? {
            Some(t) if t.tag() == tag => Ok(Some(t)),
            other => {
                self.peeked = other;
                Ok(None)
            }
        }
    }

    /// The next element, or `None` at the end.
    #[inline]
    pub(crate) fn next(&mut self) -> Result<Option<Tlv<'a>>> {
        self.read()
    }

    /// Requires that every field was read.
    pub(crate) fn finish(&self) -> Result<()> {
        match &self.peeked {
            None if self.r.is_empty() => Ok(()),
            None => Err(Error::new(ErrorKind::UnexpectedField, self.r.position(), self.clause)),
            Some(t) => Err(Error::new(ErrorKind::UnexpectedField, t.offset(), self.clause)),
        }
    }
}

/// Reads exactly one DER element from the top-level input `data`.
pub(crate) fn one(data: &[u8], limits: Limits) -> Result<Tlv<'_>> {
    let mut r = Reader::with_limits(data, EncodingRules::Der, limits);
    let t =
        r.read_tlv()?.ok_or(Error::new(ErrorKind::Der(sg17_asn1::ErrorKind::Truncated), 0, "X.690 8.1.1"))?;
    r.finish()?;
    Ok(t)
}

/// Requires `tlv` to have `tag`.
pub(crate) fn expect(tlv: &Tlv<'_>, tag: Tag, clause: &'static str) -> Result<()> {
    if tlv.tag() == tag { Ok(()) } else { Err(Error::new(ErrorKind::UnexpectedTag, tlv.offset(), clause)) }
}

pub(crate) fn oid<'a>(tlv: &Tlv<'a>) -> Result<ObjectIdentifier<'a>> {
    Ok(ObjectIdentifier::decode(tlv)?)
}

pub(crate) fn integer<'a>(tlv: &Tlv<'a>) -> Result<Integer<'a>> {
    Ok(Integer::decode(tlv)?)
}

pub(crate) fn boolean(tlv: &Tlv<'_>) -> Result<bool> {
    Ok(bool::decode(tlv)?)
}

/// A primitive BIT STRING's bits, borrowed (DER forbids the constructed form, X.690 10.2).
pub(crate) fn bit_string<'a>(tlv: &Tlv<'a>) -> Result<BitString<'a>> {
    if tlv.is_constructed() {
        return Err(Error::new(
            ErrorKind::Der(sg17_asn1::ErrorKind::ConstructedStringForbidden),
            tlv.offset(),
            "X.690 10.2",
        ));
    }
    Ok(BitString::from_contents(tlv.contents(), EncodingRules::Der, tlv.contents_offset())?)
}

/// A primitive OCTET STRING's contents (DER, X.690 10.2).
pub(crate) fn octets<'a>(tlv: &Tlv<'a>) -> Result<&'a [u8]> {
    if tlv.is_constructed() {
        return Err(Error::new(
            ErrorKind::Der(sg17_asn1::ErrorKind::ConstructedStringForbidden),
            tlv.offset(),
            "X.690 10.2",
        ));
    }
    Ok(tlv.contents())
}

/// A primitive element's contents under an implicit tag.
pub(crate) fn implicit_primitive<'a>(tlv: &Tlv<'a>, clause: &'static str) -> Result<&'a [u8]> {
    if tlv.is_constructed() {
        return Err(Error::new(ErrorKind::UnexpectedTag, tlv.offset(), clause));
    }
    Ok(tlv.contents())
}

/// Reads a nested element (the contents of an EXPLICIT tag): exactly one element.
pub(crate) fn explicit<'a>(tlv: &Tlv<'a>, clause: &'static str) -> Result<Tlv<'a>> {
    let mut f = Fields::of(tlv, clause)?;
    let inner = f.any()?;
    f.finish()?;
    Ok(inner)
}

/// Hex in upper case with `:` separators, as openssl prints key identifiers.
pub(crate) fn hex_colon(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 3);
    for (i, x) in b.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push_str(&format!("{x:02X}"));
    }
    s
}

/// Hex in lower case, no separators.
pub(crate) fn hex(b: &[u8]) -> String {
    const D: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        s.push(D[usize::from(x >> 4)] as char);
        s.push(D[usize::from(x & 15)] as char);
    }
    s
}
