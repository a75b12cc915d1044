"""The ``textrepair`` command: ``fix``, ``check`` and ``explain``.

``main(argv)`` returns the exit code, so the CLI is testable in-process:
0 = success (``check``: nothing found), 1 = ``check`` found damage,
2 = usage or I/O error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .api import Repairer
from .config import PRESETS, ConfigError
from .decoding import decode_explained
from .explain import Finding, Step

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_ERROR = 2

EPILOG = """\
examples:
  textrepair fix page.txt                   clean a file, print to stdout
  textrepair fix page.txt -o page.clean.txt write to a file (atomically)
  textrepair fix --in-place *.txt           rewrite files in place (atomically)
  textrepair fix --repair-only page.txt     undo encoding damage only
  cat page.txt | textrepair fix -           read stdin, write stdout
  textrepair check *.txt                    list damage as path:line:col: kind: excerpt
  textrepair explain page.txt               every change with kind, position, before → after

exit codes: 0 ok / nothing found, 1 damage found (check), 2 usage or I/O error
"""


class CliError(Exception):
    """An error to report to the user (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One input: its display name, its text, and how it was decoded."""

    name: str
    text: str
    encoding: str


def _add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--preset", choices=sorted(PRESETS), default=None,
                   help="named option set (default: corpus for fix/explain)")
    p.add_argument("--target", choices=["simplified", "traditional", "keep"],
                   help="script of the output (default: simplified)")
    p.add_argument("--opencc-config", metavar="NAME",
                   help="OpenCC configuration: t2s (default), tw2s, tw2sp, hk2s, s2t, s2tw, s2hk")
    p.add_argument("--no-pinyin", dest="remove_pinyin", action="store_false", default=None,
                   help="keep injected pinyin annotations")
    p.add_argument("--no-punctuation", dest="punctuation", action="store_false", default=None,
                   help="keep ASCII punctuation next to Chinese")
    p.add_argument("--encoding", metavar="CODEC",
                   help="encoding of the input files (default: detect)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="textrepair",
        description="Repair mis-encoded Chinese web text (GBK/Big5/UTF-8 mojibake, lost bytes, "
                    "injected pinyin) and normalize it.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"textrepair {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    fix = sub.add_parser("fix", help="repair and clean files (clean(); --repair-only: repair())",
                         epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    fix.add_argument("paths", nargs="+", metavar="PATH", help="files to fix; - for stdin")
    out = fix.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="OUT",
                     help="output file (one input) or directory (several inputs)")
    out.add_argument("--in-place", action="store_true", help="rewrite each file atomically")
    fix.add_argument("--repair-only", action="store_true",
                     help="undo encoding damage only: no script, pinyin or punctuation changes")
    _add_options(fix)

    check = sub.add_parser("check", help="report damage; exit 1 if any is found",
                           epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="+", metavar="PATH", help="files to check; - for stdin")
    check.add_argument("--json", action="store_true", help="one JSON object per finding")
    _add_options(check)

    exp = sub.add_parser("explain", help="show every change with kind, position, before → after",
                         epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    exp.add_argument("paths", nargs="+", metavar="PATH", help="files to explain; - for stdin")
    exp.add_argument("--repair-only", action="store_true", help="explain repair() only")
    exp.add_argument("--json", action="store_true", help="one JSON object per step")
    _add_options(exp)
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


def read_source(path: str, encoding: str | None, stdin: TextIO | None = None) -> Source:
    """Read and decode one input; raise CliError with what to do on failure."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin
        buf = getattr(stream, "buffer", None)
        data = buf.read() if buf is not None else stream.read().encode("utf-8", "surrogatepass")
        name = "<stdin>"
    else:
        p = Path(path)
        if p.is_dir():
            raise CliError(f"{path}: is a directory; pass the files inside it (e.g. {path}/*.txt)")
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise CliError(f"{path}: no such file; check the path") from None
        except PermissionError:
            raise CliError(f"{path}: permission denied; check the file's permissions") from None
        except OSError as exc:
            raise CliError(f"{path}: cannot read ({exc.strerror})") from None
        name = path
    if encoding:
        try:
            return Source(name, data.decode(encoding), encoding)
        except LookupError:
            raise CliError(f"--encoding {encoding!r} is not an encoding; try gbk, big5 or utf-8"
                           ) from None
        except UnicodeDecodeError as exc:
            raise CliError(f"{name}: not valid {encoding} at byte {exc.start}; "
                           "omit --encoding to detect it") from None
    decoded = decode_explained(data, declared=None)
    if b"\x00" in data[:8192] and not decoded.encoding.startswith(("utf-16", "utf-32")):
        raise CliError(f"{name}: looks like a binary file (NUL bytes); textrepair reads text")
    return Source(name, decoded.text, decoded.encoding)


def write_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _excerpt(s: str, n: int = 40) -> str:
    s = s.replace("\n", "\\n").replace("\r", "\\r")
    return s if len(s) <= n else s[: n - 1] + "…"


def _cmd_fix(args: argparse.Namespace, repairer: Repairer, stdout: TextIO,
             stdin: TextIO | None) -> int:
    out_dir: Path | None = None
    if args.output and len(args.paths) > 1:
        out_dir = Path(args.output)
        if out_dir.exists() and not out_dir.is_dir():
            raise CliError(f"-o {args.output}: several inputs need an output directory")
    if args.in_place and "-" in args.paths:
        raise CliError("--in-place cannot rewrite stdin; use -o or stdout")
    for path in args.paths:
        src = read_source(path, args.encoding, stdin)
        new = repairer.explain(src.text).text
        if args.in_place:
            if new != src.text or src.encoding not in ("utf-8", "ascii"):
                write_atomic(Path(path), new)
        elif out_dir is not None:
            write_atomic(out_dir / Path(path).name, new)
        elif args.output:
            write_atomic(Path(args.output), new)
        else:
            stdout.write(new)
    return EXIT_OK


def _finding_line(name: str, text: str, f: Finding) -> str:
    line, col = line_col(text, f.start)
    return f"{name}:{line}:{col}: {f.kind}: {_excerpt(f.excerpt or text[f.start:f.end])}"


def _cmd_check(args: argparse.Namespace, repairer: Repairer, stdout: TextIO,
               stdin: TextIO | None) -> int:
    found = False
    for path in args.paths:
        src = read_source(path, args.encoding, stdin)
        for f in repairer.detect(src.text):
            found = True
            if args.json:
                line, col = line_col(src.text, f.start)
                stdout.write(json.dumps({"path": src.name, "line": line, "col": col,
                                         **f.to_dict()}, ensure_ascii=False) + "\n")
            else:
                stdout.write(_finding_line(src.name, src.text, f) + "\n")
    return EXIT_FOUND if found else EXIT_OK


def _step_line(name: str, text: str, st: Step) -> str:
    line, col = line_col(text, st.start)
    scores = ""
    if st.cost_before is not None:
        after = "" if st.cost_after is None else f"{st.cost_after:.2f}"
        scores = f" (cost {st.cost_before:.2f} → {after})"
    return (f"{name}:{line}:{col}: {st.kind}: {_excerpt(st.before)!s} → {_excerpt(st.after)!s}"
            f"{scores} [{st.rule}]")


def _cmd_explain(args: argparse.Namespace, repairer: Repairer, stdout: TextIO,
                 stdin: TextIO | None) -> int:
    for path in args.paths:
        src = read_source(path, args.encoding, stdin)
        result = repairer.explain(src.text)
        text = src.text
        for st in result.steps:
            if args.json:
                line, col = line_col(text, st.start)
                stdout.write(json.dumps({"path": src.name, "line": line, "col": col,
                                         **st.to_dict()}, ensure_ascii=False) + "\n")
            else:
                stdout.write(_step_line(src.name, text, st) + "\n")
            text = text[:st.start] + st.after + text[st.end:]
        if not result.steps and not args.json:
            stdout.write(f"{src.name}: no changes\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run the CLI; return the exit code (0, 1 or 2)."""
    if stdout is None and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # output is UTF-8 whatever the locale
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(out)
        return EXIT_ERROR
    try:
        preset = args.preset or ("conservative" if args.command == "check" else "corpus")
        repairer = Repairer(preset, **_options(args))
        handler = {"fix": _cmd_fix, "check": _cmd_check, "explain": _cmd_explain}[args.command]
        return handler(args, repairer, out, stdin)
    except (CliError, ConfigError) as exc:
        err.write(f"textrepair: error: {exc}\n")
        return EXIT_ERROR
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
