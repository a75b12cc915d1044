"""Escapes in running text: HTML entities, ``\\uXXXX``, percent-encoded UTF-8/GBK,
and backslashes doubled from a Big5 trail byte."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ..chars import HAN_URO
from .bytemaps import decode_strict, encode_char
from .candidate import Candidate

_ENTITY = re.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_UESCAPE = re.compile(r"(?:\\u[0-9a-fA-F]{4})+")
#: A run of percent escapes, with the ASCII bytes that ``urllib.parse.quote``
#: leaves as they are between them (a GBK trail byte 40-7E: 華 is ``%C8A``);
#: which of those are trail bytes is settled by :func:`_percent_bytes`.
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9@\[\]^_`{|}~.-])*")
#: A backslash that starts a path component, not an escape: ``\users``,
#: ``\data`` (two or more name characters; ``\n``, ``\t`` are escapes).
_PATH_PART = re.compile(r"\\(?!u[0-9a-fA-F]{4})[A-Za-z0-9_.$~-]{2,}")
_DRIVE = re.compile(r"(?<![A-Za-z])[A-Za-z]:\\")
#: Quotation marks around an escape that is being written about.
_QUOTES = {'"': '"', "'": "'", "`": "`", "“": "”", "「": "」", "‘": "’"}
_RAW_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
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
    ``&nbsp;`` stay, since they may be quoting markup on purpose; only
    characters beyond ASCII that are neither spaces nor controls are decoded
    (``&#20013;`` 中, ``&#8220;`` “; named entities: CJK and punctuation).

    A ``\\uXXXX`` run is left alone inside a Windows path
    (``C:\\users\\u4e2d\\data``) and where it is quoted in text that writes
    CJK characters itself (``写 "\\u4e2d" 表示中字``: the escape is the subject).
    """
    markup = _MARKUP.search(text) is not None
    for m in _ENTITY.finditer(text):
        if markup:
            break
        out = html.unescape(m.group())
        if out != m.group() and len(out) == 1 and _decodable(out, m.group()[1] == "#"):
            yield Candidate("html_entity", m.start(), m.end(), out, "html.unescape")
    raw_cjk = _RAW_CJK.search(text) is not None
    for m in _UESCAPE.finditer(text):
        raw = m.group()
        if _in_path(text, m.start(), m.end()) or (raw_cjk and _quoted(text, m.start(), m.end())):
            continue
        try:
            out = raw.encode("ascii").decode("unicode_escape")
            out.encode("utf-8")
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue
        yield Candidate("unicode_escape", m.start(), m.end(), out, "\\uXXXX escape")
    for m in _PERCENT.finditer(text):
        if _inside_url(text, m.start()):
            continue
        yield from _percent_candidates(m.group(), m.start())
    yield from big5_backslash_candidates(text)


def _decodable(ch: str, numeric: bool) -> bool:
    """A character an entity may become: beyond ASCII, not a space or control;
    a named entity only CJK or general punctuation (``&frac14;`` in
    ``10Î&frac14;s`` is ftfy's business: 10μs is UTF-8 under the entity)."""
    if ord(ch) < 0xA1 or ch.isspace() or not ch.isprintable():
        return False
    return numeric or ord(ch) >= 0x2E80 or 0x2000 <= ord(ch) <= 0x206F


def _token(text: str, start: int, end: int) -> str:
    """The whitespace-delimited token around ``text[start:end]``."""
    a = start
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = end
    while b < len(text) and not text[b].isspace():
        b += 1
    return text[a:b]


def _in_path(text: str, start: int, end: int) -> bool:
    """The escape is part of a Windows path: its token has a drive (``C:\\``)
    or a backslash that starts a path component."""
    tok = _token(text, start, end)
    return bool(_DRIVE.search(tok) or _PATH_PART.search(tok))


def _quoted(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is enclosed in a pair of quotation marks."""
    if start == 0 or end >= len(text):
        return False
    close = _QUOTES.get(text[start - 1])
    return close is not None and text[end] == close


def _percent_bytes(run: str) -> list[tuple[int, int, bytes]]:
    """Split a :data:`_PERCENT` run into the stretches that are bytes: each
    ``%XX`` is a byte, and an ASCII character is a byte only as the trail byte
    of a GBK pair whose lead was escaped (``%C8A`` is C8 41).  Returns
    (start, end, bytes) per stretch, ends exclusive, in ``run``."""
    out: list[tuple[int, int, bytes]] = []
    i, n = 0, len(run)
    start = 0
    data = bytearray()
    need_trail = False
    while i < n:
        if run[i] == "%":  # always %XX: the pattern allows no other %
            b = int(run[i + 1:i + 3], 16)
            data.append(b)
            need_trail = not need_trail and b >= 0x81
            i += 3
            continue
        if need_trail and 0x40 <= ord(run[i]) <= 0x7E:
            data.append(ord(run[i]))
            need_trail = False
            i += 1
            continue
        if data:
            out.append((start, i, bytes(data)))
        data = bytearray()
        need_trail = False
        i += 1
        start = i
    if data:
        out.append((start, i, bytes(data)))
    return out


def _percent_candidates(run: str, offset: int) -> Iterator[Candidate]:
    """Percent-decoded UTF-8 or GBK for each stretch of bytes in ``run``."""
    for a, b, data in _percent_bytes(run):
        if b - a < 3:
            continue
        for codec in ("utf-8", "gbk"):
            if codec == "utf-8" and run.count("%", a, b) * 3 != b - a:
                continue  # raw trail bytes are GBK's
            decoded = decode_strict(data, codec)
            if decoded is not None and all(ord(c) >= 0x80 for c in decoded):
                yield Candidate("percent_escape", offset + a, offset + b, decoded,
                                f"percent-decoded {codec}")
                break


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
