"""Damage kinds as data: every kind a repair can report, with its policy.

A :class:`Kind` says what the pipeline and the judge do with a candidate of
that kind: the layer it undoes, whether lost bytes are searched under that
layer, which second layers are tried on its result, the shortest span it
may replace and the checks its result must pass.  The pipeline and
:mod:`~textrepair.repair.judge` read these fields; no code tests the
spelling of a kind's name.  Adding a kind is one line in :data:`_BASE`
(and one row in ``docs/kinds.md``, which a test holds against this table).

Two kinds are derived from each base kind that needs them:
:func:`recovered` (``utf8_as_gbk_lossy``: lost bytes recovered by the
language model) and :func:`stacked` (``utf8_as_gbk+utf8_as_gbk``: two layers
undone, the outer one first).

>>> KINDS["big5_as_gbk"].min_span, KINDS["big5_as_gbk_lossy"].holes
(3, True)
>>> [k.name for k in KINDS.values() if k.name.startswith("gbk_as_latin1")]
['gbk_as_latin1', 'gbk_as_latin1+utf8_as_gbk']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal

#: A re-decoded span must replace at least this many characters: a single
#: character re-read in another codec is as likely a coincidence as damage.
MIN_SPAN = 2
#: Re-decodings that turn Han characters into other Han characters one for one
#: (GBK ↔ Big5) need at least this many characters of evidence: a 2-character
#: rare name (腶脩) re-read as Big5 can land on two common characters.
MIN_HAN_SWAP_SPAN = 3

#: What the repaired text must look like: any text (the general checks), Han
#: text (at least two Han characters: GBK read as a single-byte code page
#: gives Han text; ＤＧ from £Ä is leetspeak), or English words (ASCII read as
#: UTF-16 gives back English, and no other check applies).
Expects = Literal["text", "han", "english"]
#: How bytes lost under a layer are searched: not at all, in the UTF-8 byte
#: template (:mod:`~textrepair.repair.lossy`), or as the lead bytes that GBK
#: rejected (:mod:`~textrepair.repair.dbcs`).
LostBytes = Literal["none", "utf8", "lead"]


@dataclass(frozen=True, slots=True)
class Layer:
    """One mis-decoding: bytes written in ``wrote`` were read as ``misread``.

    ``signs`` are the suspicious-character classes (see
    :func:`textrepair.repair.scan.hit_class`) this damage produces; a region is
    searched for this layer only if it shows one of them.
    """

    kind: str
    misread: str
    wrote: str
    signs: frozenset[str]


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of damage and how candidates of this kind are searched and judged."""

    name: str
    layer: Layer | None = None
    """The mis-decoding this kind undoes (None: the kind is no single layer)."""
    lost_bytes: LostBytes = "none"
    """How bytes lost under the layer are searched; what that finds is the
    :func:`recovered` kind."""
    then: tuple[str, ...] = ()
    """Layers tried on what undoing this one gives (in this order)."""
    min_span: int = MIN_SPAN
    """The shortest span a candidate of this kind may replace."""
    expects: Expects = "text"
    """What the repaired text must look like (see :data:`Expects`)."""
    utf8_writer: bool = False
    """The bytes were UTF-8: ASCII after a GBK pair may be a byte that GBK
    swallowed as a trail byte, not a wrong codec's invention."""
    utf8_evidence: bool = False
    """UTF-8 read as a Latin code page: valid UTF-8 made of the misread
    letters is itself evidence (and lowers the margin)."""
    holes: bool = False
    """Lost bytes were recovered: the holes (``?``, U+FFFD) in the span are
    missing characters, not damage the candidate removes."""
    irrecoverable: bool = False
    """Garbage that is removed, never rebuilt."""


_HAN = frozenset({"han", "cjk", "hole"})
_LATIN = frozenset({"latin"})
_BOX = frozenset({"box", "latin"})
_BOX_CYRILLIC = frozenset({"box", "cjk"})  # cp866: box drawing, Cyrillic (class cjk)
_KANA = frozenset({"kana"})
_UTF16 = frozenset({"han"})


def _layer(name: str, misread: str, wrote: str, signs: frozenset[str], *,
           lost_bytes: LostBytes = "none", then: tuple[str, ...] = (),
           min_span: int = MIN_SPAN, expects: Expects = "text",
           utf8_evidence: bool = False) -> Kind:
    return Kind(name, Layer(name, misread, wrote, signs), lost_bytes, then, min_span, expects,
                utf8_writer=wrote == "utf-8", utf8_evidence=utf8_evidence)


#: The base kinds.  The mis-decodings come first, most common first (their
#: order breaks ties between equal candidates and is the order they are tried in).
_BASE: tuple[Kind, ...] = (
    _layer("utf8_as_gbk", "gbk", "utf-8", _HAN, lost_bytes="utf8", then=("utf8_as_gbk",)),
    _layer("utf8_as_cp1252", "cp1252", "utf-8", _LATIN, lost_bytes="utf8", utf8_evidence=True,
           then=("utf8_as_cp1252", "utf8_as_latin1", "utf8_as_gbk", "gbk_as_latin1",
                 "gbk_as_cp1252")),
    _layer("utf8_as_latin1", "latin-1", "utf-8", _LATIN, lost_bytes="utf8", utf8_evidence=True,
           then=("utf8_as_latin1", "utf8_as_cp1252", "utf8_as_gbk", "gbk_as_latin1")),
    _layer("gbk_as_latin1", "latin-1", "gbk", _LATIN, expects="han", then=("utf8_as_gbk",)),
    _layer("gbk_as_cp1252", "cp1252", "gbk", _LATIN, expects="han", then=("utf8_as_gbk",)),
    _layer("gbk_as_cp1250", "cp1250", "gbk", _LATIN, expects="han"),
    _layer("gbk_as_cp437", "cp437", "gbk", _BOX, expects="han"),
    _layer("gbk_as_cp850", "cp850", "gbk", _BOX, expects="han"),
    _layer("gbk_as_cp866", "cp866", "gbk", _BOX_CYRILLIC, expects="han"),
    _layer("gbk_as_cp1254", "cp1254", "gbk", _LATIN, expects="han"),
    _layer("gbk_as_cp932", "cp932", "gbk", _KANA),
    _layer("gbk_as_big5", "cp950", "gbk", _HAN, min_span=MIN_HAN_SWAP_SPAN),
    _layer("big5_as_gbk", "gbk", "cp950", _HAN, min_span=MIN_HAN_SWAP_SPAN, lost_bytes="lead"),
    _layer("utf8_as_big5", "cp950", "utf-8", _HAN, min_span=MIN_HAN_SWAP_SPAN,
           lost_bytes="utf8"),
    _layer("utf8_as_cp932", "cp932", "utf-8", _KANA, lost_bytes="utf8"),
    _layer("utf16_as_ascii", "utf-16-le", "ascii", _UTF16, expects="english"),
    Kind("misaligned_gbk"),
    Kind("pinyin_misaligned"),
    Kind("pinyin_injection"),
    Kind("html_entity"),
    Kind("unicode_escape"),
    Kind("percent_escape"),
    Kind("big5_backslash"),
    Kind("kunjinkao", irrecoverable=True),
    Kind("debug_fill", irrecoverable=True),
    Kind("replacement_char", irrecoverable=True),
    Kind("lost_character"),
    Kind("ftfy_fix_encoding"),
)


def recovered(name: str) -> str:
    """The name of kind ``name`` with lost bytes recovered (``…_lossy``)."""
    return f"{name}_lossy"


def stacked(outer: str, inner: str) -> str:
    """The name of two layers undone, ``outer`` first (``outer+inner``)."""
    return f"{outer}+{inner}"


def _derived(base: tuple[Kind, ...]) -> tuple[Kind, ...]:
    """The recovered and stacked kinds of the base kinds.

    A recovered kind keeps its layer's policy; a stacked kind keeps the
    outer layer's UTF-8 checks only (what its bytes were) and the larger
    minimum span of the two.
    """
    by_name = {k.name: k for k in base}
    out = [replace(k, name=recovered(k.name), lost_bytes="none", then=(), holes=True)
           for k in base if k.lost_bytes != "none"]
    out += [Kind(stacked(k.name, second),
                 min_span=max(k.min_span, by_name[second].min_span),
                 utf8_writer=k.utf8_writer, utf8_evidence=k.utf8_evidence)
            for k in base for second in k.then]
    return tuple(out)


#: Every kind a repair can report, by name (base kinds first).
KINDS: Mapping[str, Kind] = MappingProxyType(
    {k.name: k for k in (*_BASE, *_derived(_BASE))})
#: The base kinds, in their order.
BASE_KINDS: tuple[Kind, ...] = _BASE
#: The mis-decodings tried, most common first (order breaks ties).
LAYERS: tuple[Layer, ...] = tuple(k.layer for k in _BASE if k.layer is not None)
#: Each mis-decoding by the name of its kind.
LAYER_OF: Mapping[str, Layer] = MappingProxyType({layer.kind: layer for layer in LAYERS})
