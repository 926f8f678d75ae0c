"""One look whether a hub is idle, on the standard library alone.

``hubtask galaxykit task wait all`` is a process of its own after every Cypress
step, and on an idle hub its whole job is one request. Importing ``requests``
and the client's areas costs more than that request and the interpreter's
start together (*measured on this machine:* ``import requests`` 0.12 s in a
fresh process against 0.03 s for a bare one; one task list request 0.02 s). So
that first look is made here over :mod:`http.client`, with the same session
(the login cookies kept between processes, or the token) and the same filter
as :class:`~.waiting.AllTasksWait`'s looks.

Only one answer is final: *no task is waiting, running or canceling*. Then a
hub-wide wait-all of a fresh process is over and has nothing to report (it saw
nothing unfinished and started nothing itself, so no failure can concern it;
see ``AllTasksWait.finish``). Anything else (tasks running, a refused or stale
session, an error, a proxy to honour) returns None and the caller runs the
full wait with the library's client, which redoes the look.
"""

from __future__ import annotations

import http.client
import json
import os
from urllib.parse import urlencode, urlsplit

from .pulp import TASKS_PATH
from .states import UNFINISHED_STATES, state_filter

# What AllTasksWait asks for, reduced to a count (limit=1, one field).
IDLE_QUERY = {"state__in": state_filter(UNFINISHED_STATES), "fields": "pulp_href", "limit": 1}
_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")


def behind_proxy(host: str, environ: dict[str, str] | None = None) -> bool:
    """Whether requests would send to ``host`` through a proxy from the
    environment (then this look is not made: it would not go the same way).

    Errs towards True (the full client): ``no_proxy`` entries are matched as
    host names and domain suffixes only, not as CIDR ranges or with ports as
    ``requests`` also does. Not ``urllib.request.proxy_bypass_environment``:
    importing ``urllib.request`` costs 9-13 ms of this 0.12 s process.
    """
    env = {k.lower(): v for k, v in (os.environ if environ is None else environ).items()}
    if not any(env.get(name) for name in _PROXY_VARIABLES):
        return False
    bypass = [entry.strip().lower() for entry in env.get("no_proxy", "").split(",")]
    host = host.lower()
    return not any(
        entry == "*"
        or (entry and (host == entry.lstrip(".") or host.endswith("." + entry.lstrip("."))))
        for entry in bypass
    )


def hub_is_idle(
    base_url: str,
    api_prefix: str,
    *,
    cookies: dict[str, str] | None = None,
    token: str | None = None,
    timeout: float = 5.0,
) -> bool | None:
    """True when the hub answers that no task is waiting, running or canceling;
    False when some is; None when this look cannot tell (use the full client).

    Plain http only: over https the certificate rules of ``requests`` (its CA
    bundle, ``REQUESTS_CA_BUNDLE``) would have to be copied, so those hubs get
    the full client.
    """
    parts = urlsplit(base_url)
    if parts.scheme != "http" or not parts.hostname or behind_proxy(parts.hostname):
        return None
    if not token and not cookies:
        return None  # a login is needed first: the full client does it and keeps it
    headers = {"Accept": "application/json", "User-Agent": "HubTaskLibrary"}
    if token:
        headers["Authorization"] = f"Token {token}"
    else:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
    path = f"{api_prefix.rstrip('/')}/{TASKS_PATH}?{urlencode(IDLE_QUERY)}"
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        if response.status != 200:
            return None
        count = json.loads(response.read()).get("count")
    except (OSError, http.client.HTTPException, ValueError, AttributeError):
        return None
    finally:
        connection.close()
    if not isinstance(count, int) or isinstance(count, bool):
        return None
    return count == 0
