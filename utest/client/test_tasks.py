"""TaskService against a fake hub: waits, children, failures, timeouts, wait-all, cancel."""

from __future__ import annotations

import time

import pytest
from conftest import FAST, PREFIX, U1, U2, U3, VirtualClock

from HubTaskLibrary.client.errors import (
    HubHTTPError,
    HubNotFoundError,
    InvalidArgumentError,
    TaskFailedError,
    TaskTimeoutError,
)
from HubTaskLibrary.client.http import HubSession
from HubTaskLibrary.client.polling import PollSchedule
from HubTaskLibrary.client.tasks import TaskService, describe_timing


def href(uuid: str) -> str:
    return f"/api/automation-hub/pulp/api/v3/tasks/{uuid}/"


@pytest.fixture
def service(hub) -> TaskService:
    session = HubSession(hub.url, username="admin", password="pw")
    svc = TaskService(session, FAST)
    yield svc
    session.close()


def reads(hub, uuid: str) -> int:
    return len(hub.calls("GET", href(uuid)))


def one_line(text: str) -> bool:
    return "\n" not in text


# -- waiting for one task -----------------------------------------------------------


def test_wait_follows_states_to_completed(hub, service):
    hub.add_task(U1, "waiting", "running", "completed", name="galaxy.import")
    report = service.wait([U1], timeout=5)
    assert [t["state"] for t in report.tasks] == ["completed"]
    assert reads(hub, U1) == 3
    assert report.stats.polls == 3
    assert "galaxy.import completed" in report.lines()[0]
    assert report.lines()[-1].startswith("3 polls in ")


def test_final_on_first_look_returns_after_one_read(hub, service):
    hub.add_task(U1, "completed")
    report = service.wait([href(U1)], timeout=5)
    assert report.stats.polls == 1
    assert reads(hub, U1) == 1


def test_canceling_is_not_final(hub, service):
    hub.add_task(U1, "canceling", "canceling", "canceled")
    service.wait([U1], timeout=5, expected="canceled")
    assert reads(hub, U1) == 3


def test_every_reference_shape_reads_pulp_task(hub, service):
    hub.add_task(U1, "completed")
    refs = [
        f"/api/galaxy/v3/tasks/{U1}/",
        f"/api/automation-hub/content/staging/v3/plugin/ansible/imports/collections/{U1}/",
        {"task_id": U1.upper()},
    ]
    report = service.wait(refs, timeout=5)
    assert len(report.tasks) == 1
    assert reads(hub, U1) == 1


def test_children_are_waited_for(hub, service):
    hub.add_task(U1, "running", "completed", child_tasks=[href(U2)])
    hub.add_task(U2, "waiting", "running", "running", "completed", name="add_and_remove")
    report = service.wait([U1], timeout=5)
    assert {t["pulp_href"] for t in report.tasks} == {href(U1), href(U2)}
    assert reads(hub, U2) == 4
    # the child ended after the parent: the wait outlived the parent's completion
    assert hub.calls("GET", href(U2))[-1].at > hub.calls("GET", href(U1))[-1].at


def test_a_task_and_its_children_are_read_in_one_request_by_correlation_id(hub, service):
    cid = "ab" * 16
    hub.last_write_cid = cid  # as if our own write had dispatched them
    hub.add_task(U1, "waiting", "running", "completed", child_tasks=[href(U2)])
    hub.add_task(U2, "running", "completed", name="add_and_remove")
    report = service.wait([U1], timeout=5)
    assert {t["pulp_href"] for t in report.tasks} == {href(U1), href(U2)}
    # the first look reads the task (and learns its correlation id), every
    # later look lists the operation's tasks: the child is never read alone
    assert reads(hub, U1) == 1
    lists = hub.calls("GET", hub.TASKS)
    assert [r.query["logging_cid"] for r in lists] == [cid] * 3
    assert not hub.calls("GET", href(U2))
    assert report.stats.requests == report.stats.polls == 4


def test_dispatched_tasks_are_read_by_the_operations_correlation_id(hub, service):
    with service.session.operation(5) as op:
        hub.last_write_cid = op.correlation_id
        hub.add_task(U1, "running", "completed")
        service.dispatched([U1])
        service.wait([U1], timeout=5)
    assert reads(hub, U1) == 0  # not even the first look reads it alone
    assert len(hub.calls("GET", hub.TASKS)) == 2


def test_crowded_correlation_id_falls_back_to_reading_the_tasks(hub, service):
    cid = "cd" * 16
    hub.on(
        "GET",
        hub.TASKS,
        (200, {"count": 500, "next": "http://x/?page=2", "results": []}),
    )
    hub.last_write_cid = cid
    hub.add_task(U1, "running", "running", "completed")
    service.wait([U1], timeout=5)
    assert len(hub.calls("GET", hub.TASKS)) == 1  # tried once, then not again
    assert reads(hub, U1) == 3


def test_a_child_is_read_when_the_rate_rule_allows(hub):
    # Two requests in the first (here: tenth of a) second: the look that sees
    # the parent end may not also read its child; the next look does, when
    # the rule allows a third request (3 / 20 = 0.15 s into the wait).
    # The wait runs on a virtual clock the fake hub stamps requests with, so
    # the times below are exact however loaded the machine is.
    schedule = PollSchedule(second=0.002, fine=0.002, factor=1.5, cap=0.02, max_rate=20, free=2)
    session = HubSession(hub.url, username="admin", password="pw")
    service = TaskService(session, schedule)
    clock = VirtualClock().run(service)
    hub.clock = clock
    hub.add_task(U1, "running", "completed", child_tasks=[href(U2)])
    hub.add_task(U2, "completed", name="add_and_remove")
    report = service.wait([U1], timeout=5)
    session.close()
    assert report.stats.requests == 3
    parent = [r.at - clock.start for r in hub.calls("GET", href(U1))]
    child = [r.at - clock.start for r in hub.calls("GET", href(U2))]
    # The parent was seen completed 0.002 s in, long before the rule allowed
    # a third request: the child read waited for the rule, to the moment.
    assert parent == pytest.approx([0.0, 0.002])
    assert child == pytest.approx([3 / 20])
    assert clock.sleeps == pytest.approx([0.002, 3 / 20 - 0.002])


def test_operation_kind_delays_the_first_look_and_is_learned(hub, service):
    hub.add_task(U1, "completed")
    with service.session.operation(5):
        service.dispatched([U1], kind="approve")
    service.wait([U1], timeout=5)
    # learned: the approval was over ~1.4 s after its dispatch (the fake's
    # timestamps), on our clock
    window = service.durations.window("operation", "approve")
    assert window is not None and window[0] == pytest.approx(1.4, abs=0.1)
    service.durations._figures["operation"]["approve"].clear()
    service.durations.record_operation("approve", 0.3)
    hub.add_task(U2, "completed")
    # Taken before the dispatch: the window counts from the dispatch, however
    # slow the machine is between the two lines.
    started = time.monotonic()
    with service.session.operation(5):
        service.dispatched([U2], kind="approve")
    service.wait([U2], timeout=5)
    first_look = hub.calls("GET", hub.TASKS)[-1].at
    # no look before the window [0.3 * 0.9 - 0.05, 0.33] and its guard zone (one
    # figure: from 0.3 * (0.9 - 0.3) - 0.05 = 0.13) open
    assert first_look - started >= 0.13


def test_children_can_be_ignored(hub, service):
    hub.add_task(U1, "completed", child_tasks=[href(U2)])
    hub.add_task(U2, "running")
    service.wait([U1], timeout=5, children=False)
    assert reads(hub, U2) == 0


def test_failed_child_fails_the_wait(hub, service):
    hub.add_task(U1, "completed", child_tasks=[U2])
    hub.add_task(
        U2, "running", "failed", name="add_and_remove", error={"description": "child broke"}
    )
    with pytest.raises(TaskFailedError, match=r"add_and_remove ended failed.*child broke"):
        service.wait([U1], timeout=5)


def test_completed_child_is_fine_when_parent_expected_failed(hub, service):
    hub.add_task(U1, "failed", child_tasks=[href(U2)], error={"description": "x"})
    hub.add_task(U2, "completed")
    report = service.wait([U1], timeout=5, expected="failed")
    assert len(report.tasks) == 2


def test_failed_task_message(hub, service):
    hub.add_task(
        U1,
        "running",
        "failed",
        name="pulp_ansible.app.tasks.collections.import_collection",
        error={
            "description": "No manifest found in\n collection",
            "traceback": "Traceback (most recent call last):\n  File x\n"
            "galaxy_importer.exceptions.ImporterError: something deeper",
        },
    )
    with pytest.raises(TaskFailedError) as info:
        service.wait([U1], timeout=5)
    message = str(info.value)
    assert one_line(message)
    assert "Task pulp_ansible.app.tasks.collections.import_collection ended failed" in message
    assert "(expected completed)" in message
    assert "No manifest found in collection" in message
    assert "ImporterError: something deeper" in message
    assert f"Task: {href(U1)}" in message
    assert f"UI: {hub.url}/ui/task/{U1}/" in message
    assert info.value.tasks[0]["state"] == "failed"


def test_expected_failed_passes_for_failed_task(hub, service):
    hub.add_task(U1, "running", "failed", error={"description": "bad"})
    report = service.wait([U1], timeout=5, expected="failed")
    assert report.tasks[0]["state"] == "failed"


def test_expected_failed_fails_for_completed_task(hub, service):
    hub.add_task(U1, "completed", name="t1")
    with pytest.raises(TaskFailedError, match=r"t1 ended completed \(expected failed\)"):
        service.wait([U1], timeout=5, expected="failed")


@pytest.mark.parametrize(("expected", "state"), [("Canceled", "canceled"), ("skipped", "skipped")])
def test_expected_accepts_ui_labels(hub, service, expected, state):
    hub.add_task(U1, state)
    service.wait([U1], timeout=5, expected=expected)


@pytest.mark.parametrize("expected", ["running", "Pending", "canceling"])
def test_expected_must_be_final(service, expected):
    with pytest.raises(InvalidArgumentError, match="final state"):
        service.wait([U1], timeout=5, expected=expected)


def test_nothing_to_wait_for(service):
    with pytest.raises(InvalidArgumentError, match="No task"):
        service.wait([], timeout=5)


def test_several_failures_are_all_named(hub, service):
    hub.add_task(U1, "failed", name="first", error={"description": "e1"})
    hub.add_task(U2, "canceled", name="second")
    hub.add_task(U3, "completed", name="third")
    with pytest.raises(TaskFailedError) as info:
        service.wait([U1, U2, U3], timeout=5)
    message = str(info.value)
    assert "first ended failed" in message
    assert "second ended canceled" in message
    assert "third" not in message
    assert len(info.value.tasks) == 2


# -- timeouts ----------------------------------------------------------------------------------


def test_timeout_message(hub, service):
    hub.add_task(
        U1,
        "running",
        name="pulp_ansible.app.tasks.collections.sync",
        progress_reports=[
            {"message": "Parsing", "code": "p", "state": "completed", "total": None, "done": 1},
            {
                "message": "Downloading Artifacts",
                "code": "d",
                "state": "running",
                "total": 10,
                "done": 3,
                "suffix": None,
            },
        ],
    )
    with pytest.raises(TaskTimeoutError) as info:
        service.wait([U1], timeout=0.2)
    message = str(info.value)
    assert one_line(message)
    assert message.startswith("Timed out after 0.2 s waiting for task (")
    assert "pulp_ansible.app.tasks.collections.sync is running" in message
    assert "last progress: Downloading Artifacts 3/10" in message
    assert f"{hub.url}/ui/task/{U1}/" in message
    assert info.value.tasks[0]["state"] == "running"


def _answers_429_after(hub, uuid: str, reads: int) -> None:
    """The first ``reads`` reads of ``uuid`` answer as usual, every later one
    429 (after the client's own retries, too): the wait's last looks fail."""
    answered = 0

    def reply(rec):
        nonlocal answered
        if answered >= reads:
            return (429, {"detail": "injected fault"})
        answered += 1
        return hub._task_reply(rec, uuid)

    hub.on("GET", href(uuid), reply)


def test_timeout_names_the_task_even_when_the_last_look_failed(hub, service):
    hub.add_task(U1, "running", name="pulp_ansible.app.tasks.collections.sync")
    _answers_429_after(hub, U1, 1)
    # The looks run on a virtual clock: however slow the machine, the first
    # look (which succeeds) comes well before the deadline, later ones fail.
    clock = VirtualClock().run(service)
    with pytest.raises(TaskTimeoutError) as info, service.session.operation(1.2):
        service.wait([U1], timeout=1.2)
    message = str(info.value)
    assert one_line(message)
    assert message.startswith("Timed out after 1.2 s waiting for task (")
    assert "pulp_ansible.app.tasks.collections.sync is running" in message
    assert "The last look failed: GET " in message
    assert "429 Too Many Requests: injected fault" in message
    assert info.value.tasks[0]["state"] == "running"
    assert clock.now - clock.start == pytest.approx(1.2)  # the wait used its whole time


def test_timeout_names_the_task_when_no_look_succeeded(hub, service):
    hub.add_task(U1, "running")
    _answers_429_after(hub, U1, 0)
    VirtualClock().run(service)
    with pytest.raises(TaskTimeoutError) as info, service.session.operation(0.6):
        service.wait([U1], timeout=0.6)
    message = str(info.value)
    assert f"{U1} is not read yet" in message
    assert "The last look failed: " in message


def test_wait_all_timeout_names_the_task_when_the_last_look_failed(hub, service):
    hub.add_task(U1, "running", name="stuck_sync")
    lists = 0

    def reply(rec):
        nonlocal lists
        lists += 1
        if lists > 1:  # the first list answers, every later one fails
            return (503, {"detail": "injected fault"})
        return hub._tasks_by_state(rec.query["state__in"].split(","))

    hub.on("GET", hub.TASKS, reply)
    VirtualClock().run(service)
    with pytest.raises(TaskTimeoutError) as info, service.session.operation(1.2):
        service.wait_all(timeout=1.2)
    message = str(info.value)
    assert message.startswith("Timed out after 1.2 s waiting for all tasks")
    assert "stuck_sync is running" in message
    assert "The last look failed: GET " in message and "503 Service Unavailable" in message


def test_a_look_failing_for_good_reason_still_fails_at_once(hub, service):
    hub.add_task(U1, "running")
    hub.on("GET", href(U1), (403, {"detail": "You do not have permission."}))
    clock = VirtualClock().run(service)
    with pytest.raises(HubHTTPError, match="403"), service.session.operation(5):
        service.wait([U1], timeout=5)
    # At once: one request, not retried, and the wait never slept.
    assert reads(hub, U1) == 1
    assert clock.sleeps == []


def test_timeout_in_minutes_reads_well():
    from HubTaskLibrary.client.tasks import _seconds

    assert _seconds(0.3) == "0.3 s"
    assert _seconds(60) == "60 s"
    assert _seconds(300) == "5.0 min"


# -- 404 right after dispatch ---------------------------------------------------------------


def test_404_after_dispatch_is_tolerated(hub, service):
    task = hub.add_task(U1, "running", "completed")
    task.not_found_reads = 3
    service.dispatched([U1])
    report = service.wait([U1], timeout=5)
    assert report.tasks[0]["state"] == "completed"
    assert reads(hub, U1) == 5


def test_dispatched_task_never_visible_times_out_saying_so(hub, service):
    service.dispatched([U1])
    with pytest.raises(TaskTimeoutError, match="not visible yet"):
        service.wait([U1], timeout=0.2)


def test_unknown_task_fails_at_once(hub, service):
    with pytest.raises(HubNotFoundError) as info:
        service.wait([U1], timeout=5)
    assert reads(hub, U1) == 1
    message = str(info.value)
    assert one_line(message)
    assert U1 in message
    assert "not found" in message


def test_get_unknown_task(hub, service):
    with pytest.raises(HubNotFoundError, match=f"Task {U1} was not found on the hub"):
        service.get(U1)


# -- listing ---------------------------------------------------------------------------------


def test_list_params_and_pagination(hub, service):
    path = hub.TASKS
    page2 = f"{hub.url}{path}?limit=100&offset=100"

    def pages(rec):
        if rec.query.get("offset") == "100":
            return (200, {"count": 3, "next": None, "results": [{"pulp_href": href(U3)}]})
        return (
            200,
            {
                "count": 3,
                "next": page2,
                "results": [{"pulp_href": href(U1)}, {"pulp_href": href(U2)}],
            },
        )

    hub.on("GET", path, pages)
    found = service.list(limit=None, state__in=["running", "waiting"], name=None)
    assert [t["pulp_href"] for t in found] == [href(U1), href(U2), href(U3)]
    first = hub.calls("GET", path)[0].query
    assert first == {"ordering": "-pulp_created", "state__in": "running,waiting", "limit": "100"}

    hub.all_requests.clear()
    assert len(service.list(limit=1)) == 1
    assert hub.calls("GET", path)[0].query["limit"] == "1"
    assert len(hub.calls("GET", path)) == 1


# -- wait all ---------------------------------------------------------------------------------


class TaskList:
    """Answers the task list like Pulp: filters by state__in, name__contains, logging_cid."""

    def __init__(self):
        self.tasks: list[dict] = []
        self.queries: list[dict] = []
        self.after_list = None  # called after each unfinished-task query

    def __call__(self, rec):
        q = rec.query
        self.queries.append(q)
        found = list(self.tasks)
        if "state__in" in q:
            found = [t for t in found if t["state"] in q["state__in"].split(",")]
        if "state" in q:
            found = [t for t in found if t["state"] == q["state"]]
        if "name__contains" in q:
            found = [t for t in found if q["name__contains"] in t["name"]]
        if "logging_cid__contains" in q:
            found = [t for t in found if q["logging_cid__contains"] in t["logging_cid"]]
        if "logging_cid" in q:
            found = [t for t in found if q["logging_cid"] == t["logging_cid"]]
        if "pulp_href__in" in q:
            found = [t for t in found if t["pulp_href"] in q["pulp_href__in"].split(",")]
        if self.after_list and "waiting" in q.get("state__in", ""):
            self.after_list()
        return (200, {"count": len(found), "next": None, "previous": None, "results": found})


def list_task(uuid, state, name="task", cid="0" * 32):
    return {
        "pulp_href": href(uuid),
        "state": state,
        "name": name,
        "logging_cid": cid,
        "pulp_created": "2024-05-01T10:00:00Z",
        "started_at": None,
        "finished_at": None,
        "error": None,
    }


@pytest.fixture
def task_list(hub):
    tl = TaskList()
    hub.on("GET", hub.TASKS, tl)
    return tl


def unfinished_queries(task_list):
    return [q for q in task_list.queries if "waiting" in q.get("state__in", "")]


def test_wait_all_hub_scope_query(hub, service, task_list):
    other = list_task(U1, "running", "sync", cid="f" * 32)
    task_list.tasks = [other]
    ticks = iter([None, None])

    def finish():
        if next(ticks, "done") == "done":
            other["state"] = "completed"

    task_list.after_list = finish
    report = service.wait_all(timeout=5, name="sync")
    queries = unfinished_queries(task_list)
    # seen running twice; the third answer already says completed (the fake
    # changes the task after filtering, as a task ending mid-query would)
    assert len(queries) == 3
    q = queries[0]
    assert set(q["state__in"].split(",")) == {"waiting", "running", "canceling"}
    assert q["name__contains"] == "sync"
    assert "logging_cid__contains" not in q
    assert "pulp_href" in q["fields"] and "state" in q["fields"]
    assert [t["pulp_href"] for t in report.tasks] == [href(U1)]


def test_wait_all_mine_scope_filters_by_instance_id(hub, service, task_list):
    mine_cid = service.session.instance_id + "0" * 15 + "1"
    task_list.tasks = [list_task(U1, "running", "sync", cid="a" * 32)]  # another process's
    report = service.wait_all(timeout=5, scope="mine")
    assert report.tasks == []
    q = unfinished_queries(task_list)[0]
    assert q["logging_cid__contains"] == service.session.instance_id
    assert "name__contains" not in q
    # and a task of our own is waited for
    task_list.tasks.append(list_task(U2, "waiting", "import", cid=mine_cid))
    task_list.after_list = lambda: task_list.tasks[-1].update(state="completed")
    report = service.wait_all(timeout=5, scope="mine")
    assert [t["pulp_href"] for t in report.tasks] == [href(U2)]


def test_wait_all_canceling_is_waited_for(hub, service, task_list):
    task = list_task(U1, "canceling")
    task_list.tasks = [task]
    count = {"n": 0}

    def later():
        count["n"] += 1
        if count["n"] >= 3:
            task["state"] = "canceled"

    task_list.after_list = later
    with pytest.raises(TaskFailedError):
        service.wait_all(timeout=5)
    # canceling twice, then the third answer says it ended
    assert len(unfinished_queries(task_list)) == 3


def test_wait_all_reports_tasks_that_ended_failed(hub, service, task_list):
    task = list_task(U1, "running", "import_collection")
    task_list.tasks = [task]

    def fail():
        task.update(state="failed", error={"description": "Invalid MANIFEST.json"})

    task_list.after_list = fail
    with pytest.raises(TaskFailedError) as info:
        service.wait_all(timeout=5)
    message = str(info.value)
    assert one_line(message)
    assert "import_collection ended failed: Invalid MANIFEST.json" in message
    assert f"/ui/task/{U1}/" in message
    bad_queries = [q for q in task_list.queries if q.get("state__in") == "failed,canceled,skipped"]
    assert bad_queries
    # reported once: the next wait does not fail on it again
    service.wait_all(timeout=5)


def test_wait_all_ignores_failures_of_others_it_did_not_wait_for(hub, service, task_list):
    task_list.tasks = [list_task(U1, "failed", "someone_elses", cid="b" * 32)]
    report = service.wait_all(timeout=5)
    assert report.tasks == []


def test_wait_all_reports_own_unwaited_failures(hub, service, task_list):
    cid = service.session.instance_id + "0" * 16
    task_list.tasks = [list_task(U1, "failed", "upload_no_wait", cid=cid)]
    with pytest.raises(TaskFailedError, match="upload_no_wait ended failed"):
        service.wait_all(timeout=5, scope="mine")


def bad_queries(task_list):
    return [q for q in task_list.queries if q.get("state__in") == "failed,canceled,skipped"]


def test_idle_hub_wide_wait_of_a_fresh_instance_is_one_request(hub, service, task_list):
    # Nothing unfinished, and this instance never asked for a change: no
    # ending can concern the wait, so it does not ask for endings.
    task_list.tasks = [list_task(U1, "failed", "someone_elses", cid="b" * 32)]
    service.wait_all(timeout=5)
    assert len(hub.calls("GET", hub.TASKS)) == 1
    assert len(unfinished_queries(task_list)) == 1 and bad_queries(task_list) == []


def test_hub_wide_wait_reports_own_unwaited_failure_once_a_change_was_asked(
    hub, service, task_list
):
    hub.on("POST", PREFIX + "v3/namespaces/", (201, {"name": "ns1"}))
    service.session.request("POST", "v3/namespaces/", json={"name": "ns1"})
    cid = service.session.instance_id + "0" * 16
    task_list.tasks = [list_task(U1, "failed", "upload_no_wait", cid=cid)]
    with pytest.raises(TaskFailedError, match="upload_no_wait ended failed"):
        service.wait_all(timeout=5)
    assert len(bad_queries(task_list)) == 1


def test_wait_all_exclude(hub, service, task_list):
    task_list.tasks = [list_task(U1, "running", "iamrunning")]
    report = service.wait_all(timeout=5, exclude=["iamrunning", ""])
    assert report.tasks == []


def test_wait_all_timeout(hub, service, task_list):
    task_list.tasks = [list_task(U1, "running", "stuck_sync"), list_task(U2, "waiting", "queued")]
    with pytest.raises(TaskTimeoutError) as info:
        service.wait_all(timeout=0.2)
    message = str(info.value)
    assert one_line(message)
    assert message.startswith("Timed out after 0.2 s waiting for all tasks")
    assert "stuck_sync is running" in message
    assert "queued is waiting" in message


def test_wait_all_learns_durations_later_in_one_request(hub, service):
    answers = iter([[list_task(U1, "running", "galaxy.import")]])
    hub.on(
        "GET",
        hub.TASKS,
        lambda rec: (200, {"count": 0, "next": None, "results": next(answers, [])}),
    )
    service.wait_all(timeout=5)
    # seen running, then gone from the unfinished list: its end was not read
    assert service.durations.window("running", "galaxy.import") is None
    hub.add_task(
        U1,
        "completed",
        name="galaxy.import",
        started_at="2024-05-01T10:00:00.5Z",
        finished_at="2024-05-01T10:00:02.5Z",
    )
    service.learn_durations()
    reads = [r for r in hub.calls("GET", hub.TASKS) if "pulp_href__in" in r.query]
    assert [r.query["pulp_href__in"] for r in reads] == [href(U1)]
    assert service.durations.window("running", "galaxy.import") == pytest.approx((2.0, 2.0))
    service.learn_durations()  # learned once
    assert len([r for r in hub.calls("GET", hub.TASKS) if "pulp_href__in" in r.query]) == 1


def test_wait_all_waits_for_a_dispatched_task_missing_from_the_list(hub, service):
    # Right after dispatch a task may be missing from the list: the wait
    # reads it by itself once, and waits for it.
    task = hub.add_task(U1, "running", "running", "completed")
    task.list_hidden = 1
    service.dispatched([U1])
    report = service.wait_all(timeout=5)
    assert task.state == "completed"
    assert reads(hub, U1) == 1  # the one read by itself
    assert task.reads == 2  # then listed running once; the next list left it out: over
    assert {t["pulp_href"] for t in report.tasks} == {href(U1)}


def test_wait_all_reads_nothing_extra_for_tasks_already_seen(hub, service):
    hub.add_task(U1, "running", "completed")
    service.dispatched([U1])
    service.wait_all(timeout=5)
    assert reads(hub, U1) == 0  # the list showed it: no read of its own


def test_wait_all_bad_scope(service):
    with pytest.raises(InvalidArgumentError, match="scope must be 'hub' or 'mine'"):
        service.wait_all(timeout=1, scope="everything")


# -- cancel ------------------------------------------------------------------------------------


def test_cancel_running_task(hub, service):
    hub.add_task(U1, "running", "running", name="iamrunning")
    answered = service.cancel(href(U1))
    assert answered["state"] == "canceling"
    patch = hub.calls("PATCH", href(U1))
    assert len(patch) == 1
    assert patch[0].json() == {"state": "canceled"}
    report = service.wait([U1], timeout=5, expected="canceled")
    assert report.tasks[0]["state"] == "canceled"


def test_cancel_final_task_409(hub, service):
    hub.add_task(U1, "completed", name="galaxy.import")
    with pytest.raises(HubHTTPError) as info:
        service.cancel(U1)
    err = info.value
    assert err.status == 409
    message = str(err)
    assert one_line(message)
    assert f"Cannot cancel task galaxy.import ({U1}): it is already completed" in message
    assert "only waiting or running tasks can be canceled" in message


def test_cancel_unknown_task_404(hub, service):
    with pytest.raises(HubNotFoundError) as info:
        service.cancel(U1)
    assert str(info.value) == f"Cannot cancel task {U1}: no such task on the hub."


def test_cancel_other_error_passes_through(hub, service):
    hub.on("PATCH", href(U1), (403, {"detail": "You do not have permission."}))
    with pytest.raises(HubHTTPError, match="You do not have permission"):
        service.cancel(U1)


def test_cancel_invalid_reference(service):
    with pytest.raises(InvalidArgumentError):
        service.cancel("nope")


# -- small helpers ---------------------------------------------------------------------------


def test_describe_timing():
    task = {
        "name": "import",
        "state": "completed",
        "pulp_created": "2024-05-01T10:00:00.000Z",
        "started_at": "2024-05-01T10:00:00.250Z",
        "finished_at": "2024-05-01T10:00:02.750Z",
    }
    assert describe_timing(task) == "import completed, queued 0.25 s, running 2.50 s"
    assert describe_timing({"name": "x", "state": "waiting"}) == "x waiting"


def test_href_and_ui_link(hub, service):
    assert service.href(U1) == href(U1)
    assert service.ui_link(U1) == f"{hub.url}/ui/task/{U1}/"
    assert service.describe({"pulp_href": href(U1), "name": "n"}) == f"n ({U1})"
