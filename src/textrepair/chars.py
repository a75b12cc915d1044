"""Character classes that every stage shares: Han blocks, CJK punctuation,
kana and Hangul (one home for them, like ftfy's ``chardata``).

The ``HAN*``, ``KANA`` and ``HANGUL`` constants are bodies of a regular
expression character class (``f"[{HAN}]"``); :func:`is_han` tests one
character against :data:`HAN`.  Nothing here imports anything of textrepair.

>>> is_han("中"), is_han("𠀀"), is_han("あ")
(True, True, False)
"""

from __future__ import annotations

#: CJK Unified Ideographs (U+4E00-9FFF): the block every GB 2312 and Big5
#: character is in.
HAN_URO = "\u4e00-\u9fff"
#: Han characters of the Basic Multilingual Plane: Extension A, the Unified
#: Ideographs and the Compatibility Ideographs.
HAN_BMP = "\u3400-\u4dbf" + HAN_URO + "\uf900-\ufaff"
#: Every Han block: those of the BMP and Extensions B to H (U+20000-3134F).
HAN = HAN_BMP + "\U00020000-\U0003134f"

#: Hiragana and katakana.
KANA = "\u3040-\u30ff"
#: Hangul syllables.
HANGUL = "\uac00-\ud7a3"

#: Punctuation of Chinese text (full-width marks, quotes, brackets, the
#: ideographic space): the marks the language model prices as Chinese.
CJK_PUNCT = frozenset("，。、！？：；“”‘’（）《》〈〉【】「」『』…—～·〔〕［］｛｝％＋－＝／　﹏")


def is_han(ch: str) -> bool:
    """True for a character of :data:`HAN`."""
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F)
