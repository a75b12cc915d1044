"""Accuracy benchmark: damage as real programs make it, on text nobody tuned on.

Clean records of 20-400 characters (titles: 4-16) are drawn from the
*evaluation* part of the running corpus (scripts/corpus_split.py) and from the
clean corpora (clean/zuozhuan.txt, clean/us_constitution_zhs.txt, the UTF-8
truths of legacy/cpython-cjkencodings) -- never from a training document --
damaged by every decoder family of benchmarks/damage.py, and repaired.  One
row per kind x decoder family: n, the damaged input's own character error rate
(CER), and exact-match % and CER % for textrepair.repair and for ftfy.fix_text
with the Chinese-safe config.  Then: damage in context (one damaged sentence in
a clean paragraph, isolated clusters in English and code, titles), whole lost
characters (restored exactly / wrongly / hole kept), clean text per category
(changed documents and characters), and every real case of
mojibake/real-cases.jsonl and real-cases-2.jsonl.

``--split train`` draws the records from *training* documents instead (and
leaves out the clean corpora): that is the run to tune thresholds on, so that
the default run's figures stay on text nothing was chosen on.

Only textrepair's public API is used (repair, detect), so the same script
measures an older checkout:  PYTHONPATH=<checkout>/src python benchmarks/accuracy.py

Deterministic (fixed seeds; the only randomness is random.Random(seed-derived
strings)), offline.

    python benchmarks/accuracy.py [--per-kind 200] [--seed 0] [--quick]
        [--family windows] [--kinds utf8_as_gbk,...] [--jobs 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import difflib
import functools
import gzip
import hashlib
import json
import multiprocessing
import random
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import damage as dmg
import ftfy
from _common import levenshtein, table

import textrepair

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import corpus_split  # noqa: E402

DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
FTFY_SAFE = ftfy.TextFixerConfig(fix_character_width=False, uncurl_quotes=False)

HAN_RE = dmg.HAN_RE
SENT_RE = dmg.SENTENCE_RE
BOX_RE = re.compile("[\u2500-\u257f]")
MIN_LEN, MAX_LEN = 20, 400
TITLE_MIN, TITLE_MAX = 4, 16

Gen = dmg.Damage
Failures = list[dict[str, str]]


def han_count(s: str) -> int:
    return len(HAN_RE.findall(s))


# ---------------------------------------------------------------------------
# sources: records of 20-400 characters, by source group
# ---------------------------------------------------------------------------


def _records(lines: Iterator[str], rng: random.Random) -> Iterator[str]:
    """Consecutive sentences joined into records whose lengths are drawn
    log-uniformly from [20, 400]; a record never crosses a line (paragraph)."""
    target = int(MIN_LEN * (MAX_LEN / MIN_LEN) ** rng.random())
    for line in lines:
        line = line.strip()
        cur = ""
        for s in SENT_RE.findall(line):
            if len(cur) + len(s) > MAX_LEN:
                if len(cur) >= MIN_LEN:
                    yield cur
                cur = ""
                if len(s) > MAX_LEN:
                    continue
            cur += s
            if len(cur) >= target:
                yield cur
                cur = ""
                target = int(MIN_LEN * (MAX_LEN / MIN_LEN) ** rng.random())
        if len(cur) >= MIN_LEN:
            yield cur


def _group_of_running(name: str) -> str:
    return name.removesuffix(".txt.gz")


def load_sources(root: Path, split: str = "eval") -> tuple[dict[str, list[str]], list[str]]:
    """({source group: records}, titles), all from ``split`` documents of the
    running corpus, and (``eval`` only) from the clean corpora.  Tatoeba's
    one-sentence documents are joined with their neighbours into records.

    ``split="train"`` is for tuning thresholds: records from training
    documents only, so that the figures of the default run stay on text no
    threshold was chosen on."""
    groups: dict[str, list[str]] = {}
    titles: list[str] = []
    lines_by: dict[str, list[str]] = {}
    tatoeba: dict[str, list[str]] = {}
    for doc in corpus_split.iter_documents(root, split=split):
        g = _group_of_running(doc.source)
        if "tatoeba" in g:
            tatoeba.setdefault(g, []).extend(doc.lines)
            continue
        lines_by.setdefault(g, []).extend(doc.lines)
        head = doc.lines[0].strip()
        if "bible" not in g and not re.search(r"[。，！？；：,.]$", head):
            titles.append(head.split()[0] if "novels" in g and " " in head else head)
    for g, sents in tatoeba.items():
        lines_by[g] = ["".join(sents[i:i + 12]) for i in range(0, len(sents), 12)]
    for name in ("zuozhuan.txt", "us_constitution_zhs.txt") if split == "eval" else ():
        text = (root / "clean" / name).read_text("utf-8")
        lines_by[f"clean/{name}"] = text.splitlines()
        titles += [ln.strip() for ln in text.splitlines()
                   if ln.strip() and not re.search(r"[。，！？；：,.」”]$", ln.strip())]
    cpy: list[str] = []
    for p in sorted((root / "legacy" / "cpython-cjkencodings").glob("*-utf8.txt")):
        cpy += p.read_text("utf-8").splitlines()
    if split == "eval":
        lines_by["cpython-cjkencodings"] = cpy
    for g, lines in sorted(lines_by.items()):
        rng = random.Random(f"records:{g}")
        recs = [r for r in _records(iter(lines), rng) if han_count(r) >= 4]
        groups[g] = list(dict.fromkeys(recs))
    good = [t for t in dict.fromkeys(titles)
            if TITLE_MIN <= len(t) <= TITLE_MAX and han_count(t) >= 2]
    return groups, sorted(good)


TRAD_GROUPS = ("zh_hant",)
SIMP_GROUPS = ("zh_hans", "clean/")


def build_pools(groups: dict[str, list[str]], titles: list[str]
                ) -> dict[str, dict[str, list[str]]]:
    """pool name -> {source group -> items}; sampling picks a group uniformly,
    then an item."""
    def pick(pred: Callable[[str], bool]) -> dict[str, list[str]]:
        return {g: v for g, v in groups.items() if pred(g)}

    paras = {g: [r for r in v if len(r) >= 60 and len(SENT_RE.findall(r)) >= 3]
             for g, v in groups.items()}
    return {
        "all": groups,
        "simp": pick(lambda g: g.startswith(SIMP_GROUPS) or g == "cpython-cjkencodings"),
        "trad": pick(lambda g: g.startswith(TRAD_GROUPS) or g == "cpython-cjkencodings"),
        "para": {g: v for g, v in paras.items() if v},
        "title": {"titles": titles},
    }


def in_split(item: str, split: str) -> bool:
    """English and code lines (no table is built from them) go half to each split."""
    return ("eval", "train")[hashlib.blake2b(item.encode("utf-8"), digest_size=1).digest()[0] & 1] \
        == split


def all_pools(root: Path, seed: int, split: str = "eval") -> dict[str, dict[str, list[str]]]:
    """Every pool a row draws from: build_pools' and the English/code ones
    (each English or code line belongs to one split, like a document)."""
    groups, titles = load_sources(root, split)
    pools = build_pools(groups, titles)
    rng = random.Random(f"{seed}:latin")
    eng = [s for s in english_sentences(root) if in_split(s, split)]
    pools["english"] = {"licences": [s if len(s) % 2 == 0 else s + "." for s in eng]}
    pools["latin_en"] = {"licences": [t for s in eng if (t := with_typography(s, rng))]}
    pools["latin_code"] = {"stdlib": [t for s in code_comment_lines() if in_split(s, split)
                                      if (t := with_typography(s, rng))]}
    return pools


def candidates(pool: dict[str, list[str]], rng: random.Random) -> Iterator[str]:
    lists = {g: rng.sample(v, len(v)) for g, v in sorted(pool.items()) if v}
    while lists:
        g = rng.choice(sorted(lists))
        yield lists[g].pop()
        if not lists[g]:
            del lists[g]


# ---------------------------------------------------------------------------
# English and code (for isolated damage and the clean-text section)
# ---------------------------------------------------------------------------

LICENCES = ("clean/LICENSE.opencc", "legacy/chardet/LICENSE.chardet-code",
            "legacy/cppjieba/LICENSE", "legacy/uchardet/COPYING",
            "legacy/charset_normalizer/LICENSE.code",
            "mojibake/ftfy-test-cases/LICENSE.txt", "legacy/cpython-cjkencodings/LICENSE.txt")
#: stdlib modules whose source is the "code" sample (the running interpreter's)
CODE_MODULES = ("textwrap", "string", "heapq", "bisect", "colorsys", "fnmatch", "shlex",
                "difflib", "calendar", "argparse")


def english_sentences(root: Path) -> list[str]:
    """English prose: the sentences of the licence texts in the corpora."""
    out: list[str] = []
    for rel in LICENCES:
        p = root / rel
        if not p.exists():
            continue
        text = re.sub(r"\s+", " ", p.read_text("utf-8", errors="replace"))
        for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
            s = s.strip()
            if (s.isascii() and MIN_LEN <= len(s) <= MAX_LEN and len(s.split()) >= 5
                    and s[0].isupper() and s[-1] in ".!?"):
                out.append(s)
    return list(dict.fromkeys(out))


def code_chunks() -> list[str]:
    """Runs of 1-8 lines (20-400 characters) of stdlib source."""
    import importlib
    out: list[str] = []
    rng = random.Random("code")
    for name in CODE_MODULES:
        try:
            path = importlib.import_module(name).__file__
            lines = Path(path or "").read_text("utf-8").splitlines()
        except (OSError, ImportError):
            continue
        i = 0
        while i < len(lines):
            k = rng.randint(1, 8)
            chunk = "\n".join(lines[i:i + k])
            i += k
            if MIN_LEN <= len(chunk) <= MAX_LEN and chunk.strip():
                out.append(chunk)
    return out


def code_comment_lines() -> list[str]:
    out = []
    for c in code_chunks():
        for ln in c.splitlines():
            m = re.match(r"\s*# (.{20,})", ln)
            if m and m.group(1).isascii() and len(m.group(1).split()) >= 4:
                out.append(ln)
    return list(dict.fromkeys(out))


#: typographic punctuation as editors and people write it into English/code;
#: UTF-8 read as cp936 turns each into a cluster (鈥檚, 鈥?, 鈥溾€, 鈥攖he, 锛?)
_CONTRACTIONS = (("it is", "it’s"), ("It is", "It’s"), ("do not", "don’t"),
                 ("does not", "doesn’t"), ("is not", "isn’t"), ("cannot", "can’t"),
                 ("will not", "won’t"), ("that is", "that’s"), ("are not", "aren’t"))


def with_typography(s: str, rng: random.Random) -> str | None:
    """``s`` with one piece of typographic punctuation: a contraction or a
    possessive with ’, a word in “ ”, a clause break with — (spaced or not),
    an ellipsis, or a full-width ，/： typed by a Chinese writer."""
    options: list[Callable[[], str]] = []
    for plain, curly in _CONTRACTIONS:
        if f" {plain} " in f" {s} ":
            options.append(lambda p=plain, c=curly: re.sub(rf"\b{p}\b", c, s, count=1))
    caps = list(re.finditer(r"(?<= )[A-Z][a-z]{2,}(?= [a-z])", s))
    if caps:
        m = rng.choice(caps)
        options.append(lambda: s[:m.end()] + "’s" + s[m.end():])
    words = list(re.finditer(r"(?<= )[a-z]{4,}(?=[ ,.])", s))
    if words:
        w = rng.choice(words)
        options.append(lambda: s[:w.start()] + "“" + w.group() + "”" + s[w.end():])
    commas = [m.start() for m in re.finditer(r", (?=[a-z])", s)]
    if commas:
        c = rng.choice(commas)
        options.append(lambda: s[:c] + " — " + s[c + 2:])
        options.append(lambda: s[:c] + "—" + s[c + 2:])
        options.append(lambda: s[:c] + "，" + s[c + 2:])
    colons = [m.start() for m in re.finditer(r": ", s)]
    if colons:
        options.append(lambda: s[:colons[0]] + "：" + s[colons[0] + 2:])
    if s.endswith("."):
        options.append(lambda: s[:-1] + "…")
    if not options:
        return None
    return rng.choice(options)()


# ---------------------------------------------------------------------------
# rows: kind x decoder family
# ---------------------------------------------------------------------------

_POOL_OF_WRITER = {"utf-8": "all", "gbk": "simp", "cp950": "trad", "ascii": "english", "-": "all"}
LOST_KINDS = {"lost_characters"}
CER_ONLY = {"misaligned_gbk"}


def _kinds() -> list[tuple[str, str, Gen]]:
    rows: list[tuple[str, str, Gen]] = []
    for f in dmg.FAMILIES:
        rows.append((f"{f.kind} / {f.family}", _POOL_OF_WRITER[f.writer], f.damage))
    for fam, reader in (("windows cp936", "windows:cp936"), ("python replace", "python:gbk"),
                        ("whatwg gbk", "whatwg:gbk")):
        rows.append((f"one_damaged_sentence / {fam}", "para",
                     dmg.one_sentence(dmg.via("utf-8", reader))))
    for fam, reader in (("windows cp936", "windows:cp936"), ("whatwg gbk", "whatwg:gbk"),
                        ("python replace", "python:gbk")):
        rows.append((f"isolated_in_english / {fam}", "latin_en", dmg.via("utf-8", reader)))
    rows.append(("isolated_in_code / windows cp936", "latin_code",
                 dmg.via("utf-8", "windows:cp936")))
    for fam, reader in (("windows cp936", "windows:cp936"), ("python replace", "python:gbk"),
                        ("whatwg gbk", "whatwg:gbk")):
        rows.append((f"title_utf8_as_gbk / {fam}", "title", dmg.via("utf-8", reader)))
    rows.append(("title_gbk_as_latin1 / single-byte", "title", dmg.via("gbk", "sloppy:latin-1")))
    return rows


#: (row name, pool, damage function); benchmarks/equivalence.py draws from it
KINDS: list[tuple[str, str, Gen]] = _kinds()


def draw(name: str, pool: dict[str, list[str]], gen: Gen, n: int, seed: int
         ) -> list[tuple[str, str]]:
    """The (original, damaged) pairs of one row: deterministic in (seed, name)."""
    rng = random.Random(f"{seed}:{name}")
    pairs: list[tuple[str, str]] = []
    for orig in candidates(pool, rng):
        damaged = gen(orig, rng)
        if damaged is not None and damaged != orig:
            pairs.append((orig, damaged))
            if len(pairs) == n:
                break
    return pairs


# ---------------------------------------------------------------------------
# measuring (runs in worker processes)
# ---------------------------------------------------------------------------


def changed_chars(a: str, b: str) -> int:
    """Characters changed between a and b (line diff, then character diff)."""
    if a == b:
        return 0
    la, lb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    total = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        if tag != "equal":
            x, y = "".join(la[i1:i2]), "".join(lb[j1:j2])
            sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
            total += sum(max(k2 - k1, m2 - m1)
                         for t, k1, k2, m1, m2 in sm.get_opcodes() if t != "equal")
    return total


_ftfy_fix: Callable[[str], str] = functools.partial(ftfy.fix_text, config=FTFY_SAFE)
TOOLS: dict[str, Callable[[str], str]] = {"textrepair": textrepair.repair, "ftfy": _ftfy_fix}


def _call(tool: str, text: str) -> tuple[str, str | None]:
    try:
        return TOOLS[tool](text), None
    except Exception as e:  # a benchmark records every crash
        at = " <- ".join(f"{Path(f.filename).name}:{f.lineno}"
                         for f in traceback.extract_tb(e.__traceback__)[::-1][:3])
        return text, f"{type(e).__name__}: {e} at {at}"


def hole_fates(orig: str, lost: list[int], out: str) -> list[str]:
    """For each lost character of ``orig``: "exact" when ``out`` has it back,
    "kept" when a replacement mark is still where it was, else "wrong"."""
    fates = []
    ops = difflib.SequenceMatcher(None, orig, out, autojunk=False).get_opcodes()
    for i in lost:
        for tag, i1, i2, j1, j2 in ops:
            if i1 <= i < i2 or (i1 == i2 == i):
                if tag == "equal":
                    fates.append("exact")
                else:
                    seg = out[j1:j2]
                    fates.append("kept" if ("\ufffd" in seg or "?" in seg) else "wrong")
                break
        else:
            fates.append("wrong")
    return fates


def measure(job: tuple[str, str, str, list[int] | None]) -> dict[str, object]:
    """One sample: both tools' outputs, their CERs, and (lost rows) hole fates."""
    _kind, orig, damaged, lost = job
    res: dict[str, object] = {"damaged_cer": levenshtein(damaged, orig) / len(orig)}
    for tool in TOOLS:
        t0 = time.perf_counter()
        out, err = _call(tool, damaged)
        res[f"{tool}_secs"] = time.perf_counter() - t0
        res[f"{tool}_out"] = out
        res[f"{tool}_err"] = err
        res[f"{tool}_exact"] = out == orig
        res[f"{tool}_cer"] = levenshtein(out, orig) / len(orig)
        if lost is not None:
            res[f"{tool}_fates"] = hole_fates(orig, lost, out)
    if lost is not None:
        found = textrepair.detect(str(res["textrepair_out"]))
        res["reported"] = any("\ufffd" in (getattr(f, "excerpt", "") or "")
                              or "?" in (getattr(f, "excerpt", "") or "") for f in found)
    return res


def measure_clean(job: tuple[str, str]) -> dict[str, object]:
    cat, text = job
    res: dict[str, object] = {"cat": cat}
    for tool in TOOLS:
        out, err = _call(tool, text)
        res[f"{tool}_changed"] = changed_chars(text, out)
        res[f"{tool}_err"] = err
        if out != text:
            res[f"{tool}_example"] = {"in": text[:200], "out": out[:200]}
    return res


def measure_real(job: tuple[str, str, str | None, str]) -> dict[str, object]:
    cid, damaged, expected, kind = job
    res: dict[str, object] = {"id": cid, "kind": kind, "expected": expected}
    for tool in TOOLS:
        out, err = _call(tool, damaged)
        res[f"{tool}_out"] = out
        res[f"{tool}_err"] = err
        if expected is None:
            res[f"{tool}_verdict"] = "unchanged" if out == damaged else "changed"
        elif expected == damaged:
            res[f"{tool}_verdict"] = "unchanged (ok)" if out == damaged else "CHANGED"
        elif out == expected:
            res[f"{tool}_verdict"] = "exact"
        else:
            res[f"{tool}_verdict"] = "unchanged" if out == damaged else "wrong"
        if expected:
            res["cer_before"] = levenshtein(damaged, expected) / len(expected)
            res[f"{tool}_cer"] = levenshtein(out, expected) / len(expected)
    return res


# ---------------------------------------------------------------------------
# the sections
# ---------------------------------------------------------------------------


def pct(x: object) -> str:
    return f"{100 * float(x):.1f}" if isinstance(x, (int, float)) else "-"


def _mean(rows: list[dict[str, object]], key: str) -> float:
    return sum(float(r[key]) for r in rows) / len(rows)  # type: ignore[arg-type]


def clean_categories(root: Path, pools: dict[str, dict[str, list[str]]], n: int, seed: int
                     ) -> dict[str, list[str]]:
    """Clean texts by category (each at most ``n`` records)."""
    rng = random.Random(f"{seed}:clean")

    def take(items: list[str]) -> list[str]:
        items = list(dict.fromkeys(items))
        return items if len(items) <= n else rng.sample(items, n)

    allg = pools["all"]
    cats: dict[str, list[str]] = {
        "simplified": take([r for g, v in allg.items() if g.startswith("zh_hans")
                            and "novels" not in g for r in v]),
        "traditional": take([r for g, v in allg.items() if g.startswith("zh_hant") for r in v]),
        "classical": take(allg.get("clean/zuozhuan.txt", [])
                          + [r for r in allg.get("zh_hans_ming_qing_vernacular_novels", [])]),
        "legal (constitution)": take(allg.get("clean/us_constitution_zhs.txt", [])),
        "box-drawing": take(box_drawing(root)),
    }
    # Cantonese and other dialect writing: real cases and the corpora's few lines
    dialect = []
    for name in ("real-cases-2.jsonl",):
        for line in (root / "mojibake" / name).read_text("utf-8").splitlines():
            c = json.loads(line) if line.strip() else {}
            if c.get("kind") == "clean:cantonese":
                dialect.append(c["damaged"])
    for p in sorted((root / "running").glob("*tatoeba*.txt.gz")):
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            dialect += [ln.strip() for ln in fh if re.search("[嘅咗佢啲喺冇嘢]", ln)]
    gan = root / "legacy" / "chardet" / "tests" / "utf-8-english" / "_ude_5.txt"
    if gan.exists():  # Gan (贛語) Wikipedia text, mislabelled "english" by chardet
        dialect += [ln.strip() for ln in gan.read_text("utf-8").splitlines() if ln.strip()]
    cats["Cantonese / Gan"] = dialect
    # Japanese and Korean: CPython's own test data (Lib/test/cjkencodings)
    try:
        import test as _t
        cjk = Path(_t.__file__).parent / "cjkencodings"
    except ImportError:
        cjk = Path("/nonexistent")
    for cat, names in (("Japanese", ("euc_jp", "shift_jis", "iso2022_jp", "euc_jisx0213")),
                       ("Korean", ("euc_kr", "cp949", "johab", "iso2022_kr"))):
        recs: list[str] = []
        for nm in names:
            p = cjk / f"{nm}-utf8.txt"
            if p.exists():
                recs += list(_records(iter(p.read_text("utf-8").splitlines()),
                                      random.Random(nm)))
                recs += [ln for ln in p.read_text("utf-8").splitlines()
                         if MIN_LEN <= len(ln) <= MAX_LEN]
        cats[cat] = take(recs)
    eng = english_sentences(root)
    cats["English"] = take(eng)
    typo_rng = random.Random(f"{seed}:typography")
    cats["English, typographic"] = take([t for s in eng
                                         if (t := with_typography(s, typo_rng)) is not None])
    code = code_chunks()
    zh = [r for r in pools["simp"].get("zh_hans_prc_laws_lawrefbook", []) if len(r) < 80]
    zrng = random.Random(f"{seed}:code-zh")
    templates = ("# {}", "// {}", 'print("{}")', "msg = '{}'", "/* {} */", "<!-- {} -->")
    code_zh = [zrng.choice(templates).format(s) for s in zrng.sample(zh, min(len(zh), n))]
    for line in (root / "mojibake" / "real-cases-2.jsonl").read_text("utf-8").splitlines():
        c = json.loads(line) if line.strip() else {}
        if c.get("kind") == "clean:code_comment":
            code_zh.append(c["damaged"])
    cats["code"] = take(code)
    cats["code, Chinese comments"] = take(code_zh)
    return {k: v for k, v in cats.items() if v}


TABLE_RE = re.compile("[\u2502\u250c\u2510\u2514\u2518\u251c\u2524\u252c\u2534\u253c]")


def box_drawing(root: Path) -> list[str]:
    """Text with box-drawing characters: the Taiwan laws' real tables (three
    lines, all in training documents: the only real tables we have; cut into
    pieces of at most 400 characters at row boundaries) and every evaluation
    line using box characters as rules or dashes (a window around each)."""
    out: list[str] = []
    for doc in corpus_split.iter_documents(root):
        for line in doc.lines:
            if "taiwan" in doc.source and TABLE_RE.search(line):
                piece = ""
                for row in re.split("(?<=[\u2524\u2518\u2502])(?=[\u251c\u2514\u2502])",
                                    line):
                    if len(piece) + len(row) > MAX_LEN and len(piece) >= MIN_LEN:
                        out.append(piece)
                        piece = ""
                    piece += row
                if len(piece) >= MIN_LEN:
                    out.append(piece[:MAX_LEN])
            elif doc.split == "eval" and BOX_RE.search(line):
                m = BOX_RE.search(line)
                assert m is not None
                a = max(0, m.start() - 100)
                out.append(line[a:a + 200])
    return out


def real_cases(root: Path) -> list[tuple[str, str, str | None, str]]:
    out = []
    for name in ("real-cases.jsonl", "real-cases-2.jsonl"):
        for line in (root / "mojibake" / name).read_text("utf-8").splitlines():
            if line.strip():
                c = json.loads(line)
                out.append((c["id"], c.get("damaged", c.get("mojibake")), c.get("expected"),
                            c.get("kind") or c.get("mechanism", "")[:30]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus-root", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--per-kind", type=int, help="samples per row (default 200; --quick 20)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--quick", action="store_true",
                    help="20 samples per row, 15 clean texts per category")
    ap.add_argument("--family", help="only rows whose decoder family contains this text")
    ap.add_argument("--kinds", help="comma-separated kinds (the part before ' / ')")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--json", type=Path, help="also write all results to this JSON file")
    ap.add_argument("--split", choices=("eval", "train"), default="eval",
                    help="draw records from evaluation documents (default: the figures to "
                         "report) or from training documents (for tuning thresholds)")
    args = ap.parse_args(argv)
    n = args.per_kind or (20 if args.quick else 200)
    t0 = time.perf_counter()

    pools = all_pools(args.corpus_root, args.seed, args.split)

    wanted = set(args.kinds.split(",")) if args.kinds else None
    rows = [(name, pool, gen) for name, pool, gen in KINDS
            if (wanted is None or name.split(" / ")[0] in wanted)
            and (args.family is None or args.family in name.split(" / ")[1])]
    jobs: list[tuple[str, str, str, list[int] | None]] = []
    spans: list[tuple[str, int, int]] = []
    for name, pool, gen in rows:
        kind = name.split(" / ")[0]
        start = len(jobs)
        if kind in LOST_KINDS:
            style = {"one U+FFFD each": "fffd", "one ? each": "question"}.get(
                name.split(" / ")[1], "split")
            r = random.Random(f"{args.seed}:{name}")
            for orig in candidates(pools[pool], r):
                res = dmg.lose_characters(orig, r, style)
                if res is not None:
                    jobs.append((name, orig, res[0], res[1]))
                    if len(jobs) - start == n:
                        break
        else:
            jobs += [(name, o, d, None) for o, d in draw(name, pools[pool], gen, n, args.seed)]
        spans.append((name, start, len(jobs)))

    n_clean = 15 if args.quick else n
    cats = clean_categories(args.corpus_root, pools, n_clean, args.seed)
    clean_jobs = [(cat, t) for cat, texts in cats.items() for t in texts]
    real = real_cases(args.corpus_root)

    with multiprocessing.get_context("fork").Pool(args.jobs) as mp:
        results = mp.map(measure, jobs, chunksize=4)
        clean_res = mp.map(measure_clean, clean_jobs, chunksize=4)
        real_res = mp.map(measure_real, real, chunksize=1)


    # ---- damage table ----
    print(f"textrepair {textrepair.__version__} ({Path(textrepair.__file__).parent}) vs ftfy "
          f"{ftfy.__version__} (Chinese-safe config); seed {args.seed}; up to {n} samples per "
          f"row; records {MIN_LEN}-{MAX_LEN} characters from {args.split} documents"
          + (" and clean corpora" if args.split == "eval" else " (tuning run: not figures "
             "to report)"))
    print("CER = mean per-sample Levenshtein(output, original) / len(original); "
          "damaged CER = the input's own\n")
    out_rows = []
    lost_rows = []
    failures: dict[str, list[dict[str, str]]] = {}
    for name, a, b in spans:
        rs = results[a:b]
        row: dict[str, object] = {"row": name, "n": len(rs)}
        if rs:
            row["damaged_cer"] = _mean(rs, "damaged_cer")
            row["textrepair_secs"] = sum(float(r["textrepair_secs"]) for r in rs)  # type: ignore[arg-type]
            for tool in TOOLS:
                row[f"{tool}_exact"] = sum(bool(r[f"{tool}_exact"]) for r in rs) / len(rs)
                row[f"{tool}_cer"] = _mean(rs, f"{tool}_cer")
            failures[name] = [{"orig": j[1], "damaged": j[2], "out": str(r["textrepair_out"])}
                              for j, r in zip(jobs[a:b], rs, strict=True)
                              if not r["textrepair_exact"]][:3]
            if name.split(" / ")[0] in LOST_KINDS:
                for tool in TOOLS:
                    fates = [f for r in rs for f in r[f"{tool}_fates"]]  # type: ignore[attr-defined]
                    for k in ("exact", "wrong", "kept"):
                        row[f"{tool}_holes_{k}"] = fates.count(k) / len(fates)
                    row["holes"] = len(fates)
                row["kept_reported"] = sum(bool(r["reported"]) for r in rs) / len(rs)
                lost_rows.append(row)
        out_rows.append(row)
    hdr = ["kind / decoder family", "n", "damaged CER %", "textrepair exact %",
           "textrepair CER %", "ftfy exact %", "ftfy CER %"]
    print(table(hdr, [[str(r["row"]) + (" (CER only)" if str(r["row"]).split(" / ")[0]
                                        in CER_ONLY else ""),
                       str(r["n"]), pct(r.get("damaged_cer")), pct(r.get("textrepair_exact")),
                       pct(r.get("textrepair_cer")), pct(r.get("ftfy_exact")),
                       pct(r.get("ftfy_cer"))] for r in out_rows]))

    if lost_rows:
        print("\nWhole lost characters (one in 50; per hole: restored exactly / restored "
              "wrongly or removed / hole kept; 'reported' = samples where detect() on "
              "textrepair's output reports a hole)")
        print(table(["family", "samples", "holes", "tr exact %", "tr wrong %", "tr kept %",
                     "reported %", "ftfy exact %", "ftfy wrong %", "ftfy kept %"],
                    [[str(r["row"]).split(" / ")[1], str(r["n"]), str(r["holes"]),
                      pct(r["textrepair_holes_exact"]), pct(r["textrepair_holes_wrong"]),
                      pct(r["textrepair_holes_kept"]), pct(r["kept_reported"]),
                      pct(r["ftfy_holes_exact"]), pct(r["ftfy_holes_wrong"]),
                      pct(r["ftfy_holes_kept"])] for r in lost_rows]))

    # ---- clean text ----
    print("\nClean text (0 changed characters expected): documents changed / characters "
          "changed, per category")
    crow = []
    clean_summary: dict[str, dict[str, object]] = {}
    for cat, texts in cats.items():
        rs = [r for r in clean_res if r["cat"] == cat]
        chars = sum(len(t) for t in texts)
        s: dict[str, object] = {"docs": len(rs), "chars": chars}
        for tool in TOOLS:
            s[f"{tool}_docs"] = sum(bool(r[f"{tool}_changed"]) for r in rs)
            s[f"{tool}_chars"] = sum(int(r[f"{tool}_changed"]) for r in rs)  # type: ignore[call-overload]
            s[f"{tool}_examples"] = [r[f"{tool}_example"] for r in rs
                                     if f"{tool}_example" in r][:3]
        clean_summary[cat] = s
        crow.append([cat, str(len(rs)), str(chars), f"{s['textrepair_docs']} / "
                     f"{s['textrepair_chars']}", f"{s['ftfy_docs']} / {s['ftfy_chars']}"])
    print(table(["category", "docs", "chars", "textrepair changed", "ftfy changed"], crow))
    for cat, s in clean_summary.items():
        for ex in s["textrepair_examples"][:1]:  # type: ignore[index]
            print(f"  textrepair changed [{cat}] {ex['in'][:60]!r}\n"
                  f"                    -> {ex['out'][:60]!r}")

    # ---- real cases ----
    print("\nReal cases (mojibake/real-cases.jsonl, real-cases-2.jsonl): verdict for "
          "textrepair (ftfy), CER before -> after")
    rrows = []
    for r in real_res:
        before = r.get("cer_before")
        rrows.append([str(r["id"]), str(r["kind"])[:28], str(r["textrepair_verdict"]),
                      str(r["ftfy_verdict"]),
                      "-" if before is None else f"{pct(before)} -> {pct(r['textrepair_cer'])}"])
    print(table(["id", "kind", "textrepair", "ftfy", "CER % before -> after (textrepair)"],
                rrows))
    counts: dict[str, int] = {}
    for r in real_res:
        counts[str(r["textrepair_verdict"])] = counts.get(str(r["textrepair_verdict"]), 0) + 1
    print("  textrepair: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))

    errs = [(j[0], j[2], r["textrepair_err"]) for j, r in zip(jobs, results, strict=True)
            if r["textrepair_err"]]
    errs += [(str(r["cat"]), "", r["textrepair_err"]) for r in clean_res if r["textrepair_err"]]
    errs += [(str(r["id"]), "", r["textrepair_err"]) for r in real_res if r["textrepair_err"]]
    print(f"\ntextrepair exceptions: {len(errs)}")
    for where, inp, e in errs[:10]:
        print(f"  [{where}] {e}\n    input: {inp[:100]!r}")
    print(f"\n{len(jobs)} damaged samples, {len(clean_jobs)} clean texts, {len(real)} real "
          f"cases in {time.perf_counter() - t0:.0f} s with {args.jobs} workers")

    if args.json:
        args.json.write_text(json.dumps(
            {"seed": args.seed, "per_kind": n, "rows": out_rows, "failed_examples": failures,
             "clean": clean_summary, "real_cases": real_res,
             "exceptions": [{"where": w, "input": i, "error": e} for w, i, e in errs]},
            ensure_ascii=False, indent=1, default=str), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
