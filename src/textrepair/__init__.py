"""textrepair: repair mis-encoded Chinese web text.

Importing does no work: tables and converters load on first use.
"""

from .api import Repairer, clean, decode, decode_explained, detect, explain, repair
from .caches import clear_caches, preload
from .config import PRESETS, Config, ConfigError, make_config
from .decode.decoding import Decoded, UnknownEncodingError
from .explain import Explained, Finding, Step, apply_steps

__version__ = "0.1.0"

__all__ = [
    "PRESETS",
    "Config",
    "ConfigError",
    "Decoded",
    "Explained",
    "Finding",
    "Repairer",
    "Step",
    "UnknownEncodingError",
    "__version__",
    "apply_steps",
    "clean",
    "clear_caches",
    "decode",
    "decode_explained",
    "detect",
    "explain",
    "make_config",
    "preload",
    "repair",
]
