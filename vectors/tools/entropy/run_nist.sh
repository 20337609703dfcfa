#!/usr/bin/env bash
# Produce the reference outputs under vectors/entropy/ with NIST's SP800-90B_EntropyAssessment tool.
#
# NIST's tool is NOT part of this repository. Build it locally from its public-domain source
# (github usnistgov/SP800-90B_EntropyAssessment, the commit named in vectors/entropy/README.md):
#   cd cpp && make non_iid iid restart conditioning
# then run:   NIST90B=/path/to/SP800-90B_EntropyAssessment/cpp vectors/tools/entropy/run_nist.sh
#
# For every sample file it records `ea_non_iid -v -v FILE` (verbose level 3, the format of NIST's own
# cpp/selftest/refdata/*.res) and, with WITH_IID=1, `ea_iid -v -v FILE` for the IID track; parse_nist.py turns those
# transcripts into the JSON files the Rust tests read.
set -euo pipefail
: "${NIST90B:?set NIST90B to the cpp/ directory holding ea_non_iid and ea_iid}"
here="$(cd "$(dirname "$0")" && pwd)"
vec="$here/../../entropy"
out="$vec/nist-output"
mkdir -p "$out"
for f in "$vec"/nist/*.bin "$vec"/generated/*.bin; do
    b="$(basename "$f" .bin)"
    echo "== $b" >&2
    (cd "$(dirname "$f")" && "$NIST90B/ea_non_iid" -v -v "$(basename "$f")") > "$out/$b.non_iid.res"
    if [ "${WITH_IID:-0}" = 1 ]; then
        (cd "$(dirname "$f")" && "$NIST90B/ea_iid" -v -v "$(basename "$f")") > "$out/$b.iid.res" || true
    fi
done
# Conditioned sequential dataset mode (SP 800-90B 3.1.5.2, NIST's -c) on two bundled files.
for b in rand4_short truerand_1bit_100k; do
    (cd "$vec/nist" && "$NIST90B/ea_non_iid" -c -v -v "$b.bin") > "$out/${b}_conditioned.non_iid.res"
done
# Restart tests (SP 800-90B 3.1.4): 1000 x 1000 one-bit matrix from gen_restart.py, H_I = 0.4.
python3 "$here/gen_restart.py" "${TMPDIR:-/tmp}/sg17-restart.bin"
"$NIST90B/ea_restart" -n -v -v "${TMPDIR:-/tmp}/sg17-restart.bin" 1 0.4 > "$out/restart_p025.restart.res" || true
python3 "$here/parse_nist.py" "$out" "$vec/reference"
