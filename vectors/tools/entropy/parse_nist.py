#!/usr/bin/env python3
"""Turn transcripts of NIST's `ea_non_iid -v -v` / `ea_iid -v -v` (verbosity level 3) into JSON.

Usage: parse_nist.py IN_DIR OUT_DIR
Reads IN_DIR/*.non_iid.res and IN_DIR/*.iid.res; writes OUT_DIR/<name>.non_iid.json and
OUT_DIR/<name>.iid.json. Values are kept exactly as printed by NIST's tool (%.17g / %.22Lg).

Non-IID JSON layout:
  {"source": "...", "samples": N, "alphabet_size": k, "word_size": b,
   "estimates": {"Literal"|"Bitstring": {"<Estimator name>": {"<quantity>": value, ...}}},
   "h_bitstring": x, "h_original": x, "assessed": x}
"""
import json
import re
import sys
from pathlib import Path

NUM = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|inf|nan)"
EST = re.compile(r"^(Literal|Bitstring) (.+?) Estimate: (.+?) = (" + NUM + r")\s*$")
EST_FLAG = re.compile(r"^(Literal|Bitstring) (.+?) Estimate: (.+?)\.?\s*$")
LOADED = re.compile(r"^Loaded (\d+) samples of (\d+) distinct (\d+)-bit-wide symbols")
SHA = re.compile(r"\(SHA-256 hash ([0-9a-f]{64})\)")


def num(text):
    v = float(text)
    return int(text) if re.fullmatch(r"[-+]?\d+", text) else v


def parse_non_iid(text):
    out = {"estimates": {}}
    for line in text.splitlines():
        line = line.strip()
        if m := SHA.search(line):
            out["sha256"] = m.group(1)
        if m := LOADED.match(line):
            out["samples"], out["alphabet_size"], out["word_size"] = map(int, m.groups())
            continue
        if m := EST.match(line):
            label, name, key, value = m.groups()
            out["estimates"].setdefault(label, {}).setdefault(name, {})[key] = num(value)
            continue
        if m := EST_FLAG.match(line):
            label, name, flag = m.groups()
            out["estimates"].setdefault(label, {}).setdefault(name, {}).setdefault("notes", []).append(flag)
            continue
        for key, pat in (("h_bitstring", r"^H_bitstring[ =:]+(" + NUM + ")$"),
                         ("h_bitstring_per_symbol", r"^H_bitstring Per Symbol[ =:]+(" + NUM + ")$"),
                         ("h_original", r"^H_original[ =:]+(" + NUM + ")$"),
                         ("assessed", r"^Assessed min entropy: (" + NUM + ")$")):
            if m := re.match(pat, line):
                out[key] = num(m.group(1))
        if line.startswith("t-Tuple Estimate: No strings") or line.startswith("LRS Estimate: v<u"):
            out.setdefault("notes", []).append(line)
    return out


KV = re.compile(r"^(.+?)(?: =|:) (" + NUM + r")\s*$")


def parse_iid(text):
    """Keeps every `name = value` / `name: value` line, in order, plus pass/fail lines."""
    out = {"values": [], "lines": []}
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if m := SHA.search(line):
            out["sha256"] = m.group(1)
        if m := LOADED.match(line):
            out["samples"], out["alphabet_size"], out["word_size"] = map(int, m.groups())
            continue
        if m := KV.match(line):
            out["values"].append([m.group(1), num(m.group(2))])
        else:
            out["lines"].append(line)
    return out


def main():
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    dst.mkdir(parents=True, exist_ok=True)
    for res in sorted(src.glob("*.res")):
        name = res.name[: -len(".res")]
        if not name.endswith((".non_iid", ".iid")):
            continue  # e.g. restart transcripts, read directly by the tests
        text = res.read_text()
        data = parse_non_iid(text) if name.endswith(".non_iid") else parse_iid(text)
        data["source"] = res.name
        (dst / f"{name}.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        print(dst / f"{name}.json")


if __name__ == "__main__":
    main()
