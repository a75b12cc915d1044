"""The measurement behind ``converter.HOLE_MARGIN``: misaligned sites of the
pinyin converter restored, kept or wrong, for each margin, on the train split.

A site's open bytes (a trail byte lost with a ``?``) are filled only when the
best reading costs HOLE_MARGIN nats less than the runner-up; below it the
site is kept and reported.  This script builds the sites of
``pinyin_accuracy.py`` (same generator, same rows) from the train split and
runs ``clean()`` on them once per margin::

    python benchmarks/pinyin_margin.py --margins 1.5,2,3

Counts are summed over the nine rows (300 sites each, 2,700 in all).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pinyin_accuracy as pa

import textrepair
from textrepair.repair import converter


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=pa.REPO.parent / "shared" / "corpora")
    ap.add_argument("--margins", default="1.5,2,3")
    args = ap.parse_args()
    found = pa.site_records(pa.eval_records(args.corpora, "train"))
    n = sum(len(v) for v in found.values())
    print(f"{n} sites from the train split ({len(found)} rows)")
    print(f"{'margin':>6} | {'restored':>8} | {'kept':>5} | {'wrong':>5}")
    for margin in (float(x) for x in args.margins.split(",")):
        converter.HOLE_MARGIN = margin
        textrepair.clear_caches(keep_tables=True)
        restored = kept = 0
        for items in found.values():
            for _, c in items:
                out = pa.fold(textrepair.clean(c.output))
                if out == pa.fold(textrepair.clean(c.traditional)):
                    restored += 1
                elif pa.kept_reported(c.output):
                    kept += 1
        print(f"{margin:6.2f} | {restored:8d} | {kept:5d} | {n - restored - kept:5d}")


if __name__ == "__main__":
    main()
