"""The pinyin converter's misaligned bytes (field notes §3, docs/pinyin-artifact.md).

The converter walked GBK bytes without keeping pairs aligned.  It inserted
``(reading)`` after every byte pair that is the code of a character of its
list, also a pair that straddles two characters (M1: 府數 = B8 AE|94 B5, and
AE94 is 當), and it replaced full-width punctuation byte-wise, also a pair
made of the trail byte A3 of 。 and the next lead byte (M2: 。回 = A1 [A3 BB]
D8 → A1 ``;`` D8).  Decoding then wrote ``?`` for a lead byte without a
trail and read on one byte off until an ASCII byte realigned it.  On the
seed a line was also written one byte late (M3: ``。ㄔ瓨(biāo)題``).

Every site starts at a ``?`` (or a line start for M3) whose bytes a
hypothesis names: the lead of the cut character (the straddling pair's
second byte, found from its reading), the lead implied by the ASCII mark,
or the first byte dropped.  From there :func:`reread` puts the following
text back one byte earlier until it realigns; what the bytes leave open (a
trail byte lost with a ``?``) is a *hole* the language model fills when it
wins by HOLE_MARGIN, and is kept as ``?`` (and reported) when it does not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..chars import CJK_PUNCT, is_han
from ..explain import Finding
from ..model.score import score
from ..model.tables import char_table
from ..pinyin import SYLLABLE, converter_shaped, nfc
from ..pinyin import annotations as pinyin_annotations
from .bytemaps import encode_char
from .candidate import Candidate

#: The ASCII mark that replaced a full-width one, and the full-width mark's
#: second byte, which was the next character's lead (，= A3AC: ``,`` → AC).
MARK_LEAD = {",": 0xAC, ":": 0xBA, ";": 0xBB, "!": 0xA1, "?": 0xBF, "(": 0xA8, ")": 0xA9}
#: The trail byte a character before an M2 site ends with (。 = A1A3).
PUNCT_TRAIL = 0xA3
#: Longest stretch re-read after one site (search budget; a shifted run ends
#: at the first ASCII byte, so real runs are a sentence at most).
MAX_REREAD = 120
#: At most this many readings of one site are compared (search budget).
MAX_READINGS = 16
#: A hole is filled only when its best character costs this much less (nats,
#: in context) than the second best.  CHOSEN BELOW.
HOLE_MARGIN = 2.0
#: A site without reading evidence (M2, M3) is repaired only when its
#: re-read text costs this much less per character than the page's.  CHOSEN BELOW.
SHIFT_MARGIN = 1.0
#: Characters of context on each side when readings are priced.
CONTEXT = 3

_ANN = re.compile(rf"\(({SYLLABLE})\)")
#: An annotation whose ``(`` the consuming decoder swallowed with a lone lead.
_ANN_CUT = re.compile(rf"({SYLLABLE})\)")
_M1 = re.compile(rf"\?\(?({SYLLABLE})\)")


def _gbk(ch: str) -> bytes | None:
    b = encode_char(ch, "gbk") if not ch.isascii() else None
    return b if b is not None and len(b) == 2 else None


@functools.lru_cache(maxsize=1 << 16)
def pair(a: int, b: int) -> str | None:
    """The GBK character of bytes ``a b`` (None if GBK has none)."""
    try:
        out = bytes((a, b)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return out if len(out) == 1 and ord(out) > 0x7F else None


def _is_trail(b: int) -> bool:
    return 0x40 <= b <= 0xFE and b != 0x7F


@functools.cache
def named(lead: int, syllable: str) -> tuple[str, ...]:
    """Characters ``(lead, t)`` the converter writes ``(syllable)`` after."""
    return tuple(c for t in range(0x40, 0xFF)
                 if (c := pair(lead, t)) is not None and converter_shaped(c, syllable))


@functools.cache
def straddle_leads(trail: int, syllable: str) -> tuple[int, ...]:
    """Bytes ``c`` such that ``(trail, c)`` is a character the converter
    annotates with ``syllable`` (the lead byte of a cut character)."""
    return tuple(c for c in range(0x81, 0xFF)
                 if (ch := pair(trail, c)) is not None and converter_shaped(ch, syllable))


@functools.cache
def with_lead(lead: int) -> tuple[str, ...]:
    """Every GBK character with this lead byte (a lost trail byte's options)."""
    return tuple(c for t in range(0x40, 0xFF) if (c := pair(lead, t)) is not None)


@functools.cache
def with_trail(trail: int) -> tuple[str, ...]:
    """Every GBK character with this trail byte (a lost lead byte's options)."""
    return tuple(c for a in range(0x81, 0xFF) if (c := pair(a, trail)) is not None)


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to put a site back: pieces (each a tuple of alternatives; one
    alternative is a fixed piece) replacing ``text[start:end]``."""

    start: int
    end: int
    pieces: tuple[tuple[str, ...], ...]
    how: str


def reread(text: str, i: int, lead: int, budget: int = MAX_READINGS) -> Out:
    """``text[i:]`` read again one byte earlier, after the lone ``lead`` byte.

    Returns the ways it can realign: (end, pieces, how).  The character at
    ``i`` began with ``lead``'s trail byte: each shifted character (x, y) is
    the previous character's trail x and the next one's lead y.
    """
    out: Out = []
    _walk(text, i, lead, [], out, budget)
    return out


#: A piece nothing in the bytes tells (an ASCII byte the consuming decoder
#: swallowed): a reading with one is reported, not applied.
LOST: tuple[str, ...] = ()
Pieces = list[tuple[str, ...]]
Out = list[tuple[int, Pieces, str]]


def _walk(text: str, i: int, p: int, pieces: Pieces, out: Out, budget: int) -> None:
    """Read on from ``text[i]`` with the lone lead byte ``p`` (see :func:`reread`)."""
    n = len(text)
    stop = min(n, i + MAX_REREAD)
    while i < stop and len(out) < budget:
        ch = text[i]
        if ch == "?":
            _hole(text, i, p, pieces, out, budget)
            return
        if ch.isascii():
            if ord(ch) >= 0x40 and (c := pair(p, ord(ch))) is not None:
                out.append((i + 1, [*pieces, (c,)], "the trail byte was ASCII"))
            elif (m := _ANN.match(text, i)) and (opts := named(p, nfc(m.group(1)))):
                # the trail byte was overwritten (M3): the reading names it
                out.append((i, [*pieces, opts],
                            "the reading names the overwritten trail byte"))
            return
        b = _gbk(ch)
        if b is None or (c := pair(p, b[0])) is None:
            return
        nxt = _advance(text, i, ch, b, [*pieces, (c,)], out)
        if nxt is None:
            return
        i, p, pieces = nxt[0], b[1], nxt[1]


def _advance(text: str, i: int, ch: str, b: bytes, pieces: Pieces,
             out: Out) -> tuple[int, Pieces] | None:
    """After the shifted character ``ch`` = ``b`` at ``i``: realigned on an
    ASCII letter it swallowed (None), or where to read on; an annotation
    after it was the converter's for the shifted pair and goes."""
    if b[1] < 0x80:
        out.append((i + 1, [*pieces, (chr(b[1]),)], "realigned on an ASCII letter"))
        return None
    i += 1
    m = _ANN.match(text, i)
    if m and converter_shaped(ch, m.group(1)):
        i = m.end()
    return i, pieces


def _hole(text: str, i: int, p: int, pieces: Pieces, out: Out, budget: int) -> None:
    """A ``?`` where the lone lead ``p`` expected its trail byte."""
    m = _ANN.match(text, i + 1) or _ANN_CUT.match(text, i + 1)
    if m:  # the character's own annotation: the reading names the trail byte
        opts = named(p, nfc(m.group(1)))
        if opts:
            out.append((m.end(), [*pieces, tuple(o + f"({m.group(1)})" for o in opts)],
                        "its reading names the lost trail byte"))
        return
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt == "" or (nxt.isascii() and (ord(nxt) < 0x40 or nxt == "\x7f")):
        # the trail byte, read as a lead, met an ASCII byte (kept by the decoder)
        out.append((i + 1, [*pieces, with_lead(p)], "a trail byte lost before ASCII"))
        return
    # the consuming decoder took an ASCII byte with the trail byte ...
    out.append((i + 1, [*pieces, with_lead(p), LOST], "a trail byte and an ASCII byte lost"))
    b = _gbk(nxt)
    if b is None or len(out) >= budget:
        return
    # ... or the shifted pair (trail, next lead) is one GBK leaves unassigned
    fills = _fills(p, b[0])
    if fills:
        nxt_state = _advance(text, i + 1, nxt, b, [*pieces, fills], out)
        if nxt_state is not None:
            _walk(text, nxt_state[0], b[1], nxt_state[1], out, budget)


@functools.lru_cache(maxsize=1 << 12)
def _fills(p: int, t2: int) -> tuple[str, ...]:
    """The two characters ``(p, t)`` + ``(n, t2)`` one ``?`` may hide, where
    the shifted pair ``(t, n)`` is valid-looking but unassigned in GBK."""
    out = []
    for t in range(0x81, 0xFF):
        a = pair(p, t)
        if a is None:
            continue
        for lead in range(0x81, 0xFF):
            if pair(t, lead) is None and (c := pair(lead, t2)) is not None:
                out.append(a + c)
    return tuple(out)


# --- the sites ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Site:
    """A converter site: ``text[start:end]`` and what it was (``after``; None
    when the bytes leave it open, and the text is kept and reported)."""

    start: int
    end: int
    after: str | None
    mechanism: str
    rule: str


def _char_before(text: str, i: int) -> str:
    """The character before ``i``, skipping an annotation that ends there."""
    j = i - 1
    if j > 0 and text[j] == ")":
        k = text.rfind("(", max(0, j - 8), j)
        if k > 0 and _ANN.fullmatch(text, k, i):
            j = k - 1
    return text[j] if j >= 0 else ""


def _m1(text: str) -> Iterator[tuple[str, int, list[Reading]]]:
    """``府?dāng)`` / ``府?(dāng)``: a straddling pair annotated, its lead byte lost."""
    for m in _M1.finditer(text):
        i = m.start()
        h = _gbk(_char_before(text, i) or "a")
        syl = nfc(m.group(1))
        if h is None:
            continue
        readings = []
        for lead in straddle_leads(h[1], syl):
            cut = pair(h[1], lead)
            for end, pieces, how in reread(text, m.end(), lead):
                readings.append(Reading(i, end, tuple(pieces), f"M1: {cut}({syl}) was "
                                        f"inserted inside a character ({h[1]:02X}|{lead:02X}); "
                                        + how))
        if readings:
            yield "M1", i, readings


def _m2(text: str) -> Iterator[tuple[str, int, list[Reading]]]:
    """``效應?;貧w`` / ``效應?貧w``: 。 + a lead byte replaced by an ASCII mark."""
    marks = with_trail(PUNCT_TRAIL)
    for i in (m.start() for m in re.finditer(r"\?", text)):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt in MARK_LEAD and i + 2 < len(text) and not text[i + 2].isascii():
            tries = [(nxt, i + 2)]  # the decoder kept the mark
        elif nxt and not nxt.isascii():
            tries = [(mark, i + 1) for mark in MARK_LEAD]  # it swallowed the mark
        else:
            continue
        readings = []
        for mark, at in tries:
            lead = MARK_LEAD[mark]
            for end, pieces, how in reread(text, at, lead, MAX_READINGS // len(tries) or 1):
                readings.append(Reading(i, end, (marks, *pieces),
                                        f"M2: the trail byte A3 and the lead {lead:02X} were "
                                        f"replaced by '{mark}'; " + how))
        if readings:
            yield "M2", i, readings


def _m3(text: str) -> Iterator[tuple[str, int, list[Reading]]]:
    """``。ㄔ瓨(biāo)題``: a line written one byte late up to its first
    annotation, whose character lost its trail byte."""
    for i in (0, *(m.end() for m in re.finditer("\n", text))):
        b = _gbk(text[i]) if i < len(text) else None
        if b is None or b[1] < 0x81:
            continue
        readings = [Reading(i, end, tuple(pieces), "M3: the line was written one byte late; "
                            + how)
                    for end, pieces, how in reread(text, i + 1, b[1])
                    if how.startswith("the reading names the overwritten")]
        if readings:
            yield "M3", i, readings


def plausible(ch: str) -> bool:
    """A character the converter's source text would hold: a Han character of
    the frequency table, CJK punctuation or a full-width digit (not the
    symbols, kana and full-width letters of GBK's first rows)."""
    if is_han(ch):
        return char_table().count.get(char_table().simplified.get(ch, ch), 0) > 0
    return ch in CJK_PUNCT or "０" <= ch <= "９"


def _options(opts: tuple[str, ...]) -> tuple[str, ...]:
    """The plausible options of a piece (all of them when none is)."""
    kept = tuple(o for o in opts if all(plausible(c) for c in _plain(o)))
    return kept or opts


def _plain(s: str) -> str:
    """``s`` without annotations (what is priced)."""
    return _ANN.sub("", s)


def _fill(text: str, r: Reading) -> tuple[str | None, str]:
    """The reading's text with each open piece chosen by the language model
    (None when a piece is LOST or its best option does not win by HOLE_MARGIN)."""
    chosen: list[str] = []
    notes = []
    for k, opts in enumerate(r.pieces):
        if not opts:
            return None, "an ASCII byte is lost"
        opts = _options(opts) if len(opts) > 1 else opts
        if len(opts) == 1:
            chosen.append(opts[0])
            continue
        left = _plain(text[max(0, r.start - CONTEXT):r.start] + "".join(chosen))[-CONTEXT:]
        right = _plain("".join(o[0] for o in r.pieces[k + 1:] if len(o) == 1)
                       + text[r.end:r.end + CONTEXT])[:CONTEXT]
        ranked = sorted((score(left + _plain(o) + right).total, o) for o in opts)
        if len(ranked) > 1 and ranked[1][0] - ranked[0][0] < HOLE_MARGIN:
            return None, (f"{_plain(ranked[0][1])} or {_plain(ranked[1][1])} "
                          f"(within {HOLE_MARGIN} nats)")
        chosen.append(ranked[0][1])
        if len(opts) > 1:
            notes.append(f"{_plain(ranked[0][1])} of {len(opts)} by the language model")
    return "".join(chosen), "; ".join(notes)


def _window_mean(text: str, start: int, end: int, middle: str) -> float:
    left = text[max(0, start - CONTEXT):start]
    return score(_plain(left + middle + text[end:end + CONTEXT])).mean


def _decide(text: str, mech: str, readings: list[Reading]) -> Site:
    """The best reading of one site, or the site kept (after=None)."""
    best: tuple[float, Reading, str, str] | None = None
    open_: str = ""
    far = max(r.end for r in readings)
    for r in readings:
        filled, note = _fill(text, r)
        if filled is None:
            open_ = open_ or note
            continue
        cost = _window_mean(text, r.start, far, filled + text[r.end:far])
        if best is None or cost < best[0]:
            best = (cost, r, filled, note)
    start = readings[0].start
    if best is None:
        end = max(r.end for r in readings)
        return Site(start, end, None, mech, f"{mech} site kept: the bytes leave it open ({open_})")
    cost, r, filled, note = best
    rule = r.how + (f"; {note}" if note else "")
    if mech != "M1":  # no reading evidence: the text must read better
        before = _window_mean(text, r.start, r.end, text[r.start:r.end])
        if before - cost < SHIFT_MARGIN:
            return Site(r.start, r.end, None, mech, "")
    return Site(r.start, r.end, filled, mech, rule)


def sites(text: str) -> list[Site]:
    """Every converter site of ``text`` the bytes show, decided (``after``) or
    kept (``after`` None, with a non-empty rule: reported); sites whose
    reading is no better than the text (rule "") are left out."""
    if "?" not in text and "(" not in text:
        return []
    found = sorted((i, k, mech, readings)
                   for k, finder in enumerate((_m1, _m2, _m3))
                   for mech, i, readings in finder(text))
    out: list[Site] = []
    reach = 0
    for i, _, mech, readings in found:
        if i < reach:
            continue  # a '?' inside a site already read is part of it
        site = _decide(text, mech, readings)
        if site.after is not None or site.rule:
            out.append(site)
            reach = max(r.end for r in readings)
    return out


# --- what the pipeline asks ----------------------------------------------------

#: A sign that a text may hold a site: ``?`` after a non-ASCII character or
#: before one, or a line whose first run is followed by an annotation (M3).
_SIGN = re.compile(rf"[^\x00-\x7f]\?|\?[^\x00-\x7f]|(?m:^[^\x00-\x7f]+\({SYLLABLE}\))")


def may_have_sites(text: str) -> bool:
    """Cheap test: could :func:`sites` find anything in ``text``?"""
    return ("?" in text or "(" in text) and _SIGN.search(text) is not None


def site_candidates(text: str) -> Iterator[Candidate]:
    """A candidate for every site the bytes decide."""
    for s in sites(text):
        if s.after is not None:
            yield Candidate("pinyin_misaligned", s.start, s.end, s.after, s.rule)


#: Confidence of a kept site (what the bytes show is certain; what it was is not).
KEPT_CONFIDENCE = 0.9


def findings(text: str, annotations: bool = True) -> Iterator[Finding]:
    """Findings the repair candidates do not give: the sites kept (not
    repairable) and (with ``annotations``) the injected annotations
    (``pinyin_injection``, removed by ``clean()``), each with its evidence."""
    if may_have_sites(text):
        for s in sites(text):
            if s.after is None:
                yield Finding("pinyin_misaligned", s.start, s.end, KEPT_CONFIDENCE, False,
                              text[s.start:s.end][:40], s.rule)
    for a in pinyin_annotations(text) if annotations else ():
        if a.injected:
            yield Finding("pinyin_injection", a.start, a.end, INJECTION_CONFIDENCE, True,
                          text[a.start - 1:a.end], a.reason)


#: Confidence of an injected annotation: its own test held and nothing around
#: it says lesson (0 of the legitimate texts of the benchmark are reported).
INJECTION_CONFIDENCE = 0.95


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (pair, named, straddle_leads, with_lead, with_trail, _fills)
