"""Reading task references in every shape the hub hands them out.

The hub answers a change with a pulp task href, an import URL, a galaxy
``v3/tasks/`` href, a bare uuid, or a dictionary with ``task``, ``task_id``,
``copy_task_id``/``remove_task_id``... All of them carry the same uuid, which
is all we need: the client always reads tasks from the pulp tasks endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import InvalidArgumentError

_UUID = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
_BARE_UUID = re.compile(rf"^\s*({_UUID})\s*$")
# Paths whose last segment is a task uuid: pulp tasks, galaxy v3 tasks, imports.
_TASK_PATH = re.compile(rf"/(?:tasks|imports/collections)/({_UUID})/?(?:[?#].*)?$")

# Keys that hold a task reference in the hub's 202 replies, in the order of
# importance (the first one is "the" task of the reply).
REPLY_TASK_KEYS = (
    "task",
    "task_id",
    "copy_task_id",
    "remove_task_id",
    "curate_all_synclist_repository_task_id",
)
# Keys of a task dictionary that identify the task itself.
_TASK_ID_KEYS = ("pulp_href", "pulp_id", "href", "id", "uuid")


def _normalize(uuid_text: str) -> str:
    hexdigits = uuid_text.replace("-", "").lower()
    return "-".join(
        (hexdigits[:8], hexdigits[8:12], hexdigits[12:16], hexdigits[16:20], hexdigits[20:])
    )


def task_uuid(reference: Any) -> str:
    """Return the task uuid carried by ``reference``, in canonical dashed form.

    Raises :class:`InvalidArgumentError` with a message that says what shapes
    are understood when nothing usable is found.
    """
    if isinstance(reference, TaskRef):
        return reference.uuid
    if isinstance(reference, Mapping):
        for key in (*_TASK_ID_KEYS, *REPLY_TASK_KEYS):
            value = reference.get(key)
            if value:
                try:
                    return task_uuid(value)
                except InvalidArgumentError:
                    continue
        raise InvalidArgumentError(
            f"No task reference found in dictionary with keys {sorted(reference)}: "
            "give a task href, a uuid or a task dictionary."
        )
    text = str(reference) if reference is not None else ""
    match = _BARE_UUID.match(text) or _TASK_PATH.search(text.strip())
    if not match:
        shown = text if len(text) <= 80 else text[:77] + "..."
        raise InvalidArgumentError(
            f"'{shown}' is not a task reference: give a pulp task href, a galaxy "
            "v3/tasks/ href, an import URL, a bare uuid or a task dictionary."
        )
    return _normalize(match.group(1))


def tasks_in_reply(body: Any) -> list[str]:
    """All task uuids in a hub reply (202 bodies), most important first.

    Unknown shapes give an empty list: the caller decides whether a reply
    without a task is an error.
    """
    if not isinstance(body, Mapping):
        return []
    found: list[str] = []
    for key in REPLY_TASK_KEYS:
        value = body.get(key)
        if not value:
            continue
        try:
            uuid = task_uuid(value)
        except InvalidArgumentError:
            continue
        if uuid not in found:
            found.append(uuid)
    return found


class TaskRef(str):
    """A task reference returned by the keywords.

    It *is* a string (the pulp task href, so it logs and compares like one)
    and also remembers every task the same request started, so that waiting
    on it waits for all of them (an approval starts a copy and a remove task).
    """

    uuids: tuple[str, ...]
    # Task dictionaries read while the reference was made (may save a request).
    known: tuple[dict[str, Any], ...]

    def __new__(cls, href: str, uuids: Iterable[str]) -> TaskRef:
        ref = super().__new__(cls, href)
        ref.uuids = tuple(uuids)
        ref.known = ()
        return ref

    @property
    def uuid(self) -> str:
        return self.uuids[0]


def task_uuids(references: Iterable[Any]) -> list[str]:
    """Uuids of many references; a reply dictionary or a TaskRef may add several."""
    result: list[str] = []
    for reference in references:
        if isinstance(reference, TaskRef):
            uuids = list(reference.uuids)
        elif isinstance(reference, Mapping) and not any(k in reference for k in _TASK_ID_KEYS):
            uuids = tasks_in_reply(reference) or [task_uuid(reference)]
        else:
            uuids = [task_uuid(reference)]
        for uuid in uuids:
            if uuid not in result:
                result.append(uuid)
    return result
