"""The OpenCC adapter: which implementation is installed, the slow-path warning."""

from __future__ import annotations

import pickle
import sys
import types
import warnings

import pytest

import textrepair
from textrepair.normalize import opencc_adapter


def test_official_binding_detected() -> None:
    assert opencc_adapter.implementation() == "official"


def _fake_reimplemented(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Install a stand-in for opencc-python-reimplemented's module."""
    made: list[str] = []

    class OpenCC:  # the reimplemented API: OpenCC("t2s").convert(text)
        def __init__(self, config: str) -> None:
            made.append(config)

        def convert(self, text: str) -> str:
            return text.replace("國", "国")

    fake = types.ModuleType("opencc")
    fake.OpenCC = OpenCC  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "opencc", fake)
    monkeypatch.setattr(opencc_adapter.importlib.util, "find_spec", lambda name: None)
    opencc_adapter.converter.cache_clear()
    return made


def test_reimplemented_is_used_with_one_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    made = _fake_reimplemented(monkeypatch)
    try:
        assert opencc_adapter.implementation() == "reimplemented"
        with pytest.warns(opencc_adapter.SlowOpenCCWarning, match="100x slower"):
            assert textrepair.clean("中國") == "中国"
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a second call must not warn again
            assert textrepair.clean("國家") == "国家"
        assert made == ["t2s"]  # built once per configuration, without ".json"
    finally:
        opencc_adapter.converter.cache_clear()


def test_repairer_pickles_and_rebuilds_its_converter() -> None:
    r = textrepair.Repairer("corpus")
    assert r.clean("這個") == "这个"
    clone = pickle.loads(pickle.dumps(r))
    assert clone.config == r.config
    assert clone.clean("這個") == "这个"
