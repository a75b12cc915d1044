"""Normalization, run by ``clean()`` after repair: injected pinyin, script
conversion (OpenCC), punctuation and whitespace.

:mod:`~textrepair.normalize.rules` holds the rules and the order they run in;
:mod:`~textrepair.normalize.opencc_adapter` builds the OpenCC converters.
Normalization may import the model, pinyin facts and the shared top-level
modules, never repair: it works on repaired text, whatever repaired it.
"""
