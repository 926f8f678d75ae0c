"""PID files (stale ones too), stopping processes, loopback ports."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

from HubTaskLibrary.localhub.processes import (
    PidFiles,
    PidRecord,
    free_port,
    port_answers,
    port_is_free,
    process_start_time,
    start_detached,
    stop_processes,
)


def fake_proc(root: Path, pid: int, start_time: int, state: str = "S") -> None:
    """A /proc/<pid>/stat line as the kernel writes it (name with spaces and parens)."""
    folder = root / str(pid)
    folder.mkdir(parents=True, exist_ok=True)
    fields = [state] + ["0"] * 18 + [str(start_time)] + ["0"] * 20
    (folder / "stat").write_text(f"{pid} (gunicorn: (x) y) {' '.join(fields)}\n")


def test_start_time_is_read_after_an_odd_command_name(tmp_path: Path) -> None:
    fake_proc(tmp_path, 42, 123456)
    assert process_start_time(42, tmp_path) == 123456
    assert process_start_time(43, tmp_path) is None
    fake_proc(tmp_path, 44, 7, state="Z")
    assert process_start_time(44, tmp_path) is None  # a zombie has exited


def test_real_process_start_time() -> None:
    assert isinstance(process_start_time(__import__("os").getpid()), int)


def test_stale_pid_file_is_removed(tmp_path: Path) -> None:
    proc = tmp_path / "proc"
    fake_proc(proc, 100, 5000)
    pids = PidFiles(tmp_path / "run", proc)
    pids.write("api", 100)
    assert pids.running("api") == PidRecord("api", 100, 5000)
    # After a machine stop the PID is gone ...
    (proc / "100" / "stat").unlink()
    assert pids.running("api") is None
    assert not pids.path("api").exists()


def test_recycled_pid_is_not_ours(tmp_path: Path) -> None:
    proc = tmp_path / "proc"
    fake_proc(proc, 100, 5000)
    pids = PidFiles(tmp_path / "run", proc)
    pids.write("worker-1", 100)
    fake_proc(proc, 100, 9999)  # same PID, another process (other start time)
    assert pids.running("worker-1") is None


def test_garbage_pid_file_reads_as_none(tmp_path: Path) -> None:
    pids = PidFiles(tmp_path)
    pids.path("api").write_text("not json")
    assert pids.read("api") is None
    assert pids.running("api") is None
    assert pids.names() == []


def test_start_detached_and_stop(tmp_path: Path) -> None:
    log = tmp_path / "logs" / "sleeper.log"
    argv = [sys.executable, "-c", "import time; print('hello', flush=True); time.sleep(60)"]
    pid = start_detached(argv, log, {"PATH": "/usr/bin:/bin"}, tmp_path)
    pids = PidFiles(tmp_path / "run")
    record = pids.write("sleeper", pid)
    assert record.alive()
    deadline = time.monotonic() + 10
    while "hello" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "hello" in log.read_text()
    assert stop_processes([record], grace=5) == []
    assert not record.alive()


def test_stop_kills_what_ignores_sigterm(tmp_path: Path) -> None:
    code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
    pid = start_detached([sys.executable, "-c", code], tmp_path / "x.log", {}, tmp_path)
    record = PidFiles(tmp_path).write("stubborn", pid)
    time.sleep(0.3)  # let it install the handler
    assert stop_processes([record], grace=0.5) == ["stubborn"]
    assert not record.alive()


def test_ports() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        taken = sock.getsockname()[1]
        assert not port_is_free(taken)
        assert port_answers(taken)
        other = free_port(preferred=taken)
        assert other != taken and port_is_free(other)
        assert free_port(preferred=other, avoid={other}) != other
    assert free_port(preferred=taken) == taken  # free again
