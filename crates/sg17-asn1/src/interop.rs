//! Conversions to and from the RustCrypto `der` crate (feature `der`), so code built on
//! `der`/`x509-cert` and code built on sg17 can hand elements to each other.
//!
//! Both directions go through the element's DER octets, which is cheap: `der` re-reads one
//! header, and sg17 borrows contents without copying.

use crate::error::{Error, ErrorKind, Result};
use crate::reader::{Tlv, read_one};
use crate::rules::EncodingRules;
use crate::value::Value;
use der::{Decode, Encode};

impl<'a> Tlv<'a> {
    /// This element as a `der::AnyRef` borrowing the same octets. Fails for BER/CER-only forms
    /// (indefinite lengths) that `der` does not read.
    ///
    /// ```
    /// use sg17_asn1::{read_one, EncodingRules};
    /// let tlv = read_one(&[0x02, 0x01, 0x05], EncodingRules::Der)?;
    /// let any = tlv.to_der_any().unwrap();
    /// assert_eq!(any.value(), &[0x05]);
    /// # Ok::<(), sg17_asn1::Error>(())
    /// ```
    pub fn to_der_any(&self) -> der::Result<der::AnyRef<'a>> {
        der::AnyRef::from_der(self.raw())
    }
}

impl<'a> TryFrom<der::AnyRef<'a>> for Value<'static> {
    type Error = Error;
    /// Re-reads a `der` element under strict DER (X.690 clause 10) into an owned value tree.
    fn try_from(any: der::AnyRef<'a>) -> Result<Self> {
        let bytes = any.to_der().map_err(|_| Error::new(ErrorKind::Truncated, 0))?;
        Ok(Value::decode(&bytes, EncodingRules::Der)?.into_owned())
    }
}

/// Reads `der`'s encoding of any `der::Encode` type as an sg17 value tree.
///
/// ```
/// let oid = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
/// let v = sg17_asn1::interop::from_der_encodable(&oid)?;
/// assert_eq!(v.to_string(), "{ 1 2 840 113549 1 1 11 }");
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
pub fn from_der_encodable<T: Encode>(value: &T) -> Result<Value<'static>> {
    let bytes = value.to_der().map_err(|_| Error::new(ErrorKind::Truncated, 0))?;
    Ok(Value::decode(&bytes, EncodingRules::Der)?.into_owned())
}

/// Decodes a `der::Decode` type from the DER encoding of an sg17 value.
///
/// ```
/// let v = sg17_asn1::Value::integer(300);
/// let n: u32 = sg17_asn1::interop::to_der_decodable(&v).unwrap();
/// assert_eq!(n, 300);
/// ```
pub fn to_der_decodable<T: for<'b> Decode<'b>>(value: &Value<'_>) -> core::result::Result<T, String> {
    let bytes = value.to_der();
    // Checked again by sg17 so a non-DER tree is reported with its clause.
    read_one(&bytes, EncodingRules::Der).map_err(|e| e.to_string())?;
    T::from_der(&bytes).map_err(|e| e.to_string())
}
