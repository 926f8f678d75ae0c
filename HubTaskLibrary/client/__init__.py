"""The HTTP client layer of HubTaskLibrary.

Nothing in this package imports Robot Framework: it is a plain Python client
for galaxy_ng / Pulp that knows how to talk to the hub, how to read every shape
of task reference the hub hands out, and how to wait for tasks. The keyword
classes in :mod:`HubTaskLibrary.keywords` are thin wrappers around it.

The names below are imported when first used, not with the package: importing
one light module (``client.idle``, ``client.states``) must not pull in
``requests`` and every area, since ``hubtask galaxykit task wait all`` is one
short process per Cypress step (see :mod:`.idle`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import (
        HubAuthError,
        HubConnectionError,
        HubError,
        HubHTTPError,
        HubNotFoundError,
        InvalidArgumentError,
        TaskFailedError,
        TaskTimeoutError,
    )
    from .http import HubSession
    from .hub import HubClient
    from .references import task_uuid
    from .states import TaskState

_HOMES = {
    "HubAuthError": "errors",
    "HubConnectionError": "errors",
    "HubError": "errors",
    "HubHTTPError": "errors",
    "HubNotFoundError": "errors",
    "InvalidArgumentError": "errors",
    "TaskFailedError": "errors",
    "TaskTimeoutError": "errors",
    "HubSession": "http",
    "HubClient": "hub",
    "task_uuid": "references",
    "TaskState": "states",
}

__all__ = [
    "HubAuthError",
    "HubClient",
    "HubConnectionError",
    "HubError",
    "HubHTTPError",
    "HubNotFoundError",
    "HubSession",
    "InvalidArgumentError",
    "TaskFailedError",
    "TaskState",
    "TaskTimeoutError",
    "task_uuid",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{home}", __name__), name)
