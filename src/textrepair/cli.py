"""The ``textrepair`` command: ``fix``, ``check`` and ``explain``.

``main(argv)`` returns the exit code, so the CLI is testable in-process:
0 = success (``check``: nothing found), 1 = ``check`` found damage,
2 = usage or I/O error (stopped), 3 = finished but some records or files
failed and were skipped or kept, 130 = interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from . import __version__
from .api import Repairer
from .config import PRESETS, ConfigError
from .corpus.chunks import CHUNK_BYTES, ON_ERROR, Settings
from .corpus.documents import documents, explain_lines
from .corpus.files import InputFile, expand, output_paths, shard
from .corpus.formats import FORMATS, format_for, is_corpus_name
from .corpus.progress import Progress
from .corpus.run import Reporter, run
from .corpus.streams import STDIN, CorpusError
from .corpus.writes import OutputError, check_target, describe_write_error, write_whole

if sys.platform != "win32":
    import resource

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_ERROR = 2
EXIT_PARTIAL = 3
EXIT_INTERRUPTED = 130
ANNOTATE_FIELD = "textrepair"

EPILOG = """\
examples:
  textrepair fix page.txt                   clean a file, print to stdout
  textrepair fix page.txt -o page.clean.txt write to a file (atomically)
  textrepair fix --in-place *.txt           rewrite files in place (atomically)
  textrepair fix --repair-only page.txt     undo encoding damage only
  cat page.txt | textrepair fix -           read stdin, write stdout
  textrepair fix crawl/ -o clean/ -j 2      a directory of .jsonl(.gz/.zst), .parquet, .txt
  textrepair fix data.jsonl.gz --text-key content --in-place --stats stats.json
  textrepair fix 'shards/*.jsonl.zst' -o out/ --rank 0 --world-size 4
  textrepair fix data.jsonl --diff          show what would change, write nothing
  textrepair check *.txt                    list damage as path:line:col: kind: excerpt
  textrepair explain page.txt               every change with kind, position, before → after

exit codes:
  0    ok (check: nothing found)
  1    check found damage
  2    usage or I/O error, or a bad record with --on-error stop: stopped, and the
       file being written was left as it was
  3    finished, but some records or files failed and were skipped or kept
       (--on-error skip/keep); the warnings and --stats say which
  130  interrupted (Ctrl-C); the file being written was left as it was
"""


class CliError(Exception):
    """An error to report to the user (exit code 2)."""


def _add_options(p: argparse.ArgumentParser, preset: str, normalizing: bool = True) -> None:
    """The repair options; ``check`` only detects, so the normalization
    options are accepted there but not shown."""
    shown = (lambda text: text) if normalizing else (lambda text: argparse.SUPPRESS)
    p.add_argument("--preset", choices=sorted(PRESETS), default=None,
                   help=f"named option set (default: {preset})")
    p.add_argument("--target", choices=["simplified", "traditional", "keep"],
                   help=shown("script of the output (default: simplified)"))
    p.add_argument("--opencc-config", metavar="NAME",
                   help=shown("OpenCC configuration: t2s (default), tw2s, tw2sp, hk2s, s2t, "
                              "s2tw, s2hk"))
    p.add_argument("--no-pinyin", dest="remove_pinyin", action="store_false", default=None,
                   help=shown("keep injected pinyin annotations"))
    p.add_argument("--no-punctuation", dest="punctuation", action="store_false", default=None,
                   help=shown("keep ASCII punctuation next to Chinese"))
    p.add_argument("--encoding", metavar="CODEC",
                   help="encoding of text inputs (default: detect); JSON lines are UTF-8")


def _nonneg(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return n


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value} is not positive")
    return n


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("corpus files")
    g.add_argument("--format", choices=tuple(FORMATS), dest="fmt",
                   help="input format (default: from the extension; stdin: text)")
    g.add_argument("--text-key", default="text", metavar="KEY",
                   help="JSONL field / Parquet column holding the text (default: text; "
                        "corpora also use content, raw_content)")
    g.add_argument("-j", "--workers", type=_nonneg, default=1, metavar="N",
                   help="worker processes (default 1; 0 = one per CPU)")
    g.add_argument("--rank", type=_nonneg, default=0, metavar="R",
                   help="with --world-size W: process files i %% W == R of the sorted list")
    g.add_argument("--world-size", type=_nonneg, default=1, metavar="W",
                   help="number of jobs sharing the file list (default 1)")
    g.add_argument("--on-error", choices=ON_ERROR, default="stop",
                   help="a bad record or unreadable file: stop (default; exit 2, the file "
                        "being written is left as it was), skip it, or keep it unchanged "
                        "(exit 3)")
    g.add_argument("--chunk-bytes", type=_positive, default=CHUNK_BYTES, metavar="N",
                   help="JSONL bytes sent to a worker at a time (default 256 KiB); memory "
                        "is about 4 x N x workers")
    g.add_argument("--stats", metavar="FILE",
                   help="write counts (documents, changed, per kind, errors, bytes) as JSON")
    shown = g.add_mutually_exclusive_group()
    shown.add_argument("--progress", action="store_true", default=None,
                       help="show a progress line on stderr even when it is not a terminal")
    shown.add_argument("-q", "--quiet", dest="progress", action="store_false",
                       help="no progress line (default when stderr is not a terminal)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="textrepair",
        description="Repair mis-encoded Chinese web text (GBK/Big5/UTF-8 mojibake, lost bytes, "
                    "injected pinyin) and normalize it.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-V", "--version", action="version", version=f"textrepair {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    fix = sub.add_parser("fix", help="repair and clean files (clean(); --repair-only: repair())",
                         epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    fix.add_argument("paths", nargs="+", metavar="PATH",
                     help="files, directories, glob patterns; - for stdin")
    out = fix.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="OUT",
                     help="output file (one input; a device or FIFO is written as a stream) "
                          "or directory (several inputs, a directory or a glob); format and "
                          "compression mirror the input")
    out.add_argument("--in-place", action="store_true",
                     help="rewrite each file atomically (through symbolic links); a file with "
                          "nothing to change is not rewritten")
    out.add_argument("--diff", action="store_true",
                     help="print the changes as a unified diff; write nothing")
    fix.add_argument("--repair-only", action="store_true",
                     help="undo encoding damage only: no script, pinyin or punctuation changes")
    fix.add_argument("--keep-original", metavar="FIELD",
                     help="JSONL/Parquet: keep the input text in FIELD beside the fixed one")
    fix.add_argument("--annotate", nargs="?", const=ANNOTATE_FIELD, metavar="FIELD",
                     help="JSONL/Parquet: add what changed (kinds, steps) to each record in "
                          "FIELD (default: textrepair); write --annotate=FIELD before paths")
    _add_options(fix, "corpus")
    _add_corpus_options(fix)

    check = sub.add_parser("check", help="report damage; exit 1 if any is found",
                           epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="+", metavar="PATH",
                       help="files, directories, glob patterns; - for stdin")
    check.add_argument("--json", action="store_true", help="one JSON object per finding")
    _add_options(check, "conservative", normalizing=False)
    _add_corpus_options(check)

    exp = sub.add_parser("explain", help="show every change with kind, position, before → after",
                         epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    exp.add_argument("paths", nargs="+", metavar="PATH",
                     help="files, directories, glob patterns; - for stdin")
    exp.add_argument("--repair-only", action="store_true", help="explain repair() only")
    exp.add_argument("--json", action="store_true", help="one JSON object per step")
    exp.add_argument("--format", choices=tuple(FORMATS), dest="fmt",
                     help="input format (default: from the extension; stdin: text)")
    exp.add_argument("--text-key", default="text", metavar="KEY",
                     help="JSONL field / Parquet column holding the text (default: text)")
    _add_options(exp, "corpus")
    return parser


def _options(args: argparse.Namespace) -> dict[str, Any]:
    opts: dict[str, Any] = {}
    for name in ("target", "opencc_config", "remove_pinyin", "punctuation"):
        value = getattr(args, name, None)
        if value is not None:
            opts[name] = value
    if getattr(args, "repair_only", False):
        opts["normalize"] = False
    return opts


def _cmd_explain(args: argparse.Namespace, repairer: Repairer, stdout: TextIO,
                 stdin: TextIO | None) -> int:
    files = expand(args.paths, _every_name if args.fmt is not None else is_corpus_name)[0]
    for f in files:
        docs = documents(f, args.fmt, args.text_key, args.encoding, stdin)
        changes = 0
        for line in explain_lines(f.name, docs, repairer, args.json):
            stdout.write(line)
            changes += 1
        if not changes and not args.json:
            stdout.write(f"{f.name}: no changes\n")
    return EXIT_OK


def _settings(args: argparse.Namespace) -> Settings:
    """Validate the corpus options (CliError saying what to change)."""
    fix = args.command == "fix"
    keep, note = (args.keep_original, args.annotate) if fix else (None, None)
    if args.world_size < 1 or args.rank >= args.world_size:
        raise CliError(f"--rank {args.rank} --world-size {args.world_size}: need "
                       "0 <= rank < world-size")
    if note is not None and note != ANNOTATE_FIELD and Path(note).exists():
        raise CliError(f"--annotate took {note!r} as the field name; write --annotate=FIELD "
                       "or put --annotate after the paths")
    names = [n for n in (args.text_key, keep, note) if n]
    if len(set(names)) != len(names):
        raise CliError("--text-key, --keep-original and --annotate need different field names")
    if fix and args.in_place and STDIN in args.paths:
        raise CliError("--in-place cannot rewrite stdin; use -o or stdout")
    mode = "check" if not fix else ("diff" if args.diff else "fix")
    workers = args.workers or _cpu_count()
    return Settings(mode, args.fmt, args.text_key, keep, note, args.on_error, args.encoding,
                    workers, bool(fix and args.in_place), bool(getattr(args, "json", False)),
                    args.chunk_bytes)


def _every_name(name: str) -> bool:
    """With ``--format``, every file in a directory is read."""
    return True


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def _check_formats(files: Sequence[InputFile], settings: Settings) -> None:
    if not (settings.keep_original or settings.annotate):
        return
    for f in files:
        if not format_for(f, settings.fmt).records:
            raise CliError(f"{f.name}: --keep-original and --annotate need JSONL or Parquet "
                           "records, and this is text (use --format jsonl if it is JSONL)")


def _cpu_seconds() -> dict[str, float]:
    """CPU time (user + system) of this process and of its finished children (workers)."""
    if sys.platform == "win32":
        return {"main": round(time.process_time(), 3)}
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"main": round(own.ru_utime + own.ru_stime, 3),
            "workers": round(kids.ru_utime + kids.ru_stime, 3)}


def _stats(path: str, reporter: Reporter, seconds: float, code: int,
           settings: Settings) -> None:
    """The totals of the files processed to the end, as JSON (OutputError if
    they cannot be written)."""
    data: dict[str, Any] = {"exit_code": code, "files": reporter.files,
                            "files_failed": reporter.files_failed,
                            "files_written": reporter.files_written,
                            **reporter.total.to_dict(),
                            "seconds": round(seconds, 3), "workers": settings.workers,
                            "cpu_seconds": _cpu_seconds()}
    write_whole(Path(path), (json.dumps(data, indent=2, ensure_ascii=False) + "\n"
                             ).encode("utf-8"))


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt, so temporary files are cleaned up."""
    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _output_dir(args: argparse.Namespace) -> Path | None:
    """The ``-o`` directory, if it is one that a directory walk might reach."""
    out = args.output if args.command == "fix" else None
    return Path(out) if out is not None and Path(out).is_dir() else None


def _cmd_corpus(args: argparse.Namespace, repairer: Repairer, stdout: TextIO, stderr: TextIO,
                stdin: TextIO | None) -> int:
    settings = _settings(args)
    if args.stats:
        check_target(Path(args.stats))  # refused now rather than after the run
    files, ignored, excluded = expand(
        args.paths, _every_name if args.fmt is not None else is_corpus_name,
        exclude=_output_dir(args))
    if args.world_size > 1:
        if any(f.path == STDIN for f in files):
            raise CliError("stdin cannot be sharded with --world-size; pass files")
        files = shard(files, args.rank, args.world_size)
    _check_formats(files, settings)
    output = args.output if args.command == "fix" else None
    targets = output_paths(files, output, settings.in_place)
    for t in {t for t in targets if t is not None}:
        check_target(t)
    show = args.progress if args.progress is not None else stderr.isatty()
    progress = Progress(stderr if show else None)
    if excluded:
        stderr.write(f"textrepair: {args.output} is inside an input directory; the "
                     f"{excluded} files in it were not read as input\n")
    if ignored and show:
        stderr.write(f"textrepair: {ignored} files in directories were ignored (unknown "
                     "extension; --format reads every file)\n")
    start = time.monotonic()
    reporter = Reporter(stderr, progress)
    try:
        run(files, targets, settings, repairer, stdout, reporter, stdin)
    except BaseException as exc:
        if args.stats:  # the totals so far, then the error
            code = EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_ERROR
            try:
                _stats(args.stats, reporter, time.monotonic() - start, code, settings)
            except OutputError as failed:
                stderr.write(f"textrepair: error: {failed}\n")
        raise
    if reporter.total.errors:
        code = EXIT_PARTIAL
    elif settings.mode == "check" and reporter.total.damaged:
        code = EXIT_FOUND
    else:
        code = EXIT_OK
    if args.stats:
        _stats(args.stats, reporter, time.monotonic() - start, code, settings)
    return code


def _silence_stdout() -> None:
    """After standard output failed (a closed pipe, a full disk), point it at
    /dev/null so that the interpreter's last flush does not fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _run(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO | None) -> int:
    preset = args.preset or ("conservative" if args.command == "check" else "corpus")
    repairer = Repairer(preset, **_options(args))
    if args.command == "explain":
        return _cmd_explain(args, repairer, out, stdin)
    with _sigterm_as_interrupt():
        return _cmd_corpus(args, repairer, out, err, stdin)


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments; paths may also come after options (``fix a.txt -q b.txt``),
    which argparse alone refuses for a subcommand's positional list."""
    args, extra = parser.parse_known_args(argv)
    if extra:
        if getattr(args, "paths", None) is None or any(
                x.startswith("-") and x != STDIN for x in extra):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.paths += extra
    return args


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run the CLI; return the exit code (0, 1, 2, 3 or 130)."""
    if stdout is None and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # output is UTF-8 whatever the locale
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser()
    try:  # argparse writes to sys.stdout/sys.stderr: to the streams given instead
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = _parse(parser, argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(out)
        return EXIT_ERROR
    try:
        code = _run(args, out, err, stdin)
        out.flush()  # a full disk behind stdout shows here, not at exit
        return code
    except (CliError, CorpusError, ConfigError) as exc:
        err.write(f"textrepair: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("\ntextrepair: interrupted; files being written were left as they were\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. piped into head: the reader has what it wanted
        if stdout is None:
            _silence_stdout()
        return EXIT_OK
    except OSError as exc:  # writing standard output or the console failed
        if stdout is None:
            _silence_stdout()
        where = str(exc.filename) if exc.filename else "standard output"
        err.write(f"textrepair: error: {describe_write_error(where, exc)}\n")
        return EXIT_ERROR
