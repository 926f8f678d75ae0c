"""Logging the browser in to the hub UI: through the form, or through its API."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from robot.api import logger
from robotlibcore import keyword

from ..client.errors import InvalidArgumentError
from .base import UIKeywordGroup
from .clock import Clock
from .errors import UIError
from .selectors import SELECTORS


class LoginKeywords(UIKeywordGroup):
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
        clock = Clock(self.ctx.timeout(timeout))
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
        clock = Clock(self.ctx.timeout(None))
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
