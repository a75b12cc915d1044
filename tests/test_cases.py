"""Data-driven repair cases: fixtures/cases/*.jsonl and the real cases in shared corpora."""

from __future__ import annotations

from typing import Any

import pytest

import textrepair
from conftest import FIXTURES, SHARED, load_jsonl

REPAIR_CASES = load_jsonl(FIXTURES / "cases" / "repair.jsonl")
NEGATIVE_CASES = load_jsonl(FIXTURES / "cases" / "negative.jsonl")


def _params(rows: list[dict[str, Any]]) -> list[Any]:
    out = []
    for row in rows:
        marks = []
        if row.get("status", "pass") != "pass":
            marks.append(pytest.mark.xfail(reason=f"planned: {row['status']}", strict=True))
        out.append(pytest.param(row, id=row["id"], marks=marks))
    return out


@pytest.mark.parametrize("case", _params(REPAIR_CASES))
def test_repair_case(case: dict[str, Any]) -> None:
    assert textrepair.repair(case["input"]) == case["expected"]


@pytest.mark.parametrize("case", _params(REPAIR_CASES))
def test_repair_case_is_explained_with_its_kind(case: dict[str, Any]) -> None:
    result = textrepair.explain(case["input"], normalize=False)
    assert result.text == case["expected"]
    # lost-byte repairs are a sub-kind: utf8_as_gbk_lossy is a utf8_as_gbk repair
    assert any(step.kind.removesuffix("_lossy") == case["kind"] for step in result.steps), \
        result.steps


@pytest.mark.parametrize("case", [pytest.param(r, id=r["id"]) for r in NEGATIVE_CASES])
def test_negative_case_unchanged(case: dict[str, Any]) -> None:
    assert textrepair.repair(case["input"]) == case["input"]


@pytest.mark.parametrize("case", [pytest.param(r, id=r["id"]) for r in NEGATIVE_CASES])
def test_negative_case_has_no_repairable_finding(case: dict[str, Any]) -> None:
    assert [f for f in textrepair.detect(case["input"]) if f.repairable] == []


def _real_cases() -> list[Any]:
    path = SHARED / "mojibake" / "real-cases.jsonl"
    if not path.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason="no ../shared corpora"))]
    return [pytest.param(r, id=r["id"]) for r in load_jsonl(path) if r.get("expected")]


@pytest.mark.parametrize("case", _real_cases())
def test_real_case(case: dict[str, Any]) -> None:
    assert textrepair.repair(case["mojibake"]) == case["expected"]


def test_big5_read_as_gbk_with_lost_lead_bytes() -> None:
    # Python's GBK decoder replaced each lead byte it rejects with U+FFFD and
    # read on out of step; the bytes left and the language model rebuild it
    original = "經濟發展離不開國家的支持，這是我們的共識。台灣電腦軟體"
    damaged = original.encode("big5").decode("gbk", errors="replace")
    assert damaged.count("\ufffd") == 6
    assert textrepair.repair(damaged) == original


def test_decoration_lines_are_not_reported() -> None:
    # a run of one repeated symbol shifts to another repeated symbol: decoration
    for line in ("────────", "～～～～～～", "════════════"):
        assert textrepair.detect(f"第一章\n{line}\n正文") == []


def test_zhuyin_text_is_not_big5_damage() -> None:
    for text in ("ㄅㄆㄇㄈ", "ㄉㄨㄥ", "ㄓㄨˋ ㄧㄣ"):
        assert textrepair.repair(text) == text
