"""Whole lost characters: a hole where every byte of one character was lost.

A line wrap that split a UTF-8 character (both halves decoded with
``errors="replace"``: 2-3 U+FFFD), a lossy double decode (one U+FFFD), or a
writer whose code page lacked the character (one ``?``) leave a hole in
otherwise clean text: ``误用的�况``.  No byte of the character survives, so
every Han character of the language model's vocabulary is a candidate;
each is priced with the model between the characters before and after the
hole, and the cheapest is proposed when it beats the second by
:data:`LOST_MARGIN` (and, for ``?``, beats a real question mark by
:data:`KEEP_MARGIN`).  Otherwise the hole stays, and :func:`lost_findings`
reports it with the candidates and their costs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ..chars import HAN, is_han
from ..explain import Finding
from ..model import ngram
from ..model.tables import char_table
from .candidate import Candidate
from .scan import suspect_regex

KIND = "lost_character"

#: Marks a lost character may stand after (a ``?`` there is no question
#: mark: nothing asks a question right after 、 or an opening quote) ...
OPENING = "，。、：；“‘「『（《"
#: ... and before (a question mark before a closing mark, 吗?”, is left out).
CLOSING = "，。、：；）》"
#: A hole: 1-3 U+FFFD (one character split over a line wrap gives 2-3), or
#: one ``?``, with a Han character on at least one side (for ``?``, which is
#: also a real question mark: a Han character on one side and a Han character
#: or one of the marks above on the other; train records, one ``?`` per lost
#: character: 26% of the holes have such a mark on one side).  The lookahead in
#: front lets the regex engine skip to the next U+FFFD or ``?`` (4x on the
#: speed pages).
_HOLE = re.compile(f"(?=[\ufffd?])(?:(?<=[{HAN}])\ufffd{{1,3}}(?!\ufffd)"
                   f"|(?<!\ufffd)\ufffd{{1,3}}(?=[{HAN}])|(?<=[{HAN}])\\?(?=[{HAN}{CLOSING}])"
                   f"|(?<=[{OPENING}])\\?(?=[{HAN}]))")

#: The cheapest candidate must beat the second by this many nats to be
#: restored.  Measured on train records (250 holes per style, one character
#: in 50 lost): margin 3 restores 39-46% exactly and 1-4% wrongly, margin 4
#: 34-37% exactly and 0-2% wrongly, margin 5 27-32% and 0-1%.
LOST_MARGIN = 4.0
#: ... and a ``?`` by this many: it is far more often a question mark or a
#: lost mark (詹姆斯?喬伊斯 in a Big5 page lost its ·) than a lost Han
#: character.  Train records, ``?`` per character: margin 4 restores 37%
#: exactly and 0% wrongly, margin 6 24% and 0%.
QUESTION_MARGIN = 6.0
#: ... and by this many more where a mark stands on one side of the ``?``
#: (、?业自治 has half the context).  Train records, 654 ``?`` holes
#: (accuracy.py's first 300 samples): one-sided holes restored exactly /
#: wrongly with 0 more: 10 / 2, with 2: 5 / 1, with 4: 1 / 0 -- the rest are
#: kept and reported.
ONE_SIDED_MARGIN = 4.0
#: A ``?`` is a hole only if the cheapest character beats the ``?`` itself by
#: this many nats (吗?我 is a question; 哪里?置 is 设置).
KEEP_MARGIN = 6.0
#: What a hole may have been other than a Han character: a lost mark (a
#: name's middle dot in 詹姆斯?喬伊斯, a comma) competes with the candidates.
MARKS = "·，。、：；！？“”（）《》"
#: Candidates priced for a hole: the commonest so many Han characters of the
#: model's vocabulary.  Of 2000 characters lost from train records, 96.9%
#: are among the commonest 2000, 99.2% among 3000, 99.9% among 4000; with
#: 3000 instead of 2000, 1-3 points more holes are restored (margin 4), at
#: 1.5 times the cost (a hole costs one model pass per candidate).
CANDIDATES = 2000
#: A ``?`` is priced in full only if one of the PREFILTER commonest
#: characters comes within PREFILTER_SLACK nats of beating it by KEEP_MARGIN.
PREFILTER = 100
#: Candidates priced with the right context: the cheapest after the left one.
#: benchmarks/accuracy.py --quick --split train --kinds lost_characters, 137
#: holes: restored 32.7 / 11.8 / 21.6% (U+FFFD, ?, split) against 30.6 / 11.8 /
#: 21.6% when all 2000 are priced; wrong 2.0 / 0 / 2.7% against 2.0 / 0 / 0
#: (one hole); clean pages with ``?`` spent a third of repair() here before.
SHORTLIST = 200
PREFILTER_SLACK = 4.0
#: Characters of context scored on each side of the hole.
CONTEXT = 3
#: Holes assessed per text: a base plus one per so many characters (each
#: costs one model pass per candidate: bounded, linear in the text).
MAX_HOLES_BASE = 4
CHARS_PER_HOLE = 40
#: Candidates listed in a report of a kept hole.
REPORTED = 3


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the model makes of one hole."""

    start: int
    end: int
    ranked: tuple[tuple[str, float], ...]
    """The cheapest candidates and their costs (nats, hole and context)."""
    keep: float | None
    """The cost of the hole as it is (``?`` read as a question mark), or None."""

    other: float
    """The cheapest reading of the hole as a mark instead (·, ，, ...)."""
    one_sided: bool = False
    """A mark, not a Han character, stands on one side of the hole."""

    @property
    def margin(self) -> float:
        """How much the cheapest candidate beats the next one, Han or mark."""
        if not self.ranked:
            return 0.0
        second = min(self.ranked[1][1] if len(self.ranked) > 1 else self.other, self.other)
        return second - self.ranked[0][1]

    @property
    def is_hole(self) -> bool:
        """A lost character (U+FFFD always is; ``?`` when a character fits far better)."""
        return bool(self.ranked) and (self.keep is None
                                      or self.keep - self.ranked[0][1] >= KEEP_MARGIN)

    @property
    def needed(self) -> float:
        """The margin this hole's restoration needs."""
        if self.keep is None:
            return LOST_MARGIN
        return QUESTION_MARGIN + (ONE_SIDED_MARGIN if self.one_sided else 0.0)

    @property
    def restored(self) -> bool:
        return self.is_hole and self.margin >= self.needed

    def detail(self) -> str:
        cands = ", ".join(f"{c} {cost:.1f}" for c, cost in self.ranked[:REPORTED])
        keep = "" if self.keep is None else f"; as it is {self.keep:.1f}"
        if not self.is_hole:
            verdict = f"a question mark (a character would win by < {KEEP_MARGIN})"
        elif self.restored:
            verdict = f"margin {self.margin:.1f} ≥ {self.needed}"
        else:
            verdict = f"margin {self.margin:.1f} < {self.needed}: kept"
        return f"candidates {cands}; as a mark {self.other:.1f}{keep} (nats); {verdict}"


@functools.cache
def _candidates() -> tuple[str, ...]:
    """The CANDIDATES commonest Han characters of the model's vocabulary (its
    order is by frequency; built once per process)."""
    return tuple(c for c in ngram.model().vocab if is_han(c))[:CANDIDATES]


@functools.cache
def _candidate_ids() -> tuple[int, ...]:
    """The model's token ids of :func:`_candidates` (for ``NgramModel.steps``)."""
    ids = ngram.model().token_ids(_candidates())
    if ids is None:  # every candidate is a Han character of the vocabulary
        raise AssertionError("a lost-character candidate is not an ordinary token")
    return ids


@functools.cache
def _traditional() -> Mapping[str, str]:
    """Each simplified character's commonest traditional form (the model
    folds traditional text to simplified, so its candidates are simplified;
    Unihan kFrequency, then Big5, picks among several forms: 发 → 發)."""
    table = char_table()
    forms: dict[str, list[str]] = {}
    for t, simple in ngram.model().fold_map.items():
        forms.setdefault(simple, []).append(chr(t))
    return MappingProxyType({
        simple: min(ts, key=lambda t: (table.frequency.get(t, 9), t not in table.big5, t))
        for simple, ts in forms.items()})


#: Characters on each side looked at to tell traditional from simplified text.
SCRIPT_WINDOW = 40


def _is_traditional(text: str, start: int, end: int) -> bool:
    """Does the text around a hole use traditional forms more than simplified ones?"""
    return traditional(text[max(0, start - SCRIPT_WINDOW):start]
                       + text[end:end + SCRIPT_WINDOW])


def traditional(text: str) -> bool:
    """Does ``text`` use traditional forms more than simplified ones?"""
    fold = ngram.model().fold_map
    trad = _traditional()
    t = sum(1 for c in text if ord(c) in fold)
    s = sum(1 for c in text if c in trad and ord(c) not in fold)
    return t > s


@functools.lru_cache(maxsize=1 << 14)
def script_cost(ch: str, trad: bool) -> float:
    """What a character costs on top of the model for being of the other
    script than the text around it: the model folds 誤 to 误, so a filled
    hole's two forms tie, and the text's own script breaks the tie
    (memoized: pure)."""
    if ord(ch) in ngram.model().fold_map:
        return 0.0 if trad else SCRIPT_TIE_COST
    if ch in _traditional():
        return SCRIPT_TIE_COST if trad else 0.0
    return 0.0


#: Added to a character of the other script (far below any model difference).
SCRIPT_TIE_COST = 0.01


def may_have_holes(text: str) -> bool:
    """Cheap test: could :func:`holes` find anything in ``text``?"""
    return ("?" in text or "\ufffd" in text) and _HOLE.search(text) is not None


def holes(text: str) -> Iterator[tuple[int, int]]:
    """Spans of holes in clean context (no suspicious character nearby: inside
    mojibake a mark is a lost byte, :mod:`~textrepair.repair.lossy`'s)."""
    suspect = suspect_regex()
    for m in _HOLE.finditer(text):
        s, e = m.span()
        ctx = text[max(0, s - CONTEXT):s] + text[e:e + CONTEXT]
        if "\ufffd" in ctx or "?" in ctx or suspect.search(ctx) is not None:
            continue
        yield s, e


def assess(text: str, start: int, end: int) -> Assessment:
    """Price every candidate for the hole ``text[start:end]``."""
    ranked, keep, other = _priced(text[max(0, start - CONTEXT):start], text[start:end],
                                  text[end:end + CONTEXT], end + CONTEXT >= len(text),
                                  _is_traditional(text, start, end))
    one_sided = not (is_han(text[start - 1]) and end < len(text) and is_han(text[end])) \
        if start else True
    return Assessment(start, end, ranked, keep, other, one_sided)


@functools.lru_cache(maxsize=4096)
def _priced(before: str, hole: str, after: str, tail: bool, trad: bool
            ) -> tuple[tuple[tuple[str, float], ...], float | None, float]:
    """The cheapest candidates for a hole between ``before`` and ``after``,
    the cost of a ``?`` as it is, and of the cheapest mark (memoized: pure,
    and each repair pass asks again).  A ``?`` that the commonest
    characters do not come near is a question mark: the rest are not priced."""
    lm = ngram.model()
    left = lm.advance(before)[1]
    advance, end_cost = lm.advance, lm.end_cost

    def price(c: str) -> float:
        cost, state = advance(c + after, left)
        return cost + end_cost(state) if tail else cost

    keep = None
    cands = _candidates()
    ids = _candidate_ids()
    right = lm.token_ids(after)

    def prices(which: Sequence[int]) -> list[float]:
        """The price of each candidate ``cands[i]`` for ``i`` in ``which``
        (one pass of the model over them when ``after`` is ordinary text)."""
        if right is None:
            return [price(cands[i]) for i in which]
        return lm.prices(left, [ids[i] for i in which], right, tail)

    if hole == "?":
        # as a question mark, priced as the full-width one the running text
        # writes (the model has seen few ASCII ? between Han characters)
        keep = round(min(price("?"), price("？")), 2)
        if min(prices(range(PREFILTER))) > keep - KEEP_MARGIN + PREFILTER_SLACK:
            return (), keep, 0.0
    # priced in full only where the character fits after the left context:
    # the SHORTLIST cheapest by that one step (a full price reads the right
    # context too, ~20x the work of one step); the steps of all candidates
    # are one look-up per back-off level
    firsts = lm.step_costs(left, ids)
    short = sorted(range(len(cands)), key=firsts.__getitem__)[:SHORTLIST]
    scored = sorted(zip(prices(short), (cands[i] for i in short), strict=True))
    form = _traditional() if trad else {}
    ranked = tuple((form.get(c, c), round(cost, 2)) for cost, c in scored[:REPORTED + 1])
    return ranked, keep, round(min(map(price, MARKS)), 2)


def assessments(text: str) -> Iterator[Assessment]:
    """Every hole of ``text``, assessed (at most so many per text)."""
    limit = MAX_HOLES_BASE + len(text) // CHARS_PER_HOLE
    for k, (s, e) in enumerate(holes(text)):
        if k >= limit:
            return
        yield assess(text, s, e)


def lost_candidates(text: str) -> Iterator[Candidate]:
    """Restorations of the holes the model is sure of."""
    for a in assessments(text):
        if a.restored:
            yield Candidate(KIND, a.start, a.end, a.ranked[0][0],
                            f"whole character lost: {a.detail()}")


def lost_findings(text: str) -> list[Finding]:
    """The holes of ``text`` that stay: kind, span, candidates and costs."""
    out = []
    for a in assessments(text):
        if a.is_hole and not a.restored:
            out.append(Finding(KIND, a.start, a.end, round(min(a.margin / LOST_MARGIN, 1.0), 3),
                               False, text[max(0, a.start - 4):a.end + 4], a.detail()))
    return out


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_candidates, _candidate_ids, _traditional, script_cost, _priced)
