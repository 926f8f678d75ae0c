"""`hubtask hub importer`: galaxy-importer's config file for the local hub."""

from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from HubTaskLibrary.localhub import cli, importer
from HubTaskLibrary.localhub.settings import hub_env
from HubTaskLibrary.localhub.state import HubConfig, HubPaths


@pytest.fixture
def configured(tmp_path: Path) -> Path:
    HubConfig(port=25001, content_port=2, pg_port=3).save(tmp_path / "hub.json")
    return tmp_path


def importer_reads(path: Path) -> dict[str, object]:
    """The file as galaxy-importer's ConfigFile reads it (section, booleans)."""
    parser = configparser.ConfigParser()
    parser.read(path)
    section = parser["galaxy-importer"]
    return {key: section.getboolean(key) for key in section}


def test_every_hub_process_is_pointed_at_the_config_file(tmp_path: Path) -> None:
    paths = HubPaths(tmp_path)
    env = hub_env(paths, {"PATH": "/usr/bin"})
    assert env["GALAXY_IMPORTER_CONFIG"] == str(tmp_path / "etc" / "galaxy-importer.cfg")


def test_lint_off_and_on_is_written_as_galaxy_importer_reads_it(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = configured / "etc" / "galaxy-importer.cfg"
    assert cli.main(["hub", "importer", "--state-dir", str(configured)]) == 0
    assert capsys.readouterr().out == "ansible-lint on imports: on\n"  # the importer's default
    assert not cfg.exists()
    assert cli.main(["hub", "importer", "--lint", "off", "--state-dir", str(configured)]) == 0
    assert importer_reads(cfg) == {"run_ansible_lint": False}
    assert capsys.readouterr().out == "ansible-lint on imports: off\n"
    assert (
        cli.main(["hub", "importer", "--lint", "ON", "--json", "--state-dir", str(configured)]) == 0
    )
    shown = json.loads(capsys.readouterr().out)
    assert shown == {"lint": True, "config_file": str(cfg), "warnings": []}
    assert importer_reads(cfg) == {"run_ansible_lint": True}


def test_a_bad_switch_or_no_hub_is_one_line_and_changes_nothing(
    configured: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["hub", "importer", "--lint", "maybe", "--state-dir", str(configured)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'on' or 'off', not 'maybe'" in err
    assert not (configured / "etc" / "galaxy-importer.cfg").exists()
    empty = tmp_path / "none"
    assert cli.main(["hub", "importer", "--lint", "off", "--state-dir", str(empty)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "hubtask hub up" in err


def test_running_processes_are_checked_for_the_file_and_for_overrides(tmp_path: Path) -> None:
    paths = HubPaths(tmp_path)
    env = {**os.environ, importer.CONFIG_ENV: str(importer.config_path(paths))}
    env[importer.LINT_ENV] = "true"
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; print('up', flush=True); time.sleep(30)"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "up\n"  # exec'd
        assert importer.process_reads_config(child.pid, paths) is True
        assert importer.lint_override(child.pid) == "true"
        assert importer.process_reads_config(os.getpid(), HubPaths(tmp_path / "other")) is False
    finally:
        child.kill()
        child.wait()
    assert importer.process_reads_config(child.pid, paths) is None  # gone
