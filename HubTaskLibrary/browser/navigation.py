"""Opening the hub UI's task pages and finding a task on the current page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from ..client.states import parse_state
from .base import UIKeywordGroup
from .clock import Clock
from .errors import UIError
from .page import Snapshot


class TaskPageNavigation(UIKeywordGroup):
    """Task list and task detail pages, for the keyword classes that use them."""

    def _open_detail(self, uuid: str, clock: Clock) -> Snapshot:
        self._go(self.client.tasks.ui_link(uuid), clock)
        snap = self._until(
            lambda s: s.not_found or s.status_of(uuid)[0] is not None,
            clock,
            f"the detail page of task {uuid}",
        )
        if snap.not_found:
            with self.ctx.operation():
                state = self.client.tasks.get(uuid).get("state")
            raise UIError(
                f"The hub UI shows 'Page not found' for task {uuid} (API state: {state}): "
                "its detail page cannot show this task."
            )
        return snap

    def _open_list(
        self, clock: Clock, name: str | None, state: str | None, page_size: int
    ) -> Snapshot:
        query: dict[str, Any] = {"sort": "-pulp_created", "page_size": int(page_size)}
        if name:
            query["name__contains"] = name
        if state:
            query["state"] = parse_state(state).value
        self._go(f"{self._ui_url('tasks/')}?{urlencode(query)}", clock)
        return self._until(lambda s: bool(s.rows) or s.empty, clock, "the task list")

    def _show_task(self, uuid: str, clock: Clock) -> tuple[Snapshot, str]:
        """The task on the current page (detail or list), else its detail page opened."""
        snap = self.reader.snapshot()
        where = snap.status_of(uuid)[1]
        if where is None:
            snap, where = self._open_detail(uuid, clock), "detail"
        return snap, where
