"""Lost bytes: re-decode UTF-8 mojibake that has holes in it.

A run of mojibake is re-encoded with the reader's codec into a byte template:
known bytes where a character re-encodes, holes where the reader left a mark
(``?``, U+FFFD) or dropped bytes without one.  :mod:`~textrepair.repair.holes`
says which byte strings each hole may have been; this module cuts the run
into *pieces* at the tokens whose first byte must start a UTF-8 character,
decides what each piece is (it decodes, it holds a hole, it decodes once a
dropped byte or pair is put back, or it is not UTF-8 at all), and hands each
*window* -- a maximal stretch of pieces that are not "not UTF-8", holding at
least one hole -- to the lattice of :mod:`~textrepair.repair.lattice`, which
chooses the fillings with the language model over the whole window.
Characters that are not UTF-8 mojibake stay as they are, so the windows also
find where the mojibake starts and ends.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator, Sequence

from .bytemaps import encode_char
from .candidate import Candidate, trim
from .holes import (
    DROP_COST,
    DROPPING_READERS,
    INPUT_ENDED,
    REPLACEMENT,
    Segment,
    alternatives,
    completion,
    drop_units,
    mark_unit,
    replacement_run,
)
from .kinds import Layer, recovered
from .lattice import Budget, Choice, Item, Reading, decode, left_state
from .lostchar import traditional
from .redecode import runs
from .scan import suspect_regex

#: A character of a run: its bytes under the layer, a :class:`Choice`, or a
#: hole mark (the mark itself, resolved with its neighbours).
Token = bytes | Choice | str

#: Hole marks: U+FFFD, and ``?`` (or cp932's ``・``) after a character that is not ASCII.
_HOLE_MARK = re.compile("\ufffd|(?<=[^\x00-\x7f])[?\u30fb]")

#: The readers whose holes are modelled (docs/kinds.md, "Decoder families").
HOLE_READERS = frozenset({"gbk", "cp1252", "latin-1", "cp932"})
#: Readers whose hole may be the lead byte of a whole UTF-8 character: cp932
#: maps few of the pairs a UTF-8 lead byte makes (EF BC of ，, after a whole
#: 吧), where GBK maps nearly all of them.
LEAD_HOLE_READERS = frozenset({"cp932", "cp932/whatwg"})
#: Windows longer than this many tokens are cut at a piece boundary (the
#: lattice is linear; this bounds what one candidate replaces).
MAX_WINDOW = 2048
#: Dropped bytes are put back in a piece at most this many pieces away from
#: one that is UTF-8 with a CJK character in it (drops come in runs: 们要
#: read by iconv -c loses three pairs in a row).
GAP_REACH = 3
#: At most this many fillings are tried for the dropped bytes of one piece.
MAX_GAP_OPTIONS = 2048


@functools.cache
def _tokenizer(misread: str) -> Callable[[str], Token | None]:
    """:func:`_char_token` for one codec, memoized per character (tokens are
    immutable; a memo of one argument is looked up at C speed from ``map``)."""
    return functools.lru_cache(maxsize=1 << 15)(functools.partial(_char_token, misread=misread))


def _char_token(char: str, misread: str) -> Token | None:
    """The token of a character that is not a hole under ``misread``."""
    b = encode_char(char, misread)
    if b is None:
        return None
    alts = alternatives(misread, char)
    return Choice(b, tuple((a, 0.0) for a in alts)) if alts else b


def tokens_for(text: str, layer: Layer) -> list[Token | None]:
    """Bytes (or alternatives) per character under ``layer``; holes as their
    marks; None where a run must break."""
    out = list(map(_tokenizer(layer.misread), text))
    for m in _HOLE_MARK.finditer(text):
        k = m.start()
        if mark_unit(layer.misread, m.group(), -1, False) is None:
            continue  # this reader writes no such mark: a real character
        head = _since_aligned(out, k)
        if m.group() == "?" and head is not None and not _inside_sequence(head):
            continue  # after a whole character: a real question mark
        out[k] = m.group()
    return out


def _since_aligned(toks: Sequence[Token | None], k: int) -> bytes | None:
    """The bytes of the tokens before ``k``, back to the last one that starts
    a UTF-8 character (at most four tokens; a choice counts with its own
    bytes); None after another mark (unknown)."""
    parts: list[bytes] = []
    for t in toks[max(0, k - 4):k][::-1]:
        if t is None:
            break
        if isinstance(t, str):
            return None
        parts.append(t.own if isinstance(t, Choice) else t)
        if _aligned(t):
            break
    return b"".join(reversed(parts))


def _aligned(t: Token) -> bool:
    """Known bytes whose first byte starts a UTF-8 character."""
    return isinstance(t, bytes) and (t[0] < 0x80 or t[0] >= 0xC0)


def _cuts(run: Sequence[Token]) -> list[int]:
    """0, the indices of the aligned tokens after the first, and ``len(run)``:
    where UTF-8 pieces may start."""
    return [0, *(k for k, t in enumerate(run) if k and _aligned(t)), len(run)]


def lossy_candidates(text: str, layer: Layer,
                     budget: Budget | None = None) -> Iterator[Candidate]:
    """Candidates for UTF-8 runs with holes under ``layer`` (writer must be UTF-8)."""
    if layer.wrote != "utf-8" or layer.misread not in HOLE_READERS:
        return
    toks = tokens_for(text, layer)
    for k, reader in enumerate(hole_readers(text, layer.misread)):
        yield from _lossy_runs(text, layer, toks, reader, budget, again=k > 0)


def _lossy_runs(text: str, layer: Layer, toks: list[Token | None], reader: str,
                budget: Budget | None, again: bool = False) -> Iterator[Candidate]:
    """:func:`lossy_candidates` with the holes of ``reader``; ``again``: a
    second reader, whose U+FFFD alone differs (runs without one are skipped)."""
    for i, j in runs(toks):
        if budget is not None and budget.remaining <= 0:
            return
        if again and REPLACEMENT not in text[i:j]:
            continue  # the first reader's search was this one
        if j - i < 2 or all(isinstance(t, bytes) and t.isascii() for t in toks[i:j]):
            continue  # no UTF-8 sequence fits in one token of a double-byte reading
        run = _Run([t for t in toks[i:j] if t is not None], text[i:j], reader, j == len(text),
                   budget)
        for c, d in _windows(run):
            for a, b, reading in _readings(run, c, d, text, i, budget, MAX_SPLITS):
                s, e = i + a, i + b
                if reading.text == text[s:e] or not any(ord(ch) >= 0x2E80
                                                        for ch in reading.text):
                    continue  # guessing lost bytes is for CJK text, not for “bb+‘
                s2, e2, new = trim(text, s, e, reading.text)
                if reading.filled:
                    yield Candidate(recovered(layer.kind), s2, e2, new,
                                    f"encode({layer.misread}) → decode(utf-8), lost bytes "
                                    "recovered by the language model", reading.evidence)
                else:
                    yield Candidate(layer.kind, s2, e2, new,
                                    f"encode({layer.misread}) → decode(utf-8)", reading.evidence)
            if budget is not None and budget.remaining <= 0:
                return


def hole_readers(text: str, misread: str) -> tuple[str, ...]:
    """The readers whose holes :mod:`~textrepair.repair.holes` models for
    ``text``: ``misread``, and for cp932 also the WHATWG Shift_JIS decoder
    (``cp932/whatwg``: its U+FFFD may stand for a lead byte and the byte after
    it) unless the text shows CPython's or Windows' reading (both read A0 as
    U+F8F0, which WHATWG makes U+FFFD).  The pairs that WHATWG's holes may be
    cost a CPython text its search, so each reading is searched on its own and
    the judge keeps the better."""
    if misread == "cp932" and "\ufffd" in text and "\uf8f0" not in text:
        return (misread, "cp932/whatwg")
    return (misread,)


#: A window whose lattice finds no reading is split at the piece where every
#: reading died, at most this many times (each split costs one more search).
MAX_SPLITS = 4


def _readings(run: _Run, c: int, d: int, text: str, offset: int, budget: Budget | None,
              splits: int) -> Iterator[tuple[int, int, Reading]]:
    """The best reading of pieces ``c..d-1`` as ``(start, end, reading)`` in
    token offsets of the run.  Where every reading dies, the mojibake ended:
    at a mark followed by clean text (the reader's input ended there, so the
    mark is a lone lead byte: one damaged sentence in a clean paragraph), or
    else at the last character boundary before; the pieces after the one
    that failed are read again (at most ``splits`` times)."""
    if not run.lossy(c, d) or (budget is not None and budget.remaining <= 0):
        return
    a, b = run.spans[c][0], run.spans[d - 1][1]
    if all(isinstance(t, bytes) and t.isascii() for t in run.toks[a:b]):
        return
    items, ends, pieces = _items(run, c, d)
    s, e = offset + a, offset + b
    left = left_state(text[max(0, s - 3):s])
    trad = traditional(_known_text(items))
    reading, read, failed = decode(items, left, text[e:e + 2], e + 2 >= len(text), budget, trad)
    if failed < 0:
        if reading is not None:
            yield a, b, reading
        return
    x = pieces[min(failed, len(items) - 1)]
    stop = _fragment_end(run, a, run.spans[x][1])
    if stop is not None:
        items, ends, _ = _items(run, c, d, stop)
        e = offset + stop + 1
        reading, read, failed = decode(items, left, text[e:e + 2], True, budget, trad)
        if reading is not None and failed < 0:
            yield a, stop + 1, reading
            x = next(k for k in range(c, d) if run.spans[k][1] > stop)
            reading = None
    if reading is not None and read > 0:
        yield a, ends[read - 1], reading
    if splits > 0 and x + 1 < d:
        yield from _readings(run, x + 1, d, text, offset, budget, splits - 1)


def _known_text(items: Sequence[Item]) -> str:
    """What the known bytes of a window decode to (for its script)."""
    return "".join(it.decode("utf-8", errors="ignore") for it in items if isinstance(it, bytes))


#: Characters after a mark that, when none is suspicious, say the damaged
#: fragment may have ended at the mark.
CLEAN_AFTER = 2


def _fragment_end(run: _Run, a: int, b: int) -> int | None:
    """The last mark in tokens ``a..b-1`` followed by clean text."""
    suspect = suspect_regex()
    for k in range(b - 1, a - 1, -1):
        if isinstance(run.toks[k], str):
            after = run.chars[k + 1:k + 1 + CLEAN_AFTER]
            if len(after) == CLEAN_AFTER and not after.isascii() \
                    and suspect.search(after) is None:
                return k
    return None


# -- pieces -----------------------------------------------------------------------

#: What a piece is: decodes ("ok"), holds a hole or an alternative ("hole"),
#: decodes once dropped bytes are put back ("gap"), or is not UTF-8 ("bad").
_OK, _HOLE, _GAP, _BAD, _MAYBE, _CHOICE = "ok", "hole", "gap", "bad", "maybe", "choice"
#: What looking for dropped bytes in one piece costs of the call's search
#: budget (lattice.Budget), in lattice feeds.  Unbudgeted, this look took half
#: the time of benchmarks/scaling.py's adversarial mojibake; charged 80, the
#: worst of 12 such strings of 4,000-16,000 characters takes 0.72 s per 10 KB
#: (1.18 s with 25), and the lossy rows of benchmarks/accuracy.py are the same.
GAP_WORK = 80


class _Run:
    """A run of tokens cut into pieces, with what each piece is."""

    __slots__ = ("at_text_end", "chars", "gaps", "kinds", "reader", "spans", "toks")

    def __init__(self, toks: list[Token], chars: str, reader: str, at_text_end: bool,
                 budget: Budget | None = None) -> None:
        self.toks = toks
        self.chars = chars
        self.reader = reader
        self.at_text_end = at_text_end
        self.spans = list(itertools.pairwise(_cuts(toks)))
        self.kinds: list[str] = []
        self.gaps: dict[int, Segment] = {}
        for a, b in self.spans:
            self.kinds.append(_piece(toks, a, b, reader))
        # dropped bytes are looked for only near a piece that is UTF-8 with
        # a CJK character in it, or holds a hole
        n = len(self.spans)
        near = [self.kinds[x] == _HOLE or self._cjk(x) for x in range(n)]
        wide = [x for x in range(n) if not self._ascii(x)]
        for pos, k in enumerate(wide):
            kind = self.kinds[k]
            if kind not in (_MAYBE, _CHOICE):
                continue
            self.kinds[k] = _HOLE if kind == _CHOICE else _BAD
            a, b = self.spans[k]
            if kind == _MAYBE and not _signature(toks[a]) and not any(
                    near[x] for x in wide[max(0, pos - GAP_REACH):pos + GAP_REACH + 1]):
                continue
            if budget is not None:
                if budget.remaining <= 0:
                    continue  # (the call's search budget is spent: the piece stays bad)
                budget.remaining -= GAP_WORK
            fill = _gap(toks, a, b, reader, b == len(toks), at_text_end)
            if fill:
                self.kinds[k] = _GAP
                self.gaps[k] = fill

    def _ascii(self, x: int) -> bool:
        a, b = self.spans[x]
        return all(isinstance(t, bytes) and t.isascii() for t in self.toks[a:b])

    def _cjk(self, x: int) -> bool:
        """Is piece ``x`` UTF-8 with a character of three or more bytes?"""
        if self.kinds[x] != _OK:
            return False
        a, b = self.spans[x]
        return any(isinstance(t, bytes) and t[0] >= 0xE0 for t in self.toks[a:b])

    def lossy(self, c: int, d: int) -> bool:
        """Do pieces ``c..d-1`` hold a hole (or dropped bytes next to real UTF-8)?"""
        lossy = [x for x in range(c, d) if self.kinds[x] in (_HOLE, _GAP)]
        return bool(lossy) and (any(self.kinds[x] == _HOLE
                                    or _signature(self.toks[self.spans[x][0]]) for x in lossy)
                                or _utf8_company(self, c, d))


def _windows(run: _Run) -> Iterator[tuple[int, int]]:
    """Piece ranges to decode: maximal stretches of pieces that are not
    "bad", cut into chunks of about MAX_WINDOW tokens."""
    kinds = run.kinds
    k = 0
    while k < len(kinds):
        if kinds[k] == _BAD:
            k += 1
            continue
        m = k
        while m < len(kinds) and kinds[m] != _BAD:
            m += 1
        yield from _chunks(run, k, m)
        k = m


def _chunks(run: _Run, k: int, m: int) -> Iterator[tuple[int, int]]:
    """Pieces ``k..m-1`` in stretches of at most about MAX_WINDOW tokens, cut
    between two pieces that decode (so that no hole loses its neighbours)."""
    start = k
    spans, kinds = run.spans, run.kinds
    for x in range(k, m - 1):
        if spans[x][1] - spans[start][0] >= MAX_WINDOW and kinds[x] == _OK \
                and kinds[x + 1] == _OK:
            yield start, x + 1
            start = x + 1
    yield start, m


def _utf8_company(run: _Run, k: int, m: int) -> bool:
    """Dropped bytes are guessed only next to real UTF-8: the window has
    another piece that decodes to a CJK character (not only ASCII)."""
    for x in range(k, m):
        if run.kinds[x] == _OK:
            a, b = run.spans[x]
            data = b"".join([t for t in run.toks[a:b] if isinstance(t, bytes)])
            if any(byte >= 0xE0 for byte in data):
                return True
    return False


def _piece(run: Sequence[Token], a: int, b: int, reader: str) -> str:
    """What ``run[a:b]`` is: "ok", "hole", "bad", or "maybe" (not UTF-8 as it
    is: dropped bytes may be put back, see :func:`_gap`)."""
    piece = run[a:b]
    mark = next((k for k, t in enumerate(piece) if isinstance(t, str)), -1)
    if mark >= 0:
        head = b"".join([t.own if isinstance(t, Choice) else t for t in piece[:mark]
                         if not isinstance(t, str)])
        if not _inside_sequence(head) and reader not in LEAD_HOLE_READERS:
            return _BAD  # a hole after a whole character: nothing says bytes were lost
        return _HOLE if _valid_prefix(head) else _BAD
    combos = _combos(piece)
    for k, (parts, _) in enumerate(combos):
        try:
            out = b"".join(parts).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if all(_native(c) for c in out):
            # an alternative byte that mends the piece competes with dropped
            # bytes (第三十七条 本 by MySQL: 条 lost 9D, the space is a space)
            return _OK if len(combos) == 1 else _HOLE if k == 0 else _CHOICE
    return _MAYBE


def _signature(t: Token) -> bool:
    """A GBK character whose bytes are a UTF-8 lead of Chinese text (E2-E9,
    EF) and a continuation byte: how UTF-8 read as GBK starts (璺 of 璺緞 for
    路径), so dropped bytes are looked for after it even with no UTF-8 near."""
    return isinstance(t, bytes) and len(t) == 2 and (0xE2 <= t[0] <= 0xE9 or t[0] == 0xEF) \
        and 0x80 <= t[1] < 0xC0


def _gap(run: Sequence[Token], a: int, b: int, reader: str, last: bool, at_text_end: bool
         ) -> Segment:
    """The fillings of piece ``run[a:b]`` (not UTF-8 as it is) with dropped
    bytes put back, or with its last character completed at the end of the
    text; empty if there are none."""
    combos = _combos(run[a:b])
    data = b"".join(combos[0][0])
    if reader not in DROPPING_READERS and not (last and at_text_end and _inside_sequence(data)):
        return ()
    nxt = run[b] if b < len(run) else None
    # what follows the run's end: whitespace or the end of the text (the
    # region stops there), or a character the reader's codec does not have
    follow_ascii = at_text_end if nxt is None else isinstance(nxt, bytes) and nxt[0] < 0x80
    fill: dict[bytes, float] = {}
    for parts, prior in combos:
        joined = b"".join(parts)
        if _complete(joined):
            fill[joined] = min(prior, fill.get(joined, prior))
            continue
        for data, cost in _gap_fill(parts, reader, follow_ascii, last and at_text_end):
            if data not in fill or cost + prior < fill[data]:
                fill[data] = cost + prior
    return tuple(sorted(fill.items(), key=lambda kv: kv[1]))[:MAX_GAP_OPTIONS]


#: Latin-1 signs Chinese text uses (34°, ±5, 3×4, ·): a piece that decodes
#: to one of them is UTF-8, not a stray Latin reading.
_LATIN1_SIGNS = frozenset("°±×÷·§")


def _native(c: str) -> bool:
    return c < "\x80" or c >= "\u2000" or c in _LATIN1_SIGNS


#: At most this many combinations of alternative bytes per piece.
MAX_COMBOS = 16


def _combos(piece: Sequence[Token]) -> list[tuple[tuple[bytes, ...], float]]:
    """The byte strings of a piece without marks: every choice of the
    alternative bytes of its :class:`Choice` tokens (own bytes first)."""
    out: list[tuple[tuple[bytes, ...], float]] = [((), 0.0)]
    for t in piece:
        if isinstance(t, Choice):
            opts = ((t.own, 0.0), *t.others)
            out = [((*p, o), c + oc) for p, c in out for o, oc in opts][:MAX_COMBOS]
        elif isinstance(t, bytes):
            out = [((*p, t), c) for p, c in out]
    return out


def _valid_prefix(data: bytes) -> bool:
    """True if ``data`` is UTF-8, possibly cut inside its last character."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.reason == "unexpected end of data"
    return True


def _inside_sequence(data: bytes) -> bool:
    """True when ``data`` ends inside a UTF-8 multi-byte sequence."""
    return _need(data) > 0


# -- dropped bytes ----------------------------------------------------------------------


def _gap_fill(parts: tuple[bytes, ...], reader: str, follow_ascii: bool, at_end: bool
              ) -> Segment:
    """Byte strings of the whole piece with one dropped unit put back between
    two of its tokens (or after the last), that decode as UTF-8; for a piece
    that ends the text, also its last character completed (a length limit
    cut it).  Two units where one does not do (MySQL drops 8F and 8D of 反)."""
    out = _insertions(parts, reader, follow_ascii, 1)
    if not out:
        out = _insertions(parts, reader, follow_ascii, 2)
    if at_end:
        data = b"".join(parts)
        for d, prior in completion()[0][0]:
            if data + d not in out and _complete(data + d):
                out[data + d] = prior + DROP_COST
    return tuple(sorted(out.items(), key=lambda kv: kv[1]))[:MAX_GAP_OPTIONS]


def _insertions(parts: tuple[bytes, ...], reader: str, follow_ascii: bool, drops: int
                ) -> dict[bytes, float]:
    out: dict[bytes, float] = {}
    for p in range(1, len(parts) + 1):
        head = b"".join(parts[:p])
        if not _valid_prefix(head):
            break
        tail = b"".join(parts[p:])
        before_ascii = tail[0] < 0x80 if tail else follow_ascii
        for d in _fitting(reader, before_ascii, _need(head), _orphans(tail), drops):
            full = head + d + tail
            if full not in out and _complete(full):
                out[full] = DROP_COST * drops
                if len(out) >= MAX_GAP_OPTIONS:
                    return out
    return out


def _complete(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _need(head: bytes) -> int:
    """Continuation bytes the last sequence of ``head`` still needs."""
    for k in range(1, min(4, len(head)) + 1):
        b = head[-k]
        if b >= 0xC0:
            need = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            return max(need - k, 0)
        if b < 0x80:
            return 0
    return 0


def _orphans(tail: bytes) -> int:
    """Continuation bytes at the start of ``tail``."""
    n = 0
    for b in tail:
        if not 0x80 <= b < 0xC0:
            break
        n += 1
    return n


@functools.lru_cache(maxsize=1024)
def _fitting(reader: str, before_ascii: bool, need: int, orphans: int, drops: int
             ) -> tuple[bytes, ...]:
    """Dropped units (``drops`` of them, adjacent) that finish a sequence
    needing ``need`` continuation bytes and then start one that the
    ``orphans`` continuation bytes after them finish (memoized: pure)."""
    units = drop_units(reader, before_ascii)
    if drops == 2:
        # two adjacent units, one of them a single byte (a pair and a whole
        # character lost together is left alone: too many readings)
        base = drop_units(reader, False)
        singles = [u for u in base if len(u) == 1]
        pairs = [u for u in base if len(u) == 2]
        lasts = [u for u in units if len(u) == 1]  # before ASCII: any lead too
        units = tuple([x + y for x in singles for y in lasts]
                      + [x + y for x in pairs for y in lasts]
                      + [x + y for x in singles for y in pairs])
    out = []
    for d in units:
        c = _orphans(d)
        if c == len(d):
            if c + orphans == need:
                out.append(d)
        elif c == need and d[c] >= 0xC2:
            seq = 2 if d[c] < 0xE0 else 3 if d[c] < 0xF0 else 4
            if _orphans(d[c + 1:]) == len(d) - c - 1 and seq - (len(d) - c) == orphans:
                out.append(d)
    return tuple(out)


# -- lattice items ------------------------------------------------------------------------


def _items(run: _Run, k: int, m: int, stop: int | None = None
           ) -> tuple[list[Item], list[int], list[int]]:
    """The lattice items of pieces ``k..m-1`` -- known bytes (joined within a
    piece that decodes, one per token elsewhere, so that a reading may stop
    after any of them), choices, hole units, and each gap piece as one unit
    of its fillings -- with the token offset each item ends at and the piece
    it comes from.  With ``stop`` (a mark's offset), the items end with that
    mark, read as the end of the reader's input."""
    items: list[Item] = []
    ends: list[int] = []
    pieces: list[int] = []
    toks, reader = run.toks, run.reader

    def add(item: Item, end: int, x: int) -> None:
        items.append(item)
        ends.append(end)
        pieces.append(x)

    for x in range(k, m):
        a, b = run.spans[x]
        kind = run.kinds[x]
        if kind == _GAP:
            add(((run.gaps[x],),), b, x)
            continue
        if kind == _OK:
            add(b"".join([t for t in toks[a:b] if isinstance(t, bytes)]), b, x)
            continue
        idx = a
        while idx < b:
            t = toks[idx]
            if isinstance(t, bytes | Choice):
                add(t, idx + 1, x)
                idx += 1
                continue
            end = idx + 1
            while t == REPLACEMENT and end < b and toks[end] == REPLACEMENT \
                    and (stop is None or end <= stop):
                end += 1
            nxt = toks[end] if end < len(toks) else None
            nb = nxt[0] if isinstance(nxt, bytes) else -1
            ended = (stop is not None and end > stop) \
                or (x == m - 1 and end == b and _fragment_end(run, idx, end) is not None)
            last = ended or (nxt is None and run.at_text_end)
            if ended:
                nb = INPUT_ENDED
            unit = replacement_run(reader, end - idx, nb, last) if end - idx > 1 else None
            if unit is None:
                unit = mark_unit(reader, t, nb, last)
                end = idx + 1
            assert unit is not None  # tokens_for keeps only the marks the reader writes
            add(unit, end, x)
            if last and stop is not None:
                return items, ends, pieces
            idx = end
    return items, ends, pieces


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_tokenizer, _fitting)
