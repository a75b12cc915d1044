"""Typographic marks that lost a byte between ASCII neighbours (鈥? for ”)."""

from __future__ import annotations

import pytest

import textrepair
from textrepair.repair import typography as T


def _damage(text: str, reader: str) -> str:
    """``text`` written as UTF-8 and read as GBK by ``reader`` (python, windows)."""
    data = text.encode("utf-8")
    if reader == "python":
        return data.decode("gbk", errors="replace")
    # Windows cp936: a lead byte that does not pair becomes ? with the byte after it
    out, i = [], 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        pair = data[i:i + 2]
        try:
            out.append(pair.decode("gbk"))
        except UnicodeDecodeError:
            out.append("?")
        i += 2
    return "".join(out)


CASES = [
    "we sometimes make “exceptions” for this.",
    "If the program is interactive — make it output a short notice.",
    "A “more” frequent case is that a free library does the same job.",
    "here — it'd produce the same output",
]


@pytest.mark.parametrize("orig", CASES)
@pytest.mark.parametrize("reader", ["python", "windows"])
def test_isolated_marks_are_restored(orig: str, reader: str) -> None:
    damaged = _damage(orig, reader)
    assert damaged != orig
    assert textrepair.repair(damaged) == orig


def test_whatwg_keeps_the_space() -> None:
    assert textrepair.repair("You 鈥渕ust鈥\ufffd supply a copy.") == "You “must” supply a copy."


def test_unsure_mark_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # a word then 鈥� at the end: … beats ’ by 0.57 nats; with a wider
    # margin than that the cluster is kept as it is
    text = "subject matter hereof鈥\ufffd"
    assert textrepair.repair(text) == "subject matter hereof…"
    monkeypatch.setattr(T, "MARGIN", 1.0)
    textrepair.clear_caches()
    assert textrepair.repair(text) == text
    textrepair.clear_caches()


@pytest.mark.parametrize("text", ["based on it. 10鈥?", "this License. 7鈥\ufffd",
                                  "Release 6.1鈥?\nNext line."])
def test_an_unsure_mark_is_reported_and_clean_keeps_it(text: str) -> None:
    # after a digit at the end of a line the table has no count for any mark:
    # every reading ties, so the cluster is kept -- and reported, so that
    # clean() does not convert its 鈥 to 钬 (a later version could not undo that)
    assert textrepair.repair(text) == text
    found = [f for f in textrepair.detect(text) if f.kind == "utf8_as_gbk_lossy"]
    assert len(found) == 1 and not found[0].repairable
    assert text[found[0].start:found[0].end] in ("鈥?", "鈥\ufffd")
    assert "margin 0.00 < 0.5: kept" in found[0].detail and "'–" in found[0].detail
    assert textrepair.clean(text) == text


def test_open_quotation_decides() -> None:
    with_quote = T.mark_cost("a", "”", " ", "d")
    without = T.mark_cost("a", "”", " ", "-")
    assert with_quote is not None and without is not None and with_quote < without
    assert T.mark_cost("a", "\u2001", " ", "-") is None  # never an em quad


def test_explanation_names_the_table_and_scores() -> None:
    steps = [s for s in textrepair.explain("so 鈥渕ore鈥?frequent").steps if s.stage == "repair"]
    rules = " ".join(s.rule for s in steps)
    assert "typography table" in rules and "'” '" in rules


def test_chinese_context_is_left_to_the_lattice() -> None:
    from textrepair.repair.kinds import LAYER_OF

    assert list(T.typography_candidates("中文鈥?中文", LAYER_OF["utf8_as_gbk"])) == []


def test_lone_lead_pair_with_common_continuation_is_repaired() -> None:
    # 攔 (94 72) is a common-looking character: the core must still hold it
    assert textrepair.repair("of the Library)鈥攔ather than a") == "of the Library)—rather than a"
