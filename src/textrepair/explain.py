"""Explanations are data: findings, steps and the explained result.

A :class:`Step` records one change: which kind of damage (or normalization),
where (a span in the text *before* that step), what it was and what it became,
the language-model costs before and after (lower is more Chinese-like), and
the rule that made it.  ``Explained.steps`` can be replayed with
:func:`apply_steps` to get the same text again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Finding:
    """A suspicious span found by :func:`textrepair.detect`."""

    kind: str
    start: int
    end: int
    confidence: float
    repairable: bool
    excerpt: str = ""
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Step:
    """One change made to the text.

    ``start``/``end`` index the text as it was just before this step.
    ``cost_before``/``cost_after`` are mean language-model costs in nats per
    character (``None`` for normalizations that are not scored).
    """

    kind: str
    start: int
    end: int
    before: str
    after: str
    rule: str
    cost_before: float | None = None
    cost_after: float | None = None
    stage: str = "repair"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Explained:
    """The result of :func:`textrepair.explain`: the new text and every step."""

    original: str
    text: str
    steps: tuple[Step, ...] = field(default_factory=tuple)
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "changed": self.changed,
            "steps": [s.to_dict() for s in self.steps],
            "findings": [f.to_dict() for f in self.findings],
        }


def apply_steps(text: str, steps: Iterable[Step]) -> str:
    """Replay steps on ``text``; each step's span refers to the text before it.

    Raises ValueError when a step does not match the text (wrong input).
    """
    for step in steps:
        if text[step.start:step.end] != step.before:
            raise ValueError(
                f"step {step.kind} at {step.start}:{step.end} expects {step.before!r}, "
                f"found {text[step.start:step.end]!r}")
        text = text[:step.start] + step.after + text[step.end:]
    return text


def apply_edits(text: str, edits: list[Step]) -> tuple[str, list[Step]]:
    """Apply non-overlapping edits given in positions of ``text``.

    Returns the new text and the same edits re-expressed as sequential steps
    (each span shifted to the text as it is just before that step), so that
    :func:`apply_steps` replays them.
    """
    out: list[str] = []
    steps: list[Step] = []
    pos = 0
    shift = 0
    for e in sorted(edits, key=lambda s: s.start):
        if e.start < pos:
            continue  # overlapping edit: the first one wins
        out.append(text[pos:e.start])
        out.append(e.after)
        steps.append(Step(e.kind, e.start + shift, e.end + shift, e.before, e.after, e.rule,
                          e.cost_before, e.cost_after, e.stage))
        shift += len(e.after) - (e.end - e.start)
        pos = e.end
    out.append(text[pos:])
    return "".join(out), steps
