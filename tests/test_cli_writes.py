"""Writes that never replace what they should not: symbolic links, devices,
FIFOs, output errors, workers that end with their parent, stale temporaries,
an output directory inside the input, the readable part of a truncated file.

Device nodes are made inside ``tmp_path`` when the tests run as root (which may
create them), so that a regression replaces a node of the test, never the
system's ``/dev/null`` or ``/dev/full``; other users cannot rename over ``/dev``
entries, and use those.
"""

from __future__ import annotations

import errno
import fcntl
import gzip
import io
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from textrepair.cli import main

DAMAGED = ["标题：鐢ㄦ埛鐧诲綍鎴愬姛", "ÄãºÃ£¬ÊÀ½ç", "今天天气很好。", "第二行,正常!"]
FIXED = ["标题：用户登录成功", "你好，世界", "今天天气很好。", "第二行，正常！"]
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux /proc")


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def cli(*argv: str, stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "textrepair", *argv], stdout=stdout,
                          stderr=subprocess.PIPE, timeout=120, check=False)


def jsonl(n: int, repeat: int = 1) -> bytes:
    return "".join(json.dumps({"id": i, "text": DAMAGED[i % 4] * repeat}, ensure_ascii=False)
                   + "\n" for i in range(n)).encode("utf-8")


def texts(data: bytes) -> list[str]:
    return [json.loads(x)["text"] for x in data.decode("utf-8").splitlines() if x.strip()]


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device like /dev/null (minor 3) or /dev/full (minor 7)."""
    if os.geteuid() != 0:
        return Path(f"/dev/{name}")
    node = tmp_path / name
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return node


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# ---- symbolic links ----

def test_in_place_writes_through_a_symlink(tmp_path: Path) -> None:
    elsewhere = tmp_path / "data"
    elsewhere.mkdir()
    real = elsewhere / "page.txt"
    real.write_text("ÄãºÃ\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(os.path.relpath(real, tmp_path))
    assert run(["fix", "--in-place", str(link)])[0] == 0
    assert link.is_symlink() and os.readlink(link) == "data/page.txt"
    assert real.read_text("utf-8") == "你好\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == leftovers(elsewhere) == []


def test_output_through_symlinks_and_a_dangling_one(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(4))
    real = tmp_path / "sub" / "out.jsonl"
    real.parent.mkdir()
    real.write_bytes(b"old\n")
    chain = tmp_path / "b"
    chain.symlink_to(real)
    link = tmp_path / "a.jsonl"
    link.symlink_to(chain)  # a.jsonl -> b -> sub/out.jsonl
    assert run(["fix", str(src), "-o", str(link)])[0] == 0
    assert link.is_symlink() and chain.is_symlink()
    assert texts(real.read_bytes()) == FIXED
    dangling = tmp_path / "new.jsonl"
    dangling.symlink_to(tmp_path / "sub" / "created.jsonl")
    assert run(["fix", str(src), "-o", str(dangling)])[0] == 0
    assert dangling.is_symlink() and texts((tmp_path / "sub" / "created.jsonl").read_bytes())
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    code, _, err = run(["fix", str(src), "-o", str(loop)])
    assert code == 2 and "too many symbolic links" in one_line_error(err)


# ---- devices, FIFOs, sockets ----

def test_devices_are_written_not_replaced(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(4))
    null, full = device(tmp_path, "null", 3), device(tmp_path, "full", 7)
    assert run(["fix", str(src), "-o", str(null), "--stats", str(null)])[0] == 0
    code, _, err = run(["fix", str(src), "-o", str(full)])
    assert code == 2 and one_line_error(err) == f"textrepair: error: {full}: cannot write " \
                                               "(the disk is full)"
    code, _, err = run(["fix", str(src), "-o", str(null), "--stats", str(full)])
    assert code == 2 and "disk is full" in one_line_error(err)
    for node in (null, full):
        assert stat.S_ISCHR(node.stat().st_mode), node
    assert leftovers(tmp_path) == []


def test_disk_full_and_stdout_errors_in_a_real_process(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(4))
    full = device(tmp_path, "full", 7)
    proc = cli("fix", str(src), "-o", str(full))
    assert proc.returncode == 2 and "disk is full" in one_line_error(proc.stderr.decode())
    with open(full, "wb") as out:
        proc = cli("fix", str(src), stdout=out)
    assert proc.returncode == 2
    assert one_line_error(proc.stderr.decode()) == ("textrepair: error: standard output: "
                                                    "cannot write (the disk is full)")
    assert stat.S_ISCHR(full.stat().st_mode)


@linux
def test_dev_stdout_appends_where_the_shell_said(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("ÄãºÃ\n", encoding="utf-8")
    log = tmp_path / "log.txt"
    log.write_text("first\n", encoding="utf-8")
    with open(log, "ab") as out:  # the shell's >>
        proc = cli("fix", str(src), "-o", "/dev/stdout", stdout=out)
    assert proc.returncode == 0, proc.stderr
    assert log.read_text("utf-8") == "first\n你好\n" and not log.is_symlink()


def test_fifo_is_streamed(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(400))
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert run(["fix", str(src), "-o", str(fifo)])[0] == 0
    reader.join(30)
    assert texts(got[0]) == FIXED * 100 and stat.S_ISFIFO(fifo.stat().st_mode)
    code, _, err = run(["fix", "--in-place", str(fifo)])
    assert code == 2 and "is a FIFO; --in-place rewrites regular files" in err


def test_refused_targets(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(4))
    sock = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(sock))
        code, _, err = run(["fix", str(src), "-o", str(sock)])
        assert code == 2 and "is a socket; refusing to write to it" in err
        code, _, err = run(["fix", str(src), "-o", str(tmp_path / "out.jsonl"),
                            "--stats", str(sock)])
        assert code == 2 and not (tmp_path / "out.jsonl").exists()  # refused before the run
    code, _, err = run(["fix", str(src), "--stats", str(tmp_path)])
    assert code == 2 and "is a directory" in one_line_error(err)
    if os.geteuid() == 0:
        blk = tmp_path / "blk"
        os.mknod(blk, 0o600 | stat.S_IFBLK, os.makedev(7, 0))
        code, _, err = run(["fix", str(src), "-o", str(blk)])
        assert code == 2 and "is a block device; refusing" in err
        assert stat.S_ISBLK(blk.lstat().st_mode)


# ---- output errors: one line, exit 2, nothing replaced ----

def test_output_errors_are_one_line_and_exit_2(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(4))
    (tmp_path / "afile").write_text("x")
    code, _, err = run(["fix", str(src), "-o", str(tmp_path / "afile" / "out.jsonl")])
    assert code == 2 and "a part of the path is a file, not a directory" in one_line_error(err)
    before = src.read_bytes()

    def enospc(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", enospc)
    code, _, err = run(["fix", "--in-place", str(src)])
    assert code == 2 and one_line_error(err) == f"textrepair: error: {src}: cannot write " \
                                               "(the disk is full)"
    assert src.read_bytes() == before and leftovers(tmp_path) == []
    monkeypatch.undo()

    import tempfile

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    code, _, err = run(["fix", "--in-place", str(src)])
    assert code == 2 and "permission denied" in one_line_error(err)
    assert src.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_directory(tmp_path: Path) -> None:  # pragma: no cover - not root
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(4))
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    proc = cli("fix", str(src), "-o", str(locked / "o.jsonl"))
    assert proc.returncode == 2 and "permission denied" in one_line_error(proc.stderr.decode())


# ---- workers end with their parent; stale temporaries are removed ----

def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(c) for c in (task / "children").read_text().split()]
    return out


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@linux
def test_workers_end_with_a_killed_parent_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    src.write_bytes(jsonl(6000, repeat=10))
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "textrepair", "fix", str(src), "-o", f"{out}/",
                             "-j", "2", "--chunk-bytes", "65536"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    try:
        while time.monotonic() < deadline:
            workers = children(proc.pid)
            if len(workers) >= 2 and out.is_dir() and leftovers(out):
                break
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.05)
        else:
            pytest.fail("no workers and no output within 120 s")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        if proc.stderr:
            proc.stderr.close()
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if alive(w)], "workers outlived their parent"
    stale = leftovers(out)
    assert len(stale) == 1 and ".textrepair-" in stale[0]
    # the next run removes it, and says so; a file someone holds locked (a
    # running writer) and names that are not ours stay
    held = out / ".other.jsonl.textrepair-abcdefgh.tmp"
    held.write_bytes(b"in use")
    foreign = [out / ".big.jsonl.abcdefgh.tmp", out / "big.jsonl.textrepair-abcdefgh.tmp"]
    for p in foreign:
        p.write_bytes(b"not ours")
    small = tmp_path / "small.jsonl"
    small.write_bytes(jsonl(4))
    with open(held, "rb") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        code, _, err = run(["fix", str(small), "-o", f"{out}/"])
    assert code == 0, err
    assert f"removed {out / stale[0]}, a temporary file left by an interrupted run" in err
    assert sorted(leftovers(out)) == sorted([held.name, foreign[0].name, foreign[1].name])


# ---- an output directory inside the input ----

def test_output_directory_inside_the_input_is_not_read(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    (crawl / "a").mkdir(parents=True)
    (crawl / "a" / "x.jsonl").write_bytes(jsonl(4))
    out = crawl / "fixed"
    for _ in range(2):
        code, _, err = run(["fix", str(crawl), "-o", str(out)])
        assert code == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == ["a", "a/x.jsonl"]
    assert f"{out} is inside an input directory; the 1 files in it were not read" in err
    code, _, _ = run(["fix", f"{crawl}/**/*.jsonl", "-o", str(out)])
    assert code == 0 and not (out / "fixed").exists()


# ---- the readable part of a truncated file ----

def test_truncated_gzip_keeps_its_readable_part(tmp_path: Path) -> None:
    data = jsonl(4000)
    whole = gzip.compress(data)
    src = tmp_path / "t.jsonl.gz"
    src.write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "o.jsonl.gz"
    stats = tmp_path / "s.json"
    code, _, err = run(["fix", str(src), "-o", str(out), "--on-error", "keep", "--stats",
                        str(stats)])
    assert code == 3
    assert f"{src}: truncated gzip file" in err and "its readable part (" in err
    got = gzip.decompress(out.read_bytes()).decode("utf-8").splitlines()
    prefix = zlib.decompressobj(31).decompress(src.read_bytes())  # all that can be read
    assert len(prefix) < len(data)
    lines = prefix.decode("utf-8", "replace").splitlines()
    assert len(got) == len(lines) > 100  # every readable line is there, the cut one as read
    assert [json.loads(x)["text"] for x in got[:-1]] == [FIXED[i % 4] for i in range(len(got) - 1)]
    s = json.loads(stats.read_text("utf-8"))
    assert s["errors"] >= 1 and s["files_written"] == 1
    # skip: nothing is written; stop: the original stays
    assert run(["fix", str(src), "-o", str(tmp_path / "n.jsonl.gz"), "--on-error", "skip"])[0] == 3
    assert not (tmp_path / "n.jsonl.gz").exists()
