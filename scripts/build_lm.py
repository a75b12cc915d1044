#!/usr/bin/env python3
"""Build the running-text language model under ``src/textrepair/data/``.

Two tables, read at run time by ``textrepair/model/ngram.py`` (stdlib only):

* ``charlm.bin.z`` — a character n-gram model (default: trigrams; 4-grams measured, see
  docs/decisions/0007) with
  interpolated modified Kneser-Ney smoothing (Chen & Goodman 1998: three
  discounts per order from the count-of-counts, continuation counts below the
  top order, the unigram interpolated with the uniform distribution), built
  from the **train** documents of ``../shared/corpora/running/`` as split by
  ``scripts/corpus_split.py``.  Pruned by weighted-difference pruning
  (Seymore & Rosenfeld 1996: an n-gram is dropped when
  ``c(hw) * (ln P(w|h) - ln(γ(h) P(w|h')))`` is below ``--theta``, a cheap
  stand-in for Stolcke's relative-entropy criterion) plus count cut-offs,
  closed under prefixes and suffixes (every context of a kept n-gram and
  every suffix of one is kept, so backing off never meets a missing context
  and a lattice state is the longest suffix that is a context).  After
  pruning and quantization the back-off weights are recomputed so that every
  context's distribution sums to one again.  Costs (-ln P) are quantized to
  256 levels per order; the file is a custom binary, zlib-compressed
  (deterministic: the same input gives the same bytes).
* ``words.tsv.xz`` — jieba's word list (MIT) as a word-unigram model folded
  to simplified: ``cost<TAB>word word ...`` lines, costs in tenths of a nat.

Text is folded to simplified character by character with Unihan's
``kSimplifiedVariant`` (first value, as ``build_tables.py`` does); the fold
map ships inside ``charlm.bin.z`` so that the run time folds identically.

Vocabulary (ids; see ``ngram.py`` for the run-time side):

  0 no token (``\\r``: costs a constant and leaves the state alone)
  1 line break (also the start and end of a text)
  2 a run of spaces/tabs, 3 a run of Latin letters (ASCII or full-width),
  4 a run of digits (ASCII or full-width); within a run, every further
  character costs a constant and leaves the state alone
  5 any other character not in the vocabulary (at run time it costs its
  class prior, see ngram.py: mojibake classes stay priors)
  6 a Han character not in the vocabulary (train count below --min-han)
  7.. Han characters with train count >= --min-han and other characters
  (punctuation) with count >= --min-symbol that are not in a mojibake class
  (Latin-1, box drawing, private use, controls ...), by count.

Needs numpy at build time only:  pip install numpy

    python scripts/build_lm.py                      # the shipped model
    python scripts/build_lm.py --holdout-dev --out /tmp/lm-dev --order 3 ...   # tuning
"""

from __future__ import annotations

import argparse
import bz2
import hashlib
import json
import lzma
import math
import struct
import sys
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_split

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "textrepair" / "data"
DEFAULT_UNIHAN = corpus_split.DEFAULT_CORPORA / "resources" / "unihan"
DEFAULT_JIEBA = corpus_split.DEFAULT_CORPORA / "resources" / "jieba-dict.txt"

MAGIC = b"TRLM\x01"
CR, NL, SPACE, LATIN, DIGIT, OTHER, UNK_HAN = 0, 1, 2, 3, 4, 5, 6
FIRST_CHAR_ID = 7
#: Share of *train* documents held out by --holdout-dev for tuning (never eval).
DEV_SHARE = 0.05
DEV_SALT = b"textrepair-lm-dev-v1"
QLEVELS = 256
NO_BOW = 255  # bow byte meaning "not a context"


def is_han(ch: str) -> bool:
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F)


def run_class(ch: str) -> int:
    """SPACE/LATIN/DIGIT for characters that form runs, CR for ``\\r``, else -1."""
    o = ord(ch)
    if ch in " \t":
        return SPACE
    if ch == "\r":
        return CR
    if ch == "\n":
        return NL
    if 0x41 <= o <= 0x5A or 0x61 <= o <= 0x7A or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return LATIN
    if 0x30 <= o <= 0x39 or 0xFF10 <= o <= 0xFF19:
        return DIGIT
    return -1


def symbol_allowed(ch: str) -> bool:
    """May a non-Han character be a vocabulary token?  Not if it belongs to a
    class mojibake is made of: those keep their class prior at run time."""
    o = ord(ch)
    if ch == "·":
        return True
    if o < 0x20 or 0x7F <= o <= 0xFF or 0x100 <= o <= 0x24F:
        return False  # controls, Latin-1 letters and symbols, Latin Extended
    if 0x2500 <= o <= 0x259F or 0xE000 <= o <= 0xF8FF or 0xFF61 <= o <= 0xFF9F:
        return False  # box drawing, private use, half-width katakana
    if 0x3100 <= o <= 0x312F or 0xD800 <= o <= 0xDFFF or o == 0xFFFD:
        return False  # bopomofo, surrogates, replacement character
    return not unicodedata.category(ch).startswith(("C", "Z"))


def unihan_fold(unihan: Path) -> dict[str, str]:
    """kSimplifiedVariant (first value, when it differs), as build_tables.py reads it."""
    fold: dict[str, str] = {}
    with bz2.open(unihan / "Unihan_Variants.txt.bz2", "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("U+"):
                continue
            cp, field, value = line.rstrip("\n").split("\t", 2)
            if field != "kSimplifiedVariant":
                continue
            ch = chr(int(cp[2:], 16))
            s = chr(int(value.split()[0].split("<")[0][2:], 16))
            if s != ch:
                fold[ch] = s
    return fold


def is_dev(key: str) -> bool:
    h = hashlib.blake2b(key.encode("utf-8"), digest_size=8, key=DEV_SALT).digest()
    return int.from_bytes(h, "big") < DEV_SHARE * 2**64


def train_documents(corpora: Path, holdout_dev: bool) -> Iterator[corpus_split.Document]:
    """Train documents only (minus the dev share with ``holdout_dev``)."""
    for doc in corpus_split.iter_documents(corpora, split="train"):
        # the build must never read evaluation text
        assert corpus_split.split_of(doc.key) == "train", doc.key
        if holdout_dev and is_dev(doc.key):
            continue
        yield doc


def dev_documents(corpora: Path) -> Iterator[corpus_split.Document]:
    for doc in corpus_split.iter_documents(corpora, split="train"):
        if is_dev(doc.key):
            yield doc


# ---------------------------------------------------------------- counting

def tokens(text: str, ids: dict[str, int], fold: dict[str, str], out: list[int]) -> None:
    """Append the token ids of ``text`` to ``out`` (same rules as ngram.py)."""
    prev = out[-1] if out else NL
    for ch in text:
        ch = fold.get(ch, ch)
        w = ids.get(ch)
        if w is None:
            w = UNK_HAN if is_han(ch) else OTHER
        if w == CR:
            continue
        if SPACE <= w <= DIGIT and w == prev:
            continue
        out.append(w)
        prev = w


def build_vocab(docs: list[corpus_split.Document], fold: dict[str, str], min_han: int,
                min_symbol: int) -> list[str]:
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(doc.text)
    folded: Counter[str] = Counter()
    for ch, n in counts.items():
        folded[fold.get(ch, ch)] += n
    chars = [ch for ch, n in folded.items()
             if run_class(ch) < 0
             and ((is_han(ch) and n >= min_han)
                  or (not is_han(ch) and n >= min_symbol and symbol_allowed(ch)))]
    chars.sort(key=lambda ch: (-folded[ch], ord(ch)))
    return chars


def char_ids(vocab: list[str], fold: dict[str, str]) -> dict[str, int]:
    ids: dict[str, int] = {ch: FIRST_CHAR_ID + i for i, ch in enumerate(vocab)}
    for o in range(0x10000):
        ch = chr(o)
        rc = run_class(ch)
        if rc >= 0:
            ids[ch] = rc
    return ids


def pack(stream: np.ndarray, k: int, bits: int) -> np.ndarray:
    n = len(stream) - k + 1
    key = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        key = (key << np.uint64(bits)) | stream[j:j + n]
    return key


# ---------------------------------------------------------------- estimation

class Model:
    """Arrays per order k (1-based): sorted packed keys, raw counts, KN probs."""

    def __init__(self, order: int, bits: int, vsize: int) -> None:
        self.order, self.bits, self.vsize = order, bits, vsize
        self.keys: dict[int, np.ndarray] = {}
        self.raw: dict[int, np.ndarray] = {}
        self.prob: dict[int, np.ndarray] = {}
        self.gamma: dict[int, np.ndarray] = {}  # per entry: γ of its context
        self.discounts: dict[int, tuple[float, float, float]] = {}

    def mask(self, k: int) -> np.uint64:
        return np.uint64((1 << (self.bits * k)) - 1)

    def find(self, k: int, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keys = self.keys[k]
        pos = np.searchsorted(keys, q)
        pos_c = np.minimum(pos, len(keys) - 1)
        return pos_c, keys[pos_c] == q


def discounts(adj: np.ndarray) -> tuple[float, float, float]:
    n = [int(np.count_nonzero(adj == i)) for i in (1, 2, 3, 4)]
    y = n[0] / (n[0] + 2 * n[1])
    return (1 - 2 * y * n[1] / n[0], 2 - 3 * y * n[2] / n[1], 3 - 4 * y * n[3] / n[2])


def estimate(stream: np.ndarray, order: int, bits: int, vsize: int, log: bool = True) -> Model:
    m = Model(order, bits, vsize)
    B = np.uint64(bits)
    for k in range(1, order + 1):
        keys, raw = np.unique(pack(stream, k, bits), return_counts=True)
        m.keys[k], m.raw[k] = keys, raw.astype(np.int64)
    for k in range(1, order + 1):
        keys = m.keys[k]
        if k == order:
            adj = m.raw[k]
        else:  # continuation counts: distinct left extensions
            suf, cc = np.unique(m.keys[k + 1] & m.mask(k), return_counts=True)
            pos, ok = m.find(k, suf)
            adj = m.raw[k].copy()  # raw count for the n-gram at the very start
            adj[pos[ok]] = cc[ok]
        d = discounts(adj)
        m.discounts[k] = d
        dvec = np.where(adj >= 3, d[2], np.where(adj == 2, d[1], d[0]))
        ctx = keys >> B if k > 1 else np.zeros(len(keys), dtype=np.uint64)
        _, start, inv = np.unique(ctx, return_index=True, return_inverse=True)
        tot = np.add.reduceat(adj.astype(np.float64), start)
        dsum = np.add.reduceat(dvec, start)
        gamma = (dsum / tot)[inv]
        first = (adj - dvec) / tot[inv]
        if k == 1:
            lower = np.full(len(keys), 1.0 / (vsize - 1))
        else:
            pos, ok = m.find(k - 1, keys & m.mask(k - 1))
            assert ok.all()
            lower = m.prob[k - 1][pos]
        m.prob[k] = first + gamma * lower
        m.gamma[k] = gamma
        if log:
            print(f"  order {k}: {len(keys):,} n-grams, D = "
                  + ", ".join(f"{x:.3f}" for x in d), file=sys.stderr)
    return m


def prune(m: Model, theta: float, cutoffs: list[int]) -> dict[int, np.ndarray]:
    """Boolean keep-masks per order (weighted difference + cut-offs, closed)."""
    B = np.uint64(m.bits)
    keep: dict[int, np.ndarray] = {1: np.ones(len(m.keys[1]), dtype=bool)}
    for k in range(m.order, 1, -1):
        pos, ok = m.find(k - 1, m.keys[k] & m.mask(k - 1))
        backoff = m.gamma[k] * m.prob[k - 1][pos]
        score = m.raw[k] * (np.log(m.prob[k]) - np.log(backoff))
        mk = (score >= theta) & (m.raw[k] >= cutoffs[k - 1])
        if k < m.order:
            hi = m.keys[k + 1][keep[k + 1]]
            need = np.union1d(hi >> B, hi & m.mask(k))
            pos, ok = m.find(k, need)
            assert ok.all()
            mk[pos] = True
        keep[k] = mk
    return keep


def quantize(values: np.ndarray, levels: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices (uint8) and centres: equal-population bins, centre = bin mean."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.uint8), np.zeros(1)
    order = np.argsort(values, kind="stable")
    idx = np.empty(len(values), dtype=np.int64)
    idx[order] = (np.arange(len(values)) * levels) // len(values)
    sums = np.bincount(idx, weights=values, minlength=levels)
    cnt = np.bincount(idx, minlength=levels)
    centres = np.where(cnt > 0, sums / np.maximum(cnt, 1), 0.0)
    # drop empty levels so indices stay dense
    used = np.flatnonzero(cnt > 0)
    remap = np.zeros(levels, dtype=np.int64)
    remap[used] = np.arange(len(used))
    return remap[idx].astype(np.uint8), centres[used]


class Pruned:
    """The pruned, quantized back-off model in arrays (for bows and the file)."""

    def __init__(self, m: Model, keep: dict[int, np.ndarray], levels: int) -> None:
        self.m = m
        self.order = m.order
        self.keys: dict[int, np.ndarray] = {}
        self.cost: dict[int, np.ndarray] = {}      # -ln P (quantized for k >= 2)
        self.cq: dict[int, np.ndarray] = {}
        self.ctab: dict[int, np.ndarray] = {}
        self.bow: dict[int, np.ndarray] = {}       # -ln bow per entry (0 if no children)
        self.bq: dict[int, np.ndarray] = {}
        self.btab: dict[int, np.ndarray] = {}
        self.is_ctx: dict[int, np.ndarray] = {}
        for k in range(1, m.order + 1):
            self.keys[k] = m.keys[k][keep[k]]
            c = -np.log(m.prob[k][keep[k]])
            if k == 1:
                self.cost[k] = c
            else:
                q, tab = quantize(c, levels)
                self.cq[k], self.ctab[k] = q, tab
                self.cost[k] = tab[q]
        # back-off weights, bottom-up, so that every context sums to one with the
        # quantized probabilities; pass 1 finds the levels (one table for all
        # orders: level 0 is exactly 0, 255 means "not a context"), pass 2
        # recomputes each order from the quantized lower orders.
        self.bow_table = np.zeros(1)
        self._bows()
        nz = np.concatenate([self.bow[k][self.is_ctx[k] & (self.bow[k] != 0)]
                             for k in range(1, m.order)])
        _, tab = quantize(nz, levels - 2)
        self.bow_table = np.concatenate([[0.0], tab])
        self._bows()
        self._next_states()

    def _bows(self) -> None:
        m = self.m
        B = np.uint64(m.bits)
        for k in range(1, m.order):
            n = len(self.keys[k])
            bow = np.zeros(n)
            child = self.keys[k + 1]
            ctx_pos, ok = self.find(k, child >> B)
            assert ok.all()
            p_hi = np.exp(-self.cost[k + 1])
            p_lo = np.exp(-self.lookup(k, child & m.mask(k)))
            num = 1.0 - np.bincount(ctx_pos, weights=p_hi, minlength=n)
            den = 1.0 - np.bincount(ctx_pos, weights=p_lo, minlength=n)
            has = np.bincount(ctx_pos, minlength=n) > 0
            num = np.maximum(num, 1e-7)
            den = np.maximum(den, 1e-7)
            bow[has] = -np.log(num[has] / den[has])
            if k == 1:
                has[:] = True  # every token is a state (bow 0 without children)
            self.is_ctx[k] = has
            q = np.full(n, NO_BOW, dtype=np.uint8)
            if len(self.bow_table) > 1:
                mid = (self.bow_table[1:-1] + self.bow_table[2:]) / 2
                qq = 1 + np.searchsorted(mid, bow)
                qq[bow == 0] = 0
                q[has] = qq[has]
                bow = np.where(has, self.bow_table[np.minimum(q, len(self.bow_table) - 1)], 0.0)
            self.bq[k] = q
            self.bow[k] = bow

    def _next_states(self) -> None:
        """Per entry: the length of the state after it (the longest suffix of
        the entry, at most order-1 tokens, that is a context)."""
        m = self.m
        self.next_len: dict[int, np.ndarray] = {}
        for k in range(1, m.order + 1):
            keys = self.keys[k]
            nlen = np.ones(len(keys), dtype=np.uint8)
            for L in range(2, min(k, m.order - 1) + 1):
                pos, ok = self.find(L, keys & m.mask(L))
                ok &= self.is_ctx[L][pos]
                nlen[ok] = L
            self.next_len[k] = nlen

    def find(self, k: int, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keys = self.keys[k]
        pos = np.searchsorted(keys, q)
        pos_c = np.minimum(pos, len(keys) - 1)
        return pos_c, keys[pos_c] == q

    def lookup(self, k: int, q: np.ndarray) -> np.ndarray:
        """-ln P of packed k-grams ``q`` under the pruned back-off model."""
        if k == 1:
            pos, ok = self.find(1, q)
            assert ok.all()
            return self.cost[1][pos]
        pos, ok = self.find(k, q)
        out = np.empty(len(q))
        out[ok] = self.cost[k][pos[ok]]
        miss = ~ok
        if miss.any():
            qm = q[miss]
            cpos, cok = self.find(k - 1, qm >> np.uint64(self.m.bits))
            b = np.where(cok, self.bow[k - 1][cpos], 0.0)
            out[miss] = b + self.lookup(k - 1, qm & self.m.mask(k - 1))
        return out

    def stream_cost(self, stream: np.ndarray) -> float:
        """Total -ln P of a token stream (its first token is context only)."""
        n = len(stream)
        costs = np.zeros(n)
        hist = np.minimum(np.arange(n), self.order - 1) + 1  # k-gram ending at i
        for k in range(self.order, 1, -1):
            sel = np.flatnonzero(hist == k)
            if len(sel):
                costs[sel] = self.lookup(k, pack_at(stream, sel, k, self.m.bits))
        return float(costs[1:].sum())

    def size(self) -> int:
        return sum(len(v) for v in self.keys.values())


def pack_at(stream: np.ndarray, ends: np.ndarray, k: int, bits: int) -> np.ndarray:
    """Packed k-grams ending at positions ``ends`` (inclusive)."""
    key = np.zeros(len(ends), dtype=np.uint64)
    for j in range(k - 1, -1, -1):
        key = (key << np.uint64(bits)) | stream[ends - j]
    return key


# ---------------------------------------------------------------- writing

def byte_planes(deltas: np.ndarray, nplanes: int) -> bytes:
    b = deltas.astype("<u8").view(np.uint8).reshape(-1, 8)
    return b[:, :nplanes].T.copy().tobytes()


def write_model(p: Pruned, vocab: list[str], fold: dict[str, str], path: Path,
                meta: dict[str, object]) -> int:
    m = p.m
    nplanes = (m.bits * m.order + 7) // 8
    sections: list[bytes] = []
    counts = []
    for k in range(2, m.order + 1):
        keys = p.keys[k]
        deltas = np.diff(keys, prepend=np.uint64(0))
        sec = byte_planes(deltas, nplanes) + p.cq[k].tobytes() + p.next_len[k].tobytes()
        if k < m.order:
            sec += p.bq[k].tobytes()
        sections.append(sec)
        counts.append(len(keys))
    uni_keys = p.keys[1]
    assert (uni_keys == np.arange(1, len(uni_keys) + 1)).all(), "every id is a unigram"
    assert (p.next_len[1] == 1).all()
    header = {
        "order": m.order, "bits": m.bits, "planes": nplanes,
        "vocab": "".join(vocab), "first_char_id": FIRST_CHAR_ID,
        "fold": "".join(a + b for a, b in sorted(fold.items())),
        "unigram_cost": [round(float(x), 6) for x in p.cost[1]],
        "unigram_bow": [int(x) for x in p.bq[1]],
        "counts": counts,
        "cost_tables": [[round(float(x), 6) for x in p.ctab[k]] for k in range(2, m.order + 1)],
        "bow_table": [round(float(x), 6) for x in p.bow_table],
        **meta,
    }
    hj = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    raw = MAGIC + struct.pack("<I", len(hj)) + hj + b"".join(sections)
    data = zlib.compress(raw, 9)  # xz is 6% smaller but 5x slower to unpack
    path.write_bytes(data)
    return len(data)


def build_words(jieba: Path, fold: dict[str, str], min_freq: int, max_len: int,
                path: Path) -> tuple[int, int]:
    freq: Counter[str] = Counter()
    with jieba.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2:
                continue
            w, f = parts[0], int(parts[1])
            w = "".join(fold.get(c, c) for c in w)
            if all(is_han(c) for c in w):
                freq[w] += f
    total = sum(freq.values())
    groups: dict[int, list[str]] = {}
    for w, f in freq.items():
        if (f >= min_freq and len(w) <= max_len) or len(w) == 1:
            q = round(10 * (math.log(total) - math.log(f)))
            groups.setdefault(q, []).append(w)
    lines = [f"{q}\t{' '.join(sorted(ws))}" for q, ws in sorted(groups.items())]
    n = sum(len(ws) for ws in groups.values())
    unk = round(10 * (math.log(total) - math.log(0.5)))
    body = f"# total={total} unknown={unk} max_len={max_len}\n" + "\n".join(lines) + "\n"
    data = lzma.compress(body.encode("utf-8"), format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32,
                         preset=9 | lzma.PRESET_EXTREME)
    path.write_bytes(data)
    return n, len(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=corpus_split.DEFAULT_CORPORA)
    ap.add_argument("--unihan", type=Path, default=DEFAULT_UNIHAN)
    ap.add_argument("--jieba", type=Path, default=DEFAULT_JIEBA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--order", type=int, default=3,
                    help="n-gram order (at most 4: 13-bit ids packed in 64 bits)")
    ap.add_argument("--theta", type=float, default=3.0,
                    help="weighted-difference pruning threshold (nats x count)")
    ap.add_argument("--cutoffs", default="1,1,2,2,2,2",
                    help="minimum raw count per order (comma-separated)")
    ap.add_argument("--min-han", type=int, default=2)
    ap.add_argument("--min-symbol", type=int, default=20)
    ap.add_argument("--word-min-freq", type=int, default=3)
    ap.add_argument("--word-max-len", type=int, default=6)
    ap.add_argument("--holdout-dev", action="store_true",
                    help=f"leave {DEV_SHARE:.0%} of the train documents out (for tuning)")
    ap.add_argument("--no-words", action="store_true")
    ap.add_argument("--tune-thetas", default="",
                    help="with --holdout-dev: print entries and dev nats/token for these "
                         "thetas (comma-separated) instead of writing files")
    args = ap.parse_args(argv)
    t0 = time.time()
    fold = unihan_fold(args.unihan)
    docs = list(train_documents(args.corpora, args.holdout_dev))
    vocab = build_vocab(docs, fold, args.min_han, args.min_symbol)
    ids = char_ids(vocab, fold)
    vsize = FIRST_CHAR_ID + len(vocab)
    bits = max(vsize - 1, 1).bit_length()
    print(f"{len(docs)} train documents, vocabulary {vsize} ids ({bits} bits), "
          f"{time.time() - t0:.0f}s", file=sys.stderr)
    toks: list[int] = [NL]
    for doc in docs:
        tokens(doc.text, ids, fold, toks)
        toks.append(NL)
    stream = np.array(toks, dtype=np.uint64)
    del toks
    print(f"{len(stream):,} tokens, {time.time() - t0:.0f}s", file=sys.stderr)
    m = estimate(stream, args.order, bits, vsize)
    cutoffs = [int(x) for x in args.cutoffs.split(",")]
    cutoffs += [cutoffs[-1]] * (args.order - len(cutoffs))
    if args.tune_thetas:
        assert args.holdout_dev, "tune on the dev share of train, never on eval"
        dtoks: list[int] = [NL]
        for doc in dev_documents(args.corpora):
            tokens(doc.text, ids, fold, dtoks)
            dtoks.append(NL)
        dev = np.array(dtoks, dtype=np.uint64)
        for theta in (float(x) for x in args.tune_thetas.split(",")):
            p = Pruned(m, prune(m, theta, cutoffs), QLEVELS)
            sizes = "/".join(f"{len(p.keys[k]):,}" for k in range(1, args.order + 1))
            print(f"order {args.order} theta {theta:g} cutoffs {cutoffs[:args.order]}: "
                  f"{p.size():,} entries ({sizes}); dev {p.stream_cost(dev) / (len(dev) - 1):.4f}"
                  f" nats/token over {len(dev):,} tokens")
        return 0
    keep = prune(m, args.theta, cutoffs)
    p = Pruned(m, keep, QLEVELS)
    sizes = {k: int(keep[k].sum()) for k in keep}
    print("kept: " + ", ".join(f"{k}-grams {sizes[k]:,}" for k in sorted(sizes))
          + f"  ({time.time() - t0:.0f}s)", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    meta = {"theta": args.theta, "cutoffs": cutoffs[:args.order],
            "discounts": [list(m.discounts[k]) for k in range(1, args.order + 1)],
            "train_documents": len(docs), "tokens": len(stream),
            "holdout_dev": args.holdout_dev}
    size = write_model(p, vocab, fold, args.out / "charlm.bin.z", meta)
    print(f"charlm.bin.z: {size:,} bytes", file=sys.stderr)
    if not args.no_words:
        n, wsize = build_words(args.jieba, fold, args.word_min_freq, args.word_max_len,
                               args.out / "words.tsv.xz")
        print(f"words.tsv.xz: {n:,} words, {wsize:,} bytes", file=sys.stderr)
    print(f"done in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
