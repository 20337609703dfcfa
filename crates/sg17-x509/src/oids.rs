//! Object identifiers used by RFC 5280, RFC 4055, RFC 5480, RFC 8410 and X.520, as
//! compile-time DER contents, with the short names openssl prints for them.

use sg17_asn1::ObjectIdentifier;

/// A well-known OBJECT IDENTIFIER, encoded at compile time (X.690 8.19).
///
/// ```
/// use sg17_x509::oids;
/// assert_eq!(oids::CN.as_bytes(), &[0x55, 0x04, 0x03]);
/// assert_eq!(oids::CN.dotted(), "2.5.4.3");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct KnownOid {
    buf: [u8; 24],
    len: usize,
    dotted: &'static str,
}

const fn parse_arc(s: &[u8], mut i: usize) -> (u128, usize) {
    let mut v: u128 = 0;
    while i < s.len() && s[i] != b'.' {
        v = v * 10 + (s[i] - b'0') as u128;
        i += 1;
    }
    (v, i + 1)
}

impl KnownOid {
    /// Encodes a dotted OID string at compile time (panics at compile time if malformed).
    #[must_use]
    pub const fn new(dotted: &'static str) -> Self {
        let s = dotted.as_bytes();
        let (a, i) = parse_arc(s, 0);
        let (b, mut i) = parse_arc(s, i);
        let mut buf = [0u8; 24];
        let mut len = 0;
        let mut first = true;
        loop {
            let v = if first {
                first = false;
                a * 40 + b
            } else {
                if i > s.len() {
                    break;
                }
                let (v, j) = parse_arc(s, i);
                i = j;
                v
            };
            // Base-128, most significant group first.
            let mut groups = 1;
            while v >> (7 * groups) != 0 {
                groups += 1;
            }
            while groups > 0 {
                groups -= 1;
                let g = ((v >> (7 * groups)) & 0x7f) as u8;
                buf[len] = if groups > 0 { g | 0x80 } else { g };
                len += 1;
            }
        }
        KnownOid { buf, len, dotted }
    }
    /// DER contents octets.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
    /// Dotted-decimal form.
    #[must_use]
    pub const fn dotted(&self) -> &'static str {
        self.dotted
    }
    /// Whether `oid` is this identifier.
    #[must_use]
    #[inline]
    pub fn matches(&self, oid: &ObjectIdentifier<'_>) -> bool {
        oid.as_bytes() == self.as_bytes()
    }
}

macro_rules! known {
    ($($(#[$m:meta])* $name:ident = $dotted:literal, $short:literal;)*) => {
        $( $(#[$m])* pub const $name: KnownOid = KnownOid::new($dotted); )*
        /// Every identifier of this module with its openssl short name.
        pub static REGISTRY: &[(KnownOid, &str)] = &[$(($name, $short)),*];
    };
}

known! {
    /// commonName (X.520).
    CN = "2.5.4.3", "CN";
    /// surname.
    SURNAME = "2.5.4.4", "SN";
    /// serialNumber (attribute).
    SERIAL_NUMBER = "2.5.4.5", "serialNumber";
    /// countryName.
    C = "2.5.4.6", "C";
    /// localityName.
    L = "2.5.4.7", "L";
    /// stateOrProvinceName.
    ST = "2.5.4.8", "ST";
    /// streetAddress.
    STREET = "2.5.4.9", "street";
    /// organizationName.
    O = "2.5.4.10", "O";
    /// organizationalUnitName.
    OU = "2.5.4.11", "OU";
    /// title.
    TITLE = "2.5.4.12", "title";
    /// description.
    DESCRIPTION = "2.5.4.13", "description";
    /// businessCategory.
    BUSINESS_CATEGORY = "2.5.4.15", "businessCategory";
    /// postalAddress.
    POSTAL_ADDRESS = "2.5.4.16", "postalAddress";
    /// postalCode.
    POSTAL_CODE = "2.5.4.17", "postalCode";
    /// postOfficeBox.
    POST_OFFICE_BOX = "2.5.4.18", "postOfficeBox";
    /// telephoneNumber.
    TELEPHONE_NUMBER = "2.5.4.20", "telephoneNumber";
    /// name.
    NAME = "2.5.4.41", "name";
    /// givenName.
    GIVEN_NAME = "2.5.4.42", "GN";
    /// initials.
    INITIALS = "2.5.4.43", "initials";
    /// generationQualifier.
    GENERATION_QUALIFIER = "2.5.4.44", "generationQualifier";
    /// x500UniqueIdentifier.
    X500_UNIQUE_IDENTIFIER = "2.5.4.45", "x500UniqueIdentifier";
    /// dnQualifier.
    DN_QUALIFIER = "2.5.4.46", "dnQualifier";
    /// pseudonym.
    PSEUDONYM = "2.5.4.65", "pseudonym";
    /// organizationIdentifier (X.520 6.4.4).
    ORGANIZATION_IDENTIFIER = "2.5.4.97", "organizationIdentifier";
    /// emailAddress (PKCS #9, deprecated in names by RFC 5280 4.1.2.6).
    EMAIL_ADDRESS = "1.2.840.113549.1.9.1", "emailAddress";
    /// unstructuredName (PKCS #9).
    UNSTRUCTURED_NAME = "1.2.840.113549.1.9.2", "unstructuredName";
    /// challengePassword (PKCS #9, CSR attribute).
    CHALLENGE_PASSWORD = "1.2.840.113549.1.9.7", "challengePassword";
    /// extensionRequest (PKCS #9, CSR attribute).
    EXTENSION_REQUEST = "1.2.840.113549.1.9.14", "extensionRequest";
    /// domainComponent (RFC 4519).
    DC = "0.9.2342.19200300.100.1.25", "DC";
    /// userId (RFC 4519).
    UID = "0.9.2342.19200300.100.1.1", "UID";
    /// jurisdictionLocalityName (CA/B EV Guidelines).
    JURISDICTION_L = "1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL";
    /// jurisdictionStateOrProvinceName.
    JURISDICTION_ST = "1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST";
    /// jurisdictionCountryName.
    JURISDICTION_C = "1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC";

    /// rsaEncryption (RFC 8017).
    RSA_ENCRYPTION = "1.2.840.113549.1.1.1", "rsaEncryption";
    /// md2WithRSAEncryption.
    MD2_WITH_RSA = "1.2.840.113549.1.1.2", "md2WithRSAEncryption";
    /// md5WithRSAEncryption.
    MD5_WITH_RSA = "1.2.840.113549.1.1.4", "md5WithRSAEncryption";
    /// sha1WithRSAEncryption.
    SHA1_WITH_RSA = "1.2.840.113549.1.1.5", "sha1WithRSAEncryption";
    /// id-mgf1 (RFC 8017).
    MGF1 = "1.2.840.113549.1.1.8", "mgf1";
    /// id-RSASSA-PSS (RFC 4055).
    RSASSA_PSS = "1.2.840.113549.1.1.10", "rsassaPss";
    /// sha256WithRSAEncryption.
    SHA256_WITH_RSA = "1.2.840.113549.1.1.11", "sha256WithRSAEncryption";
    /// sha384WithRSAEncryption.
    SHA384_WITH_RSA = "1.2.840.113549.1.1.12", "sha384WithRSAEncryption";
    /// sha512WithRSAEncryption.
    SHA512_WITH_RSA = "1.2.840.113549.1.1.13", "sha512WithRSAEncryption";
    /// sha224WithRSAEncryption.
    SHA224_WITH_RSA = "1.2.840.113549.1.1.14", "sha224WithRSAEncryption";
    /// id-ecPublicKey (RFC 5480).
    EC_PUBLIC_KEY = "1.2.840.10045.2.1", "id-ecPublicKey";
    /// ecdsa-with-SHA1.
    ECDSA_WITH_SHA1 = "1.2.840.10045.4.1", "ecdsa-with-SHA1";
    /// ecdsa-with-SHA224.
    ECDSA_WITH_SHA224 = "1.2.840.10045.4.3.1", "ecdsa-with-SHA224";
    /// ecdsa-with-SHA256 (RFC 5758).
    ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2", "ecdsa-with-SHA256";
    /// ecdsa-with-SHA384.
    ECDSA_WITH_SHA384 = "1.2.840.10045.4.3.3", "ecdsa-with-SHA384";
    /// ecdsa-with-SHA512.
    ECDSA_WITH_SHA512 = "1.2.840.10045.4.3.4", "ecdsa-with-SHA512";
    /// secp256r1 / prime256v1.
    SECP256R1 = "1.2.840.10045.3.1.7", "prime256v1";
    /// secp384r1.
    SECP384R1 = "1.3.132.0.34", "secp384r1";
    /// secp521r1.
    SECP521R1 = "1.3.132.0.35", "secp521r1";
    /// id-Ed25519 (RFC 8410).
    ED25519 = "1.3.101.112", "ED25519";
    /// id-Ed448 (RFC 8410).
    ED448 = "1.3.101.113", "ED448";
    /// id-X25519.
    X25519 = "1.3.101.110", "X25519";
    /// id-X448.
    X448 = "1.3.101.111", "X448";
    /// id-dsa (RFC 3279).
    DSA = "1.2.840.10040.4.1", "dsaEncryption";
    /// id-dsa-with-sha1.
    DSA_WITH_SHA1 = "1.2.840.10040.4.3", "dsa_with_SHA1";
    /// id-dsa-with-sha256.
    DSA_WITH_SHA256 = "2.16.840.1.101.3.4.3.2", "dsa_with_SHA256";
    /// id-sha1.
    SHA1 = "1.3.14.3.2.26", "sha1";
    /// id-sha224.
    SHA224 = "2.16.840.1.101.3.4.2.4", "sha224";
    /// id-sha256.
    SHA256 = "2.16.840.1.101.3.4.2.1", "sha256";
    /// id-sha384.
    SHA384 = "2.16.840.1.101.3.4.2.2", "sha384";
    /// id-sha512.
    SHA512 = "2.16.840.1.101.3.4.2.3", "sha512";

    /// subjectDirectoryAttributes (RFC 5280 4.2.1.8).
    EXT_SUBJECT_DIRECTORY_ATTRIBUTES = "2.5.29.9", "subjectDirectoryAttributes";
    /// subjectKeyIdentifier (RFC 5280 4.2.1.2).
    EXT_SUBJECT_KEY_IDENTIFIER = "2.5.29.14", "subjectKeyIdentifier";
    /// keyUsage (RFC 5280 4.2.1.3).
    EXT_KEY_USAGE = "2.5.29.15", "keyUsage";
    /// privateKeyUsagePeriod.
    EXT_PRIVATE_KEY_USAGE_PERIOD = "2.5.29.16", "privateKeyUsagePeriod";
    /// subjectAltName (RFC 5280 4.2.1.6).
    EXT_SUBJECT_ALT_NAME = "2.5.29.17", "subjectAltName";
    /// issuerAltName (RFC 5280 4.2.1.7).
    EXT_ISSUER_ALT_NAME = "2.5.29.18", "issuerAltName";
    /// basicConstraints (RFC 5280 4.2.1.9).
    EXT_BASIC_CONSTRAINTS = "2.5.29.19", "basicConstraints";
    /// cRLNumber (RFC 5280 5.2.3).
    EXT_CRL_NUMBER = "2.5.29.20", "crlNumber";
    /// reasonCode (RFC 5280 5.3.1).
    EXT_CRL_REASON = "2.5.29.21", "CRLReason";
    /// invalidityDate (RFC 5280 5.3.2).
    EXT_INVALIDITY_DATE = "2.5.29.24", "invalidityDate";
    /// deltaCRLIndicator (RFC 5280 5.2.4).
    EXT_DELTA_CRL_INDICATOR = "2.5.29.27", "deltaCRL";
    /// issuingDistributionPoint (RFC 5280 5.2.5).
    EXT_ISSUING_DISTRIBUTION_POINT = "2.5.29.28", "issuingDistributionPoint";
    /// certificateIssuer (RFC 5280 5.3.3).
    EXT_CERTIFICATE_ISSUER = "2.5.29.29", "certificateIssuer";
    /// nameConstraints (RFC 5280 4.2.1.10).
    EXT_NAME_CONSTRAINTS = "2.5.29.30", "nameConstraints";
    /// cRLDistributionPoints (RFC 5280 4.2.1.13).
    EXT_CRL_DISTRIBUTION_POINTS = "2.5.29.31", "crlDistributionPoints";
    /// certificatePolicies (RFC 5280 4.2.1.4).
    EXT_CERTIFICATE_POLICIES = "2.5.29.32", "certificatePolicies";
    /// anyPolicy (RFC 5280 4.2.1.4).
    ANY_POLICY = "2.5.29.32.0", "anyPolicy";
    /// policyMappings (RFC 5280 4.2.1.5).
    EXT_POLICY_MAPPINGS = "2.5.29.33", "policyMappings";
    /// authorityKeyIdentifier (RFC 5280 4.2.1.1).
    EXT_AUTHORITY_KEY_IDENTIFIER = "2.5.29.35", "authorityKeyIdentifier";
    /// policyConstraints (RFC 5280 4.2.1.11).
    EXT_POLICY_CONSTRAINTS = "2.5.29.36", "policyConstraints";
    /// extKeyUsage (RFC 5280 4.2.1.12).
    EXT_EXTENDED_KEY_USAGE = "2.5.29.37", "extendedKeyUsage";
    /// anyExtendedKeyUsage.
    ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0", "anyExtendedKeyUsage";
    /// freshestCRL (RFC 5280 4.2.1.15).
    EXT_FRESHEST_CRL = "2.5.29.46", "freshestCRL";
    /// inhibitAnyPolicy (RFC 5280 4.2.1.14).
    EXT_INHIBIT_ANY_POLICY = "2.5.29.54", "inhibitAnyPolicy";
    /// authorityInfoAccess (RFC 5280 4.2.2.1).
    EXT_AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1", "authorityInfoAccess";
    /// subjectInfoAccess (RFC 5280 4.2.2.2).
    EXT_SUBJECT_INFO_ACCESS = "1.3.6.1.5.5.7.1.11", "subjectInfoAccess";
    /// Signed Certificate Timestamp list (RFC 6962 3.3).
    EXT_SCT_LIST = "1.3.6.1.4.1.11129.2.4.2", "ct_precert_scts";
    /// CT precertificate poison (RFC 6962 3.1).
    EXT_CT_POISON = "1.3.6.1.4.1.11129.2.4.3", "ct_precert_poison";
    /// Netscape certificate type.
    EXT_NS_CERT_TYPE = "2.16.840.1.113730.1.1", "nsCertType";
    /// Netscape comment.
    EXT_NS_COMMENT = "2.16.840.1.113730.1.13", "nsComment";

    /// ac-auditEntity: auditIdentity (RFC 5755 4.3.1).
    EXT_AUDIT_IDENTITY = "1.3.6.1.5.5.7.1.4", "ac-auditEntity";
    /// aaControls (RFC 5755 7.4).
    EXT_AA_CONTROLS = "1.3.6.1.5.5.7.1.6", "aaControls";
    /// ac-proxying (RFC 5755 7.2).
    EXT_AC_PROXYING = "1.3.6.1.5.5.7.1.10", "ac-proxying";
    /// targetInformation, AC targeting (RFC 5755 4.3.2).
    EXT_TARGET_INFORMATION = "2.5.29.55", "targetInformation";
    /// noRevAvail (RFC 5755 4.3.6).
    EXT_NO_REV_AVAIL = "2.5.29.56", "noRevAvail";
    /// id-aca-authenticationInfo (RFC 5755 4.4.1).
    ACA_AUTHENTICATION_INFO = "1.3.6.1.5.5.7.10.1", "id-aca-authenticationInfo";
    /// id-aca-accessIdentity (RFC 5755 4.4.2).
    ACA_ACCESS_IDENTITY = "1.3.6.1.5.5.7.10.2", "id-aca-accessIdentity";
    /// id-aca-chargingIdentity (RFC 5755 4.4.3).
    ACA_CHARGING_IDENTITY = "1.3.6.1.5.5.7.10.3", "id-aca-chargingIdentity";
    /// id-aca-group (RFC 5755 4.4.4).
    ACA_GROUP = "1.3.6.1.5.5.7.10.4", "id-aca-group";
    /// id-aca-encAttrs (RFC 5755 7.1).
    ACA_ENC_ATTRS = "1.3.6.1.5.5.7.10.6", "id-aca-encAttrs";
    /// role (X.520, RFC 5755 4.4.5).
    AT_ROLE = "2.5.4.72", "role";
    /// clearance (X.501, RFC 5755 4.4.6); openssl has no name for this arc.
    AT_CLEARANCE = "2.5.4.55", "clearance";
    /// clearance of RFC 3281 (2.5.1.5.55, accepted by RFC 5755 4.4.6).
    AT_CLEARANCE_RFC3281 = "2.5.1.5.55", "clearance";

    /// id-kp-serverAuth.
    KP_SERVER_AUTH = "1.3.6.1.5.5.7.3.1", "serverAuth";
    /// id-kp-clientAuth.
    KP_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2", "clientAuth";
    /// id-kp-codeSigning.
    KP_CODE_SIGNING = "1.3.6.1.5.5.7.3.3", "codeSigning";
    /// id-kp-emailProtection.
    KP_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4", "emailProtection";
    /// id-kp-timeStamping.
    KP_TIME_STAMPING = "1.3.6.1.5.5.7.3.8", "timeStamping";
    /// id-kp-OCSPSigning.
    KP_OCSP_SIGNING = "1.3.6.1.5.5.7.3.9", "OCSPSigning";
    /// id-ad-ocsp.
    AD_OCSP = "1.3.6.1.5.5.7.48.1", "OCSP";
    /// id-pkix-ocsp-basic (RFC 6960 4.2.1).
    PKIX_OCSP_BASIC = "1.3.6.1.5.5.7.48.1.1", "basicOCSPResponse";
    /// id-pkix-ocsp-nonce (RFC 6960 4.4.1, RFC 8954).
    OCSP_NONCE = "1.3.6.1.5.5.7.48.1.2", "Nonce";
    /// id-pkix-ocsp-crl (RFC 6960 4.4.2).
    OCSP_CRL = "1.3.6.1.5.5.7.48.1.3", "CrlID";
    /// id-pkix-ocsp-response (RFC 6960 4.4.3).
    OCSP_RESPONSE = "1.3.6.1.5.5.7.48.1.4", "acceptableResponses";
    /// id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1).
    OCSP_NOCHECK = "1.3.6.1.5.5.7.48.1.5", "noCheck";
    /// id-pkix-ocsp-archive-cutoff (RFC 6960 4.4.4).
    OCSP_ARCHIVE_CUTOFF = "1.3.6.1.5.5.7.48.1.6", "archiveCutoff";
    /// id-pkix-ocsp-service-locator (RFC 6960 4.4.6).
    OCSP_SERVICE_LOCATOR = "1.3.6.1.5.5.7.48.1.7", "serviceLocator";
    /// id-ad-caIssuers.
    AD_CA_ISSUERS = "1.3.6.1.5.5.7.48.2", "caIssuers";
    /// id-ad-timeStamping.
    AD_TIME_STAMPING = "1.3.6.1.5.5.7.48.3", "ad_timestamping";
    /// id-ad-caRepository.
    AD_CA_REPOSITORY = "1.3.6.1.5.5.7.48.5", "caRepository";
    /// id-qt-cps (RFC 5280 4.2.1.4).
    QT_CPS = "1.3.6.1.5.5.7.2.1", "CPS";
    /// id-qt-unotice (RFC 5280 4.2.1.4).
    QT_UNOTICE = "1.3.6.1.5.5.7.2.2", "User Notice";
}

/// The openssl short name of a well-known OID.
///
/// ```
/// use sg17_x509::oids;
/// use sg17_asn1::ObjectIdentifier;
/// let oid = ObjectIdentifier::from_contents(&[0x55, 0x1d, 0x13], 0)?;
/// assert_eq!(oids::short_name(&oid), Some("basicConstraints"));
/// # Ok::<(), sg17_asn1::Error>(())
/// ```
#[must_use]
pub fn short_name(oid: &ObjectIdentifier<'_>) -> Option<&'static str> {
    REGISTRY.iter().find(|(k, _)| k.matches(oid)).map(|(_, n)| *n)
}

/// The short name if known, else the dotted form.
#[must_use]
pub fn name_or_dotted(oid: &ObjectIdentifier<'_>) -> String {
    short_name(oid).map_or_else(|| oid.to_string(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x690_8_19_compile_time_encoding_matches_runtime() {
        for (k, _) in REGISTRY {
            let o: sg17_asn1::Oid = k.dotted().parse().unwrap();
            assert_eq!(o.as_bytes(), k.as_bytes(), "{}", k.dotted());
        }
    }
}
