"""著 or 着 after OpenCC's t2s.

Traditional text of Taiwan writes 著 for zhù (著名, 显著, 土著) and for
zhe/zháo/zhuó (活著, 接著, 睡著, 著手); simplified text writes 着 for the
second.  OpenCC's ``t2s`` keeps every 著 (its ``tw2s`` decides by phrase, but
also rewrites Taiwan's own variants), so ``clean()`` gave 活著 and 接著说.  The
language model cannot decide: it folds 著 to 着.  jieba's dictionary can: at
each 著 that the conversion kept, the most frequent dictionary word through
that position is looked up with 着 and with 著, and 着 is written when its
word is at least as frequent (where neither makes a word, 着: it is the
commoner alone, 188,584 against 6,171 in jieba).

Measured by ``benchmarks/zhe_accuracy.py`` (records of the running corpus
converted to traditional as Taiwan writes them, then t2s).
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Mapping, Sequence
from importlib import resources
from types import MappingProxyType

from .edits import Edit

#: The table (scripts/build_zhe.py): jieba's words with 着 or 著 and their frequencies.
TABLE = "zhe.tsv.gz"
#: Characters on each side of a 著 that a word may reach (jieba's longest: 9).
REACH = 8
#: The kind and rule of the edits (counted with the OpenCC conversion they complete).
RULE = ("著 → 着: the word with 着 ({zhe}, jieba {n}) is at least as frequent as with 著 "
        "({zhu}, {m})")


@functools.cache
def words() -> Mapping[str, int]:
    """jieba's words containing 着 or 著 -> frequency (read once per process)."""
    raw = (resources.files("textrepair") / "data" / TABLE).read_bytes()
    out: dict[str, int] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        w, n = line.split("\t")
        out[w] = int(n)
    return MappingProxyType(out)


def best_word(text: str, i: int, ch: str) -> tuple[str, int]:
    """The most frequent dictionary word of two or more characters through
    ``text[i]`` when it is ``ch`` (``(ch, 0)`` if none)."""
    table = words()
    best, n = ch, 0
    for a in range(max(0, i - REACH), i + 1):
        head = text[a:i] + ch
        for e in range(i + 1 + (a == i), min(len(text), a + REACH + 1) + 1):
            w = head + text[i + 1:e]
            f = table.get(w, 0)
            if f > n or (f == n and f and len(w) > len(best)):
                best, n = w, f
    return best, n


def edits(text: str, spans: Sequence[tuple[int, int]], kind: str) -> list[Edit]:
    """著 → 着 inside the converted ``spans`` of ``text`` wherever the word with 着 wins."""
    out: list[Edit] = []
    for a, b in spans:
        i = text.find("著", a, b)
        while i >= 0:
            zhe, n = best_word(text, i, "着")
            zhu, m = best_word(text, i, "著")
            if n >= m:
                out.append(Edit(i, i + 1, "着", kind, RULE.format(zhe=zhe, n=n, zhu=zhu, m=m)))
            i = text.find("著", i + 1, b)
    return out


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (words,)
