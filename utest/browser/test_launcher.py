"""Browser is optional: a clear one-line error names the install command."""

from __future__ import annotations

import sys

import pytest

from HubTaskLibrary import HubTaskLibrary
from HubTaskLibrary.browser import launcher
from HubTaskLibrary.browser.launcher import INSTALL_HINT, UINotInstalledError


def test_missing_browser_library_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "Browser", None)  # import fails
    with pytest.raises(UINotInstalledError) as err:
        launcher.browser_class()
    message = str(err.value)
    assert INSTALL_HINT in message
    assert "robotframework-hubtasklibrary[ui]" in message
    assert "\n" not in message


def test_library_loads_and_ui_keyword_fails_clearly_without_browser(monkeypatch):
    monkeypatch.setitem(sys.modules, "Browser", None)
    lib = HubTaskLibrary(base_url="http://hub.invalid")
    assert "Open Hub UI" in lib.get_keyword_names()
    with pytest.raises(
        UINotInstalledError, match=r"pip install robotframework-hubtasklibrary\[ui\]"
    ):
        lib.run_keyword("Open Hub UI", [], {})


def test_chromium_executable_precedence(monkeypatch):
    monkeypatch.setenv(launcher.ENV_EXECUTABLE, "/env/chromium")
    assert launcher.chromium_executable("/arg/chrome") == "/arg/chrome"
    assert launcher.chromium_executable(None) == "/env/chromium"
    monkeypatch.delenv(launcher.ENV_EXECUTABLE)
    monkeypatch.setattr(launcher.os.path, "exists", lambda p: p == launcher.DEFAULT_EXECUTABLE)
    assert launcher.chromium_executable(None) == launcher.DEFAULT_EXECUTABLE
    monkeypatch.setattr(launcher.os.path, "exists", lambda p: False)
    assert launcher.chromium_executable(None) is None


def test_chromium_runs_quietly_without_sandbox():
    assert "--no-sandbox" in launcher.CHROMIUM_ARGS
    assert "--disable-background-networking" in launcher.CHROMIUM_ARGS
