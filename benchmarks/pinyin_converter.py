"""A simulator of the site-farm converter that writes traditional characters
with injected tone-marked pinyin (field notes §3; docs/pinyin-artifact.md).

Self-contained: stdlib + pypinyin, and the character table
``benchmarks/data/pinyin_s2t.tsv``.  It does not import textrepair.

The converter, as reconstructed from every real page available:

1. **Script**: simplified → traditional one character at a time, from a
   one-to-one table (``pinyin_s2t.tsv``; 后 于 范 并 制 干 系 回 … stay).
2. **Bytes**: the text is encoded as GBK.
3. **Annotation** (byte level, every offset): wherever two consecutive bytes
   of the GBK stream are the code of an annotated traditional character —
   aligned or not — ``(reading)`` is inserted after them.  All offsets are
   found on the stream before any insertion, so a pair that straddles two
   characters (府數 = B8 AE|94 B5 → AE94 = 當) is annotated as well as the
   aligned character that overlaps it (94B5 = 數).  The reading is
   pypinyin's first reading of the single character, with tone marks, no
   context (效應(yīng), 經濟(jì)); the tone letters are GBK's A8A1–A8BA.
4. **Punctuation** (byte level, per mirror): full-width ，：；！？（） are
   replaced by ASCII ``, : ; ! ? ( )`` with a plain byte search, so a pair
   made of a trail byte A3 (the trail of 。 = A1A3) and the next lead byte
   BB/A1/… (。回 = A1 [A3 BB] D8, 。《 = A1 [A3 A1] B6) is replaced too.
5. **Decoding** the GBK bytes back to text: a lead byte followed by a byte
   that cannot be a trail becomes ``?``; the ``consume`` decoder (the seed's
   mirror, field notes' 從百?gòu)U待興) swallows that byte with it (``(`` of
   the annotation disappears), the ``replace`` decoder (victorzhang,
   takinup) emits ``?`` and reads the byte again (``?;``, ``?!``).  After an
   orphaned trail byte the stream is read one byte off until an ASCII byte
   or an invalid pair realigns it.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pypinyin import Style, pinyin

DATA = Path(__file__).with_name("data")

#: Traditional characters seen annotated on the real pages (seed article and
#: the five mirror pages of real-cases-2), plus the four the misaligned
#: sites show (當 謹 購 內).  The per-page lists differ (經濟(jì) on the
#: seed, 經(jīng)濟 on victorzhang; 來 only on jizihe, 時 獨 only on the poem).
ANNOTATED_OBSERVED = (
    "業數產經區濟發設實現據點術規強學網務進關領礎應聯責達轉標鎮統態負補導準"
    "機構團創擴貿內時獨結戰質來當謹購"
)
#: The seed article's own list (what its page annotates everywhere).
ANNOTATED_SEED = (
    "業數產經區濟發設實現據點術規強學網務進關領礎應聯責達轉標鎮統態負補導準"
    "機構團創擴貿當謹"
)
#: Full-width punctuation the mirrors write as ASCII, in replacement order.
FULLWIDTH_PUNCT = (("，", ","), ("：", ":"), ("；", ";"), ("！", "!"),
                   ("？", "?"), ("（", "("), ("）", ")"))


@functools.cache
def s2t_rows() -> tuple[tuple[str, str, int], ...]:
    rows = []
    for line in (DATA / "pinyin_s2t.tsv").read_text(encoding="utf-8").splitlines():
        s, t, n = line.split("\t")
        rows.append((s, t, int(n)))
    return tuple(rows)


@functools.cache
def s2t_table() -> dict[str, str]:
    return {s: t for s, t, _ in s2t_rows()}


@functools.cache
def reading(ch: str) -> str:
    """The converter's reading: pypinyin's first reading, no context."""
    got = pinyin(ch, style=Style.TONE, heteronym=False, errors="ignore")
    return got[0][0] if got else ""


def to_traditional(text: str) -> str:
    t = s2t_table()
    return "".join(t.get(c, c) for c in text)


def gbk_encodable(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def _valid_trail(b: int) -> bool:
    return 0x40 <= b <= 0xFE and b != 0x7F


def decode_gbk(data: bytes, decoder: str = "consume") -> str:
    """GBK → text the way the mirrors did it: ``?`` for a lead byte without a
    valid trail (``consume`` swallows the following byte, ``replace`` reads
    it again); a valid-looking pair GBK does not assign is one ``?``."""
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if b == 0x80 or b == 0xFF:
            out.append("?")
            i += 1
            continue
        if i + 1 >= n:
            out.append("?")
            i += 1
            continue
        t = data[i + 1]
        if not _valid_trail(t):
            out.append("?")
            i += 2 if decoder == "consume" else 1
            continue
        try:
            out.append(data[i:i + 2].decode("gbk"))
        except UnicodeDecodeError:
            out.append("?")
        i += 2
    return "".join(out)


@dataclass
class Site:
    """A place where the converter cut a character: byte offset in the
    traditional GBK stream, the pair it read and what it inserted."""
    offset: int
    pair: bytes
    char: str
    reading: str
    kind: str  # "annotation" (M1) or "punct" (M2)


@dataclass
class Conversion:
    source: str
    traditional: str
    data: bytes
    output: str
    sites: list[Site] = field(default_factory=list)
    annotations: int = 0


@dataclass(frozen=True)
class Converter:
    annotated: str = ANNOTATED_OBSERVED
    punct: bool = True
    decoder: str = "consume"

    @functools.cached_property
    def _codes(self) -> dict[bytes, str]:
        codes = {}
        for c in self.annotated:
            r = reading(c)
            if r and gbk_encodable(c):
                codes[c.encode("gbk")] = c
        return codes

    def convert(self, text: str) -> Conversion:
        trad = to_traditional(text)
        raw = trad.encode("gbk", errors="replace")
        starts = _char_starts(trad)
        out = bytearray()
        sites: list[Site] = []
        annotations = 0
        codes = self._codes
        for i, b in enumerate(raw):
            out.append(b)
            if i == 0:
                continue
            pair = raw[i - 1:i + 1]
            ch = codes.get(pair)
            if ch is None:
                continue
            r = reading(ch)
            out += b"(" + r.encode("gbk") + b")"
            annotations += 1
            if (i - 1) not in starts:
                sites.append(Site(i - 1, pair, ch, r, "annotation"))
        data = bytes(out)
        if self.punct:
            data, psites = _replace_punct(data)
            sites += psites
        return Conversion(text, trad, data, decode_gbk(data, self.decoder), sites, annotations)

    def __call__(self, text: str) -> str:
        return self.convert(text).output


def _char_starts(text: str) -> set[int]:
    starts, pos = set(), 0
    for c in text:
        starts.add(pos)
        pos += len(c.encode("gbk", errors="replace"))
    return starts


def _replace_punct(data: bytes) -> tuple[bytes, list[Site]]:
    """Byte-level search-and-replace of full-width punctuation, one mark after
    the other (``str_replace`` with two arrays); records the unaligned hits."""
    sites: list[Site] = []
    for fw, ascii_ in FULLWIDTH_PUNCT:
        key = fw.encode("gbk")
        starts = _stream_starts(data)
        pos = data.find(key)
        if pos < 0:
            continue
        parts, last = [], 0
        while pos >= 0:
            if pos not in starts:
                sites.append(Site(pos, key, fw, "", "punct"))
            parts.append(data[last:pos])
            parts.append(ascii_.encode())
            last = pos + 2
            pos = data.find(key, last)
        parts.append(data[last:])
        data = b"".join(parts)
    return data, sites


def _stream_starts(data: bytes) -> set[int]:
    """Character starts of a GBK stream read from its first byte."""
    starts, i, n = set(), 0, len(data)
    while i < n:
        starts.add(i)
        i += 1 if data[i] < 0x80 or i + 1 >= n or not _valid_trail(data[i + 1]) else 2
    return starts


# --------------------------------------------------------------------------
# The seed's third site (M3): a window read one byte early.

def shift_window(data: bytes, start: int, cut: int) -> bytes:
    """The seed's ``。ㄔ瓨(biāo)題`` transformation, as observed: the bytes
    ``data[start:cut]`` are written one byte later, preceded by the lead byte
    of the character before the line (``data[start - 3]``, before the
    newline) and overwriting the byte at ``cut`` (the trail byte of the
    annotated character whose ``(reading)`` follows).  Seen once; the
    mechanism that does it is not known (docs/pinyin-artifact.md §M3)."""
    return data[:start] + data[start - 3:start - 2] + data[start:cut] + data[cut + 1:]


def first_annotation_trail(data: bytes, start: int) -> int | None:
    """Offset of the trail byte right before the first ``(reading)`` of the
    line starting at ``start`` (the ``cut`` of :func:`shift_window`)."""
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    pos = data.find(b"(", start, end)
    while pos >= 0:
        m = ANNOTATION_BYTES.match(data, pos)
        if m and pos - start >= 4:
            return pos - 1
        pos = data.find(b"(", pos + 1, end)
    return None


ANNOTATION_BYTES = re.compile(rb"\((?:[a-z]|\xa8[\xa1-\xbf])+\)")


# --------------------------------------------------------------------------
# The real pages, as the simulator reproduces them.

@dataclass(frozen=True)
class RealPage:
    id: str
    decoder: str
    #: the page's own list; None: ANNOTATED_OBSERVED less what the page shows unannotated
    annotated: str | None = None
    #: the original where it differs from the case's ``expected`` (known spaces)
    original_edits: tuple[tuple[str, str], ...] = ()


REAL_PAGES = (
    RealPage("pinyin-jizihe-12780542", "consume"),
    RealPage("pinyin-zit-poem", "consume",
             original_edits=(("台。夕", "台。 夕"), ("来。小", "来。 小"))),
    RealPage("pinyin-victorzhang-21869292", "replace"),
    RealPage("pinyin-takinup-zhiku", "replace"),
    RealPage("pinyin-victorzhang-29404099", "consume"),
)


def page_list(damaged: str, pool: str = ANNOTATED_OBSERVED) -> str:
    """The annotated characters of ``pool`` a page never shows unannotated."""
    bare = {m.start() for m in re.finditer(r"[\u4e00-\u9fff](?!\()", damaged)}
    unannotated = {damaged[i] for i in bare}
    return "".join(c for c in pool if c not in unannotated)


def reproduce_page(page: RealPage, damaged: str, expected: str) -> str:
    original = expected
    for a, b in page.original_edits:
        original = original.replace(a, b)
    annotated = page.annotated if page.annotated is not None else page_list(damaged)
    return Converter(annotated=annotated, decoder=page.decoder)(original)


def reproduce_seed(clean: str) -> tuple[str, str]:
    """(output without M3, output with the seed's M3 window on ``（原标题``)."""
    conv = Converter(annotated=ANNOTATED_SEED, decoder="consume")
    c = conv.convert(clean)
    start = c.data.find("（原標".encode("gbk"))
    if start < 0:
        start = c.data.find(b"(" + "原標".encode("gbk"))
    # the line is converted before its bracket is made ASCII: rebuild it full-width
    data = c.data[:start] + "（".encode("gbk") + c.data[start + 1:] \
        if c.data[start:start + 1] == b"(" else c.data
    cut = first_annotation_trail(data, start)
    assert cut is not None
    return c.output, decode_gbk(shift_window(data, start, cut), "consume")


# --------------------------------------------------------------------------
# Helpers for the benchmark.

_SENT_END = re.compile(r"(?<=[。！？!?；])")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
ANNOTATION_RE = re.compile(rf"(?<=[\u4e00-\u9fff?])\(([a-z{_TONED}]{{1,6}})\)")


def sentences(paragraph: str) -> list[str]:
    return [s for s in _SENT_END.split(paragraph) if s.strip()]


def rng_for(key: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))


def wide_annotated(n: int = 400) -> str:
    """A generalised list: the traditional forms of the ``n`` commonest
    simplified characters (jieba counts) that the table changes."""
    rows = sorted(s2t_rows(), key=lambda r: -r[2])
    return "".join(t for _, t, _ in rows[:n])


def iter_pairs(items: Iterable[str], conv: Converter) -> Iterable[tuple[str, Conversion]]:
    for s in items:
        if gbk_encodable(s):
            yield s, conv.convert(s)
