"""Parquet corpora through pyarrow (the optional ``textrepair[parquet]`` extra).

The text column is read batch by batch; each batch goes out with the text
column replaced (and ``--keep-original`` / ``--annotate`` columns added) and
every other column, the schema metadata and the column compression kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from ..records import COMMON_TEXT_KEYS
from .chunks import PARQUET_ROWS, RowsChunk, RowsOutput
from .streams import InputError, import_extra


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


class ParquetOutput:
    """A Parquet writer on an open binary file (an :class:`AtomicWriter`'s)."""

    def __init__(self, fh: BinaryIO, schema: Any, compression: dict[str, str]) -> None:
        _, pq = pyarrow()
        self._writer = pq.ParquetWriter(fh, schema, compression=compression)
        self._open = True

    def write(self, batch: Any) -> None:
        if batch.num_rows:
            self._writer.write_batch(batch)

    def close(self) -> None:
        """Write the footer (once; later calls do nothing)."""
        if self._open:
            self._open = False
            self._writer.close()
