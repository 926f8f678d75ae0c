"""HTTP to the hub: one requests session, auth, API prefix, retries, errors.

Every request of a keyword runs inside an :class:`Operation`: it shares one
``Correlation-ID`` header (Pulp stores it as the ``logging_cid`` of every task
the request dispatches, children included, so the tasks a request started can
be found even when the reply does not name them), one deadline for retries,
and counters for the log. Credentials are only ever put in headers and never
in a message or a log line.
"""

from __future__ import annotations

import contextlib
import email.utils
import itertools
import logging
import os
import secrets
import time
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    InsecureRequestWarning,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)

from ..apiprefix import normalize_prefix
from .auth import SAFE_METHODS, SessionLogin, anonymous
from .errors import (
    AnswerLostError,
    HubAuthError,
    HubConnectionError,
    HubError,
    HubHTTPError,
    HubNotFoundError,
    InvalidArgumentError,
)
from .lost import LostAnswers
from .messages import hub_message
from .pulp import PULP_ROOT_PREFIX, STATUS_PATH, in_domain, is_galaxy_path, no_galaxy_error
from .retry import IDEMPOTENT_METHODS, Operation, make_retry

log = logging.getLogger("HubTaskLibrary.http")


class _QuietRetries(logging.Filter):
    """urllib3 warns on every retry; the keyword logs one summary instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Retrying (")


logging.getLogger("urllib3.connectionpool").addFilter(_QuietRetries())

API_PREFIXES = ("/api/automation-hub/", "/api/galaxy/")
CORRELATION_HEADER = "Correlation-ID"
# Idle seconds after which a non-idempotent request opens a new connection.
FRESH_AFTER = 1.0
_STATUS_WORDS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def normalize_base_url(base_url: str) -> str:
    text = (base_url or "").strip()
    parts = urlsplit(text)
    # Checked first, so that no message below ever repeats a password.
    if parts.username or parts.password or "@" in (parts.netloc or text.split("/", 1)[0]):
        raise InvalidArgumentError(
            "base_url must not contain credentials: give username/password or token instead."
        )
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidArgumentError(
            f"base_url '{text}' is not an http(s) URL: give e.g. http://127.0.0.1:8080."
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


class HubSession:
    """Talks HTTP to one hub. Not thread safe: the library polls in the main thread."""

    def __init__(
        self,
        base_url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        api_prefix: str | None = None,
        verify: bool | str = True,
        request_timeout: float = 30.0,
        domain: str | None = None,
    ) -> None:
        self.base_url = normalize_base_url(base_url)
        self.domain = domain  # Pulp domain (see pulp.py), already checked
        self._prefix = normalize_prefix(api_prefix) if api_prefix else None
        self.request_timeout = request_timeout
        # 16 random hex digits name this library instance; a counter makes
        # each operation's correlation id unique. Pulp accepts any 32 hex
        # digits, and its task filter ``logging_cid__contains`` then finds
        # every task this instance started (and no other process's).
        self.instance_id = secrets.token_hex(8)
        self._counter = itertools.count(1)
        self._clock_offset = 0.0
        self.first_server_time: float | None = None
        self.session = requests.Session()
        self.verify = _check_verify(verify)
        if self.verify is False and self.base_url.startswith("https://"):
            log.warning(
                "TLS certificate verification is off (verify_ssl=False) for %s.", self.base_url
            )
        self.session.verify = self.verify
        self.session.headers["Accept"] = "application/json"
        self.session.headers["User-Agent"] = "HubTaskLibrary"
        self.username = None if token else username
        if token:
            self.session.headers["Authorization"] = f"Token {token}"
        elif username is not None:
            self.session.auth = (username, password or "")
        self._login = (
            SessionLogin(username, password or "") if (username is not None and not token) else None
        )
        self._adapter = HTTPAdapter(max_retries=make_retry())
        self.session.mount("http://", self._adapter)
        self.session.mount("https://", self._adapter)
        self._operation: Operation | None = None
        self.lost_answers = LostAnswers()
        self._last_reply = 0.0
        self.requests_made = 0
        self.setup_requests = 0
        # API requests that may have started tasks (anything but GET/HEAD/
        # OPTIONS; the login's POST is setup and not counted): while it is 0,
        # no task on the hub can carry this instance's correlation id.
        self.changes_requested = 0

    def set_credentials(
        self, username: str | None, password: str | None = None, token: str | None = None
    ) -> None:
        """Act as another user from the next request on (``Switch User``).

        Only the credentials change: the instance id (so ``scope=mine``
        still finds every task this instance started), the hub clock and the
        learned timings stay. With a password the new user gets its own
        cookie login, done on the next request.
        """
        self.session.cookies.clear()
        self.session.auth = None
        self.session.headers.pop("Authorization", None)
        self.username = username
        self._login = None
        if token:
            self.session.headers["Authorization"] = f"Token {token}"
        elif username is not None:
            self.session.auth = (username, password or "")
            self._login = SessionLogin(username, password or "")

    # -- operations ------------------------------------------------------
    def new_correlation_id(self) -> str:
        return f"{self.instance_id}{next(self._counter):016x}"

    @contextlib.contextmanager
    def operation(self, timeout: float | None) -> Iterator[Operation]:
        """Group the requests of one keyword: same correlation id and deadline.

        Nested operations join the outer one, so a keyword built from others
        keeps one deadline and one retry count.
        """
        if self._operation is not None:
            yield self._operation
            return
        deadline = time.monotonic() + timeout if timeout is not None else None
        op = Operation(self.new_correlation_id(), deadline, budget=timeout)
        self._operation = op
        self._adapter.max_retries = make_retry(op)
        try:
            yield op
        finally:
            self._operation = None
            self._adapter.max_retries = make_retry()

    @property
    def current_operation(self) -> Operation | None:
        return self._operation

    # -- login shared between processes --------------------------------------
    def login_cookies(self) -> dict[str, str] | None:
        """The cookies of this session's login, for another process to adopt."""
        return self._login.cookies(self) if self._login is not None else None

    def adopt_login_cookies(self, cookies: dict[str, str]) -> None:
        if self._login is not None:
            self._login.adopt(self, cookies)

    # -- URLs --------------------------------------------------------------
    @property
    def api_prefix(self) -> str:
        if self._prefix is None:
            self._prefix = self._discover_prefix()
        return self._prefix

    def url(self, path: str) -> str:
        """Full URL for an API path (relative to the prefix), a host path or a URL."""
        if path.startswith(("http://", "https://")):
            return path
        if path.startswith("/"):
            # hrefs in replies are absolute paths on the hub's host
            return self._origin() + path
        return self.base_url + self.api_prefix + in_domain(path, self.domain)

    @property
    def has_galaxy_api(self) -> bool:
        """False for plain Pulp (prefix ``/``): see pulp.py."""
        return self.api_prefix != PULP_ROOT_PREFIX

    def _origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def ui_url(self, path: str = "") -> str:
        return f"{self.base_url}/ui/{path.lstrip('/')}"

    def _discover_prefix(self) -> str:
        tried = []
        for prefix in API_PREFIXES:
            # Asked without credentials: checking a password costs the hub
            # hundreds of ms, and "authentication required" already says an
            # API lives here. Wrong credentials are reported by the first
            # real request.
            self.setup_requests += 1
            response = self._send("GET", self.base_url + prefix, auth=anonymous)
            if response.status_code in (200, 401, 403):
                return prefix
            tried.append(f"{prefix} ({response.status_code})")
        # No galaxy API: plain Pulp answers its status endpoint without credentials.
        status = in_domain(STATUS_PATH, self.domain)
        self.setup_requests += 1
        response = self._send("GET", f"{self.base_url}/{status}", auth=anonymous)
        if response.status_code == 200:
            return PULP_ROOT_PREFIX
        tried.append(f"/{status} ({response.status_code})")
        raise HubNotFoundError(
            f"No Automation Hub or Pulp API found at {self.base_url}: tried {', '.join(tried)}. "
            "Check base_url (HUB_URL) or set api_prefix (HUB_API_PREFIX).",
            404,
            "GET",
            self.base_url,
        )

    # -- requests ------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        expected: tuple[int, ...] = (200, 201, 202, 204),
        **kwargs: Any,
    ) -> requests.Response:
        """Send a request and return the response when its status is ``expected``.

        Other statuses raise a :class:`HubHTTPError` subclass with the hub's
        own message; transient failures were already retried by urllib3.
        """
        if self._operation is None:
            # A request outside any keyword still gets a deadline for its retries.
            with self.operation(self.request_timeout):
                return self.request(method, path, expected=expected, **kwargs)
        if is_galaxy_path(path) and not self.has_galaxy_api:
            raise no_galaxy_error(self.base_url, method, path)
        if self._login is not None:
            self._login.ensure(self)
        url = self.url(path)
        if method.upper() not in SAFE_METHODS:
            self.changes_requested += 1
        response = self._send(method, url, **kwargs)
        if response.status_code in (401, 403) and self._login is not None and self._login.active:
            # The session may have expired or been logged out: log in again once.
            self._login.login(self)
            response = self._send(method, url, **kwargs)
        if response.status_code not in expected:
            raise self._http_error(response, method)
        return response

    def send_raw(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send without checking the status (for the login exchange)."""
        self.setup_requests += 1
        return self._send(method, url, **kwargs)

    @property
    def api_requests(self) -> int:
        """Requests made so far, the session's setup (finding the API prefix,
        logging in) left out: what a wait's rate rule counts, since setting
        up once is not polling."""
        return self.requests_made - self.setup_requests

    def get_json(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs).json()

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        op = self._operation
        headers = dict(kwargs.pop("headers", None) or {})
        headers[CORRELATION_HEADER] = op.correlation_id if op else self.new_correlation_id()
        if self._login is not None and self._login.active and method.upper() not in SAFE_METHODS:
            headers.update(SessionLogin.csrf_headers(self))
        timeout = self.request_timeout
        if op is not None:
            remaining = op.remaining()
            if remaining is not None:
                # Past the deadline a request is still sent once (no retries
                # are left), so the caller sees the hub's state at its deadline.
                timeout = max(1.0, min(timeout, remaining))
        started = time.monotonic()
        if method.upper() not in IDEMPOTENT_METHODS and started - self._last_reply > FRESH_AFTER:
            # Servers drop idle keep-alive connections (gunicorn after 2 s). A
            # POST sent on one that is being dropped fails in a way that cannot
            # be told from "the hub acted, the answer got lost", so it cannot be
            # re-sent. After an idle gap it gets a fresh connection instead.
            self._adapter.poolmanager.clear()
        self.requests_made += 1
        if op is not None:
            op.requests += 1
        try:
            # verify is passed per request: requests lets REQUESTS_CA_BUNDLE /
            # CURL_CA_BUNDLE override the session's verify (even False).
            kwargs.setdefault("verify", self.verify)
            with warnings.catch_warnings():
                if self.verify is False:
                    # Asked for: warned once (below), not on every request.
                    warnings.simplefilter("ignore", InsecureRequestWarning)
                response = self.session.request(
                    method, url, headers=headers, timeout=timeout, **kwargs
                )
        except requests.exceptions.SSLError as err:
            raise HubConnectionError(
                f"TLS error talking to {self._origin()}: {_root_cause(err)}. "
                "Give verify_ssl=False or a CA bundle path if the certificate is self-signed."
            ) from None
        except requests.exceptions.RetryError as err:
            raise HubConnectionError(
                f"{method} {self._display(url)} kept failing: {_root_cause(err)}"
                + (f"; {op.retry_summary()}" if op else "")
            ) from None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as err:
            if method.upper() not in IDEMPOTENT_METHODS and _answer_lost(err):
                raise AnswerLostError(
                    f"{method} {self._display(url)} reached {self._origin()} but the connection "
                    f"broke before an answer ({_root_cause(err)}); not re-sent because the hub "
                    "may have acted on it: check the hub's state before repeating the step."
                ) from None
            extra = f" ({op.retry_summary()})" if op and op.retries else ""
            raise HubConnectionError(
                f"Cannot reach the hub at {self._origin()} ({method} {self._display(url)}): "
                f"{_root_cause(err)}{extra}. Check base_url (HUB_URL) and that the hub runs."
            ) from None
        except requests.exceptions.InvalidURL as err:
            raise InvalidArgumentError(f"Invalid URL {self._display(url)}: {err}") from None
        elapsed_ms = (time.monotonic() - started) * 1000
        self._last_reply = time.monotonic()
        if op is not None:
            op.outage.answered(response.status_code)
        self._note_server_time(response)
        log.debug(
            "%s %s -> %s (%.0f ms)", method, self._display(url), response.status_code, elapsed_ms
        )
        return response

    def _note_server_time(self, response: requests.Response) -> None:
        date = response.headers.get("Date")
        if not date:
            return
        with contextlib.suppress(TypeError, ValueError):
            server = email.utils.parsedate_to_datetime(date).timestamp()
            self._clock_offset = server - time.time()
            if self.first_server_time is None:
                self.first_server_time = server

    def server_now(self) -> float:
        """The hub's clock as a POSIX time (second resolution, from Date headers)."""
        return time.time() + self._clock_offset

    def _display(self, url: str) -> str:
        """A URL as shown in messages: path and query only."""
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _http_error(self, response: requests.Response, method: str) -> HubHTTPError:
        try:
            body: Any = response.json()
        except ValueError:
            body = response.text
        status = response.status_code
        words = _STATUS_WORDS.get(status, response.reason or "")
        message = hub_message(body) or words
        where = f"{method} {self._display(response.url)}"
        text = f"{where} failed with {status} {words}: {message}"
        cls: type[HubHTTPError] = HubHTTPError
        if status in (401, 403):
            cls = HubAuthError
            lowered = message.lower()
            if any(word in lowered for word in ("credentials", "password", "token")):
                text += " Check username/password or token (HUB_USERNAME/HUB_PASSWORD/HUB_TOKEN)."
            elif "permission" in lowered:
                who = f"User '{self.username}'" if self.username else "This user"
                text += f" {who} lacks that permission: use a user whose roles allow it."
        elif status == 404:
            cls = HubNotFoundError
            if not isinstance(body, (dict, list)):
                # The API answers 404 in JSON; an HTML page means no API lives at this path.
                text = (
                    f"{where} failed with 404 Not Found: no hub API at this path. "
                    "Check base_url (HUB_URL) and api_prefix (HUB_API_PREFIX)."
                )
        op = self._operation
        if op is not None and op.retries:
            text += f" ({op.retry_summary()})"
        return cls(text, status, method, response.url, body, message)

    def close(self) -> None:
        self.session.close()


def _check_verify(verify: bool | str) -> bool | str:
    """``verify_ssl``: a bool, or the path of a CA bundle file or directory that exists."""
    if isinstance(verify, bool):
        return verify
    text = str(verify).strip()
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if not os.path.exists(text):
        raise InvalidArgumentError(
            f"verify_ssl '{text}' is neither True/False nor an existing CA bundle: "
            "give the path of a PEM file (or directory) with the CA that signed the hub's "
            "certificate, or verify_ssl=False."
        )
    return text


def _answer_lost(err: BaseException) -> bool:
    """True when a request was sent and the connection broke before any answer.

    (A refused connection or a connect timeout is not that: nothing was sent.)
    """
    seen: BaseException | None = err
    for _ in range(6):
        if seen is None:
            return False
        if isinstance(seen, (ProtocolError, ReadTimeoutError)):
            return True
        if isinstance(seen, (NewConnectionError, ConnectTimeoutError)):
            return False
        inner = getattr(seen, "reason", None) or (seen.args[0] if seen.args else None)
        seen = inner if isinstance(inner, BaseException) else None
    return False


def _root_cause(err: BaseException) -> str:
    """The innermost reason of a requests/urllib3 error, without object reprs."""
    seen = err
    for _ in range(6):
        inner = getattr(seen, "reason", None) or (seen.args[0] if seen.args else None)
        if isinstance(inner, BaseException):
            seen = inner
        else:
            break
    text = str(seen)
    # urllib3 puts "<urllib3.connection.HTTPConnection object at 0x..>: " in front.
    if ">: " in text:
        text = text.split(">: ", 1)[1]
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "getaddrinfo failed" in text:
        return "host name not found"
    return text.strip() or type(seen).__name__


__all__ = ["API_PREFIXES", "HubError", "HubSession", "normalize_base_url", "normalize_prefix"]
