"""Question marks in text that has no converter site: how often repair() changes it.

The pinyin converter's M2 sites start at a ``?`` between Han characters, and a
whole lost character is a ``?`` too; a question mark in running text is
neither.  This script takes records of 1-3 sentences (the generator of
``pinyin_accuracy.py``, simplified files; ``--split train`` by default, the
split thresholds are tuned on) and writes into each, after a random Han
character, one of ``?``, ``??``, ``?!``, ``?@``, ``??@``, with an ASCII byte
(``A @ _ [ x`` or none) three characters further on, where a shifted run's
realigning byte would be.  It prints how many records ``repair()`` changes,
by what was written, and the first changes in full::

    python benchmarks/question_marks.py [--split train] [--records 6000] [--show 15]

The records are not clean text (a character may now be a lost one), so the
count is not a clean-text figure: it is the number to compare between two
versions (``PYTHONPATH=/other/src``) after a change to the site or hole search.
Deterministic (fixed seed), offline.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pinyin_accuracy as pa

import textrepair

MARKS = ("?", "??", "?!", "?@", "??@")
AFTER = ("A", "@", "_", "[", "x", "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=pa.REPO.parent / "shared" / "corpora")
    ap.add_argument("--split", choices=("train", "eval"), default="train")
    ap.add_argument("--records", type=int, default=6000)
    ap.add_argument("--show", type=int, default=15)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    written: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    shown = 0
    for _, rec in pa.eval_records(args.corpora, args.split)[:args.records]:
        if len(rec) < 12:
            continue
        k = rng.randrange(2, len(rec) - 6)
        if not "\u4e00" <= rec[k - 1] <= "\u9fff":
            continue
        mark = rng.choice(MARKS)
        text = rec[:k] + mark + rec[k:k + 3] + rng.choice(AFTER) + rec[k + 3:]
        written[mark] += 1
        out = textrepair.repair(text)
        if out != text:
            changed[mark] += 1
            if shown < args.show:
                shown += 1
                print(f"{text[max(0, k - 8):k + 14]!r} -> {out[max(0, k - 8):k + 14]!r}")
    print(f"\n{'written':>8} | {'records':>7} | {'changed':>7}")
    for mark in MARKS:
        print(f"{mark:>8} | {written[mark]:>7} | {changed[mark]:>7}")
    print(f"{'all':>8} | {sum(written.values()):>7} | {sum(changed.values()):>7}")


if __name__ == "__main__":
    main()
