"""Edits as the normalizers find them, and the spans they must leave alone.

A normalizer scans a text once and returns :class:`Edit` tuples in that
text's positions (sorted, not overlapping).  Applying them is one join; only
``explain()`` turns them into :class:`~textrepair.explain.Step` objects, and
``clean()`` only counts their kinds.  :class:`Kept` holds the spans no
normalizer may touch (damage the repair stage left in the text) and follows
them through the edits.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..explain import Step, apply_edits


class Edit(NamedTuple):
    """Replace ``text[start:end]`` by ``after`` (a normalization of ``kind``)."""

    start: int
    end: int
    after: str
    kind: str
    rule: str


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with sorted, non-overlapping ``edits`` applied."""
    if not edits:
        return text
    out: list[str] = []
    pos = 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def to_steps(text: str, edits: Sequence[Edit]) -> tuple[str, list[Step]]:
    """``edits`` applied, and the replayable steps that do it."""
    return apply_edits(text, [Step(e.kind, e.start, e.end, text[e.start:e.end], e.after, e.rule,
                                   stage="normalize") for e in edits])


class Kept:
    """Spans that no normalizer changes (the damage the repair stage left).

    ``items`` are the spans as given (sorted; they may overlap or be empty),
    followed one by one through the edits; :meth:`hits` asks their union.
    """

    __slots__ = ("ends", "items", "starts")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.items = sorted(spans)
        starts: list[int] = []
        ends: list[int] = []
        for s, e in self.items:
            if e <= s:
                continue
            if ends and s < ends[-1]:
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        self.starts = starts
        self.ends = ends

    def __bool__(self) -> bool:
        return bool(self.items)

    def hits(self, start: int, end: int) -> bool:
        """True if ``[start, end)`` overlaps a kept span."""
        if not self.starts:
            return False
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start

    def drop(self, edits: Iterable[Edit]) -> list[Edit]:
        """The edits that touch no kept span."""
        if not self.starts:
            return list(edits)
        return [e for e in edits if not self.hits(e.start, e.end)]

    def through(self, edits: Sequence[Edit]) -> Kept:
        """The spans in the text after sorted ``edits`` (which touch none of them)."""
        if not self.items or not edits:
            return self
        ends = [e.end for e in edits]
        shifts = [0, *itertools.accumulate(len(e.after) - (e.end - e.start) for e in edits)]
        return Kept((s + shifts[bisect.bisect_right(ends, s)],
                     e + shifts[bisect.bisect_right(ends, s)]) for s, e in self.items)

    def through_steps(self, steps: Sequence[Step]) -> Kept:
        """The spans after sequential ``steps``; a span a step cuts into keeps
        what is left of it (perhaps nothing: an empty span)."""
        if not self.items or not steps:
            return self
        spans = self.items
        for st in steps:
            delta = len(st.after) - (st.end - st.start)
            moved: list[tuple[int, int]] = []
            for s, e in spans:
                if e <= st.start:
                    moved.append((s, e))
                elif s >= st.end:
                    moved.append((s + delta, e + delta))
                else:
                    a = s if s < st.start else st.end + delta
                    b = e + delta if e > st.end else st.start
                    moved.append((a, max(a, b)))
            spans = moved
        return Kept(spans)
