"""``clear_caches()``: empty every memo of textrepair.

The library memoizes pure functions (character costs, re-encodings, search
results, compiled patterns) and loads its tables and OpenCC converters once
per process.  Each module that memoizes lists its memos in ``CACHES``; this
module gathers those lists, and a test checks that no memo of the package is
missing from them.  Clearing frees the memory; everything is rebuilt on next
use, and results do not change.
"""

from __future__ import annotations

from . import api, pinyin
from .decode import readings
from .model import ngram, score, tables
from .normalize import opencc_adapter
from .repair import (
    bytemaps,
    converter,
    dbcs,
    holes,
    judge,
    lattice,
    lossy,
    lostchar,
    misalign,
    pipeline,
    redecode,
    scan,
)

#: Every memo of the package, module by module along the stages.
MEMOS = (
    *tables.CACHES, *ngram.CACHES, *score.CACHES, *pinyin.CACHES, *readings.CACHES,
    *bytemaps.CACHES, *scan.CACHES, *redecode.CACHES, *holes.CACHES, *lattice.CACHES, *lossy.CACHES,
    *lostchar.CACHES,
    *dbcs.CACHES, *misalign.CACHES, *converter.CACHES, *judge.CACHES, *pipeline.CACHES,
    *opencc_adapter.CACHES, *api.CACHES,
)


def clear_caches() -> None:
    """Empty every memo and drop the loaded tables and converters (they are
    rebuilt on next use).

    >>> import textrepair
    >>> textrepair.repair("ÄãºÃ")
    '你好'
    >>> textrepair.clear_caches()
    >>> textrepair.repair("ÄãºÃ")
    '你好'
    """
    for memo in MEMOS:
        memo.cache_clear()
