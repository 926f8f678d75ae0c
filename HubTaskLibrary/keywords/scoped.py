"""A setting changed for the rest of the run, a suite or a test (Browser's scopes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from .types import Scope

T = TypeVar("T")


@dataclass
class _Override(Generic[T]):
    scope: Scope
    owner: str | None
    previous: T


class ScopedSetting(Generic[T]):
    """One setting (read with ``get``, written with ``put``) with scoped changes.

    A ``Suite`` change ends with the suite that made it (named by its full
    name), a ``Test`` change with the running test; then the value goes back
    to what it was. A ``Global`` change holds from now on, also after the
    narrower changes made before it end.
    """

    def __init__(self, get: Callable[[], T], put: Callable[[T], None]) -> None:
        self._get = get
        self._put = put
        self._overrides: list[_Override[T]] = []

    def set(self, value: T, scope: Scope, owner: str | None = None) -> T:
        """Change the setting; returns the value it had."""
        previous = self._get()
        if scope is Scope.Global:
            for override in self._overrides:
                override.previous = value
        else:
            self._overrides.append(_Override(scope, owner, previous))
        self._put(value)
        return previous

    def end_test(self) -> None:
        self._end(lambda o: o.scope is Scope.Test)

    def end_suite(self, name: str) -> None:
        # A test scope cannot outlive its suite either.
        self._end(lambda o: o.scope is Scope.Test or o.owner == name)

    def _end(self, ending: Callable[[_Override[T]], bool]) -> None:
        for index in reversed(range(len(self._overrides))):
            override = self._overrides[index]
            if not ending(override):
                continue
            del self._overrides[index]
            if index == len(self._overrides):  # it was the latest: its value goes
                self._put(override.previous)
            else:  # a later change holds; it will go back to what was before this one
                self._overrides[index].previous = override.previous


__all__ = ["ScopedSetting"]
