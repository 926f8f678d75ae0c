"""The idle look of ``hubtask galaxykit task wait all``: one request over the
standard library when the hub is idle; everything else goes to the full wait."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from conftest import PREFIX, U1

from HubTaskLibrary.client.idle import behind_proxy, hub_is_idle
from HubTaskLibrary.galaxykit import cli, sessions

COOKIES = {"csrftoken": "tok123", "sessionid": "sess456"}


@pytest.fixture(autouse=True)
def _clean_env(tmp_path, monkeypatch):
    monkeypatch.setenv("HUBTASK_GALAXYKIT_SESSIONS", str(tmp_path / "sessions.json"))
    for name in ("HUBTASK_TIMEOUT", "HUB_USERNAME", "HUB_PASSWORD", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def task_queries(hub):
    return hub.calls("GET", hub.TASKS)


def test_an_idle_hub_answers_true_in_one_request_with_the_kept_session(hub):
    assert hub_is_idle(hub.url, PREFIX, cookies=COOKIES) is True
    (look,) = task_queries(hub)
    assert set(look.query["state__in"].split(",")) == {"waiting", "running", "canceling"}
    assert look.query["limit"] == "1"
    assert "sessionid=sess456" in look.headers["Cookie"]


def test_a_running_task_answers_false(hub):
    hub.add_task(U1, "running")
    assert hub_is_idle(hub.url, PREFIX, cookies=COOKIES) is False


def test_a_token_is_sent_as_the_client_sends_it(hub):
    assert hub_is_idle(hub.url, PREFIX, token="abc") is True
    assert task_queries(hub)[0].headers["Authorization"] == "Token abc"


@pytest.mark.parametrize(
    "reply",
    [
        (403, {"detail": "Authentication credentials were not provided."}),
        (200, "<html>"),
        (200, {"results": []}),
        (502, "bad gateway"),
    ],
)
def test_any_other_answer_cannot_tell(hub, reply):
    hub.on("GET", hub.TASKS, reply)
    assert hub_is_idle(hub.url, PREFIX, cookies=COOKIES) is None


def test_no_look_without_a_session_over_https_or_through_a_proxy(hub, monkeypatch):
    assert hub_is_idle(hub.url, PREFIX) is None  # a login is needed: the full client
    assert hub_is_idle(hub.url.replace("http:", "https:"), PREFIX, cookies=COOKIES) is None
    monkeypatch.setenv("HTTP_PROXY", "http://proxy:3128")
    assert hub_is_idle(hub.url, PREFIX, cookies=COOKIES) is None
    assert task_queries(hub) == []
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    assert hub_is_idle(hub.url, PREFIX, cookies=COOKIES) is True


def test_a_hub_that_does_not_answer_cannot_tell():
    assert hub_is_idle("http://127.0.0.1:9", PREFIX, cookies=COOKIES, timeout=0.5) is None


def test_proxy_rules_follow_no_proxy():
    env = {"HTTPS_PROXY": "http://p:1", "no_proxy": ".example.com, hub.local"}
    assert behind_proxy("other.org", env) is True
    assert behind_proxy("api.example.com", env) is False
    assert behind_proxy("hub.local", env) is False
    assert behind_proxy("x.example.com", {**env, "no_proxy": "example.com"}) is False
    assert behind_proxy("anything", {**env, "no_proxy": "*"}) is False
    assert behind_proxy("anything", {}) is False


def keep_session(hub):
    name = sessions.key(hub.url + PREFIX, "admin", "admin")
    sessions.save(sessions.store_path(), name, COOKIES)


def run(hub, *words):
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["-s", hub.url + PREFIX, "--timeout", "5", *words], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_wait_all_on_an_idle_hub_is_one_request_and_exits_0(hub):
    keep_session(hub)
    assert run(hub, "task", "wait", "all") == (0, "", "")
    assert len(hub.all_requests) == 1


def test_wait_all_with_a_task_running_goes_to_the_full_wait(hub):
    keep_session(hub)
    hub.add_task(U1, "running", "running", "completed")
    assert run(hub, "task", "wait", "all") == (0, "", "")
    # the idle look, then the full wait's looks until the task ended
    assert len(task_queries(hub)) >= 3
    assert hub.tasks[U1].state == "completed"


def test_wait_all_with_a_stale_session_logs_in_and_waits(hub):
    keep_session(hub)
    stale = (403, {"detail": "stale"})
    # the idle look and the full wait's first look are refused; after a login, idle
    hub.on("GET", hub.TASKS, stale, stale, (200, {"count": 0, "results": []}))
    hub.on("GET", f"{PREFIX}_ui/v1/auth/login/", (204, b"", {"Set-Cookie": "csrftoken=t2"}))
    hub.on("POST", f"{PREFIX}_ui/v1/auth/login/", (204, b"", {"Set-Cookie": "sessionid=s2"}))
    assert run(hub, "task", "wait", "all") == (0, "", "")
    logins = [r for r in hub.all_requests if r.method == "POST" and "auth/login" in r.path]
    assert len(logins) == 1


def test_an_idle_wait_all_process_never_imports_requests(hub, tmp_path):
    keep_session(hub)
    code = (
        "import sys; from HubTaskLibrary.cli import main; "
        f"rc = main(['galaxykit', '-s', {hub.url + PREFIX!r}, 'task', 'wait', 'all']); "
        "print(json.dumps([rc, 'requests' in sys.modules, 'urllib3' in sys.modules]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", "import json; " + code],
        capture_output=True,
        text=True,
        env={"HUBTASK_GALAXYKIT_SESSIONS": str(sessions.store_path()), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [0, False, False]
