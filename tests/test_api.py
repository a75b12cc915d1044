"""The public API contract of issue 2."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

import textrepair
from textrepair import ConfigError, Repairer, apply_steps


def test_acceptance_examples() -> None:
    assert textrepair.repair("鐢ㄦ埛鐧诲綍鎴愬姛") == "用户登录成功"
    assert textrepair.repair("ÄãºÃ£¬ÊÀ½ç") == "你好，世界"
    assert textrepair.repair("滲杅汒隴") == "函数声明"
    assert textrepair.repair("ç®€ä½“ä¸\xadæ–‡") == "简体中文"
    seed_like = "南湖區(qū)搶占數(shù)字經(jīng)濟(jì)發(fā)展"
    assert textrepair.clean(seed_like) == "南湖区抢占数字经济发展"


def test_repair_never_converts_script_or_punctuation() -> None:
    text = "南湖區(qū)搶占數(shù)字經(jīng)濟(jì)發(fā)展,好!"
    assert textrepair.repair(text) == text


def test_unknown_option_lists_valid_ones() -> None:
    with pytest.raises(ConfigError) as err:
        textrepair.repair("x", tagret="keep")
    assert "did you mean 'target'" in str(err.value)
    assert "valid options" in str(err.value)


def test_unknown_preset_and_bad_values() -> None:
    with pytest.raises(ConfigError, match="unknown preset"):
        Repairer("corpsu")
    with pytest.raises(ConfigError, match="target"):
        textrepair.clean("x", target="zh")
    with pytest.raises(ConfigError, match="opencc_config"):
        textrepair.clean("x", opencc_config="t2x")
    with pytest.raises(ConfigError, match="True or False"):
        textrepair.clean("x", punctuation="yes")


def test_config_is_frozen_and_presets_differ() -> None:
    cfg = textrepair.make_config("traditional")
    assert cfg.target == "keep"
    with pytest.raises(AttributeError):
        cfg.target = "simplified"  # type: ignore[misc]
    assert textrepair.make_config("conservative").normalize is False
    assert textrepair.make_config(target="traditional").opencc_config == "s2t"


def test_type_error_names_decode() -> None:
    with pytest.raises(TypeError, match="decode"):
        textrepair.repair(b"abc")  # type: ignore[arg-type]


def test_repairer_pickles_and_works_after() -> None:
    r = Repairer(target="keep")
    r2 = pickle.loads(pickle.dumps(r))
    assert r2.config == r.config
    assert r2.repair("鐢ㄦ埛") == "用户"
    assert r2.clean("數(shù)據(jù)經(jīng)濟,好") == "數據經濟，好"


def test_explain_records_kind_span_scores_and_replays() -> None:
    text = "前文ÄãºÃ后文，鐢ㄦ埛鐧诲綍鎴愬姛。"
    result = textrepair.explain(text, normalize=False)
    assert result.text == "前文你好后文，用户登录成功。"
    kinds = {s.kind for s in result.steps}
    assert {"gbk_as_latin1", "utf8_as_gbk"} <= kinds
    for step in result.steps:
        assert step.cost_before is not None and step.cost_after is not None
        assert step.cost_after < step.cost_before
        assert step.rule
    assert apply_steps(text, result.steps) == result.text


def test_explain_of_clean_text_has_no_steps() -> None:
    text = "今天天气很好。"
    result = textrepair.explain(text)
    assert result.text == text and result.steps == () and not result.changed


def test_explain_normalization_steps_replay() -> None:
    text = "南湖區(qū)搶占數(shù)字經(jīng)濟(jì),好!"
    result = textrepair.explain(text)
    assert {s.stage for s in result.steps} == {"normalize"}
    assert apply_steps(text, result.steps) == result.text == "南湖区抢占数字经济，好！"


def test_detect_reports_kind_span_confidence() -> None:
    text = "正常的文字鐢ㄦ埛鐧诲綍鎴愬姛正常"
    (f,) = textrepair.detect(text)
    assert f.kind == "utf8_as_gbk"
    assert text[f.start:f.end] == "鐢ㄦ埛鐧诲綍鎴愬姛"
    assert 0.5 <= f.confidence <= 1.0
    assert f.repairable


def test_detect_reports_irrecoverable_garbage() -> None:
    text = "锟斤拷锟斤拷"
    findings = textrepair.detect(text)
    assert [f.kind for f in findings] == ["kunjinkao"]
    assert findings[0].repairable is False


def test_decode_bytes() -> None:
    assert textrepair.decode("中文测试，编码检测。".encode("gbk")) == "中文测试，编码检测。"
    assert textrepair.decode("中文測試，編碼檢測。".encode("big5")) == "中文測試，編碼檢測。"
    assert textrepair.decode("中文".encode()) == "中文"
    assert textrepair.decode(b"\xff\xfe" + "中文".encode("utf-16-le")) == "中文"


def test_decode_never_raises_on_garbage_bytes() -> None:
    for data in (b"\xff\xfe\xfd", bytes(range(256)), b"\x81", b""):
        assert isinstance(textrepair.decode(data), str)
    assert textrepair.decode_explained(b"\x81\x20\xff").lossy


def test_import_does_no_work() -> None:
    # in a fresh interpreter: importing the package (and the CLI) fills no memo,
    # loads no table and imports none of the optional or heavy dependencies
    code = (
        "import sys, textrepair, textrepair.cli\n"
        "from textrepair.caches import MEMOS\n"
        "print([m.__qualname__ for m in MEMOS if m.cache_info().currsize])\n"
        "print(sorted(m for m in ('opencc', 'ftfy', 'pyarrow', 'zstandard', 'pandas',\n"
        "                         'datatrove', 'ray', 'pyspark', 'data_juicer')\n"
        "             if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.splitlines() == ["[]", "[]"]


def test_option_values_are_validated_whatever_was_called_before() -> None:
    assert textrepair.clean("好,中", punctuation=True) == "好，中"
    with pytest.raises(ConfigError, match="must be True or False"):
        textrepair.clean("好,中", punctuation=1)


def test_presets_are_read_only() -> None:
    with pytest.raises(TypeError):
        textrepair.PRESETS["corpus"] = textrepair.Config(punctuation=False)  # type: ignore[index]
    assert textrepair.make_config("corpus") == textrepair.Config()
