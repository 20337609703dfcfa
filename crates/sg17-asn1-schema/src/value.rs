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

    /// What is wrong with a BIT STRING value of `len` bits held in `bits`, if it has fewer
    /// octets than its length needs (a value built by hand; decoders never make one). The
    /// encoders refuse it rather than read past `bits` or allocate for a length nothing backs.
    pub(crate) fn short_bits(bits: &[u8], len: usize) -> Option<String> {
        (bits.len() < len.div_ceil(8)).then(|| {
            format!(
                "a BIT STRING value of {len} bits needs {} octets, it has {}",
                len.div_ceil(8),
                bits.len()
            )
        })
    }

    /// The first `kept` bits of `bits`, the rest of their last octet 0, then 0 octets up to
    /// `len` bits (`kept <= len`, and `bits` holds `kept` bits).
    pub(crate) fn bit_octets(bits: &[u8], kept: usize, len: usize) -> Vec<u8> {
        let mut o = Vec::with_capacity(len.div_ceil(8));
        o.extend_from_slice(&bits[..kept.div_ceil(8)]);
        if let Some(last) = o.last_mut()
            && !kept.is_multiple_of(8)
        {
            *last &= 0xFF << (8 - kept % 8);
        }
        o.resize(len.div_ceil(8), 0);
        o
    }

    /// How many bits of a named-bit BIT STRING value carry meaning, and how many to send: its
    /// trailing 0 bits dropped, then 0 bits added up to the SIZE lower bound `lb` (X.680 22.7
    /// allows both; the PER procedure of X.691 16.2/16.3).
    pub(crate) fn named_bits_fitted(bits: &[u8], len: usize, lb: Option<i128>) -> (usize, usize) {
        let kept = Self::significant_bits(bits, len);
        (kept, kept.max(lb.and_then(|l| usize::try_from(l).ok()).unwrap_or(0)))
    }

    /// The length of the first `len` bits of a BIT STRING value without their trailing 0 bits:
    /// what a named-bit value comes down to (X.680 22.7), and the bits DER sends of it
    /// (X.690 11.2.2).
    ///
    /// ```
    /// use sg17_asn1_schema::SchemaValue;
    /// assert_eq!(SchemaValue::significant_bits(&[0b1010_0000, 0], 16), 3);
    /// assert_eq!(SchemaValue::significant_bits(&[0], 8), 0);
    /// ```
    #[must_use]
    pub fn significant_bits(bits: &[u8], len: usize) -> usize {
        (0..len.min(bits.len() * 8)).rev().find(|&i| Self::bit(bits, i)).map_or(0, |i| i + 1)
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

/// The bits BER, JER and XER send of a BIT STRING value: all of them, unless it has named bits and
/// its length is outside SIZE; then, as PER does, its trailing 0 bits are dropped and 0 bits
/// added up to the lower bound (X.680 22.7), so a value the constraint check took as fitting
/// is sent at a length the decoders accept.
pub(crate) fn fit_named_bits(
    named: bool,
    bits: &[u8],
    len: usize,
    size: Option<crate::schema::Interval>,
) -> (usize, usize) {
    match size.filter(|s| !s.extensible) {
        Some(s) if named && !i128::try_from(len).is_ok_and(|n| s.contains(n)) => {
            SchemaValue::named_bits_fitted(bits, len, s.lb)
        }
        _ => (len, len),
    }
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
