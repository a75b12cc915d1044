"""Pure ``str → candidates`` repairs: re-decoding chains, escapes, garbage.

Each function proposes :class:`Candidate` edits for a window of text; none of
them decides.  The pipeline scores every candidate against the text it would
replace and keeps only those that win by the configured margin.
"""

from __future__ import annotations

import bisect
import functools
import html
import itertools
import re
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..chars import HAN_URO
from .bytemaps import decode_strict, encode_char, encode_chars, encode_text


@dataclass(frozen=True, slots=True)
class Layer:
    """One mis-decoding: bytes written in ``wrote`` were read as ``misread``.

    ``signs`` are the suspicious-character classes (see
    :func:`textrepair.repair.scan.hit_class`) this damage produces; a region is
    searched for this layer only if it shows one of them.
    """

    kind: str
    misread: str
    wrote: str
    signs: frozenset[str]


_HAN = frozenset({"han", "cjk", "hole"})
_LATIN = frozenset({"latin"})

#: The mis-decodings tried, most common first (order breaks ties).
LAYERS: tuple[Layer, ...] = (
    Layer("utf8_as_gbk", "gbk", "utf-8", _HAN),
    Layer("utf8_as_cp1252", "cp1252", "utf-8", _LATIN),
    Layer("utf8_as_latin1", "latin-1", "utf-8", _LATIN),
    Layer("gbk_as_latin1", "latin-1", "gbk", _LATIN),
    Layer("gbk_as_cp1252", "cp1252", "gbk", _LATIN),
    Layer("gbk_as_cp1250", "cp1250", "gbk", _LATIN),
    Layer("gbk_as_cp437", "cp437", "gbk", frozenset({"box", "latin"})),
    Layer("gbk_as_cp932", "cp932", "gbk", frozenset({"kana"})),
    Layer("gbk_as_big5", "cp950", "gbk", _HAN),
    Layer("big5_as_gbk", "gbk", "cp950", _HAN),
    Layer("utf8_as_big5", "cp950", "utf-8", _HAN),
    Layer("utf8_as_cp932", "cp932", "utf-8", frozenset({"kana"})),
    Layer("utf16_as_ascii", "utf-16-le", "ascii", frozenset({"han"})),
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed replacement of ``text[start:end]`` by ``after``."""

    kind: str
    start: int
    end: int
    after: str
    rule: str
    evidence: int = 0
    """Characters whose UTF-8 structure came whole from known bytes (lossy search)."""


def trim(source: str, start: int, end: int, new: str) -> tuple[int, int, str]:
    """Drop the common prefix and suffix of ``source[start:end]`` and ``new``."""
    old = source[start:end]
    p = 0
    m = min(len(old), len(new))
    while p < m and old[p] == new[p]:
        p += 1
    s = 0
    while s < m - p and old[-1 - s] == new[-1 - s]:
        s += 1
    return start + p, end - s, new[p:len(new) - s]


def _decode_run(text: str, enc: Sequence[bytes | None], i: int, j: int,
                layer: Layer) -> Iterator[tuple[int, int, str]]:
    """Split the encodable run ``text[i:j]`` into maximal spans that decode."""
    if j - i == 1:  # one character: it decodes or not (most runs of a CJK layer)
        b = enc[i] or b""
        try:
            out = b.decode(layer.wrote) if layer.wrote != "gbk" else _gbk(b)
        except UnicodeDecodeError:
            return
        yield i, j, out
        return
    part = [b or b"" for b in enc[i:j]]  # all bytes: a run has no None
    offsets = [0, *itertools.accumulate(map(len, part))]
    data = b"".join(part)
    start = i
    while start < j:
        chunk = data[offsets[start - i]:offsets[j - i]]
        try:
            out = chunk.decode(layer.wrote) if layer.wrote != "gbk" else _gbk(chunk)
            yield start, j, out
            return
        except UnicodeDecodeError as err:
            bad = offsets[start - i] + err.start
        # the character holding the bad byte (the last that starts at or before it)
        k = i - 1 + bisect.bisect_right(offsets, bad, start - i)
        # longest decodable prefix that ends on a source character boundary
        for cut in range(k, start, -1):
            out_or_none = decode_strict(data[offsets[start - i]:offsets[cut - i]], layer.wrote)
            if out_or_none is not None:
                yield start, cut, out_or_none
                break
        start = k + 1


def _gbk(data: bytes) -> str:
    out = decode_strict(data, "gbk")
    if out is None:
        # re-raise with the position Python's gbk codec reports
        data.decode("gbk")
    assert out is not None
    return out


def runs(items: Sequence[object | None], max_len: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of the maximal stretches of ``items`` that are not None,
    cut every ``max_len`` items when given."""
    breaks = [k for k, x in enumerate(items) if x is None]
    breaks.append(len(items))
    i = 0
    for b in breaks:
        while i < b:
            j = b if max_len is None else min(b, i + max_len)
            yield i, j
            i = j
        i = b + 1


def redecode(text: str, layer: Layer) -> Iterator[Candidate]:
    """Candidates from undoing ``layer`` on every span of ``text`` where it applies."""
    yield from _redecode(text, layer)


@functools.lru_cache(maxsize=256)
def _redecode(text: str, layer: Layer) -> tuple[Candidate, ...]:
    """All of :func:`redecode`'s candidates (memoized, pure: a region is undone
    once per layer and again under a second layer, and passes repeat regions)."""
    enc = encode_chars(text, layer.misread)
    rule = f"encode({layer.misread}) → decode({layer.wrote})"
    out: list[Candidate] = []
    for i, j in runs(enc):
        for s, e, new in _decode_run(text, enc, i, j, layer):
            if new != text[s:e]:
                s2, e2, new2 = trim(text, s, e, new)
                out.append(Candidate(layer.kind, s2, e2, new2, rule))
    return tuple(out)


def redecode_whole(text: str, layer: Layer) -> str | None:
    """Undo ``layer`` on all of ``text``; None unless every byte decodes."""
    data = encode_text(text, layer.misread)
    if data is None:
        return None
    out = decode_strict(data, layer.wrote)
    if out is None or out == text:
        return None
    return out


# --- escapes -----------------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_UESCAPE = re.compile(r"(?:\\u[0-9a-fA-F]{4})+")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_URLISH = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)\S*$")


def _inside_url(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    word_start = max(text.rfind(" ", line_start, start), text.rfind("\t", line_start, start)) + 1
    return bool(_URLISH.match(text, word_start, start)) or text[word_start:start].count("/") >= 2


_MARKUP = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*[\s/>]|/[a-zA-Z]|!--|!\[CDATA)")


def escape_candidates(text: str) -> Iterator[Candidate]:
    """HTML entities, ``\\uXXXX`` escapes and percent-encoded UTF-8/GBK in running text.

    Entities are decoded only in text that is not markup (no tags, as ftfy's
    ``unescape_html="auto"``), and only when they stand for a non-ASCII,
    non-space character: ``&#25105;`` → 我, but ``&lt;``, ``&amp;`` and
    ``&nbsp;`` stay, since they may be quoting markup on purpose; only CJK
    characters (U+2E80 and up) are decoded, the damage this tool is for.
    """
    markup = _MARKUP.search(text) is not None
    for m in _ENTITY.finditer(text):
        if markup:
            break
        out = html.unescape(m.group())
        if out != m.group() and len(out) == 1 and ord(out) >= 0x2E80:
            yield Candidate("html_entity", m.start(), m.end(), out, "html.unescape")
    for m in _UESCAPE.finditer(text):
        raw = m.group()
        try:
            out = raw.encode("ascii").decode("unicode_escape")
            out.encode("utf-8")
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue
        yield Candidate("unicode_escape", m.start(), m.end(), out, "\\uXXXX escape")
    for m in _PERCENT.finditer(text):
        if _inside_url(text, m.start()):
            continue
        data = urllib.parse.unquote_to_bytes(m.group())
        for codec in ("utf-8", "gbk"):
            decoded = decode_strict(data, codec)
            if decoded is not None and all(ord(c) >= 0x80 for c in decoded):
                yield Candidate("percent_escape", m.start(), m.end(), decoded,
                                f"percent-decoded {codec}")
                break
    yield from big5_backslash_candidates(text)


_BACKSLASH_AFTER_HAN = re.compile(rf"(?<=[{HAN_URO}])\\(?=[{HAN_URO}])")


def big5_backslash_candidates(text: str) -> Iterator[Candidate]:
    """A stray ``\\`` after 許/功/蓋-type characters (Big5 trail byte 0x5C):
    software that escaped backslashes byte-wise doubled that byte.  Only
    between two Han characters, where a backslash has no business."""
    for m in _BACKSLASH_AFTER_HAN.finditer(text):
        b = encode_char(text[m.start() - 1], "cp950")
        if b is not None and len(b) == 2 and b[1] == 0x5C:
            yield Candidate("big5_backslash", m.start(), m.end(), "",
                            "backslash doubled from a Big5 trail byte 0x5C")


# --- irrecoverable garbage ---------------------------------------------------

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
