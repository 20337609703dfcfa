#!/usr/bin/env python3
"""Generates signed certificates, CSRs and a CRL for the signature algorithms sg17-x509's
RustCrypto backend gained in issue 3 (ECDSA P-521, Ed448, DSA), into
crates/sg17-x509/tests/data/sigalgs/.

Run from the repository root:  python3 vectors/tools/x509/make_sigalgs.py

Tool: pyca ``cryptography`` builds and signs every file. Keys and ECDSA/DSA nonces are fresh
random values, so each run writes different bytes; the committed files are one run's output.
Each file is then checked with OpenSSL (the independent oracle the Rust tests cite):
certificates with ``openssl verify -check_ss_sig`` (self-signed, so the signature is checked
with the certificate's own key), CSRs with ``openssl req -verify`` and the CRL with
``openssl crl -CAfile``. The script stops if OpenSSL rejects one.

Files (all self-signed with the key in the file, except the CRL, signed by p521-sha512.der's key):
  p521-sha512.der, p521-sha384.der, p521-sha256.der  ECDSA P-521 (RFC 5758 3.2, RFC 5480)
  p521-sha512.csr.der, p521-sha512.crl.der
  ed448.der, ed448.csr.der                            Ed448 (RFC 8410 3, RFC 8032 5.2)
  dsa2048-sha256.der, dsa2048-sha256.csr.der         DSA 2048/256 with SHA-256 (RFC 5758 3.1)
DSA with SHA-1 (RFC 3279 2.2.2) is not generated: ``cryptography`` refuses to sign with SHA-1;
the NIST PKITS DSA certificates (vectors/pkits, 1024/160 with SHA-1) cover it.
"""

import datetime
import os
import subprocess
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448
from cryptography.x509.oid import NameOID

OUT = os.path.join(os.getcwd(), "crates", "sg17-x509", "tests", "data", "sigalgs")
UTC = datetime.timezone.utc
NOT_BEFORE = datetime.datetime(2025, 1, 1, tzinfo=UTC)
NOT_AFTER = datetime.datetime(2035, 1, 1, tzinfo=UTC)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "sg17 test"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def self_signed(key, cn, hash_alg, serial):
    b = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(name(cn))
         .public_key(key.public_key()).serial_number(serial)
         .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
         .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    return b.sign(key, hash_alg).public_bytes(serialization.Encoding.DER)


def csr(key, cn, hash_alg):
    b = (x509.CertificateSigningRequestBuilder().subject_name(name(cn))
         .add_extension(x509.SubjectAlternativeName([x509.DNSName(f"{cn}.example")]), critical=False))
    return b.sign(key, hash_alg).public_bytes(serialization.Encoding.DER)


def crl(key, cn, hash_alg):
    b = (x509.CertificateRevocationListBuilder().issuer_name(name(cn))
         .last_update(datetime.datetime(2025, 6, 1, tzinfo=UTC))
         .next_update(datetime.datetime(2025, 7, 1, tzinfo=UTC))
         .add_extension(x509.CRLNumber(1), critical=False)
         .add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(77)
                                  .revocation_date(datetime.datetime(2025, 5, 1, tzinfo=UTC)).build()))
    return b.sign(key, hash_alg).public_bytes(serialization.Encoding.DER)


def openssl(*args):
    r = subprocess.run(["openssl", *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"openssl {' '.join(args)} failed:\n{r.stdout}{r.stderr}")
    return r.stdout + r.stderr


def check(files, crl_issuer):
    with tempfile.TemporaryDirectory() as tmp:
        for f, kind in files:
            path = os.path.join(OUT, f)
            if kind == "cert":
                pem = os.path.join(tmp, f + ".pem")
                openssl("x509", "-inform", "DER", "-in", path, "-out", pem)
                # auth_level 0: SHA-1 and 2048-bit DSA are below OpenSSL's default level for chains.
                out = openssl("verify", "-auth_level", "0", "-check_ss_sig", "-CAfile", pem, pem)
            elif kind == "csr":
                out = openssl("req", "-inform", "DER", "-in", path, "-verify", "-noout")
            else:
                pem = os.path.join(tmp, "issuer.pem")
                openssl("x509", "-inform", "DER", "-in", os.path.join(OUT, crl_issuer), "-out", pem)
                out = openssl("crl", "-inform", "DER", "-in", path, "-CAfile", pem, "-noout")
            print(f"openssl {kind:4} {f}: {out.strip().splitlines()[-1]}")


def main():
    os.makedirs(OUT, exist_ok=True)
    p521 = ec.generate_private_key(ec.SECP521R1())
    e448 = ed448.Ed448PrivateKey.generate()
    d2048 = dsa.generate_private_key(2048)
    files = {
        "p521-sha512.der": (self_signed(p521, "P-521 SHA-512", hashes.SHA512(), 1), "cert"),
        "p521-sha384.der": (self_signed(p521, "P-521 SHA-384", hashes.SHA384(), 2), "cert"),
        "p521-sha256.der": (self_signed(p521, "P-521 SHA-256", hashes.SHA256(), 3), "cert"),
        "p521-sha512.csr.der": (csr(p521, "p521", hashes.SHA512()), "csr"),
        "p521-sha512.crl.der": (crl(p521, "P-521 SHA-512", hashes.SHA512()), "crl"),
        "ed448.der": (self_signed(e448, "Ed448", None, 4), "cert"),
        "ed448.csr.der": (csr(e448, "ed448", None), "csr"),
        "dsa2048-sha256.der": (self_signed(d2048, "DSA SHA-256", hashes.SHA256(), 5), "cert"),
        "dsa2048-sha256.csr.der": (csr(d2048, "dsa", hashes.SHA256()), "csr"),
    }
    for f, (der, _) in files.items():
        open(os.path.join(OUT, f), "wb").write(der)
    check([(f, kind) for f, (_, kind) in files.items()], "p521-sha512.der")
    print(f"wrote {len(files)} files to {OUT}")


if __name__ == "__main__":
    main()
