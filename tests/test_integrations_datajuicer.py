"""data-juicer for real: the entry point registers ``textrepair_mapper``; a recipe YAML runs it.

Output must equal ``Repairer("corpus").clean(text)`` per record — what the CLI's
``textrepair fix`` does to each JSONL record.  Skipped when py-data-juicer is absent.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("data_juicer")

import textrepair
from integration_corpus import check_anchors, corpus_records, expected_text, write_jsonl
from textrepair.config import Config
from textrepair.integrations.datajuicer import OP_NAME, TextRepairMapper, option_parameters

#: Runs a recipe the way ``dj-process --config`` does, in a fresh process (so the
#: op is found only through the entry point, and data-juicer's redirection of
#: sys.stdout and its log handlers stay out of the test session).  data-juicer
#: 1.6.1 calls ``torch.cuda.empty_cache()`` after every Mapper and, when torch is
#: missing, installs it (a CUDA build, ~3 GB) with uv on the spot: when torch is
#: absent that one call gets a no-op; nothing else is replaced.
RUNNER = """
import sys, types
try:
    import torch
except ImportError:
    import data_juicer.utils.model_utils as m
    m.torch = types.SimpleNamespace(cuda=types.SimpleNamespace(empty_cache=lambda: None))
from data_juicer.config import init_configs
from data_juicer.core import DefaultExecutor
DefaultExecutor(init_configs(["--config", sys.argv[1]])).run()
"""


def run_recipe(tmp_path: Path, records: list[dict[str, Any]], op_args: str,
               text_keys: str = "text") -> list[dict[str, Any]]:
    write_jsonl(records, tmp_path / "in.jsonl")
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(f"""\
project_name: textrepair-test
dataset_path: {tmp_path / "in.jsonl"}
export_path: {tmp_path / "out" / "out.jsonl"}
work_dir: {tmp_path / "work"}
ds_cache_dir: {tmp_path / "cache"}
text_keys: {text_keys}
np: 2
skip_op_error: false
process:
  - {OP_NAME}:{op_args}
""", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", RUNNER, str(recipe)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"data-juicer failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    with (tmp_path / "out" / "out.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_entry_point_registers_the_op_in_a_fresh_process() -> None:
    code = ("import data_juicer.ops as ops; "
            f"print(ops.OPERATORS.modules[{OP_NAME!r}].__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "textrepair.integrations.datajuicer"


def test_recipe_runs_the_op_and_matches_clean(tmp_path: Path) -> None:
    records = corpus_records()
    out = {row["id"]: row for row in run_recipe(tmp_path, records,
                                                "\n      annotate_key: textrepair")}
    assert len(out) == len(records)
    for rec in records:
        row = out[rec["id"]]
        assert row["text"] == expected_text(rec["text"]), rec["id"]
        assert (row["url"], row["n"], row["lang"]) == (rec["url"], rec["n"], rec["lang"])
        assert json.loads(row["textrepair"])["changed"] == (row["text"] != rec["text"])
    check_anchors({rec["text"]: out[rec["id"]]["text"] for rec in records})


def test_recipe_passes_textrepair_options_and_text_key(tmp_path: Path) -> None:
    records = [{"id": r["id"], "content": r["text"]} for r in corpus_records(4)]
    args = "\n      text_key: content\n      target: keep\n      punctuation: false"
    out = {row["id"]: row for row in run_recipe(tmp_path, records, args, text_keys="content")}
    want = textrepair.Repairer("corpus", target="keep", punctuation=False)
    for rec in records:
        assert out[rec["id"]]["content"] == want.clean(rec["content"]), rec["id"]


def test_recipe_with_a_misspelt_option_fails_before_running(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="tagret"):
        run_recipe(tmp_path, corpus_records(1), "\n      tagret: keep")


def test_op_exposes_every_textrepair_option() -> None:
    assert option_parameters() == set(Config.__dataclass_fields__)
    assert {"preset", "repair_only", "annotate_key"} <= set(
        inspect.signature(TextRepairMapper.__init__).parameters)


def test_process_batched_keeps_fields_and_missing_texts() -> None:
    op = TextRepairMapper(repair_only=True)
    out = op.process_batched({"text": ["這個ÄãºÃ", None], "id": [1, 2]})
    assert out == {"text": ["這個你好", None], "id": [1, 2]}
