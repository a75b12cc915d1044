"""Pinyin facts shared by repair and normalization: what a tone-marked
syllable looks like and which characters it is a reading of.

Repair uses them to rebuild characters that a pinyin converter cut in half
(:mod:`textrepair.repair.misalign`); normalization to remove the
annotations such a converter injected (:mod:`textrepair.normalize.rules`).
The readings come from the model's character table.

>>> is_reading("中", "zhōng"), is_reading("中", "zhang")
(True, False)
"""

from __future__ import annotations

import functools
import unicodedata

from .model.tables import char_table

#: The tone-marked vowels (and ń ň ǹ ḿ) of Hanyu Pinyin.
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
#: One syllable, as a regular expression: one to six letters, tone marks allowed.
SYLLABLE = rf"[a-zü{TONED}]{{1,6}}"


def nfc(s: str) -> str:
    """``s`` in Unicode NFC (the form the readings table uses)."""
    return unicodedata.normalize("NFC", s)


def is_reading(ch: str, syllable: str) -> bool:
    """True when ``syllable`` (tone-marked) is a Mandarin reading of ``ch``."""
    readings = char_table().readings.get(ch, ())
    return nfc(syllable) in readings


@functools.cache
def syllables() -> frozenset[str]:
    """Every tone-marked Mandarin syllable in the readings table."""
    return frozenset(r for rs in char_table().readings.values() for r in rs)


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (syllables,)
