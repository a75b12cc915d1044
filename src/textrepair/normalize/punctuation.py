"""The punctuation rules of ``clean()`` (docs/normalization.md, section 3), found in one scan.

Each rule has its own compiled pattern, which finds only the marks it could
change; the context of each match (the character before, the Han character
after, the content of a pair) is checked on the match alone.  The costlier
questions -- is the line Chinese, does it look like code, is the mark inside
a URL, an e-mail address or inline code -- are asked only about the lines and
the marks that would change.

A mark can become "next to Chinese" only once its neighbour is converted
(``"好"!`` → ``“好”!`` → ``“好”！``; ``好,...`` → ``好，...`` → ``好，……``).  The old
implementation re-ran every rule over the whole text until nothing changed;
here a mark waiting on its left neighbour is converted in the same scan,
one *generation* after it (so ``explain()`` gives the same steps as those
passes did), and another scan runs only when an edit of this one could
change what a later pass sees in another way (see :func:`_needs_rescan`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from ..chars import HAN_BMP, HANGUL, KANA
from .edits import Edit, Kept

#: Characters that make a neighbouring ASCII mark "next to Chinese": Han, CJK
#: punctuation, full-width punctuation (not full-width letters and digits),
#: and the quotes, ellipsis and dash Chinese text uses.
_CJK = (rf"{HAN_BMP}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
        "“”‘’…—")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_HAN_CHAR = re.compile(f"[{HAN_BMP}]")
_HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？"})
FULLWIDTH = r"\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_NOT_BEFORE_MARK = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz,:;!?")

#: Every line break of ``str.splitlines``: a pair, inline code and a line never span one.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

# 1. ASCII , : ; ! ? (a run of them) after a Chinese character or mark, or
#    before a Han character when not preceded by an ASCII letter
#    (Hello,世界 and config.ini,然后 are left alone).  The lookbehinds make a
#    match start only where a run starts; the lookahead in front lets the
#    regex engine skip to the next mark.
_MARKS = re.compile(r"[,:;!?]+")
_MARK_EDIT = re.compile(rf"(?=[,:;!?])(?:(?<=[{_CJK}])[,:;!?]+"
                        rf"|(?<![A-Za-z,:;!?])[,:;!?]+(?=[{HAN_BMP}]))")
# 2. ... (three to six dots) after Chinese → ……; a longer run is cut in
#    pieces of six from its start, and each piece follows the one before.
_DOTS = re.compile(r"\.{3,6}")
_DOTS_EDIT = re.compile(rf"(?<=[{_CJK}])\.{{3,6}}")
# 3. full-width letters and digits → ASCII
_FULL = re.compile(f"[{FULLWIDTH}]+")
# 4. ( ) pairs whose content has Chinese → （ ）; a pair half converted
#    already is completed.
_PARENS = re.compile(rf"[(（][^()（）{_BREAKS}]{{1,200}}[)）]")
# 5. "…" pairs whose content has Chinese → “…”
_QUOTES = re.compile(rf'"[^"{_BREAKS}]{{1,200}}"')
#: Pairs too long for rules 4 and 5 that ``……`` (shorter than the dots it
#: replaces) could bring under the limit: a second scan is needed then.
_LONG_PAIR = re.compile(rf'[(（][^()（）{_BREAKS}]{{201,600}}[)）]|"[^"{_BREAKS}]{{201,600}}"')

MARK_RULE = "ASCII , : ; ! ? next to Chinese"
DOTS_RULE = "... after Chinese"
PAREN_RULE = "( ) around Chinese"
QUOTE_RULE = '"…" around Chinese'
FULL_RULE = "full-width letters and digits → ASCII"

#: Spans whose ASCII punctuation is part of the content: URLs, e-mail
#: addresses and inline code (sign needed in the line, pattern).  Each
#: pattern starts only where its run starts (the lookbehinds), so a long run
#: of letters is scanned once, not once per position.  File names
#: (``config.ini,然后``) need no span: the ASCII letter before the mark keeps
#: it, and no mark a rule changes can be inside one.  Numbers, times, dates
#: and versions need none either: their marks sit between digits or letters.
_PROTECTED = (
    ("://", re.compile(r"(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*://[^\s，。；！？、）」』”]*")),
    ("www.", re.compile(r"(?<![\w.])www\.[^\s，。；！？、）」』”]*")),
    ("@", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)),
    ("`", re.compile(rf"`[^`{_BREAKS}]*`")),
)

#: A line that looks like code (braces, statements, operators, markup) and
#: is less than half Han is left alone by every punctuation rule.
_CODE_SIGN = re.compile(r"[{}]|;[ \t]*$|[=!<>]=|=>|->|</?[A-Za-z][A-Za-z0-9]*[\s>/]"
                        r"|\b(?:def|class|import|function|var|let|const|return|public|void)\b",
                        re.ASCII | re.MULTILINE)
CODE_MAX_HAN_SHARE = 0.5
KANA_HANGUL = re.compile(rf"[{KANA}\u31f0-\u31ff{HANGUL}\u1100-\u11ff\u3130-\u318f]")


#: ``_CODE_SIGN`` in pieces that each start with a fixed character, so that
#: the regex engine skips ahead, each asked only when that character is there
#: (one ``_CODE_SIGN.search`` costs ~10 times more on Chinese text).
_SEMI_END = re.compile(r";[ \t]*$", re.MULTILINE)
_EQ_SIGN = re.compile(r"(?=[=!<>])(?:[=!<>]=|=>)")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*[\s>/]")
_CODE_WORDS = ("def", "class", "import", "function", "var", "let", "const", "return",
               "public", "void")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _has_word(text: str, word: str) -> bool:
    """``re.search(rf"\\b{word}\\b", text, re.ASCII)``, by ``str.find``."""
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or text[i - 1] not in _WORD_CHARS) and (
                j == len(text) or text[j] not in _WORD_CHARS):
            return True
        i = text.find(word, i + 1)
    return False


def code_sign(text: str) -> bool:
    """``_CODE_SIGN.search(text) is not None``, faster."""
    return ("{" in text or "}" in text
            or (";" in text and _SEMI_END.search(text) is not None)
            or ("=" in text and _EQ_SIGN.search(text) is not None) or "->" in text
            or ("<" in text and _TAG.search(text) is not None)
            or any(_has_word(text, w) for w in _CODE_WORDS))


def looks_like_code(line: str) -> bool:
    """True for a line of code or markup (see ``_CODE_SIGN``)."""
    if not code_sign(line):
        return False
    han = len(_HAN_CHAR.findall(line))
    return han < CODE_MAX_HAN_SHARE * len(line.strip())


def is_chinese_line(line: str) -> bool:
    """A line the rules apply to: not ASCII only, no kana (Japanese) or Hangul (Korean)."""
    return not line.isascii() and KANA_HANGUL.search(line) is None


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses and inline code in ``text``."""
    return [m.span() for sign, rx in _PROTECTED if sign in text for m in rx.finditer(text)]


class _Lines:
    """What the rules need to know about the line of a position, asked lazily
    and once per line: may the rules change it, and its protected spans."""

    __slots__ = ("kana", "open", "spans", "starts", "text", "whole")

    def __init__(self, text: str, rare: bool) -> None:
        self.text = text
        self.kana = rare and KANA_HANGUL.search(text) is not None
        #: no kana, Hangul or sign of code anywhere: every line with a mark
        #: that a rule changes is Chinese (marks need Chinese next to them)
        self.whole = not self.kana and not code_sign(text)
        self.starts: list[int] = []  # where each line starts, when first asked
        self.open: dict[int, bool] = {}
        self.spans: dict[int, Kept] = {}

    def _line(self, pos: int) -> int:
        if not self.starts:
            self.starts = [0, *itertools.accumulate(map(len, self.text.splitlines(True)))]
        return bisect.bisect_right(self.starts, pos) - 1

    def allows(self, pos: int) -> bool:
        """True if the line of ``pos`` is Chinese and does not look like code."""
        if self.whole:
            return True
        i = self._line(pos)
        ok = self.open.get(i)
        if ok is None:
            line = self.text[self.starts[i]:self.starts[i + 1]]
            chinese = not line.isascii() and (not self.kana or KANA_HANGUL.search(line) is None)
            ok = self.open[i] = chinese and not looks_like_code(line)
        return ok

    def protects(self, pos: int) -> bool:
        """True if ``pos`` is inside a URL, an e-mail address or inline code."""
        i = self._line(pos)
        spans = self.spans.get(i)
        if spans is None:
            a = self.starts[i]
            spans = self.spans[i] = Kept((a + s, a + e) for s, e in
                                         protected_spans(self.text[a:self.starts[i + 1]]))
        return spans.hits(pos, pos + 1)


def _after_cjk(text: str, pos: int) -> bool:
    return pos > 0 and _CJK_CHAR.match(text, pos - 1) is not None


def _gen1(text: str, fullwidth: bool) -> list[tuple[int, Edit, int]]:
    """First-generation candidates: ``(position checked, edit, pair end or -1)``."""
    cands: list[tuple[int, Edit, int]] = []
    if "," in text or ":" in text or ";" in text or "!" in text or "?" in text:
        for m in _MARK_EDIT.finditer(text):
            s, e = m.span()
            cands.append((s, Edit(s, e, m.group().translate(_HALF_TO_FULL), "punctuation",
                                  MARK_RULE), -1))
    if "..." in text:
        for m in _DOTS_EDIT.finditer(text):
            s, e = m.span()
            cands.append((s, Edit(s, e, "……", "punctuation", DOTS_RULE), -1))
    for m in _FULL.finditer(text) if fullwidth else ():
        s, e = m.span()
        cands.append((s, Edit(s, e, "".join(chr(ord(c) - 0xFEE0) for c in m.group()),
                              "fullwidth", FULL_RULE), -1))
    for rx, sign, rule, left, right in ((_PARENS, "(", PAREN_RULE, "（", "）"),
                                        (_QUOTES, '"', QUOTE_RULE, "“", "”")):
        if sign not in text and (sign != "(" or ")" not in text):
            continue
        for m in rx.finditer(text):
            s, e = m.span()
            if _HAN_CHAR.search(text, s + 1, e - 1) is None:
                continue
            if sign == '"' and (text[s - 1:s] == '"' or text[e:e + 1] == '"'):
                # ""中"": which quotes pair is unclear, and converting the
                # inner pair would let the outer quotes pair in the next call
                continue
            if text[s] in "(\"":
                cands.append((s, Edit(s, s + 1, left, "punctuation", rule), e - 1))
            if text[e - 1] in ")\"":
                cands.append((s, Edit(e - 1, e, right, "punctuation", rule), e - 1))
    return cands


def _waiting(text: str, pos: int) -> Edit | None:
    """The mark run or dots that start at ``pos``, right after a converted
    character: next to Chinese once it is (a match of rule 1 or 2 starts
    there: mark runs are maximal and a dots run is cut from its start)."""
    m = _MARKS.match(text, pos)
    if m is not None:
        return Edit(pos, m.end(), m.group().translate(_HALF_TO_FULL), "punctuation", MARK_RULE)
    m = _DOTS.match(text, pos)
    if m is not None:
        return Edit(pos, m.end(), "……", "punctuation", DOTS_RULE)
    return None


def _needs_rescan(text: str, edits: list[tuple[int, Edit]], propagated: bool) -> bool:
    """True if a scan of the edited text could find an edit this one did not.

    Three things can: a full-width digit turned ASCII in front of a URL's
    scheme ends its protection (``１http://…`` → ``1http://…``); ``……`` shortens
    a pair's content under the 200-character limit; and, for marks converted
    after their neighbour in this scan, a change that could have stopped a
    later pass from converting them (a full-width letter turned ASCII may make
    a keyword or a URL; ``……`` after ``www.`` makes it one).
    """
    dots = any(e.rule == DOTS_RULE for _, e in edits)
    if dots and ("(" in text or '"' in text) and _LONG_PAIR.search(text):
        return True
    for _, e in edits:
        if e.kind != "fullwidth":
            continue
        nxt = text[e.end:e.end + 1]
        if nxt.isascii() and nxt.isalnum() and "://" in text:
            return True
        if propagated:
            return True
    return propagated and dots and ("://" in text or "www." in text)


def scan(text: str, kept: Kept, rare: bool = True) -> tuple[list[tuple[int, Edit]], bool]:
    """The punctuation edits of ``text`` as ``(generation, edit)``, sorted by
    generation then position, and whether the edited text must be scanned again
    (``rare=False``: the caller knows it has no full-width letter or digit, kana
    or Hangul)."""
    if text.isascii():
        return [], False
    cands = _gen1(text, rare)
    if not cands:
        return [], False
    lines = _Lines(text, rare)
    protect = any(sign in text for sign, _ in _PROTECTED)

    def allowed(pos: int, end: int, pair_end: int) -> bool:
        if kept and (kept.hits(pos, end) or (pair_end >= 0 and (
                kept.hits(pos, pos + 1) or kept.hits(pair_end, pair_end + 1)))):
            return False
        if not lines.allows(pos):
            return False
        return not protect or not (lines.protects(pos)
                                   or (pair_end >= 0 and lines.protects(pair_end)))

    edits = [(1, e) for pos, e, pair_end in cands
             if allowed(pos, e.end if pair_end < 0 else pos + 1, pair_end)]
    if not edits:
        return [], False
    # a mark or dots after a converted character convert one generation after it
    edits.sort(key=lambda ge: ge[1].start)
    taken = {e.start for _, e in edits}
    todo = [(e.end, 1) for _, e in edits if e.kind != "fullwidth"]
    propagated = False
    while todo:
        pos, gen = todo.pop()
        w = _waiting(text, pos) if pos not in taken else None
        if w is None or not allowed(w.start, w.end, -1):
            continue
        edits.append((gen + 1, w))
        taken.add(w.start)
        todo.append((w.end, gen + 1))
        propagated = True
    edits.sort(key=lambda ge: (ge[0], ge[1].start))
    if _needs_rescan(text, edits, propagated):
        return [ge for ge in edits if ge[0] == 1], True
    return edits, False


def generations(edits: list[tuple[int, Edit]]) -> Iterator[list[Edit]]:
    """The edits of each generation, in order (positions in the scanned text)."""
    for _, group in itertools.groupby(edits, key=lambda ge: ge[0]):
        yield [e for _, e in group]
