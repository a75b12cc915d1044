"""A one-line progress display on stderr: share done, time left, documents/s,
MB/s, damage found.

No dependency: a carriage return and one line, redrawn at most every
``interval`` seconds (also while waiting for a worker) and finished with a
newline by :meth:`Progress.close`.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import TextIO

#: No time-left estimate before this many seconds or this share of the input:
#: the first chunks include loading the model and say little about the rest.
ETA_MIN_SECONDS = 2.0
ETA_MIN_SHARE = 0.001


def duration(seconds: float) -> str:
    """``1:02:03``, ``4:05`` (minutes:seconds).

    >>> duration(3723), duration(245.4), duration(7)
    ('1:02:03', '4:05', '0:07')
    """
    s = round(seconds)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def progress_line(docs: int, bytes_in: int, damaged: int, errors: int, seconds: float,
                  files: str = "", done: float | None = None) -> str:
    """The text of the progress line; ``done`` is the share of the input's
    bytes processed (None: unknown, as for standard input).

    >>> progress_line(1500, 3_000_000, 12, 0, 2.0, "[1/3] a.jsonl", 0.25)
    '[1/3] a.jsonl  25%  0:06 left  1,500 docs  750 docs/s  1.5 MB/s  12 damaged'
    """
    rate = docs / seconds if seconds > 0 else 0.0
    mbs = bytes_in / 1e6 / seconds if seconds > 0 else 0.0
    parts = [files] if files else []
    if done is not None:
        parts.append(f"{100 * min(done, 1.0):.0f}%")
        if done < 1.0:
            known = seconds >= ETA_MIN_SECONDS and done >= ETA_MIN_SHARE
            parts.append(f"{duration(seconds * (1 - done) / done) if known else '--:--'} left")
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
               force: bool = False, done: float | None = None) -> None:
        if self.stream is None:
            return
        now = self.clock()
        if not force and now - self.last < self.interval:
            return
        self.last = now
        line = progress_line(docs, bytes_in, damaged, errors, now - self.start, files, done)
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
