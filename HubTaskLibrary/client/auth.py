"""Logging in once with a session cookie instead of basic auth on every request.

galaxy_ng (Django 4.2) checks a basic-auth password with 600,000 PBKDF2 rounds:
0.25 to 0.4 s of the hub's CPU per request, against about 13 ms for a request
that needs no hashing. A wait that polls would spend most of the hub's time
hashing the same password. So, with a username and password, the session logs
in once through galaxy's own login endpoint (as the web UI does) and then
sends the session cookie, with Django's CSRF header on unsafe methods. Many
sessions of one user live side by side (unlike API tokens, which replace each
other), so parallel suites are safe. Where galaxy's endpoint is missing (plain
Pulp), newer pulpcore's own ``pulp/api/v3/login/`` gives the same cookies
(Django 5.2 there: 245-400 ms per basic-auth request, 30-48 ms with the
cookie). Where neither exists or both refuse, basic auth stays in use and its
error is what the user sees.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .http import HubSession

log = logging.getLogger("HubTaskLibrary.auth")

LOGIN_PATH = "_ui/v1/auth/login/"
LOGIN_COOKIES = ("sessionid", "csrftoken")
# pulpcore's own (3.123; not in 3.28): POST with basic auth -> 201 and the cookies.
PULP_LOGIN_PATH = "pulp/api/v3/login/"


def anonymous(request: Any) -> Any:
    """A requests auth hook that sends no credentials (overrides session auth)."""
    request.headers.pop("Authorization", None)
    return request


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SessionLogin:
    """The state of the cookie login of one :class:`HubSession`."""

    def __init__(self, username: str, password: str):
        self._username = username
        self._password = password
        self.state = "untried"  # then "session" or "basic"

    @property
    def active(self) -> bool:
        return self.state == "session"

    def ensure(self, hub: HubSession) -> None:
        if self.state == "untried":
            self.login(hub)

    def login(self, hub: HubSession) -> None:
        """Try the cookie login; on any refusal keep basic auth."""
        self.state = "basic"
        hub.session.auth = (self._username, self._password)
        hub.session.cookies.clear()
        if not hub.has_galaxy_api:
            self._pulp_login(hub)
            return
        url = hub.url(LOGIN_PATH)
        first = hub.send_raw("GET", url, auth=anonymous)  # no password check needed
        csrf = hub.session.cookies.get("csrftoken")
        if first.status_code == 404:
            self._pulp_login(hub)
            return
        if first.status_code not in (200, 204) or not csrf:
            log.debug("Cookie login not offered (%s); using basic auth.", first.status_code)
            return
        hub.session.auth = None
        answer = hub.send_raw(
            "POST",
            url,
            json={"username": self._username, "password": self._password},
            headers=self.csrf_headers(hub),
        )
        if answer.status_code in (200, 204) and hub.session.cookies.get("sessionid"):
            self.state = "session"
            log.debug("Logged in with a session cookie.")
            return
        log.debug("Cookie login refused (%s); using basic auth.", answer.status_code)
        hub.session.cookies.clear()
        hub.session.auth = (self._username, self._password)

    def adopt(self, hub: HubSession, cookies: dict[str, str]) -> None:
        """Use a session another process of the same user logged in (the
        galaxykit drop-in runs one process per command); a stale one is
        replaced by a fresh login on the first 401/403, as an expired one is."""
        hub.session.cookies.clear()
        for name, value in cookies.items():
            hub.session.cookies.set(name, value)
        hub.session.auth = None
        self.state = "session"

    def cookies(self, hub: HubSession) -> dict[str, str] | None:
        """The session's login cookies, when the cookie login is in use."""
        if not self.active:
            return None
        found = {n: hub.session.cookies.get(n) for n in LOGIN_COOKIES}
        return {n: v for n, v in found.items() if v} if all(found.values()) else None

    def _pulp_login(self, hub: HubSession) -> None:
        """pulpcore's login: one basic-auth POST, then the session cookie."""
        answer = hub.send_raw("POST", hub.url(PULP_LOGIN_PATH))
        if answer.status_code in (200, 201, 204) and hub.session.cookies.get("sessionid"):
            hub.session.auth = None
            self.state = "session"
            log.debug("Logged in with a session cookie (pulp/api/v3/login/).")
            return
        log.debug("No cookie login (%s); using basic auth.", answer.status_code)
        hub.session.cookies.clear()

    @staticmethod
    def csrf_headers(hub: HubSession) -> dict[str, str]:
        # Django checks the CSRF header against the cookie and, over HTTPS,
        # the Referer against the host.
        return {
            "X-CSRFToken": hub.session.cookies.get("csrftoken") or "",
            "Referer": hub.base_url + "/",
        }
