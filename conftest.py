"""Doctests of src/ (``--doctest-modules``): an engine adapter is collected only
when its engine is installed (``pip install -e ".[integrations]"``)."""

from __future__ import annotations

import importlib.util

#: The modules each adapter imports at import time.
_NEEDS = {
    "arrow": ("pyarrow",),
    "datajuicer": ("data_juicer",),
    "datatrove": ("datatrove",),
    "pandas": ("pandas",),
    "ray": ("pyarrow",),
    "spark": ("pyspark", "pandas"),
}

collect_ignore = [f"src/textrepair/integrations/{name}.py" for name, needs in _NEEDS.items()
                  if any(importlib.util.find_spec(m) is None for m in needs)]
