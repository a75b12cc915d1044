"""The seed article (field notes §3) cleaned end to end."""

from __future__ import annotations

import re

import pytest

import textrepair
from conftest import SEED
from textrepair.model.tables import char_table

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


def test_clean_equals_the_expected_fixture(cleaned: str) -> None:
    # fixtures/README.md justifies every decision in the expected text
    expected = SEED.with_name(SEED.stem + ".clean.txt").read_text(encoding="utf-8")
    assert cleaned == expected


def test_clean_is_idempotent_on_the_seed(cleaned: str) -> None:
    assert textrepair.clean(cleaned) == cleaned


def test_repair_alone_keeps_script() -> None:
    assert textrepair.repair(TEXT).count("(qū)") == TEXT.count("(qū)")


# The three damaged spots (field notes §3), repaired exactly.
@pytest.mark.parametrize(("damaged", "repaired", "cleaned"), [
    ("。ㄔ瓨(biāo)題:南湖區(qū)搶占",  # misaligned by one byte; 標 lost its trail byte
     "（原標(biāo)題:南湖區(qū)搶占",
     "（原标题：南湖区抢占数字经济发展“智”高点 记者：许冰洲 通讯员：盛俊强）"),
    ("政府?dāng)?shù)字化轉(zhuǎn)型", "政府數(shù)字化轉(zhuǎn)型", "政府数字化转型"),
    ("支持?jǐn)?shù)字經(jīng)濟(jì)發(fā)展政策",
     "支持數(shù)字經(jīng)濟(jì)發(fā)展政策",
     "支持数字经济发展政策"),
], ids=["biao-misaligned", "dang-shu-insertion", "jin-shu-insertion"])
def test_seed_damaged_spot(damaged: str, repaired: str, cleaned: str) -> None:
    assert damaged in TEXT
    repaired_text = textrepair.repair(TEXT)
    assert damaged not in repaired_text
    assert repaired in repaired_text
    assert cleaned in textrepair.clean(TEXT)


def test_seed_spot_kinds_are_explained() -> None:
    steps = textrepair.explain(TEXT, normalize=False).steps
    assert [(s.kind, s.before, s.after) for s in steps] == [
        ("pinyin_misaligned", "?dāng)?shù)", "數(shù)"),
        ("pinyin_misaligned", "?jǐn)?shù)", "數(shù)"),
        ("pinyin_misaligned", "。ㄔ瓨", "（原標"),
    ]
