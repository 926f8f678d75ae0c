"""Running Python in the hub's Django console (``pulpcore-manager shell``).

The console command is a command line that reads Python code on standard
input: the local hub's own (``hubtask hub env`` prints it), or for a remote hub
e.g. ``ssh hub pulpcore-manager shell`` or
``kubectl exec -i deploy/hub-api -- pulpcore-manager shell``.
"""

from __future__ import annotations

import shlex
import subprocess

from .errors import HubError, InvalidArgumentError


def run_console(command: str | None, code: str, timeout: float) -> str:
    """Run ``code`` through ``command`` and return what it printed."""
    if not command:
        raise InvalidArgumentError(
            "No hub console command configured: give console_command=... when importing "
            "the library or set HUB_CONSOLE_COMMAND (the local hub sets it)."
        )
    try:
        argv = shlex.split(command)
    except ValueError as err:
        raise InvalidArgumentError(f"console_command cannot be parsed: {err}.") from None
    try:
        done = subprocess.run(
            argv, input=code, capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError:
        raise InvalidArgumentError(f"console_command '{argv[0]}' was not found.") from None
    except subprocess.TimeoutExpired:
        raise HubError(f"The hub console did not finish within {timeout:g} s.") from None
    if done.returncode != 0 or "Traceback (most recent call last)" in done.stderr:
        last = [line for line in done.stderr.strip().splitlines() if line.strip()][-1:]
        raise HubError(
            f"The hub console failed (exit {done.returncode}): "
            f"{last[0] if last else 'no error output'}"
        )
    return done.stdout
