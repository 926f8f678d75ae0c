"""Getters with every AssertionEngine operator, argument types and scoped
timeouts, inside a real (in-process) Robot run against the fake hub."""

from __future__ import annotations

import io

import pytest
from robot import run
from robot.api import ExecutionResult

U1 = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"
U2 = "11111111-2222-4333-8444-555555555555"
U3 = "22222222-3333-4444-8555-666666666666"

SUITE = """
*** Settings ***
Library    HubTaskLibrary    base_url=${URL}    username=admin    password=pw    timeout=20s

*** Test Cases ***
Operators Wait Until They Hold
    Get Task State    %(u1)s    matches    ^(completed|failed)$
    Get Task State    %(u1)s    ==    completed
    Get Task State    %(u1)s    !=    waiting
    Get Task State    %(u1)s    contains    plete
    Get Task State    %(u1)s    should end with    ted
    Get Task State    %(u1)s    should start with    comp
    Get Task State    %(u1)s    validate    value in ("completed", "failed")
    ${upper} =    Get Task State    %(u1)s    then    value.upper()
    Should Be Equal    ${upper}    COMPLETED

A Ui Label Naming One State Is Accepted
    Get Task State    %(u1)s    ==    Completed
    Get Task State    %(u1)s    !=    Pending

A Wait Until The State Holds
    ${state} =    Get Task State    %(u2)s    matches    ^(completed|failed)$    timeout=10s
    Should Be Equal    ${state}    completed

An Assertion That Never Holds Times Out With The Engine's Message
    Run Keyword And Expect Error
    ...    Task state 'running' (str) should end with 'ted' (str) (waited 0.5 s)
    ...    Get Task State    %(u3)s    should end with    ted    timeout=0.5s

Message Replaces The Failure Message
    Run Keyword And Expect Error    Not yet: 'running'
    ...    Get Task State    %(u3)s    ==    completed    message=Not yet: {value}    timeout=0.5s

An Unknown State Fails At Once
    Run Keyword And Expect Error    Unknown task state 'complete':*
    ...    Get Task State    %(u3)s    ==    complete    timeout=10s

Expected Of A Wait Is A Final State Whatever The Case
    Wait For Task    %(u1)s    expected=Completed
    Run Keyword And Expect Error    *FinalState*
    ...    Wait For Task    %(u1)s    expected=running

Scope Of Wait For All Tasks Is Listed
    Run Keyword And Expect Error    *hub*mine*
    ...    Wait For All Tasks    scope=everything

Test Scope Ends With The Test
    ${old} =    Set Task Timeout    3s    scope=Test
    Should Be Equal    ${old}    20 seconds
    ${now} =    Set Task Timeout    4s    scope=Test
    Should Be Equal    ${now}    3 seconds

Timeout Is Back After The Test
    ${old} =    Set Task Timeout    5s    scope=Suite
    Should Be Equal    ${old}    20 seconds

Suite Scope Holds For The Rest Of The Suite
    ${old} =    Set Task Timeout    20s
    Should Be Equal    ${old}    5 seconds
"""


def run_suite(tmp_path, **variables) -> ExecutionResult:
    suite = tmp_path / "getters.robot"
    suite.write_text(SUITE % {"u1": U1, "u2": U2, "u3": U3})
    run(
        str(suite),
        output=str(tmp_path / "output.xml"),
        log=None,
        report=None,
        variable=[f"{k}:{v}" for k, v in variables.items()],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        console="quiet",
    )
    return ExecutionResult(str(tmp_path / "output.xml"))


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("HUB_URL", "HUB_USERNAME", "HUB_PASSWORD", "HUB_TOKEN", "HUB_API_PREFIX"):
        monkeypatch.delenv(name, raising=False)


def test_getters_types_and_scopes_in_robot(hub):
    import tempfile
    from pathlib import Path

    hub.add_task(U1, "completed")
    hub.add_task(U2, "waiting", "running", "running", "completed")
    hub.add_task(U3, "running")
    with tempfile.TemporaryDirectory() as tmp:
        result = run_suite(Path(tmp), URL=hub.url)
    failures = {t.name: t.message for t in result.suite.all_tests if not t.passed}
    assert not failures
    assert len(list(result.suite.all_tests)) == 11


def test_libdoc_lists_the_enums_and_the_task_type():
    from robot.libdocpkg import LibraryDocumentation

    doc = LibraryDocumentation("HubTaskLibrary")
    types = {t.name: t for t in doc.type_docs}
    assert {m.name for m in types["FinalState"].members} == {
        "completed",
        "failed",
        "canceled",
        "skipped",
    }
    assert {m.name for m in types["Scope"].members} == {"Global", "Suite", "Test"}
    assert {m.name for m in types["TaskState"].members} >= {"RUNNING", "WAITING"}
    assert "Any reference to a Pulp task" in types["TaskReference"].doc
    keywords = {k.name: {a.name: str(a.type) for a in k.args} for k in doc.keywords}
    assert keywords["Wait For All Tasks"]["scope"] == "Literal['hub', 'mine']"
    assert keywords["Wait For Task"]["expected"] == "FinalState"
    assert keywords["Set Task Timeout"]["scope"] == "Scope"
    for name in ("Get Task", "Get Task State", "Wait For Task", "Cancel Task", "Get Task UI Link"):
        assert keywords[name]["task"] == "TaskReference", name
    assert keywords["Wait For Tasks"]["tasks"] == "TaskReference"
