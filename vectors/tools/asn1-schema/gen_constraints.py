"""Writes vectors/asn1-schema/sg17-constraints.json: values of modules/sg17-constraints.asn
that meet or break a constraint, encoded by asn1tools (tested with 0.169.0), which does not
check inner subtype constraints (X.680 51.8) and, with check_constraints off (its default),
not the value range, SIZE or permitted alphabet either. So the octets of every vector,
valid or invalid, come from asn1tools; the verdict and the clause broken come from the
constraint text and X.680 51 (worked out by hand for each case below).

Invalid vectors: a decoder must reject the input for the clause given. The inner subtype
cases are encoded under the unconstrained parent type's rules, which are the same octets
(inner subtyping is not PER-visible, X.691 10.3). The value-range/SIZE/alphabet cases use
the twin type U (no constraints) for BER, DER and JER only: PER and OER encodings of R depend
on its constraints, so asn1tools cannot encode those values as R there.

Exact roots (X.680 50, 51.2, 51.3, 51.5, 51.7, 51.9): types whose constraint the value
range / SIZE / alphabet bounds do not give exactly (unions, EXCEPT, single values, PATTERN).
asn1tools cannot compile several of them, and where it can, its check_constraints verdict
is wrong or absent (it keeps the first element of a union of values or sizes, the last of a
union of FROMs, and ignores EXCEPT and single values of BOOLEAN); each vector's description
records that verdict. So the octets, valid or invalid, are asn1tools' encoding of the twin
type XxT, which has the same PER-visible constraint (X.691 10.3) and hence the same
encoding in every rule; the verdict and clause come from X.680 50-51 by hand. The module
is given to asn1tools without the types between `-- BEGIN exact` and `-- END exact`.

Usage: python3 gen_constraints.py  (from any directory)
"""
import json
import os
import re

import asn1tools

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'asn1-schema')
SPEC = 'modules/sg17-constraints.asn'
RULES = ['uper', 'per', 'oer', 'ber', 'der', 'jer']
CLAUSE = {'uper': 'X.691', 'per': 'X.691', 'oer': 'X.696', 'ber': 'X.690', 'der': 'X.690', 'jer': 'X.697'}

# (type, type whose encoding is used, value (asn1tools Python form), clause broken or None)
INNER = [
    ('Full', 'P', {'a': 1, 'b': True}, None),
    ('Full', 'P', {'a': 1}, 'X.680 51.8'),                       # b must be present
    ('Full', 'P', {'a': 1, 'b': True, 'c': 'x'}, 'X.680 51.8'),  # c not named: absent
    ('Partial', 'P', {'a': 5}, None),
    ('Partial', 'P', {'a': 3, 'b': False}, None),
    ('Partial', 'P', {'a': 6}, 'X.680 51.8'),                    # a outside 1..5
    ('Partial', 'P', {'b': True}, 'X.680 51.8'),                 # a must be present
    ('Partial', 'P', {'a': 1, 'c': 'x'}, 'X.680 51.8'),          # c must be absent
    ('Either', 'P', {'a': 1}, None),
    ('Either', 'P', {'b': True}, None),
    ('Either', 'P', {'c': 'x'}, 'X.680 51.8'),                   # neither alternative
    ('OnlyX', 'C', ('x', 1), None),
    ('OnlyX', 'C', ('y', True), 'X.680 51.8'),                   # x must be chosen
    ('EachA', 'Ps', [{'a': 1}, {'a': 2, 'b': True}], None),
    ('EachA', 'Ps', [{'a': 1}, {'b': True}], 'X.680 51.8'),      # second element lacks a
]
BOUNDS = [
    ({'i': 5, 's': 'ab', 'l': [True]}, None),
    ({'i': 6, 's': 'ab', 'l': [True]}, 'X.680 51.4'),            # i outside 0..5
    ({'i': 0, 's': 'abab', 'l': [True]}, 'X.680 51.5'),          # SIZE (2..3)
    ({'i': 0, 's': 'ab', 'l': []}, 'X.680 51.5'),                # SIZE (1..2)
    ({'i': 0, 's': 'ac', 'l': [True]}, 'X.680 51.7'),            # 'c' not in FROM ("ab")
]

# (type, twin, value, clause broken or None): verdicts by hand from X.680.
EXACT = [
    ('I1', 'I1T', 3, None),
    ('I1', 'I1T', 2, 'X.680 51.2'),          # {1, 3, 5}: single values (51.2), not 1..5
    ('I2', 'I2T', 10, None),
    ('I2', 'I2T', 5, 'X.680 51.4'),          # 0..10 EXCEPT 5 = 0..4 | 6..10
    ('I4', 'I4T', 8, None),
    ('I4', 'I4T', 5, 'X.680 51.4'),          # 1..3 | 7..9
    ('I5', 'I5T', 4, None),
    ('I5', 'I5T', 5, 'X.680 51.4'),          # ALL EXCEPT 5
    ('I6', 'I6T', 100, None),
    ('I6', 'I6T', 50, 'X.680 51.4'),         # contained subtypes (51.3): 1..10 | 100..200
    ('Bo', 'BoT', True, None),
    ('Bo', 'BoT', False, 'X.680 51.2'),
    ('E', 'ET', 'b', None),
    ('E', 'ET', 'c', 'X.680 51.2'),
    ('S', 'ST', 'yes', None),
    ('S', 'ST', 'yex', 'X.680 51.2'),
    ('O', 'OT', b'\xff', None),
    ('O', 'OT', b'\x0e', 'X.680 51.2'),
    ('Oid', 'OidT', '2.5.4', None),
    ('Oid', 'OidT', '1.2.4', 'X.680 51.2'),
    ('Z', 'ZT', 'abcd', None),
    ('Z', 'ZT', 'ab', 'X.680 51.5'),         # SIZE (1 | 4 | 8)
    ('F', 'FT', 'ABF', None),
    ('F', 'FT', '123', None),
    ('F', 'FT', 'A1', 'X.680 51.7'),         # all of A-F or all of 0-9, not mixed
    ('F2', 'FT', 'A1', None),                # one alphabet: mixed is fine
    ('SU', 'SUT', 'x', None),
    ('SU', 'SUT', 'ABBA', None),
    ('SU', 'SUT', 'xy', 'X.680 50'),         # neither SIZE (1) nor FROM ("AB")
    ('Pat', 'PatT', '555-1234', None),
    ('Pat', 'PatT', '5551234', 'X.680 51.9'),
]


def exact_block(text):
    m = re.search(r'-- BEGIN exact\n(.*?)-- END exact\n', text, re.S)
    return m.group(1), text[:m.start()] + text[m.end():]


def asn1tools_verdict(block, ty, v):
    """What asn1tools' check_constraints says about v as ty (compiled alone with Small, Big)."""
    line = [l for l in block.splitlines() if l.startswith(ty + ' ::=')][0]
    src = ('M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n%s\nSmall ::= INTEGER (1..10)\n'
           'Big ::= INTEGER (100..200)\nEND\n' % line)
    try:
        spec = asn1tools.compile_string(src, 'ber')
    except Exception as e:  # noqa: BLE001 (any failure is the verdict)
        return 'cannot compile it (%s)' % type(e).__name__
    try:
        spec.encode(ty, v, check_constraints=True)
        return 'accepts it'
    except asn1tools.ConstraintsError as e:
        return 'rejects it (%s)' % str(e).split(': ', 1)[-1]
    except Exception as e:  # noqa: BLE001
        return 'fails (%s)' % type(e).__name__


def jer_value(spec, t, v):
    return json.loads(spec.encode(t, v).decode())


def main():
    path = os.path.join(OUT, SPEC)
    with open(path) as fh:
        block, without = exact_block(fh.read())
    specs = {r: asn1tools.compile_string(without, r) for r in RULES}
    tests = []

    def add(ty, enc_ty, v, clause, rule, kind, note=''):
        enc = specs[rule].encode(enc_ty, v)
        test = {
            'id': 'sg17-constraints-%s-%s-%d' % (rule, ty, len(tests)),
            'clause': clause or '%s (%s)' % (CLAUSE[rule], kind),
            'description': '%s value %s encoded by asn1tools %s as %s%s' % (ty, json.dumps(jer_value(specs['jer'], enc_ty, v)), rule, enc_ty, note),
            'input': enc.hex(),
            'result': 'invalid' if clause else 'valid',
            'expected': {'spec': SPEC, 'type': ty, 'rules': rule, 'inner_checks': True},
            'flags': ['constraints', rule],
        }
        if not clause:
            test['expected']['value'] = jer_value(specs['jer'], enc_ty, v)
        tests.append(test)

    for ty, enc_ty, v, clause in INNER:
        for rule in RULES:
            add(ty, enc_ty, v, clause, rule, 'inner subtyping')
    for v, clause in BOUNDS:
        for rule in (['ber', 'der', 'jer'] if clause else RULES):
            add('R', 'U' if clause else 'R', v, clause, rule, 'value range, SIZE, FROM')
    for ty, twin, v, clause in EXACT:
        note = '; asn1tools check_constraints %s' % asn1tools_verdict(block, ty, v) if ty != 'F2' else ''
        for rule in RULES:
            add(ty, twin, v, clause, rule, 'exact root', note)
    doc = {
        'suite': 'sg17 constraint checks',
        'recommendation': 'ITU-T X.680 (02/2021) 50, 51.2-51.5, 51.7-51.9',
        'source': 'asn1tools 0.169.0 (octets); verdicts and clauses from the constraint text and X.680 51 '
                  '(vectors/tools/asn1-schema/gen_constraints.py); module vectors/asn1-schema/' + SPEC,
        'runner': 'asn1-schema',
        'notes': ['invalid: the decoder must reject the input for exactly the clause given',
                  'expected.inner_checks: decode with inner subtype checks on (asn1tools random-value '
                  'vectors leave them off, see conformance::load_spec)'],
        'tests': tests,
    }
    with open(os.path.join(OUT, 'sg17-constraints.json'), 'w') as fh:
        json.dump(doc, fh, indent=1)
        fh.write('\n')
    print('wrote sg17-constraints.json', len(tests), 'tests')


if __name__ == '__main__':
    main()
