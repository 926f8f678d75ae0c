"""Login sessions kept between ``hubtask galaxykit`` processes.

Cypress runs one process per galaxykit command. A login costs the hub one
password hash (0.25-0.7 s of its CPU on galaxy_ng 4.9.2), which would be most
of a command's time; galaxykit pays it on every call (it fetches a token).
So the drop-in keeps the session cookies of a login in a file only the user
can read, keyed by a hash of server, user and password (a changed password
is a new key; the password itself is never written), and the next process
adopts them. A session the hub no longer knows is replaced by a new login.
``HUBTASK_GALAXYKIT_SESSIONS=off`` turns this off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

ENV = "HUBTASK_GALAXYKIT_SESSIONS"
_KEEP = 20  # sessions of this many server/user pairs are kept


def store_path() -> Path | None:
    setting = os.environ.get(ENV, "")
    if setting.lower() in ("off", "0", "false", "no"):
        return None
    if setting:
        return Path(setting)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "hubtasklibrary" / "galaxykit-sessions.json"


def key(server: str, username: str, password: str) -> str:
    return hashlib.sha256(f"{server}\0{username}\0{password}".encode()).hexdigest()


def load(path: Path | None, name: str) -> dict[str, str] | None:
    if path is None:
        return None
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    entry = data.get(name) if isinstance(data, dict) else None
    if not isinstance(entry, dict):
        return None
    cookies = {k: v for k, v in entry.items() if isinstance(k, str) and isinstance(v, str)}
    return cookies or None


def save(path: Path | None, name: str, cookies: dict[str, str] | None) -> None:
    """Write atomically, readable by the user only; never fail the command."""
    if path is None or not cookies:
        return
    with contextlib.suppress(OSError, ValueError):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        if data.get(name) == cookies:
            return
        data.pop(name, None)
        data[name] = cookies
        data = dict(list(data.items())[-_KEEP:])
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sessions-")
        try:
            with os.fdopen(fd, "w") as out:
                json.dump(data, out)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
