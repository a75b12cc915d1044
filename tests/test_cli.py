"""The CLI, in-process through main(argv), plus one run of the installed command."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED
from textrepair.cli import main


def run(argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    inp = io.StringIO(stdin) if stdin is not None else None
    code = main(argv, stdout=out, stderr=err, stdin=inp)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    p = tmp_path / "page.txt"
    p.write_text("标题：鐢ㄦ埛鐧诲綍鎴愬姛\n第二行,正常!\n", encoding="utf-8")
    return p


def test_fix_to_stdout(damaged: Path) -> None:
    code, out, err = run(["fix", str(damaged)])
    assert (code, err) == (0, "")
    assert out == "标题：用户登录成功\n第二行，正常！\n"


def test_fix_repair_only_keeps_punctuation(damaged: Path) -> None:
    code, out, _ = run(["fix", "--repair-only", str(damaged)])
    assert code == 0
    assert out == "标题：用户登录成功\n第二行,正常!\n"


def test_fix_output_file_and_in_place(damaged: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "clean.txt"
    assert run(["fix", str(damaged), "-o", str(target)])[0] == 0
    assert target.read_text(encoding="utf-8").startswith("标题：用户登录成功")
    assert run(["fix", "--in-place", str(damaged)])[0] == 0
    assert damaged.read_text(encoding="utf-8") == target.read_text(encoding="utf-8")
    assert [p.name for p in damaged.parent.iterdir() if p.name.startswith(".")] == []


def test_fix_gbk_file_is_written_as_utf8(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes("中文网页的内容，编码是国标码。".encode("gbk"))
    code, out, _ = run(["fix", str(p)])
    assert code == 0 and out == "中文网页的内容，编码是国标码。"


def test_fix_several_inputs_to_directory(damaged: Path, tmp_path: Path) -> None:
    other = tmp_path / "b.txt"
    other.write_text("ÄãºÃ", encoding="utf-8")
    outdir = tmp_path / "cleaned"
    assert run(["fix", str(damaged), str(other), "-o", str(outdir)])[0] == 0
    assert (outdir / "b.txt").read_text(encoding="utf-8") == "你好"


def test_stdin_to_stdout() -> None:
    code, out, _ = run(["fix", "-"], stdin="滲杅汒隴")
    assert (code, out) == (0, "函数声明")


def test_check_exit_codes(damaged: Path, tmp_path: Path) -> None:
    code, out, _ = run(["check", str(damaged)])
    assert code == 1
    assert out == f"{damaged}:1:4: utf8_as_gbk: 鐢ㄦ埛鐧诲綍鎴愬姛\n"
    clean = tmp_path / "clean.txt"
    clean.write_text("今天天气很好。\n", encoding="utf-8")
    assert run(["check", str(clean)]) == (0, "", "")


def test_check_json(damaged: Path) -> None:
    import json

    code, out, _ = run(["check", "--json", str(damaged)])
    rec = json.loads(out.splitlines()[0])
    assert code == 1 and rec["kind"] == "utf8_as_gbk" and rec["line"] == 1 and rec["col"] == 4


def test_check_reports_first_seed_spot() -> None:
    code, out, _ = run(["check", str(SEED)])
    assert code == 1
    assert f"{SEED}:14:1: pinyin_misaligned: 。ㄔ瓨" in out.splitlines()


def test_explain_lists_changes(damaged: Path) -> None:
    code, out, _ = run(["explain", str(damaged)])
    assert code == 0
    lines = out.splitlines()
    expected = f"{damaged}:1:4: utf8_as_gbk: 鐢ㄦ埛鐧诲綍鎴愬姛 → 用户登录成功 (cost "
    assert lines[0].startswith(expected)
    assert any(": punctuation: , → ，" in line for line in lines)


def test_errors_name_the_file_and_exit_2(tmp_path: Path) -> None:
    code, _, err = run(["fix", str(tmp_path / "missing.txt")])
    assert code == 2 and "missing.txt: no such file" in err
    code, _, err = run(["check", str(tmp_path)])
    assert code == 2 and "is a directory" in err
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, _, err = run(["fix", str(binary)])
    assert code == 2 and "binary" in err


def test_usage_errors_exit_2() -> None:
    assert run([])[0] == 2
    assert run(["fix"])[0] == 2
    assert run(["fix", "--target", "martian", "x"])[0] == 2
    assert run(["fix", "--in-place", "-"])[0] == 2


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "textrepair fix page.txt" in capsys.readouterr().out


def test_installed_command_runs_on_seed() -> None:
    exe = shutil.which("textrepair")
    cmd = [exe] if exe else [sys.executable, "-m", "textrepair"]
    proc = subprocess.run([*cmd, "fix", str(SEED)], capture_output=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    assert "(qū)" not in out and "南湖区抢占数字经济发展" in out


def test_python_dash_m() -> None:
    proc = subprocess.run([sys.executable, "-m", "textrepair", "fix", "-"], input="ÄãºÃ".encode(),
                          capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0 and proc.stdout.decode("utf-8") == "你好"
