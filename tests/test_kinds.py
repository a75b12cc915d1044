"""The registry of damage kinds (textrepair.repair.kinds) against docs/kinds.md."""

from __future__ import annotations

import re
from pathlib import Path

from textrepair.repair.kinds import BASE_KINDS, KINDS, LAYERS, recovered, stacked

DOC = Path(__file__).resolve().parent.parent / "docs" / "kinds.md"


def documented_kinds() -> set[str]:
    """The kinds named in the first column of the table in docs/kinds.md."""
    names: set[str] = set()
    for line in DOC.read_text("utf-8").splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([a-z0-9_]+)`", line.split("|")[1]))
    return names


def test_docs_list_every_base_kind_and_no_other() -> None:
    assert documented_kinds() == {k.name for k in BASE_KINDS}


def test_every_kind_is_a_base_kind_or_derived_from_one() -> None:
    derived = {recovered(k.name) for k in BASE_KINDS if k.lost_bytes != "none"}
    derived |= {stacked(k.name, second) for k in BASE_KINDS for second in k.then}
    assert set(KINDS) == {k.name for k in BASE_KINDS} | derived


def test_second_layers_and_lost_bytes_name_layers() -> None:
    layer_kinds = {layer.kind for layer in LAYERS}
    for k in BASE_KINDS:
        assert set(k.then) <= layer_kinds, k.name
        assert k.lost_bytes == "none" or k.layer is not None, k.name


def test_the_recovered_kinds_that_the_doc_names_exist() -> None:
    text = DOC.read_text("utf-8")
    for name in re.findall(r"`([a-z0-9_]+_lossy)`", text):
        assert name in KINDS, name
