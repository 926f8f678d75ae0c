"""Getters with assertions, the way the Browser library's getters work.

A getter reads a value; given an AssertionEngine operator (``==``, ``!=``,
``contains``, ``matches``, ``should end with``, ``validate``, ``then``...) it
checks the value and reads again until the assertion holds or the timeout
passes, through the library's one waiting loop (:func:`poll_until`).
:func:`assert_eventually` is that loop for any getter: API keywords use it
with a hub read, UI keywords with a page read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from assertionengine import AssertionOperator, verify_assertion

from ..client.errors import InvalidArgumentError, is_transient
from ..client.polling import PollOutcome, PollSchedule, PollTimeout, poll_until
from ..client.states import TaskState, find_state

T = TypeVar("T")

# Operators whose expected value is compared with the value as a whole or a
# part of it: a state name or UI label there is read as the state it names.
_COMPARING = frozenset(
    AssertionOperator[name]
    for name in ("==", "!=", "contains", "not contains", "starts", "ends", "<", ">", "<=", ">=")
)
_EQUALITY = frozenset({AssertionOperator["=="], AssertionOperator["!="]})


def assert_eventually(
    read: Callable[[], T],
    operator: AssertionOperator | None,
    expected: Any,
    *,
    what: str,
    message: str | None,
    timeout: float,
    schedule: PollSchedule,
    transient: Callable[[BaseException], bool] = is_transient,
    formatters: list[Any] | None = None,
) -> Any:
    """Read once without ``operator``; with one, read until the assertion holds.

    Returns the value (for ``then``: what its expression gave). On timeout
    fails with AssertionEngine's own message for the last value read, ``(waited
    N s)`` and, when the last read failed, why; ``message`` replaces the whole
    message (``{value}`` and ``{expected}`` are filled in), as in Browser.
    """
    if operator is None:
        if expected not in (None, ""):
            raise InvalidArgumentError(
                f"{what}: expected '{expected}' needs an assertion operator (e.g. ==)."
            )
        return read()
    results: list[Any] = []

    def look() -> PollOutcome[T]:
        value = read()
        try:
            result = verify_assertion(value, operator, expected, what, message, formatters)
        except AssertionError:
            return PollOutcome(False, value)
        results.append(result if operator is AssertionOperator["then"] else value)
        return PollOutcome(True, value)

    try:
        poll_until(look, timeout=timeout, schedule=schedule, transient=transient)
    except PollTimeout as timed_out:
        raise AssertionError(
            _timeout_message(timed_out, operator, expected, what, message, timeout, formatters)
        ) from None
    return results[-1]


def _timeout_message(
    timed_out: PollTimeout,
    operator: AssertionOperator,
    expected: Any,
    what: str,
    message: str | None,
    timeout: float,
    formatters: list[Any] | None,
) -> str:
    note = timed_out.last_look_note()
    if timed_out.stats.polls and timed_out.last is None and timed_out.error is not None:
        if message:
            return message.format(value=None, expected=expected)
        return f"{what}: no read succeeded within {_seconds(timeout)}.{note}"
    try:
        verify_assertion(timed_out.last, operator, expected, what, message, formatters)
    except AssertionError as err:
        if message:
            return str(err)
        return (
            f"{err} (waited {_seconds(timeout)}).{note}"
            if note
            else f"{err} (waited {_seconds(timeout)})"
        )
    # It held on this last check (the value changed meanwhile): say so plainly.
    return f"{what} did not hold within {_seconds(timeout)}.{note}"


def _seconds(value: float) -> str:
    # The keyword's remaining time is a hair under what the user asked for.
    return f"{round(value, 1):g} s"


def state_expectation(operator: AssertionOperator | None, expected: Any) -> Any:
    """``expected`` for an assertion on a task state.

    With a comparing operator (``==``, ``contains``, ``should end with``...)
    a state name in any case or a UI label that only one state shows
    ("Pending") becomes that state's API name; ``==``/``!=`` with anything
    else fail at once (a state that cannot exist would only time out).
    Patterns (``matches``) and expressions (``validate``, ``then``) are used
    as given.
    """
    if operator is None or expected is None or operator not in _COMPARING:
        return expected
    state = find_state(str(expected))
    if state is not None:
        return state.value
    if operator in _EQUALITY:
        known = ", ".join(s.value for s in TaskState)
        raise InvalidArgumentError(
            f"Unknown task state '{expected}': use one of {known} (or a UI label)."
        )
    return expected


__all__ = ["assert_eventually", "state_expectation"]
