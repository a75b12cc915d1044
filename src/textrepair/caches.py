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


#: One short sample of each kind of damage the repair stage handles, and
#: clean text of each script: what :func:`preload` runs once so that each
#: table is built (each reader's byte tables load on the first text of its kind).
_SAMPLES = (
    "鐢ㄦ埛鐧诲綍鎴愬姛锛岃\ufffd缃\ufffd", "ÄãºÃ£¬ÊÀ½ç", "Ã¤Â½Â\xa0Ã¥Â¥Â½", "蚘璃蹈桶腔",
    "�A�ǻ`�t�~", "ｶﾞﾁｬ", "╢╘▓╗", "銆?1874", "It鈥檚 here 鈥?it", "误用的\ufffd况",
    "在哪里?置", "&#25105;%E4%BD%A0\\u4f60", "南湖區(qū)搶占數(shù)字經(jīng)濟(jì)",
    "。ㄔ瓨(biāo)題", "起初，神創造天地。", "他说,今天天气很好!",
)


def preload() -> None:
    """Build the tables, the language model and OpenCC's converters now (what
    a worker does once at start), so that the first documents do not pay for
    them; no memo of a result is kept.  A table that no sample needs is still
    built on first use, and results do not change.

    >>> import textrepair
    >>> textrepair.preload()
    >>> textrepair.repair("ÄãºÃ")
    '你好'
    """
    for text in _SAMPLES:
        api.explain(text)
        api.detect(text)
    for data in ("他说，今天天气很好！".encode("gbk"), "起初，神創造天地。".encode("big5"),
                 "こんにちは、世界".encode("cp932"), "안녕하세요".encode("euc-kr")):
        api.decode(data)
    clear_caches(keep_tables=True)
