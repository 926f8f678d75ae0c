"""Hub-wide cleanup keywords: delete test data by glob, whoever created it."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robotlibcore import keyword

from ..client import cleanup
from .base import KeywordGroup
from .users import as_default_user, protected_users


class HubCleanupKeywords(KeywordGroup):
    """Each keyword takes a mandatory glob (``e2e_*``, ``test?``, ``[ab]_*``),
    treats no match as nothing to do, waits for every task it starts and
    logs one summary line. What the hub needs is never deleted: the admin
    user, the user the library logs in or acts as, and the repositories and
    remotes galaxy_ng makes by itself (a glob skips them and says so; naming
    one fails). They act as the user of the import settings even after
    `Switch User`."""

    @keyword(tags=["cleanup", "collection"])
    def delete_collections(
        self,
        namespace: str = "*",
        repository: str | None = None,
        timeout: timedelta | None = None,
    ) -> list[str]:
        """Deletes every collection whose namespace matches the glob ``namespace``,
        dependants before what they depend on; returns their ``namespace.name``.

        Whole collections go (every version, from every repository: that
        is how the hub deletes). With ``repository``, only collections in
        that repository are chosen. When a collection left alone depends on
        one to delete, the keyword fails before deleting anything.

        | Delete Collections | namespace=e2e_* |
        | Delete Collections | namespace=* | repository=e2e_repo |
        """
        ctx = self.ctx
        with ctx.operation(timeout), as_default_user(ctx):
            c = self.client
            summary = cleanup.delete_collections(
                c.session, c.collections, c.tasks, namespace, repository, ctx.remaining(timeout)
            )
        self._forget_collections(summary.deleted)
        logger.info(summary.line())
        return summary.deleted

    @keyword(tags=["cleanup", "namespace"])
    def delete_namespaces(
        self, pattern: str, cascade: bool = True, timeout: timedelta | None = None
    ) -> list[str]:
        """Deletes every namespace matching the glob ``pattern``; returns their names.

        With ``cascade`` (default) their collections go first, in dependency
        order; without it a namespace holding collections fails the keyword
        before anything is deleted.

        | Delete Namespaces | e2e_* |
        | Delete Namespaces | e2e_empty_* | cascade=False |
        """
        ctx = self.ctx
        with ctx.operation(timeout), as_default_user(ctx):
            c = self.client
            summary = cleanup.delete_namespaces(
                c.session,
                c.namespaces,
                c.collections,
                c.tasks,
                pattern,
                cascade,
                ctx.remaining(timeout),
            )
        for other in summary.also:
            self._forget_collections(other.deleted)
        for name in summary.deleted:
            ctx.forget("namespace", name)
        logger.info(summary.line())
        return summary.deleted

    @keyword(tags=["cleanup", "user"])
    def delete_users(self, pattern: str, timeout: timedelta | None = None) -> list[str]:
        """Deletes every user matching the glob ``pattern``; returns their usernames.

        Never the admin user nor the user the library logs in or acts as:
        a glob skips them (the log says so), naming one fails.

        | Delete Users | e2e_* |
        """
        ctx = self.ctx
        with ctx.operation(timeout), as_default_user(ctx):
            summary = cleanup.delete_users(self.client.users, pattern, protected_users(ctx))
        for name in summary.deleted:
            ctx.forget("user", name)
            ctx.user_passwords.pop(name, None)
        logger.info(summary.line())
        return summary.deleted

    @keyword(tags=["cleanup", "group"])
    def delete_groups(self, pattern: str, timeout: timedelta | None = None) -> list[str]:
        """Deletes every group matching the glob ``pattern``; returns their names.

        | Delete Groups | e2e_* |
        """
        ctx = self.ctx
        with ctx.operation(timeout), as_default_user(ctx):
            summary = cleanup.delete_groups(self.client.users, pattern)
        for name in summary.deleted:
            ctx.forget("group", name)
        logger.info(summary.line())
        return summary.deleted

    @keyword(tags=["cleanup", "repository"])
    def delete_repositories(self, pattern: str, timeout: timedelta | None = None) -> list[str]:
        """Deletes every repository matching the glob ``pattern`` with the distributions
        that serve it; returns the repository names.

        The hub's own repositories (published, staging, rejected, community,
        rh-certified, validated) are never deleted.

        | Delete Repositories | e2e_* |
        """
        ctx = self.ctx
        with ctx.operation(timeout), as_default_user(ctx):
            c = self.client
            summary = cleanup.delete_repositories(
                c.session, c.repositories, c.tasks, pattern, ctx.remaining(timeout)
            )
        for other in summary.also:
            for name in other.deleted:
                ctx.forget("distribution", name)
        for name in summary.deleted:
            ctx.forget("repository", name)
        logger.info(summary.line())
        return summary.deleted

    @keyword(tags=["cleanup", "repository"])
    def delete_remotes(self, pattern: str, timeout: timedelta | None = None) -> list[str]:
        """Deletes every collection remote matching the glob ``pattern``; returns their names.

        The hub's own remotes (community, rh-certified) are never deleted.

        | Delete Remotes | e2e_* |
        """
        ctx = self.ctx
        with ctx.operation(timeout), as_default_user(ctx):
            c = self.client
            summary = cleanup.delete_remotes(
                c.session, c.repositories, c.tasks, pattern, ctx.remaining(timeout)
            )
        for name in summary.deleted:
            ctx.forget("remote", name)
        logger.info(summary.line())
        return summary.deleted

    def _forget_collections(self, fqcns: list[str]) -> None:
        for fqcn in fqcns:
            namespace, _, name = fqcn.partition(".")
            self.ctx.forget("collection", namespace, name)
