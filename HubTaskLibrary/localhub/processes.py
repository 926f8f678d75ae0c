"""Detached hub processes tracked by PID files, and free loopback ports.

A PID file holds the PID *and* the process start time read from /proc, so that
after a machine stop a recycled PID belonging to some unrelated process is never
taken for ours (and never signalled).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .state import write_atomic


def process_start_time(pid: int, proc: Path = Path("/proc")) -> int | None:
    """Start time of ``pid`` in clock ticks since boot, or None if it does not exist."""
    try:
        stat = (proc / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The command name (field 2) is in parentheses and may hold spaces: split after it.
    rest = stat[stat.rindex(")") + 2 :].split()
    # Fields after the name start at field 3 (state); starttime is field 22.
    if rest[0] == "Z":  # a zombie has exited already
        return None
    return int(rest[22 - 3])


@dataclass
class PidRecord:
    name: str
    pid: int
    start_time: int | None
    # The command line it was started with: a changed one means "restart it".
    argv: list[str] | None = None

    def alive(self, proc: Path = Path("/proc")) -> bool:
        """True only if the very process we started still runs."""
        now = process_start_time(self.pid, proc)
        return now is not None and (self.start_time is None or now == self.start_time)


class PidFiles:
    """One ``<name>.pid`` JSON file per started process in the run folder."""

    def __init__(self, folder: Path, proc: Path = Path("/proc")) -> None:
        self.folder = folder
        self.proc = proc

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.pid"

    def write(self, name: str, pid: int, argv: Sequence[str] | None = None) -> PidRecord:
        record = PidRecord(
            name, pid, process_start_time(pid, self.proc), list(argv) if argv else None
        )
        data = {"pid": pid, "start_time": record.start_time, "argv": record.argv}
        write_atomic(self.path(name), json.dumps(data) + "\n")
        return record

    def read(self, name: str) -> PidRecord | None:
        try:
            data = json.loads(self.path(name).read_text())
            return PidRecord(name, int(data["pid"]), data.get("start_time"), data.get("argv"))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def names(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.pid"))

    def running(self, name: str) -> PidRecord | None:
        """The record if its process still runs; a stale file is removed."""
        record = self.read(name)
        if record is None or not record.alive(self.proc):
            self.remove(name)
            return None
        return record

    def remove(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)


def start_detached(
    argv: Sequence[str],
    log: Path,
    env: Mapping[str, str],
    cwd: Path,
    user: str | None = None,
) -> int:
    """Start ``argv`` in a session of its own, output appended to ``log``.

    A new session means the process survives the CLI that started it and gets its
    own process group, which ``stop`` signals so helper children go too.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        out.write(f"\n=== {time.strftime('%F %T')} start: {' '.join(argv)}\n".encode())
        out.flush()
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=dict(env),
            cwd=str(cwd),
            start_new_session=True,
            user=user,
        )
    return proc.pid


def _signal(record: PidRecord, sig: int) -> None:
    # Signal the whole group (our processes lead their own session) when we still
    # lead it; fall back to the single PID otherwise.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.getpgid(record.pid) == record.pid:
            os.killpg(record.pid, sig)
            return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(record.pid, sig)


def _reap(pid: int) -> None:
    # Children we started in this very process turn into zombies until reaped.
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def stop_processes(
    records: Iterable[PidRecord],
    grace: float = 10.0,
    term_signal: int = signal.SIGTERM,
    first: Mapping[int, int] | None = None,
) -> list[str]:
    """``term_signal`` (or ``first[pid]``) to all at once, wait up to ``grace``
    seconds, SIGKILL what is left, wait. Returns the names that had to be killed.
    """
    records = [r for r in records if r.alive()]
    for record in records:
        _signal(record, (first or {}).get(record.pid, term_signal))
    killed: list[str] = []
    deadline = time.monotonic() + grace
    while records and time.monotonic() < deadline:
        for r in records:
            _reap(r.pid)
        records = [r for r in records if r.alive()]
        if records:
            time.sleep(0.05)
    for record in records:
        killed.append(record.name)
        _signal(record, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while records and time.monotonic() < deadline:
        for r in records:
            _reap(r.pid)
        records = [r for r in records if r.alive()]
        if records:
            time.sleep(0.05)
    return killed


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(preferred: int = 0, avoid: Iterable[int] = (), host: str = "127.0.0.1") -> int:
    """``preferred`` when it is free (and not in ``avoid``), else one the kernel picks."""
    avoid = set(avoid)
    if preferred and preferred not in avoid and port_is_free(preferred, host):
        return preferred
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            port = int(sock.getsockname()[1])
        if port not in avoid:
            return port
    raise RuntimeError("no free loopback port found")


def port_answers(port: int, host: str = "127.0.0.1", timeout: float = 0.2) -> bool:
    """True when something accepts TCP connections on the port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
