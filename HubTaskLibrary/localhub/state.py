"""Where a local hub keeps its files, and the small records it keeps about itself.

Everything a hub owns lives under one state folder so that several hubs (one per
folder) can coexist and a hub can be found again after a machine stop.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..apiprefix import normalize_prefix
from ..errors import InvalidArgumentError
from .errors import HubStepError

STATE_DIR_ENV = "HUBTASK_STATE_DIR"
DEFAULT_PREFIX = "/api/galaxy/"
KNOWN_PREFIXES = ("/api/galaxy/", "/api/automation-hub/")


def default_state_dir(environ: dict[str, str] | None = None) -> Path:
    """The state folder used when none is given: env var, then XDG state home."""
    env = os.environ if environ is None else environ
    if env.get(STATE_DIR_ENV):
        return Path(env[STATE_DIR_ENV]).expanduser().absolute()
    xdg = env.get("XDG_STATE_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".local/state")
    return Path(xdg).expanduser().absolute() / "hubtasklibrary" / "hub"


def normalise_prefix(prefix: str) -> str:
    """The package's one normaliser (``api/galaxy`` -> ``/api/galaxy/``), as a step error.

    A local galaxy_ng hub needs a prefix of its own: the root (``/``) is refused.
    """
    try:
        canonical = normalize_prefix(prefix, what="API prefix")
    except InvalidArgumentError as err:
        raise HubStepError("config", str(err)) from None
    if canonical == "/":
        raise HubStepError("config", f"API prefix {prefix!r} is empty; use e.g. /api/galaxy/")
    return canonical


@dataclass
class HubPaths:
    """All paths of one hub, derived from its state folder."""

    root: Path

    @property
    def venv(self) -> Path:
        return self.root / "venv"

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def run(self) -> Path:
        """PID files."""
        return self.root / "run"

    @property
    def markers(self) -> Path:
        """One empty file per finished set-up step."""
        return self.root / "markers"

    @property
    def etc(self) -> Path:
        return self.root / "etc"

    @property
    def settings_file(self) -> Path:
        return self.etc / "settings.py"

    @property
    def encryption_key(self) -> Path:
        return self.etc / "database_fields.symmetric.key"

    @property
    def constraints_file(self) -> Path:
        return self.etc / "constraints.txt"

    @property
    def pythonpath(self) -> Path:
        """Holds our URL conf module, put on PYTHONPATH of every hub process."""
        return self.root / "python"

    @property
    def console_script(self) -> Path:
        return self.root / "bin" / "hub-console"

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def working(self) -> Path:
        return self.root / "tmp"

    @property
    def postgres(self) -> Path:
        """PostgreSQL cluster folder (may be a symlink, see postgres.py)."""
        return self.root / "postgres"

    @property
    def config_file(self) -> Path:
        return self.root / "hub.json"

    @property
    def lock_file(self) -> Path:
        return self.root / "hub.lock"

    def log(self, service: str) -> Path:
        return self.logs / f"{service}.log"

    def ensure(self) -> None:
        for path in (self.root, self.logs, self.run, self.markers, self.etc, self.pythonpath):
            path.mkdir(parents=True, exist_ok=True)
        (self.root / "bin").mkdir(exist_ok=True)


@dataclass
class HubConfig:
    """What the hub was set up with; kept in hub.json so later commands agree."""

    port: int = 0
    content_port: int = 0
    pg_port: int = 0
    prefix: str = DEFAULT_PREFIX
    workers: int = 2
    password: str = "admin"
    username: str = "admin"
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    # Admin password the live database holds (set by `reset-admin-password`).
    live_password: str = ""
    # Password stored in the template database, so reset knows whether to set it again.
    template_password: str = ""
    # API prefix the collected UI JS currently points at.
    ui_prefix: str = ""

    @classmethod
    def load(cls, path: Path) -> HubConfig | None:
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            # A half-written file after a machine stop: start over with new values.
            return None
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def save(self, path: Path) -> None:
        write_atomic(path, json.dumps(asdict(self), indent=2) + "\n", mode=0o600)


class Markers:
    """Marker files, one per finished set-up step, so an interrupted install redoes
    only what is missing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def done(self, step: str) -> bool:
        return (self.folder / f"{step}.done").exists()

    def mark(self, step: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{step}.done").touch()

    def clear(self, *steps: str) -> None:
        for step in steps:
            (self.folder / f"{step}.done").unlink(missing_ok=True)


def write_atomic(path: Path, text: str, mode: int = 0o644) -> None:
    """Write through a temporary file and rename, so a killed process never leaves
    a half-written file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    tmp.chmod(mode)
    os.replace(tmp, path)
