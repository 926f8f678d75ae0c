"""The hub UI's task pages: the task list, a task's detail page, and what they show."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from robot.api import logger
from robotlibcore import keyword

from ..client.polling import PollOutcome, PollTimeout, poll_until
from ..client.references import task_uuid
from .base import LOGIN_NEEDED, RELOAD_SCHEDULE
from .clock import Clock
from .errors import UIError
from .labels import expected_label, is_final_label, label_matches, normalize_label
from .navigation import TaskPageNavigation

# The task detail page re-reads its task every 10 s; reload it only after that.
DETAIL_SELF_REFRESH = 12.0


class TaskPageKeywords(TaskPageNavigation):
    @keyword(tags=["ui"])
    def open_task_list(
        self,
        name: str | None = None,
        state: str | None = None,
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
            self._open_list(clock, name, state, page_size)
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
    def open_task_detail(self, task: Any, timeout: timedelta | None = None) -> str:
        """Opens the detail page of ``task`` (any task reference); returns its uuid.

        Waits until the page shows the task's status. Fails clearly when the
        UI answers its "Page not found" page.

        | Open Task Detail | ${task} |
        """
        uuid = task_uuid(task)
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("Open Task Detail", clock):
            self._open_detail(uuid, clock)
        return uuid

    @keyword("Get Task Status In UI", tags=["ui", "getter"])
    def get_task_status_in_ui(self, task: Any, timeout: timedelta | None = None) -> str:
        """Returns the status label the UI shows for ``task`` (e.g. ``Running``).

        Reads the current page when it shows the task (its detail page or a
        task list row), else opens the detail page. ``canceling`` shows ``---``.

        | ${label} = | Get Task Status In UI | ${task} |
        """
        uuid = task_uuid(task)
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("Get Task Status In UI", clock):
            snap, _ = self._show_task(uuid, clock)
        return str(normalize_label(snap.status_of(uuid)[0]))

    @keyword("Task Status In UI Should Be", tags=["ui", "assertion"])
    def task_status_in_ui_should_be(self, task: Any, expected: str) -> None:
        """Checks the status the UI shows now for ``task``, without waiting for a change.

        ``expected`` is an API state (``running``) or a UI label (``Running``).

        | Task Status In UI Should Be | ${task} | running |
        | Task Status In UI Should Be | ${task} | Canceled |
        """
        uuid = task_uuid(task)
        label = expected_label(expected)
        clock = Clock(self.ctx.timeout(None))
        with self._failing("Task Status In UI Should Be", clock):
            snap, where = self._show_task(uuid, clock)
            shown = normalize_label(snap.status_of(uuid)[0])
            if shown != label:
                raise UIError(
                    f"Task {uuid} shows '{shown}' on its {where} page, expected '{label}'."
                )

    @keyword("Wait Until Task Status In UI Is", tags=["ui", "wait"])
    def wait_until_task_status_in_ui_is(
        self, task: Any, expected: str, timeout: timedelta | None = None
    ) -> str:
        """Waits until the UI shows ``expected`` for ``task``; returns the label.

        Watches the current page when it shows the task, else its detail page.
        The task list never refreshes itself, so it is reloaded between looks;
        the detail page refreshes itself every 10 s and is reloaded only when
        that did not bring the change. Fails at once when the UI shows another
        final state, and on timeout saying how long it waited and what it saw.

        | Wait Until Task Status In UI Is | ${task} | canceled |
        | Wait Until Task Status In UI Is | ${task} | Completed | timeout=30s |
        """
        uuid = task_uuid(task)
        label = expected_label(expected)
        clock = Clock(self.ctx.timeout(timeout))
        seen: dict[str, Any] = {"status": None, "reloaded": time.monotonic()}
        with self._failing("Wait Until Task Status In UI Is", clock):
            _, where = self._show_task(uuid, clock)

            def look() -> PollOutcome[str]:
                snap = self.reader.snapshot()
                if snap.login:
                    raise UIError(f"Waiting for task {uuid}: {LOGIN_NEEDED}.")
                shown = normalize_label(snap.status_of(uuid)[0])
                if shown is None:  # still loading after a reload
                    return PollOutcome(False)
                seen["status"] = shown
                if label_matches(shown, label):
                    return PollOutcome(True, shown)
                if is_final_label(shown):
                    raise UIError(
                        f"Task {uuid} shows '{shown}' on its {where} page, a final state, "
                        f"not '{label}' (after {clock.elapsed:.1f} s)."
                    )
                now = time.monotonic()
                stale = where == "list" or now - seen["reloaded"] > DETAIL_SELF_REFRESH
                if stale and clock.left > 1.0:
                    self.browser.reload(timeout=clock.td())
                    seen["reloaded"] = now
                return PollOutcome(False, shown)

            try:
                poll_until(look, timeout=clock.left, schedule=RELOAD_SCHEDULE)
            except PollTimeout:
                raise UIError(
                    f"Task {uuid} still showed '{seen['status']}' on its {where} page after "
                    f"{clock.elapsed:.1f} s (timeout {clock.limit:g} s), expected '{label}'."
                ) from None
        return label

    @keyword("UI Task Status Should Match API", tags=["ui", "assertion"])
    def ui_task_status_should_match_api(self, task: Any, timeout: timedelta | None = None) -> str:
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
    def get_task_error_in_ui(self, task: Any, timeout: timedelta | None = None) -> str:
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
