"""Ray Data: ``Dataset.map_batches(Repair, batch_format="pyarrow", ...)``.

::

    import ray
    from textrepair.integrations.ray import Repair

    ds = ray.data.read_parquet("in/")
    ds = ds.map_batches(Repair, fn_constructor_kwargs={"text_key": "content"},
                        batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=4))
    ds.write_parquet("out/")

Ray builds the class once per actor, so the :class:`~textrepair.Repairer` (and the
language-model tables and OpenCC converter it loads on first use) is built once
per actor, not once per batch.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from ..config import Config
from ..records import make_repairer
from .arrow import repair_table

__all__ = ["Repair"]


class Repair:
    """Callable class for ``map_batches``: fixes ``text_key`` (``clean()`` by
    default, ``repair()`` with ``repair_only``), returns it as ``large_string``
    and keeps every other column; ``annotate="name"`` adds a JSON column."""

    def __init__(self, preset: str | Config | None = "corpus", *, text_key: str = "text",
                 repair_only: bool = False, annotate: str | None = None,
                 **options: Any) -> None:
        self.repairer = make_repairer(preset, repair_only=repair_only, **options)
        self.text_key = text_key
        self.annotate = annotate

    def __call__(self, batch: pa.Table) -> pa.Table:
        return repair_table(batch, self.repairer, text_key=self.text_key,
                            annotate=self.annotate)
