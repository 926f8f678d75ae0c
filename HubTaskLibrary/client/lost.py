"""Creating requests whose answer was lost, so that re-running them is clear.

A POST that reached the hub but whose connection broke before the answer
(the API restarted under it) is never re-sent: the hub may have acted. The
test author re-runs the step; if the hub then says the thing "already
exists", that is the earlier request having done its work, and the message
says so instead of leaving the author to guess.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from .errors import AnswerLostError


class LostAnswers:
    """What one session created without hearing back, by (kind, name)."""

    def __init__(self) -> None:
        self._lost: dict[tuple[str, str], float] = {}

    @contextlib.contextmanager
    def track(self, kind: str, name: str) -> Iterator[None]:
        """Remember ``kind`` ``name`` if the request inside loses its answer."""
        try:
            yield
        except AnswerLostError:
            self._lost[(kind, name)] = time.time()
            raise

    def reached(self, kind: str, name: str) -> str:
        """A sentence for an "already exists" reply after a lost answer, else ''.

        Said once: a later "already exists" has nothing to do with it.
        """
        when = self._lost.pop((kind, name), None)
        if when is None:
            return ""
        at = time.strftime("%H:%M:%S", time.localtime(when))
        return (
            f" The earlier request to create {kind} '{name}', whose answer was lost at {at}, "
            "did reach the hub: it is there."
        )
