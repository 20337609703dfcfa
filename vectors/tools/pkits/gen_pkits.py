#!/usr/bin/env python3
"""Builds vectors/pkits/ (certificates, CRLs and pkits.json) from the NIST PKITS data.

Run from the repository root:

    pip download cryptography-vectors==50.0.2 --no-deps -d /tmp/cv
    (cd /tmp/cv && python3 -m zipfile -e cryptography_vectors-50.0.2-py3-none-any.whl x)
    python3 vectors/tools/pkits/gen_pkits.py \
        --src /tmp/cv/x/cryptography_vectors/x509/PKITS_data --check-smime

Inputs:
  * the PKITS data (certs/*.crt, crls/*.crl, smime/*.eml) as NIST published it in PKITS 1.0.1,
    taken from pyca's cryptography-vectors package;
  * vectors/tools/pkits/pkits-tests.txt: each test's path, CRLs, inputs and expected result as
    the PKITS document states them (see that file's header for where the table comes from).

--check-smime compares each test's path and CRLs with the certificates and CRLs NIST put in the
test's S/MIME message (smime/Signed<Name>.eml), using `openssl`, an independent check of the
table against the data itself.

Only the certificates and CRLs some test names are copied; files are copied unchanged.
"""

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.getcwd()
TABLE = os.path.join(ROOT, "vectors", "tools", "pkits", "pkits-tests.txt")
OUT = os.path.join(ROOT, "vectors", "pkits")

# Validation time: 2011-04-15T00:00:00Z, the PKITS 1.0.1 data's publication date. It lies after
# every thisUpdate in the data (latest 2011-01-01T08:30:00Z, the delta CRLs) and after the two
# notAfter dates of 2011-01-01T08:30:00Z that 4.2.5/4.2.6 expect to have passed, and before the
# notAfter 2030-12-31T08:30:00Z of the other certificates and nextUpdate of the current CRLs.
TIME = 1302825600
TIME_TEXT = "2011-04-15T00:00:00Z"

ANY_POLICY = "2.5.29.32.0"
NIST_POLICY = "2.16.840.1.101.3.2.1.48."

# PKITS section titles (PKITS 4.1-4.16) and the part of the validator each section exercises.
SECTIONS = {
    "4.1": ("Signature Verification", "core"),
    "4.2": ("Validity Periods", "core"),
    "4.3": ("Verifying Name Chaining", "core"),
    "4.4": ("Basic Certificate Revocation Tests", "crl"),
    "4.5": ("Verifying Paths with Self-Issued Certificates", "core+crl"),
    "4.6": ("Verifying Basic Constraints", "core"),
    "4.7": ("Key Usage", "core+crl"),
    "4.8": ("Certificate Policies", "policy"),
    "4.9": ("Require Explicit Policy", "policy"),
    "4.10": ("Policy Mappings", "policy"),
    "4.11": ("Inhibit Policy Mapping", "policy"),
    "4.12": ("Inhibit Any Policy", "policy"),
    "4.13": ("Name Constraints", "name-constraints"),
    "4.14": ("Distribution Points", "crl"),
    "4.15": ("Delta-CRLs", "crl"),
    "4.16": ("Private Certificate Extensions", "core"),
}

# RFC 5280 clause each section tests (the "clause" field of every test in it).
CLAUSES = {
    "4.1": "RFC 5280 6.1.3(a)(1)",
    "4.2": "RFC 5280 6.1.3(a)(2)",
    "4.3": "RFC 5280 6.1.3(a)(4)",
    "4.4": "RFC 5280 6.1.3(a)(3), 6.3",
    "4.5": "RFC 5280 6.1.3(a)(1), 6.3",
    "4.6": "RFC 5280 6.1.4(k)-(m)",
    "4.7": "RFC 5280 6.1.4(n), 6.3.3(f)",
    "4.8": "RFC 5280 6.1.3(d)-(f), 6.1.5(g)",
    "4.9": "RFC 5280 6.1.4(i), 6.1.5(a)(b)",
    "4.10": "RFC 5280 6.1.4(a)(b)",
    "4.11": "RFC 5280 6.1.4(h)(i)",
    "4.12": "RFC 5280 6.1.3(d)(1)(ii), 6.1.4(j)",
    "4.13": "RFC 5280 6.1.3(b)(c), 6.1.4(g)",
    "4.14": "RFC 5280 6.3.3",
    "4.15": "RFC 5280 6.3.3",
    "4.16": "RFC 5280 6.1.4(o), 6.1.5(f)",
}

# Facts about single tests worth carrying into the JSON (from the PKITS document, RFC 5280 and
# the data itself).
NOTES = {
    "4.1.4": "DSA signatures (FIPS 186-2); needs a DSA verifier",
    "4.1.5": "DSA with parameters inherited from the issuer (RFC 3279 2.3.2); needs a DSA verifier",
    "4.1.6": "DSA signature that does not verify; a validator without DSA also rejects it",
    "4.14.30": "PKITS: valid. The CRL issuer's own certificate is covered by the CRL under test "
    "(circular); OpenSSL's pkits-test.pl expects a failure here",
}


# NIST's own S/MIME message for 4.14.18 carries the path of 4.14.19 (onlySomeReasons CA4 and the
# Test19 end entity), so it cannot confirm the table there; the table follows the document.
SMIME_KNOWN_WRONG = {"4.14.18"}


def parse_policies(text):
    if text == "-":
        return []
    out = []
    for p in text.split(","):
        if p == "any":
            out.append(ANY_POLICY)
        else:
            m = re.fullmatch(r"p(\d)", p)
            if not m:
                sys.exit(f"bad policy {p!r}")
            out.append(NIST_POLICY + m.group(1))
    return out


def parse_table():
    tests = []
    with open(TABLE, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = [x.strip() for x in line.split("|")]
            if len(fields) != 6:
                sys.exit(f"{TABLE}:{lineno}: expected 6 fields")
            tid, expected, name, path, crls, settings = fields
            if expected not in ("valid", "invalid"):
                sys.exit(f"{TABLE}:{lineno}: bad expected {expected!r}")
            parts = tid.split(".")
            section = ".".join(parts[:2])
            clause = ".".join(parts[:3])
            path = path.split()
            inputs = {
                "initial_policy_set": [ANY_POLICY],
                "initial_explicit_policy": False,
                "initial_policy_mapping_inhibit": False,
                "initial_any_policy_inhibit": False,
            }
            ucps = [NIST_POLICY + "1"]
            for s in settings.split():
                key, _, val = s.partition("=")
                if key == "policy-set":
                    inputs["initial_policy_set"] = parse_policies(val)
                elif key == "explicit":
                    inputs["initial_explicit_policy"] = True
                elif key == "mapping-inhibit":
                    inputs["initial_policy_mapping_inhibit"] = True
                elif key == "any-inhibit":
                    inputs["initial_any_policy_inhibit"] = True
                elif key == "user-constrained":
                    ucps = parse_policies(val)
                else:
                    sys.exit(f"{TABLE}:{lineno}: unknown setting {s!r}")
            word = name.split()[0]
            # A test whose name says Valid/Invalid must expect that, unless it has subparts (the
            # document runs e.g. "Valid Policy Mapping Test1" with inputs that make it fail).
            if len(parts) == 3 and word in ("Valid", "Invalid") and (word == "Valid") != (expected == "valid"):
                sys.exit(f"{TABLE}:{lineno}: name {name!r} disagrees with {expected}")
            test = {
                "id": tid,
                "clause": clause,
                "section": section,
                "name": name,
                "anchor": path[0] + ".crt",
                "intermediates": [p + ".crt" for p in path[1:-1]],
                "leaf": path[-1] + ".crt",
                "crls": [c + ".crl" for c in crls.split()],
                "inputs": inputs,
                "expected": expected,
                "expected_user_constrained_policy_set": ucps if expected == "valid" else [],
                "rfc5280": CLAUSES[section],
                "area": SECTIONS[section][1],
            }
            if clause in NOTES:
                test["note"] = NOTES[clause]
            tests.append(test)
    return tests


def smime_contents(src, name):
    """DER of the certificates and CRLs in smime/Signed<name>.eml, via openssl."""
    fname = os.path.join(src, "smime", "Signed" + re.sub(r"[ -]", "", name) + ".eml")
    if not os.path.exists(fname):
        return None
    p7 = subprocess.run(
        ["openssl", "smime", "-pk7out", "-in", fname], check=True, capture_output=True
    ).stdout
    pem = subprocess.run(
        ["openssl", "pkcs7", "-print_certs"], input=p7, check=True, capture_output=True
    ).stdout.decode()
    ders = set()
    for kind, body in re.findall(r"-----BEGIN (CERTIFICATE|X509 CRL)-----(.*?)-----END", pem, re.S):
        ders.add((kind, base64.b64decode("".join(body.split()))))
    return ders


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True, help="the PKITS_data directory")
    ap.add_argument("--version", default="50.0.2", help="cryptography-vectors version of --src")
    ap.add_argument("--check-smime", action="store_true")
    args = ap.parse_args()

    tests = parse_table()
    ids = [t["id"] for t in tests]
    if len(set(ids)) != len(ids):
        sys.exit("duplicate test ids")

    certs = sorted({f for t in tests for f in [t["anchor"], t["leaf"], *t["intermediates"]]})
    crls = sorted({f for t in tests for f in t["crls"]})
    for d, names in (("certs", certs), ("crls", crls)):
        os.makedirs(os.path.join(OUT, d), exist_ok=True)
        for n in names:
            shutil.copyfile(os.path.join(args.src, d, n), os.path.join(OUT, d, n))

    if args.check_smime:
        checked = mismatched = 0
        for t in tests:
            got = smime_contents(args.src, t["name"])
            if got is None:
                continue
            want = set()
            for f in [t["leaf"], *t["intermediates"]]:
                want.add(("CERTIFICATE", open(os.path.join(args.src, "certs", f), "rb").read()))
            for f in t["crls"]:
                want.add(("X509 CRL", open(os.path.join(args.src, "crls", f), "rb").read()))
            if t["id"] in SMIME_KNOWN_WRONG:
                if got == want:
                    sys.exit(f"{t['id']}: S/MIME now agrees; drop it from SMIME_KNOWN_WRONG")
                print(f"smime known wrong (skipped): {t['id']}", file=sys.stderr)
                continue
            checked += 1
            if got != want:
                mismatched += 1
                print(f"smime mismatch: {t['id']} {t['name']}", file=sys.stderr)
        print(f"smime check: {checked} tests compared, {mismatched} differ, {len(SMIME_KNOWN_WRONG)} known wrong", file=sys.stderr)
        if mismatched:
            sys.exit(1)

    def sha256(d, n):
        return hashlib.sha256(open(os.path.join(OUT, d, n), "rb").read()).hexdigest()

    doc = {
        "description": "NIST PKITS 1.0.1 section 4 path validation tests (see README.md)",
        "source": {
            "suite": "NIST Public Key Interoperability Test Suite (PKITS), Certification Path "
            "Validation, version 1.0.1",
            "data": f"cryptography-vectors {args.version} (PyPI), cryptography_vectors/x509/PKITS_data",
            "table": "vectors/tools/pkits/pkits-tests.txt",
        },
        "validation_time": TIME,
        "validation_time_text": TIME_TEXT,
        "policy_names": {f"NIST-test-policy-{i}": NIST_POLICY + str(i) for i in range(1, 7)}
        | {"anyPolicy": ANY_POLICY},
        "sections": {k: {"title": v[0], "area": v[1]} for k, v in SECTIONS.items()},
        "tests": tests,
        "files": {
            "certs": {n: sha256("certs", n) for n in certs},
            "crls": {n: sha256("crls", n) for n in crls},
        },
    }
    with open(os.path.join(OUT, "pkits.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"{len(tests)} tests, {len(certs)} certificates, {len(crls)} CRLs", file=sys.stderr)


if __name__ == "__main__":
    main()
