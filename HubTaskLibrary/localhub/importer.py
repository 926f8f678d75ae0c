"""galaxy-importer settings of the local hub: ``hubtask hub importer [--lint on|off]``.

Every collection upload runs galaxy-importer in a worker, and its ansible-lint
pass is most of an import's time (*measured on this machine:* 2.4-2.8 s for a
minimal collection with it, 0.4-0.5 s without). A test hub whose suites do not
check lint results can turn it off. galaxy-importer reads its config file on
every import, so the change applies from the next import on, with no restart:
the hub's processes get ``GALAXY_IMPORTER_CONFIG`` pointing at the file below
(see :func:`.settings.hub_env`), and the file is written here.
"""

from __future__ import annotations

import configparser
import io
import os
from pathlib import Path

from .errors import HubStepError
from .state import HubPaths, write_atomic

CONFIG_ENV = "GALAXY_IMPORTER_CONFIG"
SECTION = "galaxy-importer"
LINT_KEY = "run_ansible_lint"
# galaxy-importer's own environment override; it wins over the file.
LINT_ENV = "GALAXY_IMPORTER_RUN_ANSIBLE_LINT"
_WORDS = {"on": True, "off": False}


def config_path(paths: HubPaths) -> Path:
    return paths.etc / "galaxy-importer.cfg"


def parse_switch(text: str) -> bool:
    word = text.strip().lower()
    if word not in _WORDS:
        raise HubStepError("importer", f"--lint takes 'on' or 'off', not {text!r}")
    return _WORDS[word]


def _read(paths: HubPaths) -> configparser.ConfigParser:
    """The config file as galaxy-importer reads it (empty when there is none)."""
    parser = configparser.ConfigParser()
    parser.read(config_path(paths))
    return parser


def read_lint(paths: HubPaths) -> bool:
    """Whether imports run ansible-lint (galaxy-importer's default: yes)."""
    parser = _read(paths)
    if not parser.has_section(SECTION):
        return True
    return parser.getboolean(SECTION, LINT_KEY, fallback=True)


def write_lint(paths: HubPaths, lint: bool) -> None:
    parser = _read(paths)
    if not parser.has_section(SECTION):
        parser.add_section(SECTION)
    parser.set(SECTION, LINT_KEY, "True" if lint else "False")
    text = io.StringIO()
    text.write("# Written by `hubtask hub importer`; galaxy-importer reads it on every import.\n")
    parser.write(text)
    write_atomic(config_path(paths), text.getvalue())


def _environ(pid: int) -> list[bytes] | None:
    """A running process's environment entries (``NAME=value``), None when unreadable."""
    try:
        return Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return None


def process_reads_config(pid: int, paths: HubPaths) -> bool | None:
    """Whether a running process was started with our config file (None: unknown)."""
    environ = _environ(pid)
    if environ is None:
        return None
    return f"{CONFIG_ENV}={config_path(paths)}".encode() in environ


def lint_override(pid: int) -> str | None:
    """galaxy-importer's environment override in a running process, if set."""
    environ = _environ(pid)
    if environ is None:
        return os.environ.get(LINT_ENV)
    prefix = f"{LINT_ENV}=".encode()
    found = [e[len(prefix) :].decode() for e in environ if e.startswith(prefix)]
    return found[0] if found else None
