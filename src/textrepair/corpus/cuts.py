"""Where a long text is cut into the documents the library repairs one at a time.

Memory while repairing grows with the length of the document, and with what
it holds: measured with ``clean()`` on 131,072 characters (1.5 s to 27 s each),
random CJK needs 744 bytes a character above the 92 MB of the loaded library,
Latin-1 mojibake 427, UTF-8-read-as-GBK mojibake 377, text with 30% damaged
sentences 246, clean running text almost nothing.  So the CLI never hands the
library more than :data:`BLOCK_CHARS` characters of a text file, and cuts where
the cut changes nothing:

1. after the last line end before the limit;
2. else, in the last quarter before the limit, after the last *quiet* sentence
   end (``。！？；…`` with the closing quotes or brackets after them, or
   ``. ! ? ;`` before whitespace);
3. else before the last quiet run of whitespace there (a block ending in
   spaces would lose them to the trailing-space rule);
4. else at the last quiet boundary between two characters there;
5. else (everything there looks like damage) at the first of at most
   :data:`CUT_TRIALS` candidates where repairing the text around the cut in two
   pieces gives what repairing it whole gives: first boundaries between two
   ASCII characters other than ``? \\ % & # ;`` (a character boundary in every
   ASCII-compatible multi-byte encoding: UTF-8, GBK, GB18030, Big5,
   Shift-JIS, EUC), then the boundaries nearest the limit;
6. else at the first of those candidates (the limit if there is none).

A position is *quiet* when no suspicious region of the library's fast scan
(the regions repair looks at) lies within :data:`CUT_GUARD` characters of it.
No cut ever separates a character from the combining marks, joiners or
variation selectors after it, or a surrogate pair.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from ..api import repair as api_repair
from ..repair.scan import suspicious_windows

#: Longest document handed to the library.  At 131,072 characters of random
#: CJK (the costliest content measured, see above) one process peaked at 185 MB
#: (``python -c ... clean()``, VmHWM); 262,144 would pass 280 MB.
BLOCK_CHARS = 1 << 17
#: Share of the block, counted back from the limit, where a cut of kinds 2-5
#: is looked for (blocks never get shorter than 3/4 of the limit by them).
SEARCH_SHARE = 4
#: A quiet position is this many characters away from any suspicious region:
#: the fast scan's regions are clusters of rare characters (at most 3 apart)
#: plus 4 characters on each side, and a run of mojibake has a rare character
#: in every few positions (scan.py: all 200 UTF-8-as-GBK samples do).
CUT_GUARD = 8
#: Characters looked at beyond the search range, so that a region at its edge is seen.
CONTEXT = 64
#: Where everything near the limit looks like damage, at most this many cuts
#: are tried, each by repairing TRIAL_WINDOW characters on each side of it
#: whole and in two pieces (0.05-0.9 s a trial on mojibake; a random cut in
#: mojibake keeps the repair 1-5 times in 10, measured on law text read as
#: GBK, Latin-1, cp1252).  The first cut that changes nothing is taken.
CUT_TRIALS = 8
TRIAL_WINDOW = 256

_SENTENCE_END = re.compile(r"[。！？；…]+[」』”’）】》〉]*|[.!?;]+(?=\s)")
_NOT_A_BYTE_BOUNDARY = frozenset("?\\%&#;")


def _attached(ch: str) -> bool:
    """A character that belongs to the one before it (a combining mark, a
    joiner, a variation selector, an emoji modifier, a low surrogate)."""
    o = ord(ch)
    return (unicodedata.category(ch) in ("Mn", "Mc", "Me") or o in (0x200C, 0x200D)
            or 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF or 0x1F3FB <= o <= 0x1F3FF
            or 0xDC00 <= o <= 0xDFFF or 0xE0020 <= o <= 0xE007F)


def boundary(text: str, p: int) -> bool:
    """Whether ``text`` may be cut before position ``p`` (0 < p < len(text))."""
    return not _attached(text[p]) and text[p - 1] != "\u200d"


def _noisy(text: str, lo: int, hi: int) -> bytearray:
    """``noisy[p - lo]`` for ``lo <= p <= hi``: within CUT_GUARD of a suspicious region."""
    start = max(0, lo - CONTEXT)
    window = text[start:hi + CONTEXT]
    noisy = bytearray(hi - lo + 1)
    for r in suspicious_windows(window, lone=True):
        a = max(lo, start + r.start - CUT_GUARD + 1)
        b = min(hi, start + r.end + CUT_GUARD - 1)
        if a <= b:
            noisy[a - lo:b - lo + 1] = b"\x01" * (b - a + 1)
    return noisy


def _trial(text: str, p: int, repair: Callable[[str], str]) -> bool:
    """Whether repairing the text around ``p`` in two pieces, cut at ``p``,
    gives what repairing it whole gives."""
    left, right = text[max(0, p - TRIAL_WINDOW):p], text[p:p + TRIAL_WINDOW]
    return repair(left + right) == repair(left) + repair(right)


def _loud_cut(text: str, lo: int, limit: int, repair: Callable[[str], str]) -> int:
    """A cut where everything around looks like damage (kinds 5 and 6)."""
    ascii_pairs = [p for p in range(limit, lo - 1, -1)
                   if text[p - 1] < "\x80" and text[p] < "\x80"
                   and text[p - 1] not in _NOT_A_BYTE_BOUNDARY
                   and text[p] not in _NOT_A_BYTE_BOUNDARY]
    near = [p for p in range(limit, lo - 1, -1) if boundary(text, p)]
    tried: list[int] = []
    for p in ascii_pairs[:CUT_TRIALS // 2] + near:
        if len(tried) == CUT_TRIALS:
            break
        if p in tried:
            continue
        tried.append(p)
        if _trial(text, p, repair):
            return p
    return next(iter(ascii_pairs + near), limit)


def find_cut(text: str, limit: int, repair: Callable[[str], str] | None = None) -> int:
    """Where to end the first block of ``text`` (longer than ``limit``): see
    the module's docstring; ``repair`` (default: :func:`textrepair.repair`)
    is asked only when everything near the limit looks like damage.  Always
    ``0 < cut <= limit``."""
    line_end = text.rfind("\n", 0, limit)
    if line_end >= 0:
        return line_end + 1
    lo = max(1, limit - limit // SEARCH_SHARE)
    noisy = _noisy(text, lo, limit)

    def quiet(p: int) -> bool:
        return not noisy[p - lo] and boundary(text, p)

    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo - 1, limit + 1)
            if lo <= m.end() <= limit]
    for p in reversed(ends):
        if quiet(p):
            return p
    for p in range(limit, lo - 1, -1):
        if text[p].isspace() and not text[p - 1].isspace() and quiet(p):
            return p
    for p in range(limit, lo - 1, -1):
        if quiet(p):
            return p
    return _loud_cut(text, lo, limit, repair if repair is not None else api_repair)


def cut_blocks(pieces: Iterable[str], limit: int = BLOCK_CHARS,
               repair: Callable[[str], str] | None = None) -> Iterator[str]:
    """The text of ``pieces`` (decoded parts of a file, in order) as blocks of
    at most ``limit`` characters, cut by :func:`find_cut`."""
    buf = ""
    for piece in pieces:
        buf += piece
        while len(buf) > limit:
            cut = find_cut(buf, limit, repair)
            yield buf[:cut]
            buf = buf[cut:]
    if buf:
        yield buf
