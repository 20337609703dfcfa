#!/usr/bin/env bash
# Reference values for SP 800-90B 3.1.5 from NIST's ea_conditioning (built locally from
# github usnistgov/SP800-90B_EntropyAssessment, `make conditioning`; not part of this repo).
# Usage: NIST90B=/path/to/cpp vectors/tools/entropy/run_nist_conditioning.sh
# Writes vectors/entropy/reference/conditioning.json: [{n_in, n_out, nw, h_in, h_prime, output_entropy, h_out}].
set -euo pipefail
: "${NIST90B:?set NIST90B to the cpp/ directory holding ea_conditioning}"
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../entropy/reference/conditioning.json"
cases=(
  "512 256 256 64" "512 256 256 256" "512 256 256 300" "512 256 256 512" "16 8 8 7.5" "16 8 8 1"
  "8 8 8 4" "1024 256 256 300" "2048 512 512 600" "440 256 128 200" "256 256 256 255.5" "64 32 64 40"
)
noniid=("1024 256 256 300 0.9" "512 256 256 512 0.999" "512 256 256 100 0.95" "32 16 16 20 0.5")
{
  for c in "${cases[@]}"; do echo "## $c"; "$NIST90B/ea_conditioning" -v $c; done
  for c in "${noniid[@]}"; do echo "## -n $c"; "$NIST90B/ea_conditioning" -v -n $c; done
} | python3 -c '
import json, re, sys
rows, cur = [], None
for line in sys.stdin:
    line = line.strip()
    if line.startswith("## "):
        args = line[3:].split()
        vetted = args[0] != "-n"
        a = args if vetted else args[1:]
        cur = {"n_in": int(a[0]), "n_out": int(a[1]), "nw": int(a[2]), "h_in": float(a[3]),
               "h_prime": None if vetted else float(a[4])}
        rows.append(cur)
    elif m := re.match(r"Output_Entropy\(\*\) = ([0-9.eE+-]+)", line):
        cur["output_entropy"] = float(m.group(1))
    elif m := re.match(r"\((?:Non-)?[Vv]etted\) h_out = ([0-9.eE+-]+)", line):
        cur["h_out"] = float(m.group(1))
json.dump(rows, sys.stdout, indent=1)
print()
' > "$out"
echo "wrote $out"
