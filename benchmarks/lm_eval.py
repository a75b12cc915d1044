#!/usr/bin/env python3
"""The running-text language model (textrepair/model/ngram.py) against the old
character score (textrepair.score), on the **eval** documents of the running
corpus (scripts/corpus_split.py), which no table was built from.

(a) cross-entropy, nats per Han character, per source and script;
(b) choice tasks that mirror repair: at random Han positions of eval sentences
    one character is replaced by each candidate and the whole sentence scored;
    top-1 = the original is the unique cheapest candidate:
    (i)   UTF-8 lost its last byte: the 64 code points sharing the first two bytes;
    (ii)  Big5 lost its lead byte (traditional sentences): every Big5 character
          with the same trail byte;
    (iii) a whole character lost: the 7000 commonest Han characters (jieba
          counts, folded; positions whose character is among them);
    (iv)  two adjacent characters each lost their last UTF-8 byte: 64 x 64 pairs;
(c) margins: mean cost per character of clean sentences and of the same
    sentences as mojibake (UTF-8 read as GBK, GBK read as Big5, Python
    ``errors="replace"``), with percentiles.

Sentence scores are exact whole-sentence differences: the n-gram model is
stepped from the state before the hole until its state rejoins the original
sentence's (what follows costs the same for every candidate); the old model
is a bigram model (one character of right context); the word evidence is the
best segmentation of the Han run around the hole (at most 8 characters on
either side), which is where the candidates differ.

    python benchmarks/lm_eval.py                 # eval split, packaged model
    python benchmarks/lm_eval.py --split dev --model /tmp/lm-dev/charlm.bin.z \\
        --words /tmp/lm-dev/words.tsv.xz --weights 0,0.1,0.2,0.4   # tuning

``--split dev`` reads the dev share of the *train* documents (the share
``build_lm.py --holdout-dev`` leaves out): tune there, report on eval.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_split  # noqa: E402
from _common import table  # noqa: E402
from textrepair.tables import char_table  # noqa: E402

from textrepair import score as old  # noqa: E402
from textrepair.model import ngram  # noqa: E402

# the dev share of build_lm.py (duplicated so that this script needs no numpy)
DEV_SHARE = 0.05
DEV_SALT = b"textrepair-lm-dev-v1"
_SENT = re.compile(r"[^。！？；]*[。！？；]")
WINDOW = 8


def is_han(ch: str) -> bool:
    return old.is_han(ch)


def is_dev(key: str) -> bool:
    h = hashlib.blake2b(key.encode("utf-8"), digest_size=8, key=DEV_SALT).digest()
    return int.from_bytes(h, "big") < DEV_SHARE * 2**64


def documents(split: str) -> Iterator[corpus_split.Document]:
    if split == "eval":
        yield from corpus_split.iter_documents(split="eval")
    else:
        for doc in corpus_split.iter_documents(split="train"):
            if is_dev(doc.key):
                yield doc


def sentences(docs: list[corpus_split.Document]) -> dict[str, list[str]]:
    """Sentences of 8-80 characters, at least 60% Han, by script (hans/hant)."""
    out: dict[str, list[str]] = {"hans": [], "hant": []}
    for doc in docs:
        script = "hant" if doc.source.startswith("zh_hant") else "hans"
        for line in doc.lines:
            for s in _SENT.findall(line):
                s = s.strip()
                if 8 <= len(s) <= 80 and sum(map(is_han, s)) >= 0.6 * len(s):
                    out[script].append(s)
    return out


# ------------------------------------------------------------------ scorers

def old_costs(text: str) -> list[float]:
    """Per-character costs of textrepair.score (the same loop as score.score)."""
    out = []
    prev = ""
    for ch in text:
        if is_han(ch):
            out.append(old._han_cost(prev, ch))
            prev = ch
        else:
            out.append(old._other_cost(ch))
            prev = ""
    return out


class Scorer:
    """Candidate sentences around a hole: exact cost differences per model."""

    def __init__(self, lm: ngram.NgramModel, wm: ngram.WordModel, word_mode: str) -> None:
        self.lm = lm
        self.wm = wm
        self.word_mode = word_mode

    def states(self, text: str) -> tuple[list[int], list[float]]:
        """States before each character (and at the end), and the cost of the
        text from each position on (the end of the text included)."""
        s = self.lm.start_state()
        states = [s]
        costs = []
        for ch in text:
            c, s = self.lm.step(s, ch)
            states.append(s)
            costs.append(c)
        rest = [self.lm.end_cost(s)]
        for c in reversed(costs):
            rest.append(rest[-1] + c)
        return states, rest[::-1]

    def new(self, sent: str, orig: tuple[list[int], list[float]], i: int, j: int,
            cand: str) -> float:
        """Cost of sent[:i] + cand + sent[j:] less the cost of sent[:i] (the
        same for all candidates; len(cand) == j - i): steps from the state
        before i until the state is the original's again, then the original's
        cost from there."""
        states, rest = orig
        step = self.lm.step
        s = states[i]
        c = 0.0
        for ch in cand:
            d, s = step(s, ch)
            c += d
        k = j
        while k < len(sent) and s != states[k]:
            d, s = step(s, sent[k])
            c += d
            k += 1
        if s == states[k]:
            return c + rest[k]
        return c + self.lm.end_cost(s)

    def old(self, sent: str, i: int, j: int, cand: str) -> float:
        return old.score(sent[max(0, i - 1):i] + cand + sent[j:j + 1]).total

    def words(self, sent: str, i: int, j: int, cand: str) -> float:
        a = i
        while a > 0 and i - a < WINDOW and is_han(sent[a - 1]):
            a -= 1
        b = j
        while b < len(sent) and b - j < WINDOW and is_han(sent[b]):
            b += 1
        text = sent[a:i] + cand + sent[j:b]
        return self.wm.cost(text) if self.word_mode == "cost" else self.wm.association(text)


def choice_task(name: str, trials: list[tuple[str, int, int, list[str]]], sc: Scorer,
                weights: list[float]) -> list[list[str]]:
    """Top-1 accuracy rows: old, new (char), new + w * words for each weight."""
    wins = {"old": 0, **{f"w{w:g}": 0 for w in weights}}
    ncand = 0
    for sent, i, j, cands in trials:
        orig = sent[i:j]
        states = sc.states(sent)
        o = [sc.old(sent, i, j, c) for c in cands]
        n = [sc.new(sent, states, i, j, c) for c in cands]
        wd = [sc.words(sent, i, j, c) for c in cands] if any(weights) else [0.0] * len(cands)
        k = cands.index(orig)
        ncand += len(cands)
        if all(o[k] < x for t, x in enumerate(o) if t != k):
            wins["old"] += 1
        for w in weights:
            tot = [a + w * b for a, b in zip(n, wd, strict=True)]
            if all(tot[k] < x for t, x in enumerate(tot) if t != k):
                wins[f"w{w:g}"] += 1
    n_tr = max(len(trials), 1)
    row = [name, str(len(trials)), f"{ncand / n_tr:.0f}",
           f"{100 * wins['old'] / n_tr:.1f}"]
    row += [f"{100 * wins[f'w{w:g}'] / n_tr:.1f}" for w in weights]
    return [row]


# ------------------------------------------------------------------ tasks

def utf8_siblings(ch: str) -> list[str]:
    b = ch.encode("utf-8")
    out = []
    for x in range(0x80, 0xC0):
        with contextlib.suppress(UnicodeDecodeError):
            out.append((b[:2] + bytes([x])).decode("utf-8"))
    return out


def big5_by_trail() -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
        for lead in range(0x81, 0xFF):
            try:
                ch = bytes([lead, trail]).decode("big5")
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                out.setdefault(trail, []).append(ch)
    return out


def han_positions(sent: str) -> list[int]:
    return [i for i, ch in enumerate(sent) if is_han(ch)]


def make_trials(sents: dict[str, list[str]], n: int, rng: random.Random
                ) -> dict[str, list[tuple[str, int, int, list[str]]]]:
    both = sents["hans"] + sents["hant"]
    trials: dict[str, list[tuple[str, int, int, list[str]]]] = {}
    t: list[tuple[str, int, int, list[str]]] = []
    while len(t) < n:
        s = rng.choice(both)
        i = rng.choice(han_positions(s))
        t.append((s, i, i + 1, utf8_siblings(s[i])))
    trials["(i) UTF-8 last byte lost"] = t
    b5 = big5_by_trail()
    t = []
    while len(t) < n:
        s = rng.choice(sents["hant"])
        i = rng.choice(han_positions(s))
        try:
            enc = s[i].encode("big5")
        except UnicodeEncodeError:
            continue
        if len(enc) == 2 and s[i] in b5.get(enc[1], []):
            t.append((s, i, i + 1, b5[enc[1]]))
    trials["(ii) Big5 lead byte lost"] = t
    ct = char_table()
    fold = ct.simplified
    counts: dict[str, int] = {}
    for ch, c in ct.count.items():
        if is_han(ch):
            f = fold.get(ch, ch)
            counts[f] = counts.get(f, 0) + c
    common = sorted(counts, key=lambda c: (-counts[c], c))[:7000]
    common_set = set(common)
    t = []
    tries = 0
    while len(t) < max(n // 5, 1):
        tries += 1
        s = rng.choice(sents["hans"])
        i = rng.choice(han_positions(s))
        if s[i] in common_set:
            t.append((s, i, i + 1, common))
    trials["(iii) whole character lost"] = t
    coverage = len(t) / tries
    t = []
    while len(t) < max(n // 5, 1):
        s = rng.choice(both)
        pos = [i for i in han_positions(s) if i + 1 < len(s) and is_han(s[i + 1])]
        if not pos:
            continue
        i = rng.choice(pos)
        a, b = utf8_siblings(s[i]), utf8_siblings(s[i + 1])
        t.append((s, i, i + 2, [x + y for x in a for y in b]))
    trials["(iv) two characters lost a byte"] = t
    print(f"(iii): {100 * coverage:.1f}% of sampled positions hold one of the 7000 "
          "characters (the rest are skipped)")
    return trials


# ------------------------------------------------------------------ tables

def cross_entropy(docs: list[corpus_split.Document], lm: ngram.NgramModel,
                  wm: ngram.WordModel, weights: list[float], max_chars: int
                  ) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for doc in docs:
        groups.setdefault(doc.source.replace(".txt.gz", ""), []).extend(doc.lines)
    rows = []
    totals: dict[str, list[float]] = {}
    for name in sorted(groups):
        lines = groups[name]
        o = n = w = a = 0.0
        han = 0
        used = 0
        for line in lines:
            if used >= max_chars:
                break
            used += len(line)
            s = lm.start_state()
            for ch, oc in zip(line, old_costs(line), strict=True):
                c, s = lm.step(s, ch)
                if is_han(ch):
                    o += oc
                    n += c
                    han += 1
            if any(weights):
                w += wm.cost(line)
                a += wm.association(line)
        script = "traditional" if name.startswith("zh_hant") else "simplified"
        for key in (name, script):
            acc = totals.setdefault(key, [0.0, 0.0, 0.0, 0.0, 0.0])
            acc[0] += o
            acc[1] += n
            acc[2] += w
            acc[3] += han
            acc[4] += a
    for key in [*sorted(groups), "simplified", "traditional"]:
        o, n, w, han, a = totals[key]
        h = max(han, 1)
        rows.append([key, f"{int(han):,}", f"{o / h:.3f}", f"{n / h:.3f}", f"{w / h:.3f}",
                     *[f"{(n + x * a) / h:.3f}" for x in weights if x]])
    return rows


def percentiles(xs: list[float], ps: tuple[float, ...]) -> list[str]:
    xs = sorted(xs)
    return [f"{xs[min(len(xs) - 1, int(p / 100 * len(xs)))]:.2f}" for p in ps]


def margins(sents: dict[str, list[str]], n: int, rng: random.Random, lm: ngram.NgramModel
            ) -> list[list[str]]:
    hans = rng.sample(sents["hans"], min(n, len(sents["hans"])))
    hant = rng.sample(sents["hant"], min(n, len(sents["hant"])))
    sets: dict[str, list[str]] = {"clean simplified": hans, "clean traditional": hant}
    sets["UTF-8 read as GBK"] = [s.encode("utf-8").decode("gbk", errors="replace")
                                for s in hans + hant]
    g = []
    for s in hans + hant:
        with contextlib.suppress(UnicodeEncodeError):
            g.append(s.encode("gbk").decode("big5", errors="replace"))
    sets["GBK read as Big5"] = g
    ps = (0.1, 1, 10, 50, 90, 99, 99.9)
    rows = []
    for name, texts in sets.items():
        for model_name, f in (("old", lambda t: old.score(t).mean),
                              ("new", lm.mean_cost)):
            rows.append([f"{name} ({model_name})", str(len(texts)),
                         *percentiles([f(t) for t in texts], ps)])
    return rows


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * 4096 / 2**20
    except OSError:
        return 0.0


def speed(docs: list[corpus_split.Document], lm: ngram.NgramModel, wm: ngram.WordModel
          ) -> list[list[str]]:
    text = "\n".join(d.text for d in docs)
    text = text.encode("utf-8")[:3_000_000].decode("utf-8", errors="ignore")
    n, mb = len(text), len(text.encode("utf-8")) / 1e6

    def best(f: Callable[[], object], reps: int = 3) -> float:
        out = float("inf")
        for _ in range(reps):
            t = time.perf_counter()
            f()
            out = min(out, time.perf_counter() - t)
        return out

    def steps() -> None:
        step = lm.step
        s = lm.start_state()
        for ch in text:
            _, s = step(s, ch)

    c = best(lambda: lm.cost(text))
    st = best(steps)
    o = best(lambda: old.score(text), 2)
    w = best(lambda: wm.association(text[: n // 10]), 1) * 10
    return [
        [f"cost() on {mb:.1f} MB ({n:,} chars)", f"{c / n * 1e9:.0f} ns/char",
         f"{mb / c:.2f} MB/s", ""],
        ["step()", f"{st / n * 1e9:.0f} ns/call", f"{mb / st:.2f} MB/s", ""],
        ["word association", f"{w / n * 1e9:.0f} ns/char", f"{mb / w:.2f} MB/s", ""],
        ["old score.score (warm memos)", f"{o / n * 1e9:.0f} ns/char", f"{mb / o:.2f} MB/s",
         ""],
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("eval", "dev"), default="eval")
    ap.add_argument("--model", type=Path, help="a charlm.bin.z (default: the packaged one)")
    ap.add_argument("--words", type=Path, help="a words.tsv.xz (default: the packaged one)")
    ap.add_argument("--weights", default=f"0,{ngram.WORD_WEIGHT:g}",
                    help="word-evidence weights to try (comma-separated)")
    ap.add_argument("-n", type=int, default=1000, help="trials of (i)/(ii); (iii)/(iv) get n/5")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--max-chars", type=int, default=2_000_000,
                    help="characters per source for the cross-entropy table")
    ap.add_argument("--only", default="abcd", help="which tables: a, b, c, d (speed)")
    ap.add_argument("--word-mode", choices=("cost", "assoc"), default="assoc",
                    help="word evidence: plain best-segmentation cost, or association "
                         "(what ngram.cost() uses)")
    args = ap.parse_args(argv)
    t0 = time.time()
    r0 = rss_mb()
    t = time.perf_counter()
    lm = ngram.load(args.model) if args.model else ngram.model()
    load_lm = time.perf_counter() - t
    r1 = rss_mb()
    t = time.perf_counter()
    wm = (ngram.load_words(args.words, lm.fold_map) if args.words else ngram.words())
    load_wm = time.perf_counter() - t
    r2 = rss_mb()
    weights = [float(x) for x in args.weights.split(",")]
    docs = list(documents(args.split))
    sents = sentences(docs)
    print(f"split {args.split}: {len(docs)} documents, {len(sents['hans'])} simplified and "
          f"{len(sents['hant'])} traditional sentences; model {args.model or 'packaged'}")
    rng = random.Random(args.seed)
    if "a" in args.only:
        print("\n(a) cross-entropy, nats per Han character (old: textrepair.score; new: "
              "character model; words: jieba word-unigram best segmentation alone; "
              "new+w*assoc: character model + w * word association, not normalised)")
        print(table(["source", "Han chars", "old", "new", "words",
                     *[f"new+{x:g}*assoc" for x in weights if x]],
                    cross_entropy(docs, lm, wm, weights, args.max_chars)))
    if "b" in args.only:
        trials = make_trials(sents, args.n, rng)
        sc = Scorer(lm, wm, args.word_mode)
        rows = []
        for name, t in trials.items():
            rows += choice_task(name, t, sc, weights)
        print(f"\n(b) choice tasks, top-1 accuracy % (new+w: character model + w * word "
              f"{'association' if args.word_mode == 'assoc' else 'cost'})")
        print(table(["task", "trials", "cands", "old", *[f"new+{w:g}" for w in weights]],
                    rows))
    if "c" in args.only:
        print("\n(c) mean cost per character, percentiles (clean must sit well below mojibake)")
        print(table(["text (model)", "n", "p0.1", "p1", "p10", "p50", "p90", "p99", "p99.9"],
                    margins(sents, args.n, rng, lm)))
    if "d" in args.only:
        print("\n(d) speed (best of 3; this machine's other load inflates it)")
        rows = [["load character model", f"{load_lm:.2f} s", f"+{r1 - r0:.0f} MB RSS", ""],
                ["load word model", f"{load_wm:.2f} s", f"+{r2 - r1:.0f} MB RSS", ""]]
        rows += speed(docs, lm, wm)
        print(table(["what", "time", "", ""], rows))
    print(f"\n{time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
