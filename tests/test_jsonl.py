"""JSON lines edited in place, and records with lone surrogates."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textrepair import Repairer, apply_steps
from textrepair.corpus.jsonl import (
    NotAnObjectError,
    dumps,
    object_spans,
    parse_object,
    splice_object,
)
from textrepair.records import fix_text

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8)


@given(st.dictionaries(st.text(), json_values, max_size=5), st.text(), st.sampled_from(
    [{}, {"separators": (",", ":")}, {"indent": None, "ensure_ascii": False}]))
def test_splice_equals_update(record: dict[str, object], new: str,
                              style: dict[str, object]) -> None:
    line = json.dumps(record, **style)  # type: ignore[arg-type]
    for key in [*record, "new-key"]:
        out = splice_object(line, {key: new})
        assert json.loads(out) == {**record, key: new}
        assert list(json.loads(out)) == list({**record, key: new})


def test_splice_keeps_other_bytes() -> None:
    line = '{"n": 1.50, "text": "x", "big": 1E400, "text": "y"}\r\n'
    assert splice_object(line, {"text": "中"}) == (
        '{"n": 1.50, "text": "x", "big": 1E400, "text": "中"}\r\n')
    assert splice_object("{}", {"a": 1}) == '{"a": 1}'


def test_not_objects() -> None:
    with pytest.raises(NotAnObjectError, match="array"):
        parse_object("[1]")
    with pytest.raises(NotAnObjectError):
        object_spans('"text"')


def test_dumps_escapes_only_lone_surrogates() -> None:
    assert dumps("中\ud800😀") == '"中\\ud800😀"'
    assert json.loads(dumps("a\udfff")) == "a\udfff"


def test_fix_text_around_surrogates_replays() -> None:
    text = "前文ÄãºÃ\ud800鐢ㄦ埛鐧诲綍鎴愬姛,好!\udc00\udc01"
    result = fix_text(Repairer("corpus"), text, explain=True)
    assert result.text == "前文你好\ud800用户登录成功，好！\udc00\udc01"
    assert apply_steps(text, result.steps) == result.text
    assert fix_text(Repairer("corpus"), text).text == result.text
