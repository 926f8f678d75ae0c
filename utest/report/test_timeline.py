"""Timelines and the run summary: the wait hook, SVG, JSON/HTML, merge, progress lines."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET

import pytest
from conftest import FAST, U1, U2

from HubTaskLibrary.client.errors import TaskFailedError
from HubTaskLibrary.client.http import HubSession
from HubTaskLibrary.client.tasks import TaskService
from HubTaskLibrary.client.timing import parse_time
from HubTaskLibrary.localhub.cli import main as hubtask
from HubTaskLibrary.report import summary
from HubTaskLibrary.report.merge import merge
from HubTaskLibrary.report.records import TaskSpan, WaitRecord, WaitRecorder
from HubTaskLibrary.report.timeline import COLOURS, render_timeline

SVG = "{http://www.w3.org/2000/svg}"


def href(uuid: str) -> str:
    return f"/api/automation-hub/pulp/api/v3/tasks/{uuid}/"


@pytest.fixture
def service(hub) -> TaskService:
    session = HubSession(hub.url, username="admin", password="pw")
    svc = TaskService(session, FAST)
    yield svc
    session.close()


def recorded_wait(service: TaskService, *uuids: str, expected: str = "completed") -> WaitRecord:
    record = WaitRecord(id="t-1", keyword="Wait For Task", started=0.0)
    # The fake hub's tasks were created at 10:00:00 on its clock: now on ours.
    offset = parse_time("2024-05-01T10:00:00Z") - time.time()
    recorder = WaitRecorder(record, lambda t: t - offset, ui_link=service.ui_link)
    service.observer = recorder
    record.started = recorder._clock()
    error = ""
    try:
        service.wait(list(uuids), timeout=5, expected=expected)
    except TaskFailedError as err:
        error = str(err)
    finally:
        service.observer = None
    return recorder.finish(error)


def bars(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(f"{SVG}g[@class='task']")


def test_every_look_of_a_wait_is_recorded_without_a_request_of_its_own(hub, service):
    hub.add_task(U1, "waiting", "running", "completed", child_tasks=[href(U2)], name="imp")
    hub.add_task(U2, "running", "completed", parent_task=href(U1), name="add_and_remove")
    # The same wait by a service of its own (nothing learned from the one below).
    plain_session = HubSession(hub.url, username="admin", password="pw")
    plain_service = TaskService(plain_session, FAST)
    for task in hub.tasks.values():
        task.cid = ""
    plain_session.api_prefix  # noqa: B018 - discovery out of the count
    before = len(hub.requests)
    plain_service.wait([U1], timeout=5)
    plain = len(hub.requests) - before
    plain_session.close()
    service.session.api_prefix  # noqa: B018 - discovery out of the count
    hub.add_task(U1, "waiting", "running", "completed", child_tasks=[href(U2)], name="imp")
    hub.add_task(U2, "running", "completed", parent_task=href(U1), name="add_and_remove")
    # Both waits read by href: the fake hub would tag these with the plain
    # wait's login correlation id, which this service never sent.
    for task in hub.tasks.values():
        task.cid = ""
    before = len(hub.requests)
    record = recorded_wait(service, U1)
    assert len(hub.requests) - before == plain  # watching costs the hub nothing
    assert 2 <= len(record.looks) <= plain  # a look makes one request or two (children)
    assert [(d, s.name, s.state) for d, s in record.ordered()] == [
        (0, "imp", "completed"),
        (1, "add_and_remove", "completed"),
    ]
    span = record.tasks[U1]
    assert span.queued_s is not None and span.running_s == pytest.approx(1.2)
    assert span.seen_final is not None and span.ui.endswith(f"task/{U1}/")


def test_svg_has_one_bar_per_task_coloured_by_state_with_the_error_in_its_title(hub, service):
    hub.add_task(
        U1,
        "running",
        "failed",
        name="import_collection",
        error={"description": "No manifest found"},
    )
    record = recorded_wait(service, U1)
    assert "No manifest found" in record.error
    svg = render_timeline(record)
    assert (
        len(svg) < 3000
        and "<script" not in svg
        and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    )
    (bar,) = bars(svg)
    assert bar.get("data-state") == "failed"
    assert {r.get("fill") for r in bar.iter(f"{SVG}rect")} == {COLOURS["failed"]}
    title = bar.find(f"{SVG}title").text
    assert "import_collection - failed" in title and "error: No manifest found" in title
    looks = ET.fromstring(svg).find(f"{SVG}path[@class='looks']").get("d")
    assert looks.count("M") == len(record.looks) == 2
    assert ET.fromstring(svg).find(f"{SVG}line[@class='returned']") is not None


def test_a_task_that_drops_out_of_a_hub_wide_wait_ended_unread():
    record = WaitRecord(id="w", keyword="Wait For All Tasks", started=100.0)
    clock = iter([101.0, 102.0, 103.0])
    recorder = WaitRecorder(record, clock=lambda: next(clock))
    task = {"pulp_href": href(U1), "name": "imp", "state": "running"}
    task["pulp_created"] = "1970-01-01T00:01:40.5Z"  # 100.5
    task["started_at"] = "1970-01-01T00:01:40.7Z"
    recorder.looked([task])
    recorder.looked([])  # no longer unfinished: it ended, unread
    recorder.finish(vanished_state="completed")
    span = record.tasks[U1]
    assert (span.state, span.seen_unfinished, span.vanished, span.finished) == (
        "completed",
        101.0,
        102.0,
        None,
    )
    assert record.overhead == pytest.approx(1.0)  # returned at 103, ended by 102
    (bar,) = bars(render_timeline(record))
    assert [r.get("class") for r in bar.iter(f"{SVG}rect")] == ["queued", "running", "unread"]
    assert "ended unread between" in bar.find(f"{SVG}title").text


def test_summary_files_group_by_suite_and_test_and_list_failures(tmp_path):
    good = WaitRecord(id="a", keyword="Upload Collection", suite="S", test="T1", started=10.0)
    good.returned, good.looks = 12.5, [10.1, 12.4]
    good.tasks[U1] = TaskSpan(U1, "imp", "completed", None, 9.0, 9.5, 12.0, seen_final=12.4)
    bad = WaitRecord(id="b", keyword="Wait For Task", suite="S", test="T2", started=20.0)
    bad.returned = 21.0
    bad.tasks[U2] = TaskSpan(
        U2, "imp2", "failed", None, 20.0, 20.1, 20.9, error="broken", ui="http://h/ui/task/x/"
    )
    json_path, html_path = summary.write(tmp_path, [good, bad])
    data = json.loads(json_path.read_text())
    assert data["totals"] == {
        "waits": 2,
        "tasks": 2,
        "failed_or_canceled": 1,
        "queued_s": 0.6,
        "running_s": 3.3,
        "waiting_s": 3.5,
        "waiting_past_end_s": pytest.approx(0.6),
    }
    page = html_path.read_text()
    assert page.index(">T1<") < page.index(">T2<") and "<script" not in page
    failed = page[page.index('id="failed"') : page.index("Slowest")]
    assert "broken" in failed and 'href="http://h/ui/task/x/"' in failed and "imp2" in failed
    assert [r.id for r in summary.load(json_path)] == ["a", "b"]


def test_hubtask_report_merges_the_files_of_pabot_processes(tmp_path, capsys):
    for index, uuid in enumerate((U1, U2)):
        record = WaitRecord(id=str(index), keyword="k", suite=f"S{index}", started=float(index))
        record.returned = index + 1.0
        record.tasks[uuid] = TaskSpan(uuid, "t", "completed", None, 0.0, 0.1, 0.5)
        summary.write(tmp_path / "pabot_results" / str(index), [record])
    assert hubtask(["report", str(tmp_path)]) == 0
    assert "written from 2 file(s)" in capsys.readouterr().out
    merged = json.loads((tmp_path / summary.JSON_NAME).read_text())
    assert merged["totals"]["tasks"] == 2 and len(merged["sources"]) == 2
    assert merge(str(tmp_path))[2] == 2  # its own output is not read again


def test_hubtask_report_says_what_is_wrong_in_one_line(tmp_path, capsys):
    assert hubtask(["report", str(tmp_path / "missing")]) == 1
    assert hubtask(["report", str(tmp_path)]) == 1
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / summary.JSON_NAME).write_text("{not json")
    assert hubtask(["report", str(tmp_path)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("hubtask report: ") for line in lines)
    assert "not a folder" in lines[0] and "No hubtask-tasks.json" in lines[1]
    assert "is not a hubtask-tasks.json file" in lines[2]


@pytest.mark.parametrize(
    ("timeline", "progress", "run_summary", "recorded"),
    [(True, False, False, False), (False, False, True, True), (False, False, False, False)],
)
def test_run_summary_false_keeps_waits_out_of_the_summary_and_all_off_records_nothing(
    hub, service, monkeypatch, timeline, progress, run_summary, recorded
):
    from types import SimpleNamespace

    from HubTaskLibrary.keywords import timeline as glue

    monkeypatch.setattr(glue, "RUN", glue.RunSummary())
    logged: list[str] = []
    monkeypatch.setattr(glue.logger, "info", lambda text, html=False: logged.append(text))
    settings = SimpleNamespace(timeline=timeline, progress=progress, run_summary=run_summary)
    ctx = SimpleNamespace(settings=settings, client=SimpleNamespace(tasks=service), keyword="W")
    hub.add_task(U1, "running", "completed", name="imp")
    with glue.watch(ctx, "imp", 5) as recorder:  # type: ignore[arg-type]
        assert (recorder is None) == (not (timeline or progress or run_summary))
        assert (service.observer is None) == (recorder is None)
        service.wait([U1], timeout=5)
    assert service.observer is None
    assert bool(glue.RUN.records) == recorded
    assert bool(logged) == timeline  # the picture, only with timeline=True
