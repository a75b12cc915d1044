"""textrepair.clear_caches() empties every memo of the package."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

import textrepair
from textrepair.caches import MEMOS


def package_modules() -> list[ModuleType]:
    """Every module of textrepair that imports (the engine adapters need their engines)."""
    out = [textrepair]
    for info in pkgutil.walk_packages(textrepair.__path__, "textrepair."):
        if info.name == "textrepair.__main__":
            continue  # running it is the CLI
        try:
            out.append(importlib.import_module(info.name))
        except ImportError:
            assert info.name.startswith("textrepair.integrations."), info.name
    return out


def memos_defined_in(module: ModuleType) -> list[Any]:
    """The functools.cache / lru_cache functions defined in ``module``."""
    return [obj for obj in vars(module).values()
            if hasattr(obj, "cache_clear") and hasattr(obj, "__wrapped__")
            and getattr(obj, "__module__", None) == module.__name__]


def test_every_memo_of_the_package_is_listed() -> None:
    listed = {id(m) for m in MEMOS}
    found = {f"{mod.__name__}.{m.__name__}": m
             for mod in package_modules() for m in memos_defined_in(mod)}
    assert len(found) >= 25  # the walk does see the package's memos
    assert [name for name, m in found.items() if id(m) not in listed] == []


def test_clear_caches_empties_them() -> None:
    textrepair.clean("南湖區(qū)搶占數(shù)字經(jīng)濟(jì),好!" + "鐢ㄦ埛鐧诲綍鎴愬姛銆? ÄãºÃ")
    textrepair.detect("娌℃湁鏁版嵁瑕佸彂浜嗭紝閫€鍑哄惊鐜? 政府?dāng)?shù)字化")
    textrepair.decode("中文測試，編碼檢測。".encode("big5"))
    assert sum(m.cache_info().currsize for m in MEMOS) > 0
    textrepair.clear_caches()
    assert [m.__qualname__ for m in MEMOS if m.cache_info().currsize] == []
    assert textrepair.repair("鐢ㄦ埛鐧诲綍鎴愬姛") == "用户登录成功"  # rebuilt on use


def test_keep_tables_empties_results_and_keeps_the_model() -> None:
    from textrepair.caches import TABLES
    from textrepair.model import ngram

    textrepair.repair("鐢ㄦ埛鐧诲綍鎴愬姛")
    results = [m for m in MEMOS if m not in TABLES]
    assert ngram.model.cache_info().currsize == 1
    assert any(m.cache_info().currsize for m in results)
    textrepair.clear_caches(keep_tables=True)
    assert ngram.model.cache_info().currsize == 1  # still loaded
    assert not any(m.cache_info().currsize for m in results)
    textrepair.clear_caches()
    assert ngram.model.cache_info().currsize == 0


def test_preload_builds_tables_and_keeps_no_memo() -> None:
    from textrepair import caches
    from textrepair.model import ngram
    from textrepair.repair import holes, lostchar

    textrepair.clear_caches()
    before = textrepair.repair("鐢ㄦ埛鐧诲綍鎴愬姛")
    textrepair.clear_caches()
    textrepair.preload()
    for table in (ngram.model, lostchar._traditional, lostchar._candidate_ids, holes._leads):
        assert table.cache_info().currsize, table
    assert not [m for m in caches.MEMOS if m not in caches.TABLES and m.cache_info().currsize]
    assert textrepair.repair("鐢ㄦ埛鐧诲綍鎴愬姛") == before == "用户登录成功"
