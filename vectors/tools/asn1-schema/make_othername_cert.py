"""A self-signed certificate whose subjectAltName holds an otherName (RFC 5280 4.2.1.6):
the Microsoft UPN type-id 1.3.6.1.4.1.311.20.2.3 with the UTF8String "user@example.com",
made with pyca cryptography (tested with 48.0.0). It exercises RFC 5912's
`otherName [0] INSTANCE OF OTHER-NAME` (X.681 Annex C) in crates/sg17-asn1-schema/tests/rfc5912.rs.

Usage: python3 make_othername_cert.py OUT.der
"""
import datetime
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ObjectIdentifier

# Fixed key material so that reruns differ only in the ECDSA signature.
key = ec.derive_private_key(0x5EED_0001, ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "othername.example")])
upn = b"\x0c\x10user@example.com"  # DER UTF8String, 16 octets
san = x509.SubjectAlternativeName(
    [x509.OtherName(ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), upn), x509.DNSName("othername.example")]
)
t0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
cert = (
    x509.CertificateBuilder()
    .subject_name(name)
    .issuer_name(name)
    .public_key(key.public_key())
    .serial_number(0x0102)
    .not_valid_before(t0)
    .not_valid_after(t0 + datetime.timedelta(days=3650))
    .add_extension(san, critical=False)
    .sign(key, hashes.SHA256())
)
with open(sys.argv[1], "wb") as f:
    f.write(cert.public_bytes(serialization.Encoding.DER))
