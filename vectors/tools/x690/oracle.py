"""Independent oracles for the X.690 conformance vectors.

Nothing here uses sg17. Expected values of valid tests are produced as follows:

* structure (tag class and number, primitive/constructed, nesting, extent of each
  element, including indefinite lengths) comes from OpenSSL's `openssl asn1parse`;
* the value of each universal primitive type (and of BER constructed strings) comes
  from pyasn1's BER decoder (`pyasn1.codec.ber.decoder`), converted to the JSON shape of
  `sg17_asn1::Value::to_json` (documented in vectors/README.md);
* GeneralizedTime's `iso` rendering is computed with Python's standard `datetime` and
  `decimal` modules from the string pyasn1 returned.

Where a value cannot come from these tools, the generator passes the value from the
specification text and flags the test `expected-from-spec`.
"""

import datetime
import re
import subprocess
import tempfile
from decimal import Decimal
from fractions import Fraction

import pyasn1
from pyasn1.codec.ber import decoder as ber_decoder
from pyasn1.type import char, univ, useful


def tool_versions():
    """Versions of the oracles, recorded in each file's `source`."""
    ossl = subprocess.run(["openssl", "version"], capture_output=True, text=True, check=True).stdout.strip()
    ossl = " ".join(ossl.split()[:2])  # "OpenSSL 3.0.x"
    return {"pyasn1": pyasn1.__version__, "openssl": ossl}


class OracleError(Exception):
    """An oracle could not produce a value; the generator must then use the spec."""


# ---------------------------------------------------------------------------------------
# OpenSSL asn1parse: structure.

_LINE = re.compile(r"^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(inf|\d+)\s+(prim|cons):\s*(.*)$")

# OpenSSL's names for universal tags (crypto/asn1/asn1_par.c, ASN1_tag2str).
_OSSL_UNIVERSAL = {
    "EOC": 0, "BOOLEAN": 1, "INTEGER": 2, "BIT STRING": 3, "OCTET STRING": 4, "NULL": 5,
    "OBJECT": 6, "OBJECT DESCRIPTOR": 7, "EXTERNAL": 8, "REAL": 9, "ENUMERATED": 10,
    "UTF8STRING": 12, "SEQUENCE": 16, "SET": 17, "NUMERICSTRING": 18, "PRINTABLESTRING": 19,
    "T61STRING": 20, "VIDEOTEXSTRING": 21, "IA5STRING": 22, "UTCTIME": 23,
    "GENERALIZEDTIME": 24, "GRAPHICSTRING": 25, "VISIBLESTRING": 26, "GENERALSTRING": 27,
    "UNIVERSALSTRING": 28, "BMPSTRING": 30,
}
_CLASS = {"appl": "APPLICATION", "cont": "CONTEXT", "priv": "PRIVATE"}

# X.680 names of universal types, as sg17's JSON `type` field spells them.
UNIVERSAL_NAMES = {
    1: "BOOLEAN", 2: "INTEGER", 3: "BIT STRING", 4: "OCTET STRING", 5: "NULL",
    6: "OBJECT IDENTIFIER", 7: "ObjectDescriptor", 8: "EXTERNAL", 9: "REAL", 10: "ENUMERATED",
    11: "EMBEDDED PDV", 12: "UTF8String", 13: "RELATIVE-OID", 14: "TIME", 16: "SEQUENCE",
    17: "SET", 18: "NumericString", 19: "PrintableString", 20: "TeletexString",
    21: "VideotexString", 22: "IA5String", 23: "UTCTime", 24: "GeneralizedTime",
    25: "GraphicString", 26: "VisibleString", 27: "GeneralString", 28: "UniversalString",
    29: "CHARACTER STRING", 30: "BMPString", 31: "DATE", 32: "TIME-OF-DAY", 33: "DATE-TIME",
    34: "DURATION", 35: "OID-IRI", 36: "RELATIVE-OID-IRI",
}
STRING_TAGS = {4, 3, 7, 12, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30}


class Node:
    def __init__(self, off, depth, hl, length, cons, cls, num):
        self.off, self.depth, self.hl, self.length = off, depth, hl, length
        self.cons, self.cls, self.num = cons, cls, num
        self.children = []
        self.end = None

    @property
    def is_eoc(self):
        return self.cls == "UNIVERSAL" and self.num == 0


def _tag_of(name):
    m = re.match(r"^(appl|cont|priv) \[\s*(\d+)\s*\]", name)
    if m:
        return _CLASS[m.group(1)], int(m.group(2))
    m = re.match(r"^<ASN1 (\d+)>", name)
    if m:
        return "UNIVERSAL", int(m.group(1))
    base = name.split(":")[0].replace("[HEX DUMP]", "").strip()
    if base not in _OSSL_UNIVERSAL:
        raise OracleError(f"unknown openssl tag name {name!r}")
    return "UNIVERSAL", _OSSL_UNIVERSAL[base]


def openssl_tree(data):
    """Parses `data` with `openssl asn1parse -inform DER -i`; returns the root Node."""
    with tempfile.NamedTemporaryFile(suffix=".ber") as f:
        f.write(data)
        f.flush()
        p = subprocess.run(["openssl", "asn1parse", "-inform", "DER", "-i", "-in", f.name],
                           capture_output=True, text=True, encoding="latin-1")
    if p.returncode != 0 or "Error" in p.stdout:
        raise OracleError(f"openssl asn1parse failed: {(p.stdout + p.stderr).strip()[:200]}")
    nodes = []
    for line in p.stdout.splitlines():
        m = _LINE.match(line)
        if not m:
            continue  # continuation of a printed string value that contained a line break
        off, depth, hl, length, form, name = m.groups()
        cls, num = _tag_of(name.strip())
        nodes.append(Node(int(off), int(depth), int(hl), None if length == "inf" else int(length),
                          form == "cons", cls, num))
    if not nodes or nodes[0].depth != 0:
        raise OracleError("openssl produced no top-level element")
    stack = []
    for n in nodes:
        while stack and stack[-1].depth >= n.depth:
            stack.pop()
        if stack:
            stack[-1].children.append(n)
        elif n is not nodes[0]:
            raise OracleError("more than one top-level element")
        stack.append(n)

    def extent(n):
        for c in n.children:
            extent(c)
        if n.length is not None:
            n.end = n.off + n.hl + n.length
        else:
            if not n.children or not n.children[-1].is_eoc:
                raise OracleError("indefinite length without end-of-contents")
            n.end = n.children[-1].off + 2
    extent(nodes[0])
    if nodes[0].end != len(data):
        raise OracleError("openssl's top-level element does not span the input")
    return nodes[0]


def type_name(cls, num):
    if cls == "UNIVERSAL":
        return UNIVERSAL_NAMES.get(num, f"[UNIVERSAL {num}]")
    if cls == "CONTEXT":
        return f"[{num}]"
    return f"[{cls} {num}]"


# ---------------------------------------------------------------------------------------
# pyasn1: values.

_TEXT_TYPES = [
    (char.UTF8String, "UTF8String"), (char.NumericString, "NumericString"),
    (char.PrintableString, "PrintableString"), (char.IA5String, "IA5String"),
    (char.VisibleString, "VisibleString"), (char.UniversalString, "UniversalString"),
    (char.BMPString, "BMPString"),
]
# ISO 2022 types: sg17 reports only the octets.
_OCTET_TYPES = [
    (useful.ObjectDescriptor, "ObjectDescriptor"), (char.TeletexString, "TeletexString"),
    (char.VideotexString, "VideotexString"), (char.GraphicString, "GraphicString"),
    (char.GeneralString, "GeneralString"),
]
_PYASN1_BY_TAG = {7: useful.ObjectDescriptor, 12: char.UTF8String, 18: char.NumericString,
                  19: char.PrintableString, 20: char.TeletexString, 21: char.VideotexString,
                  22: char.IA5String, 23: useful.UTCTime, 24: useful.GeneralizedTime,
                  25: char.GraphicString, 26: char.VisibleString, 27: char.GeneralString,
                  28: char.UniversalString, 30: char.BMPString}


def generalized_iso(text):
    """ISO 8601 rendering `YYYY-MM-DDThh:mm:ss[.f][Z|+hh:mm]` of a GeneralizedTime string,
    computed with Python's datetime/decimal (X.680 46.3: a fraction applies to the last
    unit present: hour, minute or second)."""
    m = re.fullmatch(r"(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)?(\d\d)?(?:[.,](\d+))?(Z|[+-]\d\d(?:\d\d)?)?", text)
    if not m:
        raise OracleError(f"not a GeneralizedTime: {text}")
    y, mo, d, h, mi, s, frac, zone = m.groups()
    base = datetime.datetime(int(y), int(mo), int(d), int(h), int(mi or 0), int(s or 0))
    if frac is None:
        out, frac_digits = base, ""
    elif s is not None:
        out, frac_digits = base, frac
    else:
        unit = 60 if mi is not None else 3600
        extra = Decimal("0." + frac) * unit  # seconds, exact
        whole = int(extra)
        out = base + datetime.timedelta(seconds=whole)
        frac_digits = format(extra - whole, "f")[2:].rstrip("0") if extra != whole else ""
    iso = out.strftime("%Y-%m-%dT%H:%M:%S") if out.year >= 1000 else None
    if iso is None:
        raise OracleError("year below 1000")
    if frac_digits:
        iso += "." + frac_digits
    if zone == "Z" or (zone and int(zone[1:]) == 0):
        iso += "Z"  # README: a zero differential is rendered as Z
    elif zone:
        iso += f"{zone[0]}{zone[1:3]}:{zone[3:5] or '00'}"
    return iso


def pyasn1_json(v):
    """Converts a pyasn1 value into sg17's JSON shape."""
    if isinstance(v, useful.UTCTime):
        v.asDateTime  # pyasn1 validates the calendar fields (raises otherwise)
        return {"type": "UTCTime", "value": str(v)}
    if isinstance(v, useful.GeneralizedTime):
        return {"type": "GeneralizedTime", "value": str(v), "iso": generalized_iso(str(v))}
    for cls, name in _OCTET_TYPES:
        if isinstance(v, cls):
            return {"type": name, "hex": v.asOctets().hex()}
    for cls, name in _TEXT_TYPES:
        if isinstance(v, cls):
            return {"type": name, "value": str(v), "hex": v.asOctets().hex()}
    if isinstance(v, univ.Boolean):
        return {"type": "BOOLEAN", "value": bool(v)}
    # pyasn1 decodes ENUMERATED schema-less as an Integer carrying tag [UNIVERSAL 10].
    if isinstance(v, univ.Enumerated) or (isinstance(v, univ.Integer) and v.tagSet == univ.Enumerated.tagSet):
        return {"type": "ENUMERATED", "value": str(int(v))}
    if isinstance(v, univ.Integer):
        return {"type": "INTEGER", "value": str(int(v))}
    if isinstance(v, univ.BitString):
        # pyasn1's asOctets() right-aligns a partial last octet; X.690 8.6.2.1 puts the leading
        # bit in bit 8 of the first octet, so the octets are rebuilt from pyasn1's bits.
        bits = "".join(str(b) for b in v)
        padded = bits + "0" * ((-len(bits)) % 8)
        octets = bytes(int(padded[i:i + 8], 2) for i in range(0, len(padded), 8))
        return {"type": "BIT STRING", "bits": bits, "hex": octets.hex(), "unused": (-len(bits)) % 8}
    if isinstance(v, univ.Null):  # before OctetString: pyasn1's Null subclasses it
        return {"type": "NULL"}
    if isinstance(v, univ.OctetString):
        return {"type": "OCTET STRING", "hex": v.asOctets().hex()}
    if isinstance(v, univ.ObjectIdentifier):
        return {"type": "OBJECT IDENTIFIER", "value": str(v)}
    if isinstance(v, univ.RelativeOID):
        return {"type": "RELATIVE-OID", "value": str(v)}
    if isinstance(v, univ.Real):
        if v.isPlusInf:
            return {"type": "REAL", "value": "PLUS-INFINITY"}
        if v.isMinusInf:
            return {"type": "REAL", "value": "MINUS-INFINITY"}
        # pyasn1 holds (mantissa, base, exponent); Fraction makes the f64 correctly rounded.
        m, b, e = tuple(v)
        return {"type": "REAL", "value": float(Fraction(m) * Fraction(b) ** e)}
    raise OracleError(f"no JSON mapping for pyasn1 type {type(v).__name__}")


def pyasn1_leaf(raw, num, constructed):
    """Decodes one complete TLV of a universal non-structured type with pyasn1."""
    used = ["pyasn1"]
    try:
        v, rest = ber_decoder.decode(raw)
    except Exception as e:  # noqa: BLE001 - any pyasn1 failure means "no oracle value"
        if not (constructed and num in _PYASN1_BY_TAG):
            raise OracleError(f"pyasn1: {e}") from e
        # pyasn1 expects a constructed character string's segments to carry the string's own
        # tag, whereas X.690 8.23.5 encodes them as OCTET STRING segments: decode the same
        # octets as a constructed OCTET STRING, then the joined octets as the string type.
        octets, rest = ber_decoder.decode(b"\x24" + raw[1:])
        v = _PYASN1_BY_TAG[num](octets.asOctets())
        used = ["pyasn1", "pyasn1-via-octet-string"]
    if rest:
        raise OracleError("pyasn1 left trailing octets")
    return pyasn1_json(v), used


def expected_value(data):
    """The expected sg17 JSON for a valid encoding, and the oracles used."""
    root = openssl_tree(data)
    used = {"openssl-asn1parse"}

    def conv(n):
        name = type_name(n.cls, n.num)
        items = [c for c in n.children if not c.is_eoc]
        if n.cls == "UNIVERSAL" and n.num in (16, 17):
            return {"type": name, "items": [conv(c) for c in items]}
        if n.cls == "UNIVERSAL" and (n.num in STRING_TAGS or (not n.cons and n.num in (1, 2, 5, 6, 9, 10, 13))):
            j, u = pyasn1_leaf(data[n.off:n.end], n.num, n.cons)
            used.update(u)
            if j["type"] != name:
                raise OracleError(f"openssl says {name}, pyasn1 says {j['type']}")
            return j
        if n.cons:
            return {"type": name, "constructed": True, "items": [conv(c) for c in items]}
        if n.cls != "UNIVERSAL":
            return {"type": name, "hex": data[n.off + n.hl:n.end].hex()}
        raise OracleError(f"no oracle for primitive {name}")

    return conv(root), sorted(used)
