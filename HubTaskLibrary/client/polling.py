"""The one waiting loop of the library, and the schedule it polls on.

The first look is immediate (many tasks are already final). Without better
knowledge the next looks come quickly (0.25 s, then growing by ``factor``) up
to one every ``cap`` seconds, so short tasks return fast. A rate rule bounds
the cost for the hub, counted in HTTP requests (a look may make more than
one): by ``t`` seconds into a wait at most ``max(free, max_rate * t)``
requests were made. With the defaults that is 2 requests in a wait's first
second and never more than 2 per second on average over a longer wait.

A caller that knows more gives a *hint* with its look: "a task of this kind
usually ends in 2.4 s" or "it is canceling, the end is near". The loop then
sleeps until that moment and looks closely (from ``fine`` seconds, growing by
``factor``) as far as the rate rule allows. When the hints stop (the learned
window has passed and the task has not ended) the loop falls back at once to
the full rate the rule allows: never more than ``1 / max_rate`` seconds
between the starts of looks (0.5 s by default, below the ``cap`` of an
unaimed wait; the look's own time counts in it), and for the first
``overdue_brisk`` seconds (2 s) twice as often where the requests the wait
left unspent in its window allow it. So an end after the window is found
within about half a second, and one just after it within about a quarter;
the cost is what the rule allows anyway (its average over the whole wait).
Hints only move looks in time; they never end a wait early.

A look that fails for a reason that may pass (``transient``: the hub was
unreachable, or answered 429/502/503/504 after the client's own retries)
does not end the wait: the loop looks again on its schedule. When time runs
out, :class:`PollTimeout` carries the last value a look found *and* the
error of the last look when it failed, so a wait always reports its timeout
with the last known states, never a poll error that hides it. Every wait of
the library (API and UI) runs in :func:`poll_until`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True)
class PollSchedule:
    """When to look again; see the module documentation."""

    second: float = 0.25
    cap: float = 0.6
    fine: float = 0.05
    factor: float = 1.6
    max_rate: float = 2.0
    # Requests allowed before the rate applies (counting a short wait as one second).
    free: int = 2
    # Seconds past a learned window looked at twice as often as the full rate
    # (as far as the rule's unspent allowance goes): an end just after the
    # window is the likeliest of the late ones.
    overdue_brisk: float = 2.0

    def __post_init__(self) -> None:
        if (
            min(self.second, self.cap, self.fine) <= 0
            or self.factor < 1
            or self.fine > self.cap
            or self.max_rate <= 0
            or self.free < 1
            or self.overdue_brisk < 0
        ):
            raise ValueError(f"Invalid poll schedule {self}.")

    def describe(self) -> str:
        """The schedule in words, for the keyword documentation (a utest checks
        that the docs say this, so they cannot drift from the code)."""
        return (
            f"The first look comes at once, or when what was learned says the task "
            f"can first be over; without such knowledge the next comes after "
            f"{self.second:g} s and then every {min(self.cap, self.second * self.factor):g}"
            f" to {self.cap:g} s. Never more than {self.free} requests in a wait's first "
            f"second, and never more than {self.max_rate:g} per second on average "
            f"over a longer wait. Looks are aimed at the end learned for tasks of that kind;"
            f" a task still unfinished when that window closes is looked at every "
            f"{self.brisk_interval:g} s for {self.overdue_brisk:g} s (as far as that "
            f"average allows), then every {self.overdue_interval:g} s"
        )

    def intervals(self) -> Iterator[float]:
        """Intervals after the first look when nothing better is known:
        ``second``, then growing by ``factor`` (or shrinking) to ``cap``."""
        yield self.second
        interval = min(self.cap, self.second * self.factor)
        while True:
            yield interval
            interval = min(self.cap, interval * self.factor)

    @property
    def full_rate(self) -> float:
        """Seconds between looks at the full rate the rule allows (one request a look)."""
        return 1.0 / self.max_rate

    @property
    def overdue_interval(self) -> float:
        """Where looks after a hint settle: the full rate, or the cap if sooner
        (never below ``fine``)."""
        return min(self.cap, max(self.fine, self.full_rate))

    @property
    def brisk_interval(self) -> float:
        """Looks in the first ``overdue_brisk`` seconds past a window: twice the full rate."""
        return max(self.fine, self.overdue_interval / 2)

    def fine_intervals(self) -> Iterator[float]:
        """Intervals once the hints stop (the task is overdue): close looks,
        growing to twice the full rate for ``overdue_brisk`` seconds, then to
        the full rate (``1 / max_rate``) or the cap, whichever is sooner. The
        rate floor of :func:`poll_until` still holds every look, so the brisk
        part only spends what the wait left unspent in its window."""
        interval, past = self.fine, 0.0
        while True:
            yield interval
            past += interval
            top = self.brisk_interval if past < self.overdue_brisk else self.overdue_interval
            interval = min(top, interval * self.factor)

    def rate_floor(self, spent: int, elapsed: float) -> float:
        """Seconds to wait before request number ``spent + 1`` keeps the rate rule."""
        wanted = spent + 1
        if wanted <= self.free:
            return 0.0
        return max(0.0, wanted / self.max_rate - elapsed)

    def requests_allowed(self, elapsed: float) -> float:
        """How many requests the rate rule allows within ``elapsed`` seconds."""
        return max(float(self.free), elapsed * self.max_rate)

    def allows(self, spent: int, elapsed: float, more: int = 1) -> bool:
        """Whether ``more`` requests may be made now, ``spent`` being made."""
        return spent + more <= self.requests_allowed(elapsed) + 1e-9


@dataclass(frozen=True)
class PollOutcome(Generic[T_co]):
    """What one look found: ``done`` with a value, or not yet (maybe with a hint)."""

    done: bool
    value: T_co | None = None
    # Seconds until the next look is likely to be useful (e.g. predicted end).
    hint: float | None = None
    # HTTP requests the look made (the rate rule counts requests, not looks).
    requests: int = 1


@dataclass
class PollStats:
    polls: int = 0
    requests: int = 0
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    # The clock ``started`` was read on (poll_until's), so that ``elapsed``
    # and the rate rule agree when a test runs a wait on a clock of its own.
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)

    @property
    def elapsed(self) -> float:
        return (self.ended or self.clock()) - self.started


class PollTimeout(Exception):
    """Raised by :func:`poll_until` when the deadline passes; callers re-raise
    it as a message that says what was still unfinished.

    ``last`` is the value of the last look that succeeded; ``error`` the
    exception of the last look when that look failed (else None).
    """

    def __init__(self, stats: PollStats, last: object, error: BaseException | None = None):
        super().__init__("timeout")
        self.stats = stats
        self.last = last
        self.error = error

    def last_look_note(self) -> str:
        """`` The last look failed: ...`` to append to a timeout message, or ``""``."""
        if self.error is None:
            return ""
        return f" The last look failed: {one_line(self.error)}"


def one_line(error: BaseException) -> str:
    """An error's message as one line (whitespace squeezed), or its type's name."""
    text = " ".join(str(error).split())
    return text or type(error).__name__


def never_transient(error: BaseException) -> bool:
    return False


def poll_until(
    # Callable[[PollStats], ...] or Callable[[], ...]: a union of the two
    # would make mypy infer T from the union, not from the look.
    look: Callable[..., PollOutcome[T]],
    *,
    timeout: float,
    schedule: PollSchedule,
    first_after: float = 0.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    transient: Callable[[BaseException], bool] = never_transient,
    spent: Callable[[], int] | None = None,
) -> tuple[T | None, PollStats]:
    """Call ``look`` until it reports done or ``timeout`` seconds have passed.

    ``look`` may take the running :class:`PollStats` (to shape its hints).
    ``first_after`` delays the first look (a caller that knows the task cannot
    be over yet); the wait's time and rate rule start at the call.
    The last look happens at the deadline, never after it (even when the
    rate rule would ask for a little later); on timeout
    :class:`PollTimeout` carries the last outcome's value for the message.

    A look raising an exception for which ``transient`` is true counts as
    "not done" (it is retried on the schedule); any other exception ends the
    wait as it is. ``spent`` (requests made so far, e.g. a session counter)
    makes the rate rule count what each look really sent, failed looks
    included; without it each outcome's ``requests`` (1 for a failed look).
    """
    stats = PollStats(started=clock(), clock=clock)
    deadline = stats.started + timeout
    intervals = schedule.intervals()
    wants_stats = _takes_argument(look)
    last_value: T | None = None
    if first_after > 0:
        sleep(min(first_after, timeout))
    hinted = False  # once a look gave a hint, hint-less looks are past the window
    while True:
        before = spent() if spent is not None else 0
        look_started = clock()
        error: BaseException | None = None
        try:
            outcome = look(stats) if wants_stats else look()
        except Exception as err:
            if not transient(err):
                raise
            error, outcome = err, PollOutcome(False, last_value)
        else:
            last_value = outcome.value
        stats.polls += 1
        stats.requests += spent() - before if spent is not None else outcome.requests
        if outcome.done:
            stats.ended = clock()
            return outcome.value, stats
        now = clock()
        if now >= deadline:
            stats.ended = now
            raise PollTimeout(stats, last_value, error)
        if outcome.hint is not None:
            interval = max(0.0, outcome.hint)
            intervals = schedule.fine_intervals()
            hinted = True
        else:
            interval = next(intervals)
            if hinted:
                # Overdue looks are paced start to start: a look that took
                # 0.15 s (a busy hub) must not stretch 0.5 s into 0.65 s.
                interval = max(0.0, interval - (now - look_started))
        interval = max(interval, schedule.rate_floor(stats.requests, now - stats.started))
        sleep(max(0.0, min(interval, deadline - now)))


def _takes_argument(func: Callable[..., object]) -> bool:
    code = getattr(func, "__code__", None)
    if code is None:
        return False
    count: int = code.co_argcount - (1 if hasattr(func, "__self__") else 0)
    return count >= 1
