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

#: 锟斤拷 runs, MSVC debug fill (烫 0xCC, 屯 0xCD) four or more times, or twice
#: or more at the end of a line right after a sentence ends (烫烫 is "very hot"
#: inside a sentence, never after its full stop), U+FFFD runs.
GARBAGE = re.compile(r"(?:锟斤拷)+锟?|(?:烫){4,}|(?:屯){4,}"
                     r"|(?<=[。！？；.!?;”」])(?:烫{2,}|屯{2,})(?=\r?\n|$)|\ufffd+")
#: Signatures of different mechanisms; a text with two of them (锟斤拷 and a
#: run of 烫/屯 or 锘) is about mojibake, quoting it, not damaged by it.
_SIGNATURES = (re.compile("锟斤拷"), re.compile("烫{3,}|屯{3,}"), re.compile("锘{2,}"))


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
#: Suspicious characters within 8 of a 锟斤拷 or 烫/屯 run that make its
#: context damaged rather than clean (one is a name or a rare mark: 婢, ―);
#: a U+FFFD is kept beside any (鈥� is a UTF-8 character that lost a byte).
CONTEXT_HITS = 2
#: Characters that garbage starts with (a quick test before the pattern: one
#: C-speed search, no set of the text's characters).
GARBAGE_START = re.compile("[锟烫屯\ufffd]")
_HAN_CHAR = re.compile(f"[{HAN_URO}]")


def garbage_edits(text: str) -> list[Judged]:
    """Removals of the garbage runs that stand in clean text (no margin: nothing
    is guessed, so there is nothing to judge)."""
    out: list[Judged] = []
    if sum(1 for sig in _SIGNATURES if sig.search(text)) >= 2:
        return out  # 手持两把锟斤拷，口中疾呼烫烫烫: a text about mojibake
    for s, e, kind in garbage_spans(text):
        # remove only where the text around it is clean Chinese or ASCII
        ctx = text[max(0, s - 8):s] + text[e:e + 8]
        if kind == "replacement_char" and ("\ufffd" in ctx or _HAN_CHAR.search(ctx) is None):
            continue  # a lone U+FFFD is removed from Chinese text only (ftfy keeps it too)
        if kind == "replacement_char" and e - s <= MAX_LOST_RUN and (
                _HAN_CHAR.match(text, max(0, s - 1)) or _HAN_CHAR.match(text, e)):
            continue  # a lost character next to Han: restored or kept (lostchar)
        hits = len(suspect_regex().findall(ctx.replace("\ufffd", "")))
        if hits >= (1 if kind == "replacement_char" else CONTEXT_HITS):
            continue  # mojibake nearby: the garbage belongs to damage being repaired
        cand = Candidate(kind, s, e, "", "irrecoverable: removed")
        before = score(text[s:e])
        out.append(Judged(cand, before, Score(0.0, 0)))
    return out
