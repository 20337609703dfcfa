//! The dynamic value model: a value of any compiled type.

/// An identifier in a value: a SEQUENCE/SET component, a CHOICE alternative or an ENUMERATED
/// item. Decoders copy the compiled schema's `Name`, which for identifiers of up to 23 bytes
/// is a copy of the inline bytes (longer ones share a reference count), so a decoded component
/// costs no allocation for its name; build one with `"name".into()`.
pub type Name = smol_str::SmolStr;

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
    /// INTEGER outside the range of `i128`: its minimal two's-complement octets, most
    /// significant first (X.690 8.3.2), more than 16 of them (certificate serial numbers and
    /// ECDSA signature components reach 20 to 66 octets). Values that fit `i128` are always
    /// [`SchemaValue::Integer`], so every INTEGER value has one representation.
    BigInteger(Vec<u8>),
    /// ENUMERATED, by identifier.
    Enumerated(Name),
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
    Sequence(Vec<(Name, SchemaValue)>),
    /// SET: present components by name.
    Set(Vec<(Name, SchemaValue)>),
    /// SEQUENCE OF.
    SequenceOf(Vec<SchemaValue>),
    /// SET OF.
    SetOf(Vec<SchemaValue>),
    /// CHOICE: the chosen alternative and its value.
    Choice(Name, Box<SchemaValue>),
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
    /// The INTEGER value of two's-complement octets (X.690 8.3.3): [`SchemaValue::Integer`]
    /// up to 16 octets, [`SchemaValue::BigInteger`] beyond. `None` for no octets, or for more
    /// than 16 octets not in the minimal form (X.690 8.3.2), which has no unique value here.
    #[must_use]
    pub fn integer_from_octets(o: &[u8]) -> Option<SchemaValue> {
        match o.len() {
            0 => None,
            1..=16 => {
                let neg = o[0] & 0x80 != 0;
                Some(SchemaValue::Integer(
                    o.iter().fold(if neg { -1i128 } else { 0 }, |a, b| (a << 8) | i128::from(*b)),
                ))
            }
            _ => big_integer_ok(o).then(|| SchemaValue::BigInteger(o.to_vec())),
        }
    }

    /// The component `name` of a SEQUENCE or SET value.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&SchemaValue> {
        match self {
            SchemaValue::Sequence(f) | SchemaValue::Set(f) => {
                f.iter().find(|(n, _)| **n == *name).map(|(_, v)| v)
            }
            _ => None,
        }
    }

    /// The octets of a [`SchemaValue::BigInteger`] if they are a valid one: more than 16,
    /// minimal (X.690 8.3.2).
    pub(crate) fn big_octets(&self) -> Option<&[u8]> {
        match self {
            SchemaValue::BigInteger(o) if big_integer_ok(o) => Some(o),
            _ => None,
        }
    }

    /// Whether bit `i` of a BIT STRING value is set.
    #[must_use]
    pub fn bit(bits: &[u8], i: usize) -> bool {
        bits.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0)
    }
}

/// More than 16 octets whose first nine bits are neither all zero nor all one (X.690 8.3.2).
fn big_integer_ok(o: &[u8]) -> bool {
    o.len() > 16 && !((o[0] == 0 && o[1] & 0x80 == 0) || (o[0] == 0xFF && o[1] & 0x80 != 0))
}

/// Longest decimal INTEGER text read into a [`SchemaValue::BigInteger`] (XER); the conversion
/// is quadratic, so hostile text is bounded.
pub(crate) const MAX_DECIMAL_DIGITS: usize = 4096;

/// Two's-complement negation in place: invert every bit, add one.
fn negate(octets: &mut [u8]) {
    for b in octets.iter_mut() {
        *b = !*b;
    }
    for b in octets.iter_mut().rev() {
        let (x, carry) = b.overflowing_add(1);
        *b = x;
        if !carry {
            break;
        }
    }
}

/// Decimal text of two's-complement octets (the X.680 18.1 value notation of an INTEGER).
pub(crate) fn octets_to_decimal(o: &[u8]) -> String {
    let neg = o.first().is_some_and(|b| b & 0x80 != 0);
    let mut mag: Vec<u8> = o.to_vec();
    if neg {
        negate(&mut mag); // magnitude = two's complement negation
    }
    let mut chunks = Vec::new();
    while mag.iter().any(|b| *b != 0) {
        let mut rem = 0u64;
        for b in &mut mag {
            let cur = (rem << 8) | u64::from(*b);
            *b = (cur / 1_000_000_000) as u8;
            rem = cur % 1_000_000_000;
        }
        chunks.push(rem);
    }
    let mut s = String::from(if neg { "-" } else { "" });
    match chunks.split_last() {
        None => s.push('0'),
        Some((top, rest)) => {
            s.push_str(&top.to_string());
            for c in rest.iter().rev() {
                s.push_str(&format!("{c:09}"));
            }
        }
    }
    s
}

/// The INTEGER value of decimal text `[-]digits`, or `None` if it is not one or has more than
/// [`MAX_DECIMAL_DIGITS`] digits.
pub(crate) fn decimal_to_integer(s: &str) -> Option<SchemaValue> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    if digits.is_empty() || digits.len() > MAX_DECIMAL_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Magnitude, base 256, most significant first, with one spare leading octet for the sign.
    let mut mag = vec![0u8];
    for d in digits.bytes() {
        let mut carry = u32::from(d - b'0');
        for b in mag.iter_mut().rev() {
            let cur = u32::from(*b) * 10 + carry;
            *b = cur as u8;
            carry = cur >> 8;
        }
        if carry > 0 {
            mag.insert(0, carry as u8);
        }
        if mag[0] != 0 {
            mag.insert(0, 0);
        }
    }
    if neg {
        negate(&mut mag);
    }
    // Minimal form (X.690 8.3.2).
    let mut start = 0;
    while start + 1 < mag.len()
        && ((mag[start] == 0 && mag[start + 1] & 0x80 == 0)
            || (mag[start] == 0xFF && mag[start + 1] & 0x80 != 0))
    {
        start += 1;
    }
    SchemaValue::integer_from_octets(&mag[start..])
}

/// Number of characters of `s` (what SIZE constrains for character strings, X.680 51.5),
/// without walking ASCII text character by character.
pub(crate) fn char_count(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.chars().count() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x680_18_decimal_round_trip_beyond_i128() {
        // 2^127 = 170141183460469231731687303715884105728 (one more than i128::MAX).
        let two127 = "170141183460469231731687303715884105728";
        let mut o = vec![0u8; 17];
        o[1] = 0x80;
        assert_eq!(decimal_to_integer(two127), Some(SchemaValue::BigInteger(o.clone())));
        assert_eq!(octets_to_decimal(&o), two127);
        // -(2^127) - 1 needs 17 octets: FF 7F FF .. FF.
        let mut n = vec![0xFFu8; 17];
        n[1] = 0x7F;
        assert_eq!(
            decimal_to_integer("-170141183460469231731687303715884105729"),
            Some(SchemaValue::BigInteger(n.clone()))
        );
        assert_eq!(octets_to_decimal(&n), "-170141183460469231731687303715884105729");
        assert_eq!(decimal_to_integer("-5"), Some(SchemaValue::Integer(-5)));
        assert_eq!(decimal_to_integer("0"), Some(SchemaValue::Integer(0)));
        assert_eq!(decimal_to_integer("1x"), None);
        assert_eq!(SchemaValue::integer_from_octets(&[0; 17]), None, "X.690 8.3.2 non-minimal");
    }
}
