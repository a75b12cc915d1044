"""Damage the repair stage cannot undo is not normalized (issue 14): every span
``detect()`` reports in the repaired text comes out of ``clean()`` unchanged,
``explain()`` lists it as kept (when normalizing changes the text), and
``detect(clean(x))`` still finds it."""

from __future__ import annotations

import gzip
import random

import textrepair
from conftest import load_jsonl, need_shared
from textrepair.config import make_config
from textrepair.normalize.rules import normalize_text

CFG = make_config("corpus")


def spans_kept(text: str) -> tuple[int, int, int, int]:
    """(spans, spans changed by clean(), spans normalization would change if
    they were not kept, spans detect(clean(x)) no longer finds) for the damage
    ``detect()`` finds in ``repair(text)``."""
    repaired = textrepair.repair(text)
    # injected pinyin is found by detect() and removed by clean(): not damage to keep
    found = sorted((f for f in textrepair.detect(repaired) if f.kind != "pinyin_injection"),
                   key=lambda f: (f.start, f.end))
    if not found:
        return 0, 0, 0, 0
    ex = textrepair.explain(text)
    assert ex.text == textrepair.clean(text)
    bare = normalize_text(repaired, CFG, explain=False).text
    if bare == repaired:  # nothing to normalize (a line with kana): nothing kept from it
        assert ex.findings == () and ex.text == repaired
        return len(found), 0, 0, 0
    if [f.kind for f in ex.findings] != [f.kind for f in found]:
        # clean() took a second round (api.MAX_ROUNDS): t2s changed the context
        # and a repair was made in the normalized text; its kept spans are not
        # those of repair(text).  Counted as not found again.
        return len(found), 0, 0, len(found)
    changed = would = lost = 0
    after = textrepair.detect(ex.text)
    for f, k in zip(found, ex.findings, strict=True):
        assert "kept" in k.detail and k.kind == f.kind
        changed += ex.text[k.start:k.end] != repaired[f.start:f.end]
        # still found: a finding of detect(clean(x)) overlaps it
        lost += not any(a.start < k.end and k.start < a.end for a in after)
        if len(bare) == len(repaired):
            would += bare[f.start:f.end] != repaired[f.start:f.end]
    return len(found), changed, would, lost


def test_generated_partial_damage_is_kept() -> None:
    # traditional sentences with ASCII commas, followed by one read as GBK with
    # errors="replace" and with characters lost: what repair() leaves of it
    path = need_shared() / "running" / "zh_hant_tatoeba_cmn_sentences.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        lines = [ln for ln in f.read().splitlines() if 8 <= len(ln) <= 40][:3000]
    rng = random.Random(0)
    total = changed = would = lost = 0
    for _ in range(300):
        a, b = rng.choice(lines), rng.choice(lines)
        moj = b.encode("utf-8").decode("gbk", errors="replace")
        moj = "".join(c for c in moj if rng.random() > 0.15)
        n, c, w, x = spans_kept(a.replace("，", ",") + moj + rng.choice(["", ",", "!", " 好"]))
        total, changed, would, lost = total + n, changed + c, would + w, lost + x
    print(f"spans {total}, changed {changed}, t2s would change {would}, not found again {lost}")
    assert total > 100  # the repair stage leaves damage in these texts ...
    assert would > 0    # ... which t2s would otherwise rewrite (鐨 → 皑)
    assert changed == 0
    # Known shortfall (issue 14): detect(clean(x)) finds again all but 29 of
    # 541 kept spans (5.4%): for those, t2s changed the neighbourhood and the
    # search decides otherwise, or clean() took a second round.  Held there.
    assert lost * 100 <= total * 6


def test_real_cases_keep_their_unrepaired_damage() -> None:
    root = need_shared() / "mojibake"
    total = changed = 0
    for name in ("real-cases.jsonl", "real-cases-2.jsonl"):
        for case in load_jsonl(root / name):
            text = case.get("damaged") or case.get("mojibake")
            n, c, _, _ = spans_kept(text)
            total, changed = total + n, changed + c
    assert changed == 0


def test_searched_flag_matches_a_fresh_search() -> None:
    """``repair_searched`` says the text was searched and nothing judged only
    when ``findings`` would find the same without its own repair pass: on
    traditional text with rare characters (the common case of clean()'s
    damage check), on text with holes and on a page whose search the budget
    cuts (the flag must then be False)."""
    from textrepair.repair import lattice
    from textrepair.repair.pipeline import findings, repair_searched

    texts = ["裏面的東西，錄音時唔好講嘢。", "誤用的\ufffd況，鐢ㄦ埛登录",
             "國務院外辦主任在北京會見了他們。", "鈥攖he 鈥? here", "clean ascii text"]
    flagged = 0
    for text in texts:
        out, steps, searched = repair_searched(text, CFG)
        if searched:
            flagged += 1
            assert out == text and steps == []
            assert findings(text, CFG, searched=True) == findings(text, CFG)
    assert flagged >= 2
    # 一个 read by CPython's gbk: only the lost-byte lattice repairs it, and
    # with no budget its search is cut (an unbudgeted findings() finds it)
    holed = "今天天气很好，涓\ufffd涓\ufffd我们去公园。"
    old = lattice.BUDGET_BASE, lattice.BUDGET_PER_CHAR
    try:
        lattice.BUDGET_BASE, lattice.BUDGET_PER_CHAR = 0, 0
        _, steps, searched = repair_searched(holed, CFG)
        assert steps == [] and not searched
    finally:
        lattice.BUDGET_BASE, lattice.BUDGET_PER_CHAR = old
