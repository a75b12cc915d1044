"""Find suspicious spans fast, so that clean text costs almost nothing.

The fast path is one regular-expression scan: a character class of every
character that is unremarkable in Chinese web text (ASCII, CJK punctuation,
full-width forms, kana, and the Han characters common enough in the jieba
counts), negated, plus a few ASCII triggers (entities, escapes, ``?`` after a
Han character).  Only the windows around a match are looked at further.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .score import CJK_PUNCT
from .tables import CharTable, char_table

#: Han characters with a jieba-weighted count at or above this are "common"
#: and never trigger the slow path on their own.  At 3000 every character of
#: the 200 UTF-8-as-GBK samples in benchmarks/accuracy.py still contains at
#: least one rarer character, while 99.6% of lines of the clean corpora pass.
COMMON_MIN_COUNT = 3000

#: Symbols common in Chinese web text that no mojibake kind needs as a sign.
COMMON_SYMBOLS = "·—…‘’“”•€°×÷～□■○●◆◇★☆※→←↑↓√①②③④⑤⑥⑦⑧⑨⑩﹐﹑﹒﹔﹕﹖﹗"


def _gbk_lead(ch: str) -> int:
    try:
        return ch.encode("gbk")[0]
    except UnicodeEncodeError:
        return 0


def _utf8_lead_pair(ch: str) -> bool:
    """True if ``ch`` in GBK is a UTF-8 three-byte lead plus a continuation byte."""
    try:
        b = ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xE0 <= b[0] <= 0xEF and 0x80 <= b[1] <= 0xBF


def _is_common(table: CharTable, ch: str) -> bool:
    """A Han character that never triggers the slow path on its own.

    GB 2312 level 1 (GBK lead bytes B0-D7), characters above
    COMMON_MIN_COUNT and traditional forms of either are common, except those
    whose GBK bytes are a UTF-8 three-byte lead followed by a continuation
    byte: the first character of every UTF-8-read-as-GBK pair is one of them
    (涓, 鐢, 銆), so they must stay visible.
    """
    if _utf8_lead_pair(ch):
        return False
    base = table.simplified.get(ch, ch)
    if 0xB0 <= _gbk_lead(base) <= 0xD7 and base in table.gb2312:
        return True
    return max(table.count.get(ch, 0), table.count.get(base, 0)) >= COMMON_MIN_COUNT


_TRIGGERS = (r"&(?:#[0-9]|#[xX][0-9a-fA-F]|[a-zA-Z]{2,8};)|\\u[0-9a-fA-F]{4}"
             r"|%[0-9A-Fa-f]{2}"
             r"|(?<=[\u4e00-\u9fff])\\(?=[\u4e00-\u9fff])")


def _ranges(chars: list[str]) -> str:
    """A compact regex character-class body for ``chars``."""
    cps = sorted(set(map(ord, chars)))
    out: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = cps[i], cps[j]
        out.append(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}")
        i = j + 1
    return "".join(out)


@functools.cache
def suspect_regex() -> re.Pattern[str]:
    """Compiled fast-path pattern (built once per process on first use)."""
    table = char_table()
    common = [ch for ch in table.count if _is_common(table, ch)]
    good = (common + [chr(c) for c in range(0x20, 0x7F)] + list("\t\n\r\xa0")
            + list(CJK_PUNCT) + [chr(c) for c in range(0xFF01, 0xFF5F)]
            + [chr(c) for c in range(0x3041, 0x30FF)] + list(COMMON_SYMBOLS))
    # ``?`` is a hole only after a character whose GBK bytes end inside a
    # UTF-8 sequence (銆? is E3 80 + a lost byte); 吗? and 呢? are questions.
    cut = _ranges([ch for ch in table.count if _ends_utf8_prefix(ch)] + ["\ufffd"])
    return re.compile(f"[^{_ranges(good)}]|{_TRIGGERS}|(?<=[{cut}])\\?")


def _ends_utf8_prefix(ch: str) -> bool:
    """True if ``ch``'s GBK bytes are a UTF-8 three-byte lead plus one continuation
    byte, or end with a two/three-byte lead: a UTF-8 character cut by a hole."""
    try:
        b = ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    if len(b) != 2:
        return False
    return (0xE0 <= b[0] <= 0xEF and 0x80 <= b[1] <= 0xBF) or 0xC2 <= b[1] <= 0xEF


#: A rare Han character is suspicious only with another suspicious character
#: at most this many positions away (an isolated rare character is a name or
#: a classical word; UTF-8 read as GBK makes runs of them).
CLUSTER_GAP = 3

def hit_class(hit: str) -> str:
    """Which family of damage a suspicious character points to.

    ``han`` (a rare Han character), ``cjk`` (bopomofo, CJK symbols, private
    use, Greek/Cyrillic from GBK's symbol rows), ``latin`` (Latin-1 and Latin
    Extended letters, cp1252 symbols), ``box`` (box drawing: cp437),
    ``kana`` (half-width katakana: cp932), ``hole`` (``?`` after a Han
    character, U+FFFD), ``escape`` (entities, \\u and % escapes), ``control``
    (C0 controls: no layer looks for them).
    """
    if len(hit) > 1 or hit == "\\":
        return "escape" if hit[0] in "&\\%" else "hole"
    o = ord(hit)
    if o == 0x3F or o == 0xFFFD:
        return "hole"
    if o < 0x20 or o == 0x7F:
        return "control"  # no mis-decoding makes C0 controls; the whitespace rule does
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000:
        return "han"
    if 0x80 <= o <= 0x24F or 0x2000 <= o <= 0x206F or o in (0x2C6, 0x2DC, 0x2122, 0x192):
        return "latin"
    if 0x2500 <= o <= 0x25FF:
        return "box"
    if 0xFF61 <= o <= 0xFF9F:
        return "kana"
    return "cjk"


#: Characters added on each side of a cluster of hits (not across spaces), so
#: that a multi-byte sequence cut at the cluster's edge is still whole.
EDGE = 4


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of text to search: ``core`` spans first to last hit."""

    start: int
    end: int
    core_start: int
    core_end: int
    classes: frozenset[str]


def suspicious_windows(text: str) -> Iterator[Region]:
    """Regions around clusters of suspicious characters.

    Hits at most CLUSTER_GAP apart form a cluster; a cluster made of one rare
    Han character alone is skipped (a name, a classical word).  Escapes are
    not regions (they are found by their own patterns over the whole text).
    A region is its cluster plus up to EDGE characters on each side, not
    crossing whitespace; overlapping regions merge.  ``classes`` are the
    :func:`hit_class` values seen in the region.
    """
    clusters: list[tuple[int, int, set[str], int]] = []
    for m in suspect_regex().finditer(text):
        p, q = m.span()
        cls = hit_class(m.group())
        if cls == "escape":
            continue
        if clusters and p - clusters[-1][1] <= CLUSTER_GAP:
            s0, _, classes, count = clusters[-1]
            classes.add(cls)
            clusters[-1] = (s0, q, classes, count + 1)
        else:
            clusters.append((p, q, {cls}, 1))
    n = len(text)
    cur: list[Any] | None = None
    for p, q, classes, count in clusters:
        if classes == {"han"} and count < 2:
            continue
        s = p
        while s > max(0, p - EDGE) and not text[s - 1].isspace():
            s -= 1
        e = q
        while e < min(n, q + EDGE) and not text[e].isspace():
            e += 1
        if cur is not None and s <= cur[1]:
            cur[1], cur[3] = e, q
            cur[4] |= classes
        else:
            if cur is not None:
                yield Region(cur[0], cur[1], cur[2], cur[3], frozenset(cur[4]))
            cur = [s, e, p, q, set(classes)]
    if cur is not None:
        yield Region(cur[0], cur[1], cur[2], cur[3], frozenset(cur[4]))
