"""ftfy as a source of candidates, with a Chinese-safe configuration: for
UTF-8 read as cp1252/Latin-1 inside a region, and for whole texts that are
mostly not Chinese (ftfy's own domain, judged by ftfy's badness)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..chars import HAN_URO
from ..config import Config
from ..model.score import score
from .candidate import Candidate, trim
from .judge import Judged
from .residue import foreign_residue

if TYPE_CHECKING:
    import ftfy


#: Below this share of Han characters among letters, a text is left to ftfy's
#: own judgement of Latin-script mojibake (its badness measure), not ours.
FTFY_DOMAIN_MAX_HAN = 0.3
#: A fix of ftfy's that makes no Chinese is taken only when it leaves no more
#: badness than this: random
#: bytes read as Latin-1 have bits of valid UTF-8 that ftfy decodes into
#: other garbage (badness left 4-13: tests/test_judging.py), while every fix
#: of ftfy's own test cases leaves 0 or 1 (Russian with lost bytes: 6 → 1).
FTFY_RESIDUAL_BADNESS = 1
#: ... and when at least this share of the Latin letters it leaves is ASCII:
#: random bytes read as Latin-1 become words of accented letters only
#: (``ùÄãÃ¸êó`` → ``ùÄãøêó``, badness 0; with GBK trail bytes about
#: half ASCII: ``Ç_ÇaýO\xa0e×M˜oÕ``), while European languages write
#: mostly ASCII letters (Vietnamese, the most accented, about 70%).
FTFY_MIN_ASCII_LATIN = 0.6
#: A fix with at least this many Han characters makes Chinese (judged again by
#: the repairs after it); one Han character is what random bytes give
#: (``\x91²Âè\x87\x96\x82`` → ``‘²Â臖‚``).
FTFY_CHINESE_MIN_HAN = 2
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_HAN_CHAR = re.compile(f"[{HAN_URO}]")
#: A letter that is not a Han character of the Unified block.
_OTHER_LETTER = re.compile(rf"(?![{HAN_URO}])[^\W\d_]")
#: ftfy only has something to do where a non-CJK character above ASCII occurs
#: (other than the punctuation Chinese text uses: · – — ‘ ’ “ ” …).
_LATIN_MOJIBAKE_SIGN = re.compile(r"[\u0080-\u00b6\u00b8-\u2012\u2015-\u2017\u201a\u201b"
                                  r"\u201e-\u2025\u2027-\u2e7f]")


def ftfy_candidates(region: str, offset: int) -> Iterator[Candidate]:
    """ftfy's fix of a region with Latin-1 signs, as a candidate (shifted by ``offset``)."""
    if all(ord(c) < 0x80 or (ord(c) > 0x2FF and not 0x2000 <= ord(c) <= 0x206F) for c in region):
        return
    import ftfy

    fixed = ftfy.fix_text(region, config=ftfy_config())
    if fixed != region:
        a, b, new = trim(region, 0, len(region), fixed)
        yield Candidate("utf8_as_cp1252", a + offset, b + offset, new,
                        "ftfy.fix_text (Chinese-safe config)")


def ftfy_config() -> ftfy.TextFixerConfig:
    """Only the encoding fixes: no width, quote, HTML or normalization changes."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_encoding=True,
        restore_byte_a0=True, replace_lossy_sequences=False, decode_inconsistent_utf8=True,
        fix_c1_controls=False, fix_latin_ligatures=False, fix_character_width=False,
        uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False,
        remove_control_chars=False, normalization=None, explain=False)


def ftfy_badness(text: str) -> int:
    """ftfy's measure of Latin-script mojibake in ``text`` (0: none seen)."""
    from ftfy.badness import badness

    return int(badness(text))


def _reads_as_latin_script(text: str) -> bool:
    """Whether the Latin letters of ``text`` (if any) are mostly ASCII, as in
    every European language; Cyrillic, Greek or Hebrew fixes have none."""
    latin = len(_LATIN_LETTER.findall(text))
    return latin == 0 or len(_ASCII_LETTER.findall(text)) >= FTFY_MIN_ASCII_LATIN * latin


def _mostly_han(text: str) -> bool:
    """More than FTFY_DOMAIN_MAX_HAN of the letters are Han (every Han
    character is a letter): counted up to the first Han character that
    decides it, not over the whole text."""
    other = len(_OTHER_LETTER.findall(text))
    return any(han > FTFY_DOMAIN_MAX_HAN * (han + other)
               for han, _ in enumerate(_HAN_CHAR.finditer(text), start=1))


def ftfy_domain(text: str, cfg: Config) -> Judged | None:
    """ftfy's fix for texts that are mostly not Chinese, kept when ftfy's own
    badness measure drops (the measurement for that domain)."""
    if not cfg.use_ftfy or not _LATIN_MOJIBAKE_SIGN.search(text):
        return None
    if _mostly_han(text):
        return None  # (a text of symbols only, ×‘×”×•, is ftfy's domain too)
    import ftfy
    from ftfy.badness import badness

    before_bad = badness(text)
    if before_bad == 0:
        return None
    fixed = ftfy.fix_text(text, config=ftfy_config())
    if fixed == text or badness(fixed) >= before_bad:
        return None
    a, b, new = trim(text, 0, len(text), fixed)
    chinese = len(_HAN_CHAR.findall(new)) >= FTFY_CHINESE_MIN_HAN
    if not chinese and (badness(fixed) > FTFY_RESIDUAL_BADNESS
                        or not _reads_as_latin_script(fixed) or foreign_residue(fixed)):
        # a fix that makes no Chinese must leave European text: random cp932
        # bytes with \x80 → € or Latin-1 bytes with bits of UTF-8 are no repair
        # (a fix that makes Chinese is judged again by what follows it)
        return None
    cand = Candidate("ftfy_fix_encoding", a, b, new,
                     f"ftfy.fix_text (Chinese-safe config); ftfy badness {before_bad} → "
                     f"{badness(fixed)}")
    return Judged(cand, score(text[a:b]), score(new))
