"""decode(): bytes of unknown encoding → text (BOMs, UTF-16/32, GB/Big5 families,
declared charsets that lie, Japanese/Korean, HZ/ISO-2022, mixed files, lossy input)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textrepair
from conftest import FIXTURES, SHARED
from textrepair.decode import choice, decoding
from textrepair.decode.charsets import declared_charset, decode_iso2022cn, normalize_label
from textrepair.decode.decoding import decode, decode_explained

ZH = "中文测试，编码检测。我们今天去北京。"
ZH_TRAD = "中文測試，編碼檢測。我們今天去臺北。"


# ---- byte-order marks and UTF-16/32 without one ---------------------------

@pytest.mark.parametrize("bom, codec, name", [
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
])
def test_bom(bom: bytes, codec: str, name: str) -> None:
    d = decode_explained(bom + ZH.encode(codec))
    assert (d.text, d.encoding, d.reason, d.lossy) == (ZH, name, "byte-order mark", False)


def test_bom_with_broken_body_is_lossy() -> None:
    d = decode_explained(b"\xff\xfe" + "中文".encode("utf-16-le") + b"\x00\xd8")
    assert d.text.startswith("中文") and d.lossy and "U+FFFD" in d.reason


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [ZH, "Hello, 世界! 2024年", ZH[:6]])
def test_utf16_32_without_bom(codec: str, text: str) -> None:
    d = decode_explained(text.encode(codec))
    assert (d.text, d.encoding) == (text, codec)


def test_ascii_is_never_read_as_utf16() -> None:
    # the "Bush hid the facts" trap: even-length ASCII is valid UTF-16 too
    assert decode(b"Bush hid the facts") == "Bush hid the facts"


# ---- UTF-8 and the GB family ------------------------------------------------

def test_valid_utf8_first() -> None:
    d = decode_explained(ZH.encode("utf-8"))
    assert (d.text, d.encoding, d.reason) == (ZH, "utf-8", "valid UTF-8")


@pytest.mark.parametrize("text, name", [
    ("编码检测，我们今天去北京。", "gb2312"),  # GB2312 characters only
    ("編碼檢測，我們今天去臺北。", "gbk"),  # traditional characters: GBK, not GB2312
    ("编码检测：€ 与 ḿ", "gb18030"),  # four-byte GB18030 sequences
])
def test_gb_family_reports_the_narrowest_codec(text: str, name: str) -> None:
    d = decode_explained(text.encode("gb18030"))
    assert (d.text, d.encoding) == (text, name)


@pytest.mark.parametrize("label", ["gbk", "gb2312", "GB2312", "x-gbk", "cp936"])
def test_gb_labels_are_read_as_gb18030(label: str) -> None:
    # A1A4 and A1AA: gb2312 reads ・ and ―, gbk/gb18030 (and browsers) · and —
    text = "张三·李四——王五，編碼"
    data = text.encode("gb18030")
    assert data.decode("gb2312", errors="replace") != text
    assert decode(data, declared=label) == text


def test_gbk_euro_byte_is_read_as_browsers_do() -> None:
    # cp936 and the WHATWG decoder read a lone 0x80 as €; Python's gb18030 rejects it
    data = "价格：100".encode("gbk") + b"\x80" + "，优惠".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    d = decode_explained(data)
    assert (d.text, d.encoding, d.lossy) == ("价格：100€，优惠", "gb18030", False)
    # 0x80 as a trail byte is an ordinary GBK character
    trail = "這個還是線上的".encode("gbk")
    assert b"\x80" in trail and decode(trail) == "這個還是線上的"


def test_gbk_page_labelled_gb18030() -> None:
    raw = (FIXTURES / "legacy" / "gbk.txt").read_bytes()
    truth = (FIXTURES / "legacy" / "gbk-utf8.txt").read_text("utf-8")
    assert decode(raw, declared="gb18030") == truth
    assert decode_explained(raw, declared="gb18030").encoding == "gbk"


# ---- declared charsets are hints -------------------------------------------

def test_declared_charset_found_in_the_bytes() -> None:
    assert declared_charset(b'<?xml version="1.0" encoding="gb2312"?><rss>') == "gb2312"
    assert declared_charset(b'<html><head><meta charset="big5">') == "big5"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; '
                            b'charset=GBK">') == "GBK"
    assert declared_charset(b"Content-Type: text/plain; charset=utf-8\r\n\r\nbody") == "utf-8"
    assert declared_charset(b"<p>no declaration</p>") is None


def test_mislabelled_page_fixture() -> None:
    # cpython's GBK sample (traditional and simplified) inside a page that says gb2312,
    # and the same text declared big5: the model overrules both labels
    raw = (FIXTURES / "legacy" / "gbk.txt").read_bytes()
    truth = (FIXTURES / "legacy" / "gbk-utf8.txt").read_text("utf-8")
    head = '<?xml version="1.0" encoding="gb2312"?>\n'
    d = decode_explained(head.encode() + raw)
    assert d.text == head + truth
    assert d.encoding == "gbk" and "declared in the bytes 'gb2312'" in d.reason
    assert decode(raw, declared="big5") == truth


def test_declared_label_breaks_a_tie() -> None:
    # one Big5 character that is also a common GBK character: the label decides
    data = "檔".encode("big5")
    assert decode(data, declared="big5") == "檔"
    assert decode(data, declared="gbk") == data.decode("gbk")


@pytest.mark.parametrize("codec, label", [("koi8_r", "koi8-r"), ("cp1251", "windows-1251")])
def test_declared_codec_the_model_does_not_compare(codec: str, label: str) -> None:
    russian = "Привет, мир! Как дела? Всё хорошо."
    d = decode_explained(russian.encode(codec), declared=label)
    assert d.text == russian and "declared" in d.reason
    # ... but a declaration does not turn Chinese into Cyrillic
    assert decode(ZH.encode("gbk"), declared=label) == ZH


def test_unknown_declared_label_is_ignored() -> None:
    d = decode_explained(ZH.encode("gbk"), declared="gb2313")
    assert d.text == ZH and "unknown, ignored" in d.reason
    with pytest.raises(textrepair.UnknownEncodingError, match="not an encoding"):
        normalize_label("gb2313")


@pytest.mark.parametrize("path", sorted(
    (SHARED / "legacy" / "chardet-mislabelled" / "tests").glob("*/*")) if SHARED.is_dir() else [],
    ids=lambda p: f"{p.parent.name}/{p.name}")
def test_chardet_mislabelled_pages(path: Path) -> None:
    data = path.read_bytes()
    truth = data.decode("cp950" if path.parent.name == "Big5" else "gb18030")
    assert decode(data) == truth


# ---- Big5 family -----------------------------------------------------------

def test_big5_vs_cp950_prefers_standard_big5_on_symbol_variants() -> None:
    data = "靜坐行動∼活動".encode("big5")  # A1E3: big5 ∼, cp950 ～
    d = decode_explained(data)
    assert (d.text, d.encoding) == ("靜坐行動∼活動", "big5")


def test_cp950_only_code_is_read_with_cp950() -> None:
    data = "中文測試，編碼檢測".encode("big5") + bytes.fromhex("f9d6")  # ETEN 碁
    d = decode_explained(data)
    assert (d.text, d.encoding) == (data.decode("cp950"), "cp950")


def test_big5_fixtures() -> None:
    for name in ("big5", "big5hkscs"):
        raw = (FIXTURES / "legacy" / f"{name}.txt").read_bytes()
        truth = (FIXTURES / "legacy" / f"{name}-utf8.txt").read_text("utf-8")
        d = decode_explained(raw)
        assert (d.text, d.encoding) == (truth, name)


def test_traditional_big5() -> None:
    assert decode(ZH_TRAD.encode("big5")) == ZH_TRAD


# ---- Japanese and Korean are not Chinese -----------------------------------

JAPANESE = ["日本語のテキストです。", "東京は日本の首都です。", "今日はいい天気ですね。",
            "ありがとうございます", "図書館は午前九時に開きます。", "私は学生です"]
KOREAN = ["안녕하세요. 오늘 날씨가 정말 좋네요.", "서울은 대한민국의 수도입니다.",
          "저는 학생입니다.", "감사합니다", "도서관은 아홉 시에 문을 엽니다.",
          "大韓民國은 民主共和國이다."]


@pytest.mark.parametrize("codec", ["shift_jis", "cp932", "euc_jp"])
@pytest.mark.parametrize("text", JAPANESE)
def test_japanese_is_not_read_as_chinese(codec: str, text: str) -> None:
    assert decode(text.encode(codec)) == text


@pytest.mark.parametrize("codec", ["euc_kr", "cp949"])
@pytest.mark.parametrize("text", KOREAN)
def test_korean_is_not_read_as_chinese(codec: str, text: str) -> None:
    d = decode_explained(text.encode(codec))
    assert (d.text, d.encoding) == (text, "euc_kr")


# ---- seven-bit encodings ---------------------------------------------------

def test_hz_fixture() -> None:
    raw = (FIXTURES / "legacy" / "hz.txt").read_bytes()
    truth = (FIXTURES / "legacy" / "hz-utf8.txt").read_text("utf-8")
    d = decode_explained(raw)
    assert (d.text, d.encoding) == (truth, "hz")


def test_hz_snippet_and_tilde_in_ascii() -> None:
    assert decode("编码检测".encode("hz")) == "编码检测"
    assert decode(b"x = ~{a} + b  # not HZ") == "x = ~{a} + b  # not HZ"


def _iso2022cn(text: str) -> bytes:
    gb = text.encode("gb2312")
    return b"\x1b$)A\x0e" + bytes(b & 0x7F for b in gb) + b"\x0f\n"


def test_iso2022cn_gb2312_part() -> None:
    d = decode_explained(b"IUC10 " + _iso2022cn("欧洲，软件＋互联网"))
    assert (d.text, d.encoding, d.lossy) == ("IUC10 欧洲，软件＋互联网\n", "iso-2022-cn", False)


def test_iso2022cn_cns_planes_are_reported_lossy() -> None:
    text, bad = decode_iso2022cn(b"\x1b$)G\x0e\x44\x21\x0f ok")
    assert (text, bad) == ("\ufffd ok", 1)
    d = decode_explained(b"\x1b$)G\x0e\x44\x21\x0f ok")
    assert d.lossy and "CNS 11643" in d.reason


def test_iso2022jp() -> None:
    assert decode("日本語のテキスト".encode("iso2022_jp")) == "日本語のテキスト"


# ---- mixed files and lossy bytes -------------------------------------------

MIXED_LINES = [("第一行是简体中文，用GBK编码保存的文字。\n", "gbk"),
               ("第二行是UTF-8编码的句子，来自另一个网站。\n", "utf-8"),
               ("第三行是繁體中文，用大五碼編碼的網頁內容。\n", "big5"),
               ("最后一行又回到GBK编码，结束这个文件。\n", "gbk")]


def test_mixed_gbk_utf8_big5_decoded_line_by_line() -> None:
    data = b"".join(line.encode(codec) for line, codec in MIXED_LINES)
    d = decode_explained(data)
    assert d.text == "".join(line for line, _ in MIXED_LINES)
    assert d.encoding == "mixed" and not d.lossy
    assert "line by line" in d.reason
    assert "line 2 utf-8" in d.reason and "line 3 big5" in d.reason


def test_mixed_gbk_and_big5_that_gb18030_reads_strictly() -> None:
    # every Big5 pair is a valid GBK pair: the whole file decodes strictly as
    # gb18030, and only the language model sees that the middle lines are Big5
    lines = [("这是第一段简体中文的内容，我们用GBK保存。\n", "gbk"),
             ("這是第二段繁體中文的內容，我們用大五碼保存。\n", "big5"),
             ("這一行也是繁體中文，來自同一個臺灣網站。\n", "big5"),
             ("最后又是简体中文，这个文件是拼接起来的。\n", "gbk")]
    data = b"".join(line.encode(codec) for line, codec in lines)
    data.decode("gb18030")  # strict: no error
    d = decode_explained(data)
    assert d.text == "".join(line for line, _ in lines) and d.encoding == "mixed"


def test_one_bad_byte_keeps_the_codec_and_is_reported() -> None:
    good = ("第一行是简体中文。\n" * 5).encode("gbk")
    d = decode_explained(good + b"\xff" + good)
    assert d.encoding == "gb18030" and d.lossy
    assert d.text.count("\ufffd") == 1 and "1 undecodable" in d.reason
    assert d.text.replace("\ufffd", "") == ("第一行是简体中文。\n" * 10)


def test_garbage_is_lossy_not_an_error() -> None:
    for data in (b"\xff\xfe\xfd", bytes(range(256)), b"\x81", b"\x80\x80\x80"):
        d = decode_explained(data)
        assert isinstance(d.text, str) and d.encoding
    assert decode_explained(b"\x81\x20\xff").lossy


def test_str_is_a_type_error_that_names_repair() -> None:
    with pytest.raises(TypeError, match="repair"):
        decode("中文")  # type: ignore[arg-type]
    assert decode(bytearray("中文".encode("gbk"))) == "中文"
    assert decode(memoryview("中文".encode("big5"))) == "中文"


@given(st.binary(max_size=300), st.sampled_from([None, "gbk", "big5", "utf-8", "utf-16",
                                                 "nonsense", "hz-gb-2312", "iso-2022-cn"]))
@settings(max_examples=300, deadline=None)
def test_decode_never_raises(data: bytes, declared: str | None) -> None:
    d = decode_explained(data, declared=declared)
    assert isinstance(d.text, str) and d.encoding and d.reason
    assert not d.lossy or "U+FFFD" in d.reason


@given(st.lists(st.tuples(st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
                          st.sampled_from(["gbk", "big5", "utf-8", "shift_jis", "euc_kr",
                                           "hz", "utf-16-le"])), max_size=6))
@settings(max_examples=150, deadline=None)
def test_decode_never_raises_on_concatenated_encodings(parts: list[tuple[str, str]]) -> None:
    data = b"\n".join(t.encode(c, errors="ignore") for t, c in parts)
    assert isinstance(decode(data), str)


# ---- 12-character snippets -------------------------------------------------

def _snippets() -> list[tuple[str, str]]:
    """(codec, first 12 characters of a sentence) from the fixtures' true texts."""
    sources = [(n, (FIXTURES / "legacy" / f"{n}-utf8.txt").read_text("utf-8"))
               for n in ("big5", "big5hkscs", "gb2312", "gbk", "gb18030", "hz")]
    sources.append(("gbk", (FIXTURES / "legacy" / "testlines.utf8").read_text("utf-8")))
    for name in ("us_constitution_zhs.txt", "zuozhuan-excerpt.txt"):
        text = (FIXTURES / "clean" / name).read_text("utf-8")
        sources += [(c, text) for c in ("gb18030", "big5", "utf-16-le", "utf-16-be")]
    seen: set[tuple[str, str]] = set()
    out = []
    for codec, text in sources:
        for sent in re.split("[。！？\n]", text):
            head = sent.strip()[:12]
            if len(head) == 12 and re.search("[\u4e00-\u9fff]", head) and (codec, head) not in seen:
                seen.add((codec, head))
                try:
                    head.encode(codec)
                except UnicodeEncodeError:
                    continue
                out.append((codec, head))
    return out


def test_twelve_character_snippets_from_fixtures() -> None:
    snippets = _snippets()
    wrong = [(c, s, decode(s.encode(c))) for c, s in snippets if decode(s.encode(c)) != s]
    assert len(snippets) > 10000
    assert len(wrong) <= len(snippets) // 100, wrong[:10]  # at least 99% exact


# ---- the shared corpora (test use only; skipped when absent) ---------------

#: chardet's test folders and the codec whose reading is the truth
CHARDET = {"big5-chinese": "big5", "gb18030-chinese": "gb18030", "hz-gb-2312-chinese": "hz",
           "utf-8-chinese": "utf-8", "utf-8-english": "utf-8", "utf-16-chinese": "utf-16",
           "utf-16le-chinese": "utf-16-le", "utf-16be-chinese": "utf-16-be",
           "utf-32-chinese": "utf-32", "utf-32le-chinese": "utf-32-le",
           "utf-32be-chinese": "utf-32-be"}


@pytest.mark.parametrize("folder", sorted(CHARDET))
def test_chardet_labelled_files(folder: str) -> None:
    root = SHARED / "legacy" / "chardet" / "tests" / folder
    if not root.is_dir():
        pytest.skip("../shared/corpora is not present beside the repository")
    wrong = [p.name for p in sorted(root.iterdir())
             if decode(p.read_bytes()) != p.read_bytes().decode(CHARDET[folder])]
    assert wrong == []


def test_files_without_a_python_codec_do_not_crash() -> None:
    paths = [SHARED / "legacy" / "chardet" / "tests" / "euc-tw-chinese" / "_ude_euc-tw1.txt",
             SHARED / "legacy" / "uchardet" / "test" / "zh" / "euc-tw.txt"]
    if not all(p.is_file() for p in paths):
        pytest.skip("../shared/corpora is not present beside the repository")
    for p in paths:
        assert isinstance(decode(p.read_bytes()), str)


# ---- linear work -----------------------------------------------------------

def _priced_chars(monkeypatch: pytest.MonkeyPatch, data: bytes) -> int:
    """Characters that decode() priced with the language model (fast or full)."""
    seen = []
    real = decoding.reading_cost

    def counting(text: str, codec: str, *, fast: bool = False) -> float:
        seen.append(len(text))
        return real(text, codec, fast=fast)

    for module in (decoding, choice):
        monkeypatch.setattr(module, "reading_cost", counting)
    decode(data)
    return sum(seen)


def test_large_single_codec_input_prices_only_a_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (FIXTURES / "clean" / "zuozhuan-excerpt.txt").read_text("utf-8") * 10
    # each candidate reads at most the sample, twice (fast and full model); one
    # reading of the whole input would be more than all of that together
    bound = 2 * len(choice.CANDIDATES) * choice.SAMPLE_BYTES
    assert len(text) > bound
    assert 0 < _priced_chars(monkeypatch, text.encode("gb18030")) <= bound


def test_line_by_line_work_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    unit = b"".join(line.encode(codec) for line, codec in MIXED_LINES)
    small = _priced_chars(monkeypatch, unit * 200)
    big = _priced_chars(monkeypatch, unit * 400)
    assert small > 0 and big <= 2.2 * small
