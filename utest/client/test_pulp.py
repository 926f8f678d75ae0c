"""Plain Pulp as a target: root prefix, discovery, pulpcore's login, domains."""

from __future__ import annotations

import pytest

from HubTaskLibrary.client.errors import HubNotFoundError, InvalidArgumentError
from HubTaskLibrary.client.http import HubSession, normalize_prefix
from HubTaskLibrary.client.pulp import NoGalaxyApiError, in_domain, normalize_domain
from HubTaskLibrary.client.tasks import TaskService

UUID = "01a23646-309b-7718-bd0f-07a1995ef74e"
TASK = f"/pulp/api/v3/tasks/{UUID}/"
LOGIN = "/pulp/api/v3/login/"
TASK_BODY = {"pulp_href": TASK, "state": "completed", "name": "sync"}


def logins(hub) -> list:
    return [r for r in hub.all_requests if r.method == "POST" and r.path == LOGIN]


def no_galaxy(hub) -> None:
    for prefix in ("/api/automation-hub/", "/api/galaxy/"):
        hub.on("GET", prefix, (404, "<html>Not Found</html>"))


def pulp_login(hub) -> None:
    hub.on("POST", LOGIN, (201, {}, {"Set-Cookie": "sessionid=s1; Path=/"}))


@pytest.mark.parametrize("given", ["/", "//", " / "])
def test_root_prefix_stays_root(given):
    assert normalize_prefix(given) == "/"


def test_discovery_finds_plain_pulp_by_its_status_endpoint(hub):
    no_galaxy(hub)
    hub.on("GET", "/pulp/api/v3/status/", (200, {"versions": []}))
    session = HubSession(hub.url, username="admin", password="pw")
    assert session.api_prefix == "/"
    assert not session.has_galaxy_api
    status = hub.calls("GET", "/pulp/api/v3/status/")[0]
    assert "Authorization" not in status.headers


def test_discovery_failure_names_every_place_tried(hub):
    no_galaxy(hub)
    session = HubSession(hub.url, username="admin", password="pw")
    with pytest.raises(HubNotFoundError, match=r"No Automation Hub or Pulp API .*status/ \(404\)"):
        _ = session.api_prefix


def test_galaxy_only_request_fails_at_once_on_plain_pulp(hub):
    session = HubSession(hub.url, username="admin", password="pw", api_prefix="/")
    with pytest.raises(NoGalaxyApiError, match=r"plain Pulp .* no galaxy API.*POST v3/namespaces/"):
        session.request("POST", "v3/namespaces/", json={"name": "ns"})
    assert hub.all_requests == []


def test_plain_pulp_logs_in_through_pulpcore_then_sends_the_cookie(hub):
    pulp_login(hub)
    hub.on("GET", TASK, (200, TASK_BODY))
    session = HubSession(hub.url, username="admin", password="pw", api_prefix="/")
    session.get_json(f"pulp/api/v3/tasks/{UUID}/")
    session.get_json(f"pulp/api/v3/tasks/{UUID}/")
    login = logins(hub)
    assert len(login) == 1
    assert login[0].headers["Authorization"].startswith("Basic ")
    assert not [r for r in hub.all_requests if "_ui/" in r.path]  # no galaxy login probe
    for rec in hub.calls("GET", TASK):
        assert "Authorization" not in rec.headers
        assert "sessionid=s1" in rec.headers.get("Cookie", "")


def test_missing_galaxy_login_falls_back_to_pulpcore_login(hub):
    prefix = "/api/galaxy/"
    hub.on("POST", prefix + LOGIN.lstrip("/"), (201, {}, {"Set-Cookie": "sessionid=s2; Path=/"}))
    hub.on("GET", prefix + TASK.lstrip("/"), (200, TASK_BODY))
    session = HubSession(hub.url, username="admin", password="pw", api_prefix=prefix)
    session.get_json(f"pulp/api/v3/tasks/{UUID}/")
    galaxy_login = f"{prefix}_ui/v1/auth/login/"
    assert [r for r in hub.all_requests if r.path == galaxy_login]  # tried first: 404
    (rec,) = hub.calls("GET", prefix + TASK.lstrip("/"))
    assert "Authorization" not in rec.headers


def test_no_login_anywhere_keeps_basic_auth(hub):
    hub.on("GET", TASK, (200, TASK_BODY))
    session = HubSession(hub.url, username="admin", password="pw", api_prefix="/")
    session.get_json(f"pulp/api/v3/tasks/{UUID}/")
    session.get_json(f"pulp/api/v3/tasks/{UUID}/")
    assert len(logins(hub)) == 1  # tried once only
    for rec in hub.calls("GET", TASK):
        assert rec.headers["Authorization"].startswith("Basic ")


def test_html_404_is_no_api_here_not_a_missing_task(hub):
    hub.on("GET", TASK, (404, "<html><h1>Not Found</h1></html>"))
    tasks = TaskService(HubSession(hub.url, api_prefix="/"))
    with pytest.raises(HubNotFoundError) as caught:
        tasks.get(UUID)
    assert "no hub API at this path" in str(caught.value)
    assert "was not found on the hub" not in str(caught.value)


def test_json_404_is_a_missing_task(hub):
    hub.on("GET", TASK, (404, {"detail": "No Task matches the given query."}))
    tasks = TaskService(HubSession(hub.url, api_prefix="/"))
    with pytest.raises(HubNotFoundError, match=f"Task {UUID} was not found on the hub"):
        tasks.get(UUID)


def test_domain_goes_into_every_pulp_path(hub):
    path = f"/pulp/team-a/api/v3/tasks/{UUID}/"
    hub.on("GET", path, (200, {**TASK_BODY, "pulp_href": path}))
    session = HubSession(hub.url, api_prefix="/", domain="team-a")
    tasks = TaskService(session)
    assert tasks.get(UUID)["pulp_href"] == path
    assert tasks.href(UUID) == path
    assert in_domain("v3/namespaces/", "team-a") == "v3/namespaces/"


@pytest.mark.parametrize(
    "given, expected", [(None, None), ("", None), ("None", None), (" a_b ", "a_b")]
)
def test_domain_names(given, expected):
    assert normalize_domain(given) == expected


def test_bad_domain_is_refused_in_one_line():
    with pytest.raises(InvalidArgumentError, match=r"^domain 'a/b' is not a Pulp domain name"):
        normalize_domain("a/b")
