"""The one waiting loop of the library, and the schedule it polls on.

Polling adapts: the first look is immediate (many tasks are already final),
then the interval grows geometrically from tens of milliseconds to a cap, so
short tasks return fast and long ones cost few requests. A rate ceiling keeps
the average at or below ``max_rate`` requests per second after a short burst.
A caller that knows more (a running task whose kind usually takes 2.4 s) can
give a *hint*: sleep until shortly before the expected end, then poll finely.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class PollSchedule:
    """Intervals between polls: ``first``, times ``factor`` each poll, up to ``cap``."""

    first: float = 0.05
    factor: float = 1.5
    cap: float = 1.0
    max_rate: float = 2.0
    burst: int = 4

    def __post_init__(self) -> None:
        if self.first <= 0 or self.factor < 1 or self.cap < self.first or self.max_rate <= 0:
            raise ValueError(f"Invalid poll schedule {self}.")

    def intervals(self) -> Iterator[float]:
        interval = self.first
        while True:
            yield interval
            interval = min(self.cap, interval * self.factor)

    def rate_floor(self, polls: int, elapsed: float) -> float:
        """Seconds to wait so that the next poll keeps the average rate in bounds."""
        return max(0.0, (polls + 1 - self.burst) / self.max_rate - elapsed)


@dataclass
class PollOutcome(Generic[T]):
    """What one look found: ``done`` with a value, or not yet (maybe with a hint)."""

    done: bool
    value: T | None = None
    # Seconds until the next look is likely to be useful (e.g. predicted end).
    hint: float | None = None


@dataclass
class PollStats:
    polls: int = 0
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None

    @property
    def elapsed(self) -> float:
        return (self.ended or time.monotonic()) - self.started


class PollTimeout(Exception):
    """Raised by :func:`poll_until` when the deadline passes; callers re-raise
    it as a message that says what was still unfinished."""

    def __init__(self, stats: PollStats, last: object):
        super().__init__("timeout")
        self.stats = stats
        self.last = last


def poll_until(
    look: Callable[[], PollOutcome[T]],
    *,
    timeout: float,
    schedule: PollSchedule,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[T | None, PollStats]:
    """Call ``look`` until it reports done or ``timeout`` seconds have passed.

    The last look happens at the deadline, never after it; on timeout
    :class:`PollTimeout` carries the last outcome's value for the message.
    """
    stats = PollStats(started=clock())
    deadline = stats.started + timeout
    intervals = schedule.intervals()
    while True:
        outcome = look()
        stats.polls += 1
        if outcome.done:
            stats.ended = clock()
            return outcome.value, stats
        now = clock()
        if now >= deadline:
            stats.ended = now
            raise PollTimeout(stats, outcome.value)
        interval = next(intervals)
        if outcome.hint is not None and outcome.hint > interval:
            interval = outcome.hint
            intervals = schedule.intervals()  # fine-grained again after the hint
        interval = max(interval, schedule.rate_floor(stats.polls, now - stats.started))
        sleep(max(0.0, min(interval, deadline - now)))
