"""Scoped settings, the getter helper and Task Should Have Failed's arguments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from assertionengine import AssertionOperator
from conftest import FAST, U1
from conftest import HUB_ENV as ENV

from HubTaskLibrary import HubTaskLibrary
from HubTaskLibrary.client.errors import HubConnectionError, InvalidArgumentError
from HubTaskLibrary.client.polling import PollSchedule
from HubTaskLibrary.keywords.getters import assert_eventually, state_expectation
from HubTaskLibrary.keywords.scoped import ScopedSetting
from HubTaskLibrary.keywords.types import Scope


class Box:
    def __init__(self, value: float) -> None:
        self.value = value

    def setting(self) -> ScopedSetting[float]:
        return ScopedSetting(lambda: self.value, self.put)

    def put(self, value: float) -> None:
        self.value = value


def test_test_and_suite_scopes_end_with_their_test_and_suite():
    box = Box(60)
    timeouts = box.setting()
    assert timeouts.set(30, Scope.Suite, "Top.Child") == 60
    assert timeouts.set(5, Scope.Test) == 30
    timeouts.end_test()
    assert box.value == 30
    timeouts.end_suite("Top.Other")  # not the suite that set it
    assert box.value == 30
    timeouts.end_suite("Top.Child")
    assert box.value == 60


def test_global_holds_after_narrower_scopes_end():
    box = Box(60)
    timeouts = box.setting()
    timeouts.set(5, Scope.Test)
    timeouts.set(90, Scope.Global)
    assert box.value == 90
    timeouts.end_test()
    assert box.value == 90


def test_a_later_suite_change_outlives_an_earlier_test_change():
    box = Box(60)
    timeouts = box.setting()
    timeouts.set(5, Scope.Test)
    timeouts.set(30, Scope.Suite, "S")
    timeouts.end_test()
    assert box.value == 30  # the suite's change holds
    timeouts.end_suite("S")
    assert box.value == 60  # and goes back to what was before both


FAST_READS = PollSchedule(second=0.01, cap=0.02, fine=0.01, max_rate=100, free=100)


def test_assert_eventually_reads_until_it_holds():
    states = iter(["waiting", "running", "completed"])
    value = assert_eventually(
        lambda: next(states),
        AssertionOperator["matches"],
        "^(completed|failed)$",
        what="Task state",
        message=None,
        timeout=5,
        schedule=FAST_READS,
    )
    assert value == "completed"


def test_assert_eventually_timeout_says_why_the_last_read_failed():
    reads = iter(["running"])

    def read() -> str:
        value = next(reads, None)
        if value is None:
            raise HubConnectionError("Cannot reach the hub at http://x: connection refused")
        return value

    with pytest.raises(AssertionError) as info:
        assert_eventually(
            read,
            AssertionOperator["=="],
            "completed",
            what="Task state",
            message=None,
            timeout=0.3,
            schedule=FAST_READS,
        )
    message = str(info.value)
    assert message.startswith("Task state 'running' (str) should be 'completed' (str) (waited")
    assert message.endswith(
        "The last look failed: Cannot reach the hub at http://x: connection refused"
    )


def test_expected_without_operator_is_a_clear_error():
    with pytest.raises(InvalidArgumentError, match="needs an assertion operator"):
        assert_eventually(
            lambda: "x",
            None,
            "completed",
            what="Task state",
            message=None,
            timeout=1,
            schedule=FAST_READS,
        )


@pytest.mark.parametrize(
    ("operator", "expected", "wanted"),
    [
        ("==", "Completed", "completed"),
        ("!=", "Pending", "waiting"),
        ("==", "Canceled", "canceled"),
        ("contains", "plete", "plete"),
        ("ends", "Running", "running"),
        ("matches", "^Pending$", "^Pending$"),
        ("validate", "value == 'x'", "value == 'x'"),
    ],
)
def test_state_expectation(operator, expected, wanted):
    assert state_expectation(AssertionOperator[operator], expected) == wanted


def test_state_expectation_refuses_a_state_that_cannot_be():
    with pytest.raises(InvalidArgumentError, match="Unknown task state 'done'"):
        state_expectation(AssertionOperator["=="], "done")


@pytest.fixture
def lib(hub, monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    library = HubTaskLibrary(
        base_url=hub.url, username="admin", password="pw", timeout=timedelta(seconds=5)
    )
    library.ctx.client.tasks.schedule = FAST
    yield library
    library.ctx.close()


def run(lib, keyword, *args, **kwargs):
    return lib.run_keyword(keyword, list(args), kwargs)


def test_task_should_have_failed_error_contains_and_old_message(hub, lib):
    hub.add_task(U1, "failed", name="import", error={"description": "No manifest found."})
    assert (
        run(lib, "task_should_have_failed", U1, error_contains="No manifest")["state"] == "failed"
    )
    assert run(lib, "task_should_have_failed", U1, message="No manifest")["state"] == "failed"
    with pytest.raises(AssertionError, match="does not contain 'broken'"):
        run(lib, "task_should_have_failed", U1, "broken")
    with pytest.raises(AssertionError, match=r"^My message$"):
        run(lib, "task_should_have_failed", U1, error_contains="broken", message="My message")


def test_task_should_have_failed_message_replaces_the_wait_failure(hub, lib):
    hub.add_task(U1, "completed", name="import")
    with pytest.raises(AssertionError, match=r"^It should have failed$"):
        run(lib, "task_should_have_failed", U1, error_contains="x", message="It should have failed")
