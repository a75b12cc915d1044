"""data-juicer: the ``textrepair_mapper`` op (batched), usable from a recipe YAML.

Installing textrepair declares this module in the ``data_juicer.ops`` entry-point
group, which data-juicer ≥ 1.6 imports when ``data_juicer.ops`` is imported; the
module registers the op with ``@OPERATORS.register_module``.  So a recipe only
needs::

    process:
      - textrepair_mapper:
          text_key: content        # data-juicer's own key option (default: text)
          target: keep             # any textrepair option; unset ones come from preset

Importing this module yourself registers the op as well.
"""

# No ``from __future__ import annotations``: data-juicer validates recipe values
# against the __init__ annotations at run time.
import inspect
from typing import Any

from data_juicer.ops.base_op import OPERATORS, Mapper

from ..config import Config
from ..records import annotation_json, fix_texts, make_repairer

__all__ = ["OP_NAME", "TextRepairMapper"]

OP_NAME = "textrepair_mapper"


@OPERATORS.register_module(OP_NAME)
class TextRepairMapper(Mapper):
    """Repair mis-encoded Chinese text and clean it (textrepair ``clean()``;
    ``repair()`` with ``repair_only``): GBK/Big5/UTF-8 mojibake, lost bytes,
    injected pinyin, traditional → simplified, Chinese punctuation.  Every
    field other than ``text_key`` is kept; ``annotate_key`` adds a JSON string
    field listing the changes.  Options left unset (None) come from ``preset``.
    """

    _batched_op = True

    def __init__(self, preset: str = "corpus", repair_only: bool = False,
                 annotate_key: str | None = None,
                 repair: bool | None = None, max_layers: int | None = None,
                 remove_garbage: bool | None = None, unescape: bool | None = None,
                 use_ftfy: bool | None = None, min_margin: float | None = None,
                 normalize: bool | None = None, remove_pinyin: bool | None = None,
                 target: str | None = None, opencc_config: str | None = None,
                 punctuation: bool | None = None, whitespace: bool | None = None,
                 *args: Any, **kwargs: Any) -> None:
        """
        Initialization method.

        :param preset: textrepair preset: corpus, conservative or traditional.
        :param repair_only: undo encoding damage only (textrepair ``repair()``).
        :param annotate_key: if set, a field with the changes as JSON.
        :param repair: undo encoding damage (see textrepair docs/options.md).
        :param max_layers: stacked mis-decodings to peel (1-3).
        :param remove_garbage: remove irrecoverable runs such as 锟斤拷.
        :param unescape: decode entities and escapes in running text.
        :param use_ftfy: use ftfy for UTF-8 read as Latin-1/cp1252.
        :param min_margin: minimum cost improvement a repair must win by.
        :param normalize: run the normalizers after repair.
        :param remove_pinyin: remove injected pinyin annotations.
        :param target: simplified, traditional or keep.
        :param opencc_config: OpenCC configuration (t2s, tw2s, s2t, ...).
        :param punctuation: ASCII punctuation next to Chinese becomes full-width.
        :param whitespace: remove zero-width/control characters.
        :param args: extra args
        :param kwargs: extra args (data-juicer's text_key, batch_size, num_proc, ...)
        """
        super().__init__(*args, **kwargs)
        given = dict(repair=repair, max_layers=max_layers, remove_garbage=remove_garbage,
                     unescape=unescape, use_ftfy=use_ftfy, min_margin=min_margin,
                     normalize=normalize, remove_pinyin=remove_pinyin, target=target,
                     opencc_config=opencc_config, punctuation=punctuation,
                     whitespace=whitespace)
        options = {name: value for name, value in given.items() if value is not None}
        self.repairer = make_repairer(preset, repair_only=repair_only, **options)
        self.annotate_key = annotate_key

    def process_batched(self, samples: dict[str, list[Any]]) -> dict[str, list[Any]]:
        results = fix_texts(self.repairer, samples[self.text_key],
                            explain=bool(self.annotate_key))
        samples[self.text_key] = [None if r is None else r.text for r in results]
        if self.annotate_key:
            samples[self.annotate_key] = [annotation_json(r) for r in results]
        return samples


def option_parameters() -> set[str]:
    """The textrepair options the op's signature exposes (tests check it lists every one)."""
    names = set(inspect.signature(TextRepairMapper.__init__).parameters)
    return names & {f for f in Config.__dataclass_fields__}
