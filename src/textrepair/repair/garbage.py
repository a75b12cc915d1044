"""Irrecoverable garbage: 锟斤拷, 烫烫烫烫, 屯屯屯屯 and U+FFFD runs, removed
where the text around them is clean."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..chars import HAN_URO
from ..model.score import Score, score
from .candidate import Candidate
from .judge import Judged
from .scan import suspect_regex

GARBAGE = re.compile(r"(?:锟斤拷)+锟?|(?:烫){4,}|(?:屯){4,}|\ufffd+")


def garbage_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of irrecoverable runs: 锟斤拷, 烫烫烫烫, 屯屯屯屯, U+FFFD."""
    for m in GARBAGE.finditer(text):
        g = m.group()
        if g.startswith("锟"):
            kind = "kunjinkao"
        elif g.startswith(("烫", "屯")):
            kind = "debug_fill"
        else:
            kind = "replacement_char"
        yield m.start(), m.end(), kind


#: U+FFFD runs this short next to a Han character are one lost character
#: (a UTF-8 character split by a line wrap leaves 2-3), not garbage.
MAX_LOST_RUN = 3
#: Characters that garbage starts with (a quick test before the pattern).
GARBAGE_CHARS = frozenset("锟烫屯\ufffd")
_HAN_CHAR = re.compile(f"[{HAN_URO}]")


def garbage_edits(text: str) -> list[Judged]:
    """Removals of the garbage runs that stand in clean text (no margin: nothing
    is guessed, so there is nothing to judge)."""
    out = []
    for s, e, kind in garbage_spans(text):
        # remove only where the text around it is clean Chinese or ASCII
        ctx = text[max(0, s - 8):s] + text[e:e + 8]
        if kind == "replacement_char" and ("\ufffd" in ctx or _HAN_CHAR.search(ctx) is None):
            continue  # a lone U+FFFD is removed from Chinese text only (ftfy keeps it too)
        if kind == "replacement_char" and e - s <= MAX_LOST_RUN and (
                _HAN_CHAR.match(text, max(0, s - 1)) or _HAN_CHAR.match(text, e)):
            continue  # a lost character next to Han: restored or kept (lostchar)
        if suspect_regex().search(ctx.replace("\ufffd", "")):
            continue
        cand = Candidate(kind, s, e, "", "irrecoverable: removed")
        before = score(text[s:e])
        out.append(Judged(cand, before, Score(0.0, 0)))
    return out
