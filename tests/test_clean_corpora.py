"""repair() changes nothing in clean text: fixtures, and every clean text in ../shared."""

from __future__ import annotations

import glob
import json
import re
from pathlib import Path

import pytest

import textrepair
from conftest import FIXTURES, SHARED

FIXTURE_TEXTS = [
    FIXTURES / "clean" / "us_constitution_zhs.txt",
    FIXTURES / "clean" / "zuozhuan-excerpt.txt",
    *sorted((FIXTURES / "legacy").glob("*-utf8.txt")),
    FIXTURES / "legacy" / "testlines.utf8",
]

#: chardet test folders and the codec their files are labelled with
LABELLED = {"big5-chinese": "big5", "utf-8-chinese": "utf-8", "utf-16be-chinese": "utf-16-be",
            "utf-16le-chinese": "utf-16-le", "utf-32be-chinese": "utf-32-be",
            "utf-32le-chinese": "utf-32-le", "hz-gb-2312-chinese": "hz",
            "gb18030-chinese": "gb18030", "gb2312-chinese": "gb18030"}


def _changed_chars(before: str, after: str) -> int:
    result = textrepair.explain(before, normalize=False)
    assert result.text == after
    return sum(max(len(s.before), len(s.after)) for s in result.steps)


@pytest.mark.parametrize("path", FIXTURE_TEXTS, ids=lambda p: p.name)
def test_fixture_clean_text_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert textrepair.repair(text) == text


@pytest.mark.parametrize("name", ["big5", "big5hkscs", "gb2312", "gbk", "gb18030", "hz"])
def test_legacy_fixture_decoded_with_label_unchanged(name: str) -> None:
    text = (FIXTURES / "legacy" / f"{name}.txt").read_bytes().decode(name)
    assert textrepair.repair(text) == text


def _shared_clean_texts() -> list[tuple[str, str]]:
    if not SHARED.is_dir():
        return []
    out = []
    for folder, codec in LABELLED.items():
        for f in sorted(glob.glob(str(SHARED / "legacy" / "chardet" / "tests" / folder / "*"))):
            text = Path(f).read_bytes().decode(codec)
            if "\ufffd" in text:
                continue  # holds real damage (lost characters): not clean text
            out.append((f"{folder}/{Path(f).name}", text))
    out.append(("zuozhuan", (SHARED / "clean" / "zuozhuan.txt").read_text(encoding="utf-8")))
    raw = (SHARED / "t2s" / "testcases.json").read_text(encoding="utf-8")
    cases = json.loads(re.sub(r",\s*([}\]])", r"\1", raw))
    out.append(("opencc-inputs", "\n".join(c["input"] for c in cases["cases"])))
    for i, line in enumerate((SHARED / "t2s" / "wikipedia_hanyu_t2s_pairs.jsonl")
                             .read_text(encoding="utf-8").splitlines()):
        if line.strip():
            out.append((f"wikipedia-{i}", "\n".join(
                v for v in json.loads(line).values() if isinstance(v, str))))
    return out


def test_shared_clean_corpora_zero_changed_characters() -> None:
    texts = _shared_clean_texts()
    if not texts:
        pytest.skip("../shared/corpora is not present beside the repository")
    changed = {name: _changed_chars(t, textrepair.repair(t)) for name, t in texts}
    assert sum(changed.values()) == 0, {k: v for k, v in changed.items() if v}
    assert len(texts) > 60
