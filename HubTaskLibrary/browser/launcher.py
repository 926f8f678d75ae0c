"""Finding the Browser library instance to drive, and launching Chromium.

The suite's own ``Browser`` import is reused when there is one, so users keep
their Browser settings, timeouts and run-on-failure; otherwise the UI keywords
make a private instance. ``Browser`` is imported only here and only when a UI
keyword runs.
"""

from __future__ import annotations

import os
from typing import Any

from ..client.errors import HubError

INSTALL_HINT = "pip install robotframework-hubtasklibrary[ui]"
ENV_EXECUTABLE = "HUBTASK_CHROMIUM"
DEFAULT_EXECUTABLE = "/usr/bin/chromium"
# Quiet Chromium: no sandbox (root in containers/CI), and none of the
# background traffic that floods a closed network with refused connections.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
)


class UINotInstalledError(HubError):
    """The ``ui`` extra (Browser library) is missing."""


def browser_class() -> type:
    """The Browser library class, or a one-line error naming the install command."""
    try:
        from Browser import Browser
    except ImportError as err:
        raise UINotInstalledError(
            f"The UI keywords need the Browser library, which is not installed ({err}): "
            f"{INSTALL_HINT}"
        ) from None
    return Browser


def suite_browser() -> Any | None:
    """The Browser instance the running suite imported, or None."""
    try:
        from robot.libraries.BuiltIn import BuiltIn, RobotNotRunningError
    except ImportError:  # pragma: no cover - robot is a dependency
        return None
    try:
        return BuiltIn().get_library_instance("Browser")
    except (RuntimeError, RobotNotRunningError):
        return None


def private_browser() -> Any:
    """A Browser instance of our own: no auto closing, no run-on-failure (we screenshot)."""
    cls = browser_class()
    return cls(auto_closing_level="KEEP", run_on_failure="None")


def chromium_executable(argument: str | None = None) -> str | None:
    """The Chromium to launch: the argument, ``HUBTASK_CHROMIUM``, /usr/bin/chromium or None.

    None lets Playwright use its own downloaded browser.
    """
    if argument:
        return str(argument)
    from_env = os.environ.get(ENV_EXECUTABLE)
    if from_env:
        return from_env
    return DEFAULT_EXECUTABLE if os.path.exists(DEFAULT_EXECUTABLE) else None
