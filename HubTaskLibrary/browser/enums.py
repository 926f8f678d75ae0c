"""Fixed value sets of the UI keywords' arguments (libdoc lists their values)."""

from __future__ import annotations

from enum import Enum


class FinalState(str, Enum):
    """A final task state a wait can expect."""

    COMPLETED = "completed"
    FAILED = "failed"
    CANCELED = "canceled"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return self.value


class PageLocation(str, Enum):
    """Where in the UI a task is acted on: its detail page or its row in the task list."""

    DETAIL = "detail"
    LIST = "list"

    def __str__(self) -> str:
        return self.value
