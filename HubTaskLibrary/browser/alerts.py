"""The hub UI's alerts: waiting for a task-related one, following its task link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from robot.api import logger
from robotlibcore import keyword

from ..client.references import TaskRef
from .alert_texts import AlertKind, recognize
from .base import UIKeywordGroup, alert_text
from .clock import Clock
from .selectors import SELECTORS


class AlertKeywords(UIKeywordGroup):
    @keyword(tags=["ui", "wait"])
    def wait_for_task_alert(
        self,
        text: str | None = None,
        timeout: timedelta | None = None,
        kind: AlertKind | None = None,
    ) -> dict:
        """Waits for a task-related alert (or one containing ``text``); returns it.

        Without ``text`` and ``kind`` any alert the UI shows about a task
        counts: one that links to a task's detail page, or one whose text
        the library recognizes (`Sync started for repository "r".`,
        `Started adding ns.c v1.0.0 from "staging" to repository "r".`,
        `Collection "c v1.0.0" has been successfully deleted.`,
        `Collection "c" has been successfully deleted.`,
        `Namespace "n" has been successfully deleted.`,
        `Certification status for collection "ns c v1.0.0" has been
        successfully updated.`, `Task "t" stopped successfully.`, their
        "could not be ..." counterparts, and the other "... started" alerts
        of the 4.9 UI). ``text`` keeps alerts whose title or description
        contains it; ``kind`` keeps alerts of one kind.

        The dictionary has ``title`` (without the hidden "Info alert:"
        prefix), ``description``, ``variant`` (``info``, ``success``,
        ``danger``, ``warning``, ``default``), ``kind`` (the kind's name, or
        None for a text not recognized), ``fields`` (what the text names:
        ``repository``, ``namespace``, ``collection``, ``version``, ``source``,
        ``name``...) and ``task``: a reference to the task the alert's
        "detail page" link points to (the kind the API keywords return), or
        None without a link. Alerts stay until closed or until the page
        changes.

        | ${alert} = | Wait For Task Alert | Sync started for repository |
        | Should Be Equal | ${alert}[variant] | info |
        | ${alert} = | Wait For Task Alert | kind=version deleted |
        | Should Be Equal | ${alert}[fields][version] | 1.0.0 |
        """
        clock = Clock(self.ctx.timeout(timeout))
        wanted = AlertKind(kind) if kind is not None else None

        def matches(alert: dict[str, Any]) -> bool:
            found, _ = recognize(alert_text(alert))
            if text is not None and text not in alert_text(alert):
                return False
            if wanted is not None:
                return found == wanted
            return text is not None or found is not None or bool(alert.get("task"))

        parts = [f"containing '{text}'" if text else "", f"of kind '{wanted}'" if wanted else ""]
        waiting_for = " ".join(p for p in parts if p) or "about a task"
        with self._failing("Wait For Task Alert", clock):
            alert = self._describe(self._wait_alert(matches, clock, waiting_for))
        logger.info(f"Alert ({alert['variant']}, {alert['kind']}): {alert_text(alert)}")
        return alert

    @keyword(tags=["ui"])
    def open_task_from_alert(
        self, text: str | None = None, timeout: timedelta | None = None
    ) -> TaskRef:
        """Follows the "detail page" link of an alert; returns the task's reference.

        ``text`` picks the alert (see `Wait For Task Alert`); without it the
        newest alert that links to a task is used. The reference is the kind
        the API keywords return (the pulp task href).

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
        return self._ref(uuid)

    def _describe(self, alert: dict[str, Any]) -> dict[str, Any]:
        """The alert as the keywords return it: its kind, the parts its text
        names, and its linked task as a task reference."""
        kind, fields = recognize(alert_text(alert))
        described = dict(alert)
        described["kind"] = kind.value if kind is not None else None
        described["fields"] = fields
        described["task"] = self._ref(str(alert["task"])) if alert.get("task") else None
        return described
