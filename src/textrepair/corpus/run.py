"""Run ``fix`` / ``check`` over corpus files: read, process in order, write atomically.

For each input the main process asks its format (:mod:`textrepair.corpus.formats`)
to open it and cut it into chunks, hands them to a pool of worker processes
(``-j``) with at most ``2 × workers`` chunks in flight, and gives the results,
in input order, to the format's writer, which streams into a temporary file
that is renamed into place at the end.  Memory is bounded by the chunk size
× chunks in flight, whatever the size of the file.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeVar

from ..api import Repairer
from .chunks import ChunkResult, Counts, Job, Settings
from .files import InputFile
from .formats import format_for
from .progress import Progress
from .streams import Console, CorpusError, InputError

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

    def warn(self, message: str) -> None:
        self.warnings += 1
        if self.warnings <= MAX_WARNINGS:
            self.progress.close()
            self.stderr.write(f"textrepair: warning: {message}\n")
        elif self.warnings == MAX_WARNINGS + 1:
            self.progress.close()
            self.stderr.write("textrepair: warning: more errors are only counted "
                              "(--stats FILE has the numbers)\n")

    def add(self, counts: Counts, force: bool = False) -> None:
        self.live += counts
        t = self.live
        self.progress.update(t.documents, t.bytes_in, t.damaged, t.errors, self.label, force)

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


def ordered_map(fn: Callable[[A], R], items: Iterable[tuple[A, B]], executor: Executor | None,
                window: int) -> Iterator[tuple[B, R]]:
    """``(b, fn(a))`` for each ``(a, b)``, in order; with an executor at most
    ``window`` calls are in flight, so the input is read only as fast as it
    is processed."""
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
                yield b0, fut.result()
        while pending:
            b0, fut = pending.popleft()
            yield b0, fut.result()
    finally:
        for _, fut in pending:
            fut.cancel()


def _worker_signals() -> None:  # pragma: no cover - runs in the workers
    """Ctrl-C and SIGTERM are the main process's to handle; workers just end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def make_executor(workers: int) -> Executor | None:
    """A process pool for ``workers`` > 1, else None (work in this process)."""
    if workers <= 1:
        return None
    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_signals)


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

    def process(self, f: InputFile, target: Path | None) -> FileOutcome:
        """One file: its format reads it, the workers process its chunks, its
        writer writes the results (put in place unless nothing changed
        ``--in-place``)."""
        fmt = format_for(f, self.s.fmt)
        counts = Counts()
        with fmt.read(f, target, self.s, self.console) as reading:
            job = Job(self.repairer, f.name, self.s, reading.compression)
            items = (((job, chunk), kept) for chunk, kept in reading.chunks)
            for kept, result in ordered_map(fmt.work, items, self.executor, self.window):
                self.fail(f, result, target)
                reading.output.write(kept, result)
                counts += result.counts
                self.reporter.add(result.counts)
            differs = (counts.changed or counts.skipped or self.s.keep_original
                       or self.s.annotate or not reading.lossless)
            written = reading.output.finish(bool(differs) or not self.s.in_place)
        return FileOutcome(counts, written)


def run(files: Sequence[InputFile], targets: Sequence[Path | None], settings: Settings,
        repairer: Repairer, stdout: TextIO, reporter: Reporter,
        stdin: TextIO | None) -> None:
    """Process every file; file-level errors stop the run with ``--on-error
    stop`` and are reported and counted otherwise.  The totals are in ``reporter``."""
    executor = make_executor(settings.workers)
    try:
        runner = Runner(settings, repairer, Console(stdin, stdout), reporter, executor)
        for i, (f, target) in enumerate(zip(files, targets, strict=True)):
            reporter.label = f"[{i + 1}/{len(files)}] {f.name}" if len(files) > 1 else f.name
            try:
                reporter.file_done(runner.process(f, target))
            except InputError as exc:
                if settings.on_error == "stop":
                    raise
                reporter.file_failed(str(exc))
        reporter.add(Counts(), force=True)
    finally:
        reporter.progress.close()
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
