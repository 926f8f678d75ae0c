"""Task states: final or not, UI labels, parsing."""

from __future__ import annotations

import pytest

from HubTaskLibrary.client.errors import InvalidArgumentError
from HubTaskLibrary.client.states import (
    FINAL_STATES,
    UNFINISHED_STATES,
    TaskState,
    parse_state,
    state_of,
)


@pytest.mark.parametrize("name", ["completed", "failed", "canceled", "skipped"])
def test_final_states(name):
    assert TaskState(name).is_final
    assert TaskState(name) in FINAL_STATES


@pytest.mark.parametrize("name", ["waiting", "running", "canceling"])
def test_unfinished_states(name):
    assert not TaskState(name).is_final
    assert TaskState(name) in UNFINISHED_STATES


def test_canceling_is_not_final():
    assert not TaskState.CANCELING.is_final
    assert TaskState.CANCELING not in FINAL_STATES


def test_states_partition():
    assert set(TaskState) == FINAL_STATES | UNFINISHED_STATES
    assert not FINAL_STATES & UNFINISHED_STATES


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("waiting", "Pending"),
        ("running", "Running"),
        ("canceling", "---"),
        ("completed", "Completed"),
        ("failed", "Failed"),
        ("canceled", "Canceled"),
        ("skipped", "Canceled"),
    ],
)
def test_ui_labels(name, label):
    assert TaskState(name).ui_label == label


def test_str_is_api_name():
    assert str(TaskState.RUNNING) == "running"
    assert f"{TaskState.CANCELING}" == "canceling"


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("waiting", TaskState.WAITING),
        ("WAITING", TaskState.WAITING),
        (" Running ", TaskState.RUNNING),
        ("canceling", TaskState.CANCELING),
        ("Completed", TaskState.COMPLETED),
        ("failed", TaskState.FAILED),
        ("skipped", TaskState.SKIPPED),
        ("Pending", TaskState.WAITING),
        ("pending", TaskState.WAITING),
        ("PENDING", TaskState.WAITING),
        ("Canceled", TaskState.CANCELED),
        ("canceled", TaskState.CANCELED),
        (TaskState.FAILED, TaskState.FAILED),
    ],
)
def test_parse_state(text, state):
    assert parse_state(text) is state


@pytest.mark.parametrize("text", ["", "done", "cancelled", "---", "finished", "run"])
def test_parse_state_rejects_unknown(text):
    with pytest.raises(InvalidArgumentError) as info:
        parse_state(text)
    message = str(info.value)
    assert "\n" not in message
    assert f"'{text}'" in message
    for name in ("waiting", "running", "canceling", "completed", "failed", "canceled", "skipped"):
        assert name in message


def test_state_of_task_dict():
    assert state_of({"state": "canceling"}) is TaskState.CANCELING
    with pytest.raises(ValueError):
        state_of({})
