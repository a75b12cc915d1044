#!/usr/bin/env python3
"""Does ``repair`` stay linear?  Times it on inputs of size N and 2N, 4N ...

Inputs: one long line of clean Chinese without newlines (up to 10 MB), and
adversarial strings of random mojibake characters (rare Han, bopomofo, ``?``,
U+FFFD) with no spaces, which make every character suspicious.  Prints seconds
and the ratio time(2N)/time(N) (2.0 is linear).  A script, not a test: timings
depend on the machine.

    python benchmarks/scaling.py [--quick]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from _common import table

import textrepair

REPO = Path(__file__).resolve().parent.parent
CLEAN = REPO / "fixtures" / "clean" / "us_constitution_zhs.txt"
ADVERSARIAL = "鐢ㄦ埛鐧诲綍鎴愬姛娌℃湁鏁版嵁瑕佸彂浜嗭紝閫€鍑哄惊鐜涓銆?\ufffd"


def timed(text: str, fn: object = textrepair.repair) -> float:
    t0 = time.perf_counter()
    fn(text)  # type: ignore[operator]
    return time.perf_counter() - t0


def series(name: str, make: object, sizes: list[int],
           fn: object = textrepair.repair) -> list[list[str]]:
    rows = []
    prev = None
    for n in sizes:
        text = make(n)  # type: ignore[operator]
        dt = timed(text, fn)
        ratio = f"{dt / prev:.2f}" if prev else ""
        rows.append([name, f"{n:,}", f"{len(text.encode()) / 1e6:.2f}", f"{dt:.2f}", ratio])
        prev = dt
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (smoke run)")
    args = ap.parse_args(argv)
    textrepair.repair("鐢ㄦ埛")  # load tables once
    clean = CLEAN.read_text(encoding="utf-8").replace("\n", "")
    rng = random.Random(0)

    def clean_line(n: int) -> str:
        return (clean * (n // len(clean) + 1))[:n]

    def adversarial(n: int) -> str:
        return "".join(rng.choice(ADVERSARIAL) for _ in range(n))

    big = [400_000, 800_000, 1_600_000, 3_300_000]
    small = [4_000, 8_000, 16_000, 32_000]
    if args.quick:
        big, small = big[:2], small[:2]
    def letters_before_at(n: int) -> str:
        return "中," + "a" * n + " @b"  # clean(): a run next to an e-mail sign

    def dashes_before_dot(n: int) -> str:
        return "中," + "a-" * (n // 2) + " a.b"  # clean(): a run next to a file-name sign

    rows = (series("clean line", clean_line, big) + series("adversarial", adversarial, small)
            + series("clean(): letters + @", letters_before_at, big[:2], textrepair.clean)
            + series("clean(): a-a- + .", dashes_before_dot, big[:2], textrepair.clean))
    print(table(["input", "chars", "MB", "seconds", "t(2N)/t(N)"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
