"""Spark for real (local[2]): mapInPandas(repair_partitions) and the pandas_udf.

Output must equal ``Repairer("corpus").clean(text)`` per record — what the CLI's
``textrepair fix`` does to each JSONL record.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

import pandas as pd
from pyspark.sql import SparkSession

import textrepair
from integration_corpus import check_rows, corpus_records, expected_text, write_jsonl
from textrepair.integrations.pandas import repair_frame
from textrepair.integrations.spark import output_schema, repair_partitions, repair_udf
from textrepair.records import make_repairer


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers run this interpreter
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("textrepair-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "16")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_map_in_pandas_jsonl_to_parquet_matches_clean(spark: Any, tmp_path: Path) -> None:
    records = corpus_records()
    write_jsonl(records, tmp_path / "in" / "part.jsonl")
    df = spark.read.json(str(tmp_path / "in")).repartition(2)
    out = df.mapInPandas(repair_partitions, df.schema)
    out.write.parquet(str(tmp_path / "out"))
    rows = {r["id"]: r.asDict() for r in spark.read.parquet(str(tmp_path / "out")).collect()}
    check_rows(records, rows)


def test_map_in_pandas_options_and_annotation(spark: Any) -> None:
    records = [{"id": r["id"], "content": r["text"]} for r in corpus_records(4)]
    records.append({"id": "null", "content": None})
    df = spark.createDataFrame(pd.DataFrame(records)).repartition(2)
    fn = partial(repair_partitions, text_key="content", repair_only=True, annotate="notes")
    rows = {r["id"]: r for r in df.mapInPandas(fn, output_schema(df.schema, "notes")).collect()}
    conservative = textrepair.Repairer("corpus")
    for rec in records:
        row = rows[rec["id"]]
        if rec["content"] is None:
            assert row["content"] is None and row["notes"] is None
            continue
        assert row["content"] == conservative.repair(rec["content"]), rec["id"]
        assert json.loads(row["notes"])["changed"] == (row["content"] != rec["content"])


def test_pandas_udf_matches_clean(spark: Any) -> None:
    records = corpus_records(8)
    df = spark.createDataFrame(pd.DataFrame(records)).repartition(2)
    out = df.withColumn("fixed", repair_udf()("text")).collect()
    assert len(out) == len(records)
    for row in out:
        assert row["fixed"] == expected_text(row["text"]), row["id"]
    keep = df.withColumn("fixed", repair_udf(target="keep")("text")).collect()
    assert {r["fixed"] for r in keep} == {
        textrepair.Repairer("traditional").clean(r["text"]) for r in records}


def test_repair_frame_keeps_columns_and_missing_values() -> None:
    frame = pd.DataFrame({"id": [1, 2, 3], "text": ["ÄãºÃ£¬ÊÀ½ç", None, float("nan")],
                          "score": [0.5, 0.1, 0.9]})
    out = repair_frame(frame, make_repairer(), annotate="notes")
    assert list(out.columns) == ["id", "text", "score", "notes"]
    assert out["text"].tolist() == ["你好，世界", None, None]
    assert out["score"].tolist() == [0.5, 0.1, 0.9]
    assert frame["text"].tolist()[0] == "ÄãºÃ£¬ÊÀ½ç"  # input not modified
    with pytest.raises(KeyError, match="content"):
        repair_frame(frame, make_repairer(), text_key="content")
    with pytest.raises(TypeError, match="string cell"):
        repair_frame(pd.DataFrame({"text": [1]}), make_repairer())
