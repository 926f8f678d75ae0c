"""LocalPulp: the newest pulpcore from PyPI on loopback, next to the galaxy_ng hub.

Plain Pulp (no galaxy API; its file plugin is built into pulpcore) in a venv and
a PostgreSQL cluster of its own, in its own state folder, so that the task
keywords can be tested against a current pulpcore as well as against the hub's
3.28. It reuses the hub's building blocks (``postgres``, ``processes``,
``services``); what differs is the package, the settings and the process list:
the API and the workers (no content app: nothing here serves content), plus
two loopback file remotes (see ``fileremote``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shlex
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import install
from .errors import HubError
from .manager import Say, stderr_say
from .postgres import DB_NAME, Postgres
from .processes import free_port, port_answers, port_is_free, start_detached
from .services import API, WORKER_PREFIX, Services, api_answers, wait_for_api, worker_name
from .settings import (
    ensure_encryption_key,
    hub_env,
    render_console_script,
)
from .state import STATE_DIR_ENV, HubConfig, HubPaths, Markers, default_state_dir, write_atomic

PULP_STATE_DIR_ENV = "HUBTASK_PULP_STATE_DIR"
# "The newest pulpcore on PyPI" unless told otherwise (e.g. pulpcore==3.123.1).
PULPCORE_ENV = "HUBTASK_PULPCORE"
DEFAULT_REQUIREMENT = "pulpcore"
PREFERRED_API_PORT = 24827
FILE_REMOTE = "file-remote"
STALL_REMOTE = "stall-remote"
API_PATH = "/pulp/api/v3/"
STATUS_PATH = "/pulp/api/v3/status/"

STEP_INSTALL = "install"
STEP_MIGRATE = "migrate"
STEP_ADMIN = "admin-password"


def default_pulp_state_dir(environ: dict[str, str] | None = None) -> Path:
    """``$HUBTASK_PULP_STATE_DIR``, else the folder ``pulpcore`` in the hub's state folder."""
    env = os.environ if environ is None else environ
    if env.get(PULP_STATE_DIR_ENV):
        return Path(env[PULP_STATE_DIR_ENV]).expanduser().absolute()
    return default_state_dir(environ) / "pulpcore"


def render_pulp_settings(cfg: HubConfig, paths: HubPaths, pg_socket_dir: Path) -> str:
    values: dict[str, object] = {
        "SECRET_KEY": cfg.secret_key,
        "DATABASES": {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": DB_NAME,
                "USER": "pulp",
                "HOST": str(pg_socket_dir),
                "PORT": str(cfg.pg_port),
            }
        },
        "MEDIA_ROOT": str(paths.media),
        "STATIC_ROOT": str(paths.static),
        "WORKING_DIRECTORY": str(paths.working),
        "FILE_UPLOAD_TEMP_DIR": str(paths.working),
        "DB_ENCRYPTION_KEY": str(paths.encryption_key),
        # Required by pulpcore; nothing is served there (no content app runs).
        "CONTENT_ORIGIN": f"http://127.0.0.1:{cfg.content_port}",
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost"],
        "CACHE_ENABLED": False,
        "ANALYTICS": False,
    }
    lines = ["# Written by hubtask (HubTaskLibrary.localhub.pulpserver); rewritten on `up`."]
    lines += [f"{key} = {value!r}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


class PulpServices(Services):
    """The hub's service handling with Pulp's own process list and command lines."""

    def __init__(self, paths: HubPaths, env: dict[str, str], remote_folder: Path) -> None:
        super().__init__(paths, env)
        self.remote_folder = remote_folder

    def wanted(self, workers: int) -> list[str]:
        return [API, FILE_REMOTE, STALL_REMOTE, *(worker_name(i) for i in range(1, workers + 1))]

    def tracked(self) -> list[str]:
        names = (API, FILE_REMOTE, STALL_REMOTE)
        return [n for n in self.pids.names() if n in names or n.startswith(WORKER_PREFIX)]

    def argv(self, name: str, cfg: HubConfig) -> list[str]:
        if name == API:
            # pulpcore's own gunicorn entry point (its app refuses plain gunicorn).
            return [
                str(self.paths.bin / "pulpcore-api"),
                "--bind",
                f"127.0.0.1:{cfg.port}",
                "--name",
                "hubtask-pulp-api",
                "--workers",
                "2",
                "--timeout",
                "300",
                "--graceful-timeout",
                "5",
                "--access-logfile",
                "-",
                # Request times in microseconds, to compare basic auth with cookies.
                "--access-logformat",
                'pulp [%({correlation-id}o)s]: %(h)s "%(r)s" %(s)s %(b)s %(D)sus',
                # gunicorn 25.1+ would open a control socket; nothing here uses it.
                "--no-control-socket",
            ]
        module = [sys.executable, "-m", "HubTaskLibrary.localhub.fileremote"]
        if name == FILE_REMOTE:
            return [
                *module,
                "serve",
                "--port",
                str(remote_port(cfg)),
                "--folder",
                str(self.remote_folder),
            ]
        if name == STALL_REMOTE:
            return [*module, "stall", "--port", str(stall_port(cfg))]
        if name.startswith(WORKER_PREFIX):
            return [str(self.paths.bin / "pulpcore-worker")]
        raise ValueError(f"unknown service {name!r}")

    def start(self, name: str, cfg: HubConfig) -> Any:
        argv = self.argv(name, cfg)
        env = self.env
        if name in (FILE_REMOTE, STALL_REMOTE):
            # Our own interpreter runs these: it needs this package, not Pulp's venv.
            env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        pid = start_detached(argv, self.paths.log(name), env, self.paths.root)
        return self.pids.write(name, pid, argv)

    def up_to_date(self, name: str, cfg: HubConfig) -> bool:
        record = self.running(name)
        return record is not None and record.argv == self.argv(name, cfg)


# The remotes' ports are kept in HubConfig's spare fields: the content port slot
# holds the file remote, the stall remote sits next to it.
def remote_port(cfg: HubConfig) -> int:
    return cfg.content_port


def stall_port(cfg: HubConfig) -> int:
    return cfg.content_port + 1


def online_worker_pids(postgres: Postgres) -> set[int]:
    """PIDs of registered workers: newer pulpcore keeps them as app statuses
    (``core_worker`` is gone), named ``<pid>@<host>`` as before."""
    sql = "SELECT name FROM core_appstatus WHERE app_type = 'worker'"
    rows = postgres.psql(sql, db=DB_NAME, step="workers")
    return {int(p) for p, _, _ in (r.partition("@") for r in rows.splitlines()) if p.isdigit()}


class LocalPulp:
    """A plain pulpcore server whose files all live in one state folder.

    >>> info = LocalPulp().up(port=25085)
    >>> info["url"], info["api_prefix"], info["file_remote_url"]
    """

    def __init__(self, state_dir: str | Path | None = None, say: Say | None = stderr_say) -> None:
        root = Path(state_dir).expanduser().absolute() if state_dir else default_pulp_state_dir()
        self.paths = HubPaths(root)
        self.markers = Markers(self.paths.markers)
        self._say = say

    def say(self, message: str) -> None:
        if self._say:
            self._say(message)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.paths.ensure()
        with open(self.paths.lock_file, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @property
    def remote_folder(self) -> Path:
        return self.paths.root / "file-remote"

    def _services(self) -> PulpServices:
        return PulpServices(self.paths, hub_env(self.paths), self.remote_folder)

    def _postgres(self, cfg: HubConfig) -> Postgres:
        return Postgres(self.paths, cfg.pg_port)

    def _manage(self, step: str, *args: str) -> None:
        log = self.paths.log(step)
        argv = [str(self.paths.bin / "pulpcore-manager"), *args]
        if install.run_logged(argv, log, env=hub_env(self.paths)) != 0:
            raise HubError(step, f"pulpcore-manager {args[0]} failed", log)

    def pulpcore_version(self) -> str | None:
        """The installed pulpcore's version, read from its dist-info folder."""
        for meta in self.paths.venv.glob("lib/python*/site-packages/pulpcore-*.dist-info"):
            return meta.name.removeprefix("pulpcore-").removesuffix(".dist-info")
        return None

    def info(self, cfg: HubConfig) -> dict[str, Any]:
        url = f"http://127.0.0.1:{cfg.port}"
        services = self._services()
        pids = {}
        for name in [*services.tracked(), "postgres"]:
            record = services.pids.running(name)
            if record is not None:
                pids[name] = record.pid
        return {
            "url": url,
            "api_prefix": "/",
            "api_url": url + API_PATH,
            "username": cfg.username,
            "password": cfg.password,
            "console_command": shlex.quote(str(self.paths.console_script)),
            "state_dir": str(self.paths.root),
            "workers": cfg.workers,
            "file_remote_url": f"http://127.0.0.1:{remote_port(cfg)}/PULP_MANIFEST",
            "stall_remote_url": f"http://127.0.0.1:{stall_port(cfg)}/PULP_MANIFEST",
            "postgres_port": cfg.pg_port,
            "pids": pids,
            "logs_dir": str(self.paths.logs),
            "pulpcore": self.pulpcore_version(),
        }

    # -- up -------------------------------------------------------------------------
    def up(
        self, port: int | None = None, workers: int | None = None, password: str | None = None
    ) -> dict[str, Any]:
        if workers is not None and workers < 1:
            raise HubError("config", "--workers must be at least 1")
        if password is not None and not password:
            raise HubError("config", "--password must not be empty")
        with self._locked():
            cfg = HubConfig.load(self.paths.config_file) or HubConfig(prefix="/")
            cfg.workers = workers or cfg.workers
            cfg.password = password if password is not None else cfg.password
            if port and port != cfg.port:
                self._services().stop([API])
                cfg.port = port
            return self._bring_up(cfg)

    def _choose_ports(self, cfg: HubConfig, services: PulpServices) -> None:
        """API port as asked (or kept); the remotes and PostgreSQL on the next ones."""
        if not cfg.port:
            cfg.port = free_port(PREFERRED_API_PORT)
        elif services.running(API) is None and not port_is_free(cfg.port):
            raise HubError("port", f"127.0.0.1:{cfg.port} is taken by another program")
        taken = {cfg.port}
        remotes_running = any(services.running(n) for n in (FILE_REMOTE, STALL_REMOTE))
        if (
            not cfg.content_port
            or cfg.content_port in taken
            or (
                not remotes_running
                and not (port_is_free(cfg.content_port) and port_is_free(cfg.content_port + 1))
            )
        ):
            cfg.content_port = cfg.port + 1
            while not (port_is_free(cfg.content_port) and port_is_free(cfg.content_port + 1)):
                cfg.content_port = free_port(0, avoid=taken)
        taken |= {cfg.content_port, cfg.content_port + 1}
        if not cfg.pg_port or (
            self._postgres(cfg).running() is None and not port_is_free(cfg.pg_port)
        ):
            cfg.pg_port = free_port(cfg.port + 3, avoid=taken)

    def _bring_up(self, cfg: HubConfig) -> dict[str, Any]:
        started = time.monotonic()
        paths = self.paths
        services = self._services()
        self._choose_ports(cfg, services)
        cfg.save(paths.config_file)
        requirement = os.environ.get(PULPCORE_ENV) or DEFAULT_REQUIREMENT
        if not (self.markers.done(STEP_INSTALL) and install.venv_ready(paths)):
            self._install(requirement)
            self.markers.mark(STEP_INSTALL)
        settings_changed = self._write_files(cfg)
        postgres = self._postgres(cfg)
        if not postgres.initialised():
            self.say("creating a private PostgreSQL cluster")
            self.markers.clear(STEP_MIGRATE, STEP_ADMIN)
            postgres.init()
        postgres.start()
        postgres.ensure_role_and_db()
        if settings_changed and services.tracked():
            services.stop(services.tracked())
        if not self.markers.done(STEP_MIGRATE):
            self.say("migrating the database (about 15 s)")
            self._manage(STEP_MIGRATE, "migrate", "--noinput")
            self.markers.mark(STEP_MIGRATE)
        if not self.markers.done(STEP_ADMIN) or cfg.live_password != cfg.password:
            self._manage(STEP_ADMIN, "reset-admin-password", "--password", cfg.password)
            cfg.live_password = cfg.password
            self.markers.mark(STEP_ADMIN)
        wanted = services.wanted(cfg.workers)
        extra = [n for n in services.tracked() if n not in wanted]
        if extra:
            services.stop(extra)
        for name in wanted:
            if not services.up_to_date(name, cfg):
                services.stop([name])
                services.start(name, cfg)
        self._wait_until_serving(cfg, services, postgres)
        cfg.save(paths.config_file)
        self.say(f"pulpcore {self.pulpcore_version()} ready in {time.monotonic() - started:.1f} s")
        return self.info(cfg)

    def _install(self, requirement: str) -> None:
        log = self.paths.log("install")
        if not (self.paths.bin / "python").exists():
            self.say(f"creating venv {self.paths.venv}")
            if install.run_logged([install.base_python(), "-m", "venv", str(self.paths.venv)], log):
                raise HubError("venv", f"python -m venv {self.paths.venv}", log)
        self.say(f"pip install {requirement} (about 30 s)")
        pip = [str(self.paths.bin / "python"), "-m", "pip", "--disable-pip-version-check"]
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "VIRTUAL_ENV")}
        # A machine-wide constraint file is meant for the library's venv, not this one.
        env.pop("PIP_CONSTRAINT", None)
        if install.run_logged([*pip, "install", "-q", requirement], log, env=env):
            raise HubError("pip", f"pip install {requirement}", log)

    def _write_files(self, cfg: HubConfig) -> bool:
        paths = self.paths
        for folder in (paths.media, paths.working, paths.static):
            folder.mkdir(parents=True, exist_ok=True)
        ensure_encryption_key(paths)
        text = render_pulp_settings(cfg, paths, self._postgres(cfg).socket_dir)
        old = paths.settings_file.read_text() if paths.settings_file.exists() else None
        if old != text:
            write_atomic(paths.settings_file, text, mode=0o600)
        write_atomic(paths.console_script, render_console_script(paths), mode=0o755)
        return old is not None and old != text

    def _wait_until_serving(
        self, cfg: HubConfig, services: PulpServices, postgres: Postgres
    ) -> None:
        url = f"http://127.0.0.1:{cfg.port}{STATUS_PATH}"
        wait_for_api(services, url, cfg.username, cfg.password)
        names = [n for n in services.wanted(cfg.workers) if n.startswith(WORKER_PREFIX)]
        deadline = time.monotonic() + 60
        while True:
            records = {n: services.running(n) for n in names}
            dead = [n for n, r in records.items() if r is None]
            if dead:
                raise HubError(dead[0], "the worker exited during start", self.paths.log(dead[0]))
            online = online_worker_pids(postgres)
            if all(r is not None and r.pid in online for r in records.values()):
                break
            if time.monotonic() > deadline:
                raise HubError("workers", "not online after 60 s", self.paths.log(names[0]))
            time.sleep(0.2)
        for name, port in ((FILE_REMOTE, remote_port(cfg)), (STALL_REMOTE, stall_port(cfg))):
            deadline = time.monotonic() + 10
            while not port_answers(port):
                if services.running(name) is None or time.monotonic() > deadline:
                    raise HubError(name, f"not listening on 127.0.0.1:{port}", self.paths.log(name))
                time.sleep(0.1)

    # -- down / status / env ------------------------------------------------------------
    def down(self) -> None:
        if not self.paths.root.exists():
            return
        with self._locked():
            cfg = HubConfig.load(self.paths.config_file) or HubConfig()
            services = self._services()
            services.stop_all()
            self._postgres(cfg).stop()
            services.stop_strays()

    def status(self) -> dict[str, Any]:
        cfg = HubConfig.load(self.paths.config_file)
        if cfg is None:
            return {"state_dir": str(self.paths.root), "installed": False, "running": False}
        services = self._services()
        processes = {}
        for name in [*services.wanted(cfg.workers), "postgres"]:
            record = services.running(name)
            processes[name] = record.pid if record else None
        answer = None
        if processes.get(API):
            answer = api_answers(f"http://127.0.0.1:{cfg.port}{STATUS_PATH}")
        status = self.info(cfg)
        status.update(
            {
                "installed": self.markers.done(STEP_INSTALL) and install.venv_ready(self.paths),
                "migrated": self.markers.done(STEP_MIGRATE),
                "processes": processes,
                "api_status": answer,
                "running": answer == 200 and all(processes.values()),
            }
        )
        return status

    def env_lines(self) -> list[str]:
        """``export`` lines for ``eval "$(hubtask pulp env)"``."""
        cfg = HubConfig.load(self.paths.config_file)
        if cfg is None:
            raise HubError("env", f"no Pulp set up in {self.paths.root}: run `hubtask pulp up`")
        info = self.info(cfg)
        values = {
            "PULP_URL": info["url"],
            "PULP_API_PREFIX": info["api_prefix"],
            "PULP_USERNAME": info["username"],
            "PULP_PASSWORD": info["password"],
            "PULP_CONSOLE_COMMAND": info["console_command"],
            "PULP_FILE_REMOTE_URL": info["file_remote_url"],
            "PULP_STALL_REMOTE_URL": info["stall_remote_url"],
            "PULP_STATE_DIR": info["state_dir"],
            "PULP_VERSION": info["pulpcore"] or "",
        }
        return [f"export {key}={shlex.quote(str(value))}" for key, value in values.items()]

    def log_path(self, service: str) -> Path:
        return self.paths.log(service)


def print_pulp_info(info: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(info, indent=2, sort_keys=True))
        return
    print(f"URL:         {info['url']}   (API {info['api_url']}, pulpcore {info['pulpcore']})")
    print(f"User:        {info['username']} / {info['password']}")
    print(f"Console:     echo 'print(1)' | {info['console_command']}")
    print(f"File remote: {info['file_remote_url']}   (stalls: {info['stall_remote_url']})")
    print(f"State dir:   {info['state_dir']}   (logs: {info['logs_dir']})")


__all__ = ["STATE_DIR_ENV", "LocalPulp", "default_pulp_state_dir", "print_pulp_info"]
