"""Reading the hub's task timestamps, and learning how long tasks take.

Both serve the waiting loop: the timestamps give the log its "queued 0.2 s,
running 2.4 s", and the learned durations let a wait sleep through most of a
task whose kind it has seen before, then look closely around the expected end.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections import defaultdict, deque
from datetime import datetime
from pathlib import Path
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
    """How long tasks of each name took lately, to aim looks at their end.

    Two durations are kept per task name: *running* (``started_at`` to
    ``finished_at``) and *total* (``pulp_created`` to ``finished_at``, queue
    included, for tasks seen before they start). With a ``store`` path the
    figures outlive the process (one small JSON file per user, keyed by hub),
    so the next ``robot`` run aims well from its first wait.
    """

    # Runs that vary more than this are not worth aiming at.
    MAX_SPREAD = 1.5

    def __init__(self, keep: int = 5, store: Path | None = None, hub: str = "") -> None:
        self._keep = keep
        self._runs: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=keep))
        self._totals: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=keep))
        self._store = store
        self._hub = hub
        self._load()

    # -- learning -------------------------------------------------------------
    def record(self, task: dict[str, Any]) -> None:
        if task.get("state") != "completed":
            return
        name = str(task.get("name"))
        queued, running = task_durations(task)
        if running is not None and running >= 0:
            self._runs[name].append(running)
            if queued is not None and queued >= 0:
                self._totals[name].append(queued + running)

    def expected(self, name: str) -> float | None:
        """A cautious (early) estimate of the running time, or None."""
        runs = self._usable(self._runs.get(name))
        return None if runs is None else min(runs)

    def _usable(self, runs: deque[float] | None) -> list[float] | None:
        if not runs:
            return None
        values = list(runs)
        low, high = min(values), max(values)
        if high > max(low, 0.05) * self.MAX_SPREAD:
            return None
        return values

    # -- aiming ------------------------------------------------------------------
    def hint(
        self,
        task: dict[str, Any],
        clock: ClockSync,
        expensive_until: float = 0.0,
    ) -> float | None:
        """Seconds to sleep before the next look at ``task`` is worth making.

        A look that comes too early within ``expensive_until`` seconds from
        now would be followed by a long gap (the rate rule allows no close
        looks yet): there, aim just after the latest recent end instead of
        just before the earliest.
        """
        state = task.get("state")
        if state == "canceling":
            return 0.05  # a canceled task ends within a second or so
        name = str(task.get("name"))
        if state == "running":
            runs = self._usable(self._runs.get(name))
            since = clock.to_local(parse_time(task.get("started_at")) or 0.0)
        elif state == "waiting":
            runs = self._usable(self._totals.get(name))
            since = clock.to_local(parse_time(task.get("pulp_created")) or 0.0)
        else:
            return None
        if runs is None or since is None:
            return None
        elapsed = time.time() - since
        remaining = min(runs) * 0.9 - elapsed - 0.05
        if remaining < expensive_until:
            remaining = max(runs) - elapsed + 0.03
        return remaining if remaining > 0.05 else None

    # -- keeping ------------------------------------------------------------------
    def _load(self) -> None:
        if self._store is None:
            return
        try:
            data = json.loads(self._store.read_text())
        except (OSError, ValueError):
            return
        for name, entry in (data.get(self._hub) or {}).items():
            with contextlib.suppress(TypeError, ValueError):
                self._runs[name].extend(float(v) for v in entry.get("running", []))
                self._totals[name].extend(float(v) for v in entry.get("total", []))

    def save(self) -> None:
        """Write the figures back (atomically; parallel writers: last one wins)."""
        if self._store is None or not self._runs:
            return
        try:
            data = json.loads(self._store.read_text())
        except (OSError, ValueError):
            data = {}
        data[self._hub] = {
            name: {"running": list(runs), "total": list(self._totals.get(name, []))}
            for name, runs in self._runs.items()
        }
        with contextlib.suppress(OSError):
            self._store.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._store.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, indent=1))
            os.replace(tmp, self._store)


def default_store() -> Path | None:
    """Where learned durations are kept: ``$HUBTASK_CACHE_DIR`` or the user cache.

    ``HUBTASK_CACHE_DIR=off`` keeps them in memory only.
    """
    base = os.environ.get("HUBTASK_CACHE_DIR")
    if base == "off":
        return None
    if not base:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        base = str(Path(base) / "hubtasklibrary")
    return Path(base) / "durations.json"
