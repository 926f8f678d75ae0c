"""The hook through which a wait shows what it read (for timelines, progress).

The waiting loops call ``looked`` once per look with the task dictionaries
that look read (or still holds), and nothing else: an observer never makes a
request of its own, so watching a wait costs the hub nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class WaitObserver(Protocol):
    def looked(self, tasks: Iterable[dict[str, Any]]) -> None:
        """One look is over; ``tasks`` are the newest reads of what it covers."""
        ...


__all__ = ["WaitObserver"]
