"""Isolated mojibake in English or code: a typographic mark that lost a byte.

UTF-8 ``”`` (E2 80 9D) read as GBK is ``鈥`` (E2 80) and a lead byte 9D that
the space after it does not complete: Python and WHATWG write ``鈥�`` (the
space survives), Windows ``鈥?`` (the space is swallowed: ``鈥?for``).  The
marks English text uses end in a lead byte before every space, digit and
sign, so this is the most common damage in real commit histories -- and the
lattice of :mod:`~textrepair.repair.lossy` cannot judge it: its Chinese
language model prices every ASCII neighbour as one class, and so it reads
``鈥?`` as U+2001 (an em quad) or ``’`` where ``”`` closes a quotation.

Here each such cluster -- a hole mark after the GBK reading of an unfinished
UTF-8 sequence, with ASCII (or nothing) on both sides -- is filled with each
byte string the reader's hole model (:func:`~textrepair.repair.holes.mark_unit`)
allows; the readings that complete a typographic mark are scored with a table
of those marks in English prose (``data/typography.tsv``, counts by the class
of the neighbour before and after and by whether a quotation is open on the
line; ``scripts/build_typography.py``), plus the filling's prior; the best
is proposed only when it beats the next by :data:`MARGIN`; otherwise the
cluster is kept and :func:`typography_findings` reports it (so that clean()
leaves it as it is).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from ..explain import Finding
from .bytemaps import encode_char, encode_text
from .candidate import Candidate
from .holes import INPUT_ENDED, mark_unit, pair_table
from .kinds import Layer, recovered
from .lattice import Budget

#: A hole mark after a character that is not ASCII.
_MARK = re.compile("(?<=[^\x00-\x7f])[?\ufffd]")
#: Additive smoothing of the (before, open, mark, after) counts.
ALPHA = 0.5
#: A reading is proposed when it costs this many nats less than the next
#: best.  Train split of benchmarks/accuracy.py's isolated_in_english and
#: isolated_in_code rows, 150 per row (600 records): 0.3 and 0.5 give 534
#: exact, 53 unchanged, 13 wrong; 0.75 and 1.0 give 443 exact, 144
#: unchanged, the same 13 wrong (— against a spaced – is 0.63 nats apart).
MARGIN = 0.5
#: What may follow a mark (scripts/build_typography.py): five classes, and
#: each ASCII sign for itself.
_AFTER_KEYS = 5 + sum(1 for c in range(0x21, 0x7F) if not chr(c).isalnum())


@dataclass(frozen=True, slots=True)
class _Table:
    context: Mapping[tuple[str, str, str, str], int]
    """Count of each (before, open quotation, mark, after)."""
    given: Mapping[tuple[str, str], int]
    """Count of each (before, open quotation)."""
    marks: frozenset[str]


@functools.cache
def _table() -> _Table:
    """Load ``data/typography.tsv`` (once per process)."""
    ctx: dict[tuple[str, str, str, str], int] = {}
    given: dict[tuple[str, str], int] = {}
    ref = resources.files("textrepair") / "data" / "typography.tsv"
    for line in ref.read_text("utf-8").splitlines():
        b, m, a, q, n = line.split("\t")
        ctx[(b, q, m, a)] = int(n)
        given[(b, q)] = given.get((b, q), 0) + int(n)
    return _Table(MappingProxyType(ctx), MappingProxyType(given),
                  frozenset(m for _, _, m, _ in ctx))


def char_class(ch: str | None, after: bool = False) -> str:
    """The class of a neighbour (None: the end of the text); after a mark,
    an ASCII sign stands for itself (as in scripts/build_typography.py)."""
    if ch is None or ch in "\n\r":
        return "$" if after else "^"
    if ch.isascii():
        if ch.isalpha() or ch.isdigit() or ch in " \t":
            return "a" if ch.isalpha() else "0" if ch.isdigit() else " "
        return ch if after else "p"
    return "x"


def open_quote(line_before: str) -> str:
    """``d`` if a “ is open in ``line_before``, else ``s`` if a ‘ is, else ``-``."""
    if line_before.count("“") > line_before.count("”"):
        return "d"
    if line_before.count("‘") > line_before.count("’") - len(re.findall(r"\w’\w", line_before)):
        return "s"
    return "-"


def is_mark(ch: str) -> bool:
    """Is ``ch`` a mark of the table (one English prose uses)?"""
    return ch in _table().marks


def mark_cost(before: str, mark: str, after: str, quote: str) -> float | None:
    """-ln P(mark, after | before, quote), additively smoothed; None for a
    mark English prose does not use (a hole never stands for an em quad)."""
    if not is_mark(mark):
        return None
    t = _table()
    cells = len(t.marks) * _AFTER_KEYS
    return -math.log((t.context.get((before, quote, mark, after), 0) + ALPHA)
                     / (t.given.get((before, quote), 0) + ALPHA * cells))


#: Characters of the line before a cluster looked at for an open quotation.
LINE_REACH = 400


def typography_candidates(text: str, layer: Layer,
                          budget: Budget | None = None) -> Iterator[Candidate]:
    """Repairs of typographic marks that lost a byte between ASCII neighbours
    (each cluster's fillings are charged to ``budget``; once it is spent the
    rest are left as they are)."""
    if layer.wrote != "utf-8" or layer.misread != "gbk":
        return
    for m in _MARK.finditer(text):
        if budget is not None and budget.remaining <= 0:
            return
        a = _assess(text, m.start(), layer, budget)
        if a is not None and a.decided:
            best = a.ranked[0][0]
            yield Candidate(recovered(layer.kind), a.start, a.end, a.done + best,
                            f"encode({layer.misread}) → decode(utf-8), the lost byte of a "
                            f"typographic mark between ASCII neighbours (typography table, "
                            f"margin {MARGIN}): {a.listed()}")


def typography_findings(text: str, layer: Layer,
                        covered: list[tuple[int, int]]) -> Iterator[Finding]:
    """The clusters that read as a typographic mark missing its last byte but
    whose best reading does not win by :data:`MARGIN` (``6.1鈥?`` at the end
    of a line: the table has no mark after a digit there, so every reading
    ties): kept as they are, reported with the readings and their costs."""
    if layer.wrote != "utf-8" or layer.misread != "gbk":
        return
    for m in _MARK.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        a = _assess(text, m.start(), layer, None)
        if a is not None and not a.decided:
            margin = a.ranked[1][1] - a.ranked[0][1]
            yield Finding(recovered(layer.kind), a.start, a.end, 0.9, False,
                          text[a.start:a.end],
                          f"a typographic mark that lost its last byte: {a.listed()}; "
                          f"margin {margin:.2f} < {MARGIN}: kept")


@dataclass(frozen=True, slots=True)
class _Assessment:
    """The readings of one cluster ``text[start:end]`` (its first characters
    ``done`` decoded whole, the mark's readings ``ranked``, cheapest first)."""

    start: int
    end: int
    done: str
    ranked: tuple[tuple[str, float], ...]

    @property
    def decided(self) -> bool:
        """Does the best reading beat the next by MARGIN?"""
        return len(self.ranked) == 1 or self.ranked[1][1] - self.ranked[0][1] >= MARGIN

    def listed(self) -> str:
        return ", ".join(f"{t!r} {c:.2f}" for t, c in self.ranked[:3])


def _head(text: str, k: int, codec: str) -> tuple[int, bytes] | None:
    """Where the cluster before the mark at ``k`` starts and its bytes: back
    to the character whose first byte starts a UTF-8 sequence (at most 3)."""
    parts: list[bytes] = []
    for s in range(k - 1, max(-1, k - 4), -1):
        b = encode_char(text[s], codec)
        if b is None or text[s] in "?\ufffd":
            return None
        parts.append(b)
        if b[0] < 0x80 or b[0] >= 0xC0:
            return s, b"".join(reversed(parts))
    return None


def _assess(text: str, k: int, layer: Layer, budget: Budget | None) -> _Assessment | None:
    """The readings of the cluster before the mark at ``k``; None where it is
    no typographic mark between ASCII neighbours."""
    found = _head(text, k, layer.misread)
    if found is None:
        return None
    s, head = found
    if (s > 0 and not text[s - 1].isascii()) or (k + 1 < len(text)
                                                 and not text[k + 1].isascii()):
        return None  # Chinese context: the lattice's
    try:
        head.decode("utf-8")
        return None  # the cluster is whole: the mark after it is another matter
    except UnicodeDecodeError as err:
        if err.reason != "unexpected end of data":
            return None
        done = head[:err.start].decode("utf-8")
    at_end = k + 1 == len(text)
    # at the end of the text the reader's input ended: a Windows ? swallowed nothing
    nxt = INPUT_ENDED if at_end else ord(text[k + 1])
    line_start = max(text.rfind("\n", 0, s) + 1, s - LINE_REACH)
    before = char_class(done[-1] if done else text[s - 1] if s else None)
    quote = open_quote(_as_written(text[line_start:s]) + done)
    ranked, work = _ranked(layer.misread, head, len(done), text[k], nxt, at_end, before, quote)
    if budget is not None:
        budget.remaining -= work
    if not ranked:
        return None
    return _Assessment(s, k + 1, done, ranked)


def _as_written(line: str) -> str:
    """``line`` re-decoded as UTF-8 where it is GBK-read mojibake (so that a
    “ still shown as 鈥渆 counts as open); the line itself where it is not."""
    data = encode_text(line, "gbk")
    return line if data is None else data.decode("utf-8", errors="replace")


@functools.lru_cache(maxsize=1 << 14)
def _ranked(reader: str, head: bytes, done: int, mark: str, nxt: int, at_end: bool,
            before: str, quote: str) -> tuple[tuple[tuple[str, float], ...], int]:
    """The readings of a cluster (what follows its first ``done`` decoded
    characters) that complete one typographic mark, cheapest first (one per
    text), and the fillings tried (memoized: pure)."""
    unit = mark_unit(reader, mark, nxt, at_end)
    if unit is None:
        return (), 1
    pairs = pair_table(reader)
    follow = chr(nxt) if nxt >= 0 else None
    best: dict[str, float] = {}
    work = 0
    for path in unit:
        # the first segment must complete a mark English prose uses
        firsts: list[tuple[str, bytes, float]] = []
        for data, prior in path[0]:
            work += 1
            try:
                out = (head + data).decode("utf-8")[done:]
            except UnicodeDecodeError:
                continue
            if len(out) == 1 and is_mark(out):
                firsts.append((out, data, prior))
        for out, data, prior in firsts:
            for parts in itertools.product(*path[1:]):
                work += 1
                extra = b"".join(p for p, _ in parts)
                if not extra.isascii():
                    continue
                rest = out + extra.decode("ascii")
                if not extra and follow is not None and data[-1] >= 0x81 \
                        and pairs[data[-1] << 8 | nxt] == 1:
                    continue  # the lead byte would have paired with the ASCII byte after it
                after = char_class(rest[1] if len(rest) > 1 else follow, after=True)
                cost = mark_cost(before, out, after, quote)
                if cost is None:
                    continue
                cost += prior + sum(c for _, c in parts)
                if cost < best.get(rest, math.inf):
                    best[rest] = cost
    return tuple(sorted(best.items(), key=lambda kv: kv[1])), work


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_table, _ranked)
