#!/usr/bin/env python3
"""Generates vectors/asn1-schema/*.json with asn1tools as the oracle.

* x691-annex-a.json: the X.691 (02/2021) Annex A.1-A.4 PersonnelRecord and Ax values
  (values as printed in X.691), encoded by asn1tools with PER ALIGNED and UNALIGNED; the
  expected prefixes printed in X.691 are asserted.
* <module>-<rule>.json: seeded random values of every type of each shipped module, encoded
  by asn1tools with each rule it supports.
* etsi-its-<rule>.json: the same for the CAM and DENM PDUs and some inner types of the ETSI ITS
  Release 2 set in modules/etsi-its/ (compiled as one schema).

Usage: python3 gen_vectors.py   (from any directory; needs `pip install asn1tools`)
"""
import copy
import glob
import json
import os
import random
import sys

import asn1tools

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, '..', '..', 'asn1-schema'))
MODULES = os.path.join(OUT, 'modules')

RECS = {
    'uper': 'ITU-T X.691 (02/2021)', 'per': 'ITU-T X.691 (02/2021)',
    'oer': 'ITU-T X.696 (02/2021)', 'jer': 'ITU-T X.697 (02/2021)',
    'ber': 'ITU-T X.690 (02/2021)', 'der': 'ITU-T X.690 (02/2021)',
    'xer': 'ITU-T X.693 (02/2021)',
}
CLAUSE = {'uper': 'X.691 10-30 (UNALIGNED)', 'per': 'X.691 10-30 (ALIGNED)', 'oer': 'X.696 8-27',
          'jer': 'X.697 17-33', 'ber': 'X.690 8', 'der': 'X.690 10-11', 'xer': 'X.693 8 (BASIC-XER)'}
SOURCE = 'asn1tools %s (pip), encoded by vectors/tools/asn1-schema/gen_vectors.py' % asn1tools.__version__


def jer_value(jer_spec, type_name, value):
    return json.loads(jer_spec.encode(type_name, value).decode())


def annex_a():
    child = lambda g, i, f, d: {'name': {'givenName': g, 'initial': i, 'familyName': f}, 'dateOfBirth': d}
    rec = {'name': {'givenName': 'John', 'initial': 'P', 'familyName': 'Smith'},
           'title': 'Director', 'number': 51, 'dateOfHire': '19710917',
           'nameOfSpouse': {'givenName': 'Mary', 'initial': 'T', 'familyName': 'Smith'},
           'children': [child('Ralph', 'T', 'Smith', '19571111'), child('Susan', 'B', 'Jones', '19590717')]}
    rec3 = copy.deepcopy(rec)
    rec3['children'][1]['sex'] = 'female'
    ax = {'a': 253, 'b': True, 'c': ('e', True), 'g': '123', 'h': True}
    # Prefixes of the encodings printed in X.691 Annex A (A.1.2 and A.1.3).
    printed = {('a1', 'per'): '80044a6f686e', ('a1', 'uper'): '824adfa3700d'}
    lengths = {('a1', 'per'): 94, ('a1', 'uper'): 84}
    tests = []
    for clause, f, t, v in [('A.1', 'a1', 'PersonnelRecord', rec), ('A.2', 'a2', 'PersonnelRecord', rec),
                            ('A.3', 'a3', 'PersonnelRecord', rec3), ('A.4', 'a4', 'Ax', ax)]:
        spec = 'modules/x691-%s.asn' % f
        jer = asn1tools.compile_files(os.path.join(OUT, spec), 'jer')
        for rule in ['per', 'uper']:
            enc = asn1tools.compile_files(os.path.join(OUT, spec), rule).encode(t, v)
            if (f, rule) in printed:
                assert enc.hex().startswith(printed[(f, rule)]) and len(enc) == lengths[(f, rule)], (f, rule)
            tests.append({
                'id': 'x691-%s-%s' % (f, 'aligned' if rule == 'per' else 'unaligned'),
                'clause': 'X.691 Annex %s' % clause,
                'description': '%s value of X.691 %s, %s variant' % (t, clause, 'ALIGNED' if rule == 'per' else 'UNALIGNED'),
                'input': enc.hex(),
                'result': 'valid',
                'expected': {'spec': spec, 'type': t, 'rules': rule, 'value': jer_value(jer, t, v)},
                'flags': ['annex-a', rule],
            })
    write('x691-annex-a.json', 'X.691 Annex A examples', 'ITU-T X.691 (02/2021)',
          'ITU-T X.691 (02/2021) Annex A (modules and values); octets from ' + SOURCE, tests)


def write(name, suite, rec, source, tests, notes=()):
    doc = {'suite': suite, 'recommendation': rec, 'source': source, 'runner': 'asn1-schema'}
    if notes:
        doc['notes'] = list(notes)
    doc['tests'] = tests
    with open(os.path.join(OUT, name), 'w') as fh:
        json.dump(doc, fh, indent=1, sort_keys=False)
        fh.write('\n')
    print('wrote', name, len(tests), 'tests')


class Gen:
    """Random values for a module parsed by asn1tools.parse_files."""

    def __init__(self, module, rng, others=()):
        # `others`: the other modules of a multi-module set (imported names are unique in it).
        self.types = dict(module['types'])
        self.values = dict(module.get('values', {}))
        for m in others:
            self.types.update(m['types'])
            self.values.update(m.get('values', {}))
        self.rng = rng

    def num(self, x):
        if isinstance(x, str) and x in self.values:
            return self.values[x]['value']
        return x

    def ranges(self, spec):
        out = []
        for r in spec or []:
            if r is None:
                break  # root only
            if isinstance(r, tuple):
                out.append((self.num(r[0]), self.num(r[1])))
            else:
                out.append((self.num(r), self.num(r)))
        return out

    def pick_int(self, spec, lo_default=-10**6, hi_default=10**6):
        rs = self.ranges(spec)
        if not rs:
            return self.rng.choice([0, 1, -1, 127, 128, -129, 65535, 2**31, -2**40, self.rng.randint(lo_default, hi_default)])
        lo, hi = self.rng.choice(rs)
        lo = lo_default if lo == 'MIN' else lo
        hi = (lo + 10**6) if hi == 'MAX' else hi
        return self.rng.choice([lo, hi, self.rng.randint(lo, hi)])

    def size(self, t, default_max=20):
        rs = self.ranges(t.get('size'))
        if not rs:
            return self.rng.choice([0, 1, self.rng.randint(0, default_max), 200])
        lo, hi = self.rng.choice(rs)
        hi = lo + default_max if hi == 'MAX' else hi
        return self.rng.choice([lo, hi, self.rng.randint(lo, hi)])

    def alphabet(self, t, base):
        if 'from' in t:
            chars = []
            for r in t['from']:
                if isinstance(r, tuple):
                    chars += [chr(c) for c in range(ord(r[0]), ord(r[1]) + 1)]
                else:
                    chars += list(r)
            return chars
        return base

    def value(self, t, depth=0):
        ty = t['type']
        if ty in self.types:
            merged = dict(self.types[ty])
            for k in ('size', 'restricted-to', 'from'):
                if k in t:
                    merged[k] = t[k]
            return self.value(merged, depth + 1)
        r = self.rng
        if ty == 'BOOLEAN':
            return r.random() < 0.5
        if ty == 'NULL':
            return None
        if ty == 'INTEGER':
            return self.pick_int(t.get('restricted-to'))
        if ty == 'ENUMERATED':
            names = [v[0] for v in t['values'] if v is not None and v != '...']
            return r.choice(names)
        if ty == 'BIT STRING':
            n = self.size(t, 40)
            data = bytes(r.getrandbits(8) for _ in range((n + 7) // 8))
            if n % 8:
                data = data[:-1] + bytes([data[-1] & (0xFF << (8 - n % 8)) & 0xFF])
            if t.get('named-bits') and n:
                data = data[:-1] + bytes([data[-1] | (0x80 >> ((n - 1) % 8))])  # no trailing zero bit
            return (data, n)
        if ty == 'OCTET STRING':
            return bytes(r.getrandbits(8) for _ in range(self.size(t, 40)))
        if ty == 'OBJECT IDENTIFIER':
            first = r.randint(0, 2)
            arcs = [first, r.randint(0, 39)] + [r.choice([0, 1, 127, 128, 840, 113549, 2**32]) for _ in range(r.randint(0, 5))]
            return '.'.join(map(str, arcs))
        bases = {
            'NumericString': ' 0123456789',
            'PrintableString': 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 \'()+,-./:=?',
            'IA5String': ''.join(chr(c) for c in range(128)),
            'VisibleString': ''.join(chr(c) for c in range(32, 127)),
            'BMPString': 'abcXYZ\u00e9\u4e2d\u0416 ',
            'UTF8String': 'abc \u00e9\u4e2d\U0001F600',
        }
        if ty in bases:
            chars = self.alphabet(t, list(bases[ty]))
            return ''.join(r.choice(chars) for _ in range(self.size(t, 12)))
        if ty in ('SEQUENCE', 'SET'):
            out = {}
            markers = 0
            for m in t['members']:
                if m is None:
                    markers += 1
                    continue
                group = m if isinstance(m, list) else [m]
                if markers == 1 and (r.random() < 0.5 or depth > 6):
                    continue  # extension additions (single or group) are absent as a whole
                for g in group:
                    if g is None:
                        continue
                    if g.get('optional') or 'default' in g:
                        if r.random() < 0.5 or depth > 6:
                            continue
                    out[g['name']] = self.member_value(g, depth + 1)
            return out
        if ty in ('SEQUENCE OF', 'SET OF'):
            n = self.size(t, 4)
            if depth > 6:
                n = self.ranges(t.get('size'))[0][0] if t.get('size') else 0
            return [self.value(t['element'], depth + 1) for _ in range(min(n, 6) if depth else n)]
        if ty == 'CHOICE':
            m = r.choice(self.members(t['members']))
            return (m['name'], self.member_value(m, depth + 1))
        raise NotImplementedError(ty)

    def resolve(self, t):
        while t['type'] in self.types:
            t = self.types[t['type']]
        return t

    def member_value(self, m, depth):
        """A value of member `m` that also meets its WITH COMPONENTS inner subtyping (X.680
        51.8) where asn1tools records it: single values, SIZE on a component, ABSENT. These
        constraints are not PER-visible (X.691 10.3), so they only keep the values valid."""
        wc = [c for c in m.get('with-components') or [] if c is not None]
        if not wc:
            return self.value(m, depth)
        absent = {n for n, c in wc if c == 'ABSENT'}
        for _ in range(100):
            v = self.value(m, depth)
            if isinstance(v, tuple) and v[0] in absent:
                continue
            if isinstance(v, dict):
                for n in absent:
                    v.pop(n, None)
            break
        else:
            raise NotImplementedError('WITH COMPONENTS on %s' % m['name'])
        inner = self.resolve(m)
        comps = {c['name']: c for c in self.members(inner.get('members', []))}
        for n, c in wc:
            if c in ('ABSENT', 'PRESENT') or n not in comps:
                continue
            if isinstance(c, dict) and 'size' in c:
                hi = self.ranges(c['size'])[0][1]
                if isinstance(v, tuple) and isinstance(v[1], dict) and isinstance(v[1].get(n), list):
                    v[1][n] = v[1][n][:hi]
                elif isinstance(v, dict) and isinstance(v.get(n), list):
                    v[n] = v[n][:hi]
            elif isinstance(v, dict) and not isinstance(c, dict):
                named = self.resolve(comps[n]).get('named-numbers', {})
                v[n] = named.get(c, c) if isinstance(c, str) else c
        return v

    def gap(self, rule, t, v, depth=0):
        """The clause asn1tools gets wrong for this value under `rule`, or None.

        Known asn1tools 0.169.0 gaps (the sg17 codec follows the recommendation):
        * DER: SET components are not sorted by tag (X.690 10.3) and SET OF components are not
          sorted by encoding (X.690 11.6);
        * BER/DER: components after the second extension marker are written before the
          extension additions instead of in textual order (X.690 8.9.2);
        * PER: an INTEGER with a lower bound only is encoded as unconstrained instead of as a
          semi-constrained whole number (X.691 13.2.3 / 11.7);
        * XER: control characters are dropped instead of written as the empty elements of
          X.693 Table 3;
        * OER: extension addition groups are encoded as separate additions instead of one
          SEQUENCE-like open type (X.696 16.4), and a SIZE constraint written on a reference
          to a constrained string type is not applied (X.680 49.1 serial application;
          X.696 27.2 fixed-size strings have no length);
        * OER: an INTEGER with an extensible value constraint and a non-negative lower bound is
          encoded as a length-prefixed unsigned number; an extensible constraint is not
          OER-visible (X.696 8.2.2), so it is unconstrained: a signed number (X.696 10.4),
          which differs when the top bit of the unsigned form is set;
        * PER: a SIZE constraint written on a reference to a SEQUENCE OF / SET OF type that
          has its own SIZE constraint is not applied (X.680 49.1 serial application; the
          length is encoded from the referenced type's bounds, X.691 20.6).
        """
        if depth > 40:
            return None
        ty = t['type']
        if ty in self.types:
            ref = self.types[ty]
            if rule == 'oer' and 'size' in t and 'size' in ref:
                return 'X.696 27.2 / X.680 49.1'
            if rule in ('per', 'uper') and 'size' in t and 'size' in ref and ref['type'] in ('SEQUENCE OF', 'SET OF'):
                return 'X.691 20.6 / X.680 49.1'
            merged = dict(ref)
            for k in ('size', 'restricted-to', 'from'):
                if k in t:
                    merged[k] = t[k]
            return self.gap(rule, merged, v, depth + 1)
        if ty == 'INTEGER' and rule == 'oer' and None in (t.get('restricted-to') or []) and isinstance(v, int):
            lb = self.ranges(t['restricted-to'])[0][0]
            if isinstance(lb, int) and lb >= 0 and v >= 0 and v.bit_length() % 8 == 0 and v:
                return 'X.696 8.2.2'  # the signed form needs one more octet than the unsigned one
        if ty == 'INTEGER' and rule in ('per', 'uper'):
            rs = t.get('restricted-to') or []
            if any(isinstance(r, tuple) and r[1] == 'MAX' and r[0] != 'MIN' for r in rs):
                return 'X.691 11.7'
        if ty in ('SEQUENCE', 'SET'):
            if rule == 'der' and ty == 'SET' and len(v) >= 2:
                return 'X.690 10.3'
            ms = t['members']
            markers = [i for i, m in enumerate(ms) if m is None]
            if len(markers) >= 2:
                adds = self.members(ms[markers[0] + 1:markers[1]])
                root2 = self.members(ms[markers[1] + 1:])
                if rule in ('ber', 'der') and any(m['name'] in v for m in adds) and any(m['name'] in v for m in root2):
                    return 'X.690 8.9.2'
            if rule == 'oer' and markers:
                end = markers[1] if len(markers) > 1 else len(ms)
                for g in ms[markers[0] + 1:end]:
                    if isinstance(g, list) and any(m is not None and m['name'] in v for m in g):
                        return 'X.696 16.4'
            for m in self.members(ms):
                if m['name'] in v:
                    r = self.gap(rule, m, v[m['name']], depth + 1)
                    if r:
                        return r
            return None
        if ty in ('SEQUENCE OF', 'SET OF'):
            if rule == 'der' and ty == 'SET OF' and len(v) >= 2:
                return 'X.690 11.6'
            for x in v:
                r = self.gap(rule, t['element'], x, depth + 1)
                if r:
                    return r
            return None
        if ty == 'CHOICE':
            m = [m for m in self.members(t['members']) if m['name'] == v[0]][0]
            return self.gap(rule, m, v[1], depth + 1)
        if rule == 'xer' and isinstance(v, str) and any(ord(c) < 32 or ord(c) == 127 for c in v):
            return 'X.693 8.2 Table 3'  # asn1tools drops control characters
        return None

    @staticmethod
    def members(ms):
        out = []
        for m in ms:
            if m is None:
                continue
            if isinstance(m, list):
                out += [x for x in m if x is not None]
            else:
                out.append(m)
        return out


def differential(module_file, count=12, seed=17):
    path = os.path.join(MODULES, module_file)
    parsed = asn1tools.parse_files(path)
    (mname, module), = parsed.items()
    base = module_file.rsplit('.', 1)[0]
    rng = random.Random('%s-%d' % (base, seed))
    gen = Gen(module, rng)
    values = []
    for tname in module['types']:
        for i in range(count):
            try:
                values.append((tname, i, gen.value({'type': tname})))
            except NotImplementedError as e:
                print('skip value', tname, e, file=sys.stderr)
                break
    emit(base, mname, [path], 'modules/' + module_file, gen, values, seed)


def differential_set(set_dir, counts, seed=17):
    """Vectors for the listed types of a multi-module set `modules/<set_dir>/*.asn` (compiled
    as one schema; the vectors name the directory as their `spec`)."""
    paths = sorted(glob.glob(os.path.join(MODULES, set_dir, '*.asn')))
    parsed = asn1tools.parse_files(paths)
    owner = {t: m for m in parsed.values() for t in m['types']}
    rng = random.Random('%s-%d' % (set_dir, seed))
    values = []
    for tname, count in counts:
        gen = Gen(owner[tname], rng, parsed.values())
        values += [(tname, i, gen.value({'type': tname})) for i in range(count)]
    emit(set_dir, ', '.join(parsed), paths, 'modules/' + set_dir, gen, values, seed)


def emit(base, mname, paths, spec_ref, gen, values, seed):
    specs = {rule: asn1tools.compile_files(paths, rule) for rule in RECS}
    for rule, spec in specs.items():
        tests = []
        skipped = {}
        for tname, i, v in values:
            clause = gen.gap(rule, {'type': tname}, v)
            if clause:
                # asn1tools is wrong for this case (see Gen.gap); left out, counted in notes.
                skipped[clause] = skipped.get(clause, 0) + 1
                continue
            try:
                enc = spec.encode(tname, v)
                jer = jer_value(specs['jer'], tname, v)
                # The oracle must read back its own encoding.
                spec.decode(tname, enc)
            except Exception as e:  # asn1tools cannot encode the value (e.g. an absent group)
                print('skip', rule, tname, i, type(e).__name__, e, file=sys.stderr)
                key = 'asn1tools raised %s' % type(e).__name__
                skipped[key] = skipped.get(key, 0) + 1
                continue
            tests.append({
                'id': '%s-%s-%s-%d' % (base, rule, tname, i),
                'clause': CLAUSE[rule],
                'description': 'random %s value #%d (seed %d) encoded by asn1tools %s' % (tname, i, seed, rule),
                'input': enc.hex(),
                'result': 'valid',
                'expected': {'spec': spec_ref, 'type': tname, 'rules': rule, 'value': jer},
                'flags': ['differential', rule],
            })
        notes = [('%d random values left out: %s' % (n, c)) if c.startswith('asn1tools raised') else
                 ('%d random values left out where asn1tools %s does not follow %s (see gen_vectors.py Gen.gap)'
                  % (n, rule, c)) for c, n in sorted(skipped.items())]
        write('%s-%s.json' % (base, rule), '%s differential (%s)' % (mname, rule), RECS[rule],
              SOURCE + '; module vectors/asn1-schema/' + spec_ref, tests, notes)


# ETSI ITS Release 2 (vectors/SOURCES.md): the CAM and DENM PDUs and some of their containers.
ETSI_ITS_TYPES = [('CAM', 14), ('DENM', 14), ('CamParameters', 4), ('DenmPayload', 4),
                  ('BasicVehicleContainerLowFrequency', 3), ('LocationContainer', 3), ('AlacarteContainer', 3),
                  ('PerceivedObject', 3), ('Shape', 3), ('ItsPduHeader', 2)]


if __name__ == '__main__':
    annex_a()
    for f in ['x691-a1.asn', 'x691-a2.asn', 'x691-a3.asn', 'x691-a4.asn', 'sg17-coverage.asn']:
        differential(f)
    differential_set('etsi-its', ETSI_ITS_TYPES)
