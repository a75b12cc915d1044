"""Lost bytes: re-decode UTF-8 mojibake that has holes in it.

Lossy decoders leave marks where bytes were lost: Windows writes ``?`` for an
undecodable GBK pair (eating the second byte unless it is ASCII), Python and
browsers write U+FFFD, a cp1252 ``\\xa0`` often became a plain space, and a
string cut short ends inside a UTF-8 sequence.  Each mark is a hole of one or
two unknown bytes.  This module turns a text into tokens (the bytes each
character may stand for under a layer), finds the windows where a hole
follows an unfinished UTF-8 sequence, and decodes each window piece by
piece: plain ``bytes.decode`` where nothing is lost, the beam search of
:mod:`~textrepair.repair.beam` where something is.  Characters that do not
decode are kept as they are, so the search also finds where the mojibake
starts and ends.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator

from .beam import HOLE, Budget, Token, beam_decode, make_token
from .bytemaps import encode_char
from .candidate import Candidate, trim
from .kinds import Layer, recovered
from .redecode import runs


@functools.cache
def _hole_token(char: str) -> Token:
    """The token of a hole mark (memoized: tokens are immutable)."""
    return make_token(char, ((HOLE,), (HOLE, HOLE)), True)


@functools.cache
def _tokenizer(misread: str) -> Callable[[str], Token | None]:
    """:func:`_char_token` for one codec, memoized per character (tokens are
    immutable; a memo of one argument is looked up at C speed from ``map``)."""
    return functools.lru_cache(maxsize=1 << 15)(functools.partial(_char_token, misread=misread))


def _char_token(char: str, misread: str) -> Token | None:
    """The token of a character that is not a hole under ``misread``."""
    b = encode_char(char, misread)
    if b is None:
        return None
    opts: tuple[tuple[int, ...], ...] = (tuple(b),)
    if char == "€" and misread == "gbk":
        opts = (tuple(b), (0xA2, 0xE3))  # cp936 shows both 0x80 and A2E3 as €
    if char == " " and misread in ("cp1252", "latin-1"):
        opts = (tuple(b), (0xA0,))  # a no-break space that became a space
    return make_token(char, opts, False)


def tokens_for(text: str, layer: Layer) -> list[Token | None]:
    """Byte options per character under ``layer``; None where a run must break."""
    out = list(map(_tokenizer(layer.misread), text))
    for m in _HOLE_MARK.finditer(text):
        out[m.start()] = _hole_token(m.group())
    return out


#: Hole marks: U+FFFD, and ``?`` after a character that is not ASCII.
_HOLE_MARK = re.compile("\ufffd|(?<=[^\x00-\x7f])\\?")


#: Runs longer than this are cut (search budget: the beam is linear, this
#: bounds the constant).
MAX_RUN = 160


def lossy_candidates(text: str, layer: Layer,
                     budget: Budget | None = None) -> Iterator[Candidate]:
    """Candidates for UTF-8 runs with holes under ``layer`` (writer must be UTF-8)."""
    if layer.wrote != "utf-8":
        return
    toks = tokens_for(text, layer)
    for i, j in runs(toks, MAX_RUN):
        run = [t for t in toks[i:j] if t is not None]
        for a, b in _lossy_windows(run):
            window = run[a:b]
            if all(t.char.isascii() for t in window):
                continue
            if budget is not None and budget.remaining <= 0:
                return
            result = piecewise_decode(window, budget)
            if result is None or result[0] == text[i + a:i + b]:
                continue
            if not any(ord(c) >= 0x2E80 for c in result[0]):
                continue  # guessing lost bytes is for CJK text, not for “bb+‘
            s, e, new = trim(text, i + a, i + b, result[0])
            if result[2]:
                yield Candidate(recovered(layer.kind), s, e, new,
                                f"encode({layer.misread}) → decode(utf-8), lost bytes "
                                "recovered by the language model", result[1])
            else:
                yield Candidate(layer.kind, s, e, new,
                                f"encode({layer.misread}) → decode(utf-8)", result[1])
        i = j


def _piece_kind(piece: list[Token], last: bool) -> str:
    """``hole`` (a hole, an alternative byte, or a cut end), ``ok`` (decodes to
    CJK or ASCII), or ``bad``."""
    first = next((k for k, t in enumerate(piece) if not t.plain), -1)
    if first >= 0:
        # the bytes before the first hole must be UTF-8 cut short, not garbage
        # (是? is C7 CA 3F: clean GBK before a real question mark)
        head = b"".join([t.data for t in piece[:first]])
        if piece[first].hole and not _ends_inside_sequence(piece[max(0, first - 2):first]):
            return "bad"  # a hole after a whole character: nothing says bytes were lost
        return "hole" if _valid_prefix(head) else "bad"
    data = b"".join([t.data for t in piece])
    try:
        out = data.decode("utf-8")
    except UnicodeDecodeError:
        return "hole" if last and _ends_inside_sequence(piece) else "bad"
    return "ok" if all(ord(c) < 0x80 or ord(c) >= 0x2000 for c in out) else "bad"


def _valid_prefix(data: bytes) -> bool:
    """True if ``data`` is UTF-8, possibly cut inside its last character."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.reason == "unexpected end of data"
    return True


def _lossy_windows(run: list[Token]) -> Iterator[tuple[int, int]]:
    """Token ranges to search: maximal stretches of pieces that decode as UTF-8
    or hold a hole, containing at least one hole with a UTF-8 sign before it."""
    cuts = _cuts(run)
    kinds = [_piece_kind(run[a:b], b == len(run)) for a, b in itertools.pairwise(cuts)]
    k = 0
    while k < len(kinds):
        if kinds[k] == "bad":
            k += 1
            continue
        m = k
        while m < len(kinds) and kinds[m] != "bad":
            m += 1
        a, b = cuts[k], cuts[m]
        if any(kinds[x] == "hole" for x in range(k, m)) and _has_sign(run[a:b]):
            yield a, b
        k = m


def _has_sign(window: list[Token]) -> bool:
    """A hole right after an unfinished UTF-8 sequence, an alternative byte, or
    a window that ends inside a sequence."""
    return _ends_inside_sequence(window) or any(
        len(t.options) > 1
        or (t.hole and k > 0 and _ends_inside_sequence(window[max(0, k - 2):k]))
        for k, t in enumerate(window))


def _cuts(run: list[Token]) -> list[int]:
    """0, the indices of the aligned tokens after the first, and ``len(run)``:
    where UTF-8 pieces may start."""
    return [0, *(k for k, t in enumerate(run) if k and t.aligned), len(run)]


def piecewise_decode(run: list[Token],
                     budget: Budget | None = None) -> tuple[str, int, bool] | None:
    """Decode a run: plain ``bytes.decode`` between aligned boundaries, the beam
    only for the pieces that hold a hole, an alternative byte or the run's end.

    UTF-8 resynchronizes at every byte that is not a continuation byte, so a
    token starting with such a byte is a boundary no hole can reach across.
    """
    cuts = _cuts(run)
    # a piece with a hole is decoded together with the piece after it, so that
    # the character filled in is ranked with its right neighbour too (測|試)
    for idx in range(len(cuts) - 2, 0, -1):
        a, b = cuts[idx - 1], cuts[idx]
        if not all(t.plain for t in run[a:b]):
            del cuts[idx]
    out: list[str] = []
    evidence = 0
    filled = False
    changed = False
    for a, b in itertools.pairwise(cuts):
        piece = run[a:b]
        plain = all(t.plain for t in piece)
        text = None
        if plain:
            data = b"".join([t.data for t in piece])
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
        if text is not None:
            evidence += sum(1 for c in text if ord(c) >= 0x800)
        elif plain and b < len(run):
            text = "".join(t.char for t in piece)  # not UTF-8 and nothing lost: keep
        else:
            prev = out[-1][-1:] if out and out[-1] else ""
            result = beam_decode(piece, prev, budget)
            if result is None:
                text = "".join(t.char for t in piece)
            else:
                text, ev, fl = result
                evidence += ev
                filled = filled or fl
        changed = changed or text != "".join(t.char for t in piece)
        out.append(text)
    return ("".join(out), evidence, filled) if changed else None


def _ends_inside_sequence(run: list[Token]) -> bool:
    """True when the run's bytes end inside a UTF-8 multi-byte sequence."""
    data = b"".join([t.data for t in run[-4:]])
    for k in range(1, min(4, len(data)) + 1):
        b = data[-k]
        if b >= 0xC0:
            need = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            return k < need
        if b < 0x80:
            return False
    return False


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_hole_token, _tokenizer)
