#!/bin/sh
# Records openssl's view of every certificate of vectors/corpus/debian-ca/ in
# vectors/x509/openssl-fields.json: subject and issuer (RFC 4514 order, UTF-8 unescaped:
# -nameopt RFC2253,-esc_msb), serial, notBefore and notAfter (openssl's text form).
# Usage: sh vectors/tools/x509/openssl_fields.sh   (from the repository root)
set -eu
out=vectors/x509/openssl-fields.json
{
  echo "{"
  echo "  \"generator\": \"$(openssl version)\","
  echo "  \"certificates\": ["
  first=1
  for f in vectors/corpus/debian-ca/*.der; do
    o=$(openssl x509 -inform DER -in "$f" -noout -nameopt RFC2253,-esc_msb -subject -issuer -serial -startdate -enddate)
    field() { printf '%s\n' "$o" | sed -n "s/^$1=//p" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read().rstrip("\n"), ensure_ascii=False))'; }
    [ $first = 1 ] || echo ","
    first=0
    printf '    {"file": "%s", "subject": %s, "issuer": %s, "serial": %s, "not_before": %s, "not_after": %s}' \
      "${f#vectors/}" "$(field subject)" "$(field issuer)" "$(field serial)" "$(field notBefore)" "$(field notAfter)"
  done
  echo ""
  echo "  ]"
  echo "}"
} > "$out"
echo "wrote $out"
