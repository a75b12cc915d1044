"""Bytes of unknown encoding → text, decided by the Chinese language model.

Order of evidence (see ``docs/decoding.md``):

1. a byte-order mark;
2. NUL bytes: UTF-16/UTF-32 without a BOM, if one reads the bytes strictly;
3. pure ASCII: HZ and ISO-2022 escapes, else ASCII;
4. strict UTF-8;
5. otherwise every candidate codec reads every line that has non-ASCII bytes
   (:mod:`textrepair.decode.choice`), each reading is priced by the language
   model (:mod:`textrepair.decode.readings`: total cost in nats of the characters the
   same bytes make), and a Viterbi pass over the lines picks the cheapest codec
   per line, paying a fixed price for switching codec between lines.  One
   codec for the whole input is the usual answer; lines that only another
   codec reads (concatenated scrapes) are decoded line by line and the reason
   says so.  Short inputs (up to :data:`WIDE_NO_NUL_MAX_BYTES`) may also be
   UTF-16 without NULs, compared by the same cost.

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
from collections.abc import Sequence
from dataclasses import dataclass

from .charsets import (
    BOMS,
    FAMILIES,
    WIDE,
    UnknownEncodingError,
    declared_charset,
    decode_iso2022cn,
    family_of,
    normalize_label,
)
from .choice import (
    CANDIDATES,
    DECLARED_BONUS,
    FULL_LINE_SCORE_BYTES,
    PRIOR,
    SAMPLE_BYTES,
    has_non_ascii,
    price_lines,
    sample_lines,
    split_lines,
    start_costs,
    viterbi,
)
from .readings import implausible, reading_cost, replaced, strict_read

__all__ = ["Decoded", "UnknownEncodingError", "decode", "decode_explained", "normalize_label"]

#: UTF-16 without a BOM and without NUL bytes (no ASCII character at all: not
#: a newline, a space or a digit) is only considered for inputs up to this
#: size; longer UTF-16 text always has NULs.  Any even-length bytes may read
#: as UTF-16, so this also bounds the work of the comparison.
WIDE_NO_NUL_MAX_BYTES = 1024
#: Prior cost of UTF-16/32 without a BOM (rarer than any ASCII-compatible codec).
WIDE_PRIOR = 4.0


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


def _from_bom(data: bytes) -> Decoded | None:
    for bom, enc in BOMS:
        if data.startswith(bom):
            body = data[len(bom):] if enc != "utf-8-sig" else data
            text, bad = replaced(body, enc)
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
        text = strict_read(sample, enc, cut=len(sample) < len(data))
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
        text = strict_read(sample, c, cut=len(sample) < len(data))
        if text is not None:
            bonus = DECLARED_BONUS if hint and family_of(hint) == family_of(c) else 0.0
            best = min(best, reading_cost(text, c) + PRIOR[c] - bonus)
    return best


def _wide_decoded(data: bytes, enc: str, why: str) -> Decoded:
    text, bad = replaced(data, enc)
    if bad:
        return Decoded(text, enc, f"{why}; {bad} undecodable sequences replaced by U+FFFD",
                       lossy=True)
    return Decoded(text, enc, why)


def _gb_name(data: bytes, text: str) -> str:
    """The narrowest GB codec whose strict reading is ``text`` (gb18030's)."""
    for name in ("gb2312", "gbk"):
        if strict_read(data, name, cut=False) == text:
            return name
    return "gb18030"


def _single(data: bytes, codec: str) -> tuple[str, str] | None:
    """Whole input read strictly with ``codec`` or a wider member of its family."""
    fam = FAMILIES.get(family_of(codec), (codec,))
    for c in fam[fam.index(codec):] if codec in fam else (codec,):
        text = strict_read(data, c, cut=False)
        if text is not None:
            return text, (_gb_name(data, text) if c == "gb18030" else c)
    return None


def _by_lines(data: bytes, lines: list[bytes], cands: Sequence[str], hint: str | None,
              start: list[float]) -> Decoded:
    """Decode line by line with the Viterbi choice over every line."""
    idx = [i for i, ln in enumerate(lines) if has_non_ascii(ln)]
    costs = price_lines([(lines[i], FULL_LINE_SCORE_BYTES) for i in idx], cands, hint)
    path, _, _ = viterbi(costs, cands, start)
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
        part, n_bad = replaced(chunk, codec)
        bad += n_bad
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
    if isinstance(data, str):
        raise TypeError("decode() takes bytes, got str: it is text already; use "
                        "textrepair.repair(text) to undo mojibake in it")
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
    if data.isascii():
        esc = _escapes(data)
        if esc is not None:
            return esc
        return Decoded(data.decode("ascii"), "utf-8", "ASCII only (valid UTF-8)" + note)
    text = strict_read(data, "utf-8", cut=False)
    if text is not None:
        return Decoded(text, "utf-8", "valid UTF-8" + note)
    decided = None
    if not has_nul and len(data) % 2 == 0 and len(data) <= WIDE_NO_NUL_MAX_BYTES:
        wide = _wide(data, hint)
        if wide is not None and wide[0] < _narrow_prefix_cost(data, hint):
            decided = _wide_decoded(data, wide[1], f"reads strictly as {wide[1]} and costs "
                                                   f"least ({wide[0]:.1f} nats){note}")
    if decided is None:
        decided = _decide_lines(data, hint, note)
    fallback = _unmodelled_declaration(data, hint, note)
    if fallback is not None and (decided.lossy or implausible(decided.text)):
        return fallback
    return decided


def _unmodelled_declaration(data: bytes, hint: str | None, note: str) -> Decoded | None:
    """The declared codec's reading, if the model does not compare that codec
    (koi8-r, windows-1251, ...) and it reads the bytes strictly."""
    if hint is None or hint in PRIOR or hint in WIDE or not _is_codec(hint):
        return None
    text = strict_read(data, hint, cut=False)
    if text is None:
        return None
    return Decoded(text, hint, f"reads strictly as the declared {hint}, a codec the model "
                               f"does not compare; no compared codec reads it as Chinese{note}")


def _is_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _decide_lines(data: bytes, hint: str | None, note: str) -> Decoded:
    """The line-based decision for ASCII-compatible codecs (stage 4)."""
    cands = CANDIDATES
    start = start_costs(cands, hint)
    lines = split_lines(data)
    picked = sample_lines(lines, len(data))
    costs = price_lines([(lines[i], limit) for i, limit in picked], cands, hint)
    path, _, alone = viterbi(costs, cands, start)
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
