"""The running-text language model (textrepair/model/ngram.py): orderings it
must get right, folding, the state API, class costs, lazy loading."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from textrepair.model import ngram


@pytest.fixture(scope="module")
def m() -> ngram.NgramModel:
    return ngram.model()


def test_import_reads_nothing() -> None:
    code = (
        "import lzma, zlib\n"
        "def boom(*a, **k): raise AssertionError('read at import')\n"
        "lzma.decompress = zlib.decompress = boom\n"
        "from textrepair.model import ngram\n"
        "assert ngram.model.cache_info().currsize == 0\n"
        "assert ngram.words.cache_info().currsize == 0\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "ok"


def test_loaded_once(m: ngram.NgramModel) -> None:
    assert ngram.model() is m
    assert ngram.words() is ngram.words()
    assert m.order >= 3


@pytest.mark.parametrize(("good", "bad"), [
    ("好的，谢谢你。", "好為，谢谢你。"),
    ("我有一个问题。", "我有一下问题。"),
    ("调节屏幕的亮度。", "调节屏幕的人度。"),
    ("他们召开了会议。", "他们召寮了会议。"),
    ("用户登录成功", "鐢ㄦ埛鐧诲綍鎴愬姛"),
    ("误用的情况", "误用的惯况"),
])
def test_running_text_orderings(m: ngram.NgramModel, good: str, bad: str) -> None:
    assert m.cost(good) < m.cost(bad)
    assert ngram.cost(good) < ngram.cost(bad)


def test_word_evidence() -> None:
    # 书面 + 试 (面试) against the word 书面语: the word list widens the margin
    m = ngram.model()
    w = ngram.words()
    good, bad = "这是书面语。", "这是书面试。"
    assert ngram.cost(good) < ngram.cost(bad)
    assert ngram.cost(bad) - ngram.cost(good) > m.cost(bad) - m.cost(good)
    assert w.segment("书面语") == ["书面语"]
    assert w.cost("书面语") < w.cost("书面试")
    assert w.association("书面语") < w.association("书面试") <= 0.0
    # no word longer than one character: no association
    assert w.association("的了") == 0.0
    assert w.association("abc") == w.cost("abc") == 0.0


def test_old_model_mistakes_are_fixed(m: ngram.NgramModel) -> None:
    # the jieba-pair model preferred 好为 (8 word pairs) to 好的 (3)
    s = m.start_state()
    _, s = m.step(s, "好")
    assert m.step(s, "的")[0] + 3 < m.step(s, "為")[0]


def test_folding(m: ngram.NgramModel) -> None:
    assert m.fold("這是我們的國家") == "这是我们的国家"
    assert m.cost("這是我們的國家。") == m.cost("这是我们的国家。")
    trad = "起初，神創造天地。地是空虛混沌，淵面黑暗；神的靈運行在水面上。"
    assert m.cost(trad) == m.cost(m.fold(trad))
    assert ngram.words().cost("說話") == ngram.words().cost("说话")


def _check_steps(m: ngram.NgramModel, text: str) -> None:
    s = m.start_state()
    total = 0.0
    for ch in text:
        c, s = m.step(s, ch)
        assert c > 0 or ch == "\n"
        total += c
    cost, state = m.advance(text)
    assert state == s
    assert math.isclose(total, cost, rel_tol=1e-12, abs_tol=1e-9)
    assert math.isclose(sum(m.costs(text)), cost, rel_tol=1e-12, abs_tol=1e-9)
    # continuing from a state is the same as scoring the concatenation
    half = len(text) // 2
    c1, s1 = m.advance(text[:half])
    assert math.isclose(c1 + m.cost(text[half:], s1), cost, rel_tol=1e-12, abs_tol=1e-9)


@pytest.mark.parametrize("text", [
    "中华人民共和国宪法",
    "第3条 本法自2024年1月1日起施行。\r\nabc DEF　１２３ＡＢＣ",
    "鐢ㄦ埛鐧诲綍鎴愬姛 Ã©â€ ─│ \ufffd\ue000 ｶﾞ ㄅ 𠀀𪚥 €",
    "「你好」，他說。\n\n“好的！”",
    "",
])
def test_state_api_matches_cost(m: ngram.NgramModel, text: str) -> None:
    _check_steps(m, text)


def test_step_costs_equal_step_to_the_last_bit(m: ngram.NgramModel) -> None:
    chars = [c for c in m.vocab[:3000] if "\u4e00" <= c <= "\u9fff"] + list("，。？")
    ids = m.token_ids(chars)
    assert ids is not None
    # states of every depth: the start, after one token, deep in running text
    for before in ("", "中", "我们今天", "称为虱", "。", "abc", "\n"):
        state = m.advance(before)[1]
        assert m.step_costs(state, ids) == [m.step(state, c)[0] for c in chars]
    # what is not an ordinary token is not batched: runs, line breaks, unknown
    assert m.token_ids("中a") is None
    assert m.token_ids("中\n") is None
    assert m.token_ids("中\U0002a6a5") is None


def test_prices_equal_advance_to_the_last_bit(m: ngram.NgramModel) -> None:
    chars = [c for c in m.vocab[:2000] if "\u4e00" <= c <= "\u9fff"] + list("，。？")
    ids = m.token_ids(chars)
    assert ids is not None
    for before, right in (("", "置这个"), ("在哪里", "置这个"), ("称为虱", "话。"),
                          ("我们", ""), ("。", "是")):
        state = m.advance(before)[1]
        tail = m.token_ids(right)
        assert tail is not None
        for end in (False, True):
            want = []
            for c in chars:
                cost, after = m.advance(c + right, state)
                want.append(cost + m.end_cost(after) if end else cost)
            assert m.prices(state, ids, tail, end) == want


def test_states_are_contexts(m: ngram.NgramModel) -> None:
    s = m.start_state()
    assert isinstance(s, int)
    # the state forgets what the model cannot use: after the same last
    # characters two histories end in the same state
    _, a = m.advance("我们今天去北京")
    _, b = m.advance("他说明天去北京")
    assert a == b
    # and a newline starts afresh
    assert m.advance("随便什么\n")[1] == m.advance("\n")[1] == m.step(s, "\n")[1]


def test_runs_and_classes(m: ngram.NgramModel) -> None:
    s = m.start_state()
    _, s1 = m.step(s, "a")
    assert m.step(s1, "b") == (ngram.RUN_COST[3], s1)
    _, d1 = m.step(s, "7")
    assert m.step(d1, "８") == (ngram.RUN_COST[4], d1)
    assert m.step(s, "\r") == (ngram.CR_COST, s)
    assert m.cost("abcdef") == pytest.approx(m.cost("a") + 5 * ngram.RUN_COST[3])


@pytest.mark.parametrize(("ch", "prior"), [
    ("Ã", 11.0), ("─", 14.0), ("\ufffd", 20.0), ("\ue000", 18.0), ("ｶ", 13.0),
    ("ㄅ", 13.0), ("Ł", 12.0), ("\x85", 20.0),
])
def test_mojibake_classes_cost_their_prior(m: ngram.NgramModel, ch: str, prior: float) -> None:
    s = m.start_state()
    _, s = m.step(s, "的")
    assert not m.in_vocabulary(ch)
    assert m.step(s, ch)[0] == prior


def test_unknown_han(m: ngram.NgramModel) -> None:
    s = m.start_state()
    rare = "\U0002a6a5"  # 𪚥, an extension-B character no training text has
    assert not m.in_vocabulary(rare)
    c = m.step(s, rare)[0]
    assert c > ngram.UNK_HAN_EXTRA_RARE
    assert c > m.step(s, "的")[0] + 10


def test_mojibake_separates_from_clean(m: ngram.NgramModel) -> None:
    clean = ["用户登录成功。", "这个问题已经解决了。", "請輸入您的密碼。"]
    for text in clean:
        moji = text.encode("utf-8").decode("gbk", errors="replace")
        assert m.mean_cost(moji) > m.mean_cost(text) + 5
        assert m.mean_cost(text) < 8.0


def test_end_cost(m: ngram.NgramModel) -> None:
    _, s = m.advance("我知道了。")
    _, t = m.advance("我知道了")
    assert m.end_cost(s) < m.end_cost(t)
    assert m.end_cost(s) == m.step(s, "\n")[0]
