"""Text files through the CLI: where long text is cut, bounded memory on a
one-line file, a kept byte-order mark, rewritten charset declarations."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

import textrepair
from conftest import FIXTURES, peak_rss_mb
from textrepair.cli import main
from textrepair.corpus.cuts import BLOCK_CHARS, cut_blocks, find_cut


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# ---- where a long text is cut ----

def test_cut_rules_in_order() -> None:
    prose = "今天天气很好，我们出去走走。" * 20  # 280 characters, sentence ends every 14
    assert find_cut(prose + "\n" + prose, 400) == 281  # a line end first
    cut = find_cut(prose + prose, 400)
    assert cut <= 400 and (prose + prose)[cut - 1] == "。"
    words = "abc defg " * 60
    cut = find_cut(words, 400)
    assert words[cut] == " " and words[cut - 1] != " "  # before the whitespace, never after
    marks = "e\u0301" * 300  # é as e + combining acute: never split
    assert marks[find_cut(marks, 401)] == "e"
    assert find_cut("字" * 1000, 400) == 400  # nothing better: the limit


def test_a_sentence_end_inside_mojibake_is_not_taken() -> None:
    clean = "今天天气很好，我们出去走走。" * 20
    moji = "涓嬭浇鐨勬枃浠讹紝鎵撳紑鍚庢樉绀轰贡鐮併。" * 3  # mojibake around a real 。
    text = clean + moji + "鐢ㄦ埛鐧诲綍鎴愬姛" * 10
    limit = len(clean) + 45  # the mojibake's 。 at +21 and +42 are before it
    cut = find_cut(text, limit)
    assert cut == len(clean) - 14  # the last sentence end not next to the mojibake


def test_all_damage_is_cut_where_repair_agrees_or_between_ascii_characters() -> None:
    moji = "涓嬭浇鐨勬枃浠讹紝鎵撳紑鍚庢樉绀轰贡鐮併" * 40
    text = moji[:500] + "ok" + moji[500:]
    p = find_cut(text, 600)
    left, right = text[p - 256:p], text[p:p + 256]
    assert 450 <= p <= 600
    assert textrepair.repair(left + right) == textrepair.repair(left) + textrepair.repair(right)
    calls: list[str] = []

    def never(s: str) -> str:  # two pieces never give what the whole gives
        calls.append(s)
        return s + "#"

    assert find_cut(text, 600, never) == 501  # o|k: a character boundary in any encoding
    assert len(calls) == 3 * 8  # CUT_TRIALS trials, three repairs each
    assert find_cut(moji, 600, never) == 600  # no ASCII at all: the limit


def _mixed_text(seed: int, sep: str) -> str:
    """Clean prose of the fixtures with real damage cases and mojibake between,
    joined without line ends."""
    rng = random.Random(seed)
    parts = []
    for name in ("clean/us_constitution_zhs.txt", "clean/zuozhuan-excerpt.txt",
                 "legacy/big5-utf8.txt", "legacy/gb18030-utf8.txt"):
        parts += [x for x in (FIXTURES / name).read_text("utf-8").splitlines() if x.strip()]
    cases = [json.loads(x)["input"] for x in
             (FIXTURES / "cases" / "repair.jsonl").read_text("utf-8").splitlines()]
    rng.shuffle(parts)
    out = []
    for p in parts:
        out.append(p)
        if rng.random() < 0.3:
            out.append(rng.choice(cases))
        if rng.random() < 0.2:
            out.append(p[:60].encode("utf-8").decode("gbk", "ignore"))
    return sep.join(out)


def _straddled(text: str, blocks: list[str], window: int = 300) -> int:
    """Cuts inside a change that explain() makes on the text around them."""
    pos = bad = 0
    for b in blocks[:-1]:
        pos += len(b)
        lo = max(0, pos - window)
        cut, shift = pos - lo, 0
        for st in textrepair.explain(text[lo:pos + window]).steps:
            bad += st.start < cut + shift < st.end
            if st.end <= cut + shift:
                shift += len(st.after) - (st.end - st.start)
    return bad


@pytest.mark.parametrize("sep", ["", " "])
def test_no_cut_falls_inside_a_change(sep: str) -> None:
    text = _mixed_text(1, sep)[:24000]
    blocks = list(cut_blocks([text], 800))
    assert "".join(blocks) == text and len(blocks) >= 30
    assert max(map(len, blocks)) <= 800
    assert _straddled(text, blocks) == 0
    # cutting at a fixed size does fall inside changes (the test can fail)
    fixed = [text[i:i + 800] for i in range(0, len(text), 800)]
    assert _straddled(text, fixed) > 0


# ---- bounded memory ----

#: Runs the CLI, then prints the process's own peak RSS (VmHWM).
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_one_line_text_file_in_bounded_memory(tmp_path: Path) -> None:
    """An 8 MB line of prose: before the cut it was one document, and the
    peak was 33 MB above that of a one-page file (129 MB against 96; the 50 MB
    line of issue 14, law text, took 1,426 MB); now it is 23 blocks (+9 MB:
    the first 4 MiB read to detect the encoding)."""
    prose = (FIXTURES / "clean" / "us_constitution_zhs.txt").read_text("utf-8")
    line = prose.replace("\n", "") + "ÄãºÃ£¬ÊÀ½ç"
    big = tmp_path / "big.txt"
    big.write_text(line * (8_000_000 // len(line.encode("utf-8"))), encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text(line, encoding="utf-8")
    base = peak_rss_mb(["fix", str(small), "-o", str(tmp_path / "o1.txt")])
    peak = peak_rss_mb(["fix", str(big), "-o", str(tmp_path / "o2.txt")])
    out = (tmp_path / "o2.txt").read_text("utf-8")
    assert "\n" not in out and out.count("你好，世界") == big.read_text("utf-8").count("ÄãºÃ")
    assert len(big.read_text("utf-8")) > 20 * BLOCK_CHARS
    assert peak - base < 20 and peak < 300, (base, peak)


# ---- byte-order marks ----

def test_bom_of_a_clean_file_is_kept_byte_for_byte(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + "今天天气很好。\r\n第二行。\n".encode())
    before = (p.stat().st_ino, p.read_bytes())
    for extra in (["--repair-only"], []):
        assert run(["fix", "--in-place", *extra, str(p)])[0] == 0
        assert (p.stat().st_ino, p.read_bytes()) == before
        assert run(["fix", *extra, str(p), "-o", str(tmp_path / "o.txt")])[0] == 0
        assert (tmp_path / "o.txt").read_bytes() == before[1]
    damaged = tmp_path / "d.txt"
    damaged.write_bytes(b"\xef\xbb\xbf" + "标题：鐢ㄦ埛鐧诲綍鎴愬姛".encode())
    assert run(["fix", "--in-place", str(damaged)])[0] == 0
    assert damaged.read_bytes() == b"\xef\xbb\xbf" + "标题：用户登录成功".encode()
    wide = tmp_path / "w.txt"
    wide.write_bytes("今天天气很好。".encode("utf-16"))  # converted: UTF-8 has no BOM to keep
    assert run(["fix", "--in-place", str(wide)])[0] == 0
    assert wide.read_bytes() == "今天天气很好。".encode()


# ---- charset declarations ----

def test_converted_xml_and_html_declare_utf8(tmp_path: Path) -> None:
    xml = tmp_path / "feed.xml"
    xml.write_bytes('<?xml version="1.0" encoding="BIG5"?>\n<rss><title>這個軟體很好用</title>'
                    '</rss>\n'.encode("big5"))
    html = tmp_path / "page.html"
    html.write_bytes('<html><head><meta http-equiv="Content-Type" content="text/html; '
                     'charset=gb2312"><meta charset=\'GBK\'></head><body>今天天气很好。'
                     '</body></html>\n'.encode("gbk"))
    stats = tmp_path / "s.json"
    code, _, _ = run(["fix", "--repair-only", str(xml), str(html), "-o", str(tmp_path / "out"),
                      "--stats", str(stats)])
    assert code == 0
    out_xml = (tmp_path / "out" / "feed.xml").read_text("utf-8")
    assert out_xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<rss><title>這個軟體')
    out_html = (tmp_path / "out" / "page.html").read_text("utf-8")
    assert "charset=utf-8\"><meta charset='utf-8'>" in out_html
    assert json.loads(stats.read_text("utf-8"))["kinds"] == {"charset_declaration": 3}
    # already UTF-8: a wrong label is left as the input had it (no conversion happened)
    labelled = tmp_path / "u.html"
    labelled.write_bytes('<meta charset="gb2312">今天天气很好。'.encode())
    before = labelled.read_bytes()
    assert run(["fix", "--in-place", str(labelled)])[0] == 0
    assert labelled.read_bytes() == before


def test_positions_in_a_line_cut_into_blocks(tmp_path: Path) -> None:
    prose = "今天天气很好，我们出去走走。" * 10_000  # 140,000 characters, one line
    p = tmp_path / "one.txt"
    p.write_text(prose + "标题：鐢ㄦ埛鐧诲綍鎴愬姛", encoding="utf-8")
    col = len(prose) + 4
    code, out, _ = run(["check", str(p)])
    assert code == 1 and out == f"{p}:1:{col}: utf8_as_gbk: 鐢ㄦ埛鐧诲綍鎴愬姛\n"
    code, out, _ = run(["explain", "--repair-only", str(p)])
    assert out.startswith(f"{p}:1:{col}: utf8_as_gbk: 鐢ㄦ埛鐧诲綍鎴愬姛 → 用户登录成功")
