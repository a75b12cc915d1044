"""What a corpus format is made of, and what travels between the processes.

A format (:class:`Format`, one module each: :mod:`~textrepair.corpus.text`,
:mod:`~textrepair.corpus.jsonl`, :mod:`~textrepair.corpus.parquet`) has a
*reader*, which opens an input in the main process and cuts it into chunks
(a :class:`Reading`); a *worker*, which fixes or checks one chunk, in-process
(``-j 1``) or in a worker pool, and returns a :class:`ChunkResult` (output
bytes or rows, the report, the records that failed, the counts); and a
*writer* (an :class:`Output`), which takes the results in input order.  A
chunk carries everything its worker needs (the :class:`Job`), so the output
is the same byte for byte whatever the number of workers.

Every record goes through :func:`textrepair.records.process_record`, the code
path shared with the integrations.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, TextIO

from ..api import Repairer
from ..explain import Explained, Finding
from ..records import is_damaged, kind_counts
from .files import InputFile
from .streams import Console, escape_surrogates
from .writes import StdoutSink, Writer, open_output

#: Bytes of JSON lines per chunk: the progress line moves once a chunk with
#: ``-j 1`` (1 MiB was several seconds on damaged text), and each chunk is one
#: gzip member or zstd frame of the output.
CHUNK_BYTES = 1 << 18
ON_ERROR = ("stop", "skip", "keep")


class RecordError(Exception):
    """One record cannot be processed; the message says why."""


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
class Job:
    """What to do with the chunks of one file (picklable: sent with each chunk)."""

    repairer: Repairer
    name: str
    settings: Settings
    compression: str | None = None
    """Compression of the output bytes (each chunk's on its own)."""


@dataclass(frozen=True, slots=True)
class Counts:
    """What happened to the documents; added up over chunks and files."""

    documents: int = 0
    changed: int = 0
    damaged: int = 0
    errors: int = 0
    skipped: int = 0
    kept: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    kinds: Mapping[str, int] = field(default_factory=dict)

    def __add__(self, other: Counts) -> Counts:
        kinds = Counter(self.kinds)
        kinds.update(other.kinds)
        return Counts(self.documents + other.documents, self.changed + other.changed,
                      self.damaged + other.damaged, self.errors + other.errors,
                      self.skipped + other.skipped, self.kept + other.kept,
                      self.bytes_in + other.bytes_in, self.bytes_out + other.bytes_out,
                      dict(sorted(kinds.items())))

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "changed": self.changed, "damaged": self.damaged,
                "kinds": dict(sorted(self.kinds.items())), "errors": self.errors,
                "skipped": self.skipped, "kept": self.kept, "bytes_in": self.bytes_in,
                "bytes_out": self.bytes_out}


@dataclass(frozen=True, slots=True)
class Failure:
    """A record that failed: where it is in its file (``"12"``, ``"row 12"``) and why."""

    where: str
    message: str


@dataclass(frozen=True, slots=True)
class RowsOutput:
    """New column values for a batch of rows; ``keep`` is False for skipped rows."""

    keep: tuple[bool, ...]
    texts: tuple[str | None, ...]
    originals: tuple[str | None, ...]
    annotations: tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The output of one chunk, in the order of its records."""

    counts: Counts
    data: bytes = b""
    report: str = ""
    failures: tuple[Failure, ...] = ()
    line_delta: int = 0
    rows: RowsOutput | None = None


# ---- what a format is ----

class Output(Protocol):
    """A format's writer for one file: it takes the chunk results in input order."""

    def write(self, kept: Any, result: ChunkResult) -> None:
        """Write one chunk's result; ``kept`` is what the reader kept of the chunk."""

    def finish(self, commit: bool) -> bool:
        """End the file; put the output in place if ``commit``; whether it was written."""


def _no_problem() -> str | None:
    return None


def _unknown(documents: int, bytes_in: int) -> float | None:
    return None


@dataclass(frozen=True, slots=True)
class Reading:
    """An input opened by its format's reader."""

    chunks: Iterator[tuple[Any, Any]]
    """``(chunk, kept)``: the chunk for a worker, and what the writer needs of it."""
    compression: str | None
    """Compression of the output bytes the workers make (:attr:`Job.compression`)."""
    lossless: bool
    """Whether writing the input back unchanged gives the same bytes (an
    unchanged file is then not rewritten ``--in-place``)."""
    output: Output
    problem: Callable[[], str | None] = _no_problem
    """With ``--on-error keep``: why the input ended before its end (a
    truncated or corrupt compressed file), once its chunks are exhausted."""
    fraction: Callable[[int, int], float | None] = _unknown
    """``fraction(documents, bytes_in)``: the share of the file that the
    results counted so far cover (None: unknown, e.g. standard input)."""


#: ``read(input, target, settings, console)``: a context that opens the input,
#: yields its :class:`Reading` and closes the input and the output.
Reader = Callable[[InputFile, Path | None, Settings, Console], AbstractContextManager[Reading]]
#: ``work((job, chunk))``: one chunk fixed or checked (in a worker process).
Worker = Callable[[tuple[Job, Any]], ChunkResult]


@dataclass(frozen=True, slots=True)
class Format:
    """A corpus format: the names it is recognised by, and its reader and worker
    (the reader brings the writer)."""

    name: str
    suffixes: tuple[str, ...]
    records: bool
    """Records with fields besides the text (``--keep-original``, ``--annotate``)."""
    read: Reader
    work: Worker


class BytesOutput:
    """The writer of a byte-stream format: output bytes to the target (see
    :func:`~textrepair.corpus.writes.open_output`: a file is replaced atomically
    on :meth:`finish`) or to standard output, reports to standard output.
    Leaving the ``with`` block without finishing removes the temporary file."""

    def __init__(self, target: Path | None, stdout: TextIO, writing: bool) -> None:
        self.stdout = stdout
        self.sink: Writer | StdoutSink | None = None
        if writing:
            self.sink = open_output(target) if target is not None else StdoutSink(stdout)

    def write(self, kept: Any, result: ChunkResult) -> None:
        if self.sink is not None and result.data:
            self.sink.write(result.data)
        report = self.report(kept, result)
        if report:
            self.stdout.write(report)

    def report(self, kept: Any, result: ChunkResult) -> str:
        """The report of one chunk as it is printed."""
        return result.report

    def finish(self, commit: bool) -> bool:
        if self.sink is None or isinstance(self.sink, StdoutSink):
            return False
        if commit:
            self.sink.commit()
            return True
        self.sink.discard()
        return False

    def __enter__(self) -> BytesOutput:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.sink is not None and not isinstance(self.sink, StdoutSink):
            self.sink.discard()


# ---- small pure helpers for the workers ----

def excerpt(s: str, n: int = 40) -> str:
    """One-line excerpt of at most ``n`` characters."""
    s = escape_surrogates(s.replace("\n", "\\n").replace("\r", "\\r"))
    return s if len(s) <= n else s[: n - 1] + "…"


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def finding_line(name: str, line: int, col: int, f: Finding, text: str,
                 as_json: bool) -> str:
    """One finding as ``path:line:col: kind: excerpt`` or as a JSON line."""
    if as_json:
        return escape_surrogates(json.dumps({"path": name, "line": line, "col": col,
                                             **f.to_dict()}, ensure_ascii=False)) + "\n"
    return f"{name}:{line}:{col}: {f.kind}: {excerpt(f.excerpt or text[f.start:f.end])}\n"


def hunks(before: str, after: str) -> str:
    """The hunks of a unified diff of two texts, line by line (empty when equal)."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
    return "".join(escape_surrogates(x) + "\n" for x in list(lines)[2:])


def unified(before: str, after: str, old: str, new: str) -> str:
    """A unified diff with ``--- old`` / ``+++ new`` headers (empty when equal)."""
    body = hunks(before, after)
    return f"--- {old}\n+++ {new}\n{body}" if body else ""


def result_counts(result: Explained, size_in: int, size_out: int) -> Counts:
    """Counts of one fixed document."""
    return Counts(documents=1, changed=int(result.changed), damaged=int(is_damaged(result)),
                  bytes_in=size_in, bytes_out=size_out, kinds=kind_counts(result))


def failure_counts(on_error: str, size: int) -> Counts:
    """Counts of one document that failed, kept or skipped per ``--on-error``."""
    kept = on_error == "keep"
    return Counts(documents=1, errors=1, kept=int(kept), skipped=int(on_error == "skip"),
                  bytes_in=size, bytes_out=size if kept else 0)


def crashed(exc: Exception) -> str:
    """The message of a record that textrepair itself failed on."""
    return f"textrepair failed ({type(exc).__name__}: {exc})"
