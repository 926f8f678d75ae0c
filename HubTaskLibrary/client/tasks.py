"""Reading, listing, waiting for and canceling Pulp tasks.

All waits go through :func:`polling.poll_until`. A wait is over when every task
it covers is final *and* the tasks those tasks dispatched (``child_tasks``; an
import to staging dispatches the ``add_and_remove`` that makes the collection
visible) are final too. Failures carry the task's own error text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from .errors import (
    HubHTTPError,
    HubNotFoundError,
    InvalidArgumentError,
    TaskFailedError,
    TaskTimeoutError,
)
from .http import HubSession
from .polling import PollOutcome, PollSchedule, PollStats, PollTimeout, poll_until
from .references import task_uuid
from .states import FINAL_STATES, UNFINISHED_STATES, TaskState, parse_state, state_of
from .timing import ClockSync, DurationModel, default_store, parse_time, task_durations

log = logging.getLogger("HubTaskLibrary.tasks")

TASKS_PATH = "pulp/api/v3/tasks/"
# How long a task we were just handed may answer 404 (dispatch races the read).
NOT_FOUND_GRACE = 5.0
_UNFINISHED = "waiting,running,canceling"
_BAD_ENDINGS = ",".join(s.value for s in (TaskState.FAILED, TaskState.CANCELED, TaskState.SKIPPED))
_BAD_STATES = frozenset({TaskState.FAILED, TaskState.CANCELED, TaskState.SKIPPED})
_LIST_FIELDS = "pulp_href,name,state,pulp_created,started_at,finished_at,logging_cid,error"
# Tasks of one operation read in one request; more means someone reuses the id.
_OPERATION_PAGE = 50


@dataclass(frozen=True)
class Dispatch:
    """A task the hub handed us: when the reply came, the operation's
    correlation id, and the kind of operation where the caller named it."""

    at: float
    cid: str | None = None
    kind: str | None = None


@dataclass
class WaitReport:
    """What a wait saw, for the keyword log."""

    tasks: list[dict[str, Any]]
    stats: PollStats

    def lines(self) -> list[str]:
        return [describe_timing(task) for task in self.tasks] + [
            f"{self.stats.polls} polls in {self.stats.elapsed:.2f} s"
        ]


def describe_timing(task: dict[str, Any]) -> str:
    queued, running = task_durations(task)
    parts = [f"{task.get('name')} {task.get('state')}"]
    if queued is not None:
        parts.append(f"queued {queued:.2f} s")
    if running is not None:
        parts.append(f"running {running:.2f} s")
    return ", ".join(parts)


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
        self._settled: set[str] = set()
        self._failure_checkpoint: float | None = None
        # Tasks Wait For All Tasks saw run: their durations are learned later.
        self._unlearned: set[str] = set()
        # Tasks any read has shown (a just-dispatched task may not show yet).
        self._seen: set[str] = set()

    # -- references --------------------------------------------------------
    def href(self, uuid: str) -> str:
        return f"{self.session.api_prefix}{TASKS_PATH}{uuid}/"

    def ui_link(self, uuid: str) -> str:
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
            task = self.session.get_json(f"{TASKS_PATH}{uuid}/")
        except HubNotFoundError:
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

    def list(self, limit: int | None = 100, **filters: Any) -> list[dict[str, Any]]:
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
        results: list[dict[str, Any]] = []
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
        expected: str | TaskState = TaskState.COMPLETED,
        children: bool = True,
        known: Iterable[dict[str, Any]] = (),
    ) -> WaitReport:
        """Wait until every referenced task (and its children) is final.

        Each look reads every unfinished task in one request, and reads the
        children a finished task dispatched in the same look. ``known`` are
        task dictionaries just read elsewhere: the first look uses them
        instead of asking again (often nothing is left to wait for).

        Raises :class:`TaskFailedError` naming every task that did not end in
        ``expected``, and :class:`TaskTimeoutError` naming the unfinished ones.
        """
        want = parse_state(expected)
        if not want.is_final:
            raise InvalidArgumentError(
                f"expected must be a final state (completed, failed, canceled, skipped), "
                f"not '{want.value}'."
            )
        pending: list[str] = []
        for ref in references:
            uuid = task_uuid(ref)
            if uuid not in pending:
                pending.append(uuid)
        if not pending:
            raise InvalidArgumentError("No task given to wait for.")
        roots = set(pending)
        prefetched = {task_uuid(t): t for t in known if t.get("state")}
        final: dict[str, dict[str, Any]] = {}
        latest: dict[str, dict[str, Any] | None] = {}
        # Correlation id of each task read so far: a task and the tasks it
        # dispatched share one, so one list request by it reads them all.
        cids: dict[str, str] = {
            u: d.cid for u in pending if (d := self._dispatched.get(u)) and d.cid
        }
        crowded: set[str] = set()

        def settle(found: dict[str, dict[str, Any] | None]) -> list[str]:
            """Record what a read found; return children not read yet."""
            new = []
            for uuid, task in found.items():
                if uuid not in pending:
                    continue
                latest[uuid] = task
                if task is None:
                    continue
                if task.get("logging_cid"):
                    cids[uuid] = str(task["logging_cid"])
                if state_of(task) not in FINAL_STATES:
                    continue
                pending.remove(uuid)
                final[uuid] = task
                self.durations.record(task)
                for child in task.get("child_tasks") or [] if children else []:
                    child_uuid = task_uuid(child)
                    if child_uuid not in final and child_uuid not in pending:
                        pending.append(child_uuid)
                        if uuid in cids:
                            cids.setdefault(child_uuid, cids[uuid])
                        new.append(child_uuid)
            return new

        def look(stats: PollStats) -> PollOutcome[dict[str, Any]]:
            before = self.session.api_requests
            found: dict[str, dict[str, Any] | None] = {
                u: prefetched[u] for u in pending if u in prefetched
            }
            prefetched.clear()  # only the first look may use them
            seen: dict[str, dict[str, Any]] = {}
            unread = [u for u in pending if u not in found]
            if unread:
                found.update(self._read_pending(unread, cids, crowded, seen))
            new = settle(found)
            for _ in range(5):  # children (and theirs) in the same look
                if not new:
                    break
                ready = {u: seen[u] for u in new if u in seen}
                spent = stats.requests + self.session.api_requests - before
                if len(ready) < len(new) and self.schedule.allows(spent, stats.elapsed):
                    ready.update(self._read([u for u in new if u not in ready]))
                # Children not read now (the rate rule) are read by the next look.
                new = settle(ready)
            made = self.session.api_requests - before
            if not pending:
                return PollOutcome(True, requests=made)
            unfinished = [latest.get(u) for u in pending]
            hint = self._hint(
                unfinished, stats, stats.requests + made, roots if children else set()
            )
            return PollOutcome(False, None, hint, requests=made)

        kind, dispatched_at = self._operation_of(roots)
        first_after = 0.0
        if kind and dispatched_at is not None and not prefetched:
            first_after = self.first_look_after(kind, dispatched_at)
        try:
            _, stats = poll_until(
                look, timeout=timeout, schedule=self.schedule, first_after=first_after
            )
        except PollTimeout as timeout_error:
            unfinished = [latest.get(u) or {"pulp_href": self.href(u)} for u in pending]
            raise TaskTimeoutError(
                self._timeout_message(timeout, unfinished, timeout_error.stats), unfinished
            ) from None
        ordered = [final[u] for u in final]
        bad = [
            t
            for u, t in final.items()
            if state_of(t) != want and not (u not in roots and state_of(t) == TaskState.COMPLETED)
        ]
        # A child task is fine when it completed, whatever the parent expected.
        self._settled.update(final)
        if children:
            self._learn_trees(roots, final)
            if kind and dispatched_at is not None and not bad:
                ends = [
                    self.clock.to_local(parse_time(t.get("finished_at")) or 0.0) for t in ordered
                ]
                if ends and all(e is not None for e in ends):
                    self.durations.record_operation(kind, max(ends) - dispatched_at)  # type: ignore[type-var]
        if bad:
            raise TaskFailedError(self._failure_message(bad, want), bad)
        return WaitReport(ordered, stats)

    def _read(self, uuids: list[str]) -> dict[str, dict[str, Any] | None]:
        """Read tasks: one GET for one task, one list request for several."""
        if len(uuids) == 1:
            return {uuids[0]: self.get_if_visible(uuids[0])}
        found = {
            task_uuid(t): t
            for t in self.list(limit=None, pulp_href__in=[self.href(u) for u in uuids])
        }
        return {u: found[u] if u in found else self.get_if_visible(u) for u in uuids}

    def _read_pending(
        self,
        uuids: list[str],
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
        return self._read(uuids)

    def _hint(
        self,
        unfinished: list[dict[str, Any] | None],
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

    def _operation_of(self, roots: set[str]) -> tuple[str | None, float | None]:
        """The kind of operation that dispatched these tasks, and when (tasks
        it did not name, such as children, go with it)."""
        named = [d for u in roots if (d := self._dispatched.get(u)) and d.kind]
        if len({d.kind for d in named}) != 1:
            return None, None
        return named[0].kind, max(d.at for d in named)

    def _learn_trees(self, roots: set[str], final: dict[str, dict[str, Any]]) -> None:
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

    def wait_all(
        self,
        *,
        timeout: float,
        scope: str = "hub",
        name: str | None = None,
        exclude: Iterable[str] = (),
    ) -> WaitReport:
        """Wait until no task is waiting, running or canceling.

        ``scope="mine"`` looks only at tasks this library instance started
        (found by its correlation id prefix), so parallel suites do not wait
        for each other. ``name``/``exclude`` filter by name substring.
        """
        if scope not in ("hub", "mine"):
            raise InvalidArgumentError(f"scope must be 'hub' or 'mine', not '{scope}'.")
        excluded = [e for e in exclude if e]
        filters: dict[str, Any] = {"state__in": _UNFINISHED, "fields": _LIST_FIELDS}
        if name:
            filters["name__contains"] = name
        if scope == "mine":
            filters["logging_cid__contains"] = self.session.instance_id
        waited: dict[str, dict[str, Any]] = {}
        unfinished: list[dict[str, Any]] = []
        checkpoint = self._failure_checkpoint
        self.session.api_prefix  # noqa: B018 - first request sets the hub clock
        started_server = self.session.server_now()

        def wanted(task: dict[str, Any]) -> bool:
            return not any(text in str(task.get("name", "")) for text in excluded)

        # For scope=mine one request per look also returns this instance's bad
        # endings, so nothing is left to ask once the wait is over.
        mine = scope == "mine"
        if mine:
            filters["state__in"] = f"{_UNFINISHED},{_BAD_ENDINGS}"
        bad_seen: list[dict[str, Any]] = []

        def look(stats: PollStats) -> PollOutcome[None]:
            nonlocal unfinished, bad_seen
            before = self.session.api_requests
            found = [t for t in self.list(limit=None, **filters) if wanted(t)]
            # Tasks we were handed a moment ago may not show in a list yet:
            # each must have been seen once, or the wait could end before them.
            for uuid, task in self._confirm_dispatched().items():
                if task is None:
                    found.append({"pulp_href": self.href(uuid), "state": "waiting"})
                elif wanted(task) and (not name or name in str(task.get("name", ""))):
                    found.append(task)
            made = self.session.api_requests - before
            unfinished = [t for t in found if state_of(t) in UNFINISHED_STATES]
            bad_seen = [
                t for t in found if state_of(t) in _BAD_STATES and task_uuid(t) not in self._settled
            ]
            for task in found:
                # A task may end between the hub's filter and its answer: what
                # the unfinished query returned was waited for, whatever it says.
                uuid = task_uuid(task)
                if uuid in waited or not mine or state_of(task) not in _BAD_STATES:
                    waited[uuid] = task
            if not unfinished:
                return PollOutcome(True, requests=made)
            hint = self._hint(list(unfinished), stats, stats.requests + made)
            return PollOutcome(False, None, hint, requests=made)

        try:
            _, stats = poll_until(look, timeout=timeout, schedule=self.schedule)
        except PollTimeout as timeout_error:
            raise TaskTimeoutError(
                self._timeout_message(timeout, unfinished, timeout_error.stats, everything=True),
                unfinished,
            ) from None
        # What this wait saw unfinished ended since; how long it took is read
        # later, in one request (see learn_durations), not during the wait.
        for uuid, task in waited.items():
            if state_of(task) in UNFINISHED_STATES:
                self._unlearned.add(uuid)
            else:
                self.durations.record(task)
        if mine:
            bad = bad_seen
        else:
            bad = self._bad_endings(waited, name, wanted, checkpoint, started_server)
        self._failure_checkpoint = self.session.server_now() - 2
        if bad:
            self._settled.update(task_uuid(t) for t in bad)
            raise TaskFailedError(self._failure_message(bad, None), bad)
        return WaitReport(list(waited.values()), stats)

    def _confirm_dispatched(self) -> dict[str, dict[str, Any] | None]:
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
            return self._read(unseen)
        except HubNotFoundError:  # the grace ran out meanwhile: not ours to wait for
            return {}

    def _bad_endings(
        self,
        waited: dict[str, dict[str, Any]],
        name: str | None,
        wanted: Any,
        checkpoint: float | None,
        started_server: float,
    ) -> list[dict[str, Any]]:
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
            "state__in": _BAD_ENDINGS,
            "finished_at__gte": _iso(since),
            "fields": _LIST_FIELDS,
        }
        if name:
            filters["name__contains"] = name
        bad = []
        for task in self.list(limit=None, **filters):
            uuid = task_uuid(task)
            mine = self.session.instance_id in str(task.get("logging_cid") or "")
            if uuid in self._settled or not wanted(task):
                continue
            if uuid in waited or mine:
                bad.append(task)
        return bad

    def learn_durations(self) -> None:
        """Learn how long the tasks that hub-wide waits saw running took: one
        request per 100 tasks, made once (when the library closes), so the
        waits themselves spend nothing on it."""
        uuids = sorted(self._unlearned)
        self._unlearned.clear()
        for start in range(0, len(uuids), 100):
            chunk = [self.href(u) for u in uuids[start : start + 100]]
            fields = f"{_LIST_FIELDS},parent_task"
            for task in self.list(limit=None, pulp_href__in=chunk, fields=fields):
                self.durations.record(task)

    # -- canceling ---------------------------------------------------------------
    def cancel(self, reference: Any) -> dict[str, Any]:
        """Ask the hub to cancel a task; returns the task as the hub answered."""
        uuid = task_uuid(reference)
        try:
            task = self.session.request(
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
        self._settled.add(uuid)
        return task

    # -- messages -------------------------------------------------------------------
    def describe(self, task: dict[str, Any]) -> str:
        uuid = task_uuid(task)
        return f"{task.get('name') or 'task'} ({uuid})"

    def _failure_message(self, bad: list[dict[str, Any]], want: TaskState | None) -> str:
        parts = []
        for task in bad:
            uuid = task_uuid(task)
            error = task.get("error") or {}
            description = (
                (error.get("description") or "").strip() if isinstance(error, dict) else str(error)
            )
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

    def _timeout_message(
        self,
        timeout: float,
        unfinished: list[dict[str, Any]],
        stats: PollStats,
        everything: bool = False,
    ) -> str:
        what = "all tasks" if everything else "task" + ("s" if len(unfinished) > 1 else "")
        shown = []
        for task in unfinished[:10]:
            uuid = task_uuid(task)
            text = f"{task.get('name') or uuid} is {task.get('state') or 'not visible yet'}"
            reports = task.get("progress_reports") or []
            if reports:
                last = reports[-1]
                progress = f"{last.get('message')}"
                if last.get("total"):
                    progress += f" {last.get('done')}/{last.get('total')}"
                text += f", last progress: {progress}"
            text += f" ({self.ui_link(uuid)})"
            shown.append(text)
        more = f" and {len(unfinished) - 10} more" if len(unfinished) > 10 else ""
        return (
            f"Timed out after {_seconds(timeout)} waiting for {what} "
            f"({stats.polls} polls): {'; '.join(shown)}{more}."
        )


def _seconds(value: float) -> str:
    # The keyword's remaining time is a hair under what the user asked for.
    return f"{round(value, 1):g} s" if value < 120 else f"{value / 60:.1f} min"


def _iso(posix: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(posix, tz=timezone.utc).isoformat()


__all__ = ["TaskService", "WaitReport", "describe_timing", "parse_time"]
