"""datatrove steps: a formatter that runs ``clean()`` and a filter for damage it cannot repair.

``TextRepairFormatter`` is a drop-in replacement for datatrove's ``FTFYFormatter``
in a FineWeb-2-style pipeline::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from textrepair.integrations.datatrove import MojibakeFilter, TextRepairFormatter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("in/", text_key="content"),
        TextRepairFormatter(),
        MojibakeFilter(exclusion_writer=JsonlWriter("removed/")),
        JsonlWriter("out/"),
    ], tasks=4, workers=4).run()

Both steps hold one :class:`~textrepair.Repairer` (only a frozen config, so they
pickle to datatrove's workers) and go through :mod:`textrepair.records`.
The reader maps the corpus's text field (``text_key``) to ``doc.text``.
"""

from __future__ import annotations

from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.utils.typeshelper import StatHints

from ..config import Config
from ..explain import Finding
from ..records import annotation, fix_text, kind_counts, make_repairer

__all__ = ["MojibakeFilter", "TextRepairFormatter", "drop_reason"]


class TextRepairFormatter(BaseFormatter):
    """Repair and clean ``doc.text`` (``clean()``; ``repair()`` with ``repair_only``).

    Stats: ``changed`` documents and one counter per kind of change
    (``gbk_as_latin1``, ``t2s``, ...). With ``annotate="textrepair"`` the
    explanation (kinds and steps) goes to ``doc.metadata["textrepair"]``.
    """

    name = "🀄 textrepair"

    def __init__(self, preset: str | Config | None = "corpus", *, repair_only: bool = False,
                 annotate: str | None = None, **options: Any) -> None:
        super().__init__()
        self.repairer = make_repairer(preset, repair_only=repair_only, **options)
        self.annotate = annotate

    def format(self, text: str) -> str:
        return fix_text(self.repairer, text).text

    def run(self, data: DocumentsPipeline, rank: int = 0,
            world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                result = fix_text(self.repairer, doc.text, explain=bool(self.annotate))
            doc.text = result.text
            if result.changed:
                self.stat_update("changed")
            for kind, count in kind_counts(result).items():
                self.stat_update(kind, value=count)
            if self.annotate:
                doc.metadata[self.annotate] = annotation(result)
            yield doc


def drop_reason(before: list[Finding], after: list[Finding]) -> str | None:
    """Why a document is dropped: damage ``detect()`` calls irreparable in the
    text (``unrepairable_<kind>``), else damage still found after repair
    (``residual_<kind>``); ``None`` keeps it."""
    lost = [f for f in before if not f.repairable]
    if lost:
        return f"unrepairable_{lost[0].kind}"
    if after:
        return f"residual_{after[0].kind}"
    return None


class MojibakeFilter(BaseFilter):
    """Drop documents whose damage cannot be repaired (to ``exclusion_writer`` if given).

    A document is dropped when :meth:`Repairer.detect` reports a finding with
    ``repairable=False`` (lost text such as 锟斤拷, misaligned GBK), or when
    damage is still detected after the repair (``residual=True``).  The reason
    (``unrepairable_<kind>`` / ``residual_<kind>``) is counted as
    ``dropped_<reason>`` and written to ``metadata["filter_reason"]`` of excluded
    documents; with ``annotate`` the findings go to ``doc.metadata[annotate]``.
    Findings below ``min_confidence`` are ignored (misaligned-GBK findings that
    cannot be repaired have confidence 0.7).  Kept documents are not changed:
    put :class:`TextRepairFormatter` before or after it.
    """

    name = "🀄 mojibake"

    def __init__(self, preset: str | Config | None = "corpus", *, exclusion_writer: Any = None,
                 residual: bool = True, min_confidence: float = 0.0, repair_only: bool = False,
                 annotate: str | None = None, **options: Any) -> None:
        super().__init__(exclusion_writer)
        self.repairer = make_repairer(preset, repair_only=repair_only, **options)
        self.residual = residual
        self.min_confidence = min_confidence
        self.annotate = annotate

    def findings(self, text: str) -> list[Finding]:
        """``detect()`` findings at or above ``min_confidence``."""
        return [f for f in self.repairer.detect(text) if f.confidence >= self.min_confidence]

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        before = self.findings(doc.text)
        for finding in before:
            self.stat_update(f"finding_{finding.kind}")
        after: list[Finding] = []
        if before and self.residual and all(f.repairable for f in before):
            after = self.findings(fix_text(self.repairer, doc.text).text)
        reason = drop_reason(before, after)
        if reason is None:
            return True
        if self.annotate:
            doc.metadata[self.annotate] = {"before": [f.to_dict() for f in before],
                                           "after_repair": [f.to_dict() for f in after]}
        return False, reason
