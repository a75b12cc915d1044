"""How Chinese-like a string is: a small character language model.

``cost(text)`` is the mean negative log-probability per character (nats):
real Chinese text costs about 5-8, mojibake 10-16.  Han characters are scored
with jieba-derived unigram counts interpolated with word-internal bigrams
(both folded to simplified, so traditional text scores like simplified);
other characters get a fixed cost by class, chosen so that the classes
mojibake is made of (Latin-1 letters between Han, box drawing, half-width
katakana, bopomofo, C1 controls, private use, U+FFFD) cost more than any
common Han character.

>>> cost("用户登录成功") < cost("鐢ㄦ埛鐧诲綍鎴愬姛")
True
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass

from ..chars import CJK_PUNCT, is_han
from . import ngram
from .tables import bigram_counts, char_table

#: A state of the running-text model (see :func:`start_state`).
State = ngram.State

#: Weight of the bigram estimate in the interpolation P(b|a) = λ·c(ab)/c(a) + (1-λ)·P(b).
BIGRAM_WEIGHT = 0.7
#: Cost of a Han character that is in no table (extension blocks, compatibility forms).
UNKNOWN_HAN_COST = 16.0
#: Cost cap for known Han characters (count 0 in jieba).
MAX_HAN_COST = 16.0

_ASCII_COST = {
    **{c: 3.0 for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    **{c: 3.0 for c in "0123456789"},
    " ": 2.0, "\n": 1.0, "\t": 2.0, "\r": 1.0,
}
ASCII_PUNCT_COST = 4.5
CJK_PUNCT_COST = 4.0


@dataclass(frozen=True, slots=True)
class Score:
    """Total cost and character count of a string; ``mean`` is what is compared."""

    total: float
    length: int

    @property
    def mean(self) -> float:
        return self.total / self.length if self.length else 0.0


@functools.lru_cache(maxsize=1 << 14)
def _other_cost(ch: str) -> float:
    """Cost of a non-Han character, by class (memoized: pure)."""
    o = ord(ch)
    if o < 0x80:
        if ch in _ASCII_COST:
            return _ASCII_COST[ch]
        if o < 0x20 or o == 0x7F:
            return 20.0
        return ASCII_PUNCT_COST
    if ch in CJK_PUNCT:
        return CJK_PUNCT_COST
    if 0x80 <= o <= 0x9F or 0xD800 <= o <= 0xDFFF:
        return 20.0  # C1 controls, lone surrogates
    if o == 0xFFFD:
        return 20.0
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
    if 0x2000 <= o <= 0x206F:
        return 9.0  # general punctuation (…, ‰, •, ™ are in cp1252 mojibake)
    if 0x3000 <= o <= 0x303F:
        return 9.0
    cat = unicodedata.category(ch)
    if cat in ("Co", "Cn", "Cs"):
        return 18.0
    if cat.startswith("C"):
        return 16.0
    return 10.0


def char_cost(prev: str, ch: str) -> float:
    """Cost of ``ch`` after ``prev`` (nats): the one cost function of the model.

    A Han character after a Han character costs its bigram-interpolated
    cost, after anything else (or at the start, ``prev=""``) its unigram
    cost; any other character costs its class's cost.  :func:`score` is the
    sum of it over a text.

    >>> char_cost("中", "国") < char_cost("", "国") < char_cost("", "鐢")
    True
    """
    if is_han(ch):
        return _han_cost(prev if prev and is_han(prev) else "", ch)
    return _other_cost(ch)


def score(text: str) -> Score:
    """Score ``text`` (total cost in nats and length): :func:`char_cost` summed."""
    han_cost = _han_cost
    other_cost = _other_cost
    total = 0.0
    prev = ""
    for ch in text:
        o = ord(ch)
        if (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
                or 0x20000 <= o <= 0x3134F):  # chars.is_han, inlined
            total += han_cost(prev, ch)
            prev = ch
        else:
            total += other_cost(ch)
            prev = ""
    return Score(total, len(text))


@functools.lru_cache(maxsize=1 << 15)
def _han_cost(prev: str, ch: str) -> float:
    """Cost of the Han character ``ch`` after ``prev`` (a Han character, or ""
    after anything else); memoized (pure)."""
    table = char_table()
    u = table.cost.get(ch)
    if u is None:
        return UNKNOWN_HAN_COST
    c = min(u, MAX_HAN_COST)
    if prev:
        simp = table.simplified
        fa = simp.get(prev, prev)
        pair = bigram_counts().get(fa + simp.get(ch, ch))
        if pair:
            na = table.count.get(fa, 0) or 1
            p = (BIGRAM_WEIGHT * min(1.0, pair / na)
                 + (1 - BIGRAM_WEIGHT) * math.exp(-c))
            c = -math.log(p)
        else:
            c -= math.log(1 - BIGRAM_WEIGHT)
    return c


# -- the running-text model as a state machine (for lattice and beam searches) --


def state_machine() -> ngram.NgramModel:
    """The running-text character model (loaded on first use, once per process).

    A search binds its methods once (``m = state_machine(); step = m.step``):
    ``m.start_state()``, ``m.step(state, ch) -> (cost, next_state)``,
    ``m.end_cost(state)``, ``m.advance(text, state) -> (cost, state)``.  States
    are ``int``; equal states have equal futures, so a lattice may key on them.
    """
    return ngram.model()


def start_state() -> State:
    """The model's state at the start of a text (as after a line break)."""
    return ngram.model().start_state()


def step(state: State, ch: str) -> tuple[float, State]:
    """Cost (nats) of ``ch`` after ``state``, and the state after it.

    >>> s = start_state()
    >>> c1, s = step(s, "中")
    >>> c2, s = step(s, "国")
    >>> abs(c1 + c2 - advance("中国")[0]) < 1e-9
    True
    """
    return ngram.model().step(state, ch)


def advance(text: str, state: State | None = None) -> tuple[float, State]:
    """Total cost of ``text`` after ``state`` (default: the start) and the state after it."""
    return ngram.model().advance(text, state)


def end_cost(state: State) -> float:
    """Cost of the text ending after ``state``."""
    return ngram.model().end_cost(state)


def cost(text: str) -> float:
    """Mean cost per character of ``text`` (nats); lower is more Chinese-like."""
    return score(text).mean


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_other_cost, _han_cost)
