"""Roles (Pulp's ``pulp/api/v3/roles/``) and the roles groups hold.

A group holds a role globally (``content_object: null``) or on one object: a
namespace or a repository, named by its ``pulp_href``. galaxy_ng 4.9.2 keeps
both kinds in Pulp's ``pulp/api/v3/groups/<id>/roles/``; giving and taking
them runs no task.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .area import Area
from .errors import HubHTTPError, HubNotFoundError, InvalidArgumentError
from .pages import all_items
from .users import Users, check_text

ROLES = "pulp/api/v3/roles/"
REPOSITORIES = "pulp/api/v3/repositories/ansible/ansible/"


class Roles(Area):
    def __init__(self, session: Any, tasks: Any, users: Users):
        super().__init__(session, tasks)
        self.users = users

    def find(self, name: str) -> dict[str, Any]:
        check_text(name, "role")
        for role in all_items(self.session, ROLES, {"name": name}):
            if role.get("name") == name:
                return role
        raise HubNotFoundError(
            f"Role '{name}' does not exist: create it first (Create Role) or check the name "
            "(e.g. galaxy.collection_namespace_owner).",
            404,
            "GET",
            ROLES,
        )

    def exists(self, name: str) -> bool:
        try:
            self.find(name)
        except HubNotFoundError:
            return False
        return True

    def list_roles(self, locked: bool | None = None) -> list[dict[str, Any]]:
        params = {} if locked is None else {"locked": str(locked).lower()}
        return all_items(self.session, ROLES, params)

    def create(self, name: str, description: str, permissions: Sequence[str]) -> dict[str, Any]:
        check_text(name, "role")
        if not permissions:
            raise InvalidArgumentError(
                f"Role '{name}' needs at least one permission, e.g. galaxy.upload_to_namespace."
            )
        for permission in permissions:
            if "." not in str(permission):
                raise InvalidArgumentError(
                    f"Permission '{permission}' must be written app.codename, "
                    "e.g. galaxy.upload_to_namespace."
                )
        if self.exists(name):
            raise InvalidArgumentError(
                f"Role '{name}' already exists: pick another name or delete it first (Delete Role)."
            )
        body = {"name": name, "description": description or "", "permissions": list(permissions)}
        try:
            return dict(self.session.request("POST", ROLES, json=body).json())
        except HubHTTPError as err:
            hint = (
                " Give permissions as app.codename, e.g. galaxy.upload_to_namespace."
                if "does not exist" in err.hub_message
                else ""
            )
            raise HubHTTPError(
                f"Cannot create role '{name}': {err.hub_message}{hint}",
                err.status,
                err.method,
                err.url,
                err.body,
                err.hub_message,
            ) from None

    def delete(self, name: str) -> None:
        role = self.find(name)
        if role.get("locked"):
            raise InvalidArgumentError(
                f"Role '{name}' is one of the hub's built-in (locked) roles: it cannot be deleted."
            )
        self.session.request("DELETE", role["pulp_href"])

    # -- roles of groups ----------------------------------------------------------
    def content_object(self, namespace: str | None, repository: str | None) -> str | None:
        """The href a role is given on: a namespace's, a repository's, or None (global)."""
        if namespace and repository:
            raise InvalidArgumentError(
                "Give namespace=... or repository=..., not both: a role is held on one object."
            )
        if namespace:
            check_text(namespace, "namespace")
            # galaxy's namespace carries a pulp_href for exactly this use.
            path = f"v3/namespaces/{namespace}/"
            try:
                return str(self.session.get_json(path)["pulp_href"])
            except HubNotFoundError:
                raise HubNotFoundError(
                    f"Namespace '{namespace}' does not exist: create it first (Create Namespace).",
                    404,
                    "GET",
                    path,
                ) from None
        if repository:
            check_text(repository, "repository")
            for item in all_items(self.session, REPOSITORIES, {"name": repository}):
                if item.get("name") == repository:
                    return str(item["pulp_href"])
            raise HubNotFoundError(
                f"Repository '{repository}' does not exist: create it first (Create Repository).",
                404,
                "GET",
                REPOSITORIES,
            )
        return None

    def of_group(self, group: str) -> list[dict[str, Any]]:
        """The roles group ``group`` holds: ``{role, content_object, pulp_href}`` each."""
        found = self.users.find_group(group)
        return all_items(self.session, f"pulp/api/v3/groups/{found['id']}/roles/")

    def give(
        self, group: str, role: str, namespace: str | None = None, repository: str | None = None
    ) -> None:
        found = self.users.find_group(group)
        self.find(role)
        target = self.content_object(namespace, repository)
        path = f"pulp/api/v3/groups/{found['id']}/roles/"
        try:
            self.session.request("POST", path, json={"role": role, "content_object": target})
        except HubHTTPError as err:
            raise HubHTTPError(
                f"Cannot give role '{role}' to group '{group}'{_on(namespace, repository)}: "
                f"{err.hub_message}",
                err.status,
                err.method,
                err.url,
                err.body,
                err.hub_message,
            ) from None

    def take(
        self, group: str, role: str, namespace: str | None = None, repository: str | None = None
    ) -> None:
        found = self.users.find_group(group)
        self.find(role)
        target = self.content_object(namespace, repository)
        held = [
            r
            for r in self.of_group(group)
            if r.get("role") == role and (r.get("content_object") or None) == target
        ]
        if not held:
            raise InvalidArgumentError(
                f"Group '{group}' does not hold role '{role}'{_on(namespace, repository)}: "
                "nothing to remove."
            )
        for item in held:
            self.session.request("DELETE", item["pulp_href"])
        del found


def _on(namespace: str | None, repository: str | None) -> str:
    if namespace:
        return f" on namespace '{namespace}'"
    if repository:
        return f" on repository '{repository}'"
    return " globally"
