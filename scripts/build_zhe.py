#!/usr/bin/env python3
"""Regenerate ``src/textrepair/data/zhe.tsv.gz``: the words that decide 著 or 着.

Traditional text of Taiwan writes 著 for both zhù (著名, 显著) and zhe/zháo
(活著, 接著, 睡著); OpenCC's t2s keeps 著, so ``clean()`` of such text left
活著 (1,679 of the 1,748 characters t2s got wrong in 20,000 train records of
benchmarks/pinyin_accuracy.py).  The language model cannot tell the two: it
folds 著 to 着 (Unihan kSimplifiedVariant).  This table keeps every word of
jieba's dictionary (MIT, see ``src/textrepair/data/NOTICE``) that contains
着 or 著, with its frequency; :mod:`textrepair.normalize.zhe` reads it.

    python scripts/build_zhe.py --jieba ../shared/corpora/resources/jieba-dict.txt

Output (gzip, deterministic: mtime 0, sorted lines): ``word<TAB>frequency``.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "textrepair" / "data"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jieba", type=Path, required=True, help="jieba 0.42.1 dict.txt")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    freq: dict[str, int] = {}
    with args.jieba.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and ("着" in parts[0] or "著" in parts[0]):
                freq[parts[0]] = max(freq.get(parts[0], 0), int(parts[1]))
    raw = "".join(f"{w}\t{n}\n" for w, n in sorted(freq.items())).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "zhe.tsv.gz").write_bytes(buf.getvalue())
    print(f"zhe.tsv.gz: {len(freq)} words, {len(buf.getvalue())} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
