"""The fault proxy's schedule: which faults go to which requests."""

from __future__ import annotations

import pytest
from faultplan import KINDS, NEW_TASK_WINDOW, FaultPlan, safe_kinds

TASK = "01234567-89ab-cdef-0123-456789abcdef"
TASK_PATH = f"/api/galaxy/pulp/api/v3/tasks/{TASK}/"


def draw(plan: FaultPlan, method: str, path: str, n: int) -> list[str | None]:
    return [plan.choose(method, path, 0.0) for _ in range(n)]


def test_same_seed_same_faults():
    a = draw(FaultPlan(seed=7, rate=0.5), "GET", "/x/", 200)
    b = draw(FaultPlan(seed=7, rate=0.5), "GET", "/x/", 200)
    c = draw(FaultPlan(seed=8, rate=0.5), "GET", "/x/", 200)
    assert a == b
    assert a != c


def test_rate_is_roughly_kept():
    faults = [f for f in draw(FaultPlan(seed=1, rate=0.3), "GET", "/x/", 2000) if f]
    assert 450 < len(faults) < 750


def test_rate_zero_injects_nothing():
    assert set(draw(FaultPlan(seed=1, rate=0.0), "GET", "/x/", 100)) == {None}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_changes_never_get_resets_or_500(method):
    drawn = set(draw(FaultPlan(seed=3, rate=1.0), method, "/x/", 500))
    assert "reset-before" not in drawn
    assert "reset-after" not in drawn
    assert "500" not in drawn
    assert {"429", "503", "refuse"} <= drawn


def test_reads_get_every_transient_kind():
    drawn = set(draw(FaultPlan(seed=3, rate=1.0), "GET", "/x/", 1000))
    assert drawn == set(safe_kinds("GET", "/x/"))
    assert "500" not in drawn
    assert "404-new-task" not in drawn  # only for tasks the hub just handed out


def test_500_and_404_are_never_random():
    for method in ("GET", "POST"):
        assert "500" not in safe_kinds(method, "/x/")
        assert "404-new-task" not in safe_kinds(method, "/x/")


def test_scheduled_fault_comes_first_and_only_where_it_matches():
    plan = FaultPlan(seed=1, rate=0.0)
    plan.schedule("500", method="POST", path="*/v3/namespaces/", times=2)
    assert plan.choose("GET", "/api/galaxy/v3/namespaces/", 0) is None
    assert plan.choose("POST", "/api/galaxy/v3/collections/", 0) is None
    assert plan.choose("post", "/api/galaxy/v3/namespaces/", 0) == "500"
    assert plan.choose("POST", "/api/galaxy/v3/namespaces/?x=1", 0) == "500"
    assert plan.choose("POST", "/api/galaxy/v3/namespaces/", 0) is None
    assert plan.counts["500"] == 2


def test_first_poll_of_a_new_task_gets_404_then_the_task():
    plan = FaultPlan(seed=1, rate=0.0)
    plan.handed_out(f'{{"task": "/api/galaxy/pulp/api/v3/tasks/{TASK}/"}}'.encode(), 100.0)
    first = plan.choose("GET", TASK_PATH, 100.1)
    assert first == "404-new-task"
    rest = [plan.choose("GET", TASK_PATH, 100.2) for _ in range(5)]
    assert rest.count("404-new-task") <= 1
    assert rest[-1] is None


def test_a_new_task_is_missing_from_the_first_list_that_shows_it():
    import json

    plan = FaultPlan(seed=1, rate=0.0)
    plan.handed_out(f'{{"task": "/api/galaxy/pulp/api/v3/tasks/{TASK}/"}}'.encode(), 100.0)
    other = "11111111-2222-4333-8444-555555555555"
    listing = {
        "count": 2,
        "results": [
            {"pulp_href": f"/api/galaxy/pulp/api/v3/tasks/{TASK}/"},
            {"pulp_href": f"/api/galaxy/pulp/api/v3/tasks/{other}/"},
        ],
    }
    data = json.dumps(listing).encode()
    path = "/api/galaxy/pulp/api/v3/tasks/?logging_cid=ab"
    first = json.loads(plan.hide_new_tasks("GET", path, data, 100.1))
    assert first["count"] == 1
    assert [t["pulp_href"] for t in first["results"]] == [listing["results"][1]["pulp_href"]]
    assert plan.counts["hidden-new-task"] == 1
    assert plan.hide_new_tasks("GET", path, data, 100.2) == data  # once only
    assert plan.hide_new_tasks("GET", "/api/galaxy/v3/namespaces/?x=1", data, 100.1) == data


def test_no_404_after_the_window():
    plan = FaultPlan(seed=1, rate=0.0)
    plan.handed_out(TASK.encode(), 100.0)
    assert plan.choose("GET", TASK_PATH, 100.0 + NEW_TASK_WINDOW + 0.1) is None


def test_404_can_be_switched_off():
    plan = FaultPlan(seed=1, rate=0.0, new_task_404=False)
    plan.handed_out(TASK.encode(), 100.0)
    assert plan.choose("GET", TASK_PATH, 100.1) is None


def test_kinds_limit_the_draw():
    plan = FaultPlan(seed=2, rate=1.0, kinds=["503"])
    assert set(draw(plan, "GET", "/x/", 50)) == {"503"}


def test_bad_kind_and_rate_are_refused():
    with pytest.raises(ValueError, match="Unknown fault 'teapot'"):
        FaultPlan(kinds=["teapot"])
    with pytest.raises(ValueError, match="between 0 and 1"):
        FaultPlan(rate=1.5)
    with pytest.raises(ValueError):
        FaultPlan().schedule("nope")


def test_counts_and_totals():
    plan = FaultPlan(seed=5, rate=1.0)
    drawn = draw(plan, "GET", "/x/", 30)
    assert plan.total() == 30 == plan.requests
    assert sum(plan.total(k) for k in KINDS) == 30
    assert plan.total("503") == drawn.count("503")
    assert plan.set_rate(0.0) == 1.0


def test_random_faults_only_where_the_paths_glob_matches():
    plan = FaultPlan(seed=7, rate=1.0, kinds=["429"], paths="*/pulp/api/v3/tasks/*")
    task_poll = "/api/galaxy/pulp/api/v3/tasks/0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3/"
    assert plan.choose("GET", task_poll, 0.0) == "429"
    assert plan.choose("GET", "/api/galaxy/pulp/api/v3/tasks/?state__in=running", 0.0) == "429"
    assert plan.choose("GET", "/api/galaxy/v3/namespaces/", 0.0) is None
