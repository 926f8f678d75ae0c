"""The pulpcore/galaxy_ng settings file (named by PULP_SETTINGS) and the process env."""

from __future__ import annotations

import base64
import os
import shlex
from pathlib import Path

from . import signing
from .eesettings import container_settings
from .importer import CONFIG_ENV
from .importer import config_path as importer_config_path
from .state import HubConfig, HubPaths, write_atomic

URLCONF_MODULE = "hubtask_urls"
WSGI_MODULE = "hubtask_wsgi"
GUNICORN_CONFIG_MODULE = "hubtask_gunicorn"


def render_settings(cfg: HubConfig, paths: HubPaths, pg_socket_dir: Path) -> str:
    """Python source of the settings file; every value through repr() so paths and
    passwords with quotes cannot break it."""
    url = f"http://127.0.0.1:{cfg.port}"
    content_url = f"http://127.0.0.1:{cfg.content_port}"
    values: dict[str, object] = {
        "SECRET_KEY": cfg.secret_key,
        "DATABASES": {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "pulp",
                "USER": "pulp",
                # Unix socket in our private folder: no password, no TCP handshake.
                "HOST": str(pg_socket_dir),
                "PORT": str(cfg.pg_port),
                "CONN_MAX_AGE": 0,
            }
        },
        "MEDIA_ROOT": str(paths.media),
        "STATIC_ROOT": str(paths.static),
        "STATIC_URL": "/static/",
        "WORKING_DIRECTORY": str(paths.working),
        "FILE_UPLOAD_TEMP_DIR": str(paths.working),
        "DB_ENCRYPTION_KEY": str(paths.encryption_key),
        "CONTENT_ORIGIN": content_url,
        "ANSIBLE_API_HOSTNAME": url,
        "ANSIBLE_CONTENT_HOSTNAME": f"{content_url}/pulp/content",
        # galaxy_ng's own default has no trailing slash; it strips slashes anyway.
        "GALAXY_API_PATH_PREFIX": cfg.prefix.rstrip("/"),
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost"],
        "CACHE_ENABLED": False,
        "ANALYTICS": False,
        "GALAXY_DEPLOYMENT_MODE": "standalone",
        "GALAXY_REQUIRE_CONTENT_APPROVAL": True,
        # dynaconf_merge: keep galaxy_ng's other flags (its URL conf reads them).
        "GALAXY_FEATURE_FLAGS": {"execution_environments": True, "dynaconf_merge": True},
        # Execution environments: the registry's token auth (see eesettings.py).
        **container_settings(url, paths),
        "X_PULP_CONTENT_HOST": "127.0.0.1",
        "X_PULP_CONTENT_PORT": cfg.content_port,
        # galaxy_ng's default; `reset-admin-password` does not apply validators.
        "GALAXY_MINIMUM_PASSWORD_LENGTH": 9,
        # A worker that died is "missing" 10 s after its last heartbeat (pulpcore's
        # default: 30 s), so a wait's timeout can say so (see client/workers.py).
        "WORKER_TTL": 10,
        # Serves /ui/... next to pulpcore's URLs (see ui.py).
        "ROOT_URLCONF": URLCONF_MODULE,
        # The collection signing service that `hub up` registers (see signing.py).
        **signing.settings_values(),
    }
    lines = ["# Written by hubtask (HubTaskLibrary.localhub); rewritten on every `hub up`."]
    lines += [f"{key} = {value!r}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def ensure_encryption_key(paths: HubPaths) -> None:
    """pulpcore's field encryption key: a Fernet key (urlsafe base64 of 32 bytes)."""
    if paths.encryption_key.exists() and paths.encryption_key.stat().st_size > 0:
        return
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    write_atomic(paths.encryption_key, key + "\n", mode=0o600)


def hub_env(paths: HubPaths, base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for every hub process and management command."""
    env = dict(os.environ if base is None else base)
    # Our own interpreter's variables must not leak into the hub's venv.
    for key in ("PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        env.pop(key, None)
    env.update(
        {
            "PULP_SETTINGS": str(paths.settings_file),
            "DJANGO_SETTINGS_MODULE": "pulpcore.app.settings",
            "PYTHONPATH": str(paths.pythonpath),
            # galaxy-importer runs ansible-galaxy / ansible-lint from the venv.
            "PATH": f"{paths.bin}:{env.get('PATH', '/usr/bin:/bin')}",
            "VIRTUAL_ENV": str(paths.venv),
            "PYTHONUNBUFFERED": "1",
            # Read on every import; written by `hubtask hub importer` (see importer.py).
            CONFIG_ENV: str(importer_config_path(paths)),
            "HOME": env.get("HOME", str(paths.root)),
        }
    )
    return env


def render_console_script(paths: HubPaths) -> str:
    """A shell script running stdin's Python code in the hub's Django shell.

    Django's `shell` runs stdin only if it is readable at the very moment it
    starts; reading all of stdin first and passing it as `-c` removes that race.
    """
    exports = {
        "PULP_SETTINGS": str(paths.settings_file),
        "DJANGO_SETTINGS_MODULE": "pulpcore.app.settings",
        "PYTHONPATH": str(paths.pythonpath),
        "VIRTUAL_ENV": str(paths.venv),
    }
    lines = ["#!/bin/sh", "# Runs the Python code on stdin in the hub's Django shell."]
    lines += [f"export {k}={shlex.quote(v)}" for k, v in exports.items()]
    lines.append(f'export PATH={shlex.quote(str(paths.bin))}:"$PATH"')
    lines.append("unset PYTHONHOME")
    lines.append('code="$(cat)"')
    manager = shlex.quote(str(paths.bin / "pulpcore-manager"))
    lines.append(f'exec {manager} shell --no-startup -c "$code"')
    return "\n".join(lines) + "\n"
