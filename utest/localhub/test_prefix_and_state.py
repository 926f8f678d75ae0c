"""Prefix normalisation, default state folder, config and marker files."""

from __future__ import annotations

from pathlib import Path

import pytest

from HubTaskLibrary.localhub.errors import HubError
from HubTaskLibrary.localhub.state import (
    HubConfig,
    HubPaths,
    Markers,
    default_state_dir,
    normalise_prefix,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/api/galaxy/", "/api/galaxy/"),
        ("/api/galaxy", "/api/galaxy/"),
        ("api/galaxy", "/api/galaxy/"),
        (" /api/automation-hub/ ", "/api/automation-hub/"),
        ("//api//automation-hub", "/api/automation-hub/"),
    ],
)
def test_prefix_is_normalised(given: str, expected: str) -> None:
    assert normalise_prefix(given) == expected


@pytest.mark.parametrize("bad", ["", "/", "/api/gal axy/", "/api/<x>/"])
def test_bad_prefix_is_a_hub_error(bad: str) -> None:
    with pytest.raises(HubError, match="prefix"):
        normalise_prefix(bad)


def test_default_state_dir_order() -> None:
    assert default_state_dir({"HUBTASK_STATE_DIR": "/x/y", "HOME": "/h"}) == Path("/x/y")
    assert default_state_dir({"XDG_STATE_HOME": "/s", "HOME": "/h"}) == Path(
        "/s/hubtasklibrary/hub"
    )
    assert default_state_dir({"HOME": "/h"}) == Path("/h/.local/state/hubtasklibrary/hub")


def test_config_round_trip_and_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "hub.json"
    cfg = HubConfig(port=1234, prefix="/api/automation-hub/", workers=3, password="pw")
    cfg.save(path)
    loaded = HubConfig.load(path)
    assert loaded == cfg
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # holds the password
    path.write_text('{"port": 5, "from_a_newer_version": 1}')
    loaded = HubConfig.load(path)
    assert loaded is not None and loaded.port == 5


def test_half_written_config_starts_over(tmp_path: Path) -> None:
    path = tmp_path / "hub.json"
    path.write_text('{"port": 12')
    assert HubConfig.load(path) is None
    assert HubConfig.load(tmp_path / "missing.json") is None


def test_markers(tmp_path: Path) -> None:
    markers = Markers(tmp_path / "markers")
    assert not markers.done("migrate")
    markers.mark("migrate")
    markers.mark("install")
    assert markers.done("migrate")
    markers.clear("migrate", "never-made")
    assert not markers.done("migrate") and markers.done("install")


def test_paths_live_under_the_state_folder(tmp_path: Path) -> None:
    paths = HubPaths(tmp_path)
    paths.ensure()
    for path in (paths.venv, paths.logs, paths.run, paths.settings_file, paths.media, paths.static):
        assert tmp_path in path.parents
    assert paths.log("api") == tmp_path / "logs" / "api.log"
