"""Re-decoding: undo a mis-decoding (bytes written in one codec, read in
another) on every span of a text where it applies.

Each function proposes :class:`~textrepair.repair.candidate.Candidate`
edits; none of them decides.  The pipeline scores every candidate against
the text it would replace and keeps only those that win by the configured
margin.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator, Sequence

from ..model.score import state_machine
from .bytemaps import decode_strict, encode_char, encode_chars, encode_text
from .candidate import Candidate, trim
from .kinds import Layer


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
                out.extend(Candidate(layer.kind, a, b, n, rule)
                           for a, b, n in _without_whole_edges(text, enc, s2, e2, new2, layer))
    return tuple(out)


#: Clean characters at most trimmed from each end by :func:`_without_whole_edges`.
MAX_WHOLE_EDGE = 3


def _whole(enc: Sequence[bytes | None], k: int, layer: Layer) -> str | None:
    """The one character source character ``k``'s bytes decode to on their
    own, if it is one of the scripts from U+0370 on (Greek, Cyrillic, Hebrew,
    Arabic: a UTF-8 pair that Chinese text beside them never means; 聽 is
    C2 A0, a no-break space, which mojibake of Chinese web pages often holds)."""
    out = decode_strict(enc[k] or b"", layer.wrote)
    return out if out is not None and len(out) == 1 and out >= "\u0370" else None


def _without_whole_edges(text: str, enc: Sequence[bytes | None], s: int, e: int, new: str,
                         layer: Layer) -> Iterator[tuple[int, int, str]]:
    """The span ``[s, e)`` (re-decoded as ``new``) without its first or last
    source characters whose bytes decode on their own, each to one character:
    clean characters beside the mojibake whose bytes happen to be whole UTF-8
    sequences (之 is D6 AE, U+05AE: ``鐢ㄦ埛鐧诲綍鎴愬姛之`` is 用户登录成功֮;
    头一 is ͷһ).  Which reading wins is judged like any other."""
    if e - s < 2 or layer.wrote != "utf-8":
        return
    head: list[str] = []
    while len(head) < MAX_WHOLE_EDGE and s + len(head) < e - 1:
        ch = _whole(enc, s + len(head), layer)
        if ch is None or new[len(head):len(head) + 1] != ch:
            break
        head.append(ch)
    tail: list[str] = []
    while len(tail) < MAX_WHOLE_EDGE and e - len(tail) - 1 > s + len(head):
        ch = _whole(enc, e - 1 - len(tail), layer)
        if ch is None or new[len(new) - 1 - len(tail):len(new) - len(tail)] != ch:
            break
        tail.append(ch)
    for a in range(len(head) + 1):
        for b in range(len(tail) + 1):
            if a or b:
                yield s + a, e - b, new[a:len(new) - b]


def redecode_whole(text: str, layer: Layer) -> str | None:
    """Undo ``layer`` on all of ``text``; None unless every byte decodes."""
    data = encode_text(text, layer.misread)
    if data is None:
        return None
    out = decode_strict(data, layer.wrote)
    if out is None or out == text:
        return None
    return out


#: At most this many characters are added on each side of a candidate of a
#: one-for-one re-decoding (GBK ↔ Big5) by :func:`swap_extension`, each only
#: where its re-decoding costs EXTEND_MARGIN nats less than it (with the two
#: characters beyond it and the candidate's two nearest as context).
MAX_EXTENSION = 16
EXTEND_MARGIN = 2.0


def swap_extension(text: str, cand: Candidate, layer: Layer) -> Candidate:
    """``cand`` grown one character at a time on each side while the next
    character re-decodes, one for one, to another character that the model
    prefers there by EXTEND_MARGIN (GBK read as Big5 makes mostly
    common-looking characters, so the scan's regions miss the first or last
    of a run: 撼 before 域頗 is 举 before 报会).  Whether the grown candidate
    wins is judged like any other."""
    m = state_machine()
    start, end, after = cand.start, cand.end, cand.after
    for _ in range(MAX_EXTENSION):
        if start == 0 or text[start - 1].isspace():
            break
        new = _one_for_one(text[start - 1], layer)
        if new is None:
            break
        _, s0 = m.advance(text[max(0, start - 3):start - 1])
        head = after[:2]
        if m.advance(new + head, s0)[0] + EXTEND_MARGIN > m.advance(text[start - 1] + head, s0)[0]:
            break
        start, after = start - 1, new + after
    for _ in range(MAX_EXTENSION):
        if end >= len(text) or text[end].isspace():
            break
        new = _one_for_one(text[end], layer)
        if new is None:
            break
        _, s0 = m.advance(text[max(0, start - 2):start] + after[-2:] if len(after) < 2
                          else after[-2:])
        tail = text[end + 1:end + 3]
        if m.advance(new + tail, s0)[0] + EXTEND_MARGIN > m.advance(text[end] + tail, s0)[0]:
            break
        end, after = end + 1, after + new
    if (start, end) == (cand.start, cand.end):
        return cand
    return Candidate(cand.kind, start, end, after, cand.rule, cand.evidence)


def _one_for_one(ch: str, layer: Layer) -> str | None:
    """What ``ch`` re-decodes to under ``layer``, if one other Han character."""
    b = encode_char(ch, layer.misread)
    if b is None or len(b) != 2:
        return None
    out = decode_strict(b, layer.wrote)
    return out if out is not None and len(out) == 1 and out != ch and out >= "\u3400" else None


#: An ASCII character (a line with one is not ASCII read as UTF-16).
_ASCII_CHAR = re.compile("[\x00-\x7f]")
#: Bytes ASCII text is made of (printable, tab, line ends).
_TEXT_BYTES = (0x09, 0x0A, 0x0D, *range(0x20, 0x7F))


@functools.cache
def _wide_ascii() -> re.Pattern[str]:
    """Runs of at least 4 characters whose UTF-16-LE code unit is two ASCII text bytes."""
    body = "".join(re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi != lo else "")
                   for lo, hi in _spans([h << 8 | b for h in _TEXT_BYTES for b in _TEXT_BYTES]))
    return re.compile(f"[{body}]{{4,}}")


def _spans(cps: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for c in sorted(cps):
        if out and c == out[-1][1] + 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def wide_candidates(text: str, layer: Layer) -> Iterator[Candidate]:
    """ASCII read as UTF-16 (``layer.misread``, little-endian): every run of a
    line without ASCII whose code units are all pairs of ASCII text bytes, as
    one candidate (the scan's regions are too small for it: many of its
    characters are common Han)."""
    wide = _wide_ascii()
    if wide.search(text) is None:  # (a run of a line is a run of the text)
        return
    pos = 0
    for line in text.splitlines(keepends=True):
        if _ASCII_CHAR.search(line.rstrip("\r\n")) is None:
            for m in wide.finditer(line):
                out = m.group().encode(layer.misread).decode("ascii")
                if " " in out:  # English has spaces; clean Han text read so seldom does
                    yield Candidate(layer.kind, pos + m.start(), pos + m.end(), out,
                                    f"encode({layer.misread}) → decode({layer.wrote})")
        pos += len(line)


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_redecode, _wide_ascii)
