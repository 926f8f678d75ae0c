"""HubSession against a fake hub on loopback: retries, errors, prefix, correlation ids."""

from __future__ import annotations

import re

import pytest

from HubTaskLibrary.client.errors import (
    HubAuthError,
    HubConnectionError,
    HubHTTPError,
    HubNotFoundError,
    InvalidArgumentError,
)
from HubTaskLibrary.client.http import (
    CORRELATION_HEADER,
    HubSession,
    normalize_base_url,
    normalize_prefix,
)
from HubTaskLibrary.client.retry import IDEMPOTENT_METHODS, RETRY_STATUSES, Operation, make_retry

PATH = "v3/thing/"
FULL = "/api/automation-hub/v3/thing/"


def session_for(hub, **kwargs) -> HubSession:
    kwargs.setdefault("username", "admin")
    kwargs.setdefault("password", "pw")
    return HubSession(hub.url, **kwargs)


def one_line(text: str) -> bool:
    return "\n" not in text and "\r" not in text


# -- transient failures -------------------------------------------------------------


def test_429_retry_after_is_honoured(hub):
    hub.on("GET", FULL, (429, {"detail": "slow down"}, {"Retry-After": "1"}), (200, {"ok": 1}))
    session = session_for(hub)
    with session.operation(10) as op:
        assert session.get_json(PATH) == {"ok": 1}
    calls = hub.calls("GET", FULL)
    assert len(calls) == 2
    assert calls[1].at - calls[0].at >= 0.9  # waited for Retry-After, not the 0 s backoff
    assert op.retries == 1
    assert op.retry_summary() == "1 retries (HTTP 429 x1)"


@pytest.mark.parametrize(
    ("status", "body"),
    [(502, "<html>Bad Gateway</html>"), (503, {"detail": "busy"}), (504, "Gateway Timeout")],
)
def test_gateway_error_is_retried_then_succeeds(hub, status, body):
    hub.on("GET", FULL, (status, body), (200, {"ok": True}))
    session = session_for(hub)
    with session.operation(20) as op:
        assert session.get_json(PATH) == {"ok": True}
    assert len(hub.calls("GET", FULL)) == 2
    assert op.retries == 1
    assert op.retry_summary() == f"1 retries (HTTP {status} x1)"


def test_retry_counts_add_up(hub):
    hub.on("GET", FULL, (502, "<html>Bad Gateway</html>"), (504, ""), (200, {"ok": True}))
    session = session_for(hub)
    with session.operation(20) as op:
        assert session.get_json(PATH) == {"ok": True}
    assert len(hub.calls("GET", FULL)) == 3
    assert op.retries == 2
    assert dict(op.retry_reasons) == {"HTTP 502": 1, "HTTP 504": 1}
    assert op.retry_summary() == "2 retries (HTTP 502 x1, HTTP 504 x1)"
    # discovery + the cookie-login probe (404 here) + pulpcore's login (404 too:
    # basic auth stays) + one logical request (urllib3 retries inside)
    assert op.requests == 4
    assert len(hub.calls("GET")) == 4  # discovery, probe, 502, 504 then 200: probe excluded


def test_no_retries_summary():
    assert Operation("x").retry_summary() == "no retries"


def test_retry_policy_constants():
    assert {429, 502, 503, 504} == RETRY_STATUSES
    assert "POST" not in IDEMPOTENT_METHODS
    retry = make_retry()
    assert retry.respect_retry_after_header
    assert set(retry.status_forcelist) == set(RETRY_STATUSES)


def test_deadline_stops_retrying(hub):
    hub.on("GET", FULL, (503, {"detail": "Service Unavailable"}))
    session = session_for(hub)
    with pytest.raises(HubHTTPError) as info, session.operation(0.3) as op:
        session.get_json(PATH)
    # the last answer is reported with the hub's words and the retry count
    message = str(info.value)
    assert one_line(message)
    assert info.value.status == 503
    assert "Service Unavailable" in message
    calls = len(hub.calls("GET", FULL))
    assert 2 <= calls <= 10
    assert op.retries == calls - 1
    assert f"({calls - 1} retries (HTTP 503 x{calls - 1}))" in message


def test_deadline_with_long_retry_after_fails_without_waiting(hub):
    hub.on("GET", FULL, (503, {"detail": "busy"}, {"Retry-After": "3600"}))
    session = session_for(hub)
    with pytest.raises(HubHTTPError, match="503 Service Unavailable: busy"), session.operation(5):
        session.get_json(PATH)
    assert len(hub.calls("GET", FULL)) == 1


def test_connection_errors_stop_at_deadline_and_say_retries(free_port):
    session = HubSession(f"http://127.0.0.1:{free_port}", api_prefix="/api/galaxy/")
    with pytest.raises(HubConnectionError) as info, session.operation(0.15) as op:
        session.get_json(PATH)
    assert op.retries >= 1
    assert op.retry_summary() in str(info.value)
    assert "NewConnectionError" in op.retry_summary()


def test_post_is_resent_on_503(hub):
    hub.on("POST", FULL, (503, {"detail": "busy"}), (202, {"task": "x"}))
    session = session_for(hub)
    with session.operation(10) as op:
        response = session.request("POST", PATH, json={"a": 1})
    assert response.status_code == 202
    posts = hub.calls("POST", FULL)
    assert len(posts) == 2
    assert posts[0].json() == posts[1].json() == {"a": 1}
    assert op.retries == 1


def test_post_not_resent_after_read_timeout(hub):
    hub.on("POST", FULL, hub.Sleep(0.6, (202, {"task": "x"})))
    session = session_for(hub, request_timeout=0.15)
    with pytest.raises(HubConnectionError) as info, session.operation(None) as op:
        session.request("POST", PATH, json={})
    assert len(hub.calls("POST", FULL)) == 1
    assert op.retries == 0
    message = str(info.value)
    assert one_line(message)
    assert "POST" in message
    assert "not re-sent" in message  # says why it did not retry, so nobody repeats blindly


def test_get_is_retried_after_read_timeout(hub):
    hub.on("GET", FULL, hub.Sleep(0.6, (200, {"late": 1})), (200, {"ok": 1}))
    session = session_for(hub, request_timeout=0.15)
    with session.operation(None) as op:
        assert session.get_json(PATH) == {"ok": 1}
    assert len(hub.calls("GET", FULL)) == 2
    assert op.retries == 1


def test_post_not_resent_after_connection_reset(hub):
    hub.on("POST", FULL, hub.CLOSE, (202, {"task": "x"}))
    session = session_for(hub)
    with pytest.raises(HubConnectionError) as info, session.operation(10):
        session.request("POST", PATH, json={})
    assert len(hub.calls("POST", FULL)) == 1
    assert one_line(str(info.value))
    assert "not re-sent" in str(info.value)


def test_get_is_retried_after_connection_reset(hub):
    hub.on("GET", FULL, hub.CLOSE, (200, {"ok": 1}))
    session = session_for(hub)
    with session.operation(10) as op:
        assert session.get_json(PATH) == {"ok": 1}
    assert len(hub.calls("GET", FULL)) == 2
    assert op.retries == 1


# -- errors that fail at once ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "cls", "expected"),
    [
        (
            400,
            {
                "errors": [
                    {
                        "status": "400",
                        "code": "invalid",
                        "title": "Invalid input.",
                        "detail": "Name must be lower case.",
                        "source": {"parameter": "name"},
                    }
                ]
            },
            HubHTTPError,
            "name: Name must be lower case.",
        ),
        (400, {"name": ["This field is required."]}, HubHTTPError, "name: This field is required."),
        (400, {"non_field_errors": ["Bad combo."]}, HubHTTPError, "Bad combo."),
        (
            403,
            {"detail": "You do not have permission to perform this action."},
            HubAuthError,
            "You do not have permission to perform this action.",
        ),
        (401, {"detail": "Invalid token."}, HubAuthError, "Invalid token."),
        (404, {"detail": "Not found."}, HubNotFoundError, "Not found."),
        (
            404,
            {"errors": [{"status": "404", "code": "not_found", "title": "Not found."}]},
            HubNotFoundError,
            "Not found.",
        ),
        (409, {"detail": "Conflict here"}, HubHTTPError, "Conflict here"),
        (
            500,
            "<html><body><h1>Server Error (500)</h1>\n</body></html>",
            HubHTTPError,
            "Server Error (500)",
        ),
    ],
)
def test_errors_fail_at_once_with_hub_message(hub, status, body, cls, expected):
    hub.on("POST", FULL, (status, body))
    session = session_for(hub)
    with pytest.raises(HubHTTPError) as info, session.operation(10):
        session.request("POST", PATH, json={})
    err = info.value
    assert type(err) is cls
    assert err.status == status
    assert err.method == "POST"
    assert err.url.endswith(FULL)
    message = str(err)
    assert one_line(message)
    assert message.startswith(f"POST {FULL} failed with {status}")
    assert expected in message
    assert expected in err.hub_message
    assert len(hub.calls("POST", FULL)) == 1


def test_wrong_password_message_names_settings(hub):
    hub.on("GET", FULL, (403, {"detail": "Invalid username/password."}))
    session = session_for(hub)
    with pytest.raises(HubAuthError) as info, session.operation(10):
        session.get_json(PATH)
    message = str(info.value)
    assert "Invalid username/password." in message
    assert "HUB_PASSWORD" in message
    assert one_line(message)


def test_error_without_body_uses_status_words(hub):
    hub.on("DELETE", FULL, (405, b""))
    session = session_for(hub)
    with pytest.raises(HubHTTPError, match="405 Method Not Allowed: Method Not Allowed"):
        session.request("DELETE", PATH)


def test_unexpected_status_in_expected_tuple(hub):
    hub.on("GET", FULL, (200, {"a": 1}))
    session = session_for(hub)
    with pytest.raises(HubHTTPError, match="failed with 200"):
        session.request("GET", PATH, expected=(201,))


def test_error_after_retries_mentions_them(hub):
    hub.on("GET", FULL, (503, {}), (404, {"detail": "Not found."}))
    session = session_for(hub)
    with pytest.raises(HubNotFoundError) as info, session.operation(10):
        session.get_json(PATH)
    assert "1 retries (HTTP 503 x1)" in str(info.value)


def test_connection_refused_names_base_url(free_port):
    session = HubSession(f"http://127.0.0.1:{free_port}", username="admin", password="pw")
    with pytest.raises(HubConnectionError) as info, session.operation(0.15):
        session.get_json(PATH)
    message = str(info.value)
    assert one_line(message)
    assert f"http://127.0.0.1:{free_port}" in message
    assert "HUB_URL" in message
    assert "connection refused" in message


def test_requests_outside_an_operation_give_up_in_bounded_time(free_port, monkeypatch):
    """Without an operation there is no deadline; retries must still end soon.

    Backoff sleeps are recorded instead of slept, so this test is fast either way.
    """
    import urllib3.util.retry

    slept: list[float] = []
    monkeypatch.setattr(urllib3.util.retry.time, "sleep", slept.append)
    session = HubSession(f"http://127.0.0.1:{free_port}", api_prefix="/api/galaxy/")
    with pytest.raises(HubConnectionError, match="HUB_URL"):
        session.get_json(PATH)
    assert sum(slept) <= session.request_timeout, (
        f"{len(slept)} retries would sleep {sum(slept):.0f} s before failing"
    )


def test_connection_refused_with_known_prefix(free_port):
    session = HubSession(f"http://127.0.0.1:{free_port}", api_prefix="/api/galaxy/")
    with pytest.raises(HubConnectionError, match="HUB_URL"), session.operation(0.15):
        session.get_json(PATH)


# -- API prefix ----------------------------------------------------------------------------------


def test_prefix_discovered_automation_hub(hub):
    session = session_for(hub)
    with session.operation(5):
        assert session.api_prefix == "/api/automation-hub/"
        assert session.url("v3/x/") == hub.url + "/api/automation-hub/v3/x/"
    # asked once, remembered
    with session.operation(5):
        assert session.api_prefix == "/api/automation-hub/"
    assert len(hub.calls("GET", "/api/automation-hub/")) == 1


def test_prefix_falls_back_to_galaxy(hub):
    hub.on("GET", "/api/automation-hub/", (404, "<h1>Not Found</h1>"))
    hub.on("GET", "/api/galaxy/", (200, {}))
    session = session_for(hub)
    with session.operation(5):
        assert session.api_prefix == "/api/galaxy/"
    assert [r.path for r in hub.requests] == ["/api/automation-hub/", "/api/galaxy/"]


def test_prefix_not_found_is_a_clear_error(hub):
    hub.on("GET", "/api/automation-hub/", (404, "<h1>Not Found</h1>"))
    session = session_for(hub)
    with pytest.raises(HubNotFoundError) as info, session.operation(5):
        session.get_json(PATH)
    message = str(info.value)
    assert one_line(message)
    assert hub.url in message
    assert "/api/automation-hub/ (404)" in message
    assert "/api/galaxy/ (404)" in message
    assert "HUB_API_PREFIX" in message


def test_prefix_discovery_is_anonymous_and_auth_errors_come_from_the_request(hub):
    # Discovery sends no credentials (no password hashing on the hub); an
    # "authentication required" answer already says the API lives there.
    hub.on("GET", "/api/automation-hub/", (403, {"detail": "Not provided."}))
    hub.on("GET", FULL, (403, {"detail": "Invalid username/password."}))
    session = session_for(hub)
    with pytest.raises(HubAuthError, match="Invalid username/password"), session.operation(5):
        session.get_json(PATH)
    assert session.api_prefix == "/api/automation-hub/"
    discovery = hub.calls("GET", "/api/automation-hub/")[0]
    assert "Authorization" not in discovery.headers
    assert hub.calls("GET", FULL)[0].headers["Authorization"].startswith("Basic ")


def test_given_prefix_skips_discovery(hub):
    hub.on("GET", "/api/galaxy/v3/thing/", (200, {"g": 1}))
    session = session_for(hub, api_prefix="api/galaxy")
    assert session.api_prefix == "/api/galaxy/"
    with session.operation(5):
        assert session.get_json(PATH) == {"g": 1}
    assert [r.path for r in hub.requests] == ["/api/galaxy/v3/thing/"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("api/galaxy", "/api/galaxy/"),
        ("/api/galaxy/", "/api/galaxy/"),
        (" /api/automation-hub ", "/api/automation-hub/"),
        ("/", "/"),
        ("//", "/"),
        ("//pulp//x", "/pulp/x/"),
    ],
)
def test_normalize_prefix(given, expected):
    assert normalize_prefix(given) == expected


def test_empty_prefix_rejected():
    with pytest.raises(InvalidArgumentError, match="api_prefix"):
        normalize_prefix("  ")


# -- URLs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        (" https://hub.example.com/ ", "https://hub.example.com"),
        ("https://example.com/hub/", "https://example.com/hub"),
    ],
)
def test_normalize_base_url(given, expected):
    assert normalize_base_url(given) == expected


@pytest.mark.parametrize("given", ["", "127.0.0.1:8080", "ftp://hub", "http://", "hub.example.com"])
def test_bad_base_url_rejected(given):
    with pytest.raises(InvalidArgumentError) as info:
        normalize_base_url(given)
    assert one_line(str(info.value))
    assert "http" in str(info.value)


def test_url_building(hub):
    session = HubSession(hub.url + "/", api_prefix="/api/galaxy/")
    assert session.url("v3/x/") == hub.url + "/api/galaxy/v3/x/"
    assert (
        session.url("/api/galaxy/pulp/api/v3/tasks/") == hub.url + "/api/galaxy/pulp/api/v3/tasks/"
    )
    assert session.url("http://other/x") == "http://other/x"
    assert session.ui_url("task/abc/") == hub.url + "/ui/task/abc/"
    assert session.ui_url("/tasks/") == hub.url + "/ui/tasks/"


def test_hrefs_resolve_against_host_when_base_url_has_path():
    session = HubSession("https://example.com/hub", api_prefix="/api/galaxy/")
    assert session.url("v3/x/") == "https://example.com/hub/api/galaxy/v3/x/"
    assert session.url("/api/galaxy/v3/x/") == "https://example.com/api/galaxy/v3/x/"


# -- headers ---------------------------------------------------------------------------------


def test_correlation_id_one_per_operation_same_instance_prefix(hub):
    hub.on("GET", FULL, (200, {}))
    session = session_for(hub)
    with session.operation(5) as op1:
        session.get_json(PATH)
        session.get_json(PATH)
    with session.operation(5) as op2:
        session.get_json(PATH)
    ids = [r.headers[CORRELATION_HEADER] for r in hub.requests]
    assert len(ids) == 4  # discovery + 3
    for cid in ids:
        assert re.fullmatch(r"[0-9a-f]{32}", cid)
        assert cid.startswith(session.instance_id)
    assert ids[0] == ids[1] == ids[2] == op1.correlation_id
    assert ids[3] == op2.correlation_id != op1.correlation_id
    assert len(session.instance_id) == 16


def test_nested_operation_joins_outer(hub):
    hub.on("GET", FULL, (200, {}))
    session = session_for(hub)
    with session.operation(5) as outer, session.operation(100) as inner:
        assert inner is outer
        session.get_json(PATH)
    assert session.current_operation is None
    assert {r.headers[CORRELATION_HEADER] for r in hub.requests} == {outer.correlation_id}


def test_requests_outside_operation_get_fresh_ids(hub):
    hub.on("GET", FULL, (200, {}))
    session = session_for(hub, api_prefix="/api/automation-hub/")
    session.get_json(PATH)
    session.get_json(PATH)
    ids = [r.headers[CORRELATION_HEADER] for r in hub.requests]
    assert ids[0] != ids[1]
    assert all(i.startswith(session.instance_id) for i in ids)


def test_sessions_have_different_instance_ids(hub):
    assert session_for(hub).instance_id != session_for(hub).instance_id


def test_basic_auth_header(hub):
    hub.on("GET", FULL, (200, {}))
    session = session_for(hub, api_prefix="/api/automation-hub/")
    session.get_json(PATH)
    assert hub.requests[0].headers["Authorization"].startswith("Basic ")


def test_token_header(hub):
    hub.on("GET", FULL, (200, {}))
    session = HubSession(
        hub.url, token="abc123", username="admin", password="pw", api_prefix="/api/automation-hub/"
    )
    session.get_json(PATH)
    assert hub.requests[0].headers["Authorization"] == "Token abc123"


def test_server_clock_from_date_header(hub):
    hub.on("GET", FULL, (200, {}, {"Date": "Wed, 01 May 2024 10:00:00 GMT"}))
    session = session_for(hub, api_prefix="/api/automation-hub/")
    # the real server adds its own Date header too; ours comes later and wins or not,
    # either way the estimate stays a POSIX time near one of them
    session.get_json(PATH)
    assert session.server_now() > 1_700_000_000


def test_post_after_idle_gap_uses_a_fresh_connection(hub, monkeypatch):
    """A POST must not ride a keep-alive connection the server may be dropping."""
    hub.on("GET", FULL, (200, {}))
    hub.on("POST", FULL, (201, {}))
    session = session_for(hub, api_prefix="/api/automation-hub/")
    cleared = []
    monkeypatch.setattr(session._adapter.poolmanager, "clear", lambda: cleared.append(1))
    session.get_json(PATH)
    session.request("POST", PATH, json={})  # right after a reply: connection reused
    assert cleared == []
    session._last_reply -= 5  # as if idle for 5 s
    session.request("POST", PATH, json={})
    assert cleared == [1]
    session._last_reply -= 5
    session.get_json(PATH)  # idempotent: may be retried, keeps the pool
    assert cleared == [1]


def test_one_prefix_normaliser_for_client_and_local_hub():
    from HubTaskLibrary import apiprefix
    from HubTaskLibrary.localhub import state

    assert normalize_prefix is apiprefix.normalize_prefix
    assert state.normalize_prefix is apiprefix.normalize_prefix


def test_one_error_hierarchy_for_client_and_local_hub():
    from HubTaskLibrary import errors
    from HubTaskLibrary.client import errors as client_errors
    from HubTaskLibrary.localhub import errors as localhub_errors

    assert client_errors.HubError is errors.HubError is localhub_errors.HubError
    assert issubclass(localhub_errors.HubStepError, errors.HubError)
