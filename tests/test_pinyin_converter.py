"""The converter simulator (benchmarks/pinyin_converter.py) reproduces the real
damaged pages byte for byte from their simplified originals."""

from __future__ import annotations

import sys

import pytest

from conftest import FIXTURES, ROOT, SEED, SHARED, load_jsonl, need_shared

pytest.importorskip("pypinyin")
sys.path.insert(0, str(ROOT / "benchmarks"))
import pinyin_converter as pc

CLEAN = FIXTURES / "000_19a2de307fc1d14e.clean.txt"


def _seed() -> tuple[str, str]:
    return SEED.read_text(encoding="utf-8"), CLEAN.read_text(encoding="utf-8")


def test_seed_article_byte_for_byte() -> None:
    damaged, clean = _seed()
    without_m3, with_m3 = pc.reproduce_seed(clean)
    assert with_m3 == damaged
    # everything but the 。ㄔ瓨 line comes from annotation + decoding alone
    diff = [i for i, (a, b) in enumerate(zip(without_m3.split("\n"), damaged.split("\n"),
                                                 strict=True)) if a != b]
    assert diff == [13]


def test_seed_annotation_count_and_cut_sites() -> None:
    damaged, clean = _seed()
    c = pc.Converter(annotated=pc.ANNOTATED_SEED).convert(clean)
    cuts = [(s.char, s.reading, s.pair.hex()) for s in c.sites if s.kind == "annotation"]
    assert cuts == [("當", "dāng", "ae94"), ("謹", "jǐn", "d694")]
    assert not [s for s in c.sites if s.kind == "punct"]
    # 344 whole (reading)s and four whose ( the decoder swallowed (?dāng)?shù) ?jǐn)?shù))
    assert len(pc.ANNOTATION_RE.findall(damaged)) == 344
    assert damaged.count("?") == 4
    assert c.annotations == 344 + 4


@pytest.mark.parametrize("line,expected", [
    ("积极推进政府数字化转型", "積極推進(jìn)政府?dāng)?shù)字化轉(zhuǎn)型"),
    ("出台了支持数字经济发展政策", "出臺了支持?jǐn)?shù)字經(jīng)濟(jì)發(fā)展政策"),
])
def test_seed_cut_lines_alone(line: str, expected: str) -> None:
    assert pc.Converter(annotated=pc.ANNOTATED_SEED)(line) == expected


def test_field_notes_examples() -> None:
    conv = pc.Converter(annotated="購內")
    assert conv("从百废待兴") == "從百?gòu)U待興"
    assert conv("咨询如何成为…").startswith("咨詢?nèi)绾纬蔀")


def test_decoders() -> None:
    assert pc.decode_gbk(b"\x94(d)", "consume") == "?d)"
    assert pc.decode_gbk(b"\x94(d)", "replace") == "?(d)"
    assert pc.decode_gbk(b"\xa1;\xd8\x9aw", "replace") == "?;貧w"
    assert pc.decode_gbk("數字".encode("gbk")) == "數字"


def test_punctuation_replace_across_characters() -> None:
    # 。回 = A1 [A3 BB] D8: the pair A3BB is ；
    c = pc.Converter(annotated="", decoder="replace").convert("效应。回归")
    assert c.output == "效應?;貧w"
    assert [(s.kind, s.char) for s in c.sites] == [("punct", "；")]


def test_readings_are_pypinyin_first_without_context() -> None:
    assert pc.Converter(annotated="應")("效应") == "效應(yīng)"
    assert pc.reading("數") == "shù"


@pytest.mark.parametrize("page", pc.REAL_PAGES, ids=lambda p: p.id)
def test_real_pages(page: pc.RealPage) -> None:
    need_shared()
    cases = {r["id"]: r for r in load_jsonl(SHARED / "mojibake" / "real-cases-2.jsonl")}
    r = cases[page.id]
    assert pc.reproduce_page(page, r["damaged"], r["expected"]) == r["damaged"]
