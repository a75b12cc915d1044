"""The Parquet format, through pyarrow (the optional ``textrepair[parquet]`` extra).

The reader reads the text column batch by batch (:func:`parquet_chunks`),
the worker fixes or checks each value (:func:`work`), and the writer
(:class:`ParquetOutput`) writes each batch with the text column replaced
(and ``--keep-original`` / ``--annotate`` columns added), every other
column, the schema metadata and the column compression kept.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from ..records import COMMON_TEXT_KEYS, get_text, process_record
from .chunks import (
    ChunkResult,
    Counts,
    Failure,
    Format,
    Job,
    Reading,
    RowsOutput,
    Settings,
    crashed,
    failure_counts,
    finding_line,
    result_counts,
    unified,
)
from .files import InputFile
from .streams import STDIN, Console, CorpusError, InputError, import_extra
from .writes import OutputError, Writer, describe_write_error, open_output

SUFFIXES = (".parquet", ".pq")
#: Parquet rows per chunk.
PARQUET_ROWS = 1000


@dataclass(frozen=True, slots=True)
class RowsChunk:
    """Values of the text column, the first at row ``first_row`` (1-based)."""

    first_row: int
    values: tuple[str | None, ...]


# ---- reader (main process) ----

def pyarrow() -> tuple[Any, Any]:
    """``(pyarrow, pyarrow.parquet)`` or a MissingExtraError saying how to install them."""
    pa = import_extra("pyarrow", "parquet", "reading and writing Parquet files")
    pq = import_extra("pyarrow.parquet", "parquet", "reading and writing Parquet files")
    return pa, pq


def open_parquet(path: str, name: str) -> Any:
    """A ``pyarrow.parquet.ParquetFile``; InputError naming the file when it is not one."""
    _, pq = pyarrow()
    try:
        return pq.ParquetFile(path)
    except OSError as exc:
        raise InputError(f"{name}: not a readable Parquet file ({exc})") from None
    except Exception as exc:  # pyarrow.ArrowInvalid is a ValueError; be broad
        raise InputError(f"{name}: not a Parquet file ({exc})") from None


def text_column(schema: Any, text_key: str, name: str) -> int:
    """Index of the string column ``text_key``; InputError with a hint otherwise."""
    pa, _ = pyarrow()
    strings = [f.name for f in schema if pa.types.is_string(f.type)
               or pa.types.is_large_string(f.type)]
    idx = schema.get_field_index(text_key)
    if idx >= 0 and schema.field(idx).name in strings:
        return int(idx)
    hint = next((k for k in COMMON_TEXT_KEYS if k in strings), strings[0] if strings else None)
    what = "no" if idx < 0 else f"a non-string ({schema.field(idx).type})"
    tip = f"; use --text-key {hint}" if hint else "; it has no string column"
    raise InputError(f"{name}: {what} {text_key!r} column{tip}")


def parquet_chunks(pf: Any, text_key: str, name: str,
                   rows: int = PARQUET_ROWS) -> Iterator[tuple[RowsChunk, Any]]:
    """``(chunk of text values, the record batch they came from)`` in file order."""
    idx = text_column(pf.schema_arrow, text_key, name)
    first = 1
    try:
        for batch in pf.iter_batches(batch_size=rows):
            values = tuple(batch.column(idx).to_pylist())
            yield RowsChunk(first, values), batch
            first += batch.num_rows
    except (OSError, ValueError) as exc:
        raise InputError(f"{name}: corrupt Parquet data after row {first - 1} ({exc})") from None


def output_schema(schema: Any, text_key: str, keep_original: str | None,
                  annotate: str | None) -> Any:
    """The input schema with string columns for the original text and the annotation."""
    pa, _ = pyarrow()
    text_type = schema.field(schema.get_field_index(text_key)).type
    for col, typ in ((keep_original, text_type), (annotate, pa.string())):
        if not col:
            continue
        idx = schema.get_field_index(col)
        field = pa.field(col, typ)
        schema = schema.set(idx, field) if idx >= 0 else schema.append(field)
    return schema


def rebuild_batch(batch: Any, out: RowsOutput, schema: Any, text_key: str,
                  keep_original: str | None, annotate: str | None) -> Any:
    """``batch`` with the fixed text (and added columns), skipped rows removed."""
    pa, _ = pyarrow()
    columns = {f.name: batch.column(i) for i, f in enumerate(batch.schema)}
    columns[text_key] = pa.array(out.texts, type=schema.field(text_key).type)
    if keep_original:
        columns[keep_original] = pa.array(out.originals, type=schema.field(keep_original).type)
    if annotate:
        columns[annotate] = pa.array(out.annotations, type=pa.string())
    new = pa.RecordBatch.from_arrays([columns[f.name] for f in schema], schema=schema)
    if all(out.keep):
        return new
    return new.filter(pa.array(out.keep, type=pa.bool_()))


def column_compression(pf: Any, schema: Any) -> dict[str, str]:
    """The codec of each column as read (new columns take the text column's)."""
    md = pf.metadata
    found: dict[str, str] = {}
    if md.num_row_groups:
        rg = md.row_group(0)
        for i in range(rg.num_columns):
            col = rg.column(i)
            codec = str(col.compression).lower()
            found[col.path_in_schema.split(".")[0]] = {
                "uncompressed": "none", "lz4_raw": "lz4"}.get(codec, codec)
    default = next(iter(found.values()), "snappy")
    return {f.name: found.get(f.name, default) for f in schema}


@contextlib.contextmanager
def read(f: InputFile, target: Path | None, settings: Settings,
         console: Console) -> Iterator[Reading]:
    """The reader: the text column in batches (each kept for the writer); the
    Parquet writer."""
    if f.path == STDIN:
        raise CorpusError("Parquet cannot be read from standard input; pass the file")
    if settings.mode == "fix" and target is None:
        raise CorpusError(f"{f.name}: Parquet output needs -o or --in-place (or --diff)")
    pf = open_parquet(f.path, f.name)
    text_column(pf.schema_arrow, settings.text_key, f.name)
    schema = output_schema(pf.schema_arrow, settings.text_key, settings.keep_original,
                           settings.annotate)
    with ParquetOutput(target if settings.mode == "fix" else None, pf, schema, settings,
                       console.stdout) as out:
        yield Reading(parquet_chunks(pf, settings.text_key, f.name), None, True, out)


# ---- worker ----

def work(task: tuple[Job, RowsChunk]) -> ChunkResult:
    """The worker: every value of a batch fixed (or checked)."""
    job, chunk = task
    s = job.settings
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
            if s.mode == "check":
                text = get_text({s.text_key: value}, s.text_key)
                found = job.repairer.detect(text)
                report += [finding_line(job.name, row, f.start + 1, f, text, s.json_findings)
                           for f in found]
                counts += Counts(documents=1, damaged=int(bool(found)), bytes_in=size,
                                 kinds=Counter(f.kind for f in found))
                continue
            out, result = process_record({s.text_key: value}, job.repairer,
                                         text_key=s.text_key, annotate=s.annotate)
        except Exception as exc:
            msg = f"the {s.text_key!r} column is null" if value is None else crashed(exc)
            failures.append(Failure(f"row {row}", msg))
            counts += failure_counts(s.on_error, size)
            keep.append(s.on_error == "keep")
            texts.append(value)
            originals.append(value)
            notes.append(None)
            continue
        new = out[s.text_key]
        keep.append(True)
        texts.append(new)
        originals.append(value)
        notes.append(json.dumps(out[s.annotate], ensure_ascii=False) if s.annotate
                     else None)
        counts += result_counts(result, size, len(new.encode("utf-8")))
        if s.mode == "diff" and result.changed:
            where = f"{job.name}:row {row}"
            report.append(unified(result.original, new, where, f"{where} (fixed)"))
    rows = RowsOutput(tuple(keep), tuple(texts), tuple(originals), tuple(notes))
    return ChunkResult(counts, report="".join(report), failures=tuple(failures), rows=rows)


# ---- writer ----

class ParquetOutput:
    """The Parquet writer: batches into the target's writer (a temporary
    file renamed into place on :meth:`finish`, or a stream; see
    :func:`~textrepair.corpus.writes.open_output`); reports to standard
    output.  ``target`` None: nothing is written (check, diff)."""

    def __init__(self, target: Path | None, pf: Any, schema: Any, settings: Settings,
                 stdout: TextIO) -> None:
        self.schema = schema
        self.settings = settings
        self.stdout = stdout
        self.file: Writer | None = None
        self._writer: Any = None
        if target is not None:
            _, pq = pyarrow()
            self.file = open_output(target)
            try:
                self._writer = pq.ParquetWriter(self.file.file, schema,
                                                compression=column_compression(pf, schema))
            except BaseException:
                self.file.discard()
                raise

    def write(self, kept: Any, result: ChunkResult) -> None:
        if self._writer is not None and result.rows is not None:
            s = self.settings
            batch = rebuild_batch(kept, result.rows, self.schema, s.text_key, s.keep_original,
                                  s.annotate)
            if batch.num_rows:
                with self._errors():
                    self._writer.write_batch(batch)
        if result.report:
            self.stdout.write(result.report)

    def close(self) -> None:
        """Write the footer (once; later calls do nothing)."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            with self._errors():
                writer.close()

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """An I/O error of pyarrow's writes as an OutputError naming the target."""
        try:
            yield
        except OSError as exc:
            shown = self.file.shown if self.file is not None else "output"
            raise OutputError(describe_write_error(shown, exc)) from None

    def finish(self, commit: bool) -> bool:
        if self.file is None:
            return False
        self.close()
        if commit:
            self.file.commit()
            return True
        return False

    def __enter__(self) -> ParquetOutput:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.close()  # before the temporary file is removed
        except OutputError:
            if exc is None:
                raise
        finally:
            if self.file is not None:
                self.file.discard()


FORMAT = Format("parquet", SUFFIXES, records=True, read=read, work=work)
