"""Hypothesis properties: no crash on any string, idempotence, clean text unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textrepair

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

# Characters that mojibake is made of, so the search paths run, not only the fast path.
MOJIBAKE_ALPHABET = st.sampled_from(list(
    "鐢ㄦ埛鐧诲綍鎴愬姛娌℃湁鏁版嵁ÄãºÃ£¬ÊÀ½ç滲杅汒隴╓╨╬─锟斤拷烫屯?�\ufffd€åˆé™¤ç®€ä½“ä¸æ–‡"
    "中文用户的是了，。！？（）()&#;%\\u0123456789abcXYZ \n"))
CLEAN_CHINESE = st.sampled_from(list(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
    "，。！？、；：“”（）《》"))


@SETTINGS
@given(st.text())
def test_repair_never_raises_on_any_string(text: str) -> None:
    assert isinstance(textrepair.repair(text), str)


@SETTINGS
@given(st.text())
def test_clean_and_detect_never_raise(text: str) -> None:
    assert isinstance(textrepair.clean(text), str)
    assert isinstance(textrepair.detect(text), list)


@SETTINGS
@given(st.text(MOJIBAKE_ALPHABET, max_size=60))
def test_repair_is_idempotent(text: str) -> None:
    once = textrepair.repair(text)
    assert textrepair.repair(once) == once


@SETTINGS
@given(st.text(MOJIBAKE_ALPHABET, max_size=60))
def test_clean_is_idempotent(text: str) -> None:
    once = textrepair.clean(text)
    assert textrepair.clean(once) == once


@SETTINGS
@given(st.text(CLEAN_CHINESE, max_size=80))
def test_clean_chinese_unchanged_by_repair(text: str) -> None:
    assert textrepair.repair(text) == text


@SETTINGS
@given(st.text(max_size=40))
def test_explain_replays_to_its_text(text: str) -> None:
    result = textrepair.explain(text)
    assert textrepair.apply_steps(text, result.steps) == result.text


# Punctuation, quotes, dots, brackets, full-width letters, URLs and kana: the
# inputs on which the normalizers' rules interact.
NORMALIZER_ALPHABET = st.sampled_from(list(
    "中文的是了說國區數(qū)()（）\"“”,.:;!?，。！？…...ＡＢ１２abc12 \n\t\u3000http://a.cn@`"
    "テす한\u200b\x07"))


@SETTINGS
@given(st.text(NORMALIZER_ALPHABET, max_size=60))
def test_clean_is_idempotent_on_punctuation(text: str) -> None:
    once = textrepair.clean(text)
    assert textrepair.clean(once) == once
    assert textrepair.apply_steps(text, textrepair.explain(text).steps) == once


# Lone surrogates reach the library from JSON ("\ud800") and from Python's
# surrogateescape; no codec or OpenCC accepts them.
WITH_SURROGATES = st.sampled_from(list("\ud800\udc00\udfff中國區(qū)ÄãºÃ鐢ㄦ埛?,!. \n"))


@SETTINGS
@given(st.text(WITH_SURROGATES, max_size=30))
def test_lone_surrogates_never_raise_and_stay(text: str) -> None:
    for fn in (textrepair.repair, textrepair.clean):
        out = fn(text)
        assert [c for c in out if "\ud800" <= c <= "\udfff"] == \
            [c for c in text if "\ud800" <= c <= "\udfff"]
    assert textrepair.apply_steps(text, textrepair.explain(text).steps) == textrepair.clean(text)
    textrepair.detect(text)
