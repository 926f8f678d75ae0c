"""Keywords for execution environments: registries, remote containers, syncs, pushes."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from robot.api import logger
from robotlibcore import keyword

from ..client.errors import HubError, HubNotFoundError, InvalidArgumentError, TaskFailedError
from ..client.polling import PollOutcome, PollSchedule, PollTimeout, poll_until
from ..client.references import TaskRef
from .base import KeywordGroup
from .context import Created, LibraryContext

# Tags show right after a completed sync or push; a short grace covers a
# hub whose lists lag a moment behind (looks: at once, then every ~0.5 s).
TAG_SCHEDULE = PollSchedule(second=0.25, fine=0.25, factor=1.5, cap=1.0, max_rate=2.0, free=2)


def _tags(value: Sequence[str] | str | None) -> list[str]:
    """``include_tags`` from Robot: a list, or one comma separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    return [str(t) for t in value]


class ContainerKeywords(KeywordGroup):
    """Execution environments (pulp_container behind galaxy_ng)."""

    # -- registries ---------------------------------------------------------------------
    @keyword(tags=["container", "registry"])
    def create_registry(
        self,
        name: str,
        url: str,
        username: str | None = None,
        password: str | None = None,
        tls_validation: bool = True,
        timeout: timedelta | None = None,
    ) -> dict[str, Any]:
        """Creates the remote registry ``name`` at ``url``; returns it as the hub describes it.

        Remote containers sync from a registry (`Create Remote Container`).
        ``username``/``password`` log in to the registry; the hub never shows
        the password again. Fails in one line, before anything is created,
        when the name is taken or the URL is not http(s).

        | Create Registry | loopback | http://127.0.0.1:25000 |
        | Create Registry | quay | https://quay.io | tls_validation=False |
        """
        extra: dict[str, Any] = {"tls_validation": bool(tls_validation)}
        if username is not None:
            extra["username"] = username
        if password is not None:
            extra["password"] = password
        with self.ctx.operation(timeout):
            registry = self.client.containers.create_registry(name, url, **extra)
        self.ctx.remember("registry", name)
        logger.info(f"Created registry '{name}' at {url}.")
        return registry

    @keyword(tags=["container", "registry"])
    def delete_registry(self, name: str, timeout: timedelta | None = None) -> None:
        """Deletes the remote registry ``name`` (its containers stay, without a registry).

        galaxy_ng 4.9 deletes a registry at once (no task); should a hub
        answer with a task, the keyword waits for it.

        | Delete Registry | loopback |
        """
        with self.ctx.operation(timeout):
            ref = self.client.containers.delete_registry(name)
            if ref is not None:
                self.ctx.wait_for(ref, timeout, what=f"deletion of registry '{name}'")
        self.ctx.forget("registry", name)
        logger.info(f"Deleted registry '{name}'.")

    @keyword(tags=["container", "registry"])
    def get_registries(self, pattern: str = "*", timeout: timedelta | None = None) -> list[str]:
        """Returns the names of the hub's remote registries matching the glob ``pattern``.

        | ${names} = | Get Registries | test_* |
        """
        with self.ctx.operation(timeout):
            return self.client.containers.list_registries(pattern)

    @keyword(tags=["container", "registry", "cleanup"])
    def delete_registries(self, pattern: str, timeout: timedelta | None = None) -> list[str]:
        """Deletes every remote registry on the hub whose name matches the glob ``pattern``.

        Hub-wide, like the UI suites' ``deleteRegistries`` helper: it deletes
        registries this library did not create too. Returns the deleted names.
        Delete the containers first (`Delete Containers`) when they should go too.

        | Delete Registries | e2e_* |
        """
        _check_pattern(pattern)
        with self.ctx.operation(timeout):
            names = self.client.containers.list_registries(pattern)
        for name in names:
            self.delete_registry(name, timeout)
        logger.info(f"Deleted {len(names)} registr{'y' if len(names) == 1 else 'ies'}.")
        return names

    # -- containers -----------------------------------------------------------------------
    @keyword(tags=["container"])
    def create_remote_container(
        self,
        name: str,
        upstream: str,
        registry: str,
        include_tags: Sequence[str] | str = (),
        exclude_tags: Sequence[str] | str = (),
        timeout: timedelta | None = None,
    ) -> dict[str, Any]:
        """Creates the execution environment ``name`` that syncs image ``upstream`` from ``registry``.

        ``include_tags`` limits a sync to these tags (globs such as ``1.*``
        work; a list or a comma separated string); ``exclude_tags`` leaves
        tags out (the hub always adds ``*-source``). The hub creates the
        container's repository and distribution at once (no task). Returns
        the remote as the hub describes it. Sync it with `Sync Container`.

        | Create Remote Container | minimal | hubtask/minimal | loopback |
        | Create Remote Container | pinned | hubtask/minimal | loopback | include_tags=${{["1.0"]}} |
        """
        with self.ctx.operation(timeout):
            remote = self.client.containers.create_remote_container(
                name, upstream, registry, _tags(include_tags), _tags(exclude_tags)
            )
        self.ctx.remember("container", name, include_tags=_tags(include_tags))
        logger.info(f"Created container '{name}' from '{upstream}' in registry '{registry}'.")
        return remote

    @keyword(tags=["container", "task"])
    def sync_container(
        self, name: str, wait: bool | None = None, timeout: timedelta | None = None
    ) -> TaskRef:
        """Syncs container ``name`` from its registry; by default waits for the sync and its children.

        A failed sync (registry that does not answer, upstream image that
        does not exist) fails the keyword with the hub's error in one line.
        A sync that completes without a tag the container's ``include_tags``
        names literally (the upstream has no such tag: the hub reports no
        error) fails too, naming the missing tags. Returns the task.

        | Sync Container | minimal |
        | ${task} = | Sync Container | minimal | wait=False |
        | Wait For Task | ${task} |
        """
        with self.ctx.operation(timeout):
            ref = self.client.containers.sync(name)
            self.ctx.log_link(ref)
            if not self.ctx.should_wait(wait):
                return ref
            try:
                self.ctx.wait_for(ref, timeout, what=f"sync of container '{name}'")
            except TaskFailedError as err:
                raise TaskFailedError(
                    f"Sync of container '{name}' failed: {err}", err.tasks
                ) from None
            self._check_included_tags(name)
        return ref

    def _check_included_tags(self, name: str) -> None:
        wanted = self._include_tags(name)
        literal = [t for t in wanted if not any(c in t for c in "*?[")]
        if not literal:
            return
        have = self.client.containers.tags(name)
        missing = [t for t in literal if t not in have]
        if missing:
            raise HubError(
                f"Sync of container '{name}' completed without tag(s) "
                f"{', '.join(missing)}: its upstream has no such tag (the hub reports no "
                f"error; tags synced: {', '.join(have) or 'none'})."
            )

    def _include_tags(self, name: str) -> list[str]:
        for item in self.ctx.created:
            if item.kind == "container" and item.names == (name,):
                return list(item.extra.get("include_tags") or [])
        # Not created here: ask the hub for the remote's filter.
        found = self.client.containers.get(name)
        remote = ((found.get("pulp") or {}).get("repository") or {}).get("remote") or {}
        return [str(t) for t in remote.get("include_tags") or []]

    @keyword(tags=["container", "task"])
    def delete_container(
        self, name: str, wait: bool | None = None, timeout: timedelta | None = None
    ) -> TaskRef:
        """Deletes container ``name`` (distribution, repository, remote) and by default waits.

        | Delete Container | minimal |
        """
        with self.ctx.operation(timeout):
            ref = self.client.containers.delete(name)
            self.ctx.log_link(ref)
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(ref, timeout, what=f"deletion of container '{name}'")
        self.ctx.forget("container", name)
        return ref

    @keyword(tags=["container"])
    def get_containers(self, pattern: str = "*", timeout: timedelta | None = None) -> list[str]:
        """Returns the names of the hub's execution environments matching the glob ``pattern``.

        | ${names} = | Get Containers | pushed/* |
        """
        with self.ctx.operation(timeout):
            return self.client.containers.list_containers(pattern)

    @keyword(tags=["container", "cleanup"])
    def delete_containers(self, pattern: str, timeout: timedelta | None = None) -> list[str]:
        """Deletes every execution environment whose name matches the glob ``pattern``, waiting.

        Hub-wide, like the UI suites' ``deleteContainers`` helper (which did
        not wait): containers this library did not create go too. The
        deletions are started together and waited for together. Returns the
        deleted names.

        | Delete Containers | e2e_* |
        """
        _check_pattern(pattern)
        with self.ctx.operation(timeout):
            names = self.client.containers.list_containers(pattern)
            refs = [self.client.containers.delete(name) for name in names]
            if refs:
                self.ctx.wait_for(refs, timeout, what=f"deletion of {len(refs)} container(s)")
        for name in names:
            self.ctx.forget("container", name)
        logger.info(f"Deleted {len(names)} container(s).")
        return names

    @keyword(tags=["container"])
    def get_container_tags(self, name: str, timeout: timedelta | None = None) -> list[str]:
        """Returns the tags container ``name`` holds, sorted.

        | ${tags} = | Get Container Tags | minimal |
        """
        with self.ctx.operation(timeout):
            return self.client.containers.tags(name)

    @keyword(tags=["container"])
    def container_should_have_tag(
        self, name: str, tag: str, timeout: timedelta | None = timedelta(seconds=5)
    ) -> None:
        """Fails unless container ``name`` holds ``tag``; looks again for up to ``timeout``.

        A keyword that syncs or pushes returns when the tag is there; the
        short default ``timeout`` only covers a list that lags a moment.
        The failure names the tags the container holds.

        | Container Should Have Tag | minimal | 1.0 |
        """
        tags = self._wait_for_tag(name, tag, timeout)
        if tag not in tags:
            raise AssertionError(
                f"Container '{name}' has no tag '{tag}' (tags: {', '.join(tags) or 'none'})."
            )

    @keyword(tags=["container"])
    def container_should_not_have_tag(self, name: str, tag: str) -> None:
        """Fails if container ``name`` holds ``tag``.

        | Container Should Not Have Tag | pinned | latest |
        """
        with self.ctx.operation():
            tags = self.client.containers.tags(name)
        if tag in tags:
            raise AssertionError(f"Container '{name}' has tag '{tag}'.")

    @keyword(tags=["container"])
    def container_should_exist(self, name: str) -> None:
        """Fails unless the execution environment ``name`` exists.

        | Container Should Exist | minimal |
        """
        with self.ctx.operation():
            self.client.containers.get(name)

    @keyword(tags=["container"])
    def container_should_not_exist(self, name: str) -> None:
        """Fails if the execution environment ``name`` exists.

        | Container Should Not Exist | minimal |
        """
        with self.ctx.operation():
            if self.client.containers.exists(name):
                raise AssertionError(f"Container '{name}' exists.")

    def _wait_for_tag(self, name: str, tag: str, timeout: timedelta | None) -> list[str]:
        limit = self.ctx.timeout(timeout)
        containers = self.client.containers

        def look() -> PollOutcome[list[str]]:
            try:
                tags = containers.tags(name)
            except HubNotFoundError:
                tags = []
            return PollOutcome(tag in tags, tags)

        with self.ctx.operation(timeout):
            try:
                tags, _ = poll_until(look, timeout=limit, schedule=TAG_SCHEDULE)
            except PollTimeout as late:
                last = late.last
                return [str(t) for t in last] if isinstance(last, list) else []
        return tags or []

    # -- pushing ------------------------------------------------------------------------
    @keyword(tags=["container"])
    def push_image_to_hub(
        self, image: str, name: str, tag: str, timeout: timedelta | None = None
    ) -> str:
        """Pushes ``image`` into the hub's own registry as ``name:tag``; returns ``host/name:tag``.

        ``image`` is what ``skopeo copy`` reads: ``docker://host/repo:tag``,
        ``oci:/path:tag``, or a bare ``host:port/repo:tag`` (a registry over
        plain HTTP works, e.g. the loopback one of ``hubtask registry up``).
        The hub's registry uses its token auth: skopeo logs in with the
        library's username and password (from a private file, never on a
        command line). Returns once the tag is listed; a new ``name``
        becomes an execution environment the cleanup deletes.

        | Push Image To Hub | 127.0.0.1:25000/hubtask/minimal:1.0 | pushed/minimal | 1.0 |
        """
        settings = self.ctx.settings
        if not settings.username or settings.password is None:
            raise InvalidArgumentError(
                "Push Image To Hub needs the library's username and password "
                "(the hub's registry token server does not take API tokens)."
            )
        started = time.monotonic()
        with self.ctx.operation(timeout):
            existed = self.client.containers.exists(name)
            self.client.containers.push_image(
                image, name, tag, (settings.username, settings.password)
            )
        if not existed:
            self.ctx.remember("container", name, pushed=True)
        left = max(1.0, self.ctx.timeout(timeout) - (time.monotonic() - started))
        tags = self._wait_for_tag(name, tag, timedelta(seconds=left))
        if tag not in tags:
            raise HubError(
                f"Pushed {image} as {name}:{tag}, but the hub does not list the tag "
                f"(tags: {', '.join(tags) or 'none'})."
            )
        target = f"{self.client.session.base_url.split('://', 1)[1]}/{name}:{tag}"
        logger.info(f"Pushed {image} to the hub as {target} in {time.monotonic() - started:.1f} s.")
        return target

    @keyword(tags=["container"])
    def push_test_image(self, registry_url: str, name: str, tag: str) -> str:
        """Builds a tiny test image ``name:tag`` (no network) and pushes it to ``registry_url``.

        For a registry without authentication, such as the loopback one that
        ``hubtask registry up`` starts (``HUB_TEST_REGISTRY``). Each name and
        tag gives an image of its own digest. Returns ``host/name:tag``.

        | Push Test Image | %{HUB_TEST_REGISTRY} | hubtask/fresh | 2.0 |
        | Sync Container | fresh |
        """
        from ..localhub.errors import HubStepError as LocalError
        from ..localhub.registry import push_test_image

        host = str(registry_url).split("://", 1)[-1].rstrip("/")
        if not host or "/" in host:
            raise InvalidArgumentError(
                f"Registry URL '{registry_url}' must be http://host:port (no path)."
            )
        try:
            push_test_image(f"docker://{host}/{name}:{tag}", name, tag)
        except LocalError as err:
            raise HubError(f"Cannot push test image {name}:{tag}: {err.message}") from None
        logger.info(f"Pushed test image {host}/{name}:{tag}.")
        return f"{host}/{name}:{tag}"


def _check_pattern(pattern: str) -> None:
    if not str(pattern).strip():
        raise InvalidArgumentError("pattern is empty: give a glob such as e2e_* (or * for all).")


def delete_created_container(ctx: LibraryContext, item: Created, timeout: timedelta | None) -> bool:
    """`Delete Created Resources` for a container or registry; False when already gone."""
    containers = ctx.client.containers
    name = item.names[0]
    if item.kind == "registry":
        if not containers.registry_exists(name):
            return False
        ref = containers.delete_registry(name)
        if ref is not None:
            ctx.wait_for(ref, timeout, what=f"deletion of registry '{name}'")
        return True
    if not containers.exists(name):
        return False
    ctx.wait_for(containers.delete(name), timeout, what=f"deletion of container '{name}'")
    return True


__all__ = ["ContainerKeywords", "delete_created_container"]
