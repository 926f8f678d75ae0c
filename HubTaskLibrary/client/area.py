"""Shared plumbing of the resource areas (namespaces, collections, repositories)."""

from __future__ import annotations

import time
from typing import Any

import requests

from .errors import HubError
from .http import HubSession
from .references import TaskRef, task_uuid, tasks_in_reply
from .tasks import TaskService


class Area:
    def __init__(self, session: HubSession, tasks: TaskService):
        self.session = session
        self.tasks = tasks

    def task_ref(self, response: requests.Response, what: str, kind: str) -> TaskRef:
        """The task(s) a 202 reply names, as one :class:`TaskRef`.

        ``kind`` names the operation (``"upload"``, ``"move staging published"``)
        so waits learn how long after its dispatch each kind of operation ends.
        """
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        uuids = tasks_in_reply(body)
        if not uuids:
            raise HubError(
                f"{what}: the hub answered {response.status_code} without a task reference "
                f"({str(body)[:200]}); this hub version is not supported."
            )
        self.tasks.dispatched(uuids, kind)
        return TaskRef(self.tasks.href(uuids[0]), uuids)

    def tasks_of_current_operation(self, kind: str, settle: bool = False) -> TaskRef | None:
        """Tasks dispatched by the requests of the running operation (by correlation id).

        For replies that name no task although the hub started some (creating a
        namespace starts two hidden ones). The tasks as read are kept on the
        reference (``known``), so a wait can start from them. With ``settle``
        (the caller will wait) the list is asked for when operations of this
        ``kind`` were lately over, so that one request often finds them done.
        """
        op = self.session.current_operation
        if op is None:
            return None
        replied = time.time()
        if settle:
            delay = self.tasks.first_look_after(kind, replied)
            left = op.remaining()
            if delay:
                self.tasks.sleep(min(delay, left) if left is not None else delay)
        found = self.tasks.list(limit=None, logging_cid=op.correlation_id)
        uuids = [task_uuid(t) for t in found]
        if not uuids:
            return None
        # Only the tasks our request dispatched date the hub's clock: a child
        # (dispatched by a worker later) would make it look ahead.
        roots = [t for t in found if not t.get("parent_task")]
        self.tasks.dispatched([task_uuid(t) for t in roots], kind, at=replied)
        for task in roots:
            self.tasks.clock.observe(task, task_uuid(task))
        ref = TaskRef(self.tasks.href(uuids[-1]), reversed(uuids))
        ref.known = tuple(found)
        return ref
