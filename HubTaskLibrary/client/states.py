"""Pulp task states, which of them are final, and how the hub UI labels them.

The one place for task-state names: code elsewhere uses :class:`TaskState`
and the sets below, not the strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

from .errors import InvalidArgumentError


class TaskState(str, Enum):
    """The states of a Pulp task (pulpcore 3.x)."""

    WAITING = "waiting"
    RUNNING = "running"
    CANCELING = "canceling"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELED = "canceled"
    SKIPPED = "skipped"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES

    @property
    def ui_label(self) -> str:
        return UI_LABELS[self]

    def __str__(self) -> str:
        return self.value


# ``canceling`` is NOT final: the worker still has to stop the task. galaxykit
# counts it as finished; we do not, or a wait returns before the cancel landed.
FINAL_STATES = frozenset(
    {TaskState.COMPLETED, TaskState.FAILED, TaskState.CANCELED, TaskState.SKIPPED}
)
UNFINISHED_STATES = frozenset({TaskState.WAITING, TaskState.RUNNING, TaskState.CANCELING})
# Final states a wait-all reports as failures (nobody expected them).
BAD_ENDINGS = frozenset({TaskState.FAILED, TaskState.CANCELED, TaskState.SKIPPED})
# Endings a task's duration is learned from (every real end; skipped never ran).
LEARNED_ENDINGS = frozenset({TaskState.COMPLETED, TaskState.FAILED, TaskState.CANCELED})

# What galaxy_ng's task pages show for each state (PatternFly label text).
# ``canceling`` has no label in the UI: it renders a plain "---".
UI_LABELS = {
    TaskState.WAITING: "Pending",
    TaskState.RUNNING: "Running",
    TaskState.CANCELING: "---",
    TaskState.COMPLETED: "Completed",
    TaskState.FAILED: "Failed",
    TaskState.CANCELED: "Canceled",
    TaskState.SKIPPED: "Canceled",
}


def find_state(value: str | Enum) -> TaskState | None:
    """The state an API state name (any case) or a UI label names, or None.

    A UI label names a state when only that state shows it ("Pending" is
    waiting); "Canceled" is also a state name, so it means canceled.
    """
    if isinstance(value, TaskState):
        return value
    text = str(value.value if isinstance(value, Enum) else value).strip()
    for state in TaskState:
        if text.lower() == state.value:
            return state
    # "---" is what a state without a label shows, not a label.
    showing = [
        state
        for state, label in UI_LABELS.items()
        if text.lower() == label.lower() and label != UI_LABELS[TaskState.CANCELING]
    ]
    return showing[0] if len(showing) == 1 else None


def parse_state(value: str | Enum) -> TaskState:
    """Turn an API state name or a UI label into a :class:`TaskState`
    (see :func:`find_state`); a clear error for anything else."""
    state = find_state(value)
    if state is None:
        known = ", ".join(s.value for s in TaskState)
        raise InvalidArgumentError(
            f"Unknown task state '{value}': use one of {known} (or a UI label)."
        )
    return state


def state_of(task: dict[str, Any]) -> TaskState:
    """The state of a task dictionary as returned by the hub."""
    return parse_state(task.get("state", ""))


def state_filter(states: Iterable[TaskState]) -> str:
    """A ``state__in`` filter value, in the order of :class:`TaskState`."""
    wanted = set(states)
    return ",".join(s.value for s in TaskState if s in wanted)
