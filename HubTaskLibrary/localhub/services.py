"""The hub's long-running processes: API, content app and task workers."""

from __future__ import annotations

import base64
import contextlib
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .errors import HubStepError
from .processes import PidFiles, PidRecord, process_start_time, start_detached, stop_processes
from .settings import GUNICORN_CONFIG_MODULE, WSGI_MODULE
from .state import HubConfig, HubPaths

API = "api"
CONTENT = "content"
WORKER_PREFIX = "worker-"
# gunicorn processes for the API (sync workers, forked after --preload so they cost
# little memory): several, so a slow request (an upload, the UI's parallel
# fetches) does not hold up every other caller. Not gthread: its workers hang on
# exit until gunicorn's graceful timeout SIGKILLs them, which made `down` slow.
API_PROCESSES = 4


def worker_name(index: int) -> str:
    return f"{WORKER_PREFIX}{index}"


def service_argv(name: str, cfg: HubConfig, paths: HubPaths) -> list[str]:
    if name == API:
        return [
            str(paths.bin / "gunicorn"),
            f"{WSGI_MODULE}:application",
            "--config",
            f"python:{GUNICORN_CONFIG_MODULE}",
            "--preload",
            "--bind",
            f"127.0.0.1:{cfg.port}",
            "--name",
            "hubtask-api",
            "--workers",
            str(API_PROCESSES),
            "--timeout",
            "300",
            # Bounded SIGTERM shutdown: `down` and `reset` should not wait long.
            "--graceful-timeout",
            "5",
            "--access-logfile",
            "-",
        ]
    if name == CONTENT:
        # Not the `pulp-content` script: it binds 0.0.0.0.
        return [
            str(paths.bin / "gunicorn"),
            "pulpcore.content:server",
            "--config",
            f"python:{GUNICORN_CONFIG_MODULE}",
            "--bind",
            f"127.0.0.1:{cfg.content_port}",
            "--name",
            "hubtask-content",
            "--worker-class",
            "aiohttp.GunicornWebWorker",
            "--workers",
            "1",
            "--timeout",
            "300",
            "--access-logfile",
            "-",
        ]
    if name.startswith(WORKER_PREFIX):
        return [str(paths.bin / "pulpcore-worker")]
    raise ValueError(f"unknown service {name!r}")


class Services:
    def __init__(self, paths: HubPaths, env: dict[str, str]) -> None:
        self.paths = paths
        self.env = env
        self.pids = PidFiles(paths.run)

    def wanted(self, workers: int) -> list[str]:
        return [API, CONTENT, *(worker_name(i) for i in range(1, workers + 1))]

    def tracked(self) -> list[str]:
        """Service names that have a PID file (postgres excluded)."""
        return [n for n in self.pids.names() if n in (API, CONTENT) or n.startswith("worker")]

    def running(self, name: str) -> PidRecord | None:
        return self.pids.running(name)

    def start(self, name: str, cfg: HubConfig) -> PidRecord:
        argv = service_argv(name, cfg, self.paths)
        pid = start_detached(argv, self.paths.log(name), self.env, self.paths.root)
        return self.pids.write(name, pid, argv)

    def up_to_date(self, name: str, cfg: HubConfig) -> bool:
        """Runs, and with the command line the current config asks for."""
        record = self.running(name)
        return record is not None and record.argv == service_argv(name, cfg, self.paths)

    def stop(self, names: list[str], grace: float = 10.0) -> None:
        """SIGTERM all at once, SIGKILL after ``grace`` seconds (see processes.py)."""
        records = [r for r in (self.pids.running(n) for n in names) if r is not None]
        stop_processes(records, grace=grace)
        for name in names:
            self.pids.remove(name)

    def stop_all(self) -> None:
        self.stop(self.tracked())
        self.stop_strays()

    def stop_strays(self, only_servers: bool = False) -> None:
        """Processes that run with this hub's settings file but that no PID file
        tracks (a lost PID file, a gunicorn child whose master was killed)."""
        keep = {r.pid for r in (self.pids.running(n) for n in self.tracked()) if r is not None}
        strays = []
        for pid in hub_process_ids(self.paths.settings_file):
            with contextlib.suppress(OSError):
                if os.getpgid(pid) in keep:
                    continue
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                if (
                    only_servers
                    and b"gunicorn" not in cmdline
                    and b"pulpcore-worker" not in cmdline
                ):
                    continue
                strays.append(PidRecord(f"stray-{pid}", pid, process_start_time(pid)))
        if strays:
            stop_processes(strays, grace=5)


def hub_process_ids(settings_file: Path, proc: Path = Path("/proc")) -> list[int]:
    """PIDs whose environment names our settings file (PULP_SETTINGS=...)."""
    needle = f"PULP_SETTINGS={settings_file}".encode()
    found = []
    me = os.getpid()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def api_answers(
    url: str, username: str | None = None, password: str | None = None, timeout: float = 2.0
) -> int | None:
    """HTTP status of a GET (basic auth when a username is given), None when
    nothing answers."""
    headers = {}
    if username is not None:
        token = base64.b64encode(f"{username}:{password or ''}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as err:
        return int(err.code)
    except (OSError, ValueError):
        return None


def wait_for_api(
    services: Services,
    url: str,
    username: str,
    password: str,
    timeout: float = 180,
    on_forbidden: Callable[[], None] | None = None,
) -> None:
    """Until the API answers 200; fails early, with the log, if a server died.

    ``on_forbidden`` is called once if the API refuses the credentials (someone
    changed the admin password through the API): it puts ours back.
    """
    deadline = time.monotonic() + timeout
    last: int | None = None
    while time.monotonic() < deadline:
        last = api_answers(url, username, password)
        if last == 200:
            return
        if last in (401, 403) and on_forbidden is not None:
            on_forbidden()
            on_forbidden = None
            continue
        for name in (API, CONTENT):
            if services.pids.read(name) is not None and services.running(name) is None:
                raise HubStepError(name, "the server exited during start", services.paths.log(name))
        time.sleep(0.2)
    raise HubStepError(
        API,
        f"{url} did not answer 200 within {timeout:.0f} s (last: {last})",
        services.paths.log(API),
    )
