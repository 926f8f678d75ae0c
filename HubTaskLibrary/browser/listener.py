"""The Robot listener that follows each Browser keyword: it keeps the page
instrumented and, with ``ui_auto_wait=True``, waits for the tasks the
keyword led the page to start, failing that keyword when one fails."""

from __future__ import annotations

from typing import Any

from ..client.errors import HubError
from .launcher import suite_browser
from .ui_tasks import UITaskKeywords

# Browser keywords after which there is no page to read, or that cannot
# have made the page do anything.
_SKIPPED = ("Close ", "New Browser", "New Context", "Take Screenshot", "Set ", "Register ")


class BrowserKeywordListener:
    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, ui_tasks: UITaskKeywords, auto_wait: bool):
        self.ui_tasks = ui_tasks
        self.auto_wait = bool(auto_wait)

    def end_keyword(self, data: Any, result: Any) -> None:
        if getattr(result, "owner", None) != "Browser" or result.status != "PASS":
            return
        name = str(getattr(result, "name", ""))
        if name.startswith(_SKIPPED) or not self.ui_tasks.tracker.enabled:
            return
        browser = suite_browser()
        if browser is None:
            return
        try:
            self.ui_tasks.after_browser_keyword(browser, wait=self.auto_wait)
        except HubError as err:
            # A task the keyword started failed (or did not end in time):
            # that keyword fails, with the task's own message.
            result.status = "FAIL"
            result.message = str(err)
