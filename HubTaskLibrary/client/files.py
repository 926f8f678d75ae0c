"""Pulp file repositories: a task any pulpcore server can run (plain Pulp too).

pulpcore ships its file plugin (``pulp_file``), so a file sync is the task the
library starts where there is no galaxy API. Used against Automation Hub as
well only where its Pulp has the file plugin (galaxy_ng 4.9.2 does not).
"""

from __future__ import annotations

import hashlib
from typing import Any

from .area import Area
from .errors import HubHTTPError, InvalidArgumentError
from .references import TaskRef

REMOTES = "pulp/api/v3/remotes/file/file/"
REPOSITORIES = "pulp/api/v3/repositories/file/file/"


def remote_name(repository: str, url: str) -> str:
    """One remote per repository and URL, so a sync never changes a remote."""
    return f"{repository}-{hashlib.sha256(url.encode()).hexdigest()[:10]}"


class FileRepositories(Area):
    def _find(self, path: str, name: str) -> dict[str, Any] | None:
        results = self.session.get_json(path, params={"name": name}).get("results") or []
        return results[0] if results else None

    def _find_or_create(self, path: str, body: dict[str, Any], what: str) -> dict[str, Any]:
        found = self._find(path, body["name"])
        if found is not None:
            return found
        try:
            created: dict[str, Any] = self.session.request("POST", path, json=body).json()
        except HubHTTPError as err:
            if err.status == 404:
                raise HubHTTPError(
                    f"Cannot create {what} '{body['name']}': this server has no Pulp file "
                    "plugin (pulp_file).",
                    err.status,
                    err.method,
                    err.url,
                    err.body,
                    err.hub_message,
                ) from None
            raise HubHTTPError(
                f"Cannot create {what} '{body['name']}': {err.hub_message}",
                err.status,
                err.method,
                err.url,
                err.body,
                err.hub_message,
            ) from None
        return created

    def sync(self, repository: str, remote_url: str) -> TaskRef:
        """Sync ``repository`` (created if missing) from the manifest at ``remote_url``."""
        if not str(remote_url).startswith(("http://", "https://")):
            raise InvalidArgumentError(
                f"remote_url '{remote_url}' must be an http(s) URL of a PULP_MANIFEST."
            )
        if not repository.strip():
            raise InvalidArgumentError("The file repository name is empty.")
        name = remote_name(repository, remote_url)
        remote = self._find_or_create(REMOTES, {"name": name, "url": remote_url}, "file remote")
        repo = self._find_or_create(REPOSITORIES, {"name": repository}, "file repository")
        response = self.session.request(
            "POST", f"{repo['pulp_href']}sync/", json={"remote": remote["pulp_href"]}
        )
        return self.task_ref(response, f"Sync of file repository {repository}", "file sync")
