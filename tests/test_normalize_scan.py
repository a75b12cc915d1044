"""The one-scan normalizers: same steps as the rules run to a fixpoint, counts
without steps, damage left alone, joiners kept where they join."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textrepair
from textrepair.api import Repairer
from textrepair.config import make_config
from textrepair.normalize import punctuation as punct
from textrepair.normalize import rules, whitespace
from textrepair.normalize.edits import Kept

CFG = make_config("corpus")


def steps(text: str) -> list[tuple[str, int, int, str, str]]:
    return [(s.kind, s.start, s.end, s.before, s.after) for s in textrepair.explain(text).steps]


# --- a mark next to a converted one: one generation later, as the passes did -----

def test_a_mark_after_a_converted_quote_is_a_later_step() -> None:
    assert steps('"好"!') == [("punctuation", 0, 1, '"', "“"), ("punctuation", 2, 3, '"', "”"),
                              ("punctuation", 3, 4, "!", "！")]


def test_dots_after_a_converted_comma_and_a_mark_after_those() -> None:
    assert textrepair.clean("好,...!") == "好，……！"
    assert [s[4] for s in steps("好,...!")] == ["，", "……", "！"]
    # the second step is in the text after the first, the third after both
    assert steps("好,...!")[2][1:3] == (4, 5)


def test_a_long_dots_run_is_cut_in_pieces_of_six_each_after_the_one_before() -> None:
    assert textrepair.clean("好.........") == "好…………"
    assert textrepair.clean("a.........") == "a........."


def test_a_waiting_mark_stays_in_a_url_or_code() -> None:
    assert textrepair.clean('见"中"http://a.cn/x,y') == "见“中”http://a.cn/x,y"
    assert textrepair.clean('if x == "中文"!') == 'if x == "中文"!'


def test_full_width_digits_before_a_url_are_scanned_again() -> None:
    # １ → 1 makes 1http://... no URL (the scheme cannot follow a digit): the
    # comma after 中 converts, as the passes to a fixpoint did
    assert textrepair.clean("１http://a.cn/?q=中,文") == "1http://a.cn/?q=中，文"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*'中文好的"()（）,:;!?.…“”Ａ１ a\n\r\u2028`{}=:/@w',
                                 "...", "http://", "www.", "def "]), max_size=40).map("".join))
def test_steps_replay_and_clean_is_a_fixpoint(text: str) -> None:
    ex = textrepair.explain(text)
    assert textrepair.apply_steps(text, ex.steps) == ex.text == textrepair.clean(text)
    out, _ = rules.punctuation(ex.text)
    # (punctuation alone is a fixpoint except where damage was kept: 中?中 is a
    # lost character, and its ? is not a question mark)
    assert out == ex.text or ex.findings


# --- deliberate fixes -------------------------------------------------------------

@pytest.mark.parametrize("text", ['说"中\r文"', '说"中\u2028文"', "说(中\r文)"])
@pytest.mark.parametrize("code", ["", "\nx == 1;"])
def test_a_pair_never_spans_a_line_break(text: str, code: str) -> None:
    # before: converted when the document had no code line, kept when it had one
    assert textrepair.clean(text + code, target="keep") == text + code


def test_trailing_spaces_before_removed_invisible_characters_go() -> None:
    # before: 中 \u200b\n → 中 \n, and a second clean() removed the space
    assert textrepair.clean("中 \u200b\n文\t\ufeff") == "中\n文"


def test_a_long_run_of_spaces_is_linear() -> None:
    # the former pattern backtracked quadratically: 20,000 spaces took 27 s
    text = "中" + " " * 100_000 + "x" + " " * 5
    assert textrepair.clean(text) == text[:-5]


def test_code_sign_is_the_pattern() -> None:
    for line in ["a{b", "x;  ", "x;\ny", "a!=b", "a=>b", "a->b", "<b>", "</p ", "def f",
                 "undefined", "letter", "let x", "中文", "a<3", "_class", "class_", "x;y"]:
        assert punct.code_sign(line) == (punct._CODE_SIGN.search(line) is not None), line


# --- counts without steps -----------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*'國這個們說時過還麼經長對開發見中文好,:!?."()Ａ１ \n\u200b\u200d',
                                 "ÄãºÃ", "鐢ㄦ埛", "锟斤拷", "...", "數(shù)"]),
                max_size=40).map("".join))
def test_counted_gives_explains_text_and_kinds(text: str) -> None:
    r = Repairer("corpus")
    ex, co = r.explain(text), r.counted(text)
    assert co.text == ex.text and not co.steps
    assert dict(co.kinds) == dict(Counter(s.kind for s in ex.steps))
    assert co.repaired == any(s.stage == "repair" for s in ex.steps)
    assert co.findings == ex.findings


def test_changed_runs_of_the_script_conversion() -> None:
    assert rules.changed_runs("這個軟體很好用", "这个软体很好用") == [(0, 4)]
    assert rules.changed_runs("國a國\U00020000國", "国a国\U00020000国") == [(0, 1), (2, 3), (4, 5)]
    assert rules.count_changed_runs("國a國", "国a国") == 2
    assert rules.count_changed_runs("", "") == 0


# --- damage the repair stage left is not normalized -----------------------------------

def test_kept_spans_are_left_by_every_normalizer() -> None:
    text = "這個,軟體!ＡＢ\u200b  國"
    out = rules.normalize_text(text, CFG, keep=[(2, 6)])
    assert out.text == "这个,軟體!AB  国"
    assert out.kept.items == [(2, 6)]
    assert out.text[2:6] == text[2:6]
    assert [s.kind for s in out.steps] == ["t2s", "t2s", "whitespace", "fullwidth"]


def test_kept_spans_follow_the_edits() -> None:
    out = rules.normalize_text("好...中\u200b文鐧诲,好", CFG, explain=False, keep=[(7, 10)])
    assert out.text == "好……中文鐧诲,好"
    assert out.kept.items == [(5, 8)]
    assert out.text[5:8] == "鐧诲,"


def test_explain_shows_the_damage_it_kept() -> None:
    # mojibake of random CJK read as GBK: no reading of it is real text, so it
    # is kept whole; its U+FFFD holes are the damage detect() reports, and
    # normalizing the traditional text around it leaves them where they are
    moji = "姹甸\ufffd涢帺搴辩禋榄\ufffd"
    assert textrepair.clean(f"這是測試,{moji}。") == f"这是测试，{moji}。"
    text = f"用户登錄成功,這是測試,{moji}。"
    ex = textrepair.explain(text)
    assert [(f.kind, ex.text[f.start:f.end]) for f in ex.findings] == [
        ("replacement_char", "\ufffd")] * 2
    assert all("kept" in f.detail for f in ex.findings)
    assert [(f.kind, f.start, f.end) for f in textrepair.detect(ex.text)] == [
        (f.kind, f.start, f.end) for f in ex.findings]


def test_kept_class() -> None:
    k = Kept([(5, 8), (2, 3), (7, 10), (12, 12)])
    assert k.items == [(2, 3), (5, 8), (7, 10), (12, 12)]
    assert (k.starts, k.ends) == ([2, 5], [3, 10])
    assert k.hits(2, 3) and k.hits(9, 11) and not k.hits(3, 5) and not k.hits(10, 13)
    assert not Kept().hits(0, 100)


# --- joiners ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "👩\u200d💻 和 👨\u200d👩\u200d👧",      # emoji ZWJ sequences
    "🏳\ufe0f\u200d🌈",                      # after a variation selector
    "می\u200cخواهم",                         # Persian ZWNJ
    "क्\u200dष",                              # Devanagari half form
    "ന്\u200d ",                             # Malayalam chillu at a word's end
])
def test_joiners_that_join_are_kept(text: str) -> None:
    assert textrepair.clean(text) == text.rstrip()


@pytest.mark.parametrize(("before", "after"), [
    ("中\u200d文", "中文"), ("中\u200c文", "中文"), ("a\u200db", "ab"), ("👍\u200d", "👍"),
    ("\u200d👍", "👍"), ("中\u200b\u200d👍", "中👍"),
])
def test_joiners_next_to_chinese_or_ascii_go(before: str, after: str) -> None:
    assert textrepair.clean(before) == after
    assert whitespace.joins(after, 0) is False


@pytest.mark.parametrize("text", ['""中""', '"中""中"', '""中"'])
def test_quotes_beside_a_straight_quote_stay(text: str) -> None:
    # before: '""中""' → '"“中”"', whose outer quotes then paired in the next call
    assert textrepair.clean(text) == text
    assert textrepair.clean('"“中”"') == textrepair.clean(textrepair.clean('"“中”"'))
