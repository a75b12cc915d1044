"""Shared paths and loaders for the tests (all offline)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

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
