"""Whether the worker of a task that is still ``running`` is gone.

A worker killed in the middle of a task (OOM, a node lost) leaves the task
``running``: pulpcore fails it ("Worker has gone missing.") only once
another worker notices, which may be after a wait's timeout. A timeout
message then says that the worker is gone, so nobody raises the timeout.

The hub's own judgement is used: galaxy's ``v3/tasks/<id>/`` view says
``worker.missing`` (its last heartbeat is older than the hub's worker TTL).
On a hub without that view the pulp task's ``worker`` href is read: a worker
record the hub deleted is gone too.
"""

from __future__ import annotations

from typing import Any

from .errors import HubError, HubNotFoundError
from .http import HubSession
from .references import task_uuid
from .states import TaskState

# Tasks looked at per timeout message (one or two requests each).
MAX_CHECKED = 3
_HELD_STATES = frozenset({TaskState.RUNNING.value, TaskState.CANCELING.value})


def error_description(error: Any) -> str:
    """A task error's text: ``description``, or for a task pulpcore cleaned up
    after its worker (gone missing, aborted at shutdown, killed by a signal)
    the ``reason`` it stores instead."""
    if not isinstance(error, dict):
        return str(error or "")
    return str(error.get("description") or error.get("reason") or "").strip()


def worker_gone_note(session: HubSession, task: dict[str, Any]) -> str:
    """``", its worker ... is gone (...)"`` for a running task whose worker
    the hub considers gone; ``""`` otherwise or when the hub cannot tell."""
    if task.get("state") not in _HELD_STATES:
        return ""
    try:
        return _from_galaxy_view(session, task_uuid(task)) or _from_worker_href(session, task)
    except HubError:
        return ""


def _from_galaxy_view(session: HubSession, uuid: str) -> str:
    try:
        task = session.get_json(f"v3/tasks/{uuid}/")
    except HubNotFoundError:
        return ""
    worker = task.get("worker") if isinstance(task, dict) else None
    if not isinstance(worker, dict) or not worker.get("missing"):
        return ""
    beat = worker.get("last_heartbeat")
    since = f", last heartbeat {beat}" if beat else ""
    return f", its worker {worker.get('name') or '?'} is gone (the hub marks it missing{since})"


def _from_worker_href(session: HubSession, task: dict[str, Any]) -> str:
    href = task.get("worker")
    if not isinstance(href, str) or not href:
        return ""
    try:
        session.get_json(href)
    except HubNotFoundError:
        return ", its worker is gone (the hub has no record of it any more)"
    return ""


def worker_notes(session: HubSession, tasks: list[dict[str, Any]]) -> dict[str, str]:
    """Notes for the first :data:`MAX_CHECKED` running tasks, by uuid."""
    held = [t for t in tasks if t.get("state") in _HELD_STATES][:MAX_CHECKED]
    notes = {}
    for task in held:
        note = worker_gone_note(session, task)
        if note:
            notes[task_uuid(task)] = note
    return notes
