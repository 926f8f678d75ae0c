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
    assert model.expected("imp") == pytest.approx(1.8)  # median nudged down
    model.record(completed("imp", 3.0))
    model.record(completed("imp", 2.5))
    assert model.expected("imp") == pytest.approx(2.0)  # the shortest run
    model.record(completed("imp", 10.0, state="failed"))  # failures teach nothing
    assert model.expected("imp") == pytest.approx(2.0)
    for _ in range(3):
        model.record(completed("imp", 5.0))  # only the last ``keep`` runs count
    assert model.expected("imp") == pytest.approx(4.5)


def test_duration_model_hint(monkeypatch):
    model = DurationModel()
    model.record(completed("imp", 2.0))  # expected 1.8 s
    clock = ClockSync()
    clock.dispatched("u", reply_time=T)
    clock.observe({"pulp_created": iso(T)}, "u")  # offset 0
    running = {"name": "imp", "state": "running", "started_at": iso(T)}
    monkeypatch.setattr(timing.time, "time", lambda: T + 0.5)
    # 1.8 - 0.5 left, minus a margin of 0.1 + 5 %
    assert model.hint(running, clock) == pytest.approx(1.3 - 0.19)
    monkeypatch.setattr(timing.time, "time", lambda: T + 1.6)
    assert model.hint(running, clock) is None  # too close to the end: poll finely
    assert model.hint({**running, "state": "waiting"}, clock) is None
    assert model.hint({**running, "name": "other"}, clock) is None
    assert model.hint(running, ClockSync()) is None  # unknown clock offset
