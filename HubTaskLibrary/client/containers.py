"""Execution environments: remote registries, remote containers, their syncs and deletions.

galaxy_ng 4.9 keeps registries and remote containers under the UI API
(``_ui/v1/execution-environments/registries/`` and ``.../remotes/``) and the
containers themselves (a pulp_container distribution with its repository)
under ``v3/plugin/execution-environments/repositories/<name>/``, where the
sync (``_content/sync/``) and the deletion answer 202 with a task.
Creating a remote container also creates its repository and distribution,
in one transaction, without a task.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .area import Area
from .errors import HubError, HubHTTPError, HubNotFoundError, InvalidArgumentError
from .references import TaskRef

REGISTRIES = "_ui/v1/execution-environments/registries/"
REMOTES = "_ui/v1/execution-environments/remotes/"
REPOSITORIES = "v3/plugin/execution-environments/repositories/"

# galaxy_ng's own rule for container names (VALID_REMOTE_REGEX): letters,
# digits, ".", "_", "-" and at most one "/" (namespace/name).
CONTAINER_NAME = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)?$")
PAGE = 100


def check_container_name(name: str) -> str:
    text = str(name)
    if not CONTAINER_NAME.match(text):
        raise InvalidArgumentError(
            f"Invalid container name '{text}': use lower-case letters, digits, '.', '_', '-' "
            "and at most one '/' (namespace/name)."
        )
    return text


def _rephrase(err: HubHTTPError, message: str) -> HubHTTPError:
    return HubHTTPError(message, err.status, err.method, err.url, err.body, err.hub_message)


def _unique_violation(err: HubHTTPError) -> bool:
    return err.status == 400 and ("unique" in err.hub_message or "already" in err.hub_message)


class Containers(Area):
    # -- registries -------------------------------------------------------------------
    def _pages(self, path: str, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Every item of a galaxy-paginated list (``{meta, links, data}``)."""
        offset = 0
        while True:
            body = self.session.get_json(path, params={**params, "limit": PAGE, "offset": offset})
            items = body.get("data") or []
            yield from items
            offset += len(items)
            if not items or offset >= int((body.get("meta") or {}).get("count", 0)):
                return

    def find_registry(self, name: str) -> dict[str, Any]:
        for item in self._pages(REGISTRIES, {"name": name}):
            if item.get("name") == name:
                return item
        raise HubNotFoundError(f"Registry '{name}' does not exist.", 404, "GET", REGISTRIES)

    def registry_exists(self, name: str) -> bool:
        try:
            self.find_registry(name)
        except HubNotFoundError:
            return False
        return True

    def list_registries(self, pattern: str = "*") -> list[str]:
        """Registry names matching the glob ``pattern``."""
        names = [str(item.get("name")) for item in self._pages(REGISTRIES, {})]
        return [n for n in names if fnmatch.fnmatchcase(n, pattern)]

    def create_registry(self, name: str, url: str, **extra: Any) -> dict[str, Any]:
        if not str(url).startswith(("http://", "https://")):
            raise InvalidArgumentError(f"Registry url '{url}' must be an http(s) URL.")
        body: dict[str, Any] = {"name": name, "url": url, **extra}
        try:
            response = self.session.request("POST", REGISTRIES, json=body)
        except HubHTTPError as err:
            if _unique_violation(err):
                raise _rephrase(err, self._taken(name, "Registry", "a container")) from None
            raise _rephrase(err, f"Cannot create registry '{name}': {err.hub_message}") from None
        created: dict[str, Any] = response.json()
        return created

    def _taken(self, name: str, kind: str, other: str) -> str:
        """Why ``name`` is refused as unique: registries and remote containers are
        both pulp remotes, whose names are unique across the two."""
        if other == "a registry":
            clash = self.registry_exists(name)
        else:
            clash = bool(CONTAINER_NAME.match(str(name))) and self.exists(name)
        if clash:
            return (
                f"{kind} name '{name}' is taken by {other} (registries and containers "
                "share one set of names): pick another name."
            )
        return f"{kind} '{name}' already exists: pick another name."

    def delete_registry(self, name: str) -> TaskRef | None:
        """Delete a registry; its remote containers stay (they lose their registry)."""
        registry = self.find_registry(name)
        response = self.session.request("DELETE", f"{REGISTRIES}{registry['id']}/")
        if response.status_code == 202:
            return self.task_ref(response, f"Deletion of registry {name}", "delete registry")
        return None

    # -- containers ---------------------------------------------------------------------
    def create_remote_container(
        self,
        name: str,
        upstream: str,
        registry: str,
        include_tags: Iterable[str] = (),
        exclude_tags: Iterable[str] = (),
    ) -> dict[str, Any]:
        check_container_name(name)
        if not str(upstream).strip():
            raise InvalidArgumentError("Upstream name is empty: give the image's name, e.g. ns/ee.")
        registry_id = self.find_registry(registry)["id"]
        body: dict[str, Any] = {
            "name": name,
            "upstream_name": upstream,
            "registry": registry_id,
            "include_tags": list(include_tags),
            "exclude_tags": list(exclude_tags),
        }
        try:
            response = self.session.request("POST", REMOTES, json=body)
        except HubHTTPError as err:
            if _unique_violation(err):
                raise _rephrase(err, self._taken(name, "Container", "a registry")) from None
            raise _rephrase(err, f"Cannot create container '{name}': {err.hub_message}") from None
        created: dict[str, Any] = response.json()
        return created

    def _path(self, name: str) -> str:
        check_container_name(name)
        return f"{REPOSITORIES}{quote(name, safe='/')}/"

    def get(self, name: str) -> dict[str, Any]:
        try:
            found: dict[str, Any] = self.session.get_json(self._path(name))
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Container '{name}' does not exist.", 404, "GET", self._path(name)
            ) from None
        return found

    def exists(self, name: str) -> bool:
        try:
            self.get(name)
        except HubNotFoundError:
            return False
        return True

    def list_containers(self, pattern: str = "*") -> list[str]:
        """Container names matching the glob ``pattern``."""
        names = [str(item.get("name")) for item in self._pages(REPOSITORIES, {})]
        return [n for n in names if fnmatch.fnmatchcase(n, pattern)]

    def sync(self, name: str) -> TaskRef:
        try:
            response = self.session.request("POST", f"{self._path(name)}_content/sync/")
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Cannot sync container '{name}': it does not exist.", 404, "POST", name
            ) from None
        except HubHTTPError as err:
            raise _rephrase(err, f"Cannot sync container '{name}': {err.hub_message}") from None
        return self.task_ref(response, f"Sync of container {name}", "sync container")

    def delete(self, name: str) -> TaskRef:
        try:
            response = self.session.request("DELETE", self._path(name))
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Cannot delete container '{name}': it does not exist.", 404, "DELETE", name
            ) from None
        return self.task_ref(response, f"Deletion of container {name}", "delete container")

    def tags(self, name: str) -> list[str]:
        """The tag names the container holds now."""
        try:
            items = list(self._pages(f"{self._path(name)}_content/tags/", {}))
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Container '{name}' does not exist.", 404, "GET", self._path(name)
            ) from None
        return sorted(str(item.get("name")) for item in items)

    def readme(self, name: str) -> str:
        """The README text of container ``name`` ('' when it has none yet)."""
        try:
            found: dict[str, Any] = self.session.get_json(f"{self._path(name)}_content/readme/")
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Container '{name}' does not exist.", 404, "GET", self._path(name)
            ) from None
        return str(found.get("text") or "")

    def set_readme(self, name: str, text: str) -> None:
        """Replaces the README of container ``name`` (the hub answers at once, no task)."""
        try:
            self.session.request("PUT", f"{self._path(name)}_content/readme/", json={"text": text})
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Cannot set the README of container '{name}': it does not exist.",
                404,
                "PUT",
                self._path(name),
            ) from None

    def delete_image(self, name: str, image: str) -> TaskRef:
        """Deletes one image of container ``name``, given by tag or digest, with its tags.

        The hub answers 202 with a task that removes the manifest and reclaims
        its space.
        """
        ref = str(image).strip()
        if not ref or "/" in ref:
            raise InvalidArgumentError(
                f"Invalid image '{image}': give a tag (1.0) or a digest (sha256:...)."
            )
        path = f"{self._path(name)}_content/images/{quote(ref, safe=':')}/"
        try:
            response = self.session.request("DELETE", path)
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Cannot delete image '{ref}' of container '{name}': no such container or image.",
                404,
                "DELETE",
                path,
            ) from None
        return self.task_ref(response, f"Deletion of image {ref} of {name}", "delete image")

    def push_image(
        self,
        image: str,
        name: str,
        tag: str,
        credentials: tuple[str, str],
    ) -> None:
        """Copy ``image`` into the hub's own registry as ``name:tag`` (skopeo).

        The hub's registry uses pulp_container's token auth: skopeo gets a
        bearer token from the hub's token server with these credentials,
        which it reads from a private auth file (never a command line).
        TLS is not verified on either side (loopback registries speak plain HTTP).
        """
        check_container_name(name)
        if not re.match(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", str(tag)):
            raise InvalidArgumentError(f"Invalid tag '{tag}': letters, digits, '_', '.', '-'.")
        host = registry_host(self.session.base_url)
        source = image_reference(image)
        # The local hub package is stdlib only; its skopeo helper is reused here.
        from ..localhub.errors import HubStepError as LocalError
        from ..localhub.registry import skopeo_copy

        user, password = credentials
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        with tempfile.TemporaryDirectory(prefix="hubtask-auth-") as folder:
            authfile = Path(folder) / "auth.json"
            authfile.touch(mode=0o600)
            authfile.write_text(json.dumps({"auths": {host: {"auth": token}}}))
            try:
                skopeo_copy(source, f"docker://{host}/{name}:{tag}", authfile)
            except LocalError as err:
                raise HubError(
                    f"Cannot push {image} to the hub as {name}:{tag}: {err.message}"
                ) from None

    def last_sync_error(self, name: str) -> str:
        """The error of the container's last sync, as its remote records it ('' if none)."""
        for item in self._pages(REMOTES, {}):
            if item.get("name") == name:
                task = item.get("last_sync_task") or {}
                error = task.get("error") or {}
                return str(error.get("description") or "") if isinstance(error, dict) else ""
        return ""


def image_reference(image: str) -> str:
    """A skopeo source: ``docker://...``, ``oci:...`` and other transports as given;
    a bare ``host[:port]/name:tag`` is taken as ``docker://``."""
    text = str(image).strip()
    if not text:
        raise InvalidArgumentError("Image is empty: give e.g. 127.0.0.1:25000/hubtask/minimal:1.0.")
    if re.match(r"^[a-z][a-z0-9-]*:(?!\d)", text) and not text.startswith("localhost:"):
        return text
    return f"docker://{text}"


def registry_host(base_url: str) -> str:
    """``host:port`` of the hub's own registry (pulp_container serves ``/v2/`` on the API)."""
    match = re.match(r"^https?://([^/]+)", base_url)
    if not match:
        raise HubError(f"Cannot tell the registry host of '{base_url}'.")
    return match.group(1)
