"""The plain text format: a file (any encoding, detected or ``--encoding``) is
one document, or blocks of lines when it is large.

The reader decodes the input (:func:`text_chunks`), the worker fixes or
checks each block (:func:`work`), and the writer is the byte-stream one,
with the hunks of ``--diff`` numbered by their line in the whole file.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from ..api import decode_explained
from ..records import fix_text
from .chunks import (
    BytesOutput,
    ChunkResult,
    Counts,
    Failure,
    Format,
    Job,
    Reading,
    Settings,
    crashed,
    failure_counts,
    finding_line,
    hunks,
    line_col,
    result_counts,
)
from .files import InputFile
from .streams import Console, InputError, compress, input_stream

SUFFIXES = (".txt", ".text")
#: Text files up to this size are one document, as they always were.
TEXT_WHOLE_MAX = 4 << 20
#: Larger text files are cut at line ends into documents of about this many characters.
TEXT_BLOCK_CHARS = 1 << 20
_HUNK = re.compile(r"^@@ -(\d+)((?:,\d+)?) \+(\d+)((?:,\d+)?) @@", re.M)


@dataclass(frozen=True, slots=True)
class TextChunk:
    """A block of decoded text starting at line ``first_line``; ``size`` input bytes."""

    first_line: int
    text: str
    size: int


# ---- reader (main process) ----

def _check_binary(name: str, head: bytes, encoding: str) -> None:
    if b"\x00" in head[:8192] and not encoding.startswith(("utf-16", "utf-32")):
        raise InputError(f"{name}: looks like a binary file (NUL bytes); textrepair reads text")


def decode_text(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """A whole text file decoded (``--encoding`` or detected) and its encoding."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"--encoding {encoding!r} is not an encoding; try gbk, big5 "
                             "or utf-8") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding} at byte {exc.start}; "
                             "omit --encoding to detect it") from None
    decoded = decode_explained(data, declared=None)
    _check_binary(name, data, decoded.encoding)
    return decoded.text, decoded.encoding


def _cut_blocks(pieces: Iterator[str], block_chars: int) -> Iterator[tuple[int, str]]:
    """Text pieces regrouped into blocks that end at a line end (when there is one)."""
    buf = ""
    line = 1
    for piece in pieces:
        buf += piece
        while len(buf) >= block_chars:
            cut = buf.rfind("\n", 0, block_chars) + 1 or buf.find("\n", block_chars) + 1
            if not cut:
                break
            block, buf = buf[:cut], buf[cut:]
            yield line, block
            line += block.count("\n")
    if buf:
        yield line, buf


def _decode_stream(stream: BinaryIO, head: bytes, name: str, encoding: str,
                   errors: str) -> Iterator[tuple[str, int]]:
    """Decoded pieces of ``head`` + the rest of ``stream``, with their byte sizes;
    a leading byte-order mark is dropped."""
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    offset = 0
    data = head
    first = True
    while True:
        final = not data
        try:
            piece = decoder.decode(data, final=final)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding} at byte {offset + exc.start}; "
                             "give the right --encoding") from None
        if first and piece.startswith("\ufeff") and encoding.startswith(("utf-16", "utf-32")):
            piece = piece[1:]
        first = first and not piece
        yield piece, len(data)
        if final:
            return
        offset += len(data)
        data = stream.read(1 << 20)


def text_chunks(stream: BinaryIO, name: str, encoding: str | None,
                whole_max: int = TEXT_WHOLE_MAX,
                block_chars: int = TEXT_BLOCK_CHARS) -> tuple[str, Iterator[TextChunk]]:
    """The encoding of a text input and its documents: the whole file when it
    is small, else blocks of lines (decoded incrementally)."""
    head = stream.read(whole_max + 1)
    if len(head) <= whole_max:
        text, enc = decode_text(head, name, encoding)
        return enc, iter([TextChunk(1, text, len(head))])
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"--encoding {encoding!r} is not an encoding; try gbk, big5 "
                             "or utf-8") from None
        enc, errors = encoding, "strict"
    else:
        sample = head[: head.rfind(b"\n") + 1] or head
        decoded = decode_explained(sample, declared=None)
        enc, errors = decoded.encoding, "replace" if decoded.lossy else "strict"
        _check_binary(name, head, enc)

    def chunks() -> Iterator[TextChunk]:
        pieces = (piece for piece, _ in _decode_stream(stream, head, name, enc, errors))
        for line, block in _cut_blocks(pieces, block_chars):
            yield TextChunk(line, block, len(block.encode(enc, "replace")))

    return enc, chunks()


@contextlib.contextmanager
def read(f: InputFile, target: Path | None, settings: Settings,
         console: Console) -> Iterator[Reading]:
    """The reader: the decoded input in blocks; the byte-stream writer that
    renumbers the hunks of ``--diff``."""
    with input_stream(f.path, f.name, target, console.stdin) as (stream, compression):
        encoding, chunks = text_chunks(stream, f.name, settings.encoding)
        with TextOutput(target, console.stdout, settings.mode, f.name) as out:
            yield Reading(((c, c) for c in chunks), compression,
                          encoding in ("utf-8", "ascii"), out)


# ---- worker ----

def work(task: tuple[Job, TextChunk]) -> ChunkResult:
    """The worker: one block of text fixed (or checked)."""
    job, chunk = task
    s = job.settings
    try:
        if s.mode == "check":
            found = job.repairer.detect(chunk.text)
            report = []
            for f in found:
                line, col = line_col(chunk.text, f.start)
                report.append(finding_line(job.name, line + chunk.first_line - 1, col, f,
                                           chunk.text, s.json_findings))
            counts = Counts(documents=1, damaged=int(bool(found)), bytes_in=chunk.size,
                            kinds=Counter(f.kind for f in found))
            return ChunkResult(counts, report="".join(report))
        result = fix_text(job.repairer, chunk.text)
        data = result.text.encode("utf-8")
    except Exception as exc:  # a bug must not lose the rest of the corpus
        failure = Failure(str(chunk.first_line), crashed(exc))
        keep = s.on_error == "keep" and s.mode == "fix"
        data = chunk.text.encode("utf-8", "replace") if keep else b""
        return ChunkResult(failure_counts(s.on_error, chunk.size),
                           compress(data, job.compression), failures=(failure,))
    counts = result_counts(result, chunk.size, len(data))
    delta = result.text.count("\n") - chunk.text.count("\n")
    if s.mode == "diff":
        return ChunkResult(counts, report=hunks(chunk.text, result.text),
                           line_delta=delta)
    return ChunkResult(counts, compress(data, job.compression), line_delta=delta)


# ---- writer ----

def shift_hunks(diff: str, old: int, new: int) -> str:
    """Hunk headers moved down by ``old`` lines (before) and ``new`` lines (after).

    >>> shift_hunks("@@ -1,2 +1 @@\\n-a\\n", 10, 9)
    '@@ -11,2 +10 @@\\n-a\\n'
    """
    return _HUNK.sub(lambda m: f"@@ -{int(m[1]) + old}{m[2]} +{int(m[3]) + new}{m[4]} @@", diff)


class TextOutput(BytesOutput):
    """The byte-stream writer; in ``--diff`` mode each block's hunks are
    renumbered to their lines in the whole file, under one file header."""

    def __init__(self, target: Path | None, stdout: TextIO, mode: str, name: str) -> None:
        super().__init__(target, stdout, mode == "fix")
        self.diff = mode == "diff"
        self.name = name
        self.delta = 0
        self.header = False

    def report(self, kept: Any, result: ChunkResult) -> str:
        report = result.report
        if report and self.diff:
            off = kept.first_line - 1
            report = shift_hunks(report, off, off + self.delta)
            if not self.header:
                report = f"--- {self.name}\n+++ {self.name} (fixed)\n{report}"
                self.header = True
        self.delta += result.line_delta
        return report


FORMAT = Format("text", SUFFIXES, records=False, read=read, work=work)
