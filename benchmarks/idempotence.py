#!/usr/bin/env python3
"""Issue 14's random sweep at any size: how many calls are not idempotent,
raise, or take long.

Strings mix CJK, mojibake made by reading UTF-8 as GBK with
``errors="replace"``, private use, box drawing, half-width forms, lone
surrogates and emoji (``damage.sweep``; the test suite runs 600 of them).
Also a sweep over every decoder family of ``damage.FAMILIES`` applied to the
sentences of the seed article.  For each string: ``f(f(x)) == f(x)`` for
``repair`` and ``clean``, ``detect`` does not raise, and the slowest call
(per 10 KB for the longer strings; the tables and the model are loaded first).

    python benchmarks/idempotence.py [--n 3000] [--seed 14] [--show 5]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

from damage import FAMILIES, sweep

import textrepair

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "fixtures" / "000_19a2de307fc1d14e.txt"


def family_sweep(n: int, seed: int) -> list[str]:
    """``n`` strings: a seed sentence, mojibake of another by a random family,
    and a third sentence, joined."""
    lines = [ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines()
             if len(ln.strip()) >= 4]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        fam = rng.choice(FAMILIES)
        middle = fam.damage(rng.choice(lines)[:80], rng) or ""
        out.append(rng.choice(lines)[:30] + middle + rng.choice(lines)[:30])
    return out


def check(name: str, texts: list[str], show: int) -> None:
    textrepair.clean("鐢ㄦ埛鐧诲綍鎴愬姛，這是測試")  # tables and model loaded before timing
    funcs: dict[str, Callable[[str], str]] = {"repair": textrepair.repair,
                                              "clean": textrepair.clean}
    for fname, f in funcs.items():
        bad: list[str] = []
        slowest = 0.0
        t0 = time.perf_counter()
        for text in texts:
            t = time.perf_counter()
            once = f(text)
            slowest = max(slowest, time.perf_counter() - t)
            if f(once) != once:
                bad.append(text)
        total = time.perf_counter() - t0
        print(f"{name:8} {fname:6}: {len(bad)}/{len(texts)} not idempotent, "
              f"slowest call {slowest:.2f} s, {total:.1f} s in all")
        for text in bad[:show]:
            print(f"    {text!r}")
    for text in texts:
        textrepair.detect(text)
    print(f"{name:8} detect: no exception on {len(texts)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--show", type=int, default=5)
    args = ap.parse_args()
    check("sweep", sweep(args.n, args.seed), args.show)
    check("families", family_sweep(args.n, args.seed), args.show)


if __name__ == "__main__":
    main()
