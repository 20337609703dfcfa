//! `AttributeCertificate` (RFC 5755 4.1, ITU-T X.509 (10/2019) clause 12.1): a zero-copy view
//! of a v2 attribute certificate. The outer structure, holder, issuer, validity, the
//! attribute list and the extension list are checked on parse; attribute values and AC
//! extension values are decoded when asked for, and [`AttributeCertificate::problems`]
//! reports the ones that do not decode and the RFC 5755 profile rules that are broken.

use crate::Limits;
use crate::algorithm::AlgorithmIdentifier;
use crate::der::{Fields, expect, explicit, implicit_primitive};
use crate::error::{Error, ErrorKind, PathExt, Result};
use crate::extensions::{
    Extension, Extensions, GeneralName, ParsedExtension, decode_general_names, decode_implicit_general_names,
};
use crate::oids::{self, KnownOid};
use crate::signed::{SignedData, signed_accessors};
use crate::time::{Time, TimeKind, Validity};
use sg17_asn1::{BitString, EncodingRules, Integer, ObjectIdentifier, Reader, Tag, Tlv};

const CLAUSE: &str = "RFC 5755 4.1";

/// A parsed attribute certificate borrowing its DER encoding.
///
/// ```
/// use sg17_x509::AttributeCertificate;
/// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/x509/ac/ac-role-group.der"))?;
/// let ac = AttributeCertificate::from_der(&der)?;
/// assert_eq!(ac.issuer().issuer_name.as_ref().unwrap()[0].to_string(), "DirName:CN=sg17 Test AA,O=sg17 Test,C=XX");
/// assert_eq!(ac.validity().not_before.to_string(), "2025-01-01T00:00:00Z");
/// let role = ac.attributes().find(|a| a.is(sg17_x509::oids::AT_ROLE)).unwrap();
/// assert_eq!(role.values().count(), 1);
/// // Cut short: a typed error, never a panic.
/// assert!(AttributeCertificate::from_der(&der[..40]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct AttributeCertificate<'a> {
    raw: &'a [u8],
    tbs: &'a [u8],
    holder: Tlv<'a>,
    issuer: Tlv<'a>,
    tbs_signature: AlgorithmIdentifier<'a>,
    serial: Integer<'a>,
    validity: Validity,
    attributes: Tlv<'a>,
    attribute_count: usize,
    issuer_uid: Option<&'a [u8]>,
    extensions: Extensions<'a>,
    signature_algorithm: AlgorithmIdentifier<'a>,
    signature: &'a [u8],
    limits: Limits,
}

/// `IssuerSerial ::= SEQUENCE { issuer GeneralNames, serial CertificateSerialNumber,
/// issuerUID UniqueIdentifier OPTIONAL }` (RFC 5755 4.1): names a public-key certificate.
#[derive(Clone, Debug)]
pub struct IssuerSerial<'a> {
    /// issuer.
    pub issuer: Vec<GeneralName<'a>>,
    /// serial.
    pub serial: Integer<'a>,
    /// issuerUID contents (initial octet then bits).
    pub issuer_uid: Option<&'a [u8]>,
}

impl IssuerSerial<'_> {
    /// The serial in openssl's upper-case hex form.
    #[must_use]
    pub fn serial_hex(&self) -> String {
        crate::certificate::serial_hex(self.serial)
    }
}

/// digestedObjectType of [`ObjectDigestInfo`] (RFC 5755 4.1, 7.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestedObjectType {
    /// publicKey (0).
    PublicKey,
    /// publicKeyCert (1).
    PublicKeyCert,
    /// otherObjectTypes (2).
    OtherObjectTypes,
}

impl DigestedObjectType {
    /// The ASN.1 identifier (`publicKey`, `publicKeyCert`, `otherObjectTypes`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            DigestedObjectType::PublicKey => "publicKey",
            DigestedObjectType::PublicKeyCert => "publicKeyCert",
            DigestedObjectType::OtherObjectTypes => "otherObjectTypes",
        }
    }
}

/// `ObjectDigestInfo` (RFC 5755 4.1): a hash of the holder's key or certificate.
#[derive(Clone, Copy, Debug)]
pub struct ObjectDigestInfo<'a> {
    /// digestedObjectType.
    pub digested_object_type: DigestedObjectType,
    /// otherObjectTypeID.
    pub other_object_type_id: Option<ObjectIdentifier<'a>>,
    /// digestAlgorithm.
    pub digest_algorithm: AlgorithmIdentifier<'a>,
    /// objectDigest bits (empty if the BIT STRING had unused bits).
    pub object_digest: &'a [u8],
}

/// `Holder` (RFC 5755 4.2.2): at least one of the three is present (X.509 (10/2019) 12.1).
#[derive(Clone, Debug, Default)]
pub struct Holder<'a> {
    /// baseCertificateID \[0\]: the holder's public-key certificate.
    pub base_certificate_id: Option<IssuerSerial<'a>>,
    /// entityName \[1\].
    pub entity_name: Option<Vec<GeneralName<'a>>>,
    /// objectDigestInfo \[2\].
    pub object_digest_info: Option<ObjectDigestInfo<'a>>,
}

/// The issuer, `v2Form [0] V2Form` (RFC 5755 4.2.3); `v1Form` is rejected on parse.
#[derive(Clone, Debug, Default)]
pub struct V2Form<'a> {
    /// issuerName (RFC 5755: exactly one non-empty directoryName).
    pub issuer_name: Option<Vec<GeneralName<'a>>>,
    /// baseCertificateID \[0\] (RFC 5755: MUST be omitted).
    pub base_certificate_id: Option<IssuerSerial<'a>>,
    /// objectDigestInfo \[1\] (RFC 5755: MUST be omitted).
    pub object_digest_info: Option<ObjectDigestInfo<'a>>,
}

/// One `Attribute ::= SEQUENCE { type, values SET OF AttributeValue }` of the attributes
/// field (RFC 5755 4.2.7), the values kept raw until [`AcAttribute::parsed_values`].
#[derive(Clone, Copy, Debug)]
pub struct AcAttribute<'a> {
    oid: ObjectIdentifier<'a>,
    values: Tlv<'a>,
    index: usize,
    limits: Limits,
}

/// One value of `IetfAttrSyntax` (RFC 5755 4.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IetfAttrValue<'a> {
    /// octets OCTET STRING.
    Octets(&'a [u8]),
    /// oid OBJECT IDENTIFIER.
    Oid(ObjectIdentifier<'a>),
    /// string UTF8String.
    String(&'a str),
}

/// `IetfAttrSyntax` (RFC 5755 4.4), used by chargingIdentity (4.4.3) and group (4.4.4).
#[derive(Clone, Debug)]
pub struct IetfAttrSyntax<'a> {
    /// policyAuthority \[0\].
    pub policy_authority: Option<Vec<GeneralName<'a>>>,
    /// values.
    pub values: Vec<IetfAttrValue<'a>>,
}

/// `SvceAuthInfo` (RFC 5755 4.4.1), used by authenticationInfo and accessIdentity (4.4.2).
#[derive(Clone, Copy, Debug)]
pub struct SvceAuthInfo<'a> {
    /// service.
    pub service: GeneralName<'a>,
    /// ident.
    pub ident: GeneralName<'a>,
    /// authInfo (RFC 5755 4.4.2: absent in accessIdentity).
    pub auth_info: Option<&'a [u8]>,
}

/// `RoleSyntax` (RFC 5755 4.4.5).
#[derive(Clone, Debug)]
pub struct RoleSyntax<'a> {
    /// roleAuthority \[0\].
    pub role_authority: Option<Vec<GeneralName<'a>>>,
    /// roleName \[1\].
    pub role_name: GeneralName<'a>,
}

/// A decoded attribute value.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum AcAttributeValue<'a> {
    /// authenticationInfo (RFC 5755 4.4.1).
    AuthenticationInfo(SvceAuthInfo<'a>),
    /// accessIdentity (RFC 5755 4.4.2).
    AccessIdentity(SvceAuthInfo<'a>),
    /// chargingIdentity (RFC 5755 4.4.3).
    ChargingIdentity(IetfAttrSyntax<'a>),
    /// group (RFC 5755 4.4.4).
    Group(IetfAttrSyntax<'a>),
    /// role (RFC 5755 4.4.5).
    Role(RoleSyntax<'a>),
    /// clearance (RFC 5755 4.4.6, either OID): the DER of the value, not decoded.
    Clearance(&'a [u8]),
    /// Any other attribute type: the DER of the value.
    Unknown(&'a [u8]),
}

/// One `Target` of the targetInformation extension (RFC 5755 4.3.2).
#[derive(Clone, Debug)]
pub enum Target<'a> {
    /// targetName \[0\].
    Name(GeneralName<'a>),
    /// targetGroup \[1\].
    Group(GeneralName<'a>),
    /// targetCert \[2\] (RFC 5755 4.3.2: MUST NOT be used; decoded all the same, boxed as rare).
    Cert(Box<TargetCert<'a>>),
}

/// `TargetCert` (RFC 5755 4.3.2).
#[derive(Clone, Debug)]
pub struct TargetCert<'a> {
    /// targetCertificate.
    pub target_certificate: IssuerSerial<'a>,
    /// targetName.
    pub target_name: Option<GeneralName<'a>>,
    /// certDigestInfo.
    pub cert_digest_info: Option<ObjectDigestInfo<'a>>,
}

/// A decoded AC extension (RFC 5755 4.3).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum AcExtension<'a> {
    /// auditIdentity (RFC 5755 4.3.1): the OCTET STRING contents.
    AuditIdentity(&'a [u8]),
    /// targetInformation (RFC 5755 4.3.2): `SEQUENCE OF Targets`, each `SEQUENCE OF Target`.
    TargetInformation(Vec<Vec<Target<'a>>>),
    /// noRevAvail (RFC 5755 4.3.6): NULL.
    NoRevAvail,
    /// An extension shared with certificates (authorityKeyIdentifier 4.3.3,
    /// authorityInfoAccess 4.3.4, cRLDistributionPoints 4.3.5, ...), or
    /// [`ParsedExtension::Unknown`].
    Standard(ParsedExtension<'a>),
}

fn issuer_serial<'a>(t: &Tlv<'a>, limits: &Limits) -> Result<IssuerSerial<'a>> {
    let mut f = Fields::of(t, CLAUSE)?;
    let issuer =
        decode_general_names(&f.any()?, limits.name_limits(), limits.max_san_entries).at("issuer")?;
    let serial = crate::der::integer(&f.req(Tag::INTEGER)?).at("serial")?;
    let issuer_uid = match f.opt(Tag::BIT_STRING)? {
        Some(u) => {
            crate::der::bit_string(&u).at("issuerUID")?;
            Some(u.contents())
        }
        None => None,
    };
    f.finish()?;
    Ok(IssuerSerial { issuer, serial, issuer_uid })
}

fn object_digest_info<'a>(t: &Tlv<'a>) -> Result<ObjectDigestInfo<'a>> {
    let mut f = Fields::of(t, CLAUSE)?;
    let e = f.req(Tag::ENUMERATED).at("digestedObjectType")?;
    let v = sg17_asn1::Decode::decode(&e).map(|x: sg17_asn1::Enumerated<'_>| x.0.to_i128())?;
    let digested_object_type = match v {
        Some(0) => DigestedObjectType::PublicKey,
        Some(1) => DigestedObjectType::PublicKeyCert,
        Some(2) => DigestedObjectType::OtherObjectTypes,
        _ => {
            return Err(Error::new(ErrorKind::InvalidAttributeValue, e.offset(), CLAUSE)
                .in_path("digestedObjectType"));
        }
    };
    let other_object_type_id = match f.opt(Tag::OBJECT_IDENTIFIER)? {
        Some(o) => Some(crate::der::oid(&o).at("otherObjectTypeID")?),
        None => None,
    };
    let digest_algorithm = AlgorithmIdentifier::decode(&f.any()?).at("digestAlgorithm")?;
    let d = f.req(Tag::BIT_STRING).at("objectDigest")?;
    let bs: BitString<'_> = crate::der::bit_string(&d).at("objectDigest")?;
    f.finish()?;
    let object_digest = if bs.unused_bits() == 0 { &d.contents()[1..] } else { &[][..] };
    Ok(ObjectDigestInfo { digested_object_type, other_object_type_id, digest_algorithm, object_digest })
}

impl<'a> Holder<'a> {
    fn decode(t: &Tlv<'a>, limits: &Limits) -> Result<Self> {
        const H: &str = "RFC 5755 4.2.2";
        expect(t, Tag::SEQUENCE, H)?;
        let mut f = Fields::of(t, H)?;
        let mut h = Holder::default();
        if let Some(b) = f.opt(Tag::context(0))? {
            h.base_certificate_id = Some(issuer_serial(&b, limits).at("baseCertificateID")?);
        }
        if let Some(n) = f.opt(Tag::context(1))? {
            h.entity_name = Some(
                decode_implicit_general_names(&n, limits.name_limits(), limits.max_san_entries, H)
                    .at("entityName")?,
            );
        }
        if let Some(o) = f.opt(Tag::context(2))? {
            h.object_digest_info = Some(object_digest_info(&o).at("objectDigestInfo")?);
        }
        f.finish()?;
        if h.base_certificate_id.is_none() && h.entity_name.is_none() && h.object_digest_info.is_none() {
            // X.509 (10/2019) 12.1 constrains Holder to at least one component.
            return Err(Error::new(ErrorKind::EmptySequence, t.offset(), "X.509 (10/2019) 12.1"));
        }
        Ok(h)
    }
}

impl<'a> V2Form<'a> {
    fn decode(t: &Tlv<'a>, limits: &Limits) -> Result<Self> {
        const I: &str = "RFC 5755 4.2.3";
        if t.tag() != Tag::context(0) {
            // v1Form (a bare GeneralNames) or anything else: RFC 5755 4.2.3 requires v2Form.
            return Err(Error::new(ErrorKind::UnexpectedTag, t.offset(), I));
        }
        let mut f = Fields::of(t, I)?;
        let mut v = V2Form::default();
        if let Some(n) = f.opt(Tag::SEQUENCE)? {
            v.issuer_name = Some(
                decode_general_names(&n, limits.name_limits(), limits.max_san_entries).at("issuerName")?,
            );
        }
        if let Some(b) = f.opt(Tag::context(0))? {
            v.base_certificate_id = Some(issuer_serial(&b, limits).at("baseCertificateID")?);
        }
        if let Some(o) = f.opt(Tag::context(1))? {
            v.object_digest_info = Some(object_digest_info(&o).at("objectDigestInfo")?);
        }
        f.finish()?;
        Ok(v)
    }
}

fn decode_attribute<'a>(t: &Tlv<'a>, index: usize, limits: Limits) -> Result<AcAttribute<'a>> {
    const A: &str = "RFC 5755 4.2.7";
    expect(t, Tag::SEQUENCE, A)?;
    let mut f = Fields::of(t, A)?;
    let oid = crate::der::oid(&f.req(Tag::OBJECT_IDENTIFIER)?).at("type")?;
    let values = f.req(Tag::SET).at("values")?;
    f.finish()?;
    let mut v = Fields::of(&values, A).at("values")?;
    let mut n = 0;
    while let Some(x) = v.next().at("values")? {
        if n == limits.max_ac_attributes {
            return Err(Error::new(ErrorKind::LimitExceeded, x.offset(), "limit: max_ac_attributes"));
        }
        n += 1;
    }
    if n == 0 {
        // RFC 5280 4.1.2.4 / RFC 5755 4.2.7 Attribute: "at least one value is required".
        return Err(Error::new(ErrorKind::EmptySequence, values.offset(), A).in_path("values"));
    }
    Ok(AcAttribute { oid, values, index, limits })
}

fn ietf_attr_syntax<'a>(t: &Tlv<'a>, limits: &Limits) -> Result<IetfAttrSyntax<'a>> {
    const C: &str = "RFC 5755 4.4";
    expect(t, Tag::SEQUENCE, C)?;
    let mut f = Fields::of(t, C)?;
    let policy_authority = match f.opt(Tag::context(0))? {
        Some(p) => Some(
            decode_implicit_general_names(&p, limits.name_limits(), limits.max_san_entries, C)
                .at("policyAuthority")?,
        ),
        None => None,
    };
    let seq = f.req(Tag::SEQUENCE).at("values")?;
    f.finish()?;
    let mut g = Fields::of(&seq, C).at("values")?;
    let mut values = Vec::new();
    while let Some(v) = g.next()? {
        if values.len() == limits.max_san_entries {
            return Err(Error::new(ErrorKind::LimitExceeded, v.offset(), "limit: max_san_entries"));
        }
        let x = match v.tag() {
            Tag::OCTET_STRING => IetfAttrValue::Octets(crate::der::octets(&v)?),
            Tag::OBJECT_IDENTIFIER => IetfAttrValue::Oid(crate::der::oid(&v)?),
            Tag::UTF8_STRING => {
                let c = implicit_primitive(&v, C)?;
                IetfAttrValue::String(core::str::from_utf8(c).map_err(|_| {
                    Error::new(ErrorKind::InvalidAttributeValue, v.contents_offset(), "X.690 8.23.10")
                })?)
            }
            _ => return Err(Error::new(ErrorKind::UnexpectedTag, v.offset(), C)),
        };
        values.push(x);
    }
    Ok(IetfAttrSyntax { policy_authority, values })
}

fn svce_auth_info<'a>(t: &Tlv<'a>, limits: &Limits) -> Result<SvceAuthInfo<'a>> {
    const C: &str = "RFC 5755 4.4.1";
    expect(t, Tag::SEQUENCE, C)?;
    let mut f = Fields::of(t, C)?;
    let service = GeneralName::decode(&f.any()?, limits.name_limits()).at("service")?;
    let ident = GeneralName::decode(&f.any()?, limits.name_limits()).at("ident")?;
    let auth_info = match f.opt(Tag::OCTET_STRING)? {
        Some(o) => Some(crate::der::octets(&o).at("authInfo")?),
        None => None,
    };
    f.finish()?;
    Ok(SvceAuthInfo { service, ident, auth_info })
}

fn role_syntax<'a>(t: &Tlv<'a>, limits: &Limits) -> Result<RoleSyntax<'a>> {
    const C: &str = "RFC 5755 4.4.5";
    expect(t, Tag::SEQUENCE, C)?;
    let mut f = Fields::of(t, C)?;
    let role_authority = match f.opt(Tag::context(0))? {
        Some(p) => Some(
            decode_implicit_general_names(&p, limits.name_limits(), limits.max_san_entries, C)
                .at("roleAuthority")?,
        ),
        None => None,
    };
    // [1] GeneralName: a tagged CHOICE is explicitly tagged (X.680 31.2.7).
    let n = f.req(Tag::context(1)).at("roleName")?;
    let role_name = GeneralName::decode(&explicit(&n, C)?, limits.name_limits()).at("roleName")?;
    f.finish()?;
    Ok(RoleSyntax { role_authority, role_name })
}

impl<'a> AcAttribute<'a> {
    /// type.
    #[must_use]
    pub const fn oid(&self) -> ObjectIdentifier<'a> {
        self.oid
    }
    /// Whether the type is `k`.
    #[must_use]
    pub fn is(&self, k: KnownOid) -> bool {
        k.matches(&self.oid)
    }
    /// openssl's short name of the type, or the dotted OID.
    #[must_use]
    pub fn name(&self) -> String {
        oids::name_or_dotted(&self.oid)
    }
    /// Position in the attributes list.
    #[must_use]
    pub const fn index(&self) -> usize {
        self.index
    }
    /// The values, each the DER of one element of the SET (structure already checked).
    pub fn values(&self) -> impl Iterator<Item = Tlv<'a>> + 'a {
        let mut r: Option<Reader<'a>> = self.values.reader().ok();
        core::iter::from_fn(move || r.as_mut()?.read_tlv().ok().flatten())
    }
    /// Decodes every value by the type's syntax (RFC 5755 4.4); unknown types are kept raw.
    /// The error path is `attributes[i].values[j]` plus the inner path.
    pub fn parsed_values(&self) -> Result<Vec<AcAttributeValue<'a>>> {
        let l = &self.limits;
        self.values()
            .enumerate()
            .map(|(j, v)| {
                let r = if self.is(oids::ACA_AUTHENTICATION_INFO) {
                    svce_auth_info(&v, l).map(AcAttributeValue::AuthenticationInfo)
                } else if self.is(oids::ACA_ACCESS_IDENTITY) {
                    svce_auth_info(&v, l).and_then(|s| {
                        // RFC 5755 4.4.2: authInfo MUST NOT be present.
                        if s.auth_info.is_some() {
                            return Err(Error::new(ErrorKind::UnexpectedField, v.offset(), "RFC 5755 4.4.2"));
                        }
                        Ok(AcAttributeValue::AccessIdentity(s))
                    })
                } else if self.is(oids::ACA_CHARGING_IDENTITY) {
                    ietf_attr_syntax(&v, l).map(AcAttributeValue::ChargingIdentity)
                } else if self.is(oids::ACA_GROUP) {
                    ietf_attr_syntax(&v, l).map(AcAttributeValue::Group)
                } else if self.is(oids::AT_ROLE) {
                    role_syntax(&v, l).map(AcAttributeValue::Role)
                } else if self.is(oids::AT_CLEARANCE) || self.is(oids::AT_CLEARANCE_RFC3281) {
                    expect(&v, Tag::SEQUENCE, "RFC 5755 4.4.6").map(|()| AcAttributeValue::Clearance(v.raw()))
                } else {
                    Ok(AcAttributeValue::Unknown(v.raw()))
                };
                r.at_index("values", j)
            })
            .collect::<Result<Vec<_>>>()
            .at_index("attributes", self.index)
    }
}

fn decode_targets<'a>(v: &Tlv<'a>, limits: &Limits) -> Result<Vec<Vec<Target<'a>>>> {
    const C: &str = "RFC 5755 4.3.2";
    expect(v, Tag::SEQUENCE, C)?;
    let mut outer = Fields::of(v, C)?;
    let mut out = Vec::new();
    let mut count = 0;
    while let Some(ts) = outer.next()? {
        expect(&ts, Tag::SEQUENCE, C)?;
        let mut f = Fields::of(&ts, C)?;
        let mut targets = Vec::new();
        while let Some(t) = f.next()? {
            count += 1;
            if count > limits.max_san_entries {
                return Err(Error::new(ErrorKind::LimitExceeded, t.offset(), "limit: max_san_entries"));
            }
            let nl = limits.name_limits();
            let target = match t.tag() {
                // [0]/[1] GeneralName: tagged CHOICEs, so explicit (X.680 31.2.7).
                x if x == Tag::context(0) => Target::Name(GeneralName::decode(&explicit(&t, C)?, nl)?),
                x if x == Tag::context(1) => Target::Group(GeneralName::decode(&explicit(&t, C)?, nl)?),
                x if x == Tag::context(2) => {
                    let mut g = Fields::of(&t, C)?;
                    let target_certificate = issuer_serial(&g.req(Tag::SEQUENCE)?, limits)?;
                    let mut target_name = None;
                    let mut cert_digest_info = None;
                    while let Some(x) = g.next()? {
                        if x.tag() == Tag::SEQUENCE && cert_digest_info.is_none() {
                            cert_digest_info = Some(object_digest_info(&x)?);
                        } else if target_name.is_none() && cert_digest_info.is_none() {
                            target_name = Some(GeneralName::decode(&x, nl)?);
                        } else {
                            return Err(Error::new(ErrorKind::UnexpectedField, x.offset(), C));
                        }
                    }
                    Target::Cert(Box::new(TargetCert { target_certificate, target_name, cert_digest_info }))
                }
                _ => return Err(Error::new(ErrorKind::UnexpectedTag, t.offset(), C)),
            };
            targets.push(target);
        }
        out.push(targets);
    }
    Ok(out)
}

impl<'a> AttributeCertificate<'a> {
    signed_accessors! {
        what: "attribute certificate",
        tbs: tbs,
        tbs_doc: "The DER of `acinfo` (AttributeCertificateInfo, the signed octets).",
        alg_doc: "signatureAlgorithm (RFC 5755 4.1).",
        sig_doc: "signatureValue bits; empty if it had unused bits.",
    }

    /// Parses a DER attribute certificate (RFC 5755 4.1) under `limits`. Every structural
    /// rule is checked here: v2 only (4.2.1), holder (4.2.2), v2Form issuer (4.2.3),
    /// GeneralizedTime validity (4.2.6), at least one attribute (4.2.7), extensions (4.2.9).
    /// This is the entry point to fuzz.
    pub fn from_der_with(der: &'a [u8], limits: &Limits) -> Result<Self> {
        let SignedData { tbs, signature_algorithm, signature } =
            SignedData::parse(der, limits, "acinfo", CLAUSE)?;
        let mut f = Fields::of(&tbs, CLAUSE).at("acinfo")?;
        let parse = |f: &mut Fields<'a>| -> Result<AttributeCertificate<'a>> {
            let v = f.req(Tag::INTEGER).at("version")?;
            if crate::der::integer(&v).at("version")?.to_i128() != Some(1) {
                return Err(
                    Error::new(ErrorKind::InvalidVersion, v.offset(), "RFC 5755 4.2.1").in_path("version")
                );
            }
            let holder = f.req(Tag::SEQUENCE).at("holder")?;
            Holder::decode(&holder, limits).at("holder")?;
            let issuer = f.any().at("issuer")?;
            V2Form::decode(&issuer, limits).at("issuer")?;
            let tbs_signature = AlgorithmIdentifier::decode(&f.any().at("signature")?).at("signature")?;
            let serial = crate::der::integer(&f.req(Tag::INTEGER).at("serialNumber")?).at("serialNumber")?;
            let period = f.req(Tag::SEQUENCE).at("attrCertValidityPeriod")?;
            let validity = validity_period(&period).at("attrCertValidityPeriod")?;
            let attributes = f.req(Tag::SEQUENCE).at("attributes")?;
            let mut a = Fields::of(&attributes, "RFC 5755 4.2.7").at("attributes")?;
            let mut attribute_count = 0;
            while let Some(t) = a.next().at("attributes")? {
                if attribute_count == limits.max_ac_attributes {
                    return Err(Error::new(ErrorKind::LimitExceeded, t.offset(), "limit: max_ac_attributes"));
                }
                decode_attribute(&t, attribute_count, *limits).at_index("attributes", attribute_count)?;
                attribute_count += 1;
            }
            if attribute_count == 0 {
                // RFC 5755 4.2.7: "An AC MUST contain at least one attribute."
                return Err(Error::new(ErrorKind::EmptySequence, attributes.offset(), "RFC 5755 4.2.7")
                    .in_path("attributes"));
            }
            let issuer_uid = match f.opt(Tag::BIT_STRING)? {
                Some(u) => {
                    crate::der::bit_string(&u).at("issuerUniqueID")?;
                    Some(u.contents())
                }
                None => None,
            };
            let extensions = match f.opt(Tag::SEQUENCE)? {
                Some(e) => Extensions::decode(&e, *limits).at("extensions")?,
                None => Extensions::default(),
            };
            f.finish()?;
            Ok(AttributeCertificate {
                raw: der,
                tbs: tbs.raw(),
                holder,
                issuer,
                tbs_signature,
                serial,
                validity,
                attributes,
                attribute_count,
                issuer_uid,
                extensions,
                signature_algorithm,
                signature,
                limits: *limits,
            })
        };
        parse(&mut f).at("acinfo")
    }

    /// Version number: always 2 (RFC 5755 4.2.1; v1 is rejected on parse).
    #[must_use]
    pub const fn version(&self) -> u8 {
        2
    }
    /// holder (RFC 5755 4.2.2), decoded from the already validated field.
    #[must_use]
    pub fn holder(&self) -> Holder<'a> {
        Holder::decode(&self.holder, &self.limits).unwrap_or_default()
    }
    /// issuer, the v2Form (RFC 5755 4.2.3), decoded from the already validated field.
    #[must_use]
    pub fn issuer(&self) -> V2Form<'a> {
        V2Form::decode(&self.issuer, &self.limits).unwrap_or_default()
    }
    /// The `signature` field inside acinfo (RFC 5755 4.2.4).
    #[must_use]
    pub const fn tbs_signature_algorithm(&self) -> &AlgorithmIdentifier<'a> {
        &self.tbs_signature
    }
    /// serialNumber (RFC 5755 4.2.5).
    #[must_use]
    pub const fn serial(&self) -> Integer<'a> {
        self.serial
    }
    /// The serial number in openssl's upper-case hex form.
    #[must_use]
    pub fn serial_hex(&self) -> String {
        crate::certificate::serial_hex(self.serial)
    }
    /// attrCertValidityPeriod (RFC 5755 4.2.6), both GeneralizedTime.
    #[must_use]
    pub const fn validity(&self) -> &Validity {
        &self.validity
    }
    /// Number of attributes.
    #[must_use]
    pub const fn attribute_count(&self) -> usize {
        self.attribute_count
    }
    /// The attributes in order (RFC 5755 4.2.7), structure already validated.
    pub fn attributes(&self) -> impl Iterator<Item = AcAttribute<'a>> + 'a {
        let mut r: Option<Reader<'a>> = self.attributes.reader().ok();
        let limits = self.limits;
        let mut i = 0;
        core::iter::from_fn(move || {
            let a = decode_attribute(&r.as_mut()?.read_tlv().ok().flatten()?, i, limits).ok()?;
            i += 1;
            Some(a)
        })
    }
    /// issuerUniqueID contents (RFC 5755 4.2.8).
    #[must_use]
    pub const fn issuer_unique_id(&self) -> Option<&'a [u8]> {
        self.issuer_uid
    }
    /// extensions (RFC 5755 4.2.9); decode values with [`AttributeCertificate::extension`].
    #[must_use]
    pub const fn extensions(&self) -> &Extensions<'a> {
        &self.extensions
    }

    /// Decodes one of this AC's extensions with the AC extensions of RFC 5755 4.3 known.
    pub fn extension(&self, e: &Extension<'a>) -> Result<AcExtension<'a>> {
        let ac_kind = [oids::EXT_AUDIT_IDENTITY, oids::EXT_TARGET_INFORMATION, oids::EXT_NO_REV_AVAIL]
            .iter()
            .position(|k| e.is(*k));
        let Some(kind) = ac_kind else {
            return e.parsed().map(AcExtension::Standard);
        };
        let base = self.offset_of(e.value());
        let mut r = Reader::with_limits(e.value(), EncodingRules::Der, self.limits.asn1);
        let res = match r.read_tlv() {
            Ok(Some(v)) if r.is_empty() => match kind {
                0 => expect(&v, Tag::OCTET_STRING, "RFC 5755 4.3.1")
                    .and_then(|()| crate::der::octets(&v))
                    .map(AcExtension::AuditIdentity),
                1 => decode_targets(&v, &self.limits).map(AcExtension::TargetInformation),
                _ => {
                    if v.tag() == Tag::NULL && v.contents().is_empty() {
                        Ok(AcExtension::NoRevAvail)
                    } else {
                        Err(Error::new(ErrorKind::InvalidExtensionValue, v.offset(), "RFC 5755 4.3.6"))
                    }
                }
            },
            Ok(Some(_)) => Err(Error::new(ErrorKind::UnexpectedField, r.position(), "RFC 5280 4.2")),
            Ok(None) => Err(Error::new(ErrorKind::MissingField, 0, "RFC 5280 4.2")),
            Err(err) => Err(err.into()),
        };
        res.map_err(|err| err.rebase(base)).at("extnValue").at_index("extensions", e.index())
    }

    /// Offset in `raw` of a slice borrowed from it (extension values), to locate errors.
    fn offset_of(&self, part: &[u8]) -> usize {
        (part.as_ptr() as usize).wrapping_sub(self.raw.as_ptr() as usize)
    }

    /// Problems that do not stop parsing but make the AC unusable: attribute values and
    /// extension values that do not decode, unrecognised critical extensions (RFC 5280 4.2),
    /// and the RFC 5755 4.2.3 profile of the issuer (exactly one non-empty directoryName, no
    /// baseCertificateID or objectDigestInfo).
    #[must_use]
    pub fn problems(&self) -> Vec<Error> {
        const I: &str = "RFC 5755 4.2.3";
        let mut out = Vec::new();
        let v2 = self.issuer();
        let one_dn =
            matches!(v2.issuer_name.as_deref(), Some([GeneralName::DirectoryName(n)]) if !n.is_empty());
        if !one_dn {
            out.push(
                Error::new(ErrorKind::InvalidAttributeValue, self.issuer.offset(), I)
                    .in_path("acinfo.issuer"),
            );
        }
        if v2.base_certificate_id.is_some() || v2.object_digest_info.is_some() {
            out.push(
                Error::new(ErrorKind::UnexpectedField, self.issuer.offset(), I).in_path("acinfo.issuer"),
            );
        }
        for a in self.attributes() {
            if let Err(e) = a.parsed_values() {
                out.push(e.in_path("acinfo"));
            }
        }
        for e in self.extensions.iter() {
            match self.extension(&e) {
                Err(err) => out.push(err.in_path("acinfo")),
                Ok(AcExtension::Standard(ParsedExtension::Unknown(v))) if e.critical() => out.push(
                    Error::new(ErrorKind::UnknownCriticalExtension, self.offset_of(v), "RFC 5280 4.2")
                        .in_path(&format!("acinfo.extensions[{}].critical", e.index())),
                ),
                Ok(_) => {}
            }
        }
        out
    }
}

/// `AttCertValidityPeriod ::= SEQUENCE { notBeforeTime, notAfterTime GeneralizedTime }`
/// in the RFC 5280 4.1.2.5.2 form (RFC 5755 4.2.6: Zulu, seconds, no fraction).
fn validity_period(t: &Tlv<'_>) -> Result<Validity> {
    const C: &str = "RFC 5755 4.2.6";
    let mut f = Fields::of(t, C)?;
    let mut time = |name: &str| -> Result<Time> {
        let x = f.any().at(name)?;
        if x.tag() != Tag::GENERALIZED_TIME {
            return Err(Error::new(ErrorKind::UnexpectedTag, x.offset(), C).in_path(name));
        }
        let tm = Time::decode(&x)
            .map_err(
                |e| if e.kind() == ErrorKind::InvalidTime { Error::new(e.kind(), e.offset(), C) } else { e },
            )
            .at(name)?;
        debug_assert_eq!(tm.kind(), TimeKind::Generalized);
        Ok(tm)
    };
    let not_before = time("notBeforeTime")?;
    let not_after = time("notAfterTime")?;
    f.finish()?;
    Ok(Validity { not_before, not_after })
}

#[cfg(feature = "verify")]
impl AttributeCertificate<'_> {
    /// Verifies the AC's signature with the AC issuer's key (RFC 5755 5, step 1), after
    /// checking that signatureAlgorithm equals the acinfo signature field (RFC 5755 4.2.4).
    pub fn verify_signature(
        &self,
        issuer_key: &crate::SubjectPublicKeyInfo<'_>,
    ) -> core::result::Result<(), crate::verify::VerifyError> {
        use crate::verify::{RustCrypto, SignatureVerifier, VerifyError};
        if self.signature_algorithm() != self.tbs_signature_algorithm() {
            return Err(VerifyError::AlgorithmMismatch);
        }
        RustCrypto.verify(self.signature_algorithm(), issuer_key, self.tbs_raw(), self.signature())
    }
}
