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

from ..chars import CJK_PUNCT, HAN_URO
from ..model.score import state_machine
from ..model.tables import CharTable, char_table

#: Han characters in the running-text model's vocabulary whose unigram cost
#: is at most this are "common" and never trigger the slow path on their own
#: (4,455 characters, folded).  Measured on the dev share of the train
#: documents with a model built without it: records with a suspicious region
#: 5.6% (jieba counts >= 3000, the first criterion) / 2.6 / 1.4 / 0.8% at
#: 11 / 12 / 12.5 nats, and every record of UTF-8 read as GBK, GBK read as
#: Big5 or as Latin-1 still has one at each.
COMMON_MAX_COST = 12.0

#: Han characters with a Unihan kFrequency at or below this (1-5, from
#: traditional newsgroup usage) are common too: 裡 喔 妳 錄 類 隊 are ordinary
#: in traditional text though jieba's simplified counts do not show it.
COMMON_MAX_FREQUENCY = 4

#: Symbols common in Chinese web text that no mojibake kind needs as a sign
#: (― U+2015 is GB 2312's dash as Python's gb2312 reads A1AA: 1,327 times in
#: the 1919 Bible; counted as Latin residue, it took back half a repair
#: beside it, ``神鐢ㄦ埛登录成功``).
COMMON_SYMBOLS = "·—―…‘’“”•€°×÷～□■○●◆◇★☆※→←↑↓√①②③④⑤⑥⑦⑧⑨⑩﹐﹑﹒﹔﹕﹖﹗"


def _gbk_bytes(ch: str) -> bytes | None:
    try:
        return ch.encode("gbk")
    except UnicodeEncodeError:
        return None


def _gbk_lead(ch: str) -> int:
    try:
        return ch.encode("gbk")[0]
    except UnicodeEncodeError:
        return 0


def _utf8_lead_pair(ch: str) -> bool:
    """True if ``ch`` in GBK is the start of a UTF-8 sequence that Chinese text
    uses: a lead byte E2-E9 (punctuation, symbols, CJK punctuation, kana, CJK
    ideographs) or EF A4-BF (compatibility ideographs, full-width forms),
    followed by a continuation byte.  Leads E0-E1 and EA-EE (Indic scripts,
    Yi, Hangul, private use) are left out: 於 (EC B6), 電 (EB 8A) and 陳 (EA 90)
    are everyday traditional characters, and mojibake of those scripts still
    shows through its other characters."""
    try:
        b = ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    if len(b) != 2 or not 0x80 <= b[1] <= 0xBF:
        return False
    return 0xE2 <= b[0] <= 0xE9 or (b[0] == 0xEF and b[1] >= 0xA4)


def _is_common(table: CharTable, ch: str) -> bool:
    """A Han character that never triggers the slow path on its own.

    GB 2312 level 1 (GBK lead bytes B0-D7), characters of the model's
    vocabulary up to COMMON_MAX_COST and traditional forms of either are
    common, except those
    whose GBK bytes are a UTF-8 three-byte lead followed by a continuation
    byte: the first character of every UTF-8-read-as-GBK pair is one of them
    (涓, 鐢, 銆), so they must stay visible.
    """
    if _utf8_lead_pair(ch):
        return False
    if table.frequency.get(ch, 9) <= COMMON_MAX_FREQUENCY:
        return True
    base = table.simplified.get(ch, ch)
    if 0xB0 <= _gbk_lead(base) <= 0xD7 and base in table.gb2312:
        return True
    m = state_machine()
    return m.in_vocabulary(ch) and m.unigram(ch) <= COMMON_MAX_COST


_TRIGGERS = (r"&(?:#[0-9]|#[xX][0-9a-fA-F]|[a-zA-Z]{2,8};)|\\u[0-9a-fA-F]{4}"
             r"|%[0-9A-Fa-f]{2}|烫烫烫烫|屯屯屯屯|(?<=[。！？；.!?;”」])(?:烫{2,}|屯{2,})(?=\r?\n|$)"
             rf"|(?<=[{HAN_URO}])\\(?=[{HAN_URO}])")

#: The first characters of the triggers above and of a ``?`` hole: with the
#: characters outside the common class, the only ones a match starts with
#: (烫 and 屯 are common characters of running text: the model's vocabulary).
_TRIGGER_STARTS = "&\\%?烫屯"


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
    # C0 controls are no sign of any kind (the whitespace normalizer removes them)
    good = (common + [chr(c) for c in range(0x00, 0x80)] + ["\xa0"]
            + list(CJK_PUNCT) + [chr(c) for c in range(0xFF01, 0xFF5F)]
            + [chr(c) for c in range(0x3041, 0x30FF)] + list(COMMON_SYMBOLS))
    # ``?`` is a hole only after a character whose GBK bytes end inside a
    # UTF-8 sequence (銆? is E3 80 + a lost byte); 吗? and 呢? are questions.
    cut = _ranges([ch for ch in table.count if _ends_utf8_prefix(ch)] + ["\ufffd"])
    # the lookahead names the characters a match can start with, so that re
    # skips clean text at C speed (the alternatives alone make it try each one
    # at every position: 3.5-4x slower); it changes no match
    starts = _ranges([ch for ch in good if ch not in _TRIGGER_STARTS])
    return re.compile(f"(?=[^{starts}])(?:[^{_ranges(good)}]|{_TRIGGERS}|(?<=[{cut}])\\?)")


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

@functools.lru_cache(maxsize=1 << 14)
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
        return "escape" if hit[0] in "&\\%烫屯" else "hole"
    o = ord(hit)
    if o == 0x3F or o == 0xFFFD:
        return "hole"
    if o < 0x20 or o == 0x7F:
        return "control"  # no mis-decoding makes C0 controls; the whitespace rule does
    # wider than chars.HAN: also the Yijing hexagrams (U+4DC0-4DFF) and every
    # code point from U+20000 up
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


#: A cluster of this many hits makes the single hits elsewhere in the text
#: worth a look.  Measured (benchmarks, 100 samples per kind): 88% of GBK
#: read as Big5 samples and all UTF-8/GBK/Latin kinds have one; of the ~2 KB
#: clean pages of benchmarks/speed.py, 0% simplified, 19% traditional and
#: 14% classical do (2 hits: 6%, 42%, 36%).
LONE_TRIGGER = 3


def _lone(text: str, p: int, q: int, classes: set[str], count: int) -> bool:
    """A cluster that is not damage on its own.

    C0 controls are never a sign (the whitespace rule removes them).  One
    suspicious character alone is no sign either: every re-decodable kind
    makes at least two in a row (UTF-8 read as GBK puts a rare lead-pair
    character such as 涓/鐢/銆 before every hole; GBK read as Latin-1, cp437
    or cp932 makes two characters of each Han), so a lone ``?`` after 呢, a
    lone rare name or a lone bopomofo ㄚ is left alone.  Two exceptions:
    U+FFFD may stand for the lost bytes of one character, and a character
    whose GBK bytes start a UTF-8 sequence, followed by one that continues it
    or by a hole, is one UTF-8 character read as GBK however alone it stands
    (``It鈥檚``, ``here 鈥?it'd``: typographic punctuation in English or code,
    the commonest damage in commit histories).
    """
    if classes == {"control"}:
        return True
    return count < 2 and text[p:q] != "\ufffd" and not utf8_start(text, p, q)


#: Characters a lone lead-pair character's UTF-8 run may reach (two
#: three-byte characters read as GBK are three characters).
UTF8_RUN = 4


def utf8_end(text: str, p: int, q: int) -> int:
    """The end of the run from ``text[p]`` whose GBK bytes are whole UTF-8
    characters (at most UTF8_RUN characters); ``q + 1`` (the character that
    continues the sequence) when no such run ends on a character boundary."""
    data = b""
    for k in range(p, min(len(text), p + UTF8_RUN)):
        b = _gbk_bytes(text[k])
        if b is None or len(b) != 2:
            break
        data += b
        if k > p:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as err:
                if err.reason != "unexpected end of data":
                    break
                continue
            return k + 1
    return q + 1


def utf8_start(text: str, p: int, q: int) -> bool:
    """``text[p:q]`` (one character) and the next begin a UTF-8 multi-byte
    character in GBK bytes: a lead-pair character, then a hole or a character
    whose first GBK byte is a continuation byte."""
    if q - p != 1 or q >= len(text) or not _utf8_lead_pair(text[p]):
        return False
    nxt = text[q]
    if nxt in "?\ufffd":
        return True
    b = _gbk_bytes(nxt)
    return b is not None and 0x80 <= b[0] <= 0xBF


def suspicious_windows(text: str, lone: bool = False) -> Iterator[Region]:
    """Regions around clusters of suspicious characters.

    Hits at most CLUSTER_GAP apart form a cluster; a cluster of one hit is
    skipped (see :func:`_lone`) unless the text has a cluster of
    LONE_TRIGGER or more hits, or ``lone`` is true (after a repair in the same text): in a damaged
    text, single hits are where sparse damage shows (GBK read as Big5 makes
    many common-looking characters: 蚘璃蹈桶腔 has one hit, 蚘).  Escapes are
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
    single = [_lone(text, p, q, classes, count) for p, q, classes, count in clusters]
    # a lead-pair character alone (鈥 of 鈥攔 for —r): the characters that
    # continue its UTF-8 sequences are part of the core, however common they
    # are (璁剧疆 for 设置: 剧 and 疆 are no hits)
    clusters = [(p, utf8_end(text, p, q), classes, count)
                if count == 1 and utf8_start(text, p, q)
                else (p, q, classes, count) for p, q, classes, count in clusters]
    # a text with a dense cluster is damaged: look at its single hits too
    lone = lone or any(c[3] >= LONE_TRIGGER for c in clusters)
    for (p, q, classes, _), alone in zip(clusters, single, strict=True):
        if alone and (not lone or classes == {"control"}):
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


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (suspect_regex, hit_class)
