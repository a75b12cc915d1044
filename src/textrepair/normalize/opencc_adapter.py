"""One adapter over the two packages that install an ``opencc`` module.

The official binding (package ``opencc``, C++) converts at 35-60 MB/s;
``opencc-python-reimplemented`` installs the same module name and is about
100× slower.  Whichever is installed is used; the slow one is announced once
with a :class:`SlowOpenCCWarning`.  Converters are built lazily, once per
process and configuration, because the native object cannot be pickled.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import warnings
from collections.abc import Callable


class SlowOpenCCWarning(RuntimeWarning):
    """The installed ``opencc`` module is opencc-python-reimplemented (~100× slower)."""


class OpenCCMissingError(ImportError):
    """No ``opencc`` module is installed."""


def implementation() -> str:
    """``"official"``, ``"reimplemented"``; raises OpenCCMissingError if neither."""
    try:
        mod = importlib.import_module("opencc")
    except ImportError as exc:  # pragma: no cover - opencc is a dependency
        raise OpenCCMissingError(
            "the 'opencc' package is needed for script conversion: pip install opencc "
            "(or pass target='keep')") from exc
    if hasattr(mod, "CONFIGS") or importlib.util.find_spec("opencc.clib") is not None:
        return "official"
    return "reimplemented"


@functools.cache
def converter(config: str) -> Callable[[str], str]:
    """A ``str → str`` converter for an OpenCC configuration such as ``t2s``."""
    import opencc

    impl = implementation()
    if impl == "reimplemented":
        warnings.warn(
            "the installed 'opencc' module is opencc-python-reimplemented, about 100x slower "
            "than the official binding; pip uninstall opencc-python-reimplemented && "
            "pip install --force-reinstall opencc",
            SlowOpenCCWarning, stacklevel=3)
        conv = opencc.OpenCC(config)
    else:
        conv = opencc.OpenCC(f"{config}.json" if not config.endswith(".json") else config)
    fn: Callable[[str], str] = conv.convert
    return fn


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (converter,)
