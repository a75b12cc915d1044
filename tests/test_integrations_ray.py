"""Ray Data for real (local, 2 CPUs): map_batches(Repair, batch_format="pyarrow").

Output must equal ``Repairer("corpus").clean(text)`` per record — what the CLI's
``textrepair fix`` does to each JSONL record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ray")
pytest.importorskip("pyarrow")

import pyarrow as pa
import pyarrow.parquet as pq
import ray

import textrepair
from integration_corpus import (
    check_rows,
    corpus_records,
    write_jsonl,
)
from textrepair.integrations.arrow import repair_table
from textrepair.integrations.ray import Repair
from textrepair.records import make_repairer


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    yield
    ray.shutdown()


def read_parquet_dir(folder: Path) -> Any:
    return pq.read_table(str(folder))


def test_map_batches_parquet_matches_clean(local_ray: None, tmp_path: Path) -> None:
    records = corpus_records()
    table = pa.Table.from_pylist(records)
    pq.write_table(table, tmp_path / "in.parquet")
    ds = ray.data.read_parquet(str(tmp_path / "in.parquet"))
    # Two actors at half a CPU each: actors holding both CPUs would starve the
    # read and write tasks (Ray Data hangs on a 2-CPU cluster with num_cpus=1 actors).
    ds = ds.repartition(4).map_batches(Repair, batch_format="pyarrow", batch_size=16,
                                       compute=ray.data.ActorPoolStrategy(size=2),
                                       num_cpus=0.5)
    ds.write_parquet(str(tmp_path / "out"))
    out = read_parquet_dir(tmp_path / "out")
    assert out.schema.field("text").type == pa.large_string()
    rows = {r["id"]: r for r in out.to_pylist()}
    check_rows(records, rows)


def test_map_batches_jsonl_text_key_options_annotation(local_ray: None, tmp_path: Path) -> None:
    records = [{"content": r["text"], "id": r["id"]} for r in corpus_records(4)]
    write_jsonl(records, tmp_path / "in" / "part.jsonl")
    ds = ray.data.read_json(str(tmp_path / "in"))
    ds = ds.map_batches(Repair, fn_constructor_kwargs={"text_key": "content",
                                                       "target": "keep",
                                                       "annotate": "textrepair"},
                        batch_format="pyarrow", batch_size=8,
                        compute=ray.data.ActorPoolStrategy(size=1), num_cpus=0.5)
    rows = {r["id"]: r for r in ds.take_all()}
    keep = textrepair.Repairer("corpus", target="keep")
    for rec in records:
        row = rows[rec["id"]]
        assert row["content"] == keep.clean(rec["content"]), rec["id"]
        note = json.loads(row["textrepair"])
        assert note["changed"] == (row["content"] != rec["content"])


def test_repair_table_keeps_columns_and_nulls() -> None:
    table = pa.table({"id": [1, 2, 3], "text": ["ÄãºÃ£¬ÊÀ½ç", None, "干净的文字。"],
                      "score": [0.5, 0.1, 0.9]})
    out = repair_table(table, make_repairer(), annotate="notes")
    assert out.column_names == ["id", "text", "score", "notes"]
    assert out.column("text").to_pylist() == ["你好，世界", None, "干净的文字。"]
    assert out.column("score").to_pylist() == [0.5, 0.1, 0.9]
    assert out.schema.field("notes").type == pa.large_string()
    assert out.column("notes").to_pylist()[1] is None
    assert json.loads(out.column("notes").to_pylist()[0])["kinds"] == {"gbk_as_latin1": 1}


def test_repair_table_reads_every_arrow_string_type() -> None:
    types = [pa.string(), pa.large_string()]
    if hasattr(pa, "string_view"):
        types.append(pa.string_view())
    for typ in types:
        table = pa.table({"text": pa.array(["ÄãºÃ", None], type=typ)})
        out = repair_table(table, make_repairer())
        assert out.column("text").to_pylist() == ["你好", None], typ


def test_repair_table_says_what_is_wrong() -> None:
    with pytest.raises(KeyError, match="content"):
        repair_table(pa.table({"content": ["x"]}), make_repairer())
    with pytest.raises(TypeError, match="not a string column"):
        repair_table(pa.table({"text": [1]}), make_repairer())


def test_repair_is_picklable_like_ray_ships_it() -> None:
    import pickle

    step = pickle.loads(pickle.dumps(Repair(repair_only=True, text_key="content")))
    out = step(pa.table({"content": ["這個ÄãºÃ"]}))
    assert out.column("content").to_pylist() == ["這個你好"]
