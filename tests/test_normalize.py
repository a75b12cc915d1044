"""Normalizers: injected pinyin, script conversion, punctuation, whitespace."""

from __future__ import annotations

import pytest

import textrepair


@pytest.mark.parametrize(("before", "after"), [
    ("他说,今天天气很好!", "他说，今天天气很好！"),
    ("我们(包括他)都去了", "我们（包括他）都去了"),
    ("版本号(v1.2)已经发布", "版本号(v1.2)已经发布"),
    ("总产值235.45亿元,同比增长31.7%。", "总产值235.45亿元，同比增长31.7%。"),
    ("Hello, world! (test)", "Hello, world! (test)"),
    ("日本語の文章を書きます。", "日本語の文章を書きます。"),
    ("时间:14:09:05", "时间：14:09:05"),
    ("访问 http://a.cn/x?a=1,2 查看", "访问 http://a.cn/x?a=1,2 查看"),
])
def test_punctuation(before: str, after: str) -> None:
    assert textrepair.clean(before) == after


def test_textbook_annotation_stays() -> None:
    text = "辗(zhǎn)转反侧，这是课文里的注音。"
    assert textrepair.clean(text) == text


def test_artifact_document_loses_every_pinyin_annotation() -> None:
    text = "數(shù)字經(jīng)濟(jì)發(fā)展(fā) (note) 和(hello)"
    assert textrepair.clean(text, target="keep") == "數字經濟發展 (note) 和(hello)"


def test_few_or_unmatched_annotations_are_not_the_artifact() -> None:
    text = "數(shù)字經(jīng)濟，发(hǎo)展(fā)"
    assert textrepair.clean(text, target="keep") == "數(shù)字經(jīng)濟，发(hǎo)展(fā)"


def test_traditional_to_simplified_and_keep() -> None:
    assert textrepair.clean("這個軟體很好用。") == "这个软体很好用。"
    assert textrepair.clean("這個軟體很好用。", opencc_config="tw2sp") == "这个软件很好用。"
    assert textrepair.clean("這個軟體很好用。", target="keep") == "這個軟體很好用。"
    assert textrepair.clean("这个软件很好用。", target="traditional") == "這個軟件很好用。"


def test_japanese_and_korean_paragraphs_not_converted() -> None:
    text = "東京の會議に參加します。\n한국어 文章\n這是中文。"
    assert textrepair.clean(text) == "東京の會議に參加します。\n한국어 文章\n这是中文。"


def test_whitespace_rules() -> None:
    assert textrepair.clean("中文\u200b内容\ufeff  \n下一行\x07") == "中文内容\n下一行"
    assert textrepair.clean("a\tb  c") == "a\tb  c"
