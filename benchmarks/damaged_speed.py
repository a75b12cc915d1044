"""Damaged-page speed: ``textrepair.repair`` vs ``ftfy.fix_text`` on pages never seen.

Pages of about 2 KB (cut at line boundaries) from the *evaluation* documents
of the running corpus (scripts/corpus_split.py), each with one ~200-character
stretch of one line damaged by one lossy decoder family (benchmarks/damage.py).
Every round takes pages no earlier round used, and starts with a warm-up call
on a fixed string outside the pages (loading the tables, as a worker does once)
and ``textrepair.clear_caches(keep_tables=True)`` (every memo of a text, a
character or a byte state emptied): what is timed (CPU time
of the process, robust on a shared machine) is the
engine on text it has not seen, not its memos.  ftfy (default config and the
Chinese-safe one of speed.py) is timed on the same pages in the same round.

    python benchmarks/damaged_speed.py [--pages 12] [--rounds 3] [--family big5]

Prints MB/s (UTF-8 bytes of input / s) per family, the ratio repair/ftfy, and
the share of pages ``repair`` restores exactly (the original page).  Run it
with ``PYTHONPATH=<other checkout>/src`` to time another version of the code
on the same pages.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import damage as dmg
import ftfy
from _common import table

import textrepair

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import corpus_split  # noqa: E402

FTFY_SAFE = ftfy.TextFixerConfig(fix_character_width=False, uncurl_quotes=False)
PAGE_BYTES = 2048
SPAN = 200
MB = 1_000_000
#: Warm-up text (damaged by every family before each round: loads the tables
#: a round needs, once per process; not from the corpus).
WARM_UP = ("用户登录成功，欢迎使用本系统。", "用戶登錄成功，歡迎使用本系統。")

Reader = Callable[[str], str | None]


def _via(writer: str, read: Callable[[bytes], str]) -> Reader:
    def damage(text: str) -> str | None:
        try:
            return read(text.encode(writer))
        except UnicodeEncodeError:
            return None
    return damage


#: (row, script of the pages, damage of one stretch)
FAMILIES: list[tuple[str, str, Reader]] = [
    ("utf8_as_gbk / windows cp936", "hans", _via("utf-8", lambda b: dmg.windows_decode(b, 936))),
    ("utf8_as_gbk / python replace", "hans", _via("utf-8", lambda b: dmg.python_decode(b, "gbk"))),
    ("utf8_as_gbk / whatwg gbk", "hans", _via("utf-8", lambda b: dmg.whatwg_decode(b, "gbk"))),
    ("utf8_as_big5 / python replace", "hant",
     _via("utf-8", lambda b: dmg.python_decode(b, "big5"))),
    ("gbk_as_big5 / python replace", "hans", _via("gbk", lambda b: dmg.python_decode(b, "big5"))),
    ("big5_as_gbk / python replace", "hant", _via("big5", lambda b: dmg.python_decode(b, "gbk"))),
]


def paginate(lines: list[str]) -> list[str]:
    """Consecutive lines joined into pages of about PAGE_BYTES UTF-8 bytes."""
    pages: list[str] = []
    cur: list[str] = []
    size = 0
    for ln in lines:
        cur.append(ln)
        size += len(ln.encode("utf-8")) + 1
        if size >= PAGE_BYTES:
            pages.append("\n".join(cur))
            cur, size = [], 0
    return pages


def eval_pages(root: Path, script: str) -> list[str]:
    lines: list[str] = []
    for doc in corpus_split.iter_documents(root, split="eval"):
        if f"zh_{script}_" in doc.source and "tatoeba" not in doc.source:
            lines.extend(ln for ln in doc.lines if ln.strip())
    return paginate(lines)


def damage_page(page: str, read: Reader, rng: random.Random) -> str | None:
    """The page with one stretch of one long line damaged (None if the stretch
    cannot be written by the family's writer)."""
    lines = page.split("\n")
    idx = [i for i, ln in enumerate(lines) if len(ln) >= 20] or list(range(len(lines)))
    i = rng.choice(idx)
    ln = lines[i]
    start = rng.randrange(max(1, len(ln) - SPAN))
    span = ln[start:start + SPAN]
    bad = read(span)
    if bad is None or bad == span:
        return None
    lines[i] = ln[:start] + bad + ln[start + len(span):]
    return "\n".join(lines)


def warm_up(ftfy_safe: Callable[[str], str]) -> None:
    """Every family's damage of WARM_UP through every tool (tables, not memos)."""
    for _, script, read in FAMILIES:
        bad = read(WARM_UP[script == "hant"]) or ""
        for fn in (textrepair.repair, ftfy.fix_text, ftfy_safe):
            fn(bad)


def timed(fn: Callable[[str], object], docs: list[str]) -> tuple[float, list[object]]:
    t0 = time.process_time()
    out = [fn(d) for d in docs]
    return time.process_time() - t0, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus-root", type=Path, default=REPO.parent / "shared" / "corpora")
    ap.add_argument("--pages", type=int, default=12, help="fresh pages per round and family")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--family", default="", help="only rows containing this text")
    args = ap.parse_args(argv)

    rng = random.Random(args.seed)
    pools = {s: eval_pages(args.corpus_root, s) for s in ("hans", "hant")}
    for pool in pools.values():
        rng.shuffle(pool)
    rows = []
    ftfy_safe = lambda t: ftfy.fix_text(t, config=FTFY_SAFE)  # noqa: E731
    for name, script, read in FAMILIES:
        if args.family not in name:
            continue
        clean_pages = iter(pools[script])
        secs = {"repair": 0.0, "ftfy": 0.0, "ftfy_safe": 0.0}
        size = 0
        exact = n = 0
        for _ in range(args.rounds):
            pairs: list[tuple[str, str]] = []
            while len(pairs) < args.pages:
                page = next(clean_pages)
                bad = damage_page(page, read, rng)
                if bad is not None:
                    pairs.append((page, bad))
            docs = [bad for _, bad in pairs]
            size += sum(len(d.encode("utf-8")) for d in docs)
            warm_up(ftfy_safe)  # the tables, loaded once per process as a worker does
            textrepair.clear_caches(keep_tables=True)  # no memo of a text survives
            t, outs = timed(textrepair.repair, docs)
            secs["repair"] += t
            exact += sum(o == page for o, (page, _) in zip(outs, pairs, strict=True))
            n += len(pairs)
            secs["ftfy"] += timed(ftfy.fix_text, docs)[0]
            secs["ftfy_safe"] += timed(ftfy_safe, docs)[0]
        mbs = {k: size / MB / v for k, v in secs.items()}
        rows.append([name, str(n), f"{size / MB:.2f}", f"{mbs['repair']:.3f}",
                     f"{mbs['ftfy']:.2f}", f"{mbs['ftfy_safe']:.2f}",
                     f"{mbs['repair'] / mbs['ftfy']:.3f}", f"{100 * exact / n:.0f}%"])
    print(f"Damaged pages (~2 KB, one ~{SPAN}-char stretch damaged), eval documents, "
          f"{args.rounds} rounds of fresh pages, clear_caches(keep_tables=True) before each; "
          f"textrepair from {Path(textrepair.__file__).parent.parent}")
    print(table(["family", "pages", "MB", "repair MB/s", "ftfy MB/s", "ftfy_safe MB/s",
                 "repair/ftfy", "pages exact"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
