"""Collections: upload, approve/move/copy, delete, deprecate, look up."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .area import Area
from .artifacts import check_name, check_version
from .errors import HubHTTPError, HubNotFoundError, InvalidArgumentError
from .references import TaskRef

_FILENAME = re.compile(r"^([a-z][0-9a-z_]*)-([a-z][0-9a-z_]*)-(\d[^/]*)\.tar\.gz$")


class Collections(Area):
    def upload(self, path: str | Path) -> TaskRef:
        """Upload an artifact; returns its import task (same uuid as the pulp task)."""
        artifact = Path(path)
        if not artifact.is_file():
            raise InvalidArgumentError(f"Collection artifact '{artifact}' does not exist.")
        if not _FILENAME.match(artifact.name):
            raise InvalidArgumentError(
                f"Artifact file name '{artifact.name}' must be <namespace>-<name>-<version>.tar.gz."
            )
        data = artifact.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        try:
            response = self.session.request(
                "POST",
                "v3/artifacts/collections/",
                files={"file": (artifact.name, data, "application/x-tar")},
                data={"sha256": sha256},
            )
        except HubNotFoundError as err:
            namespace = artifact.name.split("-", 1)[0]
            raise HubNotFoundError(
                f"Cannot upload {artifact.name}: the hub answered 404: {err.hub_message} "
                f"Create namespace '{namespace}' first.",
                404,
                err.method,
                err.url,
                err.body,
            ) from None
        return self.task_ref(response, f"Upload of {artifact.name}", "upload")

    def _index(self, repository: str, namespace: str, name: str, version: str | None) -> str:
        check_name(namespace, "namespace")
        check_name(name, "collection")
        path = f"v3/plugin/ansible/content/{repository}/collections/index/{namespace}/{name}/"
        if version is not None:
            path += f"versions/{check_version(version)}/"
        return path

    def exists(self, namespace: str, name: str, version: str | None, repository: str) -> bool:
        try:
            self.session.request("GET", self._index(repository, namespace, name, version))
        except HubNotFoundError:
            return False
        return True

    def move(
        self,
        namespace: str,
        name: str,
        version: str,
        source: str,
        destination: str,
        action: str = "move",
    ) -> TaskRef:
        check_name(namespace, "namespace")
        check_name(name, "collection")
        check_version(version)
        path = (
            f"v3/collections/{namespace}/{name}/versions/{version}/{action}/{source}/{destination}/"
        )
        what = (
            f"{action.capitalize()} of {namespace}.{name} {version} from {source} to {destination}"
        )
        try:
            response = self.session.request("POST", path)
        except HubHTTPError as err:
            raise type(err)(
                f"{what} failed: {err.hub_message}",
                err.status,
                err.method,
                err.url,
                err.body,
            ) from None
        return self.task_ref(response, what, f"{action} {source} {destination}")

    def delete(self, namespace: str, name: str, version: str | None, repository: str) -> TaskRef:
        path = self._index(repository, namespace, name, version)
        label = f"{namespace}.{name}" + (f" {version}" if version else "")
        try:
            response = self.session.request("DELETE", path)
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Cannot delete collection {label}: not found in repository '{repository}'.",
                404,
                "DELETE",
                path,
            ) from None
        except HubHTTPError as err:
            raise type(err)(
                f"Cannot delete collection {label}: {err.hub_message}",
                err.status,
                err.method,
                err.url,
                err.body,
            ) from None
        return self.task_ref(
            response, f"Delete of {label}", f"delete {'version' if version else 'collection'}"
        )

    def deprecate(
        self, namespace: str, name: str, repository: str, deprecated: bool = True
    ) -> TaskRef:
        path = self._index(repository, namespace, name, None)
        try:
            response = self.session.request("PATCH", path, json={"deprecated": deprecated})
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Cannot deprecate {namespace}.{name}: not found in repository '{repository}'.",
                404,
                "PATCH",
                path,
            ) from None
        return self.task_ref(response, f"Deprecation of {namespace}.{name}", "deprecate")
