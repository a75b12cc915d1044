"""What a new user meets: -V, paths after options, explain on records, the
progress line, each subcommand's help, memos trimmed in a worker that grew."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest

import textrepair
from textrepair.cli import main
from textrepair.corpus import run as corpus_run
from textrepair.corpus.progress import Progress, progress_line


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_version_short_and_long(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-V"]) == 0
    short = capsys.readouterr().out
    assert main(["--version"]) == 0
    assert short == capsys.readouterr().out == f"textrepair {textrepair.__version__}\n"


def test_paths_may_follow_options(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("ÄãºÃ", encoding="utf-8")
    b.write_text("滲杅汒隴", encoding="utf-8")
    out = tmp_path / "out"
    assert run(["fix", str(a), "-q", str(b), "-o", str(out)])[0] == 0
    assert (out / "b.txt").read_text("utf-8") == "函数声明"
    code, _, err = run(["fix", str(a), "--bogus"])
    assert code == 2 and "unrecognized arguments: --bogus" in err


def test_each_subcommand_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for cmd, want in (("fix", "--in-place"), ("check", "default: conservative"),
                      ("explain", "--text-key")):
        assert main([cmd, "--help"]) == 0
        text = capsys.readouterr().out
        assert want in text and "exit codes:" in text
    assert main(["check", "--help"]) == 0
    assert "--target" not in capsys.readouterr().out  # check does not normalize


def test_explain_reads_jsonl_as_records(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl.gz"
    lines = ['{"text": "\\u4eca\\u5929\\u5929\\u6c14\\u5f88\\u597d\\u3002"}',  # JSON escapes
             "",
             '{"id": 3, "text": "\\u00c4\\u00e3\\u00ba\\u00c3"}']  # escaped mojibake: ÄãºÃ
    p.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    code, out, _ = run(["explain", "--repair-only", str(p)])
    assert code == 0
    assert out.splitlines() == [f"{p}:3:1: gbk_as_latin1: ÄãºÃ → 你好 (cost 11.00 → 5.04) "
                                "[encode(latin-1) → decode(gbk)]"]
    code, out, _ = run(["explain", "--json", str(p)])
    assert [json.loads(x)["line"] for x in out.splitlines()] == [3]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a"}\n{"text": oops}\n', encoding="utf-8")
    code, _, err = run(["explain", str(bad)])
    assert code == 2 and f"{bad}:2: invalid JSON" in err
    plain = tmp_path / "p.txt"
    plain.write_text("第一行\n标题：鐢ㄦ埛鐧诲綍鎴愬姛\n", encoding="utf-8")
    code, out, _ = run(["explain", "--repair-only", str(plain)])
    assert out.startswith(f"{plain}:2:4: utf8_as_gbk: 鐢ㄦ埛鐧诲綍鎴愬姛 → 用户登录成功")


def test_progress_line_shows_share_and_time_left() -> None:
    assert progress_line(10, 100, 0, 0, 1.0, "", 0.5).startswith("50%  --:-- left  10 docs")
    assert progress_line(10, 100, 0, 0, 30.0, "", 0.25).startswith("25%  1:30 left")
    assert progress_line(10, 100, 0, 0, 30.0, "", 1.0).startswith("100%  10 docs")
    assert progress_line(10, 100, 0, 0, 30.0).startswith("10 docs")  # stdin: no share
    clock = iter([0.0, 0.1, 0.3, 0.35, 0.6]).__next__
    stream = io.StringIO()
    p = Progress(stream, clock=clock)
    for _ in range(4):
        p.update(1, 1, 0, 0, done=0.5)
    assert stream.getvalue().count("\r") == 3  # 0.1, 0.3, 0.6: at most every 0.2 s


def test_progress_of_a_real_run(tmp_path: Path) -> None:
    p = tmp_path / "c.jsonl.gz"
    p.write_bytes(gzip.compress(b"".join(
        json.dumps({"text": "ÄãºÃ" * 20}).encode() + b"\n" for _ in range(3000))))
    code, _, err = run(["fix", str(p), "-o", str(tmp_path / "o.jsonl.gz"), "--progress",
                        "--chunk-bytes", "20000"])
    assert code == 0
    shares = [int(x.split("%")[0].split()[-1]) for x in err.replace("\r", "\n").splitlines()
              if "%" in x]
    assert shares == sorted(shares) and shares[-1] == 100 and len(set(shares)) > 3


def test_a_worker_that_grew_empties_the_memos(monkeypatch: pytest.MonkeyPatch) -> None:
    textrepair.repair("ÄãºÃ")
    from textrepair.caches import MEMOS, TABLES

    def filled() -> int:  # memos of results (the loaded tables stay)
        return sum(m.cache_info().currsize for m in MEMOS if m not in TABLES)

    def worker(task: Any) -> Any:
        return task

    def readings(*mb: float) -> None:  # resident memory before and after the chunk
        it = iter(mb)
        monkeypatch.setattr(corpus_run, "resident_mb", lambda: next(it))

    assert filled() > 0
    top = corpus_run.MEMORY_TRIM_MB
    readings(top - 20.0, top - 1.0)  # grew, but below the bar
    assert corpus_run.work_within_memory((worker, "x")) == "x" and filled() > 0
    readings(top + 5.0, top + 5.0)  # above, but the chunk did not make it grow
    assert corpus_run.work_within_memory((worker, "x")) == "x" and filled() > 0
    readings(top - 1.0, top + 1.0)  # grew past the bar
    assert corpus_run.work_within_memory((worker, "x")) == "x" and filled() == 0
    assert textrepair.repair("ÄãºÃ") == "你好"
