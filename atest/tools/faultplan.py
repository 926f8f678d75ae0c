"""Which fault the fault proxy injects into which request (pure logic, no I/O).

A fault is only injected where a correct client can cope with it, because the
suites that use the proxy must pass:

- Status faults (429 with and without ``Retry-After``, 502, 503, 504) and
  stalls are injected *before* the request is forwarded: the hub never sees
  the request, so re-sending it is safe for every method.
- A connection reset after the request was read is indistinguishable, for the
  client, from a reset after the hub acted on it. So resets (before or after
  forwarding) go to GETs only; other methods get ``refuse`` instead: the
  proxy stops listening for a moment, so the *next* connection is refused
  before any request byte is sent (safe to retry for every method).
- 404 on the first poll(s) of a task the hub handed out a moment ago, and
  such a task missing from the first task list that should show it
  (``hidden-new-task``): the hub really does this right after dispatch.
- 500 is not transient: it is never drawn at random, only scheduled by a test
  that expects the failure.

Scheduled faults (``schedule``) are consumed first and are not checked for
safety: the test that schedules one expects its effect.
"""

from __future__ import annotations

import fnmatch
import json
import random
import re
import threading
from collections import Counter
from dataclasses import dataclass

STATUS_FAULTS = {
    "429": 429,
    "429-retry-after": 429,
    "500": 500,
    "502": 502,
    "503": 503,
    "504": 504,
    "404-new-task": 404,
}
KINDS = (
    "429",
    "429-retry-after",
    "500",
    "502",
    "503",
    "504",
    "reset-before",
    "reset-after",
    "refuse",
    "stall",
    "404-new-task",
    "hidden-new-task",
)
# Relative weights of the faults drawn at random.
WEIGHTS = {
    "429": 3,
    "429-retry-after": 1,
    "502": 3,
    "503": 3,
    "504": 2,
    "reset-before": 3,
    "reset-after": 3,
    "refuse": 1,
    "stall": 2,
}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TASK_GET = re.compile(r"/pulp/api/v3/tasks/([0-9a-f-]{36})/$")
_TASK_LIST = re.compile(r"/pulp/api/v3/tasks/\?")
# How long after the hub handed a task out its first polls may answer 404.
NEW_TASK_WINDOW = 3.0


def safe_kinds(method: str, path: str) -> tuple[str, ...]:
    """Fault kinds that may be drawn at random for this request."""
    kinds = ["429", "429-retry-after", "502", "503", "504", "stall", "refuse"]
    if method.upper() in ("GET", "HEAD"):
        kinds += ["reset-before", "reset-after"]
    return tuple(kinds)


@dataclass
class Scheduled:
    kind: str
    method: str = "*"
    path: str = "*"
    times: int = 1

    def matches(self, method: str, path: str) -> bool:
        return fnmatch.fnmatch(method.upper(), self.method.upper()) and fnmatch.fnmatch(
            path, self.path
        )


class FaultPlan:
    """Draws faults with a seeded random generator; thread safe."""

    def __init__(
        self,
        seed: int | str = 0,
        rate: float = 0.0,
        kinds: list[str] | tuple[str, ...] | None = None,
        new_task_404: bool = True,
        paths: str = "*",
    ) -> None:
        self.rng = random.Random(str(seed))
        # Random faults only for request paths (query left out) matching this glob.
        self.paths = paths
        self.rate = check_rate(rate)
        self.kinds = tuple(kinds) if kinds else tuple(WEIGHTS)
        for kind in self.kinds:
            check_kind(kind)
        self.new_task_404 = new_task_404
        self.scheduled: list[Scheduled] = []
        self.counts: Counter[str] = Counter()
        self.requests = 0
        self._new_tasks: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    # -- configuration --------------------------------------------------------
    def schedule(self, kind: str, method: str = "*", path: str = "*", times: int = 1) -> None:
        check_kind(kind)
        with self._lock:
            self.scheduled.append(Scheduled(kind, method, path, int(times)))

    def clear_scheduled(self) -> None:
        """Drops the scheduled faults not injected yet."""
        with self._lock:
            self.scheduled.clear()

    def set_rate(self, rate: float) -> float:
        with self._lock:
            old, self.rate = self.rate, check_rate(rate)
        return old

    # -- observations -------------------------------------------------------------
    def handed_out(self, body: bytes, now: float) -> None:
        """Remember the task uuids in a reply to a change (202 bodies)."""
        text = body.decode("utf-8", "replace")
        with self._lock:
            for uuid in set(_UUID.findall(text)):
                self._new_tasks.setdefault(uuid, (now, 0))

    # -- the decision ----------------------------------------------------------------
    def choose(self, method: str, path: str, now: float) -> str | None:
        """The fault to inject into this request, or None; counts what it returns."""
        with self._lock:
            self.requests += 1
            fault = self._choose(method.upper(), path.split("?", 1)[0], now)
            if fault:
                self.counts[fault] += 1
            return fault

    def _choose(self, method: str, path: str, now: float) -> str | None:
        for item in self.scheduled:
            if item.matches(method, path):
                item.times -= 1
                if item.times <= 0:
                    self.scheduled.remove(item)
                return item.kind
        if self.new_task_404 and method == "GET":
            match = _TASK_GET.search(path)
            if match and match.group(1) in self._new_tasks:
                handed, served = self._new_tasks[match.group(1)]
                # The first poll always, a second one sometimes, within the window.
                if now - handed < NEW_TASK_WINDOW and (
                    served == 0 or (served == 1 and self.rng.random() < 0.5)
                ):
                    self._new_tasks[match.group(1)] = (handed, served + 1)
                    return "404-new-task"
                self._new_tasks.pop(match.group(1), None)
        if not fnmatch.fnmatch(path, self.paths):
            return None
        if self.rate <= 0 or self.rng.random() >= self.rate:
            return None
        allowed = [k for k in safe_kinds(method, path) if k in self.kinds]
        if not allowed:
            return None
        return self.rng.choices(allowed, weights=[WEIGHTS.get(k, 1) for k in allowed])[0]

    def hide_new_tasks(self, method: str, path: str, data: bytes, now: float) -> bytes:
        """A task list answer without the tasks handed out a moment ago that no
        read has shown yet (each is hidden from one list, once)."""
        if not self.new_task_404 or method.upper() != "GET" or not _TASK_LIST.search(path):
            return data
        try:
            body = json.loads(data)
        except ValueError:
            return data
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            return data
        kept = []
        with self._lock:
            for task in results:
                match = _UUID.search(str(task.get("pulp_href", "")))
                uuid = match.group(0) if match else None
                handed, served = self._new_tasks.get(uuid, (0.0, 1)) if uuid else (0.0, 1)
                if served == 0 and now - handed < NEW_TASK_WINDOW:
                    self._new_tasks[uuid] = (handed, 1)  # type: ignore[index]
                    self.counts["hidden-new-task"] += 1
                    continue
                kept.append(task)
        if len(kept) == len(results):
            return data
        body["count"] = max(0, int(body.get("count") or 0) - (len(results) - len(kept)))
        body["results"] = kept
        return json.dumps(body).encode()

    def total(self, kind: str | None = None) -> int:
        with self._lock:
            return self.counts[kind] if kind else sum(self.counts.values())


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"Unknown fault '{kind}': use one of {', '.join(KINDS)}.")
    return kind


def check_rate(rate: float | str) -> float:
    value = float(rate)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"Fault rate must be between 0 and 1, not {value}.")
    return value
