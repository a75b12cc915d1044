"""The import rules of docs/architecture.md hold for every module of the package."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import textrepair

DOC = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"
PACKAGE = Path(textrepair.__file__).resolve().parent
_STAGE_LINE = re.compile(r"^    (\d+) +(\S.*)$")


def stages() -> dict[str, int]:
    """Unit → stage number, from the list under "Import rules" in the doc."""
    text = DOC.read_text("utf-8")
    section = text[text.index("## Import rules"):text.index("## The packages")]
    out: dict[str, int] = {}
    for line in section.splitlines():
        m = _STAGE_LINE.match(line)
        if m:
            for unit in m.group(2).split(" · "):
                out[unit.strip()] = int(m.group(1))
    return out


def module_names() -> list[str]:
    """Every module of the package, imported (engine adapters only if their
    engine is installed)."""
    names = ["textrepair"]
    for info in pkgutil.walk_packages(textrepair.__path__, "textrepair."):
        names.append(info.name)
        if info.name == "textrepair.__main__":
            continue  # importing it runs the CLI
        try:
            importlib.import_module(info.name)
        except ImportError:
            assert info.name.startswith("textrepair.integrations."), info.name
    return names


def unit_of(module: str) -> str:
    """``textrepair.repair.kinds`` → ``repair``; the package itself → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def source_of(module: str) -> Path:
    rel = module.split(".")[1:]
    path = PACKAGE.joinpath(*rel)
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def imported_modules(module: str) -> set[str]:
    """Every textrepair module that ``module`` imports (anywhere in the file)."""
    path = source_of(module)
    is_package = path.name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "textrepair")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base[:len(base) - node.level + 1]
                target = ".".join(parent + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "textrepair":
                continue
            # "from . import api" imports the module textrepair.api
            for a in node.names:
                sub = f"{target}.{a.name}"
                found.add(sub if source_of(sub).exists() else target)
    return found


def test_the_doc_names_every_unit_of_the_tree() -> None:
    units = {unit_of(m) for m in module_names()} - {"data"}
    assert units == set(stages())


def test_no_module_imports_a_later_stage() -> None:
    rank = stages()
    wrong = []
    for module in module_names():
        own = unit_of(module)
        for target in imported_modules(module):
            other = unit_of(target)
            if other != own and rank[other] >= rank[own]:
                wrong.append(f"{module} imports {target} (stage {rank[other]} ≥ {rank[own]})")
    assert wrong == []


def test_the_rule_is_checked_on_real_imports() -> None:
    assert "textrepair.model.score" in imported_modules("textrepair.repair.judge")
    assert "textrepair.api" in imported_modules("textrepair.caches")
    assert "textrepair" in imported_modules("textrepair.cli")  # from . import __version__
