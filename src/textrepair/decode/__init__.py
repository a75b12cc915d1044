"""Bytes of unknown encoding → text, decided by the character language model.

:mod:`~textrepair.decode.decoding` runs the stages (BOM, NUL bytes, ASCII
escapes, strict UTF-8, then the per-line choice); :mod:`~textrepair.decode.choice`
chooses a codec per line with a Viterbi pass; :mod:`~textrepair.decode.readings`
prices what a codec makes of some bytes; :mod:`~textrepair.decode.charsets`
holds the charset facts (labels, BOMs, families, ISO-2022-CN).  Decoding
imports only the model (and the shared top-level facts).
"""
