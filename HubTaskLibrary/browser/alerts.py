"""The hub UI's alerts: waiting for one, following its task link."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robotlibcore import keyword

from .base import UIKeywordGroup, alert_text
from .clock import Clock
from .selectors import SELECTORS


class AlertKeywords(UIKeywordGroup):
    @keyword(tags=["ui", "wait"])
    def wait_for_task_alert(self, text: str, timeout: timedelta | None = None) -> dict:
        """Waits for an alert whose title or description contains ``text``; returns it.

        The dictionary has ``title`` (without the hidden "Info alert:" prefix),
        ``description``, ``variant`` (``info``, ``success``, ``danger``,
        ``warning``, ``default``) and ``task``: the uuid of the task the
        alert's "detail page" link points to, or None without a link. Alerts
        stay until closed or until the page changes.

        | ${alert} = | Wait For Task Alert | Sync started for repository |
        | Should Be Equal | ${alert}[variant] | info |
        """
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("Wait For Task Alert", clock):
            alert = self._wait_alert(lambda a: text in alert_text(a), clock, f"containing '{text}'")
        logger.info(f"Alert ({alert['variant']}): {alert_text(alert)}")
        return alert

    @keyword(tags=["ui"])
    def open_task_from_alert(
        self, text: str | None = None, timeout: timedelta | None = None
    ) -> str:
        """Follows the "detail page" link of an alert; returns the task uuid.

        ``text`` picks the alert (see `Wait For Task Alert`); without it the
        newest alert that links to a task is used.

        | ${task} = | Open Task From Alert | Sync started |
        """
        clock = Clock(self.ctx.timeout(timeout))
        with self._failing("Open Task From Alert", clock):
            wanted = f"containing '{text}' with a task link" if text else "with a task link"
            alert = self._wait_alert(
                lambda a: bool(a.get("task")) and (text is None or text in alert_text(a)),
                clock,
                wanted,
            )
            uuid = str(alert["task"])
            self.browser.click(f"{SELECTORS.alert_task_link(uuid)} >> nth=0")
            self._until(
                lambda s: s.not_found or s.status_of(uuid)[1] == "detail",
                clock,
                f"the detail page of task {uuid}",
            )
        return uuid
