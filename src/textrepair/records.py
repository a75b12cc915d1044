"""One code path for documents and records, shared by the CLI and every integration.

A *record* is a mapping with a text field (JSONL line, datatrove Document,
data-juicer sample, Arrow/pandas row).  :func:`process_record` returns a new
record with the text fixed and every other field kept as it was, plus the
:class:`~textrepair.explain.Explained` result so callers can count kinds.

>>> from textrepair.api import Repairer
>>> rec, res = process_record({"id": 1, "text": "ÄãºÃ"}, Repairer("corpus"))
>>> rec
{'id': 1, 'text': '你好'}
>>> kind_counts(res)
{'gbk_as_latin1': 1}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from .api import Repairer
from .explain import Explained

#: Text fields used by common corpora, tried in this order when none is given.
COMMON_TEXT_KEYS = ("text", "content", "raw_content")


class MissingTextKeyError(KeyError):
    """A record has no text field (or it is not a string)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "missing text key"


def fix_text(repairer: Repairer, text: str) -> Explained:
    """Fix one document with the repairer's configuration (clean or repair-only)."""
    return repairer.explain(text)


def kind_counts(result: Explained) -> dict[str, int]:
    """How many changes of each kind were made (repairs and normalizations)."""
    return dict(Counter(step.kind for step in result.steps))


def annotation(result: Explained) -> dict[str, Any]:
    """What changed, as JSON-serialisable data for ``--annotate`` / metadata."""
    return {
        "changed": result.changed,
        "kinds": kind_counts(result),
        "steps": [s.to_dict() for s in result.steps],
    }


def get_text(record: Mapping[str, Any], text_key: str) -> str:
    """The record's text field; raise :class:`MissingTextKeyError` saying what to do."""
    value = record.get(text_key)
    if not isinstance(value, str):
        present = [k for k in COMMON_TEXT_KEYS if isinstance(record.get(k), str)]
        hint = f"; this record has {present[0]!r}, use --text-key {present[0]}" if present else ""
        what = "no" if value is None else f"a non-string ({type(value).__name__})"
        raise MissingTextKeyError(f"record has {what} {text_key!r} field{hint}")
    return value


def process_record(record: Mapping[str, Any], repairer: Repairer, *, text_key: str = "text",
                   keep_original: str | None = None, annotate: str | None = None,
                   ) -> tuple[dict[str, Any], Explained]:
    """Fix ``record[text_key]``; keep every other field; optionally keep the
    original text under ``keep_original`` and the annotation under ``annotate``."""
    text = get_text(record, text_key)
    result = fix_text(repairer, text)
    out = dict(record)
    out[text_key] = result.text
    if keep_original:
        out[keep_original] = text
    if annotate:
        out[annotate] = annotation(result)
    return out, result
