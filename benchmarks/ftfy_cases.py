"""Evaluate textrepair.repair against ftfy on ftfy's own test cases.

Reads the JSON case files in fixtures/ftfy/ (in-the-wild, synthetic, negative,
known-failures, language-names).  Each case has "original", "fixed", maybe
"fixed-encoding", and "expect" ("pass"/"fail").  Since textrepair.repair only
undoes encoding damage, it is compared, like ftfy.fix_encoding, against
case.get("fixed-encoding", case["fixed"]); ftfy.fix_text vs "fixed" is shown
for reference.

A case is "cjk" if its original or expected text contains a CJK, kana, Hangul,
CJK-punctuation or fullwidth character.  Tables are printed per file and per
group (cjk / expect=pass / cjk|pass / all), followed by the cases that ftfy
gets right and textrepair gets wrong, and a final verdict on the target "at
least as many right as ftfy.fix_encoding on cjk ∪ expect=pass".

    python benchmarks/ftfy_cases.py [--fixtures DIR] [--max-cases 30]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import ftfy

import textrepair

DEFAULT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ftfy"
FILES = (
    "in-the-wild.json",
    "synthetic.json",
    "negative.json",
    "known-failures.json",
    "language-names.json",
)
CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x9FFF),  # radicals, CJK punctuation, kana, bopomofo, ..., unified ideographs
    (0x3000, 0x303F),  # CJK symbols and punctuation (inside the above; listed for clarity)
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms (incl. halfwidth katakana)
    (0x20000, 0x3FFFF),  # supplementary ideographic planes
)


def is_cjk_char(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in CJK_RANGES)


def has_cjk(text: str) -> bool:
    return any(is_cjk_char(ch) for ch in text)


@dataclass
class Result:
    file: str
    index: int
    label: str
    original: str
    target: str  # fixed-encoding if present, else fixed
    fixed: str
    expect: str
    cjk: bool
    tr_out: str
    tr_error: str | None
    fe_out: str
    ft_out: str
    tr_seconds: float

    @property
    def tr_ok(self) -> bool:
        return self.tr_error is None and self.tr_out == self.target

    @property
    def fe_ok(self) -> bool:
        return self.fe_out == self.target

    @property
    def ft_ok(self) -> bool:
        return self.ft_out == self.fixed

    @property
    def name(self) -> str:
        return f"{self.file}#{self.index}: {self.label or self.original[:40]!r}"


def load_cases(fixtures: Path) -> list[tuple[str, int, dict[str, str]]]:
    cases: list[tuple[str, int, dict[str, str]]] = []
    for fname in FILES:
        path = fixtures / fname
        data = json.loads(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data):
            cases.append((fname.removesuffix(".json"), i, case))
    return cases


def run(cases: list[tuple[str, int, dict[str, str]]]) -> tuple[list[Result], dict[str, float]]:
    timing = {"textrepair.repair": 0.0, "ftfy.fix_encoding": 0.0, "ftfy.fix_text": 0.0}
    results: list[Result] = []
    for fname, i, case in cases:
        original = case["original"]
        fixed = case["fixed"]
        target = case.get("fixed-encoding", fixed)
        t0 = time.perf_counter()
        tr_error: str | None = None
        try:
            tr_out = textrepair.repair(original)
        except Exception:
            tr_out = ""
            tr_error = traceback.format_exc(limit=3)
        t1 = time.perf_counter()
        fe_out = ftfy.fix_encoding(original)
        t2 = time.perf_counter()
        ft_out = ftfy.fix_text(original)
        t3 = time.perf_counter()
        timing["textrepair.repair"] += t1 - t0
        timing["ftfy.fix_encoding"] += t2 - t1
        timing["ftfy.fix_text"] += t3 - t2
        results.append(
            Result(
                file=fname,
                index=i,
                label=case.get("label", ""),
                original=original,
                target=target,
                fixed=fixed,
                expect=case.get("expect", "pass"),
                cjk=has_cjk(original) or has_cjk(target) or has_cjk(fixed),
                tr_out=tr_out,
                tr_error=tr_error,
                fe_out=fe_out,
                ft_out=ft_out,
                tr_seconds=t1 - t0,
            )
        )
    return results, timing


def print_table(title: str, rows: Sequence[tuple[str, Sequence[Result]]]) -> None:
    header = (
        f"{'':<22}{'n':>5}{'textrepair':>12}{'fix_encoding':>14}{'fix_text':>10}"
        f"{'ftfy>tr':>9}{'tr>ftfy':>9}"
    )
    print(f"\n== {title} ==")
    print(header)
    print("-" * len(header))
    for name, rs in rows:
        tr = sum(r.tr_ok for r in rs)
        fe = sum(r.fe_ok for r in rs)
        ft = sum(r.ft_ok for r in rs)
        worse = sum(r.fe_ok and not r.tr_ok for r in rs)
        better = sum(r.tr_ok and not r.fe_ok for r in rs)
        print(f"{name:<22}{len(rs):>5}{tr:>12}{fe:>14}{ft:>10}{worse:>9}{better:>9}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        epilog="Columns: textrepair.repair and ftfy.fix_encoding vs fixed-encoding (or fixed); "
        "fix_text vs fixed; ftfy>tr = fix_encoding right and textrepair wrong; tr>ftfy = "
        "the reverse.",
    )
    ap.add_argument(
        "--fixtures",
        type=Path,
        default=DEFAULT_FIXTURES,
        help=f"directory with ftfy's JSON test cases (default: {DEFAULT_FIXTURES})",
    )
    ap.add_argument(
        "--max-cases",
        type=int,
        default=30,
        help="print at most this many ftfy-right/textrepair-wrong cases in full (default: 30)",
    )
    args = ap.parse_args(argv)

    t_start = time.perf_counter()
    cases = load_cases(args.fixtures)
    results, timing = run(cases)
    wall = time.perf_counter() - t_start

    by_file = [
        (f.removesuffix(".json"), [r for r in results if r.file == f.removesuffix(".json")])
        for f in FILES
    ]
    groups: list[tuple[str, Callable[[Result], bool]]] = [
        ("cjk", lambda r: r.cjk),
        ("expect=pass", lambda r: r.expect == "pass"),
        ("cjk | expect=pass", lambda r: r.cjk or r.expect == "pass"),
        ("all", lambda r: True),
    ]
    by_group = [(name, [r for r in results if pred(r)]) for name, pred in groups]
    print(f"ftfy {ftfy.__version__}; {len(results)} cases from {args.fixtures}")
    print_table("per file", by_file)
    print_table("per group", by_group)

    target_group = by_group[2][1]
    # CJK cases first, then the rest of the target group, then expect=fail: they matter most.
    worse_all = [r for r in results if r.fe_ok and not r.tr_ok]
    worse_all.sort(key=lambda r: (not r.cjk, r.expect != "pass", r.file, r.index))
    worse_target = [r for r in worse_all if r.cjk or r.expect == "pass"]
    print(f"\nftfy right, textrepair wrong [cjk | expect=pass] ({len(worse_target)}):")
    for r in worse_target:
        print(f"  {'[cjk] ' if r.cjk else ''}{r.name}")
    shown = worse_all[: args.max_cases]
    print(f"\n== ftfy right, textrepair wrong: {len(shown)} of {len(worse_all)} in full ==")
    for r in shown:
        tag = ",".join(t for t, on in (("cjk", r.cjk), (f"expect={r.expect}", True)) if on)
        print(f"\n[{tag}] {r.name}")
        print(f"  original:   {r.original!r}")
        print(f"  expected:   {r.target!r}")
        if r.tr_error is not None:
            print("  textrepair: EXCEPTION\n    " + r.tr_error.strip().replace("\n", "\n    "))
        else:
            print(f"  textrepair: {r.tr_out!r}")

    better = [r for r in results if r.tr_ok and not r.fe_ok]
    if better:
        print(f"\ntextrepair right, ftfy.fix_encoding wrong ({len(better)}):")
        for r in better:
            print(f"  [expect={r.expect}] {r.name}")

    errors = [r for r in results if r.tr_error is not None]
    if errors:
        print(f"\ntextrepair raised on {len(errors)} case(s): " + "; ".join(r.name for r in errors))

    print("\n== timing ==")
    for k, v in timing.items():
        print(f"  {k:<20}{v * 1000:9.1f} ms total, {v / max(len(results), 1) * 1e6:8.1f} us/case")
    print(f"  {'wall (incl. load)':<20}{wall * 1000:9.1f} ms")
    for r in sorted(results, key=lambda r: -r.tr_seconds)[:3]:
        print(
            f"  slowest textrepair: {r.tr_seconds * 1000:8.1f} ms  len={len(r.original)}  {r.name}"
        )

    tr = sum(r.tr_ok for r in target_group)
    fe = sum(r.fe_ok for r in target_group)
    verdict = "MET" if tr >= fe else "NOT MET"
    print(
        f"\nTarget (cjk ∪ expect=pass, n={len(target_group)}): textrepair {tr} right vs "
        f"ftfy.fix_encoding {fe} right -> {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
