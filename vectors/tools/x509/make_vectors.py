#!/usr/bin/env python3
"""Generates the x509-parse conformance vectors in vectors/x509/.

Run from the repository root:  python3 vectors/tools/x509/make_vectors.py

Oracles:
  * openssl (``openssl x509/crl/req -nameopt RFC2253,-esc_msb``) for subject, issuer, serial,
    dates and subjectAltName of every valid certificate, CRL and CSR;
  * pyca ``cryptography`` to build CRLs and CSRs and to sign generated certificates
    (Ed25519, deterministic, so the output is reproducible);
  * the specification text for malformed inputs: each one is built to break exactly one
    rule, and the vector records that rule's clause (RFC 5280, RFC 2986, X.690, X.680).

Certificates are assembled with the small DER writer below so that malformed variants can be
produced field by field.
"""

import datetime
import json
import os
import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, ec
from cryptography.x509.oid import NameOID

ROOT = os.getcwd()
OUT = os.path.join(ROOT, "vectors", "x509")
REC = "RFC 5280 / ITU-T X.509 (10/2019)"

# ---------------------------------------------------------------- DER writer (X.690)


def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + length(len(content)) + content


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def set_(*parts):
    return tlv(0x31, b"".join(parts))


def integer(v):
    n = (v.bit_length() + 8) // 8 if v >= 0 else ((-v - 1).bit_length() + 8) // 8
    return tlv(0x02, v.to_bytes(max(n, 1), "big", signed=True))


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    first = arcs[0] * 40 + arcs[1]
    out = b""
    for a in [first] + arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, out)


def octets(b):
    return tlv(0x04, b)


def bits(b, unused=0):
    return tlv(0x03, bytes([unused]) + b)


def boolean(v):
    return tlv(0x01, b"\xff" if v else b"\x00")


def utc(s):
    return tlv(0x17, s.encode())


def gen(s):
    return tlv(0x18, s.encode())


def ctx(n, content, constructed=True):
    return tlv((0xA0 if constructed else 0x80) | n, content)


def printable(s):
    return tlv(0x13, s.encode())


def utf8(s):
    return tlv(0x0C, s.encode())


def ia5(s):
    return tlv(0x16, s.encode())


def atv(type_oid, value):
    return seq(oid(type_oid), value)


def name(*rdns):
    """rdns: lists of (oid, encoded value); each list is one RDN (sorted as DER requires)."""
    return seq(*[set_(*sorted(atv(o, v) for o, v in rdn)) for rdn in rdns])


CN, O, OU, C, L, ST, EMAIL, SERIAL = "2.5.4.3", "2.5.4.10", "2.5.4.11", "2.5.4.6", "2.5.4.7", "2.5.4.8", "1.2.840.113549.1.9.1", "2.5.4.5"
ED25519 = seq(oid("1.3.101.112"))

KEY = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PUB = KEY.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
SPKI = seq(ED25519, bits(PUB))
KEY_ID = bytes(range(20))

CA_NAME = name([(C, printable("XX"))], [(O, utf8("sg17 Test"))], [(CN, utf8("sg17 Test CA"))])
LEAF_NAME = name([(C, printable("XX"))], [(O, utf8("sg17 Test"))], [(CN, utf8("leaf.example"))])


def ext(oid_s, value, critical=False):
    return seq(oid(oid_s), *( [boolean(True)] if critical else []), octets(value))


BC_CA = ext("2.5.29.19", seq(boolean(True)), True)
BC_LEAF = ext("2.5.29.19", seq(), True)
KU_CA = ext("2.5.29.15", bits(b"\x06", 1), True)  # keyCertSign, cRLSign
KU_LEAF = ext("2.5.29.15", bits(b"\x80", 7), True)  # digitalSignature
SKI = ext("2.5.29.14", octets(KEY_ID))
AKI = ext("2.5.29.35", seq(ctx(0, KEY_ID, False)))


def tbs(version=2, serial=0x1234, sig=ED25519, issuer=CA_NAME, not_before=utc("250101000000Z"),
        not_after=utc("350101000000Z"), subject=LEAF_NAME, spki=SPKI, uids=b"", exts=None, extra=b""):
    parts = []
    if version is not None:
        parts.append(ctx(0, integer(version)))
    parts += [integer(serial) if isinstance(serial, int) else serial, sig, issuer,
              seq(not_before, not_after), subject, spki, uids]
    if exts is not None:
        parts.append(ctx(3, seq(*exts)))
    return seq(*(parts + [extra]))


def signed(tbs_der, sig_alg=ED25519):
    return seq(tbs_der, sig_alg, bits(KEY.sign(tbs_der)))


def leaf(**kw):
    kw.setdefault("exts", [BC_LEAF, KU_LEAF, SKI, AKI])
    return signed(tbs(**kw))


def ca(**kw):
    kw.setdefault("exts", [BC_CA, KU_CA, SKI])
    kw.setdefault("subject", CA_NAME)
    return signed(tbs(**kw))


# ---------------------------------------------------------------- openssl oracle


def openssl_fields(kind, der):
    args = {"cert": ["x509", "-noout", "-subject", "-issuer", "-serial", "-startdate", "-enddate"],
            "crl": ["crl", "-noout", "-issuer", "-lastupdate", "-nextupdate"],
            "csr": ["req", "-noout", "-subject"]}[kind]
    out = subprocess.run(["openssl"] + args + ["-inform", "DER", "-nameopt", "RFC2253,-esc_msb"],
                         input=der, capture_output=True, check=True).stdout.decode()
    f = {}
    for line in out.splitlines():
        k, _, v = line.partition("=")
        f[k.strip()] = v
    return f


def openssl_san(der):
    out = subprocess.run(["openssl", "x509", "-inform", "DER", "-noout", "-ext", "subjectAltName"],
                         input=der, capture_output=True, check=True).stdout.decode().splitlines()
    return out[1].strip().split(", ") if len(out) > 1 else []


def openssl_date_to_rfc3339(s):
    d = datetime.datetime.strptime(s.replace("  ", " "), "%b %d %H:%M:%S %Y GMT")
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def cert_expected(der, extra=None):
    f = openssl_fields("cert", der)
    e = {"subject": f["subject"], "issuer": f["issuer"], "serial": f["serial"],
         "not_before": openssl_date_to_rfc3339(f["notBefore"]),
         "not_after": openssl_date_to_rfc3339(f["notAfter"])}
    e.update(extra or {})
    return e


# ---------------------------------------------------------------- suites


def corpus_suite():
    fields = json.load(open(os.path.join(OUT, "openssl-fields.json")))["certificates"]
    tests = []
    for f in fields:
        der = open(os.path.join(ROOT, "vectors", f["file"]), "rb").read()
        c = x509.load_der_x509_certificate(der)
        tests.append({
            "id": "corpus-" + os.path.basename(f["file"])[:-4],
            "clause": "RFC 5280 4.1",
            "description": "Debian CA bundle root; fields from openssl -nameopt RFC2253,-esc_msb and pyca cryptography",
            "input_file": "../" + f["file"],
            "result": "valid",
            "expected": {"type": "certificate", "version": c.version.value + 1, "subject": f["subject"],
                         "issuer": f["issuer"], "serial": f["serial"],
                         "not_before": openssl_date_to_rfc3339(f["not_before"]),
                         "not_after": openssl_date_to_rfc3339(f["not_after"]),
                         "signature_algorithm_oid": None} ,
            "flags": ["corpus"],
        })
        # Not part of our JSON; drop the placeholder (kept above to document the choice).
        del tests[-1]["expected"]["signature_algorithm_oid"]
    return tests


def t(id_, clause, desc, der, result, expected=None, flags=None):
    d = {"id": id_, "clause": clause, "description": desc, "input": der.hex(), "result": result}
    if expected is not None:
        d["expected"] = expected
    d["flags"] = flags or []
    return d


def generated_valid_suite():
    tests = []
    san = seq(ctx(2, b"leaf.example", False), ctx(2, b"*.leaf.example", False), ctx(7, bytes([192, 0, 2, 1]), False),
              ctx(7, bytes.fromhex("20010db8000000000000000000000001"), False), ctx(1, b"admin@leaf.example", False),
              ctx(6, b"https://leaf.example/", False), ctx(8, oid("1.2.3.4")[2:], False),
              ctx(4, CA_NAME), ctx(0, oid("1.3.6.1.4.1.311.20.2.3") + ctx(0, utf8("upn@example"))))
    full_exts = [BC_LEAF, KU_LEAF, SKI, AKI,
                 ext("2.5.29.17", san),
                 ext("2.5.29.37", seq(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2"))),
                 ext("2.5.29.31", seq(seq(ctx(0, ctx(0, ctx(6, b"http://crl.example/ca.crl", False)))))),
                 ext("1.3.6.1.5.5.7.1.1", seq(seq(oid("1.3.6.1.5.5.7.48.1"), ctx(6, b"http://ocsp.example", False)),
                                               seq(oid("1.3.6.1.5.5.7.48.2"), ctx(6, b"http://ca.example/ca.crt", False)))),
                 ext("2.5.29.32", seq(seq(oid("2.23.140.1.2.1"),
                                          seq(seq(oid("1.3.6.1.5.5.7.2.1"), ia5("https://cps.example")),
                                              seq(oid("1.3.6.1.5.5.7.2.2"), seq(seq(utf8("Org"), seq(integer(1), integer(2))), utf8("notice"))))))),
                 ext("1.3.6.1.4.1.11129.2.4.2", octets(bytes.fromhex("0006000401020304"))),
                 ext("1.2.3.4.5", octets(b"opaque"))]
    der = leaf(exts=full_exts)
    e = cert_expected(der, {"version": 3, "signature_algorithm": "ED25519",
                            "public_key": {"algorithm": "ED25519", "bits": 256}})
    e["extensions"] = [{"name": n, "critical": c} for n, c in [
        ("basicConstraints", True), ("keyUsage", True), ("subjectKeyIdentifier", False),
        ("authorityKeyIdentifier", False), ("subjectAltName", False), ("extendedKeyUsage", False),
        ("crlDistributionPoints", False), ("authorityInfoAccess", False), ("certificatePolicies", False),
        ("ct_precert_scts", False), ("1.2.3.4.5", False)]]
    san_o = openssl_san(der)
    e["extensions"][4]["value"] = [s for s in san_o if not s.startswith(("DirName", "othername", "Registered"))] + \
        ["Registered ID:1.2.3.4", "DirName:CN=sg17 Test CA,O=sg17 Test,C=XX", "othername:1.3.6.1.4.1.311.20.2.3"]
    e["extensions"][5]["value"] = ["serverAuth", "clientAuth"]
    e["extensions"][9]["value"] = {"count": 1}
    tests.append(t("gen-leaf-all-extensions", "RFC 5280 4.2", "v3 leaf with every common extension; SAN DNS/IP/email/URI from openssl -ext subjectAltName", der, "valid", e))

    nc = seq(ctx(0, seq(ctx(2, b".example", False))), ctx(1, seq(ctx(7, bytes([10, 0, 0, 0, 255, 0, 0, 0]), False))))
    der = ca(exts=[BC_CA, KU_CA, SKI, ext("2.5.29.30", nc, True), ext("2.5.29.36", seq(ctx(0, b"\x00", False)), True),
                   ext("2.5.29.54", integer(0), True), ext("2.5.29.33", seq(seq(oid("1.2.3.1"), oid("1.2.3.2"))), True)],
             issuer=CA_NAME)
    e = cert_expected(der, {"self_issued": True})
    e["extensions"] = [{"name": "basicConstraints", "value": {"ca": True, "path_len": None}},
                       {"name": "keyUsage", "value": ["Certificate Sign", "CRL Sign"]}, {"name": "subjectKeyIdentifier"},
                       {"name": "nameConstraints", "critical": True, "value": {"permitted": ["DNS:.example"], "excluded": ["IP Address:10.0.0.0/255.0.0.0"]}},
                       {"name": "policyConstraints", "value": {"require_explicit_policy": 0, "inhibit_policy_mapping": None}},
                       {"name": "inhibitAnyPolicy", "value": 0},
                       {"name": "policyMappings", "value": [{"issuer_domain": "1.2.3.1", "subject_domain": "1.2.3.2"}]}]
    e["lint"] = {}
    tests.append(t("gen-ca-constraints", "RFC 5280 4.2.1.10", "self-issued CA with nameConstraints, policyConstraints, inhibitAnyPolicy, policyMappings", der, "valid", e))

    # Names (RFC 4514 output checked against openssl).
    names = {
        "multi-valued-rdn": name([(C, printable("XX"))], [(O, utf8("sg17")), (OU, utf8("Unit"))], [(CN, utf8("multi"))]),
        "escapes": name([(CN, utf8('a,b+c"d\\e<f>g;h'))]),
        "leading-hash-and-spaces": name([(CN, utf8("#lead")), (O, utf8(" padded "))]),
        "utf8-non-ascii": name([(CN, utf8("Zoë Ünïcode ✓"))]),
        "bmpstring": name([(CN, tlv(0x1E, "Bmp Ω".encode("utf-16-be")))]),
        "universalstring": name([(CN, tlv(0x1C, "Univ ✓".encode("utf-32-be")))]),
        "teletexstring-latin1": name([(CN, tlv(0x14, "Caf\xe9".encode("latin-1")))]),
        "ia5-email-and-dc": name([(EMAIL, ia5("a@example")), ], [("0.9.2342.19200300.100.1.25", ia5("example"))]),
        "unknown-attribute-type": name([("1.2.3.4.5.6", utf8("x"))]),
        "serialnumber-attr": name([(SERIAL, printable("12345"))], [(CN, utf8("sn"))]),
        "control-char": name([(CN, utf8("a\x01b"))]),
    }
    for k, n in names.items():
        der = leaf(subject=n)
        tests.append(t("gen-name-" + k, "RFC 5280 4.1.2.6", "subject " + k + "; RFC 4514 string from openssl -nameopt RFC2253,-esc_msb", der, "valid", cert_expected(der)))

    # Lint findings (valid DER; RFC 5280 MUST/SHOULD broken by construction).
    lint_cases = [
        ("serial-negative", "RFC 5280 4.1.2.2", dict(serial=-5), "e_serial_number_not_positive"),
        ("serial-zero", "RFC 5280 4.1.2.2", dict(serial=0), "e_serial_number_not_positive"),
        ("serial-21-octets", "RFC 5280 4.1.2.2", dict(serial=0x7F << 160), "e_serial_number_longer_than_20_octets"),
        ("v1-with-extensions", "RFC 5280 4.1.2.9", dict(version=None), "e_cert_extensions_version_not_3"),
        ("generalized-time-2030", "RFC 5280 4.1.2.5", dict(not_after=gen("20300101000000Z")), "e_wrong_time_format_pre2050"),
        ("empty-subject-no-san", "RFC 5280 4.1.2.6", dict(subject=seq()), "e_subject_empty_without_san"),
        ("empty-subject-san-not-critical", "RFC 5280 4.2.1.6",
         dict(subject=seq(), exts=[BC_LEAF, KU_LEAF, SKI, AKI, ext("2.5.29.17", seq(ctx(2, b"x.example", False)))]),
         "e_ext_san_not_critical_without_subject"),
        ("ca-without-ski", "RFC 5280 4.2.1.2", dict(exts=[BC_CA, KU_CA, AKI]), "e_ext_subject_key_identifier_missing_ca"),
        ("ca-bc-not-critical", "RFC 5280 4.2.1.9", dict(exts=[ext("2.5.29.19", seq(boolean(True))), KU_CA, SKI, AKI]), "e_basic_constraints_not_critical"),
        ("keycertsign-without-ca", "RFC 5280 4.2.1.9", dict(exts=[BC_LEAF, KU_CA, SKI, AKI]), "e_ext_key_usage_cert_sign_without_ca"),
        ("missing-aki", "RFC 5280 4.2.1.1", dict(exts=[BC_LEAF, KU_LEAF, SKI]), "e_ext_authority_key_identifier_missing"),
        ("aki-critical", "RFC 5280 4.2.1.1", dict(exts=[BC_LEAF, KU_LEAF, SKI, ext("2.5.29.35", seq(ctx(0, KEY_ID, False)), True)]), "e_ext_authority_key_identifier_critical"),
        ("ski-critical", "RFC 5280 4.2.1.2", dict(exts=[BC_LEAF, KU_LEAF, AKI, ext("2.5.29.14", octets(KEY_ID), True)]), "e_ext_subject_key_identifier_critical"),
        ("aia-critical", "RFC 5280 4.2.2.1", dict(exts=[BC_LEAF, KU_LEAF, SKI, AKI, ext("1.3.6.1.5.5.7.1.1", seq(seq(oid("1.3.6.1.5.5.7.48.1"), ctx(6, b"http://o", False))), True)]), "e_ext_aia_marked_critical"),
        ("name-constraints-not-critical", "RFC 5280 4.2.1.10", dict(exts=[BC_CA, KU_CA, SKI, AKI, ext("2.5.29.30", seq(ctx(0, seq(ctx(2, b".example", False)))))]), "e_ext_name_constraints_not_critical"),
        ("pathlen-without-ca", "RFC 5280 4.2.1.9", dict(exts=[ext("2.5.29.19", seq(integer(0)), True), KU_LEAF, SKI, AKI]), "e_path_len_constraint_improperly_included"),
        ("ku-no-bits", "RFC 5280 4.2.1.3", dict(exts=[BC_LEAF, ext("2.5.29.15", bits(b""), True), SKI, AKI]), "e_ext_key_usage_without_bits"),
        ("ca-without-key-usage", "RFC 5280 4.2.1.3", dict(exts=[BC_CA, SKI, AKI]), "e_ca_key_usage_missing"),
        ("policy-map-any-policy", "RFC 5280 4.2.1.5", dict(exts=[BC_CA, KU_CA, SKI, AKI, ext("2.5.29.33", seq(seq(oid("2.5.29.32.0"), oid("1.2.3"))), True)]), "e_ext_policy_map_any_policy"),
        ("email-in-subject", "RFC 5280 4.1.2.6", dict(subject=name([(CN, utf8("e"))], [(EMAIL, ia5("e@example"))])), "w_subject_contains_email_address"),
        ("ku-not-critical", "RFC 5280 4.2.1.3", dict(exts=[BC_LEAF, ext("2.5.29.15", bits(b"\x80", 7)), SKI, AKI]), "w_ext_key_usage_not_critical"),
        ("san-ip-bad-length", "RFC 5280 4.2.1.6", dict(exts=[BC_LEAF, KU_LEAF, SKI, AKI, ext("2.5.29.17", seq(ctx(7, b"\x01\x02\x03", False)))]), "e_ext_san_ip_address_bad_length"),
    ]
    for k, clause, kw, rule in lint_cases:
        if kw.get("version", 2) is None:
            kw["exts"] = [BC_LEAF, KU_LEAF, SKI, AKI]
        der = leaf(**kw)
        tests.append(t("gen-lint-" + k, clause, "valid DER breaking " + clause + "; linter reports " + rule, der, "valid", {"lint": {rule: clause}}, ["lint"]))
    # Signature algorithm mismatch.
    body = tbs()
    der = seq(body, seq(oid("1.2.840.10045.4.3.2")), bits(KEY.sign(body)))
    tests.append(t("gen-lint-sigalg-mismatch", "RFC 5280 4.1.1.2", "signatureAlgorithm differs from tbsCertificate.signature", der, "valid",
                   {"lint": {"e_cert_sig_alg_not_match_tbs_sig_alg": "RFC 5280 4.1.1.2"}}, ["lint"]))
    # Clean certificates: no MUST broken.
    der = leaf(not_after=gen("20500101000000Z"))
    tests.append(t("gen-generalized-time-2050", "RFC 5280 4.1.2.5", "notAfter 2050 as GeneralizedTime (required form)", der, "valid",
                   cert_expected(der, {"not_after": "2050-01-01T00:00:00Z"})))
    der = leaf(version=1, uids=ctx(1, b"\x00\xab", False) + ctx(2, b"\x00\xcd", False), exts=None)
    tests.append(t("gen-v2-unique-ids", "RFC 5280 4.1.2.8", "v2 certificate with issuerUniqueID and subjectUniqueID", der, "valid",
                   cert_expected(der, {"version": 2, "issuer_unique_id": "00ab", "subject_unique_id": "00cd"})))
    der = leaf(version=None, exts=None)
    tests.append(t("gen-v1-minimal", "RFC 5280 4.1.2.1", "v1 certificate (version absent, DEFAULT)", der, "valid", cert_expected(der, {"version": 1, "extensions": []})))
    der = leaf(serial=seq()[0:0] + integer(0x00FF))
    tests.append(t("gen-serial-leading-zero", "RFC 5280 4.1.2.2", "serial 255 (leading 00 octet is required two's complement)", der, "valid", cert_expected(der)))
    return tests


def invalid_suite():
    tests = []
    good = leaf()
    for cut in [0, 1, 2, 50, len(good) // 2, len(good) - 1]:
        tests.append(t(f"trunc-{cut}", "X.690 8.1.1", f"certificate truncated to {cut} octets", good[:cut] if cut else b"", "invalid"))
    tests[0]["clause"] = "X.690 8.1.1"
    tests.append(t("trailing-octet", "X.690 8.1.1", "one octet after the certificate", good + b"\x00", "invalid"))
    body = good[4:] if good[1] == 0x82 else good[2:]
    tests.append(t("outer-long-length-nonminimal", "X.690 10.1", "outer SEQUENCE length in 3 octets (83 00 xx xx)",
                   b"\x30\x83" + len(body).to_bytes(3, "big") + body, "invalid"))
    tests.append(t("outer-indefinite-length", "X.690 10.1", "outer SEQUENCE with indefinite length", b"\x30\x80" + body + b"\x00\x00", "invalid"))
    tests.append(t("outer-set-tag", "RFC 5280 4.1", "outer SET instead of SEQUENCE", b"\x31" + good[1:], "invalid"))
    tests.append(t("signature-value-octet-string", "RFC 5280 4.1", "signatureValue as OCTET STRING", seq(tbs(), ED25519, octets(b"\x00" * 64)), "invalid"))
    tests.append(t("signature-constructed", "X.690 10.2", "signatureValue constructed BIT STRING", seq(tbs(), ED25519, tlv(0x23, bits(b"\x00" * 64))), "invalid"))
    tests.append(t("missing-signature", "RFC 5280 4.1", "no signatureValue", seq(tbs(), ED25519), "invalid"))

    def bad(id_, clause, desc, **kw):
        tests.append(t(id_, clause, desc, signed(tbs(**kw)), "invalid"))

    bad("version-v1-explicit", "X.690 11.5", "version v1 encoded although DEFAULT", version=0, exts=None)
    bad("version-4", "RFC 5280 4.1.2.1", "version value 3 (v4)", version=3)
    bad("serial-nonminimal", "X.690 8.3.2", "serial 00 01 (not minimal)", serial=tlv(0x02, b"\x00\x01"))
    bad("serial-empty", "X.690 8.3.1", "serial INTEGER with no contents", serial=tlv(0x02, b""))
    bad("serial-wrong-tag", "RFC 5280 4.1", "serial as OCTET STRING", serial=octets(b"\x01"))
    bad("validity-utc-no-seconds", "X.690 11.8", "UTCTime without seconds", not_before=utc("2501010000Z"))
    bad("validity-utc-month-13", "X.680 47.3", "UTCTime month 13", not_before=utc("251301000000Z"))
    bad("validity-utc-feb-30", "X.680 47.3", "UTCTime 30 February", not_before=utc("250230000000Z"))
    bad("validity-utc-hour-24", "X.680 47.3", "UTCTime hour 24", not_before=utc("250101240000Z"))
    bad("validity-utc-offset", "X.690 11.8", "UTCTime with +0100 differential", not_before=utc("250101000000+0100"))
    bad("validity-utc-local", "X.680 47.3", "UTCTime without zone", not_before=utc("250101000000"))
    bad("validity-gen-fraction", "RFC 5280 4.1.2.5.2", "GeneralizedTime with fractional seconds", not_after=gen("20500101000000.5Z"))
    bad("validity-gen-no-seconds", "X.690 11.7", "GeneralizedTime without seconds", not_after=gen("205001010000Z"))
    bad("validity-gen-local", "X.690 11.7", "GeneralizedTime without Z", not_after=gen("20500101000000"))
    bad("validity-integer", "RFC 5280 4.1.2.5", "notBefore as INTEGER", not_before=integer(1))
    bad("issuer-not-sequence", "RFC 5280 4.1.2.4", "issuer as SET", issuer=set_(set_(atv(CN, utf8("x")))))
    bad("name-empty-rdn", "X.501 9.3", "subject with an empty RDN SET", subject=seq(set_()))
    bad("name-rdn-unsorted", "X.690 11.6", "multi-valued RDN not in DER order",
        subject=seq(tlv(0x31, atv(OU, utf8("b")) + atv(CN, utf8("a")))))
    bad("name-printable-at-sign", "X.680 41.4", "PrintableString with '@'", subject=name([(CN, printable("a@b"))]))
    bad("name-utf8-invalid", "X.690 8.23.10", "UTF8String with invalid UTF-8", subject=name([(CN, tlv(0x0C, b"\xc3\x28"))]))
    bad("name-bmp-odd", "X.690 8.23.8", "BMPString of odd length", subject=name([(CN, tlv(0x1E, b"\x00A\x00"))]))
    bad("name-atv-missing-value", "RFC 5280 4.1.2.4", "AttributeTypeAndValue without value", subject=seq(set_(seq(oid(CN)))))
    bad("spki-unused-bits", "RFC 5280 4.1.2.7", "subjectPublicKey with 1 unused bit", spki=seq(ED25519, bits(PUB[:-1] + b"\x00", 1)))
    bad("spki-missing-key", "RFC 5280 4.1.2.7", "SPKI without subjectPublicKey", spki=seq(ED25519))
    bad("alg-not-sequence", "RFC 5280 4.1.1.2", "signature AlgorithmIdentifier as OID", sig=oid("1.3.101.112"))
    bad("extra-tbs-field", "RFC 5280 4.1", "unexpected element after extensions", extra=integer(1))
    bad("missing-subject", "RFC 5280 4.1", "tbsCertificate ending after validity", subject=b"", spki=b"", exts=None)
    bad("extensions-empty", "RFC 5280 4.1", "extensions [3] holding an empty SEQUENCE", exts=[])
    bad("extension-duplicate", "RFC 5280 4.2", "two basicConstraints", exts=[BC_LEAF, BC_LEAF])
    bad("extension-critical-false", "X.690 11.5", "critical FALSE encoded", exts=[seq(oid("2.5.29.19"), boolean(False), octets(seq()))])
    bad("extension-critical-0x01", "X.690 11.1", "critical TRUE encoded as 01", exts=[seq(oid("2.5.29.19"), tlv(0x01, b"\x01"), octets(seq()))])
    bad("extension-oid-nonminimal", "X.690 8.19.2", "extnID with 0x80 leading subidentifier octet", exts=[seq(tlv(0x06, b"\x55\x80\x1d"), octets(seq()))])
    bad("extension-value-not-octets", "RFC 5280 4.1", "extnValue as BIT STRING", exts=[seq(oid("2.5.29.19"), bits(seq()))])
    bad("extension-missing-value", "RFC 5280 4.1", "extension without extnValue", exts=[seq(oid("2.5.29.19"))])

    # Extension values that do not decode: the certificate parses, the extension is reported.
    def badext(id_, clause, desc, oid_s, value, critical=False):
        tests.append(t("ext-" + id_, clause, desc, leaf(exts=[ext(oid_s, value, critical)]), "invalid", flags=["extension"]))

    badext("bc-not-sequence", "RFC 5280 4.2.1.9", "basicConstraints as BOOLEAN", "2.5.29.19", boolean(True), True)
    badext("bc-ca-false", "X.690 11.5", "basicConstraints cA FALSE encoded", "2.5.29.19", seq(boolean(False)), True)
    badext("bc-negative-pathlen", "RFC 5280 4.2.1.9", "pathLenConstraint -1", "2.5.29.19", seq(boolean(True), integer(-1)), True)
    badext("bc-trailing", "RFC 5280 4.2", "extnValue with a trailing octet", "2.5.29.19", seq() + b"\x00", True)
    badext("bc-extra-field", "RFC 5280 4.2.1.9", "basicConstraints with an extra field", "2.5.29.19", seq(boolean(True), integer(1), integer(2)), True)
    badext("ku-not-bitstring", "RFC 5280 4.2.1.3", "keyUsage as OCTET STRING", "2.5.29.15", octets(b"\x80"), True)
    badext("ku-unused-8", "X.690 8.6.2.2", "keyUsage with 8 unused bits", "2.5.29.15", tlv(0x03, b"\x08\x80"), True)
    badext("san-empty", "RFC 5280 4.2.1.6", "subjectAltName with no names", "2.5.29.17", seq())
    badext("san-dns-non-ascii", "X.680 41.4", "dNSName with an octet above 0x7F", "2.5.29.17", seq(ctx(2, b"b\xe9.example", False)))
    badext("san-tag-9", "RFC 5280 4.2.1.6", "GeneralName with tag [9]", "2.5.29.17", seq(ctx(9, b"x", False)))
    badext("san-universal-tag", "RFC 5280 4.2.1.6", "GeneralName as a bare IA5String", "2.5.29.17", seq(ia5("x")))
    badext("san-dirname-primitive", "RFC 5280 4.2.1.6", "directoryName [4] primitive", "2.5.29.17", seq(ctx(4, b"x", False)))
    badext("san-othername-no-value", "RFC 5280 4.2.1.6", "otherName without value", "2.5.29.17", seq(ctx(0, oid("1.2.3"))))
    badext("ian-empty", "RFC 5280 4.2.1.6", "issuerAltName with no names", "2.5.29.18", seq())
    badext("eku-empty", "RFC 5280 4.2.1.12", "extKeyUsage with no purposes", "2.5.29.37", seq())
    badext("eku-not-oid", "RFC 5280 4.2.1.12", "extKeyUsage with an INTEGER", "2.5.29.37", seq(integer(1)))
    badext("policies-empty", "RFC 5280 4.2.1.4", "certificatePolicies with no policy", "2.5.29.32", seq())
    badext("policies-duplicate", "RFC 5280 4.2.1.4", "the same policy OID twice", "2.5.29.32", seq(seq(oid("1.2.3")), seq(oid("1.2.3"))))
    badext("policies-cps-utf8", "RFC 5280 4.2.1.4", "CPS qualifier as UTF8String", "2.5.29.32",
           seq(seq(oid("1.2.3"), seq(seq(oid("1.3.6.1.5.5.7.2.1"), utf8("https://x"))))))
    badext("policies-empty-qualifiers", "RFC 5280 4.2.1.4", "policyQualifiers present but empty", "2.5.29.32", seq(seq(oid("1.2.3"), seq())))
    badext("policy-mappings-empty", "RFC 5280 4.2.1.5", "policyMappings with no mapping", "2.5.29.33", seq(), True)
    badext("policy-constraints-empty", "RFC 5280 4.2.1.11", "policyConstraints with neither field", "2.5.29.36", seq(), True)
    badext("inhibit-any-policy-negative", "RFC 5280 4.2.1.14", "inhibitAnyPolicy -1", "2.5.29.54", integer(-1), True)
    badext("name-constraints-empty-permitted", "RFC 5280 4.2.1.10", "permittedSubtrees present but empty", "2.5.29.30", seq(ctx(0, b"")), True)
    badext("name-constraints-minimum-zero", "X.690 11.5", "GeneralSubtree minimum 0 encoded", "2.5.29.30",
           seq(ctx(0, seq(ctx(2, b"x", False), ctx(0, b"\x00", False)))), True)
    badext("aki-not-sequence", "RFC 5280 4.2.1.1", "authorityKeyIdentifier as OCTET STRING", "2.5.29.35", octets(KEY_ID))
    badext("ski-not-octets", "RFC 5280 4.2.1.2", "subjectKeyIdentifier as BIT STRING", "2.5.29.14", bits(KEY_ID))
    badext("crldp-empty", "RFC 5280 4.2.1.13", "cRLDistributionPoints with no point", "2.5.29.31", seq())
    badext("crldp-no-name-no-issuer", "RFC 5280 4.2.1.13", "DistributionPoint with neither distributionPoint nor cRLIssuer", "2.5.29.31", seq(seq()))
    badext("aia-empty", "RFC 5280 4.2.2.1", "authorityInfoAccess with no description", "1.3.6.1.5.5.7.1.1", seq())
    badext("aia-no-location", "RFC 5280 4.2.2.1", "AccessDescription without accessLocation", "1.3.6.1.5.5.7.1.1", seq(seq(oid("1.3.6.1.5.5.7.48.1"))))
    badext("sia-empty", "RFC 5280 4.2.2.2", "subjectInfoAccess with no description", "1.3.6.1.5.5.7.1.11", seq())
    badext("sct-bad-length", "RFC 6962 3.3", "SCT list whose length prefix overruns", "1.3.6.1.4.1.11129.2.4.2", octets(b"\x00\x09\x00\x04\x01\x02\x03\x04"))
    badext("unknown-critical", "RFC 5280 4.2", "unrecognised critical extension", "1.2.3.4.5.6.7", octets(b"x"), True)
    return tests


def crl_csr_suite():
    tests = []
    ca_key = ec.derive_private_key(0x1234567890ABCDEF, ec.SECP256R1())
    issuer = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "XX"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "sg17 Test"),
                        x509.NameAttribute(NameOID.COMMON_NAME, "sg17 CRL CA")])
    t0 = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key())

    def crl(revoked, number=1, next_update=True, extra=None):
        b = x509.CertificateRevocationListBuilder().issuer_name(issuer).last_update(t0)
        if next_update:
            b = b.next_update(t0 + datetime.timedelta(days=7))
        b = b.add_extension(aki, False).add_extension(x509.CRLNumber(number), False)
        for ext_, crit in (extra or []):
            b = b.add_extension(ext_, crit)
        for serial, reason, inv in revoked:
            r = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(t0 - datetime.timedelta(days=1))
            if reason is not None:
                r = r.add_extension(x509.CRLReason(reason), False)
            if inv is not None:
                r = r.add_extension(x509.InvalidityDate(inv), False)
            b = b.add_revoked_certificate(r.build())
        return b.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    os.makedirs(os.path.join(OUT, "crl"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "csr"), exist_ok=True)
    crls = {
        "crl-basic": crl([(0x1001, x509.ReasonFlags.key_compromise, t0 - datetime.timedelta(days=3)), (0x1002, None, None)]),
        "crl-empty": crl([]),
        "crl-reasons": crl([(i + 1, r, None) for i, r in enumerate([x509.ReasonFlags.unspecified, x509.ReasonFlags.ca_compromise,
                                                                  x509.ReasonFlags.superseded, x509.ReasonFlags.certificate_hold,
                                                                  x509.ReasonFlags.remove_from_crl, x509.ReasonFlags.aa_compromise])], number=42),
        "crl-delta-idp": crl([(7, None, None)], number=5, extra=[(x509.DeltaCRLIndicator(4), True),
                                                                  (x509.IssuingDistributionPoint([x509.UniformResourceIdentifier("http://crl.example/d.crl")], None, False, False, None, False, False), True)]),
    }
    # pyca cryptography refuses to omit nextUpdate; build that one with the DER writer.
    nn_tbs = seq(integer(1), ED25519, CA_NAME, utc("250101000000Z"), seq(seq(integer(9), utc("241231000000Z"))),
                 ctx(0, seq(AKI, ext("2.5.29.20", integer(1)))))
    crls["crl-no-next-update"] = seq(nn_tbs, ED25519, bits(KEY.sign(nn_tbs)))
    for k, der in crls.items():
        open(os.path.join(OUT, "crl", k + ".der"), "wb").write(der)
        f = openssl_fields("crl", der)
        e = {"type": "crl", "issuer": f["issuer"], "this_update": openssl_date_to_rfc3339(f["lastUpdate"])}
        e["next_update"] = None if f["nextUpdate"] == "NONE" else openssl_date_to_rfc3339(f["nextUpdate"])
        c = x509.load_der_x509_crl(der)
        e["revoked"] = [{"serial": format(r.serial_number, "X").rjust(2, "0") if r.serial_number >= 16 else format(r.serial_number, "02X")} for r in c]
        if k == "crl-no-next-update":
            e["lint"] = {"e_crl_next_update_missing": "RFC 5280 5.1.2.5"}
        tests.append({"id": k, "clause": "RFC 5280 5.1", "description": "CRL built with pyca cryptography; issuer and dates from openssl crl",
                      "input_file": "crl/" + k + ".der", "result": "valid", "expected": e, "flags": ["crl"]})
    # Invalid CRLs (clause by construction).
    base = x509.load_der_x509_crl(crls["crl-basic"])
    tbs_ = base.tbs_certlist_bytes
    sig = seq(oid("1.2.840.10045.4.3.2"))

    def crl_tbs(version=integer(1), revoked=None, this=utc("250101000000Z"), entry_exts=b""):
        parts = [version, sig, seq(set_(atv(CN, utf8("c")))), this, utc("250108000000Z")]
        if revoked is not None:
            parts.append(revoked)
        return seq(*parts)

    def bad_crl(id_, clause, desc, body):
        tests.append(t(id_, clause, desc, seq(body, sig, bits(b"\x00" * 8)), "invalid", flags=["crl"]))

    bad_crl("crl-version-3", "RFC 5280 5.1.2.1", "CRL version INTEGER 2 (v3)", crl_tbs(version=integer(2)))
    bad_crl("crl-revoked-empty", "RFC 5280 5.1.2.6", "revokedCertificates present but empty", crl_tbs(revoked=seq()))
    bad_crl("crl-entry-no-date", "RFC 5280 5.1.2.6", "revoked entry without revocationDate", crl_tbs(revoked=seq(seq(integer(1)))))
    bad_crl("crl-this-update-gen-fraction", "RFC 5280 4.1.2.5.2", "thisUpdate GeneralizedTime with fraction", crl_tbs(this=gen("20250101000000.1Z")))
    bad_crl("crl-reason-7", "RFC 5280 5.3.1", "reasonCode 7 (unassigned)",
            crl_tbs(revoked=seq(seq(integer(1), utc("250101000000Z"), seq(ext("2.5.29.21", tlv(0x0A, b"\x07")))))))
    bad_crl("crl-invalidity-utc", "RFC 5280 5.3.2", "invalidityDate as UTCTime",
            crl_tbs(revoked=seq(seq(integer(1), utc("250101000000Z"), seq(ext("2.5.29.24", utc("250101000000Z")))))))
    bad_crl("crl-number-negative", "RFC 5280 5.2.3", "cRLNumber -1", seq(integer(1), sig, seq(set_(atv(CN, utf8("c")))), utc("250101000000Z"),
                                                                      utc("250108000000Z"), ctx(0, seq(ext("2.5.29.20", integer(-1))))))
    del tbs_

    # CSRs.
    subj = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "XX"), x509.NameAttribute(NameOID.COMMON_NAME, "csr.example")])
    rsa_key = serialization.load_der_private_key(open(os.path.join(os.path.dirname(__file__), "rsa2048-test-key.der"), "rb").read(), None)
    csrs = {
        "csr-rsa-san": x509.CertificateSigningRequestBuilder().subject_name(subj).add_extension(
            x509.SubjectAlternativeName([x509.DNSName("csr.example"), x509.DNSName("www.csr.example")]), False).sign(rsa_key, hashes.SHA256()),
        "csr-ec-plain": x509.CertificateSigningRequestBuilder().subject_name(subj).sign(ca_key, hashes.SHA256()),
        "csr-ed25519-bc": x509.CertificateSigningRequestBuilder().subject_name(subj).add_extension(
            x509.BasicConstraints(True, 0), True).sign(KEY, None),
    }
    for k, c in csrs.items():
        der = c.public_bytes(serialization.Encoding.DER)
        open(os.path.join(OUT, "csr", k + ".der"), "wb").write(der)
        f = openssl_fields("csr", der)
        e = {"type": "csr", "subject": f["subject"]}
        if k == "csr-rsa-san":
            e["extensions"] = [{"name": "subjectAltName", "value": ["DNS:csr.example", "DNS:www.csr.example"]}]
            e["public_key"] = {"algorithm": "rsaEncryption", "bits": 2048}
        tests.append({"id": k, "clause": "RFC 2986 4.1", "description": "CSR built with pyca cryptography; subject from openssl req",
                      "input_file": "csr/" + k + ".der", "result": "valid", "expected": e, "flags": ["csr"]})
    spki = SPKI
    sig_e = ED25519

    def csr(version=integer(0), attrs=ctx(0, b"")):
        info = seq(version, name([(CN, utf8("c"))]), spki, attrs)
        return seq(info, sig_e, bits(KEY.sign(info)))

    tests.append(t("csr-version-1", "RFC 2986 4.1", "CertificationRequestInfo version 1", csr(version=integer(1)), "invalid", flags=["csr"]))
    tests.append(t("csr-attribute-empty-set", "RFC 2986 4.1", "attribute with an empty values SET",
                   csr(attrs=ctx(0, seq(oid("1.2.840.113549.1.9.7"), set_()))), "invalid", flags=["csr"]))
    tests.append(t("csr-extension-request-duplicate", "RFC 5280 4.2", "extensionRequest holding basicConstraints twice",
                   csr(attrs=ctx(0, seq(oid("1.2.840.113549.1.9.14"), set_(seq(BC_LEAF, BC_LEAF))))), "invalid", flags=["csr"]))
    return tests


def write(suite, name_, source, tests):
    doc = {"suite": suite, "recommendation": REC, "source": source, "runner": "x509-parse", "tests": tests}
    with open(os.path.join(OUT, name_), "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{name_}: {len(tests)} tests")


def main():
    key_path = os.path.join(os.path.dirname(__file__), "rsa2048-test-key.der")
    if not os.path.exists(key_path):
        # A fixed RSA test key so CSRs regenerate identically (PKCS #1 v1.5 signatures are deterministic).
        from cryptography.hazmat.primitives.asymmetric import rsa
        k = rsa.generate_private_key(65537, 2048)
        open(key_path, "wb").write(k.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    write("x509-corpus", "corpus.json", "Debian ca-certificates 20230311+deb12u1 (Mozilla CA store); openssl " + subprocess.run(["openssl", "version"], capture_output=True).stdout.decode().split()[1], corpus_suite())
    write("x509-generated", "generated.json", "vectors/tools/x509/make_vectors.py (DER writer + Ed25519 via pyca cryptography; fields from openssl)", generated_valid_suite())
    write("x509-malformed", "malformed.json", "vectors/tools/x509/make_vectors.py (one broken rule per input, clause by construction)", invalid_suite())
    write("x509-crl-csr", "crl-csr.json", "vectors/tools/x509/make_vectors.py (pyca cryptography " + __import__("cryptography").__version__ + "; fields from openssl)", crl_csr_suite())


if __name__ == "__main__":
    sys.exit(main())
