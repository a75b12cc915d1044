"""Pinyin facts shared by repair and normalization: what a tone-marked
syllable looks like, which characters it is a reading of, and which
``字(zì)`` annotations a pinyin-injecting converter wrote (field notes §3).

Repair uses the readings to rebuild characters that the converter cut in
half (:mod:`textrepair.repair.converter`) and reports the annotations
(``detect()``); normalization removes them
(:mod:`textrepair.normalize.pinyin`).  The readings come from the model's
character table (pypinyin's, first reading first).

>>> is_reading("中", "zhōng"), is_reading("中", "zhang")
(True, False)
>>> [(a.char, a.syllable, a.injected) for a in find_annotations("國務(wù)院外辦主任")]
[('務', 'wù', True)]
>>> [(a.char, a.injected) for a in find_annotations("多音字：行(háng)業、長(zhǎng)大")]
[('行', False), ('長', False)]
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .chars import HAN_BMP, is_han
from .model.tables import char_table

#: The tone-marked vowels (and ń ň ǹ ḿ) of Hanyu Pinyin.
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
#: One syllable, as a regular expression: one to six letters, tone marks allowed.
SYLLABLE = rf"[a-zü{TONED}]{{1,6}}"
#: An annotation as the converter writes it: ASCII brackets right after a Han
#: character, one syllable, no spaces (a teacher's ``戛（jiá）``, ``字 (zì)``
#: and ``(jīng jīng yè yè)`` are not matched at all).
ANNOTATION = re.compile(rf"(?<=[{HAN_BMP}])\(({SYLLABLE})\)")

#: The converter annotates common characters only: every character seen
#: annotated on the real pages has a simplified form with a jieba-weighted
#: count of at least 3635 (謹, rank 2136; the next rarest 貿 has 13630).  A
#: character whose simplified form is rarer than this is a teacher's choice
#: (躊(chóu)躇, 燦(càn)).  Set at a quarter of 謹's count for margin.
#: Measured (20,000 training records converted by benchmarks/pinyin_converter.py):
#: 0 of 76,607 annotations (observed list) and 0 of 191,151 (list of the 400
#: commonest) fall below it; 2 of the 35 converter-shaped annotations of
#: fixtures/pinyin/legitimate.txt do.
RARE_MAX_COUNT = 900
#: A document shows the artifact when at least this many of its annotations
#: pass every local test ...
ARTIFACT_MIN_COUNT = 3
#: ... and they are at least this share of its annotations.  The seed article
#: has 338 of 344 (5 more are 區 or 數 alone in a list, lifted by this; one is
#: 瓨(biāo), a site repair rebuilds); the lessons of
#: fixtures/pinyin/legitimate.txt have 0.  With that evidence the weak signs
#: of a lesson (a list item, a rare character, a lesson word) no longer keep
#: an annotation; the annotation's own test still has to hold.  Without it a
#: lone list item stays: 0.30% of the converted training records (observed
#: list; 0.14% with the 400 commonest) keep one, all of them 區 鎮 構 … alone
#: in a list such as 縣(市、區(qū)).
ARTIFACT_MIN_SHARE = 0.6

#: Words that make a line a reading lesson, in both scripts: the textbook
#: terms 拼音 注音 读音 读作 多音字 同音字 形近字 生字 发音 音节 声调 认读,
#: and the exercise headings 认一认 读一读 念一念 拼一拼.  Measured on the
#: same converted training records: 0 of the 15,024 (observed list) and of the
#: 16,266 (400 commonest) lines with an annotation hold one.
LESSON_WORDS = re.compile(
    "拼音|注音|[读讀唸念][音作]|[多同]音字|形近字|生字|[发發]音|音[节節]|[声聲][调調]"
    "|[认認]读|認讀|([认認读讀念唸拼])一\\1")


def nfc(s: str) -> str:
    """``s`` in Unicode NFC (the form the readings table uses)."""
    return unicodedata.normalize("NFC", s)


def is_reading(ch: str, syllable: str) -> bool:
    """True when ``syllable`` (tone-marked) is a Mandarin reading of ``ch``."""
    readings = char_table().readings.get(ch, ())
    return nfc(syllable) in readings


def first_reading(ch: str) -> str | None:
    """The first reading of ``ch`` (pypinyin's, without context): what the
    converter writes after it (經(jīng), 應(yīng), 當(dāng))."""
    readings = char_table().readings.get(ch, ())
    return readings[0] if readings else None


def is_traditional(ch: str) -> bool:
    """True for a character whose simplified form differs (國 → 国)."""
    return char_table().simplified.get(ch, ch) != ch


def converter_shaped(ch: str, syllable: str) -> bool:
    """The annotation's own test: ``syllable`` is the first reading of ``ch``
    and ``ch`` is a traditional form."""
    return first_reading(ch) == nfc(syllable) and is_traditional(ch)


def is_rare(ch: str) -> bool:
    """True for a character the converter does not annotate (see RARE_MAX_COUNT)."""
    table = char_table()
    return table.count.get(table.simplified.get(ch, ch), 0) < RARE_MAX_COUNT


@functools.cache
def syllables() -> frozenset[str]:
    """Every tone-marked Mandarin syllable in the readings table."""
    return frozenset(r for rs in char_table().readings.values() for r in rs)


@dataclass(frozen=True, slots=True)
class Annotation:
    """One ``字(zì)`` in a text: the span of ``(zì)``, the character and the
    syllable, whether the converter injected it, and why (the reading matched
    and the evidence that decided)."""

    start: int
    end: int
    char: str
    syllable: str
    injected: bool
    reason: str


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    char: str
    syllable: str
    shaped: bool


def _bare_neighbours(text: str, found: Sequence[_Found]) -> list[tuple[str, str]]:
    """The characters before and after each annotated character once every
    annotation is taken out (``數(shù)據(jù)`` → 數據: 據's neighbour is 數)."""
    ends = {f.end: f for f in found}
    out = []
    for f in found:
        i = f.start - 2  # the character before the annotated one
        g = ends.get(i + 1)  # an annotation that ends right there: its character
        before = text[g.start - 1] if g else text[i] if i >= 0 else ""
        after = text[f.end] if f.end < len(text) else ""
        out.append((before, after))
    return out


def _line_signs(text: str, found: Sequence[_Found]) -> dict[int, str]:
    """Per line start, why the line is a reading lesson: an annotation in it
    is a reading of its character but fails the converter's test (行(háng),
    辗(zhǎn)), a character has two readings in it, or an
    annotated character also stands in it without annotation (the converter
    annotates every occurrence)."""
    by_line: dict[int, list[_Found]] = {}
    for f in found:
        by_line.setdefault(text.rfind("\n", 0, f.start) + 1, []).append(f)
    signs: dict[int, str] = {}
    for start, items in by_line.items():
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        # a teacher's annotation: a reading of its character, not the converter's
        bad = next((f for f in items if not f.shaped and is_reading(f.char, f.syllable)), None)
        if bad is not None:
            signs[start] = f"the line also has {bad.char}({bad.syllable}), not a converter's"
            continue
        readings: dict[str, str] = {}
        for f in items:
            if readings.setdefault(f.char, f.syllable) != f.syllable:
                signs[start] = f"the line gives {f.char} two readings"
                break
        else:
            for ch in {f.char for f in items}:
                if re.search(f"{re.escape(ch)}(?!\\({SYLLABLE}\\))", line):
                    signs[start] = f"{ch} also stands in the line without annotation"
                    break
    return signs


def _line(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[text.rfind("\n", 0, pos) + 1:end if end >= 0 else len(text)]


def _decide(text: str, f: _Found, near: tuple[str, str],
            line_sign: str | None) -> tuple[bool, str, bool]:
    """(injected, reason, weak): ``weak`` when only a weak sign of a lesson
    keeps it (which a document with the artifact overrules)."""
    reading = first_reading(f.char)
    if reading != nfc(f.syllable):
        if reading is None or not is_reading(f.char, f.syllable):
            return False, f"kept: {f.syllable} is no reading of {f.char}", False
        return False, (f"kept: {f.syllable} is a reading of {f.char} but not its first "
                       f"({reading}), which the converter writes"), False
    if not is_traditional(f.char):
        return False, f"kept: {f.char} is no traditional form (the converter's are)", False
    if line_sign:
        return False, f"kept: a reading lesson ({line_sign})", False
    if is_rare(f.char):
        return False, f"kept: {f.char} is rare (a teacher's choice, not the converter's)", True
    before, after = near
    if not (before and is_han(before)) and not (after and is_han(after)):
        return False, f"kept: {f.char} stands alone (a list item or a quoted character)", True
    word = LESSON_WORDS.search(_line(text, f.start))
    if word:
        return False, f"kept: the line is about readings ({word.group()})", True
    return True, f"{_head(f)}, in running text", False


def _head(f: _Found) -> str:
    return f"{f.syllable} is the first reading of {f.char} (traditional, {simplified(f.char)})"


def simplified(ch: str) -> str:
    """The simplified form of ``ch`` (itself when it has none)."""
    return char_table().simplified.get(ch, ch)


def find_annotations(text: str) -> list[Annotation]:
    """Every ``字(zì)`` annotation of ``text`` with the decision on it.

    An annotation is the converter's when its own test holds (the syllable is
    the first reading of the character before it, a traditional form) and
    nothing around it says reading lesson: no other annotation of the line
    fails the test or gives a character a second reading, the character does
    not also stand unannotated in the line, it is not rare, not alone between
    non-Han characters (a list: 齊(qí)、燦(càn)) and the sentence has no
    lesson word.  When enough of a document's annotations pass all of that
    (ARTIFACT_MIN_COUNT, ARTIFACT_MIN_SHARE), the last three signs no longer
    keep one.
    """
    if "(" not in text:
        return []
    found = [_Found(m.start(), m.end(), text[m.start() - 1], m.group(1),
                    converter_shaped(text[m.start() - 1], m.group(1)))
             for m in ANNOTATION.finditer(text)]
    if not found:
        return []
    signs = _line_signs(text, found)
    decided = [_decide(text, f, near, signs.get(text.rfind("\n", 0, f.start) + 1))
               for f, near in zip(found, _bare_neighbours(text, found), strict=True)]
    sure = sum(d[0] for d in decided)
    document = sure >= ARTIFACT_MIN_COUNT and sure >= ARTIFACT_MIN_SHARE * len(found)
    out = []
    for f, (injected, reason, weak) in zip(found, decided, strict=True):
        if document and weak:
            injected, reason = True, (f"{_head(f)}; {reason.removeprefix('kept: ')}, but "
                                      f"{sure} of the document's {len(found)} annotations "
                                      "are the converter's")
        out.append(Annotation(f.start, f.end, f.char, f.syllable, injected, reason))
    return out


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (syllables,)
