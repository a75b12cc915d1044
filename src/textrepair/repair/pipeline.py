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
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..chars import HAN, HAN_URO, HANGUL, KANA, is_han
from ..config import Config
from ..explain import Finding, Step, apply_edits
from ..model.score import Score, char_cost, score
from .bytemaps import encode_char
from .dbcs import hole_candidates
from .lossy import Budget, lossy_candidates
from .misalign import insertion_candidates, shift_candidates
from .redecode import (
    LAYERS,
    Candidate,
    Layer,
    escape_candidates,
    garbage_spans,
    redecode,
    redecode_whole,
    trim,
)
from .scan import Region, suspect_regex, suspicious_windows

if TYPE_CHECKING:
    import ftfy

#: Extra margin (nats per character) a candidate needs, divided by the length
#: of the span it replaces: a 2-character span needs min_margin + 3.0, a
#: 12-character one min_margin + 0.5.  Chosen on benchmarks/accuracy.py: the
#: smallest value with no change on the clean corpora.
SHORT_SPAN_MARGIN = 6.0
#: Candidates may not introduce characters costing this much or more
#: (U+FFFD, controls, private use) unless the span already had them.
FORBIDDEN_COST = 18.0
#: Nats of evidence per multi-byte character that a Latin-1/cp1252 span
#: decodes to as valid UTF-8 (about the chance, 1 in 55, that three Latin-1
#: characters happen to form a UTF-8 sequence), and the margin such a span
#: then needs.  é›…é›… → 雅雅 needs both (ftfy declines it).
UTF8_STRUCTURE_EVIDENCE = 4.0
#: What a hole (``?``, U+FFFD) counts for in the span it sits in: about one
#: ordinary character, so that filling it is not a gain in itself.
HOLE_NEUTRAL_COST = 5.0
STRUCTURE_MARGIN = 0.5
#: Passes over the text; each pass must lower the cost, so this is a bound,
#: not a target.
MAX_PASSES = 4
#: At most this many second-layer attempts per region (search budget).
MAX_SECOND_LAYER = 64


#: Stacked mis-decodings that happen (outer layer undone first → inner layer):
#: the same misreading twice, or a Latin-1/cp1252 layer over a GBK layer.
DOUBLE_LAYERS: dict[str, tuple[str, ...]] = {
    "utf8_as_gbk": ("utf8_as_gbk",),
    "utf8_as_cp1252": ("utf8_as_cp1252", "utf8_as_latin1", "utf8_as_gbk",
                       "gbk_as_latin1", "gbk_as_cp1252"),
    "utf8_as_latin1": ("utf8_as_latin1", "utf8_as_cp1252", "utf8_as_gbk", "gbk_as_latin1"),
    "gbk_as_latin1": ("utf8_as_gbk",),
    "gbk_as_cp1252": ("utf8_as_gbk",),
}


@dataclass(frozen=True, slots=True)
class Judged:
    """A candidate with its scores; ``gain`` is the total cost it removes."""

    cand: Candidate
    before: Score
    after: Score

    @property
    def gain(self) -> float:
        return self.before.total - self.after.total

    @property
    def delta(self) -> float:
        return self.before.mean - self.after.mean


def required_margin(cfg: Config, length: int) -> float:
    """Mean-cost improvement a replacement of ``length`` characters must win by."""
    return cfg.min_margin + SHORT_SPAN_MARGIN / max(length, 1)


def _max_char_cost(s: str) -> float:
    return max(map(_alone_cost, set(s)), default=0.0)


@functools.lru_cache(maxsize=1 << 14)
def _alone_cost(c: str) -> float:
    """Cost of a character by its class, 0 for Han (memoized: pure)."""
    return 0.0 if is_han(c) else char_cost("", c)


#: Han characters as :func:`textrepair.chars.is_han` has them.
_HAN_ANY = re.compile(f"[{HAN}]")
#: Characters of three or more UTF-8 bytes.
_MULTIBYTE = re.compile("[\u0800-\U0010ffff]")
#: ASCII that is neither whitespace (as str.isspace has it) nor ``?``.
_ASCII_COUNTED = re.compile("[\x00-\x08\x0e-\x1b\x21-\x3e\x40-\x7f]")


#: A re-decoded span must replace at least this many characters: a single
#: character re-read in another codec is as likely a coincidence as damage.
MIN_SPAN = 2
#: English words (Bush, hid, NASA, 2019) separated by spaces or light
#: punctuation, with at least one space: what ASCII read as UTF-16 gives back.
#: Mixed-case tokens (beIY.sfS, from 敢奉献卦) are not words.
_ENGLISH_LIKE = re.compile(r"(?=.* )(?:[A-Z]?[a-z]+|[A-Z]+|[0-9]+)"
                           r"(?:[ ,.'-]+(?:[A-Z]?[a-z]+|[A-Z]+|[0-9]+))+[.!?]?")


#: Scripts a repair may not bring into a text that has none of them nearby:
#: kana, Hangul, bopomofo, Yi, Greek, Cyrillic, box drawing, half-width forms.
_FOREIGN = re.compile(rf"[{KANA}{HANGUL}\u1100-\u11ff\u3100-\u312f"
                      r"\ua000-\ua4cf\u0370-\u03ff\u0400-\u04ff\u2500-\u259f\uff61-\uff9f"
                      r"\u0080-\u009f\u00a1-\u00b6\u00b8-\u024f]")
#: Anything outside ASCII, general punctuation and the CJK blocks also needs
#: company nearby (˭, ¤, Ω out of a GBK pair are codec accidents).
_NON_NATIVE = re.compile(r"[^\x00-\x7f\xa0\xb7\u2000-\u206f\u2e80-\u9fff\uf900-\ufaff\ufe10-\ufe6f"
                         r"\uff00-\uffef\U00020000-\U0003134f]")
#: How far around a span to look for those scripts already being used.
FOREIGN_CONTEXT = 50
#: Re-decodings that turn Han characters into other Han characters one for one
#: (GBK ↔ Big5) need at least this many characters of evidence: a 2-character
#: rare name (腶脩) re-read as Big5 can land on two common characters.
MIN_HAN_SWAP_SPAN = 3


_SINGLE_BYTE_GBK = frozenset({"gbk_as_latin1", "gbk_as_cp1252", "gbk_as_cp1250",
                              "gbk_as_cp437"})
#: A single Han character glued to a Latin letter (H谋rs谋z谋, parl酒): what
#: European text re-read as GBK looks like.  Real mixed text glues runs
#: (iPhone手机, VR/AR等未来产业).
_LATIN_HAN = re.compile(f"[A-Za-z][{HAN_URO}](?![{HAN_URO}])"
                        f"|(?<![{HAN_URO}])[{HAN_URO}][A-Za-z]")


#: A UTF-8 candidate with at least this many multi-byte characters may
#: bring back ASCII that GBK had swallowed as trail bytes anywhere (shorter
#: ones only where more ASCII follows).  Chosen on benchmarks/accuracy.py:
#: windows-decoded UTF-8 samples with [ ] N P inside, no clean-text change.
ASCII_TRAIL_FREE = 6


#: A span of only bopomofo (and tone marks) is Taiwanese phonetic writing.
_ZHUYIN_ONLY = re.compile(r"[\u3105-\u312f\u31a0-\u31bfˊˇˋ˙ ]+")


def plausible(text: str, cand: Candidate) -> bool:
    """Per-kind sanity checks a candidate must pass before it is scored."""
    old = text[cand.start:cand.end]
    if cand.kind.endswith("utf16_as_ascii"):
        # fake Chinese decodes to English words, not to stray letters
        return bool(_ENGLISH_LIKE.fullmatch(cand.after.strip())) and len(cand.after) >= 8
    if ("big5" in cand.kind) and len(old) < MIN_HAN_SWAP_SPAN:
        return False
    if _HAN_ANY.search(old) is None and _LATIN_HAN.search(
            text[max(0, cand.start - 1):cand.start] + cand.after + text[cand.end:cand.end + 1]):
        return False  # Han glued to Latin letters (H谋rs谋z谋, parl酒): European text
    if cand.kind in _SINGLE_BYTE_GBK and len(_HAN_ANY.findall(cand.after)) < 2:
        return False  # GBK read as Latin-1 gives Han text; ＤＧ from £Ä is leetspeak
    if len(set(old)) == 1:
        return False  # ──── or ～～～～ are decoration, not damage
    if _ZHUYIN_ONLY.fullmatch(old):
        return False  # ㄅㄆㄇㄈ, ㄉㄨㄥ: Zhuyin (bopomofo) text, not Big5 misread
    if _FOREIGN.search(cand.after) or _NON_NATIVE.search(cand.after):
        ctx = text[max(0, cand.start - FOREIGN_CONTEXT):cand.start] + \
            text[cand.end:cand.end + FOREIGN_CONTEXT]
        # each such character needs one of its own 128-code-point block nearby
        blocks = {ord(c) >> 7 for c in ctx}
        for c in cand.after:
            if (_FOREIGN.match(c) or _NON_NATIVE.match(c)) and ord(c) >> 7 not in blocks:
                return False
    # a trail byte read as an ASCII letter or sign next to a Han character is a
    # sign of a wrong codec, not a repair (UTF-8 writers excepted: there the
    # ASCII byte was swallowed as a GBK trail byte, as in 鐨凲Q → 的QQ)
    if _count_ascii(cand.after) <= _count_ascii(old):
        return True
    if not cand.kind.startswith("utf8_as_"):
        return False
    # ... and a long run of valid UTF-8 is evidence enough (《N．P》 read as GBK
    # is 銆奛锛嶱銆: N and P became trail bytes, with Han after them)
    if len(_MULTIBYTE.findall(cand.after)) >= ASCII_TRAIL_FREE:
        return True
    # ... unless each GBK pair with an ASCII trail byte is followed by more ASCII
    # (鐨凲Q → 的QQ: the first Q was swallowed, the second is still there)
    for k in range(cand.start, cand.end):
        b = encode_char(text[k], "gbk")
        if b is not None and len(b) == 2 and b[1] < 0x80:
            nxt = text[k + 1:k + 2]
            if not (nxt.isascii() and nxt.strip()):
                return False
    return True


def _count_ascii(s: str) -> int:
    """ASCII characters in ``s`` other than whitespace and ``?``."""
    return len(_ASCII_COUNTED.findall(s))


def judge(text: str, cand: Candidate, cfg: Config) -> Judged | None:
    """Score ``cand`` against ``text``; the Judged if it wins, else None."""
    old = text[cand.start:cand.end]
    if len(old) < MIN_SPAN or old == cand.after or not plausible(text, cand):
        return None
    before = score(old)
    after = score(cand.after)
    if after.length == 0:
        return None
    if _max_char_cost(cand.after) >= FORBIDDEN_COST > _max_char_cost(old):
        return None
    margin = required_margin(cfg, len(old))
    lossy = cand.kind.endswith("_lossy")
    if lossy:
        # a hole is not damage the candidate removes: it is a missing character
        holes = old.count("?") + old.count("\ufffd")
        before = Score(before.total - holes * (_max_char_cost("\ufffd") if "\ufffd" in old
                                               else 4.5) + holes * HOLE_NEUTRAL_COST,
                       before.length)
    if cand.kind.startswith(("utf8_as_cp1252", "utf8_as_latin1")) or lossy:
        # Valid UTF-8 made of Latin-1 (or GBK) characters is itself evidence:
        # each multi-byte character is a lead followed by 1-3 bytes from
        # 0x80-0xBF, which real text almost never shows by chance.
        multibyte = cand.evidence if lossy else len(_MULTIBYTE.findall(cand.after))
        if multibyte >= (1 if lossy else 2):
            before = Score(before.total + UTF8_STRUCTURE_EVIDENCE * multibyte, before.length)
            margin = min(margin, STRUCTURE_MARGIN)
    j = Judged(cand, before, after)
    if j.delta < margin:
        return None
    return j


def _region_candidates(text: str, reg: Region, cfg: Config,
                       search: Budget | None = None) -> Iterator[Candidate]:
    s, e, classes = reg.start, reg.end, reg.classes
    region = text[s:e]
    core = text[reg.core_start:reg.core_end]
    for layer in LAYERS:
        if not layer.signs & classes:
            continue
        lossy = layer.wrote == "utf-8" and layer.misread in ("gbk", "cp1252", "latin-1", "cp950")
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
        by_kind = {layer.kind: layer for layer in LAYERS}
        for first_kind, seconds in DOUBLE_LAYERS.items():
            if not by_kind[first_kind].signs & classes:
                continue
            for c in redecode(region, by_kind[first_kind]):
                if budget <= 0 or suspect_regex().search(c.after) is None:
                    continue
                for second_kind in seconds:
                    budget -= 1
                    out = redecode_whole(c.after, by_kind[second_kind])
                    if out is not None:
                        yield Candidate(f"{first_kind}+{second_kind}", c.start + s, c.end + s,
                                        out, f"{c.rule}; then {by_kind[second_kind].misread}"
                                        f" → {by_kind[second_kind].wrote}")
    if cfg.use_ftfy and "latin" in classes:
        yield from _ftfy_candidates(region, s)
    if classes & {"han", "cjk"}:
        yield from shift_candidates(text, s, e)


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


def _ftfy_candidates(region: str, offset: int) -> Iterator[Candidate]:
    if all(ord(c) < 0x80 or (ord(c) > 0x2FF and not 0x2000 <= ord(c) <= 0x206F) for c in region):
        return
    import ftfy

    fixed = ftfy.fix_text(region, config=_ftfy_config())
    if fixed != region:
        a, b, new = trim(region, 0, len(region), fixed)
        yield Candidate("utf8_as_cp1252", a + offset, b + offset, new,
                        "ftfy.fix_text (Chinese-safe config)")


def _ftfy_config() -> ftfy.TextFixerConfig:
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_encoding=True,
        restore_byte_a0=True, replace_lossy_sequences=False, decode_inconsistent_utf8=True,
        fix_c1_controls=False, fix_latin_ligatures=False, fix_character_width=False,
        uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False,
        remove_control_chars=False, normalization=None, explain=False)


def _select(judged: list[Judged]) -> list[Judged]:
    """Non-overlapping winners, largest total gain first."""
    chosen: list[Judged] = []
    for j in sorted(judged, key=lambda j: (-j.gain, j.cand.start)):
        if all(j.cand.end <= c.cand.start or j.cand.start >= c.cand.end for c in chosen):
            chosen.append(j)
    return sorted(chosen, key=lambda j: j.cand.start)


def _garbage_edits(text: str, cfg: Config) -> list[Judged]:
    out = []
    for s, e, kind in garbage_spans(text):
        # remove only where the text around it is clean Chinese or ASCII
        ctx = text[max(0, s - 8):s] + text[e:e + 8]
        if kind == "replacement_char" and ("\ufffd" in ctx or _HAN_CHAR.search(ctx) is None):
            continue  # a lone U+FFFD is removed from Chinese text only (ftfy keeps it too)
        if suspect_regex().search(ctx.replace("\ufffd", "")):
            continue
        cand = Candidate(kind, s, e, "", "irrecoverable: removed")
        before = score(text[s:e])
        out.append(Judged(cand, before, Score(0.0, 0)))
    return out


_GARBAGE_CHARS = frozenset("锟烫屯\ufffd")


#: Double-byte writers whose lost lead bytes are searched (Big5 read as GBK).
_HOLE_LAYERS = tuple(layer for layer in LAYERS if layer.kind == "big5_as_gbk")


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
    for reg in suspicious_windows(text, lone):
        for c in _region_candidates(text, reg, cfg, budget):
            j = judge(text, c, cfg)
            if j is not None:
                judged.append(j)
    if "\ufffd" in text:
        for layer in _HOLE_LAYERS:
            for c in hole_candidates(text, layer):
                j = judge(text, c, cfg)
                if j is not None:
                    judged.append(j)
    if "?" in text and ")" in text:
        # structural evidence: two pinyin readings pin the character down, so
        # no language-model margin is asked (the costs are still recorded)
        for c in insertion_candidates(text):
            judged.append(Judged(c, score(text[c.start:c.end]), score(c.after)))
    chosen = _select(judged)
    if cfg.remove_garbage and _GARBAGE_CHARS.intersection(text):
        taken = [(j.cand.start, j.cand.end) for j in chosen]
        for g in _garbage_edits(text, cfg):
            if all(g.cand.end <= a or g.cand.start >= b for a, b in taken):
                chosen.append(g)
        chosen.sort(key=lambda j: j.cand.start)
    return chosen


def to_step(j: Judged) -> Step:
    c = j.cand
    return Step(c.kind, c.start, c.end, "", c.after, c.rule,
                round(j.before.mean, 3), round(j.after.mean, 3) if j.after.length else None)


#: Below this share of Han characters among letters, a text is left to ftfy's
#: own judgement of Latin-script mojibake (its badness measure), not ours.
FTFY_DOMAIN_MAX_HAN = 0.3
_LETTER = re.compile(r"[^\W\d_]")
_HAN_CHAR = re.compile(f"[{HAN_URO}]")
#: ftfy only has something to do where a non-CJK character above ASCII occurs
#: (other than the punctuation Chinese text uses: · – — ‘ ’ “ ” …).
_LATIN_MOJIBAKE_SIGN = re.compile(r"[\u0080-\u00b6\u00b8-\u2012\u2015-\u2017\u201a\u201b"
                                  r"\u201e-\u2025\u2027-\u2e7f]")


def _ftfy_domain(text: str, cfg: Config) -> Judged | None:
    """ftfy's fix for texts that are mostly not Chinese, kept when ftfy's own
    badness measure drops (the measurement for that domain)."""
    if not cfg.use_ftfy or not _LATIN_MOJIBAKE_SIGN.search(text):
        return None
    letters = len(_LETTER.findall(text))
    han = len(_HAN_CHAR.findall(text))
    if han > FTFY_DOMAIN_MAX_HAN * letters:
        return None  # (a text of symbols only, ×‘×”×•, is ftfy's domain too)
    import ftfy
    from ftfy.badness import badness

    before_bad = badness(text)
    if before_bad == 0:
        return None
    fixed = ftfy.fix_text(text, config=_ftfy_config())
    if fixed == text or badness(fixed) >= before_bad:
        return None
    a, b, new = trim(text, 0, len(text), fixed)
    cand = Candidate("ftfy_fix_encoding", a, b, new,
                     f"ftfy.fix_text (Chinese-safe config); ftfy badness {before_bad} → "
                     f"{badness(fixed)}")
    return Judged(cand, score(text[a:b]), score(new))


def _repair_text(text: str, cfg: Config) -> tuple[str, list[Step]]:
    if not cfg.repair or suspect_regex().search(text) is None:
        return text, []
    all_steps: list[Step] = []
    budget = Budget(len(text))
    for i in range(MAX_PASSES):
        chosen = repair_pass(text, cfg, budget, lone=i > 0)
        if not chosen:
            break
        edits = [_with_before(text, to_step(j)) for j in chosen]
        text, steps = apply_edits(text, edits)
        all_steps.extend(steps)
    latin = _ftfy_domain(text, cfg)
    if latin is not None:
        text, steps = apply_edits(text, [_with_before(text, to_step(latin))])
        all_steps.extend(steps)
    return text, all_steps


def repair_text(text: str, cfg: Config) -> tuple[str, list[Step]]:
    """Repair ``text``; return the new text and the steps, in replayable order.

    A text without any Han character is also repaired with ftfy's fix first
    (ftfy knows Latin, Cyrillic and Hebrew mojibake; a GBK reading of UTF-8
    Cyrillic read as cp437 makes Han out of Russian); of the two results the
    one the language model prefers is kept.
    """
    if not cfg.repair or suspect_regex().search(text) is None:
        return text, []  # the fast path: nothing suspicious (most of a corpus)
    ours, steps = _repair_text(text, cfg)
    if not cfg.use_ftfy or _HAN_CHAR.search(text):
        return ours, steps
    first = _ftfy_domain(text, cfg)
    if first is None:
        return ours, steps
    mid, pre = apply_edits(text, [_with_before(text, to_step(first))])
    theirs, more = _repair_text(mid, cfg)
    # only a non-Chinese answer from ftfy can win here: GBK read as Latin-1 is
    # Han-free too, and there ftfy's partial UTF-8 readings (Î½ → ν) are wrong
    if not any(is_han(c) for c in theirs) and score(theirs).mean < score(ours).mean:
        return theirs, pre + more
    return ours, steps


def _with_before(text: str, st: Step) -> Step:
    return Step(st.kind, st.start, st.end, text[st.start:st.end], st.after, st.rule,
                st.cost_before, st.cost_after, st.stage)


def confidence(j: Judged, cfg: Config) -> float:
    """Map how far a candidate clears its margin to (0.5, 1)."""
    over = j.delta - required_margin(cfg, j.cand.end - j.cand.start)
    return round(1.0 - 0.5 * math.exp(-max(over, 0.0)), 3)


def findings(text: str, cfg: Config) -> list[Finding]:
    """Every suspicious span with its kind, whether or not repair changes it."""
    out: list[Finding] = []
    if suspect_regex().search(text) is None:
        return out
    for j in repair_pass(text, cfg):
        c = j.cand
        repairable = c.after != "" or c.kind not in ("kunjinkao", "debug_fill",
                                                      "replacement_char")
        out.append(Finding(c.kind, c.start, c.end,
                           confidence(j, cfg) if c.after else 0.99,
                           repairable, text[c.start:c.end][:40],
                           f"→ {c.after[:40]!r}" if c.after else "irrecoverable"))
    covered = [(f.start, f.end) for f in out]
    for s, e, kind in garbage_spans(text):
        if not any(a <= s < b for a, b in covered):
            out.append(Finding(kind, s, e, 0.9, False, text[s:e][:40], "irrecoverable"))
    from .misalign import misaligned_findings

    for f in misaligned_findings(text, covered):
        out.append(f)
    return sorted(out, key=lambda f: f.start)
