"""The JSON Lines format: records edited in place, every byte that did not
change kept.

The reader cuts the input into chunks of whole lines (:func:`jsonl_chunks`),
the worker fixes or checks each record (:func:`work`), and the writer is
the byte-stream one.

A corpus line is parsed with :func:`json.loads` to get the record; when the
record's text changes, :func:`splice_object` rewrites only the values that
changed inside the original line, so the other fields keep their key order,
spacing, number spelling (``1.0e10``, ``1E400``) and escapes exactly.

>>> splice_object('{"id":1,"text":"x","n":1.50}', {"text": "你好"})
'{"id":1,"text":"你好","n":1.50}'
>>> splice_object('{"text": "x"}', {"meta": {"a": 1}})
'{"text": "x", "meta": {"a": 1}}'
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..explain import Explained
from ..records import MissingTextKeyError, get_text, process_record
from .chunks import (
    CHUNK_BYTES,
    BytesOutput,
    ChunkResult,
    Counts,
    Failure,
    Format,
    Job,
    Reading,
    RecordError,
    Settings,
    crashed,
    failure_counts,
    finding_line,
    result_counts,
    unified,
)
from .files import InputFile
from .streams import Console, compress, escape_surrogates, input_stream

_WS = re.compile(r"[ \t\n\r]*")


class NotAnObjectError(ValueError):
    """The JSON value of a line is not an object."""


def dumps(value: Any) -> str:
    """JSON text with non-ASCII characters as they are (``ensure_ascii=False``).

    Lone surrogates (from ``"\\ud800"`` in the input) cannot be written as
    UTF-8, so they stay ``\\uXXXX`` escapes; everything else is literal.

    >>> dumps({"t": "中\\ud800"})
    '{"t": "中\\\\ud800"}'
    """
    return escape_surrogates(json.dumps(value, ensure_ascii=False))


def _skip_ws(s: str, i: int) -> int:
    m = _WS.match(s, i)
    return m.end() if m else i


def _expect(s: str, i: int, chars: str) -> str:
    if i >= len(s) or s[i] not in chars:
        raise NotAnObjectError(f"expected {' or '.join(repr(c) for c in chars)} at column {i + 1}")
    return s[i]


def object_spans(s: str) -> tuple[dict[str, tuple[int, int]], int]:
    """Spans of the top-level values of the JSON object in ``s`` and the
    index of its closing brace.  A repeated key maps to its last occurrence,
    the one :func:`json.loads` keeps."""
    decoder = json.JSONDecoder()
    i = _skip_ws(s, 0)
    _expect(s, i, "{")
    i = _skip_ws(s, i + 1)
    spans: dict[str, tuple[int, int]] = {}
    if _expect(s, i, '"}') == "}":
        return spans, i
    while True:
        _expect(s, i, '"')
        key, i = json.decoder.scanstring(s, i + 1)  # type: ignore[attr-defined]
        i = _skip_ws(s, i)
        _expect(s, i, ":")
        i = _skip_ws(s, i + 1)
        _, end = decoder.raw_decode(s, i)
        spans[key] = (i, end)
        i = _skip_ws(s, end)
        if _expect(s, i, ",}") == "}":
            return spans, i
        i = _skip_ws(s, i + 1)


def splice_object(s: str, updates: Mapping[str, Any]) -> str:
    """``s`` (one JSON object) with the values in ``updates`` set: existing
    keys are replaced where they stand, new keys are appended at the end."""
    spans, close = object_spans(s)
    edits = sorted((spans[k], dumps(v)) for k, v in updates.items() if k in spans)
    added = [f"{dumps(k)}: {dumps(v)}" for k, v in updates.items() if k not in spans]
    out: list[str] = []
    pos = 0
    for (start, end), value in edits:
        out += [s[pos:start], value]
        pos = end
    out.append(s[pos:close])
    if added:
        out.append((", " if spans else "") + ", ".join(added))
    out.append(s[close:])
    return "".join(out)


def parse_object(line: str) -> dict[str, Any]:
    """The record on a JSON line; raise ValueError (with a column) if it is not an object."""
    value = json.loads(line)
    if not isinstance(value, dict):
        kind = {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
            type(value), "number")
        raise NotAnObjectError(f"a JSON {kind}, not an object")
    return value


# ---- the format ----

SUFFIXES = (".jsonl", ".ndjson", ".jsonlines", ".json")


@dataclass(frozen=True, slots=True)
class LinesChunk:
    """Raw JSON lines, the first one at ``first_line`` (1-based)."""

    first_line: int
    lines: tuple[bytes, ...]


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


@contextlib.contextmanager
def read(f: InputFile, target: Path | None, settings: Settings,
         console: Console) -> Iterator[Reading]:
    """The reader: the input's lines in chunks; the byte-stream writer."""
    keep = settings.on_error == "keep"
    with input_stream(f.path, f.name, target, console.stdin, keep) as opened, \
            BytesOutput(target, console.stdout, settings.mode == "fix") as out:
        chunks = ((c, c) for c in jsonl_chunks(opened.stream, settings.chunk_bytes))
        yield Reading(chunks, opened.compression, True, out, opened.problem, opened.fraction)


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


def fix_line(job: Job, raw: bytes) -> tuple[bytes, Explained | None, str]:
    """One JSON line fixed: the output line, the result (None for a blank
    line) and the original text.  Unchanged records are written as they were
    read; changed ones are edited in place (:func:`splice_object`)."""
    if not raw.strip():
        return raw, None, ""
    s = job.settings
    bom, body = _bom_split(decode_line(raw))
    record = parse_line(body)
    try:
        out, result = process_record(record, job.repairer, text_key=s.text_key,
                                     keep_original=s.keep_original, annotate=s.annotate)
    except MissingTextKeyError as exc:
        raise RecordError(str(exc)) from None
    if not result.changed and not s.keep_original and not s.annotate:
        return raw, result, result.original
    updates = {k: out[k] for k in (s.keep_original, s.annotate) if k}
    if result.changed:
        updates[s.text_key] = out[s.text_key]
    return (bom + splice_object(body, updates)).encode("utf-8"), result, result.original


def check_line(job: Job, raw: bytes, lineno: int) -> tuple[str, int, Counter[str]]:
    """Findings of one JSON line: report lines, documents (0 or 1), kinds."""
    if not raw.strip():
        return "", 0, Counter()
    s = job.settings
    record = parse_line(_bom_split(decode_line(raw))[1])
    try:
        text = get_text(record, s.text_key)
    except MissingTextKeyError as exc:
        raise RecordError(str(exc)) from None
    found = job.repairer.detect(text)
    report = "".join(finding_line(job.name, lineno, f.start + 1, f, text, s.json_findings)
                     for f in found)
    return report, 1, Counter(f.kind for f in found)


def work(task: tuple[Job, LinesChunk]) -> ChunkResult:
    """The worker: every line of a chunk fixed (or checked)."""
    job, chunk = task
    s = job.settings
    outs: list[bytes] = []
    report: list[str] = []
    failures: list[Failure] = []
    counts = Counts()
    for i, raw in enumerate(chunk.lines):
        lineno = chunk.first_line + i
        try:
            if s.mode == "check":
                rep, docs, kinds = check_line(job, raw, lineno)
                report.append(rep)
                counts += Counts(documents=docs, damaged=int(bool(kinds)), kinds=kinds,
                                 bytes_in=len(raw))
                continue
            line, result, original = fix_line(job, raw)
        except RecordError as exc:
            failures.append(Failure(str(lineno), str(exc)))
        except Exception as exc:  # a bug must not lose the rest of the corpus
            failures.append(Failure(str(lineno), crashed(exc)))
        else:
            outs.append(line)
            if result is not None:
                counts += result_counts(result, len(raw), len(line))
                if s.mode == "diff" and result.changed:
                    where = f"{job.name}:{lineno}"
                    report.append(unified(original, result.text, where, f"{where} (fixed)"))
            continue
        counts += failure_counts(s.on_error, len(raw))
        if s.on_error == "keep" and s.mode != "check":
            outs.append(raw)
    data = b"".join(outs) if s.mode == "fix" else b""
    return ChunkResult(counts, compress(data, job.compression), "".join(report),
                       tuple(failures))


FORMAT = Format("jsonl", SUFFIXES, records=True, read=read, work=work)
