"""Charset facts for :mod:`textrepair.decode.decoding`: labels, byte-order marks,
declared charsets found in the bytes, codec families, and ISO-2022-CN.

Everything here is a constant or a pure function of its arguments.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from types import MappingProxyType

#: Byte-order marks, longest first (the UTF-32-LE mark starts with UTF-16-LE's).
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"))

#: Codec families, narrowest member first.  A family reads the same bytes the
#: same way except in a few places; the narrowest member that decodes the
#: bytes to the same text (up to symbol variants) is the one reported.
FAMILIES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "gb": ("gb2312", "gbk", "gb18030"),
    "big5": ("big5", "cp950", "big5hkscs"),
    "sjis": ("shift_jis", "cp932"),
    "eucjp": ("euc_jp",),
    "euckr": ("euc_kr", "cp949"),
    "utf8": ("utf-8",),
    "latin": ("cp1252",),
    "hz": ("hz",),
})
JAPANESE = frozenset({"shift_jis", "cp932", "euc_jp", "iso2022_jp_2"})
KOREAN = frozenset({"euc_kr", "cp949", "iso2022_kr"})
#: Codecs decoding a byte stream in 16/32-bit units (never split on b"\n").
WIDE = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")

# Labels (WHATWG names and common aliases) → the Python codec to read with.
# Pages labelled gb2312/gbk are read as gb18030, as browsers do.
_LABELS = MappingProxyType({
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "gb_2312-80": "gb18030", "gb_2312": "gb18030", "euc-cn": "gb18030", "csgb2312": "gb18030",
    "chinese": "gb18030", "windows-936": "gb18030", "iso-ir-58": "gb18030",
    "big5": "big5", "x-big5": "big5", "cn-big5": "big5", "csbig5": "big5",
    "big5-hkscs": "big5hkscs", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    "shift-jis": "shift_jis", "sjis": "shift_jis", "x-sjis": "shift_jis", "ms_kanji": "shift_jis",
    "windows-31j": "cp932", "x-euc-jp": "euc_jp", "windows-1252": "cp1252",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "hz-gb-2312": "hz", "ks_c_5601-1987": "cp949", "windows-949": "cp949", "euc-kr": "cp949",
    "iso-2022-cn": "iso-2022-cn", "iso-2022-jp": "iso2022_jp_2", "iso-2022-kr": "iso2022_kr",
    "utf-16": "utf-16-le", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
    "utf-32": "utf-32-le", "utf-32le": "utf-32-le", "utf-32be": "utf-32-be",
})
#: Codecs Python lacks that a label may name; decoding still never raises.
NO_PYTHON_CODEC = frozenset({"iso-2022-cn", "euc-tw", "x-euc-tw", "cns11643"})

#: How far into the bytes a declared charset is looked for (HTML's own prescan
#: reads 1024 bytes; feeds put a comment before <?xml ...?> less often).
DECLARATION_SCAN_BYTES = 2048
_DECLARED_RE = re.compile(
    rb"""<\?xml[^>]*?\bencoding\s*=\s*["']?([A-Za-z0-9_.:-]+)"""
    rb"""|<meta[^>]*?\bcharset\s*=\s*["']?([A-Za-z0-9_.:-]+)"""
    rb"""|^content-type:[^\r\n]*?\bcharset\s*=\s*["']?([A-Za-z0-9_.:-]+)""",
    re.I | re.M)


class UnknownEncodingError(LookupError):
    """A declared charset name that Python does not know."""


def normalize_label(label: str) -> str:
    """Map a charset label (HTTP/meta/XML) to the codec to read with; raise if unknown.

    >>> normalize_label("GB2312")
    'gb18030'
    """
    key = label.strip().lower()
    name = _LABELS.get(key, key)
    if name in NO_PYTHON_CODEC:
        return name
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise UnknownEncodingError(
            f"{label!r} is not an encoding; use a label such as 'gbk', 'big5' or 'utf-8'"
        ) from None


def declared_charset(data: bytes) -> str | None:
    """The charset an XML declaration, a <meta> tag or a Content-Type line names, if any."""
    m = _DECLARED_RE.search(data[:DECLARATION_SCAN_BYTES])
    if not m:
        return None
    return next(g for g in m.groups() if g).decode("ascii")


_FAMILY_OF = MappingProxyType({c: fam for fam, members in FAMILIES.items() for c in members})


def family_of(codec: str) -> str:
    """The family a codec belongs to (its own name if it has none)."""
    return _FAMILY_OF.get(codec, codec)


# ---- ISO-2022-CN (RFC 1922): Python has no codec --------------------------

_ESC_G1 = {b"\x1b$)A": "gb2312", b"\x1b$)G": "cns1", b"\x1b$)E": "iso-ir-165"}
_ESC_RE = re.compile(rb"\x1b\$\)[AGE]|\x1b\$\*H|\x1bN..|[\x0e\x0f]|\n", re.S)


def decode_iso2022cn(data: bytes) -> tuple[str, int]:
    """Decode ISO-2022-CN: (text, number of characters replaced by U+FFFD).

    Only the GB2312 designation (``ESC $ ) A``) has a Python table; characters
    from CNS 11643 planes (``ESC $ ) G``, ``ESC $ * H``) and ISO-IR-165 become
    U+FFFD, as do bytes that break the shift structure.  Never raises.
    """
    out: list[str] = []
    bad = 0
    g1 = ""
    shifted = False
    pos = 0
    for m in _ESC_RE.finditer(data):
        bad += _emit(data[pos:m.start()], g1 if shifted else "", out)
        tok = m.group()
        if tok in _ESC_G1:
            g1 = _ESC_G1[tok]
        elif tok == b"\x0e":
            shifted = True
        elif tok in (b"\x0f", b"\n"):
            shifted = False
            if tok == b"\n":
                out.append("\n")
        elif tok.startswith(b"\x1bN"):  # single shift 2: one CNS plane 2 character
            out.append("\ufffd")
            bad += 1
        pos = m.end()
    bad += _emit(data[pos:], g1 if shifted else "", out)
    return "".join(out), bad


def _emit(chunk: bytes, charset: str, out: list[str]) -> int:
    """Append ``chunk`` read in ``charset`` ("" = ASCII); return replacements made."""
    if not chunk:
        return 0
    if not charset:
        text = chunk.decode("ascii", errors="replace")
        out.append(text)
        return text.count("\ufffd")
    if charset != "gb2312":
        out.append("\ufffd" * (len(chunk) // 2))
        return len(chunk) // 2
    text = bytes(b | 0x80 for b in chunk).decode("gb2312", errors="replace")
    out.append(text)
    return text.count("\ufffd")
