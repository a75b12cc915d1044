"""The public API: thin functions over one pipeline.

>>> import textrepair
>>> textrepair.repair("鐢ㄦ埛鐧诲綍鎴愬姛")
'用户登录成功'
>>> textrepair.clean("南湖區(qū)搶占數(shù)字經(jīng)濟(jì)發(fā)展")
'南湖区抢占数字经济发展'
"""

from __future__ import annotations

from typing import Any

from .config import Config, make_config
from .decoding import decode, decode_explained
from .explain import Explained, Finding, Step
from .normalize import normalize_text
from .pipeline import findings, repair_text

__all__ = ["Repairer", "clean", "decode", "decode_explained", "detect", "explain", "repair"]


def _run(text: str, cfg: Config) -> Explained:
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}; for bytes use "
                        "textrepair.decode(data) first")
    steps: list[Step] = []
    out = text
    if cfg.repair:
        out, s = repair_text(out, cfg)
        steps += s
    if cfg.normalize:
        out, s = normalize_text(out, cfg)
        steps += s
    return Explained(original=text, text=out, steps=tuple(steps))


class Repairer:
    """The API on a reusable object holding one configuration.

    It holds only its frozen :class:`Config`, so it pickles cleanly; language
    model tables and OpenCC converters are built lazily in each process.

    >>> r = Repairer("conservative")
    >>> r.repair("ÄãºÃ£¬ÊÀ½ç")
    '你好，世界'
    """

    __slots__ = ("config",)

    def __init__(self, preset: str | Config | None = None, **options: Any) -> None:
        self.config: Config = make_config(preset, **options)

    def __repr__(self) -> str:
        return f"Repairer({self.config!r})"

    def __getstate__(self) -> Config:
        return self.config

    def __setstate__(self, state: Config) -> None:
        self.config = state

    def repair(self, text: str) -> str:
        """Undo encoding damage only; never converts script or punctuation."""
        return _run(text, self.config.replace(normalize=False)).text

    def clean(self, text: str) -> str:
        """Repair, then normalize (pinyin artifacts, script, punctuation, whitespace)."""
        return _run(text, self.config.replace(normalize=True)).text

    def explain(self, text: str) -> Explained:
        """Like clean() (or repair() with normalize=False), with every step."""
        return _run(text, self.config)

    def detect(self, text: str) -> list[Finding]:
        """Damage found in ``text``: kind, span, confidence, repairable."""
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        return findings(text, self.config)


def repair(text: str, **options: Any) -> str:
    """Undo encoding damage only; clean text comes back unchanged.

    >>> repair("ÄãºÃ£¬ÊÀ½ç")
    '你好，世界'
    """
    preset = options.pop("preset", "conservative")
    return Repairer(preset, **options).repair(text)


def clean(text: str, **options: Any) -> str:
    """Repair, then normalize: injected pinyin, traditional → simplified, punctuation.

    >>> clean("他说,今天天气很好!")
    '他说，今天天气很好！'
    """
    preset = options.pop("preset", "corpus")
    return Repairer(preset, **options).clean(text)


def explain(text: str, **options: Any) -> Explained:
    """What clean() does to ``text``, step by step (``normalize=False``: repair only)."""
    preset = options.pop("preset", "corpus")
    return Repairer(preset, **options).explain(text)


def detect(text: str, **options: Any) -> list[Finding]:
    """Findings in ``text``: kind, start, end, confidence, repairable."""
    preset = options.pop("preset", "corpus")
    return Repairer(preset, **options).detect(text)

