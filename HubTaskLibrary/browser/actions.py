"""Actions in the hub UI that start or stop tasks: stop a task, sync a repository."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from robot.api import logger
from robotlibcore import keyword

from ..client.references import TaskRef, task_uuid
from ..keywords.types import TaskReference
from .base import alert_text
from .clock import Clock
from .enums import PageLocation
from .errors import UIError
from .navigation import TaskPageNavigation
from .selectors import SELECTORS, button


class ActionKeywords(TaskPageNavigation):
    @keyword("Stop Task In UI", tags=["ui", "task"])
    def stop_task_in_ui(
        self,
        task: TaskReference,
        location: PageLocation = PageLocation.DETAIL,
        timeout: timedelta | None = None,
    ) -> dict:
        """Stops ``task`` with the UI's "Stop task" button; checks the API says ``canceled``.

        ``location`` is ``detail`` (the task's detail page) or ``list`` (its
        row in the task list, filtered by the task's name). Confirms the
        modal, waits for the success alert, then waits through the API until
        the task is ``canceled``. Returns the task as the API describes it.

        | Stop Task In UI | ${task} |
        | Stop Task In UI | ${task} | location=list |
        """
        uuid = task_uuid(task)
        where = PageLocation(location).value
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("Stop Task In UI", clock):
            browser = self.browser
            snap = self.reader.snapshot()
            if snap.status_of(uuid)[1] != where:
                if where == "detail":
                    self._open_detail(uuid, clock)
                else:
                    with self.ctx.operation():
                        name = str(self.client.tasks.get(uuid)["name"])
                    self._open_list(clock, name, None, 100)
                    self._until(lambda s: s.status_of(uuid)[1] == "list", clock, f"task {uuid}")
            within = SELECTORS.task_row(uuid) if where == "list" else None
            self.reader.close_alerts()
            browser.click(button("Stop task", within))
            browser.wait_for_elements_state(SELECTORS.modal, timeout=clock.td())
            browser.click(button("Yes, stop", SELECTORS.modal))
            alert = self._wait_alert(
                lambda a: (
                    "stopped successfully" in alert_text(a)
                    or "could not be stopped" in alert_text(a)
                ),
                clock,
                "saying whether the task stopped",
            )
            if alert["variant"] != "success":
                raise UIError(f"The UI could not stop task {uuid}: {alert_text(alert)}")
            left = timedelta(seconds=max(1.0, clock.left))
            with self.ctx.operation(left):
                report = self.ctx.wait_for(uuid, left, expected="canceled", what="the UI stop")
            if self.ui.tracker is not None:  # its end is known: no UI wait waits for it again
                self.ui.tracker.reported.add(uuid)
        logger.info(f"Stopped task {uuid} from its {where} page ({clock.elapsed:.1f} s).")
        return report.tasks[0]

    @keyword("Sync Repository In UI", tags=["ui", "repository", "task"])
    def sync_repository_in_ui(self, name: str, timeout: timedelta | None = None) -> TaskRef:
        """Starts a sync of repository ``name`` from its UI page; returns its task reference.

        Opens ``/ui/ansible/repositories/<name>/``, presses the header's
        "Sync" button, confirms the modal and reads the task from the alert
        "Sync started for repository ...". The reference is the kind the API
        keywords return (the pulp task href). Does not wait for the sync;
        `Wait For UI Tasks` or `Wait For Task` does. Fails
        clearly when the button is disabled (a sync already queued, or no
        remote) or the UI reports an error.

        | ${task} = | Sync Repository In UI | community |
        | Wait For Task | ${task} |
        """
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("Sync Repository In UI", clock):
            browser = self.browser
            self._go(self._ui_url(f"ansible/repositories/{quote(name, safe='')}/"), clock)
            sync = button("Sync")
            browser.wait_for_elements_state(sync, timeout=clock.td())
            if browser.get_attribute(sync, "aria-disabled") == "true":
                raise UIError(
                    f"The Sync button of repository '{name}' is disabled: a sync may be "
                    "queued already, or the repository has no remote."
                )
            self.reader.close_alerts()
            browser.click(sync)
            browser.wait_for_elements_state(SELECTORS.sync_confirm, timeout=clock.td())
            browser.click(SELECTORS.sync_confirm)
            started = f'Sync started for repository "{name}"'
            alert = self._wait_alert(
                lambda a: started in alert_text(a) or a.get("variant") == "danger",
                clock,
                f"'{started}'",
            )
            if started not in alert_text(alert) or not alert.get("task"):
                raise UIError(f"The sync of '{name}' did not start: {alert_text(alert)}")
        uuid = task_uuid(alert["task"])
        logger.info(
            f"Sync of '{name}' started: task <a href=\"{self.client.tasks.ui_link(uuid)}\">"
            f"{uuid}</a>.",
            html=True,
        )
        return self._ref(uuid)
