"""Users and groups (galaxy's ``_ui/v1/users/`` and ``_ui/v1/groups/``).

Creating and deleting users and groups runs no task on 4.9.2: the answers are
final. Group membership goes through Pulp's ``pulp/api/v3/groups/<id>/users/``
(add by username, remove by user id), which galaxy shares with Pulp.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from .area import Area
from .errors import HubHTTPError, HubNotFoundError, InvalidArgumentError
from .pages import all_items

USERS = "_ui/v1/users/"
GROUPS = "_ui/v1/groups/"
# Where the test command collects secrets made up during a run, for its
# final scan of every log (scripts/run-tests.sh).
SECRETS_FILE_VARIABLE = "HUBTASK_SECRETS_FILE"


def generate_password() -> str:
    """A long random password that passes galaxy's password rules."""
    # 32 URL-safe characters; the fixed tail keeps digits, letters and a
    # symbol in every password whatever the random part holds.
    return secrets.token_urlsafe(24) + "-7a"


def register_secret(value: str) -> None:
    """Add ``value`` to the run's secrets file (when the test command set one),
    so its scan proves the value never reached a log."""
    path = os.environ.get(SECRETS_FILE_VARIABLE)
    if not path or not value:
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(value + "\n")


class UserInfo(dict[str, Any]):
    """A user as returned to tests: a dictionary whose printed form hides the password.

    Robot logs what a keyword returns (``${user} =    Create User ...``); the
    password must not show there.
    """

    def __repr__(self) -> str:
        shown = {k: ("***" if k == "password" else v) for k, v in self.items()}
        return repr(shown)

    __str__ = __repr__


class Users(Area):
    # -- users ------------------------------------------------------------------
    def find_user(self, username: str) -> dict[str, Any]:
        """The user called ``username`` (exact match); a clear 404 otherwise."""
        check_text(username, "username")
        for user in all_items(self.session, USERS, {"username": username}):
            if user.get("username") == username:
                return user
        raise HubNotFoundError(
            f"User '{username}' does not exist: create it first (Create User) or check the name.",
            404,
            "GET",
            USERS,
        )

    def user_exists(self, username: str) -> bool:
        try:
            self.find_user(username)
        except HubNotFoundError:
            return False
        return True

    def list_users(self) -> list[dict[str, Any]]:
        return all_items(self.session, USERS)

    def create_user(
        self,
        username: str,
        password: str,
        *,
        email: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        superuser: bool = False,
        groups: Sequence[str] = (),
    ) -> dict[str, Any]:
        check_text(username, "username")
        if self.user_exists(username):
            raise InvalidArgumentError(
                f"User '{username}' already exists: pick another name or delete it first "
                "(Delete User)."
            )
        # Every group is looked up before the user is made, so an unknown
        # group leaves nothing behind.
        members = [self.find_group(name) for name in groups]
        body: dict[str, Any] = {
            "username": username,
            "password": password,
            "email": email or "",
            "first_name": first_name or "",
            "last_name": last_name or "",
            "is_superuser": bool(superuser),
            "groups": [{"id": g["id"], "name": g["name"]} for g in members],
        }
        try:
            return dict(self.session.request("POST", USERS, json=body).json())
        except HubHTTPError as err:
            raise _refused(err, f"Cannot create user '{username}'") from None

    def delete_user(self, username: str) -> None:
        user = self.find_user(username)
        try:
            self.session.request("DELETE", f"{USERS}{user['id']}/")
        except HubHTTPError as err:
            raise _refused(err, f"Cannot delete user '{username}'") from None

    # -- groups -----------------------------------------------------------------
    def find_group(self, name: str) -> dict[str, Any]:
        check_text(name, "group")
        for group in all_items(self.session, GROUPS, {"name": name}):
            if group.get("name") == name:
                return group
        raise HubNotFoundError(
            f"Group '{name}' does not exist: create it first (Create Group) or check the name.",
            404,
            "GET",
            GROUPS,
        )

    def group_exists(self, name: str) -> bool:
        try:
            self.find_group(name)
        except HubNotFoundError:
            return False
        return True

    def list_groups(self) -> list[dict[str, Any]]:
        return all_items(self.session, GROUPS)

    def create_group(self, name: str) -> dict[str, Any]:
        check_text(name, "group")
        if self.group_exists(name):
            raise InvalidArgumentError(
                f"Group '{name}' already exists: pick another name or delete it first "
                "(Delete Group)."
            )
        try:
            return dict(self.session.request("POST", GROUPS, json={"name": name}).json())
        except HubHTTPError as err:
            raise _refused(err, f"Cannot create group '{name}'") from None

    def delete_group(self, name: str) -> None:
        group = self.find_group(name)
        try:
            self.session.request("DELETE", f"{GROUPS}{group['id']}/")
        except HubHTTPError as err:
            raise _refused(err, f"Cannot delete group '{name}'") from None

    def group_members(self, name: str) -> list[str]:
        group = self.find_group(name)
        members = all_items(self.session, f"pulp/api/v3/groups/{group['id']}/users/")
        return sorted(str(m.get("username")) for m in members)

    def add_to_group(self, username: str, group_name: str) -> None:
        user = self.find_user(username)
        group = self.find_group(group_name)
        path = f"pulp/api/v3/groups/{group['id']}/users/"
        try:
            self.session.request("POST", path, json={"username": user["username"]})
        except HubHTTPError as err:
            raise _refused(err, f"Cannot add user '{username}' to group '{group_name}'") from None

    def remove_from_group(self, username: str, group_name: str) -> None:
        user = self.find_user(username)
        group = self.find_group(group_name)
        if user["username"] not in self.group_members(group_name):
            raise InvalidArgumentError(
                f"User '{username}' is not in group '{group_name}': nothing to remove."
            )
        path = f"pulp/api/v3/groups/{group['id']}/users/{user['id']}/"
        try:
            self.session.request("DELETE", path)
        except HubHTTPError as err:
            raise _refused(
                err, f"Cannot remove user '{username}' from group '{group_name}'"
            ) from None


def check_text(value: object, what: str) -> str:
    """A non-empty name without slashes (it goes into URLs and filters)."""
    text = str(value or "").strip()
    if not text or "/" in text:
        raise InvalidArgumentError(f"{what.capitalize()} name '{value}' is empty or has a '/'.")
    return text


def _refused(err: HubHTTPError, what: str) -> HubHTTPError:
    """The hub's refusal in one line that says what was being done."""
    return type(err)(
        f"{what}: {err}" if err.status in (401, 403) else f"{what}: {err.hub_message}",
        err.status,
        err.method,
        err.url,
        err.body,
        err.hub_message,
    )


def names(items: Iterable[dict[str, Any]], key: str = "name") -> list[str]:
    return [str(item.get(key)) for item in items]
