"""Exceptions raised by the client.

Every message is meant to be shown to a test author as it is: one line that
says what went wrong and what to fix. ``ROBOT_SUPPRESS_NAME`` makes Robot show
only the message (the attribute is plain Python, no Robot import needed).
"""

from __future__ import annotations

from typing import Any


class HubError(Exception):
    """Base class of every error this library raises on purpose."""

    ROBOT_SUPPRESS_NAME = True


class InvalidArgumentError(HubError, ValueError):
    """An argument given by the test author cannot be used."""


class HubConnectionError(HubError):
    """The hub could not be reached (after retries)."""


class HubHTTPError(HubError):
    """The hub answered with an error status that is not retried."""

    def __init__(
        self,
        message: str,
        status: int,
        method: str,
        url: str,
        body: Any = None,
        hub_message: str = "",
    ):
        super().__init__(message)
        self.hub_message = hub_message or message
        self.status = status
        self.method = method
        self.url = url
        self.body = body


class HubAuthError(HubHTTPError):
    """401/403: wrong credentials or missing permission."""


class HubNotFoundError(HubHTTPError):
    """404 on a resource."""


class TaskFailedError(HubError):
    """A task ended in a state other than the expected one."""

    def __init__(self, message: str, tasks: list[dict[str, Any]]):
        super().__init__(message)
        self.tasks = tasks


class TaskTimeoutError(HubError):
    """A wait ran out of time; the message says how long and what was left."""

    def __init__(self, message: str, tasks: list[dict[str, Any]]):
        super().__init__(message)
        self.tasks = tasks
