"""Galaxy namespaces."""

from __future__ import annotations

from typing import Any

from .area import Area
from .artifacts import check_name
from .errors import HubHTTPError, HubNotFoundError
from .references import TaskRef


class Namespaces(Area):
    def create(self, name: str, settle: bool = False) -> TaskRef | None:
        """Create a namespace; returns the hidden tasks it started, if any
        (``settle``: the caller waits for them, see ``tasks_of_current_operation``)."""
        check_name(name, "namespace")
        try:
            with self.session.lost_answers.track("namespace", name):
                self.session.request("POST", "v3/namespaces/", json={"name": name, "groups": []})
        except HubHTTPError as err:
            if err.status == 409 or (err.status == 400 and "already exists" in str(err)):
                raise HubHTTPError(
                    f"Namespace '{name}' already exists: pick another name or delete it first."
                    + self.session.lost_answers.reached("namespace", name),
                    err.status,
                    err.method,
                    err.url,
                    err.body,
                ) from None
            raise
        return self.tasks_of_current_operation("namespace", settle)

    def get(self, name: str) -> dict[str, Any]:
        try:
            namespace: dict[str, Any] = self.session.get_json(f"v3/namespaces/{name}/")
            return namespace
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Namespace '{name}' does not exist.", 404, "GET", f"v3/namespaces/{name}/"
            ) from None

    def exists(self, name: str) -> bool:
        try:
            self.get(name)
        except HubNotFoundError:
            return False
        return True

    def delete(self, name: str) -> None:
        try:
            self.session.request("DELETE", f"v3/namespaces/{name}/")
        except HubNotFoundError:
            raise HubNotFoundError(
                f"Cannot delete namespace '{name}': it does not exist.",
                404,
                "DELETE",
                f"v3/namespaces/{name}/",
            ) from None
        except HubHTTPError as err:
            if err.status == 400:
                raise HubHTTPError(
                    f"Cannot delete namespace '{name}': {err.hub_message} "
                    "Delete its collections first.",
                    err.status,
                    err.method,
                    err.url,
                    err.body,
                ) from None
            raise
