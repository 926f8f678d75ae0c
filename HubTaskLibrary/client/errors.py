"""The client's exceptions: the package's one hierarchy, in :mod:`HubTaskLibrary.errors`."""

from __future__ import annotations

from ..errors import (
    AnswerLostError,
    HubAuthError,
    HubConnectionError,
    HubError,
    HubHTTPError,
    HubNotFoundError,
    InvalidArgumentError,
    TaskFailedError,
    TaskTimeoutError,
    is_transient,
)

__all__ = [
    "AnswerLostError",
    "HubAuthError",
    "HubConnectionError",
    "HubError",
    "HubHTTPError",
    "HubNotFoundError",
    "InvalidArgumentError",
    "TaskFailedError",
    "TaskTimeoutError",
    "is_transient",
]
