#!/bin/sh
# Extracts the sections this repository tests from the NIST CAVP DRBG response
# files (CAVS 14.3, drbgtestvectors.zip) into this directory:
#   Hash_DRBG.rsp, HMAC_DRBG.rsp: [SHA-256] and [SHA-512];
#   CTR_DRBG.rsp: [AES-128 use df], [AES-128 no df], [AES-256 use df],
#                 [AES-256 no df].
#
# Usage: extract.sh SRC_DIR
#   SRC_DIR holds drbgvectors_no_reseed/, drbgvectors_pr_false/ and
#   drbgvectors_pr_true/ as unpacked from drbgtestvectors.zip.
#
# A section starts at a bracketed line without "=" (the mechanism line, e.g.
# "[SHA-256]" or "[AES-128 use df]"); the file header (comment lines before
# the first section) is kept unchanged, and so are the CRLF line ends.
set -eu
src=$1
here=$(dirname "$0")
for set in no_reseed pr_false pr_true; do
    mkdir -p "$here/$set"
    for mech in Hash_DRBG HMAC_DRBG CTR_DRBG; do
        case $mech in
            CTR_DRBG) keep='|[AES-128 use df]|[AES-128 no df]|[AES-256 use df]|[AES-256 no df]|' ;;
            *) keep='|[SHA-256]|[SHA-512]|' ;;
        esac
        awk -v keep="$keep" '
            { line = $0; sub(/\r$/, "", line) }
            line ~ /^\[[^=]*\]$/ { take = index(keep, "|" line "|") > 0; started = 1 }
            !started || take { print }
        ' "$src/drbgvectors_$set/$mech.rsp" > "$here/$set/$mech.rsp"
    done
done
