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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..chars import HAN, is_han
from ..explain import Finding
from ..model import ngram
from ..model.tables import char_table
from .candidate import Candidate
from .scan import suspect_regex

KIND = "lost_character"

#: A hole: 1-3 U+FFFD (one character split over a line wrap gives 2-3), or
#: one ``?``, with a Han character on at least one side (both for ``?``,
#: which is also a real question mark).
_HOLE = re.compile(f"(?<=[{HAN}])\ufffd{{1,3}}(?!\ufffd)|(?<!\ufffd)\ufffd{{1,3}}(?=[{HAN}])"
                   f"|(?<=[{HAN}])\\?(?=[{HAN}])")

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
#: A ``?`` is a hole only if the cheapest character beats the ``?`` itself by
#: this many nats (吗?我 is a question; 哪里?置 is 设置).
KEEP_MARGIN = 6.0
#: What a hole may have been other than a Han character: a lost mark (a
#: name's middle dot in 詹姆斯?喬伊斯, a comma) competes with the candidates.
MARKS = "·，。、：；！？“”（）《》"
#: Characters of context scored on each side of the hole.
CONTEXT = 3
#: Holes assessed per text: a base plus one per so many characters (each
#: costs one model pass per candidate: bounded, linear in the text).
MAX_HOLES_BASE = 8
CHARS_PER_HOLE = 20
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

    @property
    def margin(self) -> float:
        """How much the cheapest candidate beats the next one, Han or mark."""
        second = min(self.ranked[1][1] if len(self.ranked) > 1 else self.other, self.other)
        return second - self.ranked[0][1]

    @property
    def is_hole(self) -> bool:
        """A lost character (U+FFFD always is; ``?`` when a character fits far better)."""
        return self.keep is None or self.keep - self.ranked[0][1] >= KEEP_MARGIN

    @property
    def needed(self) -> float:
        """The margin this hole's restoration needs."""
        return LOST_MARGIN if self.keep is None else QUESTION_MARGIN

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
    """The Han characters of the model's vocabulary (built once per process)."""
    return tuple(c for c in ngram.model().vocab if is_han(c))


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
    fold = ngram.model().fold_map
    trad = _traditional()
    window = text[max(0, start - SCRIPT_WINDOW):start] + text[end:end + SCRIPT_WINDOW]
    t = sum(1 for c in window if ord(c) in fold)
    s = sum(1 for c in window if c in trad and ord(c) not in fold)
    return t > s


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
    lm = ngram.model()
    left = lm.advance(text[max(0, start - CONTEXT):start])[1]
    right = text[end:end + CONTEXT]
    tail = end + CONTEXT >= len(text)
    advance, end_cost = lm.advance, lm.end_cost
    scored = []
    for c in _candidates():
        cost, state = advance(c + right, left)
        scored.append((cost + end_cost(state) if tail else cost, c))
    scored.sort()
    form = _traditional() if _is_traditional(text, start, end) else {}
    ranked = tuple((form.get(c, c), round(cost, 2)) for cost, c in scored[:REPORTED + 1])
    other = min(advance(c + right, left)[0] for c in MARKS)
    keep = None
    if text[start:end] == "?":
        # as a question mark, priced as the full-width one the running text
        # writes (the model has seen few ASCII ? between Han characters)
        for mark in "?？":
            cost, state = advance(mark + right, left)
            cost = round(cost + end_cost(state) if tail else cost, 2)
            keep = cost if keep is None else min(keep, cost)
    return Assessment(start, end, ranked, keep, round(other, 2))


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
CACHES = (_candidates, _traditional)
