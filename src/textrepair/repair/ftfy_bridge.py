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

if TYPE_CHECKING:
    import ftfy


#: Below this share of Han characters among letters, a text is left to ftfy's
#: own judgement of Latin-script mojibake (its badness measure), not ours.
FTFY_DOMAIN_MAX_HAN = 0.3
_LETTER = re.compile(r"[^\W\d_]")
_HAN_CHAR = re.compile(f"[{HAN_URO}]")
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


def ftfy_domain(text: str, cfg: Config) -> Judged | None:
    """ftfy's fix for texts that are mostly not Chinese, kept when ftfy's own
    badness measure drops (the measurement for that domain)."""
    if not cfg.use_ftfy or not _LATIN_MOJIBAKE_SIGN.search(text):
        return None
    letters = len(_LETTER.findall(text))
    han = len(_HAN_CHAR.findall(text))
    if han > FTFY_DOMAIN_MAX_HAN * letters:
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
    cand = Candidate("ftfy_fix_encoding", a, b, new,
                     f"ftfy.fix_text (Chinese-safe config); ftfy badness {before_bad} → "
                     f"{badness(fixed)}")
    return Judged(cand, score(text[a:b]), score(new))
