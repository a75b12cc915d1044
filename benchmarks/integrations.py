"""Documents/s per core through each engine adapter, vs clean() and datatrove's FTFYFormatter.

Corpus (deterministic): --docs documents of about 1 KB cut at line boundaries
from the clean development corpora (us_constitution_zhs, zuozhuan), every
--damaged-every-th one with a ~200-character paragraph damaged as UTF-8 read as
GBK by Windows (as in speed.py), plus the project's repair cases.  Records are
JSONL ``{"id", "text", "source"}``.

Each measurement runs in a fresh Python process with --workers cores:
  loop clean()        Repairer("corpus").clean per document, one core, no I/O
  loop FTFYFormatter  datatrove's FTFYFormatter.format per document, one core, no I/O
  datatrove *         LocalPipelineExecutor(tasks=W, workers=W): JsonlReader ->
                      formatter -> JsonlWriter; wall time of run(), with process start-up
  data-juicer         a recipe with np=W; the op time data-juicer logs ([1/1] OP ... Done in)
  ray                 ray.init(num_cpus=W) not timed; read_json -> map_batches(Repair,
                      ActorPoolStrategy(size=W)) -> write_json
  spark               local[W], session and one warm-up job not timed; read.json ->
                      mapInPandas(repair_partitions) -> write.json

docs/s per core = documents / wall seconds / cores used.  Each engine's output is
compared with clean() per record ("same" column).  Engines that are not
installed are skipped.  The machine is shared: run it twice before trusting a digit.

    python benchmarks/integrations.py [--docs 3000] [--workers 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import table
from speed import damage_one_paragraph, paginate

import textrepair

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
CASES = REPO / "fixtures" / "cases" / "repair.jsonl"


# --- corpus -----------------------------------------------------------------------------

def build_corpus(root: Path, n_docs: int, damaged_every: int, seed: int) -> list[dict[str, Any]]:
    pages: list[str] = []
    for name in ("us_constitution_zhs.txt", "zuozhuan.txt"):
        pages += paginate((root / "clean" / name).read_text("utf-8"), page_bytes=1024)
    rng = random.Random(seed)
    cases = [json.loads(line)["input"] for line in CASES.read_text("utf-8").splitlines()
             if line.strip()]
    records: list[dict[str, Any]] = []
    for i, text in enumerate(cases):
        records.append({"id": f"case-{i}", "text": text, "source": "case"})
    i = 0
    while len(records) < n_docs:
        page = pages[i % len(pages)]
        damaged = damaged_every > 0 and i % damaged_every == 0
        records.append({"id": f"doc-{i}", "text": damage_one_paragraph(page, rng) if damaged
                        else page, "source": "damaged" if damaged else "clean"})
        i += 1
    return records


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def read_jsonl_dir(folder: Path) -> dict[str, str]:
    """id -> text of every JSONL(.gz) file under ``folder``."""
    import gzip

    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or not re.search(r"\.json(l)?(\.gz)?$", path.name):
            continue
        opener: Callable[..., Any] = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    out[str(row["id"])] = row["text"]
    return out


# --- one engine per process ----------------------------------------------------------------

def run_loop(records: list[dict[str, Any]],
             fn: Callable[[str], str]) -> tuple[float, dict[str, str]]:
    fn(records[0]["text"])  # warm-up: lazy tables and converters
    t0 = time.perf_counter()
    out = {r["id"]: fn(r["text"]) for r in records}
    return time.perf_counter() - t0, out


def engine_loop_clean(work: Path, records: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    secs, out = run_loop(records, textrepair.Repairer("corpus").clean)
    return {"seconds": secs, "cores": 1, "output": out}


def engine_loop_ftfy(work: Path, records: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    from datatrove.pipeline.formatters import FTFYFormatter

    secs, out = run_loop(records, FTFYFormatter().format)
    return {"seconds": secs, "cores": 1, "output": out}


def _datatrove(work: Path, records: list[dict[str, Any]], workers: int,
               formatter: Any) -> dict[str, Any]:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    for k in range(workers):
        write_jsonl(records[k::workers], work / "in" / f"part-{k}.jsonl")
    ex = LocalPipelineExecutor(pipeline=[JsonlReader(str(work / "in")), formatter,
                                         JsonlWriter(str(work / "out"), compression=None)],
                               tasks=workers, workers=workers, logging_dir=str(work / "logs"))
    t0 = time.perf_counter()
    ex.run()
    return {"seconds": time.perf_counter() - t0, "cores": workers,
            "output": read_jsonl_dir(work / "out")}


def engine_datatrove(work: Path, records: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    from textrepair.integrations.datatrove import TextRepairFormatter

    return _datatrove(work, records, workers, TextRepairFormatter())


def engine_datatrove_ftfy(work: Path, records: list[dict[str, Any]],
                          workers: int) -> dict[str, Any]:
    from datatrove.pipeline.formatters import FTFYFormatter

    return _datatrove(work, records, workers, FTFYFormatter())


DJ_RUNNER = """
import sys, types
try:
    import torch
except ImportError:  # data-juicer 1.6.1 would install torch to call torch.cuda.empty_cache()
    import data_juicer.utils.model_utils as m
    m.torch = types.SimpleNamespace(cuda=types.SimpleNamespace(empty_cache=lambda: None))
from data_juicer.config import init_configs
from data_juicer.core import DefaultExecutor
DefaultExecutor(init_configs(["--config", sys.argv[1]])).run()
"""


def engine_datajuicer(work: Path, records: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    write_jsonl(records, work / "in.jsonl")
    recipe = work / "recipe.yaml"
    recipe.write_text(f"project_name: bench\ndataset_path: {work / 'in.jsonl'}\n"
                      f"export_path: {work / 'out' / 'out.jsonl'}\nwork_dir: {work / 'w'}\n"
                      f"ds_cache_dir: {work / 'cache'}\nuse_cache: false\nnp: {workers}\n"
                      "skip_op_error: false\nprocess:\n  - textrepair_mapper:\n", "utf-8")
    proc = subprocess.run([sys.executable, "-c", DJ_RUNNER, str(recipe)], capture_output=True,
                          text=True, cwd=work, check=False)
    m = re.search(r"OP \[textrepair_mapper\] Done in ([0-9.]+)s", proc.stdout + proc.stderr)
    if proc.returncode != 0 or m is None:
        raise RuntimeError((proc.stdout + proc.stderr)[-2000:])
    return {"seconds": float(m.group(1)), "cores": workers,
            "output": read_jsonl_dir(work / "out")}


def engine_ray(work: Path, records: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    import ray

    from textrepair.integrations.ray import Repair

    write_jsonl(records, work / "in" / "part.jsonl")
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        t0 = time.perf_counter()
        # Half a CPU for each actor and each read/write task: whole-CPU actors
        # holding every CPU starve the read and write tasks and Ray Data hangs.
        half = {"num_cpus": 0.5}
        ds = ray.data.read_json(str(work / "in"), override_num_blocks=4 * workers,
                                ray_remote_args=half)
        ds = ds.map_batches(Repair, batch_format="pyarrow", batch_size=64, num_cpus=0.5,
                            compute=ray.data.ActorPoolStrategy(size=workers))
        ds.write_json(str(work / "out"), ray_remote_args=half)
        secs = time.perf_counter() - t0
    finally:
        ray.shutdown()
    return {"seconds": secs, "cores": workers, "output": read_jsonl_dir(work / "out")}


def engine_spark(work: Path, records: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    from textrepair.integrations.spark import repair_partitions

    write_jsonl(records, work / "in" / "part.jsonl")
    spark = (SparkSession.builder.master(f"local[{workers}]").appName("bench")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        warm = spark.createDataFrame([(1, "ÄãºÃ")], "id long, text string")
        warm.mapInPandas(repair_partitions, warm.schema).collect()
        t0 = time.perf_counter()
        df = spark.read.json(str(work / "in")).repartition(workers)
        df.mapInPandas(repair_partitions, df.schema).write.json(str(work / "out"))
        secs = time.perf_counter() - t0
    finally:
        spark.stop()
    return {"seconds": secs, "cores": workers, "output": read_jsonl_dir(work / "out")}


#: name -> (label, module that must be importable, function)
ENGINES: dict[str, tuple[str, str | None, Callable[..., dict[str, Any]]]] = {
    "loop_clean": ("loop clean()", None, engine_loop_clean),
    "loop_ftfy": ("loop FTFYFormatter", "datatrove", engine_loop_ftfy),
    "datatrove": ("datatrove TextRepairFormatter", "datatrove", engine_datatrove),
    "datatrove_ftfy": ("datatrove FTFYFormatter", "datatrove", engine_datatrove_ftfy),
    "datajuicer": ("data-juicer textrepair_mapper", "data_juicer", engine_datajuicer),
    "ray": ("ray map_batches(Repair)", "ray", engine_ray),
    "spark": ("spark mapInPandas", "pyspark", engine_spark),
}


def run_child(name: str, corpus: Path, workers: int, result: Path) -> int:
    """Run one engine in this (fresh) process and write its result."""
    records = [json.loads(line) for line in corpus.read_text("utf-8").splitlines()]
    with tempfile.TemporaryDirectory(prefix=f"tr-bench-{name}-") as tmp:
        res = ENGINES[name][2](Path(tmp), records, workers)
    result.write_text(json.dumps(res, ensure_ascii=False), "utf-8")
    return 0


# --- driver -------------------------------------------------------------------------------

def installed(module: str | None) -> bool:
    return module is None or importlib.util.find_spec(module) is not None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus-root", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--docs", type=int, default=3000, help="documents (default 3000)")
    ap.add_argument("--damaged-every", type=int, default=10,
                    help="damage every N-th page (default 10)")
    ap.add_argument("--workers", type=int, default=2, help="cores per engine (default 2)")
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=int, default=900, help="seconds per engine (default 900)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return run_child(args.child, args.corpus, args.workers, args.result)

    records = build_corpus(args.corpus_root, args.docs, args.damaged_every, args.seed)
    size_mb = sum(len(r["text"].encode("utf-8")) for r in records) / 1e6
    expected = {r["id"]: textrepair.Repairer("corpus").clean(r["text"]) for r in records}
    originals = {r["id"]: r["text"] for r in records}
    rows: list[list[str]] = []
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="tr-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_jsonl(records, corpus)
        for name in args.engines.split(","):
            label, module, _ = ENGINES[name]
            if not installed(module):
                print(f"skipped {label}: {module} is not installed", file=sys.stderr)
                continue
            out = Path(tmp) / f"{name}.json"
            print(f"running {label} ...", file=sys.stderr, flush=True)
            try:
                proc = subprocess.run([sys.executable, __file__, "--child", name, "--corpus",
                                       str(corpus), "--workers", str(args.workers), "--result",
                                       str(out)], capture_output=True, text=True, check=False,
                                      timeout=args.timeout)
            except subprocess.TimeoutExpired:
                print(f"TIMED OUT {label} after {args.timeout} s", file=sys.stderr)
                rows.append([label, str(args.workers), f">{args.timeout}", "-", "-", "-", "-"])
                continue
            if proc.returncode != 0:
                print(f"FAILED {label}:\n{(proc.stdout + proc.stderr)[-1500:]}", file=sys.stderr)
                continue
            res = json.loads(out.read_text("utf-8"))
            got: dict[str, str] = res.pop("output")
            same = sum(got.get(k) == v for k, v in expected.items())
            changed = sum(got.get(k) != v for k, v in originals.items())
            per_core = len(records) / res["seconds"] / res["cores"]
            results[name] = {**res, "docs_per_s_per_core": per_core, "same_as_clean": same,
                             "changed": changed, "returned": len(got)}
            rows.append([label, str(res["cores"]), f"{res['seconds']:.2f}",
                         f"{per_core:.0f}", f"{size_mb / res['seconds'] / res['cores']:.2f}",
                         f"{same}/{len(records)}", str(changed)])

    print(f"{len(records)} documents, {size_mb:.2f} MB "
          f"({sum(r['source'] == 'damaged' for r in records)} damaged pages, "
          f"{sum(r['source'] == 'case' for r in records)} repair cases); "
          f"Python {platform.python_version()}, textrepair {textrepair.__version__}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    print(table(["engine", "cores", "wall s", "docs/s/core", "MB/s/core", "same as clean()",
                 "docs changed"], rows))
    base = results.get("loop_clean", {}).get("docs_per_s_per_core")
    if base:
        print("\nper core, relative to clean() in a loop: " + ", ".join(
            f"{ENGINES[n][0]} {r['docs_per_s_per_core'] / base:.2f}"
            for n, r in results.items() if n != "loop_clean"))
    if args.json:
        args.json.write_text(json.dumps({"docs": len(records), "size_mb": size_mb,
                                         "workers": args.workers, "results": results},
                                        indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
