"""Shared fixtures of the unit tests: a fake hub on a real loopback HTTP server.

The fake hub is deliberately small: tests script replies per ``(method, path)``
with :meth:`FakeHub.on`, and a tiny task store answers the pulp tasks endpoint
(each read of a task advances it along the states the test gave).
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from HubTaskLibrary.client.polling import PollSchedule

PREFIX = "/api/automation-hub/"
TASKS = PREFIX + "pulp/api/v3/tasks/"
_TASK_PATH = re.compile(r"^/api/(?:automation-hub|galaxy)/pulp/api/v3/tasks/([0-9a-f-]{36})/$")

# A reply: (status, body, headers); body may be a dict/list (JSON), str or bytes.
# Special replies: CLOSE drops the connection after reading the request;
# Sleep(seconds, reply) answers ``reply`` after a delay.
CLOSE = "close"


@dataclass
class Sleep:
    seconds: float
    reply: Any = (200, {}, {})


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    at: float

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class FakeTask:
    uuid: str
    states: list[str]
    fields: dict[str, Any] = field(default_factory=dict)
    reads: int = 0
    not_found_reads: int = 0
    # Lists that leave it out at first (a task just dispatched may not show).
    list_hidden: int = 0
    # The Correlation-ID of the write that "dispatched" it (set by the hub).
    cid: str = ""
    parent: str | None = None

    @property
    def state(self) -> str:
        return self.states[min(self.reads, len(self.states) - 1)]

    def as_dict(self, prefix: str = PREFIX) -> dict[str, Any]:
        state = self.state
        task: dict[str, Any] = {
            "pulp_href": f"{prefix}pulp/api/v3/tasks/{self.uuid}/",
            "pulp_created": "2024-05-01T10:00:00.000000Z",
            "state": state,
            "name": "pulp_ansible.app.tasks.test",
            "logging_cid": self.cid,
            "parent_task": f"{prefix}pulp/api/v3/tasks/{self.parent}/" if self.parent else None,
            "started_at": None if state == "waiting" else "2024-05-01T10:00:00.200000Z",
            "finished_at": None,
            "error": None,
            "child_tasks": [],
            "progress_reports": [],
        }
        if state in ("completed", "failed", "canceled", "skipped"):
            task["finished_at"] = "2024-05-01T10:00:01.400000Z"
        task.update(self.fields)
        return task


# Shared by the task tests: a schedule that polls in milliseconds, task uuids,
# and the environment variables the library reads.
FAST = PollSchedule(second=0.002, fine=0.002, factor=1.5, cap=0.02, max_rate=500, free=4)
U1 = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"
U2 = "11111111-2222-4333-8444-555555555555"
U3 = "99999999-8888-4777-8666-555555555555"
HUB_ENV = (
    "HUB_URL",
    "HUB_USERNAME",
    "HUB_PASSWORD",
    "HUB_TOKEN",
    "HUB_API_PREFIX",
    "HUB_CONSOLE_COMMAND",
)


class VirtualClock:
    """Time that passes only when a wait sleeps: a wait run on it (and a fake
    hub stamping with it) gives the same times on a loaded machine as on an
    idle one. Requests take no time on it; a request made while the client
    waits for its answer is stamped with the time the client sent it."""

    def __init__(self, start: float = 1000.0) -> None:
        self.start = self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)

    def run(self, service: Any) -> VirtualClock:
        """Run ``service``'s waits (a TaskService) on this clock."""
        service.sleep, service.monotonic = self.sleep, self
        return self


class FakeHub:
    """A loopback HTTP server that plays the hub."""

    CLOSE = CLOSE
    Sleep = Sleep
    PREFIX = PREFIX
    TASKS = TASKS

    def __init__(self) -> None:
        # Every request, the cookie-login probes (``_ui/v1/auth/login/``, then
        # pulpcore's ``pulp/api/v3/login/``) included; ``requests`` leaves them out
        # so tests count API calls only.
        self.all_requests: list[Recorded] = []
        self.routes: dict[tuple[str, str], list[Any]] = {}
        self.tasks: dict[str, FakeTask] = {}
        self.last_write_cid = ""
        self.lock = threading.Lock()
        # What requests are stamped with (``Recorded.at``): a test running a
        # wait on a :class:`VirtualClock` stamps with that clock too.
        self.clock: Callable[[], float] = time.monotonic
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                rec = Recorded(
                    self.command,
                    parts.path,
                    query,
                    dict(self.headers.items()),
                    body,
                    hub.clock(),
                )
                with hub.lock:
                    hub.all_requests.append(rec)
                    if self.command in ("POST", "PUT", "PATCH", "DELETE"):
                        hub.last_write_cid = rec.headers.get("Correlation-ID", "")
                reply = hub._reply_for(rec)
                while isinstance(reply, Sleep):
                    time.sleep(reply.seconds)
                    reply = reply.reply
                if reply == CLOSE:
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(socket.SHUT_RDWR)
                    return
                status, payload, headers = (*tuple(reply), {})[:3]
                if isinstance(payload, (dict, list)):
                    data = json.dumps(payload).encode()
                    ctype = "application/json"
                elif isinstance(payload, str):
                    data = payload.encode()
                    ctype = "text/html" if payload.lstrip().startswith("<") else "text/plain"
                else:
                    data = payload or b""
                    ctype = "application/octet-stream"
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                    for key, value in (headers or {}).items():
                        self.send_header(key, str(value))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()
        # The API root answers on the AAP prefix unless a test says otherwise.
        self.on("GET", PREFIX, (200, {"available_versions": {"v3": "v3/"}}))

    @property
    def requests(self) -> list[Recorded]:
        logins = ("_ui/v1/auth/login/", "pulp/api/v3/login/")
        return [r for r in self.all_requests if not r.path.endswith(logins)]

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- scripting ---------------------------------------------------------------
    def on(self, method: str, path: str, *replies: Any) -> None:
        """Replies for ``method path``, one per request; the last one repeats.

        A reply may be a callable taking the :class:`Recorded` request.
        """
        self.routes[(method.upper(), path)] = list(replies)

    def add_task(self, uuid: str, *states: str, **fields: Any) -> FakeTask:
        """A task; like the real hub's, it carries the correlation id of the
        last write request (what dispatched it), and ``child_tasks`` become
        visible in lists once their parent is final."""
        task = FakeTask(uuid, list(states) or ["completed"], fields, cid=self.last_write_cid)
        self.tasks[uuid] = task
        return task

    def _parent_of(self, uuid: str) -> FakeTask | None:
        for task in self.tasks.values():
            if any(uuid in str(c) for c in task.fields.get("child_tasks", [])):
                return task
        return None

    def calls(self, method: str | None = None, path: str | None = None) -> list[Recorded]:
        with self.lock:
            return [
                r
                for r in self.requests
                if (method is None or r.method == method) and (path is None or r.path == path)
            ]

    def _reply_for(self, rec: Recorded) -> Any:
        if rec.method == "GET" and rec.path == TASKS and "pulp_href__in" in rec.query:
            return self._tasks_by_href(rec.query["pulp_href__in"].split(","))
        scripted = (rec.method, rec.path) in self.routes
        if (
            rec.method == "GET"
            and rec.path == TASKS
            and "logging_cid" in rec.query
            and not scripted
        ):
            return self._tasks_by_cid(rec.query["logging_cid"])
        if rec.method == "GET" and rec.path == TASKS and "state__in" in rec.query and not scripted:
            return self._tasks_by_state(rec.query["state__in"].split(","))
        with self.lock:
            replies = self.routes.get((rec.method, rec.path))
            reply = None
            if replies:
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if callable(reply):
            return reply(rec)
        if reply is not None:
            return reply
        match = _TASK_PATH.match(rec.path)
        if match:
            return self._task_reply(rec, match.group(1))
        return (404, {"detail": "Not found."})

    def _listing(self, tasks: list[FakeTask]) -> Any:
        """A task list answer: each task listed is read (it advances); a task
        that should answer 404 or stay hidden a while longer is left out."""
        results = []
        for task in tasks:
            if task.not_found_reads > 0:
                task.not_found_reads -= 1
                continue
            results.append(task.as_dict())
            task.reads += 1
        return (200, {"count": len(results), "next": None, "results": results})

    def _tasks_by_href(self, hrefs: list[str]) -> Any:
        """The list endpoint filtered by ``pulp_href__in``, read like single GETs."""
        with self.lock:
            matches = [_TASK_PATH.match(href) for href in hrefs]
            found = [self.tasks.get(m.group(1)) if m else None for m in matches]
            return self._listing([t for t in found if t is not None])

    def _tasks_by_cid(self, cid: str) -> Any:
        """The list endpoint filtered by ``logging_cid``: the tasks of one
        operation (newest first), children once their parent is final."""
        with self.lock:
            shown = []
            for task in reversed(list(self.tasks.values())):
                if not cid or task.cid != cid:
                    continue
                parent = self._parent_of(task.uuid)
                if parent is not None:
                    task.parent = parent.uuid
                    if parent.state not in ("completed", "failed", "canceled", "skipped"):
                        continue
                shown.append(task)
            return self._listing(shown)

    def _tasks_by_state(self, states: list[str]) -> Any:
        """The list endpoint filtered by ``state__in`` (what Wait For All Tasks
        asks); a task with ``list_hidden`` left is missing from that many lists."""
        with self.lock:
            shown = []
            for task in reversed(list(self.tasks.values())):
                if task.list_hidden > 0:
                    task.list_hidden -= 1
                elif task.state in states:
                    shown.append(task)
            return self._listing(shown)

    def _task_reply(self, rec: Recorded, uuid: str) -> Any:
        with self.lock:
            task = self.tasks.get(uuid)
            if task is None:
                return (404, {"detail": "Not found."})
            if task.not_found_reads > 0:
                task.not_found_reads -= 1
                return (404, {"detail": "Not found."})
            if rec.method == "GET":
                body = task.as_dict()
                task.reads += 1
                return (200, body)
            if rec.method == "PATCH":
                if task.state in ("completed", "failed", "canceled", "skipped"):
                    return (409, {"detail": "Invalid state transition."})
                task.states = ["canceling", "canceled"]
                task.reads = 0
                return (200, task.as_dict())
        return (405, {"detail": f'Method "{rec.method}" not allowed.'})


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    server = FakeHub()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def free_port() -> int:
    """A loopback port nobody listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _no_duration_cache(monkeypatch):
    """Unit tests never read or write the user's learned task durations."""
    monkeypatch.setenv("HUBTASK_CACHE_DIR", "off")
