"""Retries for transient hub failures, on top of urllib3's retry machinery.

urllib3 already knows backoff with jitter, ``Retry-After`` and which errors are
connection errors; what it lacks is a deadline: a keyword has a timeout, and no
amount of retrying may run past it. :class:`DeadlineRetry` adds that, counts
what it retried (for the keyword log) and keeps non-idempotent requests from
being re-sent after the hub may already have acted on them.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from ..errors import TRANSIENT_STATUSES
from .outage import UNAVAILABLE_STATUSES, Outage

# 429 and 503 say "not processed, come back later"; 502 and 504 come from a
# gateway in front of the hub. All four are transient.
RETRY_STATUSES = TRANSIENT_STATUSES
# A request whose answer was lost after it was sent is only re-sent when
# sending it twice cannot do harm.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"})
# A 500 is what the API answers while its database restarts: retried for
# reads only (a write may have half happened), and only while 500s have not
# lasted longer than this (a 500 that stays is a bug, reported with its text).
SERVER_ERROR_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SERVER_ERROR_WINDOW = 20.0


@dataclass
class Operation:
    """One keyword's worth of requests: shared correlation id, deadline, counters."""

    correlation_id: str
    deadline: float | None = None
    # Seconds of backoff planned so far: never more than the whole timeout.
    budget: float | None = None
    backoff_planned: float = 0.0
    requests: int = 0
    retries: int = 0
    retry_reasons: Counter[str] = field(default_factory=Counter)
    outage: Outage = field(default_factory=Outage)

    def remaining(self) -> float | None:
        if self.deadline is None:
            return None
        return self.deadline - time.monotonic()

    def retry_summary(self) -> str:
        if not self.retries:
            return "no retries"
        reasons = ", ".join(f"{reason} x{n}" for reason, n in sorted(self.retry_reasons.items()))
        return f"{self.retries} retries ({reasons})"


class DeadlineRetry(Retry):
    """A :class:`Retry` that stops at the operation's deadline and counts retries."""

    def __init__(self, *args: Any, operation: Operation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.operation = operation

    def new(self, **kwargs: Any) -> DeadlineRetry:
        new = super().new(**kwargs)
        new.operation = self.operation
        return new

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code == 500:
            return retry_server_error(method, self.operation)
        return bool(super().is_retry(method, status_code, has_retry_after))

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> Retry:
        if (
            error is not None
            and self._is_read_error(error)
            and (method or "").upper() not in IDEMPOTENT_METHODS
        ):
            # The request reached the hub; re-sending a POST could act twice.
            raise MaxRetryError(_pool, url or "", error)
        new = super().increment(method, url, response, error, _pool, _stacktrace)
        reason = f"HTTP {response.status}" if response is not None else type(error).__name__
        op = self.operation
        if op is not None:
            status = response.status if response is not None else None
            if status is None or status in UNAVAILABLE_STATUSES:  # not a 429: it answers
                op.outage.failed(reason, status)
            remaining = op.remaining()
            wait = self._next_wait(new, response)
            over_budget = op.budget is not None and op.backoff_planned + wait > op.budget
            if (remaining is not None and wait >= remaining) or over_budget:
                raise MaxRetryError(
                    _pool, url or "", error or _DeadlineReached(f"{reason}, no time left to retry")
                )
            op.retries += 1
            op.backoff_planned += wait
            op.retry_reasons[reason] += 1
        return new

    @staticmethod
    def _next_wait(retry: Retry, response: Any) -> float:
        wait = retry.get_backoff_time()
        if response is not None and retry.respect_retry_after_header:
            retry_after = retry.get_retry_after(response)
            if retry_after is not None:
                wait = max(wait, retry_after)
        return wait


def retry_server_error(method: str, operation: Operation | None) -> bool:
    """Whether a 500 is retried: a read, within the operation, while 500s
    have lasted less than :data:`SERVER_ERROR_WINDOW`."""
    if operation is None or method.upper() not in SERVER_ERROR_METHODS:
        return False
    return operation.outage.server_errors_for() < SERVER_ERROR_WINDOW


class _DeadlineReached(Exception):
    pass


def make_retry(operation: Operation | None = None) -> DeadlineRetry:
    """The library's retry policy; the deadline, not a count, is the real limit."""
    return DeadlineRetry(
        total=50,
        connect=50,
        read=50,
        status=50,
        other=0,
        redirect=5,
        allowed_methods=None,  # status retries for every method; see increment()
        status_forcelist=RETRY_STATUSES,
        backoff_factor=0.1,
        backoff_max=4.0,
        backoff_jitter=0.2,
        respect_retry_after_header=True,
        raise_on_status=False,
        operation=operation,
    )
