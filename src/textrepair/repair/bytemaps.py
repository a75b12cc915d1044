"""Codecs that behave like the real decoders that made the damage.

Nothing here is registered with Python's codec registry: these are plain
functions.  Two directions matter:

* **re-encoding** mojibake back to the bytes it came from, with the codec that
  misread them (:func:`encode_char`): "sloppy" single-byte codecs keep the
  bytes a strict codec leaves undefined (as C1 controls, like ftfy's
  sloppy-windows-1252); GBK maps ``€`` back to byte 0x80 and private-use
  characters back to GBK's user-defined areas, as Windows' cp936 does;
* **decoding** bytes the way Windows and browsers do (:func:`lenient_decode`):
  cp936 maps 0x80 to ``€`` and an undecodable pair to ``?`` (Windows) or
  U+FFFD (WHATWG), consuming the second byte unless it is ASCII.  The repair
  uses it to re-read misaligned GBK as Windows would
  (:func:`textrepair.repair.misalign.shift_one`); the benchmarks use it to
  make realistic damage.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType

#: Single-byte codecs that real software misreads multi-byte text with.
SINGLE_BYTE = ("latin-1", "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255",
               "cp1256", "cp1257", "cp1258", "cp437", "cp850", "cp866", "koi8-r")


@functools.cache
def single_byte_table(codec: str) -> tuple[Mapping[str, int], str]:
    """(char → byte, byte → char) for a sloppy single-byte codec.

    Bytes the strict codec leaves undefined map to the Latin-1 character of
    the same value (a C1 control), which is what browsers and ftfy do.
    """
    decode = []
    for b in range(256):
        try:
            decode.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            decode.append(chr(b))
    enc = {ch: b for b, ch in enumerate(decode)}
    return MappingProxyType(enc), "".join(decode)


@functools.cache
def cp932_ibm_table() -> Mapping[str, bytes]:
    """cp932's IBM extension characters (lead bytes FA-FC) by character.

    cp932 decodes both the NEC-selected (ED/EE) and the IBM (FA-FC) codes of
    these characters to the same code point, and Python encodes them back as
    ED/EE.  GBK text read as cp932 came from FA-FC far more often (GBK's lead
    bytes FA-FC are ordinary characters), so re-encoding prefers them.
    """
    table: dict[str, bytes] = {}
    for lead in (0xFA, 0xFB, 0xFC):
        for trail in range(0x40, 0xFD):
            try:
                ch = bytes((lead, trail)).decode("cp932")
            except UnicodeDecodeError:
                continue
            table.setdefault(ch, bytes((lead, trail)))
    return MappingProxyType(table)


def encode_char(ch: str, codec: str) -> bytes | None:
    """Bytes that ``codec`` (as real decoders read it) shows as ``ch``; None if none.

    Memoized per codec (pure): the search re-encodes the same characters for
    every layer and every pass.
    """
    return char_encoder(codec)(ch)


@functools.cache
def char_encoder(codec: str) -> Callable[[str], bytes | None]:
    """:func:`encode_char` for one codec, memoized per character (a memo of
    one argument is looked up at C speed, also from ``map``)."""
    return functools.lru_cache(maxsize=1 << 15)(functools.partial(_encode_char, codec=codec))


def _encode_char(ch: str, codec: str) -> bytes | None:
    if codec == "cp932" and ch in cp932_ibm_table():
        return cp932_ibm_table()[ch]
    if codec in SINGLE_BYTE:
        b = single_byte_table(codec)[0].get(ch)
        return None if b is None else bytes((b,))
    if codec == "gbk":
        if ch == "€":
            return b"\x80"
        try:
            return ch.encode("gbk")
        except UnicodeEncodeError:
            if 0xE000 <= ord(ch) <= 0xF8FF:
                try:
                    out = ch.encode("gb18030")
                except UnicodeEncodeError:
                    return None
                return out if len(out) == 2 else None
            return None
    if codec == "cp950":
        return _encode_cp950(ch)
    if codec == "utf-16-le":
        o = ord(ch)
        if 0xD800 <= o <= 0xDFFF:
            return None
        return ch.encode("utf-16-le")
    try:
        return ch.encode(codec)
    except (UnicodeEncodeError, LookupError):
        return None


#: Windows' cp950 end-user-defined areas and the private-use code points it
#: decodes them to: (first lead, last lead, first trail row offset, first code
#: point); rows are Big5's 157 trail bytes (40-7E, A1-FE).
_CP950_EUDC = ((0xFA, 0xFE, 0, 0xE000), (0x8E, 0xA0, 0, 0xE311), (0x81, 0x8D, 0, 0xEEB8),
               (0xC6, 0xC6, 63, 0xF6B1), (0xC7, 0xC8, 0, 0xF70F))


def _encode_cp950(ch: str) -> bytes | None:
    """Big5 bytes that real readers show as ``ch``: cp950, else Big5-HKSCS
    (browsers decode Big5 with the HKSCS index: 〈⺼〉 is C8E7), else the
    end-user-defined pair Windows decodes to this private-use code point."""
    for codec in ("cp950", "big5hkscs"):
        try:
            b = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(b) <= 2:
            return b
    o = ord(ch)
    for lo, hi, skip, first in _CP950_EUDC:
        t = o - first + skip
        if 0 <= o - first < (hi - lo + 1) * 157 - skip:
            lead, t = lo + t // 157, t % 157
            return bytes((lead, 0x40 + t if t < 63 else 0x62 + t))
    return None


@functools.lru_cache(maxsize=256)
def encode_chars(text: str, codec: str) -> tuple[bytes | None, ...]:
    """:func:`encode_char` of each character of ``text`` (memoized: a region is
    re-encoded for every layer that misreads with ``codec``)."""
    return tuple(map(char_encoder(codec), text))


def encode_text(text: str, codec: str) -> bytes | None:
    """Encode all of ``text`` the way :func:`encode_char` does; None if any char fails."""
    if codec not in SINGLE_BYTE and codec not in ("gbk", "utf-16-le", "cp932"):
        try:
            return text.encode(codec)
        except (UnicodeEncodeError, LookupError):
            return None
    parts = []
    for ch in text:
        b = encode_char(ch, codec)
        if b is None:
            return None
        parts.append(b)
    return b"".join(parts)


def decode_strict(data: bytes, codec: str) -> str | None:
    """Decode ``data`` strictly; GBK accepts its user-defined areas (as PUA). None on error."""
    if codec in SINGLE_BYTE:
        return "".join(single_byte_table(codec)[1][b] for b in data)
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        if codec == "gbk":
            try:
                out = data.decode("gb18030")
            except UnicodeDecodeError:
                return None
            # gb18030 also has 4-byte sequences, which GBK writers never produce.
            ok = all(ord(c) < 0x80 or len(c.encode("gb18030")) == 2 for c in out)
            return out if ok else None
        return None
    except LookupError:
        return None


def lenient_decode(data: bytes, codec: str, *, decoder: str = "windows") -> str:
    """Decode ``data`` the way a real program does: it never fails, and what it
    makes of undecodable bytes is what that program shows.

    ``decoder``:

    * ``"python"``: Python's codec with ``errors="replace"``;
    * ``"windows"``: Windows' MultiByteToWideChar for cp936/cp950: an
      undecodable pair becomes ``?``; 0x80 is ``€`` in cp936;
    * ``"whatwg"``: browsers' decoders: the pair becomes U+FFFD.

    In the windows and whatwg modes the byte after an invalid lead byte is
    consumed with it unless it is ASCII.
    """
    if decoder == "python" or codec not in ("gbk", "gb18030", "big5", "cp950"):
        return data.decode(codec, errors="replace")
    repl = "?" if decoder == "windows" else "\ufffd"
    out: list[str] = []
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if b == 0x80 and codec in ("gbk", "gb18030"):
            out.append("€")
            i += 1
            continue
        if i + 1 < n:
            pair = data[i:i + 2]
            ch = decode_strict(pair, "gbk" if codec in ("gbk", "gb18030") else codec)
            if ch is not None and len(ch) == 1:
                out.append(ch)
                i += 2
                continue
            if codec == "gb18030" and i + 3 < n:
                quad = decode_strict(data[i:i + 4], "gb18030")
                if quad is not None and len(quad) == 1:
                    out.append(quad)
                    i += 4
                    continue
            out.append(repl)
            i += 1 if data[i + 1] < 0x80 else 2
            continue
        out.append(repl)
        i += 1
    return "".join(out)


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (single_byte_table, cp932_ibm_table, char_encoder, encode_chars)
