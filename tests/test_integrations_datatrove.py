"""datatrove for real: LocalPipelineExecutor, 2 tasks on 2 workers, JSONL in and out.

Output must equal ``Repairer("corpus").clean(text)`` per record — what the CLI's
``textrepair fix`` does to each JSONL record.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

import textrepair
from integration_corpus import (
    ANCHORS,
    UNREPAIRABLE,
    check_anchors,
    corpus_records,
    expected_text,
    write_jsonl,
)
from textrepair.integrations.datatrove import (
    MojibakeFilter,
    TextRepairFormatter,
    drop_reason,
)
from textrepair.records import kind_counts


def read_output(folder: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh]
    return out


def split_input(tmp_path: Path, records: list[dict[str, Any]]) -> Path:
    """Two input files, so each of the two tasks gets one."""
    write_jsonl(records[0::2], tmp_path / "in" / "part-0.jsonl")
    write_jsonl(records[1::2], tmp_path / "in" / "part-1.jsonl")
    return tmp_path / "in"


def run(pipeline: list[Any], logs: Path) -> dict[str, Any]:
    LocalPipelineExecutor(pipeline=pipeline, tasks=2, workers=2,
                          logging_dir=str(logs)).run()
    stats: dict[str, Any] = json.loads((logs / "stats.json").read_text(encoding="utf-8"))
    return stats


def step_stats(stats: Any, name: str) -> dict[str, Any]:
    """The stats of the pipeline step whose name contains ``name``."""
    for step in stats:
        if name in step["name"]:
            counters: dict[str, Any] = step["stats"]
            return counters
    raise AssertionError(f"no step {name!r} in {[s['name'] for s in stats]}")


def total(counter: Any) -> int:
    """A datatrove counter's total (plain counts are written as bare integers)."""
    return counter if isinstance(counter, int) else int(counter["total"])


def test_formatter_pipeline_matches_clean(tmp_path: Path) -> None:
    records = corpus_records()
    stats = run([JsonlReader(str(split_input(tmp_path, records))),
                 TextRepairFormatter(annotate="textrepair"),
                 JsonlWriter(str(tmp_path / "out"))], tmp_path / "logs")
    out = {doc["id"]: doc for doc in read_output(tmp_path / "out")}
    assert len(out) == len(records)
    for rec in records:
        doc = out[rec["id"]]
        assert doc["text"] == expected_text(rec["text"]), rec["id"]
        meta = doc["metadata"]
        assert (meta["url"], meta["n"], meta["lang"]) == (rec["url"], rec["n"], rec["lang"])
        assert meta["textrepair"]["changed"] == (doc["text"] != rec["text"])
    check_anchors({rec["text"]: out[rec["id"]]["text"] for rec in records})

    counters = step_stats(stats, "textrepair")
    want: dict[str, int] = {}
    for rec in records:
        for kind, n in kind_counts(textrepair.explain(rec["text"])).items():
            want[kind] = want.get(kind, 0) + n
    assert want  # the corpus has damage
    for kind, n in want.items():
        assert total(counters[kind]) == n, kind
    changed = sum(expected_text(r["text"]) != r["text"] for r in records)
    assert total(counters["changed"]) == changed
    assert total(counters["total"]) == len(records)


def test_formatter_is_a_format_step() -> None:
    formatter = TextRepairFormatter(repair_only=True)
    assert formatter.format("這個軟體ÄãºÃ") == "這個軟體你好"  # repair(): no t2s
    assert TextRepairFormatter().format("這個軟體ÄãºÃ") == "这个软体你好"  # t2s
    with pytest.raises(textrepair.ConfigError):
        TextRepairFormatter(tagret="keep")


def test_filter_pipeline_drops_lost_text(tmp_path: Path) -> None:
    records = corpus_records()
    stats = run([JsonlReader(str(split_input(tmp_path, records))),
                 MojibakeFilter(exclusion_writer=JsonlWriter(str(tmp_path / "removed")),
                                annotate="findings"),
                 JsonlWriter(str(tmp_path / "kept"))], tmp_path / "logs")
    kept = {d["id"]: d for d in read_output(tmp_path / "kept")}
    removed = {d["id"]: d for d in read_output(tmp_path / "removed")}
    assert len(kept) + len(removed) == len(records)
    assert not kept.keys() & removed.keys()
    by_text = {r["text"]: r["id"] for r in records}
    lost = removed[by_text[UNREPAIRABLE]]
    assert lost["metadata"]["filter_reason"] == "unrepairable_kunjinkao"
    assert lost["metadata"]["findings"]["before"][0]["repairable"] is False
    assert lost["text"] == UNREPAIRABLE  # a filter does not change text
    for damaged in ANCHORS:
        assert by_text[damaged] in kept, damaged  # repairable: kept
    for rec in records:  # every decision follows detect() on the text and on its repair
        r = textrepair.Repairer("corpus")
        before = r.detect(rec["text"])
        after = r.detect(r.clean(rec["text"])) if before and all(
            f.repairable for f in before) else []
        assert (rec["id"] in removed) == (drop_reason(before, after) is not None), rec["id"]
    counters = step_stats(stats, "mojibake")
    assert total(counters["dropped"]) == len(removed)
    assert total(counters["dropped_unrepairable_kunjinkao"]) == 2  # two records


def clean_negatives() -> list[str]:
    from conftest import FIXTURES, load_jsonl

    return [c["input"] for c in load_jsonl(FIXTURES / "cases" / "negative.jsonl")]


def test_filter_keeps_every_clean_negative() -> None:
    step = MojibakeFilter()
    dropped = [t for t in clean_negatives() if step.filter(Document(text=t, id="x")) is not True]
    assert dropped == []


def test_filter_min_confidence_keeps_clean_negatives() -> None:
    step = MojibakeFilter(min_confidence=0.8)
    assert all(step.filter(Document(text=t, id="x")) is True for t in clean_negatives())
    assert step.filter(Document(text=UNREPAIRABLE, id="x")) == (False, "unrepairable_kunjinkao")


def test_drop_reason() -> None:
    lost = textrepair.Finding("kunjinkao", 0, 3, 0.99, False)
    fixed = textrepair.Finding("utf8_as_gbk", 0, 3, 0.9, True)
    assert drop_reason([], []) is None
    assert drop_reason([fixed], []) is None
    assert drop_reason([fixed, lost], []) == "unrepairable_kunjinkao"
    assert drop_reason([fixed], [fixed]) == "residual_utf8_as_gbk"
