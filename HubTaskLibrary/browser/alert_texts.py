"""The task-related alert texts of the hub UI, recognized by kind.

Read from the message catalog of the galaxy_ng 4.9.2 UI bundle (and listed
by the Cypress specs users move from): the alert that says a task started
(with a "detail page" link to it), and the alerts that say how an action the
UI waited for itself ended. Each pattern names the parts of the text it
reads (repository, namespace, collection, version...).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any


class AlertKind(str, Enum):
    """What a task-related alert of the hub UI says."""

    SYNC_STARTED = "sync started"
    COPY_STARTED = "copy started"
    REMOVAL_STARTED = "removal started"
    UPDATE_STARTED = "update started"
    CREATION_STARTED = "creation started"
    REVERT_STARTED = "revert started"
    SIGNING_STARTED = "signing started"
    SYNC_ALREADY_QUEUED = "sync already queued"
    APPROVAL_UPDATED = "approval updated"
    APPROVAL_FAILED = "approval failed"
    VERSION_DELETED = "version deleted"
    VERSION_NOT_DELETED = "version not deleted"
    COLLECTION_DELETED = "collection deleted"
    COLLECTION_NOT_DELETED = "collection not deleted"
    COLLECTION_DEPRECATED = "collection deprecated"
    COLLECTION_UNDEPRECATED = "collection undeprecated"
    COPY_FAILED = "copy failed"
    NAMESPACE_DELETED = "namespace deleted"
    NAMESPACE_NOT_DELETED = "namespace not deleted"
    TASK_STOPPED = "task stopped"
    TASK_NOT_STOPPED = "task not stopped"

    def __str__(self) -> str:
        return self.value


_Q = r'"(?P<{}>[^"]+)"'
_COLLECTION = r"(?P<namespace>[^\s.\"]+)\.(?P<collection>[^\s\"]+) v(?P<version>[^\s\"]+)"
# Most specific first: "Collection "x v1" ..." before "Collection "x" ...".
_PATTERNS: list[tuple[AlertKind, re.Pattern[str]]] = [
    (k, re.compile(p))
    for k, p in [
        (
            AlertKind.SYNC_STARTED,
            r"Sync started for (?:repository|execution environment|remote registry) "
            + _Q.format("repository"),
        ),
        (
            AlertKind.COPY_STARTED,
            rf"Started adding {_COLLECTION}(?: from {_Q.format('source')})? to repository "
            + _Q.format("repository"),
        ),
        (
            AlertKind.REMOVAL_STARTED,
            rf"Removal of {_COLLECTION} from repository {_Q.format('repository')} started",
        ),
        (
            AlertKind.REMOVAL_STARTED,
            r"Removal started for (?P<kind>repository|remote|distribution) (?P<name>\S+)",
        ),
        (
            AlertKind.UPDATE_STARTED,
            r"Update started for (?P<kind>repository|remote) (?P<name>\S+)",
        ),
        (AlertKind.CREATION_STARTED, r"Creation started for distribution (?P<name>\S+)"),
        (AlertKind.REVERT_STARTED, r"Revert started for repository " + _Q.format("repository")),
        (AlertKind.SIGNING_STARTED, r"Signing started for (?P<what>[^\"]+) \"(?P<name>[^\"]+)\""),
        (AlertKind.SYNC_ALREADY_QUEUED, r"Sync task is already queued"),
        (
            AlertKind.APPROVAL_UPDATED,
            r"Certification status for collection \"(?P<namespace>\S+) (?P<collection>\S+) "
            r"v(?P<version>[^\"\s]+)\" has been successfully updated",
        ),
        (
            AlertKind.APPROVAL_FAILED,
            r"Changes to certification status for collection \"(?P<namespace>\S+) "
            r"(?P<collection>\S+) v(?P<version>[^\"\s]+)\" could not be saved",
        ),
        (
            AlertKind.VERSION_DELETED,
            r"Collection \"(?P<collection>[^\"]+) v(?P<version>[^\"\s]+)\" has been "
            r"successfully deleted",
        ),
        (
            AlertKind.VERSION_NOT_DELETED,
            r"Collection \"(?P<collection>[^\"]+) v(?P<version>[^\"\s]+)\" could not be deleted",
        ),
        (
            AlertKind.COLLECTION_DELETED,
            r"Collection " + _Q.format("collection") + r" has been successfully deleted",
        ),
        (
            AlertKind.COLLECTION_NOT_DELETED,
            r"Collection " + _Q.format("collection") + r" could not be deleted",
        ),
        (
            AlertKind.COLLECTION_DEPRECATED,
            r"(?:The c|C)ollection " + _Q.format("collection") + r" has been successfully "
            r"deprecated",
        ),
        (
            AlertKind.COLLECTION_UNDEPRECATED,
            r"(?:The c|C)ollection " + _Q.format("collection") + r" has been successfully "
            r"undeprecated",
        ),
        (AlertKind.COPY_FAILED, rf"Collection {_COLLECTION} could not be copied"),
        (
            AlertKind.NAMESPACE_DELETED,
            r"Namespace " + _Q.format("namespace") + r" has been successfully deleted",
        ),
        (
            AlertKind.NAMESPACE_NOT_DELETED,
            r"Namespace " + _Q.format("namespace") + r" could not be deleted",
        ),
        (AlertKind.TASK_STOPPED, r"Task " + _Q.format("name") + r" stopped successfully"),
        (AlertKind.TASK_STOPPED, r"Successfully stopped task"),
        (AlertKind.TASK_NOT_STOPPED, r"Task " + _Q.format("name") + r" could not be stopped"),
    ]
]


def recognize(text: str) -> tuple[AlertKind | None, dict[str, Any]]:
    """The kind of a task-related alert text and the parts it names, or (None, {})."""
    for kind, pattern in _PATTERNS:
        found = pattern.search(text)
        if found:
            return kind, {k: v for k, v in found.groupdict().items() if v is not None}
    return None, {}
