"""Riding out hub restarts: outage accounting, 500s while the database is
down, tasks whose worker is gone, creating requests whose answer was lost."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import FAST, U1

from HubTaskLibrary.client import retry
from HubTaskLibrary.client.errors import (
    AnswerLostError,
    HubHTTPError,
    TaskFailedError,
    TaskTimeoutError,
)
from HubTaskLibrary.client.http import HubSession
from HubTaskLibrary.client.hub import HubClient
from HubTaskLibrary.client.lost import LostAnswers
from HubTaskLibrary.client.outage import Outage
from HubTaskLibrary.client.tasks import TaskService
from HubTaskLibrary.client.workers import error_description

PATH = "v3/thing/"
FULL = "/api/automation-hub/v3/thing/"


def session_for(url: str) -> HubSession:
    return HubSession(url, username="admin", password="pw", api_prefix="/api/automation-hub/")


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# -- outage accounting ----------------------------------------------------------------


def test_outage_lasts_from_first_failure_to_next_answer():
    clock = FakeClock()
    outage = Outage(clock=clock)
    assert outage.summary() == ""
    outage.failed("NewConnectionError")
    clock.now += 2.5
    outage.failed("NewConnectionError")
    clock.now += 1.0
    outage.answered(200)
    assert outage.periods == [3.5]
    assert outage.summary() == "The hub was unreachable for 3.5 s (connection refused x2)."


def test_outage_does_not_end_on_another_unavailable_answer():
    clock = FakeClock()
    outage = Outage(clock=clock)
    outage.failed("HTTP 500", 500)
    clock.now += 1
    outage.answered(500)  # the last retry's answer is still a 500
    assert outage.started is not None
    assert outage.server_errors_for() == 1
    outage.answered(404)  # an answer: the hub serves again
    assert outage.server_errors_for() == 0
    assert "database down?" in outage.summary()


def test_two_outages_and_one_still_going():
    clock = FakeClock()
    outage = Outage(clock=clock)
    outage.failed("ProtocolError")
    clock.now += 1
    outage.answered(200)
    outage.failed("ProtocolError")
    clock.now += 2
    assert outage.total == 3
    assert "still was at the end" in outage.summary()
    outage.answered(200)
    assert outage.summary().startswith("The hub was unreachable for 3.0 s in 2 outages")


# -- 500 while the database is down ------------------------------------------------


def test_get_rides_out_500s(hub):
    page = "<html><body><h1>Server Error (500)</h1></body></html>"
    hub.on("GET", FULL, (500, page), (500, page), (200, {"ok": 1}))
    session = session_for(hub.url)
    with session.operation(10) as op:
        assert session.get_json(PATH) == {"ok": 1}
    assert len(hub.calls("GET", FULL)) == 3
    assert op.retry_reasons["HTTP 500"] == 2
    assert "HTTP 500 (database down?) x2" in op.outage.summary()
    assert op.outage.started is None


def test_post_500_is_not_retried(hub):
    hub.on("POST", FULL, (500, "<h1>Server Error (500)</h1>"), (201, {}))
    session = session_for(hub.url)
    with pytest.raises(HubHTTPError, match="500"), session.operation(10):
        session.request("POST", PATH, json={})
    assert len(hub.calls("POST", FULL)) == 1


def test_a_500_that_stays_fails_with_the_hub_message(hub, monkeypatch):
    monkeypatch.setattr(retry, "SERVER_ERROR_WINDOW", 0.3)
    hub.on("GET", FULL, (500, "<h1>Server Error (500)</h1>"))
    session = session_for(hub.url)
    with pytest.raises(HubHTTPError) as info, session.operation(30):
        session.get_json(PATH)
    # Retried while 500s lasted under 0.3 s, not to the operation's 30 s: the
    # backoff (0, 0.2, 0.4 s + jitter) leaves room for 4 attempts at most
    # (a slow machine makes fewer); counted, not timed.
    assert 2 <= len(hub.calls("GET", FULL)) <= 4
    assert "failed with 500 Internal Server Error: Server Error (500)" in str(info.value)
    assert "retries (HTTP 500" in str(info.value)


def test_500_outside_an_operation_is_not_retried():
    assert not retry.retry_server_error("GET", None)


# -- an API restart: connections refused for a while ---------------------------------


def test_refused_connections_are_ridden_out_and_measured(free_port):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = b'{"ok": 1}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    servers: list[ThreadingHTTPServer] = []
    session = session_for(f"http://127.0.0.1:{free_port}")

    def come_back() -> None:
        # Down for 0.8 s from the first refusal the session counted (not from
        # when this thread started: the main thread may be slow to ask).
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            op = session.current_operation
            if op is not None and op.outage.started is not None:
                break
            time.sleep(0.005)
        time.sleep(0.8)
        server = ThreadingHTTPServer(("127.0.0.1", free_port), Handler)
        servers.append(server)
        server.serve_forever(poll_interval=0.02)

    threading.Thread(target=come_back, daemon=True).start()
    try:
        with session.operation(20) as op:
            assert session.get_json(PATH) == {"ok": 1}
        assert op.outage.total >= 0.8
        assert "connection refused" in op.outage.summary()
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


# -- a task whose worker is gone ---------------------------------------------------------


def test_timeout_says_the_worker_is_gone(hub):
    hub.add_task(U1, "running", name="pulp_ansible.app.tasks.collections.sync")
    hub.on(
        "GET",
        f"/api/automation-hub/v3/tasks/{U1}/",
        (
            200,
            {
                "pulp_id": U1,
                "state": "running",
                "worker": {
                    "name": "1234@host",
                    "missing": True,
                    "last_heartbeat": "2026-12-02T10:00:00Z",
                },
            },
        ),
    )
    session = session_for(hub.url)
    with pytest.raises(TaskTimeoutError) as info:
        TaskService(session, FAST).wait([U1], timeout=0.2)
    message = str(info.value)
    assert "pulp_ansible.app.tasks.collections.sync is running, its worker 1234@host is gone" in (
        message
    )
    assert "the hub marks it missing, last heartbeat 2026-12-02T10:00:00Z" in message
    assert "\n" not in message


def test_timeout_says_a_deleted_worker_is_gone(hub):
    worker = "/api/automation-hub/pulp/api/v3/workers/abc/"
    hub.add_task(U1, "running", worker=worker)
    hub.on("GET", worker, (404, {"detail": "Not found."}))
    session = session_for(hub.url)
    with pytest.raises(TaskTimeoutError, match="its worker is gone"):
        TaskService(session, FAST).wait([U1], timeout=0.2)


def test_timeout_with_a_live_worker_says_nothing_about_it(hub):
    worker = "/api/automation-hub/pulp/api/v3/workers/abc/"
    hub.add_task(U1, "running", worker=worker)
    hub.on("GET", worker, (200, {"name": "1@h", "last_heartbeat": "2026-12-02T10:00:00Z"}))
    hub.on("GET", f"/api/automation-hub/v3/tasks/{U1}/", (200, {"worker": {"missing": False}}))
    session = session_for(hub.url)
    with pytest.raises(TaskTimeoutError) as info:
        TaskService(session, FAST).wait([U1], timeout=0.2)
    assert "worker" not in str(info.value)


# -- creating requests whose answer was lost ---------------------------------------------


def test_namespace_rerun_after_a_lost_answer_says_the_hub_had_it(hub):
    path = "/api/automation-hub/v3/namespaces/"
    hub.on("POST", path, hub.CLOSE, (409, {"detail": "already exists"}))
    client = HubClient(session_for(hub.url))
    with pytest.raises(AnswerLostError, match="not re-sent"), client.session.operation(10):
        client.namespaces.create("ns1")
    with pytest.raises(HubHTTPError) as info, client.session.operation(10):
        client.namespaces.create("ns1")
    message = str(info.value)
    assert message.startswith("Namespace 'ns1' already exists")
    assert "The earlier request to create namespace 'ns1', whose answer was lost at" in message
    assert "did reach the hub" in message
    assert len(hub.calls("POST", path)) == 2
    # Said once: a third "already exists" is an ordinary one.
    with pytest.raises(HubHTTPError) as again, client.session.operation(10):
        client.namespaces.create("ns1")
    assert "earlier request" not in str(again.value)


def test_remote_rerun_after_a_lost_answer(hub):
    path = "/api/automation-hub/pulp/api/v3/remotes/ansible/collection/"
    hub.on("POST", path, hub.CLOSE, (400, {"name": ["This field must be unique."]}))
    client = HubClient(session_for(hub.url))
    with pytest.raises(AnswerLostError), client.session.operation(10):
        client.repositories.create_remote("up", "http://127.0.0.1:1/")
    with pytest.raises(HubHTTPError, match="did reach the hub"), client.session.operation(10):
        client.repositories.create_remote("up", "http://127.0.0.1:1/")


def test_lost_answers_only_track_lost_answers():
    lost = LostAnswers()
    with pytest.raises(ValueError), lost.track("namespace", "a"):
        raise ValueError("not a lost answer")
    assert lost.reached("namespace", "a") == ""


def test_a_task_failed_for_its_lost_worker_says_why(hub):
    hub.add_task(U1, "failed", error={"reason": "Worker has gone missing."})
    session = session_for(hub.url)
    with pytest.raises(TaskFailedError) as info:
        TaskService(session, FAST).wait([U1], timeout=2)
    assert "ended failed (expected completed): Worker has gone missing." in str(info.value)


def test_error_description_prefers_the_description():
    assert error_description({"description": "d", "reason": "r"}) == "d"
    assert error_description({"reason": " Aborted during worker shutdown. "}) == (
        "Aborted during worker shutdown."
    )
    assert error_description(None) == ""
