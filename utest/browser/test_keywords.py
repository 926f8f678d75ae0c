"""UI keywords against a fake Browser instance: waiting, reloading, failure messages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from HubTaskLibrary.browser import TaskPageKeywords, UIState, page
from HubTaskLibrary.browser.errors import UIError
from HubTaskLibrary.keywords.context import LibraryContext, Settings

from .fragments import UUID


class FakeBrowser:
    """Answers the page snapshots with scripted list rows; counts reloads and screenshots."""

    def __init__(self, statuses: list[str]):
        self.statuses = statuses
        self.reloads = 0
        self.screenshots: list[str] = []

    def evaluate_javascript(self, selector, script, arg=None):
        if script == page._TASK_JS.strip():
            status = self.statuses[min(self.reloads, len(self.statuses) - 1)]
            return {
                "path": "/ui/tasks/",
                "rows": [{"task": UUID, "name": "iamrunning", "status": status}],
                "has_table": True,
            }
        if script == page._ALERTS_JS.strip():
            return []
        raise AssertionError(f"unexpected script {script[:40]}")

    def reload(self, timeout=None):
        self.reloads += 1

    def take_screenshot(self, filename=None):
        self.screenshots.append(filename)
        return f"/out/{filename}.png"


def keywords(fake: FakeBrowser) -> TaskPageKeywords:
    settings = Settings.from_arguments(
        "http://hub.invalid", "u", "p", None, "/api/galaxy/", timedelta(seconds=5), True, True, None
    )
    ui = UIState()
    ui.browser = fake
    kw = TaskPageKeywords(LibraryContext(settings), ui)
    return kw


def test_list_page_is_reloaded_until_the_status_shows():
    fake = FakeBrowser(["Running", "Running", "Canceled"])
    label = keywords(fake).wait_until_task_status_in_ui_is(
        UUID, "canceled", timeout=timedelta(seconds=10)
    )
    assert label == "Canceled"
    assert fake.reloads == 2
    assert fake.screenshots == []


def test_timeout_is_one_line_says_how_long_and_takes_one_screenshot():
    fake = FakeBrowser(["Running"])
    with pytest.raises(UIError) as err:
        keywords(fake).wait_until_task_status_in_ui_is(
            UUID, "completed", timeout=timedelta(seconds=0.6)
        )
    message = str(err.value)
    assert "\n" not in message
    assert "still showed 'Running'" in message
    assert "timeout 0.6 s" in message
    assert "expected 'Completed'" in message
    assert fake.screenshots == ["hubtask-failure-{index}"]


def test_another_final_state_fails_at_once():
    fake = FakeBrowser(["Failed"])
    with pytest.raises(
        UIError, match="shows 'Failed' on its list page, a final state, not 'Completed'"
    ):
        keywords(fake).wait_until_task_status_in_ui_is(
            UUID, "completed", timeout=timedelta(seconds=30)
        )
    assert fake.reloads == 0


def test_status_check_reads_the_current_page_without_waiting():
    fake = FakeBrowser(["Pending"])
    kw = keywords(fake)
    kw.task_status_in_ui_should_be(UUID, "waiting")
    with pytest.raises(UIError, match="shows 'Pending' on its list page, expected 'Running'"):
        kw.task_status_in_ui_should_be(UUID, "running")
    assert kw.get_tasks_in_ui() == [{"task": UUID, "name": "iamrunning", "status": "Pending"}]


@pytest.mark.parametrize(
    ("operator", "expected", "label", "reloads"),
    [
        ("matches", "^(Completed|Failed)$", "Completed", 2),
        ("contains", "plete", "Completed", 2),
        ("!=", "Pending", "Running", 1),
        ("!=", "waiting", "Running", 1),  # an API state for its label
        ("==", "completed", "Completed", 2),
        ("should end with", "ted", "Completed", 2),
    ],
)
def test_status_getter_waits_until_its_assertion_holds(operator, expected, label, reloads):
    # Issue 10: Get Task Status In UI is a getter like Browser's, polling the page.
    # (``validate`` needs Robot's running context: test_getters_in_robot.py.)
    from assertionengine import AssertionOperator

    fake = FakeBrowser(["Pending", "Running", "Completed"])
    shown = keywords(fake).get_task_status_in_ui(
        UUID, AssertionOperator[operator], expected, timeout=timedelta(seconds=30)
    )
    assert shown == label
    assert fake.reloads == reloads


def test_status_getter_without_operator_reads_at_once():
    fake = FakeBrowser(["Running", "Completed"])
    assert keywords(fake).get_task_status_in_ui(UUID) == "Running"
    assert fake.reloads == 0


def test_status_getter_that_never_holds_fails_with_the_assertion_and_message():
    from assertionengine import AssertionOperator

    fake = FakeBrowser(["Running"])
    kw = keywords(fake)
    with pytest.raises(AssertionError) as err:
        kw.get_task_status_in_ui(
            UUID, AssertionOperator["matches"], "^Failed$", timeout=timedelta(seconds=0.6)
        )
    message = str(err.value)
    assert "\n" not in message
    assert "'Running'" in message and "^Failed$" in message and "timeout 0.6 s" in message
    with pytest.raises(AssertionError, match=r"^Not yet: 'Running'"):
        kw.get_task_status_in_ui(
            UUID,
            AssertionOperator["=="],
            "Completed",
            message="Not yet: {value}",
            timeout=timedelta(seconds=0.6),
        )


class FlakyPage(FakeBrowser):
    """Reads the page twice, then every read fails as if the page were reloading."""

    def __init__(self, statuses: list[str]):
        super().__init__(statuses)
        self.reads = 0

    def evaluate_javascript(self, selector, script, arg=None):
        self.reads += 1
        if self.reads > 2:
            raise RuntimeError("Execution context was destroyed, most likely a navigation")
        return super().evaluate_javascript(selector, script, arg)


def test_a_page_wait_whose_last_reads_fail_still_times_out_and_says_why():
    from HubTaskLibrary.browser.clock import Clock

    fake = FlakyPage(["Running"])
    with pytest.raises(UIError) as err:
        keywords(fake)._until(lambda snap: False, Clock(0.5), "the task page")
    message = str(err.value)
    # (how long is measured, hence any figure: the wait ran to its deadline)
    assert re.match(
        r"Timed out after \d+\.\d s waiting for the task page \(page /ui/tasks/\)\.", message
    )
    assert message.endswith(
        "The last look failed: Execution context was destroyed, most likely a navigation"
    )
    assert fake.reads > 3  # failed reads did not end the wait


def test_a_page_wait_ends_at_once_on_the_librarys_own_error():
    from HubTaskLibrary.browser.clock import Clock

    fake = FakeBrowser(["Running"])

    def done(snap):
        raise UIError("the hub UI asks for a login")

    with pytest.raises(UIError, match="asks for a login"):
        keywords(fake)._until(done, Clock(30), "the task page")
