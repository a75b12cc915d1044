"""The beam search of the lost-byte repair: the best UTF-8 decoding of a run
of tokens, some of which are holes (unknown bytes).

A :class:`Token` is one character of the run with the byte strings it may
stand for; a hole enumerates only the bytes UTF-8's structure allows
(continuation bytes 80-BF; lead bytes of CJK ranges).  The search walks the
run's byte template with a UTF-8 decoder and ranks the decodings with the
language model (:func:`fill_cost`), keeping undecodable characters as they
are.  Its work is bounded per run (:data:`MAX_WORK`) and per ``repair`` call
(:class:`Budget`).  :mod:`~textrepair.repair.lossy` makes the tokens and
chooses the runs.
"""

from __future__ import annotations

import bisect
import functools
import operator
from dataclasses import dataclass

from ..chars import CJK_PUNCT
from ..model.score import CJK_PUNCT_COST, char_cost

#: States kept after each input character.
BEAM_WIDTH = 8
#: States kept between the bytes of one token: a hole inside a sequence has 64
#: candidates whose cost is unknown until the sequence completes, so all stay.
IN_TOKEN_CAP = 72
#: Upper bound on state expansions per run (search budget; a run of ordinary
#: holes needs a few thousand).
MAX_WORK = 300_000
#: States kept after a hole until the next character is scored.
AFTERHOLE_WIDTH = 72
#: Lead bytes tried for a hole that starts a character: the UTF-8 leads of
#: general punctuation (E2), CJK punctuation (E3) and CJK ideographs (E4-E9),
#: full-width forms (EF).
HOLE_LEADS = (0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF)
#: Extra cost of keeping a character undecoded inside a run (so that a run
#: decodes as a whole unless a piece of it really is not mojibake).
KEEP_COST = 1.0
#: Cost of leaving a hole mark (``?``, U+FFFD) as it is.
HOLE_KEEP_COST = 6.0

HOLE = -1
"""The marker of an unknown byte in a token's options."""
_CONTINUATION = tuple(range(0x80, 0xC0))


class Budget:
    """Search states one ``repair`` call may still spend (per-call state).

    Beam searches draw from it; once it is spent they give up and leave their
    run as it is, so no input makes ``repair`` slower than linear in its length.
    (A memoized search runs to MAX_WORK even when less budget is left; it then
    spends more than what is left, so that happens at most once per call.)
    """

    __slots__ = ("remaining",)

    def __init__(self, text_length: int) -> None:
        self.remaining = BUDGET_BASE + BUDGET_PER_CHAR * text_length


#: Search budget of one call: a base plus so many states per character of
#: input.  The damaged-page benchmark spends about 16 states per damaged
#: character; 20,000 random mojibake characters would otherwise take minutes.
BUDGET_BASE = 100_000
BUDGET_PER_CHAR = 20


@dataclass(frozen=True, slots=True, eq=False)
class Token:
    """One character of the run: its text and the byte strings it may stand for.

    Build with :func:`make_token`, which fills in the derived fields.  Tokens are
    memoized per character and codec, and compare (and hash) by identity:
    the beam search's memo is keyed by them.
    """

    char: str
    options: tuple[tuple[int, ...], ...]
    hole: bool
    data: bytes = b""
    """The first option's known bytes (empty for a hole)."""
    plain: bool = False
    """Neither a hole nor a character with alternative bytes."""
    aligned: bool = False
    """Plain, and its first byte can start a UTF-8 character (not a continuation)."""


def make_token(char: str, options: tuple[tuple[int, ...], ...], hole: bool) -> Token:
    """A :class:`Token` with its derived fields filled in."""
    plain = not hole and len(options) == 1
    first = options[0][0] if options[0] else 0
    return Token(char, options, hole, bytes(b for b in options[0] if b != HOLE), plain,
                 plain and (first < 0x80 or first >= 0xC0))


@functools.cache
def _utf8_char(seq: bytes) -> str | None:
    """The character a complete UTF-8 sequence stands for (memoized: pure)."""
    try:
        return seq.decode("utf-8")
    except UnicodeDecodeError:
        return None


@functools.lru_cache(maxsize=1 << 16)
def fill_cost(prev: str, ch: str) -> float:
    """The model's :func:`~textrepair.model.score.char_cost` of ``ch`` after
    ``prev``, except that CJK punctuation is priced by how often each mark
    is what a hole stood for (memoized: pure)."""
    if ch in CJK_PUNCT:
        if prev in _SENTENCE_END and ch in _AFTER_SENTENCE_END:
            return _AFTER_SENTENCE_END[ch]
        return _PUNCT_COST.get(ch, CJK_PUNCT_COST)
    return char_cost(prev, ch)


#: Costs of common punctuation by how often it ends up in a hole: a sentence-
#: final 銆? is 。 far more often than 、 (field notes §2).
#: Single quotes ‘ ’ are far rarer in Chinese than double quotes “ ” (E2 80 98/99
#: vs 9C/9D: a lost last byte after E2 80 must not pick ‘ by byte order).
_PUNCT_COST = {"，": 3.0, "。": 3.2, "、": 4.5, "：": 4.0, "；": 4.5, "！": 4.0, "？": 4.0,
               "“": 4.0, "”": 4.0, "（": 4.2, "）": 4.2, "《": 4.5, "》": 4.5, "…": 5.0,
               "—": 5.0, "‘": 6.0, "’": 6.0}
#: After a sentence-final mark a quotation closes far more often than one
#: opens (了。” vs 了。“): the hole after 。 in 銆傗€? is ”.
_SENTENCE_END = frozenset("。！？…")
_AFTER_SENTENCE_END = {"”": 3.0, "“": 5.5, "’": 5.0, "‘": 7.0, "」": 3.0, "』": 3.5,
                       "。": 6.0, "，": 6.0}


#: A beam state, as a plain tuple (the beam makes hundreds of thousands):
#: ``(cost, out, pending, prev, changed, known, evidence, filled)`` with
#: ``cost`` the language-model cost of ``out`` so far, ``pending`` the bytes of
#: an unfinished UTF-8 sequence, ``prev`` the character ``out`` ends with (the
#: model's context), ``changed`` whether a sequence was decoded, ``known`` the
#: known (not hole) bytes in ``pending``, ``evidence`` the completed 3/4-byte
#: characters with at most one byte from a hole, ``filled`` whether a hole or
#: an alternative byte was used.
_State = tuple[float, str, bytes, str, bool, int, int, bool]
_COST = operator.itemgetter(0)

#: What feeding a byte to a decoder state gives: more pending bytes, a UTF-8
#: character, or an ASCII character.
_PARTIAL, _UTF8, _ASCII = 0, 1, 2


@functools.lru_cache(maxsize=1 << 14)
def _transitions(pending: bytes, byte: int) -> tuple[int, int, tuple[bytes, ...], tuple[str, ...]]:
    """``(kind, need, partials, chars)``: the outcomes of feeding ``byte`` (or a
    hole) to a UTF-8 decoder holding ``pending``, in the order the bytes are tried.

    All outcomes of one feed are of one kind: new pending byte strings
    (``_PARTIAL``: ``partials``), or characters (``_UTF8``, ``_ASCII``:
    ``chars``).  ``need`` is the length of the sequence ``pending`` starts (0
    when it is empty).
    """
    if byte == HOLE:
        choices = _CONTINUATION if pending else HOLE_LEADS
    else:
        choices = (byte,)
    if not pending:
        if byte != HOLE and byte < 0x80:
            return _ASCII, 0, (), (chr(byte),)
        return _PARTIAL, 0, tuple(bytes((b,)) for b in choices if 0xC2 <= b <= 0xF4), ()
    need = 2 if pending[0] < 0xE0 else 3 if pending[0] < 0xF0 else 4
    seqs = [pending + bytes((b,)) for b in choices if 0x80 <= b <= 0xBF]
    if len(pending) + 1 < need:
        return _PARTIAL, need, tuple(seqs), ()
    chars = (_utf8_char(seq) for seq in seqs)
    return _UTF8, need, (), tuple(ch for ch in chars if ch is not None)


@functools.lru_cache(maxsize=1024)
def _fill_costs(prev: str, pending: bytes, byte: int) -> tuple[float, ...]:
    """``fill_cost(prev, ch)`` for each character that feeding ``byte`` (a hole)
    to ``pending`` completes, in order (memoized: a hole is filled after the
    same character in many states)."""
    return tuple([fill_cost(prev, ch) for ch in _transitions(pending, byte)[3]])


def _feed(states: list[_State], byte: int) -> list[_State]:
    """Feed one byte (or a hole) to each decoder state; the states it can lead
    to, in order."""
    out: list[_State] = []
    hole = byte == HOLE
    known = 0 if hole else 1
    cc = fill_cost
    for cost, text, pending, prev, changed, k0, ev, filled in states:
        kind, need, partials, chars = _transitions(pending, byte)
        filled = filled or hole
        if kind == _PARTIAL:
            kn = k0 + known
            out += [(cost, text, p, prev, changed, kn, ev, filled) for p in partials]
        elif kind == _UTF8:
            ev2 = ev + (need >= 3 and k0 + known >= need - 1)
            if len(chars) == 1:
                ch = chars[0]
                out.append((cost + cc(prev, ch), text + ch, b"", ch, True, 0, ev2, filled))
                continue
            out += [(cost + c, text + ch, b"", ch, True, 0, ev2, filled)
                    for ch, c in zip(chars, _fill_costs(prev, pending, byte), strict=True)]
        else:
            ch = chars[0]
            out.append((cost + cc(prev, ch), text + ch, b"", ch, changed, 0, ev, filled))
    return out


def _expand(states: list[_State], byte: int) -> tuple[list[_State], int]:
    """:func:`_feed`, then the in-token cap: the IN_TOKEN_CAP cheapest states
    (a stable sort), and how many there were before the cap (search work)."""
    trans = [_transitions(st[2], byte) for st in states]
    n = sum([len(t[2]) + len(t[3]) for t in trans])
    if n <= IN_TOKEN_CAP:
        return _feed(states, byte), n
    if any(t[0] != _PARTIAL for t in trans):
        return sorted(_feed(states, byte), key=_COST)[:IN_TOKEN_CAP], n
    # unfinished sequences cost what their parent did: the stable sort puts
    # the parents in order of cost and keeps each one's children in order,
    # so only the first IN_TOKEN_CAP of them need to be made
    hole = byte == HOLE
    known = 0 if hole else 1
    out: list[_State] = []
    for i in sorted(range(len(states)), key=lambda i: states[i][0]):
        cost, text, _, prev, changed, k0, ev, filled = states[i]
        filled = filled or hole
        take = trans[i][2][:IN_TOKEN_CAP - len(out)]
        out += [(cost, text, p, prev, changed, k0 + known, ev, filled) for p in take]
        if len(out) == IN_TOKEN_CAP:
            break
    return out, n


def _feed_known(st: _State, data: bytes) -> tuple[_State | None, int]:
    """Feed the known bytes ``data`` to one decoder state: the state they lead
    to (None if they are not UTF-8 there), and after how many of the bytes a
    state was still alive (the search work, as :func:`_feed` counts it)."""
    cost, text, pending, prev, changed, known, ev, filled = st
    n = 0
    for byte in data:
        kind, need, partials, chars = _transitions(pending, byte)
        if kind == _PARTIAL:
            if not partials:
                return None, n
            pending = partials[0]
            known += 1
        else:
            if not chars:
                return None, n
            ch = chars[0]
            if kind == _UTF8:
                ev += need >= 3 and known + 1 >= need - 1
                changed = True
            cost += fill_cost(prev, ch)
            text += ch
            pending = b""
            prev = ch
            known = 0
        n += 1
    return (cost, text, pending, prev, changed, known, ev, filled), n


def beam_decode(toks: list[Token], prev: str = "",
                budget: Budget | None = None) -> tuple[str, int, bool] | None:
    """Best UTF-8 decoding of a token run (keeping undecodable characters).

    Before each token the search gives up (None) if its work so far passes
    ``min(MAX_WORK, budget.remaining)``; the work it did is taken from
    ``budget`` either way.  The search itself is memoized (:func:`_beam_search`,
    which records its work at every such check), so a run seen before costs
    a look-up and spends the same budget.
    """
    limit = MAX_WORK if budget is None else min(MAX_WORK, budget.remaining)
    if limit < 0:
        return None  # gives up before the first token, having spent nothing
    result, checks, work = _beam_search(tuple(toks), prev)
    k = bisect.bisect_right(checks, limit)  # the first check past the limit
    if k < len(checks):
        result, work = None, checks[k]  # search budget spent: leave the run as it is
    if budget is not None:
        budget.remaining -= work
    return result


@functools.lru_cache(maxsize=1 << 14)
def _beam_search(toks: tuple[Token, ...], prev: str
                 ) -> tuple[tuple[str, int, bool] | None, tuple[int, ...], int]:
    """:func:`beam_decode` with the largest budget (MAX_WORK), memoized (pure):
    its result, its work at each token's budget check (non-decreasing), and
    its work in all."""
    beam: list[_State] = [(0.0, "", b"", prev, False, 0, 0, False)]
    work = 0
    checks: list[int] = []
    cc = fill_cost
    for tok in toks:
        checks.append(work)
        if work > MAX_WORK:
            return None, tuple(checks), work
        # states by (last two characters, pending bytes): the cheapest of each
        # key stays, in the place where the key was first offered (so that the
        # stable sort below breaks ties by that order); inlined three times
        # below, as this is the search's innermost loop
        nxt: dict[tuple[str, bytes], _State] = {}
        get = nxt.get
        keep_cost = HOLE_KEEP_COST if tok.hole else KEEP_COST
        char = tok.char
        plain = tok.plain
        data = tok.data
        for st in beam:
            if not st[2]:
                keep = (st[0] + cc(st[3], char) + keep_cost, st[1] + char, b"", char,
                        st[4], 0, st[6], st[7])
                key = (keep[1][-2:], b"")
                old = get(key)
                if old is None or keep[0] < old[0]:
                    nxt[key] = keep
            if plain:
                s1, n = _feed_known(st, data)
                work += n
                if s1 is not None:
                    key = (s1[1][-2:], s1[2])
                    old = get(key)
                    if old is None or s1[0] < old[0]:
                        nxt[key] = s1
                continue
            for k, opt in enumerate(tok.options):
                states = [st if k == 0 else (*st[:7], True)]
                for byte in opt:
                    states, n = _expand(states, byte)
                    work += n
                for s2 in states:
                    key = (s2[1][-2:], s2[2])
                    old = get(key)
                    if old is None or s2[0] < old[0]:
                        nxt[key] = s2
        # after a hole, keep every filling until its right neighbour has been
        # scored (測 is 10th by itself, 1st before 試)
        width = AFTERHOLE_WIDTH if tok.hole or len(tok.options) > 1 else BEAM_WIDTH
        beam = sorted(nxt.values(), key=_COST)[:width]
        if not beam:
            break
    return _best(beam), tuple(checks), work


def _best(beam: list[_State]) -> tuple[str, int, bool] | None:
    """The search's answer from its last beam: ``(text, evidence, filled)``,
    or None if the best decoding changes nothing."""
    if not beam:
        return None
    # a run cut short inside a sequence: complete it from its lead byte
    finished: list[_State] = [st for st in beam if not st[2]]
    for st in beam[:3]:
        if len(st[2]) < 2:
            continue  # only a lead byte left: too little to rebuild a character from
        states = [st]
        for _ in range(3):
            finished.extend(s for s in states if not s[2] and s is not st)
            states = sorted(_feed([s for s in states if s[2]], HOLE), key=_COST)[:BEAM_WIDTH]
            if not states:
                break
    if not finished:
        return None
    best = min(finished, key=lambda s: s[0] + UNCLOSED_COST * unclosed(s[1]))
    return (best[1], best[6], best[7]) if best[4] else None


#: Opening marks and the closing mark each needs.
_PAIRS = {"《": "》", "「": "」", "『": "』", "（": "）", "【": "】", "“": "”", "〈": "〉"}
#: Cost of a mark opened in a run and not closed by its end: a run that ends
#: in a hole after 《局外人 is 《局外人》, not 《局外人。
UNCLOSED_COST = 4.0


def unclosed(s: str) -> int:
    """How many opening marks in ``s`` are not closed after them."""
    open_marks: list[str] = []
    for ch in s:
        if ch in _PAIRS:
            open_marks.append(_PAIRS[ch])
        elif open_marks and ch == open_marks[-1]:
            open_marks.pop()
    return len(open_marks)


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_utf8_char, fill_cost, _transitions, _fill_costs, _beam_search)
