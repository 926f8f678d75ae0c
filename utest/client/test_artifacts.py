"""Collection artifacts built in pure Python."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile

import pytest

from HubTaskLibrary.client.artifacts import (
    artifact_filename,
    build_collection,
    check_name,
    check_version,
)
from HubTaskLibrary.client.errors import InvalidArgumentError


def read_members(path) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: m for m in tar.getmembers()}


def read_file(path, name: str) -> bytes:
    with tarfile.open(path, "r:gz") as tar:
        member = tar.extractfile(name)
        assert member is not None
        return member.read()


def test_builds_gzip_tar_with_members_at_root(tmp_path):
    path = build_collection("ns1", "collection1", "1.0.0", tmp_path)
    assert path == tmp_path / "ns1-collection1-1.0.0.tar.gz"
    data = path.read_bytes()
    assert data[:2] == b"\x1f\x8b"  # gzip magic
    members = read_members(path)
    for name in ("MANIFEST.json", "FILES.json", "README.md", "meta/runtime.yml", "CHANGELOG.md"):
        assert name in members
        assert members[name].isfile()
    assert members["meta"].isdir()
    for name in members:
        assert not name.startswith(("/", "./", "ns1-collection1"))
    assert b"requires_ansible: '>=2.9.10'" in read_file(path, "meta/runtime.yml")


def test_manifest_and_files_checksums(tmp_path):
    path = build_collection(
        "ns1",
        "tools",
        "2.3.4-rc.1+build.5",
        tmp_path,
        dependencies={"ns1.base": ">=1.0.0"},
        tags=["tools", "test_2"],
        description="Hi",
    )
    manifest = json.loads(read_file(path, "MANIFEST.json"))
    files_bytes = read_file(path, "FILES.json")
    files = json.loads(files_bytes)

    assert manifest["format"] == 1
    ffile = manifest["file_manifest_file"]
    assert ffile == {
        "name": "FILES.json",
        "ftype": "file",
        "chksum_type": "sha256",
        "chksum_sha256": hashlib.sha256(files_bytes).hexdigest(),
        "format": 1,
    }
    info = manifest["collection_info"]
    assert info["namespace"] == "ns1"
    assert info["name"] == "tools"
    assert info["version"] == "2.3.4-rc.1+build.5"
    assert info["readme"] == "README.md"
    assert info["authors"]
    assert info["repository"]
    assert ("license" in info) != ("license_file" in info)
    assert info["dependencies"] == {"ns1.base": ">=1.0.0"}
    assert info["tags"] == ["tools", "test_2"]
    assert info["description"] == "Hi"
    allowed = {
        "namespace",
        "name",
        "version",
        "readme",
        "authors",
        "repository",
        "license",
        "license_file",
        "description",
        "tags",
        "dependencies",
        "documentation",
        "homepage",
        "issues",
    }
    assert set(info) <= allowed

    assert files["format"] == 1
    entries = {e["name"]: e for e in files["files"]}
    assert "MANIFEST.json" not in entries
    assert "FILES.json" not in entries
    members = read_members(path)
    for name, member in members.items():
        if name in ("MANIFEST.json", "FILES.json"):
            continue
        entry = entries[name]
        assert entry["format"] == 1
        if member.isdir():
            assert entry == {
                "name": name,
                "ftype": "dir",
                "chksum_type": None,
                "chksum_sha256": None,
                "format": 1,
            }
        else:
            assert entry["ftype"] == "file"
            assert entry["chksum_type"] == "sha256"
            assert entry["chksum_sha256"] == hashlib.sha256(read_file(path, name)).hexdigest()
    assert set(entries) == set(members) - {"MANIFEST.json", "FILES.json"}


def test_files_json_lists_every_directory_of_nested_files(tmp_path):
    path = build_collection(
        "ns1",
        "deep",
        "1.0.0",
        tmp_path,
        extra_files={"docs/guide/intro.md": "# Intro\n", "plugins/modules/x.py": "# x\n"},
    )
    files = json.loads(read_file(path, "FILES.json"))
    dirs = {e["name"] for e in files["files"] if e["ftype"] == "dir"}
    # every directory present after extraction is listed, parents included
    assert dirs == {"meta", "docs", "docs/guide", "plugins", "plugins/modules"}
    members = read_members(path)
    for d in dirs:
        assert members[d].isdir()


def test_extra_files_are_checksummed(tmp_path):
    path = build_collection("ns1", "extra", "1.0.0", tmp_path, extra_files={"/x/y.txt": "hello"})
    entries = {e["name"]: e for e in json.loads(read_file(path, "FILES.json"))["files"]}
    assert entries["x/y.txt"]["chksum_sha256"] == hashlib.sha256(b"hello").hexdigest()
    assert read_file(path, "x/y.txt") == b"hello"


def test_bytes_are_deterministic(tmp_path):
    a = build_collection("ns1", "same", "1.0.0", tmp_path / "a")
    b = build_collection("ns1", "same", "1.0.0", tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
    with gzip.open(a) as gz:
        gz.read()
    header = a.read_bytes()[:10]
    assert header[4:8] == b"\x00\x00\x00\x00"  # gzip mtime 0
    with tarfile.open(a, "r:gz") as tar:
        assert all(m.mtime == 0 for m in tar.getmembers())


def test_different_versions_differ(tmp_path):
    a = build_collection("ns1", "same", "1.0.0", tmp_path)
    b = build_collection("ns1", "same", "1.0.1", tmp_path)
    assert a.read_bytes() != b.read_bytes()


def test_creates_directory(tmp_path):
    path = build_collection("ns1", "c", "1.0.0", tmp_path / "new" / "dir")
    assert path.is_file()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"namespace": "NS1"}, "Invalid namespace name 'NS1'"),
        ({"namespace": "n"}, r"at least 3 characters"),
        ({"namespace": "1ns"}, "Invalid namespace name"),
        ({"namespace": "ns__x"}, "Invalid namespace name"),
        ({"namespace": "ns-x"}, "Invalid namespace name"),
        ({"namespace": ""}, "Invalid namespace name"),
        ({"name": "Bad"}, "Invalid collection name 'Bad'"),
        ({"name": "my-coll"}, "Invalid collection name"),
        ({"name": "a__b"}, "Invalid collection name"),
        ({"name": "_a"}, "Invalid collection name"),
        ({"version": "1.0"}, "Invalid collection version '1.0': use semantic versioning"),
        ({"version": "v1.0.0"}, "Invalid collection version"),
        ({"version": "01.0.0"}, "Invalid collection version"),
        ({"version": "1.0.0-"}, "Invalid collection version"),
        ({"version": ""}, "Invalid collection version"),
        ({"tags": ["Bad-Tag"]}, "Invalid tag 'Bad-Tag'"),
        ({"tags": [f"t{i}" for i in range(21)]}, "at most 20 tags"),
    ],
)
def test_invalid_input_rejected(tmp_path, kwargs, match):
    args = {"namespace": "ns1", "name": "coll", "version": "1.0.0", **kwargs}
    with pytest.raises(InvalidArgumentError, match=match) as info:
        build_collection(
            args.pop("namespace"), args.pop("name"), args.pop("version"), tmp_path, **args
        )
    assert "\n" not in str(info.value)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["abc", "a1", "a_b", "a9_z_0"])
def test_valid_collection_names(name):
    assert check_name(name, "collection") == name


def test_short_collection_name_allowed_namespace_not():
    assert check_name("ab", "collection") == "ab"
    with pytest.raises(InvalidArgumentError):
        check_name("ab", "namespace")


@pytest.mark.parametrize("version", ["0.0.1", "1.2.3", "10.20.30", "1.0.0-alpha.1", "1.0.0+meta"])
def test_valid_versions(version):
    assert check_version(version) == version


def test_artifact_filename():
    assert artifact_filename("ns1", "c", "1.0.0") == "ns1-c-1.0.0.tar.gz"


def test_tar_is_readable_from_memory(tmp_path):
    path = build_collection("ns1", "mem", "1.0.0", tmp_path)
    raw = gzip.decompress(path.read_bytes())
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        assert "MANIFEST.json" in tar.getnames()
