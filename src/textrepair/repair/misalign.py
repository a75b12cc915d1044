"""Misaligned double-byte text: a GBK byte lost or inserted.

When one byte of a GBK stream is lost or added, every pair after it is read
one byte off until an ASCII byte realigns the decoder (``颐堑木�济发展``).
Re-encoding the run and dropping its first byte realigns it, but leaves the
last character without its trail byte: such runs are reported, not
repaired.  (The pinyin converter's misaligned sites, where a reading names
the lost byte, are :mod:`textrepair.repair.converter`'s.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..explain import Finding
from ..model.score import score
from .bytemaps import encode_text, lenient_decode
from .scan import suspicious_windows

#: A shifted run must cost this much less per character than the run as it
#: stands (the seed's `。ㄔ瓨` → `（原?` gains 4.5).
SHIFT_MARGIN = 2.5

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")


def shift_one(run: str) -> str | None:
    """Re-read ``run`` as GBK one byte later; None when it cannot be encoded."""
    data = encode_text(run, "gbk")
    if data is None or len(data) < 3:
        return None
    return lenient_decode(data[1:], "gbk", decoder="windows")


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
CACHES = ()
