"""What every UI keyword class shares: the browser driven, page reads, waiting
on the page, and failing in one line with one screenshot.

The keyword classes of one library instance share one :class:`UIState` (the
browser that `Open Hub UI` opened), as Browser's keyword classes share their
library instance.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from robot.api import logger

from ..client.errors import HubError
from ..client.polling import PollOutcome, PollSchedule, PollTimeout, poll_until
from ..client.references import TaskRef
from ..keywords.base import KeywordGroup
from ..keywords.context import LibraryContext
from .clock import Clock
from .errors import UIError, one_line
from .launcher import browser_class, suite_browser
from .page import PageReader, Snapshot
from .tracking import PageTracker

# Reading the DOM is cheap: look often. Reloading a page is not: look less often.
READ_SCHEDULE = PollSchedule(second=0.05, fine=0.05, factor=1.5, cap=0.5, max_rate=20.0, free=20)
RELOAD_SCHEDULE = PollSchedule(second=0.25, fine=0.25, factor=1.5, cap=2.0, max_rate=4.0, free=8)
SCREENSHOT_NAME = "hubtask-failure-{index}"
LOGIN_NEEDED = "the hub UI asks for a login: use Log In To Hub UI (or ... Via API) first"


def page_read_failed(error: BaseException) -> bool:
    """A page read that failed for a reason that may pass (the page between two
    documents, the browser busy): the wait reads again. The library's own
    errors (the login form showing, a bad argument) end the wait."""
    return not isinstance(error, HubError)


class UIState:
    """The browser of one library instance: the Browser library instance
    driven, the private one made when the suite imports none, and the id of
    the browser `Open Hub UI` opened; the tracker of the page's tasks."""

    def __init__(self, tracker: PageTracker | None = None) -> None:
        self.browser: Any | None = None
        self.own: Any | None = None
        self.browser_id: str | None = None
        # Which tasks the page's own requests started (see tracking.py).
        self.tracker = tracker


class UIKeywordGroup(KeywordGroup):
    """Base of the UI keyword classes."""

    def __init__(self, ctx: LibraryContext, ui: UIState):
        super().__init__(ctx)
        self.ui = ui

    @property
    def browser(self) -> Any:
        browser_class()  # the install hint, before anything else
        if self.ui.browser is not None:
            return self.ui.browser
        found = suite_browser()
        if found is None:
            raise UIError("No browser is open on the hub UI: use Open Hub UI first.")
        return found

    @property
    def reader(self) -> PageReader:
        return PageReader(self.browser)

    def _ui_url(self, path: str = "") -> str:
        return self.client.session.ui_url(path)

    def _ref(self, uuid: str) -> TaskRef:
        """The task reference the API keywords return, for a task the UI named."""
        return TaskRef(self.client.tasks.href(uuid), [uuid])

    def _go(self, url: str, clock: Clock) -> None:
        self.browser.go_to(url, timeout=clock.td())
        self._track()

    def _track(self) -> None:
        """Instrument the page now (a load wipes it), so that a click made
        before the next Browser keyword ends is seen too."""
        if self.ui.tracker is not None and self.ui.tracker.enabled:
            self.ui.tracker.look(self.browser)

    @contextlib.contextmanager
    def _failing(self, what: str, clock: Clock) -> Iterator[None]:
        """One screenshot and a one-line message, saying how long it took, on failure."""
        try:
            yield
            # What the keyword made the page do is the library's, not the
            # next Browser keyword's (ui_auto_wait must not wait for it).
            self._track()
        except Exception as err:
            if getattr(err, "hubtask_screenshot", False):
                raise
            self._screenshot()
            if isinstance(err, (HubError, AssertionError)):
                setattr(err, "hubtask_screenshot", True)  # noqa: B010 - marks it for outer catches
                raise
            new = UIError(f"{what} failed after {clock.elapsed:.1f} s: {one_line(err)}")
            new.hubtask_screenshot = True  # type: ignore[attr-defined]
            raise new from None

    def _screenshot(self) -> None:
        browser = self.ui.browser or suite_browser()
        if browser is None:
            return
        try:
            browser.take_screenshot(filename=SCREENSHOT_NAME)
        except Exception as err:  # no page open, browser gone...
            logger.info(f"No screenshot taken: {one_line(err)}")

    def _until(
        self,
        done: Callable[[Snapshot], bool],
        clock: Clock,
        waiting_for: str,
        login_page: bool = False,
    ) -> Snapshot:
        """Poll page snapshots until ``done``; fail saying what and how long.

        The login form ends the wait at once, unless ``login_page`` expects it.
        """

        def look() -> PollOutcome[Snapshot]:
            snap = self.reader.snapshot()
            if done(snap):
                return PollOutcome(True, snap)
            if snap.login and not login_page:
                raise UIError(f"Waiting for {waiting_for}: {LOGIN_NEEDED}.")
            return PollOutcome(False, snap)

        try:
            snap, _ = poll_until(
                look, timeout=clock.left, schedule=READ_SCHEDULE, transient=page_read_failed
            )
        except PollTimeout as timeout:
            last: Snapshot | None = timeout.last  # type: ignore[assignment]
            where = f" (page {last.path})" if last else ""
            raise UIError(
                f"Timed out after {clock.elapsed:.1f} s waiting for {waiting_for}{where}."
                f"{timeout.last_look_note()}"
            ) from None
        assert snap is not None
        return snap

    def _wait_alert(
        self, matches: Callable[[dict[str, Any]], bool], clock: Clock, waiting_for: str
    ) -> dict[str, Any]:
        """Poll the page's alerts until one ``matches``; the newest such alert."""

        def look() -> PollOutcome[list[dict[str, Any]]]:
            alerts = self.reader.alerts()
            found = [a for a in alerts if matches(a)]
            return PollOutcome(True, found) if found else PollOutcome(False, alerts)

        try:
            found, _ = poll_until(
                look, timeout=clock.left, schedule=READ_SCHEDULE, transient=page_read_failed
            )
        except PollTimeout as timeout:
            seen = "; ".join(alert_text(a) for a in timeout.last or []) or "none"  # type: ignore[attr-defined]
            raise UIError(
                f"No alert {waiting_for} appeared within {clock.elapsed:.1f} s "
                f"(alerts shown: {seen}).{timeout.last_look_note()}"
            ) from None
        assert found
        return found[-1]


def alert_text(alert: dict[str, Any]) -> str:
    """An alert's title and description as one line."""
    return " ".join(f"{alert.get('title', '')} {alert.get('description', '')}".split())
