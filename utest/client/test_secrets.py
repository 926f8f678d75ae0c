"""Passwords and tokens never show in messages or logs."""

from __future__ import annotations

import logging
import traceback

import pytest

from HubTaskLibrary.client.errors import (
    HubAuthError,
    HubConnectionError,
    HubError,
    InvalidArgumentError,
)
from HubTaskLibrary.client.http import HubSession, normalize_base_url
from HubTaskLibrary.client.tasks import TaskService

PASSWORD = "S3cr3t-pa55word"
TOKEN = "d41d8cd98f00b204e9800998ecf8427e0123abcd"
FULL = "/api/automation-hub/v3/thing/"


@pytest.fixture
def debug_log(caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("urllib3", "requests", "HubTaskLibrary"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    return caplog


def assert_no_secret(err: BaseException | None, caplog) -> None:
    texts = [record.getMessage() for record in caplog.records]
    texts += [caplog.text]
    if err is not None:
        texts += [str(err), repr(err), *map(str, err.args)]
        texts += traceback.format_exception(err)
    joined = "\n".join(texts)
    assert PASSWORD not in joined
    assert TOKEN not in joined


@pytest.mark.parametrize("status", [401, 403])
@pytest.mark.parametrize("auth", ["password", "token"])
def test_auth_errors_do_not_leak(hub, debug_log, status, auth):
    hub.on("GET", FULL, (status, {"detail": "Invalid username/password."}))
    creds = {"username": "admin", "password": PASSWORD} if auth == "password" else {"token": TOKEN}
    session = HubSession(hub.url, **creds)
    with pytest.raises(HubAuthError) as info, session.operation(5):
        session.get_json("v3/thing/")
    assert_no_secret(info.value, debug_log)
    # the credentials did travel, in the header
    sent = hub.calls("GET", FULL)[0].headers["Authorization"]
    assert sent.startswith("Basic " if auth == "password" else "Token ")


def test_prefix_discovery_auth_error_does_not_leak(hub, debug_log):
    hub.on("GET", "/api/automation-hub/", (403, {"detail": "Invalid username/password."}))
    hub.on("GET", "/api/automation-hub/v3/thing/", (403, {"detail": "Invalid username/password."}))
    session = HubSession(hub.url, username="admin", password=PASSWORD)
    with pytest.raises(HubAuthError) as info, session.operation(5):
        session.get_json("v3/thing/")
    assert_no_secret(info.value, debug_log)


@pytest.mark.parametrize("auth", ["password", "token"])
def test_connection_errors_do_not_leak(free_port, debug_log, auth):
    creds = {"username": "admin", "password": PASSWORD} if auth == "password" else {"token": TOKEN}
    session = HubSession(f"http://127.0.0.1:{free_port}", **creds)
    with pytest.raises(HubConnectionError) as info, session.operation(0.15):
        session.get_json("v3/thing/")
    assert_no_secret(info.value, debug_log)


def test_retries_and_successes_do_not_leak(hub, debug_log):
    hub.on("GET", FULL, (503, {}), (200, {"ok": 1}))
    session = HubSession(hub.url, username="admin", password=PASSWORD)
    with session.operation(10):
        session.get_json("v3/thing/")
    assert debug_log.records, "DEBUG logging was captured"
    assert_no_secret(None, debug_log)


def test_task_errors_do_not_leak(hub, debug_log):
    session = HubSession(hub.url, token=TOKEN)
    service = TaskService(session)
    with pytest.raises(HubError) as info, session.operation(5):
        service.get("0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3")
    assert_no_secret(info.value, debug_log)


@pytest.mark.parametrize(
    "url",
    [
        f"http://admin:{PASSWORD}@127.0.0.1:8080",
        f"https://admin:{PASSWORD}@hub.example.com/",
        f"http://{TOKEN}@hub.example.com",
    ],
)
def test_base_url_with_credentials_rejected(url):
    with pytest.raises(InvalidArgumentError) as info:
        normalize_base_url(url)
    assert "credentials" in str(info.value)
    assert PASSWORD not in str(info.value)
    assert TOKEN not in str(info.value)
    with pytest.raises(InvalidArgumentError):
        HubSession(url)


@pytest.mark.parametrize(
    "url",
    [
        f"ftp://admin:{PASSWORD}@hub.example.com",
        f"admin:{PASSWORD}@hub.example.com:8080",
    ],
)
def test_invalid_base_url_message_hides_password(url):
    with pytest.raises(InvalidArgumentError) as info:
        normalize_base_url(url)
    assert PASSWORD not in str(info.value)
