"""Building collection artifacts the hub's importer accepts, in pure Python.

The layout follows what galaxy-importer (galaxy_ng 4.9) and ``ansible-galaxy``
check: a gzip tar with every member at the archive root; MANIFEST.json whose
``file_manifest_file`` carries the sha256 of FILES.json; FILES.json listing
every directory and every file (except the two manifests) with checksums; a
README; ``meta/runtime.yml`` with ``requires_ansible``. The bytes are
deterministic, so building the same collection twice gives the same artifact.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import tarfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from .errors import InvalidArgumentError

NAME_PATTERN = re.compile(r"^(?!.*__)[a-z][0-9a-z_]*$")
# Semantic versioning 2.0.0, as the importer checks it.
SEMVER_PATTERN = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
MAX_TAGS = 20


def check_name(value: str, what: str) -> str:
    text = str(value)
    if not NAME_PATTERN.match(text) or (len(text) < 3 and what == "namespace"):
        raise InvalidArgumentError(
            f"Invalid {what} name '{text}': use lower-case letters, digits and single "
            "underscores, starting with a letter"
            + (" (at least 3 characters)" if what == "namespace" else "")
            + "."
        )
    return text


def check_version(value: str) -> str:
    text = str(value)
    if not SEMVER_PATTERN.match(text):
        raise InvalidArgumentError(
            f"Invalid collection version '{text}': use semantic versioning, e.g. 1.0.0."
        )
    return text


def artifact_filename(namespace: str, name: str, version: str) -> str:
    return f"{namespace}-{name}-{version}.tar.gz"


def build_collection(
    namespace: str,
    name: str,
    version: str = "1.0.0",
    directory: str | Path = ".",
    *,
    dependencies: Mapping[str, str] | None = None,
    tags: Sequence[str] = (),
    description: str | None = None,
    extra_files: Mapping[str, str] | None = None,
) -> Path:
    """Write ``<namespace>-<name>-<version>.tar.gz`` into ``directory`` and return its path."""
    check_name(namespace, "namespace")
    check_name(name, "collection")
    check_version(version)
    if len(tags) > MAX_TAGS:
        raise InvalidArgumentError(
            f"A collection can have at most {MAX_TAGS} tags, not {len(tags)}."
        )
    for tag in tags:
        if not re.match(r"^[a-z0-9][a-z0-9_]*$", str(tag)):
            raise InvalidArgumentError(f"Invalid tag '{tag}': lower-case letters, digits, '_'.")
    files: dict[str, bytes] = {
        "README.md": f"# {namespace}.{name}\n\nBuilt by HubTaskLibrary for tests.\n".encode(),
        "CHANGELOG.md": f"# Changelog\n\n## {version}\n\n- Test release.\n".encode(),
        "meta/runtime.yml": b"---\nrequires_ansible: '>=2.9.10'\n",
    }
    for path, text in (extra_files or {}).items():
        files[path.strip("/")] = text.encode()
    directories = sorted({str(d) for p in files for d in Path(p).parents if str(d) != "."})
    entries = [
        {"name": d, "ftype": "dir", "chksum_type": None, "chksum_sha256": None, "format": 1}
        for d in directories
    ] + [
        {
            "name": p,
            "ftype": "file",
            "chksum_type": "sha256",
            "chksum_sha256": hashlib.sha256(data).hexdigest(),
            "format": 1,
        }
        for p, data in sorted(files.items())
    ]
    files_json = json.dumps({"files": entries, "format": 1}, indent=2).encode()
    info: dict[str, object] = {
        "namespace": namespace,
        "name": name,
        "version": version,
        "authors": ["HubTaskLibrary"],
        "readme": "README.md",
        "license": ["GPL-3.0-or-later"],
        "description": description or f"Test collection {namespace}.{name}",
        "tags": list(tags),
        "dependencies": dict(dependencies or {}),
        "repository": f"https://example.invalid/{namespace}/{name}",
    }
    manifest = {
        "collection_info": info,
        "file_manifest_file": {
            "name": "FILES.json",
            "ftype": "file",
            "chksum_type": "sha256",
            "chksum_sha256": hashlib.sha256(files_json).hexdigest(),
            "format": 1,
        },
        "format": 1,
    }
    members = {
        "MANIFEST.json": json.dumps(manifest, indent=2).encode(),
        "FILES.json": files_json,
        **files,
    }
    target_dir = Path(directory)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / artifact_filename(namespace, name, version)
    target.write_bytes(_tar_gz(members, directories))
    return target


def _tar_gz(members: Mapping[str, bytes], directories: Sequence[str]) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for directory in directories:
            info = tarfile.TarInfo(directory)
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
            tar.addfile(info)
        for path, data in members.items():
            info = tarfile.TarInfo(path)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    # mtime=0 keeps the bytes identical from one build to the next.
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()
