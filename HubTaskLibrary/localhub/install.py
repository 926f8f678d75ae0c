"""Installing galaxy_ng into a venv of its own, plus the system packages it needs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .errors import HubStepError
from .state import HubPaths, write_atomic

GALAXY_NG = "galaxy-ng==4.9.2"

# Pins galaxy-ng 4.9.2 needs on top of its own requirements (see hub-notes):
CONSTRAINTS = """\
# ruamel.yaml.clib: newer breaks every pulpcore-manager command (DistributionNotFound).
ruamel.yaml.clib==0.2.8
# aiohttp 3.10: namespace creation's background task fails with "no running event loop".
aiohttp<3.10
# ansible-core 2.15+: breaks the ansible-lint that galaxy-importer pins.
ansible-core<2.15
pip<25
"""

# python-ldap builds from source (headers), the server comes from Debian.
DEBIAN_PACKAGES = ("libldap2-dev", "libsasl2-dev", "postgresql")


def missing_debian_packages(packages: tuple[str, ...] = DEBIAN_PACKAGES) -> list[str]:
    """Packages dpkg does not list as installed; [] where dpkg does not exist."""
    if shutil.which("dpkg-query") is None:
        return []
    missing = []
    for package in packages:
        proc = subprocess.run(
            ["dpkg-query", "-W", "-f=${db:Status-Status}", package],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0 or proc.stdout.strip() != "installed":
            missing.append(package)
    return missing


def ensure_system_packages(log: Path, say, packages: tuple[str, ...] = DEBIAN_PACKAGES) -> None:
    missing = missing_debian_packages(packages)
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise HubStepError(
            "system-packages",
            "missing Debian packages, install them first: "
            f"sudo apt-get install -y {' '.join(missing)}",
        )
    say(f"installing Debian packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    argv = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if run_logged(argv, log, env=env) != 0:
        # The package lists may be missing on a fresh machine: update once, retry.
        run_logged(["apt-get", "update"], log, env=env)
        if run_logged(argv, log, env=env) != 0:
            raise HubStepError("system-packages", f"apt-get install {' '.join(missing)}", log)


def run_logged(argv: list[str], log: Path, env: dict[str, str] | None = None) -> int:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        out.write(f"\n=== {time.strftime('%F %T')} {' '.join(argv)}\n".encode())
        out.flush()
        return subprocess.run(
            argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
        ).returncode


def venv_ready(paths: HubPaths) -> bool:
    """The venv holds galaxy_ng and the commands we run."""
    return all((paths.bin / name).exists() for name in ("python", "pulpcore-manager", "gunicorn"))


def install_venv(paths: HubPaths, say) -> None:
    """Create the venv and pip-install galaxy-ng with the pins."""
    log = paths.log("install")
    python = base_python()
    if not (paths.bin / "python").exists():
        say(f"creating venv {paths.venv}")
        if paths.venv.exists():
            shutil.rmtree(paths.venv)  # half-made venv from an interrupted run
        if run_logged([python, "-m", "venv", str(paths.venv)], log) != 0:
            raise HubStepError("venv", f"{python} -m venv {paths.venv}", log)
    write_atomic(paths.constraints_file, CONSTRAINTS)
    pip = [str(paths.bin / "python"), "-m", "pip", "--disable-pip-version-check"]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "VIRTUAL_ENV")}
    # A machine-wide constraint file may pin unrelated packages; ours must win.
    env["PIP_CONSTRAINT"] = str(paths.constraints_file)
    if run_logged([*pip, "install", "-q", "pip<25"], log, env=env) != 0:
        raise HubStepError("pip", "pip install 'pip<25'", log)
    say(f"pip install {GALAXY_NG} (about a minute)")
    argv = [*pip, "install", "-c", str(paths.constraints_file), GALAXY_NG]
    if run_logged(argv, log, env=env) != 0:
        raise HubStepError("pip", f"pip install {GALAXY_NG}", log)


def base_python() -> str:
    """The interpreter that makes the hub's venv: ours, unless ours is itself a venv
    (then its base, so the hub venv does not depend on the library's venv)."""
    base = getattr(sys, "_base_executable", None) or sys.executable
    return base if Path(base).exists() else sys.executable
