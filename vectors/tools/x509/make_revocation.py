#!/usr/bin/env python3
"""Generates the CRL revocation-checking vectors (RFC 5280 6.3) for sg17-x509's
`path::revocation` tests, in crates/sg17-x509/tests/data/revocation/gen/.

Run from the repository root:  python3 vectors/tools/x509/make_revocation.py

Tool: pyca ``cryptography`` builds and signs every certificate and CRL (Ed25519 keys derived
from fixed seeds, so the output is reproducible). The expected verdicts are stated in the
Rust tests from the RFC 5280 clauses each file exercises; this script only says what each file
contains. Validation time used by the tests: 2026-01-01T00:00:00Z (1767225600).
"""

import datetime
import hashlib
import os

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import NameOID, ObjectIdentifier

OUT = os.path.join(os.getcwd(), "crates", "sg17-x509", "tests", "data", "revocation", "gen")
UTC = datetime.timezone.utc
NOT_BEFORE = datetime.datetime(2025, 1, 1, tzinfo=UTC)
NOT_AFTER = datetime.datetime(2030, 1, 1, tzinfo=UTC)
THIS_UPDATE = datetime.datetime(2025, 12, 1, tzinfo=UTC)
NEXT_UPDATE = datetime.datetime(2026, 2, 1, tzinfo=UTC)
REVOKED_AT = datetime.datetime(2025, 11, 1, tzinfo=UTC)


def key(label):
    seed = hashlib.sha256(b"sg17 revocation vectors: " + label.encode()).digest()
    return ed25519.Ed25519PrivateKey.from_private_bytes(seed)


def name(*cns):
    return x509.Name([x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, c)]) for c in cns])


def ski(k):
    return x509.SubjectKeyIdentifier.from_public_key(k.public_key())


def cert(subject, subject_key, issuer, issuer_key, serial, ca=False, ku=None, dps=None):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
         .public_key(subject_key.public_key()).serial_number(serial)
         .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
         .add_extension(ski(subject_key), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False))
    if ku is not None:
        b = b.add_extension(ku, critical=True)
    if dps is not None:
        b = b.add_extension(x509.CRLDistributionPoints(dps), critical=False)
    return b.sign(issuer_key, None)


def ku(cert_sign=False, crl_sign=False, digital_signature=False):
    return x509.KeyUsage(digital_signature=digital_signature, content_commitment=False, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=cert_sign, crl_sign=crl_sign,
                         encipher_only=False, decipher_only=False)


def entry(serial, reason=None, cert_issuer=None, extra=None):
    b = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(REVOKED_AT)
    if reason is not None:
        b = b.add_extension(x509.CRLReason(reason), critical=False)
    if cert_issuer is not None:
        b = b.add_extension(x509.CertificateIssuer([x509.DirectoryName(cert_issuer)]), critical=True)
    for ext, crit in extra or []:
        b = b.add_extension(ext, critical=crit)
    return b.build()


def crl(issuer, issuer_key, entries, number=10, this=THIS_UPDATE, nxt=NEXT_UPDATE, idp=None, delta_base=None,
        extra=None, with_number=True):
    b = (x509.CertificateRevocationListBuilder().issuer_name(issuer).last_update(this).next_update(nxt)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False))
    if with_number:
        b = b.add_extension(x509.CRLNumber(number), critical=False)
    if delta_base is not None:
        b = b.add_extension(x509.DeltaCRLIndicator(delta_base), critical=True)
    if idp is not None:
        b = b.add_extension(idp, critical=True)
    for ext, crit in extra or []:
        b = b.add_extension(ext, critical=crit)
    for e in entries:
        b = b.add_revoked_certificate(e)
    return b.sign(issuer_key, None)


def idp(full=None, relative=None, user=False, ca=False, reasons=None, indirect=False):
    return x509.IssuingDistributionPoint(full_name=full, relative_name=relative, only_contains_user_certs=user,
                                         only_contains_ca_certs=ca, only_some_reasons=reasons,
                                         indirect_crl=indirect, only_contains_attribute_certs=False)


def uri(u):
    return [x509.UniformResourceIdentifier(u)]


R = x509.ReasonFlags


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {}

    def put(n, obj):
        files[n] = obj.public_bytes(serialization.Encoding.DER)

    ca_n, ca_k = name("sg17 Test CA"), key("ca")
    other_n, other_k = name("sg17 Other CA"), key("other")
    root_n, root_k = name("sg17 Root"), key("root")
    ca = cert(ca_n, ca_k, root_n, root_k, 0x100, ca=True, ku=ku(cert_sign=True, crl_sign=True))
    put("ca.der", ca)
    put("other-ca.der", cert(other_n, other_k, root_n, root_k, 0x101, ca=True, ku=ku(cert_sign=True, crl_sign=True)))
    put("root.der", x509.CertificateBuilder().subject_name(root_n).issuer_name(root_n)
        .public_key(root_k.public_key()).serial_number(1).not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(ku(cert_sign=True, crl_sign=True), critical=True)
        .add_extension(ski(root_k), critical=False).sign(root_k, None))
    leaf_k = key("leaf")

    def leaf(serial, dps=None, issuer=(ca_n, ca_k), ca_flag=False):
        return cert(name(f"leaf {serial:#x}"), leaf_k, issuer[0], issuer[1], serial, ca=ca_flag, dps=dps)

    # Plain leaves of the Test CA.
    for s, n in [(0x1001, "revoked"), (0x1002, "good"), (0x1003, "hold"), (0x1004, "removed"),
                 (0x1005, "delta-revoked")]:
        put(f"leaf-{n}.der", leaf(s))
    put("subca.der", leaf(0x2001, ca_flag=True))

    # Complete CRL number 10 and a delta (base 10, number 11).
    put("crl-complete.der", crl(ca_n, ca_k, [entry(0x1001, R.key_compromise), entry(0x1003, R.certificate_hold),
                                            entry(0x1004, R.certificate_hold)]))
    put("crl-delta.der", crl(ca_n, ca_k, [entry(0x1004, R.remove_from_crl), entry(0x1005, R.key_compromise)],
                             number=11, delta_base=10))
    # A delta whose base (12) is newer than the complete CRL: not usable with it (5.2.4).
    put("crl-delta-newer-base.der", crl(ca_n, ca_k, [entry(0x1005, R.key_compromise)], number=13, delta_base=12))
    put("crl-stale.der", crl(ca_n, ca_k, [entry(0x1001, R.key_compromise)],
                             this=datetime.datetime(2025, 11, 15, tzinfo=UTC),
                             nxt=datetime.datetime(2025, 12, 15, tzinfo=UTC)))
    good = files["crl-complete.der"]
    bad = bytearray(good)
    bad[-1] ^= 0x01
    files["crl-bad-signature.der"] = bytes(bad)
    # Same name as the Test CA's, but signed by the Other CA's key.
    put("crl-wrong-key.der", crl(ca_n, other_k, [entry(0x1001, R.key_compromise)]))
    put("crl-other-ca.der", crl(other_n, other_k, [entry(0x1002, R.key_compromise)]))
    put("crl-unknown-critical.der", crl(ca_n, ca_k, [], extra=[
        (x509.UnrecognizedExtension(ObjectIdentifier("1.3.6.1.4.1.55555.1"), b"\x05\x00"), True)]))
    put("crl-entry-unknown-critical.der", crl(ca_n, ca_k, [entry(0x1009, extra=[
        (x509.UnrecognizedExtension(ObjectIdentifier("1.3.6.1.4.1.55555.2"), b"\x05\x00"), True)])]))
    put("crl-no-number.der", crl(ca_n, ca_k, [], with_number=False))

    # keyUsage without cRLSign.
    nocrl_n, nocrl_k = name("sg17 No CRLSign CA"), key("nocrlsign")
    put("ca-nocrlsign.der", cert(nocrl_n, nocrl_k, root_n, root_k, 0x102, ca=True, ku=ku(cert_sign=True)))
    put("leaf-nocrlsign.der", leaf(0x1101, issuer=(nocrl_n, nocrl_k)))
    put("crl-nocrlsign.der", crl(nocrl_n, nocrl_k, []))

    # onlyContainsCACerts / onlyContainsUserCerts (5.2.5); both list 0x1002 and 0x2001.
    put("crl-ca-only.der", crl(ca_n, ca_k, [entry(0x1002), entry(0x2001)], idp=idp(ca=True)))
    put("crl-user-only.der", crl(ca_n, ca_k, [entry(0x1002), entry(0x2001)], idp=idp(user=True)))

    # Distribution point names (4.2.1.13, 5.2.5, 6.3.3(b)(2)(i)).
    dp = lambda u: [x509.DistributionPoint(full_name=uri(u), relative_name=None, reasons=None, crl_issuer=None)]
    put("leaf-dp-a.der", leaf(0x3001, dps=dp("http://crl.example/a.crl")))
    put("crl-idp-a.der", crl(ca_n, ca_k, [], idp=idp(full=uri("http://crl.example/a.crl"))))
    put("crl-idp-b.der", crl(ca_n, ca_k, [entry(0x3001)], idp=idp(full=uri("http://crl.example/b.crl"))))
    part1 = x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, "Partition 1")])
    put("leaf-dp-rel.der", leaf(0x3002, dps=[x509.DistributionPoint(full_name=None, relative_name=part1,
                                                                   reasons=None, crl_issuer=None)]))
    put("crl-idp-rel.der", crl(ca_n, ca_k, [entry(0x3002, R.superseded)], idp=idp(relative=part1)))
    put("crl-idp-rel-full.der", crl(ca_n, ca_k, [entry(0x3002, R.superseded)],
                                    idp=idp(full=[x509.DirectoryName(name("sg17 Test CA", "Partition 1"))])))
    put("crl-idp-rel-other.der", crl(ca_n, ca_k, [entry(0x3002, R.superseded)],
                                     idp=idp(full=[x509.DirectoryName(name("sg17 Test CA", "Partition 2"))])))

    # Reason partitions (onlySomeReasons, 6.3.3(e)): leaf 0x3003 listed nowhere, 0x3004 in part 2.
    put("leaf-dp-p.der", leaf(0x3003, dps=dp("http://crl.example/p.crl")))
    put("leaf-dp-p2.der", leaf(0x3004, dps=dp("http://crl.example/p.crl")))
    p_uri = uri("http://crl.example/p.crl")
    put("crl-part-key.der", crl(ca_n, ca_k, [], idp=idp(full=p_uri, reasons=frozenset(
        [R.key_compromise, R.ca_compromise]))))
    put("crl-part-other.der", crl(ca_n, ca_k, [entry(0x3004, R.superseded)], idp=idp(full=p_uri, reasons=frozenset(
        [R.affiliation_changed, R.superseded, R.cessation_of_operation, R.certificate_hold,
         R.privilege_withdrawn, R.aa_compromise]))))

    # Separate certificate and CRL keys (PKITS 4.4.19-21 layout): the Root issues the Split CA
    # (certificate key) and a CRL signing certificate of the same name with another key.
    split_n, split_k, split_crl_k = name("sg17 Split CA"), key("split"), key("split-crl")
    put("split-ca.der", cert(split_n, split_k, root_n, root_k, 0x200, ca=True, ku=ku(cert_sign=True)))
    put("split-crl-signer.der", cert(split_n, split_crl_k, root_n, root_k, 0x201, ku=ku(crl_sign=True)))
    put("leaf-split.der", leaf(0x4001, issuer=(split_n, split_k)))
    put("leaf-split-good.der", leaf(0x4002, issuer=(split_n, split_k)))
    put("crl-split.der", crl(split_n, split_crl_k, [entry(0x4001, R.key_compromise)]))
    put("crl-root.der", crl(root_n, root_k, []))
    put("crl-root-revokes-signer.der", crl(root_n, root_k, [entry(0x201, R.key_compromise)], number=11))

    # Indirect CRL (5.2.5 indirectCRL, 5.3.3 certificateIssuer): the CRL issuer's certificate is
    # issued by the Test CA; entries inherit the previous entry's certificateIssuer.
    ind_n, ind_k = name("sg17 Indirect CRL Issuer"), key("indirect")
    put("indirect-signer.der", cert(ind_n, ind_k, ca_n, ca_k, 0x500, ku=ku(crl_sign=True)))
    ind_dp = [x509.DistributionPoint(full_name=None, relative_name=None, reasons=None,
                                     crl_issuer=[x509.DirectoryName(ind_n)])]
    for s in (0x5001, 0x5003, 0x5004):
        put(f"leaf-indirect-{s:x}.der", leaf(s, dps=ind_dp))
    put("crl-indirect.der", crl(ind_n, ind_k, [entry(0x5001, R.key_compromise, cert_issuer=other_n), entry(0x5003),
                                              entry(0x5002, R.key_compromise, cert_issuer=ca_n), entry(0x5004)],
                                idp=idp(indirect=True)))
    # The same entries in a CRL without indirectCRL: the DP's cRLIssuer does not apply (6.3.3(b)(1)).
    put("crl-indirect-flag-missing.der", crl(ind_n, ind_k, [entry(0x5004)]))

    for n, der in sorted(files.items()):
        with open(os.path.join(OUT, n), "wb") as f:
            f.write(der)
    print(f"wrote {len(files)} files to {OUT}")


if __name__ == "__main__":
    main()
