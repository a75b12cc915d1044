"""The lost-byte lattice: the best UTF-8 reading of a byte template with holes.

A window of mojibake is a sequence of *items*: known bytes (what its
characters re-encode to) and holes (:data:`~textrepair.repair.holes.Unit`:
the few byte strings a reader may have turned into the mark, or dropped).
:func:`decode` walks the items once, left to right, with a UTF-8 decoder
and the running-text language model (:mod:`textrepair.model.ngram`): a
search state is the bytes of an unfinished UTF-8 sequence plus the model's
state (the last two tokens), so readings that agree on both are merged
(Viterbi) and at most :data:`WIDTH` states survive each item.  The work is
linear in the number of items: a known stretch costs one model step per
character and state, a hole one per filling and state, and the states merge
again two characters after a hole.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import ngram
from .holes import Unit
from .lostchar import script_cost

#: States kept after each item (search width).  Chosen on the train split
#: of benchmarks/accuracy.py (utf8_as_gbk rows): see docs/kinds.md.
WIDTH = 16
#: States kept between the segments of one hole (the lost byte, then the
#: ASCII byte a Windows ``?`` swallowed).
SEGMENT_WIDTH = 4
#: States kept after a hole item whose fillings are pairs (see :func:`_open_hole`).
HOLE_WIDTH = 1024
#: A hole item with more fillings of two bytes than this is an open hole.
OPEN_HOLE_PAIRS = 64



@dataclass(frozen=True, slots=True)
class Choice:
    """A character a reader shows for more than one byte string: its own
    bytes, or one of ``others`` (using one of those counts as a filling)."""

    own: bytes
    others: tuple[tuple[bytes, float], ...]


#: Known bytes read at a time while several states are alive (two CJK
#: characters: then readings that agree on them have merged).
MERGE_BYTES = 6
#: Upper bound on the work (decoder feeds) of one window (search budget).
MAX_WORK = 200_000
#: Search budget of one ``repair`` call: a base plus so many feeds per
#: character of input, so that no input makes ``repair`` slower than linear
#: (the look for dropped bytes draws from it too: lossy.GAP_WORK).  With
#: 100,000 + 40 per character, benchmarks/scaling.py's adversarial mojibake
#: took 1.2-1.5 s per 10 KB; with 50,000 + 13 (and GAP_WORK), at most 0.72 s,
#: and the lossy rows of benchmarks/accuracy.py (100 per row, 20-400
#: characters) are the same in exact and CER (30,000 + 13 raised one row's
#: CER from 3.8 to 5.2%).
BUDGET_BASE = 50_000
BUDGET_PER_CHAR = 13


class Budget:
    """Work one ``repair`` call may still spend on lattices, and the model
    steps it has already taken (per-call state, dropped with the call).

    Each window's search draws from it; once it is spent, windows are left
    as they are.  The steps are kept at most :data:`MEMO_MAX` at a time.
    """

    __slots__ = ("memo", "remaining")

    def __init__(self, text_length: int) -> None:
        self.remaining = BUDGET_BASE + BUDGET_PER_CHAR * text_length
        self.memo: dict[tuple[int, str], tuple[float, int]] = {}


#: Model steps one call keeps (a search that asks the same step again).
MEMO_MAX = 1 << 16
#: Characters the model cannot tell apart (one token per run of digits, of
#: Latin letters, of spaces): one step each stands for all of its class.
_CLASS_OF = str.maketrans({**{chr(c): "0" for c in range(0x30, 0x3A)},
                           **{chr(c): "a" for c in [*range(0x41, 0x5B), *range(0x61, 0x7B)]},
                           "\t": " "})


#: An item: known bytes, a character with alternative bytes, or a hole.
Item = bytes | Choice | Unit
#: A search node: the text decoded so far, as a linked list of chunks.
_Node = tuple["_Node", str] | None


@dataclass(frozen=True, slots=True)
class Reading:
    """The best reading of a window."""

    text: str
    cost: float
    """Model cost of the reading plus the priors of its fillings (nats)."""
    evidence: int
    """Multi-byte characters (3-4 bytes) with at most one byte from a hole."""
    filled: bool
    """Whether a hole (or an alternative byte) was used."""


#: A state's value: (cost, node, evidence, filled, filled bytes in pending).
_Value = tuple[float, _Node, int, bool, int]
_Key = tuple[bytes, int]


@functools.lru_cache(maxsize=1 << 15)
def _feed(pending: bytes, pfill: int, data: bytes, filled: bool
          ) -> tuple[str, bytes, int, int] | None:
    """Feed ``data`` to a UTF-8 decoder holding ``pending`` (``pfill`` of whose
    bytes came from holes): the characters completed, the new pending bytes,
    how many of those came from holes, and the evidence (completed 3-4 byte
    characters with at most one byte from a hole).  None if not UTF-8
    (memoized: pure, and the same feeds recur for every state)."""
    buf = pending + data
    try:
        text = buf.decode("utf-8")
        tail = b""
    except UnicodeDecodeError as err:
        if err.reason != "unexpected end of data":
            return None
        text = buf[:err.start].decode("utf-8")
        tail = buf[err.start:]
    if not text:
        return "", tail, pfill + (len(data) if filled else 0), 0
    ev = 0
    first = True
    for ch in text:
        o = ord(ch)
        n = 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4
        if first and pending:
            f = pfill + ((n - len(pending)) if filled else 0)
        else:
            f = n if filled else 0
        first = False
        if f and not _fillable(o):
            return None
        if n >= 3 and f <= 1:
            ev += 1
    return text, tail, len(tail) if filled else 0, ev


def _fillable(o: int) -> bool:
    """May a character with bytes from a hole be this code point?  Chinese
    text, its punctuation and symbols: a hole never stands for Hangul, kana,
    Latin letters, Greek or private use, which a lost byte would otherwise
    pick as cheap strangers (굋 for 测: the model prices Hangul by class)."""
    return (o < 0x80 or o in (0xB0, 0xB1, 0xB7, 0xD7, 0xF7) or 0x2000 <= o <= 0x2BFF
            or 0x2E80 <= o <= 0x303F or 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3134F)


def _advance(lm: ngram.NgramModel, memo: dict[tuple[int, str], tuple[float, int]],
             state: int, text: str) -> tuple[float, int]:
    """Model cost of ``text`` after ``state`` and the state after it (short
    texts through the per-window memo, long ones in one call)."""
    if len(text) > 3:
        return lm.advance(text, state)
    total = 0.0
    for ch in text.translate(_CLASS_OF) if text.isascii() else text:
        key = (state, ch)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = lm.step(state, ch)
        total += hit[0]
        state = hit[1]
    return total, state


def _expand(lm: ngram.NgramModel, memo: dict[tuple[int, str], tuple[float, int]],
            states: dict[_Key, _Value], options: Sequence[tuple[bytes, float]],
            filled: bool, trad: bool = False) -> dict[_Key, _Value]:
    """Every state fed every option; the cheapest state per key.  (The
    search's inner loop: an option that starts with a continuation byte can
    only follow a state inside a sequence, and the other way round.)"""
    out: dict[_Key, _Value] = {}
    get = out.get
    feed = _feed
    step = lm.step
    split = _split(options) if len(options) > 4 else (options, options)
    for (pending, lms), (cost, node, ev, fl, pfill) in states.items():
        fl = fl or filled
        for data, prior in split[0] if pending else split[1]:
            if not data:  # nothing more (a segment that may be empty)
                key = (pending, lms)
                old = get(key)
                if old is None or cost + prior < old[0]:
                    out[key] = (cost + prior, node, ev, fl, pfill)
                continue
            r = feed(pending, pfill, data, filled)
            if r is None:
                continue
            text, tail, npfill, dev = r
            value: _Value
            if len(text) == 1:
                key1 = (lms, text if text > "\x7f" else text.translate(_CLASS_OF))
                hit = memo.get(key1)
                if hit is None:
                    hit = memo[key1] = step(lms, text)
                c, s2 = hit
                if filled:
                    c += fill_prior(text, trad)
                value = (cost + prior + c, (node, text), ev + dev, fl, npfill)
            elif text:
                c, s2 = _advance(lm, memo, lms, text)
                if filled:
                    c += sum(fill_prior(ch, trad) for ch in text)
                value = (cost + prior + c, (node, text), ev + dev, fl, npfill)
            else:
                s2 = lms
                value = (cost + prior, node, ev, fl, npfill)
            key = (tail, s2)
            old = get(key)
            if old is None or value[0] < old[0]:
                out[key] = value
    return out


def fill_prior(ch: str, trad: bool) -> float:
    """What a character read from a hole costs on top of the model: symbols
    that code and logs use (❌ ✅ ⚠, priced by the model as one class) cost
    less, and the other script's form of a character a little more."""
    return SYMBOL_PRIOR.get(ch, 0.0) + script_cost(ch, trad)


#: Symbols a hole stands for more often than the rest of their block
#: (real-cases-2 code-perf-log: 鉂? is ❌, not ❁; commit messages and logs).
SYMBOL_PRIOR = dict.fromkeys("✅❌✔✘✓✗⚠❗❓➜➤✨", -3.0)


@functools.lru_cache(maxsize=1024)
def _split(options: Sequence[tuple[bytes, float]]
           ) -> tuple[tuple[tuple[bytes, float], ...], tuple[tuple[bytes, float], ...]]:
    """The options that may follow a state inside a UTF-8 sequence (they start
    with a continuation byte) and those that may follow a character boundary;
    the empty option goes with both (memoized: holes repeat their segments)."""
    inside = tuple(o for o in options if not o[0] or 0x80 <= o[0][0] < 0xC0)
    fresh = tuple(o for o in options if not o[0] or not 0x80 <= o[0][0] < 0xC0)
    return inside, fresh


def _prune(states: dict[_Key, _Value], width: int) -> dict[_Key, _Value]:
    """The ``width`` cheapest states that end on a character boundary, and the
    ``width`` cheapest inside a sequence (those have not paid for their
    unfinished character yet, so the two are not compared)."""
    if len(states) <= width:
        return states
    done = [kv for kv in states.items() if not kv[0][0]]
    open_ = [kv for kv in states.items() if kv[0][0]]
    out = dict(heapq.nsmallest(width, done, key=_cost)) if len(done) > width else dict(done)
    out.update(heapq.nsmallest(width, open_, key=_cost) if len(open_) > width else open_)
    return out


def _cost(kv: tuple[_Key, _Value]) -> float:
    return kv[1][0]


def decode(items: Sequence[Item], left: int, right: str, at_end: bool,
           budget: Budget | None = None, trad: bool = False
           ) -> tuple[Reading | None, int, int]:
    """The best reading of ``items`` after the model state ``left``.

    Returns ``(reading, read, failed)``.  When every item is read, ``read``
    is ``len(items)``, ``failed`` is -1, and the reading is scored with the
    characters ``right`` that follow the window (and the end of the text
    after them when ``at_end``).  When every reading dies at item
    ``failed`` (``len(items)`` if none ends on a character boundary), the
    reading is the best one of the first ``read`` items that ends on a
    character boundary (None if there is none): the mojibake ended there.
    ``trad``: the window is traditional text (breaks ties between the two
    forms of a filled character).
    When the search would pass ``min(MAX_WORK, budget.remaining)`` the
    result is ``(None, 0, -1)``.  The work done is taken from ``budget``.
    """
    lm = ngram.model()
    memo = {} if budget is None else budget.memo
    if len(memo) > MEMO_MAX:
        memo.clear()
    states: dict[_Key, _Value] = {(b"", left): (0.0, None, 0, False, 0)}
    limit = MAX_WORK if budget is None else min(MAX_WORK, budget.remaining)
    work = 0
    last: tuple[int, _Value] | None = None
    for index, item in enumerate(items):
        work += len(states) * _size(item)
        if work > limit:
            if budget is not None:
                budget.remaining -= work
            return None, 0, -1
        if isinstance(item, bytes):
            # several states: read a few bytes at a time until they merge
            # (two characters on, readings that agree share a model state)
            while len(states) > 1 and len(item) > MERGE_BYTES:
                states = _prune(_expand(lm, memo, states, ((item[:MERGE_BYTES], 0.0),), False),
                                WIDTH)
                item = item[MERGE_BYTES:]
            new = _expand(lm, memo, states, ((item, 0.0),), False)
        elif isinstance(item, Choice):
            new = _expand(lm, memo, states, ((item.own, 0.0),), False)
            for key, value in _expand(lm, memo, states, item.others, True, trad).items():
                old = new.get(key)
                if old is None or value[0] < old[0]:
                    new[key] = value
        else:
            new = {}
            for path in item:
                cur = states
                for k, seg in enumerate(path):
                    cur = _expand(lm, memo, cur, seg, True, trad)
                    if k + 1 < len(path):
                        cur = _prune(cur, SEGMENT_WIDTH)
                for key, value in cur.items():
                    old = new.get(key)
                    if old is None or value[0] < old[0]:
                        new[key] = value
        if not new:
            if budget is not None:
                budget.remaining -= work
            return _partial(last), (last[0] if last else 0), index
        # after a hole whose fillings end inside a UTF-8 sequence (cp932's
        # unmapped pairs: EF BC of ，), those states tie until the next bytes
        # complete them: they are kept wider for one item
        states = _prune(new, HOLE_WIDTH if _open_hole(item) else WIDTH)
        done = [v for (pending, _), v in states.items() if not pending]
        if done:
            last = (index + 1, min(done, key=_first))
    if budget is not None:
        budget.remaining -= work
    best: tuple[float, _Value] | None = None
    for (pending, lms), value in states.items():
        if pending:
            continue
        c, s2 = _advance(lm, memo, lms, right)
        total = value[0] + c + (lm.end_cost(s2) if at_end else 0.0)
        if best is None or total < best[0]:
            best = (total, value)
    if best is None:
        return _partial(last), (last[0] if last else 0), len(items)
    return _reading(best[0], best[1]), len(items), -1


def _open_hole(item: Item) -> bool:
    """Is ``item`` a hole with many two-byte fillings (cp932's unmapped pairs)?"""
    return isinstance(item, tuple) and not isinstance(item, bytes | Choice) and any(
        len(seg) > OPEN_HOLE_PAIRS and len(seg[0][0]) == 2 for path in item for seg in path)


def _first(v: _Value) -> float:
    return v[0]


def _partial(last: tuple[int, _Value] | None) -> Reading | None:
    return None if last is None else _reading(last[1][0], last[1])


def _reading(cost: float, value: _Value) -> Reading:
    _, node, ev, filled, _ = value
    chunks: list[str] = []
    while node is not None:
        node, chunk = node
        chunks.append(chunk)
    return Reading("".join(reversed(chunks)), cost, ev, filled)


def _size(item: Item) -> int:
    """Feeds per state an item costs (the search's unit of work)."""
    if isinstance(item, bytes):
        return 1
    if isinstance(item, Choice):
        return 1 + len(item.others)
    return sum(len(seg) for path in item for seg in path)


def left_state(context: str) -> int:
    """The model state after ``context`` (the characters before a window)."""
    lm = ngram.model()
    return lm.advance(context[-3:])[1] if context else lm.start_state()


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_feed, _split)
