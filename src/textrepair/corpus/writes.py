"""Where output bytes go, without replacing what should not be replaced.

:func:`open_output` looks at what a target path is before writing it:

* a regular file, or a name that does not exist yet: written **atomically**, to
  a temporary file beside it (``.NAME.textrepair-XXXXXXXX.tmp``) that is renamed
  over it once the output is complete, so a crash or a kill at any moment leaves
  the old file whole;
* a symbolic link: followed to the file it points to, which is written as above
  (the temporary file beside the *real* file): the link stays a link;
* a character device or a FIFO (``/dev/null``, ``/dev/stdout``, a named pipe,
  ``/proc/self/fd/N``): written as a stream, as a shell redirection would; nothing
  is renamed over it (as root, renaming over ``/dev/null`` would replace it);
* anything else (a directory, a block device, a socket): refused.

While it is being written, a temporary file is locked (``flock``); a later run
removes temporary files of this pattern, owned by the same user, that nobody
holds locked: those left by a run that was killed (:func:`remove_stale`).

Every ``OSError`` on the output side becomes an :class:`OutputError` naming the
target and saying what went wrong, in one line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, TextIO

from .streams import CorpusError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locks, so nothing is ever called stale
    fcntl = None  # type: ignore[assignment]

#: The marker in the names of our temporary files (nothing else is ever removed).
TEMP_TAG = "textrepair"
#: ``.NAME.textrepair-XXXXXXXX.tmp``: mkstemp's 8 random characters.
STALE_NAME = re.compile(rf"^\..+\.{TEMP_TAG}-[a-z0-9_]{{8}}\.tmp$")
#: Longest target name kept in a temporary file's name (file names are <= 255 bytes).
NAME_IN_TEMP = 200
#: Symbolic links followed before giving up (Linux's own limit is 40).
MAX_LINKS = 40
FILE = "file"
STREAM = "stream"
_OWN_FD = re.compile(r"^/proc/(self|\d+)/fd/(\d+)$")

_HINTS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied; check the permissions of the file and its directory",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a part of the path is a file, not a directory",
    errno.EISDIR: "it is a directory",
    errno.ENOENT: "its directory does not exist",
    errno.ELOOP: "too many symbolic links",
    errno.ENAMETOOLONG: "the name is too long",
}


class OutputError(CorpusError):
    """An output that cannot be written (the run stops: exit code 2)."""


def describe_write_error(shown: str, exc: OSError) -> str:
    """One line: which output, and what went wrong."""
    why = _HINTS.get(exc.errno or 0) or exc.strerror or str(exc)
    return f"{shown}: cannot write ({why})"


def _kind(mode: int) -> str | None:
    """What a non-writable file type is called, or None for what we write."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"  # pragma: no cover - door, whiteout, ...


def resolve(path: Path) -> tuple[Path, str]:
    """``(path to write, FILE or STREAM)`` for a target: symbolic links followed
    to the real file; OutputError for what must not be written."""
    shown = str(path)
    p = os.path.abspath(path)
    try:
        for _ in range(MAX_LINKS):
            if not os.path.islink(p):
                break
            parent = os.path.realpath(os.path.dirname(p))
            if parent.startswith("/proc/"):  # /dev/stdout, /proc/self/fd/N: a descriptor
                return Path(p), STREAM
            p = os.path.join(parent, os.readlink(p))
        else:
            raise OSError(errno.ELOOP, "Too many levels of symbolic links")
        real = Path(os.path.realpath(p))
        try:
            st = os.lstat(real)
        except FileNotFoundError:
            return real, FILE
    except OSError as exc:
        raise OutputError(describe_write_error(shown, exc)) from None
    what = _kind(st.st_mode)
    if what is not None:
        raise OutputError(f"{shown}: is {what}; refusing to write to it")
    return real, FILE if stat.S_ISREG(st.st_mode) else STREAM


def check_target(path: Path) -> None:
    """Raise OutputError now for a target that would be refused at the end."""
    resolve(path)


def _lock(fd: int, blocking: bool) -> bool:
    if fcntl is None:  # pragma: no cover
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def _remove_if_stale(path: Path) -> bool:
    """Remove ``path`` if it is a regular file of ours that no process holds
    locked (its writer is gone); whether it was removed."""
    if fcntl is None:  # pragma: no cover - no way to tell a live writer's file
        return False
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
            return False
        if not _lock(fd, blocking=False):
            return False  # a running textrepair is writing it
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        return True
    finally:
        os.close(fd)


def remove_stale(directory: Path) -> list[Path]:
    """Remove our temporary files in ``directory`` left by killed runs; return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        if STALE_NAME.match(entry.name) and _remove_if_stale(Path(entry.path)):
            removed.append(Path(entry.path))
    return removed


def _new_file_mode() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return 0o666 & ~mask


class AtomicWriter:
    """A locked temporary file beside ``real``, renamed over it on :meth:`commit`.

    Leaving the ``with`` block without committing (an error, ``--on-error
    stop``, nothing changed) removes the temporary file; the original is
    untouched.  An existing file's permission bits (and, where allowed, owner
    and group) are kept; a new file gets ``0666 & ~umask``.
    """

    def __init__(self, real: Path, shown: str) -> None:
        self.path = real
        self.shown = shown
        self.done = False
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{real.name[:NAME_IN_TEMP]}.{TEMP_TAG}-",
                                       suffix=".tmp", dir=real.parent)
        except OSError as exc:
            raise OutputError(describe_write_error(shown, exc)) from None
        _lock(fd, blocking=True)
        self.tmp = Path(tmp)
        self.file: BinaryIO = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        try:
            self.file.write(data)
        except OSError as exc:
            raise OutputError(describe_write_error(self.shown, exc)) from None

    def _keep_attributes(self) -> None:
        try:
            st = os.lstat(self.path)
        except FileNotFoundError:
            os.chmod(self.tmp, _new_file_mode())
            return
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(f"{self.shown}: became {_kind(st.st_mode) or 'a device or FIFO'} "
                              "while it was being written; refusing to replace it")
        if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(OSError):
                os.chown(self.tmp, st.st_uid, st.st_gid)
        os.chmod(self.tmp, stat.S_IMODE(st.st_mode))

    def commit(self) -> None:
        """Flush, fsync and rename the temporary file into place (the lock is
        held until after the rename)."""
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self._keep_attributes()
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.discard()
            raise OutputError(describe_write_error(self.shown, exc)) from None
        except OutputError:
            self.discard()
            raise
        self.done = True
        with contextlib.suppress(OSError):
            self.file.close()

    def discard(self) -> None:
        """Remove the temporary file; the target is left as it was."""
        if not self.done:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            with contextlib.suppress(OSError):
                self.file.close()
            self.done = True

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.discard()


class StreamWriter:
    """A character device or FIFO, written as it comes (nothing to take back)."""

    def __init__(self, path: Path, shown: str) -> None:
        self.shown = shown
        try:
            own = _OWN_FD.match(str(path))
            if own and own[1] in ("self", str(os.getpid())):
                # our own descriptor (/dev/stdout): write to it as it is, so that
                # a shell's >> still appends rather than reopening and truncating
                self.file: BinaryIO = os.fdopen(os.dup(int(own[2])), "wb")
            else:
                self.file = open(path, "wb")  # noqa: SIM115 - closed by commit/discard
        except OSError as exc:
            raise OutputError(describe_write_error(shown, exc)) from None

    def write(self, data: bytes) -> None:
        try:
            self.file.write(data)
        except OSError as exc:
            raise OutputError(describe_write_error(self.shown, exc)) from None

    def commit(self) -> None:
        try:
            self.file.flush()
        except OSError as exc:
            self.discard()
            raise OutputError(describe_write_error(self.shown, exc)) from None
        self.discard()

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()

    def __enter__(self) -> StreamWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.discard()


class StdoutSink:
    """Bytes to standard output (its binary buffer when it has one)."""

    def __init__(self, stdout: TextIO) -> None:
        self.stdout = stdout

    def write(self, data: bytes) -> None:
        try:
            buffer = getattr(self.stdout, "buffer", None)
            if buffer is not None:
                self.stdout.flush()
                buffer.write(data)
                buffer.flush()
            else:
                self.stdout.write(data.decode("utf-8", "replace"))
        except BrokenPipeError:
            raise  # the reader went away (| head): not an error
        except OSError as exc:
            raise OutputError(describe_write_error("standard output", exc)) from None


Writer = AtomicWriter | StreamWriter


def open_output(path: Path) -> Writer:
    """The writer for ``path`` (see the module's docstring); its directory is
    created when missing."""
    shown = str(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if isinstance(exc, FileExistsError):  # a file where a directory should be
            exc = NotADirectoryError(errno.ENOTDIR, "Not a directory")
        raise OutputError(describe_write_error(shown, exc)) from None
    real, how = resolve(path)
    return AtomicWriter(real, shown) if how == FILE else StreamWriter(real, shown)


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as :func:`open_output` says (atomically for a file)."""
    with open_output(path) as out:
        out.write(data)
        out.commit()
