"""Accuracy benchmark: textrepair.repair vs ftfy on synthetic and real Chinese mojibake.

Clean sentences (6-60 characters) are cut from the development corpora
(/work/shared/corpora by default), damaged in ~25 realistic ways, and repaired.
For each kind of damage the table reports the exact-match rate and the mean
per-sample character error rate (Levenshtein distance / len(original)) for
textrepair.repair and for ftfy.fix_text with the "Chinese-safe" config
(fix_character_width=False, uncurl_quotes=False).  The "damaged CER" column is
the error rate of the damaged input itself (the do-nothing baseline).

It also reports how often repair() changes clean text (sentences and whole
files), runs the real cases in mojibake/real-cases.jsonl, and lists every
exception textrepair raised.  Deterministic: fixed seed, no network.

    python benchmarks/accuracy.py [--per-kind 200] [--seed 0] [--json out.json]
"""

from __future__ import annotations

import argparse
import difflib
import functools
import html
import itertools
import json
import random
import re
import sys
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import ftfy
from _common import strip_tags, table

import textrepair
from textrepair.repair.bytemaps import lenient_decode as decode_like

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
FTFY_SAFE = ftfy.TextFixerConfig(fix_character_width=False, uncurl_quotes=False)

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN}]")
HAN_RUN_RE = re.compile(f"[{HAN}]{{2,}}")
SENT_RE = re.compile(r"[^。！？；!?]*[。！？；!?]+[”’」』）)]*|[^。！？；!?]+$")
TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)

_ENGLISH = (
    "Bush hid the facts about the war | The quick brown fox jumps over the lazy dog | This "
    "application can break your computer | Please read the license agreement carefully | "
    "Meeting moved to Thursday afternoon | All work and no play makes Jack a dull boy | The "
    "weather today is sunny with light winds | Download the latest version from our website | "
    "Your password has been changed successfully | We apologize for any inconvenience caused | "
    "Click here to continue reading the article | Remember to back up your files every week | "
    "The library opens at nine in the morning | Dinner will be served in the main hall | Our "
    "office is closed on public holidays | Thank you for your order and have a nice day | The "
    "train to Boston leaves from platform four | Keep this document in a safe place | Children "
    "under twelve must be accompanied | Error while loading shared libraries | The committee "
    "will publish its report soon | Press any key to return to the main menu | Fresh bread is "
    "baked here every morning | She sells seashells by the seashore | Check your spelling and "
    "try again | The museum has a new exhibition on birds | Never gonna give you up never gonna "
    "let you down | Summer school starts on the first of July | Water boils at one hundred "
    "degrees Celsius | Please turn off your mobile phone now | The file you requested could not "
    "be found | Students should submit homework by Friday | A journey of a thousand miles "
    "begins with one step | The results will be announced next month | Hello world from the "
    "command line | Every cloud has a silver lining | Knowledge is power and time is money | "
    "Add two eggs and stir the mixture gently | Mount Everest is the highest mountain on Earth "
    "| The server is temporarily unavailable "
)
ENGLISH = [s.strip() for s in _ENGLISH.split("|")]

Gen = Callable[[str, random.Random], "str | None"]
Failures = list[dict[str, str]]


def han_count(s: str) -> int:
    return len(HAN_RE.findall(s))


def sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        for s in SENT_RE.findall(line):
            s = s.strip()
            if 6 <= len(s) <= 60 and han_count(s) >= max(3, len(s) // 3):
                out.append(s)
    return out


def load_sources(root: Path) -> tuple[dict[str, str], list[str]]:
    """{source name: clean text} and <title> strings from the feeds."""
    texts: dict[str, str] = {}
    titles: list[str] = []
    for name in ("us_constitution_zhs.txt", "zuozhuan.txt"):
        texts[f"clean/{name}"] = (root / "clean" / name).read_text("utf-8")
    for p in sorted((root / "legacy" / "cpython-cjkencodings").glob("*-utf8.txt")):
        texts[f"cpython/{p.name}"] = p.read_text("utf-8")
    chardet = root / "legacy" / "chardet" / "tests"
    for folder, codec in (("gb18030-chinese", "gb18030"), ("big5-chinese", "big5"),
                          ("utf-8-chinese", "utf-8")):
        for p in sorted((chardet / folder).iterdir()):
            raw = p.read_bytes().decode(codec)
            titles += [html.unescape(t).strip() for t in TITLE_RE.findall(raw)]
            texts[f"chardet/{folder}/{p.name}"] = strip_tags(raw)
    return texts, titles


def group_of(source: str) -> str:
    if source.startswith("chardet/"):
        return source.rsplit("/", 1)[0]
    return source if source.startswith("clean/") else "cpython"


def build_pools(texts: dict[str, str], titles: list[str]) -> dict[str, dict[str, list[str]]]:
    """pool name → {source group → items}; sampling picks a group uniformly, then an item."""
    seen: set[str] = set()
    by_group: dict[str, list[str]] = {}
    for src, text in texts.items():
        for s in sentences(text):
            if s not in seen:
                seen.add(s)
                by_group.setdefault(group_of(src), []).append(s)

    def filt(pred: Callable[[str], bool]) -> dict[str, list[str]]:
        return {g: [s for s in v if pred(s)] for g, v in by_group.items()}

    prng = random.Random("paragraphs")
    paras: dict[str, list[str]] = {}
    for g, sents in by_group.items():
        i = 0
        while i + 3 <= len(sents):
            k = prng.randint(3, 5)
            paras.setdefault(g, []).append("".join(sents[i:i + k]))
            i += k
    heads = [ln.strip() for t in texts.values() for ln in t.splitlines()]
    heads = [h for h in heads if not re.search(r"[。，！？；：,.]$", h)] + titles
    good = sorted({h for h in heads if 4 <= len(h) <= 16 and han_count(h) >= 2})
    english = [s if len(s) % 2 == 0 else s + "." for s in ENGLISH]
    return {
        "all": by_group,
        "simp": filt(lambda s: strict(s, "gb2312", "gb2312") is not None),
        "trad": filt(lambda s: strict(s, "big5", "big5") is not None
                                and strict(s, "gb2312", "gb2312") is None),
        "para": paras,
        "title": {"titles": good},
        "english": {"english": english},
    }


def candidates(pool: dict[str, list[str]], rng: random.Random) -> Iterator[str]:
    lists = {g: rng.sample(v, len(v)) for g, v in sorted(pool.items()) if v}
    while lists:
        g = rng.choice(sorted(lists))
        yield lists[g].pop()
        if not lists[g]:
            del lists[g]


# ---- damage generators: (original, rng) -> damaged text, or None to skip ----

@functools.cache
def _sloppy_table(codec: str) -> str:
    # an undefined byte becomes the same-valued C1 control, like ftfy's sloppy codecs
    return "".join(bytes([b]).decode(codec, errors="ignore") or chr(b) for b in range(256))


def sloppy(data: bytes, codec: str) -> str:
    table = _sloppy_table(codec)
    return "".join(table[b] for b in data)


def strict(s: str, enc: str, dec: str, errors: str = "strict") -> str | None:
    try:
        return s.encode(enc).decode(dec, errors=errors)
    except UnicodeError:
        return None


def u8gbk_twice(s: str, _: random.Random) -> str | None:
    once = strict(s, "utf-8", "gbk")
    return None if once is None else strict(once, "utf-8", "gbk")


def sloppy_of(enc: str, codec: str) -> Gen:
    def gen(s: str, _: random.Random) -> str | None:
        try:
            return sloppy(s.encode(enc), codec)
        except UnicodeEncodeError:
            return None
    return gen


def u8_cp1252_twice(s: str, _: random.Random) -> str | None:
    return sloppy(sloppy(s.encode("utf-8"), "cp1252").encode("utf-8"), "cp1252")


def u_escape(ch: str) -> str:
    b = ch.encode("utf-16-be")  # astral characters become a surrogate pair, as in JSON
    return "".join(f"\\u{int.from_bytes(b[i:i + 2], 'big'):04x}" for i in range(0, len(b), 2))


def percent(s: str, rng: random.Random) -> str | None:
    runs = list(HAN_RUN_RE.finditer(s))
    if not runs:
        return None
    m = rng.choice(runs)
    return s[:m.start()] + urllib.parse.quote(m.group()) + s[m.end():]


def one_damaged(p: str, rng: random.Random) -> str | None:
    parts = SENT_RE.findall(p)
    idx = [i for i, x in enumerate(parts) if len(x) >= 8]
    if not idx:
        return None
    i = rng.choice(idx)
    parts[i] = decode_like(parts[i].encode("utf-8"), "gbk", decoder="windows")
    return "".join(parts)


def misaligned(s: str, rng: random.Random) -> str | None:
    try:
        data = s.encode("gbk")
    except UnicodeEncodeError:
        return None
    cut = rng.randrange(max(1, len(data) // 2))
    return decode_like(data[:cut] + data[cut + 1:], "gbk", decoder="windows")


def kunjinkao(s: str, rng: random.Random) -> str:
    at = rng.randint(1, len(s) - 1)
    return s[:at] + "锟斤拷" * rng.randint(1, 3) + s[at:]


def windows_gbk(s: str, _: random.Random) -> str:
    return decode_like(s.encode("utf-8"), "gbk", decoder="windows")


KINDS: list[tuple[str, str, Gen]] = [
    ("utf8_as_gbk", "all", lambda s, r: strict(s, "utf-8", "gbk")),
    ("utf8_as_gbk_windows", "all", windows_gbk),
    ("utf8_as_gbk_python_replace", "all", lambda s, r: strict(s, "utf-8", "gbk", "replace")),
    ("utf8_as_gb18030", "all", lambda s, r: strict(s, "utf-8", "gb18030", "replace")),
    ("utf8_as_gbk_twice", "all", u8gbk_twice),
    ("gbk_as_latin1", "all", lambda s, r: strict(s, "gbk", "latin-1")),
    ("gbk_as_cp1252", "all", sloppy_of("gbk", "cp1252")),
    ("gbk_as_cp1250", "all", sloppy_of("gbk", "cp1250")),
    ("gbk_as_cp437", "all", lambda s, r: strict(s, "gbk", "cp437")),
    ("gbk_as_cp932", "all", lambda s, r: strict(s, "gbk", "cp932")),
    ("gbk_as_big5", "simp", lambda s, r: strict(s, "gbk", "big5")),
    ("big5_as_gbk", "trad", lambda s, r: strict(s, "big5", "gbk", "replace")),
    ("utf8_as_cp1252", "all", sloppy_of("utf-8", "cp1252")),
    ("utf8_as_cp1252_twice", "all", u8_cp1252_twice),
    ("utf8_as_latin1", "all", lambda s, r: s.encode("utf-8").decode("latin-1")),
    ("utf16_as_ascii", "english", lambda s, r: s.encode("ascii").decode("utf-16-le")),
    ("html_entities", "all", lambda s, r: HAN_RE.sub(lambda m: f"&#{ord(m[0])};", s)),
    ("unicode_escape", "all", lambda s, r: HAN_RE.sub(lambda m: u_escape(m[0]), s)),
    ("percent_utf8", "all", percent),
    ("one_damaged_sentence", "para", one_damaged),
    ("title_utf8_as_gbk", "title", windows_gbk),
    ("misaligned_gbk", "all", misaligned),
    ("kunjinkao", "all", kunjinkao),
]
CER_ONLY = {"misaligned_gbk"}


def levenshtein(a: str, b: str) -> int:
    if a == b:
        return 0
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    a, b = a[p:], b[p:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def safe_call(fn: Callable[[str], str], text: str, where: str, errors: Failures) -> str:
    try:
        return fn(text)
    except Exception as e:  # a benchmark records every crash
        errors.append({"where": where, "input": text, "error": f"{type(e).__name__}: {e}",
                       "at": " <- ".join(f"{Path(f.filename).name}:{f.lineno}"
                                        for f in traceback.extract_tb(e.__traceback__)[::-1][:3])})
        return text


tr_repair: Callable[[str], str] = textrepair.repair
ftfy_safe: Callable[[str], str] = functools.partial(ftfy.fix_text, config=FTFY_SAFE)


def run_kind(name: str, pool: dict[str, list[str]], gen: Gen, n: int, seed: int,
             tr_err: Failures, ft_err: Failures) -> dict[str, object]:
    rng = random.Random(f"{seed}:{name}")
    pairs: list[tuple[str, str]] = []
    for orig in candidates(pool, rng):
        damaged = gen(orig, rng)
        if damaged is not None and damaged != orig:
            pairs.append((orig, damaged))
            if len(pairs) == n:
                break
    row: dict[str, object] = {"kind": name, "n": len(pairs)}
    if not pairs:
        return row
    row["damaged_cer"] = sum(levenshtein(d, o) / len(o) for o, d in pairs) / len(pairs)
    fails = []
    for tool, fn, errs in (("textrepair", tr_repair, tr_err), ("ftfy", ftfy_safe, ft_err)):
        outs = [safe_call(fn, d, f"{name}/{tool}", errs) for _, d in pairs]
        ok = sum(o == x for (o, _), x in zip(pairs, outs, strict=True))
        row[f"{tool}_exact"] = ok / len(pairs)
        row[f"{tool}_cer"] = sum(levenshtein(x, o) / len(o)
                                 for (o, _), x in zip(pairs, outs, strict=True)) / len(pairs)
        if tool == "textrepair":
            fails = [{"orig": o, "damaged": d, "out": x}
                     for (o, d), x in zip(pairs, outs, strict=True) if x != o][:3]
    row["examples_failed"] = fails
    return row


def changed_chars(a: str, b: str) -> int:
    """Characters changed between a and b: line diff, then char diff inside changed blocks."""
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


def run_clean(pool: dict[str, list[str]], texts: dict[str, str], n: int, seed: int,
              tr_err: Failures, ft_err: Failures) -> dict[str, object]:
    rng = random.Random(f"{seed}:clean")
    sents = list(itertools.islice(candidates(pool, rng), n))
    res: dict[str, object] = {"sentences": len(sents), "files": len(texts)}
    for tool, fn, errs in (("textrepair", tr_repair, tr_err), ("ftfy", ftfy_safe, ft_err)):
        outs = [safe_call(fn, s, f"clean-sentence/{tool}", errs) for s in sents]
        same = sum(o == s for o, s in zip(outs, sents, strict=True))
        res[f"{tool}_sent_unchanged"] = same / len(sents)
        res[f"{tool}_sent_changed_chars"] = sum(
            changed_chars(s, o) for o, s in zip(outs, sents, strict=True))
        changed = {}
        for src, text in texts.items():
            out = safe_call(fn, text, f"clean-file:{src}/{tool}", errs)
            if out != text:
                changed[src] = changed_chars(text, out)
        res[f"{tool}_file_unchanged"] = (len(texts) - len(changed)) / len(texts)
        res[f"{tool}_file_changed_chars"] = sum(changed.values())
        res[f"{tool}_changed_files"] = changed
        res[f"{tool}_sent_changed_examples"] = [
            {"in": s, "out": o} for o, s in zip(outs, sents, strict=True) if o != s][:5]
    return res


def run_real(path: Path, tr_err: Failures, ft_err: Failures) -> list[dict[str, object]]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        case = json.loads(line) if line.strip() else None
        if not case or case.get("expected") is None:
            continue
        tr = safe_call(tr_repair, case["mojibake"], f"real:{case['id']}/textrepair", tr_err)
        ft = safe_call(ftfy_safe, case["mojibake"], f"real:{case['id']}/ftfy", ft_err)
        rows.append({"id": case["id"], "expected": case["expected"], "textrepair": tr,
                     "ftfy": ft, "textrepair_ok": tr == case["expected"],
                     "ftfy_ok": ft == case["expected"]})
    return rows


def pct(x: object) -> str:
    return f"{100 * float(x):.1f}" if isinstance(x, (int, float)) else "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus-root", type=Path, default=DEFAULT_CORPORA,
                    help=f"development corpora (default: {DEFAULT_CORPORA})")
    ap.add_argument("--per-kind", type=int, default=200, help="samples per kind (default 200)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--kinds", help="comma-separated subset of kinds to run")
    ap.add_argument("--json", type=Path, help="also write all results to this JSON file")
    args = ap.parse_args(argv)

    texts, titles = load_sources(args.corpus_root)
    pools = build_pools(texts, titles)
    tr_err: Failures = []
    ft_err: Failures = []
    wanted = set(args.kinds.split(",")) if args.kinds else None
    rows = [run_kind(name, pools[pool], gen, args.per_kind, args.seed, tr_err, ft_err)
            for name, pool, gen in KINDS if wanted is None or name in wanted]

    print(f"textrepair {textrepair.__version__} vs ftfy {ftfy.__version__} (Chinese-safe config)"
          f"; seed {args.seed}; up to {args.per_kind} samples per kind")
    print("CER = mean per-sample Levenshtein(output, original) / len(original); "
          "damaged CER = the input's own CER\n")
    hdr = ["kind", "n", "damaged CER %", "textrepair exact %", "textrepair CER %",
           "ftfy exact %", "ftfy CER %"]
    print(table(hdr, [[str(r["kind"]) + (" (CER only)" if r["kind"] in CER_ONLY else ""),
                       str(r["n"]), pct(r.get("damaged_cer")), pct(r.get("textrepair_exact")),
                       pct(r.get("textrepair_cer")), pct(r.get("ftfy_exact")),
                       pct(r.get("ftfy_cer"))] for r in rows]))

    clean = run_clean(pools["all"], texts, args.per_kind, args.seed, tr_err, ft_err)
    print(f"\nClean text (false positives): {clean['sentences']} sentences, "
          f"{clean['files']} whole files (tag-stripped)")
    print(table(["tool", "sentences unchanged %", "sentence chars changed",
                 "files unchanged %", "file chars changed"],
                [[t, pct(clean[f"{t}_sent_unchanged"]), str(clean[f"{t}_sent_changed_chars"]),
                  pct(clean[f"{t}_file_unchanged"]), str(clean[f"{t}_file_changed_chars"])]
                 for t in ("textrepair", "ftfy")]))
    changed_files = clean["textrepair_changed_files"]
    assert isinstance(changed_files, dict)
    for src, k in changed_files.items():
        print(f"  textrepair changed {src}: {k} chars")
    print("  (ftfy's file changes include CRLF -> LF from fix_line_breaks)")

    real = run_real(args.corpus_root / "mojibake" / "real-cases.jsonl", tr_err, ft_err)
    print("\nReal cases (mojibake/real-cases.jsonl, rows with an expected value)")
    print(table(["id", "textrepair", "ftfy"],
                [[str(r["id"]), "ok" if r["textrepair_ok"] else "FAIL",
                  "ok" if r["ftfy_ok"] else "FAIL"] for r in real]))

    print(f"\ntextrepair exceptions: {len(tr_err)}; ftfy exceptions: {len(ft_err)}")
    for e in tr_err[:20]:
        print(f"  [{e['where']}] {e['error']} at {e['at']}\n    input: {e['input'][:120]!r}")

    if args.json:
        args.json.write_text(json.dumps(
            {"seed": args.seed, "per_kind": args.per_kind, "kinds": rows, "clean": clean,
             "real_cases": real, "textrepair_exceptions": tr_err, "ftfy_exceptions": ft_err},
            ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
