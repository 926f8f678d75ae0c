"""Task timestamps, clock offset and learned durations (the wait's hints)."""

from __future__ import annotations

from datetime import datetime, timezone

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


def test_duration_model_expected():
    model = DurationModel(keep=3)
    assert model.expected("imp") is None
    model.record(completed("imp", 2.0))
    assert model.expected("imp") == pytest.approx(2.0)
    model.record(completed("imp", 2.6))
    model.record(completed("imp", 2.4))
    assert model.expected("imp") == pytest.approx(2.0)  # the shortest recent run
    model.record(completed("imp", 10.0, state="failed"))  # failures teach nothing
    assert model.expected("imp") == pytest.approx(2.0)
    model.record(completed("imp", 5.0))  # runs that vary too much: no estimate
    assert model.expected("imp") is None
    for _ in range(3):
        model.record(completed("imp", 5.0))  # only the last ``keep`` runs count
    assert model.expected("imp") == pytest.approx(5.0)


def synced_clock() -> ClockSync:
    clock = ClockSync()
    clock.dispatched("u", reply_time=T)
    clock.observe({"pulp_created": iso(T)}, "u")  # offset 0
    return clock


def test_duration_model_hint_aims_before_the_earliest_end(monkeypatch):
    model = DurationModel()
    model.record(completed("imp", 2.0))
    model.record(completed("imp", 2.4))
    clock = synced_clock()
    running = {"name": "imp", "state": "running", "started_at": iso(T)}
    monkeypatch.setattr(timing.time, "time", lambda: T + 0.5)
    assert model.hint(running, clock) == pytest.approx(2.0 * 0.9 - 0.5 - 0.05)
    monkeypatch.setattr(timing.time, "time", lambda: T + 1.7)
    assert model.hint(running, clock) is None  # at the end already: look closely
    assert model.hint({**running, "name": "other"}, clock) is None
    assert model.hint(running, ClockSync()) is None  # unknown clock offset


def test_duration_model_hint_aims_late_when_a_miss_is_expensive(monkeypatch):
    model = DurationModel()
    model.record(completed("imp", 0.5))
    model.record(completed("imp", 0.6))
    running = {"name": "imp", "state": "running", "started_at": iso(T)}
    monkeypatch.setattr(timing.time, "time", lambda: T + 0.1)
    # no close looks allowed for the next 1.4 s: just after the latest end
    assert model.hint(running, synced_clock(), expensive_until=1.4) == pytest.approx(0.53)


def test_duration_model_hint_canceling_and_waiting(monkeypatch):
    model = DurationModel()
    clock = synced_clock()
    assert model.hint({"name": "x", "state": "canceling"}, clock) == pytest.approx(0.05)
    waiting = {"name": "imp", "state": "waiting", "pulp_created": iso(T)}
    assert model.hint(waiting, clock) is None  # no queue-and-run figures yet
    model.record({**completed("imp", 1.0), "pulp_created": iso(T - 0.5)})  # 1.5 s in all
    monkeypatch.setattr(timing.time, "time", lambda: T + 0.2)
    assert model.hint(waiting, clock) == pytest.approx(1.5 * 0.9 - 0.2 - 0.05)


def test_duration_model_keeps_figures_per_hub(tmp_path):
    store = tmp_path / "cache" / "durations.json"
    model = DurationModel(store=store, hub="http://a")
    model.record(completed("imp", 2.0))
    model.save()
    assert DurationModel(store=store, hub="http://a").expected("imp") == pytest.approx(2.0)
    assert DurationModel(store=store, hub="http://b").expected("imp") is None
    store.write_text("not json")
    assert DurationModel(store=store, hub="http://a").expected("imp") is None  # ignored
