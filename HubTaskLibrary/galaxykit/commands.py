"""What each ``hubtask galaxykit`` command does, on the library's client.

Every command that starts tasks waits for them (and for the tasks they start)
with the library's waits, so a following ``task wait all`` finds nothing to do;
galaxykit instead sleeps 10 s per waited command and exits 0 when a task fails.
Output is galaxykit's: JSON where galaxykit prints JSON, its ``name key=value``
lines for lists, its sentences for users.
"""

from __future__ import annotations

import argparse
import json
import secrets
import string
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from ..client.artifacts import build_collection
from ..client.errors import HubHTTPError, HubNotFoundError
from ..client.hub import HubClient
from ..client.references import TaskRef
from ..client.repositories import KINDS

Handler = Callable[["Kit", argparse.Namespace], None]


@dataclass
class Kit:
    """What a command needs: the client, its time, where to print."""

    client: HubClient
    timeout: float
    out: TextIO

    def remaining(self) -> float:
        op = self.client.session.current_operation
        left = op.remaining() if op is not None else None
        return self.timeout if left is None else max(0.0, left)

    def wait(self, ref: TaskRef | None) -> None:
        if ref is None:
            return
        self.client.tasks.wait([ref], timeout=self.remaining(), known=ref.known)

    def print_json(self, data: Any) -> None:
        print(json.dumps(data), file=self.out)

    def print_list(self, items: Iterable[dict[str, Any]], identifier: str) -> None:
        """galaxykit's list format: the identifier, then ``key=value`` for every
        other key whose value is set, one item a line."""
        lines = []
        for item in items:
            words = [str(item.get(identifier))]
            words += [f"{k}={v}" for k, v in item.items() if k != identifier and v]
            lines.append(" ".join(words))
        print("\n".join(lines), file=self.out)


def is_conflict(err: HubHTTPError) -> bool:
    """ "Already exists" as the hub says it (409, or 400 naming a unique field)."""
    text = f"{err} {err.hub_message}".lower()
    return err.status == 409 or (
        err.status == 400 and ("already exists" in text or "unique" in text)
    )


def random_collection_name() -> str:
    # Like galaxykit's generated names: lower-case letters, valid for the importer.
    letters = string.ascii_lowercase
    return "collection_" + "".join(secrets.choice(letters) for _ in range(10))


# -- namespaces ---------------------------------------------------------------------
def ensure_namespace(kit: Kit, name: str) -> None:
    """Create ``name`` unless it exists, and wait for its hidden tasks."""
    try:
        kit.wait(kit.client.namespaces.create(name, settle=True))
    except HubHTTPError as err:
        # galaxykit's `namespace create` of an existing namespace succeeds too.
        if not is_conflict(err):
            raise


def namespace_create(kit: Kit, args: argparse.Namespace) -> None:
    if args.group:
        kit.client.users.find_group(args.group)  # a clear "does not exist" before any change
    ensure_namespace(kit, args.name)
    if args.group:
        # galaxykit gives the group the namespace's owner permissions.
        kit.client.roles.give(args.group, "galaxy.collection_namespace_owner", namespace=args.name)


def namespace_delete(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.namespaces.delete(args.name)


def namespace_get(kit: Kit, args: argparse.Namespace) -> None:
    kit.print_json(kit.client.namespaces.get(args.name))


def namespace_list(kit: Kit, args: argparse.Namespace) -> None:
    kit.print_json(kit.client.session.get_json("_ui/v1/namespaces/"))


def namespace_collections(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.namespaces.get(args.name)  # a clear "does not exist" first
    kit.print_json(
        kit.client.session.get_json("_ui/v1/repo/published/", params={"namespace": args.name})
    )


# -- collections --------------------------------------------------------------------
def collection_upload(kit: Kit, args: argparse.Namespace) -> None:
    namespace = args.namespace or kit.client.session.username or "admin"
    name = args.collection_name or random_collection_name()
    version = args.version or "1.0.0"
    ensure_namespace(kit, namespace)
    with tempfile.TemporaryDirectory(prefix="hubtask-galaxykit-") as folder:
        artifact = build_collection(namespace, name, version, folder, tags=["tools"])
        kit.wait(kit.client.collections.upload(artifact))
    kit.print_json({"namespace": namespace, "name": name, "version": version, "published": False})


def collection_move(kit: Kit, args: argparse.Namespace, action: str = "move") -> None:
    ref = kit.client.collections.move(
        args.namespace,
        args.collection_name,
        args.version or "1.0.0",
        args.source or "staging",
        args.destination or "published",
        action=action,
    )
    kit.wait(ref)


def collection_copy(kit: Kit, args: argparse.Namespace) -> None:
    collection_move(kit, args, action="copy")


def collection_approve(kit: Kit, args: argparse.Namespace) -> None:
    kit.wait(
        kit.client.collections.move(
            args.namespace, args.collection_name, args.version, "staging", "published"
        )
    )


def collection_delete(kit: Kit, args: argparse.Namespace) -> None:
    # galaxykit's Cypress helpers pass the word "None" for "every version".
    version = None if args.version in (None, "None") else args.version
    kit.wait(
        kit.client.collections.delete(
            args.namespace, args.collection, version, args.repository or "published"
        )
    )


def collection_deprecate(kit: Kit, args: argparse.Namespace, deprecated: bool = True) -> None:
    kit.wait(
        kit.client.collections.deprecate(
            args.namespace, args.collection, args.repository or "published", deprecated
        )
    )


def collection_undeprecate(kit: Kit, args: argparse.Namespace) -> None:
    collection_deprecate(kit, args, deprecated=False)


def collection_info(kit: Kit, args: argparse.Namespace) -> None:
    path = (
        f"v3/plugin/ansible/content/{args.repository or 'published'}/collections/index/"
        f"{args.namespace}/{args.collection_name}/versions/{args.version}/"
    )
    kit.print_json(kit.client.session.get_json(path))


def collection_list(kit: Kit, args: argparse.Namespace) -> None:
    kit.print_json(
        kit.client.session.get_json("_ui/v1/collection-versions/", params={"limit": 999999})
    )


# -- tasks --------------------------------------------------------------------------
def task_list(kit: Kit, args: argparse.Namespace) -> None:
    filters: dict[str, Any] = {"ordering": "-pulp_created"}
    if args.only_running:
        filters["state__in"] = "waiting,running"
    kit.print_list(kit.client.tasks.list(**filters), "name")


def task_wait(kit: Kit, args: argparse.Namespace) -> None:
    if args.id == "all":
        kit.client.tasks.wait_all(timeout=kit.remaining())
    else:
        kit.client.tasks.wait([args.id], timeout=kit.remaining())


# -- remotes, repositories, distributions -------------------------------------------
def remote_create(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.repositories.create_remote(args.name, args.url)


def repository_create(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.repositories.create_repository(args.name, remote=args.remote, pipeline=args.pipeline)


def distribution_create(kit: Kit, args: argparse.Namespace) -> None:
    # galaxykit: the repository of the same name, base path = name.
    kit.wait(kit.client.repositories.create_distribution(args.name, args.name, args.name))


def pulp_delete(kind: str) -> Handler:
    def delete(kit: Kit, args: argparse.Namespace) -> None:
        kit.wait(kit.client.repositories.delete(kind, args.name))

    return delete


def pulp_list(kind: str) -> Handler:
    def listing(kit: Kit, args: argparse.Namespace) -> None:
        kit.print_list(kit.client.session.get_json(KINDS[kind]).get("results") or [], "name")

    return listing


# -- execution environments: registries, containers, images ------------------------
# galaxykit's remote containers sync only the tag ``latest``.
GALAXYKIT_INCLUDE_TAGS = ("latest",)


def registry_list(kit: Kit, args: argparse.Namespace) -> None:
    # galaxykit prints the names alone, one a line (not its ``key=value`` lists).
    for name in kit.client.containers.list_registries():
        print(name, file=kit.out)


def registry_create(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.containers.create_registry(args.name, args.url)


def registry_delete(kit: Kit, args: argparse.Namespace) -> None:
    kit.wait(kit.client.containers.delete_registry(args.name))


def container_create(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.containers.create_remote_container(
        args.name, args.upstream_name, args.registry, include_tags=GALAXYKIT_INCLUDE_TAGS
    )


def container_delete(kit: Kit, args: argparse.Namespace) -> None:
    kit.wait(kit.client.containers.delete(args.name))


def container_readme(kit: Kit, args: argparse.Namespace) -> None:
    if args.readme is None:
        print(kit.client.containers.readme(args.container), file=kit.out)
    else:
        kit.client.containers.set_readme(args.container, args.readme)


def container_image_delete(kit: Kit, args: argparse.Namespace) -> None:
    kit.wait(kit.client.containers.delete_image(args.container, args.image))


def url_get(kit: Kit, args: argparse.Namespace) -> None:
    kit.print_json(kit.client.session.get_json(args.url))


# -- users, groups, roles ------------------------------------------------------------
class Duplicate(Exception):
    """Already exists: galaxykit's exit 2, which -i ignores."""


def user_create(kit: Kit, args: argparse.Namespace) -> None:
    users = kit.client.users
    if users.user_exists(args.username):
        print(f"User {args.username} already existed", file=kit.out)
        raise Duplicate(f"User '{args.username}' already exists.")
    users.create_user(
        args.username,
        args.password,
        email=args.email,
        first_name=args.first_name,
        last_name=args.last_name,
        superuser=args.is_superuser,
    )
    print("Created user", args.username, file=kit.out)


def user_list(kit: Kit, args: argparse.Namespace) -> None:
    kit.print_list(kit.client.users.list_users(), "username")


def user_delete(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.users.delete_user(args.username)


def user_group_add(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.users.add_to_group(args.username, args.groupname)


def user_group_remove(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.users.remove_from_group(args.username, args.groupname)


def group_list(kit: Kit, args: argparse.Namespace) -> None:
    kit.print_list(kit.client.users.list_groups(), "name")


def group_create(kit: Kit, args: argparse.Namespace) -> None:
    if kit.client.users.group_exists(args.name):
        raise Duplicate(f"Group '{args.name}' already exists.")
    kit.client.users.create_group(args.name)


def group_delete(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.users.delete_group(args.name)


def group_role_list(kit: Kit, args: argparse.Namespace) -> None:
    kit.print_list(kit.client.roles.of_group(args.groupname), "role")


def group_role_add(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.roles.give(args.groupname, args.rolename)


def group_role_remove(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.roles.take(args.groupname, args.rolename)


def role_list(kit: Kit, args: argparse.Namespace) -> None:
    kit.print_list(kit.client.roles.list_roles(), "name")


def role_create(kit: Kit, args: argparse.Namespace) -> None:
    if kit.client.roles.exists(args.name):
        raise Duplicate(f"Role '{args.name}' already exists.")
    permissions = [p for p in (args.permissions or "").split(",") if p]
    kit.client.roles.create(args.name, args.description, permissions)


def role_delete(kit: Kit, args: argparse.Namespace) -> None:
    kit.client.roles.delete(args.name)


class NotSupported(Exception):
    """A galaxykit form this drop-in does not offer (yet): said in one line."""


HANDLERS: dict[tuple[str, ...], Handler] = {
    ("collection", "list"): collection_list,
    ("collection", "upload"): collection_upload,
    ("collection", "approve"): collection_approve,
    ("collection", "move"): collection_move,
    ("collection", "copy"): collection_copy,
    ("collection", "delete"): collection_delete,
    ("collection", "deprecate"): collection_deprecate,
    ("collection", "undeprecate"): collection_undeprecate,
    ("collection", "info"): collection_info,
    ("namespace", "get"): namespace_get,
    ("namespace", "list"): namespace_list,
    ("namespace", "list-collections"): namespace_collections,
    ("namespace", "create"): namespace_create,
    ("namespace", "delete"): namespace_delete,
    ("task", "list"): task_list,
    ("task", "wait"): task_wait,
    ("remote", "create"): remote_create,
    ("remote", "delete"): pulp_delete("remote"),
    ("remote", "list"): pulp_list("remote"),
    ("repository", "create"): repository_create,
    ("repository", "delete"): pulp_delete("repository"),
    ("repository", "list"): pulp_list("repository"),
    ("distribution", "create"): distribution_create,
    ("distribution", "delete"): pulp_delete("distribution"),
    ("distribution", "list"): pulp_list("distribution"),
    ("registry", "list"): registry_list,
    ("registry", "create"): registry_create,
    ("registry", "delete"): registry_delete,
    ("container", "create"): container_create,
    ("container", "delete"): container_delete,
    ("container", "readme"): container_readme,
    ("container-image", "delete"): container_image_delete,
    ("user", "list"): user_list,
    ("user", "create"): user_create,
    ("user", "delete"): user_delete,
    ("user", "group", "add"): user_group_add,
    ("user", "group", "remove"): user_group_remove,
    ("group", "list"): group_list,
    ("group", "create"): group_create,
    ("group", "delete"): group_delete,
    ("group", "role", "list"): group_role_list,
    ("group", "role", "add"): group_role_add,
    ("group", "role", "remove"): group_role_remove,
    ("role", "list"): role_list,
    ("role", "create"): role_create,
    ("role", "delete"): role_delete,
    ("url", "get"): url_get,
}

__all__ = ["HANDLERS", "Duplicate", "HubNotFoundError", "Kit", "NotSupported", "is_conflict"]
