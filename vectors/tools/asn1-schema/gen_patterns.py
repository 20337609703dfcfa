"""Writes crates/sg17-asn1-schema/tests/data/patterns-python-re.json: random X.680 Annex A
regular expressions over the subset sg17 supports (literals, `.`, `[...]`, `[^...]`, ranges,
`\\d`, groups, `|`, `*`, `+`, `?`, `#n`, `#(n)`, `#(n,)`, `#(,m)`, `#(n,m)`), each with
strings and whether the whole string matches, as decided by Python's `re` (an independent,
backtracking implementation) on the pattern translated to its syntax: `#n` -> `{n}`,
`#(n,m)` -> `{n,m}`, `#(,m)` -> `{0,m}`, `\\d` -> `[0-9]`, `.` with DOTALL, re.fullmatch.

Usage: python3 gen_patterns.py  (from any directory; seeded, so the output is reproducible)
"""
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', '..', 'crates', 'sg17-asn1-schema', 'tests', 'data',
                   'patterns-python-re.json')
ALPHABET = 'abc1-.'


# Each builder returns (Annex A text, Python text, sampler): the sampler draws a string the
# pattern is meant to match (Python's verdict on it is what is recorded, not the intent).
def atom(rng, depth):
    k = rng.randrange(10 if depth < 3 else 6)
    if k < 3:
        c = rng.choice('abc1')
        return c, re.escape(c), lambda r: c
    if k == 3:
        return '.', '.', lambda r: r.choice(ALPHABET)
    if k == 4:
        lo, hi = sorted(rng.sample('abc', 2))
        neg = rng.random() < 0.3
        s = '[%s%s-%s]' % ('^' if neg else '', lo, hi)
        inside = [c for c in ALPHABET if (lo <= c <= hi) != neg]
        return s, s, lambda r: r.choice(inside)
    if k == 5:
        return r'\d', '[0-9]', lambda r: r.choice('0123456789')
    if k == 6:
        return r'\.', r'\.', lambda r: '.'
    a, p, g = alt(rng, depth + 1)
    return '(%s)' % a, '(?:%s)' % p, g


def quant(rng, a, p, g):
    k = rng.randrange(9)
    rep = lambda lo, hi: lambda r: ''.join(g(r) for _ in range(r.randint(lo, hi)))
    if k < 3:
        return a, p, g
    if k == 3:
        return a + '*', p + '*', rep(0, 3)
    if k == 4:
        return a + '+', p + '+', rep(1, 3)
    if k == 5:
        return a + '?', p + '?', rep(0, 1)
    n = rng.randrange(4)
    m = n + rng.randrange(3)
    if k == 6:
        return '%s#%d' % (a, n), '%s{%d}' % (p, n), rep(n, n)
    if k == 7:
        return '%s#(%d,%d)' % (a, n, m), '%s{%d,%d}' % (p, n, m), rep(n, m)
    if rng.random() < 0.5:
        return '%s#(%d,)' % (a, n), '%s{%d,}' % (p, n), rep(n, n + 2)
    return '%s#(,%d)' % (a, m), '%s{0,%d}' % (p, m), rep(0, m)


def cat(rng, depth):
    parts = [quant(rng, *atom(rng, depth)) for _ in range(rng.randrange(1, 4))]
    return (''.join(a for a, _, _ in parts), ''.join(p for _, p, _ in parts),
            lambda r: ''.join(g(r) for _, _, g in parts))


def alt(rng, depth):
    alts = [cat(rng, depth) for _ in range(1 if rng.random() < 0.7 else 2)]
    return ('|'.join(a for a, _, _ in alts), '|'.join(p for _, p, _ in alts),
            lambda r: r.choice(alts)[2](r))


def main():
    rng = random.Random(17)
    cases = []
    for _ in range(400):
        asn1, py, sample = alt(rng, 0)
        # `#3` before a literal digit would read as `#31`: write `#(3)` there.
        asn1 = re.sub(r'#(\d)(?=\d)', r'#(\1)', asn1)
        rx = re.compile(py, re.DOTALL)
        strings = set()
        for _ in range(8):
            strings.add(''.join(rng.choice(ALPHABET) for _ in range(rng.randrange(7))))
        for _ in range(8):
            s = sample(rng)
            strings.add(s)
            if s:  # and a near miss
                i = rng.randrange(len(s))
                strings.add(s[:i] + rng.choice(ALPHABET) + s[i + 1:])
        strings = sorted(strings)
        cases.append({'pattern': asn1, 'python': py,
                      'strings': [[s, rx.fullmatch(s) is not None] for s in strings]})
    doc = {'source': 'Python %s re.fullmatch (vectors/tools/asn1-schema/gen_patterns.py)' % '.'.join(
        map(str, __import__('sys').version_info[:3])), 'cases': cases}
    with open(OUT, 'w') as fh:
        fh.write('{"source": %s,\n "cases": [\n' % json.dumps(doc['source']))
        fh.write(',\n'.join(json.dumps(c) for c in cases))
        fh.write('\n]}\n')
    n = sum(len(c['strings']) for c in cases)
    print('wrote', OUT, len(cases), 'patterns', n, 'strings',
          sum(m for c in cases for _, m in c['strings']), 'matching')


if __name__ == '__main__':
    main()
