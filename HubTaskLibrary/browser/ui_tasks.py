"""Waiting for exactly the tasks the hub UI started: `Wait For UI Tasks`,
`Get UI Tasks`, and the wait after each Browser keyword (``ui_auto_wait``)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from robot.api import logger
from robotlibcore import keyword

from ..client.errors import HubError, TaskFailedError
from ..client.references import task_uuid
from ..client.states import TaskState
from .base import UIKeywordGroup
from .clock import Clock
from .enums import FinalState
from .tracking import PageRequest, PageTracker

# Looks at the hub's task list while waiting for the page to start a task.
GRACE_LOOK = 0.3


class UITaskKeywords(UIKeywordGroup):
    @property
    def tracker(self) -> PageTracker:
        assert self.ui.tracker is not None
        return self.ui.tracker

    def _page(self) -> Any | None:
        """The Browser instance whose page to read, or None without one."""
        try:
            return self.browser
        except HubError:
            return None

    @keyword("Wait For UI Tasks", tags=["ui", "wait", "task"])
    def wait_for_ui_tasks(
        self,
        timeout: timedelta | None = None,
        expected: FinalState = FinalState.COMPLETED,
        grace: timedelta = timedelta(seconds=1),
    ) -> list[dict]:
        """Waits for every task the UI started since the previous call; returns them.

        "Started by the UI" means dispatched by an API request of the
        browser page (the page opened by `Open Hub UI`, or the suite's own
        Browser page on the hub), children included: the library puts a
        correlation id of its own on the page's requests and reads the task
        references in their replies. Tasks started by this library's API
        keywords or by anybody else are not waited for, so a long task
        running elsewhere on the hub does not hold this wait.

        It first lets the page's API requests in flight end, then waits up
        to ``grace`` for a task to show; if none does it returns an empty
        list and says so in the log. Otherwise it waits until every such
        task (and the tasks it dispatched) is final, and fails, in one line
        with the task's error, name and link, when one ends in another state
        than ``expected``; on ``timeout`` (default: the library timeout) it
        names the unfinished tasks and their last states. Tasks the page
        starts while it waits are waited for too.

        Returns the final task dictionaries (Pulp's fields), in the order
        they ended. Each task is returned by one call only.

        | Click | text=Approve |
        | ${tasks} = | Wait For UI Tasks |
        | Collection Should Exist | ns1 | coll1 | repository=published |
        | Wait For UI Tasks | expected=failed | timeout=2 min |
        """
        clock = Clock(self.ctx.timeout(timeout))
        want = FinalState(expected)
        browser = self._page()
        with self.ctx.operation(timeout):
            tasks = self._first_tasks(browser, clock, grace.total_seconds())
            if not tasks:
                logger.info(
                    f"The UI started no task within the grace of {grace.total_seconds():g} s "
                    "(nothing to wait for)."
                )
                self.tracker.report([])
                return []
            done = self._wait(tasks, clock, want.value, browser)
        self.tracker.report([task_uuid(t) for t in done])
        return done

    @keyword("Get UI Tasks", tags=["ui", "task", "getter"])
    def get_ui_tasks(self) -> list[dict]:
        """Returns the tasks the UI started since the last `Wait For UI Tasks`, without waiting.

        The same tasks that `Wait For UI Tasks` would wait for, as the hub
        describes them now (some may still run). Does not count as a wait:
        the next `Wait For UI Tasks` still returns them.

        | Click | text=Yes, delete |
        | ${tasks} = | Get UI Tasks |
        | Log Many | @{tasks} |
        """
        browser = self._page()
        with self.ctx.operation():
            if browser is not None:
                self.tracker.look(browser)
            return self._current(self._known_tasks())

    # -- after each Browser keyword (ui_auto_wait) ------------------------------
    def after_browser_keyword(self, browser: Any, wait: bool) -> list[dict[str, Any]]:
        """Read what the page did during a Browser keyword; with ``wait``, wait
        for the tasks its requests started. No request to the hub when the
        page made no request that changes something."""
        tracker = self.tracker
        state = tracker.look(browser)
        if not wait or not state.tracked:
            return []
        if not state.settled:
            settled = tracker.settle(browser, self.ctx.settings.timeout)
            state.done.extend(settled.done)
        accepted = tracker.changed_something(state.done)
        if not accepted:
            return []
        clock = Clock(self.ctx.settings.timeout)
        with self.ctx.operation():
            tasks = self._known_tasks(accepted)
            if not tasks:
                return []
            done = self._wait(tasks, clock, TaskState.COMPLETED.value, browser, accepted)
        tracker.report([task_uuid(t) for t in done])
        logger.info(f"ui_auto_wait: {len(done)} task(s) the page started are over.")
        return done

    # -- the waiting ---------------------------------------------------------------
    def _known_tasks(
        self, requests: list[PageRequest] | None = None, hub: bool = True
    ) -> list[dict[str, Any]]:
        """Tasks of the page not reported yet: named by the replies of
        ``requests`` (default: every request read), and with ``hub`` also
        those the hub lists under their correlation ids (one request, made
        only when a reply named no task or for all of the page's requests)."""
        tracker = self.tracker
        named = tracker.named_tasks(requests)
        by_uuid: dict[str, dict[str, Any]] = {}
        if hub and (requests is None or any(not r.tasks for r in requests)):
            cids = None if requests is None else {r.cid for r in requests}
            for task in tracker.hub_tasks(cids):
                by_uuid[task_uuid(task)] = task
        for uuid in named:
            if uuid not in by_uuid:
                by_uuid[uuid] = {"pulp_href": self.client.tasks.href(uuid)}
        return list(by_uuid.values())

    def _first_tasks(self, browser: Any | None, clock: Clock, grace: float) -> list[dict[str, Any]]:
        """Let the page's requests end, then look for its tasks for ``grace`` seconds."""
        tracker = self.tracker
        if browser is not None:
            tracker.settle(browser, clock.left, writes_only=True)
        grace_end = time.monotonic() + max(0.0, grace)
        while True:
            tasks = self._known_tasks()
            if tasks or time.monotonic() >= grace_end or clock.left <= 0:
                return tasks
            time.sleep(min(GRACE_LOOK, max(0.0, grace_end - time.monotonic())))
            if browser is not None:
                tracker.settle(browser, clock.left, writes_only=True)

    def _wait(
        self,
        tasks: list[dict[str, Any]],
        clock: Clock,
        expected: str,
        browser: Any | None,
        requests: list[PageRequest] | None = None,
    ) -> list[dict[str, Any]]:
        """Wait for ``tasks``, then for the tasks the page started meanwhile
        (of ``requests`` only, when given: the auto wait's own requests)."""
        tracker = self.tracker
        done: list[dict[str, Any]] = []
        while tasks:
            uuids = [task_uuid(t) for t in tasks]
            known = [t for t in tasks if t.get("state")]
            try:
                report = self.client.tasks.wait(
                    uuids, timeout=max(0.1, clock.left), expected=expected, known=known
                )
            except TaskFailedError:
                tracker.report(uuids, new_period=requests is None)
                raise
            self.ctx.log_wait(report, "the tasks the UI started")
            done.extend(t for t in report.tasks if task_uuid(t) not in tracker.reported)
            tracker.reported.update(task_uuid(t) for t in report.tasks)
            if browser is None:
                break
            state = tracker.settle(browser, clock.left, writes_only=requests is None)
            if requests is not None:
                requests = tracker.changed_something(state.done)
                tasks = self._known_tasks(requests) if requests else []
            else:
                tasks = self._known_tasks(hub=False)
        return done

    def _current(self, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The tasks as the hub describes them now (one request for them all)."""
        missing = [task_uuid(t) for t in tasks if not t.get("state")]
        if not missing:
            return tasks
        read = self.client.tasks._read(missing)
        return [t if t.get("state") else (read.get(task_uuid(t)) or t) for t in tasks]
