"""Corpus CLI benchmark: `textrepair fix` on a large JSONL.gz with -j 1 and -j 2.

A deterministic corpus of Chinese web-like documents is generated in /tmp from
the development corpora (clean texts, cpython legacy truths, chardet feeds with
tags stripped — the sources benchmarks/accuracy.py uses): pages of 0.5–6 KB
cut from a random place in a random source, about 10% of them with one span
damaged by one of accuracy.py's damage generators (UTF-8 read as GBK,
GBK read as Latin-1, 锟斤拷, ...).  Records look like crawl output:
{"id", "url", "text", "meta": {...}}.  --size-mb is the uncompressed JSONL
size; the file is written gzip-compressed and reused when it already exists.

For each worker count the CLI runs as a subprocess
(`python -m textrepair fix IN -o OUT -j N --stats S -q`) and the benchmark
reports wall time, CPU time (user + sys of the whole process tree, from
wait4), the cores it got on average (CPU s / wall s: below the worker count
when the machine is shared), documents/s and MB/s (uncompressed input), the
largest single-process peak RSS (wait4's ru_maxrss) and the peak of the whole
tree sampled every 0.1 s from /proc (RSS summed, which counts pages shared
after fork once per process, and PSS summed, which does not), and whether the
outputs are identical.  Targets: -j 2 at least 1.7x faster than -j 1; peak memory < 300 MB.
The machine may be shared: the load average is printed before and after.

With --loop, clean() over the same records in a loop (a new process, reading
the same file; once reading only, once also writing the records back as
JSONL.gz, gzip level 6 as the CLI) is timed too: ``fix -j 1`` against it is issue 12's CLI ratio,
on a corpus large enough that starting Python and loading the tables (~1.3 s
in both) do not decide it.

    python benchmarks/cli_corpus.py [--size-mb 50] [--workers 1,2] [--chunk-bytes N]
        [--loop] [--json out.json]

Needs the development corpora (../shared/corpora, or --corpus-root) to generate its input.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from _common import table
from accuracy import DEFAULT_CORPORA, KINDS, load_sources

MB = 1_000_000
DAMAGE_RATE = 0.10
#: accuracy.py kinds whose generator needs English or title input, not page text.
SKIP_POOLS = {"english", "title", "para"}


@dataclass(frozen=True)
class RunStats:
    workers: int
    wall: float
    cpu: float
    max_rss_mb: float
    tree_rss_mb: float
    tree_pss_mb: float
    returncode: int
    stats: dict[str, object]


def pages(texts: dict[str, str], rng: random.Random) -> Iterator[tuple[str, str]]:
    """Endless (source, page) pairs: 0.5-6 KB of consecutive lines from a random source."""
    sources = sorted(texts)
    lines = {s: [ln for ln in texts[s].splitlines() if ln.strip()] for s in sources}
    sources = [s for s in sources if lines[s]]
    while True:
        src = rng.choice(sources)
        ls = lines[src]
        want = rng.randint(500, 6000)
        i = rng.randrange(len(ls))
        out: list[str] = []
        size = 0
        while size < want and i < len(ls):
            out.append(ls[i])
            size += len(ls[i].encode("utf-8")) + 1
            i += 1
        yield src, "\n".join(out)


def damage(page: str, rng: random.Random) -> tuple[str, str | None]:
    """The page with one line (or a part of a long one) damaged, and the kind."""
    kinds = [(name, gen) for name, pool, gen in KINDS if pool not in SKIP_POOLS]
    lines = page.split("\n")
    idx = [i for i, ln in enumerate(lines) if len(ln) >= 8]
    if not idx:
        return page, None
    i = rng.choice(idx)
    start = rng.randrange(max(1, len(lines[i]) - 120))
    span = lines[i][start:start + 120]
    name, gen = rng.choice(kinds)
    try:
        bad = gen(span, rng)
    except (UnicodeError, ValueError, IndexError):
        bad = None
    if bad is None or bad == span:
        return page, None
    lines[i] = lines[i][:start] + bad + lines[i][start + len(span):]
    return "\n".join(lines), name


def generate(path: Path, root: Path, size_mb: float, seed: int) -> tuple[int, int]:
    """Write the corpus; return (documents, uncompressed bytes)."""
    groups, _ = load_sources(root)  # {source group: records}
    texts = {k: re.sub(r"\n\s*\n+", "\n\n", "\n".join(v)) for k, v in groups.items()}
    rng = random.Random(seed)
    target = int(size_mb * MB)
    total = docs = 0
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6,
                                               filename="", mtime=0) as gz:
        for src, page in pages(texts, rng):
            kind = None
            if rng.random() < DAMAGE_RATE:
                page, kind = damage(page, rng)
            rec = {"id": f"doc-{docs:08d}", "url": f"https://example.cn/{src}/{docs}",
                   "text": page, "meta": {"source": src, "damage": kind, "lang": "zh"}}
            line = (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")
            gz.write(line)
            total += len(line)
            docs += 1
            if total >= target:
                break
    tmp.replace(path)
    return docs, total


def tree_memory(pid: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in bytes of ``pid`` and all its descendants."""
    pids = [pid]
    rss = pss = 0
    while pids:
        p = pids.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            m = re.search(r"VmRSS:\s+(\d+) kB", status)
            rss += int(m.group(1)) * 1024 if m else 0
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            m = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
            pss += int(m.group(1)) * 1024 if m else 0
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                pids += [int(c) for c in children]
        except (OSError, ValueError):
            continue
    return rss, pss


def sample_peak(pid: int, stop: threading.Event, peak: list[int]) -> None:
    while not stop.is_set():
        rss, pss = tree_memory(pid)
        peak[0] = max(peak[0], rss)
        peak[1] = max(peak[1], pss)
        stop.wait(0.1)


def run_cli(src: Path, out: Path, workers: int, stats: Path,
            chunk_bytes: int | None = None) -> RunStats:
    cmd = [sys.executable, "-m", "textrepair", "fix", str(src), "-o", f"{out}/",
           "-j", str(workers), "--stats", str(stats), "-q"]
    if chunk_bytes:
        cmd += ["--chunk-bytes", str(chunk_bytes)]
    stats.unlink(missing_ok=True)
    if out.exists() and not out.is_dir():
        out.unlink()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak = [0, 0]
    stop = threading.Event()
    sampler = threading.Thread(target=sample_peak, args=(proc.pid, stop, peak), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    sampler.join()
    data = json.loads(stats.read_text("utf-8")) if stats.exists() else {}
    return RunStats(workers, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                    peak[0] / 2**20, peak[1] / 2**20, proc.returncode, data)


_CLEAN_LOOP = """
import gzip, json, sys, textrepair
out = gzip.open(sys.argv[2], "wt", encoding="utf-8", compresslevel=6) if len(sys.argv) > 2 else None
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f:
    for line in f:
        rec = json.loads(line)
        rec["text"] = textrepair.clean(rec["text"])
        if out is not None:
            out.write(json.dumps(rec, ensure_ascii=False) + "\\n")
if out is not None:
    out.close()
"""


def loop_cpu(src: Path, out: Path | None = None) -> tuple[float, float]:
    """(wall s, CPU s) of clean() over every record of ``src`` in a loop, in a
    new process (what ``fix -j 1`` is compared with: issue 12); with ``out``,
    the loop also writes each record as JSON, gzip level 6 as the CLI does."""
    start = time.perf_counter()
    cmd = [sys.executable, "-c", _CLEAN_LOOP, str(src), *([str(out)] if out else [])]
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("the clean() loop failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def same_output(a: Path, b: Path) -> tuple[bool, bool]:
    """(bytes identical, decompressed content identical)."""
    ba, bb = a.read_bytes(), b.read_bytes()
    return ba == bb, gzip.decompress(ba) == gzip.decompress(bb)


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=50.0,
                    help="uncompressed JSONL size in MB (default 50)")
    ap.add_argument("--chunk-bytes", type=int, default=None,
                    help="passed to the CLI (default: the CLI's own)")
    ap.add_argument("--workers", default="1,2", help="worker counts to run (default 1,2)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/textrepair-cli-bench"))
    ap.add_argument("--corpus-root", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--loop", action="store_true",
                    help="also time clean() over the same records in a loop (fix -j 1 / loop)")
    args = ap.parse_args(argv)

    args.dir.mkdir(parents=True, exist_ok=True)
    src = args.dir / f"corpus-{args.size_mb:g}mb-seed{args.seed}.jsonl.gz"
    if not src.exists() and not args.corpus_root.is_dir():
        print(f"{args.corpus_root}: not found; this benchmark builds its input from the "
              "development corpora (../shared/corpora beside the repository, or "
              "--corpus-root DIR)", file=sys.stderr)
        return 2
    if not src.exists():
        t = time.perf_counter()
        docs, size = generate(src, args.corpus_root, args.size_mb, args.seed)
        print(f"generated {src}: {docs:,} documents, {size / MB:.1f} MB uncompressed, "
              f"{src.stat().st_size / MB:.1f} MB gzip, in {time.perf_counter() - t:.0f} s")
    else:
        print(f"reusing {src} ({src.stat().st_size / MB:.1f} MB gzip)")
    free = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"cores: {os.cpu_count()} ({free} usable by this process), load average before: "
          f"{loadavg()} (other work running: -j 2 gets two free cores only while the load "
          f"stays below about {max(0, (free or 1) - 1)})")

    runs: list[RunStats] = []
    outputs: dict[int, Path] = {}
    for w in (int(x) for x in args.workers.split(",")):
        out = args.dir / f"out-j{w}"
        outputs[w] = out / src.name
        runs.append(run_cli(src, out, w, args.dir / f"stats-j{w}.json", args.chunk_bytes))
        print(f"  -j {w}: {runs[-1].wall:.1f} s (exit {runs[-1].returncode}), "
              f"load average {loadavg()}")
        if runs[-1].returncode != 0:
            print("the CLI failed; no figures")
            return 1

    base = runs[0]
    s = base.stats
    docs = int(str(s.get("documents", 0)))
    mb = int(str(s.get("bytes_in", 0))) / MB
    print(f"\n{docs:,} documents, {mb:.1f} MB uncompressed; changed {s.get('changed')}, "
          f"with encoding damage {s.get('damaged')}, errors {s.get('errors')}")
    print(f"kinds: {s.get('kinds')}\n")
    rows = []
    for r in runs:
        rows.append([f"-j {r.workers}", f"{r.wall:.1f}", f"{r.cpu:.1f}", f"{r.cpu / r.wall:.2f}",
                     f"{docs / r.wall:,.0f}",
                     f"{mb / r.wall:.2f}", f"{base.wall / r.wall:.2f}x", f"{r.max_rss_mb:.0f}",
                     f"{r.tree_rss_mb:.0f}", f"{r.tree_pss_mb:.0f}"])
    for r in runs:
        cpu = r.stats.get("cpu_seconds")
        if isinstance(cpu, dict) and r.workers > 1:
            main_cpu, workers_cpu = float(cpu["main"]), float(cpu["workers"])
            print(f"-j {r.workers}: main process {main_cpu:.1f} CPU s (reading, writing, "
                  f"{100 * main_cpu / (main_cpu + workers_cpu):.1f}% of the total), workers "
                  f"{workers_cpu:.1f} CPU s")
    print(table(["run", "wall s", "CPU s", "cores used", "docs/s", "MB/s", "speed-up",
                 "max RSS MB",
                 "tree RSS MB", "tree PSS MB"], rows))

    results: dict[str, object] = {"size_mb": args.size_mb, "documents": docs, "mb": mb,
                                  "runs": [r.__dict__ for r in runs]}
    ok = True
    first = outputs[base.workers]
    for r in runs[1:]:
        same_bytes, same_text = same_output(first, outputs[r.workers])
        print(f"output -j {r.workers} vs -j {base.workers}: bytes identical {same_bytes}, "
              f"content identical {same_text}")
        results[f"identical_j{r.workers}"] = same_bytes
        ok = ok and same_bytes
    by_w = {r.workers: r for r in runs}
    if 1 in by_w and 2 in by_w:
        speedup = by_w[1].wall / by_w[2].wall
        cpu_ratio = by_w[2].cpu / by_w[1].cpu
        print(f"speed-up -j 2 / -j 1: {speedup:.2f}x (target >= 1.7x: "
              f"{'met' if speedup >= 1.7 else 'NOT met'}); CPU time -j 2 / -j 1: {cpu_ratio:.2f}")
        results["speedup"] = speedup
    peak = max(max(r.tree_pss_mb, r.max_rss_mb) for r in runs)
    print(f"peak memory (largest of tree PSS and max single RSS): {peak:.0f} MB "
          f"(target < 300 MB: {'met' if peak < 300 else 'NOT met'}); tree RSS counts shared "
          f"pages once per process: {max(r.tree_rss_mb for r in runs):.0f} MB")
    if args.loop and 1 in by_w:
        for label, out in (("reading only", None),
                           ("reading, writing JSONL.gz", args.dir / "loop-out.jsonl.gz")):
            wall, cpu = loop_cpu(src, out)
            ratio = cpu / by_w[1].cpu
            print(f"clean() loop over the same records ({label}): {wall:.1f} s wall, "
                  f"{cpu:.1f} CPU s; fix -j 1 / loop (CPU): {ratio:.3f} (target >= 0.95: "
                  f"{'met' if ratio >= 0.95 else 'NOT met'})")
            results["loop_cpu_write" if out else "loop_cpu"] = cpu
            results["fix_vs_loop_write" if out else "fix_vs_loop"] = ratio
    print(f"load average after: {loadavg()}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), "utf-8")
    return 0 if ok and all(r.returncode == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
