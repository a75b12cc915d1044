"""Lazy loaders for the generated tables under ``data/``.

Nothing is read at import.  Each loader reads its file once per process on
first use (``functools.cache``) and returns read-only objects, so the cache
holds no mutable state.  The files are produced by ``scripts/build_tables.py``;
see ``data/NOTICE`` for their sources and licences.
"""

from __future__ import annotations

import functools
import gzip
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

#: Added to every character's count before its cost is taken (additive
#: smoothing: a character with count 0 costs log(total / 0.5), not infinity).
_SMOOTH = 0.5


def _read_gz_lines(name: str) -> list[str]:
    ref = resources.files("textrepair") / "data" / name
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return fh.read().splitlines()


@dataclass(frozen=True, slots=True)
class CharTable:
    """Per-character facts: frequency cost, script membership, variants, readings."""

    cost: Mapping[str, float]
    """-ln P(char) from jieba-weighted counts (traditional forms get their
    simplified form's count when larger)."""
    count: Mapping[str, int]
    simplified: Mapping[str, str]
    readings: Mapping[str, tuple[str, ...]]
    gb2312: frozenset[str]
    big5: frozenset[str]
    log_total: float
    frequency: Mapping[str, int]
    """Unihan kFrequency, 1 (most frequent) to 5, from Chinese (mostly
    traditional) newsgroup usage; absent for rarer characters."""


@functools.cache
def char_table() -> CharTable:
    """Load ``chars.tsv.gz`` (about 20k characters)."""
    counts: dict[str, int] = {}
    simplified: dict[str, str] = {}
    readings: dict[str, tuple[str, ...]] = {}
    gb: set[str] = set()
    big5: set[str] = set()
    frequency: dict[str, int] = {}
    for line in _read_gz_lines("chars.tsv.gz"):
        ch, count, flags, simp, read = line.split("\t")
        counts[ch] = int(count)
        if simp:
            simplified[ch] = simp
        if read:
            readings[ch] = tuple(read.split(","))
        if "g" in flags:
            gb.add(ch)
        if "b" in flags:
            big5.add(ch)
        for f in flags:
            if f.isdigit():
                frequency[ch] = int(f)
    total = sum(counts.values())
    log_total = math.log(total)
    cost: dict[str, float] = {}
    for ch, n in counts.items():
        eff = max(n, counts.get(simplified.get(ch, ch), 0))
        cost[ch] = log_total - math.log(eff + _SMOOTH)
    return CharTable(
        cost=MappingProxyType(cost),
        count=MappingProxyType(counts),
        simplified=MappingProxyType(simplified),
        readings=MappingProxyType(readings),
        gb2312=frozenset(gb),
        big5=frozenset(big5),
        log_total=log_total,
        frequency=MappingProxyType(frequency),
    )


@functools.cache
def bigram_counts() -> Mapping[str, int]:
    """Load ``bigrams.tsv.gz``: word-internal character pairs (simplified-folded)."""
    out: dict[str, int] = {}
    for line in _read_gz_lines("bigrams.tsv.gz"):
        pair, n = line.split("\t")
        out[pair] = int(n)
    return MappingProxyType(out)


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (char_table, bigram_counts)
