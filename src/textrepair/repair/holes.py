"""Hole models: which bytes a reader turned into a mark, or dropped.

Every decoder family of ``docs/kinds.md`` ("Decoder families") loses bytes
its own way, and leaves its own mark (or none):

* CPython ``errors="replace"`` (and Java, which behaves the same on UTF-8
  input): U+FFFD stands for **one** byte -- 0x80, or a lead byte that did
  not pair with the byte after it (that byte is read again);
* WHATWG gbk/gb18030: U+FFFD for a lead byte before an ASCII byte (which is
  restored): a subset of the above, since every other GB18030 pair decodes;
* Windows ``MultiByteToWideChar`` (cp936): ``?`` stands for a lead byte
  **and the byte after it**, whatever that byte is -- mostly an ASCII byte
  (a space, a digit, a comma) that the ``?`` swallowed;
* glibc ``iconv -c``, Windows cp936 with the private-use characters dropped
  afterwards, MySQL latin1 columns shown in a terminal: bytes vanish without
  a mark, which shows only where the writer's UTF-8 structure breaks;
* UTF-8 read as cp1252 with Python's ``replace``: U+FFFD for one of the five
  bytes cp1252 leaves undefined.

A hole is described as a :data:`Unit`: alternative paths, each a sequence of
segments, each segment a set of byte strings with a prior cost (nats) --
segments let the lattice prune between a lost byte and a swallowed ASCII
character instead of enumerating their product.  Which family made a text is
not known: a mark's unit is the union of the fillings of every family that
writes that mark, and the fillings of families no real case shows cost more
(:data:`ASCII_KEPT_COST`), so that the common readings win ties.
"""

from __future__ import annotations

import functools
import itertools

from ..chars import CJK_PUNCT
from ..model.score import CJK_PUNCT_COST, char_cost

#: One filling of a hole: its bytes and their prior cost in nats.
Filling = tuple[bytes, float]
#: Alternative byte strings for one stretch of a hole.
Segment = tuple[Filling, ...]
#: One way a hole may have been made: its segments, in order.
Path = tuple[Segment, ...]
#: A hole (or any token with alternatives): its paths.
Unit = tuple[Path, ...]

#: Prior cost of a Windows ``?`` read as a bad lead byte whose ASCII byte
#: survived (a reader that works like that is documented nowhere and shown
#: by no real case; benchmarks/speed.py makes such damage).
ASCII_KEPT_COST = 6.0
#: The default character of Windows cp932 (``MultiByteToWideChar``).
KATAKANA_DOT = "\u30fb"
#: Prior cost of a ``・`` inside mojibake being a real katakana middle dot.
LITERAL_DOT_COST = 4.0
#: Prior cost of a ``?`` inside mojibake being a real question mark.
LITERAL_QUESTION_COST = 4.0
#: Prior cost of a ``?`` in UTF-8 read as cp1252 standing for one lost byte.
QUESTION_BYTE_COST = 4.0
#: Prior cost of each silently dropped byte or pair (iconv -c, PUA dropped,
#: MySQL latin1): a reading that needs no drop wins ties.
DROP_COST = 1.5

REPLACEMENT = "\ufffd"
#: ``nxt`` of a mark after which the reader's input ended (clean text follows).
INPUT_ENDED = -2

#: Bytes that can occur in UTF-8 text (no C0/C1 lead, no F5-FF).
_UTF8_BYTES = frozenset([*range(0x01, 0x80), *range(0x80, 0xC0), *range(0xC2, 0xF5)])
_CONT = tuple(range(0x80, 0xC0))
#: ASCII bytes a Windows ``?`` may have swallowed: those below 0x40 that
#: text uses (GBK takes 0x40-0x7E as trail bytes, and controls other than
#: tab and line breaks do not occur in text).
SWALLOWED_ASCII = tuple(sorted((b for b in range(0x09, 0x40) if b in (0x09, 0x0A, 0x0D)
                                 or b >= 0x20), key=lambda b: b"1203456789".find(bytes((b,)))))
#: ASCII signs that seldom follow a CJK character, and what a swallowed one
#: costs on top of the model (which has never seen them in running text and
#: gives them a flat class prior, cheaper than the signs it knows: without
#: this, 测试, 我们 read by Windows comes back as 测试# 我们).
RARE_ASCII = frozenset("#$&'*<=>\t\r")
RARE_ASCII_COST = 7.0
#: Bytes cp1252 leaves undefined: Python's ``replace`` turns each into U+FFFD,
#: MySQL latin1 shown in a terminal drops them (and the soft hyphen AD).
CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
MYSQL_DROPPED = (*CP1252_UNDEFINED, 0xAD)


@functools.cache
def _gbk_pairs() -> bytes:
    """A 256x256 table: 1 where CPython's gbk decodes ``(lead, trail)`` to one
    character, 2 where only Windows cp936 does (its private-use areas), else 0."""
    return _pairs("gbk")


@functools.cache
def _pairs(codec: str) -> bytes:
    """A 256x256 table: 1 where CPython's ``codec`` decodes ``(lead, trail)``
    to one character, 2 where only Windows cp936 does (gbk's private-use
    areas), else 0."""
    table = bytearray(65536)
    for x in range(0x81, 0xFF):
        for y in range(0x40, 0xFF):
            try:
                s = bytes((x, y)).decode(codec)
            except UnicodeDecodeError:
                s = ""
            if len(s) == 1:
                table[x << 8 | y] = 1
            elif codec == "gbk" and _cp936_private(x, y):
                table[x << 8 | y] = 2
    return bytes(table)


def pair_table(codec: str) -> bytes:
    """:func:`_pairs` of ``codec`` (``gbk``, ``cp932``), for other modules."""
    return _pairs(codec)


def _cp936_private(x: int, y: int) -> bool:
    """cp936's end-user-defined areas (decoded to private use by Windows)."""
    return ((0xAA <= x <= 0xAF or 0xF8 <= x <= 0xFE) and 0xA1 <= y <= 0xFE) or \
        (0xA1 <= x <= 0xA7 and 0x40 <= y <= 0xA0 and y != 0x7F)


@functools.cache
def _leads(codec: str = "gbk") -> tuple[int, ...]:
    """Lead bytes of ``codec`` (gbk: 81-FE; cp932: 81-9F, E0-FC) that can
    occur in UTF-8 (continuation bytes and UTF-8 leads; memoized: the hole
    models ask for them per mark)."""
    if codec == "cp932":
        return tuple(x for x in (*range(0x81, 0xA0), *range(0xE0, 0xFD)) if x in _UTF8_BYTES)
    return tuple(x for x in range(0x81, 0xFF) if x in _UTF8_BYTES)


#: Readers whose U+FFFD is CPython's (and WHATWG's, for a lead byte before an
#: ASCII byte): one lead byte that did not pair with the byte after it.
DBCS_REPLACING = frozenset({"gbk", "cp932"})  # (cp932/whatwg runs: mark by mark)


@functools.lru_cache(maxsize=4096)
def mark_unit(reader: str, mark: str, nxt: int, at_end: bool) -> Unit | None:
    """The fillings of the mark ``mark`` left by a reader of codec ``reader``.

    ``nxt`` is the first byte of the token after the mark (-1 when unknown:
    another hole follows; :data:`INPUT_ENDED` when clean text follows, so
    the reader's input ended there), ``at_end`` whether the mark ends the
    text (or the reader's input).
    None when the reader leaves no such mark (the mark is a real character).
    """
    if reader == "gbk":
        if mark == REPLACEMENT:
            return _gbk_replacement(nxt, at_end)
        if mark == "?":
            return _windows_question(nxt, at_end)
        return None
    if reader == "cp932" and mark == REPLACEMENT:
        return ((tuple((bytes((x,)), 0.0) for x in _bad_before(nxt, at_end, "cp932")),),)
    if reader == "cp932/whatwg" and mark == REPLACEMENT:
        return _whatwg_shift_jis_replacement(nxt, at_end)
    if reader.startswith("cp932") and mark == KATAKANA_DOT:
        return _cp932_windows_dot(at_end)
    if reader == "cp1252" and mark == REPLACEMENT:
        return (((tuple((bytes((b,)), 0.0) for b in CP1252_UNDEFINED)),),)
    if reader == "cp1252" and mark == "?":
        # a converter that wrote ? for a byte it did not take (code-md-npm:
        # the final 。 shows as ã€?); no decoder family we know does this
        return (((tuple((bytes((b,)), QUESTION_BYTE_COST) for b in _CONT)),),)
    return None


def _whatwg_shift_jis_replacement(nxt: int, at_end: bool) -> Unit:
    """U+FFFD under WHATWG Shift_JIS: a lead byte before an ASCII byte (which
    is read again) or at the end, a lead byte and the non-ASCII byte after it
    that it did not pair with (both consumed), or A0 alone."""
    paths: list[Path] = [(_cp932_unmapped(),), (((b"\xa0", 0.0),),)]
    if at_end or 0 <= nxt < 0x80:
        paths.append((tuple((bytes((x,)), 0.0) for x in _bad_before(nxt, at_end, "cp932")),))
    return tuple(paths)


def _cp932_windows_dot(at_end: bool) -> Unit:
    """``・`` under Windows cp932: its own bytes (a real katakana middle dot,
    which Chinese text also uses for names), or a lead byte and the byte after
    it that cp932 does not map (Windows shows one default character for both),
    or a lone lead byte at the end."""
    paths: list[Path] = [(((b"\x81\x45", LITERAL_DOT_COST),),), (_cp932_unmapped(),)]
    if at_end:
        paths.append((tuple((bytes((x,)), 0.0) for x in _leads("cp932")),))
    return tuple(paths)


@functools.cache
def _cp932_unmapped() -> Segment:
    """The pairs of UTF-8 bytes (both non-ASCII) that cp932 does not map."""
    return _unmapped("cp932")


def _gbk_replacement(nxt: int, at_end: bool) -> Unit:
    """U+FFFD under GBK (CPython, Java, WHATWG): one byte -- 0x80, or a lead
    byte that does not pair with the next byte."""
    return ((tuple((bytes((x,)), 0.0) for x in _bad_before(nxt, at_end)),),)


def _bad_before(nxt: int, at_end: bool, codec: str = "gbk") -> tuple[int, ...]:
    """The bytes CPython's ``codec`` (gbk, cp932) turns into one U+FFFD
    before the byte ``nxt`` (-1: unknown): the lead bytes that do not pair
    with it, and (gbk) 0x80, which cp932 reads as U+0080."""
    pairs = _pairs(codec)
    opts = [0x80] if codec == "gbk" else []
    for x in _leads(codec):
        if at_end or nxt < 0x40 or pairs[x << 8 | nxt] != 1:
            opts.append(x)
    return tuple(dict.fromkeys(opts))


#: At most this many fillings of a run of adjacent U+FFFD (search bound).
MAX_RUN_FILLINGS = 4096
#: Longer runs are filled mark by mark (one byte each, no joint constraint):
#: at 2 marks the joint fillings already pass MAX_RUN_FILLINGS, and a long
#: run (UTF-8 read as Big5, tried under GBK) cost 4096 x 120 candidates per
#: mark.  Train split, --quick, utf8_as_gbk / utf8_as_big5 / lost_characters /
#: one_damaged_sentence rows: 3 and unbounded give the same output on every
#: row but utf8_as_big5 (CER 0.1-0.2 points lower with 3; 82 s against 90 s).
MAX_JOINT_RUN = 3


@functools.lru_cache(maxsize=1024)
def replacement_run(reader: str, count: int, nxt: int, at_end: bool) -> Unit | None:
    """``count`` adjacent U+FFFD under GBK as one hole: each stands for one
    byte that does not pair with the byte after it -- which, inside the run,
    is the next hole's byte (so 被 lost as 2 marks is E8 + A2 AB, and 肯's
    82 AF is ruled out: GBK would have read that pair)."""
    if reader not in DBCS_REPLACING or count > MAX_JOINT_RUN:
        return None
    pairs = _pairs(reader)
    tails = [bytes((x,)) for x in _bad_before(nxt, at_end, reader)]
    firsts = (0x80, *_leads()) if reader == "gbk" else _leads(reader)
    for _ in range(count - 1):
        # only the first MAX_RUN_FILLINGS are kept: stop building there (a
        # long run would otherwise cost 4096 x 120 candidates per mark)
        grown = (bytes((x,)) + t for t in tails for x in firsts
                 if x == 0x80 or pairs[x << 8 | t[0]] != 1)
        tails = list(itertools.islice(grown, MAX_RUN_FILLINGS))
    return ((tuple((t, 0.0) for t in tails),),)


def _windows_question(nxt: int, at_end: bool) -> Unit:
    """``?`` under Windows cp936: a lead byte and the byte after it, which
    did not pair (mostly a swallowed ASCII byte); a lead byte alone at the
    end; a real question mark.  (The lead byte and the swallowed byte are
    two segments; an empty second segment is the lead byte alone.)"""
    leads = tuple((bytes((x,)), 0.0) for x in _leads())
    literal: Path = (((b"?", LITERAL_QUESTION_COST),),)
    if at_end and nxt == INPUT_ENDED:
        return ((leads,), literal)  # nothing followed that the ? could have swallowed
    swallowed = tuple((bytes((y,)), RARE_ASCII_COST if chr(y) in RARE_ASCII else 0.0)
                      for y in SWALLOWED_ASCII)
    if at_end:
        return ((leads, ((b"", 0.0), *swallowed)), literal)
    if 0 <= nxt < 0x80:
        swallowed = ((b"", ASCII_KEPT_COST), *swallowed)
    odd = _windows_unmapped()
    return ((leads, swallowed), (odd,), literal) if odd else ((leads, swallowed), literal)


@functools.cache
def _windows_unmapped() -> Segment:
    """The pairs of UTF-8 bytes (both non-ASCII) that cp936 does not map,
    which Windows shows as one ``?``."""
    return _unmapped("gbk")


def _unmapped(codec: str) -> Segment:
    """The pairs of UTF-8 bytes (both non-ASCII) that ``codec`` does not map
    (gbk: not even to cp936's private use)."""
    pairs = _pairs(codec)
    return tuple((bytes((x, y)), 0.0) for x in _leads(codec) for y in range(0x80, 0xF5)
                 if y in _UTF8_BYTES and not pairs[x << 8 | y])


def alternatives(reader: str, char: str) -> tuple[bytes, ...]:
    """Other bytes a reader shows as ``char`` (beyond its own encoding):
    cp936 shows both 0x80 and A2E3 as ``€``; a cp1252 no-break space often
    became a plain space."""
    if char == "€" and reader == "gbk":
        return (b"\xa2\xe3",)
    if char == " " and reader in ("cp1252", "latin-1"):
        return (b"\xa0",)
    return ()


@functools.lru_cache(maxsize=64)
def drop_units(reader: str, before_ascii: bool) -> tuple[bytes, ...]:
    """Byte strings a reader of ``reader`` may have dropped without a mark,
    where the byte after them is ASCII (``before_ascii``) or not.

    GBK (iconv -c; Windows with private use dropped): 0x80; a lead byte
    before an ASCII byte; a pair GBK does not map (iconv) or maps to private
    use (Windows, then dropped).  cp1252 (MySQL latin1 shown): the five
    undefined bytes and the soft hyphen.
    """
    if reader == "gbk":
        pairs = _gbk_pairs()
        out = [b"\x80"]
        if before_ascii:
            out += [bytes((x,)) for x in _leads()]
        out += [bytes((x, y)) for x in _leads() if x < 0xC0 for y in range(0x40, 0xF5)
                if y in _UTF8_BYTES and pairs[x << 8 | y] != 1]
        return tuple(dict.fromkeys(out))
    if reader == "cp1252":
        return tuple(bytes((b,)) for b in MYSQL_DROPPED)
    return ()


#: Readers whose damage may drop bytes silently.
DROPPING_READERS = frozenset({"gbk", "cp1252"})


@functools.cache
def completion() -> Unit:
    """The byte that a length limit cut from the end of a text (cp1252, last
    byte cut: ftfy issue 217): any continuation byte."""
    return (((tuple((bytes((b,)), 0.0) for b in _CONT)),),)


@functools.lru_cache(maxsize=1 << 16)
def fill_cost(prev: str, ch: str) -> float:
    """The old model's :func:`~textrepair.model.score.char_cost` of ``ch`` after
    ``prev``, except that CJK punctuation is priced by how often each mark
    is what a hole stood for (memoized: pure).  The Big5 lead-byte holes of
    :mod:`~textrepair.repair.dbcs` use it."""
    if ch in CJK_PUNCT:
        if prev in _SENTENCE_END and ch in _AFTER_SENTENCE_END:
            return _AFTER_SENTENCE_END[ch]
        return _PUNCT_COST.get(ch, CJK_PUNCT_COST)
    return char_cost(prev, ch)


#: Costs of common punctuation by how often it ends up in a hole: a sentence-
#: final 銆? is 。 far more often than 、 (field notes §2).
_PUNCT_COST = {"，": 3.0, "。": 3.2, "、": 4.5, "：": 4.0, "；": 4.5, "！": 4.0, "？": 4.0,
               "“": 4.0, "”": 4.0, "（": 4.2, "）": 4.2, "《": 4.5, "》": 4.5, "…": 5.0,
               "—": 5.0, "‘": 6.0, "’": 6.0}
#: After a sentence-final mark a quotation closes far more often than one opens.
_SENTENCE_END = frozenset("。！？…")
_AFTER_SENTENCE_END = {"”": 3.0, "“": 5.5, "’": 5.0, "‘": 7.0, "」": 3.0, "』": 3.5,
                       "。": 6.0, "，": 6.0}


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_gbk_pairs, _pairs, _leads, _windows_unmapped, _cp932_unmapped, mark_unit,
          replacement_run, drop_units, completion, fill_cost)
