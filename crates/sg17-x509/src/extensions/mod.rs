//! Extensions (RFC 5280 4.2, X.509 clause 9): the `Extensions` list with duplicate and
//! structure checks, and one typed decoder per extension family (one module each).

mod constraints;
mod crl_entry;
mod distribution_points;
mod general_name;
mod info_access;
mod key_identifier;
mod key_usage;
mod policies;
mod sct;

pub use constraints::{BasicConstraints, GeneralSubtree, NameConstraints, PolicyConstraints};
pub use crl_entry::CrlReason;
pub use distribution_points::{
    DistributionPoint, DistributionPointName, IssuingDistributionPoint, ReasonFlags,
};
pub use general_name::GeneralName;
pub(crate) use general_name::decode_general_names;
pub use info_access::AccessDescription;
pub use key_identifier::AuthorityKeyIdentifier;
pub(crate) use key_identifier::decode_implicit_general_names;
pub use key_usage::KeyUsage;
pub use policies::{PolicyInformation, PolicyQualifier};

use crate::Limits;
use crate::der::{Fields, expect};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::name::NameLimits;
use crate::oids::{self, KnownOid};
use crate::time::Time;
use sg17_asn1::{Integer, ObjectIdentifier, Reader, Tag, Tlv};

/// One `Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }`.
#[derive(Clone, Copy, Debug)]
pub struct Extension<'a> {
    oid: ObjectIdentifier<'a>,
    critical: bool,
    value: &'a [u8],
    /// Absolute offset of the extnValue contents, for error locations.
    value_offset: usize,
    index: usize,
    limits: Limits,
}

/// Extensions with a typed decoder, dispatched on the OID's octets (one comparison chain
/// instead of one per known OID).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Known {
    /// id-ce (2.5.29) arc number.
    Ce(u8),
    Aia,
    Sia,
    Sct,
    Poison,
}

fn classify(o: &[u8]) -> Option<Known> {
    match o {
        [0x55, 0x1d, n @ (14 | 15 | 17..=21 | 24 | 27..=33 | 35..=37 | 46 | 54)] => Some(Known::Ce(*n)),
        [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01] => Some(Known::Aia),
        [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x0b] => Some(Known::Sia),
        [0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02] => Some(Known::Sct),
        [0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x03] => Some(Known::Poison),
        _ => None,
    }
}

/// A decoded extension value.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ParsedExtension<'a> {
    /// basicConstraints (RFC 5280 4.2.1.9).
    BasicConstraints(BasicConstraints),
    /// keyUsage (RFC 5280 4.2.1.3).
    KeyUsage(KeyUsage),
    /// extKeyUsage (RFC 5280 4.2.1.12).
    ExtendedKeyUsage(Vec<ObjectIdentifier<'a>>),
    /// subjectAltName (RFC 5280 4.2.1.6).
    SubjectAltName(Vec<GeneralName<'a>>),
    /// issuerAltName (RFC 5280 4.2.1.7).
    IssuerAltName(Vec<GeneralName<'a>>),
    /// nameConstraints (RFC 5280 4.2.1.10).
    NameConstraints(NameConstraints<'a>),
    /// certificatePolicies (RFC 5280 4.2.1.4).
    CertificatePolicies(Vec<PolicyInformation<'a>>),
    /// policyMappings (RFC 5280 4.2.1.5): (issuerDomainPolicy, subjectDomainPolicy) pairs.
    PolicyMappings(Vec<(ObjectIdentifier<'a>, ObjectIdentifier<'a>)>),
    /// policyConstraints (RFC 5280 4.2.1.11).
    PolicyConstraints(PolicyConstraints),
    /// inhibitAnyPolicy (RFC 5280 4.2.1.14).
    InhibitAnyPolicy(u32),
    /// authorityKeyIdentifier (RFC 5280 4.2.1.1).
    AuthorityKeyIdentifier(AuthorityKeyIdentifier<'a>),
    /// subjectKeyIdentifier (RFC 5280 4.2.1.2).
    SubjectKeyIdentifier(&'a [u8]),
    /// cRLDistributionPoints (RFC 5280 4.2.1.13).
    CrlDistributionPoints(Vec<DistributionPoint<'a>>),
    /// freshestCRL (RFC 5280 4.2.1.15).
    FreshestCrl(Vec<DistributionPoint<'a>>),
    /// authorityInfoAccess (RFC 5280 4.2.2.1).
    AuthorityInfoAccess(Vec<AccessDescription<'a>>),
    /// subjectInfoAccess (RFC 5280 4.2.2.2).
    SubjectInfoAccess(Vec<AccessDescription<'a>>),
    /// Signed certificate timestamps (RFC 6962 3.3), raw.
    SctList(Vec<&'a [u8]>),
    /// cRLNumber (RFC 5280 5.2.3).
    CrlNumber(Integer<'a>),
    /// deltaCRLIndicator (RFC 5280 5.2.4).
    DeltaCrlIndicator(Integer<'a>),
    /// issuingDistributionPoint (RFC 5280 5.2.5).
    IssuingDistributionPoint(IssuingDistributionPoint<'a>),
    /// reasonCode (RFC 5280 5.3.1).
    ReasonCode(CrlReason),
    /// invalidityDate (RFC 5280 5.3.2).
    InvalidityDate(Time),
    /// certificateIssuer (RFC 5280 5.3.3).
    CertificateIssuer(Vec<GeneralName<'a>>),
    /// CT poison (RFC 6962 3.1): NULL.
    CtPoison,
    /// An extension this crate does not decode: raw extnValue contents.
    Unknown(&'a [u8]),
}

impl<'a> Extension<'a> {
    /// extnID.
    #[must_use]
    pub const fn oid(&self) -> ObjectIdentifier<'a> {
        self.oid
    }
    /// critical.
    #[must_use]
    pub const fn critical(&self) -> bool {
        self.critical
    }
    /// extnValue contents (the DER of the extension's value).
    #[must_use]
    pub fn value(&self) -> &'a [u8] {
        self.value
    }
    /// Position in the extensions list.
    #[must_use]
    pub const fn index(&self) -> usize {
        self.index
    }
    /// openssl's short name, or the dotted OID.
    #[must_use]
    pub fn name(&self) -> String {
        oids::name_or_dotted(&self.oid)
    }
    /// Whether this crate has a typed decoder for the extension.
    #[must_use]
    pub fn is_known(&self) -> bool {
        classify(self.oid.as_bytes()).is_some()
    }
    /// Whether this is extension `k`.
    #[must_use]
    pub fn is(&self, k: KnownOid) -> bool {
        k.matches(&self.oid)
    }

    /// Decodes the value; the error path is `extensions[i].extnValue` plus the inner path.
    pub fn parsed(&self) -> Result<ParsedExtension<'a>> {
        self.parsed_unchecked().at("extnValue").at_index("extensions", self.index)
    }

    fn parsed_unchecked(&self) -> Result<ParsedExtension<'a>> {
        let Some(kind) = classify(self.oid.as_bytes()) else {
            return Ok(ParsedExtension::Unknown(self.value));
        };
        // The value is re-read on its own; offsets are rebased onto the whole input.
        let mut r = Reader::with_limits(self.value, sg17_asn1::EncodingRules::Der, self.limits.asn1);
        let res = match r.read_tlv() {
            Ok(Some(v)) if r.is_empty() => self.decode_value(kind, &v),
            Ok(Some(_)) => Err(Error::new(ErrorKind::UnexpectedField, r.position(), "RFC 5280 4.2")),
            Ok(None) => Err(Error::new(ErrorKind::MissingField, 0, "RFC 5280 4.2")),
            Err(e) => Err(e.into()),
        };
        res.map_err(|e| e.rebase(self.value_offset))
    }

    fn decode_value(&self, kind: Known, v: &Tlv<'a>) -> Result<ParsedExtension<'a>> {
        let nl =
            NameLimits { max_len: self.limits.max_name_len, max_attributes: self.limits.max_name_attributes };
        let max = self.limits.max_san_entries;
        Ok(match kind {
            Known::Ce(19) => ParsedExtension::BasicConstraints(BasicConstraints::decode(v)?),
            Known::Ce(15) => ParsedExtension::KeyUsage(KeyUsage::decode(v)?),
            Known::Ce(37) => ParsedExtension::ExtendedKeyUsage(key_usage::decode_eku(v, max)?),
            Known::Ce(17) => ParsedExtension::SubjectAltName(general_name::decode_general_names(v, nl, max)?),
            Known::Ce(18) => ParsedExtension::IssuerAltName(general_name::decode_general_names(v, nl, max)?),
            Known::Ce(30) => ParsedExtension::NameConstraints(NameConstraints::decode(v, nl, max)?),
            Known::Ce(32) => ParsedExtension::CertificatePolicies(policies::decode_policies(v, max)?),
            Known::Ce(33) => ParsedExtension::PolicyMappings(policies::decode_policy_mappings(v, max)?),
            Known::Ce(36) => ParsedExtension::PolicyConstraints(PolicyConstraints::decode(v)?),
            Known::Ce(54) => ParsedExtension::InhibitAnyPolicy(constraints::decode_inhibit_any_policy(v)?),
            Known::Ce(35) => {
                ParsedExtension::AuthorityKeyIdentifier(AuthorityKeyIdentifier::decode(v, nl, max)?)
            }
            Known::Ce(14) => ParsedExtension::SubjectKeyIdentifier(key_identifier::decode_ski(v)?),
            Known::Ce(31) => {
                ParsedExtension::CrlDistributionPoints(distribution_points::decode_crl_dps(v, nl, max)?)
            }
            Known::Ce(46) => ParsedExtension::FreshestCrl(distribution_points::decode_crl_dps(v, nl, max)?),
            Known::Aia => ParsedExtension::AuthorityInfoAccess(info_access::decode_access(
                v,
                nl,
                max,
                "RFC 5280 4.2.2.1",
            )?),
            Known::Sia => ParsedExtension::SubjectInfoAccess(info_access::decode_access(
                v,
                nl,
                max,
                "RFC 5280 4.2.2.2",
            )?),
            Known::Sct => ParsedExtension::SctList(sct::decode_sct_list(v, max)?),
            Known::Ce(20) => ParsedExtension::CrlNumber(crl_entry::decode_crl_number(v, "RFC 5280 5.2.3")?),
            Known::Ce(27) => {
                ParsedExtension::DeltaCrlIndicator(crl_entry::decode_crl_number(v, "RFC 5280 5.2.4")?)
            }
            Known::Ce(28) => {
                ParsedExtension::IssuingDistributionPoint(IssuingDistributionPoint::decode(v, nl, max)?)
            }
            Known::Ce(21) => ParsedExtension::ReasonCode(CrlReason::decode(v)?),
            Known::Ce(24) => {
                expect(v, Tag::GENERALIZED_TIME, "RFC 5280 5.3.2")?;
                ParsedExtension::InvalidityDate(Time::decode(v)?)
            }
            Known::Ce(29) => {
                ParsedExtension::CertificateIssuer(general_name::decode_general_names(v, nl, max)?)
            }
            Known::Poison => {
                // CT poison: ASN.1 NULL (RFC 6962 3.1).
                expect(v, Tag::NULL, "RFC 6962 3.1")?;
                if !v.contents().is_empty() {
                    return Err(Error::new(ErrorKind::InvalidExtensionValue, v.offset(), "X.690 8.8.2"));
                }
                ParsedExtension::CtPoison
            }
            // Other id-ce arcs in `classify` without a decoder here stay raw.
            Known::Ce(_) => ParsedExtension::Unknown(self.value),
        })
    }
}

/// The validated `Extensions` of a certificate, CRL, CRL entry or CSR (RFC 5280 4.1,
/// 4.2). Values are decoded on demand.
///
/// ```
/// use sg17_x509::{Certificate, ParsedExtension, oids};
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/corpus/debian-ca/010-Amazon_Root_CA_1.der"))?;
/// let cert = Certificate::from_der(&der)?;
/// let names: Vec<String> = cert.extensions().iter().map(|e| e.name()).collect();
/// assert_eq!(names, ["basicConstraints", "keyUsage", "subjectKeyIdentifier"]);
/// match cert.extensions().parsed(oids::EXT_BASIC_CONSTRAINTS) {
///     Some(Ok(ParsedExtension::BasicConstraints(bc))) => assert!(bc.ca && bc.path_len.is_none()),
///     other => panic!("{other:?}"),
/// }
/// assert!(cert.extensions().problems().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Extensions<'a> {
    seq: Option<Tlv<'a>>,
    count: usize,
    limits: Limits,
}

fn decode_extension<'a>(t: &Tlv<'a>, index: usize, limits: Limits) -> Result<Extension<'a>> {
    const CLAUSE: &str = "RFC 5280 4.1";
    expect(t, Tag::SEQUENCE, CLAUSE)?;
    let mut f = Fields::of(t, CLAUSE)?;
    let oid = crate::der::oid(&f.req(Tag::OBJECT_IDENTIFIER)?).at("extnID")?;
    let mut critical = false;
    if let Some(b) = f.opt(Tag::BOOLEAN)? {
        critical = crate::der::boolean(&b).at("critical")?;
        if !critical {
            return Err(
                Error::new(ErrorKind::DefaultValueEncoded, b.offset(), "X.690 11.5").in_path("critical")
            );
        }
    }
    let value = f.req(Tag::OCTET_STRING).at("extnValue")?;
    crate::der::octets(&value).at("extnValue")?;
    f.finish()?;
    Ok(Extension {
        oid,
        critical,
        value: value.contents(),
        value_offset: value.contents_offset(),
        index,
        limits,
    })
}

/// Checks `SEQUENCE SIZE (1..MAX) OF Extension` with the DER scanner, to the same rules as
/// [`Extensions::decode`]'s full path: each extension's structure, a `critical` present only
/// as DER TRUE (X.690 11.1, 11.5), no duplicate extnID (RFC 5280 4.2), the count limit. Returns
/// the number of extensions; `None` for anything it does not accept (including lists of more
/// than 32 extensions) sends the caller to the full path, which reports the precise error.
/// No allocation: extnIDs seen are kept in a fixed array.
fn fast_count(seq: &Tlv<'_>, limits: &Limits) -> Option<usize> {
    const MAX_FAST: usize = 32;
    // The scanner does not track depth: the full path reads the list's contents and each
    // extension's, so use it only where that cannot hit the depth limit.
    if !seq.is_constructed() || seq.depth() + 2 > seq.limits().max_depth {
        return None;
    }
    let data = seq.contents();
    let mut seen: [&[u8]; MAX_FAST] = [&[]; MAX_FAST];
    let mut n = 0;
    let mut pos = 0;
    while pos < data.len() {
        if n == MAX_FAST || n == limits.max_extensions {
            return None;
        }
        let ext = crate::fast::next(data, &mut pos)?;
        if ext.tag != Tag::SEQUENCE || !ext.constructed {
            return None;
        }
        let c = ext.contents;
        let mut p = 0;
        let oid = crate::fast::next(c, &mut p)?;
        if oid.tag != Tag::OBJECT_IDENTIFIER || oid.constructed {
            return None;
        }
        ObjectIdentifier::from_contents(oid.contents, 0).ok()?;
        let mut value = crate::fast::next(c, &mut p)?;
        if value.tag == Tag::BOOLEAN {
            if value.constructed || value.contents != [0xff] {
                return None;
            }
            value = crate::fast::next(c, &mut p)?;
        }
        if value.tag != Tag::OCTET_STRING || value.constructed || p != c.len() {
            return None;
        }
        if seen[..n].contains(&oid.contents) {
            return None;
        }
        seen[n] = oid.contents;
        n += 1;
    }
    (n > 0).then_some(n)
}

impl<'a> Extensions<'a> {
    /// Validates `SEQUENCE SIZE (1..MAX) OF Extension` (RFC 5280 4.1): each extension's
    /// structure, DER `critical` (X.690 11.5), no duplicates (RFC 5280 4.2), the count limit.
    pub(crate) fn decode(seq: &Tlv<'a>, limits: Limits) -> Result<Self> {
        expect(seq, Tag::SEQUENCE, "RFC 5280 4.1")?;
        if let Some(count) = fast_count(seq, &limits) {
            return Ok(Extensions { seq: Some(*seq), count, limits });
        }
        // The full path: accepts exactly what `fast_count` accepts, and names the error.
        let mut f = Fields::of(seq, "RFC 5280 4.1")?;
        let mut oids_seen: Vec<&'a [u8]> = Vec::new();
        while let Some(t) = f.next()? {
            let i = oids_seen.len();
            if i == limits.max_extensions {
                return Err(Error::new(ErrorKind::LimitExceeded, t.offset(), "limit: max_extensions"));
            }
            let e = decode_extension(&t, i, limits).at_index("", i)?;
            if oids_seen.contains(&e.oid.as_bytes()) {
                return Err(Error::new(ErrorKind::DuplicateExtension, t.offset(), "RFC 5280 4.2")
                    .in_path(&format!("[{i}]")));
            }
            oids_seen.push(e.oid.as_bytes());
        }
        if oids_seen.is_empty() {
            return Err(Error::new(ErrorKind::EmptySequence, seq.offset(), "RFC 5280 4.1"));
        }
        Ok(Extensions { seq: Some(*seq), count: oids_seen.len(), limits })
    }
    /// Number of extensions.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count
    }
    /// Whether there are none (the field was absent).
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }
    /// Splits the already-validated extension element `ext` (the contents of
    /// `self.seq` are `data`, at absolute offset `base`) with the light scanner.
    #[inline(always)]
    fn split(
        ext: &'a [u8],
        data: &'a [u8],
        base: usize,
        index: usize,
        limits: Limits,
    ) -> Option<Extension<'a>> {
        let mut p = 0;
        let o = crate::fast::next(ext, &mut p)?;
        let mut v = crate::fast::next(ext, &mut p)?;
        let critical = v.tag == Tag::BOOLEAN;
        if critical {
            v = crate::fast::next(ext, &mut p)?;
        }
        let oid = ObjectIdentifier::from_contents(o.contents, 0).ok()?;
        // Safe pointer arithmetic: both slices borrow from `data`.
        let value_offset = base + (v.contents.as_ptr() as usize - data.as_ptr() as usize);
        Some(Extension { oid, critical, value: v.contents, value_offset, index, limits })
    }
    /// Iterates the extensions in order.
    pub fn iter(&self) -> impl Iterator<Item = Extension<'a>> + 'a {
        // Already validated: re-read with the light scanner.
        let (data, base) = self.seq.map_or((&[][..], 0), |s| (s.contents(), s.contents_offset()));
        let limits = self.limits;
        let mut pos = 0;
        let mut i = 0;
        core::iter::from_fn(move || {
            let e = Self::split(crate::fast::next(data, &mut pos)?.contents, data, base, i, limits)?;
            i += 1;
            Some(e)
        })
    }
    /// The extension `k`, if present.
    #[must_use]
    pub fn get(&self, k: KnownOid) -> Option<Extension<'a>> {
        let want = k.as_bytes();
        // Compare extnIDs before building an `Extension` (no duplicates: the first is the one).
        let (data, base) = self.seq.as_ref().map_or((&[][..], 0), |s| (s.contents(), s.contents_offset()));
        let mut pos = 0;
        let mut index = 0;
        while pos < data.len() {
            let ext = crate::fast::next(data, &mut pos)?;
            let mut p = 0;
            if crate::fast::next(ext.contents, &mut p)?.contents == want {
                return Self::split(ext.contents, data, base, index, self.limits);
            }
            index += 1;
        }
        None
    }
    /// The decoded extension `k`, if present.
    pub fn parsed(&self, k: KnownOid) -> Option<Result<ParsedExtension<'a>>> {
        self.get(k).map(|e| e.parsed())
    }
    /// Problems that do not stop parsing but make the object unusable for path validation:
    /// malformed values of known extensions, and critical extensions this crate does not
    /// recognise (RFC 5280 4.2: such a certificate MUST be rejected by a relying party).
    #[must_use]
    pub fn problems(&self) -> Vec<Error> {
        let mut out = Vec::new();
        for e in self.iter() {
            match e.parsed() {
                Err(err) => out.push(err),
                Ok(ParsedExtension::Unknown(_)) if e.critical => out.push(
                    Error::new(ErrorKind::UnknownCriticalExtension, e.value_offset, "RFC 5280 4.2")
                        .in_path(&format!("extensions[{}].critical", e.index)),
                ),
                Ok(_) => {}
            }
        }
        out
    }
}
