#!/usr/bin/env bash
# Regenerates vectors/corpus/debian-ca/: the Mozilla CA certificates shipped by Debian's
# ca-certificates package, converted from PEM to DER with openssl.
#
# Only the certificates of the package are taken: /etc/ssl/certs/*.pem entries that resolve into
# /usr/share/ca-certificates/mozilla/ (local additions such as snake-oil or site CAs are
# skipped), deduplicated by their target. Output names are NNN-<name>.der in sorted order.
#
# Usage: vectors/tools/corpus/debian_ca.sh [CERT_DIR]   (default /etc/ssl/certs)
set -euo pipefail

src=${1:-/etc/ssl/certs}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../corpus/debian-ca"
mkdir -p "$out"
rm -f "$out"/*.der

declare -A seen=()
mapfile -t pems < <(find "$src" -maxdepth 1 -name '*.pem' | LC_ALL=C sort)
n=0
for pem in "${pems[@]}"; do
    target=$(readlink -f "$pem")
    case "$target" in
        /usr/share/ca-certificates/mozilla/*) ;;
        *) continue ;;
    esac
    [[ -n "${seen[$target]:-}" ]] && continue
    seen[$target]=1
    n=$((n + 1))
    name=$(basename "$pem" .pem | tr -c 'A-Za-z0-9_.\n-' '_')
    openssl x509 -in "$target" -outform DER -out "$(printf '%s/%03d-%s.der' "$out" "$n" "$name")"
done
echo "wrote $n certificates to $out"
