"""Run ``fix`` / ``check`` over corpus files: read, process in order, write atomically.

The main process reads each input as a stream, cuts it into chunks
(:mod:`textrepair.corpus.chunks`), hands them to a pool of worker processes (``-j``)
with at most ``2 × workers`` chunks in flight, and writes the results in input
order into a temporary file that is renamed into place at the end.  Memory is
bounded by the chunk size × chunks in flight, whatever the size of the file.
"""

from __future__ import annotations

import contextlib
import io
import re
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO, TypeVar

from ..api import Repairer
from .chunks import (
    CHUNK_BYTES,
    Chunk,
    ChunkResult,
    Counts,
    Job,
    TextChunk,
    jsonl_chunks,
    run_chunk,
    text_chunks,
)
from .files import STDIN, InputFile
from .progress import Progress
from .streams import (
    AtomicWriter,
    CorpusError,
    InputError,
    format_of,
    open_file,
    open_stream,
    split_compression,
)

A = TypeVar("A")
B = TypeVar("B")
R = TypeVar("R")

#: Warnings about skipped or kept records printed before they are only counted.
MAX_WARNINGS = 100
_HUNK = re.compile(r"^@@ -(\d+)((?:,\d+)?) \+(\d+)((?:,\d+)?) @@", re.M)


@dataclass(frozen=True, slots=True)
class Settings:
    """What the command line asked for (one run, every file)."""

    mode: str = "fix"
    fmt: str | None = None
    text_key: str = "text"
    keep_original: str | None = None
    annotate: str | None = None
    on_error: str = "stop"
    encoding: str | None = None
    workers: int = 1
    in_place: bool = False
    json_findings: bool = False
    chunk_bytes: int = CHUNK_BYTES


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


def shift_hunks(diff: str, old: int, new: int) -> str:
    """Hunk headers moved down by ``old`` lines (before) and ``new`` lines (after).

    >>> shift_hunks("@@ -1,2 +1 @@\\n-a\\n", 10, 9)
    '@@ -11,2 +10 @@\\n-a\\n'
    """
    return _HUNK.sub(lambda m: f"@@ -{int(m[1]) + old}{m[2]} +{int(m[3]) + new}{m[4]} @@", diff)


def _worker_signals() -> None:  # pragma: no cover - runs in the workers
    """Ctrl-C and SIGTERM are the main process's to handle; workers just end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def make_executor(workers: int) -> Executor | None:
    """A process pool for ``workers`` > 1, else None (work in this process)."""
    if workers <= 1:
        return None
    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_signals)


class StdoutSink:
    """Bytes to standard output (its binary buffer when it has one)."""

    def __init__(self, stdout: TextIO) -> None:
        self.stdout = stdout

    def write(self, data: bytes) -> None:
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is not None:
            self.stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:
            self.stdout.write(data.decode("utf-8", "replace"))


def _read_stdin(stdin: TextIO | None) -> BinaryIO:
    stream = stdin if stdin is not None else sys.stdin
    buf = getattr(stream, "buffer", None)
    if buf is not None:
        return buf  # type: ignore[no-any-return]
    return io.BytesIO(stream.read().encode("utf-8", "surrogatepass"))


class Runner:
    """Processes input files one after another with one shared worker pool."""

    def __init__(self, settings: Settings, repairer: Repairer, stdout: TextIO,
                 reporter: Reporter, stdin: TextIO | None, executor: Executor | None) -> None:
        self.s = settings
        self.repairer = repairer
        self.stdout = stdout
        self.reporter = reporter
        self.stdin = stdin
        self.executor = executor
        self.window = 2 * max(1, settings.workers)

    # -- one file --

    def job(self, f: InputFile, compression: str | None) -> Job:
        s = self.s
        return Job(self.repairer, f.name, s.mode, s.text_key, s.keep_original, s.annotate,
                   s.on_error, compression, s.json_findings)

    def fail(self, f: InputFile, result: ChunkResult, target: Path | None,
             unit: str = "") -> None:
        """Report failed records; raise to stop on the first with ``--on-error stop``."""
        for failure in result.failures:
            where = f"{f.name}:{unit}{failure.line}"
            if self.s.on_error == "stop":
                kept = (f"; {target} was left as it was" if target and self.s.mode == "fix"
                        else "")
                raise CorpusError(f"{where}: {failure.message}; stopped (use --on-error skip or "
                                  f"keep to go on){kept}")
            done = {"skip": "skipped", "keep": "kept unchanged"}[self.s.on_error]
            self.reporter.warn(f"{where}: {failure.message}; record {done}")

    def process(self, f: InputFile, target: Path | None) -> FileOutcome:
        fmt = self.s.fmt or ("text" if f.path == STDIN else format_of(f.path))
        if fmt == "parquet":
            return self.process_parquet(f, target)
        raw = _read_stdin(self.stdin) if f.path == STDIN else open_file(f.path)
        with contextlib.closing(raw):
            stream, comp = open_stream(raw, f.name)
            out_comp = None
            if target is not None:
                named = split_compression(target.name)[1]
                out_comp = comp if target.name == Path(f.path).name else named
            job = self.job(f, out_comp)
            chunks: Iterator[Chunk]
            if fmt == "text":
                encoding, chunks = text_chunks(stream, f.name, self.s.encoding)
                lossless = encoding in ("utf-8", "ascii")
            else:
                chunks, lossless = jsonl_chunks(stream, self.s.chunk_bytes), True
            return self.write_chunks(f, job, chunks, target, lossless)

    def write_chunks(self, f: InputFile, job: Job, chunks: Iterable[Chunk],
                     target: Path | None, lossless: bool) -> FileOutcome:
        counts = Counts()
        writing = self.s.mode == "fix"
        sink: AtomicWriter | StdoutSink | None = None
        if writing:
            sink = AtomicWriter(target) if target is not None else StdoutSink(self.stdout)
        delta = 0
        header = False
        with sink if isinstance(sink, AtomicWriter) else contextlib.nullcontext():
            items = (((job, c), c) for c in chunks)
            for chunk, result in ordered_map(run_chunk, items, self.executor, self.window):
                self.fail(f, result, target)
                if sink is not None and result.data:
                    sink.write(result.data)
                report = result.report
                if report and isinstance(chunk, TextChunk) and job.mode == "diff":
                    off = chunk.first_line - 1
                    report = shift_hunks(report, off, off + delta)
                    if not header:
                        report = f"--- {f.name}\n+++ {f.name} (fixed)\n{report}"
                        header = True
                if report:
                    self.stdout.write(report)
                delta += result.line_delta
                counts += result.counts
                self.reporter.add(result.counts)
            written = False
            if isinstance(sink, AtomicWriter):
                differs = (counts.changed or counts.skipped or self.s.keep_original
                           or self.s.annotate or not lossless)
                if differs or not self.s.in_place:
                    sink.commit()
                    written = True
        return FileOutcome(counts, written)

    def process_parquet(self, f: InputFile, target: Path | None) -> FileOutcome:
        from . import parquet as pqmod

        if f.path == STDIN:
            raise CorpusError("Parquet cannot be read from standard input; pass the file")
        if self.s.mode == "fix" and target is None:
            raise CorpusError(f"{f.name}: Parquet output needs -o or --in-place (or --diff)")
        pf = pqmod.open_parquet(f.path, f.name)
        pqmod.text_column(pf.schema_arrow, self.s.text_key, f.name)
        schema = pqmod.output_schema(pf.schema_arrow, self.s.text_key, self.s.keep_original,
                                     self.s.annotate)
        job = self.job(f, None)
        counts = Counts()
        writer: AtomicWriter | None = None
        out: Any = None
        with contextlib.ExitStack() as stack:
            if self.s.mode == "fix" and target is not None:
                writer = stack.enter_context(AtomicWriter(target))
                out = pqmod.ParquetOutput(writer.file, schema,
                                          pqmod.column_compression(pf, schema))
                stack.callback(out.close)  # before the temporary file is removed
            items = (((job, c), (c, batch))
                     for c, batch in pqmod.parquet_chunks(pf, self.s.text_key, f.name))
            for (_, batch), result in ordered_map(run_chunk, items, self.executor, self.window):
                self.fail(f, result, target, "row ")
                if out is not None and result.rows is not None:
                    out.write(pqmod.rebuild_batch(batch, result.rows, schema, self.s.text_key,
                                                  self.s.keep_original, self.s.annotate))
                if result.report:
                    self.stdout.write(result.report)
                counts += result.counts
                self.reporter.add(result.counts)
            written = False
            if writer is not None:
                out.close()
                differs = counts.changed or counts.skipped or self.s.keep_original \
                    or self.s.annotate
                if differs or not self.s.in_place:
                    writer.commit()
                    written = True
        return FileOutcome(counts, written)


def run(files: Sequence[InputFile], targets: Sequence[Path | None], settings: Settings,
        repairer: Repairer, stdout: TextIO, reporter: Reporter,
        stdin: TextIO | None) -> None:
    """Process every file; file-level errors stop the run with ``--on-error
    stop`` and are reported and counted otherwise.  The totals are in ``reporter``."""
    executor = make_executor(settings.workers)
    try:
        runner = Runner(settings, repairer, stdout, reporter, stdin, executor)
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
