"""A candidate: one proposed replacement of a span, labelled with its kind.

Every repair proposes candidates; none of them decides (:mod:`textrepair.repair.judge` does).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed replacement of ``text[start:end]`` by ``after``."""

    kind: str
    start: int
    end: int
    after: str
    rule: str
    evidence: int = 0
    """Characters whose UTF-8 structure came whole from known bytes (lossy search)."""


def trim(source: str, start: int, end: int, new: str) -> tuple[int, int, str]:
    """Drop the common prefix and suffix of ``source[start:end]`` and ``new``."""
    old = source[start:end]
    p = 0
    m = min(len(old), len(new))
    while p < m and old[p] == new[p]:
        p += 1
    s = 0
    while s < m - p and old[-1 - s] == new[-1 - s]:
        s += 1
    return start + p, end - s, new[p:len(new) - s]
