"""Which files to read and where their output goes.

Paths on the command line may be files, directories (walked recursively, in
sorted order, hidden entries skipped), glob patterns (``'data/**/*.jsonl.gz'``,
for shells that do not expand them) or ``-`` for standard input.  Sharding
with ``--rank R --world-size W`` takes every W-th file of the sorted list.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .streams import STDIN, CorpusError


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input: its path, its path under an output directory, and whether
    it was named on the command line (not found in a directory or glob)."""

    path: str
    rel: Path
    explicit: bool

    @property
    def name(self) -> str:
        return "<stdin>" if self.path == STDIN else self.path


def _has_magic(path: str) -> bool:
    return any(c in path for c in "*?[")


def _inside(path: Path, directory: Path) -> bool:
    """Whether ``path`` (real) is ``directory`` (real) or under it."""
    return path == directory or directory in path.parents


def walk(root: Path, wanted: Callable[[str], bool],
         exclude: Path | None = None) -> tuple[list[Path], int, int]:
    """Files under ``root`` (sorted, hidden entries skipped) whose name is
    ``wanted``, how many files were left out (an unknown extension), and how
    many were under ``exclude`` (the output directory, when it is inside ``root``)."""
    found: list[Path] = []
    ignored = excluded = 0
    for dirpath, dirnames, filenames in os.walk(root):
        if exclude is not None and _inside(Path(os.path.realpath(dirpath)), exclude):
            excluded += sum(1 for name in filenames if not name.startswith("."))
            continue  # and its subdirectories are walked only to count them
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if wanted(name):
                found.append(Path(dirpath) / name)
            else:
                ignored += 1
    return found, ignored, excluded


def glob_base(pattern: str) -> Path:
    """The directory part of a glob pattern before its first wildcard."""
    parts = Path(pattern).parts
    fixed = [p for p in parts[: next(i for i, p in enumerate(parts) if _has_magic(p))]]
    return Path(*fixed) if fixed else Path(".")


def expand(paths: Sequence[str], wanted: Callable[[str], bool],
           exclude: Path | None = None) -> tuple[list[InputFile], int, int]:
    """Input files in command-line order (directories and globs expanded,
    duplicates dropped), the number of files ignored in directories (those
    whose name is not ``wanted``), and the number of files left out because
    they are under ``exclude`` (the ``-o`` directory: a directory or glob
    never reads the output of an earlier run).  A directory that *is*
    ``exclude`` is read as usual (its files are rewritten in place)."""
    out: list[InputFile] = []
    ignored = excluded = 0
    for p in paths:
        if p == STDIN:
            out.append(InputFile(STDIN, Path("stdin"), True))
        elif Path(p).is_dir():
            skip = _excluded_under(Path(p), exclude)
            found, skipped, left = walk(Path(p), wanted, skip)
            ignored += skipped
            excluded += left
            if not found:
                raise CorpusError(f"{p}: is a directory with no .txt, .jsonl or .parquet files "
                                  "(compressed or not); use --format to read every file")
            out += [InputFile(str(f), f.relative_to(p), False) for f in found]
        elif _has_magic(p) and not Path(p).exists():
            matches = sorted(glob.glob(p, recursive=True))
            base = glob_base(p)
            skip = _excluded_under(base, exclude)
            files = [m for m in matches if Path(m).is_file()]
            kept = [m for m in files
                    if skip is None or not _inside(Path(os.path.realpath(m)), skip)]
            excluded += len(files) - len(kept)
            if not kept:
                raise CorpusError(f"{p}: no files match this pattern")
            out += [InputFile(m, Path(m).relative_to(base), False) for m in kept]
        else:
            out.append(InputFile(p, Path(Path(p).name), True))
    seen: set[str] = set()
    unique = []
    for f in out:
        key = f.path if f.path == STDIN else os.path.realpath(f.path)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, ignored, excluded


def _excluded_under(root: Path, exclude: Path | None) -> Path | None:
    """``exclude`` (real) when it is strictly inside ``root``, else None."""
    if exclude is None:
        return None
    real_root, real_out = Path(os.path.realpath(root)), Path(os.path.realpath(exclude))
    return real_out if real_root in real_out.parents else None


def shard(files: Sequence[InputFile], rank: int, world_size: int) -> list[InputFile]:
    """Files ``i % world_size == rank`` of the list sorted by path.

    >>> [f.path for f in shard([InputFile(p, Path(p), True) for p in "dcba"], 1, 2)]
    ['b', 'd']
    """
    ordered = sorted(files, key=lambda f: f.path)
    return [f for i, f in enumerate(ordered) if i % world_size == rank]


def _rewritable(path: str) -> None:
    """CorpusError unless ``path`` is a regular file (or a link to one) or missing."""
    try:
        st = os.stat(path)
    except OSError:
        return  # the reader says what is wrong with it
    if not stat.S_ISREG(st.st_mode):
        what = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device" if (
            stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)) else "not a regular file"
        raise CorpusError(f"{path}: is {what}; --in-place rewrites regular files (use -o or "
                          "standard output)")


def output_paths(files: Sequence[InputFile], output: str | None,
                 in_place: bool) -> list[Path | None]:
    """Where each input's output goes: None for standard output, the input
    itself for ``--in-place``, ``-o FILE`` for one named input, else
    ``-o DIR`` + the input's path relative to the directory or glob it came from."""
    if in_place:
        for f in files:
            _rewritable(f.path)
        return [Path(f.path) for f in files]
    if output is None:
        return [None] * len(files)
    out = Path(output)
    as_dir = (output.endswith(("/", os.sep)) or out.is_dir() or len(files) != 1
              or not files[0].explicit)
    if not as_dir:
        return [out]
    if out.exists() and not out.is_dir():
        raise CorpusError(f"-o {output}: is a file; these inputs need an output directory")
    targets: list[Path | None] = [out / f.rel for f in files]
    seen: dict[Path | None, str] = {}
    for f, t in zip(files, targets, strict=True):
        if t in seen:
            raise CorpusError(f"{seen[t]} and {f.path} would both be written to {t}; "
                              "give them separate output directories")
        seen[t] = f.path
    return targets
