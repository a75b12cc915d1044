"""A/B throughput: the working tree's ``repair`` against a git revision's, side by side.

The machine's load changes from one minute to the next, so two back-to-back
runs of speed.py are not comparable.  This script extracts ``src/textrepair``
at ``--ref`` into a temporary folder as the package ``textrepair_ref``, builds
speed.py's inputs once, and times both versions alternately (ref, new, new,
ref, ...), keeping the best of ``--repeat`` rounds for each (process CPU time by
default: other processes on a shared machine slow wall time down); it also checks
that both return the same text for every document.

The layout of a process (string hashes, addresses) makes one version or the
other up to ~20% faster in it, whatever the code, so the A/B is run in
``--processes`` processes with different hash seeds and the median ratio is
reported, with the range.

Two figures per version: *warm*, rounds over documents already seen (every
memo holds them, as in speed.py's best-of-3), and *cold*, rounds after
clearing every memo of a function with arguments in both packages (the
tables and compiled patterns stay loaded): a corpus rarely repeats a page, so
memos keyed by text must not be what makes the new version faster.  Cold is
pessimistic: in a long run the memos of characters and short fragments are
warm.  ``--unseen`` measures that case instead: the speed benchmark's unique
simplified pages are split in two; each round clears the memos, damages every
page anew (speed.py's damage, seed = round), processes the second half, and
times the first pass over the first half, which neither version has seen.

    python benchmarks/ab_speed.py [--ref f98b599] [--inputs damaged,simplified]
                                  [--scale 0.1] [--repeat 3] [--processes 3] [--unseen]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import speed
from _common import clear_memos

import textrepair

REPO = Path(__file__).resolve().parent.parent


def load_ref(ref: str, into: Path) -> Callable[[str], str]:
    """``repair`` of the package as it is at ``ref``, imported as ``textrepair_ref``."""
    tar = subprocess.run(["git", "-C", str(REPO), "archive", ref, "src/textrepair"],
                         check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
        tf.extractall(into, filter="data")
    (into / "src" / "textrepair").rename(into / "textrepair_ref")
    sys.path.insert(0, str(into))
    mod = importlib.import_module("textrepair_ref")
    fn: Callable[[str], str] = mod.repair
    return fn


def time_once(fn: Callable[[str], str], docs: list[str],
              clock: Callable[[], float] = time.process_time) -> float:
    """Seconds for one pass over ``docs``.  Objects that exist before the pass
    (both packages' tables and memos) are frozen out of the garbage
    collector's reach, so that a full collection during the pass costs what
    the version timed made, not what the other one keeps."""
    gc.collect()
    gc.freeze()
    try:
        t0 = clock()
        for d in docs:
            fn(d)
        return clock() - t0
    finally:
        gc.unfreeze()


Result = dict[str, tuple[float, float, str]]
"""label -> (ref MB/s, new MB/s, note)."""


def unseen(fns: dict[str, Callable[[str], str]], pages: list[str], repeat: int,
           clock: Callable[[], float]) -> Result:
    """Throughput on damaged pages seen for the first time (see the module doc)."""
    pages = list(dict.fromkeys(pages))
    half = len(pages) // 2
    best = {k: float("inf") for k in fns}
    mb = 0.0
    for r in range(repeat):
        rng = random.Random(r)
        damaged = [speed.damage_one_paragraph(p, rng) for p in pages]
        timed, warmup = damaged[:half], damaged[half:]
        mb = sum(len(d.encode("utf-8")) for d in timed) / speed.MB
        order = list(fns.items()) if r % 2 == 0 else list(fns.items())[::-1]
        for k, fn in order:
            clear_memos({"ref": "textrepair_ref", "new": "textrepair"}[k])
            for d in warmup:
                fn(d)
            best[k] = min(best[k], time_once(fn, timed, clock))
    note = f"{half} docs {mb:.2f} MB, warmed up on {len(pages) - half}"
    return {"damaged unseen": (mb / best["ref"], mb / best["new"], note)}


def measure(args: argparse.Namespace) -> Result:
    """One process's measurements (the in-process A/B)."""
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    out: Result = {}
    with tempfile.TemporaryDirectory() as tmp:
        fns = {"ref": load_ref(args.ref, Path(tmp)), "new": textrepair.repair}
        if args.unseen:
            pages = speed.build_inputs(args.corpus_root, 1.0, 0)["simplified"]
            return unseen(fns, pages, args.repeat, clock)
        inputs = speed.build_inputs(args.corpus_root, args.scale, 0)
        for name in args.inputs.split(","):
            docs = inputs[name]
            mb = sum(len(d.encode("utf-8")) for d in docs) / speed.MB
            same = sum(fns["ref"](d) == fns["new"](d) for d in docs)  # also the warm-up
            warm = {k: float("inf") for k in fns}
            cold = {k: float("inf") for k in fns}
            for r in range(args.repeat):
                order = list(fns.items()) if r % 2 == 0 else list(fns.items())[::-1]
                for k, fn in order:
                    warm[k] = min(warm[k], time_once(fn, docs, clock))
                for k, fn in order:
                    clear_memos({"ref": "textrepair_ref", "new": "textrepair"}[k])
                    cold[k] = min(cold[k], time_once(fn, docs, clock))
            note = f"{len(docs)} docs {mb:.2f} MB, same output {same}/{len(docs)}"
            for label, best in (("warm", warm), ("cold", cold)):
                out[f"{name} {label}"] = (mb / best["ref"], mb / best["new"], note)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ref", default="f98b599", help="git revision to compare with")
    ap.add_argument("--inputs", default="damaged,simplified",
                    help="comma-separated speed.py inputs")
    ap.add_argument("--scale", type=float, default=0.1, help="input size (1.0 = full)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds per process; best is kept")
    ap.add_argument("--processes", type=int, default=3,
                    help="processes (PYTHONHASHSEED 0, 1, ...); the median ratio is reported")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                    help="process CPU time (default: steadier on a shared machine) or wall time")
    ap.add_argument("--unseen", action="store_true",
                    help="time damaged pages never seen before, after warming up on others")
    ap.add_argument("--corpus-root", type=Path, default=speed.DEFAULT_CORPORA)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args)))
        return 0
    child_argv = [a for a in (argv if argv is not None else sys.argv[1:])]
    runs: list[Result] = []
    for seed in range(args.processes):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        proc = subprocess.run([sys.executable, __file__, *child_argv, "--child"], env=env,
                              check=True, capture_output=True, text=True)
        res: Result = {k: tuple(v) for k, v in json.loads(proc.stdout).items()}
        runs.append(res)
        print(f"process {seed}: " + "; ".join(f"{k} x{v[1] / v[0]:.2f}" for k, v in res.items()),
              flush=True)
    print(f"\nmedian of {len(runs)} processes, best of {args.repeat} rounds each "
          f"({args.clock} time), ref = {args.ref}:")
    for label in runs[0]:
        ratios = sorted(r[label][1] / r[label][0] for r in runs)
        ref_mbs = statistics.median(r[label][0] for r in runs)
        new_mbs = statistics.median(r[label][1] for r in runs)
        print(f"  {label:16s} ref {ref_mbs:7.3f} MB/s, new {new_mbs:7.3f} MB/s, "
              f"x{statistics.median(ratios):.2f} (x{ratios[0]:.2f}-x{ratios[-1]:.2f}); "
              f"{runs[0][label][2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
