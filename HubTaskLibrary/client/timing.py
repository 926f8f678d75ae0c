"""Reading the hub's task timestamps, and learning how long tasks take.

Both serve the waiting loop: the timestamps give the log its "queued 0.2 s,
running 2.4 s", and the learned durations let a wait sleep through most of a
task whose kind it has seen before, then look closely around the expected end.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict, deque
from datetime import datetime
from typing import Any


def parse_time(value: Any) -> float | None:
    """A hub timestamp (ISO 8601) as POSIX seconds, or None."""
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def task_durations(task: dict[str, Any]) -> tuple[float | None, float | None]:
    """(seconds queued, seconds running) of a task, where known."""
    created = parse_time(task.get("pulp_created") or task.get("created_at"))
    started = parse_time(task.get("started_at"))
    finished = parse_time(task.get("finished_at"))
    queued = started - created if created is not None and started is not None else None
    running = finished - started if started is not None and finished is not None else None
    return queued, running


class ClockSync:
    """The offset between the hub's clock and ours, from tasks we dispatched.

    ``pulp_created`` of a task we just dispatched happened before we read the
    reply, so ``pulp_created - reply_time`` bounds the offset from below; the
    largest such bound is the best estimate (loopback hubs give ~0).
    """

    def __init__(self) -> None:
        self._reply_times: dict[str, float] = {}
        self.offset: float | None = None

    def dispatched(self, uuid: str, reply_time: float | None = None) -> None:
        self._reply_times[uuid] = reply_time if reply_time is not None else time.time()

    def observe(self, task: dict[str, Any], uuid: str) -> None:
        reply_time = self._reply_times.pop(uuid, None)
        created = parse_time(task.get("pulp_created"))
        if reply_time is None or created is None:
            return
        bound = created - reply_time
        if self.offset is None or bound > self.offset:
            self.offset = bound

    def to_local(self, server_time: float) -> float | None:
        return None if self.offset is None else server_time - self.offset


class DurationModel:
    """How long tasks of each name ran lately (the last few runs)."""

    def __init__(self, keep: int = 5) -> None:
        self._runs: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=keep))

    def record(self, task: dict[str, Any]) -> None:
        if task.get("state") != "completed":
            return
        _, running = task_durations(task)
        if running is not None and running >= 0:
            self._runs[str(task.get("name"))].append(running)

    def expected(self, name: str) -> float | None:
        runs = self._runs.get(name)
        if not runs:
            return None
        # The shortest recent run, nudged toward the median: start looking
        # closely a little before the earliest plausible end.
        return min(min(runs), statistics.median(runs) * 0.9)

    def hint(self, task: dict[str, Any], clock: ClockSync) -> float | None:
        """Seconds to sleep before it is worth looking at a running task again."""
        if task.get("state") != "running":
            return None
        expected = self.expected(str(task.get("name")))
        started = parse_time(task.get("started_at"))
        if expected is None or started is None:
            return None
        started_local = clock.to_local(started)
        if started_local is None:
            return None
        remaining = expected - (time.time() - started_local)
        margin = 0.1 + 0.05 * expected
        return remaining - margin if remaining - margin > 0.15 else None
