"""A small corpus for the engine tests: damaged and clean records with extra fields.

Built from the project's fixtures (no ../shared needed).  The expected output of
every record is computed with ``Repairer("corpus").clean`` (what ``textrepair
fix`` does per JSONL record), except for the few anchors below, which pin that
the damage really is repaired.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import textrepair
from conftest import FIXTURES, SEED, load_jsonl

#: Damaged inputs and what clean() must make of them.
ANCHORS = {
    "ÄãºÃ£¬ÊÀ½ç": "你好，世界",
    "鐢ㄦ埛鐧诲綍鎴愬姛": "用户登录成功",
    "南湖區(qū)搶占數(shù)字經(jīng)濟(jì)發(fā)展": "南湖区抢占数字经济发展",
}
#: Lost text: clean() removes it, detect() calls it not repairable.
UNREPAIRABLE = "今天锟斤拷锟斤拷天气很好"


def _clean_lines(limit: int) -> list[str]:
    text = (FIXTURES / "clean" / "us_constitution_zhs.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()][:limit]


def corpus_texts(n_clean: int = 24) -> list[str]:
    """Damaged texts (anchors, passing repair cases, the seed article, lost text) and clean ones."""
    cases = [c["input"] for c in load_jsonl(FIXTURES / "cases" / "repair.jsonl")
             if c.get("status") == "pass"]
    negative = [c["input"] for c in load_jsonl(FIXTURES / "cases" / "negative.jsonl")]
    seed = SEED.read_text(encoding="utf-8")
    return [*ANCHORS, UNREPAIRABLE, seed, *cases, *negative, *_clean_lines(n_clean)]


def corpus_records(n_clean: int = 24) -> list[dict[str, Any]]:
    """Records with fields besides ``text`` that every adapter must keep."""
    return [{"id": f"doc-{i:04d}", "text": text, "url": f"https://example.com/{i}",
             "n": i, "lang": "zh"}
            for i, text in enumerate(corpus_texts(n_clean))]


def expected_text(text: str, preset: str = "corpus") -> str:
    return textrepair.Repairer(preset).clean(text)


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def check_anchors(by_input: dict[str, str]) -> None:
    """The anchors came out repaired (so an adapter that passes text through fails)."""
    for damaged, repaired in ANCHORS.items():
        assert by_input[damaged] == repaired, damaged
    assert "锟斤拷" not in by_input[UNREPAIRABLE]


def check_rows(records: list[dict[str, Any]], rows: dict[Any, dict[str, Any]]) -> None:
    """Each output row (by id) is ``clean()`` of its record's text, with the
    other fields kept, and the anchor repairs are there."""
    assert len(rows) == len(records)
    for rec in records:
        row = rows[rec["id"]]
        assert row["text"] == expected_text(rec["text"]), rec["id"]
        assert (row["url"], row["n"], row["lang"]) == (rec["url"], rec["n"], rec["lang"])
    check_anchors({rec["text"]: rows[rec["id"]]["text"] for rec in records})
