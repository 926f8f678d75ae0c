"""Library import arguments and the hub connection settings."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from conftest import HUB_ENV as ENV
from conftest import U1

from HubTaskLibrary import HubTaskLibrary
from HubTaskLibrary.client.errors import InvalidArgumentError
from HubTaskLibrary.keywords.context import Settings, seconds


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("timeout", "match"),
    [
        (0, "timeout must be positive, got 0 seconds"),
        (timedelta(0), "timeout must be positive"),
        (-5, "timeout must be positive, got -5 seconds"),
        (timedelta(seconds=-1), "timeout must be positive"),
        ("garbage", "timeout 'garbage' is not a time"),
        ("", "is not a time"),
        (None, "timeout 'None' is not a time"),
    ],
)
def test_bad_timeout_at_import(timeout, match):
    with pytest.raises(InvalidArgumentError, match=match) as info:
        HubTaskLibrary(base_url="http://127.0.0.1:1", timeout=timeout)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("value", "expected"), [(timedelta(minutes=2), 120.0), (30, 30.0), ("1.5", 1.5), (0.01, 0.01)]
)
def test_seconds(value, expected):
    assert seconds(value) == expected


def test_default_timeout_is_one_minute():
    lib = HubTaskLibrary(base_url="http://127.0.0.1:1")
    assert lib.ctx.settings.timeout == 60.0
    assert lib.ctx.settings.auto_wait is True


def test_no_base_url_and_no_hub_url_fails_keyword_naming_hub_url():
    lib = HubTaskLibrary()  # importing works: the connection is made lazily
    with pytest.raises(InvalidArgumentError) as info:
        lib.run_keyword("get_task", [U1], {})
    message = str(info.value)
    assert "HUB_URL" in message
    assert "base_url" in message
    assert "\n" not in message


def test_environment_is_read(monkeypatch):
    monkeypatch.setenv("HUB_URL", "http://hub.example.com:8080/")
    monkeypatch.setenv("HUB_USERNAME", "alice")
    monkeypatch.setenv("HUB_PASSWORD", "pw")
    monkeypatch.setenv("HUB_API_PREFIX", "/api/galaxy/")
    monkeypatch.setenv("HUB_CONSOLE_COMMAND", "pulpcore-manager shell")
    lib = HubTaskLibrary()
    s = lib.ctx.settings
    assert (s.base_url, s.username, s.password, s.api_prefix, s.console_command) == (
        "http://hub.example.com:8080/",
        "alice",
        "pw",
        "/api/galaxy/",
        "pulpcore-manager shell",
    )
    assert lib.ctx.client.session.base_url == "http://hub.example.com:8080"
    assert lib.ctx.client.session.api_prefix == "/api/galaxy/"


def test_explicit_base_url_ignores_environment_credentials(monkeypatch):
    monkeypatch.setenv("HUB_URL", "http://env-hub:1")
    monkeypatch.setenv("HUB_USERNAME", "env-user")
    monkeypatch.setenv("HUB_PASSWORD", "env-pw")
    lib = HubTaskLibrary(base_url="http://given:2", token="tok")
    s = lib.ctx.settings
    assert s.base_url == "http://given:2"
    assert s.username is None
    assert s.password is None
    assert s.token == "tok"


def test_username_without_password_gets_empty_password():
    s = Settings.from_arguments("http://h:1", "admin", None, None, None, 5, True, True, None)
    assert s.password == ""


def test_base_url_with_credentials_fails_when_connecting():
    lib = HubTaskLibrary(base_url="http://admin:secretpw@127.0.0.1:1")
    with pytest.raises(InvalidArgumentError) as info:
        lib.run_keyword("get_task", [U1], {})
    assert "secretpw" not in str(info.value)
    assert "credentials" in str(info.value)


def test_invalid_task_reference_fails_before_any_request():
    lib = HubTaskLibrary(base_url="http://127.0.0.1:1", api_prefix="/api/galaxy/")
    with pytest.raises(InvalidArgumentError, match="not a task reference"):
        lib.run_keyword("Get Task UI Link", ["not-a-uuid"], {})


def test_set_task_timeout_returns_previous():
    lib = HubTaskLibrary(base_url="http://127.0.0.1:1", timeout=timedelta(seconds=90))
    assert lib.run_keyword("set_task_timeout", [timedelta(minutes=5)], {}) == "90 seconds"
    assert lib.ctx.settings.timeout == 300
    with pytest.raises(InvalidArgumentError, match="positive"):
        lib.run_keyword("set_task_timeout", [timedelta(0)], {})


def test_close_listener_cleans_up():
    lib = HubTaskLibrary(base_url="http://127.0.0.1:1")
    path = Path(lib.run_keyword("build_collection", ["ns1", "c1"], {}))
    assert path.is_file()
    assert path.parent == Path(lib.ctx.artifacts_dir)
    listeners = lib.ROBOT_LIBRARY_LISTENER
    listeners = listeners if isinstance(listeners, list) else [listeners]
    closers = [listener for listener in listeners if hasattr(listener, "close")]
    assert closers
    for listener in closers:
        listener.close()
    assert not path.parent.exists()
