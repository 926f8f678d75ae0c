"""Pulp ansible remotes, repositories and distributions."""

from __future__ import annotations

from typing import Any

from .area import Area
from .errors import HubHTTPError, HubNotFoundError, InvalidArgumentError
from .pipelines import check_pipeline
from .references import TaskRef

KINDS = {
    "remote": "pulp/api/v3/remotes/ansible/collection/",
    "repository": "pulp/api/v3/repositories/ansible/ansible/",
    "distribution": "pulp/api/v3/distributions/ansible/ansible/",
}


class Repositories(Area):
    def find(self, kind: str, name: str) -> dict[str, Any]:
        """The remote/repository/distribution called ``name``."""
        body = self.session.get_json(KINDS[kind], params={"name": name})
        results = body.get("results") or []
        if not results:
            raise HubNotFoundError(
                f"{kind.capitalize()} '{name}' does not exist.", 404, "GET", KINDS[kind]
            )
        found: dict[str, Any] = results[0]
        return found

    def exists(self, kind: str, name: str) -> bool:
        try:
            self.find(kind, name)
        except HubNotFoundError:
            return False
        return True

    def _create(self, kind: str, body: dict[str, Any]) -> Any:
        name = str(body.get("name"))
        try:
            with self.session.lost_answers.track(kind, name):
                return self.session.request("POST", KINDS[kind], json=body)
        except HubHTTPError as err:
            if err.status == 400 and "unique" in err.hub_message:
                raise HubHTTPError(
                    f"{kind.capitalize()} '{name}' already exists: pick another name."
                    + self.session.lost_answers.reached(kind, name),
                    400,
                    err.method,
                    err.url,
                    err.body,
                    err.hub_message,
                ) from None
            raise HubHTTPError(
                f"Cannot create {kind} '{body.get('name')}': {err.hub_message}",
                err.status,
                err.method,
                err.url,
                err.body,
                err.hub_message,
            ) from None

    def create_remote(
        self, name: str, url: str, requirements: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        if not str(url).startswith(("http://", "https://")):
            raise InvalidArgumentError(f"Remote url '{url}' must be an http(s) URL.")
        body: dict[str, Any] = {"name": name, "url": url, **extra}
        if requirements:
            body["requirements_file"] = requirements
        created: dict[str, Any] = self._create("remote", body).json()
        return created

    def create_repository(
        self,
        name: str,
        remote: str | None = None,
        pipeline: str | None = None,
        retain_repo_versions: int | None = None,
        private: bool = False,
    ) -> dict[str, Any]:
        """``pipeline`` becomes the ``pipeline`` label the approval dashboard reads."""
        check_pipeline(pipeline)
        if retain_repo_versions is not None and int(retain_repo_versions) < 1:
            raise InvalidArgumentError(
                f"retain_repo_versions must be at least 1 (or None: keep all), "
                f"not {retain_repo_versions}."
            )
        body: dict[str, Any] = {"name": name, "private": bool(private)}
        if pipeline:
            body["pulp_labels"] = {"pipeline": pipeline}
        if retain_repo_versions is not None:
            body["retain_repo_versions"] = int(retain_repo_versions)
        if remote:
            body["remote"] = self.find("remote", remote)["pulp_href"]
        created: dict[str, Any] = self._create("repository", body).json()
        return created

    def describe(self, name: str) -> dict[str, Any]:
        """The repository as the hub has it, plus what the UI shows derived from it:
        ``pipeline`` (its label), ``remote_name`` and ``latest_version`` (a number)."""
        repository = dict(self.find("repository", name))
        repository["pipeline"] = (repository.get("pulp_labels") or {}).get("pipeline")
        remote_href = repository.get("remote")
        repository["remote_name"] = (
            self.session.get_json(remote_href).get("name") if remote_href else None
        )
        repository["latest_version"] = version_number(repository.get("latest_version_href"))
        return repository

    def remove_content(self, name: str, content_hrefs: list[str], what: str) -> TaskRef:
        """The UI's "Remove ... from repository": a ``modify`` of the repository."""
        href = self.find("repository", name)["pulp_href"]
        try:
            response = self.session.request(
                "POST", f"{href}modify/", json={"remove_content_units": content_hrefs}
            )
        except HubHTTPError as err:
            raise type(err)(
                f"Cannot remove {what} from repository '{name}': {err.hub_message}",
                err.status,
                err.method,
                err.url,
                err.body,
            ) from None
        return self.task_ref(response, f"Removal of {what} from {name}", "remove from repository")

    def create_distribution(
        self, name: str, repository: str | None = None, base_path: str | None = None
    ) -> TaskRef:
        """Defaults as galaxykit's: the repository of the same name, base path = name."""
        body = {
            "name": name,
            "base_path": base_path or name,
            "repository": self.find("repository", repository or name)["pulp_href"],
        }
        return self.task_ref(
            self._create("distribution", body), f"Creation of distribution {name}", "distribution"
        )

    def sync(self, name: str, remote: str | None = None, **options: Any) -> TaskRef:
        repository = self.find("repository", name)
        body: dict[str, Any] = dict(options)
        if remote:
            body["remote"] = self.find("remote", remote)["pulp_href"]
        elif not repository.get("remote"):
            raise InvalidArgumentError(
                f"Repository '{name}' has no remote: give remote=<name> to sync from."
            )
        try:
            response = self.session.request("POST", f"{repository['pulp_href']}sync/", json=body)
        except HubHTTPError as err:
            raise HubHTTPError(
                f"Cannot sync repository '{name}': {err.hub_message}",
                err.status,
                err.method,
                err.url,
                err.body,
                err.hub_message,
            ) from None
        return self.task_ref(response, f"Sync of {name}", "sync")

    def delete(self, kind: str, name: str) -> TaskRef:
        href = self.find(kind, name)["pulp_href"]
        response = self.session.request("DELETE", href)
        return self.task_ref(response, f"Deletion of {kind} {name}", f"delete {kind}")


def version_number(version_href: str | None) -> int | None:
    """``.../repositories/ansible/ansible/<id>/versions/7/`` -> 7."""
    if not version_href:
        return None
    tail = version_href.rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None
