#!/usr/bin/env bash
# Builds seed corpora for the fuzz targets under fuzz/corpus/<target>/ (git-ignored) from
# files already in the repository: the DER certificates of vectors/corpus/ and, when present,
# the hex inputs of the X.690 conformance vectors (vectors/**/*.json, "input" fields).
# Usage: fuzz/seed.sh [TARGET...]   (default: every target)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root="$here/.."
targets=("$@")
# Whether target $1 was asked for (no arguments: every target).
want() { [[ ${#targets[@]} -eq 0 || " ${targets[*]} " == *" $1 "* ]]; }
for t in asn1_ber_decode asn1_der_decode asn1_value_roundtrip asn1_der_differential; do
    want "$t" || continue
    dir="$here/corpus/$t"
    mkdir -p "$dir"
    find "$root/vectors/corpus" -name '*.der' -exec cp -t "$dir" {} +
    if command -v python3 >/dev/null; then
        python3 - "$root/vectors" "$dir" <<'PY'
import json, pathlib, sys, hashlib
vectors, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for f in vectors.rglob("*.json"):
    try:
        doc = json.loads(f.read_text())
    except Exception:
        continue
    for t in doc.get("tests", []) if isinstance(doc, dict) else []:
        h = t.get("input") if isinstance(t, dict) else None
        if not isinstance(h, str):
            continue
        try:
            b = bytes.fromhex(h.replace(" ", ""))
        except ValueError:
            continue
        (out / ("vec-" + hashlib.sha1(b).hexdigest()[:16])).write_bytes(b)
PY
    fi
    echo "$t: $(find "$dir" -type f | wc -l) seeds"
done

# x509_path: length-prefixed (leaf, [CRLs...], anchor) sets from the x509-limbo CRL cases.
dir="$here/corpus/x509_path"
mkdir -p "$dir"
if command -v python3 >/dev/null; then
    python3 - "$root/crates/sg17-x509/tests/data/revocation/limbo" "$dir" <<'PY'
import pathlib, struct, sys
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for case in sorted(p for p in src.iterdir() if p.is_dir()):
    parts = [case / "leaf.der", *sorted(case.glob("crl*.der")), *sorted(case.glob("root*.der"))]
    blob = b"".join(struct.pack(">H", len(b)) + b for b in (p.read_bytes() for p in parts))
    (out / case.name).write_bytes(blob)
PY
fi
echo "x509_path: $(find "$dir" -type f | wc -l) seeds"

# x509_attribute_cert: the bundled RFC 5755 attribute certificates (valid and malformed).
dir="$here/corpus/x509_attribute_cert"
mkdir -p "$dir"
find "$root/vectors/x509/ac" -name 'ac-*.der' -exec cp -t "$dir" {} +
echo "x509_attribute_cert: $(find "$dir" -type f | wc -l) seeds"

# x509_ocsp: the OCSP responses and requests of vectors/ocsp/.
dir="$here/corpus/x509_ocsp"
mkdir -p "$dir"
find "$root/vectors/ocsp" -name '*.der' -exec cp -t "$dir" {} +
echo "x509_ocsp: $(find "$dir" -type f | wc -l) seeds"

# asn1_schema_notation: the shipped ASN.1 modules.
if want asn1_schema_notation; then
    dir="$here/corpus/asn1_schema_notation"
    mkdir -p "$dir"
    cp -t "$dir" "$root"/vectors/asn1-schema/modules/*.asn
    echo "asn1_schema_notation: $(find "$dir" -type f | wc -l) seeds"
fi

# asn1_schema_decode: [rules, module, name length, type name, encoding] from the encodings of
# vectors/asn1-schema/*.json; the rules and module indices follow RULES and MODULES in
# fuzz_targets/asn1_schema_decode.rs. PER, OER and DER cases also seed CANONICAL-PER, COER
# and CER.
if want asn1_schema_decode && command -v python3 >/dev/null; then
    dir="$here/corpus/asn1_schema_decode"
    mkdir -p "$dir"
    python3 - "$root/vectors/asn1-schema" "$dir" <<'PY'
import json, pathlib, sys, hashlib
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
rules = ["uper", "per", "cuper", "cper", "oer", "coer", "ber", "der", "cer", "jer", "xer"]
also = {"uper": ["cuper"], "per": ["cper"], "oer": ["coer"], "der": ["cer"]}
modules = ["x691-a1", "x691-a2", "x691-a3", "x691-a4", "sg17-coverage", "sg17-x681", "sg17-constraints"]
for f in sorted(src.glob("*.json")):
    for t in json.loads(f.read_text()).get("tests", []):
        exp = t["expected"]
        mod = pathlib.Path(exp["spec"]).stem
        name = exp["type"].encode()
        if mod not in modules or len(name) > 127:
            continue
        body = bytes.fromhex(t["input"])
        for r in [exp["rules"], *also.get(exp["rules"], [])]:
            blob = bytes([rules.index(r), modules.index(mod), len(name)]) + name + body
            (out / hashlib.sha1(blob).hexdigest()[:16]).write_bytes(blob)
PY
    echo "asn1_schema_decode: $(find "$dir" -type f | wc -l) seeds"
fi

# asn1_schema_codegen: [selector, encoding] from the X.691 A.2 UPER, PER and OER vectors
# (PersonnelRecord, selector 0 UNALIGNED / 1 ALIGNED / 2 OER / 3 canonical OER, the OER ones; see
# fuzz_targets/asn1_schema_codegen.rs).
if want asn1_schema_codegen && command -v python3 >/dev/null; then
    dir="$here/corpus/asn1_schema_codegen"
    mkdir -p "$dir"
    python3 - "$root/vectors/asn1-schema" "$dir" <<'PY'
import json, pathlib, sys, hashlib
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for name, sel in [("x691-a2-uper.json", 0), ("x691-a2-per.json", 1), ("x691-a2-oer.json", 2), ("x691-a2-oer.json", 3)]:
    for t in json.loads((src / name).read_text())["tests"]:
        if t.get("expected", {}).get("type", "PersonnelRecord") != "PersonnelRecord":
            continue
        blob = bytes([sel]) + bytes.fromhex(t["input"])
        (out / hashlib.sha1(blob).hexdigest()[:16]).write_bytes(blob)
PY
    echo "asn1_schema_codegen: $(find "$dir" -type f | wc -l) seeds"
fi

# asn1_schema_pkix: the DER certificates of vectors/corpus/ and the CRLs of vectors/x509/crl/.
if want asn1_schema_pkix; then
    dir="$here/corpus/asn1_schema_pkix"
    mkdir -p "$dir"
    find "$root/vectors/corpus" "$root/vectors/x509/crl" -name '*.der' -exec cp -t "$dir" {} +
    echo "asn1_schema_pkix: $(find "$dir" -type f | wc -l) seeds"
fi
