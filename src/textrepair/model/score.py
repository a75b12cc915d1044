"""How Chinese-like a string is: the running-text language model's costs.

Every cost is in nats (negative log-probability) from one model, the
character trigram model of :mod:`~textrepair.model.ngram` (interpolated
modified Kneser-Ney over running text, folded to simplified, so traditional
text costs what its simplified form costs).  Characters outside its
vocabulary that are not Han cost a prior by class (``ngram._prior``): the
classes mojibake is made of (Latin-1 letters, box drawing, half-width
katakana, bopomofo, C1 controls, private use, U+FFFD) cost more than any
common Han character, because running text never has them.

* :func:`char_cost` -- one character after one character (or at the start);
* :func:`score` / :func:`cost` -- a text's total / mean cost per character;
* :func:`span_cost` -- what a span costs *in its context* (the judge compares
  candidates with it); :func:`text_cost` adds the word evidence;
* :func:`state_machine`, :func:`start_state`, :func:`step`, :func:`advance`,
  :func:`end_cost` -- the model as a state machine, for lattice searches.

Real running Chinese costs 1-8 nats per character (every clean sentence of
``benchmarks/lm_eval.py``'s evaluation sample is below 7.7), mojibake 11-18.

>>> cost("用户登录成功") < cost("鐢ㄦ埛鐧诲綍鎴愬姛")
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from . import ngram

#: A state of the running-text model (see :func:`start_state`).
State = ngram.State

#: Prior of an ASCII punctuation mark the model has no token for (``ngram._prior``);
#: what a ``?`` hole costs on its own.
ASCII_PUNCT_COST = 4.5
#: Default price of a CJK punctuation mark that fills a hole (repair/beam.py's
#: table of marks by how often a hole stood for them falls back to it).
CJK_PUNCT_COST = 4.0
#: Mean cost per character below which text reads as real Chinese (sentences:
#: clean p99.9 7.63 simplified / 6.97 traditional, mojibake p0.1 10.9 --
#: benchmarks/lm_eval.py, eval split, docs/decisions/0008).
REAL_TEXT_MEAN = 9.0


@dataclass(frozen=True, slots=True)
class Score:
    """Total cost and character count of a string; ``mean`` is what is compared."""

    total: float
    length: int

    @property
    def mean(self) -> float:
        return self.total / self.length if self.length else 0.0


# -- the running-text model as a state machine (for lattice and beam searches) --


def state_machine() -> ngram.NgramModel:
    """The running-text character model (loaded on first use, once per process).

    A search binds its methods once (``m = state_machine(); step = m.step``):
    ``m.start_state()``, ``m.step(state, ch) -> (cost, next_state)``,
    ``m.end_cost(state)``, ``m.advance(text, state) -> (cost, state)``.  States
    are ``int``; equal states have equal futures, so a lattice may key on them.
    """
    return ngram.model()


def start_state() -> State:
    """The model's state at the start of a text (as after a line break)."""
    return ngram.model().start_state()


def step(state: State, ch: str) -> tuple[float, State]:
    """Cost (nats) of ``ch`` after ``state``, and the state after it.

    >>> s = start_state()
    >>> c1, s = step(s, "中")
    >>> c2, s = step(s, "国")
    >>> abs(c1 + c2 - advance("中国")[0]) < 1e-9
    True
    """
    return ngram.model().step(state, ch)


def advance(text: str, state: State | None = None) -> tuple[float, State]:
    """Total cost of ``text`` after ``state`` (default: the start) and the state after it."""
    return ngram.model().advance(text, state)


def end_cost(state: State) -> float:
    """Cost of the text ending after ``state``."""
    return ngram.model().end_cost(state)


# -- costs of characters and texts ---------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def char_cost(prev: str, ch: str) -> float:
    """Cost of ``ch`` after ``prev`` (nats; ``prev=""``: at the start of a text).

    The model's cost of ``ch`` in the state after ``prev`` (one character of
    context; a search that has more should use :func:`step`).  Memoized (pure).

    >>> char_cost("中", "国") < char_cost("", "国") < char_cost("", "鐢")
    True
    """
    m = ngram.model()
    s = m.start_state()
    if prev:
        s = m.step(s, prev)[1]
    return m.step(s, ch)[0]


def score(text: str) -> Score:
    """Score ``text`` (total cost in nats from the start of a text, and length)."""
    return Score(ngram.model().cost(text), len(text))


def cost(text: str) -> float:
    """Mean cost per character of ``text`` (nats); lower is more Chinese-like."""
    return score(text).mean


def span_cost(left: str, span: str, right: str) -> float:
    """What ``span`` costs between ``left`` and ``right`` (nats): the cost of
    ``span + right`` after ``left``, less the cost of ``right`` on its own
    after ``left`` would be the wrong baseline, so the caller compares two
    spans between the same ``left`` and ``right``; the right context is
    charged so that a span that ends badly for what follows pays for it."""
    m = ngram.model()
    _, s = m.advance(left)
    return m.advance(span + right, s)[0]


def text_cost(text: str) -> float:
    """Character cost plus the word evidence (``ngram.WORD_WEIGHT`` times the
    association of the best segmentation over jieba's words): for comparing
    whole spans, never inside a search."""
    return ngram.cost(text)


def foreign_to_text(text: str) -> bool:
    """Whether ``text`` is made only of characters running text never has:
    not Han, not in the model's vocabulary, and not letters of a European
    script (``㊪``, which three random bytes read as Latin-1 make as valid
    UTF-8 once in about 32 positions; ``é`` or ``ж`` may be real text)."""
    m = ngram.model()
    return bool(text) and not any(
        m.in_vocabulary(c) or _han_or_european_letter(c) for c in text)


def _han_or_european_letter(c: str) -> bool:
    import unicodedata

    name = unicodedata.name(c, "")
    if unicodedata.category(c) == "Sc":
        return True  # € and ¥ are real text too, if the model has no token for them
    return name.startswith("CJK UNIFIED") or name.startswith("CJK COMPATIBILITY IDEOGRAPH") or (
        c.isalpha() and name.split(" ")[0] in ("LATIN", "GREEK", "CYRILLIC"))


#: The memos of this module (:func:`textrepair.clear_caches` empties them).
CACHES = (char_cost,)
