"""Keywords for Pulp file repositories: tasks on any pulpcore server."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robotlibcore import keyword

from ..client.references import TaskRef
from .base import KeywordGroup


class FileKeywords(KeywordGroup):
    @keyword(tags=["task", "pulp", "repository"])
    def sync_file_repository(
        self,
        name: str,
        remote_url: str,
        wait: bool | None = None,
        timeout: timedelta | None = None,
    ) -> TaskRef:
        """Syncs the Pulp file repository ``name`` from ``remote_url`` and returns the task.

        ``remote_url`` is the URL of a ``PULP_MANIFEST`` (``hubtask pulp env``
        exports ``PULP_FILE_REMOTE_URL``, and ``PULP_STALL_REMOTE_URL`` whose
        sync stays ``running`` until it is canceled). The repository, and a
        remote for that URL (named ``<name>-<hash of the URL>``), are created
        when missing and left in place (`Delete Created Resources` does not
        remove them). Needs Pulp's file plugin: plain pulpcore has it,
        galaxy_ng 4.9.2 does not. By default waits for the sync; a failed sync
        fails the keyword with the task's error.

        | Sync File Repository | files | %{PULP_FILE_REMOTE_URL} |
        | ${task} = | Sync File Repository | stalled | %{PULP_STALL_REMOTE_URL} | wait=False |
        | Cancel Task | ${task} |
        """
        with self.ctx.operation(timeout):
            ref = self.client.files.sync(name, remote_url)
            logger.info(f"Sync of file repository '{name}': task {ref.uuid}.")
            if self.ctx.should_wait(wait):
                self.ctx.wait_for(ref, timeout, what=f"sync of file repository '{name}'")
        return ref
