"""A one-line progress display on stderr: documents/s, MB/s, damage found.

No dependency: a carriage return and one line, redrawn at most every
``interval`` seconds and finished with a newline by :meth:`Progress.close`.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import TextIO


def progress_line(docs: int, bytes_in: int, damaged: int, errors: int, seconds: float,
                  files: str = "") -> str:
    """The text of the progress line.

    >>> progress_line(1500, 3_000_000, 12, 0, 2.0, "[1/3] a.jsonl")
    '[1/3] a.jsonl  1,500 docs  750 docs/s  1.5 MB/s  12 damaged'
    """
    rate = docs / seconds if seconds > 0 else 0.0
    mbs = bytes_in / 1e6 / seconds if seconds > 0 else 0.0
    parts = [files] if files else []
    parts += [f"{docs:,} docs", f"{rate:,.0f} docs/s", f"{mbs:.1f} MB/s", f"{damaged:,} damaged"]
    if errors:
        parts.append(f"{errors:,} errors")
    return "  ".join(parts)


class Progress:
    """Redraws :func:`progress_line` on ``stream``; does nothing when ``stream`` is None."""

    def __init__(self, stream: TextIO | None, clock: Callable[[], float] = time.monotonic,
                 interval: float = 0.2) -> None:
        self.stream = stream
        self.clock = clock
        self.interval = interval
        self.start = clock()
        self.last = float("-inf")
        self.width = 0

    def update(self, docs: int, bytes_in: int, damaged: int, errors: int, files: str = "",
               force: bool = False) -> None:
        if self.stream is None:
            return
        now = self.clock()
        if not force and now - self.last < self.interval:
            return
        self.last = now
        line = progress_line(docs, bytes_in, damaged, errors, now - self.start, files)
        if self.stream.isatty():  # a wrapped line cannot be redrawn
            line = line[: shutil.get_terminal_size().columns - 1]
        self.stream.write("\r" + line + " " * max(0, self.width - len(line)))
        self.stream.flush()
        self.width = len(line)

    def close(self) -> None:
        if self.stream is not None and self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0
