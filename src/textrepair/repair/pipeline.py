"""The detect → repair → re-score loop.

For each suspicious region (see :mod:`textrepair.repair.scan`) every repair
of this package proposes candidates; each candidate is scored with the
language model against the text it would replace and kept only when its mean
cost per character is lower by a margin that grows as the span gets shorter.
Kept candidates that overlap are resolved by total gain.  Passes repeat until
nothing improves (so ``repair`` is idempotent) or MAX_PASSES is reached.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from types import MappingProxyType

from ..chars import HAN_URO, is_han
from ..config import Config
from ..explain import Finding, Step, apply_edits
from ..model.score import score
from . import converter
from .candidate import Candidate
from .dbcs import hole_candidates
from .escapes import escape_candidates
from .ftfy_bridge import ftfy_badness, ftfy_candidates, ftfy_domain
from .garbage import GARBAGE_START, garbage_edits, garbage_spans
from .judge import Judged, confidence, judge
from .kinds import BASE_KINDS, KINDS, LAYER_OF, MIN_SPAN, Layer, stacked
from .lattice import Budget
from .lossy import lossy_candidates
from .lostchar import lost_candidates, lost_findings, may_have_holes
from .misalign import misaligned_findings
from .redecode import redecode, redecode_whole, swap_extension, wide_candidates
from .residue import withdraw
from .scan import Region, suspect_regex, suspicious_windows
from .typography import typography_candidates, typography_findings

#: Passes over the text; each pass must lower the cost, so this is a bound,
#: not a target.
MAX_PASSES = 4
#: At most this many second-layer attempts per region (search budget).
MAX_SECOND_LAYER = 64


#: The kinds that undo one mis-decoding with their layers, in the order they are tried.
_LAYER_KINDS = tuple((k, k.layer) for k in BASE_KINDS if k.layer is not None)


def _region_candidates(text: str, reg: Region, cfg: Config,
                       search: Budget | None = None) -> Iterator[Candidate]:
    s, e, classes = reg.start, reg.end, reg.classes
    region = text[s:e]
    core = text[reg.core_start:reg.core_end]
    for kind, layer in _LAYER_KINDS:
        if not layer.signs & classes:
            continue
        lossy = kind.lost_bytes == "utf8"
        if not viable(core, layer):
            if lossy and "hole" in classes:
                # the hole may be what stops the decode (銆? is 。 with a lost byte)
                for c in lossy_candidates(region, layer, search):
                    if c.end - c.start >= MIN_SPAN:  # judge() turns the others down
                        yield _shift(c, s)
            continue
        for c in redecode(region, layer):
            if c.end - c.start >= MIN_SPAN:
                yield _shift(c, s)
        if lossy:
            for c in lossy_candidates(region, layer, search):
                if c.end - c.start >= MIN_SPAN:
                    yield _shift(c, s)
    budget = MAX_SECOND_LAYER
    if cfg.max_layers >= 2:
        for kind, first in _LAYER_KINDS:
            if not kind.then or not first.signs & classes:
                continue
            for c in redecode(region, first):
                if budget <= 0 or suspect_regex().search(c.after) is None:
                    continue
                for name in kind.then:
                    budget -= 1
                    second = LAYER_OF[name]
                    out = redecode_whole(c.after, second)
                    if out is not None:
                        yield Candidate(stacked(kind.name, name), c.start + s, c.end + s,
                                        out, f"{c.rule}; then {second.misread}"
                                        f" → {second.wrote}")
    if cfg.use_ftfy and "latin" in classes:
        yield from ftfy_candidates(region, s)


def _shift(c: Candidate, offset: int) -> Candidate:
    return Candidate(c.kind, c.start + offset, c.end + offset, c.after, c.rule, c.evidence)


@functools.lru_cache(maxsize=1024)
def _hits(s: str) -> int:
    """Suspicious characters in ``s`` (memoized: viable() counts a region's
    once per layer)."""
    return len(suspect_regex().findall(s))


def viable(region: str, layer: Layer) -> bool:
    """Cheap C-speed test: does undoing ``layer`` on the region remove hits?

    The region is re-encoded and decoded with ``errors="replace"`` (so it
    never fails); the layer is searched properly only when the result has
    fewer suspicious characters than the region (U+FFFD counts as one).
    """
    misread = "gb18030" if layer.misread == "gbk" else layer.misread
    region = region.replace("?", "").replace("\ufffd", "")
    try:
        data = region.encode(misread, errors="replace")
        out = data.decode(layer.wrote, errors="replace")
    except LookupError:  # pragma: no cover - all codecs exist
        return False
    return _hits(out) < _hits(region)


def _select(judged: list[Judged]) -> list[Judged]:
    """Non-overlapping winners, largest total gain first."""
    chosen: list[Judged] = []
    for j in sorted(judged, key=lambda j: (-j.gain, j.cand.start)):
        if all(j.cand.end <= c.cand.start or j.cand.start >= c.cand.end for c in chosen):
            chosen.append(j)
    return sorted(chosen, key=lambda j: j.cand.start)


#: Kinds whose repairs must be whole (see residue.py), and whether they may
#: stand beside Latin-1 letters: re-decodings, lost bytes, stacked layers.
_CHECKED = MappingProxyType({
    k.name: k.utf8_evidence for k in KINDS.values()
    if k.name.split("+")[0].removesuffix("_lossy") in LAYER_OF and k.name != "utf16_as_ascii"})
#: ASCII read as UTF-16: searched over whole lines (see redecode.wide_candidates).
_WIDE = LAYER_OF["utf16_as_ascii"]
#: UTF-8 read as GBK: the layer of isolated typographic marks (typography.py).
_TYPOGRAPHY = LAYER_OF["utf8_as_gbk"]
#: Double-byte writers whose lost lead bytes are searched (Big5 read as GBK).
_HOLE_LAYERS = tuple(k.layer for k in BASE_KINDS if k.layer and k.lost_bytes == "lead")


def repair_pass(text: str, cfg: Config, budget: Budget | None = None,
                lone: bool = False) -> list[Judged]:
    """One pass: judged winning candidates over the whole text (``lone``: also
    regions of a single suspicious character, once the text is known damaged)."""
    judged: list[Judged] = []
    if cfg.unescape and ("&" in text or "\\" in text or "%" in text):
        for c in escape_candidates(text):
            # escapes are judged on total cost: "&#25105;" is 8 cheap ASCII
            # characters, 我 one; the decoded text must cost less in total.
            before, after = score(text[c.start:c.end]), score(c.after)
            if after.total + cfg.min_margin < before.total:
                judged.append(Judged(c, before, after))
    for c in wide_candidates(text, _WIDE):
        j = judge(text, c, cfg)
        if j is not None:
            judged.append(j)
    for reg in suspicious_windows(text, lone):
        for c in _region_candidates(text, reg, cfg, budget):
            j = judge(text, c, cfg)
            if j is not None:
                judged.append(j)
                layer = LAYER_OF.get(c.kind)
                if layer is not None and KINDS[c.kind].min_span > MIN_SPAN:
                    # one-for-one swaps (GBK ↔ Big5): the run may go on beyond the region
                    grown = judge(text, swap_extension(text, c, layer), cfg)
                    if grown is not None and grown.cand != c:
                        judged.append(grown)
    if "\ufffd" in text:
        for layer in _HOLE_LAYERS:
            for c in hole_candidates(text, layer):
                j = judge(text, c, cfg)
                if j is not None:
                    judged.append(j)
    if "\ufffd" in text or "?" in text:
        # a typographic mark that lost its last byte between ASCII neighbours
        # (鈥? for ”): decided by its own table and margin
        for c in typography_candidates(text, _TYPOGRAPHY, budget):
            judged.append(Judged(c, score(text[c.start:c.end]), score(c.after)))
        # whole lost characters: the model's choice, when it is sure, needs
        # no further margin (lostchar.LOST_MARGIN is the margin)
        for c in lost_candidates(text):
            judged.append(Judged(c, score(text[c.start:c.end]), score(c.after)))
    if converter.may_have_sites(text):
        # the pinyin converter's sites are decided by their bytes (and, where
        # those leave a character open, by converter's own margins)
        for c in converter.site_candidates(text):
            judged.append(Judged(c, score(text[c.start:c.end]), score(c.after)))
    chosen = _select(judged)
    if cfg.remove_garbage and GARBAGE_START.search(text):
        taken = [(j.cand.start, j.cand.end) for j in chosen]
        for g in garbage_edits(text):
            if all(g.cand.end <= a or g.cand.start >= b for a, b in taken):
                chosen.append(g)
        chosen.sort(key=lambda j: j.cand.start)
    return chosen


def to_step(j: Judged) -> Step:
    c = j.cand
    return Step(c.kind, c.start, c.end, "", c.after, c.rule,
                round(j.before.mean, 3), round(j.after.mean, 3) if j.after.length else None)


#: Han characters of the Unified block (a text without them may be ftfy's).
_HAN_CHAR = re.compile(f"[{HAN_URO}]")


def _repair_text(text: str, cfg: Config) -> tuple[str, list[Step], bool]:
    """The repair passes; also whether the first pass judged nothing with its
    search budget never spent (then :func:`findings`' own pass over the same
    text would judge nothing either: see :func:`repair_searched`)."""
    if not cfg.repair or not _suspect(text):
        return text, [], False
    original = text
    all_steps: list[Step] = []
    budget = Budget(len(text))
    searched = False
    for i in range(MAX_PASSES):
        chosen = repair_pass(text, cfg, budget, lone=i > 0)
        if not chosen:
            # a search cut by the budget leaves it below zero (lattice.decode
            # charges the work that passed the limit; the other searches stop
            # at <= 0), and below MAX_WORK an unbudgeted search is the same
            searched = i == 0 and budget.remaining > 0
            break
        edits = [_with_before(text, to_step(j)) for j in chosen]
        text, steps = apply_edits(text, edits)
        all_steps.extend(steps)
    if all_steps:
        text, steps = withdraw(original, text, all_steps, _CHECKED)
        all_steps.extend(steps)
    latin = ftfy_domain(text, cfg)
    if latin is not None:
        text, steps = apply_edits(text, [_with_before(text, to_step(latin))])
        all_steps.extend(steps)
    return text, all_steps, searched and not all_steps


def repair_searched(text: str, cfg: Config) -> tuple[str, list[Step], bool]:
    """Repair ``text``; return the new text, the steps, in replayable order,
    and whether the text came back unchanged from a full search that judged
    nothing (so that ``findings(text, cfg, searched=True)`` need not search
    it again: clean() asks for the damage to keep in every text that
    normalizing changes).

    A text without any Han character is also repaired with ftfy's fix first
    (ftfy knows Latin, Cyrillic and Hebrew mojibake; a GBK reading of UTF-8
    Cyrillic read as cp437 makes Han out of Russian); of the two results the
    one the language model prefers is kept.
    """
    if not cfg.repair or not _suspect(text):
        return text, [], False  # the fast path: nothing suspicious (most of a corpus)
    ours, steps, searched = _repair_text(text, cfg)
    if not cfg.use_ftfy or _HAN_CHAR.search(text):
        return ours, steps, searched
    first = ftfy_domain(text, cfg)
    if first is None:
        return ours, steps, searched
    mid, pre = apply_edits(text, [_with_before(text, to_step(first))])
    theirs, more, _ = _repair_text(mid, cfg)
    # only a non-Chinese answer from ftfy can win here: GBK read as Latin-1 is
    # Han-free too, and there ftfy's partial UTF-8 readings (Î½ → ν) are wrong;
    # in ftfy's domain its badness decides first, and between two Han-free
    # answers it decides alone (the model knows no European language: it
    # prefers "à s" to "às")
    if any(is_han(c) for c in theirs):
        return ours, steps, searched
    bad_theirs, bad_ours = ftfy_badness(theirs), ftfy_badness(ours)
    if bad_theirs < bad_ours or (bad_theirs == bad_ours and (
            not any(is_han(c) for c in ours) or score(theirs).total < score(ours).total)):
        return theirs, pre + more, False
    return ours, steps, searched


def _suspect(text: str) -> bool:
    """The fast-path test: a suspicious character, a pinyin converter's sign,
    or a hole in clean context (在哪里?置: a whole character lost, which the
    hole model restores when it is sure; a ``?`` is no suspicious character)."""
    return (suspect_regex().search(text) is not None or converter.may_have_sites(text)
            or may_have_holes(text))


def _with_before(text: str, st: Step) -> Step:
    return Step(st.kind, st.start, st.end, text[st.start:st.end], st.after, st.rule,
                st.cost_before, st.cost_after, st.stage)


def findings(text: str, cfg: Config, searched: bool = False) -> list[Finding]:
    """Every suspicious span with its kind, whether or not repair changes it.

    ``searched``: :func:`repair_searched` has just searched ``text`` with
    ``cfg`` and judged nothing, so the repair pass is not run again.
    """
    out: list[Finding] = []
    # the pinyin converter's kept sites, and its annotations where clean() removes them
    out += converter.findings(text, annotations=cfg.normalize and cfg.remove_pinyin)
    if not _suspect(text):
        # a hole in clean context (被?导) is no suspicious character: the
        # fast path's test does not see it, the hole model does
        if "\ufffd" in text or "?" in text:
            out += lost_findings(text)
        return sorted(out, key=lambda f: f.start)
    for j in () if searched else repair_pass(text, cfg):
        c = j.cand
        repairable = c.after != "" or not KINDS[c.kind].irrecoverable
        out.append(Finding(c.kind, c.start, c.end,
                           confidence(j, cfg) if c.after else 0.99,
                           repairable, text[c.start:c.end][:40],
                           f"→ {c.after[:40]!r}" if c.after else "irrecoverable"))
    covered = [(f.start, f.end) for f in out]
    if "\ufffd" in text or "?" in text:
        for f in typography_findings(text, _TYPOGRAPHY, covered):
            out.append(f)
            covered.append((f.start, f.end))
    for f in lost_findings(text):
        if not any(a <= f.start < b for a, b in covered):
            out.append(f)
            covered.append((f.start, f.end))
    for s, e, kind in garbage_spans(text):
        if not any(a <= s < b for a, b in covered):
            out.append(Finding(kind, s, e, 0.9, False, text[s:e][:40], "irrecoverable"))
    for f in misaligned_findings(text, covered):
        out.append(f)
    return sorted(out, key=lambda f: f.start)


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_hits,)
