"""Tiny container images written as an OCI image layout, with the standard library only.

The loopback registry is seeded without any network: each image is one small
layer (a text file naming the image) plus a config and a manifest, written as
an OCI layout directory that ``skopeo copy oci:<dir>:<tag> docker://...``
pushes anywhere. The layer's content names the image and tag, so every tag
has its own digest (a sync that finds a new tag has something new to fetch).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json"
CONFIG_TYPE = "application/vnd.oci.image.config.v1+json"
LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip"
REF_NAME = "org.opencontainers.image.ref.name"
# Fixed timestamps: the same name and tag always give the same bytes.
EPOCH = "1970-01-01T00:00:00Z"


@dataclass(frozen=True)
class Blob:
    media_type: str
    data: bytes

    @property
    def digest(self) -> str:
        return "sha256:" + hashlib.sha256(self.data).hexdigest()

    def descriptor(self) -> dict[str, object]:
        return {"mediaType": self.media_type, "digest": self.digest, "size": len(self.data)}


def _layer_tar(name: str, tag: str) -> bytes:
    content = f"HubTaskLibrary test image {name}:{tag}\n".encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("hubtask-image.txt")
        info.size = len(content)
        info.mode = 0o644
        info.mtime = 0
        tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def image_blobs(name: str, tag: str) -> tuple[Blob, Blob, Blob]:
    """(layer, config, manifest) of the test image ``name:tag``."""
    tar = _layer_tar(name, tag)
    layer = Blob(LAYER_TYPE, gzip.compress(tar, mtime=0))
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": EPOCH,
        "config": {"Labels": {"org.hubtasklibrary.image": f"{name}:{tag}"}},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(tar).hexdigest()]},
        "history": [{"created": EPOCH, "created_by": "HubTaskLibrary"}],
    }
    config_blob = Blob(CONFIG_TYPE, json.dumps(config, sort_keys=True).encode())
    manifest = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_TYPE,
        "config": config_blob.descriptor(),
        "layers": [layer.descriptor()],
    }
    return layer, config_blob, Blob(MANIFEST_TYPE, json.dumps(manifest, sort_keys=True).encode())


def write_layout(folder: Path, name: str, tags: list[str] | tuple[str, ...]) -> Path:
    """An OCI layout in ``folder`` holding ``name:tag`` for each tag; returns ``folder``.

    Reference it as ``oci:<folder>:<tag>``. An existing layout is extended.
    """
    blobs_dir = folder / "blobs" / "sha256"
    blobs_dir.mkdir(parents=True, exist_ok=True)
    (folder / "oci-layout").write_text(json.dumps({"imageLayoutVersion": "1.0.0"}))
    index_path = folder / "index.json"
    index: dict[str, Any] = {"schemaVersion": 2, "manifests": []}
    if index_path.exists():
        index = json.loads(index_path.read_text())
    manifests = [m for m in index.get("manifests") or [] if isinstance(m, dict)]
    for tag in tags:
        blobs = image_blobs(name, tag)
        for blob in blobs:
            (blobs_dir / blob.digest.split(":", 1)[1]).write_bytes(blob.data)
        manifests = [m for m in manifests if (m.get("annotations") or {}).get(REF_NAME) != tag]
        manifests.append({**blobs[2].descriptor(), "annotations": {REF_NAME: tag}})
    index["manifests"] = manifests
    index_path.write_text(json.dumps(index, indent=1))
    return folder
