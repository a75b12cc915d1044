"""Spark: ``DataFrame.mapInPandas(repair_partitions, schema)`` and a ``pandas_udf``.

::

    from functools import partial
    from textrepair.integrations.spark import output_schema, repair_partitions, repair_udf

    df = spark.read.parquet("in/")
    out = df.mapInPandas(partial(repair_partitions, text_key="content"), df.schema)
    # or one column:  df.withColumn("content", repair_udf()("content"))
    out.write.parquet("out/")

:func:`repair_partitions` builds its :class:`~textrepair.Repairer` once per
partition (the language-model tables and the OpenCC converter load once per
Python worker and are reused by the following partitions).
"""

# No ``from __future__ import annotations``: pyspark reads the pandas_udf type hints.
from collections.abc import Iterator
from typing import Any

import pandas as pd
from pyspark.sql.functions import pandas_udf
from pyspark.sql.types import (
    StringType,
    StructField,
    StructType,
)

from ..config import Config
from ..records import make_repairer
from .pandas import repair_frame, repair_series

__all__ = ["output_schema", "repair_partitions", "repair_udf"]


def repair_partitions(batches: Iterator[pd.DataFrame], preset: str | Config | None = "corpus",
                      *, text_key: str = "text", repair_only: bool = False,
                      annotate: str | None = None, **options: Any) -> Iterator[pd.DataFrame]:
    """The ``mapInPandas`` function: fix ``text_key`` (``clean()``; ``repair()``
    with ``repair_only``), keep every other column.  Pass options with
    :func:`functools.partial`; with ``annotate`` use :func:`output_schema`."""
    repairer = make_repairer(preset, repair_only=repair_only, **options)
    for frame in batches:
        yield repair_frame(frame, repairer, text_key=text_key, annotate=annotate)


def output_schema(schema: StructType, annotate: str | None = None) -> StructType:
    """The schema :func:`repair_partitions` returns for input ``schema``."""
    if not annotate or annotate in schema.fieldNames():
        return schema
    return StructType([*schema.fields, StructField(annotate, StringType(), True)])


def repair_udf(preset: str | Config | None = "corpus", *, repair_only: bool = False,
               **options: Any) -> Any:
    """A ``pandas_udf`` (iterator of batches, so state is built once per
    partition) returning the fixed string column."""
    config = make_repairer(preset, repair_only=repair_only, **options).config

    @pandas_udf(StringType())
    def textrepair_clean(batches: Iterator[pd.Series]) -> Iterator[pd.Series]:
        repairer = make_repairer(config)
        for series in batches:
            yield repair_series(series, repairer)

    return textrepair_clean
