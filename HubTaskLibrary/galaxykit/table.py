"""The command line of galaxykit 0.14.0, as data: global options, kinds, operations.

Cypress suites call galaxykit with these exact words (``cy.galaxykit('collection
upload ns1 c1')``), so the parser must accept what galaxykit accepts, with the
same defaults. The operations come from galaxykit's source tree (which calls
itself 0.14.0 and is what the hub UI's specs run); ``approve``, ``copy``,
``deprecate`` and ``undeprecate`` of ``collection`` and ``registry list`` are
only in that tree, not in the PyPI release. Operations galaxykit lists but never
implemented (``namespace groups``, ``collection download``...) are left out.

Each argument is ``(name, options)`` with argparse's own option names, so the
table reads like galaxykit's ``--help``.
"""

from __future__ import annotations

from typing import Any

Arg = tuple[str, dict[str, Any]]

REQUIRED: dict[str, Any] = {}


def optional(default: Any = None) -> dict[str, Any]:
    return {"nargs": "?", "default": default}


GALAXYKIT_DEFAULT_SERVER = "http://localhost:8002/api/automation-hub/"

# kind -> operation -> arguments; a nested dict instead of a list is a level of
# sub-operations (``user group add``).
COMMANDS: dict[str, dict[str, Any]] = {
    "collection": {
        "list": [],
        "upload": [
            ("namespace", optional()),
            ("collection_name", optional()),
            ("version", optional("1.0.0")),
        ],
        "approve": [("namespace", REQUIRED), ("collection_name", REQUIRED), ("version", REQUIRED)],
        "move": [
            ("namespace", REQUIRED),
            ("collection_name", REQUIRED),
            ("version", optional("1.0.0")),
            ("source", optional("staging")),
            ("destination", optional("published")),
        ],
        "copy": [
            ("namespace", REQUIRED),
            ("collection_name", REQUIRED),
            ("version", optional("1.0.0")),
            ("source", optional("staging")),
            ("destination", optional("published")),
        ],
        "delete": [
            ("namespace", REQUIRED),
            ("collection", REQUIRED),
            ("version", optional()),
            ("repository", optional("published")),
        ],
        "deprecate": [
            ("namespace", REQUIRED),
            ("collection", REQUIRED),
            ("repository", optional("published")),
        ],
        "undeprecate": [
            ("namespace", REQUIRED),
            ("collection", REQUIRED),
            ("repository", optional("published")),
        ],
        "info": [
            ("repository", optional("published")),
            ("namespace", REQUIRED),
            ("collection_name", REQUIRED),
            ("version", REQUIRED),
        ],
    },
    "namespace": {
        "get": [("name", REQUIRED)],
        "list": [],
        "list-collections": [("name", REQUIRED)],
        "create": [("name", REQUIRED), ("group", optional())],
        "delete": [("name", REQUIRED)],
    },
    "task": {
        "list": [("--only_running", {"action": "store_true", "default": False})],
        "wait": [("id", {"help": "A task uuid, pulp_href, or 'all'"})],
    },
    "remote": {
        "create": [("name", REQUIRED), ("url", REQUIRED)],
        "delete": [("name", REQUIRED)],
        "list": [],
    },
    "repository": {
        "create": [("name", REQUIRED), ("--pipeline", {}), ("--remote", {})],
        "delete": [("name", REQUIRED)],
        "list": [],
    },
    "distribution": {
        "create": [("name", REQUIRED)],
        "delete": [("name", REQUIRED)],
        "list": [],
    },
    "registry": {
        "list": [],
        "create": [("name", REQUIRED), ("url", REQUIRED)],
        "delete": [("name", REQUIRED)],
    },
    "container": {
        "create": [("name", REQUIRED), ("upstream_name", REQUIRED), ("registry", REQUIRED)],
        "delete": [("name", REQUIRED)],
        # Without ``readme`` it prints the README, with it sets it.
        "readme": [("container", REQUIRED), ("readme", optional())],
    },
    "container-image": {
        "delete": [("container", REQUIRED), ("image", REQUIRED)],
    },
    "user": {
        "list": [],
        "create": [
            ("username", REQUIRED),
            ("password", REQUIRED),
            ("--email", {}),
            ("--first_name", {}),
            ("--is_superuser", {"action": "store_true", "default": False}),
            ("--last_name", {}),
        ],
        "delete": [("username", REQUIRED)],
        "group": {
            "add": [("username", REQUIRED), ("groupname", REQUIRED)],
            "remove": [("username", REQUIRED), ("groupname", REQUIRED)],
        },
    },
    "group": {
        "list": [],
        "create": [("name", REQUIRED)],
        "delete": [("name", REQUIRED)],
        "role": {
            "list": [("groupname", REQUIRED)],
            "add": [("groupname", REQUIRED), ("rolename", REQUIRED)],
            "remove": [("groupname", REQUIRED), ("rolename", REQUIRED)],
        },
    },
    "role": {
        "list": [],
        "create": [
            ("name", REQUIRED),
            ("description", REQUIRED),
            ("--permissions|-p", {"help": "Comma-separated list of permissions"}),
        ],
        "delete": [("name", REQUIRED)],
    },
    "url": {
        "get": [("url", REQUIRED)],
    },
}


def operations() -> list[tuple[str, ...]]:
    """Every command as a tuple of words (``("user", "group", "add")``)."""
    found: list[tuple[str, ...]] = []

    def walk(prefix: tuple[str, ...], level: dict[str, Any]) -> None:
        for word, below in level.items():
            if isinstance(below, dict):
                walk((*prefix, word), below)
            else:
                found.append((*prefix, word))

    walk((), COMMANDS)
    return found
