"""Corpus files: read, fix or check in worker processes, write atomically.

The machinery behind ``textrepair fix`` and ``textrepair check``: it uses the
library through its public API (:mod:`textrepair.api`) and
:mod:`textrepair.records`; nothing of the library imports corpus code.
"""
