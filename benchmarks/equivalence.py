"""Equivalence check: does a change to the code leave every output as it was?

Runs ``textrepair.explain(x, preset="conservative")`` over a fixed, deterministic
set of inputs and writes (``--write``) or compares against (``--check``) a
gzipped JSON dump of the text and the steps of each.  Make the dump with the
code before a change, check with the code after it:

    python benchmarks/equivalence.py --write /tmp/before.json.gz
    ... change the code ...
    python benchmarks/equivalence.py --check /tmp/before.json.gz

``--clean`` compares the whole of ``clean()`` instead (repair and
normalization, preset ``corpus``): the text ``clean(x)`` returns and the steps
of ``explain(x)``, on the same inputs plus two groups that give the
normalizers work: the speed benchmark's simplified and traditional pages with
their full-width punctuation written in ASCII (``punct/ascii``) and
``--random N`` strings over an alphabet of Han, ASCII and full-width marks,
quotes, brackets, dots, full-width letters, URL/e-mail/code fragments, kana,
line breaks and invisible characters (``random/punct``):

    python benchmarks/equivalence.py --clean --write /tmp/before-clean.json.gz

(The ``--fuzz`` mode that compared the lost-byte beam with a git revision's
went with the beam: the lattice in repair/lattice.py replaced it and is not
meant to give the same readings.)

Inputs: every sample of ``accuracy.py --per-kind N`` (each kind x decoder
family row, clean records and the real cases of both real-case files), the
speed benchmark's documents (all four inputs, full size, duplicates dropped),
fixtures/cases/*.jsonl, the ftfy test cases and the seed article.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import accuracy
import speed

import textrepair

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"


def accuracy_inputs(root: Path, per_kind: int, seed: int) -> Iterator[tuple[str, str]]:
    """The damaged samples accuracy.py draws for each row (``accuracy.draw``,
    the same draws as its run), clean records and every real case."""
    pools = accuracy.all_pools(root, seed)
    for name, pool, gen in accuracy.KINDS:
        for _orig, damaged in accuracy.draw(name, pools[pool], gen, per_kind, seed):
            yield f"accuracy/{name}", damaged
    rng = random.Random(f"{seed}:clean")
    for k, s in enumerate(accuracy.candidates(pools["all"], rng)):
        if k == per_kind:
            break
        yield "accuracy/clean", s
    for _cid, damaged, _expected, _kind in accuracy.real_cases(root):
        yield "accuracy/real", damaged


def speed_inputs(root: Path) -> Iterator[tuple[str, str]]:
    for name, docs in speed.build_inputs(root, 1.0, 0).items():
        for d in docs:
            yield f"speed/{name}", d


def fixture_inputs() -> Iterator[tuple[str, str]]:
    for p in sorted((FIXTURES / "cases").glob("*.jsonl")):
        for line in p.read_text("utf-8").splitlines():
            if line.strip():
                yield f"cases/{p.stem}", json.loads(line)["input"]
    for p in sorted((FIXTURES / "ftfy").glob("*.json")):
        for case in json.loads(p.read_text("utf-8")):
            if isinstance(case, dict) and isinstance(case.get("original"), str):
                yield f"ftfy/{p.stem}", case["original"]
    yield "seed", (FIXTURES / "000_19a2de307fc1d14e.txt").read_text("utf-8")


#: Full-width (and curly) punctuation → what a page typed in ASCII has instead.
_TO_ASCII = str.maketrans({"，": ",", "：": ":", "；": ";", "！": "!", "？": "?",
                           "（": "(", "）": ")", "“": '"', "”": '"', "…": "..."})
_TO_FULL_DIGITS = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x30, 0x3A)})


def punct_inputs(root: Path) -> Iterator[tuple[str, str]]:
    """The speed benchmark's simplified and traditional pages with their
    punctuation in ASCII (every third page also with full-width digits)."""
    pages = speed.build_inputs(root, 1.0, 0)
    for name in ("simplified", "traditional"):
        for k, d in enumerate(dict.fromkeys(pages[name])):
            s = d.translate(_TO_ASCII)
            yield "punct/ascii", s.translate(_TO_FULL_DIGITS) if k % 3 == 0 else s


#: Pieces the random strings are made of: what the normalizers look at.
_PIECES = (*"的一是了我不人在他有这中大来上国個們說這經對開發見為時過還",
    ",", ":", ";", "!", "?", ".", "...", "......", "(", ")", "（", "）", '"', "“", "”",
    "，", "。", "！", "……", "Ａ", "ｂ", "１", "２", " ", "  ", "\t", "\n", "\r\n", "\r",
    "\u3000", "\u200b", "\ufeff", "\x07", "\u2028", "a", "Z", "3", "v1.2", "http://a.cn/x?a=1,2",
    "www.a.cn", "a@b.cn", "`x, y`", "config.ini", "==", "->", "{", "}", "def ", "<b>", "の",
    "한", "\ud800", "\ufffd")


def random_inputs(n: int, seed: int) -> Iterator[tuple[str, str]]:
    rng = random.Random(f"{seed}:punct")
    for _ in range(n):
        yield "random/punct", "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 30)))


def all_inputs(root: Path, per_kind: int, seed: int, clean: bool = False,
               n_random: int = 0) -> dict[str, str]:
    """Input text → the first group it came from (duplicates dropped)."""
    out: dict[str, str] = {}
    its = [accuracy_inputs(root, per_kind, seed), speed_inputs(root), fixture_inputs()]
    if clean:
        its += [punct_inputs(root), random_inputs(n_random, seed)]
    for it in its:
        for group, text in it:
            out.setdefault(text, group)
    return out


def run(text: str) -> dict[str, object]:
    ex = textrepair.explain(text, preset="conservative")
    return {"text": ex.text, "steps": [s.to_dict() for s in ex.steps]}


def run_clean(text: str) -> dict[str, object]:
    """``clean(x)`` and the steps of ``explain(x)`` (preset corpus); ``text``
    is clean()'s, and explain() must give the same text."""
    out = textrepair.clean(text)
    ex = textrepair.explain(text)
    if ex.text != out:
        return {"text": out, "steps": ["explain() gives another text", ex.text]}
    return {"text": out, "steps": [s.to_dict() for s in ex.steps]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus-root", type=Path, default=accuracy.DEFAULT_CORPORA)
    ap.add_argument("--per-kind", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, help="write the outputs to this .json.gz dump")
    mode.add_argument("--check", type=Path, help="compare the outputs with this dump")
    ap.add_argument("--diffs", type=Path,
                    help="with --check: write every differing input as JSON lines (group, "
                         "input, want, got: texts and steps)")
    ap.add_argument("--clean", action="store_true",
                    help="compare clean() and its steps (preset corpus), not repair only")
    ap.add_argument("--random", type=int, default=20_000, metavar="N",
                    help="random strings added with --clean (default 20000)")
    ap.add_argument("--groups", default="",
                    help="only inputs whose group starts with one of these (comma-separated)")
    args = ap.parse_args(argv)

    inputs = all_inputs(args.corpus_root, args.per_kind, args.seed, args.clean, args.random)
    wanted = tuple(g for g in args.groups.split(",") if g)
    if wanted:
        inputs = {t: g for t, g in inputs.items() if g.startswith(wanted)}
    t0 = time.perf_counter()
    fn = run_clean if args.clean else run
    results = {text: fn(text) for text in inputs}
    secs = time.perf_counter() - t0
    groups: dict[str, int] = {}
    for g in inputs.values():
        groups[g] = groups.get(g, 0) + 1
    print(f"{len(inputs)} inputs in {secs:.1f} s: "
          + ", ".join(f"{g} {n}" for g, n in sorted(groups.items())))
    if args.write:
        rows = [{"group": g, "input": t, **results[t]} for t, g in inputs.items()]
        with gzip.open(args.write, "wt", encoding="utf-8", errors="surrogatepass") as f:
            json.dump(rows, f, ensure_ascii=False)
        print(f"wrote {args.write}")
        return 0
    with gzip.open(args.check, "rt", encoding="utf-8", errors="surrogatepass") as f:
        dump = json.load(f)
    if wanted:
        dump = [row for row in dump if row["group"].startswith(wanted)]
    missing = 0
    diffs = []
    full: list[dict[str, object]] = []
    for row in dump:
        got = results.get(row["input"])
        if got is None:
            missing += 1
        elif got != {"text": row["text"], "steps": row["steps"]}:
            diffs.append((row["group"], row["input"], row["text"], got["text"]))
            if args.diffs:
                full.append({"group": row["group"], "input": row["input"],
                             "want": {"text": row["text"], "steps": row["steps"]}, "got": got})
    print(f"compared {len(dump) - missing} of {len(dump)} dumped inputs "
          f"({missing} not in this run): {len(diffs)} differ")
    if args.diffs:
        with args.diffs.open("w", encoding="utf-8", errors="surrogatepass") as f:
            f.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in full)
        print(f"wrote every difference to {args.diffs}")
    for group, inp, want, got_text in diffs[:10]:
        print(f"  [{group}] {inp[:60]!r}\n    want {want[:80]!r}\n    got  {got_text[:80]!r}")
    return 1 if diffs or missing else 0


if __name__ == "__main__":
    sys.exit(main())
