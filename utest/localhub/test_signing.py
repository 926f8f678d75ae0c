"""The local hub's signing set-up: key, script, registration check, settings."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from HubTaskLibrary.localhub import signing
from HubTaskLibrary.localhub.errors import HubError
from HubTaskLibrary.localhub.settings import render_settings
from HubTaskLibrary.localhub.state import HubConfig, HubPaths

COLONS = """\
sec:u:255:22:3358CD1B387FF344:1700000000:::u:::scESC:::+:::23::0:
fpr:::::::::5418D9C7E3721BD7C9C22DE23358CD1B387FF344:
grp:::::::::ABCDEF:
uid:u::::1700000000::HASH::HubTaskLibrary local hub <hubtask-signing@localhost>::::::::::0:
"""


def test_fingerprint_is_the_primary_keys() -> None:
    assert signing.fingerprint_from_colons(COLONS) == "5418D9C7E3721BD7C9C22DE23358CD1B387FF344"
    assert signing.fingerprint_from_colons("") is None


def test_settings_turn_on_sign_and_approve(tmp_path: Path) -> None:
    cfg = HubConfig(port=25001, content_port=25002, pg_port=25003)
    source = render_settings(cfg, HubPaths(tmp_path), tmp_path / "pg")
    values: dict[str, object] = {}
    exec(compile(ast.parse(source), "settings.py", "exec"), values)
    assert values["GALAXY_COLLECTION_SIGNING_SERVICE"] == "ansible-default"
    assert values["GALAXY_AUTO_SIGN_COLLECTIONS"] is True
    assert values["GALAXY_REQUIRE_SIGNATURE_FOR_APPROVAL"] is False


def test_registration_is_checked_against_key_and_script(tmp_path: Path) -> None:
    setup = signing.SigningSetup(HubPaths(tmp_path), lambda _m: None)
    script = str(signing.script_path(HubPaths(tmp_path)).resolve())
    assert setup.needs_registration(lambda _sql: "", "FPR") is True
    assert setup.needs_registration(lambda _sql: f"FPR {script}", "FPR") is False
    with pytest.raises(HubError, match="registered with another key or script"):
        setup.needs_registration(lambda _sql: f"OTHER {script}", "FPR")
    argv = setup.register_argv("FPR")
    assert argv[:4] == ["add-signing-service", "ansible-default", script, "FPR"]
    assert "--gnupghome" in argv


@pytest.mark.skipif(shutil.which("gpg") is None, reason="gpg (Debian's gnupg) not installed")
def test_real_key_and_script_make_a_signature_gpg_verifies(tmp_path: Path) -> None:
    paths = HubPaths(tmp_path)
    setup = signing.SigningSetup(paths, lambda _m: None)
    try:
        fingerprint = setup.prepare()
        assert setup.prepare() == fingerprint  # made once, found again
        manifest = tmp_path / "MANIFEST.json"
        manifest.write_text('{"collection_info": {}}')
        env = {**os.environ, "PULP_SIGNING_KEY_FINGERPRINT": fingerprint}
        out = subprocess.run(
            [str(signing.script_path(paths)), str(manifest)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        reply = json.loads(out.stdout)
        assert reply == {"file": str(manifest), "signature": f"{manifest}.asc"}
        assert Path(reply["signature"]).read_text().startswith("-----BEGIN PGP SIGNATURE-----")
        home = str(signing.gnupg_home(paths))
        verify = subprocess.run(
            ["gpg", "--homedir", home, "--batch", "--verify", reply["signature"], str(manifest)],
            capture_output=True,
            text=True,
        )
        assert verify.returncode == 0, verify.stderr
    finally:
        setup.stop_agent()
