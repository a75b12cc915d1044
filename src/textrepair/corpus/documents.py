"""The documents of one input, one at a time, for ``textrepair explain``.

A text file is read as ``fix`` reads it (decoded, in blocks of at most
131,072 characters); a JSONL line is a record whose text is in ``--text-key``
(JSON's own ``\\u`` escapes are the record's syntax, not damage); a Parquet row
is a record too.  Positions are given as ``check`` gives them: for text, the
line and column in the file; for records, the record's line (or row) and the
1-based offset in its text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from ..api import Repairer
from ..explain import Step
from ..records import MissingTextKeyError, get_text
from .chunks import RecordError, excerpt, line_col
from .files import InputFile
from .formats import format_for
from .jsonl import decode_line, parse_line
from .parquet import open_parquet, parquet_chunks
from .streams import STDIN, CorpusError, escape_surrogates, input_stream
from .text import text_chunks


@dataclass(frozen=True, slots=True)
class Document:
    """One document: its text and where it is (``line``, ``col``: of its first
    character for text; the record's line, or the row for Parquet)."""

    text: str
    line: int
    record: bool
    """A record: positions are ``line:offset+1``, not a line and column in the text."""
    col: int = 1

    def position(self, text: str, offset: int) -> tuple[int, int]:
        """Line and column of ``offset`` in ``text`` (the document as changed so far)."""
        if self.record:
            return self.line, offset + 1
        line, col = line_col(text, offset)
        return line + self.line - 1, col + (self.col - 1 if line == 1 else 0)


def _text(f: InputFile, encoding: str | None, stdin: TextIO | None) -> Iterator[Document]:
    with input_stream(f.path, f.name, None, stdin) as opened:
        _, chunks = text_chunks(opened.stream, f.name, encoding)
        for chunk in chunks:
            yield Document(chunk.text, chunk.first_line, False, chunk.first_col)


def _jsonl(f: InputFile, text_key: str, stdin: TextIO | None) -> Iterator[Document]:
    with input_stream(f.path, f.name, None, stdin) as opened:
        for lineno, raw in enumerate(opened.stream, 1):
            if not raw.strip():
                continue
            try:
                line = decode_line(raw)
                record = parse_line(line[1:] if line.startswith("\ufeff") else line)
                text = get_text(record, text_key)
            except (RecordError, MissingTextKeyError) as exc:
                raise CorpusError(f"{f.name}:{lineno}: {exc}") from None
            yield Document(text, lineno, True)


def _parquet(f: InputFile, text_key: str) -> Iterator[Document]:
    if f.path == STDIN:
        raise CorpusError("Parquet cannot be read from standard input; pass the file")
    pf = open_parquet(f.path, f.name)
    for chunk, _ in parquet_chunks(pf, text_key, f.name):
        for i, value in enumerate(chunk.values):
            if value is not None:
                yield Document(value, chunk.first_row + i, True)


def documents(f: InputFile, fmt: str | None, text_key: str, encoding: str | None,
              stdin: TextIO | None) -> Iterator[Document]:
    """The documents of ``f`` in order (its format from ``fmt`` or its name)."""
    name = format_for(f, fmt).name
    if name == "jsonl":
        return _jsonl(f, text_key, stdin)
    if name == "parquet":
        return _parquet(f, text_key)
    return _text(f, encoding, stdin)


def _step_line(where: str, line: int, col: int, st: Step) -> str:
    scores = ""
    if st.cost_before is not None:
        after = "" if st.cost_after is None else f"{st.cost_after:.2f}"
        scores = f" (cost {st.cost_before:.2f} → {after})"
    return (f"{where}:{line}:{col}: {st.kind}: {excerpt(st.before)!s} → {excerpt(st.after)!s}"
            f"{scores} [{st.rule}]\n")


def explain_lines(name: str, docs: Iterable[Document], repairer: Repairer,
                  as_json: bool) -> Iterator[str]:
    """One line per change of every document: ``path:line:col: kind: before →
    after (cost …) [rule]``, or a JSON object."""
    for doc in docs:
        text = doc.text
        for st in repairer.explain(text).steps:
            line, col = doc.position(text, st.start)
            if as_json:
                yield escape_surrogates(json.dumps({"path": name, "line": line, "col": col,
                                                    **st.to_dict()}, ensure_ascii=False)) + "\n"
            else:
                yield _step_line(name, line, col, st)
            text = text[:st.start] + st.after + text[st.end:]
