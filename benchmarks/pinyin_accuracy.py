"""Issue 13's benchmark: the pinyin-injecting converter, measured through
textrepair's public API only (``clean``, ``repair``, ``detect``), so it runs
against any checkout:

    PYTHONPATH=<checkout>/src python benchmarks/pinyin_accuracy.py [--corpora ../shared/corpora]

Deterministic and offline.  Inputs are made by benchmarks/pinyin_converter.py
(the simulator, docs/pinyin-artifact.md) from the *evaluation* part of the
running corpus (scripts/corpus_split.py, simplified files only), plus the
real pages (the seed article and real-cases-2's ``pinyin_*`` pages).

**Comparison.**  A record is right when ``fold(clean(damaged)) ==
fold(clean(original))``: both sides go through ``clean()``, so its own
punctuation and whitespace decisions (``,`` → ``，`` after Chinese …) cancel
out, and ``fold`` maps the full-width forms U+FF01–U+FF5E to ASCII
(``１`` → ``1``, ``，`` → ``,``, ``（`` → ``(``) because the converter writes
ASCII for ，：；！？（） and clean() may or may not turn them back.  Nothing
else is folded: 。、“” and every Han character must come back exactly.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import textrepair

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pinyin_converter as pc  # noqa: E402
from _common import table  # noqa: E402

REPO = HERE.parent
FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
PINYIN_KINDS = re.compile(r"pinyin|misalign")

N_RECORDS = 1000      # annotated records per list
N_SITES = 300         # misaligned records per mechanism × decoder
MAX_DOCS = 4000       # eval documents scanned (in split order)
TRAIN_EVERY = 9       # one train document in nine (eval_records)


def fold(s: str) -> str:
    return s.translate(FOLD)


def right(damaged: str, original: str) -> bool:
    return fold(textrepair.clean(damaged)) == fold(textrepair.clean(original))


def pinyin_findings(text: str) -> list[object]:
    return [f for f in textrepair.detect(text) if PINYIN_KINDS.search(getattr(f, "kind", ""))]


def _split_module():  # type: ignore[no-untyped-def]
    path = REPO / "scripts" / "corpus_split.py"
    spec = importlib.util.spec_from_file_location("corpus_split", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["corpus_split"] = mod
    spec.loader.exec_module(mod)
    return mod


def eval_records(corpora: Path, split_name: str = "eval") -> list[tuple[str, str]]:
    """(key, record of 1–3 sentences) from the simplified documents of
    ``split_name`` ("eval" for the figures, "train" for tuning).  The train
    split is nine times the eval split: one train document in TRAIN_EVERY is
    taken (by a hash of its key), so that the MAX_DOCS scanned come from the
    same sources in the same shares as the eval ones (in split order, the
    first 4,000 train documents are all Bible chapters)."""
    split = _split_module()
    out: list[tuple[str, str]] = []
    docs = 0
    for doc in split.iter_documents(corpora, split=split_name):
        if not doc.source.startswith("zh_hans"):
            continue
        if split_name == "train" and pc.rng_for(doc.key).randrange(TRAIN_EVERY):
            continue
        docs += 1
        if docs > MAX_DOCS:
            break
        rng = pc.rng_for(doc.key)
        for li, line in enumerate(doc.lines):
            sents = pc.sentences(line.strip())
            i = 0
            while i < len(sents):
                k = rng.choice((1, 1, 2, 3))
                rec = "".join(sents[i:i + k]).strip()
                i += k
                if 4 <= len(rec) <= 300 and pc.gbk_encodable(rec):
                    out.append((f"{doc.key}/{li}/{i}", rec))
    return out


# --------------------------------------------------------------------------

def bench_annotated(records: list[tuple[str, str]]) -> list[list[str]]:
    rows = []
    for name, annotated in (("observed list (51 chars)", pc.ANNOTATED_OBSERVED),
                            ("wide list (400 commonest)", pc.wide_annotated(400))):
        conv = pc.Converter(annotated=annotated, decoder="consume")
        plain = pc.Converter(annotated="", decoder="consume")
        n = ok = ceiling = ok_in_ceiling = kept = detected = 0
        for _, rec in records:
            c = conv.convert(rec)
            if not c.annotations or c.sites:
                continue  # records with a cut site are measured below
            n += 1
            base = right(plain(rec), rec)
            good = right(c.output, rec)
            ceiling += base
            ok += good
            ok_in_ceiling += good and base
            out = textrepair.clean(c.output)
            kept += bool(pc.ANNOTATION_RE.search(out))
            detected += bool(pinyin_findings(c.output))
            if n >= N_RECORDS:
                break
        rows.append([name, str(n), pct(ok, n), pct(ceiling, n), pct(ok_in_ceiling, ceiling),
                     pct(kept, n), pct(detected, n)])
    return rows


def site_records(records: list[tuple[str, str]]) -> dict[str, list[tuple[str, pc.Conversion]]]:
    """Records in which the converter itself cuts a character, by mechanism."""
    found: dict[str, list[tuple[str, pc.Conversion]]] = {}
    wide = pc.wide_annotated(400)
    for _, rec in records:
        if len(found) == 8 and all(len(b) >= N_SITES for b in found.values()):
            break  # every (mechanism, list, decoder) bucket is full
        for lst_name, lst in (("observed", pc.ANNOTATED_OBSERVED), ("wide", wide)):
            for dec in ("consume", "replace"):
                c = pc.Converter(annotated=lst, decoder=dec).convert(rec)
                for kind in {s.kind for s in c.sites}:
                    key = f"M{1 if kind == 'annotation' else 2} {kind}, {lst_name}, {dec}"
                    bucket = found.setdefault(key, [])
                    if len(bucket) < N_SITES:
                        bucket.append((rec, c))
    # M3, the seed's shifted window: two records as two lines, the second's
    # bytes up to its first annotation written one byte late (shift_window)
    conv = pc.Converter(annotated=pc.ANNOTATED_OBSERVED, decoder="consume", punct=False)
    m3: list[tuple[str, pc.Conversion]] = []
    for (_, r1), (_, r2) in zip(records[::2], records[1::2], strict=False):
        if len(m3) >= N_SITES:
            break
        text = r1 + "\n" + r2
        c = conv.convert(text)
        if c.sites:
            continue
        start = c.data.find(b"\n") + 1
        if start < 3 or c.data[start - 3] < 0x81:
            continue
        cut = pc.first_annotation_trail(c.data, start)
        if cut is None:
            continue
        data = pc.shift_window(c.data, start, cut)
        m3.append((text, pc.Conversion(text, c.traditional, data, pc.decode_gbk(data), [], 0)))
    found["M3 window (seed line 14), observed, consume"] = m3
    return dict(sorted(found.items()))


def kept_reported(damaged: str) -> bool:
    """detect() reports a converter site it does not repair."""
    return any(f.kind == "pinyin_misaligned" and not f.repairable
               for f in textrepair.detect(damaged))


def bench_sites(found: dict[str, list[tuple[str, pc.Conversion]]]) -> list[list[str]]:
    """right: as the annotated records; restored: = clean() of the converter's
    own traditional input (what the bytes can give; t2s's 著/着 aside)."""
    rows = []
    for key, items in found.items():
        n = len(items)
        ok = restored = kept = qmark = 0
        for rec, c in items:
            out = fold(textrepair.clean(c.output))
            ok += out == fold(textrepair.clean(rec))
            if out == fold(textrepair.clean(c.traditional)):
                restored += 1
                continue
            kept += kept_reported(c.output)
            qmark += "?" in out
        rows.append([key, str(n), pct(ok, n), pct(restored, n), pct(kept, n),
                     pct(n - restored - kept, n), pct(qmark, n)])
    return rows


def bench_seed() -> list[list[str]]:
    damaged = (REPO / "fixtures" / "000_19a2de307fc1d14e.txt").read_text(encoding="utf-8")
    golden = (REPO / "fixtures" / "000_19a2de307fc1d14e.clean.txt").read_text(encoding="utf-8")
    whole = textrepair.clean(damaged).split("\n")
    dl, gl = damaged.split("\n"), golden.split("\n")
    rows = []
    for name, li, marker in (("政府?dāng)?shù)字化 (line 12)", 11, "政府数字化转型"),
                             ("支持?jǐn)?shù)字 (line 13)", 12, "支持数字经济"),
                             ("。ㄔ瓨(biāo)題 (line 14)", 13, "（原标题")):
        alone = textrepair.clean(dl[li])
        rows.append([name, yes(alone == gl[li]), yes(marker in alone),
                     yes(whole[li] == gl[li] if li < len(whole) else False)])
    rows.append(["whole article = golden file", "", "", yes("\n".join(whole) == golden)])
    return rows


def real_pages(corpora: Path) -> list[tuple[str, str, str, str]]:
    """(id, input, output, original) for the seed and each real pinyin page."""
    damaged = (REPO / "fixtures" / "000_19a2de307fc1d14e.txt").read_text(encoding="utf-8")
    golden = (REPO / "fixtures" / "000_19a2de307fc1d14e.clean.txt").read_text(encoding="utf-8")
    pages = [("seed 000_19a2de307fc1d14e", damaged, textrepair.clean(damaged), golden)]
    path = corpora / "mojibake" / "real-cases-2.jsonl"
    if path.exists():
        import json
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r.get("kind", "").startswith("pinyin"):
                pages.append((r["id"], r["damaged"], textrepair.clean(r["damaged"]), r["expected"]))
    return pages


# Legitimate pinyin: real text from the corpora, and a few written here.
WRITTEN_LEGIT = (
    "“银行”的“行”读háng，“行走”的“行”读xíng。",
    "多音字练习：行(háng)业、行(xíng)走、长(cháng)短、长(zhǎng)大。",
    "生字表：辗(zhǎn)转 徘(pái)徊 踌(chóu)躇 惆(chóu)怅",
    "汉语拼音 pīnyīn 是学习普通话的工具。",
    "“没”在“没有”中读méi，在“淹没”中读mò。",
    "注音：兢兢业业(jīng jīng yè yè)，不卑不亢(bù bēi bú kàng)。",
    "課文生字：齊(qí)、燦(càn)、爛(làn)、響(xiǎng)。",
    "请给下面的字注音：戛（jiá）然而止、拮据（jū）、憎（zēng）恶。",
    "zhōng guó 中国，běi jīng 北京。",
    "“乐”有两个读音：音乐的乐读yuè，快乐的乐读lè。",
)


def legit_texts(corpora: Path) -> list[tuple[str, str]]:
    import gzip
    toned = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
    han = re.compile("[\u4e00-\u9fff]")
    out = []
    for p in sorted((corpora / "running").glob("*.txt.gz")):
        with gzip.open(p, "rt", encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if han.search(line) and (toned.search(line) or "拼音" in line):
                    out.append((p.name.split(".")[0], line))
    out += [("written here", s) for s in WRITTEN_LEGIT]
    return out


_SYLLABLES = re.compile(r"[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")


def bench_legit(corpora: Path) -> tuple[list[list[str]], list[str]]:
    """repair(): any change; clean(): a pinyin change (a syllable or a
    ``(reading)`` gone or moved) — clean() also folds script and punctuation,
    which is no harm to the pinyin."""
    by: dict[str, Counter[str]] = {}
    changed_examples = []
    for src, text in legit_texts(corpora):
        c = by.setdefault(src, Counter())
        c["docs"] += 1
        rep = textrepair.repair(text)
        if rep != text:
            c["changed"] += 1
            c["chars"] += sum(a != b for a, b in zip(text, rep, strict=False)) \
                + abs(len(text) - len(rep))
        cl = textrepair.clean(text)
        if _SYLLABLES.findall(cl) != _SYLLABLES.findall(text) or \
                len(_BRACKETS.findall(cl)) != len(_BRACKETS.findall(text)):
            c["pinyin"] += 1
            if len(changed_examples) < 6:
                changed_examples.append(f"  [{src}] {text[:60]!r} → {cl[:60]!r}")
    rows = [[src, str(c["docs"]), str(c["changed"]), str(c["chars"]), str(c["pinyin"])]
            for src, c in by.items()]
    tot = [sum(int(r[i]) for r in rows) for i in range(1, 5)]
    rows.append(["total", *map(str, tot)])
    return rows, changed_examples


def pct(a: int, n: int) -> str:
    return f"{100 * a / n:.1f}%" if n else "-"


def yes(b: bool) -> str:
    return "yes" if b else "no"


def short(s: str, n: int = 70) -> str:
    s = s.replace("\n", "⏎")
    return s if len(s) <= n else s[:n] + "…"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    ap.add_argument("--split", choices=("eval", "train"), default="eval",
                    help="documents the records come from: eval (the figures) or train "
                         "(for tuning thresholds)")
    ap.add_argument("--quick", action="store_true",
                    help="a fifth of the records and sites (while iterating)")
    ap.add_argument("--sections", default="annotated,sites,seed,pages,legit",
                    help="comma-separated sections to run")
    args = ap.parse_args()
    global N_RECORDS, N_SITES
    if args.quick:
        N_RECORDS, N_SITES = N_RECORDS // 5, N_SITES // 5
    sections = set(args.sections.split(","))
    src = Path(textrepair.__file__).resolve().parent
    try:
        rev = subprocess.run(["git", "-C", str(src), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        rev = "?"
    print(f"textrepair from {src} (commit {rev or '?'}); simulator benchmarks/pinyin_converter.py")
    records: list[tuple[str, str]] = []
    if sections & {"annotated", "sites"}:
        records = eval_records(args.corpora, args.split)
        print(f"{len(records)} {args.split} records of 1–3 sentences "
              f"(simplified files, first {MAX_DOCS} {args.split} documents)\n")

    if "annotated" in sections:
        print("## Annotated records (no cut site): "
              "fold(clean(converted)) == fold(clean(original))")
        print(table(["annotation list", "records", "right", "t2s ceiling", "right | ceiling",
                     "(reading) kept", "detect pinyin"], bench_annotated(records)))
        print("  t2s ceiling: the same record converted without annotations comes back right "
              "(what t2s alone allows)\n")

    if "sites" in sections:
        print("## Misaligned sites as the converter makes them (records that hold one)")
        print(table(["mechanism, list, decoder", "records", "right", "restored",
                     "kept+reported", "wrong", "'?' left"], bench_sites(site_records(records))))
        print("  restored: clean() gives what it gives of the converter's traditional input "
              "(right but for t2s);\n  kept+reported: not restored, and detect() reports "
              "a pinyin_misaligned site it does not repair; wrong: the rest\n")

    if "seed" in sections:
        print("## The seed's three spots")
        print(table(["spot", "line alone = golden", "repaired alone", "in article = golden"],
                    bench_seed()))
        print()
    if "pages" in sections:
        bench_pages(args.corpora)
    if "legit" in sections:
        print("## Legitimate pinyin (must stay unchanged)")
        rows, ex = bench_legit(args.corpora)
        print(table(["source", "docs", "repair: changed docs", "changed chars",
                     "clean: pinyin changed"], rows))
        for line in ex:
            print(line)


def page_original(pid: str, expected: str) -> str:
    """The page's original: the case's expected text with the simulator's
    known edits (the poem's page had spaces after 。)."""
    for page in pc.REAL_PAGES:
        if page.id == pid:
            for x, y in page.original_edits:
                expected = expected.replace(x, y)
    return expected


def bench_pages(corpora: Path) -> None:
    """Each page: right (the seed: = golden file; the others: folded
    clean(input) = folded clean(original)), and = t2s (the same against what
    clean() makes of the original in the converter's traditional characters,
    without annotations: right but for t2s's 著/着)."""
    print("## Real pages: input → output → original")
    pages = real_pages(corpora)
    prow = []
    for pid, inp, out, orig in pages:
        if pid.startswith("seed"):
            ok = t2s = out == orig
        else:
            orig = page_original(pid, orig)
            ok = fold(out) == fold(textrepair.clean(orig))
            t2s = fold(out) == fold(textrepair.clean(pc.to_traditional(orig)))
        found = pinyin_findings(inp)
        kinds = Counter(getattr(f, "kind", "") for f in found)
        nf = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "0"
        prow.append([pid, yes(ok), yes(t2s), nf])
        print(f"- {pid}: {'right' if ok else 'WRONG'}{'' if ok or not t2s else ' (= t2s)'}; "
              f"detect: {nf}")
        n = 70 if pid.startswith("seed") else 200
        print(f"    input:    {short(inp, n)}")
        print(f"    output:   {short(out, n)}")
        print(f"    original: {short(orig, n)}")
    print(table(["page", "right (folded)", "= t2s", "pinyin findings"], prow))
    print(f"  right: {sum(r[1] == 'yes' for r in prow)} of {len(prow)}; "
          f"right but for t2s: {sum(r[2] == 'yes' for r in prow)} of {len(prow)}; "
          f"detect() reports pinyin on {sum(r[3] != '0' for r in prow)} of {len(prow)}\n")


if __name__ == "__main__":
    main()
