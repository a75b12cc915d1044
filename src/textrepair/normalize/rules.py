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

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from ..config import Config
from ..explain import Step
from . import punctuation as punct
from . import whitespace as ws
from . import zhe
from .edits import Edit, Kept, apply, to_steps
from .opencc_adapter import converter
from .pinyin import remove_pinyin

Result = tuple[str, list[Step]]

# --- script --------------------------------------------------------------------

_KANA_HANGUL = punct.KANA_HANGUL


def chinese_paragraphs(text: str) -> Iterator[tuple[int, str, bool]]:
    """``(offset, paragraph, is_chinese)`` for each line of ``text``.

    A paragraph with kana is Japanese and one with Hangul is Korean: neither
    is converted nor has its punctuation changed.
    """
    pos = 0
    for para in text.splitlines(keepends=True):
        yield pos, para, punct.is_chinese_line(para)
        pos += len(para)


_SURROGATES = re.compile("([\ud800-\udfff]+)")
_SURROGATE = re.compile("[\ud800-\udfff]")  # no group: the regex engine can skip ahead

#: One scan for every character only some texts have and some rules need:
#: kana and Hangul (Japanese and Korean paragraphs), lone surrogates,
#: full-width letters and digits, invisible characters.  OpenCC turns no
#: character into one of them (checked for every code point and all eight
#: configurations), so the scan of the repaired text holds after conversion.
_RARE = re.compile(rf"[{punct.KANA_HANGUL.pattern[1:-1]}\ud800-\udfff{punct.FULLWIDTH}"
                   rf"{ws.INVISIBLES}]")


def _around_surrogates(conv: Callable[[str], str]) -> Callable[[str], str]:
    """``conv`` applied between lone surrogates (OpenCC cannot encode them;
    they stay where they are)."""
    def run(s: str) -> str:
        if _SURROGATE.search(s) is None:
            return conv(s)
        parts = _SURROGATES.split(s)  # text, surrogates, text, ...
        return "".join(conv(p) if i % 2 == 0 and p else p for i, p in enumerate(parts))
    return run


_RUN = re.compile(rb"[^\x00]+")
_ONE = bytes([0, *[1] * 255])


def _changed(old: str, new: str) -> bytes:
    """One byte per character of two strings of the same length, 0 where they
    agree, computed without a Python loop over the characters: the XOR of
    their UTF-16 code units (UTF-32 when a character is outside the BMP), each
    unit's bytes OR-ed into its first byte."""
    a = old.encode("utf-16-le", "surrogatepass")
    b = new.encode("utf-16-le", "surrogatepass")
    if len(a) == 2 * len(old) and len(b) == len(a):
        x = int.from_bytes(a, "little") ^ int.from_bytes(b, "little")
        return (x | x >> 8).to_bytes(len(a), "little")[0::2]
    a = old.encode("utf-32-le", "surrogatepass")
    b = new.encode("utf-32-le", "surrogatepass")
    x = int.from_bytes(a, "little") ^ int.from_bytes(b, "little")
    # code points are below 2**21: the fourth byte of every unit is 0
    return (x | x >> 8 | x >> 16).to_bytes(len(a), "little")[0::4]


def changed_runs(old: str, new: str) -> list[tuple[int, int]]:
    """Spans of the runs of characters that differ between two strings of the same length."""
    return [m.span() for m in _RUN.finditer(_changed(old, new))]


def count_changed_runs(old: str, new: str) -> int:
    """``len(changed_runs(old, new))`` without building the spans."""
    f = _changed(old, new).translate(_ONE)
    return f.count(b"\x00\x01") + (f[:1] == b"\x01")


def _script_segments(text: str, kept: Kept, rare: bool) -> list[tuple[int, int]]:
    """The spans OpenCC converts: runs of paragraphs without kana or Hangul
    (the whole text, usually), cut around the kept spans."""
    if not rare or _KANA_HANGUL.search(text) is None:
        spans = [(0, len(text))]
    else:
        spans = []
        for pos, para, chinese in chinese_paragraphs(text):
            if not chinese and not para.isascii():
                continue
            if spans and spans[-1][1] == pos:
                spans[-1] = (spans[-1][0], pos + len(para))
            else:
                spans.append((pos, pos + len(para)))
    if not kept:
        return spans
    out = []
    for a, b in spans:
        for s, e in zip(kept.starts, kept.ends, strict=True):
            if e <= a or s >= b:
                continue
            if s > a:
                out.append((a, s))
            a = max(a, e)
        if a < b:
            out.append((a, b))
    return out


def _script_steps(seg: str, new: str, at: int, cfg: Config,
                  conv: Callable[[str], str]) -> list[Edit]:
    """The per-character edits that turn ``seg`` into ``new``: one per run of
    changed characters when the length is the same (always, for t2s on the
    running corpora: no line of 150,000 changed length); otherwise per
    paragraph, the same or the whole paragraph when its length changed."""
    kind, rule = cfg.opencc_config, f"OpenCC {cfg.opencc_config}"
    if len(new) == len(seg):
        return [Edit(at + s, at + e, new[s:e], kind, rule) for s, e in changed_runs(seg, new)]
    out: list[Edit] = []
    pos = at
    for para in seg.splitlines(keepends=True):
        conv_p = conv(para)
        if len(conv_p) == len(para):
            out += [Edit(pos + s, pos + e, conv_p[s:e], kind, rule)
                    for s, e in changed_runs(para, conv_p)]
        elif conv_p != para:
            out.append(Edit(pos, pos + len(para), conv_p, kind, rule))
        pos += len(para)
    if apply(seg, [Edit(e.start - at, e.end - at, e.after, kind, rule) for e in out]) != new:
        return [Edit(at, at + len(seg), new, kind, rule)]  # the paragraphs convert otherwise
    return out


def _script_count(seg: str, new: str, cfg: Config, conv: Callable[[str], str]) -> int:
    """How many steps :func:`_script_steps` would give (without building them)."""
    if len(new) == len(seg):
        return count_changed_runs(seg, new)
    return len(_script_steps(seg, new, 0, cfg, conv))


# --- the stage -----------------------------------------------------------------


@dataclass(slots=True)
class Normalized:
    """What :func:`normalize_text` made: the text, the steps (only when asked),
    how many changes of each kind, and the kept spans in the new text."""

    text: str
    kept: Kept
    steps: list[Step] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def _convert(out: Normalized, cfg: Config, explain: bool, rare: bool) -> None:
    """OpenCC (``cfg.opencc_config``) over every Chinese paragraph, once per
    segment (once per document, unless kana, Hangul or kept spans cut it)."""
    text = out.text
    if cfg.target == "keep" or text.isascii():
        return
    conv = converter(cfg.opencc_config)
    if rare:
        conv = _around_surrogates(conv)
    edits: list[Edit] = []
    fine: list[Edit] = []
    for a, b in _script_segments(text, out.kept, rare):
        seg = text[a:b]
        new = conv(seg)
        if new == seg:
            continue
        edits.append(Edit(a, b, new, cfg.opencc_config, ""))
        if explain:
            fine += _script_steps(seg, new, a, cfg, conv)
        else:
            out.counts[cfg.opencc_config] += _script_count(seg, new, cfg, conv)
    if not edits:
        return
    if explain:
        out.text, steps = to_steps(text, fine)
        out.steps += steps
        out.counts[cfg.opencc_config] += len(steps)
    else:
        out.text = apply(text, edits)
    out.kept = out.kept.through(edits)
    if cfg.opencc_config in ZHE_CONFIGS and "著" in out.text:
        _edit(out, out.kept.drop(zhe.edits(out.text, _spans_after(edits), cfg.opencc_config)),
              explain)


#: The configurations that keep every 著 (t2s; tw2s and tw2sp decide it by
#: phrase, hk2s's Hong Kong text writes 着 for zhe): :mod:`.zhe` decides it.
ZHE_CONFIGS = frozenset({"t2s"})


def _spans_after(edits: Sequence[Edit]) -> list[tuple[int, int]]:
    """Where the text each of the sorted ``edits`` wrote lies once they are applied."""
    out, shift = [], 0
    for e in edits:
        out.append((e.start + shift, e.start + shift + len(e.after)))
        shift += len(e.after) - (e.end - e.start)
    return out


def _edit(out: Normalized, edits: Sequence[Edit], explain: bool) -> None:
    """Apply sorted edits of ``out.text`` (counted, and explained if asked)."""
    if not edits:
        return
    out.counts.update(e.kind for e in edits)
    if explain:
        text, steps = to_steps(out.text, edits)
        out.steps += steps
    else:
        text = apply(out.text, edits)
    out.kept = out.kept.through(edits)
    out.text = text


def _moved(edits: list[Edit], done: list[Edit]) -> list[Edit]:
    """``edits`` (positions before ``done`` was applied) in the text after it."""
    ends = [e.end for e in done]
    shifts = [0, *itertools.accumulate(len(e.after) - (e.end - e.start) for e in done)]
    out = []
    for e in edits:
        d = shifts[bisect.bisect_right(ends, e.start)]
        out.append(Edit(e.start + d, e.end + d, e.after, e.kind, e.rule))
    return out


def _punctuate(out: Normalized, explain: bool, rare: bool = True) -> None:
    """The punctuation rules; their generations applied in order, so that
    ``explain()`` shows each one as it happens (and clean() is idempotent)."""
    for _ in range(len(out.text) + 1):  # each scan converts at least one mark
        found, again = punct.scan(out.text, out.kept, rare)
        if not found:
            return
        if explain:
            done: list[Edit] = []
            for gen in punct.generations(found):
                _edit(out, _moved(gen, done), explain)
                done = sorted([*done, *gen], key=lambda e: e.start)
        else:
            _edit(out, sorted((e for _, e in found), key=lambda e: e.start), explain)
        if not again:
            return


def normalize_text(text: str, cfg: Config, explain: bool = True,
                   keep: Sequence[tuple[int, int]] = ()) -> Normalized:
    """Run the enabled normalizers in order, leaving the ``keep`` spans (damage
    the repair stage could not undo) as they are; the steps only if ``explain``."""
    out = Normalized(text, Kept(keep))
    if text.isascii():  # only the whitespace rules change ASCII text
        if cfg.whitespace:
            _edit(out, out.kept.drop(ws.edits(text, _RARE.search(text) is not None)), explain)
        return out
    if cfg.remove_pinyin:
        new, s = remove_pinyin(text)
        if s:
            out.text, out.kept = new, out.kept.through_steps(s)
            out.steps += s if explain else []
            out.counts.update(st.kind for st in s)
    rare = _RARE.search(out.text) is not None
    _convert(out, cfg, explain, rare)
    # invisible characters go first: 中\u200b,abc is 中,abc to the punctuation rules
    if cfg.whitespace:
        _edit(out, out.kept.drop(ws.edits(out.text, rare)), explain)
    if cfg.punctuation:
        _punctuate(out, explain, rare)
    return out


# --- one normalizer at a time (tests, benchmarks) -----------------------------------


def convert_script(text: str, cfg: Config, explain: bool = True) -> Result:
    """Only the script conversion of :func:`normalize_text`."""
    out = Normalized(text, Kept())
    _convert(out, cfg, explain, True)
    return out.text, out.steps


def punctuation(text: str) -> Result:
    """Only the punctuation rules of :func:`normalize_text`."""
    out = Normalized(text, Kept())
    _punctuate(out, True)
    return out.text, out.steps


def whitespace(text: str) -> Result:
    """Only the whitespace rules of :func:`normalize_text`."""
    out = Normalized(text, Kept())
    _edit(out, ws.edits(text), True)
    return out.text, out.steps
