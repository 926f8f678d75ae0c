"""Keywords for users, groups and roles, and for acting as another user."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

from robot.api import logger
from robotlibcore import keyword

from ..client.cleanup import ADMIN_USER
from ..client.errors import HubAuthError, HubNotFoundError, InvalidArgumentError
from ..client.users import UserInfo, generate_password, register_secret
from .base import KeywordGroup
from .context import LibraryContext, SwitchedUser


@contextlib.contextmanager
def as_default_user(ctx: LibraryContext) -> Iterator[None]:
    """Run a block with the import credentials (cleanup after ``Switch User``),
    then act as the switched user again."""
    switched = ctx.switched_user
    if switched is None or ctx._client is None:
        yield
        return
    s = ctx.settings
    session = ctx.client.session
    session.set_credentials(None if s.token else s.username, s.password, s.token)
    try:
        yield
    finally:
        session.set_credentials(switched.username, switched.password, switched.token)


def protected_users(ctx: LibraryContext) -> dict[str, str]:
    """Users the delete keywords never delete, with the reason."""
    found = {ADMIN_USER: "the hub's admin user"}
    if ctx.settings.username:
        found.setdefault(ctx.settings.username, "the user the library logs in as")
    if ctx.switched_user is not None:
        found.setdefault(ctx.switched_user.username, "the user the library acts as (Switch User)")
    return found


class UserKeywords(KeywordGroup):
    # -- users ----------------------------------------------------------------------
    @keyword(tags=["user"])
    def create_user(
        self,
        username: str,
        password: str | None = None,
        email: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        superuser: bool = False,
        groups: Sequence[str] | str = (),
        timeout: timedelta | None = None,
    ) -> dict[str, Any]:
        """Creates user ``username`` and returns it as a dictionary with ``username``, ``id``,
        ``password``, ``email``, ``groups`` and ``is_superuser``.

        Without ``password`` a long random one is generated. Passwords never
        reach the log: the returned dictionary prints the password as
        ``***`` (assign it to a ``${scalar}``, not a ``&{dict}``, which Robot
        copies and logs in full). Under the test command every password is
        also added to its secrets scan (``HUBTASK_SECRETS_FILE``).
        ``groups`` (a list, or one group name) must exist already: an
        unknown group fails before the user is made. `Switch User` needs no password for users made here.

        | ${user} = | Create User | e2e_alice | groups=${{['e2e_owners']}} |
        | Create User | e2e_bob | password=${PASSWORD} | email=bob@example.com | superuser=True |
        | Switch User | ${user}[username] |
        """
        secret = password if password is not None else generate_password()
        if not secret:
            raise InvalidArgumentError(
                f"Password for user '{username}' is empty: give one or leave it out."
            )
        register_secret(secret)
        group_names = [groups] if isinstance(groups, str) else list(groups)
        with self.ctx.operation(timeout):
            user = self.client.users.create_user(
                username,
                secret,
                email=email,
                first_name=first_name,
                last_name=last_name,
                superuser=superuser,
                groups=group_names,
            )
        self.ctx.remember("user", username)
        self.ctx.user_passwords[username] = secret
        info = UserInfo(
            username=user.get("username", username),
            id=user.get("id"),
            password=secret,
            email=user.get("email", email or ""),
            first_name=user.get("first_name", first_name or ""),
            last_name=user.get("last_name", last_name or ""),
            is_superuser=bool(user.get("is_superuser", superuser)),
            groups=[g.get("name") for g in user.get("groups") or []],
        )
        where = f" in group(s) {', '.join(group_names)}" if group_names else ""
        generated = " (generated password)" if password is None else ""
        logger.info(f"Created user '{username}' (id {info['id']}){where}{generated}.")
        return info

    @keyword(tags=["user"])
    def delete_user(
        self, username: str, missing_ok: bool = False, timeout: timedelta | None = None
    ) -> None:
        """Deletes user ``username``; fails if it does not exist unless ``missing_ok``.

        The admin user, the user the library logs in as and the one it acts
        as are never deleted (the keyword fails, naming it).

        | Delete User | e2e_alice |
        | Delete User | e2e_maybe | missing_ok=True |
        """
        protected = protected_users(self.ctx)
        if username in protected:
            raise InvalidArgumentError(
                f"User '{username}' is {protected[username]}: it is never deleted."
            )
        with self.ctx.operation(timeout):
            try:
                self.client.users.delete_user(username)
            except HubNotFoundError:
                if not missing_ok:
                    raise
                logger.info(f"User '{username}' does not exist: nothing to delete.")
                return
        self.ctx.forget("user", username)
        self.ctx.user_passwords.pop(username, None)
        logger.info(f"Deleted user '{username}'.")

    # -- groups ---------------------------------------------------------------------
    @keyword(tags=["group"])
    def create_group(self, name: str, timeout: timedelta | None = None) -> dict[str, Any]:
        """Creates group ``name`` and returns it (``id``, ``name``); fails if it exists.

        | Create Group | e2e_owners |
        """
        with self.ctx.operation(timeout):
            group = self.client.users.create_group(name)
        self.ctx.remember("group", name)
        logger.info(f"Created group '{name}' (id {group.get('id')}).")
        return group

    @keyword(tags=["group"])
    def delete_group(
        self, name: str, missing_ok: bool = False, timeout: timedelta | None = None
    ) -> None:
        """Deletes group ``name`` (its members stay); fails if it does not exist
        unless ``missing_ok``.

        | Delete Group | e2e_owners |
        | Delete Group | e2e_maybe | missing_ok=True |
        """
        with self.ctx.operation(timeout):
            try:
                self.client.users.delete_group(name)
            except HubNotFoundError:
                if not missing_ok:
                    raise
                logger.info(f"Group '{name}' does not exist: nothing to delete.")
                return
        self.ctx.forget("group", name)
        logger.info(f"Deleted group '{name}'.")

    @keyword(tags=["group", "user"])
    def add_user_to_group(
        self, username: str, group: str, timeout: timedelta | None = None
    ) -> None:
        """Makes user ``username`` a member of ``group`` (both must exist).

        | Add User To Group | e2e_alice | e2e_owners |
        """
        with self.ctx.operation(timeout):
            self.client.users.add_to_group(username, group)
        logger.info(f"Added user '{username}' to group '{group}'.")

    @keyword(tags=["group", "user"])
    def remove_user_from_group(
        self, username: str, group: str, timeout: timedelta | None = None
    ) -> None:
        """Removes user ``username`` from ``group``; fails if it is not a member.

        | Remove User From Group | e2e_alice | e2e_owners |
        """
        with self.ctx.operation(timeout):
            self.client.users.remove_from_group(username, group)
        logger.info(f"Removed user '{username}' from group '{group}'.")

    @keyword(tags=["group", "user"])
    def get_group_members(self, group: str, timeout: timedelta | None = None) -> list[str]:
        """Returns the usernames in ``group``, sorted.

        | ${members} = | Get Group Members | e2e_owners |
        | Should Contain | ${members} | e2e_alice |
        """
        with self.ctx.operation(timeout):
            return self.client.users.group_members(group)

    # -- roles ----------------------------------------------------------------------
    @keyword(tags=["role"])
    def create_role(
        self, name: str, description: str, *permissions: str, timeout: timedelta | None = None
    ) -> dict[str, Any]:
        """Creates a custom role ``name`` holding ``permissions`` (``app.codename`` each).

        An unknown permission fails with the hub's message naming it, and no
        role is made. Returns the role (``name``, ``permissions``, ``pulp_href``).

        | Create Role | galaxy.e2e_uploader | Uploads and edits | galaxy.upload_to_namespace | galaxy.change_namespace |
        """
        with self.ctx.operation(timeout):
            role = self.client.roles.create(name, description, list(permissions))
        self.ctx.remember("role", name)
        logger.info(f"Created role '{name}' with {', '.join(permissions)}.")
        return role

    @keyword(tags=["role"])
    def delete_role(self, name: str, timeout: timedelta | None = None) -> None:
        """Deletes custom role ``name`` (groups holding it lose it); built-in roles are refused.

        | Delete Role | galaxy.e2e_uploader |
        """
        with self.ctx.operation(timeout):
            self.client.roles.delete(name)
        self.ctx.forget("role", name)
        logger.info(f"Deleted role '{name}'.")

    @keyword(tags=["role", "group"])
    def add_role_to_group(
        self,
        group: str,
        role: str,
        namespace: str | None = None,
        repository: str | None = None,
        timeout: timedelta | None = None,
    ) -> None:
        """Gives ``group`` the role ``role``: globally when neither ``namespace`` nor
        ``repository`` is given, else on that namespace or repository only.

        | Add Role To Group | e2e_owners | galaxy.collection_namespace_owner | namespace=e2e_ns_a |
        | Add Role To Group | e2e_admins | galaxy.collection_admin |
        | Add Role To Group | e2e_owners | galaxy.ansible_repository_owner | repository=e2e_repo |
        """
        with self.ctx.operation(timeout):
            self.client.roles.give(group, role, namespace, repository)
        logger.info(f"Gave role '{role}' to group '{group}'{_on(namespace, repository)}.")

    @keyword(tags=["role", "group"])
    def remove_role_from_group(
        self,
        group: str,
        role: str,
        namespace: str | None = None,
        repository: str | None = None,
        timeout: timedelta | None = None,
    ) -> None:
        """Takes role ``role`` from ``group`` where it was given (same arguments as
        `Add Role To Group`); fails if the group does not hold it there.

        | Remove Role From Group | e2e_owners | galaxy.collection_namespace_owner | namespace=e2e_ns_a |
        """
        with self.ctx.operation(timeout):
            self.client.roles.take(group, role, namespace, repository)
        logger.info(f"Took role '{role}' from group '{group}'{_on(namespace, repository)}.")

    @keyword(tags=["role", "group"])
    def get_group_roles(self, group: str, timeout: timedelta | None = None) -> list[str]:
        """Returns the roles ``group`` holds, as ``role`` (global) or ``role on <href>``.

        | ${roles} = | Get Group Roles | e2e_owners |
        """
        with self.ctx.operation(timeout):
            held = self.client.roles.of_group(group)
        return sorted(
            str(r["role"]) + (f" on {r['content_object']}" if r.get("content_object") else "")
            for r in held
        )

    # -- acting as another user -------------------------------------------------------
    @keyword(tags=["user"])
    def switch_user(
        self,
        username: str,
        password: str | None = None,
        token: str | None = None,
        timeout: timedelta | None = None,
    ) -> dict[str, Any]:
        """Makes the following keywords act as ``username``, with its own login.

        Without ``password`` and ``token``, the password `Create User` used
        (or generated) for that user is taken. The user is checked at once
        (a wrong password fails here, naming the user). Waits keep working
        across switches: tasks started before are still waited for, and
        `Wait For All Tasks` ``scope=mine`` still means every task this
        library instance started, whoever it acted as. A 403 names the user
        that was refused. `Log In To Hub UI` logs the browser in as this user
        when given no username. `Switch To Default User` goes back. Returns
        the hub's ``_ui/v1/me/`` answer (``username``, ``groups``...).

        | Switch User | e2e_alice |
        | Upload Collection | e2e_ns_a | tools |
        | Switch User | e2e_bob | password=${BOB_PASSWORD} |
        | Switch To Default User |
        """
        if not str(username or "").strip():
            raise InvalidArgumentError("Switch User needs a username.")
        if password is None and token is None:
            password = self.ctx.user_passwords.get(username)
            if password is None:
                raise InvalidArgumentError(
                    f"No password known for user '{username}': give password=... or token=... "
                    "(only users made by Create User in this library are remembered)."
                )
        register_secret(password or "")
        register_secret(token or "")
        session = self.client.session
        previous = self.ctx.switched_user
        session.set_credentials(username, password, token)
        try:
            with self.ctx.operation(timeout):
                me = dict(session.get_json("_ui/v1/me/"))
        except HubAuthError:
            self._restore(previous)
            how = "token" if token else "password"
            raise HubAuthError(
                f"Switch User: the hub refused user '{username}' with that {how}: "
                "check the credentials (the user may not exist).",
                403,
                "GET",
                "_ui/v1/me/",
            ) from None
        except BaseException:
            self._restore(previous)
            raise
        if token and me.get("username") != username:
            self._restore(previous)
            raise InvalidArgumentError(
                f"Switch User: the token given belongs to user '{me.get('username')}', "
                f"not '{username}'."
            )
        self.ctx.switched_user = SwitchedUser(username, password, token)
        logger.info(f"Acting as user '{username}' from now on.")
        return me

    @keyword(tags=["user"])
    def switch_to_default_user(self) -> None:
        """Makes the following keywords act as the user of the import settings again.

        | Switch User | e2e_alice |
        | Switch To Default User |
        """
        if self.ctx.switched_user is None:
            logger.info("Already acting as the default user.")
            return
        self._restore(None)
        logger.info(f"Acting as the default user '{self.ctx.settings.username}' again.")

    @keyword(tags=["user"])
    def get_current_user(self) -> str | None:
        """Returns the username keywords act as now (after `Switch User`, that user).

        | ${user} = | Get Current User |
        | Should Be Equal | ${user} | e2e_alice |
        """
        return self.ctx.credentials()[0]

    def _restore(self, previous: SwitchedUser | None) -> None:
        session = self.client.session
        if previous is None:
            s = self.ctx.settings
            session.set_credentials(None if s.token else s.username, s.password, s.token)
        else:
            session.set_credentials(previous.username, previous.password, previous.token)
        self.ctx.switched_user = previous


def _on(namespace: str | None, repository: str | None) -> str:
    if namespace:
        return f" on namespace '{namespace}'"
    if repository:
        return f" on repository '{repository}'"
    return " globally"
