"""The one exception type of the local hub manager."""

from __future__ import annotations

from pathlib import Path


class HubError(Exception):
    """An expected failure: the CLI prints it as one line, without a traceback.

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
