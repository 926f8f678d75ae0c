"""Reading the hub's task timestamps, and learning how long tasks take.

Both serve the waiting loop: the timestamps give the log its "queued 0.2 s,
running 2.4 s", and the learned durations let a wait sleep through most of a
task whose kind it has seen before, then look closely around the expected end.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from .states import LEARNED_ENDINGS, TaskState


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

    Three durations are kept per task name: *running* (``started_at`` to
    ``finished_at``), *total* (``pulp_created`` to ``finished_at``, queue
    included, for tasks seen before they start) and *tree* (``pulp_created``
    to the end of the last task it dispatched, e.g. an import and the
    ``add_and_remove`` that follows it: what a wait for the task really
    waits for). Per kind of operation (an upload, an approval) it keeps how
    long after the dispatch the whole operation was over, so the first look
    of a wait can already be aimed. With a ``store`` path the figures outlive the process (one
    small JSON file per user, keyed by hub), so the next ``robot`` run aims
    well from its first wait.

    The store is read defensively: a figure that is not a finite positive
    number (NaN, Infinity, a negative, a string) is dropped. Processes that
    save at once (pabot) merge what each learned, under a lock; figures of a
    task name or hub not updated for ``MAX_AGE`` seconds expire.
    """

    KINDS = ("running", "total", "tree", "operation")
    # Hubs remembered in the store; the least recently saved are dropped.
    KEEP_HUBS = 20
    # Entries (hubs, task names) not updated for this long are dropped (30 days).
    MAX_AGE = 30 * 24 * 3600.0
    # Task names (and operation kinds) kept per hub, the most recently updated:
    # suites that name things at random ("copy published repo2_<random>")
    # would otherwise grow the store by a few names every run.
    KEEP_NAMES = 200
    # How much closer looks are in a learned window than in its guard zones (see `aim`).
    CORE_DENSITY = 3.0
    # The latest figures the dense window is made of (the older ones widen its guard zones).
    RECENT = 3
    # Seconds the guard zone after a window lasts at least: a sub-second task's
    # end moves by ~0.1 s from run to run whatever its figures say (seen: approvals
    # learned at 0.36-0.49 s ending at 0.58 s), and a look missed there costs the
    # rule's third request, 1.5 s into the wait.
    LATE_GUARD = 0.1

    def __init__(self, keep: int = 8, store: Path | None = None, hub: str = "") -> None:
        self._keep = keep
        self._figures: dict[str, dict[str, deque[float]]] = {
            kind: defaultdict(lambda: deque(maxlen=keep)) for kind in self.KINDS
        }
        # What this process learned since it loaded the store (merged on save).
        self._learned: dict[str, dict[str, list[float]]] = {kind: {} for kind in self.KINDS}
        self._store = store
        self._hub = hub
        self._load()

    def _add(self, kind: str, name: str, seconds: float) -> None:
        if not _is_duration(seconds):
            return
        self._figures[kind][name].append(float(seconds))
        self._learned[kind].setdefault(name, []).append(float(seconds))

    # -- learning -------------------------------------------------------------
    @staticmethod
    def key(task: dict[str, Any]) -> str:
        """Figures are kept per task name, apart for tasks dispatched by tasks
        (``add_and_remove`` after an import is not the ``add_and_remove`` of
        a deprecation)."""
        name = str(task.get("name"))
        return f"{name} (child)" if task.get("parent_task") else name

    def record(self, task: dict[str, Any]) -> None:
        """Learn from a finished task: when it ends, however it ends (a suite
        that cancels a sync after a while does so every run)."""
        # (The set holds enum members, whose hash is not their value's.)
        if task.get("state") not in {s.value for s in LEARNED_ENDINGS}:
            return
        name = self.key(task)
        queued, running = task_durations(task)
        if running is not None and running >= 0:
            self._add("running", name, running)
            if queued is not None and queued >= 0:
                self._add("total", name, queued + running)

    def record_tree(self, root: dict[str, Any], tree: list[dict[str, Any]]) -> None:
        """Learn how long ``root`` and everything it dispatched took, all completed."""
        if not tree or any(t.get("state") != TaskState.COMPLETED for t in tree):
            return
        created = parse_time(root.get("pulp_created"))
        ends = [end for t in tree if (end := parse_time(t.get("finished_at"))) is not None]
        if created is None or len(ends) != len(tree):
            return
        self._add("tree", self.key(root), max(ends) - created)

    def window(self, kind: str, name: str) -> tuple[float, float] | None:
        """(shortest, longest) recent duration of this kind, or None."""
        values = self._figures[kind].get(name)
        return (min(values), max(values)) if values else None

    def recent_window(self, kind: str, name: str) -> tuple[float, float] | None:
        """(shortest, longest) of the ``RECENT`` latest durations of this kind:
        tasks of a kind behave like their latest runs (a suite's batch of
        uploads, then lone ones, take 3 s and then 2 s each on one hub)."""
        values = self._figures[kind].get(name)
        if not values:
            return None
        latest = list(values)[-self.RECENT :]
        return (min(latest), max(latest))

    def figures(self, kind: str, name: str) -> int:
        """How many recent durations of this kind the window is made of."""
        return len(self._figures[kind].get(name) or ())

    def record_operation(self, kind: str, seconds: float) -> None:
        """Learn how long after its dispatch an operation of ``kind`` was over."""
        self._add("operation", kind, seconds)

    # -- aiming ------------------------------------------------------------------
    def hint(
        self,
        task: dict[str, Any],
        clock: ClockSync,
        budget: Callable[[float], float] | None = None,
        tree: bool = False,
    ) -> float | None:
        """Seconds to sleep before the next look at ``task`` is worth making.

        The task's end is expected in a window, from the recent durations of
        its kind (see :meth:`aim`); ``tree`` aims at the end of the task and of
        the tasks it dispatches. None: nothing known, or the window has passed.
        """
        state = task.get("state")
        if state == TaskState.CANCELING:
            return 0.05  # a canceled task ends within a second or so
        name = self.key(task)
        kind, since_field = "tree", "pulp_created"
        if not (tree and self.figures("tree", name)):
            if state == TaskState.RUNNING:
                kind, since_field = "running", "started_at"
            elif state == TaskState.WAITING:
                kind = "total"
            else:
                return None
        since = clock.to_local(parse_time(task.get(since_field)) or 0.0)
        if since is None:
            return None
        return self._aim_learned(kind, name, time.time() - since, budget)

    def first_look(
        self, kind: str, dispatched: float, budget: Callable[[float], float]
    ) -> float | None:
        """Seconds before the first look at an operation of ``kind`` that was
        dispatched at ``dispatched`` (local time) is worth making, or None."""
        return self._aim_learned("operation", kind, time.time() - dispatched, budget)

    def _aim_learned(
        self, kind: str, name: str, elapsed: float, budget: Callable[[float], float] | None
    ) -> float | None:
        """:meth:`aim` from the figures of this kind and name: all of them, how
        many, and the latest few (None when nothing was learned)."""
        span = self.window(kind, name)
        if span is None:
            return None
        core = self.recent_window(kind, name)
        return self.aim(span, elapsed, budget, self.figures(kind, name), core)

    @staticmethod
    def aim(
        span: tuple[float, float],
        elapsed: float,
        budget: Callable[[float], float] | None,
        figures: int = 8,
        core: tuple[float, float] | None = None,
    ) -> float | None:
        """Where to look next for an end expected ``span`` seconds after a start
        ``elapsed`` seconds ago, ``span`` being made of ``figures`` durations
        and ``core`` (default: ``span``) of the latest few of them.

        The window runs from just before the earliest of the latest ends to
        just after the latest of them (with a margin for a slightly slower
        run). Few figures say little about how much sooner or later the next
        run may end, so the window has a guard zone on each side of
        ``30 % / figures`` of that side's figure (3 s each side of a single
        10 s figure, under 0.4 s with eight; after the window at least
        ``LATE_GUARD``), widened to reach the older figures outside the
        window. The looks the rate rule allows until the last guard zone ends
        (``budget(seconds)``: requests still allowed that many seconds from
        now) are spread over the whole, ``CORE_DENSITY`` times closer in the
        window than in the guard zones; with one look left it goes just after
        the window's latest end (``LATE_GUARD`` after it). Past the last zone
        the waiting loop looks at the full rate the rule allows (see
        ``PollSchedule``).
        """
        low, high = core or span
        unsure = 0.3 / max(1, figures)
        # Zone edges, from the start: guard, window (dense), guard.
        opens = max(0.0, low * 0.9 - 0.05)
        first = min(opens, max(0.0, min(low * (0.9 - unsure), span[0] * 0.9) - 0.05))
        closes = high + max(0.03, 0.3 * (high - low))
        late = max(DurationModel.LATE_GUARD, high * unsure)
        last = max(closes + late, span[1] + max(0.03, span[1] * unsure))
        if last - elapsed <= 0.05:
            return None
        looks = int(budget(last - elapsed)) if budget is not None else 1_000_000
        if looks <= 1:
            # The last look the rule allows for a while: just past the window's
            # latest end, into the late guard zone by LATE_GUARD at most.
            final = min(last, closes + DurationModel.LATE_GUARD)
            return final - elapsed if final - elapsed > 0.05 else last - elapsed
        edges = (first, opens, closes, last)
        weights = (1.0, DurationModel.CORE_DENSITY, 1.0)
        now = max(elapsed, first)
        step = _weighted(edges, weights, now, last) / looks
        target = _after_weighted(edges, weights, now, step)
        return max(target - elapsed, 0.05)

    # -- keeping ------------------------------------------------------------------
    def _load(self) -> None:
        if self._store is None:
            return
        data = _read_store(self._store)
        entry = data.get(self._hub)
        tasks = entry.get("tasks") if isinstance(entry, dict) else None
        for name, figures in (tasks if isinstance(tasks, dict) else {}).items():
            for kind in self.KINDS:
                values = _durations(figures.get(kind) if isinstance(figures, dict) else None)
                if values:
                    self._figures[kind][name].extend(values)

    def save(self) -> None:
        """Merge what this process learned into the store, atomically and under
        a lock: parallel processes each add their figures (none is lost)."""
        if self._store is None or not any(self._learned.values()):
            return
        with contextlib.suppress(OSError):
            self._store.parent.mkdir(parents=True, exist_ok=True)
            with _locked(self._store.with_suffix(".lock")):
                data = _read_store(self._store)
                data[self._hub] = self._merged(data.get(self._hub), time.time())
                data = self._recent(data, time.time())
                tmp = self._store.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_text(json.dumps(data, indent=1))
                os.replace(tmp, self._store)
            self._learned = {kind: {} for kind in self.KINDS}

    def _merged(self, entry: Any, now: float) -> dict[str, Any]:
        """The hub's entry in the store with this process's figures added."""
        stored = entry.get("tasks") if isinstance(entry, dict) else None
        stored = stored if isinstance(stored, dict) else {}
        saved = _number(entry.get("saved")) if isinstance(entry, dict) else None
        tasks: dict[str, Any] = {}
        for name, figures in stored.items():
            if not isinstance(figures, dict):
                continue
            updated = _number(figures.get("updated")) or saved or now
            if now - updated > self.MAX_AGE:
                continue
            kept = {kind: _durations(figures.get(kind)) for kind in self.KINDS}
            tasks[name] = {**kept, "updated": updated}
        for kind, learned in self._learned.items():
            for name, values in learned.items():
                figures = tasks.setdefault(name, {k: [] for k in self.KINDS})
                figures[kind] = (list(figures.get(kind) or []) + values)[-self._keep :]
                figures["updated"] = now
        if len(tasks) > self.KEEP_NAMES:
            newest = sorted(tasks, key=lambda name: tasks[name]["updated"], reverse=True)
            tasks = {name: tasks[name] for name in newest[: self.KEEP_NAMES]}
        return {"saved": now, "tasks": tasks}

    def _recent(self, data: dict[str, Any], now: float) -> dict[str, Any]:
        """Test runs start hubs on random ports: keep only the recent ones."""
        hubs = [
            (saved, hub)
            for hub, entry in data.items()
            if isinstance(entry, dict)
            and (saved := _number(entry.get("saved"))) is not None
            and now - saved <= self.MAX_AGE
        ]
        hubs.sort(reverse=True)
        return {hub: data[hub] for _, hub in hubs[: self.KEEP_HUBS]}


def _weighted(
    edges: tuple[float, ...], weights: tuple[float, ...], start: float, end: float
) -> float:
    """Length of [start, end] counted with each zone's weight (zone i runs
    from edges[i] to edges[i + 1])."""
    total = 0.0
    for (left, right), weight in zip(itertools.pairwise(edges), weights, strict=True):
        overlap = min(end, right) - max(start, left)
        if overlap > 0:
            total += overlap * weight
    return total


def _after_weighted(
    edges: tuple[float, ...], weights: tuple[float, ...], start: float, length: float
) -> float:
    """The moment ``length`` weighted seconds after ``start`` (the inverse of
    :func:`_weighted`); past the last edge, plain seconds."""
    at = start
    for (left, right), weight in zip(itertools.pairwise(edges), weights, strict=True):
        if at >= right:
            continue
        at = max(at, left)
        room = (right - at) * weight
        if length <= room:
            return at + length / weight
        length -= room
        at = right
    return at + length


def _number(value: Any) -> float | None:
    """A finite number from the store (not a bool, not a string), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _is_duration(value: Any) -> bool:
    number = _number(value)
    return number is not None and number > 0


def _durations(values: Any) -> list[float]:
    """The usable figures of a stored list: finite positive numbers only."""
    if not isinstance(values, list):
        return []
    return [float(v) for v in values if _is_duration(v)]


def _read_store(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` for a read-merge-write of the store
    (where ``fcntl`` exists; elsewhere writers may still race)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
