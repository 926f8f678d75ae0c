"""The HTTP client layer of HubTaskLibrary.

Nothing in this package imports Robot Framework: it is a plain Python client
for galaxy_ng / Pulp that knows how to talk to the hub, how to read every shape
of task reference the hub hands out, and how to wait for tasks. The keyword
classes in :mod:`HubTaskLibrary.keywords` are thin wrappers around it.
"""

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
