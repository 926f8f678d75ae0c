"""``hubtask galaxykit ...``: run one galaxykit command, exit as galaxykit would,
except that tasks are waited for and their failures exit non-zero.

Exit codes: 0 done; 1 a task failed, was canceled or timed out, or any other
error; 2 a bad command line, or "not found" / "already exists" (galaxykit's
EXIT_NOT_FOUND); ``-i`` turns only those two into 0. Errors are one line on
stderr of at most 200 characters (Cypress cuts galaxykit's output there).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, TextIO
from urllib.parse import urlsplit

from ..client.errors import (
    HubError,
    HubHTTPError,
    HubNotFoundError,
    TaskFailedError,
    TaskTimeoutError,
)
from ..client.http import HubSession
from ..client.hub import HubClient
from ..client.references import task_uuid
from . import sessions
from .commands import HANDLERS, Duplicate, Kit, NotSupported, is_conflict
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


def task_line(err: TaskFailedError | TaskTimeoutError, client: HubClient) -> str:
    """Task name, state, error and UI link in one line that fits, with our
    prefix, in 200 characters: the link and the state are kept whole, the
    error is what gets shortened."""
    tasks = err.tasks or []
    if not tasks:
        return one_line(str(err), MESSAGE_ROOM)
    task = tasks[0]
    name = str(task.get("name") or "task").rsplit(".", 1)[-1]
    state = task.get("state") or "not visible yet"
    if isinstance(err, TaskTimeoutError):
        waited = re.search(r"after ([\d.]+ (?:s|min))", str(err))
        head = f"timed out{' after ' + waited.group(1) if waited else ''}: {name} is {state}"
        detail = ""
    else:
        head = f"task {name} {state}"
        error = task.get("error") or {}
        detail = error.get("description", "") if isinstance(error, dict) else str(error)
    more = f" (+{len(tasks) - 1} more)" if len(tasks) > 1 else ""
    tail = f"{more} {client.tasks.ui_link(task_uuid(task))}"
    room = MESSAGE_ROOM - len(head) - len(tail) - 2
    if detail and room > 10:
        head += ": " + one_line(detail, room)
    return head + tail


def build_client(args: Any) -> tuple[HubClient, str]:
    base_url, prefix = split_server(args.server)
    session = HubSession(
        base_url,
        username=None if args.token else args.auth_username,
        password=None if args.token else args.auth_password,
        token=args.token,
        api_prefix=prefix,
        verify=not args.ignore_certs,
    )
    name = sessions.key(args.server, args.auth_username, args.auth_password)
    if not args.token:
        cookies = sessions.load(sessions.store_path(), name)
        if cookies:
            session.adopt_login_cookies(cookies)
    return HubClient(session), name


def run(argv: Sequence[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    def fail(message: str, code: int = EXIT_ERROR) -> int:
        print(PREFIX + one_line(message, MESSAGE_ROOM), file=err)
        return code

    try:
        args = parse(list(argv))
        timeout = parse_timeout(args.timeout or os.environ.get(TIMEOUT_ENV))
        client, session_key = build_client(args)
    except ParseError as error:
        return fail(str(error).removeprefix(PREFIX), EXIT_NOT_FOUND)
    except (UsageError, HubError) as error:
        return fail(str(error), EXIT_NOT_FOUND)
    words = tuple(w for w in (args.kind, args.operation, getattr(args, "subop", None)) if w)
    handler = HANDLERS[words]
    kit = Kit(client, timeout, out)
    try:
        with client.session.operation(timeout):
            handler(kit, args)
        return EXIT_OK
    except (TaskFailedError, TaskTimeoutError) as error:
        print(PREFIX + task_line(error, client), file=err)
        return EXIT_ERROR
    except HubHTTPError as error:
        missing = isinstance(error, HubNotFoundError)
        if missing or is_conflict(error):
            if args.ignore:
                return fail(f"ignored (-i): {error}", EXIT_OK)
            return fail(str(error), EXIT_NOT_FOUND)
        return fail(str(error))
    except Duplicate as error:
        if args.ignore:
            return fail(f"ignored (-i): {error}", EXIT_OK)
        return fail(str(error), EXIT_NOT_FOUND)
    except NotSupported as error:
        return fail(f"'{error}' is not supported by this drop-in")
    except HubError as error:
        return fail(str(error))
    finally:
        if not args.token:
            sessions.save(sessions.store_path(), session_key, client.session.login_cookies())
        with_durations_saved(client)
        client.close()


def with_durations_saved(client: HubClient) -> None:
    """Keep what this process learned about task durations for the next one."""
    with contextlib.suppress(OSError):
        client.tasks.durations.save()


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        print("hubtask galaxykit: interrupted", file=sys.stderr)
        return 130
