"""Console progress lines of long waits: one per period, from what the looks read."""

from __future__ import annotations

import threading
import time

import pytest
from conftest import U1

from HubTaskLibrary.keywords.timeline import (
    ProgressPrinter,
    _Job,
    keyword_label,
    progress_line,
)
from HubTaskLibrary.report.records import TaskSpan, WaitRecord, WaitRecorder


def test_line_names_task_state_progress_and_elapsed_of_timeout():
    spans = [
        TaskSpan(U1, "sync", "running", progress="Downloading Artifacts 3/10"),
        TaskSpan("x", "other", "waiting"),
        TaskSpan("y", "done", "completed"),
    ]
    line = progress_line(spans, 20.2, 60, "sync of 'community'")
    assert line == (
        "HubTaskLibrary: 20 s of 60 s waiting for sync of 'community': sync running, "
        "Downloading Artifacts 3/10 (and 1 more unfinished)"
    )
    assert "\n" not in line


def running(name: str) -> WaitRecorder:
    recorder = WaitRecorder(WaitRecord(id=name, keyword="k", started=time.time()))
    recorder.looked([{"pulp_href": f"/t/{U1}/", "name": name, "state": "running"}])
    return recorder


def job(name: str, started: float = 1000.0) -> _Job:
    recorder = running(name)
    recorder.record.started = started
    return _Job(recorder, 5.0, name)


def test_printer_writes_once_per_period():
    # The schedule, step by step at given times (no thread, no wall clock).
    lines: list[str] = []
    printer = ProgressPrinter(lines.append, every=0.5)
    long = job("long")
    assert printer.step(long, 1000.2) == pytest.approx(0.3) and lines == []
    assert printer.step(long, 1000.5) == pytest.approx(0.5)
    assert printer.step(long, 1000.7) == pytest.approx(0.3)  # not due: nothing written
    assert printer.step(long, 1001.0) == pytest.approx(0.5)
    assert len(lines) == 2
    # The first line of a wait begins a console line of its own.
    assert lines[0] == "\nHubTaskLibrary: 0 s of 5 s waiting for long: long running"
    assert lines[1] == "HubTaskLibrary: 1 s of 5 s waiting for long: long running"
    # A late wake-up writes the line that was due, then the next is due at once.
    assert printer.step(long, 1002.1) == pytest.approx(-0.1)  # the 1.5 s line
    assert printer.step(long, 1002.1) == pytest.approx(0.4)  # the 2.0 s line
    assert len(lines) == 4


def test_the_next_wait_counts_from_its_own_start_and_a_short_one_prints_nothing():
    lines: list[str] = []
    printer = ProgressPrinter(lines.append, every=0.5)
    short = job("short", started=1000.0)
    assert printer.step(short, 1000.2) > 0  # stopped before its first line
    nxt = job("next", started=1000.2)
    assert printer.step(nxt, 1000.5) == pytest.approx(0.2)  # 0.3 s into it: nothing
    printer.step(nxt, 1000.7)
    assert len(lines) == 1 and "waiting for next: next running" in lines[0]


def test_printer_thread_writes_and_stops_at_once():
    # The thread runs the steps above on real time: a line comes on its own,
    # none after stop() (a line is written holding the lock stop() takes).
    written = threading.Event()
    lines: list[str] = []

    def write(line: str) -> None:
        lines.append(line)
        written.set()

    printer = ProgressPrinter(write, every=0.05)
    printer.start(running("long"), 5.0, "long")
    assert written.wait(10)
    printer.stop()
    count = len(lines)
    time.sleep(0.2)
    assert len(lines) == count
    assert lines[0].startswith("\nHubTaskLibrary: ") and lines[0].endswith("long running")


def test_keyword_names_read_as_in_robot():
    assert keyword_label("wait_for_all_tasks") == "Wait For All Tasks"
    assert keyword_label("Get Task UI Link") == "Get Task UI Link"


def test_the_closing_read_fills_in_ends_a_hub_wide_wait_never_read():
    from HubTaskLibrary.keywords.timeline import RunSummary
    from HubTaskLibrary.report.records import TaskSpan

    run = RunSummary()
    record = WaitRecord(id="w", keyword="Wait For All Tasks", started=10.0, returned=14.0)
    record.tasks[U1] = TaskSpan(U1, "imp", "completed", None, 9.0, 9.5, None, vanished=13.0)
    run.records.append(record)
    run.fill_in([TaskSpan(U1, "imp", "completed", None, 9.0, 9.5, 12.25)])
    span = record.tasks[U1]
    assert (span.running_s, record.overhead) == (2.75, 1.75)
    run.fill_in([TaskSpan(U1, "imp", "failed", None, 9.0, 9.5, 99.0)])  # first end stays
    assert span.finished == 12.25
