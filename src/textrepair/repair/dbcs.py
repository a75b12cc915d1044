"""Lost lead bytes of a double-byte writer: Big5 read as GBK with ``errors="replace"``.

Python's GBK decoder (and the replace handlers built on it) replaces an
invalid pair's *lead byte* alone with U+FFFD and goes on from the next byte,
so the rest of the line is read out of step (``經濟發展離不開國家`` becomes
``竒蕾祇甶瞒ぃ秨瓣產�氦浍``).  Every character but the U+FFFD still re-encodes
to the exact bytes it came from, so the Big5 text is the GBK bytes decoded as
Big5, with one unknown byte per U+FFFD: a Big5 lead byte that GBK rejects in
front of the byte that follows.  The few such bytes are tried one hole at a
time, left to right, and the language model keeps the cheapest reading.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from ..chars import is_han
from .bytemaps import encode_char
from .candidate import Candidate, trim
from .holes import fill_cost
from .kinds import Layer, recovered

#: Lines with more holes, or longer, are left to the other candidates.
MAX_HOLES_PER_LINE = 60
#: ... and texts with more holes than this are not searched at all (the
#: work is about 48² bigram lookups per hole).
MAX_HOLES_PER_TEXT = 600
MAX_LINE = 2000


@functools.cache
def byte_options(next_byte: int | None, misread: str) -> tuple[int, ...]:
    """Bytes ``h`` that ``misread``'s decoder would have replaced alone in
    front of ``next_byte`` (any byte from 0x81 when the next one is unknown)."""
    if next_byte is None:
        return tuple(range(0x81, 0xFF))
    out = []
    for h in range(0x81, 0xFF):
        try:
            bytes((h, next_byte)).decode(misread)
        except UnicodeDecodeError:
            out.append(h)
    return tuple(out)


def _line_bytes(line: str, misread: str) -> list[bytes | None] | None:
    """Bytes per character (None for a hole); None if a character cannot be encoded."""
    out: list[bytes | None] = []
    for ch in line:
        if ch == "\ufffd":
            out.append(None)
            continue
        b = encode_char(ch, misread)
        if b is None:
            return None
        out.append(b)
    return out


#: Options kept per uncertain character (cheapest by unigram cost).
MAX_OPTIONS = 48


def _gbk_rejects(h: int, nxt: int | None, misread: str) -> bool:
    """True if ``misread``'s decoder would replace ``h`` alone before ``nxt``."""
    return nxt is None or h in byte_options(nxt, misread)


def _parse(flat: list[int | None]) -> list[tuple[int, int]] | None:
    """Character spans of the double-byte parse from the line start.

    A hole is always a byte from 0x81 (the misreading decoder replaces only
    lead bytes), so every byte's role (single, lead or trail) is fixed
    whatever the holes were.
    """
    spans = []
    i = 0
    n = len(flat)
    while i < n:
        b = flat[i]
        if b is None or b >= 0x81:
            if i + 1 >= n:
                return None  # cut after a lead byte
            spans.append((i, i + 2))
            i += 2
        else:
            spans.append((i, i + 1))
            i += 1
    return spans


def _options(flat: list[int | None], a: int, misread: str, wrote: str) -> tuple[str, ...]:
    """The characters a two-byte span with holes can have been, cheapest first."""
    after = flat[a + 2] if a + 2 < len(flat) else None
    return _span_options(flat[a], flat[a + 1], after, misread, wrote)


@functools.lru_cache(maxsize=4096)
def _span_options(first: int | None, second: int | None, after: int | None, misread: str,
                  wrote: str) -> tuple[str, ...]:
    flat = [first, second]
    a = 0
    firsts = [flat[a]] if flat[a] is not None else list(range(0x81, 0xFF))
    out: dict[str, float] = {}
    for h1 in firsts:
        assert h1 is not None
        # a hole is a byte the decoder rejected as a lead: never below 0x81
        seconds = [flat[a + 1]] if flat[a + 1] is not None else list(range(0x81, 0xFF))
        for h2 in seconds:
            assert h2 is not None
            if flat[a] is None and not _gbk_rejects(h1, h2, misread):
                continue
            if flat[a + 1] is None and not _gbk_rejects(h2, after, misread):
                continue
            try:
                ch = bytes((h1, h2)).decode(wrote)
            except UnicodeDecodeError:
                continue
            out[ch] = fill_cost("", ch)
    return tuple(sorted(out, key=out.__getitem__)[:MAX_OPTIONS])


#: Big5's punctuation row (A1 40-A1 7E) lies in the range GBK rejects, so a
#: hole before any byte 40-7E offers every mark of it; all but ， and 。 are
#: rare in running text (：；！？ well under 1%), which the shared punctuation
#: costs (tuned for UTF-8 holes, where marks compete with marks) do not say.
RARE_MARK_COST = 2.0
_COMMON_MARKS = frozenset("，。")


def _cost(prev: str, ch: str, uncertain: bool) -> float:
    c = fill_cost(prev, ch)
    if uncertain and not is_han(ch) and ch not in _COMMON_MARKS:
        c += RARE_MARK_COST
    return c


def _fill(parts: list[bytes | None], misread: str, wrote: str) -> str | None:
    """The cheapest reading of a line whose holes are unknown single bytes.

    The bytes are parsed as ``wrote`` from the line start; each character
    with a hole gets the characters its bytes allow (the misreading decoder
    must have rejected each hole in front of the byte after it), and a
    Viterbi pass over the character bigram model picks one per position.
    """
    flat: list[int | None] = []
    for p in parts:
        if p is None:
            flat.append(None)
        else:
            flat.extend(p)
    spans = _parse(flat)
    if spans is None:
        return None
    columns: list[tuple[str, ...]] = []
    for a, b in spans:
        if None in flat[a:b]:
            opts = _options(flat, a, misread, wrote)
            if not opts:
                return None
            columns.append(opts)
        else:
            raw = bytes(x for x in flat[a:b] if x is not None)
            try:
                columns.append((raw.decode(wrote),))
            except UnicodeDecodeError:
                return None
    # Viterbi over the columns
    best: dict[str, tuple[float, str]] = {"": (0.0, "")}
    for col in columns:
        nxt: dict[str, tuple[float, str]] = {}
        uncertain = len(col) > 1
        for ch in col:
            nxt[ch] = min((c + _cost(prev, ch, uncertain), out + ch)
                          for prev, (c, out) in best.items())
        best = nxt
    return min(best.values())[1]


def hole_candidates(text: str, layer: Layer) -> Iterator[Candidate]:
    """Candidates for each line of ``text`` that has U+FFFD holes, when
    ``layer`` is a double-byte writer misread by GBK (Big5 read as GBK)."""
    if layer.misread != "gbk" or layer.wrote not in ("cp950", "big5") or "\ufffd" not in text:
        return
    if text.count("\ufffd") > MAX_HOLES_PER_TEXT:
        return
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos
        pos += len(line)
        holes = line.count("\ufffd")
        if not holes or holes > MAX_HOLES_PER_LINE or len(line) > MAX_LINE:
            continue
        parts = _line_bytes(line, layer.misread)
        if parts is None:
            continue
        new = _fill(parts, layer.misread, layer.wrote)
        if new is None or new == line:
            continue
        s, e, after = trim(text, start, start + len(line), new)
        yield Candidate(recovered(layer.kind), s, e, after,
                        f"encode({layer.misread}) → decode({layer.wrote}); each U+FFFD was "
                        "a lead byte, chosen by the language model")


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (byte_options, _span_options)
