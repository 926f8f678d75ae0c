"""API states and UI labels."""

from __future__ import annotations

import pytest

from HubTaskLibrary.browser.labels import (
    FINAL_LABELS,
    expected_label,
    is_final_label,
    label_matches,
    normalize_label,
    states_showing,
)
from HubTaskLibrary.client.errors import InvalidArgumentError
from HubTaskLibrary.client.states import TaskState


@pytest.mark.parametrize(
    ("expected", "label"),
    [
        ("waiting", "Pending"),
        ("running", "Running"),
        ("canceling", "---"),
        ("completed", "Completed"),
        ("failed", "Failed"),
        ("canceled", "Canceled"),
        ("skipped", "Canceled"),
        ("Pending", "Pending"),
        ("RUNNING", "Running"),
        (" Canceled ", "Canceled"),
        ("---", "---"),
        (TaskState.FAILED, "Failed"),
    ],
)
def test_expected_label(expected, label):
    assert expected_label(expected) == label


def test_unknown_expectation_is_refused_with_the_known_states():
    with pytest.raises(InvalidArgumentError, match=r"Unknown task state 'finished'.*running"):
        expected_label("finished")


def test_shown_text_is_normalized_before_comparing():
    assert normalize_label("  Running\n") == "Running"
    assert normalize_label("") is None
    assert normalize_label(None) is None
    assert label_matches(" Canceled", "skipped")
    assert not label_matches("Running", "completed")


def test_final_labels():
    assert {"Completed", "Failed", "Canceled"} == FINAL_LABELS
    assert is_final_label("Failed")
    assert not is_final_label("Running")
    assert not is_final_label("---")
    assert not is_final_label("Pending")


def test_states_showing_a_label():
    assert states_showing("Canceled") == ["canceled", "skipped"]
    assert states_showing("Pending") == ["waiting"]
    assert states_showing("---") == ["canceling"]
