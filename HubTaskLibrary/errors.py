"""The one exception hierarchy of the package: client, keywords, UI and local hub.

Every message is meant to be shown to a test author as it is: one line that
says what went wrong and what to fix. ``ROBOT_SUPPRESS_NAME`` makes Robot show
only the message (the attribute is plain Python, no Robot import needed).

Standard library only: the local hub manager (``hubtask``) raises these too,
and it runs before anything else of the library is installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# 429 and 503 say "not processed, come back later"; 502 and 504 come from a
# gateway in front of the hub. The client retries these.
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})


class HubError(Exception):
    """Base class of every error this library raises on purpose."""

    ROBOT_SUPPRESS_NAME = True


class InvalidArgumentError(HubError, ValueError):
    """An argument given by the test author cannot be used."""


class HubConnectionError(HubError):
    """The hub could not be reached (after retries)."""


class AnswerLostError(HubConnectionError):
    """A non-idempotent request reached the hub and its answer was lost: it
    was not re-sent, since the hub may have acted on it."""


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

    @property
    def transient(self) -> bool:
        """Whether asking again later may succeed (the statuses the client retries)."""
        return self.status in TRANSIENT_STATUSES


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


class HubStepError(HubError):
    """A step of the local hub manager failed (``hubtask``): printed as one line.

    ``step`` names what failed (``pip``, ``migrate``, ``api`` ...) and ``log`` where
    to read more, so the one line is enough to start debugging.
    """

    def __init__(self, step: str, message: str, log: Path | None = None) -> None:
        self.step = step
        self.message = message
        self.log = log
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f" (log: {self.log})" if self.log else ""
        return f"hub step '{self.step}' failed: {self.message}{where}"


def is_transient(error: BaseException) -> bool:
    """Whether a failed request may succeed when made again later: the hub was
    unreachable or answered a retryable status (after the client's retries)."""
    if isinstance(error, HubConnectionError):
        return True
    return isinstance(error, HubHTTPError) and error.transient
