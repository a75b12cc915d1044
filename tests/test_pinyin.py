"""Injected pinyin annotations, decided one by one (issue 13): removed when
the annotation is the converter's, kept when anything says reading lesson."""

from __future__ import annotations

from pathlib import Path

import pytest

import textrepair
from textrepair.pinyin import find_annotations

LEGITIMATE = Path(__file__).resolve().parent.parent / "fixtures" / "pinyin" / "legitimate.txt"


def legitimate_texts() -> list[str]:
    lines = LEGITIMATE.read_text(encoding="utf-8").splitlines()
    return [ln for ln in lines if ln and not ln.startswith("#")]


@pytest.mark.parametrize(("damaged", "cleaned"), [
    ("國務(wù)院外辦主任", "国务院外办主任"),
    ("據(jù)新華社北京１月１９日電", "据新华社北京1月19日电"),
    ("建設(shè)性的重要會晤", "建设性的重要会晤"),
    ("夕陽西下幾時(shí)回?", "夕阳西下几时回？"),
])
def test_one_annotation_in_a_one_line_record_is_enough(damaged: str, cleaned: str) -> None:
    assert textrepair.clean(damaged) == cleaned


def test_the_document_lifts_weak_signs() -> None:
    # 區 alone between 、 and ) is a list item; on a page full of the artifact it goes
    page = "縣(市、區(qū))人民政府" + "數(shù)據(jù)產(chǎn)業(yè)發(fā)展規(guī)劃"
    keep = {"target": "keep", "punctuation": False}
    assert textrepair.clean(page, **keep) == "縣(市、區)人民政府數據產業發展規劃"
    assert textrepair.clean("縣(市、區(qū))人民政府", **keep) == "縣(市、區(qū))人民政府"


def test_annotations_that_are_no_reading_stay() -> None:
    text = "數(shù)字經(jīng)濟發展(fā) (note) 和(hello)"
    assert textrepair.clean(text, target="keep") == "數字經濟發展(fā) (note) 和(hello)"


def test_a_teachers_annotation_keeps_its_line() -> None:
    text = "數(shù)字經(jīng)濟，行(háng)業"
    assert textrepair.clean(text, target="keep") == text


@pytest.mark.parametrize("text", legitimate_texts())
def test_legitimate_pinyin_is_kept(text: str) -> None:
    assert textrepair.repair(text) == text
    assert not [a for a in find_annotations(text) if a.injected]
    assert not [f for f in textrepair.detect(text) if f.kind.startswith("pinyin")]


def test_explanation_names_the_reading_and_the_evidence() -> None:
    steps = [s for s in textrepair.explain("南湖區(qū)搶占").steps if s.kind == "pinyin_injection"]
    assert [(s.before, s.after) for s in steps] == [("(qū)", "")]
    assert "qū is the first reading of 區" in steps[0].rule
    assert "running text" in steps[0].rule


def test_detect_reports_each_annotation_with_its_span() -> None:
    text = "國務(wù)院外辦主任"
    found = [f for f in textrepair.detect(text) if f.kind == "pinyin_injection"]
    assert [(f.start, f.end, f.repairable) for f in found] == [(2, 6, True)]
    assert not [f for f in textrepair.detect(text, remove_pinyin=False)
                if f.kind == "pinyin_injection"]


def test_line_start_of_clean_text_is_no_m3_site() -> None:
    # zuozhuan.txt: a rare first character (繻, 趡, 鍼) re-read one byte late
    # "realigns" on an ASCII letter; without the annotation whose trail byte
    # the shift overwrote, the line start is no converter site
    from textrepair.repair.converter import sites

    lines = ("在繻葛双方交战。郑庄公命", "乃邾仪父盟于趡，寻蔑之盟也。", "栾鍼见到子重的旌旗，请求")
    for line in lines:
        text = f"伍弥补偏的空隙?\n{line}\n"
        assert sites(text) == [], line
        assert textrepair.repair(text) == text


@pytest.mark.parametrize(("damaged", "cleaned"), [
    # real mirror pages (real-cases-2.jsonl): 。 = A1A3, its trail byte and the
    # next lead replaced by ; (A3BB) and ! (A3A1); 。 was not among the options
    # of A1 the search priced (a dictionary's counts have no punctuation)
    ("本地效應(yīng)和溢出效應(yīng)?;貧w結(jié)果顯示", "本地效应和溢出效应。回归结果显示"),
    ("大數(shù)據(jù)時代已經(jīng)到來?!蛾P(guān)于加強中國特色新型智庫建設(shè)的意見》提出",
     "大数据时代已经到来。《关于加强中国特色新型智库建设的意见》提出"),
])
def test_m2_site_restores_the_full_stop(damaged: str, cleaned: str) -> None:
    assert textrepair.clean(damaged) == cleaned


@pytest.mark.parametrize(("damaged", "cleaned"), [
    # records in which the converter annotated nothing: its byte-wise
    # punctuation replacement (。」 = A1 [A3 A1] B9 -> A1 ! B9) is a site all
    # the same, found by the shifted run after clean text
    ("我赤身露體,我便藏了?挂?腿A說:「誰告訴你赤身露體呢?",
     "我赤身露体，我便藏了。」耶和华说：「谁告诉你赤身露体呢？"),
    ("舟要分上、中、下三層?茨?我要使洪水泛濫在地上,",
     "舟要分上、中、下三层。看哪，我要使洪水泛滥在地上，"),
])
def test_m2_site_without_annotations(damaged: str, cleaned: str) -> None:
    assert textrepair.clean(damaged) == cleaned


@pytest.mark.parametrize(("damaged", "cleaned"), [
    # 。現 = A1 [A3 AC] 46: the comma swallowed, and the ASCII trail byte F is
    # followed by the character's own annotation, which names it
    ("約瑟,就是你們所賣到埃及的?F(xiàn)在,不要因為把我賣到這里自憂自恨。",
     "约瑟，就是你们所卖到埃及的。现在，不要因为把我卖到这里自忧自恨。"),
    # 」這 = A1B9 DF40: the shifted run realigns on @, a trail byte too
    ("日,不要悲哀哭泣?惯@是因為眾民聽見律法書上的話都哭了;",
     "日，不要悲哀哭泣。」这是因为众民听见律法书上的话都哭了；"),
    # 得福。看 = B5C3 B8 [A3 A1] [A3 BF] B4: the first mark swallowed, the
    # second '?' kept (a reading of the '?' as a hole alone dropped 福)
    ("他們的數(shù)目:你的,為要叫你得??茨?天和天上的天,地和地上所有的,都屬耶和華―你的神。",
     "他们的数目：你的，为要叫你得福。看哪，天和天上的天，地和地上所有的，都属耶和华―你的神。"),
])
def test_m2_sites_the_shifted_run_shows(damaged: str, cleaned: str) -> None:
    assert textrepair.clean(damaged) == cleaned


@pytest.mark.parametrize("text", [
    # a random clean text: ``??`` after an ideographic space read as 保护
    ")\u3000??:經上?->,)了の上中:對{……",
    # ``??`` between Han characters in a record without annotations is no M2
    # site by itself (a reading of it was tried: 空中的保护,飞鸟 and the like
    # on 272 of 4,680 train records with a ``??`` inserted)
    "起初神创造天地。空中的??飞鸟也A要带七公七母",
    "窗户也敞开了，四??十昼夜[降大雨在地上。",
])
def test_two_question_marks_are_no_m2_site_by_themselves(text: str) -> None:
    assert textrepair.repair(text) == text


def test_m2_reading_of_other_mojibake_must_read_as_text() -> None:
    # UTF-8 read as Big5 (Windows cp950): a '?' every few characters; an M2
    # reading of one of them gained over the mojibake and stayed mojibake (。矿吗)
    text = ("憭批振?賜\uf352暻血??喋?\uefdc??\ue4cf熄鈭\ue395偌?\uefdb\ue527?\uf114??臬\uf17b?"
            "\uf5fa\uf357?\uefd9??\ue56d?鈭\uf24b??\ue9b6??\uf2e7?\uefdc\uef96?\ue87f迂?舐??\uf110?"
            "\uefd8鼠憟對??\ue56d?撠踵雯?")
    assert textrepair.repair(text) == text


def test_a_lost_last_byte_is_priced_with_the_end_of_the_text() -> None:
    # 的。 ends a record; 的～ does not: without the end of the text the two tied
    from textrepair.repair import converter
    (site,) = converter.sites("罰太重,過于我所能當(dāng)?shù)摹?")
    assert site.after == "的。"


@pytest.mark.parametrize(("damaged", "cleaned"), [
    # sentences written for this test, converted by benchmarks/pinyin_converter.py
    # (consume / replace decoder); each failed before the change it names.
    # 敗壞 (94A1 89C4): the two characters an unassigned pair hid are ranked
    # by their simplified forms (the model's vocabulary is simplified)
    ("凡有血?dú)獾娜硕紨?牧诵袨椤?", "凡有血气的人都败坏了行为。"),
    # the swallowed mark decides only the first character after 。: one read
    ("你可以走了?褂谑抢先朔愿廊藢?啿?m和他妻子送走。",
     "你可以走了。」于是老人吩咐人将亚伯兰和他妻子送走。"),
    # 洪水泛 (1,412 options of the pair): the left context chooses 32 of them
    ("那年夏天?樗?簽E在地上四十天。", "那年夏天。洪水泛滥在地上四十天。"),
    ("那年夏天?:樗?簽E在地上四十天。", "那年夏天。洪水泛滥在地上四十天。"),
    # ?? = two unassigned pairs in a row (A5|93, FA|C4): a Chain of 3 characters
    ("老人說:「你們?nèi)??銈兊膿?影?」", "老人说：「你们去担你们的担子吧！」"),
    ("老人說:「你們?(nèi)??銈兊膿?影?!」", "老人说：「你们去担你们的担子吧！」"),
    # ?? then a reading: an unassigned pair, then 當 whose trail byte was lost
    ("他必?fù)??dāng)自己的罪。", "他必担当自己的罪。"),
    ("他必?(fù)??(dāng)自己的罪。", "他必担当自己的罪。"),
    # 。縣 = A1A3 BF68: A3BF replaced by '?', and 縣's trail byte is ASCII
    ("數(shù)據(jù)很好?h長說明天再來(lái)。", "数据很好。县长说明天再来。"),
    ("數(shù)據(jù)很好??h長說明天再來(lái)。", "数据很好。县长说明天再来。"),
    # the text's only '?' follows an annotation (當(dāng)?shù)): still a sign of a site
    ("車輛丟失的,車主應(yīng)當(dāng)?shù)降怯洐C(jī)關(guān)辦理注銷手續。",
     "车辆丢失的，车主应当到登记机关办理注销手续。"),
    # 真個 = D5E6 8280: 鎮 = E6|82 annotated; 80, read alone, is the '?'
    ("他真?zhèn)?不知道這件事。", "他真个不知道这件事。"),
    ("他真?(zhèn)?不知道這件事。", "他真个不知道这件事。"),
    # the last '?' ends the text: a lone lead with the mark it swallowed is
    # priced with the end of the text (措施； ends a record, 措施 seldom does)
    ("工廠應(yīng)當(dāng)給予補(bǔ)償?shù)却胧?", "工厂应当给予补偿等措施；"),
    # M2 inside an M1 run: 的。” = B5C4 A1[A3 A1]B1, read on after the '!'
    ("這些都是少爺?shù)摹!彼?犃撕芨吲d。", "这些都是少爷的。”他听了很高兴。"),
    ("這些都是少爺?(shù)摹!彼?犃撕芨吲d。", "这些都是少爷的。”他听了很高兴。"),
    # M3 (the seed's line 14, generated with pinyin_converter.shift_window):
    # 。 A1 written before the line and 對's lead 8C make an unassigned pair
    ("我們在這里工作。\n?Σ环?弦(guī)定的，不予辦理。",
     "我们在这里工作。\n对不符合规定的，不予办理。"),
    ("今天的會議結(jié)束。\n?τ诎(fā)展的問題，大家都說了。",
     "今天的会议结束。\n对于发展的问题，大家都说了。"),
    # two marks: 福。” = B8 [A3 A1] [A3 A1] B1, the first '!' swallowed with
    # 福's lead (consume) or kept (replace); 祝。” dropped 福 before
    ("我們都要祝?!彼?f:“好的。", "我们都要祝福。”他说：“好的。"),
    ("我們都要祝?!!彼?f:“好的。", "我们都要祝福。”他说：“好的。"),
    # the last trail byte is lost: 」 closes the 「 the text opened, ” closes nothing
    ("摩西說:「你們要發(fā)展,剪除他??", "摩西说：「你们要发展，剪除他。」"),
    ("摩西說:「你們要發(fā)展,剪除他?!?", "摩西说：「你们要发展，剪除他。」"),
    # the '?' follows an annotation and marks follow it: a sign of a site
    ("告訴我父親,又要將我父親搬到我這里來(lái)?!褂谑羌s瑟伏在他兄弟的頸項上哭",
     "告诉我父亲，又要将我父亲搬到我这里来。」于是约瑟伏在他兄弟的颈项上哭"),
    # 危害管 = CE [A3 BA] A6 B9DC: the swallowed ':' was 害's lead, and the
    # unassigned pair A6|B9 hid 害's trail and 管's lead (the reading was cut
    # by the search budget, and 害管 was priced only after 的。)
    ("對違法修建的??艿腊踩?慕êB物或者其他設(shè)施。",
     "对违法修建的危害管道安全的建筑物或者其他设施。"),
    # a shorter reading is priced with the next site's bytes as one character,
    # not as their mojibake (的石灰驗 swallowed the next site to avoid its cost)
    ("只是不可忘記(jì)行善和捐輸(shū)?shù)氖?因?yàn)?wèi)這樣的祭",
     "只是不可忘记行善和捐输的事，因为这样的祭"),
    ("隨(suí)后又生了以?huà)叩男值?手抓住以?huà)叩哪_(jiǎo)跟,因此給(gěi)他起名叫雅各。",
     "随后又生了以扫的兄弟，手抓住以扫的脚跟，因此给他起名叫雅各。"),
    # M3 ending at the '?' whose reading names the character: 。 = A1A3 before
    # the line break, ‘ = A1AE is its lead and 當's (AE94)
    ("泛濫在地上。\n‘?dāng)挪亞六百歲，二月十七日", "泛滥在地上。\n当挪亚六百岁，二月十七日"),
])
def test_converter_sites_the_bytes_decide(damaged: str, cleaned: str) -> None:
    assert textrepair.clean(damaged) == cleaned


def test_a_swallowed_mark_is_a_guess_and_says_so() -> None:
    # 氣 + the comma the consuming decoder swallowed: the characters win by
    # the margin, the mark cannot (the bytes keep no trace of it)
    steps = textrepair.explain("人既屬乎血?dú)?我的靈就不永遠住在他里面").steps
    (site,) = [s for s in steps if s.kind == "pinyin_misaligned"]
    assert site.after == "氣,"
    assert "the swallowed mark is a guess" in site.rule



def test_readings_that_differ_only_in_script_do_not_compete() -> None:
    # a character that lost its trail byte, named by (dāng): 當 (AE94) and 噹
    # (878E) are both 当 to the model, which folds to simplified; they tied
    # within the margin and the site was kept.  當 is the commoner (Unihan
    # kFrequency 1, 噹 5)
    text = "他上。正?dāng)那日，亞伯拉罕遵著神的命"
    assert textrepair.repair(text) == "他上。正當(dāng)那日，亞伯拉罕遵著神的命"


def test_script_ties_and_dropped_quotes_are_explained() -> None:
    steps = textrepair.explain("他上。正?dāng)那日，亞伯拉罕遵著神的命").steps
    (site,) = [s for s in steps if s.kind == "pinyin_misaligned"]
    assert "當 over 噹" in site.rule
    steps = textrepair.explain("摩西說:「你們要發(fā)展,剪除他??").steps
    (site,) = [s for s in steps if s.kind == "pinyin_misaligned"]
    assert site.after == "。」"
    assert "closing quotes that close nothing" in site.rule


@pytest.mark.parametrize(("damaged", "cleaned"), [
    # 他 = CBFB, 她 = CBFC: the trail byte lost with the swallowed mark, the
    # model cannot tell them apart; the text speaks of her (or of him)
    ("我便對她說:『請你給我水喝?凰?图泵?募珙^上拿下瓶來(lái),說:『請喝!",
     "我便对她说：『请你给我水喝。』她就急忙从肩头上拿下瓶来，说：『请喝！"),
    ("我便對他說:『請你給我水喝?凰?图泵?募珙^上拿下瓶來(lái),說:『請喝!",
     "我便对他说：『请你给我水喝。』他就急忙从肩头上拿下瓶来，说：『请喝！"),
])
def test_a_tie_goes_to_the_characters_the_text_has(damaged: str, cleaned: str) -> None:
    assert textrepair.clean(damaged) == cleaned


def test_a_tie_nothing_in_the_text_decides_is_kept_and_reported() -> None:
    text = "我便說:『請你給我水喝?凰?图泵?募珙^上拿下瓶來(lái),說:『請喝!"
    assert "?凰?图泵" in textrepair.clean(text)
    assert any(f.kind == "pinyin_misaligned" and not f.repairable
               for f in textrepair.detect(text))


@pytest.mark.parametrize(("damaged", "cleaned"), [
    # M3 ending at a '?' that hid an unassigned pair (他's trail FB and 當's
    # lead AE), 當's trail byte overwritten: its reading names it
    ("還有我們的產(chǎn)業(yè)嗎？\nＮ覀儾皇潜凰?(dāng)作外人嗎？因為他賣了我們。",
     "还有我们的产业吗？\n我们不是被他当作外人吗？因为他卖了我们。"),
    ("他在耶和華面前受咒詛；\nＲ驗樗?(xiàn)今趕逐我，不容我在耶和華的產(chǎn)業(yè)上有分，",
     "他在耶和华面前受咒诅；\n因为他现今赶逐我，不容我在耶和华的产业上有分，"),
])
def test_m3_run_ending_at_an_unassigned_pair_before_the_reading(damaged: str,
                                                                cleaned: str) -> None:
    assert textrepair.clean(damaged) == cleaned
