"""Throughput benchmark: textrepair vs ftfy, OpenCC and chardet on the same Chinese inputs.

Each input is split into documents the way a corpus pipeline sees them (pages
of about 2 KB, cut at line boundaries) and every tool is called once per
document.  Throughput is UTF-8 bytes of input / seconds, best of --repeat runs,
after one warm-up call per tool (textrepair and OpenCC load tables lazily).

Inputs (from the development corpora, /work/shared/corpora by default):
  simplified   us_constitution_zhs + chardet gb18030 feeds (tags stripped) +
               cpython gb2312/gbk/gb18030 truths, repeated to >= 2 MB
  traditional  chardet big5 feeds (tags stripped) + cpython big5 truth, >= 1 MB
  classical    zuozhuan.txt, first 1 MB
  damaged      the simplified pages, each with one ~200-character paragraph
               damaged as UTF-8 read as GBK (Windows decode)
--quick divides every size by 10.  Deterministic (fixed seed), no network.

    python benchmarks/speed.py [--quick] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import functools
import json
import platform
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import chardet
import ftfy
import opencc
from _common import clear_memos, strip_tags, table
from ftfy.badness import is_bad

import textrepair
from textrepair.repair.bytemaps import lenient_decode as decode_like

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
FTFY_SAFE = ftfy.TextFixerConfig(fix_character_width=False, uncurl_quotes=False)
PAGE_BYTES = 2048
MB = 1_000_000


def page_text(text: str) -> str:
    """Tag-stripped text with runs of blank lines collapsed."""
    return re.sub(r"\n\s*\n+", "\n\n", strip_tags(text))


def read_feeds(folder: Path, codec: str) -> str:
    return "\n\n".join(page_text(p.read_bytes().decode(codec)) for p in sorted(folder.iterdir()))


def paginate(text: str, page_bytes: int = PAGE_BYTES) -> list[str]:
    """Split at line boundaries into documents of about ``page_bytes`` UTF-8 bytes."""
    docs: list[str] = []
    cur: list[str] = []
    size = 0
    for line in text.splitlines(keepends=True):
        while len(line.encode("utf-8")) > page_bytes:  # very long line: cut it
            cut = page_bytes // 3
            docs.append(line[:cut])
            line = line[cut:]
        cur.append(line)
        size += len(line.encode("utf-8"))
        if size >= page_bytes:
            docs.append("".join(cur))
            cur, size = [], 0
    if cur:
        docs.append("".join(cur))
    return [d for d in docs if d.strip()]


def repeat_to(docs: list[str], target: int) -> list[str]:
    out: list[str] = []
    total = 0
    while total < target:
        for d in docs:
            out.append(d)
            total += len(d.encode("utf-8"))
            if total >= target:
                break
    return out


def damage_one_paragraph(doc: str, rng: random.Random) -> str:
    """Damage (up to) 200 characters of one line as UTF-8 read as GBK by Windows."""
    lines = doc.splitlines(keepends=True)
    idx = [i for i, ln in enumerate(lines) if len(ln.strip()) >= 20] or list(range(len(lines)))
    i = rng.choice(idx)
    ln = lines[i]
    start = rng.randrange(max(1, len(ln.rstrip("\n")) - 200))
    span = ln[start:start + 200].rstrip("\n")
    lines[i] = ln[:start] + decode_like(span.encode("utf-8"), "gbk", decoder="windows") + \
        ln[start + len(span):]
    return "".join(lines)


def build_inputs(root: Path, scale: float, seed: int) -> dict[str, list[str]]:
    chardet_dir = root / "legacy" / "chardet" / "tests"
    cpy = root / "legacy" / "cpython-cjkencodings"
    simp = "\n\n".join([
        (root / "clean" / "us_constitution_zhs.txt").read_text("utf-8"),
        read_feeds(chardet_dir / "gb18030-chinese", "gb18030"),
        *((cpy / f"{n}-utf8.txt").read_text("utf-8") for n in ("gb2312", "gbk", "gb18030")),
    ])
    trad = "\n\n".join([read_feeds(chardet_dir / "big5-chinese", "big5"),
                        (cpy / "big5-utf8.txt").read_text("utf-8")])
    zuo = (root / "clean" / "zuozhuan.txt").read_bytes()[:int(MB * scale)]
    simp_docs = repeat_to(paginate(simp), int(2 * MB * scale))
    rng = random.Random(seed)
    return {
        "simplified": simp_docs,
        "traditional": repeat_to(paginate(trad), int(MB * scale)),
        "classical": paginate(zuo.decode("utf-8", errors="ignore")),
        "damaged": [damage_one_paragraph(d, rng) for d in simp_docs],
    }


def tools() -> dict[str, Callable[[Any], object]]:
    t2s = opencc.OpenCC("t2s.json")
    return {
        "repair": textrepair.repair,
        "clean": textrepair.clean,
        "ftfy_safe": functools.partial(ftfy.fix_text, config=FTFY_SAFE),
        "ftfy_default": ftfy.fix_text,
        "ftfy_is_bad": is_bad,
        "opencc_t2s": t2s.convert,
        "chardet": chardet.detect,  # called on the document's UTF-8 bytes
    }


def time_tool(name: str, fn: Callable[[Any], object], docs: list[str], data: list[bytes],
              repeat: int, errors: list[dict[str, str]]) -> float:
    args: list[Any] = data if name == "chardet" else docs
    best = float("inf")
    for _ in range(repeat):
        # textrepair memoizes pure functions (beam searches, encodings): each
        # timed pass starts from empty memos, so repeats and the other
        # textrepair tool cannot flatter it (tables stay loaded)
        clear_memos("textrepair")
        t0 = time.perf_counter()
        for d in args:
            try:
                fn(d)
            except Exception as e:  # a benchmark records every crash
                if len(errors) < 50:
                    errors.append({"tool": name, "error": f"{type(e).__name__}: {e}",
                                   "input": d if isinstance(d, str) else repr(d)})
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus-root", type=Path, default=DEFAULT_CORPORA,
                    help=f"development corpora (default: {DEFAULT_CORPORA})")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per tool; best is kept")
    ap.add_argument("--quick", action="store_true", help="inputs 10x smaller (smoke run)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = ap.parse_args(argv)

    inputs = build_inputs(args.corpus_root, 0.1 if args.quick else 1.0, args.seed)
    fns = tools()
    for name, fn in fns.items():  # warm-up: lazy tables, converters, regexes
        for docs in inputs.values():
            fn(docs[0].encode("utf-8") if name == "chardet" else docs[0])

    errors: list[dict[str, str]] = []
    results: dict[str, dict[str, float]] = {}
    sizes: dict[str, float] = {}
    for iname, docs in inputs.items():
        data = [d.encode("utf-8") for d in docs]
        sizes[iname] = sum(map(len, data)) / MB
        results[iname] = {}
        for tname, fn in fns.items():
            secs = time_tool(tname, fn, docs, data, args.repeat, errors)
            results[iname][tname] = sizes[iname] / secs

    print(f"Throughput in MB/s (UTF-8 bytes of input / s), best of {args.repeat}; "
          "each tool called once per document (~2 KB pages cut at line boundaries),")
    print("as a corpus pipeline would; chardet.detect gets the document's UTF-8 bytes. "
          f"Python {platform.python_version()}, textrepair {textrepair.__version__}, "
          f"ftfy {ftfy.__version__}, chardet {chardet.__version__}"
          + (" [--quick: inputs 10x smaller]" if args.quick else "") + "\n")
    cols = list(fns)
    print(table(["input", "docs", "size MB", *cols],
                [[i, str(len(inputs[i])), f"{sizes[i]:.2f}",
                  *(f"{results[i][t]:.2f}" for t in cols)] for i in inputs]))
    ratios = {"repair/ftfy_safe": ("repair", "ftfy_safe"),
              "clean/ftfy_safe": ("clean", "ftfy_safe"),
              "clean/opencc_t2s": ("clean", "opencc_t2s")}
    print("\nSpeed ratios (>1 means the first is faster)")
    print(table(["ratio", *inputs],
                [[r, *(f"{results[i][a] / results[i][b]:.3f}" for i in inputs)]
                 for r, (a, b) in ratios.items()]))
    print(f"\nexceptions: {len(errors)}")
    for e in errors[:10]:
        print(f"  [{e['tool']}] {e['error']}\n    input: {e['input'][:120]!r}")

    if args.json:
        args.json.write_text(json.dumps(
            {"quick": args.quick, "repeat": args.repeat, "sizes_mb": sizes,
             "docs": {i: len(d) for i, d in inputs.items()}, "mb_per_s": results,
             "exceptions": errors}, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
