"""Misaligned double-byte text: a GBK byte lost or inserted, and the pinyin
converter that cuts characters in half (field notes §3).

When one byte of a GBK stream is lost or added, every pair after it is read
one byte off until an ASCII byte realigns the decoder (``颐堑木�济发展``).
Re-encoding the run and dropping its first byte (or putting back a lost lead
byte) realigns it.  A lone lead byte left at the end of the run lost its
trail byte; when the run is followed by a pinyin annotation ``(biāo)`` the
reading tells which character it was (0x98 + ? reading biāo → 標, 98CB).

The pinyin converter also inserts ``(pinyin)`` after a byte pair that
straddles two characters; the ``(`` and the orphaned byte become ``?``:
``政府?dāng)?shù)字`` is 政府數(shù)字 (AE94 = 當 dāng, 94B5 = 數 shù).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ..chars import HAN_BMP
from ..explain import Finding
from ..model.score import score
from ..model.tables import char_table
from ..pinyin import SYLLABLE, is_reading, nfc
from .bytemaps import decode_strict, encode_char, encode_text, lenient_decode
from .candidate import Candidate
from .scan import suspicious_windows

#: A shifted run must cost this much less per character than the run as it
#: stands (the seed's `。ㄔ瓨` → `（原?` gains 4.5).
SHIFT_MARGIN = 2.5
#: Longest run searched for a shift (search budget).
MAX_SHIFT_RUN = 80

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")
_ANNOTATION_AFTER = re.compile(rf"\(({SYLLABLE})\)")
INSERTION = re.compile(rf"(?<=[{HAN_BMP}])\?({SYLLABLE})\)\?({SYLLABLE})\)")


def _pair(a: int, b: int) -> str | None:
    out = decode_strict(bytes((a, b)), "gbk")
    return out if out is not None and len(out) == 1 and ord(out) > 0x7F else None


@functools.cache
def _by_lead_and_reading(lead: int, syllable: str) -> tuple[str, ...]:
    """GBK characters with this lead byte that read ``syllable``, commonest first."""
    table = char_table()
    found = []
    for trail in (*range(0x40, 0x7F), *range(0x80, 0xFF)):
        ch = _pair(lead, trail)
        if ch is not None and is_reading(ch, syllable):
            found.append(ch)
    return tuple(sorted(found, key=lambda c: (c not in table.simplified,
                                              table.cost.get(c, 99.0))))


def shift_one(run: str) -> str | None:
    """Re-read ``run`` as GBK one byte later; None when it cannot be encoded."""
    data = encode_text(run, "gbk")
    if data is None or len(data) < 3:
        return None
    return lenient_decode(data[1:], "gbk", decoder="windows")


def _realign(run: str, annotation: str | None) -> str | None:
    """``run`` shifted by one byte; a last lone lead byte is completed from the
    pinyin ``annotation`` that follows the run (or dropped if there is none)."""
    data = encode_text(run, "gbk")
    if data is None or len(data) < 3:
        return None
    body = data[1:]
    tail = ""
    if len(body) % 2:
        lead = body[-1]
        body = body[:-1]
        if annotation is None:
            return None
        options = _by_lead_and_reading(lead, annotation)
        if not options:
            return None
        tail = options[0]
    out = decode_strict(body, "gbk")
    if out is None:
        return None
    return out + tail


def shift_candidates(text: str, start: int, end: int) -> Iterator[Candidate]:
    """Realignment candidates for the non-ASCII runs of ``text[start:end]``."""
    for m in _NON_ASCII_RUN.finditer(text, start, end):
        a, b = m.span()
        if b - a > MAX_SHIFT_RUN:
            continue
        ann = _ANNOTATION_AFTER.match(text, b)
        new = _realign(m.group(), nfc(ann.group(1)) if ann else None)
        if new:
            yield Candidate("misaligned_gbk", a, b, new,
                            "GBK bytes re-read one byte later" +
                            ("; lost trail byte from the pinyin that follows" if ann else ""))


def insertion_candidates(text: str) -> Iterator[Candidate]:
    """``X?p1)?p2)`` → ``Y(p2)``: the pinyin converter's cut character, rebuilt
    from the two readings (GBK(X's trail, y1) reads p1; GBK(y1, y2) reads p2)."""
    for m in INSERTION.finditer(text):
        before = encode_char(text[m.start() - 1], "gbk")
        if before is None or len(before) != 2:
            continue
        p1, p2 = nfc(m.group(1)), nfc(m.group(2))
        found: list[str] = []
        for y1 in range(0x81, 0xFF):
            straddle = _pair(before[1], y1)
            if straddle is None or not is_reading(straddle, p1):
                continue
            found.extend(_by_lead_and_reading(y1, p2))
        if found:
            yield Candidate("pinyin_insertion", m.start(), m.end(), f"{found[0]}({p2})",
                            f"pinyin converter cut a character: {m.group(1)} and {m.group(2)} "
                            "are readings of the straddling pair and of the character")


def misaligned_findings(text: str, covered: list[tuple[int, int]]) -> Iterator[Finding]:
    """Findings for runs that read much better shifted by one byte."""
    for reg in suspicious_windows(text):
        s, e = reg.start, reg.end
        for m in _NON_ASCII_RUN.finditer(text, s, e):
            a, b = m.span()
            if any(x < b and a < y for x, y in covered):
                continue
            if len(set(m.group())) == 1:
                continue  # ──────── or ～～～～ are decoration, not damage
            shifted = shift_one(m.group())
            if shifted is None:
                continue
            if any(c.isascii() and c.isalnum() for c in shifted):
                continue  # a trail byte read as a letter: the shift is wrong
            before, after = score(m.group()).mean, score(shifted.replace("?", "")).mean
            if before - after >= SHIFT_MARGIN:
                yield Finding("misaligned_gbk", a, b, 0.7, False, m.group()[:40],
                              f"shifted one byte: {shifted[:40]!r}")


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_by_lead_and_reading,)
