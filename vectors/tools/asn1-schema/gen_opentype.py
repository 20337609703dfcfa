#!/usr/bin/env python3
"""Generates vectors/asn1-schema/sg17-opentype.json for modules/sg17-opentype.asn.

asn1tools 0.169.0 does not resolve open types through table constraints, so the expected
encodings are composed: asn1tools encodes the inner value alone with its governing type, and
the outer value is encoded with the open type replaced by a stand-in whose encoding the
clauses make identical:

* UPER/APER (X.691 11.2): an open type is the complete encoding of its value as an
  unconstrained OCTET STRING's length and octets -> stand-in OCTET STRING holding the inner
  encoding.
* OER (X.696 30): length determinant and the inner encoding -> stand-in OCTET STRING.
* BER/DER (X.690 8.1, X.680 31.2.7): the inner TLV under the component's explicit automatic
  tag -> stand-in `[n] EXPLICIT ANY` holding the inner TLV.
* JER (X.697): the inner JSON value in place; XER (X.693): the inner value's element (named
  by the governing type's xmlasn1typename) in place. Text forms are checked by decoding.

Usage: python3 gen_opentype.py   (needs `pip install asn1tools`)
"""
import json
import os

import asn1tools

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, '..', '..', 'asn1-schema', 'sg17-opentype.json'))

INNER = '''Inner DEFINITIONS AUTOMATIC TAGS ::= BEGIN
INTEGER-0-255 ::= INTEGER (0..255)
IA5 ::= IA5String
Pair ::= SEQUENCE { a BOOLEAN, b OCTET STRING }
Bool ::= BOOLEAN
Utf ::= UTF8String
MessageRaw ::= SEQUENCE { id INTEGER, value OCTET STRING }
EnvelopeRaw ::= SEQUENCE { header SEQUENCE { kind INTEGER }, body OCTET STRING }
AttrRaw ::= SEQUENCE { type OBJECT IDENTIFIER, value OCTET STRING }
MessageBer ::= SEQUENCE { id [0] IMPLICIT INTEGER, value [1] EXPLICIT ANY }
EnvelopeBer ::= SEQUENCE { header [0] IMPLICIT SEQUENCE { kind [0] IMPLICIT INTEGER }, body [1] EXPLICIT ANY }
AttrBer ::= SEQUENCE { type [0] IMPLICIT OBJECT IDENTIFIER, value [1] EXPLICIT ANY }
END
'''

# (name, outer type, open field, key json, inner asn1tools type, XML name, inner value, inner JSON)
CASES = [
    ('int-200', 'Message', 1, 'INTEGER-0-255', 'INTEGER', 200, 200),
    ('int-0', 'Message', 1, 'INTEGER-0-255', 'INTEGER', 0, 0),
    ('text', 'Message', 2, 'IA5', 'IA5String', 'hi there', 'hi there'),
    ('pair', 'Message', 3, 'Pair', 'Pair', {'a': True, 'b': b'\x01\x02'}, {'a': True, 'b': '0102'}),
    ('envelope-pair', 'Envelope', 3, 'Pair', 'Pair', {'a': False, 'b': b''}, {'a': False, 'b': ''}),
    ('envelope-text', 'Envelope', 2, 'IA5', 'IA5String', 'x', 'x'),
    ('attr-bool', 'Attr', '1.2.3', 'Bool', 'BOOLEAN', True, True),
    ('attr-utf8', 'Attr', '1.2.4', 'Utf', 'UTF8String', 'caf\u00e9', 'caf\u00e9'),
]


def outer_json(outer, key, inner_json):
    if outer == 'Message':
        return {'id': key, 'value': inner_json}
    if outer == 'Envelope':
        return {'header': {'kind': key}, 'body': inner_json}
    return {'type': key, 'value': inner_json}


def stand_in(outer, key, raw):
    if outer == 'Message':
        return {'id': key, 'value': raw}
    if outer == 'Envelope':
        return {'header': {'kind': key}, 'body': raw}
    return {'type': key, 'value': raw}


def main():
    specs = {r: asn1tools.compile_string(INNER, r) for r in ('uper', 'per', 'oer', 'ber', 'der', 'jer', 'xer')}
    cases = []
    for name, outer, key, inner_ty, xml_name, inner_v, inner_j in CASES:
        value = outer_json(outer, key, inner_j)
        for rule in ('uper', 'per', 'oer', 'ber', 'der'):
            inner = specs[rule].encode(inner_ty, inner_v)
            if rule in ('ber', 'der'):
                enc = specs[rule].encode(outer + 'Ber', stand_in(outer, key, inner))
            else:
                enc = specs[rule].encode(outer + 'Raw', stand_in(outer, key, inner))
            cases.append({'name': name, 'type': outer, 'rule': rule, 'value': value, 'hex': enc.hex()})
        inner = json.loads(specs['jer'].encode(inner_ty, inner_v).decode())
        cases.append({'name': name, 'type': outer, 'rule': 'jer', 'value': value,
                      'text': json.dumps(outer_json(outer, key, inner))})
        x = specs['xer'].encode(inner_ty, inner_v).decode()
        x = '<%s>%s</%s>' % (xml_name, x[x.index('>') + 1:x.rindex('</')], xml_name)
        if outer == 'Message':
            text = '<Message><id>%d</id><value>%s</value></Message>' % (key, x)
        elif outer == 'Envelope':
            text = '<Envelope><header><kind>%d</kind></header><body>%s</body></Envelope>' % (key, x)
        else:
            text = '<Attr><type>%s</type><value>%s</value></Attr>' % (key, x)
        cases.append({'name': name, 'type': outer, 'rule': 'xer', 'value': value, 'text': text})
    doc = {
        'source': 'asn1tools %s (pip) for the inner values and the stand-in outer values, composed by '
                  'vectors/tools/asn1-schema/gen_opentype.py' % asn1tools.__version__,
        'module': 'modules/sg17-opentype.asn',
        'clauses': 'X.681 14, X.682 10; X.691 11.2, X.696 30, X.690 8.1/X.680 31.2.7, X.697, X.693',
        'cases': cases,
    }
    with open(OUT, 'w') as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write('\n')
    print('%d cases -> %s' % (len(cases), OUT))


if __name__ == '__main__':
    main()
