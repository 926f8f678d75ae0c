"""Argument types of the keywords, as libdoc lists them.

``TaskReference`` is the one type of every ``task`` argument, ``TaskStatus``
of every argument that takes a state or a UI label; the enums list their
values in libdoc and Robot converts them case-insensitively.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from ..client.references import TaskRef
from ..client.states import TaskState


class TaskReference:
    """Any reference to a Pulp task.

    Accepted: what a keyword of this library returned (a ``TaskRef``: the
    pulp task href, remembering every task its request started), a pulp task
    href (``/api/galaxy/pulp/api/v3/tasks/<uuid>/``), a galaxy ``v3/tasks/``
    href, an import URL, a bare uuid, or a dictionary: a task as `Get Task`
    returns it or a hub reply with ``task``/``task_id``/``copy_task_id``...
    Anything else fails at once naming what was given. Every keyword that
    starts tasks returns a ``TaskRef``.
    """

    @classmethod
    def from_any(cls, value: object) -> object:
        # Handed on as it is: a TaskRef keeps every task it stands for, a reply
        # dictionary all its task ids; the keyword checks it, so that a bad
        # one fails with the library's own one line (not Robot's conversion
        # error). No docstring: libdoc shows the class's.
        return value


class TaskStatus:
    """A task state as the API names it or as the hub UI shows it.

    API states (any case): ``waiting``, ``running``, ``canceling``,
    ``completed``, ``failed``, ``canceled``, ``skipped``. UI labels:
    ``Pending`` (waiting), ``Running``, ``---`` (canceling), ``Completed``,
    ``Failed``, ``Canceled`` (canceled or skipped). Anything else fails at
    once naming the states allowed.
    """

    @classmethod
    def from_any(cls, value: object) -> object:
        # Handed on as it is (a label such as "---" is no enum member name);
        # the keyword reads it and fails with the library's own one line.
        return value


class FinalState(str, Enum):
    """A final task state, what a wait expects a task to end in.

    Names are case-insensitive, so UI labels of final states (``Completed``,
    ``Failed``, ``Canceled``) are accepted too. ``canceling`` is not final.
    """

    completed = TaskState.COMPLETED.value
    failed = TaskState.FAILED.value
    canceled = TaskState.CANCELED.value
    skipped = TaskState.SKIPPED.value

    def __str__(self) -> str:
        return self.value


class Scope(Enum):
    """How long a setting holds, as in the Browser library.

    ``Global``: from now on. ``Suite``: until the current suite ends (its
    child suites and tests included). ``Test``: until the current test ends.
    """

    Global = "Global"
    Suite = "Suite"
    Test = "Test"


# Wait For All Tasks: every task on the hub, or those this library started.
WaitScope = Literal["hub", "mine"]

CONVERTERS = {TaskReference: TaskReference.from_any, TaskStatus: TaskStatus.from_any}

__all__ = [
    "CONVERTERS",
    "FinalState",
    "Scope",
    "TaskRef",
    "TaskReference",
    "TaskState",
    "TaskStatus",
    "WaitScope",
]
