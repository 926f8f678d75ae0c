"""Task timestamps, clock offset and learned durations (the wait's hints)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from HubTaskLibrary.client import timing
from HubTaskLibrary.client.timing import ClockSync, DurationModel, parse_time, task_durations


def iso(posix: float) -> str:
    return datetime.fromtimestamp(posix, tz=timezone.utc).isoformat().replace("+00:00", "Z")


T = 1_714_557_600.0  # 2024-05-01T10:00:00Z


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01T10:00:00Z", T),
        ("2024-05-01T10:00:00.250000Z", T + 0.25),
        ("2024-05-01T12:00:00+02:00", T),
        (None, None),
        ("", None),
        ("yesterday", None),
        (12345, None),
    ],
)
def test_parse_time(value, expected):
    assert parse_time(value) == (pytest.approx(expected) if expected else None)


def test_task_durations():
    task = {"pulp_created": iso(T), "started_at": iso(T + 0.5), "finished_at": iso(T + 3)}
    assert task_durations(task) == (pytest.approx(0.5), pytest.approx(2.5))
    galaxy = {"created_at": iso(T), "started_at": iso(T + 1), "finished_at": None}
    assert task_durations(galaxy) == (pytest.approx(1.0), None)
    assert task_durations({}) == (None, None)


def test_clock_sync_takes_largest_lower_bound():
    clock = ClockSync()
    assert clock.to_local(T) is None
    clock.dispatched("a", reply_time=T - 3.0)
    clock.observe({"pulp_created": iso(T)}, "a")
    assert clock.offset == pytest.approx(3.0)
    clock.dispatched("b", reply_time=T)
    clock.observe({"pulp_created": iso(T - 1)}, "b")  # a weaker bound changes nothing
    assert clock.offset == pytest.approx(3.0)
    clock.observe({"pulp_created": iso(T + 100)}, "unknown")  # not dispatched: ignored
    assert clock.offset == pytest.approx(3.0)
    assert clock.to_local(T + 10) == pytest.approx(T + 7)


def completed(name: str, seconds: float, state: str = "completed") -> dict:
    return {"name": name, "state": state, "started_at": iso(T), "finished_at": iso(T + seconds)}


def test_duration_model_windows():
    model = DurationModel(keep=3)
    assert model.window("running", "imp") is None
    model.record(completed("imp", 2.0))
    assert model.window("running", "imp") == pytest.approx((2.0, 2.0))
    model.record(completed("imp", 2.6))
    model.record(completed("imp", 2.4))
    assert model.window("running", "imp") == pytest.approx((2.0, 2.6))
    model.record(completed("imp", 9.0, state="canceled"))  # every ending counts
    assert model.window("running", "imp") == pytest.approx((2.4, 9.0))  # the last 3
    model.record(completed("imp", 1.0, state="skipped"))  # never ran: nothing to learn
    model.record({"name": "imp", "state": "running", "started_at": iso(T)})
    assert model.window("running", "imp") == pytest.approx((2.4, 9.0))


def test_duration_model_keeps_children_apart():
    # add_and_remove after an import is not the add_and_remove of a deprecation
    model = DurationModel()
    model.record(completed("add_and_remove", 0.3))
    model.record({**completed("add_and_remove", 0.1), "parent_task": "/tasks/p/"})
    assert model.window("running", "add_and_remove") == pytest.approx((0.3, 0.3))
    assert model.window("running", "add_and_remove (child)") == pytest.approx((0.1, 0.1))


def test_duration_model_tree_is_root_to_last_end():
    model = DurationModel()
    root = {**completed("imp", 2.0), "pulp_created": iso(T - 0.1)}
    child = {"name": "add", "state": "completed", "finished_at": iso(T + 2.4), "parent_task": "/p/"}
    model.record_tree(root, [root, child])
    assert model.window("tree", "imp") == pytest.approx((2.5, 2.5))
    model.record_tree(root, [root, {**child, "state": "failed"}])  # only whole successes
    model.record_tree({**root, "pulp_created": None}, [root])
    assert model.window("tree", "imp") == pytest.approx((2.5, 2.5))


def synced_clock() -> ClockSync:
    clock = ClockSync()
    clock.dispatched("u", reply_time=T)
    clock.observe({"pulp_created": iso(T)}, "u")  # offset 0
    return clock


def test_hint_spreads_the_allowed_looks_over_the_window(monkeypatch):
    model = DurationModel()
    model.record(completed("imp", 2.0))
    model.record(completed("imp", 2.4))
    clock = synced_clock()
    running = {"name": "imp", "state": "running", "started_at": iso(T)}
    monkeypatch.setattr(timing.time, "time", lambda: T + 0.5)
    # From the start: guard zone 2.0 * (0.9 - 0.3 / 2) - 0.05 = 1.45 .. 1.75, window
    # 1.75 .. 2.4 + 0.3 * 0.4 = 2.52, guard zone 2.52 .. 2.52 + 2.4 * 0.15 = 2.88.
    # Weighted (window x3): 0.3 + 0.77 * 3 + 0.36 = 2.97; four looks: one every 0.7425,
    # the first past the guard zone's 0.3 and 0.4425 / 3 into the window.
    assert model.hint(running, clock, budget=lambda ahead: 4) == pytest.approx(
        1.75 + 0.4425 / 3 - 0.5
    )
    # one look left: just after the latest end, LATE_GUARD (0.1 s) into the guard zone
    assert model.hint(running, clock, budget=lambda ahead: 1) == pytest.approx(2.62 - 0.5)
    monkeypatch.setattr(timing.time, "time", lambda: T + 2.0)
    # inside the window: the looks left share what remains (0.52 * 3 + 0.36 weighted)
    assert model.hint(running, clock, budget=lambda ahead: 3) == pytest.approx(1.92 / 3 / 3)
    monkeypatch.setattr(timing.time, "time", lambda: T + 2.7)
    # in the last guard zone: looks three times sparser than in the window
    assert model.hint(running, clock, budget=lambda ahead: 1) == pytest.approx(0.18)
    monkeypatch.setattr(timing.time, "time", lambda: T + 2.88)
    assert model.hint(running, clock, budget=lambda ahead: 3) is None  # all of it passed
    assert model.hint({**running, "name": "other"}, clock) is None
    assert model.hint(running, ClockSync()) is None  # unknown clock offset


def test_hint_narrow_window_margin_is_at_least_30_ms(monkeypatch):
    model = DurationModel()
    model.record(completed("imp", 0.5))
    model.record(completed("imp", 0.52))
    running = {"name": "imp", "state": "running", "started_at": iso(T)}
    monkeypatch.setattr(timing.time, "time", lambda: T + 0.1)
    # window 0.5 .. 0.52 + 0.03; one look left goes LATE_GUARD past it
    assert model.hint(running, synced_clock(), budget=lambda a: 1) == pytest.approx(
        0.55 + 0.1 - 0.1
    )


def test_hint_tree_aims_at_the_end_of_what_the_task_dispatches(monkeypatch):
    model = DurationModel()
    model.record(completed("imp", 2.0))
    root = {**completed("imp", 2.0), "pulp_created": iso(T)}
    model.record_tree(root, [root, {**completed("add", 2.3), "parent_task": "/p/"}])
    waiting = {"name": "imp", "state": "waiting", "pulp_created": iso(T)}
    monkeypatch.setattr(timing.time, "time", lambda: T)
    assert model.hint(waiting, synced_clock(), budget=lambda a: 1, tree=True) == pytest.approx(
        2.3 + 0.03 + DurationModel.LATE_GUARD
    )
    assert model.hint(waiting, synced_clock(), budget=lambda a: 1) is None  # no total yet


def test_duration_model_hint_canceling_and_waiting(monkeypatch):
    model = DurationModel()
    clock = synced_clock()
    assert model.hint({"name": "x", "state": "canceling"}, clock) == pytest.approx(0.05)
    waiting = {"name": "imp", "state": "waiting", "pulp_created": iso(T)}
    assert model.hint(waiting, clock) is None  # no queue-and-run figures yet
    model.record({**completed("imp", 1.0), "pulp_created": iso(T - 0.5)})  # 1.5 s in all
    monkeypatch.setattr(timing.time, "time", lambda: T + 0.2)
    # one figure: the window is [1.5 * 0.9 - 0.05, 1.5 + 0.03]; two looks share it
    opens, closes = 1.3 - 0.2, 1.53 - 0.2
    assert model.hint(waiting, clock, budget=lambda a: 2) == pytest.approx(
        opens + (closes - opens) / 2
    )


def test_duration_model_keeps_figures_per_hub(tmp_path):
    store = tmp_path / "cache" / "durations.json"
    model = DurationModel(store=store, hub="http://a")
    model.record(completed("imp", 2.0))
    model.save()
    assert DurationModel(store=store, hub="http://a").window("running", "imp") == pytest.approx(
        (2.0, 2.0)
    )
    assert DurationModel(store=store, hub="http://b").window("running", "imp") is None
    store.write_text("not json")
    assert DurationModel(store=store, hub="http://a").window("running", "imp") is None  # ignored


def test_duration_store_keeps_the_recent_hubs_only(tmp_path, monkeypatch):
    store = tmp_path / "durations.json"
    monkeypatch.setattr(DurationModel, "KEEP_HUBS", 3)
    for port in range(5):
        model = DurationModel(store=store, hub=f"http://h:{port}")
        model.record(completed("imp", 1.0 + port))
        model.save()
    data = json.loads(store.read_text())
    assert sorted(data) == ["http://h:2", "http://h:3", "http://h:4"]
    assert DurationModel(store=store, hub="http://h:4").window("running", "imp") == pytest.approx(
        (5.0, 5.0)
    )


def test_first_look_of_an_operation_is_aimed_from_its_dispatch(monkeypatch):
    model = DurationModel()
    assert model.first_look("upload", T, budget=lambda a: 2) is None  # nothing learned
    model.record_operation("upload", 2.0)
    model.record_operation("upload", 2.5)
    model.record_operation("upload", -1)  # clocks disagreeing: ignored
    assert model.window("operation", "upload") == pytest.approx((2.0, 2.5))
    monkeypatch.setattr(timing.time, "time", lambda: T + 0.1)
    # from the dispatch: guard 1.45 .. 1.75, window 1.75 .. 2.65, guard .. 3.025;
    # weighted 0.3 + 0.9 * 3 + 0.375 = 3.375, four looks: the first 0.84375 in,
    # i.e. 0.54375 / 3 into the window
    assert model.first_look("upload", T, budget=lambda a: 4) == pytest.approx(
        1.75 + 0.54375 / 3 - 0.1
    )


# -- a store that others wrote -------------------------------------------------------------


def test_store_values_that_are_not_finite_positive_numbers_are_dropped(tmp_path):
    store = tmp_path / "durations.json"
    # Python's json writes and reads NaN and Infinity; hand-edited files hold anything.
    bad = [float("nan"), float("inf"), -1.0, 0, "2.0", None, True, [1.0], {"x": 1}]
    store.write_text(
        json.dumps(
            {
                "http://a": {
                    "saved": time.time(),
                    "tasks": {
                        "imp": {"running": [*bad, 2.0], "total": "oops", "tree": [float("inf")]},
                        "namespace": {"operation": [float("inf"), float("nan")]},
                        "broken": "not a dict",
                    },
                }
            }
        )
    )
    model = DurationModel(store=store, hub="http://a")
    assert model.window("running", "imp") == (2.0, 2.0)
    assert model.window("total", "imp") is None
    assert model.window("tree", "imp") is None
    assert model.window("operation", "namespace") is None
    # what used to raise (OverflowError in a wait, ValueError in Create Namespace)
    assert model.first_look("namespace", time.time(), lambda ahead: 2) is None
    clock = ClockSync()
    clock.offset = 0.0
    running = {"name": "imp", "state": "running", "started_at": "2024-05-01T10:00:00Z"}
    model.hint(running, clock, budget=lambda ahead: 2)
    model.record(completed("imp", 3.0))
    model.save()  # and the file it writes holds only the good figures
    saved = json.loads(store.read_text())["http://a"]["tasks"]
    assert saved["imp"]["running"] == [2.0, 3.0]
    assert saved["namespace"]["operation"] == []


def _learn_and_save(store: str, name: str, barrier) -> None:
    model = DurationModel(store=Path(store), hub="http://shared")
    model.record(completed(name, 1.5))
    barrier.wait()  # all save at once
    model.save()


def test_parallel_processes_merge_what_they_learned(tmp_path):
    import multiprocessing

    store = tmp_path / "durations.json"
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(4)
    workers = [
        context.Process(target=_learn_and_save, args=(str(store), f"task{i}", barrier))
        for i in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    model = DurationModel(store=store, hub="http://shared")
    for i in range(4):
        assert model.window("running", f"task{i}") == pytest.approx((1.5, 1.5))


def test_saving_twice_does_not_count_figures_twice(tmp_path):
    store = tmp_path / "durations.json"
    model = DurationModel(store=store, hub="http://a")
    model.record(completed("imp", 2.0))
    model.save()
    model.save()
    other = DurationModel(store=store, hub="http://a")  # loaded, learns more
    other.record(completed("imp", 4.0))
    other.save()
    tasks = json.loads(store.read_text())["http://a"]["tasks"]
    assert tasks["imp"]["running"] == [2.0, 4.0]


def test_old_entries_expire(tmp_path):
    store = tmp_path / "durations.json"
    old = time.time() - DurationModel.MAX_AGE - 60
    store.write_text(
        json.dumps(
            {
                "http://gone": {"saved": old, "tasks": {"imp": {"running": [1.0]}}},
                "http://a": {
                    "saved": time.time(),
                    "tasks": {
                        "stale": {"running": [1.0], "updated": old},
                        "fresh": {"running": [1.0], "updated": time.time()},
                    },
                },
            }
        )
    )
    model = DurationModel(store=store, hub="http://a")
    model.record(completed("imp", 2.0))
    model.save()
    data = json.loads(store.read_text())
    assert sorted(data) == ["http://a"]
    assert sorted(data["http://a"]["tasks"]) == ["fresh", "imp"]


def test_few_figures_add_guard_zones_where_looks_are_sparser():
    # One 10 s figure: window 8.95 .. 10.03 with guard zones of 3 s each side
    # (5.95 .. 8.95 and 10.03 .. 13.03); 31 looks: weighted 3 + 1.08 * 3 + 3 = 9.24.
    looks = lambda ahead: 31  # noqa: E731
    step = 9.24 / 31
    assert DurationModel.aim((10.0, 10.0), 0.0, looks, figures=1) == pytest.approx(5.95 + step)
    # inside the window the looks come three times closer
    assert DurationModel.aim((10.0, 10.0), 9.0, lambda a: 10, figures=1) == pytest.approx(
        (1.03 * 3 + 3) / 10 / 3
    )
    # eight figures: guard zones of 0.375 s, nearly all the weight in the window
    eight = DurationModel.aim((10.0, 10.0), 0.0, looks, figures=8)
    assert eight == pytest.approx(8.575 + (0.375 + 1.08 * 3 + 0.375) / 31)
    # an end 2 s later than the one figure is still in a guard zone: looked for
    assert DurationModel.aim((10.0, 10.0), 12.0, lambda a: 4, figures=1) == pytest.approx(1.03 / 4)
    assert DurationModel.aim((10.0, 10.0), 12.0, lambda a: 4, figures=8) is None


def test_weighted_time_and_its_inverse_agree():
    from HubTaskLibrary.client.timing import _after_weighted, _weighted

    edges, weights = (1.0, 2.0, 3.0, 5.0), (1.0, 3.0, 1.0)
    assert _weighted(edges, weights, 0.0, 6.0) == pytest.approx(1 + 3 + 2)
    for start in (0.0, 1.5, 2.5, 4.0):
        for length in (0.1, 1.0, 2.5, 5.0):
            end = _after_weighted(edges, weights, start, length)
            inside = _weighted(edges, weights, max(start, 1.0), min(end, 5.0))
            assert inside + max(0.0, end - max(5.0, start)) == pytest.approx(length)


def test_the_dense_window_is_made_of_the_latest_figures():
    model = DurationModel()
    for seconds in (3.0, 3.3, 3.1, 3.2, 1.9, 2.1, 2.0):  # a batch phase, then lone runs
        model.record_operation("upload", seconds)
    assert model.window("operation", "upload") == pytest.approx((1.9, 3.3))
    assert model.recent_window("operation", "upload") == pytest.approx((1.9, 2.1))
    assert model.recent_window("operation", "gone") is None


def _looks(span, core, figures=7, rate=2.0, until=4.0):
    """Where successive aimed looks fall from a dispatch at 0 (looks take no time)."""
    at, spent, looks = 0.0, 0, []
    while at < until:
        budget = lambda ahead, at=at, spent=spent: rate * (at + ahead) - spent  # noqa: E731
        hint = DurationModel.aim(span, at, budget, figures, core)
        if hint is None:
            break
        at += hint
        spent += 1
        looks.append(at)
    return looks


def test_latest_figures_get_the_dense_looks_and_older_ones_a_guard_zone():
    span, core = (1.9, 3.3), (1.9, 2.1)
    recent = _looks(span, core)
    every = _looks(span, None)

    def worst_delay(looks: list[float]) -> float:
        """The latest an end in 1.9 .. 2.1 s (the lone runs') is seen."""
        ends = [1.9 + i / 100 for i in range(21)]
        return max(min(t for t in looks if t >= end) - end for end in ends)

    # lone runs end in 1.9 .. 2.1: seen within 0.2 s, where the window of all
    # seven figures spreads its looks over 1.9 .. 3.4 and sees them up to 0.3 s late
    assert worst_delay(recent) <= 0.2 < 0.25 < worst_delay(every)
    # an end like the older figures' (3.2 s) is still looked for, not left to
    # the loop's overdue looks
    assert any(3.0 <= t <= 3.5 for t in recent)
    assert DurationModel.aim(span, 3.2, lambda a: 4, 7, core) is not None
    # without older figures outside it, the core is the span: the same looks
    assert _looks(core, core) == pytest.approx(_looks(core, None))


def test_the_store_keeps_the_most_recently_updated_names_only(tmp_path, monkeypatch):
    monkeypatch.setattr(DurationModel, "KEEP_NAMES", 3)
    store = tmp_path / "durations.json"
    for i in range(5):  # one run per random repository name, as suites do
        model = DurationModel(store=store, hub="http://a")
        model.record_operation(f"copy published repo_{i}", 0.2)
        model.save()
    kept = json.loads(store.read_text())["http://a"]["tasks"]
    assert sorted(kept) == [f"copy published repo_{i}" for i in (2, 3, 4)]


def test_a_sub_second_task_a_little_later_than_learned_is_seen_by_its_free_looks():
    # Approvals learned at 0.36-0.49 s; one ends at 0.58 s (seen in the benchmark).
    # The rule allows 2 requests in a wait's first second and the third at 1.5 s,
    # so the two free looks must reach past the window by LATE_GUARD.
    span, at, spent, looks = (0.36, 0.49), 0.0, 0, []
    while spent < 2:
        budget = lambda ahead, at=at, spent=spent: max(2.0, 2 * (at + ahead)) - spent  # noqa: E731
        hint = DurationModel.aim(span, at, budget, 4)
        assert hint is not None
        at += hint
        spent += 1
        looks.append(at)
    assert looks[0] < 0.49 < 0.58 <= looks[1] < 0.7
