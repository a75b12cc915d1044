"""Normalizers run by ``clean()`` after repair.

In order: injected pinyin annotations (:mod:`.pinyin`), script conversion (OpenCC), then one
rule set for punctuation and whitespace that respects Chinese typography
(documented rule by rule, with examples, in ``docs/normalization.md``).

Every function takes ``explain``: with it, the result carries the
:class:`~textrepair.explain.Step` list that turns the old text into the new
one; without it (``clean()``), only the text is computed, which is what keeps
``clean()`` fast on traditional text where OpenCC changes every other
character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..chars import HAN_BMP, HANGUL, KANA
from ..config import Config
from ..explain import Step, apply_edits
from .opencc_adapter import converter
from .pinyin import remove_pinyin

Result = tuple[str, list[Step]]

# --- script --------------------------------------------------------------------

_KANA_HANGUL = re.compile(rf"[{KANA}\u31f0-\u31ff{HANGUL}\u1100-\u11ff\u3130-\u318f]")


def chinese_paragraphs(text: str) -> Iterator[tuple[int, str, bool]]:
    """``(offset, paragraph, is_chinese)`` for each line of ``text``.

    A paragraph with kana is Japanese and one with Hangul is Korean: neither
    is converted nor has its punctuation changed.
    """
    pos = 0
    for para in text.splitlines(keepends=True):
        yield pos, para, not para.isascii() and _KANA_HANGUL.search(para) is None
        pos += len(para)


def _diff_steps(old: str, new: str, kind: str, rule: str, offset: int) -> list[Step]:
    """Steps for a length-preserving conversion, one per run of changed characters."""
    steps = []
    i = 0
    n = len(old)
    while i < n:
        if old[i] == new[i]:
            i += 1
            continue
        j = i
        while j < n and old[j] != new[j]:
            j += 1
        steps.append(Step(kind, offset + i, offset + j, old[i:j], new[i:j], rule,
                          stage="normalize"))
        i = j
    return steps


_SURROGATES = re.compile("([\ud800-\udfff]+)")


def _around_surrogates(conv: Callable[[str], str]) -> Callable[[str], str]:
    """``conv`` applied between lone surrogates (OpenCC cannot encode them;
    they stay where they are)."""
    def run(s: str) -> str:
        if _SURROGATES.search(s) is None:
            return conv(s)
        parts = _SURROGATES.split(s)  # text, surrogates, text, ...
        return "".join(conv(p) if i % 2 == 0 and p else p for i, p in enumerate(parts))
    return run


def convert_script(text: str, cfg: Config, explain: bool = True) -> Result:
    """Convert the script with OpenCC (``cfg.opencc_config``), skipping Japanese
    and Korean paragraphs; ``target="keep"`` leaves the text as it is."""
    if cfg.target == "keep" or text.isascii():
        return text, []
    conv: Callable[[str], str] = _around_surrogates(converter(cfg.opencc_config))
    if not explain and _KANA_HANGUL.search(text) is None:
        return conv(text), []
    rule = f"OpenCC {cfg.opencc_config}"
    parts: list[str] = []
    edits: list[Step] = []
    for pos, para, chinese in chinese_paragraphs(text):
        new = conv(para) if chinese else para
        parts.append(new)
        if explain and new != para:
            if len(new) == len(para):
                edits += _diff_steps(para, new, cfg.opencc_config, rule, pos)
            else:
                edits.append(Step(cfg.opencc_config, pos, pos + len(para), para, new, rule,
                                  stage="normalize"))
    if not explain:
        return "".join(parts), []
    return apply_edits(text, edits)


# --- punctuation ---------------------------------------------------------------

#: Characters that make a neighbouring ASCII mark "next to Chinese": Han, CJK
#: punctuation, full-width punctuation (not full-width letters and digits),
#: and the quotes, ellipsis and dash Chinese text uses.
_CJK = (rf"{HAN_BMP}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
        "“”‘’…—")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}

#: One pattern for the single-mark rules; each match's context is checked in
#: :func:`_punct_edit` (a pattern that starts with a character class lets the
#: regex engine skip ahead, which lookbehind alternatives do not).
_PUNCT = re.compile(
    # 1. ASCII , : ; ! ? (a run of them) after a Chinese character or mark, or
    #    before a Han character when not preceded by an ASCII letter
    #    (Hello,世界 and config.ini,然后 are left alone).
    r"(?P<mark>[,:;!?]+)"
    # 2. ... (three to six dots) after Chinese → ……
    r"|(?P<dots>\.{3,6})"
    # 3. full-width letters and digits → ASCII
    r"|(?P<fullwidth>[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+)")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_HAN_CHAR = re.compile(f"[{HAN_BMP}]")
_NOT_BEFORE_MARK = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz,:;!?")
#: 4. ( ) pairs whose content has Chinese → （ ）; a pair half converted
#:    already is completed.
_PARENS = re.compile(r"(?P<paren>[(（][^()（）\n]{1,200}[)）])")
#: 5. "…" pairs whose content has Chinese → “…”
_QUOTES = re.compile(r'(?P<quote>"[^"\n]{1,200}")')
#: A quick test for whether any punctuation rule can apply.
_PUNCT_TRIGGER = re.compile(r"[,:;!?.()（）\"\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")

#: Spans whose ASCII punctuation is part of the content: URLs, e-mail
#: addresses, inline code and file names.  (Numbers, times, dates and
#: versions need no protection: their marks sit between digits or letters,
#: never next to a Chinese character, so no rule matches them.)
_PROTECTED = (
    # (needed substring, pattern): a pattern runs only when its sign is present;
    # each starts only where its run starts (the lookbehinds), so a long run
    # of letters is scanned once, not once per position
    ("://", re.compile(r"(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*://[^\s，。；！？、）」』”]*")),
    ("www.", re.compile(r"(?<![\w.])www\.[^\s，。；！？、）」』”]*")),
    ("@", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)),
    ("`", re.compile(r"`[^`\n]*`")),
    (".", re.compile(r"(?<![\w-])[\w-]+\.[A-Za-z][A-Za-z0-9]{0,4}\b", re.ASCII)),
)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses, inline code and file names in ``text``."""
    return [m.span() for sign, rx in _PROTECTED if sign in text for m in rx.finditer(text)]

#: A line that looks like code (braces, statements, operators, markup) and
#: is less than half Han is left alone by every punctuation rule.
_CODE_SIGN = re.compile(r"[{}]|;[ \t]*$|[=!<>]=|=>|->|</?[A-Za-z][A-Za-z0-9]*[\s>/]"
                        r"|\b(?:def|class|import|function|var|let|const|return|public|void)\b",
                        re.ASCII | re.MULTILINE)
CODE_MAX_HAN_SHARE = 0.5


def looks_like_code(line: str) -> bool:
    """True for a line of code or markup (see ``_CODE_SIGN``)."""
    if _CODE_SIGN.search(line) is None:
        return False
    han = len(_HAN_CHAR.findall(line))
    return han < CODE_MAX_HAN_SHARE * len(line.strip())


def _fullwidth_to_ascii(s: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) for c in s)


def _punct_edit(m: re.Match[str], offset: int) -> Iterator[Step]:
    """The edits for one match of ``_PUNCT`` (nothing if the rule's condition fails)."""
    kind = m.lastgroup
    s = m.group()
    a = offset + m.start()
    line = m.string
    prev = line[m.start() - 1] if m.start() else ""
    after_cjk = bool(prev) and _CJK_CHAR.match(prev) is not None
    if kind == "mark":
        before_han = (prev not in _NOT_BEFORE_MARK
                      and _HAN_CHAR.match(line, m.end()) is not None)
        if after_cjk or before_han:
            yield Step("punctuation", a, a + len(s), s, "".join(_HALF_TO_FULL[c] for c in s),
                       "ASCII , : ; ! ? next to Chinese", stage="normalize")
    elif kind == "dots":
        if after_cjk:
            yield Step("punctuation", a, a + len(s), s, "……", "... after Chinese",
                       stage="normalize")
    elif kind == "paren":
        if _HAN_CHAR.search(s) is None:
            return
        if s[0] == "(":
            yield Step("punctuation", a, a + 1, "(", "（", "( ) around Chinese", stage="normalize")
        if s[-1] == ")":
            b = a + len(s) - 1
            yield Step("punctuation", b, b + 1, ")", "）", "( ) around Chinese", stage="normalize")
    elif kind == "quote":
        if _HAN_CHAR.search(s) is None:
            return
        b = a + len(s) - 1
        yield Step("punctuation", a, a + 1, '"', "“", '"…" around Chinese', stage="normalize")
        yield Step("punctuation", b, b + 1, '"', "”", '"…" around Chinese', stage="normalize")
    elif kind == "fullwidth":
        yield Step("fullwidth", a, a + len(s), s, _fullwidth_to_ascii(s),
                   "full-width letters and digits → ASCII", stage="normalize")


def _text_edits(line: str, offset: int) -> list[Step]:
    """Punctuation edits in ``line`` (or a whole text known to hold no code)."""
    if _PUNCT_TRIGGER.search(line) is None:
        return []
    mask = _protected_mask(line)
    edits: list[Step] = []
    for rx, needed in ((_PUNCT, ""), (_PARENS, "()"), (_QUOTES, '"')):
        if needed and not any(c in line for c in needed):
            continue
        for m in rx.finditer(line):
            # a pair is protected when either delimiter is: (见http://a.cn/x_(y))
            if mask and (mask[m.start()] or (needed and mask[m.end() - 1])):
                continue
            edits += _punct_edit(m, offset)
    return edits


def _protected_mask(text: str) -> bytearray:
    """1 for each character inside a protected span; empty when there is none."""
    spans = protected_spans(text)
    if not spans:
        return bytearray()
    mask = bytearray(len(text))
    for p, q in spans:
        mask[p:q] = b"\x01" * (q - p)
    return mask


#: The rules are applied until nothing changes: a mark can become "next to
#: Chinese" only once its neighbour is converted ("好"! → “好”! → “好”！;
#: 好,... → 好，... → 好，……), so clean() is idempotent.


def punctuation(text: str) -> Result:
    """The punctuation rules (docs/normalization.md) on every Chinese line."""
    if _PUNCT_TRIGGER.search(text) is None:
        return text, []
    steps: list[Step] = []
    # each pass turns at least one ASCII mark into a full-width one (or an
    # ASCII letter run out of full width), so the loop ends; len(text) bounds it
    for _ in range(len(text) + 1):
        if _KANA_HANGUL.search(text) is None and _CODE_SIGN.search(text) is None:
            edits = _text_edits(text, 0)  # the usual case: one scan of the whole text
        else:
            edits = []
            for pos, line, chinese in chinese_paragraphs(text):
                if chinese and not looks_like_code(line):
                    edits += _text_edits(line, pos)
        if not edits:
            break
        text, done = apply_edits(text, edits)
        steps += done
    return text, steps


# --- whitespace ----------------------------------------------------------------

#: Zero-width characters, BOMs, soft hyphens and C0/C1 controls other than
#: tab, line feed and carriage return.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad"
                        r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TRAILING = re.compile(r"[ \t]+(?=\r?\n|\r|$)")


def whitespace(text: str) -> Result:
    """Remove zero-width and control characters, stray BOMs, trailing spaces."""
    edits = [Step("whitespace", m.start(), m.end(), m.group(), "",
                  "invisible or control character", stage="normalize")
             for m in _INVISIBLE.finditer(text)]
    edits += [Step("whitespace", m.start(), m.end(), m.group(), "", "trailing spaces",
                   stage="normalize") for m in _TRAILING.finditer(text)]
    if not edits:
        return text, []
    return apply_edits(text, edits)


def normalize_text(text: str, cfg: Config, explain: bool = True) -> Result:
    """Run the enabled normalizers in order; return the text and (with
    ``explain``) every step."""
    steps: list[Step] = []
    if cfg.remove_pinyin:
        text, s = remove_pinyin(text)
        steps += s
    text, s = convert_script(text, cfg, explain)
    steps += s
    # invisible characters go first: 中\u200b,abc is 中,abc to the punctuation rules
    if cfg.whitespace:
        text, s = whitespace(text)
        steps += s
    if cfg.punctuation:
        text, s = punctuation(text)
        steps += s
    return text, steps
