"""Judging with the running-text model: repairs must read as real text, whole
regions only, isolated damage in any language, clean text that is not prose."""

from __future__ import annotations

import random

import pytest

import textrepair
from textrepair.model import score
from textrepair.repair import judge, residue
from textrepair.repair.candidate import Candidate


def test_state_api_is_the_cost_of_score() -> None:
    text = "用户登录成功，谢谢。"
    s = score.start_state()
    total = 0.0
    for ch in text:
        c, s = score.step(s, ch)
        total += c
    assert abs(total - score.score(text).total) < 1e-9
    assert score.advance(text)[0] == pytest.approx(total)
    m = score.state_machine()
    assert m.step(m.start_state(), "中") == score.step(score.start_state(), "中")


def test_costs_separate_text_from_mojibake() -> None:
    for clean, moji in [("用户登录成功", "鐢ㄦ埛鐧诲綍鎴愬姛"), ("你好，世界", "ÄãºÃ£¬ÊÀ½ç"),
                        ("函数声明", "滲杅汒隴")]:
        assert score.cost(clean) < score.REAL_TEXT_MEAN < score.cost(moji)


def test_real_text_limit_is_stricter_for_longer_text() -> None:
    assert judge.real_text_limit(1) > judge.real_text_limit(4) > judge.real_text_limit(40)
    assert judge.real_text_limit(40) < score.REAL_TEXT_MEAN


def test_garbage_to_garbage_is_refused() -> None:
    # the example: mojibake read as GBK-as-Big5 gives other mojibake
    text = "祴璇曨偆"
    cand = Candidate("gbk_as_big5", 0, 4, "谝姊鬚詁", "encode(cp950) → decode(gbk)")
    assert judge.judge(text, cand, textrepair.Repairer().config) is None
    assert textrepair.repair(text) == text
    assert textrepair.repair("涓�鏂囨祴璇曨偆") == "涓�鏂囨祴璇曨偆"


@pytest.mark.parametrize("seed", range(40))
def test_mojibake_of_random_cjk_stays(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(rng.randint(4, 30)))
    for writer, reader in (("utf-8", "gbk"), ("gbk", "cp950"), ("gbk", "latin-1")):
        try:
            moji = text.encode(writer).decode(reader, errors="replace")
        except UnicodeEncodeError:
            continue
        assert textrepair.repair(moji) == moji, (writer, reader, text)


@pytest.mark.parametrize("seed", range(40))
def test_random_bytes_stay(seed: int) -> None:
    rng = random.Random(1000 + seed)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(rng.randint(6, 60)))
    for codec in ("gbk", "big5", "cp932", "latin-1", "cp1252"):
        moji = data.decode(codec, errors="replace")
        assert textrepair.repair(moji) == moji, (codec, data)


#: Known miss (issue 11): the lattice fills 鍙� and 寮 whole, and the model
#: prefers 叫开了会议 to 召开了会议 by 0.85 nats (叫 E5 8F AB and 召 E5 8F AC
#: differ only in the lost byte); no runner-up margin is asked of a filled hole.
_SHARED_BYTES = pytest.mark.xfail(strict=True, reason="叫/召 differ in the lost byte only; "
                                  "the lattice asks no margin over the runner-up")


@_SHARED_BYTES
def test_half_repairs_are_withdrawn() -> None:
    # 召开 as UTF-8 read as GBK with the last byte of 开 lost: the region is
    # repaired whole or kept; 召 beside the unrepaired 开 is given back
    moji = "他们" + "召开".encode()[:-1].decode("gbk", errors="replace") + "了会议。"
    assert textrepair.repair(moji) in (moji, "他们召开了会议。")


def test_a_cut_utf8_character_is_residue() -> None:
    # (寮 = E5 BC is 开 cut short: the repair of 鍙� beside it is given back)
    found = residue.kept_mojibake("寮\ufffd", "召寮\ufffd")
    assert found


@_SHARED_BYTES
def test_withdrawal_is_explained() -> None:
    # the repair of 鍙� and its withdrawal are both steps (kind, span, before, after, rule)
    moji = "他们" + "召开".encode()[:-1].decode("gbk", errors="replace") + "了会议。"
    result = textrepair.explain(moji, normalize=False)
    assert result.text == moji
    back = [st for st in result.steps if st.rule.startswith("withdrawn")]
    assert back and back[-1].after == "鍙\ufffd" and back[-1].kind.startswith("utf8_as_gbk")


def test_garbage_between_garbage_is_given_back_whole() -> None:
    # GBK read as cp950: 鍔忺枅 → 令枢逃; 令 stands beside residue, and 枢逃 on
    # its own is no text either, so nothing of it stays
    cjk = "范瓖糌猒摜錤熞尙兲淜缬莴湎踴皡腧徚钍嗵忧"
    text = cjk.encode("gbk").decode("cp950", errors="replace")
    assert textrepair.repair(text) == text
    assert not residue._rest_reads_as_text("錓�鍔", "令枢逃", [(0, 1, 0, 1)])
    assert residue._rest_reads_as_text("会议。", "他们召开", [(0, 1, 0, 1)])


def test_pieces_compose_steps() -> None:
    from textrepair.explain import Step
    original = "abcdef"
    steps = [Step("k", 1, 3, "bc", "X", "r"), Step("k", 0, 1, "a", "YZ", "r"),
             Step("k", 5, 5, "", "!", "r")]
    pieces = residue.compose(original, steps)
    assert "".join(p.text for p in pieces) == "YZXde!f"
    assert "".join(original[p.start:p.end] for p in pieces) == original


@pytest.mark.parametrize(("damaged", "fixed"), [
    ("It鈥檚 a test", "It’s a test"),
    ("# it鈥檚 fine", "# it’s fine"),
    ("David鈥檚 book", "David’s book"),
    ("the 鈥攖he end", "the —the end"),
    pytest.param("Note锛? something", "Note， something", marks=pytest.mark.xfail(
        strict=True, reason="the lost byte of 锛 is filled as ？: the model prices "
        "full-width marks alike after Latin text")),
])
def test_isolated_damage_in_english(damaged: str, fixed: str) -> None:
    assert textrepair.repair(damaged) == fixed


@pytest.mark.parametrize(("text", "fixed"), [
    # two UTF-8 characters read as GBK are three characters (设置 = E8AEBE
    # E7BDAE → 璁 剧 疆): the core runs to the end of the UTF-8 sequence,
    # not one character past the lead pair (剧 and 疆 are no hits)
    ("请在这里璁剧疆你的密码。", "请在这里设置你的密码。"),
    ("今天天气很好，璁剧疆我们去公园。", "今天天气很好，设置我们去公园。"),
    # a real name: 璁 then characters whose bytes end no UTF-8 sequence
    ("明代的张璁剧照在这里。", "明代的张璁剧照在这里。"),
    ("张璁疆域", "张璁疆域"),
])
def test_a_lone_lead_pair_runs_to_its_utf8_end(text: str, fixed: str) -> None:
    assert textrepair.repair(text) == fixed


@pytest.mark.parametrize("text", [
    "┌────┬────┐", "╔══════╗", "│├──────┼────────┼────┼───────┤",
    "┌─────┬───────┬───────┬───────┐│＼員＼類 │ (二千人以上) │ (一千人以上 │",
    "皎皎照", "騔騕褭", "倫敦現在幾點鐘?", "C:\\users\\u4e2d\\data", '写 "\\u4e2d" 表示中字',
    "手持两把锟斤拷,\n口中疾呼烫烫烫。\n脚踏千朵屯屯屯,\n笑看万物锘锘锘。",
    "    /// 逐码位一致（12 字节 GBK 配 Big5 → `笢恅聆彸囀` + 2×U+FFFD）。",
    "烫烫的水。", "他说好。谢谢谢谢",
])
def test_clean_text_that_is_not_prose_stays(text: str) -> None:
    assert textrepair.repair(text) == text


@pytest.mark.parametrize(("damaged", "fixed"), [
    ("今天天气很好。烫烫", "今天天气很好。"),
    ("他说好。屯屯屯", "他说好。"),
    ("%D6%D0%C8A", "中華"),
    ("他说&#8220;好&#8221;。", "他说“好”。"),
    ("\\u4e2d\\u6587", "中文"),
    ("Bush hid the facts".encode("ascii").decode("utf-16-le"), "Bush hid the facts"),
    ("╢╘▓╗", "对不"),
])
def test_lossless_kinds(damaged: str, fixed: str) -> None:
    assert textrepair.repair(damaged) == fixed


@pytest.mark.parametrize(("damaged", "fixed"), [
    ("cafÃ© au lait", "café au lait"),
    ("TiÃªÌ\x81ng ViÃªÌ£t", "Tiê\u0301ng Viê\u0323t"),  # (no normalization)
    ("abc\x80def", "abc€def"),
])
def test_ftfy_domain_still_fixes_european_text(damaged: str, fixed: str) -> None:
    assert textrepair.repair(damaged) == fixed


def test_foreign_to_text() -> None:
    assert score.foreign_to_text("㊪")
    assert not any(score.foreign_to_text(c) for c in ("é", "ж", "丂", "€", "’", "中"))
