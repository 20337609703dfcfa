#!/usr/bin/env python3
"""Generate the sg17 entropy-assessment sample files under vectors/entropy/generated/.

Deterministic (seeded Mersenne Twister from the standard library), stdlib only.
Each file holds one sample per byte, like the inputs of NIST's ea_non_iid / ea_iid.

Usage: python3 gen_samples.py OUT_DIR
"""
import random
import sys
from pathlib import Path

N = 100_000


def biased_bits(rng, p_one):
    return bytes(1 if rng.random() < p_one else 0 for _ in range(N))


def markov_bits(rng, p_stay):
    out = bytearray(N)
    cur = rng.getrandbits(1)
    for i in range(N):
        if rng.random() >= p_stay:
            cur ^= 1
        out[i] = cur
    return bytes(out)


def biased_nibbles(rng):
    # Geometric-like weights over 16 symbols: symbol 0 is the most likely.
    weights = [0.8 ** s for s in range(16)]
    return bytes(rng.choices(range(16), weights=weights, k=N))


def random_walk_bytes(rng):
    # Correlated 8-bit samples: a random walk with small steps, mod 256.
    out = bytearray(N)
    cur = rng.getrandbits(8)
    for i in range(N):
        cur = (cur + rng.choice((-2, -1, 0, 0, 1, 2))) & 0xFF
        out[i] = cur
    return bytes(out)


def sparse_bytes(rng):
    # 8-bit samples using only 40 distinct values (exercises symbol translation).
    alphabet = sorted(rng.sample(range(256), 40))
    return bytes(rng.choice(alphabet) for _ in range(N))


def uniform_bytes(rng):
    return bytes(rng.getrandbits(8) for _ in range(N))


FILES = {
    "biased1_p0.3.bin": lambda r: biased_bits(r, 0.3),
    "markov1_stay0.7.bin": lambda r: markov_bits(r, 0.7),
    "biased4.bin": biased_nibbles,
    "walk8.bin": random_walk_bytes,
    "sparse8.bin": sparse_bytes,
    "uniform8.bin": uniform_bytes,
}


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    for seed, (name, gen) in enumerate(sorted(FILES.items()), start=2017):
        rng = random.Random(seed)
        (out / name).write_bytes(gen(rng))
        print(f"{name}: seed {seed}")


if __name__ == "__main__":
    main()
