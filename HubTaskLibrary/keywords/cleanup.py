"""Deleting what this library instance created, in dependency order."""

from __future__ import annotations

import time
from datetime import timedelta

from robot.api import logger
from robotlibcore import keyword

from ..client.cleanup import ACCESS_KINDS, delete_access
from ..client.errors import HubError, HubNotFoundError
from .base import KeywordGroup
from .containers import delete_created_container
from .context import Created
from .users import as_default_user

# Collections go before the namespaces that hold them; distributions before
# the repositories they serve; repositories before the remotes they sync from;
# execution environments before the registries they sync from.
# Users and groups go after what they may own; roles last (deleting a group
# drops the roles it held).
DELETION_ORDER = (
    "collection",
    "container",
    "distribution",
    "repository",
    "remote",
    "registry",
    "namespace",
    "user",
    "group",
    "role",
)
# Where a collection version may sit; the delete endpoint needs one of them
# and then removes the version from every repository.
_COLLECTION_REPOSITORIES = ("staging", "published", "rejected", "community")


class CleanupKeywords(KeywordGroup):
    @keyword(tags=["cleanup"])
    def get_created_resources(self) -> list[str]:
        """Returns what this library instance created and has not deleted, oldest first.

        Entries look like ``namespace ns1``, ``collection ns1.tools 1.0.0``,
        ``repository myrepo``.

        | ${left} = | Get Created Resources |
        | Should Be Empty | ${left} |
        """
        return [_label(item) for item in self.ctx.created]

    @keyword(tags=["cleanup"])
    def delete_created_resources(self, timeout: timedelta | None = None) -> list[str]:
        """Deletes everything this library instance created, waiting for each deletion task.

        Order: collection versions (newest first, so dependents go before
        what they depend on), execution environments, distributions,
        repositories, remotes, registries, then namespaces. Things already
        gone (deleted by a test, or an upload whose import failed) are skipped. Every deletion is tried; the
        keyword then fails once, naming each one that failed. ``timeout``
        applies to each deletion. Returns what was deleted.

        | [Teardown] | Delete Created Resources |
        """
        deleted: list[str] = []
        problems: list[str] = []
        for kind in DELETION_ORDER:
            for item in reversed([c for c in self.ctx.created if c.kind == kind]):
                label = _label(item)
                try:
                    done = self._delete(item, timeout)
                except HubError as err:
                    problems.append(f"{label}: {err}")
                    continue
                self.ctx.created = [c for c in self.ctx.created if c is not item]
                if done:
                    deleted.append(label)
        logger.info(
            f"Deleted {len(deleted)} created resource(s)"
            + (f": {', '.join(deleted)}." if deleted else ".")
        )
        if problems:
            raise HubError(
                f"Could not delete {len(problems)} created resource(s): " + " | ".join(problems)
            )
        return deleted

    def _delete(self, item: Created, timeout: timedelta | None) -> bool:
        """Delete one thing; False when it was already gone."""
        client = self.client
        with self.ctx.operation(timeout), as_default_user(self.ctx):
            if item.kind in ACCESS_KINDS:
                return delete_access(client, item.kind, item.names[0])
            if item.kind == "collection":
                namespace, name, *rest = item.names
                version = rest[0] if rest else None
                repositories = [*_COLLECTION_REPOSITORIES] + [
                    c.names[0] for c in self.ctx.created if c.kind == "repository"
                ]
                # Three passes: while other processes change the same repository
                # (parallel suites deleting from staging), the hub's index can
                # miss a version for a moment, or answer 404 to its delete; so
                # "gone" needs a second look, and a refused delete another try.
                for attempt in range(3):
                    for repository in repositories:
                        if not client.collections.exists(namespace, name, version, repository):
                            continue
                        try:
                            ref = client.collections.delete(namespace, name, version, repository)
                        except HubNotFoundError:
                            continue
                        self.ctx.wait_for(ref, timeout, what=f"deletion of {_label(item)}")
                        return True
                    if attempt == 2:
                        return False
                    time.sleep(0.5 * (attempt + 1))
                return False
            if item.kind in ("container", "registry"):
                return delete_created_container(self.ctx, item, timeout)
            if item.kind == "namespace":
                try:
                    client.namespaces.delete(item.names[0])
                except HubNotFoundError:
                    return False
                return True
            if not client.repositories.exists(item.kind, item.names[0]):
                return False
            ref = client.repositories.delete(item.kind, item.names[0])
            self.ctx.wait_for(ref, timeout, what=f"deletion of {_label(item)}")
            return True


def _label(item: Created) -> str:
    if item.kind == "collection":
        namespace, name, *rest = item.names
        return f"collection {namespace}.{name}" + (f" {rest[0]}" if rest else "")
    return f"{item.kind} {' '.join(item.names)}"
