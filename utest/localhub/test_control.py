"""`hubtask hub restart` / `kill`: which processes, clear errors, a real SIGKILL."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from HubTaskLibrary.localhub import cli, control
from HubTaskLibrary.localhub.errors import HubStepError
from HubTaskLibrary.localhub.manager import LocalHub
from HubTaskLibrary.localhub.processes import PidFiles, process_start_time, start_detached
from HubTaskLibrary.localhub.state import HubConfig


@pytest.mark.parametrize(
    ("service", "names"),
    [
        ("api", ["api"]),
        ("content", ["content"]),
        ("workers", ["worker-1", "worker-2"]),
        ("worker-2", ["worker-2"]),
        ("postgres", []),
        ("all", ["api", "content", "worker-1", "worker-2"]),
    ],
)
def test_services_of_each_kind(service: str, names: list[str]) -> None:
    assert control.services_of(service, 2) == names


@pytest.mark.parametrize(
    ("service", "text"),
    [
        ("worker-3", "the hub has 2 workers: give worker-1 .. worker-2, not worker-3"),
        ("worker-0", "not worker-0"),
        ("db", "unknown service 'db': give one of api, content, workers, worker-N, postgres, all"),
    ],
)
def test_bad_service_is_one_clear_line(service: str, text: str) -> None:
    with pytest.raises(HubStepError) as info:
        control.services_of(service, 2)
    assert text in info.value.one_line()
    assert "\n" not in info.value.one_line()


def test_restart_without_a_hub_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["hub", "restart", "api", "--state-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no hub set up in" in err and "hubtask hub up" in err
    assert err.count("\n") == 1


def test_kill_of_a_stopped_worker_says_how_to_start_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    HubConfig(port=1, workers=2).save(tmp_path / "hub.json")
    assert cli.main(["hub", "kill", "worker-1", "--state-dir", str(tmp_path)]) == 1
    assert "worker-1 is not running (start it: `hubtask hub restart worker-1`)" in (
        capsys.readouterr().err
    )


def test_kill_sigkills_the_worker_and_its_children(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    HubConfig(port=1, workers=2).save(tmp_path / "hub.json")
    hub = LocalHub(tmp_path, say=None)
    hub.paths.ensure()
    # A "worker" that ignores SIGTERM and has a child (the forked task process).
    code = (
        "import signal, subprocess, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']);"
        "print(child.pid, flush=True); time.sleep(60)"
    )
    log = tmp_path / "logs" / "worker-1.log"
    pid = start_detached([sys.executable, "-c", code], log, {}, tmp_path)
    PidFiles(hub.paths.run).write("worker-1", pid)
    deadline = time.monotonic() + 10
    while not log.read_text().strip().splitlines()[-1].isdigit():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child = int(log.read_text().strip().splitlines()[-1])
    assert cli.main(["hub", "kill", "worker-1", "--json", "--state-dir", str(tmp_path)]) == 0
    assert f'"old": {pid}, "new": null' in capsys.readouterr().out
    assert process_start_time(pid) is None
    deadline = time.monotonic() + 5
    while process_start_time(child) is not None:
        assert time.monotonic() < deadline, "the task process outlived its worker"
        time.sleep(0.05)
    assert PidFiles(hub.paths.run).read("worker-1") is None
    assert control.worker_for_pid(hub, pid) is None


def test_report_line_reads_well() -> None:
    report = control.RestartReport("postgres", 2.345, {"postgres": (10, 11)}, ["worker-1"])
    assert report.line() == (
        "restarted postgres in 2.3 s (postgres pid 10 -> 11); started again with it: worker-1"
    )
    assert control.RestartReport("worker-1", 0.1, {"worker-1": (7, None)}).line("killed") == (
        "killed worker-1 in 0.1 s (worker-1 pid 7 -> gone)"
    )
