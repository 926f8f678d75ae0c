"""The cookie login that replaces basic auth after the first request."""

from __future__ import annotations

import json

from HubTaskLibrary.client.http import HubSession

PREFIX = "/api/automation-hub/"
LOGIN = f"{PREFIX}_ui/v1/auth/login/"
THING = f"{PREFIX}v3/thing/"


def login_posts(hub) -> list:
    return [r for r in hub.all_requests if r.method == "POST" and r.path == LOGIN]


def login_routes(hub, accept: bool = True) -> None:
    hub.on("GET", LOGIN, (204, b"", {"Set-Cookie": "csrftoken=tok123; Path=/"}))
    if accept:
        hub.on("POST", LOGIN, (204, b"", {"Set-Cookie": "sessionid=sess456; Path=/"}))
    else:
        hub.on("POST", LOGIN, (403, {"detail": "Invalid username/password."}))


def test_logs_in_once_then_sends_the_cookie_not_the_password(hub):
    login_routes(hub)
    hub.on("GET", THING, (200, {"ok": 1}))
    hub.on("POST", THING, (201, {"ok": 2}))
    session = HubSession(hub.url, username="admin", password="s3cret", api_prefix=PREFIX)
    assert session.get_json("v3/thing/") == {"ok": 1}
    session.request("POST", "v3/thing/", json={})
    session.get_json("v3/thing/")
    posts = login_posts(hub)
    assert len(posts) == 1
    assert json.loads(posts[0].body) == {"username": "admin", "password": "s3cret"}
    assert posts[0].headers.get("X-CSRFToken") == "tok123"
    api = hub.calls(path=THING)
    assert len(api) == 3
    for rec in api:
        assert "Authorization" not in rec.headers
        assert "sessionid=sess456" in rec.headers.get("Cookie", "")
    unsafe = hub.calls("POST", THING)[0]
    assert unsafe.headers.get("X-CSRFToken") == "tok123"
    assert unsafe.headers.get("Referer") == hub.url + "/"


def test_refused_login_keeps_basic_auth(hub):
    login_routes(hub, accept=False)
    hub.on("GET", THING, (200, {"ok": 1}))
    session = HubSession(hub.url, username="admin", password="pw", api_prefix=PREFIX)
    session.get_json("v3/thing/")
    session.get_json("v3/thing/")
    assert len(login_posts(hub)) == 1  # tried once only
    for rec in hub.calls(path=THING):
        assert rec.headers.get("Authorization", "").startswith("Basic ")


def test_expired_session_logs_in_again_once(hub):
    login_routes(hub)
    hub.on(
        "GET",
        THING,
        (403, {"detail": "Authentication credentials were not provided."}),
        (200, {"ok": 1}),
    )
    session = HubSession(hub.url, username="admin", password="pw", api_prefix=PREFIX)
    assert session.get_json("v3/thing/") == {"ok": 1}
    assert len(login_posts(hub)) == 2


def test_token_auth_never_logs_in(hub):
    hub.on("GET", THING, (200, {"ok": 1}))
    session = HubSession(hub.url, token="abc", api_prefix=PREFIX)
    session.get_json("v3/thing/")
    assert hub.all_requests and not [r for r in hub.all_requests if r.path == LOGIN]
    assert hub.calls(path=THING)[0].headers["Authorization"] == "Token abc"
