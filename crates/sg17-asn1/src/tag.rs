//! Identifier octets: tag class, tag number and the primitive/constructed bit (X.690 8.1.2).

use core::fmt;

/// Tag class, bits 8 and 7 of the first identifier octet (X.690 8.1.2.2, Table 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// `00`: universal.
    Universal = 0,
    /// `01`: application.
    Application = 1,
    /// `10`: context-specific.
    ContextSpecific = 2,
    /// `11`: private.
    Private = 3,
}

impl Class {
    /// The class from the two top bits of an identifier octet.
    #[must_use]
    pub const fn from_bits(octet: u8) -> Self {
        match octet >> 6 {
            0 => Class::Universal,
            1 => Class::Application,
            2 => Class::ContextSpecific,
            _ => Class::Private,
        }
    }

    /// Name as written in ASN.1 notation (`UNIVERSAL`, `APPLICATION`, `CONTEXT`, `PRIVATE`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Class::Universal => "UNIVERSAL",
            Class::Application => "APPLICATION",
            Class::ContextSpecific => "CONTEXT",
            Class::Private => "PRIVATE",
        }
    }
}

/// A tag: class and number. Ordered canonically (X.680 8.6: universal, application,
/// context-specific, private; then by number), which is the order X.690 10.3 requires of SET
/// components.
///
/// ```
/// use sg17_asn1::Tag;
/// assert_eq!(Tag::INTEGER.to_string(), "INTEGER");
/// assert_eq!(Tag::context(3).to_string(), "[3]");
/// assert!(Tag::universal(30) < Tag::application(0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag {
    /// Tag class.
    pub class: Class,
    /// Tag number.
    pub number: u32,
}

impl Tag {
    /// `[UNIVERSAL 0]`, reserved for end-of-contents (X.690 8.1.5).
    pub const END_OF_CONTENTS: Tag = Tag::universal(0);
    /// `[UNIVERSAL 1]` BOOLEAN.
    pub const BOOLEAN: Tag = Tag::universal(1);
    /// `[UNIVERSAL 2]` INTEGER.
    pub const INTEGER: Tag = Tag::universal(2);
    /// `[UNIVERSAL 3]` BIT STRING.
    pub const BIT_STRING: Tag = Tag::universal(3);
    /// `[UNIVERSAL 4]` OCTET STRING.
    pub const OCTET_STRING: Tag = Tag::universal(4);
    /// `[UNIVERSAL 5]` NULL.
    pub const NULL: Tag = Tag::universal(5);
    /// `[UNIVERSAL 6]` OBJECT IDENTIFIER.
    pub const OBJECT_IDENTIFIER: Tag = Tag::universal(6);
    /// `[UNIVERSAL 7]` ObjectDescriptor.
    pub const OBJECT_DESCRIPTOR: Tag = Tag::universal(7);
    /// `[UNIVERSAL 8]` EXTERNAL.
    pub const EXTERNAL: Tag = Tag::universal(8);
    /// `[UNIVERSAL 9]` REAL.
    pub const REAL: Tag = Tag::universal(9);
    /// `[UNIVERSAL 10]` ENUMERATED.
    pub const ENUMERATED: Tag = Tag::universal(10);
    /// `[UNIVERSAL 11]` EMBEDDED PDV.
    pub const EMBEDDED_PDV: Tag = Tag::universal(11);
    /// `[UNIVERSAL 12]` UTF8String.
    pub const UTF8_STRING: Tag = Tag::universal(12);
    /// `[UNIVERSAL 13]` RELATIVE-OID.
    pub const RELATIVE_OID: Tag = Tag::universal(13);
    /// `[UNIVERSAL 14]` TIME.
    pub const TIME: Tag = Tag::universal(14);
    /// `[UNIVERSAL 16]` SEQUENCE and SEQUENCE OF.
    pub const SEQUENCE: Tag = Tag::universal(16);
    /// `[UNIVERSAL 17]` SET and SET OF.
    pub const SET: Tag = Tag::universal(17);
    /// `[UNIVERSAL 18]` NumericString.
    pub const NUMERIC_STRING: Tag = Tag::universal(18);
    /// `[UNIVERSAL 19]` PrintableString.
    pub const PRINTABLE_STRING: Tag = Tag::universal(19);
    /// `[UNIVERSAL 20]` TeletexString (T61String).
    pub const TELETEX_STRING: Tag = Tag::universal(20);
    /// `[UNIVERSAL 21]` VideotexString.
    pub const VIDEOTEX_STRING: Tag = Tag::universal(21);
    /// `[UNIVERSAL 22]` IA5String.
    pub const IA5_STRING: Tag = Tag::universal(22);
    /// `[UNIVERSAL 23]` UTCTime.
    pub const UTC_TIME: Tag = Tag::universal(23);
    /// `[UNIVERSAL 24]` GeneralizedTime.
    pub const GENERALIZED_TIME: Tag = Tag::universal(24);
    /// `[UNIVERSAL 25]` GraphicString.
    pub const GRAPHIC_STRING: Tag = Tag::universal(25);
    /// `[UNIVERSAL 26]` VisibleString (ISO646String).
    pub const VISIBLE_STRING: Tag = Tag::universal(26);
    /// `[UNIVERSAL 27]` GeneralString.
    pub const GENERAL_STRING: Tag = Tag::universal(27);
    /// `[UNIVERSAL 28]` UniversalString.
    pub const UNIVERSAL_STRING: Tag = Tag::universal(28);
    /// `[UNIVERSAL 29]` CHARACTER STRING.
    pub const CHARACTER_STRING: Tag = Tag::universal(29);
    /// `[UNIVERSAL 30]` BMPString.
    pub const BMP_STRING: Tag = Tag::universal(30);
    /// `[UNIVERSAL 31]` DATE.
    pub const DATE: Tag = Tag::universal(31);
    /// `[UNIVERSAL 32]` TIME-OF-DAY.
    pub const TIME_OF_DAY: Tag = Tag::universal(32);
    /// `[UNIVERSAL 33]` DATE-TIME.
    pub const DATE_TIME: Tag = Tag::universal(33);
    /// `[UNIVERSAL 34]` DURATION.
    pub const DURATION: Tag = Tag::universal(34);
    /// `[UNIVERSAL 35]` OID-IRI.
    pub const OID_IRI: Tag = Tag::universal(35);
    /// `[UNIVERSAL 36]` RELATIVE-OID-IRI.
    pub const RELATIVE_OID_IRI: Tag = Tag::universal(36);

    /// A universal tag.
    #[must_use]
    pub const fn universal(number: u32) -> Self {
        Tag { class: Class::Universal, number }
    }
    /// An application tag.
    #[must_use]
    pub const fn application(number: u32) -> Self {
        Tag { class: Class::Application, number }
    }
    /// A context-specific tag `[n]`.
    #[must_use]
    pub const fn context(number: u32) -> Self {
        Tag { class: Class::ContextSpecific, number }
    }
    /// A private tag.
    #[must_use]
    pub const fn private(number: u32) -> Self {
        Tag { class: Class::Private, number }
    }

    /// The ASN.1 name of a universal type (X.680 8.4 Table 1), if this is one.
    #[must_use]
    pub const fn universal_name(self) -> Option<&'static str> {
        if !matches!(self.class, Class::Universal) {
            return None;
        }
        Some(match self.number {
            0 => "EOC",
            1 => "BOOLEAN",
            2 => "INTEGER",
            3 => "BIT STRING",
            4 => "OCTET STRING",
            5 => "NULL",
            6 => "OBJECT IDENTIFIER",
            7 => "ObjectDescriptor",
            8 => "EXTERNAL",
            9 => "REAL",
            10 => "ENUMERATED",
            11 => "EMBEDDED PDV",
            12 => "UTF8String",
            13 => "RELATIVE-OID",
            14 => "TIME",
            16 => "SEQUENCE",
            17 => "SET",
            18 => "NumericString",
            19 => "PrintableString",
            20 => "TeletexString",
            21 => "VideotexString",
            22 => "IA5String",
            23 => "UTCTime",
            24 => "GeneralizedTime",
            25 => "GraphicString",
            26 => "VisibleString",
            27 => "GeneralString",
            28 => "UniversalString",
            29 => "CHARACTER STRING",
            30 => "BMPString",
            31 => "DATE",
            32 => "TIME-OF-DAY",
            33 => "DATE-TIME",
            34 => "DURATION",
            35 => "OID-IRI",
            36 => "RELATIVE-OID-IRI",
            _ => return None,
        })
    }

    /// Number of identifier octets this tag takes (X.690 8.1.2.3, 8.1.2.4).
    #[must_use]
    pub const fn encoded_len(self) -> usize {
        if self.number < 31 { 1 } else { 1 + base128_len(self.number as u128) }
    }

    /// Appends the identifier octets for this tag with the given form.
    pub fn encode(self, constructed: bool, out: &mut Vec<u8>) {
        let first = ((self.class as u8) << 6) | if constructed { 0x20 } else { 0 };
        if self.number < 31 {
            out.push(first | self.number as u8);
        } else {
            out.push(first | 0x1f);
            push_base128(self.number as u128, out);
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.class {
            Class::Universal => match self.universal_name() {
                Some(n) => f.write_str(n),
                None => write!(f, "[UNIVERSAL {}]", self.number),
            },
            Class::ContextSpecific => write!(f, "[{}]", self.number),
            c => write!(f, "[{} {}]", c.name(), self.number),
        }
    }
}

/// Octets needed for `v` in base-128 with continuation bits (X.690 8.1.2.4.2, 8.19.2).
#[must_use]
pub(crate) const fn base128_len(mut v: u128) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}

/// Appends `v` in base-128, most significant group first, bit 8 set on all but the last octet.
pub(crate) fn push_base128(v: u128, out: &mut Vec<u8>) {
    let n = base128_len(v);
    for i in (0..n).rev() {
        let group = ((v >> (7 * i)) & 0x7f) as u8;
        out.push(if i == 0 { group } else { group | 0x80 });
    }
}
