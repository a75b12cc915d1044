"""How corpus bytes come in and go out: standard input, files, compression,
atomic streaming writes and standard output.

* Standard input is read in one place (:func:`stdin_bytes`).
* Compression is recognised by its magic bytes when reading (gzip, zstd) and
  by the name when writing; every output chunk is compressed on its own (a
  gzip member or a zstd frame), so workers can compress in parallel and the
  file is still one valid stream.
* Where output goes, and how it is written without replacing what should
  not be replaced, is :mod:`textrepair.corpus.writes`.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
import io
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO, cast

#: The path that names standard input on the command line.
STDIN = "-"
COMPRESSION_SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".zst": "zstd", ".zstd": "zstd"}
GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
#: gzip level of outputs: the gzip command's default, 3-4x faster than level 9.
GZIP_LEVEL = 6
ZSTD_LEVEL = 3
READ_BUFFER = 1 << 20


class CorpusError(Exception):
    """An error to report to the user, naming the file (and line)."""


class InputError(CorpusError):
    """An input that cannot be read (missing, unreadable, corrupt, binary)."""


class MissingExtraError(CorpusError):
    """An optional dependency is not installed."""


def import_extra(module: str, extra: str, what: str) -> Any:
    """Import an optional dependency or say which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(f"{what} needs the {module} package: "
                                f'pip install "textrepair[{extra}]"') from None


def split_compression(name: str) -> tuple[str, str | None]:
    """``("data.jsonl", "gzip")`` for ``data.jsonl.gz``; the name and None otherwise."""
    for suffix, comp in COMPRESSION_SUFFIXES.items():
        if name.lower().endswith(suffix):
            return name[: -len(suffix)], comp
    return name, None


def sniff_compression(head: bytes) -> str | None:
    """gzip or zstd from the first bytes of a stream, else None."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    return None


def compress(data: bytes, compression: str | None) -> bytes:
    """One self-contained gzip member or zstd frame (or the bytes as they are).

    >>> import gzip; gzip.decompress(compress(b"a", "gzip") + compress(b"b", "gzip"))
    b'ab'
    """
    if compression is None or not data:
        return data
    if compression == "gzip":
        return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    if compression == "zstd":
        zstd = import_extra("zstandard", "zstd", "writing .zst files")
        return bytes(zstd.ZstdCompressor(level=ZSTD_LEVEL).compress(data))
    raise ValueError(f"unknown compression {compression!r}")


def describe_os_error(name: str, exc: OSError) -> str:
    """What went wrong reading ``name`` and what to do about it."""
    if isinstance(exc, FileNotFoundError):
        return f"{name}: no such file; check the path"
    if isinstance(exc, PermissionError):
        return f"{name}: permission denied; check the file's permissions"
    if isinstance(exc, IsADirectoryError):
        return f"{name}: is a directory; pass the files inside it"
    return f"{name}: cannot read ({exc.strerror or exc})"


class _ZstdReader(io.RawIOBase):
    """zstd frames one after another; unlike ``stream_reader`` it notices a
    frame cut short by the end of the file."""

    def __init__(self, raw: BinaryIO, zstd: Any) -> None:
        self._raw = raw
        self._dctx = zstd.ZstdDecompressor()
        self._obj: Any = None
        self._pending = b""
        self._out = memoryview(b"")

    def readable(self) -> bool:
        return True

    def _fill(self) -> bool:
        while not self._out:
            data = self._pending or self._raw.read(1 << 16)
            self._pending = b""
            if not data:
                if self._obj is not None:
                    raise EOFError("zstd file ends in the middle of a frame (truncated)")
                return False
            if self._obj is None:
                self._obj = self._dctx.decompressobj()
            self._out = memoryview(self._obj.decompress(data))
            if self._obj.eof:
                self._pending = bytes(self._obj.unused_data)
                self._obj = None
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._fill():
            return 0
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n


class _Checked(io.RawIOBase):
    """Turn decompression errors into :class:`InputError` naming the file.

    With ``keep_prefix`` (``--on-error keep``) the error is not raised: the
    stream ends where it happened, and :attr:`problem` says what it was, so
    the readable part of a truncated or corrupt file can still be used."""

    def __init__(self, inner: Any, name: str, compression: str | None,
                 keep_prefix: bool = False) -> None:
        self._inner = inner
        self._name = name
        self.compressed = compression
        self._keep_prefix = keep_prefix
        self.problem: str | None = None
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.problem is not None:
            return 0
        try:
            n = self._readinto(buffer)
            self.produced += n
            return n
        except InputError as exc:
            if not self._keep_prefix:
                raise
            self.problem = str(exc)
            return 0

    def _readinto(self, buffer: Any) -> int:
        try:
            read1 = getattr(self._inner, "read1", None)
            if read1 is None:
                return int(self._inner.readinto(buffer))
            # one read of the layer below at a time: a buffered readinto that
            # fails half-way would drop what it had read (the readable part)
            data = read1(len(buffer))
            buffer[:len(data)] = data
            return len(data)
        except EOFError as exc:
            raise InputError(f"{self._name}: truncated {self.compressed or ''} file "
                             f"({exc}); the rest of it cannot be read") from None
        except OSError as exc:
            if self.compressed is None:
                raise InputError(describe_os_error(self._name, exc)) from None
            raise InputError(f"{self._name}: corrupt {self.compressed} data ({exc})") from None
        except (zlib.error, ValueError) as exc:
            raise InputError(f"{self._name}: corrupt {self.compressed} data ({exc})") from None
        except Exception as exc:  # zstandard.ZstdError and other codec errors
            raise InputError(f"{self._name}: corrupt {self.compressed} data ({exc})") from None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._inner.close()
        super().close()


@dataclass(frozen=True, slots=True)
class Opened:
    """An input opened for a byte format: its decompressed bytes, the
    compression of its output, and how far into the file reading has got."""

    stream: io.BufferedReader
    compression: str | None
    checked: _Checked
    raw: BinaryIO

    def problem(self) -> str | None:
        """With ``--on-error keep``: why the input ended early (None: it did not)."""
        return self.checked.problem

    def fraction(self, documents: int, bytes_in: int) -> float | None:
        """The share of the file that ``bytes_in`` decompressed bytes are (for
        a compressed file, scaled by the compression ratio read so far); None
        when the size is unknown (a pipe)."""
        try:
            st = os.fstat(self.raw.fileno())
            size = st.st_size if stat.S_ISREG(st.st_mode) else 0
            read = self.raw.tell()
        except (OSError, ValueError, AttributeError):
            return None
        if size <= 0:
            return None
        ratio = (read / self.checked.produced if self.checked.compressed and self.checked.produced
                 else 1.0)
        return min(1.0, bytes_in * ratio / size)


def open_stream(raw: BinaryIO, name: str,
                keep_prefix: bool = False) -> tuple[io.BufferedReader, str | None, _Checked]:
    """A buffered, decompressed view of ``raw``, the compression found, and
    the error filter (see :class:`_Checked`)."""
    buffered: io.BufferedReader = (raw if isinstance(raw, io.BufferedReader)
                                   else io.BufferedReader(cast(Any, raw), READ_BUFFER))
    try:
        head = buffered.peek(4)[:4]
    except OSError as exc:
        raise InputError(describe_os_error(name, exc)) from None
    comp = sniff_compression(head)
    inner: Any = buffered
    if comp == "gzip":
        inner = gzip.GzipFile(fileobj=buffered, mode="rb")
    elif comp == "zstd":
        inner = _ZstdReader(buffered, import_extra("zstandard", "zstd", f"reading {name}"))
    checked = _Checked(inner, name, comp, keep_prefix)
    return io.BufferedReader(checked, READ_BUFFER), comp, checked


def stdin_bytes(stdin: TextIO | None) -> BinaryIO:
    """Standard input (``stdin``, or ``sys.stdin`` when None) as bytes: its
    binary buffer when it has one, else its text encoded as UTF-8."""
    stream = stdin if stdin is not None else sys.stdin
    buf = getattr(stream, "buffer", None)
    if buf is not None:
        return buf  # type: ignore[no-any-return]
    return io.BytesIO(stream.read().encode("utf-8", "surrogatepass"))


def open_input(path: str, stdin: TextIO | None) -> BinaryIO:
    """The bytes of an input: standard input for :data:`STDIN`, else the file."""
    return stdin_bytes(stdin) if path == STDIN else open_file(path)


@contextlib.contextmanager
def input_stream(path: str, name: str, target: Path | None, stdin: TextIO | None,
                 keep_prefix: bool = False) -> Iterator[Opened]:
    """A byte format's input, decompressed, with the compression of its output
    (closed at the end, standard input too)."""
    raw = open_input(path, stdin)
    with contextlib.closing(raw):
        stream, comp, checked = open_stream(raw, name, keep_prefix)
        yield Opened(stream, output_compression(comp, path, target), checked, raw)


def output_compression(found: str | None, path: str, target: Path | None) -> str | None:
    """The output's compression: the input's when the output mirrors the input's
    name (``-o DIR``, ``--in-place``), else what the target's name says."""
    if target is None:
        return None
    named = split_compression(target.name)[1]
    return found if target.name == Path(path).name else named


def open_file(path: str) -> BinaryIO:
    """Open ``path`` for reading bytes; raise InputError saying what to do."""
    try:
        if Path(path).is_dir():
            raise IsADirectoryError(21, "Is a directory", path)
        return open(path, "rb", buffering=0)
    except OSError as exc:
        raise InputError(describe_os_error(path, exc)) from None


@dataclass(frozen=True, slots=True)
class Console:
    """The run's standard streams (None: ``sys.stdin``)."""

    stdin: TextIO | None
    stdout: TextIO


_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(text: str) -> str:
    """Lone surrogates as ``\\uXXXX`` escapes, so that the text can be written as UTF-8."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
