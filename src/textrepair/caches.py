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
from .normalize import opencc_adapter, zhe
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
    typography,
)

#: Every memo of the package, module by module along the stages.
MEMOS = (
    *tables.CACHES, *ngram.CACHES, *score.CACHES, *pinyin.CACHES, *readings.CACHES,
    *bytemaps.CACHES, *scan.CACHES, *redecode.CACHES, *holes.CACHES, *lattice.CACHES, *lossy.CACHES,
    *lostchar.CACHES, *typography.CACHES,
    *dbcs.CACHES, *misalign.CACHES, *converter.CACHES, *judge.CACHES, *pipeline.CACHES,
    *opencc_adapter.CACHES, *zhe.CACHES, *api.CACHES,
)


#: The loaded data among them (tables, the language model, OpenCC's
#: converters, and the tables derived from them and from the codecs: byte
#: maps, reader structure, the pattern of suspicious characters), keyed by no
#: text or by a codec's name: what ``clear_caches(keep_tables=True)`` leaves in
#: memory.  They are built once per process whatever the text; every memo of
#: a text, a character or a byte state is among the rest.
TABLES = (
    *tables.CACHES, *ngram.CACHES, *opencc_adapter.CACHES, *zhe.CACHES, pinyin.syllables,
    readings._ksx1001_hangul, readings._unigram_cost,
    bytemaps.single_byte_table, bytemaps.cp932_ibm_table, bytemaps.char_encoder,
    scan.suspect_regex, redecode._wide_ascii, lossy._tokenizer,
    holes._gbk_pairs, holes._pairs, holes._leads, holes._windows_unmapped, holes._cp932_unmapped,
    holes.completion,
    lostchar._candidates, lostchar._candidate_ids, lostchar._traditional, typography._table,
)


def clear_caches(keep_tables: bool = False) -> None:
    """Empty every memo and drop the loaded tables and converters (they are
    rebuilt on next use).  With ``keep_tables``, only the memos of results are
    emptied and the tables, the language model and the converters stay loaded
    (what a long-running worker does to bound its memory: reloading the model
    takes 1.3-1.6 s).

    >>> import textrepair
    >>> textrepair.repair("ÄãºÃ")
    '你好'
    >>> textrepair.clear_caches()
    >>> textrepair.repair("ÄãºÃ")
    '你好'
    """
    for memo in MEMOS:
        if not (keep_tables and memo in TABLES):
            memo.cache_clear()
