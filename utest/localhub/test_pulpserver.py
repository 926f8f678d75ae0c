"""The local plain-Pulp server: settings, process list, file remote content."""

from __future__ import annotations

import hashlib
from pathlib import Path

from HubTaskLibrary.localhub import fileremote
from HubTaskLibrary.localhub.cli import build_parser
from HubTaskLibrary.localhub.pulpserver import (
    FILE_REMOTE,
    STALL_REMOTE,
    PulpServices,
    default_pulp_state_dir,
    render_pulp_settings,
)
from HubTaskLibrary.localhub.state import HubConfig, HubPaths


def test_state_dir_defaults_inside_the_hubs(tmp_path: Path) -> None:
    env = {"HUBTASK_STATE_DIR": str(tmp_path / "hub")}
    assert default_pulp_state_dir(env) == tmp_path / "hub" / "pulpcore"
    env["HUBTASK_PULP_STATE_DIR"] = str(tmp_path / "p")
    assert default_pulp_state_dir(env) == tmp_path / "p"


def test_settings_have_no_galaxy_and_quote_paths(tmp_path: Path) -> None:
    cfg = HubConfig(port=25085, content_port=25086, pg_port=25088, prefix="/")
    text = render_pulp_settings(cfg, HubPaths(tmp_path / "it's"), tmp_path / "run")
    namespace: dict[str, object] = {}
    exec(text, namespace)
    assert namespace["MEDIA_ROOT"] == str(tmp_path / "it's" / "media")
    assert "GALAXY" not in text
    assert namespace["DATABASES"]["default"]["PORT"] == "25088"  # type: ignore[index]


def test_processes_bind_loopback_only(tmp_path: Path) -> None:
    cfg = HubConfig(port=25085, content_port=25086, pg_port=25088, prefix="/")
    services = PulpServices(HubPaths(tmp_path), {}, tmp_path / "files")
    assert services.wanted(2) == ["api", FILE_REMOTE, STALL_REMOTE, "worker-1", "worker-2"]
    api = services.argv("api", cfg)
    assert api[api.index("--bind") + 1] == "127.0.0.1:25085"
    assert services.argv(FILE_REMOTE, cfg)[-3:] == ["25086", "--folder", str(tmp_path / "files")]
    assert "25087" in services.argv(STALL_REMOTE, cfg)


def test_file_remote_manifest_matches_its_files(tmp_path: Path) -> None:
    fileremote.write_content(tmp_path)
    lines = (tmp_path / fileremote.MANIFEST).read_text().splitlines()
    assert len(lines) == len(fileremote.FILES)
    for line in lines:
        name, digest, size = line.split(",")
        data = (tmp_path / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest and len(data) == int(size)


def test_cli_has_the_pulp_commands() -> None:
    parser = build_parser()
    for command in ("up", "down", "status", "env", "logs"):
        assert parser.parse_args(["pulp", command]).command == command
    assert parser.parse_args(["pulp", "up", "--port", "25085"]).port == 25085
