"""The offline test images (OCI layout) and the loopback registry's pieces without Debian."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from HubTaskLibrary.localhub import oci, registry
from HubTaskLibrary.localhub.errors import HubError
from HubTaskLibrary.localhub.registry import CONFIG_TEMPLATE, LoopbackRegistry


def blob(layout: Path, digest: str) -> bytes:
    return (layout / "blobs" / "sha256" / digest.split(":", 1)[1]).read_bytes()


def test_layout_blobs_match_their_digests(tmp_path: Path) -> None:
    layout = oci.write_layout(tmp_path / "l", "hubtask/x", ["1.0"])
    assert json.loads((layout / "oci-layout").read_text()) == {"imageLayoutVersion": "1.0.0"}
    index = json.loads((layout / "index.json").read_text())
    (entry,) = index["manifests"]
    assert entry["annotations"] == {oci.REF_NAME: "1.0"}
    manifest_bytes = blob(layout, entry["digest"])
    assert len(manifest_bytes) == entry["size"]
    manifest = json.loads(manifest_bytes)
    for descriptor in [manifest["config"], *manifest["layers"]]:
        data = blob(layout, descriptor["digest"])
        assert "sha256:" + hashlib.sha256(data).hexdigest() == descriptor["digest"]
        assert len(data) == descriptor["size"]


def test_each_tag_is_an_image_of_its_own_and_the_index_grows(tmp_path: Path) -> None:
    layout = oci.write_layout(tmp_path / "l", "hubtask/x", ["1.0"])
    oci.write_layout(layout, "hubtask/x", ["2.0", "1.0"])
    entries = json.loads((layout / "index.json").read_text())["manifests"]
    assert sorted(e["annotations"][oci.REF_NAME] for e in entries) == ["1.0", "2.0"]
    assert len({e["digest"] for e in entries}) == 2
    # Same name and tag, same bytes: a re-push changes nothing.
    assert oci.image_blobs("a", "1")[2].digest == oci.image_blobs("a", "1")[2].digest


def test_config_binds_loopback_and_private_storage(tmp_path: Path) -> None:
    text = CONFIG_TEMPLATE.format(storage=json.dumps(str(tmp_path)), port=25001, secret="s")
    assert "addr: 127.0.0.1:25001" in text
    assert f"rootdirectory: {json.dumps(str(tmp_path))}" in text


def test_registry_lives_in_the_state_folder(tmp_path: Path) -> None:
    reg = LoopbackRegistry(tmp_path)
    assert reg.root == tmp_path / "registry"
    assert reg.info()["running"] is False
    with pytest.raises(HubError, match="hubtask registry up"):
        reg.env_lines()
    assert reg.down() is False


def test_packages_wait_for_the_dpkg_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = [["skopeo"], ["skopeo"], ["skopeo"], []]
    calls: list[list[str]] = []
    monkeypatch.setattr(registry, "missing_debian_packages", lambda p: missing.pop(0))
    monkeypatch.setattr(registry.os, "geteuid", lambda: 0)
    monkeypatch.setattr(registry.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(registry.time, "sleep", lambda s: None)

    def run(argv: list[str], log: Path, env: object = None) -> int:
        calls.append(argv[:2])
        return 0 if len(calls) == 4 else 100  # install, update, install (lock), install

    monkeypatch.setattr(registry, "run_logged", run)
    registry.ensure_packages(tmp_path / "apt.log", lambda m: None)
    assert calls == [["apt-get", "install"], ["apt-get", "update"]] + [["apt-get", "install"]] * 2


def test_skopeo_failure_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry.shutil, "which", lambda name: "/usr/bin/skopeo")

    def run(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        assert "--dest-authfile" in argv and "secret" not in " ".join(argv)
        return subprocess.CompletedProcess(argv, 1, "", "time=x\nFATA[0000] unauthorized\n")

    monkeypatch.setattr(registry.subprocess, "run", run)
    with pytest.raises(HubError) as err:
        registry.skopeo_copy("oci:/x:1", "docker://h/n:1", Path("/tmp/auth.json"))
    assert "\n" not in str(err.value) and "unauthorized" in str(err.value)
