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

import bisect
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..chars import CJK_PUNCT, is_han
from ..explain import Finding
from ..model import ngram
from ..model.ngram import State
from ..model.score import score
from ..model.tables import char_table
from ..pinyin import SYLLABLE, TONED, converter_shaped, find_annotations, nfc
from .bytemaps import encode_char
from .candidate import Candidate
from .judge import real_text_limit
from .scan import suspect_regex

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
#: in context) than the second best.  Measured with
#: benchmarks/pinyin_margin.py (2,700 converter sites from the train split;
#: restored / kept / wrong): 1.0: 2,341 / 144 / 215; 1.5: 2,328 / 213 / 159;
#: 2.0: 2,281 / 293 / 126; 3.0: 2,187 / 411 / 102.  The sites that 3.0 keeps
#: and 2.0 fills are right 4 times in 5 (94 restored, 24 wrong); those that
#: 1.5 fills beyond 2.0 only 3 in 5 (47, 33): 2.0, the smallest margin whose
#: added fills are right at least 3 times in 4.
HOLE_MARGIN = 2.0
#: A site without reading evidence (M2, M3) is a site only when its best
#: reading costs this much less (nats, with CONTEXT characters on each side)
#: than the text as it stands.  Measured on the converted training records
#: (benchmarks/pinyin_accuracy.py's generator, --split train): true M2 sites
#: gain at least 3.1 (9.8 with the n-gram model), while readings of the
#: question marks of clean converted text gain less than -2.7 in 90% of
#: cases (-15 with the n-gram model); the few higher ones were GBK damage
#: that the corpus itself holds.
SHIFT_MIN_GAIN = 3.0
#: What a character or byte that nothing in the bytes tells (LOST) is priced
#: at when readings are compared: about an ordinary character.  CHOSEN BELOW.
LOST_COST = 8.0
#: Partial readings kept while open pieces are chosen (search budget).
BEAM = 8
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
    """GBK characters with this lead byte and a trail byte of 81-FE: what a
    trail byte was that the decoder read as a lead (a lower one would show
    as an ASCII character)."""
    return tuple(c for t in range(0x81, 0xFF) if (c := pair(lead, t)) is not None)


@functools.cache
def with_trail(trail: int) -> tuple[str, ...]:
    """Every GBK character with this trail byte (a lost lead byte's options)."""
    return tuple(c for a in range(0x81, 0xFF) if (c := pair(a, trail)) is not None)


@dataclass(frozen=True, slots=True)
class Chain:
    """The ``k + 1`` characters that ``k`` question marks in a row hid, each
    ``?`` an unassigned pair (one character's trail byte and the next one's
    lead) read off: (lead, t1), (l2, t2) … (l, last), where every
    (t, next lead) is a pair GBK leaves unassigned.  Its options depend on
    the bytes chosen before, so the beam of :func:`_fill` expands it one
    character at a time."""

    lead: int
    k: int
    last: int | None
    """The trail byte of the last character (the first byte after the run);
    None when it was read as a lone lead before an ASCII byte (any trail
    byte of 81-FE)."""


Piece = tuple[str, ...] | Chain


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to put a site back: pieces (each a tuple of alternatives; one
    alternative is a fixed piece; or a :class:`Chain`) replacing
    ``text[start:end]``."""

    start: int
    end: int
    pieces: tuple[Piece, ...]
    how: str
    named: bool = False
    """A pinyin reading names the cut character (M1, a lost trail byte)."""


def reread(text: str, i: int, lead: int, budget: int = MAX_READINGS) -> Out:
    """``text[i:]`` read again one byte earlier, after the lone ``lead`` byte.

    Returns the ways it can realign: (end, pieces, how).  The character at
    ``i`` began with ``lead``'s trail byte: each shifted character (x, y) is
    the previous character's trail x and the next one's lead y.
    """
    out: Out = []
    _walk(text, i, lead, [], out, budget)
    return out


#: Readings of a '?' tried per lead byte it may hide at least (search
#: budget): a lone lead first gives a trail byte 80 read alone and a trail
#: byte lost with a swallowed mark, then the unassigned pair that hid two
#: bytes (危害管 = CE[A3 BA]A6 B9DC → ``??艿``: with 2 per lead it was cut).
LEAD_SHARE = 8
#: The lead bytes the ASCII marks stand for (MARK_LEAD's), once each.
MARK_LEADS = tuple(dict.fromkeys(MARK_LEAD.values()))


def reread_any_lead(text: str, i: int, leads: tuple[int, ...] = MARK_LEADS,
                    budget: int = MAX_READINGS) -> Out:
    """:func:`reread` for a site whose lone lead byte is one of ``leads``
    (MARK_LEAD's when the consuming decoder swallowed the mark that tells
    which): the lead decides only the first character, so its options are
    one piece and the rest is read once, with the whole budget.  A ``?``
    there is that character's trail byte read as a lone lead (得福。 →
    ``得??``): each of a few leads is tried as :func:`_hole` tries one."""
    found: Out = []
    if i < len(text) and text[i] == "?":
        if len(leads) > len(MARK_LEADS):
            return found
        share = max(LEAD_SHARE, budget // len(leads))
        for lead in leads:
            part: Out = []
            _hole(text, i, lead, [], part, share)
            found += part
        # ... or the '?' that replaced ？ (得福。看 = B5C3 B8 [A3 A1] [A3 BF]
        # B4 → 得 ``??茨``: the swallowed mark was 。's lead, the '?' 看's)
    if i < len(text) and text[i] in MARK_LEAD:
        # the first character's trail byte was A3 and the mark after it the
        # next one's lead (福。」 = B8 [A3 A1] [A3 A1] B9 → ``?!挂``: the
        # swallowed mark was 。's lead, the kept one 」's)
        first = tuple(c for lead in leads if (c := pair(lead, PUNCT_TRAIL)) is not None)
        if first:
            marked: Out = []
            _walk(text, i + 1, MARK_LEAD[text[i]], [first], marked, budget)
            found += marked
        return found
    if i < len(text) and "\x40" <= text[i] < "\x7f":
        # the first character's trail byte was ASCII (。縣 = A1A3 BF68 → ``?h``)
        ascii_first = tuple(c for lead in leads if (c := pair(lead, ord(text[i]))) is not None)
        m = _ANN.match(text, i + 1)
        if m and (shaped := tuple(c + f"({m.group(1)})" for c in ascii_first
                                  if converter_shaped(c, nfc(m.group(1))))):
            # the annotation after it is the character's own (。現 = A1 [A3
            # AC] 46 → ``?F(xiàn)``): its reading names the character
            return [(m.end(), [shaped], ASCII_NAMED)]
        return [(i + 1, [ascii_first], "the trail byte was ASCII")] if ascii_first else []
    b = _gbk(text[i]) if i < len(text) else None
    if b is None:
        return []
    first = tuple(c for lead in leads if (c := pair(lead, b[0])) is not None)
    out: Out = []
    if not first:
        return out
    nxt = _advance(text, i, text[i], b, [first], out)
    if nxt is not None:
        _walk(text, nxt[0], b[1], nxt[1], out, budget)
    return out


#: A piece nothing in the bytes tells (a character whose both bytes went
#: into ``?``): a reading with one is reported, not applied.
LOST: tuple[str, ...] = ()
#: What an ASCII byte the consuming decoder swallowed with a lone lead byte
#: can be: one of the marks the converter wrote for full-width ones (a digit
#: or a letter is possible too, and then the choice is wrong).
SWALLOWED = tuple(MARK_LEAD)
#: How a re-read ends when an annotation names the overwritten trail byte (M3).
OVERWRITTEN = "the reading names the overwritten trail byte"
#: How a re-read ends when a ``?`` hid an unassigned pair and the annotation
#: after it names the character whose trail byte was overwritten (M3).
OVERWRITTEN_UNASSIGNED = ("an unassigned pair hid two bytes; the reading names the "
                          "character whose trail byte was overwritten")
#: How a re-read ends on an ASCII trail byte whose annotation names the character.
ASCII_NAMED = "the trail byte was ASCII; its reading names the character"
#: How a re-read ends at a ``?`` whose annotation names the character.
NAMED_HOLE = ("its reading names the lost trail byte",
              "an unassigned pair hid two bytes; the next reading names "
              "the character whose trail byte was lost")
Pieces = list[Piece]
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
                out.append((i, [*pieces, opts], OVERWRITTEN))
            elif ch in MARK_LEAD and (c := pair(p, PUNCT_TRAIL)) is not None:
                # M2 inside the run: the trail byte A3 of 。 and the next
                # lead were replaced by the mark (的。” → 摹!兵): read on
                i, p, pieces = i + 1, MARK_LEAD[ch], [*pieces, (c,)]
                continue
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
        syl = nfc(m.group(1))
        opts = tuple(o for o in named(p, syl) if _gbk(o)[1] >= 0x81)  # type: ignore[index]
        if opts:
            out.append((m.end(), [*pieces, tuple(o + f"({m.group(1)})" for o in opts)],
                        NAMED_HOLE[0]))
        elif m.re is _ANN and (pairs := tuple(a + c for a, lead in _across_unassigned(p)
                                              for c in named(lead, syl))):
            # or the '?' is an unassigned pair (p's trail byte, the next
            # lead) and the annotated character's trail was overwritten (M3:
            # 被他當 = B1BB CBFB AE94 → 潜凰 ``?(dāng)``, FBAE unassigned)
            out.append((m.end(), [*pieces, tuple(o + f"({m.group(1)})" for o in pairs)],
                        OVERWRITTEN_UNASSIGNED))
        return
    if (c := pair(p, 0x80)) is not None and len(out) < budget:
        # the trail byte was 80, which the decoder reads alone as '?': the
        # stream is aligned after it (真個 → ``真?zhèn)?``: 個 = 82 80)
        out.append((i + 1, [*pieces, (c,)], "the trail byte 80 was read alone as '?'"))
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt == "?" and (m := _ANN.match(text, i + 2) or _ANN_CUT.match(text, i + 2)):
        # an unassigned pair, then an annotated character whose trail byte
        # was read as a lone lead: its reading names it (必擔當 → 必?fù)??dāng))
        opts = _named_after_unassigned(p, nfc(m.group(1)))
        if opts:
            out.append((m.end(), [*pieces, tuple(o + f"({m.group(1)})" for o in opts)],
                        NAMED_HOLE[1]))
    if nxt == "" or (nxt.isascii() and (ord(nxt) < 0x40 or nxt == "\x7f")):
        # the trail byte, read as a lead, met an ASCII byte (kept by the decoder)
        out.append((i + 1, [*pieces, with_lead(p)], "a trail byte lost before ASCII"))
        if nxt == "" and len(out) < budget:  # or the consuming decoder took a mark
            out.append((i + 1, [*pieces, with_lead(p), SWALLOWED],
                        "a trail byte and the mark after it lost"))
        if nxt == "?" and len(out) < budget:
            # or an unassigned pair, then a character whose bytes are both lost
            out.append((i + 2, [*pieces, with_lead(p), LOST, LOST],
                        "two characters' bytes lost in '??'"))
        if nxt == "?" and len(out) < budget:
            _chained(text, i, p, pieces, out, budget)  # or unassigned pairs in a row
        return
    # the consuming decoder took an ASCII byte with the trail byte ...
    out.append((i + 1, [*pieces, with_lead(p), SWALLOWED],
                "a trail byte and the mark after it lost"))
    if nxt.isascii():  # or an unassigned pair hid a trail and a lead: realigned
        fills = _fills(p, ord(nxt)) if len(out) < budget else ()
        if fills:
            out.append((i + 2, [*pieces, fills], "an unassigned pair hid two bytes; "
                        "realigned on an ASCII letter"))
        return
    b = _gbk(nxt)
    if b is None or len(out) >= budget:
        return
    # ... or the shifted pair (trail, next lead) is one GBK leaves unassigned
    fills = _fills(p, b[0])
    if fills:
        nxt_state = _advance(text, i + 1, nxt, b, [*pieces, fills], out)
        if nxt_state is not None:
            _walk(text, nxt_state[0], b[1], nxt_state[1], out, budget)


#: Longest run of ``?`` read as unassigned pairs in a row (search budget).
MAX_CHAIN = 3


def _chained(text: str, i: int, p: int, pieces: Pieces, out: Out, budget: int) -> None:
    """``??`` (up to MAX_CHAIN) after the lone lead ``p``: unassigned pairs in
    a row, each a character's trail and the next one's lead (你們去擔你 →
    ``?(nèi)??銈``: A5|93 and FA|C4 are unassigned), then the shifted run
    goes on at the next character or realigns on an ASCII letter; or all
    but the last ``?`` are, and the last character's trail byte was read as
    a lone lead before an ASCII byte (去擔水， → ``???``: the comma kept,
    or swallowed by the consuming decoder)."""
    j = i
    while j < len(text) and text[j] == "?":
        j += 1
    k = j - i
    if not 2 <= k <= MAX_CHAIN:
        return
    nxt = text[j] if j < len(text) else ""
    how = f"{k - 1} unassigned pair(s) in a row hid {k} characters; the last one's trail byte "
    if nxt == "" or not nxt.isascii():  # ... and the consuming decoder took a mark
        out.append((j, [*pieces, Chain(p, k - 1, None), SWALLOWED],
                    how + "and the mark after it lost"))
    elif ord(nxt) < 0x40:
        out.append((j, [*pieces, Chain(p, k - 1, None)], how + "lost before ASCII"))
    if nxt == "" or len(out) >= budget:
        return
    how = f"{k} unassigned pairs in a row hid {k + 1} characters"
    if nxt.isascii():
        if ord(nxt) >= 0x40 and nxt != "\x7f":
            out.append((j + 1, [*pieces, Chain(p, k, ord(nxt))],
                        how + "; realigned on an ASCII letter"))
        return
    b = _gbk(nxt)
    if b is None:
        return
    state = _advance(text, j, nxt, b, [*pieces, Chain(p, k, b[0])], out)
    if state is not None:
        _walk(text, state[0], b[1], state[1], out, budget)


@functools.lru_cache(maxsize=1 << 12)
def _named_after_unassigned(p: int, syllable: str) -> tuple[str, ...]:
    """The two characters ``(p, t)`` + ``(l, t2)`` of ``??(syllable)``: the
    pair ``(t, l)`` unassigned, the second character one the converter
    annotates with ``syllable``, its trail ``t2`` read as a lone lead."""
    return tuple(a + c for a, lead in _across_unassigned(p) for c in named(lead, syllable)
                 if _gbk(c)[1] >= 0x81)  # type: ignore[index]


@functools.lru_cache(maxsize=256)
def _across_unassigned(p: int) -> tuple[tuple[str, int], ...]:
    """Each character ``(p, t)`` with each lead ``l`` such that ``(t, l)`` is
    a pair GBK leaves unassigned (what one ``?`` after the lead ``p`` may
    have hidden: the character, and the next one's lead), by ``t`` then ``l``."""
    return tuple((a, lead) for t in range(0x81, 0xFF) if (a := pair(p, t)) is not None
                 for lead in unassigned_after(t))


@functools.cache
def unassigned_after(t: int) -> tuple[int, ...]:
    """Lead bytes ``l`` such that ``(t, l)`` is a pair GBK leaves unassigned
    (read as one ``?``): ``t`` a lead byte, ``l`` a valid trail."""
    if not 0x81 <= t <= 0xFE:
        return ()
    return tuple(lead for lead in range(0x81, 0xFF) if pair(t, lead) is None)


#: Options of one character of a Chain, the commonest (search budget).
MAX_CHAIN_OPTIONS = 512


@functools.lru_cache(maxsize=1 << 12)
def chain_options(lead: int | None, after: int | None, last: int | None,
                  final: bool) -> tuple[tuple[str, int], ...]:
    """(character, trail byte) options of one character of a Chain: with the
    given ``lead`` (the first), or any lead ``after`` the previous trail byte
    leaves unassigned; the ``final`` one with the trail byte ``last`` (any of
    81-FE when None), the others with a trail byte that can start an
    unassigned pair; plausible ones, commonest first."""
    leads = (lead,) if lead is not None else unassigned_after(after or 0)
    if final and last is not None:
        trails: tuple[int, ...] = (last,)
    else:
        trails = tuple(t for t in range(0x81, 0xFF) if final or unassigned_after(t))
    opts = [(c, t) for a in leads for t in trails if (c := pair(a, t)) is not None]
    kept = [o for o in opts if plausible(o[0])] or opts
    rank = _rank()
    fold = ngram.model().fold
    kept.sort(key=lambda o: rank.get(fold(o[0]), len(rank)))
    return tuple(kept[:MAX_CHAIN_OPTIONS])


@functools.lru_cache(maxsize=1 << 12)
def _fills(p: int, t2: int) -> tuple[str, ...]:
    """The two characters ``(p, t)`` + ``(n, t2)`` one ``?`` may hide, where
    the shifted pair ``(t, n)`` is valid-looking but unassigned in GBK."""
    return tuple(a + c for a, lead in _across_unassigned(p) if (c := pair(lead, t2)) is not None)


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
    gain: float = 0.0
    """What the best reading saves (nats, with context) over the text as it stands."""


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
                                        + how, named=True))
        if readings:
            yield "M1", i, readings


@functools.cache
def annotated_as(syllable: str) -> tuple[str, ...]:
    """Every GBK character the converter writes ``(syllable)`` after."""
    return tuple(c for lead in range(0x81, 0xFF) for c in named(lead, syllable))


def _named_lost(text: str) -> Iterator[tuple[str, int, list[Reading]]]:
    """``一切?chuàng)造``: an annotated character whose trail byte was lost
    (M3 overwrote it), so its lead became ``?`` with the ``(``; the reading
    names it (創) when M1 does not explain the site."""
    for m in _M1.finditer(text):
        opts = annotated_as(nfc(m.group(1)))
        if opts and _gbk(_char_before(text, m.start()) or "a"):
            syl = m.group(1)
            yield "M3", m.start(), [Reading(m.start(), m.end(),
                                            (tuple(o + f"({syl})" for o in opts),),
                                            "N: a character lost its trail byte; "
                                            "its reading names it", named=True)]


def _m2(text: str) -> Iterator[tuple[str, int, list[Reading]]]:
    """``效應?;貧w`` / ``效應?貧w``: 。 + a lead byte replaced by an ASCII mark."""
    marks = with_trail(PUNCT_TRAIL)
    if _TONED_ANNOTATION.search(text) is None:
        # no annotation: the converter's other sign is missing, and only a
        # '?' that looks like a site by itself is one
        qs: Iterator[int] = (m.start() + 1 for m in _M2_SIGN.finditer(text) if _lone_m2(text, m))
    else:
        qs = (m.start() for m in re.finditer(r"\?", text))
    for i in qs:
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt in MARK_LEAD and i + 2 < len(text) and (
                text[i + 2] == "?" or not text[i + 2].isascii() or "\x40" <= text[i + 2] < "\x7f"
                or text[i + 2] in MARK_LEAD):
            lead = MARK_LEAD[nxt]  # the decoder kept the mark
            readings = [Reading(i, end, (marks, *pieces),
                                f"M2: the trail byte A3 and the lead {lead:02X} were "
                                f"replaced by '{nxt}'; " + how)
                        for end, pieces, how in reread(text, i + 2, lead)]
            # ... or it swallowed one, and this mark is the next one's
            readings += [Reading(i, end, (marks, *pieces),
                                 "M2: the trail byte A3 and a lead byte were replaced by an "
                                 "ASCII mark the decoder swallowed, and the next character's "
                                 f"trail A3 and the lead {lead:02X} by '{nxt}'; " + how)
                         for end, pieces, how in reread_any_lead(text, i + 1)]
        elif nxt and (not nxt.isascii() or nxt == "?" or "\x40" <= nxt < "\x7f"):
            readings = [Reading(i, end, (marks, *pieces),
                                "M2: the trail byte A3 and a lead byte were replaced by an "
                                "ASCII mark the decoder swallowed (the first character "
                                "after 。 tells which); " + how)
                        for end, pieces, how in reread_any_lead(text, i + 1)]
        else:
            continue
        if readings:
            yield "M2", i, readings


#: How an M3 re-read ends at the overwritten trail byte of an annotated character.
_OVERWRITTEN = (OVERWRITTEN, OVERWRITTEN_UNASSIGNED)


def _m3(text: str) -> Iterator[tuple[str, int, list[Reading]]]:
    """``。ㄔ瓨(biāo)題``: a line written one byte late (after the lead byte of
    the character before the line break) up to its first annotation, whose
    character lost its trail byte (see :func:`_named_lost`)."""
    for i in (0, *(m.end() for m in re.finditer("\n", text))):
        b = _gbk(text[i]) if i < len(text) else None
        prefix = (_gbk(text[i - 2]) if i >= 2 and b is None and i < len(text)
                  and text[i] == "?" else None)
        if (b is None or b[1] < 0x81) and prefix is None:
            continue
        # the run ends at the annotation of the character that lost its trail
        # byte: the re-read reaches it (OVERWRITTEN), or realigns earlier and
        # the line holds that annotation after a '?' (``?(lái)``).  Without
        # either the line start is no site: on clean text (zuozhuan.txt) a
        # rare first character re-read "realigns" on any ASCII letter.
        line_end = text.find("\n", i)
        cut = _M1.search(text, i, len(text) if line_end < 0 else line_end)
        if prefix is not None:
            # the lead byte written before the line and the line's first
            # byte make a pair GBK leaves unassigned: the first character's
            # lead is one of the bytes that do (。⏎對不 → ``?Σ环``)
            rereads = reread_any_lead(text, i + 1, unassigned_after(prefix[0]))
            how0 = "M3: the line was written one byte late, its first lead byte lost in '?'; "
        else:
            assert b is not None
            rereads = reread(text, i + 1, b[1])
            how0 = "M3: the line was written one byte late; "
        # (or ends at that annotation, when the re-read reaches it at a '?'
        # whose reading names the character and the line's first character
        # has the lead byte of the one before the line break: ``。⏎‘?dāng)挪亞``
        # is 當挪亞: 。 = A1A3 and ‘ = A1AE)
        led = b is not None and i >= 2 and (_gbk(text[i - 2]) or b"?")[0] == b[0]
        readings = [Reading(i, end, tuple(pieces), how0 + how,
                            named=how in _OVERWRITTEN or (how in NAMED_HOLE and led))
                    for end, pieces, how in rereads
                    if how in _OVERWRITTEN or (cut is not None and (
                        end <= cut.start() or (led and end == cut.end() and how in NAMED_HOLE)))]
        if readings:
            yield "M3", i, readings


def plausible(ch: str) -> bool:
    """A character the converter's source text would hold: a Han character of
    the frequency table, CJK punctuation or a full-width digit (not the
    symbols, kana and full-width letters of GBK's first rows)."""
    if is_han(ch):
        return char_table().count.get(char_table().simplified.get(ch, ch), 0) > 0
    return ch in CJK_PUNCT or "０" <= ch <= "９"


#: Options of one open piece the beam prices from every partial reading at
#: most (a lost byte beside mojibake may leave over a thousand; pricing all of
#: them from every beam entry took 3-6 s on 150-character pages of issue 14's
#: sweep): a longer piece is cut to its MAX_OPTIONS cheapest in context.
MAX_OPTIONS = 32


#: Options of one open piece priced in context before the beam prices the
#: MAX_OPTIONS best of them (two characters an unassigned pair hid have
#: 1,400 options; all of them cost ~3 ms from one model state).
MAX_PRICED = 2048


@functools.lru_cache(maxsize=1 << 12)
def _options(opts: tuple[str, ...]) -> tuple[str, ...]:
    """The plausible options of a piece (all of them when none is), the
    MAX_PRICED commonest of them in running text, ranked by their
    simplified forms (the language model's vocabulary is simplified and in
    order of frequency: 。 is its third token, and a
    dictionary's counts, which have no punctuation, dropped it from the
    options of 。's lead byte)."""
    kept = tuple(o for o in opts if all(plausible(c) for c in _plain(o))) or opts
    if len(kept) <= MAX_PRICED:
        return kept
    rank = _rank()
    last = len(rank)
    fold = ngram.model().fold
    return tuple(sorted(kept, key=lambda o: max(
        (rank.get(c, last) for c in fold(_plain(o))), default=last))[:MAX_PRICED])


#: Closing quotes and their opening ones.
OPENER = {"」": "「", "』": "『", "”": "“", "’": "‘"}
#: How far back an opening quote is looked for (a record, or a paragraph).
QUOTE_REACH = 400


def _closing(text: str, start: int, opts: tuple[str, ...]) -> tuple[str, ...]:
    """``opts`` without the closing quotes that close nothing, when one of
    them closes a quote the text opened before ``start`` (a lost trail byte
    after A1 is 」 or ” and the rest of A1's row: 。」 in a text that opened
    「 is not 。”).  The bytes do not tell; the text's own quotes do."""
    closers = [o for o in opts if o in OPENER]
    if len(closers) < 2:
        return opts
    before = text[max(0, start - QUOTE_REACH):start]
    open_ = {c for c in closers if before.count(OPENER[c]) > before.count(c)}
    if not open_:
        return opts
    return tuple(o for o in opts if o not in OPENER or o in open_)


@functools.lru_cache(maxsize=1 << 10)
def _in_context(opts: tuple[str, ...], states: tuple[State, ...]) -> tuple[str, ...]:
    """The MAX_OPTIONS options that cost least after any of ``states`` (the
    CONTEXT_STATES best partial readings'): the options of a piece with more
    than MAX_OPTIONS, chosen by the left context rather than by frequency
    alone (洪水泛濫: 泛 is not among the 32 commonest of the 1,412 pairs an
    unassigned pair may hide, and 水泛 is the cheapest of them after 洪; 危害管
    is among the cheapest after 的危, not after 的。, the best reading of the
    piece before)."""
    m = ngram.model()
    plain = [_plain(o) for o in opts]
    best = [min(m.advance(p, st)[0] for st in states) for p in plain]
    order = sorted(range(len(opts)), key=best.__getitem__)
    return tuple(opts[k] for k in order[:MAX_OPTIONS])


#: Partial readings whose states choose the options of a wide piece.
CONTEXT_STATES = 3


@functools.cache
def _rank() -> dict[str, int]:
    """Each token of the language model's vocabulary (simplified: the model
    folds what it prices) -> its rank by frequency."""
    return {c: k for k, c in enumerate(ngram.model().vocab)}


_FULL = str.maketrans({a: chr(ord(a) + 0xFEE0) for a in MARK_LEAD})


def _plain(s: str) -> str:
    """``s`` as it is priced: without annotations, with the converter's ASCII
    marks as the full-width ones they stand for."""
    return _ANN.sub("", s).translate(_FULL)


def _fill(text: str, r: Reading) -> tuple[str, int, str, str] | None:
    """The reading with its open pieces chosen together by the language model
    (a beam of BEAM over the pieces, left to right): (text, LOST pieces,
    notes, why the reading stays open or "" — the best and the runner-up
    differing by less than HOLE_MARGIN, a swallowed mark excepted); None
    when no characters fit the bytes of a Chain.

    Each beam entry carries the model's state, so a piece costs one look-up
    per character (the state after CONTEXT characters is the state after the
    whole history: the model's order is at most CONTEXT + 1)."""
    m = ngram.model()
    _, s0 = m.advance(_plain(text[max(0, r.start - CONTEXT):r.start]))
    # cost, model state, text, the text with each swallowed mark as "\0"
    beam: list[tuple[float, State, str, str]] = [(0.0, s0, "", "")]
    lost = 0
    opened = 0
    quotes = False  # _closing dropped a closing quote that closes nothing
    for opts in r.pieces:
        if isinstance(opts, Chain):
            beam = _chain_beam(m, beam, opts)
            if not beam:
                return None
            opened += opts.k + 1
            continue
        if not opts:
            lost += 1
            continue
        mark = opts == SWALLOWED
        if len(opts) > 1:
            opts = _options(opts)
            kept = _closing(text, r.start, opts)
            quotes = quotes or len(kept) < len(opts)
            opts = kept
            if len(opts) > MAX_OPTIONS:
                opts = _in_context(opts, tuple(dict.fromkeys(b[1] for b in beam[:CONTEXT_STATES])))
            opened += len(opts) > 1 and not mark
        priced = [(o, _plain(o)) for o in opts]
        grown = []
        for c, state, done, key in beam:
            for o, plain in priced:
                dc, st = m.advance(plain, state)
                grown.append((c + dc, st, done + o, key + ("\0" if mark else o)))
        grown.sort(key=lambda x: x[0])
        beam = grown[:BEAM] if len(opts) > 1 else grown
    right = _plain(text[r.end:r.end + CONTEXT])
    final = sorted((c + _right_cost(m, right, state, r.end + CONTEXT >= len(text)), done, key)
                   for c, state, done, key in beam)
    why = "a byte is lost with the '?'" if lost else ""
    notes = []
    best = _in_script(text, r, final, m.fold)
    if best is not final[0]:
        notes.append(f"{_plain(best[1])} over {_plain(final[0][1])}, the same text to the "
                     "model: in the text's script, of commoner characters")
    if quotes:
        notes.append("closing quotes that close nothing the text opened were no option")
    # the characters must win by HOLE_MARGIN; a mark the decoder swallowed
    # need not (the bytes keep no trace of which it was): it is the model's
    # best guess, and the explanation says so.  Readings that differ only
    # in script (復原職 and 復原职: GBK has both) are one reading to the
    # model, which folds to simplified; they do not compete
    runner = next((x for x in final if m.fold(x[2]) != m.fold(best[2])), None)
    if opened and runner is not None and runner[0] - best[0] < HOLE_MARGIN and (
            pick := _recurring(text, r, best, runner, final, m.fold)) is not None:
        if pick is runner:  # in the text's script too, as the best one is
            best, runner = _in_script(text, r, [x for x in final if m.fold(x[2]) == m.fold(
                runner[2])], m.fold), best
        notes.append(f"{_plain(best[1])} over {_plain(runner[1])} (within {HOLE_MARGIN} nats): "
                     "only its characters recur in the text")
    elif opened and runner is not None and runner[0] - best[0] < HOLE_MARGIN:
        why = why or (f"{_plain(best[1])} or {_plain(runner[1])}, within {HOLE_MARGIN} nats")
    elif opened:
        notes.append(f"{opened} open byte(s) chosen by the language model")
    guess = next((x for x in final[1:] if x[2] == best[2] and x[1] != best[1]), None)
    if guess is not None and guess[0] - best[0] < HOLE_MARGIN:
        notes.append(f"the swallowed mark is a guess ({_plain(best[1])} over "
                     f"{_plain(guess[1])} by {guess[0] - best[0]:.1f} nats)")
    return best[1], lost, "; ".join(notes), why


def _recurring(text: str, r: Reading, best: tuple[float, str, str],
               runner: tuple[float, str, str], final: list[tuple[float, str, str]],
               fold: Callable[[str], str]) -> tuple[float, str, str] | None:
    """Of two readings the model cannot tell apart (and no third near them),
    the one whose own Han characters occur elsewhere in the text, when only
    one's do (他 or 她 after a trail byte lost: the text speaks of 她)."""
    fb, fr = fold(best[2]), fold(runner[2])
    third = next((x for x in final if fold(x[2]) not in (fb, fr)), None)
    if third is not None and third[0] - best[0] < HOLE_MARGIN:
        return None
    outside = fold(text[:r.start] + text[r.end:])
    own_b = {c for c in set(fb) - set(fr) if is_han(c)}
    own_r = {c for c in set(fr) - set(fb) if is_han(c)}
    in_b = any(c in outside for c in own_b)
    in_r = any(c in outside for c in own_r)
    if in_b == in_r:
        return None
    return best if in_b else runner


def _in_script(text: str, r: Reading, final: list[tuple[float, str, str]],
               fold: Callable[[str], str]) -> tuple[float, str, str]:
    """The best of ``final`` (sorted by cost), written in the script of the
    text around the site: of the readings that fold to the best one's
    simplified form, the one with the most characters folding changes when
    the context has such characters (the converter's text is traditional),
    else the one with the fewest; then the one of commoner characters
    (Unihan kFrequency: 當 is 1, 噹 5; both are 当 to the model)."""
    best = final[0]
    alike = [x for x in final if fold(x[2]) == fold(best[2]) and x[0] - best[0] < 1e-9]
    if len(alike) < 2:
        return best
    around = text[max(0, r.start - SCRIPT_CONTEXT):r.start] + text[r.end:r.end + SCRIPT_CONTEXT]
    sign = 1 if fold(around) != around else -1
    frequency = char_table().frequency
    return max(alike, key=lambda x: (
        sign * sum(a != b for a, b in zip(x[1], fold(x[1]), strict=False)),
        -sum(frequency.get(c, RARE_FREQUENCY) for c in x[1])))


#: The kFrequency of a character Unihan gives none (rarer than its 5).
RARE_FREQUENCY = 6


#: Characters on each side of a site whose script its characters follow.
SCRIPT_CONTEXT = 20


def _chain_beam(m: ngram.NgramModel, beam: list[tuple[float, State, str, str]],
                chain: Chain) -> list[tuple[float, State, str, str]]:
    """The beam after a Chain's characters, chosen one at a time (each
    entry's options follow from the trail byte it chose last)."""
    # cost, model state, text, key, the last trail byte
    entries = [(c, st, done, key, -1) for c, st, done, key in beam]
    for step in range(chain.k + 1):
        grown = []
        for c, state, done, key, t in entries:
            opts = chain_options(chain.lead if step == 0 else None,
                                 None if step == 0 else t, chain.last, step == chain.k)
            for ch, trail in opts:
                dc, st = m.advance(ch, state)
                grown.append((c + dc, st, done + ch, key + ch, trail))
        grown.sort(key=lambda x: x[0])
        entries = grown[:BEAM]
    return [(c, st, done, key) for c, st, done, key, _ in entries]


def _reads_as_text(text: str, start: int, filled: str) -> bool:
    """Does ``filled`` at ``start`` read as real text (judge's absolute test:
    mean cost after the left context within real_text_limit)?  A shifted run
    of other mojibake re-read as M2 gains over the mojibake and stays
    mojibake (。矿吗 in a UTF-8 page read as Big5)."""
    m = ngram.model()
    _, s0 = m.advance(_plain(text[max(0, start - CONTEXT):start]))
    plain = _plain(filled)
    return m.advance(plain, s0)[0] / max(len(plain), 1) <= real_text_limit(len(plain))


def _right_cost(m: ngram.NgramModel, right: str, state: State, at_end: bool) -> float:
    """What the right context costs after ``state``, and the end of the text
    after it when it ends there (a record's last byte lost with its ``?``:
    。 ends a text, 、 and ～ do not)."""
    cost, state = m.advance(right, state)
    return cost + m.end_cost(state) if at_end else cost


def _window(text: str, start: int, end: int, middle: str) -> str:
    return _plain(text[max(0, start - CONTEXT):start] + middle + text[end:end + CONTEXT])


def _decide(text: str, readings: list[Reading]) -> Site:
    """The best reading of one site: repaired, kept (after None, a rule:
    reported), or no site at all (after None, rule "")."""
    far = max(r.end for r in readings)
    best: tuple[float, Reading, str, str, str, int] | None = None
    for r in readings:
        done = _fill(text, r)
        if done is None:
            continue  # no characters fit its bytes
        filled, lost, note, why = done
        # a reading that ends earlier than another is priced with the text up
        # to the other's end, where the next site's bytes (?yàn) are mojibake
        # now and a character once that site is read: each is priced as one
        # (LOST_COST), not as its mojibake (捐輸?shù)氖?因?yàn)?wèi): 的事，因為,
        # not 的石灰驗, which swallowed the next site to avoid its cost)
        tail, sites_after = _M1.subn("", text[r.end:far])
        window = _window(text, r.start, far, filled + tail)
        cost = score(window).total + (lost + sites_after) * LOST_COST
        if far + CONTEXT >= len(text):
            # the window ends the text: 。 ends a record, a lone character
            # seldom does (措施 or 措施；: the swallowed mark's cost is offset)
            m = ngram.model()
            cost += m.end_cost(m.advance(window)[1])
        if best is None or cost < best[0]:
            best = (cost, r, filled, note, why, lost)
    if best is None:
        return Site(readings[0].start, far, None, readings[0].how.split(":")[0], "")
    _, r, filled, note, why, lost = best
    mech = r.how.split(":")[0]
    before = score(_window(text, r.start, r.end, text[r.start:r.end])).total
    gain = before - score(_window(text, r.start, r.end, filled)).total - lost * LOST_COST
    if not r.named and (gain < SHIFT_MIN_GAIN or (
            mech == "M2" and not _reads_as_text(text, r.start, filled))):
        # no reading evidence: it must read better, and read as real text
        return Site(r.start, r.end, None, mech, "", gain)
    if why:
        return Site(r.start, r.end, None, mech, f"{r.how}; kept: {why}", gain)
    return Site(r.start, r.end, filled, mech, r.how + (f"; {note}" if note else ""), gain)


def _best_set(sites: list[Site]) -> list[Site]:
    """The non-overlapping sites with the largest total gain (weighted
    interval scheduling: overlapping readings of the same bytes compete)."""
    items = sorted(sites, key=lambda s: s.end)
    best: list[tuple[float, list[Site]]] = [(0.0, [])]
    ends = [s.end for s in items]
    for k, site in enumerate(items):
        j = bisect.bisect_right(ends, site.start, 0, k)  # sites ending before this one starts
        take = best[j][0] + site.gain
        if take > best[k][0]:
            best.append((take, [*best[j][1], site]))
        else:
            best.append(best[k])
    return best[-1][1]


def sites(text: str) -> list[Site]:
    """Every converter site of ``text`` the bytes show, decided (``after``) or
    kept (``after`` None, with a non-empty rule: reported); sites whose
    reading is no better than the text (rule "") are left out."""
    if "?" not in text and "(" not in text:
        return []
    found: dict[int, list[Reading]] = {}
    for finder in (_m1, _named_lost, _m2, _m3):
        for _, i, readings in finder(text):
            if finder is _named_lost and i in found:
                continue  # M1 explains the '?' and the byte after the annotation
            found.setdefault(i, []).extend(readings)
    decided = [_decide(text, readings) for _, readings in sorted(found.items())]
    return _best_set([s for s in decided if s.after is not None or s.rule])


# --- what the pipeline asks ----------------------------------------------------

#: A sign that a text may hold a site: ``?`` after a non-ASCII character or
#: before one (with the marks that replaced punctuation between: 來(lái)?!褂谑
#: is 來。」于是), ``?`` before a reading (M1 after an annotation: 當(dāng)?shù)),
#: or a line whose first run is followed by an annotation (M3).
_SIGN = re.compile(rf"[^\x00-\x7f]\?|\?[,:;!()]{{0,2}}[^\x00-\x7f]|\?\(?{SYLLABLE}\)"
                   rf"|(?m:^[^\x00-\x7f]+\({SYLLABLE}\))")


#: A tone-marked syllable closing an annotation (composed or with combining
#: marks): the converter leaves its misaligned bytes only in text it
#: annotated, so a text without one has no site.  Without this gate, clean
#: pages with ``吗?`` spent half of repair()'s time in the site search.
_TONED_ANNOTATION = re.compile(rf"[{TONED}\u0300\u0301\u0304\u030c][a-zü]{{0,5}}\)")


#: An M2 site without an annotation nearby: ``?`` between non-ASCII
#: characters (the ASCII mark kept or swallowed after it, or two marks: 福。」
#: = B8 [A3 A1] [A3 A1] B9, ``?!!`` when the decoder keeps both; ``??``
#: between Han characters is not one by itself: clean text with it inserted
#: was read as 空中的保护,飞鸟) ...
_M2_SIGN = re.compile(r"[^\x00-\x7f]\?[,:;!()]{0,2}(?=[^\x00-\x7f])")
#: ... and what the run read one byte off holds within SHIFTED_REACH
#: characters: another ``?``, an ASCII byte of 40-7E it realigned on (a
#: trail byte: 」這 = A1B9 DF40 → ``?惯@``), or a character the scan finds
#: suspicious (clean text after a question mark seldom does: ``吗?我们``).
SHIFTED_REACH = 6
#: ... after clean text: the converter's output is clean text but for its
#: sites, and a ``?`` inside other mojibake is no M2 site (a UTF-8 page read
#: as Big5 has a ``?`` every few characters).
CLEAN_BEFORE = 8
_SHIFTED = re.compile(r"[?\x40-\x7e]")


def may_have_sites(text: str) -> bool:
    """Cheap test: could :func:`sites` find anything in ``text``?  A site of
    M1 or M3 needs an annotation in the text; M2 (the converter replaced
    punctuation byte-wise, also in records it annotated nothing in) needs a
    shifted run after its ``?``."""
    if "?" not in text and "(" not in text:
        return False
    if _TONED_ANNOTATION.search(text) is not None and _SIGN.search(text) is not None:
        return True
    return any(_lone_m2(text, m) for m in _M2_SIGN.finditer(text))


def _lone_m2(text: str, m: re.Match[str]) -> bool:
    """Does the ``?`` of an _M2_SIGN match look like an M2 site by itself
    (clean text before it, a shifted run after it)?"""
    run = text[m.end():m.end() + SHIFTED_REACH]
    suspect = suspect_regex()
    if _SHIFTED.search(run) is None and suspect.search(run) is None:
        return False
    before = text[max(0, m.start() - CLEAN_BEFORE):m.start() + 1]
    return "?" not in before and "\ufffd" not in before and suspect.search(before) is None


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
    for a in find_annotations(text) if annotations else ():
        if a.injected:
            yield Finding("pinyin_injection", a.start, a.end, INJECTION_CONFIDENCE, True,
                          text[a.start - 1:a.end], a.reason)


#: Confidence of an injected annotation: its own test held and nothing around
#: it says lesson (0 of the legitimate texts of the benchmark are reported).
INJECTION_CONFIDENCE = 0.95


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (pair, named, straddle_leads, with_lead, with_trail, annotated_as, _fills, _options,
          _in_context,
          _rank, unassigned_after, _across_unassigned, chain_options, _named_after_unassigned)
