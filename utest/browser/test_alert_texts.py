"""Task-related alert texts of the 4.9 UI are recognized, with the parts they name."""

from __future__ import annotations

import pytest

from HubTaskLibrary.browser.alert_texts import AlertKind, recognize

CASES = [
    (
        'Sync started for repository "community".',
        AlertKind.SYNC_STARTED,
        {"repository": "community"},
    ),
    (
        'Started adding ns1.coll1 v1.0.0 from "staging" to repository "extra".',
        AlertKind.COPY_STARTED,
        {
            "namespace": "ns1",
            "collection": "coll1",
            "version": "1.0.0",
            "source": "staging",
            "repository": "extra",
        },
    ),
    (
        'Started adding ns1.coll1 v1.0.0 to repository "extra".',
        AlertKind.COPY_STARTED,
        {"namespace": "ns1", "collection": "coll1", "version": "1.0.0", "repository": "extra"},
    ),
    (
        'Collection "coll1 v1.0.0" has been successfully deleted.',
        AlertKind.VERSION_DELETED,
        {"collection": "coll1", "version": "1.0.0"},
    ),
    (
        'Collection "coll1" has been successfully deleted.',
        AlertKind.COLLECTION_DELETED,
        {"collection": "coll1"},
    ),
    (
        'Collection "coll1 v2.0.0" could not be deleted.',
        AlertKind.VERSION_NOT_DELETED,
        {"collection": "coll1", "version": "2.0.0"},
    ),
    (
        'Namespace "ns1" has been successfully deleted.',
        AlertKind.NAMESPACE_DELETED,
        {"namespace": "ns1"},
    ),
    (
        'Certification status for collection "ns1 coll1 v1.0.0" has been successfully updated.',
        AlertKind.APPROVAL_UPDATED,
        {"namespace": "ns1", "collection": "coll1", "version": "1.0.0"},
    ),
    (
        'Changes to certification status for collection "ns1 coll1 v1.0.0" could not be saved.',
        AlertKind.APPROVAL_FAILED,
        {"namespace": "ns1", "collection": "coll1", "version": "1.0.0"},
    ),
    ('Task "iamrunning" stopped successfully.', AlertKind.TASK_STOPPED, {"name": "iamrunning"}),
    ('Task "iamrunning" could not be stopped.', AlertKind.TASK_NOT_STOPPED, {"name": "iamrunning"}),
    (
        "Collection ns1.coll1 v1.0.0 could not be copied.",
        AlertKind.COPY_FAILED,
        {"namespace": "ns1", "collection": "coll1", "version": "1.0.0"},
    ),
    (
        "Removal started for repository extra",
        AlertKind.REMOVAL_STARTED,
        {"kind": "repository", "name": "extra"},
    ),
    (
        'Collection "coll1" has been successfully deprecated.',
        AlertKind.COLLECTION_DEPRECATED,
        {"collection": "coll1"},
    ),
    ("Sync task is already queued.", AlertKind.SYNC_ALREADY_QUEUED, {}),
]


@pytest.mark.parametrize(("text", "kind", "fields"), CASES)
def test_alert_texts_are_recognized(text, kind, fields):
    body = " See the task management detail page for the status of this task."
    assert recognize(text + body) == (kind, fields)


def test_other_texts_are_not_task_alerts():
    assert recognize("Namespace successfully edited.") == (None, {})
    assert recognize("Tasks list could not be displayed.") == (None, {})
