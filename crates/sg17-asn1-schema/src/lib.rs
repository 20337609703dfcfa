//! # sg17-asn1-schema
//!
//! Compiles ASN.1 modules (X.680-X.683) into a [`Schema`] and encodes or decodes dynamic
//! [`SchemaValue`]s with the Packed Encoding Rules (X.691, aligned and unaligned), the Octet
//! Encoding Rules (X.696, basic and canonical), the JSON Encoding Rules (X.697), the XML Encoding
//! Rules (X.693), and BER, CER and DER (X.690, through [`sg17_asn1`]).
//!
//! ```
//! use sg17_asn1_schema::{Schema, Rules};
//! let schema = Schema::from_source(
//!     "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
//!        P ::= SEQUENCE { a INTEGER (0..7), b BOOLEAN OPTIONAL }
//!      END",
//!     "m.asn",
//! )?;
//! let v = schema.value_from_json("P", &serde_json::json!({"a": 5}))?;
//! let bytes = schema.encode("P", &v, Rules::Uper)?;
//! assert_eq!(bytes, [0x50]); // presence bit 0, then 101
//! assert_eq!(schema.decode("P", &bytes, Rules::Uper)?, v);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod conformance;
pub mod error;
pub mod parser;

pub use error::{CodecError, NotationError, Position};
pub mod schema;
pub mod value;

pub use schema::{Kind, Schema, Ty, TypeId};
pub use value::{Name, SchemaValue};
pub mod ber;
pub mod codegen;
pub mod jer;
pub mod oer;
mod opentype;
pub mod per;
pub mod typed;
pub mod xer;

use core::fmt;
use core::str::FromStr;

/// The encoding rules a [`Schema`] can encode and decode with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rules {
    /// BER with definite lengths (X.690 8).
    Ber,
    /// CER (X.690 9).
    Cer,
    /// DER (X.690 10).
    Der,
    /// PER, UNALIGNED variant (X.691).
    Uper,
    /// PER, ALIGNED variant (X.691).
    Aper,
    /// CANONICAL-PER, UNALIGNED variant (X.691 6; SET OF sorted, X.691 22.1).
    Cuper,
    /// CANONICAL-PER, ALIGNED variant (X.691 6; SET OF sorted, X.691 22.1).
    Caper,
    /// Basic OER (X.696).
    Oer,
    /// CANONICAL-OER (X.696): minimal lengths and integers, DEFAULT values omitted, SET OF
    /// components in ascending order of their encodings (X.696 19).
    Coer,
    /// JSON Encoding Rules (X.697), as UTF-8 JSON text.
    Jer,
    /// XML Encoding Rules (X.693): canonical XER out, BASIC-XER or CXER in.
    Xer,
}

impl Rules {
    /// The binary rules and JER, in the order of [`Rules::name`] (XER is left out).
    pub const ALL: [Rules; 10] = [
        Rules::Ber,
        Rules::Cer,
        Rules::Der,
        Rules::Uper,
        Rules::Aper,
        Rules::Cuper,
        Rules::Caper,
        Rules::Oer,
        Rules::Coer,
        Rules::Jer,
    ];

    /// Short lower-case name as used on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Rules::Ber => "ber",
            Rules::Cer => "cer",
            Rules::Der => "der",
            Rules::Uper => "uper",
            Rules::Aper => "per",
            Rules::Cuper => "cuper",
            Rules::Caper => "cper",
            Rules::Oer => "oer",
            Rules::Coer => "coer",
            Rules::Jer => "jer",
            Rules::Xer => "xer",
        }
    }

    /// Whether the rules give each value exactly one encoding: DER and CER (X.690 9-11),
    /// CANONICAL-PER (X.691 6) and CANONICAL-OER (X.696).
    #[must_use]
    pub fn is_canonical(self) -> bool {
        matches!(self, Rules::Der | Rules::Cer | Rules::Cuper | Rules::Caper | Rules::Coer)
    }

    /// Whether the encoding is text (JSON) rather than octets.
    #[must_use]
    pub fn is_text(self) -> bool {
        matches!(self, Rules::Jer | Rules::Xer)
    }
}

impl fmt::Display for Rules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown encoding rule name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRules(pub String);

impl fmt::Display for UnknownRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown encoding rules `{}` (ber, cer, der, per, aper, uper, cper, caper, cuper, oer, coer, jer, xer)",
            self.0
        )
    }
}

impl std::error::Error for UnknownRules {}

impl FromStr for Rules {
    type Err = UnknownRules;

    /// ```
    /// assert_eq!("aper".parse::<sg17_asn1_schema::Rules>(), Ok(sg17_asn1_schema::Rules::Aper));
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "ber" => Rules::Ber,
            "cer" => Rules::Cer,
            "der" => Rules::Der,
            "uper" => Rules::Uper,
            "per" | "aper" => Rules::Aper,
            "cuper" => Rules::Cuper,
            "cper" | "caper" => Rules::Caper,
            "oer" => Rules::Oer,
            "coer" => Rules::Coer,
            "jer" | "json" => Rules::Jer,
            "xer" | "cxer" | "xml" => Rules::Xer,
            _ => return Err(UnknownRules(s.to_owned())),
        })
    }
}

/// Any error from [`Schema`] encode/decode by type name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaError {
    /// No type of that name.
    UnknownType(String),
    /// An encoding or decoding error.
    Codec(CodecError),
    /// A syntax error in value notation.
    Notation(NotationError),
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaError::UnknownType(n) => write!(f, "no type named `{n}` in the schema"),
            SchemaError::Codec(e) => e.fmt(f),
            SchemaError::Notation(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SchemaError {}

impl From<CodecError> for SchemaError {
    fn from(e: CodecError) -> Self {
        SchemaError::Codec(e)
    }
}

impl Schema {
    fn id_of(&self, type_name: &str) -> Result<TypeId, SchemaError> {
        self.type_id(type_name).ok_or_else(|| SchemaError::UnknownType(type_name.to_owned()))
    }

    /// Encodes `value` of type `type_name` with `rules` (JER gives UTF-8 JSON text).
    ///
    /// # Errors
    /// Unknown type, or a value that does not fit the type or its constraints.
    pub fn encode(&self, type_name: &str, value: &SchemaValue, rules: Rules) -> Result<Vec<u8>, SchemaError> {
        let id = self.id_of(type_name)?;
        Ok(self.encode_id(id, value, rules)?)
    }

    /// [`Schema::encode`] by [`TypeId`].
    ///
    /// # Errors
    /// A value that does not fit the type or its constraints.
    pub fn encode_id(&self, id: TypeId, value: &SchemaValue, rules: Rules) -> Result<Vec<u8>, CodecError> {
        self.encode_at(id, value, rules, 0)
    }

    /// Encodes with open types nested `depth` deep (each open type counts towards
    /// [`MAX_DEPTH`]).
    pub(crate) fn encode_at(
        &self,
        id: TypeId,
        value: &SchemaValue,
        rules: Rules,
        depth: usize,
    ) -> Result<Vec<u8>, CodecError> {
        self.check_for_rules(id, value, rules)?;
        let lowered = opentype::lower(self, id, value, rules, depth)?;
        let value = &*lowered;
        match rules {
            Rules::Ber => ber::encode(self, id, value, sg17_asn1::EncodingRules::Ber),
            Rules::Cer => ber::encode(self, id, value, sg17_asn1::EncodingRules::Cer),
            Rules::Der => ber::encode(self, id, value, sg17_asn1::EncodingRules::Der),
            Rules::Uper => per::encode(self, id, value, false),
            Rules::Aper => per::encode(self, id, value, true),
            Rules::Cuper => per::encode_canonical(self, id, value, false),
            Rules::Caper => per::encode_canonical(self, id, value, true),
            Rules::Oer => oer::encode(self, id, value, false),
            Rules::Coer => oer::encode(self, id, value, true),
            Rules::Jer => Ok(jer::to_json(self, id, value)?.to_string().into_bytes()),
            Rules::Xer => Ok(xer::encode(self, id, value)?.into_bytes()),
        }
    }

    /// Decodes one complete encoding of type `type_name`.
    ///
    /// # Errors
    /// Unknown type, malformed or truncated input (with its bit offset), constraint violations.
    pub fn decode(&self, type_name: &str, data: &[u8], rules: Rules) -> Result<SchemaValue, SchemaError> {
        let id = self.id_of(type_name)?;
        Ok(self.decode_id(id, data, rules)?)
    }

    /// [`Schema::decode`] by [`TypeId`].
    ///
    /// # Errors
    /// Malformed or truncated input (with its bit offset), constraint violations.
    pub fn decode_id(&self, id: TypeId, data: &[u8], rules: Rules) -> Result<SchemaValue, CodecError> {
        self.decode_at(id, data, rules, 0)
    }

    /// Decodes, then resolves open types (X.682 10) nested `depth` deep.
    pub(crate) fn decode_at(
        &self,
        id: TypeId,
        data: &[u8],
        rules: Rules,
        depth: usize,
    ) -> Result<SchemaValue, CodecError> {
        if depth > MAX_DEPTH {
            return Err(CodecError::new(rules.name(), 0, "X.682 10", "open types nested too deeply"));
        }
        let mut v = self.decode_codec(id, data, rules)?;
        opentype::resolve(self, id, &mut v, rules, depth)?;
        // Constraints the codec does not check itself are checked on the decoded value: the
        // error names the component's path, and its bit offset is 0.
        self.check_for_rules(id, &v, rules)?;
        Ok(v)
    }

    fn decode_codec(&self, id: TypeId, data: &[u8], rules: Rules) -> Result<SchemaValue, CodecError> {
        match rules {
            Rules::Ber => ber::decode(self, id, data, sg17_asn1::EncodingRules::Ber),
            Rules::Cer => ber::decode(self, id, data, sg17_asn1::EncodingRules::Cer),
            Rules::Der => ber::decode(self, id, data, sg17_asn1::EncodingRules::Der),
            Rules::Uper => per::decode(self, id, data, false),
            Rules::Aper => per::decode(self, id, data, true),
            Rules::Cuper => per::decode_canonical(self, id, data, false),
            Rules::Caper => per::decode_canonical(self, id, data, true),
            Rules::Oer => oer::decode(self, id, data, false),
            Rules::Coer => oer::decode(self, id, data, true),
            Rules::Jer => {
                let j: serde_json::Value = serde_json::from_slice(data).map_err(|e| {
                    CodecError::new(
                        "JER",
                        e.column().saturating_sub(1) * 8,
                        "X.697 8 (RFC 8259)",
                        e.to_string(),
                    )
                })?;
                jer::from_json(self, id, &j)
            }
            Rules::Xer => xer::decode(self, id, data),
        }
    }

    /// Reads a value of `type_name` from its JER (X.697) JSON form.
    ///
    /// # Errors
    /// Unknown type or JSON of the wrong shape.
    pub fn value_from_json(
        &self,
        type_name: &str,
        j: &serde_json::Value,
    ) -> Result<SchemaValue, SchemaError> {
        let id = self.id_of(type_name)?;
        let mut v = jer::from_json(self, id, j)?;
        opentype::resolve(self, id, &mut v, Rules::Jer, 0)?;
        Ok(v)
    }

    /// Reads a value of `type_name` from ASN.1 value notation (X.680 17.7).
    ///
    /// ```
    /// let s = sg17_asn1_schema::Schema::from_source(
    ///     "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN P ::= SEQUENCE { a INTEGER, b BOOLEAN } END", "m")?;
    /// let v = s.value_from_notation("P", "{ a 5, b TRUE }")?;
    /// assert_eq!(s.value_to_json("P", &v)?, serde_json::json!({"a": 5, "b": true}));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Unknown type, a syntax error (with line and column) or a value that does not fit.
    pub fn value_from_notation(&self, type_name: &str, text: &str) -> Result<SchemaValue, SchemaError> {
        let id = self.id_of(type_name)?;
        let ast = parser::parse_value(text, "value").map_err(SchemaError::Notation)?;
        self.value_from_ast(0, id, &ast)
            .map_err(|m| SchemaError::Codec(CodecError::new("value notation", 0, "X.680 17.7", m)))
    }

    /// The JER (X.697) JSON form of a value of `type_name`.
    ///
    /// # Errors
    /// Unknown type or a value that does not fit it.
    pub fn value_to_json(&self, type_name: &str, v: &SchemaValue) -> Result<serde_json::Value, SchemaError> {
        let id = self.id_of(type_name)?;
        let v = opentype::lower(self, id, v, Rules::Jer, 0)?;
        Ok(jer::to_json(self, id, &v)?)
    }
}

/// Deepest nesting of constructed values any codec follows; deeper input is rejected with an
/// error so that hostile or recursive encodings cannot exhaust the stack.
pub const MAX_DEPTH: usize = 64;
