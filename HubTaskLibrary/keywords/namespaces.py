"""Keywords for namespaces."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robotlibcore import keyword

from ..client.cascade import plan_namespace_cascade
from ..client.dependencies import DependencyCycleError
from ..client.errors import HubError, HubNotFoundError
from ..client.references import TaskRef, task_uuid
from .base import KeywordGroup


class NamespaceKeywords(KeywordGroup):
    @keyword(tags=["namespace"])
    def create_namespace(
        self, name: str, wait: bool | None = None, timeout: timedelta | None = None
    ) -> TaskRef | None:
        """Creates namespace ``name`` and, by default, waits for the tasks it starts.

        The hub answers 201 at once but starts hidden tasks (the Pulp
        namespace and its metadata in every repository); uploading before they
        end is the classic flaky step. They are found by this request's
        correlation id and waited for when ``wait`` is true (default: the
        ``auto_wait`` import setting). Returns those tasks as one reference
        (``None`` if the hub started none).

        Fails with the hub's message if the name is invalid or taken.

        | Create Namespace | ns1 |
        | ${tasks} = | Create Namespace | ns2 | wait=False |
        | Wait For Task | ${tasks} |
        """
        with self.ctx.operation(timeout):
            waiting = self.ctx.should_wait(wait)
            ref = self.client.namespaces.create(name, settle=waiting)
            self.ctx.remember("namespace", name)
            logger.info(f"Created namespace '{name}'.")
            if ref is not None and waiting:
                self.ctx.wait_for(ref, timeout, what=f"namespace '{name}'")
        return ref

    @keyword(tags=["namespace"])
    def delete_namespace(
        self,
        name: str,
        cascade: bool = False,
        wait: bool = True,
        timeout: timedelta | None = None,
    ) -> TaskRef | None:
        """Deletes namespace ``name``; with ``cascade=True`` its collections first.

        Without ``cascade`` the namespace must hold no collections. With
        ``cascade=True`` every collection of the namespace is deleted first,
        dependants before what they depend on, each deletion waited for (the
        hub checks dependencies when a deletion is asked for). If a
        collection of another namespace depends on one of them, nothing is
        deleted and the keyword says which; if a deletion fails midway, it
        says what it deleted and what is left. ``wait`` waits for the tasks
        the namespace deletion itself starts (returned, ``None`` if none);
        ``timeout`` covers the whole keyword.

        | Delete Namespace | ns1 |
        | Delete Namespace | ns2 | cascade=True |
        """
        with self.ctx.operation(timeout):
            waited = self._delete_collections_of(name, timeout) if cascade else set()
            self.client.namespaces.delete(name)
            self.ctx.forget("namespace", name)
            found = self.client.namespaces.tasks_of_current_operation(
                "delete namespace", settle=wait
            )
            # One request id for the whole keyword: leave the collection deletions out.
            ref = self._without(found, waited)
            logger.info(f"Deleted namespace '{name}'.")
            if ref is not None and wait:
                self.ctx.wait_for(ref, timeout, what=f"deletion of namespace '{name}'")
        return ref

    def _delete_collections_of(self, namespace: str, timeout: timedelta | None) -> set[str]:
        """Delete every collection of ``namespace``; returns the tasks waited for."""
        self.client.namespaces.get(namespace)  # "does not exist" before anything else
        try:
            plan = plan_namespace_cascade(self.client.search, namespace)
        except DependencyCycleError as err:
            raise HubError(
                f"Cannot delete namespace '{namespace}' with its collections: {err}; "
                "the hub refuses to delete any of them. Nothing was deleted."
            ) from None
        if plan.blockers:
            raise HubError(plan.blocked_message())
        deleted: list[str] = []
        waited: set[str] = set()
        for fqcn in plan.order:
            try:
                waited.update(self._delete_collection(fqcn, plan.repositories[fqcn], timeout))
            except HubError as err:
                left = [f for f in plan.order if f not in deleted]
                raise HubError(
                    f"Delete Namespace '{namespace}' cascade stopped at {fqcn}: {err} "
                    f"Deleted: {', '.join(deleted) or 'nothing'}. Left: {', '.join(left)} "
                    f"and the namespace."
                ) from None
            deleted.append(fqcn)
            self.ctx.forget("collection", *fqcn.split("."))
        if deleted:
            logger.info(f"Deleted the collections of '{namespace}': {', '.join(deleted)}.")
        return waited

    def _without(self, ref: TaskRef | None, uuids: set[str]) -> TaskRef | None:
        """``ref`` less the tasks in ``uuids`` (None when nothing is left)."""
        left = [u for u in ref.uuids if u not in uuids] if ref is not None else []
        if ref is None or len(left) == len(ref.uuids):
            return ref
        return TaskRef(self.client.tasks.href(left[0]), left) if left else None

    def _delete_collection(
        self, fqcn: str, repositories: list[str], timeout: timedelta | None
    ) -> tuple[str, ...]:
        namespace, collection = fqcn.split(".", 1)
        last: HubError | None = None
        for repository in repositories:
            try:
                ref = self.client.collections.delete(namespace, collection, None, repository)
            except HubNotFoundError as err:
                last = err  # not through that repository: try the next one
                continue
            report = self.ctx.wait_for(ref, timeout, what=f"deletion of {fqcn}")
            return (*ref.uuids, *(task_uuid(t) for t in report.tasks))
        raise last or HubError(f"Collection {fqcn} is in no repository.")

    @keyword(tags=["namespace", "assertion"])
    def namespace_should_exist(self, name: str, message: str | None = None) -> None:
        """Fails unless namespace ``name`` exists on the hub.

        | Namespace Should Exist | ns1 |
        """
        with self.ctx.operation():
            if not self.client.namespaces.exists(name):
                raise HubError(message or f"Namespace '{name}' does not exist.")

    @keyword(tags=["namespace", "assertion"])
    def namespace_should_not_exist(self, name: str, message: str | None = None) -> None:
        """Fails if namespace ``name`` exists on the hub.

        | Namespace Should Not Exist | ns1 |
        """
        with self.ctx.operation():
            if self.client.namespaces.exists(name):
                raise HubError(message or f"Namespace '{name}' exists.")
