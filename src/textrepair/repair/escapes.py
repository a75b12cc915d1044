"""Escapes in running text: HTML entities, ``\\uXXXX``, percent-encoded UTF-8/GBK,
and backslashes doubled from a Big5 trail byte."""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterator

from ..chars import HAN_URO
from .bytemaps import decode_strict, encode_char
from .candidate import Candidate

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
