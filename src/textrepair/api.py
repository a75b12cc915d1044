"""The public API: thin functions over one pipeline.

>>> import textrepair
>>> textrepair.repair("鐢ㄦ埛鐧诲綍鎴愬姛")
'用户登录成功'
>>> textrepair.clean("南湖區(qū)搶占數(shù)字經(jīng)濟(jì)發(fā)展")
'南湖区抢占数字经济发展'
"""

from __future__ import annotations

import functools
from typing import Any

from .config import Config, make_config
from .decode.decoding import decode, decode_explained
from .explain import Explained, Finding, Step
from .normalize.rules import normalize_text
from .repair.lostchar import lost_findings
from .repair.pipeline import findings, repair_text

__all__ = ["Repairer", "clean", "decode", "decode_explained", "detect", "explain", "repair"]


def _run(text: str, cfg: Config, explain: bool = True) -> Explained:
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}; for bytes use "
                        "textrepair.decode(data) first")
    steps: list[Step] = []
    out = text
    if cfg.repair:
        out, s = repair_text(out, cfg)
        steps += s
    kept: tuple[Finding, ...] = ()
    if explain and cfg.repair:
        kept = tuple(lost_findings(out))  # holes left as they are, with the candidates
    if cfg.normalize:
        out, s = normalize_text(out, cfg, explain)
        steps += s
    return Explained(original=text, text=out, steps=tuple(steps), findings=kept)


class Repairer:
    """The API on a reusable object holding one configuration.

    It holds only its frozen :class:`Config`, so it pickles cleanly; language
    model tables and OpenCC converters are built lazily in each process.

    >>> r = Repairer("conservative")
    >>> r.repair("ÄãºÃ£¬ÊÀ½ç")
    '你好，世界'
    """

    __slots__ = ("_clean_cfg", "_repair_cfg", "config")

    def __init__(self, preset: str | Config | None = None, **options: Any) -> None:
        self._set(make_config(preset, **options))

    def _set(self, config: Config) -> None:
        self.config: Config = config
        self._repair_cfg = config.replace(normalize=False)
        self._clean_cfg = config.replace(normalize=True)

    def __repr__(self) -> str:
        return f"Repairer({self.config!r})"

    def __getstate__(self) -> Config:
        return self.config

    def __setstate__(self, state: Config) -> None:
        self._set(state)

    def repair(self, text: str) -> str:
        """Undo encoding damage only; never converts script or punctuation."""
        return _run(text, self._repair_cfg, explain=False).text

    def clean(self, text: str) -> str:
        """Repair, then normalize (pinyin artifacts, script, punctuation, whitespace)."""
        return _run(text, self._clean_cfg, explain=False).text

    def explain(self, text: str) -> Explained:
        """Like clean() (or repair() with normalize=False), with every step."""
        return _run(text, self.config)

    def detect(self, text: str) -> list[Finding]:
        """Damage found in ``text``: kind, span, confidence, repairable."""
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        return findings(text, self.config)


@functools.lru_cache(maxsize=64)
def _cached(preset: str, options: tuple[tuple[str, str, Any], ...]) -> Repairer:
    return Repairer(preset, **{k: v for k, _, v in options})


def _repairer(default: str, options: dict[str, Any]) -> Repairer:
    """The Repairer for a module-level call; built once per distinct options."""
    preset = options.pop("preset", default)
    try:
        # the value's type is part of the key: punctuation=1 must not find the
        # Repairer built for punctuation=True (1 == True) and skip validation
        return _cached(preset, tuple((k, type(v).__name__, v) for k, v in sorted(options.items())))
    except TypeError:  # an unhashable option value: let make_config report it
        return Repairer(preset, **options)


def repair(text: str, **options: Any) -> str:
    """Undo encoding damage only; clean text comes back unchanged.

    >>> repair("ÄãºÃ£¬ÊÀ½ç")
    '你好，世界'
    """
    return _repairer("conservative", options).repair(text)


def clean(text: str, **options: Any) -> str:
    """Repair, then normalize: injected pinyin, traditional → simplified, punctuation.

    >>> clean("他说,今天天气很好!")
    '他说，今天天气很好！'
    """
    return _repairer("corpus", options).clean(text)


def explain(text: str, **options: Any) -> Explained:
    """What clean() does to ``text``, step by step (``normalize=False``: repair only)."""
    return _repairer("corpus", options).explain(text)


def detect(text: str, **options: Any) -> list[Finding]:
    """Findings in ``text``: kind, start, end, confidence, repairable."""
    return _repairer("corpus", options).detect(text)



#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (_cached,)
