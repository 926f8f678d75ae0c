"""UI keywords for execution environments: the sync started from the hub's EE pages.

Hub 4.9 has a "Sync from registry" item in the kebab of each remote
execution environment, on the list page (``/ui/containers/``) and on its
detail page (``/ui/containers/<name>/``). The list page then shows the
alert ``Sync started for execution environment "<name>".``; the detail page
of 4.9 shows ``Sync started for remote registry "<name>".`` for the same
sync (its own wording). Both alerts link to the task's detail page, so
`Open Task From Alert` and the other task keywords follow them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal
from urllib.parse import quote, urlencode

from robot.api import logger
from robotlibcore import keyword

from ..client.references import TaskRef, task_uuid
from .base import UIKeywordGroup
from .base import alert_text as _alert_text
from .clock import Clock as _Clock
from .errors import UIError

# The alerts a container sync shows, by the page it was started from.
SYNC_ALERTS = {
    "list": 'Sync started for execution environment "{name}".',
    "detail": 'Sync started for remote registry "{name}".',
}
SYNC_ITEM = "Sync from registry"


def _row(name: str) -> str:
    return f'tr[data-cy="ExecutionEnvironmentList-row-{name}"]'


class ContainerUIKeywords(UIKeywordGroup):
    """Keywords for the hub UI's Execution Environments pages."""

    @keyword("Sync Container In UI", tags=["ui", "container", "task"])
    def sync_container_in_ui(
        self,
        name: str,
        page: Literal["list", "detail"] = "list",
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Starts a sync of execution environment ``name`` from the UI; returns its task reference.

        ``page=list`` (default) uses the kebab of its row on
        ``/ui/containers/``, whose alert reads ``Sync started for execution
        environment "<name>".``; ``page=detail`` uses the kebab of its own
        page (the 4.9 UI says ``Sync started for remote registry "<name>".``
        there). Reads the task from the alert's "detail page" link; does not
        wait for the sync. Fails in one line when the item is missing (not
        a remote container, or no permission) or the UI reports an error.

        | ${task} = | Sync Container In UI | minimal |
        | ${alert} = | Wait For Task Alert | Sync started for execution environment "minimal". |
        | Open Task From Alert | Sync started for execution environment |
        | Wait Until Task Status In UI Is | ${task} | Completed |
        """
        if page not in SYNC_ALERTS:
            raise UIError(f"page must be 'list' or 'detail', not '{page}'.")
        ui = self
        clock = _Clock(self.ctx.timeout(timeout))
        with ui._failing("Sync Container In UI", clock):
            browser = ui.browser
            if page == "list":
                query = urlencode({"name__icontains": name})
                ui._go(f"{ui._ui_url('containers/')}?{query}", clock)
                scope = _row(name)
            else:
                ui._go(ui._ui_url(f"containers/{quote(name, safe='/')}/"), clock)
                scope = "main"
            kebab = f'{scope} button[aria-label="Actions"]'
            try:
                browser.wait_for_elements_state(f"{kebab} >> nth=0", timeout=clock.td())
            except Exception:
                raise UIError(
                    f"Execution environment '{name}' shows no actions on its {page} page: "
                    "does it exist, and may this user change it?"
                ) from None
            ui.reader.close_alerts()
            browser.click(f"{kebab} >> nth=0")
            item = f'[role=menuitem]:text-is("{SYNC_ITEM}"), button:text-is("{SYNC_ITEM}")'
            try:
                # The menu opens at once: a missing item needs no long wait.
                shown = timedelta(seconds=max(0.5, min(3.0, clock.left)))
                browser.wait_for_elements_state(f"{item} >> nth=0", timeout=shown)
            except Exception:
                raise UIError(
                    f"Execution environment '{name}' has no '{SYNC_ITEM}' action: "
                    "it is not a remote container (pushed images cannot sync)."
                ) from None
            if browser.get_attribute(f"{item} >> nth=0", "aria-disabled") == "true":
                raise UIError(f"'{SYNC_ITEM}' of '{name}' is disabled: a sync is running.")
            browser.click(f"{item} >> nth=0")
            started = SYNC_ALERTS[page].format(name=name)
            alert = ui._wait_alert(
                lambda a: started in _alert_text(a) or a.get("variant") == "danger",
                clock,
                f"'{started}'",
            )
            if started not in _alert_text(alert) or not alert.get("task"):
                raise UIError(f"The sync of '{name}' did not start: {_alert_text(alert)}")
        uuid = task_uuid(alert["task"])
        logger.info(
            f"Sync of execution environment '{name}' started from its {page} page: task "
            f'<a href="{self.client.tasks.ui_link(uuid)}">{uuid}</a>.',
            html=True,
        )
        return self._ref(uuid)
