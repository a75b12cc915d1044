"""The corpus formats, by name: adding a format is one module (its reader,
worker and writer, ending in a :class:`~textrepair.corpus.chunks.Format`)
and one line here.

>>> format_of("part-0001.jsonl.zst"), format_of("x.parquet"), format_of("page.html")
('jsonl', 'parquet', 'text')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from . import jsonl, parquet, text
from .chunks import Format
from .files import InputFile
from .streams import STDIN, split_compression

#: Every format, by the name ``--format`` takes.
FORMATS: Mapping[str, Format] = MappingProxyType({f.name: f for f in (
    text.FORMAT,
    jsonl.FORMAT,
    parquet.FORMAT,
)})
#: The format of standard input and of a name no format claims.
DEFAULT = "text"


def format_of(name: str) -> str:
    """The format a file name implies (its suffix, under any compression suffix)."""
    base = split_compression(name)[0].lower()
    for fmt in FORMATS.values():
        if base.endswith(fmt.suffixes):
            return fmt.name
    return DEFAULT


def is_corpus_name(name: str) -> bool:
    """Whether a file found in a directory is taken without ``--format``."""
    base = split_compression(name)[0].lower()
    return any(base.endswith(fmt.suffixes) for fmt in FORMATS.values())


def format_for(f: InputFile, named: str | None) -> Format:
    """The format of an input: the one ``--format`` names, else the one its
    name implies (standard input: text)."""
    return FORMATS[named or (DEFAULT if f.path == STDIN else format_of(f.path))]
