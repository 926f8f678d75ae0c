"""The library inside a real (in-process) Robot run against the fake hub."""

from __future__ import annotations

import io

import pytest
from robot import run
from robot.api import ExecutionResult

U1 = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"
U2 = "11111111-2222-4333-8444-555555555555"

SUITE = """
*** Settings ***
Library    HubTaskLibrary    base_url=${URL}    username=admin    password=pw    timeout=${TIMEOUT}

*** Test Cases ***
Waits For A Task
    ${task} =    Wait For Task    /api/galaxy/v3/tasks/%(u1)s/    timeout=3s
    Should Be Equal    ${task}[state]    completed

Failure Message Has No Exception Name
    Run Keyword And Expect Error    Task broken ended failed (expected completed): Bad metadata.*
    ...    Wait For Task    %(u2)s    timeout=3 s

Bad Reference Is One Line
    Run Keyword And Expect Error    'nope' is not a task reference:*
    ...    Get Task    nope
"""


def run_suite(tmp_path, **variables) -> tuple[int, str, str]:
    suite = tmp_path / "suite.robot"
    suite.write_text(SUITE % {"u1": U1, "u2": U2})
    out, err = io.StringIO(), io.StringIO()
    rc = run(
        str(suite),
        output=str(tmp_path / "output.xml"),
        log=None,
        report=None,
        variable=[f"{k}:{v}" for k, v in variables.items()],
        stdout=out,
        stderr=err,
        console="quiet",
    )
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("HUB_URL", "HUB_USERNAME", "HUB_PASSWORD", "HUB_TOKEN", "HUB_API_PREFIX"):
        monkeypatch.delenv(name, raising=False)


def test_keywords_in_robot(hub, tmp_path):
    hub.add_task(U1, "running", "completed")
    hub.add_task(U2, "failed", name="broken", error={"description": "Bad metadata."})
    rc, _, stderr = run_suite(tmp_path, URL=hub.url, TIMEOUT="10s")
    result = ExecutionResult(str(tmp_path / "output.xml"))
    failures = {t.name: t.message for t in result.suite.all_tests if not t.passed}
    assert rc == 0, (failures, stderr)


@pytest.mark.parametrize("timeout", ["0s", "-5s"])
def test_bad_timeout_at_import_in_robot(hub, tmp_path, timeout):
    run_suite(tmp_path, URL=hub.url, TIMEOUT=timeout)
    result = ExecutionResult(str(tmp_path / "output.xml"))
    errors = [m.message for m in result.errors.messages]
    assert any("timeout must be positive" in e for e in errors), errors


def test_unconvertible_timeout_in_robot(hub, tmp_path):
    run_suite(tmp_path, URL=hub.url, TIMEOUT="garbage")
    result = ExecutionResult(str(tmp_path / "output.xml"))
    errors = [m.message for m in result.errors.messages]
    assert any("garbage" in e and "timeout" in e for e in errors), errors
