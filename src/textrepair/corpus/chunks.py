"""Corpus processing in chunks: the part that runs in worker processes.

The reader cuts every input into chunks (about 1 MiB of JSON lines, a block of
text, a batch of Parquet rows); :func:`run_chunk` fixes or checks one chunk
and returns the output bytes, the report (diff or findings), the records that
failed and the counts.  Chunks carry everything they need, so the same
function runs in-process (``-j 1``) or in a worker pool, and the output is
the same byte for byte.

Every record goes through :func:`textrepair.records.process_record`, the code
path shared with the integrations.
"""

from __future__ import annotations

import codecs
import difflib
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ..api import Repairer
from ..decode.decoding import decode_explained
from ..explain import Explained, Finding
from ..records import (
    MissingTextKeyError,
    fix_text,
    get_text,
    is_damaged,
    kind_counts,
    process_record,
)
from .jsonl import NotAnObjectError, escape_surrogates, parse_object, splice_object
from .streams import InputError, compress

#: Bytes of JSON lines per chunk.
CHUNK_BYTES = 1 << 20
#: Text files up to this size are one document, as they always were.
TEXT_WHOLE_MAX = 4 << 20
#: Larger text files are cut at line ends into documents of about this many characters.
TEXT_BLOCK_CHARS = 1 << 20
#: Parquet rows per chunk.
PARQUET_ROWS = 1000
ON_ERROR = ("stop", "skip", "keep")
MODES = ("fix", "diff", "check")


class RecordError(Exception):
    """One record cannot be processed; the message says why."""


@dataclass(frozen=True, slots=True)
class Job:
    """What to do with the chunks of one file (picklable: sent with each chunk)."""

    repairer: Repairer
    name: str
    mode: str = "fix"
    text_key: str = "text"
    keep_original: str | None = None
    annotate: str | None = None
    on_error: str = "stop"
    compression: str | None = None
    json_findings: bool = False


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
    """A record that failed: its line (or row) and why."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class LinesChunk:
    """Raw JSON lines, the first one at ``first_line`` (1-based)."""

    first_line: int
    lines: tuple[bytes, ...]


@dataclass(frozen=True, slots=True)
class TextChunk:
    """A block of decoded text starting at line ``first_line``; ``size`` input bytes."""

    first_line: int
    text: str
    size: int


@dataclass(frozen=True, slots=True)
class RowsChunk:
    """Values of the text column, the first at row ``first_row`` (1-based)."""

    first_row: int
    values: tuple[str | None, ...]


Chunk = LinesChunk | TextChunk | RowsChunk


@dataclass(frozen=True, slots=True)
class RowsOutput:
    """New column values for a Parquet batch; ``keep`` is False for skipped rows."""

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


# ---- small pure helpers ----

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


def decode_line(raw: bytes) -> str:
    """A JSON line as text; RecordError if it is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(f"not valid UTF-8 at byte {exc.start + 1} "
                          "(JSON lines must be UTF-8)") from None


def parse_line(line: str) -> dict[str, Any]:
    """The record on a JSON line; RecordError saying where it is broken."""
    try:
        return parse_object(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"invalid JSON ({exc.msg} at column {exc.pos + 1})") from None
    except NotAnObjectError as exc:
        raise RecordError(f"{exc}; each line must be a JSON object") from None


def _bom_split(line: str) -> tuple[str, str]:
    return ("\ufeff", line[1:]) if line.startswith("\ufeff") else ("", line)


# ---- JSON lines ----

def fix_line(job: Job, raw: bytes) -> tuple[bytes, Explained | None, str]:
    """One JSON line fixed: the output line, the result (None for a blank
    line) and the original text.  Unchanged records are written as they were
    read; changed ones are edited in place (:func:`splice_object`)."""
    if not raw.strip():
        return raw, None, ""
    bom, body = _bom_split(decode_line(raw))
    record = parse_line(body)
    try:
        out, result = process_record(record, job.repairer, text_key=job.text_key,
                                     keep_original=job.keep_original, annotate=job.annotate)
    except MissingTextKeyError as exc:
        raise RecordError(str(exc)) from None
    if not result.changed and not job.keep_original and not job.annotate:
        return raw, result, result.original
    updates = {k: out[k] for k in (job.keep_original, job.annotate) if k}
    if result.changed:
        updates[job.text_key] = out[job.text_key]
    return (bom + splice_object(body, updates)).encode("utf-8"), result, result.original


def check_line(job: Job, raw: bytes, lineno: int) -> tuple[str, int, Counter[str]]:
    """Findings of one JSON line: report lines, documents (0 or 1), kinds."""
    if not raw.strip():
        return "", 0, Counter()
    record = parse_line(_bom_split(decode_line(raw))[1])
    try:
        text = get_text(record, job.text_key)
    except MissingTextKeyError as exc:
        raise RecordError(str(exc)) from None
    found = job.repairer.detect(text)
    report = "".join(finding_line(job.name, lineno, f.start + 1, f, text, job.json_findings)
                     for f in found)
    return report, 1, Counter(f.kind for f in found)


def _lines_chunk(job: Job, chunk: LinesChunk) -> ChunkResult:
    outs: list[bytes] = []
    report: list[str] = []
    failures: list[Failure] = []
    counts = Counts()
    for i, raw in enumerate(chunk.lines):
        lineno = chunk.first_line + i
        try:
            if job.mode == "check":
                rep, docs, kinds = check_line(job, raw, lineno)
                report.append(rep)
                counts += Counts(documents=docs, damaged=int(bool(kinds)), kinds=kinds,
                                 bytes_in=len(raw))
                continue
            line, result, original = fix_line(job, raw)
        except RecordError as exc:
            failures.append(Failure(lineno, str(exc)))
        except Exception as exc:  # a bug must not lose the rest of the corpus
            failures.append(Failure(lineno, f"textrepair failed ({type(exc).__name__}: {exc})"))
        else:
            outs.append(line)
            if result is not None:
                counts += result_counts(result, len(raw), len(line))
                if job.mode == "diff" and result.changed:
                    where = f"{job.name}:{lineno}"
                    report.append(unified(original, result.text, where, f"{where} (fixed)"))
            continue
        counts += failure_counts(job.on_error, len(raw))
        if job.on_error == "keep" and job.mode != "check":
            outs.append(raw)
    data = b"".join(outs) if job.mode == "fix" else b""
    return ChunkResult(counts, compress(data, job.compression), "".join(report),
                       tuple(failures))


# ---- text ----

def _text_chunk(job: Job, chunk: TextChunk) -> ChunkResult:
    try:
        if job.mode == "check":
            found = job.repairer.detect(chunk.text)
            report = []
            for f in found:
                line, col = line_col(chunk.text, f.start)
                report.append(finding_line(job.name, line + chunk.first_line - 1, col, f,
                                           chunk.text, job.json_findings))
            counts = Counts(documents=1, damaged=int(bool(found)), bytes_in=chunk.size,
                            kinds=Counter(f.kind for f in found))
            return ChunkResult(counts, report="".join(report))
        result = fix_text(job.repairer, chunk.text)
        data = result.text.encode("utf-8")
    except Exception as exc:  # a bug must not lose the rest of the corpus
        failure = Failure(chunk.first_line, f"textrepair failed ({type(exc).__name__}: {exc})")
        keep = job.on_error == "keep" and job.mode == "fix"
        data = chunk.text.encode("utf-8", "replace") if keep else b""
        return ChunkResult(failure_counts(job.on_error, chunk.size),
                           compress(data, job.compression), failures=(failure,))
    counts = result_counts(result, chunk.size, len(data))
    delta = result.text.count("\n") - chunk.text.count("\n")
    if job.mode == "diff":
        return ChunkResult(counts, report=hunks(chunk.text, result.text),
                           line_delta=delta)
    return ChunkResult(counts, compress(data, job.compression), line_delta=delta)


# ---- Parquet rows ----

def _rows_chunk(job: Job, chunk: RowsChunk) -> ChunkResult:
    keep: list[bool] = []
    texts: list[str | None] = []
    originals: list[str | None] = []
    notes: list[str | None] = []
    report: list[str] = []
    failures: list[Failure] = []
    counts = Counts()
    for i, value in enumerate(chunk.values):
        row = chunk.first_row + i
        size = len(value.encode("utf-8")) if value is not None else 0
        try:
            if job.mode == "check":
                text = get_text({job.text_key: value}, job.text_key)
                found = job.repairer.detect(text)
                report += [finding_line(job.name, row, f.start + 1, f, text, job.json_findings)
                           for f in found]
                counts += Counts(documents=1, damaged=int(bool(found)), bytes_in=size,
                                 kinds=Counter(f.kind for f in found))
                continue
            out, result = process_record({job.text_key: value}, job.repairer,
                                         text_key=job.text_key, annotate=job.annotate)
        except Exception as exc:
            msg = f"the {job.text_key!r} column is null" if value is None else (
                f"textrepair failed ({type(exc).__name__}: {exc})")
            failures.append(Failure(row, msg))
            counts += failure_counts(job.on_error, size)
            keep.append(job.on_error == "keep")
            texts.append(value)
            originals.append(value)
            notes.append(None)
            continue
        new = out[job.text_key]
        keep.append(True)
        texts.append(new)
        originals.append(value)
        notes.append(json.dumps(out[job.annotate], ensure_ascii=False) if job.annotate
                     else None)
        counts += result_counts(result, size, len(new.encode("utf-8")))
        if job.mode == "diff" and result.changed:
            where = f"{job.name}:row {row}"
            report.append(unified(result.original, new, where, f"{where} (fixed)"))
    rows = RowsOutput(tuple(keep), tuple(texts), tuple(originals), tuple(notes))
    return ChunkResult(counts, report="".join(report), failures=tuple(failures), rows=rows)


def run_chunk(task: tuple[Job, Chunk]) -> ChunkResult:
    """Process one chunk (the function the worker processes run)."""
    job, chunk = task
    if isinstance(chunk, LinesChunk):
        return _lines_chunk(job, chunk)
    if isinstance(chunk, TextChunk):
        return _text_chunk(job, chunk)
    return _rows_chunk(job, chunk)


# ---- readers (main process) ----

def jsonl_chunks(stream: BinaryIO, chunk_bytes: int = CHUNK_BYTES) -> Iterator[LinesChunk]:
    """JSON lines in chunks of about ``chunk_bytes``; one line is never split."""
    lines: list[bytes] = []
    size = 0
    first = 1
    for line in stream:
        lines.append(line)
        size += len(line)
        if size >= chunk_bytes:
            yield LinesChunk(first, tuple(lines))
            first += len(lines)
            lines, size = [], 0
    if lines:
        yield LinesChunk(first, tuple(lines))


def _check_binary(name: str, head: bytes, encoding: str) -> None:
    if b"\x00" in head[:8192] and not encoding.startswith(("utf-16", "utf-32")):
        raise InputError(f"{name}: looks like a binary file (NUL bytes); textrepair reads text")


def decode_text(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """A whole text file decoded (``--encoding`` or detected) and its encoding."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"--encoding {encoding!r} is not an encoding; try gbk, big5 "
                             "or utf-8") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding} at byte {exc.start}; "
                             "omit --encoding to detect it") from None
    decoded = decode_explained(data, declared=None)
    _check_binary(name, data, decoded.encoding)
    return decoded.text, decoded.encoding


def _cut_blocks(pieces: Iterator[str], block_chars: int) -> Iterator[tuple[int, str]]:
    """Text pieces regrouped into blocks that end at a line end (when there is one)."""
    buf = ""
    line = 1
    for piece in pieces:
        buf += piece
        while len(buf) >= block_chars:
            cut = buf.rfind("\n", 0, block_chars) + 1 or buf.find("\n", block_chars) + 1
            if not cut:
                break
            block, buf = buf[:cut], buf[cut:]
            yield line, block
            line += block.count("\n")
    if buf:
        yield line, buf


def _decode_stream(stream: BinaryIO, head: bytes, name: str, encoding: str,
                   errors: str) -> Iterator[tuple[str, int]]:
    """Decoded pieces of ``head`` + the rest of ``stream``, with their byte sizes;
    a leading byte-order mark is dropped."""
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    offset = 0
    data = head
    first = True
    while True:
        final = not data
        try:
            piece = decoder.decode(data, final=final)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding} at byte {offset + exc.start}; "
                             "give the right --encoding") from None
        if first and piece.startswith("\ufeff") and encoding.startswith(("utf-16", "utf-32")):
            piece = piece[1:]
        first = first and not piece
        yield piece, len(data)
        if final:
            return
        offset += len(data)
        data = stream.read(1 << 20)


def text_chunks(stream: BinaryIO, name: str, encoding: str | None,
                whole_max: int = TEXT_WHOLE_MAX,
                block_chars: int = TEXT_BLOCK_CHARS) -> tuple[str, Iterator[TextChunk]]:
    """The encoding of a text input and its documents: the whole file when it
    is small, else blocks of lines (decoded incrementally)."""
    head = stream.read(whole_max + 1)
    if len(head) <= whole_max:
        text, enc = decode_text(head, name, encoding)
        return enc, iter([TextChunk(1, text, len(head))])
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"--encoding {encoding!r} is not an encoding; try gbk, big5 "
                             "or utf-8") from None
        enc, errors = encoding, "strict"
    else:
        sample = head[: head.rfind(b"\n") + 1] or head
        decoded = decode_explained(sample, declared=None)
        enc, errors = decoded.encoding, "replace" if decoded.lossy else "strict"
        _check_binary(name, head, enc)

    def chunks() -> Iterator[TextChunk]:
        pieces = (piece for piece, _ in _decode_stream(stream, head, name, enc, errors))
        for line, block in _cut_blocks(pieces, block_chars):
            yield TextChunk(line, block, len(block.encode(enc, "replace")))

    return enc, chunks()
