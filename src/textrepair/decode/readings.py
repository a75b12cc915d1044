"""What a reading of some bytes costs: the language model plus script plausibility.

A *reading* is the text that a codec makes of some bytes.  Readings of the same
bytes are compared by their total cost in nats (not per character: a codec
that makes two Latin-1 letters of a GBK character must pay for both).  Two
models price a reading: the running-text model (:mod:`textrepair.model.score`)
over each run of non-ASCII characters, each character at most its unigram
plus :data:`CONTEXT_CAP`, and a fast unigram model summed in C, used first
when many readings are compared; ASCII, which readings share, costs its class
price in both.  Script plausibility adds what the character
model cannot see: Chinese bytes read as Korean or Japanese.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from itertools import repeat

from ..chars import HAN_BMP, HANGUL, is_han
from ..model.score import score, state_machine
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
#: Chinese-like (running Chinese costs 1-8 nats per character, mojibake 11-18:
#: model/score.py; Japanese and Korean, whose kana and Hangul cost 7-8, stay below).
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
_NON_ASCII_RUN_RE = re.compile("[^\x00-\x7f]+")


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


#: A Han character outside the model's vocabulary costs at least this in a
#: reading: the model learnt that rare characters follow each other (names,
#: classical terms), so a run of them costs ~12 each, about what a Latin-1
#: letter does; but a codec that reads bytes as a run of rare characters is
#: reading them wrongly far more often (GBK reading of Big5-HKSCS bytes:
#: 圗圽妔嬟嵷 for 𠄌Ě鵮罓洆).  The old character model's cap (16) for any
#: character in no table; tests/test_decoding.py and
#: benchmarks/decode_accuracy.py (108/108 files) hold it.
RARE_HAN_FLOOR = 16.0
#: A character in a reading costs at most its unigram plus this: the model,
#: 70% law text, gives most of a context's probability to what followed it
#: there (财 → 财产, 财政) and leaves an unseen pair 15-19 nats (财梦), more than
#: a Hangul syllable (8) or a Latin-1 letter (11); short readings (a title, a
#: name) are decided by such pairs (GB 发财梦 read as EUC-KR is 랙꼿촘).
#: benchmarks/decode_accuracy.py, wrong snippets of 4481 at a cap of 0.5 / 1 /
#: 1.5 / 2 / 3 / 4: 4 / 4 / 5 / 7 / 8 / 8 (no cap: 8); every file right at each.
#: (The first model's penalty for an unseen pair was 1.2.)
CONTEXT_CAP = 1.0
#: Kana cost the Chinese model's prior (7 nats: Chinese text seldom has them)
#: less this in a Japanese reading, where they are the grammar (GB2312 has
#: the kana rows of JIS X 0208, so Japanese read as GBK keeps every kana and
#: only its kanji change: 今日はいい天気 → 海泣はいい欧丹).  Small enough that
#: two kana (いゅ, the Big5 bytes of 中文 read as EUC-JP) do not outweigh the
#: Japanese codecs' prior (tests/test_decoding.py).
JAPANESE_KANA_DISCOUNT = 1.0

#: Ranges whose characters get their own price in the fast model: ASCII,
#: Latin-1 and Latin Extended, general punctuation, box drawing, CJK symbols,
#: kana and bopomofo, private use, Hangul, full-width forms, the Han blocks of
#: the BMP; any other character costs FAST_OTHER_COST.
_FAST_RANGES = ((0x0, 0x250), (0x2000, 0x2070), (0x2500, 0x25A0), (0x3000, 0x3130),
                (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xAC00, 0xD7A4), (0xE000, 0xFB00),
                (0xFF00, 0xFFF0))
FAST_OTHER_COST = 10.0


@functools.cache
def _unigram_cost() -> Callable[[str, float], float]:
    """The fast model: lookup of a character's cost on its own (the running-text
    model's unigram, rare Han at least RARE_HAN_FLOOR).

    A bound ``dict.get`` (three times faster than a mapping proxy's, and no
    table escapes to be changed).
    """
    m = state_machine()
    table: dict[str, float] = {}
    for a, b in _FAST_RANGES:
        for o in range(a, b):
            ch = chr(o)
            c = m.unigram(ch)
            if is_han(ch) and not m.in_vocabulary(ch):
                c = max(c, RARE_HAN_FLOOR)
            table[ch] = c
    table.update({chr(o): _ascii_cost(o) for o in range(0x80)})
    return table.get


def _ascii_cost(o: int) -> float:
    """An ASCII character's price in a reading, without context: letters and
    digits 3, space and tab 2, line ends 1, controls 20, other marks 4.5 (the
    class costs of the first character model, with which
    benchmarks/decode_accuracy.py's 108/108 files were measured; the running
    text model's unigrams of ASCII come from Chinese text and price ``.`` at 9)."""
    ch = chr(o)
    if ch.isalnum():
        return 3.0
    if ch in " \t":
        return 2.0
    if ch in "\r\n":
        return 1.0
    if o < 0x20 or o == 0x7F:
        return 20.0
    return 4.5


def _fast_cost(text: str) -> float:
    return float(sum(map(_unigram_cost(), text, repeat(FAST_OTHER_COST))))


def _model_cost(text: str) -> float:
    """The running-text model's cost of ``text``: each run of non-ASCII
    characters is priced from the start state (each Han character outside the
    vocabulary at least RARE_HAN_FLOOR), each ASCII character by its unigram.

    ASCII is what every reading of the same bytes shares; priced in context,
    it would favour readings whose non-ASCII characters the model has no
    token for (after Hangul, Latin-1 or symbols the model is in its *other*
    state, from which Latin letters are cheap: 낀굉 Edgar beat 长辈 Edgar, whose
    space and capital after Han the running text seldom shows).
    """
    m = state_machine()
    table = _unigram_cost()
    total = float(sum(map(table, _NON_ASCII_TEXT_RE.sub("", text), repeat(FAST_OTHER_COST))))
    step = m.step
    known = m.in_vocabulary
    start = m.start_state()
    for seg in _NON_ASCII_RUN_RE.findall(text):
        s = start
        for ch in seg:
            c, s = step(s, ch)
            if c < RARE_HAN_FLOOR and is_han(ch) and not known(ch):
                c = RARE_HAN_FLOOR
            else:
                c = min(c, table(ch, FAST_OTHER_COST) + CONTEXT_CAP)
            total += c
    return total


def reading_cost(text: str, codec: str, *, fast: bool = False) -> float:
    """Total cost (nats) of ``text`` as the reading of some bytes with ``codec``.

    The character model's cost (``fast``: unigrams only, summed in C) plus
    script plausibility: random Hangul and Hangul glued to Han, kana-less
    "Japanese", Hangul-less "Korean", Chinese punctuation in "Korean".
    """
    total = _fast_cost(text) if fast else _model_cost(text)
    if codec in JAPANESE:
        total -= JAPANESE_KANA_DISCOUNT * len(_KANA_RE.findall(text))
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
CACHES = (_ksx1001_hangul, _unigram_cost)
