#!/usr/bin/env python3
"""Extracts x509-limbo's `crl::*` test cases (C2SP/x509-limbo, Apache-2.0; the regenerated
copy described in /work/shared/vectors/x509-limbo/README.md) into
crates/sg17-x509/tests/data/revocation/limbo/<case>/ as DER files for sg17-x509's
`path::revocation` tests.

Run from the repository root:
    python3 vectors/tools/x509/extract_limbo_crl.py [path/to/limbo.json]

Per case: root<i>.der (trusted_certs), leaf.der (peer_certificate), crl<i>.der (crls) and
meta.txt with `expected=` (limbo's expected_result) and `time=` (validation_time, Unix seconds).
PEM is decoded with openssl.
"""

import datetime
import json
import os
import subprocess
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/vectors/x509-limbo/limbo.json"
OUT = os.path.join(os.getcwd(), "crates", "sg17-x509", "tests", "data", "revocation", "limbo")


def der(kind, pem):
    return subprocess.run(["openssl", kind, "-outform", "DER"], input=pem.encode(), capture_output=True,
                          check=True).stdout


def main():
    cases = [t for t in json.load(open(SRC))["testcases"] if t["id"].startswith("crl::")]
    for t in cases:
        d = os.path.join(OUT, t["id"].split("::", 1)[1])
        os.makedirs(d, exist_ok=True)
        assert not t["untrusted_intermediates"], t["id"]
        files = {"leaf.der": der("x509", t["peer_certificate"])}
        for i, c in enumerate(t["trusted_certs"]):
            files[f"root{i}.der"] = der("x509", c)
        for i, c in enumerate(t["crls"]):
            files[f"crl{i}.der"] = der("crl", c)
        for n, b in files.items():
            open(os.path.join(d, n), "wb").write(b)
        when = int(datetime.datetime.fromisoformat(t["validation_time"]).timestamp())
        open(os.path.join(d, "meta.txt"), "w").write(f"expected={t['expected_result']}\ntime={when}\n")
    print(f"extracted {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
