"""The shared batch path every engine adapter goes through (no engine needed)."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import pytest

import textrepair
from integration_corpus import ANCHORS, UNREPAIRABLE, corpus_texts, expected_text
from textrepair.records import (
    annotation,
    annotation_json,
    batch_kind_counts,
    fix_texts,
    kind_counts,
    make_repairer,
    process_record,
)


def test_make_repairer_is_clean_by_default_and_repair_when_asked() -> None:
    text = "這個ÄãºÃ,好!"
    assert make_repairer().clean(text) == textrepair.clean(text)
    assert make_repairer().explain(text).text == textrepair.clean(text)
    assert make_repairer(repair_only=True).explain(text).text == textrepair.repair(text)
    assert make_repairer("traditional").explain(text).text.startswith("這個你好")
    with pytest.raises(textrepair.ConfigError):
        make_repairer(tagret="keep")


def test_fix_texts_equals_clean_per_text_and_keeps_missing() -> None:
    texts = [*corpus_texts(8), None]
    results = fix_texts(make_repairer(), texts)
    assert [r.text if r else None for r in results] == [
        None if t is None else expected_text(t) for t in texts]
    got = {t: r.text for t, r in zip(texts, results, strict=True) if r is not None}
    assert all(got[k] == v for k, v in ANCHORS.items())
    assert "锟斤拷" not in got[UNREPAIRABLE]


def test_fix_texts_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="expected str"):
        fix_texts(make_repairer(), [b"bytes"])  # type: ignore[list-item]


def test_batch_counts_and_json_annotation_agree_with_the_record_path() -> None:
    texts = list(ANCHORS)
    results = fix_texts(make_repairer(), [*texts, None])
    total: dict[str, int] = {}
    for text in texts:
        _, res = process_record({"text": text}, make_repairer())
        for kind, n in kind_counts(res).items():
            total[kind] = total.get(kind, 0) + n
    assert batch_kind_counts(results) == total
    assert batch_kind_counts([None]) == {}
    explained = fix_texts(make_repairer(), [*texts, None], explain=True)
    assert batch_kind_counts(explained) == total
    assert [r and r.text for r in explained] == [r and r.text for r in results]
    first = explained[0]
    assert first is not None
    assert json.loads(annotation_json(first) or "") == annotation(first)
    assert annotation_json(None) is None
    counted = results[0]
    assert counted is not None and not counted.steps
    with pytest.raises(ValueError, match="explain=True"):
        annotation(counted)


def test_adapter_repairer_pickles_with_its_options() -> None:
    r = make_repairer(repair_only=True, target="keep")
    assert pickle.loads(pickle.dumps(r)).config == r.config


def test_importing_textrepair_imports_no_engine() -> None:
    code = ("import sys, textrepair, textrepair.integrations, textrepair.records; "
            "print(sorted(m for m in ('datatrove', 'data_juicer', 'ray', 'pyspark', "
            "'pyarrow', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
