"""Keywords that restart or kill parts of the local hub (`hubtask hub up`).

They act on processes of this machine, so they refuse any hub but the local
one this library talks to: the state folder named by ``HUB_STATE_DIR`` (set
by ``hubtask hub env``), ``HUBTASK_STATE_DIR`` or the default one, whose
recorded URL must be the library's ``base_url``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from robot.api import logger
from robotlibcore import keyword

from ..client.errors import HubError, InvalidArgumentError
from .base import KeywordGroup
from .types import TaskReference

if TYPE_CHECKING:
    from ..localhub.manager import LocalHub

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class LocalHubKeywords(KeywordGroup):
    def _local_hub(self, keyword_name: str) -> LocalHub:
        """The local hub, if it is the one this library talks to; one-line error else."""
        # Imported here: suites that never touch the local hub do not pay for
        # the hub manager at library import (Robot start-up counts, issue 19).
        from ..localhub.manager import LocalHub
        from ..localhub.state import STATE_DIR_ENV, HubConfig

        folder = os.environ.get("HUB_STATE_DIR") or os.environ.get(STATE_DIR_ENV) or None
        hub = LocalHub(folder, say=None)
        cfg = HubConfig.load(hub.paths.config_file)
        url = (self.ctx.settings.base_url or "").rstrip("/")
        if cfg is None:
            raise InvalidArgumentError(
                f"{keyword_name} works only on the local hub, and none is set up in "
                f"{hub.paths.root} (HUB_STATE_DIR / {STATE_DIR_ENV}): run `hubtask hub up`."
            )
        local = f"http://127.0.0.1:{cfg.port}"
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname not in _LOOPBACK or parts.port != cfg.port:
            raise InvalidArgumentError(
                f"{keyword_name} works only on the local hub ({local}, state folder "
                f"{hub.paths.root}); this library talks to {url or 'no hub'}."
            )
        return hub

    @keyword(tags=["localhub"])
    def restart_local_hub_service(self, service: str) -> dict[str, Any]:
        """Stops and starts ``service`` of the local hub and returns when it serves again.

        ``service`` is ``api``, ``content``, ``workers``, ``worker-N`` (``worker-1``
        ...), ``postgres`` or ``all``, as for ``hubtask hub restart``. Processes are
        stopped by PID with SIGTERM (a worker may finish its task within 10 s;
        PostgreSQL's fast shutdown); services that died with the database are
        started again too. Returns what was done: ``service``, ``seconds`` and
        ``pids`` (old and new PID of each process).

        Fails with a one-line message against any hub but the local one this
        library talks to.

        | Restart Local Hub Service | api |
        | ${done} = | Restart Local Hub Service | postgres |
        """
        hub = self._local_hub("Restart Local Hub Service")
        from ..localhub import control
        from ..localhub.errors import HubStepError

        try:
            report = control.restart(hub, service)
        except HubStepError as err:
            raise HubError(f"Cannot restart {service}: {err.message}") from None
        logger.info(f"Local hub: {report.line()}.")
        return report.as_dict()

    @keyword(tags=["localhub"])
    def kill_local_hub_worker(self, n: int) -> int:
        """Kills worker ``n`` of the local hub with SIGKILL (its task process too); returns its PID.

        As an out-of-memory kill would: the worker stays down and its running
        task stays ``running`` until another worker notices and fails it
        ("Worker has gone missing."). `Restart Local Hub Service` with
        ``worker-N`` (or ``hubtask hub up``) starts it again. Fails with a
        one-line message against any hub but the local one.

        | ${worker} = | Get Local Hub Worker Of Task | ${sync} |
        | Kill Local Hub Worker | ${worker} |
        | Restart Local Hub Service | worker-${worker} |
        """
        hub = self._local_hub("Kill Local Hub Worker")
        from ..localhub import control
        from ..localhub.errors import HubStepError

        try:
            report = control.kill_worker(hub, f"worker-{n}")
        except HubStepError as err:
            raise HubError(f"Cannot kill worker {n}: {err.message}") from None
        logger.info(f"Local hub: {report.line('killed')}.")
        old, _ = report.pids[f"worker-{n}"]
        return int(old or 0)

    @keyword(tags=["localhub", "task"])
    def get_local_hub_worker_of_task(self, task: TaskReference) -> int:
        """Returns N of the local hub's ``worker-N`` that runs ``task``.

        Pulp names a worker ``<pid>@<host>``; the PID tells which of the local
        hub's workers it is. Fails when the task has no worker (still
        waiting, or over) or the worker is not one of the local hub's.

        | ${sync} = | Start Long Running Sync |
        | ${n} = | Get Local Hub Worker Of Task | ${sync} |
        """
        hub = self._local_hub("Get Local Hub Worker Of Task")
        from ..localhub import control

        with self.ctx.operation():
            found = self.client.tasks.get(task)
            href = found.get("worker")
            if not href:
                raise HubError(
                    f"Task {found.get('name')} ({found.get('state')}) has no worker: "
                    "it is still waiting or already over."
                )
            name = str(self.client.session.get_json(href).get("name") or "")
        pid, _, _host = name.partition("@")
        worker = control.worker_for_pid(hub, int(pid)) if pid.isdigit() else None
        if worker is None:
            raise HubError(f"Worker {name} of the task is not a running worker of the local hub.")
        return int(worker.removeprefix("worker-"))
