"""A UI keyword's time budget: one limit shared by every step of the keyword."""

from __future__ import annotations

import time
from datetime import timedelta


class Clock:
    """How long a keyword has used and has left of its timeout."""

    def __init__(self, limit: float):
        self.limit = limit
        self.started = time.monotonic()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def left(self) -> float:
        return max(0.0, self.limit - self.elapsed)

    def td(self, floor: float = 0.5) -> timedelta:
        """What is left, as Browser wants it (never less than ``floor``)."""
        return timedelta(seconds=max(floor, self.left))
