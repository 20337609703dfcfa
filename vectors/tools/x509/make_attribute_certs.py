#!/usr/bin/env python3
"""Generates the RFC 5755 attribute-certificate vectors: vectors/x509/ac/*.der and the
x509-parse suite vectors/x509/attribute-certs.json.

Run from the repository root:  python3 vectors/tools/x509/make_attribute_certs.py
Needs:  pip install pyasn1 pyasn1-modules cryptography

Oracles:
  * pyasn1-modules (``pyasn1_modules.rfc5755``, the RFC 5755 ASN.1 module transcribed by its
    authors) builds the structures, and its DER *decoder*, run on the final bytes of every
    valid AC, is where each ``expected`` value is read from (holder, issuer, serial, validity,
    attribute values, extension values), never from sg17's output;
  * pyca ``cryptography`` signs with a fixed Ed25519 key (deterministic signatures, so the
    output is reproducible); the key's SubjectPublicKeyInfo is written to ac/aa-ed25519.spki.der;
  * the specification text for malformed inputs: each breaks one rule and records its clause.

The AC is assembled field by field from pyasn1-encoded parts so that malformed variants
(wrong version, v1Form issuer, UTCTime validity, ...) can be produced.
"""

import json
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from pyasn1.codec.der import decoder, encoder
from pyasn1.type import char, univ, useful
from pyasn1_modules import rfc5280, rfc5755

ROOT = os.getcwd()
OUT = os.path.join(ROOT, "vectors", "x509")
ACDIR = os.path.join(OUT, "ac")

KEY = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(0x40, 0x60)))
SPKI = KEY.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)

# ---------------------------------------------------------------- DER assembly (X.690)


def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + length(len(content)) + content


def enc(v):
    return encoder.encode(v)


# ---------------------------------------------------------------- pyasn1 value builders

ATTR_TYPES = {"C": rfc5280.id_at_countryName, "O": rfc5280.id_at_organizationName, "CN": rfc5280.id_at_commonName}


def rdn_sequence(rdns):
    """[(short, value), ...] in encoding order -> RDNSequence (UTF8String values, C printable)."""
    rdn_seq = rfc5280.RDNSequence()
    for i, (k, v) in enumerate(rdns):
        atv = rfc5280.AttributeTypeAndValue()
        atv["type"] = ATTR_TYPES[k]
        atv["value"] = enc(char.PrintableString(v) if k == "C" else char.UTF8String(v))
        rdn = rfc5280.RelativeDistinguishedName()
        rdn[0] = atv
        rdn_seq[i] = rdn
    return rdn_seq


CA = [("C", "XX"), ("O", "sg17 Test"), ("CN", "sg17 Test CA")]
AA = [("C", "XX"), ("O", "sg17 Test"), ("CN", "sg17 Test AA")]


def gn(kind, value, into=None):
    g = into if into is not None else rfc5280.GeneralName()
    if kind == "dir":
        g["directoryName"]["rdnSequence"] = rdn_sequence(value)
    elif kind == "dns":
        g["dNSName"] = value
    elif kind == "uri":
        g["uniformResourceIdentifier"] = value
    elif kind == "email":
        g["rfc822Name"] = value
    return g


def fill_gns(target, items):
    for i, (k, v) in enumerate(items):
        target[i] = gn(k, v)
    return target


def issuer_serial(into, names_, serial):
    fill_gns(into["issuer"], names_)
    into["serial"] = serial
    return into


def v2form_issuer(names_):
    i = rfc5755.AttCertIssuer()
    fill_gns(i["v2Form"]["issuerName"], names_)
    return enc(i)


def alg_ed25519():
    a = rfc5280.AlgorithmIdentifier()
    a["algorithm"] = univ.ObjectIdentifier("1.3.101.112")
    return a


def gtime(s):
    return enc(useful.GeneralizedTime(s))


def validity(nb="20250101000000Z", na="20260101000000Z"):
    return tlv(0x30, gtime(nb) + gtime(na))


def attribute(oid, values):
    a = rfc5280.Attribute()
    a["type"] = univ.ObjectIdentifier(oid)
    for i, v in enumerate(values):
        a["values"][i] = univ.Any(enc(v))
    return enc(a)


def extension(oid, value, critical=False):
    e = rfc5280.Extension()
    e["extnID"] = univ.ObjectIdentifier(oid)
    if critical:
        e["critical"] = True
    e["extnValue"] = univ.OctetString(enc(value))
    return enc(e)


def role(name_uri, authority=None):
    r = rfc5755.RoleSyntax()
    if authority:
        fill_gns(r["roleAuthority"], authority)
    r["roleName"]["uniformResourceIdentifier"] = name_uri
    return r


def ietf_attr(values, authority=None):
    a = rfc5755.IetfAttrSyntax()
    if authority:
        fill_gns(a["policyAuthority"], authority)
    for i, (k, v) in enumerate(values):
        c = a["values"].getComponentByPosition(i, instantiate=True)
        if k == "string":
            c["string"] = v
        elif k == "oid":
            c["oid"] = univ.ObjectIdentifier(v)
        else:
            c["octets"] = univ.OctetString(v)
    return a


def svce(service, ident, auth=None):
    s = rfc5755.SvceAuthInfo()
    gn(*service, into=s["service"])
    gn(*ident, into=s["ident"])
    if auth is not None:
        s["authInfo"] = auth
    return s


def targets(items):
    ti = univ.SequenceOf(componentType=rfc5755.Targets())
    ts = rfc5755.Targets()
    for i, (k, kind, v) in enumerate(items):
        t = rfc5755.Target()
        gn(kind, v, into=t["targetName" if k == "name" else "targetGroup"])
        ts[i] = t
    ti[0] = ts
    return ti


# ---------------------------------------------------------------- assembly and signing


def build(version=1, holder=None, issuer=None, serial=0x1234, period=None, attrs=(), uid=None, exts=()):
    parts = [
        enc(univ.Integer(version)),
        holder,
        issuer if issuer is not None else v2form_issuer([("dir", AA)]),
        enc(alg_ed25519()),
        enc(univ.Integer(serial)),
        period if period is not None else validity(),
        tlv(0x30, b"".join(attrs)),
    ]
    if uid is not None:
        parts.append(enc(univ.BitString(hexValue=uid)))
    if exts:
        parts.append(tlv(0x30, b"".join(exts)))
    acinfo = tlv(0x30, b"".join(parts))
    sig = KEY.sign(acinfo)
    return tlv(0x30, acinfo + enc(alg_ed25519()) + tlv(0x03, b"\x00" + sig))


def holder_base(serial=0x1234):
    h = rfc5755.Holder()
    issuer_serial(h["baseCertificateID"], [("dir", CA)], serial)
    return enc(h)


def holder_entity(items):
    h = rfc5755.Holder()
    fill_gns(h["entityName"], items)
    return enc(h)


def holder_digest(digest):
    h = rfc5755.Holder()
    o = h["objectDigestInfo"]
    o["digestedObjectType"] = 0
    o["digestAlgorithm"]["algorithm"] = univ.ObjectIdentifier("2.16.840.1.101.3.4.2.1")
    o["objectDigest"] = univ.BitString(hexValue=digest.hex())
    return enc(h)


# ---------------------------------------------------------------- the oracle: pyasn1 decode -> expected

SHORT = {"2.5.4.6": "C", "2.5.4.10": "O", "2.5.4.3": "CN", "2.5.4.11": "OU"}
NAMES = {
    "1.3.101.112": "ED25519",
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.5.4.72": "role",
    "2.5.4.55": "clearance",
    "1.3.6.1.5.5.7.10.1": "id-aca-authenticationInfo",
    "1.3.6.1.5.5.7.10.2": "id-aca-accessIdentity",
    "1.3.6.1.5.5.7.10.3": "id-aca-chargingIdentity",
    "1.3.6.1.5.5.7.10.4": "id-aca-group",
    "1.3.6.1.5.5.7.1.4": "ac-auditEntity",
    "2.5.29.55": "targetInformation",
    "2.5.29.56": "noRevAvail",
    "2.5.29.35": "authorityKeyIdentifier",
    "1.3.6.1.5.5.7.1.1": "authorityInfoAccess",
    "2.5.29.31": "crlDistributionPoints",
    "1.3.6.1.5.5.7.48.1": "OCSP",
    "1.3.6.1.5.5.7.48.2": "caIssuers",
}


def oname(o):
    return NAMES.get(str(o), str(o))


def dn_str(n):
    """RFC 4514: RDNs in reverse order (single-valued RDNs here)."""
    out = []
    for rdn in n["rdnSequence"]:
        for atv in rdn:
            v, _ = decoder.decode(bytes(atv["value"]))
            out.append(f"{SHORT[str(atv['type'])]}={v}")
    return ",".join(reversed(out))


def gn_str(g):
    k = g.getName()
    v = g.getComponent()
    if k == "directoryName":
        return "DirName:" + dn_str(v)
    return {"dNSName": "DNS:", "uniformResourceIdentifier": "URI:", "rfc822Name": "email:"}[k] + str(v)


def gns_list(g):
    return [gn_str(x) for x in g]


def serial_hex(n):
    n = int(n)
    return n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big").hex().upper()


def rfc3339(t):
    s = str(t)
    return f"{s[0:4]}-{s[4:6]}-{s[6:8]}T{s[8:10]}:{s[10:12]}:{s[12:14]}Z"


def issuer_serial_exp(i):
    return {"issuer": gns_list(i["issuer"]), "serial": serial_hex(i["serial"])}


def value_exp(type_oid, raw):
    spec = rfc5280.certificateAttributesMap.get(univ.ObjectIdentifier(type_oid))
    v, rest = decoder.decode(raw, asn1Spec=spec) if spec is not None else (None, b"")
    assert rest == b""
    t = str(type_oid)
    if t == "2.5.4.72":
        out = {"role_name": gn_str(v["roleName"])}
        out["role_authority"] = gns_list(v["roleAuthority"]) if v["roleAuthority"].isValue else None
        return out
    if t in ("1.3.6.1.5.5.7.10.3", "1.3.6.1.5.5.7.10.4"):
        vals = []
        for c in v["values"]:
            k = c.getName()
            x = c.getComponent()
            vals.append({k: bytes(x).hex() if k == "octets" else str(x)})
        pa = gns_list(v["policyAuthority"]) if v["policyAuthority"].isValue else None
        return {"policy_authority": pa, "values": vals}
    if t in ("1.3.6.1.5.5.7.10.1", "1.3.6.1.5.5.7.10.2"):
        ai = bytes(v["authInfo"]).hex() if v["authInfo"].isValue else None
        return {"service": gn_str(v["service"]), "ident": gn_str(v["ident"]), "auth_info": ai}
    return {"raw": raw.hex()}


def ext_exp(e):
    oid = e["extnID"]
    raw = bytes(e["extnValue"])
    out = {"oid": str(oid), "name": oname(oid), "critical": bool(e["critical"])}
    t = str(oid)
    if t == "2.5.29.55":
        # RFC 5755 4.3.2: the extension value is SEQUENCE OF Targets.
        v, _ = decoder.decode(raw, asn1Spec=univ.SequenceOf(componentType=rfc5755.Targets()))
        out["value"] = [
            [{("name" if t_.getName() == "targetName" else "group"): gn_str(t_.getComponent())} for t_ in ts]
            for ts in v
        ]
    elif t == "1.3.6.1.5.5.7.1.4":
        v, _ = decoder.decode(raw, asn1Spec=univ.OctetString())
        out["value"] = bytes(v).hex()
    elif t == "2.5.29.56":
        v, _ = decoder.decode(raw, asn1Spec=univ.Null())
        out["value"] = None
    elif t == "1.3.6.1.5.5.7.1.1":
        v, _ = decoder.decode(raw, asn1Spec=rfc5280.AuthorityInfoAccessSyntax())
        out["value"] = [{"method": oname(a["accessMethod"]), "location": gn_str(a["accessLocation"])} for a in v]
    elif t == "2.5.29.31":
        v, _ = decoder.decode(raw, asn1Spec=rfc5280.CRLDistributionPoints())
        out["value"] = [{"full_name": gns_list(dp["distributionPoint"]["fullName"])} for dp in v]
    elif t == "2.5.29.35":
        v, _ = decoder.decode(raw, asn1Spec=rfc5280.AuthorityKeyIdentifier())
        out["value"] = {"key_id": ":".join(f"{b:02X}" for b in bytes(v["keyIdentifier"]))}
    return out


def expected(der):
    ac, rest = decoder.decode(der, asn1Spec=rfc5755.AttributeCertificate())
    assert rest == b""
    i = ac["acinfo"]
    h = i["holder"]
    hold = {}
    if h["baseCertificateID"].isValue:
        hold["base_certificate_id"] = issuer_serial_exp(h["baseCertificateID"])
    if h["entityName"].isValue:
        hold["entity_name"] = gns_list(h["entityName"])
    if h["objectDigestInfo"].isValue:
        o = h["objectDigestInfo"]
        hold["object_digest_info"] = {
            "type": str(o["digestedObjectType"].prettyPrint()),
            "digest_algorithm": oname(o["digestAlgorithm"]["algorithm"]),
            "digest": o["objectDigest"].asOctets().hex(),
        }
    v2 = i["issuer"]["v2Form"]
    exp = {
        "type": "attribute_certificate",
        "version": int(i["version"]) + 1,
        "serial": serial_hex(i["serialNumber"]),
        "signature_algorithm": oname(ac["signatureAlgorithm"]["algorithm"]),
        "holder": hold,
        "issuer": {"issuer_name": gns_list(v2["issuerName"])},
        "not_before": rfc3339(i["attrCertValidityPeriod"]["notBeforeTime"]),
        "not_after": rfc3339(i["attrCertValidityPeriod"]["notAfterTime"]),
        "attributes": [
            {
                "oid": str(a["type"]),
                "name": oname(a["type"]),
                "values": [value_exp(a["type"], bytes(x)) for x in a["values"]],
            }
            for a in i["attributes"]
        ],
        "extensions": [ext_exp(e) for e in i["extensions"]] if i["extensions"].isValue else [],
    }
    if i["issuerUniqueID"].isValue:
        exp["issuer_unique_id"] = "00" + i["issuerUniqueID"].asOctets().hex()
    return exp


# ---------------------------------------------------------------- the vectors


def aki(keyid):
    a = rfc5280.AuthorityKeyIdentifier()
    a["keyIdentifier"] = keyid
    return a


def aia(uri):
    v = rfc5280.AuthorityInfoAccessSyntax()
    ad = rfc5280.AccessDescription()
    ad["accessMethod"] = rfc5280.id_ad_ocsp
    gn("uri", uri, into=ad["accessLocation"])
    v[0] = ad
    return v


def crldp(uri):
    v = rfc5280.CRLDistributionPoints()
    dp = rfc5280.DistributionPoint()
    fn = dp["distributionPoint"]["fullName"]
    fn[0] = gn("uri", uri)
    v[0] = dp
    return v


def main():
    os.makedirs(ACDIR, exist_ok=True)
    with open(os.path.join(ACDIR, "aa-ed25519.spki.der"), "wb") as f:
        f.write(SPKI)
    role_attr = attribute("2.5.4.72", [role("urn:sg17:role:admin", [("uri", "https://aa.example/roles")])])
    group_attr = attribute(
        "1.3.6.1.5.5.7.10.4",
        [ietf_attr([("string", "staff"), ("oid", "1.2.3.4"), ("octets", b"\x01\x02")], [("dir", AA)])],
    )
    valid = [
        (
            "ac-role-group",
            "RFC 5755 4.4.5",
            "baseCertificateID holder; role and group attributes; targetInformation, auditIdentity, noRevAvail, AKI",
            build(
                holder=holder_base(),
                attrs=[role_attr, group_attr],
                exts=[
                    extension("1.3.6.1.5.5.7.1.4", univ.OctetString(b"\xa1\xb2\xc3\xd4"), critical=True),
                    extension(
                        "2.5.29.55",
                        targets([("name", "dns", "svc.example"), ("group", "uri", "urn:sg17:group:ops")]),
                        critical=True,
                    ),
                    extension("2.5.29.56", univ.Null("")),
                    extension("2.5.29.35", aki(bytes(range(20)))),
                ],
            ),
        ),
        (
            "ac-entity-name",
            "RFC 5755 4.4",
            "entityName holder; accessIdentity, authenticationInfo, chargingIdentity, clearance and an unknown attribute; issuerUniqueID; AIA and CRL DP",
            build(
                holder=holder_entity([("email", "alice@example.com"), ("dns", "alice.example")]),
                serial=0x0ABCDEF0,
                period=validity("20240229120000Z", "20991231235959Z"),
                attrs=[
                    attribute("1.3.6.1.5.5.7.10.2", [svce(("uri", "ldap://dir.example"), ("email", "alice@example.com"))]),
                    attribute(
                        "1.3.6.1.5.5.7.10.1",
                        [svce(("uri", "https://svc.example"), ("dns", "alice.example"), b"pw-hash")],
                    ),
                    attribute("1.3.6.1.5.5.7.10.3", [ietf_attr([("string", "dept-42")])]),
                    attribute("2.5.4.55", [clearance()]),
                    tlv(0x30, enc(univ.ObjectIdentifier("1.2.3.4.5")) + tlv(0x31, enc(char.UTF8String("x")))),
                ],
                uid="0f0e",
                exts=[
                    extension("1.3.6.1.5.5.7.1.1", aia("http://ocsp.example")),
                    extension("2.5.29.31", crldp("http://crl.example/aa.crl")),
                ],
            ),
        ),
        (
            "ac-digest-holder",
            "RFC 5755 4.2.2",
            "objectDigestInfo holder (SHA-256 of the key), 20-octet serial, role only, no extensions",
            build(
                holder=holder_digest(bytes(range(32))),
                serial=int("7f" + "11" * 19, 16),
                attrs=[attribute("2.5.4.72", [role("urn:sg17:role:reader")])],
            ),
        ),
    ]
    base = dict(holder=holder_base(), attrs=[role_attr])
    invalid = [
        ("ac-v1-version", "RFC 5755 4.2.1", "version v1 (0): RFC 5755 allows v2 only", build(version=0, **base)),
        (
            "ac-v1form-issuer",
            "RFC 5755 4.2.3",
            "issuer as v1Form (bare GeneralNames): MUST use v2Form",
            build(issuer=enc(fill_gns(rfc5280.GeneralNames(), [("dir", AA)])), **base),
        ),
        (
            "ac-utctime-validity",
            "RFC 5755 4.2.6",
            "notBeforeTime as UTCTime: AttCertValidityPeriod is GeneralizedTime",
            build(period=tlv(0x30, enc(useful.UTCTime("250101000000Z")) + gtime("20260101000000Z")), **base),
        ),
        (
            "ac-fraction-time",
            "RFC 5755 4.2.6",
            "notAfterTime with fractional seconds: MUST NOT (RFC 5755 4.2.6)",
            build(period=tlv(0x30, gtime("20250101000000Z") + gtime("20260101000000.5Z")), **base),
        ),
        (
            "ac-no-attributes",
            "RFC 5755 4.2.7",
            "empty attributes SEQUENCE: an AC MUST contain at least one attribute",
            build(holder=holder_base(), attrs=[]),
        ),
        (
            "ac-empty-holder",
            "X.509 (10/2019) 12.1",
            "Holder with none of its three components",
            build(holder=tlv(0x30, b""), attrs=[role_attr]),
        ),
        (
            "ac-issuer-two-names",
            "RFC 5755 4.2.3",
            "v2Form issuerName with two GeneralNames: exactly one directoryName required",
            build(issuer=v2form_issuer([("dir", AA), ("dns", "aa.example")]), **base),
        ),
        (
            "ac-role-no-name",
            "RFC 5755 4.4.5",
            "role value without roleName",
            build(holder=holder_base(), attrs=[tlv(0x30, enc(univ.ObjectIdentifier("2.5.4.72")) + tlv(0x31, tlv(0x30, b"")))]),
        ),
        (
            "ac-norevavail-not-null",
            "RFC 5755 4.3.6",
            "noRevAvail whose value is not NULL",
            build(exts=[extension("2.5.29.56", univ.Integer(1))], **base),
        ),
    ]
    good = valid[0][3]
    invalid.append(("ac-truncated", "X.690 8.1.1", "ac-role-group truncated to half its length", good[: len(good) // 2]))

    tests = []
    for vid, clause, desc, der in valid:
        with open(os.path.join(ACDIR, vid + ".der"), "wb") as f:
            f.write(der)
        tests.append(
            {"id": vid, "clause": clause, "description": desc, "input": der.hex(), "result": "valid",
             "expected": expected(der), "flags": []}
        )
    for vid, clause, desc, der in invalid:
        with open(os.path.join(ACDIR, vid + ".der"), "wb") as f:
            f.write(der)
        tests.append(
            {"id": vid, "clause": clause, "description": desc, "input": der.hex(), "result": "invalid", "flags": []}
        )
    suite = {
        "suite": "x509-attribute-certificates",
        "recommendation": "RFC 5755 / ITU-T X.509 (10/2019) clause 12",
        "source": "vectors/tools/x509/make_attribute_certs.py (pyasn1-modules rfc5755 encode + decode as oracle; Ed25519 via pyca cryptography)",
        "runner": "x509-parse",
        "tests": tests,
    }
    with open(os.path.join(OUT, "attribute-certs.json"), "w") as f:
        json.dump(suite, f, indent=1)
        f.write("\n")
    print(f"{len(tests)} vectors")


def clearance():
    c = rfc5755.Clearance()
    c["policyId"] = univ.ObjectIdentifier("1.2.3.55")
    c["classList"] = rfc5755.ClassList("'010000'B")
    return c


if __name__ == "__main__":
    main()
