"""Regenerates the name-constraint / peer-name test certificates with pyca/cryptography
(an independent encoder). Run: python3 make.py (writes *.der here). The keys are
throw-away; the tests only read names and extensions."""
import datetime
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

KEY = ec.generate_private_key(ec.SECP256R1())
NOW = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)


def name(*attrs):
    return x509.Name([x509.NameAttribute(oid, v) for oid, v in attrs])


CA_NAME = name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example"), (NameOID.COMMON_NAME, "NC CA"))


def cert(path, subject, extensions, ca=False):
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(CA_NAME)
        .public_key(KEY.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW)
        .not_valid_after(NOW + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    for ext, crit in extensions:
        b = b.add_extension(ext, critical=crit)
    with open(path, "wb") as f:
        f.write(b.sign(KEY, hashes.SHA256()).public_bytes(encoding=__import__("cryptography.hazmat.primitives.serialization", fromlist=["Encoding"]).Encoding.DER))


# CA carrying nameConstraints (RFC 5280 4.2.1.10).
cert(
    "ca_nc.der",
    CA_NAME,
    [
        (
            x509.NameConstraints(
                permitted_subtrees=[
                    x509.DNSName("example.com"),
                    x509.IPAddress(ipaddress.IPv4Network("192.0.2.0/24")),
                    x509.IPAddress(ipaddress.IPv6Network("2001:db8::/32")),
                    x509.RFC822Name("example.com"),
                    x509.UniformResourceIdentifier(".example.com"),
                    x509.DirectoryName(name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example"))),
                ],
                excluded_subtrees=[x509.DNSName("bad.sub.example.com")],
            ),
            True,
        )
    ],
    ca=True,
)

# Leaf whose every name lies inside ca_nc's permitted subtrees.
cert(
    "leaf_ok.der",
    name(
        (NameOID.COUNTRY_NAME, "US"),
        (NameOID.ORGANIZATION_NAME, "example"),
        (NameOID.COMMON_NAME, "foo.example.com"),
        (NameOID.EMAIL_ADDRESS, "alice@example.com"),
    ),
    [
        (
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("foo.example.com"),
                    x509.DNSName("*.example.com"),
                    x509.IPAddress(ipaddress.IPv4Address("192.0.2.1")),
                    x509.IPAddress(ipaddress.IPv6Address("2001:db8::1")),
                    x509.RFC822Name("alice@example.com"),
                    x509.UniformResourceIdentifier("https://www.example.com:8443/path"),
                    x509.DirectoryName(name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example"), (NameOID.COMMON_NAME, "alt"))),
                ]
            ),
            False,
        )
    ],
)

# Leaf with a SAN inside an excluded subtree of ca_nc (bad.sub.example.com).
cert(
    "leaf_excluded.der",
    name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example"), (NameOID.COMMON_NAME, "x")),
    [(x509.SubjectAlternativeName([x509.DNSName("foo.example.com"), x509.DNSName("www.bad.sub.example.com")]), False)],
)

# Leaf whose subject DN lies outside the permitted directoryName C=US,O=Example.
cert(
    "leaf_dn_outside.der",
    name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Other"), (NameOID.COMMON_NAME, "x")),
    [(x509.SubjectAlternativeName([x509.DNSName("foo.example.com")]), False)],
)

# Leaf whose subject emailAddress lies outside the permitted rfc822Name example.com.
cert(
    "leaf_email_dn_outside.der",
    name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example"), (NameOID.EMAIL_ADDRESS, "mallory@example.net")),
    [(x509.SubjectAlternativeName([x509.DNSName("foo.example.com")]), False)],
)

# Leaf without SAN, CN that looks like a DNS name outside example.com.
cert(
    "leaf_cn_only.der",
    name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example"), (NameOID.COMMON_NAME, "www.example.org")),
    [],
)

# Leaf with an otherName SAN (private type-id, as x509-limbo's nc_forbids_othername).
cert(
    "leaf_othername.der",
    name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example")),
    [
        (
            x509.SubjectAlternativeName(
                [x509.DNSName("example.com"), x509.OtherName(x509.ObjectIdentifier("1.3.6.1.4.1.55738.666.3"), b"\x05\x00")]
            ),
            False,
        )
    ],
)

# Leaf with malformed SAN entries (x509-limbo nc_permits_invalid_dns_san / _ip_san).
cert(
    "leaf_malformed_san.der",
    name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example")),
    [
        (
            x509.SubjectAlternativeName(
                [x509.DNSName(".example.com"), x509.IPAddress(ipaddress.IPv4Network("192.0.2.0/24"))]
            ),
            False,
        )
    ],
)

# Leaf without SAN whose subject carries an emailAddress (RFC 8550 3 fallback).
cert(
    "leaf_email_only.der",
    name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example"), (NameOID.EMAIL_ADDRESS, "bob@example.com")),
    [],
)

# Leaf whose only SAN is a dNSName spelling an IPv4 address (RFC 9525 6.4: an IP reference
# is compared with iPAddress entries only).
cert(
    "leaf_ip_as_dns.der",
    name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example"), (NameOID.COMMON_NAME, "192.0.2.7")),
    [(x509.SubjectAlternativeName([x509.DNSName("192.0.2.7")]), False)],
)
