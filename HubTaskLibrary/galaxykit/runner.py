"""One ``hubtask galaxykit`` command on the library's client: the session (the
login kept between processes), the handler, and galaxykit's exit codes.

Imported only when a command needs the client (see :mod:`.cli`): it pulls in
``requests`` and every area of the client.
"""

from __future__ import annotations

import argparse
import contextlib
import re
from typing import TextIO

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
from .cli import (
    EXIT_ERROR,
    EXIT_NOT_FOUND,
    EXIT_OK,
    MESSAGE_ROOM,
    PREFIX,
    fail,
    one_line,
    split_server,
)
from .commands import HANDLERS, Duplicate, Kit, NotSupported, is_conflict


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


def build_client(args: argparse.Namespace, cookies: dict[str, str] | None) -> HubClient:
    """The library's client for this command line, with the kept login's ``cookies``."""
    base_url, prefix = split_server(args.server)
    session = HubSession(
        base_url,
        username=None if args.token else args.auth_username,
        password=None if args.token else args.auth_password,
        token=args.token,
        api_prefix=prefix,
        verify=not args.ignore_certs,
    )
    if cookies:
        session.adopt_login_cookies(cookies)
    return HubClient(session)


def run_command(
    args: argparse.Namespace,
    client: HubClient,
    session_key: str,
    timeout: float,
    out: TextIO,
    err: TextIO,
) -> int:
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
                return fail(err, f"ignored (-i): {error}", EXIT_OK)
            return fail(err, str(error), EXIT_NOT_FOUND)
        return fail(err, str(error), EXIT_ERROR)
    except Duplicate as error:
        if args.ignore:
            return fail(err, f"ignored (-i): {error}", EXIT_OK)
        return fail(err, str(error), EXIT_NOT_FOUND)
    except NotSupported as error:
        return fail(err, f"'{error}' is not supported by this drop-in", EXIT_ERROR)
    except HubError as error:
        return fail(err, str(error), EXIT_ERROR)
    finally:
        if not args.token:
            sessions.save(sessions.store_path(), session_key, client.session.login_cookies())
        with_durations_saved(client)
        client.close()


def with_durations_saved(client: HubClient) -> None:
    """Keep what this process learned about task durations for the next one."""
    with contextlib.suppress(OSError):
        client.tasks.durations.save()
