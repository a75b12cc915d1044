"""Bytes of unknown encoding → text, decided by the Chinese language model.

Order of evidence: a BOM; strict UTF-8; then every candidate encoding that
decodes the bytes strictly is scored with the language model and the
cheapest wins (a declared charset only breaks near-ties: real pages lie about
it).  Pages labelled gb2312/gbk are read as gb18030, as browsers do.  Bytes
that no candidate decodes strictly are decoded with the best candidate and
``errors="replace"``, and the result says so.  Never raises on any bytes.
"""

from __future__ import annotations

import codecs as _pycodecs
from dataclasses import dataclass

from .score import score

#: Candidates tried when the bytes are not UTF-8, in tie-breaking order.
CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs", "hz", "shift_jis", "cp932",
              "euc-kr", "cp949", "euc-jp", "utf-16-le", "utf-16-be", "cp1252")
#: How much cheaper (nats/char) the declared charset may be beaten by before a
#: different candidate wins.
DECLARED_BONUS = 0.3
#: Bytes scored per candidate (the model is per-character; 64 KiB is plenty).
SAMPLE_BYTES = 1 << 16

_LABELS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
           "gb_2312-80": "gb18030", "euc-cn": "gb18030", "big5": "big5", "x-big5": "big5",
           "utf8": "utf-8", "shift-jis": "shift_jis", "sjis": "shift_jis",
           "windows-1252": "cp1252", "iso-8859-1": "cp1252", "latin1": "cp1252",
           "hz-gb-2312": "hz", "ks_c_5601-1987": "cp949"}


class UnknownEncodingError(LookupError):
    """A declared charset name that Python does not know."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding used and why it was chosen."""

    text: str
    encoding: str
    reason: str
    lossy: bool = False


def normalize_label(label: str) -> str:
    """Map a charset label (HTTP/meta) to the codec to use; raise if unknown."""
    key = label.strip().lower()
    name = _LABELS.get(key, key)
    try:
        _pycodecs.lookup(name)
    except LookupError:
        raise UnknownEncodingError(
            f"{label!r} is not an encoding; use a label such as 'gbk', 'big5' or 'utf-8'"
        ) from None
    return name


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"),
         (b"\xfe\xff", "utf-16-be"))


def decode_explained(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data``; the result names the encoding and the evidence."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):] if enc != "utf-8-sig" else data
            return Decoded(body.decode(enc, errors="replace"), enc, "byte-order mark")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "valid UTF-8")
    except UnicodeDecodeError:
        pass
    hint = None
    if declared:
        try:
            hint = normalize_label(declared)
        except UnknownEncodingError:
            hint = None
    sample = data[:SAMPLE_BYTES]
    best: tuple[float, str] | None = None
    order = ([hint] if hint else []) + [c for c in CANDIDATES if c != hint]
    for enc in order:
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError as err:
            # a multi-byte character cut by the sample boundary is not an error
            if len(sample) < len(data) and err.start >= len(sample) - 4:
                text = sample[:err.start].decode(enc, errors="replace")
            else:
                continue
        if enc.startswith("utf-16") and "\x00" in text:
            continue
        c = score(text).mean - (DECLARED_BONUS if enc == hint else 0.0)
        if best is None or c < best[0]:
            best = (c, enc)
    if best is not None:
        enc = best[1]
        try:
            text = data.decode(enc)
            why = f"decodes strictly; lowest language-model cost ({best[0]:.2f})"
            if hint and enc != hint:
                why += f"; declared {declared!r} lost"
            return Decoded(text, enc, why)
        except UnicodeDecodeError:
            pass
    # nothing decodes strictly: the candidate with the fewest replacements
    fallback = []
    for enc in ([hint] if hint else []) + ["gb18030", "big5", "utf-8"]:
        text = data.decode(enc, errors="replace")
        fallback.append((text.count("\ufffd"), score(text[:20000]).mean, enc, text))
    fallback.sort(key=lambda t: (t[0], t[1]))
    bad, _, enc, text = fallback[0]
    return Decoded(text, enc, f"no encoding decodes strictly; {bad} byte sequences "
                              f"replaced by U+FFFD", lossy=True)


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Raw bytes of unknown encoding to text.

    >>> decode("中文".encode("gbk"))
    '中文'
    """
    return decode_explained(data, declared=declared).text
