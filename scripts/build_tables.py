#!/usr/bin/env python3
"""Regenerate the data tables under ``src/textrepair/data/``.

Sources (all permissively licensed, see ``src/textrepair/data/NOTICE``):

* jieba 0.42.1 ``dict.txt`` (MIT): 349k words with frequencies.  Character
  counts are the frequency-weighted sum over the words that contain the
  character; bigram counts are the frequency-weighted word-internal pairs.
* Unicode Han database 15.0 (Unicode licence): ``kGB0`` (GB 2312),
  ``kBigFive`` (Big5), ``kFrequency``, ``kSimplifiedVariant``.
* pypinyin 0.55 ``pinyin_dict`` (MIT, derived from Unihan's readings via the
  pinyin-data project): tone-marked Mandarin readings.  The shared Unihan
  extract has no ``Unihan_Readings.txt``, so this is the readings source.

Usage::

    python scripts/build_tables.py --jieba ../shared/corpora/resources/jieba-dict.txt \
        --unihan ../shared/corpora/resources/unihan

Output (gzip, deterministic: fixed mtime, sorted lines):

* ``chars.tsv.gz``: ``char<TAB>count<TAB>flags<TAB>simplified<TAB>readings``
  where flags is a subset of ``g`` (GB 2312), ``b`` (Big5) and a kFrequency
  digit ``1``-``5``; simplified is the kSimplifiedVariant (or empty);
  readings are comma-separated tone-marked syllables.
* ``bigrams.tsv.gz``: ``ab<TAB>count`` for word-internal character pairs, with
  both characters folded to simplified, pruned below ``--min-bigram``.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import io
import itertools
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "textrepair" / "data"


def unihan_fields(path: Path) -> Iterator[tuple[str, str, str]]:
    """Yield (char, field, value) from a bz2-compressed Unihan text file."""
    with bz2.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("U+"):
                continue
            cp, field, value = line.rstrip("\n").split("\t", 2)
            yield chr(int(cp[2:], 16)), field, value


def first_variant(value: str) -> str:
    """Return the first code point of a Unihan variant field value."""
    cp = value.split()[0].split("<")[0]
    return chr(int(cp[2:], 16))


def write_gz(path: Path, lines: list[str]) -> None:
    """Write lines as deterministic gzip (mtime 0)."""
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    path.write_bytes(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jieba", type=Path, required=True)
    ap.add_argument("--unihan", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-bigram", type=int, default=3,
                    help="drop bigrams whose weighted count is below this")
    args = ap.parse_args(argv)

    try:
        from pypinyin.pinyin_dict import pinyin_dict
    except ImportError:
        print("pypinyin is needed to build the readings table: pip install pypinyin",
              file=sys.stderr)
        return 2

    char_count: Counter[str] = Counter()
    word_pairs: Counter[str] = Counter()
    with args.jieba.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            for ch in word:
                if HAN.match(ch):
                    char_count[ch] += freq
            for a, b in itertools.pairwise(word):
                if HAN.match(a) and HAN.match(b):
                    word_pairs[a + b] += freq

    flags: dict[str, set[str]] = {}
    simp: dict[str, str] = {}
    for name in ("Unihan_OtherMappings.txt.bz2", "Unihan_DictionaryLikeData.txt.bz2",
                 "Unihan_Variants.txt.bz2"):
        for ch, field, value in unihan_fields(args.unihan / name):
            if field == "kGB0":
                flags.setdefault(ch, set()).add("g")
            elif field == "kBigFive":
                flags.setdefault(ch, set()).add("b")
            elif field == "kFrequency":
                flags.setdefault(ch, set()).add(value.strip()[:1])
            elif field == "kSimplifiedVariant":
                s = first_variant(value)
                if s != ch:
                    simp[ch] = s

    chars = set(char_count) | set(flags) | set(simp)
    lines = []
    for ch in sorted(chars):
        readings = pinyin_dict.get(ord(ch), "")
        lines.append("\t".join((ch, str(char_count.get(ch, 0)),
                                "".join(sorted(flags.get(ch, ()))), simp.get(ch, ""),
                                readings)))
    args.out.mkdir(parents=True, exist_ok=True)
    write_gz(args.out / "chars.tsv.gz", lines)

    folded: Counter[str] = Counter()
    for pair, n in word_pairs.items():
        folded[simp.get(pair[0], pair[0]) + simp.get(pair[1], pair[1])] += n
    bigram_lines = [f"{p}\t{n}" for p, n in sorted(folded.items()) if n >= args.min_bigram]
    write_gz(args.out / "bigrams.tsv.gz", bigram_lines)
    print(f"chars: {len(lines)}  bigrams: {len(bigram_lines)} (of {len(folded)})",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
