"""Bytes of unknown encoding → text, decided by the Chinese language model.

Order of evidence (see ``docs/decoding.md``):

1. a byte-order mark;
2. NUL bytes: UTF-16/UTF-32 without a BOM, if one reads the bytes strictly;
3. strict UTF-8 (pure ASCII is checked for HZ and ISO-2022 escapes first);
4. otherwise every candidate codec reads every line that has non-ASCII bytes,
   each strict reading is priced by the language model (total cost in nats of
   the characters the same bytes make), and a Viterbi pass over the lines
   picks the cheapest codec per line, paying a fixed price for switching codec
   between lines.  One codec for the whole input is the usual answer; lines
   that only another codec reads (concatenated scrapes) are decoded line by
   line and the reason says so.

A declared charset (the ``declared`` argument, or an XML declaration, a
``<meta charset>`` or a Content-Type line in the first bytes) is a prior worth
:data:`DECLARED_BONUS` nats, not the truth: real pages labelled gb2312 are
gbk/gb18030, and pages labelled big5 are cp950.  Pages labelled gb2312/gbk are
read as gb18030, as browsers do, and the narrowest GB codec that gives the
same text is reported.  Bytes that nothing reads strictly become U+FFFD; the
result is then ``lossy`` and the reason counts them.  Never raises on any
bytes.  Scoring looks at a sample of at most :data:`SAMPLE_BYTES` (spread over
the input) unless the input needs decoding line by line, so time is linear.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from types import MappingProxyType

from .charsets import (
    BOMS,
    FAMILIES,
    JAPANESE,
    KOREAN,
    WIDE,
    UnknownEncodingError,
    declared_charset,
    decode_iso2022cn,
    family_of,
    normalize_label,
)
from .score import MAX_HAN_COST, is_han, score
from .tables import char_table

__all__ = ["CANDIDATES", "Decoded", "UnknownEncodingError", "decode", "decode_explained",
           "normalize_label"]

#: Codecs that read ASCII as ASCII, tried line by line, narrowest of each family first.
CANDIDATES = ("utf-8", "gb18030", "big5", "cp950", "big5hkscs", "shift_jis", "cp932",
              "euc_jp", "euc_kr", "cp949", "cp1252")
#: Prior cost (nats) of reading an input with a codec: Chinese first (this is a
#: Chinese-aware decoder), then Japanese and Korean, then Latin-1.
PRIOR = {"utf-8": 0.0, "gb18030": 0.0, "big5": 0.0, "cp950": 0.5, "big5hkscs": 1.0,
         "shift_jis": 3.0, "cp932": 3.5, "euc_jp": 3.0, "euc_kr": 3.0, "cp949": 3.5,
         "cp1252": 6.0, "hz": 0.0}
#: UTF-16 without a BOM and without NUL bytes (no ASCII character at all: not
#: a newline, a space or a digit) is only considered for inputs up to this
#: size; longer UTF-16 text always has NULs.  Any even-length bytes may read
#: as UTF-16, so this also bounds the work of the comparison.
WIDE_NO_NUL_MAX_BYTES = 1024
#: Prior cost of UTF-16/32 without a BOM (rarer than any ASCII-compatible codec).
WIDE_PRIOR = 4.0
#: Prior bonus (nats) for the declared charset's family: worth a few characters,
#: so it decides short and ambiguous inputs but never outvotes the model on a page.
DECLARED_BONUS = 6.0
#: Cost of switching codec between two lines: a line must be this much cheaper
#: in another codec, twice over (switch there and back), to be read with it.
SWITCH_COST = 12.0
#: Extra cost per byte sequence replaced by U+FFFD (on top of the model's 20).
LOSSY_COST = 20.0
#: A codec that fails on a line another codec reads strictly costs that
#: reading plus this (it would have to replace bytes with U+FFFD).
FAIL_LINE_COST = 30.0
#: A failing reading with at most LOSSY_SCORED_HOLES holes, or one hole per
#: LOSSY_SCORED_BYTES bytes, is priced by
#: the model (a GBK page with one bad byte stays GBK); with more, it costs
#: the best strict reading plus FAIL_LINE_COST and LOSSY_COST per hole.
LOSSY_SCORED_BYTES = 32
LOSSY_SCORED_HOLES = 2
#: Mean cost of the non-ASCII characters above which a reading is not
#: Chinese-like (Chinese costs 5-8 nats per character, mojibake 10-16: score.py).
PLAUSIBLE_MEAN_COST = 9.5
#: Lines are first priced with unigrams only (fast); when two families' readings
#: are within this many nats, all readings are priced again with the full model.
FULL_SCORE_MARGIN = 20.0
#: Tie-break between readings of one family that are equal up to symbol
#: variants (big5 "∼" vs cp950 "～"): the narrower codec wins.
EPS = 0.01
#: Bytes scored in total; above it, windows spread over the input are scored.
SAMPLE_BYTES = 1 << 14
SAMPLE_WINDOWS = 4
#: Bytes of one line that are scored in the sample (a one-line 1 MB page is
#: sampled too), and when every line is read (~128 Han characters decide a line).
LINE_SCORE_BYTES = 1 << 11
FULL_LINE_SCORE_BYTES = 256
#: A line that is valid UTF-8 with at least this many non-ASCII characters is
#: UTF-8 (GBK/Big5 bytes are valid UTF-8 by chance only for a character or two).
UTF8_TRUSTED_CHARS = 3
#: Script plausibility (nats), added to the character model's cost.  Random
#: Hangul from Chinese bytes: syllables outside KS X 1001 (the 2350 in common
#: use), and Hangul glued to Han characters (GB2312 rows B0-C8 read as EUC-KR
#: become Hangul, rows CA-F7 Hanja, alternating at random).
#: A syllable outside KS X 1001 (cp949's 8822 extra ones) is rarer than a GBK
#: user-defined character (cost 18): a GB page's A3A0 (U+E5E5) reads as 짛.
HANGUL_RARE_COST = 12.0
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

_HANGUL_RE = re.compile("[\uac00-\ud7a3]")
_KANA_RE = re.compile("[\u3041-\u30ff]")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_JOIN_RE = re.compile(f"(?=[\uac00-\ud7a3][{_HAN}]|[{_HAN}][\uac00-\ud7a3])")
_HANGUL_RUN_RE = re.compile(f"[\uac00-\ud7a3]{{{HANGUL_RUN_MAX + 1},}}")
_CJK_PUNCT_RE = re.compile("[，、。！？：；（）]")
_NON_ASCII_TEXT_RE = re.compile("[^\x00-\x7f]")
_PRIVATE_RE = re.compile("[\ue000-\uf8ff]")
_ASCII_RUN_RE = re.compile("[\x00-\x7f]+")
_NUL_COST = 20.0  # score("\x00"): a C0 control
_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding used and why it was chosen.

    ``encoding`` is a Python codec name, or ``"mixed"`` when lines were decoded
    with different codecs (the reason lists them).  ``lossy`` is true when
    bytes that no codec reads were replaced by U+FFFD.
    """

    text: str
    encoding: str
    reason: str
    lossy: bool = False


@functools.cache
def _ksx1001_hangul() -> frozenset[str]:
    """The 2350 Hangul syllables of KS X 1001 (those EUC-KR can encode)."""
    out = []
    for lead in range(0xB0, 0xC9):
        for trail in range(0xA1, 0xFF):
            text = _strict(bytes((lead, trail)), "euc_kr", cut=False)
            if text is not None:
                out.append(text)
    return frozenset(out)


@functools.cache
def _ascii_costs() -> Mapping[str, float]:
    return MappingProxyType({chr(o): score(chr(o)).total for o in range(0x80)})


#: Non-Han ranges whose characters get their own price in the fast model
#: (Latin-1, general punctuation, box drawing, CJK symbols, kana, bopomofo,
#: Hangul, full-width forms); any other non-ASCII character costs FAST_OTHER_COST.
_FAST_RANGES = ((0x80, 0x250), (0x2000, 0x2070), (0x2500, 0x25A0), (0x3000, 0x3130),
                (0xAC00, 0xD7A4), (0xE000, 0xE001), (0xFF00, 0xFFF0))
FAST_OTHER_COST = 10.0


@functools.cache
def _unigram_costs() -> Mapping[str, float]:
    """The fast model: every character's cost on its own (no bigrams)."""
    table = {chr(o): score(chr(o)).total for a, b in _FAST_RANGES for o in range(a, b)}
    private = table.pop("\ue000")
    table.update({ch: min(c, MAX_HAN_COST) for ch, c in char_table().cost.items()})
    table.update(_ascii_costs())
    return MappingProxyType({"private": private, **table})


def _fast_cost(text: str) -> float:
    costs = _unigram_costs()
    total = sum(map(costs.get, text, repeat(FAST_OTHER_COST)))
    private = len(_PRIVATE_RE.findall(text))
    return float(total) + private * (costs["private"] - FAST_OTHER_COST)


def _model_cost(text: str) -> float:
    """``score(text).total``, with the ASCII runs priced in C: each run is
    scored as one NUL (which, like any ASCII character, breaks a bigram) and
    the NUL's price is swapped for the run's own."""
    squeezed, runs = _ASCII_RUN_RE.subn("\x00", text)
    if not runs:
        return score(text).total
    ascii_total = sum(map(_ascii_costs().__getitem__, _NON_ASCII_TEXT_RE.sub("", text)))
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


def _variants(a: str, b: str) -> bool:
    """``a`` and ``b`` differ only in symbol variants (big5 ∼ vs cp950 ～)."""
    if a == b:
        return True
    if len(a) != len(b):
        return False
    return all(x == y or (_is_symbol(x) and _is_symbol(y)) for x, y in zip(a, b, strict=True))


def _is_symbol(ch: str) -> bool:
    return not is_han(ch) and unicodedata.category(ch)[0] in "PS"


def _strict(data: bytes, codec: str, *, cut: bool) -> str | None:
    """``data`` read strictly with ``codec``; with ``cut``, a character cut off
    at the end (a sample boundary) is dropped instead of failing."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        if cut and err.start >= len(data) - 4:
            return _strict(data[:err.start], codec, cut=False)
        return None


# ---- per-line readings and the Viterbi pass -------------------------------

@dataclass(frozen=True, slots=True)
class _Line:
    """Emission costs of one line (relative to nothing: absolute nats)."""

    costs: tuple[float, ...]  # per candidate, same order as the candidate tuple


def _line_costs(line: bytes, cands: Sequence[str], hint: str | None, limit: int) -> _Line:
    """What reading ``line`` (its first ``limit`` bytes) with each candidate costs.

    Costs are comparable between the candidates of one line only (the Viterbi
    pass needs nothing more): when a single reading is strict and the others
    are wrecks, nothing is scored.
    """
    cut = len(line) > limit
    chunk = line[:limit] if cut else line
    texts = [_strict(chunk, c, cut=cut) for c in cands]
    if "utf-8" in cands:
        u8 = texts[cands.index("utf-8")]
        if u8 is not None and len(_NON_ASCII_TEXT_RE.findall(u8)) >= UTF8_TRUSTED_CHARS:
            # strict UTF-8 first, line by line too: other readings only pay for failing
            return _Line(tuple(0.0 if c == "utf-8" else FAIL_LINE_COST + LOSSY_COST
                               for c in cands))
    lossy = {k: chunk.decode(c, errors="replace") for k, c in enumerate(cands)
             if texts[k] is None}
    holes = {k: t.count("\ufffd") for k, t in lossy.items()}
    priced = {k for k, n in holes.items()
              if n <= LOSSY_SCORED_HOLES or n * LOSSY_SCORED_BYTES <= len(chunk)}
    if not priced and not _ambiguous(texts, cands) and any(t is not None for t in texts):
        return _Line(_with_failures(_strict_costs(texts, cands, hint, "none"), holes))
    costs = _priced(texts, lossy, holes, priced, cands, hint, "fast")
    if _close(costs, cands):
        costs = _priced(texts, lossy, holes, priced, cands, hint, "full")
    return _Line(tuple(costs))


def _with_failures(strict: Sequence[float | None], holes: Mapping[int, int]) -> tuple[float, ...]:
    """Failing readings cost the best strict one plus the price of failing."""
    best = min(c for c in strict if c is not None)
    return tuple(best + FAIL_LINE_COST + LOSSY_COST * holes[k] if c is None else c
                 for k, c in enumerate(strict))


def _priced(texts: Sequence[str | None], lossy: Mapping[int, str], holes: Mapping[int, int],
            priced: set[int], cands: Sequence[str], hint: str | None,
            mode: str) -> list[float]:
    """Every candidate's cost: strict and few-hole readings scored with ``mode``."""
    strict = _strict_costs(texts, cands, hint, mode)
    best = min((c for c in strict if c is not None), default=None)
    out = []
    for k, c in enumerate(cands):
        cost = strict[k]
        if cost is None:
            if best is not None and k not in priced:
                cost = best + FAIL_LINE_COST + LOSSY_COST * holes[k]
            else:
                cost = reading_cost(lossy[k], c, fast=mode == "fast") + LOSSY_COST * holes[k]
        out.append(cost)
    return out



def _ambiguous(texts: Sequence[str | None], cands: Sequence[str]) -> bool:
    """More than one family reads the line strictly."""
    return len({family_of(c) for c, t in zip(cands, texts, strict=True) if t is not None}) > 1


def _close(costs: Sequence[float], cands: Sequence[str]) -> bool:
    """The two cheapest families' readings are within FULL_SCORE_MARGIN."""
    best: dict[str, float] = {}
    for c, cost in zip(cands, costs, strict=True):
        fam = family_of(c)
        best[fam] = min(cost, best.get(fam, cost))
    two = sorted(best.values())[:2]
    return len(two) == 2 and two[1] - two[0] < FULL_SCORE_MARGIN


def _strict_costs(texts: Sequence[str | None], cands: Sequence[str], hint: str | None,
                  mode: str) -> list[float | None]:
    """Cost of each strict reading (None where it failed) with the ``"fast"`` or
    ``"full"`` model; with ``"none"`` only the tie-breaks (family order, the
    declared codec) are kept."""
    cache: dict[str, float] = {}
    costs: list[float | None] = []
    for i, (c, t) in enumerate(zip(cands, texts, strict=True)):
        if t is None:
            costs.append(None)
            continue
        fam = family_of(c)
        cost = None
        for j in range(i):  # a narrower member of the family reads it the same way
            prev, prev_cost = texts[j], costs[j]
            if (prev is not None and prev_cost is not None and family_of(cands[j]) == fam
                    and _variants(prev, t)):
                cost = prev_cost + EPS
                break
        if cost is None:
            if mode == "none":
                cost = 0.0
            else:
                key = c + "\0" + t if c in JAPANESE or c in KOREAN else t
                if key not in cache:
                    cache[key] = reading_cost(t, c, fast=mode == "fast")
                cost = cache[key]
        if c == hint:
            cost -= 2 * EPS
        costs.append(cost)
    return costs


def _viterbi(lines: Sequence[_Line], cands: Sequence[str],
             start: Sequence[float]) -> tuple[list[int], float, list[float]]:
    """Cheapest codec per line: (choices, path cost, cost of each codec alone).

    A run of identical lines (the same priced object) is one step: the best
    path switches codec at most once in it, at its start.
    """
    n = len(cands)
    dp = list(start)
    alone = list(start)
    back: list[tuple[list[int], int]] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        r = 1
        while i + r < len(lines) and lines[i + r] is ln:
            r += 1
        best = min(range(n), key=dp.__getitem__)
        ptr = []
        new = []
        for k in range(n):
            stay, switch = dp[k], dp[best] + SWITCH_COST
            ptr.append(best if switch < stay else k)
            new.append(min(stay, switch) + r * ln.costs[k])
            alone[k] += r * ln.costs[k]
        back.append((ptr, r))
        dp = new
        i += r
    k = min(range(n), key=dp.__getitem__)
    total = dp[k]
    path: list[int] = []
    for ptr, r in reversed(back):
        path.extend([k] * r)
        k = ptr[k]
    path.reverse()
    return path, total, alone


# ---- the stages -----------------------------------------------------------

def _from_bom(data: bytes) -> Decoded | None:
    for bom, enc in BOMS:
        if data.startswith(bom):
            body = data[len(bom):] if enc != "utf-8-sig" else data
            text = body.decode(enc, errors="replace")
            bad = text.count("\ufffd") - body.decode(enc, errors="ignore").count("\ufffd")
            if bad:
                return Decoded(text, enc, f"byte-order mark; {bad} undecodable byte sequences "
                                          "replaced by U+FFFD", lossy=True)
            return Decoded(text, enc, "byte-order mark")
    return None


def _hint(data: bytes, declared: str | None) -> tuple[str | None, str]:
    """(codec the declaration names or None, how it was found)."""
    where = "declared"
    label = declared
    if not label:
        label = declared_charset(data)
        where = "declared in the bytes"
    if not label:
        return None, ""
    try:
        return normalize_label(label), f"{where} {label!r}"
    except UnknownEncodingError:
        return None, f"{where} {label!r} (unknown, ignored)"


def _escapes(data: bytes) -> Decoded | None:
    """Seven-bit encodings: HZ (``~{ ... ~}``) and ISO-2022-CN/JP/KR."""
    if b"\x1b$)A" in data or b"\x1b$)G" in data or b"\x1b$*H" in data:
        text, bad = decode_iso2022cn(data)
        return Decoded(text, "iso-2022-cn", "ISO-2022-CN escape sequences" + (
            f"; {bad} characters outside GB2312 (CNS 11643 has no Python codec) replaced "
            "by U+FFFD" if bad else ""), lossy=bool(bad))
    if b"\x1b$)C" in data:
        codec = "iso2022_kr"
    elif b"\x1b$B" in data or b"\x1b$@" in data or b"\x1b$(D" in data:
        codec = "iso2022_jp_2"
    elif b"~{" in data:
        codec = "hz"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    plain = data.decode("ascii")
    if text == plain:
        return None
    if codec == "hz" and reading_cost(text, "hz") >= reading_cost(plain, "utf-8"):
        return None
    return Decoded(text, codec, f"{codec} escape sequences")


def _prefix(data: bytes) -> bytes:
    return data[:SAMPLE_BYTES - SAMPLE_BYTES % 4]


def _wide(data: bytes, hint: str | None) -> tuple[float, str] | None:
    """Cheapest UTF-16/32 reading of the prefix (no NUL characters), if any."""
    sample = _prefix(data)
    best: tuple[float, str] | None = None
    for enc in WIDE:
        if len(data) % (4 if "32" in enc else 2):
            continue
        text = _strict(sample, enc, cut=len(sample) < len(data))
        if text is None or "\x00" in text:
            continue
        cost = reading_cost(text, enc) + WIDE_PRIOR
        if hint is not None and hint[:6] == enc[:6]:
            cost -= DECLARED_BONUS
        if best is None or cost < best[0]:
            best = (cost, enc)
    return best


def _narrow_prefix_cost(data: bytes, hint: str | None) -> float:
    """Cheapest strict reading of the prefix by an ASCII-compatible codec."""
    sample = _prefix(data)
    best = float("inf")
    for c in CANDIDATES:
        text = _strict(sample, c, cut=len(sample) < len(data))
        if text is not None:
            bonus = DECLARED_BONUS if hint and family_of(hint) == family_of(c) else 0.0
            best = min(best, reading_cost(text, c) + PRIOR[c] - bonus)
    return best


def _wide_decoded(data: bytes, enc: str, why: str) -> Decoded:
    text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd") - data.decode(enc, errors="ignore").count("\ufffd")
    if bad:
        return Decoded(text, enc, f"{why}; {bad} undecodable sequences replaced by U+FFFD",
                       lossy=True)
    return Decoded(text, enc, why)


def _split_lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    return [ln + b"\n" for ln in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _sample_lines(lines: Sequence[bytes], total: int) -> list[tuple[int, int]]:
    """(index, bytes to score) of the lines with non-ASCII bytes that are scored.

    All of them (up to LINE_SCORE_BYTES each) when the input is at most
    SAMPLE_BYTES; otherwise SAMPLE_WINDOWS windows spread over the input, which
    score SAMPLE_BYTES in all.
    """
    if total <= SAMPLE_BYTES:
        return [(i, LINE_SCORE_BYTES) for i, ln in enumerate(lines) if _NON_ASCII_RE.search(ln)]
    window = SAMPLE_BYTES // SAMPLE_WINDOWS
    starts = [total * w // SAMPLE_WINDOWS for w in range(SAMPLE_WINDOWS)]
    picked: list[tuple[int, int]] = []
    end = 0
    w = 0
    left = window
    for i, ln in enumerate(lines):
        end += len(ln)
        if end > starts[w] and _NON_ASCII_RE.search(ln):
            take = min(len(ln), LINE_SCORE_BYTES, left)
            picked.append((i, take))
            left -= take
            if not left:
                w += 1
                left = window
                if w == SAMPLE_WINDOWS:
                    break
    return picked


def _start_costs(cands: Sequence[str], hint: str | None) -> list[float]:
    out = []
    for c in cands:
        bonus = DECLARED_BONUS if hint and family_of(hint) == family_of(c) else 0.0
        out.append(PRIOR[c] - bonus)
    return out


def _gb_name(data: bytes, text: str) -> str:
    """The narrowest GB codec whose strict reading is ``text`` (gb18030's)."""
    for name in ("gb2312", "gbk"):
        if _strict(data, name, cut=False) == text:
            return name
    return "gb18030"


def _single(data: bytes, codec: str) -> tuple[str, str] | None:
    """Whole input read strictly with ``codec`` or a wider member of its family."""
    fam = FAMILIES.get(family_of(codec), (codec,))
    for c in fam[fam.index(codec):] if codec in fam else (codec,):
        text = _strict(data, c, cut=False)
        if text is not None:
            return text, (_gb_name(data, text) if c == "gb18030" else c)
    return None


def _price_lines(lines: Sequence[tuple[bytes, int]], cands: Sequence[str],
                 hint: str | None) -> list[_Line]:
    """_line_costs of each (line, limit); repeated lines (boilerplate, garbage) once."""
    memo: dict[bytes, _Line] = {}
    out = []
    for line, limit in lines:
        key = line[:limit + 1]  # the extra byte tells a cut line from a whole one
        if key not in memo:
            memo[key] = _line_costs(line, cands, hint, limit)
        out.append(memo[key])
    return out


def _by_lines(data: bytes, lines: list[bytes], cands: Sequence[str], hint: str | None,
              start: list[float]) -> Decoded:
    """Decode line by line with the Viterbi choice over every line."""
    idx = [i for i, ln in enumerate(lines) if _NON_ASCII_RE.search(ln)]
    costs = _price_lines([(lines[i], FULL_LINE_SCORE_BYTES) for i in idx], cands, hint)
    path, _, _ = _viterbi(costs, cands, start)
    choice = {i: cands[k] for i, k in zip(idx, path, strict=True)}
    runs: list[tuple[int, int, str]] = []  # non-ASCII lines: (first, last, codec)
    for i in idx:
        if runs and runs[-1][2] == choice[i]:
            runs[-1] = (runs[-1][0], i, choice[i])
        else:
            runs.append((i, i, choice[i]))
    parts = []
    bad = 0
    for n, (first, _, codec) in enumerate(runs):
        # ASCII lines go with the run before them (or the first run)
        lo = 0 if n == 0 else first
        hi = runs[n + 1][0] if n + 1 < len(runs) else len(lines)
        chunk = b"".join(lines[lo:hi])
        part = chunk.decode(codec, errors="replace")
        bad += part.count("\ufffd") - chunk.decode(codec, errors="ignore").count("\ufffd")
        parts.append(part)
    text = "".join(parts) if runs else data.decode("utf-8", errors="replace")
    lossy = f"; {bad} undecodable byte sequences replaced by U+FFFD" if bad else ""
    codecs_used = {c for _, _, c in runs}
    if len(codecs_used) <= 1:
        enc = next(iter(codecs_used), "utf-8")
        return Decoded(text, enc, f"no codec reads every line strictly; read as {enc}"
                                  f"{lossy}", lossy=bool(bad))
    desc = ", ".join(f"lines {a + 1}-{b + 1} {c}" if a != b else f"line {a + 1} {c}"
                     for a, b, c in runs[:12]) + (", ..." if len(runs) > 12 else "")
    return Decoded(text, "mixed", f"mixed encodings, decoded line by line ({desc}){lossy}",
                   lossy=bool(bad))


def decode_explained(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data``; the result names the encoding and the evidence.

    >>> d = decode_explained("编码检测".encode("gbk"))
    >>> d.text, d.encoding
    ('编码检测', 'gb2312')
    """
    data = bytes(data)
    if not data:
        return Decoded("", "utf-8", "empty input")
    bom = _from_bom(data)
    if bom is not None:
        return bom
    hint, hint_note = _hint(data, declared)
    note = f"; {hint_note}" if hint_note else ""
    has_nul = b"\x00" in data
    if has_nul:
        wide = _wide(data, hint)
        if wide is not None:
            return _wide_decoded(data, wide[1], f"NUL bytes and a strict {wide[1]} reading"
                                                f"{note}")
    if hint == "iso-2022-cn" or b"\x1b" in data:
        esc = _escapes(data) if data.isascii() else None
        if esc is not None:
            return esc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if data.isascii():
            esc = _escapes(data)
            if esc is not None:
                return esc
            return Decoded(text, "utf-8", "ASCII only (valid UTF-8)" + note)
        return Decoded(text, "utf-8", "valid UTF-8" + note)
    decided = None
    if not has_nul and len(data) % 2 == 0 and len(data) <= WIDE_NO_NUL_MAX_BYTES:
        wide = _wide(data, hint)
        if wide is not None and wide[0] < _narrow_prefix_cost(data, hint):
            decided = _wide_decoded(data, wide[1], f"reads strictly as {wide[1]} and costs "
                                                   f"least ({wide[0]:.1f} nats){note}")
    if decided is None:
        decided = _decide_lines(data, hint, note)
    if hint is not None and hint not in PRIOR and hint not in WIDE and _is_codec(hint):
        # a codec the model does not compare (koi8-r, windows-1251, ...): the
        # declaration wins when it reads the bytes and our reading is no Chinese
        declared_text = _strict(data, hint, cut=False)
        if declared_text is not None and (decided.lossy or _implausible(decided.text)):
            return Decoded(declared_text, hint, f"reads strictly as the declared {hint} "
                                                "(a codec the model does not compare); "
                                                f"read as {decided.encoding} it is not "
                                                f"Chinese-like{note}")
    return decided


def _implausible(text: str) -> bool:
    """The non-ASCII characters of (a sample of) ``text`` cost what mojibake
    costs on average, not what Chinese (or Japanese, Korean) text costs."""
    return score(_ASCII_RUN_RE.sub("", text[:SAMPLE_BYTES])).mean > PLAUSIBLE_MEAN_COST


def _is_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _decide_lines(data: bytes, hint: str | None, note: str) -> Decoded:
    """The line-based decision for ASCII-compatible codecs (stage 4)."""
    cands = CANDIDATES
    start = _start_costs(cands, hint)
    lines = _split_lines(data)
    picked = _sample_lines(lines, len(data))
    costs = _price_lines([(lines[i], limit) for i, limit in picked], cands, hint)
    path, _, alone = _viterbi(costs, cands, start)
    used = {cands[k] for k in path}
    if len(used) == 1:
        codec = used.pop()
        single = _single(data, codec)
        if single is not None:
            text, name = single
            ranked = sorted(range(len(cands)), key=alone.__getitem__)
            runner = next((k for k in ranked if family_of(cands[k]) != family_of(codec)), None)
            scored = sum(min(len(lines[i]), limit) for i, limit in picked)
            vs = (f"; {cands[runner]}, the next best, costs "
                  f"{alone[runner] - alone[cands.index(codec)]:.1f} nats more over the "
                  f"{scored} bytes scored" if runner is not None else "")
            return Decoded(text, name, f"reads strictly as {name}{vs}{note}")
    # read every line, with the codecs the sample used (and their families) and UTF-8
    fams = {family_of(cands[k]) for k in path} | {"utf8"}
    keep = [k for k, c in enumerate(cands) if family_of(c) in fams]
    return _by_lines(data, lines, [cands[k] for k in keep], hint, [start[k] for k in keep])


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Raw bytes of unknown encoding to text.

    >>> decode("中文".encode("gbk"))
    '中文'
    """
    return decode_explained(data, declared=declared).text
