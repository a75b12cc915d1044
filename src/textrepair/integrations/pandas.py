"""pandas DataFrames in, DataFrames out: the batch step of the Spark adapter (pandas only).

>>> import pandas as pd
>>> from textrepair.records import make_repairer
>>> repair_frame(pd.DataFrame({"id": [1, 2], "text": ["ÄãºÃ", None]}), make_repairer())
   id text
0   1   你好
1   2  None
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..api import Repairer
from ..records import annotation_json, fix_texts

__all__ = ["repair_frame", "repair_series"]


def as_text(value: Any) -> str | None:
    """A cell as a text or ``None`` for pandas' missing values (None, NaN, pd.NA)."""
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    raise TypeError(f"expected a string cell, got {type(value).__name__}: {value!r}")


def _fix(values: Iterable[Any], repairer: Repairer,
         annotate: bool) -> tuple[list[str | None], list[str | None] | None]:
    results = fix_texts(repairer, (as_text(v) for v in values), explain=annotate)
    texts = [None if r is None else r.text for r in results]
    return texts, ([annotation_json(r) for r in results] if annotate else None)


def repair_series(series: pd.Series, repairer: Repairer) -> pd.Series:
    """Fix a column of texts; missing values stay missing (as ``None``)."""
    texts, _ = _fix(series, repairer, annotate=False)
    return pd.Series(texts, index=series.index, name=series.name, dtype=object)


def repair_frame(frame: pd.DataFrame, repairer: Repairer, *, text_key: str = "text",
                 annotate: str | None = None) -> pd.DataFrame:
    """Fix ``frame[text_key]``, keep every other column; ``annotate`` adds a JSON column."""
    if text_key not in frame.columns:
        raise KeyError(f"no column {text_key!r} (columns: {', '.join(map(str, frame.columns))});"
                       f" pass text_key=")
    texts, notes = _fix(frame[text_key], repairer, annotate=bool(annotate))
    out = frame.copy(deep=False)
    out[text_key] = pd.Series(texts, index=frame.index, dtype=object)
    if annotate:
        out[annotate] = pd.Series(notes, index=frame.index, dtype=object)
    return out
