"""A loopback container registry (Debian's ``docker-registry``) to sync execution environments from.

``hubtask registry up`` installs Debian's ``docker-registry`` and ``skopeo``
where missing, writes a config of its own (127.0.0.1, a private storage
folder, deletes allowed), starts the registry detached and tracks it by PID
file, then seeds it with small images built here without any network (see
``oci.py``) and pushed with ``skopeo copy``. Everything lives in
``<state dir>/registry/``; ``down`` stops the process by its PID.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import oci
from .errors import HubStepError
from .install import missing_debian_packages, run_logged
from .processes import PidFiles, free_port, port_answers, start_detached, stop_processes
from .state import default_state_dir, write_atomic

PACKAGES = ("docker-registry", "skopeo")
REGISTRY_BIN = "/usr/bin/docker-registry"
DEFAULT_PORT = 25000
PROCESS = "registry"
# What `up` seeds: repository name -> tags. Small on purpose (a few KB each).
SEED_IMAGES: dict[str, tuple[str, ...]] = {
    "hubtask/minimal": ("1.0", "latest"),
    "hubtask/other": ("1.0",),
}
# dpkg's lock is shared with other installs on the machine: wait for it this long.
APT_LOCK_WAIT = 300.0

Say = Callable[[str], None]

CONFIG_TEMPLATE = """\
# Written by hubtask (HubTaskLibrary.localhub.registry); rewritten on every `registry up`.
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: {storage}
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:{port}
  secret: {secret}
"""


def _quiet(message: str) -> None:
    del message


class LoopbackRegistry:
    """One registry per state folder: ``<state dir>/registry``."""

    def __init__(self, state_dir: str | Path | None = None, say: Say = _quiet) -> None:
        base = Path(state_dir).expanduser().absolute() if state_dir else default_state_dir()
        self.root = base / "registry"
        self.say = say
        self.pids = PidFiles(self.root / "run")

    # -- files ----------------------------------------------------------------------
    @property
    def storage(self) -> Path:
        return self.root / "storage"

    @property
    def config_file(self) -> Path:
        return self.root / "config.yml"

    @property
    def info_file(self) -> Path:
        return self.root / "registry.json"

    @property
    def log_file(self) -> Path:
        return self.root / "logs" / "registry.log"

    def _saved_port(self) -> int:
        try:
            return int(json.loads(self.info_file.read_text())["port"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0

    # -- commands -------------------------------------------------------------------
    def up(self, port: int | None = None, seed: bool = True) -> dict[str, Any]:
        """Start (or keep) the registry and seed it; returns what `info` returns."""
        ensure_packages(self.root / "logs" / "apt.log", self.say)
        record = self.pids.running(PROCESS)
        saved = self._saved_port()
        if record is not None and (port is None or port == saved) and self._answers(saved):
            self.say(f"registry already running on 127.0.0.1:{saved} (pid {record.pid})")
        else:
            if record is not None:
                stop_processes([record])
                self.pids.remove(PROCESS)
            self._start(free_port(port or saved or DEFAULT_PORT))
        if seed:
            self.seed()
        return self.info()

    def _start(self, port: int) -> None:
        self.storage.mkdir(parents=True, exist_ok=True)
        secret = os.urandom(16).hex()
        write_atomic(
            self.config_file,
            CONFIG_TEMPLATE.format(storage=json.dumps(str(self.storage)), port=port, secret=secret),
            mode=0o600,
        )
        argv = [REGISTRY_BIN, "serve", str(self.config_file)]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.root)}
        pid = start_detached(argv, self.log_file, env, self.root)
        self.pids.write(PROCESS, pid, argv)
        write_atomic(self.info_file, json.dumps({"port": port}) + "\n")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.pids.running(PROCESS) is None:
                raise HubStepError("registry", "docker-registry exited at start", self.log_file)
            if self._answers(port):
                self.say(f"registry serving on 127.0.0.1:{port} (pid {pid})")
                return
            time.sleep(0.1)
        raise HubStepError("registry", f"no answer on 127.0.0.1:{port} within 20 s", self.log_file)

    def _answers(self, port: int) -> bool:
        if not port or not port_answers(port):
            return False
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v2/", timeout=2) as reply:
                return int(reply.status) == 200
        except (urllib.error.URLError, OSError):
            return False

    def down(self) -> bool:
        """Stop the registry by its PID; False when it was not running."""
        record = self.pids.running(PROCESS)
        if record is None:
            return False
        stop_processes([record], grace=5)
        self.pids.remove(PROCESS)
        return True

    def info(self) -> dict[str, Any]:
        port = self._saved_port()
        record = self.pids.running(PROCESS)
        running = record is not None and self._answers(port)
        return {
            "url": f"http://127.0.0.1:{port}" if port else None,
            "host": f"127.0.0.1:{port}" if port else None,
            "pid": record.pid if record else None,
            "running": running,
            "repositories": self.catalog() if running else [],
            "state_dir": str(self.root),
            "log": str(self.log_file),
        }

    def env_lines(self) -> list[str]:
        port = self._saved_port()
        if not port:
            raise HubStepError(
                "registry", f"no registry set up in {self.root}: run `hubtask registry up`"
            )
        return [f"export HUB_TEST_REGISTRY={shlex.quote(f'http://127.0.0.1:{port}')}"]

    def catalog(self) -> list[str]:
        body = self._get_json("/v2/_catalog?n=1000")
        return list(body.get("repositories") or [])

    def tags(self, name: str) -> list[str]:
        body = self._get_json(f"/v2/{name}/tags/list")
        return sorted(body.get("tags") or [])

    def _get_json(self, path: str) -> dict[str, Any]:
        url = f"http://127.0.0.1:{self._saved_port()}{path}"
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                data: dict[str, Any] = json.loads(reply.read())
                return data
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return {}
            raise HubStepError("registry", f"GET {url} answered {err.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as err:
            raise HubStepError("registry", f"GET {url} failed: {err}") from None

    def seed(self) -> list[str]:
        """Push the seed images that are not there yet; returns what was pushed."""
        pushed = []
        for name, tags in SEED_IMAGES.items():
            have = set(self.tags(name))
            for tag in tags:
                if tag not in have:
                    self.push(name, tag)
                    pushed.append(f"{name}:{tag}")
        if pushed:
            self.say(f"seeded {', '.join(pushed)}")
        return pushed

    def push(self, name: str, tag: str) -> str:
        """Build the test image ``name:tag`` and push it; returns its reference."""
        port = self._saved_port()
        if not port:
            raise HubStepError("registry", "the registry is not set up: run `hubtask registry up`")
        target = f"127.0.0.1:{port}/{name}:{tag}"
        push_test_image(f"docker://{target}", name, tag)
        return target


def push_test_image(
    destination: str,
    name: str,
    tag: str,
    authfile: Path | None = None,
    extra: Sequence[str] = (),
) -> None:
    """Build ``name:tag`` as an OCI layout and ``skopeo copy`` it to ``destination``."""
    with tempfile.TemporaryDirectory(prefix="hubtask-oci-") as folder:
        layout = oci.write_layout(Path(folder) / "layout", name, [tag])
        skopeo_copy(f"oci:{layout}:{tag}", destination, authfile, extra)


def skopeo_copy(
    source: str, destination: str, authfile: Path | None = None, extra: Sequence[str] = ()
) -> None:
    """``skopeo copy`` over plain HTTP on loopback; the one-line error on failure."""
    skopeo = shutil.which("skopeo")
    if skopeo is None:
        raise HubStepError("skopeo", "skopeo is missing: run `hubtask registry up` (installs it)")
    argv = [skopeo, "--insecure-policy", "copy", "--retry-times", "2", "--quiet"]
    argv += ["--src-tls-verify=false", "--dest-tls-verify=false", *extra]
    if authfile is not None:
        argv += ["--dest-authfile", str(authfile)]
    argv += [source, destination]
    # A private home: skopeo must not read or write the user's containers config.
    with tempfile.TemporaryDirectory(prefix="hubtask-skopeo-") as home:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home}
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    if proc.returncode != 0:
        lines = [line.strip() for line in (proc.stderr or proc.stdout).splitlines() if line.strip()]
        message = lines[-1] if lines else f"exit {proc.returncode}"
        # skopeo logs as `time="..." level=fatal msg="..."`: keep the message.
        found = re.search(r'msg="((?:[^"\\]|\\.)*)"', message)
        if found:
            message = found.group(1).replace('\\"', '"')
        raise HubStepError("skopeo", f"copy to {destination} failed: {message}")


def ensure_packages(log: Path, say: Say, packages: tuple[str, ...] = PACKAGES) -> None:
    """apt-get install what is missing; waits while another install holds dpkg's lock."""
    missing = missing_debian_packages(packages)
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise HubStepError(
            "system-packages",
            f"missing Debian packages, install them first: sudo apt-get install -y {' '.join(missing)}",
        )
    say(f"installing Debian packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    argv = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    deadline = time.monotonic() + APT_LOCK_WAIT
    updated = False
    while True:
        if run_logged(argv, log, env=env) == 0:
            return
        if not missing_debian_packages(packages):
            return  # another process installed them meanwhile
        if not updated:
            # A fresh machine may lack the package lists: update once.
            updated = True
            run_logged(["apt-get", "update"], log, env=env)
            continue
        if time.monotonic() > deadline:
            raise HubStepError("system-packages", f"apt-get install {' '.join(missing)}", log)
        # Most likely dpkg's lock, held by another install on this machine.
        time.sleep(10)
