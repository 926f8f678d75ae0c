"""A private PostgreSQL cluster for one hub: its own data dir, loopback port and
socket dir, trust auth.

PostgreSQL refuses to run as root, so as root the server runs as the ``postgres``
system user. That user must be able to reach the data dir; when the state folder
sits somewhere it cannot enter (``/root`` is mode 700), the cluster lives in the
postgres user's home instead and ``<state>/postgres`` is a symlink to it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pwd
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

from .errors import HubStepError
from .processes import PidFiles, PidRecord, process_start_time, start_detached, stop_processes
from .state import HubPaths

DB_NAME = "pulp"
TEMPLATE_DB = "pulp_template"
ROLE = "pulp"
SERVICE = "postgres"


def find_bin_dir() -> Path | None:
    """Newest /usr/lib/postgresql/<v>/bin, else the folder of `initdb` on PATH."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def user_can_traverse(path: Path, uid: int, gids: set[int]) -> bool:
    """Whether a user may walk down to ``path`` (execute bit on every ancestor).

    Checked from the mode bits because we cannot ask the kernel on another user's
    behalf without switching to it.
    """
    for folder in [path, *path.parents]:
        try:
            st = folder.stat()
        except FileNotFoundError:
            continue  # created later by us with a traversable mode
        if st.st_uid == uid:
            ok = bool(st.st_mode & stat.S_IXUSR)
        elif st.st_gid in gids:
            ok = bool(st.st_mode & stat.S_IXGRP)
        else:
            ok = bool(st.st_mode & stat.S_IXOTH)
        if not ok:
            return False
    return True


class Postgres:
    def __init__(self, paths: HubPaths, port: int) -> None:
        self.paths = paths
        self.port = port
        self.pids = PidFiles(paths.run)
        self.log = paths.log(SERVICE)
        self.run_as: str | None = "postgres" if os.geteuid() == 0 else None

    # -- locations ---------------------------------------------------------------
    @property
    def cluster(self) -> Path:
        # Resolved: the server's user must not pass through the symlink's folder.
        link = self.paths.postgres
        return link.resolve() if link.is_symlink() else link

    @property
    def data(self) -> Path:
        return self.cluster / "data"

    @property
    def socket_dir(self) -> Path:
        folder = self.cluster / "run"
        # A Unix socket path is limited to 107 bytes: fall back to a short folder.
        if len(str(folder / f".s.PGSQL.{self.port}")) > 100:
            key = hashlib.sha1(str(self.paths.root).encode()).hexdigest()[:12]
            folder = Path("/tmp") / f"hubtask-pg-{key}"
        return folder

    def _owner(self) -> pwd.struct_passwd | None:
        if self.run_as is None:
            return None
        try:
            return pwd.getpwnam(self.run_as)
        except KeyError as err:
            raise HubStepError(
                "postgres", "running as root needs a 'postgres' system user (install postgresql)"
            ) from err

    def prepare_folders(self) -> None:
        """Create the cluster folder where the server's user can reach it."""
        owner = self._owner()
        link = self.paths.postgres
        if owner is not None and not link.exists():
            gids = {owner.pw_gid, *os.getgrouplist(owner.pw_name, owner.pw_gid)}
            if not user_can_traverse(self.paths.root, owner.pw_uid, gids):
                key = hashlib.sha1(str(self.paths.root.resolve()).encode()).hexdigest()[:12]
                target = Path(owner.pw_dir) / "hubtasklibrary" / key
                target.mkdir(parents=True, exist_ok=True)
                for folder in (target.parent, target):
                    os.chown(folder, owner.pw_uid, owner.pw_gid)
                if link.is_symlink():
                    link.unlink()  # dangling: its target was removed
                link.symlink_to(target)
        self.cluster.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(mode=0o755, exist_ok=True)
        if owner is not None:
            for folder in (self.cluster, self.socket_dir):
                os.chown(folder, owner.pw_uid, owner.pw_gid)

    # -- commands -----------------------------------------------------------------
    def _run(self, argv: list[str], step: str, user: str | None = None) -> str:
        with open(self.log, "ab") as log:
            log.write(f"\n=== {time.strftime('%F %T')} {' '.join(argv)}\n".encode())
        proc = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            cwd=str(self.cluster),
            user=user,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
        with open(self.log, "a") as log:
            log.write(proc.stdout + proc.stderr)
        if proc.returncode != 0:
            last = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or ["?"]
            raise HubStepError(step, last[0], self.log)
        return proc.stdout

    def bin(self, name: str) -> str:
        folder = find_bin_dir()
        if folder is None:
            raise HubStepError(
                "postgres", "PostgreSQL server binaries not found (package postgresql)"
            )
        return str(folder / name)

    def initialised(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def init(self) -> None:
        """initdb once; a data dir left half-made by an interrupted initdb is redone."""
        self.prepare_folders()
        if self.initialised():
            return
        if self.data.exists():
            shutil.rmtree(self.data)
        argv = [self.bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust"]
        argv += ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        self._run(argv, "initdb", user=self.run_as)

    # -- server -------------------------------------------------------------------
    def running(self) -> PidRecord | None:
        record = self.pids.running(SERVICE)
        if record is not None:
            return record
        # Our PID file is gone but a postmaster for this very data dir may still run
        # (e.g. the file was removed by hand): adopt it instead of starting a second.
        pid = self._postmaster_pid()
        if pid and self._is_our_postmaster(pid):
            return self.pids.write(SERVICE, pid)
        return None

    def _postmaster_pid(self) -> int | None:
        try:
            first = (self.data / "postmaster.pid").read_text().splitlines()[0]
            return int(first)
        except (OSError, ValueError, IndexError):
            return None

    def _is_our_postmaster(self, pid: int) -> bool:
        if process_start_time(pid) is None:
            return False
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return False
        return (
            bool(cmdline)
            and cmdline[0].endswith(b"postgres")
            and (str(self.data).encode() in cmdline)
        )

    def _clear_stale_locks(self) -> None:
        """Lock files a killed server left; removed only when no server holds them."""
        pid = self._postmaster_pid()
        if pid is not None and not self._is_our_postmaster(pid):
            (self.data / "postmaster.pid").unlink(missing_ok=True)
        for lock in self.socket_dir.glob(".s.PGSQL.*.lock"):
            with contextlib.suppress(OSError):
                lock_pid = int(lock.read_text().splitlines()[0])
                if self._is_our_postmaster(lock_pid):
                    continue
            lock.unlink(missing_ok=True)
            (self.socket_dir / lock.name.removesuffix(".lock")).unlink(missing_ok=True)

    def start(self, timeout: float = 60) -> None:
        if self.running():
            return
        self.prepare_folders()
        self._clear_stale_locks()
        argv = [
            self.bin("postgres"),
            "-D",
            str(self.data),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-k",
            str(self.socket_dir),
            # A test hub: losing the last commits on a machine crash is fine, a faster
            # migrate (hundreds of small transactions) is worth it. Never corrupts.
            "-c",
            "synchronous_commit=off",
            "-c",
            "max_connections=200",
        ]
        pid = start_detached(argv, self.log, os.environ, self.cluster, user=self.run_as)
        self.pids.write(SERVICE, pid)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process_start_time(pid) is None:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, os.WNOHANG)
                self.pids.remove(SERVICE)
                raise HubStepError("postgres", "the server exited at start", self.log)
            if self.ready():
                return
            time.sleep(0.1)
        raise HubStepError("postgres", f"not ready after {timeout:.0f} s", self.log)

    def ready(self) -> bool:
        proc = subprocess.run(
            [self.bin("pg_isready"), "-q", "-h", str(self.socket_dir), "-p", str(self.port)],
            capture_output=True,
        )
        return proc.returncode == 0

    def stop(self) -> None:
        record = self.running()
        if record is not None:
            # SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients.
            stop_processes([record], grace=20, term_signal=signal.SIGINT)
        self.pids.remove(SERVICE)

    # -- SQL ----------------------------------------------------------------------
    def psql(self, sql: str, db: str = "postgres", step: str = "postgres") -> str:
        argv = [self.bin("psql"), "-h", str(self.socket_dir), "-p", str(self.port)]
        argv += ["-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-Atqc", sql]
        return self._run(argv, step).strip()

    def database_exists(self, name: str) -> bool:
        return self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"

    def ensure_role_and_db(self) -> None:
        if self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'") != "1":
            # Superuser: migrations create extensions; this is a throw-away test hub.
            self.psql(f"CREATE ROLE {ROLE} LOGIN SUPERUSER", step="create-role")
        if not self.database_exists(DB_NAME):
            self.psql(f"CREATE DATABASE {DB_NAME} OWNER {ROLE}", step="create-db")

    def make_template(self) -> None:
        """Copy the freshly migrated DB; needs no open connection to it."""
        self.psql(f"DROP DATABASE IF EXISTS {TEMPLATE_DB}", step="template")
        self.psql(f"CREATE DATABASE {TEMPLATE_DB} TEMPLATE {DB_NAME} OWNER {ROLE}", step="template")

    def restore_from_template(self) -> None:
        # FORCE ends any connection left over from a process we could not stop.
        self.psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)", step="reset-db")
        self.psql(f"CREATE DATABASE {DB_NAME} TEMPLATE {TEMPLATE_DB} OWNER {ROLE}", step="reset-db")

    def online_worker_pids(self) -> set[int]:
        """PIDs of pulpcore workers that registered (their name is ``<pid>@<host>``)."""
        rows = self.psql("SELECT name FROM core_worker", db=DB_NAME, step="workers")
        pids = set()
        for row in rows.splitlines():
            pid, _, _host = row.partition("@")
            if pid.isdigit():
                pids.add(int(pid))
        return pids

    def set_user_password_hash(self, username: str, password_hash: str) -> bool:
        """Store a Django password hash for ``username``; False if no such user."""
        quoted_hash = password_hash.replace("'", "''")
        quoted_user = username.replace("'", "''")
        sql = (
            f"UPDATE galaxy_user SET password = '{quoted_hash}' "
            f"WHERE username = '{quoted_user}' RETURNING 1"
        )
        return self.psql(sql, db=DB_NAME, step="admin-password") == "1"
