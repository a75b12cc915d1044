"""The running-text language model: a character trigram model plus word evidence.

``model()`` is a character n-gram model (interpolated modified Kneser-Ney,
pruned and quantized; built by ``scripts/build_lm.py`` from the train part of
the running-text corpus, see ``data/NOTICE``).  ``words()`` segments Han runs
into jieba's words (a word-unigram model, best path as jieba's DAG); its
``association`` is the word evidence.  ``cost()`` is the character cost plus
``WORD_WEIGHT`` times the association (whole strings only: use the state
machine for a search and ``cost()`` to re-rank its best few paths).  All costs are in nats
(-ln probability); text is folded to simplified character by character first,
so traditional text costs what its simplified form costs.

Both tables are read on first use, once per process (``functools.cache``);
importing this module reads nothing.

For a lattice or beam search, the model is also a state machine: a state is
an ``int`` (the packed ids of the last n-1 tokens, cut to the longest suffix
the model has a context for, so equal futures share one state), and
``step(state, ch)`` returns ``(cost, next_state)``.  ``cost(text)`` is exactly
the sum of the steps from ``start_state()``.

Tokens: Han characters and punctuation in the vocabulary have their own id;
a run of Latin letters, of digits or of spaces is one token (the first
character pays the model's cost, the others a constant); a line break is a
token (the start of a text is the state after one).  A Han character outside
the vocabulary is the unknown-Han token plus a constant for which of the many
unseen characters it is.  Any other character costs a prior by class, as in
``textrepair.score``: the classes mojibake is made of (Latin-1 letters, box
drawing, half-width katakana, bopomofo, private use, U+FFFD, controls) never
occur in the training text, so the model has nothing to say about them.

>>> m = model()
>>> m.cost("好的，我知道了") < m.cost("好為，我知道了")
True
"""

from __future__ import annotations

import functools
import json
import lzma
import math
import struct
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from itertools import accumulate, compress
from pathlib import Path
from types import MappingProxyType

__all__ = [
    "WORD_WEIGHT",
    "NgramModel",
    "State",
    "WordModel",
    "cost",
    "load",
    "load_words",
    "model",
    "words",
]

#: A model state: packed ids of the last tokens (hashable, cheap to compare).
State = int

CHAR_MODEL = "charlm.bin.z"
WORD_MODEL = "words.tsv.xz"
_MAGIC = b"TRLM\x01"

# token ids fixed by scripts/build_lm.py
_CR, _NL, _SPACE, _LATIN, _DIGIT, _OTHER, _UNK_HAN = 0, 1, 2, 3, 4, 5, 6

#: Weight of the word evidence in ``cost()``: character cost + WORD_WEIGHT * word
#: association (chosen on the dev share of the train documents, docs/decisions/0007).
WORD_WEIGHT = 0.3

#: Cost of each further character of a run (the first pays the model's cost).
RUN_COST = {_SPACE: 1.0, _LATIN: 3.0, _DIGIT: 2.3}
#: Cost of an apostrophe (``'`` or ``’``) right after a Latin letter: it stays
#: inside the word, like one more letter of the run (the training text is
#: Chinese: it has no English to say that ``’s`` follows ``Who``; without this,
#: ``Who’s`` cost 19 nats more than ``Whoˇs``, GBK's ’ read as Big5).
APOSTROPHE_COST = RUN_COST[_LATIN]
#: Cost of ``\r`` (leaves the state alone, so ``\r\n`` costs what ``\n`` does, plus this).
CR_COST = 1.0
#: Added to the unknown-Han token's cost: which of the ~10k unseen BMP characters
#: (URO, compatibility ideographs) it is, or of the ~100k in the extension blocks.
UNK_HAN_EXTRA = math.log(10_000)
UNK_HAN_EXTRA_RARE = math.log(100_000)


def _prior(ch: str) -> float:
    """Cost of a character outside the vocabulary that is not Han, by class
    (the values of ``textrepair.score._other_cost``)."""
    o = ord(ch)
    if o < 0x80:
        if o < 0x20 or o == 0x7F:
            return 20.0
        return 4.5  # ASCII punctuation the corpus does not use
    if 0x80 <= o <= 0x9F or 0xD800 <= o <= 0xDFFF or o == 0xFFFD:
        return 20.0  # C1 controls, lone surrogates, replacement character
    if 0xE000 <= o <= 0xF8FF:
        return 18.0  # private use: GBK user-defined areas
    if 0x3040 <= o <= 0x30FF:
        return 7.0  # kana: Japanese is real text
    if 0xAC00 <= o <= 0xD7A3:
        return 8.0  # Hangul syllables
    if 0xFF61 <= o <= 0xFF9F:
        return 13.0  # half-width katakana: GBK read as cp932
    if 0x2500 <= o <= 0x259F:
        return 14.0  # box drawing and blocks: GBK read as cp437
    if 0x3100 <= o <= 0x312F:
        return 13.0  # bopomofo: frequent in UTF-8 read as GBK
    if 0xFF01 <= o <= 0xFF5E:
        return 6.0  # full-width ASCII variants
    if 0xA0 <= o <= 0xFF:
        return 11.0  # Latin-1 letters and symbols: GBK/UTF-8 read as Latin-1
    if 0x100 <= o <= 0x24F:
        return 12.0  # Latin Extended: GBK read as cp1250
    if 0x2000 <= o <= 0x206F or 0x3000 <= o <= 0x303F:
        return 9.0  # general and CJK punctuation the corpus does not use
    cat = unicodedata.category(ch)
    if cat in ("Co", "Cn", "Cs"):
        return 18.0
    if cat.startswith("C"):
        return 16.0
    return 10.0


def _is_han(o: int) -> bool:
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F)


class NgramModel:
    """A character n-gram back-off model over token ids (see the module doc)."""

    __slots__ = ("_apos", "_bits", "_bows", "_drop", "_fold", "_ids", "_probs",
                 "header", "order", "vocab")

    def __init__(self, blob: bytes) -> None:
        raw = zlib.decompress(blob)
        if raw[:5] != _MAGIC:
            raise ValueError("not a textrepair character model")
        (hlen,) = struct.unpack_from("<I", raw, 5)
        header = json.loads(raw[9:9 + hlen].decode("utf-8"))
        off = 9 + hlen
        order: int = header["order"]
        bits: int = header["bits"]
        planes: int = header["planes"]
        vocab: str = header["vocab"]
        first: int = header["first_char_id"]
        self.order = order
        self.vocab = vocab
        self.header: Mapping[str, object] = MappingProxyType(
            {k: v for k, v in header.items() if not isinstance(v, list | str)
             or k in ("cutoffs", "discounts")})
        self._bits = bits
        # drop[bit_length(ctx)]: mask that drops the oldest token of ctx
        self._drop = tuple((1 << (bits * ((n - 1) // bits))) - 1 if n else 0
                           for n in range(bits * (order - 1) + 1))
        # probs: packed n-gram -> (cost, mask keeping the tokens of the state
        # after it); the tuples are shared between entries.
        # bows: packed context -> cost of backing off from it.
        btab: list[float] = header["bow_table"]
        masks = [(1 << (bits * n)) - 1 for n in range(order)]
        probs: dict[int, tuple[float, int]] = {
            w: (c, masks[1]) for w, c in enumerate(header["unigram_cost"], start=1)}
        bows: dict[int, float] = {
            w: btab[b] for w, b in enumerate(header["unigram_bow"], start=1)}
        is_ctx = bytes(0 if b == 255 else 1 for b in range(256))
        btab_full = btab + [0.0] * (256 - len(btab))
        for k, n in enumerate(header["counts"], start=2):
            buf = bytearray(8 * n)
            for j in range(planes):
                buf[j::8] = raw[off + j * n: off + (j + 1) * n]
            off += planes * n
            deltas = array("Q")
            deltas.frombytes(buf)
            del buf  # (the load's peak memory: each buffer freed once read)
            vbuf = bytearray(2 * n)
            for j in range(2):  # cost level, length of the state after it
                vbuf[j::2] = raw[off + j * n: off + (j + 1) * n]
            off += 2 * n
            codes = array("H")
            codes.frombytes(vbuf)
            del vbuf
            if sys.byteorder == "big":
                deltas.byteswap()
                codes.byteswap()
            if k == order:  # the last section is read: the decompressed file can go
                if off != len(raw):  # before the largest dictionary is built (14 MB
                    raise ValueError("character model: trailing bytes")  # less at the peak)
                raw = b""
                off = 0
            # the highest order's keys are read once: no list of them is made
            keys: Iterable[int] = list(accumulate(deltas)) if k < order else accumulate(deltas)
            del deltas
            ctab: list[float] = header["cost_tables"][k - 2]
            values = {code: (ctab[code & 255], masks[code >> 8]) for code in set(codes)}
            probs.update(zip(keys, map(values.__getitem__, codes), strict=True))
            del codes
            if k < order:
                bq = raw[off:off + n]
                off += n
                bows.update(compress(zip(keys, map(btab_full.__getitem__, bq), strict=True),
                                     bq.translate(is_ctx)))
        if off != len(raw):
            raise ValueError("character model: trailing bytes")
        self._probs = probs
        self._bows = bows
        ids: dict[str, int] = {ch: first + i for i, ch in enumerate(vocab)}
        fold_pairs: str = header["fold"]
        fold = {fold_pairs[i]: fold_pairs[i + 1] for i in range(0, len(fold_pairs), 2)}
        for t, s in fold.items():
            if s in ids and t not in ids:
                ids[t] = ids[s]
        for o in range(0x41, 0x7B):
            if o <= 0x5A or o >= 0x61:
                ids[chr(o)] = ids[chr(o + 0xFEE0)] = _LATIN
        for o in range(0x30, 0x3A):
            ids[chr(o)] = ids[chr(o + 0xFEE0)] = _DIGIT
        ids[" "] = ids["\t"] = _SPACE
        ids["\n"] = _NL
        ids["\r"] = _CR
        self._ids = ids
        self._apos = ids.get("\u2019", -1)
        self._fold = {ord(t): s for t, s in fold.items()}

    # -- folding ---------------------------------------------------------------

    def fold(self, text: str) -> str:
        """``text`` folded to simplified character by character (Unihan kSimplifiedVariant)."""
        return text.translate(self._fold)

    @property
    def fold_map(self) -> Mapping[int, str]:
        """The fold as a ``str.translate`` table (code point -> simplified character)."""
        return MappingProxyType(self._fold)

    # -- the state machine -----------------------------------------------------

    def start_state(self) -> State:
        """The state at the start of a text (as after a line break)."""
        return _NL

    def _lm(self, state: State, w: int) -> tuple[float, State]:
        """Cost of token ``w`` after ``state`` and the state after it."""
        probs = self._probs
        bits = self._bits
        key = (state << bits) | w
        v = probs.get(key)
        if v is None:
            bows = self._bows
            drop = self._drop
            c = 0.0
            ctx = state
            while v is None:
                c += bows[ctx]
                ctx &= drop[ctx.bit_length()]
                key = (ctx << bits) | w
                v = probs.get(key)
            return c + v[0], key & v[1]
        return v[0], key & v[1]

    def _oov(self, state: State, ch: str) -> tuple[float, State]:
        o = ord(ch)
        if o == 0x27 and state & ((1 << self._bits) - 1) == _LATIN:
            return APOSTROPHE_COST, state
        if _is_han(o):
            c, s = self._lm(state, _UNK_HAN)
            return c + (UNK_HAN_EXTRA if o >= 0x4E00 else UNK_HAN_EXTRA_RARE), s
        _, s = self._lm(state, _OTHER)
        return _prior(ch), s

    def step(self, state: State, ch: str) -> tuple[float, State]:
        """Cost of the character ``ch`` after ``state``, and the state after it."""
        w = self._ids.get(ch)
        if w is None:
            return self._oov(state, ch)
        bits = self._bits
        if w <= _DIGIT:
            if w == _CR:
                return CR_COST, state
            if w != _NL and state & ((1 << bits) - 1) == w:
                return RUN_COST[w], state
        elif w == self._apos and state & ((1 << bits) - 1) == _LATIN:
            return APOSTROPHE_COST, state
        # self._lm(state, w), inlined: this is the inner loop of a search
        probs = self._probs
        key = (state << bits) | w
        v = probs.get(key)
        if v is None:
            bows = self._bows
            drop = self._drop
            c = 0.0
            ctx = state
            while v is None:
                c += bows[ctx]
                ctx &= drop[ctx.bit_length()]
                key = (ctx << bits) | w
                v = probs.get(key)
            return c + v[0], key & v[1]
        return v[0], key & v[1]

    def token_ids(self, chars: Iterable[str]) -> tuple[int, ...] | None:
        """The ids of ``chars`` if every one is an ordinary token (a Han
        character or a mark of the vocabulary), for :meth:`step_costs`; else None."""
        ids = tuple(map(self._ids.get, chars))
        apos = self._apos
        if any(w is None or w <= _UNK_HAN or w == apos for w in ids):
            return None
        return ids  # type: ignore[return-value]

    def step_costs(self, state: State, ids: tuple[int, ...]) -> list[float]:
        """``[step(state, ch)[0] for ch in chars]`` for the ids of ordinary
        characters (:meth:`token_ids`), equal to the last bit: the look-ups of
        each back-off level are one ``map`` over the dictionary (what a hole's
        candidates cost: 2000 steps from one state)."""
        probs = self._probs
        bits = self._bits
        chain: list[State] = []  # the contexts step() backs off through
        ctx = state
        while ctx:
            chain.append(ctx)
            ctx &= self._drop[ctx.bit_length()]
        accs = [0.0]  # the back-off costs added before each level, as step() adds them
        for c in chain:
            accs.append(accs[-1] + self._bows[c])
        low = accs[-1]
        costs = [low + probs[w][0] for w in ids] if chain else [probs[w][0] for w in ids]
        for k in range(len(chain) - 1, -1, -1):
            shift = chain[k] << bits
            vals = map(probs.get, [shift | w for w in ids])
            if k:
                acc = accs[k]
                costs = [c if v is None else acc + v[0] for v, c in zip(vals, costs, strict=True)]
            else:
                costs = [c if v is None else v[0] for v, c in zip(vals, costs, strict=True)]
        return costs

    def prices(self, state: State, ids: Sequence[int], tail: Sequence[int],
               end: bool) -> list[float]:
        """``[advance(ch + right, state)[0] (+ end_cost) for ch in chars]``, equal
        to the last bit, for the ids of ordinary characters (:meth:`token_ids`)
        and the ids of an ordinary ``right`` (``tail``); ``end``: add the cost
        of the text ending after it (what a hole's candidates cost in their
        context: one look-up chain per token, no per-character dispatch)."""
        probs = self._probs
        bows = self._bows
        drop = self._drop
        bits = self._bits
        out = []
        for first in ids:
            total = 0.0
            s = state
            # advance()'s loop for ordinary tokens, inlined as step() inlines
            # _lm(): the bows are added to the total one at a time, in its
            # order, so that the sums are advance()'s to the last bit
            # (tests/test_ngram.py checks it); a shared helper would cost a
            # call per token in both inner loops
            for w in (first, *tail):
                key = (s << bits) | w
                v = probs.get(key)
                if v is None:
                    ctx = s
                    while v is None:
                        total += bows[ctx]
                        ctx &= drop[ctx.bit_length()]
                        key = (ctx << bits) | w
                        v = probs.get(key)
                total += v[0]
                s = key & v[1]
            out.append(total + self._lm(s, _NL)[0] if end else total)
        return out

    def end_cost(self, state: State) -> float:
        """Cost of the text ending after ``state`` (a line break)."""
        return self._lm(state, _NL)[0]

    def advance(self, text: str, state: State | None = None) -> tuple[float, State]:
        """Total cost of ``text`` after ``state`` (default: the start) and the state after it."""
        ids = self._ids
        probs = self._probs
        bows = self._bows
        drop = self._drop
        bits = self._bits
        m1 = (1 << bits) - 1
        apos = self._apos
        s = _NL if state is None else state
        total = 0.0
        for ch in text:
            w = ids.get(ch)
            if w is None:
                c, s = self._oov(s, ch)
                total += c
                continue
            if w <= _DIGIT:
                if w == _CR:
                    total += CR_COST
                    continue
                if w != _NL and s & m1 == w:
                    total += RUN_COST[w]
                    continue
            elif w == apos and s & m1 == _LATIN:
                total += APOSTROPHE_COST
                continue
            key = (s << bits) | w
            v = probs.get(key)
            if v is None:
                ctx = s
                while v is None:
                    total += bows[ctx]
                    ctx &= drop[ctx.bit_length()]
                    key = (ctx << bits) | w
                    v = probs.get(key)
            total += v[0]
            s = key & v[1]
        return total, s

    def cost(self, text: str, state: State | None = None) -> float:
        """Total cost of ``text`` in nats (after ``state``; default: the start of a text)."""
        return self.advance(text, state)[0]

    def costs(self, text: str, state: State | None = None) -> list[float]:
        """The cost of each character of ``text`` (for explanations)."""
        s = _NL if state is None else state
        out: list[float] = []
        for ch in text:
            c, s = self.step(s, ch)
            out.append(c)
        return out

    def mean_cost(self, text: str) -> float:
        """Mean cost per character (0 for the empty text)."""
        return self.cost(text) / len(text) if text else 0.0

    def unigram(self, ch: str) -> float:
        """Cost of ``ch`` without context (its unigram; class priors as in ``step``)."""
        w = self._ids.get(ch)
        if w is None:
            o = ord(ch)
            if _is_han(o):
                return (self._probs[_UNK_HAN][0]
                        + (UNK_HAN_EXTRA if o >= 0x4E00 else UNK_HAN_EXTRA_RARE))
            return _prior(ch)
        if w == _CR:
            return CR_COST
        return self._probs[w][0]

    def in_vocabulary(self, ch: str) -> bool:
        """Has ``ch`` (after folding) a token of its own?"""
        w = self._ids.get(ch)
        return w is not None and w > _UNK_HAN

    def stats(self) -> Mapping[str, int]:
        """Entry counts (n-grams with probabilities, contexts with back-off weights)."""
        return MappingProxyType({"ngrams": len(self._probs), "contexts": len(self._bows),
                                 "order": self.order, "vocabulary": len(self.vocab)})


class WordModel:
    """jieba's word list as a word-unigram model over Han runs (costs in nats).

    ``segment_cost`` is the cost of the best segmentation of a run, as jieba's
    DAG (every character may stand alone).  ``association`` is what word
    evidence adds to a character model: each word's cost less the costs of
    its characters as single-character words, minimised over segmentations
    (0 when no multi-character word beats its characters; negative when the
    run is made of words).  The character model already knows how frequent
    each character is; plain word costs would count that twice (measured in
    docs/decisions/0007).
    """

    __slots__ = ("_cost", "_fold", "_max_len", "_unknown")

    def __init__(self, blob: bytes, fold: Mapping[int, str]) -> None:
        text = lzma.decompress(blob).decode("utf-8")
        lines = text.split("\n")
        head = dict(kv.split("=") for kv in lines[0][2:].split())
        self._unknown = int(head["unknown"]) / 10
        self._max_len = int(head["max_len"])
        table: dict[str, float] = {}
        for line in lines[1:]:
            if line:
                q, ws = line.split("\t")
                table.update(dict.fromkeys(ws.split(" "), int(q) / 10))
        self._cost = table
        self._fold = dict(fold)

    def _runs(self, text: str) -> list[str]:
        text = text.translate(self._fold)
        runs: list[str] = []
        start = -1
        for i, ch in enumerate(text):
            if _is_han(ord(ch)):
                if start < 0:
                    start = i
            elif start >= 0:
                runs.append(text[start:i])
                start = -1
        if start >= 0:
            runs.append(text[start:])
        return runs

    def cost(self, text: str) -> float:
        """Sum over the Han runs of ``text`` (folded) of their best segmentation's cost."""
        return sum(map(self.segment_cost, self._runs(text)))

    def association(self, text: str) -> float:
        """Sum over the Han runs of ``text`` (folded) of ``run_association`` (<= 0)."""
        return sum(map(self.run_association, self._runs(text)))

    def segment_cost(self, run: str) -> float:
        """Cost of the best segmentation of ``run`` (folded Han), as jieba's DAG."""
        table = self._cost
        unknown = self._unknown
        max_len = self._max_len
        best = [0.0]
        for j in range(1, len(run) + 1):
            b = best[j - 1] + table.get(run[j - 1], unknown)
            for i in range(max(0, j - max_len), j - 1):
                c = table.get(run[i:j])
                if c is not None and best[i] + c < b:
                    b = best[i] + c
            best.append(b)
        return best[-1]

    def run_association(self, run: str) -> float:
        """min over segmentations of sum(word cost - its characters' single costs)."""
        table = self._cost
        unknown = self._unknown
        max_len = self._max_len
        single = [0.0]  # prefix sums of single-character costs
        for ch in run:
            single.append(single[-1] + table.get(ch, unknown))
        best = [0.0]
        for j in range(1, len(run) + 1):
            b = best[j - 1]
            sj = single[j]
            for i in range(max(0, j - max_len), j - 1):
                c = table.get(run[i:j])
                if c is not None:
                    c += best[i] - sj + single[i]
                    if c < b:
                        b = c
            best.append(b)
        return best[-1]

    def segment(self, run: str) -> list[str]:
        """The best segmentation of ``run`` (folded Han), for explanations."""
        table = self._cost
        best = [0.0]
        back = [0]
        for j in range(1, len(run) + 1):
            b, bi = best[j - 1] + table.get(run[j - 1], self._unknown), j - 1
            for i in range(max(0, j - self._max_len), j - 1):
                c = table.get(run[i:j])
                if c is not None and best[i] + c < b:
                    b, bi = best[i] + c, i
            best.append(b)
            back.append(bi)
        out: list[str] = []
        j = len(run)
        while j > 0:
            out.append(run[back[j]:j])
            j = back[j]
        return out[::-1]


def load(path: str | Path) -> NgramModel:
    """A character model from a file (``model()`` loads the packaged one)."""
    return NgramModel(Path(path).read_bytes())


def load_words(path: str | Path, fold: Mapping[int, str]) -> WordModel:
    """A word model from a file, folding with ``fold`` (``NgramModel.fold_map``)."""
    return WordModel(Path(path).read_bytes(), fold)


@functools.cache
def model() -> NgramModel:
    """The packaged character model (read on first use, once per process)."""
    return NgramModel((resources.files("textrepair") / "data" / CHAR_MODEL).read_bytes())


@functools.cache
def words() -> WordModel:
    """The packaged word model (read on first use, once per process)."""
    blob = (resources.files("textrepair") / "data" / WORD_MODEL).read_bytes()
    return WordModel(blob, model().fold_map)


#: The memos of this module (see :func:`textrepair.clear_caches`).
CACHES = (model, words)


def cost(text: str, word_weight: float = WORD_WEIGHT) -> float:
    """Character cost of ``text`` plus ``word_weight`` times its word association
    (nats; what candidates of a repair are compared by)."""
    c = model().cost(text)
    return c + word_weight * words().association(text) if word_weight else c
