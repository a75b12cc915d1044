"""Decoding accuracy: textrepair.decode vs chardet and charset_normalizer on real legacy files.

Every file under corpora/legacy has a true encoding: the label in its folder
or file name (chardet's ``tests/<encoding>-chinese/``, cpython's
``<codec>.txt``, uchardet's ``zh/<codec>.txt`` ...), or, for the pages in
``chardet-mislabelled/`` whose label lies, the codec that really decodes them
(TRUTH below).  Pages labelled gb2312/gbk are judged against their GB18030
reading (what browsers do; the two differ only in A1A4 ・/· and A1AA ―/—).
A decoder is right on a file when its text equals ``data.decode(true codec)``
exactly.  EUC-TW and ISO-2022-CN files are left out of the denominator:
Python has no codec for them, so no exact reading exists to compare with
(textrepair is still run on them, and any crash is reported).

Snippets: the true text of each file is split on 。！？ and newlines; every
sentence of at least 12 characters with a Han character among its first 12
gives one snippet, those 12 characters re-encoded in the file's true encoding
(skipped if that fails; duplicates within an encoding counted once).

chardet and charset_normalizer answer an encoding name; their text is
``data.decode(name)`` (a failing or missing answer counts as wrong).  A detector
that is not installed is shown as "n/a".  Deterministic, no network.

    python benchmarks/decode_accuracy.py [--corpus-root DIR] [--failures 10] [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _common import table

import textrepair

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"

#: Label in a folder or file name → the Python codec whose reading is the truth.
LABELS = {
    "big5": "big5", "big5hkscs": "big5hkscs", "cp950": "cp950", "gb2312": "gb18030",
    "gbk": "gb18030", "gb18030": "gb18030", "hz": "hz", "hz-gb-2312": "hz", "utf-8": "utf-8",
    "utf8": "utf-8", "utf-16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
    "utf-32": "utf-32", "utf-32le": "utf-32-le", "utf-32be": "utf-32-be",
}
#: Files whose name carries no label, and the mislabelled pages (true codec).
TRUTH = {
    # chardet-mislabelled: declared gb2312/big5; gbk/gb18030 decode them (browsers
    # read gb2312 as gb18030), and big5 fails on the ETEN extension F9D6 that cp950 has
    "chardet-mislabelled/tests/Big5/tw.blog.xubg.com.xml": "cp950",
    "chardet-mislabelled/tests/GB2312/www2.tianyablog.com.xml": "gb18030",
    # charset_normalizer's sample is the same Big5 text as chardet's big5 _ude_1.txt
    "charset_normalizer/data/sample-chinese.txt": "big5",
    "icu/IUC10-zh-excerpt.xml": "utf-8",
    "cppjieba/plugins/jieba/deps/cppjieba/test/testdata/review.100": "utf-8",
    "cppjieba/plugins/jieba/deps/cppjieba/test/testdata/testlines.gbk": "gb18030",
    "cppjieba/plugins/jieba/deps/cppjieba/test/testdata/testlines.utf8": "utf-8",
}
NO_CODEC = ("euc-tw", "iso-2022-cn")
NOT_SAMPLES = re.compile(r"(LICENSE|COPYING|NOTICE|README)", re.I)
SPLIT_RE = re.compile(r"[。！？\n]")
HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
SNIPPET_CHARS = 12
ISO2022CN_RE = re.compile(r'<bytes encoding="ISO-2022-CN">(.*?)</bytes>', re.S)

Decoder = Callable[[bytes], "str | None"]


@dataclass(frozen=True, slots=True)
class Sample:
    """One input: where it came from, its bytes, and the codec whose reading is right."""

    name: str
    group: str  # encoding shown in the per-encoding rows
    data: bytes
    codec: str | None  # None: no Python codec (excluded from the denominator)


def truth_codec(rel: str) -> tuple[str, str | None]:
    """(group, codec) for a file path relative to legacy/; codec None if excluded."""
    if rel in TRUTH:
        codec = TRUTH[rel]
        return ("mislabelled " if "mislabelled" in rel else "") + codec, codec
    if rel.startswith("chardet-mislabelled/"):
        return "mislabelled gbk", "gb18030"  # all decode as gbk = gb18030 (same text)
    parts = rel.lower().split("/")
    m = re.match(r"(.+)-(chinese|english)$", parts[-2])
    label = m.group(1) if m else None
    stem = re.sub(r"\.txt$", "", parts[-1])
    if label is None:
        label = stem.removesuffix("-utf8") if stem.endswith("-utf8") else stem
        label = "utf-8" if stem.endswith("-utf8") else label
        if parts[-2] == "gb18030":  # char-dataset/gb18030/
            label = "gb18030"
        elif "_gb2312" in stem:  # cchardet samples
            label = "gb2312"
    if label in NO_CODEC:
        return label, None
    if label not in LABELS:
        raise SystemExit(f"no truth for {rel}: add it to TRUTH")
    return label, LABELS[label]


def iso2022cn_sample(root: Path) -> bytes | None:
    """The ISO-2022-CN bytes quoted (backslash-escaped) in ICU's test file."""
    m = ISO2022CN_RE.search((root / "legacy" / "icu" / "IUC10-zh-excerpt.xml").read_text("utf-8"))
    if not m:
        return None
    return re.sub(r"\\(x[0-9a-fA-F]{2}|.)", lambda g: (
        chr(int(g[1][1:], 16)) if g[1].startswith("x") and len(g[1]) == 3
        else {"n": "\n"}.get(g[1], g[1])), m.group(1)).encode("latin-1")


def iso2022cn_truth(root: Path) -> str | None:
    """The UTF-8 text ICU gives for its ISO-2022-CN bytes (the same test case)."""
    xml = (root / "legacy" / "icu" / "IUC10-zh-excerpt.xml").read_text("utf-8")
    m = re.search(r"</bytes>\s*<!--.*?-->(.*?)</test-case>", xml, re.S)
    return m.group(1) if m else None


def same_lines(a: str, b: str) -> bool:
    """Equal up to leading/trailing spaces and blank lines."""
    def norm(s: str) -> list[str]:
        return [ln.strip() for ln in s.splitlines() if ln.strip()]
    return norm(a) == norm(b)


def load_samples(root: Path) -> list[Sample]:
    legacy = root / "legacy"
    out = []
    for p in sorted(legacy.rglob("*")):
        rel = p.relative_to(legacy).as_posix()
        if not p.is_file() or NOT_SAMPLES.search(p.name):
            continue
        group, codec = truth_codec(rel)
        out.append(Sample(rel, group, p.read_bytes(), codec))
    cn = iso2022cn_sample(root)
    if cn is not None:
        out.append(Sample("icu/IUC10-zh-excerpt.xml <bytes ISO-2022-CN>", "iso-2022-cn", cn, None))
    return out


def snippets(samples: list[Sample]) -> list[Sample]:
    """12-character snippets of the true texts, re-encoded in the file's true encoding."""
    seen: set[tuple[str, str]] = set()
    out = []
    for s in samples:
        if s.codec is None:
            continue
        for sent in SPLIT_RE.split(s.data.decode(s.codec)):
            head = sent.strip()[:SNIPPET_CHARS]
            if len(head) < SNIPPET_CHARS or not HAN_RE.search(head):
                continue
            key = (s.group, head)
            if key in seen:
                continue
            seen.add(key)
            try:
                data = head.encode(s.codec)
            except UnicodeEncodeError:
                continue
            out.append(Sample(f"{s.name}: {head}", s.group, data, s.codec))
    return out


def expected(s: Sample) -> str:
    assert s.codec is not None
    return s.data.decode(s.codec)


def from_name(name: str | None, data: bytes) -> str | None:
    if not name:
        return None
    try:
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None


def load_detectors() -> dict[str, Decoder | None]:
    """Decoders by column; None when the detector is not installed."""
    out: dict[str, Decoder | None] = {"textrepair": textrepair.decode}
    try:
        chardet = importlib.import_module("chardet")
        out["chardet"] = lambda d: from_name(chardet.detect(d)["encoding"], d)
    except ImportError:
        out["chardet"] = None
    try:
        cn = importlib.import_module("charset_normalizer")

        def normalizer(d: bytes) -> str | None:
            best = cn.from_bytes(d).best()
            return None if best is None else from_name(best.encoding, d)
        out["charset_normalizer"] = normalizer
    except ImportError:
        out["charset_normalizer"] = None
    return out


def run(decoder: Decoder, items: list[Sample], errors: list[str]) -> tuple[list[bool], float]:
    ok = []
    t0 = time.perf_counter()
    for s in items:
        try:
            got = decoder(s.data)
        except Exception as e:  # a benchmark records every crash
            errors.append(f"{s.name}: {type(e).__name__}: {e} at "
                          f"{traceback.extract_tb(e.__traceback__)[-1].lineno}")
            got = None
        ok.append(s.codec is not None and got == expected(s))
    return ok, time.perf_counter() - t0


def cell(ok: list[bool] | None, mask: list[bool]) -> str:
    if ok is None:
        return "n/a"
    n = sum(mask)
    k = sum(o for o, m in zip(ok, mask, strict=True) if m)
    return f"{k}/{n} {100 * k / n:5.1f}%" if n else "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus-root", type=Path, default=DEFAULT_CORPORA,
                    help=f"development corpora (default: {DEFAULT_CORPORA})")
    ap.add_argument("--failures", type=int, default=10,
                    help="textrepair failures to list per kind (default 10)")
    ap.add_argument("--json", type=Path, help="also write per-item results to this JSON file")
    args = ap.parse_args(argv)

    samples = load_samples(args.corpus_root)
    files = [s for s in samples if s.codec is not None]
    excluded = [s for s in samples if s.codec is None]
    snips = snippets(files)
    detectors = load_detectors()
    errors: dict[str, list[str]] = {name: [] for name in detectors}
    results: dict[str, dict[str, list[bool] | None]] = {}
    seconds: dict[str, float] = {}
    for name, dec in detectors.items():
        if dec is None:
            results[name] = {"files": None, "snippets": None}
            continue
        f_ok, f_t = run(dec, files, errors[name])
        s_ok, s_t = run(dec, snips, errors[name])
        results[name] = {"files": f_ok, "snippets": s_ok}
        seconds[name] = f_t + s_t
    # textrepair must not crash on the files without a Python codec either
    for s in excluded:
        try:
            textrepair.decode(s.data)
        except Exception as e:  # reported below
            errors["textrepair"].append(f"{s.name}: {type(e).__name__}: {e}")

    names = list(detectors)
    rows = []
    for kind, items in (("files", files), ("snippets", snips)):
        label = "whole files" if kind == "files" else f"{SNIPPET_CHARS}-char snippets"
        rows.append([f"{label} (all)"] + [cell(results[n][kind], [True] * len(items))
                                          for n in names])
        for group in sorted({s.group for s in items}):
            mask = [s.group == group for s in items]
            rows.append([f"  {kind}: {group}"] + [cell(results[n][kind], mask) for n in names])
    rows.append(["seconds (files + snippets)"] + [f"{seconds[n]:.2f}" if n in seconds else "n/a"
                                                  for n in names])
    versions = [f"textrepair {textrepair.__version__}"]
    for mod in ("chardet", "charset_normalizer"):
        try:
            versions.append(f"{mod} {importlib.import_module(mod).__version__}")
        except ImportError:
            versions.append(f"{mod} not installed")
    print(f"Decoding accuracy on {args.corpus_root / 'legacy'} ({', '.join(versions)})")
    print(f"{len(files)} files with a Python codec, {len(snips)} snippets; exact text match\n")
    print(table(["input", *names], rows))
    print(f"\nExcluded from the denominators ({len(excluded)}: no Python codec, no exact reading):")
    for s in excluded:
        d = textrepair.decode_explained(s.data)
        print(f"  {s.name} ({s.group}, {len(s.data)} bytes): textrepair says {d.encoding}, "
              f"lossy={d.lossy}")
    truth = iso2022cn_truth(args.corpus_root)
    cn = iso2022cn_sample(args.corpus_root)
    if truth is not None and cn is not None:
        same = same_lines(textrepair.decode(cn), truth)
        print("  ISO-2022-CN sample (GB2312 designations only): textrepair's text "
              f"{'equals' if same else 'differs from'} ICU's UTF-8 text, up to indentation")
    for kind, items in (("files", files), ("snippets", snips)):
        tr = results["textrepair"][kind]
        assert tr is not None
        bad = [s for s, ok in zip(items, tr, strict=True) if not ok]
        print(f"\ntextrepair wrong on {len(bad)} {kind}" + (":" if bad else ""))
        for s in bad[:args.failures]:
            d = textrepair.decode_explained(s.data)
            shown = s.name if kind == "files" else s.name.split(": ", 1)[1]
            print(f"  [{s.group}] {shown!s} -> {d.encoding} ({d.reason})"
                  + ("" if kind == "files" else f": {d.text[:24]!r}"))
    for name, errs in errors.items():
        print(f"\n{name} exceptions: {len(errs)}")
        for e in errs[:10]:
            print(f"  {e}")
    if args.json:
        args.json.write_text(json.dumps(
            {n: {k: v for k, v in r.items()} for n, r in results.items()}, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
