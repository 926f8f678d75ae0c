"""Keywords for namespaces."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robotlibcore import keyword

from ..client.errors import HubError
from ..client.references import TaskRef
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
    def delete_namespace(self, name: str, timeout: timedelta | None = None) -> None:
        """Deletes namespace ``name`` (it must hold no collections).

        | Delete Namespace | ns1 |
        """
        with self.ctx.operation(timeout):
            self.client.namespaces.delete(name)
        self.ctx.forget("namespace", name)
        logger.info(f"Deleted namespace '{name}'.")

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
