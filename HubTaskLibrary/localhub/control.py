"""Restart or kill parts of a running local hub, by PID (for chaos tests).

`hubtask hub restart SERVICE` stops a service the way a deploy or a database
failover would (SIGTERM: gunicorn finishes the requests in flight, a worker
its task if it can within the grace time; PostgreSQL's fast shutdown) and
starts it again, and returns only once the hub serves again with every
worker registered. `hubtask hub kill worker-N` SIGKILLs a worker and the
task process it forked, as the kernel's OOM killer would, and leaves it dead:
its running task is failed by another worker ("Worker has gone missing.") or
stays `running` until some worker notices. `restart worker-N` or `up` bring
it back.
"""

from __future__ import annotations

import re
import signal
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import HubStepError
from .processes import stop_processes
from .services import API, CONTENT, WORKER_PREFIX, worker_name

if TYPE_CHECKING:
    from .manager import LocalHub

SERVICES = ("api", "content", "workers", "worker-N", "postgres", "all")
_WORKER = re.compile(r"^worker-(\d+)$")
# A worker gets this long to finish its task on SIGTERM before it is killed
# (a sync stalled on a silent upstream never finishes by itself).
WORKER_GRACE = 10.0


@dataclass
class RestartReport:
    """What a restart or kill did, for the CLI line and the keyword log."""

    service: str
    seconds: float = 0.0
    # Service name -> (old PID, new PID); new is None after a kill.
    pids: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    # Services started again because the restart took them down (workers
    # after a database restart, anything found dead).
    revived: list[str] = field(default_factory=list)

    def line(self, verb: str = "restarted") -> str:
        moves = ", ".join(
            f"{n} pid {old} -> {new or 'gone'}" for n, (old, new) in self.pids.items()
        )
        extra = f"; started again with it: {', '.join(self.revived)}" if self.revived else ""
        return f"{verb} {self.service} in {self.seconds:.1f} s ({moves}){extra}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "seconds": round(self.seconds, 2),
            "pids": {n: {"old": o, "new": p} for n, (o, p) in self.pids.items()},
            "revived": self.revived,
        }


def worker_index(service: str, workers: int) -> int:
    """N of ``worker-N``, checked against the hub's worker count."""
    match = _WORKER.match(service)
    if not match:
        raise HubStepError(
            "kill", f"'{service}' is not a worker: give worker-1 .. worker-{workers}"
        )
    index = int(match.group(1))
    if not 1 <= index <= workers:
        raise HubStepError(
            "kill",
            f"the hub has {workers} workers: give worker-1 .. worker-{workers}, not {service}",
        )
    return index


def services_of(service: str, workers: int) -> list[str]:
    """The process names a restart of ``service`` stops and starts."""
    all_workers = [worker_name(i) for i in range(1, workers + 1)]
    if service == "api":
        return [API]
    if service == "content":
        return [CONTENT]
    if service == "workers":
        return all_workers
    if service == "postgres":
        return []
    if service == "all":
        return [API, CONTENT, *all_workers]
    if service.startswith(WORKER_PREFIX):
        return [worker_name(worker_index(service, workers))]
    raise HubStepError("restart", f"unknown service '{service}': give one of {', '.join(SERVICES)}")


def restart(hub: LocalHub, service: str) -> RestartReport:
    """Stop and start ``service`` of a running hub; back when it serves again."""
    with hub._locked():
        cfg = hub._config()
        if cfg is None:
            raise HubStepError(
                "restart", f"no hub set up in {hub.paths.root}: run `hubtask hub up`"
            )
        names = services_of(service, cfg.workers)
        services = hub._services()
        postgres = hub._postgres(cfg)
        if postgres.running() is None:
            raise HubStepError("restart", "the hub is not running: start it with `hubtask hub up`")
        report = RestartReport(service)
        started = time.monotonic()
        old = {n: (r.pid if (r := services.running(n)) else None) for n in names}
        records = [r for n in names if (r := services.running(n)) is not None]
        # Workers get the longer grace: SIGTERM lets them finish their task.
        grace = WORKER_GRACE if any(n.startswith(WORKER_PREFIX) for n in names) else 10.0
        stop_processes(records, grace=grace)
        for name in names:
            services.pids.remove(name)
        if service in ("postgres", "all"):
            old_pg = postgres.running()
            postgres.stop()
            postgres.start()
            new_pg = postgres.running()
            report.pids["postgres"] = (
                old_pg.pid if old_pg else None,
                new_pg.pid if new_pg else None,
            )
        if service == "postgres":
            # pulpcore 3.28 workers exit when the database ends their connection
            # ("terminating connection due to administrator command"), some at
            # once, some at their next heartbeat: restart them all, as a
            # supervisor would, instead of leaving it to chance.
            workers = [n for n in services.wanted(cfg.workers) if n.startswith(WORKER_PREFIX)]
            dying = [r for n in workers if (r := services.running(n)) is not None]
            stop_processes(dying, grace=WORKER_GRACE)
            for name in workers:
                services.pids.remove(name)
                services.start(name, cfg)
            report.revived.extend(workers)
        for name in names:
            services.start(name, cfg)
        # A database restart can take down what talks to it: start what died.
        for name in services.wanted(cfg.workers):
            if name not in names and services.running(name) is None:
                services.start(name, cfg)
                report.revived.append(name)
        hub._wait_until_serving(cfg, services, postgres)
        for name in names:
            record = services.running(name)
            report.pids[name] = (old[name], record.pid if record else None)
        report.seconds = time.monotonic() - started
        return report


def kill_worker(hub: LocalHub, service: str) -> RestartReport:
    """SIGKILL ``worker-N`` and its task process; it stays dead."""
    with hub._locked():
        cfg = hub._config()
        if cfg is None:
            raise HubStepError("kill", f"no hub set up in {hub.paths.root}: run `hubtask hub up`")
        name = worker_name(worker_index(service, cfg.workers))
        services = hub._services()
        record = services.running(name)
        if record is None:
            raise HubStepError(
                "kill", f"{name} is not running (start it: `hubtask hub restart {name}`)"
            )
        started = time.monotonic()
        # The worker leads its process group: the forked task process dies with it.
        stop_processes([record], grace=5, term_signal=signal.SIGKILL)
        services.pids.remove(name)
        report = RestartReport(name, time.monotonic() - started)
        report.pids[name] = (record.pid, None)
        return report


def worker_for_pid(hub: LocalHub, pid: int) -> str | None:
    """The ``worker-N`` name of the worker with PID ``pid`` (pulp names a worker
    ``<pid>@<host>``), None if no worker of this hub has it."""
    cfg = hub._config()
    if cfg is None:
        return None
    services = hub._services()
    for index in range(1, cfg.workers + 1):
        record = services.running(worker_name(index))
        if record is not None and record.pid == pid:
            return worker_name(index)
    return None
