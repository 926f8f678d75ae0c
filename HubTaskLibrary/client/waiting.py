"""The two kinds of task wait, each one small class run by :func:`polling.poll_until`.

:class:`TaskWait` waits for given tasks and the tasks they dispatch
(``Wait For Task``, ``Wait For Tasks`` and every keyword that waits for what
it started); :class:`AllTasksWait` waits until no task is unfinished
(``Wait For All Tasks``). Each keeps what the wait has learned so far in
attributes, and one method per step: read, record, look, finish, time out.
:class:`~HubTaskLibrary.client.tasks.TaskService` makes them and owns what
outlives a wait (learned durations, the hub clock, tasks handed out).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from .errors import InvalidArgumentError, TaskFailedError, TaskTimeoutError, is_transient
from .polling import PollOutcome, PollStats, PollTimeout, poll_until
from .references import task_uuid
from .states import (
    BAD_ENDINGS,
    FINAL_STATES,
    UNFINISHED_STATES,
    TaskState,
    parse_state,
    state_filter,
    state_of,
)
from .timing import parse_time, task_durations

if TYPE_CHECKING:
    from .tasks import TaskService

# Fields a task list asks for when the whole task is not needed.
LIST_FIELDS = "pulp_href,name,state,pulp_created,started_at,finished_at,logging_cid,error"
# Children of a finished task read in the same look, generation after generation.
_CHILD_GENERATIONS = 5


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


def final_expectation(expected: str | Enum) -> TaskState:
    """``expected`` as a final state; a clear error for an unfinished one."""
    want = parse_state(expected)
    if not want.is_final:
        raise InvalidArgumentError(
            f"expected must be a final state (completed, failed, canceled, skipped), "
            f"not '{want.value}'."
        )
    return want


class TaskWait:
    """One wait until given tasks (and, with ``children``, what they
    dispatched) are final.

    Each look reads every unfinished task in one request, and reads the
    children a finished task dispatched in the same look. ``known`` are task
    dictionaries just read elsewhere: the first look uses them instead of
    asking again (often nothing is left to wait for).
    """

    def __init__(
        self,
        service: TaskService,
        references: Iterable[Any],
        *,
        expected: str | Enum,
        children: bool,
        known: Iterable[dict[str, Any]],
    ) -> None:
        self.service = service
        self.want = final_expectation(expected)
        self.children = children
        self.pending: list[str] = []
        for ref in references:
            uuid = task_uuid(ref)
            if uuid not in self.pending:
                self.pending.append(uuid)
        if not self.pending:
            raise InvalidArgumentError("No task given to wait for.")
        self.roots = set(self.pending)
        # Used by the first look only.
        self.prefetched = {task_uuid(t): t for t in known if t.get("state")}
        self.final: dict[str, dict[str, Any]] = {}
        # The last read of each pending task (None: not visible yet).
        self.latest: dict[str, dict[str, Any] | None] = {}
        # Correlation id of each task read so far: a task and the tasks it
        # dispatched share one, so one list request by it reads them all.
        self.cids: dict[str, str] = {
            u: d.cid for u in self.pending if (d := service.dispatch_of(u)) and d.cid
        }
        # Correlation ids shared by too many tasks to read by.
        self.crowded: set[str] = set()
        self.kind, self.dispatched_at = service.operation_of(self.roots)

    # -- running -------------------------------------------------------------------
    def run(self, timeout: float) -> WaitReport:
        """Poll until done; raise :class:`TaskFailedError` naming every task
        that did not end as expected, :class:`TaskTimeoutError` naming the
        unfinished ones (and why the last look failed, if it did)."""
        first_after = 0.0
        if self.kind and self.dispatched_at is not None and not self.prefetched:
            first_after = self.service.first_look_after(self.kind, self.dispatched_at)
        try:
            _, stats = poll_until(
                self.look,
                timeout=timeout,
                schedule=self.service.schedule,
                first_after=first_after,
                sleep=self.service.sleep,
                clock=self.service.monotonic,
                transient=is_transient,
                spent=lambda: self.service.session.api_requests,
            )
        except PollTimeout as timeout_error:
            raise self.timed_out(timeout, timeout_error) from None
        return self.finish(stats)

    def look(self, stats: PollStats) -> PollOutcome[None]:
        session = self.service.session
        before = session.api_requests
        found: dict[str, dict[str, Any] | None] = {
            u: self.prefetched[u] for u in self.pending if u in self.prefetched
        }
        self.prefetched.clear()
        # Tasks the read by correlation id returned besides the pending ones.
        seen: dict[str, dict[str, Any]] = {}
        unread = [u for u in self.pending if u not in found]
        if unread:
            found.update(self.service.read_pending(unread, self.cids, self.crowded, seen))
        new = self.record(found)
        for _ in range(_CHILD_GENERATIONS):
            if not new:
                break
            new = self.record(self.read_children(new, seen, stats, before))
        if self.service.observer is not None:
            self.service.observer.looked(t for t in self.latest.values() if t)
        if not self.pending:
            return PollOutcome(True, requests=session.api_requests - before)
        spent = stats.requests + session.api_requests - before
        unfinished = [self.latest.get(u) for u in self.pending]
        roots = self.roots if self.children else set()
        hint = self.service.hint(unfinished, stats, spent, roots)
        return PollOutcome(False, None, hint, requests=session.api_requests - before)

    def read_children(
        self, new: list[str], seen: dict[str, dict[str, Any]], stats: PollStats, before: int
    ) -> dict[str, dict[str, Any] | None]:
        """Children just found, from what this look read already or (when the
        rate rule allows) one more request; the rest wait for the next look."""
        ready: dict[str, dict[str, Any] | None] = {u: seen[u] for u in new if u in seen}
        spent = stats.requests + self.service.session.api_requests - before
        if len(ready) < len(new) and self.service.schedule.allows(spent, stats.elapsed):
            ready.update(self.service.read([u for u in new if u not in ready]))
        return ready

    def record(self, found: dict[str, dict[str, Any] | None]) -> list[str]:
        """Record what a read found; return the children not read yet."""
        new: list[str] = []
        for uuid, task in found.items():
            if uuid not in self.pending:
                continue
            self.latest[uuid] = task
            if task is None:
                continue
            if task.get("logging_cid"):
                self.cids[uuid] = str(task["logging_cid"])
            if state_of(task) not in FINAL_STATES:
                continue
            self.pending.remove(uuid)
            self.final[uuid] = task
            self.service.durations.record(task)
            if self.children:
                new.extend(self.add_children(uuid, task))
        return new

    def add_children(self, uuid: str, task: dict[str, Any]) -> list[str]:
        added = []
        for child in task.get("child_tasks") or []:
            child_uuid = task_uuid(child)
            if child_uuid in self.final or child_uuid in self.pending:
                continue
            self.pending.append(child_uuid)
            if uuid in self.cids:
                self.cids.setdefault(child_uuid, self.cids[uuid])
            added.append(child_uuid)
        return added

    # -- ending --------------------------------------------------------------------
    def finish(self, stats: PollStats) -> WaitReport:
        ordered = list(self.final.values())
        # A child task is fine when it completed, whatever the parent expected.
        bad = [
            t
            for u, t in self.final.items()
            if state_of(t) != self.want
            and not (u not in self.roots and state_of(t) == TaskState.COMPLETED)
        ]
        self.service.settle(self.final)
        if self.children:
            self.service.learn_trees(self.roots, self.final)
            if not bad:
                self.learn_operation(ordered)
        if bad:
            raise TaskFailedError(self.service.failure_message(bad, self.want), bad)
        return WaitReport(ordered, stats)

    def learn_operation(self, ordered: list[dict[str, Any]]) -> None:
        """How long the operation took, dispatch reply to the end of its last task."""
        if not self.kind or self.dispatched_at is None:
            return
        clock = self.service.clock
        ends = [clock.to_local(parse_time(t.get("finished_at")) or 0.0) for t in ordered]
        known = [end for end in ends if end is not None]
        if ordered and len(known) == len(ends):
            self.service.durations.record_operation(self.kind, max(known) - self.dispatched_at)

    def timed_out(self, timeout: float, error: PollTimeout) -> TaskTimeoutError:
        unfinished = [self.last_known(u) for u in self.pending]
        message = self.service.timeout_message(timeout, unfinished, error)
        return TaskTimeoutError(message, unfinished)

    def last_known(self, uuid: str) -> dict[str, Any]:
        if uuid not in self.latest:  # no look read it (they failed)
            return {"pulp_href": self.service.href(uuid), "state": "not read yet"}
        return self.latest[uuid] or {"pulp_href": self.service.href(uuid)}


class AllTasksWait:
    """One wait until no task is waiting, running or canceling.

    ``scope="mine"`` looks only at tasks this library instance started (found
    by its correlation id prefix), so parallel suites do not wait for each
    other; its one request per look also returns this instance's bad endings,
    so nothing is left to ask once the wait is over. ``name``/``exclude``
    filter by name substring.
    """

    def __init__(
        self,
        service: TaskService,
        *,
        scope: str,
        name: str | None,
        exclude: Iterable[str],
    ) -> None:
        if scope not in ("hub", "mine"):
            raise InvalidArgumentError(f"scope must be 'hub' or 'mine', not '{scope}'.")
        self.service = service
        self.mine = scope == "mine"
        self.name = name
        self.excluded = [e for e in exclude if e]
        states = UNFINISHED_STATES | BAD_ENDINGS if self.mine else UNFINISHED_STATES
        # parent_task and progress_reports: for timelines and progress lines.
        fields = f"{LIST_FIELDS},parent_task,progress_reports"
        self.filters: dict[str, Any] = {"state__in": state_filter(states), "fields": fields}
        if name:
            self.filters["name__contains"] = name
        if self.mine:
            self.filters["logging_cid__contains"] = service.session.instance_id
        # Every task a look returned unfinished (what the wait waited for).
        self.waited: dict[str, dict[str, Any]] = {}
        self.unfinished: list[dict[str, Any]] = []
        self.bad_seen: list[dict[str, Any]] = []

    def wanted(self, task: dict[str, Any]) -> bool:
        return not any(text in str(task.get("name", "")) for text in self.excluded)

    def run(self, timeout: float) -> WaitReport:
        service = self.service
        checkpoint = service.failure_checkpoint
        service.session.api_prefix  # noqa: B018 - first request sets the hub clock
        started_server = service.session.server_now()
        try:
            _, stats = poll_until(
                self.look,
                timeout=timeout,
                schedule=service.schedule,
                sleep=service.sleep,
                clock=service.monotonic,
                transient=is_transient,
                spent=lambda: service.session.api_requests,
            )
        except PollTimeout as timeout_error:
            message = service.timeout_message(
                timeout, self.unfinished, timeout_error, everything=True
            )
            raise TaskTimeoutError(message, self.unfinished) from None
        return self.finish(stats, checkpoint, started_server)

    def look(self, stats: PollStats) -> PollOutcome[None]:
        service = self.service
        before = service.session.api_requests
        found = [t for t in service.list(limit=None, **self.filters) if self.wanted(t)]
        found.extend(self.just_dispatched())
        self.unfinished = [t for t in found if state_of(t) in UNFINISHED_STATES]
        self.bad_seen = [
            t for t in found if state_of(t) in BAD_ENDINGS and not service.is_settled(t)
        ]
        for task in found:
            # A task may end between the hub's filter and its answer: what
            # the unfinished query returned was waited for, whatever it says.
            uuid = task_uuid(task)
            if uuid in self.waited or not self.mine or state_of(task) not in BAD_ENDINGS:
                self.waited[uuid] = task
        if service.observer is not None:
            service.observer.looked(t for t in found if task_uuid(t) in self.waited)
        made = service.session.api_requests - before
        if not self.unfinished:
            return PollOutcome(True, requests=made)
        hint = service.hint(list(self.unfinished), stats, stats.requests + made)
        return PollOutcome(False, None, hint, requests=made)

    def just_dispatched(self) -> list[dict[str, Any]]:
        """Tasks we were handed a moment ago may not show in a list yet: each
        must have been seen once, or the wait could end before them."""
        tasks = []
        for uuid, task in self.service.confirm_dispatched().items():
            if task is None:
                tasks.append({"pulp_href": self.service.href(uuid), "state": "waiting"})
            elif self.wanted(task) and (not self.name or self.name in str(task.get("name", ""))):
                tasks.append(task)
        return tasks

    def finish(
        self, stats: PollStats, checkpoint: float | None, started_server: float
    ) -> WaitReport:
        service = self.service
        # What this wait saw unfinished ended since; how long it took is read
        # later, in one request (see TaskService.learn_durations), not now.
        for task in self.waited.values():
            if state_of(task) in UNFINISHED_STATES:
                service.unlearned.add(task_uuid(task))
            else:
                service.durations.record(task)
        if self.mine:
            bad = self.bad_seen
        elif not self.waited and not service.session.changes_requested:
            # Nothing was seen unfinished and this instance never asked the hub
            # for a change: no ending can concern this wait, so the query for
            # them is not made (an idle `task wait all` process is one request).
            bad = []
        else:
            bad = service.bad_endings(
                self.waited, self.name, self.wanted, checkpoint, started_server
            )
        service.failure_checkpoint = service.session.server_now() - 2
        if bad:
            service.settle({task_uuid(t): t for t in bad})
            raise TaskFailedError(service.failure_message(bad, None), bad)
        return WaitReport(list(self.waited.values()), stats)


__all__ = ["LIST_FIELDS", "AllTasksWait", "TaskWait", "WaitReport", "describe_timing"]
