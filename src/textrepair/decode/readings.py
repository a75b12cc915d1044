"""What a reading of some bytes costs: the language model plus script plausibility.

A *reading* is the text that a codec makes of some bytes.  Readings of the same
bytes are compared by their total cost in nats (not per character: a codec
that makes two Latin-1 letters of a GBK character must pay for both).  Two
models price a reading: the full character model (:func:`textrepair.model.score.score`,
unigrams and bigrams) and a fast unigram model summed in C, used first when
many readings are compared.  Script plausibility adds what the character
model cannot see: Chinese bytes read as Korean or Japanese.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from itertools import repeat

from ..chars import HAN_BMP, HANGUL, is_han
from ..model.score import MAX_HAN_COST, score
from ..model.tables import char_table
from .charsets import JAPANESE, KOREAN

# Script plausibility (nats), added to the character model's cost.
#: Per Hangul syllable outside KS X 1001 (cp949's 8822 extra ones, rarer than a
#: GBK user-defined character at 18: a GB page's A3A0, U+E5E5, reads as 짛).
HANGUL_RARE_COST = 12.0
#: Per Hangul syllable next to a Han character: GB2312 rows B0-C8 read as
#: EUC-KR become Hangul, rows CA-F7 Hanja, alternating at random.
HANGUL_HAN_JOIN_COST = 4.0
#: Korean puts a space every few syllables: each syllable of a run longer than
#: HANGUL_RUN_MAX costs HANGUL_RUN_COST more (啊啊啊… read as EUC-KR is 가가가…).
HANGUL_RUN_MAX = 8
HANGUL_RUN_COST = 2.0
#: Per non-ASCII character of a Japanese reading with no kana (Chinese read as
#: EUC-JP/SJIS is kanji only), and of a Korean reading with no Hangul.
JAPANESE_NO_KANA_COST = 2.0
KOREAN_NO_HANGUL_COST = 2.0
#: Per kana character in a Korean reading (KS X 1001 has kana rows, which
#: Big5/GBK bytes hit; Korean text seldom uses them).
KOREAN_KANA_COST = 4.0
#: Per Chinese full-width punctuation mark in a Korean reading (GB text read as
#: EUC-KR keeps its ，、。 — KS X 1001 has them at the same codes — while
#: Korean text punctuates with ASCII).
KOREAN_CJK_PUNCT_COST = 4.0
#: Mean cost of the non-ASCII characters above which a reading is not
#: Chinese-like (Chinese costs 5-8 nats per character, mojibake 10-16: model/score.py).
PLAUSIBLE_MEAN_COST = 9.5
#: Byte 0x80 outside a pair is € in cp936 and in browsers' gb18030; at most
#: this many are read as € per call (each re-enters Python's decoder, which
#: keeps the work linear).
GB_EURO_MAX = 64
#: Characters a sample is cut to before its plausibility is judged.
PLAUSIBLE_SAMPLE_CHARS = 1 << 14

_HANGUL_RE = re.compile(f"[{HANGUL}]")
_KANA_RE = re.compile("[\u3041-\u30ff]")
_JOIN_RE = re.compile(f"(?=[{HANGUL}][{HAN_BMP}]|[{HAN_BMP}][{HANGUL}])")
_HANGUL_RUN_RE = re.compile(f"[{HANGUL}]{{{HANGUL_RUN_MAX + 1},}}")
_CJK_PUNCT_RE = re.compile("[，、。！？：；（）]")
_NON_ASCII_TEXT_RE = re.compile("[^\x00-\x7f]")
_ASCII_RUN_RE = re.compile("[\x00-\x7f]+")
_NUL_COST = 20.0  # score("\x00"): a C0 control


def read(data: bytes, codec: str, errors: str = "strict") -> str:
    """``data.decode(codec, errors)``, except that gb18030 reads a byte 0x80
    that starts no pair as €, as cp936 and the WHATWG decoder browsers use do
    (Python's gb18030 rejects it).  Raises UnicodeDecodeError like decode."""
    if codec != "gb18030" or b"\x80" not in data:
        return data.decode(codec, errors)
    parts = []
    pos = 0
    for _ in range(GB_EURO_MAX):
        try:
            parts.append(data[pos:].decode(codec))
            return "".join(parts)
        except UnicodeDecodeError as err:
            start = pos + err.start
            if data[start] != 0x80 and errors == "strict":
                raise
            parts.append(data[pos:start].decode(codec))
            if data[start] == 0x80:
                parts.append("€")
                pos = start + 1
            else:
                parts.append(data[start:pos + err.end].decode(codec, errors))
                pos += err.end
    parts.append(data[pos:].decode(codec, errors))
    return "".join(parts)


def replaced(data: bytes, codec: str) -> tuple[str, int]:
    """``data`` read with ``codec``, undecodable sequences replaced by U+FFFD,
    and how many were replaced (U+FFFD that the bytes themselves encode are not
    counted)."""
    text = read(data, codec, "replace")
    return text, text.count("\ufffd") - read(data, codec, "ignore").count("\ufffd")


def strict_read(data: bytes, codec: str, *, cut: bool) -> str | None:
    """``data`` read strictly with ``codec``; with ``cut``, a character cut off
    at the end (a sample boundary) is dropped instead of failing."""
    try:
        return read(data, codec)
    except UnicodeDecodeError as err:
        if cut and err.start >= len(data) - 4:
            return strict_read(data[:err.start], codec, cut=False)
        return None


@functools.cache
def _ksx1001_hangul() -> frozenset[str]:
    """The 2350 Hangul syllables of KS X 1001 (those EUC-KR can encode)."""
    out = []
    for lead in range(0xB0, 0xC9):
        for trail in range(0xA1, 0xFF):
            text = strict_read(bytes((lead, trail)), "euc_kr", cut=False)
            if text is not None:
                out.append(text)
    return frozenset(out)


@functools.cache
def _ascii_cost() -> Callable[[str], float]:
    """Lookup of an ASCII character's cost (a bound method: no table escapes)."""
    return {chr(o): score(chr(o)).total for o in range(0x80)}.__getitem__


#: Ranges whose characters get their own price in the fast model: ASCII,
#: Latin-1 and Latin Extended, general punctuation, box drawing, CJK symbols,
#: kana and bopomofo, private use, Hangul, full-width forms (Han characters
#: come from the character table); any other character costs FAST_OTHER_COST.
_FAST_RANGES = ((0x0, 0x250), (0x2000, 0x2070), (0x2500, 0x25A0), (0x3000, 0x3130),
                (0xAC00, 0xD7A4), (0xE000, 0xF900), (0xFF00, 0xFFF0))
FAST_OTHER_COST = 10.0


@functools.cache
def _unigram_cost() -> Callable[[str, float], float]:
    """The fast model: lookup of a character's cost on its own (no bigrams).

    A bound ``dict.get`` (three times faster than a mapping proxy's, and no
    table escapes to be changed).
    """
    table = {chr(o): score(chr(o)).total for a, b in _FAST_RANGES for o in range(a, b)}
    table.update({ch: min(c, MAX_HAN_COST) for ch, c in char_table().cost.items()})
    return table.get


def _fast_cost(text: str) -> float:
    return float(sum(map(_unigram_cost(), text, repeat(FAST_OTHER_COST))))


def _model_cost(text: str) -> float:
    """``score(text).total``, with the ASCII runs priced in C: each run is
    scored as one NUL (which, like any ASCII character, breaks a bigram) and
    the NUL's price is swapped for the run's own."""
    squeezed, runs = _ASCII_RUN_RE.subn("\x00", text)
    if not runs:
        return score(text).total
    ascii_total = sum(map(_ascii_cost(), _NON_ASCII_TEXT_RE.sub("", text)))
    return score(squeezed).total - runs * _NUL_COST + ascii_total


def reading_cost(text: str, codec: str, *, fast: bool = False) -> float:
    """Total cost (nats) of ``text`` as the reading of some bytes with ``codec``.

    The character model's cost (``fast``: unigrams only, summed in C) plus
    script plausibility: random Hangul and Hangul glued to Han, kana-less
    "Japanese", Hangul-less "Korean", Chinese punctuation in "Korean".
    """
    total = _fast_cost(text) if fast else _model_cost(text)
    hangul = _HANGUL_RE.findall(text)
    if hangul:
        common = _ksx1001_hangul()
        total += HANGUL_RARE_COST * sum(ch not in common for ch in hangul)
        total += HANGUL_HAN_JOIN_COST * len(_JOIN_RE.findall(text))
        runs = _HANGUL_RUN_RE.findall(text)
        total += HANGUL_RUN_COST * sum(len(r) - HANGUL_RUN_MAX for r in runs)
    if codec in JAPANESE and not _KANA_RE.search(text):
        total += JAPANESE_NO_KANA_COST * len(_NON_ASCII_TEXT_RE.findall(text))
    if codec in KOREAN:
        if not hangul:
            total += KOREAN_NO_HANGUL_COST * len(_NON_ASCII_TEXT_RE.findall(text))
        total += KOREAN_KANA_COST * len(_KANA_RE.findall(text))
        total += KOREAN_CJK_PUNCT_COST * len(_CJK_PUNCT_RE.findall(text))
    return total


def implausible(text: str) -> bool:
    """The non-ASCII characters of (a sample of) ``text`` cost what mojibake
    costs on average, not what Chinese (or Japanese, Korean) text costs."""
    return score(_ASCII_RUN_RE.sub("", text[:PLAUSIBLE_SAMPLE_CHARS])).mean > PLAUSIBLE_MEAN_COST


def variants(a: str, b: str) -> bool:
    """``a`` and ``b`` differ only in symbol variants (big5 ∼ vs cp950 ～)."""
    if a == b:
        return True
    if len(a) != len(b):
        return False
    return all(x == y or (_is_symbol(x) and _is_symbol(y)) for x, y in zip(a, b, strict=True))


def _is_symbol(ch: str) -> bool:
    return not is_han(ch) and unicodedata.category(ch)[0] in "PS"


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_ksx1001_hangul, _ascii_cost, _unigram_cost)
