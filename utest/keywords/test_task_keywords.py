"""Task and collection keywords against the fake hub (called as Robot would, by name)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import FAST, U1, U2, U3, VirtualClock
from conftest import HUB_ENV as ENV

from HubTaskLibrary import HubTaskLibrary
from HubTaskLibrary.client.errors import (
    HubError,
    HubHTTPError,
    HubNotFoundError,
    TaskFailedError,
    TaskTimeoutError,
)
from HubTaskLibrary.client.references import TaskRef


def href(uuid: str) -> str:
    return f"/api/automation-hub/pulp/api/v3/tasks/{uuid}/"


@pytest.fixture
def lib(hub, monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    library = HubTaskLibrary(
        base_url=hub.url, username="admin", password="pw", timeout=timedelta(seconds=5)
    )
    library.ctx.client.tasks.schedule = FAST
    yield library
    library.ctx.close()


def run(lib, keyword, *args, **kwargs):
    return lib.run_keyword(keyword, list(args), kwargs)


# -- waiting ---------------------------------------------------------------------------------


def test_wait_for_task_returns_final_task(hub, lib):
    hub.add_task(U1, "waiting", "running", "completed", child_tasks=[href(U2)])
    hub.add_task(U2, "running", "completed")
    task = run(lib, "wait_for_task", href(U1))
    assert task["pulp_href"] == href(U1)
    assert task["state"] == "completed"
    assert hub.tasks[U2].reads == 2


def test_one_correlation_id_per_keyword(hub, lib):
    hub.add_task(U1, "running", "running", "completed")
    run(lib, "wait_for_task", U1)
    run(lib, "wait_for_task", U1)
    ids = [r.headers["Correlation-ID"] for r in hub.requests]
    first = ids[:4]  # discovery + three reads
    assert len(set(first)) == 1
    assert ids[4] != ids[0]
    instance = lib.ctx.client.session.instance_id
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) and i.startswith(instance) for i in ids)


def test_wait_for_task_failed(hub, lib):
    hub.add_task(
        U1,
        "running",
        "failed",
        name="import_collection",
        error={"description": "Invalid collection metadata."},
    )
    with pytest.raises(TaskFailedError) as info:
        run(lib, "wait_for_task", U1)
    message = str(info.value)
    assert "import_collection ended failed (expected completed): Invalid collection" in message
    assert f"{hub.url}/ui/task/{U1}/" in message
    assert info.value.ROBOT_SUPPRESS_NAME


def test_wait_for_task_expected_failed(hub, lib):
    hub.add_task(U1, "failed", error={"description": "x"})
    assert run(lib, "wait_for_task", U1, expected="failed")["state"] == "failed"


def test_wait_for_task_timeout(hub, lib):
    hub.add_task(
        U1,
        "running",
        name="sync",
        progress_reports=[{"message": "Downloading", "total": 4, "done": 1}],
    )
    with pytest.raises(TaskTimeoutError) as info:
        run(lib, "wait_for_task", U1, timeout=timedelta(seconds=0.2))
    message = str(info.value)
    assert message.startswith("Timed out after 0.2 s waiting for task")
    assert "sync is running, last progress: Downloading 1/4" in message


def test_wait_for_tasks(hub, lib):
    hub.add_task(U1, "completed")
    hub.add_task(U2, "running", "completed")
    tasks = run(lib, "wait_for_tasks", U1, {"task_id": U2}, U1)
    assert [t["pulp_href"] for t in tasks] == [href(U1), href(U2)]
    with pytest.raises(HubError, match="at least one task"):
        run(lib, "wait_for_tasks")


def test_task_should_be_completed_and_have_failed(hub, lib):
    hub.add_task(U1, "completed")
    hub.add_task(U2, "failed", error={"description": "No manifest found in collection"})
    run(lib, "task_should_be_completed", U1)
    run(lib, "task_should_have_failed", U2, message="No manifest found")
    with pytest.raises(AssertionError, match="does not contain 'checksum'"):
        run(lib, "task_should_have_failed", U2, message="checksum")
    with pytest.raises(TaskFailedError, match=r"expected failed"):
        run(lib, "task_should_have_failed", U1)


def test_wait_for_all_tasks_mine(hub, lib):
    queries = []

    def listing(rec):
        queries.append(rec.query)
        return (200, {"count": 0, "next": None, "results": []})

    hub.on("GET", hub.TASKS, listing)
    assert run(lib, "wait_for_all_tasks", scope="mine", exclude="iamrunning") == []
    assert queries[0]["logging_cid__contains"] == lib.ctx.client.session.instance_id
    # one request per look: unfinished tasks and this instance's bad endings together
    assert set(queries[0]["state__in"].split(",")) == {
        "waiting",
        "running",
        "canceling",
        "failed",
        "canceled",
        "skipped",
    }
    assert len(queries) == 1


# -- reading ---------------------------------------------------------------------------------


def test_get_task_and_state(hub, lib):
    hub.add_task(U1, "running", "running", "running", "completed", name="n1")
    assert run(lib, "get_task", U1)["name"] == "n1"
    assert run(lib, "get_task_state", U1) == "running"


@pytest.mark.parametrize("expected", ["completed", "Completed"])
def test_get_task_state_assertion_polls(hub, lib, expected):
    from assertionengine import AssertionOperator

    hub.add_task(U1, "waiting", "running", "completed")
    assert run(lib, "get_task_state", U1, AssertionOperator["=="], expected) == "completed"
    assert hub.tasks[U1].reads == 3


def test_get_task_state_assertion_times_out(hub, lib):
    from assertionengine import AssertionOperator

    hub.add_task(U1, "running")
    with pytest.raises(AssertionError, match=r"waited 0.2 s"):
        run(
            lib,
            "get_task_state",
            U1,
            AssertionOperator["=="],
            "completed",
            timeout=timedelta(seconds=0.2),
        )


def test_list_tasks_filters(hub, lib):
    queries = []

    def listing(rec):
        queries.append(rec.query)
        return (200, {"count": 1, "next": None, "results": [{"pulp_href": href(U1)}]})

    hub.on("GET", hub.TASKS, listing)
    run(
        lib,
        "list_tasks",
        state="running,Pending",
        name="sync",
        limit=10,
        started_at__gte="2024-01-01T00:00:00Z",
    )
    run(lib, "list_tasks", state="Pending")
    assert queries[0]["state__in"] == "running,waiting"
    assert queries[0]["name__contains"] == "sync"
    assert queries[0]["limit"] == "10"
    assert queries[0]["started_at__gte"] == "2024-01-01T00:00:00Z"
    assert queries[1]["state"] == "waiting"


def test_get_task_ui_link(hub, lib):
    assert run(lib, "Get Task UI Link", href(U1)) == f"{hub.url}/ui/task/{U1}/"


# -- canceling -------------------------------------------------------------------------------


def test_cancel_task_waits_for_canceled(hub, lib):
    hub.add_task(U1, "running", name="iamrunning")
    task = run(lib, "cancel_task", U1)
    assert task["state"] == "canceled"


def test_cancel_task_without_wait(hub, lib):
    hub.add_task(U1, "running")
    assert run(lib, "cancel_task", U1, wait=False)["state"] == "canceling"


def test_cancel_final_task(hub, lib):
    hub.add_task(U1, "completed", name="galaxy.import")
    with pytest.raises(HubHTTPError, match="it is already completed"):
        run(lib, "cancel_task", U1)


# -- collections and namespaces ----------------------------------------------------------------


def test_upload_collection_waits_for_import_and_child(hub, lib):
    import_url = f"/api/automation-hub/content/staging/v3/plugin/ansible/imports/collections/{U1}/"
    hub.on("POST", "/api/automation-hub/v3/artifacts/collections/", (202, {"task": import_url}))
    task = hub.add_task(U1, "waiting", "running", "completed", child_tasks=[href(U2)])
    task.not_found_reads = 2  # the hub does not show the task at once
    hub.add_task(U2, "running", "completed", name="add_and_remove")
    ref = run(lib, "upload_collection", "ns1", "coll1", "1.2.3")
    assert isinstance(ref, TaskRef)
    assert ref == href(U1)
    assert ref.uuids == (U1,)
    post = hub.calls("POST", "/api/automation-hub/v3/artifacts/collections/")[0]
    assert b'filename="ns1-coll1-1.2.3.tar.gz"' in post.body
    assert b'name="sha256"' in post.body
    assert hub.tasks[U2].reads == 2


def test_upload_collection_unknown_namespace(hub, lib):
    hub.on(
        "POST",
        "/api/automation-hub/v3/artifacts/collections/",
        (
            404,
            {
                "errors": [
                    {
                        "status": "404",
                        "code": "not_found",
                        "title": 'Namespace "ns9" does not exist.',
                    }
                ]
            },
        ),
    )
    with pytest.raises(HubNotFoundError) as info:
        run(lib, "upload_collection", "ns9", "coll1")
    message = str(info.value)
    assert 'Namespace "ns9" does not exist.' in message
    assert "Create namespace 'ns9' first." in message


def test_approve_collection_waits_for_copy_and_remove(hub, lib):
    hub.on(
        "POST",
        "/api/automation-hub/v3/collections/ns1/coll1/versions/1.0.0/move/staging/published/",
        (
            202,
            {
                "copy_task_id": U1,
                "remove_task_id": U2,
                "curate_all_synclist_repository_task_id": None,
            },
        ),
    )
    # distinct names: a learned duration of one kind would make the wait sleep longer
    hub.add_task(U1, "running", "completed", name="copy_content")
    hub.add_task(U2, "waiting", "running", "completed", name="remove_content")
    ref = run(lib, "approve_collection", "ns1", "coll1")
    assert ref.uuids == (U1, U2)
    assert hub.tasks[U2].reads == 3


def test_delete_collection_follows_task(hub, lib):
    path = "/api/automation-hub/v3/plugin/ansible/content/published/collections/index/ns1/coll1/"
    hub.on("DELETE", path, (202, {"task": href(U3)}))
    hub.add_task(
        U3,
        "running",
        "failed",
        name="delete",
        error={"description": "Collection is required by ns1.other"},
    )
    with pytest.raises(TaskFailedError, match=r"required by ns1\.other"):
        run(lib, "delete_collection", "ns1", "coll1")


def test_create_namespace_waits_for_hidden_tasks(hub, lib):
    # The namespace POST answers 201 without a task: its tasks are found by
    # the request's correlation id, and then read by it (one request a look).
    def created(rec):
        hub.add_task(U1, "running", "completed")
        hub.add_task(U2, "waiting", "completed")
        return (201, {"name": "ns1"})

    hub.on("POST", "/api/automation-hub/v3/namespaces/", created)
    ref = run(lib, "create_namespace", "ns1")
    assert set(ref.uuids) == {U1, U2}
    post = hub.calls("POST", "/api/automation-hub/v3/namespaces/")[0]
    assert post.json() == {"name": "ns1", "groups": []}
    lists = hub.calls("GET", hub.TASKS)
    assert all(r.query["logging_cid"] == post.headers["Correlation-ID"] for r in lists)
    assert len(lists) == 2  # the lookup, then one look that saw both end
    assert not hub.calls("GET", href(U1)) and not hub.calls("GET", href(U2))
    assert hub.tasks[U1].reads == 2
    assert hub.tasks[U2].reads == 2


def test_create_namespace_asks_for_its_tasks_when_they_are_likely_over(hub, lib):
    # Namespace creations were lately over 0.3 s after the reply: the lookup
    # comes then (and with wait=False at once).
    lib.ctx.client.tasks.durations.record_operation("namespace", 0.3)

    def created(rec):
        hub.add_task(U1, "completed")
        return (201, {"name": "ns1"})

    hub.on("POST", "/api/automation-hub/v3/namespaces/", created)
    run(lib, "create_namespace", "ns1")
    post = hub.calls("POST", "/api/automation-hub/v3/namespaces/")[0]
    lookup = hub.calls("GET", hub.TASKS)[0]
    assert lookup.at - post.at >= 0.3 * (0.9 - 0.3) - 0.05  # one figure's guard zone opens
    assert len(hub.calls("GET", hub.TASKS)) == 1  # it found the task over: nothing more

    # With wait=False at once: no sleep before the lookup (sleeps recorded on
    # a virtual clock, not measured against a margin of wall-clock time).
    clock = VirtualClock().run(lib.ctx.client.tasks)
    hub.on("POST", "/api/automation-hub/v3/namespaces/", created)
    run(lib, "create_namespace", "ns2", wait=False)
    assert clock.sleeps == []
    assert len(hub.calls("GET", hub.TASKS)) == 2  # the lookup, made at once


def test_create_namespace_dates_the_hub_clock_by_its_own_task_only(hub, lib):
    # The child a worker dispatched later must not make the hub's clock look ahead.
    def created(rec):
        hub.add_task(U1, "completed", child_tasks=[href(U2)])
        hub.add_task(U2, "completed", pulp_created="2099-01-01T00:00:00Z")
        return (201, {"name": "ns1"})

    hub.on("POST", "/api/automation-hub/v3/namespaces/", created)
    run(lib, "create_namespace", "ns1")
    offset = lib.ctx.client.tasks.clock.offset
    assert offset is not None and offset < 0  # 2024 timestamps: the hub is "behind"


def test_create_existing_namespace(hub, lib):
    hub.on(
        "POST",
        "/api/automation-hub/v3/namespaces/",
        (409, {"errors": [{"status": "409", "title": "Conflict."}]}),
    )
    with pytest.raises(HubHTTPError, match="Namespace 'ns1' already exists"):
        run(lib, "create_namespace", "ns1")


def test_transient_failures_are_retried_within_keyword(hub, lib):
    done = {"pulp_href": href(U1), "state": "completed", "name": "t"}
    hub.on("GET", href(U1), (503, {}), (502, "<h1>Bad Gateway</h1>"), (200, done))
    assert run(lib, "get_task", U1)["state"] == "completed"
    assert len(hub.calls("GET", href(U1))) == 3
