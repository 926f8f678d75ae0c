"""How long the hub was unreachable during one keyword, for its log.

A restarted API refuses connections for seconds; a restarted database makes
the API answer 500 meanwhile. The retry machinery rides both out within the
keyword's timeout; this module only measures them: an outage starts at the
first failed attempt and ends at the next answer that is not a failure, and
the keyword log then says e.g. "the hub was unreachable for 4.2 s
(connection refused x9)".
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

# Statuses that mean "the hub is there but cannot serve" (500: its database
# is down; the others come from a gateway or an overloaded server).
UNAVAILABLE_STATUSES = frozenset({500, 502, 503, 504})


@dataclass
class Outage:
    """Outages seen by one operation's requests."""

    clock: Callable[[], float] = time.monotonic
    started: float | None = None
    # Since when the hub answers 500 without a break (None: it does not).
    server_errors_since: float | None = None
    reasons: Counter[str] = field(default_factory=Counter)
    # Lengths of the outages that are over, in seconds.
    periods: list[float] = field(default_factory=list)

    def failed(self, reason: str, status: int | None = None) -> None:
        """An attempt failed with ``reason`` (``HTTP 500``, ``NewConnectionError``)."""
        now = self.clock()
        if self.started is None:
            self.started = now
        if status == 500 and self.server_errors_since is None:
            self.server_errors_since = now
        elif status != 500:
            self.server_errors_since = None
        self.reasons[_plain(reason)] += 1

    def answered(self, status: int) -> None:
        """An answer came; an outage (if any) ends unless it is another failure."""
        if status in UNAVAILABLE_STATUSES:
            return
        self.server_errors_since = None
        if self.started is not None:
            self.periods.append(self.clock() - self.started)
            self.started = None

    def server_errors_for(self) -> float:
        """Seconds the hub has answered nothing but 500 (0 when it does not)."""
        if self.server_errors_since is None:
            return 0.0
        return self.clock() - self.server_errors_since

    @property
    def total(self) -> float:
        ongoing = self.clock() - self.started if self.started is not None else 0.0
        return sum(self.periods) + ongoing

    def summary(self) -> str:
        """One sentence for the log; empty when the hub always answered."""
        if not self.reasons:
            return ""
        reasons = ", ".join(f"{r} x{n}" for r, n in sorted(self.reasons.items()))
        times = f" in {len(self.periods)} outages" if len(self.periods) > 1 else ""
        still = " and still was at the end" if self.started is not None else ""
        return f"The hub was unreachable for {self.total:.1f} s{times}{still} ({reasons})."


_PLAIN = {
    "NewConnectionError": "connection refused",
    "ConnectTimeoutError": "connect timeout",
    "ProtocolError": "connection reset",
    "ReadTimeoutError": "read timeout",
    "HTTP 500": "HTTP 500 (database down?)",
}


def _plain(reason: str) -> str:
    return _PLAIN.get(reason, reason)
