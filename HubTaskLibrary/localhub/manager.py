"""LocalHub: set up, start, stop and reset a galaxy_ng hub on loopback.

Each set-up step leaves a marker file when done, so `up` after an interrupted
install or a killed machine redoes only what is missing, and `up` on a running
hub with the same options is a handful of file reads and one HTTP request.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import shlex
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import importer, install, passwords, signing, ui
from .eesettings import ensure_token_keys
from .errors import HubStepError
from .postgres import DB_NAME, TEMPLATE_DB, Postgres
from .processes import free_port, port_is_free
from .services import (
    API,
    CONTENT,
    WORKER_PREFIX,
    Services,
    api_answers,
    wait_for_api,
)
from .settings import (
    GUNICORN_CONFIG_MODULE,
    URLCONF_MODULE,
    WSGI_MODULE,
    ensure_encryption_key,
    hub_env,
    render_console_script,
    render_settings,
)
from .state import HubConfig, HubPaths, Markers, default_state_dir, normalise_prefix, write_atomic

# Ports tried first for a new hub (pulpcore's usual ones), random free ones otherwise.
PREFERRED_API_PORT = 24817
PREFERRED_CONTENT_PORT = 24816
PREFERRED_PG_PORT = 25432

# Set-up steps with a marker file each.
STEP_INSTALL = "install"
STEP_MIGRATE = "migrate"
STEP_ADMIN = "admin-password"
STEP_TEMPLATE = "template"
STEP_STATIC = "collectstatic"

Say = Callable[[str], None]


def stderr_say(message: str) -> None:
    print(f"[hubtask {time.strftime('%T')}] {message}", file=sys.stderr, flush=True)


class LocalHub:
    """A galaxy_ng hub whose every file lives in one state folder.

    >>> hub = LocalHub()                # default state folder
    >>> info = hub.up(prefix="/api/galaxy/")
    >>> info["url"], info["api_prefix"]
    """

    def __init__(self, state_dir: str | Path | None = None, say: Say | None = stderr_say) -> None:
        root = Path(state_dir).expanduser().absolute() if state_dir else default_state_dir()
        self.paths = HubPaths(root)
        self.markers = Markers(self.paths.markers)
        self._say = say

    # -- small helpers ------------------------------------------------------------
    def say(self, message: str) -> None:
        if self._say:
            self._say(message)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One command at a time per state folder (two `up`s would race)."""
        self.paths.ensure()
        with open(self.paths.lock_file, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _config(self) -> HubConfig | None:
        return HubConfig.load(self.paths.config_file)

    def _postgres(self, cfg: HubConfig) -> Postgres:
        return Postgres(self.paths, cfg.pg_port)

    def _services(self) -> Services:
        return Services(self.paths, hub_env(self.paths))

    def _manage(self, step: str, *args: str) -> None:
        """Run a `pulpcore-manager` command, its output in logs/<step>.log."""
        log = self.paths.log(step)
        argv = [str(self.paths.bin / "pulpcore-manager"), *args]
        if install.run_logged(argv, log, env=hub_env(self.paths)) != 0:
            raise HubStepError(step, f"pulpcore-manager {args[0]} failed", log)

    @property
    def console_command(self) -> str:
        return shlex.quote(str(self.paths.console_script))

    def info(self, cfg: HubConfig) -> dict[str, Any]:
        """What a client needs; the `--json` output of `hub up`."""
        url = f"http://127.0.0.1:{cfg.port}"
        services = self._services()
        pids = {}
        for name in [*services.tracked(), "postgres"]:
            record = services.pids.running(name)
            if record is not None:
                pids[name] = record.pid
        return {
            "url": url,
            "api_prefix": cfg.prefix,
            "api_url": url + cfg.prefix,
            "ui_url": f"{url}/ui/",
            "username": cfg.username,
            "password": cfg.password,
            "console_command": self.console_command,
            "state_dir": str(self.paths.root),
            "workers": cfg.workers,
            "content_url": f"http://127.0.0.1:{cfg.content_port}",
            "postgres_port": cfg.pg_port,
            "pids": pids,
            "logs_dir": str(self.paths.logs),
            "settings_file": str(self.paths.settings_file),
            "galaxy_ng": install.GALAXY_NG.split("==")[1],
        }

    # -- up -----------------------------------------------------------------------
    def up(
        self,
        prefix: str | None = None,
        port: int | None = None,
        workers: int | None = None,
        password: str | None = None,
    ) -> dict[str, Any]:
        """Install, configure and start the hub as needed; returns `info()`."""
        if workers is not None and workers < 1:
            raise HubStepError("config", "--workers must be at least 1")
        if password is not None and not password:
            raise HubStepError("config", "--password must not be empty")
        wanted_prefix = normalise_prefix(prefix) if prefix else None
        with self._locked():
            old = self._config()
            # A copy: `old` must keep what runs now, to compare with what is asked.
            cfg = dataclasses.replace(old) if old else HubConfig()
            cfg.prefix = wanted_prefix or cfg.prefix
            cfg.workers = workers or cfg.workers
            cfg.password = password if password is not None else cfg.password
            if port:
                cfg.port = port
            if old is not None and self._already_up(old, cfg):
                return self.info(old)
            return self._bring_up(cfg, old)

    def _already_up(self, old: HubConfig, cfg: HubConfig) -> bool:
        """True when the hub runs exactly as asked (the < 1 s path)."""
        if (old.prefix, old.workers, old.password, old.port) != (
            cfg.prefix,
            cfg.workers,
            cfg.password,
            cfg.port,
        ):
            return False
        services = self._services()
        wanted = services.wanted(cfg.workers)
        if not all(services.up_to_date(n, cfg) for n in wanted):
            return False
        if self._postgres(cfg).running() is None:
            return False
        if any(n not in wanted for n in services.tracked()):
            return False
        # Settings written by an older hubtask (before signing, say) need a full `up`.
        settings = self.paths.settings_file
        if not settings.exists() or settings.read_text() != render_settings(
            cfg, self.paths, self._postgres(cfg).socket_dir
        ):
            return False
        if not signing.script_path(self.paths).exists():
            return False
        # Unauthenticated on purpose: Django's password hashing makes every basic-auth
        # request cost ~0.3 s of server CPU; a 403 from the API proves it serves.
        url = f"http://127.0.0.1:{cfg.port}{cfg.prefix}"
        return api_answers(url) in (200, 401, 403)

    def _choose_ports(self, cfg: HubConfig, services: Services) -> None:
        """Keep the recorded ports unless something else took them meanwhile.

        A new hub gets pulpcore's usual ports, or with an explicit API port the two
        next to it, so that hubs in other state folders don't take the default's.
        """
        api_running = services.running(API) is not None
        content_running = services.running(CONTENT) is not None
        pg_running = self._postgres(cfg).running() is not None
        if not cfg.port:
            cfg.port = free_port(PREFERRED_API_PORT)
            content_pref, pg_pref = PREFERRED_CONTENT_PORT, PREFERRED_PG_PORT
        else:
            content_pref, pg_pref = cfg.port + 1, cfg.port + 2
            if not api_running and not port_is_free(cfg.port):
                raise HubStepError("port", f"127.0.0.1:{cfg.port} is taken by another program")
        if (
            not cfg.content_port
            or cfg.content_port == cfg.port
            or (not content_running and not port_is_free(cfg.content_port))
        ):
            cfg.content_port = free_port(content_pref, avoid={cfg.port})
        if not cfg.pg_port or (not pg_running and not port_is_free(cfg.pg_port)):
            cfg.pg_port = free_port(pg_pref, avoid={cfg.port, cfg.content_port})

    def _bring_up(self, cfg: HubConfig, old: HubConfig | None) -> dict[str, Any]:
        started = time.monotonic()
        paths = self.paths
        services = self._services()
        # A port change means servers bound elsewhere: stop them before choosing.
        if old is not None and old.port != cfg.port:
            services.stop([API])
        self._choose_ports(cfg, services)
        cfg.save(paths.config_file)

        if not (self.markers.done(STEP_INSTALL) and install.venv_ready(paths)):
            self.markers.clear(STEP_INSTALL, STEP_STATIC)
            install.ensure_system_packages(paths.log("install"), self.say)
            install.install_venv(paths, self.say)
            self.markers.mark(STEP_INSTALL)

        settings_changed = self._write_files(cfg)
        postgres = self._postgres(cfg)
        self._database_up(postgres, cfg)

        # Anything that holds the old settings must restart with the new ones.
        if settings_changed and services.tracked():
            self.say("settings changed: restarting the hub's servers")
            services.stop(services.tracked())
        services.stop_strays(only_servers=True)

        if not self.markers.done(STEP_MIGRATE):
            self.say("migrating the database (about 30 s)")
            self._manage(STEP_MIGRATE, "migrate", "--noinput")
            self.markers.mark(STEP_MIGRATE)
        if not self.markers.done(STEP_ADMIN) or cfg.live_password != cfg.password:
            self._set_admin_password(cfg, postgres)
        # Before the template, so that `reset` keeps the signing service.
        self._ensure_signing(postgres)
        if not self.markers.done(STEP_TEMPLATE) and not services.tracked():
            # The template is the "as new" database that `reset` copies.
            self.say("saving a template database for `hub reset`")
            postgres.make_template()
            cfg.template_password = cfg.live_password
            cfg.save(paths.config_file)
            self.markers.mark(STEP_TEMPLATE)
        if not self.markers.done(STEP_STATIC) or not (paths.static / "galaxy_ng").is_dir():
            self.say("collecting static files (web UI)")
            self._manage(STEP_STATIC, "collectstatic", "--noinput")
            self.markers.mark(STEP_STATIC)
            cfg.ui_prefix = ""
        if cfg.ui_prefix != cfg.prefix:
            ui.rewrite_ui_prefix(paths, cfg.prefix)
            # whitenoise read the files' sizes at start: restart the API to serve new ones.
            services.stop([API])
            cfg.ui_prefix = cfg.prefix
            cfg.save(paths.config_file)

        self._start_services(cfg, services)
        self._wait_until_serving(cfg, services, postgres)
        cfg.save(paths.config_file)
        self.say(f"hub ready in {time.monotonic() - started:.1f} s")
        return self.info(cfg)

    def _write_files(self, cfg: HubConfig) -> bool:
        """Settings, URL conf, console script; True when the settings text changed."""
        paths = self.paths
        for folder in (paths.media, paths.working, paths.static):
            folder.mkdir(parents=True, exist_ok=True)
        ensure_encryption_key(paths)
        ensure_token_keys(paths)
        ui.write_python_modules(paths, URLCONF_MODULE, WSGI_MODULE, GUNICORN_CONFIG_MODULE)
        text = render_settings(cfg, paths, self._postgres(cfg).socket_dir)
        old = paths.settings_file.read_text() if paths.settings_file.exists() else None
        if old != text:
            write_atomic(paths.settings_file, text, mode=0o600)
        write_atomic(paths.console_script, render_console_script(paths), mode=0o755)
        return old is not None and old != text

    def _database_up(self, postgres: Postgres, cfg: HubConfig) -> None:
        if not postgres.initialised():
            self.say("creating a private PostgreSQL cluster")
            # A new cluster has no database: every step that wrote into one is undone.
            self.markers.clear(STEP_MIGRATE, STEP_ADMIN, STEP_TEMPLATE)
            postgres.init()
        postgres.start()
        if not postgres.database_exists(TEMPLATE_DB):
            self.markers.clear(STEP_TEMPLATE)
        if not postgres.database_exists(DB_NAME):
            if self.markers.done(STEP_TEMPLATE):
                # An interrupted reset dropped the database: finish it.
                self.say("restoring the database from the template")
                postgres.restore_from_template()
                cfg.live_password = cfg.template_password
                return
            self.markers.clear(STEP_MIGRATE, STEP_ADMIN, STEP_TEMPLATE)
        elif not self.markers.done(STEP_TEMPLATE) and self.markers.done(STEP_MIGRATE):
            # The template is gone but the database was used since: only a fresh
            # database (migrated again) can become the new "as new" template.
            self.say("template database missing: rebuilding the database")
            self._services().stop_all()
            postgres.psql(f"DROP DATABASE {DB_NAME} WITH (FORCE)", step="rebuild-db")
            self.markers.clear(STEP_MIGRATE, STEP_ADMIN)
        postgres.ensure_role_and_db()

    def _ensure_signing(self, postgres: Postgres) -> None:
        """Key, script and the registered collection signing service (signing.py)."""
        setup = signing.SigningSetup(self.paths, self.say)
        fingerprint = setup.prepare()

        def query(sql: str) -> str:
            return postgres.psql(sql, db=DB_NAME, step="signing")

        if setup.needs_registration(query, fingerprint):
            self.say("registering the collection signing service")
            self._manage("signing", *setup.register_argv(fingerprint))

    def _set_admin_password(self, cfg: HubConfig, postgres: Postgres) -> None:
        # The first time through Django (it also creates the user); later straight
        # into the table, which is much faster than a Django start.
        hashed = passwords.django_pbkdf2_sha256(cfg.password)
        if not (
            self.markers.done(STEP_ADMIN) and postgres.set_user_password_hash(cfg.username, hashed)
        ):
            self._manage(STEP_ADMIN, "reset-admin-password", "--password", cfg.password)
        cfg.live_password = cfg.password
        cfg.save(self.paths.config_file)
        self.markers.mark(STEP_ADMIN)

    def _wait_until_serving(self, cfg: HubConfig, services: Services, postgres: Postgres) -> None:
        """API answers 200 with the admin credentials, and every worker registered
        (workers load as fast as the API, so this rarely adds time; without it a
        first task could sit in `waiting` for seconds)."""
        url = f"http://127.0.0.1:{cfg.port}{cfg.prefix}"

        def put_password_back() -> None:
            self.say("the API refused the admin password: setting it again")
            self._set_admin_password(cfg, postgres)

        wait_for_api(services, url, cfg.username, cfg.password, on_forbidden=put_password_back)
        names = [n for n in services.wanted(cfg.workers) if n.startswith(WORKER_PREFIX)]
        deadline = time.monotonic() + 60
        while True:
            records = {n: services.running(n) for n in names}
            for name, record in records.items():
                if record is None:
                    raise HubStepError(name, "the worker exited during start", self.paths.log(name))
            online = postgres.online_worker_pids()
            missing = [n for n, r in records.items() if r is not None and r.pid not in online]
            if not missing:
                return
            if time.monotonic() > deadline:
                raise HubStepError(
                    missing[0], "worker not online after 60 s", self.paths.log(missing[0])
                )
            time.sleep(0.2)

    def _start_services(self, cfg: HubConfig, services: Services) -> None:
        wanted = services.wanted(cfg.workers)
        extra = [n for n in services.tracked() if n.startswith(WORKER_PREFIX) and n not in wanted]
        if extra:
            services.stop(extra)
        for name in wanted:
            if not services.up_to_date(name, cfg):
                services.stop([name])  # started with an older command line
                services.start(name, cfg)

    # -- down / reset / status ------------------------------------------------------
    def down(self) -> None:
        """Stop every process this hub started; PostgreSQL last."""
        if not self.paths.root.exists():
            return
        with self._locked():
            cfg = self._config() or HubConfig()
            services = self._services()
            services.stop_all()
            self._postgres(cfg).stop()
            signing.SigningSetup(self.paths, self.say).stop_agent()
            # Anything else still running with our settings (a console shell...).
            services.stop_strays()

    def reset(self) -> dict[str, Any]:
        """An empty hub again: database copied from the template, media cleared."""
        with self._locked():
            cfg = self._config()
            if cfg is None or not self.markers.done(STEP_MIGRATE):
                raise HubStepError("reset", "no hub set up here yet: run `hubtask hub up` first")
            started = time.monotonic()
            services = self._services()
            self.say("stopping API, content app and workers")
            services.stop_all()
            postgres = self._postgres(cfg)
            self._write_files(cfg)
            postgres.start()
            if not postgres.database_exists(TEMPLATE_DB):
                # Slow path: a fresh migrate makes a new template (see _database_up).
                self.markers.clear(STEP_TEMPLATE)
                self._clear_files()
                return self._bring_up(cfg, cfg)
            self.say("restoring the database from the template")
            postgres.restore_from_template()
            cfg.live_password = cfg.template_password
            cfg.save(self.paths.config_file)
            self._clear_files()
            if cfg.live_password != cfg.password:
                self._set_admin_password(cfg, postgres)
            self._ensure_signing(postgres)
            self._start_services(cfg, services)
            self._wait_until_serving(cfg, services, postgres)
            self.say(f"hub reset in {time.monotonic() - started:.1f} s")
            return self.info(cfg)

    def _clear_files(self) -> None:
        """Uploaded artifacts and temporary files: gone with the database rows."""
        for folder in (self.paths.media, self.paths.working):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)

    def status(self) -> dict[str, Any]:
        """What runs, and whether the API answers."""
        cfg = self._config()
        if cfg is None:
            return {"state_dir": str(self.paths.root), "installed": False, "running": False}
        services = self._services()
        names = [*services.wanted(cfg.workers), "postgres"]
        names += [n for n in services.tracked() if n not in names]
        processes = {}
        for name in names:
            record = services.running(name)
            processes[name] = record.pid if record else None
        answer = None
        if processes.get(API):
            answer = api_answers(
                f"http://127.0.0.1:{cfg.port}{cfg.prefix}", cfg.username, cfg.password
            )
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

    def importer(self, lint: bool | None = None) -> dict[str, Any]:
        """galaxy-importer's settings for uploads; ``lint`` turns ansible-lint on/off.

        galaxy-importer reads the file on every import, so no restart is needed;
        running workers that cannot see the file (started by an older version)
        or that override it from their environment are named in ``warnings``.
        """
        cfg = self._config()
        if cfg is None:
            raise HubStepError(
                "importer", f"no hub in {self.paths.root}: run `hubtask hub up` first"
            )
        if lint is not None:
            importer.write_lint(self.paths, lint)
        effective = importer.read_lint(self.paths)
        warnings = []
        services = self._services()
        workers = [n for n in services.wanted(cfg.workers) if n.startswith(WORKER_PREFIX)]
        for name in workers:  # the workers are what imports
            record = services.running(name)
            if record is None:
                continue
            if importer.process_reads_config(record.pid, self.paths) is False:
                warnings.append(
                    f"{name} (pid {record.pid}) was started without the importer config; "
                    "restart the hub (hubtask hub down, then up) for this to apply"
                )
            override = importer.lint_override(record.pid)
            if override is not None:
                warnings.append(
                    f"{name} (pid {record.pid}) has {importer.LINT_ENV}={override} in its "
                    "environment, which galaxy-importer puts before the file"
                )
        return {
            "lint": effective,
            "config_file": str(importer.config_path(self.paths)),
            "warnings": warnings,
        }

    def env_lines(self) -> list[str]:
        """`export` lines for `eval "$(hubtask hub env)"`."""
        cfg = self._config()
        if cfg is None:
            raise HubStepError("env", f"no hub set up in {self.paths.root}: run `hubtask hub up`")
        info = self.info(cfg)
        values = {
            "HUB_URL": info["url"],
            "HUB_API_PREFIX": info["api_prefix"],
            "HUB_UI_URL": info["ui_url"],
            "HUB_USERNAME": info["username"],
            "HUB_PASSWORD": info["password"],
            "HUB_CONTENT_URL": info["content_url"],
            "HUB_CONSOLE_COMMAND": info["console_command"],
            "HUB_STATE_DIR": info["state_dir"],
        }
        return [f"export {key}={shlex.quote(str(value))}" for key, value in values.items()]

    def log_path(self, service: str) -> Path:
        return self.paths.log(service)

    def log_names(self) -> list[str]:
        return (
            sorted(p.stem for p in self.paths.logs.glob("*.log"))
            if self.paths.logs.exists()
            else []
        )
