"""The CLI on corpus files: formats, compression, workers, sharding, errors, atomicity."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import peak_rss_mb
from textrepair import apply_steps
from textrepair.cli import main
from textrepair.corpus.files import InputFile, shard
from textrepair.corpus.text import TextChunk, text_chunks

DAMAGED = ["标题：鐢ㄦ埛鐧诲綍鎴愬姛", "ÄãºÃ£¬ÊÀ½ç", "今天天气很好。", "第二行,正常!"]
FIXED = ["标题：用户登录成功", "你好，世界", "今天天气很好。", "第二行，正常！"]


def run(argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    inp = io.StringIO(stdin) if stdin is not None else None
    code = main(argv, stdout=out, stderr=err, stdin=inp)
    return code, out.getvalue(), err.getvalue()


def jsonl_bytes(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def records(n: int = 8, key: str = "text") -> list[dict[str, Any]]:
    return [{"id": i, key: DAMAGED[i % 4], "meta": {"url": f"http://x/{i}"}} for i in range(n)]


def read_jsonl(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]


def texts(data: bytes, key: str = "text") -> list[str]:
    return [r[key] for r in read_jsonl(data)]


def hidden(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    p = tmp_path / "c.jsonl"
    p.write_bytes(jsonl_bytes(records()))
    return p


# ---- JSON lines ----

def test_jsonl_fields_and_bytes_kept(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    lines = ['{"id":1,"text":"ÄãºÃ","n":1.50,"z":[1E400]}\n',   # changed: spliced in place
             '{"text": "\\u4eca\\u5929\\u5929\\u6c14\\u5f88\\u597d\\u3002", "id": 2}\n',  # clean
             "\n",                                                  # blank lines pass
             '{"b": 0, "text": "\\u00c4\\u00e3\\u00ba\\u00c3", "a": null}']  # no final newline
    p.write_text("".join(lines), encoding="utf-8")
    code, out, err = run(["fix", str(p)])
    assert (code, err) == (0, "")
    assert out.splitlines(keepends=True) == [
        '{"id":1,"text":"你好","n":1.50,"z":[1E400]}\n',
        lines[1], "\n",
        '{"b": 0, "text": "你好", "a": null}']


def test_jsonl_text_key_and_hint(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_bytes(jsonl_bytes(records(4, key="content")))
    code, out, _ = run(["fix", "--text-key", "content", str(p)])
    assert code == 0 and texts(out.encode(), "content") == FIXED
    code, _, err = run(["fix", str(p)])
    assert code == 2
    assert f"{p}:1: record has no 'text' field" in err and "--text-key content" in err


def test_gzip_and_zstd_mirror_compression(tmp_path: Path, corpus: Path) -> None:
    zstd = pytest.importorskip("zstandard")
    data = corpus.read_bytes()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl.gz").write_bytes(gzip.compress(data))
    (tmp_path / "in" / "b.json.gz").write_bytes(gzip.compress(data))
    (tmp_path / "in" / "sub").mkdir()
    (tmp_path / "in" / "sub" / "c.jsonl.zst").write_bytes(zstd.ZstdCompressor().compress(data))
    (tmp_path / "in" / "d.ndjson").write_bytes(data)
    out = tmp_path / "out"
    assert run(["fix", str(tmp_path / "in"), "-o", str(out)])[0] == 0
    gz_a = (out / "a.jsonl.gz").read_bytes()
    gz_b = (out / "b.json.gz").read_bytes()
    zs = (out / "sub" / "c.jsonl.zst").read_bytes()
    assert gz_a[:2] == gz_b[:2] == b"\x1f\x8b" and zs[:4] == b"\x28\xb5\x2f\xfd"
    plain = (out / "d.ndjson").read_bytes()
    assert texts(plain) == FIXED * 2
    assert gzip.decompress(gz_a) == gzip.decompress(gz_b) == plain
    reader = zstd.ZstdDecompressor().stream_reader(io.BytesIO(zs), read_across_frames=True)
    assert reader.read() == plain


def test_output_file_name_decides_compression(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "o.jsonl.gz"
    assert run(["fix", str(corpus), "-o", str(target)])[0] == 0
    assert texts(gzip.decompress(target.read_bytes())) == FIXED * 2
    mask = os.umask(0o22)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600


def test_stdin_jsonl_and_gzip_stdin(corpus: Path) -> None:
    code, out, _ = run(["fix", "--format", "jsonl", "-"], stdin=corpus.read_text("utf-8"))
    assert code == 0 and texts(out.encode()) == FIXED * 2
    # gzip on standard input: bytes, through a binary buffer as sys.stdin has one
    gz = gzip.compress(corpus.read_bytes())
    assert gz[:2] == b"\x1f\x8b"
    stdin = io.TextIOWrapper(io.BytesIO(gz), encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["fix", "--format", "jsonl", "-"], stdout=stdout, stderr=stderr, stdin=stdin)
    assert (code, stderr.getvalue()) == (0, "")
    assert texts(stdout.getvalue().encode()) == FIXED * 2


def test_lone_surrogates_do_not_crash(tmp_path: Path) -> None:
    p = tmp_path / "s.jsonl"
    p.write_text('{"text": "\\ud800ÄãºÃ", "x": "\\udfff"}\n{"text": "a\\ud83d"}\n',
                 encoding="utf-8")
    code, out, err = run(["fix", str(p)])
    assert (code, err) == (0, "")
    assert out.splitlines() == ['{"text": "\\ud800你好", "x": "\\udfff"}', '{"text": "a\\ud83d"}']
    assert run(["check", str(p)])[0] == 1
    assert run(["fix", "--diff", str(p)])[0] == 0


def test_ten_megabyte_line(tmp_path: Path) -> None:
    p = tmp_path / "long.jsonl"
    text = ("今天天气很好。" * 500 + "\n") * 1000  # 10.5 MB of UTF-8
    p.write_text(json.dumps({"text": text + "ÄãºÃ"}, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, _ = run(["fix", "--repair-only", str(p)])
    assert code == 0
    assert json.loads(out)["text"] == text + "你好"


# ---- Parquet ----

def parquet_file(path: Path, values: list[str | None], compression: str = "zstd") -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"id": list(range(len(values))), "text": values,
                      "score": [0.5] * len(values)})
    table = table.replace_schema_metadata({"origin": "crawl-7"})
    pq.write_table(table, path, compression=compression)


def test_parquet_fix_keeps_columns_metadata_and_codec(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "p.parquet"
    parquet_file(src, DAMAGED)
    out = tmp_path / "out.parquet"
    code, _, err = run(["fix", str(src), "-o", str(out), "--keep-original", "raw",
                        "--annotate=notes"])
    assert (code, err) == (0, "")
    f = pq.ParquetFile(out)
    rows = f.read().to_pylist()
    assert [r["text"] for r in rows] == FIXED
    assert [r["raw"] for r in rows] == DAMAGED
    assert [r["id"] for r in rows] == [0, 1, 2, 3] and rows[0]["score"] == 0.5
    assert json.loads(rows[1]["notes"])["kinds"] == {"gbk_as_latin1": 1}
    assert f.schema_arrow.metadata[b"origin"] == b"crawl-7"
    assert f.metadata.row_group(0).column(0).compression == "ZSTD"


def test_parquet_null_text_on_error(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "p.parquet"
    parquet_file(src, ["ÄãºÃ", None, "ÄãºÃ"])
    before = src.read_bytes()
    code, _, err = run(["fix", "--in-place", str(src)])
    assert code == 2 and f"{src}:row 2: the 'text' column is null" in err
    assert src.read_bytes() == before and hidden(tmp_path) == []
    assert run(["fix", "--in-place", "--on-error", "keep", str(src)])[0] == 3
    assert pq.read_table(src).column("text").to_pylist() == ["你好", None, "你好"]
    assert run(["fix", "--in-place", "--on-error", "skip", str(src)])[0] == 3
    assert pq.read_table(src).column("id").to_pylist() == [0, 2]


def test_parquet_check_and_wrong_column(tmp_path: Path) -> None:
    src = tmp_path / "p.parquet"
    parquet_file(src, DAMAGED)
    code, out, _ = run(["check", str(src)])
    assert code == 1 and out.splitlines()[0] == f"{src}:1:4: utf8_as_gbk: 鐢ㄦ埛鐧诲綍鎴愬姛"
    code, _, err = run(["check", "--text-key", "content", str(src)])
    assert code == 2 and "no 'content' column; use --text-key text" in err


def test_missing_extras_say_what_to_install(tmp_path: Path, corpus: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "p.parquet").write_bytes(b"PAR1")
    (tmp_path / "z.jsonl.zst").write_bytes(b"\x28\xb5\x2f\xfd" + b"\0" * 8)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    monkeypatch.setitem(sys.modules, "zstandard", None)
    code, _, err = run(["fix", str(tmp_path / "p.parquet"), "-o", str(tmp_path / "o")])
    assert code == 2 and 'pip install "textrepair[parquet]"' in err
    code, _, err = run(["fix", str(tmp_path / "z.jsonl.zst")])
    assert code == 2 and 'pip install "textrepair[zstd]"' in err


# ---- text, directories, globs ----

def test_directory_and_glob_inputs(tmp_path: Path) -> None:
    d = tmp_path / "crawl"
    (d / "a" / "b").mkdir(parents=True)
    (d / "a" / "b" / "page.txt").write_text("ÄãºÃ", encoding="utf-8")
    (d / "a" / "x.jsonl").write_bytes(jsonl_bytes(records(4)))
    (d / "image.png").write_bytes(b"\x89PNG\0\0")       # unknown extension: ignored
    (d / ".hidden.jsonl").write_bytes(b"not json\n")     # hidden: ignored
    out = tmp_path / "out"
    code, _, err = run(["fix", str(d), "-o", str(out)])
    assert (code, err) == (0, "")
    assert (out / "a" / "b" / "page.txt").read_text("utf-8") == "你好"
    assert texts((out / "a" / "x.jsonl").read_bytes()) == FIXED
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == [
        "a", "a/b", "a/b/page.txt", "a/x.jsonl"]
    out2 = tmp_path / "out2"
    assert run(["fix", f"{d}/**/*.txt", "-o", str(out2)])[0] == 0
    assert (out2 / "a" / "b" / "page.txt").read_text("utf-8") == "你好"
    code, _, err = run(["fix", f"{d}/*.nothing"])
    assert code == 2 and "no files match" in err


def test_large_text_is_cut_into_blocks_at_line_ends() -> None:
    lines = [f"第{i}行，ÄãºÃ\n" for i in range(300)]
    data = "".join(lines).encode("gb18030")
    enc, chunks = text_chunks(io.BytesIO(data), "t.txt", None, whole_max=1000, block_chars=400)
    blocks = list(chunks)
    assert enc == "gb18030" and len(blocks) > 5
    assert "".join(b.text for b in blocks) == data.decode("gb18030")
    assert all(b.text.endswith("\n") for b in blocks)
    assert [b.first_line for b in blocks] == [
        1 + sum(x.text.count("\n") for x in blocks[:i]) for i in range(len(blocks))]
    small = list(text_chunks(io.BytesIO(data), "t.txt", None)[1])
    assert small == [TextChunk(1, data.decode("gb18030"), len(data), transcoded=True)]


def test_annotate_and_keep_original_need_records(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("ÄãºÃ", encoding="utf-8")
    code, _, err = run(["fix", str(p), "--annotate"])
    assert code == 2 and "need JSONL or Parquet" in err


# ---- bad input ----

def test_binary_file_names_the_file(tmp_path: Path, corpus: Path) -> None:
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    out = tmp_path / "out"
    code, _, err = run(["fix", str(binary), str(corpus), "-o", str(out)])
    assert code == 2 and f"{binary}: looks like a binary file" in err
    stats = tmp_path / "stats.json"
    code, _, err = run(["fix", str(binary), str(corpus), "-o", str(out), "--on-error", "skip",
                        "--stats", str(stats)])
    assert code == 3 and "file skipped" in err
    s = json.loads(stats.read_text("utf-8"))
    assert (s["files"], s["files_failed"], s["files_written"], s["errors"]) == (2, 1, 1, 1)
    assert s["documents"] == 8
    assert texts((out / "c.jsonl").read_bytes()) == FIXED * 2
    assert not (out / "blob.txt").exists()


def test_truncated_gzip_leaves_original(tmp_path: Path, corpus: Path) -> None:
    p = tmp_path / "t.jsonl.gz"
    whole = gzip.compress(corpus.read_bytes() * 50)
    p.write_bytes(whole[: len(whole) // 2])
    before = p.read_bytes()
    code, _, err = run(["fix", "--in-place", str(p)])
    assert code == 2 and f"{p}: truncated gzip file" in err
    assert p.read_bytes() == before and hidden(tmp_path) == []


def test_truncated_zstd_is_noticed(tmp_path: Path, corpus: Path) -> None:
    zstd = pytest.importorskip("zstandard")
    p = tmp_path / "t.jsonl.zst"
    whole = zstd.ZstdCompressor().compress(corpus.read_bytes() * 50)
    p.write_bytes(whole[:-5])
    code, _, err = run(["check", str(p)])
    assert code == 2 and f"{p}: truncated zstd file" in err


def test_invalid_json_line_and_on_error(tmp_path: Path, corpus: Path) -> None:
    lines = corpus.read_bytes().splitlines(keepends=True)
    lines.insert(2, b'{"id": 99, "text": "bad"\n')
    lines.insert(4, b"[1, 2]\n")
    lines.insert(5, b'{"text": "\xff\xfe"}\n')
    p = tmp_path / "bad.jsonl"
    p.write_bytes(b"".join(lines))
    before = p.read_bytes()

    code, _, err = run(["fix", "--in-place", str(p)])
    assert code == 2
    assert f"{p}:3: invalid JSON (Expecting ',' delimiter at column 26)" in err
    assert p.read_bytes() == before and hidden(tmp_path) == []

    stats = tmp_path / "stats.json"
    code, out, err = run(["fix", str(p), "--on-error", "keep", "--stats", str(stats)])
    assert code == 3
    assert f"{p}:5: a JSON array, not an object" in err
    assert f"{p}:6: not valid UTF-8 at byte 11" in err
    got = io.BytesIO(out.encode("utf-8")).read().splitlines(keepends=True)
    assert got[2] == lines[2] and got[4] == lines[4] and len(got) == len(lines)
    s = json.loads(stats.read_text("utf-8"))
    assert (s["errors"], s["kept"], s["skipped"], s["exit_code"]) == (3, 3, 0, 3)

    code, out, _ = run(["fix", str(p), "--on-error", "skip", "-q"])
    assert code == 3 and texts(out.encode()) == FIXED * 2


def test_unreadable_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["fix", str(tmp_path / "missing.jsonl")])
    assert code == 2 and "missing.jsonl: no such file" in err
    link = tmp_path / "dangling.jsonl"
    link.symlink_to(tmp_path / "nowhere")
    code, _, err = run(["check", str(link)])
    assert code == 2 and "dangling.jsonl: no such file" in err

    import textrepair.corpus.streams as cio

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    p = tmp_path / "x.jsonl"
    p.write_text('{"text": "a"}\n', encoding="utf-8")
    monkeypatch.setattr(cio, "open", denied, raising=False)
    code, _, err = run(["fix", str(p)])
    assert code == 2 and f"{p}: permission denied" in err


def test_exit_codes(tmp_path: Path, corpus: Path) -> None:
    clean = tmp_path / "clean.jsonl"
    clean.write_bytes(jsonl_bytes([{"text": "今天天气很好。"}]))
    assert run(["check", str(clean)])[0] == 0
    assert run(["check", str(corpus)])[0] == 1
    assert run(["fix", str(corpus), "--rank", "2", "--world-size", "2"])[0] == 2
    assert run(["fix", str(corpus), "--keep-original", "text"])[0] == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(corpus.read_bytes() + b"{oops\n")
    assert run(["check", str(bad)])[0] == 2
    assert run(["check", str(bad), "--on-error", "skip"])[0] == 3


# ---- workers, sharding, outputs ----

def test_workers_keep_order_and_bytes(tmp_path: Path) -> None:
    recs = [{"id": i, "text": DAMAGED[i % 4] * (1 + i % 3)} for i in range(400)]
    p = tmp_path / "w.jsonl.gz"
    p.write_bytes(gzip.compress(jsonl_bytes(recs)))
    outs = []
    for j in ("1", "2"):
        out = tmp_path / f"out{j}"
        stats = tmp_path / f"s{j}.json"
        code, _, err = run(["fix", str(p), "-o", f"{out}/", "-j", j, "--chunk-bytes", "2000",
                            "--stats", str(stats)])
        assert (code, err) == (0, "")
        outs.append((out / "w.jsonl.gz").read_bytes())
        s = json.loads(stats.read_text("utf-8"))
        assert s["documents"] == 400 and s["workers"] == int(j)
    assert outs[0] == outs[1]
    got = read_jsonl(gzip.decompress(outs[1]))
    assert [r["id"] for r in got] == list(range(400))
    assert [r["text"] for r in got] == [FIXED[i % 4] * (1 + i % 3) for i in range(400)]


def test_rank_and_world_size_shard_sorted_files(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for name in "edcba":
        (d / f"{name}.jsonl").write_bytes(jsonl_bytes([{"text": f"{name}ÄãºÃ"}]))
    seen = []
    for rank in (0, 1):
        out = tmp_path / f"out{rank}"
        assert run(["fix", str(d), "-o", str(out), "--rank", str(rank),
                    "--world-size", "2"])[0] == 0
        seen.append(sorted(p.name for p in out.iterdir()))
    assert seen == [["a.jsonl", "c.jsonl", "e.jsonl"], ["b.jsonl", "d.jsonl"]]
    files = [InputFile(str(d / f"{n}.jsonl"), Path(n), False) for n in "edcba"]
    assert [Path(f.path).stem for f in shard(files, 1, 3)] == ["b", "e"]


def test_stats_keep_original_and_annotate(tmp_path: Path, corpus: Path) -> None:
    stats = tmp_path / "stats.json"
    out = tmp_path / "o.jsonl"
    code, _, _ = run(["fix", str(corpus), "-o", str(out), "--keep-original", "raw",
                      "--annotate", "--stats", str(stats)])
    assert code == 0
    got = read_jsonl(out.read_bytes())
    assert [r["text"] for r in got] == FIXED * 2 and [r["raw"] for r in got] == DAMAGED * 2
    assert list(got[0]) == ["id", "text", "meta", "raw", "textrepair"]
    for r in got:
        steps = r["textrepair"]["steps"]
        assert r["textrepair"]["changed"] == (r["raw"] != r["text"])
        from textrepair.explain import Step
        assert apply_steps(r["raw"], [Step(**s) for s in steps]) == r["text"]
    s = json.loads(stats.read_text("utf-8"))
    assert s["documents"] == 8 and s["changed"] == 6 and s["damaged"] == 4
    assert s["kinds"] == {"gbk_as_latin1": 2, "punctuation": 4, "utf8_as_gbk": 2}
    assert s["errors"] == 0 and s["bytes_in"] == corpus.stat().st_size
    assert s["bytes_out"] == out.stat().st_size and s["files"] == s["files_written"] == 1


def test_annotate_with_field_name(corpus: Path, tmp_path: Path) -> None:
    code, out, _ = run(["fix", str(corpus), "--annotate=meta2"])
    assert code == 0 and read_jsonl(out.encode())[0]["meta2"]["kinds"] == {"utf8_as_gbk": 1}
    other = tmp_path / "d.jsonl"
    other.write_bytes(corpus.read_bytes())
    code, _, err = run(["fix", "--annotate", str(corpus), str(other)])
    assert code == 2 and "write --annotate=FIELD" in err


def test_output_that_is_a_file(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "d.jsonl"
    other.write_bytes(corpus.read_bytes())
    code, _, err = run(["fix", str(corpus), str(other), "-o", str(other)])
    assert code == 2 and "need an output directory" in err


def test_diff_prints_and_writes_nothing(tmp_path: Path, corpus: Path) -> None:
    before = corpus.read_bytes()
    code, out, _ = run(["fix", "--diff", str(corpus)])
    assert code == 0 and corpus.read_bytes() == before
    assert out.splitlines()[:5] == [f"--- {corpus}:1", f"+++ {corpus}:1 (fixed)", "@@ -1 +1 @@",
                                    f"-{DAMAGED[0]}", f"+{FIXED[0]}"]
    page = tmp_path / "page.txt"
    page.write_text("一\n二\n三\n四\n五\nÄãºÃ\n", encoding="utf-8")
    code, out, _ = run(["fix", "--diff", str(page)])
    assert out.splitlines() == [f"--- {page}", f"+++ {page} (fixed)", "@@ -3,4 +3,4 @@",
                                " 三", " 四", " 五", "-ÄãºÃ", "+你好"]
    assert run(["fix", "--diff", "--in-place", str(page)])[0] == 2


def test_parquet_diff(tmp_path: Path) -> None:
    src = tmp_path / "p.parquet"
    parquet_file(src, DAMAGED)
    before = src.read_bytes()
    code, out, _ = run(["fix", "--diff", str(src)])
    assert code == 0 and src.read_bytes() == before and len(list(tmp_path.iterdir())) == 1
    assert out.splitlines()[:5] == [f"--- {src}:row 1", f"+++ {src}:row 1 (fixed)",
                                    "@@ -1 +1 @@", f"-{DAMAGED[0]}", f"+{FIXED[0]}"]
    assert [x for x in out.splitlines() if x.startswith("---")] == [
        f"--- {src}:row {i}" for i in (1, 2, 4)]


def test_in_place_unchanged_file_is_not_rewritten(tmp_path: Path) -> None:
    p = tmp_path / "clean.jsonl.gz"
    p.write_bytes(gzip.compress(jsonl_bytes([{"text": "今天天气很好。"}])))
    before = (p.stat().st_ino, p.read_bytes())
    assert run(["fix", "--in-place", str(p)])[0] == 0
    assert (p.stat().st_ino, p.read_bytes()) == before and hidden(tmp_path) == []


def test_progress_line_only_when_asked(corpus: Path) -> None:
    code, _, err = run(["fix", str(corpus)])
    assert code == 0 and err == ""
    code, _, err = run(["fix", str(corpus), "--progress"])
    assert code == 0 and "8 docs" in err and "docs/s" in err and "MB/s" in err
    assert "4 damaged" in err and err.endswith("\n")


#: Runs the CLI, then prints the process's own peak RSS (VmHWM starts afresh at
#: exec; wait4's ru_maxrss would include the forking pytest process's).
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_streaming_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    line = jsonl_bytes([{"text": "abc", "pad": "x" * 4000}])
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    small.write_bytes(line)
    big.write_bytes(line * (40_000_000 // len(line)))  # 40 MB
    base = peak_rss_mb(["fix", str(small), "-o", str(tmp_path / "o1.jsonl")], timeout=300)
    peak = peak_rss_mb(["fix", str(big), "-o", str(tmp_path / "o2.jsonl")], timeout=300)
    assert (tmp_path / "o2.jsonl").stat().st_size == big.stat().st_size
    assert peak - base < 20, (base, peak)


def test_ordered_map_bounds_chunks_in_flight() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from textrepair.corpus.run import ordered_map

    read = 0

    def items() -> Any:
        nonlocal read
        for i in range(100):
            read += 1
            yield i, i

    ahead = []
    with ThreadPoolExecutor(2) as pool:
        out = []
        for b, r in ordered_map(lambda a: a * 2, items(), pool, window=4):
            ahead.append(read - len(out))
            out.append((b, r))
    assert out == [(i, 2 * i) for i in range(100)]
    assert max(ahead) <= 4


# ---- no data loss ----

def kill_mid_way(tmp_path: Path, sig: int, workers: str) -> tuple[int, bytes, bytes]:
    """Start ``fix --in-place big.jsonl``, send ``sig`` once output is being
    written, return (exit status, the file before, the file after)."""
    p = tmp_path / "big.jsonl"
    recs = [{"id": i, "text": (DAMAGED[i % 4] + "。") * 40} for i in range(8000)]
    p.write_bytes(jsonl_bytes(recs))
    before = p.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "textrepair", "fix", "--in-place", "-j",
                             workers, "--chunk-bytes", "65536", str(p)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            tmp = [x for x in tmp_path.iterdir() if x.name.startswith(".big.jsonl.")]
            if tmp and tmp[0].stat().st_size > 100_000:
                break
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.02)
        else:
            pytest.fail("no output was written within 120 s")
        assert proc.poll() is None, "finished before it could be killed"
        os.kill(proc.pid, sig)
    finally:
        proc.wait(timeout=60)
        if proc.stderr:
            proc.stderr.close()
    return proc.returncode, before, p.read_bytes()


def test_sigkill_in_place_leaves_original(tmp_path: Path) -> None:
    code, before, after = kill_mid_way(tmp_path, signal.SIGKILL, "1")
    assert code == -signal.SIGKILL
    assert after == before
    assert [x.name for x in tmp_path.iterdir() if not x.name.startswith(".")] == ["big.jsonl"]


def test_sigterm_in_place_cleans_up(tmp_path: Path) -> None:
    code, before, after = kill_mid_way(tmp_path, signal.SIGTERM, "2")
    assert code == 130
    assert after == before
    assert [x.name for x in tmp_path.iterdir()] == ["big.jsonl"]
