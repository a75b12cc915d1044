"""The seed article (field notes §3) cleaned end to end."""

from __future__ import annotations

import re

import pytest

import textrepair
from conftest import SEED
from textrepair.tables import char_table

TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cleaned() -> str:
    return textrepair.clean(TEXT)


def test_no_pinyin_annotations_left(cleaned: str) -> None:
    annotations = re.findall(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", cleaned)
    assert annotations == []
    assert len(re.findall(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", TEXT)) > 300


def test_output_is_simplified(cleaned: str) -> None:
    import opencc

    assert opencc.OpenCC("t2s.json").convert(cleaned) == cleaned
    simplified = char_table().simplified
    assert sum(c in simplified for c in TEXT) > 500
    assert "南湖区抢占数字经济发展" in cleaned


def test_chinese_punctuation(cleaned: str) -> None:
    assert "3日，记者从区经信商务局获悉，省经信厅" in cleaned
    assert "县（市、区）" in cleaned
    assert "总产值235.45亿元，同比增长31.7%，产值规模" in cleaned
    assert "- 2019/4/4 14:09:05" in cleaned  # times and dates keep ASCII


def test_repair_alone_keeps_script() -> None:
    assert textrepair.repair(TEXT).count("(qū)") == TEXT.count("(qū)")
