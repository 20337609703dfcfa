//! The one error type of `sg17-asn1`: what went wrong, where, and which clause says so.

use core::fmt;

/// Which rule of ITU-T X.690 (or X.680, or a configured [`Limits`](crate::Limits) bound) an
/// encoding broke.
///
/// Every kind knows its clause ([`ErrorKind::clause`]) so a conformance tester can match a
/// rejection against the vector that provoked it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended inside an identifier, a length or contents (X.690 8.1.1).
    Truncated,
    /// Bytes follow the last complete encoding (X.690 8.1.1: an encoding is exactly one TLV).
    TrailingData,
    /// High-tag-number form whose first subsequent octet is 0x80 (X.690 8.1.2.4.2 c).
    NonMinimalTagNumber,
    /// High-tag-number form used for a tag number below 31 (X.690 8.1.2.2).
    HighTagFormForLowNumber,
    /// A tag number that does not fit in 32 bits (implementation limit).
    TagNumberTooLarge,
    /// Universal tag 0 used for something other than end-of-contents (X.680 8.6, X.690 8.1.5).
    ReservedTag,
    /// Length octet 0xFF, reserved for future extensions (X.690 8.1.3.5 c).
    ReservedLengthOctet,
    /// Indefinite length on a primitive encoding (X.690 8.1.3.2 a).
    IndefiniteLengthPrimitive,
    /// A length that does not fit the platform's `usize` (implementation limit).
    LengthOverflow,
    /// A length above the configured [`Limits::max_length`](crate::Limits::max_length).
    LengthLimitExceeded,
    /// Long-form length with leading zero octets or used for a length below 128 (X.690 10.1 for
    /// DER, 9.1 for CER primitive encodings).
    NonMinimalLength,
    /// Long-form length not in the fewest octets on a primitive CER encoding (X.690 9.1).
    NonMinimalLengthCer,
    /// Indefinite length in DER (X.690 10.1).
    IndefiniteLengthForbidden,
    /// Definite length on a constructed CER encoding (X.690 9.1).
    DefiniteLengthConstructed,
    /// An indefinite-length encoding with no end-of-contents octets (X.690 8.1.5).
    MissingEndOfContents,
    /// End-of-contents octets where none may appear (X.690 8.1.5).
    UnexpectedEndOfContents,
    /// End-of-contents octets that are not exactly `00 00` (X.690 8.1.5).
    InvalidEndOfContents,
    /// Nesting deeper than [`Limits::max_depth`](crate::Limits::max_depth).
    DepthLimitExceeded,
    /// Decoding would allocate more than [`Limits::max_alloc`](crate::Limits::max_alloc).
    AllocationLimitExceeded,
    /// More nodes than [`Limits::max_nodes`](crate::Limits::max_nodes).
    NodeLimitExceeded,
    /// A constructed encoding of a type whose encoding shall be primitive; the payload is the
    /// universal tag number (X.690 8.2.1, 8.3.1, 8.4, 8.5.1, 8.8.1, 8.19.1, 8.20.1).
    ExpectedPrimitive(u32),
    /// A primitive encoding of a type whose encoding shall be constructed; the payload is the
    /// universal tag number (X.690 8.9.1, 8.11.1, 8.17, 8.18.1, 8.24).
    ExpectedConstructed(u32),
    /// A typed decoder found a different tag than it expected.
    UnexpectedTag,
    /// EXTERNAL contents not the sequence of X.690 8.18.1 (optional direct-reference,
    /// indirect-reference, data-value-descriptor, then exactly one encoding choice).
    InvalidExternal,
    /// BOOLEAN contents are not exactly one octet (X.690 8.2.1).
    InvalidBooleanLength,
    /// BOOLEAN TRUE not encoded as 0xFF in CER/DER (X.690 11.1).
    NonCanonicalBoolean,
    /// INTEGER or ENUMERATED with no contents octets (X.690 8.3.1).
    EmptyInteger,
    /// INTEGER or ENUMERATED whose first nine bits are all zeros or all ones (X.690 8.3.2).
    NonMinimalInteger,
    /// An INTEGER too large for the requested Rust type.
    IntegerOverflow,
    /// BIT STRING with no initial octet (X.690 8.6.2).
    EmptyBitString,
    /// BIT STRING initial octet above 7 (X.690 8.6.2.2).
    InvalidUnusedBits,
    /// BIT STRING with no subsequent octets but a non-zero initial octet (X.690 8.6.2.3).
    UnusedBitsInEmptyBitString,
    /// BIT STRING unused bits not zero in CER/DER (X.690 11.2.1).
    NonZeroUnusedBits,
    /// A segment of a constructed BIT STRING other than the last has unused bits (X.690 8.6.4).
    BitStringSegmentUnusedBits,
    /// A segment of a constructed OCTET STRING or character string is not an OCTET STRING
    /// (X.690 8.7.3.2, 8.23.6).
    InvalidStringSegment,
    /// A segment of a constructed BIT STRING is not a BIT STRING (X.690 8.6.4).
    InvalidBitStringSegment,
    /// Constructed encoding of a string type in DER (X.690 10.2).
    ConstructedStringForbidden,
    /// A string not segmented as CER requires: primitive up to 1000 octets, else 1000-octet
    /// primitive fragments (X.690 9.2).
    CerStringSegmentation,
    /// NULL with contents octets (X.690 8.8.2).
    NullNotEmpty,
    /// OBJECT IDENTIFIER with no subidentifier (X.690 8.19.2).
    EmptyObjectIdentifier,
    /// Subidentifier whose leading octet is 0x80 (X.690 8.19.2).
    NonMinimalSubidentifier,
    /// Last octet of a subidentifier has bit 8 set (X.690 8.19.2).
    TruncatedSubidentifier,
    /// RELATIVE-OID subidentifier whose leading octet is 0x80 (X.690 8.20.2).
    RelativeOidNonMinimalSubidentifier,
    /// RELATIVE-OID subidentifier whose last octet has bit 8 set (X.690 8.20.2).
    RelativeOidTruncatedSubidentifier,
    /// An arc above 2^128 - 1 (implementation limit).
    SubidentifierTooLarge,
    /// RELATIVE-OID with no subidentifier (X.690 8.20.2).
    EmptyRelativeOid,
    /// REAL binary encoding with the reserved base value 11 (X.690 8.5.7.2).
    RealReservedBase,
    /// REAL exponent field missing or truncated (X.690 8.5.7.4).
    RealInvalidExponent,
    /// REAL exponent not in the fewest octets (X.690 8.5.7.4).
    NonMinimalRealExponent,
    /// REAL binary encoding with no mantissa octets (X.690 8.5.7.5).
    RealMissingMantissa,
    /// REAL decimal encoding not in ISO 6093 NR1/NR2/NR3 form (X.690 8.5.8).
    RealInvalidDecimal,
    /// REAL special value other than the four defined ones (X.690 8.5.9).
    RealInvalidSpecial,
    /// REAL not in the canonical form of CER/DER (X.690 11.3).
    NonCanonicalReal,
    /// A character outside the type's character set; the payload is the universal tag number
    /// (X.680 41.2 Table 9 for NumericString, 41.4 Table 10 for PrintableString, 41.1 Table 8
    /// for the others).
    InvalidCharacter(u32),
    /// UTF8String contents not valid UTF-8 (X.690 8.23.10).
    InvalidUtf8,
    /// UniversalString length not a multiple of 4 or an invalid code point (X.690 8.23.7).
    InvalidUniversalString,
    /// BMPString length odd or a surrogate code unit (X.690 8.23.8).
    InvalidBmpString,
    /// UTCTime not of the form of X.680 47.3 (or out of range).
    InvalidUtcTime,
    /// GeneralizedTime not of the form of X.680 46.3 (or out of range).
    InvalidGeneralizedTime,
    /// UTCTime not in the restricted CER/DER form YYMMDDHHMMSSZ (X.690 11.8).
    NonCanonicalUtcTime,
    /// GeneralizedTime not in the restricted CER/DER form (X.690 11.7).
    NonCanonicalGeneralizedTime,
    /// SET OF elements not in ascending order of their encodings (X.690 11.6).
    SetOfOrdering,
    /// SET components not in canonical tag order in DER (X.690 10.3, X.680 8.6).
    SetOrdering,
    /// SET components not in canonical tag order in CER (X.690 9.3, X.680 8.6).
    SetOrderingCer,
}

impl ErrorKind {
    /// The clause that the broken rule comes from, e.g. `"X.690 10.1"`.
    ///
    /// ```
    /// use sg17_asn1::ErrorKind;
    /// assert_eq!(ErrorKind::NonMinimalLength.clause(), "X.690 10.1");
    /// ```
    #[must_use]
    pub const fn clause(self) -> &'static str {
        use ErrorKind::*;
        match self {
            Truncated | TrailingData => "X.690 8.1.1",
            NonMinimalTagNumber => "X.690 8.1.2.4.2",
            HighTagFormForLowNumber => "X.690 8.1.2.2",
            TagNumberTooLarge => "limit: tag number",
            ReservedTag => "X.680 8.6",
            ReservedLengthOctet => "X.690 8.1.3.5",
            IndefiniteLengthPrimitive => "X.690 8.1.3.2",
            LengthOverflow => "limit: length",
            LengthLimitExceeded => "limit: max_length",
            NonMinimalLength => "X.690 10.1",
            NonMinimalLengthCer => "X.690 9.1",
            IndefiniteLengthForbidden => "X.690 10.1",
            DefiniteLengthConstructed => "X.690 9.1",
            MissingEndOfContents | UnexpectedEndOfContents | InvalidEndOfContents => "X.690 8.1.5",
            DepthLimitExceeded => "limit: max_depth",
            AllocationLimitExceeded => "limit: max_alloc",
            NodeLimitExceeded => "limit: max_nodes",
            ExpectedPrimitive(t) => match t {
                1 => "X.690 8.2.1",
                2 => "X.690 8.3.1",
                5 => "X.690 8.8.1",
                6 => "X.690 8.19.1",
                9 => "X.690 8.5.1",
                10 => "X.690 8.4",
                13 => "X.690 8.20.1",
                _ => "X.690 8.1.2.5",
            },
            ExpectedConstructed(t) => match t {
                8 => "X.690 8.18.1",
                11 => "X.690 8.17",
                16 => "X.690 8.9.1",
                17 => "X.690 8.11.1",
                29 => "X.690 8.24",
                _ => "X.690 8.1.2.5",
            },
            UnexpectedTag => "X.690 8.1.2",
            InvalidExternal => "X.690 8.18.1",
            InvalidBooleanLength => "X.690 8.2.1",
            NonCanonicalBoolean => "X.690 11.1",
            EmptyInteger => "X.690 8.3.1",
            NonMinimalInteger => "X.690 8.3.2",
            IntegerOverflow => "limit: integer range",
            EmptyBitString => "X.690 8.6.2",
            InvalidUnusedBits => "X.690 8.6.2.2",
            UnusedBitsInEmptyBitString => "X.690 8.6.2.3",
            NonZeroUnusedBits => "X.690 11.2.1",
            BitStringSegmentUnusedBits => "X.690 8.6.4",
            InvalidStringSegment => "X.690 8.7.3.2",
            InvalidBitStringSegment => "X.690 8.6.4",
            ConstructedStringForbidden => "X.690 10.2",
            CerStringSegmentation => "X.690 9.2",
            NullNotEmpty => "X.690 8.8.2",
            EmptyObjectIdentifier | NonMinimalSubidentifier | TruncatedSubidentifier => "X.690 8.19.2",
            RelativeOidNonMinimalSubidentifier | RelativeOidTruncatedSubidentifier => "X.690 8.20.2",
            SubidentifierTooLarge => "limit: arc size",
            EmptyRelativeOid => "X.690 8.20.2",
            RealReservedBase => "X.690 8.5.7.2",
            RealInvalidExponent | NonMinimalRealExponent => "X.690 8.5.7.4",
            RealMissingMantissa => "X.690 8.5.7.5",
            RealInvalidDecimal => "X.690 8.5.8",
            RealInvalidSpecial => "X.690 8.5.9",
            NonCanonicalReal => "X.690 11.3",
            InvalidCharacter(18) => "X.680 41.2",
            InvalidCharacter(19) => "X.680 41.4",
            InvalidCharacter(_) => "X.680 41.1",
            InvalidUtf8 => "X.690 8.23.10",
            InvalidUniversalString => "X.690 8.23.7",
            InvalidBmpString => "X.690 8.23.8",
            InvalidUtcTime => "X.680 47.3",
            InvalidGeneralizedTime => "X.680 46.3",
            NonCanonicalUtcTime => "X.690 11.8",
            NonCanonicalGeneralizedTime => "X.690 11.7",
            SetOfOrdering => "X.690 11.6",
            SetOrdering => "X.690 10.3",
            SetOrderingCer => "X.690 9.3",
        }
    }

    /// A short description of the broken rule.
    #[must_use]
    pub const fn description(self) -> &'static str {
        use ErrorKind::*;
        match self {
            Truncated => "truncated encoding",
            TrailingData => "trailing data after the encoding",
            NonMinimalTagNumber => "high tag number with leading 0x80 octet",
            HighTagFormForLowNumber => "high-tag-number form for a tag number below 31",
            TagNumberTooLarge => "tag number too large",
            ReservedTag => "reserved universal tag 0",
            ReservedLengthOctet => "reserved length octet 0xFF",
            IndefiniteLengthPrimitive => "indefinite length on a primitive encoding",
            LengthOverflow => "length does not fit in usize",
            LengthLimitExceeded => "length above the configured limit",
            NonMinimalLength => "non-minimal length",
            NonMinimalLengthCer => "non-minimal length on a primitive CER encoding",
            IndefiniteLengthForbidden => "indefinite length not allowed in DER",
            DefiniteLengthConstructed => "definite length on a constructed CER encoding",
            MissingEndOfContents => "missing end-of-contents octets",
            UnexpectedEndOfContents => "unexpected end-of-contents octets",
            InvalidEndOfContents => "end-of-contents octets not 00 00",
            DepthLimitExceeded => "nesting deeper than the configured limit",
            AllocationLimitExceeded => "allocation above the configured limit",
            NodeLimitExceeded => "more nodes than the configured limit",
            ExpectedPrimitive(_) => "constructed encoding of a primitive-only type",
            ExpectedConstructed(_) => "primitive encoding of a constructed-only type",
            UnexpectedTag => "unexpected tag",
            InvalidExternal => "EXTERNAL not of the form of X.690 8.18.1",
            InvalidBooleanLength => "BOOLEAN contents not one octet",
            NonCanonicalBoolean => "BOOLEAN TRUE not encoded as 0xFF",
            EmptyInteger => "INTEGER with no contents octets",
            NonMinimalInteger => "INTEGER not in the fewest octets",
            IntegerOverflow => "INTEGER out of range for the target type",
            EmptyBitString => "BIT STRING with no initial octet",
            InvalidUnusedBits => "BIT STRING unused-bit count above 7",
            UnusedBitsInEmptyBitString => "empty BIT STRING with non-zero unused-bit count",
            NonZeroUnusedBits => "BIT STRING unused bits not zero",
            BitStringSegmentUnusedBits => "unused bits in a non-final BIT STRING segment",
            InvalidStringSegment => "constructed string segment of the wrong type",
            InvalidBitStringSegment => "constructed BIT STRING segment of the wrong type",
            ConstructedStringForbidden => "constructed string encoding not allowed in DER",
            CerStringSegmentation => "string not segmented in 1000-octet fragments",
            NullNotEmpty => "NULL with contents octets",
            EmptyObjectIdentifier => "OBJECT IDENTIFIER with no subidentifier",
            NonMinimalSubidentifier => "subidentifier with leading 0x80 octet",
            TruncatedSubidentifier => "truncated subidentifier",
            RelativeOidNonMinimalSubidentifier => "RELATIVE-OID subidentifier with leading 0x80 octet",
            RelativeOidTruncatedSubidentifier => "truncated RELATIVE-OID subidentifier",
            SubidentifierTooLarge => "subidentifier above 2^128-1",
            EmptyRelativeOid => "RELATIVE-OID with no subidentifier",
            RealReservedBase => "REAL with reserved base",
            RealInvalidExponent => "REAL exponent missing or truncated",
            NonMinimalRealExponent => "REAL exponent not minimal",
            RealMissingMantissa => "REAL binary encoding without mantissa",
            RealInvalidDecimal => "REAL decimal form not NR1/NR2/NR3",
            RealInvalidSpecial => "undefined REAL special value",
            NonCanonicalReal => "REAL not in canonical form",
            InvalidCharacter(_) => "character outside the string type's set",
            InvalidUtf8 => "invalid UTF-8",
            InvalidUniversalString => "invalid UniversalString contents",
            InvalidBmpString => "invalid BMPString contents",
            InvalidUtcTime => "invalid UTCTime",
            InvalidGeneralizedTime => "invalid GeneralizedTime",
            NonCanonicalUtcTime => "UTCTime not YYMMDDHHMMSSZ",
            NonCanonicalGeneralizedTime => "GeneralizedTime not in canonical form",
            SetOfOrdering => "SET OF elements not sorted",
            SetOrdering | SetOrderingCer => "SET components not in tag order",
        }
    }

    /// The clause number alone, without the recommendation prefix (`"10.1"` for
    /// `"X.690 10.1"`), as conformance vectors record it.
    #[must_use]
    pub fn clause_number(self) -> &'static str {
        let c = self.clause();
        c.split_once(' ').map_or(c, |(_, n)| n)
    }
}

/// A decoding or encoding error: the [`ErrorKind`], the byte offset into the outermost input at
/// which the offending element starts (or the offending octet is), and, when a value tree was
/// being built, the path of the element (e.g. `SEQUENCE[2].SET[0]`).
///
/// ```
/// use sg17_asn1::{decode, EncodingRules, ErrorKind};
/// // X.690 10.1: DER requires the length 3 in short form, not `81 03`.
/// let err = decode(&[0x04, 0x81, 0x03, 1, 2, 3], EncodingRules::Der).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::NonMinimalLength);
/// assert_eq!(err.offset(), 1);
/// assert_eq!(err.to_string(), "X.690 10.1: non-minimal length at offset 1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    offset: usize,
    path: Option<Box<str>>,
}

impl Error {
    /// A new error of `kind` at absolute byte `offset`.
    #[must_use]
    pub const fn new(kind: ErrorKind, offset: usize) -> Self {
        Self { kind, offset, path: None }
    }

    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Absolute byte offset in the input.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The clause of the broken rule (see [`ErrorKind::clause`]).
    #[must_use]
    pub const fn clause(&self) -> &'static str {
        self.kind.clause()
    }

    /// Path of the element in the value tree, when known (`SEQUENCE[2].SET[0]`).
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Prefixes `segment` to the path; used while unwinding out of nested decoders.
    #[must_use]
    pub fn in_path(mut self, segment: &str) -> Self {
        self.path = Some(match self.path.take() {
            Some(p) => format!("{segment}.{p}").into_boxed_str(),
            None => segment.into(),
        });
        self
    }

    /// Shifts the offset by `base`; used when an error from a sub-slice is reported against
    /// the outer input.
    #[must_use]
    pub const fn rebase(mut self, base: usize) -> Self {
        self.offset += base;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} at offset {}", self.kind.clause(), self.kind.description(), self.offset)?;
        if let Some(p) = &self.path {
            write!(f, " ({p})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Result alias used throughout the crate.
pub type Result<T> = core::result::Result<T, Error>;
