"""The plain text format: a file (any encoding, detected or ``--encoding``) is
one document, or blocks of at most 131,072 characters when it is longer
(:mod:`textrepair.corpus.cuts` says where they are cut).

The reader decodes the input (:func:`text_chunks`), the worker fixes or
checks each block (:func:`work`), and the writer is the byte-stream one,
with the hunks of ``--diff`` numbered by their line in the whole file.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
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
from .cuts import BLOCK_CHARS, cut_blocks
from .files import InputFile
from .streams import Console, InputError, compress, input_stream

SUFFIXES = (".txt", ".text")
#: Text files up to this size are decoded as a whole (the encoding detected on
#: all of it); larger ones incrementally, detected on their first this many bytes.
TEXT_WHOLE_MAX = 4 << 20
#: Codecs (``codecs.lookup`` names) whose input is written back byte for byte
#: when nothing changes: an unchanged file is not rewritten ``--in-place``.
UTF8_CODECS = frozenset({"utf-8", "utf-8-sig", "ascii"})
#: A charset declaration is rewritten when it starts within this many characters
#: (the decoder looks for one in the first 2048 bytes).
DECLARATION_CHARS = 2048
_DECLARATION = re.compile(
    r"""(<\?xml[^>]*?\bencoding\s*=\s*["']?)([A-Za-z0-9_.:-]+)"""
    r"""|(<meta[^>]*?\bcharset\s*=\s*["']?)([A-Za-z0-9_.:-]+)"""
    r"""|(^content-type:[^\r\n]*?\bcharset\s*=\s*["']?)([A-Za-z0-9_.:-]+)""",
    re.I | re.M)
#: The kind counted (``--stats``) for a rewritten charset declaration.
DECLARATION_KIND = "charset_declaration"
_HUNK = re.compile(r"^@@ -(\d+)((?:,\d+)?) \+(\d+)((?:,\d+)?) @@", re.M)


@dataclass(frozen=True, slots=True)
class TextChunk:
    """A block of decoded text starting at line ``first_line``; ``size`` input bytes."""

    first_line: int
    text: str
    size: int
    prefix: str = ""
    """Written before the block's output: the first block of a UTF-8 file with
    a byte-order mark keeps it (``"\ufeff"``)."""
    transcoded: bool = False
    """The first block of a file that was not UTF-8: a charset declaration in
    it is rewritten to UTF-8 (the output is UTF-8)."""
    first_col: int = 1
    """Column of the block's first character in its line (a block cut inside a line)."""

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column in the file of the block's character at ``offset``."""
        line, col = line_col(self.text, offset)
        return line + self.first_line - 1, col + (self.first_col - 1 if line == 1 else 0)


def codec_name(encoding: str) -> str:
    """The codec's canonical name (``UTF8`` → ``utf-8``); the label itself if unknown."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


def utf8_declaration(text: str) -> tuple[str, int]:
    """``text`` with the charset its XML declaration, ``<meta>`` tags or
    Content-Type line name (starting in the first DECLARATION_CHARS characters)
    set to UTF-8, and how many were changed.

    >>> utf8_declaration('<?xml version="1.0" encoding="BIG5"?><a/>')
    ('<?xml version="1.0" encoding="UTF-8"?><a/>', 1)
    """
    out: list[str] = []
    pos = changed = 0
    for m in _DECLARATION.finditer(text, 0, DECLARATION_CHARS + 512):
        if m.start() >= DECLARATION_CHARS:
            break
        i = next(i for i in (1, 3, 5) if m.group(i) is not None)
        if codec_name(m.group(i + 1)) == "utf-8":
            continue
        out += [text[pos:m.start()], m.group(i), "UTF-8" if i == 1 else "utf-8"]
        pos = m.end()
        changed += 1
    return "".join(out) + text[pos:], changed


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


def _decode_stream(stream: BinaryIO, head: bytes, name: str, encoding: str,
                   errors: str) -> Iterator[str]:
    """Decoded pieces of ``head`` + the rest of ``stream``."""
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    offset = 0
    data = head
    while True:
        final = not data
        try:
            piece = decoder.decode(data, final=final)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding} at byte {offset + exc.start}; "
                             "give the right --encoding") from None
        yield piece
        if final:
            return
        offset += len(data)
        data = stream.read(1 << 20)


def _size(block: str, encoding: str) -> int:
    """Input bytes of a block (as the input's codec encodes it)."""
    codec = codec_name(encoding)
    try:
        return len(block.encode("utf-8" if codec == "utf-8-sig" else codec, "replace"))
    except LookupError:  # a codec the decoder reads by hand (ISO-2022-CN)
        return len(block.encode("utf-8", "surrogatepass"))


def _blocks(pieces: Iterator[str], encoding: str, bom: bool,
            block_chars: int) -> Iterator[TextChunk]:
    """The decoded text in blocks (:func:`~textrepair.corpus.cuts.cut_blocks`);
    a leading byte-order mark is taken off the text and, for UTF-8, kept as
    the first block's prefix.  An empty file is one empty block."""
    first = next(pieces, "")
    first = first[1:] if first.startswith("\ufeff") else first
    prefix = "\ufeff" if bom else ""
    transcoded = codec_name(encoding) not in UTF8_CODECS
    line = col = 1
    n = 0
    for n, block in enumerate(cut_blocks(itertools.chain([first], pieces), block_chars), 1):
        head = n == 1
        size = _size(block, encoding) + (len(codecs.BOM_UTF8) if head and bom else 0)
        yield TextChunk(line, block, size, prefix if head else "", transcoded and head, col)
        breaks = block.count("\n")
        line += breaks
        col = len(block) - block.rfind("\n") if breaks else col + len(block)
    if n == 0:
        yield TextChunk(1, "", len(prefix.encode("utf-8")), prefix, transcoded)


def text_chunks(stream: BinaryIO, name: str, encoding: str | None,
                whole_max: int = TEXT_WHOLE_MAX,
                block_chars: int = BLOCK_CHARS) -> tuple[str, Iterator[TextChunk]]:
    """The encoding of a text input and its documents: blocks of at most
    ``block_chars`` characters of the text, decoded as a whole when the file
    is small, else incrementally."""
    head = stream.read(whole_max + 1)
    if len(head) <= whole_max:
        text, enc = decode_text(head, name, encoding)
        pieces: Iterator[str] = iter([text])
    else:
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
        pieces = _decode_stream(stream, head, name, enc, errors)
    bom = head.startswith(codecs.BOM_UTF8) and codec_name(enc) in ("utf-8", "utf-8-sig")
    return enc, _blocks(pieces, enc, bom, block_chars)


@contextlib.contextmanager
def read(f: InputFile, target: Path | None, settings: Settings,
         console: Console) -> Iterator[Reading]:
    """The reader: the decoded input in blocks; the byte-stream writer that
    renumbers the hunks of ``--diff``."""
    keep = settings.on_error == "keep"
    with input_stream(f.path, f.name, target, console.stdin, keep) as opened:
        encoding, chunks = text_chunks(opened.stream, f.name, settings.encoding)
        with TextOutput(target, console.stdout, settings.mode, f.name) as out:
            yield Reading(((c, c) for c in chunks), opened.compression,
                          codec_name(encoding) in UTF8_CODECS, out, opened.problem,
                          opened.fraction)


# ---- worker ----

def _fixed(job: Job, chunk: TextChunk) -> tuple[str, Counts]:
    """The output text of a block and its counts (a charset declaration
    rewritten in the first block of a converted file counts as a change)."""
    result = fix_text(job.repairer, chunk.text)
    text, declared = (utf8_declaration(result.text) if chunk.transcoded
                      else (result.text, 0))
    size_out = len((chunk.prefix + text).encode("utf-8"))
    counts = result_counts(result, chunk.size, size_out)
    if declared:
        counts += Counts(changed=int(not result.changed), kinds={DECLARATION_KIND: declared})
    return text, counts


def work(task: tuple[Job, TextChunk]) -> ChunkResult:
    """The worker: one block of text fixed (or checked)."""
    job, chunk = task
    s = job.settings
    try:
        if s.mode == "check":
            found = job.repairer.detect(chunk.text)
            report = []
            for f in found:
                line, col = chunk.position(f.start)
                report.append(finding_line(job.name, line, col, f, chunk.text,
                                           s.json_findings))
            counts = Counts(documents=1, damaged=int(bool(found)), bytes_in=chunk.size,
                            kinds=Counter(f.kind for f in found))
            return ChunkResult(counts, report="".join(report))
        text, counts = _fixed(job, chunk)
        data = (chunk.prefix + text).encode("utf-8")
    except Exception as exc:  # a bug must not lose the rest of the corpus
        failure = Failure(str(chunk.first_line), crashed(exc))
        keep = s.on_error == "keep" and s.mode == "fix"
        data = (chunk.prefix + chunk.text).encode("utf-8", "replace") if keep else b""
        return ChunkResult(failure_counts(s.on_error, chunk.size),
                           compress(data, job.compression), failures=(failure,))
    delta = text.count("\n") - chunk.text.count("\n")
    if s.mode == "diff":
        return ChunkResult(counts, report=hunks(chunk.text, text), line_delta=delta)
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
