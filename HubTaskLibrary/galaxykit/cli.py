"""``hubtask galaxykit ...``: run one galaxykit command, exit as galaxykit would,
except that tasks are waited for and their failures exit non-zero.

Exit codes: 0 done; 1 a task failed, was canceled or timed out, or any other
error; 2 a bad command line, or "not found" / "already exists" (galaxykit's
EXIT_NOT_FOUND); ``-i`` turns only those two into 0. Errors are one line on
stderr of at most 200 characters (Cypress cuts galaxykit's output there).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from typing import TextIO
from urllib.parse import urlsplit

from ..client.errors import HubError
from ..client.idle import hub_is_idle
from . import sessions
from .parser import ParseError, parse

TIMEOUT_ENV = "HUBTASK_TIMEOUT"
# Below Cypress's default exec timeout (60 s), so our own message is what the
# spec shows, not Cypress's "timed out".
DEFAULT_TIMEOUT = 50.0
MAX_LINE = 200
PREFIX = "hubtask galaxykit: "
MESSAGE_ROOM = MAX_LINE - len(PREFIX)
EXIT_OK, EXIT_ERROR, EXIT_NOT_FOUND = 0, 1, 2

_TIME = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?)?\s*$")


class UsageError(Exception):
    pass


def parse_timeout(text: str | None) -> float:
    if text is None or not str(text).strip():
        return DEFAULT_TIMEOUT
    match = _TIME.match(str(text).lower())
    value = float(match.group(1)) if match else 0.0
    if not match or value <= 0:
        raise UsageError(f"timeout '{text}' is not a time: use e.g. 90, 90s or 2m")
    unit = match.group(2) or "s"
    return value * 60 if unit.startswith("m") else value


def split_server(server: str) -> tuple[str, str]:
    """``http://host:port/api/automation-hub/`` -> base URL and API prefix."""
    parts = urlsplit(server)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"server '{server}' is not an http(s) URL")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}", path


def one_line(text: str, limit: int = MAX_LINE) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def fail(err: TextIO, message: str, code: int = EXIT_ERROR) -> int:
    """Our one line on stderr (within Cypress's 200 characters); returns ``code``."""
    print(PREFIX + one_line(message, MESSAGE_ROOM), file=err)
    return code


def run(argv: Sequence[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    try:
        args = parse(list(argv))
        timeout = parse_timeout(args.timeout or os.environ.get(TIMEOUT_ENV))
        # The login kept by an earlier process (none with a token), read once
        # for the idle look and the client.
        session_key = sessions.key(args.server, args.auth_username, args.auth_password)
        cookies = None if args.token else sessions.load(sessions.store_path(), session_key)
        if answered_idle(args, cookies, timeout):
            return EXIT_OK
        from . import runner  # requests and the whole client: not for an idle look

        client = runner.build_client(args, cookies)
    except ParseError as error:
        return fail(err, str(error).removeprefix(PREFIX), EXIT_NOT_FOUND)
    except (UsageError, HubError) as error:
        return fail(err, str(error), EXIT_NOT_FOUND)
    return runner.run_command(args, client, session_key, timeout, out, err)


def answered_idle(args: argparse.Namespace, cookies: dict[str, str] | None, timeout: float) -> bool:
    """``task wait all`` on a hub that is idle right now: one look over the
    standard library (see :mod:`HubTaskLibrary.client.idle`) and done. Any
    other answer goes to the full wait, which looks again."""
    if (args.kind, args.operation, getattr(args, "id", None)) != ("task", "wait", "all"):
        return False
    base_url, prefix = split_server(args.server)
    answer = hub_is_idle(
        base_url, prefix, cookies=cookies, token=args.token, timeout=min(timeout, 10.0)
    )
    return answer is True


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        print("hubtask galaxykit: interrupted", file=sys.stderr)
        return 130
