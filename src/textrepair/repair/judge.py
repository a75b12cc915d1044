"""Whether a candidate wins: per-kind plausibility, then the language model.

A candidate replaces its span only if the mean cost per character drops by
a margin that grows as the span gets shorter (:func:`required_margin`),
after the checks of :func:`plausible`; structural evidence (valid UTF-8
made of Latin-1 letters, recovered lost bytes) lowers the margin.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from ..chars import HAN, HAN_URO, HANGUL, KANA, is_han
from ..config import Config
from ..model.score import REAL_TEXT_MEAN, Score, char_cost, foreign_to_text, state_machine
from .bytemaps import encode_char
from .candidate import Candidate
from .kinds import KINDS
from .residue import kept_mojibake

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
#: What a hole a reading keeps (or drops) counts for: an unlikely character,
#: so that a reading whose filling costs less wins (ftfy's 散步�。 against
#: 散步吧。, where 吧 costs 9.4 nats).  Train split, utf8_as_cp1252 rows.
HOLE_UNREPAIRED_COST = 12.0


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


#: Characters of context on each side of a span that its costs are taken in:
#: two on the left fix the trigram model's state, and the cost of the two on
#: the right shows how well the span joins what follows.
CONTEXT = 2


def in_context(text: str, start: int, end: int, after: str) -> tuple[Score, Score, Score]:
    """The costs of ``text[start:end]`` and of ``after`` in its place, each
    after the CONTEXT characters on the left; the replacement also pays the
    difference it makes to the cost of the CONTEXT characters on the right
    (so that ``before.total - after.total`` is the whole text's gain).  The
    third score is ``after`` on its own (after the left context only): what
    the absolute criterion reads."""
    m = state_machine()
    old = text[start:end]
    right = text[end:end + CONTEXT]
    _, s0 = m.advance(text[max(0, start - CONTEXT):start])
    cb, sb = m.advance(old, s0)
    ca, sa = m.advance(after, s0)
    own = Score(ca, len(after))
    if right:
        ca += m.advance(right, sa)[0] - m.advance(right, sb)[0]
    return Score(cb, len(old)), Score(ca, len(after)), own


#: A candidate must read as real text, not only beat what it replaces: its
#: mean cost in context at most REAL_TEXT_MEAN (9.0, the model's line between
#: clean sentences and mojibake) less REAL_TEXT_MARGIN, plus
#: SHORT_TEXT_ALLOWANCE / its length (one or two characters in context cost
#: more than a sentence does on average).  Measured on the dev share of the
#: train documents with a model built without them (docs/decisions/0008).
REAL_TEXT_MARGIN = 1.0
SHORT_TEXT_ALLOWANCE = 5.5


def real_text_limit(length: int) -> float:
    """The highest mean cost (nats per character) a replacement of ``length``
    characters may have: what the model still rates as real text."""
    return REAL_TEXT_MEAN - REAL_TEXT_MARGIN + SHORT_TEXT_ALLOWANCE / max(length, 1)


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
_MULTIBYTE = re.compile("[\u0800-\ufffc\ufffe-\U0010ffff]")  # U+FFFD is no UTF-8 evidence
#: ASCII that is neither whitespace (as str.isspace has it) nor ``?``.
_ASCII_COUNTED = re.compile("[\x00-\x08\x0e-\x1b\x21-\x3e\x40-\x7f]")


#: An English word (Bush, hid, NASA, 2019, it's, (see, Definition).) with the
#: punctuation around it; mixed-case tokens (beIY.sfS, from 敢奉献卦) are not words.
_ENGLISH_WORD = re.compile(r"[(\"'\[]*(?:[A-Z]?[a-z]+(?:['-][a-z]+)*|[A-Z]+|[0-9][0-9.,:/-]*)"
                           r"[)\"'\].,;:!?]*")
#: Share of the tokens of an "English" candidate that must be words (a URL or
#: a symbol may be among them: "(see https://opensource.org for the ...)").
ENGLISH_WORD_SHARE = 0.75


def english_like(s: str) -> bool:
    """Words separated by spaces, what ASCII read as UTF-16 gives back."""
    tokens = s.split()
    if len(tokens) < 2:
        return False
    words = sum(1 for t in tokens if _ENGLISH_WORD.fullmatch(t))
    return words >= ENGLISH_WORD_SHARE * len(tokens)


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


#: A box-drawing character three times in a row is a drawn line: GBK read as
#: cp437 repeats a character pair that often only in debug fill (屯屯屯).
_BOX_LINE = re.compile(r"([\u2500-\u257f])\1\1")


def plausible(text: str, cand: Candidate) -> bool:
    """Per-kind sanity checks a candidate must pass before it is scored
    (its kind's :attr:`~textrepair.repair.kinds.Kind.expects` and
    :attr:`~textrepair.repair.kinds.Kind.utf8_writer`, then checks for all)."""
    kind = KINDS[cand.kind]
    old = text[cand.start:cand.end]
    if kind.expects == "english":
        # fake Chinese decodes to English words, not to stray letters
        return english_like(cand.after) and len(cand.after) >= 8
    if _HAN_ANY.search(old) is None and _LATIN_HAN.search(
            text[max(0, cand.start - 1):cand.start] + cand.after + text[cand.end:cand.end + 1]):
        return False  # Han glued to Latin letters (H谋rs谋z谋, parl酒): European text
    if kind.expects == "han" and len(_HAN_ANY.findall(cand.after)) < 2:
        return False  # GBK read as Latin-1 gives Han text; ＤＧ from £Ä is leetspeak
    if len(set(old)) == 1 or _BOX_LINE.search(old):
        return False  # ──── or ～～～～ or ╔═══╗ are decoration, not damage
    if _in_code_span(text, cand.start, cand.end):
        return False  # `笢恅聆彸囀`: mojibake quoted on purpose in a code span
    if _ZHUYIN_ONLY.fullmatch(old):
        return False  # ㄅㄆㄇㄈ, ㄉㄨㄥ: Zhuyin (bopomofo) text, not Big5 misread
    if (_FOREIGN.search(cand.after) or _NON_NATIVE.search(cand.after)) \
            and not _utf8_borne(cand, kind.utf8_writer):
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
    if not kind.utf8_writer:
        return False
    # ... and a long run of valid UTF-8 is evidence enough (《N．P》 read as GBK
    # is 銆奛锛嶱銆: N and P became trail bytes, with Han after them)
    if len(_MULTIBYTE.findall(cand.after)) >= ASCII_TRAIL_FREE:
        return True
    # ... unless each GBK pair with an ASCII trail byte is followed by more ASCII
    # (鐨凲Q → 的QQ: the first Q was swallowed, the second is still there), or
    # the span sits in an English word (It鈥檚 → It’s: s was the trail byte)
    in_word = cand.start > 0 and text[cand.start - 1].isascii() and text[cand.start - 1].isalpha()
    for k in range(cand.start, cand.end):
        b = encode_char(text[k], "gbk")
        if b is not None and len(b) == 2 and b[1] < 0x80:
            nxt = text[k + 1:k + 2]
            if not ((nxt.isascii() and nxt.strip()) or (in_word and not nxt.isalpha())):
                return False
    return True


#: A UTF-8 reading with at least this many multi-byte characters may bring
#: scripts the context does not show (・ between names, ─ as a dash), one in
#: FOREIGN_SHARE of them at most: that much valid UTF-8 is no accident.
#: Chosen on benchmarks/accuracy.py --split train: the Bible's 哈倭特・睚珥.
FOREIGN_FREE = 8
FOREIGN_SHARE = 8


def _utf8_borne(cand: Candidate, utf8_writer: bool) -> bool:
    """Did the foreign characters of ``cand`` come with a long UTF-8 reading?"""
    if not utf8_writer:
        return False
    multibyte = len(_MULTIBYTE.findall(cand.after))
    foreign = len(_FOREIGN.findall(cand.after)) + len(_NON_NATIVE.findall(cand.after))
    return multibyte >= FOREIGN_FREE and foreign * FOREIGN_SHARE <= multibyte


_BACKTICK = re.compile(r"(?<!\\)`")


def _in_code_span(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` lies between backticks on its line (Markdown code;
    a backtick with a backslash before it, as in a JavaScript template inside
    a string, opens no code span)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = len(_BACKTICK.findall(text, line_start, start))
    return before % 2 == 1 and _BACKTICK.search(
        text, end, len(text) if line_end < 0 else line_end) is not None


def _count_ascii(s: str) -> int:
    """ASCII characters in ``s`` other than whitespace and ``?``."""
    return len(_ASCII_COUNTED.findall(s))


def judge(text: str, cand: Candidate, cfg: Config) -> Judged | None:
    """Score ``cand`` against ``text``; the Judged if it wins, else None.

    The span must be at least its kind's
    :attr:`~textrepair.repair.kinds.Kind.min_span` long and the candidate
    :func:`plausible`; holes in a span whose lost bytes were recovered
    (:attr:`~textrepair.repair.kinds.Kind.holes`) count as ordinary
    characters, and valid UTF-8 structure
    (:attr:`~textrepair.repair.kinds.Kind.utf8_evidence`) counts as evidence.
    """
    kind = KINDS[cand.kind]
    old = text[cand.start:cand.end]
    if len(old) < kind.min_span or old == cand.after or not plausible(text, cand):
        return None
    if not cand.after or foreign_to_text(cand.after):
        return None  # (㊪ from random bytes: no cost of the model can vouch for it)
    before, after, own = in_context(text, cand.start, cand.end, cand.after)
    if _max_char_cost(cand.after) >= FORBIDDEN_COST > _max_char_cost(old):
        return None
    margin = required_margin(cfg, len(old))
    lossy = kind.holes
    if lossy:
        # a hole is not damage the candidate removes: it is a missing character
        holes = old.count("?") + old.count("\ufffd")
        before = Score(before.total - holes * _alone_cost("\ufffd" if "\ufffd" in old else "?")
                       + holes * HOLE_NEUTRAL_COST, before.length)
    elif kind.utf8_evidence and "\ufffd" in old:
        # ... and a reading that keeps it, or drops it, has not repaired it
        # either: a reading that fills it must not lose to those (ftfy's
        # 有二伯�了 and 但在日本 for 有二伯偷了 and 但不住在日本)
        holes = old.count("\ufffd")
        kept = min(cand.after.count("\ufffd"), holes)
        fffd = _max_char_cost("\ufffd")
        before = Score(before.total - holes * (fffd - HOLE_NEUTRAL_COST), before.length)
        after = Score(after.total - kept * (fffd - HOLE_UNREPAIRED_COST)
                      + (holes - kept) * HOLE_UNREPAIRED_COST, after.length)
    if kind.utf8_evidence or lossy:
        # Valid UTF-8 made of Latin-1 (or GBK) characters is itself evidence:
        # each multi-byte character is a lead followed by 1-3 bytes from
        # 0x80-0xBF, which real text almost never shows by chance.
        multibyte = cand.evidence if lossy else len(_MULTIBYTE.findall(cand.after))
        if multibyte >= (1 if lossy else 2):
            before = Score(before.total + UTF8_STRUCTURE_EVIDENCE * multibyte, before.length)
            margin = min(margin, STRUCTURE_MARGIN)
    j = Judged(cand, before, after)
    if j.delta < margin or own.mean > real_text_limit(own.length):
        return None
    if kept_mojibake(old, cand.after):
        return None  # half-repaired: 召寮� keeps the mojibake of 开
    return j


def confidence(j: Judged, cfg: Config) -> float:
    """Map how far a candidate clears its margin to (0.5, 1)."""
    over = j.delta - required_margin(cfg, j.cand.end - j.cand.start)
    return round(1.0 - 0.5 * math.exp(-max(over, 0.0)), 3)


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_alone_cost,)
