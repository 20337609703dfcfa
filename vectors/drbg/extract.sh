#!/bin/sh
# Extracts the SHA-256 and SHA-512 sections of the NIST CAVP DRBG response
# files (CAVS 14.3, drbgtestvectors.zip) into this directory.
#
# Usage: extract.sh SRC_DIR
#   SRC_DIR holds drbgvectors_no_reseed/, drbgvectors_pr_false/ and
#   drbgvectors_pr_true/ as unpacked from drbgtestvectors.zip.
#
# A section starts at a "[SHA-...]" line; the file header (comment lines
# before the first section) is kept unchanged, and so are the CRLF line ends.
set -eu
src=$1
here=$(dirname "$0")
for set in no_reseed pr_false pr_true; do
    mkdir -p "$here/$set"
    for mech in Hash_DRBG HMAC_DRBG; do
        awk '
            { line = $0; sub(/\r$/, "", line) }
            line ~ /^\[SHA-/ { keep = (line == "[SHA-256]" || line == "[SHA-512]"); started = 1 }
            !started || keep { print }
        ' "$src/drbgvectors_$set/$mech.rsp" > "$here/$set/$mech.rsp"
    done
done
