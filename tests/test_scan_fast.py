"""The fast-path pattern's lookahead changes no match: the pattern without it
finds the same spans (it only names the characters a match starts with)."""

from __future__ import annotations

import random
import re

import pytest

import textrepair
from textrepair.model.tables import char_table
from textrepair.repair.scan import suspect_regex


def without_lookahead() -> re.Pattern[str]:
    pattern = suspect_regex().pattern
    # the class escapes its parentheses (re.escape): the first ")(?:" ends it
    assert pattern.startswith("(?=[^") and pattern.endswith(")")
    return re.compile(pattern[pattern.index(")(?:") + 4:-1])


def alphabet() -> str:
    # common and rare Han (the table's, in its order: both ends of the
    # frequency list), ASCII with every trigger's first character, CJK
    # punctuation, box drawing, Latin-1, half-width kana, U+FFFD, controls
    han = list(char_table().count)
    return ("".join(han[:300] + han[-300:]) + "abcXYZ019 &#;%\\u4e2d?!,.\n\t"
            + "，。！？、“”（）…" + "┌─┐╔═╗" + "éÃ¤¼" + "ｱｲｳ" + "\ufffd\x07\x85")


def test_lookahead_finds_the_same_spans() -> None:
    rng = random.Random(0)
    letters = alphabet()
    plain, fast = without_lookahead(), suspect_regex()
    assert plain.pattern != fast.pattern
    tricky = ["我\\你", "銆?", "吗?", "&amp;", "&#25105;", "\\u4e2d", "%E4", "a?b", "鐢ㄦ埛",
              "今天很好。烫烫", "屯屯屯屯", "锟斤拷"]
    texts = tricky + ["".join(rng.choice(letters) for _ in range(rng.randrange(1, 60)))
                      for _ in range(3000)]
    hits = 0
    for t in texts:
        spans = [m.span() for m in plain.finditer(t)]
        assert [m.span() for m in fast.finditer(t)] == spans, t
        assert (fast.search(t) is None) == (not spans)
        hits += bool(spans)
    assert 0 < hits < len(texts)


def test_gb2312_dash_is_no_residue() -> None:
    # ― (U+2015, GB 2312's A1AA as Python reads it; the 1919 Bible's dash)
    # beside a repair took half of it back: 神鐢ㄦ埛登录成功
    text = "耶和华―你的神鐢ㄦ埛鐧诲綍鎴愬姛，不许报血仇的人施行灭绝"
    assert textrepair.repair(text) == "耶和华―你的神用户登录成功，不许报血仇的人施行灭绝"


@pytest.mark.parametrize(("before", "after"), [
    ("守御鐢ㄦ埛鐧诲綍鎴愬姛之策", "守御用户登录成功之策"),  # 之 = D6 AE = U+05AE
    ("望那怪着头一鐢ㄦ埛鐧诲綍鎴愬姛下那怪", "望那怪着头一用户登录成功下那怪"),  # 头一 = ͷһ
])
def test_a_clean_character_whose_bytes_are_whole_utf8_is_not_taken(before: str,
                                                                    after: str) -> None:
    # before: the re-decoding took the clean neighbour too (用户登录成功֮),
    # was refused as a whole, and the mojibake stayed (11 of 55 spots of a
    # 50 MB one-line file of running text)
    assert textrepair.repair(before) == after
