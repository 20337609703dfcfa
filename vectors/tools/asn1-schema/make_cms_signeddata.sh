#!/bin/sh
# Makes vectors/asn1-schema/cms/: a CMS SignedData (RFC 5652) signed with a fresh P-256 key
# and self-signed certificate by openssl, and openssl's own reading of it, the oracle for
# crates/sg17-asn1-schema/tests/rfc5912.rs (RFC 5911 CryptographicMessageSyntax-2009).
#
# Run from the repository root:  sh vectors/tools/asn1-schema/make_cms_signeddata.sh
# Needs: openssl (3.0.x was used). The key is made in a temporary directory and not kept, so
# every run gives different octets (new key, serial, signing time and ECDSA signature).
#
# Outputs:
#   content.txt                    the signed content, "sg17 CMS test content\n"
#   signeddata.der                 ContentInfo { id-signedData, SignedData } (openssl cms
#                                  -sign -binary -outform DER), detached: no eContent
#   signeddata-attached.der        the same with -nodetach: eContent holds content.txt
#   signer.der                     the signer's certificate (DER), also inside both
#   signeddata-print.txt           openssl cms -cmsout -print of signeddata.der
#   signeddata-attached-print.txt  openssl cms -cmsout -print of signeddata-attached.der
#   signer-serial.txt              openssl x509 -serial of the signer's certificate
set -eu
out=vectors/asn1-schema/cms
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -subj "/O=sg17 Test/CN=sg17 CMS signer" \
  -days 3650 -sha256 2>/dev/null
printf 'sg17 CMS test content\n' > "$out/content.txt"
openssl cms -sign -binary -md sha256 -in "$out/content.txt" -signer "$tmp/cert.pem" \
  -inkey "$tmp/key.pem" -outform DER -out "$out/signeddata.der"
openssl cms -sign -binary -md sha256 -in "$out/content.txt" -signer "$tmp/cert.pem" \
  -inkey "$tmp/key.pem" -nodetach -outform DER -out "$out/signeddata-attached.der"
openssl x509 -in "$tmp/cert.pem" -outform DER -out "$out/signer.der"
for f in signeddata signeddata-attached; do
  openssl cms -cmsout -print -inform DER -in "$out/$f.der" > "$out/$f-print.txt"
done
openssl x509 -in "$tmp/cert.pem" -noout -serial > "$out/signer-serial.txt"
# openssl checks its own signatures (prints "Verification successful" on stderr).
openssl cms -verify -binary -inform DER -in "$out/signeddata.der" -content "$out/content.txt" \
  -CAfile "$tmp/cert.pem" -out /dev/null
openssl cms -verify -binary -inform DER -in "$out/signeddata-attached.der" \
  -CAfile "$tmp/cert.pem" -out /dev/null
