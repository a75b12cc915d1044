"""Whitespace and invisible characters (docs/normalization.md, section 4).

Zero-width characters, BOMs inside the text, soft hyphens and C0/C1
controls other than tab, line feed and carriage return are removed, and so
are spaces and tabs at the end of a line.  A zero-width joiner (U+200D) or
non-joiner (U+200C) is kept where it joins: between two characters of a
script that uses it (an emoji ZWJ sequence such as 👩‍💻, Persian می‌خواهم, an
Indic conjunct), that is, letters, marks or symbols that are neither ASCII
nor CJK; after a combining mark (an Indic virama) it is kept before anything.
Next to Han, kana, Hangul, CJK or ASCII characters it is noise and goes.
"""

from __future__ import annotations

import re
import unicodedata

from .edits import Edit

INVISIBLES = r"\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_INVISIBLE = re.compile(f"[{INVISIBLES}]")
#: The end of a line: spaces, tabs and invisible characters before a line
#: break or the end of the text (a run starts where it starts, and is taken
#: whole: linear in its length).  Its spaces and tabs are trailing, also
#: before invisible characters removed with them: ``中 \u200b\n`` is ``中\n``.
_LINE_END = re.compile(rf"(?=[ \t{INVISIBLES}])(?<![ \t{INVISIBLES}])[ \t{INVISIBLES}]++"
                       r"(?=\r?\n|\r|$)")
_SPACES = re.compile(r"[ \t]+")
_JOINERS = "\u200c\u200d"

INVISIBLE_RULE = "invisible or control character"
TRAILING_RULE = "trailing spaces"


def _cjk_or_ascii(ch: str) -> bool:
    o = ord(ch)
    return (o < 0x80 or 0x1100 <= o <= 0x11FF or 0x2E80 <= o <= 0x9FFF
            or 0xAC00 <= o <= 0xD7FF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF00 <= o <= 0xFFEF or o >= 0x20000)


def _joinable(ch: str) -> bool:
    """A letter, mark or symbol (emoji) of a script where joiners mean something."""
    return not _cjk_or_ascii(ch) and unicodedata.category(ch)[0] in "LMS"


def joins(text: str, pos: int) -> bool:
    """True if the joiner at ``pos`` joins its neighbours (and is kept)."""
    if pos == 0 or not _joinable(text[pos - 1]):
        return False
    if unicodedata.category(text[pos - 1]) in ("Mn", "Mc"):
        return True  # after a virama: a half form or a chillu, also at a word's end
    return pos + 1 < len(text) and _joinable(text[pos + 1])


def _may_trail(text: str) -> bool:
    """A quick test for a space or tab before a line break or the end (when
    the text has no invisible character)."""
    return (text.endswith((" ", "\t")) or " \n" in text or "\t\n" in text
            or " \r" in text or "\t\r" in text)


def edits(text: str, invisible: bool = True) -> list[Edit]:
    """The whitespace edits of ``text``, sorted (``invisible=False``: the
    caller knows it has no invisible character)."""
    found = list(_INVISIBLE.finditer(text)) if invisible else []
    out = [Edit(m.start(), m.end(), "", "whitespace", INVISIBLE_RULE) for m in found
           if m.group() not in _JOINERS or not joins(text, m.start())]
    if (" " in text or "\t" in text) and (found or _may_trail(text)):
        out += [Edit(s.start(), s.end(), "", "whitespace", TRAILING_RULE)
                for m in _LINE_END.finditer(text)
                for s in _SPACES.finditer(text, m.start(), m.end())]
        out.sort(key=lambda e: e.start)
    return out
