"""Damage as real programs make it: bytes from a real writer, read by a real reader.

Each *decoder family* below is a pure, deterministic function ``bytes -> str``
that reads bytes the way one family of real software does; a *damage* function
turns clean text into damaged text by encoding it with the writer's codec and
decoding it with one of these readers (plus, for a few kinds, what a later step
does to the result).  Everything is self-contained (the Python standard
library only: no textrepair import), so the benchmark measures textrepair from
the outside.

Readers (see docs/kinds.md, "Decoder families", for the sources):

* :func:`python_decode` -- CPython's codecs with ``errors="replace"``: an
  invalid lead byte becomes U+FFFD and decoding resumes at the *next* byte.
* :func:`windows_decode` -- Windows ``MultiByteToWideChar(cp, 0, ...)`` for the
  DBCS code pages 936, 950 and 932, modelled on Wine's ``mbstowcs_dbcs`` and on
  .NET Framework's ``DBCSCodePageEncoding``: a lead byte always takes the next
  byte (unless it is NUL or the input ends), so an unmapped pair becomes *one*
  default character and an ASCII byte after a bad lead is swallowed (``here
  鈥?it'd`` for ``here — it'd``).  Default character ``?`` (``・`` U+30FB
  for 932); end-user-defined areas decode to private use; cp936 0x80 is ``€``.
* :func:`whatwg_decode` -- the WHATWG Encoding Standard's gb18030 (also "gbk"),
  Big5 and Shift_JIS decoders, implemented from the spec's algorithms: U+FFFD,
  and an ASCII byte after a bad lead is restored to the stream.
* :func:`java_decode` -- Java's ``new String(bytes, "GBK")`` (JDK 7+
  ``DoubleByte.Decoder`` with the REPLACE action): U+FFFD; a bad pair is
  malformed for length 1 when its second byte is ASCII or itself a lead byte,
  else unmappable for length 2.
* :func:`iconv_c_decode` -- glibc ``iconv -f GBK -c`` / ``//IGNORE``: invalid
  bytes are dropped (one byte when the second byte is out of range, both when
  an in-range pair is unmapped).
* :func:`single_byte_decode` -- single-byte code pages (latin-1, cp1252,
  cp1250, cp1254, cp437, cp850, cp866); ``undefined=`` picks what happens to
  the bytes a code page leaves undefined: the same-valued C1 control (Windows
  and WHATWG), U+FFFD (Python ``replace``) or dropped (a MySQL latin1 column
  shown in a terminal or a web page: C1 controls and the soft hyphen vanish).

The real cases in ``corpora/mojibake/real-cases*.jsonl`` that each family
reproduces exactly are tested in tests/test_damage.py and listed in
docs/kinds.md.
"""

from __future__ import annotations

import functools
import json
import random
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

REPLACEMENT = "\ufffd"

# ---------------------------------------------------------------------------
# code tables (derived from CPython's codecs plus the documented differences)
# ---------------------------------------------------------------------------


@functools.cache
def _pair(codec: str, b1: int, b2: int) -> str | None:
    """The character CPython's ``codec`` decodes the two bytes to, else None."""
    try:
        s = bytes((b1, b2)).decode(codec)
    except UnicodeDecodeError:
        return None
    if len(s) == 1 or (codec == "big5hkscs" and len(s) == 2 and s[1] in "\u0304\u030c"):
        return s
    return None  # two single-byte characters, not a pair


def cp936_eudc(b1: int, b2: int) -> str | None:
    """Windows cp936 end-user-defined character (EUDC) areas -> private use.

    AAA1-AFFE -> U+E000-U+E233, F8A1-FEFE -> U+E234-U+E4C5, A140-A7A0 ->
    U+E4C6-U+E765 (Microsoft's EUDC ranges for code page 936; GB18030 maps
    the same three areas to the same code points).
    """
    if 0xAA <= b1 <= 0xAF and 0xA1 <= b2 <= 0xFE:
        return chr(0xE000 + (b1 - 0xAA) * 94 + b2 - 0xA1)
    if 0xF8 <= b1 <= 0xFE and 0xA1 <= b2 <= 0xFE:
        return chr(0xE234 + (b1 - 0xF8) * 94 + b2 - 0xA1)
    if 0xA1 <= b1 <= 0xA7 and 0x40 <= b2 <= 0xA0 and b2 != 0x7F:
        return chr(0xE4C6 + (b1 - 0xA1) * 96 + b2 - (0x40 if b2 < 0x7F else 0x41))
    return None


def _t157(b2: int) -> int | None:
    """Index of a Big5 trail byte (40-7E, A1-FE) in its row of 157."""
    if 0x40 <= b2 <= 0x7E:
        return b2 - 0x40
    if 0xA1 <= b2 <= 0xFE:
        return b2 - 0x62
    return None


def cp950_eudc(b1: int, b2: int) -> str | None:
    """Windows cp950 EUDC areas -> private use (Microsoft's EUDC ranges for
    code page 950): FA40-FEFE -> U+E000, 8E40-A0FE -> U+E311, 8140-8DFE ->
    U+EEB8, C6A1-C8FE -> U+F6B1 (in that order, rows of 157)."""
    t = _t157(b2)
    if t is None:
        return None
    if 0xFA <= b1 <= 0xFE:
        return chr(0xE000 + (b1 - 0xFA) * 157 + t)
    if 0x8E <= b1 <= 0xA0:
        return chr(0xE311 + (b1 - 0x8E) * 157 + t)
    if 0x81 <= b1 <= 0x8D:
        return chr(0xEEB8 + (b1 - 0x81) * 157 + t)
    if b1 == 0xC6 and b2 >= 0xA1:
        return chr(0xF6B1 + b2 - 0xA1)
    if b1 in (0xC7, 0xC8):
        return chr(0xF6B1 + 94 + (b1 - 0xC7) * 157 + t)
    return None


# ---------------------------------------------------------------------------
# CPython
# ---------------------------------------------------------------------------


def python_decode(data: bytes, codec: str) -> str:
    """CPython ``data.decode(codec, errors="replace")``.

    The CJK codecs (gbk, gb18030, big5, cp950, cp932, big5hkscs) report an
    invalid or unmapped sequence as one bad byte: the lead byte becomes U+FFFD
    and decoding resumes at the byte after it (which may start a new pair).
    A lead byte at the end of the input is one U+FFFD.  The UTF-8 decoder
    replaces each maximal invalid subpart with one U+FFFD (Unicode §3.9).
    """
    return data.decode(codec, errors="replace")


# ---------------------------------------------------------------------------
# Windows MultiByteToWideChar
# ---------------------------------------------------------------------------

_WIN_LEADS: dict[int, Callable[[int], bool]] = {
    936: lambda b: 0x81 <= b <= 0xFE,
    950: lambda b: 0x81 <= b <= 0xFE,
    932: lambda b: 0x81 <= b <= 0x9F or 0xE0 <= b <= 0xFC,
}
_WIN_DEFAULT = {936: "?", 950: "?", 932: "\u30fb"}


def _win_single(cp: int, b: int) -> str:
    if b < 0x80:
        return chr(b)
    if cp == 936:
        return "€" if b == 0x80 else "?"  # 0xFF: undefined
    if cp == 932:
        if b == 0x80:
            return "\x80"
        if b == 0xA0:
            return "\uf8f0"
        if 0xA1 <= b <= 0xDF:
            return chr(0xFF61 + b - 0xA1)  # half-width katakana
        return chr(0xF8F1 + b - 0xFD)  # FD-FF
    return "?"  # cp950 0x80, 0xFF


def _win_pair(cp: int, b1: int, b2: int) -> str | None:
    if cp == 936:
        return _pair("gbk", b1, b2) or cp936_eudc(b1, b2)
    if cp == 950:
        return _pair("cp950", b1, b2) or cp950_eudc(b1, b2)
    return _pair("cp932", b1, b2)


def windows_decode(data: bytes, codepage: int) -> str:
    """``MultiByteToWideChar(codepage, 0, data)`` for 936 (GBK), 950 (Big5) or
    932 (Shift-JIS), without MB_ERR_INVALID_CHARS.

    Byte by byte: a byte that is not a lead byte maps through the single-byte
    table (cp936: 0x80 -> ``€``).  A lead byte (936/950: 81-FE; 932: 81-9F,
    E0-FC) always takes the next byte, whatever it is, unless that byte is NUL
    or the input ends (then the lead alone is the default character); the pair
    maps through the code page, whose end-user-defined areas map to private
    use, and an unmapped pair is ONE default character (``?``; ``・`` for 932)
    -- so an ASCII byte after a bad lead is lost (``鈥?it'd``: the space after
    ``— `` went into the ``?``).  This is Wine's ``mbstowcs_dbcs`` (a lead
    byte's row in the NLS table covers all 256 trail values) and .NET
    Framework's ``DBCSCodePageEncoding.GetChars``; the real commit diffs in
    real-cases-2.jsonl (code-perf-log, code-tgbot-reply) show exactly it.
    """
    is_lead = _WIN_LEADS[codepage]
    default = _WIN_DEFAULT[codepage]
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if not is_lead(b):
            out.append(_win_single(codepage, b))
            i += 1
        elif i + 1 == n or data[i + 1] == 0:
            out.append(default)
            i += 1
        else:
            out.append(_win_pair(codepage, b, data[i + 1]) or default)
            i += 2
    return "".join(out)


# ---------------------------------------------------------------------------
# WHATWG Encoding Standard (https://encoding.spec.whatwg.org/)
# ---------------------------------------------------------------------------

#: index Big5 entries that differ from CPython's big5hkscs (which otherwise
#: agrees pointer for pointer): HKSCS-2008 additions (rows 87, 8E-A0, FA-FE)
#: and 11 symbols the Encoding Standard maps differently (A145 ‧, A14E ﹑,
#: A1C2 ¯, A1E3 ～, A1F2 ⊕, A1F3 ⊙, A241 ∕, A242 ﹨, A244 ￥, A246 ￠, A247 ￡).
#: Computed from the Encoding Standard's indexes as shipped in the npm package
#: text-encoding 0.7.0 (lib/encoding-indexes.js), bytes:code point in hex.
_BIG5_OVERRIDES = (
    "877a:3875 877b:21d53 877c:2369e 877d:26021 877e:3eec 87a1:258de 87a2:3af5 87a3:7afc "
    "87a4:9f97 87a5:24161 87a6:2890d 87a7:231ea 87a8:20a8a 87a9:2325e 87aa:430a 87ab:8484 "
    "87ac:9f96 87ad:942f 87ae:4930 87af:8613 87b0:5896 87b1:974a 87b2:9218 87b3:79d0 87b4:7a32 "
    "87b5:6660 87b6:6a29 87b7:889d 87b8:744c 87b9:7bc5 87ba:6782 87bb:7a2c 87bc:524f 87bd:9046 "
    "87be:34e6 87bf:73c4 87c0:25db9 87c1:74c6 87c2:9fc7 87c3:57b3 87c4:492f 87c5:544c 87c6:4131 "
    "87c7:2368e 87c8:5818 87c9:7a72 87ca:27b65 87cb:8b8f 87cc:46ae 87cd:26e88 87ce:4181 "
    "87cf:25d99 87d0:7bae 87d1:224bc 87d2:9fc8 87d3:224c1 87d4:224c9 87d5:224cc 87d6:9fc9 "
    "87d7:8504 87d8:235bb 87d9:40b4 87da:9fca 87db:44e1 87dc:2adff 87dd:62c1 87de:706e "
    "87df:9fcb 8e69:7bb8 8e6f:7c06 8e7e:7cce 8eab:7dd2 8eb4:7e1d 8ecd:8005 8ed0:8028 8f57:83c1 "
    "8f69:84a8 8f6e:840f 8fcb:89a6 8fcc:89a9 8ffe:8d77 906d:90fd 907a:92b9 90dc:975c 90f1:97ff "
    "91bf:9f16 9244:8503 92af:5159 92b0:515b 92b1:515d 92b2:515e 92c8:936e 92d1:7479 9447:6d67 "
    "94ca:799b 95d9:9097 9644:975d 96ed:701e 96fc:5b28 9b76:7201 9b78:77d7 9b7b:7e87 9bc6:99d6 "
    "9bde:91d4 9bec:60de 9bf6:6fb6 9c42:8f36 9c53:4fbb 9c62:71df 9c68:9104 9c6b:9df0 9c77:83cf "
    "9cbc:5c10 9cbd:79e3 9cd0:5a67 9d57:8f0b 9d5a:7b51 9dc4:62d0 9ea9:6062 9eef:75f9 9efd:6c4a "
    "9f60:9b2e 9f66:9f17 9fcb:50ed 9fd8:5f0c a063:880f a077:62ce a0d5:7468 a0df:7162 a0e4:7250 "
    "a145:2027 a14e:fe51 a1c2:af a1e3:ff5e a1f2:2295 a1f3:2299 a241:2215 a242:fe68 a244:ffe5 "
    "a246:ffe0 a247:ffe1 a3c0:2400 a3c1:2401 a3c2:2402 a3c3:2403 a3c4:2404 a3c5:2405 a3c6:2406 "
    "a3c7:2407 a3c8:2408 a3c9:2409 a3ca:240a a3cb:240b a3cc:240c a3cd:240d a3ce:240e a3cf:240f "
    "a3d0:2410 a3d1:2411 a3d2:2412 a3d3:2413 a3d4:2414 a3d5:2415 a3d6:2416 a3d7:2417 a3d8:2418 "
    "a3d9:2419 a3da:241a a3db:241b a3dc:241c a3dd:241d a3de:241e a3df:241f a3e0:2421 a3e1:20ac "
    "c6cf:5ef4 c6d3:65e0 c6d5:7676 c6d7:96b6 c6de:3003 c6df:4edd fa5f:5029 fa66:507d fabd:5305 "
    "fac5:5344 fad5:537f fb48:5605 fbb8:5a77 fbf3:5e75 fbf9:5ed0 fc4f:5f58 fc6c:60a4 fcb9:6490 "
    "fce2:6674 fcf1:675e fdb7:6c9c fdb8:6e1d fdbb:6e2f fdf1:716e fe52:732a fe6f:745c feaa:74e9 "
    "fedd:7809 "
)
#: index gb18030 entries that differ from CPython's gb18030 two-byte table
#: (same source).  The 2023 GB18030-2022 update of the index (18 pointers in
#: rows A6 and FE) is not applied: UTF-8 text reaches those pairs only before
#: a Hebrew/Arabic/Hangul lead byte.
_GB18030_OVERRIDES = {(0xA3, 0xA0): "\u3000", (0xA8, 0xBC): "\u1e3f"}


@functools.cache
def _big5_overrides() -> dict[tuple[int, int], str]:
    out = {}
    for item in _BIG5_OVERRIDES.split():
        b, cp = item.split(":")
        out[(int(b[:2], 16), int(b[2:], 16))] = chr(int(cp, 16))
    return out


def _index_gb18030(lead: int, byte: int) -> str | None:
    return _GB18030_OVERRIDES.get((lead, byte)) or _pair("gb18030", lead, byte)


def _index_gb18030_ranges(pointer: int, four: bytes) -> str | None:
    if (39419 < pointer < 189000) or pointer > 1237575:
        return None
    if pointer == 7457:
        return "\ue7c7"
    if pointer >= 189000:
        return chr(0x10000 + pointer - 189000)
    try:
        s = four.decode("gb18030")  # CPython implements the same BMP ranges
    except UnicodeDecodeError:
        return None
    return s if len(s) == 1 else None


def whatwg_gb18030(data: bytes) -> str:
    """The Encoding Standard's gb18030 decoder (§10.2.1), also the decoder of
    the "gbk" encoding (labels gbk, gb2312, x-gbk, chinese, ...).

    Transcribed step by step: 0x80 -> ``€``; 0xFF -> error; a lead byte
    followed by 30-39 starts a four-byte sequence; a two-byte pointer with no
    code point is an error, and if the second byte is ASCII it is restored to
    the stream (so ``"`` or a space after a bad lead survives).  Errors are
    U+FFFD (the "replacement" error mode browsers use).
    """
    out: list[str] = []
    first = second = third = 0
    i, n = 0, len(data)
    while True:
        if i == n:
            if first or second or third:
                out.append(REPLACEMENT)
            return "".join(out)
        byte = data[i]
        i += 1
        if third:
            if not 0x30 <= byte <= 0x39:
                i -= 3  # restore « second, third, byte »
                first = second = third = 0
                out.append(REPLACEMENT)
                continue
            pointer = ((first - 0x81) * 12600 + (second - 0x30) * 1260
                       + (third - 0x81) * 10 + byte - 0x30)
            cp = _index_gb18030_ranges(pointer, bytes((first, second, third, byte)))
            first = second = third = 0
            out.append(REPLACEMENT if cp is None else cp)
            continue
        if second:
            if 0x81 <= byte <= 0xFE:
                third = byte
                continue
            i -= 2  # restore « second, byte »
            first = second = 0
            out.append(REPLACEMENT)
            continue
        if first:
            if 0x30 <= byte <= 0x39:
                second = byte
                continue
            lead, first = first, 0
            ch = None
            if 0x40 <= byte <= 0x7E or 0x80 <= byte <= 0xFE:
                ch = _index_gb18030(lead, byte)
            if ch is not None:
                out.append(ch)
                continue
            if byte < 0x80:
                i -= 1  # restore byte
            out.append(REPLACEMENT)
            continue
        if byte < 0x80:
            out.append(chr(byte))
        elif byte == 0x80:
            out.append("\u20ac")
        elif byte == 0xFF:
            out.append(REPLACEMENT)
        else:
            first = byte


def _index_big5(lead: int, byte: int) -> str | None:
    return _big5_overrides().get((lead, byte)) or _pair("big5hkscs", lead, byte)


def whatwg_big5(data: bytes) -> str:
    """The Encoding Standard's Big5 decoder (§11.1.1): index Big5 is Big5 with
    the HKSCS-2008 and ETEN extensions (so ``⻌`` and ``ワ`` decode, as in
    real-cases-2 code-cs-big5-message); lead bytes 81-FE, trail bytes 40-7E
    and A1-FE; pointers 1133/1135/1164/1166 give two code points; an error
    is U+FFFD and an ASCII second byte is restored to the stream."""
    out: list[str] = []
    lead = 0
    i, n = 0, len(data)
    while True:
        if i == n:
            if lead:
                out.append(REPLACEMENT)
            return "".join(out)
        byte = data[i]
        i += 1
        if lead:
            b1, lead = lead, 0
            ch = _index_big5(b1, byte) if _t157(byte) is not None else None
            if ch is not None:
                out.append(ch)
                continue
            if byte < 0x80:
                i -= 1
            out.append(REPLACEMENT)
            continue
        if byte < 0x80:
            out.append(chr(byte))
        elif 0x81 <= byte <= 0xFE:
            lead = byte
        else:
            out.append(REPLACEMENT)


def whatwg_shift_jis(data: bytes) -> str:
    """The Encoding Standard's Shift_JIS decoder (§12.3.1): index jis0208 is
    Windows-31J's table (it agrees with CPython's cp932 on every pointer;
    pointers 8836-10715 are private use); 0x80 and ASCII are themselves,
    A1-DF half-width katakana, A0 and FD-FF errors; an error is U+FFFD and an
    ASCII second byte is restored to the stream."""
    out: list[str] = []
    lead = 0
    i, n = 0, len(data)
    while True:
        if i == n:
            if lead:
                out.append(REPLACEMENT)
            return "".join(out)
        byte = data[i]
        i += 1
        if lead:
            b1, lead = lead, 0
            ch = None
            if 0x40 <= byte <= 0x7E or 0x80 <= byte <= 0xFC:
                ch = _pair("cp932", b1, byte)
            if ch is not None:
                out.append(ch)
                continue
            if byte < 0x80:
                i -= 1
            out.append(REPLACEMENT)
            continue
        if byte <= 0x80:
            out.append(chr(byte))
        elif 0xA1 <= byte <= 0xDF:
            out.append(chr(0xFF61 - 0xA1 + byte))
        elif 0x81 <= byte <= 0x9F or 0xE0 <= byte <= 0xFC:
            lead = byte
        else:
            out.append(REPLACEMENT)


WHATWG = {"gbk": whatwg_gb18030, "gb18030": whatwg_gb18030, "big5": whatwg_big5,
          "shift_jis": whatwg_shift_jis}


def whatwg_decode(data: bytes, encoding: str) -> str:
    """Decode as a browser does with the WHATWG ``encoding`` (gbk, gb18030,
    big5, shift_jis)."""
    return WHATWG[encoding](data)


# ---------------------------------------------------------------------------
# Java and iconv
# ---------------------------------------------------------------------------


def java_decode(data: bytes, charset: str = "GBK") -> str:
    """Java ``new String(data, "GBK")`` (CharsetDecoder with
    CodingErrorAction.REPLACE), after JDK 7's ``sun.nio.cs.DoubleByte.Decoder``.

    ASCII is itself; 0x80 and 0xFF are not lead bytes (U+FFFD, one byte); a
    lead byte 81-FE at the end is U+FFFD.  For a pair that does not decode,
    ``crMalformedOrUnmappable``: if the second byte is ASCII or itself a lead
    byte the pair is malformed for length 1 (U+FFFD, and decoding resumes at
    the second byte, as in CPython); otherwise (second byte 0x80 or 0xFF) it is
    unmappable for length 2 (one U+FFFD for both).  The table is CPython's
    gbk (no € at 0x80, no user-defined areas) -- the JDK's GBK table may
    differ from it at a few symbols.
    """
    if charset.upper() != "GBK":
        raise ValueError("only GBK is modelled")
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
        elif b in (0x80, 0xFF) or i + 1 == n:
            out.append(REPLACEMENT)
            i += 1
        else:
            b2 = data[i + 1]
            ch = _pair("gbk", b, b2)
            if ch is not None:
                out.append(ch)
                i += 2
            else:
                out.append(REPLACEMENT)
                i += 1 if (b2 < 0x80 or 0x81 <= b2 <= 0xFE) else 2
    return "".join(out)


def iconv_c_decode(data: bytes, codec: str = "gbk") -> str:
    """glibc ``iconv -f GBK -t UTF-8 -c`` (or ``//IGNORE``), after
    iconvdata/gbk.c: invalid input is dropped, not replaced.

    0x80 and 0xFF: one byte dropped.  A lead byte whose second byte is below
    0x40 (or above A0 after lead FE): the lead byte alone is dropped and the
    second byte is read again.  An in-range pair with no character: both bytes
    dropped.  An incomplete lead byte at the end: dropped.  (Table: CPython's
    gbk.)
    """
    if codec != "gbk":
        raise ValueError("only GBK is modelled")
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
        elif b in (0x80, 0xFF) or i + 1 == n:
            i += 1
        else:
            b2 = data[i + 1]
            if b2 < 0x40 or (b == 0xFE and b2 > 0xA0):
                i += 1
                continue
            ch = _pair("gbk", b, b2)
            if ch is not None:
                out.append(ch)
            i += 2
    return "".join(out)


# ---------------------------------------------------------------------------
# single-byte code pages
# ---------------------------------------------------------------------------

SINGLE_BYTE = ("latin-1", "cp1252", "cp1250", "cp1254", "cp437", "cp850", "cp866")


@functools.cache
def _single_table(codec: str) -> tuple[str | None, ...]:
    return tuple(bytes((b,)).decode(codec, errors="ignore") or None for b in range(256))


def single_byte_decode(data: bytes, codec: str, undefined: str = "c1") -> str:
    """Read ``data`` with a single-byte code page.

    ``undefined`` is what becomes of the bytes the code page leaves undefined
    (cp1252: 81 8D 8F 90 9D; cp1250: 81 83 88 90 98; cp1254: 81 8D 8E 8F 90
    9D 9E; the others define all 256):

    * ``"c1"``: the C1 control of the same value (Windows' tables and the
      WHATWG single-byte indexes do this);
    * ``"replace"``: U+FFFD (CPython ``errors="replace"``);
    * ``"drop"``: the byte vanishes, and so does 0xAD (the soft hyphen, which
      a terminal or a browser does not show and a copy does not keep): UTF-8
      stored in a MySQL latin1 column and shown on a page or in a terminal
      (real-cases-2: code-coffee-errors, code-rcon-echo, code-doc-qingqiu).
    """
    table = _single_table(codec)
    out: list[str] = []
    for b in data:
        ch = table[b]
        if undefined == "drop" and (ch is None or (b == 0xAD and ch == "\xad")):
            continue
        if ch is None:
            ch = chr(b) if undefined == "c1" else REPLACEMENT
        out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------
# readers by name, and what a later step does
# ---------------------------------------------------------------------------

READERS: dict[str, Callable[[bytes], str]] = {
    "python:gbk": lambda d: python_decode(d, "gbk"),
    "python:gb18030": lambda d: python_decode(d, "gb18030"),
    "python:big5": lambda d: python_decode(d, "big5"),
    "python:cp950": lambda d: python_decode(d, "cp950"),
    "python:cp932": lambda d: python_decode(d, "cp932"),
    "python:utf-8": lambda d: python_decode(d, "utf-8"),
    "python:cp1252": lambda d: single_byte_decode(d, "cp1252", "replace"),
    "windows:cp936": lambda d: windows_decode(d, 936),
    "windows:cp950": lambda d: windows_decode(d, 950),
    "windows:cp932": lambda d: windows_decode(d, 932),
    "whatwg:gbk": whatwg_gb18030,
    "whatwg:big5": whatwg_big5,
    "whatwg:shift_jis": whatwg_shift_jis,
    "java:GBK": java_decode,
    "iconv-c:GBK": iconv_c_decode,
    "mysql-latin1:cp1252": lambda d: single_byte_decode(d, "cp1252", "drop"),
    **{f"sloppy:{c}": functools.partial(single_byte_decode, codec=c, undefined="c1")
       for c in SINGLE_BYTE},
}


def drop_private_use(text: str) -> str:
    """Remove private-use characters (U+E000-U+F8FF): what a later step did to
    cp936's EUDC characters in the real cases of kind utf8_as_gbk_pua_dropped
    (a font without them, a log viewer, a rename tool); see real-cases-2
    issue-aliyun-ddns-73, code-fixfile-lunar, code-psmap-004."""
    return "".join(c for c in text if not "\ue000" <= c <= "\uf8ff")


def encode(text: str, writer: str) -> bytes | None:
    """The writer's bytes (strict: None when ``text`` has a character the
    writer's encoding lacks -- such samples are skipped, not damaged)."""
    try:
        return text.encode(writer)
    except UnicodeEncodeError:
        return None


def misread(text: str, writer: str, reader: str) -> str | None:
    """``text`` written as ``writer`` and read by ``reader`` (a READERS key)."""
    data = encode(text, writer)
    return None if data is None else READERS[reader](data)


# ---------------------------------------------------------------------------
# damage functions: (clean text, rng) -> damaged text, or None to skip
# ---------------------------------------------------------------------------

Damage = Callable[[str, random.Random], "str | None"]


def via(writer: str, reader: str, post: Callable[[str], str] | None = None) -> Damage:
    def damage(text: str, _rng: random.Random) -> str | None:
        out = misread(text, writer, reader)
        return out if out is None or post is None else post(out)
    return damage


def lossless(writer: str, codec: str) -> Damage:
    """Only samples every reader agrees on: strict decoding succeeds."""
    def damage(text: str, _rng: random.Random) -> str | None:
        data = encode(text, writer)
        try:
            return None if data is None else data.decode(codec)
        except UnicodeDecodeError:
            return None
    return damage


def twice(writer: str, reader: str) -> Damage:
    """Two layers: read wrongly, saved as UTF-8, read wrongly again."""
    def damage(text: str, _rng: random.Random) -> str | None:
        once = misread(text, writer, reader)
        return None if once is None else misread(once, "utf-8", reader)
    return damage


def twice_lossless(codec: str) -> Damage:
    def damage(text: str, rng: random.Random) -> str | None:
        once = lossless("utf-8", codec)(text, rng)
        return None if once is None else lossless("utf-8", codec)(once, rng)
    return damage


def truncated_cp1252(text: str, _rng: random.Random) -> str | None:
    """UTF-8 read as cp1252 with the last byte cut (ftfy issue 217: a length
    limit in bytes); only texts that end in a non-ASCII character."""
    if not text or ord(text[-1]) < 0x80:
        return None
    return single_byte_decode(text.encode("utf-8")[:-1], "cp1252", "c1")


HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN}]")
HAN_RUN_RE = re.compile(f"[{HAN}]+")


def html_decimal(text: str, _rng: random.Random) -> str | None:
    """Every non-ASCII character as ``&#NNNNN;`` (what a form posted in a page
    whose charset lacks the characters, or an XML writer with ascii output,
    produces; corpora/legacy/cppjieba reviews have them)."""
    return re.sub(r"[^\x00-\x7f]", lambda m: f"&#{ord(m[0])};", text)


def json_escape(text: str, _rng: random.Random) -> str | None:
    """``json.dumps(text)`` (ensure_ascii) without the quotes; texts with a
    quote, backslash or control character are skipped (their escapes are not
    damage)."""
    if re.search(r'["\\\x00-\x1f]', text):
        return None
    return json.dumps(text)[1:-1]


def percent_run(codec: str) -> Damage:
    """One Han run percent-encoded in ``codec`` (urllib.parse.quote: ASCII
    bytes inside GBK pairs stay as they are, giving the real half-escaped
    ``%C8A`` for 華)."""
    def damage(text: str, rng: random.Random) -> str | None:
        runs = [m for m in HAN_RUN_RE.finditer(text) if len(m.group()) >= 2]
        if not runs:
            return None
        m = rng.choice(runs)
        data = encode(m.group(), codec)
        if data is None:
            return None
        return text[:m.start()] + urllib.parse.quote(data) + text[m.end():]
    return damage


def utf16_as_ascii(text: str, _rng: random.Random) -> str | None:
    """ASCII read as UTF-16-LE (Notepad's IsTextUnicode guess, "Bush hid the
    facts"); only even-length ASCII texts."""
    if not text.isascii() or len(text) % 2:
        return None
    return text.encode("ascii").decode("utf-16-le")


def _insert_at_boundary(text: str, rng: random.Random, junk: str) -> str | None:
    cuts = [m.end() for m in re.finditer(r"[。！？；，]", text) if m.end() < len(text)]
    if not cuts:
        return None
    at = rng.choice(cuts)
    return text[:at] + junk + text[at:]


def kunjinkao(text: str, rng: random.Random) -> str | None:
    """锟斤拷 runs between two clauses: U+FFFD (EF BF BD, from an earlier GBK-
    as-UTF-8 read) read back as GBK, inserted in clean text (what a page shows
    when a fragment was damaged and the rest was not)."""
    k = rng.randint(1, 3)
    return _insert_at_boundary(text, rng, ("\ufffd" * (2 * k)).encode().decode("gbk"))


def debug_fill(text: str, rng: random.Random) -> str | None:
    """MSVC debug fill (0xCC stack, 0xCD heap) printed as GBK: 烫烫烫 / 屯屯屯
    after a string that was not terminated; appended at the end."""
    b = rng.choice((0xCC, 0xCD))
    return text + bytes([b] * (2 * rng.randint(2, 8))).decode("gbk")


def big5_backslash(text: str, _rng: random.Random) -> str | None:
    """Big5 (cp950) text through an addslashes-style escaper that doubles every
    0x5C byte, including the second byte of 許功蓋…, read back as Big5: a stray
    backslash after each such character (``成功\\因素``).  Only texts with such
    a character and no backslash of their own."""
    data = encode(text, "cp950")
    if data is None or b"\\" not in data or "\\" in text:
        return None
    return data.replace(b"\\", b"\\\\").decode("cp950")


def misaligned(reader: str) -> Damage:
    """One GBK byte lost (a cut buffer, a byte-wise converter), read on."""
    def damage(text: str, rng: random.Random) -> str | None:
        data = encode(text, "gbk")
        if data is None or len(data) < 4:
            return None
        cut = rng.randrange(len(data) // 2)
        return READERS[reader](data[:cut] + data[cut + 1:])
    return damage


# ---- whole lost characters ----------------------------------------------------

LOST_RATE = 1 / 50


def lose_characters(text: str, rng: random.Random, style: str
                    ) -> tuple[str, list[int]] | None:
    """Lose about one character in 50 (at least one) of ``text``: each lost
    character's bytes all became replacement characters.  Returns the damaged
    text and the indexes (in ``text``) of the lost characters.

    ``style``:

    * ``"fffd"``: one U+FFFD per character (a lossy double decode, or a
      repair that could not place a pair: ``误用的�况``);
    * ``"question"``: one ``?`` per character (written to a code page that
      lacks it, or the Windows default character);
    * ``"split"``: the UTF-8 bytes were cut inside the character (a line
      wrap or a fixed-size buffer) and both halves decoded with
      ``errors="replace"``: 2 or 3 U+FFFD (one for the truncated prefix, one
      per orphaned continuation byte), as CPython's and every WHATWG UTF-8
      decoder do.
    """
    cands = [i for i, c in enumerate(text) if HAN_RE.match(c)]
    if not cands:
        return None
    lost = sorted(i for i in cands if rng.random() < LOST_RATE) or [rng.choice(cands)]
    parts: list[str] = []
    prev = 0
    for i in lost:
        parts.append(text[prev:i])
        if style == "fffd":
            parts.append(REPLACEMENT)
        elif style == "question":
            parts.append("?")
        else:
            b = text[i].encode("utf-8")
            cut = rng.randrange(1, len(b))
            parts.append(python_decode(b[:cut], "utf-8") + python_decode(b[cut:], "utf-8"))
        prev = i + 1
    parts.append(text[prev:])
    return "".join(parts), lost


def lost(style: str) -> Damage:
    def damage(text: str, rng: random.Random) -> str | None:
        res = lose_characters(text, rng, style)
        return None if res is None else res[0]
    return damage


# ---- context: one sentence in a paragraph, isolated clusters ----------------

SENTENCE_RE = re.compile(r"[^。！？；!?]*[。！？；!?]+[”’」』）)]*|[^。！？；!?]+$")


def one_sentence(inner: Damage) -> Damage:
    """Damage one sentence (8+ characters) of a clean paragraph with ``inner``
    (a pasted fragment, a quoted message from another system)."""
    def damage(text: str, rng: random.Random) -> str | None:
        parts = SENTENCE_RE.findall(text)
        idx = [i for i, p in enumerate(parts) if len(p) >= 8]
        if len(parts) < 2 or not idx:
            return None
        i = rng.choice(idx)
        bad = inner(parts[i], rng)
        if bad is None or bad == parts[i]:
            return None
        parts[i] = bad
        return "".join(parts)
    return damage


# ---------------------------------------------------------------------------
# the registry: every (kind, family) the benchmark measures
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """One way real software makes one kind of damage."""

    kind: str  #: textrepair's name for the damage (docs/kinds.md)
    family: str  #: the decoder family (docs/kinds.md, "Decoder families")
    writer: str  #: codec of the clean bytes ("utf-8", "gbk", "cp950", "ascii", "-")
    damage: Damage


def _f(kind: str, family: str, writer: str, damage: Damage) -> Family:
    return Family(kind, family, writer, damage)


_GBK = "python:gbk"
FAMILIES: list[Family] = [
    # UTF-8 read as GBK / GB18030 (古文码)
    _f("utf8_as_gbk", "lossless (every reader)", "utf-8", lossless("utf-8", "gbk")),
    _f("utf8_as_gbk", "python replace", "utf-8", via("utf-8", "python:gbk")),
    _f("utf8_as_gbk", "windows cp936", "utf-8", via("utf-8", "windows:cp936")),
    _f("utf8_as_gbk", "windows cp936, PUA dropped", "utf-8",
       via("utf-8", "windows:cp936", drop_private_use)),
    _f("utf8_as_gbk", "whatwg gbk", "utf-8", via("utf-8", "whatwg:gbk")),
    _f("utf8_as_gbk", "java GBK", "utf-8", via("utf-8", "java:GBK")),
    _f("utf8_as_gbk", "iconv -c GBK", "utf-8", via("utf-8", "iconv-c:GBK")),
    _f("utf8_as_gb18030", "python replace", "utf-8", via("utf-8", "python:gb18030")),
    _f("utf8_as_gbk_twice", "lossless (every reader)", "utf-8", twice_lossless("gbk")),
    _f("utf8_as_gbk_twice", "windows cp936", "utf-8", twice("utf-8", "windows:cp936")),
    # UTF-8 read as Big5 / cp950 / Shift-JIS
    _f("utf8_as_big5", "python replace", "utf-8", via("utf-8", "python:big5")),
    _f("utf8_as_big5", "whatwg big5", "utf-8", via("utf-8", "whatwg:big5")),
    _f("utf8_as_big5", "windows cp950", "utf-8", via("utf-8", "windows:cp950")),
    _f("utf8_as_big5", "python cp950 replace", "utf-8", via("utf-8", "python:cp950")),
    _f("utf8_as_cp932", "python replace", "utf-8", via("utf-8", "python:cp932")),
    _f("utf8_as_cp932", "windows cp932", "utf-8", via("utf-8", "windows:cp932")),
    _f("utf8_as_cp932", "whatwg shift_jis", "utf-8", via("utf-8", "whatwg:shift_jis")),
    # UTF-8 read as a single-byte code page (符号码)
    _f("utf8_as_cp1252", "windows/whatwg (C1 kept)", "utf-8", via("utf-8", "sloppy:cp1252")),
    _f("utf8_as_cp1252", "python replace", "utf-8", via("utf-8", "python:cp1252")),
    _f("utf8_as_cp1252", "mysql latin1 shown (C1+AD dropped)", "utf-8",
       via("utf-8", "mysql-latin1:cp1252")),
    _f("utf8_as_cp1252", "last byte cut", "utf-8", truncated_cp1252),
    _f("utf8_as_latin1", "latin-1", "utf-8", via("utf-8", "sloppy:latin-1")),
    _f("utf8_as_cp1252_twice", "windows/whatwg (C1 kept)", "utf-8",
       twice("utf-8", "sloppy:cp1252")),
    # GBK read as a single-byte code page (拼音码, zip names, terminals)
    *[_f(f"gbk_as_{c.replace('-', '')}", "single-byte", "gbk", via("gbk", f"sloppy:{c}"))
      for c in ("latin-1", "cp1252", "cp1250", "cp1254", "cp437", "cp850", "cp866")],
    _f("gbk_as_cp1252", "mysql latin1 shown (C1+AD dropped)", "gbk",
       via("gbk", "mysql-latin1:cp1252")),
    # GBK read as Big5 / Shift-JIS, Big5 read as GBK
    _f("gbk_as_big5", "python replace", "gbk", via("gbk", "python:big5")),
    _f("gbk_as_big5", "whatwg big5", "gbk", via("gbk", "whatwg:big5")),
    _f("gbk_as_big5", "windows cp950", "gbk", via("gbk", "windows:cp950")),
    _f("gbk_as_cp932", "python replace", "gbk", via("gbk", "python:cp932")),
    _f("gbk_as_cp932", "windows cp932", "gbk", via("gbk", "windows:cp932")),
    _f("gbk_as_cp932", "whatwg shift_jis", "gbk", via("gbk", "whatwg:shift_jis")),
    _f("big5_as_gbk", "python replace", "cp950", via("cp950", "python:gbk")),
    _f("big5_as_gbk", "windows cp936", "cp950", via("cp950", "windows:cp936")),
    _f("big5_as_gbk", "whatwg gbk", "cp950", via("cp950", "whatwg:gbk")),
    # escapes and inserted junk
    _f("utf16_as_ascii", "notepad", "ascii", utf16_as_ascii),
    _f("html_entity", "decimal", "-", html_decimal),
    _f("unicode_escape", "json ensure_ascii", "-", json_escape),
    _f("percent_escape", "utf-8", "-", percent_run("utf-8")),
    _f("percent_escape", "gbk", "-", percent_run("gbk")),
    _f("kunjinkao", "inserted", "-", kunjinkao),
    _f("debug_fill", "appended", "-", debug_fill),
    _f("big5_backslash", "addslashes", "cp950", big5_backslash),
    _f("misaligned_gbk", "windows cp936", "gbk", misaligned("windows:cp936")),
    _f("misaligned_gbk", "python replace", "gbk", misaligned(_GBK)),
    # whole lost characters
    _f("lost_characters", "one U+FFFD each", "-", lost("fffd")),
    _f("lost_characters", "one ? each", "-", lost("question")),
    _f("lost_characters", "UTF-8 split (2-3 U+FFFD)", "-", lost("split")),
]


def family(kind: str, name: str) -> Family:
    """The registered family ``name`` of ``kind``."""
    for f in FAMILIES:
        if f.kind == kind and f.family == name:
            return f
    raise KeyError((kind, name))


# ---------------------------------------------------------------------------
# the random sweep of issue 14 (tests/test_idempotence.py, benchmarks/idempotence.py)
# ---------------------------------------------------------------------------

_CJK = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
        "下过子说产")
_PUNCT = "，。！？、；：“”（）"


def _sweep_piece(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return "".join(rng.choice(_CJK + _PUNCT) for _ in range(rng.randint(1, 12)))
    if r < 0.7:  # UTF-8 read as GBK with errors="replace", as the sweep made it
        clean = "".join(rng.choice(_CJK) for _ in range(rng.randint(1, 10)))
        return clean.encode("utf-8").decode("gbk", errors="replace")
    if r < 0.78:
        return "".join(chr(rng.randint(0xE000, 0xF8FF)) for _ in range(rng.randint(1, 3)))
    if r < 0.84:
        return "".join(rng.choice("─│┌┐└┘├┤┬┴┼═║╔╗╚╝") for _ in range(rng.randint(1, 8)))
    if r < 0.9:
        return "".join(chr(rng.randint(0xFF61, 0xFF9F)) for _ in range(rng.randint(1, 4)))
    if r < 0.95:
        return chr(rng.randint(0xD800, 0xDFFF))
    return rng.choice(["😀", "🎉", "👍🏽", "🇨🇳"])


def sweep(n: int, seed: int = 14) -> list[str]:
    """``n`` strings as the issue's sweep made them (1-5 pieces each)."""
    rng = random.Random(seed)
    return ["".join(_sweep_piece(rng) for _ in range(rng.randint(1, 5))) for _ in range(n)]
