"""Keywords for remotes, repositories, distributions and syncs."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robotlibcore import keyword

from ..client.errors import TaskFailedError
from ..client.pipelines import PipelineName
from ..client.polling import PollOutcome, PollTimeout, poll_until
from ..client.references import TaskRef
from ..client.states import TaskState, state_of
from .base import KeywordGroup


class RepositoryKeywords(KeywordGroup):
    @keyword(tags=["repository"])
    def create_remote(
        self, name: str, url: str, requirements: str | None = None, timeout: timedelta | None = None
    ) -> dict:
        """Creates a collection remote ``name`` that syncs from ``url``.

        ``requirements`` is the content of a requirements.yml limiting what a
        sync fetches. Returns the remote as the hub describes it.

        | Create Remote | upstream | https://galaxy.example.com/api/ | requirements=${REQS} |
        """
        with self.ctx.operation(timeout):
            remote = self.client.repositories.create_remote(name, url, requirements)
        self.ctx.remember("remote", name)
        logger.info(f"Created remote '{name}' ({remote.get('pulp_href')}).")
        return remote

    @keyword(tags=["repository"])
    def create_repository(
        self,
        name: str,
        pipeline: PipelineName | None = None,
        remote: str | None = None,
        retain_repo_versions: int | None = None,
        private: bool = False,
        timeout: timedelta | None = None,
    ) -> dict:
        """Creates an ansible repository ``name``, optionally attached to ``remote``.

        ``pipeline`` (``approved``, ``staging``, ``rejected`` or none) becomes
        the repository's ``pipeline`` label, which the hub's approval
        dashboard and its "Pipeline" column read, as galaxykit's
        ``repository create NAME --pipeline=approved`` does.
        ``retain_repo_versions`` keeps only that many repository versions
        (none: all); ``private`` hides it from anonymous users. A repository
        is served once it has a distribution (`Create Distribution`).
        Returns the repository as the hub describes it.

        | Create Repository | myrepo | remote=upstream |
        | Create Repository | repo2 | pipeline=approved | retain_repo_versions=5 |
        | Create Distribution | repo2 |
        """
        with self.ctx.operation(timeout):
            repository = self.client.repositories.create_repository(
                name, remote, pipeline, retain_repo_versions, private
            )
        self.ctx.remember("repository", name)
        logger.info(f"Created repository '{name}' ({repository.get('pulp_href')}).")
        return repository

    @keyword(tags=["repository"])
    def create_distribution(
        self,
        name: str,
        repository: str | None = None,
        base_path: str | None = None,
        wait: bool | None = None,
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Creates a distribution ``name`` serving ``repository``.

        As galaxykit's ``distribution create NAME``: ``repository`` defaults
        to the repository called ``name`` and ``base_path`` to ``name``. The
        base path is what the copy/move and signing keywords name as the
        repository.

        | Create Distribution | myrepo |
        | Create Distribution | mydist | myrepo | base_path=my/path |
        """
        with self.ctx.operation(timeout):
            ref = self.client.repositories.create_distribution(name, repository, base_path)
            self.ctx.remember("distribution", name)
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(ref, timeout, what=f"distribution '{name}'")
        return ref

    @keyword(tags=["repository", "task"])
    def sync_repository(
        self,
        name: str,
        remote: str | None = None,
        wait: bool | None = None,
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Syncs repository ``name`` from its remote (or from ``remote``) and returns the task.

        By default waits for the sync; a failed sync fails the keyword with the
        task's error.

        | Sync Repository | myrepo |
        | ${task} = | Sync Repository | myrepo | remote=other | wait=False |
        """
        with self.ctx.operation(timeout):
            ref = self.client.repositories.sync(name, remote)
            self.ctx.log_link(ref)
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(ref, timeout, what=f"sync of '{name}'")
        return ref

    def _delete(
        self, kind: str, name: str, wait: bool | None, timeout: timedelta | None
    ) -> TaskRef:
        with self.ctx.operation(timeout):
            ref = self.client.repositories.delete(kind, name)
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(ref, timeout, what=f"deletion of {kind} '{name}'")
        self.ctx.forget(kind, name)
        return ref

    @keyword(tags=["repository"])
    def delete_repository(
        self, name: str, wait: bool | None = None, timeout: timedelta | None = None
    ) -> TaskRef:
        """Deletes repository ``name`` and by default waits for the deletion task.

        | Delete Repository | myrepo |
        """
        return self._delete("repository", name, wait, timeout)

    @keyword(tags=["repository"])
    def delete_remote(
        self, name: str, wait: bool | None = None, timeout: timedelta | None = None
    ) -> TaskRef:
        """Deletes remote ``name`` and by default waits for the deletion task.

        | Delete Remote | upstream |
        """
        return self._delete("remote", name, wait, timeout)

    @keyword(tags=["repository"])
    def delete_distribution(
        self, name: str, wait: bool | None = None, timeout: timedelta | None = None
    ) -> TaskRef:
        """Deletes distribution ``name`` and by default waits for the deletion task.

        | Delete Distribution | mydist |
        """
        return self._delete("distribution", name, wait, timeout)

    @keyword(tags=["task", "repository"])
    def start_long_running_sync(
        self, repository: str = "community", timeout: timedelta | None = None
    ) -> TaskRef:
        """Starts a real sync task that stays ``running`` until it is canceled.

        The library serves, on loopback, an upstream that accepts connections
        and never answers, creates a temporary remote pointing at it and syncs
        ``repository`` from that remote. The repository's own remote is not
        touched. Returns once the task runs. The hub must reach this machine's
        loopback (true for the local hub). Cancel the task when done: it holds
        the repository (and, with one worker, the worker) until then.

        | ${task} = | Start Long Running Sync |
        | Cancel Task | ${task} |
        """
        stall_url = self.ctx.stall_server.url
        # Unique per library instance and call: instance id plus a counter.
        cid = self.client.session.new_correlation_id()
        remote = f"hubtask-stall-{cid[:8]}-{int(cid[16:], 16)}"
        with self.ctx.operation(timeout):
            self.client.repositories.create_remote(
                remote, stall_url, None, total_timeout=3600.0, sock_read_timeout=3600.0
            )
            self.ctx.remember("remote", remote)
            self.ctx.stall_remotes.append(remote)
            ref = self.client.repositories.sync(repository, remote)
            self.ctx.log_link(ref)
            tasks = self.client.tasks

            def look() -> PollOutcome[dict]:
                task = tasks.get_if_visible(ref.uuid)
                if task is None:
                    return PollOutcome(False)
                state = state_of(task)
                if state.is_final:
                    raise TaskFailedError(
                        f"The long running sync of '{repository}' ended {state.value} at once: "
                        f"{(task.get('error') or {}).get('description', '')}",
                        [task],
                    )
                return PollOutcome(state == TaskState.RUNNING, task)

            try:
                poll_until(look, timeout=self.ctx.remaining(timeout), schedule=tasks.schedule)
            except PollTimeout:
                raise TaskFailedError(
                    f"The sync of '{repository}' did not start running within the timeout: "
                    "is a worker free? (a sync already running holds the repository)",
                    [],
                ) from None
        logger.info(f"Sync of '{repository}' is running against {stall_url}.")
        return ref
