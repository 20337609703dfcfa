#!/usr/bin/env python3
"""Restart matrix for the SP 800-90B 3.1.4 tests: 1000 rows (restarts) of 1000 one-bit samples.

Samples: top byte of a 64-bit LCG (x <- x * 6364136223846793005 + 1442695040888963407, seed
0x5347_3137) below 64, i.e. ones with probability 1/4; with --stuck N, the first N samples of
every restart are 0. crates/sg17-entropy/tests/restart.rs regenerates the same data.
Usage: gen_restart.py OUT [--stuck N]
"""
import sys

M = (1 << 64) - 1


def matrix(stuck):
    x = 0x5347_3137
    out = bytearray(1_000_000)
    for i in range(1_000_000):
        x = (x * 6364136223846793005 + 1442695040888963407) & M
        out[i] = 0 if i % 1000 < stuck else int((x >> 56) < 64)
    return bytes(out)


if __name__ == "__main__":
    stuck = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--stuck" else 0
    open(sys.argv[1], "wb").write(matrix(stuck))
