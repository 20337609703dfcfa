#!/usr/bin/env python3
"""Generates the OCSP vectors (RFC 6960) in vectors/ocsp/ and their manifest.

Run from the repository root:  python3 vectors/tools/ocsp/make.py

Producers: pyca ``cryptography`` (OCSPResponseBuilder) builds every certificate and most
responses, with Ed25519 keys derived from fixed seeds; ``openssl ocsp`` (index.txt,
-reqout/-reqin, -rsigner, -rcid) produces the ``ossl-*`` responses offline.

Oracle: for every successful response, ``openssl ocsp -respin R -issuer I -cert LEAF
-CAfile ROOTS -verify_other POOL -attime T`` is run and its verdict ("Response verify OK" or
the failure) and the certificate status it prints are stored in the manifest next to the
expected outcome. ``openssl ocsp`` checks thisUpdate/nextUpdate against the wall clock, not
-attime, so for the time-window cases the expectation is taken from RFC 6960 3.2 instead;
each case says where its expectation comes from (``source``).

Fixed validation time of every pyca case: 2026-06-01T00:00:00Z (1780272000).
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

OUT = os.path.join(os.getcwd(), "vectors", "ocsp")
UTC = datetime.timezone.utc
T = datetime.datetime(2026, 6, 1, tzinfo=UTC)
NOT_BEFORE = datetime.datetime(2025, 1, 1, tzinfo=UTC)
NOT_AFTER = datetime.datetime(2030, 1, 1, tzinfo=UTC)
THIS = datetime.datetime(2026, 5, 31, tzinfo=UTC)
NEXT = datetime.datetime(2026, 6, 7, tzinfo=UTC)
REVOKED_AT = datetime.datetime(2026, 3, 1, tzinfo=UTC)
DER = serialization.Encoding.DER


def key(label):
    seed = hashlib.sha256(b"sg17 ocsp vectors: " + label.encode()).digest()
    return ed25519.Ed25519PrivateKey.from_private_bytes(seed)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(subject, skey, issuer, ikey, serial, ca=False, eku=None):
    b = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(name(issuer))
         .public_key(skey.public_key()).serial_number(serial)
         .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(skey.public_key()), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ikey.public_key()), critical=False))
    if ca:
        b = b.add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                          data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                          crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
    if eku is not None:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
        if ExtendedKeyUsageOID.OCSP_SIGNING in eku:
            b = b.add_extension(x509.OCSPNoCheck(), critical=False)
    return b.sign(ikey, None)


K = {n: key(n) for n in ["root", "ica", "other", "leaf-good", "leaf-revoked", "responder", "responder-noeku",
                         "responder-other"]}
C = {}
C["root"] = cert("sg17 OCSP Root", K["root"], "sg17 OCSP Root", K["root"], 1, ca=True)
C["other-root"] = cert("sg17 OCSP Other Root", K["other"], "sg17 OCSP Other Root", K["other"], 2, ca=True)
C["ica"] = cert("sg17 OCSP Issuing CA", K["ica"], "sg17 OCSP Root", K["root"], 0x10, ca=True)
C["leaf-good"] = cert("good.example", K["leaf-good"], "sg17 OCSP Issuing CA", K["ica"], 0x1001,
                      eku=[ExtendedKeyUsageOID.SERVER_AUTH])
C["leaf-revoked"] = cert("revoked.example", K["leaf-revoked"], "sg17 OCSP Issuing CA", K["ica"], 0x1002,
                         eku=[ExtendedKeyUsageOID.SERVER_AUTH])
C["responder"] = cert("sg17 OCSP Responder", K["responder"], "sg17 OCSP Issuing CA", K["ica"], 0x2001,
                      eku=[ExtendedKeyUsageOID.OCSP_SIGNING])
C["responder-noeku"] = cert("sg17 OCSP Responder without EKU", K["responder-noeku"], "sg17 OCSP Issuing CA",
                            K["ica"], 0x2002, eku=[ExtendedKeyUsageOID.CLIENT_AUTH])
C["responder-other"] = cert("sg17 OCSP Responder of Other Root", K["responder-other"], "sg17 OCSP Other Root",
                            K["other"], 0x2003, eku=[ExtendedKeyUsageOID.OCSP_SIGNING])

HASHES = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}


def response(subject="leaf-good", issuer="ica", status="good", reason=None, signer="ica", signer_key=None,
             rid="name", hash_alg="sha1", this=THIS, nxt=NEXT, include=True, nonce=None, certs=None):
    st = {"good": ocsp.OCSPCertStatus.GOOD, "revoked": ocsp.OCSPCertStatus.REVOKED,
          "unknown": ocsp.OCSPCertStatus.UNKNOWN}[status]
    b = ocsp.OCSPResponseBuilder().add_response(
        cert=C[subject], issuer=C[issuer], algorithm=HASHES[hash_alg], cert_status=st, this_update=this,
        next_update=nxt, revocation_time=REVOKED_AT if status == "revoked" else None,
        revocation_reason=reason if status == "revoked" else None)
    b = b.responder_id(ocsp.OCSPResponderEncoding.NAME if rid == "name" else ocsp.OCSPResponderEncoding.HASH,
                       C[signer])
    if certs is not None:
        b = b.certificates([C[c] for c in certs])
    elif include and signer not in ("ica", "root"):
        b = b.certificates([C[signer]])
    if nonce is not None:
        b = b.add_extension(x509.OCSPNonce(nonce), critical=False)
    k = K[signer_key or {"root": "root", "ica": "ica", "other-root": "other"}.get(signer, signer)]
    return b.sign(k, None).public_bytes(DER)


def unsuccessful(status):
    return ocsp.OCSPResponseBuilder.build_unsuccessful(status).public_bytes(DER)


def key_hash(k):
    raw = k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha1(raw).digest()


def responder_id_of_other():
    """Signed by the issuing CA, but responderID byKey names the delegated responder (whose
    certificate is included): the tbsResponseData is patched and signed again with the CA key."""
    der = response(rid="key", certs=["responder"])
    parsed = ocsp.load_der_ocsp_response(der)
    tbs = parsed.tbs_response_bytes
    # The first occurrence is the responderID; the CertID's issuerKeyHash (also SHA-1 of
    # the CA key) stays.
    new_tbs = tbs.replace(key_hash(K["ica"]), key_hash(K["responder"]), 1)
    assert new_tbs != tbs and len(new_tbs) == len(tbs)
    return der.replace(tbs, new_tbs).replace(parsed.signature, K["ica"].sign(new_tbs))


def flip_last(der):
    return der[:-1] + bytes([der[-1] ^ 0x01])


# (id, response bytes, leaf, expected leaf verdict, extra intermediates, source, what, error substring)
CASES = [
    ("good-issuer-sha1-byname", response(), "leaf-good", "good", [], "openssl",
     "signed by the issuing CA itself, SHA-1 CertID, responderID byName", None),
    ("good-issuer-sha256-bykey", response(hash_alg="sha256", rid="key"), "leaf-good", "good", [], "openssl",
     "SHA-256 CertID, responderID byKey (SHA-1 of the CA key)", None),
    ("good-sha384-nonce", response(hash_alg="sha384", nonce=b"\x01" * 16), "leaf-good", "good", [], "openssl",
     "SHA-384 CertID, nonce responseExtension", None),
    ("good-sha512", response(hash_alg="sha512", rid="key"), "leaf-good", "good", [], "openssl",
     "SHA-512 CertID", None),
    ("revoked-key-compromise", response(subject="leaf-revoked", status="revoked",
                                        reason=x509.ReasonFlags.key_compromise), "leaf-revoked", "revoked", [],
     "openssl", "revoked, revocationReason keyCompromise", "Key Compromise"),
    ("revoked-no-reason", response(subject="leaf-revoked", status="revoked"), "leaf-revoked", "revoked", [],
     "openssl", "revoked without revocationReason", "revoked"),
    ("unknown", response(status="unknown"), "leaf-good", "unusable", [], "openssl",
     "certStatus unknown", "unknown"),
    ("delegated-good-bykey", response(signer="responder", rid="key"), "leaf-good", "good", [], "openssl",
     "delegated responder (id-kp-OCSPSigning, issued by the CA) in certs, byKey", None),
    ("delegated-good-byname", response(signer="responder", hash_alg="sha256"), "leaf-good", "good", [], "openssl",
     "delegated responder in certs, byName", None),
    ("delegated-revoked", response(subject="leaf-revoked", status="revoked", signer="responder",
                                   reason=x509.ReasonFlags.superseded), "leaf-revoked", "revoked", [], "openssl",
     "revoked (superseded), signed by the delegated responder", "Superseded"),
    ("delegated-no-eku", response(signer="responder-noeku"), "leaf-good", "unusable", [], "openssl",
     "delegated responder without id-kp-OCSPSigning (RFC 6960 4.2.2.2)", "id-kp-OCSPSigning"),
    ("delegated-no-eku-revoked", response(subject="leaf-revoked", status="revoked", signer="responder-noeku"),
     "leaf-revoked", "unusable", [], "openssl",
     "a revocation from an unauthorized responder is not used", "id-kp-OCSPSigning"),
    ("delegated-other-ca", response(signer="responder-other"), "leaf-good", "unusable", [], "openssl",
     "responder with id-kp-OCSPSigning but issued by another CA (RFC 6960 4.2.2.2)", "not issued by"),
    ("delegated-no-certs-pool", response(signer="responder", include=False), "leaf-good", "good", ["responder"],
     "openssl", "responder certificate not in the response, supplied as an intermediate", None),
    ("delegated-no-certs", response(signer="responder", include=False), "leaf-good", "unusable", [], "openssl",
     "responder certificate nowhere to be found", "no signer"),
    ("responder-id-mismatch", responder_id_of_other(), "leaf-good", "unusable", [], "openssl",
     "responderID (byKey) names the delegated responder, signature by the issuing CA", "signature"),
    ("bad-signature", flip_last(response()), "leaf-good", "unusable", [], "openssl",
     "last signature octet flipped", "signature"),
    ("other-certificate", response(subject="leaf-revoked"), "leaf-good", "unusable", [], "RFC 6960 3.2(1)",
     "a good response about another serial does not cover this certificate", "no SingleResponse"),
    ("expired", response(this=datetime.datetime(2026, 5, 1, tzinfo=UTC),
                         nxt=datetime.datetime(2026, 5, 8, tzinfo=UTC)), "leaf-good", "unusable", [],
     "RFC 6960 3.2(6)", "nextUpdate before the validation time", "nextUpdate"),
    ("not-yet-valid", response(this=datetime.datetime(2026, 6, 2, tzinfo=UTC),
                               nxt=datetime.datetime(2026, 6, 9, tzinfo=UTC)), "leaf-good", "unusable", [],
     "RFC 6960 3.2(5)", "thisUpdate after the validation time", "thisUpdate"),
    ("no-next-update", response(nxt=None), "leaf-good", "good", [], "RFC 6960 4.2.2.1",
     "nextUpdate absent: newer information is always available; accepted once thisUpdate has passed", None),
    ("try-later", unsuccessful(ocsp.OCSPResponseStatus.TRY_LATER), "leaf-good", "unusable", [], "openssl",
     "responseStatus tryLater, no responseBytes", "tryLater"),
    ("unauthorized", unsuccessful(ocsp.OCSPResponseStatus.UNAUTHORIZED), "leaf-good", "unusable", [], "openssl",
     "responseStatus unauthorized", "unauthorized"),
    ("malformed-request", unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST), "leaf-good", "unusable", [],
     "openssl", "responseStatus malformedRequest", "malformedRequest"),
]

STATUS_NAMES = {0: "successful", 1: "malformedRequest", 2: "internalError", 3: "tryLater", 5: "sigRequired",
                6: "unauthorized"}


def pem(c):
    return c.public_bytes(serialization.Encoding.PEM)


def run(args, cwd):
    p = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def oracle(tmp, resp_file, leaf, pool, dgst="sha1", issuer="ica"):
    """What `openssl ocsp` says about the response for `leaf` (CertID with `dgst`)."""
    args = ["openssl", "ocsp", "-respin", resp_file, "-issuer", f"{issuer}.pem", f"-{dgst}", "-cert", f"{leaf}.pem",
            "-CAfile", "roots.pem", "-attime", str(int(T.timestamp())), "-no_nonce"]
    if pool:
        with open(os.path.join(tmp, "pool.pem"), "wb") as f:
            f.write(b"".join(pem(C[p]) for p in pool))
        args += ["-verify_other", "pool.pem"]
    rc, out = run(args, tmp)
    verify = "OK" if "Response verify OK" in out else None
    if verify is None:
        m = re.search(r"Response Verify Failure\n(?:.*\n)*?.*:error:[^:]*:[^:]*:[^:]*:([^\n]*)", out)
        verify = "failure" + (f": {m.group(1).strip()}" if m else "")
        if "Responder Error" in out:
            verify = "responder error: " + out.split("Responder Error:", 1)[1].split("\n")[0].strip()
    m = re.search(rf"{leaf}\.pem: (?:WARNING: Status times invalid\.\n(?:.*:error:.*\n)?)?"
                  r"(good|revoked|unknown|No Status found)", out)
    status = m.group(1) if m else None
    r = re.search(r"Reason: (\w+)", out)
    return {"verify": verify, "status": status, **({"reason": r.group(1)} if r else {}),
            "wall_clock_times_warning": "WARNING: Status times invalid" in out}


def openssl_produced(tmp):
    """Two responses made by `openssl ocsp` from an index.txt: good + revoked in one."""
    key_pem = K["ica"].private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())
    with open(os.path.join(tmp, "ica.key"), "wb") as f:
        f.write(key_pem)
    idx = (f"V\t300101000000Z\t\t1001\tunknown\t/CN=good.example\n"
           f"R\t300101000000Z\t260301000000Z,keyCompromise\t1002\tunknown\t/CN=revoked.example\n")
    with open(os.path.join(tmp, "index.txt"), "w") as f:
        f.write(idx)
    out = {}
    for label, dgst in [("ossl-sha1", "-sha1"), ("ossl-sha256", "-sha256")]:
        rc, o = run(["openssl", "ocsp", "-issuer", "ica.pem", dgst, "-cert", "leaf-good.pem", "-cert",
                     "leaf-revoked.pem", "-no_nonce", "-reqout", f"{label}-req.der"], tmp)
        assert rc == 0, o
        rc, o = run(["openssl", "ocsp", "-index", "index.txt", "-rsigner", "ica.pem", "-rkey", "ica.key",
                     "-CA", "ica.pem", "-reqin", f"{label}-req.der", "-respout", f"{label}.der", "-ndays", "7",
                     "-resp_key_id"], tmp)
        assert rc == 0, o
        with open(os.path.join(tmp, f"{label}.der"), "rb") as f:
            out[label] = f.read()
        with open(os.path.join(tmp, f"{label}-req.der"), "rb") as f:
            out[label + "-req"] = f.read()
    return out


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    tmp = tempfile.mkdtemp()
    try:
        for n, c in C.items():
            with open(os.path.join(OUT, f"{n}.der"), "wb") as f:
                f.write(c.public_bytes(DER))
            with open(os.path.join(tmp, f"{n}.pem"), "wb") as f:
                f.write(pem(c))
        with open(os.path.join(tmp, "roots.pem"), "wb") as f:
            f.write(pem(C["root"]) + pem(C["other-root"]))
        # The issuing CA's own status, from the root: every case supplies it so that
        # hard-fail checking can succeed for the intermediate.
        ica_status = response(subject="ica", issuer="root", signer="root")
        with open(os.path.join(OUT, "ica-good.der"), "wb") as f:
            f.write(ica_status)
        cases = []
        for cid, der, leaf, verdict, pool, source, what, err in CASES:
            fname = f"{cid}.der"
            with open(os.path.join(OUT, fname), "wb") as f:
                f.write(der)
            with open(os.path.join(tmp, fname), "wb") as f:
                f.write(der)
            parsed = ocsp.load_der_ocsp_response(der)
            info = {"response_status": STATUS_NAMES[parsed.response_status.value]}
            if parsed.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL:
                info["cert_status"] = parsed.certificate_status.name.lower()
                info["hash_algorithm"] = parsed.hash_algorithm.name
                info["serial"] = format(parsed.serial_number, "X")
                info["responder_id"] = "byKey" if parsed.responder_key_hash is not None else "byName"
                info["certs"] = len(parsed.certificates)
                info["this_update"] = parsed.this_update_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
                info["next_update"] = (parsed.next_update_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
                                       if parsed.next_update_utc else None)
                if parsed.revocation_reason is not None:
                    info["revocation_reason"] = parsed.revocation_reason.name
            case = {"id": cid, "what": what, "response": fname, "leaf": f"{leaf}.der",
                    "intermediates": ["ica.der"] + [f"{p}.der" for p in pool], "ica_status": "ica-good.der",
                    "time": T.strftime("%Y-%m-%dT%H:%M:%SZ"), "time_unix": int(T.timestamp()),
                    "expected": {"leaf": verdict, **({"error_contains": err} if err else {})},
                    "source": source, "pyca": info,
                    "openssl": oracle(tmp, fname, leaf, ["ica"] + pool, info.get("hash_algorithm", "sha1"))}
            cases.append(case)
        # A CRL of the issuing CA revoking leaf-good (0x1001): with a `good` OCSP response
        # next to it, the revocation must win.
        crl = (x509.CertificateRevocationListBuilder().issuer_name(name("sg17 OCSP Issuing CA"))
               .last_update(THIS).next_update(NEXT)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(K["ica"].public_key()),
                              critical=False)
               .add_extension(x509.CRLNumber(1), critical=False)
               .add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(0x1001)
                                        .revocation_date(REVOKED_AT)
                                        .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise),
                                                       critical=False).build())
               .sign(K["ica"], None))
        with open(os.path.join(OUT, "crl-revokes-good.der"), "wb") as f:
            f.write(crl.public_bytes(DER))
        ossl = openssl_produced(tmp)
        for label in ["ossl-sha1", "ossl-sha256"]:
            for n in [label, label + "-req"]:
                with open(os.path.join(OUT, f"{n}.der"), "wb") as f:
                    f.write(ossl[n])
            parsed = ocsp.load_der_ocsp_response(ossl[label])
            single = list(parsed.responses)
            at = single[0].this_update_utc + datetime.timedelta(hours=1)
            # The root's statement about the issuing CA, current at `at` as well.
            ica_file = f"ica-good-{label}.der"
            with open(os.path.join(OUT, ica_file), "wb") as f:
                f.write(response(subject="ica", issuer="root", signer="root", this=single[0].this_update_utc,
                                 nxt=single[0].this_update_utc + datetime.timedelta(days=7)))
            for leaf, verdict in [("leaf-good", "good"), ("leaf-revoked", "revoked")]:
                case = {"id": f"{label}-{leaf}", "what": "openssl ocsp -index response with two SingleResponses "
                        f"({label.split('-')[1]} CertIDs, -resp_key_id), checked for {leaf}",
                        "response": f"{label}.der", "request": f"{label}-req.der", "leaf": f"{leaf}.der",
                        "intermediates": ["ica.der"], "ica_status": ica_file,
                        "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "time_unix": int(at.timestamp()),
                        "expected": {"leaf": verdict, **({"error_contains": "Key Compromise"}
                                                          if verdict == "revoked" else {})},
                        "source": "openssl",
                        "pyca": {"response_status": "successful", "responses": len(single),
                                 "hash_algorithm": single[0].hash_algorithm.name,
                                 "responder_id": "byKey" if parsed.responder_key_hash is not None else "byName",
                                 "this_update": single[0].this_update_utc.strftime("%Y-%m-%dT%H:%M:%SZ")},
                        "openssl": oracle(tmp, f"{label}.der", leaf, ["ica"], label.split("-")[1])}
                cases.append(case)
        manifest = {
            "description": "OCSP responses (RFC 6960) for path validation with supplied revocation data. "
                           "Path: root.der (trust anchor) -> ica.der -> leaf. Each case supplies its "
                           "response plus its ica_status (the root's statement about ica.der). expected.leaf: "
                           "'good' (status established, path valid in hard-fail mode), 'revoked' (path "
                           "fails in every mode), 'unusable' (no usable status: soft-fail passes, hard-fail "
                           "fails). 'source' says whether the expectation is openssl's verdict (the "
                           "'openssl' object: verify OK + status) or an RFC 6960 clause.",
            "generator": "vectors/tools/ocsp/make.py",
            "anchor": "root.der",
            "ica_status": "ica-good.der",
            "crl_revoking_leaf_good": "crl-revokes-good.der",
            "cases": cases,
        }
        with open(os.path.join(OUT, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
