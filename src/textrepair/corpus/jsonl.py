"""JSON Lines records edited in place: every byte that did not change is kept.

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

import json
import re
from collections.abc import Mapping
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_SURROGATE = re.compile("[\ud800-\udfff]")


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


def escape_surrogates(text: str) -> str:
    """Lone surrogates as ``\\uXXXX`` escapes, so that the text can be written as UTF-8."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


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
