"""Choosing a codec for every line: each candidate's reading of each line is
priced (:mod:`textrepair.decode.readings`), and a Viterbi pass over the lines finds
the cheapest codec per line, paying :data:`SWITCH_COST` to change codec.

Large inputs are judged on a sample (:func:`sample_lines`); every line is read
only when the input needs decoding line by line.  Work is linear in the input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from .charsets import JAPANESE, KOREAN, family_of
from .readings import read, reading_cost, strict_read, variants

#: Codecs that read ASCII as ASCII, tried line by line, narrowest of each family first.
CANDIDATES = ("utf-8", "gb18030", "big5", "cp950", "big5hkscs", "shift_jis", "cp932",
              "euc_jp", "euc_kr", "cp949", "cp1252")
#: Prior cost (nats) of reading an input with a codec: Chinese first (this is a
#: Chinese-aware decoder), then Japanese and Korean, then Latin-1.
PRIOR: Mapping[str, float] = MappingProxyType({
    "utf-8": 0.0, "gb18030": 0.0, "big5": 0.0, "cp950": 0.5, "big5hkscs": 1.0,
    "shift_jis": 3.0, "cp932": 3.5, "euc_jp": 3.0, "euc_kr": 3.0, "cp949": 3.5,
    "cp1252": 6.0, "hz": 0.0})
#: Prior bonus (nats) for the declared charset's family: worth a few characters,
#: so it decides short and ambiguous inputs but never outvotes the model on a page.
DECLARED_BONUS = 6.0
#: Cost of switching codec between two lines: a line must be this much cheaper
#: in another codec, twice over (switch there and back), to be read with it.
SWITCH_COST = 12.0
#: Extra cost per byte sequence replaced by U+FFFD (on top of the model's 20).
LOSSY_COST = 20.0
#: A codec that fails on a line another codec reads strictly costs that
#: reading plus this (it would have to replace bytes with U+FFFD).
FAIL_LINE_COST = 30.0
#: A failing reading with at most LOSSY_SCORED_HOLES holes, or one hole per
#: LOSSY_SCORED_BYTES bytes, is priced by the model (a GBK page with one bad
#: byte stays GBK); with more, it costs the best strict reading plus
#: FAIL_LINE_COST and LOSSY_COST per hole.
LOSSY_SCORED_BYTES = 32
LOSSY_SCORED_HOLES = 2
#: Lines are first priced with unigrams only (fast); when two families' readings
#: are within this many nats, all readings are priced again with the full model.
FULL_SCORE_MARGIN = 20.0
#: Tie-break between readings of one family that are equal up to symbol
#: variants (big5 "∼" vs cp950 "～"): the narrower codec wins.
EPS = 0.01
#: Bytes scored in total; above it, windows spread over the input are scored.
SAMPLE_BYTES = 1 << 13
SAMPLE_WINDOWS = 4
#: Bytes of one line that are scored in the sample (a one-line 1 MB page is
#: sampled too), and when every line is read (~128 Han characters decide a line).
LINE_SCORE_BYTES = 1 << 11
FULL_LINE_SCORE_BYTES = 256
#: A line that is valid UTF-8 with at least this many non-ASCII characters is
#: UTF-8 (GBK/Big5 bytes are valid UTF-8 by chance only for a character or two).
UTF8_TRUSTED_CHARS = 3

#: How readings are priced: not at all (one family reads the line), with the
#: fast unigram model, or with the full model.
Mode = Literal["none", "fast", "full"]

_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")
_NON_ASCII_TEXT_RE = re.compile("[^\x00-\x7f]")


@dataclass(frozen=True, slots=True)
class LineCosts:
    """What reading one line costs with each candidate (nats, in the candidates'
    order); only differences within a line matter."""

    costs: tuple[float, ...]


def line_costs(line: bytes, cands: Sequence[str], hint: str | None, limit: int) -> LineCosts:
    """What reading ``line`` (its first ``limit`` bytes) with each candidate costs.

    Costs are comparable between the candidates of one line only (the Viterbi
    pass needs nothing more): when a single reading is strict and the others
    are wrecks, nothing is scored.
    """
    cut = len(line) > limit
    chunk = line[:limit] if cut else line
    texts = [strict_read(chunk, c, cut=cut) for c in cands]
    if "utf-8" in cands:
        u8 = texts[cands.index("utf-8")]
        if u8 is not None and len(_NON_ASCII_TEXT_RE.findall(u8)) >= UTF8_TRUSTED_CHARS:
            # strict UTF-8 first, line by line too: other readings only pay for failing
            return LineCosts(tuple(0.0 if c == "utf-8" else FAIL_LINE_COST + LOSSY_COST
                               for c in cands))
    lossy = {k: read(chunk, c, "replace") for k, c in enumerate(cands)
             if texts[k] is None}
    holes = {k: t.count("\ufffd") for k, t in lossy.items()}
    priced = {k for k, n in holes.items()
              if n <= LOSSY_SCORED_HOLES or n * LOSSY_SCORED_BYTES <= len(chunk)}
    if not priced and not _ambiguous(texts, cands) and any(t is not None for t in texts):
        return LineCosts(_with_failures(_strict_costs(texts, cands, hint, "none"), holes))
    costs = _priced(texts, lossy, holes, priced, cands, hint, "fast")
    if _close(costs, cands):
        costs = _priced(texts, lossy, holes, priced, cands, hint, "full")
    return LineCosts(tuple(costs))


def _with_failures(strict: Sequence[float | None], holes: Mapping[int, int]) -> tuple[float, ...]:
    """Failing readings cost the best strict one plus the price of failing."""
    best = min(c for c in strict if c is not None)
    return tuple(best + FAIL_LINE_COST + LOSSY_COST * holes[k] if c is None else c
                 for k, c in enumerate(strict))


def _priced(texts: Sequence[str | None], lossy: Mapping[int, str], holes: Mapping[int, int],
            priced: set[int], cands: Sequence[str], hint: str | None,
            mode: Mode) -> list[float]:
    """Every candidate's cost: strict and few-hole readings scored with ``mode``."""
    strict = _strict_costs(texts, cands, hint, mode)
    best = min((c for c in strict if c is not None), default=None)
    out = []
    for k, c in enumerate(cands):
        cost = strict[k]
        if cost is None:
            if best is not None and k not in priced:
                cost = best + FAIL_LINE_COST + LOSSY_COST * holes[k]
            else:
                cost = reading_cost(lossy[k], c, fast=mode == "fast") + LOSSY_COST * holes[k]
        out.append(cost)
    return out


def _ambiguous(texts: Sequence[str | None], cands: Sequence[str]) -> bool:
    """More than one family reads the line strictly."""
    return len({family_of(c) for c, t in zip(cands, texts, strict=True) if t is not None}) > 1


def _close(costs: Sequence[float], cands: Sequence[str]) -> bool:
    """The two cheapest families' readings are within FULL_SCORE_MARGIN."""
    best: dict[str, float] = {}
    for c, cost in zip(cands, costs, strict=True):
        fam = family_of(c)
        best[fam] = min(cost, best.get(fam, cost))
    two = sorted(best.values())[:2]
    return len(two) == 2 and two[1] - two[0] < FULL_SCORE_MARGIN


def _strict_costs(texts: Sequence[str | None], cands: Sequence[str], hint: str | None,
                  mode: Mode) -> list[float | None]:
    """Cost of each strict reading (None where it failed) with the ``"fast"`` or
    ``"full"`` model; with ``"none"`` only the tie-breaks (family order, the
    declared codec) are kept."""
    cache: dict[str, float] = {}
    costs: list[float | None] = []
    for i, (c, t) in enumerate(zip(cands, texts, strict=True)):
        if t is None:
            costs.append(None)
            continue
        fam = family_of(c)
        cost = None
        for j in range(i):  # a narrower member of the family reads it the same way
            prev, prev_cost = texts[j], costs[j]
            if (prev is not None and prev_cost is not None and family_of(cands[j]) == fam
                    and variants(prev, t)):
                cost = prev_cost + EPS
                break
        if cost is None:
            if mode == "none":
                cost = 0.0
            else:
                key = c + "\0" + t if c in JAPANESE or c in KOREAN else t
                if key not in cache:
                    cache[key] = reading_cost(t, c, fast=mode == "fast")
                cost = cache[key]
        if c == hint:
            cost -= 2 * EPS
        costs.append(cost)
    return costs


def price_lines(lines: Sequence[tuple[bytes, int]], cands: Sequence[str],
                hint: str | None) -> list[LineCosts]:
    """line_costs of each (line, limit); repeated lines (boilerplate, garbage) once."""
    memo: dict[bytes, LineCosts] = {}
    out = []
    for line, limit in lines:
        key = line[:limit + 1]  # the extra byte tells a cut line from a whole one
        if key not in memo:
            memo[key] = line_costs(line, cands, hint, limit)
        out.append(memo[key])
    return out


def viterbi(lines: Sequence[LineCosts], cands: Sequence[str],
            start: Sequence[float]) -> tuple[list[int], float, list[float]]:
    """Cheapest codec per line: (choices, path cost, cost of each codec alone).

    A run of identical lines (the same priced object) is one step: the best
    path switches codec at most once in it, at its start.
    """
    n = len(cands)
    dp = list(start)
    alone = list(start)
    back: list[tuple[list[int], int]] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        r = 1
        while i + r < len(lines) and lines[i + r] is ln:
            r += 1
        best = min(range(n), key=dp.__getitem__)
        ptr = []
        new = []
        for k in range(n):
            stay, switch = dp[k], dp[best] + SWITCH_COST
            ptr.append(best if switch < stay else k)
            new.append(min(stay, switch) + r * ln.costs[k])
            alone[k] += r * ln.costs[k]
        back.append((ptr, r))
        dp = new
        i += r
    k = min(range(n), key=dp.__getitem__)
    total = dp[k]
    path: list[int] = []
    for ptr, r in reversed(back):
        path.extend([k] * r)
        k = ptr[k]
    path.reverse()
    return path, total, alone


def split_lines(data: bytes) -> list[bytes]:
    """``data`` split after each b"\\n" (kept); ``b"".join`` gives it back."""
    lines = data.split(b"\n")
    return [ln + b"\n" for ln in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def sample_lines(lines: Sequence[bytes], total: int) -> list[tuple[int, int]]:
    """(index, bytes to score) of the lines with non-ASCII bytes that are scored.

    All of them (up to LINE_SCORE_BYTES each) when the input is at most
    SAMPLE_BYTES; otherwise SAMPLE_WINDOWS windows spread over the input, which
    score SAMPLE_BYTES in all.
    """
    if total <= SAMPLE_BYTES:
        return [(i, LINE_SCORE_BYTES) for i, ln in enumerate(lines) if _NON_ASCII_RE.search(ln)]
    window = SAMPLE_BYTES // SAMPLE_WINDOWS
    starts = [total * w // SAMPLE_WINDOWS for w in range(SAMPLE_WINDOWS)]
    picked: list[tuple[int, int]] = []
    end = 0
    w = 0
    left = window
    for i, ln in enumerate(lines):
        end += len(ln)
        if end > starts[w] and _NON_ASCII_RE.search(ln):
            take = min(len(ln), LINE_SCORE_BYTES, left)
            picked.append((i, take))
            left -= take
            if not left:
                w += 1
                left = window
                if w == SAMPLE_WINDOWS:
                    break
    return picked


def start_costs(cands: Sequence[str], hint: str | None) -> list[float]:
    """Cost of starting with each candidate: its prior, less the bonus of the
    declared charset's family."""
    out = []
    for c in cands:
        bonus = DECLARED_BONUS if hint and family_of(hint) == family_of(c) else 0.0
        out.append(PRIOR[c] - bonus)
    return out


def has_non_ascii(line: bytes) -> bool:
    """Whether ``line`` has a byte above 0x7F (only such lines need a codec)."""
    return _NON_ASCII_RE.search(line) is not None
