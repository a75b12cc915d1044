"""Run ``fix`` / ``check`` over corpus files: read, process in order, write atomically.

For each input the main process asks its format (:mod:`textrepair.corpus.formats`)
to open it and cut it into chunks, hands them to a pool of worker processes
(``-j``) with at most ``2 × workers`` chunks in flight, and gives the results,
in input order, to the format's writer, which streams into a temporary file
that is renamed into place at the end.  Memory is bounded by the chunk size
× chunks in flight, whatever the size of the file.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, TypeVar

from ..api import Repairer
from ..caches import clear_caches
from .chunks import ChunkResult, Counts, Job, Settings, Worker
from .files import InputFile
from .formats import format_for
from .progress import Progress
from .streams import STDIN, Console, CorpusError, InputError
from .writes import FILE, OutputError, remove_stale, resolve

A = TypeVar("A")
B = TypeVar("B")
R = TypeVar("R")

#: Warnings about skipped or kept records printed before they are only counted.
MAX_WARNINGS = 100


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """Counts of one file and whether its output was written."""

    counts: Counts
    written: bool


class Reporter:
    """Warnings on stderr (capped), the progress line, and the totals: ``live``
    counts every chunk as it comes back (for the progress line), ``total`` only
    files that were processed to the end (for ``--stats``)."""

    def __init__(self, stderr: TextIO, progress: Progress) -> None:
        self.stderr = stderr
        self.progress = progress
        self.warnings = 0
        self.live = Counts()
        self.total = Counts()
        self.files = 0
        self.files_failed = 0
        self.files_written = 0
        self.label = ""
        self.sizes: list[int] | None = None
        """Bytes of each input on disk (None: unknown, e.g. standard input)."""
        self.index = 0
        self.fraction = 0.0

    def warn(self, message: str) -> None:
        self.warnings += 1
        if self.warnings <= MAX_WARNINGS:
            self.progress.close()
            self.stderr.write(f"textrepair: warning: {message}\n")
        elif self.warnings == MAX_WARNINGS + 1:
            self.progress.close()
            self.stderr.write("textrepair: warning: more errors are only counted "
                              "(--stats FILE has the numbers)\n")

    def note(self, message: str) -> None:
        """Something the run did that the user should know of (not a warning)."""
        self.progress.close()
        self.stderr.write(f"textrepair: {message}\n")

    def begin(self, index: int, label: str) -> None:
        """File ``index`` of the run starts."""
        self.index, self.label, self.fraction = index, label, 0.0

    def done(self) -> float | None:
        """The share of the run's input bytes done (None: unknown)."""
        if not self.sizes:
            return None
        before = sum(self.sizes[:self.index])
        return (before + self.fraction * self.sizes[self.index]) / sum(self.sizes)

    def add(self, counts: Counts, force: bool = False, fraction: float | None = None) -> None:
        self.live += counts
        if fraction is not None:  # the compression ratio read so far moves: never back
            self.fraction = max(self.fraction, fraction)
        t = self.live
        self.progress.update(t.documents, t.bytes_in, t.damaged, t.errors, self.label, force,
                             self.done())

    def tick(self) -> None:
        """Redraw the progress line (the clock and the estimate move on)."""
        self.add(Counts())

    def file_done(self, outcome: FileOutcome) -> None:
        self.files += 1
        self.total += outcome.counts
        self.files_written += int(outcome.written)

    def file_failed(self, message: str) -> None:
        self.files += 1
        self.files_failed += 1
        self.total += Counts(errors=1)
        self.add(Counts(errors=1))
        self.warn(f"{message}; file skipped")


#: Seconds between redraws of the progress line while waiting for a worker.
TICK = 0.5


def _result(fut: Future[R], tick: Callable[[], None] | None) -> R:
    """The future's result; ``tick()`` every TICK seconds while waiting."""
    if tick is not None:
        while not wait([fut], timeout=TICK).done:
            tick()
    return fut.result()


def ordered_map(fn: Callable[[A], R], items: Iterable[tuple[A, B]], executor: Executor | None,
                window: int, tick: Callable[[], None] | None = None) -> Iterator[tuple[B, R]]:
    """``(b, fn(a))`` for each ``(a, b)``, in order; with an executor at most
    ``window`` calls are in flight, so the input is read only as fast as it
    is processed (and ``tick()`` is called while waiting)."""
    if executor is None:
        for a, b in items:
            yield b, fn(a)
        return
    pending: deque[tuple[B, Future[R]]] = deque()
    try:
        for a, b in items:
            pending.append((b, executor.submit(fn, a)))
            if len(pending) >= window:
                b0, fut = pending.popleft()
                yield b0, _result(fut, tick)
        while pending:
            b0, fut = pending.popleft()
            yield b0, _result(fut, tick)
    finally:
        for _, fut in pending:
            fut.cancel()


#: How often (seconds) a worker checks that its parent is alive where the
#: kernel cannot tell it (no ``prctl``: macOS, BSD).
PARENT_POLL = 1.0
PR_SET_PDEATHSIG = 1


def _alive(pid: int) -> bool:  # pragma: no cover - runs in the workers
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _exit_with_parent(main: int) -> None:  # pragma: no cover - runs in the workers
    """End this worker when its parent ends, however it ends (even ``kill -9``):
    the kernel sends SIGKILL on Linux (``prctl(PR_SET_PDEATHSIG)``), a thread
    watches the parent elsewhere.  ``main`` is the process that made the pool
    (the parent under ``fork``; under ``forkserver`` the parent is the server,
    which ends with it)."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent or not _alive(main):  # gone before prctl
                    os._exit(1)
                return

    def watch() -> None:
        while True:
            if os.getppid() != parent or not _alive(main):
                os._exit(1)
            time.sleep(PARENT_POLL)

    threading.Thread(target=watch, name="textrepair-parent-watch", daemon=True).start()


def _worker_init(main: int) -> None:  # pragma: no cover - runs in the workers
    """Ctrl-C and SIGTERM are the main process's to handle; workers just end,
    and they end with the main process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _exit_with_parent(main)


def _ready() -> int:  # pragma: no cover - runs in the workers
    return os.getpid()


def make_executor(workers: int) -> Executor | None:
    """A process pool for ``workers`` > 1, else None (work in this process).

    The workers are started at once, before any output file is opened, so
    that none of them holds an output's descriptor (and its lock)."""
    if workers <= 1:
        return None
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                               initargs=(os.getpid(),))
    try:
        pool.submit(_ready).result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    return pool


#: A process whose resident memory is above this after a chunk, and grew by
#: more than MEMORY_GROWTH_MB while working on it, empties the library's memos
#: of results (``clear_caches(keep_tables=True)``: results do not change; the
#: tables and the language model stay loaded).  Some memos keep up to 256-1024
#: whole regions: on random CJK, one process grew by ~50 MB with each block of
#: 131,072 characters.  With the running-text model a process holds ~240 MB
#: once everything is loaded (the load itself peaks at ~258), so the memos are
#: trimmed above 250: the peak stays the load's, plus what one chunk needs
#: (tests/test_cli_text.py, tests/test_cli_corpus.py measure it).
MEMORY_TRIM_MB = 250
#: Emptied memos do not give their memory back to the system (resident memory
#: stays where it was, and the memos fill it again), so a process over
#: MEMORY_TRIM_MB trims only when a chunk made it grow: trimming after every
#: chunk, as before, ran each chunk with cold memos (50 MB JSONL of
#: benchmarks/cli_corpus.py, -j 1: 43.8 CPU s against 31.9 for clean() in a
#: loop; without trimming 33.9 s, peak 320 MB).
MEMORY_GROWTH_MB = 0.0


def resident_mb() -> float | None:
    """This process's resident memory (Linux), else None."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def work_within_memory(task: tuple[Worker, tuple[Job, Any]]) -> ChunkResult:
    """One chunk through its format's worker, then the memos emptied if this
    process holds more than MEMORY_TRIM_MB and the chunk made it grow."""
    worker, job_chunk = task
    before = resident_mb()
    result = worker(job_chunk)
    rss = resident_mb()
    if (rss is not None and rss > MEMORY_TRIM_MB
            and (before is None or rss - before > MEMORY_GROWTH_MB)):
        clear_caches(keep_tables=True)
        gc.collect()
    return result


class Runner:
    """Processes input files one after another with one shared worker pool."""

    def __init__(self, settings: Settings, repairer: Repairer, console: Console,
                 reporter: Reporter, executor: Executor | None) -> None:
        self.s = settings
        self.repairer = repairer
        self.console = console
        self.reporter = reporter
        self.executor = executor
        self.window = 2 * max(1, settings.workers)
        self.cleaned: set[Path] = set()

    def fail(self, f: InputFile, result: ChunkResult, target: Path | None) -> None:
        """Report failed records; raise to stop on the first with ``--on-error stop``."""
        for failure in result.failures:
            where = f"{f.name}:{failure.where}"
            if self.s.on_error == "stop":
                kept = (f"; {target} was left as it was" if target and self.s.mode == "fix"
                        else "")
                raise CorpusError(f"{where}: {failure.message}; stopped (use --on-error skip or "
                                  f"keep to go on){kept}")
            done = {"skip": "skipped", "keep": "kept unchanged"}[self.s.on_error]
            self.reporter.warn(f"{where}: {failure.message}; record {done}")

    def clean_beside(self, target: Path) -> None:
        """Remove what killed runs left beside ``target`` (once per directory)."""
        try:
            real, how = resolve(target)
        except OutputError:
            return  # said when the output is opened
        if how != FILE or real.parent in self.cleaned:
            return
        self.cleaned.add(real.parent)
        for p in remove_stale(real.parent):
            self.reporter.note(f"removed {p}, a temporary file left by an interrupted run")

    def process(self, f: InputFile, target: Path | None) -> FileOutcome:
        """One file: its format reads it, the workers process its chunks, its
        writer writes the results (put in place unless nothing changed
        ``--in-place``)."""
        fmt = format_for(f, self.s.fmt)
        counts = Counts()
        if target is not None and self.s.mode == "fix":
            self.clean_beside(target)
        with fmt.read(f, target, self.s, self.console) as reading:
            job = Job(self.repairer, f.name, self.s, reading.compression)
            items = (((fmt.work, (job, chunk)), kept) for chunk, kept in reading.chunks)
            for kept, result in ordered_map(work_within_memory, items, self.executor,
                                            self.window, self.reporter.tick):
                self.fail(f, result, target)
                reading.output.write(kept, result)
                counts += result.counts
                self.reporter.add(result.counts,
                                  fraction=reading.fraction(counts.documents, counts.bytes_in))
            problem = reading.problem()
            if problem is not None:
                done = {"fix": "fixed and written", "diff": "compared"}.get(self.s.mode, "checked")
                self.reporter.warn(f"{problem}; its readable part ({counts.documents:,} "
                                   f"documents) was {done}")
                counts += Counts(errors=1)
                self.reporter.add(Counts(errors=1))
            differs = (counts.changed or counts.skipped or self.s.keep_original
                       or self.s.annotate or not reading.lossless or problem is not None)
            written = reading.output.finish(bool(differs) or not self.s.in_place)
        return FileOutcome(counts, written)


def input_sizes(files: Sequence[InputFile]) -> list[int] | None:
    """Bytes of each input on disk; None when one is standard input or a pipe."""
    sizes = []
    for f in files:
        if f.path == STDIN:
            return None
        try:
            st = os.stat(f.path)
        except OSError:
            sizes.append(0)
            continue
        if not stat.S_ISREG(st.st_mode):
            return None
        sizes.append(st.st_size)
    return sizes if sum(sizes) else None


def run(files: Sequence[InputFile], targets: Sequence[Path | None], settings: Settings,
        repairer: Repairer, stdout: TextIO, reporter: Reporter,
        stdin: TextIO | None) -> None:
    """Process every file; file-level errors stop the run with ``--on-error
    stop`` and are reported and counted otherwise.  The totals are in ``reporter``."""
    reporter.sizes = input_sizes(files)
    executor = make_executor(settings.workers)
    try:
        runner = Runner(settings, repairer, Console(stdin, stdout), reporter, executor)
        for i, (f, target) in enumerate(zip(files, targets, strict=True)):
            reporter.begin(i, f"[{i + 1}/{len(files)}] {f.name}" if len(files) > 1 else f.name)
            try:
                reporter.file_done(runner.process(f, target))
            except InputError as exc:
                if settings.on_error == "stop":
                    raise
                reporter.file_failed(str(exc))
        reporter.add(Counts(), force=True, fraction=1.0)
    finally:
        reporter.progress.close()
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
