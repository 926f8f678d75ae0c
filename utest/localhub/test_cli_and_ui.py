"""CLI output (one JSON object, one-line errors), UI JS rewriting, PostgreSQL helpers."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from HubTaskLibrary.localhub import cli, ui
from HubTaskLibrary.localhub.errors import HubStepError
from HubTaskLibrary.localhub.manager import LocalHub
from HubTaskLibrary.localhub.postgres import user_can_traverse
from HubTaskLibrary.localhub.state import HubConfig, HubPaths

REQUIRED_KEYS = {
    "url",
    "api_prefix",
    "ui_url",
    "username",
    "password",
    "console_command",
    "state_dir",
    "workers",
    "content_url",
    "pids",
}


def test_info_has_the_documented_keys(tmp_path: Path) -> None:
    hub = LocalHub(tmp_path, say=None)
    cfg = HubConfig(port=25001, content_port=25002, pg_port=25003, prefix="/api/automation-hub/")
    info = hub.info(cfg)
    assert set(info) >= REQUIRED_KEYS
    assert info["url"] == "http://127.0.0.1:25001"
    assert info["api_prefix"] == "/api/automation-hub/"
    assert info["ui_url"] == "http://127.0.0.1:25001/ui/"
    assert info["content_url"] == "http://127.0.0.1:25002"
    assert info["state_dir"] == str(tmp_path)
    assert info["pids"] == {}  # nothing runs
    assert str(tmp_path) in info["console_command"]
    json.dumps(info)  # serialisable


def test_up_json_prints_exactly_one_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, Any] = {}

    def fake_up(self: LocalHub, **kwargs: Any) -> dict[str, Any]:
        seen.update(kwargs)
        self.say("progress goes to stderr")
        return self.info(HubConfig(port=1, content_port=2, pg_port=3, workers=kwargs["workers"]))

    monkeypatch.setattr(LocalHub, "up", fake_up)
    argv = ["hub", "up", "--json", "--state-dir", str(tmp_path), "--workers", "3"]
    argv += ["--prefix", "/api/automation-hub/"]
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    assert set(json.loads(out)) >= REQUIRED_KEYS
    assert json.loads(out)["workers"] == 3
    assert "progress goes to stderr" in err
    assert seen == {"prefix": "/api/automation-hub/", "port": None, "workers": 3, "password": None}


def test_expected_failure_is_one_line_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing_up(self: LocalHub, **kwargs: Any) -> dict[str, Any]:
        raise HubStepError(
            "migrate", "pulpcore-manager migrate failed", tmp_path / "logs/migrate.log"
        )

    monkeypatch.setattr(LocalHub, "up", failing_up)
    assert cli.main(["hub", "up", "--state-dir", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "'migrate' failed" in err and "logs/migrate.log" in err
    assert "Traceback" not in err


def test_env_lines_quote_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    HubConfig(port=25001, content_port=2, pg_port=3, password="it's secret").save(
        tmp_path / "hub.json"
    )
    assert cli.main(["hub", "env", "--state-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "export HUB_URL=http://127.0.0.1:25001" in lines
    assert "export HUB_API_PREFIX=/api/galaxy/" in lines
    assert "export HUB_PASSWORD='it'\"'\"'s secret'" in lines
    assert any(line.startswith("export HUB_CONSOLE_COMMAND=") for line in lines)
    assert any(line.startswith("export HUB_USERNAME=admin") for line in lines)


def test_env_without_a_hub_fails_cleanly(tmp_path: Path) -> None:
    assert cli.main(["hub", "env", "--state-dir", str(tmp_path / "none")]) == 1


def test_status_without_a_hub(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["hub", "status", "--json", "--state-dir", str(tmp_path)]) == 3
    assert json.loads(capsys.readouterr().out)["running"] is False


def test_ui_prefix_rewrite_starts_from_the_shipped_files(tmp_path: Path) -> None:
    paths = HubPaths(tmp_path)
    shipped = paths.venv / "lib/python3.11/site-packages/galaxy_ng/app/static/galaxy_ng/js"
    shipped.mkdir(parents=True)
    original = 'fetch("/api/galaxy/v3/");x="/api/galaxy/pulp/api/v3/"'
    (shipped / "App.1.js").write_text(original)
    (shipped / "other.js").write_text("no prefix here")
    collected = paths.static / "galaxy_ng" / "js"
    collected.mkdir(parents=True)
    (collected / "App.1.js").write_text(original)

    assert ui.rewrite_ui_prefix(paths, "/api/automation-hub/") == 1
    rewritten = (collected / "App.1.js").read_text()
    assert "/api/galaxy/" not in rewritten
    assert rewritten.count("/api/automation-hub/") == 2
    assert (shipped / "App.1.js").read_text() == original  # untouched copy
    assert ui.rewrite_ui_prefix(paths, "/api/automation-hub/") == 0  # idempotent
    assert ui.rewrite_ui_prefix(paths, "/api/galaxy/") == 1  # and back
    assert (collected / "App.1.js").read_text() == original


def test_urlconf_module_is_written(tmp_path: Path) -> None:
    paths = HubPaths(tmp_path)
    paths.ensure()
    ui.write_python_modules(paths, "hubtask_urls", "hubtask_wsgi", "hubtask_gunicorn")
    source = (paths.pythonpath / "hubtask_urls.py").read_text()
    compile(source, "hubtask_urls.py", "exec")
    assert "ensure_csrf_cookie" in source and "index.html" in source


def test_traverse_check_follows_mode_bits(tmp_path: Path) -> None:
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    other_uid, other_gids = 54321, {54321}
    (tmp_path / "a").chmod(0o755)
    assert user_can_traverse(inner, other_uid, other_gids) == all(
        p.stat().st_mode & stat.S_IXOTH for p in [inner, *inner.parents]
    )
    (tmp_path / "a").chmod(0o700)
    try:
        assert not user_can_traverse(inner, other_uid, other_gids)
        # The owner keeps its way in (u+x), whatever the other bits say.
        owner = (tmp_path / "a").stat().st_uid
        assert user_can_traverse(tmp_path / "a", owner, set())
    finally:
        (tmp_path / "a").chmod(0o755)
