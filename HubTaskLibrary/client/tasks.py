"""Reading, listing, waiting for and canceling Pulp tasks.

The waits themselves are in :mod:`.waiting` (one small class per kind of
wait); all go through :func:`polling.poll_until`. A wait is over when every task
it covers is final *and* the tasks those tasks dispatched (``child_tasks``; an
import to staging dispatches the ``add_and_remove`` that makes the collection
visible) are final too. Failures carry the task's own error text.
"""

from __future__ import annotations

import builtins
import logging
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .errors import HubHTTPError, HubNotFoundError
from .http import HubSession
from .observer import WaitObserver
from .polling import PollSchedule, PollStats, PollTimeout
from .pulp import TASKS_PATH, in_domain
from .references import task_uuid
from .states import BAD_ENDINGS, TaskState, state_filter
from .timing import ClockSync, DurationModel, default_store, parse_time
from .waiting import LIST_FIELDS, AllTasksWait, TaskWait, WaitReport, describe_timing
from .workers import error_description, worker_notes

log = logging.getLogger("HubTaskLibrary.tasks")

# How long a task we were just handed may answer 404 (dispatch races the read).
NOT_FOUND_GRACE = 5.0
# Tasks of one operation read in one request; more means someone reuses the id.
_OPERATION_PAGE = 50


@dataclass(frozen=True)
class Dispatch:
    """A task the hub handed us: when the reply came, the operation's
    correlation id, and the kind of operation where the caller named it."""

    at: float
    cid: str | None = None
    kind: str | None = None


class TaskService:
    """Tasks on one hub, seen through one :class:`HubSession`."""

    def __init__(self, session: HubSession, schedule: PollSchedule | None = None):
        self.session = session
        self.schedule = schedule or PollSchedule()
        self.clock = ClockSync()
        self.durations = DurationModel(store=default_store(), hub=session.base_url)
        # Tasks this instance was handed by the hub.
        self._dispatched: dict[str, Dispatch] = {}
        # Tasks whose ending was already reported or expected (a wait failed
        # on them, or Cancel Task made "canceled" the expected end).
        self.settled: set[str] = set()
        self.failure_checkpoint: float | None = None
        # Tasks Wait For All Tasks saw run: their durations are learned later.
        self.unlearned: set[str] = set()
        # Tasks any read has shown (a just-dispatched task may not show yet).
        self._seen: set[str] = set()
        # Shown every look of a wait (what it read, no request of its own).
        self.observer: WaitObserver | None = None
        # What the waits sleep and tell time with (a test may run them on a
        # clock of its own; the HTTP retries keep real time).
        self.sleep: Callable[[float], None] = time.sleep
        self.monotonic: Callable[[], float] = time.monotonic

    # -- references --------------------------------------------------------
    def href(self, uuid: str) -> str:
        return f"{self.session.api_prefix}{in_domain(TASKS_PATH, self.session.domain)}{uuid}/"

    def ui_link(self, uuid: str) -> str:
        if not self.session.has_galaxy_api:
            # Plain Pulp has no web UI: the task's API URL is the link to follow.
            return self.session.url(self.href(uuid))
        return self.session.ui_url(f"task/{uuid}/")

    def dispatched(
        self, uuids: Iterable[str], kind: str | None = None, at: float | None = None
    ) -> None:
        """Record tasks the hub just handed us (404 grace, clock sync, and
        with ``kind`` how long operations of that kind take); ``at``: when the
        reply that dispatched them came (default: now)."""
        now = time.time() if at is None else at
        operation = self.session.current_operation
        cid = operation.correlation_id if operation is not None else None
        for uuid in uuids:
            self._dispatched[uuid] = Dispatch(now, cid, kind or None)
            self.clock.dispatched(uuid, now)

    def first_look_after(self, kind: str, dispatched_at: float) -> float:
        """Seconds before a first look at an operation of ``kind`` dispatched at
        ``dispatched_at`` is worth making (0: look now, nothing learned)."""
        allowed = self.schedule.requests_allowed  # nothing spent yet
        return self.durations.first_look(kind, dispatched_at, allowed) or 0.0

    # -- reading -------------------------------------------------------------
    def get(self, reference: Any) -> dict[str, Any]:
        uuid = task_uuid(reference)
        try:
            task: dict[str, Any] = self.session.get_json(f"{TASKS_PATH}{uuid}/")
        except HubNotFoundError as err:
            if not isinstance(err.body, (dict, list)):
                raise  # "no API at this path" (an HTML 404): not a missing task
            raise HubNotFoundError(
                f"Task {uuid} was not found on the hub: check the task id "
                "(and that the user may see it).",
                404,
                "GET",
                self.href(uuid),
            ) from None
        self.clock.observe(task, uuid)
        self._seen.add(uuid)
        return task

    def get_if_visible(self, uuid: str) -> dict[str, Any] | None:
        """The task, or None while a just-dispatched task still answers 404."""
        try:
            return self.get(uuid)
        except HubNotFoundError:
            handed = self._dispatched.get(uuid)
            if handed is not None and time.time() - handed.at < NOT_FOUND_GRACE:
                return None
            raise

    def list(self, limit: int | None = 100, **filters: Any) -> builtins.list[dict[str, Any]]:
        """Tasks matching hub-side filters (``state``, ``name__contains``...), newest first.

        ``limit=None`` follows every page.
        """
        params: dict[str, Any] = {"ordering": "-pulp_created"}
        for key, value in filters.items():
            if value is None:
                continue
            if isinstance(value, (list, tuple, set)):
                value = ",".join(str(v) for v in value)
            params[key] = value
        page_size = 100 if limit is None else max(1, min(int(limit), 1000))
        params["limit"] = page_size
        results: builtins.list[dict[str, Any]] = []
        path: str | None = TASKS_PATH
        while path:
            body = self.session.get_json(path, params=params if path == TASKS_PATH else None)
            for task in body.get("results", []):
                results.append(task)
                if task.get("pulp_href"):
                    uuid = task_uuid(task)
                    self._seen.add(uuid)
                    self.clock.observe(task, uuid)
            path = body.get("next") if limit is None else None
            if limit is not None and len(results) >= limit:
                return results[:limit]
        return results

    # -- waiting ---------------------------------------------------------------
    def wait(
        self,
        references: Iterable[Any],
        *,
        timeout: float,
        expected: str | Enum = TaskState.COMPLETED,
        children: bool = True,
        known: Iterable[dict[str, Any]] = (),
    ) -> WaitReport:
        """Wait until every referenced task (and its children) is final; see
        :class:`~.waiting.TaskWait`.

        Raises :class:`TaskFailedError` naming every task that did not end in
        ``expected``, and :class:`TaskTimeoutError` naming the unfinished ones.
        """
        waiting = TaskWait(self, references, expected=expected, children=children, known=known)
        return waiting.run(timeout)

    def wait_all(
        self,
        *,
        timeout: float,
        scope: str = "hub",
        name: str | None = None,
        exclude: Iterable[str] = (),
    ) -> WaitReport:
        """Wait until no task is waiting, running or canceling; see
        :class:`~.waiting.AllTasksWait`."""
        waiting = AllTasksWait(self, scope=scope, name=name, exclude=exclude)
        return waiting.run(timeout)

    # -- what waits share ---------------------------------------------------------
    def dispatch_of(self, uuid: str) -> Dispatch | None:
        return self._dispatched.get(uuid)

    def settle(self, tasks: dict[str, dict[str, Any]]) -> None:
        """These tasks' endings were reported (a later wait-all does not again)."""
        self.settled.update(tasks)

    def is_settled(self, task: dict[str, Any]) -> bool:
        return task_uuid(task) in self.settled

    def read(self, uuids: builtins.list[str]) -> dict[str, dict[str, Any] | None]:
        """Read tasks: one GET for one task, one list request for several."""
        if len(uuids) == 1:
            return {uuids[0]: self.get_if_visible(uuids[0])}
        found = {
            task_uuid(t): t
            for t in self.list(limit=None, pulp_href__in=[self.href(u) for u in uuids])
        }
        return {u: found[u] if u in found else self.get_if_visible(u) for u in uuids}

    def read_pending(
        self,
        uuids: builtins.list[str],
        cids: dict[str, str],
        crowded: set[str],
        seen: dict[str, dict[str, Any]],
    ) -> dict[str, dict[str, Any] | None]:
        """Read the pending tasks in one request where possible.

        When they all share one correlation id, one list request by it returns
        them and every task they dispatched (put in ``seen``), so a finished
        parent's children need no request of their own. A correlation id
        shared by more than a page of tasks is not worth it (``crowded``).
        """
        shared = {cids.get(u) for u in uuids}
        cid = next(iter(shared)) if len(shared) == 1 else None
        if cid and cid not in crowded:
            body = self.session.get_json(
                TASKS_PATH, params={"logging_cid": cid, "limit": _OPERATION_PAGE}
            )
            if body.get("next"):
                crowded.add(cid)
            else:
                for task in body.get("results", []):
                    seen[task_uuid(task)] = task
                self._seen.update(seen)
                if all(u in seen for u in uuids):
                    for uuid in uuids:
                        self.clock.observe(seen[uuid], uuid)
                    return {u: seen[u] for u in uuids}
                seen.clear()
        return self.read(uuids)

    def hint(
        self,
        unfinished: builtins.list[dict[str, Any] | None],
        stats: PollStats,
        spent: int,
        roots: Collection[str] = (),
    ) -> float | None:
        """When to look again at these tasks; None when nothing is known.

        A wait ends when its last task does, so looking before the latest
        expected end of the tasks we can predict is never useful. For the
        tasks a wait was given (``roots``) the end of what they dispatch
        counts too.
        """
        schedule, elapsed = self.schedule, stats.elapsed

        def budget(ahead: float) -> float:
            return schedule.requests_allowed(elapsed + ahead) - spent

        hints = [
            self.durations.hint(task, self.clock, budget, tree=task_uuid(task) in roots)
            for task in unfinished
            if task is not None
        ]
        known = [h for h in hints if h is not None]
        return max(known) if known else None

    def operation_of(self, roots: set[str]) -> tuple[str | None, float | None]:
        """The kind of operation that dispatched these tasks, and when (tasks
        it did not name, such as children, go with it)."""
        named = [d for u in roots if (d := self._dispatched.get(u)) and d.kind]
        if len({d.kind for d in named}) != 1:
            return None, None
        return named[0].kind, max(d.at for d in named)

    def learn_trees(self, roots: set[str], final: dict[str, dict[str, Any]]) -> None:
        """Record how long each root and the tasks it dispatched took."""
        for root in roots:
            tree, queue = [], [root]
            while queue:
                task = final.get(queue.pop())
                if task is None:
                    return  # not all of it seen (children not waited for)
                tree.append(task)
                queue.extend(task_uuid(c) for c in task.get("child_tasks") or [])
            self.durations.record_tree(final[root], tree)

    def confirm_dispatched(self) -> dict[str, dict[str, Any] | None]:
        """Read the tasks handed to us a moment ago that no read has shown
        yet (None: still not visible). Usually there are none: no request."""
        now = time.time()
        unseen = [
            uuid
            for uuid, handed in self._dispatched.items()
            if uuid not in self._seen and now - handed.at < NOT_FOUND_GRACE
        ]
        if not unseen:
            return {}
        try:
            return self.read(unseen)
        except HubNotFoundError:  # the grace ran out meanwhile: not ours to wait for
            return {}

    def bad_endings(
        self,
        waited: dict[str, dict[str, Any]],
        name: str | None,
        wanted: Any,
        checkpoint: float | None,
        started_server: float,
    ) -> builtins.list[dict[str, Any]]:
        """Tasks that ended failed/canceled/skipped and concern a hub-wide wait.

        That is every task the wait saw unfinished, plus any task
        of this instance that ended badly since the last wait-all without
        anybody noticing, e.g. an upload made with ``wait=False``. One query
        covers both; the hub's clock is only known to the second, hence the
        slack (duplicates are filtered by uuid).
        """
        first = self.session.first_server_time or started_server
        since = min(started_server - 2, first - 5)
        if checkpoint is not None:
            since = min(started_server - 2, checkpoint)
        filters: dict[str, Any] = {
            "state__in": state_filter(BAD_ENDINGS),
            "finished_at__gte": _iso(since),
            "fields": LIST_FIELDS,
        }
        if name:
            filters["name__contains"] = name
        bad = []
        for task in self.list(limit=None, **filters):
            uuid = task_uuid(task)
            mine = self.session.instance_id in str(task.get("logging_cid") or "")
            if uuid in self.settled or not wanted(task):
                continue
            if uuid in waited or mine:
                bad.append(task)
        return bad

    def learn_durations(self) -> None:
        """Learn how long the tasks that hub-wide waits saw running took: one
        request per 100 tasks, made once (when the library closes), so the
        waits themselves spend nothing on it."""
        uuids = sorted(self.unlearned)
        self.unlearned.clear()
        for start in range(0, len(uuids), 100):
            chunk = [self.href(u) for u in uuids[start : start + 100]]
            fields = f"{LIST_FIELDS},parent_task"
            tasks = self.list(limit=None, pulp_href__in=chunk, fields=fields)
            for task in tasks:
                self.durations.record(task)
            if self.observer is not None:  # the run summary learns these ends too
                self.observer.looked(tasks)

    # -- canceling ---------------------------------------------------------------
    def cancel(self, reference: Any) -> dict[str, Any]:
        """Ask the hub to cancel a task; returns the task as the hub answered."""
        uuid = task_uuid(reference)
        try:
            task: dict[str, Any] = self.session.request(
                "PATCH", f"{TASKS_PATH}{uuid}/", json={"state": "canceled"}
            ).json()
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Cannot cancel task {uuid}: no such task on the hub.",
                404,
                "PATCH",
                self.href(uuid),
            ) from None
        except HubHTTPError as err:
            if err.status != 409:
                raise
            current = self.get(uuid)
            raise HubHTTPError(
                f"Cannot cancel task {current.get('name')} ({uuid}): it is already "
                f"{current.get('state')}; only waiting or running tasks can be canceled.",
                409,
                "PATCH",
                self.href(uuid),
            ) from None
        self.settled.add(uuid)
        return task

    # -- messages -------------------------------------------------------------------
    def describe(self, task: dict[str, Any]) -> str:
        uuid = task_uuid(task)
        return f"{task.get('name') or 'task'} ({uuid})"

    def failure_message(self, bad: builtins.list[dict[str, Any]], want: TaskState | None) -> str:
        parts = []
        for task in bad:
            uuid = task_uuid(task)
            error = task.get("error") or {}
            description = error_description(error)
            traceback = (error.get("traceback") or "").strip() if isinstance(error, dict) else ""
            text = f"Task {task.get('name')} ended {task.get('state')}"
            if want is not None:
                text += f" (expected {want.value})"
            if description:
                text += f": {' '.join(description.split())}"
            if traceback:
                first = " ".join(traceback.splitlines()[-1:]).strip()
                if first and first not in description:
                    text += f" [traceback ends: {first[:200]}]"
            text += f". Task: {self.href(uuid)} UI: {self.ui_link(uuid)}"
            parts.append(text)
        return " | ".join(parts)

    def timeout_message(
        self,
        timeout: float,
        unfinished: builtins.list[dict[str, Any]],
        timeout_error: PollTimeout,
        everything: bool = False,
    ) -> str:
        """The timeout with the last known state of each unfinished task, and
        why the last look failed when it did."""
        what = "all tasks" if everything else "task" + ("s" if len(unfinished) > 1 else "")
        # A running task whose worker died stays running until a worker notices.
        gone = worker_notes(self.session, unfinished)
        shown = [self._describe_unfinished(task, gone) for task in unfinished[:10]]
        more = f" and {len(unfinished) - 10} more" if len(unfinished) > 10 else ""
        if not shown:
            shown = ["no look succeeded"]
        stats: PollStats = timeout_error.stats
        return (
            f"Timed out after {_seconds(timeout)} waiting for {what} "
            f"({stats.polls} polls): {'; '.join(shown)}{more}.{timeout_error.last_look_note()}"
        )

    def _describe_unfinished(self, task: dict[str, Any], gone: dict[str, str]) -> str:
        uuid = task_uuid(task)
        text = f"{task.get('name') or uuid} is {task.get('state') or 'not visible yet'}"
        reports = task.get("progress_reports") or []
        if reports:
            last = reports[-1]
            progress = f"{last.get('message')}"
            if last.get("total"):
                progress += f" {last.get('done')}/{last.get('total')}"
            text += f", last progress: {progress}"
        return text + gone.get(uuid, "") + f" ({self.ui_link(uuid)})"


def _seconds(value: float) -> str:
    # The keyword's remaining time is a hair under what the user asked for.
    return f"{round(value, 1):g} s" if value < 120 else f"{value / 60:.1f} min"


def _iso(posix: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(posix, tz=timezone.utc).isoformat()


__all__ = ["TaskService", "WaitReport", "describe_timing", "parse_time"]
