"""What one wait saw: its tasks as spans on the local clock, its looks, its end.

A :class:`WaitRecorder` is the observer a waiting loop calls on each look
(see ``client/observer.py``). It keeps only what the looks read, so recording
costs no request; times are converted from the hub's clock with the offset
the client already estimated.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

FINAL = frozenset({"completed", "failed", "canceled", "skipped"})


def _posix(value: Any) -> float | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _uuid(href: Any) -> str | None:
    if not href or not isinstance(href, str):
        return None
    return href.rstrip("/").rsplit("/", 1)[-1] or None


def _error_text(error: Any) -> str:
    text = str(error.get("description") or "") if isinstance(error, dict) else str(error or "")
    return " ".join(text.split())[:500]


@dataclass
class TaskSpan:
    """One task as a wait saw it; times are POSIX seconds on the local clock."""

    uuid: str
    name: str = ""
    state: str = ""
    parent: str | None = None
    created: float | None = None
    started: float | None = None
    finished: float | None = None
    error: str = ""
    progress: str = ""
    href: str = ""
    ui: str = ""
    # First look that read it final; last look that read it unfinished.
    seen_final: float | None = None
    seen_unfinished: float | None = None
    # A hub-wide wait reads only unfinished tasks: a task that drops out of
    # its answer ended between ``seen_unfinished`` and this look, unread.
    vanished: float | None = None

    @property
    def final(self) -> bool:
        return self.state in FINAL

    @property
    def queued_s(self) -> float | None:
        if self.created is None or self.started is None:
            return None
        return max(0.0, self.started - self.created)

    @property
    def running_s(self) -> float | None:
        if self.started is None or self.finished is None:
            return None
        return max(0.0, self.finished - self.started)

    @property
    def end(self) -> float | None:
        """When it ended, as far as known (the look it vanished in at worst)."""
        return self.finished if self.finished is not None else self.vanished


@dataclass
class WaitRecord:
    """One waiting keyword: what it waited for, when it looked, when it returned."""

    id: str
    keyword: str
    what: str = ""
    suite: str = ""
    test: str = ""
    timeout: float = 0.0
    started: float = 0.0
    returned: float | None = None
    looks: list[float] = field(default_factory=list)
    tasks: dict[str, TaskSpan] = field(default_factory=dict)
    error: str = ""

    @property
    def elapsed(self) -> float:
        return (self.returned or time.time()) - self.started

    @property
    def last_end(self) -> float | None:
        ends = [t.end for t in self.tasks.values() if t.end is not None]
        return max(ends) if ends else None

    @property
    def overhead(self) -> float | None:
        """Seconds the keyword took past the end of the last task it waited for."""
        end = self.last_end
        if end is None or self.returned is None or not self.tasks:
            return None
        if any(not t.final for t in self.tasks.values()):
            return None
        return max(0.0, self.returned - max(end, self.started))

    def ordered(self) -> list[tuple[int, TaskSpan]]:
        """Tasks by creation, each child right under its parent: (depth, task)."""
        spans = self.tasks
        kids: dict[str | None, list[TaskSpan]] = {}
        for span in spans.values():
            parent = span.parent if span.parent in spans else None
            kids.setdefault(parent, []).append(span)
        for group in kids.values():
            group.sort(key=lambda s: (s.created or 0.0, s.name))
        out: list[tuple[int, TaskSpan]] = []

        def walk(parent: str | None, depth: int) -> None:
            for span in kids.get(parent, []):
                out.append((depth, span))
                if depth < 8:
                    walk(span.uuid, depth + 1)

        walk(None, 0)
        return out

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tasks"] = [asdict(span) for _, span in self.ordered()]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WaitRecord:
        spans = {t["uuid"]: TaskSpan(**t) for t in data.get("tasks", [])}
        fields_ = {k: v for k, v in data.items() if k != "tasks"}
        return cls(**fields_, tasks=spans)


class WaitRecorder:
    """The observer of one wait: fills a :class:`WaitRecord` from its looks.

    A look only keeps references to the dictionaries it read and the states'
    moments (microseconds); timestamps are parsed once, when the wait is
    over. ``to_local`` converts a hub timestamp to the local clock (None:
    unknown, the hub's clock is taken as ours); ``ui_link`` makes a task's UI
    address. Looks happen in the keyword's thread; a progress printer may
    read :meth:`snapshot` from another, hence the lock.
    """

    def __init__(
        self,
        record: WaitRecord,
        to_local: Callable[[float], float | None] = lambda t: t,
        ui_link: Callable[[str], str] = lambda uuid: "",
        clock: Callable[[], float] = time.time,
    ):
        self.record = record
        self._to_local = to_local
        self._ui_link = ui_link
        self._clock = clock
        self._lock = threading.Lock()
        self._latest: dict[str, dict[str, Any]] = {}
        self._seen_final: dict[str, float] = {}
        self._seen_unfinished: dict[str, float] = {}
        self._vanished: dict[str, float] = {}

    def looked(self, tasks: Iterable[dict[str, Any]]) -> None:
        now = self._clock()
        with self._lock:
            self.record.looks.append(now)
            present = self._keep(tasks, now)
            for uuid, task in self._latest.items():
                if uuid not in present and task.get("state") not in FINAL:
                    self._vanished.setdefault(uuid, now)

    def add(self, tasks: Iterable[dict[str, Any]]) -> None:
        """Tasks known without a look (e.g. the bad endings a failure names)."""
        with self._lock:
            self._keep(tasks, None)

    def _keep(self, tasks: Iterable[dict[str, Any]], now: float | None) -> set[str]:
        present: set[str] = set()
        for task in tasks:
            uuid = _uuid(task.get("pulp_href"))
            if uuid is None:
                continue
            present.add(uuid)
            old = self._latest.get(uuid)
            # A bare reference (a timeout names a task not visible yet) adds nothing.
            if old is None or len(task) > 2:
                self._latest[uuid] = task
            if now is None:
                continue
            if task.get("state") in FINAL:
                self._vanished.pop(uuid, None)
                self._seen_final.setdefault(uuid, now)
            else:
                self._seen_unfinished[uuid] = now
        return present

    def _local(self, value: Any) -> float | None:
        posix = _posix(value)
        if posix is None:
            return None
        converted = self._to_local(posix)
        return posix if converted is None else converted

    def _span(self, uuid: str, task: dict[str, Any]) -> TaskSpan:
        span = TaskSpan(
            uuid,
            name=str(task.get("name") or ""),
            state=str(task.get("state") or ""),
            parent=_uuid(task.get("parent_task")),
            created=self._local(task.get("pulp_created")),
            started=self._local(task.get("started_at")),
            finished=self._local(task.get("finished_at")),
            error=_error_text(task.get("error")),
            href=str(task.get("pulp_href") or ""),
            ui=self._ui_link(uuid),
            seen_final=self._seen_final.get(uuid),
            seen_unfinished=self._seen_unfinished.get(uuid),
            vanished=self._vanished.get(uuid),
        )
        reports = task.get("progress_reports") or []
        if reports and isinstance(reports[-1], dict):
            last = reports[-1]
            span.progress = str(last.get("message") or "")
            if last.get("total"):
                span.progress += f" {last.get('done')}/{last.get('total')}"
        return span

    def finish(
        self, error: str = "", bad: Iterable[dict[str, Any]] = (), vanished_state: str = ""
    ) -> WaitRecord:
        """The keyword returned (or failed with ``error``). ``bad``: tasks the
        failure names. Tasks that dropped out of a hub-wide wait's answers and
        are not among them ended ``vanished_state`` (``completed`` when the
        wait succeeded or named every bad ending)."""
        self.add(bad)
        with self._lock:
            record = self.record
            record.returned = self._clock()
            record.error = " ".join(error.split())[:1000]
            record.tasks = {u: self._span(u, t) for u, t in self._latest.items()}
        if vanished_state:
            for span in record.tasks.values():
                if span.vanished is not None and not span.final:
                    span.state = vanished_state
        return record

    def snapshot(self) -> list[TaskSpan]:
        """The tasks as the looks so far read them (for progress lines)."""
        with self._lock:
            return [self._span(u, t) for u, t in self._latest.items()]


__all__ = ["FINAL", "TaskSpan", "WaitRecord", "WaitRecorder"]
