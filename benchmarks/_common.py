"""Helpers shared by the benchmark scripts (run them as ``python benchmarks/NAME.py``)."""

from __future__ import annotations

import html
import inspect
import re
import sys


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    w = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    out = [" | ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(r))
           for r in [headers, *rows]]
    return "\n".join([out[0], "-+-".join("-" * x for x in w), *out[1:]])


def strip_tags(text: str) -> str:
    """Text of an HTML page or RSS feed: tags and comments out, entities decoded."""
    text = re.sub(r"<!\[CDATA\[|\]\]>", "", text)
    for _ in range(2):  # RSS descriptions hold escaped HTML: unescape, strip again
        text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
        text = re.sub(r"<[^<>]*>", "\n", text)
        text = html.unescape(text)
    return text


def clear_memos(package: str) -> int:
    """Clear the memo of every memoized function with parameters in ``package``
    (zero-argument loaders of tables and patterns keep theirs); how many."""
    n = 0
    for name, mod in list(sys.modules.items()):
        if name != package and not name.startswith(package + "."):
            continue
        for obj in vars(mod).values():
            wrapped = getattr(obj, "__wrapped__", None)
            if wrapped is None or not hasattr(obj, "cache_clear"):
                continue
            if getattr(obj, "__module__", None) != name:
                continue  # imported from another module: cleared there
            if inspect.signature(wrapped).parameters:
                obj.cache_clear()
                n += 1
    return n


def levenshtein(a: str, b: str) -> int:
    """Edit distance of two strings (common prefix and suffix skipped)."""
    if a == b:
        return 0
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    a, b = a[p:], b[p:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a or not b:
        return max(len(a), len(b))
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
