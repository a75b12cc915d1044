"""Whole repairs only: a repaired span may not be left beside mojibake.

A word of mojibake is repaired as a whole or left as it was.  When, after the
last pass, characters that are still mojibake stand right next to a repaired
span (``召开`` → ``召寮�``: the first character repaired, the second left as
it was), the repair of that span is withdrawn: it is given back as it was,
so that the unrepaired damage stays in one piece that a later, better repair
can still undo; ``explain`` shows the withdrawal as a step of its own (rule
``withdrawn: ...``).  Only the part of the span up to the nearest point where
its bytes and the mojibake's align (a character or two) is withdrawn, not the
paragraph around it.

"Still mojibake" is what the scan finds (:func:`~textrepair.repair.scan.suspect_regex`)
in text no repair touched: two suspicious characters within
:data:`~textrepair.repair.scan.CLUSTER_GAP` of each other, or one of a class
that real text does not put beside Chinese (Latin-1 letters, box drawing,
half-width katakana, private use, symbols, controls).  A single rare Han
character or a single hole is not: names are rare, and a lost character
whose hole is kept is reported, not residue.  :func:`kept_mojibake` is the
same test inside a candidate (characters it kept from the span it replaces).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from ..explain import Step, apply_edits
from ..model.score import REAL_TEXT_MEAN, state_machine
from .bytemaps import encode_char
from .kinds import LAYER_OF
from .scan import CLUSTER_GAP, hit_class, suspect_regex

#: Classes of a suspicious character that are residue even alone.
RESIDUE_ALONE = frozenset({"latin", "box", "kana", "cjk", "control"})
#: ... of class ``cjk`` only these: private use (GBK/Big5 user-defined
#: areas), Greek, Cyrillic, bopomofo and the vertical forms of the GBK symbol
#: rows (not emoji, surrogates or other symbols a text may have of its own).
_CJK_RESIDUE = ((0xE000, 0xF8FF), (0x0370, 0x03FF), (0x0400, 0x04FF), (0x3100, 0x312F),
                (0xFE30, 0xFE4F))


def _alone(ch: str, cls: str, alone: frozenset[str]) -> bool:
    """A suspicious character that is residue even without another beside it."""
    if cls != "cjk":
        return cls in alone
    o = ord(ch)
    return "cjk" in alone and any(a <= o <= b for a, b in _CJK_RESIDUE)
#: Characters on each side of a repaired span looked at for residue.
NEIGHBOURHOOD = CLUSTER_GAP + 1


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of the repaired text: ``text`` stands for ``original[start:end]``;
    ``kinds`` are the repairs that made it (empty: untouched)."""

    start: int
    end: int
    text: str
    kinds: tuple[str, ...] = ()


def _apply(pieces: list[Piece], st: Step) -> list[Piece]:
    """The pieces after one step (its span in the text the pieces make)."""
    s, e = st.start, st.end
    before: list[Piece] = []
    touched: list[tuple[int, Piece]] = []
    after: list[Piece] = []
    pos = 0
    for p in pieces:
        a, b = pos, pos + len(p.text)
        pos = b
        if (a < e and b > s) if s < e else (a < s < b):
            touched.append((a, p))
        elif not touched and b <= s:
            before.append(p)
        else:
            after.append(p)
    if not touched:  # an insertion between two pieces (or at the end)
        at = before[-1].end if before else 0
        return [*before, Piece(at, at, st.after, (st.kind,)), *after]
    (fa, f), (la, last) = touched[0], touched[-1]
    head, tail = f.text[:s - fa], last.text[e - la:]
    start, end = f.start, last.end
    if not f.kinds and head:  # split the untouched piece
        before.append(Piece(f.start, f.start + len(head), head))
        start, head = f.start + len(head), ""
    if not last.kinds and tail:
        end = last.end - len(tail)
        after.insert(0, Piece(end, last.end, tail))
        tail = ""
    kinds = (*dict.fromkeys(k for _, p in touched for k in p.kinds), st.kind)
    return [*before, Piece(start, end, head + st.after + tail, kinds), *after]


def compose(original: str, steps: list[Step]) -> list[Piece]:
    """The pieces of the text that replaying ``steps`` on ``original`` gives."""
    pieces = [Piece(0, len(original), original)]
    for st in steps:
        pieces = _apply(pieces, st)
    return pieces


def _untouched_hits(text: str, lo: int, hi: int, touched: list[tuple[int, int]]
                    ) -> list[tuple[int, str, str]]:
    out = []
    for m in suspect_regex().finditer(text, lo, hi):
        p = m.start()
        if any(a <= p < b for a, b in touched):
            continue
        cls = hit_class(m.group())
        if cls != "escape":
            out.append((p, m.group(), cls))
    return out


def _beside(hits: list[tuple[int, str, str]], s: int, e: int, alone: frozenset[str]
            ) -> tuple[bool, bool]:
    """Residue within NEIGHBOURHOOD of the span ``[s, e)``: (on its left, on its right)."""
    left = right = False
    near = [h for h in hits if s - NEIGHBOURHOOD <= h[0] < e + NEIGHBOURHOOD]
    for k, (p, ch, c) in enumerate(near):
        bad = _alone(ch, c, alone) or (k and p - near[k - 1][0] <= CLUSTER_GAP) or (
            k + 1 < len(near) and near[k + 1][0] - p <= CLUSTER_GAP)
        if bad:
            if p < s:
                left = True
            else:
                right = True
    return left, right


def _sync(old: str, new: str, kind: str) -> list[tuple[int, int]]:
    """Points (i, j) where ``old[:i]`` and ``new[:j]`` are the same bytes under
    ``kind``'s layer (both ends included); just the ends if there is no layer
    or the bytes cannot be matched (lost bytes, stacked layers)."""
    layer = LAYER_OF.get(kind)
    ends = [(0, 0), (len(old), len(new))]
    if layer is None:
        return ends
    ob = [encode_char(c, layer.misread) for c in old]
    nb = [encode_char(c, layer.wrote) for c in new]
    if None in ob or None in nb or b"".join(b or b"" for b in ob) != b"".join(
            b or b"" for b in nb):
        return ends
    at_new = {n: j for j, n in enumerate(itertools.accumulate((len(b or b"") for b in nb),
                                                              initial=0))}
    out = []
    for i, n in enumerate(itertools.accumulate((len(b or b"") for b in ob), initial=0)):
        if n in at_new:
            out.append((i, at_new[n]))
    return out


def _withdrawn_parts(original: str, p: Piece, side: tuple[bool, bool]
                     ) -> list[tuple[int, int, int, int]]:
    """The parts of piece ``p`` to give back, as (new start, new end, original
    start, original end) relative to the piece: on each side that stands
    beside residue, the stretch between the edge and the nearest point where
    old and new text align (all of it when there is no such point)."""
    old = original[p.start:p.end]
    if len(p.kinds) == 1:
        pts = _sync(old, p.text, p.kinds[0])
    else:
        pts = [(0, 0), (len(old), len(p.text))]
    left, right = side
    parts = []
    if left:
        i, j = pts[1]
        parts.append((0, j, 0, i))
    if right:
        i, j = pts[-2]
        parts.append((j, len(p.text), i, len(old)))
    if len(parts) == 2 and parts[0][1] > parts[1][0]:
        return [(0, len(p.text), 0, len(old))]
    if len(parts) == 2 and parts[0][1] == parts[1][0]:
        return [(0, len(p.text), 0, len(old))]
    return parts


def withdraw(original: str, text: str, steps: list[Step], checked: Mapping[str, bool]
             ) -> tuple[str, list[Step]]:
    """``text`` (what ``steps`` made of ``original``) with the part of every
    repaired span that stands beside residue given back as it was, and the
    steps that do it.

    ``checked``: the kinds whose spans are looked at, each with whether it may
    stand beside Latin-1 letters (UTF-8 read as cp1252 is as often European
    text, whose accented letters are no residue; counting them as residue
    beside Chinese repairs too was measured: utf8_as_cp1252 python replace
    CER 41% → 68%, mysql 49% → 63%, no exact gain, accuracy.py --quick)."""
    pieces = compose(original, steps)
    spans: list[tuple[int, int]] = []
    pos = 0
    for p in pieces:
        spans.append((pos, pos + len(p.text)))
        pos += len(p.text)
    touched = [sp for p, sp in zip(pieces, spans, strict=True) if p.kinds]
    edits: list[Step] = []
    for p, (s, e) in zip(pieces, spans, strict=True):
        latin_ok = [checked[k] for k in p.kinds if k in checked]
        if not latin_ok or len(latin_ok) < len(p.kinds):
            continue  # untouched, or partly a repair that is exact where it applies
        hits = _untouched_hits(text, max(0, s - NEIGHBOURHOOD), e + NEIGHBOURHOOD, touched)
        alone = RESIDUE_ALONE - {"latin"} if all(latin_ok) else RESIDUE_ALONE
        side = _beside(hits, s, e, alone) if hits else (False, False)
        if not side[1] and _cut_utf8_after(text, e, p.kinds, touched):
            side = (side[0], True)
        if side[0] or side[1]:
            parts = _withdrawn_parts(original, p, side)
            given = "".join(original[p.start + i:p.start + j] for a, _, i, j in parts if a == 0)
            if not _rest_reads_as_text(text[:s] + given, p.text, parts):
                parts = [(0, len(p.text), 0, p.end - p.start)]
            for a, b, i, j in parts:
                edits.append(Step(p.kinds[-1], s + a, s + b, text[s + a:s + b],
                                  original[p.start + i:p.start + j],
                                  "withdrawn: mojibake left beside it, kept as it was"))
    if not edits:
        return text, []
    return apply_edits(text, edits)


def _cut_utf8_after(text: str, e: int, kinds: tuple[str, ...],
                    touched: list[tuple[int, int]]) -> bool:
    """Whether the character right after a repair of UTF-8 (read as a
    double-byte code page) is that reading of a UTF-8 character cut short: a
    three-byte lead and one continuation byte (寮 = E5 BC after 召 in
    召开 with the last byte of 开 lost).  Such a character that the repair
    did not take is its unrepaired rest."""
    if e >= len(text) or any(a <= e < b for a, b in touched):
        return False
    for k in kinds:
        layer = LAYER_OF.get(k.split("+")[0].removesuffix("_lossy"))
        if layer is None or layer.wrote != "utf-8" or layer.misread in ("latin-1", "cp1252"):
            continue
        b = encode_char(text[e], layer.misread)
        if b is not None and len(b) == 2 and 0xE0 <= b[0] <= 0xEF and 0x80 <= b[1] <= 0xBF:
            return True
    return False


#: Characters of left context a rest is read after (as judge.CONTEXT).
CONTEXT = 2
#: Rests of a partial withdrawal this long or shorter are read again: the
#: judge's short-text allowance (judge.SHORT_TEXT_ALLOWANCE / length, 5.5)
#: lifts its limit above REAL_TEXT_MEAN only for candidates under 5.5
#: characters; a longer rest met the criterion nearly without it.
REST_CHECKED_MAX = 5


def _rest_reads_as_text(left: str, new: str, parts: list[tuple[int, int, int, int]]) -> bool:
    """Whether what a partial withdrawal leaves of a repair (``new`` less the
    ``parts`` given back, after ``left``, the text that will precede it) still
    reads as real text (mean cost in context at most REAL_TEXT_MEAN); if not,
    the whole repair is given back: 令枢逃 from mojibake between mojibake
    loses 令, and 枢逃 after 鍔 is no text either."""
    keep = [True] * len(new)
    for a, b, _, _ in parts:
        keep[a:b] = [False] * (b - a)
    rest = "".join(c for c, k in zip(new, keep, strict=True) if k)
    if not rest or len(rest) > REST_CHECKED_MAX:
        return True
    m = state_machine()
    return m.advance(rest, m.advance(left[-CONTEXT:])[1])[0] / len(rest) <= REAL_TEXT_MEAN


def foreign_residue(text: str) -> bool:
    """Whether ``text`` has mojibake that is no European text's: box drawing,
    half-width katakana, C1 controls, private use (what GBK, Big5 or cp932
    readers leave); for fixes in ftfy's domain, which must leave none."""
    for m in suspect_regex().finditer(text):
        cls, o = hit_class(m.group()), ord(m.group())
        if cls in ("box", "kana", "control") or (cls == "cjk" and 0xE000 <= o <= 0xF8FF):
            return True
    return False


def kept_mojibake(old: str, after: str) -> bool:
    """``after`` keeps mojibake of ``old``: a character of a class in
    RESIDUE_ALONE that ``old`` has too, or a hole beside another suspicious
    character (寮� in 召寮�); a hole on its own may be a kept lost character."""
    hits = [(m.start(), m.group(), hit_class(m.group())) for m in suspect_regex().finditer(after)]
    for k, (p, ch, cls) in enumerate(hits):
        if _alone(ch, cls, RESIDUE_ALONE) and ch in old:
            return True
        if cls == "hole" and ((k and p - hits[k - 1][0] == 1)
                              or (k + 1 < len(hits) and hits[k + 1][0] == p + 1)):
            return True
    return False
