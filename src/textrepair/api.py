"""The public API: thin functions over one pipeline.

>>> import textrepair
>>> textrepair.repair("鐢ㄦ埛鐧诲綍鎴愬姛")
'用户登录成功'
>>> textrepair.clean("南湖區(qū)搶占數(shù)字經(jīng)濟(jì)發(fā)展")
'南湖区抢占数字经济发展'
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from .config import Config, make_config
from .decode.decoding import decode, decode_explained
from .explain import Explained, Finding, Step
from .normalize.rules import Normalized, normalize_text
from .repair.lostchar import lost_findings
from .repair.pipeline import findings, repair_searched
from .repair.scan import suspect_regex

__all__ = ["Counted", "Repairer", "clean", "decode", "decode_explained", "detect", "explain",
           "repair"]


@dataclass(frozen=True, slots=True)
class Counted(Explained):
    """What :meth:`Repairer.counted` gives: the text ``explain()`` would give
    and how many changes of each kind it made, without building a single
    :class:`Step` (``steps`` is always empty: ask ``explain()`` for them).

    ``kinds`` are ``(kind, count)`` pairs, the counts of the kinds of
    ``explain(text).steps``; ``repaired`` is true when a repair (not only a
    normalization) was made.  ``findings`` are the spans of damage left in
    the text, as in :class:`Explained`.
    """

    kinds: tuple[tuple[str, int], ...] = ()
    repaired: bool = False


def _check(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}; for bytes use "
                        "textrepair.decode(data) first")


def _kept(finding: Finding, start: int, end: int) -> Finding:
    return replace(finding, start=start, end=end,
                   detail=f"kept as it is (not normalized); {finding.detail}")


#: Findings that normalizing is meant to undo (the first normalizer removes
#: injected pinyin): not damage to keep.
_NORMALIZED_KINDS = frozenset({"pinyin_injection"})


def _normalized(text: str, cfg: Config, explain: bool, searched: bool = False
                ) -> tuple[Normalized, tuple[Finding, ...]]:
    """Normalize the repaired ``text``, leaving alone every span ``detect()``
    reports as damage in it (so ``detect(clean(x))`` still finds it and a
    later version can still repair it).

    Damage is looked for only when normalizing changes something and the text
    has a suspicious character (``findings`` returns at once otherwise);
    ``searched``: the repair stage searched ``text`` and judged nothing, so
    ``findings`` skips its repair pass (see ``repair_searched``).
    """
    out = normalize_text(text, cfg, explain)
    if out.text == text:
        return out, ()
    damage = sorted((f for f in findings(text, cfg, searched) if f.kind not in _NORMALIZED_KINDS
                     or not cfg.remove_pinyin), key=lambda f: (f.start, f.end))
    if not damage:
        return out, ()
    out = normalize_text(text, cfg, explain, keep=[(f.start, f.end) for f in damage])
    return out, tuple(_kept(f, s, e) for f, (s, e) in zip(damage, out.kept.items, strict=True))


def _run_once(text: str, cfg: Config, explain: bool) -> Explained:
    steps: list[Step] = []
    out = text
    searched = False
    if cfg.repair:
        out, s, searched = repair_searched(out, cfg)
        steps += s
    holes: tuple[Finding, ...] = ()
    if explain and cfg.repair:  # holes left as they are, with their candidates
        holes = tuple(lost_findings(out))
    if not cfg.normalize:
        return Explained(original=text, text=out, steps=tuple(steps), findings=holes)
    norm, kept = _normalized(out, cfg, explain, searched)
    return Explained(original=text, text=norm.text, steps=(*steps, *norm.steps), findings=kept)


def _counted_once(text: str, cfg: Config) -> Counted:
    out, steps, searched = repair_searched(text, cfg) if cfg.repair else (text, [], False)
    counts = Counter(st.kind for st in steps)
    kept: tuple[Finding, ...] = ()
    if cfg.normalize:
        norm, kept = _normalized(out, cfg, False, searched)
        out = norm.text
        counts.update(norm.counts)
    return Counted(original=text, text=out, findings=kept, kinds=tuple(counts.items()),
                   repaired=bool(steps))


#: Rounds of the whole call before a result is known to be settled.  A call's
#: output is checked by calling again on it when a repair was made, damage was
#: kept, or a suspicious character is left (normalizing alone is idempotent:
#: tests/test_properties.py); a round that changes nothing settles it.  A text
#: that has not settled after this many rounds is given back unchanged, so that
#: every call is idempotent (issue 14's sweep: all texts settle within 2).
MAX_ROUNDS = 3


def _unsettled(out: Explained, repaired: bool) -> bool:
    """May a second call change ``out``, the result of one round?"""
    if out.text == out.original:
        return False
    return repaired or bool(out.findings) or suspect_regex().search(out.text) is not None


def _progress(kind: str, stage: str) -> bool:
    """Is a change of this kind worth another round: a repair, or injected
    pinyin removed (which the first round's conversion may have uncovered)?"""
    return stage == "repair" or kind == "pinyin_injection"


def _touches_kept(cur: Explained, nxt: Explained) -> bool:
    """Did the round ``nxt`` change damage that ``cur`` kept as it was (a span
    kept in one call but not detected in its output: t2s had changed the
    context, and the next call would normalize it)?  Counted, not only
    looked for: ``???`` kept once may also stand elsewhere in the text."""
    kept = {cur.text[f.start:f.end] for f in cur.findings}
    return any(nxt.text.count(k) < cur.text.count(k) for k in kept if k)


def _kept_whole(text: str) -> Finding:
    return Finding("unsettled", 0, len(text), 0.0, False, text[:40],
                   f"kept as it is: repairs did not settle in {MAX_ROUNDS} rounds")


def _run(text: str, cfg: Config, explain: bool = True) -> Explained:
    """One round, and more while they change the text (see MAX_ROUNDS)."""
    _check(text)
    cur = _run_once(text, cfg, explain)
    steps = cur.steps
    for _ in range(MAX_ROUNDS - 1):
        if not _unsettled(cur, any(st.stage == "repair" for st in cur.steps)):
            return Explained(original=text, text=cur.text, steps=steps, findings=cur.findings)
        nxt = _run_once(cur.text, cfg, explain)
        if nxt.text == cur.text or not (any(_progress(st.kind, st.stage) for st in nxt.steps)
                                        or _touches_kept(cur, nxt)):
            # settled: a round that only converts script or punctuation again
            # is no repair left to make (OpenCC is not idempotent: s2t turns
            # 郭台銘 into 郭臺銘, t2s 乾闼婆 into 干闼婆)
            return Explained(original=text, text=cur.text, steps=steps, findings=cur.findings)
        steps, cur = (*steps, *nxt.steps), nxt
    return Explained(original=text, text=text, findings=(_kept_whole(text),))


def _counted(text: str, cfg: Config) -> Counted:
    """:func:`_counted_once` in rounds, as :func:`_run`."""
    _check(text)
    cur = _counted_once(text, cfg)
    counts = Counter(dict(cur.kinds))
    repaired = cur.repaired
    for _ in range(MAX_ROUNDS - 1):
        done = Counted(original=text, text=cur.text, findings=cur.findings,
                       kinds=tuple(counts.items()), repaired=repaired)
        if not _unsettled(cur, cur.repaired):
            return done
        nxt = _counted_once(cur.text, cfg)
        if nxt.text == cur.text or not (nxt.repaired or _touches_kept(cur, nxt) or any(
                _progress(k, "normalize") for k, _ in nxt.kinds)):
            return done
        counts.update(dict(nxt.kinds))
        repaired, cur = repaired or nxt.repaired, nxt
    return Counted(original=text, text=text, findings=(_kept_whole(text),))


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
        """Like clean() (or repair() with normalize=False), with every step;
        ``findings`` are the spans of damage left as they were."""
        return _run(text, self.config)

    def counted(self, text: str) -> Counted:
        """What explain() gives, without the steps: the text and the number of
        changes of each kind (the fast path of the CLI and the integrations).

        >>> Repairer("corpus").counted("他说,今天天气很好!").kinds
        (('punctuation', 2),)
        """
        return _counted(text, self.config)

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
