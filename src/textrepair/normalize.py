"""Normalizers run by ``clean()`` after repair.

In order: injected pinyin annotations, script conversion (OpenCC), then
punctuation and whitespace rules that respect Chinese typography.  Each
function returns the new text and the :class:`~textrepair.explain.Step` list
that turns the old text into it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from .config import Config
from .explain import Step, apply_edits
from .opencc_adapter import converter
from .tables import char_table

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_ANNOTATION = re.compile(rf"(?<=[{HAN}])\(([a-zü{_TONED}]{{1,6}})\)")

#: A document "has the artifact" when at least this many annotations follow a
#: traditional character whose reading they are ...
ARTIFACT_MIN_COUNT = 3
#: ... and they are at least this share of all annotations.  The seed article
#: has 300+ annotations, all matching; a textbook's 辗(zhǎn)转 has 0 traditional.
ARTIFACT_MIN_SHARE = 0.6


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def is_reading(ch: str, syllable: str) -> bool:
    """True when ``syllable`` (tone-marked) is a Mandarin reading of ``ch``."""
    readings = char_table().readings.get(ch, ())
    return _nfc(syllable) in readings


def is_traditional(ch: str) -> bool:
    """True for a character whose simplified form differs (國 → 国)."""
    return ch in char_table().simplified


def has_pinyin_artifact(text: str) -> bool:
    """Decide per document whether injected pinyin annotations are present."""
    total = 0
    artifact = 0
    for m in PINYIN_ANNOTATION.finditer(text):
        total += 1
        ch = text[m.start() - 1]
        if is_traditional(ch) and is_reading(ch, m.group(1)):
            artifact += 1
    return artifact >= ARTIFACT_MIN_COUNT and artifact >= ARTIFACT_MIN_SHARE * total


@functools.cache
def syllables() -> frozenset[str]:
    """Every tone-marked Mandarin syllable in the readings table."""
    return frozenset(r for rs in char_table().readings.values() for r in rs)


def remove_pinyin(text: str) -> tuple[str, list[Step]]:
    """Remove every ``字(zì)`` annotation (a valid tone-marked syllable after a
    Han character) when the document shows the artifact; otherwise nothing."""
    if "(" not in text or not has_pinyin_artifact(text):
        return text, []
    edits = []
    valid = syllables()
    for m in PINYIN_ANNOTATION.finditer(text):
        if _nfc(m.group(1)) in valid:
            edits.append(Step("pinyin_annotation", m.start(), m.end(), m.group(), "",
                              "injected pinyin annotation", stage="normalize"))
    return apply_edits(text, edits)


_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7a3\u1100-\u11ff]")


def _diff_steps(old: str, new: str, kind: str, rule: str) -> list[Step]:
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
        steps.append(Step(kind, i, j, old[i:j], new[i:j], rule, stage="normalize"))
        i = j
    return steps


def convert_script(text: str, cfg: Config) -> tuple[str, list[Step]]:
    """Convert the script with OpenCC, paragraph by paragraph, skipping Japanese
    and Korean paragraphs (any kana or Hangul)."""
    if cfg.target == "keep" or text.isascii():
        return text, []
    conv: Callable[[str], str] = converter(cfg.opencc_config)
    edits: list[Step] = []
    pos = 0
    for para in text.splitlines(keepends=True):
        if not para.isascii() and not _KANA_HANGUL.search(para):
            new = conv(para)
            if new != para:
                if len(new) == len(para):
                    rule = f"OpenCC {cfg.opencc_config}"
                    for st in _diff_steps(para, new, cfg.opencc_config, rule):
                        edits.append(Step(st.kind, st.start + pos, st.end + pos, st.before,
                                          st.after, st.rule, stage="normalize"))
                else:
                    edits.append(Step(cfg.opencc_config, pos, pos + len(para), para, new,
                                      f"OpenCC {cfg.opencc_config}", stage="normalize"))
        pos += len(para)
    return apply_edits(text, edits)


# --- punctuation ----------------------------------------------------------------

_CJK = rf"{HAN}\u3000-\u303f\uff00-\uffef“”‘’…—"
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
# ASCII , : ; ! ? after a Chinese character or punctuation mark, or before a Han
# character when not preceded by an ASCII letter (Hello,世界 is left alone;
# 96.3,排在 and 31.7%,产值 are Chinese sentences).
_PUNCT_AFTER = re.compile(rf"(?<=[{_CJK}])[,:;!?]")
_PUNCT_BEFORE = re.compile(rf"(?<![A-Za-z,:;!?])[,:;!?](?=[{HAN}])")
_PARENS = re.compile(r"[(（]([^()（）\n]{1,200})[)）]")


def punctuation(text: str) -> tuple[str, list[Step]]:
    """ASCII punctuation next to Chinese → full-width; see docs/normalization.md."""
    edits: dict[int, Step] = {}
    protected = [m.span() for m in _URL_OR_MAIL.finditer(text)] if (
        "://" in text or "www." in text or "@" in text) else []
    for rx in (_PUNCT_AFTER, _PUNCT_BEFORE):
        for m in rx.finditer(text):
            if protected and any(a <= m.start() < b for a, b in protected):
                continue
            edits[m.start()] = Step("punctuation", m.start(), m.end(), m.group(),
                                    _HALF_TO_FULL[m.group()], "ASCII punctuation next to Chinese",
                                    stage="normalize")
    for m in _PARENS.finditer(text):
        inner = m.group(1)
        if not re.search(f"[{HAN}]", inner):
            continue
        for pos, full in ((m.start(), "（"), (m.end() - 1, "）")):
            if text[pos] in "()":
                edits[pos] = Step("punctuation", pos, pos + 1, text[pos], full,
                                  "ASCII parentheses around Chinese", stage="normalize")
    return apply_edits(text, list(edits.values()))


_URL_OR_MAIL = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)[^\s，。]*|[\w.+-]+@[\w-]+\.[\w.]+")


# --- whitespace -----------------------------------------------------------------

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRAILING = re.compile(r"[ \t]+(?=\r?\n|$)")


def whitespace(text: str) -> tuple[str, list[Step]]:
    """Remove zero-width and control characters, stray BOMs, trailing spaces."""
    edits = [Step("whitespace", m.start(), m.end(), m.group(), "",
                  "invisible or control character", stage="normalize")
             for m in _INVISIBLE.finditer(text)]
    edits += [Step("whitespace", m.start(), m.end(), m.group(), "", "trailing spaces",
                   stage="normalize") for m in _TRAILING.finditer(text)]
    return apply_edits(text, edits)


def normalize_text(text: str, cfg: Config) -> tuple[str, list[Step]]:
    """Run the enabled normalizers in order; return the text and all steps."""
    steps: list[Step] = []
    if cfg.remove_pinyin:
        text, s = remove_pinyin(text)
        steps += s
    text, s = convert_script(text, cfg)
    steps += s
    if cfg.punctuation:
        text, s = punctuation(text)
        steps += s
    if cfg.whitespace:
        text, s = whitespace(text)
        steps += s
    return text, steps
