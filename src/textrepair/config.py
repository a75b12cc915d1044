"""One frozen configuration object and its named presets.

Every public entry point (``repair``, ``clean``, ``explain``, the CLI and the
integrations) takes the same options, validated here:

>>> from textrepair.config import make_config
>>> make_config("corpus", target="keep").target
'keep'
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

Target = Literal["simplified", "traditional", "keep"]

#: OpenCC configurations accepted for ``opencc_config``.
OPENCC_TO_SIMPLIFIED = ("t2s", "tw2s", "tw2sp", "hk2s")
OPENCC_TO_TRADITIONAL = ("s2t", "s2tw", "s2twp", "s2hk")


class ConfigError(ValueError):
    """An option name or value is not valid; the message lists the valid ones."""


@dataclass(frozen=True, slots=True)
class Config:
    """Options for repair and normalization.

    Each field has a one-line reason in ``docs/options.md``.
    """

    # --- repair: undo encoding damage -------------------------------------
    repair: bool = True
    """Undo encoding damage (re-decode mojibake). Off only to normalize already-clean text."""
    max_layers: int = 2
    """How many stacked mis-decodings to peel (UTF-8 → GBK → UTF-8 → GBK is 2)."""
    remove_garbage: bool = True
    """Remove irrecoverable runs (锟斤拷, 烫烫烫, U+FFFD) where the text around them is clean."""
    unescape: bool = True
    """Decode HTML entities and \\uXXXX / %XX escapes in running text (never inside URLs)."""
    use_ftfy: bool = True
    """Use ftfy (Chinese-safe config) for UTF-8 read as Latin-1/cp1252."""
    min_margin: float = 1.0
    """Minimum improvement in mean cost (nats per character) a repair must win by."""

    # --- normalize: clean() only -----------------------------------------
    normalize: bool = True
    """Run the normalizers after repair (clean() only; repair() never normalizes)."""
    remove_pinyin: bool = True
    """Remove injected pinyin annotations (南湖區(qū)) when the document shows the artifact."""
    target: Target = "simplified"
    """Script of the output: simplified (default), traditional, or keep as written."""
    opencc_config: str = "t2s"
    """OpenCC configuration used for the script conversion (t2s, tw2s, tw2sp, hk2s, s2t, ...)."""
    punctuation: bool = True
    """ASCII punctuation next to Chinese becomes full-width (他说,好! → 他说，好！)."""
    whitespace: bool = True
    """Remove zero-width/control characters, stray BOMs and trailing spaces."""

    def replace(self, **options: Any) -> Config:
        """Return a copy with ``options`` overridden (validated)."""
        return make_config(self, **options)


#: The named presets (read-only: a preset is changed by adding options, as in
#: ``make_config("corpus", target="keep")``).
PRESETS: Mapping[str, Config] = MappingProxyType({
    # The default of clean(): repair, remove pinyin, simplified, Chinese punctuation.
    "corpus": Config(),
    # repair() only: undo encoding damage, never touch script or punctuation.
    "conservative": Config(normalize=False),
    # Keep traditional characters as written; everything else as corpus.
    "traditional": Config(target="keep"),
})

_FIELDS = tuple(f.name for f in dataclasses.fields(Config))


def _suggest(name: str, valid: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, valid, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_value(name: str, value: Any) -> None:
    if name == "target" and value not in ("simplified", "traditional", "keep"):
        raise ConfigError(
            f"target={value!r} is not valid; use 'simplified', 'traditional' or 'keep'")
    if name == "opencc_config":
        valid = OPENCC_TO_SIMPLIFIED + OPENCC_TO_TRADITIONAL
        if value not in valid:
            raise ConfigError(f"opencc_config={value!r} is not valid{_suggest(str(value), valid)}"
                              f" (valid: {', '.join(valid)})")
    if name == "max_layers" and (not isinstance(value, int) or not 1 <= value <= 3):
        raise ConfigError(f"max_layers={value!r} must be an integer from 1 to 3")
    if name == "min_margin" and (not isinstance(value, (int, float)) or value < 0):
        raise ConfigError(f"min_margin={value!r} must be a number ≥ 0")
    field_type = Config.__dataclass_fields__[name].type
    if field_type == "bool" and not isinstance(value, bool):
        raise ConfigError(f"{name}={value!r} must be True or False")


def make_config(base: Config | str | None = None, **options: Any) -> Config:
    """Build a Config from a preset name (or Config) plus keyword overrides.

    Unknown option names raise :class:`ConfigError` listing the valid ones.
    """
    if base is None:
        cfg = PRESETS["corpus"]
    elif isinstance(base, Config):
        cfg = base
    elif isinstance(base, str):
        if base not in PRESETS:
            raise ConfigError(f"unknown preset {base!r}{_suggest(base, tuple(PRESETS))}"
                              f" (valid: {', '.join(PRESETS)})")
        cfg = PRESETS[base]
    else:
        raise ConfigError(f"preset must be a name or a Config, not {type(base).__name__}")
    for name, value in options.items():
        if name not in _FIELDS:
            raise ConfigError(f"unknown option {name!r}{_suggest(name, _FIELDS)}"
                              f" (valid options: {', '.join(_FIELDS)})")
        _check_value(name, value)
    if not options:
        return cfg
    new = dataclasses.replace(cfg, **options)
    if "target" in options and "opencc_config" not in options:
        if new.target == "traditional" and new.opencc_config in OPENCC_TO_SIMPLIFIED:
            new = dataclasses.replace(new, opencc_config="s2t")
        elif new.target == "simplified" and new.opencc_config in OPENCC_TO_TRADITIONAL:
            new = dataclasses.replace(new, opencc_config="t2s")
    if new.target == "traditional" and new.opencc_config not in OPENCC_TO_TRADITIONAL:
        raise ConfigError(f"target='traditional' needs an s2* opencc_config, not "
                          f"{new.opencc_config!r} (valid: {', '.join(OPENCC_TO_TRADITIONAL)})")
    if new.target == "simplified" and new.opencc_config not in OPENCC_TO_SIMPLIFIED:
        raise ConfigError(f"target='simplified' needs a *2s opencc_config, not "
                          f"{new.opencc_config!r} (valid: {', '.join(OPENCC_TO_SIMPLIFIED)})")
    return new
