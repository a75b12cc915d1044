"""Shared paths and loaders for the tests (all offline)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Tests are deterministic: every property runs the same examples on every
# machine (a new example found by a random run would make CI flaky), and no
# example database is written.  ``HYPOTHESIS_PROFILE=explore`` draws fresh
# random examples, for looking for new failures by hand.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "000_19a2de307fc1d14e.txt"
#: The development corpora (not redistributable as a whole) sit beside the
#: repository in ../shared; tests that need them skip when it is absent.
SHARED = ROOT.parent / "shared" / "corpora"


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def need_shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpora is not present beside the repository")
    return SHARED


#: A CLI run in a child process that prints its peak resident memory (VmHWM).
PEAK_RSS = """
import re, sys
from textrepair.cli import main
code = main(sys.argv[1:])
status = open("/proc/self/status").read()
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)), file=sys.stderr)
sys.exit(code)
"""


def peak_rss_mb(argv: list[str], timeout: int = 600) -> float:
    """Peak resident memory (MB) of ``textrepair argv`` in a new process."""
    proc = subprocess.run([sys.executable, "-c", PEAK_RSS, *argv], capture_output=True,
                          timeout=timeout, check=False)
    assert proc.returncode == 0, proc.stderr
    return int(proc.stderr.decode().split()[-1]) / 1024
