//! The dynamic value model: a value of any compiled type.

/// A value of an ASN.1 type, interpreted through a [`crate::Schema`].
///
/// Components of SEQUENCE and SET values are kept in the textual order of the type (root
/// components, extension additions, then the root components after the second marker); absent
/// OPTIONAL components are left out.
///
/// ```
/// use sg17_asn1_schema::SchemaValue;
/// let v = SchemaValue::Sequence(vec![("a".into(), SchemaValue::Integer(5))]);
/// assert_eq!(v.field("a"), Some(&SchemaValue::Integer(5)));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum SchemaValue {
    /// BOOLEAN.
    Boolean(bool),
    /// INTEGER.
    Integer(i128),
    /// ENUMERATED, by identifier.
    Enumerated(String),
    /// REAL.
    Real(f64),
    /// BIT STRING: `bits` packed MSB first, `len` bits long.
    BitString {
        /// The bits, first bit in the most significant position of the first octet.
        bits: Vec<u8>,
        /// Number of bits.
        len: usize,
    },
    /// OCTET STRING.
    OctetString(Vec<u8>),
    /// NULL.
    Null,
    /// OBJECT IDENTIFIER arcs.
    ObjectIdentifier(Vec<u128>),
    /// RELATIVE-OID arcs.
    RelativeOid(Vec<u128>),
    /// Any character string, UTCTime or GeneralizedTime.
    String(String),
    /// SEQUENCE: present components by name.
    Sequence(Vec<(String, SchemaValue)>),
    /// SET: present components by name.
    Set(Vec<(String, SchemaValue)>),
    /// SEQUENCE OF.
    SequenceOf(Vec<SchemaValue>),
    /// SET OF.
    SetOf(Vec<SchemaValue>),
    /// CHOICE: the chosen alternative and its value.
    Choice(String, Box<SchemaValue>),
    /// An open type (or unknown extension) kept as the complete encoding of its value in the
    /// rules it was read with: for a table-constrained open type in JER the JSON text and in
    /// XER the XML element of the value (X.697, X.693), else octets.
    Open(Vec<u8>),
    /// A value carried inside another encoding, decoded with its governing type: an open type
    /// resolved through a component relation constraint (X.681 14, X.682 10), or the contents
    /// of an OCTET STRING or BIT STRING with a contents constraint `CONTAINING` such an open
    /// type (X.682 11). The governing type is found again from the schema and the referenced
    /// component when the value is encoded, so only the value is kept and it encodes in any
    /// rules.
    Contained(Box<SchemaValue>),
}

impl SchemaValue {
    /// The component `name` of a SEQUENCE or SET value.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&SchemaValue> {
        match self {
            SchemaValue::Sequence(f) | SchemaValue::Set(f) => {
                f.iter().find(|(n, _)| n == name).map(|(_, v)| v)
            }
            _ => None,
        }
    }

    /// Whether bit `i` of a BIT STRING value is set.
    #[must_use]
    pub fn bit(bits: &[u8], i: usize) -> bool {
        bits.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0)
    }
}
