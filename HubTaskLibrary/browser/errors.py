"""Errors of the UI keywords."""

from __future__ import annotations

from ..client.errors import HubError


class UIError(HubError):
    """A UI keyword failed; the message is one line and says how long it waited."""


def one_line(error: BaseException) -> str:
    """The first line of an error's message, whitespace squeezed (Playwright adds call logs)."""
    text = str(error).strip()
    first = text.splitlines()[0] if text else type(error).__name__
    return " ".join(first.split())
