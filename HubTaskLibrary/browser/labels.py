"""Task states as the hub UI shows them, and comparing them with expectations."""

from __future__ import annotations

from ..client.states import UI_LABELS, TaskState, parse_state

# Labels that only final states show: once shown, they never change.
FINAL_LABELS = frozenset(UI_LABELS[s] for s in TaskState if s.is_final)
# What an unfinished state without a label ("canceling") shows.
NO_LABEL = UI_LABELS[TaskState.CANCELING]


def expected_label(expected: str | TaskState) -> str:
    """The UI label for an API state name or a UI label ("running" and "Running": "Running")."""
    if isinstance(expected, str) and expected.strip() == NO_LABEL:
        return NO_LABEL
    return parse_state(expected).ui_label


def normalize_label(shown: str | None) -> str | None:
    """What a page shows, reduced to the label text (whitespace and icons gone)."""
    if shown is None:
        return None
    text = " ".join(str(shown).split())
    return text or None


def label_matches(shown: str | None, expected: str | TaskState) -> bool:
    return normalize_label(shown) == expected_label(expected)


def is_final_label(shown: str | None) -> bool:
    return normalize_label(shown) in FINAL_LABELS


def states_showing(label: str) -> list[str]:
    """API states that a UI label stands for ("Canceled": canceled and skipped)."""
    text = normalize_label(label)
    return [s.value for s in TaskState if UI_LABELS[s] == text]
