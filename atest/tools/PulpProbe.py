"""Checks for the `pulp` suite (test-only): how the library talks to the server.

Reads the library instance's own session (cookie login or basic auth) and the
server's access log, where the local Pulp writes each request's time in
microseconds with its Correlation-ID, so that the log shows what a wait cost
the server.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from robot.api import logger
from robot.api.deco import keyword
from robot.libraries.BuiltIn import BuiltIn

# pulp [<cid>]: 127.0.0.1 "GET /pulp/api/v3/tasks/?... HTTP/1.1" 200 1234 5678us
_LINE = re.compile(
    r'pulp \[(?P<cid>[0-9a-f-]*)\]: \S+ "(?P<request>[^"]*)" (?P<status>\d+) \S+ (?P<us>\d+)us'
)


class PulpProbe:
    ROBOT_LIBRARY_SCOPE = "GLOBAL"

    def _library(self) -> object:
        return BuiltIn().get_library_instance("HubTaskLibrary")

    @keyword
    def library_login_should_be(self, expected: str) -> None:
        """``session`` (cookie) or ``basic``: how the library authenticates now."""
        session = self._library().ctx.client.session  # type: ignore[attr-defined]
        state = session._login.state if session._login is not None else "none"
        if state != expected:
            raise AssertionError(f"The library authenticates with '{state}', not '{expected}'.")
        logger.info(
            f"Library login: {state}; Authorization header: {session.session.auth is not None}."
        )

    @keyword
    def log_server_request_times(self) -> int:
        """Logs every request of this library instance found in the local Pulp's
        access log (server time, status, request line); returns how many."""
        folder = os.environ.get("PULP_STATE_DIR")
        if not folder:
            logger.info("No PULP_STATE_DIR: not the local Pulp server; nothing to log.")
            return 0
        instance = self._library().ctx.client.session.instance_id  # type: ignore[attr-defined]
        log = Path(folder) / "logs" / "api.log"
        rows = []
        for line in log.read_text(errors="replace").splitlines():
            match = _LINE.search(line)
            if match and match["cid"].startswith(instance):
                rows.append(
                    f"{int(match['us']) / 1000:8.1f} ms  {match['status']}  {match['request']}"
                )
        logger.info(
            f"{len(rows)} requests of this library instance, server time each:\n" + "\n".join(rows)
        )
        return len(rows)
