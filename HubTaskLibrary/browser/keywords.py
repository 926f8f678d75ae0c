"""UI keywords: the hub's task pages, alerts, stop and sync, driven through Browser."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlencode

from robot.api import logger
from robotlibcore import keyword

from ..client.errors import HubError, InvalidArgumentError
from ..client.polling import PollOutcome, PollSchedule, PollTimeout, poll_until
from ..client.references import task_uuid
from ..client.states import parse_state
from ..keywords.base import KeywordGroup
from .errors import UIError, one_line
from .labels import expected_label, is_final_label, label_matches, normalize_label
from .launcher import (
    CHROMIUM_ARGS,
    browser_class,
    chromium_executable,
    private_browser,
    suite_browser,
)
from .page import PageReader, Snapshot
from .selectors import SELECTORS, button

# Reading the DOM is cheap: look often. Reloading a page is not: look less often.
READ_SCHEDULE = PollSchedule(second=0.05, fine=0.05, factor=1.5, cap=0.5, max_rate=20.0, free=20)
RELOAD_SCHEDULE = PollSchedule(second=0.25, fine=0.25, factor=1.5, cap=2.0, max_rate=4.0, free=8)
# The task detail page re-reads its task every 10 s; reload it only after that.
DETAIL_SELF_REFRESH = 12.0
SCREENSHOT_NAME = "hubtask-failure-{index}"
LOGIN_NEEDED = "the hub UI asks for a login: use Log In To Hub UI (or ... Via API) first"


class _Clock:
    """A keyword's time budget."""

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


class BrowserKeywords(KeywordGroup):
    """Keywords for the hub web UI (the ``ui`` extra: Browser library and Chromium)."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self._browser: Any | None = None
        self._own: Any | None = None
        self._browser_id: str | None = None

    # -- plumbing -------------------------------------------------------------------
    @property
    def browser(self) -> Any:
        browser_class()  # the install hint, before anything else
        if self._browser is not None:
            return self._browser
        found = suite_browser()
        if found is None:
            raise UIError("No browser is open on the hub UI: use Open Hub UI first.")
        return found

    @property
    def reader(self) -> PageReader:
        return PageReader(self.browser)

    def _ui_url(self, path: str = "") -> str:
        return self.client.session.ui_url(path)

    @contextlib.contextmanager
    def _failing(self, what: str, clock: _Clock) -> Iterator[None]:
        """One screenshot and a one-line message, saying how long it took, on failure."""
        try:
            yield
        except Exception as err:
            if getattr(err, "hubtask_screenshot", False):
                raise
            self._screenshot()
            if isinstance(err, HubError):
                err.hubtask_screenshot = True  # type: ignore[attr-defined]
                raise
            new = UIError(f"{what} failed after {clock.elapsed:.1f} s: {one_line(err)}")
            new.hubtask_screenshot = True  # type: ignore[attr-defined]
            raise new from None

    def _screenshot(self) -> None:
        browser = self._browser or suite_browser()
        if browser is None:
            return
        try:
            browser.take_screenshot(filename=SCREENSHOT_NAME)
        except Exception as err:  # no page open, browser gone...
            logger.info(f"No screenshot taken: {one_line(err)}")

    def _until(
        self,
        done: Callable[[Snapshot], bool],
        clock: _Clock,
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
            snap, _ = poll_until(look, timeout=clock.left, schedule=READ_SCHEDULE)
        except PollTimeout as timeout:
            last: Snapshot | None = timeout.last  # type: ignore[assignment]
            where = f" (page {last.path})" if last else ""
            raise UIError(
                f"Timed out after {clock.elapsed:.1f} s waiting for {waiting_for}{where}."
            ) from None
        assert snap is not None
        return snap

    def _go(self, url: str, clock: _Clock) -> None:
        self.browser.go_to(url, timeout=clock.td())

    def _open_detail(self, uuid: str, clock: _Clock) -> Snapshot:
        self._go(self.client.tasks.ui_link(uuid), clock)
        snap = self._until(
            lambda s: s.not_found or s.status_of(uuid)[0] is not None,
            clock,
            f"the detail page of task {uuid}",
        )
        if snap.not_found:
            with self.ctx.operation():
                state = self.client.tasks.get(uuid).get("state")
            raise UIError(
                f"The hub UI shows 'Page not found' for task {uuid} (API state: {state}): "
                "its detail page cannot show this task."
            )
        return snap

    def _open_list(
        self, clock: _Clock, name: str | None, state: str | None, page_size: int
    ) -> Snapshot:
        query: dict[str, Any] = {"sort": "-pulp_created", "page_size": int(page_size)}
        if name:
            query["name__contains"] = name
        if state:
            query["state"] = parse_state(state).value
        self._go(f"{self._ui_url('tasks/')}?{urlencode(query)}", clock)
        return self._until(lambda s: bool(s.rows) or s.empty, clock, "the task list")

    def _show_task(self, uuid: str, clock: _Clock) -> tuple[Snapshot, str]:
        """The task on the current page (detail or list), else its detail page opened."""
        snap = self.reader.snapshot()
        where = snap.status_of(uuid)[1]
        if where is None:
            snap, where = self._open_detail(uuid, clock), "detail"
        return snap, where

    def _wait_alert(
        self, matches: Callable[[dict[str, Any]], bool], clock: _Clock, waiting_for: str
    ) -> dict[str, Any]:
        def look() -> PollOutcome[list[dict[str, Any]]]:
            alerts = self.reader.alerts()
            found = [a for a in alerts if matches(a)]
            return PollOutcome(True, found) if found else PollOutcome(False, alerts)

        try:
            found, _ = poll_until(look, timeout=clock.left, schedule=READ_SCHEDULE)
        except PollTimeout as timeout:
            seen = "; ".join(_alert_text(a) for a in timeout.last or []) or "none"  # type: ignore[attr-defined]
            raise UIError(
                f"No alert {waiting_for} appeared within {clock.elapsed:.1f} s "
                f"(alerts shown: {seen})."
            ) from None
        assert found
        return found[-1]

    # -- browser and login ----------------------------------------------------------
    @keyword("Open Hub UI", tags=["ui"])
    def open_hub_ui(
        self,
        headless: bool = True,
        executable_path: str | None = None,
        path: str = "",
        timeout: timedelta | None = None,
    ) -> str:
        """Opens Chromium with a new context and page at the hub's UI; returns the browser id.

        Uses the suite's ``Browser`` library instance when the suite imports
        Browser (its settings and run-on-failure stay in force), else a private
        one. ``executable_path`` defaults to the ``HUBTASK_CHROMIUM``
        environment variable, then ``/usr/bin/chromium`` when present, then
        Playwright's own browser. Chromium runs with ``--no-sandbox`` and
        without background networking. ``path`` is a UI path such as ``tasks/``.

        | Open Hub UI |
        | Open Hub UI | headless=False | executable_path=/opt/chrome/chrome |
        """
        clock = _Clock(self.ctx.timeout(timeout))
        browser_class()
        from Browser.utils.data_types import SupportedBrowsers

        instance = suite_browser()
        if instance is None:
            if self._own is None:
                self._own = private_browser()
            instance = self._own
        self._browser = instance
        with self._failing("Open Hub UI", clock):
            self._browser_id = instance.new_browser(
                SupportedBrowsers.chromium,
                headless=bool(headless),
                executablePath=chromium_executable(executable_path),
                args=list(CHROMIUM_ARGS),
                reuse_existing=False,
                timeout=clock.td(),
            )
            instance.new_context(viewport={"width": 1400, "height": 900})
            instance.new_page(self._ui_url(path))
        logger.info(f"Hub UI open at {self._ui_url(path)} ({clock.elapsed:.1f} s).")
        return str(self._browser_id)

    @keyword("Close Hub UI", tags=["ui"])
    def close_hub_ui(self) -> None:
        """Closes the browser that `Open Hub UI` opened (and nothing else).

        | Close Hub UI |
        """
        if self._browser is None or self._browser_id is None:
            return
        with contextlib.suppress(Exception):
            self._browser.close_browser(self._browser_id)
        self._browser_id = None
        self._browser = None

    @keyword("Log In To Hub UI", tags=["ui"])
    def log_in_to_hub_ui(
        self,
        username: str | None = None,
        password: str | None = None,
        timeout: timedelta | None = None,
    ) -> None:
        """Logs in through the UI's login form, like a user.

        ``username`` and ``password`` default to the library's settings
        (``HUB_USERNAME``/``HUB_PASSWORD``). The password is never logged.
        Fails at once, with the UI's message, when the UI refuses the login.

        | Log In To Hub UI |
        | Log In To Hub UI | username=reader | password=${PASSWORD} |
        """
        user, secret = self._credentials(username, password)
        clock = _Clock(self.ctx.timeout(timeout))
        with self._failing("Log In To Hub UI", clock):
            browser = self.browser
            self._go(self._ui_url("login/"), clock)
            browser.wait_for_elements_state(SELECTORS.login_username, timeout=clock.td())
            browser.fill_text(SELECTORS.login_username, user)
            _fill_password(browser, SELECTORS.login_password, secret)
            browser.click(SELECTORS.login_submit)
            snap = self._until(
                lambda s: bool(s.login_error) or ("/login" not in s.path and not s.login),
                clock,
                "the UI to accept the login",
                login_page=True,
            )
            if snap.login_error:
                raise UIError(f"The UI refused the login of '{user}': {snap.login_error}")
        logger.info(f"Logged in to the hub UI as '{user}' ({clock.elapsed:.1f} s).")

    @keyword("Log In To Hub UI Via API", tags=["ui"])
    def log_in_to_hub_ui_via_api(
        self, username: str | None = None, password: str | None = None
    ) -> None:
        """Logs the browser context in without the form: fast, for tests not about login.

        Uses the context's own requests (they share its cookies): GET
        ``<prefix>_ui/v1/auth/login/`` for the CSRF cookie, then POST the
        credentials as JSON with ``X-CSRFToken``. The session cookie then
        serves every page opened afterwards (reload a page opened before).

        | Open Hub UI |
        | Log In To Hub UI Via API |
        """
        user, secret = self._credentials(username, password)
        clock = _Clock(self.ctx.timeout(None))
        with self._failing("Log In To Hub UI Via API", clock):
            from Browser.utils.data_types import RequestMethod

            browser = self.browser
            url = self.client.session.url("_ui/v1/auth/login/")
            browser.http(url, RequestMethod.GET)
            csrf = next(
                (c["value"] for c in browser.get_cookies() if c["name"] == "csrftoken"), None
            )
            if not csrf:
                raise UIError(f"The hub set no csrftoken cookie at {url}: is this a galaxy_ng hub?")
            reply = browser.http(
                url,
                RequestMethod.POST,
                json.dumps({"username": user, "password": secret}),
                {"X-CSRFToken": csrf, "Content-Type": "application/json"},
            )
            status = int(reply.get("status", 0))
            if status not in (200, 204):
                detail = _reply_detail(reply.get("body"))
                reason = f" ({detail})" if detail else ""
                raise UIError(f"Log in of '{user}' through {url} failed: HTTP {status}{reason}.")
        logger.info(f"Logged the browser in as '{user}' through the API ({clock.elapsed:.1f} s).")

    def _credentials(self, username: str | None, password: str | None) -> tuple[str, str]:
        # The user Switch User made current, else the import settings'.
        acting, acting_password = self.ctx.credentials()
        user = username or acting
        secret = password if password is not None else acting_password
        if not user:
            raise InvalidArgumentError("No username: give username=... or set HUB_USERNAME.")
        return str(user), str(secret or "")

    # -- alerts -----------------------------------------------------------------------
    @keyword(tags=["ui", "wait"])
    def wait_for_task_alert(self, text: str, timeout: timedelta | None = None) -> dict:
        """Waits for an alert whose title or description contains ``text``; returns it.

        The dictionary has ``title`` (without the hidden "Info alert:" prefix),
        ``description``, ``variant`` (``info``, ``success``, ``danger``,
        ``warning``, ``default``) and ``task``: the uuid of the task the
        alert's "detail page" link points to, or None without a link. Alerts
        stay until closed or until the page changes.

        | ${alert} = | Wait For Task Alert | Sync started for repository |
        | Should Be Equal | ${alert}[variant] | info |
        """
        clock = _Clock(self.ctx.timeout(timeout))
        with self._failing("Wait For Task Alert", clock):
            alert = self._wait_alert(
                lambda a: text in _alert_text(a), clock, f"containing '{text}'"
            )
        logger.info(f"Alert ({alert['variant']}): {_alert_text(alert)}")
        return alert

    @keyword(tags=["ui"])
    def open_task_from_alert(
        self, text: str | None = None, timeout: timedelta | None = None
    ) -> str:
        """Follows the "detail page" link of an alert; returns the task uuid.

        ``text`` picks the alert (see `Wait For Task Alert`); without it the
        newest alert that links to a task is used.

        | ${task} = | Open Task From Alert | Sync started |
        """
        clock = _Clock(self.ctx.timeout(timeout))
        with self._failing("Open Task From Alert", clock):
            wanted = f"containing '{text}' with a task link" if text else "with a task link"
            alert = self._wait_alert(
                lambda a: bool(a.get("task")) and (text is None or text in _alert_text(a)),
                clock,
                wanted,
            )
            uuid = str(alert["task"])
            self.browser.click(f"{SELECTORS.alert_task_link(uuid)} >> nth=0")
            self._until(
                lambda s: s.not_found or s.status_of(uuid)[1] == "detail",
                clock,
                f"the detail page of task {uuid}",
            )
        return uuid

    # -- task pages ---------------------------------------------------------------------
    @keyword(tags=["ui"])
    def open_task_list(
        self,
        name: str | None = None,
        state: str | None = None,
        page_size: int = 100,
        timeout: timedelta | None = None,
    ) -> list[dict]:
        """Opens the task list, newest first, filtered like the UI's filters; returns its rows.

        ``name`` is a substring of the task name, ``state`` an API state name
        or a UI label (``running``, ``Pending``...). The rows are those of
        `Get Tasks In UI`.

        | Open Task List | name=iamrunning | state=running |
        | ${rows} = | Open Task List | state=failed |
        """
        clock = _Clock(self.ctx.timeout(timeout))
        with self._failing("Open Task List", clock):
            self._open_list(clock, name, state, page_size)
        return self.get_tasks_in_ui()

    @keyword("Get Tasks In UI", tags=["ui", "getter"])
    def get_tasks_in_ui(self) -> list[dict]:
        """Returns the rows of the task list on the current page.

        Each row is a dictionary: ``task`` (uuid), ``name`` (raw task name)
        and ``status`` (the UI label, ``---`` for canceling).

        | ${rows} = | Get Tasks In UI |
        """
        rows = self.reader.snapshot().rows
        return [{"task": r.task, "name": r.name, "status": r.status} for r in rows]

    @keyword(tags=["ui"])
    def open_task_detail(self, task: Any, timeout: timedelta | None = None) -> str:
        """Opens the detail page of ``task`` (any task reference); returns its uuid.

        Waits until the page shows the task's status. Fails clearly when the
        UI answers its "Page not found" page.

        | Open Task Detail | ${task} |
        """
        uuid = task_uuid(task)
        clock = _Clock(self.ctx.timeout(timeout))
        with self._failing("Open Task Detail", clock):
            self._open_detail(uuid, clock)
        return uuid

    @keyword("Get Task Status In UI", tags=["ui", "getter"])
    def get_task_status_in_ui(self, task: Any, timeout: timedelta | None = None) -> str:
        """Returns the status label the UI shows for ``task`` (e.g. ``Running``).

        Reads the current page when it shows the task (its detail page or a
        task list row), else opens the detail page. ``canceling`` shows ``---``.

        | ${label} = | Get Task Status In UI | ${task} |
        """
        uuid = task_uuid(task)
        clock = _Clock(self.ctx.timeout(timeout))
        with self._failing("Get Task Status In UI", clock):
            snap, _ = self._show_task(uuid, clock)
        return str(normalize_label(snap.status_of(uuid)[0]))

    @keyword("Task Status In UI Should Be", tags=["ui", "assertion"])
    def task_status_in_ui_should_be(self, task: Any, expected: str) -> None:
        """Checks the status the UI shows now for ``task``, without waiting for a change.

        ``expected`` is an API state (``running``) or a UI label (``Running``).

        | Task Status In UI Should Be | ${task} | running |
        | Task Status In UI Should Be | ${task} | Canceled |
        """
        uuid = task_uuid(task)
        label = expected_label(expected)
        clock = _Clock(self.ctx.timeout(None))
        with self._failing("Task Status In UI Should Be", clock):
            snap, where = self._show_task(uuid, clock)
            shown = normalize_label(snap.status_of(uuid)[0])
            if shown != label:
                raise UIError(
                    f"Task {uuid} shows '{shown}' on its {where} page, expected '{label}'."
                )

    @keyword("Wait Until Task Status In UI Is", tags=["ui", "wait"])
    def wait_until_task_status_in_ui_is(
        self, task: Any, expected: str, timeout: timedelta | None = None
    ) -> str:
        """Waits until the UI shows ``expected`` for ``task``; returns the label.

        Watches the current page when it shows the task, else its detail page.
        The task list never refreshes itself, so it is reloaded between looks;
        the detail page refreshes itself every 10 s and is reloaded only when
        that did not bring the change. Fails at once when the UI shows another
        final state, and on timeout saying how long it waited and what it saw.

        | Wait Until Task Status In UI Is | ${task} | canceled |
        | Wait Until Task Status In UI Is | ${task} | Completed | timeout=30s |
        """
        uuid = task_uuid(task)
        label = expected_label(expected)
        clock = _Clock(self.ctx.timeout(timeout))
        seen: dict[str, Any] = {"status": None, "reloaded": time.monotonic()}
        with self._failing("Wait Until Task Status In UI Is", clock):
            _, where = self._show_task(uuid, clock)

            def look() -> PollOutcome[str]:
                snap = self.reader.snapshot()
                if snap.login:
                    raise UIError(f"Waiting for task {uuid}: {LOGIN_NEEDED}.")
                shown = normalize_label(snap.status_of(uuid)[0])
                if shown is None:  # still loading after a reload
                    return PollOutcome(False)
                seen["status"] = shown
                if label_matches(shown, label):
                    return PollOutcome(True, shown)
                if is_final_label(shown):
                    raise UIError(
                        f"Task {uuid} shows '{shown}' on its {where} page, a final state, "
                        f"not '{label}' (after {clock.elapsed:.1f} s)."
                    )
                now = time.monotonic()
                stale = where == "list" or now - seen["reloaded"] > DETAIL_SELF_REFRESH
                if stale and clock.left > 1.0:
                    self.browser.reload(timeout=clock.td())
                    seen["reloaded"] = now
                return PollOutcome(False, shown)

            try:
                poll_until(look, timeout=clock.left, schedule=RELOAD_SCHEDULE)
            except PollTimeout:
                raise UIError(
                    f"Task {uuid} still showed '{seen['status']}' on its {where} page after "
                    f"{clock.elapsed:.1f} s (timeout {clock.limit:g} s), expected '{label}'."
                ) from None
        return label

    @keyword("UI Task Status Should Match API", tags=["ui", "assertion"])
    def ui_task_status_should_match_api(self, task: Any, timeout: timedelta | None = None) -> str:
        """Checks that the UI shows the label of the state the API reports for ``task``.

        A list page that shows an older state is reloaded once before the
        check fails (lists never refresh themselves). Returns the label.

        | UI Task Status Should Match API | ${task} |
        """
        uuid = task_uuid(task)
        clock = _Clock(self.ctx.timeout(timeout))
        with self._failing("UI Task Status Should Match API", clock):
            snap, where = self._show_task(uuid, clock)
            for attempt in range(2):
                shown = normalize_label(snap.status_of(uuid)[0])
                with self.ctx.operation(timeout):
                    state = str(self.client.tasks.get(uuid)["state"])
                if label_matches(shown, state):
                    logger.info(f"Task {uuid}: UI '{shown}' matches API '{state}'.")
                    return str(shown)
                if attempt == 0:
                    self.browser.reload(timeout=clock.td())
                    snap = self._until(
                        lambda s: s.status_of(uuid)[0] is not None, clock, f"task {uuid}"
                    )
            raise UIError(
                f"Task {uuid}: the UI ({where} page) shows '{shown}', the API says '{state}' "
                f"(label '{expected_label(state)}'), checked for {clock.elapsed:.1f} s."
            )

    @keyword("Get Task Error In UI", tags=["ui", "getter"])
    def get_task_error_in_ui(self, task: Any, timeout: timedelta | None = None) -> str:
        """Returns the error description the detail page of a failed task shows.

        Opens the detail page unless it is the current page; reads the
        "Error message" card's "Description".

        | ${error} = | Get Task Error In UI | ${task} |
        | Should Contain | ${error} | not a gzip file |
        """
        uuid = task_uuid(task)
        clock = _Clock(self.ctx.timeout(timeout))
        with self._failing("Get Task Error In UI", clock):
            snap = self.reader.snapshot()
            if snap.status_of(uuid)[1] != "detail":
                snap = self._open_detail(uuid, clock)
            error = self.reader.error_description()
            if error is None:
                shown = snap.status_of(uuid)[0]
                raise UIError(f"The detail page of task {uuid} ({shown}) shows no error message.")
        return error

    # -- actions ------------------------------------------------------------------------
    @keyword("Stop Task In UI", tags=["ui", "task"])
    def stop_task_in_ui(
        self, task: Any, location: str = "detail", timeout: timedelta | None = None
    ) -> dict:
        """Stops ``task`` with the UI's "Stop task" button; checks the API says ``canceled``.

        ``location`` is ``detail`` (the task's detail page) or ``list`` (its
        row in the task list, filtered by the task's name). Confirms the
        modal, waits for the success alert, then waits through the API until
        the task is ``canceled``. Returns the task as the API describes it.

        | Stop Task In UI | ${task} |
        | Stop Task In UI | ${task} | location=list |
        """
        uuid = task_uuid(task)
        where = str(location).strip().lower()
        if where not in ("detail", "list"):
            raise InvalidArgumentError(f"location '{location}' must be 'detail' or 'list'.")
        clock = _Clock(self.ctx.timeout(timeout))
        with self._failing("Stop Task In UI", clock):
            browser = self.browser
            snap = self.reader.snapshot()
            if snap.status_of(uuid)[1] != where:
                if where == "detail":
                    self._open_detail(uuid, clock)
                else:
                    with self.ctx.operation():
                        name = str(self.client.tasks.get(uuid)["name"])
                    self._open_list(clock, name, None, 100)
                    self._until(lambda s: s.status_of(uuid)[1] == "list", clock, f"task {uuid}")
            within = SELECTORS.task_row(uuid) if where == "list" else None
            self.reader.close_alerts()
            browser.click(button("Stop task", within))
            browser.wait_for_elements_state(SELECTORS.modal, timeout=clock.td())
            browser.click(button("Yes, stop", SELECTORS.modal))
            alert = self._wait_alert(
                lambda a: (
                    "stopped successfully" in _alert_text(a)
                    or "could not be stopped" in _alert_text(a)
                ),
                clock,
                "saying whether the task stopped",
            )
            if alert["variant"] != "success":
                raise UIError(f"The UI could not stop task {uuid}: {_alert_text(alert)}")
            left = timedelta(seconds=max(1.0, clock.left))
            with self.ctx.operation(left):
                report = self.ctx.wait_for(uuid, left, expected="canceled", what="the UI stop")
        logger.info(f"Stopped task {uuid} from its {where} page ({clock.elapsed:.1f} s).")
        return report.tasks[0]

    @keyword("Sync Repository In UI", tags=["ui", "repository", "task"])
    def sync_repository_in_ui(self, name: str, timeout: timedelta | None = None) -> str:
        """Starts a sync of repository ``name`` from its UI page; returns the task uuid.

        Opens ``/ui/ansible/repositories/<name>/``, presses the header's
        "Sync" button, confirms the modal and reads the task from the alert
        "Sync started for repository ...". Does not wait for the sync. Fails
        clearly when the button is disabled (a sync already queued, or no
        remote) or the UI reports an error.

        | ${task} = | Sync Repository In UI | community |
        | Wait For Task | ${task} |
        """
        clock = _Clock(self.ctx.timeout(timeout))
        with self._failing("Sync Repository In UI", clock):
            browser = self.browser
            self._go(self._ui_url(f"ansible/repositories/{quote(name, safe='')}/"), clock)
            sync = button("Sync")
            browser.wait_for_elements_state(sync, timeout=clock.td())
            if browser.get_attribute(sync, "aria-disabled") == "true":
                raise UIError(
                    f"The Sync button of repository '{name}' is disabled: a sync may be "
                    "queued already, or the repository has no remote."
                )
            self.reader.close_alerts()
            browser.click(sync)
            browser.wait_for_elements_state(SELECTORS.sync_confirm, timeout=clock.td())
            browser.click(SELECTORS.sync_confirm)
            started = f'Sync started for repository "{name}"'
            alert = self._wait_alert(
                lambda a: started in _alert_text(a) or a.get("variant") == "danger",
                clock,
                f"'{started}'",
            )
            if started not in _alert_text(alert) or not alert.get("task"):
                raise UIError(f"The sync of '{name}' did not start: {_alert_text(alert)}")
        uuid = str(alert["task"])
        logger.info(
            f"Sync of '{name}' started: task <a href=\"{self.client.tasks.ui_link(uuid)}\">"
            f"{uuid}</a>.",
            html=True,
        )
        return uuid

    # -- fixtures for UI tests --------------------------------------------------------
    @keyword(tags=["repository"])
    def create_stalling_remote(self, name: str, timeout: timedelta | None = None) -> dict:
        """Creates a remote that points at a loopback upstream that never answers.

        A repository syncing from it keeps its sync task ``running`` until it
        is canceled: a real long task to start from the UI. The upstream lives
        in this Robot process, so the hub must reach this machine's loopback.

        | Create Stalling Remote | ${name} |
        | Create Repository | ${name} | remote=${name} |
        | ${task} = | Sync Repository In UI | ${name} |
        """
        url = self.ctx.stall_server.url
        with self.ctx.operation(timeout):
            remote = self.client.repositories.create_remote(
                name, url, None, total_timeout=3600.0, sock_read_timeout=3600.0
            )
        self.ctx.remember("remote", name)
        logger.info(f"Created remote '{name}' pointing at the stalling upstream {url}.")
        return remote


def _alert_text(alert: dict[str, Any]) -> str:
    return " ".join(f"{alert.get('title', '')} {alert.get('description', '')}".split())


def _reply_detail(body: Any) -> str:
    """The hub's reason from a login reply body (JSON text or already decoded)."""
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return " ".join(body.split())[:200]
    if isinstance(body, dict):
        return str(body.get("detail") or body.get("errors") or body)[:200]
    return "" if body is None else str(body)[:200]


def _fill_password(browser: Any, selector: str, secret: str) -> None:
    """Types the password without Browser logging it."""
    try:
        from robot.api.types import Secret
    except ImportError:  # Robot Framework < 7.4: Browser's unlogged fill
        browser._fill_text(selector, secret, log_response=False, strict=browser.strict_mode)
        return
    browser.fill_secret(selector, Secret(secret))
