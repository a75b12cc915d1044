"""One code path for documents and records, shared by the CLI and every integration.

A *record* is a mapping with a text field (JSONL line, datatrove Document,
data-juicer sample, Arrow/pandas row).  :func:`process_record` returns a new
record with the text fixed and every other field kept as it was, plus the
result so callers can count kinds.

The result is a :class:`~textrepair.api.Counted` (``Repairer.counted``: the
text and the number of changes of each kind, no ``Step`` built) unless the
steps are asked for (``annotate``, ``explain=True``): building a step per
changed character costs ~8x the conversion itself on traditional text.

>>> from textrepair.api import Repairer
>>> rec, res = process_record({"id": 1, "text": "ÄãºÃ"}, Repairer("corpus"))
>>> rec
{'id': 1, 'text': '你好'}
>>> kind_counts(res)
{'gbk_as_latin1': 1}
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from .api import Counted, Repairer
from .config import Config
from .explain import Explained

#: Text fields used by common corpora, tried in this order when none is given.
COMMON_TEXT_KEYS = ("text", "content", "raw_content")


class MissingTextKeyError(KeyError):
    """A record has no text field (or it is not a string)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "missing text key"


def fix_text(repairer: Repairer, text: str, explain: bool = False) -> Explained:
    """One document: cleaned, or only repaired, as the repairer's
    configuration says; ``repairer.counted`` (kinds counted, no steps), or
    ``repairer.explain`` with ``explain=True`` (every step, for annotations).
    Both give the same text and the same :func:`kind_counts`.

    It adds nothing to the repairer; it is the one call by which the CLI and
    every integration fix a document.  Lone surrogates (JSON ``"\\ud800"``)
    need no care here: the library leaves them where they are and converts
    the text around them.

    >>> fix_text(Repairer("conservative"), "ÄãºÃ\\ud800ÄãºÃ").text == "你好\\ud800你好"
    True
    """
    return repairer.explain(text) if explain else repairer.counted(text)


def is_damaged(result: Explained) -> bool:
    """Whether encoding damage was repaired (not only normalization)."""
    if isinstance(result, Counted):
        return result.repaired
    return any(step.stage == "repair" for step in result.steps)


def kind_counts(result: Explained) -> dict[str, int]:
    """How many changes of each kind were made (repairs and normalizations)."""
    if isinstance(result, Counted):
        return dict(result.kinds)
    return dict(Counter(step.kind for step in result.steps))


def annotation(result: Explained) -> dict[str, Any]:
    """What changed, as JSON-serialisable data for ``--annotate`` / metadata
    (``result`` from ``fix_text(..., explain=True)``: it lists the steps)."""
    if isinstance(result, Counted):
        raise ValueError("annotation() needs the steps: fix the text with explain=True")
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
    result = fix_text(repairer, text, explain=bool(annotate))
    out = dict(record)
    out[text_key] = result.text
    if keep_original:
        out[keep_original] = text
    if annotate:
        out[annotate] = annotation(result)
    return out, result


def make_repairer(preset: str | Config | None = "corpus", *, repair_only: bool = False,
                  **options: Any) -> Repairer:
    """The repairer behind an adapter: ``clean()`` by default, ``repair()`` when
    ``repair_only`` (like ``textrepair fix --repair-only``).

    >>> make_repairer(repair_only=True, target="keep").config.normalize
    False
    """
    if repair_only:
        options["normalize"] = False
    return Repairer(preset, **options)


def fix_texts(repairer: Repairer, texts: Iterable[str | None],
              explain: bool = False) -> list[Explained | None]:
    """Fix one batch (a column) of texts; a missing value (``None``) stays missing
    (``explain=True``: with the steps, for annotations).

    >>> [r and r.text for r in fix_texts(Repairer("corpus"), ["ÄãºÃ", None])]
    ['你好', None]
    """
    return [None if text is None else fix_text(repairer, text, explain) for text in texts]


def batch_kind_counts(results: Iterable[Explained | None]) -> dict[str, int]:
    """Changes of each kind over a batch (for engine counters and stats)."""
    total: Counter[str] = Counter()
    for result in results:
        if result is not None:
            total.update(kind_counts(result))
    return dict(total)


def annotation_json(result: Explained | None) -> str | None:
    """:func:`annotation` as one JSON string: a fixed column type for Arrow, pandas, Spark."""
    if result is None:
        return None
    return json.dumps(annotation(result), ensure_ascii=False, sort_keys=True)
