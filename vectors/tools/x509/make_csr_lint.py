#!/usr/bin/env python3
"""Generates PKCS #10 requests with attribute and key problems for sg17-x509's `lint::csr`
tests, into crates/sg17-x509/tests/data/csr-lint/.

Run from the repository root:  python3 vectors/tools/x509/make_csr_lint.py

The certificationRequestInfo is encoded here by hand (RFC 2986 4.1), because pyca
``cryptography``'s builder will not write multi-valued or repeated attributes; pyca
``cryptography`` signs it (RSA PKCS #1 v1.5, RFC 8017 8.2) with the fixed test key
vectors/tools/x509/rsa2048-test-key.der, except rsa1024-sha1 (a fresh 1024-bit key). Every
request is then checked with ``openssl req -verify`` (the signature is valid: the defects are
in the attributes and keys only). The findings each file should produce are stated in the Rust
test from RFC 2986 / RFC 2985 clauses.

Files:
  challenge-multi      challengePassword with two values (RFC 2985 5.4.1: SINGLE VALUE TRUE)
  challenge-ia5        challengePassword as IA5String (RFC 2985 5.4.1: DirectoryString)
  extreq-twice         two extensionRequest attributes (X.501 Attributes: one per type)
  unknown-attr         an attribute of type 1.3.6.1.4.1.55555.1 (unknown to sg17)
  empty-subject        empty subject and no subjectAltName request
  rsa1024-sha1         1024-bit RSA key, sha1WithRSAEncryption
  clean                subject, SAN request, challengePassword as PrintableString, SHA-256
"""

import os
import subprocess

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

OUT = os.path.join(os.getcwd(), "crates", "sg17-x509", "tests", "data", "csr-lint")
KEY = os.path.join(os.getcwd(), "vectors", "tools", "x509", "rsa2048-test-key.der")


def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        return bytes([tag, n]) + body
    ln = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(ln)]) + ln + body


def seq(*xs):
    return tlv(0x30, b"".join(xs))


def set_of(*xs):
    return tlv(0x31, b"".join(sorted(xs)))  # DER SET OF order (X.690 11.6)


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray()
    for a in [arcs[0] * 40 + arcs[1]] + arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, bytes(body))


def printable(s):
    return tlv(0x13, s.encode())


def utf8(s):
    return tlv(0x0C, s.encode())


def ia5(s):
    return tlv(0x16, s.encode())


CHALLENGE = "1.2.840.113549.1.9.7"
EXT_REQ = "1.2.840.113549.1.9.14"


def name(cn):
    if cn is None:
        return seq()
    return seq(set_of(seq(oid("2.5.4.10"), utf8("sg17 test"))), set_of(seq(oid("2.5.4.3"), utf8(cn))))


def san(dns):
    gn = seq(tlv(0x82, dns.encode()))
    return seq(oid("2.5.29.17"), tlv(0x04, gn))


def attr(kind, *values):
    return seq(oid(kind), set_of(*values))


def csr(key, subject, attrs, hash_alg=hashes.SHA256()):
    spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    info = seq(tlv(0x02, b"\x00"), subject, spki, tlv(0xA0, b"".join(sorted(attrs))))
    sig = key.sign(info, padding.PKCS1v15(), hash_alg)
    alg = {"sha256": "1.2.840.113549.1.1.11", "sha1": "1.2.840.113549.1.1.5"}[hash_alg.name]
    return seq(info, seq(oid(alg), tlv(0x05, b"")), tlv(0x03, b"\x00" + sig))


def main():
    os.makedirs(OUT, exist_ok=True)
    key = serialization.load_der_private_key(open(KEY, "rb").read(), None)
    small = rsa.generate_private_key(65537, 1024)
    ext_req = attr(EXT_REQ, seq(san("lint.example")))
    files = {
        "challenge-multi": csr(key, name("multi"), [attr(CHALLENGE, printable("one"), printable("two"))]),
        "challenge-ia5": csr(key, name("ia5"), [attr(CHALLENGE, ia5("secret"))]),
        "extreq-twice": csr(key, name("twice"), [ext_req, attr(EXT_REQ, seq(san("other.example")))]),
        "unknown-attr": csr(key, name("unknown"), [attr("1.3.6.1.4.1.55555.1", utf8("x"))]),
        "empty-subject": csr(key, name(None), [attr(CHALLENGE, printable("secret"))]),
        "rsa1024-sha1": csr(small, name("small"), [ext_req], hashes.SHA1()),
        "clean": csr(key, name("clean"), [ext_req, attr(CHALLENGE, printable("secret"))]),
    }
    for f, der in files.items():
        path = os.path.join(OUT, f + ".csr.der")
        open(path, "wb").write(der)
        r = subprocess.run(["openssl", "req", "-inform", "DER", "-in", path, "-verify", "-noout"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"openssl rejects {f}: {r.stdout}{r.stderr}")
        print(f"openssl req -verify {f}.csr.der: {(r.stdout + r.stderr).strip()}")
    print(f"wrote {len(files)} files to {OUT}")


if __name__ == "__main__":
    main()
