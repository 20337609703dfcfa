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

Usage: python3 gen_constraints.py  (from any directory)
"""
import json
import os

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


def jer_value(spec, t, v):
    return json.loads(spec.encode(t, v).decode())


def main():
    path = os.path.join(OUT, SPEC)
    specs = {r: asn1tools.compile_files(path, r) for r in RULES}
    tests = []

    def add(ty, enc_ty, v, clause, rule, kind):
        enc = specs[rule].encode(enc_ty, v)
        test = {
            'id': 'sg17-constraints-%s-%s-%d' % (rule, ty, len(tests)),
            'clause': clause or '%s (%s)' % (CLAUSE[rule], kind),
            'description': '%s value %s encoded by asn1tools %s as %s' % (ty, json.dumps(jer_value(specs['jer'], enc_ty, v)), rule, enc_ty),
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
    doc = {
        'suite': 'sg17 constraint checks',
        'recommendation': 'ITU-T X.680 (02/2021) 51.4, 51.5, 51.7, 51.8',
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
