"""Console progress lines of long waits: one per period, from what the looks read."""

from __future__ import annotations

import re
import time

from conftest import U1

from HubTaskLibrary.keywords.timeline import ProgressPrinter, keyword_label, progress_line
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


def test_printer_writes_once_per_period_and_stops_at_once():
    lines: list[str] = []
    printer = ProgressPrinter(lines.append, every=0.5)
    printer.start(running("long"), 5.0, "long")
    time.sleep(1.25)  # lines due at 0.5 s and 1.0 s
    printer.stop()
    count = len(lines)
    time.sleep(0.6)
    assert count == 2 and len(lines) == 2
    # The first line of a wait begins a console line of its own.
    assert lines[0].startswith("\n") and not lines[1].startswith("\n")
    assert re.fullmatch(r"\nHubTaskLibrary: [01] s of 5 s waiting for long: long running", lines[0])


def test_the_next_wait_counts_from_its_own_start_and_a_short_one_prints_nothing():
    lines: list[str] = []
    printer = ProgressPrinter(lines.append, every=0.5)
    printer.start(running("short"), 5.0, "short")
    time.sleep(0.2)
    printer.stop()
    printer.start(running("next"), 5.0, "next")
    time.sleep(0.75)  # one line due at 0.5 s of this wait
    printer.stop()
    time.sleep(0.3)
    assert len(lines) == 1 and "waiting for next: next running" in lines[0]


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
