"""benchmarks/damage.py: each decoder family on bytes whose decoding the spec or
the platform documents, and the real cases each family claims to reproduce."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from conftest import ROOT, load_jsonl, need_shared

_spec = importlib.util.spec_from_file_location("damage", ROOT / "benchmarks" / "damage.py")
assert _spec is not None and _spec.loader is not None
D = importlib.util.module_from_spec(_spec)
sys.modules["damage"] = D
_spec.loader.exec_module(D)

R = "\ufffd"


# ---- WHATWG Encoding Standard ------------------------------------------------

@pytest.mark.parametrize(("data", "want"), [
    (b"\x81\x20", R + " "),            # bad pair, ASCII second byte restored
    (b"\x81\x7f", R + "\x7f"),         # 0x7F is ASCII too
    (b"\x81\xff", R),                   # non-ASCII second byte consumed
    (b"\x80", "€"),                     # step 7: 0x80 -> U+20AC
    (b"\xff", R),                       # step 8
    (b"\x81", R),                       # lead at end of queue
    (b"\x81\x40", "丂"),
    (b"\xaa\xa1", "\ue000"),            # user-defined area is in index gb18030
    (b"\xa3\xa0", "\u3000"),            # index gb18030 differs from CPython here
    (b"\xa8\xbc", "\u1e3f"),
    (b"\x81\x30\x81\x30", "\x80"),      # four-byte: ranges pointer 0
    (b"\x84\x31\xa4\x39", "\uffff"),    # last BMP pointer 39419
    (b"\x90\x30\x81\x30", "\U00010000"),
    (b"\xe3\x32\x9a\x35", "\U0010ffff"),
    (b"\x84\x31\xa5\x30", R),           # pointer 39420: null
    (b"\x81\x30\x41", R + "0A"),        # restore « second, byte »
    (b"\x81\x30\x81\x41", R + "0丄"),  # restore « second, third, byte »: 0, then 81 41
    (b"\xad\xe4\xb8", "\ue15d" + R),    # UTF-8 of 中 from its 2nd byte (AD E4 is EUDC)
])
def test_whatwg_gb18030(data: bytes, want: str) -> None:
    assert D.whatwg_decode(data, "gb18030") == want
    assert D.whatwg_decode(data, "gbk") == want  # the gbk decoder is gb18030's


@pytest.mark.parametrize(("data", "want"), [
    (b"\x81\x20", R + " "),
    (b"\x81\x80", R),                   # 0x80 is not a trail byte: consumed, error
    (b"\x80", R),
    (b"\xa4\x40", "一"),
    (b"\x88\x62", "\u00ca\u0304"),      # pointer 1133: two code points
    (b"\x88\xa5", "\u00ea\u030c"),      # pointer 1166
    (b"\x87\x7a", "\u3875"),            # HKSCS-2008, not in CPython's big5hkscs
    (b"\xa1\x45", "\u2027"),            # index Big5 differs from CPython here
    (b"\xa2\x44", "\uffe5"),
    (b"\xc7\xeb", "\u30ef"),            # ワ (HKSCS kana)
    (b"\xa4", R),
])
def test_whatwg_big5(data: bytes, want: str) -> None:
    assert D.whatwg_decode(data, "big5") == want


@pytest.mark.parametrize(("data", "want"), [
    (b"\x81\x20", R + " "),
    (b"\x80", "\x80"),
    (b"\xa0", R),
    (b"\xfd", R),
    (b"\xb1", "\uff71"),
    (b"\x82\xa0", "あ"),
    (b"\xf0\x40", "\ue000"),            # pointer 8836: private use
    (b"\x81\x5f", "\uff3c"),            # Windows-31J mapping of 815F
    (b"\x85\x40", R + "@"),             # unmapped pair, ASCII restored
])
def test_whatwg_shift_jis(data: bytes, want: str) -> None:
    assert D.whatwg_decode(data, "shift_jis") == want


# ---- Windows MultiByteToWideChar ----------------------------------------------

@pytest.mark.parametrize(("cp", "data", "want"), [
    (936, b"\x81\x20", "?"),            # a lead byte takes any next byte
    (936, b"\x81\x20a", "?a"),
    (936, b"\x81", "?"),                # lead at the end
    (936, b"\x81\x00", "?\x00"),        # NUL is not taken
    (936, b"\x80", "€"),
    (936, b"\xaa\xa1", "\ue000"),       # EUDC AAA1-AFFE
    (936, b"\xaf\xfe", "\ue233"),
    (936, b"\xf8\xa1", "\ue234"),       # EUDC F8A1-FEFE
    (936, b"\xfe\xfe", "\ue4c5"),
    (936, b"\xa1\x40", "\ue4c6"),       # EUDC A140-A7A0
    (936, b"\xa7\xa0", "\ue765"),
    (936, b"\xa1\xa1", "\u3000"),
    (950, b"\x81\x20", "?"),
    (950, b"\xfa\x40", "\ue000"),       # EUDC FA40-FEFE
    (950, b"\x8e\x40", "\ue311"),       # EUDC 8E40-A0FE
    (950, b"\x81\x40", "\ueeb8"),       # EUDC 8140-8DFE
    (950, b"\xc8\xfe", "\uf848"),       # EUDC C6A1-C8FE ends at U+F848
    (950, b"\xa3\xe1", "€"),
    (932, b"\x81\x20", "\u30fb"),       # cp932's Unicode default character
    (932, b"\xa0\xfd", "\uf8f0\uf8f1"),
])
def test_windows(cp: int, data: bytes, want: str) -> None:
    assert D.windows_decode(data, cp) == want


def test_cp936_eudc_is_gb18030s_private_use() -> None:
    n = 0
    for b1 in range(0x81, 0xFF):
        for b2 in range(0x40, 0xFF):
            ch = D.cp936_eudc(b1, b2)
            if ch is not None:
                n += 1
                assert bytes((b1, b2)).decode("gb18030") == ch
    assert n == 1894


def test_windows_swallows_the_byte_after_a_bad_lead() -> None:
    # real commit diffs: "here — it'd" -> "here 鈥?it'd"; "It’s" -> "It鈥檚"
    assert D.windows_decode("here — it'd".encode(), 936) == "here 鈥?it'd"
    assert D.windows_decode("It’s".encode(), 936) == "It鈥檚"
    assert D.whatwg_decode("here — it'd".encode(), "gbk") == "here 鈥\ufffd it'd"


# ---- CPython, Java, iconv: the byte after a bad lead ---------------------------

ZHONG_GUO = "中国".encode()  # E4 B8 | AD E5 | 9B BD: AD E5 is a cp936 EUDC pair


@pytest.mark.parametrize(("reader", "want"), [
    ("python:gbk", "涓" + R + "鍥" + R),      # resynchronises after the lead byte
    ("java:GBK", "涓" + R + "鍥" + R),        # E5 is a lead byte: malformed length 1
    ("iconv-c:GBK", "涓浗"),                  # in-range unmapped pair dropped whole
    ("windows:cp936", "涓\ue15e浗"),
    ("whatwg:gbk", "涓\ue15e浗"),
])
def test_readers_on_zhongguo(reader: str, want: str) -> None:
    assert D.READERS[reader](ZHONG_GUO) == want


@pytest.mark.parametrize(("reader", "data", "want"), [
    ("python:gbk", b"\x81\x20", R + " "),
    ("python:gbk", b"\x80", R),
    ("java:GBK", b"\x81\x20", R + " "),
    ("java:GBK", b"\xa1\x80", R),           # unmappable for length 2
    ("java:GBK", b"\x81\xff", R),
    ("java:GBK", b"\x81", R),
    ("iconv-c:GBK", b"\x81\x20", " "),      # lead dropped, space read again
    ("iconv-c:GBK", b"a\x80b\xff", "ab"),
    ("iconv-c:GBK", b"\x81\x7f", ""),       # in range, unmapped: both dropped
    ("iconv-c:GBK", b"\xb0\xa1\xb0", "啊"),  # incomplete at the end
])
def test_other_dbcs_readers(reader: str, data: bytes, want: str) -> None:
    assert D.READERS[reader](data) == want


# ---- single-byte readers -------------------------------------------------------

def test_mysql_latin1_drops_undefined_bytes_and_the_soft_hyphen() -> None:
    # the example: 插件架构集成测试
    assert (D.family("utf8_as_cp1252", "mysql latin1 shown (C1+AD dropped)")
            .damage("插件架构集成测试", random.Random(0)) == "æ’ä»¶æž¶æž„é›†æˆæµ‹è¯•")
    assert D.single_byte_decode(b"\x81\x8d\xad\xa0", "cp1252", "c1") == "\x81\x8d\xad\xa0"
    assert D.single_byte_decode(b"\x81\x8d\xad\xa0", "cp1252", "replace") == R + R + "\xad\xa0"
    assert D.single_byte_decode(b"\x81\x8d\xad\xa0", "cp1252", "drop") == "\xa0"


def test_gbk_single_byte_readers() -> None:
    assert D.misread("对不", "gbk", "sloppy:cp866") == "╢╘▓╗"
    assert D.misread("中文", "gbk", "sloppy:cp437") == "╓╨╬─"
    assert D.misread("你好", "gbk", "sloppy:latin-1") == "ÄãºÃ"
    assert D.misread("过", "gbk", "sloppy:cp1254") == "¹ı"  # B9 FD: cp1254 FD is ı
    assert D.misread("😀", "gbk", "sloppy:latin-1") is None  # writer lacks it: skipped


# ---- other kinds ----------------------------------------------------------------

def test_escapes_and_junk() -> None:
    rng = random.Random(0)
    assert D.family("html_entity", "decimal").damage("中文a", rng) == "&#20013;&#25991;a"
    assert D.family("unicode_escape", "json ensure_ascii").damage("中a", rng) == "\\u4e2da"
    assert D.family("unicode_escape", "json ensure_ascii").damage('中"', rng) is None
    assert D.family("percent_escape", "gbk").damage("中華", rng) == "%D6%D0%C8A"
    assert D.family("percent_escape", "utf-8").damage("中文", rng) == "%E4%B8%AD%E6%96%87"
    assert D.family("utf16_as_ascii", "notepad").damage("Bush hid the facts", rng) == \
        "畂桳栠摩琠敨映捡獴"
    assert D.family("big5_backslash", "addslashes").damage("成功因素", rng) == "成功\\因素"
    assert D.family("big5_backslash", "addslashes").damage("因素", rng) is None
    k = D.family("kunjinkao", "inserted").damage("一二三，四五六", rng)
    assert k is not None and k.startswith("一二三，锟斤拷") and k.endswith("四五六")
    f = D.family("debug_fill", "appended").damage("文本", rng)
    assert f is not None and f[:2] == "文本" and set(f[2:]) <= {"烫", "屯"} and len(f) >= 4


@pytest.mark.parametrize("style", ["fffd", "question", "split"])
def test_lost_characters(style: str) -> None:
    text = "误用的情况" * 30
    res = D.lose_characters(text, random.Random(3), style)
    assert res is not None
    damaged, lost = res
    assert lost and all(text[i] in "误用的情况" for i in lost)
    marker = {"fffd": R, "question": "?"}.get(style, R)
    holes = damaged.count(marker)
    if style == "split":
        assert 2 * len(lost) <= holes <= 3 * len(lost)
    else:
        assert holes == len(lost)
        assert len(damaged) == len(text)
    assert D.lose_characters("abc", random.Random(0), style) is None


def test_every_family_is_deterministic_and_changes_text() -> None:
    texts = ["中华人民共和国宪法规定，公民在法律面前一律平等。", "國家保障人民的權利，成功。",
             "Bush hid the facts", "251219-003-引用缺失解决.md", "名称"]
    for f in D.FAMILIES:
        outs = [[f.damage(t, random.Random(7)) for t in texts] for _ in range(2)]
        assert outs[0] == outs[1], f
        assert any(o is not None and o != t for o, t in zip(outs[0], texts, strict=True)), f


def test_one_sentence_damages_one_sentence_only() -> None:
    para = "第一句话在这里。第二句话也在这里。第三句话还在这里。"
    out = D.one_sentence(D.via("utf-8", "windows:cp936"))(para, random.Random(1))
    assert out is not None
    sents = ("第一句话在这里。", "第二句话也在这里。", "第三句话还在这里。")
    assert sum(s in out for s in sents) == 2


# ---- real cases ---------------------------------------------------------------

#: (case id, kind, family): the family applied to the expected text must give
#: the damaged text exactly.
REPRODUCED = [
    *[(i, "utf8_as_gbk", "windows cp936, PUA dropped") for i in (
        "issue-aliyun-ddns-73", "issue-hw-issues-67", "code-fixfile-lunar",
        "code-fixfile-localtime", "code-fixfile-latitude", "code-psmap-005", "code-psmap-004",
        "code-ahk-traytip", "code-tgbot-reply")],
    *[(i, "utf8_as_gbk", "iconv -c GBK") for i in (
        "issue-aliyun-ddns-73", "code-fixfile-lunar", "code-fixfile-localtime",
        "code-fixfile-latitude", "code-psmap-005", "code-psmap-004", "code-ahk-traytip")],
    ("code-perf-log", "utf8_as_gbk", "windows cp936"),
    ("code-psmap-003", "utf8_as_gbk", "windows cp936"),
    ("code-psmap-003", "utf8_as_gbk", "lossless (every reader)"),
    *[(i, "gbk_as_latin1", "single-byte") for i in (
        "issue-music-metadata-511", "issue-jsmediatags-134", "code-java-delete",
        "code-sqlserver-lang")],
    ("code-lpc-cp866-help", "gbk_as_cp866", "single-byte"),
    ("ftfy-web-issue-3", "gbk_as_cp1250", "single-byte"),
    ("code-cs-big5-message", "gbk_as_big5", "whatwg big5"),
    *[(i, "utf8_as_cp1252", "mysql latin1 shown (C1+AD dropped)") for i in (
        "code-coffee-errors", "code-rcon-echo", "code-doc-qingqiu", "ftfy-issue-166")],
    ("code-doc-qingqiu", "utf8_as_cp1252", "windows/whatwg (C1 kept)"),
    ("ftfy-issue-166", "utf8_as_cp1252", "windows/whatwg (C1 kept)"),
    ("ftfy-issue-217-1", "utf8_as_cp1252", "last byte cut"),
]


def _cases() -> dict[str, dict[str, str]]:
    root = need_shared() / "mojibake"
    out = {}
    for name in ("real-cases.jsonl", "real-cases-2.jsonl"):
        for c in load_jsonl(root / name):
            c.setdefault("damaged", c.get("mojibake"))
            out[c["id"]] = c
    return out


@pytest.mark.parametrize(("case_id", "kind", "fam"), REPRODUCED)
def test_real_case_reproduced(case_id: str, kind: str, fam: str) -> None:
    c = _cases()[case_id]
    assert D.family(kind, fam).damage(c["expected"], random.Random(0)) == c["damaged"]


def test_real_cases_reproduced_in_part() -> None:
    cases = _cases()
    # only the damaged strings of a list are damaged: each reproduces
    for clean, bad in (("你好呀", "浣犲ソ鍛€"), ("我是你的智能助手", "鎴戞槸浣犵殑鏅鸿兘鍔╂墜")):
        assert D.misread(clean, "utf-8", "windows:cp936") == bad
        assert f"'{bad}'" in cases["code-js-teststrings"]["damaged"]
    # all but the last character: the issue quotes the output without its final U+FFFD
    c = cases["issue-openai-java-123"]
    assert D.misread(c["expected"], "gbk", "python:utf-8") == c["damaged"] + R
    # all but the final 。's last byte, which shows as '?' (not explained)
    c = cases["code-md-npm"]
    got = D.family("utf8_as_cp1252", "mysql latin1 shown (C1+AD dropped)").damage(
        c["expected"], random.Random(0))
    assert got is not None and got[:-1] == c["damaged"][:-1]


def test_the_pua_dropped_cases_are_not_what_python_or_whatwg_make() -> None:
    cases = _cases()
    c = cases["issue-aliyun-ddns-73"]
    for fam in ("python replace", "whatwg gbk", "windows cp936", "java GBK"):
        assert D.family("utf8_as_gbk", fam).damage(c["expected"], random.Random(0)) \
            != c["damaged"], fam
    # glibc iconv -c drops the unmapped EUDC pair whole: the same string here
    assert D.family("utf8_as_gbk", "iconv -c GBK").damage(c["expected"], random.Random(0)) \
        == c["damaged"]
    # ...but not where a '?' swallowed a byte (a Windows reader)
    c = cases["code-tgbot-reply"]
    assert D.family("utf8_as_gbk", "iconv -c GBK").damage(c["expected"], random.Random(0)) \
        != c["damaged"]


def test_real_case_file_kinds_are_known() -> None:
    # a new kind in the case files should get a family (or a reason) here
    kinds = {c.get("kind") for c in _cases().values()}
    known = {None, "utf8_as_gbk", "utf8_as_gbk_lossy", "utf8_as_gbk_pua_dropped",
             "gbk_as_latin1", "truncated_char_question", "gbk_as_utf8_fffd",
             "big5_as_utf8_fffd", "pinyin_injected_trad", "pinyin_misaligned",
             "mixed_clean_and_utf8_as_gbk", "utf8_as_cp1252_lossy", "utf8_as_cp1252",
             "gbk_as_cp866", "gbk_as_big5"}
    assert {k for k in kinds if not (k or "").startswith("clean:")} <= known


def test_path_is_the_benchmark_module() -> None:
    assert Path(D.__file__).name == "damage.py"
