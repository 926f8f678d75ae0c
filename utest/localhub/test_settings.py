"""The settings file and the console script are rendered right."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

from HubTaskLibrary.localhub.settings import (
    hub_env,
    render_console_script,
    render_settings,
)
from HubTaskLibrary.localhub.state import HubConfig, HubPaths


def rendered(tmp_path: Path, **kwargs: object) -> dict[str, object]:
    cfg = HubConfig(port=25001, content_port=25002, pg_port=25003, **kwargs)  # type: ignore[arg-type]
    source = render_settings(cfg, HubPaths(tmp_path), tmp_path / "pg" / "run")
    namespace: dict[str, object] = {}
    exec(compile(ast.parse(source), "settings.py", "exec"), namespace)
    namespace.pop("__builtins__")
    return namespace


def test_all_keys_from_the_hub_notes(tmp_path: Path) -> None:
    values = rendered(tmp_path)
    for key in [
        "SECRET_KEY",
        "DATABASES",
        "MEDIA_ROOT",
        "STATIC_ROOT",
        "STATIC_URL",
        "WORKING_DIRECTORY",
        "FILE_UPLOAD_TEMP_DIR",
        "DB_ENCRYPTION_KEY",
        "CONTENT_ORIGIN",
        "ANSIBLE_API_HOSTNAME",
        "ANSIBLE_CONTENT_HOSTNAME",
        "GALAXY_API_PATH_PREFIX",
        "ALLOWED_HOSTS",
        "CACHE_ENABLED",
        "ANALYTICS",
        "GALAXY_DEPLOYMENT_MODE",
        "GALAXY_REQUIRE_CONTENT_APPROVAL",
        "GALAXY_FEATURE_FLAGS",
        "TOKEN_AUTH_DISABLED",
        "X_PULP_CONTENT_HOST",
        "X_PULP_CONTENT_PORT",
        "GALAXY_MINIMUM_PASSWORD_LENGTH",
        "ROOT_URLCONF",
    ]:
        assert key in values, key
    assert values["STATIC_URL"] == "/static/"
    assert values["GALAXY_REQUIRE_CONTENT_APPROVAL"] is True
    # Execution environments: pulp_container's token auth is on.
    assert values["TOKEN_AUTH_DISABLED"] is False
    assert values["TOKEN_SERVER"] == "http://127.0.0.1:25001/token/"
    assert values["TOKEN_SIGNATURE_ALGORITHM"] == "ES256"
    assert values["PRIVATE_KEY_PATH"] == str(tmp_path / "etc" / "container_auth_private_key.pem")
    assert values["PUBLIC_KEY_PATH"] == str(tmp_path / "etc" / "container_auth_public_key.pem")
    assert values["CACHE_ENABLED"] is False
    assert values["ANSIBLE_API_HOSTNAME"] == "http://127.0.0.1:25001"
    assert values["CONTENT_ORIGIN"] == "http://127.0.0.1:25002"
    assert values["X_PULP_CONTENT_PORT"] == 25002
    # Merged into galaxy_ng's flags, not replacing them (its URL conf reads others).
    assert values["GALAXY_FEATURE_FLAGS"] == {
        "execution_environments": True,
        "dynaconf_merge": True,
    }
    db = values["DATABASES"]["default"]  # type: ignore[index]
    assert db["NAME"] == "pulp" and db["PORT"] == "25003"
    assert db["HOST"] == str(tmp_path / "pg" / "run")
    assert values["MEDIA_ROOT"] == str(tmp_path / "media")


def test_prefix_setting_has_no_trailing_slash(tmp_path: Path) -> None:
    values = rendered(tmp_path, prefix="/api/automation-hub/")
    assert values["GALAXY_API_PATH_PREFIX"] == "/api/automation-hub"


def test_odd_characters_stay_inside_strings(tmp_path: Path) -> None:
    odd = tmp_path / 'it\'s "odd"'
    cfg = HubConfig(port=1, content_port=2, pg_port=3, secret_key="a'b\"c\\")
    source = render_settings(cfg, HubPaths(odd), odd / "run")
    namespace: dict[str, object] = {}
    exec(source, namespace)
    assert namespace["SECRET_KEY"] == "a'b\"c\\"
    assert namespace["MEDIA_ROOT"] == str(odd / "media")


def test_hub_env_points_at_the_settings_and_the_venv(tmp_path: Path) -> None:
    paths = HubPaths(tmp_path)
    env = hub_env(paths, {"PATH": "/usr/bin", "PYTHONHOME": "/elsewhere", "HOME": "/h"})
    assert env["PULP_SETTINGS"] == str(paths.settings_file)
    assert env["DJANGO_SETTINGS_MODULE"] == "pulpcore.app.settings"
    assert env["PATH"].startswith(f"{paths.bin}:")
    assert "PYTHONHOME" not in env


def test_console_script_passes_all_of_stdin(tmp_path: Path) -> None:
    """The script reads stdin whole and hands it to `pulpcore-manager shell -c`."""
    paths = HubPaths(tmp_path / "state dir")
    paths.bin.mkdir(parents=True)
    fake = paths.bin / "pulpcore-manager"
    # A stand-in manager that echoes what it was given.
    fake.write_text('#!/bin/sh\nprintf "%s|" "$@"; echo "$PULP_SETTINGS"\n')
    fake.chmod(0o755)
    script = tmp_path / "console"
    script.write_text(render_console_script(paths))
    script.chmod(0o755)
    code = "print(1)\nprint('two')"
    out = subprocess.run([str(script)], input=code, capture_output=True, text=True, check=True)
    assert out.stdout == f"shell|--no-startup|-c|{code}|{paths.settings_file}\n"
