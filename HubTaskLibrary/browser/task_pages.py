"""The hub UI's task pages: the task list, a task's detail page, and what they show."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from assertionengine import AssertionOperator, verify_assertion
from robot.api import logger
from robotlibcore import keyword

from ..client.errors import InvalidArgumentError
from ..client.polling import PollOutcome, PollTimeout, poll_until
from ..client.references import TaskRef, task_uuid
from ..keywords.types import TaskReference, TaskStatus
from .base import LOGIN_NEEDED, RELOAD_SCHEDULE
from .clock import Clock
from .errors import UIError, one_line
from .labels import expected_label, is_final_label, label_matches, normalize_label
from .navigation import TaskPageNavigation

# The task detail page re-reads its task every 10 s; reload it only after that.
DETAIL_SELF_REFRESH = 12.0
# Operators whose expected value may be an API state name, compared as its label.
_EQUALITY = (AssertionOperator.equal, AssertionOperator.inequal)


class _StatusTimeout(Exception):
    """A status watch ran out of time: what the page showed last, and whether
    (and why) the last look failed."""

    def __init__(self, where: str):
        super().__init__("timeout")
        self.where = where
        self.status: str | None = None
        self.failure: str | None = None

    @property
    def last_failure(self) -> str:
        return f"; the last look failed: {self.failure}" if self.failure else ""

    def details(self, clock: Clock) -> str:
        return (
            f"waited {clock.elapsed:.1f} s, timeout {clock.limit:g} s, last shown on its "
            f"{self.where} page: '{self.status}'{self.last_failure}"
        )


def _expected_value(operator: AssertionOperator, expected: str | None) -> str | None:
    """``expected`` as the label it stands for, for ``==`` and ``!=`` with an API state."""
    if expected is None or operator not in _EQUALITY:
        return expected
    try:
        return expected_label(expected)
    except InvalidArgumentError:
        return expected


class TaskPageKeywords(TaskPageNavigation):
    @keyword(tags=["ui"])
    def open_task_list(
        self,
        name: str | None = None,
        state: TaskStatus | None = None,
        page_size: int = 100,
        timeout: timedelta | None = None,
    ) -> list[dict]:
        """Opens the task list, newest first, filtered like the UI's filters; returns its rows.

        ``name`` is a substring of the task name, ``state`` an API state name
        or a UI label (``running``, ``Pending``...). The rows are those of
        `Get Tasks In UI`.

        | Open Task List | name=iamrunning | state=running |
        | ${rows} = | Open Task List | state=failed |
        """
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("Open Task List", clock):
            self._open_list(clock, name, None if state is None else str(state), page_size)
        return self.get_tasks_in_ui()

    @keyword("Get Tasks In UI", tags=["ui", "getter"])
    def get_tasks_in_ui(self) -> list[dict]:
        """Returns the rows of the task list on the current page.

        Each row is a dictionary: ``task`` (uuid), ``name`` (raw task name)
        and ``status`` (the UI label, ``---`` for canceling).

        | ${rows} = | Get Tasks In UI |
        """
        rows = self.reader.snapshot().rows
        return [{"task": r.task, "name": r.name, "status": r.status} for r in rows]

    @keyword(tags=["ui"])
    def open_task_detail(self, task: TaskReference, timeout: timedelta | None = None) -> TaskRef:
        """Opens the detail page of ``task`` (any task reference); returns its task reference.

        The reference is the kind the API keywords return (the pulp task
        href, usable as any ``task`` argument).

        Waits until the page shows the task's status. Fails clearly when the
        UI answers its "Page not found" page.

        | Open Task Detail | ${task} |
        """
        uuid = task_uuid(task)
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("Open Task Detail", clock):
            self._open_detail(uuid, clock)
        return self._ref(uuid)

    @keyword("Get Task Status In UI", tags=["ui", "getter"])
    def get_task_status_in_ui(
        self,
        task: TaskReference,
        assertion_operator: AssertionOperator | None = None,
        expected: str | None = None,
        message: str | None = None,
        timeout: timedelta | None = None,
    ) -> str:
        """Returns the status label the UI shows for ``task`` (e.g. ``Running``); with an
        assertion operator, waits until the label satisfies it.

        Reads the current page when it shows the task (its detail page or a
        task list row), else opens the detail page. ``canceling`` shows ``---``.

        Like the Browser library's getters, ``assertion_operator`` (``==``,
        ``!=``, ``contains``, ``not contains``, ``starts``, ``ends``,
        ``matches``, ``validate``, ``then``...) and ``expected`` check the
        label, re-reading the page until the check holds or ``timeout``
        (default: the library timeout) passes; then the assertion's message
        fails the keyword, with how long it waited, the last label and, when
        the last look at the page failed, why. ``message`` replaces the
        assertion's message. With ``==`` and ``!=`` an API state name is
        accepted for its label (``running`` is ``Running``). A task list is
        reloaded between looks (it never refreshes itself); a detail page
        refreshes itself every 10 s and is reloaded only when that brought
        no change.

        | ${label} = | Get Task Status In UI | ${task} |
        | Get Task Status In UI | ${task} | == | running |
        | Get Task Status In UI | ${task} | matches | ^(Completed|Failed)$ | timeout=30s |
        | Get Task Status In UI | ${task} | validate | value in ('Pending', 'Running') |
        """
        uuid = task_uuid(task)
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("Get Task Status In UI", clock):
            if assertion_operator is None:
                snap, _ = self._show_task(uuid, clock)
                return str(normalize_label(snap.status_of(uuid)[0]))
            wanted = _expected_value(assertion_operator, expected)
            what = f"Task {uuid} status in UI"

            def holds(shown: str) -> bool:
                try:
                    verify_assertion(shown, assertion_operator, wanted, what, message)
                except AssertionError:
                    return False
                return True

            try:
                return self._watch_status(uuid, clock, holds)
            except _StatusTimeout as timeout_error:
                try:
                    verify_assertion(
                        timeout_error.status, assertion_operator, wanted, what, message
                    )
                except AssertionError as err:
                    raise AssertionError(f"{err} ({timeout_error.details(clock)})") from None
                return str(timeout_error.status)  # it held on the very last look

    @keyword("Task Status In UI Should Be", tags=["ui", "assertion"])
    def task_status_in_ui_should_be(self, task: TaskReference, expected: TaskStatus) -> None:
        """Checks the status the UI shows now for ``task``, without waiting for a change.

        ``expected`` is an API state (``running``) or a UI label (``Running``).
        `Get Task Status In UI` with ``==`` is the same check with waiting.

        | Task Status In UI Should Be | ${task} | running |
        | Task Status In UI Should Be | ${task} | Canceled |
        """
        uuid = task_uuid(task)
        label = expected_label(str(expected))
        clock = Clock(self.ctx.timeout(None))
        with self._failing("Task Status In UI Should Be", clock):
            snap, where = self._show_task(uuid, clock)
            shown = normalize_label(snap.status_of(uuid)[0])
            if not label_matches(shown, label):
                raise UIError(
                    f"Task {uuid} shows '{shown}' on its {where} page, expected '{label}'."
                )

    @keyword("Wait Until Task Status In UI Is", tags=["ui", "wait"])
    def wait_until_task_status_in_ui_is(
        self, task: TaskReference, expected: TaskStatus, timeout: timedelta | None = None
    ) -> str:
        """Waits until the UI shows ``expected`` for ``task``; returns the label.

        Watches the page as `Get Task Status In UI` with ``==`` does, and
        fails at once when the UI shows another final state. On timeout it
        says how long it waited, what it saw last and, when the last look at
        the page failed, why.

        | Wait Until Task Status In UI Is | ${task} | canceled |
        | Wait Until Task Status In UI Is | ${task} | Completed | timeout=30s |
        """
        uuid = task_uuid(task)
        label = expected_label(str(expected))
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("Wait Until Task Status In UI Is", clock):

            def other_final(shown: str, where: str) -> str | None:
                if not is_final_label(shown):
                    return None
                return (
                    f"Task {uuid} shows '{shown}' on its {where} page, a final state, "
                    f"not '{label}' (after {clock.elapsed:.1f} s)."
                )

            try:
                return self._watch_status(
                    uuid, clock, lambda shown: label_matches(shown, label), other_final
                )
            except _StatusTimeout as timeout_error:
                raise UIError(
                    f"Task {uuid} still showed '{timeout_error.status}' on its "
                    f"{timeout_error.where} page after {clock.elapsed:.1f} s (timeout "
                    f"{clock.limit:g} s), expected '{label}'{timeout_error.last_failure}."
                ) from None

    def _watch_status(
        self,
        uuid: str,
        clock: Clock,
        holds: Callable[[str], bool],
        stop: Callable[[str, str], str | None] | None = None,
    ) -> str:
        """Watch the label the UI shows for task ``uuid`` until ``holds`` says yes.

        ``stop`` may end the wait with a message (another final state). A
        look that fails (the page reloading, the browser busy) does not end
        the wait; it is named in the timeout, raised as :class:`_StatusTimeout`.
        """
        _, where = self._show_task(uuid, clock)
        seen = _StatusTimeout(where)
        reloaded = time.monotonic()

        def look() -> PollOutcome[str]:
            nonlocal reloaded
            try:
                snap = self.reader.snapshot()
            except Exception as err:  # the page between two documents, the browser busy
                seen.failure = one_line(err)
                return PollOutcome(False)
            seen.failure = None
            if snap.login:
                raise UIError(f"Waiting for task {uuid}: {LOGIN_NEEDED}.")
            shown = normalize_label(snap.status_of(uuid)[0])
            if shown is None:  # still loading after a reload
                return PollOutcome(False)
            seen.status = shown
            if holds(shown):
                return PollOutcome(True, shown)
            problem = stop(shown, where) if stop is not None else None
            if problem:
                raise UIError(problem)
            now = time.monotonic()
            stale = where == "list" or now - reloaded > DETAIL_SELF_REFRESH
            if stale and clock.left > 1.0:
                try:
                    self.browser.reload(timeout=clock.td())
                except Exception as err:
                    seen.failure = f"reloading the page failed: {one_line(err)}"
                reloaded = now
            return PollOutcome(False, shown)

        try:
            shown, _ = poll_until(look, timeout=clock.left, schedule=RELOAD_SCHEDULE)
        except PollTimeout:
            raise seen from None
        return str(shown)

    @keyword("UI Task Status Should Match API", tags=["ui", "assertion"])
    def ui_task_status_should_match_api(
        self, task: TaskReference, timeout: timedelta | None = None
    ) -> str:
        """Checks that the UI shows the label of the state the API reports for ``task``.

        A list page that shows an older state is reloaded once before the
        check fails (lists never refresh themselves). Returns the label.

        | UI Task Status Should Match API | ${task} |
        """
        uuid = task_uuid(task)
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("UI Task Status Should Match API", clock):
            snap, where = self._show_task(uuid, clock)
            for attempt in range(2):
                shown = normalize_label(snap.status_of(uuid)[0])
                with self.ctx.operation(timeout):
                    state = str(self.client.tasks.get(uuid)["state"])
                if label_matches(shown, state):
                    logger.info(f"Task {uuid}: UI '{shown}' matches API '{state}'.")
                    return str(shown)
                if attempt == 0:
                    self.browser.reload(timeout=clock.td())
                    snap = self._until(
                        lambda s: s.status_of(uuid)[0] is not None, clock, f"task {uuid}"
                    )
            raise UIError(
                f"Task {uuid}: the UI ({where} page) shows '{shown}', the API says '{state}' "
                f"(label '{expected_label(state)}'), checked for {clock.elapsed:.1f} s."
            )

    @keyword("Get Task Error In UI", tags=["ui", "getter"])
    def get_task_error_in_ui(self, task: TaskReference, timeout: timedelta | None = None) -> str:
        """Returns the error description the detail page of a failed task shows.

        Opens the detail page unless it is the current page; reads the
        "Error message" card's "Description".

        | ${error} = | Get Task Error In UI | ${task} |
        | Should Contain | ${error} | not a gzip file |
        """
        uuid = task_uuid(task)
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("Get Task Error In UI", clock):
            snap = self.reader.snapshot()
            if snap.status_of(uuid)[1] != "detail":
                snap = self._open_detail(uuid, clock)
            error = self.reader.error_description()
            if error is None:
                shown = snap.status_of(uuid)[0]
                raise UIError(f"The detail page of task {uuid} ({shown}) shows no error message.")
        return error
