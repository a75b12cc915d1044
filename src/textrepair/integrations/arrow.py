"""Arrow tables in, Arrow tables out: the batch step of the Ray adapter (pyarrow only).

>>> import pyarrow as pa
>>> from textrepair.records import make_repairer
>>> t = repair_table(pa.table({"id": [1, 2], "text": ["ÄãºÃ", None]}), make_repairer())
>>> t.column("text").to_pylist(), t.schema.field("text").type
(['你好', None], DataType(large_string))
"""

from __future__ import annotations

import pyarrow as pa

from ..api import Repairer
from ..records import annotation_json, fix_texts

__all__ = ["repair_table"]


def text_column(table: pa.Table, text_key: str) -> list[str | None]:
    """The text column as Python strings; say which columns exist when it is missing."""
    if text_key not in table.column_names:
        raise KeyError(f"no column {text_key!r} (columns: {', '.join(table.column_names)}); "
                       f"pass text_key=")
    column = table.column(text_key)
    is_view = getattr(pa.types, "is_string_view", lambda _: False)  # pyarrow >= 16
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
            or is_view(column.type)):
        raise TypeError(f"column {text_key!r} is {column.type}, not a string column")
    values: list[str | None] = column.to_pylist()
    return values


def repair_table(table: pa.Table, repairer: Repairer, *, text_key: str = "text",
                 annotate: str | None = None) -> pa.Table:
    """Fix ``table[text_key]``; return it as ``large_string`` with every other
    column kept (and the annotation as a JSON ``large_string`` column if asked)."""
    results = fix_texts(repairer, text_column(table, text_key), explain=bool(annotate))
    fixed = pa.array([None if r is None else r.text for r in results], type=pa.large_string())
    index = table.schema.get_field_index(text_key)
    out = table.set_column(index, pa.field(text_key, pa.large_string()), fixed)
    if annotate:
        notes = pa.array([annotation_json(r) for r in results], type=pa.large_string())
        if annotate in out.column_names:
            out = out.set_column(out.schema.get_field_index(annotate),
                                 pa.field(annotate, pa.large_string()), notes)
        else:
            out = out.append_column(pa.field(annotate, pa.large_string()), notes)
    return out
